//! Stage 3, **text**: styled runs of one paragraph → [`Line`]s of positioned glyphs.
//!
//! A service rather than a step in the chain: layout calls it to set paragraphs and pdf reads
//! the glyph runs it made. It owns fonts, language profiles and line breaking, and knows no kit
//! (it imports no stage).
//!
//! Steps: choose a face per character by script and language (`shape.rs`) → shape each run with
//! rustybuzz, the language set so regional forms and `locl` apply → compress punctuation
//! (`spacing.rs`) → find break opportunities (UAX #14 with kinsoku, hyphenation, amounts, URLs;
//! `breaks.rs`; for headlines, tiers of phrase boundaries in `headline.rs`) → build boxes, glue,
//! kerns and penalties (`items.rs`) → choose breaks (`linebreak::LineBreaker`: total fit,
//! balanced, ragged) → place and justify the lines (`lines.rs`). Justified Latin, Greek and
//! Cyrillic lines may letter-space what their spaces cannot take (`linebreak::fill`).

mod breaks;
mod fonts;
mod headline;
mod items;
mod kinsoku;
mod lang;
mod linebreak;
mod lines;
mod phrase;
mod script;
mod shape;
mod spacing;

use std::ops::Range;

pub use self::breaks::{BreakKind, opportunities};
pub use self::fonts::{Face, FontBook, FontChoice, FontId};
use self::headline::headline_tiers;
use self::items::build_items;
pub use self::lang::LangProfile;
use self::linebreak::{Balanced, LineBreaker, RaggedFit, TotalFit};
use self::lines::assemble;
pub use self::script::is_cjk;
use self::shape::{Fallback, ShapedGlyph};
use crate::diag::{Origin, StrResult};
use crate::geom::{Abs, Cmyk};

/// Character formatting of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Font size.
    pub size: Abs,
    /// Bold face.
    pub bold: bool,
    /// Slanted (synthesised, as the bundled families have no italics).
    pub oblique: bool,
    /// Fill colour.
    pub colour: Cmyk,
}

/// A piece of paragraph text with one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Its style.
    pub style: TextStyle,
    /// Link target.
    pub link: Option<String>,
    /// Language, when it differs from the paragraph's: shaping uses it, tagging marks it.
    pub lang: Option<String>,
}

/// Horizontal alignment of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left, ragged right.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
    /// Both edges flush, last line flush left.
    Justify,
}

/// What the text stage needs to set a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct ParagraphSpec<'a> {
    /// The text's language, resolved once from its tag.
    pub profile: &'a LangProfile,
    /// Families of the language.
    pub fonts: &'a FontChoice,
    /// Line width.
    pub width: Abs,
    /// Alignment.
    pub align: Align,
    /// Where the text comes from, for errors.
    pub origin: &'a Origin,
    /// Set as a headline: lines balanced to near-equal width, breaks only between phrases in
    /// Japanese and Chinese, no hyphenation.
    pub balance: bool,
    /// Shortest last line of a justified paragraph, as a fraction of `width` (0 for none).
    pub last_line_min: f64,
    /// Measure, in em of the text size, below which justified text that breaks only at word
    /// spaces is set flush left (the layout's `justify_min_measure_em`).
    pub justify_min_measure_em: f64,
    /// Whether 、。，． may hang past the line end in justified text.
    pub hanging_punctuation: bool,
    /// Indent of the paragraph's first line.
    pub first_line_indent: Abs,
    /// How far a justified Latin, Greek or Cyrillic line may spread or tighten its letters, as
    /// a fraction of their advances, for the part of its adjustment its word spaces cannot
    /// take within their normal range (the layout's `justify_tracking_percent` / 100; see
    /// [`JUSTIFY_TRACKING`]). Japanese, Chinese and Korean lines are never letter-spaced.
    pub tracking: f64,
    /// Break Japanese and Chinese between phrases (BudouX) where the lines allow, as in
    /// headlines, and avoid a last line of three characters or fewer: for narrow places
    /// (table cells, figure labels, speaker roles), where a word split over two short lines is
    /// hard to read.
    pub phrases: bool,
}

impl<'a> ParagraphSpec<'a> {
    /// A flush-left paragraph of `width` with no headline or paragraph-end rules; callers set
    /// the rest with struct update syntax.
    pub fn new(
        profile: &'a LangProfile,
        fonts: &'a FontChoice,
        width: Abs,
        origin: &'a Origin,
    ) -> Self {
        ParagraphSpec {
            profile,
            fonts,
            width,
            align: Align::Left,
            origin,
            balance: false,
            last_line_min: 0.0,
            justify_min_measure_em: MIN_JUSTIFIED_MEASURE_EM,
            hanging_punctuation: false,
            first_line_indent: Abs::ZERO,
            tracking: JUSTIFY_TRACKING,
            phrases: false,
        }
    }
}

/// A glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id.
    pub id: u16,
    /// Position of the glyph's origin from the line's left edge.
    pub x: Abs,
    /// The glyph's own advance; space added by justification or spacing rules shows only in
    /// the next glyph's `x`.
    pub advance: Abs,
    /// Horizontal offset from the origin.
    pub dx: Abs,
    /// Vertical offset, upwards.
    pub dy: Abs,
    /// Byte range of the glyph's cluster in the run's text.
    pub text: Range<usize>,
}

/// Glyphs of one face and style on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// Face.
    pub font: FontId,
    /// Style.
    pub style: TextStyle,
    /// Link target.
    pub link: Option<String>,
    /// Language, when it differs from the paragraph's.
    pub lang: Option<String>,
    /// The source text these glyphs represent (what copying them gives back).
    pub text: String,
    /// Glyphs.
    pub glyphs: Vec<PlacedGlyph>,
}

impl GlyphRun {
    /// Left edge, from the line's left edge.
    pub fn x(&self) -> Abs {
        self.glyphs.first().map_or(Abs::ZERO, |g| g.x)
    }

    /// Width from the first glyph's origin to the last glyph's advance.
    pub fn width(&self) -> Abs {
        self.glyphs.last().map_or(Abs::ZERO, |g| g.x + g.advance) - self.x()
    }
}

/// One line of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Runs, left to right.
    pub runs: Vec<GlyphRun>,
    /// Width from the left edge of the line box to the end of the last glyph.
    pub width: Abs,
    /// The largest font size on the line, for the line's height.
    pub size: Abs,
    /// Whether the line ends with an inserted hyphen.
    pub hyphenated: bool,
    /// Adjustment ratio: how far the line's spaces were stretched (positive) or shrunk
    /// (negative) relative to what they may; 0 for lines that are not justified.
    pub ratio: f64,
    /// Letter-spacing of a justified Western line, as a fraction of its letters' advances:
    /// positive spread, negative tightened, within the paragraph's `tracking` bound; 0 on
    /// most lines, whose spaces take their whole adjustment.
    pub tracking: f64,
    /// Rules that had to give way to set this line.
    pub relaxed: Vec<Relaxation>,
    /// How far a hanging stop or comma at the end reaches past the measure.
    pub hang: Abs,
    /// The paragraph's first line.
    pub first: bool,
    /// The paragraph's last line, or one ended by a hard line break.
    pub last: bool,
}

/// A typesetting rule a line could not keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relaxation {
    /// Spaces stretched beyond the breaker's tolerance.
    EmergencyStretch,
    /// A word was broken without a hyphenation point because it is wider than the line.
    ForcedBreak,
    /// The line is wider than its box.
    Overfull,
    /// The paragraph's last line is shorter than the layout allows.
    ShortLastLine,
}

impl Line {
    /// The line's text as it copies out of the PDF.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// Sets a paragraph into lines.
pub fn set_paragraph(book: &FontBook, spec: ParagraphSpec, runs: &[Run]) -> StrResult<Vec<Line>> {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    if text.trim().is_empty() {
        return Ok(vec![]);
    }
    let fallback = Fallback::new(book, spec.fonts);
    let shaped = shape::shape(
        book,
        &fallback,
        spec.profile,
        spec.fonts.cjk_language,
        &text,
        runs,
        spec.origin,
    )?;
    let mut glyphs: Vec<Glyph> = shaped
        .iter()
        .flat_map(|s| {
            s.glyphs.iter().map(|g| Glyph {
                font: s.font,
                run: s.run,
                shaped: g.clone(),
                blank: spacing::Blank::default(),
            })
        })
        .collect();
    debug_assert!(
        glyphs
            .windows(2)
            .all(|w| w[0].shaped.cluster.start <= w[1].shaped.cluster.start),
        "glyphs are in text order"
    );
    compress_punctuation(book, &text, runs, &spec.profile.punctuation, &mut glyphs);
    let align = fitting_alignment(runs, spec);
    // Letter-spacing only for justified Western text: CJK lines spread between characters by
    // their own rules, and Korean at spaces and syllables.
    let western = spec.profile.writing == lang::Writing::Western;
    let spec = ParagraphSpec {
        align,
        tracking: if western && align == Align::Justify && !spec.balance {
            spec.tracking.max(0.0)
        } else {
            0.0
        },
        ..spec
    };
    let mut opportunities = breaks::opportunities(&text, spec.profile);
    // A break inside a glyph cluster (the ff ligature of dif-ferent) would lose a letter.
    let cluster_starts: std::collections::HashSet<usize> =
        glyphs.iter().map(|g| g.shaped.cluster.start).collect();
    opportunities.retain(|o| cluster_starts.contains(&o.at));
    // A headline's last line starts at the third-last visible character or earlier.
    let last_start_max = text
        .char_indices()
        .rev()
        .filter(|(_, c)| !c.is_whitespace())
        .nth(2)
        .map(|(i, _)| i);
    let break_at = |opportunities: &[breaks::Opportunity], width: Abs| {
        let items = build_items(
            book,
            &text,
            &glyphs,
            runs,
            opportunities,
            ParagraphSpec { width, ..spec },
        );
        // Justified text gets total fit, headlines balanced lines, other ragged text (cells,
        // captions) first fit.
        let chosen = match spec.align {
            _ if spec.balance => Balanced { last_start_max }.break_lines(&items, width),
            Align::Justify => TotalFit {
                last_line_min: spec.last_line_min,
                // TeX's \doublehyphendemerits and \adjdemerits: two hyphens in a row, or a loose
                // line next to a tight one, cost as much as a very loose line.
                double_hyphen_demerits: 10_000.0,
                fitness_demerits: 10_000.0,
                ..TotalFit::default()
            }
            .break_lines(&items, width),
            _ => RaggedFit.break_lines(&items, width),
        };
        assemble(
            book,
            &text,
            &glyphs,
            runs,
            &items,
            &chosen,
            ParagraphSpec { width, ..spec },
        )
    };
    let phrased = spec.balance || (spec.phrases && spec.profile.phrases.is_some());
    if !phrased {
        // TeX's first pass (\pretolerance): a justified paragraph that sets with every line
        // within PRETOLERANCE without hyphenating is not hyphenated at all; only the rest get
        // hyphenation points. This, not the hyphen penalty alone, is what keeps hyphens rare.
        let hyphenates = opportunities
            .iter()
            .any(|o| o.kind == breaks::BreakKind::Hyphen);
        if hyphenates {
            let whole_words: Vec<breaks::Opportunity> = opportunities
                .iter()
                .copied()
                .filter(|o| o.kind != breaks::BreakKind::Hyphen)
                .collect();
            let lines = break_at(&whole_words, spec.width);
            // Flush-left text: the same idea for raggedness; a line may fall short of the
            // measure by the rag zone before a hyphen is worth it.
            let loose = |l: &Line| match spec.align {
                Align::Justify => l.ratio > PRETOLERANCE,
                _ => !l.last && l.width < spec.width * (1.0 - linebreak::RAG_ZONE),
            } || !l.relaxed.is_empty();
            if !lines.iter().any(loose) {
                return Ok(lines);
            }
        }
        let lines = break_at(&opportunities, spec.width);
        // A name that keeps a justified line from being set within the tolerance is divided
        // rather than the line stretched (San Tin Tech- / nopole).
        let overstretched = |lines: &[Line]| {
            lines
                .iter()
                .filter(|l| l.relaxed.contains(&Relaxation::EmergencyStretch))
                .count()
        };
        if spec.align == Align::Justify && overstretched(&lines) > 0 {
            // Only names that fit on a line: a longer word is split as a last resort anyway.
            let mut advances = vec![Abs::ZERO];
            for g in &glyphs {
                let total = *advances.last().expect("starts non-empty");
                advances.push(total + g.shaped.advance);
            }
            let width_of_bytes = |range: Range<usize>| {
                let from = glyphs.partition_point(|g| g.shaped.cluster.start < range.start);
                let to = glyphs.partition_point(|g| g.shaped.cluster.start < range.end);
                advances[to] - advances[from]
            };
            let names: Vec<breaks::Opportunity> = breaks::name_hyphens(&text, spec.profile)
                .into_iter()
                .filter(|o| cluster_starts.contains(&o.at))
                .filter(|o| {
                    let start = text[..o.at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
                    let end = text[o.at..]
                        .find(char::is_whitespace)
                        .map_or(text.len(), |i| o.at + i);
                    width_of_bytes(start..end).fits_in(spec.width)
                })
                .collect();
            if !names.is_empty() {
                let mut with_names = opportunities.clone();
                with_names.extend(names);
                with_names.sort_by_key(|o| o.at);
                with_names.dedup_by_key(|o| o.at);
                let retry = break_at(&with_names, spec.width);
                if overstretched(&retry) < overstretched(&lines) {
                    return Ok(retry);
                }
            }
        }
        return Ok(lines);
    }
    // Headlines and narrow places: the first tier of break points that sets without relaxing
    // any rule and without a short last line (one or two characters in a headline, up to three
    // in a cell: 成员调 / 查); failing that, the first that relaxes no rule.
    let tiers = headline_tiers(&text, spec.profile, opportunities);
    let shortest = if spec.balance { 2 } else { 3 };
    let short_last = |lines: &[Line]| {
        lines.len() > 1
            && lines.last().is_some_and(|l| {
                l.text().chars().filter(|c| !c.is_whitespace()).count() <= shortest
            })
    };
    let clean = |lines: &Vec<Line>| lines.iter().all(|l| l.relaxed.is_empty());
    let good = |lines: &Vec<Line>| clean(lines) && !short_last(lines);
    // Tiers are set one by one and the first good one is taken: later tiers are set only when
    // an earlier one failed.
    let mut settings: Vec<Vec<Line>> = vec![];
    for tier in &tiers {
        let lines = break_at(tier, spec.width);
        if good(&lines) {
            return Ok(lines);
        }
        settings.push(lines);
    }
    // Flush-left text in a narrow place may give up a little of its measure to carry more
    // onto the last line: up to three characters' width, one at a time.
    if !spec.balance && matches!(spec.align, Align::Left) {
        let em = runs.first().map_or(Abs::ZERO, |r| r.style.size);
        for k in 1..=3 {
            let narrower = spec.width - em * f64::from(k);
            if narrower <= em * 2.0 {
                break;
            }
            for tier in &tiers {
                let lines = break_at(tier, narrower);
                if good(&lines) {
                    return Ok(lines);
                }
            }
        }
    }
    let pick = settings.iter().position(clean).unwrap_or(0);
    Ok(settings.swap_remove(pick))
}

/// The narrowest measure, in em of the text's size, that text spaced only at word spaces is
/// justified in; narrower justified text is set flush left. A justified line must take up the
/// part of a word that does not fit in its spaces: an average English word and its space are
/// about 3.2 em in Noto Sans, and a space may stretch by 0.26 em at the breaker's tolerance,
/// so a line needs about 12 spaces, 12 words or 38 em, before it can do without hyphens on
/// most lines. Measured on tests/fixtures/prose/en.txt: justified at 28-36 em, 10-18 % of the
/// lines ended in a hyphen and some needed emergency stretch; from 38 em on, 4.4 % and none
/// (see the README). One measure for a whole column keeps its paragraphs alike (no ragged
/// paragraph between justified ones). Typesetters set narrow measures ragged (Bringhurst,
/// *The Elements of Typographic Style*, 2.1.2–2.1.3). This is the default of
/// [`ParagraphSpec::new`]; layouts set their own (`[paragraphs] justify_min_measure_em`, also
/// 38 by default: a4 justifies its release at 48 em and its speaker biographies at 38.8 em,
/// a5's 37.8 em release is set flush left in English unless the layout lowers it).
pub const MIN_JUSTIFIED_MEASURE_EM: f64 = 38.0;

/// How far justified Latin, Greek and Cyrillic text may spread or tighten its letters, as a
/// fraction of their advances: 2 %, pdfTeX's and microtype's default font expansion (stretch
/// and shrink 20 thousandths) and InDesign's usual letter spacing range of -2 % to +2 %. At
/// 10 pt that is at most 0.1 pt after a 5 pt letter, too little to see on its own, and over a
/// 48 em line it adds about half of what the word spaces may stretch. Used only for the part
/// of a line's adjustment its spaces cannot take up to [`linebreak::SPACES_FIRST`], so most
/// lines have none. The default of [`ParagraphSpec::new`]; layouts set their own
/// (`[paragraphs] justify_tracking_percent`, 2 by default).
pub const JUSTIFY_TRACKING: f64 = 0.02;

/// The alignment a paragraph is set with: the one asked for, except that justified text is
/// set flush left in a measure narrower than `spec.justify_min_measure_em`. Japanese and
/// Chinese spread between characters, and justified Korean may break between syllables
/// (klreq §3.2), so they are justified at any measure.
fn fitting_alignment(runs: &[Run], spec: ParagraphSpec) -> Align {
    let breaks_inside_words = spec.profile.inter_character_stretch
        || spec.profile.word_break == lang::WordBreak::KeepAllOrSyllable;
    if spec.align != Align::Justify || spec.balance || breaks_inside_words {
        return spec.align;
    }
    let em = runs.iter().map(|r| r.style.size).fold(Abs::ZERO, Abs::max);
    if spec.width < em * spec.justify_min_measure_em {
        Align::Left
    } else {
        spec.align
    }
}

/// The adjustment ratio a justified line may reach in the first, hyphen-free pass. TeX's
/// \pretolerance 100 lets Computer Modern's spaces (⅓ em, stretch ⅙ em) grow to ½ em; Noto
/// Sans's space is 0.26 em with stretch 0.13 em, so the same ½ em is ratio 2, the breaker's
/// tolerance. Tuned on tests/fixtures/prose/en.txt: ratio 1 left 21 % hyphenated line ends.
const PRETOLERANCE: f64 = 2.0;

/// The natural width of a one-line text.
pub fn measure(
    book: &FontBook,
    fonts: &FontChoice,
    profile: &LangProfile,
    runs: &[Run],
    origin: &Origin,
) -> StrResult<Abs> {
    let spec = ParagraphSpec::new(profile, fonts, Abs::pt(1e6), origin);
    Ok(set_paragraph(book, spec, runs)?
        .iter()
        .map(|l| l.width)
        .fold(Abs::ZERO, Abs::max))
}

#[derive(Debug, Clone)]
struct Glyph {
    font: FontId,
    run: usize,
    shaped: ShapedGlyph,
    /// What is left of a punctuation mark's removable blank after adjacent marks were
    /// compressed; a trailing blank may still shrink at a line end.
    blank: spacing::Blank,
}

/// Finds each full-width mark's blank and removes one blank between adjacent marks, so that
/// 。」 and 」「 take 1.5 em (jlreq §3.1.4–3.1.6). Only two full-width marks compress: a
/// proportional mark next to a bracket keeps the bracket's blank, or their ink would touch.
/// Where an opening bracket at a line start sits on the margin, its leading blank is taken out
/// of the glyph's advance here and set as a kern before it (`items.rs`), which vanishes at a
/// line start.
fn compress_punctuation(
    book: &FontBook,
    text: &str,
    runs: &[Run],
    punctuation: &lang::Punctuation,
    glyphs: &mut [Glyph],
) {
    for g in glyphs.iter_mut() {
        let Some(c) = text[g.shaped.cluster.clone()].chars().next() else {
            continue;
        };
        let size = runs[g.run].style.size;
        g.blank = spacing::blank(
            book.face(g.font),
            g.shaped.id,
            c,
            g.shaped.advance,
            size,
            punctuation,
        );
    }
    // Whether each glyph is a full-width compressible mark, before any blank is removed.
    let full_width: Vec<bool> = glyphs
        .iter()
        .map(|g| {
            text[g.shaped.cluster.clone()]
                .chars()
                .next()
                .is_some_and(|c| spacing::is_compressible(c, punctuation))
                && spacing::is_full_width(g.shaped.advance, runs[g.run].style.size)
        })
        .collect();
    for i in 1..glyphs.len() {
        let (head, tail) = glyphs.split_at_mut(i);
        let (before, after) = (&mut head[i - 1], &mut tail[0]);
        let adjacent = before.shaped.cluster.end == after.shaped.cluster.start;
        if !adjacent || !full_width[i - 1] || !full_width[i] {
            continue;
        }
        match spacing::adjacent_compression(before.blank, after.blank) {
            Some(spacing::Side::Trailing) => {
                before.shaped.advance -= before.blank.trailing;
                before.blank.trailing = Abs::ZERO;
            }
            Some(spacing::Side::Leading) => {
                after.shaped.advance -= after.blank.leading;
                after.shaped.dx -= after.blank.leading;
                after.blank.leading = Abs::ZERO;
            }
            None => {}
        }
    }
    if punctuation.line_start_bracket_flush {
        for g in glyphs.iter_mut().filter(|g| g.blank.leading > Abs::ZERO) {
            g.shaped.advance -= g.blank.leading;
            g.shaped.dx -= g.blank.leading;
        }
    }
}

/// The glyphs whose cluster starts inside `range`. Glyphs are in text order (runs are shaped
/// left to right, and rustybuzz keeps clusters monotonic), so this is a binary search, not a
/// scan: a scan per line or per word made long paragraphs quadratic.
fn glyphs_in(glyphs: &[Glyph], range: Range<usize>) -> &[Glyph] {
    let from = glyphs.partition_point(|g| g.shaped.cluster.start < range.start);
    let to = glyphs.partition_point(|g| g.shaped.cluster.start < range.end);
    &glyphs[from..to.max(from)]
}

/// Whether a justified line may letter-space glyph `g` ([`script::tracks`] of its cluster).
fn tracked(text: &str, g: &Glyph) -> bool {
    text[g.shaped.cluster.clone()]
        .chars()
        .next()
        .is_some_and(script::tracks)
}

/// The letter-spacing text of `range` may take in a justified line: `fraction` of the advances
/// of its tracked glyphs.
fn track_of(text: &str, glyphs: &[Glyph], range: Range<usize>, fraction: f64) -> Abs {
    if fraction == 0.0 {
        return Abs::ZERO;
    }
    glyphs_in(glyphs, range)
        .iter()
        .filter(|g| tracked(text, g))
        .map(|g| g.shaped.advance)
        .sum::<Abs>()
        * fraction
}

fn width_of(glyphs: &[Glyph], range: Range<usize>) -> Abs {
    glyphs_in(glyphs, range)
        .iter()
        .map(|g| g.shaped.advance)
        .sum()
}

/// A hyphen added at a line break, set in the face and run of the text just before it.
#[derive(Debug, Clone, Copy)]
struct Hyphen {
    /// The face that set the text before the break.
    font: FontId,
    /// The run (style) of that text.
    run: usize,
    /// The hyphen's glyph id in `font`.
    glyph: u16,
    /// Its advance at the run's size.
    advance: Abs,
}

/// The hyphen glyph in the face that set the text just before `at`.
fn hyphen_glyph(book: &FontBook, glyphs: &[Glyph], runs: &[Run], at: usize) -> Option<Hyphen> {
    let before = glyph_before(glyphs, at)?;
    let face = book.face(before.font);
    let shaper = face.shaper();
    let id = shaper
        .glyph_index('\u{2010}')
        .or_else(|| shaper.glyph_index('-'))?;
    let advance = shaper.glyph_hor_advance(id)? as f64;
    let size = runs[before.run].style.size;
    Some(Hyphen {
        font: before.font,
        run: before.run,
        glyph: id.0,
        advance: size * (advance / face.units_per_em),
    })
}

/// The last glyph whose cluster starts before byte offset `at`.
fn glyph_before(glyphs: &[Glyph], at: usize) -> Option<&Glyph> {
    let after = glyphs.partition_point(|g| g.shaped.cluster.start < at);
    after.checked_sub(1).map(|i| &glyphs[i])
}

/// The characters either side of byte offset `at`.
fn chars_around(text: &str, at: usize) -> (Option<char>, Option<char>) {
    (text[..at].chars().next_back(), text[at..].chars().next())
}

/// Whether a character next to byte offset `at` is CJK.
fn cjk_at(text: &str, at: usize) -> bool {
    let (before, after) = chars_around(text, at);
    before.is_some_and(script::is_cjk) || after.is_some_and(script::is_cjk)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::OnceLock;

    use super::*;
    use crate::text::kinsoku::{JA_NOT_AT_END, JA_NOT_AT_START, ZH_HANT_NOT_AT_START};

    pub(super) fn book() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| {
            FontBook::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")).unwrap()
        })
    }

    /// The a4 layout's families for `lang`, read from its `[fonts]` table only: text knows no
    /// layout file.
    pub(super) fn fonts(lang: &str) -> FontChoice {
        #[derive(serde::Deserialize)]
        struct File {
            fonts: Fonts,
        }
        #[derive(serde::Deserialize)]
        struct Fonts {
            latin: String,
            cjk: Vec<Cjk>,
        }
        #[derive(serde::Deserialize)]
        struct Cjk {
            lang: String,
            family: String,
        }
        let file: File = toml::from_str(
            &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/a4.toml"))
                .unwrap(),
        )
        .unwrap();
        let cjk = file
            .fonts
            .cjk
            .iter()
            .map(|f| (f.lang.as_str(), f.family.as_str()));
        FontChoice::resolve(&LangProfile::resolve(lang), &file.fonts.latin, cjk)
    }

    fn style(size: f64) -> TextStyle {
        TextStyle {
            size: Abs::pt(size),
            bold: false,
            oblique: false,
            colour: Cmyk::BLACK,
        }
    }

    fn set(lang: &str, text: &str, width: f64) -> Vec<Line> {
        set_with(lang, text, width, Align::Justify, false, style(10.0))
    }

    /// Sets one run of `text` with the real fonts and the a4 layout's families for `lang`.
    pub(super) fn set_with(
        lang: &str,
        text: &str,
        width: f64,
        align: Align,
        balance: bool,
        style: TextStyle,
    ) -> Vec<Line> {
        let fonts = fonts(lang);
        let origin = Origin::default();
        let profile = LangProfile::resolve(lang);
        let spec = ParagraphSpec {
            align,
            balance,
            ..ParagraphSpec::new(&profile, &fonts, Abs::pt(width), &origin)
        };
        set_paragraph(
            book(),
            spec,
            &[Run {
                text: text.into(),
                style,
                link: None,
                lang: None,
            }],
        )
        .unwrap()
    }

    /// The outline of a glyph as a list of drawing commands, to compare shapes across faces.
    fn outline(face: &Face, glyph: u16) -> String {
        struct Pen(String);
        impl rustybuzz::ttf_parser::OutlineBuilder for Pen {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("M{x},{y}");
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("L{x},{y}");
            }
            fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
                self.0 += &format!("Q{a},{b},{x},{y}");
            }
            fn curve_to(&mut self, a: f32, b: f32, c: f32, d: f32, x: f32, y: f32) {
                self.0 += &format!("C{a},{b},{c},{d},{x},{y}");
            }
            fn close(&mut self) {
                self.0 += "Z";
            }
        }
        let mut pen = Pen(String::new());
        face.shaper()
            .outline_glyph(rustybuzz::ttf_parser::GlyphId(glyph), &mut pen);
        pen.0
    }

    #[test]
    fn same_character_gets_regional_glyphs_in_ja_and_zh_hk() {
        // 直 is drawn differently in Japan and Hong Kong (the inner strokes); a typesetter checks it first.
        let ja = set("ja", "直", 100.0);
        let hk = set("zh-Hant-HK", "直", 100.0);
        let (ja, hk) = (&ja[0].runs[0], &hk[0].runs[0]);
        assert_eq!(book().face(ja.font).family, "Noto Sans JP");
        assert_eq!(book().face(hk.font).family, "Noto Sans HK");
        assert_ne!(ja.glyphs[0].id, hk.glyphs[0].id);
        let ja_shape = outline(book().face(ja.font), ja.glyphs[0].id);
        let hk_shape = outline(book().face(hk.font), hk.glyphs[0].id);
        assert!(!ja_shape.is_empty());
        assert_ne!(ja_shape, hk_shape, "JP and HK forms of 直 must differ");
    }

    #[test]
    fn every_cjk_language_gets_its_regional_face_and_forms() {
        let regions = [
            ("ja", "Noto Sans JP"),
            ("zh-Hant-HK", "Noto Sans HK"),
            ("zh-Hant-TW", "Noto Sans TC"),
            ("zh-Hans", "Noto Sans SC"),
            ("ko", "Noto Sans KR"),
        ];
        let shape = |lang: &str, c: &str| {
            let lines = set(lang, c, 100.0);
            let run = &lines[0].runs[0];
            let family = regions.iter().find(|r| r.0 == lang).unwrap().1;
            assert_eq!(book().face(run.font).family, family, "{lang}");
            outline(book().face(run.font), run.glyphs[0].id)
        };
        // 化 has a Japanese, a Simplified, a Taiwanese and a Korean design; Hong Kong's 直
        // differs from all the others. Between them the five regions are told apart.
        let distinct = ["ja", "zh-Hans", "zh-Hant-TW", "ko"];
        for (i, a) in distinct.iter().enumerate() {
            for b in &distinct[i + 1..] {
                assert_ne!(shape(a, "化"), shape(b, "化"), "化 in {a} and {b}");
            }
        }
        for (lang, _) in &regions[..] {
            if *lang != "zh-Hant-HK" {
                assert_ne!(shape("zh-Hant-HK", "直"), shape(lang, "直"), "直 in {lang}");
            }
        }
    }

    #[test]
    fn language_is_passed_to_the_shaper() {
        // Noto Sans JP's `locl` for JAN swaps Latin punctuation; shaping with `ja` must apply it.
        let fonts = fonts("ja");
        let origin = Origin::default();
        let glyph = |lang: &str| {
            let profile = LangProfile::resolve(lang);
            let spec = ParagraphSpec::new(&profile, &fonts, Abs::pt(100.0), &origin);
            let lines = set_paragraph(
                book(),
                spec,
                &[Run {
                    text: "直‘".into(),
                    style: style(10.0),
                    link: None,
                    lang: None,
                }],
            )
            .unwrap();
            lines[0]
                .runs
                .iter()
                .flat_map(|r| r.glyphs.iter().map(|g| g.id))
                .collect::<Vec<_>>()
        };
        assert_ne!(glyph("ja"), glyph("en"));
    }

    #[test]
    fn set_japanese_lines_obey_kinsoku() {
        let text = "香港サイエンス・テクノロジー・パークス公社（HKSTP）は、在香港日本国総領事館と共同で「日本・香港イノベーション・テクノロジー・フォーラム」を開催した。フォーラムは政府、学界、産業界から著名なリーダーを迎え、盛況のうちに閉幕した。";
        for width in (60..=200).step_by(7) {
            let lines = set("ja", text, width as f64);
            let joined: String = lines.iter().map(Line::text).collect();
            assert_eq!(
                joined, text,
                "lines must give back the text at width {width}"
            );
            for pair in lines.windows(2) {
                let end = pair[0].text().chars().last().unwrap();
                let start = pair[1].text().chars().next().unwrap();
                assert!(
                    !JA_NOT_AT_START.contains(start),
                    "width {width}: line starts with {start}"
                );
                assert!(
                    !JA_NOT_AT_END.contains(end),
                    "width {width}: line ends with {end}"
                );
            }
            for line in &lines {
                assert!(
                    (line.width - line.hang).fits_in(Abs::pt(width as f64)),
                    "width {width}: overfull line {:?}",
                    line.text()
                );
            }
        }
    }

    #[test]
    fn set_chinese_lines_never_start_with_closing_punctuation() {
        let text = "張曼莉指出，政府「在制定支援措施推動香港初創生態圈發展方面不遺餘力」，包括100億港元的「產學研1+計劃」、1億8,000萬港元的「創科加速器先導計劃」。";
        for width in (50..=180).step_by(5) {
            let lines = set("zh-Hant-HK", text, width as f64);
            for line in &lines[1..] {
                let start = line.text().chars().next().unwrap();
                assert!(
                    !ZH_HANT_NOT_AT_START.contains(start),
                    "width {width}: line starts with {start}"
                );
            }
        }
    }

    #[test]
    fn justified_cjk_lines_fill_the_measure() {
        let text = "論壇設有專題討論環節，探討人工智能、投資、商業合作及生物科技相關技術等議題，匯聚來自日本和香港的企業家、科學家及業界領袖。";
        let lines = set("zh-Hant-HK", text, 150.0);
        assert!(lines.len() > 2);
        for line in &lines[..lines.len() - 1] {
            assert!(
                (line.width.to_pt() - 150.0).abs() < 0.01,
                "line not justified: {:?} {}",
                line.text(),
                line.width.to_pt()
            );
        }
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_not_overflowed() {
        let lines = set("en", "Supercalifragilisticexpialidocious", 40.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width.fits_in(Abs::pt(40.0))));
    }

    #[test]
    fn inserted_hyphens_copy_out_as_soft_hyphens() {
        let text = "The relaxation of application threshold for the New Industrialisation Acceleration Scheme.";
        let lines = set("en", text, 90.0);
        let hyphenated: Vec<&Line> = lines.iter().filter(|l| l.hyphenated).collect();
        assert!(
            !hyphenated.is_empty(),
            "expected a hyphenated line at this measure"
        );
        for line in hyphenated {
            assert!(line.text().ends_with('\u{AD}'));
        }
        // A reader's copy joins a soft-hyphenated line to the next without a space.
        let mut copied = String::new();
        for line in &lines {
            let text = line.text();
            match text.strip_suffix('\u{AD}') {
                Some(word_part) => copied.push_str(word_part),
                None => {
                    copied.push_str(&text);
                    copied.push(' ');
                }
            }
        }
        assert_eq!(
            copied.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn uncovered_character_names_code_point_and_language() {
        let fonts = fonts("en");
        let origin = Origin::file("kits/x/presskit.toml").with_key("speakers[0].bio.en");
        let profile = LangProfile::resolve("en");
        let spec = ParagraphSpec::new(&profile, &fonts, Abs::pt(100.0), &origin);
        // U+1F600 (an emoji) is in none of the bundled fonts.
        let err = set_paragraph(
            book(),
            spec,
            &[Run {
                text: "Hi 😀".into(),
                style: style(10.0),
                link: None,
                lang: None,
            }],
        )
        .unwrap_err();
        let message = err[0].to_string();
        assert!(message.contains("U+1F600"), "{message}");
        assert!(message.contains("`en`"), "{message}");
        assert!(message.contains("speakers[0].bio.en"), "{message}");
    }
}

#[cfg(test)]
mod headline_tests {
    use super::tests::set_with;
    use super::*;

    fn set_headline(lang: &str, text: &str, width: f64) -> Vec<Line> {
        let style = TextStyle {
            size: Abs::pt(20.0),
            bold: true,
            oblique: false,
            colour: Cmyk::BLACK,
        };
        set_with(lang, text, width, Align::Left, true, style)
    }

    #[test]
    fn japanese_headline_never_splits_a_phrase_like_typst_does() {
        // Typst breaks this title as 「…フォー / ラム」; at every measure its longest phrase
        // (香港イノベーション・, 10 characters = 200 pt at 20 pt) fits in, presskit must not.
        let title = "日本・香港イノベーション・テクノロジー・フォーラム";
        for width in (210..=500).step_by(10) {
            let lines = set_headline("ja", title, width as f64);
            for pair in lines.windows(2) {
                let (a, b) = (pair[0].text(), pair[1].text());
                assert!(
                    !(a.ends_with("フォー") || b.starts_with("ラム")),
                    "width {width}: {a} / {b}"
                );
                assert!(
                    !(a.ends_with("テクノロ") || a.ends_with("イノベー")),
                    "width {width}: {a} / {b}"
                );
            }
        }
    }

    #[test]
    fn headline_lines_are_balanced_with_no_one_or_two_character_last_line() {
        for (lang, text, width) in [
            (
                "ja",
                "香港の新キャンパス「INNOPOLE」の開発を加速し、AIの協業拠点をつくる",
                300.0,
            ),
            (
                "zh-Hant-HK",
                "香港科技園公司加快推進INNOPOLE新園區發展，打造人工智能協作樞紐",
                300.0,
            ),
            (
                "en",
                "HKSTP fast-tracks INNOPOLE, a new campus for AI collaboration in the Greater Bay Area",
                300.0,
            ),
        ] {
            let lines = set_headline(lang, text, width);
            assert!(lines.len() >= 2, "{lang}: expected a multi-line headline");
            let last = lines.last().unwrap().text();
            assert!(
                last.trim().chars().count() > 2,
                "{lang}: short last line {last:?}"
            );
            let widest = lines.iter().map(|l| l.width).fold(Abs::ZERO, Abs::max);
            let narrowest = lines.iter().map(|l| l.width).fold(widest, Abs::min);
            assert!(
                narrowest / widest > 0.55,
                "{lang}: unbalanced {:?}",
                lines.iter().map(Line::text).collect::<Vec<_>>()
            );
            let joined: String = lines
                .iter()
                .map(Line::text)
                .collect::<Vec<_>>()
                .join(if lang == "en" { " " } else { "" });
            assert_eq!(joined, text);
        }
    }
}

#[cfg(test)]
mod spacing_tests {
    use super::tests::set_with;
    use super::*;

    const SIZE: f64 = 10.0;

    fn style() -> TextStyle {
        TextStyle {
            size: Abs::pt(SIZE),
            bold: false,
            oblique: false,
            colour: Cmyk::BLACK,
        }
    }

    /// The natural width of `text` set on one line.
    fn natural(lang: &str, text: &str) -> f64 {
        let lines = set_with(lang, text, 1000.0, Align::Left, false, style());
        assert_eq!(lines.len(), 1);
        lines[0].width.to_pt()
    }

    fn ems(lang: &str, text: &str) -> f64 {
        natural(lang, text) / SIZE
    }

    #[test]
    fn adjacent_corner_set_marks_take_one_and_a_half_em() {
        // jlreq 3.1.4: 」「 and 。」 are set in 1.5 em, 「『 too; the ideographs around are 1 em.
        for (pair, lang) in [
            ("」「", "ja"),
            ("。」", "ja"),
            ("「『", "ja"),
            ("」「", "zh-Hans"),
        ] {
            let text = format!("日本{pair}香港");
            assert!(
                (ems(lang, &text) - 5.5).abs() < 0.01,
                "{lang} {text}: {} em",
                ems(lang, &text)
            );
        }
    }

    #[test]
    fn hong_kong_centred_marks_keep_their_width() {
        // clreq: Hong Kong and Taiwan centre 。，、, so nothing of them can be removed; the
        // corner-set brackets still compress.
        assert!((ems("zh-Hant-HK", "日本。」香港") - 6.0).abs() < 0.01);
        assert!((ems("zh-Hant-HK", "日本」「香港") - 5.5).abs() < 0.01);
    }

    #[test]
    fn japanese_full_stop_sits_in_the_corner_and_hong_kong_one_in_the_centre() {
        // Regional punctuation position: the glyph each face gives 。 under its language.
        let ink = |lang: &str| {
            let lines = set_with(lang, "。", 100.0, Align::Left, false, style());
            let run = &lines[0].runs[0];
            let face = super::tests::book().face(run.font);
            let bbox = face
                .shaper()
                .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(run.glyphs[0].id))
                .unwrap();
            let upem = face.units_per_em;
            (bbox.x_min as f64 / upem + bbox.x_max as f64 / upem) / 2.0
        };
        assert!(ink("ja") < 0.3, "ja 。 centre at {} em", ink("ja"));
        assert!(
            ink("zh-Hans") < 0.3,
            "zh-Hans 。 centre at {} em",
            ink("zh-Hans")
        );
        for lang in ["zh-Hant-HK", "zh-Hant-TW"] {
            assert!(
                (ink(lang) - 0.5).abs() < 0.05,
                "{lang} 。 centre at {} em",
                ink(lang)
            );
        }
    }

    #[test]
    fn a_line_ended_by_a_hard_break_is_set_like_a_last_line() {
        // TeX sets the line before \\ with \parfillskip-like fill: natural width, its gaps
        // unstretched, and nothing earlier stretched to make up for it.
        let text = "The forum brought together investors and engineers from both countries.\nA second paragraph follows the break and runs on for a while longer.";
        let lines = set_with(
            "en",
            text,
            40.0 * SIZE * 0.5,
            Align::Justify,
            false,
            style(),
        );
        let at_break = lines
            .iter()
            .position(|l| l.text().trim_end().ends_with("countries."))
            .expect("a line ends at the break");
        assert!(
            lines[at_break].last,
            "the line before the break is a last line"
        );
        assert_eq!(lines[at_break].ratio, 0.0, "not stretched");
        for line in &lines {
            assert!(
                !line.relaxed.contains(&Relaxation::EmergencyStretch) && line.ratio <= 1.0,
                "{:?} stretched {}",
                line.text(),
                line.ratio
            );
        }
    }

    #[test]
    fn a_line_ending_in_a_full_stop_is_compressed_before_its_mark_is_pushed_down() {
        // Eight ideographs and 。 in 8.5 em: the stop's blank goes at the line end so it stays
        // on the line (jlreq 3.8: compression is tried before expansion); 。 may not start a
        // line anyway.
        let text = "香港日本科学技術。次の行に続く文章です。";
        let width = 8.5 * SIZE;
        let lines = set_with("ja", text, width, Align::Justify, false, style());
        assert_eq!(lines[0].text(), "香港日本科学技術。");
        assert!(lines[0].relaxed.is_empty(), "{:?}", lines[0].relaxed);
        // The blank after the stop is gone: its ink ends on the margin, the blank past it.
        let stop = lines[0].runs.last().unwrap().glyphs.last().unwrap();
        assert!(((stop.x + Abs::pt(SIZE / 2.0)).to_pt() - width).abs() < 0.01);
        assert!((lines[0].width - lines[0].hang).to_pt() <= width + 0.01);
    }

    #[test]
    fn quarter_em_between_han_and_latin_or_digits_is_space_not_text() {
        // jlreq 3.2.5: 約␣100␣億 with quarter-em gaps; copying the line gives no space.
        let whole = ems("ja", "約100億");
        let parts = ems("ja", "約") + ems("ja", "100") + ems("ja", "億");
        assert!((whole - parts - 0.5).abs() < 0.01, "{whole} vs {parts}");
        let lines = set_with("ja", "約100億", 1000.0, Align::Left, false, style());
        assert_eq!(lines[0].text(), "約100億");
        // Between kana and Latin letters too, in Chinese as well.
        let whole = ems("zh-Hant-HK", "香港AI專家");
        let parts = ems("zh-Hant-HK", "香港") + ems("zh-Hant-HK", "AI") + ems("zh-Hant-HK", "專家");
        assert!((whole - parts - 0.5).abs() < 0.01, "{whole} vs {parts}");
    }

    #[test]
    fn no_quarter_em_at_a_line_start_or_end() {
        // Sweep widths so that lines break at each Han–Latin boundary in turn.
        let text = "日本のAIと香港のI&Tを結ぶHKSTPの新キャンパスINNOPOLEは20ヘクタール";
        let mut hits = 0;
        for tenths in 40..160 {
            let width = tenths as f64;
            let lines = set_with("ja", text, width, Align::Left, false, style());
            for line in &lines {
                let first = &line.runs[0];
                assert!(
                    first.glyphs[0].x.to_pt().abs() < 1e-6,
                    "{:?} starts indented",
                    line.text()
                );
                let latin_edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                let text = line.text();
                if latin_edge(text.chars().next()) || latin_edge(text.chars().last()) {
                    hits += 1;
                    // The natural width is exactly the glyphs': no quarter em hangs at the edge.
                    let glyphs: f64 = line
                        .runs
                        .iter()
                        .flat_map(|r| &r.glyphs)
                        .map(|g| g.advance.to_pt())
                        .sum();
                    let spacing = text
                        .chars()
                        .zip(text.chars().skip(1))
                        .filter(|&(a, b)| spacing::western_boundary(a, b))
                        .count() as f64
                        * 0.25
                        * SIZE;
                    assert!(
                        (line.width.to_pt() - glyphs - spacing).abs() < 0.01,
                        "{text:?}: width {} glyphs {glyphs} spacing {spacing}",
                        line.width.to_pt()
                    );
                }
            }
        }
        assert!(hits > 10, "the sweep broke at Latin text only {hits} times");
    }
}

#[cfg(test)]
mod hanging_tests {
    use super::tests::{book, fonts};
    use super::*;

    fn set(text: &str, width: Abs, hanging: bool) -> Vec<Line> {
        let fonts = fonts("ja");
        let origin = Origin::default();
        let profile = LangProfile::resolve("ja");
        let spec = ParagraphSpec {
            align: Align::Justify,
            hanging_punctuation: hanging,
            ..ParagraphSpec::new(&profile, &fonts, width, &origin)
        };
        let style = TextStyle {
            size: Abs::pt(10.0),
            bold: false,
            oblique: false,
            colour: Cmyk::BLACK,
        };
        let run = Run {
            text: text.into(),
            style,
            link: None,
            lang: None,
        };
        set_paragraph(book(), spec, &[run]).unwrap()
    }

    #[test]
    fn a_full_stop_hangs_past_the_measure_only_when_the_layout_allows() {
        // Eight ideographs fill 8 em; the 。 after them may not start the next line.
        let text = "香港日本科学技術。次の行に続く文章です。";
        let width = Abs::pt(80.0);
        let hung = set(text, width, true);
        assert_eq!(hung[0].text(), "香港日本科学技術。");
        let stop = hung[0].runs.last().unwrap().glyphs.last().unwrap();
        assert!((stop.x - width).abs() < Abs::pt(0.01), "。 at {:?}", stop.x);
        assert!(hung[0].hang > Abs::ZERO && hung[0].relaxed.is_empty());
        // Without hanging, 術 goes down with its stop and the first line is spaced out.
        let plain = set(text, width, false);
        assert_eq!(plain[0].text(), "香港日本科学技");
        assert!(plain[0].width.fits_in(width + Abs::pt(0.01)));
        assert_eq!(plain[0].hang, Abs::ZERO);
    }
}
