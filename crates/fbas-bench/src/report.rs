//! BENCHMARKS.md from the results file: the machine, how it was measured, the performance
//! targets (met or missed, by how much), and one table per group of rows.

use crate::results::{Analysis, Key, Measure, Meta, Outcome, Recorded, Results, Row, Values};
use crate::suite::FAMILIES;
use fbas_core::Level;
use fbas_testkit::generate::{Family, Planted};
use std::fmt::Write;

/// One line per run that measured rows: when, at which commit, with which command and
/// budgets, and how many rows of each group.
fn runs_summary(results: &Results) -> String {
    let mut out = String::new();
    for (i, run) in results.runs.iter().enumerate() {
        let mut groups: Vec<(&str, usize)> = vec![];
        for r in results.rows.iter().filter(|r| r.run == i) {
            match groups.iter_mut().find(|(name, _)| *name == r.group) {
                Some((_, n)) => *n += 1,
                None => groups.push((&r.group, 1)),
            }
        }
        if groups.is_empty() {
            continue;
        }
        let list: Vec<String> = groups.iter().map(|(g, n)| format!("{g} {n}")).collect();
        let _ = writeln!(
            out,
            "- {} at commit `{}` with `{}` (budget {:?} s, legacy {:?} s): {} rows ({}).",
            run.date.as_deref().unwrap_or("?"),
            run.commit.as_deref().unwrap_or("?"),
            run.command,
            run.budget_s,
            run.legacy_budget_s,
            groups.iter().map(|(_, n)| n).sum::<usize>(),
            list.join(", ")
        );
    }
    out
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
/// skipped (split network, no quorum), `n/a` when not measured.
pub fn cell(row: &Row, analysis: Analysis) -> String {
    let Some(a) = row.timing(analysis) else {
        return "n/a".into();
    };
    if a.error {
        return format!("ERROR {}", a.answer);
    }
    match a.ms {
        None => "—".into(),
        Some(ms) if a.unknown => format!("**t/o** {} {}", fmt_ms(ms), a.answer),
        Some(ms) => fmt_ms(ms),
    }
}

/// A value as the answer column shows it: `yes`, `no`, a size, `?` when unknown, `-` when
/// missing.
fn value_str(v: Option<&Recorded>) -> String {
    match v {
        Some(Recorded::Bool(true)) => "yes".into(),
        Some(Recorded::Bool(false)) => "no".into(),
        Some(r) if r.is_unknown() => "?".into(),
        Some(r) => r.to_string(),
        None => "-".into(),
    }
}

/// fbas-sat's 18 values of a row, compactly (see [`summary`]).
fn answers(row: &Row) -> String {
    match row.fbas.done().and_then(|f| f.values.as_ref()) {
        Some(Outcome::Done(values)) => summary(values),
        _ => "-".into(),
    }
}

/// 18 values, compactly: `QI yes · sym no · TT n/o/c/i · B … · BF … · S …`.
pub fn summary(values: &Values) -> String {
    let four = |m: Measure| {
        Level::ALL
            .iter()
            .map(|&l| value_str(values.get(Key::At(l, m))))
            .collect::<Vec<_>>()
            .join("/")
    };
    format!(
        "QI {} · sym {} · TT {} · B {} · BF {} · S {}",
        value_str(values.get(Key::HasQuorumIntersection)),
        value_str(values.get(Key::HasSymmetricTopTier)),
        four(Measure::TopTier),
        four(Measure::MinBlockingSet),
        four(Measure::MinBlockingSetFiltered),
        four(Measure::MinSplittingSet),
    )
}

/// The values both engines answered in a row, as (key, fbas-sat's, the legacy engine's).
fn both_known(row: &Row) -> Vec<(Key, &Recorded, &Recorded)> {
    match (
        row.fbas.done().and_then(|f| f.values.as_ref()),
        row.legacy(),
    ) {
        (Some(Outcome::Done(ours)), Some(legacy)) => known_in_both(ours, &legacy.values),
        _ => vec![],
    }
}

/// The values both `ours` and `theirs` answered, as (key, ours, theirs).
pub fn known_in_both<'a>(
    ours: &'a Values,
    theirs: &'a Values,
) -> Vec<(Key, &'a Recorded, &'a Recorded)> {
    Key::all()
        .filter_map(|k| Some((k, ours.get(k)?, theirs.get(k)?)))
        .filter(|(_, a, b)| a.is_known() && b.is_known())
        .collect()
}

/// Values on which fbas-sat and the legacy engine both have an answer and differ.
pub fn disagreements(row: &Row) -> Vec<String> {
    differences(both_known(row))
}

/// The pairs of [`known_in_both`] that differ, described.
pub fn differences(both: Vec<(Key, &Recorded, &Recorded)>) -> Vec<String> {
    both.into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(k, a, b)| format!("{k}: fbas-sat {a}, legacy {b}"))
        .collect()
}

/// For planted families: the values that contradict the answer known by construction (an
/// unknown value, `?…`, contradicts nothing: it is counted with the unknowns).
pub fn planted_mismatches(row: &Row) -> Option<Vec<String>> {
    let planted = Family::parse(&row.group).ok()?.planted()?;
    let values = match row.fbas.done().and_then(|f| f.values.as_ref()) {
        Some(Outcome::Done(values)) => Some(values),
        _ => None,
    };
    let size = |n: usize| Recorded::Size(n as u64);
    let expect: Vec<(Key, Recorded)> = match planted {
        Planted::Split => std::iter::once((Key::HasQuorumIntersection, Recorded::Bool(false)))
            .chain(
                Level::ALL
                    .into_iter()
                    .map(|l| (Key::At(l, Measure::MinSplittingSet), size(0))),
            )
            .collect(),
        Planted::Blocking {
            node,
            organization,
            filtered_node,
            filtered_organization,
        } => vec![
            (Key::At(Level::Node, Measure::MinBlockingSet), size(node)),
            (
                Key::At(Level::Organization, Measure::MinBlockingSet),
                size(organization),
            ),
            (
                Key::At(Level::Node, Measure::MinBlockingSetFiltered),
                size(filtered_node),
            ),
            (
                Key::At(Level::Organization, Measure::MinBlockingSetFiltered),
                size(filtered_organization),
            ),
        ],
    };
    Some(
        expect
            .into_iter()
            .filter_map(|(k, want)| {
                let got = values.and_then(|v| v.get(k));
                match got {
                    Some(g) if *g == want || g.is_unknown() => None,
                    Some(g) => Some(format!("{k}: expected {want}, got {g}")),
                    None => Some(format!("{k}: expected {want}, got nothing")),
                }
            })
            .collect(),
    )
}

fn legacy_cell(row: &Row) -> String {
    let l = match &row.legacy {
        None => return "not run".into(),
        Some(Outcome::Failed { error }) => return format!("error: {error}"),
        Some(Outcome::Done(l)) => l,
    };
    match l.total_ms {
        Some(t) if l.errors.is_empty() => fmt_ms(t),
        Some(t) => format!("{} ({} calls failed)", fmt_ms(t), l.errors.len()),
        None => format!("timeout ({}/18 calls)", l.calls_done),
    }
}

/// legacy / fbas-sat, for the full analysis; a lower bound when the legacy engine timed out.
pub fn ratio(row: &Row) -> Option<(f64, bool)> {
    let full = row.timing(Analysis::Full)?;
    let ours = full.ms?;
    if full.unknown {
        return None;
    }
    match row.legacy()?.total_ms {
        Some(t) => Some((t / ours, false)),
        None => Some((row.legacy_budget_s * 1000.0 / ours, true)),
    }
}

pub fn ratio_cell(row: &Row) -> String {
    match ratio(row) {
        Some((r, false)) => format!("{r:.0}×"),
        Some((r, true)) => format!("> {r:.0}×"),
        None => "-".into(),
    }
}

fn mb(row: &Row) -> String {
    row.fbas
        .done()
        .and_then(|f| f.peak_kb)
        .map_or("-".into(), |kb| format!("{:.0}", kb as f64 / 1024.0))
}

fn check(row: &Row) -> String {
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
    if row.legacy.is_some() && d.is_empty() {
        notes.push(format!("= legacy ({}/18)", both_known(row).len()));
    }
    notes.join(", ")
}

fn table(out: &mut String, rows: &[&Row], first: &str) {
    let mut head = format!("| {first} | nodes (analysed) |");
    let mut rule = "|---|---|".to_string();
    for a in Analysis::ALL {
        head.push_str(&format!(" {} |", a.title()));
        rule.push_str("---|");
    }
    head.push_str(" legacy (18 calls) | legacy / fbas-sat | peak MB | answer | check |");
    rule.push_str("---|---|---|---|---|");
    let _ = writeln!(out, "{head}\n{rule}");
    for row in rows {
        let label = match row.size {
            Some(n) => n.to_string(),
            None => format!("`{}`", row.name),
        };
        let f = match &row.fbas {
            Outcome::Done(f) => f,
            Outcome::Failed { error } => {
                let _ = writeln!(out, "| {label} | error: {error} |");
                continue;
            }
        };
        let mut line = format!("| {label} | {} ({}) |", f.nodes, f.analysed_nodes);
        for a in Analysis::ALL {
            line.push_str(&format!(" {} |", cell(row, a)));
        }
        line.push_str(&format!(
            " {} | {} | {} | {} | {} |",
            legacy_cell(row),
            ratio_cell(row),
            mb(row),
            answers(row),
            check(row)
        ));
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out);
}

/// For every row whose full analysis took over a second: its slowest parts, as `analyze`
/// itself timed them (`timings_ms`; the parts of one wave run in parallel).
fn inside_full(out: &mut String, rows: &[Row]) {
    let slow: Vec<&Row> = rows
        .iter()
        .filter(|r| r.timing(Analysis::Full).and_then(|t| t.ms) > Some(1000.0))
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
        let Some(t) = r.fbas.done().and_then(|f| f.analyze_timings_ms.as_ref()) else {
            continue;
        };
        let mut parts: Vec<(&String, f64)> = t.iter().map(|(k, &ms)| (k, ms)).collect();
        parts.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top: Vec<String> = parts
            .iter()
            .take(4)
            .map(|(k, ms)| format!("{k} {}", fmt_ms(*ms)))
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            r.name,
            cell(r, Analysis::Full),
            top.join(", ")
        );
    }
    let _ = writeln!(out);
}

/// The measurements `bench/run.sh` makes beside the suite, each written next to its results
/// (`bench/facade.json`, `bench/browser.json`); absent when not made.
#[derive(Default)]
pub struct Beside {
    pub facade: Option<crate::facade::Facade>,
    pub browser: Option<crate::browser::Browser>,
    /// The measurements the no-regression target compares with (`bench/baseline.jsonl`).
    pub baseline: Option<Results>,
    /// How the external tools were installed and called (`bench/external.md`).
    pub external_notes: Option<String>,
    /// Where the targets are missed and what the profile shows (`bench/misses.md`), measured by
    /// hand: it names its own commit and commands.
    pub misses: Option<String>,
}

/// The whole BENCHMARKS.md.
pub fn markdown(results: &Results, plot: Option<&str>, beside: &Beside) -> String {
    let meta: &Meta = &results.meta;
    let budget = meta.budget_s;
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
        runs_summary(results),
        meta.nproc,
        meta.cpu.as_deref().unwrap_or("?"),
        meta.mem_gb.map_or("?".into(), |gb| format!("{gb:?}")),
        meta.kernel.as_deref().unwrap_or("?"),
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
           which `analyze` does not search either. *history-critical* is the smallest \
           history-critical set, not one of the 18 values (`n/a` in rows measured before it was \
           a column). *full analyze* is `fbas_core::analyze` with \
           all 18 backend values (country and ISP levels included, its sub-analyses in parallel \
           on the {} cores) under one {budget} s budget, from the parsed input.\n\
         - Times are medians: {} runs when the first one took < 0.5 s, 3 when < 5 s, else 1. \
           **t/o** marks an analysis that hit the budget, with the bounds it returned.\n\
         - The legacy engine (`@stellarbeat/stellar_analysis_nodejs@0.6.2`) runs right after, on \
           the same file, through `tools/legacy/analyze.js --file` with `LEGACY_TIMEOUT_MS` = \
           {:?} s for its 18 calls (the backend's per-scan calls, each in a fresh WASM instance). \
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
        meta.nproc, meta.reps, meta.legacy_budget_s, meta.reps,
    );
    let _ = writeln!(out, "## Targets\n");
    crate::targets::section(&mut out, results, beside.baseline.as_ref());
    if let Some(misses) = &beside.misses {
        let _ = writeln!(
            out,
            "## Where the targets are missed\n\n{}",
            misses.trim_end()
        );
        let _ = writeln!(out);
    }

    let rows = &results.rows;
    let real: Vec<&Row> = rows.iter().filter(|r| r.group == "real").collect();
    if !real.is_empty() {
        let _ = writeln!(out, "## Real networks\n");
        table(&mut out, &real, "Network");
    }
    if let Some(facade) = &beside.facade {
        crate::facade::section(&mut out, facade);
    }
    if let Some(browser) = &beside.browser {
        crate::browser::section(&mut out, browser);
    }
    let fams: Vec<&str> = FAMILIES
        .iter()
        .copied()
        .filter(|f| rows.iter().any(|r| r.group == *f))
        .collect();
    if !fams.is_empty() {
        let _ = writeln!(
            out,
            "## Generated families\n\n\
             `fbas_testkit::generate`, seed {}, N organizations (`fbas-bench generate FAMILY N 1 --out \
             DIR` writes the same files). symmetric: N × 3 validators, each organization 2-of-3, \
             every validator with the one quorum set ⌈0.67·N⌉ of the organizations. \
             almost-symmetric: the same, each reference deleted with \
             probability {} (per organization, as in python-fbas). core-style: organizations of \
             3, flat ⌈67%⌉ of own validators plus ⌈51%⌉ inner sets of the organizations depended \
             on (each with probability {}). tiered: a symmetric top tier of N organizations plus \
             3·N validators and 2·N watchers trusting 3–12 top-tier organizations. broken-split: \
             two almost-symmetric halves that each contain a quorum (answer: no intersection, \
             splitting 0). broken-blocking: almost-symmetric plus a hub organization every \
             quorum set needs (answer: blocking 2 nodes / 1 organization, filtered 1 / 1).\n",
            crate::suite::SEED,
            fbas_testkit::generate::DEFAULT_DELETE_PROB,
            fbas_testkit::generate::DEFAULT_CONNECT_PROB,
        );
        if let Some(p) = plot {
            let _ = writeln!(out, "![time against N per analysis]({p})\n");
        }
        for fam in fams {
            let mut fam_rows: Vec<&Row> = rows.iter().filter(|r| r.group == fam).collect();
            fam_rows.sort_by_key(|r| r.size);
            let _ = writeln!(out, "### {fam}\n");
            table(&mut out, &fam_rows, "N");
        }
    }
    let python: Vec<&Row> = rows.iter().filter(|r| r.group == "python-fbas").collect();
    if !python.is_empty() {
        let _ = writeln!(
            out,
            "## python-fbas networks\n\n\
             Every network of `tests/data/python-fbas` (the 142 files of `random/` are {} \
             networks plus their organizations files; `small/` and the two top-level files), with \
             the organizations files `tests/data/legacy-engine.json` names; then the {} networks of \
             `generated/`, made by python-fbas' own generator (see its README).\n",
            python
                .iter()
                .filter(|r| r.name.contains("/random/"))
                .count(),
            python
                .iter()
                .filter(|r| r.name.contains("/generated/"))
                .count()
        );
        table(&mut out, &python, "Network");
    }
    crate::external::section(&mut out, rows, beside.external_notes.as_deref());
    inside_full(&mut out, rows);
    let mut diffs = vec![];
    for r in rows {
        for d in disagreements(r) {
            diffs.push(format!("- `{}`: {d}", r.name));
        }
        for d in planted_mismatches(r).unwrap_or_default() {
            diffs.push(format!("- `{}` (planted): {d}", r.name));
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
