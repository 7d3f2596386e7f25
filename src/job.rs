//! One call, as it runs on a libuv worker thread: JSON text in, JSON text out. Plain Rust (no
//! napi), so it is tested by `cargo test`.
//!
//! Every number comes from fbas-core; this module only parses the arguments, calls the core, and
//! shapes the answer as the legacy engine's JSON (names, key order, which keys exist).

use crate::errors::Fail;
use crate::input;
use fbas_core::analyses::intersection::{check, Intersection};
use fbas_core::analyses::minimal_sets::{NamedSets, Prepared};
use fbas_core::analyses::symmetric_top_tier::QsetTree;
use fbas_core::network::grouping::Grouping;
use fbas_core::outcome::Failure;
use fbas_core::{
    analyze, AnalysisError, Bound, Budget, Input, Level, Options, Report, Status, Stop,
};
use serde::Serialize;
use std::cmp::Ordering;

/// Default `options.maxSets`: how many minimal sets a list method returns at most.
pub const DEFAULT_MAX_SETS: usize = 10_000;

/// Which API method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Network,
    TopTier,
    SymmetricTopTier,
    BlockingSets,
    SplittingSets,
    MinimalQuorums,
    HistoryCritical,
}

impl Method {
    /// The JS name, for messages.
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
}

/// Everything one call needs, owned, so that it can move to a worker thread.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// JSON text of `nodes`.
    pub nodes: String,
    /// JSON text of `organizations`.
    pub organizations: String,
    /// JSON text of `faultyNodes` (analyzeNetwork, analyzeBlockingSets).
    pub faulty: Option<String>,
    pub level: Level,
    pub max_sets: usize,
    pub partial: bool,
    pub budget: Budget,
}

impl Request {
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
}

/// Run the call; the answer is JSON text.
pub fn run(req: &Request) -> Result<String, Fail> {
    if let (false, Some(why)) = (req.partial, req.budget.check()) {
        return Err(Fail::interrupted(why));
    }
    let nodes = input::parse_json(&req.nodes, "nodes")?;
    let organizations = input::parse_json(&req.organizations, "organizations")?;
    let faulty = match &req.faulty {
        Some(text) => input::faulty(input::parse_json(text, "faultyNodes")?)?,
        None => Vec::new(),
    };
    let input = input::network(nodes, organizations)?;
    match req.method {
        Method::Network => return network(req, &input, &faulty),
        Method::HistoryCritical => return history(req, &input),
        _ => {}
    }
    let prepared = Prepared::new(&input)?;
    let (level, limit, budget) = (req.level, req.max_sets, &req.budget);
    match req.method {
        Method::Network | Method::HistoryCritical => unreachable!("handled above"),
        Method::TopTier => top_tier_json(req, prepared.top_tier(level, budget)),
        Method::SymmetricTopTier => symmetric_json(&prepared, level),
        Method::BlockingSets => sets_json(
            req,
            prepared.blocking_sets(level, &faulty, limit, budget),
            None,
        ),
        Method::SplittingSets => {
            sets_json(req, prepared.splitting_sets(level, limit, budget), None)
        }
        Method::MinimalQuorums => {
            let sets = prepared.minimal_quorums(level, limit, budget);
            let intersection = match check(prepared.fbas(), budget) {
                Ok(Intersection::Intersecting) => Ok(true),
                Ok(Intersection::Split(_) | Intersection::NoQuorum) => Ok(false),
                Err(f) => Err(f),
            };
            sets_json(req, sets, Some(intersection))
        }
    }
}

/// Marks of an answer that is missing values because the budget ran out (`partial: true`);
/// both absent from a complete answer.
#[derive(Debug, Default, Serialize)]
struct Incomplete {
    #[serde(skip_serializing_if = "Option::is_none")]
    complete: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interrupted: Option<&'static str>,
}

/// What to do when the budget ran out before every value was known: reject, or (with
/// `partial`) mark the answer incomplete and keep the exact values it has.
fn incomplete(req: &Request) -> Result<Incomplete, Fail> {
    stopped(req, req.budget.check().unwrap_or(Stop::Deadline))
}

/// [`incomplete`], for a known reason.
fn stopped(req: &Request, why: Stop) -> Result<Incomplete, Fail> {
    if !req.partial {
        return Err(Fail::interrupted(why));
    }
    Ok(Incomplete {
        complete: Some(false),
        interrupted: Some(Fail::interrupted(why).code.as_str()),
    })
}

/// The mark of a list cut at `maxSets` (its `min` is still exact).
fn cut() -> Incomplete {
    Incomplete {
        complete: Some(false),
        interrupted: None,
    }
}

fn core_failure(f: Failure) -> Fail {
    match f {
        Failure::Stopped(why) => Fail::interrupted(why),
        Failure::Internal(m) => Fail::internal(m),
    }
}

fn to_json<T: Serialize>(answer: &T) -> Result<String, Fail> {
    serde_json::to_string(answer).map_err(|e| Fail::internal(e.to_string()))
}

/// `analyzeNetwork`'s answer: the core's report (its fields in its order, `null` where a budget
/// ran out) and the marks of a partial answer.
#[derive(Serialize)]
struct NetworkAnswer<'a> {
    #[serde(flatten)]
    report: &'a Report,
    #[serde(flatten)]
    incomplete: Incomplete,
}

fn network(req: &Request, input: &Input, faulty: &[String]) -> Result<String, Fail> {
    let options = Options {
        budget: req.budget.clone(),
        ..Options::default()
    };
    let report = analyze(input, faulty, &options).map_err(|e| match e {
        AnalysisError::Input(e) => Fail::from(e),
        AnalysisError::Internal(m) => Fail::internal(m),
    })?;
    let exact = |b: Option<Bound>| b.is_some_and(|b| b.exact().is_some());
    let complete = report.status != Status::Unknown
        && report.has_quorum_intersection.is_some()
        && report.has_symmetric_top_tier.is_some()
        && [
            &report.node,
            &report.organization,
            &report.country,
            &report.isp,
        ]
        .iter()
        .all(|l| {
            exact(l.top_tier_size)
                && exact(l.blocking_sets_min_size)
                && exact(l.blocking_sets_filtered_min_size)
                && exact(l.splitting_sets_min_size)
        });
    let incomplete = match report.stopped {
        _ if complete => Incomplete::default(),
        Some(why) => stopped(req, why)?,
        None => incomplete(req)?,
    };
    to_json(&NetworkAnswer {
        report: &report,
        incomplete,
    })
}

/// `analyzeHistoryCritical`'s answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HistoryAnswer<'a> {
    history_critical_set_size: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    set: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quorum: Option<&'a [String]>,
    #[serde(flatten)]
    incomplete: Incomplete,
}

fn history(req: &Request, input: &Input) -> Result<String, Fail> {
    let options = Options {
        analyses: fbas_core::Analyses {
            history: true,
            ..fbas_core::Analyses::NONE
        },
        levels: vec![],
        budget: req.budget.clone(),
    };
    let report = analyze(input, &[], &options).map_err(|e| match e {
        AnalysisError::Input(e) => Fail::from(e),
        AnalysisError::Internal(m) => Fail::internal(m),
    })?;
    let size = report.history_critical_set_size;
    let unknown = matches!(size, Some(Bound::Unknown { .. }));
    let witness = report.witnesses.history_critical_set.as_ref();
    to_json(&HistoryAnswer {
        history_critical_set_size: size.and_then(Bound::exact),
        set: witness.map(|w| w.set.as_slice()),
        quorum: witness.map(|w| w.quorum.as_slice()),
        incomplete: if unknown {
            incomplete(req)?
        } else {
            Incomplete::default()
        },
    })
}

/// `analyzeTopTier`'s answer, keys in the legacy order.
#[derive(Serialize)]
struct TopTierAnswer {
    /// `None` (null) only in a partial answer.
    top_tier: Option<Vec<String>>,
    top_tier_size: Option<usize>,
    /// No cache: every call computes its answer.
    cache_hit: bool,
    #[serde(flatten)]
    incomplete: Incomplete,
}

fn top_tier_json(req: &Request, top_tier: Result<Vec<String>, Failure>) -> Result<String, Fail> {
    let answer = match top_tier {
        Ok(names) => TopTierAnswer {
            top_tier_size: Some(names.len()),
            top_tier: Some(names),
            cache_hit: false,
            incomplete: Incomplete::default(),
        },
        Err(Failure::Stopped(_)) => TopTierAnswer {
            top_tier: None,
            top_tier_size: None,
            cache_hit: false,
            incomplete: incomplete(req)?,
        },
        Err(f) => return Err(core_failure(f)),
    };
    to_json(&answer)
}

/// The list methods' answer (`analyzeBlockingSets`, `analyzeSplittingSets`,
/// `analyzeMinimalQuorums`), keys in the legacy order; `quorum_intersection` is null except for
/// minimal quorums.
#[derive(Serialize)]
struct SetsAnswer {
    result: Option<Vec<Vec<String>>>,
    size: Option<usize>,
    min: Option<usize>,
    quorum_intersection: Option<bool>,
    #[serde(flatten)]
    incomplete: Incomplete,
}

/// Shape a list. `intersection`: `Some` for minimal quorums (the node-level intersection check).
fn sets_json(
    req: &Request,
    sets: Result<NamedSets, Failure>,
    intersection: Option<Result<bool, Failure>>,
) -> Result<String, Fail> {
    let mut interrupted = false;
    let quorum_intersection = match intersection {
        None => None,
        Some(Ok(b)) => Some(b),
        Some(Err(Failure::Stopped(_))) => {
            interrupted = true;
            None
        }
        Some(Err(f)) => return Err(core_failure(f)),
    };
    let mut answer = match sets {
        Ok(named) => {
            let min = named.min.exact();
            interrupted |= min.is_none();
            SetsAnswer {
                size: Some(named.sets.len()),
                result: Some(named.sets),
                min,
                quorum_intersection,
                incomplete: if named.complete {
                    Incomplete::default()
                } else {
                    cut()
                },
            }
        }
        Err(Failure::Stopped(_)) => {
            interrupted = true;
            SetsAnswer {
                result: None,
                size: None,
                min: None,
                quorum_intersection,
                incomplete: Incomplete::default(),
            }
        }
        Err(f) => return Err(core_failure(f)),
    };
    if interrupted {
        answer.incomplete = incomplete(req)?;
    }
    to_json(&answer)
}

/// A quorum set in the legacy JSON: `innerQuorumSets` left out when empty.
#[derive(Serialize)]
struct QsetAnswer {
    threshold: usize,
    validators: Vec<String>,
    #[serde(rename = "innerQuorumSets", skip_serializing_if = "Vec::is_empty")]
    inner_quorum_sets: Vec<QsetAnswer>,
}

#[derive(Serialize)]
struct SymmetricAnswer {
    symmetric_top_tier: Option<QsetAnswer>,
}

/// `analyzeSymmetricTopTier`: members are shown by name at the requested level (one name per
/// member, as the legacy engine does); inner sets in the order of the legacy standard form.
fn symmetric_json(prepared: &Prepared, level: Level) -> Result<String, Fail> {
    let grouping = prepared.grouping(level);
    let tree = prepared.symmetric_top_tier().map(sorted);
    to_json(&SymmetricAnswer {
        symmetric_top_tier: tree.map(|t| qset_answer(&t, &grouping)),
    })
}

/// Inner sets ordered as derived `Ord` on (threshold, validators, inner sets) orders them.
fn sorted(mut tree: QsetTree) -> QsetTree {
    tree.inner = tree.inner.into_iter().map(sorted).collect();
    tree.inner.sort_by(compare);
    tree
}

fn compare(a: &QsetTree, b: &QsetTree) -> Ordering {
    a.threshold
        .cmp(&b.threshold)
        .then_with(|| a.validators.cmp(&b.validators))
        .then_with(|| {
            for (x, y) in a.inner.iter().zip(&b.inner) {
                let o = compare(x, y);
                if o != Ordering::Equal {
                    return o;
                }
            }
            a.inner.len().cmp(&b.inner.len())
        })
}

fn qset_answer(tree: &QsetTree, grouping: &Grouping) -> QsetAnswer {
    QsetAnswer {
        threshold: tree.threshold,
        validators: tree
            .validators
            .iter()
            .map(|&v| grouping.names[grouping.of_node[v]].clone())
            .collect(),
        inner_quorum_sets: tree
            .inner
            .iter()
            .map(|t| qset_answer(t, grouping))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::Code;
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

    fn answer(req: &Request) -> Value {
        serde_json::from_str(&run(req).unwrap()).unwrap()
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
    fn symmetric_top_tier_omits_empty_inner_sets() {
        assert_eq!(
            answer(&three(Method::SymmetricTopTier, Level::Node)),
            json!({"symmetric_top_tier": {"threshold": 2, "validators": ["GAA", "GBB", "GCC"]}})
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
        let text = run(&three(Method::MinimalQuorums, Level::Node)).unwrap();
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
        assert_eq!(run(&req).unwrap_err().code, Code::Aborted);
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
        assert_eq!(
            a["node"],
            json!({"topTierSize": 3, "blockingSetsMinSize": 2,
                   "blockingSetsFilteredMinSize": 1, "splittingSetsMinSize": 1})
        );
        assert_eq!(a["organization"]["topTierSize"], json!(2));
        assert!(a.get("complete").is_none());
    }

    #[test]
    fn bad_input_is_invalid_input() {
        let mut req = three(Method::TopTier, Level::Node);
        req.nodes = r#"[{"publicKey": "GAA", "quorumSet": {"threshold": -1}}]"#.into();
        let e = run(&req).unwrap_err();
        assert_eq!(e.code, Code::InvalidInput);
        assert_eq!(
            e.path.as_deref(),
            Some("nodes[0] (GAA).quorumSet.threshold")
        );
        let mut req = three(Method::Network, Level::Node);
        req.faulty = Some("[1]".into());
        assert_eq!(
            run(&req).unwrap_err().path.as_deref(),
            Some("faultyNodes[0]")
        );
    }

    #[test]
    fn spent_budget_rejects_or_is_partial() {
        let cancel = Arc::new(AtomicBool::new(true));
        let mut req = three(Method::Network, Level::Node);
        req.budget.cancel = Some(cancel);
        assert_eq!(run(&req).unwrap_err().code, Code::Aborted);
        let mut req = three(Method::Network, Level::Node);
        req.budget.deadline = Some(Instant::now());
        assert_eq!(run(&req).unwrap_err().code, Code::Timeout);
    }
}
