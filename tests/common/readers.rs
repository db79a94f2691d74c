//! The text three PDF readers copy out of a file: poppler (pdftotext), pdfium (Chrome, Edge;
//! through pypdfium2) and pdf.js (Firefox; pdfjs-dist run with node), as `tests/readers/`
//! drives them. The README's set-up and `.ci/run` install pdfium and pdf.js; a missing one fails
//! the reader tests, so a green run always means all three were read. Where one truly cannot be
//! installed, `PRESSKIT_SKIP_MISSING_READERS=1` skips it loudly instead.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use unicode_script::{Script, UnicodeScript};

use super::pdf::pdftotext;
use super::root;

/// The readers, by the name the helpers take.
pub const READERS: [&str; 3] = ["poppler", "pdfium", "pdfjs"];

/// Whether `reader` runs here; fails when it does not, unless `PRESSKIT_SKIP_MISSING_READERS`
/// asks to skip it (loudly).
pub fn available(reader: &str) -> bool {
    let (program, args, what): (&str, &[&str], &str) = match reader {
        "poppler" => ("pdftotext", &["-v"], "pdftotext (poppler-utils)"),
        "pdfium" => (
            "python3",
            &["-c", "import pypdfium2"],
            "pypdfium2 (pdfium, from PyPI)",
        ),
        _ => (
            "node",
            &["-e", "import('pdfjs-dist/legacy/build/pdf.mjs')"],
            "pdfjs-dist (npm install in tests/readers)",
        ),
    };
    tool(program, args, what)
}

/// Whether a test tool (a reader, a validator) runs, under the same policy: fails when it does
/// not, unless `PRESSKIT_SKIP_MISSING_READERS` asks to skip it (loudly).
pub fn tool(program: &str, args: &[&str], what: &str) -> bool {
    let ok = Command::new(program)
        .args(args)
        .current_dir(root().join("tests/readers"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("PRESSKIT_SKIP_MISSING_READERS").is_some(),
            "{what} is not installed: run the README's set-up (or set \
             PRESSKIT_SKIP_MISSING_READERS=1 to skip this reader)"
        );
        eprintln!("\n!!! SKIPPED: {what} is not installed (.ci/run installs it) !!!\n");
    }
    ok
}

/// The text `reader` extracts from each of `paths`, with line and page breaks removed (CJK
/// lines join without a space). One process for all files where the reader allows it, since
/// starting node or python costs more than reading a file.
pub fn extract(reader: &str, paths: &[PathBuf]) -> Vec<String> {
    let readers = root().join("tests/readers");
    let texts: Vec<String> = match reader {
        "poppler" => paths
            .iter()
            .map(|path| pdftotext(path, &["-enc", "UTF-8"]))
            .collect(),
        _ => {
            let mut command = match reader {
                "pdfium" => {
                    let mut c = Command::new("python3");
                    c.arg(readers.join("pdfium_text.py"));
                    c
                }
                _ => {
                    let mut c = Command::new("node");
                    c.arg("pdfjs_text.mjs").current_dir(&readers);
                    c
                }
            };
            let out = command.args(paths).output().expect("reader runs");
            assert!(
                out.status.success(),
                "{reader}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let all = String::from_utf8(out.stdout).unwrap();
            let mut texts: Vec<String> = all.split('\u{1c}').map(str::to_string).collect();
            // The separator ends each file's text.
            assert_eq!(
                texts.pop().as_deref(),
                Some(""),
                "{reader}: output ends a file"
            );
            texts
        }
    };
    assert_eq!(texts.len(), paths.len(), "{reader}: one text per file");
    texts
        .into_iter()
        .map(|t| t.replace(['\r', '\n', '\u{c}'], ""))
        .collect()
}

/// Han, kana or Hangul, by the Unicode Script property (UAX #24).
pub fn is_cjk(c: char) -> bool {
    matches!(
        c.script(),
        Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul
    )
}

/// Every place in a release (Markdown) where Han, kana or Hangul meets a Latin letter or digit,
/// with up to two characters of context each side: jlreq 3.2.2 and clreq put a quarter em there,
/// which is spacing and must not copy out as a space.
pub fn cjk_latin_boundaries(release: &Path) -> BTreeSet<(String, String)> {
    let md = std::fs::read_to_string(release).unwrap();
    let western = |c: char| c.is_ascii_alphanumeric();
    let mut out = BTreeSet::new();
    for line in md.lines() {
        let line: Vec<char> = strip_markup(line).chars().collect();
        for i in 1..line.len() {
            let (a, b) = (line[i - 1], line[i]);
            if (is_cjk(a) && western(b)) || (western(a) && is_cjk(b)) {
                // Context stops at a space: a line may break there, and readers differ on
                // whether a broken line's space survives.
                let left: String = line[i.saturating_sub(2)..i]
                    .iter()
                    .rev()
                    .take_while(|c| !c.is_whitespace())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let right: String = line[i..(i + 2).min(line.len())]
                    .iter()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                out.insert((left, right));
            }
        }
    }
    out
}

/// The line without emphasis marks, `<span lang="…">` markup and link targets
/// (`[text](target)` → `text`).
fn strip_markup(line: &str) -> String {
    let text = strip_language_spans(line).replace('*', "");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        let link = rest[open..].find("](").and_then(|mid| {
            let close = rest[open + mid..].find(')')?;
            Some((open + mid, open + mid + close))
        });
        let Some((mid, close)) = link else { break };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..mid]);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The boundaries `text` copies with a space inserted, as "left right". Panics when a boundary
/// is missing from the text in any other way (garbled, not just spaced).
pub fn spaced_boundaries(
    text: &str,
    boundaries: &BTreeSet<(String, String)>,
    what: &str,
) -> Vec<String> {
    let squeezed = text.replace(' ', "");
    let mut spaced = vec![];
    for (left, right) in boundaries {
        let joined = format!("{left}{right}");
        if text.contains(&joined) {
            continue;
        }
        assert!(
            squeezed.contains(&joined.replace(' ', "")),
            "{what}: boundary {left}|{right} garbled"
        );
        spaced.push(format!("{left} {right}"));
    }
    spaced
}

/// Asserts that every reader copies each of `paths` with none of its `expected` CJK–Latin
/// boundaries spaced out (`expected[i]` belongs to `paths[i]`).
pub fn assert_boundaries_copy_out_unspaced(
    paths: &[PathBuf],
    expected: &[BTreeSet<(String, String)>],
) {
    for reader in READERS {
        if !available(reader) {
            continue;
        }
        let texts = extract(reader, paths);
        for ((path, text), boundaries) in paths.iter().zip(&texts).zip(expected) {
            let what = format!("{reader}: {}", path.display());
            let spaced = spaced_boundaries(text, boundaries, &what);
            assert!(
                spaced.is_empty(),
                "{what}: {} of {} CJK-Latin boundaries with an inserted space: {spaced:?}",
                spaced.len(),
                boundaries.len()
            );
        }
    }
}

/// The text without `<span lang="…">` and `</span>` markup.
pub fn strip_language_spans(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("<span lang=") {
        out.push_str(&rest[..start]);
        rest = &rest[start + rest[start..].find('>').unwrap() + 1..];
    }
    out.push_str(rest);
    out.replace("</span>", "")
}
