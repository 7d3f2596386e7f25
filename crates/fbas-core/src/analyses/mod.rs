//! The analyses, one per question the explorer asks: quorum intersection, smallest quorum, top
//! tier and symmetric top tier, blocking sets, splitting sets, the history-critical set, the
//! structural bounds they share, what the answer at one grouping level says about another's, and
//! the lists of minimal sets.

pub mod block_counts;
pub mod blocking;
pub mod bounds;
pub mod direct;
pub mod history;
pub mod intersection;
pub mod levels;
pub mod node_lists;
pub mod orbits;
pub mod quorums;
pub mod quotient;
pub mod splitting;
pub mod symmetric_top_tier;
pub mod top_tier;
pub mod units;
