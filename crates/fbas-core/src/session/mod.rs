//! The session: one network, analysed on demand, with everything computed on it kept.
//!
//! A [`Network`] owns the input, the preprocessed network (the legacy preprocessing, see
//! `network::preprocess`) and its groupings by organization, country and ISP. Each
//! question (quorum intersection, top tier, smallest blocking set per level and faulty set, …)
//! is answered by the analysis in `analyses` the first time it is asked and kept
//! (`memo`) for the next: the per-scan report ([`Network::analyze`]), the legacy facade's
//! answers ([`crate::api`]), the command line and the benchmarks all go through here.
//!
//! What is kept lives in a `Results`, which sessions on equal preprocessed networks share when
//! they come from one [`Cache`] (so a second call on the same network, even from another thread,
//! finds the work done). Only final results are kept: an exact value, a complete list
//! or a list cut at a limit; a value a budget cut short is answered but computed again next time.
//! One exception: the nodes an unfinished top-tier search did not rule out are kept with how
//! long it ran, so that the blocking searches they narrow do not wait for that search again.

mod cache;
mod lists;
mod memo;

pub use cache::{Cache, CacheLimits, CacheStats};
pub use lists::GroupSets;

use crate::analyses::blocking::{self, min_blocking};
use crate::analyses::bounds::{self, Relaxed};
use crate::analyses::history::{history_critical, HistoryCritical};
use crate::analyses::intersection::{check, Intersection};
use crate::analyses::node_lists;
use crate::analyses::quorums::min_quorum;
use crate::analyses::splitting::{min_splitting, Split};
use crate::analyses::symmetric_top_tier::{symmetric_top_tier, QsetTree};
use crate::analyses::top_tier::{top_tier, TopTier};
use crate::budget::Budget;
use crate::clock::Instant;
use crate::network::fbas::Fbas;
use crate::network::grouping::{Grouping, Level};
use crate::network::input::{Input, InputError};
use crate::network::preprocess::{legacy_core, Analysed};
use crate::network::quorum_set::NodeId;
use crate::outcome::{Failure, Minimum};
use lists::{List, SetList};
use memo::{Memo, MemoMap};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

/// A search for a smallest set, as kept.
type Searched<W> = Result<Minimum<W>, Failure>;

/// A grouping (its group index per node) and the faulty nodes (per node).
type GroupsAndFaulty = (Vec<usize>, Vec<bool>);

/// A merged list: its kind, grouping, faulty nodes (blocking sets) and limit.
type MergedKey = (List, Vec<usize>, Vec<bool>, usize);

/// Everything computed on one preprocessed network. Results that depend on a grouping are kept
/// per grouping (its group index per node), those that depend on the faulty nodes per faulty
/// set.
#[derive(Default)]
pub(crate) struct Results {
    intersection: Memo<Result<Intersection, Failure>>,
    /// The structural lower bound on splitting sets, per grouping.
    splitting_bound: MemoMap<Vec<usize>, Result<Relaxed, Failure>>,
    top_tier: Memo<Result<TopTier, Failure>>,
    /// What the longest unfinished top-tier search left (see [`Unfinished`]).
    unfinished_top_tier: Mutex<Option<Unfinished>>,
    symmetric_top_tier: Memo<Option<QsetTree>>,
    min_quorum: MemoMap<Vec<usize>, Searched<Vec<NodeId>>>,
    min_blocking: MemoMap<GroupsAndFaulty, Searched<Vec<usize>>>,
    min_splitting: MemoMap<Vec<usize>, Searched<Split>>,
    history: MemoMap<Vec<bool>, Searched<HistoryCritical>>,
    minimal_quorums: Memo<Result<SetList, Failure>>,
    minimal_blocking_sets: Memo<Result<SetList, Failure>>,
    minimal_splitting_sets: Memo<Result<SetList, Failure>>,
    /// Lists merged to a grouping: per kind, grouping, faulty nodes (blocking sets) and limit.
    merged_lists: MemoMap<MergedKey, Result<GroupSets, Failure>>,
}

impl Results {
    /// What the longest unfinished top-tier search left, locked.
    fn unfinished(&self) -> MutexGuard<'_, Option<Unfinished>> {
        self.unfinished_top_tier
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// An estimate of the memory the kept results take (the lists dominate).
    fn bytes(&self) -> usize {
        let list = |m: &Memo<Result<SetList, Failure>>| match m.get().as_deref() {
            Some(Ok(list)) => list.bytes(),
            _ => 0,
        };
        let node_sets = |n: usize| n * std::mem::size_of::<NodeId>() + 64;
        let minima = self.min_quorum.values().len()
            + self.min_blocking.values().len()
            + self.min_splitting.values().len()
            + self.history.values().len();
        let top = match self.top_tier.get().as_deref() {
            Some(Ok(t)) => node_sets(t.members.len()),
            _ => 0,
        };
        let unfinished = match &*self.unfinished() {
            Some(u) => node_sets(u.nodes.len()),
            None => 0,
        };
        list(&self.minimal_quorums)
            + list(&self.minimal_blocking_sets)
            + list(&self.minimal_splitting_sets)
            + top
            + unfinished
            + minima * 256
    }
}

/// A top-tier search the budget stopped: the nodes it did not rule out
/// ([`TopTier::not_ruled_out`]) and how long it ran. A search given no more time decides no
/// more nodes, so it need not run again for a narrowing.
struct Unfinished {
    nodes: Vec<NodeId>,
    ran: Duration,
}

/// A value answered now, kept for next time when final.
fn kept<T>(value: Result<T, Failure>, last: impl Fn(&T) -> bool) -> (Result<T, Failure>, bool) {
    let last = value.as_ref().is_ok_and(last);
    (value, last)
}

/// A minimum search, with a stop before any bound (the search's own, or this caller's while it
/// waited for another caller's search) turned into [`Minimum::Unknown`] with the lower bound
/// `known` gives (a bound kept from plain code, or 0): the only error left is an internal one.
fn minimum<W: Clone>(
    memo: &Memo<Searched<W>>,
    budget: &Budget,
    known: impl FnOnce() -> usize,
    search: impl FnOnce() -> Result<Minimum<W>, Failure>,
) -> Result<Minimum<W>, Failure> {
    let answer = memo.get_or_compute(
        budget,
        |_| true,
        || kept(search(), |m| !matches!(m, Minimum::Unknown { .. })),
    );
    let answer = match answer {
        Ok(a) => (*a).clone(),
        Err(why) => Err(Failure::Stopped(why)),
    };
    match answer {
        Err(Failure::Stopped(stop)) => Ok(Minimum::Unknown {
            lower: known(),
            upper: None,
            witness: None,
            stop,
        }),
        other => other,
    }
}

/// One network and what has been computed on it (see the module documentation).
pub struct Network {
    input: Input,
    analysed: Analysed,
    /// The preprocessed network's canonical text: sessions with equal keys may share results.
    key: String,
    results: Arc<Results>,
    groupings: [OnceLock<Grouping>; 4],
}

impl Network {
    /// Resolve and preprocess `input`; nothing is computed yet. To share what is computed
    /// between calls, get sessions from a [`Cache`] instead.
    pub fn new(input: Input) -> Result<Network, InputError> {
        let analysed = legacy_core(&Fbas::from_input(&input)?);
        Ok(Network {
            key: canonical_text(&analysed.fbas),
            input,
            analysed,
            results: Arc::default(),
            groupings: Default::default(),
        })
    }

    pub fn input(&self) -> &Input {
        &self.input
    }

    /// The preprocessed network every analysis runs on.
    pub fn fbas(&self) -> &Fbas {
        &self.analysed.fbas
    }

    /// Public key per preprocessed node.
    pub fn keys(&self) -> &[String] {
        &self.analysed.fbas.keys
    }

    /// The nodes merged to `level` (every node its own group at [`Level::Node`]).
    pub fn grouping(&self, level: Level) -> &Grouping {
        let slot = match level {
            Level::Node => 0,
            Level::Organization => 1,
            Level::Country => 2,
            Level::Isp => 3,
        };
        self.groupings[slot].get_or_init(|| Grouping::of_level(level, &self.input, &self.analysed))
    }

    /// Per preprocessed node, whether its public key is among `faulty` (unknown keys ignored).
    pub fn faulty(&self, faulty: &[String]) -> Vec<bool> {
        let keys: HashSet<&str> = faulty.iter().map(String::as_str).collect();
        self.keys()
            .iter()
            .map(|k| keys.contains(k.as_str()))
            .collect()
    }

    /// Per preprocessed node, whether it publishes history (`historyArchiveHasError: false`;
    /// a missing field counts as not publishing); `None` when no input node carries the field.
    pub fn history_publishers(&self) -> Option<Vec<bool>> {
        let nodes = &self.input.nodes;
        nodes
            .iter()
            .any(|n| n.history_archive_has_error.is_some())
            .then(|| {
                self.analysed
                    .input_index
                    .iter()
                    .map(|&i| nodes[i].history_archive_has_error == Some(false))
                    .collect()
            })
    }

    /// Whether every two quorums intersect (`analyses::intersection`).
    pub fn intersection(&self, budget: &Budget) -> Result<Intersection, Failure> {
        let answer = self.results.intersection.get_or_compute(
            budget,
            |_| true,
            || {
                let checked = self
                    .splitting_bound(Level::Node, budget)
                    .and_then(|bound| check(self.fbas(), &bound, budget));
                kept(checked, |_| true)
            },
        );
        answer.map_err(Failure::Stopped)?.as_ref().clone()
    }

    /// The structural lower bound on the number of groups of `level` of any splitting set
    /// (`analyses::bounds::splitting`): plain code, kept so that a search started after
    /// a deadline still reports it.
    pub fn splitting_bound(&self, level: Level, budget: &Budget) -> Result<Relaxed, Failure> {
        let grouping = self.grouping(level);
        let cell = self.results.splitting_bound.cell(grouping.of_node.clone());
        let answer = cell.get_or_compute(
            budget,
            |_| true,
            || {
                let bound = bounds::splitting(self.fbas(), &grouping.of_node, budget);
                kept(bound.map_err(Failure::Stopped), |_| true)
            },
        );
        answer.map_err(Failure::Stopped)?.as_ref().clone()
    }

    /// The top tier (`analyses::top_tier`); incomplete when the budget ran out.
    pub fn top_tier(&self, budget: &Budget) -> Result<TopTier, Failure> {
        let answer = self.results.top_tier.get_or_compute(
            budget,
            |_| true,
            || {
                let started = Instant::now();
                let top = top_tier(self.fbas(), budget);
                if let Ok(t) = &top {
                    self.note_search(t, started.elapsed());
                }
                kept(top, TopTier::is_complete)
            },
        );
        answer.map_err(Failure::Stopped)?.as_ref().clone()
    }

    /// The top tier merged to `level`: the names of the groups of its nodes, in group order;
    /// `Failure::Stopped` when the budget ran out before it was complete.
    pub fn top_tier_names(&self, level: Level, budget: &Budget) -> Result<Vec<String>, Failure> {
        let top = self.top_tier(budget)?;
        if let Some(why) = top.stopped {
            return Err(Failure::Stopped(why));
        }
        let grouping = self.grouping(level);
        Ok(grouping
            .groups_of(&top.members)
            .iter()
            .map(|&g| grouping.names[g].clone())
            .collect())
    }

    /// Keeps what an unfinished top-tier search left, unless a longer one was kept; forgets
    /// it once the top tier is complete.
    fn note_search(&self, top: &TopTier, ran: Duration) {
        let mut kept = self.results.unfinished();
        if top.is_complete() {
            *kept = None;
        } else if kept.as_ref().is_none_or(|k| k.ran < ran) {
            let nodes = top.not_ruled_out();
            *kept = Some(Unfinished { nodes, ran });
        }
    }

    /// Nodes every minimal quorum lies in, for the blocking searches: the top tier when it is
    /// known, else the nodes an unfinished search of it did not rule out. The top tier only
    /// narrows the search, so it gets a quarter of the time left, and is not searched again
    /// when an unfinished search already ran that long.
    fn quorum_nodes(&self, budget: &Budget) -> Result<Vec<NodeId>, Failure> {
        let slice = budget.share(4);
        let kept = self.results.unfinished();
        if let (Some(k), Some(end)) = (kept.as_ref(), slice.deadline) {
            if k.ran >= end - Instant::now() {
                return Ok(k.nodes.clone());
            }
        }
        drop(kept);
        match self.top_tier(&slice) {
            Ok(t) => Ok(t.not_ruled_out()),
            Err(Failure::Stopped(_)) => Ok((0..self.fbas().len()).collect()),
            Err(internal) => Err(internal),
        }
    }

    /// The symmetric top tier (`analyses::symmetric_top_tier`), plain code.
    pub fn symmetric_top_tier(&self) -> Option<QsetTree> {
        let unlimited = Budget::unlimited();
        let answer = self.results.symmetric_top_tier.get_or_compute(
            &unlimited,
            |_| true,
            || (symmetric_top_tier(self.fbas()), true),
        );
        answer.ok().and_then(|t| (*t).clone())
    }

    /// The quorum touching the fewest groups of `level` (`analyses::quorums`).
    pub fn min_quorum(
        &self,
        level: Level,
        budget: &Budget,
    ) -> Result<Minimum<Vec<NodeId>>, Failure> {
        let grouping = self.grouping(level);
        let cell = self.results.min_quorum.cell(grouping.of_node.clone());
        minimum(
            &cell,
            budget,
            || 0,
            || min_quorum(self.fbas(), grouping, budget),
        )
    }

    /// The fewest groups of `level` that, with the `faulty` nodes (per preprocessed node, see
    /// [`Network::faulty`]), block the network (`analyses::blocking`); 0 when there is
    /// no quorum.
    pub fn min_blocking(
        &self,
        level: Level,
        faulty: &[bool],
        budget: &Budget,
    ) -> Result<Minimum<Vec<usize>>, Failure> {
        if self.fbas().is_empty() {
            return Ok(Minimum::NoneExists);
        }
        let grouping = self.grouping(level);
        let cell = self
            .results
            .min_blocking
            .cell((grouping.of_node.clone(), faulty.to_vec()));
        minimum(
            &cell,
            budget,
            || 0,
            || {
                let nodes = self.quorum_nodes(budget)?;
                min_blocking(self.fbas(), &nodes, grouping, faulty, budget)
            },
        )
    }

    /// The fewest groups of `level` containing a splitting set (`analyses::splitting`):
    /// 0 when two disjoint quorums exist already, none (0) when there is no quorum.
    ///
    /// When it is unknown, its lower bound is the structural one, and at least 1 once every
    /// two quorums are known to intersect (the empty set does not split then, while the
    /// structural bound can be 0): an unknown value never reads as "split already".
    pub fn min_splitting(&self, level: Level, budget: &Budget) -> Result<Minimum<Split>, Failure> {
        let grouping = self.grouping(level);
        let cell = self.results.min_splitting.cell(grouping.of_node.clone());
        let intersecting = || {
            let answer = self.results.intersection.get();
            answer.is_some_and(|a| matches!(*a, Ok(Intersection::Intersecting)))
        };
        let known = || {
            let bound = self
                .results
                .splitting_bound
                .cell(grouping.of_node.clone())
                .get();
            bound.map_or(0, |b| b.as_ref().as_ref().map_or(0, |b| b.lower))
        };
        let mut answer = minimum(&cell, budget, known, || match self.intersection(budget) {
            Ok(Intersection::Split(quorums)) => Ok(Minimum::Found {
                size: 0,
                witness: Split {
                    groups: vec![],
                    nodes: vec![],
                    quorums,
                },
            }),
            Ok(Intersection::NoQuorum) => Ok(Minimum::NoneExists),
            Ok(Intersection::Intersecting) | Err(Failure::Stopped(_)) => {
                let bound = self.splitting_bound(level, budget)?;
                min_splitting(self.fbas(), grouping, &bound, budget)
            }
            Err(internal) => Err(internal),
        })?;
        if let Minimum::Unknown { lower, .. } = &mut answer {
            *lower = (*lower).max(usize::from(intersecting()));
        }
        Ok(answer)
    }

    /// The smallest history-critical set (`analyses::history`); `None` when no input
    /// node says whether it publishes history.
    pub fn history_critical(
        &self,
        budget: &Budget,
    ) -> Option<Result<Minimum<HistoryCritical>, Failure>> {
        let publishes = self.history_publishers()?;
        let cell = self.results.history.cell(publishes.clone());
        Some(minimum(
            &cell,
            budget,
            || 0,
            || history_critical(self.fbas(), &publishes, budget),
        ))
    }

    /// Up to `limit` minimal quorums merged to `level`, in the legacy order.
    pub fn minimal_quorums(
        &self,
        level: Level,
        limit: usize,
        budget: &Budget,
    ) -> Result<Arc<GroupSets>, Failure> {
        self.merged_list(List::Quorums, level, &[], limit, budget, || {
            let nodes = self.node_list(&self.results.minimal_quorums, limit, budget, || {
                node_lists::minimal_quorums(self.fbas(), limit, budget)
            })?;
            let min = || Ok(self.min_quorum(level, budget)?.min_size());
            lists::merged(self.grouping(level), &nodes, limit, min)
        })
    }

    /// Up to `limit` minimal splitting sets merged to `level`, in the legacy order.
    pub fn minimal_splitting_sets(
        &self,
        level: Level,
        limit: usize,
        budget: &Budget,
    ) -> Result<Arc<GroupSets>, Failure> {
        self.merged_list(List::SplittingSets, level, &[], limit, budget, || {
            let nodes =
                self.node_list(&self.results.minimal_splitting_sets, limit, budget, || {
                    node_lists::minimal_splitting_sets(self.fbas(), limit, budget)
                })?;
            let min = || Ok(self.min_splitting(level, budget)?.min_size());
            lists::merged(self.grouping(level), &nodes, limit, min)
        })
    }

    /// Up to `limit` minimal blocking sets merged to `level`, in the legacy order, with the
    /// legacy filter: the `faulty` nodes (per preprocessed node, see [`Network::faulty`])
    /// removed from each node-level minimal blocking set before merging.
    pub fn minimal_blocking_sets(
        &self,
        level: Level,
        faulty: &[bool],
        limit: usize,
        budget: &Budget,
    ) -> Result<Arc<GroupSets>, Failure> {
        if self.fbas().is_empty() {
            return Ok(Arc::new(GroupSets::empty()));
        }
        self.merged_list(List::BlockingSets, level, faulty, limit, budget, || {
            let grouping = self.grouping(level);
            let nodes =
                self.node_list(&self.results.minimal_blocking_sets, limit, budget, || {
                    let tt = self.quorum_nodes(budget)?;
                    node_lists::minimal_blocking_sets(self.fbas(), &tt, limit, budget)
                })?;
            let min = || Ok(self.min_blocking(level, faulty, budget)?.min_size());
            if nodes.complete {
                let filtered = node_lists::filtered_blocking_sets(&nodes.sets, faulty);
                let filtered = SetList::new((filtered, true), limit);
                return lists::merged(grouping, &filtered, limit, min);
            }
            // The node-level list was cut: its filtered and merged forms would miss sets, so
            // the merged sets are enumerated directly.
            let tt = self.quorum_nodes(budget)?;
            let (sets, complete) =
                blocking::minimal_blocking_sets(self.fbas(), &tt, grouping, faulty, limit, budget)?;
            lists::ordered(sets, complete, min)
        })
    }

    /// A merged list, kept per kind, grouping, faulty nodes and limit.
    fn merged_list(
        &self,
        list: List,
        level: Level,
        faulty: &[bool],
        limit: usize,
        budget: &Budget,
        merge: impl FnOnce() -> Result<GroupSets, Failure>,
    ) -> Result<Arc<GroupSets>, Failure> {
        let key = (
            list,
            self.grouping(level).of_node.clone(),
            faulty.to_vec(),
            limit,
        );
        let cell = self.results.merged_lists.cell(key);
        let answer = cell.get_or_compute(
            budget,
            |_| true,
            || kept(merge(), |sets| sets.stopped.is_none()),
        );
        let sets = answer.map_err(Failure::Stopped)?;
        match &*sets {
            Ok(_) => Ok(Arc::new(sets.as_ref().clone()?)),
            Err(failure) => Err(failure.clone()),
        }
    }

    /// A node-level list, kept; `enumerate` lists up to `limit` sets.
    fn node_list(
        &self,
        memo: &Memo<Result<SetList, Failure>>,
        limit: usize,
        budget: &Budget,
        enumerate: impl FnOnce() -> Result<(Vec<Vec<NodeId>>, bool), Failure>,
    ) -> Result<SetList, Failure> {
        let answer = memo.get_or_compute(
            budget,
            |kept| kept.as_ref().is_ok_and(|l| l.serves(limit)),
            || kept(enumerate().map(|l| SetList::new(l, limit)), |_| true),
        );
        let list = answer.map_err(Failure::Stopped)?.as_ref().clone()?;
        Ok(list.cut(limit))
    }
}

/// The canonical text of a preprocessed network: per node (in index order) its public key and
/// its quorum set, members as node indices. Equal texts mean equal networks, node for node.
fn canonical_text(fbas: &Fbas) -> String {
    use std::fmt::Write;
    fn qset(fbas: &Fbas, id: usize, out: &mut String) {
        let q = fbas.arena.get(id);
        let _ = write!(out, "{}(", q.threshold);
        for v in &q.validators {
            let _ = write!(out, "{v},");
        }
        for &inner in &q.inner {
            qset(fbas, inner, out);
        }
        out.push(')');
    }
    let mut out = String::new();
    for v in 0..fbas.len() {
        out.push_str(&fbas.keys[v]);
        out.push(':');
        qset(fbas, fbas.qsets[v], &mut out);
        out.push(';');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    /// `A`, `B`, `C` need 2 of `A`–`D`; `D` needs all four: every quorum holds two of `A`–`C`,
    /// so `D` is in a quorum but in no minimal one. The top tier is `A`–`C`.
    fn network() -> Network {
        let node = |key: &str, threshold: usize| {
            format!(
                r#"{{"publicKey":"{key}","quorumSet":{{"threshold":{threshold},"validators":["A","B","C","D"],"innerQuorumSets":[]}}}}"#
            )
        };
        let nodes = [node("A", 2), node("B", 2), node("C", 2), node("D", 4)];
        Network::new(parse(&format!("[{}]", nodes.join(","))).unwrap()).unwrap()
    }

    fn in_ten_seconds() -> Budget {
        Budget {
            deadline: Some(Instant::now() + Duration::from_secs(10)),
            ..Budget::default()
        }
    }

    fn keys(net: &Network, nodes: &[NodeId]) -> Vec<String> {
        nodes.iter().map(|&v| net.keys()[v].clone()).collect()
    }

    #[test]
    fn an_unfinished_top_tier_narrows_the_blocking_search_only_when_it_ran_long_enough() {
        let net = network();
        let all: Vec<NodeId> = (0..net.fbas().len()).collect();
        assert_eq!(all.len(), 4, "the preprocessing keeps D");
        let unfinished = |ran: Duration| {
            let kept = Unfinished {
                nodes: all.clone(),
                ran,
            };
            *net.results.unfinished() = Some(kept);
        };
        // It ran longer than the quarter of 10 s a new search would get: no new search.
        unfinished(Duration::from_secs(3));
        assert_eq!(net.quorum_nodes(&in_ten_seconds()).unwrap(), all);
        // Shorter: the top tier is searched again, and found.
        unfinished(Duration::from_secs(2));
        let narrowed = net.quorum_nodes(&in_ten_seconds()).unwrap();
        assert_eq!(keys(&net, &narrowed), ["A", "B", "C"]);
        // Once the top tier is known, it is what narrows.
        assert!(net.results.unfinished().is_none());
        assert_eq!(net.quorum_nodes(&in_ten_seconds()).unwrap(), narrowed);
        // Without a deadline a search is stopped only by a cancel or the clause cap, so one
        // runs whatever ran before.
        let net = network();
        let kept = Unfinished {
            nodes: all.clone(),
            ran: Duration::from_secs(3600),
        };
        *net.results.unfinished() = Some(kept);
        let narrowed = net.quorum_nodes(&Budget::unlimited()).unwrap();
        assert_eq!(keys(&net, &narrowed), ["A", "B", "C"]);
    }

    #[test]
    fn a_top_tier_search_a_deadline_stopped_leaves_every_top_tier_node_in() {
        let net = network();
        let expired = Budget {
            deadline: Some(Instant::now()),
            ..Budget::default()
        };
        let top = net.top_tier(&expired).unwrap();
        assert!(!top.is_complete());
        // No time is left for a new search: the nodes the stopped one left are the answer.
        let left = keys(&net, &net.quorum_nodes(&expired).unwrap());
        assert!(["A", "B", "C"].iter().all(|k| left.iter().any(|l| l == k)));
    }
}
