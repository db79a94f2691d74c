//! Print preflight: colours over the output condition's total ink limit are reported.

use std::path::{Path, PathBuf};

use presskit::{BuildOptions, Variant};

mod common;
use common::{kit_dir_options, root};

/// Print only, English only, no dump or report: what an ink check needs.
fn print_options(kit: &Path, out: &Path, layout: Option<&str>) -> BuildOptions {
    BuildOptions {
        languages: vec!["en".into()],
        variants: vec![Variant::Print],
        layout: layout.map(str::to_string),
        dump: false,
        report: None,
        ..kit_dir_options(kit, out)
    }
}

fn build(kit: &Path, out: &Path, layout: Option<&str>) -> presskit::BuildReport {
    presskit::build(&print_options(kit, out, layout), &|_| {}).expect("kit builds")
}

fn ink_warnings(report: &presskit::BuildReport) -> Vec<String> {
    report
        .warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| w.contains("total ink"))
        .collect()
}

#[test]
fn a_colour_over_300_percent_ink_is_reported_with_its_layout_key() {
    let dir = tempfile::tempdir().unwrap();
    let kit = root().join("tests/kits/minimal");
    // The kit's own layouts folder is searched first; a layout with a 400 % band.
    let kit_copy = dir.path().join("kit");
    std::fs::create_dir_all(kit_copy.join("layouts")).unwrap();
    for entry in std::fs::read_dir(&kit).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), kit_copy.join(entry.file_name())).unwrap();
    }
    let a4 = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    let heavy: String = a4
        .lines()
        .map(|l| match l {
            l if l.starts_with("name = ") => "name = \"heavy\"".to_string(),
            l if l.starts_with("band = ") => "band = [100, 100, 100, 100]".to_string(),
            // 80 + 70 + 70 + 100 = 320 %, a rich black that is too rich for FOGRA39.
            l if l.starts_with("accent = ") => "accent = [80, 70, 70, 100]".to_string(),
            l => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(kit_copy.join("layouts/heavy.toml"), heavy).unwrap();
    let report = build(&kit_copy, &dir.path().join("out"), Some("heavy"));
    let warnings = ink_warnings(&report);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("heavy.toml") && w.contains("colours.band") && w.contains("400 %"))
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("colours.accent") && w.contains("320 %"))
    );
}

#[test]
fn the_shipped_layouts_stay_within_the_ink_limit() {
    let dir = tempfile::tempdir().unwrap();
    for layout in ["a4", "letter"] {
        let report = build(&root().join("tests/kits/minimal"), dir.path(), Some(layout));
        assert!(
            ink_warnings(&report).is_empty(),
            "{layout}: {:?}",
            report.warnings
        );
    }
}

/// The minimal kit with `layouts/<name>.toml`: the a4 layout with `edit` applied to each line
/// and `extra` added at the top level.
fn kit_with_layout(
    dir: &Path,
    name: &str,
    edit: impl Fn(&str) -> Option<String>,
    extra: &str,
) -> PathBuf {
    let kit = root().join("tests/kits/minimal");
    let kit_copy = dir.join("kit");
    std::fs::create_dir_all(kit_copy.join("layouts")).unwrap();
    for entry in std::fs::read_dir(&kit).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), kit_copy.join(entry.file_name())).unwrap();
    }
    let a4 = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    let mut layout = format!("{extra}\n");
    for line in a4.lines() {
        let line = if line.starts_with("name = ") {
            format!("name = \"{name}\"")
        } else {
            edit(line).unwrap_or_else(|| line.to_string())
        };
        layout.push_str(&line);
        layout.push('\n');
    }
    std::fs::write(kit_copy.join(format!("layouts/{name}.toml")), layout).unwrap();
    kit_copy
}

#[test]
fn a_layout_sets_its_own_total_ink_limit() {
    // Uncoated stock takes less ink than FOGRA39's 300 %: a layout for it says 200. The a4
    // band, 100/70/0/35, is 205 % and now over; the accent, 100/55/0/15 = 170 %, is not.
    let dir = tempfile::tempdir().unwrap();
    let kit = kit_with_layout(
        dir.path(),
        "uncoated",
        |_| None,
        "total_ink_limit_percent = 200",
    );
    let report = build(&kit, &dir.path().join("out"), Some("uncoated"));
    let warnings = ink_warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("colours.band")
            && warnings[0].contains("205 %")
            && warnings[0].contains("total_ink_limit_percent allows 200 %"),
        "{warnings:?}"
    );
    // A press that takes 400 % accepts the 320 % rich black FOGRA39 refuses.
    let dir = tempfile::tempdir().unwrap();
    let rich = |l: &str| {
        l.starts_with("accent = ")
            .then(|| "accent = [80, 70, 70, 100]".to_string())
    };
    let kit = kit_with_layout(dir.path(), "rich", rich, "total_ink_limit_percent = 400");
    let report = build(&kit, &dir.path().join("out"), Some("rich"));
    assert!(ink_warnings(&report).is_empty(), "{:?}", report.warnings);
}

#[test]
fn a_total_ink_limit_outside_100_to_400_percent_is_a_kit_error() {
    let dir = tempfile::tempdir().unwrap();
    let kit = kit_with_layout(dir.path(), "thin", |_| None, "total_ink_limit_percent = 50");
    let options = print_options(&kit, &dir.path().join("out"), Some("thin"));
    let Err(presskit::BuildError::Kit(errors)) = presskit::build(&options, &|_| {}) else {
        panic!("a 50 % ink limit builds");
    };
    let message: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        message
            .iter()
            .any(|m| m.contains("thin.toml") && m.contains("total_ink_limit_percent")),
        "{message:?}"
    );
    assert!(
        !dir.path().join("out").exists()
            || std::fs::read_dir(dir.path().join("out"))
                .unwrap()
                .next()
                .is_none()
    );
}
