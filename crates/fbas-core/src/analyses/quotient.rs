//! The network seen by groups that are units: each group one node (with two stand-ins for its
//! members), so that a group-level splitting search runs on a third of the nodes and without
//! the groups' inner sets.
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
//! *From the quotient ([`Quotient::split_back`]).* For each unit of several nodes, take one
//! member to stand for the stand-ins on side s, if some stand-in is on s and the unit's node is
//! not. Take one member to be deleted, if a stand-in is deleted and the unit's node is not. At
//! most two members are taken, and the rest (at least one, as n ≥ 3) share the unit node's fate.
//! Then I_U counts as satisfied in the network wherever U counts in the quotient:
//! - U deleted: at least n − 2 members are deleted, plus at most one on each side. Each side
//!   together with S holds at least n − 1 ≥ t members.
//! - U on a side: at least n − 2 members are on it, plus possibly one deleted. The side with S
//!   holds at least n − 1 ≥ t members unless a member went to the other side without a
//!   deletion, and then all n − 1 others are on it.
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

use crate::analyses::units::Units;
use crate::network::fbas::Fbas;
use crate::network::grouping::Grouping;
use crate::network::quorum_set::{NodeId, Qset, QsetArena, QsetId};
use std::collections::HashMap;

/// A network's quotient by its units, for a grouping whose groups are the units.
pub struct Quotient {
    /// The quotient: node g stands for group g; the stand-ins follow.
    pub fbas: Fbas,
    /// Its nodes grouped as the network's: group g is unit g's node and its stand-ins.
    pub groups: Grouping,
    /// Per group, its members in the network.
    members: Vec<Vec<NodeId>>,
}

impl Quotient {
    /// The quotient of `fbas` for `groups`, when every group is a unit as the module
    /// documentation requires and one of them has several nodes.
    pub fn new(fbas: &Fbas, groups: &Grouping) -> Option<Quotient> {
        let units = Units::find(fbas);
        let count = groups.names.len();
        // Group g is unit unit_of[g], with exactly the same nodes.
        let mut unit_of = vec![usize::MAX; count];
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
        let members: Vec<Vec<NodeId>> = unit_of.iter().map(|&u| units.members[u].clone()).collect();
        if members.iter().map(Vec::len).sum::<usize>() != fbas.len() {
            return None;
        }
        let majority = |u: usize| {
            let (n, t) = (units.members[u].len(), units.threshold[u]);
            n == 1 || (n < 2 * t && t < n)
        };
        if !unit_of.iter().all(|&u| majority(u)) || members.iter().all(|m| m.len() == 1) {
            return None;
        }
        // The quorum sets rewritten: unit inner sets and lone validators become group nodes.
        let group_of_inner: HashMap<QsetId, usize> = (0..count)
            .filter_map(|g| units.inner[unit_of[g]].map(|id| (id, g)))
            .collect();
        let mut arena = QsetArena::default();
        let mut rewritten: HashMap<QsetId, QsetId> = HashMap::new();
        let mut rewrite = |root: QsetId| -> QsetId {
            // The arena's inner ids are smaller than their sets': rewrite in increasing order.
            let mut below = fbas.arena.reachable(&[root]);
            below.truncate(root + 1);
            for id in (0..=root).filter(|&id| below[id]) {
                if rewritten.contains_key(&id) {
                    continue;
                }
                let set = fbas.arena.get(id);
                let qset = match group_of_inner.get(&id) {
                    Some(&g) => Qset {
                        threshold: 1,
                        validators: vec![g],
                        inner: vec![],
                    },
                    None => {
                        let mut validators: Vec<NodeId> =
                            set.validators.iter().map(|&v| groups.of_node[v]).collect();
                        let mut inner = vec![];
                        for &i in &set.inner {
                            match group_of_inner.get(&i) {
                                Some(&g) => validators.push(g),
                                None => inner.push(rewritten[&i]),
                            }
                        }
                        Qset {
                            threshold: set.threshold,
                            validators,
                            inner,
                        }
                    }
                };
                rewritten.insert(id, arena.intern(qset));
            }
            rewritten[&root]
        };
        let mut keys = Vec::with_capacity(fbas.len());
        let mut qsets = Vec::with_capacity(fbas.len());
        let mut of_node = Vec::with_capacity(fbas.len());
        for (g, m) in members.iter().enumerate() {
            keys.push(fbas.keys[m[0]].clone());
            qsets.push(rewrite(fbas.qsets[m[0]]));
            of_node.push(g);
        }
        for (g, m) in members.iter().enumerate().filter(|(_, m)| m.len() > 1) {
            for stand_in in 1..=2 {
                keys.push(format!("{} (stand-in {stand_in})", fbas.keys[m[0]]));
                qsets.push(qsets[g]);
                of_node.push(g);
            }
        }
        Some(Quotient {
            fbas: Fbas::new(keys, qsets, arena),
            groups: Grouping {
                names: groups.names.clone(),
                of_node,
            },
            members,
        })
    }

    /// The deleted nodes and the two sides, in the network this is the quotient of (`len`
    /// nodes), of the split of the quotient deleting `deleted` with the sides `sides` (see the
    /// module documentation); it touches the same groups. The caller re-checks it.
    pub fn split_back(
        &self,
        len: usize,
        deleted: &[NodeId],
        sides: &[Vec<NodeId>; 2],
    ) -> Result<(Vec<bool>, [Vec<bool>; 2]), String> {
        let deleted_q = self.fbas.set_of(deleted);
        let sides_q = sides.clone().map(|side| self.fbas.set_of(&side));
        let mut stand_ins: Vec<Vec<NodeId>> = vec![vec![]; self.members.len()];
        for x in self.members.len()..self.fbas.len() {
            stand_ins[self.groups.of_node[x]].push(x);
        }
        let mut deleted = vec![false; len];
        let mut sides = [vec![false; len], vec![false; len]];
        let spare = "splitting: a unit without a member to spare";
        for (g, members) in self.members.iter().enumerate() {
            let mut rest = members.clone();
            let ours = &stand_ins[g];
            for s in 0..2 {
                if !sides_q[s][g] && ours.iter().any(|&x| sides_q[s][x]) {
                    sides[s][rest.pop().ok_or(spare)?] = true;
                }
            }
            if !deleted_q[g] && ours.iter().any(|&x| deleted_q[x]) {
                deleted[rest.pop().ok_or(spare)?] = true;
            }
            for v in rest {
                deleted[v] = deleted_q[g];
                sides[0][v] = sides_q[0][g];
                sides[1][v] = sides_q[1][g];
            }
        }
        Ok((deleted, sides))
    }
}
