//! One benchmark row, measured in a fresh process (`fbas-bench row`): each analysis separately
//! (medians over a few repetitions, fewer for slow ones), then the full `analyze`, then the
//! process's peak resident memory (VmHWM).
//!
//! Each analysis is a call of a fresh [`Network`] session, as `analyze` makes it: the session's
//! prerequisites computed beforehand, untimed (the top tier for blocking, the intersection check
//! for splitting), and splitting skipped, as in `analyze`, when the intersection check already
//! found a split (answer 0) or no quorum. The history-critical set is timed too, though it is
//! not one of the full analysis's 18 values.

use crate::results::{Analysis, Key, Measure, Measurement, Outcome, Recorded, Timing, Values};
use fbas_core::analyses::intersection::Intersection;
use fbas_core::outcome::{Failure, Minimum};
use fbas_core::parse::{parse_organizations, parse_with_format, Format};
use fbas_core::{analyze, Bound, Budget, Input, Level, Network, Options, Report};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// Load a network file (any format) and its organizations, with the faulty nodes the reference
/// data uses: `isValidating: false` for stellarbeat-format files, none otherwise.
pub fn load(nodes: &Path, orgs: Option<&Path>) -> Result<(Input, Vec<String>), String> {
    let text = std::fs::read_to_string(nodes).map_err(|e| format!("{}: {e}", nodes.display()))?;
    let (mut input, format) =
        parse_with_format(&text).map_err(|e| format!("{}: {e}", nodes.display()))?;
    if let Some(orgs) = orgs {
        let text = std::fs::read_to_string(orgs).map_err(|e| format!("{}: {e}", orgs.display()))?;
        input.organizations =
            parse_organizations(&text).map_err(|e| format!("{}: {e}", orgs.display()))?;
    }
    input.organizations.retain(|o| !o.validators.is_empty());
    let faulty = if format == Format::Stellarbeat {
        input.not_validating()
    } else {
        vec![]
    };
    Ok((input, faulty))
}

fn budget_of(secs: f64) -> Budget {
    Budget {
        deadline: Some(Instant::now() + Duration::from_secs_f64(secs)),
        ..Budget::default()
    }
}

/// The median of the non-empty `xs`.
pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// How many runs a measurement gets, from the first run's time: `max_reps` below 0.5 s, 3 below
/// 5 s, else just the one.
fn reps_for(first: Duration, max_reps: usize) -> usize {
    if first < Duration::from_millis(500) {
        max_reps.max(1)
    } else if first < Duration::from_secs(5) {
        max_reps.clamp(1, 3)
    } else {
        1
    }
}

/// Time `f` (first run's answer kept) under a fresh budget per run, each run on what `setup`
/// prepares (untimed, under a budget of its own); `describe` gives the answer as shown, whether
/// it is unknown, whether it is an error.
fn measure<S, T>(
    budget_secs: f64,
    max_reps: usize,
    mut setup: impl FnMut(&Budget) -> S,
    mut f: impl FnMut(&S, &Budget) -> T,
    describe: impl Fn(&T) -> (String, bool, bool),
) -> (Timing, T) {
    let mut run = || {
        let prepared = setup(&budget_of(budget_secs));
        let budget = budget_of(budget_secs);
        let start = Instant::now();
        let r = f(&prepared, &budget);
        (start.elapsed(), r)
    };
    let (first, result) = run();
    let mut times = vec![first.as_secs_f64() * 1000.0];
    let (answer, unknown, error) = describe(&result);
    if !unknown {
        for _ in 1..reps_for(first, max_reps) {
            times.push(run().0.as_secs_f64() * 1000.0);
        }
    }
    let reps = times.len();
    (
        Timing {
            ms: Some(median(times)),
            reps,
            answer,
            unknown,
            error,
        },
        result,
    )
}

fn describe_minimum<W>(r: &Result<Minimum<W>, Failure>) -> (String, bool, bool) {
    match r {
        Ok(Minimum::Found { size, .. }) => (size.to_string(), false, false),
        Ok(Minimum::NoneExists) => ("0 (none)".into(), false, false),
        Ok(Minimum::Unknown { lower, upper, .. }) => (bounds(*lower, *upper), true, false),
        Err(Failure::Stopped(_)) => ("?".into(), true, false),
        Err(Failure::Internal(m)) => (format!("ERROR {m}"), false, true),
    }
}

fn bounds(lower: usize, upper: Option<usize>) -> String {
    match upper {
        Some(u) => format!("?[{lower}..{u}]"),
        None => format!("?[{lower}..]"),
    }
}

fn bound_value(b: Option<Bound>) -> Option<Recorded> {
    match b? {
        Bound::Exact(v) => Some(Recorded::Size(v as u64)),
        Bound::Unknown { lower, upper } => Some(Recorded::Missing(bounds(lower, upper))),
    }
}

/// The 18 values of a report; unknown ones as `?[lo..hi]`.
fn report_values(r: &Report) -> Values {
    let mut values = Values::default();
    values.insert(
        Key::HasSymmetricTopTier,
        r.has_symmetric_top_tier.map(Recorded::Bool),
    );
    values.insert(
        Key::HasQuorumIntersection,
        Some(match r.has_quorum_intersection {
            Some(b) => Recorded::Bool(b),
            None => Recorded::Missing("?".into()),
        }),
    );
    for level in Level::ALL {
        let l = match level {
            Level::Node => &r.node,
            Level::Organization => &r.organization,
            Level::Country => &r.country,
            Level::Isp => &r.isp,
        };
        for (measure, b) in [
            (Measure::TopTier, l.top_tier_size),
            (Measure::MinBlockingSet, l.blocking_sets_min_size),
            (
                Measure::MinBlockingSetFiltered,
                l.blocking_sets_filtered_min_size,
            ),
            (Measure::MinSplittingSet, l.splitting_sets_min_size),
        ] {
            values.insert(Key::At(level, measure), bound_value(b));
        }
    }
    values
}

/// The process's peak resident set size (VmHWM), in kB.
pub fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Measure one network: every [`Analysis`] on its own, the full one last.
pub fn run(
    nodes: &Path,
    orgs: Option<&Path>,
    budget_secs: f64,
    max_reps: usize,
) -> Outcome<Measurement> {
    let start = Instant::now();
    let (input, faulty) = match load(nodes, orgs) {
        Ok(x) => x,
        Err(error) => return Outcome::Failed { error },
    };
    let parse_ms = start.elapsed().as_secs_f64() * 1000.0;

    let start = Instant::now();
    let network = match Network::new(input.clone()) {
        Ok(n) => n,
        Err(e) => {
            return Outcome::Failed {
                error: e.to_string(),
            }
        }
    };
    let prep_ms = start.elapsed().as_secs_f64() * 1000.0;
    let analysed_nodes = network.fbas().len();
    let faulty_of = network.faulty(&faulty);
    let no_faulty = vec![false; analysed_nodes];
    // A fresh session per run, so that nothing is found already computed.
    let fresh = || Network::new(input.clone()).expect("read once already");

    let mut analyses = BTreeMap::new();
    let (m, intersection) = measure(
        budget_secs,
        max_reps,
        |_| fresh(),
        |net, b| net.intersection(b),
        |r| match r {
            Ok(Intersection::Intersecting) => ("yes".into(), false, false),
            Ok(Intersection::Split(_)) => ("no (split)".into(), false, false),
            Ok(Intersection::NoQuorum) => ("no (no quorum)".into(), false, false),
            Err(Failure::Stopped(_)) => ("?".into(), true, false),
            Err(Failure::Internal(m)) => (format!("ERROR {m}"), false, true),
        },
    );
    analyses.insert(Analysis::Intersection, m);

    let (m, _) = measure(
        budget_secs,
        max_reps,
        |_| fresh(),
        |net, b| net.min_quorum(Level::Node, b),
        describe_minimum,
    );
    analyses.insert(Analysis::MinQuorum, m);

    let (m, _) = measure(
        budget_secs,
        max_reps,
        |_| fresh(),
        |net, b| {
            let _ = net.symmetric_top_tier();
            net.top_tier(b)
        },
        |r| match r {
            Ok(t) if t.is_complete() => (t.members.len().to_string(), false, false),
            Ok(t) => (
                bounds(t.members.len(), Some(t.members.len() + t.undecided.len())),
                true,
                false,
            ),
            Err(Failure::Stopped(_)) => ("?".into(), true, false),
            Err(Failure::Internal(m)) => (format!("ERROR {m}"), false, true),
        },
    );
    analyses.insert(Analysis::TopTier, m);

    for (analysis, level, faulty) in [
        (Analysis::BlockingNode, Level::Node, &no_faulty),
        (Analysis::BlockingOrg, Level::Organization, &no_faulty),
        (Analysis::BlockingFiltered, Level::Node, &faulty_of),
    ] {
        let m = if analysed_nodes == 0 {
            Timing::skipped("0 (no quorum)")
        } else {
            measure(
                budget_secs,
                max_reps,
                |setup_budget| {
                    let net = fresh();
                    let _ = net.top_tier(setup_budget);
                    net
                },
                |net, b| net.min_blocking(level, faulty, b),
                describe_minimum,
            )
            .0
        };
        analyses.insert(analysis, m);
    }

    for (analysis, level) in [
        (Analysis::SplittingNode, Level::Node),
        (Analysis::SplittingOrg, Level::Organization),
    ] {
        let m = match &intersection {
            Ok(Intersection::Split(_)) => Timing::skipped("0 (split)"),
            Ok(Intersection::NoQuorum) => Timing::skipped("0 (none)"),
            _ => {
                measure(
                    budget_secs,
                    max_reps,
                    |setup_budget| {
                        let net = fresh();
                        let _ = net.intersection(setup_budget);
                        net
                    },
                    |net, b| net.min_splitting(level, b),
                    describe_minimum,
                )
                .0
            }
        };
        analyses.insert(analysis, m);
    }

    let m = if network.history_publishers().is_none() {
        Timing::skipped("none (no history data)")
    } else {
        measure(
            budget_secs,
            max_reps,
            |_| fresh(),
            |net, b| net.history_critical(b),
            |r| match r {
                Some(r) => describe_minimum(r),
                None => ("none (no history data)".into(), false, false),
            },
        )
        .0
    };
    analyses.insert(Analysis::History, m);

    let mut report = None;
    let (m, _) = measure(
        budget_secs,
        max_reps,
        |_| (),
        |_, b| {
            // The 18 backend values only: the history-critical set is not one of them.
            let mut options = Options {
                budget: b.clone(),
                ..Options::default()
            };
            options.analyses.history = false;
            let r = analyze(&input, &faulty, &options);
            if report.is_none() {
                report = Some(r.clone());
            }
            r
        },
        |r| match r {
            Ok(r) => (String::new(), !report_values(r).is_complete(), false),
            Err(e) => (format!("ERROR {e}"), false, true),
        },
    );
    analyses.insert(Analysis::Full, m);
    let (values, analyze_timings_ms) = match report {
        Some(Ok(r)) => (Some(Outcome::Done(report_values(&r))), Some(r.timings_ms)),
        Some(Err(e)) => (
            Some(Outcome::Failed {
                error: e.to_string(),
            }),
            None,
        ),
        None => (None, None),
    };

    Outcome::Done(Measurement {
        nodes: input.nodes.len(),
        organizations: input.organizations.len(),
        faulty: faulty.len(),
        analysed_nodes,
        parse_ms,
        prep_ms,
        analyses,
        values,
        analyze_timings_ms,
        peak_kb: peak_kb(),
    })
}
