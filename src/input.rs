//! From the JSON text of the JS arguments (made on the main thread by `JSON.stringify`, as the
//! backend's facade did for the legacy engine) to `fbas_core::Input`, on the worker thread.
//!
//! The checks are fbas-core's stellarbeat parser, so every error names the node (index and public
//! key) and the field: `nodes[3] (GABC…).quorumSet.threshold: must be a non-negative integer`.
//! `quorumSet`, `name`, `geoData` and `isp` may be null; a missing `quorumSet` is a node that can
//! never be satisfied (as in the legacy engine).

use crate::errors::Fail;
use fbas_core::parse::{stellarbeat, MAX_QSET_DEPTH};
use fbas_core::{Input, Level};
use serde_json::{Map, Value};

/// Parse one argument's JSON text. serde_json stops at 128 nested arrays and objects, far below
/// anything that could exhaust the stack, and far above the legal quorum-set nesting (a quorum set
/// at level `MAX_QSET_DEPTH` is `2 * MAX_QSET_DEPTH + 1` JSON levels deep).
pub fn parse_json(text: &str, what: &str) -> Result<Value, Fail> {
    serde_json::from_str(text).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            Fail::invalid(
                what,
                format!(
                    "nested too deeply (quorum sets may be nested at most {MAX_QSET_DEPTH} levels)"
                ),
            )
        } else {
            Fail::invalid(what, format!("cannot be read: {e}"))
        }
    })
}

/// The network: nodes (`FbasAnalysisNode[]`) and organizations (`FbasAnalysisOrganization[]`,
/// null or missing meaning none).
pub fn network(nodes: Value, organizations: Value) -> Result<Input, Fail> {
    if !nodes.is_array() {
        return Err(Fail::invalid(
            "nodes",
            format!("must be an array of nodes, got {}", kind(&nodes)),
        ));
    }
    if !(organizations.is_array() || organizations.is_null()) {
        return Err(Fail::invalid(
            "organizations",
            format!(
                "must be an array of organizations, got {}",
                kind(&organizations)
            ),
        ));
    }
    let mut map = Map::new();
    map.insert("nodes".into(), nodes);
    map.insert("organizations".into(), organizations);
    Ok(stellarbeat::parse(&Value::Object(map))?)
}

/// The faulty nodes: an array of public keys (keys that are not nodes are ignored).
pub fn faulty(value: Value) -> Result<Vec<String>, Fail> {
    let Value::Array(items) = value else {
        return Err(Fail::invalid(
            "faultyNodes",
            format!("must be an array of public keys, got {}", kind(&value)),
        ));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::String(s) => Ok(s),
            other => Err(Fail::invalid(
                format!("faultyNodes[{i}]"),
                format!("must be a public key (a string), got {}", kind(&other)),
            )),
        })
        .collect()
}

/// `mergeBy`: null (or missing) for nodes, else `'ORGANIZATION' | 'COUNTRY' | 'ISP'`.
pub fn merge_by(value: Option<&str>) -> Result<Level, Fail> {
    match value {
        None => Ok(Level::Node),
        Some("ORGANIZATION") => Ok(Level::Organization),
        Some("COUNTRY") => Ok(Level::Country),
        Some("ISP") => Ok(Level::Isp),
        Some(other) => Err(Fail::invalid(
            "mergeBy",
            format!("must be 'ORGANIZATION', 'COUNTRY', 'ISP' or null, got '{other}'"),
        )),
    }
}

/// How a JSON value is described in messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::Code;
    use serde_json::json;

    fn bad(nodes: Value) -> Fail {
        network(nodes, json!([])).expect_err("should be rejected")
    }

    #[test]
    fn backend_shapes_with_nulls_are_valid() {
        let input = network(
            json!([
                {"publicKey": "GAA", "name": null, "quorumSet": null, "geoData": null, "isp": null},
                {"publicKey": "GBB", "name": "b", "geoData": {"countryName": null}, "isp": "x",
                 "quorumSet": {"threshold": 1, "validators": ["GBB"], "innerQuorumSets": []}}
            ]),
            json!([{"id": "o", "name": null, "validators": ["GAA"]}]),
        )
        .unwrap();
        assert_eq!(input.nodes.len(), 2);
        assert_eq!(input.nodes[0].quorum_set, None);
        assert_eq!(input.organizations[0].name, None);
        assert!(network(json!([]), Value::Null).unwrap().nodes.is_empty());
    }

    #[test]
    fn errors_name_node_and_field() {
        let e = bad(json!([{"publicKey": "GAA"}, {"publicKey": "GBB",
            "quorumSet": {"threshold": 1.5, "validators": []}}]));
        assert_eq!(e.code, Code::InvalidInput);
        assert_eq!(
            e.path.as_deref(),
            Some("nodes[1] (GBB).quorumSet.threshold")
        );
        let e = bad(json!([{"name": "x"}]));
        assert_eq!(e.path.as_deref(), Some("nodes[0]"));
        assert!(e.message.contains("publicKey"), "{}", e.message);
        let e = bad(json!([{"publicKey": "GAA"}, {"publicKey": "GAA"}]));
        assert!(e.message.contains("duplicate"), "{}", e.message);
        let e = bad(json!({"publicKey": "GAA"}));
        assert_eq!(e.path.as_deref(), Some("nodes"));
        let e = network(json!([]), json!({})).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("organizations"));
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let mut q = json!({"threshold": 1, "validators": ["A"]});
        for _ in 0..MAX_QSET_DEPTH {
            q = json!({"threshold": 1, "innerQuorumSets": [q]});
        }
        let nodes = json!([{"publicKey": "A", "quorumSet": q}]);
        let e = network(parse_json(&nodes.to_string(), "nodes").unwrap(), json!([])).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{}", e.message);
        let mut text = String::new();
        for _ in 0..10_000 {
            text.push('[');
        }
        let e = parse_json(&text, "nodes").unwrap_err();
        assert!(e.message.contains("nested too deeply"), "{}", e.message);
    }

    #[test]
    fn faulty_and_merge_by() {
        assert_eq!(faulty(json!(["A", "B"])).unwrap(), vec!["A", "B"]);
        assert_eq!(
            faulty(json!(["A", 3])).unwrap_err().path.as_deref(),
            Some("faultyNodes[1]")
        );
        assert!(faulty(json!("A")).is_err());
        assert_eq!(merge_by(None).unwrap(), Level::Node);
        assert_eq!(merge_by(Some("ISP")).unwrap(), Level::Isp);
        assert!(merge_by(Some("isp")).is_err());
    }
}
