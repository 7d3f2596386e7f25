//! Lower bounds from quorum sets alone, each with the node set that attains it when the network
//! is as regular as it looks (then one plain check, or one SAT call, proves it optimal):
//!
//! - a quorum containing v satisfies v's quorum set: at least its `threshold` cheapest members;
//! - a blocking set makes some node fail first, its quorum set blocked by the set alone: at least
//!   the `members − threshold + 1` cheapest members of some quorum set (or every node);
//! - a splitting set (below).
//!
//! Member costs are 1 per validator and, for an inner set, its own cost, recursively. Summing
//! costs is sound only when the members' nodes are disjoint, so a network where some quorum set's
//! tree repeats a node gets no bound (0).
//!
//! Two disjoint quorums after deleting S contain nodes v1 and v2 whose quorum sets A and B are
//! satisfied by Q1 ∪ S and Q2 ∪ S. Keeping only these two requirements is a relaxation: a
//! member of both A and B (the same validator, or the same inner set) that both sides count
//! must be "doubly present", which for a validator means deleted and for an inner set means
//! satisfied on both sides, recursively. With `a` members only in A, `b` only in B and `c` in
//! both, at least (tA − a) + (tB − b) − c common members are doubly present, the cheapest ones.

use crate::budget::Budget;
use crate::network::fbas::Fbas;
use crate::network::quorum_set::{NodeId, QsetId};
use std::collections::HashMap;

/// A lower bound and a node set attaining it in the relaxation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relaxed {
    /// No set with the property is smaller.
    pub lower: usize,
    /// `lower` nodes satisfying the relaxation: a candidate set.
    pub nodes: Vec<NodeId>,
}

impl Relaxed {
    fn none() -> Relaxed {
        Relaxed {
            lower: 0,
            nodes: vec![],
        }
    }
}

/// The `k` cheapest of `costs` together (`None`: fewer than `k`).
fn cheapest(mut costs: Vec<Relaxed>, k: usize) -> Option<Relaxed> {
    costs.sort_by_key(|r| r.lower);
    (costs.len() >= k).then(|| Relaxed {
        lower: costs[..k].iter().map(|r| r.lower).sum(),
        nodes: costs[..k]
            .iter()
            .flat_map(|r| r.nodes.iter().copied())
            .collect(),
    })
}

/// Whether the bounds apply: no quorum set of the network repeats a node in its tree.
fn disjoint_members(fbas: &Fbas) -> bool {
    let mut qsets = fbas.qsets.clone();
    qsets.sort_unstable();
    qsets.dedup();
    !qsets.iter().any(|&q| repeats_a_node(fbas, q))
}

/// Cost per quorum set: `needed(threshold, members)` of its cheapest members, where a validator
/// costs `validator(v)` (`None`: cannot be used).
fn per_qset(
    fbas: &Fbas,
    needed: impl Fn(usize, usize) -> usize,
    validator: impl Fn(NodeId) -> Option<Relaxed>,
) -> Vec<Option<Relaxed>> {
    let mut cost: Vec<Option<Relaxed>> = Vec::with_capacity(fbas.arena.len());
    for id in 0..fbas.arena.len() {
        let q = fbas.arena.get(id);
        let members: Vec<Relaxed> = q
            .validators
            .iter()
            .filter_map(|&v| validator(v))
            .chain(q.inner.iter().filter_map(|&i| cost[i].clone()))
            .collect();
        cost.push(cheapest(members, needed(q.threshold, q.members())));
    }
    cost
}

/// A lower bound on the size of any quorum: some node's quorum set is satisfied, and the node
/// itself is in the quorum. The nodes given may number more than the bound (then they do not
/// attain it).
pub fn quorum(fbas: &Fbas) -> Relaxed {
    if !disjoint_members(fbas) {
        return Relaxed::none();
    }
    let cost = per_qset(
        fbas,
        |t, _| t,
        |v| {
            Some(Relaxed {
                lower: 1,
                nodes: vec![v],
            })
        },
    );
    (0..fbas.len())
        .filter_map(|v| {
            let mut r = cost[fbas.qsets[v]].clone()?;
            if !r.nodes.contains(&v) {
                r.nodes.push(v);
                // When v occurs in its own set's tree, it may be one of the members counted
                // (the cheapest choice above need not have picked it): no extra node then.
                if !tree_contains(fbas, fbas.qsets[v], v) {
                    r.lower += 1;
                }
            }
            Some(r)
        })
        .min_by_key(|r| r.lower)
        .unwrap_or_else(Relaxed::none)
}

/// A lower bound on the number of groups (`group_of` per node), beyond the `failed` nodes,
/// whose failure leaves no quorum: all remaining groups, or enough to block some remaining
/// node's quorum set directly. Costs count groups: a set whose nodes all lie in one group costs
/// at most one; members with overlapping groups make the bound fall back to 0 for that set.
pub fn blocking(fbas: &Fbas, failed: &[bool], group_of: &[usize]) -> Relaxed {
    // Per set: the cost in groups, the groups used, and nodes attaining it.
    let mut cost: Vec<Option<(Relaxed, Vec<usize>)>> = Vec::with_capacity(fbas.arena.len());
    for id in 0..fbas.arena.len() {
        let q = fbas.arena.get(id);
        let need = (q.members() + 1).saturating_sub(q.threshold);
        let members: Vec<(Relaxed, Vec<usize>)> = q
            .validators
            .iter()
            .map(|&v| match failed[v] {
                true => (Relaxed::none(), vec![]),
                false => (
                    Relaxed {
                        lower: 1,
                        nodes: vec![v],
                    },
                    vec![group_of[v]],
                ),
            })
            .chain(q.inner.iter().filter_map(|&i| cost[i].clone()))
            .collect();
        cost.push(blocking_cost(members, need));
    }
    let groups_left = {
        let mut gs: Vec<usize> = (0..fbas.len())
            .filter(|&v| !failed[v])
            .map(|v| group_of[v])
            .collect();
        gs.sort_unstable();
        gs.dedup();
        gs.len()
    };
    let everyone = Relaxed {
        lower: groups_left,
        nodes: (0..fbas.len()).filter(|&v| !failed[v]).collect(),
    };
    (0..fbas.len())
        .filter(|&v| !failed[v])
        .filter_map(|v| cost[fbas.qsets[v]].as_ref().map(|(r, _)| r.clone()))
        .chain(std::iter::once(everyone))
        .min_by_key(|r| r.lower)
        .expect("`everyone` is always there")
}

/// The cost of `need` of `members` (each with its cost and groups), or `None` when fewer exist.
fn blocking_cost(
    mut members: Vec<(Relaxed, Vec<usize>)>,
    need: usize,
) -> Option<(Relaxed, Vec<usize>)> {
    if members.len() < need {
        return None;
    }
    members.sort_by_key(|(r, _)| r.lower);
    let mut all: Vec<usize> = members
        .iter()
        .flat_map(|(_, g)| g.iter().copied())
        .collect();
    let total = all.len();
    all.sort_unstable();
    all.dedup();
    let chosen = &members[..need];
    let nodes: Vec<NodeId> = chosen
        .iter()
        .flat_map(|(r, _)| r.nodes.iter().copied())
        .collect();
    // A parent may add costs only over members whose *whole* trees use disjoint groups, so the
    // groups passed up are all of this set's, not just the chosen ones'.
    let lower = if all.len() == 1 {
        // One group in all: any choice costs that group once (or nothing, if free).
        usize::from(chosen.iter().any(|(r, _)| r.lower > 0))
    } else if all.len() == total {
        // Pairwise disjoint groups: costs add up.
        chosen.iter().map(|(r, _)| r.lower).sum()
    } else {
        return Some((Relaxed::none(), all));
    };
    Some((Relaxed { lower, nodes }, all))
}

/// A lower bound on the size of any splitting set of `fbas` (0 when nothing better is known, or
/// when `budget` runs out while the pairs of quorum sets are compared).
pub fn splitting(fbas: &Fbas, budget: &Budget) -> Relaxed {
    let none = Relaxed::none();
    let mut count: HashMap<QsetId, usize> = HashMap::new();
    for &q in &fbas.qsets {
        *count.entry(q).or_default() += 1;
    }
    let mut qsets: Vec<QsetId> = count.keys().copied().collect();
    qsets.sort_unstable();
    if !disjoint_members(fbas) {
        return none;
    }
    let mut memo = HashMap::new();
    let mut best: Option<Relaxed> = None;
    for (i, &a) in qsets.iter().enumerate() {
        if budget.check().is_some() {
            return none;
        }
        for &b in &qsets[i..] {
            if a == b && count[&a] < 2 {
                continue;
            }
            // Infeasible pairs cannot host a split: they bound nothing from below.
            if let Some(r) = doubly(fbas, a, b, &mut memo) {
                if r.lower == 0 {
                    return r;
                }
                if best.as_ref().is_none_or(|best| r.lower < best.lower) {
                    best = Some(r);
                }
            }
        }
    }
    best.unwrap_or(none)
}

/// Whether node `v` occurs in the tree of set `q`.
fn tree_contains(fbas: &Fbas, q: QsetId, v: NodeId) -> bool {
    let mut stack = vec![q];
    while let Some(id) = stack.pop() {
        let set = fbas.arena.get(id);
        if set.validators.contains(&v) {
            return true;
        }
        stack.extend_from_slice(&set.inner);
    }
    false
}

/// Whether some node occurs twice in the tree of set `q`.
fn repeats_a_node(fbas: &Fbas, q: QsetId) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![q];
    while let Some(id) = stack.pop() {
        let set = fbas.arena.get(id);
        if set.validators.iter().any(|&v| !seen.insert(v)) {
            return true;
        }
        stack.extend_from_slice(&set.inner);
    }
    false
}

/// The fewest nodess for side 1 to satisfy `a` and side 2 to satisfy `b` in the relaxation
/// (`None`: impossible). Inner ids are smaller than their parents', so the recursion depth is
/// bounded by the nesting of the input's quorum sets.
fn doubly(
    fbas: &Fbas,
    a: QsetId,
    b: QsetId,
    memo: &mut HashMap<(QsetId, QsetId), Option<Relaxed>>,
) -> Option<Relaxed> {
    let key = (a.min(b), a.max(b));
    if let Some(r) = memo.get(&key) {
        return r.clone();
    }
    let (qa, qb) = (fbas.arena.get(a), fbas.arena.get(b));
    // Costs of the common members being doubly present.
    let mut costs: Vec<Relaxed> = Vec::new();
    let mut common = 0;
    // Members are sorted (the arena interns them so): binary search finds the common ones.
    for v in qa
        .validators
        .iter()
        .filter(|v| qb.validators.binary_search(v).is_ok())
    {
        common += 1;
        costs.push(Relaxed {
            lower: 1,
            nodes: vec![*v],
        });
    }
    for &i in qa
        .inner
        .iter()
        .filter(|i| qb.inner.binary_search(i).is_ok())
    {
        common += 1;
        if let Some(r) = doubly(fbas, i, i, memo) {
            costs.push(r);
        }
    }
    let only_a = qa.members() - common;
    let only_b = qb.members() - common;
    let result = if qa.threshold > only_a + common || qb.threshold > only_b + common {
        None
    } else {
        let need = (qa.threshold.saturating_sub(only_a) + qb.threshold.saturating_sub(only_b))
            .saturating_sub(common);
        cheapest(costs, need)
    };
    // Only a set paired with itself recurs (as a common inner set): memoise just those, so
    // comparing many top-level pairs does not fill memory.
    if a == b {
        memo.insert(key, result.clone());
    }
    result
}
