//! Every bundled layout sets a whole page: both sample kits build with A5, A4 and Letter, each
//! print page has the trim size of its paper standard and a 3 mm bleed, and no line overflows
//! its measure or leaves the trim.

use std::path::Path;
use std::process::Command;

use presskit::{BuildOptions, Variant};

mod common;
use common::kit_options;

/// One point in millimetres.
const PT_MM: f64 = 25.4 / 72.0;

/// Trim sizes in millimetres from the paper standards, not from the layout files: ISO 216 A5 and
/// A4, and ANSI/ASME Y14.1 Letter (8.5 × 11 in).
const PAPERS: [(&str, f64, f64); 3] = [
    ("a5", 148.0, 210.0),
    ("a4", 210.0, 297.0),
    ("letter", 215.9, 279.4),
];

/// The bleed print shops ask for, which every bundled layout keeps.
const BLEED_MM: f64 = 3.0;

fn print_options(kit: &str, layout: &str, out: &Path) -> BuildOptions {
    BuildOptions {
        variants: vec![Variant::Print],
        layout: Some(layout.to_string()),
        dump: false,
        ..kit_options(kit, out)
    }
}

/// `(MediaBox, TrimBox, BleedBox)` of every page, in points, as poppler reads them.
fn boxes(pdf: &Path) -> Vec<[[f64; 4]; 3]> {
    let pages: usize = info(pdf, &[])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo gives the page count")
        .trim()
        .parse()
        .unwrap();
    let text = info(pdf, &["-box", "-f", "1", "-l", &pages.to_string()]);
    let find = |page: usize, name: &str| -> [f64; 4] {
        let prefix = format!("Page {page:>4} {name}:");
        let line = text
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no {name} on page {page} of {}", pdf.display()));
        let numbers: Vec<f64> = line[prefix.len()..]
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        numbers.try_into().unwrap()
    };
    (1..=pages)
        .map(|page| {
            [
                find(page, "MediaBox"),
                find(page, "TrimBox"),
                find(page, "BleedBox"),
            ]
        })
        .collect()
}

fn info(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdfinfo")
        .args(args)
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn close(a: f64, b: f64) -> bool {
    // pdfinfo prints two decimals.
    (a - b).abs() < 0.02
}

#[test]
fn both_kits_build_with_a5_a4_and_letter_inside_the_trim() {
    for kit in ["kits/japan-hk-forum", "kits/kr-vn-energy-summit"] {
        for (layout, width_mm, height_mm) in PAPERS {
            let dir = tempfile::tempdir().unwrap();
            let options = print_options(kit, layout, dir.path());
            let report = presskit::build(&options, &|_| {})
                .unwrap_or_else(|_| panic!("{kit} builds with the {layout} layout"));
            let (width, height) = (width_mm / PT_MM, height_mm / PT_MM);
            let bleed = BLEED_MM / PT_MM;
            for output in &report.outputs {
                let pages = boxes(&output.path);
                assert_eq!(pages.len(), output.pages, "{}", output.path.display());
                for (i, [media, trim, bleed_box]) in pages.iter().enumerate() {
                    let at = format!("{} page {} ({layout})", output.path.display(), i + 1);
                    assert!(
                        close(trim[2] - trim[0], width) && close(trim[3] - trim[1], height),
                        "{at}: TrimBox {trim:?} is not {width_mm} × {height_mm} mm"
                    );
                    for side in 0..4 {
                        let outward = if side < 2 { -bleed } else { bleed };
                        assert!(
                            close(bleed_box[side], trim[side] + outward),
                            "{at}: BleedBox {bleed_box:?} is not the TrimBox {trim:?} + 3 mm"
                        );
                    }
                    assert!(
                        media[0] <= bleed_box[0]
                            && media[1] <= bleed_box[1]
                            && media[2] >= bleed_box[2]
                            && media[3] >= bleed_box[3],
                        "{at}: MediaBox {media:?} does not hold the BleedBox {bleed_box:?}"
                    );
                }
            }
            // Every set line, as the report gives it (baseline origin from the trim's top-left
            // corner, in points): inside the trim, and none overfull.
            let json: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(dir.path().join("report.json")).unwrap(),
            )
            .unwrap();
            assert_eq!(json["summary"]["overfull"], 0, "{kit} with {layout}");
            let mut lines = 0;
            for lang in json["languages"].as_array().unwrap() {
                for page in lang["pages"].as_array().unwrap() {
                    for line in page["lines"].as_array().unwrap() {
                        let x = line["x"].as_f64().unwrap();
                        let y = line["y"].as_f64().unwrap();
                        let w = line["width"].as_f64().unwrap();
                        assert!(
                            x >= 0.0 && x + w <= width + 0.01 && y > 0.0 && y <= height,
                            "{kit} {} page {} ({layout}): “{}” at ({x}, {y}) width {w} leaves the \
                             {width:.1} × {height:.1} pt trim",
                            lang["lang"],
                            page["page"],
                            line["text"]
                        );
                        lines += 1;
                    }
                }
            }
            assert!(lines > 100, "{kit} with {layout} set only {lines} lines");
        }
    }
}

/// A layout that leaves out `[geometry]` gets the A4 values: the defaults and the a4 file agree,
/// so removing the table from a4.toml would not move a thing.
#[test]
fn the_a4_file_sets_every_geometry_key_to_its_default() {
    let source = std::fs::read_to_string(common::root().join("layouts/a4.toml")).unwrap();
    let with: presskit::spec::Layout = toml::from_str(&source).unwrap();
    let start = source
        .find("[geometry]")
        .expect("a4.toml has a [geometry] table");
    let without: presskit::spec::Layout = toml::from_str(&source[..start]).unwrap();
    assert_eq!(
        format!("{:?}", with.geometry),
        format!("{:?}", without.geometry)
    );
    // And the table names every key, so the file documents the whole page.
    let keys = source[start..]
        .lines()
        .filter(|l| l.contains('=') && !l.trim_start().starts_with('#'))
        .count();
    let debug = format!("{:?}", with.geometry);
    assert_eq!(keys, debug.matches(':').count(), "{debug}");
}

/// The a4 file's `[paragraphs]` table, like its `[geometry]`, sets every key it names to the
/// default, so the file documents what a layout without the table gets (the letter-spacing
/// bound of justified Latin text among them).
#[test]
fn the_a4_file_sets_its_paragraph_rules_to_their_defaults() {
    let source = std::fs::read_to_string(common::root().join("layouts/a4.toml")).unwrap();
    let with: presskit::spec::Layout = toml::from_str(&source).unwrap();
    let start = source
        .find("[paragraphs]")
        .expect("a4.toml has a [paragraphs] table");
    let end = start + source[start..].find("\n[").expect("a table follows");
    let without = format!("{}{}", &source[..start], &source[end..]);
    let without: presskit::spec::Layout = toml::from_str(&without).unwrap();
    assert_eq!(
        format!("{:?}", with.paragraphs),
        format!("{:?}", without.paragraphs)
    );
    assert!(
        source[start..end].contains("justify_tracking_percent = 2"),
        "a4.toml names the letter-spacing bound"
    );
}
