//! The laid-out pages of both sample kits, compared line by line with the dumps committed in
//! `tests/reference/`. A change that moves any line, photo or rule fails here and shows up in
//! review as a diff of those files; after checking the new pages, regenerate them with
//! `UPDATE=1 cargo test --test reference_dumps`.

use std::path::Path;

use presskit::{BuildOptions, Variant};

mod common;
use common::{kit_options, root};

/// Builds the kit's screen PDFs with `--dump` into `out`.
fn dump(kit: &str, out: &Path) {
    let options = BuildOptions {
        variants: vec![Variant::Screen],
        report: None,
        ..kit_options(&format!("kits/{kit}"), out)
    };
    presskit::build(&options, &|_| {}).expect("the sample kit builds");
}

fn compare(kit: &str, langs: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    dump(kit, out.path());
    let update = std::env::var_os("UPDATE").is_some();
    let mut differences = vec![];
    for lang in langs {
        let name = format!("{kit}-{lang}.layout.txt");
        let fresh = std::fs::read_to_string(out.path().join(&name)).unwrap();
        let reference = root().join("tests/reference").join(&name);
        if update {
            std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
            std::fs::write(&reference, &fresh).unwrap();
            continue;
        }
        let stored = std::fs::read_to_string(&reference)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE=1 writes it)", reference.display()));
        if stored != fresh {
            let first = stored
                .lines()
                .zip(fresh.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(stored.lines().count().min(fresh.lines().count()));
            differences.push(format!(
                "{name}: first difference at line {}\n  stored: {}\n  now:    {}",
                first + 1,
                stored.lines().nth(first).unwrap_or("(end)"),
                fresh.lines().nth(first).unwrap_or("(end)"),
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "the layout moved; check the pages, then UPDATE=1 cargo test --test reference_dumps\n{}",
        differences.join("\n")
    );
}

#[test]
fn first_sample_kit_lays_out_as_stored() {
    compare("japan-hk-forum", &["en", "id", "ja", "zh-Hant-HK"]);
}

#[test]
fn second_sample_kit_lays_out_as_stored() {
    compare("kr-vn-energy-summit", &["en", "ko", "zh-Hans", "vi"]);
}
