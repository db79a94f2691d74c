//! End-to-end tests of the commands around a build, through the real binary: `check` with its
//! translation consistency report, packs, handouts and booklets, proofs, `watch`, `new`, and
//! several kits in one call.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{copy_dir, root};

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

/// `check` on a kit whose translations agree: exit 0, no mismatch, and at least `least` facts
/// compared (so the extractor did find them).
fn check_agrees(kit: &str, least: usize) {
    let result = presskit(&["check", kit]);
    let (stdout, stderr) = (text(&result.stdout), text(&result.stderr));
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains(" 0 mismatch(es)"), "{stdout}\n{stderr}");
    assert!(!stderr.contains("translations of"), "{stderr}");
    let facts: usize = stdout
        .split("translations: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(facts >= least, "{stdout}");
}

#[test]
fn check_finds_no_mismatch_in_the_four_real_translations() {
    // The amounts of the fact table, the bios and the release are facts.
    check_agrees("kits/japan-hk-forum", 60);
}

#[test]
fn check_finds_no_mismatch_in_the_second_sample_kit() {
    // Written apart from the first kit: US$6.47B = 64억7000만 달러 = 64.7亿美元 = 6,47 tỷ USD, and
    // counts spelled out in English (fourteen months, twelve years) against digits in Korean.
    check_agrees("kits/kr-vn-energy-summit", 300);
}

#[test]
fn second_kit_packs_credit_only_the_photos_it_has() {
    let out = tempfile::tempdir().unwrap();
    let result = presskit(&[
        "build",
        "kits/kr-vn-energy-summit",
        "--variant",
        "screen",
        "--lang",
        "ko",
        "--pack",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    let zip = out.path().join("kr-vn-energy-summit-ko.zip");
    let entries = zip_entries(&zip);
    // Eight speakers have a photo (PNG, TIFF, CMYK and EXIF-rotated JPEGs included), one has none.
    let photos: Vec<&String> = entries
        .iter()
        .filter(|e| e.starts_with("photos/") && !e.ends_with("CREDITS.txt"))
        .collect();
    assert_eq!(photos.len(), 8, "{entries:?}");
    for name in [
        "photos/lee-cutout.png",
        "photos/park.tif",
        "photos/tran-large.jpg",
    ] {
        assert!(entries.iter().any(|e| e == name), "{name} in {entries:?}");
    }
    // Full resolution: the file as the kit has it.
    assert_eq!(
        unzip_file(&zip, "photos/park.tif"),
        std::fs::read(root().join("kits/kr-vn-energy-summit/photos/park.tif")).unwrap()
    );
    let credits = String::from_utf8(unzip_file(&zip, "photos/CREDITS.txt")).unwrap();
    assert_eq!(credits.matches("photos/").count(), 8, "{credits}");
}

#[test]
fn check_writes_nothing() {
    let (tmp, kit) = sample_copy();
    let cwd = tmp.path().join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    let files = |dir: &Path| -> usize { walk(dir) };
    let before = files(&kit);
    let result = Command::new(env!("CARGO_BIN_EXE_presskit"))
        .current_dir(&cwd)
        .arg("check")
        .arg(&kit)
        .env("PRESSKIT_HOME", root())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    assert_eq!(files(&cwd), 0, "check wrote into the working directory");
    assert_eq!(files(&kit), before, "check wrote into the kit");
}

fn walk(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
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
    assert_eq!(
        result.status.code(),
        Some(0),
        "warnings alone pass: {stderr}"
    );
    let ja_place = format!("release.ja.md:{}", line_of(&ja, "1億9000万"));
    let en_place = format!("release.en.md:{}", line_of(&en, "$180 million"));
    let line = stderr
        .lines()
        .find(|l| l.contains("1億9000万香港ドル"))
        .unwrap_or_else(|| panic!("mismatch not reported:\n{stderr}"));
    assert!(
        line.contains(&ja_place) && line.contains(&en_place),
        "{line}"
    );
    assert!(line.contains("$180 million"), "{line}");
    // The same kit fails a strict check.
    let strict = presskit(&["check", kit.to_str().unwrap(), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        text(&strict.stderr).contains("error: "),
        "{}",
        text(&strict.stderr)
    );
}

#[test]
fn check_reports_a_planted_fact_table_amount_and_an_adapted_release() {
    let (_tmp, kit) = sample_copy();
    let spec = kit.join("presskit.toml");
    // The Hong Kong Chinese fact table says HK$1 billion instead of HK$10 billion.
    plant(
        &spec,
        "zh-Hant-HK = \"100億港元\" }",
        "zh-Hant-HK = \"10億港元\" }",
    );
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
    assert!(
        table.contains(&format!("presskit.toml:{zh_line}")),
        "{table}"
    );
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
    let (_broken, kit) = common::broken_kit("missing-translation");
    let result = presskit(&["check", kit.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    assert!(text(&result.stderr).contains("error: "));
}

fn pdfinfo(path: &Path, key: &str) -> String {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo runs");
    text(&out.stdout)
        .lines()
        .find(|l| l.starts_with(key))
        .map(|l| l[key.len()..].trim_start_matches(':').trim().to_string())
        .unwrap_or_default()
}

fn zip_entries(path: &Path) -> Vec<String> {
    let out = Command::new("unzip")
        .arg("-Z1")
        .arg(path)
        .output()
        .expect("unzip runs");
    text(&out.stdout).lines().map(str::to_string).collect()
}

fn unzip_file(path: &Path, entry: &str) -> Vec<u8> {
    Command::new("unzip")
        .arg("-p")
        .arg(path)
        .arg(entry)
        .output()
        .expect("unzip runs")
        .stdout
}

#[test]
fn packs_hold_the_pdf_text_photos_and_readme_and_are_byte_identical_on_rebuild() {
    let out1 = tempfile::tempdir().unwrap();
    let out2 = tempfile::tempdir().unwrap();
    for out in [&out1, &out2] {
        let result = presskit(&[
            "build",
            "kits/japan-hk-forum",
            "--variant",
            "screen",
            "--lang",
            "ja",
            "--lang",
            "id",
            "--pack",
            "--out",
            out.path().to_str().unwrap(),
        ]);
        assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
    }
    for lang in ["ja", "id"] {
        let name = format!("japan-hk-forum-{lang}.zip");
        let zip = out1.path().join(&name);
        assert_eq!(
            std::fs::read(&zip).unwrap(),
            std::fs::read(out2.path().join(&name)).unwrap(),
            "{name} differs between two builds"
        );
        let entries = zip_entries(&zip);
        let mut expected: Vec<String> = vec![
            "README.txt".into(),
            format!("japan-hk-forum-{lang}.pdf"),
            format!("japan-hk-forum-{lang}.txt"),
            "photos/CREDITS.txt".into(),
        ];
        for photo in ["cheong", "hara", "matsuo", "miura", "wong"] {
            expected.push(format!("photos/{photo}.jpg"));
        }
        expected.sort();
        assert_eq!(entries, expected);
        // The PDF is the screen PDF, the photos the kit's files byte for byte.
        assert_eq!(
            unzip_file(&zip, &format!("japan-hk-forum-{lang}.pdf")),
            std::fs::read(
                out1.path()
                    .join(format!("japan-hk-forum-{lang}-screen.pdf"))
            )
            .unwrap()
        );
        assert_eq!(
            unzip_file(&zip, "photos/matsuo.jpg"),
            std::fs::read(sample().join("photos/matsuo.jpg")).unwrap()
        );
        let release =
            String::from_utf8(unzip_file(&zip, &format!("japan-hk-forum-{lang}.txt"))).unwrap();
        let source =
            std::fs::read_to_string(sample().join(format!("content/release.{lang}.md"))).unwrap();
        // Every paragraph of the release is in the text without Markdown or markup.
        let first = source
            .lines()
            .next()
            .unwrap()
            .replace("<span lang=\"en\">", "")
            .replace("</span>", "");
        assert!(
            release.contains(first.trim()),
            "{lang}: first paragraph missing"
        );
        assert!(!release.contains("<span"));
        let credits = String::from_utf8(unzip_file(&zip, "photos/CREDITS.txt")).unwrap();
        assert!(
            credits.contains("photos/miura.jpg (720 × 900 px)"),
            "{credits}"
        );
        let readme = String::from_utf8(unzip_file(&zip, "README.txt")).unwrap();
        assert!(readme.contains("media@example.org"));
        // The README is in the pack's language.
        let expected_word = if lang == "ja" {
            "プレスキット"
        } else {
            "Kit media"
        };
        assert!(readme.starts_with(expected_word), "{readme}");
    }
}

#[test]
fn proof_sheet_has_one_thumbnail_per_page() {
    // Both sample kits: the second has PNG, TIFF, CMYK and EXIF-rotated photos and Hangul.
    for (kit, lang) in [
        ("japan-hk-forum", "zh-Hant-HK"),
        ("kr-vn-energy-summit", "ko"),
    ] {
        let out = tempfile::tempdir().unwrap();
        let result = presskit(&[
            "build",
            &format!("kits/{kit}"),
            "--variant",
            "screen",
            "--lang",
            lang,
            "--proof",
            "--out",
            out.path().to_str().unwrap(),
        ]);
        assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
        let pdf = out.path().join(format!("{kit}-{lang}-screen.pdf"));
        let png = std::fs::read(out.path().join(format!("{kit}-{lang}-screen.proof.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        let pages: u32 = pdfinfo(&pdf, "Pages").parse().unwrap();
        // "Page size:       595.276 x 841.89 pts (A4)"
        let size = pdfinfo(&pdf, "Page size");
        let dims: Vec<f64> = size.split(' ').filter_map(|s| s.parse().ok()).collect();
        // Thumbnails 240 px wide, 4 to a row, 12 px apart and around.
        let thumb_h = (dims[1] / dims[0] * 240.0).round() as u32;
        let cols = pages.min(4);
        let rows = pages.div_ceil(4);
        assert_eq!(width, 12 + cols * (240 + 12), "{kit}: {pages} pages");
        assert_eq!(height, 12 + rows * (thumb_h + 12), "{kit}: {pages} pages");
    }
}

/// The text of one half of a page of an A4 landscape sheet.
fn half_text(pdf: &Path, page: usize, right: bool) -> String {
    let x = if right { "421" } else { "0" };
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .args(["-x", x, "-y", "0", "-W", "421", "-H", "596"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    text(&out.stdout)
}

/// "Page 3 of 4" in a half, or None for a blank half.
fn page_number(half: &str) -> Option<usize> {
    let at = half.find("Page ")?;
    half[at + 5..].split(' ').next()?.parse().ok()
}

#[test]
fn handout_has_no_bleed_and_the_booklet_is_imposed_in_saddle_stitch_order() {
    // The first kit has 4 pages; the second 5, so its booklet ends in blank halves.
    for kit in ["japan-hk-forum", "kr-vn-energy-summit"] {
        let out = tempfile::tempdir().unwrap();
        let result = presskit(&[
            "build",
            &format!("kits/{kit}"),
            "--variant",
            "handout",
            "--booklet",
            "--lang",
            "en",
            "--out",
            out.path().to_str().unwrap(),
        ]);
        assert_eq!(result.status.code(), Some(0), "{}", text(&result.stderr));
        let mut files: Vec<String> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        files.sort();
        assert_eq!(
            files,
            [
                format!("{kit}-en-booklet.pdf"),
                format!("{kit}-en-handout.pdf")
            ]
        );
        let handout = out.path().join(format!("{kit}-en-handout.pdf"));
        // Trim size (A4 portrait), no bleed box, no PDF/X claim.
        assert!(pdfinfo(&handout, "Page size").starts_with("595.276 x 841.89"));
        let raw = std::fs::read(&handout).unwrap();
        let raw = String::from_utf8_lossy(&raw);
        assert!(!raw.contains("GTS_PDFX") && !raw.contains("/BleedBox"));

        let booklet = out.path().join(format!("{kit}-en-booklet.pdf"));
        let pages: usize = pdfinfo(&handout, "Pages").parse().unwrap();
        let padded = pages.div_ceil(4) * 4;
        assert_eq!(
            pdfinfo(&booklet, "Pages").parse::<usize>().unwrap(),
            padded / 2
        );
        assert!(pdfinfo(&booklet, "Page size").starts_with("841.89 x 595.27"));
        // Sheet 1 front = [n, 1], back = [2, n-1], sheet 2 front = [n-2, 3], …; beyond the
        // handout's pages a half is blank.
        for sheet in 0..padded / 4 {
            let k = 2 * sheet;
            for (side, [left, right]) in [
                (2 * sheet + 1, [padded - k, 1 + k]),
                (2 * sheet + 2, [2 + k, padded - 1 - k]),
            ] {
                for (is_right, want) in [(false, left), (true, right)] {
                    let got = page_number(&half_text(&booklet, side, is_right));
                    let want = (want <= pages).then_some(want);
                    assert_eq!(got, want, "{kit}: side {side}, right half: {is_right}");
                }
            }
        }
    }
}

#[test]
fn several_kits_in_one_call_one_line_per_file_and_a_summary() {
    let (_tmp, kit) = sample_copy();
    let spec = kit.join("presskit.toml");
    plant(&spec, "id = \"japan-hk-forum\"", "id = \"second-kit\"");
    let (_broken, broken) = common::broken_kit("missing-translation");
    let out = tempfile::tempdir().unwrap();
    let result = presskit(&[
        "build",
        "kits/japan-hk-forum",
        kit.to_str().unwrap(),
        broken.to_str().unwrap(),
        "--variant",
        "screen",
        "--lang",
        "en",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let stdout = text(&result.stdout);
    // One kit is broken: exit 1, the other two are written.
    assert_eq!(result.status.code(), Some(1), "{}", text(&result.stderr));
    let wrote: Vec<&str> = stdout.lines().filter(|l| l.starts_with("wrote ")).collect();
    assert_eq!(wrote.len(), 2, "{stdout}");
    assert!(out.path().join("japan-hk-forum-en-screen.pdf").is_file());
    assert!(out.path().join("second-kit-en-screen.pdf").is_file());
    assert!(
        stdout.contains("built 2 of 3 kits: 2 file(s) written, 1 kit(s) failed"),
        "{stdout}"
    );
}

#[test]
fn new_kits_build_at_once_in_several_language_sets() {
    for languages in ["en", "ko,vi", "en,ja,zh-Hant-HK,zh-Hans,id,ko,vi", "fr,en"] {
        let tmp = tempfile::tempdir().unwrap();
        let kit = tmp.path().join("example-kit");
        let out = tmp.path().join("out");
        let made = presskit(&["new", kit.to_str().unwrap(), "--languages", languages]);
        assert_eq!(
            made.status.code(),
            Some(0),
            "{languages}: {}",
            text(&made.stderr)
        );
        let built = presskit(&[
            "build",
            kit.to_str().unwrap(),
            "--variant",
            "screen",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(
            built.status.code(),
            Some(0),
            "{languages}: {}",
            text(&built.stderr)
        );
        for lang in languages.split(',') {
            let pdf = out.join(format!("example-kit-{lang}-screen.pdf"));
            assert!(pdf.is_file(), "{languages}: no {}", pdf.display());
        }
        // Its figures agree across the languages.
        let checked = presskit(&["check", kit.to_str().unwrap()]);
        assert!(
            text(&checked.stdout).contains(" 0 mismatch(es)"),
            "{languages}: {}",
            text(&checked.stderr)
        );
    }
    // A second `new` into a kit folder refuses to overwrite it.
    let tmp = tempfile::tempdir().unwrap();
    let made = presskit(&["new", tmp.path().to_str().unwrap()]);
    assert!(made.status.success());
    let again = presskit(&["new", tmp.path().to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
}

/// Waits (polling, up to `limit`) until `done` holds; the limit guards a hang, it is not a
/// timing assertion.
fn wait_for(limit: std::time::Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    done()
}

#[test]
fn watch_rebuilds_after_a_change_keeps_good_pdfs_on_error_and_stops_on_ctrl_c() {
    use std::io::Read;
    let (tmp, kit) = sample_copy();
    let out = tmp.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_presskit"))
        .current_dir(root())
        .args([
            "watch",
            kit.to_str().unwrap(),
            "--lang",
            "en",
            "--out",
            out.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pdf = out.join("japan-hk-forum-en-screen.pdf");
    let limit = std::time::Duration::from_secs(60);
    assert!(wait_for(limit, || pdf.is_file()), "first build");
    let first = std::fs::read(&pdf).unwrap();
    // A saved change to the release is rebuilt into the PDF.
    let release = kit.join("content/release.en.md");
    let text_before = std::fs::read_to_string(&release).unwrap();
    std::fs::write(
        &release,
        text_before.replacen(
            "The event successfully concluded",
            "The summit successfully concluded",
            1,
        ),
    )
    .unwrap();
    assert!(
        wait_for(limit, || std::fs::read(&pdf).is_ok_and(|b| b != first)),
        "rebuild after a change"
    );
    let rebuilt = std::fs::read(&pdf).unwrap();
    // A broken kit keeps the last good PDF.
    std::fs::write(kit.join("presskit.toml"), "[kit\n").unwrap();
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert_eq!(std::fs::read(&pdf).unwrap(), rebuilt);
    // Ctrl-C ends it cleanly.
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let ended = wait_for(limit, || child.try_wait().unwrap().is_some());
    if !ended {
        let _ = child.kill();
    }
    let status = child.wait().unwrap();
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        ended && status.success(),
        "status {status:?}\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("build failed"), "{stdout}");
    assert!(
        stderr.contains("presskit.toml:"),
        "the error is printed: {stderr}"
    );
    assert!(stderr.contains("stopped watching"), "{stderr}");
}
