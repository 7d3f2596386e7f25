//! The node-level lists of minimal sets, each enumeration timed on its own (`fbas-bench
//! lists`): the direct search ([`direct`]) next to the solver's enumeration, medians over
//! repetitions, on the preprocessed network the lists are computed on; plus the filtered
//! blocking sets derived from the blocking list (faulty: the nodes not validating) and what
//! [`node_lists`] picks. Every pair of lists is compared: a difference is an error.
//!
//! The default networks are the real snapshots (`tests/data/stellarbeat/*`, mobilecoin);
//! `--families`/`--sizes` add generated ones, where the direct search may run out of its
//! allowance (then the row says how much work it did before).

use crate::row::load;
use crate::suite::shared_networks;
use fbas_core::analyses::direct::{self, Enumerated};
use fbas_core::analyses::node_lists;
use fbas_core::analyses::orbits::Effort;
use fbas_core::analyses::top_tier::top_tier;
use fbas_core::analyses::{blocking, quorums, splitting};
use fbas_core::network::fbas::Fbas;
use fbas_core::network::grouping::Grouping;
use fbas_core::network::preprocess::legacy_core;
use fbas_core::outcome::Failure;
use fbas_core::Budget;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to measure.
pub struct ListsOptions {
    /// (name, nodes file, organizations file)
    pub networks: Vec<(String, PathBuf, Option<PathBuf>)>,
    pub reps: usize,
    /// Repetitions of the solver's enumerations (slower).
    pub sat_reps: usize,
    pub limit: usize,
    pub budget: f64,
    /// The direct search's allowance (`None`: unbounded, to see how much work it needs).
    pub allowance: Option<u64>,
}

/// How one enumeration ended.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Ended {
    /// Up to the limit of sets; `complete`: all of them.
    Listed {
        sets: usize,
        complete: bool,
    },
    /// The direct search ran out of its allowance.
    GaveUp,
    /// The budget ran out (its reason).
    Stopped(&'static str),
    Error(String),
}

/// One list by direct search and by the solver.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListRow {
    pub direct_ms: f64,
    pub direct: Ended,
    /// The direct search's units of work.
    pub work: u64,
    pub sat_ms: f64,
    pub sat: Ended,
}

/// The filtered blocking sets, derived from the blocking list and by the solver.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilteredRow {
    pub derived_ms: f64,
    pub sets: usize,
    pub sat_ms: f64,
    pub sat: Ended,
}

/// One network's lists.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkRow {
    pub network: String,
    pub core_nodes: usize,
    pub top_tier: usize,
    pub minimal_quorums: ListRow,
    pub blocking_sets: ListRow,
    /// `None` when the blocking list was not complete.
    pub filtered_blocking_sets: Option<FilteredRow>,
    pub splitting_sets: ListRow,
    /// What `node_lists` takes per list: quorums, blocking, splitting.
    pub dispatched_ms: [f64; 3],
    /// Lists that differ between methods, internal errors.
    pub errors: Vec<String>,
}

/// The real snapshots of the shared networks (`stellarbeat/*`, mobilecoin), with their
/// organizations.
pub fn real_snapshots(repo: &Path) -> Result<Vec<(String, PathBuf, Option<PathBuf>)>, String> {
    let (real, _) = shared_networks(repo)?;
    Ok(real
        .into_iter()
        .filter(|s| s.name.starts_with("stellarbeat/") || s.name.contains("mobilecoin"))
        .map(|s| (s.name, s.nodes, s.orgs))
        .collect())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The median time of `reps` runs of `f` and its last answer.
fn timed<T>(reps: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(reps);
    let mut last = None;
    for _ in 0..reps.max(1) {
        let start = Instant::now();
        last = Some(f());
        times.push(ms(start.elapsed()));
    }
    (median(times), last.expect("at least one run"))
}

/// A budget of `opts.budget` seconds from now.
fn budget(opts: &ListsOptions) -> Budget {
    Budget {
        deadline: Some(Instant::now() + Duration::from_secs_f64(opts.budget)),
        ..Budget::default()
    }
}

fn describe(r: &Result<Enumerated, Failure>) -> Ended {
    match r {
        Ok((sets, complete)) => Ended::Listed {
            sets: sets.len(),
            complete: *complete,
        },
        Err(Failure::Stopped(stop)) => Ended::Stopped(stop.name()),
        Err(Failure::Internal(e)) => Ended::Error(e.clone()),
    }
}

/// One list: the direct search (with the allowance asked for: "gave up" when it ran out, with
/// the work done), the solver's enumeration, and whether they agree.
fn measure(
    opts: &ListsOptions,
    direct: impl Fn(&mut Effort) -> Result<Option<Enumerated>, Failure>,
    sat: impl Fn(&Budget) -> Result<Enumerated, Failure>,
    errors: &mut Vec<String>,
    what: &str,
) -> (ListRow, Option<Enumerated>) {
    let mut work = 0;
    let (direct_ms, direct_result) = timed(opts.reps, || {
        let budget = budget(opts);
        let mut effort = Effort::new(opts.allowance, &budget);
        let r = direct(&mut effort);
        work = effort.spent();
        r
    });
    let (sat_ms, sat_result) = timed(opts.sat_reps, || sat(&budget(opts)));
    let direct_ended = match &direct_result {
        Ok(Some(found)) => describe(&Ok(found.clone())),
        Ok(None) => Ended::GaveUp,
        Err(e) => describe(&Err(e.clone())),
    };
    if let (Ok(Some(a)), Ok(b)) = (&direct_result, &sat_result) {
        if a != b && a.1 && b.1 {
            errors.push(format!("{what}: the direct search and the solver differ"));
        }
    }
    if let Err(Failure::Internal(e)) = &direct_result {
        errors.push(format!("{what}: direct: {e}"));
    }
    if let Err(Failure::Internal(e)) = &sat_result {
        errors.push(format!("{what}: solver: {e}"));
    }
    let row = ListRow {
        direct_ms,
        direct: direct_ended,
        work,
        sat_ms,
        sat: describe(&sat_result),
    };
    (row, direct_result.ok().flatten())
}

/// Measure every network; one row per network, each also given to `done` as soon as it is
/// measured.
pub fn run(
    opts: &ListsOptions,
    mut done: impl FnMut(&NetworkRow),
) -> Result<Vec<NetworkRow>, String> {
    let mut rows = Vec::new();
    for (name, nodes, orgs) in &opts.networks {
        let (input, faulty_keys) = load(nodes, orgs.as_deref())?;
        let resolved = Fbas::from_input(&input).map_err(|e| e.to_string())?;
        let analysed = legacy_core(&resolved);
        let fbas = &analysed.fbas;
        let tt = top_tier(fbas, &budget(opts)).map_err(|e| format!("{name}: top tier: {e:?}"))?;
        if !tt.is_complete() {
            return Err(format!("{name}: top tier not complete"));
        }
        let tt = tt.members;
        let limit = opts.limit;
        let mut errors = Vec::new();
        let (quorums_row, _) = measure(
            opts,
            |e| direct::minimal_quorums(fbas, limit, e),
            |b| quorums::minimal_quorums(fbas, limit, b),
            &mut errors,
            "minimal quorums",
        );
        let nodes_grouping = Grouping::nodes(&fbas.keys);
        let no_faulty = vec![false; fbas.len()];
        let (blocking_row, blocking_list) = measure(
            opts,
            |e| direct::minimal_blocking_sets(fbas, &tt, limit, e),
            |b| blocking::minimal_blocking_sets(fbas, &tt, &nodes_grouping, &no_faulty, limit, b),
            &mut errors,
            "blocking sets",
        );
        let (splitting_row, _) = measure(
            opts,
            |e| direct::minimal_splitting_sets(fbas, limit, e),
            |b| splitting::minimal_splitting_sets(fbas, limit, b),
            &mut errors,
            "splitting sets",
        );
        let faulty: Vec<bool> = fbas.keys.iter().map(|k| faulty_keys.contains(k)).collect();
        let filtered_row = match &blocking_list {
            Some((list, true)) => {
                let (derive_ms, derived) = timed(opts.reps, || {
                    node_lists::filtered_blocking_sets(list, &faulty)
                });
                let (sat_ms, sat) = timed(opts.sat_reps, || {
                    let b = budget(opts);
                    blocking::minimal_blocking_sets(fbas, &tt, &nodes_grouping, &faulty, limit, &b)
                });
                if let Ok((sets, true)) = &sat {
                    if *sets != derived {
                        errors.push("filtered blocking sets: derived and solver differ".into());
                    }
                }
                Some(FilteredRow {
                    derived_ms: derive_ms,
                    sets: derived.len(),
                    sat_ms,
                    sat: describe(&sat),
                })
            }
            _ => None,
        };
        let dispatched = {
            let (q, _) = timed(opts.reps, || {
                node_lists::minimal_quorums(fbas, limit, &budget(opts))
            });
            let (b, _) = timed(opts.reps, || {
                node_lists::minimal_blocking_sets(fbas, &tt, limit, &budget(opts))
            });
            let (s, _) = timed(opts.reps, || {
                node_lists::minimal_splitting_sets(fbas, limit, &budget(opts))
            });
            [q, b, s]
        };
        let row = NetworkRow {
            network: name.clone(),
            core_nodes: fbas.len(),
            top_tier: tt.len(),
            minimal_quorums: quorums_row,
            blocking_sets: blocking_row,
            filtered_blocking_sets: filtered_row,
            splitting_sets: splitting_row,
            dispatched_ms: dispatched,
            errors,
        };
        done(&row);
        rows.push(row);
    }
    Ok(rows)
}

/// The rows as a markdown document: how they were measured (`header`: when, where, by which
/// command), then one table.
pub fn markdown(rows: &[NetworkRow], header: &str, opts: &ListsOptions) -> String {
    let ms = |x: f64| match x < 10.0 {
        true => format!("{x:.2} ms"),
        false => format!("{x:.0} ms"),
    };
    let outcome = |e: &Ended| match e {
        Ended::Listed { sets, complete } => format!("{sets}{}", if *complete { "" } else { "+" }),
        Ended::GaveUp => "gave up".into(),
        Ended::Stopped(why) => why.to_string(),
        Ended::Error(e) => e.clone(),
    };
    let cell = |l: &ListRow| {
        format!(
            "{} ({}, {} units) / {}",
            ms(l.direct_ms),
            outcome(&l.direct),
            l.work,
            ms(l.sat_ms)
        )
    };
    let mut out = format!(
        "# Lists of minimal sets: direct search and solver\n\n{header}\n\n\
         Each node-level list on the preprocessed network (the legacy core), cut at {limit} sets \
         (`+`: cut). A cell is *direct* (`analyses::direct`, median of {reps} runs: time, sets, \
         units of work) / *solver* (the SAT enumeration of `quorums`, `blocking`, `splitting`, \
         median of {sat_reps}). *Filtered blocking*: derived from the blocking list \
         (`node_lists::filtered_blocking_sets`, faulty = the nodes not validating) / the \
         solver's enumeration with those faulty nodes. *Dispatched*: `node_lists` (direct \
         search within its allowance, else the solver), per list. Budget {budget} s per \
         enumeration; every pair of complete lists was compared and is equal.\n\n\
         | network | core nodes | minimal quorums | blocking sets | filtered blocking | \
         splitting sets | dispatched q / b / s |\n|---|---|---|---|---|---|---|\n",
        limit = opts.limit,
        reps = opts.reps,
        sat_reps = opts.sat_reps,
        budget = opts.budget,
    );
    for r in rows {
        let filtered = match &r.filtered_blocking_sets {
            None => "–".into(),
            Some(f) => format!("{} ({}) / {}", ms(f.derived_ms), f.sets, ms(f.sat_ms)),
        };
        let dispatched: Vec<String> = r.dispatched_ms.iter().map(|&x| ms(x)).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            r.network,
            r.core_nodes,
            cell(&r.minimal_quorums),
            cell(&r.blocking_sets),
            filtered,
            cell(&r.splitting_sets),
            dispatched.join(" / "),
        ));
    }
    out
}
