//! The network model: the input as given, quorum sets, the indexed network with its plain
//! (non-SAT) checks, the legacy preprocessing, grouping by organization, country or ISP, and
//! warnings about suspicious quorum sets.

pub mod bitset;
pub mod fbas;
pub mod fixpoint;
pub mod grouping;
pub mod input;
pub mod preprocess;
pub mod quorum_set;
pub mod warnings;
