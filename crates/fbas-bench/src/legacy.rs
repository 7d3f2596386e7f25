//! The legacy engine (`@stellarbeat/stellar_analysis_nodejs@0.6.2`) on the same file, through
//! the repository's harness `tools/legacy/analyze.js --file`, which maps the file as the
//! stellarbeat backend does and makes the backend's 18 calls under `LEGACY_TIMEOUT_MS`.

use crate::results::{Key, LegacyRun, Measure, Outcome, Recorded, Values};
use crate::row::median;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Peak VmHWM (kB) of process `pid`, polled every 20 ms until `done`.
fn watch_memory(pid: u32, done: Arc<AtomicBool>, peak: Arc<AtomicU64>) {
    while !done.load(Ordering::Relaxed) {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            if let Some(kb) = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|s| s.parse::<u64>().ok())
            {
                peak.fetch_max(kb, Ordering::Relaxed);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The value of `key` in the harness's result, as it is there: a number or bool, `"timeout"`,
/// or `{"error": ...}` (`null` when missing).
fn field(result: &Value, key: Key) -> Value {
    let get = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    let failed = |v: &Value| v.is_string() || v.get("error").is_some();
    match key {
        Key::HasSymmetricTopTier | Key::HasQuorumIntersection => get(result, &key.to_string()),
        Key::At(level, measure) => {
            let sets = match measure {
                Measure::TopTier => return get(&get(result, level.name()), "topTierSize"),
                Measure::MinBlockingSet => "blockingSets",
                Measure::MinBlockingSetFiltered => "blockingSetsFiltered",
                Measure::MinSplittingSet => "splittingSets",
            };
            let v = get(&get(result, level.name()), sets);
            if failed(&v) {
                v
            } else {
                get(&v, "min")
            }
        }
    }
}

/// One run of the harness on `nodes` (+ `orgs`) with a budget of `budget_secs`.
fn run_once(
    repo: &Path,
    nodes: &Path,
    orgs: Option<&Path>,
    budget_secs: f64,
) -> Outcome<LegacyRun> {
    let mut cmd = Command::new("node");
    cmd.current_dir(repo)
        .arg("tools/legacy/analyze.js")
        .arg("--file")
        .arg(nodes)
        .env(
            "LEGACY_TIMEOUT_MS",
            format!("{}", (budget_secs * 1000.0) as u64),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(o) = orgs {
        cmd.arg("--orgs").arg(o);
    }
    let start = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Outcome::Failed {
                error: format!("cannot run node: {e}"),
            }
        }
    };
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let watcher = {
        let (done, peak, pid) = (done.clone(), peak.clone(), child.id());
        std::thread::spawn(move || watch_memory(pid, done, peak))
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_string(&mut stdout);
    }
    if let Some(mut s) = child.stderr.take() {
        let _ = s.read_to_string(&mut stderr);
    }
    let status = child.wait();
    done.store(true, Ordering::Relaxed);
    let _ = watcher.join();
    let wall_ms = start.elapsed().as_secs_f64() * 1000.0;
    let result: Value = match serde_json::from_str(stdout.trim()) {
        Ok(v) => v,
        Err(_) => {
            return Outcome::Failed {
                error: format!(
                    "harness failed ({status:?}): {}",
                    stderr.lines().last().unwrap_or("")
                ),
            }
        }
    };
    let calls_ms: BTreeMap<String, f64> = result
        .get("elapsedMs")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(call, ms)| Some((call.clone(), ms.as_f64()?)))
        .collect();
    let mut values = Values::default();
    let mut errors = vec![];
    for key in Key::all() {
        let v = field(&result, key);
        if let Some(e) = v.get("error") {
            errors.push(format!("{key}: {e}"));
        }
        values.insert(
            key,
            serde_json::from_value::<Option<Recorded>>(v).ok().flatten(),
        );
    }
    let timeout = calls_ms.len() < Key::all().count();
    Outcome::Done(LegacyRun {
        timeout,
        calls_done: calls_ms.len(),
        total_ms: (!timeout).then(|| calls_ms.values().sum()),
        calls_ms,
        wall_ms,
        peak_kb: peak.load(Ordering::Relaxed),
        values,
        errors,
        dropped_null_quorum_set_nodes: result
            .get("droppedNullQuorumSetNodes")
            .and_then(Value::as_u64),
        first_total_ms: None,
        reps: None,
    })
}

/// Run the harness; when it finished quickly, run it again (up to `max_reps` in all, 3 for runs
/// over a second) and keep the median total. Values come from the first run.
pub fn run(
    repo: &Path,
    nodes: &Path,
    orgs: Option<&Path>,
    budget_secs: f64,
    max_reps: usize,
) -> Outcome<LegacyRun> {
    let mut first = match run_once(repo, nodes, orgs, budget_secs) {
        Outcome::Done(run) => run,
        failed => return failed,
    };
    let Some(t) = first.total_ms else {
        return Outcome::Done(first);
    };
    let reps = if t < 1000.0 {
        max_reps.max(1)
    } else if t < 5000.0 {
        max_reps.clamp(1, 3)
    } else {
        1
    };
    let mut totals = vec![t];
    for _ in 1..reps {
        match run_once(repo, nodes, orgs, budget_secs) {
            Outcome::Done(LegacyRun {
                total_ms: Some(t), ..
            }) => totals.push(t),
            _ => break,
        }
    }
    first.first_total_ms = Some(t);
    first.reps = Some(totals.len());
    first.total_ms = Some(median(totals));
    Outcome::Done(first)
}
