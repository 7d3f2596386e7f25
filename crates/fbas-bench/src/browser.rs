//! The "In the browser" section of BENCHMARKS.md, from `bench/browser.mjs`'s results file
//! (`bench/browser.json`): per real snapshot, the per-scan analysis by the browser package
//! fbas-sat-web in headless Chromium, cold and warm, next to the explorer's current browser
//! engine (`@stellarbeat/stellar_analysis_web@0.7.0`, its 18 calls) on the same page.

use crate::report::{differences, fmt_ms, known_in_both, summary};
use crate::results::Values;
use serde::Deserialize;
use std::fmt::Write;

/// `bench/browser.json`.
#[derive(Debug, Deserialize)]
pub struct Browser {
    pub meta: BrowserMeta,
    pub rows: Vec<BrowserRow>,
}

/// How the browser measurement was made.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrowserMeta {
    pub date: String,
    pub commit: String,
    pub command: String,
    pub browser: String,
    /// Analyses measured after the first, per network.
    pub reps: u32,
    /// The legacy engine's time budget per network, in seconds.
    pub legacy_budget_s: f64,
}

/// One network, measured in both engines.
#[derive(Debug, Deserialize)]
pub struct BrowserRow {
    pub name: String,
    pub nodes: usize,
    pub fbas: WebRun,
    pub legacy: LegacyWebRun,
}

/// fbas-sat-web's analyses of one network.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebRun {
    /// The first analysis in a fresh worker.
    pub cold_ms: Option<f64>,
    /// The median of the later ones: the same network again in that worker, answered from the
    /// module's cache.
    pub ms: Option<f64>,
    pub values: Option<Values>,
    #[serde(default)]
    pub unknown: bool,
    pub error: Option<String>,
}

/// The legacy web build's 18 calls on one network.
#[derive(Debug, Deserialize)]
pub struct LegacyWebRun {
    pub ms: Option<f64>,
    #[serde(default)]
    pub timeout: bool,
    /// Calls answered before the budget ran out.
    #[serde(default)]
    pub calls: u32,
    pub values: Option<Values>,
    pub error: Option<String>,
}

/// Write the section for the results `browser`.
pub fn section(out: &mut String, browser: &Browser) {
    let meta = &browser.meta;
    let budget = meta.legacy_budget_s;
    let _ = writeln!(
        out,
        "## In the browser\n\n\
         Measured {} at commit `{}` with `{}` (`bench/run.sh` runs it), in {}, on the machine \
         above. The browser package `fbas-sat-web` (fbas-core compiled to WebAssembly, one \
         thread) and `@stellarbeat/stellar_analysis_web@0.7.0`, the explorer's current engine, \
         run on the same page, each in a fresh Web Worker, the engine loaded before the clock \
         starts; times are taken inside the worker. *first* is fbas-sat-web's first analysis in \
         its worker (before the browser has optimised its code, as a page's first analysis); \
         *later* the median of the {} that follow in the same worker on the same network, which \
         fbas-sat-web answers from what it keeps per network (as the legacy engine keeps its \
         answers); the ratio compares the legacy engine with *first*. The legacy engine makes the backend's 18 calls with \
         the explorer worker's JSON strings, in a fresh worker per run (it caches answers per \
         network), median of up to {} runs, stopped after {budget} s.\n",
        meta.date, meta.commit, meta.command, meta.browser, meta.reps, meta.reps,
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
         | legacy / fbas-sat-web (first) | answer | check |\n|---|---|---|---|---|---|---|---|"
    );
    for row in &browser.rows {
        let (fbas, legacy) = (&row.fbas, &row.legacy);
        let (legacy_cell, ratio) = match (legacy.ms, fbas.cold_ms) {
            (Some(t), Some(o)) => (fmt_ms(t), times(t / o)),
            (None, Some(o)) if legacy.timeout => (
                format!("did not finish in {budget} s ({}/18 calls)", legacy.calls),
                format!("> {}", times(budget * 1000.0 / o)),
            ),
            _ => (
                format!("error {}", legacy.error.as_deref().unwrap_or("?")),
                "-".into(),
            ),
        };
        let both = match (&fbas.values, &legacy.values) {
            (Some(ours), Some(theirs)) => known_in_both(ours, theirs),
            _ => vec![],
        };
        let compared = both.len();
        let d = differences(both);
        let check = if compared == 0 {
            "-".to_string()
        } else if d.is_empty() {
            format!("= legacy ({compared}/18)")
        } else {
            format!("≠ legacy: {}", d.join("; "))
        };
        let time = |ms: Option<f64>| ms.map_or("-".into(), fmt_ms);
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {legacy_cell} | {ratio} | {}{} | {check} |",
            row.name,
            row.nodes,
            fbas.error.clone().unwrap_or_else(|| time(fbas.cold_ms)),
            time(fbas.ms),
            fbas.values.as_ref().map_or("-".into(), summary),
            if fbas.unknown { " (unknown)" } else { "" },
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
