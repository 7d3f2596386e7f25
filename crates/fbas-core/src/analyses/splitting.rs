//! Splitting sets (safety): the fewest nodes, or groups, whose Byzantine behaviour lets two
//! disjoint quorums exist.
//!
//! S is splitting iff after Mazières' *delete* of S (S leaves every quorum set, each set's
//! threshold lowered by the number of its own validators removed, saturating at 0, and S is
//! never part of a quorum) two disjoint non-empty quorums exist. A node of a quorum Q is
//! satisfied after the delete iff its original quorum set is satisfied by Q ∪ S, which is how it
//! is encoded; witnesses are re-checked on the literally deleted network. When intersection
//! already fails the empty set splits; with fewer than two quorums possible, nothing does.

use crate::analyses::bounds::{self, PairNeed, Relaxed};
use crate::analyses::quotient::Quotient;
use crate::budget::{Budget, Stop};
use crate::clock::Instant;
use crate::network::fbas::Fbas;
use crate::network::grouping::Grouping;
use crate::network::quorum_set::{NodeId, Qset, QsetArena, QsetId};
use crate::outcome::{Failure, Minimum};
use crate::sat::encode::{self, Counter};
use crate::sat::optimize::{enumerate_minimal, minimize_with, Probe};
use crate::sat::solver::{Sat, SatLit as Lit};
use crate::sat::symmetry_breaking;
use std::collections::HashMap;
use std::ops::Range;
use std::time::Duration;

/// A splitting set (group indices) with the two quorums (node indices) it splits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub groups: Vec<usize>,
    pub nodes: Vec<NodeId>,
    pub quorums: [Vec<NodeId>; 2],
}

/// "Deleting the chosen nodes leaves two disjoint quorums", as SAT.
struct Splitting<'a> {
    fbas: &'a Fbas,
    deleted: Vec<Lit>,
    sides: [Vec<Lit>; 2],
}

impl<'a> Splitting<'a> {
    fn new(fbas: &'a Fbas, sat: &mut Sat) -> Self {
        let (deleted, sides) = encode::split_after_delete(sat, fbas);
        Splitting {
            fbas,
            deleted,
            sides,
        }
    }

    /// The deleted set and the two quorums of the last model, re-checked on the literally
    /// deleted network.
    fn split(&self, sat: &Sat) -> Result<(Vec<NodeId>, [Vec<NodeId>; 2]), String> {
        let s: Vec<bool> = self.deleted.iter().map(|&l| sat.value(l)).collect();
        let q = self
            .sides
            .clone()
            .map(|side| side.iter().map(|&l| sat.value(l)).collect());
        rechecked(self.fbas, s, q)
    }
}

/// The deleted set `s` and the two sides `q` as node lists, once checked on the literally
/// deleted network: two disjoint quorums, disjoint from `s`.
fn rechecked(
    fbas: &Fbas,
    s: Vec<bool>,
    q: [Vec<bool>; 2],
) -> Result<(Vec<NodeId>, [Vec<NodeId>; 2]), String> {
    let after = delete(fbas, &s);
    let ok = (0..fbas.len()).all(|v| !(q[0][v] && q[1][v]) && !(s[v] && (q[0][v] || q[1][v])))
        && after.is_quorum(&q[0])
        && after.is_quorum(&q[1]);
    if !ok {
        return Err("splitting: the quorums found are not disjoint after the delete".into());
    }
    Ok((Fbas::members(&s), q.map(|side| Fbas::members(&side))))
}

/// How much of the remaining time the hint of [`min_splitting`] may take, as a fraction's
/// denominator, and at most.
const HINT_SHARE: u32 = 50;
const HINT_MAX: Duration = Duration::from_millis(200);

/// The splitting encoding on a fresh instance under `budget`, with one literal per group of
/// `groups`, implied by the deletion of any of its nodes; on a quotient (`units`), its
/// stand-ins are never deleted.
fn grouped<'a>(
    fbas: &'a Fbas,
    groups: &Grouping,
    units: Option<ByUnits>,
    budget: &Budget,
) -> (Sat, Splitting<'a>, Vec<Lit>) {
    let mut sat = Sat::new(budget);
    let enc = Splitting::new(fbas, &mut sat);
    let group_lit: Vec<_> = (0..groups.names.len()).map(|_| sat.lit()).collect();
    for v in 0..fbas.len() {
        sat.implies(enc.deleted[v], group_lit[groups.of_node[v]]);
    }
    for x in units.iter().flat_map(|u| u.quotient.stand_ins.iter().flatten()) {
        sat.clause(&[!enc.deleted[*x]]);
    }
    (sat, enc, group_lit)
}

/// A search on the quotient by units ([`Quotient`]), and whether it counts the network's nodes
/// (the node level) rather than the groups.
#[derive(Clone, Copy)]
struct ByUnits<'q> {
    quotient: &'q Quotient,
    count_nodes: bool,
}

impl<'q> ByUnits<'q> {
    /// The quotient, when the search counts the network's nodes on it.
    fn counting_nodes(self) -> Option<&'q Quotient> {
        self.count_nodes.then_some(self.quotient)
    }
}

/// A model's re-checked split, made smaller by [`shrink`] down to at most `lower` groups (a lower
/// bound on every split's), and its size: how many groups it touches, or counting nodes on a
/// quotient, how many nodes of the network it deletes (the smaller of the model's and the
/// shrunk split's, as the shrunk sides may lose a stand-in).
fn grouped_split(
    enc: &Splitting,
    groups: &Grouping,
    units: Option<ByUnits>,
    lower: usize,
    sat: &Sat,
) -> Result<(Split, usize), String> {
    let (nodes, quorums) = enc.split(sat)?;
    match units.and_then(ByUnits::counting_nodes) {
        None => {
            let split = shrink(enc.fbas, groups, lower, &nodes, quorums);
            let size = split.groups.len();
            Ok((split, size))
        }
        Some(quotient) => {
            let model = Split {
                groups: groups.groups_of(&nodes),
                nodes: nodes.clone(),
                quorums: quotient.with_stand_ins(&nodes, quorums.clone()),
            };
            let mut shrunk = shrink(enc.fbas, groups, 0, &nodes, quorums);
            shrunk.quorums = quotient.with_stand_ins(&shrunk.nodes, shrunk.quorums);
            let cost = |split: &Split| quotient.nodes_deleted(&split.groups, &split.quorums);
            let (a, b) = (cost(&model), cost(&shrunk));
            Ok(if b <= a { (shrunk, b) } else { (model, a) })
        }
    }
}

/// A split by the groups of `deleted` (with the two `sides` it leaves disjoint quorums) made
/// smaller by plain fixpoint code: each group in turn is no longer deleted when, on the network
/// with only the rest deleted, the greatest quorum inside each side is still non-empty; those
/// quorums become the sides. It stops at `lower` groups, below which no split exists. The
/// search's upper bound then falls by several groups per model instead of by one SAT call per
/// step.
fn shrink(
    fbas: &Fbas,
    groups: &Grouping,
    lower: usize,
    deleted: &[NodeId],
    sides: [Vec<NodeId>; 2],
) -> Split {
    let mut deleted = fbas.set_of(deleted);
    let mut sides = sides.map(|side| fbas.set_of(&side));
    let chosen = groups.groups_of(&Fbas::members(&deleted));
    let mut size = chosen.len();
    for g in chosen {
        if size <= lower {
            break;
        }
        let mut fewer = deleted.clone();
        for (v, d) in fewer.iter_mut().enumerate() {
            *d &= groups.of_node[v] != g;
        }
        let after = delete(fbas, &fewer);
        let smaller = sides.clone().map(|side| after.greatest_quorum_in(&side));
        if smaller.iter().all(|side| side.contains(&true)) {
            deleted = fewer;
            sides = smaller;
            size -= 1;
        }
    }
    let nodes = Fbas::members(&deleted);
    Split {
        groups: groups.groups_of(&nodes),
        nodes,
        quorums: sides.map(|side| Fbas::members(&side)),
    }
}

/// The fewest groups of `groups` containing a splitting set of `fbas`; `bound` is
/// [`crate::analyses::bounds::splitting`] for `groups`.
///
/// First a *hint*: the structural bound comes with the groups attaining it, and when deleting
/// inside them splits, that is the answer (one SAT call with every other group kept; a larger
/// split found is an upper bound). On symmetric networks it answers in milliseconds; where the
/// bound is not attained that way the call can be as hard as the whole search (it took the
/// whole budget on stellar-core-style networks of 50 organizations, whose minimum the search
/// without it finds in 0.3 s). So it gets a slice of the remaining time ([`HINT_SHARE`], at
/// most [`HINT_MAX`]); when the slice runs out mid-search, the search starts over on a fresh
/// instance without it, else it goes on on the same one (also when building the encoding took
/// the slice). Either way the answer is exact: the hint only ever ends the search with a
/// re-checked witness of the bound's size.
///
/// When every group is a unit, or at node level every unit is as [`crate::analyses::quotient`]
/// requires (python-fbas' and Stellar's organizations), the search runs on the network's
/// quotient by its units, a third of the nodes, and its split is mapped back, deleting of each
/// unit only what the node level counts ([`Quotient::with_stand_ins`]; an organization-level
/// witness so bounds the node level as tightly as it can). On python-fbas'
/// networks, geometric means of the time ratios to the search on the network: 0.38 at
/// organization level (`top_tier_orgs_20_seed_2` 6.0 s -> 1.0 s), 0.39 at node level
/// (`..._16_orgs_delete_prob_factor_5` 279 -> 20 ms).
pub fn min_splitting(
    fbas: &Fbas,
    groups: &Grouping,
    bound: &Relaxed,
    budget: &Budget,
) -> Result<Minimum<Split>, Failure> {
    let count_nodes = groups.is_nodes();
    let quotient = if count_nodes {
        Quotient::of_units(fbas)
    } else {
        Quotient::new(fbas, groups)
    };
    let Some(quotient) = quotient else {
        return search_the_network(fbas, groups, bound, None, budget);
    };
    let units = ByUnits {
        quotient: &quotient,
        count_nodes,
    };
    let mut q_bound = bounds::splitting(&quotient.fbas, &quotient.groups.of_node, budget)
        .map_err(Failure::Stopped)?;
    if count_nodes {
        // The quotient's bound counts units, each of which costs at least one node; the hint
        // is the units of the nodes attaining the network's bound.
        let mut units: Vec<usize> = bound.nodes.iter().map(|&v| quotient.unit_of[v]).collect();
        units.sort_unstable();
        units.dedup();
        q_bound = Relaxed {
            lower: q_bound.lower.max(bound.lower),
            nodes: units,
        };
    }
    let answer = search_the_network(
        &quotient.fbas,
        &quotient.groups,
        &q_bound,
        Some(units),
        budget,
    )?;
    // The quotient's split as one of the network, re-checked there, of the same size.
    let back = |split: &Split, size: usize| -> Result<Split, Failure> {
        let sides = quotient.with_stand_ins(&split.nodes, split.quorums.clone());
        let (s, q) = quotient.split_back(fbas.len(), &split.nodes, &sides);
        let (nodes, quorums) = rechecked(fbas, s, q).map_err(Failure::Internal)?;
        let touched = groups.groups_of(&nodes);
        if touched.len() != size {
            return Err(Failure::Internal(format!(
                "splitting: the quotient's split of {size} is one of {} in the network",
                touched.len()
            )));
        }
        Ok(Split {
            groups: touched,
            nodes,
            quorums,
        })
    };
    let mut answer = answer.try_map_witness(|w, size| back(&w, size))?;
    if let Minimum::Unknown { lower, .. } = &mut answer {
        *lower = (*lower).max(bound.lower);
    }
    Ok(answer)
}

/// [`min_splitting`] on `fbas` as it is (a network, or a quotient of one: `units`).
fn search_the_network(
    fbas: &Fbas,
    groups: &Grouping,
    bound: &Relaxed,
    units: Option<ByUnits>,
    budget: &Budget,
) -> Result<Minimum<Split>, Failure> {
    let now = Instant::now();
    let slice = budget
        .deadline
        .map_or(HINT_MAX, |d| ((d - now) / HINT_SHARE).min(HINT_MAX));
    hinted(fbas, groups, bound, units, budget, now + slice, PLAIN_SLICE)
}

/// [`min_splitting`] with the hint stopped at `hint_until` and the search without the pair
/// clauses given `plain` after it (none at all: zero; the answer depends on neither).
pub fn min_splitting_with_hint(
    fbas: &Fbas,
    groups: &Grouping,
    bound: &Relaxed,
    budget: &Budget,
    hint_until: Instant,
    plain: Duration,
) -> Result<Minimum<Split>, Failure> {
    hinted(fbas, groups, bound, None, budget, hint_until, plain)
}

/// [`min_splitting_with_hint`] on a network or a quotient (`units`).
fn hinted(
    fbas: &Fbas,
    groups: &Grouping,
    bound: &Relaxed,
    units: Option<ByUnits>,
    budget: &Budget,
    hint_until: Instant,
    plain: Duration,
) -> Result<Minimum<Split>, Failure> {
    let (mut sat, mut enc, mut group_lit) = grouped(fbas, groups, units, budget);
    let mut known = None;
    if bound.lower > 0 && !bound.nodes.is_empty() {
        let chosen = groups.groups_of(&bound.nodes);
        let mut hint: Vec<Lit> = (0..groups.names.len())
            .filter(|g| chosen.binary_search(g).is_err())
            .map(|g| !group_lit[g])
            .collect();
        // Counting nodes on a quotient: each chosen unit at its lower cost, a stand-in on each
        // side (symmetric 200 organizations: 21-39 ms, 227 ms without).
        if let Some(quotient) = units.and_then(ByUnits::counting_nodes) {
            for &g in &chosen {
                if let [a, b] = quotient.stand_ins[g][..] {
                    hint.extend([enc.sides[0][a], enc.sides[1][b]]);
                }
            }
        }
        match sat.solve_until(&hint, hint_until) {
            Ok(true) => {
                let (split, size) = grouped_split(&enc, groups, units, bound.lower, &sat)
                    .map_err(Failure::Internal)?;
                if size < bound.lower {
                    return Err(Failure::Internal(format!(
                        "splitting: a split by {size} groups, below the bound {}",
                        bound.lower
                    )));
                }
                if size == bound.lower {
                    return Ok(Minimum::Found {
                        size,
                        witness: split,
                    });
                }
                known = Some((split, size));
            }
            // No split within the bound's groups, or the slice over before the hint began (on a
            // large encoding, building it can take the slice): the instance goes on.
            Ok(false) => {}
            Err(_) if !sat.is_stopped() => {}
            // Stopped mid-search (or the budget spent, which the fresh instance then reports).
            // The stopped instance goes first: two at once would hold twice the clauses.
            Err(_) => {
                drop(sat);
                (sat, enc, group_lit) = grouped(fbas, groups, units, budget);
            }
        }
    }
    // The search runs in up to three phases. Each one stopped by its own time limit (with the
    // budget not spent) starts the next on a fresh instance, from the bounds and the witness
    // found so far:
    // 1. Most searches end within a short slice, where the pair clauses of `opposite_sides`
    //    cost more to build than the search takes (python-fbas' 14-16-organization networks at
    //    node level: 4-11 ms without them, 30-73 ms with them). So the search first runs
    //    without them for `plain` (zero: not at all).
    // 2. With them, by halving, the fewest calls. But one that runs into the deadline has often
    //    proved nothing above the bound it started from (python-fbas' 28-32-organization
    //    networks: 1 after 10 s), so with a deadline it stops a share of the remaining time
    //    early ([`FROM_BELOW_SHARE`]),
    // 3. and the rest proves the bounds from below, one at a time: there the lower bounds rose
    //    from 1 to 4-8 in the last 2.5 s of 10.
    let deadline = budget.deadline;
    // The phases before the last, by halving: whether with the pair clauses.
    let earlier = [(!plain.is_zero()).then_some(false), deadline.map(|_| true)];
    let (mut lower, mut known) = (bound.lower, known);
    for pairs in earlier.into_iter().flatten() {
        let now = Instant::now();
        let until = match deadline {
            Some(d) if pairs => now + (d - now) / FROM_BELOW_SHARE * (FROM_BELOW_SHARE - 1),
            _ => now + plain,
        };
        sat.stop_at(Some(until));
        let (pairs, probe) = (pairs.then_some(budget), Probe::Halving);
        match search(&mut sat, fbas, groups, &enc, &group_lit, units, lower, known, pairs, probe)? {
            Minimum::Unknown {
                lower: proved,
                upper,
                witness,
                stop: Stop::Deadline,
            } if budget.check().is_none() => {
                drop(sat);
                (sat, enc, group_lit) = grouped(fbas, groups, units, budget);
                lower = proved;
                known = witness.zip(upper);
            }
            other => return Ok(other),
        }
    }
    let probe = match deadline {
        Some(_) => Probe::FromBelow,
        None => Probe::Halving,
    };
    search(&mut sat, fbas, groups, &enc, &group_lit, units, lower, known, Some(budget), probe)
}

/// With a deadline, the last 1 / `FROM_BELOW_SHARE` of the time [`min_splitting`]'s search has
/// after its first slice goes to proving lower bounds from below ([`Probe::FromBelow`]).
const FROM_BELOW_SHARE: u32 = 4;

/// How long [`min_splitting`]'s search runs without the pair clauses.
const PLAIN_SLICE: Duration = Duration::from_millis(25);

/// The search for the fewest groups on the instance `sat` (of [`grouped`]), from `lower` and
/// the `known` split, with the pair clauses of [`opposite_sides`] when `pairs` gives the budget
/// they are built under, asking about the bounds in the order `probe` says.
#[allow(clippy::too_many_arguments)]
fn search(
    sat: &mut Sat,
    fbas: &Fbas,
    groups: &Grouping,
    enc: &Splitting,
    group_lit: &[Lit],
    units: Option<ByUnits>,
    lower: usize,
    known: Option<(Split, usize)>,
    pairs: Option<&Budget>,
    probe: Probe,
) -> Result<Minimum<Split>, Failure> {
    // The search's proofs that no smaller split exists are shorter with the sides ordered
    // (python-fbas' 24-organization network, organization level: 6.2 s -> 0.46 s); the hint
    // was measured without it.
    symmetry_breaking::break_side_swap(sat, [&enc.sides[0], &enc.sides[1]]);
    // Counting nodes on a quotient, a swap must keep what each unit costs.
    let counting = units.and_then(ByUnits::counting_nodes);
    let cost = |v: NodeId| counting.map(|q| q.node_costs()[groups.of_node[v]]);
    let mut swaps = symmetry_breaking::symmetries(fbas, &groups.of_node, cost);
    // On a quotient, interchangeable units: each node with its stand-ins.
    if let Some(units) = units {
        swaps.extend(units.quotient.unit_swaps(cost));
    }
    symmetry_breaking::break_symmetry(sat, &swaps, &[&enc.deleted, &enc.sides[0], &enc.sides[1]]);
    let mut used_groups: Vec<usize> = groups.of_node.clone();
    used_groups.sort_unstable();
    used_groups.dedup();
    let objective: Vec<_> = match counting {
        None => used_groups.iter().map(|&g| group_lit[g]).collect(),
        Some(quotient) => nodes_deleted(sat, quotient, enc, group_lit),
    };
    let witness = |sat: &Sat| grouped_split(enc, groups, units, lower, sat);
    minimize_with(sat, &objective, probe, lower, known, witness, |sat, size, range| {
        let Some(budget) = pairs else { return };
        // Out of time comparing the pairs: no clauses (the search then stops at once).
        let needs = bounds::pair_needs(fbas, &groups.of_node, budget).unwrap_or_default();
        opposite_sides(sat, fbas, enc, &used_groups, group_lit, needs, size, range, budget);
    })
}

/// The objective counting the network's nodes a split of its quotient `quotient` deletes
/// ([`Quotient::node_costs`]): per unit, its group literal `always` times, and `unless` times
/// a literal implied by the group's deletion without a stand-in on one of the sides.
fn nodes_deleted(sat: &mut Sat, quotient: &Quotient, enc: &Splitting, group_lit: &[Lit]) -> Vec<Lit> {
    let mut objective = vec![];
    for (g, &(always, unless)) in quotient.node_costs().iter().enumerate() {
        objective.extend(std::iter::repeat_n(group_lit[g], always));
        if unless > 0 {
            let alone = sat.lit();
            for side in &enc.sides {
                let mut clause = vec![!group_lit[g], alone];
                clause.extend(quotient.stand_ins[g].iter().map(|&x| side[x]));
                sat.clause(&clause);
            }
            objective.extend(std::iter::repeat_n(alone, unless));
        }
    }
    objective
}

/// Clauses that every split with at most k groups satisfies, for each k of `bounds`: with a
/// node of set a on one side and a node of set b on the other, at least `need` of its groups
/// lie among the groups of the two sets' common members ([`bounds::pair_needs`]), so at most
/// k − need of the others (`used_groups` outside them, through `group_lit`). As clauses over
/// `size` (the count of chosen groups), one literal per set and side ("a node of this set is on
/// this side") and one counter per distinct set of other groups: `size ≤ k ∧ a on one side ∧ b
/// on the other → others ≤ k − need` (the pair never on opposite sides when k < need). The
/// encoding implies them, so the answer stays the same; they hand the solver the count linking
/// a pair of quorum sets to the bound, as [`crate::analyses::quorums::few_outside_the_tree`]
/// does for one set. Pairs needing the most come first; a pair whose clauses would take the
/// total past the share of the clause cap implied clauses may take
/// ([`Budget::implied_clauses`]) is left out (at 100 organizations all of them
/// would exceed the cap).
#[allow(clippy::too_many_arguments)]
fn opposite_sides(
    sat: &mut Sat,
    fbas: &Fbas,
    enc: &Splitting,
    used_groups: &[usize],
    group_lit: &[Lit],
    mut needs: Vec<PairNeed>,
    size: &Counter,
    bounds: Range<usize>,
    budget: &Budget,
) {
    needs.sort_by_key(|p| std::cmp::Reverse(p.need));
    let mut allowance = budget.implied_clauses();
    // "A node of set q is on side s", implied by each such node's membership.
    let mut holds: HashMap<(QsetId, usize), Lit> = HashMap::new();
    let mut on_side = |sat: &mut Sat, q: QsetId, s: usize| {
        *holds.entry((q, s)).or_insert_with(|| {
            let l = sat.lit();
            for v in (0..fbas.len()).filter(|&v| fbas.qsets[v] == q) {
                sat.implies(enc.sides[s][v], l);
            }
            l
        })
    };
    let mut others: HashMap<&[usize], Counter> = HashMap::new();
    for pair in &needs {
        let (a, b) = pair.sets;
        let orders: &[(usize, usize)] = if a == b { &[(0, 1)] } else { &[(0, 1), (1, 0)] };
        let outside: Vec<Lit> = used_groups
            .iter()
            .filter(|g| pair.groups.binary_search(g).is_err())
            .map(|&g| group_lit[g])
            .collect();
        let cap = bounds.end.saturating_sub(pair.need);
        let new_counter = !others.contains_key(pair.groups.as_slice());
        let cost = orders.len() * (bounds.len() + 1)
            + if new_counter { Counter::clauses(outside.len(), cap) } else { 0 };
        if cost > allowance {
            continue;
        }
        allowance -= cost;
        let few = others
            .entry(&pair.groups)
            .or_insert_with(|| Counter::new(sat, &outside, cap));
        for &(sa, sb) in orders {
            let premises = [on_side(sat, a, sa), on_side(sat, b, sb)];
            size.bounds_others(sat, bounds.clone(), &premises, few, pair.need);
        }
    }
}

/// Up to `limit` minimal splitting sets of nodes, and whether that is all of them. Splitting is
/// not monotone, so each model is shrunk by asking for a splitting proper subset until there
/// is none; the supersets of each minimal set found are then excluded.
pub fn minimal_splitting_sets(
    fbas: &Fbas,
    limit: usize,
    budget: &Budget,
) -> Result<(Vec<Vec<NodeId>>, bool), Failure> {
    let mut sat = Sat::new(budget);
    let enc = Splitting::new(fbas, &mut sat);
    enumerate_minimal(&mut sat, limit, &enc.deleted, |sat| {
        let (mut set, _) = enc.split(sat).map_err(Failure::Internal)?;
        loop {
            // A splitting proper subset of `set`: nothing outside it, something of it kept.
            let smaller = sat.lit();
            let mut keep_one = vec![!smaller];
            keep_one.extend(set.iter().map(|&v| !enc.deleted[v]));
            sat.clause(&keep_one);
            let mut assumptions = vec![smaller];
            assumptions.extend(
                (0..fbas.len())
                    .filter(|v| !set.contains(v))
                    .map(|v| !enc.deleted[v]),
            );
            let shrunk = sat.solve(&assumptions)?;
            sat.clause(&[!smaller]);
            if !shrunk {
                return Ok(set);
            }
            set = enc.split(sat).map_err(Failure::Internal)?.0;
        }
    })
}

/// Mazières' delete of `s`: its nodes become unsatisfiable and leave every quorum set, whose
/// thresholds drop by the number of its own validators removed (saturating at 0).
pub fn delete(fbas: &Fbas, s: &[bool]) -> Fbas {
    let mut arena = QsetArena::default();
    let mut mapped = Vec::with_capacity(fbas.arena.len());
    for id in 0..fbas.arena.len() {
        let q = fbas.arena.get(id);
        let validators: Vec<NodeId> = q.validators.iter().copied().filter(|&v| !s[v]).collect();
        let removed = q.validators.len() - validators.len();
        mapped.push(arena.intern(Qset {
            threshold: q.threshold.saturating_sub(removed),
            validators,
            inner: q.inner.iter().map(|&i| mapped[i]).collect(),
        }));
    }
    let unsatisfiable = arena.intern(Qset::unsatisfiable());
    let qsets = (0..fbas.len())
        .map(|v| match s[v] {
            true => unsatisfiable,
            false => mapped[fbas.qsets[v]],
        })
        .collect();
    Fbas::new(fbas.keys.clone(), qsets, arena)
}
