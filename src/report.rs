//! The layout report (`presskit build --report FILE.json`): every line of every page with its
//! width, adjustment ratio and any rule that had to be relaxed, so quality can be checked by a
//! program rather than by eye.

use serde::Serialize;

use crate::layout::{Item, PagedDoc};
use crate::text::{LangProfile, Relaxation};

/// The report of a build: one entry per language, and totals.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Kit id.
    pub kit: String,
    /// Per language.
    pub languages: Vec<LanguageReport>,
    /// Counts over all languages.
    pub summary: Summary,
}

/// One language's pages.
#[derive(Debug, Serialize)]
pub struct LanguageReport {
    /// BCP 47 tag.
    pub lang: String,
    /// Pages in order.
    pub pages: Vec<PageReport>,
}

/// One page's lines.
#[derive(Debug, Serialize)]
pub struct PageReport {
    /// 1-based page number.
    pub page: usize,
    /// Lines in drawing order (running heads and footers included).
    pub lines: Vec<LineReport>,
}

/// One line.
#[derive(Debug, Serialize)]
pub struct LineReport {
    /// The text as it copies out.
    pub text: String,
    /// Left edge and baseline, pt from the trim box's top-left.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Width, pt.
    pub width: f64,
    /// Adjustment ratio (0 when not justified).
    pub ratio: f64,
    /// Ends with an inserted hyphen.
    pub hyphenated: bool,
    /// Starts its paragraph (so no line-start rule applies).
    pub first: bool,
    /// Ends its paragraph or a hard line break (so no line-end rule applies).
    pub last: bool,
    /// Rules relaxed to set it.
    pub relaxed: Vec<Relaxation>,
}

/// Totals of relaxed rules.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Lines in all.
    pub lines: usize,
    /// Lines wider than their box.
    pub overfull: usize,
    /// Words broken without a hyphenation point.
    pub forced_breaks: usize,
    /// Lines stretched beyond tolerance.
    pub emergency_stretch: usize,
    /// Paragraphs whose last line is shorter than the layout's minimum.
    pub short_last_lines: usize,
    /// Lines starting with a character the language's line-start rules forbid there.
    pub prohibited_line_starts: usize,
    /// Lines ending with a character the language's line-end rules forbid there.
    pub prohibited_line_ends: usize,
    /// The longest run of consecutive lines ending in an inserted hyphen.
    pub max_hyphens_in_a_row: usize,
    /// Lines ending in an inserted hyphen.
    pub hyphenated_lines: usize,
    /// Justified lines of Japanese or Chinese spread by more than the language allows between
    /// characters (a quarter em, jlreq §3.8.3 and clreq §3.7): letterspaced to fill the measure.
    /// Letter-spacing of justified Latin, Greek and Cyrillic lines within the layout's
    /// `justify_tracking_percent` is ordinary justification (the line's `ratio` stays within
    /// the tolerance) and is not counted; a line past the tolerance counts as emergency stretch.
    pub letterspaced_lines: usize,
}

/// Builds the report of a kit's laid-out languages.
pub fn report(kit: &str, docs: &[&PagedDoc]) -> Report {
    let mut summary = Summary::default();
    let languages = docs
        .iter()
        .map(|doc| {
            let pages: Vec<PageReport> = doc
                .pages
                .iter()
                .enumerate()
                .map(|(i, page)| PageReport {
                    page: i + 1,
                    lines: lines(page, &mut summary),
                })
                .collect();
            check_rules(&doc.lang, &pages, &mut summary);
            LanguageReport {
                lang: doc.lang.clone(),
                pages,
            }
        })
        .collect();
    Report {
        kit: kit.to_string(),
        languages,
        summary,
    }
}

/// A page's lines; the pieces a line was split into (links, other languages) share its origin
/// and are joined back into one line.
fn lines(page: &crate::layout::Page, summary: &mut Summary) -> Vec<LineReport> {
    let mut out: Vec<LineReport> = vec![];
    for item in &page.items {
        let Item::Text { origin, line, .. } = item else {
            continue;
        };
        let (x, y) = (round(origin.x.to_pt()), round(origin.y.to_pt()));
        if let Some(previous) = out.last_mut()
            && previous.x == x
            && previous.y == y
            && previous.width == round(line.width.to_pt())
        {
            previous.text.push_str(&line.text());
            continue;
        }
        summary.lines += 1;
        for r in &line.relaxed {
            match r {
                Relaxation::Overfull => summary.overfull += 1,
                Relaxation::ForcedBreak => summary.forced_breaks += 1,
                Relaxation::EmergencyStretch => summary.emergency_stretch += 1,
                Relaxation::ShortLastLine => summary.short_last_lines += 1,
            }
        }
        out.push(LineReport {
            text: line.text(),
            x,
            y,
            width: round(line.width.to_pt()),
            ratio: round(line.ratio),
            hyphenated: line.hyphenated,
            first: line.first,
            last: line.last,
            relaxed: line.relaxed.clone(),
        });
    }
    out
}

/// Counts lines that start or end against the language's kinsoku where a line was broken
/// (not at a paragraph's edges), hyphenated and letterspaced lines, and the longest stack of
/// hyphenated lines, over a language's lines in reading order.
fn check_rules(lang: &str, pages: &[PageReport], summary: &mut Summary) {
    let profile = LangProfile::resolve(lang);
    let kinsoku = profile.kinsoku;
    let mut in_a_row = 0;
    for line in pages.iter().flat_map(|p| &p.lines) {
        let text = line.text.trim_end_matches('\u{AD}');
        if !line.first && text.chars().next().is_some_and(|c| !kinsoku.may_start(c)) {
            summary.prohibited_line_starts += 1;
        }
        if !line.last
            && text
                .chars()
                .next_back()
                .is_some_and(|c| !kinsoku.may_end(c))
        {
            summary.prohibited_line_ends += 1;
        }
        // Ratio 1 spreads each inter-character gap by the quarter em the profile allows.
        if profile.inter_character_stretch && !line.last && line.ratio > 1.0 {
            summary.letterspaced_lines += 1;
        }
        summary.hyphenated_lines += usize::from(line.hyphenated);
        in_a_row = if line.hyphenated { in_a_row + 1 } else { 0 };
        summary.max_hyphens_in_a_row = summary.max_hyphens_in_a_row.max(in_a_row);
    }
}

/// Two decimals: enough to compare, stable across platforms.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
