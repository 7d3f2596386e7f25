//! Shared support for the integration tests of fbas-core:
//! - [`random`]: seeded generators of small random inputs (no external RNG crate);
//! - [`oracle`]: an independent brute-force implementation of the legacy engine's semantics;
//! - [`compare`]: `analyze`'s numbers against the oracle's;
//! - [`legacy`]: runs the legacy engine itself (`tools/legacy/analyze.js`) on a batch of inputs.
//!
//! Each test file includes this with `mod common;`, and not every test uses every helper.
#![allow(dead_code)]

pub mod compare;
pub mod legacy;
pub mod oracle;
pub mod random;
