//! One benchmark row, measured in a fresh process (`fbas-bench row`): each analysis separately
//! (medians over a few repetitions, fewer for slow ones), then the full `analyze`, then the
//! process's peak resident memory (VmHWM).
//!
//! The per-analysis calls are the ones `analyze` makes, on the network it makes them on (the
//! legacy preprocessing): blocking gets the top tier computed beforehand (untimed), and
//! splitting is skipped, as in `analyze`, when the intersection check already found a split
//! (answer 0) or no quorum.

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
use serde_json::{json, Map, Value};
use std::path::Path;
use std::time::{Duration, Instant};

/// The analyses timed separately, in table order: (key, column title).
pub const ANALYSES: [(&str, &str); 9] = [
    ("intersection", "intersection"),
    ("minQuorum", "min quorum"),
    ("topTier", "top tier"),
    ("blockingNode", "blocking node"),
    ("blockingOrg", "blocking org"),
    ("blockingFiltered", "filtered blocking node"),
    ("splittingNode", "splitting node"),
    ("splittingOrg", "splitting org"),
    ("full", "full analyze (18 values)"),
];

/// The 18 backend values, in the legacy harness's call order.
pub const VALUES: [&str; 18] = [
    "hasSymmetricTopTier",
    "hasQuorumIntersection",
    "node.topTierSize",
    "organization.topTierSize",
    "country.topTierSize",
    "isp.topTierSize",
    "node.minBlockingSetSize",
    "organization.minBlockingSetSize",
    "country.minBlockingSetSize",
    "isp.minBlockingSetSize",
    "node.minBlockingSetFilteredSize",
    "organization.minBlockingSetFilteredSize",
    "country.minBlockingSetFilteredSize",
    "isp.minBlockingSetFilteredSize",
    "node.minSplittingSetSize",
    "organization.minSplittingSetSize",
    "country.minSplittingSetSize",
    "isp.minSplittingSetSize",
];

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

/// One measured analysis: median time, repetitions, the answer, whether it is unknown.
struct Measured {
    ms: Option<f64>,
    reps: usize,
    answer: String,
    unknown: bool,
    error: bool,
}

impl Measured {
    fn skipped(answer: &str) -> Measured {
        Measured {
            ms: None,
            reps: 0,
            answer: answer.into(),
            unknown: false,
            error: false,
        }
    }

    fn json(&self) -> Value {
        json!({"ms": self.ms, "reps": self.reps, "answer": self.answer,
               "unknown": self.unknown, "error": self.error})
    }
}

fn budget_of(secs: f64) -> Budget {
    Budget {
        deadline: Some(Instant::now() + Duration::from_secs_f64(secs)),
        ..Budget::default()
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
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

/// Time `f` (first run's answer kept) under a fresh budget per run.
fn measure<T>(
    budget_secs: f64,
    max_reps: usize,
    mut f: impl FnMut(&Budget) -> T,
    describe: impl Fn(&T) -> (String, bool, bool),
) -> (Measured, T) {
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
        Measured {
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

fn bound_value(b: Option<Bound>) -> Value {
    match b {
        Some(Bound::Exact(v)) => json!(v),
        Some(Bound::Unknown { lower, upper }) => json!(bounds(lower, upper)),
        None => Value::Null,
    }
}

/// The 18 values of a report, keyed as [`VALUES`]; unknown ones as `"?[lo..hi]"`.
pub fn report_values(r: &Report) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        "hasSymmetricTopTier".into(),
        json!(r.has_symmetric_top_tier),
    );
    m.insert(
        "hasQuorumIntersection".into(),
        match r.has_quorum_intersection {
            Some(b) => json!(b),
            None => json!("?"),
        },
    );
    for (name, l) in [
        ("node", &r.node),
        ("organization", &r.organization),
        ("country", &r.country),
        ("isp", &r.isp),
    ] {
        m.insert(format!("{name}.topTierSize"), bound_value(l.top_tier_size));
        m.insert(
            format!("{name}.minBlockingSetSize"),
            bound_value(l.blocking_sets_min_size),
        );
        m.insert(
            format!("{name}.minBlockingSetFilteredSize"),
            bound_value(l.blocking_sets_filtered_min_size),
        );
        m.insert(
            format!("{name}.minSplittingSetSize"),
            bound_value(l.splitting_sets_min_size),
        );
    }
    m
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

/// Measure one network: every analysis of [`ANALYSES`], then the full analysis.
pub fn run(nodes: &Path, orgs: Option<&Path>, budget_secs: f64, max_reps: usize) -> Value {
    let start = Instant::now();
    let (input, faulty) = match load(nodes, orgs) {
        Ok(x) => x,
        Err(e) => return json!({"error": e}),
    };
    let parse_ms = start.elapsed().as_secs_f64() * 1000.0;

    let start = Instant::now();
    let resolved = match Fbas::from_input(&input) {
        Ok(f) => f,
        Err(e) => return json!({"error": e.to_string()}),
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

    let mut out = Map::new();
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
    out.insert("intersection".into(), m.json());

    let node_keys = Grouping::nodes(&fbas.keys);
    let (m, _) = measure(
        budget_secs,
        max_reps,
        |b| min_quorum(fbas, &node_keys, b),
        describe_minimum,
    );
    out.insert("minQuorum".into(), m.json());

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
    out.insert("topTier".into(), m.json());
    let tt_nodes: Vec<usize> = match &top {
        Ok(t) if t.is_complete() => t.members.clone(),
        _ => (0..fbas.len()).collect(),
    };

    for (key, groups, faulty) in [
        ("blockingNode", &node_groups, &no_faulty),
        ("blockingOrg", &org_groups, &no_faulty),
        ("blockingFiltered", &node_groups, &faulty_of),
    ] {
        let m = if fbas.is_empty() {
            Measured::skipped("0 (no quorum)")
        } else {
            measure(
                budget_secs,
                max_reps,
                |b| min_blocking(fbas, &tt_nodes, groups, faulty, b),
                describe_minimum,
            )
            .0
        };
        out.insert(key.into(), m.json());
    }

    for (key, groups) in [
        ("splittingNode", &node_groups),
        ("splittingOrg", &org_groups),
    ] {
        let m = match &intersection {
            Ok(Intersection::Split(_)) => Measured::skipped("0 (split)"),
            Ok(Intersection::NoQuorum) => Measured::skipped("0 (none)"),
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
        out.insert(key.into(), m.json());
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
            Ok(r) => {
                let values = report_values(r);
                let unknown = values
                    .values()
                    .any(|v| v.as_str().is_some_and(|s| s.starts_with('?')) || v.is_null());
                (String::new(), unknown, false)
            }
            Err(e) => (format!("ERROR {e}"), false, true),
        },
    );
    out.insert("full".into(), m.json());
    let (values, timings) = match report {
        Some(Ok(r)) => (Value::Object(report_values(&r)), json!(r.timings_ms)),
        Some(Err(e)) => (json!({"error": e.to_string()}), Value::Null),
        None => (Value::Null, Value::Null),
    };

    json!({
        "nodes": input.nodes.len(),
        "organizations": input.organizations.len(),
        "faulty": faulty.len(),
        "analysedNodes": fbas.len(),
        "parseMs": parse_ms,
        "prepMs": prep_ms,
        "analyses": out,
        "values": values,
        "analyzeTimingsMs": timings,
        "peakKb": peak_kb(),
    })
}

/// The structural splitting bound the session computes before a search (none once the budget
/// is spent).
pub fn splitting_bound(fbas: &Fbas, group_of: &[usize], budget: &Budget) -> Relaxed {
    bounds::splitting(fbas, group_of, budget).unwrap_or_else(|_| Relaxed::none())
}
