//! The node-level lists of minimal sets (minimal quorums, minimal blocking sets, minimal
//! splitting sets), each by the fastest exact method, and the filtered blocking sets derived
//! from the blocking list.
//!
//! A list comes from the direct search ([`direct`]) when that finishes within
//! [`DIRECT_ALLOWANCE`] units of work, else from the solver's enumeration ([`quorums`],
//! [`blocking`], [`splitting`]). Both are exact, with the same contract: up to `limit` sets,
//! each sorted, the list sorted, and whether that is all of them; a spent budget is a
//! [`Failure::Stopped`].

use crate::analyses::direct::{self, Enumerated};
use crate::analyses::orbits::Effort;
use crate::analyses::{blocking, quorums, splitting};
use crate::budget::Budget;
use crate::network::fbas::Fbas;
use crate::network::grouping::Grouping;
use crate::network::quorum_set::NodeId;
use crate::outcome::Failure;

/// The work a direct search may do before the solver takes over, in [`Effort`] units (one per
/// quorum set evaluated, set visited or set generated). Measured with `fbas-bench lists
/// --allowance none` (limit 10 000 sets for the generated networks, 10 s per enumeration):
///
/// - every list of the real snapshots needs at most 192 000 units (mobilecoin's splitting sets;
///   the Stellar snapshots at most 149 000), 80 times below the allowance;
/// - on the generated families of 10 and 16 organizations (30-51 core nodes), the direct search
///   did 3.7-35 million units a second; every list it finished within 16 million units it
///   finished faster than the solver (11.5 million units in 0.8 s where the solver did not finish
///   in 10 s; 14.8 million in 0.33 s against 1.1 s; 5.6 million in 0.8 s against 7.6 s), and of
///   the lists needing more, one (62 million units, 4.6 s) the solver did not finish in 10 s
///   either, while three the solver finished in 2.6-7.7 s the direct search did not in 10 s.
///
/// So 16 million units keep every list the direct search is clearly better at, and cost at most
/// 0.8-4.3 s before the solver starts where the solver is better.
pub const DIRECT_ALLOWANCE: u64 = 16_000_000;

/// All minimal quorums (up to `limit`).
pub fn minimal_quorums(fbas: &Fbas, limit: usize, budget: &Budget) -> Result<Enumerated, Failure> {
    let mut effort = Effort::new(Some(DIRECT_ALLOWANCE), budget);
    match direct::minimal_quorums(fbas, limit, &mut effort)? {
        Some(found) => Ok(found),
        None => quorums::minimal_quorums(fbas, limit, budget),
    }
}

/// All minimal blocking sets (up to `limit`); `top_tier` must contain every minimal quorum.
pub fn minimal_blocking_sets(
    fbas: &Fbas,
    top_tier: &[NodeId],
    limit: usize,
    budget: &Budget,
) -> Result<Enumerated, Failure> {
    let mut effort = Effort::new(Some(DIRECT_ALLOWANCE), budget);
    match direct::minimal_blocking_sets(fbas, top_tier, limit, &mut effort)? {
        Some(found) => Ok(found),
        None => {
            let nodes = Grouping::nodes(&fbas.keys);
            let no_faulty = vec![false; fbas.len()];
            blocking::minimal_blocking_sets(fbas, top_tier, &nodes, &no_faulty, limit, budget)
        }
    }
}

/// All minimal splitting sets (up to `limit`).
pub fn minimal_splitting_sets(
    fbas: &Fbas,
    limit: usize,
    budget: &Budget,
) -> Result<Enumerated, Failure> {
    let mut effort = Effort::new(Some(DIRECT_ALLOWANCE), budget);
    match direct::minimal_splitting_sets(fbas, limit, &mut effort)? {
        Some(found) => Ok(found),
        None => splitting::minimal_splitting_sets(fbas, limit, budget),
    }
}

/// The filtered blocking sets: the minimal sets X of non-faulty nodes such that X and the
/// `faulty` nodes together block. Given the complete list of minimal blocking sets (sorted
/// sets), these are the minimal ones among "each minimal blocking set minus the faulty nodes"
/// (the legacy engine's definition): every such X contains B minus the faulty nodes for some
/// minimal blocking set B inside X and the faulty nodes, and each B minus the faulty nodes is
/// such an X. `[[]]` when the faulty nodes block alone. Sorted like the input.
///
/// Only sets that lost a faulty node can contain another: if B' minus the faulty nodes lies
/// inside B, which has none, then B' has nodes outside B, all of them faulty (B' ⊄ B, the list
/// being minimal); so the unchanged sets are compared with the changed ones only.
pub fn filtered_blocking_sets(blocking: &[Vec<NodeId>], faulty: &[bool]) -> Vec<Vec<NodeId>> {
    let is_faulty = |v: &NodeId| faulty.get(*v).copied().unwrap_or(false);
    let (changed, unchanged): (Vec<&Vec<NodeId>>, Vec<&Vec<NodeId>>) =
        blocking.iter().partition(|b| b.iter().any(is_faulty));
    let mut reduced: Vec<Vec<NodeId>> = changed
        .iter()
        .map(|b| b.iter().copied().filter(|v| !is_faulty(v)).collect())
        .collect();
    reduced.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    reduced.dedup();
    let mut kept: Vec<Vec<NodeId>> = Vec::with_capacity(blocking.len());
    for set in reduced {
        if !kept.iter().any(|k| is_subset(k, &set)) {
            kept.push(set);
        }
    }
    let changed_kept = kept.len();
    for set in unchanged {
        if !kept[..changed_kept].iter().any(|k| is_subset(k, set)) {
            kept.push(set.clone());
        }
    }
    kept.sort();
    kept
}

/// Whether the sorted `a` is a subset of the sorted `b`.
fn is_subset(a: &[NodeId], b: &[NodeId]) -> bool {
    let mut rest = b.iter();
    a.iter().all(|x| rest.by_ref().any(|y| y == x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::bitset::NodeSet;
    use crate::network::quorum_set::Qset;

    #[test]
    fn more_nodes_than_a_bitmask_holds_go_to_the_solver() {
        // 129 nodes, each with 100-of-all: the minimal quorums are the sets of 100 nodes.
        let mut fbas = Fbas::default();
        let everyone: Vec<NodeId> = (0..=NodeSet::CAPACITY).collect();
        let qset = fbas.arena.intern(Qset {
            threshold: 100,
            validators: everyone.clone(),
            inner: vec![],
        });
        for v in &everyone {
            fbas.keys.push(format!("n{v}"));
            fbas.qsets.push(qset);
        }
        let budget = Budget::default();
        let mut effort = Effort::new(None, &budget);
        assert_eq!(direct::minimal_quorums(&fbas, 3, &mut effort), Ok(None));
        let (sets, complete) = minimal_quorums(&fbas, 3, &budget).unwrap();
        assert!(!complete);
        assert_eq!(sets.len(), 3);
        for set in sets {
            assert_eq!(set.len(), 100);
            assert!(fbas.is_minimal_quorum(&fbas.set_of(&set)));
        }
    }

    #[test]
    fn filtering_removes_faulty_nodes_and_keeps_the_minimal_sets() {
        let blocking = vec![vec![0, 1], vec![0, 2], vec![1, 3], vec![2, 3]];
        // Node 0 faulty: {0, 1} and {0, 2} become {1} and {2}, inside {1, 3} and {2, 3}.
        let faulty = [true, false, false, false];
        assert_eq!(
            filtered_blocking_sets(&blocking, &faulty),
            vec![vec![1], vec![2]]
        );
        assert_eq!(filtered_blocking_sets(&blocking, &[false; 4]), blocking);
        // Faulty nodes that block alone leave the empty set.
        let faulty = [true, true, false, false];
        assert_eq!(
            filtered_blocking_sets(&blocking, &faulty),
            vec![Vec::<NodeId>::new()]
        );
    }

    #[test]
    fn subsets_of_sorted_lists() {
        assert!(is_subset(&[], &[1]));
        assert!(is_subset(&[1, 3], &[0, 1, 2, 3]));
        assert!(!is_subset(&[1, 4], &[0, 1, 2, 3]));
        assert!(!is_subset(&[3, 1], &[1, 3]));
    }
}
