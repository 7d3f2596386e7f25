//! The top tier: the union of all minimal quorums, decided node by node without enumerating
//! them.
//!
//! A node v lies in some minimal quorum iff some quorum Q contains v while Q \ {v} contains no
//! quorum (then every minimal quorum inside Q contains v). "Contains no quorum" is encoded as
//! a failure cascade: starting from the nodes outside Q plus v, every node of Q must fail.

use crate::budget::Budget;
use crate::encode;
use crate::fbas::Fbas;
use crate::outcome::Failure;
use crate::quorum_set::NodeId;
use crate::sat::Sat;
use crate::symmetry;

/// The top tier found, and the nodes not decided when the budget ran out (empty: complete).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopTier {
    /// Sorted node indices, each shown to be in a (re-checked) minimal quorum.
    pub members: Vec<NodeId>,
    pub undecided: Vec<NodeId>,
}

impl TopTier {
    pub fn is_complete(&self) -> bool {
        self.undecided.is_empty()
    }
}

/// Compute the top tier; `Failure` only for an internal error.
pub fn top_tier(fbas: &Fbas, budget: &Budget) -> Result<TopTier, Failure> {
    let n = fbas.len();
    let mut sat = Sat::new(budget);
    let x = encode::quorum(&mut sat, fbas);
    let chosen: Vec<_> = (0..n).map(|_| sat.lit()).collect();
    let initially_failed: Vec<_> = (0..n)
        .map(|u| {
            let f = sat.lit();
            sat.clause(&[!f, !x[u], chosen[u]]);
            f
        })
        .collect();
    for f in encode::cascade(&mut sat, fbas, &initially_failed) {
        sat.clause(&[f]);
    }

    // Interchangeable nodes are in the top tier together or not at all: one query per class.
    let mut class_of: Vec<Vec<NodeId>> = (0..n).map(|v| vec![v]).collect();
    for class in symmetry::interchangeable(fbas, |_| ()) {
        for &v in &class {
            class_of[v] = class.clone();
        }
    }
    let mut in_top_tier = vec![false; n];
    let mut decided = vec![false; n];
    for v in 0..n {
        if decided[v] {
            continue;
        }
        let mut assumptions = vec![x[v]];
        assumptions.extend((0..n).map(|u| if u == v { chosen[u] } else { !chosen[u] }));
        match sat.solve(&assumptions) {
            Ok(true) => {
                let q: Vec<bool> = x.iter().map(|&l| sat.value(l)).collect();
                let m = fbas.shrink_to_minimal_quorum(&q, &[v]);
                if !m[v] || !fbas.is_minimal_quorum(&m) {
                    return Err(Failure::Internal(format!(
                        "top tier: no re-checked minimal quorum for node {}",
                        fbas.keys[v]
                    )));
                }
                for u in Fbas::members(&m)
                    .into_iter()
                    .flat_map(|u| class_of[u].clone())
                {
                    in_top_tier[u] = true;
                    decided[u] = true;
                }
            }
            Ok(false) => {
                for &u in &class_of[v] {
                    decided[u] = true;
                }
            }
            Err(_) => break,
        }
    }
    Ok(TopTier {
        members: Fbas::members(&in_top_tier),
        undecided: (0..n).filter(|&v| !decided[v]).collect(),
    })
}
