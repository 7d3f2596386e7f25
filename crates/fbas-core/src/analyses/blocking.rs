//! Blocking sets (liveness): the fewest nodes, or groups, whose failure leaves no quorum.
//!
//! A set blocks iff it hits every minimal quorum, and all minimal quorums lie in the top tier,
//! so only top-tier nodes are chosen and the failure cascade runs over the top tier alone.
//! Filtered: given the faulty nodes F, the fewest additional groups G such that F together
//! with the nodes of G blocks; the legacy "remove F from every minimal blocking set, merge,
//! take the smallest" is the same number. Merged sets are the minimal group sets whose nodes
//! (with F) block, which is what the legacy engine's merge of minimal node sets leaves.
//!
//! The search, cheapest first: at node level over units when they all cost the same
//! ([`crate::analyses::units`]); a structural lower bound and the groups attaining it; a greedy
//! upper bound; every set of the lower bound's size while they are few (checked on the units
//! as bitmasks where the groups are whole units, [`UnitCheck`]); at node level, by
//! counts per organization when the organizations are all alike
//! ([`crate::analyses::block_counts`]); else the failure-cascade encoding, minimised by SAT.

use crate::analyses::block_counts::{self, Counted};
use crate::analyses::bounds;
use crate::analyses::quotient::Quotient;
use crate::analyses::units::Units;
use crate::budget::{Budget, Stop, DEFAULT_MAX_CLAUSES};
use crate::network::bitset::{BitFbas, NodeSet};
use crate::network::fbas::Fbas;
use crate::network::grouping::Grouping;
use crate::network::quorum_set::NodeId;
use crate::outcome::{Failure, Minimum};
use crate::sat::encode;
use crate::sat::optimize::{enumerate_minimal, minimize};
use crate::sat::solver::{Sat, SatLit as Lit};
use crate::sat::symmetry_breaking;

/// "The chosen groups, with the faulty nodes, block the network", as SAT.
struct Blocking<'a> {
    fbas: &'a Fbas,
    groups: &'a Grouping,
    faulty: &'a [bool],
    group_lit: Vec<Lit>,
    /// Groups with a non-faulty top-tier node: the only ones worth choosing.
    candidates: Vec<usize>,
}

impl<'a> Blocking<'a> {
    /// The encoding over `tt`, the network of the `top_tier` nodes (`fbas.select(top_tier)`).
    #[allow(clippy::too_many_arguments)]
    fn new(
        fbas: &'a Fbas,
        top_tier: &[NodeId],
        tt: &Fbas,
        groups: &'a Grouping,
        faulty: &'a [bool],
        break_symmetry: bool,
        budget: &Budget,
        sat: &mut Sat,
    ) -> Self {
        let group_lit: Vec<_> = (0..groups.names.len()).map(|_| sat.lit()).collect();
        let initially_failed: Vec<_> = top_tier
            .iter()
            .map(|&v| {
                if faulty[v] {
                    sat.true_lit()
                } else {
                    group_lit[groups.of_node[v]]
                }
            })
            .collect();
        // The unrolled cascade propagates best, the ranking is far smaller: the cascade while
        // it leaves most of the clause cap to the search.
        let cap = budget.max_clauses.unwrap_or(DEFAULT_MAX_CLAUSES);
        if encode::cascade_clauses(tt) <= cap / 2 {
            for f in encode::cascade(sat, tt, &initially_failed) {
                sat.clause(&[f]);
            }
        } else {
            encode::everyone_fails(sat, tt, &initially_failed);
        }
        if break_symmetry {
            // Symmetric choices (keeping who is faulty, and the groups) in a fixed order.
            let tt_groups: Vec<usize> = top_tier.iter().map(|&v| groups.of_node[v]).collect();
            let swaps = symmetry_breaking::symmetries(tt, &tt_groups, |i| faulty[top_tier[i]]);
            let own: Vec<_> = top_tier
                .iter()
                .map(|&v| group_lit[groups.of_node[v]])
                .collect();
            symmetry_breaking::break_symmetry(sat, &swaps, &[&own]);
        }
        Blocking {
            fbas,
            groups,
            faulty,
            group_lit,
            candidates: candidates(top_tier, groups, faulty),
        }
    }

    /// The candidate groups chosen in the last model.
    fn chosen(&self, sat: &Sat) -> Vec<usize> {
        self.candidates
            .iter()
            .copied()
            .filter(|&g| sat.value(self.group_lit[g]))
            .collect()
    }

    fn blocks(&self, chosen: &[usize]) -> bool {
        blocks(self.fbas, self.groups, self.faulty, chosen)
    }
}

/// Groups with a non-faulty top-tier node: a smallest blocking set has no other group (every
/// minimal quorum lies in the top tier, and the other groups' top-tier nodes are failed anyway).
fn candidates(top_tier: &[NodeId], groups: &Grouping, faulty: &[bool]) -> Vec<usize> {
    let mut candidates: Vec<usize> = top_tier
        .iter()
        .filter(|&&v| !faulty[v])
        .map(|&v| groups.of_node[v])
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    candidates
}

/// Plain check: do the `faulty` nodes and the nodes of the `chosen` groups leave no quorum?
fn blocks(fbas: &Fbas, groups: &Grouping, faulty: &[bool], chosen: &[usize]) -> bool {
    let alive: Vec<bool> = (0..fbas.len())
        .map(|v| !faulty[v] && !chosen.contains(&groups.of_node[v]))
        .collect();
    !fbas.contains_quorum(&alive)
}

/// The fewest groups (indices into `groups.names`) whose nodes, together with the `faulty`
/// ones, block `fbas`; `top_tier` must contain every minimal quorum.
pub fn min_blocking(
    fbas: &Fbas,
    top_tier: &[NodeId],
    groups: &Grouping,
    faulty: &[bool],
    budget: &Budget,
) -> Result<Minimum<Vec<usize>>, Failure> {
    let blocks = |chosen: &[usize]| blocks(fbas, groups, faulty, chosen);
    let tt = fbas.select(top_tier);
    let tt_faulty: Vec<bool> = top_tier.iter().map(|&v| faulty[v]).collect();
    let node_level = groups.is_nodes();
    // At node level, when every unit (`units.rs`) has the same price in nodes: that price times
    // the fewest units, a plain group search.
    let units = Some(Units::find(&tt)).filter(|u| node_level && u.any_shared());
    let to_nodes = |u: &Units, chosen: &[usize]| -> Vec<usize> {
        let mut nodes: Vec<usize> = u
            .nodes_to_fail(chosen, &tt_faulty)
            .into_iter()
            .map(|i| top_tier[i])
            .collect();
        nodes.sort_unstable();
        nodes
    };
    if let Some((u, price)) = units
        .as_ref()
        .and_then(|u| Some((u, u.uniform_cost(&tt_faulty)?)))
    {
        let unit_groups = u.grouping(fbas.len(), top_tier);
        // Each witness of `size` units: `size * price` nodes that block, re-checked.
        let answer = min_blocking(fbas, top_tier, &unit_groups, faulty, budget)?;
        let mut answer = answer.try_map_witness(|w, size| {
            let nodes = to_nodes(u, &w);
            if nodes.len() != size * price || !blocks(&nodes) {
                return Err(Failure::Internal(
                    "blocking: the units found do not block".into(),
                ));
            }
            Ok(nodes)
        })?;
        match &mut answer {
            Minimum::Found { size, .. } => *size *= price,
            Minimum::Unknown { lower, upper, .. } => {
                *lower *= price;
                *upper = upper.map(|n| n * price);
            }
            Minimum::NoneExists => {}
        }
        return Ok(answer);
    }
    // A structural lower bound; when the groups attaining it block, done (before any encoding).
    let tt_groups: Vec<usize> = top_tier.iter().map(|&v| groups.of_node[v]).collect();
    let bound = bounds::blocking(&tt, &tt_faulty, &tt_groups);
    let chosen = groups.groups_of(&bound.nodes.iter().map(|&i| top_tier[i]).collect::<Vec<_>>());
    if chosen.len() == bound.lower && blocks(&chosen) {
        return Ok(Minimum::Found {
            size: bound.lower,
            witness: chosen,
        });
    }
    let lower = bound.lower.max(usize::from(!faulty.iter().any(|&f| f)));
    // An upper bound without a solver.
    let greedy = Some(greedy_blocking(&tt, &tt_faulty, &tt_groups, budget)).filter(|g| blocks(g));
    // Out of time with no set of fewer than `lower` groups blocking: the greedy upper bound.
    let stopped = |lower, stop| Minimum::Unknown {
        lower,
        upper: greedy.as_ref().map(Vec::len),
        witness: greedy.clone(),
        stop,
    };
    // Few candidate sets of the lower bound's size: every one checked by plain code, on the
    // units as bitmasks where the groups are made of whole units.
    let upper = greedy.as_ref().map_or(usize::MAX, Vec::len);
    let by_units = UnitCheck::new(&tt, &tt_groups, groups.names.len(), &tt_faulty);
    let allowance = match &by_units {
        Some(units) => UNIT_ENUMERATION_WORK / units.len() as u64,
        None => ENUMERATION_WORK / fbas.len().max(1) as u64,
    };
    let check = |chosen: &[usize]| match &by_units {
        Some(units) => units.blocks(chosen),
        None => blocks(chosen),
    };
    let candidates = candidates(top_tier, groups, faulty);
    let lower = match by_enumeration(&candidates, lower, upper, allowance, check, budget) {
        Enumerated::Blocks(witness) if blocks(&witness) => {
            return Ok(Minimum::Found {
                size: witness.len(),
                witness,
            })
        }
        Enumerated::Blocks(_) => {
            return Err(Failure::Internal(
                "blocking: the units found do not block the network".into(),
            ))
        }
        Enumerated::Stopped(lower, stop) => return Ok(stopped(lower, stop)),
        Enumerated::NoneBelow(lower) => lower,
    };
    // When the upper bound meets the lower bound, done.
    if let Some(g) = greedy.as_ref().filter(|g| g.len() <= lower) {
        return Ok(Minimum::Found {
            size: g.len(),
            witness: g.clone(),
        });
    }
    // At node level, organizations all alike: by counts per organization (`block_counts.rs`).
    if node_level && !tt_faulty.contains(&true) {
        match block_counts::min_blocking(&tt, lower, budget) {
            Counted::NotApplicable => {}
            Counted::Blocks(nodes) => {
                let mut witness: Vec<usize> = nodes.into_iter().map(|i| top_tier[i]).collect();
                witness.sort_unstable();
                if !blocks(&witness) {
                    return Err(Failure::Internal(
                        "blocking: the set found leaves a quorum".into(),
                    ));
                }
                return Ok(Minimum::Found {
                    size: witness.len(),
                    witness,
                });
            }
            Counted::Stopped(lower, stop) => return Ok(stopped(lower, stop)),
        }
    }
    let mut sat = Sat::new(budget);
    let b = Blocking::new(fbas, top_tier, &tt, groups, faulty, true, budget, &mut sat);
    let objective: Vec<_> = b.candidates.iter().map(|&g| b.group_lit[g]).collect();
    let known = greedy.map(|g| {
        let size = g.len();
        (g, size)
    });
    minimize(&mut sat, &objective, lower, known, |sat| {
        let chosen = b.chosen(sat);
        if !b.blocks(&chosen) {
            return Err("blocking: the set found leaves a quorum".into());
        }
        let size = chosen.len();
        Ok((chosen, size))
    })
}

/// How many candidate sets, times the network's nodes, [`by_enumeration`] may check by plain
/// code (each check is a quorum fixpoint over the network).
const ENUMERATION_WORK: u64 = 2_000_000;

/// How many candidate sets, times the units, [`by_enumeration`] may check on the units
/// ([`UnitCheck`]: each check a fixpoint of one machine word per distinct quorum set, about
/// 0.1 µs on 50 units, so that every 6 of 50 organizations, 16 million sets, are checked in
/// about 2 s).
const UNIT_ENUMERATION_WORK: u64 = 1_000_000_000;

/// "These groups block", checked on the units of the top tier: the quotient by its units
/// without stand-ins ([`Quotient::units_alone`]), as bitmasks. It applies where no node is
/// faulty and each group holds whole units only (at organization level, where the
/// organizations are units; at node level, on the units' groups of [`Units`]).
///
/// Claim: failing whole units leaves a quorum in the network iff it leaves a quorum of the
/// units. If a quorum of the units survives, t members of each of its units form a quorum of
/// the network ([`crate::analyses::top_tier`]'s proof), and they are alive as their units are.
/// If a quorum of the network survives, a minimal quorum inside it holds t members of each of
/// some units (the same proof), which form a quorum of the units, alive since every unit
/// with a member alive is. A set found blocking is re-checked on the network.
struct UnitCheck {
    bits: BitFbas,
    /// Per group, its units.
    units_of_group: Vec<NodeSet>,
}

impl UnitCheck {
    /// For `tt` (the top tier's network) with group `tt_groups[v]` per node (of `groups`).
    fn new(tt: &Fbas, tt_groups: &[usize], groups: usize, faulty: &[bool]) -> Option<UnitCheck> {
        if faulty.contains(&true) {
            return None;
        }
        let quotient = Quotient::of_units(tt)?;
        let bits = BitFbas::new(&quotient.units_alone())?;
        let mut units_of_group = vec![NodeSet::EMPTY; groups];
        let mut group_of_unit = vec![None; quotient.stand_ins.len()];
        for (v, &g) in tt_groups.iter().enumerate() {
            let u = quotient.unit_of[v];
            if *group_of_unit[u].get_or_insert(g) != g {
                return None;
            }
            units_of_group[g] = units_of_group[g] | NodeSet::single(u);
        }
        Some(UnitCheck {
            bits,
            units_of_group,
        })
    }

    /// The number of units.
    fn len(&self) -> usize {
        self.bits.all().len()
    }

    fn blocks(&self, chosen: &[usize]) -> bool {
        let failed = chosen
            .iter()
            .fold(NodeSet::EMPTY, |set, &g| set | self.units_of_group[g]);
        self.bits.greatest_quorum_in(self.bits.all() - failed).is_empty()
    }
}

/// What [`by_enumeration`] found.
enum Enumerated {
    /// A blocking set of the smallest size: no smaller one blocks.
    Blocks(Vec<usize>),
    /// No set of fewer groups blocks.
    NoneBelow(usize),
    /// The budget ran out; no set of fewer groups blocks.
    Stopped(usize, Stop),
}

/// Raises `lower` by checking every set of `lower` of the `candidates` with `blocks`, while
/// the sets of that size number at most what remains of `allowance` and `lower` is
/// below `upper`: when none blocks, every smaller set fails too (a superset of a blocking set
/// blocks), so at least `lower + 1` groups are needed; the first that blocks is a minimum.
fn by_enumeration(
    candidates: &[usize],
    mut lower: usize,
    upper: usize,
    mut allowance: u64,
    blocks: impl Fn(&[usize]) -> bool,
    budget: &Budget,
) -> Enumerated {
    while lower < upper && lower <= candidates.len() {
        let count = binomial(candidates.len(), lower);
        if count > allowance {
            break;
        }
        allowance -= count;
        // The positions in `candidates` of the set, in increasing order.
        let mut at: Vec<usize> = (0..lower).collect();
        let mut set = vec![0; lower];
        for checked in 1u64.. {
            for (s, &i) in set.iter_mut().zip(&at) {
                *s = candidates[i];
            }
            if blocks(&set) {
                return Enumerated::Blocks(set);
            }
            if checked % 256 == 0 {
                if let Some(stop) = budget.check() {
                    return Enumerated::Stopped(lower, stop);
                }
            }
            // The next set in lexicographic order, if any.
            let Some(i) = (0..lower)
                .rev()
                .find(|&i| at[i] < candidates.len() - lower + i)
            else {
                break;
            };
            at[i] += 1;
            for j in i + 1..lower {
                at[j] = at[j - 1] + 1;
            }
        }
        lower += 1;
    }
    Enumerated::NoneBelow(lower)
}

/// `n` choose `k` (`k ≤ n`), or `u64::MAX` when larger.
fn binomial(n: usize, k: usize) -> u64 {
    let mut c: u128 = 1;
    for i in 0..k as u128 {
        // C(n, i + 1) = C(n, i) · (n − i) / (i + 1), exact at every step.
        c = c * (n as u128 - i) / (i + 1);
        if c > u64::MAX as u128 {
            return u64::MAX;
        }
    }
    c as u64
}

/// Groups that block `tt` (with the `faulty` nodes), found greedily: while a quorum is left,
/// fail the groups of the cheapest way to block some live node's quorum set directly
/// ([`bounds::blocking`]), where nodes outside the greatest quorum left count as failed. Once
/// the budget is spent, every live group fails at once (the groups chosen still block: an upper
/// bound, only a weaker one).
fn greedy_blocking(tt: &Fbas, faulty: &[bool], group_of: &[usize], budget: &Budget) -> Vec<usize> {
    let mut failed = faulty.to_vec();
    let mut chosen: Vec<usize> = Vec::new();
    loop {
        let alive: Vec<bool> = failed.iter().map(|&f| !f).collect();
        let quorum = tt.greatest_quorum_in(&alive);
        if !quorum.contains(&true) {
            chosen.sort_unstable();
            return chosen;
        }
        for (f, q) in failed.iter_mut().zip(&quorum) {
            *f |= !q;
        }
        let mut new: Vec<usize> = match budget.check() {
            None => bounds::blocking(tt, &failed, group_of).nodes,
            Some(_) => vec![],
        }
        .iter()
        .map(|&v| group_of[v])
        .collect();
        new.retain(|g| !chosen.contains(g));
        if new.is_empty() {
            // No progress from the bound (it knows nothing here, or was not asked): fail every
            // live group.
            new = (0..tt.len())
                .filter(|&v| quorum[v])
                .map(|v| group_of[v])
                .collect();
        }
        new.sort_unstable();
        new.dedup();
        for v in 0..tt.len() {
            failed[v] |= new.contains(&group_of[v]);
        }
        chosen.extend(new);
    }
}

/// Up to `limit` minimal blocking group sets (each sorted, the list sorted), and whether that
/// is all of them. Each model is shrunk to a minimal set, whose supersets are then excluded.
pub fn minimal_blocking_sets(
    fbas: &Fbas,
    top_tier: &[NodeId],
    groups: &Grouping,
    faulty: &[bool],
    limit: usize,
    budget: &Budget,
) -> Result<(Vec<Vec<usize>>, bool), Failure> {
    let mut sat = Sat::new(budget);
    let tt = fbas.select(top_tier);
    let b = Blocking::new(fbas, top_tier, &tt, groups, faulty, false, budget, &mut sat);
    enumerate_minimal(&mut sat, limit, &b.group_lit, |sat| {
        let mut set = b.chosen(sat);
        if !b.blocks(&set) {
            return Err(Failure::Internal(
                "blocking: the set found leaves a quorum".into(),
            ));
        }
        let mut i = 0;
        while i < set.len() {
            let g = set.remove(i);
            if !b.blocks(&set) {
                set.insert(i, g);
                i += 1;
            }
        }
        Ok(set)
    })
}
