//! Units: validators that the rest of the network sees only through one threshold of them, so
//! that a node-level blocking set is a choice of whole units, each at a fixed price.
//!
//! A *unit* U of n ≥ 2 distinct validators with threshold t (1 ≤ t ≤ n) is the validator list of
//! an inner set I (t-of-U, no inner sets of its own) such that
//! 1. no node of U occurs in any quorum set of the network other than through I (it is listed
//!    once in I and nowhere else; I itself may occur anywhere, also as a node's quorum set);
//! 2. every node of U has the same quorum set, and that set is not satisfied by the empty set.
//!
//! Every other node is a unit of its own (n = t = 1). With the failed nodes X (the faulty ones
//! included), U is *down* when |X ∩ U| ≥ n − t + 1, i.e. I can no longer be satisfied.
//!
//! **Claim A** (a unit that is not down can be spared): if X blocks and U is not down, X \ U
//! blocks. Suppose a quorum Q avoids X \ U. If Q misses U, Q avoids X: impossible. Otherwise
//! let Q' = (Q \ U) ∪ (U \ X). It holds at least t nodes of U, so I is satisfied by Q'; nodes
//! of U matter to any quorum set only through I (1.), and Q' differs from Q only inside U, so
//! every quorum set Q satisfies, Q' satisfies too. That covers the nodes of Q \ U and those of
//! U \ X, whose quorum set is that of the nodes of Q ∩ U (2.). Q' is not empty (t ≥ 1): a
//! quorum avoiding X, a contradiction.
//!
//! **Claim B** (a down unit is as good as failed whole): if U is down, X blocks iff X ∪ U does.
//! Only "if" needs an argument. Let a quorum Q avoid X. Q holds fewer than t nodes of U, so I is
//! not satisfied by Q, nor by Q \ U; as U matters only through I, Q \ U satisfies everything
//! Q does, and is a quorum when not empty. If it were empty, Q ⊆ U would satisfy the common
//! quorum set of U with I unsatisfied and no other occurrence of U's nodes: that set would be
//! satisfied by the empty set, excluded by 2. So a quorum avoids X ∪ U.
//!
//! **The reduction.** With faulty nodes F, call cost(U) = max(0, n − t + 1 − |F ∩ U|), the
//! fewest further nodes that put U down. Then the fewest nodes B such that F ∪ B blocks equals
//! the least total cost of a set S of units whose whole failure, with F, blocks: from a
//! smallest B, each unit it meets is down (else Claim A spares it, and B was not smallest), so
//! B pays at least cost(U) in each unit of S = the units it meets, and failing those units whole
//! still blocks (Claim B, unit by unit); conversely, cost(U) non-faulty nodes of each unit of S
//! put every unit of S down, so they block by Claim B. A witness of the unit problem becomes a
//! node set of the same size ([`Units::nodes_to_fail`]), and is re-checked by the plain
//! fixpoint anyway.

use crate::network::fbas::Fbas;
use crate::network::grouping::Grouping;
use crate::network::quorum_set::{NodeId, QsetId};

/// The units of a network: a partition of its nodes (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Units {
    /// Unit per node.
    pub of_node: Vec<usize>,
    /// Members per unit, sorted.
    pub members: Vec<Vec<NodeId>>,
    /// Per unit, the threshold of its inner set (1 for a node alone).
    pub threshold: Vec<usize>,
    /// Per unit, its inner set I (`None` for a node alone).
    pub inner: Vec<Option<QsetId>>,
}

impl Units {
    /// The units of `fbas`: every inner set satisfying conditions 1 and 2 makes one, every other
    /// node is one alone.
    pub fn find(fbas: &Fbas) -> Units {
        let mut roots = fbas.qsets.clone();
        roots.sort_unstable();
        roots.dedup();
        let used = fbas.arena.reachable(&roots);
        // Per node, how often it is listed over the sets in use, and the last set listing it.
        let mut listed = vec![0usize; fbas.len()];
        let mut home = vec![usize::MAX; fbas.len()];
        for id in (0..fbas.arena.len()).filter(|&id| used[id]) {
            for &v in &fbas.arena.get(id).validators {
                listed[v] += 1;
                home[v] = id;
            }
        }
        let nobody = vec![false; fbas.len()];
        let mut units = Units {
            of_node: vec![usize::MAX; fbas.len()],
            members: vec![],
            threshold: vec![],
            inner: vec![],
        };
        for id in (0..fbas.arena.len()).filter(|&id| used[id]) {
            let set = fbas.arena.get(id);
            let u = &set.validators;
            let qset = u.first().map(|&v| fbas.qsets[v]);
            let is_unit = set.inner.is_empty()
                && u.len() >= 2
                && (1..=u.len()).contains(&set.threshold)
                && u.iter().all(|&v| listed[v] == 1 && home[v] == id)
                && u.iter().all(|&v| Some(fbas.qsets[v]) == qset)
                && qset.is_some_and(|q| !fbas.arena.satisfied(q, &nobody));
            if is_unit {
                units.add(u.clone(), set.threshold, Some(id));
            }
        }
        for v in 0..fbas.len() {
            if units.of_node[v] == usize::MAX {
                units.add(vec![v], 1, None);
            }
        }
        units
    }

    fn add(&mut self, members: Vec<NodeId>, threshold: usize, inner: Option<QsetId>) {
        for &v in &members {
            self.of_node[v] = self.members.len();
        }
        self.members.push(members);
        self.threshold.push(threshold);
        self.inner.push(inner);
    }

    /// Whether some unit has more than one node (else the units are just the nodes).
    pub fn any_shared(&self) -> bool {
        self.members.iter().any(|m| m.len() > 1)
    }

    /// The fewest further nodes that put unit `u` down, the `faulty` ones failed already.
    pub fn cost(&self, u: usize, faulty: &[bool]) -> usize {
        let members = &self.members[u];
        let failed = members.iter().filter(|&&v| faulty[v]).count();
        (members.len() + 1 - self.threshold[u]).saturating_sub(failed)
    }

    /// The price shared by every unit with a non-faulty member, if they all have one and it is
    /// not 0 (no unit is down already).
    pub fn uniform_cost(&self, faulty: &[bool]) -> Option<usize> {
        let mut prices = (0..self.members.len())
            .filter(|&u| self.members[u].iter().any(|&v| !faulty[v]))
            .map(|u| self.cost(u, faulty));
        let first = prices.next()?;
        (first > 0 && prices.all(|p| p == first)).then_some(first)
    }

    /// Nodes that put each of the units `chosen` down: the first [`Units::cost`] non-faulty
    /// members of each, sorted.
    pub fn nodes_to_fail(&self, chosen: &[usize], faulty: &[bool]) -> Vec<NodeId> {
        let mut nodes: Vec<NodeId> = chosen
            .iter()
            .flat_map(|&u| {
                self.members[u]
                    .iter()
                    .copied()
                    .filter(|&v| !faulty[v])
                    .take(self.cost(u, faulty))
            })
            .collect();
        nodes.sort_unstable();
        nodes
    }

    /// The units as a grouping of a larger network whose nodes `nodes` are the ones the units
    /// were found in (in that order): unit `u` is group `u`, every other node is in one more
    /// group.
    pub fn grouping(&self, network_len: usize, nodes: &[NodeId]) -> Grouping {
        let rest = self.members.len();
        let mut of_node = vec![rest; network_len];
        for (i, &v) in nodes.iter().enumerate() {
            of_node[v] = self.of_node[i];
        }
        Grouping {
            names: (0..=rest).map(|u| format!("unit {u}")).collect(),
            of_node,
        }
    }
}
