//! Runs the legacy engine (`@stellarbeat/stellar_analysis_nodejs@0.6.2`) through the harness
//! `tools/legacy/analyze.js`, one `node` process per batch of inputs.
//!
//! Inputs are mapped to the backend's `FbasAnalysisNode` JSON as the backend's `FbasMapper` does
//! (`geoData` always an object, missing values `null`), organizations without validators are left
//! out as the backend's `NetworkScanner` does. The harness itself drops nodes with a null quorum
//! set (0.6.2 aborts on them), gives every request a fresh engine instance and a time budget
//! (env `LEGACY_TIMEOUT_MS`, default 60 s).

use crate::stellarbeat;
use fbas_core::Input;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Root of the repository (where `package.json` and `node_modules/` are).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Why the legacy engine cannot run here, or `None` when it can.
pub fn unavailable_reason() -> Option<String> {
    let root = repo_root();
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        _ => return Some("`node` is not installed (Node >= 18 is needed)".to_string()),
    }
    let module = root.join("node_modules/@stellarbeat/stellar_analysis_nodejs/stellar_analysis.js");
    if !module.exists() {
        return Some(format!(
            "{} is missing: run `npm install` in {}",
            module.display(),
            root.display()
        ));
    }
    None
}

/// The fields of a stellarbeat node that the backend's `FbasMapper` passes on
/// (`FbasAnalysisNode`).
const ANALYSIS_NODE_FIELDS: [&str; 5] = ["publicKey", "name", "quorumSet", "geoData", "isp"];

/// The harness request for one input (the backend's JSON): the stellarbeat nodes cut down to
/// `ANALYSIS_NODE_FIELDS`, the organizations that have validators, the faulty keys.
pub fn request_json(input: &Input, faulty: &[String]) -> Value {
    let mut nodes = stellarbeat::nodes(input);
    for node in nodes.as_array_mut().into_iter().flatten() {
        if let Value::Object(fields) = node {
            fields.retain(|k, _| ANALYSIS_NODE_FIELDS.contains(&k.as_str()));
        }
    }
    let mut organizations = stellarbeat::organizations(input);
    if let Value::Array(orgs) = &mut organizations {
        orgs.retain(|o| o["validators"].as_array().is_some_and(|v| !v.is_empty()));
    }
    json!({ "nodes": nodes, "organizations": organizations, "faulty": faulty })
}

/// `{result, size, min}` of a sets call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sets {
    /// As returned, each set sorted and the list sorted.
    pub result: Vec<Vec<String>>,
    pub size: usize,
    pub min: usize,
}

/// A call's value, or why there is none: "timeout" or the engine's error message.
pub type Call<T> = Result<T, String>;

#[derive(Clone, Debug)]
pub struct LegacyLevel {
    /// Sorted.
    pub top_tier: Call<Vec<String>>,
    pub top_tier_size: Call<usize>,
    pub blocking_sets: Call<Sets>,
    pub blocking_sets_filtered: Call<Sets>,
    pub splitting_sets: Call<Sets>,
}

#[derive(Clone, Debug)]
pub struct LegacyResult {
    pub has_symmetric_top_tier: Call<bool>,
    /// The raw `symmetric_top_tier` (`null` when not symmetric).
    pub symmetric_top_tier: Call<Value>,
    pub minimal_quorums: Call<Sets>,
    pub has_quorum_intersection: Call<bool>,
    pub node: LegacyLevel,
    pub organization: LegacyLevel,
    pub country: LegacyLevel,
    pub isp: LegacyLevel,
    /// The harness output for this request, as is.
    pub raw: Value,
}

impl LegacyResult {
    pub fn level(&self, name: &str) -> &LegacyLevel {
        match name {
            "node" => &self.node,
            "organization" => &self.organization,
            "country" => &self.country,
            "isp" => &self.isp,
            _ => panic!("unknown level {name}"),
        }
    }
}

/// A failed call is recorded as "timeout" or {"error": message}.
fn failure(v: &Value) -> Option<String> {
    if let Some(s) = v.as_str() {
        return Some(s.to_string());
    }
    v.get("error")
        .and_then(Value::as_str)
        .map(|e| format!("error: {e}"))
}

fn parse_call<T>(v: &Value, parse: impl FnOnce(&Value) -> Option<T>) -> Call<T> {
    if let Some(f) = failure(v) {
        return Err(f);
    }
    parse(v).ok_or_else(|| format!("unexpected JSON: {v}"))
}

fn string_list(v: &Value) -> Option<Vec<String>> {
    let mut out: Vec<String> = v
        .as_array()?
        .iter()
        .map(|s| s.as_str().map(str::to_string))
        .collect::<Option<_>>()?;
    out.sort();
    Some(out)
}

fn parse_sets(v: &Value) -> Option<Sets> {
    let mut result: Vec<Vec<String>> = v
        .get("result")?
        .as_array()?
        .iter()
        .map(string_list)
        .collect::<Option<_>>()?;
    result.sort();
    Some(Sets {
        result,
        size: v.get("size")?.as_u64()? as usize,
        min: v.get("min")?.as_u64()? as usize,
    })
}

fn parse_level(v: &Value) -> LegacyLevel {
    LegacyLevel {
        top_tier: parse_call(&v["topTier"], string_list),
        top_tier_size: parse_call(&v["topTierSize"], |x| x.as_u64().map(|n| n as usize)),
        blocking_sets: parse_call(&v["blockingSets"], parse_sets),
        blocking_sets_filtered: parse_call(&v["blockingSetsFiltered"], parse_sets),
        splitting_sets: parse_call(&v["splittingSets"], parse_sets),
    }
}

pub fn parse_result(v: Value) -> LegacyResult {
    LegacyResult {
        has_symmetric_top_tier: parse_call(&v["hasSymmetricTopTier"], Value::as_bool),
        symmetric_top_tier: parse_call(&v["symmetricTopTier"], |x| Some(x.clone())),
        minimal_quorums: parse_call(&v["minimalQuorums"], parse_sets),
        has_quorum_intersection: parse_call(&v["hasQuorumIntersection"], Value::as_bool),
        node: parse_level(&v["node"]),
        organization: parse_level(&v["organization"]),
        country: parse_level(&v["country"]),
        isp: parse_level(&v["isp"]),
        raw: v,
    }
}

/// Runs the legacy engine on every `(input, faulty)` of `cases` in one `node` process. Returns
/// `None` (after printing why) only when `node` or the engine package is missing; panics when the
/// harness itself fails.
pub fn run(cases: &[(Input, Vec<String>)]) -> Option<Vec<LegacyResult>> {
    if let Some(reason) = unavailable_reason() {
        eprintln!("legacy engine unavailable: {reason}");
        return None;
    }
    let root = repo_root();
    let requests: Vec<Value> = cases.iter().map(|(i, f)| request_json(i, f)).collect();
    let mut child = Command::new("node")
        .arg(root.join("tools/legacy/analyze.js"))
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("cannot start node");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        let body = serde_json::to_vec(&Value::Array(requests)).expect("request JSON");
        stdin.write_all(&body).expect("writing to the harness");
    }
    let out = child.wait_with_output().expect("waiting for the harness");
    assert!(
        out.status.success(),
        "tools/legacy/analyze.js failed: {}",
        out.status
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).expect("harness output is JSON");
    let results: Vec<LegacyResult> = parsed
        .as_array()
        .expect("harness output is an array")
        .iter()
        .cloned()
        .map(parse_result)
        .collect();
    assert_eq!(results.len(), cases.len(), "one result per request");
    Some(results)
}
