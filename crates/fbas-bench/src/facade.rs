//! The "Through the backend's facade" section of BENCHMARKS.md, from `bench/facade.mjs`'s
//! results file (`bench/facade.json`): per real snapshot, the backend's whole per-scan sequence
//! of 18 facade calls through the legacy engine, through `fbas-sat/legacy` and through the
//! asynchronous `FbasAnalyzer`, and the one `analyzeNetwork` call, each on a network seen for the
//! first time (cold) and again (warm); and the backend's own share of the synchronous scans (its
//! `JSON.stringify` of every call's arguments), below which no engine behind the legacy API can go.

use crate::report::fmt_ms;
use serde::Deserialize;
use std::fmt::Write;

/// `bench/facade.json`.
#[derive(Debug, Deserialize)]
pub struct Facade {
    pub meta: FacadeMeta,
    pub rows: Vec<FacadeRow>,
}

/// How the facade measurement was made.
#[derive(Debug, Deserialize)]
pub struct FacadeMeta {
    pub date: String,
    pub commit: String,
    pub command: String,
    pub node: String,
    /// Runs per median.
    pub reps: u32,
}

/// One snapshot, through every path.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FacadeRow {
    pub name: String,
    pub nodes: usize,
    /// The legacy engine's 18 calls.
    pub legacy: ColdWarm,
    /// The same calls through `fbas-sat/legacy`.
    pub fbas_legacy: ColdWarm,
    /// The same calls through the asynchronous `FbasAnalyzer`.
    pub fbas_async: ColdWarm,
    pub analyze_network: ColdWarm,
    /// The backend's own share of each synchronous scan: the same 18 calls' `JSON.stringify` of
    /// their arguments, through a module that does nothing (absent from older results).
    #[serde(default)]
    pub backend: Option<ColdWarm>,
}

/// Median times of a network seen for the first time and seen again.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColdWarm {
    pub cold_ms: f64,
    pub warm_ms: f64,
}

/// The snapshots the speed target applies to have at least this many nodes.
const TARGET_NODES: usize = 100;

/// Write the section for the results `facade`.
pub fn section(out: &mut String, facade: &Facade) {
    let meta = &facade.meta;
    let _ = writeln!(
        out,
        "## Through the backend's facade\n\n\
         Measured {} at commit `{}` with `{}` (`bench/run.sh` runs it), Node {}, on the machine \
         above, median of {} runs. One *scan* is the explorer backend's whole sequence of facade \
         calls (its service and merged-by analyzer: the symmetric top tier and minimal quorums, \
         then per level — nodes, organization, country, ISP — the top tier, blocking sets without \
         and with the faulty nodes, and splitting sets: 18 calls, each with the backend's \
         `JSON.stringify` of its arguments). *cold*: a network the engine has not seen (the \
         legacy engine freshly loaded, fbas-sat's cache cleared), as on each new scan; *warm*: \
         the same network again, from each engine's cache. The speed target is ≤ 1/10 of the \
         legacy engine's time, cold and warm, on every snapshot of {TARGET_NODES} nodes or more \
         (*target*); the asynchronous port awaits its calls together, as a ported service \
         would. *the backend's share* is the time the synchronous scans spend in the backend's \
         own `JSON.stringify` calls (the same scan through a module that does nothing): no \
         engine behind the legacy API can take less, so where the legacy engine's time is less \
         than ten times that, the target is out of reach through that path (*out of reach*).\n",
        meta.date, meta.commit, meta.command, meta.node, meta.reps,
    );
    let _ = writeln!(
        out,
        "| Network | nodes | legacy engine, cold / warm | `fbas-sat/legacy`, cold / warm | \
         `FbasAnalyzer` (async), cold / warm | `analyzeNetwork`, cold / warm | the backend's \
         share, cold / warm | legacy ÷ `fbas-sat/legacy`, cold / warm | target |\n\
         |---|---|---|---|---|---|---|---|---|"
    );
    for row in &facade.rows {
        let pair = |t: &ColdWarm| format!("{} / {}", fmt_ms(t.cold_ms), fmt_ms(t.warm_ms));
        let (cold, warm) = (
            row.legacy.cold_ms / row.fbas_legacy.cold_ms,
            row.legacy.warm_ms / row.fbas_legacy.warm_ms,
        );
        // The backend's share alone leaves less than 1/10 of the legacy engine's time.
        let out_of_reach = row.backend.as_ref().is_some_and(|b| {
            row.legacy.cold_ms < 10.0 * b.cold_ms || row.legacy.warm_ms < 10.0 * b.warm_ms
        });
        let target = if row.nodes < TARGET_NODES {
            "-"
        } else if cold >= 10.0 && warm >= 10.0 {
            "met"
        } else if out_of_reach {
            "missed, out of reach"
        } else {
            "missed"
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | {:.1}× / {:.1}× | {target} |",
            row.name,
            row.nodes,
            pair(&row.legacy),
            pair(&row.fbas_legacy),
            pair(&row.fbas_async),
            pair(&row.analyze_network),
            row.backend.as_ref().map_or("—".to_string(), pair),
            cold,
            warm,
        );
    }
    let _ = writeln!(out);
}
