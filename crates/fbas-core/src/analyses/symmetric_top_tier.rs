//! The symmetric top tier (the legacy `analyze_symmetric_top_tier`).
//!
//! A *symmetric cluster* is a set S of nodes that all have the same quorum set Q (each node's
//! set taken with the node itself added when missing, threshold + 1; compared with validators
//! and inner sets in canonical order) whose nodes are exactly S. The top tier is symmetric iff
//! exactly one symmetric cluster exists and the nodes outside it contain no quorum; Q is then
//! the symmetric top tier.

use crate::network::fbas::Fbas;
use crate::network::quorum_set::{NodeId, Qset, QsetArena, QsetId};
use std::collections::BTreeMap;

/// A quorum set as a tree, for output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QsetTree {
    pub threshold: usize,
    pub validators: Vec<NodeId>,
    pub inner: Vec<QsetTree>,
}

/// The common quorum set of the top tier when it is symmetric.
pub fn symmetric_top_tier(fbas: &Fbas) -> Option<QsetTree> {
    let mut canon = Canonical::default();
    let mut by_qset: BTreeMap<QsetId, Vec<NodeId>> = BTreeMap::new();
    for v in 0..fbas.len() {
        let mut q = fbas.qset(v).clone();
        if !fbas.arena.contained_nodes(fbas.qsets[v]).contains(&v) {
            q.threshold += 1;
            q.validators.push(v);
        }
        let id = canon.of(&fbas.arena, &q);
        by_qset.entry(id).or_default().push(v);
    }
    let clusters: Vec<(QsetId, &Vec<NodeId>)> = by_qset
        .iter()
        .filter(|(&id, nodes)| canon.arena.contained_nodes(id) == **nodes)
        .map(|(&id, nodes)| (id, nodes))
        .collect();
    let [(id, nodes)] = clusters[..] else {
        return None;
    };
    let mut outside = vec![true; fbas.len()];
    for &v in nodes {
        outside[v] = false;
    }
    if fbas.contains_quorum(&outside) {
        return None;
    }
    Some(canon.tree(id))
}

/// Quorum sets in canonical form (validators sorted, inner sets sorted), interned so that equal
/// sets get equal ids.
#[derive(Default)]
struct Canonical {
    arena: QsetArena,
}

impl Canonical {
    /// The canonical id of `q`, whose inner ids refer to `source`.
    fn of(&mut self, source: &QsetArena, q: &Qset) -> QsetId {
        // Inner ids in `source` are smaller than the sets containing them: canonicalise the
        // sets below `q` in increasing id order, without recursion.
        let mut below = q.inner.clone();
        let mut i = 0;
        while i < below.len() {
            below.extend_from_slice(&source.get(below[i]).inner);
            i += 1;
        }
        below.sort_unstable();
        below.dedup();
        let mut done: BTreeMap<QsetId, QsetId> = BTreeMap::new();
        for id in below {
            let c = self.intern_sorted(source.get(id), &done);
            done.insert(id, c);
        }
        self.intern_sorted(q, &done)
    }

    fn intern_sorted(&mut self, q: &Qset, done: &BTreeMap<QsetId, QsetId>) -> QsetId {
        let mut validators = q.validators.clone();
        validators.sort_unstable();
        let mut inner: Vec<QsetId> = q.inner.iter().map(|i| done[i]).collect();
        inner.sort_unstable();
        self.arena.intern(Qset {
            threshold: q.threshold,
            validators,
            inner,
        })
    }

    fn tree(&self, id: QsetId) -> QsetTree {
        let q = self.arena.get(id);
        QsetTree {
            threshold: q.threshold,
            validators: q.validators.clone(),
            inner: q.inner.iter().map(|&i| self.tree(i)).collect(),
        }
    }
}
