//! Print preflight: colours over the output condition's total ink limit are reported.

use std::path::{Path, PathBuf};

use presskit::{BuildOptions, Variant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(kit: &Path, out: &Path, layout: Option<&str>) -> presskit::BuildReport {
    let options = BuildOptions {
        kit_dir: kit.to_path_buf(),
        out_dir: out.to_path_buf(),
        languages: vec!["en".into()],
        variants: vec![Variant::Print],
        layout: layout.map(str::to_string),
        resources: root(),
        source_date_epoch: None,
        dump: false,
        report: None,
    };
    presskit::build(&options, &|_| {}).expect("kit builds")
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
