//! Format detection, organizations and faulty-keys files, and every shared network under the
//! workspace's `tests/data/`.

use super::*;
use serde_json::json;
use std::path::{Path, PathBuf};

#[test]
fn detects_each_format() {
    let sb = json!([{"publicKey": "A", "quorumSet": {"threshold": 1, "validators": ["A"]}}]);
    assert_eq!(detect_format(&sb).unwrap(), Format::Stellarbeat);
    let api = json!({"nodes": [{"publicKey": "A"}], "organizations": []});
    assert_eq!(detect_format(&api).unwrap(), Format::Stellarbeat);
    assert_eq!(detect_format(&json!([])).unwrap(), Format::Stellarbeat);
    let pf = json!({"validators": [{"id": "A", "qset": null}], "qsets": {}});
    assert_eq!(detect_format(&pf).unwrap(), Format::PythonFbas);
    let core = json!({"nodes": [{"node": "A", "qset": {"t": 1, "v": ["A"]}}]});
    assert_eq!(detect_format(&core).unwrap(), Format::StellarCore);
    let core_arr = json!([{"node": "A", "qset": {"t": 1, "v": ["A"]}}]);
    assert_eq!(detect_format(&core_arr).unwrap(), Format::StellarCore);
    let wrapper = json!({"node": "A", "qset": {}, "transitive": {"nodes": []}});
    assert_eq!(detect_format(&wrapper).unwrap(), Format::StellarCore);

    let (input, format) = parse_with_format(&sb.to_string()).unwrap();
    assert_eq!((input.nodes.len(), format), (1, Format::Stellarbeat));
    assert_eq!(parse(&core.to_string()).unwrap().nodes[0].public_key, "A");
    assert_eq!(parse(&pf.to_string()).unwrap().nodes[0].public_key, "A");
}

#[test]
fn top_level_errors() {
    for text in ["3", "\"x\"", "null", "true"] {
        let e = parse(text).unwrap_err();
        assert!(e.message.contains("top level"), "{text}: {e}");
    }
    let e = parse("{\"foo\": 1}").unwrap_err();
    assert!(e.message.contains("unrecognised"), "{e}");
    let e = parse("{\"nodes\": {}}").unwrap_err();
    assert_eq!(e.at, "nodes");
    // An array whose elements are not nodes: the first bad element is named.
    let e = parse("[1, 2]").unwrap_err();
    assert_eq!(e.at, "nodes[0]");
    let e = parse("[{\"foo\": 1}]").unwrap_err();
    assert_eq!(e.at, "nodes[0]");
    assert!(e.message.contains("publicKey"), "{e}");
}

#[test]
fn organization_files_are_not_networks() {
    let e = parse(r#"[{"name": "org0", "validators": ["A"]}]"#).unwrap_err();
    assert!(e.message.contains("organizations"), "{e}");
    let e = parse(r#"{"organizations": []}"#).unwrap_err();
    assert!(e.message.contains("organizations"), "{e}");
}

#[test]
fn invalid_json_names_line_and_column() {
    let e = parse("[\n  {\"publicKey\": \"A\",}\n]").unwrap_err();
    assert_eq!(e.at, "line 2 column 21");
    assert!(e.message.starts_with("invalid JSON: "), "{e}");
    assert!(!e.message.contains(" at line"), "{e}");
    let e = parse("").unwrap_err();
    assert!(e.message.contains("invalid JSON"), "{e}");
}

#[test]
fn organizations_both_shapes() {
    let orgs = parse_organizations(
        r#"[{"id": "e807", "name": "SDF", "validators": ["A", "B"], "url": "x"},
            {"id": "f00", "name": null, "validators": []},
            {"id": "f01", "name": "No validators"}]"#,
    )
    .unwrap();
    assert_eq!(
        orgs[0],
        InputOrganization {
            id: "e807".into(),
            name: Some("SDF".into()),
            validators: vec!["A".into(), "B".into()],
        }
    );
    assert_eq!(orgs[1].name, None);
    assert!(orgs[2].validators.is_empty());

    let orgs = parse_organizations(r#"[{"name": "org0", "validators": ["org0v0"]}]"#).unwrap();
    assert_eq!(orgs[0].id, "org0");
    assert_eq!(orgs[0].name.as_deref(), Some("org0"));

    let orgs = parse_organizations(r#"{"organizations": [{"id": 7, "name": "N"}]}"#).unwrap();
    assert_eq!(orgs[0].id, "7");
    assert!(parse_organizations("[]").unwrap().is_empty());
}

#[test]
fn organization_errors() {
    let cases = [
        ("3", ""),
        ("{}", ""),
        ("[3]", "[0]"),
        (r#"[{"validators": []}]"#, "[0]"),
        (r#"[{"id": true}]"#, "[0].id"),
        (r#"[{"id": "o", "name": 3}]"#, "[0].name"),
        (r#"[{"id": "o", "validators": "A"}]"#, "[0] (o).validators"),
        (
            r#"[{"id": "o", "validators": ["A", 1]}]"#,
            "[0] (o).validators[1]",
        ),
        (r#"[{"id": "o"}, {"id": "o"}]"#, "[1] (o)"),
        (r#"{"organizations": 1}"#, "organizations"),
    ];
    for (text, at) in cases {
        let e = parse_organizations(text).expect_err(text);
        assert_eq!(e.at, at, "{text}: {e}");
    }
}

#[test]
fn faulty_keys() {
    assert_eq!(parse_faulty(r#"["GA", "GB"]"#), vec!["GA", "GB"]);
    assert_eq!(parse_faulty("GA\nGB  GC\n\n"), vec!["GA", "GB", "GC"]);
    assert_eq!(
        parse_faulty("# faulty\nGA,GB\n\"GC\"\n"),
        vec!["GA", "GB", "GC"]
    );
    assert_eq!(parse_faulty(r#""GA""#), vec!["GA"]);
    assert_eq!(parse_faulty(r#"[{"publicKey": "GA"}, 3, ""]"#), vec!["GA"]);
    assert!(parse_faulty("").is_empty());
    assert!(parse_faulty("[]").is_empty());
}

// ---- the shared networks -------------------------------------------------------------------

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// Every network the legacy engine ran parses in the format it was given as, with the same
/// counts of nodes, null quorum sets, organizations and faulty nodes.
#[test]
fn shared_networks_match_the_legacy_inputs() {
    let dir = data_dir();
    let legacy: Value = serde_json::from_str(&read(&dir.join("legacy-engine.json"))).unwrap();
    let networks = legacy["networks"]
        .as_object()
        .expect("legacy-engine.json networks");
    assert!(networks.len() >= 98, "{} networks", networks.len());
    for (name, rec) in networks {
        let (input, format) =
            parse_with_format(&read(&dir.join(name))).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(rec["format"], format.name(), "{name}");
        let counts = &rec["input"];
        assert_eq!(counts["nodes"], input.nodes.len(), "{name}");
        let null_qsets = input
            .nodes
            .iter()
            .filter(|n| n.quorum_set.is_none())
            .count();
        assert_eq!(counts["nodesWithNullQuorumSet"], null_qsets, "{name}");
        let faulty = match format {
            Format::Stellarbeat => input.not_validating().len(),
            _ => 0,
        };
        assert_eq!(counts["faulty"], faulty, "{name}");
        if let Some(orgs_file) = rec["organizationsFile"].as_str() {
            let orgs = parse_organizations(&read(&dir.join(orgs_file)))
                .unwrap_or_else(|e| panic!("{orgs_file}: {e}"));
            let with_validators = orgs.iter().filter(|o| !o.validators.is_empty()).count();
            assert_eq!(counts["organizations"], with_validators, "{orgs_file}");
        }
    }
}

/// Every JSON file under `tests/data` (but the legacy answers) is a network or an
/// organizations file, and parses as such.
#[test]
fn every_shared_file_parses() {
    let dir = data_dir();
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    let (mut networks, mut org_files) = (0, 0);
    for path in files {
        let rel = path.strip_prefix(&dir).unwrap().display().to_string();
        if rel == "legacy-engine.json" || rel.starts_with("reference") {
            continue;
        }
        let text = read(&path);
        match parse(&text) {
            Ok(input) => {
                assert!(!input.nodes.is_empty(), "{rel}");
                networks += 1;
            }
            Err(e) => {
                assert!(e.message.contains("organizations"), "{rel}: {e}");
                let orgs = parse_organizations(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
                assert!(!orgs.is_empty(), "{rel}");
                org_files += 1;
            }
        }
    }
    assert!(
        networks >= 98 && org_files >= 3,
        "{networks} networks, {org_files} org files"
    );
}

/// A top-level array is read one element at a time ([`raw_array`]); what it reads must be what
/// reading the whole tree ([`parse_value`]) reads: the same network, or the same error.
#[test]
fn arrays_read_node_by_node_parse_as_the_whole_tree_does() {
    let whole = |text: &str| parse_value(&parse_json(text)?);
    let dir = data_dir();
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    let mut arrays = 0;
    for path in files {
        let text = read(&path);
        if raw_array(&text).is_some() {
            assert_eq!(parse(&text), whole(&text), "{}", path.display());
            arrays += 1;
        }
    }
    assert!(arrays >= 10, "{arrays} array files");
    let q = json!({"threshold": 1, "validators": ["A"]});
    let cases = [
        json!([]),
        json!([3, {"publicKey": "A"}]),
        json!([{"publicKey": "A", "quorumSet": q}, {"publicKey": "A"}]),
        json!([{"publicKey": "A", "quorumSet": {"threshold": -1}}]),
        json!([{"publicKey": "A"}, "B"]),
        json!([{"name": "x"}]),
        json!([{"node": "A", "qset": {"t": 1, "v": ["A"]}}]),
        json!([{"node": "A", "qset": {"t": 1, "v": ["A"]}}, {"node": "A", "qset": {"t": 1, "v": []}}]),
        json!([{"id": "o", "name": "o", "validators": []}]),
    ];
    for case in cases {
        let text = case.to_string();
        assert!(raw_array(&text).is_some(), "{text}");
        assert_eq!(parse(&text), whole(&text), "{text}");
    }
}

#[test]
fn shared_stellarbeat_fields() {
    let dir = data_dir();
    let input = parse(&read(
        &dir.join("stellarbeat/stellarbeat_nodes_2025-11-13.json"),
    ))
    .unwrap();
    assert!(input
        .nodes
        .iter()
        .any(|n| n.name.is_some() && n.country.is_some() && n.isp.is_some()));
    assert!(input
        .nodes
        .iter()
        .all(|n| n.history_archive_has_error.is_some()));
    let input = parse(&read(&dir.join("python-fbas/validators.json"))).unwrap();
    let named = input.nodes.iter().filter(|n| n.name.is_some()).count();
    assert!(named > 0, "python-fbas attrs give names");
    assert!(input
        .nodes
        .iter()
        .any(|n| n.country.is_some() && n.isp.is_some()));
    assert!(input.not_validating().is_empty());
}
