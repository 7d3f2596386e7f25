//! A lower bound on the smallest splitting set, from quorum sets alone, and the deletion that
//! attains it when the network is as regular as it looks.
//!
//! Two disjoint quorums after deleting S contain nodes v1 and v2 whose quorum sets A and B are
//! satisfied by Q1 ∪ S and Q2 ∪ S. Keeping only these two requirements is a relaxation: a
//! member of both A and B (the same validator, or the same inner set) that both sides count
//! must be "doubly present", which for a validator means deleted and for an inner set means
//! satisfied on both sides, recursively. With `a` members only in A, `b` only in B and `c` in
//! both, at least (tA − a) + (tB − b) − c common members are doubly present, the cheapest ones.
//! Summing costs is sound only when the members' nodes are disjoint, so a set whose tree repeats
//! a node gets no bound. SAT then only has to confirm the bound (or search above it).

use crate::fbas::Fbas;
use crate::quorum_set::{NodeId, QsetId};
use std::collections::HashMap;

/// The cheapest way found to satisfy a pair of quorum sets on two disjoint sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relaxed {
    /// No splitting set is smaller.
    pub lower: usize,
    /// Deleting these nodes (`lower` of them) satisfies the pair; a candidate splitting set.
    pub deletion: Vec<NodeId>,
}

/// A lower bound on the size of any splitting set of `fbas` (0 when nothing better is known).
pub fn lower_bound(fbas: &Fbas) -> Relaxed {
    let none = Relaxed {
        lower: 0,
        deletion: vec![],
    };
    let mut count: HashMap<QsetId, usize> = HashMap::new();
    for &q in &fbas.qsets {
        *count.entry(q).or_default() += 1;
    }
    let mut qsets: Vec<QsetId> = count.keys().copied().collect();
    qsets.sort_unstable();
    if qsets.iter().any(|&q| repeats_a_node(fbas, q)) {
        return none;
    }
    let mut memo = HashMap::new();
    let mut best: Option<Relaxed> = None;
    for (i, &a) in qsets.iter().enumerate() {
        for &b in &qsets[i..] {
            if a == b && count[&a] < 2 {
                continue;
            }
            // Infeasible pairs cannot host a split: they bound nothing from below.
            if let Some(r) = doubly(fbas, a, b, &mut memo) {
                if best.as_ref().is_none_or(|best| r.lower < best.lower) {
                    best = Some(r);
                }
            }
        }
    }
    best.unwrap_or(none)
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

/// The fewest deletions for side 1 to satisfy `a` and side 2 to satisfy `b` in the relaxation
/// (`None`: impossible). Inner ids are smaller than their parents', so the recursion depth is
/// bounded by the nesting of the input's quorum sets.
fn doubly(
    fbas: &Fbas,
    a: QsetId,
    b: QsetId,
    memo: &mut HashMap<(QsetId, QsetId), Option<Relaxed>>,
) -> Option<Relaxed> {
    let key = (a.min(b), a.max(b));
    if let Some(r) = memo.get(&key) {
        return r.clone();
    }
    let (qa, qb) = (fbas.arena.get(a), fbas.arena.get(b));
    // Costs of the common members being doubly present.
    let mut costs: Vec<Relaxed> = Vec::new();
    let mut common = 0;
    for v in qa.validators.iter().filter(|v| qb.validators.contains(v)) {
        common += 1;
        costs.push(Relaxed {
            lower: 1,
            deletion: vec![*v],
        });
    }
    for &i in qa.inner.iter().filter(|i| qb.inner.contains(i)) {
        common += 1;
        if let Some(r) = doubly(fbas, i, i, memo) {
            costs.push(r);
        }
    }
    let only_a = qa.members() - common;
    let only_b = qb.members() - common;
    let result = if qa.threshold > only_a + common || qb.threshold > only_b + common {
        None
    } else {
        let need = (qa.threshold.saturating_sub(only_a) + qb.threshold.saturating_sub(only_b))
            .saturating_sub(common);
        costs.sort_by_key(|r| r.lower);
        (costs.len() >= need).then(|| Relaxed {
            lower: costs[..need].iter().map(|r| r.lower).sum(),
            deletion: costs[..need]
                .iter()
                .flat_map(|r| r.deletion.iter().copied())
                .collect(),
        })
    };
    memo.insert(key, result.clone());
    result
}
