//! The network seen by its units: each unit one node (with two stand-ins for its members), so
//! that a splitting search runs on a third of the nodes and without the units' inner sets: at
//! the level of groups that are units, or at node level with a cost per unit. The quorum
//! intersection check ([`crate::analyses::intersection`]) and the top tier
//! ([`crate::analyses::top_tier`], on the units without their stand-ins) run on it too.
//!
//! **Where it applies.** Every group of the grouping is one unit ([`crate::analyses::units`]):
//! either a node alone, or the n validators of an inner set I (t-of-them, listed nowhere else,
//! all with the same quorum set q). Every unit of several nodes has a majority threshold,
//! n < 2t, with t ≤ n − 1 (2-of-3, 3-of-4, 3-of-5, 4-of-5, ...). This is the shape of python-fbas'
//! networks and of Stellar's organizations, where every validator of an organization has the
//! organization's quorum set.
//!
//! **The quotient.** One node per unit U, whose quorum set q' is U's quorum set with every inner
//! set I_W of a unit W replaced by W's node, and every lone validator by its own node. For each
//! unit of several nodes, two *stand-ins* with the same q', listed by no quorum set. A node and
//! its stand-ins form the group of U (the same group index). So a set of groups touched by a
//! deleted set is counted the same way in both networks.
//!
//! **Claim.** The fewest groups containing a splitting set are the same in the network and in
//! its quotient. (Splitting is taken after Mazières' delete: with S deleted, each member of a
//! side has its quorum set satisfied by that side together with S;
//! [`crate::analyses::splitting`].)
//!
//! *From the quotient ([`Quotient::split_back`]).* Stand-ins are never deleted (the search
//! forbids it, and the other direction never needs it). A deleted unit maps as under *Counting
//! nodes* below: 2t − n ≥ 1 or t of its members deleted, so the same groups are touched, and
//! I_U counts as satisfied on both sides. For each other unit of several nodes, take one member
//! for the stand-ins on side s, if some stand-in is on s and the unit's node is not; the rest
//! (at least n − 2 ≥ 1, as n ≥ 3) share the unit node's fate. If U is on a side, at most one
//! member went to the other side, so at least n − 1 ≥ t are on it and I_U counts as satisfied
//! there.
//!
//! Lone nodes map to themselves. Every member of a side has q, satisfied wherever q' is, so both
//! sides are quorums after the delete. They are non-empty and disjoint, and the same groups are
//! touched. The search also re-checks the split on the network itself.
//!
//! *From the network.* Take a split (S, A, B) and let D be the units S touches. The quotient
//! split:
//! - D deleted;
//! - a unit U outside D on side A when |U ∩ A| ≥ t, and likewise for B (not both, as 2t > n
//!   and S ∩ U = ∅);
//! - a stand-in of U on side A when A holds a member of U and U is not on A, one on B likewise
//!   (two stand-ins suffice).
//!
//! Consider a leaf of q satisfied by A ∪ S. If it is I_W, then W ∈ D or |W ∩ A| ≥ t, so W ∈ D or
//! W is on A; a lone validator is in S or on A. So the quotient node or stand-in put on A for a
//! member of A has q' satisfied by A's side and D. Both sides are non-empty, and the same groups
//! are touched. ∎
//!
//! **Counting nodes** ([`Quotient::of_units`], every unit a group). Deleting a unit's node costs
//! 2t − n nodes when a stand-in of the unit is on each side, else t
//! ([`Quotient::node_costs`]); a lone node costs 1, and stand-ins are never deleted. Claim: the
//! fewest nodes of a splitting set of the network are the least such cost of a split of the
//! quotient.
//!
//! *From the quotient.* A deleted unit with a stand-in on each side becomes 2t − n deleted
//! members and n − t on each side. Each side with S then holds t members, and its members have q
//! satisfied as the stand-ins' q' is. Any other deleted unit becomes t deleted members, the rest
//! on the side of its stand-in, if it has one. Units not deleted map as above. The cost is the
//! number of deleted nodes.
//!
//! *From the network.* Let unit U have d deleted members, a on side A and b on B.
//! - d + a ≥ t and d + b ≥ t: U is deleted. Since a + b + d ≤ n, d ≥ 2t − n. If d < t, then
//!   a, b ≥ 1, and a stand-in goes on each side, at cost 2t − n ≤ d. Else the cost is t ≤ d.
//! - Only d + a ≥ t: then a ≥ 1 (else d ≥ t, the first case), and U is on A at cost 0, with a
//!   stand-in on B if b ≥ 1. Likewise for B.
//! - Neither: U is on no side, with a stand-in on each side that holds a member.
//!
//! The leaves argument above shows the quorum sets are satisfied, and the cost is at most the
//! split's size. ∎
//!
//! Interchangeable units are swapped with their stand-ins by the search's symmetry breaking
//! ([`crate::sat::symmetry_breaking::swaps_with_companions`]). Units of different sizes can look
//! alike in the quotient; at node level the swaps keep the costs apart.

use crate::analyses::units::Units;
use crate::network::fbas::Fbas;
use crate::network::grouping::Grouping;
use crate::network::quorum_set::{NodeId, Qset, QsetArena, QsetId};
use crate::sat::symmetry_breaking::{self, Swap};
use std::collections::HashMap;
use std::hash::Hash;

/// A network's quotient by its units, whose groups are the units.
pub struct Quotient {
    /// The quotient: node g stands for unit g; the stand-ins follow.
    pub fbas: Fbas,
    /// Its nodes grouped by unit: group g is unit g's node and its stand-ins.
    pub groups: Grouping,
    /// Per unit, its members in the network.
    members: Vec<Vec<NodeId>>,
    /// Per unit, its threshold (1 for a node alone).
    threshold: Vec<usize>,
    /// Per unit, its stand-ins (none for a node alone).
    pub stand_ins: Vec<Vec<NodeId>>,
    /// Per unit, [`Quotient::node_costs`].
    node_costs: Vec<(usize, usize)>,
    /// Per node of the network, its unit (the quotient's node standing for it).
    pub unit_of: Vec<usize>,
}

impl Quotient {
    /// The quotient of `fbas` for `groups`, when every group is a unit as the module
    /// documentation requires and one of them has several nodes; its unit g is group g.
    pub fn new(fbas: &Fbas, groups: &Grouping) -> Option<Quotient> {
        let units = Units::find(fbas);
        // Group g is unit unit_of[g], with exactly the same nodes.
        let mut unit_of = vec![usize::MAX; groups.names.len()];
        for v in 0..fbas.len() {
            let (g, u) = (groups.of_node[v], units.of_node[v]);
            if unit_of[g] == usize::MAX {
                unit_of[g] = u;
            } else if unit_of[g] != u {
                return None;
            }
        }
        if unit_of.contains(&usize::MAX) {
            return None;
        }
        Quotient::build(fbas, &units, &unit_of, groups.names.clone())
    }

    /// The quotient of `fbas` by all its units (for a search counting nodes,
    /// [`Quotient::node_costs`]), when they are as the module documentation requires and one
    /// has several nodes.
    pub fn of_units(fbas: &Fbas) -> Option<Quotient> {
        let units = Units::find(fbas);
        let names = units.members.iter().map(|m| fbas.keys[m[0]].clone()).collect();
        let all: Vec<usize> = (0..units.members.len()).collect();
        Quotient::build(fbas, &units, &all, names)
    }

    /// The quotient whose group g is unit `unit_of[g]` named `names[g]`.
    fn build(
        fbas: &Fbas,
        units: &Units,
        unit_of: &[usize],
        names: Vec<String>,
    ) -> Option<Quotient> {
        let count = unit_of.len();
        let members: Vec<Vec<NodeId>> = unit_of.iter().map(|&u| units.members[u].clone()).collect();
        if members.iter().map(Vec::len).sum::<usize>() != fbas.len() {
            return None;
        }
        let threshold: Vec<usize> = unit_of.iter().map(|&u| units.threshold[u]).collect();
        let majority = |g: usize| {
            let (n, t) = (members[g].len(), threshold[g]);
            n == 1 || (n < 2 * t && t < n)
        };
        if !(0..count).all(majority) || members.iter().all(|m| m.len() == 1) {
            return None;
        }
        let node_costs = (0..count)
            .map(|g| match (members[g].len(), threshold[g]) {
                (1, _) => (1, 0),
                (n, t) => (2 * t - n, n - t),
            })
            .collect();
        let mut group_of_node = vec![0; fbas.len()];
        for (g, m) in members.iter().enumerate() {
            for &v in m {
                group_of_node[v] = g;
            }
        }
        // The quorum sets rewritten: unit inner sets and lone validators become unit nodes.
        let group_of_inner: HashMap<QsetId, usize> = (0..count)
            .filter_map(|g| units.inner[unit_of[g]].map(|id| (id, g)))
            .collect();
        // Inner sets have smaller ids than the sets holding them: rewritten in id order.
        let roots: Vec<QsetId> = members.iter().map(|m| fbas.qsets[m[0]]).collect();
        let used = fbas.arena.reachable(&roots);
        let mut arena = QsetArena::default();
        let mut rewritten: Vec<QsetId> = vec![usize::MAX; fbas.arena.len()];
        for id in (0..fbas.arena.len()).filter(|&id| used[id]) {
            let set = fbas.arena.get(id);
            let qset = match group_of_inner.get(&id) {
                Some(&g) => Qset {
                    threshold: 1,
                    validators: vec![g],
                    inner: vec![],
                },
                None => {
                    let mut validators: Vec<NodeId> =
                        set.validators.iter().map(|&v| group_of_node[v]).collect();
                    let mut inner = vec![];
                    for &i in &set.inner {
                        match group_of_inner.get(&i) {
                            Some(&g) => validators.push(g),
                            None => inner.push(rewritten[i]),
                        }
                    }
                    Qset {
                        threshold: set.threshold,
                        validators,
                        inner,
                    }
                }
            };
            rewritten[id] = arena.intern(qset);
        }
        let mut keys = Vec::with_capacity(fbas.len());
        let mut qsets = Vec::with_capacity(fbas.len());
        let mut of_node = Vec::with_capacity(fbas.len());
        for (g, m) in members.iter().enumerate() {
            keys.push(fbas.keys[m[0]].clone());
            qsets.push(rewritten[fbas.qsets[m[0]]]);
            of_node.push(g);
        }
        let mut stand_ins = vec![vec![]; count];
        for (g, m) in members.iter().enumerate().filter(|(_, m)| m.len() > 1) {
            for stand_in in 1..=2 {
                stand_ins[g].push(keys.len());
                keys.push(format!("{} (stand-in {stand_in})", fbas.keys[m[0]]));
                qsets.push(qsets[g]);
                of_node.push(g);
            }
        }
        Some(Quotient {
            fbas: Fbas::new(keys, qsets, arena),
            groups: Grouping { names, of_node },
            members,
            threshold,
            stand_ins,
            unit_of: group_of_node,
            node_costs,
        })
    }

    /// The quotient without its stand-ins: node g stands for unit g, as in [`Quotient::fbas`]
    /// (stand-ins are listed nowhere, so the other nodes' quorum sets are unchanged).
    pub fn units_alone(&self) -> Fbas {
        let units: Vec<NodeId> = (0..self.members.len()).collect();
        self.fbas.select(&units)
    }

    /// The network's nodes (of `len`) for a set of units: all members of each unit in
    /// `units`, or with `threshold_only` its first t members (a node alone is itself).
    pub fn members_of(&self, len: usize, units: &[bool], threshold_only: bool) -> Vec<bool> {
        let mut nodes = vec![false; len];
        for (g, members) in self.members.iter().enumerate().filter(|&(g, _)| units[g]) {
            let take = if threshold_only {
                self.threshold[g]
            } else {
                members.len()
            };
            for &v in &members[..take] {
                nodes[v] = true;
            }
        }
        nodes
    }

    /// The quotient's swaps of two interchangeable (or transposable) units, each unit's node
    /// with its stand-ins, keeping `label`
    /// ([`symmetry_breaking::swaps_with_companions`]).
    pub fn unit_swaps<L: Eq + Hash>(&self, label: impl Fn(NodeId) -> L) -> Vec<Swap> {
        let stand_ins = |v: NodeId| self.stand_ins.get(v).map_or(&[][..], |s| &s[..]);
        symmetry_breaking::swaps_with_companions(&self.fbas, stand_ins, label)
    }

    /// Per unit, what deleting its node costs in nodes of the network: `(always, unless)`, the
    /// second added unless a stand-in of the unit is on each side (see the module
    /// documentation). A node alone costs (1, 0); a unit of n with threshold t costs 2t − n when
    /// n − t members are left on each side, else t.
    pub fn node_costs(&self) -> &[(usize, usize)] {
        &self.node_costs
    }

    /// How many nodes of the network a split of the quotient deleting the units `deleted` with
    /// the sides `sides` (sorted) deletes ([`Quotient::node_costs`]).
    pub fn nodes_deleted(&self, deleted: &[usize], sides: &[Vec<NodeId>; 2]) -> usize {
        deleted
            .iter()
            .map(|&g| {
                let on = |s: usize| {
                    self.stand_ins[g]
                        .iter()
                        .any(|x| sides[s].binary_search(x).is_ok())
                };
                let (always, unless) = self.node_costs[g];
                always + if on(0) && on(1) { 0 } else { unless }
            })
            .sum()
    }

    /// The sides (sorted) of the quotient's split deleting `deleted` with the sides `sides`,
    /// each deleted unit given a stand-in on every side whose members, with the deleted nodes,
    /// satisfy its quorum set: the same units deleted, at a node cost
    /// ([`Quotient::nodes_deleted`]) of 2t − n instead of t for each unit that then has a
    /// stand-in on both sides. It is still a split: stand-ins are listed by no quorum set, so
    /// adding one changes no other node's satisfaction, and it has its own quorum set satisfied.
    /// One stand-in per side suffices: where both were on one side, one may move.
    pub fn with_stand_ins(&self, deleted: &[NodeId], sides: [Vec<NodeId>; 2]) -> [Vec<NodeId>; 2] {
        let deleted_q = self.fbas.set_of(deleted);
        let mut on: [Vec<bool>; 2] = sides.map(|side| self.fbas.set_of(&side));
        let satisfying = |side: &[bool], g: NodeId| {
            let present: Vec<bool> = (0..side.len()).map(|v| side[v] || deleted_q[v]).collect();
            self.fbas.arena.satisfied(self.fbas.qsets[g], &present)
        };
        for &g in deleted {
            let [a, b] = self.stand_ins[g][..] else {
                continue;
            };
            let wanted = [0, 1].map(|s| on[s][a] || on[s][b] || satisfying(&on[s], g));
            for (s, stand_in) in [(0, a), (1, b)] {
                on[s][a] = false;
                on[s][b] = false;
                on[s][stand_in] = wanted[s];
            }
        }
        on.map(|side| Fbas::members(&side))
    }

    /// The deleted nodes and the two sides, in the network this is the quotient of (`len`
    /// nodes), of the quotient's split deleting `deleted` (never a stand-in) with the sides
    /// `sides` (see the module documentation). It deletes as many nodes as
    /// [`Quotient::node_costs`] says, so it touches the same groups. The caller re-checks it.
    pub fn split_back(
        &self,
        len: usize,
        deleted: &[NodeId],
        sides: &[Vec<NodeId>; 2],
    ) -> (Vec<bool>, [Vec<bool>; 2]) {
        let deleted_q = self.fbas.set_of(deleted);
        let sides_q = sides.clone().map(|side| self.fbas.set_of(&side));
        let mut deleted = vec![false; len];
        let mut sides = [vec![false; len], vec![false; len]];
        for (g, members) in self.members.iter().enumerate() {
            let stand_in_on = |s: usize| self.stand_ins[g].iter().any(|&x| sides_q[s][x]);
            let (n, t) = (members.len(), self.threshold[g]);
            let mut rest = members.iter().copied();
            // Members for the stand-ins on a side the unit's node is not on, one per side (a
            // deleted unit places its members below).
            for s in 0..2 {
                if !deleted_q[g] && !sides_q[s][g] && stand_in_on(s) {
                    sides[s][rest.next_back().unwrap_or(members[0])] = true;
                }
            }
            let both = stand_in_on(0) && stand_in_on(1);
            if deleted_q[g] {
                // 2t − n deleted with n − t on each side, or t deleted with the rest on the
                // stand-ins' side.
                let gone = if both { 2 * t - n } else { t };
                for (i, v) in rest.enumerate() {
                    if i < gone {
                        deleted[v] = true;
                    } else if both {
                        sides[usize::from(i >= gone + n - t)][v] = true;
                    } else if let Some(s) = (0..2).find(|&s| stand_in_on(s)) {
                        sides[s][v] = true;
                    }
                }
            } else {
                for v in rest {
                    sides[0][v] = sides_q[0][g];
                    sides[1][v] = sides_q[1][g];
                }
            }
        }
        (deleted, sides)
    }
}
