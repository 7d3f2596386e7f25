//! The legacy engine's preprocessing (stellar_analysis_nodejs 0.6.2 over fbas_analyzer 0.7.3),
//! so that every answer is computed on the same network it analyses:
//!
//! 1. nodes whose own quorum set is satisfied by themselves alone (one-node quorums, including
//!    threshold 0) are removed, from the network and from every quorum set, thresholds unchanged;
//! 2. the network is reduced to its *core*: the union of the strongly connected components of
//!    the trust graph over satisfiable nodes that contain a quorum (removed nodes leave every
//!    quorum set, thresholds unchanged);
//! 3. unsatisfiable nodes (in no quorum) are removed the same way, and nodes are sorted by
//!    public key.
//!
//! Minimal quorums (and so top tier, blocking sets and intersection) are the same before and
//! after step 2, since every minimal quorum lies inside one strongly connected component; the
//! reduction matters for splitting sets, which the legacy engine computes on the core only.

use crate::network::fbas::Fbas;
use crate::network::quorum_set::NodeId;

/// The network the analyses run on, and where its nodes came from.
#[derive(Debug, Clone)]
pub struct Analysed {
    pub fbas: Fbas,
    /// Per analysed node, its index in the input network.
    pub input_index: Vec<NodeId>,
    /// Per input node: whether it is satisfiable once one-node quorums are removed (the legacy
    /// "standard form", which the organization grouping is built from).
    pub standard: Vec<bool>,
}

/// Apply the legacy preprocessing to the resolved input network.
pub fn legacy_core(input: &Fbas) -> Analysed {
    // 1. One-node quorums.
    let mut alone = vec![false; input.len()];
    let index1: Vec<NodeId> = (0..input.len())
        .filter(|&v| {
            alone[v] = true;
            let one_node_quorum = input.arena.satisfied(input.qsets[v], &alone);
            alone[v] = false;
            !one_node_quorum
        })
        .collect();
    let fbas = input.select(&index1);

    // 2. The core: components of the trust graph (paths may run through unsatisfiable nodes),
    //    restricted to the satisfiable nodes, that contain a quorum.
    let satisfiable = fbas.greatest_quorum_in(&vec![true; fbas.len()]);
    let mut core = vec![false; fbas.len()];
    for component in fbas.strongly_connected_components(&vec![true; fbas.len()]) {
        let component: Vec<NodeId> = component.into_iter().filter(|&v| satisfiable[v]).collect();
        // One node contains a quorum only if it is a one-node quorum, and step 1 removed those:
        // skipping single nodes (every watcher) keeps this loop linear on large networks.
        if component.len() > 1 && fbas.contains_quorum(&fbas.set_of(&component)) {
            for v in component {
                core[v] = true;
            }
        }
    }
    let index2 = Fbas::members(&core);
    let fbas_core = fbas.select(&index2);

    // 3. Unsatisfiable nodes, then order by public key.
    let satisfiable_in_core = fbas_core.greatest_quorum_in(&vec![true; fbas_core.len()]);
    let mut order: Vec<NodeId> = (0..fbas_core.len())
        .filter(|&v| satisfiable_in_core[v])
        .collect();
    order.sort_by(|&a, &b| fbas_core.keys[a].cmp(&fbas_core.keys[b]));
    let mut standard = vec![false; input.len()];
    for (v, &sat) in satisfiable.iter().enumerate() {
        standard[index1[v]] = sat;
    }
    Analysed {
        input_index: order.iter().map(|&v| index1[index2[v]]).collect(),
        fbas: fbas_core.select(&order),
        standard,
    }
}
