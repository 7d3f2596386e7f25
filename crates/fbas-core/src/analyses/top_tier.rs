//! The top tier: the union of all minimal quorums, decided node by node without enumerating
//! them.
//!
//! A node v lies in some minimal quorum iff some quorum Q contains v while Q \ {v} contains no
//! quorum (then every minimal quorum inside Q contains v). "Contains no quorum" is encoded as
//! a failure cascade: starting from the nodes outside Q plus v, every node of Q must fail.
//!
//! **On the units.** Where the network has units of several nodes (the validators of an inner
//! set I_U, t-of-n, listed nowhere else, sharing one quorum set that the empty set does not
//! satisfy: [`crate::analyses::quotient`]), the search runs on the quotient's unit nodes
//! without the stand-ins, and a unit node in (out, undecided) means all its members are.
//! Claim: a member of U is in a minimal quorum of the network iff U's node is in a minimal
//! quorum of the units.
//! - A minimal quorum M holds 0 or exactly t members of each unit. With more, one can go: I_U
//!   stays satisfied, and nothing else lists it. With 1 ≤ a < t, one can go too: I_U stays
//!   unsatisfied, and M is not that one node alone (its quorum set, I_U unsatisfied, would be
//!   satisfied by the empty set).
//! - So M's units (those with t members in M) form a quorum of the units, since each I_W is
//!   satisfied by M iff W is among them; and a minimal one, since a smaller quorum of units,
//!   with t members each, would be a quorum inside M.
//! - Conversely, t members of each unit of a minimal quorum of the units form a quorum; any
//!   minimal quorum inside it has units that are a quorum inside the first one, so all of it.
//! - The members of a unit are interchangeable (same quorum set, listed only in I_U), so any t
//!   of them will do, and each is in a minimal quorum when its unit is.
//!
//! Each minimal quorum found on the units is re-checked as a quorum of the network, t members
//! per unit.

use crate::analyses::quotient::Quotient;
use crate::budget::{Budget, Stop};
use crate::network::fbas::{Fbas, GREEDY_STEPS};
use crate::network::quorum_set::{NodeId, QsetId};
use crate::outcome::Failure;
use crate::sat::encode;
use crate::sat::solver::Sat;
use crate::sat::symmetry_breaking;
use std::cmp::Reverse;
use std::collections::HashMap;

/// The top tier found, and the nodes not decided when the budget ran out (empty: complete).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopTier {
    /// Sorted node indices, each shown to be in a (re-checked) minimal quorum.
    pub members: Vec<NodeId>,
    pub undecided: Vec<NodeId>,
    /// Why the search stopped with nodes undecided (`None` when it is complete).
    pub stopped: Option<Stop>,
}

impl TopTier {
    pub fn is_complete(&self) -> bool {
        self.undecided.is_empty()
    }

    /// The members and the undecided nodes, sorted: every minimal quorum lies in them (the
    /// members when the top tier is complete).
    pub fn not_ruled_out(&self) -> Vec<NodeId> {
        let mut nodes = [self.members.as_slice(), &self.undecided].concat();
        nodes.sort_unstable();
        nodes
    }
}

/// Compute the top tier; `Failure` only for an internal error. Where the network has units of
/// several nodes ([`Quotient::of_units`]), the search runs on the units (see the module
/// documentation) and each unit in it stands for all its members.
pub fn top_tier(fbas: &Fbas, budget: &Budget) -> Result<TopTier, Failure> {
    let Some(quotient) = Quotient::of_units(fbas) else {
        return search(fbas, budget, |_| Ok(()));
    };
    let units = quotient.units_alone();
    let top = search(&units, budget, |m| {
        if fbas.is_quorum(&quotient.members_of(fbas.len(), m, true)) {
            Ok(())
        } else {
            Err(Failure::Internal(
                "top tier: a minimal quorum of the units is no quorum of the network".into(),
            ))
        }
    })?;
    let len = fbas.len();
    let back = |of: &[NodeId]| Fbas::members(&quotient.members_of(len, &units.set_of(of), false));
    Ok(TopTier {
        members: back(&top.members),
        undecided: back(&top.undecided),
        stopped: top.stopped,
    })
}

/// The top tier of `fbas`, each minimal quorum found given to `check` first. Nodes outside
/// every quorum are out at once; plain greedy shrinking finds minimal quorums through most
/// top-tier nodes; the SAT encodings are built only for the nodes left.
fn search(
    fbas: &Fbas,
    budget: &Budget,
    check: impl Fn(&[bool]) -> Result<(), Failure>,
) -> Result<TopTier, Failure> {
    let n = fbas.len();
    // Nodes of one orbit under the network's symmetries are in the top tier together or not
    // at all: one query per orbit.
    let class_of = symmetry_breaking::orbits(fbas);
    let mut in_top_tier = vec![false; n];
    let mut decided = vec![false; n];
    let found = |m: &[bool], in_top_tier: &mut [bool], decided: &mut [bool]| {
        check(m)?;
        for u in Fbas::members(m)
            .into_iter()
            .flat_map(|u| class_of[u].clone())
        {
            in_top_tier[u] = true;
            decided[u] = true;
        }
        Ok::<(), Failure>(())
    };
    // Every quorum lies in the greatest one: nodes outside it are in no minimal quorum.
    let all = fbas.greatest_quorum_in(&vec![true; n]);
    for v in 0..n {
        decided[v] = !all[v];
    }
    // Each shrink tries up to 2n removals, each a cascade: the phase's work is bounded, not the
    // network's size.
    let mut allowance = GREEDY_STEPS;
    // Nodes listing v anywhere, per v (from each distinct quorum set's nodes, computed once).
    let mut listed_by: Vec<Vec<NodeId>> = vec![vec![]; n];
    let mut lists: HashMap<QsetId, Vec<NodeId>> = HashMap::new();
    for u in 0..n {
        let nodes = lists
            .entry(fbas.qsets[u])
            .or_insert_with(|| fbas.arena.contained_nodes(fbas.qsets[u]));
        for &w in nodes.iter() {
            listed_by[w].push(u);
        }
    }
    // Shrink first the nodes not listing v (so that what stays tends to need v), and among
    // those either first the ones already known in the top tier (so that the minimal quorum
    // found covers new ones) or from the other end of the list. The first order is tried on
    // every node, then the second on the nodes left; while no member is known the first is no
    // guide, so a node it fails on gets the second at once. (The second order decides the 3-19
    // nodes per network that the first leaves to the solver on the broken-split family at 25-200
    // organizations, and the whole of core-style 200, where the first fails on every node.)
    for pass in 0..2 {
        for v in 0..n {
            if decided[v] {
                continue;
            }
            let mut lists_v = vec![false; n];
            for &u in &listed_by[v] {
                lists_v[u] = true;
            }
            for known_first in [pass == 0, false] {
                if decided[v] || allowance == 0 || budget.check().is_some() {
                    break;
                }
                let mut order: Vec<NodeId> = (0..n).filter(|&u| u != v).collect();
                if known_first {
                    order.sort_by_key(|&u| (lists_v[u], !in_top_tier[u]));
                } else {
                    order.sort_by_key(|&u| (lists_v[u], Reverse(u)));
                }
                if let Some(m) = fbas.minimal_quorum_through(&all, v, &order, &mut allowance) {
                    found(&m, &mut in_top_tier, &mut decided)?;
                }
                if pass == 1 || in_top_tier.contains(&true) {
                    break;
                }
            }
        }
    }
    if decided.iter().all(|&d| d) {
        return Ok(TopTier {
            members: Fbas::members(&in_top_tier),
            undecided: vec![],
            stopped: None,
        });
    }

    // The rest by SAT, with cascades of 2, 4, 8, … rounds: a short cascade is a small encoding
    // and proves membership; only the complete one proves a node out.
    let complete = encode::complete_rounds(fbas);
    let mut rounds = 2.min(complete);
    let mut stopped = None;
    'deepen: loop {
        let mut sat = Sat::new(budget);
        let x = encode::quorum(&mut sat, fbas);
        let chosen: Vec<_> = (0..n).map(|_| sat.lit()).collect();
        let initially_failed: Vec<_> = (0..n)
            .map(|u| {
                let f = sat.lit();
                sat.clause(&[!f, !x[u], chosen[u]]);
                f
            })
            .collect();
        for f in encode::cascade_rounds(&mut sat, fbas, &initially_failed, rounds) {
            sat.clause(&[f]);
        }
        for v in 0..n {
            if decided[v] {
                continue;
            }
            let mut assumptions = vec![x[v]];
            assumptions.extend((0..n).map(|u| if u == v { chosen[u] } else { !chosen[u] }));
            match sat.solve(&assumptions) {
                Ok(true) => {
                    let q: Vec<bool> = x.iter().map(|&l| sat.value(l)).collect();
                    let m = fbas.shrink_to_minimal_quorum(&q, &[v]);
                    if !m[v] || !fbas.is_minimal_quorum(&m) {
                        return Err(Failure::Internal(format!(
                            "top tier: no re-checked minimal quorum for node {}",
                            fbas.keys[v]
                        )));
                    }
                    found(&m, &mut in_top_tier, &mut decided)?;
                }
                Ok(false) if rounds == complete => {
                    for &u in &class_of[v] {
                        decided[u] = true;
                    }
                }
                Ok(false) => {}
                Err(why) => {
                    stopped = Some(why);
                    break 'deepen;
                }
            }
        }
        if rounds == complete || decided.iter().all(|&d| d) {
            break;
        }
        rounds = (rounds * 2).min(complete);
    }
    Ok(TopTier {
        members: Fbas::members(&in_top_tier),
        undecided: (0..n).filter(|&v| !decided[v]).collect(),
        stopped,
    })
}
