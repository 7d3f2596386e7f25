//! The built `fbas-sat` binary, run as a user would: each input format, the JSON report's keys,
//! the readable table, bad inputs (non-zero exit, the node named, never a panic message), and
//! what scripts rely on (standard input, exit statuses, warnings, completions).

use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fbas_sat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fbas-sat"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run fbas-sat")
}

/// Run with `input` on standard input.
fn fbas_sat_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fbas-sat"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fbas-sat");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().expect("wait for fbas-sat")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory for one test's files.
fn tmp_dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fbas-sat-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.display().to_string()
}

fn data(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(rel)
        .display()
        .to_string()
}

/// Run with `--json`, expecting success; the parsed report.
fn json_report(args: &[&str]) -> Value {
    let mut all = vec!["analyze"];
    all.extend_from_slice(args);
    all.push("--json");
    let o = fbas_sat(&all);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

/// A bad input: exit status 2, one `fbas-sat: error:` line naming `expect`, no panic.
fn assert_input_error(o: &Output, expect: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert!(err.starts_with("fbas-sat: error: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    for e in expect {
        assert!(err.contains(e), "expected {e:?} in {err}");
    }
    assert!(o.stdout.is_empty());
}

/// Four nodes, each requiring 3 of the 4: intersecting, top tier 4, blocking 2, splitting 2.
const KEYS: [&str; 4] = ["GA", "GB", "GC", "GD"];

fn stellarbeat_4() -> String {
    let nodes: Vec<Value> = KEYS
        .iter()
        .enumerate()
        .map(|(i, k)| {
            json!({"publicKey": k, "name": format!("Node {i}"),
                   "quorumSet": {"threshold": 3, "validators": KEYS, "innerQuorumSets": []},
                   "geoData": {"countryName": "Chile"}, "isp": "ISP", "isValidating": true})
        })
        .collect();
    Value::Array(nodes).to_string()
}

/// Two pairs of nodes, each pair trusting only itself: two disjoint quorums.
fn split_network() -> String {
    json!([
        {"publicKey": "GA", "name": "Alpha", "quorumSet": {"threshold": 2, "validators": ["GA", "GB"]}},
        {"publicKey": "GB", "name": "Bravo", "quorumSet": {"threshold": 2, "validators": ["GA", "GB"]}},
        {"publicKey": "GC", "name": "Charlie", "quorumSet": {"threshold": 2, "validators": ["GC", "GD"]}},
        {"publicKey": "GD", "name": "Delta", "quorumSet": {"threshold": 2, "validators": ["GC", "GD"]}}
    ])
    .to_string()
}

fn assert_four_node_values(r: &Value) {
    assert_eq!(r["status"], "intersecting", "{r}");
    assert_eq!(r["hasQuorumIntersection"], true);
    assert_eq!(r["minQuorumSize"], 3);
    assert_eq!(r["node"]["topTierSize"], 4);
    assert_eq!(r["node"]["blockingSetsMinSize"], 2);
    assert_eq!(r["node"]["blockingSetsFilteredMinSize"], 2);
    assert_eq!(r["node"]["splittingSetsMinSize"], 2);
}

// ---- needs no analysis: arguments and bad inputs --------------------------------------------

#[test]
fn help_shows_the_options() {
    let o = fbas_sat(&["analyze", "--help"]);
    assert!(o.status.success());
    let out = stdout(&o);
    for opt in [
        "--orgs",
        "--faulty",
        "--faulty-from-input",
        "--only",
        "--merge-by",
        "--timeout",
        "--json",
        "top-tier",
        "history",
        "stellar-core",
        "python-fbas",
    ] {
        assert!(out.contains(opt), "{opt} missing from:\n{out}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["analyze", "--only", "everything"][..],
        &["analyze", "--merge-by", "planet"],
        &["analyze", "--timeout", "-1"],
        &["analyze", "--faulty", "x", "--faulty-from-input"],
        &["frobnicate"],
    ] {
        let o = fbas_sat(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&o).contains("panicked"));
    }
}

#[test]
fn a_panic_is_one_line_and_exit_1() {
    let d = tmp_dir("panic");
    let f = write(&d, "net.json", &stellarbeat_4());
    let o = Command::new(env!("CARGO_BIN_EXE_fbas-sat"))
        .args(["analyze", &f])
        .env("FBAS_SAT_TEST_PANIC", "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("fbas-sat: internal error: test panic requested"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn missing_file() {
    let o = fbas_sat(&["analyze", "/nonexistent/net.json"]);
    assert_input_error(&o, &["cannot read", "/nonexistent/net.json"]);
}

#[test]
fn invalid_json_names_the_line() {
    let d = tmp_dir("invalid-json");
    let f = write(&d, "net.json", "[\n  {\"publicKey\": \"GA\",,}\n]");
    assert_input_error(
        &fbas_sat(&["analyze", &f]),
        &["net.json", "line 2", "invalid JSON"],
    );
}

#[test]
fn bad_threshold_names_the_node() {
    let d = tmp_dir("bad-threshold");
    let f = write(
        &d,
        "net.json",
        r#"[{"publicKey": "GOOD", "quorumSet": {"threshold": 1, "validators": ["GOOD"]}},
            {"publicKey": "GBADNODE", "quorumSet": {"threshold": -1, "validators": ["GOOD"]}}]"#,
    );
    assert_input_error(
        &fbas_sat(&["analyze", &f]),
        &["GBADNODE", "nodes[1]", "quorumSet.threshold", "negative"],
    );
    let f = write(
        &d,
        "net2.json",
        r#"[{"publicKey": "GX", "quorumSet": {"threshold": "2", "validators": ["GX"]}}]"#,
    );
    assert_input_error(
        &fbas_sat(&["analyze", &f, "--json"]),
        &["GX", "threshold", "string"],
    );
}

#[test]
fn bad_inputs_of_every_kind() {
    let d = tmp_dir("bad-inputs");
    let cases: [(&str, &[&str]); 9] = [
        (r#"[{"name": "no key"}]"#, &["nodes[0]", "publicKey"]),
        (r#"[{"publicKey": 42}]"#, &["nodes[0].publicKey", "string"]),
        (
            r#"[{"publicKey": "GA"}, {"publicKey": "GA"}]"#,
            &["GA", "duplicate"],
        ),
        (
            r#"[{"publicKey": "GA", "quorumSet": {"threshold": 1, "validators": [7]}}]"#,
            &["GA", "validators[0]"],
        ),
        ("42", &["top level"]),
        (
            r#"[{"name": "org", "validators": ["GA"]}]"#,
            &["organizations"],
        ),
        (
            r#"{"validators": [{"id": "PK1", "qset": "_q"}],
                "qsets": {"_q": {"threshold": 1, "members": ["_q"]}}}"#,
            &["_q", "cycle"],
        ),
        (
            r#"{"validators": [{"id": "PK1", "qset": "_missing"}]}"#,
            &["PK1", "_missing"],
        ),
        (
            r#"{"nodes": [{"node": "GCORE", "qset": {"t": 1.5, "v": []}}]}"#,
            &["GCORE", "qset.t"],
        ),
    ];
    for (i, (text, expect)) in cases.iter().enumerate() {
        let f = write(&d, &format!("case{i}.json"), text);
        assert_input_error(&fbas_sat(&["analyze", &f]), expect);
    }
}

#[test]
fn deep_nesting_is_an_input_error() {
    let d = tmp_dir("deep");
    let mut q = json!({"threshold": 1, "validators": ["GA"]});
    for _ in 0..40 {
        q = json!({"threshold": 1, "innerQuorumSets": [q]});
    }
    let f = write(
        &d,
        "net.json",
        &json!([{"publicKey": "GA", "quorumSet": q}]).to_string(),
    );
    assert_input_error(&fbas_sat(&["analyze", &f]), &["GA", "nested deeper"]);
    // Far beyond the JSON parser's own limit.
    let text = format!(
        "[{{\"publicKey\": \"GA\", \"quorumSet\": {}{}}}]",
        "{\"threshold\": 1, \"innerQuorumSets\": [".repeat(50_000),
        "]}".repeat(50_000)
    );
    let f = write(&d, "deeper.json", &text);
    assert_input_error(&fbas_sat(&["analyze", &f]), &["invalid JSON"]);
}

#[test]
fn bad_organizations_file() {
    let d = tmp_dir("bad-orgs");
    let net = write(&d, "net.json", &stellarbeat_4());
    let orgs = write(
        &d,
        "orgs.json",
        r#"[{"id": "o1", "name": "One", "validators": ["GA", 3]}]"#,
    );
    assert_input_error(
        &fbas_sat(&["analyze", &net, "--orgs", &orgs]),
        &["orgs.json", "o1", "validators[1]"],
    );
    // Found next to the network, and bad.
    let net = write(&d, "x_nodes_2020-01-01.json", &stellarbeat_4());
    write(&d, "x_organizations_2020-01-01.json", "{}");
    assert_input_error(
        &fbas_sat(&["analyze", &net]),
        &["x_organizations_2020-01-01.json"],
    );
}

// ---- with analysis -------------------------------------------------------------------------

#[test]
fn stellarbeat_format() {
    let d = tmp_dir("stellarbeat");
    let f = write(&d, "net.json", &stellarbeat_4());
    assert_four_node_values(&json_report(&[&f]));
}

#[test]
fn stellarbeat_api_object_format() {
    let d = tmp_dir("api");
    let nodes: Value = serde_json::from_str(&stellarbeat_4()).unwrap();
    let text = json!({"nodes": nodes, "organizations": [
        {"id": "o1", "name": "Org One", "validators": ["GA", "GB"]},
        {"id": "o2", "name": "Org Two", "validators": ["GC", "GD"]}
    ]});
    let f = write(&d, "net.json", &text.to_string());
    let r = json_report(&[&f]);
    assert_four_node_values(&r);
    assert_eq!(r["organization"]["topTierSize"], 2);
    assert_eq!(r["organization"]["blockingSetsMinSize"], 1);
}

#[test]
fn python_fbas_format() {
    let d = tmp_dir("python-fbas");
    let validators: Vec<Value> = KEYS
        .iter()
        .map(
            |k| json!({"id": k, "qset": "_q", "attrs": {"publicKey": k, "name": format!("V-{k}")}}),
        )
        .collect();
    let text = json!({"validators": validators,
                      "qsets": {"_q": {"threshold": 3, "members": KEYS}}});
    let f = write(&d, "net.json", &text.to_string());
    assert_four_node_values(&json_report(&[&f]));
}

#[test]
fn stellar_core_formats() {
    let d = tmp_dir("stellar-core");
    let nodes: Vec<Value> = KEYS
        .iter()
        .map(|k| json!({"node": k, "qset": {"t": 3, "v": KEYS}}))
        .collect();
    let f = write(&d, "qic.json", &json!({"nodes": nodes}).to_string());
    assert_four_node_values(&json_report(&[&f]));
    let transitive = json!({"intersection": true, "node_count": 4, "nodes": nodes.iter().map(|n| {
        let mut n = n.clone();
        n["distance"] = json!(1);
        n["status"] = json!("tracking");
        n
    }).collect::<Vec<_>>()});
    let f = write(&d, "transitive.json", &transitive.to_string());
    assert_four_node_values(&json_report(&[&f]));
    let f = write(&d, "array.json", &Value::Array(nodes).to_string());
    assert_four_node_values(&json_report(&[&f]));
}

#[test]
fn json_has_the_documented_keys() {
    let d = tmp_dir("keys");
    let f = write(&d, "net.json", &stellarbeat_4());
    let r = json_report(&[&f]);
    for key in [
        "status",
        "hasQuorumIntersection",
        "hasSymmetricTopTier",
        "minQuorumSize",
        "node",
        "organization",
        "country",
        "isp",
        "witnesses",
        "timingsMs",
    ] {
        assert!(r.get(key).is_some(), "{key} missing from {r}");
    }
    for level in ["node", "organization", "country", "isp"] {
        for key in [
            "topTierSize",
            "blockingSetsMinSize",
            "blockingSetsFilteredMinSize",
            "splittingSetsMinSize",
        ] {
            assert!(
                r[level].get(key).is_some(),
                "{level}.{key} missing from {r}"
            );
        }
    }
    // Without historyArchiveHasError in the input, no history-critical set.
    assert!(r.get("historyCriticalSetSize").is_none(), "{r}");
    assert!(r["witnesses"].get("historyCriticalSet").is_none(), "{r}");
}

/// `--only history` on two real networks (python-fbas: 3 and 6), JSON and table.
#[test]
fn history_critical_set() {
    for (file, size) in [
        ("stellarbeat/obsrvr_nodes_pubnet.json", 3),
        ("python-fbas/validators.json", 6),
    ] {
        let f = data(file);
        let r = json_report(&[&f, "--only", "history"]);
        assert_eq!(r["historyCriticalSetSize"], size, "{file}: {r}");
        let w = &r["witnesses"]["historyCriticalSet"];
        assert_eq!(w["set"].as_array().unwrap().len(), size, "{file}: {w}");
        assert!(w["quorum"].as_array().unwrap().len() > size, "{file}: {w}");
        assert!(r["node"]["topTierSize"].is_null());
        assert!(r["minQuorumSize"].is_null());
        let o = fbas_sat(&["analyze", &f, "--only", "history"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.contains(&format!("History-critical set: {size} nodes\n")),
            "{out}"
        );
        assert!(
            out.contains(&format!("historyCriticalSetSize ({size}): ")),
            "{out}"
        );
        assert!(out.contains("without valid history"), "{out}");
    }
    // Asked for on a network without the flags: nothing computed, and the table says why.
    let d = tmp_dir("history");
    let f = write(&d, "net.json", &stellarbeat_4());
    let o = fbas_sat(&["analyze", &f, "--only", "history"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("History-critical set: - (no historyArchiveHasError in the input)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn split_network_table_names_both_quorums() {
    let d = tmp_dir("split");
    let f = write(&d, "net.json", &split_network());
    let o = fbas_sat(&["analyze", &f]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Quorum intersection:  NO"), "{out}");
    assert!(out.contains("Alpha, Bravo"), "{out}");
    assert!(out.contains("Charlie, Delta"), "{out}");
    let r = json_report(&[&f]);
    assert_eq!(r["status"], "split");
    assert_eq!(r["hasQuorumIntersection"], false);
    assert_eq!(r["node"]["splittingSetsMinSize"], 0);
}

#[test]
fn table_rows_and_columns() {
    let d = tmp_dir("table");
    let f = write(&d, "net.json", &stellarbeat_4());
    let o = fbas_sat(&["analyze", &f]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Quorum intersection:  yes"), "{out}");
    let header = out
        .lines()
        .find(|l| l.trim_start().starts_with("node "))
        .unwrap();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["node", "organization", "country", "isp"]
    );
    let row = |name: &str| -> Vec<String> {
        let line = out.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace()
            .skip(1)
            .map(str::to_string)
            .collect()
    };
    // No organizations: organization values equal node values; one country, one ISP.
    assert_eq!(row("topTierSize"), ["4", "4", "1", "1"]);
    assert_eq!(row("minBlockingSetSize"), ["2", "2", "1", "1"]);
    assert_eq!(row("minBlockingSetFilteredSize"), ["2", "2", "1", "1"]);
    assert_eq!(row("minSplittingSetSize"), ["2", "2", "1", "1"]);
    // Examples by name.
    assert!(out.contains("Node "), "{out}");
    assert!(!out.contains("GA,"), "{out}");
}

#[test]
fn only_and_merge_by_skip_work() {
    let d = tmp_dir("only");
    let f = write(&d, "net.json", &stellarbeat_4());
    let r = json_report(&[&f, "--only", "top-tier", "--merge-by", "none"]);
    assert_eq!(r["node"]["topTierSize"], 4);
    assert!(r["node"]["blockingSetsMinSize"].is_null());
    assert!(r["node"]["splittingSetsMinSize"].is_null());
    assert!(r["organization"]["topTierSize"].is_null());
    let o = fbas_sat(&[
        "analyze",
        &f,
        "--only",
        "blocking",
        "--merge-by",
        "none,isp",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let header = out
        .lines()
        .find(|l| l.trim_start().starts_with("node "))
        .unwrap();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["node", "isp"]
    );
    let top = out.lines().find(|l| l.starts_with("topTierSize")).unwrap();
    assert_eq!(
        top.split_whitespace().skip(1).collect::<Vec<_>>(),
        ["-", "-"]
    );
}

#[test]
fn faulty_keys_file() {
    let d = tmp_dir("faulty");
    let f = write(&d, "net.json", &stellarbeat_4());
    // Two faulty nodes already block: nothing more needs to fail.
    let faulty = write(&d, "faulty.txt", "GA\nGB\n");
    let r = json_report(&[&f, "--faulty", &faulty]);
    assert_eq!(r["node"]["blockingSetsMinSize"], 2);
    assert_eq!(r["node"]["blockingSetsFilteredMinSize"], 0);
    let faulty = write(&d, "faulty.json", r#"["GA", "GUNKNOWN"]"#);
    let o = fbas_sat(&["analyze", &f, "--faulty", &faulty, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("GUNKNOWN"), "{}", stderr(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["node"]["blockingSetsFilteredMinSize"], 1);
}

#[test]
fn organizations_found_next_to_python_fbas_file() {
    let d = tmp_dir("pf-orgs");
    let validators: Vec<Value> = KEYS
        .iter()
        .map(|k| json!({"id": k, "qset": "_q"}))
        .collect();
    let text =
        json!({"validators": validators, "qsets": {"_q": {"threshold": 3, "members": KEYS}}});
    let f = write(&d, "net_.json", &text.to_string());
    write(
        &d,
        "net_orgs.json",
        r#"[{"name": "org0", "validators": ["GA", "GB"]}, {"name": "org1", "validators": ["GC", "GD"]}]"#,
    );
    let r = json_report(&[&f]);
    assert_eq!(r["organization"]["topTierSize"], 2);
    let o = fbas_sat(&["analyze", &f]);
    assert!(stdout(&o).contains("net_orgs.json"), "{}", stdout(&o));
}

/// The legacy engine's answers on the 2019-09-17 snapshot, as it gives them.
#[test]
fn stellarbeat_2019_09_17_matches_the_legacy_engine() {
    let r = json_report(&[
        &data("stellarbeat/stellarbeat_nodes_2019-09-17.json"),
        "--faulty-from-input",
        "--timeout",
        "600",
    ]);
    assert_eq!(r["hasQuorumIntersection"], true);
    assert_eq!(r["hasSymmetricTopTier"], true);
    let expect = [
        ("node", [17, 4, 4, 3]),
        ("organization", [5, 2, 2, 3]),
        ("country", [3, 1, 1, 1]),
        ("isp", [17, 4, 4, 3]),
    ];
    for (level, [tt, mbs, mbsf, mss]) in expect {
        let l = &r[level];
        assert_eq!(l["topTierSize"], tt, "{level}: {l}");
        assert_eq!(l["blockingSetsMinSize"], mbs, "{level}: {l}");
        assert_eq!(l["blockingSetsFilteredMinSize"], mbsf, "{level}: {l}");
        assert_eq!(l["splittingSetsMinSize"], mss, "{level}: {l}");
    }
}

/// No FILE: the bundled 2025-11-13 network, its organizations, faulty from input.
#[test]
fn bundled_network() {
    let r = json_report(&["--timeout", "600"]);
    assert_eq!(r["status"], "intersecting");
    let expect = [
        ("node", [21, 6, 6, 3]),
        ("organization", [7, 3, 3, 3]),
        ("country", [7, 2, 2, 1]),
        ("isp", [10, 2, 2, 1]),
    ];
    for (level, [tt, mbs, mbsf, mss]) in expect {
        let l = &r[level];
        assert_eq!(l["topTierSize"], tt, "{level}: {l}");
        assert_eq!(l["blockingSetsMinSize"], mbs, "{level}: {l}");
        assert_eq!(l["blockingSetsFilteredMinSize"], mbsf, "{level}: {l}");
        assert_eq!(l["splittingSetsMinSize"], mss, "{level}: {l}");
    }
    let o = fbas_sat(&["analyze"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("301 nodes"), "{out}");
    assert!(out.contains("SDF"), "{out}");
    assert!(out.contains("minSplittingSetSize"), "{out}");
    // The snapshot carries historyArchiveHasError: the history-critical set is in the default.
    assert_eq!(r["historyCriticalSetSize"], 1, "{r}");
    assert!(out.contains("History-critical set: 1 node\n"), "{out}");
}

#[test]
fn timeout_gives_a_report() {
    // However short the budget, the answer is a report (values may be unknown), not an error;
    // the exit status says whether some value is unknown.
    let f = data("python-fbas/small/sybil_1.json");
    let o = fbas_sat(&["analyze", &f, "--timeout", "0.2", "--json"]);
    let r: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    assert!(r.get("status").is_some());
    let expected = if r["complete"] == true { 0 } else { 4 };
    assert_eq!(o.status.code(), Some(expected), "{r}");
    assert_eq!(r["complete"], r["stopped"].is_null(), "{r}");
}

/// `--json` carries, for each unknown value, the bounds the table shows.
#[test]
fn json_carries_the_bounds_of_unknown_values() {
    let d = tmp_dir("bounds");
    let f = write(&d, "net.json", &stellarbeat_4());
    let o = fbas_sat(&["analyze", &f, "--max-clauses", "1", "--json"]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let bounds = r["bounds"].as_object().unwrap_or_else(|| panic!("{r}"));
    assert!(!bounds.is_empty(), "{r}");
    // Exactly the values that are null, each with a lower bound no larger than its upper one.
    for (path, b) in bounds {
        let (level, field) = path.split_once('.').unwrap_or(("", path));
        let value = if level.is_empty() {
            &r[field]
        } else {
            &r[level][field]
        };
        assert!(value.is_null(), "{path} is {value} but has bounds {b}");
        let lower = b["lower"].as_u64().unwrap();
        assert!(
            b["upper"].is_null() || b["upper"].as_u64().unwrap() >= lower,
            "{path}: {b}"
        );
    }
    for level in ["node", "organization", "country", "isp"] {
        for (field, value) in r[level].as_object().unwrap() {
            assert_eq!(
                value.is_null(),
                bounds.contains_key(&format!("{level}.{field}")),
                "{level}.{field}"
            );
        }
    }
    // The table shows the same bounds.
    let o = fbas_sat(&["analyze", &f, "--max-clauses", "1"]);
    let out = stdout(&o);
    let b = &bounds["node.splittingSetsMinSize"];
    let lower = b["lower"].as_u64().unwrap();
    assert!(
        lower > 1,
        "the table leaves out bounds that say nothing: {b}"
    );
    let shown = match b["upper"].as_u64() {
        Some(upper) => format!("minSplittingSetSize, node: unknown (between {lower} and {upper})"),
        None => format!("minSplittingSetSize, node: unknown (at least {lower})"),
    };
    assert!(out.contains(&shown), "{shown} not in:\n{out}");
    // An exact report has no bounds.
    let r = json_report(&[&f]);
    assert_eq!(r["complete"], true, "{r}");
    assert_eq!(r["bounds"], json!({}), "{r}");
}

// ---- for scripts: standard input, exit statuses, warnings, completions ----------------------

#[test]
fn reads_standard_input() {
    let o = fbas_sat_stdin(&["analyze", "-", "--json"], &stellarbeat_4());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_four_node_values(&serde_json::from_slice(&o.stdout).unwrap());
    let o = fbas_sat_stdin(&["analyze", "-"], &stellarbeat_4());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .starts_with("Network:              standard input, stellarbeat format, 4 nodes\n"),
        "{}",
        stdout(&o)
    );
    // Bad input on standard input is bad input, named as such.
    let o = fbas_sat_stdin(&["analyze", "-"], "[{\"publicKey\": 7}]");
    assert_input_error(&o, &["standard input", "nodes[0].publicKey"]);
}

#[test]
fn exit_status_0_when_every_requested_value_is_exact() {
    let d = tmp_dir("exit-0");
    let f = write(&d, "net.json", &stellarbeat_4());
    assert_eq!(fbas_sat(&["analyze", &f]).status.code(), Some(0));
    // A split network is a result, not a failure, unless the caller asks.
    let split = write(&d, "split.json", &split_network());
    let o = fbas_sat(&["analyze", &split, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn exit_status_3_on_split_or_no_quorum_with_fail_on_split() {
    let d = tmp_dir("exit-3");
    let split = write(&d, "split.json", &split_network());
    let o = fbas_sat(&["analyze", &split, "--fail-on-split", "--json"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    // The report is printed all the same.
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["status"], "split");
    // Every node needs a node that has no quorum set: no quorum at all.
    let none = json!([
        {"publicKey": "GA", "quorumSet": {"threshold": 2, "validators": ["GA", "GX"]}},
        {"publicKey": "GB", "quorumSet": {"threshold": 2, "validators": ["GB", "GX"]}},
        {"publicKey": "GX", "quorumSet": null}
    ]);
    let none = write(&d, "none.json", &none.to_string());
    let o = fbas_sat(&["analyze", &none, "--fail-on-split"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stdout(&o).contains("no quorum at all"), "{}", stdout(&o));
    // An intersecting network passes.
    let f = write(&d, "net.json", &stellarbeat_4());
    assert_eq!(
        fbas_sat(&["analyze", &f, "--fail-on-split"]).status.code(),
        Some(0)
    );
}

#[test]
fn exit_status_4_when_a_requested_value_is_unknown() {
    let d = tmp_dir("exit-4");
    let f = write(&d, "net.json", &stellarbeat_4());
    // One clause per SAT instance: the splitting sets need more, the rest is found without.
    let o = fbas_sat(&["analyze", &f, "--max-clauses", "1", "--json"]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["complete"], false, "{r}");
    assert_eq!(r["stopped"], "clause-cap", "{r}");
    assert!(r["node"]["splittingSetsMinSize"].is_null(), "{r}");
    // Not asking for the unknown value makes the answer exact again.
    let o = fbas_sat(&["analyze", &f, "--max-clauses", "1", "--only", "top-tier"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A split found beats unknown values when the caller fails on splits.
    let split = write(&d, "split.json", &split_network());
    let o = fbas_sat(&["analyze", &split, "--max-clauses", "1", "--fail-on-split"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
}

#[test]
fn suspicious_quorum_sets_are_warned_about_and_analysed_as_given() {
    let d = tmp_dir("warnings");
    // GA: threshold 0 inner set; GB: 3 of 2 members; GC, GD: sound; GE: does not list itself.
    let qset = |threshold: u64, inner: Value| json!({"threshold": threshold, "validators": ["GA", "GB", "GC", "GD"], "innerQuorumSets": inner});
    let text = json!([
        {"publicKey": "GA", "name": "Alpha", "quorumSet": qset(3, json!([{"threshold": 0, "validators": []}]))},
        {"publicKey": "GB", "quorumSet": qset(3, json!([{"threshold": 3, "validators": ["GC", "GD"]}]))},
        {"publicKey": "GC", "quorumSet": qset(3, json!([]))},
        {"publicKey": "GD", "quorumSet": qset(3, json!([]))},
        {"publicKey": "GE", "quorumSet": {"threshold": 1, "validators": ["GA"]}}
    ]);
    let f = write(&d, "net.json", &text.to_string());
    let o = fbas_sat(&["analyze", &f, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "fbas-sat: warning: GA (Alpha): quorumSet.innerQuorumSets[0]: threshold 0, always satisfied",
            "fbas-sat: warning: GB: quorumSet.innerQuorumSets[0]: threshold 3 above its 2 members, never satisfied",
            "fbas-sat: warning: GE: quorumSet: does not list the node itself",
        ],
        "{err}"
    );
    // Legacy semantics: GA's inner set always counts (GA is satisfied by 2 of GA..GD), GB's
    // never does (GB needs 3 of GA..GD): the top tier is still GA..GD, GE outside.
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["status"], "intersecting", "{r}");
    assert_eq!(r["node"]["topTierSize"], 4, "{r}");
    assert_eq!(r["minQuorumSize"], 3, "{r}");
}

#[test]
fn many_warnings_are_counted() {
    let d = tmp_dir("many-warnings");
    let nodes: Vec<Value> = (0..13)
        .map(|i| json!({"publicKey": format!("G{i:02}"), "quorumSet": {"threshold": 1, "validators": ["GX"]}}))
        .collect();
    let f = write(&d, "net.json", &Value::Array(nodes).to_string());
    let o = fbas_sat(&["analyze", &f, "--only", "intersection"]);
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 11, "{err}");
    assert!(
        err.ends_with("fbas-sat: warning: and 3 more suspicious quorum sets\n"),
        "{err}"
    );
}

#[test]
fn long_example_lines_are_cut() {
    let d = tmp_dir("long-lines");
    // 15 nodes, each needing all 15: the only quorum has 15 members.
    let keys: Vec<String> = (0..15).map(|i| format!("G{i:02}")).collect();
    let nodes: Vec<Value> = keys
        .iter()
        .map(|k| json!({"publicKey": k, "name": format!("n{k}"), "quorumSet": {"threshold": 15, "validators": keys}}))
        .collect();
    let f = write(&d, "net.json", &Value::Array(nodes).to_string());
    let o = fbas_sat(&["analyze", &f, "--only", "quorum"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "smallest quorum (15): nG00, nG01, nG02, nG03, nG04, nG05, nG06, nG07, nG08, nG09 and 5 more\n"
        ),
        "{out}"
    );
    assert!(out.contains("Smallest quorum:      15 nodes\n"), "{out}");
}

#[test]
fn one_node_is_singular() {
    let d = tmp_dir("singular");
    let f = write(
        &d,
        "net.json",
        r#"[{"publicKey": "GA", "quorumSet": {"threshold": 1, "validators": ["GA"]}}]"#,
    );
    let o = fbas_sat(&["analyze", &f]);
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!(
            "Network:              {f}, stellarbeat format, 1 node\n"
        )),
        "{out}"
    );
    // One unknown faulty key is.
    let faulty = write(&d, "faulty.txt", "GUNKNOWN\n");
    let o = fbas_sat(&["analyze", &f, "--faulty", &faulty]);
    assert!(
        stderr(&o).contains("1 of 1 faulty keys is not a node of the network"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef fbas-sat"),
        ("fish", "complete -c fbas-sat"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "arg-completer"),
    ] {
        let o = fbas_sat(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(out.contains("fail-on-split"), "{shell}: {out}");
    }
    assert_eq!(fbas_sat(&["completions", "tcsh"]).status.code(), Some(2));
}
