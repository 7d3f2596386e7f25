//! The suite: which rows, and running them one after the other (never two heavy jobs at once):
//! each row's fbas-sat measurement in a fresh child process (`fbas-bench row`, so its VmHWM is
//! the row's own peak), then the legacy engine on the same file, then any external tool
//! ([`crate::external`]). Every finished row is
//! appended to a JSON-lines results file at once, so an interrupted suite keeps what it
//! measured (and `--resume` skips it).

use crate::legacy;
use crate::results::{Analysis, ExternalRun, Measurement, Meta, Outcome, Results, Row};
use fbas_testkit::generate::{generate, Family};
use fbas_testkit::stellarbeat;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Generated families, in table order.
pub const FAMILIES: [&str; 6] = [
    "symmetric",
    "almost-symmetric",
    "core-style",
    "tiered",
    "broken-split",
    "broken-blocking",
];
pub const SIZES: [usize; 6] = [10, 16, 25, 50, 100, 200];
pub const QUICK_SIZES: [usize; 2] = [10, 16];
pub const SEED: u64 = 1;

/// One row to measure.
#[derive(Debug, Clone)]
pub struct Spec {
    /// `real`, `python-fbas`, or the family name.
    pub group: String,
    /// The network's name in the tables (path under tests/data, or `family N`).
    pub name: String,
    /// Number of organizations, for generated rows.
    pub size: Option<usize>,
    pub nodes: PathBuf,
    pub orgs: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct SuiteOptions {
    pub repo: PathBuf,
    pub budget: f64,
    pub legacy_budget: f64,
    pub reps: usize,
    pub legacy: bool,
    pub quick: bool,
    pub only: Vec<String>,
    pub sizes: Vec<usize>,
    pub families: Vec<String>,
    pub results: PathBuf,
    pub resume: bool,
    /// With `resume`: measure the selected rows again, dropping their earlier results but
    /// keeping their runs of the external tools not given this time ([`carried_external`]).
    pub again: bool,
    /// Address-space limit of each row's process, in MB.
    pub mem_limit_mb: u64,
    /// Other tools measured on each row after the legacy engine.
    pub external: Vec<crate::external::Tool>,
}

/// Write `family` with `size` organizations from `seed` as `<dir>/<file stem>-nodes.json` and
/// `-organizations.json` (the names `fbas-sat analyze` pairs up); returns both paths.
pub fn write_generated(
    family: &Family,
    size: usize,
    seed: u64,
    dir: &Path,
) -> std::io::Result<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(dir)?;
    let input = generate(family, size, seed);
    let stem = format!(
        "{}-{size}-s{seed}",
        family.to_string().replace([':', '='], "_")
    );
    let nodes = dir.join(format!("{stem}-nodes.json"));
    let orgs = dir.join(format!("{stem}-organizations.json"));
    std::fs::write(
        &nodes,
        serde_json::to_string_pretty(&stellarbeat::nodes(&input))?,
    )?;
    std::fs::write(
        &orgs,
        serde_json::to_string_pretty(&stellarbeat::organizations(&input))?,
    )?;
    Ok((nodes, orgs))
}

/// The shared networks listed in tests/data/legacy-engine.json, with their organizations files:
/// the real snapshots (group `real`), then the python-fbas networks (group `python-fbas`), its
/// generator's networks last.
pub fn shared_networks(repo: &Path) -> Result<(Vec<Spec>, Vec<Spec>), String> {
    let data = repo.join("tests/data");
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("legacy-engine.json"))
            .map_err(|e| format!("tests/data/legacy-engine.json: {e}"))?,
    )
    .map_err(|e| e.to_string())?;
    let networks = reference["networks"]
        .as_object()
        .ok_or("legacy-engine.json has no `networks`")?;
    let mut real = vec![];
    let mut python = vec![];
    for (name, record) in networks {
        let spec = Spec {
            group: String::new(),
            name: name.clone(),
            size: None,
            nodes: data.join(name),
            orgs: record["organizationsFile"].as_str().map(|o| data.join(o)),
        };
        if name.starts_with("python-fbas/") {
            python.push(Spec {
                group: "python-fbas".into(),
                ..spec
            });
        } else {
            real.push(Spec {
                group: "real".into(),
                ..spec
            });
        }
    }
    python.extend(generated_python_fbas(&data)?);
    Ok((real, python))
}

/// The networks python-fbas' generator made, `tests/data/python-fbas/generated/X.json` with their
/// organizations in `X_orgs.json` (no legacy-engine reference: that engine does not finish them).
fn generated_python_fbas(data: &Path) -> Result<Vec<Spec>, String> {
    let dir = data.join("python-fbas/generated");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut specs = vec![];
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        let Some(stem) = file.strip_suffix(".json") else {
            continue;
        };
        if stem.ends_with("_orgs") {
            continue;
        }
        specs.push(Spec {
            group: "python-fbas".into(),
            name: format!("python-fbas/generated/{file}"),
            size: None,
            orgs: Some(dir.join(format!("{stem}_orgs.json"))),
            nodes: path,
        });
    }
    specs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(specs)
}

/// Every row: the real snapshots, the python-fbas networks, then the generated families by
/// size. Quick mode keeps the real networks, a sample of python-fbas, and small sizes.
pub fn specs(opts: &SuiteOptions) -> Result<Vec<Spec>, String> {
    let (real, mut python) = shared_networks(&opts.repo)?;
    if opts.quick {
        python = python.into_iter().step_by(10).collect();
    }
    let mut all = real;
    all.extend(python);
    let dir = opts.repo.join("target/bench-networks");
    for size in &opts.sizes {
        for fam in &opts.families {
            let family = Family::parse(fam)?;
            let (nodes, orgs) =
                write_generated(&family, *size, SEED, &dir).map_err(|e| e.to_string())?;
            all.push(Spec {
                group: fam.clone(),
                name: format!("{fam} {size}"),
                size: Some(*size),
                nodes,
                orgs: Some(orgs),
            });
        }
    }
    if !opts.only.is_empty() {
        all.retain(|s| opts.only.iter().any(|o| s.name.contains(o.as_str())));
    }
    Ok(all)
}

/// Run `fbas-bench row` on `spec` in a child process, killing it after `limit`.
fn run_child(spec: &Spec, opts: &SuiteOptions, limit: Duration) -> Outcome<Measurement> {
    let failed = |error: String| Outcome::Failed { error };
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => return failed(format!("current_exe: {e}")),
    };
    // The row runs under `ulimit -v`, so a blow-up ends that row instead of the shared machine.
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "ulimit -v {} && exec \"$0\" \"$@\"",
            opts.mem_limit_mb * 1024
        ))
        .arg(exe)
        .arg("row")
        .arg(&spec.nodes)
        .arg("--budget")
        .arg(opts.budget.to_string())
        .arg("--reps")
        .arg(opts.reps.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if let Some(o) = &spec.orgs {
        cmd.arg("--orgs").arg(o);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return failed(format!("spawn: {e}")),
    };
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut out) = stdout {
            use std::io::Read;
            let _ = out.read_to_string(&mut s);
        }
        s
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    let out = reader.join().unwrap_or_default();
    match status {
        None => failed(format!("killed after {} s", limit.as_secs())),
        Some(s) if !s.success() => failed(format!(
            "row process failed ({s}); limit {} MB of address space",
            opts.mem_limit_mb
        )),
        Some(_) => serde_json::from_str(out.trim())
            .unwrap_or_else(|e| failed(format!("bad row output: {e}"))),
    }
}

/// Per row named in `names`, its runs of the external tools not among `measured` (which this
/// run measures again), each marked with the date and commit of the run that measured it. An
/// external tool's times do not depend on fbas-sat, so re-measuring fbas-sat alone keeps them.
fn carried_external(
    earlier: &Results,
    names: &std::collections::HashSet<&str>,
    measured: &[crate::external::Tool],
) -> HashMap<String, Vec<ExternalRun>> {
    let mut carried: HashMap<String, Vec<ExternalRun>> = HashMap::new();
    for row in earlier
        .rows
        .iter()
        .filter(|r| names.contains(r.name.as_str()))
    {
        let meta = &earlier.runs[row.run];
        let runs = row
            .external
            .iter()
            .filter(|e| !measured.iter().any(|t| t.name == e.tool))
            .map(|e| ExternalRun {
                measured: e.measured.clone().or_else(|| {
                    let at = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
                    Some(format!("{} at {}", at(&meta.date), at(&meta.commit)))
                }),
                ..e.clone()
            });
        carried.entry(row.name.clone()).or_default().extend(runs);
    }
    carried
}

/// A results file's text without the rows named in `names`, and without the runs left with
/// no row (a run is its `meta` line and the rows after it).
fn without_rows(text: &str, names: &std::collections::HashSet<&str>) -> String {
    let mut runs: Vec<(&str, Vec<&str>)> = vec![];
    for line in text.lines() {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if value.get("meta").is_some() {
            runs.push((line, vec![]));
        } else if !value["name"].as_str().is_some_and(|n| names.contains(n)) {
            match runs.last_mut() {
                Some((_, rows)) => rows.push(line),
                None => runs.push(("", vec![line])),
            }
        }
    }
    let mut out = String::new();
    for (meta, rows) in runs.into_iter().filter(|(_, rows)| !rows.is_empty()) {
        for line in std::iter::once(meta).chain(rows).filter(|l| !l.is_empty()) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Run every row, appending each result to `opts.results`.
pub fn run(opts: &SuiteOptions, meta: &Meta) -> Result<(), String> {
    let specs = specs(opts)?;
    let mut done = std::collections::HashSet::new();
    let mut carried = HashMap::new();
    if opts.resume {
        if let Ok(text) = std::fs::read_to_string(&opts.results) {
            let text = if opts.again {
                let selected: std::collections::HashSet<&str> =
                    specs.iter().map(|s| s.name.as_str()).collect();
                let earlier = Results::parse(&text)
                    .map_err(|e| format!("{}: {e}", opts.results.display()))?;
                carried = carried_external(&earlier, &selected, &opts.external);
                let kept = without_rows(&text, &selected);
                std::fs::write(&opts.results, &kept).map_err(|e| e.to_string())?;
                kept
            } else {
                text
            };
            let results =
                Results::parse(&text).map_err(|e| format!("{}: {e}", opts.results.display()))?;
            done.extend(results.rows.into_iter().map(|r| r.name));
        }
    } else if let Some(parent) = opts.results.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        std::fs::write(&opts.results, "").map_err(|e| e.to_string())?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&opts.results)
        .map_err(|e| format!("{}: {e}", opts.results.display()))?;
    writeln!(file, "{}", json!({ "meta": meta })).map_err(|e| e.to_string())?;
    // Ten analyses plus the full one, each within the budget, plus slack for overshoot.
    let limit = Duration::from_secs_f64(opts.budget * 22.0 + 120.0);
    let total = specs.len();
    for (i, spec) in specs.iter().enumerate() {
        if done.contains(&spec.name) {
            continue;
        }
        let rel = |p: &Path| {
            p.strip_prefix(&opts.repo)
                .unwrap_or(p)
                .display()
                .to_string()
        };
        eprint!("[{}/{total}] {} ... ", i + 1, spec.name);
        let start = Instant::now();
        let fbas = run_child(spec, opts, limit);
        let fbas_s = start.elapsed().as_secs_f64();
        let legacy = if opts.legacy {
            Some(legacy::run(
                &opts.repo,
                &spec.nodes,
                spec.orgs.as_deref(),
                opts.legacy_budget,
                opts.reps,
            ))
        } else {
            None
        };
        let row = Row {
            group: spec.group.clone(),
            name: spec.name.clone(),
            size: spec.size,
            nodes_file: rel(&spec.nodes),
            orgs_file: spec.orgs.as_deref().map(rel),
            budget_s: opts.budget,
            legacy_budget_s: opts.legacy_budget,
            fbas,
            legacy,
            external: opts
                .external
                .iter()
                .map(|tool| {
                    crate::external::run(
                        tool,
                        &spec.nodes,
                        spec.orgs.as_deref(),
                        &opts.repo.join("target/bench-external"),
                        opts.budget,
                    )
                })
                .chain(carried.remove(&spec.name).unwrap_or_default())
                .collect(),
            run: 0,
        };
        let full = row.timing(Analysis::Full).and_then(|t| t.ms);
        eprintln!(
            "fbas-sat full {} ms ({fbas_s:.1} s for the row), legacy {}",
            full.map_or("-".into(), |v| format!("{v:.1}")),
            match (&row.legacy, row.legacy().and_then(|l| l.total_ms)) {
                (_, Some(t)) => format!("{t:.1} ms"),
                (None, _) => "not run".into(),
                _ => "timeout".into(),
            }
        );
        let line = serde_json::to_string(&row).map_err(|e| e.to_string())?;
        writeln!(file, "{line}").map_err(|e| e.to_string())?;
        file.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measuring_again_drops_the_selected_rows_and_the_runs_left_empty() {
        let text = concat!(
            "{\"meta\":{\"commit\":\"a\"}}\n",
            "{\"name\":\"x\"}\n",
            "{\"meta\":{\"commit\":\"b\"}}\n",
            "{\"name\":\"y\"}\n",
            "{\"name\":\"z\"}\n",
        );
        let names = ["x", "z"].into_iter().collect();
        assert_eq!(
            without_rows(text, &names),
            "{\"meta\":{\"commit\":\"b\"}}\n{\"name\":\"y\"}\n"
        );
    }

    /// Measuring a row again without an external tool keeps that tool's run, marked with the
    /// run that measured it (a mark already there stays); a tool measured again is not kept.
    #[test]
    fn measuring_again_keeps_the_external_runs_not_measured_again() {
        let external = |tool: &str, measured: Option<&str>| json!({"tool": tool, "measured": measured, "analyses": {}});
        let row = |name: &str, runs: Value| {
            let mut r =
                serde_json::to_value(crate::results::fixtures::row("g", None, 1.0, 1)).unwrap();
            r["name"] = json!(name);
            r["external"] = runs;
            r.to_string()
        };
        let text = [
            json!({"meta": Meta {
                date: Some("d1".into()),
                commit: Some("c1".into()),
                ..Meta::default()
            }})
            .to_string(),
            row("x", json!([external("p", None), external("q", None)])),
            row("y", json!([external("p", Some("d0 at c0"))])),
            row("z", json!([external("p", None)])),
        ]
        .join("\n");
        let earlier = Results::parse(&text).unwrap();
        let names = ["x", "y"].into_iter().collect();
        let q = crate::external::Tool::parse("q=cmd").unwrap();
        let carried = carried_external(&earlier, &names, &[q]);
        let marks = |name: &str| -> Vec<(String, Option<String>)> {
            carried[name]
                .iter()
                .map(|e| (e.tool.clone(), e.measured.clone()))
                .collect()
        };
        assert_eq!(
            marks("x"),
            [("p".to_string(), Some("d1 at c1".to_string()))]
        );
        assert_eq!(
            marks("y"),
            [("p".to_string(), Some("d0 at c0".to_string()))]
        );
        assert!(!carried.contains_key("z"));
    }
}
