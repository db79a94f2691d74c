//! The PDF/X-4 parts krilla does not write: printer's marks outside the bleed, and, after
//! krilla has finished, the output intent, the `GTS_PDFXVersion` and `Trapped` keys and their
//! XMP twins. `docs/pdfx-4.md` lists each clause and how it is met.

use krilla::color::separation::{SeparationColorant, SeparationSpace};
use krilla::color::{cmyk, separation};
use krilla::geom::PathBuilder;
use krilla::num::NormalizedF32;
use krilla::paint::{Paint, Stroke};
use krilla::surface::Surface;
use std::collections::HashMap;
use std::path::Path;

use lopdf::content::Content;
use lopdf::{Dictionary, Object, StringFormat};

use super::{OutputIntent, Pdfx, Timestamp};
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

/// Every distinct colour the document's pages draw with, in first-use order.
fn colours(doc: &PagedDoc) -> Vec<Cmyk> {
    let mut colours: Vec<Cmyk> = vec![];
    let mut push = |c: Cmyk| {
        if !colours.contains(&c) {
            colours.push(c);
        }
    };
    for page in &doc.pages {
        for item in &page.items {
            match item {
                Item::Fill { colour, .. } | Item::Rule { colour, .. } => push(*colour),
                Item::Text { line, .. } => line.runs.iter().for_each(|r| push(r.style.colour)),
                Item::Image { .. } => {}
            }
        }
        for run in page.slug.iter().flat_map(|s| &s.runs) {
            push(run.style.colour);
        }
    }
    colours
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

/// Adds the output intent and PDF/X identification to a file written by krilla, and
/// writes the layout's CMYK values exactly.
pub fn finish(
    doc: &mut lopdf::Document,
    pdfx: &Pdfx,
    paged: &PagedDoc,
    intent: &OutputIntent,
    time: Timestamp,
) -> Result<(), String> {
    doc.version = pdfx.header.into();
    exact_cmyk(doc, &colours(paged))?;

    let profile_id = doc.add_object(intent.embedded_profile()?);
    let text = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let output_intent = Dictionary::from_iter([
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFX".to_vec())),
        ("OutputConditionIdentifier", text(&intent.identifier)),
        ("OutputCondition", text(&intent.condition)),
        ("RegistryName", text(&intent.registry)),
        ("Info", text(&intent.identifier)),
        ("DestOutputProfile", Object::Reference(profile_id)),
    ]);
    let intent_id = doc.add_object(output_intent);
    doc.catalog_mut().map_err(|e| e.to_string())?.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent_id)]),
    );

    let date = format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        time.year, time.month, time.day, time.hour, time.minute, time.second
    );
    let info_id = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;
    let info = doc.get_dictionary_mut(info_id).map_err(|e| e.to_string())?;
    info.set("GTS_PDFXVersion", text(pdfx.version));
    if let Some(conformance) = pdfx.conformance {
        info.set("GTS_PDFXConformance", text(conformance));
    }
    info.set("Trapped", Object::Name(b"False".to_vec()));
    info.set("ModDate", text(&date));

    let metadata_id = doc
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(Object::as_reference)
        .map_err(|e| format!("no XMP metadata ({e})"))?;
    let stream = doc
        .get_object_mut(metadata_id)
        .and_then(Object::as_stream_mut)
        .map_err(|e| e.to_string())?;
    let xmp = String::from_utf8(stream.content.clone()).map_err(|e| e.to_string())?;
    let xmp = pdfx_xmp(&xmp, pdfx, time)?;
    stream.set_plain_content(xmp.into_bytes());
    Ok(())
}

/// One ink as krilla writes it: a multiple of 1/255.
fn quantised(ink: f32) -> u8 {
    (ink.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// Replaces the operands of each DeviceCMYK colour operator (`k`, `K`) with the layout colour
/// they were rounded from. krilla 0.8 takes CMYK as bytes, so 100/55/0/15 would print as
/// 100/54.9/0/14.9; the press should get the percentages the layout names.
fn exact_cmyk(doc: &mut lopdf::Document, colours: &[Cmyk]) -> Result<(), String> {
    let exact: HashMap<[u8; 4], Cmyk> = colours
        .iter()
        .rev()
        .map(|c| ([c.c, c.m, c.y, c.k].map(quantised), *c))
        .collect();
    let number = |v: f32| {
        let v = v.clamp(0.0, 1.0);
        if v.fract() == 0.0 {
            Object::Integer(v as i64)
        } else {
            Object::Real(v)
        }
    };
    let streams: Vec<_> = doc
        .get_pages()
        .into_values()
        .flat_map(|page| doc.get_page_contents(page))
        .collect();
    for id in streams {
        let stream = doc
            .get_object_mut(id)
            .and_then(Object::as_stream_mut)
            .map_err(|e| e.to_string())?;
        let bytes = stream.decompressed_content().map_err(|e| e.to_string())?;
        let mut content = Content::decode(&bytes).map_err(|e| e.to_string())?;
        let mut changed = false;
        for op in &mut content.operations {
            if !matches!(op.operator.as_str(), "k" | "K") || op.operands.len() != 4 {
                continue;
            }
            let inks: Option<Vec<u8>> = op
                .operands
                .iter()
                .map(|o| o.as_float().ok().map(quantised))
                .collect();
            let Some(colour) = inks.and_then(|q| exact.get(&[q[0], q[1], q[2], q[3]])) else {
                continue;
            };
            op.operands = [colour.c, colour.m, colour.y, colour.k]
                .map(number)
                .to_vec();
            changed = true;
        }
        if changed {
            let plain = content.encode().map_err(|e| e.to_string())?;
            stream.set_plain_content(deflate(&plain)?);
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
    }
    Ok(())
}

/// `data` as a FlateDecode stream's bytes, at krilla's level (6): lopdf's own `compress` uses
/// level 9, which took three times as long for streams a few per cent smaller.
pub(super) fn deflate(data: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(data).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

/// krilla's XMP packet with the PDF/X-4 additions: the `GTS_PDFXVersion` and `Trapped` keys'
/// twins, `xmp:MetadataDate` and `xmpMM:VersionID`, and the rendition class PDF/X-4 writers
/// use ("default": this file is the document, not a proof of it). Each property appears once,
/// as Adobe's XMP toolkit requires: krilla writes `xmp:ModifyDate` already, from the same date.
fn pdfx_xmp(xmp: &str, pdfx: &Pdfx, time: Timestamp) -> Result<String, String> {
    let date = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        time.year, time.month, time.day, time.hour, time.minute, time.second
    );
    let proof = "<xmpMM:RenditionClass>proof</xmpMM:RenditionClass>";
    if xmp.matches(proof).count() != 1 || xmp.matches("<xmp:ModifyDate>").count() != 1 {
        return Err("krilla's XMP metadata no longer has the expected properties".into());
    }
    let xmp = xmp.replace(
        proof,
        &format!(
            "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>\
             <xmpMM:VersionID>1</xmpMM:VersionID><xmp:MetadataDate>{date}</xmp:MetadataDate>"
        ),
    );
    let (prefix, uri) = pdfx.xmp_ns;
    let mut ids = format!(
        "<{prefix}:GTS_PDFXVersion>{}</{prefix}:GTS_PDFXVersion>",
        pdfx.version
    );
    if let Some(conformance) = pdfx.conformance {
        ids +=
            &format!("<{prefix}:GTS_PDFXConformance>{conformance}</{prefix}:GTS_PDFXConformance>");
    }
    let description = format!(
        r#"<rdf:Description rdf:about="" xmlns:{prefix}="{uri}" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">{ids}<pdf:Trapped>False</pdf:Trapped></rdf:Description>"#
    );
    let Some(at) = xmp.rfind("</rdf:RDF>") else {
        return Err("XMP metadata has no rdf:RDF element".into());
    };
    Ok(format!("{}{description}{}", &xmp[..at], &xmp[at..]))
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
    fn pdfx1a_xmp_carries_version_and_conformance() {
        let x1a = crate::pdf::profile::PDFX_1A.pdfx.unwrap();
        let krilla = "<rdf:RDF><rdf:Description><xmp:ModifyDate>x</xmp:ModifyDate>\
                      <xmpMM:RenditionClass>proof</xmpMM:RenditionClass></rdf:Description></rdf:RDF>";
        let time = Timestamp {
            year: 2026,
            month: 1,
            day: 5,
            hour: 0,
            minute: 0,
            second: 0,
        };
        let xmp = pdfx_xmp(krilla, &x1a, time).unwrap();
        assert!(xmp.contains(r#"xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/""#));
        assert!(xmp.contains("<pdfx:GTS_PDFXVersion>PDF/X-1:2003</pdfx:GTS_PDFXVersion>"));
        assert!(xmp.contains("<pdfx:GTS_PDFXConformance>PDF/X-1a:2003</pdfx:GTS_PDFXConformance>"));
        assert!(!xmp.contains("pdfxid"));
    }

    #[test]
    fn pdfx_xmp_names_each_property_once() {
        let krilla = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"><xmp:ModifyDate>2026-11-21T00:00:00+00:00</xmp:ModifyDate><xmpMM:RenditionClass>proof</xmpMM:RenditionClass></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let time = Timestamp {
            year: 2026,
            month: 11,
            day: 21,
            hour: 0,
            minute: 0,
            second: 0,
        };
        let x4 = crate::pdf::profile::PDFX_4.pdfx.unwrap();
        let xmp = pdfx_xmp(krilla, &x4, time).unwrap();
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
                "{property}"
            );
        }
        assert!(xmp.contains("<xmpMM:RenditionClass>default<"));
        assert!(
            pdfx_xmp("<rdf:RDF></rdf:RDF>", &x4, time).is_err(),
            "unknown packets are refused"
        );
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
