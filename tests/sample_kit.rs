//! Builds the sample kit and checks the PDFs by parsing them.
//!
//! Needs `pdftotext` (Debian's poppler-utils) for the copy-out checks; `.ci/run` installs it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lopdf::{Document, Object};
use presskit::BuildOptions;

mod common;
use common::pdf::{
    assert_fonts_embedded_subset_with_to_unicode, assert_qpdf_check, catalog_dict, dict,
    dump_text_lines, images, info, link_uris, output_intent, output_profile, pdftotext, rect,
    xmp_packet,
};
use common::{kit_dir_options, kit_options, readers, root, structure_elements};

const LANGS: [&str; 4] = ["en", "id", "ja", "zh-Hant-HK"];

fn options(out: &Path) -> BuildOptions {
    kit_options("kits/japan-hk-forum", out)
}

/// The sample kit, built once for all tests in this file.
fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        presskit::build(&options(dir.path()), &|_| {}).expect("sample kit builds");
        dir
    })
    .path()
}

fn pdf_path(lang: &str) -> PathBuf {
    built().join(format!("japan-hk-forum-{lang}-screen.pdf"))
}

fn load(lang: &str) -> Document {
    Document::load(pdf_path(lang)).expect("PDF parses")
}

fn print_path(lang: &str) -> PathBuf {
    built().join(format!("japan-hk-forum-{lang}-print.pdf"))
}

fn load_print(lang: &str) -> Document {
    Document::load(print_path(lang)).expect("print PDF parses")
}

fn name(obj: &Object) -> Option<&[u8]> {
    obj.as_name().ok()
}

fn dicts(doc: &Document) -> impl Iterator<Item = &lopdf::Dictionary> {
    doc.objects.values().filter_map(|o| match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    })
}

#[test]
fn writes_one_screen_pdf_per_language_with_three_or_more_pages() {
    for lang in LANGS {
        let doc = load(lang);
        assert!(
            doc.get_pages().len() >= 3,
            "{lang}: {} pages",
            doc.get_pages().len()
        );
    }
}

#[test]
fn every_font_is_embedded_subset_and_has_to_unicode() {
    for lang in LANGS {
        assert_fonts_embedded_subset_with_to_unicode(&load(lang), &format!("{lang} screen"));
        assert_fonts_embedded_subset_with_to_unicode(&load_print(lang), &format!("{lang} print"));
    }
}

#[test]
fn cjk_languages_use_their_regional_face() {
    let families = |lang: &str| -> BTreeSet<String> {
        let doc = load(lang);
        dicts(&doc)
            .filter(|d| d.get(b"Subtype").ok().and_then(name) == Some(b"Type0"))
            .map(|d| {
                let base = String::from_utf8_lossy(d.get(b"BaseFont").unwrap().as_name().unwrap())
                    .to_string();
                base[7..].to_string()
            })
            .collect()
    };
    let ja = families("ja");
    let zh = families("zh-Hant-HK");
    assert!(ja.iter().any(|f| f.starts_with("NotoSansJP")), "{ja:?}");
    assert!(!ja.iter().any(|f| f.starts_with("NotoSansHK")), "{ja:?}");
    assert!(zh.iter().any(|f| f.starts_with("NotoSansHK")), "{zh:?}");
    assert!(!zh.iter().any(|f| f.starts_with("NotoSansJP")), "{zh:?}");
}

#[test]
fn no_notdef_glyph_is_drawn() {
    for lang in LANGS {
        let doc = load(lang);
        for (number, page) in doc.get_pages() {
            let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
            for op in content.operations {
                let strings: Vec<&Vec<u8>> = match op.operator.as_str() {
                    "Tj" | "'" | "\"" => op
                        .operands
                        .iter()
                        .filter_map(|o| o.as_str().ok().map(|_| o))
                        .filter_map(|o| match o {
                            Object::String(s, _) => Some(s),
                            _ => None,
                        })
                        .collect(),
                    "TJ" => op.operands[0]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter_map(|o| match o {
                            Object::String(s, _) => Some(s),
                            _ => None,
                        })
                        .collect(),
                    _ => continue,
                };
                for s in strings {
                    // Identity-H: two bytes per glyph; glyph 0 is .notdef in the subset too.
                    assert!(
                        s.chunks(2).all(|c| c != [0, 0]),
                        "{lang} page {number}: .notdef drawn"
                    );
                }
            }
        }
    }
}

#[test]
fn title_and_language_are_set() {
    let spec = std::fs::read_to_string(root().join("kits/japan-hk-forum/presskit.toml")).unwrap();
    let spec: toml::Table = toml::from_str(&spec).unwrap();
    for lang in LANGS {
        let doc = load(lang);
        let catalog = doc.catalog().unwrap();
        let pdf_lang = catalog.get(b"Lang").unwrap().as_str().unwrap();
        assert_eq!(pdf_lang, lang.as_bytes());
        let title = lopdf::decode_text_string(info(&doc).get(b"Title").unwrap()).unwrap();
        assert_eq!(
            title,
            spec["kit"]["title"][lang].as_str().unwrap(),
            "{lang}"
        );
    }
}

#[test]
fn sections_are_bookmarked_and_addresses_are_links() {
    for lang in LANGS {
        let doc = load(lang);
        let outlines = catalog_dict(&doc, b"Outlines");
        // Cover, figures, speakers (+5 speakers), facts, about, contacts.
        let count = count_outline(&doc, outlines.get(b"First").unwrap());
        assert!(count >= 11, "{lang}: {count} outline entries");
        let uris = link_uris(&doc);
        for expected in [
            "mailto:media@example.org",
            "mailto:press@example.com",
            "tel:+85200000000",
            "https://www.hkstp.org",
        ] {
            assert!(
                uris.iter().any(|u| u == expected),
                "{lang}: no link to {expected} in {uris:?}"
            );
        }
    }
}

/// Counts outline items by walking /First and /Next, children included.
fn count_outline(doc: &Document, first: &Object) -> usize {
    let mut count = 0;
    let mut next = Some(first);
    while let Some(reference) = next {
        let item = dict(doc, reference);
        count += 1;
        if let Ok(child) = item.get(b"First") {
            count += count_outline(doc, child);
        }
        next = item.get(b"Next").ok();
    }
    count
}

#[test]
fn print_photos_over_600_ppi_are_downsampled_to_450_ppi() {
    // The sample portraits are 720 × 900 px placed 28 mm wide: 653 ppi, above the 600 ppi no
    // press resolves, so print carries them at 450 ppi: floor(28 / 25.4 × 450) = 496 px wide,
    // 620 px tall. (Photos at or under 600 ppi go in unchanged: tests/photos.rs.)
    for lang in LANGS {
        let rows = images(&print_path(lang));
        assert_eq!(rows.len(), 5, "{lang}: {rows:?}");
        for row in rows {
            assert_eq!((row.width, row.height), (496, 620), "{lang}: {row:?}");
            assert_eq!(row.x_ppi, 450, "{lang}: {row:?}");
        }
    }
}

/// The page text as a reader copies it: furniture (running head, footer) removed, lines joined
/// without a space inside CJK text and at inserted (soft) hyphens, with one elsewhere.
fn copied_text(lang: &str) -> String {
    let furniture = furniture(lang);
    let mut text = String::new();
    for line in pdftotext(&pdf_path(lang), &["-enc", "UTF-8"]).lines() {
        let line = line.trim_matches('\u{c}').trim();
        if line.is_empty() || furniture.contains(line) {
            continue;
        }
        if let Some(stripped) = text.strip_suffix('\u{ad}') {
            text = stripped.to_string();
        } else if let (Some(a), Some(b)) = (text.chars().last(), line.chars().next())
            && !(is_cjk(a) || is_cjk(b))
        {
            text.push(' ');
        }
        text.push_str(line);
    }
    text
}

/// The lines of page furniture (running head, folio): artifacts, not content.
fn furniture(lang: &str) -> BTreeSet<String> {
    let dump =
        std::fs::read_to_string(built().join(format!("japan-hk-forum-{lang}.layout.txt"))).unwrap();
    dump.lines()
        .filter(|l| l.trim_start().starts_with("text furniture"))
        .filter_map(|l| {
            l.split_once(" \"")
                .map(|(_, t)| t.trim_end_matches('"').to_string())
        })
        .collect()
}

fn is_cjk(c: char) -> bool {
    presskit::text::is_cjk(c)
}

/// Sentences of the release text, Markdown syntax removed.
fn sentences(lang: &str) -> Vec<String> {
    let md = std::fs::read_to_string(
        root().join(format!("kits/japan-hk-forum/content/release.{lang}.md")),
    )
    .unwrap();
    let mut out = vec![];
    for para in md.split("\n\n") {
        for line in para.lines() {
            let line = line.trim_start_matches(['#', '-', '>', ' ']).trim();
            let line = &readers::strip_language_spans(line);
            let mut current = String::new();
            let chars: Vec<char> = line.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                current.push(c);
                let end = match c {
                    '。' | '！' | '？' => true,
                    '.' | '!' | '?' => chars.get(i + 1).is_none_or(|n| *n == ' '),
                    _ => false,
                };
                if end {
                    out.push(current.trim().to_string());
                    current.clear();
                }
            }
            if !current.trim().is_empty() {
                out.push(current.trim().to_string());
            }
        }
    }
    out.retain(|s| s.chars().count() >= 12);
    out
}

#[test]
fn every_release_sentence_copies_out_exactly() {
    for lang in LANGS {
        let text = copied_text(lang);
        let sentences = sentences(lang);
        assert!(
            sentences.len() >= 10,
            "{lang}: only {} sentences",
            sentences.len()
        );
        for sentence in sentences {
            assert!(
                text.contains(&sentence),
                "{lang}: sentence not found in copied text:\n{sentence}\n--- text ---\n{text}"
            );
        }
    }
}

#[test]
fn cjk_text_copies_out_without_inserted_spaces() {
    for lang in ["ja", "zh-Hant-HK"] {
        let text = pdftotext(&pdf_path(lang), &["-enc", "UTF-8"]);
        // A space the kit's author typed (e.g. between a name and a title) is content.
        let kit = root().join("kits/japan-hk-forum");
        let source = std::fs::read_to_string(kit.join("presskit.toml")).unwrap()
            + &std::fs::read_to_string(kit.join(format!("content/release.{lang}.md"))).unwrap();
        // Page furniture is artifact content, which PDF cannot give an /ActualText.
        // Separate text items on one baseline (key figures side by side) are rightly apart.
        let dump =
            std::fs::read_to_string(built().join(format!("japan-hk-forum-{lang}.layout.txt")))
                .unwrap();
        let items: Vec<String> = dump
            .lines()
            .filter(|l| l.trim_start().starts_with("text "))
            .filter_map(|l| {
                l.split_once(" \"")
                    .map(|(_, t)| t.trim_end_matches('"').to_string())
            })
            .collect();
        // poppler puts a figure's large number and its smaller unit on separate lines, so the
        // line may hold only the end of the left item.
        let between_items = |left: &str, right: &str| {
            let tail = left.rsplit(' ').next().unwrap_or(left);
            let head = |r: &str| r.split(' ').next().unwrap_or(r).to_string();
            !tail.is_empty()
                && !head(right).is_empty()
                && items.iter().any(|a| a.ends_with(tail))
                && items.iter().any(|b| b.starts_with(&head(right)))
        };
        let unspaced = |s: &str| s.replace([' ', '\u{c}'], "");
        let furniture: BTreeSet<String> = furniture(lang).iter().map(|f| unspaced(f)).collect();
        for line in text.lines() {
            if furniture.contains(&unspaced(line)) {
                continue;
            }
            let chars: Vec<char> = line.chars().collect();
            for (i, w) in chars.windows(3).enumerate() {
                // Between two CJK characters, or between CJK and Latin letters or digits,
                // where jlreq/clreq put a quarter em that is spacing, not a character.
                let western = |c: char| c.is_ascii_alphanumeric();
                let spaced = (is_cjk(w[0]) || western(w[0])) && (is_cjk(w[2]) || western(w[2]));
                if spaced && (is_cjk(w[0]) || is_cjk(w[2])) && w[1] == ' ' {
                    let left: String = chars[..=i].iter().collect();
                    let right: String = chars[i + 2..].iter().collect();
                    if between_items(&left, &right) {
                        continue;
                    }
                    let triple: String = w.iter().collect();
                    assert!(
                        source.contains(&triple),
                        "{lang}: inserted space inside CJK text: {line}"
                    );
                }
            }
        }
    }
}

#[test]
fn no_text_line_runs_outside_the_text_area() {
    // A4 with 20 mm side margins: the text area spans 56.69 pt to 538.58 pt.
    let (left, right) = (56.69, 538.59);
    for lang in LANGS {
        let dump =
            std::fs::read_to_string(built().join(format!("japan-hk-forum-{lang}.layout.txt")))
                .unwrap();
        for t in dump_text_lines(&dump) {
            assert!(
                t.x >= left - 0.01 && t.x + t.w <= right + 0.01,
                "{lang}: line outside the text area: {}",
                t.line
            );
        }
    }
}

#[test]
fn rebuilding_gives_byte_identical_pdfs() {
    let again = tempfile::tempdir().unwrap();
    presskit::build(&options(again.path()), &|_| {}).unwrap();
    for name in LANGS.iter().flat_map(|l| {
        [
            format!("japan-hk-forum-{l}-screen.pdf"),
            format!("japan-hk-forum-{l}-print.pdf"),
        ]
    }) {
        let lang = &name;
        let a = std::fs::read(built().join(&name)).unwrap();
        let b = std::fs::read(again.path().join(&name)).unwrap();
        assert!(a == b, "{lang}: rebuild differs");
    }
}

#[test]
fn qpdf_finds_no_structural_errors() {
    for lang in LANGS {
        assert_qpdf_check(&pdf_path(lang));
    }
}

#[test]
fn font_manifest_matches_the_files() {
    use sha2::{Digest, Sha256};
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("fonts/MANIFEST.toml")).unwrap())
            .unwrap();
    let entries = manifest["font"].as_array().unwrap();
    assert!(entries.len() >= 10);
    for entry in entries {
        let file = entry["file"].as_str().unwrap();
        let bytes = std::fs::read(root().join("fonts").join(file)).unwrap();
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(digest, entry["sha256"].as_str().unwrap(), "{file}");
    }
    assert!(root().join("fonts/OFL.txt").is_file());
}

#[test]
fn print_pdfs_identify_as_pdfx4_with_a_cmyk_output_intent() {
    let profile = std::fs::read(root().join("layouts/icc/presskit-fogra39.icc")).unwrap();
    for lang in LANGS {
        let bytes = std::fs::read(print_path(lang)).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.6"), "{lang}: not PDF 1.6");
        let doc = load_print(lang);
        let info = info(&doc);
        assert_eq!(
            info.get(b"GTS_PDFXVersion").unwrap().as_str().unwrap(),
            b"PDF/X-4"
        );
        assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
        assert!(
            info.get(b"Title").is_ok()
                && info.get(b"CreationDate").is_ok()
                && info.get(b"ModDate").is_ok()
        );
        assert!(doc.trailer.get(b"ID").is_ok(), "{lang}: no document ID");
        assert!(doc.trailer.get(b"Encrypt").is_err(), "{lang}: encrypted");

        let catalog = doc.catalog().unwrap();
        let xmp = String::from_utf8_lossy(&xmp_packet(&doc)).to_string();
        assert!(
            xmp.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"),
            "{lang}: XMP lacks the PDF/X id"
        );
        assert!(xmp.contains("<pdf:Trapped>False</pdf:Trapped>"));
        // ISO 15930-7 §6.7.5 wants these; Adobe's XMP toolkit refuses a property named twice.
        for property in [
            "xmp:ModifyDate",
            "xmp:MetadataDate",
            "xmpMM:VersionID",
            "xmpMM:RenditionClass",
            "pdfxid:GTS_PDFXVersion",
            "pdf:Trapped",
        ] {
            assert_eq!(
                xmp.matches(&format!("<{property}>")).count(),
                1,
                "{lang}: {property}"
            );
        }
        assert!(xmp.contains("<xmpMM:RenditionClass>default<"), "{lang}");

        let intent = output_intent(&doc);
        assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
        assert_eq!(
            intent
                .get(b"OutputConditionIdentifier")
                .unwrap()
                .as_str()
                .unwrap(),
            b"FOGRA39"
        );
        let icc = doc
            .dereference(intent.get(b"DestOutputProfile").unwrap())
            .unwrap()
            .1
            .as_stream()
            .unwrap();
        assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
        assert_eq!(
            output_profile(&doc, intent),
            profile,
            "{lang}: profile bytes differ"
        );
        assert!(
            catalog.get(b"AcroForm").is_err() && catalog.get(b"Names").is_err(),
            "{lang}: forms or JavaScript"
        );
    }
}

#[test]
fn print_pages_have_trim_and_bleed_boxes_3mm_apart_inside_the_media_box() {
    let bleed = 3.0 * 72.0 / 25.4;
    let a4 = (210.0 * 72.0 / 25.4, 297.0 * 72.0 / 25.4);
    for lang in LANGS {
        let doc = load_print(lang);
        for (number, id) in doc.get_pages() {
            let page = doc.get_dictionary(id).unwrap();
            let trim = rect(&doc, page, b"TrimBox");
            let bleed_box = rect(&doc, page, b"BleedBox");
            let media = rect(&doc, page, b"MediaBox");
            assert!(
                (trim[2] - trim[0] - a4.0).abs() < 0.01 && (trim[3] - trim[1] - a4.1).abs() < 0.01,
                "{lang} p{number}: trim is not A4"
            );
            for i in 0..2 {
                assert!(
                    (trim[i] - bleed_box[i] - bleed).abs() < 0.01,
                    "{lang} p{number}: bleed {trim:?} {bleed_box:?}"
                );
                assert!(
                    (bleed_box[i + 2] - trim[i + 2] - bleed).abs() < 0.01,
                    "{lang} p{number}: bleed {trim:?} {bleed_box:?}"
                );
                assert!(
                    media[i] < bleed_box[i] && media[i + 2] > bleed_box[i + 2],
                    "{lang} p{number}: no room for marks"
                );
            }
        }
    }
}

#[test]
fn print_pdfs_use_no_device_rgb() {
    for lang in LANGS {
        let doc = load_print(lang);
        for (id, object) in &doc.objects {
            let (dict, stream) = match object {
                Object::Dictionary(d) => (d, None),
                Object::Stream(s) => (&s.dict, Some(s)),
                _ => continue,
            };
            let debug = format!("{dict:?}");
            assert!(
                !debug.contains("DeviceRGB"),
                "{lang}: object {id:?} names DeviceRGB"
            );
            if dict.get(b"Subtype").ok().and_then(name) == Some(b"Image") {
                let cs = doc.dereference(dict.get(b"ColorSpace").unwrap()).unwrap().1;
                assert!(
                    !matches!(cs, Object::Name(n) if n == b"DeviceRGB"),
                    "{lang}: RGB image"
                );
            }
            // Form XObjects carry content too; check their operators like the pages'.
            if let Some(stream) = stream
                && dict.get(b"Subtype").ok().and_then(name) == Some(b"Form")
            {
                assert_no_rgb_operators(
                    lang,
                    &stream
                        .decompressed_content()
                        .unwrap_or_else(|_| stream.content.clone()),
                );
            }
        }
    }
}

fn assert_no_rgb_operators(lang: &str, content: &[u8]) {
    let ops = lopdf::content::Content::decode(content).expect("content stream parses");
    for op in ops.operations {
        assert!(
            op.operator != "rg" && op.operator != "RG",
            "{lang}: DeviceRGB colour operator `{}`",
            op.operator
        );
    }
}

#[test]
fn print_page_contents_set_no_rgb_colour() {
    for lang in LANGS {
        let doc = load_print(lang);
        for (_, page) in doc.get_pages() {
            assert_no_rgb_operators(lang, &doc.get_page_content(page));
        }
    }
}

#[test]
fn print_keeps_cmyk_photos_cmyk_and_tags_rgb_photos_with_icc() {
    for lang in LANGS {
        let doc = load_print(lang);
        let mut cmyk = 0;
        let mut icc_rgb = 0;
        for object in doc.objects.values() {
            let Ok(stream) = object.as_stream() else {
                continue;
            };
            // Every photo, whether passed through (DCT) or downsampled (the sample's CMYK one).
            if stream.dict.get(b"Subtype").ok().and_then(name) != Some(b"Image") {
                continue;
            }
            match doc
                .dereference(stream.dict.get(b"ColorSpace").unwrap())
                .unwrap()
                .1
            {
                Object::Name(n) if n == b"DeviceCMYK" => cmyk += 1,
                Object::Array(a) if a.first().and_then(name) == Some(b"ICCBased") => icc_rgb += 1,
                other => panic!("{lang}: unexpected photo colour space {other:?}"),
            }
        }
        assert_eq!((cmyk, icc_rgb), (1, 4), "{lang}");
    }
}

#[test]
fn screen_pdfs_are_tagged_with_headings_figures_tables_and_links() {
    for lang in LANGS {
        let doc = load(lang);
        let mark_info = catalog_dict(&doc, b"MarkInfo");
        assert!(
            mark_info.get(b"Marked").unwrap().as_bool().unwrap(),
            "{lang}: not marked"
        );
        let prefs = catalog_dict(&doc, b"ViewerPreferences");
        assert!(
            prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap(),
            "{lang}: title not displayed"
        );
        let elements = structure_elements(&doc);
        let types: Vec<String> = elements.iter().map(|(s, _)| s.clone()).collect();
        let alts: Vec<String> = elements
            .iter()
            .filter(|(s, _)| s == "Figure")
            .map(|(_, d)| lopdf::decode_text_string(d.get(b"Alt").expect("figure has /Alt")))
            .map(Result::unwrap)
            .collect();
        for expected in [
            "H1", "H2", "H3", "P", "Figure", "Table", "TR", "TH", "TD", "Link",
        ] {
            assert!(
                types.iter().any(|t| t == expected),
                "{lang}: no {expected} element in {types:?}"
            );
        }
        assert_eq!(
            types.iter().filter(|t| *t == "TH").count(),
            3,
            "{lang}: header cells"
        );
        assert_eq!(
            types.iter().filter(|t| *t == "H1").count(),
            1,
            "{lang}: one H1"
        );
        assert_eq!(alts.len(), 5, "{lang}: five portraits");
        assert!(alts.iter().all(|a| !a.trim().is_empty()));
        if lang == "id" {
            assert!(
                types.iter().any(|t| t == "L") && types.iter().any(|t| t == "LI"),
                "{lang}: lists"
            );
        }
    }
}

#[test]
fn screen_photos_are_rgb_and_at_most_150_dpi_and_files_stay_under_1_mb() {
    for lang in LANGS {
        let size = std::fs::metadata(pdf_path(lang)).unwrap().len();
        assert!(size <= 1_000_000, "{lang}: screen PDF is {size} bytes");
        let rows = images(&pdf_path(lang));
        assert_eq!(rows.len(), 5, "{lang}: {rows:?}");
        for row in rows {
            assert_eq!(row.comps, 3, "{lang}: not RGB: {row:?}");
            assert_eq!(row.enc, "jpeg");
            assert!(
                row.x_ppi <= 150 && row.y_ppi <= 150,
                "{lang}: {}×{} ppi",
                row.x_ppi,
                row.y_ppi
            );
        }
    }
}

#[test]
fn phrases_in_another_language_are_marked_with_their_lang() {
    for lang in ["id", "ja"] {
        let doc = load(lang);
        let mut marked = vec![];
        for (_, page) in doc.get_pages() {
            let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
            for op in content.operations.iter().filter(|op| op.operator == "BDC") {
                if let Some(Object::Dictionary(props)) = op.operands.get(1)
                    && let Ok(l) = props.get(b"Lang")
                {
                    marked.push(lopdf::decode_text_string(l).unwrap());
                }
            }
        }
        assert!(!marked.is_empty(), "{lang}: no span carries /Lang");
        assert!(marked.iter().all(|l| l == "en"), "{lang}: {marked:?}");
    }
}

#[test]
fn layout_report_shows_no_overfull_line_no_forced_break_and_no_short_last_line() {
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(built().join("report.json")).unwrap())
            .unwrap();
    let summary = &report["summary"];
    assert_eq!(summary["overfull"], 0, "{summary}");
    assert_eq!(summary["forced_breaks"], 0, "{summary}");
    assert_eq!(summary["short_last_lines"], 0, "{summary}");
    assert_eq!(summary["prohibited_line_starts"], 0, "{summary}");
    assert_eq!(summary["prohibited_line_ends"], 0, "{summary}");
    assert!(
        summary["max_hyphens_in_a_row"].as_u64().unwrap() <= 2,
        "{summary}"
    );
    assert!(summary["lines"].as_u64().unwrap() > 300, "{summary}");
    let languages = report["languages"].as_array().unwrap();
    assert_eq!(languages.len(), 4);
    for lang in languages {
        for page in lang["pages"].as_array().unwrap() {
            for line in page["lines"].as_array().unwrap() {
                assert!(
                    line["text"].is_string()
                        && line["width"].is_number()
                        && line["ratio"].is_number()
                );
                assert!(
                    line["relaxed"].as_array().unwrap().is_empty()
                        || line["relaxed"][0] == "emergency_stretch",
                    "{line}"
                );
            }
        }
    }
}

/// Every PDF the sample kit builds, print and screen.
fn all_pdfs() -> Vec<PathBuf> {
    LANGS
        .iter()
        .flat_map(|lang| [print_path(lang), pdf_path(lang)])
        .collect()
}

#[test]
fn xmp_parses_with_adobes_toolkit_and_names_each_standard() {
    // exempi wraps Adobe's XMP toolkit, which reads nothing from a packet with a repeated
    // property; -x prints the packet it parsed.
    if !readers::tool(
        "sh",
        &["-c", "command -v exempi"],
        "exempi (Adobe XMP toolkit)",
    ) {
        return;
    }
    for path in all_pdfs() {
        let out = Command::new("exempi")
            .arg("-x")
            .arg(&path)
            .output()
            .unwrap();
        let xmp = String::from_utf8(out.stdout).unwrap();
        let value = |key: &str| {
            let open = format!("<{key}>");
            let start = xmp.find(&open)? + open.len();
            Some(xmp[start..start + xmp[start..].find('<')?].to_string())
        };
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            value("dc:format").as_deref() == Some("application/pdf"),
            "{name}: the XMP toolkit could not parse the packet:\n{xmp}"
        );
        assert_eq!(xmp.matches("<xmp:ModifyDate>").count(), 1, "{name}");
        assert_eq!(value("xmp:ModifyDate"), value("xmp:CreateDate"), "{name}");
        if name.ends_with("-print.pdf") {
            assert_eq!(
                value("pdfxid:GTS_PDFXVersion").as_deref(),
                Some("PDF/X-4"),
                "{name}"
            );
            assert_eq!(value("pdf:Trapped").as_deref(), Some("False"), "{name}");
            assert_eq!(
                value("xmpMM:RenditionClass").as_deref(),
                Some("default"),
                "{name}"
            );
            assert!(value("xmpMM:VersionID").is_some(), "{name}: no VersionID");
            assert_eq!(value("xmp:MetadataDate"), value("xmp:ModifyDate"), "{name}");
        } else {
            assert_eq!(value("pdfaid:part").as_deref(), Some("2"), "{name}");
            assert_eq!(value("pdfaid:conformance").as_deref(), Some("A"), "{name}");
            assert_eq!(value("pdfuaid:part").as_deref(), Some("1"), "{name}");
        }
    }
}

#[test]
fn marked_content_text_objects_and_saved_states_nest_on_every_page() {
    for path in all_pdfs() {
        let doc = Document::load(&path).unwrap();
        for (number, page) in doc.get_pages() {
            let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
            // Each open pair's opening operator; a closing operator must close the innermost.
            let mut open: Vec<&str> = vec![];
            for op in &content.operations {
                let closes = match op.operator.as_str() {
                    "q" | "BT" | "BDC" | "BMC" => {
                        open.push(if op.operator == "BMC" {
                            "BDC"
                        } else {
                            &op.operator
                        });
                        continue;
                    }
                    "Q" => "q",
                    "ET" => "BT",
                    "EMC" => "BDC",
                    _ => continue,
                };
                assert_eq!(
                    open.pop(),
                    Some(closes),
                    "{}: page {number}: {} crosses an open pair",
                    path.display(),
                    op.operator
                );
            }
            assert!(
                open.is_empty(),
                "{}: page {number}: unclosed {open:?}",
                path.display()
            );
        }
    }
}

#[test]
fn pages_are_labelled_one_to_n() {
    for path in all_pdfs() {
        let doc = Document::load(&path).unwrap();
        let labels = catalog_dict(&doc, b"PageLabels");
        let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
        // (first page index, style, start) per range (ISO 32000-1 §12.4.2; /St defaults to 1).
        let ranges: Vec<(i64, Vec<u8>, i64)> = nums
            .chunks(2)
            .map(|pair| {
                let dict = dict(&doc, &pair[1]);
                (
                    pair[0].as_i64().unwrap(),
                    dict.get(b"S").unwrap().as_name().unwrap().to_vec(),
                    dict.get(b"St").map_or(1, |s| s.as_i64().unwrap()),
                )
            })
            .collect();
        let count = doc.get_pages().len() as i64;
        let shown: Vec<String> = (0..count)
            .map(|i| {
                let (first, style, start) = ranges.iter().rev().find(|r| r.0 <= i).unwrap();
                assert_eq!(style, b"D", "decimal numbers");
                (start + i - first).to_string()
            })
            .collect();
        let expected: Vec<String> = (1..=count).map(|n| n.to_string()).collect();
        assert_eq!(shown, expected, "{}", path.display());
    }
}

#[test]
fn cjk_latin_boundaries_copy_out_without_spaces_in_poppler_pdfium_and_pdfjs() {
    let mut paths = vec![];
    let mut expected = vec![];
    for lang in ["ja", "zh-Hant-HK"] {
        let release = root().join(format!("kits/japan-hk-forum/content/release.{lang}.md"));
        let boundaries = readers::cjk_latin_boundaries(&release);
        assert!(
            boundaries.len() >= 20,
            "{lang}: {} boundaries",
            boundaries.len()
        );
        for path in [print_path(lang), pdf_path(lang)] {
            paths.push(path);
            expected.push(boundaries.clone());
        }
    }
    readers::assert_boundaries_copy_out_unspaced(&paths, &expected);
}

#[test]
fn print_colours_are_the_layouts_percentages_exactly() {
    let layout: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap()).unwrap();
    let as_inks = |v: &toml::Value| -> Vec<f64> {
        let percent = v
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_integer().unwrap() as f64);
        percent.map(|p| p / 100.0).collect()
    };
    let named: Vec<(String, Vec<f64>)> = layout["colours"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), as_inks(v)))
        .collect();
    // Paper white (text on the cover band) and registration-free black (the slug line).
    let mut allowed: Vec<Vec<f64>> = named.iter().map(|(_, v)| v.clone()).collect();
    allowed.push(vec![0.0, 0.0, 0.0, 0.0]);
    allowed.push(vec![0.0, 0.0, 0.0, 1.0]);
    for lang in LANGS {
        let doc = load_print(lang);
        let mut seen: Vec<Vec<f64>> = vec![];
        for page in doc.get_pages().into_values() {
            let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
            for op in content
                .operations
                .iter()
                .filter(|o| matches!(o.operator.as_str(), "k" | "K"))
            {
                let inks: Vec<f64> = op
                    .operands
                    .iter()
                    .map(|o| o.as_float().unwrap() as f64)
                    .collect();
                // f32 holds 0.55 as 0.550000011920929: exact to what PDF numbers can say.
                let found = allowed
                    .iter()
                    .find(|c| c.iter().zip(&inks).all(|(a, b)| (a - b).abs() < 1e-6));
                assert!(
                    found.is_some(),
                    "{lang}: CMYK {inks:?} is not a layout colour"
                );
                seen.push(found.unwrap().clone());
            }
        }
        for name in ["text", "accent"] {
            let colour = &named.iter().find(|(n, _)| n == name).unwrap().1;
            assert!(
                seen.contains(colour),
                "{lang}: {name} colour {colour:?} never drawn"
            );
        }
    }
}

#[test]
fn one_text_object_per_line_serves_every_reader() {
    // tests/readers/fixtures/README.md: krilla 0.8.2's runs against one text object per line.
    let fixtures = root().join("tests/readers/fixtures");
    let files = [
        fixtures.join("one-text-object.pdf"),
        fixtures.join("krilla-runs.pdf"),
    ];
    let source = "など4者がHKSTP顧問";
    for reader in readers::READERS {
        if !readers::available(reader) {
            continue;
        }
        let [one, runs] = <[String; 2]>::try_from(readers::extract(reader, &files)).unwrap();
        assert_eq!(one, source, "{reader}: one text object per line");
        if reader == "pdfjs" {
            assert!(
                runs != source && runs.replace(' ', "") == source,
                "pdf.js now copies krilla's runs as {runs:?}: revisit vendor/krilla/PATCHES.md"
            );
        } else {
            assert_eq!(runs, source, "{reader}: krilla's runs");
        }
    }
}

#[test]
fn links_and_language_spans_next_to_cjk_copy_out_without_spaces() {
    // A link or a phrase in another language is an item of its own inside the line; the
    // quarter em at its edge must copy out as nothing, like any other (text not tuned for: a
    // paragraph the sample kit does not have).
    let dir = tempfile::tempdir().unwrap();
    let kit = dir.path().join("kit");
    common::copy_dir(&root().join("kits/japan-hk-forum"), &kit);
    let release = kit.join("content/release.ja.md");
    let md = std::fs::read_to_string(&release).unwrap();
    let added = "\n\n詳細は[www.hkstp.org](https://www.hkstp.org)を参照、\
                 [INNOPOLE](https://example.org/innopole)計画の500社と\
                 <span lang=\"en\">Press</span>各社へ、<span lang=\"en\">AI</span>と\
                 [3者](https://example.org/three)のQ&A。\n";
    std::fs::write(&release, md + added).unwrap();
    let options = BuildOptions {
        languages: vec!["ja".into()],
        dump: false,
        report: None,
        ..kit_dir_options(&kit, &dir.path().join("out"))
    };
    presskit::build(&options, &|_| {}).expect("kit builds");
    let boundaries = readers::cjk_latin_boundaries(&release);
    for pair in [
        ("細は", "ww"),
        ("rg", "を参"),
        ("LE", "計画"),
        ("ss", "各社"),
        ("AI", "と3"),
    ] {
        let pair = (pair.0.to_string(), pair.1.to_string());
        assert!(boundaries.contains(&pair), "{pair:?} in {boundaries:?}");
    }
    let paths: Vec<PathBuf> = ["print", "screen"]
        .iter()
        .map(|v| dir.path().join(format!("out/japan-hk-forum-ja-{v}.pdf")))
        .collect();
    for reader in readers::READERS {
        if !readers::available(reader) {
            continue;
        }
        for (path, text) in paths.iter().zip(readers::extract(reader, &paths)) {
            let what = format!("{reader}: {}", path.display());
            let spaced = readers::spaced_boundaries(&text, &boundaries, &what);
            assert!(spaced.is_empty(), "{what}: {spaced:?}");
        }
    }
}
