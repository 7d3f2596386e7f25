//! Node-level blocking sets of a network made of interchangeable organizations, searched by
//! how many nodes fail in each organization.
//!
//! Suppose the nodes form blocks B_1, …, B_n of s nodes each (the validators of inner sets
//! without inner sets, [`symmetry_breaking::interchangeable_blocks`]) in one orbit: swapping
//! B_1 with any B_i (its j-th node with their j-th, in index order) maps the network onto itself,
//! and so does swapping any two nodes of one block (they are interchangeable,
//! [`symmetry_breaking::interchangeable`]). Symmetries preserve blocking. For any node set X,
//! swaps inside the blocks turn X ∩ B_i into the first |X ∩ B_i| nodes of B_i, and the swaps of
//! B_1 with the others (which generate every permutation of the blocks) map such prefix sets
//! to prefix sets while reordering the counts freely. So X blocks iff the set with the same
//! counts, sorted from the largest on B_1 to the smallest on B_n, each a prefix of its block,
//! blocks: the fewest blocking nodes are the least sum of a non-increasing count vector
//! (entries at most s) whose prefix set blocks, one plain fixpoint per vector. The search
//! visits the sums upwards from a known lower bound; the vectors of one sum are the partitions
//! of that sum into at most n parts of at most s, few for organizations of a few validators.

use crate::budget::{Budget, Stop};
use crate::network::fbas::Fbas;
use crate::network::quorum_set::NodeId;
use crate::sat::symmetry_breaking;
use std::ops::ControlFlow;

/// What the search by counts found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Counted {
    /// The network is not made of one orbit of interchangeable blocks of interchangeable nodes.
    NotApplicable,
    /// A smallest blocking node set.
    Blocks(Vec<NodeId>),
    /// Spent before the sum given; no smaller set blocks.
    Stopped(usize, Stop),
}

/// The fewest nodes of `fbas` whose failure leaves no quorum (no node faulty), knowing that no
/// fewer than `lower` do, when its nodes are interchangeable blocks (module documentation).
pub fn min_blocking(fbas: &Fbas, lower: usize, budget: &Budget) -> Counted {
    let Some(blocks) = one_orbit_of_blocks(fbas) else {
        return Counted::NotApplicable;
    };
    let size = blocks[0].len();
    let mut counts = vec![0; blocks.len()];
    for total in lower..=fbas.len() {
        let mut found = None;
        let done = partitions(&mut counts, 0, total, size, budget, &mut |counts| {
            let mut alive = vec![true; fbas.len()];
            for (block, &k) in blocks.iter().zip(counts.iter()) {
                for &v in &block[..k] {
                    alive[v] = false;
                }
            }
            if fbas.contains_quorum(&alive) {
                return ControlFlow::Continue(());
            }
            found = Some((0..fbas.len()).filter(|&v| !alive[v]).collect());
            ControlFlow::Break(())
        });
        if let Some(nodes) = found {
            return Counted::Blocks(nodes);
        }
        if let ControlFlow::Break(Some(stop)) = done {
            return Counted::Stopped(total, stop);
        }
    }
    // Failing every node blocks: unreachable for a network with a quorum.
    Counted::NotApplicable
}

/// The blocks of the module documentation, in orbit order, when they cover the network.
fn one_orbit_of_blocks(fbas: &Fbas) -> Option<Vec<Vec<NodeId>>> {
    let orbits = symmetry_breaking::interchangeable_blocks(fbas);
    let [blocks] = orbits else { return None };
    if blocks.iter().map(Vec::len).sum::<usize>() != fbas.len() {
        return None;
    }
    let classes = symmetry_breaking::interchangeable(fbas, |_| ());
    let mut class_of = vec![usize::MAX; fbas.len()];
    for (c, class) in classes.iter().enumerate() {
        for &v in class {
            class_of[v] = c;
        }
    }
    let within_one_class = |b: &Vec<NodeId>| b.iter().all(|&v| class_of[v] == class_of[b[0]]);
    (class_of.iter().all(|&c| c != usize::MAX) && blocks.iter().all(within_one_class))
        .then(|| blocks.clone())
}

/// Calls `visit` on every non-increasing `counts` whose entries from `at` on are at most `max`
/// and sum to `left` (the entries before `at` fixed), until it breaks; `Break(Some(stop))` when
/// the budget ran out first.
fn partitions(
    counts: &mut [usize],
    at: usize,
    left: usize,
    max: usize,
    budget: &Budget,
    visit: &mut impl FnMut(&[usize]) -> ControlFlow<()>,
) -> ControlFlow<Option<Stop>> {
    if at == counts.len() {
        if left == 0 {
            visit(counts).map_break(|()| None)?;
        }
        return match budget.check() {
            Some(stop) => ControlFlow::Break(Some(stop)),
            None => ControlFlow::Continue(()),
        };
    }
    let places = counts.len() - at;
    // Every later entry is at most this one: it takes at least an even share of what is left.
    for k in (left.div_ceil(places)..=max.min(left)).rev() {
        counts[at] = k;
        let done = partitions(counts, at + 1, left - k, k, budget, visit);
        counts[at] = 0;
        done?;
    }
    ControlFlow::Continue(())
}
