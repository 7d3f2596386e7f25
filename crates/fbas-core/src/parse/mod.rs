//! Reading networks from JSON: the three input formats, detected by their shape, plus the
//! organizations file and the faulty-keys file.
//!
//! | Format | Shape |
//! |---|---|
//! | [stellarbeat] | `[{publicKey, name?, quorumSet: {threshold, validators, innerQuorumSets} \| null, geoData?, isp?, isValidating?, ...}]`, or `{nodes: [...], organizations: [...]}` |
//! | [python-fbas](python_fbas) | `{validators: [{id, qset: <qset id> \| null, attrs?}], qsets: {<id>: {threshold, members}}}` |
//! | [stellar-core](stellar_core) | `{nodes: [{node, qset: {t, v}}]}` (`check-quorum-intersection` input, `quorum?transitive=true` output), a plain array of such nodes, or `{node, qset, transitive: {nodes: [...]}}` |
//!
//! Everything works on a [`serde_json::Value`] so that every error names where it is: the node
//! (index and public key) and the field, e.g. `nodes[3] (GABC…).quorumSet.threshold`. A node
//! array (the stellarbeat format as the explorer sends it) is read one node at a time
//! (`raw_array`): the whole tree of a large network's JSON takes several times the text
//! (160 MB for the 20 MB of 600 validators that each list 200 organizations).
//!
//! Only the shape is checked here. Odd but well-formed networks (null quorum sets, threshold 0
//! or above the member count, empty sets, self-references, duplicated validators, members that
//! are not nodes) are valid input: the analysis defines what they mean.
//!
//! Quorum-set nesting is bounded by [`MAX_QSET_DEPTH`]: parsing recurses at most that deep, and
//! everything downstream of [`Input`] can rely on the bound.

pub use crate::network::input::MAX_QSET_DEPTH;
use crate::network::input::{Input, InputError, InputOrganization};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashMap;

pub mod python_fbas;
pub mod stellar_core;
pub mod stellarbeat;

/// The largest integer a JSON number can hold exactly in JavaScript (2^53): thresholds above it
/// would not mean the same number to the tools that wrote them.
const MAX_SAFE_INTEGER: u64 = 1 << 53;

/// The input formats [`parse`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// stellarbeat.io node list (also used by `fbas_analyzer` and python-fbas).
    Stellarbeat,
    /// python-fbas' compact `{validators, qsets}` format.
    PythonFbas,
    /// stellar-core's `{node, qset: {t, v}}` quorum map.
    StellarCore,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Stellarbeat => "stellarbeat",
            Format::PythonFbas => "python-fbas",
            Format::StellarCore => "stellar-core",
        }
    }
}

/// Parse a network from JSON text, detecting its format by shape.
pub fn parse(text: &str) -> Result<Input, InputError> {
    parse_with_format(text).map(|(input, _)| input)
}

/// Parse a network from JSON text; also says which format it was.
pub fn parse_with_format(text: &str) -> Result<(Input, Format), InputError> {
    if let Some(items) = raw_array(text) {
        return parse_array(text, &items);
    }
    let value = parse_json(text)?;
    let format = detect_format(&value)?;
    Ok((parse_as(&value, format)?, format))
}

/// A top-level array given as its elements' texts: detected by its first object, as
/// [`detect_format`] does; a stellarbeat node array is then read one node at a time, any other
/// format as a whole.
fn parse_array(text: &str, items: &[&RawValue]) -> Result<(Input, Format), InputError> {
    // An element can only fail past serde_json's nesting limit, which parsing the text whole
    // reports at its line and column.
    let unreadable = |e: serde_json::Error| match parse_json(text) {
        Err(whole) => whole,
        Ok(_) => InputError::new("", format!("invalid JSON: {e}")),
    };
    let first = items
        .iter()
        .find(|raw| raw.get().trim_start().starts_with('{'))
        .map(|raw| raw_element(raw, &unreadable))
        .transpose()?;
    let format = detect_array(first.as_slice(), "")?;
    let input = match format {
        Format::Stellarbeat => Input {
            nodes: stellarbeat::parse_raw_nodes(items, &unreadable)?,
            organizations: Vec::new(),
        },
        _ => {
            let elements = items
                .iter()
                .map(|raw| raw_element(raw, &unreadable))
                .collect::<Result<Vec<Value>, InputError>>()?;
            parse_as(&Value::Array(elements), format)?
        }
    };
    Ok((input, format))
}

/// `text` as the texts of its elements, when it is a JSON array; `None` when it is anything
/// else, or not JSON (parsing it whole then says what it is, or where the syntax breaks).
pub(crate) fn raw_array(text: &str) -> Option<Vec<&RawValue>> {
    serde_json::from_str(text).ok()
}

/// One element of a [`raw_array`], parsed. Its syntax is checked already: what can still fail is
/// serde_json's nesting limit (the array's reader skips elements without one), reported as
/// `unreadable` says.
pub(crate) fn raw_element(
    raw: &RawValue,
    unreadable: &dyn Fn(serde_json::Error) -> InputError,
) -> Result<Value, InputError> {
    serde_json::from_str(raw.get()).map_err(unreadable)
}

/// Parse a network from an already parsed JSON value, detecting its format by shape.
pub fn parse_value(value: &Value) -> Result<Input, InputError> {
    parse_as(value, detect_format(value)?)
}

/// Parse a network from a JSON value in the given format.
pub fn parse_as(value: &Value, format: Format) -> Result<Input, InputError> {
    match format {
        Format::Stellarbeat => stellarbeat::parse(value),
        Format::PythonFbas => python_fbas::parse(value),
        Format::StellarCore => stellar_core::parse(value),
    }
}

/// Which format `value` is in, from its shape alone (the first node decides for arrays; the
/// format's own parser then checks every node).
pub fn detect_format(value: &Value) -> Result<Format, InputError> {
    match value {
        Value::Array(items) => detect_array(items, ""),
        Value::Object(map) => {
            if map.contains_key("qsets")
                || (map.contains_key("validators") && !map.contains_key("nodes"))
            {
                return Ok(Format::PythonFbas);
            }
            if let Some(nodes) = map.get("nodes") {
                return match nodes {
                    Value::Array(items) => detect_array(items, "nodes"),
                    other => Err(InputError::new(
                        "nodes",
                        format!("must be an array of nodes, got {}", kind(other)),
                    )),
                };
            }
            if map.contains_key("transitive") {
                return Ok(Format::StellarCore);
            }
            if map.contains_key("organizations") {
                return Err(InputError::new(
                    "",
                    "this is an organizations file (it has `organizations` but no `nodes`), \
                     not a network",
                ));
            }
            Err(InputError::new(
                "",
                "unrecognised input: expected a stellarbeat node array (or {nodes, organizations}), \
                 a python-fbas {validators, qsets} object, or a stellar-core {nodes: [{node, qset}]} \
                 quorum map",
            ))
        }
        other => Err(InputError::new(
            "",
            format!(
                "the top level must be an array of nodes or an object, got {}",
                kind(other)
            ),
        )),
    }
}

fn detect_array(items: &[Value], at: &str) -> Result<Format, InputError> {
    let Some(first) = items.iter().find_map(Value::as_object) else {
        // Empty, or no object at all: the stellarbeat parser reports the first bad element.
        return Ok(Format::Stellarbeat);
    };
    if first.contains_key("publicKey") {
        Ok(Format::Stellarbeat)
    } else if first.contains_key("node") {
        Ok(Format::StellarCore)
    } else if first.contains_key("validators")
        && (first.contains_key("name") || first.contains_key("id"))
    {
        let what = if at.is_empty() { "the file" } else { at };
        Err(InputError::new(
            at,
            format!(
                "{what} lists organizations ({{name, validators}}), not nodes: \
                 give it as the organizations file"
            ),
        ))
    } else {
        Ok(Format::Stellarbeat)
    }
}

/// Parse JSON text, turning syntax errors into an [`InputError`] at the line and column.
pub(crate) fn parse_json(text: &str) -> Result<Value, InputError> {
    serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let msg = full.strip_suffix(&suffix).unwrap_or(&full);
        InputError::new(
            format!("line {} column {}", e.line(), e.column()),
            format!("invalid JSON: {msg}"),
        )
    })
}

/// Parse an organizations file: an array of `{id, name, validators}` (stellarbeat) or
/// `{name, validators}` (python-fbas `*_orgs.json`, where the id is the name), or an object
/// `{organizations: [...]}`. A missing or null `validators` is an empty list.
pub fn parse_organizations(text: &str) -> Result<Vec<InputOrganization>, InputError> {
    let value = parse_json(text)?;
    match &value {
        Value::Array(_) => organizations_from_value(&value, ""),
        Value::Object(map) => match map.get("organizations") {
            Some(orgs) => organizations_from_value(orgs, "organizations"),
            None => Err(InputError::new(
                "",
                "expected an array of organizations or an object with `organizations`",
            )),
        },
        other => Err(InputError::new(
            "",
            format!(
                "the top level must be an array of organizations, got {}",
                kind(other)
            ),
        )),
    }
}

/// `value` (at `at`) as the array of organizations it must be.
pub(crate) fn organization_items<'v>(
    value: &'v Value,
    at: &str,
) -> Result<&'v [Value], InputError> {
    value.as_array().map(Vec::as_slice).ok_or_else(|| {
        InputError::new(
            at,
            format!("must be an array of organizations, got {}", kind(value)),
        )
    })
}

/// Organizations from a JSON array; `at` is the array's own path (`""` for the top level).
pub(crate) fn organizations_from_value(
    value: &Value,
    at: &str,
) -> Result<Vec<InputOrganization>, InputError> {
    let items = organization_items(value, at)?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut orgs = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let here = format!("{at}[{i}]");
        let obj = as_object(item, &here, "an organization")?;
        let name = opt_string(obj, "name", &here)?;
        let id = match obj.get("id") {
            None | Some(Value::Null) => name.clone().ok_or_else(|| {
                InputError::new(&here, "organization has neither `id` nor `name`")
            })?,
            Some(Value::String(s)) => s.clone(),
            // Some exports use numeric ids.
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => {
                return Err(InputError::new(
                    format!("{here}.id"),
                    format!("must be a string, got {}", kind(other)),
                ))
            }
        };
        let here = format!("{at}[{i}] ({id})");
        let validators = string_list(obj, "validators", &here)?;
        if let Some(prev) = seen.insert(id.clone(), i) {
            return Err(InputError::new(
                here,
                format!("duplicate organization id, also {at}[{prev}]"),
            ));
        }
        orgs.push(InputOrganization {
            id,
            name,
            validators,
        });
    }
    Ok(orgs)
}

/// Public keys from a faulty-keys file: a JSON array of keys (a JSON string is one key), or keys
/// separated by whitespace, newlines or commas (`#` starts a comment line; quotes are stripped).
pub fn parse_faulty(text: &str) -> Vec<String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => {
            return items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.trim().to_string()),
                    // Also accept node objects, as in a stellarbeat node list.
                    Value::Object(m) => m
                        .get("publicKey")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
                .collect();
        }
        Ok(Value::String(s)) if !s.trim().is_empty() => return vec![s.trim().to_string()],
        _ => {}
    }
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(|line| line.split(|c: char| c.is_whitespace() || c == ','))
        .map(|tok| tok.trim_matches(|c| c == '"' || c == '\''))
        .filter(|tok| !tok.is_empty())
        .map(str::to_string)
        .collect()
}

// ---- helpers shared by the format parsers -------------------------------------------------

/// How a JSON value is described in messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `key` under `at`: `at.key`, or `key` at the top level.
pub(crate) fn field(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

pub(crate) fn as_object<'a>(
    v: &'a Value,
    at: &str,
    what: &str,
) -> Result<&'a Map<String, Value>, InputError> {
    v.as_object()
        .ok_or_else(|| InputError::new(at, format!("{what} must be an object, got {}", kind(v))))
}

/// A required, non-empty string field (a node's key).
pub(crate) fn required_key<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<&'a str, InputError> {
    match obj.get(key) {
        None => Err(InputError::new(at, format!("missing `{key}`"))),
        Some(Value::String(s)) if s.is_empty() => {
            Err(InputError::new(field(at, key), "must not be empty"))
        }
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(InputError::new(
            field(at, key),
            format!("must be a string, got {}", kind(other)),
        )),
    }
}

/// An optional string field: missing or null is `None`.
pub(crate) fn opt_string(
    obj: &Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<String>, InputError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(InputError::new(
            field(at, key),
            format!("must be a string or null, got {}", kind(other)),
        )),
    }
}

/// An optional boolean field: missing or null is `None`.
pub(crate) fn opt_bool(
    obj: &Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<bool>, InputError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(InputError::new(
            field(at, key),
            format!("must be a boolean or null, got {}", kind(other)),
        )),
    }
}

/// `geoData.countryName`: `geoData` missing or null, or `countryName` missing or null, is `None`.
pub(crate) fn country(obj: &Map<String, Value>, at: &str) -> Result<Option<String>, InputError> {
    match obj.get("geoData") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(geo)) => opt_string(geo, "countryName", &field(at, "geoData")),
        Some(other) => Err(InputError::new(
            field(at, "geoData"),
            format!("must be an object or null, got {}", kind(other)),
        )),
    }
}

/// A list of strings: missing or null is the empty list.
pub(crate) fn string_list(
    obj: &Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Vec<String>, InputError> {
    let items = match obj.get(key) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(InputError::new(
                field(at, key),
                format!("must be an array of public keys, got {}", kind(other)),
            ))
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(j, v)| match v {
            Value::String(s) => Ok(s.clone()),
            other => Err(InputError::new(
                format!("{}[{j}]", field(at, key)),
                format!("must be a public key (a string), got {}", kind(other)),
            )),
        })
        .collect()
}

/// A threshold: a non-negative integer that JSON tools agree on (at most 2^53). `2.0` is 2.
pub(crate) fn threshold(v: Option<&Value>, at: &str) -> Result<u64, InputError> {
    let bad =
        |what: String| InputError::new(at, format!("must be a non-negative integer, got {what}"));
    let v = v.ok_or_else(|| InputError::new(at, "missing threshold"))?;
    let n = match v {
        Value::Number(n) => n,
        Value::String(s) => return Err(bad(format!("the string {s:?}"))),
        other => return Err(bad(kind(other).to_string())),
    };
    if let Some(u) = n.as_u64() {
        if u > MAX_SAFE_INTEGER {
            return Err(InputError::new(
                at,
                format!("{u} is too large (thresholds above 2^53 are not exact in JSON)"),
            ));
        }
        return Ok(u);
    }
    if n.is_i64() {
        return Err(bad(format!("the negative number {n}")));
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if f.fract() != 0.0 || !f.is_finite() {
        Err(bad(format!("the fractional number {n}")))
    } else if f < 0.0 {
        Err(bad(format!("the negative number {n}")))
    } else if f > MAX_SAFE_INTEGER as f64 {
        Err(InputError::new(
            at,
            format!("{n} is too large (thresholds above 2^53 are not exact in JSON)"),
        ))
    } else {
        Ok(f as u64)
    }
}

/// The error for a quorum set nested deeper than [`MAX_QSET_DEPTH`].
pub(crate) fn too_deep(at: &str) -> InputError {
    InputError::new(
        at,
        format!("quorum sets nested deeper than {MAX_QSET_DEPTH} levels"),
    )
}

/// Reject a public key that appeared before (`seen` maps keys to the first place they appeared).
pub(crate) fn check_unique(
    seen: &mut HashMap<String, String>,
    key: &str,
    at: &str,
    first_at: impl FnOnce() -> String,
) -> Result<(), InputError> {
    if let Some(prev) = seen.get(key) {
        return Err(InputError::new(
            at,
            format!("duplicate public key {key}, first at {prev}"),
        ));
    }
    seen.insert(key.to_string(), first_at());
    Ok(())
}

#[cfg(test)]
mod tests;
