//! stellar-core's quorum map: nodes `{node, qset: {t, v}}`, where `v` lists validator keys and
//! nested qsets (`{t, v}` objects, the inner sets).
//!
//! Accepted shapes:
//! - `{nodes: [...]}`: the input of `stellar-core check-quorum-intersection FILE` and the output
//!   of `stellar-core http-command 'quorum?transitive=true'` (which adds `intersection`,
//!   `critical`, `node_count`, ... next to `nodes`, and `distance`, `heard`, `status`, `value`
//!   to each node: all ignored);
//! - a plain array of such nodes;
//! - `{node, qset, transitive: {nodes: [...]}}`, the quorum endpoint's per-node wrapper: the
//!   nodes are those under `transitive`.
//!
//! A node whose `qset` is missing, `null` or `{}` (stellar-core's "unknown quorum set") has no
//! quorum set. Keys are kept as written (with `fullkeys=false` stellar-core abbreviates them;
//! they are then used as they are).

use super::{
    as_object, check_unique, field, kind, required_key, threshold, too_deep, MAX_QSET_DEPTH,
};
use crate::network::input::{Input, InputError, InputNode, InputQuorumSet};
use serde_json::Value;
use std::collections::HashMap;

/// Parse a stellar-core quorum map (any of the shapes above).
pub fn parse(value: &Value) -> Result<Input, InputError> {
    let (items, list) =
        match value {
            Value::Array(items) => (items, "nodes"),
            Value::Object(map) => match (map.get("nodes"), map.get("transitive")) {
                (Some(Value::Array(items)), _) => (items, "nodes"),
                (Some(other), _) => {
                    return Err(InputError::new(
                        "nodes",
                        format!("must be an array of nodes, got {}", kind(other)),
                    ))
                }
                (None, Some(Value::Object(t))) => match t.get("nodes") {
                    Some(Value::Array(items)) => (items, "transitive.nodes"),
                    Some(other) => {
                        return Err(InputError::new(
                            "transitive.nodes",
                            format!("must be an array of nodes, got {}", kind(other)),
                        ))
                    }
                    None => return Err(InputError::new(
                        "transitive",
                        "has no `nodes`: this is the output of `quorum` without transitive=true; \
                         use `stellar-core http-command 'quorum?transitive=true'`",
                    )),
                },
                (None, Some(other)) => {
                    return Err(InputError::new(
                        "transitive",
                        format!("must be an object, got {}", kind(other)),
                    ))
                }
                (None, None) => return Err(InputError::new("", "missing `nodes`")),
            },
            other => {
                return Err(InputError::new(
                    "",
                    format!(
                        "the top level must be an array or an object, got {}",
                        kind(other)
                    ),
                ))
            }
        };

    let mut seen: HashMap<String, String> = HashMap::with_capacity(items.len());
    let mut nodes = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{list}[{i}]");
        let obj = as_object(item, &at, "a node")?;
        let key = required_key(obj, "node", &at)?;
        let at = format!("{list}[{i}] ({key})");
        check_unique(&mut seen, key, &at, || format!("{list}[{i}]"))?;
        let quorum_set = match obj.get("qset") {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) if m.is_empty() => None,
            Some(q) => Some(parse_qset(q, &field(&at, "qset"), 1)?),
        };
        nodes.push(InputNode {
            public_key: key.to_string(),
            quorum_set,
            ..InputNode::default()
        });
    }

    // The wrapper's own node, when the transitive list does not have it.
    if let Value::Object(map) = value {
        if !map.contains_key("nodes") {
            if let (Some(Value::String(key)), Some(q)) = (map.get("node"), map.get("qset")) {
                if !seen.contains_key(key.as_str()) {
                    // Its `qset` is the SCP state summary; the set itself, if shown, is `{t, v}`
                    // there or under `value`.
                    let set = match q.get("t").map(|_| q).or_else(|| q.get("value")) {
                        Some(s) if s.get("t").is_some() => Some(parse_qset(s, "qset", 1)?),
                        _ => None,
                    };
                    nodes.push(InputNode {
                        public_key: key.clone(),
                        quorum_set: set,
                        ..InputNode::default()
                    });
                }
            }
        }
    }

    Ok(Input {
        nodes,
        organizations: Vec::new(),
    })
}

/// A qset `{t, v}` at nesting level `depth`; recursion stops at [`MAX_QSET_DEPTH`].
fn parse_qset(v: &Value, at: &str, depth: usize) -> Result<InputQuorumSet, InputError> {
    if depth > MAX_QSET_DEPTH {
        return Err(too_deep(at));
    }
    let obj = as_object(v, at, "a quorum set")?;
    let threshold = threshold(obj.get("t"), &field(at, "t"))?;
    let mut set = InputQuorumSet {
        threshold,
        ..InputQuorumSet::default()
    };
    let members = match obj.get("v") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(items)) => &items[..],
        Some(other) => {
            return Err(InputError::new(
                field(at, "v"),
                format!(
                    "must be an array of keys and quorum sets, got {}",
                    kind(other)
                ),
            ))
        }
    };
    for (j, m) in members.iter().enumerate() {
        match m {
            Value::String(s) => set.validators.push(s.clone()),
            Value::Object(_) => {
                set.inner_quorum_sets
                    .push(parse_qset(m, &format!("{at}.v[{j}]"), depth + 1)?)
            }
            other => {
                return Err(InputError::new(
                    format!("{at}.v[{j}]"),
                    format!(
                        "must be a key (a string) or a quorum set (an object), got {}",
                        kind(other)
                    ),
                ))
            }
        }
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn qs(t: u64, v: &[&str], inner: Vec<InputQuorumSet>) -> InputQuorumSet {
        InputQuorumSet {
            threshold: t,
            validators: v.iter().map(|s| s.to_string()).collect(),
            inner_quorum_sets: inner,
        }
    }

    #[test]
    fn check_quorum_intersection_input() {
        let input = parse(&json!({"nodes": [
            {"node": "GA", "qset": {"t": 2, "v": ["GA", "GB", {"t": 1, "v": ["GC", "GD"]}]}},
            {"node": "GB", "qset": {"t": 1, "v": ["GA"]}},
            {"node": "GC", "qset": {}},
            {"node": "GD"},
            {"node": "GE", "qset": null}
        ]}))
        .unwrap();
        let n = &input.nodes;
        assert_eq!(n.len(), 5);
        assert_eq!(
            n[0].quorum_set,
            Some(qs(2, &["GA", "GB"], vec![qs(1, &["GC", "GD"], vec![])]))
        );
        assert_eq!(n[1].quorum_set, Some(qs(1, &["GA"], vec![])));
        assert!(n[2..].iter().all(|n| n.quorum_set.is_none()));
        assert!(n
            .iter()
            .all(|n| n.name.is_none() && n.is_validating.is_none()));
    }

    #[test]
    fn transitive_quorum_output() {
        let input = parse(&json!({
            "critical": [["GA"]], "intersection": true, "last_check_ledger": 5, "node_count": 2,
            "nodes": [
                {"distance": 0, "heard": 9, "node": "GA", "qset": {"t": 1, "v": ["GB"]},
                 "status": "tracking", "value": "[ txH: 6b, ct: 1 ]", "value_id": 1},
                {"distance": 1, "node": "GB", "status": "unknown"}
            ],
            "maybe_dead_nodes": []
        }))
        .unwrap();
        assert_eq!(input.nodes.len(), 2);
        assert_eq!(input.nodes[0].quorum_set, Some(qs(1, &["GB"], vec![])));
        assert_eq!(input.nodes[1].quorum_set, None);
    }

    #[test]
    fn plain_array_and_wrapper() {
        let input = parse(&json!([{"node": "GA", "qset": {"t": 1, "v": ["GA"]}}])).unwrap();
        assert_eq!(input.nodes[0].public_key, "GA");

        let input = parse(&json!({
            "node": "GR",
            "qset": {"agree": 2, "missing": [], "phase": "EXTERNALIZE",
                     "value": {"t": 1, "v": ["GA"]}},
            "transitive": {"intersection": true, "nodes": [
                {"node": "GA", "qset": {"t": 1, "v": ["GA"]}}
            ]}
        }))
        .unwrap();
        assert_eq!(input.nodes.len(), 2);
        assert_eq!(input.nodes[1].public_key, "GR");
        assert_eq!(input.nodes[1].quorum_set, Some(qs(1, &["GA"], vec![])));

        let e = parse(&json!({"node": "GR", "qset": {}, "transitive": {"intersection": true}}))
            .unwrap_err();
        assert_eq!(e.at, "transitive");
        assert!(e.message.contains("transitive=true"), "{e}");
    }

    #[test]
    fn errors_name_node_and_field() {
        let cases = [
            (json!({"nodes": [{"qset": {}}]}), "nodes[0]"),
            (json!({"nodes": [{"node": 1}]}), "nodes[0].node"),
            (
                json!({"nodes": [{"node": "GA", "qset": {"v": []}}]}),
                "nodes[0] (GA).qset.t",
            ),
            (
                json!({"nodes": [{"node": "GA", "qset": {"t": -1}}]}),
                "nodes[0] (GA).qset.t",
            ),
            (
                json!({"nodes": [{"node": "GA", "qset": {"t": 0.5}}]}),
                "nodes[0] (GA).qset.t",
            ),
            (
                json!({"nodes": [{"node": "GA", "qset": {"t": "1"}}]}),
                "nodes[0] (GA).qset.t",
            ),
            (
                json!({"nodes": [{"node": "GA", "qset": {"t": 1, "v": "GB"}}]}),
                "nodes[0] (GA).qset.v",
            ),
            (
                json!({"nodes": [{"node": "GA", "qset": {"t": 1, "v": ["GB", 2]}}]}),
                "nodes[0] (GA).qset.v[1]",
            ),
            (
                json!({"nodes": [{"node": "GA", "qset": {"t": 1, "v": [{"t": true}]}}]}),
                "nodes[0] (GA).qset.v[0].t",
            ),
            (
                json!({"nodes": [{"node": "GA", "qset": "x"}]}),
                "nodes[0] (GA).qset",
            ),
            (
                json!({"nodes": [{"node": "GA"}, {"node": "GA"}]}),
                "nodes[1] (GA)",
            ),
            (json!({"nodes": [7]}), "nodes[0]"),
            (json!({"transitive": {"nodes": {}}}), "transitive.nodes"),
        ];
        for (v, at) in cases {
            let e = parse(&v).expect_err(at);
            assert_eq!(e.at, at, "{e}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |depth: usize| {
            let mut q = json!({"t": 1, "v": ["GA"]});
            for _ in 1..depth {
                q = json!({"t": 1, "v": [q]});
            }
            json!({"nodes": [{"node": "GA", "qset": q}]})
        };
        parse(&nested(MAX_QSET_DEPTH)).unwrap();
        let e = parse(&nested(MAX_QSET_DEPTH + 1)).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{e}");
    }
}
