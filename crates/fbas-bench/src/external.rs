//! Other tools measured beside fbas-sat (`fbas-bench suite --external NAME=CMD`, none by
//! default). For each row the suite writes the network it loaded (organizations attached) as
//! one stellarbeat node file, `organizationId` on each validator, and calls, for each
//! analysis of [`ASKED`],
//!
//! ```text
//! sh -c 'CMD "$@"' sh ANALYSIS FILE
//! ```
//!
//! under `timeout` at the row's budget, where ANALYSIS is the analysis's name in the results
//! file (`intersection`, `minQuorum`, `topTier`, `blockingNode`, `blockingOrg`,
//! `splittingNode`, `splittingOrg`, `history`). The command answers on stdout (its last line
//! is kept) and exits 0; it exits 3 for an analysis it does not do (nothing is recorded);
//! any other status is an error. Its time is the command's wall-clock time, its start-up
//! included, one run.

use crate::results::{Analysis, ExternalRun, ExternalTiming};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The analyses an external tool is asked, in table order.
pub const ASKED: [Analysis; 8] = [
    Analysis::Intersection,
    Analysis::MinQuorum,
    Analysis::TopTier,
    Analysis::BlockingNode,
    Analysis::BlockingOrg,
    Analysis::SplittingNode,
    Analysis::SplittingOrg,
    Analysis::History,
];

/// The exit status by which a command says it does not do an analysis.
const NOT_DONE: i32 = 3;

/// An external tool: the name its times are recorded under, and the command to call.
#[derive(Debug, Clone, PartialEq)]
pub struct Tool {
    pub name: String,
    pub command: String,
}

impl Tool {
    /// `NAME=CMD`.
    pub fn parse(s: &str) -> Result<Tool, String> {
        match s.split_once('=') {
            Some((name, command)) if !name.is_empty() && !command.trim().is_empty() => Ok(Tool {
                name: name.into(),
                command: command.into(),
            }),
            _ => Err(format!("--external: `{s}` is not NAME=COMMAND")),
        }
    }
}

/// The analysis's name in the results file, as the command receives it.
fn name(analysis: Analysis) -> String {
    serde_json::to_value(analysis)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// The last non-empty line of `text`, at most 200 characters.
fn last_line(text: &str) -> String {
    let line = text.lines().rev().find(|l| !l.trim().is_empty());
    line.unwrap_or("").trim().chars().take(200).collect()
}

/// Call `tool` on `file` for `analysis`, killed (with everything it started) after
/// `budget_s`; `None` when it does not do the analysis.
fn call(tool: &Tool, analysis: Analysis, file: &Path, budget_s: f64) -> Option<ExternalTiming> {
    let start = Instant::now();
    let out = Command::new("timeout")
        .args(["-s", "KILL", &format!("{budget_s}")])
        .arg("sh")
        .arg("-c")
        .arg(format!("{} \"$@\"", tool.command))
        .arg("sh")
        .arg(name(analysis))
        .arg(file)
        .stdin(Stdio::null())
        .output();
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            return Some(ExternalTiming {
                ms: None,
                timeout: false,
                answer: format!("could not start: {e}"),
                error: true,
            })
        }
    };
    let timeout = ms >= budget_s * 1000.0;
    match out.status.code() {
        Some(NOT_DONE) => None,
        Some(0) => Some(ExternalTiming {
            ms: Some(ms),
            timeout: false,
            answer: last_line(&String::from_utf8_lossy(&out.stdout)),
            error: false,
        }),
        _ if timeout => Some(ExternalTiming {
            ms: Some(ms),
            timeout: true,
            answer: "timeout".into(),
            error: false,
        }),
        _ => Some(ExternalTiming {
            ms: Some(ms),
            timeout: false,
            answer: last_line(&String::from_utf8_lossy(&out.stderr)),
            error: true,
        }),
    }
}

/// Run `tool` on the network of `nodes` (and `orgs`), written as `dir/<stem>.json`, for
/// every analysis of [`ASKED`].
pub fn run(
    tool: &Tool,
    nodes: &Path,
    orgs: Option<&Path>,
    dir: &Path,
    budget_s: f64,
) -> ExternalRun {
    let written = crate::row::load(nodes, orgs).and_then(|(input, _)| {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let stem = nodes.file_stem().unwrap_or_default().to_string_lossy();
        let file = dir.join(format!("{stem}.json"));
        let text = serde_json::to_string_pretty(&fbas_testkit::stellarbeat::nodes(&input))
            .map_err(|e| e.to_string())?;
        std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
        Ok(file)
    });
    match written {
        Ok(file) => ExternalRun {
            tool: tool.name.clone(),
            measured: None,
            error: None,
            analyses: ASKED
                .into_iter()
                .filter_map(|a| Some((a, call(tool, a, &file, budget_s)?)))
                .collect(),
        },
        Err(error) => ExternalRun {
            tool: tool.name.clone(),
            measured: None,
            error: Some(error),
            analyses: Default::default(),
        },
    }
}

/// The section on the external tools, when rows have their times: `notes` (how each tool was
/// installed and called, from `bench/external.md`), then per tool a table of its time
/// against fbas-sat's per analysis.
pub fn section(out: &mut String, rows: &[crate::results::Row], notes: Option<&str>) {
    use crate::report::fmt_ms;
    use std::fmt::Write;
    let mut tools: Vec<&str> = rows
        .iter()
        .flat_map(|r| r.external.iter().map(|e| e.tool.as_str()))
        .collect();
    tools.sort();
    tools.dedup();
    if tools.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Beside other tools\n\n\
         Each cell: the tool's time (its command's wall-clock time, start-up included, one run) / \
         fbas-sat's (the analysis column's median) and their ratio; `t/o` at the row's budget, \
         `-` where the tool does not do the analysis.\n"
    );
    if let Some(notes) = notes {
        let _ = writeln!(out, "{}\n", notes.trim());
    }
    for tool in tools {
        let _ = writeln!(out, "### {tool}\n");
        let mut earlier: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.external(tool)?.measured.as_deref())
            .collect();
        let carried = earlier.len();
        earlier.sort();
        earlier.dedup();
        if carried > 0 {
            let _ = writeln!(
                out,
                "On {carried} rows {tool}'s times are from an earlier run ({}), kept when \
                 fbas-sat alone was measured again (`--again` without `--external`): they do \
                 not depend on fbas-sat's commit.\n",
                earlier.join("; ")
            );
        }
        let mut head = "| Network |".to_string();
        let mut rule = "|---|".to_string();
        for a in ASKED {
            let _ = write!(head, " {} |", a.title());
            rule.push_str("---|");
        }
        let _ = writeln!(out, "{head}\n{rule}");
        for r in rows {
            let Some(run) = r.external(tool) else {
                continue;
            };
            let mut line = format!("| `{}` |", r.name);
            if let Some(error) = &run.error {
                let _ = writeln!(out, "{line} not run: {error} |");
                continue;
            }
            for a in ASKED {
                let ours = r
                    .timing(a)
                    .and_then(|t| t.ms.filter(|_| !t.unknown && !t.error));
                let cell = match run.analyses.get(&a) {
                    None => "-".to_string(),
                    Some(t) if t.error => format!("error: {}", t.answer),
                    Some(t) => {
                        let theirs = t.ms.map_or("?".into(), fmt_ms);
                        let theirs = if t.timeout {
                            format!("t/o {theirs}")
                        } else {
                            theirs
                        };
                        match (ours, t.ms.filter(|_| !t.timeout)) {
                            (Some(o), Some(m)) => {
                                format!("{theirs} / {} ({:.0}×)", fmt_ms(o), m / o.max(1e-3))
                            }
                            (Some(o), None) => format!("{theirs} / {}", fmt_ms(o)),
                            (None, _) => format!("{theirs} / {}", crate::report::cell(r, a)),
                        }
                    }
                };
                let _ = write!(line, " {cell} |");
            }
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A command is called with the analysis's name and the file, its answer is its last
    /// line, status 3 leaves the analysis out, other statuses are errors, and the budget
    /// stops it.
    #[test]
    fn a_command_is_called_per_analysis() {
        let dir = std::env::temp_dir().join(format!("fbas-bench-external-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let nodes = dir.join("net.json");
        std::fs::write(
            &nodes,
            r#"[{"publicKey":"A","quorumSet":{"threshold":1,"validators":["A"],"innerQuorumSets":[]}}]"#,
        )
        .unwrap();
        let script = "case $1 in intersection) test -s \"$2\" && echo x && echo yes;; \
                      minQuorum) exit 3;; history) sleep 5;; *) echo bad >&2; exit 1;; esac";
        let tool = Tool::parse(&format!("t=sh -c '{script}' sh")).unwrap();
        let run = run(&tool, &nodes, None, &dir.join("out"), 1.0);
        assert_eq!((run.tool.as_str(), run.error.as_deref()), ("t", None));
        let got = |a| run.analyses.get(&a);
        assert_eq!(got(Analysis::Intersection).unwrap().answer, "yes");
        assert!(!got(Analysis::Intersection).unwrap().error);
        assert!(got(Analysis::MinQuorum).is_none());
        assert!(got(Analysis::TopTier).unwrap().error);
        assert_eq!(got(Analysis::TopTier).unwrap().answer, "bad");
        assert!(got(Analysis::History).unwrap().timeout);
        assert!(Tool::parse("nocommand").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
