//! The results file (`bench/results.jsonl`), typed: one JSON object per line, either a suite
//! run's [`Meta`] (as `{"meta": …}`) or a measured [`Row`]. `fbas-bench row` writes a row's
//! [`Measurement`], the suite adds the legacy engine's [`LegacyRun`] and appends the row, the
//! report and the plot read them back.

use fbas_core::Level;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A part that ran to its end, or why it did not (`{"error": …}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Outcome<T> {
    Done(T),
    Failed { error: String },
}

impl<T> Outcome<T> {
    pub fn done(&self) -> Option<&T> {
        match self {
            Outcome::Done(t) => Some(t),
            Outcome::Failed { .. } => None,
        }
    }
}

/// The machine and the settings of one suite run: the first line it appends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// When the run started, in UTC.
    pub date: Option<String>,
    /// The commit measured (with `+ working tree` when that was measured instead).
    pub commit: Option<String>,
    /// The command line that started the run.
    pub command: String,
    /// The cores available to the run.
    pub nproc: usize,
    /// The CPU's model name.
    pub cpu: Option<String>,
    /// The machine's RAM, in GB.
    pub mem_gb: Option<f64>,
    /// The operating system and its version.
    pub kernel: Option<String>,
    /// `node --version`.
    pub node: Option<String>,
    /// fbas-sat's budget per analysis, in seconds.
    pub budget_s: f64,
    /// The legacy engine's budget for its 18 calls, in seconds.
    pub legacy_budget_s: f64,
    /// The most repetitions of a measurement.
    pub reps: usize,
}

/// One measured network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// `real`, `python-fbas`, or the generated family's name.
    pub group: String,
    /// The network's name in the tables (path under tests/data, or `family N`).
    pub name: String,
    /// Number of organizations, for generated rows.
    pub size: Option<usize>,
    pub nodes_file: String,
    pub orgs_file: Option<String>,
    pub budget_s: f64,
    pub legacy_budget_s: f64,
    pub fbas: Outcome<Measurement>,
    /// `None`: the legacy engine was not run.
    pub legacy: Option<Outcome<LegacyRun>>,
    /// Other tools run on the same network (`fbas-bench suite --external NAME=CMD`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external: Vec<ExternalRun>,
    /// Which run of the file measured the row (the index of its [`Meta`] line); not stored,
    /// [`Results::parse`] sets it.
    #[serde(skip)]
    pub run: usize,
}

impl Row {
    /// The legacy engine's run, when it ran to its end (possibly out of time).
    pub fn legacy(&self) -> Option<&LegacyRun> {
        self.legacy.as_ref().and_then(Outcome::done)
    }

    /// The run of the external tool `tool`, when it was run.
    pub fn external(&self, tool: &str) -> Option<&ExternalRun> {
        self.external.iter().find(|e| e.tool == tool)
    }

    /// The timing of `analysis`, when fbas-sat's measurement ran.
    pub fn timing(&self, analysis: Analysis) -> Option<&Timing> {
        self.fbas.done()?.analyses.get(&analysis)
    }
}

/// fbas-sat on one network (`fbas-bench row`), in one process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Measurement {
    /// Nodes in the file, organizations with validators, faulty nodes (`isValidating: false`).
    pub nodes: usize,
    pub organizations: usize,
    pub faulty: usize,
    /// Nodes left by the legacy preprocessing.
    pub analysed_nodes: usize,
    pub parse_ms: f64,
    /// The preprocessing and the groupings, done once, untimed in the analyses.
    pub prep_ms: f64,
    pub analyses: BTreeMap<Analysis, Timing>,
    /// The full analysis's 18 values; `None` when it did not return.
    pub values: Option<Outcome<Values>>,
    /// The full analysis's own timings of its parts (`Report::timings_ms`).
    pub analyze_timings_ms: Option<BTreeMap<String, f64>>,
    /// The process's peak resident set size (VmHWM).
    pub peak_kb: Option<u64>,
}

/// An analysis timed on its own, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Analysis {
    Intersection,
    MinQuorum,
    /// The top tier and the symmetric top tier.
    TopTier,
    BlockingNode,
    BlockingOrg,
    /// Node-level blocking sets filtered by the faulty nodes.
    BlockingFiltered,
    SplittingNode,
    SplittingOrg,
    /// The smallest history-critical set (not one of the 18 backend values).
    History,
    /// `fbas_core::analyze` with the 18 backend values.
    Full,
}

impl Analysis {
    pub const ALL: [Analysis; 10] = [
        Analysis::Intersection,
        Analysis::MinQuorum,
        Analysis::TopTier,
        Analysis::BlockingNode,
        Analysis::BlockingOrg,
        Analysis::BlockingFiltered,
        Analysis::SplittingNode,
        Analysis::SplittingOrg,
        Analysis::History,
        Analysis::Full,
    ];

    /// The column title.
    pub fn title(self) -> &'static str {
        match self {
            Analysis::Intersection => "intersection",
            Analysis::MinQuorum => "min quorum",
            Analysis::TopTier => "top tier",
            Analysis::BlockingNode => "blocking node",
            Analysis::BlockingOrg => "blocking org",
            Analysis::BlockingFiltered => "filtered blocking node",
            Analysis::SplittingNode => "splitting node",
            Analysis::SplittingOrg => "splitting org",
            Analysis::History => "history-critical",
            Analysis::Full => "full analyze (18 values)",
        }
    }
}

/// One timed analysis: the median time of `reps` runs, and the first run's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// `None`: skipped (`reps` 0), the answer being known without a search.
    pub ms: Option<f64>,
    pub reps: usize,
    /// As shown: a size, `yes`, `no (split)`, `?[lo..hi]` when unknown, `ERROR …`.
    pub answer: String,
    /// The budget ran out: the answer is bounds (and the time is the budget's).
    pub unknown: bool,
    /// The analysis failed (an internal error, never an answer).
    pub error: bool,
}

impl Timing {
    /// An analysis not run because its answer is known without it.
    pub fn skipped(answer: &str) -> Timing {
        Timing {
            ms: None,
            reps: 0,
            answer: answer.into(),
            unknown: false,
            error: false,
        }
    }
}

/// An external tool on one network: its time for each analysis it was asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalRun {
    /// The name the suite was given for it.
    pub tool: String,
    /// The date and commit of the run that measured it, when a later run measured fbas-sat on
    /// the row again without this tool and kept its times (they do not depend on fbas-sat).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<String>,
    /// Why it did not run (the network could not be written for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub analyses: BTreeMap<Analysis, ExternalTiming>,
}

/// One analysis by an external tool: its command's wall-clock time, start-up included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalTiming {
    pub ms: Option<f64>,
    /// Killed at the budget.
    pub timeout: bool,
    /// What it printed last on stdout (its answer), or why it failed.
    pub answer: String,
    pub error: bool,
}

/// The legacy engine on one network: `tools/legacy/analyze.js --file` with its budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyRun {
    /// The budget ran out before the 18th call.
    pub timeout: bool,
    pub calls_done: usize,
    /// The 18 calls' time (the median over the runs); `None` on timeout.
    pub total_ms: Option<f64>,
    /// The first run's time per call, by the harness's call name.
    pub calls_ms: BTreeMap<String, f64>,
    /// The first run's wall-clock time, `node`'s start-up included.
    pub wall_ms: f64,
    pub peak_kb: u64,
    /// The first run's values.
    pub values: Values,
    /// `value: error` for each call that failed.
    pub errors: Vec<String>,
    /// Nodes with `quorumSet: null` the harness left out (0.6.2 aborts on them).
    pub dropped_null_quorum_set_nodes: Option<u64>,
    /// With repetitions: the first run's total and the number of runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_total_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reps: Option<usize>,
}

/// Which of a level's four values, each a size: of the top tier, of the smallest blocking set
/// (unfiltered or filtered by the faulty nodes), of the smallest splitting set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    TopTier,
    MinBlockingSet,
    MinBlockingSetFiltered,
    MinSplittingSet,
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::TopTier,
        Measure::MinBlockingSet,
        Measure::MinBlockingSetFiltered,
        Measure::MinSplittingSet,
    ];

    /// The backend's name.
    pub fn name(self) -> &'static str {
        match self {
            Measure::TopTier => "topTierSize",
            Measure::MinBlockingSet => "minBlockingSetSize",
            Measure::MinBlockingSetFiltered => "minBlockingSetFilteredSize",
            Measure::MinSplittingSet => "minSplittingSetSize",
        }
    }
}

/// One of the 18 values the backend stores per scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    HasSymmetricTopTier,
    HasQuorumIntersection,
    At(Level, Measure),
}

impl Key {
    /// The 18 values, in the legacy harness's call order: the two flags, then each measure at
    /// the four levels.
    pub fn all() -> impl Iterator<Item = Key> {
        [Key::HasSymmetricTopTier, Key::HasQuorumIntersection]
            .into_iter()
            .chain(
                Measure::ALL
                    .into_iter()
                    .flat_map(|m| Level::ALL.into_iter().map(move |l| Key::At(l, m))),
            )
    }
}

impl fmt::Display for Key {
    /// The backend's name: `hasQuorumIntersection`, `organization.minBlockingSetSize`, ….
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::HasSymmetricTopTier => f.write_str("hasSymmetricTopTier"),
            Key::HasQuorumIntersection => f.write_str("hasQuorumIntersection"),
            Key::At(level, measure) => write!(f, "{}.{}", level.name(), measure.name()),
        }
    }
}

/// One value as a run recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Recorded {
    Bool(bool),
    Size(u64),
    /// No answer, and why: fbas-sat's unknown (`?`, or `?[lo..hi]` with its bounds) or the
    /// legacy engine's `timeout`.
    Missing(String),
    /// The legacy engine's call failed.
    Failed {
        error: String,
    },
}

impl Recorded {
    /// An answer (a flag or a size), not a reason for having none.
    pub fn is_known(&self) -> bool {
        matches!(self, Recorded::Bool(_) | Recorded::Size(_))
    }

    /// fbas-sat's unknown.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Recorded::Missing(s) if s.starts_with('?'))
    }
}

impl fmt::Display for Recorded {
    /// As in the results file: `true`, `12`, `?[3..5]`, `timeout`, `error: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recorded::Bool(b) => write!(f, "{b}"),
            Recorded::Size(n) => write!(f, "{n}"),
            Recorded::Missing(why) => f.write_str(why),
            Recorded::Failed { error } => write!(f, "error: {error}"),
        }
    }
}

/// The 18 values of one run, by [`Key`]; a value the run did not record is absent or `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Values(BTreeMap<String, Option<Recorded>>);

impl Values {
    pub fn get(&self, key: Key) -> Option<&Recorded> {
        self.0.get(&key.to_string()).and_then(Option::as_ref)
    }

    pub fn insert(&mut self, key: Key, value: Option<Recorded>) {
        self.0.insert(key.to_string(), value);
    }

    /// Every value recorded is an answer: none is `null` or unknown.
    pub fn is_complete(&self) -> bool {
        self.0
            .values()
            .all(|v| v.as_ref().is_some_and(|r| !r.is_unknown()))
    }
}

/// A results file: its runs' [`Meta`] lines and its rows, each row tagged with its run.
pub struct Results {
    /// The last run's settings.
    pub meta: Meta,
    pub runs: Vec<Meta>,
    pub rows: Vec<Row>,
}

impl Results {
    /// Reads a results file. A line that is not JSON (an interrupted write) is passed over; a
    /// JSON line that is neither a meta line nor a row is an error.
    pub fn parse(text: &str) -> Result<Results, String> {
        let mut runs: Vec<Meta> = vec![];
        let mut rows = vec![];
        for (i, line) in text.lines().enumerate() {
            let Ok(mut value) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let at = |e: serde_json::Error| format!("line {}: {e}", i + 1);
            if let Some(meta) = value.get_mut("meta") {
                runs.push(serde_json::from_value(meta.take()).map_err(at)?);
            } else {
                let mut row: Row = serde_json::from_value(value).map_err(at)?;
                row.run = runs.len().saturating_sub(1);
                rows.push(row);
            }
        }
        Ok(Results {
            meta: runs.last().cloned().unwrap_or_default(),
            runs,
            rows,
        })
    }
}

/// Synthetic rows for the report's and the plot's tests.
#[cfg(test)]
pub mod fixtures {
    use super::*;

    /// A timed analysis: exact in `ms`, or unknown with `answer` as its bounds.
    pub fn timing(ms: f64, answer: &str) -> Timing {
        Timing {
            ms: Some(ms),
            reps: 1,
            answer: answer.into(),
            unknown: answer.starts_with('?'),
            error: false,
        }
    }

    /// A row of `group` (size `size`) where every analysis of `Analysis::ALL` took `ms` and
    /// answered exactly, the 18 values all exact, with peak `mb`.
    pub fn row(group: &str, size: Option<usize>, ms: f64, mb: u64) -> Row {
        let mut values = Values::default();
        for k in Key::all() {
            values.insert(k, Some(Recorded::Size(1)));
        }
        Row {
            group: group.into(),
            name: match size {
                Some(n) => format!("{group} {n}"),
                None => format!("{group}/random/net.json"),
            },
            size,
            nodes_file: String::new(),
            orgs_file: None,
            budget_s: 60.0,
            legacy_budget_s: 60.0,
            fbas: Outcome::Done(Measurement {
                nodes: 3,
                organizations: 1,
                faulty: 0,
                analysed_nodes: 3,
                parse_ms: 0.0,
                prep_ms: 0.0,
                analyses: Analysis::ALL
                    .iter()
                    .map(|&a| (a, timing(ms, "1")))
                    .collect(),
                values: Some(Outcome::Done(values)),
                analyze_timings_ms: None,
                peak_kb: Some(mb * 1024),
            }),
            legacy: None,
            external: vec![],
            run: 0,
        }
    }

    /// Set (or, with `None`, remove) the timing of `analysis` in `row`.
    pub fn set(row: &mut Row, analysis: Analysis, t: Option<Timing>) {
        let Outcome::Done(m) = &mut row.fbas else {
            unreachable!()
        };
        match t {
            Some(t) => m.analyses.insert(analysis, t),
            None => m.analyses.remove(&analysis),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed results file reads as typed lines, and every row writes back as the JSON
    /// it was read from.
    #[test]
    fn the_committed_results_round_trip() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/results.jsonl");
        let text = std::fs::read_to_string(path).unwrap();
        let results = Results::parse(&text).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .filter(|v: &serde_json::Value| v.get("meta").is_none())
            .collect();
        assert!(!results.runs.is_empty());
        assert_eq!(results.rows.len(), lines.len());
        for (row, line) in results.rows.iter().zip(&lines) {
            assert_eq!(&serde_json::to_value(row).unwrap(), line, "{}", row.name);
        }
    }

    /// The 18 keys are the names both engines' values were recorded under.
    #[test]
    fn the_keys_name_the_recorded_values() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/results.jsonl");
        let results = Results::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut keys: Vec<String> = Key::all().map(|k| k.to_string()).collect();
        keys.sort();
        let names = |v: &Values| v.0.keys().cloned().collect::<Vec<_>>();
        let mut checked = 0;
        for row in &results.rows {
            if let Some(Outcome::Done(ours)) = row.fbas.done().and_then(|f| f.values.as_ref()) {
                assert_eq!(names(ours), keys, "{}", row.name);
                checked += 1;
            }
            if let Some(legacy) = row.legacy() {
                assert_eq!(names(&legacy.values), keys, "{}", row.name);
            }
        }
        assert!(checked > 0);
    }
}
