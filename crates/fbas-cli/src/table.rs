//! The human-readable report: the whole-network lines (intersection, symmetric top tier, smallest
//! quorum, history-critical set), the table of the four stored values per level, one example set
//! per value (by node name), and the timings.

use crate::load::Loaded;
use fbas_core::{Bound, Input, Level, LevelReport, Options, Report, Status};
use std::collections::HashMap;
use std::fmt::Write;
use std::time::Duration;

/// The table's rows: the backend's field name and how to get the value from a level.
type Row = (&'static str, fn(&LevelReport) -> Option<Bound>);

const ROWS: [Row; 4] = [
    ("topTierSize", |l| l.top_tier_size),
    ("minBlockingSetSize", |l| l.blocking_sets_min_size),
    ("minBlockingSetFilteredSize", |l| {
        l.blocking_sets_filtered_min_size
    }),
    ("minSplittingSetSize", |l| l.splitting_sets_min_size),
];

/// Render `report` for a terminal.
pub fn render(report: &Report, loaded: &Loaded, options: &Options, elapsed: Duration) -> String {
    let names = Names::new(&loaded.input);
    let mut out = String::new();
    header(&mut out, loaded);
    status(&mut out, report, options, &names);
    values(&mut out, report, options);
    examples(&mut out, report, options, &names);
    timings(&mut out, report, elapsed);
    out
}

fn header(out: &mut String, loaded: &Loaded) {
    let input = &loaded.input;
    let _ = writeln!(
        out,
        "Network:              {}, {} format, {}",
        loaded.source,
        loaded.format.name(),
        nodes(input.nodes.len())
    );
    let orgs = match &loaded.orgs_source {
        Some(src) => format!("{} ({src})", input.organizations.len()),
        None => "none".to_string(),
    };
    let _ = writeln!(out, "Organizations:        {orgs}");
    let faulty = match &loaded.faulty_source {
        Some(src) => format!("{} ({src})", loaded.faulty.len()),
        None => "none given".to_string(),
    };
    let _ = writeln!(out, "Faulty nodes:         {faulty}\n");
}

fn status(out: &mut String, report: &Report, options: &Options, names: &Names) {
    let line = match report.status {
        Status::Intersecting => "yes, every two quorums intersect".to_string(),
        Status::Split => "NO, the network is split into disjoint quorums".to_string(),
        Status::NoQuorum => "no, there is no quorum at all".to_string(),
        Status::Unknown if !options.analyses.intersection && !options.analyses.splitting => {
            "- (not requested)".to_string()
        }
        Status::Unknown => "unknown, the time budget ran out".to_string(),
    };
    let _ = writeln!(out, "Quorum intersection:  {line}");
    if let Some([a, b]) = &report.witnesses.disjoint_quorums {
        let _ = writeln!(out, "  quorum 1: {}", names.list(a));
        let _ = writeln!(out, "  quorum 2: {}", names.list(b));
    }
    let symmetric = match report.has_symmetric_top_tier {
        Some(true) => "yes",
        Some(false) => "no",
        None if options.analyses.top_tier => "unknown",
        None => "-",
    };
    let _ = writeln!(out, "Symmetric top tier:   {symmetric}");
    let min_quorum = match report.min_quorum_size {
        Some(Bound::Exact(0)) => "- (no quorum)".to_string(),
        Some(Bound::Exact(n)) => nodes(n),
        Some(b @ Bound::Unknown { .. }) => format!("unknown{}", bounds(b)),
        None => "-".to_string(),
    };
    let _ = writeln!(out, "Smallest quorum:      {min_quorum}");
    // A whole-network value, like the smallest quorum (python-fbas has no merged variant).
    let history = match report.history_critical_set_size {
        Some(Bound::Exact(0)) if report.witnesses.history_critical_set.is_some() => {
            "0, a quorum already has no member publishing history".to_string()
        }
        Some(Bound::Exact(0)) => "- (no quorum)".to_string(),
        Some(Bound::Exact(n)) => nodes(n),
        Some(b @ Bound::Unknown { .. }) => format!("unknown{}", bounds(b)),
        None if options.analyses.history => "- (no historyArchiveHasError in the input)".into(),
        None => "-".to_string(),
    };
    let _ = writeln!(out, "History-critical set: {history}\n");
}

fn level_report(report: &Report, level: Level) -> &LevelReport {
    match level {
        Level::Node => &report.node,
        Level::Organization => &report.organization,
        Level::Country => &report.country,
        Level::Isp => &report.isp,
    }
}

fn cell(value: Option<Bound>) -> String {
    match value {
        None => "-".to_string(),
        Some(Bound::Exact(v)) => v.to_string(),
        Some(Bound::Unknown { .. }) => "unknown".to_string(),
    }
}

/// What is known about an unknown value, e.g. ` (between 2 and 5)`.
fn bounds(b: Bound) -> String {
    match b {
        Bound::Exact(_) => String::new(),
        Bound::Unknown {
            lower,
            upper: Some(u),
        } => format!(" (between {lower} and {u})"),
        Bound::Unknown { lower, upper: None } if lower > 1 => format!(" (at least {lower})"),
        Bound::Unknown { .. } => String::new(),
    }
}

fn values(out: &mut String, report: &Report, options: &Options) {
    let levels = &options.levels;
    let label_width = ROWS.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let cells: Vec<Vec<String>> = ROWS
        .iter()
        .map(|(_, get)| {
            levels
                .iter()
                .map(|&l| cell(get(level_report(report, l))))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = levels
        .iter()
        .enumerate()
        .map(|(j, l)| {
            cells
                .iter()
                .map(|row| row[j].len())
                .chain([l.name().len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let _ = write!(out, "{:label_width$}", "");
    for (l, w) in levels.iter().zip(&widths) {
        let _ = write!(out, "  {:>w$}", l.name());
    }
    out.push('\n');
    for ((name, _), row) in ROWS.iter().zip(&cells) {
        let _ = write!(out, "{name:label_width$}");
        for (c, w) in row.iter().zip(&widths) {
            let _ = write!(out, "  {c:>w$}");
        }
        out.push('\n');
    }
    // Bounds of the values the budget left unknown.
    for (name, get) in ROWS {
        for &l in levels {
            if let Some(b @ Bound::Unknown { .. }) = get(level_report(report, l)) {
                let known = bounds(b);
                if !known.is_empty() {
                    let _ = writeln!(out, "  {name}, {}: unknown{known}", l.name());
                }
            }
        }
    }
    out.push('\n');
}

fn examples(out: &mut String, report: &Report, options: &Options, names: &Names) {
    let w = &report.witnesses;
    let mut lines: Vec<String> = Vec::new();
    if let Some(q) = &w.min_quorum {
        lines.push(format!("smallest quorum ({}): {}", q.len(), names.list(q)));
    }
    if let Some(h) = &w.history_critical_set {
        let quorum = names.list(&h.quorum);
        let text = if h.set.is_empty() {
            format!("none needed, quorum {{{quorum}}} already keeps no valid history")
        } else {
            format!(
                "{}\n    leaves quorum {{{quorum}}} without valid history",
                names.list(&h.set)
            )
        };
        lines.push(format!("historyCriticalSetSize ({}): {text}", h.set.len()));
    }
    let levels = &options.levels;
    // One line per value; levels whose example reads the same share it.
    let plain: Vec<(Level, String)> = levels
        .iter()
        .filter_map(|&l| {
            let set = w.blocking_set.get(l.name())?;
            Some((l, format!("({}): {}", set.len(), names.list(set))))
        })
        .collect();
    push_grouped(&mut lines, "minBlockingSetSize", plain);
    let filtered: Vec<(Level, String)> = levels
        .iter()
        .filter_map(|&l| {
            let set = w.blocking_set_filtered.get(l.name())?;
            let text = if set.is_empty() {
                "none needed, the faulty nodes already block".to_string()
            } else if w.blocking_set.get(l.name()) == Some(set) {
                "the same set".to_string()
            } else {
                names.list(set)
            };
            Some((l, format!("({}): {text}", set.len())))
        })
        .collect();
    push_grouped(&mut lines, "minBlockingSetFilteredSize", filtered);
    let splitting: Vec<(Level, String)> = levels
        .iter()
        .filter_map(|&l| {
            let s = w.splitting_set.get(l.name())?;
            let text = if s.set.is_empty() {
                "none needed, the network is already split".to_string()
            } else {
                format!(
                    "{}\n    leaves disjoint quorums {{{}}} and {{{}}}",
                    names.list(&s.set),
                    names.list(&s.quorums[0]),
                    names.list(&s.quorums[1])
                )
            };
            Some((l, format!("({}): {text}", s.set.len())))
        })
        .collect();
    push_grouped(&mut lines, "minSplittingSetSize", splitting);
    if lines.is_empty() {
        return;
    }
    out.push_str("Examples:\n");
    for line in lines {
        let _ = writeln!(out, "  {line}");
    }
    out.push('\n');
}

/// `value, level1/level2 TEXT` lines, levels with the same text together.
fn push_grouped(lines: &mut Vec<String>, value: &str, examples: Vec<(Level, String)>) {
    let mut groups: Vec<(Vec<&'static str>, String)> = Vec::new();
    for (level, text) in examples {
        match groups.iter_mut().find(|(_, t)| *t == text) {
            Some((ls, _)) => ls.push(level.name()),
            None => groups.push((vec![level.name()], text)),
        }
    }
    for (ls, text) in groups {
        lines.push(format!("{value}, {} {text}", ls.join("/")));
    }
}

fn timings(out: &mut String, report: &Report, elapsed: Duration) {
    let _ = writeln!(
        out,
        "Time: {} ms in all",
        millis(elapsed.as_secs_f64() * 1000.0)
    );
    // Whole-network analyses first, then one line per level in the table's order.
    let whole: Vec<String> = report
        .timings_ms
        .iter()
        .filter(|(name, _)| !name.contains('.'))
        .map(|(name, ms)| format!("{name} {}", millis(*ms)))
        .collect();
    if !whole.is_empty() {
        let _ = writeln!(out, "  {} ms", whole.join(", "));
    }
    for level in Level::ALL {
        let prefix = format!("{}.", level.name());
        let parts: Vec<String> = report
            .timings_ms
            .iter()
            .filter_map(|(name, ms)| {
                let rest = name.strip_prefix(&prefix)?;
                Some(format!("{rest} {}", millis(*ms)))
            })
            .collect();
        if !parts.is_empty() {
            let _ = writeln!(out, "  {}: {} ms", level.name(), parts.join(", "));
        }
    }
}

/// `1 node`, `2 nodes`.
fn nodes(n: usize) -> String {
    format!("{n} node{}", if n == 1 { "" } else { "s" })
}

fn millis(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

/// The most names one example line lists (a quorum of a large network has hundreds).
const MAX_LISTED: usize = 10;

/// Display names: a node's name (with its key prefix when several nodes share it), else the
/// key's prefix; strings that are not node keys (organization, country, ISP names) as they are.
struct Names<'a> {
    by_key: HashMap<&'a str, String>,
}

impl<'a> Names<'a> {
    fn new(input: &'a Input) -> Self {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for n in &input.nodes {
            if let Some(name) = n.name.as_deref().filter(|s| !s.trim().is_empty()) {
                *count.entry(name).or_default() += 1;
            }
        }
        let by_key = input
            .nodes
            .iter()
            .map(|n| {
                let key = n.public_key.as_str();
                let shown = match n.name.as_deref().filter(|s| !s.trim().is_empty()) {
                    Some(name) if count[name] == 1 => name.to_string(),
                    Some(name) => format!("{name} ({})", key_prefix(key)),
                    None => key_prefix(key),
                };
                (key, shown)
            })
            .collect();
        Names { by_key }
    }

    fn show(&self, s: &str) -> String {
        self.by_key.get(s).cloned().unwrap_or_else(|| s.to_string())
    }

    /// A set of keys or group names, sorted by display name; past [`MAX_LISTED`] names, the
    /// first ones and `and N more`.
    fn list(&self, items: &[String]) -> String {
        let mut shown: Vec<String> = items.iter().map(|s| self.show(s)).collect();
        shown.sort_by_key(|s| s.to_lowercase());
        if shown.len() > MAX_LISTED {
            let more = shown.len() - MAX_LISTED;
            shown.truncate(MAX_LISTED);
            return format!("{} and {more} more", shown.join(", "));
        }
        shown.join(", ")
    }
}

/// The first characters of a long public key (`GCGB2S…`); short keys whole.
fn key_prefix(key: &str) -> String {
    if key.chars().count() > 12 {
        let prefix: String = key.chars().take(6).collect();
        format!("{prefix}…")
    } else {
        key.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fbas_core::report::{HistoryWitness, SplittingWitness, Witnesses};
    use fbas_core::{Format, InputNode};
    use std::collections::BTreeMap;

    fn loaded() -> Loaded {
        let node = |k: &str, name: Option<&str>| InputNode {
            public_key: k.into(),
            name: name.map(str::to_string),
            ..InputNode::default()
        };
        Loaded {
            input: Input {
                nodes: vec![
                    node("GAAAAAAAAAAAAAAAAAAAAAAAAA1", Some("Alpha")),
                    node("GBBBBBBBBBBBBBBBBBBBBBBBBB2", Some("Twin")),
                    node("GCCCCCCCCCCCCCCCCCCCCCCCCC3", Some("Twin")),
                    node("GDDDDDDDDDDDDDDDDDDDDDDDDD4", None),
                ],
                organizations: vec![],
            },
            format: Format::Stellarbeat,
            source: "net.json".into(),
            orgs_source: None,
            faulty: vec![],
            faulty_source: None,
            unknown_faulty: vec![],
        }
    }

    fn level(tt: Bound) -> LevelReport {
        LevelReport {
            top_tier_size: Some(tt),
            blocking_sets_min_size: Some(Bound::Exact(2)),
            blocking_sets_filtered_min_size: None,
            splitting_sets_min_size: Some(Bound::Unknown {
                lower: 1,
                upper: Some(3),
            }),
        }
    }

    fn report(status: Status) -> Report {
        let mut witnesses = Witnesses::default();
        if status == Status::Split {
            witnesses.disjoint_quorums = Some([
                vec!["GAAAAAAAAAAAAAAAAAAAAAAAAA1".into()],
                vec!["GDDDDDDDDDDDDDDDDDDDDDDDDD4".into()],
            ]);
        }
        let twins = vec![
            "GBBBBBBBBBBBBBBBBBBBBBBBBB2".to_string(),
            "GCCCCCCCCCCCCCCCCCCCCCCCCC3".to_string(),
        ];
        witnesses.blocking_set.insert("node".into(), twins.clone());
        witnesses
            .blocking_set
            .insert("organization".into(), twins.clone());
        witnesses
            .blocking_set_filtered
            .insert("node".into(), twins.clone());
        witnesses.splitting_set.insert(
            "node".into(),
            SplittingWitness {
                set: vec![],
                quorums: [vec!["GAAAAAAAAAAAAAAAAAAAAAAAAA1".into()], vec!["X".into()]],
            },
        );
        witnesses.splitting_set.insert(
            "organization".into(),
            SplittingWitness {
                set: vec!["Org A".into()],
                quorums: [vec!["GAAAAAAAAAAAAAAAAAAAAAAAAA1".into()], vec!["X".into()]],
            },
        );
        witnesses.history_critical_set = Some(HistoryWitness {
            set: vec!["GAAAAAAAAAAAAAAAAAAAAAAAAA1".into()],
            quorum: vec![
                "GAAAAAAAAAAAAAAAAAAAAAAAAA1".into(),
                "GDDDDDDDDDDDDDDDDDDDDDDDDD4".into(),
            ],
        });
        Report {
            status,
            complete: false,
            stopped: Some(fbas_core::Stop::Deadline),
            has_quorum_intersection: Some(status == Status::Intersecting),
            has_symmetric_top_tier: Some(false),
            min_quorum_size: Some(Bound::Exact(3)),
            history_critical_set_size: Some(Bound::Exact(1)),
            node: level(Bound::Exact(4)),
            organization: level(Bound::Unknown {
                lower: 0,
                upper: None,
            }),
            country: LevelReport::default(),
            isp: LevelReport::default(),
            bounds: Default::default(),
            witnesses,
            timings_ms: BTreeMap::from([("intersection".to_string(), 1.25)]),
        }
    }

    #[test]
    fn table_layout() {
        let options = Options {
            levels: vec![Level::Node, Level::Organization],
            ..Options::default()
        };
        let text = render(
            &report(Status::Intersecting),
            &loaded(),
            &options,
            Duration::from_millis(1500),
        );
        assert!(text.contains("Quorum intersection:  yes"), "{text}");
        assert!(text.contains("Smallest quorum:      3 nodes"), "{text}");
        assert!(text.contains("History-critical set: 1 node\n"), "{text}");
        assert!(
            text.contains(
                "historyCriticalSetSize (1): Alpha\n    leaves quorum {Alpha, GDDDDD…} without valid history"
            ),
            "{text}"
        );
        assert!(text.contains("Network:              net.json, stellarbeat format, 4 nodes"));
        assert!(text.contains("Organizations:        none"), "{text}");
        let header = text
            .lines()
            .find(|l| l.trim_start().starts_with("node "))
            .unwrap();
        assert!(
            header.trim_start().starts_with("node  organization"),
            "{text}"
        );
        assert!(!text.contains("country"), "{text}");
        let row = |name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .unwrap()
                .split_whitespace()
                .skip(1)
                .collect::<Vec<_>>()
        };
        assert_eq!(row("topTierSize"), vec!["4", "unknown"]);
        assert_eq!(row("minBlockingSetSize"), vec!["2", "2"]);
        assert_eq!(row("minBlockingSetFilteredSize"), vec!["-", "-"]);
        assert_eq!(row("minSplittingSetSize"), vec!["unknown", "unknown"]);
        assert!(
            text.contains("minSplittingSetSize, node: unknown (between 1 and 3)"),
            "{text}"
        );
        // Names, disambiguated; sorted.
        assert!(
            text.contains(
                "minBlockingSetSize, node/organization (2): Twin (GBBBBB…), Twin (GCCCCC…)"
            ),
            "{text}"
        );
        assert!(
            text.contains("minBlockingSetFilteredSize, node (2): the same set"),
            "{text}"
        );
        assert!(
            text.contains(
                "minSplittingSetSize, organization (1): Org A\n    leaves disjoint quorums {Alpha} and {X}"
            ),
            "{text}"
        );
        assert!(
            text.contains("none needed, the network is already split"),
            "{text}"
        );
        assert!(
            text.contains("Time: 1500 ms in all\n  intersection 1.2 ms"),
            "{text}"
        );
    }

    #[test]
    fn long_lists_are_cut() {
        let loaded = loaded();
        let names = Names::new(&loaded.input);
        let items = |n: usize| -> Vec<String> { (0..n).map(|i| format!("g{i:02}")).collect() };
        assert_eq!(
            names.list(&items(MAX_LISTED)),
            "g00, g01, g02, g03, g04, g05, g06, g07, g08, g09"
        );
        assert_eq!(
            names.list(&items(MAX_LISTED + 3)),
            "g00, g01, g02, g03, g04, g05, g06, g07, g08, g09 and 3 more"
        );
        assert_eq!(nodes(1), "1 node");
        assert_eq!(nodes(2), "2 nodes");
    }

    #[test]
    fn split_status_names_both_quorums() {
        let text = render(
            &report(Status::Split),
            &loaded(),
            &Options::default(),
            Duration::ZERO,
        );
        assert!(text.contains("Quorum intersection:  NO"), "{text}");
        assert!(text.contains("quorum 1: Alpha"), "{text}");
        assert!(text.contains("quorum 2: GDDDDD…"), "{text}");
    }

    #[test]
    fn other_statuses() {
        let text = render(
            &report(Status::NoQuorum),
            &loaded(),
            &Options::default(),
            Duration::ZERO,
        );
        assert!(text.contains("no quorum at all"), "{text}");
        let text = render(
            &report(Status::Unknown),
            &loaded(),
            &Options::default(),
            Duration::ZERO,
        );
        assert!(text.contains("unknown, the time budget ran out"), "{text}");
    }

    #[test]
    fn history_line() {
        let line = |size: Option<Bound>, witness: bool, history: bool| {
            let mut r = report(Status::Intersecting);
            r.history_critical_set_size = size;
            if !witness {
                r.witnesses.history_critical_set = None;
            }
            let mut options = Options::default();
            options.analyses.history = history;
            let text = render(&r, &loaded(), &options, Duration::ZERO);
            let line = text
                .lines()
                .find(|l| l.starts_with("History-critical set:"))
                .unwrap()
                .to_string();
            line["History-critical set:".len()..].trim().to_string()
        };
        assert_eq!(line(Some(Bound::Exact(3)), true, true), "3 nodes");
        assert_eq!(
            line(Some(Bound::Exact(0)), true, true),
            "0, a quorum already has no member publishing history"
        );
        assert_eq!(line(Some(Bound::Exact(0)), false, true), "- (no quorum)");
        let unknown = Bound::Unknown {
            lower: 2,
            upper: Some(4),
        };
        assert_eq!(line(Some(unknown), true, true), "unknown (between 2 and 4)");
        assert_eq!(
            line(None, false, true),
            "- (no historyArchiveHasError in the input)"
        );
        assert_eq!(line(None, false, false), "-");
    }
}
