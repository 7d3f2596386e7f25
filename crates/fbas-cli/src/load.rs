//! Reading what `analyze` works on: the network (a file, standard input or the bundled
//! snapshot), its organizations (given, embedded, or found next to the file) and the faulty
//! nodes.

use crate::args::AnalyzeArgs;
use fbas_core::parse::{parse_faulty, parse_organizations, parse_with_format, Format};
use fbas_core::Input;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

const BUNDLED_NODES: &str = include_str!("../data/stellarbeat_nodes_2025-11-13.json");
const BUNDLED_ORGS: &str = include_str!("../data/stellarbeat_organizations_2025-11-13.json");
const BUNDLED_NAME: &str = "stellarbeat_nodes_2025-11-13.json (bundled)";

/// Bad input: the message names the file and, from the parser, the node and field.
#[derive(Debug)]
pub struct LoadError(pub String);

/// The network, ready for `analyze`, and where each part came from.
pub struct Loaded {
    pub input: Input,
    pub format: Format,
    /// The network's name for messages (the file as given, or the bundled snapshot's name).
    pub source: String,
    /// Where the organizations came from, when there are any.
    pub orgs_source: Option<String>,
    pub faulty: Vec<String>,
    /// How the faulty nodes were chosen, for the report header.
    pub faulty_source: Option<String>,
    /// Faulty keys that are not nodes of the network.
    pub unknown_faulty: Vec<String>,
}

pub fn load(args: &AnalyzeArgs) -> Result<Loaded, LoadError> {
    let (text, source) = match &args.file {
        Some(_) if args.reads_stdin() => (read_stdin()?, "standard input".to_string()),
        Some(path) => (read(path)?, path.display().to_string()),
        None => (BUNDLED_NODES.to_string(), BUNDLED_NAME.to_string()),
    };
    let (mut input, format) = parse_with_format(&text)
        .map_err(|e| LoadError(format!("invalid input in {source}: {e}")))?;

    let orgs_file = match (&args.orgs, &args.file) {
        (Some(path), _) => Some(path.clone()),
        (None, Some(path)) if input.organizations.is_empty() && !args.reads_stdin() => {
            find_orgs_file(path)
        }
        _ => None,
    };
    let mut orgs_source = None;
    if let Some(path) = orgs_file {
        let shown = path.display().to_string();
        input.organizations = parse_organizations(&read(&path)?)
            .map_err(|e| LoadError(format!("invalid organizations in {shown}: {e}")))?;
        orgs_source = Some(shown);
    } else if args.file.is_none() {
        input.organizations = parse_organizations(BUNDLED_ORGS)
            .map_err(|e| LoadError(format!("invalid bundled organizations: {e}")))?;
        orgs_source = Some("bundled".into());
    } else if !input.organizations.is_empty() {
        orgs_source = Some("in the network file".into());
    }

    let (faulty, faulty_source) = if let Some(path) = &args.faulty {
        (parse_faulty(&read(path)?), Some(path.display().to_string()))
    } else if args.faulty_from_input || args.file.is_none() {
        (
            input.not_validating(),
            Some("isValidating: false".to_string()),
        )
    } else {
        (Vec::new(), None)
    };
    let known: std::collections::HashSet<&str> =
        input.nodes.iter().map(|n| n.public_key.as_str()).collect();
    let unknown_faulty = faulty
        .iter()
        .filter(|k| !known.contains(k.as_str()))
        .cloned()
        .collect();

    Ok(Loaded {
        input,
        format,
        source,
        orgs_source,
        faulty,
        faulty_source,
        unknown_faulty,
    })
}

fn read(path: &Path) -> Result<String, LoadError> {
    fs::read_to_string(path).map_err(|e| LoadError(format!("cannot read {}: {e}", path.display())))
}

fn read_stdin() -> Result<String, LoadError> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| LoadError(format!("cannot read standard input: {e}")))?;
    Ok(text)
}

/// The organizations file that goes with a network file, if one exists next to it:
/// 1. the same name with `nodes` replaced by `organizations` (stellarbeat);
/// 2. python-fbas' `<name>_orgs.json`, or `<name>orgs.json` when the name ends in `_`;
/// 3. a file named with `organizations` and the same `YYYY-MM-DD` date.
pub fn find_orgs_file(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let stem = name.strip_suffix(".json").unwrap_or(name);
    let mut candidates = Vec::new();
    if name.contains("nodes") {
        candidates.push(dir.join(name.replace("nodes", "organizations")));
    }
    if stem.ends_with('_') {
        candidates.push(dir.join(format!("{stem}orgs.json")));
    } else {
        candidates.push(dir.join(format!("{stem}_orgs.json")));
    }
    if let Some(found) = candidates.into_iter().find(|c| c.is_file() && c != path) {
        return Some(found);
    }
    let date = find_date(name)?;
    let dir_for_listing = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut same_date: Vec<PathBuf> = fs::read_dir(dir_for_listing)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().into_string().ok()?;
            (n.contains("organizations") && n.contains(date) && n.ends_with(".json"))
                .then(|| dir.join(n))
        })
        .filter(|p| p.is_file() && p != path)
        .collect();
    same_date.sort();
    same_date.into_iter().next()
}

/// The first `YYYY-MM-DD` in `name`.
fn find_date(name: &str) -> Option<&str> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let s = &b[i..i + 10];
        let digits = |r: std::ops::Range<usize>| s[r].iter().all(u8::is_ascii_digit);
        (digits(0..4) && s[4] == b'-' && digits(5..7) && s[7] == b'-' && digits(8..10))
            .then(|| &name[i..i + 10])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("fbas-sat-load-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn dates() {
        assert_eq!(
            find_date("stellarbeat_nodes_2019-09-17.json"),
            Some("2019-09-17")
        );
        assert_eq!(
            find_date("x_2020-01-16_broken_by_hand.json"),
            Some("2020-01-16")
        );
        assert_eq!(find_date("top_tier_nodes_2024.json"), None);
        assert_eq!(find_date(""), None);
    }

    #[test]
    fn finds_organizations_next_to_the_nodes() {
        let d = tmp_dir("orgs");
        let touch = |n: &str| fs::write(d.join(n), "[]").unwrap();
        touch("stellarbeat_nodes_2019-09-17.json");
        touch("stellarbeat_organizations_2019-09-17.json");
        touch("stellarbeat_nodes_2020-01-16_broken_by_hand.json");
        touch("net_10_orgs.json");
        touch("net_10_orgs_.json");
        touch("net_10_orgs_orgs.json");
        touch("lonely.json");
        touch("other_nodes_2019-09-17.json");
        let find = |n: &str| find_orgs_file(&d.join(n)).map(|p| p.file_name().unwrap().to_owned());
        assert_eq!(
            find("stellarbeat_nodes_2019-09-17.json").unwrap(),
            "stellarbeat_organizations_2019-09-17.json"
        );
        // Same date, different prefix.
        assert_eq!(
            find("other_nodes_2019-09-17.json").unwrap(),
            "stellarbeat_organizations_2019-09-17.json"
        );
        assert_eq!(
            find("stellarbeat_nodes_2020-01-16_broken_by_hand.json"),
            None
        );
        assert_eq!(find("net_10_orgs.json").unwrap(), "net_10_orgs_orgs.json");
        assert_eq!(find("net_10_orgs_.json").unwrap(), "net_10_orgs_orgs.json");
        assert_eq!(find("lonely.json"), None);
        assert_eq!(find("net_10_orgs_orgs.json"), None);
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn bundled_network_parses_with_its_organizations() {
        let input = fbas_core::parse(BUNDLED_NODES).unwrap();
        assert_eq!(input.nodes.len(), 301);
        assert_eq!(input.not_validating().len(), 217);
        assert_eq!(parse_organizations(BUNDLED_ORGS).unwrap().len(), 24);
    }
}
