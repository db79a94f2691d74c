//! Builds the second sample kit, `kits/kr-vn-energy-summit` (en, ko, zh-Hans, vi), and checks
//! its PDFs by parsing them: what a kit written independently of the first one brings — a
//! speaker without photo, PNG/TIFF/CMYK/EXIF-rotated/very large photos, a 28-row table with
//! empty cells that continues on another page, paragraphs, several phones, a long URL, Latin
//! units inside Hangul and Han text.
//!
//! Needs `pdftotext`, `pdfimages` (poppler-utils) and `qpdf`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lopdf::{Document, Object};
use presskit::BuildOptions;

mod common;
use common::pdf::{
    assert_fonts_embedded_subset_with_to_unicode, assert_qpdf_check, dump_text_lines, images, info,
    link_uris, output_intent, pdftotext, rect,
};
use common::{kit_options, readers, root, structure_types};

const KIT: &str = "kr-vn-energy-summit";
const LANGS: [&str; 4] = ["en", "ko", "zh-Hans", "vi"];
const LONG_URL: &str = "https://www.kvcleanenergy.example.org/2026/summit/agreements/full-list-of-signed-projects-and-partners.html";

fn options(out: &Path) -> BuildOptions {
    kit_options(&format!("kits/{KIT}"), out)
}

/// The kit, built once (both variants, with dump and report) for all tests in this file.
fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        if let Err(presskit::BuildError::Kit(errors) | presskit::BuildError::Internal(errors)) =
            presskit::build(&options(dir.path()), &|_| {})
        {
            let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("{KIT} does not build:\n{}", messages.join("\n"));
        }
        dir
    })
    .path()
}

fn pdf(lang: &str, variant: &str) -> PathBuf {
    built().join(format!("{KIT}-{lang}-{variant}.pdf"))
}

/// The screen PDF's text with all white space removed, for phrases that may wrap.
fn squeezed(lang: &str) -> String {
    pdftotext(&pdf(lang, "screen"), &["-enc", "UTF-8"])
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect()
}

#[test]
fn every_language_builds_both_variants_over_several_pages_and_qpdf_finds_no_error() {
    for lang in LANGS {
        for variant in ["print", "screen"] {
            let path = pdf(lang, variant);
            let pages = Document::load(&path).unwrap().get_pages().len();
            assert!((4..=7).contains(&pages), "{lang} {variant}: {pages} pages");
            assert_qpdf_check(&path);
        }
    }
}

#[test]
fn the_28_row_table_keeps_its_empty_cells_and_continues_on_a_later_page() {
    for lang in LANGS {
        let types = structure_types(&Document::load(pdf(lang, "screen")).unwrap());
        let count = |t: &str| types.iter().filter(|x| *x == t).count();
        // Header row plus 28 rows of 5 cells, empty cells included.
        assert_eq!(count("TR"), 29, "{lang}");
        assert_eq!(count("TH"), 5, "{lang}");
        assert_eq!(count("TD"), 28 * 5, "{lang}");
        let continued = match lang {
            "en" => "Agreements signed at the summit (continued)",
            "ko" => "서밋에서 체결된 협약 (계속)",
            "zh-Hans" => "峰会签署的协议（续）",
            _ => "Các thỏa thuận ký kết tại hội nghị (tiếp theo)",
        };
        let text = pdftotext(&pdf(lang, "screen"), &["-enc", "UTF-8", "-layout"]);
        assert!(text.contains(continued), "{lang}: no continued caption");
    }
}

#[test]
fn nine_speakers_eight_portraits_each_with_alt_text() {
    for lang in LANGS {
        let dump =
            std::fs::read_to_string(built().join(format!("{KIT}-{lang}.layout.txt"))).unwrap();
        assert_eq!(
            dump.lines().filter(|l| l.starts_with("  image ")).count(),
            8,
            "{lang}"
        );
        let types = structure_types(&Document::load(pdf(lang, "screen")).unwrap());
        assert_eq!(types.iter().filter(|t| *t == "Figure").count(), 8, "{lang}");
        // H3 per speaker card.
        assert_eq!(types.iter().filter(|t| *t == "H3").count(), 9, "{lang}");
        // Print: eight placed images (a cut-out's transparency is an extra smask, not an image).
        let rows = images(&pdf(lang, "print"));
        let placed = rows.iter().filter(|r| r.kind == "image").count();
        assert_eq!(placed, 8, "{lang}: {rows:?}");
    }
}

#[test]
fn contacts_link_every_phone_and_the_long_url_in_every_language() {
    for lang in LANGS {
        let uris = link_uris(&Document::load(pdf(lang, "screen")).unwrap());
        for expected in [
            "tel:+842438250000",
            "tel:+82237710000",
            "tel:+842838220000;ext=12",
            "tel:+82440000000",
            "mailto:press@kvcleanenergy.example.org",
            "mailto:media@kgta.example.kr",
            LONG_URL,
            "https://www.kvcleanenergy.example.org",
        ] {
            assert!(
                uris.iter().any(|u| u == expected),
                "{lang}: no link to {expected} in {uris:?}"
            );
        }
    }
}

#[test]
fn labels_use_each_languages_separator_and_the_kits_partial_override() {
    for (lang, organisers, phone, embargo) in [
        (
            "en",
            "Organised by: Korea–Vietnam",
            "Tel. (Hanoi): +84 24 3825 0000",
            "EMBARGOED UNTIL 18 November 2026 09:00 ICT",
        ),
        (
            "ko",
            "공동 주최: 한·베트남",
            "전화(하노이): +84 24 3825 0000",
            "보도 유예: 2026년 11월 18일 09:00 베트남 시간",
        ),
        (
            "zh-Hans",
            "合办机构：韩越能源合作理事会",
            "电话（河内）：+84 24 3825 0000",
            "2026年11月18日 09:00 越南时间前不得发布",
        ),
        (
            "vi",
            "Đơn vị tổ chức: Hội đồng",
            "Điện thoại (Hà Nội): +84 24 3825 0000",
            "KHÔNG CÔNG BỐ TRƯỚC ngày 18 tháng 11 năm 2026 09:00 giờ Hà Nội",
        ),
    ] {
        let text = pdftotext(&pdf(lang, "screen"), &["-enc", "UTF-8", "-layout"]);
        for expected in [organisers, phone, embargo] {
            assert!(
                text.contains(expected),
                "{lang}: no {expected:?} in\n{text}"
            );
        }
    }
    // Chinese labels end in the full-width colon (clreq); no ASCII ": " anywhere.
    let zh = pdftotext(&pdf("zh-Hans", "screen"), &["-enc", "UTF-8"]);
    assert!(!zh.contains(": "), "ASCII colon in Chinese text");
}

#[test]
fn latin_units_and_amounts_inside_hangul_and_han_copy_out_exactly() {
    for (lang, phrases) in [
        (
            "en",
            &[
                "adds 2.46 GW of generating capacity and 900 MWh of battery storage",
                "worth US$6.47 billion",
            ][..],
        ),
        (
            "ko",
            &[
                "발전설비 2.46GW와 배터리 저장장치 900MWh를",
                "64억7000만 달러(US$6.47 billion) 규모의 협약 28건",
            ][..],
        ),
        (
            "zh-Hans",
            &[
                "新增2.46GW发电装机和900MWh电池储能",
                "总额64.7亿美元（US$6.47 billion）",
            ][..],
        ),
        (
            "vi",
            &[
                "bổ sung 2,46 GW công suất phát điện và 900 MWh lưu trữ pin",
                "trị giá 6,47 tỷ USD",
            ][..],
        ),
    ] {
        let text = squeezed(lang);
        for phrase in phrases {
            let phrase: String = phrase.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                text.contains(&phrase),
                "{lang}: {phrase:?} not in copied text"
            );
        }
    }
}

#[test]
fn layout_report_is_clean() {
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(built().join("report.json")).unwrap())
            .unwrap();
    let summary = &report["summary"];
    for key in [
        "overfull",
        "forced_breaks",
        "emergency_stretch",
        "short_last_lines",
        "prohibited_line_starts",
        "prohibited_line_ends",
    ] {
        assert_eq!(summary[key], 0, "{key}: {summary}");
    }
    assert!(
        summary["max_hyphens_in_a_row"].as_u64().unwrap() <= 2,
        "{summary}"
    );
}

// The first sample kit's print and screen checks (tests/sample_kit.rs), on this kit.

#[test]
fn every_font_is_embedded_subset_and_has_to_unicode() {
    for lang in LANGS {
        for variant in ["print", "screen"] {
            let doc = Document::load(pdf(lang, variant)).unwrap();
            assert_fonts_embedded_subset_with_to_unicode(&doc, &format!("{lang} {variant}"));
        }
    }
}

#[test]
fn print_is_pdfx4_with_fogra39_trim_and_bleed_and_no_device_rgb() {
    let bleed = 3.0 * 72.0 / 25.4;
    for lang in LANGS {
        let bytes = std::fs::read(pdf(lang, "print")).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.6"), "{lang}");
        let doc = Document::load(pdf(lang, "print")).unwrap();
        assert_eq!(
            info(&doc)
                .get(b"GTS_PDFXVersion")
                .unwrap()
                .as_str()
                .unwrap(),
            b"PDF/X-4"
        );
        assert_eq!(
            output_intent(&doc)
                .get(b"OutputConditionIdentifier")
                .unwrap()
                .as_str()
                .unwrap(),
            b"FOGRA39"
        );
        for (number, id) in doc.get_pages() {
            let page = doc.get_dictionary(id).unwrap();
            let (trim, bleed_box) = (rect(&doc, page, b"TrimBox"), rect(&doc, page, b"BleedBox"));
            assert!(
                (trim[0] - bleed_box[0] - bleed).abs() < 0.01,
                "{lang} p{number}"
            );
            assert!(
                (bleed_box[3] - trim[3] - bleed).abs() < 0.01,
                "{lang} p{number}"
            );
        }
        for (id, object) in &doc.objects {
            let dict = match object {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                _ => continue,
            };
            assert!(
                !format!("{dict:?}").contains("DeviceRGB"),
                "{lang}: object {id:?} names DeviceRGB"
            );
        }
    }
}

#[test]
fn no_text_line_runs_outside_the_text_area() {
    // a4: 20 mm side margins, so the text area spans 56.69 pt to 538.58 pt.
    let (left, right) = (56.69, 538.59);
    for lang in LANGS {
        let dump =
            std::fs::read_to_string(built().join(format!("{KIT}-{lang}.layout.txt"))).unwrap();
        for t in dump_text_lines(&dump) {
            // GB/T 15834 and clreq §3.6.3: a zh-Hans mark at a line end is set half width, its
            // blank half hanging past the measure and its ink on the margin. The dump's width
            // counts the full advance, so allow that blank: half an em of body text (10 pt).
            let hangs = lang == "zh-Hans"
                && t.text.ends_with([
                    '。', '，', '、', '；', '：', '？', '！', '”', '」', '』', '）', '》',
                ]);
            let right = if hangs { right + 5.0 } else { right };
            assert!(
                t.x >= left - 0.01 && t.x + t.w <= right + 0.01,
                "{lang}: outside the text area: {}",
                t.line
            );
        }
    }
}

#[test]
fn rebuilding_gives_byte_identical_pdfs() {
    let again = tempfile::tempdir().unwrap();
    presskit::build(&options(again.path()), &|_| {}).unwrap();
    for lang in LANGS {
        for variant in ["print", "screen"] {
            let name = format!("{KIT}-{lang}-{variant}.pdf");
            let same = std::fs::read(built().join(&name)).unwrap()
                == std::fs::read(again.path().join(&name)).unwrap();
            assert!(same, "{name}: rebuild differs");
        }
    }
}

#[test]
fn cjk_latin_boundaries_copy_out_without_spaces_in_poppler_pdfium_and_pdfjs() {
    // Han and Hangul next to numbers and Latin units (「GW发电」, 「28건을」), written
    // independently of the first kit: no reader may copy the spacing there as a space.
    let mut paths = vec![];
    let mut expected = vec![];
    for lang in ["zh-Hans", "ko"] {
        let release = root().join(format!("kits/{KIT}/content/release.{lang}.md"));
        let boundaries = readers::cjk_latin_boundaries(&release);
        assert!(
            boundaries.len() >= 5,
            "{lang}: {} boundaries",
            boundaries.len()
        );
        for variant in ["print", "screen"] {
            paths.push(pdf(lang, variant));
            expected.push(boundaries.clone());
        }
    }
    readers::assert_boundaries_copy_out_unspaced(&paths, &expected);
}
