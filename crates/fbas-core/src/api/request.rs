//! One call as the packages receive it: the explorer's own values as JSON text (`JSON.stringify`
//! of `FbasAnalysisNode[]`, `FbasAnalysisOrganization[]` and the faulty public keys, as the
//! backend gave them to the legacy engine), the grouping level, and the options.
//!
//! The checks are the stellarbeat reader's, so every error names the node (index and public
//! key) and the field: `nodes[3] (GABC…).quorumSet.threshold: must be a non-negative integer`.
//! `quorumSet`, `name`, `geoData` and `isp` may be null; a missing `quorumSet` is a node that can
//! never be satisfied (as in the legacy engine).

use super::Error;
use crate::budget::Budget;
use crate::network::grouping::Level;
use crate::network::input::{Input, InputError, MAX_QSET_DEPTH};
use crate::parse::{kind, organization_items, raw_array, stellarbeat};
use serde_json::Value;

/// The most minimal sets a list answer holds unless the caller says otherwise: above every list
/// the legacy engine returns on the shared networks (the largest, 97 686 minimal quorums).
pub const DEFAULT_MAX_SETS: usize = 1_000_000;

/// The most bytes of names a list answer holds (an estimate of its JSON text): a list longer
/// than this is cut (`complete: false`), whatever `maxSets` says. 128 MiB: the largest list the
/// legacy engine returns on the shared networks takes about 110 MiB.
pub const MAX_LIST_BYTES: usize = 128 << 20;

/// Which answer a call asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Everything one scan stores ([`crate::Report`]).
    Network,
    TopTier,
    SymmetricTopTier,
    BlockingSets,
    SplittingSets,
    MinimalQuorums,
    HistoryCritical,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::Network,
        Method::TopTier,
        Method::SymmetricTopTier,
        Method::BlockingSets,
        Method::SplittingSets,
        Method::MinimalQuorums,
        Method::HistoryCritical,
    ];

    /// The method of a [`Method::name`] (the packages' JavaScript passes the name).
    pub fn named(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The Node.js method's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Method::Network => "analyzeNetwork",
            Method::TopTier => "analyzeTopTier",
            Method::SymmetricTopTier => "analyzeSymmetricTopTier",
            Method::BlockingSets => "analyzeBlockingSets",
            Method::SplittingSets => "analyzeSplittingSets",
            Method::MinimalQuorums => "analyzeMinimalQuorums",
            Method::HistoryCritical => "analyzeHistoryCritical",
        }
    }

    /// Whether the method takes faulty nodes.
    pub fn takes_faulty(self) -> bool {
        matches!(self, Method::Network | Method::BlockingSets)
    }
}

/// Everything one call needs, owned, so that it can move to another thread.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// JSON text of `nodes`.
    pub nodes: String,
    /// JSON text of `organizations` (`null` or `[]` for none).
    pub organizations: String,
    /// JSON text of the faulty public keys (methods that take them; `None`: none).
    pub faulty: Option<String>,
    pub level: Level,
    /// The most sets a list answer holds ([`DEFAULT_MAX_SETS`]).
    pub max_sets: usize,
    /// When the budget runs out: answer with the exact values known (`null` for the rest),
    /// instead of an error.
    pub partial: bool,
    pub budget: Budget,
}

impl Request {
    /// A call of `method` on no nodes, with the default options.
    pub fn new(method: Method) -> Request {
        Request {
            method,
            nodes: "[]".into(),
            organizations: "[]".into(),
            faulty: None,
            level: Level::Node,
            max_sets: DEFAULT_MAX_SETS,
            partial: false,
            budget: Budget::default(),
        }
    }

    /// The network, checked. The node array is read one node at a time (see
    /// [the `parse` module](mod@crate::parse)); anything else is parsed whole, to say what it is.
    pub(crate) fn network(&self) -> Result<Input, Error> {
        let items = match raw_array(&self.nodes) {
            Some(items) => items,
            None => {
                let nodes = parse_json(&self.nodes, "nodes")?;
                return Err(Error::invalid(
                    "nodes",
                    format!("must be an array of nodes, got {}", kind(&nodes)),
                ));
            }
        };
        let organizations = parse_json(&self.organizations, "organizations")?;
        // Their shape is checked before the nodes are read, their contents after.
        if !organizations.is_null() {
            organization_items(&organizations, "organizations")?;
        }
        Ok(Input {
            nodes: stellarbeat::parse_raw_nodes(&items, &|e| unreadable("nodes", e))?,
            organizations: stellarbeat::organizations(Some(&organizations))?,
        })
    }

    /// The faulty public keys, checked.
    pub(crate) fn faulty(&self) -> Result<Vec<String>, Error> {
        match &self.faulty {
            Some(text) => faulty(parse_json(text, "faultyNodes")?),
            None => Ok(Vec::new()),
        }
    }
}

/// Parse one argument's JSON text. serde_json stops at 128 nested arrays and objects, far below
/// anything that could exhaust the stack, and far above the legal quorum-set nesting (a quorum set
/// at level `MAX_QSET_DEPTH` is `2 * MAX_QSET_DEPTH + 1` JSON levels deep).
fn parse_json(text: &str, what: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| unreadable(what, e).into())
}

/// Why argument `what` cannot be read as JSON.
fn unreadable(what: &str, e: serde_json::Error) -> InputError {
    if e.to_string().contains("recursion limit") {
        InputError::new(
            what,
            format!(
                "nested too deeply (quorum sets may be nested at most {MAX_QSET_DEPTH} levels)"
            ),
        )
    } else {
        InputError::new(what, format!("cannot be read: {e}"))
    }
}

/// The faulty nodes: an array of public keys (keys that are not nodes are ignored).
fn faulty(value: Value) -> Result<Vec<String>, Error> {
    let Value::Array(items) = value else {
        return Err(Error::invalid(
            "faultyNodes",
            format!("must be an array of public keys, got {}", kind(&value)),
        ));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::String(s) => Ok(s),
            other => Err(Error::invalid(
                format!("faultyNodes[{i}]"),
                format!("must be a public key (a string), got {}", kind(&other)),
            )),
        })
        .collect()
}

/// The Node API's `mergeBy`: null (or missing) for nodes, else `'ORGANIZATION' | 'COUNTRY' |
/// 'ISP'`.
pub fn merge_by(value: Option<&str>) -> Result<Level, Error> {
    match value {
        None => Ok(Level::Node),
        Some("ORGANIZATION") => Ok(Level::Organization),
        Some("COUNTRY") => Ok(Level::Country),
        Some("ISP") => Ok(Level::Isp),
        Some(other) => Err(Error::invalid(
            "mergeBy",
            format!("must be 'ORGANIZATION', 'COUNTRY', 'ISP' or null, got '{other}'"),
        )),
    }
}

/// The legacy engine's `MergeBy` enum: `DoNotMerge = 0, Orgs = 1, ISPs = 2, Countries = 3`.
pub fn legacy_merge_by(value: f64) -> Result<Level, Error> {
    match value {
        0.0 => Ok(Level::Node),
        1.0 => Ok(Level::Organization),
        2.0 => Ok(Level::Isp),
        3.0 => Ok(Level::Country),
        other => Err(Error::invalid(
            "merge_by",
            format!(
                "must be MergeBy.DoNotMerge (0), Orgs (1), ISPs (2) or Countries (3), got {other}"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Code;
    use serde_json::json;

    /// The network of a call given these nodes and organizations, as JSON.
    fn network(nodes: Value, organizations: Value) -> Result<Input, Error> {
        let request = Request {
            nodes: nodes.to_string(),
            organizations: organizations.to_string(),
            ..Request::new(Method::Network)
        };
        request.network()
    }

    fn bad(nodes: Value) -> Error {
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
        let text = "[".repeat(10_000);
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
        assert_eq!(legacy_merge_by(2.0).unwrap(), Level::Isp);
        assert_eq!(legacy_merge_by(3.0).unwrap(), Level::Country);
        assert!(legacy_merge_by(4.0).is_err());
    }
}
