//! The crate's modules form layers without cycles.
//!
//! Every `crate::…` and `super::…` path in the code of `src/` (comments aside) is a dependency of
//! the module whose file it is on the module it names (the longest module path that exists as a
//! file). Dependencies between a module and its own ancestors or descendants are how Rust nests
//! modules and are left out; the rest must form no cycle, and the top-level modules must follow
//! [`LAYERS`]: a module depends only on modules of its own layer or of layers listed before it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, lowest layer first.
const LAYERS: &[&[&str]] = &[
    &["clock", "parallel"],
    &["budget"],
    &["network"],
    &["parse"],
    &["report", "outcome"],
    &["sat"],
    &["analyses"],
    &["session"],
    &["analyze"],
    &["api"],
    &["lib"],
];

type Module = Vec<String>;

/// Every source file of `dir`, recursively.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file is (`lib.rs`: `["lib"]`; `a/mod.rs`: `["a"]`; `a/b.rs`: `["a", "b"]`).
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") && parts.len() > 1 {
        parts.pop();
    }
    parts
}

/// The code of a file without its comments (line comments and doc comments).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths (`crate::a::b::c` as `[a, b, c]`) the code names, `super::` resolved from `module`
/// (`module` is a file's module: `super` is its parent).
fn named_paths(code: &str, module: &Module) -> Vec<Module> {
    let mut out = Vec::new();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    for (start, prefix) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        if start > 0 && code[..start].ends_with(|c: char| word(c) || c == ':') {
            continue;
        }
        let rest = &code[start + prefix.len()..];
        let mut path: Module = match prefix {
            "crate::" => vec![],
            _ => module[..module.len().saturating_sub(1)].to_vec(),
        };
        for segment in rest.split("::") {
            let name: String = segment.chars().take_while(|&c| word(c)).collect();
            if name.is_empty() {
                break;
            }
            let last = name.len() != segment.len();
            path.push(name);
            if last {
                break;
            }
        }
        out.push(path);
    }
    out
}

/// The longest prefix of `path` that is a module.
fn resolve(path: &Module, modules: &BTreeSet<Module>) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|k| path[..k].to_vec())
        .find(|m| modules.contains(m))
}

fn nested(a: &Module, b: &Module) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

fn dependencies() -> BTreeMap<Module, BTreeSet<Module>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    let modules: BTreeSet<Module> = paths.iter().map(|f| module_of(&src, f)).collect();
    let mut deps: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for file in &paths {
        let module = module_of(&src, file);
        let text = code(&std::fs::read_to_string(file).unwrap());
        let named = named_paths(&text, &module);
        let entry = deps.entry(module.clone()).or_default();
        for target in named.iter().filter_map(|p| resolve(p, &modules)) {
            if !nested(&module, &target) {
                entry.insert(target);
            }
        }
    }
    deps
}

/// A cycle of `deps`, if there is one.
fn cycle(deps: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        m: &Module,
        deps: &BTreeMap<Module, BTreeSet<Module>>,
        state: &mut BTreeMap<Module, bool>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        match state.get(m) {
            Some(true) => return None,
            Some(false) => {
                let from = stack.iter().position(|s| s == m).unwrap();
                return Some(stack[from..].to_vec());
            }
            None => {}
        }
        state.insert(m.clone(), false);
        stack.push(m.clone());
        for d in deps.get(m).into_iter().flatten() {
            if let Some(c) = visit(d, deps, state, stack) {
                return Some(c);
            }
        }
        stack.pop();
        state.insert(m.clone(), true);
        None
    }
    let mut state = BTreeMap::new();
    deps.keys()
        .find_map(|m| visit(m, deps, &mut state, &mut Vec::new()))
}

#[test]
fn the_path_reader_resolves_crate_and_super() {
    let module = vec!["session".to_string(), "lists".to_string()];
    let text = "use crate::network::fbas::Fbas;\nuse super::memo::{Memo, MemoMap};\nmy_super::x";
    let named = named_paths(text, &module);
    let strings: Vec<String> = named.iter().map(|p| p.join("::")).collect();
    assert_eq!(strings, ["network::fbas::Fbas", "session::memo"]);
}

#[test]
fn a_cycle_is_found() {
    let m = |s: &str| vec![s.to_string()];
    let mut deps: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    deps.insert(m("a"), [m("b")].into());
    deps.insert(m("b"), [m("c")].into());
    deps.insert(m("c"), BTreeSet::new());
    assert_eq!(cycle(&deps), None);
    deps.get_mut(&m("c")).unwrap().insert(m("a"));
    assert_eq!(cycle(&deps), Some(vec![m("a"), m("b"), m("c")]));
}

#[test]
fn no_module_cycles() {
    let deps = dependencies();
    assert!(
        deps.len() > 30,
        "the sources were read: {} modules",
        deps.len()
    );
    if let Some(c) = cycle(&deps) {
        let names: Vec<String> = c.iter().map(|m| m.join("::")).collect();
        panic!("module cycle: {}", names.join(" -> "));
    }
}

#[test]
fn top_level_modules_follow_the_layers() {
    let layer_of = |top: &str| {
        LAYERS
            .iter()
            .position(|layer| layer.contains(&top))
            .unwrap_or_else(|| panic!("module `{top}` is in no layer of LAYERS"))
    };
    let mut wrong = Vec::new();
    for (module, targets) in dependencies() {
        for target in targets {
            let (from, to) = (layer_of(&module[0]), layer_of(&target[0]));
            if to > from {
                wrong.push(format!("{} -> {}", module.join("::"), target.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies on a higher layer: {wrong:#?}"
    );
}
