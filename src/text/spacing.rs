//! Spacing rules of Japanese and Chinese text that go beyond the font's advances:
//!
//! - **Punctuation compression** (jlreq §3.1.2–3.1.6, clreq §3.1.5): a full-width punctuation
//!   mark is half ink, half blank. Next to another mark one blank goes, so 。」 or 」「 take
//!   1.5 em instead of 2; at a line end the remaining blank may shrink when a line must be
//!   compressed. Which half is blank is read from the glyph itself, so regional forms decide:
//!   Japanese and Simplified Chinese set 。、， in the corner (compressible), Hong Kong and
//!   Taiwan centre them (not compressible), and brackets are corner-set everywhere.
//! - **Han–Western spacing** (jlreq §3.2.5 and appendix, clreq §3.2.2): a quarter em between
//!   Han or kana and Latin letters or digits, which may shrink to an eighth and stretch to a
//!   half. It is space between glyphs, never a space character in the text.

use super::fonts::Face;
use super::lang::Punctuation;
use crate::geom::Abs;

/// The removable blank of a full-width punctuation mark, at the glyph's size.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Blank {
    /// Blank before the ink (opening brackets).
    pub leading: Abs,
    /// Blank after the ink (closing brackets, corner-set full stops and commas).
    pub trailing: Abs,
}

/// Whether `c` is full-width punctuation that jlreq/clreq compress: brackets and quotes
/// (cl-01, cl-02), ！？ (cl-04), middle dots and colons (cl-05), full stops (cl-06) and
/// commas (cl-07).
/// ‘ ’ “ ” count only where the language sets them as full-width marks
/// ([`Punctuation::full_width_quotes`]); in Japanese they are Western quotes (jlreq §3.1.1).
pub fn is_compressible(c: char, punctuation: &Punctuation) -> bool {
    match c {
        '‘' | '’' | '“' | '”' => punctuation.full_width_quotes,
        _ => matches!(c,
            '、' | '。' | '〈'..='】' | '〔'..='〟' | '・'
            | '！' | '（' | '）' | '，' | '．' | '：' | '；' | '？'
            | '［' | '］' | '｛' | '｝' | '｟' | '｠'
        ),
    }
}

/// Whether `c` is a full stop (jlreq cl-06), whose blank jlreq §3.8.3 never reduces mid-line.
pub fn is_full_stop(c: char) -> bool {
    matches!(c, '。' | '．')
}

/// How far the ink of a full-width glyph may sit from the em's centre and still count as
/// corner-set: Noto's 。 ends at 0.35 em, its 」 at 0.35 em, its 「 starts at 0.65 em; the
/// Hong Kong 。 spans 0.35–0.66 em and so is centred.
const HALF_TOLERANCE: f64 = 0.05;

/// The blank of `glyph` setting `c` at `advance` (size-scaled) in `face` at `size`: half an em
/// on the side away from the ink for a full-width, corner-set compressible mark, else none.
pub fn blank(
    face: &Face,
    glyph: u16,
    c: char,
    advance: Abs,
    size: Abs,
    punctuation: &Punctuation,
) -> Blank {
    let none = Blank::default();
    if !is_compressible(c, punctuation) || !is_full_width(advance, size) {
        return none;
    }
    let Some(ink) = face
        .shaper()
        .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(glyph))
    else {
        return none;
    };
    let upem = face.units_per_em;
    let (left, right) = (ink.x_min as f64 / upem, ink.x_max as f64 / upem);
    let half = size / 2.0;
    if right <= 0.5 + HALF_TOLERANCE {
        Blank {
            leading: Abs::ZERO,
            trailing: half,
        }
    } else if left >= 0.5 - HALF_TOLERANCE {
        Blank {
            leading: half,
            trailing: Abs::ZERO,
        }
    } else {
        none
    }
}

/// Whether a glyph of `advance` at `size` is full width (one em).
pub fn is_full_width(advance: Abs, size: Abs) -> bool {
    (advance - size).abs() <= size * 0.02
}

/// Which blank to remove between two adjacent marks `before` and `after` (jlreq §3.1.4–3.1.6):
/// the first's trailing blank if it has one (。」 → 。 half-width, 」「 → 」 half-width),
/// otherwise the second's leading blank (「『, ・「). `None` when neither has a blank there.
pub fn adjacent_compression(before: Blank, after: Blank) -> Option<Side> {
    if before.trailing > Abs::ZERO {
        Some(Side::Trailing)
    } else if after.leading > Abs::ZERO {
        Some(Side::Leading)
    } else {
        None
    }
}

/// A side of a punctuation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The first mark's blank after its ink.
    Trailing,
    /// The second mark's blank before its ink.
    Leading,
}

/// Whether `c` is Han or kana: the characters that take the quarter em next to Western text.
fn is_han_or_kana(c: char) -> bool {
    matches!(c,
        '々' | '〆' | '〇'
        | '\u{3041}'..='\u{309F}'  // hiragana
        | '\u{30A0}'..='\u{30FA}'  // katakana (・ excluded: it is punctuation)
        | '\u{30FC}'..='\u{30FF}'  // ー and the iteration marks
        | '\u{31F0}'..='\u{31FF}'  // small katakana
        | '\u{3400}'..='\u{4DBF}'  // Extension A
        | '\u{4E00}'..='\u{9FFF}'  // unified ideographs
        | '\u{F900}'..='\u{FAFF}'  // compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}' // supplementary ideographs
    )
}

/// Whether `c` is Western text that keeps a quarter em from Han and kana: letters and digits
/// of Latin, Greek and Cyrillic (not their full-width forms), and the signs that belong to
/// amounts.
fn is_western(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    (c.is_alphanumeric()
        && !('\u{FF00}'..='\u{FFEF}').contains(&c)
        && matches!(
            c.script(),
            Script::Latin | Script::Greek | Script::Cyrillic | Script::Common
        )
        && !is_han_or_kana(c))
        || matches!(c, '%' | '$' | '€' | '£')
}

/// Whether the quarter em of Han–Western spacing goes between `before` and `after`.
pub fn western_boundary(before: char, after: char) -> bool {
    (is_han_or_kana(before) && is_western(after)) || (is_western(before) && is_han_or_kana(after))
}

/// Han–Western spacing at font size `size`: (width, stretch, shrink) — a quarter em that may
/// grow to a half and shrink to an eighth.
pub fn western_space(size: Abs) -> (Abs, Abs, Abs) {
    (size * 0.25, size * 0.25, size * 0.125)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_em_goes_only_between_han_or_kana_and_western_letters_or_digits() {
        for (a, b) in [
            ('約', '1'),
            ('0', '億'),
            ('の', 'A'),
            ('I', 'は'),
            ('ー', 'X'),
            ('%', 'の'),
        ] {
            assert!(western_boundary(a, b), "{a}{b}");
        }
        for (a, b) in [
            ('「', 'A'),
            ('I', '」'),
            ('。', 'A'),
            ('約', '１'),
            ('한', 'A'),
            ('A', 'B'),
        ] {
            assert!(!western_boundary(a, b), "{a}{b}");
        }
    }

    #[test]
    fn adjacent_marks_lose_one_blank() {
        let half = Abs::pt(5.0);
        let closing = Blank {
            leading: Abs::ZERO,
            trailing: half,
        };
        let opening = Blank {
            leading: half,
            trailing: Abs::ZERO,
        };
        let centred = Blank::default();
        assert_eq!(adjacent_compression(closing, opening), Some(Side::Trailing));
        assert_eq!(adjacent_compression(closing, closing), Some(Side::Trailing));
        assert_eq!(adjacent_compression(opening, opening), Some(Side::Leading));
        assert_eq!(adjacent_compression(centred, opening), Some(Side::Leading));
        assert_eq!(adjacent_compression(centred, closing), None);
        assert_eq!(adjacent_compression(opening, closing), None);
    }
}
