//! `fbas-sat`: analyse a Stellar quorum configuration from the command line.
//!
//! Thin on purpose: arguments are in [`args`], reading the input in [`load`], progress in
//! [`progress`], the readable report in [`table`]; the analysis is `fbas_core::analyze`.

mod args;
mod load;
mod progress;
mod table;

use args::{AnalyzeArgs, Cli, Command};
use clap::Parser;
use fbas_core::{analyze, AnalysisError};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Exit status for bad input or usage (clap uses 2 for usage errors too).
const EXIT_INPUT: u8 = 2;
/// Exit status for an internal error (a bug).
const EXIT_INTERNAL: u8 = 1;

fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    // A panic anywhere (the hook has printed one line) is an internal error, not a crash.
    panic::catch_unwind(AssertUnwindSafe(|| match cli.command {
        Command::Analyze(args) => run_analyze(&args),
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
            "fbas-sat: warning: {n} of {} faulty keys are not nodes of the network (first: {})",
            loaded.faulty.len(),
            loaded.unknown_faulty[0]
        );
    }
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
        Ok(()) => ExitCode::SUCCESS,
        // `fbas-sat analyze | head`: the reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(EXIT_INTERNAL, &format!("cannot write the report: {e}")),
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
