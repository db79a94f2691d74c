//! Photos through the CLI: every accepted format embedded as PDF/X-4 and PDF/A-2 allow, EXIF
//! orientation honoured, and every broken photo refused with a located message, exit code 1
//! and no PDF. Expectations come from the files (their pixel sizes, colour models, EXIF tag) and
//! from the resolution rules (150 ppi screen, 450 ppi above 600 ppi print), not from the code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::pdf::{ImageRow, images};
use common::{copy_dir, root};

/// A copy of `tests/kits/minimal` whose speaker photo is `photo` (copied in as `name`).
fn kit_with_photo(bytes: &[u8], name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/kits/minimal"), dir.path());
    std::fs::remove_file(dir.path().join("portrait.jpg")).unwrap();
    if !bytes.is_empty() || name.ends_with(".empty") {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let toml = std::fs::read_to_string(dir.path().join("presskit.toml")).unwrap();
    let toml = toml.replace("photo = \"portrait.jpg\"", &format!("photo = \"{name}\""));
    std::fs::write(dir.path().join("presskit.toml"), toml).unwrap();
    dir
}

fn build(kit: &Path, out: &Path, variant: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_presskit"))
        .current_dir(root())
        .arg("build")
        .arg(kit)
        .args(["--lang", "en", "--variant", variant, "--out"])
        .arg(out)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("presskit runs")
}

/// Builds `file` (from `tests/photos/` or a kit) in `variant`; returns the images and stderr.
fn embed(file: &Path, variant: &str) -> (Vec<ImageRow>, String) {
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    let kit = kit_with_photo(&std::fs::read(file).unwrap(), &name);
    let out = tempfile::tempdir().unwrap();
    let result = build(kit.path(), out.path(), variant);
    let stderr = String::from_utf8_lossy(&result.stderr).to_string();
    assert!(result.status.success(), "{name} {variant}: {stderr}");
    let pdf = out.path().join(format!("minimal-en-{variant}.pdf"));
    (images(&pdf), stderr)
}

fn test_photo(name: &str) -> PathBuf {
    root().join("tests/photos").join(name)
}

fn kit_photo(name: &str) -> PathBuf {
    root().join("kits/kr-vn-energy-summit/photos").join(name)
}

/// The minimal kit places portraits 28 mm wide: 150 ppi there is 165 px (floor of 165.35).
const SCREEN_MAX_PX: u32 = 165;

fn assert_screen_rgb(file: &Path, smask: bool) {
    let (rows, _) = embed(file, "screen");
    let photo = &rows[0];
    assert_eq!(photo.kind, "image", "{file:?}: {rows:?}");
    assert!(photo.width <= SCREEN_MAX_PX, "{file:?}: {rows:?}");
    assert!(
        matches!(photo.colour.as_str(), "rgb" | "icc") && photo.comps == 3,
        "{file:?}: {rows:?}"
    );
    assert_eq!(
        rows.iter().any(|r| r.kind == "smask"),
        smask,
        "{file:?}: {rows:?}"
    );
}

#[test]
fn jpeg_variants_embed_unchanged_in_print_and_as_rgb_on_screen() {
    // (file, colour space pdfimages reports, components)
    for (file, colour, comps) in [
        ("progressive.jpg", "icc", 3),
        ("icc.jpg", "icc", 3),
        ("grey.jpg", "gray", 1),
    ] {
        let (rows, _) = embed(&test_photo(file), "print");
        assert_eq!(rows.len(), 1, "{file}: {rows:?}");
        let r = &rows[0];
        assert_eq!(
            (
                r.width,
                r.height,
                r.colour.as_str(),
                r.comps,
                r.enc.as_str()
            ),
            (400, 500, colour, comps, "jpeg"),
            "{file}"
        );
        assert_screen_rgb(&test_photo(file), false);
    }
}

#[test]
fn cmyk_jpeg_stays_cmyk_in_print_with_or_without_adobe_marker() {
    // Without the Adobe marker the samples are ink amounts, which a DCT passthrough would
    // invert (krilla writes /Decode [1 0 …] for every CMYK JPEG): embedded as pixels instead.
    let (rows, _) = embed(&test_photo("cmyk-no-adobe.jpg"), "print");
    let r = &rows[0];
    assert_eq!(
        (r.width, r.height, r.colour.as_str(), r.comps),
        (400, 500, "cmyk", 4)
    );
    assert_ne!(r.enc, "jpeg");
    assert_screen_rgb(&test_photo("cmyk-no-adobe.jpg"), false);
    // With it (the sample kit's CMYK photo, 720 px over 28 mm = 653 ppi, so downsampled).
    let (rows, _) = embed(&kit_photo("chen-cmyk.jpg"), "print");
    let r = &rows[0];
    assert_eq!((r.colour.as_str(), r.comps), ("cmyk", 4), "{rows:?}");
    assert_screen_rgb(&kit_photo("chen-cmyk.jpg"), false);
}

#[test]
fn png_and_tiff_embed_with_their_colours_and_alpha_as_soft_mask() {
    // (file, print colour space, components, soft mask)
    for (file, colour, comps, smask) in [
        ("grey.png", "gray", 1, false),
        ("grey16.png", "gray", 1, false),
        ("palette.png", "icc", 3, false),
        ("rgba.png", "icc", 3, true),
        ("rgb.tif", "icc", 3, false),
    ] {
        let (rows, _) = embed(&test_photo(file), "print");
        let r = &rows[0];
        assert_eq!(
            (r.width, r.height, r.colour.as_str(), r.comps),
            (400, 500, colour, comps),
            "{file}: {rows:?}"
        );
        assert_eq!(
            rows.iter().any(|r| r.kind == "smask"),
            smask,
            "{file}: {rows:?}"
        );
        assert_screen_rgb(&test_photo(file), smask);
    }
    for file in ["lee-cutout.png", "park.tif"] {
        let (rows, _) = embed(&kit_photo(file), "print");
        assert_eq!(rows[0].comps, 3, "{file}: {rows:?}");
        assert_eq!(
            rows.iter().any(|r| r.kind == "smask"),
            file.ends_with(".png"),
            "{file}: {rows:?}"
        );
    }
}

/// The matrix that draws the first image (`a b c d e f cm /x0 Do`, on one line or several).
fn image_matrix(pdf: &Path) -> [f64; 6] {
    let qdf = tempfile::NamedTempFile::new().unwrap();
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(qdf.path())
        .status()
        .expect("qpdf");
    assert!(status.success() || status.code() == Some(3));
    let text = String::from_utf8_lossy(&std::fs::read(qdf.path()).unwrap()).to_string();
    // Read tokens: the six numbers before `cm` that precede `/x… Do`. A name needs no space
    // before it (krilla writes `cm/x0 Do`), so each `/` starts a token.
    let text = text.replace('/', " /");
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let at = tokens
        .windows(3)
        .position(|w| w[0] == "cm" && w[1].starts_with("/x") && w[2] == "Do")
        .expect("an image is drawn with its own matrix");
    let n: Vec<f64> = tokens[at - 6..at]
        .iter()
        .rev()
        .map(|v| v.parse().unwrap())
        .collect();
    [n[5], n[4], n[3], n[2], n[1], n[0]]
}

#[test]
fn exif_orientation_6_is_turned_upright_by_the_placement_without_reencoding() {
    // Stored 500 × 400 (sideways); Orientation 6 = stored row 0 is the displayed right side.
    let file = test_photo("exif6.jpg");
    let kit = kit_with_photo(&std::fs::read(&file).unwrap(), "exif6.jpg");
    let out = tempfile::tempdir().unwrap();
    let result = build(kit.path(), out.path(), "print");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(
        stderr.contains("exif6.jpg: photo is stored turned or mirrored (EXIF orientation 6)"),
        "{stderr}"
    );
    let pdf = out.path().join("minimal-en-print.pdf");
    let rows = images(&pdf);
    // Unchanged: the stored size and DCT data.
    assert_eq!(
        (rows[0].width, rows[0].height, rows[0].enc.as_str()),
        (500, 400, "jpeg")
    );
    // The original bytes are in the file.
    let bytes = std::fs::read(&file).unwrap();
    let doc = lopdf::Document::load(&pdf).unwrap();
    assert!(
        doc.objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .any(|s| s.content == bytes),
        "the JPEG was re-encoded"
    );
    // Image space is the unit square, u to the right along a stored row, v up from the
    // stored bottom row. Orientation 6: stored column 0 is the displayed top, stored row 0 the
    // displayed right side. So u runs down the page (b < 0, d = 0) and v, towards the stored
    // top row, runs to the right (c > 0, a = 0); the placed box is 28 mm (79.37 pt) wide and
    // 35 mm (99.21 pt) tall, the displayed 4:5.
    let [a, b, c, d, ..] = image_matrix(&pdf);
    assert!(a.abs() < 1e-3 && d.abs() < 1e-3, "{a} {b} {c} {d}");
    assert!(
        (b + 99.21).abs() < 0.01 && (c - 79.37).abs() < 0.01,
        "{a} {b} {c} {d}"
    );
}

#[test]
fn print_photo_over_600_ppi_is_downsampled_to_450_ppi_with_a_note() {
    // 6000 px over 28 mm is 5443 ppi.
    let (rows, stderr) = embed(&kit_photo("tran-large.jpg"), "print");
    assert!(
        stderr.contains(
            "tran-large.jpg: photo is 5443 ppi at its placed size; downsampled to 450 ppi"
        ),
        "{stderr}"
    );
    // 450 ppi over 28 mm: 496 px (floor of 496.06); pdfimages rounds the ppi.
    assert_eq!(rows[0].width, 496, "{rows:?}");
    assert!((449..=451).contains(&rows[0].x_ppi), "{rows:?}");
    assert_screen_rgb(&kit_photo("tran-large.jpg"), false);
}

/// A broken photo: exit code 1, an error naming the file and the problem, and no file written.
fn assert_refused(bytes: &[u8], name: &str, expected: &str) {
    let kit = kit_with_photo(bytes, name);
    refused(kit.path(), name, expected);
}

fn refused(kit: &Path, name: &str, expected: &str) {
    let out = tempfile::tempdir().unwrap();
    let result = build(kit, &out.path().join("dist"), "all");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{name}: {stderr}");
    assert!(stderr.contains("error: "), "{name}: {stderr}");
    assert!(stderr.contains(name), "{name}: {stderr}");
    assert!(stderr.contains("speakers[0].photo"), "{name}: {stderr}");
    assert!(
        stderr.contains(expected),
        "{name}: expected {expected:?} in\n{stderr}"
    );
    assert!(!out.path().join("dist").exists(), "{name}: output written");
}

fn jpeg() -> Vec<u8> {
    std::fs::read(test_photo("grey.jpg")).unwrap()
}

/// Offset of the first byte after the start-of-scan header.
fn scan_data(jpeg: &[u8]) -> usize {
    let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    sos + 2 + u16::from_be_bytes([jpeg[sos + 2], jpeg[sos + 3]]) as usize
}

/// The grey JPEG with its frame header's height, width and component count replaced.
fn with_frame(width: u16, height: u16, components: Option<u8>) -> Vec<u8> {
    let mut j = jpeg();
    let sof = j.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    j[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    j[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    if let Some(c) = components {
        j[sof + 9] = c;
    }
    j
}

#[test]
fn truncated_and_malformed_jpegs_are_refused_with_the_file_and_the_problem() {
    let j = jpeg();
    let half = &j[..scan_data(&j) + (j.len() - scan_data(&j)) / 2];
    assert_refused(
        half,
        "half.jpg",
        "is not a valid JPEG (the file is cut short",
    );
    assert_refused(
        &j[..scan_data(&j)],
        "headers-only.jpg",
        "is not a valid JPEG",
    );
    assert_refused(
        &[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x02],
        "six-bytes.jpg",
        "is not a valid JPEG",
    );
    assert_refused(
        &[0xFF, 0xD8],
        "soi.jpg",
        "the file ends before the frame header",
    );
    assert_refused(
        &with_frame(400, 500, Some(2)),
        "two.jpg",
        "2 colour components",
    );
    assert_refused(
        &with_frame(400, 500, Some(0)),
        "zero.jpg",
        "0 colour components",
    );
    assert_refused(&with_frame(0, 500, None), "no-width.jpg", "0 × 500 pixels");
    // Checked from the header before any decode; once an assertion inside krilla.
    assert_refused(
        &with_frame(60000, 60000, None),
        "huge.jpg",
        "60000 × 60000 pixels is more than the limit of 120 megapixels",
    );
    // Progressive: the scans are cut.
    let p = std::fs::read(test_photo("progressive.jpg")).unwrap();
    assert_refused(
        &p[..p.len() * 2 / 3],
        "progressive-cut.jpg",
        "is not a valid JPEG",
    );
}

#[test]
fn broken_png_tiff_and_other_files_are_refused() {
    let png = std::fs::read(test_photo("rgba.png")).unwrap();
    assert_refused(&png[..png.len() / 2], "cut.png", "is not a valid PNG");
    let tif = std::fs::read(test_photo("rgb.tif")).unwrap();
    assert_refused(&tif[..tif.len() / 2], "cut.tif", "is not a valid TIFF");
    assert_refused(b"GIF89a", "photo.gif", "is not a JPEG, PNG or TIFF file");
    assert_refused(b"", "empty.empty", "is not a JPEG, PNG or TIFF file");
}

#[test]
fn photos_that_are_not_regular_files_are_refused_without_reading() {
    // A named pipe would block a read forever; /dev/zero would fill memory.
    let kit = kit_with_photo(b"", "pipe.jpg");
    let fifo = kit.path().join("pipe.jpg");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    refused(kit.path(), "pipe.jpg", "not a regular file");
    let kit = kit_with_photo(b"", "zero.jpg");
    std::os::unix::fs::symlink("/dev/zero", kit.path().join("zero.jpg")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = build(kit.path(), out.path(), "all");
    assert_eq!(result.status.code(), Some(1));
    assert!(files_in(out.path()).is_empty());
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn photo_width_outside_its_range_is_a_located_layout_error() {
    let a4 = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    for value in ["0", "-20", "nan", "inf"] {
        let kit = kit_with_photo(&std::fs::read(test_photo("grey.jpg")).unwrap(), "p.jpg");
        std::fs::create_dir(kit.path().join("layouts")).unwrap();
        let layout = if a4.contains("photo_width_mm") {
            let start = a4.find("photo_width_mm").unwrap();
            let end = start + a4[start..].find('\n').unwrap();
            format!("{}photo_width_mm = {value}{}", &a4[..start], &a4[end..])
        } else {
            a4.replacen("\n[", &format!("\nphoto_width_mm = {value}\n\n["), 1)
        };
        std::fs::write(kit.path().join("layouts/a4.toml"), layout).unwrap();
        let out = tempfile::tempdir().unwrap();
        let result = build(kit.path(), &out.path().join("dist"), "all");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "{value}: {stderr}");
        assert!(stderr.contains("layouts/a4.toml:"), "{value}: {stderr}");
        assert!(
            stderr.contains("(key `photo_width_mm`)"),
            "{value}: {stderr}"
        );
        assert!(stderr.contains("is outside 10–100 mm"), "{value}: {stderr}");
        assert!(!out.path().join("dist").exists());
    }
}

/// ISO 12647-2 limits FOGRA39 printing to 300 % total ink: a CMYK photo with a 400 % rich black
/// gets a print warning naming the file; one at 100 % (10/20/30/40) does not.
#[test]
fn cmyk_photos_over_the_total_ink_limit_are_a_print_warning() {
    for (name, over) in [("cmyk-400-ink.jpg", true), ("cmyk-adobe.jpg", false)] {
        let kit = kit_with_photo(&std::fs::read(test_photo(name)).unwrap(), name);
        let out = tempfile::tempdir().unwrap();
        let result = build(kit.path(), out.path(), "print");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(result.status.success(), "{name}: {stderr}");
        let warned = stderr
            .lines()
            .any(|l| l.contains(name) && l.contains("total ink; FOGRA39 allows 300 %"));
        assert_eq!(warned, over, "{name}: {stderr}");
        if over {
            // 255 in each channel is 400 %, give or take JPEG rounding.
            assert!(
                stderr.contains("has up to 39") || stderr.contains("has up to 40"),
                "{stderr}"
            );
        }
    }
}
