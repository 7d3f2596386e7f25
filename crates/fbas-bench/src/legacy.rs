//! The legacy engine (`@stellarbeat/stellar_analysis_nodejs@0.6.2`) on the same file, through
//! the repository's harness `tools/legacy/analyze.js --file`, which maps the file as the
//! stellarbeat backend does and makes the backend's 18 calls under `LEGACY_TIMEOUT_MS`.

use crate::row::VALUES;
use serde_json::{json, Map, Value};
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

/// The value of one backend field in the harness's result: a number or bool, `"timeout"`, or
/// `{"error": ...}`.
fn field(result: &Value, name: &str) -> Value {
    let get = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    let failed = |v: &Value| v.is_string() || v.get("error").is_some();
    match name {
        "hasSymmetricTopTier" | "hasQuorumIntersection" => get(result, name),
        _ => {
            let (level, what) = name.split_once('.').unwrap_or((name, ""));
            let l = get(result, level);
            let (key, min) = match what {
                "topTierSize" => ("topTierSize", false),
                "minBlockingSetSize" => ("blockingSets", true),
                "minBlockingSetFilteredSize" => ("blockingSetsFiltered", true),
                _ => ("splittingSets", true),
            };
            let v = get(&l, key);
            if failed(&v) || !min {
                v
            } else {
                get(&v, "min")
            }
        }
    }
}

/// One run of the harness on `nodes` (+ `orgs`) with a budget of `budget_secs`.
pub fn run_once(repo: &Path, nodes: &Path, orgs: Option<&Path>, budget_secs: f64) -> Value {
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
        Err(e) => return json!({"error": format!("cannot run node: {e}")}),
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
            return json!({"error": format!("harness failed ({status:?}): {}",
                                           stderr.lines().last().unwrap_or(""))})
        }
    };
    let elapsed = result.get("elapsedMs").cloned().unwrap_or(json!({}));
    let calls = elapsed.as_object().map_or(0, Map::len);
    let total: f64 = elapsed
        .as_object()
        .map(|m| m.values().filter_map(Value::as_f64).sum())
        .unwrap_or(0.0);
    let mut values = Map::new();
    let mut errors = vec![];
    for name in VALUES {
        let v = field(&result, name);
        if let Some(e) = v.get("error") {
            errors.push(format!("{name}: {e}"));
        }
        values.insert(name.into(), v);
    }
    let timeout = calls < VALUES.len();
    json!({
        "timeout": timeout,
        "callsDone": calls,
        "totalMs": if timeout { Value::Null } else { json!(total) },
        "callsMs": elapsed,
        "wallMs": wall_ms,
        "peakKb": peak.load(Ordering::Relaxed),
        "values": values,
        "errors": errors,
        "droppedNullQuorumSetNodes": result.get("droppedNullQuorumSetNodes"),
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
) -> Value {
    let mut first = run_once(repo, nodes, orgs, budget_secs);
    let Some(t) = first.get("totalMs").and_then(Value::as_f64) else {
        return first;
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
        let again = run_once(repo, nodes, orgs, budget_secs);
        match again.get("totalMs").and_then(Value::as_f64) {
            Some(t) => totals.push(t),
            None => break,
        }
    }
    totals.sort_by(|a, b| a.total_cmp(b));
    let median = if totals.len() % 2 == 1 {
        totals[totals.len() / 2]
    } else {
        (totals[totals.len() / 2 - 1] + totals[totals.len() / 2]) / 2.0
    };
    first["firstTotalMs"] = json!(t);
    first["totalMs"] = json!(median);
    first["reps"] = json!(totals.len());
    first
}
