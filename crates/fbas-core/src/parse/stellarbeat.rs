//! The stellarbeat.io node list: `[{publicKey, name?, quorumSet, geoData?, isp?, isValidating?,
//! historyArchiveHasError?, ...}]`, or the public API's `{nodes: [...], organizations: [...]}`.
//!
//! Mapped as the stellarbeat backend maps nodes for its engine: a missing or `null` `quorumSet`
//! is `None` (an unsatisfiable node), missing `validators` / `innerQuorumSets` are empty lists,
//! `name`, `geoData.countryName` and `isp` may be missing or null. Fields not read here
//! (`organizationId`, `hashKey`, statistics, ...) are ignored.

use super::{
    as_object, check_unique, country, field, kind, opt_bool, opt_string, organizations_from_value,
    raw_element, required_key, string_list, threshold, too_deep, MAX_QSET_DEPTH,
};
use crate::network::input::{Input, InputError, InputNode, InputOrganization, InputQuorumSet};
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;

/// Parse a stellarbeat node array, or an object `{nodes, organizations?}`.
pub fn parse(value: &Value) -> Result<Input, InputError> {
    match value {
        Value::Array(items) => Ok(Input {
            nodes: parse_nodes(items.iter().map(|v| Ok(Cow::Borrowed(v))), "nodes")?,
            organizations: Vec::new(),
        }),
        Value::Object(map) => {
            let nodes = match map.get("nodes") {
                Some(Value::Array(items)) => {
                    parse_nodes(items.iter().map(|v| Ok(Cow::Borrowed(v))), "nodes")?
                }
                Some(other) => {
                    return Err(InputError::new(
                        "nodes",
                        format!("must be an array of nodes, got {}", kind(other)),
                    ))
                }
                None => return Err(InputError::new("", "missing `nodes`")),
            };
            Ok(Input {
                nodes,
                organizations: organizations(map.get("organizations"))?,
            })
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

/// A node array given as its elements' texts (see `raw_array` in `parse`), parsed one element at a
/// time: the same nodes and errors as [`parse`] on the whole array, without its whole tree in
/// memory at once; an element too deep for the JSON reader is reported as `unreadable` says.
pub fn parse_raw_nodes(
    items: &[&RawValue],
    unreadable: &dyn Fn(serde_json::Error) -> InputError,
) -> Result<Vec<InputNode>, InputError> {
    let elements = items
        .iter()
        .map(|raw| raw_element(raw, unreadable).map(Cow::Owned));
    parse_nodes(elements, "nodes")
}

/// The organizations beside the nodes: none when missing or `null`.
pub(crate) fn organizations(value: Option<&Value>) -> Result<Vec<InputOrganization>, InputError> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(orgs) => organizations_from_value(orgs, "organizations"),
    }
}

fn parse_nodes<'v>(
    items: impl ExactSizeIterator<Item = Result<Cow<'v, Value>, InputError>>,
    list: &str,
) -> Result<Vec<InputNode>, InputError> {
    let mut seen: HashMap<String, String> = HashMap::with_capacity(items.len());
    let mut nodes = Vec::with_capacity(items.len());
    for (i, item) in items.enumerate() {
        let item = item?;
        let at = format!("{list}[{i}]");
        let obj = as_object(&item, &at, "a node")?;
        let key = required_key(obj, "publicKey", &at)?;
        let at = format!("{list}[{i}] ({key})");
        check_unique(&mut seen, key, &at, || format!("{list}[{i}]"))?;
        let quorum_set = match obj.get("quorumSet") {
            None | Some(Value::Null) => None,
            Some(q) => Some(parse_qset(q, &field(&at, "quorumSet"), 1)?),
        };
        nodes.push(InputNode {
            public_key: key.to_string(),
            name: opt_string(obj, "name", &at)?,
            quorum_set,
            country: country(obj, &at)?,
            isp: opt_string(obj, "isp", &at)?,
            is_validating: opt_bool(obj, "isValidating", &at)?,
            history_archive_has_error: opt_bool(obj, "historyArchiveHasError", &at)?,
        });
    }
    Ok(nodes)
}

/// A quorum set `{threshold, validators?, innerQuorumSets?}` at nesting level `depth` (the
/// node's own set is level 1); recursion stops at [`MAX_QSET_DEPTH`].
pub(crate) fn parse_qset(v: &Value, at: &str, depth: usize) -> Result<InputQuorumSet, InputError> {
    if depth > MAX_QSET_DEPTH {
        return Err(too_deep(at));
    }
    let obj = as_object(v, at, "a quorum set")?;
    let threshold = threshold(obj.get("threshold"), &field(at, "threshold"))?;
    let validators = string_list(obj, "validators", at)?;
    let inner_quorum_sets = match obj.get("innerQuorumSets") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(k, q)| parse_qset(q, &format!("{at}.innerQuorumSets[{k}]"), depth + 1))
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(InputError::new(
                field(at, "innerQuorumSets"),
                format!("must be an array of quorum sets, got {}", kind(other)),
            ))
        }
    };
    Ok(InputQuorumSet {
        threshold,
        validators,
        inner_quorum_sets,
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse as parse_text;
    use super::*;
    use serde_json::json;

    fn err(v: Value) -> InputError {
        parse(&v).expect_err("should be rejected")
    }

    #[test]
    fn full_node() {
        let input = parse(&json!([{
            "publicKey": "A", "name": "Alpha",
            "quorumSet": {"threshold": 2, "validators": ["A", "B"],
                          "innerQuorumSets": [{"threshold": 1, "validators": ["C"]}],
                          "hashKey": "ignored"},
            "geoData": {"countryName": "Germany", "countryCode": "DE"},
            "isp": "Hetzner", "isValidating": false, "historyArchiveHasError": true,
            "organizationId": "org", "extra": [1, 2, 3]
        }]))
        .unwrap();
        assert_eq!(
            input.nodes,
            vec![InputNode {
                public_key: "A".into(),
                name: Some("Alpha".into()),
                quorum_set: Some(InputQuorumSet {
                    threshold: 2,
                    validators: vec!["A".into(), "B".into()],
                    inner_quorum_sets: vec![InputQuorumSet {
                        threshold: 1,
                        validators: vec!["C".into()],
                        inner_quorum_sets: vec![],
                    }],
                }),
                country: Some("Germany".into()),
                isp: Some("Hetzner".into()),
                is_validating: Some(false),
                history_archive_has_error: Some(true),
            }]
        );
        assert_eq!(input.not_validating(), vec!["A".to_string()]);
        assert!(input.organizations.is_empty());
    }

    #[test]
    fn minimal_and_null_fields_are_valid() {
        let input = parse(&json!([
            {"publicKey": "A"},
            {"publicKey": "B", "quorumSet": null, "name": null, "geoData": null, "isp": null,
             "isValidating": null},
            {"publicKey": "C", "geoData": {"countryName": null}},
            {"publicKey": "D", "quorumSet": {"threshold": 0}},
            {"publicKey": "E", "quorumSet": {"threshold": 9, "validators": ["E", "E"],
                                             "innerQuorumSets": [{"threshold": 0}]}},
            {"publicKey": "F", "quorumSet": {"threshold": 2.0, "validators": null,
                                             "innerQuorumSets": null}}
        ]))
        .unwrap();
        let n = &input.nodes;
        assert_eq!(n.len(), 6);
        assert_eq!(n[0].quorum_set, None);
        assert_eq!(n[0].name, None);
        assert_eq!(n[1].quorum_set, None);
        assert_eq!(n[1].country, None);
        assert_eq!(n[1].is_validating, None);
        assert_eq!(n[2].country, None);
        assert_eq!(n[3].quorum_set.as_ref().unwrap().threshold, 0);
        let e = n[4].quorum_set.as_ref().unwrap();
        assert_eq!((e.threshold, e.validators.len()), (9, 2));
        assert_eq!(e.inner_quorum_sets[0], InputQuorumSet::default());
        assert_eq!(n[5].quorum_set.as_ref().unwrap().threshold, 2);
    }

    #[test]
    fn empty_array_is_an_empty_network() {
        assert_eq!(parse(&json!([])).unwrap(), Input::default());
    }

    #[test]
    fn api_object_with_organizations() {
        let input = parse_text(
            r#"{"nodes": [{"publicKey": "A", "quorumSet": {"threshold": 1, "validators": ["A"]}}],
                "organizations": [{"id": "o1", "name": "Org", "validators": ["A"]},
                                  {"id": "o2", "name": null, "validators": []}]}"#,
        )
        .unwrap();
        assert_eq!(input.nodes.len(), 1);
        assert_eq!(input.organizations.len(), 2);
        assert_eq!(input.organizations[0].name.as_deref(), Some("Org"));
        assert_eq!(input.organizations[1].name, None);
    }

    #[test]
    fn node_must_be_object() {
        let e = err(json!([{"publicKey": "A"}, 3]));
        assert_eq!(e.at, "nodes[1]");
        assert!(e.message.contains("must be an object"), "{e}");
    }

    #[test]
    fn public_key_missing_or_not_string() {
        let e = err(json!([{"publicKey": "A"}, {"name": "x"}]));
        assert_eq!(e.at, "nodes[1]");
        assert!(e.message.contains("publicKey"), "{e}");
        let e = err(json!([{"publicKey": 7}]));
        assert_eq!(e.at, "nodes[0].publicKey");
        assert!(e.message.contains("string"), "{e}");
        let e = err(json!([{"publicKey": ""}]));
        assert_eq!(e.at, "nodes[0].publicKey");
    }

    #[test]
    fn duplicate_public_keys() {
        let e = err(json!([{"publicKey": "A"}, {"publicKey": "B"}, {"publicKey": "A"}]));
        assert_eq!(e.at, "nodes[2] (A)");
        assert!(
            e.message.contains("duplicate") && e.message.contains("nodes[0]"),
            "{e}"
        );
    }

    #[test]
    fn bad_thresholds() {
        for (t, what) in [
            (json!(-1), "negative"),
            (json!(1.5), "fractional"),
            (json!(9007199254740993u64), "too large"),
            (json!(1e300), "too large"),
            (json!("2"), "string"),
            (json!(null), "null"),
            (json!(true), "boolean"),
        ] {
            let e =
                err(json!([{"publicKey": "GX", "quorumSet": {"threshold": t, "validators": []}}]));
            assert_eq!(e.at, "nodes[0] (GX).quorumSet.threshold", "{t}");
            assert!(e.message.contains(what), "{t}: {e}");
        }
        let e = err(json!([{"publicKey": "GX", "quorumSet": {"validators": []}}]));
        assert_eq!(e.at, "nodes[0] (GX).quorumSet.threshold");
        assert!(e.message.contains("missing"), "{e}");
        // 2^53 itself is fine.
        parse(&json!([{"publicKey": "A", "quorumSet": {"threshold": 9007199254740992u64}}]))
            .unwrap();
    }

    #[test]
    fn nested_threshold_error_names_the_path() {
        let e = err(
            json!([{"publicKey": "A", "quorumSet": {"threshold": 1, "innerQuorumSets": [
                {"threshold": 1, "validators": ["B"]},
                {"threshold": -2, "validators": ["C"]}
            ]}}]),
        );
        assert_eq!(e.at, "nodes[0] (A).quorumSet.innerQuorumSets[1].threshold");
    }

    #[test]
    fn wrong_types() {
        let cases = [
            (
                json!({"publicKey": "A", "quorumSet": {"threshold": 1, "validators": ["B", 3]}}),
                "nodes[0] (A).quorumSet.validators[1]",
            ),
            (
                json!({"publicKey": "A", "quorumSet": {"threshold": 1, "validators": "B"}}),
                "nodes[0] (A).quorumSet.validators",
            ),
            (
                json!({"publicKey": "A", "quorumSet": {"threshold": 1, "innerQuorumSets": {}}}),
                "nodes[0] (A).quorumSet.innerQuorumSets",
            ),
            (
                json!({"publicKey": "A", "quorumSet": {"threshold": 1, "innerQuorumSets": ["B"]}}),
                "nodes[0] (A).quorumSet.innerQuorumSets[0]",
            ),
            (
                json!({"publicKey": "A", "quorumSet": "B"}),
                "nodes[0] (A).quorumSet",
            ),
            (
                json!({"publicKey": "A", "quorumSet": []}),
                "nodes[0] (A).quorumSet",
            ),
            (json!({"publicKey": "A", "name": 5}), "nodes[0] (A).name"),
            (json!({"publicKey": "A", "isp": ["x"]}), "nodes[0] (A).isp"),
            (
                json!({"publicKey": "A", "geoData": "DE"}),
                "nodes[0] (A).geoData",
            ),
            (
                json!({"publicKey": "A", "geoData": {"countryName": 1}}),
                "nodes[0] (A).geoData.countryName",
            ),
            (
                json!({"publicKey": "A", "isValidating": "yes"}),
                "nodes[0] (A).isValidating",
            ),
            (
                json!({"publicKey": "A", "historyArchiveHasError": 0}),
                "nodes[0] (A).historyArchiveHasError",
            ),
        ];
        for (node, at) in cases {
            let e = err(json!([node]));
            assert_eq!(e.at, at, "{e}");
        }
    }

    #[test]
    fn api_object_errors() {
        assert_eq!(parse(&json!({"nodes": 3})).unwrap_err().at, "nodes");
        let e = parse(&json!({"nodes": [], "organizations": [{"name": 1}]})).unwrap_err();
        assert_eq!(e.at, "organizations[0].name");
    }

    /// Nesting a quorum set `depth` levels deep.
    fn nested(depth: usize) -> Value {
        let mut q = json!({"threshold": 1, "validators": ["A"]});
        for _ in 1..depth {
            q = json!({"threshold": 1, "innerQuorumSets": [q]});
        }
        json!([{"publicKey": "A", "quorumSet": q}])
    }

    #[test]
    fn nesting_is_bounded() {
        parse(&nested(MAX_QSET_DEPTH)).unwrap();
        let e = parse(&nested(MAX_QSET_DEPTH + 1)).unwrap_err();
        assert!(
            e.at.starts_with("nodes[0] (A).quorumSet.innerQuorumSets[0]"),
            "{e}"
        );
        assert!(e.message.contains("nested deeper"), "{e}");
    }

    #[test]
    fn very_deep_text_is_an_error_not_a_crash() {
        // Deeper than serde_json's own limit: a syntax-level error, no stack overflow.
        let depth = 100_000;
        let mut text = String::from(r#"[{"publicKey": "A", "quorumSet": "#);
        for _ in 0..depth {
            text.push_str(r#"{"threshold": 1, "innerQuorumSets": ["#);
        }
        for _ in 0..depth {
            text.push_str("]}");
        }
        text.push_str("}]");
        let e = parse_text(&text).unwrap_err();
        assert!(e.message.contains("invalid JSON"), "{e}");
    }
}
