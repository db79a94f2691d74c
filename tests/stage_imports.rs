//! The import graph of `src/`: each stage sees only its input stage and the services it calls
//! (`src/lib.rs`, "Stages"), no stage re-exports another's types, and a stage's step modules are
//! private to it. Read from the source text, so a new `crate::` path that breaks the graph fails
//! `cargo test` (and CI) instead of a review.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Shared helpers any module may call: diagnostics, units and geometry, photo reading, the
/// Markdown run type that spec reads and document and layout carry, and all-or-nothing output.
const SERVICES: &[&str] = &["diag", "geom", "markup", "output", "photo"];

/// What each module may name with `crate::` besides the services. `lib` stands for the crate
/// root's own items (`crate::BuildOptions`).
const ALLOWED: &[(&str, &[&str])] = &[
    // The stages, each seeing only its input and, for layout and pdf, the text service.
    ("spec", &[]),
    ("document", &["spec"]),
    // text is a service that knows no kit: runs and a language in, lines out.
    ("text", &[]),
    ("layout", &["document", "text"]),
    ("pdf", &["layout", "text"]),
    // Consumers of laid-out pages.
    ("dump", &["layout", "text"]),
    ("report", &["layout", "text"]),
    // Services use only each other.
    ("diag", &[]),
    ("geom", &[]),
    ("photo", &[]),
    ("markup", &[]),
    ("output", &[]),
    // Drivers: they run the stages and pass each what it needs.
    (
        "lib",
        &[
            "spec", "document", "text", "layout", "pdf", "dump", "report", "workflow",
        ],
    ),
    (
        "workflow",
        &[
            "spec", "document", "text", "layout", "pdf", "dump", "report", "workflow", "lib",
        ],
    ),
];

/// The stages: folders whose `mod.rs` is the one public door.
const STAGES: &[&str] = &["spec", "document", "text", "layout", "pdf"];

/// Re-exports across modules the crate root may make: `Variant` is named by `BuildOptions`,
/// the library's entry, so callers get it where they get `BuildOptions`.
const ROOT_REEXPORTS: &[&str] = &["pub use crate::pdf::Variant;"];

/// The binary (`main.rs` and its modules) uses the library through `presskit::`, like any
/// caller; its `crate::` paths are its own.
const BINARY: &[&str] = &["main.rs", "cli.rs", "commands.rs"];

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: its folder under `src/`, or its stem.
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap().as_os_str();
    let first = first.to_str().unwrap();
    first.strip_suffix(".rs").unwrap_or(first).to_string()
}

/// The source without comments, so doc links and prose do not count as imports.
fn code_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
}

/// The first segment of every `crate::` path on a line, expanding `crate::{a, b::c}` groups.
fn crate_targets(line: &str) -> Vec<String> {
    let mut targets = vec![];
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        // `presskit::crate::` cannot occur; an identifier ending in `crate` (`subcrate::`) is
        // not a path into this crate.
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    targets.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            targets.push(name);
        }
    }
    targets
}

/// The modules declared at the crate root; any other first segment is a root item.
fn root_modules(src: &Path) -> BTreeSet<String> {
    std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
        .map(|p| module_of(p.strip_prefix(src).unwrap()))
        .collect()
}

#[test]
fn every_crate_path_follows_the_stage_graph() {
    let src = src();
    let modules = root_modules(&src);
    let mut files = vec![];
    rust_files(&src, &mut files);
    let mut wrong = vec![];
    for path in &files {
        let relative = path.strip_prefix(&src).unwrap();
        if BINARY.iter().any(|b| relative == Path::new(b)) {
            continue;
        }
        let module = module_of(relative);
        let allowed = ALLOWED
            .iter()
            .find(|(m, _)| *m == module)
            .unwrap_or_else(|| {
                panic!(
                    "{module} (src/{}) is not in ALLOWED: add it with the imports it may make",
                    relative.display()
                )
            })
            .1;
        let source = std::fs::read_to_string(path).unwrap();
        for (number, line) in code_lines(&source) {
            for target in crate_targets(line) {
                let target = if modules.contains(&target) {
                    target
                } else {
                    "lib".to_string()
                };
                let ok = target == module
                    || SERVICES.contains(&target.as_str())
                    || allowed.contains(&target.as_str());
                if !ok {
                    wrong.push(format!(
                        "src/{}:{number}: {module} may not use crate::{target} ({})",
                        relative.display(),
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports outside the stage graph:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_module_re_exports_another_modules_types() {
    let src = src();
    let mut files = vec![];
    rust_files(&src, &mut files);
    let mut wrong = vec![];
    for path in &files {
        let relative = path.strip_prefix(&src).unwrap();
        let source = std::fs::read_to_string(path).unwrap();
        for (number, line) in code_lines(&source) {
            let line = line.trim();
            let Some(target) = line
                .strip_prefix("pub use ")
                .or_else(|| line.strip_prefix("pub(crate) use "))
            else {
                continue;
            };
            // Re-exporting a stage's own step items from its `mod.rs` is its public door.
            let own = target.starts_with("self::");
            let root_allowed = relative == Path::new("lib.rs") && ROOT_REEXPORTS.contains(&line);
            if !own && !root_allowed {
                wrong.push(format!("src/{}:{number}: {line}", relative.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "re-exports across modules:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn step_modules_are_private_to_their_stage() {
    let mut wrong = vec![];
    for stage in STAGES {
        let path = src().join(stage).join("mod.rs");
        let source = std::fs::read_to_string(&path).unwrap();
        for (number, line) in code_lines(&source) {
            if line.trim_start().starts_with("pub mod ")
                || line.trim_start().starts_with("pub(crate) mod ")
            {
                wrong.push(format!("src/{stage}/mod.rs:{number}: {}", line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "step modules other stages can reach (re-export the few items callers need instead):\n{}",
        wrong.join("\n")
    );
}

/// The checks above read paths by text; make sure they see the forms the code uses.
#[test]
fn the_path_reader_sees_grouped_and_nested_paths() {
    assert_eq!(crate_targets("use crate::text::{self, Align};"), ["text"]);
    assert_eq!(
        crate_targets("use crate::{BuildError, document, layout::Page};"),
        ["BuildError", "document", "layout"]
    );
    assert_eq!(
        crate_targets("    data: Arc<crate::photo::PhotoData>, x: crate::spec::Kit"),
        ["photo", "spec"]
    );
    assert!(crate_targets("let subcrate::x = 1;").is_empty());
    let lines: Vec<_> = code_lines("/// [`crate::spec`]\nuse crate::spec;\n").collect();
    assert_eq!(lines, [(2, "use crate::spec;")]);
}
