//! Helpers shared by the integration tests: the source tree, the bundled fonts and layout, and
//! copying a kit into a temporary folder.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use presskit::spec::Layout;
use presskit::text::{FontBook, FontChoice, LangProfile};
use presskit::{BuildOptions, Variant};

/// The source tree: fonts, layouts and the sample kits.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Options that build the kit at `kit` (relative to the source tree) into `out`: every
/// language, print and screen, with the layout dump and the report (`out/report.json`).
pub fn kit_options(kit: &str, out: &Path) -> BuildOptions {
    BuildOptions {
        kit_dir: root().join(kit),
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
