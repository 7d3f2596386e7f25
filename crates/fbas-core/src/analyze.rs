//! The whole per-scan analysis in one call: everything the explorer backend stores, sharing
//! parsing and preprocessing, with the independent sub-analyses run in parallel.

use crate::analyses::blocking::min_blocking;
use crate::analyses::history::{history_critical, HistoryCritical};
use crate::analyses::intersection::{check, Intersection};
use crate::analyses::quorums;
use crate::analyses::splitting::{min_splitting, Split};
use crate::analyses::symmetric_top_tier::symmetric_top_tier;
use crate::analyses::top_tier::top_tier;
use crate::budget::{Budget, Stop};
use crate::network::fbas::Fbas;
use crate::network::grouping::{Grouping, Level};
use crate::network::input::{Input, InputError};
use crate::network::preprocess::{legacy_core, Analysed};
use crate::network::quorum_set::NodeId;
use crate::outcome::{Failure, Minimum};
use crate::report::{
    Bound, HistoryWitness, LevelReport, Report, SplittingWitness, Status, Witnesses,
};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::Mutex;
use std::time::Instant;

/// Which analyses to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analyses {
    pub intersection: bool,
    pub min_quorum: bool,
    /// Top tier and symmetric top tier.
    pub top_tier: bool,
    /// Blocking sets, plain and filtered by the faulty nodes.
    pub blocking: bool,
    pub splitting: bool,
    /// The history-critical set; it runs only when some node of the input carries
    /// `historyArchiveHasError` (without it, no node would count as publishing history).
    pub history: bool,
}

impl Analyses {
    pub const NONE: Analyses = Analyses {
        intersection: false,
        min_quorum: false,
        top_tier: false,
        blocking: false,
        splitting: false,
        history: false,
    };
    pub const ALL: Analyses = Analyses {
        intersection: true,
        min_quorum: true,
        top_tier: true,
        blocking: true,
        splitting: true,
        history: true,
    };
}

/// What to compute, at which levels, within which budget.
#[derive(Debug, Clone)]
pub struct Options {
    pub analyses: Analyses,
    pub levels: Vec<Level>,
    pub budget: Budget,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            analyses: Analyses::ALL,
            levels: Level::ALL.to_vec(),
            budget: Budget::default(),
        }
    }
}

/// Why `analyze` has no report: bad input, or a witness that failed its re-check (a bug).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalysisError {
    Input(InputError),
    Internal(String),
}

impl fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnalysisError::Input(e) => write!(f, "invalid input: {e}"),
            AnalysisError::Internal(e) => write!(f, "internal error: {e}"),
        }
    }
}

impl std::error::Error for AnalysisError {}

impl From<InputError> for AnalysisError {
    fn from(e: InputError) -> Self {
        AnalysisError::Input(e)
    }
}

/// Analyse `input` with the nodes in `faulty` (public keys; unknown ones are ignored) taken as
/// faulty for the filtered blocking sets.
pub fn analyze(
    input: &Input,
    faulty: &[String],
    options: &Options,
) -> Result<Report, AnalysisError> {
    let resolved = Fbas::from_input(input)?;
    let analysed = legacy_core(&resolved);
    let fbas = &analysed.fbas;
    let faulty_keys: HashSet<&str> = faulty.iter().map(String::as_str).collect();
    let faulty: Vec<bool> = fbas
        .keys
        .iter()
        .map(|k| faulty_keys.contains(k.as_str()))
        .collect();
    let groupings: Vec<(Level, Grouping)> = options
        .levels
        .iter()
        .map(|&level| (level, Grouping::of_level(level, input, &analysed)))
        .collect();
    let budget = &options.budget;
    let want = options.analyses;
    let timings = Mutex::new(BTreeMap::new());
    let timed = |name: String, f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        timings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name, ms);
    };

    // Wave 1: intersection, smallest quorum, top tier and history are independent.
    let publishes = history_publishers(input, &analysed).filter(|_| want.history);
    let mut history = None;
    let mut intersection = None;
    let mut min_quorum = None;
    let mut top = None;
    let mut symmetric = None;
    rayon::scope(|s| {
        s.spawn(|_| {
            if let Some(publishes) = &publishes {
                timed("history".into(), &mut || {
                    history = Some(history_critical(fbas, publishes, budget));
                });
            }
        });
        s.spawn(|_| {
            if want.intersection || want.splitting {
                timed("intersection".into(), &mut || {
                    intersection = Some(check(fbas, budget));
                });
            }
        });
        s.spawn(|_| {
            if want.min_quorum {
                timed("minQuorum".into(), &mut || {
                    min_quorum = Some(quorums::min_quorum(
                        fbas,
                        &Grouping::nodes(&fbas.keys),
                        budget,
                    ))
                });
            }
        });
        s.spawn(|_| {
            if want.top_tier || want.blocking {
                timed("topTier".into(), &mut || top = Some(top_tier(fbas, budget)));
                timed("symmetricTopTier".into(), &mut || {
                    symmetric = Some(symmetric_top_tier(fbas))
                });
            }
        });
    });
    let intersection = settle(intersection)?;
    let min_quorum = settle(min_quorum)?.map(unknown_if_interrupted);
    let top = settle(top)?;
    let history = settle(history)?.map(unknown_if_interrupted);
    let has_quorum = !fbas.is_empty();

    // Wave 2: blocking sets need the top tier (all nodes when it is not complete).
    let tt_nodes: Vec<NodeId> = match &top {
        Some(Ok(t)) if t.is_complete() => t.members.clone(),
        _ => (0..fbas.len()).collect(),
    };
    let no_faulty = vec![false; fbas.len()];
    type Blocking = Option<Result<Minimum<Vec<usize>>, Failure>>;
    let mut blocking: Vec<[Blocking; 2]> = vec![[None, None]; groupings.len()];
    if want.blocking && has_quorum {
        rayon::scope(|s| {
            for ((level, grouping), slots) in groupings.iter().zip(blocking.iter_mut()) {
                let [plain, filtered] = slots;
                let (tt_nodes, faulty, no_faulty) = (&tt_nodes, &faulty, &no_faulty);
                s.spawn(move |_| {
                    timed(format!("{}.blocking", level.name()), &mut || {
                        *plain = Some(min_blocking(fbas, tt_nodes, grouping, no_faulty, budget));
                    });
                });
                s.spawn(move |_| {
                    timed(format!("{}.blockingFiltered", level.name()), &mut || {
                        *filtered = Some(min_blocking(fbas, tt_nodes, grouping, faulty, budget));
                    });
                });
            }
        });
    }
    let blocking: Vec<[Option<Minimum<Vec<usize>>>; 2]> = blocking
        .into_iter()
        .map(|[plain, filtered]| {
            Ok([
                settle(plain)?.map(unknown_if_interrupted),
                settle(filtered)?.map(unknown_if_interrupted),
            ])
        })
        .collect::<Result<_, AnalysisError>>()?;

    // Wave 3: splitting sets, the most expensive, last. A split network needs no search.
    let mut splitting: Vec<Option<Result<Minimum<Split>, Failure>>> = vec![None; groupings.len()];
    if want.splitting {
        rayon::scope(|s| {
            for ((level, grouping), slot) in groupings.iter().zip(splitting.iter_mut()) {
                let intersection = &intersection;
                s.spawn(move |_| {
                    timed(format!("{}.splitting", level.name()), &mut || {
                        *slot = Some(match intersection {
                            Some(Ok(Intersection::Split(quorums))) => Ok(Minimum::Found {
                                size: 0,
                                witness: Split {
                                    groups: vec![],
                                    nodes: vec![],
                                    quorums: quorums.clone(),
                                },
                            }),
                            Some(Ok(Intersection::NoQuorum)) => Ok(Minimum::NoneExists),
                            _ => min_splitting(fbas, grouping, budget),
                        });
                    });
                });
            }
        });
    }
    let splitting: Vec<Option<Minimum<Split>>> = splitting
        .into_iter()
        .map(|r| Ok(settle(r)?.map(unknown_if_interrupted)))
        .collect::<Result<_, AnalysisError>>()?;

    let stopped = Stop::first(
        [
            intersection
                .as_ref()
                .and_then(|r| r.as_ref().err().copied()),
            top.as_ref().and_then(|r| match r {
                Ok(t) => t.stopped,
                Err(why) => Some(*why),
            }),
            min_quorum.as_ref().and_then(Minimum::stop),
            history.as_ref().and_then(Minimum::stop),
        ]
        .into_iter()
        .chain(
            blocking
                .iter()
                .flatten()
                .map(|m| m.as_ref().and_then(Minimum::stop)),
        )
        .chain(splitting.iter().map(|m| m.as_ref().and_then(Minimum::stop)))
        .flatten(),
    );
    let keys =
        |nodes: &[NodeId]| -> Vec<String> { nodes.iter().map(|&v| fbas.keys[v].clone()).collect() };
    let mut witnesses = Witnesses::default();
    let status = match &intersection {
        Some(Ok(Intersection::Intersecting)) => Status::Intersecting,
        Some(Ok(Intersection::Split([a, b]))) => {
            witnesses.disjoint_quorums = Some([keys(a), keys(b)]);
            Status::Split
        }
        Some(Ok(Intersection::NoQuorum)) => Status::NoQuorum,
        _ => Status::Unknown,
    };
    if let Some(Minimum::Found { witness, .. }) = &min_quorum {
        witnesses.min_quorum = Some(keys(witness));
    }
    if let Some(HistoryCritical { set, quorum }) = history.as_ref().and_then(Minimum::witness) {
        witnesses.history_critical_set = Some(HistoryWitness {
            set: keys(set),
            quorum: keys(quorum),
        });
    }
    let mut levels: BTreeMap<Level, LevelReport> = BTreeMap::new();
    for (i, (level, grouping)) in groupings.iter().enumerate() {
        let names = |gs: &[usize]| -> Vec<String> {
            gs.iter().map(|&g| grouping.names[g].clone()).collect()
        };
        let mut report = LevelReport::default();
        if want.top_tier {
            report.top_tier_size = Some(match &top {
                Some(Ok(t)) if t.is_complete() => Bound::Exact(grouping.count(&t.members)),
                Some(Ok(t)) => {
                    let mut all = t.members.clone();
                    all.extend_from_slice(&t.undecided);
                    Bound::Unknown {
                        lower: grouping.count(&t.members),
                        upper: Some(grouping.count(&all)),
                    }
                }
                _ => Bound::Unknown {
                    lower: 0,
                    upper: Some(grouping.count(&(0..fbas.len()).collect::<Vec<_>>())),
                },
            });
        }
        if want.blocking {
            let [plain, filtered] = &blocking[i];
            report.blocking_sets_min_size =
                Some(plain.as_ref().map_or(Bound::Exact(0), Minimum::bound));
            report.blocking_sets_filtered_min_size =
                Some(filtered.as_ref().map_or(Bound::Exact(0), Minimum::bound));
            if let Some(w) = plain.as_ref().and_then(Minimum::witness) {
                witnesses.blocking_set.insert(level.name().into(), names(w));
            }
            if let Some(w) = filtered.as_ref().and_then(Minimum::witness) {
                witnesses
                    .blocking_set_filtered
                    .insert(level.name().into(), names(w));
            }
        }
        if want.splitting {
            let m = &splitting[i];
            report.splitting_sets_min_size =
                Some(m.as_ref().map_or(Bound::Exact(0), Minimum::bound));
            if let Some(w) = m.as_ref().and_then(Minimum::witness) {
                witnesses.splitting_set.insert(
                    level.name().into(),
                    SplittingWitness {
                        set: names(&w.groups),
                        quorums: [keys(&w.quorums[0]), keys(&w.quorums[1])],
                    },
                );
            }
        }
        levels.insert(*level, report);
    }
    let level = |l: Level| levels.get(&l).copied().unwrap_or_default();
    Ok(Report {
        status,
        stopped,
        has_quorum_intersection: match status {
            Status::Intersecting => Some(true),
            Status::Split | Status::NoQuorum => Some(false),
            Status::Unknown => None,
        }
        .filter(|_| want.intersection),
        has_symmetric_top_tier: symmetric.map(|s| s.is_some()).filter(|_| want.top_tier),
        min_quorum_size: min_quorum.map(|m| m.bound()),
        history_critical_set_size: history.map(|m| m.bound()),
        node: level(Level::Node),
        organization: level(Level::Organization),
        country: level(Level::Country),
        isp: level(Level::Isp),
        witnesses,
        timings_ms: timings.into_inner().unwrap_or_else(|e| e.into_inner()),
    })
}

/// Per analysed node, whether it publishes history (`historyArchiveHasError: false`; missing
/// counts as not publishing, as in python-fbas); `None` when no input node carries the field.
fn history_publishers(input: &Input, analysed: &Analysed) -> Option<Vec<bool>> {
    let nodes = &input.nodes;
    nodes
        .iter()
        .any(|n| n.history_archive_has_error.is_some())
        .then(|| {
            analysed
                .input_index
                .iter()
                .map(|&i| nodes[i].history_archive_has_error == Some(false))
                .collect()
        })
}

/// A sub-analysis result: `None` when it did not run, `Some(Err(why))` when its budget ran out,
/// an error when a witness failed its re-check.
fn settle<T>(result: Option<Result<T, Failure>>) -> Result<Option<Result<T, Stop>>, AnalysisError> {
    match result {
        None => Ok(None),
        Some(Ok(v)) => Ok(Some(Ok(v))),
        Some(Err(Failure::Stopped(why))) => Ok(Some(Err(why))),
        Some(Err(Failure::Internal(m))) => Err(AnalysisError::Internal(m)),
    }
}

/// An optimisation stopped before its first model: nothing is known but the trivial bound.
fn unknown_if_interrupted<W>(m: Result<Minimum<W>, Stop>) -> Minimum<W> {
    m.unwrap_or_else(|stop| Minimum::Unknown {
        lower: 0,
        upper: None,
        witness: None,
        stop,
    })
}
