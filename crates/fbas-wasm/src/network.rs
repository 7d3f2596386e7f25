//! `analyzeNetwork`: the whole per-scan analysis ([`fbas_core::analyze`]) of one network: the
//! 18 values the explorer stores, with status, witnesses and timings, as the core's report JSON.
//!
//! Values a budget left unknown are `null` and `stopped` says why (`deadline`, `clause-cap`):
//! the answer is never an error for running out of time.

use crate::abi::Failure;
use fbas_core::{analyze, parse, parse_faulty, Budget, Options};

/// `network`: the network's JSON text in any format [`fbas_core::parse`] reads (the package
/// sends stellarbeat's `{nodes, organizations}`); `faulty`: a JSON array of public keys.
pub fn analyze_network(network: &str, faulty: &str, budget: Budget) -> Result<String, Failure> {
    let input = parse(network)?;
    let faulty = parse_faulty(faulty);
    let options = Options {
        budget,
        ..Options::default()
    };
    let report = analyze(&input, &faulty, &options)?;
    serde_json::to_string(&report).map_err(|e| Failure::internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fbas_core::clock::Instant;
    use serde_json::{json, Value};

    /// Three 2-of-3 validators; GAA and GBB form one organization.
    fn three() -> String {
        let q = json!({"threshold": 2, "validators": ["GAA", "GBB", "GCC"]});
        let nodes = ["GAA", "GBB", "GCC"].map(|k| json!({"publicKey": k, "quorumSet": q}));
        json!({
            "nodes": nodes,
            "organizations": [{"id": "o1", "name": "one", "validators": ["GAA", "GBB"]}]
        })
        .to_string()
    }

    fn report(faulty: &str, budget: Budget) -> Value {
        serde_json::from_str(&analyze_network(&three(), faulty, budget).unwrap()).unwrap()
    }

    #[test]
    fn the_report_has_the_values_and_witnesses() {
        let r = report(r#"["GAA"]"#, Budget::default());
        assert_eq!(r["status"], "intersecting");
        assert_eq!(r["hasQuorumIntersection"], true);
        assert_eq!(
            r["node"],
            json!({"topTierSize": 3, "blockingSetsMinSize": 2,
                   "blockingSetsFilteredMinSize": 1, "splittingSetsMinSize": 1})
        );
        assert_eq!(r["organization"]["topTierSize"], 2);
        assert_eq!(r["witnesses"]["minQuorum"].as_array().unwrap().len(), 2);
        assert_eq!(r["stopped"], Value::Null);
    }

    #[test]
    fn a_spent_budget_gives_nulls_and_the_reason() {
        let budget = Budget {
            deadline: Some(Instant::now()),
            ..Budget::default()
        };
        let r = report("[]", budget);
        assert_eq!(r["stopped"], "deadline");
        assert_eq!(r["status"], "unknown");
        assert_eq!(r["node"]["splittingSetsMinSize"], Value::Null);
    }

    #[test]
    fn bad_input_names_where() {
        let bad = r#"{"nodes": [{"publicKey": "GAA", "quorumSet": {"threshold": -1}}]}"#;
        let e = analyze_network(bad, "[]", Budget::default()).unwrap_err();
        assert_eq!(e.code, "INVALID_INPUT");
        assert_eq!(
            e.path.as_deref(),
            Some("nodes[0] (GAA).quorumSet.threshold")
        );
        assert!(
            e.message.starts_with("invalid input: nodes[0]"),
            "{}",
            e.message
        );
        let e = analyze_network("{", "[]", Budget::default()).unwrap_err();
        assert_eq!(e.code, "INVALID_INPUT");
    }
}
