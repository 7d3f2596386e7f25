//! Merging by organization, country or ISP, with the legacy engine's names and clean-up.
//!
//! A merged minimum is the fewest groups whose nodes together contain a minimal node set: the
//! analyses select groups instead of nodes. A node in no group is a group of its own, named by
//! its public key.

use crate::analyze::Level;
use crate::input::Input;
use crate::quorum_set::NodeId;
use std::collections::HashMap;

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

    /// The grouping of `level` for the analysed nodes `input_index` (indices into `input.nodes`).
    pub fn of_level(level: Level, input: &Input, input_index: &[NodeId]) -> Grouping {
        let label_of = |i: NodeId| -> Option<String> {
            let node = &input.nodes[i];
            match level {
                Level::Node => None,
                Level::Organization => None,
                Level::Country => node
                    .country
                    .as_deref()
                    .map(clean_name)
                    .filter(|c| !c.is_empty()),
                Level::Isp => node.isp.as_deref().map(clean_name),
            }
        };
        let org_of: HashMap<&str, String> = if level == Level::Organization {
            let mut map = HashMap::new();
            for org in &input.organizations {
                let label = org.name.clone().unwrap_or_else(|| org.id.clone());
                for v in &org.validators {
                    map.entry(v.as_str()).or_insert_with(|| label.clone());
                }
            }
            map
        } else {
            HashMap::new()
        };
        let mut names: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut of_node = Vec::with_capacity(input_index.len());
        for &i in input_index {
            let key = &input.nodes[i].public_key;
            let label = match level {
                Level::Organization => org_of.get(key.as_str()).cloned(),
                _ => label_of(i),
            };
            let name = label.unwrap_or_else(|| key.clone());
            let g = *index.entry(name.clone()).or_insert_with(|| {
                names.push(name);
                names.len() - 1
            });
            of_node.push(g);
        }
        Grouping { names, of_node }
    }

    /// What two nodes must share for swapping them to preserve every group count: their group,
    /// unless each is alone in its group (`None`).
    pub fn swap_label(&self) -> impl Fn(NodeId) -> Option<usize> + '_ {
        let mut sizes = vec![0usize; self.names.len()];
        for &g in &self.of_node {
            sizes[g] += 1;
        }
        move |v| {
            let g = self.of_node[v];
            (sizes[g] > 1).then_some(g)
        }
    }

    /// The legacy merge of a list of minimal node sets: each mapped to the (sorted) set of groups
    /// it touches, duplicates and sets with a proper subset in the list dropped, sorted.
    pub fn merge_minimal(&self, sets: &[Vec<NodeId>]) -> Vec<Vec<usize>> {
        let mut merged: Vec<Vec<usize>> = sets.iter().map(|s| self.groups_of(s)).collect();
        merged.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        merged.dedup();
        let mut minimal: Vec<Vec<usize>> = Vec::new();
        for set in merged {
            let has_subset = minimal
                .iter()
                .any(|m| m.iter().all(|g| set.binary_search(g).is_ok()));
            if !has_subset {
                minimal.push(set);
            }
        }
        minimal.sort();
        minimal
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
