//! fbas-bench: the benchmark harness of fbas-sat (never timed tests).
//!
//! ```text
//! fbas-bench suite [--quick] [--budget SECS] [--legacy-budget SECS] [--reps K] [--no-legacy]
//!                  [--only SUBSTRING]... [--sizes 10,16,...] [--families a,b,...]
//!                  [--results FILE] [--out FILE] [--plot FILE] [--resume | --again] [--mem-limit-mb MB]
//!                  [--external NAME=COMMAND]...
//! fbas-bench report [--results FILE] [--out FILE] [--plot FILE]
//! fbas-bench generate FAMILY N SEED --out DIR
//! fbas-bench row NODES.json [--orgs ORGS.json] [--budget SECS] [--reps K]
//! fbas-bench profile NODES.json [--orgs ORGS.json] [--level node|organization] [--budget SECS]
//! fbas-bench lists [NODES.json [--orgs ORGS.json]] [--families a,b,...] [--sizes 10,16,...]
//!                  [--reps K] [--sat-reps K] [--limit N] [--budget SECS] [--allowance N|none] [--json | --out FILE]
//! ```

mod browser;
mod external;
mod facade;
mod legacy;
mod lists;
mod plot;
mod profile;
mod report;
mod results;
mod row;
mod suite;
mod targets;

/// The addon's allocator (`crates/fbas-alloc`): peak memory and times are measured as shipped.
#[global_allocator]
static ALLOCATOR: fbas_alloc::Allocator = fbas_alloc::Allocator;

use fbas_core::analyses::node_lists::DIRECT_ALLOWANCE;
use fbas_testkit::generate::Family;
use results::{Meta, Results};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage:
  fbas-bench suite [--quick] [--budget SECS] [--legacy-budget SECS] [--reps K] [--no-legacy]
                   [--only SUBSTRING]... [--sizes 10,16,..] [--families a,b,..]
                   [--results FILE] [--out FILE] [--plot FILE] [--resume | --again] [--mem-limit-mb MB]
                   [--external NAME=COMMAND]...
  fbas-bench report [--results FILE] [--out FILE] [--plot FILE]
  fbas-bench generate FAMILY N SEED --out DIR
  fbas-bench row NODES.json [--orgs ORGS.json] [--budget SECS] [--reps K]
  fbas-bench profile NODES.json [--orgs ORGS.json] [--level node|organization] [--budget SECS]
  fbas-bench lists [NODES.json [--orgs ORGS.json]] [--families a,b,..] [--sizes 10,16,..]
                   [--reps K] [--sat-reps K] [--limit N] [--budget SECS] [--allowance N|none] [--json | --out FILE]
families: symmetric, almost-symmetric[=P], core-style[=P], tiered, broken-split[:BASE], broken-blocking[:BASE]";

fn repo_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    here.canonicalize().unwrap_or(here)
}

/// Command-line arguments: positionals and `--flag [value]` options.
struct Args {
    positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

const FLAGS: [&str; 6] = [
    "--quick",
    "--no-legacy",
    "--resume",
    "--again",
    "--help",
    "--json",
];

impl Args {
    fn parse(args: &[String]) -> Args {
        let mut positional = vec![];
        let mut options = vec![];
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if a.starts_with("--") {
                if let Some((k, v)) = a.split_once('=') {
                    options.push((k.to_string(), Some(v.to_string())));
                } else if FLAGS.contains(&a.as_str()) || i + 1 == args.len() {
                    options.push((a.clone(), None));
                } else {
                    options.push((a.clone(), Some(args[i + 1].clone())));
                    i += 1;
                }
            } else {
                positional.push(a.clone());
            }
            i += 1;
        }
        Args {
            positional,
            options,
        }
    }

    fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(k, _)| k == name)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.as_deref())
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.options
            .iter()
            .filter(|(k, _)| k == name)
            .filter_map(|(_, v)| v.clone())
            .collect()
    }

    fn num(&self, name: &str, default: f64) -> Result<f64, String> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("{name}: `{v}` is not a number")),
        }
    }

    fn check_known(&self, known: &[&str]) -> Result<(), String> {
        for (k, _) in &self.options {
            if !known.contains(&k.as_str()) {
                return Err(format!("unknown option {k}"));
            }
        }
        Ok(())
    }
}

fn sh(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The machine and the run, for the report's header.
fn meta(opts: &suite::SuiteOptions, command: String) -> Meta {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string());
    let mem_gb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))?
                .split_whitespace()
                .nth(1)?
                .parse::<f64>()
                .ok()
        })
        .map(|kb| (kb / 1024.0 / 1024.0).round());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .ok()
        .map(|k| format!("Linux {}", k.trim()));
    Meta {
        date: sh("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        // bench/run.sh measures an exported commit, which is no git checkout: it says which.
        commit: std::env::var("FBAS_BENCH_COMMIT").ok().or_else(|| {
            sh(
                "git",
                &[
                    "-C",
                    &opts.repo.display().to_string(),
                    "rev-parse",
                    "--short",
                    "HEAD",
                ],
            )
            .map(|c| format!("{c} + working tree"))
        }),
        command: std::env::var("FBAS_BENCH_COMMAND").unwrap_or(command),
        nproc: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        cpu,
        mem_gb,
        kernel,
        node: sh("node", &["--version"]),
        budget_s: opts.budget,
        legacy_budget_s: opts.legacy_budget,
        reps: opts.reps,
    }
}

/// `plot` as a link relative to the directory of `out`.
fn relative(plot: &Path, out: &Path) -> String {
    let base = out.parent().unwrap_or(Path::new(""));
    plot.strip_prefix(base)
        .unwrap_or(plot)
        .display()
        .to_string()
}

fn write_report(repo: &Path, results: &Path, out: &Path, plot: &Path) -> Result<(), String> {
    let text =
        std::fs::read_to_string(results).map_err(|e| format!("{}: {e}", results.display()))?;
    let r = Results::parse(&text).map_err(|e| format!("{}: {e}", results.display()))?;
    if let Some(dir) = plot.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(plot, plot::svg(&r.rows)).map_err(|e| e.to_string())?;
    // bench/facade.mjs's and bench/browser.mjs's results, next to the suite's (bench/run.sh
    // writes them all).
    let beside_file = |name: &str| std::fs::read_to_string(results.with_file_name(name)).ok();
    let beside = report::Beside {
        facade: beside_file("facade.json").and_then(|text| serde_json::from_str(&text).ok()),
        browser: beside_file("browser.json").and_then(|text| serde_json::from_str(&text).ok()),
        // The no-regression target's fixed reference: the real snapshots' rows as measured
        // when the scale targets were set.
        baseline: std::fs::read_to_string(repo.join("bench/baseline.jsonl"))
            .ok()
            .and_then(|text| Results::parse(&text).ok()),
        external_notes: std::fs::read_to_string(repo.join("bench/external.md")).ok(),
        misses: std::fs::read_to_string(repo.join("bench/misses.md")).ok(),
    };
    let md = report::markdown(&r, Some(&relative(plot, out)), &beside);
    std::fs::write(out, md).map_err(|e| e.to_string())?;
    eprintln!("wrote {} and {}", out.display(), plot.display());
    Ok(())
}

fn paths(args: &Args, repo: &Path, quick: bool) -> (PathBuf, PathBuf, PathBuf) {
    let dir = if quick {
        repo.join("target/bench")
    } else {
        repo.to_path_buf()
    };
    let default = |p: &str| {
        if quick {
            dir.join(Path::new(p).file_name().unwrap_or_default())
        } else {
            dir.join(p)
        }
    };
    let pick = |name: &str, p: &str| args.get(name).map(PathBuf::from).unwrap_or(default(p));
    (
        pick("--results", "bench/results.jsonl"),
        pick("--out", "BENCHMARKS.md"),
        pick("--plot", "bench/plot.svg"),
    )
}

fn main_inner(argv: &[String]) -> Result<(), String> {
    let Some(cmd) = argv.first() else {
        return Err(USAGE.into());
    };
    let args = Args::parse(&argv[1..]);
    if args.flag("--help") {
        println!("{USAGE}");
        return Ok(());
    }
    let repo = repo_root();
    match cmd.as_str() {
        "generate" => {
            args.check_known(&["--out"])?;
            let [family, n, seed] = args.positional.as_slice() else {
                return Err("usage: fbas-bench generate FAMILY N SEED --out DIR".into());
            };
            let family = Family::parse(family)?;
            let n: usize = n.parse().map_err(|_| format!("N: `{n}` is not a number"))?;
            let seed: u64 = seed
                .parse()
                .map_err(|_| format!("SEED: `{seed}` is not a number"))?;
            let dir = PathBuf::from(args.get("--out").unwrap_or("."));
            let (nodes, orgs) =
                suite::write_generated(&family, n, seed, &dir).map_err(|e| e.to_string())?;
            println!("{}\n{}", nodes.display(), orgs.display());
            Ok(())
        }
        "row" => {
            args.check_known(&["--orgs", "--budget", "--reps"])?;
            let [nodes] = args.positional.as_slice() else {
                return Err("usage: fbas-bench row NODES.json [--orgs ORGS.json]".into());
            };
            let orgs = args.get("--orgs").map(PathBuf::from);
            let measured = row::run(
                Path::new(nodes),
                orgs.as_deref(),
                args.num("--budget", 60.0)?,
                args.num("--reps", 5.0)? as usize,
            );
            println!(
                "{}",
                serde_json::to_string(&measured).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        "profile" => {
            args.check_known(&["--orgs", "--budget", "--level"])?;
            let [nodes] = args.positional.as_slice() else {
                return Err("usage: fbas-bench profile NODES.json [--orgs ORGS.json]".into());
            };
            let orgs = args.get("--orgs").map(PathBuf::from);
            let v = profile::run(
                Path::new(nodes),
                orgs.as_deref(),
                args.get("--level").unwrap_or("node"),
                args.num("--budget", 60.0)?,
            )?;
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            Ok(())
        }
        "lists" => {
            args.check_known(&[
                "--orgs",
                "--families",
                "--sizes",
                "--reps",
                "--sat-reps",
                "--limit",
                "--budget",
                "--allowance",
                "--json",
                "--out",
            ])?;
            let mut networks = match args.positional.as_slice() {
                [] if args.get("--families").is_none() => lists::real_snapshots(&repo)?,
                [] => vec![],
                [nodes] => vec![(
                    nodes.clone(),
                    PathBuf::from(nodes),
                    args.get("--orgs").map(PathBuf::from),
                )],
                _ => return Err("usage: fbas-bench lists [NODES.json [--orgs ORGS.json]]".into()),
            };
            if let Some(families) = args.get("--families") {
                let sizes = match args.get("--sizes") {
                    Some(s) => s
                        .split(',')
                        .map(|x| x.trim().parse().map_err(|_| format!("--sizes: `{x}`")))
                        .collect::<Result<Vec<usize>, String>>()?,
                    None => suite::QUICK_SIZES.to_vec(),
                };
                let dir = repo.join("target/bench-networks");
                for size in sizes {
                    for fam in families.split(',').map(str::trim) {
                        let family = Family::parse(fam)?;
                        let (nodes, orgs) =
                            suite::write_generated(&family, size, suite::SEED, &dir)
                                .map_err(|e| e.to_string())?;
                        networks.push((format!("{fam} {size}"), nodes, Some(orgs)));
                    }
                }
            }
            let opts = lists::ListsOptions {
                networks,
                reps: args.num("--reps", 11.0)? as usize,
                sat_reps: args.num("--sat-reps", 3.0)? as usize,
                limit: args.num("--limit", 100_000.0)? as usize,
                budget: args.num("--budget", 60.0)?,
                allowance: match args.get("--allowance") {
                    Some("none") => None,
                    _ => Some(args.num("--allowance", DIRECT_ALLOWANCE as f64)? as u64),
                },
            };
            let json = args.flag("--json");
            let rows = lists::run(&opts, |row| match json {
                true => println!("{}", serde_json::to_string(row).unwrap_or_default()),
                false => eprintln!("{}: measured", row.network),
            })?;
            if !json {
                let header = format!(
                    "Measured {} at commit `{}` with `fbas-bench lists {}` on {} cores ({}).",
                    sh("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default(),
                    sh(
                        "git",
                        &[
                            "-C",
                            &repo.display().to_string(),
                            "rev-parse",
                            "--short",
                            "HEAD"
                        ]
                    )
                    .unwrap_or_default(),
                    argv[1..].join(" "),
                    std::thread::available_parallelism()
                        .map(|n| n.get())
                        .unwrap_or(1),
                    "other work may have shared the machine",
                );
                let md = lists::markdown(&rows, &header, &opts);
                match args.get("--out") {
                    Some(out) => std::fs::write(out, md).map_err(|e| format!("{out}: {e}"))?,
                    None => print!("{md}"),
                }
            }
            let errors: Vec<String> = rows
                .iter()
                .flat_map(|r| r.errors.iter().map(|e| format!("{}: {e}", r.network)))
                .collect();
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors.join("\n"))
            }
        }
        "report" => {
            args.check_known(&["--results", "--out", "--plot", "--quick"])?;
            let (results, out, plot) = paths(&args, &repo, args.flag("--quick"));
            write_report(&repo, &results, &out, &plot)
        }
        "suite" => {
            args.check_known(&[
                "--quick",
                "--budget",
                "--legacy-budget",
                "--reps",
                "--no-legacy",
                "--only",
                "--sizes",
                "--families",
                "--results",
                "--out",
                "--plot",
                "--resume",
                "--again",
                "--mem-limit-mb",
                "--external",
            ])?;
            let quick = args.flag("--quick");
            let budget = args.num("--budget", if quick { 5.0 } else { 60.0 })?;
            let sizes = match args.get("--sizes") {
                Some(s) => s
                    .split(',')
                    .map(|x| x.trim().parse().map_err(|_| format!("--sizes: `{x}`")))
                    .collect::<Result<Vec<usize>, String>>()?,
                None if quick => suite::QUICK_SIZES.to_vec(),
                None => suite::SIZES.to_vec(),
            };
            let families: Vec<String> = match args.get("--families") {
                Some(s) => s.split(',').map(|x| x.trim().to_string()).collect(),
                None => suite::FAMILIES.iter().map(|s| s.to_string()).collect(),
            };
            for f in &families {
                Family::parse(f)?;
            }
            let (results, out, plot) = paths(&args, &repo, quick);
            let opts = suite::SuiteOptions {
                repo: repo.clone(),
                budget,
                legacy_budget: args.num("--legacy-budget", budget)?,
                reps: args.num("--reps", if quick { 1.0 } else { 5.0 })? as usize,
                legacy: !args.flag("--no-legacy"),
                quick,
                only: args.all("--only"),
                sizes,
                families,
                results: results.clone(),
                resume: args.flag("--resume") || args.flag("--again"),
                again: args.flag("--again"),
                mem_limit_mb: args.num("--mem-limit-mb", 6144.0)? as u64,
                external: args
                    .all("--external")
                    .iter()
                    .map(|s| external::Tool::parse(s))
                    .collect::<Result<_, _>>()?,
            };
            let command = format!("fbas-bench suite {}", argv[1..].join(" "))
                .trim()
                .to_string();
            let meta = meta(&opts, command);
            if let Some(dir) = results.parent() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            suite::run(&opts, &meta)?;
            write_report(&repo, &results, &out, &plot)
        }
        _ => Err(USAGE.into()),
    }
}

fn main() -> ExitCode {
    fbas_alloc::return_freed_memory_at_once();
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match main_inner(&argv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fbas-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
