//! Command-line arguments (clap derive): what the user asked for, turned into
//! [`fbas_core::Options`] by [`AnalyzeArgs::options`].

use clap::{Args, Parser, Subcommand, ValueEnum};
use fbas_core::{Analyses, Level, Options};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(
    name = "fbas-sat",
    version,
    about = "Exact SAT-based analysis of Stellar quorum configurations (FBAS)",
    long_about = "Exact SAT-based analysis of Stellar quorum configurations (FBAS): quorum \
                  intersection, top tier, minimal blocking sets (liveness) and minimal \
                  splitting sets (safety), per node and merged by organization, country or ISP; \
                  and the history-critical set when the input says whose history archive works."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a network: quorum intersection, top tier, blocking and splitting sets, and the
    /// history-critical set.
    #[command(after_help = "\
Input formats (detected by shape):
  stellarbeat    [{publicKey, name, quorumSet: {threshold, validators, innerQuorumSets}, ...}]
                 or {nodes: [...], organizations: [...]}
  python-fbas    {validators: [{id, qset, attrs}], qsets: {ID: {threshold, members}}}
  stellar-core   {nodes: [{node, qset: {t, v}}]} (`quorum?transitive=true`, check-quorum-intersection)

Without --orgs, organizations are read from the file next to FILE named like it with `nodes`
replaced by `organizations` (or with the same date), or python-fbas' NAME_orgs.json.

Suspicious quorum sets (threshold 0, threshold above the member count, a validator missing from
its own quorum set) are reported on stderr; the analysis takes them as they are.

Exit status:
  0  analysed, every requested value exact
  1  internal error
  2  bad input or usage
  3  the network is split or has no quorum (only with --fail-on-split)
  4  analysed, but some requested value is unknown (--timeout, --max-clauses)
A split network with unknown values exits with 3 under --fail-on-split.")]
    Analyze(AnalyzeArgs),
    /// Print a completion script for SHELL on stdout, e.g.
    /// `fbas-sat completions bash > /etc/bash_completion.d/fbas-sat`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Network JSON file, `-` for standard input. Without it: the public Stellar network of
    /// 2025-11-13, bundled.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Organizations JSON: [{id, name, validators}] or [{name, validators}].
    #[arg(long, value_name = "FILE")]
    pub orgs: Option<PathBuf>,

    /// Faulty nodes for minBlockingSetFilteredSize: a JSON array of public keys, or keys
    /// separated by whitespace.
    #[arg(long, value_name = "KEYS_FILE", conflicts_with = "faulty_from_input")]
    pub faulty: Option<PathBuf>,

    /// Take the nodes with `isValidating: false` as faulty (the default for the bundled network).
    #[arg(long)]
    pub faulty_from_input: bool,

    /// Run only these analyses (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub only: Vec<Analysis>,

    /// Grouping levels to report (comma-separated); `none` is the node level.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub merge_by: Vec<MergeBy>,

    /// Stop searching after SECS seconds; values not found by then are reported as unknown.
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub timeout: Option<Duration>,

    /// The most clauses one SAT instance may hold (75-100 bytes each), and half of what all of
    /// them may hold at once; an encoding that would pass it leaves its values unknown instead
    /// of taking gigabytes (0: no cap).
    #[arg(long, value_name = "N", default_value_t = fbas_core::budget::DEFAULT_MAX_CLAUSES)]
    pub max_clauses: usize,

    /// Print the report as JSON (the explorer backend's field names).
    #[arg(long)]
    pub json: bool,

    /// Exit with status 3 when the network is split or has no quorum (for monitoring scripts).
    #[arg(long)]
    pub fail_on_split: bool,
}

impl AnalyzeArgs {
    /// Whether the network is read from standard input (`FILE` is `-`).
    pub fn reads_stdin(&self) -> bool {
        self.file.as_deref() == Some(std::path::Path::new("-"))
    }
}

/// One of the analyses `--only` can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Analysis {
    /// Quorum intersection (two disjoint quorums, when split).
    Intersection,
    /// The smallest quorum.
    Quorum,
    /// Top tier and symmetric top tier.
    TopTier,
    /// Minimal blocking sets, plain and filtered by the faulty nodes.
    Blocking,
    /// Minimal splitting sets.
    Splitting,
    /// The history-critical set (python-fbas' history-loss): the fewest validators with a
    /// working history archive whose failure leaves a quorum without valid history. Needs
    /// `historyArchiveHasError` in the input (by default it runs whenever the input has it).
    History,
}

/// A grouping level for `--merge-by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MergeBy {
    /// Nodes as they are.
    #[value(alias = "node")]
    None,
    /// Organizations.
    #[value(alias = "organization", alias = "orgs")]
    Org,
    /// `geoData.countryName`.
    Country,
    /// `isp`.
    Isp,
}

impl MergeBy {
    fn level(self) -> Level {
        match self {
            MergeBy::None => Level::Node,
            MergeBy::Org => Level::Organization,
            MergeBy::Country => Level::Country,
            MergeBy::Isp => Level::Isp,
        }
    }
}

fn parse_secs(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if secs.is_nan() || secs <= 0.0 {
        return Err(format!("the timeout must be positive, got {s}"));
    }
    Duration::try_from_secs_f64(secs).map_err(|_| format!("`{s}` seconds is too long"))
}

impl AnalyzeArgs {
    /// The analysis options; the deadline, if any, counts from `start`.
    pub fn options(&self, start: Instant) -> Options {
        let mut options = Options::default();
        if !self.only.is_empty() {
            let has = |a| self.only.contains(&a);
            options.analyses = Analyses {
                intersection: has(Analysis::Intersection),
                min_quorum: has(Analysis::Quorum),
                top_tier: has(Analysis::TopTier),
                blocking: has(Analysis::Blocking),
                splitting: has(Analysis::Splitting),
                history: has(Analysis::History),
            };
        }
        if !self.merge_by.is_empty() {
            // In the canonical order, each level once.
            options.levels = Level::ALL
                .into_iter()
                .filter(|l| self.merge_by.iter().any(|m| m.level() == *l))
                .collect();
        }
        options.budget.deadline = self.timeout.and_then(|t| start.checked_add(t));
        options.budget.max_clauses = (self.max_clauses > 0).then_some(self.max_clauses);
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(args: &[&str]) -> AnalyzeArgs {
        let mut argv = vec!["fbas-sat", "analyze"];
        argv.extend_from_slice(args);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Analyze(a) => a,
            Command::Completions { .. } => unreachable!("parsed `analyze`"),
        }
    }

    #[test]
    fn defaults_run_everything() {
        let a = analyze(&[]);
        assert!(a.file.is_none());
        let o = a.options(Instant::now());
        assert_eq!(o.analyses, Analyses::ALL);
        assert_eq!(o.levels, Level::ALL.to_vec());
        assert!(o.budget.deadline.is_none());
    }

    #[test]
    fn only_merge_by_timeout() {
        let a = analyze(&[
            "net.json",
            "--only",
            "top-tier,splitting",
            "--merge-by",
            "isp,none,isp",
            "--timeout",
            "2.5",
        ]);
        let start = Instant::now();
        let o = a.options(start);
        assert!(o.analyses.top_tier && o.analyses.splitting);
        assert!(!o.analyses.intersection && !o.analyses.blocking && !o.analyses.min_quorum);
        assert!(!o.analyses.history);
        let h = analyze(&["--only", "history"]).options(start).analyses;
        assert!(h.history && !h.top_tier && !h.splitting && !h.blocking);
        assert_eq!(o.levels, vec![Level::Node, Level::Isp]);
        assert_eq!(o.budget.deadline, Some(start + Duration::from_millis(2500)));
    }

    #[test]
    fn rejects_bad_values() {
        for args in [
            &["--only", "everything"][..],
            &["--merge-by", "planet"],
            &["--timeout", "0"],
            &["--timeout", "-3"],
            &["--timeout", "soon"],
            &["--timeout", "NaN"],
            &["--faulty", "f.txt", "--faulty-from-input"],
        ] {
            let mut argv = vec!["fbas-sat", "analyze"];
            argv.extend_from_slice(args);
            assert!(Cli::try_parse_from(argv).is_err(), "{args:?}");
        }
    }

    #[test]
    fn stdin_and_fail_on_split() {
        let a = analyze(&["-", "--fail-on-split"]);
        assert!(a.reads_stdin() && a.fail_on_split);
        let a = analyze(&["net.json"]);
        assert!(!a.reads_stdin() && !a.fail_on_split);
        assert!(!analyze(&[]).reads_stdin());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
