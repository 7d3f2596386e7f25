//! Merging by organization, country or ISP, with the legacy engine's names and clean-up.
//!
//! A merged minimum is the fewest groups whose nodes together contain a minimal node set: the
//! analyses select groups instead of nodes. A node in no group is a group of its own, named by
//! its public key.

use crate::network::input::Input;
use crate::network::preprocess::Analysed;
use crate::network::quorum_set::NodeId;
use std::collections::HashMap;

/// A grouping level: nodes as they are, or merged by organization, country or ISP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Node,
    Organization,
    Country,
    Isp,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Node, Level::Organization, Level::Country, Level::Isp];

    /// The level's key in the report (`node`, `organization`, `country`, `isp`).
    pub fn name(self) -> &'static str {
        match self {
            Level::Node => "node",
            Level::Organization => "organization",
            Level::Country => "country",
            Level::Isp => "isp",
        }
    }
}

/// A partition of the analysed nodes into named groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    /// Group name per group index.
    pub names: Vec<String>,
    /// Group index per analysed node.
    pub of_node: Vec<usize>,
}

impl Grouping {
    /// Every node its own group, named by its public key.
    pub fn nodes(keys: &[String]) -> Grouping {
        Grouping {
            names: keys.to_vec(),
            of_node: (0..keys.len()).collect(),
        }
    }

    /// The grouping of `level` for the analysed nodes, the legacy engine's way:
    /// - country: `geoData.countryName` cleaned up ([`clean_name`]); a missing or empty name
    ///   (before the clean-up) is no group;
    /// - ISP: `isp` cleaned up; a missing ISP is no group, an empty one is a group;
    /// - organization: each organization *entry* (two with one name stay two groups), as the
    ///   legacy engine builds it: in input order, an organization's first validator among the
    ///   standard-form nodes represents it and every later one joins that representative's group,
    ///   which is named after the organization that last claimed the representative (so a node
    ///   in two organizations chains them rather than merging them).
    ///
    /// Groups are numbered in the order of their first (representative) node by public key.
    pub fn of_level(level: Level, input: &Input, analysed: &Analysed) -> Grouping {
        let n = input.nodes.len();
        let key = |i: NodeId| input.nodes[i].public_key.as_str();
        // Group key per input node: (representative input node, name).
        let mut representative: Vec<NodeId> = (0..n).collect();
        let mut name: Vec<String> = (0..n).map(|i| key(i).to_string()).collect();
        match level {
            Level::Node => {}
            Level::Organization => {
                let index: HashMap<&str, NodeId> = (0..n).map(|i| (key(i), i)).collect();
                let mut claimed_by: Vec<Option<String>> = vec![None; n];
                for org in &input.organizations {
                    let label = org.name.clone().unwrap_or_else(|| org.id.clone());
                    let members: Vec<NodeId> = org
                        .validators
                        .iter()
                        .filter_map(|k| index.get(k.as_str()).copied())
                        .filter(|&i| analysed.standard[i])
                        .collect();
                    if let Some((&first, rest)) = members.split_first() {
                        claimed_by[first] = Some(label.clone());
                        for &v in rest {
                            representative[v] = first;
                            claimed_by[v] = Some(label.clone());
                        }
                    }
                }
                for i in 0..n {
                    if let Some(label) = &claimed_by[representative[i]] {
                        name[i] = label.clone();
                    }
                }
            }
            Level::Country | Level::Isp => {
                let mut first_with: HashMap<String, NodeId> = HashMap::new();
                let mut by_key: Vec<NodeId> = (0..n).collect();
                by_key.sort_by_key(|&i| key(i));
                for i in by_key {
                    let node = &input.nodes[i];
                    let label = match level {
                        Level::Country => node.country.as_deref().filter(|c| !c.is_empty()),
                        _ => node.isp.as_deref(),
                    };
                    if let Some(label) = label.map(clean_name) {
                        representative[i] = *first_with.entry(label.clone()).or_insert(i);
                        name[i] = label;
                    }
                }
            }
        }
        let mut groups: Vec<NodeId> = analysed
            .input_index
            .iter()
            .map(|&i| representative[i])
            .collect();
        groups.sort_by_key(|&r| key(r));
        groups.dedup();
        let number: HashMap<NodeId, usize> =
            groups.iter().enumerate().map(|(g, &r)| (r, g)).collect();
        Grouping {
            of_node: analysed
                .input_index
                .iter()
                .map(|&i| number[&representative[i]])
                .collect(),
            names: groups
                .iter()
                .map(|&r| {
                    let i = analysed
                        .input_index
                        .iter()
                        .copied()
                        .find(|&i| representative[i] == r)
                        .expect("every group has an analysed node");
                    name[i].clone()
                })
                .collect(),
        }
    }

    /// Whether every node is its own group, numbered as the node (the node level).
    pub fn is_nodes(&self) -> bool {
        self.of_node.iter().copied().eq(0..self.of_node.len())
    }

    /// The sorted groups touched by `nodes`.
    pub fn groups_of(&self, nodes: &[NodeId]) -> Vec<usize> {
        let mut gs: Vec<usize> = nodes.iter().map(|&v| self.of_node[v]).collect();
        gs.sort_unstable();
        gs.dedup();
        gs
    }

    /// Number of distinct groups among `nodes`.
    pub fn count(&self, nodes: &[NodeId]) -> usize {
        self.groups_of(nodes).len()
    }
}

/// The legacy clean-up of country and ISP names: every ',' removed, then one trailing '.'.
pub fn clean_name(name: &str) -> String {
    let mut s: String = name.chars().filter(|&c| c != ',').collect();
    if s.ends_with('.') {
        s.pop();
    }
    s
}
