//! The "In the browser" section of BENCHMARKS.md, from `bench/browser.mjs`'s results file
//! (`bench/browser.json`): per real snapshot, the per-scan analysis by the browser package
//! fbas-sat-web in headless Chromium, cold and warm, next to the explorer's current browser
//! engine (`@stellarbeat/stellar_analysis_web@0.7.0`, its 18 calls) on the same page.

use crate::report::{answers, disagreements, fmt_ms};
use serde_json::Value;
use std::fmt::Write;

/// Write the section for the results `browser` (`{meta, rows}`).
pub fn section(out: &mut String, browser: &Value) {
    let meta = &browser["meta"];
    let budget = meta["legacyBudgetS"].as_f64().unwrap_or(60.0);
    let _ = writeln!(
        out,
        "## In the browser\n\n\
         Measured {} at commit `{}` with `{}` (`bench/run.sh` runs it), in {}, on the machine \
         above. The browser package `fbas-sat-web` (fbas-core compiled to WebAssembly, one \
         thread) and `@stellarbeat/stellar_analysis_web@0.7.0`, the explorer's current engine, \
         run on the same page, each in a fresh Web Worker, the engine loaded before the clock \
         starts; times are taken inside the worker. *first* is fbas-sat-web's first analysis in \
         its worker (before the browser has optimised its code, as a page's first analysis); \
         *later* the median of the {} that follow in the same worker (as every later analysis in \
         the explorer's long-lived worker). The legacy engine makes the backend's 18 calls with \
         the explorer worker's JSON strings, in a fresh worker per run (it caches answers per \
         network), median of up to {} runs, stopped after {budget} s.\n",
        meta["date"].as_str().unwrap_or("?"),
        meta["commit"].as_str().unwrap_or("?"),
        meta["command"].as_str().unwrap_or("?"),
        meta["browser"].as_str().unwrap_or("?"),
        meta["reps"],
        meta["reps"],
    );
    let _ = writeln!(
        out,
        "*check* compares the values both answered with the web build's, which is \
         fbas_analyzer 0.7.4; fbas-sat reproduces the backend's engine \
         (`@stellarbeat/stellar_analysis_nodejs@0.6.2`, fbas_analyzer 0.7.3), and \
         `tests/data/legacy-engine.json` records both engines' answers (the web build's under \
         `alternates.webAsIs`).\n"
    );
    let _ = writeln!(
        out,
        "| Network | nodes | fbas-sat-web, first | fbas-sat-web, later | legacy web (18 calls) \
         | legacy / fbas-sat-web (later) | answer | check |\n|---|---|---|---|---|---|---|---|"
    );
    for row in browser["rows"].as_array().into_iter().flatten() {
        let (fbas, legacy) = (&row["fbas"], &row["legacy"]);
        let ours = fbas["ms"].as_f64();
        let (legacy_cell, ratio) = match (legacy["ms"].as_f64(), ours) {
            (Some(t), Some(o)) => (fmt_ms(t), times(t / o)),
            (None, Some(o)) if legacy["timeout"] == true => (
                format!(
                    "did not finish in {budget} s ({}/18 calls)",
                    legacy["calls"].as_u64().unwrap_or(0)
                ),
                format!("> {}", times(budget * 1000.0 / o)),
            ),
            _ => (
                format!("error {}", legacy["error"].as_str().unwrap_or("?")),
                "-".into(),
            ),
        };
        let d = disagreements(row);
        let compared = legacy["values"].as_object().map_or(0, |v| v.len());
        let check = if compared == 0 {
            "-".to_string()
        } else if d.is_empty() {
            format!("= legacy ({compared}/18)")
        } else {
            format!("≠ legacy: {}", d.join("; "))
        };
        let time = |v: &Value| v.as_f64().map_or("-".into(), fmt_ms);
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {legacy_cell} | {ratio} | {}{} | {check} |",
            row["name"].as_str().unwrap_or("?"),
            row["nodes"],
            fbas["error"]
                .as_str()
                .map_or_else(|| time(&fbas["coldMs"]), String::from),
            time(&fbas["ms"]),
            answers(&fbas["values"]),
            if fbas["unknown"] == true {
                " (unknown)"
            } else {
                ""
            },
        );
    }
    let _ = writeln!(out);
}

/// A ratio: `0.12×`, `4.5×`, `39×`.
fn times(r: f64) -> String {
    if r < 1.0 {
        format!("{r:.2}×")
    } else if r < 10.0 {
        format!("{r:.1}×")
    } else {
        format!("{r:.0}×")
    }
}
