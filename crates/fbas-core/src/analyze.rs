//! The whole per-scan analysis in one call: everything the explorer backend stores, as a
//! [`Report`], computed through a [`Network`] session in three waves, each needing what the one
//! before computed: the intersection and the top tier, then the blocking sets and then the
//! splitting sets of every level (the levels in parallel). The smallest quorum and the
//! history-critical set run beside the waves (everything one after another without the
//! `parallel` feature, the waves first).

use crate::analyses::history::HistoryCritical;
use crate::analyses::intersection::Intersection;
use crate::analyses::levels;
use crate::analyses::splitting::Split;
use crate::analyses::top_tier::TopTier;
use crate::budget::{Budget, Stop};
use crate::clock::Instant;
use crate::network::grouping::{Grouping, Level};
use crate::network::input::{Input, InputError};
use crate::network::quorum_set::NodeId;
use crate::outcome::{Failure, Minimum};
use crate::parallel;
use crate::report::{
    Bound, HistoryWitness, LevelReport, Report, SplittingWitness, Status, Witnesses,
};
use crate::session::Network;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

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

impl From<Failure> for AnalysisError {
    /// Only an internal failure reaches here: stops are answers (unknown values).
    fn from(f: Failure) -> Self {
        match f {
            Failure::Internal(m) => AnalysisError::Internal(m),
            Failure::Stopped(why) => {
                AnalysisError::Internal(format!("a stop ({why:?}) was taken for an error"))
            }
        }
    }
}

/// Analyse `input` with the nodes in `faulty` (public keys; unknown ones are ignored) taken as
/// faulty for the filtered blocking sets, in a session of its own.
pub fn analyze(
    input: &Input,
    faulty: &[String],
    options: &Options,
) -> Result<Report, AnalysisError> {
    Network::new(input.clone())?.analyze(faulty, options)
}

/// What each requested analysis answered (`None`: not requested, or not applicable).
#[derive(Default)]
struct Answers {
    intersection: Option<Result<Intersection, Stop>>,
    min_quorum: Option<Minimum<Vec<NodeId>>>,
    top_tier: Option<Result<TopTier, Stop>>,
    symmetric: Option<bool>,
    history: Option<Minimum<HistoryCritical>>,
    /// Per requested level: plain and filtered blocking, splitting.
    levels: Vec<LevelAnswers>,
}

#[derive(Default)]
struct LevelAnswers {
    blocking: Option<Minimum<Vec<usize>>>,
    blocking_filtered: Option<Minimum<Vec<usize>>>,
    splitting: Option<Minimum<Split>>,
}

/// The smallest quorum and the history-critical set, when asked for (the history-critical
/// set also only when some node says whether it publishes history).
type Extras = (
    Option<Result<Minimum<Vec<NodeId>>, Failure>>,
    Option<Result<Minimum<HistoryCritical>, Failure>>,
);

/// Wall times per analysis, taken from several threads.
#[derive(Default)]
struct Timings(Mutex<BTreeMap<String, f64>>);

impl Timings {
    fn time<T>(&self, name: impl Into<String>, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.into(), ms);
        value
    }
}

/// A stop before any answer is an answer ("unknown"); an internal failure is an error.
fn stopped<T>(r: Result<T, Failure>) -> Result<Result<T, Stop>, AnalysisError> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(Failure::Stopped(why)) => Ok(Err(why)),
        Err(Failure::Internal(m)) => Err(AnalysisError::Internal(m)),
    }
}

/// A network of at most this many (analysed) nodes is analysed on the calling thread, one
/// analysis after the other: each takes microseconds there, less than handing it to rayon's
/// pool. Measured on 2–4-node networks, the pool cost 0.07–0.1 ms of a 0.15–0.3 ms full
/// analysis; at 10 nodes (2.3 ms) both ways took the same time.
const ON_THE_CALLING_THREAD_UP_TO: usize = 8;

impl Network {
    /// Everything one scan stores (see [`Report`]), with the nodes in `faulty` (public keys;
    /// unknown ones are ignored) taken as faulty for the filtered blocking sets.
    pub fn analyze(&self, faulty: &[String], options: &Options) -> Result<Report, AnalysisError> {
        let timings = Timings::default();
        let mut answers = Answers::default();
        let faulty = self.faulty(faulty);
        let (mut waves, mut extras) = (Ok(()), (None, None));
        parallel::scope(self.on_pool(), |s| {
            s.spawn(|| {
                waves = self
                    .first_wave(options, &timings, &mut answers)
                    .and_then(|()| self.blocking_wave(&faulty, options, &timings, &mut answers))
                    .and_then(|()| self.splitting_wave(options, &timings, &mut answers));
            });
            s.spawn(|| extras = self.extras(options, &timings));
        });
        waves?;
        answers.min_quorum = extras.0.transpose()?;
        answers.history = extras.1.transpose()?;
        let timings = timings.0.into_inner().unwrap_or_else(|e| e.into_inner());
        Ok(self.report(options, answers, timings))
    }

    /// Whether the analyses run on rayon's pool: not for a network of at most
    /// [`ON_THE_CALLING_THREAD_UP_TO`] nodes.
    fn on_pool(&self) -> bool {
        self.fbas().len() > ON_THE_CALLING_THREAD_UP_TO
    }

    /// The smallest quorum and the history-critical set, one after the other. They are not
    /// among the backend's 18 values and can take a whole budget, so they run on one thread
    /// beside the waves (or after them, with one thread): the values the alerts are built on
    /// never wait for them.
    fn extras(&self, options: &Options, timings: &Timings) -> Extras {
        let (want, budget) = (options.analyses, &options.budget);
        let min_quorum = want
            .min_quorum
            .then(|| timings.time("minQuorum", || self.min_quorum(Level::Node, budget)));
        let history = if want.history {
            timings.time("history", || self.history_critical(budget))
        } else {
            None
        };
        (min_quorum, history)
    }

    /// Intersection, then the top tier, one after the other on this thread: while the extras
    /// hold the pool's other thread, tasks spawned here would wait behind each other in any
    /// order, and the intersection (usually milliseconds) must not wait for the top tier.
    fn first_wave(
        &self,
        options: &Options,
        timings: &Timings,
        answers: &mut Answers,
    ) -> Result<(), AnalysisError> {
        let (want, budget) = (options.analyses, &options.budget);
        if want.intersection || want.splitting {
            let intersection = timings.time("intersection", || self.intersection(budget));
            answers.intersection = Some(stopped(intersection)?);
        }
        // Plain code: known early, a splitting search stopped later still reports it.
        if want.splitting {
            for &level in &options.levels {
                let _ = self.splitting_bound(level, budget);
            }
        }
        if want.top_tier || want.blocking {
            let top = timings.time("topTier", || self.top_tier(budget));
            answers.top_tier = Some(stopped(top)?);
            let symmetric = timings.time("symmetricTopTier", || self.symmetric_top_tier());
            answers.symmetric = Some(symmetric.is_some());
        }
        Ok(())
    }

    /// Blocking sets per level, plain and filtered (they need the top tier). Levels grouping
    /// the nodes alike are searched once ([`Network::searched_as`]), the filtered sets only when
    /// some node is faulty; then the levels tighten each other's bounds
    /// ([`levels::tighten_blocking`]).
    fn blocking_wave(
        &self,
        faulty: &[bool],
        options: &Options,
        timings: &Timings,
        answers: &mut Answers,
    ) -> Result<(), AnalysisError> {
        let budget = &options.budget;
        let no_faulty = vec![false; faulty.len()];
        answers.levels = options
            .levels
            .iter()
            .map(|_| LevelAnswers::default())
            .collect();
        if !options.analyses.blocking {
            return Ok(());
        }
        let searched_as = self.searched_as(&options.levels);
        let any_faulty = faulty.contains(&true);
        type Slot = Option<Result<Minimum<Vec<usize>>, Failure>>;
        let mut results: Vec<[Slot; 2]> = vec![[None, None]; options.levels.len()];
        parallel::scope(self.on_pool(), |s| {
            let searched = options.levels.iter().zip(results.iter_mut()).enumerate();
            for (i, (&level, [plain, filtered])) in searched {
                if searched_as[i] != i {
                    continue;
                }
                let no_faulty = &no_faulty;
                s.spawn(move || {
                    *plain = Some(timings.time(format!("{}.blocking", level.name()), || {
                        self.min_blocking(level, no_faulty, budget)
                    }));
                });
                if any_faulty {
                    s.spawn(move || {
                        *filtered = Some(
                            timings.time(format!("{}.blockingFiltered", level.name()), || {
                                self.min_blocking(level, faulty, budget)
                            }),
                        );
                    });
                }
            }
        });
        let mut plain = Vec::new();
        let mut filtered = Vec::new();
        for [p, f] in results {
            plain.push(p.transpose()?);
            filtered.push(f.transpose()?);
        }
        self.share_and_tighten(&options.levels, &searched_as, &mut plain, |l| {
            levels::tighten_blocking(l, &no_faulty)
        })?;
        if any_faulty {
            self.share_and_tighten(&options.levels, &searched_as, &mut filtered, |l| {
                levels::tighten_blocking(l, faulty)
            })?;
        } else {
            filtered = plain.clone();
        }
        for (answer, (p, f)) in answers
            .levels
            .iter_mut()
            .zip(plain.into_iter().zip(filtered))
        {
            answer.blocking = p;
            answer.blocking_filtered = f;
        }
        Ok(())
    }

    /// Splitting sets per level, the most expensive, last (a split network needs no search).
    /// Levels grouping the nodes alike are searched once; then the levels tighten each other's
    /// bounds ([`levels::tighten_splitting`]).
    fn splitting_wave(
        &self,
        options: &Options,
        timings: &Timings,
        answers: &mut Answers,
    ) -> Result<(), AnalysisError> {
        if !options.analyses.splitting {
            return Ok(());
        }
        let budget = &options.budget;
        let searched_as = self.searched_as(&options.levels);
        let mut results: Vec<Option<Result<Minimum<Split>, Failure>>> =
            vec![None; options.levels.len()];
        parallel::scope(self.on_pool(), |s| {
            let searched = options.levels.iter().zip(results.iter_mut()).enumerate();
            for (i, (&level, slot)) in searched {
                if searched_as[i] != i {
                    continue;
                }
                s.spawn(move || {
                    *slot = Some(timings.time(format!("{}.splitting", level.name()), || {
                        self.min_splitting(level, budget)
                    }));
                });
            }
        });
        let mut splitting = Vec::new();
        for result in results {
            splitting.push(result.transpose()?);
        }
        self.share_and_tighten(
            &options.levels,
            &searched_as,
            &mut splitting,
            levels::tighten_splitting,
        )?;
        for (answer, m) in answers.levels.iter_mut().zip(splitting) {
            answer.splitting = m;
        }
        Ok(())
    }

    /// Per requested level, the first requested level that groups the nodes alike
    /// ([`levels::same_partition`]; itself when none before it does): only that one is searched.
    /// Without country or ISP data, say, those levels are the node level again, and two
    /// searches of one grouping would hold a thread each, one waiting for the other.
    fn searched_as(&self, requested: &[Level]) -> Vec<usize> {
        let grouping = |i: usize| self.grouping(requested[i]);
        (0..requested.len())
            .map(|i| {
                (0..i)
                    .find(|&j| levels::same_partition(grouping(j), grouping(i)))
                    .unwrap_or(i)
            })
            .collect()
    }

    /// Give each level not searched the answer of the level searched for it (`searched_as`),
    /// then let the levels answered tighten each other's bounds (`tighten`).
    fn share_and_tighten<W: levels::Witness>(
        &self,
        requested: &[Level],
        searched_as: &[usize],
        answers: &mut [Option<Minimum<W>>],
        tighten: impl FnOnce(&mut [(&Grouping, &mut Minimum<W>)]) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        for (i, &j) in searched_as.iter().enumerate() {
            if i != j {
                let (from, to) = (self.grouping(requested[j]), self.grouping(requested[i]));
                answers[i] = answers[j].as_ref().map(|m| levels::regroup(m, from, to));
            }
        }
        let mut answered: Vec<(&Grouping, &mut Minimum<W>)> = requested
            .iter()
            .zip(answers.iter_mut())
            .filter_map(|(&level, m)| Some((self.grouping(level), m.as_mut()?)))
            .collect();
        tighten(&mut answered)
    }

    /// Shape the answers as the report: numbers per level, witnesses by name.
    fn report(
        &self,
        options: &Options,
        answers: Answers,
        timings: BTreeMap<String, f64>,
    ) -> Report {
        let want = options.analyses;
        let keys = |nodes: &[NodeId]| -> Vec<String> {
            nodes.iter().map(|&v| self.keys()[v].clone()).collect()
        };
        let mut witnesses = Witnesses::default();
        let status = match &answers.intersection {
            Some(Ok(Intersection::Intersecting)) => Status::Intersecting,
            Some(Ok(Intersection::Split([a, b]))) => {
                witnesses.disjoint_quorums = Some([keys(a), keys(b)]);
                Status::Split
            }
            Some(Ok(Intersection::NoQuorum)) => Status::NoQuorum,
            _ => Status::Unknown,
        };
        if let Some(Minimum::Found { witness, .. }) = &answers.min_quorum {
            witnesses.min_quorum = Some(keys(witness));
        }
        if let Some(HistoryCritical { set, quorum }) =
            answers.history.as_ref().and_then(Minimum::witness)
        {
            witnesses.history_critical_set = Some(HistoryWitness {
                set: keys(set),
                quorum: keys(quorum),
            });
        }
        let mut levels: BTreeMap<Level, LevelReport> = BTreeMap::new();
        for (&level, answer) in options.levels.iter().zip(&answers.levels) {
            let grouping = self.grouping(level);
            let names = |gs: &[usize]| -> Vec<String> {
                gs.iter().map(|&g| grouping.names[g].clone()).collect()
            };
            let mut report = LevelReport::default();
            if want.top_tier {
                report.top_tier_size = Some(self.top_tier_size(level, &answers.top_tier));
            }
            if want.blocking {
                let [plain, filtered] = [&answer.blocking, &answer.blocking_filtered];
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
                let m = &answer.splitting;
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
            levels.insert(level, report);
        }
        let level = |l: Level| levels.get(&l).copied().unwrap_or_default();
        let stopped = Stop::first(answers.stops(want));
        let mut report = Report {
            status,
            complete: stopped.is_none(),
            stopped,
            has_quorum_intersection: match status {
                Status::Intersecting => Some(true),
                Status::Split | Status::NoQuorum => Some(false),
                Status::Unknown => None,
            }
            .filter(|_| want.intersection),
            has_symmetric_top_tier: answers.symmetric.filter(|_| want.top_tier),
            min_quorum_size: answers.min_quorum.as_ref().map(Minimum::bound),
            history_critical_set_size: answers.history.as_ref().map(Minimum::bound),
            node: level(Level::Node),
            organization: level(Level::Organization),
            country: level(Level::Country),
            isp: level(Level::Isp),
            bounds: BTreeMap::new(),
            witnesses,
            timings_ms: timings,
        };
        report.bounds = report.unknown_values();
        report
    }

    /// The top tier's size merged to `level`: exact when the top tier is complete, else bounded
    /// by the members found and the nodes left undecided.
    fn top_tier_size(&self, level: Level, top: &Option<Result<TopTier, Stop>>) -> Bound {
        let grouping = self.grouping(level);
        match top {
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
                upper: Some(grouping.count(&(0..self.fbas().len()).collect::<Vec<_>>())),
            },
        }
    }
}

impl Answers {
    /// Why each requested analysis that stopped stopped (an analysis run only as a means to
    /// another does not count: the other's answer says what it achieved).
    fn stops(&self, want: Analyses) -> Vec<Stop> {
        let mut stops = vec![];
        if let (true, Some(Err(why))) = (want.intersection, &self.intersection) {
            stops.push(*why);
        }
        match (want.top_tier, &self.top_tier) {
            (true, Some(Ok(t))) => stops.extend(t.stopped),
            (true, Some(Err(why))) => stops.push(*why),
            _ => {}
        }
        stops.extend(self.min_quorum.as_ref().and_then(Minimum::stop));
        stops.extend(self.history.as_ref().and_then(Minimum::stop));
        for level in &self.levels {
            stops.extend(level.blocking.as_ref().and_then(Minimum::stop));
            stops.extend(level.blocking_filtered.as_ref().and_then(Minimum::stop));
            stops.extend(level.splitting.as_ref().and_then(Minimum::stop));
        }
        stops
    }
}
