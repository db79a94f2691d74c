//! Builds `tests/kits/content` — the inputs comms teams bring that the first sample kit never
//! shows — and checks the PDFs by parsing them (lopdf, and `pdftotext` from poppler-utils).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lopdf::Document;
use presskit::{BuildOptions, Variant};

mod common;
use common::pdf::{link_uris, pdftotext};
use common::{kit_dir_options, root, structure_types};

fn options(kit: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        variants: vec![Variant::Screen],
        report: None,
        ..kit_dir_options(kit, out)
    }
}

/// The content kit, built once (screen variant) for all tests in this file.
fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        presskit::build(
            &options(&root().join("tests/kits/content"), dir.path()),
            &|_| {},
        )
        .expect("content kit builds");
        dir
    })
    .path()
}

fn text_of(pdf: &Path) -> String {
    pdftotext(pdf, &["-layout"])
}

fn screen(lang: &str) -> PathBuf {
    built().join(format!("content-{lang}-screen.pdf"))
}

fn dump(lang: &str) -> String {
    std::fs::read_to_string(built().join(format!("content-{lang}.layout.txt"))).unwrap()
}

/// (x, y) of the dump line holding `text`.
fn position(dump: &str, text: &str) -> (f64, f64) {
    let line = dump
        .lines()
        .find(|l| l.contains(&format!("\"{text}")))
        .unwrap_or_else(|| panic!("no line starting {text:?} in\n{dump}"));
    let field = |name: &str| -> f64 {
        line.split_whitespace()
            .find_map(|f| f.strip_prefix(name))
            .unwrap()
            .parse()
            .unwrap()
    };
    (field("x="), field("y="))
}

#[test]
fn a_speaker_without_a_photo_gets_no_image_and_the_full_width() {
    for lang in ["en", "ja"] {
        let dump = dump(lang);
        let images: Vec<&str> = dump.lines().filter(|l| l.contains("  image ")).collect();
        assert_eq!(images.len(), 1, "{lang}: one portrait only: {images:?}");
        let body_x = position(
            &dump,
            if lang == "en" {
                "Kyoto Energy Week opened"
            } else {
                "京都エネルギーウィークが"
            },
        )
        .0;
        let (with_photo, without) = if lang == "en" {
            ("Aiko Sato chairs", "Ken Ito sent no photo")
        } else {
            ("佐藤愛子氏は", "伊藤健氏は")
        };
        // a4: the photo is 28 mm (79.4 pt) wide, the gap 5 mm.
        assert!(position(&dump, with_photo).0 > body_x + 79.0, "{lang}");
        assert_eq!(
            position(&dump, without).0,
            body_x,
            "{lang}: card text starts at the margin"
        );
        // The card without photo uses the measure: its bio line is wider than the photo column allows.
        let doc = Document::load(screen(lang)).unwrap();
        let types = structure_types(&doc);
        assert_eq!(
            types.iter().filter(|t| *t == "Figure").count(),
            1,
            "{lang}: {types:?}"
        );
    }
}

#[test]
fn paragraphs_of_bio_about_and_cells_are_separate_p_elements_with_space_between() {
    // The same kit with every multi-paragraph field joined into one paragraph has 4 fewer P:
    // one each for the bio and About, two for the cell (a one-paragraph cell is its own text).
    let joined = tempfile::tempdir().unwrap();
    for file in ["presskit.toml", "release.en.md", "release.ja.md"] {
        let text = std::fs::read_to_string(root().join("tests/kits/content").join(file)).unwrap();
        std::fs::write(joined.path().join(file), text.replace("\\n\\n", " ")).unwrap();
    }
    // A kit reads photos only from its own folder.
    std::fs::copy(
        root().join("tests/kits/content/portrait.jpg"),
        joined.path().join("portrait.jpg"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(joined.path(), out.path());
    opts.languages = vec!["en".into()];
    presskit::build(&opts, &|_| {}).expect("joined kit builds");
    let count_p = |path: &Path| {
        let doc = Document::load(path).unwrap();
        structure_types(&doc).iter().filter(|t| *t == "P").count()
    };
    let split = count_p(&screen("en"));
    let one = count_p(&out.path().join("content-en-screen.pdf"));
    assert_eq!(split, one + 4, "P elements: {split} split, {one} joined");

    // Paragraph space: a4 body 10 pt at 1.45 leading is a 14.5 pt pitch; paragraphs add 0.6 em.
    let dump = dump("en");
    let (_, first) = position(&dump, "The Kyoto Energy Forum brings");
    let (_, second) = position(&dump, "It meets every spring");
    assert!(
        (second - first - 20.5).abs() < 0.1,
        "About paragraphs {:.2} pt apart",
        second - first
    );
    let (_, first) = position(&dump, "Aiko Sato chairs");
    let (_, second) = position(&dump, "She opened the week");
    assert!(
        (second - first - 20.5).abs() < 0.1,
        "bio paragraphs {:.2} pt apart",
        second - first
    );
}

#[test]
fn empty_cells_are_table_cells_with_no_text() {
    for lang in ["en", "ja"] {
        let doc = Document::load(screen(lang)).unwrap();
        let types = structure_types(&doc);
        // Two rows of three cells, two of them empty, plus the header.
        assert_eq!(
            types.iter().filter(|t| *t == "TD").count(),
            6,
            "{lang}: {types:?}"
        );
        assert_eq!(types.iter().filter(|t| *t == "TH").count(), 3, "{lang}");
        let text = text_of(&screen(lang));
        // The row "Storage | 150 MWh | (empty)": nothing is drawn after the amount.
        let storage_row = text.lines().find(|l| l.contains("150")).unwrap();
        assert!(
            storage_row.trim_end().ends_with("MWh"),
            "{lang}: {storage_row:?}"
        );
    }
}

#[test]
fn phones_are_labelled_and_each_links_to_its_own_rfc3966_uri() {
    let en = text_of(&screen("en"));
    assert!(en.contains("Tel. (Osaka): +81 6 0000 0000"), "{en}");
    assert!(
        en.contains("Tel. (Tokyo): +81 (3) 0000-0000 ext. 12"),
        "{en}"
    );
    assert!(en.contains("Media relations"), "contact role: {en}");
    let ja = text_of(&screen("ja"));
    // The Japanese separator is the full-width colon (jlreq), with no ASCII ": " after a label.
    assert!(ja.contains("電話（大阪）：+81 6 0000 0000"), "{ja}");
    assert!(ja.contains("メール：press@example.org"), "{ja}");
    assert!(!ja.contains(": "), "ASCII colon in Japanese text: {ja}");
    for lang in ["en", "ja"] {
        let mut uris = link_uris(&Document::load(screen(lang)).unwrap());
        uris.sort();
        for expected in [
            "tel:+81600000000",
            "tel:+81300000000;ext=12",
            "mailto:press@example.org",
        ] {
            assert!(
                uris.iter().any(|u| u == expected),
                "{lang}: no {expected} in {uris:?}"
            );
        }
    }
}

#[test]
fn cover_names_the_embargo_zone_and_never_doubles_the_organisers_label() {
    let en = text_of(&screen("en"));
    assert!(
        en.contains("EMBARGOED UNTIL 2 March 2026 09:00 JST"),
        "{en}"
    );
    assert!(!en.contains("UTC+09:00"), "the zone replaces the offset");
    // The organiser's text says "Organised by" itself, so no label is put before it.
    assert!(en.contains("Organised by the Kyoto Energy Forum"));
    assert!(!en.contains("Co-hosted by"), "{en}");
    let ja = text_of(&screen("ja"));
    assert!(ja.contains("2026年3月2日 09:00 日本時間"), "{ja}");
    // `[labels.co_hosts] ja = ""` switches the Japanese label off; English keeps its own rule.
    assert!(
        ja.contains("主催：京都エネルギーフォーラム") && !ja.contains("共催"),
        "{ja}"
    );
}
