//! Seeded fuzzing on stable Rust: every input reader and `analyze` must never panic or
//! hang, and on networks small enough their answers must equal the brute-force oracle's
//! (`fbas_testkit::oracle::analyze_exact`).
//!
//! Three generators, all driven by one seeded SplitMix64 (`fbas_testkit::random`):
//! - **bytes**: the corpus (`tests/fuzz_corpus/`, a few KB of every format) mutated byte-wise:
//!   flipped and inserted bytes, JSON tokens and keys spliced in, ranges deleted or duplicated,
//!   two files crossed;
//! - **tree**: the corpus parsed as JSON and mutated as a tree (values replaced by odd ones,
//!   keys dropped, elements duplicated, sets nested, keys renamed to each other's), then written
//!   back: mostly well-formed, so it reaches deep into the format parsers and into `analyze`;
//! - **networks**: random `Input`s (`random.rs`) pushed to the extremes — thresholds 0, m + 1,
//!   2^53 and u64::MAX, nesting to the 32-level bound and past it, self-only and empty sets,
//!   duplicate keys and validators, organizations with odd names — analysed directly and after a
//!   round trip through the stellarbeat, python-fbas and stellar-core formats.
//!
//! Every parsed network is analysed under a deadline (no hang: each call must return by it) and
//! its lists enumerated; with at most [`ORACLE_NODES`] nodes the numbers are compared with the
//! oracle. `FBAS_FUZZ_SEED` sets the seed; `FBAS_FUZZ_SECONDS` turns the short run (a fixed
//! number of executions, a few seconds) into a long one:
//!
//! ```sh
//! FBAS_FUZZ_SECONDS=3600 FBAS_FUZZ_SEED=$RANDOM cargo test --release -p fbas-core --test fuzz -- --nocapture
//! ```
//!
//! A failure prints the generator, seed and execution number, and the input that failed.

use fbas_core::parse::{parse_with_format, MAX_QSET_DEPTH};
use fbas_core::{
    analyze, parse, parse_faulty, parse_organizations, AnalysisError, Input, InputQuorumSet, Level,
    Options, Report,
};
use fbas_testkit::compare;
use fbas_testkit::generate::{generate, Family};
use fbas_testkit::oracle::{self, OracleResult};
use fbas_testkit::random;
use fbas_testkit::Rng;
use serde_json::{json, Map, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Networks with at most this many nodes are compared with the brute-force oracle.
const ORACLE_NODES: usize = 10;

/// The deadline of every fuzzed analysis, and how late it may return.
const DEADLINE: Duration = Duration::from_secs(2);
const SLACK: Duration = Duration::from_secs(2);

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn seed(default: u64) -> u64 {
    env_number("FBAS_FUZZ_SEED").unwrap_or(default)
}

/// The short run's execution count, or (with `FBAS_FUZZ_SECONDS`) as many as fit in that time.
struct Schedule {
    short: usize,
    until: Option<Instant>,
}

impl Schedule {
    fn new(short: usize) -> Schedule {
        Schedule {
            short,
            until: env_number("FBAS_FUZZ_SECONDS").map(|s| Instant::now() + Duration::from_secs(s)),
        }
    }

    fn more(&self, done: usize) -> bool {
        match self.until {
            Some(t) => Instant::now() < t,
            None => done < self.short,
        }
    }
}

/// What a run did, printed at its end: how much of each generator's ground it covered.
#[derive(Default, Debug)]
struct Stats {
    executions: usize,
    parsed: usize,
    analysed: usize,
    oracle_compared: usize,
    input_errors: usize,
    unknown: usize,
}

// ---- the checks every execution goes through -----------------------------------------------

/// Run `f`, turning a panic into a failure message with `context`.
/// Every number of `report` against the oracle's; organization level skipped when an
/// organization has no name (the oracle names it "", fbas-sat by its id).
fn differences(input: &Input, report: &Report, o: &OracleResult) -> Vec<String> {
    let mut errors = compare::differences(report, o);
    if input.organizations.iter().any(|org| org.name.is_none()) {
        errors.retain(|e| !e.starts_with("organization."));
    }
    errors
}

fn guarded<T>(context: &dyn Fn() -> String, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("PANIC {msg}\n{}", context())
    })
}

/// Analyse a valid input: under a deadline it returns in time, never with an internal error;
/// its lists enumerate; small ones equal the oracle. `Ok(false)`: an input error (fine).
fn check_network(
    input: &Input,
    faulty: &[String],
    stats: &mut Stats,
    context: &dyn Fn() -> String,
) -> Result<Option<Report>, String> {
    let mut options = Options::default();
    let start = Instant::now();
    options.budget.deadline = Some(start + DEADLINE);
    let result = guarded(context, || analyze(input, faulty, &options))?;
    let elapsed = start.elapsed();
    if elapsed > DEADLINE + SLACK {
        return Err(format!("HANG analyze took {elapsed:?}\n{}", context()));
    }
    let report = match result {
        Ok(r) => r,
        Err(AnalysisError::Input(_)) => {
            stats.input_errors += 1;
            return Ok(None);
        }
        Err(e) => return Err(format!("INTERNAL {e}\n{}", context())),
    };
    stats.analysed += 1;
    let complete = report.status != fbas_core::Status::Unknown
        && [report.node, report.organization, report.country, report.isp]
            .iter()
            .all(|l| {
                [
                    l.top_tier_size,
                    l.blocking_sets_min_size,
                    l.blocking_sets_filtered_min_size,
                    l.splitting_sets_min_size,
                ]
                .iter()
                .all(|b| b.is_none_or(|b| b.exact().is_some()))
            });
    if !complete {
        stats.unknown += 1;
    }
    // The lists the explorer shows, under the same kind of deadline.
    let lists = guarded(context, || -> Result<(), String> {
        let prepared = fbas_core::Network::new(input.clone()).map_err(|e| e.to_string())?;
        let mut budget = fbas_core::Budget::unlimited();
        budget.deadline = Some(Instant::now() + DEADLINE);
        for level in [Level::Node, Level::Organization] {
            for r in [
                prepared.minimal_quorums(level, 50, &budget),
                prepared.minimal_blocking_sets(level, &prepared.faulty(faulty), 50, &budget),
                prepared.minimal_splitting_sets(level, 50, &budget),
            ] {
                if let Err(fbas_core::outcome::Failure::Internal(e)) = r {
                    return Err(format!("INTERNAL in a list: {e}"));
                }
            }
        }
        let _ = prepared.symmetric_top_tier();
        Ok(())
    })?;
    lists.map_err(|e| format!("{e}\n{}", context()))?;
    if input.nodes.len() <= ORACLE_NODES {
        // Exact answers need no deadline at this size.
        let exact = guarded(context, || analyze(input, faulty, &Options::default()))?
            .map_err(|e| format!("INTERNAL {e}\n{}", context()))?;
        let o = guarded(context, || oracle::analyze_exact(input, faulty))?;
        let errors = differences(input, &exact, &o);
        if !errors.is_empty() {
            return Err(format!(
                "ORACLE differs: {}\n{}",
                errors.join("; "),
                context()
            ));
        }
        stats.oracle_compared += 1;
    }
    Ok(Some(report))
}

/// Feed `text` to every reader; analyse what parses as a network.
fn check_text(text: &str, stats: &mut Stats, context: &dyn Fn() -> String) -> Result<(), String> {
    stats.executions += 1;
    let start = Instant::now();
    guarded(context, || parse_faulty(text))?;
    let _ = guarded(context, || parse_organizations(text))?;
    let parsed = guarded(context, || parse_with_format(text))?;
    if start.elapsed() > Duration::from_secs(1) {
        return Err(format!(
            "SLOW parsing: {:?}\n{}",
            start.elapsed(),
            context()
        ));
    }
    match parsed {
        Err(e) => {
            if e.message.is_empty() {
                return Err(format!("an input error without a message\n{}", context()));
            }
            Ok(())
        }
        Ok((input, _format)) => {
            stats.parsed += 1;
            let faulty = input.not_validating();
            check_network(&input, &faulty, stats, context).map(|_| ())
        }
    }
}

// ---- corpus ----------------------------------------------------------------------------------

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 8, "the corpus is in {}", dir.display());
    files
}

#[test]
fn the_corpus_parses_as_intended() {
    let mut stats = Stats::default();
    for (name, text) in corpus() {
        let context = || format!("corpus file {name}");
        if name.starts_with("organizations") {
            assert_eq!(parse_organizations(&text).unwrap().len(), 4);
        } else if name.starts_with("faulty") {
            assert_eq!(parse_faulty(&text)[..3], ["GA", "GB", "GC"]);
        } else {
            let input = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!input.nodes.is_empty(), "{name}");
        }
        check_text(&text, &mut stats, &context).unwrap();
    }
    assert!(stats.oracle_compared >= 6, "{stats:?}");
}

// ---- bytes -----------------------------------------------------------------------------------

/// Tokens and keys of the three formats, and values at the edges.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    " ",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1",
    "2",
    "-1",
    "1.5",
    "2.0",
    "1e2",
    "1e308",
    "-1e308",
    "4294967296",
    "9007199254740992",
    "9007199254740993",
    "18446744073709551616",
    "\"publicKey\"",
    "\"quorumSet\"",
    "\"threshold\"",
    "\"validators\"",
    "\"innerQuorumSets\"",
    "\"organizations\"",
    "\"nodes\"",
    "\"qsets\"",
    "\"members\"",
    "\"qset\"",
    "\"id\"",
    "\"attrs\"",
    "\"node\"",
    "\"t\"",
    "\"v\"",
    "\"transitive\"",
    "\"geoData\"",
    "\"countryName\"",
    "\"isp\"",
    "\"isValidating\"",
    "\"historyArchiveHasError\"",
    "\"name\"",
    "\"GA\"",
    "\"GB\"",
    "\"_q1\"",
    "\"\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"é\"",
    "\"𝄞\"",
    "{\"threshold\": 1, \"validators\": [\"GA\"]}",
    "{\"t\": 1, \"v\": [\"GA\"]}",
    "{\"publicKey\": \"GA\"}",
    "[[[[[[[[",
    "]]]]]]]]",
];

fn mutate_bytes(rng: &mut Rng, text: &[u8], corpus: &[(String, String)]) -> Vec<u8> {
    let mut b = text.to_vec();
    for _ in 0..rng.range(1, 4) {
        let at = rng.below(b.len() + 1);
        match rng.below(8) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next_u64() as u8;
            }
            1 | 2 => {
                let t = rng.pick(TOKENS).as_bytes().to_vec();
                b.splice(at..at, t);
            }
            3 if !b.is_empty() => {
                let end = (at + rng.range(1, 24)).min(b.len());
                b.drain(at.min(end)..end);
            }
            4 if !b.is_empty() => {
                let from = rng.below(b.len());
                let end = (from + rng.range(1, 64)).min(b.len());
                let piece = b[from..end].to_vec();
                let at = rng.below(b.len() + 1);
                b.splice(at..at, piece);
            }
            5 => {
                let other = rng.pick(corpus).1.as_bytes();
                let from = rng.below(other.len() + 1);
                b.truncate(at);
                b.extend_from_slice(&other[from..]);
            }
            6 => {
                // A digit run replaced by an edge number.
                if let Some(i) = (0..b.len())
                    .map(|k| (at + k) % b.len().max(1))
                    .find(|&i| b.get(i).is_some_and(u8::is_ascii_digit))
                {
                    let end = (i..b.len())
                        .find(|&j| !b[j].is_ascii_digit())
                        .unwrap_or(b.len());
                    let n = rng.pick(&TOKENS[9..25]).as_bytes().to_vec();
                    b.splice(i..end, n);
                }
            }
            _ => b.insert(at.min(b.len()), rng.below(128) as u8),
        }
    }
    b
}

#[test]
fn fuzz_bytes_into_every_reader() {
    let corpus = corpus();
    let seed = seed(0xB17E5);
    let schedule = Schedule::new(20_000);
    let mut rng = Rng::new(seed);
    let mut stats = Stats::default();
    let mut failures = vec![];
    let mut i = 0;
    while schedule.more(i) {
        let (name, base) = rng.pick(&corpus).clone();
        let bytes = mutate_bytes(&mut rng, base.as_bytes(), &corpus);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let context = || format!("bytes, seed {seed}, execution {i}, from {name}:\n{text}");
        if let Err(e) = check_text(&text, &mut stats, &context) {
            failures.push(e);
        }
        i += 1;
    }
    println!("bytes: {stats:?}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(5)].join("\n\n")
    );
    // Most byte mutations break the JSON (that is the point); some still parse.
    assert!(stats.parsed > stats.executions / 50, "{stats:?}");
}

// ---- JSON trees ------------------------------------------------------------------------------

/// A value from the edges of what the formats accept.
fn odd_value(rng: &mut Rng, keys: &[String]) -> Value {
    match rng.below(16) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(0),
        3 => json!(-1),
        4 => json!(1.5),
        5 => json!(9007199254740992u64),
        6 => json!(9007199254740993u64),
        7 => json!(u64::MAX),
        8 => json!(rng.range(0, 5)),
        9 => json!([]),
        10 => json!({}),
        11 => json!(""),
        12 if !keys.is_empty() => json!(rng.pick(keys)),
        13 if !keys.is_empty() => json!([rng.pick(keys), rng.pick(keys)]),
        14 => {
            json!({"threshold": rng.range(0, 3), "validators": keys.iter().take(3).collect::<Vec<_>>()})
        }
        _ => json!({"t": rng.range(0, 3), "v": keys.iter().take(2).collect::<Vec<_>>()}),
    }
}

/// Every string in `v` (node keys, qset ids, field values).
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Mutate one random place of the tree.
fn mutate_tree(rng: &mut Rng, v: &mut Value, keys: &[String], depth: usize) {
    let descend = rng.chance(0.7) && depth < 40;
    match v {
        Value::Array(items) if descend && !items.is_empty() => {
            let i = rng.below(items.len());
            mutate_tree(rng, &mut items[i], keys, depth + 1);
        }
        Value::Object(map) if descend && !map.is_empty() => {
            let k = rng.pick(&map.keys().cloned().collect::<Vec<_>>()).clone();
            mutate_tree(rng, map.get_mut(&k).unwrap(), keys, depth + 1);
        }
        Value::Array(items) => match rng.below(5) {
            0 if !items.is_empty() => {
                let i = rng.below(items.len());
                let dup = items[i].clone();
                items.push(dup);
            }
            1 if !items.is_empty() => {
                let i = rng.below(items.len());
                items.remove(i);
            }
            2 => items.push(odd_value(rng, keys)),
            3 => rng.shuffle(items),
            _ => *v = odd_value(rng, keys),
        },
        Value::Object(map) => match rng.below(6) {
            0 if !map.is_empty() => {
                let k = rng.pick(&map.keys().cloned().collect::<Vec<_>>()).clone();
                map.remove(&k);
            }
            1 => {
                // A set nested inside itself (one level deeper each time).
                let inner = Value::Object(map.clone());
                let key = if map.contains_key("t") {
                    "v"
                } else {
                    "innerQuorumSets"
                };
                map.insert(key.into(), json!([inner]));
            }
            2 if !map.is_empty() => {
                // Rename a key to another known one.
                let k = rng.pick(&map.keys().cloned().collect::<Vec<_>>()).clone();
                let val = map.remove(&k).unwrap();
                let to = rng.pick(&TOKENS[25..50]).trim_matches('"').to_string();
                map.insert(to, val);
            }
            3 => {
                let k = rng.pick(&TOKENS[25..50]).trim_matches('"').to_string();
                map.insert(k, odd_value(rng, keys));
            }
            _ => *v = odd_value(rng, keys),
        },
        _ => {
            *v = if rng.chance(0.3) {
                json!(rng.pick(keys))
            } else {
                odd_value(rng, keys)
            }
        }
    }
}

#[test]
fn fuzz_json_trees_into_every_reader_and_analyze() {
    let mut corpus: Vec<(String, Value)> = corpus()
        .into_iter()
        .filter_map(|(n, t)| serde_json::from_str(&t).ok().map(|v| (n, v)))
        .collect();
    // Generated networks above the oracle's size: analysed under the deadline only.
    for family in [
        "almost-symmetric",
        "tiered",
        "broken-blocking",
        "broken-split",
    ] {
        let input = generate(&Family::parse(family).unwrap(), 4, 11);
        let value = json!({
            "nodes": fbas_testkit::stellarbeat::nodes(&input),
            "organizations": fbas_testkit::stellarbeat::organizations(&input),
        });
        corpus.push((format!("generated {family} 4"), value));
    }
    let seed = seed(0x7EE5);
    let schedule = Schedule::new(10_000);
    let mut rng = Rng::new(seed);
    let mut stats = Stats::default();
    let mut failures = vec![];
    let mut i = 0;
    while schedule.more(i) {
        let (name, mut value) = rng.pick(&corpus).clone();
        let mut keys = vec![];
        strings(&value, &mut keys);
        keys.sort();
        keys.dedup();
        for _ in 0..rng.range(1, 4) {
            mutate_tree(&mut rng, &mut value, &keys, 0);
        }
        let text = value.to_string();
        let context = || format!("tree, seed {seed}, execution {i}, from {name}:\n{text}");
        if let Err(e) = check_text(&text, &mut stats, &context) {
            failures.push(e);
        }
        i += 1;
    }
    println!("trees: {stats:?}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(5)].join("\n\n")
    );
    assert!(stats.oracle_compared > stats.executions / 10, "{stats:?}");
}

// ---- networks --------------------------------------------------------------------------------

/// Push a random input to the extremes.
fn extreme(rng: &mut Rng, input: &mut Input) {
    let keys: Vec<String> = input.nodes.iter().map(|n| n.public_key.clone()).collect();
    for node in input.nodes.iter_mut() {
        let own = node.public_key.clone();
        match rng.below(14) {
            0 => node.quorum_set = Some(qset(1, vec![own], vec![])),
            1 => node.quorum_set = Some(qset(0, vec![], vec![])),
            2 => node.quorum_set = Some(qset(1, vec![], vec![])),
            3 => {
                if let Some(q) = &mut node.quorum_set {
                    q.threshold = *rng.pick(&[0, 1u64 << 53, u64::MAX, u64::MAX - 1]);
                }
            }
            4 => {
                if let Some(q) = &mut node.quorum_set {
                    q.threshold = (q.validators.len() + q.inner_quorum_sets.len()) as u64
                        + rng.range(0, 1) as u64;
                }
            }
            5 => {
                if let Some(q) = node.quorum_set.take() {
                    let depth = rng.range(2, MAX_QSET_DEPTH);
                    node.quorum_set = Some(nest(q, depth));
                }
            }
            6 => {
                if let Some(q) = &mut node.quorum_set {
                    let dup = rng.pick(&keys).clone();
                    q.validators.push(dup.clone());
                    q.validators.push(dup);
                }
            }
            7 => {
                if let Some(q) = &mut node.quorum_set {
                    let inner = q.clone();
                    q.inner_quorum_sets.push(inner.clone());
                    q.inner_quorum_sets.push(inner);
                }
            }
            8 => {
                if let Some(q) = &mut node.quorum_set {
                    q.validators.push("GNOBODY".into());
                    q.validators.push(String::new());
                }
            }
            9 => {
                node.name = Some(rng.pick(&keys).clone());
                node.country = Some(String::new());
                node.isp = Some(",".into());
            }
            _ => {}
        }
    }
    if rng.chance(0.05) && !input.nodes.is_empty() {
        // Nesting past the bound: an input error, not a crash.
        let q = qset(1, vec![keys[0].clone()], vec![]);
        input.nodes[0].quorum_set = Some(nest(q, MAX_QSET_DEPTH + 1 + rng.below(40)));
    }
    if rng.chance(0.04) && input.nodes.len() > 1 {
        // A duplicate key: an input error.
        let k = input.nodes[0].public_key.clone();
        let last = input.nodes.len() - 1;
        input.nodes[last].public_key = k;
    }
    for org in input.organizations.iter_mut() {
        match rng.below(8) {
            0 => org.name = Some(String::new()),
            1 => org.validators.extend(keys.iter().take(2).cloned()),
            2 => org.validators.clear(),
            _ => {}
        }
    }
}

fn qset(threshold: u64, validators: Vec<String>, inner: Vec<InputQuorumSet>) -> InputQuorumSet {
    InputQuorumSet {
        threshold,
        validators,
        inner_quorum_sets: inner,
    }
}

fn nest(mut q: InputQuorumSet, depth: usize) -> InputQuorumSet {
    for _ in 1..depth {
        q = qset(1, vec![], vec![q]);
    }
    q
}

/// The input in the python-fbas format (qsets by id, attrs), organizations left out.
fn python_fbas(input: &Input) -> Value {
    fn add(q: &InputQuorumSet, qsets: &mut Map<String, Value>) -> String {
        let mut members: Vec<Value> = q.validators.iter().map(|v| json!(v)).collect();
        for inner in &q.inner_quorum_sets {
            members.push(json!(add(inner, qsets)));
        }
        let id = format!("_qset{}", qsets.len());
        qsets.insert(
            id.clone(),
            json!({"threshold": q.threshold, "members": members}),
        );
        id
    }
    let mut qsets = Map::new();
    let validators: Vec<Value> = input
        .nodes
        .iter()
        .map(|n| {
            json!({
                "id": n.public_key,
                "qset": n.quorum_set.as_ref().map(|q| add(q, &mut qsets)),
                "attrs": {"name": n.name, "geoData": {"countryName": n.country}, "isp": n.isp,
                          "historyArchiveHasError": n.history_archive_has_error},
            })
        })
        .collect();
    json!({"validators": validators, "qsets": qsets})
}

/// The input as a stellar-core quorum map (`{t, v}`, inner sets inside `v`).
fn stellar_core(input: &Input) -> Value {
    fn q(set: &InputQuorumSet) -> Value {
        let mut v: Vec<Value> = set.validators.iter().map(|k| json!(k)).collect();
        v.extend(set.inner_quorum_sets.iter().map(q));
        json!({"t": set.threshold, "v": v})
    }
    let nodes: Vec<Value> = input
        .nodes
        .iter()
        .map(|n| json!({"node": n.public_key, "qset": n.quorum_set.as_ref().map(q)}))
        .collect();
    json!({ "nodes": nodes })
}

/// Status and node-level numbers: what every format carries.
fn node_values(r: &Report) -> String {
    format!(
        "{:?} {:?} {:?} {:?}",
        r.status, r.has_symmetric_top_tier, r.min_quorum_size, r.node
    )
}

fn all_values(r: &Report) -> String {
    format!(
        "{} {:?} {:?} {:?} {:?}",
        node_values(r),
        r.history_critical_set_size,
        r.organization,
        r.country,
        r.isp
    )
}

#[test]
fn fuzz_extreme_networks_against_the_oracle_and_through_every_format() {
    let seed = seed(0xE87);
    let schedule = Schedule::new(3000);
    let mut stats = Stats::default();
    let mut failures = vec![];
    let mut i = 0;
    let mut round_trips = 0;
    while schedule.more(i) {
        let (mut input, faulty) = random::case(seed, i);
        let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x9E37_79B9));
        extreme(&mut rng, &mut input);
        stats.executions += 1;
        let context =
            || format!("network, seed {seed}, execution {i}:\n{input:?}\nfaulty {faulty:?}");
        let direct = match check_network(&input, &faulty, &mut stats, &context) {
            Ok(r) => r,
            Err(e) => {
                failures.push(e);
                i += 1;
                continue;
            }
        };
        if let Some(direct) = direct.filter(|r| r.status != fbas_core::Status::Unknown) {
            // The same network through each format gives the same answer. JSON thresholds stop
            // at 2^53, which is as unsatisfiable as anything above it.
            let mut clamped = input.clone();
            for node in clamped.nodes.iter_mut() {
                let mut stack: Vec<&mut InputQuorumSet> = node.quorum_set.iter_mut().collect();
                while let Some(q) = stack.pop() {
                    q.threshold = q.threshold.min(1 << 53);
                    stack.extend(q.inner_quorum_sets.iter_mut());
                }
            }
            let sb = json!({
                "nodes": fbas_testkit::stellarbeat::nodes(&clamped),
                "organizations": fbas_testkit::stellarbeat::organizations(&clamped),
            });
            let py = python_fbas(&clamped);
            let core = stellar_core(&clamped);
            for (format, text, all) in [
                ("stellarbeat", sb.to_string(), true),
                ("python-fbas", py.to_string(), false),
                ("stellar-core", core.to_string(), false),
            ] {
                let outcome = guarded(&context, || -> Result<(), String> {
                    let mut parsed = parse(&text).map_err(|e| format!("{format}: {e}"))?;
                    if !all {
                        parsed.organizations = input.organizations.clone();
                    }
                    let r = analyze(&parsed, &faulty, &Options::default())
                        .map_err(|e| format!("{format}: {e}"))?;
                    let (ours, theirs) = match all {
                        true => (all_values(&r), all_values(&direct)),
                        false => (node_values(&r), node_values(&direct)),
                    };
                    if ours != theirs {
                        return Err(format!("{format} round trip: {ours} != {theirs}"));
                    }
                    Ok(())
                });
                match outcome {
                    Ok(Ok(())) => round_trips += 1,
                    Ok(Err(e)) | Err(e) => failures.push(format!("{e}\n{}", context())),
                }
            }
        }
        i += 1;
    }
    println!("networks: {stats:?}, format round trips {round_trips}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(5)].join("\n\n")
    );
    assert!(stats.oracle_compared > stats.executions / 2, "{stats:?}");
}
