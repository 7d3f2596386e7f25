//! Where an analysis's time goes: the size and build time of the SAT encodings' building blocks
//! (from `fbas_core::sat::encode`, the same calls the analyses make) next to the analysis's total
//! time (one [`Network`] session's calls, each prerequisite computed by the call before), so that
//! total − encoding ≈ solving. Function-level detail: run `fbas-bench row` under `perf record`
//! (see BENCHMARKS.md).

use crate::row::load;
use fbas_core::sat::encode;
use fbas_core::sat::solver::Sat;
use fbas_core::{Budget, Level, Network};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn budget(secs: f64) -> Budget {
    Budget {
        deadline: Some(Instant::now() + Duration::from_secs_f64(secs)),
        ..Budget::default()
    }
}

/// Build an encoding on a fresh solver; its time and (variables, clauses).
fn encoding(f: impl FnOnce(&mut Sat)) -> Value {
    // Under the default clause cap: a capped encoding reports the cap as its size.
    let b = Budget::default();
    let start = Instant::now();
    let mut sat = Sat::new(&b);
    f(&mut sat);
    let t = start.elapsed();
    let (vars, clauses) = sat.size();
    json!({"ms": ms(t), "vars": vars, "clauses": clauses})
}

fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let start = Instant::now();
    let r = f();
    (ms(start.elapsed()), r)
}

pub fn run(
    nodes: &Path,
    orgs: Option<&Path>,
    level: &str,
    budget_secs: f64,
) -> Result<Value, String> {
    let (input, _faulty) = load(nodes, orgs)?;
    let net = Network::new(input).map_err(|e| e.to_string())?;
    let fbas = net.fbas();
    let level = match level {
        "node" => Level::Node,
        "organization" | "org" => Level::Organization,
        other => return Err(format!("--level: `{other}` (node or organization)")),
    };
    let groups = net.grouping(level);
    let mut distinct = fbas.qsets.clone();
    distinct.sort_unstable();
    distinct.dedup();

    // Intersection: two quorum encodings and one solve.
    let quorum_pair = encoding(|sat| {
        let x = encode::quorum(sat, fbas);
        let y = encode::quorum(sat, fbas);
        for v in 0..fbas.len() {
            sat.clause(&[!x[v], !y[v]]);
        }
    });
    let (intersection_ms, intersection) = timed(|| net.intersection(&budget(budget_secs)));

    // Blocking: the failure cascade over the top tier (as many rounds as distinct sets).
    let (tt_ms, tt) = timed(|| net.top_tier(&budget(budget_secs)));
    let tt_nodes: Vec<usize> = match &tt {
        Ok(t) if t.is_complete() => t.members.clone(),
        _ => (0..fbas.len()).collect(),
    };
    let tt_fbas = fbas.select(&tt_nodes);
    let mut tt_distinct = tt_fbas.qsets.clone();
    tt_distinct.sort_unstable();
    tt_distinct.dedup();
    let cascade = encoding(|sat| {
        let failed: Vec<_> = (0..tt_fbas.len()).map(|_| sat.lit()).collect();
        for f in encode::cascade(sat, &tt_fbas, &failed) {
            sat.clause(&[f]);
        }
    });
    let no_faulty = vec![false; fbas.len()];
    let (blocking_ms, blocking) =
        timed(|| net.min_blocking(level, &no_faulty, &budget(budget_secs)));

    // Splitting: a deleted set and two quorums "satisfied with the deleted nodes' help".
    let splitting_enc = encoding(|sat| {
        encode::split_after_delete(sat, fbas);
    });
    let (splitting_ms, splitting) = timed(|| net.min_splitting(level, &budget(budget_secs)));

    Ok(json!({
        "analysedNodes": fbas.len(),
        "distinctQuorumSets": distinct.len(),
        "arenaQuorumSets": fbas.arena.len(),
        "groups": groups.names.len(),
        "intersection": {"totalMs": intersection_ms, "answer": format!("{intersection:?}").chars().take(40).collect::<String>(),
                          "encodingTwoQuorums": quorum_pair},
        "topTier": {"totalMs": tt_ms, "size": tt.as_ref().map(|t| t.members.len()).ok(),
                    "complete": tt.as_ref().map(|t| t.is_complete()).ok()},
        "blocking": {"totalMs": blocking_ms, "answer": format!("{:?}", blocking.map(|m| m.bound())),
                     "topTierNodes": tt_nodes.len(), "cascadeRounds": tt_distinct.len(),
                     "encodingCascade": cascade},
        "splitting": {"totalMs": splitting_ms, "answer": format!("{:?}", splitting.map(|m| m.bound())),
                      "encodingCore": splitting_enc},
    }))
}
