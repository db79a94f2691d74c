//! Font choice per character and shaping with rustybuzz, the run's language always set.

use std::ops::Range;
use std::str::FromStr;

use super::fonts::{FontBook, FontChoice, FontId};
use super::lang::LangProfile;
use super::script::{CharClass, class};
use super::{Run, TextStyle};
use crate::diag::{Diagnostic, Origin, StrResult};
use crate::geom::Abs;

/// A glyph as shaped, positioned within its paragraph by `x` later.
#[derive(Debug, Clone)]
pub struct ShapedGlyph {
    /// Glyph id in its face.
    pub id: u16,
    /// Advance at the run's size.
    pub advance: Abs,
    /// Horizontal offset.
    pub dx: Abs,
    /// Vertical offset, upwards.
    pub dy: Abs,
    /// Byte range in the paragraph text of the cluster this glyph belongs to.
    pub cluster: Range<usize>,
}

/// A stretch of paragraph text set in one face and style.
#[derive(Debug, Clone)]
pub struct ShapedRun {
    /// Face.
    pub font: FontId,
    /// Index of the caller's run this stretch comes from (style and link).
    pub run: usize,
    /// Glyphs in visual (= logical, left-to-right) order.
    pub glyphs: Vec<ShapedGlyph>,
}

/// The faces a language's text can fall back through, resolved to faces once per paragraph
/// rather than by family name for every character.
pub struct Fallback {
    /// Western-first and CJK-first chains, each for weights 400 and 700.
    western: [Vec<FontId>; 2],
    cjk: [Vec<FontId>; 2],
}

impl Fallback {
    /// The chains for a language's font choice.
    pub fn new(book: &FontBook, fonts: &FontChoice) -> Self {
        let mut western = vec![fonts.latin.clone()];
        western.extend(fonts.cjk.iter().cloned());
        let mut cjk = fonts.cjk.clone();
        cjk.push(fonts.latin.clone());
        let faces = |families: &[String], weight| {
            families
                .iter()
                .filter_map(|family| book.find(family, weight))
                .collect()
        };
        Fallback {
            western: [faces(&western, 400), faces(&western, 700)],
            cjk: [faces(&cjk, 400), faces(&cjk, 700)],
        }
    }

    /// The first face of the chain for `c` that has a glyph for it.
    fn pick(&self, book: &FontBook, c: char, prefer_cjk: bool, bold: bool) -> Option<FontId> {
        let chains = if prefer_cjk { &self.cjk } else { &self.western };
        chains[usize::from(bold)]
            .iter()
            .copied()
            .find(|&id| has_glyph(book, id, c))
    }
}

fn has_glyph(book: &FontBook, id: FontId, c: char) -> bool {
    book.face(id).shaper().glyph_index(c).is_some()
}

/// Splits the paragraph into runs of one face and shapes each one.
pub fn shape(
    book: &FontBook,
    fallback: &Fallback,
    profile: &LangProfile,
    cjk_language: bool,
    text: &str,
    runs: &[Run],
    origin: &Origin,
) -> StrResult<Vec<ShapedRun>> {
    let lang = profile.tag.as_str();
    let mut errors = vec![];
    let mut pieces: Vec<(Range<usize>, FontId, usize)> = vec![];
    let mut start = 0;
    for (index, run) in runs.iter().enumerate() {
        let end = start + run.text.len();
        let mut prefer_cjk = cjk_language;
        for (offset, c) in run.text.char_indices() {
            let at = start + offset;
            if c == '\n' {
                continue;
            }
            // Neutral characters stay with their neighbours: a comma after a Japanese word is
            // set in the Japanese face, after an English word in the Latin face.
            match class(c) {
                CharClass::Cjk => prefer_cjk = true,
                CharClass::Western => prefer_cjk = false,
                CharClass::Neutral if c.is_whitespace() => {}
                CharClass::Neutral => {}
            }
            let font = match fallback.pick(book, c, prefer_cjk, run.style.bold) {
                Some(font) => font,
                None => {
                    errors.push(
                        Diagnostic::error(
                            origin.clone(),
                            format!("no font covers U+{:04X} ‘{c}’ in the `{lang}` text", c as u32),
                        )
                        .with_hint("remove the character, or add a font that covers it to fonts/ and the layout"),
                    );
                    continue;
                }
            };
            match pieces.last_mut() {
                Some((range, f, r)) if *f == font && *r == index && range.end == at => {
                    range.end = at + c.len_utf8()
                }
                _ => pieces.push((at..at + c.len_utf8(), font, index)),
            }
        }
        start = end;
    }
    if !errors.is_empty() {
        errors.dedup();
        return Err(errors);
    }
    Ok(pieces
        .into_iter()
        .map(|(range, font, run)| {
            // A span marked in another language is shaped in it (its `locl` forms apply).
            let own;
            let piece_lang = match runs[run].lang.as_deref() {
                Some(tag) => {
                    own = LangProfile::resolve(tag).canonical;
                    own.as_str()
                }
                None => profile.canonical.as_str(),
            };
            let glyphs = shape_piece(
                book,
                font,
                piece_lang,
                &text[range.clone()],
                range.start,
                runs[run].style,
            );
            ShapedRun { font, run, glyphs }
        })
        .collect())
}

/// Shapes one piece of text in one face, mapping clusters back to paragraph byte ranges.
fn shape_piece(
    book: &FontBook,
    font: FontId,
    lang: &str,
    text: &str,
    base: usize,
    style: TextStyle,
) -> Vec<ShapedGlyph> {
    let face = book.face(font);
    let shaper = face.shaper();
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    if let Ok(language) = rustybuzz::Language::from_str(lang) {
        buffer.set_language(language);
    }
    buffer.guess_segment_properties();
    let output = match book.shape_plan(font, &buffer) {
        Some(plan) => rustybuzz::shape_with_plan(shaper, &plan, buffer),
        None => rustybuzz::shape(shaper, &[], buffer),
    };
    let scale = style.size / face.units_per_em;
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    let mut glyphs: Vec<ShapedGlyph> = infos
        .iter()
        .zip(positions)
        .map(|(info, pos)| ShapedGlyph {
            id: info.glyph_id as u16,
            advance: scale * pos.x_advance as f64,
            dx: scale * pos.x_offset as f64,
            dy: scale * pos.y_offset as f64,
            cluster: base + info.cluster as usize..0,
        })
        .collect();
    // A cluster ends where the next distinct cluster starts.
    let mut end = base + text.len();
    for i in (0..glyphs.len()).rev() {
        let start = glyphs[i].cluster.start;
        glyphs[i].cluster.end = end;
        if i > 0 && glyphs[i - 1].cluster.start != start {
            end = start;
        }
    }
    glyphs
}
