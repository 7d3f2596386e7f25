//! BENCHMARKS.md from the results file: the machine, how it was measured, the issue's targets
//! (met or missed, by how much), and one table per group of rows.

use crate::row::{ANALYSES, VALUES};
use crate::suite::FAMILIES;
use fbas_core::generate::{Family, Planted};
use serde_json::Value;
use std::fmt::Write;

/// Everything the report reads: the suite runs' metadata lines and the rows. A results file
/// may hold several runs (`suite --resume` appends one): each row is tagged with the index of
/// the run that measured it (`"run"`), and `meta` is the last run's.
pub struct Results {
    pub meta: Value,
    pub runs: Vec<Value>,
    pub rows: Vec<Value>,
}

impl Results {
    pub fn parse(text: &str) -> Results {
        let mut runs: Vec<Value> = vec![];
        let mut rows = vec![];
        for line in text.lines() {
            let Ok(mut v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            if v.get("meta").is_some() {
                runs.push(v["meta"].clone());
            } else {
                v["run"] = runs.len().saturating_sub(1).into();
                rows.push(v);
            }
        }
        let meta = runs.last().cloned().unwrap_or(Value::Null);
        Results { meta, runs, rows }
    }

    /// One line per run that measured rows: when, at which commit, with which command and
    /// budgets, and how many rows of each group.
    fn runs_summary(&self) -> String {
        let mut out = String::new();
        for (i, run) in self.runs.iter().enumerate() {
            let mut groups: Vec<(String, usize)> = vec![];
            for r in self.rows.iter().filter(|r| r["run"] == i) {
                let g = r["group"].as_str().unwrap_or("?").to_string();
                match groups.iter_mut().find(|(name, _)| *name == g) {
                    Some((_, n)) => *n += 1,
                    None => groups.push((g, 1)),
                }
            }
            if groups.is_empty() {
                continue;
            }
            let list: Vec<String> = groups.iter().map(|(g, n)| format!("{g} {n}")).collect();
            let _ = writeln!(
                out,
                "- {} at commit `{}` with `{}` (budget {} s, legacy {} s): {} rows ({}).",
                run["date"].as_str().unwrap_or("?"),
                run["commit"].as_str().unwrap_or("?"),
                run["command"].as_str().unwrap_or("?"),
                run["budgetS"],
                run["legacyBudgetS"],
                groups.iter().map(|(_, n)| n).sum::<usize>(),
                list.join(", ")
            );
        }
        out
    }
}

/// A duration in ms, readable: `0.42 ms`, `12.3 ms`, `1.23 s`.
pub fn fmt_ms(ms: f64) -> String {
    if ms < 1.0 {
        format!("{ms:.2} ms")
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else if ms < 10_000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

/// One analysis cell: the median time, `t/o` with bounds when it ended unknown, `—` when
/// skipped (split network, no quorum).
fn cell(a: &Value) -> String {
    if a.is_null() {
        return "n/a".into();
    }
    if a["error"].as_bool() == Some(true) {
        return format!("ERROR {}", a["answer"].as_str().unwrap_or(""));
    }
    match a["ms"].as_f64() {
        None => "—".into(),
        Some(ms) if a["unknown"].as_bool() == Some(true) => {
            format!(
                "**t/o** {} {}",
                fmt_ms(ms),
                a["answer"].as_str().unwrap_or("")
            )
        }
        Some(ms) => fmt_ms(ms),
    }
}

fn value_str(v: &Value) -> String {
    match v {
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.starts_with('?') => "?".into(),
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    }
}

/// The 18 values, compactly: `QI yes · sym no · TT n/o/c/i · B … · BF … · S …`.
pub fn answers(values: &Value) -> String {
    if values.get("error").is_some() || values.is_null() {
        return "-".into();
    }
    let v = |k: &str| value_str(&values[k]);
    let four = |what: &str| {
        ["node", "organization", "country", "isp"]
            .iter()
            .map(|l| v(&format!("{l}.{what}")))
            .collect::<Vec<_>>()
            .join("/")
    };
    format!(
        "QI {} · sym {} · TT {} · B {} · BF {} · S {}",
        v("hasQuorumIntersection"),
        v("hasSymmetricTopTier"),
        four("topTierSize"),
        four("minBlockingSetSize"),
        four("minBlockingSetFilteredSize"),
        four("minSplittingSetSize"),
    )
}

/// Values on which fbas-sat and the legacy engine both have an answer and differ.
pub fn disagreements(row: &Value) -> Vec<String> {
    let ours = &row["fbas"]["values"];
    let theirs = &row["legacy"]["values"];
    let mut out = vec![];
    for k in VALUES {
        let (a, b) = (&ours[k], &theirs[k]);
        let known = |v: &Value| v.is_boolean() || v.is_number();
        if known(a) && known(b) && a != b {
            out.push(format!("{k}: fbas-sat {a}, legacy {b}"));
        }
    }
    out
}

/// Whether a recorded value is unknown (`"?"`, `"?[lo..hi]"`).
fn is_unknown(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.starts_with('?'))
}

/// For planted families: the values that contradict the answer known by construction (an
/// unknown value, `?…`, contradicts nothing: it is counted with the unknowns).
pub fn planted_mismatches(row: &Value) -> Option<Vec<String>> {
    let family = Family::parse(row["group"].as_str()?).ok()?;
    let planted = family.planted()?;
    let v = &row["fbas"]["values"];
    let mut expect: Vec<(&str, Value)> = vec![];
    match planted {
        Planted::Split => {
            expect.push(("hasQuorumIntersection", Value::Bool(false)));
            for l in ["node", "organization", "country", "isp"] {
                let k: &'static str = match l {
                    "node" => "node.minSplittingSetSize",
                    "organization" => "organization.minSplittingSetSize",
                    "country" => "country.minSplittingSetSize",
                    _ => "isp.minSplittingSetSize",
                };
                expect.push((k, 0.into()));
            }
        }
        Planted::Blocking {
            node,
            organization,
            filtered_node,
            filtered_organization,
        } => {
            expect.push(("node.minBlockingSetSize", node.into()));
            expect.push(("organization.minBlockingSetSize", organization.into()));
            expect.push(("node.minBlockingSetFilteredSize", filtered_node.into()));
            expect.push((
                "organization.minBlockingSetFilteredSize",
                filtered_organization.into(),
            ));
        }
    }
    Some(
        expect
            .into_iter()
            .filter(|(k, want)| &v[*k] != want && !is_unknown(&v[*k]))
            .map(|(k, want)| format!("{k}: expected {want}, got {}", v[k]))
            .collect(),
    )
}

fn legacy_cell(l: &Value) -> String {
    if l.is_null() {
        return "not run".into();
    }
    if let Some(e) = l.get("error") {
        return format!("error {e}");
    }
    match l["totalMs"].as_f64() {
        Some(t) => {
            let errs = l["errors"].as_array().map_or(0, Vec::len);
            if errs > 0 {
                format!("{} ({errs} calls failed)", fmt_ms(t))
            } else {
                fmt_ms(t)
            }
        }
        None => format!(
            "timeout ({}/18 calls)",
            l["callsDone"].as_u64().unwrap_or(0)
        ),
    }
}

/// legacy / fbas-sat, for the full analysis; a lower bound when the legacy engine timed out.
pub fn ratio(row: &Value) -> Option<(f64, bool)> {
    let ours = row["fbas"]["analyses"]["full"]["ms"].as_f64()?;
    if row["fbas"]["analyses"]["full"]["unknown"].as_bool() == Some(true) {
        return None;
    }
    let l = &row["legacy"];
    if l.is_null() || l.get("error").is_some() {
        return None;
    }
    match l["totalMs"].as_f64() {
        Some(t) => Some((t / ours, false)),
        None => Some((row["legacyBudgetS"].as_f64()? * 1000.0 / ours, true)),
    }
}

fn ratio_cell(row: &Value) -> String {
    match ratio(row) {
        Some((r, false)) => format!("{r:.0}×"),
        Some((r, true)) => format!("> {r:.0}×"),
        None => "-".into(),
    }
}

fn mb(row: &Value) -> String {
    row["fbas"]["peakKb"]
        .as_f64()
        .map_or("-".into(), |kb| format!("{:.0}", kb / 1024.0))
}

fn check(row: &Value) -> String {
    let mut notes = vec![];
    let d = disagreements(row);
    if !d.is_empty() {
        notes.push(format!("≠ legacy ({})", d.len()));
    }
    if let Some(m) = planted_mismatches(row) {
        notes.push(if m.is_empty() {
            "planted ✓".into()
        } else {
            format!("planted ✗ ({})", m.len())
        });
    }
    if !row["legacy"].is_null() && d.is_empty() {
        let compared = VALUES
            .iter()
            .filter(|k| {
                let (a, b) = (&row["fbas"]["values"][**k], &row["legacy"]["values"][**k]);
                (a.is_boolean() || a.is_number()) && (b.is_boolean() || b.is_number())
            })
            .count();
        notes.push(format!("= legacy ({compared}/18)"));
    }
    notes.join(", ")
}

fn table(out: &mut String, rows: &[&Value], first: &str) {
    let mut head = format!("| {first} | nodes (analysed) |");
    let mut rule = "|---|---|".to_string();
    for (_, title) in ANALYSES {
        head.push_str(&format!(" {title} |"));
        rule.push_str("---|");
    }
    head.push_str(" legacy (18 calls) | legacy / fbas-sat | peak MB | answer | check |");
    rule.push_str("---|---|---|---|---|");
    let _ = writeln!(out, "{head}\n{rule}");
    for row in rows {
        let f = &row["fbas"];
        let label = match row["size"].as_u64() {
            Some(n) => n.to_string(),
            None => format!("`{}`", row["name"].as_str().unwrap_or("")),
        };
        if let Some(e) = f.get("error") {
            let _ = writeln!(out, "| {label} | error: {e} |");
            continue;
        }
        let mut line = format!("| {label} | {} ({}) |", f["nodes"], f["analysedNodes"]);
        for (key, _) in ANALYSES {
            line.push_str(&format!(" {} |", cell(&f["analyses"][key])));
        }
        line.push_str(&format!(
            " {} | {} | {} | {} | {} |",
            legacy_cell(&row["legacy"]),
            ratio_cell(row),
            mb(row),
            answers(&f["values"]),
            check(row)
        ));
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out);
}

fn time_of(row: &Value, key: &str) -> Option<(f64, bool)> {
    let a = &row["fbas"]["analyses"][key];
    Some((a["ms"].as_f64()?, a["unknown"].as_bool() == Some(true)))
}

/// The issue's targets, each with the measured numbers.
fn targets(out: &mut String, results: &Results, budget: f64) {
    let rows = &results.rows;
    let _ = writeln!(out, "| Target | Measured | Met |\n|---|---|---|");
    // 1. Real snapshots.
    let real: Vec<&Value> = rows.iter().filter(|r| r["group"] == "real").collect();
    let mut misses = vec![];
    let mut worst_ms: f64 = 0.0;
    let mut min_ratio = f64::INFINITY;
    for r in &real {
        let full = time_of(r, "full");
        let rat = ratio(r);
        if let Some((ms, _)) = full {
            worst_ms = worst_ms.max(ms);
        }
        if let Some((x, _)) = rat {
            min_ratio = min_ratio.min(x);
        }
        let ok = matches!(full, Some((ms, false)) if ms < 50.0)
            && matches!(rat, Some((x, _)) if x >= 10.0);
        if !ok {
            misses.push(format!(
                "`{}` ({}, {})",
                r["name"].as_str().unwrap_or(""),
                full.map_or("-".into(), |(ms, _)| fmt_ms(ms)),
                ratio_cell(r)
            ));
        }
    }
    let _ = writeln!(
        out,
        "| Each real snapshot: full analysis ≤ 1/10 of the legacy engine's time and < 50 ms | \
         {} networks; slowest {}; smallest ratio {:.0}×{} | {} |",
        real.len(),
        fmt_ms(worst_ms),
        min_ratio,
        if misses.is_empty() {
            String::new()
        } else {
            format!("; missed: {}", misses.join(", "))
        },
        if misses.is_empty() && !real.is_empty() {
            "yes"
        } else {
            "**no**"
        }
    );
    // 2. python-fbas random networks.
    let random: Vec<&Value> = rows
        .iter()
        .filter(|r| {
            r["name"]
                .as_str()
                .is_some_and(|n| n.contains("python-fbas/random/"))
        })
        .collect();
    let mut parts = vec![];
    let mut ok = !random.is_empty();
    for (key, title) in ANALYSES {
        let mut worst: Option<(f64, bool, &str)> = None;
        for r in &random {
            if let Some((ms, unknown)) = time_of(r, key) {
                if worst.is_none_or(|w| ms > w.0) {
                    worst = Some((ms, unknown, r["name"].as_str().unwrap_or("")));
                }
                if unknown || ms >= 1000.0 {
                    ok = false;
                }
            } else if r["fbas"].get("error").is_some() {
                ok = false;
            }
        }
        if let Some((ms, unknown, name)) = worst {
            parts.push(format!(
                "{title} {}{}{}",
                fmt_ms(ms),
                if unknown { " (unknown)" } else { "" },
                if ms >= 1000.0 || unknown {
                    format!(" on `{}`", name.trim_start_matches("python-fbas/random/"))
                } else {
                    String::new()
                }
            ));
        }
    }
    let _ = writeln!(
        out,
        "| Every python-fbas random network: every analysis answers, each < 1 s | {} networks; \
         max per analysis: {} | {} |",
        random.len(),
        parts.join("; "),
        if ok { "yes" } else { "**no**" }
    );
    // 3. almost-symmetric and core-style at 100 organizations.
    for fam in ["almost-symmetric", "core-style"] {
        let Some(r) = rows
            .iter()
            .find(|r| r["group"] == fam && r["size"].as_u64() == Some(100))
        else {
            continue;
        };
        let mut parts = vec![];
        let mut ok = true;
        for (key, limit) in [
            ("intersection", 100.0),
            ("blockingNode", 10_000.0),
            ("blockingOrg", 10_000.0),
            ("splittingNode", 10_000.0),
            ("splittingOrg", 10_000.0),
        ] {
            let title = ANALYSES.iter().find(|a| a.0 == key).map_or(key, |a| a.1);
            match time_of(r, key) {
                Some((ms, unknown)) => {
                    let met = !unknown && ms < limit;
                    ok &= met;
                    parts.push(format!(
                        "{title} {}{} (< {})",
                        fmt_ms(ms),
                        if unknown { " unknown" } else { "" },
                        fmt_ms(limit)
                    ));
                }
                None => parts.push(format!("{title} — ({})", cell(&r["fbas"]["analyses"][key]))),
            }
        }
        let _ = writeln!(
            out,
            "| `{fam}` at 100 organizations: intersection < 100 ms; blocking and splitting, \
             node and org, < 10 s each | {} | {} |",
            parts.join("; "),
            if ok { "yes" } else { "**no**" }
        );
    }
    // 4. 200 organizations: an answer or Unknown with bounds, never a wrong number.
    let at200: Vec<&Value> = rows
        .iter()
        .filter(|r| r["size"].as_u64() == Some(200))
        .collect();
    if !at200.is_empty() {
        let mut unknown = vec![];
        let mut wrong = vec![];
        let mut over = vec![];
        for r in &at200 {
            for (key, title) in ANALYSES {
                if let Some((ms, u)) = time_of(r, key) {
                    if u {
                        unknown.push(format!("{} {title}", r["group"].as_str().unwrap_or("")));
                    }
                    if ms > budget * 1000.0 * 1.1 {
                        over.push(format!(
                            "{} {title} {}",
                            r["group"].as_str().unwrap_or(""),
                            fmt_ms(ms)
                        ));
                    }
                }
                if r["fbas"]["analyses"][key]["error"].as_bool() == Some(true) {
                    wrong.push(format!(
                        "{} {title}: error",
                        r["group"].as_str().unwrap_or("")
                    ));
                }
            }
            if r["fbas"].get("error").is_some() {
                wrong.push(format!("{}: {}", r["group"], r["fbas"]["error"]));
            }
            wrong.extend(disagreements(r));
            wrong.extend(planted_mismatches(r).unwrap_or_default());
        }
        let _ = writeln!(
            out,
            "| At 200 organizations every analysis answers within the {budget} s budget or returns \
             Unknown with bounds, never a wrong number | {} rows; unknown: {}; over budget (> \
             110%): {}; wrong or failed: {} | {} |",
            at200.len(),
            if unknown.is_empty() { "none".into() } else { unknown.join(", ") },
            if over.is_empty() { "none".into() } else { over.join(", ") },
            if wrong.is_empty() { "none".into() } else { wrong.join(", ") },
            if wrong.is_empty() && over.is_empty() { "yes" } else { "**no**" }
        );
    }
    // 5. Memory.
    let mut worst: Option<(f64, &str)> = None;
    for r in rows {
        if let Some(kb) = r["fbas"]["peakKb"].as_f64() {
            if worst.is_none_or(|w| kb > w.0) {
                worst = Some((kb, r["name"].as_str().unwrap_or("")));
            }
        }
    }
    if let Some((kb, name)) = worst {
        let _ = writeln!(
            out,
            "| Peak memory < 500 MB for every row | largest {:.0} MB (`{name}`) | {} |",
            kb / 1024.0,
            if kb < 500.0 * 1024.0 { "yes" } else { "**no**" }
        );
    }
    let _ = writeln!(out);
}

/// For every row whose full analysis took over a second: its slowest parts, as `analyze`
/// itself timed them (`timings_ms`; the parts of one wave run in parallel).
fn inside_full(out: &mut String, rows: &[Value]) {
    let slow: Vec<&Value> = rows
        .iter()
        .filter(|r| r["fbas"]["analyses"]["full"]["ms"].as_f64() > Some(1000.0))
        .collect();
    if slow.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Inside the full analysis, where it took over a second\n\n\
         The slowest parts of the first full run, as `analyze` timed them itself (each wave's \
         parts run in parallel on the cores, so they slow each other down; a part at the budget \
         ended unknown).\n\n| Row | full analyze | slowest parts |\n|---|---|---|"
    );
    for r in slow {
        let Some(t) = r["fbas"]["analyzeTimingsMs"].as_object() else {
            continue;
        };
        let mut parts: Vec<(&String, f64)> = t
            .iter()
            .filter_map(|(k, v)| Some((k, v.as_f64()?)))
            .collect();
        parts.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top: Vec<String> = parts
            .iter()
            .take(4)
            .map(|(k, ms)| format!("{k} {}", fmt_ms(*ms)))
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            r["name"].as_str().unwrap_or(""),
            cell(&r["fbas"]["analyses"]["full"]),
            top.join(", ")
        );
    }
    let _ = writeln!(out);
}

/// The whole BENCHMARKS.md.
/// The whole report; `browser`: the results of `bench/browser.mjs`, if any.
pub fn markdown(results: &Results, plot: Option<&str>, browser: Option<&Value>) -> String {
    let meta = &results.meta;
    let budget = meta["budgetS"].as_f64().unwrap_or(60.0);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Benchmarks\n\n\
         One command runs the whole suite (several hours; it stops by itself) and writes this file, \
         `bench/plot.svg` and the raw measurements `bench/results.jsonl`:\n\n\
         ```sh\nbench/run.sh\n```\n\n\
         It exports the committed HEAD to `target/bench-src`, builds `fbas-bench` there and runs \
         `fbas-bench suite`, so the numbers belong to a commit (`BENCH_TREE=1 bench/run.sh`, i.e. \
         `cargo run --release -p fbas-bench -- suite`, measures the working tree). \
         `bench/run.sh --quick` is a smoke run (sizes 10 and 16, a sample of python-fbas, 5 s \
         budgets) that writes under `target/bench/`. `cargo run --release -p fbas-bench -- report` \
         rewrites this file and the plot from `bench/results.jsonl`; `… -- generate FAMILY N SEED \
         --out DIR` writes one generated network (stellarbeat nodes + organizations JSON).\n"
    );
    let _ = writeln!(
        out,
        "Measured in these runs (each row by one of them; the engine's commit is the run's):\n\n{}\n\
         Machine: {} cores (`nproc`), {}, {} GB RAM, {}. Other work may have shared the machine.\n",
        results.runs_summary(),
        meta["nproc"],
        meta["cpu"].as_str().unwrap_or("?"),
        meta["memGb"],
        meta["kernel"].as_str().unwrap_or("?"),
    );
    let _ = writeln!(
        out,
        "## How it is measured\n\n\
         - Every row runs in a fresh child process (`fbas-bench row FILE`), so *peak MB* is that \
           row's own VmHWM (parsing, every analysis and the full analysis together).\n\
         - Each analysis is timed separately with its own budget (the row's run's, {budget} s in \
           the last run), on the network \
           `analyze` works on (the legacy preprocessing, done once per row and not timed: see \
           `prepMs` in the results file). *top tier* includes the symmetric-top-tier check; the \
           blocking analyses get the top tier computed beforehand, as in `analyze`; *splitting* \
           is `—` where the intersection check already found a split (answer 0) or no quorum, \
           which `analyze` does not search either. *full analyze* is `fbas_core::analyze` with \
           all 18 backend values (country and ISP levels included, its sub-analyses in parallel \
           on the {} cores) under one {budget} s budget, from the parsed input.\n\
         - Times are medians: {} runs when the first one took < 0.5 s, 3 when < 5 s, else 1. \
           **t/o** marks an analysis that hit the budget, with the bounds it returned.\n\
         - The legacy engine (`@stellarbeat/stellar_analysis_nodejs@0.6.2`) runs right after, on \
           the same file, through `tools/legacy/analyze.js --file` with `LEGACY_TIMEOUT_MS` = \
           {} s for its 18 calls (the backend's per-scan calls, each in a fresh WASM instance). \
           Its time is the sum of the 18 calls (median of up to {} runs when fast), without node's \
           start-up; `timeout (k/18 calls)` means the budget ran out after k calls. \
           *legacy / fbas-sat* divides that by the full analysis's time (a lower bound, `>`, \
           when the legacy engine timed out).\n\
         - *answer*: QI (quorum intersection) · sym (symmetric top tier) · TT top tier size · B \
           min blocking set · BF min blocking set filtered by the faulty nodes (`isValidating: \
           false`) · S min splitting set, each as node/organization/country/ISP; `?` is unknown. \
           *check*: `= legacy (k/18)` when the k values both engines answered agree, `≠ legacy` \
           otherwise (listed below), and for the planted families whether the answer known by \
           construction came out.\n",
        meta["nproc"], meta["reps"], meta["legacyBudgetS"], meta["reps"],
    );
    let _ = writeln!(out, "## Targets (issue 4)\n");
    targets(&mut out, results, budget);

    let rows = &results.rows;
    let real: Vec<&Value> = rows.iter().filter(|r| r["group"] == "real").collect();
    if !real.is_empty() {
        let _ = writeln!(out, "## Real networks\n");
        table(&mut out, &real, "Network");
    }
    if let Some(browser) = browser {
        crate::browser::section(&mut out, browser);
    }
    let fams: Vec<&str> = FAMILIES
        .iter()
        .copied()
        .filter(|f| rows.iter().any(|r| r["group"] == *f))
        .collect();
    if !fams.is_empty() {
        let _ = writeln!(
            out,
            "## Generated families\n\n\
             `fbas_core::generate`, seed {}, N organizations (`fbas-bench generate FAMILY N 1 --out \
             DIR` writes the same files). almost-symmetric: N × 3 validators, each organization \
             2-of-3, top level ⌈0.67·N⌉ of the organizations, each reference deleted with \
             probability {} (per organization, as in python-fbas). core-style: organizations of \
             3, flat ⌈67%⌉ of own validators plus ⌈51%⌉ inner sets of the organizations depended \
             on (each with probability {}). tiered: a symmetric top tier of N organizations plus \
             3·N validators and 2·N watchers trusting 3–12 top-tier organizations. broken-split: \
             two almost-symmetric halves that each contain a quorum (answer: no intersection, \
             splitting 0). broken-blocking: almost-symmetric plus a hub organization every \
             quorum set needs (answer: blocking 2 nodes / 1 organization, filtered 1 / 1).\n",
            crate::suite::SEED,
            fbas_core::generate::DEFAULT_DELETE_PROB,
            fbas_core::generate::DEFAULT_CONNECT_PROB,
        );
        if let Some(p) = plot {
            let _ = writeln!(out, "![time against N per analysis]({p})\n");
        }
        for fam in fams {
            let mut fam_rows: Vec<&Value> = rows.iter().filter(|r| r["group"] == fam).collect();
            fam_rows.sort_by_key(|r| r["size"].as_u64());
            let _ = writeln!(out, "### {fam}\n");
            table(&mut out, &fam_rows, "N");
        }
    }
    let python: Vec<&Value> = rows
        .iter()
        .filter(|r| r["group"] == "python-fbas")
        .collect();
    if !python.is_empty() {
        let _ = writeln!(
            out,
            "## python-fbas networks\n\n\
             Every network of `tests/data/python-fbas` (the 142 files of `random/` are {} \
             networks plus their organizations files; `small/` and the two top-level files), with \
             the organizations files `tests/data/legacy-engine.json` names.\n",
            python
                .iter()
                .filter(|r| r["name"].as_str().is_some_and(|n| n.contains("/random/")))
                .count()
        );
        table(&mut out, &python, "Network");
    }
    inside_full(&mut out, rows);
    let mut diffs = vec![];
    for r in rows {
        for d in disagreements(r) {
            diffs.push(format!("- `{}`: {d}", r["name"].as_str().unwrap_or("")));
        }
        for d in planted_mismatches(r).unwrap_or_default() {
            diffs.push(format!(
                "- `{}` (planted): {d}",
                r["name"].as_str().unwrap_or("")
            ));
        }
    }
    let _ = writeln!(
        out,
        "## Differences from the legacy engine and the planted answers\n"
    );
    if diffs.is_empty() {
        let _ = writeln!(
            out,
            "None: wherever both engines answered, they agree, and every planted answer came out.\n"
        );
    } else {
        let _ = writeln!(out, "{}\n", diffs.join("\n"));
    }
    out
}
