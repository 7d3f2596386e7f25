//! The answers, in the legacy engine's JSON shapes (names, key order, which keys exist) for the
//! five facade methods, and fbas-sat's own for the whole scan and the history-critical set.
//!
//! Two marks say an answer is not the whole truth; both are absent from a whole answer:
//! `complete: false` (a list cut at `maxSets` or at [`MAX_LIST_BYTES`], whose `min` is still
//! exact; or a partial answer) and `interrupted` (the code of the stop that left `null` values
//! in a partial answer).

use super::request::MAX_LIST_BYTES;
use super::{Code, Error, Request};
use crate::analyses::intersection::Intersection;
use crate::analyses::symmetric_top_tier::QsetTree;
use crate::budget::Stop;
use crate::network::grouping::{Grouping, Level};
use crate::outcome::Failure;
use crate::report::{Bound, Bounds, Report};
use crate::session::{GroupSets, Network};
use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// The marks of an answer that is not whole.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Marks {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<Code>,
}

impl Marks {
    /// A list cut at the caller's limit.
    fn cut() -> Marks {
        Marks {
            complete: Some(false),
            interrupted: None,
        }
    }

    /// The budget stopped the call before every value was known: an error, or (with `partial`)
    /// the marks of a partial answer.
    fn stopped(req: &Request, why: Stop) -> Result<Marks, Error> {
        if !req.partial {
            return Err(Error::stopped(why));
        }
        Ok(Marks {
            complete: Some(false),
            interrupted: Some(Code::of(why)),
        })
    }
}

/// `analyzeTopTier`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopTierAnswer {
    /// Public keys sorted, or group names in group order; `null` only in a partial answer.
    pub top_tier: Option<Vec<String>>,
    pub top_tier_size: Option<usize>,
    /// Whether the network was in the cache when the call began.
    pub cache_hit: bool,
    #[serde(flatten)]
    pub marks: Marks,
}

/// `analyzeSymmetricTopTier`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SymmetricAnswer {
    pub symmetric_top_tier: Option<QsetAnswer>,
}

/// A quorum set in the legacy JSON: members by name, `innerQuorumSets` left out when empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QsetAnswer {
    pub threshold: usize,
    pub validators: Vec<String>,
    #[serde(rename = "innerQuorumSets", skip_serializing_if = "Vec::is_empty")]
    pub inner_quorum_sets: Vec<QsetAnswer>,
}

/// The list methods' answer (`analyzeBlockingSets`, `analyzeSplittingSets`,
/// `analyzeMinimalQuorums`); `quorum_intersection` is `null` except for minimal quorums.
#[derive(Debug, Clone, Serialize)]
pub struct SetsAnswer {
    pub result: Option<NamedList>,
    pub size: Option<usize>,
    pub min: Option<usize>,
    pub quorum_intersection: Option<bool>,
    #[serde(flatten)]
    pub marks: Marks,
}

/// A list of sets of one level, written out by name only when serialized (a list can hold
/// hundreds of thousands of names that a caller may never read).
#[derive(Clone)]
pub struct NamedList {
    sets: Arc<GroupSets>,
    net: Arc<Network>,
    level: Level,
    /// How many of the sets are listed.
    len: usize,
}

impl NamedList {
    /// The number of sets listed.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The list as JSON text.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string(self).map_err(|e| Error::internal(e.to_string()))
    }
}

impl Serialize for NamedList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let names = &self.net.grouping(self.level).names;
        let mut outer = s.serialize_seq(Some(self.len))?;
        for set in &self.sets.sets[..self.len] {
            let set: Vec<&str> = set.iter().map(|&g| names[g].as_str()).collect();
            outer.serialize_element(&set)?;
        }
        outer.end()
    }
}

impl fmt::Debug for NamedList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(&self.sets.named(self.net.grouping(self.level))[..self.len])
            .finish()
    }
}

/// `analyzeNetwork`'s answer: the report and the mark of a partial one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkAnswer {
    #[serde(flatten)]
    pub report: Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<Code>,
}

/// `analyzeHistoryCritical`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryAnswer {
    /// `null` when no node says whether it publishes history, or in a partial answer.
    pub history_critical_set_size: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quorum: Option<Vec<String>>,
    /// The proved bounds of a size a budget left unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounds: Option<Bounds>,
    #[serde(flatten)]
    pub marks: Marks,
}

/// Any answer.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Network(Box<NetworkAnswer>),
    TopTier(TopTierAnswer),
    SymmetricTopTier(SymmetricAnswer),
    Sets(SetsAnswer),
    History(HistoryAnswer),
}

impl Answer {
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string(self).map_err(|e| Error::internal(e.to_string()))
    }

    /// The answer as JSON text with a list answer's `result` left `null`, and that list: a host
    /// that can defer work writes the list out only when it is read.
    pub fn split(mut self) -> Result<(String, Option<NamedList>), Error> {
        let list = match &mut self {
            Answer::Sets(sets) => sets.result.take(),
            _ => None,
        };
        Ok((self.to_json()?, list))
    }
}

pub(super) fn network(req: &Request, net: &Network, faulty: &[String]) -> Result<Answer, Error> {
    let options = crate::Options {
        budget: req.budget.clone(),
        ..crate::Options::default()
    };
    let report = net.analyze(faulty, &options).map_err(|e| match e {
        crate::AnalysisError::Input(e) => Error::from(e),
        crate::AnalysisError::Internal(m) => Error::internal(m),
    })?;
    let interrupted = match report.stopped {
        Some(why) => Marks::stopped(req, why)?.interrupted,
        None => None,
    };
    Ok(Answer::Network(Box::new(NetworkAnswer {
        report,
        interrupted,
    })))
}

pub(super) fn history(req: &Request, net: &Network) -> Result<Answer, Error> {
    let mut answer = HistoryAnswer {
        history_critical_set_size: None,
        set: None,
        quorum: None,
        bounds: None,
        marks: Marks::default(),
    };
    let Some(found) = net.history_critical(&req.budget) else {
        return Ok(Answer::History(answer));
    };
    let keys = |nodes: &[usize]| nodes.iter().map(|&v| net.keys()[v].clone()).collect();
    let found = found?;
    if let Some(w) = found.witness() {
        answer.set = Some(keys(&w.set));
        answer.quorum = Some(keys(&w.quorum));
    }
    match found.bound() {
        Bound::Exact(size) => answer.history_critical_set_size = Some(size),
        Bound::Unknown { lower, upper } => {
            answer.bounds = Some(Bounds { lower, upper });
            answer.marks = Marks::stopped(req, found.stop().unwrap_or(Stop::Deadline))?;
        }
    }
    Ok(Answer::History(answer))
}

pub(super) fn top_tier(req: &Request, net: &Network, cache_hit: bool) -> Result<Answer, Error> {
    let answer = match net.top_tier_names(req.level, &req.budget) {
        Ok(names) => TopTierAnswer {
            top_tier_size: Some(names.len()),
            top_tier: Some(names),
            cache_hit,
            marks: Marks::default(),
        },
        Err(Failure::Stopped(why)) => TopTierAnswer {
            top_tier: None,
            top_tier_size: None,
            cache_hit,
            marks: Marks::stopped(req, why)?,
        },
        Err(internal) => return Err(internal.into()),
    };
    Ok(Answer::TopTier(answer))
}

/// The symmetric top tier, merged to the requested level the legacy way ([`merge`]), members by
/// name; inner sets in the order of the legacy standard form.
pub(super) fn symmetric_top_tier(req: &Request, net: &Network) -> Result<Answer, Error> {
    let grouping = net.grouping(req.level);
    let tree = net
        .symmetric_top_tier()
        .map(sorted)
        .map(|t| match req.level {
            Level::Node => t,
            _ => merge(&t, grouping),
        });
    Ok(Answer::SymmetricTopTier(SymmetricAnswer {
        symmetric_top_tier: tree.map(|t| named(&t, grouping)),
    }))
}

pub(super) fn minimal_quorums(req: &Request, net: Arc<Network>) -> Result<Answer, Error> {
    let sets = net.minimal_quorums(req.level, req.max_sets, &req.budget);
    let intersection = match net.intersection(&req.budget) {
        Ok(Intersection::Intersecting) => Ok(true),
        Ok(Intersection::Split(_) | Intersection::NoQuorum) => Ok(false),
        Err(f) => Err(f),
    };
    sets_answer(req, net, sets, Some(intersection))
}

pub(super) fn blocking_sets(
    req: &Request,
    net: Arc<Network>,
    faulty: &[String],
) -> Result<Answer, Error> {
    let faulty = net.faulty(faulty);
    let sets = net.minimal_blocking_sets(req.level, &faulty, req.max_sets, &req.budget);
    sets_answer(req, net, sets, None)
}

pub(super) fn splitting_sets(req: &Request, net: Arc<Network>) -> Result<Answer, Error> {
    let sets = net.minimal_splitting_sets(req.level, req.max_sets, &req.budget);
    sets_answer(req, net, sets, None)
}

/// Shape a list. `intersection`: `Some` for minimal quorums (the node-level intersection check).
fn sets_answer(
    req: &Request,
    net: Arc<Network>,
    sets: Result<Arc<GroupSets>, Failure>,
    intersection: Option<Result<bool, Failure>>,
) -> Result<Answer, Error> {
    let mut stops = vec![];
    let quorum_intersection = match intersection {
        None => None,
        Some(Ok(b)) => Some(b),
        Some(Err(Failure::Stopped(why))) => {
            stops.push(why);
            None
        }
        Some(Err(internal)) => return Err(internal.into()),
    };
    let mut answer = match sets {
        Ok(sets) => {
            stops.extend(sets.stopped);
            let names = &net.grouping(req.level).names;
            let len = within_bytes(&sets.sets, names, MAX_LIST_BYTES);
            let whole = sets.complete && len == sets.sets.len();
            SetsAnswer {
                size: Some(len),
                min: sets.min.exact(),
                result: Some(NamedList {
                    sets,
                    net,
                    level: req.level,
                    len,
                }),
                quorum_intersection,
                marks: if whole {
                    Marks::default()
                } else {
                    Marks::cut()
                },
            }
        }
        Err(Failure::Stopped(why)) => {
            stops.push(why);
            SetsAnswer {
                result: None,
                size: None,
                min: None,
                quorum_intersection,
                marks: Marks::default(),
            }
        }
        Err(internal) => return Err(internal.into()),
    };
    if let Some(why) = Stop::first(stops) {
        answer.marks = Marks::stopped(req, why)?;
    }
    Ok(Answer::Sets(answer))
}

/// How many of `sets` (group indices, named by `names`) fit in `max_bytes` of JSON text (an
/// estimate: each name quoted, with a separator).
fn within_bytes(sets: &[Vec<usize>], names: &[String], max_bytes: usize) -> usize {
    let mut bytes = 0;
    for (i, set) in sets.iter().enumerate() {
        bytes += 2 + set.iter().map(|&g| names[g].len() + 3).sum::<usize>();
        if bytes > max_bytes {
            return i;
        }
    }
    sets.len()
}

/// Inner sets ordered as derived `Ord` on (threshold, validators, inner sets) orders them.
fn sorted(mut tree: QsetTree) -> QsetTree {
    tree.inner = tree.inner.into_iter().map(sorted).collect();
    tree.inner.sort_by(compare);
    tree
}

fn compare(a: &QsetTree, b: &QsetTree) -> std::cmp::Ordering {
    a.threshold
        .cmp(&b.threshold)
        .then_with(|| a.validators.cmp(&b.validators))
        .then_with(|| {
            for (x, y) in a.inner.iter().zip(&b.inner) {
                let o = compare(x, y);
                if o.is_ne() {
                    return o;
                }
            }
            a.inner.len().cmp(&b.inner.len())
        })
}

/// A quorum set merged to a grouping the legacy way, members as group indices: every member
/// becomes its group; an inner set whose merged validators are one group (and nothing else
/// counts: its own inner sets go with it) becomes that group, appended to the validators; a
/// validator list of one group only (possibly repeated) collapses to that group with threshold 1.
/// (The legacy engine does not merge at node level.)
fn merge(tree: &QsetTree, grouping: &Grouping) -> QsetTree {
    let mut threshold = tree.threshold;
    let mut validators: Vec<usize> = tree
        .validators
        .iter()
        .map(|&v| grouping.of_node[v])
        .collect();
    let mut inner = vec![];
    for merged in tree.inner.iter().map(|q| merge(q, grouping)) {
        match merged.validators[..] {
            [single] => validators.push(single),
            _ => inner.push(merged),
        }
    }
    if let Some(&first) = validators.first() {
        if validators.iter().all(|&g| g == first) {
            validators = vec![first];
            threshold = 1;
        }
    }
    QsetTree {
        threshold,
        validators,
        inner,
    }
}

/// A merged quorum set with its groups by name.
fn named(tree: &QsetTree, grouping: &Grouping) -> QsetAnswer {
    QsetAnswer {
        threshold: tree.threshold,
        validators: tree
            .validators
            .iter()
            .map(|&g| grouping.names[g].clone())
            .collect(),
        inner_quorum_sets: tree.inner.iter().map(|t| named(t, grouping)).collect(),
    }
}
