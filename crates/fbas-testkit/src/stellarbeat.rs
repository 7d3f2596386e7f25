//! The one writer of the stellarbeat format: an [`Input`] as the node array and the
//! organizations array that `fbas_core::parse` and `fbas_core::parse_organizations` read back
//! as the same input (the generator's tests check the round trip).

use fbas_core::{Input, InputQuorumSet};
use serde_json::{json, Value};
use std::collections::HashMap;

/// `q` as a stellarbeat quorum set: `{threshold, validators, innerQuorumSets}`, every list
/// written, empty or not, in the input's order.
fn quorum_set(q: &InputQuorumSet) -> Value {
    json!({
        "threshold": q.threshold,
        "validators": q.validators,
        "innerQuorumSets": q.inner_quorum_sets.iter().map(quorum_set).collect::<Vec<_>>(),
    })
}

/// The nodes of `input` as a stellarbeat node array, in input order: `publicKey`, `name`,
/// `quorumSet` (`null` for none), `geoData.countryName`, `isp`, `isValidating`,
/// `historyArchiveHasError`, and `organizationId`, the first organization (in input order)
/// that lists the node, `null` for none. Missing values are `null`.
pub fn nodes(input: &Input) -> Value {
    let mut org_of: HashMap<&str, &str> = HashMap::new();
    for org in &input.organizations {
        for v in &org.validators {
            org_of.entry(v.as_str()).or_insert(org.id.as_str());
        }
    }
    Value::Array(
        input
            .nodes
            .iter()
            .map(|v| {
                json!({
                    "publicKey": v.public_key,
                    "name": v.name,
                    "quorumSet": v.quorum_set.as_ref().map(quorum_set),
                    "geoData": {"countryName": v.country},
                    "isp": v.isp,
                    "isValidating": v.is_validating,
                    "historyArchiveHasError": v.history_archive_has_error,
                    "organizationId": org_of.get(v.public_key.as_str()),
                })
            })
            .collect(),
    )
}

/// The organizations of `input` as a stellarbeat organizations array (`id`, `name`,
/// `validators`), in input order, empty ones included.
pub fn organizations(input: &Input) -> Value {
    Value::Array(
        input
            .organizations
            .iter()
            .map(|o| json!({"id": o.id, "name": o.name, "validators": o.validators}))
            .collect(),
    )
}
