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
//!
//! Merged by groups (organization, country, ISP), costs count groups instead of nodes: a member
//! whose tree lies in one group costs that group once, members whose trees use pairwise
//! disjoint groups add up, and a set whose members share groups otherwise costs 0 (no bound).

use crate::budget::{Budget, Stop};
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
    /// Nothing known: the trivial bound 0.
    pub fn none() -> Relaxed {
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

/// Per quorum set, the fewest nodes of `counted` among any nodes that satisfy it (`None`: it
/// cannot be satisfied), or `None` for the whole network when some quorum set repeats a node in
/// its tree (then a cheapest choice could count one node twice, and the sums are no bounds).
pub fn quorum_set_needs(fbas: &Fbas, counted: &[bool]) -> Option<Vec<Option<usize>>> {
    if !disjoint_members(fbas) {
        return None;
    }
    let cost = |v: NodeId| {
        Some(Relaxed {
            lower: usize::from(counted[v]),
            nodes: vec![v],
        })
    };
    let costs = per_qset(fbas, |t, _| t, cost);
    Some(costs.into_iter().map(|c| c.map(|r| r.lower)).collect())
}

/// A lower bound on the cost of any quorum, where node v costs `cost(v)` (1 each: its size):
/// some node's quorum set is satisfied, and the node itself is in the quorum. The nodes given
/// (the cheapest way to satisfy that node's set, and the node) may cost more than the bound
/// (then they do not attain it), and need not be a quorum.
pub fn quorum(fbas: &Fbas, cost: impl Fn(NodeId) -> usize) -> Relaxed {
    if !disjoint_members(fbas) {
        return Relaxed::none();
    }
    let costs = per_qset(
        fbas,
        |t, _| t,
        |v| {
            Some(Relaxed {
                lower: cost(v),
                nodes: vec![v],
            })
        },
    );
    (0..fbas.len())
        .filter_map(|v| {
            let mut r = costs[fbas.qsets[v]].clone()?;
            if !r.nodes.contains(&v) {
                r.nodes.push(v);
                // When v occurs in its own set's tree, it may be one of the members counted
                // (the cheapest choice above need not have picked it): no extra cost then.
                if !tree_contains(fbas, fbas.qsets[v], v) {
                    r.lower += cost(v);
                }
            }
            Some(r)
        })
        .min_by_key(|r| r.lower)
        .unwrap_or_else(Relaxed::none)
}

/// A lower bound on the number of groups (`group_of` per node), beyond the `failed` nodes,
/// whose failure leaves no quorum: all remaining groups, or enough to block some remaining
/// node's quorum set directly while that node's own group stays (costs in groups, see
/// [`grouped_cheapest`]).
///
/// Why: let B block, and A be the nodes neither failed nor in B's groups. If A is empty, B has
/// every remaining group. Otherwise the failure cascade starts: some v of A has its quorum set
/// blocked by the failed nodes and B alone (else A is a quorum), and v's group is not in B, so
/// none of its validators count as failed there.
pub fn blocking(fbas: &Fbas, failed: &[bool], group_of: &[usize]) -> Relaxed {
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
    // Per set, the cost with no group kept (a lower bound on every cost with one kept); then
    // per (quorum set, group kept) pair, while the work allowance lasts.
    let mut global: Vec<Option<Grouped>> = Vec::with_capacity(fbas.arena.len());
    for id in 0..fbas.arena.len() {
        let cost = blocking_cost(
            fbas,
            failed,
            group_of,
            id,
            None,
            &global,
            &mut HashMap::new(),
        );
        global.push(cost);
    }
    let mut per_pair: HashMap<(QsetId, usize), Option<Relaxed>> = HashMap::new();
    let mut work = 0;
    let mut best = everyone;
    for v in (0..fbas.len()).filter(|&v| !failed[v]) {
        let (q, g) = (fbas.qsets[v], group_of[v]);
        let cost = match per_pair.get(&(q, g)) {
            Some(c) => c.clone(),
            None if work < PAIR_WORK => {
                work += fbas.arena.get(q).members();
                let mut memo = HashMap::new();
                let c = blocking_cost(fbas, failed, group_of, q, Some(g), &global, &mut memo)
                    .map(|c| c.cost);
                work += memo.len();
                per_pair.insert((q, g), c.clone());
                c
            }
            None => global[q].as_ref().map(|c| c.cost.clone()),
        };
        if let Some(c) = cost.filter(|c| c.lower < best.lower) {
            best = c;
        }
    }
    best
}

/// How many members [`blocking`] may visit recomputing costs with a group kept, beyond which
/// the remaining nodes get the (lower) cost with no group kept: a network of thousands of
/// nodes listing each other would otherwise take time quadratic in its size.
const PAIR_WORK: usize = 4_000_000;

/// The cost in groups of blocking set `q` by failing nodes outside group `kept` (the `failed`
/// ones cost nothing): more than `members − threshold` of its members blocked, a validator by
/// failing, an inner set recursively (`None`: impossible). `global` holds the costs with no
/// group kept of the sets before `q` (all of them when `kept` is given), reused where `kept`
/// has no node in the set's tree; `memo` the costs with `kept` computed so far.
fn blocking_cost(
    fbas: &Fbas,
    failed: &[bool],
    group_of: &[usize],
    q: QsetId,
    kept: Option<usize>,
    global: &[Option<Grouped>],
    memo: &mut HashMap<QsetId, Option<Grouped>>,
) -> Option<Grouped> {
    if let Some(k) = kept {
        match &global[q] {
            None => return None,
            Some(c) if c.groups.binary_search(&k).is_err() => return Some(c.clone()),
            Some(_) => {}
        }
        if let Some(c) = memo.get(&q) {
            return c.clone();
        }
    }
    let set = fbas.arena.get(q);
    let need = (set.members() + 1).saturating_sub(set.threshold);
    let mut members: Vec<(Grouped, Member)> = Vec::with_capacity(set.members());
    for &v in &set.validators {
        if failed[v] {
            members.push((Grouped::free(), Member::Validator(v)));
        } else if kept != Some(group_of[v]) {
            members.push((Grouped::validator(v, group_of), Member::Validator(v)));
        }
    }
    for &i in &set.inner {
        let inner = match kept {
            None => global[i].clone(),
            Some(_) => blocking_cost(fbas, failed, group_of, i, kept, global, memo),
        };
        if let Some(c) = inner {
            members.push((c, Member::Inner(i)));
        }
    }
    let cost = grouped_cheapest(fbas, group_of, members, need);
    if kept.is_some() {
        memo.insert(q, cost.clone());
    }
    cost
}

/// A cost in groups, with the groups of every node of the tree it was computed over (a parent
/// may add costs only over members whose *whole* trees use disjoint groups).
#[derive(Debug, Clone)]
struct Grouped {
    cost: Relaxed,
    groups: Vec<usize>,
}

impl Grouped {
    /// A member that costs nothing (a failed validator).
    fn free() -> Grouped {
        Grouped {
            cost: Relaxed::none(),
            groups: vec![],
        }
    }

    /// A validator: one node, in its group.
    fn validator(v: NodeId, group_of: &[usize]) -> Grouped {
        Grouped {
            cost: Relaxed {
                lower: 1,
                nodes: vec![v],
            },
            groups: vec![group_of[v]],
        }
    }
}

/// Where a member's nodes are: one validator, or the tree of an inner set.
#[derive(Debug, Clone, Copy)]
enum Member {
    Validator(NodeId),
    Inner(QsetId),
}

/// The cost in groups of `need` of `members` (each with its cost, its tree's groups and where
/// it is), or `None` when fewer exist:
/// - members whose trees use pairwise disjoint groups: the `need` cheapest costs add up;
/// - otherwise, members that cost something need at least one group each, and one group serves
///   at most the members whose trees use it: the fewest groups that together serve enough of
///   them (counting a member once per group it uses, which can only lower the bound). The
///   nodes given are those of the members served, inside those groups.
fn grouped_cheapest(
    fbas: &Fbas,
    group_of: &[usize],
    mut members: Vec<(Grouped, Member)>,
    need: usize,
) -> Option<Grouped> {
    if members.len() < need {
        return None;
    }
    members.sort_by_key(|(m, _)| m.cost.lower);
    let mut all: Vec<usize> = members
        .iter()
        .flat_map(|(m, _)| m.groups.iter().copied())
        .collect();
    let total = all.len();
    all.sort_unstable();
    all.dedup();
    let chosen = &members[..need];
    let cost = if all.len() == total {
        Relaxed {
            lower: chosen.iter().map(|(m, _)| m.cost.lower).sum(),
            nodes: chosen
                .iter()
                .flat_map(|(m, _)| m.cost.nodes.iter().copied())
                .collect(),
        }
    } else {
        let free = chosen.iter().take_while(|(m, _)| m.cost.lower == 0).count();
        let costly = &members[free..];
        let short = need - free;
        let mut serves: HashMap<usize, usize> = HashMap::new();
        for (m, _) in costly {
            for &g in &m.groups {
                *serves.entry(g).or_default() += 1;
            }
        }
        let mut by_count: Vec<(usize, usize)> = serves.into_iter().collect();
        by_count.sort_by_key(|&(g, count)| (std::cmp::Reverse(count), g));
        let mut served = 0;
        let mut used: Vec<usize> = Vec::new();
        for &(g, count) in &by_count {
            if served >= short {
                break;
            }
            served += count;
            used.push(g);
        }
        used.sort_unstable();
        let mut nodes: Vec<NodeId> = chosen[..free]
            .iter()
            .flat_map(|(m, _)| m.cost.nodes.iter().copied())
            .collect();
        let inside = |m: &Grouped| m.groups.iter().any(|g| used.binary_search(g).is_ok());
        for &(_, member) in costly.iter().filter(|(m, _)| inside(m)).take(short) {
            let tree = match member {
                Member::Validator(v) => vec![v],
                Member::Inner(i) => fbas.arena.contained_nodes(i),
            };
            nodes.extend(
                tree.into_iter()
                    .filter(|&v| used.binary_search(&group_of[v]).is_ok()),
            );
        }
        Relaxed {
            lower: used.len(),
            nodes,
        }
    };
    Some(Grouped { cost, groups: all })
}

/// A lower bound on the number of groups (`group_of` per node; every node its own group for the
/// node count) of any splitting set of `fbas` (0 when nothing better is known); `budget` may stop
/// the comparison of the pairs of quorum sets.
pub fn splitting(fbas: &Fbas, group_of: &[usize], budget: &Budget) -> Result<Relaxed, Stop> {
    let mut best: Option<Relaxed> = None;
    opposite_pairs(fbas, group_of, budget, |_, _, Grouped { cost: r, .. }| {
        if best.as_ref().is_none_or(|best| r.lower < best.lower) {
            best = Some(r);
        }
        // Nothing is below 0.
        best.as_ref().is_some_and(|b| b.lower == 0)
    })?;
    Ok(best.unwrap_or(Relaxed::none()))
}

/// What a split needs when two given quorum sets are on opposite sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairNeed {
    /// The quorum set of a node on one side and of a node on the other (`sets.0 ≤ sets.1`).
    pub sets: (QsetId, QsetId),
    /// Every splitting set with such nodes on opposite sides has at least this many groups…
    pub need: usize,
    /// …among these (sorted): the groups of the two sets' common members' trees.
    pub groups: Vec<usize>,
}

/// Per pair of quorum sets held by nodes of `fbas` that can be on opposite sides of a split
/// (a set paired with itself when two nodes hold it), what the split needs
/// ([`splitting`]'s relaxation, in groups of `group_of`; [`splitting`]'s bound is the least
/// need of all pairs). Pairs that need nothing are left out, and everything where the bounds
/// do not apply.
pub fn pair_needs(fbas: &Fbas, group_of: &[usize], budget: &Budget) -> Result<Vec<PairNeed>, Stop> {
    let mut needs = Vec::new();
    opposite_pairs(fbas, group_of, budget, |a, b, Grouped { cost, groups }| {
        if cost.lower > 0 {
            needs.push(PairNeed {
                sets: (a, b),
                need: cost.lower,
                groups,
            });
        }
        false
    })?;
    Ok(needs)
}

/// Calls `visit(a, b, cost)` for each pair of quorum sets `a ≤ b` held by nodes of `fbas` (`a`
/// with itself when two nodes hold it) that can be on opposite sides of a split, with
/// [`doubly`]'s cost, until it returns true; nothing when the bounds do not apply.
fn opposite_pairs(
    fbas: &Fbas,
    group_of: &[usize],
    budget: &Budget,
    mut visit: impl FnMut(QsetId, QsetId, Grouped) -> bool,
) -> Result<(), Stop> {
    let mut count: HashMap<QsetId, usize> = HashMap::new();
    for &q in &fbas.qsets {
        *count.entry(q).or_default() += 1;
    }
    let mut qsets: Vec<QsetId> = count.keys().copied().collect();
    qsets.sort_unstable();
    if !disjoint_members(fbas) {
        return Ok(());
    }
    let mut memo = HashMap::new();
    for (i, &a) in qsets.iter().enumerate() {
        if let Some(why) = budget.check() {
            return Err(why);
        }
        for &b in &qsets[i..] {
            if a == b && count[&a] < 2 {
                continue;
            }
            // Infeasible pairs cannot host a split: they bound nothing from below.
            if let Some(cost) = doubly(fbas, group_of, a, b, &mut memo) {
                if visit(a, b, cost) {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
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

/// The fewest groups (`group_of` per node) for side 1 to satisfy `a` and side 2 to satisfy `b`
/// in the relaxation, with the groups of the common members' trees (`None`: impossible). Inner
/// ids are smaller than their parents', so the recursion depth is bounded by the nesting of the
/// input's quorum sets.
fn doubly(
    fbas: &Fbas,
    group_of: &[usize],
    a: QsetId,
    b: QsetId,
    memo: &mut HashMap<(QsetId, QsetId), Option<Grouped>>,
) -> Option<Grouped> {
    let key = (a.min(b), a.max(b));
    if let Some(r) = memo.get(&key) {
        return r.clone();
    }
    let (qa, qb) = (fbas.arena.get(a), fbas.arena.get(b));
    // Costs of the common members being doubly present.
    let mut costs: Vec<(Grouped, Member)> = Vec::new();
    let mut common = 0;
    // Members are sorted (the arena interns them so): binary search finds the common ones.
    for &v in qa
        .validators
        .iter()
        .filter(|v| qb.validators.binary_search(v).is_ok())
    {
        common += 1;
        costs.push((Grouped::validator(v, group_of), Member::Validator(v)));
    }
    for &i in qa
        .inner
        .iter()
        .filter(|i| qb.inner.binary_search(i).is_ok())
    {
        common += 1;
        if let Some(r) = doubly(fbas, group_of, i, i, memo) {
            costs.push((r, Member::Inner(i)));
        }
    }
    let only_a = qa.members() - common;
    let only_b = qb.members() - common;
    let result = if qa.threshold > only_a + common || qb.threshold > only_b + common {
        None
    } else {
        let need = (qa.threshold.saturating_sub(only_a) + qb.threshold.saturating_sub(only_b))
            .saturating_sub(common);
        grouped_cheapest(fbas, group_of, costs, need)
    };
    // Only a set paired with itself recurs (as a common inner set): memoise just those, so
    // comparing many top-level pairs does not fill memory.
    if a == b {
        memo.insert(key, result.clone());
    }
    result
}
