//! Validates the brute-force oracle (`fbas_testkit::oracle`) against the legacy engine itself on
//! random inputs: every value the legacy engine returns (where its call did not fail) must equal the
//! oracle's, and the oracle must predict where the legacy splitting-set search aborts. Other tests
//! can then use the oracle as the legacy semantics.
//!
//! `FBAS_CASES` (default 300) sets the number of cases, `FBAS_SEED` the seed; `FBAS_DUMP=file`
//! writes the disagreeing cases (harness request + mismatches) to `file` as JSON. Skips, with a
//! message, when `node` or `node_modules/@stellarbeat/stellar_analysis_nodejs` is missing.

use fbas_core::Input;
use fbas_testkit::legacy::{self, Call, LegacyResult, Sets};
use fbas_testkit::oracle::{self, NormQSet, OracleResult, LEVELS};
use fbas_testkit::random;
use std::collections::BTreeMap;
use std::time::Instant;

const DEFAULT_CASES: usize = 300;
const DEFAULT_SEED: u64 = 0x5EED_FBA5_0001;
const BATCH: usize = 250;

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => {
            let v = v.trim();
            let parsed = match v.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => v.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("{name} must be a number"))
        }
        Err(_) => default,
    }
}

/// Comparison of one case: values compared, calls skipped (and why), disagreements.
#[derive(Default)]
struct Tally {
    compared: usize,
    skipped: BTreeMap<String, usize>,
    mismatches: Vec<String>,
}

impl Tally {
    fn skip(&mut self, what: &str, reason: &str) {
        let reason = if reason.contains("Organizations JSON") {
            "organization without name"
        } else if reason.contains("index out of bounds") {
            "splitting-set search abort"
        } else {
            reason
        };
        let call = what.split('.').take(2).collect::<Vec<_>>().join(".");
        *self.skipped.entry(format!("{call}: {reason}")).or_default() += 1;
    }

    fn check<T: PartialEq + std::fmt::Debug, U>(
        &mut self,
        what: &str,
        legacy: &Call<U>,
        get: impl FnOnce(&U) -> T,
        oracle: T,
    ) {
        match legacy {
            Err(reason) => self.skip(what, reason),
            Ok(v) => {
                self.compared += 1;
                let v = get(v);
                if v != oracle {
                    self.mismatches
                        .push(format!("{what}: legacy {v:?} != oracle {oracle:?}"));
                }
            }
        }
    }

    fn check_sets(&mut self, what: &str, legacy: &Call<Sets>, sets: &[Vec<String>], min: usize) {
        self.check(&format!("{what}.min"), legacy, |s| s.min, min);
        self.check(&format!("{what}.size"), legacy, |s| s.size, sets.len());
        let result = format!("{what}.result");
        self.check(&result, legacy, |s| s.result.clone(), sets.to_vec());
    }
}

fn compare(o: &OracleResult, l: &LegacyResult) -> Tally {
    let mut t = Tally::default();
    let qi = o.has_quorum_intersection;
    t.check(
        "hasQuorumIntersection",
        &l.has_quorum_intersection,
        |&b| b,
        qi,
    );
    let sym = o.has_symmetric_top_tier;
    t.check(
        "hasSymmetricTopTier",
        &l.has_symmetric_top_tier,
        |&b| b,
        sym,
    );
    let parse_qset = |v: &serde_json::Value| match v.is_null() {
        true => None,
        false => NormQSet::from_legacy_json(v),
    };
    let sym_qset = o.symmetric_top_tier.clone();
    t.check(
        "symmetricTopTier",
        &l.symmetric_top_tier,
        parse_qset,
        sym_qset,
    );
    let (mqs, min) = (&o.minimal_quorums, o.min_quorum_size);
    t.check_sets("minimalQuorums", &l.minimal_quorums, mqs, min);
    // The legacy splitting-set search aborts on some inputs; the oracle must predict where.
    let aborted = matches!(&l.node.splitting_sets, Err(e) if e.starts_with("error"));
    if aborted != o.legacy_splitting_aborts {
        t.mismatches.push(format!(
            "node.splittingSets: legacy aborted {aborted} != oracle predicts abort {}",
            o.legacy_splitting_aborts
        ));
    }
    for lvl in LEVELS {
        let name = lvl.name();
        let (ol, ll) = (o.level(lvl), l.level(name));
        t.check(
            &format!("{name}.topTier"),
            &ll.top_tier,
            |v| v.clone(),
            ol.top_tier.clone(),
        );
        t.check(
            &format!("{name}.topTierSize"),
            &ll.top_tier_size,
            |&v| v,
            ol.top_tier_size,
        );
        let blocking = (&ol.blocking_sets, ol.min_blocking_set_size);
        t.check_sets(
            &format!("{name}.blockingSets"),
            &ll.blocking_sets,
            blocking.0,
            blocking.1,
        );
        let filtered = (
            &ol.blocking_sets_filtered,
            ol.min_blocking_set_filtered_size,
        );
        let what = format!("{name}.blockingSetsFiltered");
        t.check_sets(&what, &ll.blocking_sets_filtered, filtered.0, filtered.1);
        let splitting = (&ol.splitting_sets, ol.min_splitting_set_size);
        let what = format!("{name}.splittingSets");
        t.check_sets(&what, &ll.splitting_sets, splitting.0, splitting.1);
    }
    t
}

#[test]
fn oracle_equals_legacy_engine_on_random_inputs() {
    let cases = env_number("FBAS_CASES", DEFAULT_CASES as u64) as usize;
    let seed = env_number("FBAS_SEED", DEFAULT_SEED);
    if let Some(reason) = legacy::unavailable_reason() {
        eprintln!("SKIPPED oracle_vs_legacy: the legacy engine cannot run here: {reason}");
        return;
    }
    let all: Vec<(Input, Vec<String>)> = (0..cases).map(|i| random::case(seed, i)).collect();

    let started = Instant::now();
    let mut legacy_results: Vec<LegacyResult> = Vec::with_capacity(cases);
    for chunk in all.chunks(BATCH) {
        legacy_results.extend(legacy::run(chunk).expect("legacy engine available"));
    }
    let legacy_time = started.elapsed();

    let started = Instant::now();
    let oracle_results: Vec<OracleResult> = all
        .iter()
        .map(|(input, faulty)| oracle::analyze(input, faulty))
        .collect();
    let oracle_time = started.elapsed();

    let (mut compared, mut failing_cases) = (0, 0);
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut report = String::new();
    let mut dump: Vec<serde_json::Value> = Vec::new();
    for (i, ((case, o), l)) in all
        .iter()
        .zip(&oracle_results)
        .zip(&legacy_results)
        .enumerate()
    {
        let t = compare(o, l);
        compared += t.compared;
        for (reason, count) in t.skipped {
            *skipped.entry(reason).or_default() += count;
        }
        if t.mismatches.is_empty() {
            continue;
        }
        failing_cases += 1;
        let request = legacy::request_json(&case.0, &case.1);
        if failing_cases <= 10 {
            report += &format!("\ncase {i} (seed {seed:#x}):\n  request: {request}\n");
            for m in t.mismatches.iter().take(12) {
                report += &format!("  {m}\n");
            }
        }
        dump.push(serde_json::json!({ "case": i, "request": request, "mismatches": t.mismatches }));
    }
    if let Ok(path) = std::env::var("FBAS_DUMP") {
        let text = serde_json::to_string_pretty(&dump).expect("dump JSON");
        std::fs::write(&path, text).expect("writing FBAS_DUMP");
        eprintln!(
            "oracle_vs_legacy: {} disagreeing cases written to {path}",
            dump.len()
        );
    }
    eprintln!(
        "oracle_vs_legacy: {cases} cases (seed {seed:#x}): {} agree on every value, {failing_cases} \
         disagree; {compared} values compared, {} skipped; legacy {:.1} s, oracle {:.1} s",
        cases - failing_cases,
        skipped.values().sum::<usize>(),
        legacy_time.as_secs_f64(),
        oracle_time.as_secs_f64()
    );
    for (reason, count) in &skipped {
        eprintln!("oracle_vs_legacy:   skipped {count} values of {reason}");
    }
    assert!(
        failing_cases == 0,
        "oracle and legacy engine disagree:{report}"
    );
}

/// A few networks whose legacy answers were checked by hand with `tools/legacy/analyze.js`; runs
/// without Node, so the oracle keeps these answers even where the legacy engine is unavailable.
#[test]
fn oracle_known_legacy_answers() {
    use fbas_core::{InputNode, InputOrganization, InputQuorumSet};
    let node = |key: &str, threshold: u64, validators: &[&str]| InputNode {
        public_key: key.to_string(),
        quorum_set: Some(InputQuorumSet {
            threshold,
            validators: validators.iter().map(|v| v.to_string()).collect(),
            inner_quorum_sets: Vec::new(),
        }),
        ..Default::default()
    };
    let org = |name: &str, validators: &[&str]| InputOrganization {
        id: name.to_string(),
        name: Some(name.to_string()),
        validators: validators.iter().map(|v| v.to_string()).collect(),
    };
    let strings = |sets: &[&[&str]]| -> Vec<Vec<String>> {
        sets.iter()
            .map(|s| s.iter().map(|x| x.to_string()).collect())
            .collect()
    };

    // 2-of-3, with A and B in organization O1 and B and C in O2: the groups chain ({A, B} is
    // "O1", C is a group of its own named "O2").
    let abc = ["A", "B", "C"];
    let input = Input {
        nodes: abc.iter().map(|k| node(k, 2, &abc)).collect(),
        organizations: vec![org("O1", &["A", "B"]), org("O2", &["B", "C"])],
    };
    let r = oracle::analyze(&input, &[]);
    assert!(r.has_quorum_intersection && r.has_symmetric_top_tier);
    assert_eq!(r.node.min_blocking_set_size, 2);
    assert_eq!(r.node.splitting_sets, strings(&[&["A"], &["B"], &["C"]]));
    assert_eq!(
        r.organization.top_tier,
        vec!["O1".to_string(), "O2".to_string()]
    );
    assert_eq!(r.organization.blocking_sets, strings(&[&["O1"]]));
    assert_eq!(r.organization.splitting_sets, strings(&[&["O1"], &["O2"]]));

    // The core example of the oracle's step 5 (`oracle/exact.rs`): D (1-of-{A}, trusted by
    // nobody) is not in the core, so the smallest splitting set has 2 nodes ...
    let abce = ["A", "B", "C", "E", "U"];
    let mut nodes: Vec<InputNode> = ["A", "B", "C", "E"]
        .iter()
        .map(|k| node(k, 3, &abce))
        .collect();
    nodes.push(node("D", 1, &["A"]));
    let reference = Input {
        nodes: nodes.clone(),
        organizations: Vec::new(),
    };
    assert_eq!(
        oracle::analyze(&reference, &[]).node.min_splitting_set_size,
        2
    );
    // ... but once an unsatisfiable U that trusts D is present, D is in the core and {A} splits.
    nodes.push(node("U", 9, &["D"]));
    let with_u = Input {
        nodes,
        organizations: Vec::new(),
    };
    let r = oracle::analyze(&with_u, &[]);
    assert_eq!(r.node.min_splitting_set_size, 1);
    assert!(r.node.splitting_sets.contains(&vec!["A".to_string()]));

    // A validator listed twice counts twice: A (2-of-[A, A, B]) is a one-node quorum and goes.
    let input = Input {
        nodes: vec![node("A", 2, &["A", "A", "B"]), node("B", 2, &["A", "B"])],
        organizations: Vec::new(),
    };
    let r = oracle::analyze(&input, &[]);
    assert!(!r.has_quorum_intersection && r.minimal_quorums.is_empty());
    assert_eq!(
        (r.node.top_tier_size, r.node.min_splitting_set_size),
        (0, 0)
    );
}
