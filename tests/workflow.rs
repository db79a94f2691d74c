//! End-to-end tests of the commands around a build, through the real binary: `check` with its
//! translation consistency report, packs, handouts and booklets, proofs, `watch`, `new`, and
//! several kits in one call.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> PathBuf {
    root().join("kits/japan-hk-forum")
}

fn presskit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_presskit"))
        .current_dir(root())
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("presskit runs")
}

fn copy_dir(from: &Path, to: &Path) {
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

/// A copy of the sample kit in a temporary folder.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let kit = tmp.path().join("kit");
    copy_dir(&sample(), &kit);
    (tmp, kit)
}

/// Replaces the first occurrence of `from` in a file.
fn plant(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} lacks {from}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// The 1-based line of the first line containing `needle`.
fn line_of(file: &Path, needle: &str) -> usize {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{} lacks {needle}", file.display()))
        + 1
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).to_string()
}

#[test]
fn check_finds_no_mismatch_in_the_four_real_translations() {
    let result = presskit(&["check", "kits/japan-hk-forum"]);
    let (stdout, stderr) = (text(&result.stdout), text(&result.stderr));
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("0 mismatch(es)"), "{stdout}\n{stderr}");
    assert!(!stderr.contains("translations of"), "{stderr}");
    // It did compare: the amounts of the fact table, the bios and the release are facts.
    let facts: usize = stdout
        .split("translations: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(facts >= 60, "{stdout}");
    assert!(!dir_has_pdf(&root().join("dist-check-should-not-exist")));
}

fn dir_has_pdf(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().any(|e| e.path().extension().is_some_and(|x| x == "pdf")))
        .unwrap_or(false)
}

#[test]
fn check_reports_a_planted_amount_in_a_release_with_both_places() {
    let (_tmp, kit) = sample_copy();
    let ja = kit.join("content/release.ja.md");
    let en = kit.join("content/release.en.md");
    // HK$180 million becomes HK$190 million in Japanese only.
    plant(&ja, "1億8000万香港ドル", "1億9000万香港ドル");
    let result = presskit(&["check", kit.to_str().unwrap()]);
    let stderr = text(&result.stderr);
    assert_eq!(result.status.code(), Some(0), "warnings alone pass: {stderr}");
    let ja_place = format!("release.ja.md:{}", line_of(&ja, "1億9000万"));
    let en_place = format!("release.en.md:{}", line_of(&en, "$180 million"));
    let line = stderr
        .lines()
        .find(|l| l.contains("1億9000万香港ドル"))
        .unwrap_or_else(|| panic!("mismatch not reported:\n{stderr}"));
    assert!(line.contains(&ja_place) && line.contains(&en_place), "{line}");
    assert!(line.contains("$180 million"), "{line}");
    // The same kit fails a strict check.
    let strict = presskit(&["check", kit.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(text(&strict.stderr).contains("error: "), "{}", text(&strict.stderr));
}

#[test]
fn check_reports_a_planted_fact_table_amount_and_an_adapted_release() {
    let (_tmp, kit) = sample_copy();
    let spec = kit.join("presskit.toml");
    // The Hong Kong Chinese fact table says HK$1 billion instead of HK$10 billion.
    plant(&spec, "zh-Hant-HK = \"100億港元\" }", "zh-Hant-HK = \"10億港元\" }");
    // The Indonesian release (an adaptation with its own paragraphs) says HK$190 juta.
    let id = kit.join("content/release.id.md");
    plant(&id, "HK$180 juta", "HK$190 juta");
    let result = presskit(&["check", kit.to_str().unwrap()]);
    let stderr = text(&result.stderr);
    let zh_line = line_of(&spec, "zh-Hant-HK = \"10億港元\" }");
    let table = stderr
        .lines()
        .find(|l| l.contains("`10億港元`"))
        .unwrap_or_else(|| panic!("table mismatch not reported:\n{stderr}"));
    assert!(table.contains(&format!("presskit.toml:{zh_line}")), "{table}");
    // The English cell of the same row is on the same line of the spec (an inline table).
    assert!(table.contains("HK$10 billion"), "{table}");
    let adapted = stderr
        .lines()
        .find(|l| l.contains("HK$190 juta"))
        .unwrap_or_else(|| panic!("adapted release mismatch not reported:\n{stderr}"));
    assert!(
        adapted.contains(&format!("release.id.md:{}", line_of(&id, "HK$190 juta"))),
        "{adapted}"
    );
    assert!(adapted.contains("release.en.md:"), "{adapted}");
    assert!(stderr.contains("mismatch") || text(&result.stdout).contains("2 mismatch(es)"));
}

#[test]
fn check_reports_kit_errors_with_exit_1() {
    let result = presskit(&["check", "tests/kits/broken-missing-translation"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(text(&result.stderr).contains("error: "));
}
