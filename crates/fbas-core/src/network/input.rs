//! The network as it was given: public keys and names, before any resolution or preprocessing.
//!
//! Every input format (`crate::parse`) produces an [`Input`]; `Fbas::from_input`
//! turns it into the indexed network the analyses work on.

use std::fmt;

/// The deepest quorum-set nesting a network may have (a node's own quorum set is level 1; real
/// networks use 2 or 3). Every reader rejects deeper input, and so does
/// `Fbas::from_input`, so nothing downstream recurses deeper.
pub const MAX_QSET_DEPTH: usize = 32;

/// A quorum set as written in the input: members are public keys, possibly of unknown nodes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputQuorumSet {
    pub threshold: u64,
    pub validators: Vec<String>,
    pub inner_quorum_sets: Vec<InputQuorumSet>,
}

/// One node of the input. `quorum_set: None` is a node without (or with a `null`) quorum set:
/// it can never be satisfied.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputNode {
    pub public_key: String,
    pub name: Option<String>,
    pub quorum_set: Option<InputQuorumSet>,
    /// `geoData.countryName`; `None` for a missing or null country.
    pub country: Option<String>,
    /// `isp`; `None` for a missing or null ISP.
    pub isp: Option<String>,
    /// `isValidating`; nodes with `Some(false)` are the faulty nodes of `--faulty-from-input`.
    pub is_validating: Option<bool>,
    /// `historyArchiveHasError`; `None` when the field is missing.
    pub history_archive_has_error: Option<bool>,
}

/// An organization: a named group of validators. Validators unknown to the network are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputOrganization {
    pub id: String,
    pub name: Option<String>,
    pub validators: Vec<String>,
}

/// A whole input: nodes plus the organizations that group them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Input {
    pub nodes: Vec<InputNode>,
    pub organizations: Vec<InputOrganization>,
}

impl Input {
    /// Public keys of the nodes that the input marks as not validating (`isValidating: false`).
    pub fn not_validating(&self) -> Vec<String> {
        self.nodes
            .iter()
            .filter(|n| n.is_validating == Some(false))
            .map(|n| n.public_key.clone())
            .collect()
    }
}

/// Bad input: where it is (`at`, e.g. `nodes[3].quorumSet.threshold` or a public key) and what is
/// wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub at: String,
    pub message: String,
}

impl InputError {
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            at: at.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.at, self.message)
        }
    }
}

impl std::error::Error for InputError {}
