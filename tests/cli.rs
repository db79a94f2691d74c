//! Runs the `presskit` binary on fixture kits in a temporary output folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn presskit(args: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_presskit"))
        .current_dir(root())
        .args(args)
        .arg("--out")
        .arg(out)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("presskit runs")
}

fn files_in(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect(),
        Err(_) => vec![],
    }
}

/// Every broken-kit case (`tests/kits/broken/<case>.diff` applied to `tests/kits/minimal`)
/// fails with exit code 1, the errors in its `<case>.expected`, and no file written.
#[test]
fn broken_kits_fail_with_located_errors_and_write_nothing() {
    let mut cases = 0;
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/kits/broken"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter_map(|f| f.strip_suffix(".diff").map(String::from))
        .collect();
    names.sort();
    for name in names {
        cases += 1;
        let (_tmp, kit) = common::broken_kit(&name);
        let kit = kit.to_str().unwrap();
        let out = tempfile::tempdir().unwrap();
        let result = presskit(&["build", kit], out.path());
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(
            result.status.code(),
            Some(1),
            "{name}: exit code; stderr:\n{stderr}"
        );
        let expected =
            std::fs::read_to_string(root().join(format!("tests/kits/broken/{name}.expected")))
                .unwrap()
                .replace("{kit}", kit)
                .replace("{root}", root().to_str().unwrap());
        for expected in expected.lines() {
            assert!(
                stderr.contains(&format!("error: {expected}")),
                "{name}: expected\n  error: {expected}\ngot:\n{stderr}"
            );
        }
        assert!(
            files_in(out.path()).is_empty(),
            "{name}: files written: {:?}",
            files_in(out.path())
        );
    }
    assert!(cases >= 14, "only {cases} broken kits found");
}

#[test]
fn minimal_kit_builds_and_its_long_table_continues_with_the_header_repeated() {
    let out = tempfile::tempdir().unwrap();
    let result = presskit(&["build", "tests/kits/minimal", "--dump"], out.path());
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    for lang in ["en", "ja"] {
        let line = stdout
            .lines()
            .find(|l| l.contains(&format!("minimal-{lang}-screen.pdf")))
            .expect("one line per PDF");
        assert!(line.contains("pages") && line.contains("KB"), "{line}");
        let dump =
            std::fs::read_to_string(out.path().join(format!("minimal-{lang}.layout.txt"))).unwrap();
        let pages: Vec<&str> = dump.split("\npage ").skip(1).collect();
        let (header, continued) = match lang {
            "en" => ("\"Programme\"", "\"Programmes (continued)\""),
            _ => ("\"プログラム\"", "\"プログラム（続き）\""),
        };
        let with_header: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].contains(header))
            .collect();
        assert!(
            with_header.len() >= 2,
            "{lang}: header row on pages {with_header:?} only"
        );
        for &i in &with_header[1..] {
            assert!(
                pages[i].contains(continued),
                "{lang}: page {} has no continued caption",
                i + 1
            );
        }
        // Rows are never split: every row's two cells sit on the same page.
        for row in 1..=36 {
            let cell = if lang == "en" {
                format!("\"Programme {row}\"")
            } else {
                format!("\"プログラム{row}\"")
            };
            assert_eq!(
                pages.iter().filter(|p| p.contains(&cell)).count(),
                1,
                "{lang}: row {row}"
            );
        }
    }
}

#[test]
fn language_filter_builds_only_that_language() {
    let out = tempfile::tempdir().unwrap();
    let result = presskit(&["build", "tests/kits/minimal", "--lang", "ja"], out.path());
    assert!(result.status.success());
    let mut files = files_in(out.path());
    files.sort();
    assert_eq!(files, ["minimal-ja-print.pdf", "minimal-ja-screen.pdf"]);
    let result = presskit(&["build", "tests/kits/minimal", "--lang", "fr"], out.path());
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("the kit has no language `fr`"));
}

#[test]
fn unknown_layout_is_an_error() {
    let out = tempfile::tempdir().unwrap();
    let result = presskit(
        &["build", "tests/kits/minimal", "--layout", "tabloid"],
        out.path(),
    );
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("no layout named `tabloid`"));
    let result = presskit(
        &["build", "tests/kits/minimal", "--layout", "letter"],
        out.path(),
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn default_builds_both_variants_and_says_which_standard_each_claims() {
    let out = tempfile::tempdir().unwrap();
    let result = presskit(&["build", "tests/kits/minimal"], out.path());
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stdout = String::from_utf8_lossy(&result.stdout);
    for (file, claim) in [
        ("minimal-en-print.pdf", "print, PDF/X-4"),
        ("minimal-ja-screen.pdf", "screen, "),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no line for {file}:\n{stdout}"));
        assert!(line.contains(claim), "{line}");
    }
    let mut files = files_in(out.path());
    files.sort();
    assert_eq!(
        files,
        [
            "minimal-en-print.pdf",
            "minimal-en-screen.pdf",
            "minimal-ja-print.pdf",
            "minimal-ja-screen.pdf"
        ]
    );
}

#[test]
fn low_resolution_photo_warns_for_print_with_its_dpi() {
    let out = tempfile::tempdir().unwrap();
    let result = presskit(
        &["build", "tests/kits/lowres", "--variant", "print"],
        out.path(),
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    // 120 px across 28 mm is 109 dpi.
    let expected = "warning: tests/kits/lowres/small.jpg: photo is 109 dpi at its placed size; print needs 300 dpi";
    assert!(stderr.contains(expected), "{stderr}");
    let result = presskit(
        &["build", "tests/kits/lowres", "--variant", "screen"],
        out.path(),
    );
    assert!(!String::from_utf8_lossy(&result.stderr).contains("dpi"));
}

#[test]
fn help_shows_an_example() {
    for args in [&["--help"][..], &["build", "--help"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_presskit"))
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success());
        assert!(
            text.contains("presskit build kits/japan-hk-forum"),
            "{text}"
        );
    }
}

/// A table row taller than a page is the one row that is split: between lines, each part on its
/// own page under the repeated header, and no line below the text area.
#[test]
fn a_row_taller_than_a_page_is_split_between_lines() {
    let kit = tempfile::tempdir().unwrap();
    for file in files_in(&root().join("tests/kits/minimal")) {
        std::fs::copy(
            root().join("tests/kits/minimal").join(&file),
            kit.path().join(&file),
        )
        .unwrap();
    }
    let clauses = |word: &str, stop: &str| -> String {
        (1..=400)
            .map(|k| format!("{word} {k}{stop}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let spec = kit.path().join("presskit.toml");
    let mut toml = std::fs::read_to_string(&spec).unwrap();
    toml += &format!(
        "\n[[facts.rows]]\ncells = [\n  {{ en = \"{}\", ja = \"{}\" }},\n  {{ en = \"HK$99 million\", ja = \"9900万香港ドル\" }},\n]\n",
        clauses("Clause", "."),
        clauses("条項", "。")
    );
    std::fs::write(&spec, toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    let kit_arg = kit.path().to_string_lossy().to_string();
    let result = presskit(&["build", &kit_arg, "--dump", "--lang", "en"], out.path());
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let dump = std::fs::read_to_string(out.path().join("minimal-en.layout.txt")).unwrap();
    let pages: Vec<&str> = dump.split("\npage ").skip(1).collect();
    let with_clauses: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].contains("Clause"))
        .collect();
    assert!(with_clauses.len() >= 2, "clauses on pages {with_clauses:?}");
    for &i in &with_clauses[1..] {
        assert!(
            pages[i].contains("\"Programmes (continued)\""),
            "page {}",
            i + 1
        );
    }
    // A4 with a 24 mm bottom margin: baselines stay above 773.9 pt.
    for line in dump
        .lines()
        .filter(|l| l.trim_start().starts_with("text body"))
    {
        let y: f64 = line
            .split_whitespace()
            .find_map(|f| f.strip_prefix("y="))
            .unwrap()
            .parse()
            .unwrap();
        assert!(y < 773.9, "below the text area: {line}");
    }
    // Every clause is set exactly once.
    let text: String = dump.lines().collect::<Vec<_>>().join(" ");
    for k in [1, 200, 400] {
        assert_eq!(
            text.matches(&format!("Clause {k}.")).count(),
            1,
            "clause {k}"
        );
    }
}

/// Lines the layout could not set cleanly are warnings on the terminal, each naming the file
/// and line (or key) of its text; the PDFs are still written.
#[test]
fn loose_lines_broken_words_and_split_amounts_are_warnings_with_their_place() {
    let out = tempfile::tempdir().unwrap();
    let result = presskit(&["build", "tests/kits/warnings"], out.path());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    for expected in [
        // A long CamelCase name is never hyphenated (a capitalised one is, where a line would
        // otherwise pass the tolerance), so the words before it are widely spaced.
        "warning: tests/kits/warnings/release.en.md:1:1: line set looser than the layout allows: “Opening remarks came from the",
        // 8 % of the measure holds neither the amount with its unit nor the long word.
        "warning: tests/kits/warnings/presskit.toml:28:3 (key `facts.rows[0].cells[0].en`): number split from its unit at a line end: “1,234” / “MWh”",
        "warning: tests/kits/warnings/presskit.toml:29:3 (key `facts.rows[0].cells[1].en`): a word in a table cell is too wide for its column and was broken: “Pneu / mono",
        "warning: tests/kits/warnings/presskit.toml:18:1 (key `facts.columns[0].label.en`): a word in a table cell is too wide",
    ] {
        assert!(
            stderr.contains(expected),
            "expected\n  {expected}\ngot:\n{stderr}"
        );
    }
    // One warning per broken word, not one per line it was broken over.
    assert_eq!(stderr.matches("Pneu").count(), 1, "{stderr}");
    let mut files = files_in(out.path());
    files.sort();
    assert_eq!(files, ["warnings-en-print.pdf", "warnings-en-screen.pdf"]);
    // The sample kits set cleanly except where a warning says otherwise: the minimal kit's only
    // warning is the note that its 653 ppi portrait is downsampled for print.
    let result = presskit(&["build", "tests/kits/minimal"], out.path());
    let stderr = String::from_utf8_lossy(&result.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("downsampled to 450 ppi for print"),
        "{stderr}"
    );
}
