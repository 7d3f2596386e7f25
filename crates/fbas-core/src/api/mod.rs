//! The JSON API the packages expose (the Node.js addon, its synchronous `fbas-sat/legacy` entry
//! point, and the browser package): a [`Request`] made of the explorer's own values as JSON
//! text, answered by [`run`] through a [`Network`](crate::Network) session with the legacy engine's JSON shapes
//! (`answers`) or a typed [`Error`]. Everything a package adds is the marshalling of its host.

mod answers;
mod error;
mod request;

pub use answers::{
    Answer, HistoryAnswer, Marks, NamedList, NetworkAnswer, QsetAnswer, SetsAnswer,
    SymmetricAnswer, TopTierAnswer,
};
pub use error::{Code, Error};
pub use request::{legacy_merge_by, merge_by, Method, Request, DEFAULT_MAX_SETS, MAX_LIST_BYTES};

use crate::session::Cache;

/// Answer `req`, sharing what is computed through `cache`.
pub fn run(req: &Request, cache: &Cache) -> Result<Answer, Error> {
    if let (false, Some(why)) = (req.partial, req.budget.check()) {
        return Err(Error::stopped(why));
    }
    let faulty = req.faulty()?;
    let (net, cache_hit) = cache.session(&req.nodes, &req.organizations, || req.network())?;
    match req.method {
        Method::Network => answers::network(req, &net, &faulty),
        Method::HistoryCritical => answers::history(req, &net),
        Method::TopTier => answers::top_tier(req, &net, cache_hit),
        Method::SymmetricTopTier => answers::symmetric_top_tier(req, &net),
        Method::BlockingSets => answers::blocking_sets(req, net, &faulty),
        Method::SplittingSets => answers::splitting_sets(req, net),
        Method::MinimalQuorums => answers::minimal_quorums(req, net),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::grouping::Level;
    use serde_json::{json, Value};
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    use std::time::Instant;

    /// The backend facade test network: three 2-of-3 nodes, org1 = GAA+GBB, org2 = GCC.
    fn three(method: Method, level: Level) -> Request {
        let q = json!({"threshold": 2, "validators": ["GAA", "GBB", "GCC"], "innerQuorumSets": []});
        let nodes: Vec<Value> = ["GAA", "GBB", "GCC"]
            .iter()
            .map(|k| {
                json!({"publicKey": k, "name": k, "quorumSet": q,
                       "geoData": {"countryName": "Netherlands"}, "isp": "Cloudflare"})
            })
            .collect();
        let orgs = json!([
            {"id": "organization1", "name": "organization1", "validators": ["GAA", "GBB"]},
            {"id": "organization2", "name": "organization2", "validators": ["GCC"]}
        ]);
        Request {
            nodes: Value::Array(nodes).to_string(),
            organizations: orgs.to_string(),
            faulty: Some(r#"["GAA"]"#.into()),
            level,
            ..Request::new(method)
        }
    }

    fn text(req: &Request) -> String {
        run(req, &Cache::new(Default::default()))
            .unwrap()
            .to_json()
            .unwrap()
    }

    fn answer(req: &Request) -> Value {
        serde_json::from_str(&text(req)).unwrap()
    }

    #[test]
    fn top_tier_per_level() {
        let cases = [
            (Level::Node, json!(["GAA", "GBB", "GCC"])),
            (
                Level::Organization,
                json!(["organization1", "organization2"]),
            ),
            (Level::Country, json!(["Netherlands"])),
            (Level::Isp, json!(["Cloudflare"])),
        ];
        for (level, names) in cases {
            let n = names.as_array().unwrap().len();
            assert_eq!(
                answer(&three(Method::TopTier, level)),
                json!({"top_tier": names, "top_tier_size": n, "cache_hit": false})
            );
        }
    }

    #[test]
    fn cache_hit_says_the_network_was_seen() {
        let cache = Cache::new(Default::default());
        let req = three(Method::TopTier, Level::Node);
        let hit = |cache: &Cache| match run(&req, cache).unwrap() {
            Answer::TopTier(a) => a.cache_hit,
            other => panic!("{other:?}"),
        };
        assert!(!hit(&cache));
        assert!(hit(&cache));
        // A watcher (in no quorum) is removed by the preprocessing: the same network.
        let mut nodes: Vec<Value> = serde_json::from_str(&req.nodes).unwrap();
        nodes.push(json!({"publicKey": "GWW", "quorumSet":
            {"threshold": 1, "validators": ["GAA"], "innerQuorumSets": []}}));
        let watched = Request {
            nodes: Value::Array(nodes).to_string(),
            ..req.clone()
        };
        assert!(matches!(run(&watched, &cache).unwrap(), Answer::TopTier(a) if a.cache_hit));
        cache.clear();
        assert!(!hit(&cache));
    }

    #[test]
    fn symmetric_top_tier_merged_the_legacy_way() {
        assert_eq!(
            answer(&three(Method::SymmetricTopTier, Level::Node)),
            json!({"symmetric_top_tier": {"threshold": 2, "validators": ["GAA", "GBB", "GCC"]}})
        );
        // Merged, each member becomes its group; no collapse while two groups remain.
        assert_eq!(
            answer(&three(Method::SymmetricTopTier, Level::Organization)),
            json!({"symmetric_top_tier": {"threshold": 2,
                   "validators": ["organization1", "organization1", "organization2"]}})
        );
        // One group only: collapsed to it, threshold 1.
        assert_eq!(
            answer(&three(Method::SymmetricTopTier, Level::Country)),
            json!({"symmetric_top_tier": {"threshold": 1, "validators": ["Netherlands"]}})
        );
        let mut req = three(Method::SymmetricTopTier, Level::Node);
        req.nodes = "[]".into();
        assert_eq!(answer(&req), json!({"symmetric_top_tier": null}));
    }

    #[test]
    fn lists_in_the_legacy_shape() {
        assert_eq!(
            answer(&three(Method::MinimalQuorums, Level::Node)),
            json!({"result": [["GAA", "GBB"], ["GAA", "GCC"], ["GBB", "GCC"]],
                   "size": 3, "min": 2, "quorum_intersection": true})
        );
        assert_eq!(
            answer(&three(Method::BlockingSets, Level::Node)),
            json!({"result": [["GBB"], ["GCC"]], "size": 2, "min": 1, "quorum_intersection": null})
        );
        assert_eq!(
            answer(&three(Method::SplittingSets, Level::Organization)),
            json!({"result": [["organization1"], ["organization2"]], "size": 2, "min": 1,
                   "quorum_intersection": null})
        );
        // Keys in the legacy order.
        let text = text(&three(Method::MinimalQuorums, Level::Node));
        assert!(
            text.starts_with(r#"{"result":"#) && text.ends_with(r#""quorum_intersection":true}"#)
        );
    }

    #[test]
    fn a_list_cut_at_max_sets_says_so_and_keeps_the_exact_min() {
        let mut req = three(Method::MinimalQuorums, Level::Node);
        req.max_sets = 1;
        let a = answer(&req);
        assert_eq!(a["size"], json!(1));
        assert_eq!(a["min"], json!(2));
        assert_eq!(a["complete"], json!(false));
        assert!(a.get("interrupted").is_none());
    }

    #[test]
    fn a_list_out_of_budget_is_partial_or_rejected() {
        let mut req = three(Method::SplittingSets, Level::Node);
        req.budget.cancel = Some(Arc::new(AtomicBool::new(true)));
        let cache = Cache::new(Default::default());
        assert_eq!(run(&req, &cache).unwrap_err().code, Code::Aborted);
        req.partial = true;
        assert_eq!(
            answer(&req),
            json!({"result": null, "size": null, "min": null, "quorum_intersection": null,
                   "complete": false, "interrupted": "ABORTED"})
        );
    }

    #[test]
    fn network_report_values() {
        let a = answer(&three(Method::Network, Level::Node));
        assert_eq!(a["hasQuorumIntersection"], json!(true));
        assert_eq!(a["hasSymmetricTopTier"], json!(true));
        assert_eq!(a["status"], json!("intersecting"));
        assert_eq!(a["complete"], json!(true));
        assert_eq!(a["stopped"], json!(null));
        assert_eq!(a["bounds"], json!({}));
        assert_eq!(
            a["node"],
            json!({"topTierSize": 3, "blockingSetsMinSize": 2,
                   "blockingSetsFilteredMinSize": 1, "splittingSetsMinSize": 1})
        );
        assert_eq!(a["organization"]["topTierSize"], json!(2));
        assert!(a.get("interrupted").is_none());
    }

    #[test]
    fn bad_input_is_invalid_input() {
        let cache = Cache::new(Default::default());
        let mut req = three(Method::TopTier, Level::Node);
        req.nodes = r#"[{"publicKey": "GAA", "quorumSet": {"threshold": -1}}]"#.into();
        let e = run(&req, &cache).unwrap_err();
        assert_eq!(e.code, Code::InvalidInput);
        assert_eq!(
            e.path.as_deref(),
            Some("nodes[0] (GAA).quorumSet.threshold")
        );
        let mut req = three(Method::Network, Level::Node);
        req.faulty = Some("[1]".into());
        assert_eq!(
            run(&req, &cache).unwrap_err().path.as_deref(),
            Some("faultyNodes[0]")
        );
    }

    #[test]
    fn spent_budget_rejects_or_is_partial() {
        let cache = Cache::new(Default::default());
        let mut req = three(Method::Network, Level::Node);
        req.budget.cancel = Some(Arc::new(AtomicBool::new(true)));
        assert_eq!(run(&req, &cache).unwrap_err().code, Code::Aborted);
        let mut req = three(Method::Network, Level::Node);
        req.budget.deadline = Some(Instant::now());
        assert_eq!(run(&req, &cache).unwrap_err().code, Code::Timeout);
    }
}
