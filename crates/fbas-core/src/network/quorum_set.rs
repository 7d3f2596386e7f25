//! Quorum sets over node indices, interned: structurally equal quorum sets (organizations repeat
//! the same inner sets, top-tier nodes share one top-level set) get one [`QsetId`], so every SAT
//! encoding builds one threshold circuit per distinct set.

use std::collections::HashMap;

/// Index of a node in an [`crate::network::fbas::Fbas`].
pub type NodeId = usize;

/// Index of an interned quorum set in a [`QsetArena`].
pub type QsetId = usize;

/// A quorum set: satisfied by a node set when at least `threshold` of its members are satisfied,
/// a validator being satisfied when it is in the set and an inner set when it is satisfied itself.
/// Each occurrence in `validators` counts (a validator listed twice counts twice). Threshold 0 is
/// satisfied by every set, even the empty one; a threshold above the member count by none.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Qset {
    pub threshold: usize,
    pub validators: Vec<NodeId>,
    pub inner: Vec<QsetId>,
}

impl Qset {
    /// Number of members: validators (with repetitions) plus inner sets.
    pub fn members(&self) -> usize {
        self.validators.len() + self.inner.len()
    }

    /// The unsatisfiable quorum set, used for nodes without a quorum set.
    pub fn unsatisfiable() -> Qset {
        Qset {
            threshold: 1,
            validators: vec![],
            inner: vec![],
        }
    }
}

/// Interned quorum sets. Inner sets are interned before the sets containing them, so the ids
/// of a set's inner sets are always smaller than its own id.
#[derive(Debug, Clone, Default)]
pub struct QsetArena {
    sets: Vec<Qset>,
    index: HashMap<Qset, QsetId>,
}

impl QsetArena {
    /// The id of `qset`, adding it if it is new. Members are kept sorted (satisfaction does not
    /// depend on their order), so sets that differ only in member order share one id.
    pub fn intern(&mut self, mut qset: Qset) -> QsetId {
        qset.validators.sort_unstable();
        qset.inner.sort_unstable();
        if let Some(&id) = self.index.get(&qset) {
            return id;
        }
        let id = self.sets.len();
        self.sets.push(qset.clone());
        self.index.insert(qset, id);
        id
    }

    /// The id of `qset` if it is interned (members in any order).
    pub fn find(&self, qset: &Qset) -> Option<QsetId> {
        let mut q = qset.clone();
        q.validators.sort_unstable();
        q.inner.sort_unstable();
        self.index.get(&q).copied()
    }

    /// Per arena set, whether it is in the tree of one of `roots` (a root or an inner set of
    /// one, at any depth).
    pub fn reachable(&self, roots: &[QsetId]) -> Vec<bool> {
        let mut seen = vec![false; self.sets.len()];
        let mut stack: Vec<QsetId> = roots.to_vec();
        while let Some(id) = stack.pop() {
            if !seen[id] {
                seen[id] = true;
                stack.extend_from_slice(&self.sets[id].inner);
            }
        }
        seen
    }

    pub fn get(&self, id: QsetId) -> &Qset {
        &self.sets[id]
    }

    pub fn len(&self) -> usize {
        self.sets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// Whether set `id` is satisfied when exactly the nodes with `present[node]` agree.
    /// Evaluated bottom-up over the arena (inner ids are smaller), without recursion.
    /// Evaluates only the sets below `id`, in increasing id order (inner ids are smaller).
    pub fn satisfied(&self, id: QsetId, present: &[bool]) -> bool {
        let mut below = vec![id];
        let mut i = 0;
        while i < below.len() {
            below.extend_from_slice(&self.get(below[i]).inner);
            i += 1;
        }
        below.sort_unstable();
        below.dedup();
        let mut sat: HashMap<QsetId, bool> = HashMap::with_capacity(below.len());
        for &q in &below {
            let set = self.get(q);
            let count = set.validators.iter().filter(|&&v| present[v]).count()
                + set.inner.iter().filter(|i| sat[i]).count();
            sat.insert(q, count >= set.threshold);
        }
        sat[&id]
    }

    /// Satisfaction of every interned set at once, for fixpoint loops that query many sets.
    pub fn satisfied_all(&self, present: &[bool]) -> Vec<bool> {
        let mut sat = vec![false; self.sets.len()];
        for (id, q) in self.sets.iter().enumerate() {
            let mut count = q.validators.iter().filter(|&&v| present[v]).count();
            count += q.inner.iter().filter(|&&i| sat[i]).count();
            sat[id] = count >= q.threshold;
        }
        sat
    }

    /// All nodes appearing anywhere in set `id`, sorted and without repetitions.
    pub fn contained_nodes(&self, id: QsetId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(q) = stack.pop() {
            let q = self.get(q);
            out.extend_from_slice(&q.validators);
            stack.extend_from_slice(&q.inner);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
