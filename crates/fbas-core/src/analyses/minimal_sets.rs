//! The lists the explorer shows (and the legacy engine's per-call answers): minimal quorums,
//! top tier, minimal blocking and splitting sets, per grouping level, by name and in the legacy
//! order: groups ordered by their first node in public-key order, each set's members in that
//! order, sets by size and then lexicographically.

use crate::analyses::blocking::{min_blocking, minimal_blocking_sets};
use crate::analyses::quorums::{min_quorum, minimal_quorums};
use crate::analyses::splitting::{min_splitting, minimal_splitting_sets};
use crate::analyses::symmetric_top_tier::{symmetric_top_tier, QsetTree};
use crate::analyses::top_tier::top_tier;
use crate::budget::Budget;
use crate::network::fbas::Fbas;
use crate::network::grouping::Grouping;
use crate::network::grouping::Level;
use crate::network::input::{Input, InputError};
use crate::network::preprocess::{legacy_core, Analysed};
use crate::outcome::Failure;
use crate::report::Bound;
use std::collections::HashSet;

/// A list of minimal sets by name, the smallest size, and whether the list is complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedSets {
    pub sets: Vec<Vec<String>>,
    /// The smallest size (0 when there is no set); exact even when the list was cut.
    pub min: Bound,
    /// False when the list was cut at the caller's limit.
    pub complete: bool,
}

/// An input resolved and preprocessed once, for several list queries.
pub struct Prepared<'a> {
    input: &'a Input,
    analysed: Analysed,
}

impl<'a> Prepared<'a> {
    pub fn new(input: &'a Input) -> Result<Prepared<'a>, InputError> {
        let analysed = legacy_core(&Fbas::from_input(input)?);
        Ok(Prepared { input, analysed })
    }

    pub fn fbas(&self) -> &Fbas {
        &self.analysed.fbas
    }

    pub fn grouping(&self, level: Level) -> Grouping {
        Grouping::of_level(level, self.input, &self.analysed)
    }

    /// Minimal quorums, merged to `level`.
    pub fn minimal_quorums(
        &self,
        level: Level,
        limit: usize,
        budget: &Budget,
    ) -> Result<NamedSets, Failure> {
        let (sets, complete) = minimal_quorums(self.fbas(), limit, budget)?;
        let min = match complete {
            true => None,
            false => Some(min_quorum(self.fbas(), &self.grouping(level), budget)?.bound()),
        };
        Ok(self.named(level, &sets, min))
    }

    /// The top tier merged to `level`: the groups of its nodes.
    pub fn top_tier(&self, level: Level, budget: &Budget) -> Result<Vec<String>, Failure> {
        let tt = top_tier(self.fbas(), budget)?;
        if !tt.is_complete() {
            return Err(Failure::Stopped(
                budget.check().unwrap_or(crate::budget::Stop::Deadline),
            ));
        }
        let grouping = self.grouping(level);
        Ok(names(&grouping, &grouping.groups_of(&tt.members)))
    }

    /// The symmetric top tier, its validators by public key.
    pub fn symmetric_top_tier(&self) -> Option<QsetTree> {
        symmetric_top_tier(self.fbas())
    }

    /// Minimal blocking sets merged to `level`; with `faulty` (public keys), the legacy filtered
    /// sets: faulty nodes removed from each set before merging.
    pub fn blocking_sets(
        &self,
        level: Level,
        faulty: &[String],
        limit: usize,
        budget: &Budget,
    ) -> Result<NamedSets, Failure> {
        let fbas = self.fbas();
        if fbas.is_empty() {
            return Ok(empty());
        }
        let keys: HashSet<&str> = faulty.iter().map(String::as_str).collect();
        let faulty: Vec<bool> = fbas
            .keys
            .iter()
            .map(|k| keys.contains(k.as_str()))
            .collect();
        let tt = top_tier(fbas, budget)?;
        let tt_nodes: Vec<usize> = if tt.is_complete() {
            tt.members
        } else {
            (0..fbas.len()).collect()
        };
        let grouping = self.grouping(level);
        let (sets, complete) =
            minimal_blocking_sets(fbas, &tt_nodes, &grouping, &faulty, limit, budget)?;
        let min = if complete {
            smallest(&sets)
        } else {
            min_blocking(fbas, &tt_nodes, &grouping, &faulty, budget)?.bound()
        };
        Ok(NamedSets {
            sets: ordered(&grouping, sets),
            min,
            complete,
        })
    }

    /// Minimal splitting sets (of nodes) merged to `level`.
    pub fn splitting_sets(
        &self,
        level: Level,
        limit: usize,
        budget: &Budget,
    ) -> Result<NamedSets, Failure> {
        let (sets, complete) = minimal_splitting_sets(self.fbas(), limit, budget)?;
        let min = match complete {
            true => None,
            false => Some(min_splitting(self.fbas(), &self.grouping(level), budget)?.bound()),
        };
        Ok(self.named(level, &sets, min))
    }

    /// Node sets merged to `level` the legacy way, named and ordered. `min`: the exact minimum
    /// when the list was cut (`None`: complete, the minimum is the merged list's).
    fn named(&self, level: Level, sets: &[Vec<usize>], min: Option<Bound>) -> NamedSets {
        let grouping = self.grouping(level);
        let merged = grouping.merge_minimal(sets);
        NamedSets {
            min: min.unwrap_or_else(|| smallest(&merged)),
            complete: min.is_none(),
            sets: ordered(&grouping, merged),
        }
    }
}

fn empty() -> NamedSets {
    NamedSets {
        sets: vec![],
        min: Bound::Exact(0),
        complete: true,
    }
}

/// The smallest size in a complete list, 0 for an empty one.
fn smallest(sets: &[Vec<usize>]) -> Bound {
    Bound::Exact(sets.iter().map(Vec::len).min().unwrap_or(0))
}

/// Sets of group indices (each sorted) in the legacy order, by name.
fn ordered(grouping: &Grouping, mut sets: Vec<Vec<usize>>) -> Vec<Vec<String>> {
    sets.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    sets.iter().map(|s| names(grouping, s)).collect()
}

fn names(grouping: &Grouping, groups: &[usize]) -> Vec<String> {
    groups.iter().map(|&g| grouping.names[g].clone()).collect()
}
