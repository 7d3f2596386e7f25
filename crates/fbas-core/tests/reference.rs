//! Every shared network against the legacy engine's recorded answers
//! (`tests/data/legacy-engine.json`): every value the legacy engine finished must be equal.

use fbas_core::{analyze, parse, parse_organizations, Bound, Level, LevelReport, Options};
use serde_json::Value;
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

fn exact(b: Option<Bound>) -> Option<usize> {
    b.and_then(Bound::exact)
}

/// Compare one recorded field (a number, a bool or "timeout") with ours.
fn compare(
    errors: &mut Vec<String>,
    network: &str,
    field: &str,
    legacy: &Value,
    ours: Option<u64>,
) {
    if legacy.as_str() == Some("timeout") || legacy.is_null() {
        return;
    }
    let expected = legacy.as_u64().or_else(|| legacy.as_bool().map(u64::from));
    if expected != ours {
        errors.push(format!(
            "{network}: {field}: legacy {legacy}, fbas-sat {ours:?}"
        ));
    }
}

#[test]
fn every_shared_network_matches_the_legacy_engine() {
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(data_dir().join("legacy-engine.json")).unwrap(),
    )
    .unwrap();
    let networks = reference["networks"].as_object().unwrap();
    let mut errors = Vec::new();
    let mut compared = 0;
    for (name, record) in networks {
        let text = std::fs::read_to_string(data_dir().join(name)).unwrap();
        let mut input = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(orgs) = record["organizationsFile"].as_str() {
            let orgs = std::fs::read_to_string(data_dir().join(orgs)).unwrap();
            input.organizations = parse_organizations(&orgs).unwrap();
            input.organizations.retain(|o| !o.validators.is_empty());
        }
        let faulty = if record["format"] == "stellarbeat" {
            input.not_validating()
        } else {
            vec![]
        };
        let mut options = Options::default();
        options.budget.deadline =
            Some(std::time::Instant::now() + std::time::Duration::from_secs(5));
        let start = std::time::Instant::now();
        let report = analyze(&input, &faulty, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        eprintln!("{name}: {:?} in {:.0?}", report.status, start.elapsed());
        compare(
            &mut errors,
            name,
            "hasQuorumIntersection",
            &record["hasQuorumIntersection"],
            report.has_quorum_intersection.map(u64::from),
        );
        compare(
            &mut errors,
            name,
            "hasSymmetricTopTier",
            &record["hasSymmetricTopTier"],
            report.has_symmetric_top_tier.map(u64::from),
        );
        for level in Level::ALL {
            let legacy = &record[level.name()];
            let ours: LevelReport = match level {
                Level::Node => report.node,
                Level::Organization => report.organization,
                Level::Country => report.country,
                Level::Isp => report.isp,
            };
            let fields = [
                ("topTierSize", ours.top_tier_size),
                ("minBlockingSetSize", ours.blocking_sets_min_size),
                (
                    "minBlockingSetFilteredSize",
                    ours.blocking_sets_filtered_min_size,
                ),
                ("minSplittingSetSize", ours.splitting_sets_min_size),
            ];
            for (field, value) in fields {
                compared += 1;
                compare(
                    &mut errors,
                    name,
                    &format!("{}.{field}", level.name()),
                    &legacy[field],
                    exact(value).map(|v| v as u64),
                );
            }
        }
    }
    assert!(compared > 1000, "compared only {compared} values");
    assert!(
        errors.is_empty(),
        "{} differences:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
