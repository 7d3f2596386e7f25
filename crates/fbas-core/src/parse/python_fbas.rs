//! python-fbas' compact format: `{validators: [{id, qset, attrs?}], qsets: {<id>: {threshold,
//! members}}}`.
//!
//! Each validator becomes a node with public key `id`; `name`, `geoData.countryName`, `isp` and
//! `historyArchiveHasError` come from `attrs` when present (other attributes, `isValidating`
//! included, are ignored, as in the legacy runs: python-fbas files have no faulty nodes). `qset: null` (or missing) is a node
//! without quorum set. A member that names a qset becomes an inner quorum set, any other
//! member a validator.
//!
//! Qsets refer to each other by id, so the input is a graph: it is walked iteratively, a cycle
//! or nesting deeper than [`MAX_QSET_DEPTH`] is an error naming the qset, and the total size of
//! the expanded quorum sets is capped ([`MAX_EXPANDED`]) so that shared sub-qsets cannot blow up.

use super::{
    as_object, check_unique, country, field, kind, opt_bool, opt_string, required_key, threshold,
    MAX_QSET_DEPTH,
};
use crate::network::input::{Input, InputError, InputNode, InputQuorumSet};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The most quorum-set entries (sets plus members) that the expanded quorum sets of all
/// validators may hold together.
pub const MAX_EXPANDED: u64 = 1 << 22;

/// One qset definition, members split into validators and qset ids (`inner`, with the index of
/// the member for error messages).
struct RawQset<'a> {
    threshold: u64,
    validators: Vec<&'a str>,
    inner: Vec<(usize, &'a str)>,
}

/// Parse a python-fbas `{validators, qsets}` object.
pub fn parse(value: &Value) -> Result<Input, InputError> {
    let top = as_object(value, "", "a python-fbas network")?;
    let empty = Map::new();
    let qsets_json = match top.get("qsets") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(m)) => m,
        Some(other) => {
            return Err(InputError::new(
                "qsets",
                format!(
                    "must be an object mapping qset ids to qsets, got {}",
                    kind(other)
                ),
            ))
        }
    };
    let validators = match top.get("validators") {
        Some(Value::Array(items)) => items,
        None => return Err(InputError::new("", "missing `validators`")),
        Some(other) => {
            return Err(InputError::new(
                "validators",
                format!("must be an array of validators, got {}", kind(other)),
            ))
        }
    };

    // Every qset definition, shape-checked.
    let mut raw: HashMap<&str, RawQset> = HashMap::with_capacity(qsets_json.len());
    for (id, def) in qsets_json {
        let at = qset_at(id);
        let obj = as_object(def, &at, "a qset")?;
        let threshold = threshold(obj.get("threshold"), &field(&at, "threshold"))?;
        let members = match obj.get("members") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(items)) => &items[..],
            Some(other) => {
                return Err(InputError::new(
                    field(&at, "members"),
                    format!(
                        "must be an array of validator or qset ids, got {}",
                        kind(other)
                    ),
                ))
            }
        };
        let mut q = RawQset {
            threshold,
            validators: Vec::new(),
            inner: Vec::new(),
        };
        for (j, m) in members.iter().enumerate() {
            match m {
                Value::String(s) if qsets_json.contains_key(s) => q.inner.push((j, s)),
                Value::String(s) => q.validators.push(s),
                other => {
                    return Err(InputError::new(
                        format!("{at}.members[{j}]"),
                        format!(
                            "must be a validator or qset id (a string), got {}",
                            kind(other)
                        ),
                    ))
                }
            }
        }
        raw.insert(id, q);
    }

    let built = build_all(&raw)?;

    let mut seen: HashMap<String, String> = HashMap::with_capacity(validators.len());
    let mut nodes = Vec::with_capacity(validators.len());
    let mut expanded: u64 = 0;
    for (i, v) in validators.iter().enumerate() {
        let at = format!("validators[{i}]");
        let obj = as_object(v, &at, "a validator")?;
        let id = required_key(obj, "id", &at)?;
        let at = format!("validators[{i}] ({id})");
        check_unique(&mut seen, id, &at, || format!("validators[{i}]"))?;
        let quorum_set = match obj.get("qset") {
            None | Some(Value::Null) => None,
            Some(Value::String(q)) => {
                let (set, size) = built.get(q.as_str()).ok_or_else(|| {
                    InputError::new(field(&at, "qset"), format!("unknown qset id {q:?}"))
                })?;
                expanded = expanded.saturating_add(*size);
                if expanded > MAX_EXPANDED {
                    return Err(InputError::new(
                        field(&at, "qset"),
                        format!("the validators' quorum sets expand to more than {MAX_EXPANDED} entries"),
                    ));
                }
                Some(set.clone())
            }
            Some(other) => {
                return Err(InputError::new(
                    field(&at, "qset"),
                    format!("must be a qset id (a string) or null, got {}", kind(other)),
                ))
            }
        };
        let (name, country, isp, history_archive_has_error) = match obj.get("attrs") {
            None | Some(Value::Null) => (None, None, None, None),
            Some(Value::Object(attrs)) => {
                let at = field(&at, "attrs");
                (
                    opt_string(attrs, "name", &at)?,
                    country(attrs, &at)?,
                    opt_string(attrs, "isp", &at)?,
                    opt_bool(attrs, "historyArchiveHasError", &at)?,
                )
            }
            Some(other) => {
                return Err(InputError::new(
                    field(&at, "attrs"),
                    format!("must be an object, got {}", kind(other)),
                ))
            }
        };
        nodes.push(InputNode {
            public_key: id.to_string(),
            name,
            quorum_set,
            country,
            isp,
            is_validating: None,
            history_archive_has_error,
        });
    }
    Ok(Input {
        nodes,
        organizations: Vec::new(),
    })
}

fn qset_at(id: &str) -> String {
    format!("qsets[{id:?}]")
}

/// Expand every qset into an [`InputQuorumSet`] (with its expanded size), children first. An
/// explicit stack replaces recursion; cycles and too deep nesting are reported by qset id.
fn build_all<'a>(
    raw: &HashMap<&'a str, RawQset<'a>>,
) -> Result<HashMap<&'a str, (InputQuorumSet, u64)>, InputError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        OnStack,
        Done,
    }
    let mut mark: HashMap<&str, Mark> = HashMap::with_capacity(raw.len());
    // Nesting depth below each finished qset (1 for a qset without inner qsets).
    let mut depth: HashMap<&str, usize> = HashMap::with_capacity(raw.len());
    let mut built: HashMap<&str, (InputQuorumSet, u64)> = HashMap::with_capacity(raw.len());
    let mut total: u64 = 0;

    // Deterministic order, so that the same input always reports the same error.
    let mut roots: Vec<&str> = raw.keys().copied().collect();
    roots.sort_unstable();
    for root in roots {
        if mark.contains_key(root) {
            continue;
        }
        // (qset id, index of the next inner qset to visit)
        let mut stack: Vec<(&str, usize)> = vec![(root, 0)];
        mark.insert(root, Mark::OnStack);
        while let Some(&mut (id, ref mut next)) = stack.last_mut() {
            let q = &raw[id];
            if let Some(&(j, child)) = q.inner.get(*next) {
                *next += 1;
                match mark.get(child) {
                    Some(Mark::Done) => {}
                    Some(Mark::OnStack) => {
                        let start = stack.iter().position(|(s, _)| *s == child).unwrap_or(0);
                        let cycle: Vec<&str> = stack[start..]
                            .iter()
                            .map(|(s, _)| *s)
                            .chain([child])
                            .collect();
                        return Err(InputError::new(
                            format!("{}.members[{j}]", qset_at(id)),
                            format!(
                                "qsets refer to each other in a cycle: {}",
                                cycle.join(" -> ")
                            ),
                        ));
                    }
                    None => {
                        if stack.len() >= MAX_QSET_DEPTH {
                            return Err(super::too_deep(&qset_at(child)));
                        }
                        mark.insert(child, Mark::OnStack);
                        stack.push((child, 0));
                    }
                }
                continue;
            }
            // All inner qsets are built: build this one.
            stack.pop();
            let d = 1 + q.inner.iter().map(|(_, c)| depth[c]).max().unwrap_or(0);
            if d + stack.len() > MAX_QSET_DEPTH {
                return Err(super::too_deep(&qset_at(id)));
            }
            // Check the size before copying anything.
            let size = q
                .inner
                .iter()
                .fold(1 + q.validators.len() as u64, |acc, (_, c)| {
                    acc.saturating_add(built[c].1)
                });
            total = total.saturating_add(size);
            if total > MAX_EXPANDED {
                return Err(InputError::new(
                    qset_at(id),
                    format!("the qsets expand to more than {MAX_EXPANDED} entries"),
                ));
            }
            let set = InputQuorumSet {
                threshold: q.threshold,
                validators: q.validators.iter().map(|s| s.to_string()).collect(),
                inner_quorum_sets: q.inner.iter().map(|(_, c)| built[c].0.clone()).collect(),
            };
            mark.insert(id, Mark::Done);
            depth.insert(id, d);
            built.insert(id, (set, size));
        }
    }
    Ok(built)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn qs(threshold: u64, validators: &[&str], inner: Vec<InputQuorumSet>) -> InputQuorumSet {
        InputQuorumSet {
            threshold,
            validators: validators.iter().map(|s| s.to_string()).collect(),
            inner_quorum_sets: inner,
        }
    }

    #[test]
    fn validators_qsets_and_attrs() {
        let input = parse(&json!({
            "validators": [
                {"id": "PK1", "qset": "_q1", "attrs": {"publicKey": "PK1", "name": "One",
                    "geoData": {"countryName": "Chile"}, "isp": "ISP", "isValidating": false,
                    "historyArchiveHasError": false}},
                {"id": "PK2", "qset": "_q2", "attrs": {}},
                {"id": "PK3", "qset": null, "attrs": {"historyArchiveHasError": true}},
                {"id": "PK4"}
            ],
            "qsets": {
                "_q1": {"threshold": 2, "members": ["PK1", "_q2", "PK9"]},
                "_q2": {"threshold": 1, "members": ["PK2", "PK3"]}
            }
        }))
        .unwrap();
        let n = &input.nodes;
        assert_eq!(n.len(), 4);
        assert_eq!(n[0].public_key, "PK1");
        assert_eq!(n[0].name.as_deref(), Some("One"));
        assert_eq!(n[0].country.as_deref(), Some("Chile"));
        assert_eq!(n[0].isp.as_deref(), Some("ISP"));
        // isValidating in attrs is not read: python-fbas files have no faulty nodes.
        assert_eq!(n[0].is_validating, None);
        // historyArchiveHasError is, for the history-critical set; missing is None.
        assert_eq!(n[0].history_archive_has_error, Some(false));
        assert_eq!(n[1].history_archive_has_error, None);
        assert_eq!(n[2].history_archive_has_error, Some(true));
        assert_eq!(n[3].history_archive_has_error, None);
        let q2 = qs(1, &["PK2", "PK3"], vec![]);
        assert_eq!(
            n[0].quorum_set,
            Some(qs(2, &["PK1", "PK9"], vec![q2.clone()]))
        );
        assert_eq!(n[1].quorum_set, Some(q2));
        assert_eq!(n[1].name, None);
        assert_eq!(n[2].quorum_set, None);
        assert_eq!(n[3].quorum_set, None);
    }

    #[test]
    fn empty_and_odd_qsets_are_valid() {
        let input = parse(&json!({
            "validators": [{"id": "A", "qset": "_e"}, {"id": "B", "qset": "_big"}],
            "qsets": {"_e": {"threshold": 0, "members": []},
                      "_big": {"threshold": 5, "members": ["B", "B"]}}
        }))
        .unwrap();
        assert_eq!(input.nodes[0].quorum_set, Some(qs(0, &[], vec![])));
        assert_eq!(input.nodes[1].quorum_set, Some(qs(5, &["B", "B"], vec![])));
        // qsets may be missing when nobody has one.
        let input = parse(&json!({"validators": [{"id": "A", "qset": null}]})).unwrap();
        assert_eq!(input.nodes.len(), 1);
    }

    #[test]
    fn errors_name_validator_and_field() {
        let cases = [
            (json!({"validators": [{"qset": null}]}), "validators[0]"),
            (json!({"validators": [{"id": 3}]}), "validators[0].id"),
            (json!({"validators": [5]}), "validators[0]"),
            (
                json!({"validators": [{"id": "A", "qset": "_nope"}]}),
                "validators[0] (A).qset",
            ),
            (
                json!({"validators": [{"id": "A", "qset": 1}]}),
                "validators[0] (A).qset",
            ),
            (
                json!({"validators": [{"id": "A", "attrs": "x"}]}),
                "validators[0] (A).attrs",
            ),
            (
                json!({"validators": [{"id": "A", "attrs": {"name": 1}}]}),
                "validators[0] (A).attrs.name",
            ),
            (
                json!({"validators": [{"id": "A", "attrs": {"geoData": {"countryName": 2}}}]}),
                "validators[0] (A).attrs.geoData.countryName",
            ),
            (
                json!({"validators": [{"id": "A", "attrs": {"historyArchiveHasError": "no"}}]}),
                "validators[0] (A).attrs.historyArchiveHasError",
            ),
            (
                json!({"validators": [{"id": "A"}, {"id": "A"}]}),
                "validators[1] (A)",
            ),
            (json!({"validators": {}}), "validators"),
            (json!({"validators": [], "qsets": []}), "qsets"),
            (
                json!({"validators": [], "qsets": {"_q": {"threshold": -1, "members": []}}}),
                "qsets[\"_q\"].threshold",
            ),
            (
                json!({"validators": [], "qsets": {"_q": {"threshold": "1", "members": []}}}),
                "qsets[\"_q\"].threshold",
            ),
            (
                json!({"validators": [], "qsets": {"_q": {"members": []}}}),
                "qsets[\"_q\"].threshold",
            ),
            (
                json!({"validators": [], "qsets": {"_q": {"threshold": 1, "members": ["A", 2]}}}),
                "qsets[\"_q\"].members[1]",
            ),
            (
                json!({"validators": [], "qsets": {"_q": {"threshold": 1, "members": "A"}}}),
                "qsets[\"_q\"].members",
            ),
            (
                json!({"validators": [], "qsets": {"_q": 1}}),
                "qsets[\"_q\"]",
            ),
        ];
        for (v, at) in cases {
            let e = parse(&v).expect_err(at);
            assert_eq!(e.at, at, "{e}");
        }
        let e = parse(&json!({"validators": [{"id": "A"}, {"id": "A"}]})).unwrap_err();
        assert!(e.message.contains("duplicate"), "{e}");
    }

    #[test]
    fn cycles_are_errors() {
        let e = parse(&json!({
            "validators": [{"id": "A", "qset": "_a"}],
            "qsets": {"_a": {"threshold": 1, "members": ["A", "_b"]},
                      "_b": {"threshold": 1, "members": ["_c"]},
                      "_c": {"threshold": 1, "members": ["_a"]}}
        }))
        .unwrap_err();
        assert!(e.message.contains("cycle"), "{e}");
        assert!(e.message.contains("_a -> _b -> _c -> _a"), "{e}");
        assert_eq!(e.at, "qsets[\"_c\"].members[0]");
        let e = parse(&json!({
            "validators": [], "qsets": {"_s": {"threshold": 1, "members": ["_s"]}}
        }))
        .unwrap_err();
        assert!(e.message.contains("cycle"), "{e}");
    }

    fn chain(levels: usize) -> Value {
        let mut qsets = serde_json::Map::new();
        for i in 0..levels {
            let members = if i + 1 < levels {
                json!(["A", format!("_q{}", i + 1)])
            } else {
                json!(["A"])
            };
            qsets.insert(
                format!("_q{i}"),
                json!({"threshold": 1, "members": members}),
            );
        }
        json!({"validators": [{"id": "A", "qset": "_q0"}], "qsets": qsets})
    }

    #[test]
    fn nesting_is_bounded() {
        let input = parse(&chain(MAX_QSET_DEPTH)).unwrap();
        let mut depth = 0;
        let mut q = input.nodes[0].quorum_set.as_ref();
        while let Some(s) = q {
            depth += 1;
            q = s.inner_quorum_sets.first();
        }
        assert_eq!(depth, MAX_QSET_DEPTH);
        let e = parse(&chain(MAX_QSET_DEPTH + 1)).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{e}");
        assert!(e.at.starts_with("qsets[\"_q"), "{e}");
        // A long chain is walked without recursion.
        let e = parse(&chain(100_000)).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{e}");
    }

    #[test]
    fn shared_subqsets_cannot_explode() {
        // Each level refers to the next one twice: 2^30 leaves if expanded naively.
        let mut qsets = serde_json::Map::new();
        for i in 0..30 {
            let next = format!("_q{}", i + 1);
            qsets.insert(
                format!("_q{i}"),
                json!({"threshold": 1, "members": [next, next]}),
            );
        }
        qsets.insert("_q30".into(), json!({"threshold": 1, "members": ["A"]}));
        let e = parse(&json!({"validators": [{"id": "A", "qset": "_q0"}], "qsets": qsets}))
            .unwrap_err();
        assert!(e.message.contains("expand"), "{e}");
    }
}
