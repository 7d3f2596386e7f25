//! `fbas-sat`: analyse a Stellar quorum configuration from the command line.
//!
//! Thin on purpose: arguments are in [`args`], reading the input in [`load`], progress in
//! [`progress`], the readable report in [`table`]; the analysis is `fbas_core::analyze`.

mod args;
mod load;
mod progress;
mod table;

/// The addon's allocator (`crates/fbas-alloc`).
#[global_allocator]
static ALLOCATOR: fbas_alloc::Allocator = fbas_alloc::Allocator;

use args::{AnalyzeArgs, Cli, Command};
use clap::{CommandFactory, Parser};
use fbas_core::{analyze, quorum_set_warnings, AnalysisError, Input, Report, Status};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Exit status: analysed, every requested value exact.
const EXIT_EXACT: u8 = 0;
/// Exit status for an internal error (a bug).
const EXIT_INTERNAL: u8 = 1;
/// Exit status for bad input or usage (clap uses 2 for usage errors too).
const EXIT_INPUT: u8 = 2;
/// Exit status with `--fail-on-split`: the network is split or has no quorum.
const EXIT_SPLIT: u8 = 3;
/// Exit status: analysed, but some requested value is unknown (a budget ran out).
const EXIT_UNKNOWN: u8 = 4;

/// At most this many suspicious quorum sets are named on stderr; the rest are counted.
const MAX_WARNINGS: usize = 10;

fn main() -> ExitCode {
    fbas_alloc::return_freed_memory_at_once();
    install_panic_hook();
    let cli = Cli::parse();
    // A panic anywhere (the hook has printed one line) is an internal error, not a crash.
    panic::catch_unwind(AssertUnwindSafe(|| match cli.command {
        Command::Analyze(args) => run_analyze(&args),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "fbas-sat",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }))
    .unwrap_or(ExitCode::from(EXIT_INTERNAL))
}

fn run_analyze(args: &AnalyzeArgs) -> ExitCode {
    let loaded = match load::load(args) {
        Ok(l) => l,
        Err(e) => return fail(EXIT_INPUT, &e.0),
    };
    if !loaded.unknown_faulty.is_empty() {
        let n = loaded.unknown_faulty.len();
        eprintln!(
            "fbas-sat: warning: {n} of {} faulty keys {} of the network (first: {})",
            loaded.faulty.len(),
            if n == 1 {
                "is not a node"
            } else {
                "are not nodes"
            },
            loaded.unknown_faulty[0]
        );
    }
    warn_suspicious_quorum_sets(&loaded.input);
    let start = Instant::now();
    let options = args.options(start);
    let progress = progress::Progress::start();
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        // Lets the tests check that a bug reads as one line, not as a crash.
        if std::env::var_os("FBAS_SAT_TEST_PANIC").is_some() {
            panic!("test panic\nrequested by FBAS_SAT_TEST_PANIC");
        }
        analyze(&loaded.input, &loaded.faulty, &options)
    }));
    progress.finish(matches!(result, Ok(Ok(_))));
    let elapsed = start.elapsed();
    let report = match result {
        Ok(Ok(report)) => report,
        Ok(Err(AnalysisError::Input(e))) => {
            return fail(
                EXIT_INPUT,
                &format!("invalid input in {}: {e}", loaded.source),
            )
        }
        Ok(Err(e @ AnalysisError::Internal(_))) => return fail(EXIT_INTERNAL, &e.to_string()),
        Err(_) => return ExitCode::from(EXIT_INTERNAL),
    };
    let text = if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(s) => s + "\n",
            Err(e) => return fail(EXIT_INTERNAL, &format!("internal error: {e}")),
        }
    } else {
        table::render(&report, &loaded, &options, elapsed)
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::from(outcome(&report, args)),
        // `fbas-sat analyze | head`: the reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(outcome(&report, args))
        }
        Err(e) => fail(EXIT_INTERNAL, &format!("cannot write the report: {e}")),
    }
}

/// The exit status of an analysis that ran: a split (or no quorum) first when the caller asked
/// to fail on it, then whether every requested value is exact.
fn outcome(report: &Report, args: &AnalyzeArgs) -> u8 {
    if args.fail_on_split && matches!(report.status, Status::Split | Status::NoQuorum) {
        EXIT_SPLIT
    } else if !report.complete {
        EXIT_UNKNOWN
    } else {
        EXIT_EXACT
    }
}

/// One stderr line per suspicious quorum set (at most [`MAX_WARNINGS`], then their count).
fn warn_suspicious_quorum_sets(input: &Input) {
    let warnings = quorum_set_warnings(input);
    for w in warnings.iter().take(MAX_WARNINGS) {
        eprintln!("fbas-sat: warning: {w}");
    }
    if let Some(more) = warnings.len().checked_sub(MAX_WARNINGS).filter(|&n| n > 0) {
        eprintln!(
            "fbas-sat: warning: and {more} more suspicious quorum set{}",
            if more == 1 { "" } else { "s" }
        );
    }
}

/// Print one line `fbas-sat: error: MESSAGE` and return the exit status.
fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("fbas-sat: error: {}", one_line(message));
    ExitCode::from(code)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Panics print one line, `fbas-sat: internal error: ...`, never a backtrace; with several
/// threads panicking, only the first.
fn install_panic_hook() {
    static REPORTED: AtomicBool = AtomicBool::new(false);
    panic::set_hook(Box::new(|info| {
        if REPORTED.swap(true, Ordering::SeqCst) {
            return;
        }
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let location = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "fbas-sat: internal error: {}{location}; please report this bug",
            one_line(&message)
        );
    }));
}
