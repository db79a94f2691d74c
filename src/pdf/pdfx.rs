//! PDF/X parts of presskit's own: printer's marks outside the bleed, the total ink limit and
//! the output intent's profile as its stream embeds it. krilla (patched) writes the output
//! intent, the `GTS_PDFXVersion` and `Trapped` keys and their XMP twins. `docs/pdfx-4.md`
//! lists each clause and how it is met.

use krilla::color::separation::{SeparationColorant, SeparationSpace};
use krilla::color::{cmyk, separation};
use krilla::geom::PathBuilder;
use krilla::num::NormalizedF32;
use krilla::paint::{Paint, Stroke};
use krilla::surface::Surface;
use std::path::Path;

use crate::diag::{Diagnostic, Origin};
use crate::geom::{Abs, Cmyk, Size};
use crate::layout::{Item, PagedDoc};

/// Total area coverage FOGRA39 (ISO 12647-2, coated paper) allows: 300 %. Denser colours
/// smear and dry badly on the press.
pub const FOGRA39_INK_PERCENT: f32 = 300.0;

/// The total ink limit the print preflight checks against, and who sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct InkLimit {
    /// C + M + Y + K in percent.
    pub percent: f32,
    /// Who allows it, for the message: the output condition's name or the layout key.
    pub set_by: String,
}

/// The output condition's total ink limit: FOGRA39's 300 %. presskit knows no other
/// condition's figure, so any other gets FOGRA39's too, and the message says it is FOGRA39's;
/// a layout for another condition sets `total_ink_limit_percent`.
pub fn condition_ink_limit(condition: &str) -> InkLimit {
    InkLimit {
        percent: FOGRA39_INK_PERCENT,
        set_by: if condition == "FOGRA39" {
            condition.to_string()
        } else {
            format!("{condition} (presskit assumes FOGRA39's limit)")
        },
    }
}

/// The colour's total ink in percent, when it exceeds `limit` percent.
fn ink_over_limit(c: Cmyk, limit: f32) -> Option<f32> {
    let total = (c.c + c.m + c.y + c.k) * 100.0;
    // Layout percentages are whole numbers; the margin absorbs f32 rounding of their sum.
    (total > limit + 0.01).then_some(total)
}

/// Warns about each named colour whose total ink coverage exceeds `limit`; `file` is where the
/// colours are set (the layout file).
pub fn ink_warnings(file: &Path, colours: &[(&str, Cmyk)], limit: &InkLimit) -> Vec<Diagnostic> {
    let InkLimit { percent, set_by } = limit;
    colours
        .iter()
        .filter_map(|&(name, c)| {
            let total = ink_over_limit(c, *percent)?;
            Some(
                Diagnostic::warning(
                    Origin::file(file).with_key(format!("colours.{name}")),
                    format!(
                        "colour {:.0}/{:.0}/{:.0}/{:.0} has {total:.0} % total ink; {set_by} allows {percent:.0} %",
                        c.c * 100.0,
                        c.m * 100.0,
                        c.y * 100.0,
                        c.k * 100.0,
                    ),
                )
                .with_hint("lower C, M or Y (a rich black is about 60/40/40/100)"),
            )
        })
        .collect()
}

/// Warns about each CMYK photo whose darkest pixel carries more than `limit` total ink (ISO
/// 12647-2 limits FOGRA39 to 300 %), once per file. Read from the photo's detail pixels (at
/// least 1,200 px on the shorter side), so a dark area of a few print pixels may escape; press
/// areas that small do not smear.
pub fn photo_ink_warnings(doc: &PagedDoc, limit: &InkLimit) -> Vec<Diagnostic> {
    let InkLimit { percent, set_by } = limit;
    let mut seen: Vec<&Path> = vec![];
    let mut warnings = vec![];
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        let Item::Image { photo, .. } = item else {
            continue;
        };
        if photo.components != 4 || seen.contains(&&*photo.path) {
            continue;
        }
        seen.push(&photo.path);
        // The photo decoded when the kit was read; this decode at another scale cannot fail.
        let Ok(pixels) = photo.data.detail() else {
            continue;
        };
        let opaque = |i: usize| pixels.alpha.as_ref().is_none_or(|a| a[i] > 0);
        let darkest = pixels
            .data
            .chunks_exact(4)
            .enumerate()
            .filter(|&(i, _)| opaque(i))
            .map(|(_, p)| p.iter().map(|&v| u32::from(v)).sum::<u32>())
            .max()
            .unwrap_or(0);
        let total = darkest as f32 / 255.0 * 100.0;
        // One sample step (0.4 %) per channel of rounding is not ink.
        if total > percent + 1.6 {
            warnings.push(
                Diagnostic::warning(
                    Origin::file(&photo.path),
                    format!(
                        "photo has up to {total:.0} % total ink; {set_by} allows {percent:.0} %"
                    ),
                )
                .with_hint(
                    "separate the photo with the print shop's profile (its total ink limit)",
                ),
            );
        }
    }
    warnings
}

/// Gap between the bleed edge and the start of a crop mark, so marks never reach into the bleed.
const MARK_GAP_MM: f64 = 2.0;
/// Length of a crop mark.
const MARK_LENGTH_MM: f64 = 5.0;
/// Paper beyond the marks, where the slug line sits.
const MARK_ROOM_MM: f64 = 5.0;
/// Crop mark stroke: 0.25 pt is the usual hairline print shops expect.
const MARK_STROKE_PT: f64 = 0.25;

/// Distance from the trim edge to the media edge.
pub fn marks_margin(bleed: Abs) -> Abs {
    bleed + Abs::mm(MARK_GAP_MM + MARK_LENGTH_MM + MARK_ROOM_MM)
}

/// A straight stroke in media coordinates (pt from the top-left, y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Start.
    pub from: (f64, f64),
    /// End.
    pub to: (f64, f64),
}

/// The eight crop marks: two per corner, each on the line of a trim edge, outside the bleed.
pub fn crop_marks(trim: Size, bleed: Abs) -> Vec<Segment> {
    let m = marks_margin(bleed).to_pt();
    let (w, h) = (trim.width.to_pt(), trim.height.to_pt());
    let start = (bleed + Abs::mm(MARK_GAP_MM)).to_pt();
    let end = start + Abs::mm(MARK_LENGTH_MM).to_pt();
    let mut marks = vec![];
    for (x, dx) in [(m, -1.0), (m + w, 1.0)] {
        for (y, dy) in [(m, -1.0), (m + h, 1.0)] {
            marks.push(Segment {
                from: (x + dx * start, y),
                to: (x + dx * end, y),
            });
            marks.push(Segment {
                from: (x, y + dy * start),
                to: (x, y + dy * end),
            });
        }
    }
    marks
}

/// Centres of the four registration targets, midway along each side in the marks area.
pub fn registration_targets(trim: Size, bleed: Abs) -> Vec<(f64, f64)> {
    let m = marks_margin(bleed).to_pt();
    let (w, h) = (trim.width.to_pt(), trim.height.to_pt());
    let d = (bleed + Abs::mm(MARK_GAP_MM + MARK_LENGTH_MM / 2.0)).to_pt();
    vec![
        (m + w / 2.0, m - d),
        (m + w / 2.0, m + h + d),
        (m - d, m + h / 2.0),
        (m + w + d, m + h / 2.0),
    ]
}

/// Where the slug line's baseline starts: below the trim, clear of the corner marks.
pub fn slug_origin(trim: Size, bleed: Abs) -> (Abs, Abs) {
    let m = marks_margin(bleed);
    (
        m + Abs::mm(MARK_LENGTH_MM + 5.0),
        m + trim.height + bleed + Abs::mm(MARK_GAP_MM + MARK_LENGTH_MM + 1.0),
    )
}

/// Registration colour: the `All` separation, which prints on every plate.
fn registration() -> Paint {
    let space = SeparationSpace::new(
        SeparationColorant::AllColorants,
        cmyk::Color::new(255, 255, 255, 255).into(),
    );
    krilla::color::Color::from(separation::Color::new(255, space)).into()
}

/// Draws crop and registration marks in registration colour.
pub fn draw_marks(surface: &mut Surface, trim: Size, bleed: Abs) {
    let mut pb = PathBuilder::new();
    for s in crop_marks(trim, bleed) {
        pb.move_to(s.from.0 as f32, s.from.1 as f32);
        pb.line_to(s.to.0 as f32, s.to.1 as f32);
    }
    let r = Abs::mm(2.0).to_pt() as f32;
    for (x, y) in registration_targets(trim, bleed) {
        let (x, y) = (x as f32, y as f32);
        pb.move_to(x - r * 1.4, y);
        pb.line_to(x + r * 1.4, y);
        pb.move_to(x, y - r * 1.4);
        pb.line_to(x, y + r * 1.4);
        // A circle from four cubic arcs (0.5523 is the usual Bézier circle constant).
        let k = r * 0.5523;
        pb.move_to(x + r, y);
        pb.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
        pb.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
        pb.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
        pb.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
    }
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: registration(),
            width: MARK_STROKE_PT as f32,
            opacity: NormalizedF32::ONE,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

/// `data` as a FlateDecode stream's bytes, at krilla's level (6): level 9 took three times as
/// long for streams a few per cent smaller.
pub(super) fn deflate(data: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(data).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmyk(c: f32, m: f32, y: f32, k: f32) -> Cmyk {
        Cmyk {
            c: c / 100.0,
            m: m / 100.0,
            y: y / 100.0,
            k: k / 100.0,
        }
    }

    #[test]
    fn ink_limit_is_fogra39s_300_percent() {
        // ISO 12647-2 / FOGRA39: 300 % total area coverage on coated paper.
        let limit = condition_ink_limit("FOGRA39");
        assert_eq!(limit.percent, 300.0);
        let over = |c| ink_over_limit(c, limit.percent);
        assert_eq!(over(cmyk(100.0, 100.0, 100.0, 0.0)), None);
        assert_eq!(over(cmyk(60.0, 40.0, 40.0, 100.0)), None);
        assert!(over(cmyk(100.0, 100.0, 100.0, 100.0)).is_some_and(|t| t > 399.0));
        assert!(over(cmyk(80.0, 70.0, 70.0, 100.0)).is_some());
    }

    #[test]
    fn crop_marks_lie_outside_the_bleed_box_and_inside_the_media_box() {
        let trim = Size::new(Abs::mm(210.0), Abs::mm(297.0));
        let bleed = Abs::mm(3.0);
        let m = marks_margin(bleed).to_pt();
        let b = bleed.to_pt();
        let (bx0, by0, bx1, by1) = (
            m - b,
            m - b,
            m + trim.width.to_pt() + b,
            m + trim.height.to_pt() + b,
        );
        let (mw, mh) = (2.0 * m + trim.width.to_pt(), 2.0 * m + trim.height.to_pt());
        let marks = crop_marks(trim, bleed);
        assert_eq!(marks.len(), 8);
        for s in marks {
            for (x, y) in [s.from, s.to] {
                let inside_bleed = x > bx0 && x < bx1 && y > by0 && y < by1;
                assert!(!inside_bleed, "mark point ({x}, {y}) inside the bleed box");
                assert!(
                    (0.0..=mw).contains(&x) && (0.0..=mh).contains(&y),
                    "mark point off the media"
                );
            }
        }
    }

    #[test]
    fn every_crop_mark_is_aligned_with_a_trim_edge() {
        let trim = Size::new(Abs::mm(210.0), Abs::mm(297.0));
        let m = marks_margin(Abs::mm(3.0)).to_pt();
        let edges_x = [m, m + trim.width.to_pt()];
        let edges_y = [m, m + trim.height.to_pt()];
        for s in crop_marks(trim, Abs::mm(3.0)) {
            let horizontal = s.from.1 == s.to.1;
            if horizontal {
                assert!(edges_y.contains(&s.from.1));
            } else {
                assert!(edges_x.contains(&s.from.0));
            }
        }
    }
}
