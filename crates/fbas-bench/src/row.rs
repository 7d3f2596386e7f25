//! One benchmark row, measured in a fresh process (`fbas-bench row`): each analysis separately
//! (medians over a few repetitions, fewer for slow ones), then the full `analyze`, then the
//! process's peak resident memory (VmHWM).
//!
//! The per-analysis calls are the ones `analyze` makes, on the network it makes them on (the
//! legacy preprocessing): blocking gets the top tier computed beforehand (untimed), and
//! splitting is skipped, as in `analyze`, when the intersection check already found a split
//! (answer 0) or no quorum.

use crate::results::{Analysis, Key, Measure, Measurement, Outcome, Recorded, Timing, Values};
use fbas_core::analyses::blocking::min_blocking;
use fbas_core::analyses::bounds::{self, Relaxed};
use fbas_core::analyses::intersection::{check, Intersection};
use fbas_core::analyses::quorums::min_quorum;
use fbas_core::analyses::splitting::min_splitting;
use fbas_core::analyses::top_tier::top_tier;
use fbas_core::network::fbas::Fbas;
use fbas_core::network::grouping::Grouping;
use fbas_core::network::preprocess::legacy_core;
use fbas_core::outcome::{Failure, Minimum};
use fbas_core::parse::{parse_organizations, parse_with_format, Format};
use fbas_core::{analyze, Bound, Budget, Input, Level, Options, Report};
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

/// Time `f` (first run's answer kept) under a fresh budget per run; `describe` gives the
/// answer as shown, whether it is unknown, whether it is an error.
fn measure<T>(
    budget_secs: f64,
    max_reps: usize,
    mut f: impl FnMut(&Budget) -> T,
    describe: impl Fn(&T) -> (String, bool, bool),
) -> (Timing, T) {
    let run = |f: &mut dyn FnMut(&Budget) -> T| {
        let budget = budget_of(budget_secs);
        let start = Instant::now();
        let r = f(&budget);
        (start.elapsed(), r)
    };
    let (first, result) = run(&mut f);
    let mut times = vec![first.as_secs_f64() * 1000.0];
    let (answer, unknown, error) = describe(&result);
    if !unknown {
        for _ in 1..reps_for(first, max_reps) {
            times.push(run(&mut f).0.as_secs_f64() * 1000.0);
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
    let resolved = match Fbas::from_input(&input) {
        Ok(f) => f,
        Err(e) => {
            return Outcome::Failed {
                error: e.to_string(),
            }
        }
    };
    let analysed = legacy_core(&resolved);
    let fbas = &analysed.fbas;
    let node_groups = Grouping::of_level(Level::Node, &input, &analysed);
    let org_groups = Grouping::of_level(Level::Organization, &input, &analysed);
    let faulty_keys: std::collections::HashSet<&str> = faulty.iter().map(String::as_str).collect();
    let faulty_of: Vec<bool> = fbas
        .keys
        .iter()
        .map(|k| faulty_keys.contains(k.as_str()))
        .collect();
    let no_faulty = vec![false; fbas.len()];
    let nodes_alone: Vec<usize> = (0..fbas.len()).collect();
    let prep_ms = start.elapsed().as_secs_f64() * 1000.0;

    let mut analyses = BTreeMap::new();
    let (m, intersection) = measure(
        budget_secs,
        max_reps,
        |b| check(fbas, &splitting_bound(fbas, &nodes_alone, b), b),
        |r| match r {
            Ok(Intersection::Intersecting) => ("yes".into(), false, false),
            Ok(Intersection::Split(_)) => ("no (split)".into(), false, false),
            Ok(Intersection::NoQuorum) => ("no (no quorum)".into(), false, false),
            Err(Failure::Stopped(_)) => ("?".into(), true, false),
            Err(Failure::Internal(m)) => (format!("ERROR {m}"), false, true),
        },
    );
    analyses.insert(Analysis::Intersection, m);

    let node_keys = Grouping::nodes(&fbas.keys);
    let (m, _) = measure(
        budget_secs,
        max_reps,
        |b| min_quorum(fbas, &node_keys, b),
        describe_minimum,
    );
    analyses.insert(Analysis::MinQuorum, m);

    let (m, top) = measure(
        budget_secs,
        max_reps,
        |b| {
            let t = top_tier(fbas, b);
            let _ = fbas_core::analyses::symmetric_top_tier::symmetric_top_tier(fbas);
            t
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
    let tt_nodes: Vec<usize> = match &top {
        Ok(t) if t.is_complete() => t.members.clone(),
        _ => (0..fbas.len()).collect(),
    };

    for (analysis, groups, faulty) in [
        (Analysis::BlockingNode, &node_groups, &no_faulty),
        (Analysis::BlockingOrg, &org_groups, &no_faulty),
        (Analysis::BlockingFiltered, &node_groups, &faulty_of),
    ] {
        let m = if fbas.is_empty() {
            Timing::skipped("0 (no quorum)")
        } else {
            measure(
                budget_secs,
                max_reps,
                |b| min_blocking(fbas, &tt_nodes, groups, faulty, b),
                describe_minimum,
            )
            .0
        };
        analyses.insert(analysis, m);
    }

    for (analysis, groups) in [
        (Analysis::SplittingNode, &node_groups),
        (Analysis::SplittingOrg, &org_groups),
    ] {
        let m = match &intersection {
            Ok(Intersection::Split(_)) => Timing::skipped("0 (split)"),
            Ok(Intersection::NoQuorum) => Timing::skipped("0 (none)"),
            _ => {
                measure(
                    budget_secs,
                    max_reps,
                    |b| min_splitting(fbas, groups, &splitting_bound(fbas, &groups.of_node, b), b),
                    describe_minimum,
                )
                .0
            }
        };
        analyses.insert(analysis, m);
    }

    let mut report = None;
    let (m, _) = measure(
        budget_secs,
        max_reps,
        |b| {
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
        analysed_nodes: fbas.len(),
        parse_ms,
        prep_ms,
        analyses,
        values,
        analyze_timings_ms,
        peak_kb: peak_kb(),
    })
}

/// The structural splitting bound the session computes before a search (none once the budget
/// is spent).
pub fn splitting_bound(fbas: &Fbas, group_of: &[usize], budget: &Budget) -> Relaxed {
    bounds::splitting(fbas, group_of, budget).unwrap_or_else(|_| Relaxed::none())
}
