//! Helpers shared by the integration tests: the source tree, the bundled fonts and layout, and
//! copying a kit into a temporary folder.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use presskit::spec::Layout;
use presskit::text::{FontBook, FontChoice, LangProfile};
use presskit::{BuildOptions, Variant};

pub mod pdf;
pub mod readers;

/// The source tree: fonts, layouts and the sample kits.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Options that build the kit at `kit` (relative to the source tree) into `out`: every
/// language, print and screen, with the layout dump and the report (`out/report.json`).
pub fn kit_options(kit: &str, out: &Path) -> BuildOptions {
    kit_dir_options(&root().join(kit), out)
}

/// [`kit_options`] for a kit folder anywhere, e.g. a copy in a temporary folder. Tests that
/// want less override fields: `BuildOptions { dump: false, ..kit_dir_options(kit, out) }`.
pub fn kit_dir_options(kit: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        kit_dir: kit.to_path_buf(),
        out_dir: out.to_path_buf(),
        languages: vec![],
        variants: vec![Variant::Print, Variant::Screen],
        layout: None,
        resources: root(),
        source_date_epoch: None,
        dump: true,
        report: Some(out.join("report.json")),
    }
}

/// The bundled fonts, loaded once per test binary.
pub fn book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(|| FontBook::load(&root().join("fonts")).expect("bundled fonts load"))
}

/// The a4 layout's families for `lang`, as the layout stage orders them.
pub fn fonts(lang: &str) -> FontChoice {
    static LAYOUT: OnceLock<Layout> = OnceLock::new();
    let layout = LAYOUT.get_or_init(|| {
        let source = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
        toml::from_str(&source).expect("a4 layout parses")
    });
    let cjk = layout
        .fonts
        .cjk
        .iter()
        .map(|f| (f.lang.as_str(), f.family.as_str()));
    FontChoice::resolve(&LangProfile::resolve(lang), &layout.fonts.latin, cjk)
}

/// Copies a folder tree, e.g. a kit into a temporary folder a test may change.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Builds the broken-kit case `name` in a temporary folder: a copy of `tests/kits/minimal` with
/// `tests/kits/broken/<name>.diff` applied, a unified diff without context lines in which
/// `{root}` stands for the source tree. Returns the folder and the kit in it
/// (`<tmp>/broken-<name>`); the case's expected errors are in `tests/kits/broken/<name>.expected`
/// with `{kit}` for the kit folder.
pub fn broken_kit(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path().join(format!("broken-{name}"));
    copy_dir(&root().join("tests/kits/minimal"), &kit);
    let diff = std::fs::read_to_string(root().join(format!("tests/kits/broken/{name}.diff")))
        .unwrap_or_else(|err| panic!("no case `{name}` ({err})"))
        .replace("{root}", root().to_str().unwrap());
    apply_diff(&kit, &diff);
    (tmp, kit)
}

/// Applies a unified diff with no context lines (`diff -U0`) to the files under `dir`. A file
/// whose `+++` is `/dev/null` is removed; every removed line must match, so a diff that no
/// longer fits the base kit fails loudly.
fn apply_diff(dir: &Path, diff: &str) {
    let mut lines = diff.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(old) = line.strip_prefix("--- ") else {
            panic!("expected a `---` line, found {line:?}");
        };
        let new = lines
            .next()
            .and_then(|l| l.strip_prefix("+++ "))
            .expect("`+++` line");
        if new == "/dev/null" {
            std::fs::remove_file(dir.join(old.strip_prefix("a/").unwrap())).unwrap();
            continue;
        }
        let path = dir.join(new.strip_prefix("b/").unwrap());
        let mut text: Vec<String> = if old == "/dev/null" {
            vec![]
        } else {
            std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .map(String::from)
                .collect()
        };
        // Hunks come in file order; `shift` is how far earlier hunks moved later lines.
        let mut shift: isize = 0;
        while let Some(header) = lines.next_if(|l| l.starts_with("@@ ")) {
            // `@@ -start[,len] +start[,len] @@`: the counts say how many lines follow.
            let range = |field: &str| -> (isize, isize) {
                match field[1..].split_once(',') {
                    Some((s, l)) => (s.parse().unwrap(), l.parse().unwrap()),
                    None => (field[1..].parse().unwrap(), 1),
                }
            };
            let mut fields = header.split(' ').skip(1);
            let (start, len) = range(fields.next().unwrap());
            let (_, new_len) = range(fields.next().unwrap());
            let mut take = |count: isize| -> Vec<String> {
                (0..count)
                    .map(|_| lines.next().expect("hunk line")[1..].to_string())
                    .collect()
            };
            let removed = take(len);
            let added = take(new_len);
            // An insertion (`-n,0`) goes after line n; a change starts at line n.
            let at = (if len == 0 { start } else { start - 1 } + shift) as usize;
            assert_eq!(
                text[at..at + len as usize],
                removed[..],
                "{}: {header}",
                path.display()
            );
            shift += added.len() as isize - len;
            text.splice(at..at + len as usize, added);
        }
        let mut out = text.join("\n");
        out.push('\n');
        std::fs::write(&path, out).unwrap();
    }
}

/// Every structure type (/S) in the PDF's tag tree, in document order.
pub fn structure_types(doc: &lopdf::Document) -> Vec<String> {
    structure_elements(doc)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// Every structure element in the PDF's tag tree, in document order: its type (/S) and its
/// dictionary (for /Alt, /Lang, …).
pub fn structure_elements(doc: &lopdf::Document) -> Vec<(String, &lopdf::Dictionary)> {
    fn walk<'a>(
        doc: &'a lopdf::Document,
        node: &'a lopdf::Object,
        out: &mut Vec<(String, &'a lopdf::Dictionary)>,
    ) {
        match doc.dereference(node).map(|(_, o)| o) {
            Ok(lopdf::Object::Array(kids)) => kids.iter().for_each(|k| walk(doc, k, out)),
            Ok(lopdf::Object::Dictionary(dict)) => {
                if let Ok(s) = dict.get(b"S").and_then(lopdf::Object::as_name) {
                    out.push((String::from_utf8_lossy(s).to_string(), dict));
                }
                if let Ok(k) = dict.get(b"K") {
                    walk(doc, k, out);
                }
            }
            _ => {}
        }
    }
    let root = doc
        .dereference(doc.catalog().unwrap().get(b"StructTreeRoot").unwrap())
        .unwrap()
        .1
        .as_dict()
        .unwrap();
    let mut out = vec![];
    walk(doc, root.get(b"K").unwrap(), &mut out);
    out
}
