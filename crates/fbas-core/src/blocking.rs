//! Blocking sets (liveness): the fewest nodes, or groups, whose failure leaves no quorum.
//!
//! A set blocks iff it hits every minimal quorum, and all minimal quorums lie in the top tier,
//! so only top-tier nodes are chosen and the failure cascade runs over the top tier alone.
//! Filtered: given the faulty nodes F, the fewest additional groups G such that F together
//! with the nodes of G blocks; the legacy "remove F from every minimal blocking set, merge,
//! take the smallest" is the same number.

use crate::budget::Budget;
use crate::encode;
use crate::fbas::Fbas;
use crate::grouping::Grouping;
use crate::optimize::minimize;
use crate::outcome::{Failure, Minimum};
use crate::quorum_set::NodeId;
use crate::sat::Sat;
use crate::symmetry;

/// The fewest groups (indices into `groups.names`) whose nodes, together with the `faulty`
/// ones, block `fbas`; `top_tier` must contain every minimal quorum.
pub fn min_blocking(
    fbas: &Fbas,
    top_tier: &[NodeId],
    groups: &Grouping,
    faulty: &[bool],
    budget: &Budget,
) -> Result<Minimum<Vec<usize>>, Failure> {
    let tt = fbas.select(top_tier);
    let mut sat = Sat::new(budget);
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
    for f in encode::cascade(&mut sat, &tt, &initially_failed) {
        sat.clause(&[f]);
    }
    // Interchangeable nodes (both faulty or both not) are chosen in a fixed order.
    let label = groups.swap_label();
    let classes = symmetry::interchangeable(&tt, |i| (faulty[top_tier[i]], label(top_tier[i])));
    let own_group: Vec<_> = top_tier
        .iter()
        .map(|&v| group_lit[groups.of_node[v]])
        .collect();
    symmetry::break_symmetry(&mut sat, &classes, &[&own_group]);
    let mut candidates: Vec<usize> = top_tier
        .iter()
        .filter(|&&v| !faulty[v])
        .map(|&v| groups.of_node[v])
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let objective: Vec<_> = candidates.iter().map(|&g| group_lit[g]).collect();
    let lower = usize::from(!faulty.iter().any(|&f| f));
    minimize(&mut sat, &objective, &[], lower, |sat| {
        let chosen: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&g| sat.value(group_lit[g]))
            .collect();
        let mut alive = vec![true; fbas.len()];
        for v in 0..fbas.len() {
            if faulty[v] || chosen.contains(&groups.of_node[v]) {
                alive[v] = false;
            }
        }
        if fbas.contains_quorum(&alive) {
            return Err("blocking: the set found leaves a quorum".into());
        }
        let size = chosen.len();
        Ok((chosen, size))
    })
}
