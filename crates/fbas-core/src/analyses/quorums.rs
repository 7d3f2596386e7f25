//! Minimal quorums: the smallest one, and the list of all of them (up to a limit).

use crate::analyses::bounds;
use crate::budget::Budget;
use crate::network::fbas::Fbas;
use crate::network::grouping::Grouping;
use crate::network::quorum_set::{NodeId, QsetId};
use crate::outcome::{Failure, Minimum};
use crate::sat::encode::{self, Counter};
use crate::sat::optimize::{enumerate_minimal, minimize_with, Probe};
use crate::sat::solver::{Sat, SatLit as Lit};
use crate::sat::symmetry_breaking;
use std::collections::HashMap;
use std::ops::Range;

/// The quorum touching the fewest groups (at node level, the smallest quorum, which is always
/// a minimal quorum; merged, the fewest groups containing a minimal quorum).
pub fn min_quorum(
    fbas: &Fbas,
    groups: &Grouping,
    budget: &Budget,
) -> Result<Minimum<Vec<NodeId>>, Failure> {
    // At node level, a structural lower bound; when the set attaining it is a quorum, done.
    let mut lower = 1;
    let node_level = groups.names.len() == fbas.len();
    if node_level {
        let bound = bounds::quorum(fbas, |_| 1);
        let attains = bound.nodes.len() == bound.lower;
        if bound.lower > 0 && attains && fbas.is_quorum(&fbas.set_of(&bound.nodes)) {
            return Ok(Minimum::Found {
                size: bound.lower,
                witness: bound.nodes,
            });
        }
        lower = lower.max(bound.lower);
    }
    // A first quorum by plain code, so that every solver call is under a bound (a first call
    // looking for any quorum is a long search free of conflicts, which the budget cannot
    // interrupt: 200 ms on almost-symmetric 100).
    let known = match fbas.a_minimal_quorum() {
        Some(q) if !q.contains(&true) => return Ok(Minimum::NoneExists),
        Some(q) => {
            let only = fbas.is_the_only_minimal_quorum(q);
            let q = Fbas::members(q);
            let size = groups.count(&q);
            // The only minimal quorum is in every quorum: the smallest, at every level.
            if only {
                return Ok(Minimum::Found { size, witness: q });
            }
            Some((q, size))
        }
        None => None,
    };
    let mut sat = Sat::new(budget);
    let x = encode::quorum(&mut sat, fbas);
    encode::non_empty(&mut sat, &x);
    let group_lit: Vec<_> = (0..groups.names.len()).map(|_| sat.lit()).collect();
    for v in 0..fbas.len() {
        sat.implies(x[v], group_lit[groups.of_node[v]]);
    }
    let swaps = symmetry_breaking::symmetries(fbas, &groups.of_node, |_| ());
    symmetry_breaking::break_symmetry(&mut sat, &swaps, &[&x]);
    let witness = |sat: &Sat| {
        let q: Vec<bool> = x.iter().map(|&l| sat.value(l)).collect();
        if !fbas.is_quorum(&q) {
            return Err("min quorum: the set found is not a quorum".into());
        }
        let q = Fbas::members(&q);
        let size = groups.count(&q);
        Ok((q, size))
    };
    minimize_with(&mut sat, &group_lit, Probe::Halving, lower, known, witness, |sat, size, bounds| {
        if node_level {
            few_outside_the_tree(sat, fbas, &x, &vec![true; fbas.len()], size, bounds, budget);
        }
    })
}

/// Clauses that every quorum Q with at most k nodes of `counted` satisfies, for each k of
/// `bounds`: a node v of Q has its quorum set satisfied by Q, so Q holds at least `need` counted
/// nodes of that set's tree (the fewest among any nodes satisfying it,
/// [`bounds::quorum_set_needs`]) and at most k − need counted others. As clauses over `size`
/// (the count of Q's counted nodes, `x` restricted to `counted`) and one counter per quorum set
/// of the counted nodes outside its tree: `size ≤ k ∧ v ∈ Q → outside ≤ k − need` (`v ∉ Q` when
/// k < need). The encoding implies them, so the answer stays the same; they hand the solver the
/// count linking one node's set to the bound, which resolution proofs cannot derive in few steps
/// (smallest quorum of almost-symmetric 50 organizations: k = 75 undecided in 60 s without
/// them, the minimum 78 proved in 1.2 s with them). Nothing is added where the needs are not
/// bounds (a quorum set repeating a node), nor for the sets whose clauses would take the total
/// past the implied clauses' share of the cap ([`Budget::implied_clauses`]; those needing the
/// most come first).
pub(crate) fn few_outside_the_tree(
    sat: &mut Sat,
    fbas: &Fbas,
    x: &[Lit],
    counted: &[bool],
    size: &Counter,
    bounds: Range<usize>,
    budget: &Budget,
) {
    let Some(needs) = bounds::quorum_set_needs(fbas, counted) else {
        return;
    };
    // The distinct sets of the nodes that can be in a quorum (an unsatisfiable set: the
    // encoding already keeps its nodes out) get clauses while these fit in the implied clauses'
    // share of the cap, those needing the most first (a ring of nine thousand watchers has nine
    // thousand sets, each a counter over all other nodes).
    let mut users: HashMap<QsetId, usize> = HashMap::new();
    for v in 0..fbas.len() {
        if needs[fbas.qsets[v]].is_some() {
            *users.entry(fbas.qsets[v]).or_default() += 1;
        }
    }
    let mut sets: Vec<(QsetId, usize)> =
        users.keys().filter_map(|&q| Some((q, needs[q]?))).collect();
    sets.sort_by_key(|&(q, need)| (std::cmp::Reverse(need), q));
    let counted_nodes = counted.iter().filter(|&&c| c).count();
    let mut allowance = budget.implied_clauses();
    // Per set given clauses, its tree's nodes and (once built) its counter.
    let mut outside: HashMap<QsetId, (Vec<NodeId>, Option<Counter>)> = HashMap::new();
    // A counter's size per (inputs, cap): the watchers' sets all have the same.
    let mut counter_clauses: HashMap<(usize, usize), usize> = HashMap::new();
    for (q, need) in sets {
        let tree = fbas.arena.contained_nodes(q);
        let in_tree = tree.iter().filter(|&&u| counted[u]).count();
        let shape = (counted_nodes - in_tree, bounds.end.saturating_sub(need));
        let cost = *counter_clauses
            .entry(shape)
            .or_insert_with(|| Counter::clauses(shape.0, shape.1))
            + users[&q] * (bounds.len() + 1);
        if cost <= allowance {
            allowance -= cost;
            outside.insert(q, (tree, None));
        }
    }
    // In node order, each set's counter built at its first node.
    for v in 0..fbas.len() {
        let q = fbas.qsets[v];
        let (Some(need), Some((tree, few))) = (needs[q], outside.get_mut(&q)) else {
            continue;
        };
        let few = few.get_or_insert_with(|| {
            let others: Vec<Lit> = (0..fbas.len())
                .filter(|&u| counted[u] && tree.binary_search(&u).is_err())
                .map(|u| x[u])
                .collect();
            Counter::new(sat, &others, bounds.end.saturating_sub(need))
        });
        size.bounds_others(sat, bounds.clone(), &[x[v]], few, need);
    }
}

/// Up to `limit` minimal quorums, and whether that is all of them. Each is found as a quorum
/// containing none of the minimal quorums found so far, then shrunk to a minimal one.
pub fn minimal_quorums(
    fbas: &Fbas,
    limit: usize,
    budget: &Budget,
) -> Result<(Vec<Vec<NodeId>>, bool), Failure> {
    let mut sat = Sat::new(budget);
    let x = encode::quorum(&mut sat, fbas);
    encode::non_empty(&mut sat, &x);
    enumerate_minimal(&mut sat, limit, &x, |sat| {
        let q: Vec<bool> = x.iter().map(|&l| sat.value(l)).collect();
        let m = fbas.shrink_to_minimal_quorum(&q, &[]);
        if !fbas.is_minimal_quorum(&m) {
            return Err(Failure::Internal(
                "minimal quorums: shrinking did not give a minimal quorum".into(),
            ));
        }
        Ok(Fbas::members(&m))
    })
}
