//! A seeded, bounded fuzz run over the kit loader (TOML), the Markdown reader and the layout
//! file: mutated inputs must never panic, and must either load or fail with located errors.
//!
//! Deterministic (fixed seeds, a fixed number of cases) so a failure reproduces; the case that
//! failed is printed. `FUZZ_CASES=20000 cargo test --release --test fuzz` runs longer locally.

use std::path::{Path, PathBuf};

use presskit::diag::Diagnostic;
use presskit::spec::{self, KitFiles, SpecOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases(default: usize) -> usize {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that reach the parsers' edge cases: structure, numbers at the edges, characters the
/// kit format rejects, and Markdown syntax.
const TOKENS: &[&str] = &[
    "\n",
    "\"",
    "'",
    "=",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "#",
    "##",
    ">",
    "> > > >",
    "- ",
    "1. ",
    "|",
    "| a | b |\n|---|---|\n",
    "*",
    "**",
    "_",
    "`",
    "```",
    "\\",
    "<span lang=\"en\">",
    "</span>",
    "<b>",
    "[x](javascript:y)",
    "[x](https://a.b)",
    "<a@b.c>",
    "&#x202E;",
    "&#0;",
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "1e308",
    "99999999999999999999",
    "0.0000001",
    "true",
    "\u{0}",
    "\u{FEFF}",
    "\u{FFFF}",
    "\u{202E}",
    "\u{2066}",
    "\u{1F600}",
    "\u{0301}",
    "日本語",
    "Tiếng Việt",
    "ελληνικά",
    "кириллица",
    "한국어",
    "../",
    "/etc/passwd",
    "{lang}",
    "    ",
    "\t",
    "\r\n",
    "\\u0000",
    "\\u202E",
];

/// One random edit of `text`: a token inserted, a range deleted or duplicated, a byte changed.
fn mutate(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    let mut out = text.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(5) {
            0 | 1 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let times = if rng.below(8) == 0 {
                    1 + rng.below(200)
                } else {
                    1
                };
                for _ in 0..times {
                    out.splice(at..at, token.iter().copied());
                }
            }
            2 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(64)).min(out.len());
                let piece = out[at..end].to_vec();
                out.splice(at..at, piece);
            }
            _ => {
                if at < out.len() {
                    out[at] = rng.next() as u8;
                }
            }
        }
    }
    out
}

/// Every error names a file and a line:column or a key; none is a bare message.
fn assert_located(errors: &[Diagnostic], input: &[u8]) {
    for error in errors {
        let located = error
            .origin
            .as_ref()
            .is_some_and(|o| o.line_col.is_some() || o.key.is_some());
        assert!(
            located,
            "unlocated error: {error}\ninput:\n{}",
            String::from_utf8_lossy(input)
        );
    }
}

fn minimal_kit(dir: &Path) {
    for entry in std::fs::read_dir(root().join("tests/kits/minimal")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn fuzz_kit_spec() {
    let tmp = tempfile::tempdir().unwrap();
    minimal_kit(tmp.path());
    let base = std::fs::read(tmp.path().join("presskit.toml")).unwrap();
    let options = SpecOptions {
        layouts_dir: root().join("layouts"),
        layout_override: None,
    };
    let book = presskit::text::FontBook::load(&root().join("fonts")).unwrap();
    let mut rng = Rng(0x5EED_0001);
    let mut loaded = 0;
    for _ in 0..cases(600) {
        let input = mutate(&mut rng, &base);
        std::fs::write(tmp.path().join("presskit.toml"), &input).unwrap();
        match spec::load(tmp.path(), &options) {
            Ok(kit) => {
                loaded += 1;
                // Laying out finds what only fonts can tell (uncovered characters, sizes); a
                // few dozen kits are enough to cover it without slowing the suite.
                if loaded > 30 {
                    continue;
                }
                for lang in &kit.languages {
                    let laid_out = presskit::document::build(&kit, lang)
                        .and_then(|doc| presskit::layout::layout(&doc, &book));
                    if let Err(errors) = laid_out {
                        assert_located(&errors, &input);
                    }
                }
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                assert_located(&errors, &input);
            }
        }
    }
    // The mutations are small: some kits must still load, or the run tested only the parser.
    assert!(loaded > 0, "no mutated kit loaded");
}

#[test]
fn fuzz_markdown() {
    let base = std::fs::read(root().join("kits/japan-hk-forum/content/release.en.md")).unwrap();
    let mut rng = Rng(0x5EED_0002);
    let file = Path::new("release.en.md");
    for _ in 0..cases(3000) {
        let input = mutate(&mut rng, &base);
        // Invalid UTF-8 is the kit loader's to report; the Markdown reader gets text.
        let Ok(text) = std::str::from_utf8(&input) else {
            continue;
        };
        if let Err(errors) = spec::parse_blocks(file, text) {
            assert_located(&errors, &input);
        }
    }
}

/// Mutated layout files either load with every number in range, or fail located; those that
/// load are laid out with the minimal kit, which must finish (no unbounded loop) or fail located.
#[test]
fn fuzz_layout_file() {
    let tmp = tempfile::tempdir().unwrap();
    minimal_kit(tmp.path());
    std::fs::create_dir(tmp.path().join("layouts")).unwrap();
    let base = std::fs::read(root().join("layouts/a4.toml")).unwrap();
    let base = String::from_utf8(base)
        .unwrap()
        .replacen("name = \"a4\"", "name = \"fuzz\"", 1)
        .into_bytes();
    let options = SpecOptions {
        layouts_dir: root().join("layouts"),
        layout_override: Some("fuzz".into()),
    };
    let files = KitFiles::new(tmp.path(), &root().join("layouts"));
    let book = presskit::text::FontBook::load(&root().join("fonts")).unwrap();
    let mut rng = Rng(0x5EED_0003);
    let mut laid_out = 0;
    for _ in 0..cases(400) {
        let input = mutate(&mut rng, &base);
        std::fs::write(tmp.path().join("layouts/fuzz.toml"), &input).unwrap();
        match spec::load_layout(&files, &root().join("layouts"), "fuzz") {
            Ok(layout) => assert!(layout.problems().is_empty()),
            Err(errors) => {
                // A mutated name is "no layout named" (a kit-level error the loader locates at
                // kit.layout); anything else must be located in the layout file.
                let errors: Vec<Diagnostic> = errors
                    .into_iter()
                    .filter(|e| !e.message.starts_with("layout file says name"))
                    .collect();
                assert_located(&errors, &input);
                continue;
            }
        }
        // Laying out is the expensive part: a few dozen cases show the bounds hold.
        if laid_out >= 25 {
            continue;
        }
        laid_out += 1;
        let kit = match spec::load(tmp.path(), &options) {
            Ok(kit) => kit,
            Err(errors) => {
                assert_located(&errors, &input);
                continue;
            }
        };
        for lang in &kit.languages {
            let doc = match presskit::document::build(&kit, lang) {
                Ok(doc) => doc,
                Err(errors) => {
                    assert_located(&errors, &input);
                    continue;
                }
            };
            if let Err(errors) = presskit::layout::layout(&doc, &book) {
                assert_located(&errors, &input);
            }
        }
    }
    assert!(laid_out > 0, "no mutated layout loaded");
}
