//! Lists of minimal sets as the explorer shows them (and the legacy engine answers them): kept
//! at node level, merged to a grouping level the legacy way, in the legacy order (groups by their
//! first node in public-key order, each set's members in that order, sets by size and then
//! lexicographically), named only when shown.

use crate::budget::Stop;
use crate::network::grouping::Grouping;
use crate::network::quorum_set::NodeId;
use crate::outcome::Failure;
use crate::report::Bound;

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum List {
    Quorums,
    BlockingSets,
    SplittingSets,
}

/// A node-level list of sets none of which contains another (each sorted, the list sorted), as
/// enumerated up to `limit` sets.
#[derive(Debug, Clone)]
pub(crate) struct SetList {
    pub sets: Vec<Vec<NodeId>>,
    /// Every set of the kind is listed.
    pub complete: bool,
    /// The limit the list was enumerated under.
    limit: usize,
}

impl SetList {
    /// A list of minimal sets as an enumeration (or a derivation keeping the minimal sets)
    /// returned it.
    pub fn new((sets, complete): (Vec<Vec<NodeId>>, bool), limit: usize) -> SetList {
        SetList {
            sets,
            complete,
            limit,
        }
    }

    /// Whether this list answers a request for up to `limit` sets as well as a new
    /// enumeration would: it is complete, or it was cut at a limit at least as large.
    pub fn serves(&self, limit: usize) -> bool {
        self.complete || self.limit >= limit
    }

    /// The first `limit` sets (cut: no longer complete).
    pub fn cut(mut self, limit: usize) -> SetList {
        if self.sets.len() > limit {
            self.sets.truncate(limit);
            self.complete = false;
        }
        self.limit = self.limit.min(limit);
        self
    }

    /// An estimate of the memory the list takes.
    pub fn bytes(&self) -> usize {
        sets_bytes(&self.sets)
    }
}

fn sets_bytes(sets: &[Vec<usize>]) -> usize {
    sets.iter()
        .map(|s| s.len() * std::mem::size_of::<usize>() + 24)
        .sum::<usize>()
        + 64
}

/// A list of minimal sets of groups of one level (group indices; each set sorted, the list in
/// the legacy order), the smallest size, and whether the list is complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSets {
    pub sets: Vec<Vec<usize>>,
    /// The smallest size (0 when there is no set); exact even when the list was cut, unknown
    /// only when a budget stopped the search for it.
    pub min: Bound,
    /// False when the list was cut at the caller's limit.
    pub complete: bool,
    /// Why `min` is unknown, when it is.
    pub stopped: Option<Stop>,
}

impl GroupSets {
    /// No set at all.
    pub fn empty() -> GroupSets {
        GroupSets {
            sets: vec![],
            min: Bound::Exact(0),
            complete: true,
            stopped: None,
        }
    }

    /// The sets with their groups by name.
    pub fn named(&self, grouping: &Grouping) -> Vec<Vec<String>> {
        self.sets
            .iter()
            .map(|s| s.iter().map(|&g| grouping.names[g].clone()).collect())
            .collect()
    }

    /// An estimate of the memory the list takes.
    pub fn bytes(&self) -> usize {
        sets_bytes(&self.sets)
    }
}

/// The smallest size of some kind of set, as a search for it answered: the bound, and why it is
/// unknown when it is.
pub(crate) type MinSize = (Bound, Option<Stop>);

/// The node-level `list` merged to `grouping` the legacy way (each set mapped to the groups it
/// touches, only the minimal ones kept), up to `limit` sets. `min` searches the smallest size
/// when the node-level list was cut (a cut list's merge may miss the smallest set).
pub(crate) fn merged(
    grouping: &Grouping,
    list: &SetList,
    limit: usize,
    min: impl FnOnce() -> Result<MinSize, Failure>,
) -> Result<GroupSets, Failure> {
    let identity = grouping.is_nodes();
    let mut sets: Vec<Vec<usize>> = match identity {
        true => list.sets.clone(),
        false => list.sets.iter().map(|s| grouping.groups_of(s)).collect(),
    };
    sort(&mut sets);
    sets.dedup();
    if !identity {
        sets = minimal_only(sets, grouping.names.len());
    }
    if !list.complete {
        return ordered(sets, false, min);
    }
    let smallest = smallest(&sets);
    let complete = sets.len() <= limit;
    sets.truncate(limit);
    Ok(GroupSets {
        sets,
        min: smallest,
        complete,
        stopped: None,
    })
}

/// Sets of group indices (each sorted) in the legacy order; `min` searches the smallest size
/// when the list is not complete.
pub(crate) fn ordered(
    mut sets: Vec<Vec<usize>>,
    complete: bool,
    min: impl FnOnce() -> Result<MinSize, Failure>,
) -> Result<GroupSets, Failure> {
    let (min, stopped) = if complete {
        (smallest(&sets), None)
    } else {
        min()?
    };
    sort(&mut sets);
    Ok(GroupSets {
        sets,
        min,
        complete,
        stopped,
    })
}

/// The sets of `sorted` (in the legacy order, no duplicates) that contain no other, in that
/// order. A set can only contain sets listed before it (they are no larger), so each is tested
/// against the minimal ones kept so far, as bit sets over the `groups`.
fn minimal_only(sorted: Vec<Vec<usize>>, groups: usize) -> Vec<Vec<usize>> {
    let words = groups.div_ceil(64);
    let bits = |set: &[usize]| {
        let mut b = vec![0u64; words];
        for &g in set {
            b[g / 64] |= 1 << (g % 64);
        }
        b
    };
    let mut kept: Vec<Vec<u64>> = Vec::new();
    let mut minimal = Vec::new();
    for set in sorted {
        let b = bits(&set);
        let contains_one = kept
            .iter()
            .any(|k| k.iter().zip(&b).all(|(k, b)| k & !b == 0));
        if !contains_one {
            kept.push(b);
            minimal.push(set);
        }
    }
    minimal
}

/// The smallest size in a complete list, 0 for an empty one.
fn smallest(sets: &[Vec<usize>]) -> Bound {
    Bound::Exact(sets.iter().map(Vec::len).min().unwrap_or(0))
}

/// The legacy order: by size, then lexicographically by group index.
fn sort(sets: &mut [Vec<usize>]) {
    sets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_minimal_sets_are_kept_in_order() {
        let sets = vec![vec![1], vec![0, 2], vec![1, 2], vec![0, 2, 3], vec![0, 3]];
        let mut sorted = sets.clone();
        sort(&mut sorted);
        assert_eq!(
            minimal_only(sorted, 70),
            vec![vec![1], vec![0, 2], vec![0, 3]]
        );
        // Bit sets of more than one word.
        let wide = vec![vec![65], vec![3, 65], vec![3, 66]];
        assert_eq!(minimal_only(wide, 70), vec![vec![65], vec![3, 66]]);
    }
}
