//! What the answer at one grouping level says about the answer at another, for the smallest
//! blocking and splitting sets.
//!
//! At a grouping G the minimum is the fewest groups touched by a set with the property:
//! min_G = min |G(S)| over the node sets S that block (with the faulty nodes) or split, where
//! G(S) is the set of groups S touches. For splitting this is the search's own definition (it
//! chooses nodes and counts the groups they touch). For blocking the search chooses whole
//! groups, which is the same number because a superset of a blocking set blocks.
//!
//! Two facts follow, for any groupings F and G of the same nodes:
//! 1. **Witnesses cross levels.** A set S found at any level has |G(S)| ≥ min_G. So G(S) is an
//!    upper bound at G, with S's own nodes as its witness.
//! 2. **Finer levels cost at least as much.** Suppose F refines G: each group of F lies inside
//!    one group of G. Then |G(S)| ≤ |F(S)| for every S, so min_G ≤ min_F, and G's lower bound
//!    is also one for F. The node level refines every level.
//!
//! Two levels with the same partition (e.g. countries when no node has a country) refine each
//! other, so their answers are the same up to the names of the groups. [`same_partition`] tells
//! when one answer can stand for both ([`regroup`]).
//!
//! The analysis runs the levels side by side. An organization-level search may end while the
//! node-level one runs into the budget. [`tighten_blocking`] and [`tighten_splitting`] then move
//! bounds and witnesses between the levels, and settle a level whose bounds meet. Nothing is
//! guessed: every bound comes from a proved bound or a re-checked witness.

use crate::analyses::splitting::Split;
use crate::network::grouping::Grouping;
use crate::network::quorum_set::NodeId;
use crate::outcome::{Failure, Minimum};

/// Whether `fine` refines `coarse`: nodes in one group of `fine` are in one group of `coarse`.
pub fn refines(fine: &Grouping, coarse: &Grouping) -> bool {
    let mut image: Vec<Option<usize>> = vec![None; fine.names.len()];
    fine.of_node
        .iter()
        .zip(&coarse.of_node)
        .all(|(&f, &c)| *image[f].get_or_insert(c) == c)
}

/// Whether `a` and `b` group the nodes alike (possibly numbering the groups differently).
pub fn same_partition(a: &Grouping, b: &Grouping) -> bool {
    refines(a, b) && refines(b, a)
}

/// The nodes of the `chosen` groups that are not `faulty`: with the faulty nodes they fail
/// the same nodes as the whole groups do.
fn nodes_of_groups(groups: &Grouping, chosen: &[usize], faulty: &[bool]) -> Vec<NodeId> {
    (0..groups.of_node.len())
        .filter(|&v| !faulty[v] && chosen.binary_search(&groups.of_node[v]).is_ok())
        .collect()
}

/// How a witness reads as a node set, and how a node set reads as a witness at a level.
pub trait Witness: Clone {
    /// The nodes this witness (at `groups`) stands for.
    fn nodes(&self, groups: &Grouping, faulty: &[bool]) -> Vec<NodeId>;
    /// The witness at `groups` of the set of `nodes`, which `self` stands for at another level.
    fn at(&self, nodes: Vec<NodeId>, groups: &Grouping) -> Self;
}

/// A blocking set: group indices.
impl Witness for Vec<usize> {
    fn nodes(&self, groups: &Grouping, faulty: &[bool]) -> Vec<NodeId> {
        nodes_of_groups(groups, self, faulty)
    }

    fn at(&self, nodes: Vec<NodeId>, groups: &Grouping) -> Self {
        groups.groups_of(&nodes)
    }
}

impl Witness for Split {
    fn nodes(&self, _: &Grouping, _: &[bool]) -> Vec<NodeId> {
        self.nodes.clone()
    }

    fn at(&self, nodes: Vec<NodeId>, groups: &Grouping) -> Self {
        Split {
            groups: groups.groups_of(&nodes),
            nodes,
            quorums: self.quorums.clone(),
        }
    }
}

/// `answer`, found at `from`, as the answer at `to`, a grouping with the same partition
/// ([`same_partition`]): the same bounds, the witness's groups renumbered.
pub fn regroup<W: Witness>(answer: &Minimum<W>, from: &Grouping, to: &Grouping) -> Minimum<W> {
    let no_faulty = vec![false; from.of_node.len()];
    let at = |w: W, _| Ok::<W, std::convert::Infallible>(w.at(w.nodes(from, &no_faulty), to));
    match answer.clone().try_map_witness(at) {
        Ok(m) => m,
        Err(never) => match never {},
    }
}

/// Tighten the smallest blocking sets of several levels of one network with each other's
/// bounds and witnesses (see the module documentation); `faulty` are the nodes taken as failed
/// (none for the plain sets). An answer that contradicts another is an internal error.
pub fn tighten_blocking(
    levels: &mut [(&Grouping, &mut Minimum<Vec<usize>>)],
    faulty: &[bool],
) -> Result<(), Failure> {
    tighten(levels, faulty, "blocking")
}

/// [`tighten_blocking`] for the smallest splitting sets.
pub fn tighten_splitting(levels: &mut [(&Grouping, &mut Minimum<Split>)]) -> Result<(), Failure> {
    let n = levels.first().map_or(0, |(g, _)| g.of_node.len());
    tighten(levels, &vec![false; n], "splitting")
}

fn tighten<W: Witness>(
    levels: &mut [(&Grouping, &mut Minimum<W>)],
    faulty: &[bool],
    what: &str,
) -> Result<(), Failure> {
    // Whether a set exists at all does not depend on the grouping.
    if levels.iter().any(|(_, m)| matches!(m, Minimum::NoneExists)) {
        for (_, m) in levels.iter_mut() {
            match m {
                Minimum::NoneExists => {}
                Minimum::Unknown { upper: None, .. } => **m = Minimum::NoneExists,
                _ => return Err(Failure::Internal(format!(
                    "{what}: a set found at one level, none at another"
                ))),
            }
        }
        return Ok(());
    }
    // Proved lower bounds and found sets, before any is changed.
    let lowers: Vec<Option<usize>> = levels.iter().map(|(_, m)| lower_bound(m)).collect();
    let sets: Vec<(Vec<NodeId>, W)> = levels
        .iter()
        .filter_map(|(g, m)| m.witness().map(|w| (w.nodes(g, faulty), w.clone())))
        .collect();
    for i in 0..levels.len() {
        let groups = levels[i].0;
        let lower = (0..levels.len())
            .filter(|&j| refines(groups, levels[j].0))
            .filter_map(|j| lowers[j])
            .max();
        let best = sets
            .iter()
            .map(|(nodes, w)| (groups.count(nodes), nodes, w))
            .min_by_key(|&(size, nodes, _)| (size, nodes.len()));
        let contradiction = |found: usize, bound: usize| {
            Failure::Internal(format!(
                "{what}: {found} groups found at one level, {bound} at another"
            ))
        };
        let settled = match &mut *levels[i].1 {
            Minimum::NoneExists => None,
            Minimum::Found { size, .. } => {
                if let Some(lower) = lower.filter(|&l| l > *size) {
                    return Err(contradiction(*size, lower));
                }
                if let Some((smaller, ..)) = best.filter(|&(s, ..)| s < *size) {
                    return Err(contradiction(*size, smaller));
                }
                None
            }
            Minimum::Unknown {
                lower: low,
                upper,
                witness,
                ..
            } => {
                *low = (*low).max(lower.unwrap_or(0));
                if let Some((size, nodes, w)) = best.filter(|&(s, ..)| upper.is_none_or(|u| s < u))
                {
                    *upper = Some(size);
                    *witness = Some(w.at(nodes.clone(), groups));
                }
                if let Some(u) = upper.filter(|&u| u < *low) {
                    return Err(contradiction(u, *low));
                }
                (*upper == Some(*low))
                    .then(|| witness.take())
                    .flatten()
                    .map(|witness| Minimum::Found { size: *low, witness })
            }
        };
        if let Some(found) = settled {
            *levels[i].1 = found;
        }
    }
    Ok(())
}

/// A proved lower bound of `m`, if it says anything.
fn lower_bound<W>(m: &Minimum<W>) -> Option<usize> {
    match m {
        Minimum::Found { size, .. } => Some(*size),
        Minimum::Unknown { lower, .. } => Some(*lower),
        Minimum::NoneExists => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Stop;

    /// Six nodes: the node level, two organizations of three, and a grouping cutting across
    /// them.
    fn groupings() -> [Grouping; 3] {
        let grouping = |of_node: Vec<usize>| Grouping {
            names: (0..=*of_node.iter().max().unwrap())
                .map(|g| format!("g{g}"))
                .collect(),
            of_node,
        };
        [
            grouping((0..6).collect()),
            grouping(vec![0, 0, 0, 1, 1, 1]),
            grouping(vec![0, 1, 0, 1, 0, 1]),
        ]
    }

    fn unknown<W>(lower: usize, upper: Option<usize>, witness: Option<W>) -> Minimum<W> {
        Minimum::Unknown {
            lower,
            upper,
            witness,
            stop: Stop::Deadline,
        }
    }

    fn split(nodes: Vec<NodeId>, groups: &Grouping) -> Split {
        Split {
            groups: groups.groups_of(&nodes),
            nodes,
            quorums: [vec![4], vec![5]],
        }
    }

    #[test]
    fn refinement_and_partitions() {
        let [nodes, orgs, across] = groupings();
        assert!(refines(&nodes, &orgs) && refines(&nodes, &across));
        assert!(!refines(&orgs, &nodes) && !refines(&orgs, &across));
        assert!(!refines(&across, &orgs));
        let renumbered = Grouping {
            names: vec!["b".into(), "a".into()],
            of_node: vec![1, 1, 1, 0, 0, 0],
        };
        assert!(same_partition(&orgs, &renumbered) && !same_partition(&orgs, &across));
    }

    #[test]
    fn a_coarse_answer_bounds_the_node_level_and_a_node_witness_the_coarse_level() {
        let [nodes, orgs, across] = groupings();
        // The organization level is exact (1, by organization 0's nodes 0 and 1); the node
        // level only knows 1..=4 (nodes 0, 1, 3, 4); the third level knows nothing.
        let mut node = unknown(1, Some(4), Some(split(vec![0, 1, 3, 4], &nodes)));
        let mut org = Minimum::Found {
            size: 1,
            witness: split(vec![0, 1], &orgs),
        };
        let mut third: Minimum<Split> = unknown(0, None, None);
        tighten_splitting(&mut [
            (&nodes, &mut node),
            (&orgs, &mut org),
            (&across, &mut third),
        ])
        .unwrap();
        // Nodes 0 and 1 are two nodes, and groups 0 and 1 across: upper bounds with witnesses
        // (across, the fewer nodes of the two witnesses touching two groups).
        assert_eq!(node, unknown(1, Some(2), Some(split(vec![0, 1], &nodes))));
        assert_eq!(third, unknown(0, Some(2), Some(split(vec![0, 1], &across))));
        // The node level refines the organizations: their exact 1 is its lower bound too, and
        // with the node witness of 1 the node level is settled.
        let mut node = unknown(0, None, Some(split(vec![2], &nodes)));
        let mut org = Minimum::Found {
            size: 1,
            witness: split(vec![0, 2], &orgs),
        };
        tighten_splitting(&mut [(&nodes, &mut node), (&orgs, &mut org)]).unwrap();
        assert_eq!(
            node,
            Minimum::Found {
                size: 1,
                witness: split(vec![2], &nodes)
            }
        );
    }

    #[test]
    fn blocking_witnesses_leave_out_the_faulty_nodes() {
        let [nodes, orgs, _] = groupings();
        let faulty = [true, false, false, false, false, false];
        // Organization 0 blocks with the faulty node 0: nodes 1 and 2 do, a set of two.
        let mut org = Minimum::Found {
            size: 1,
            witness: vec![0],
        };
        let mut node: Minimum<Vec<usize>> = unknown(1, None, None);
        tighten_blocking(&mut [(&nodes, &mut node), (&orgs, &mut org)], &faulty).unwrap();
        assert_eq!(node, unknown(1, Some(2), Some(vec![1, 2])));
    }

    #[test]
    fn contradicting_answers_are_an_internal_error() {
        let [nodes, orgs, _] = groupings();
        // A node-level minimum below the organizations' proved lower bound.
        let mut node = Minimum::Found {
            size: 1,
            witness: vec![3],
        };
        let mut org: Minimum<Vec<usize>> = unknown(2, None, None);
        let no_faulty = [false; 6];
        let levels = &mut [(&nodes, &mut node), (&orgs, &mut org)];
        assert!(matches!(
            tighten_blocking(levels, &no_faulty),
            Err(Failure::Internal(_))
        ));
    }

    #[test]
    fn regrouping_renumbers_the_witness() {
        let [_, orgs, _] = groupings();
        let renumbered = Grouping {
            names: vec!["b".into(), "a".into()],
            of_node: vec![1, 1, 1, 0, 0, 0],
        };
        let answer = unknown(1, Some(1), Some(vec![0]));
        assert_eq!(
            regroup(&answer, &orgs, &renumbered),
            unknown(1, Some(1), Some(vec![1]))
        );
    }
}
