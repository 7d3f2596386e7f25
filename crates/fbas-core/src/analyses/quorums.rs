//! Minimal quorums: the smallest one, and the list of all of them (up to a limit).

use crate::analyses::bounds;
use crate::budget::Budget;
use crate::network::fbas::Fbas;
use crate::network::grouping::Grouping;
use crate::network::quorum_set::NodeId;
use crate::outcome::{Failure, Minimum};
use crate::sat::encode;
use crate::sat::optimize::{enumerate_minimal, minimize};
use crate::sat::solver::Sat;
use crate::sat::symmetry_breaking;

/// The quorum touching the fewest groups (at node level, the smallest quorum, which is always
/// a minimal quorum; merged, the fewest groups containing a minimal quorum).
pub fn min_quorum(
    fbas: &Fbas,
    groups: &Grouping,
    budget: &Budget,
) -> Result<Minimum<Vec<NodeId>>, Failure> {
    let mut sat = Sat::new(budget);
    let x = encode::quorum(&mut sat, fbas);
    encode::non_empty(&mut sat, &x);
    let group_lit: Vec<_> = (0..groups.names.len()).map(|_| sat.lit()).collect();
    for v in 0..fbas.len() {
        sat.implies(x[v], group_lit[groups.of_node[v]]);
    }
    let swaps = symmetry_breaking::symmetries(fbas, &groups.of_node, |_| ());
    symmetry_breaking::break_symmetry(&mut sat, &swaps, &[&x]);
    // At node level, a structural lower bound; when the set attaining it is a quorum, done.
    let mut lower = 1;
    if groups.names.len() == fbas.len() {
        let bound = bounds::quorum(fbas, |_| 1);
        let attains = bound.nodes.len() == bound.lower;
        if bound.lower > 0 && attains && fbas.is_quorum(&fbas.set_of(&bound.nodes)) {
            return Ok(Minimum::Found {
                size: bound.lower,
                witness: bound.nodes,
            });
        }
        lower = lower.max(bound.lower);
    }
    minimize(&mut sat, &group_lit, &[], lower, None, |sat| {
        let q: Vec<bool> = x.iter().map(|&l| sat.value(l)).collect();
        if !fbas.is_quorum(&q) {
            return Err("min quorum: the set found is not a quorum".into());
        }
        let q = Fbas::members(&q);
        let size = groups.count(&q);
        Ok((q, size))
    })
}

/// Up to `limit` minimal quorums, and whether that is all of them. Each is found as a quorum
/// containing none of the minimal quorums found so far, then shrunk to a minimal one.
pub fn minimal_quorums(
    fbas: &Fbas,
    limit: usize,
    budget: &Budget,
) -> Result<(Vec<Vec<NodeId>>, bool), Failure> {
    let mut sat = Sat::new(budget);
    let x = encode::quorum(&mut sat, fbas);
    encode::non_empty(&mut sat, &x);
    enumerate_minimal(&mut sat, limit, &x, |sat| {
        let q: Vec<bool> = x.iter().map(|&l| sat.value(l)).collect();
        let m = fbas.shrink_to_minimal_quorum(&q, &[]);
        if !fbas.is_minimal_quorum(&m) {
            return Err(Failure::Internal(
                "minimal quorums: shrinking did not give a minimal quorum".into(),
            ));
        }
        Ok(Fbas::members(&m))
    })
}
