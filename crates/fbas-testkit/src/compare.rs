//! Comparing `analyze`'s numbers with the oracle's, shared by the oracle-backed tests.

use crate::oracle::{Lvl, OracleResult, LEVELS};
use fbas_core::{Bound, LevelReport, Report};

/// The report's numbers at one grouping level.
pub fn level(report: &Report, l: Lvl) -> LevelReport {
    match l {
        Lvl::Node => report.node,
        Lvl::Organization => report.organization,
        Lvl::Country => report.country,
        Lvl::Isp => report.isp,
    }
}

/// Every number of `report` against the oracle's exact answer, one line per difference (empty
/// when they agree); each line starts with the value's name (`organization.minBlockingSetSize`).
pub fn differences(report: &Report, o: &OracleResult) -> Vec<String> {
    let mut errors = vec![];
    let mut check = |what: String, ours: Option<usize>, theirs: usize| {
        if ours != Some(theirs) {
            errors.push(format!("{what}: fbas-sat {ours:?}, oracle {theirs}"));
        }
    };
    let exact = |b: Option<Bound>| b.and_then(Bound::exact);
    check(
        "hasQuorumIntersection".into(),
        report.has_quorum_intersection.map(usize::from),
        usize::from(o.has_quorum_intersection),
    );
    check(
        "hasSymmetricTopTier".into(),
        report.has_symmetric_top_tier.map(usize::from),
        usize::from(o.has_symmetric_top_tier),
    );
    check(
        "minQuorumSize".into(),
        exact(report.min_quorum_size),
        o.min_quorum_size,
    );
    for l in LEVELS {
        let (ours, theirs, name) = (level(report, l), o.level(l), l.name());
        check(
            format!("{name}.topTierSize"),
            exact(ours.top_tier_size),
            theirs.top_tier_size,
        );
        check(
            format!("{name}.minBlockingSetSize"),
            exact(ours.blocking_sets_min_size),
            theirs.min_blocking_set_size,
        );
        check(
            format!("{name}.minBlockingSetFilteredSize"),
            exact(ours.blocking_sets_filtered_min_size),
            theirs.min_blocking_set_filtered_size,
        );
        check(
            format!("{name}.minSplittingSetSize"),
            exact(ours.splitting_sets_min_size),
            theirs.min_splitting_set_size,
        );
    }
    errors
}
