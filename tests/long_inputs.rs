//! Inputs far larger than a press kit needs (issue 8, from issues 9 and 10): a word of 15,000
//! characters in body text and in a headline, a 2 MB paragraph and a release of 3,000
//! paragraphs. Each must set completely, with no overfull line, and a word too wide for the line
//! is broken anywhere and reported as a forced break.
//!
//! No test measures time. They are sized so that a quadratic step would not finish in any
//! reasonable time (an 80 KB paragraph took 36 s and a 4,000-character heading word 45 s when
//! glyph lookups and the headline breaker were quadratic), while the linear code sets them in
//! a few seconds.

use presskit::diag::Origin;
use presskit::geom::{Abs, Cmyk};
use presskit::text::{
    Align, LangProfile, Line, ParagraphSpec, Relaxation, Run, TextStyle, set_paragraph,
};
use presskit::{BuildOptions, Variant};

mod common;
use common::{book, copy_dir, fonts, kit_dir_options, root};

/// The a4 layout's measure: 210 mm less 2 × 20 mm margins.
const MEASURE_PT: f64 = 170.0 / 25.4 * 72.0;

fn set(lang: &str, text: &str, align: Align, balance: bool, size: f64) -> Vec<Line> {
    let fonts = fonts(lang);
    let origin = Origin::default();
    let profile = LangProfile::resolve(lang);
    let spec = ParagraphSpec {
        align,
        balance,
        ..ParagraphSpec::new(&profile, &fonts, Abs::pt(MEASURE_PT), &origin)
    };
    let run = Run {
        text: text.into(),
        style: TextStyle {
            size: Abs::pt(size),
            bold: balance,
            oblique: false,
            colour: Cmyk::BLACK,
        },
        link: None,
        lang: None,
    };
    set_paragraph(book(), spec, &[run]).expect("the paragraph sets")
}

/// A capitalised word (names are never hyphenated) of `n` letters with no break opportunity
/// inside: deterministic pseudo-random lowercase after the capital.
fn long_word(n: usize) -> String {
    let mut seed: u32 = 12345;
    std::iter::once('Q')
        .chain((1..n).map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (b'a' + (seed >> 16) as u8 % 26) as char
        }))
        .collect()
}

fn assert_fits(lines: &[Line], context: &str) {
    for (i, line) in lines.iter().enumerate() {
        assert!(
            !line.relaxed.contains(&Relaxation::Overfull)
                && line.width.fits_in(Abs::pt(MEASURE_PT) + Abs::pt(0.01)),
            "{context}: line {i} overfull ({:?} pt)",
            line.width.to_pt()
        );
    }
}

/// The word's lines end inside it without a hyphen, each such break reported as forced, and the
/// lines give back the text.
fn check_broken_word(lines: &[Line], text: &str, word: &str, context: &str) {
    assert_fits(lines, context);
    let joined: String = lines.iter().map(Line::text).collect::<Vec<_>>().join("");
    assert_eq!(
        joined.split_whitespace().collect::<String>(),
        text.split_whitespace().collect::<String>(),
        "{context}: the lines do not give back the text"
    );
    // At 10 pt a line holds well under 200 letters, so a 15,000-letter word spans more than 75
    // lines; every line that ends inside the word is a forced break.
    let inside = lines
        .iter()
        .filter(|l| {
            let t = l.text();
            !t.ends_with(' ') && word.contains(t.trim())
        })
        .count();
    let forced = lines
        .iter()
        .filter(|l| l.relaxed.contains(&Relaxation::ForcedBreak))
        .count();
    assert!(lines.len() > 75, "{context}: only {} lines", lines.len());
    assert!(
        forced + 2 >= inside && forced > 70,
        "{context}: {forced} forced breaks reported for {inside} lines inside the word"
    );
    assert!(
        lines.iter().all(|l| !l.hyphenated),
        "{context}: a hyphen was inserted into a name"
    );
}

#[test]
fn a_15000_character_word_is_broken_anywhere_and_reported_in_body_text() {
    let word = long_word(15_000);
    let text = format!("Before {word} after.");
    for align in [Align::Justify, Align::Left] {
        let lines = set("en", &text, align, false, 10.0);
        check_broken_word(&lines, &text, &word, &format!("body {align:?}"));
    }
}

#[test]
fn a_15000_character_word_is_broken_anywhere_and_reported_in_a_headline() {
    let word = long_word(15_000);
    // At 22 pt bold, fewer letters per line: more lines still.
    let lines = set("en", &word, Align::Left, true, 22.0);
    check_broken_word(&lines, &word, &word, "headline");
}

/// The sample release's paragraphs, one per line, Markdown emphasis and links kept.
fn release_paragraphs(lang: &str) -> Vec<String> {
    let source = std::fs::read_to_string(
        root().join(format!("kits/japan-hk-forum/content/release.{lang}.md")),
    )
    .unwrap();
    source
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty() && !p.starts_with('#'))
        .collect()
}

#[test]
fn a_2_mb_paragraph_sets_completely() {
    // 2 MB of English; 600 KB of Japanese (200,000 characters, some 4,000 lines).
    for (lang, bytes) in [("en", 2_000_000), ("ja", 600_000)] {
        let sep = if lang == "en" { " " } else { "" };
        let one = release_paragraphs(lang).join(sep);
        let mut text = String::with_capacity(bytes + one.len());
        while text.len() < bytes {
            text.push_str(&one);
            text.push_str(sep);
        }
        let text = text.replace(['*', '[', ']'], "");
        let lines = set(lang, text.trim_end(), Align::Justify, false, 10.0);
        assert_fits(&lines, lang);
        // The lines give back the text: spaces vanish at breaks, inserted hyphens copy out as
        // soft hyphens.
        let visible = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{AD}')
                .collect()
        };
        let set_text: String = lines.iter().map(|l| visible(&l.text())).collect();
        assert!(
            set_text == visible(&text),
            "{lang}: the lines do not give back the text"
        );
        assert!(lines.len() > 2_000, "{lang}: {} lines", lines.len());
    }
}

#[test]
fn a_3000_paragraph_release_builds() {
    let dir = tempfile::tempdir().unwrap();
    let kit = dir.path().join("kit");
    copy_dir(&root().join("kits/japan-hk-forum"), &kit);
    let paragraphs = release_paragraphs("en");
    let release: Vec<&str> = paragraphs
        .iter()
        .map(String::as_str)
        .cycle()
        .take(3_000)
        .collect();
    std::fs::write(kit.join("content/release.en.md"), release.join("\n\n")).unwrap();
    let out = dir.path().join("out");
    let report_path = out.join("report.json");
    let options = BuildOptions {
        languages: vec!["en".into()],
        variants: vec![Variant::Screen],
        dump: false,
        ..kit_dir_options(&kit, &out)
    };
    let report = presskit::build(&options, &|_| {}).expect("the long kit builds");
    assert_eq!(report.outputs.len(), 1);
    // The sample release fills about a page; 3,000 paragraphs are some 240 pages.
    assert!(
        report.outputs[0].pages > 200,
        "{} pages",
        report.outputs[0].pages
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report_path).unwrap()).unwrap();
    assert_eq!(json["summary"]["overfull"], 0);
    // Every paragraph's last line is in the report: 3,000 release paragraphs plus the rest.
    let last_lines = json["languages"][0]["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["lines"].as_array().unwrap())
        .filter(|l| l["last"] == true)
        .count();
    assert!(last_lines >= 3_000, "{last_lines} paragraph ends");
}

/// A `##` heading of one 15,000-character word builds whole in both variants: it flows over
/// pages line by line (a heading is otherwise kept in one piece) and its bookmark title is cut,
/// so the screen PDF stays within PDF/A's string limits.
#[test]
fn a_15000_character_heading_word_builds_in_both_variants() {
    for (lang, word) in [
        ("en", long_word(15_000)),
        ("ja", "アイウエオカキクケコサシスセソ".repeat(1_000)),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let kit = dir.path().join("kit");
        copy_dir(&root().join("tests/kits/minimal"), &kit);
        let release = kit.join(format!("release.{lang}.md"));
        let mut text = std::fs::read_to_string(&release).unwrap();
        text.push_str(&format!("\n\n## {word}\n\nAfter the heading.\n"));
        std::fs::write(&release, text).unwrap();
        let out = dir.path().join("out");
        let options = BuildOptions {
            languages: vec![lang.into()],
            report: None,
            ..kit_dir_options(&kit, &out)
        };
        let report = presskit::build(&options, &|_| {})
            .unwrap_or_else(|e| panic!("{lang}: the kit with a long heading builds: {e:?}"));
        assert_eq!(report.outputs.len(), 2, "{lang}");
        // Some 5 pages of heading lines beyond the minimal kit's two.
        assert!(report.outputs.iter().all(|o| o.pages > 5), "{lang}");
        // Every character of the word is set, in heading lines (h2 in the dump).
        let dump = std::fs::read_to_string(out.join(format!("minimal-{lang}.layout.txt"))).unwrap();
        let set: usize = dump
            .lines()
            .filter(|l| l.trim_start().starts_with("text h2"))
            .filter_map(|l| l.split('"').nth(1))
            .map(|t| t.chars().filter(|c| word.contains(*c)).count())
            .sum();
        assert!(set >= 15_000, "{lang}: {set} characters of the word set");
        // A Latin word has no break point, so its breaks are reported; kana may break
        // between any two characters (jlreq), so the Japanese word needs no forced break.
        if lang == "en" {
            assert!(
                report.warnings.iter().any(|w| w.message.contains("broken")),
                "{lang}: the forced breaks are reported"
            );
        }
    }
}
