//! Interchangeable nodes, and symmetry breaking for the encodings.
//!
//! Two nodes are interchangeable when swapping them maps the network onto itself: they have the
//! same quorum set and appear, with the same multiplicity, in exactly the same quorum sets
//! (validators of one organization typically are). Every analysis answer is invariant under
//! such swaps, so an encoding may keep only the lexicographically largest of each orbit.

use crate::network::fbas::Fbas;
use crate::network::quorum_set::{NodeId, QsetId};
use crate::sat::solver::{Sat, SatLit as Lit};
use std::collections::HashMap;

/// Classes (sorted, at least two nodes each) of pairwise interchangeable nodes, refined so that
/// nodes of one class also share `label` (e.g. their group, or whether they are faulty).
pub fn interchangeable<L: Eq + std::hash::Hash>(
    fbas: &Fbas,
    label: impl Fn(NodeId) -> L,
) -> Vec<Vec<NodeId>> {
    let mut appearances: Vec<Vec<QsetId>> = vec![Vec::new(); fbas.len()];
    for id in 0..fbas.arena.len() {
        for &v in &fbas.arena.get(id).validators {
            appearances[v].push(id);
        }
    }
    let mut classes: HashMap<(QsetId, Vec<QsetId>, L), Vec<NodeId>> = HashMap::new();
    for (v, mut seen) in appearances.into_iter().enumerate() {
        seen.sort_unstable();
        classes
            .entry((fbas.qsets[v], seen, label(v)))
            .or_default()
            .push(v);
    }
    let mut out: Vec<Vec<NodeId>> = classes.into_values().filter(|c| c.len() > 1).collect();
    out.sort();
    out
}

/// For consecutive nodes u, w of each class, require the tuple of u's literals (in the order of
/// `vars`) to be lexicographically at least w's.
pub fn break_symmetry(sat: &mut Sat, classes: &[Vec<NodeId>], vars: &[&[Lit]]) {
    for class in classes {
        for pair in class.windows(2) {
            let (u, w) = (pair[0], pair[1]);
            // `equal` stands for "the tuples agree on every position before this one".
            let mut equal = sat.true_lit();
            for (i, lits) in vars.iter().enumerate() {
                let (a, b) = (lits[u], lits[w]);
                sat.clause(&[!equal, a, !b]);
                if i + 1 < vars.len() {
                    let next = sat.lit();
                    sat.clause(&[!equal, a, b, next]);
                    sat.clause(&[!equal, !a, !b, next]);
                    equal = next;
                }
            }
        }
    }
}
