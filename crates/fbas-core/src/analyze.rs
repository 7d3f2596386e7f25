//! The whole per-scan analysis in one call: everything the explorer backend stores, sharing
//! parsing and preprocessing, with the independent sub-analyses run in parallel.

use crate::budget::Budget;
use crate::input::{Input, InputError};
use crate::report::Report;
use std::fmt;

/// A grouping level: nodes as they are, or merged by organization, country or ISP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Node,
    Organization,
    Country,
    Isp,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Node, Level::Organization, Level::Country, Level::Isp];

    /// The level's key in the report (`node`, `organization`, `country`, `isp`).
    pub fn name(self) -> &'static str {
        match self {
            Level::Node => "node",
            Level::Organization => "organization",
            Level::Country => "country",
            Level::Isp => "isp",
        }
    }
}

/// Which analyses to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analyses {
    pub intersection: bool,
    pub min_quorum: bool,
    /// Top tier and symmetric top tier.
    pub top_tier: bool,
    /// Blocking sets, plain and filtered by the faulty nodes.
    pub blocking: bool,
    pub splitting: bool,
}

impl Analyses {
    pub const ALL: Analyses = Analyses {
        intersection: true,
        min_quorum: true,
        top_tier: true,
        blocking: true,
        splitting: true,
    };
}

/// What to compute, at which levels, within which budget.
#[derive(Debug, Clone)]
pub struct Options {
    pub analyses: Analyses,
    pub levels: Vec<Level>,
    pub budget: Budget,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            analyses: Analyses::ALL,
            levels: Level::ALL.to_vec(),
            budget: Budget::unlimited(),
        }
    }
}

/// Why `analyze` has no report: bad input, or a witness that failed its re-check (a bug).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalysisError {
    Input(InputError),
    Internal(String),
}

impl fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnalysisError::Input(e) => write!(f, "invalid input: {e}"),
            AnalysisError::Internal(e) => write!(f, "internal error: {e}"),
        }
    }
}

impl std::error::Error for AnalysisError {}

impl From<InputError> for AnalysisError {
    fn from(e: InputError) -> Self {
        AnalysisError::Input(e)
    }
}

/// Analyse `input` with the nodes in `faulty` (public keys) taken as faulty for the filtered
/// blocking sets.
pub fn analyze(input: &Input, faulty: &[String], options: &Options) -> Result<Report, AnalysisError> {
    let _ = (input, faulty, options);
    todo!("being written")
}
