//! Suspicious quorum sets: configurations that are valid input, and are analysed with the legacy
//! engine's semantics, but are almost certainly not what their operator meant.
//!
//! - **threshold 0**: the set is always satisfied, whoever agrees (a node whose own set has
//!   threshold 0 is a one-node quorum, which the legacy preprocessing removes);
//! - **threshold above the member count**: the set can never be satisfied (validators plus inner
//!   sets, a validator listed twice counting twice, as in the analysis);
//! - **a validator missing from its own quorum set**: the node's key appears nowhere in its
//!   quorum set, inner sets included, so its own agreement never counts towards its slices.
//!
//! Nodes without a quorum set are not warned about: they are unsatisfiable by definition, which
//! the input states plainly. That includes an empty quorum set with a positive threshold, which is
//! how stellarbeat writes a quorum set it does not know (`{threshold: 2^53 - 1, validators: []}`).
//! An empty set with threshold 0 is warned about: it makes its node a quorum on its own.

use super::input::{Input, InputQuorumSet};
use serde::Serialize;
use std::fmt;

/// What is suspicious about one quorum set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Suspicion {
    /// The threshold is 0.
    ThresholdZero,
    /// The threshold is larger than the number of members (validators plus inner sets).
    #[serde(rename_all = "camelCase")]
    ThresholdAboveMembers { threshold: u64, members: usize },
    /// The node's own key is in neither its quorum set nor any inner set of it.
    MissingSelf,
}

/// One suspicious quorum set: the node it belongs to and where in that node's quorum set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuorumSetWarning {
    /// The node's public key.
    pub public_key: String,
    /// The node's name, when the input gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The set's path in the node, e.g. `quorumSet` or `quorumSet.innerQuorumSets[1]`.
    pub path: String,
    #[serde(flatten)]
    pub suspicion: Suspicion,
}

impl fmt::Display for Suspicion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Suspicion::ThresholdZero => write!(f, "threshold 0, always satisfied"),
            Suspicion::ThresholdAboveMembers { threshold, members } => write!(
                f,
                "threshold {threshold} above its {members} member{}, never satisfied",
                if *members == 1 { "" } else { "s" }
            ),
            Suspicion::MissingSelf => write!(f, "does not list the node itself"),
        }
    }
}

impl fmt::Display for QuorumSetWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{} ({name})", self.public_key)?,
            None => write!(f, "{}", self.public_key)?,
        }
        write!(f, ": {}: {}", self.path, self.suspicion)
    }
}

/// Every suspicious quorum set of `input`, node by node in input order, each node's sets
/// outermost first.
pub fn quorum_set_warnings(input: &Input) -> Vec<QuorumSetWarning> {
    let mut warnings = Vec::new();
    for node in &input.nodes {
        let Some(qset) = node.quorum_set.as_ref().filter(|q| !is_unknown(q)) else {
            continue;
        };
        let mut push = |path: String, suspicion| {
            warnings.push(QuorumSetWarning {
                public_key: node.public_key.clone(),
                name: node.name.clone().filter(|n| !n.trim().is_empty()),
                path,
                suspicion,
            })
        };
        let mut sets = Vec::new();
        collect_sets(qset, "quorumSet".to_string(), &mut sets);
        for (path, set) in sets {
            let members = set.validators.len() + set.inner_quorum_sets.len();
            if set.threshold == 0 {
                push(path, Suspicion::ThresholdZero);
            } else if set.threshold > members as u64 {
                push(
                    path,
                    Suspicion::ThresholdAboveMembers {
                        threshold: set.threshold,
                        members,
                    },
                );
            }
        }
        if !lists(qset, &node.public_key) {
            push("quorumSet".to_string(), Suspicion::MissingSelf);
        }
    }
    warnings
}

/// Whether a node's quorum set says "not known": no members, and a threshold nobody meets.
fn is_unknown(qset: &InputQuorumSet) -> bool {
    qset.validators.is_empty() && qset.inner_quorum_sets.is_empty() && qset.threshold > 0
}

/// `qset` and its inner sets (outermost first), each with its path.
fn collect_sets<'a>(
    qset: &'a InputQuorumSet,
    path: String,
    out: &mut Vec<(String, &'a InputQuorumSet)>,
) {
    out.push((path.clone(), qset));
    for (i, inner) in qset.inner_quorum_sets.iter().enumerate() {
        collect_sets(inner, format!("{path}.innerQuorumSets[{i}]"), out);
    }
}

/// Whether `key` is a validator of `qset` or of any of its inner sets.
fn lists(qset: &InputQuorumSet, key: &str) -> bool {
    qset.validators.iter().any(|v| v == key) || qset.inner_quorum_sets.iter().any(|q| lists(q, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::input::InputNode;

    fn qset(threshold: u64, validators: &[&str], inner: Vec<InputQuorumSet>) -> InputQuorumSet {
        InputQuorumSet {
            threshold,
            validators: validators.iter().map(|v| v.to_string()).collect(),
            inner_quorum_sets: inner,
        }
    }

    fn node(key: &str, quorum_set: Option<InputQuorumSet>) -> InputNode {
        InputNode {
            public_key: key.into(),
            quorum_set,
            ..InputNode::default()
        }
    }

    fn warnings(nodes: Vec<InputNode>) -> Vec<(String, String, Suspicion)> {
        let input = Input {
            nodes,
            organizations: vec![],
        };
        quorum_set_warnings(&input)
            .into_iter()
            .map(|w| (w.public_key, w.path, w.suspicion))
            .collect()
    }

    #[test]
    fn a_sound_network_has_no_warnings() {
        let q = || Some(qset(2, &["A", "B"], vec![qset(1, &["C"], vec![])]));
        assert!(warnings(vec![node("A", q()), node("B", q()), node("C", q())]).is_empty());
        // The node may list itself in an inner set only, and a node without a quorum set is
        // unsatisfiable by definition.
        let inner_only = Some(qset(1, &["B"], vec![qset(1, &["A"], vec![])]));
        assert!(warnings(vec![node("A", inner_only), node("B", None)]).is_empty());
        // stellarbeat's unknown quorum set is unsatisfiable on purpose.
        let unknown = Some(qset(9_007_199_254_740_991, &[], vec![]));
        assert!(warnings(vec![node("A", unknown)]).is_empty());
    }

    #[test]
    fn an_empty_set_with_threshold_0_is_a_one_node_quorum() {
        let w = warnings(vec![node("A", Some(qset(0, &[], vec![])))]);
        assert_eq!(
            w,
            vec![
                ("A".into(), "quorumSet".into(), Suspicion::ThresholdZero),
                ("A".into(), "quorumSet".into(), Suspicion::MissingSelf),
            ]
        );
    }

    #[test]
    fn each_suspicion_with_its_path() {
        let a = qset(
            3,
            &["A", "B"],
            vec![qset(0, &[], vec![]), qset(2, &["C"], vec![])],
        );
        let w = warnings(vec![
            node("A", Some(a)),
            node("B", Some(qset(1, &["A"], vec![]))),
        ]);
        assert_eq!(
            w,
            vec![
                (
                    "A".into(),
                    "quorumSet.innerQuorumSets[0]".into(),
                    Suspicion::ThresholdZero
                ),
                (
                    "A".into(),
                    "quorumSet.innerQuorumSets[1]".into(),
                    Suspicion::ThresholdAboveMembers {
                        threshold: 2,
                        members: 1
                    }
                ),
                ("B".into(), "quorumSet".into(), Suspicion::MissingSelf),
            ]
        );
    }

    #[test]
    fn duplicates_count_as_members_as_in_the_analysis() {
        // Threshold 2 over A listed twice is met by A alone: not above the member count.
        let w = warnings(vec![node("A", Some(qset(2, &["A", "A"], vec![])))]);
        assert!(w.is_empty(), "{w:?}");
        let w = warnings(vec![node("A", Some(qset(3, &["A", "A"], vec![])))]);
        assert_eq!(
            w[0].2,
            Suspicion::ThresholdAboveMembers {
                threshold: 3,
                members: 2
            }
        );
    }

    #[test]
    fn messages_and_json() {
        let input = Input {
            nodes: vec![InputNode {
                name: Some("Alpha".into()),
                ..node("GA", Some(qset(2, &["GB"], vec![])))
            }],
            organizations: vec![],
        };
        let w = quorum_set_warnings(&input);
        let text: Vec<String> = w.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            text,
            [
                "GA (Alpha): quorumSet: threshold 2 above its 1 member, never satisfied",
                "GA (Alpha): quorumSet: does not list the node itself",
            ]
        );
        assert_eq!(
            serde_json::to_value(&w[0]).unwrap(),
            serde_json::json!({"publicKey": "GA", "name": "Alpha", "path": "quorumSet",
                               "kind": "threshold-above-members", "threshold": 2, "members": 1})
        );
    }
}
