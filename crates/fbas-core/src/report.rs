//! What one scan stores: the shapes of [`analyze`](fn@crate::analyze)'s answer, serialized with the explorer
//! backend's own field names.

use crate::budget::Stop;
use serde::Serialize;
use std::collections::BTreeMap;

/// A number that is either known exactly, or (when a budget ran out) only bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Exact(usize),
    /// The exact value lies in `lower..=upper` (`upper: None`: no upper bound known).
    Unknown {
        lower: usize,
        upper: Option<usize>,
    },
}

impl Bound {
    pub fn exact(self) -> Option<usize> {
        match self {
            Bound::Exact(v) => Some(v),
            Bound::Unknown { .. } => None,
        }
    }
}

impl Serialize for Bound {
    /// Exact values serialize as numbers, unknown ones as `null` (the JSON contract of the
    /// backend: null only where a budget ran out).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Bound::Exact(v) => s.serialize_some(v),
            Bound::Unknown { .. } => s.serialize_none(),
        }
    }
}

/// The outcome of the quorum intersection check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every two quorums intersect (and at least one quorum exists).
    Intersecting,
    /// Two disjoint quorums exist.
    Split,
    /// There is no quorum at all.
    NoQuorum,
    /// The budget ran out before the answer was known.
    Unknown,
}

/// The four values the backend stores per grouping level. `None`: not computed (skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelReport {
    pub top_tier_size: Option<Bound>,
    pub blocking_sets_min_size: Option<Bound>,
    pub blocking_sets_filtered_min_size: Option<Bound>,
    pub splitting_sets_min_size: Option<Bound>,
}

/// Example sets that prove the numbers, by name (public keys, or group names when merged).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Witnesses {
    /// Two disjoint quorums, when the network is split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disjoint_quorums: Option<[Vec<String>; 2]>,
    /// One smallest quorum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_quorum: Option<Vec<String>>,
    /// Per level (`node`, `organization`, `country`, `isp`): one smallest blocking set.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub blocking_set: BTreeMap<String, Vec<String>>,
    /// Per level: one smallest set of additional groups that blocks together with the faulty ones.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub blocking_set_filtered: BTreeMap<String, Vec<String>>,
    /// Per level: one smallest splitting set, with the two quorums it splits (by public key).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub splitting_set: BTreeMap<String, SplittingWitness>,
    /// One smallest history-critical set, with its quorum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_critical_set: Option<HistoryWitness>,
}

/// A history-critical set and the quorum it leaves without valid history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryWitness {
    /// The history-publishing members of `quorum` (public keys).
    pub set: Vec<String>,
    /// A minimal quorum (public keys) with no other member publishing history.
    pub quorum: Vec<String>,
}

/// A splitting set and two quorums that are disjoint once it is deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SplittingWitness {
    pub set: Vec<String>,
    pub quorums: [Vec<String>; 2],
}

/// The proved bounds of a value a budget left unknown: the value lies in `lower..=upper`
/// (`upper: None`: no upper bound known).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bounds {
    pub lower: usize,
    pub upper: Option<usize>,
}

/// Everything one scan stores, plus witnesses and timings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub status: Status,
    /// Every requested value is exact.
    pub complete: bool,
    /// Why some requested value is unknown (`None` when complete). When analyses stopped for
    /// different reasons, the one [`Stop::first`] picks.
    pub stopped: Option<Stop>,
    /// The legacy engine's value: `false` also when there is no quorum at all.
    pub has_quorum_intersection: Option<bool>,
    pub has_symmetric_top_tier: Option<bool>,
    pub min_quorum_size: Option<Bound>,
    /// The fewest history-publishing validators whose failure leaves some quorum without valid
    /// history (python-fbas' `history-loss`, see `analyses::history`); `None` when not computed
    /// (not requested, or no node of the input carries `historyArchiveHasError`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_critical_set_size: Option<Bound>,
    pub node: LevelReport,
    pub organization: LevelReport,
    pub country: LevelReport,
    pub isp: LevelReport,
    /// Per unknown value (`null` above), its proved bounds, keyed by the value's path
    /// (`minQuorumSize`, `node.splittingSetsMinSize`, …); empty when complete.
    pub bounds: BTreeMap<String, Bounds>,
    pub witnesses: Witnesses,
    /// Wall time per analysis, in milliseconds.
    pub timings_ms: BTreeMap<String, f64>,
}

impl Report {
    /// The bounds of every unknown value, keyed by its path in the report.
    pub fn unknown_values(&self) -> BTreeMap<String, Bounds> {
        let mut values: Vec<(String, Option<Bound>)> = vec![
            ("minQuorumSize".into(), self.min_quorum_size),
            (
                "historyCriticalSetSize".into(),
                self.history_critical_set_size,
            ),
        ];
        for (name, level) in [
            ("node", &self.node),
            ("organization", &self.organization),
            ("country", &self.country),
            ("isp", &self.isp),
        ] {
            for (field, value) in [
                ("topTierSize", level.top_tier_size),
                ("blockingSetsMinSize", level.blocking_sets_min_size),
                (
                    "blockingSetsFilteredMinSize",
                    level.blocking_sets_filtered_min_size,
                ),
                ("splittingSetsMinSize", level.splitting_sets_min_size),
            ] {
                values.push((format!("{name}.{field}"), value));
            }
        }
        values
            .into_iter()
            .filter_map(|(path, value)| match value? {
                Bound::Unknown { lower, upper } => Some((path, Bounds { lower, upper })),
                Bound::Exact(_) => None,
            })
            .collect()
    }
}
