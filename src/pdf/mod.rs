//! Stage 5, **pdf**: a [`PagedDoc`] → PDF bytes, with krilla.
//!
//! Steps: configure the document for the variant → draw each page's items (text as glyphs with
//! their source text, and /ActualText over gaps that are not spaces, so copying gives the
//! content back exactly; photos as JPEG passthrough; fills and rules) → print marks (print) or
//! links (screen) → outline, tags and metadata → finish → end /ActualText spans where poppler
//! reads them right (`actual_text.rs`) → for print, add the PDF/X-4 parts krilla does not write
//! (`pdfx.rs`).

mod actual_text;
mod pdfx;
mod photo;
mod tags;

use std::collections::HashMap;
use std::ops::Range;

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::{cmyk, rgb};
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, PdfVersion};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point as KPoint, Rect as KRect, Size as KSize, Transform};
use krilla::icc::ICCProfile;
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, Paint, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use self::tags::Tagger;
use crate::diag::{Diagnostic, Origin, StrResult};
use crate::geom::{Abs, Cmyk, Rect};
use crate::layout::{
    FontBook, FontId, GlyphRun, Item, Line, Mark, OutputIntent, PagedDoc, PhotoRef, PlacedGlyph,
};

/// Which PDF to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// For the print shop: PDF/X-4, CMYK, bleed, crop marks.
    Print,
    /// For e-mailing journalists: RGB, small.
    Screen,
}

impl Variant {
    /// The name used in file names and messages.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Print => "print",
            Variant::Screen => "screen",
        }
    }

    /// The standard the file claims.
    pub fn standard(self) -> &'static str {
        match self {
            Variant::Print => "PDF/X-4",
            Variant::Screen => "PDF/UA-1, PDF/A-2a",
        }
    }
}

/// The sRGB profile RGB photos are tagged with in print, so no DeviceRGB reaches the press
/// (CC0, from Compact-ICC-Profiles; see `layouts/icc/`).
const SRGB_PROFILE: &[u8] = include_bytes!("../../layouts/icc/sRGB-v2-magic.icc");

/// When the PDF says it was made: the kit's date, or `SOURCE_DATE_EPOCH` when set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Year.
    pub year: u16,
    /// Month.
    pub month: u8,
    /// Day.
    pub day: u8,
    /// Hour (UTC).
    pub hour: u8,
    /// Minute.
    pub minute: u8,
    /// Second.
    pub second: u8,
}

/// What every PDF of one build shares, prepared once rather than per language and variant.
pub struct Shared {
    /// The print profile, Deflated for embedding as the screen variant's CMYK colour space
    /// (compressing its 220 KB for each language was a tenth of a sample build).
    cmyk_profile: Option<ICCProfile<4>>,
}

impl Shared {
    /// Prepares what the PDFs of a kit with this output intent share.
    pub fn new(intent: &OutputIntent) -> Self {
        Shared {
            cmyk_profile: ICCProfile::new(&intent.profile),
        }
    }
}

/// Writes one variant of a laid-out document.
pub fn write(
    doc: &PagedDoc,
    book: &FontBook,
    shared: &Shared,
    variant: Variant,
    time: Timestamp,
) -> StrResult<Vec<u8>> {
    let mut document = Document::new_with(settings(variant, shared));
    let mut tagger = Tagger::new(&doc.structure);
    let mut fonts = FontCache::default();
    let trim = doc.page_size;
    // Print pages carry the bleed and room for marks around the trim box.
    let margin = match variant {
        Variant::Print => pdfx::marks_margin(doc.bleed),
        Variant::Screen => Abs::ZERO,
    };
    let media = KSize::from_wh(
        pt(trim.width + margin * 2.0),
        pt(trim.height + margin * 2.0),
    )
    .expect("page size is positive");
    for page in &doc.pages {
        let mut settings = PageSettings::new(media).with_page_label(PageLabel::new(
            Some(NumberingStyle::Arabic),
            None,
            std::num::NonZeroU32::new(1),
        ));
        if variant == Variant::Print {
            let trim_box = Rect::new(margin, margin, trim.width, trim.height);
            let bleed = doc.bleed;
            let bleed_box = Rect::new(
                margin - bleed,
                margin - bleed,
                trim.width + bleed * 2.0,
                trim.height + bleed * 2.0,
            );
            settings = settings
                .with_trim_box(krect(&trim_box))
                .with_bleed_box(krect(&bleed_box));
        }
        let mut kpage = document.start_page_with(settings);
        {
            let mut surface = kpage.surface();
            surface.push_transform(&Transform::from_translate(pt(margin), pt(margin)));
            for item in &page.items {
                if let (
                    Item::Text {
                        origin, line, lang, ..
                    },
                    Mark::Content(node),
                ) = (item, item.mark())
                {
                    let text = TextItem {
                        origin: *origin,
                        line,
                        lang: lang.as_deref(),
                    };
                    for id in draw_text(&mut surface, text, book, &mut fonts, variant)? {
                        tagger.leaf(node, id);
                    }
                    continue;
                }
                let id = surface.start_tagged(content_tag(item));
                let drawn = draw_item(
                    &mut surface,
                    item,
                    book,
                    &mut fonts,
                    variant,
                    doc.screen_jpeg_quality,
                );
                surface.end_tagged();
                if let Mark::Content(node) = item.mark() {
                    tagger.leaf(node, id);
                }
                drawn?;
            }
            surface.pop();
            if variant == Variant::Print {
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                    ArtifactType::Other,
                )));
                pdfx::draw_marks(&mut surface, trim, doc.bleed);
                if let Some(slug) = &page.slug {
                    let (x, y) = pdfx::slug_origin(trim, doc.bleed);
                    for run in &slug.runs {
                        draw_run(
                            &mut surface,
                            run,
                            &run.glyphs,
                            pt(x),
                            pt(y),
                            book,
                            &mut fonts,
                            variant,
                        )?;
                    }
                }
                surface.end_tagged();
            }
            surface.finish();
        }
        // Links are for readers on screen; PDF/X keeps annotations out of the printed area.
        if variant == Variant::Screen {
            for link in &page.links {
                let Some(rect) = krect(&link.rect) else {
                    continue;
                };
                let target = Target::Action(Action::Link(LinkAction::new(link.target.clone())));
                let annotation = Annotation::new_link(
                    LinkAnnotation::new(rect, target),
                    Some(link.target.clone()),
                );
                let id = kpage.add_tagged_annotation(annotation);
                tagger.leaf(link.node, id);
            }
        }
        kpage.finish();
    }
    document.set_outline(outline(doc, margin));
    document.set_tag_tree(tagger.finish(&doc.lang));
    let date = DateTime::new(time.year)
        .month(time.month)
        .day(time.day)
        .hour(time.hour)
        .minute(time.minute)
        .second(time.second)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    document.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .language(doc.lang.clone())
            .creator(format!("presskit {}", env!("CARGO_PKG_VERSION")))
            .producer(format!("presskit {} (krilla)", env!("CARGO_PKG_VERSION")))
            .creation_date(date),
    );
    let bytes = document.finish().map_err(|err| {
        vec![Diagnostic::bare(format!(
            "failed to write the {} PDF ({err:?})",
            variant.name()
        ))]
    })?;
    finish(bytes, variant, doc, time).map_err(|err| {
        vec![Diagnostic::bare(format!(
            "failed to finish the {} PDF ({err})",
            variant.name()
        ))]
    })
}

/// What krilla does not write: spans ended where poppler reads them right, and for print the
/// PDF/X-4 parts.
fn finish(
    bytes: Vec<u8>,
    variant: Variant,
    doc: &PagedDoc,
    time: Timestamp,
) -> Result<Vec<u8>, String> {
    let mut pdf = lopdf::Document::load_mem(&bytes).map_err(|e| e.to_string())?;
    actual_text::end_spans_before_restore(&mut pdf)?;
    if variant == Variant::Print {
        pdfx::finish(&mut pdf, &doc.output_intent, time)?;
    }
    let mut out = Vec::new();
    pdf.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// How an item's content is marked: a span (with its language), a figure's image, or an artifact.
fn content_tag(item: &Item) -> ContentTag<'_> {
    match (item.mark(), item) {
        (Mark::Artifact, _) => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Other)),
        (Mark::Content(_), Item::Image { .. }) => ContentTag::Other,
        (
            Mark::Content(_),
            Item::Text {
                lang: Some(lang), ..
            },
        ) => ContentTag::Span(SpanTag::empty().with_lang(Some(lang))),
        (Mark::Content(_), _) => ContentTag::Span(SpanTag::empty()),
    }
}

fn settings(variant: Variant, shared: &Shared) -> SerializeSettings {
    match variant {
        Variant::Print => SerializeSettings {
            // PDF/X-4 is based on PDF 1.6. Device colour spaces stay: DeviceCMYK is what the
            // output intent describes, and RGB only occurs in ICC-tagged photos.
            configuration: ConfigurationBuilder::new()
                .with_version(PdfVersion::Pdf16)
                .finish()
                .expect("PDF 1.6 with no validator is a valid configuration"),
            // Tagged like the screen file: the structure costs little, and the /ActualText
            // spans that keep copied CJK text free of spurious spaces need marked content.
            enable_tagging: true,
            ..SerializeSettings::default()
        },
        // Tagged, and validated by krilla as PDF/UA-1 and PDF/A-2 (accessible level) at export.
        Variant::Screen => SerializeSettings {
            configuration: ConfigurationBuilder::new()
                .with_version(PdfVersion::Pdf17)
                .with_archival_validator(Archival::A2_A)
                .with_accessibility_validator(Accessibility::UA1)
                .finish()
                .expect("PDF/A-2a and PDF/UA-1 combine in PDF 1.7"),
            enable_tagging: true,
            // PDF/A has no device colour: CMYK content is ICC-based on the print profile.
            cmyk_profile: shared.cmyk_profile.clone(),
            ..SerializeSettings::default()
        },
    }
}

#[derive(Default)]
struct FontCache {
    fonts: HashMap<FontId, Font>,
}

impl FontCache {
    fn get(&mut self, book: &FontBook, id: FontId) -> StrResult<Font> {
        if let Some(font) = self.fonts.get(&id) {
            return Ok(font.clone());
        }
        let face = book.face(id);
        let data: std::sync::Arc<dyn AsRef<[u8]> + Send + Sync> = face.data.clone();
        let font = Font::new(data.into(), 0).ok_or_else(|| {
            vec![Diagnostic::error(
                Origin::file(&face.path),
                "failed to load font for PDF embedding",
            )]
        })?;
        self.fonts.insert(id, font.clone());
        Ok(font)
    }
}

fn pt(a: Abs) -> f32 {
    a.to_pt() as f32
}

fn krect(r: &Rect) -> Option<KRect> {
    KRect::from_xywh(
        pt(r.origin.x),
        pt(r.origin.y),
        pt(r.size.width),
        pt(r.size.height),
    )
}

/// The paint for a layout colour in this variant.
fn paint(colour: Cmyk, variant: Variant) -> Paint {
    let byte = |ink: f32| (ink.clamp(0.0, 1.0) * 255.0).round() as u8;
    match variant {
        Variant::Print => cmyk::Color::new(
            byte(colour.c),
            byte(colour.m),
            byte(colour.y),
            byte(colour.k),
        )
        .into(),
        // Screen PDFs are RGB; the naive CMYK → RGB conversion is what viewers apply to
        // DeviceCMYK anyway, so the screen file looks like the print file on screen.
        Variant::Screen => {
            let c = |ink: f32| ((1.0 - ink) * (1.0 - colour.k) * 255.0).round() as u8;
            rgb::Color::new(c(colour.c), c(colour.m), c(colour.y)).into()
        }
    }
}

fn fill(colour: Cmyk, variant: Variant) -> Fill {
    Fill {
        paint: paint(colour, variant),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw_item(
    surface: &mut Surface,
    item: &Item,
    book: &FontBook,
    fonts: &mut FontCache,
    variant: Variant,
    quality: u8,
) -> StrResult<()> {
    match item {
        Item::Text { origin, line, .. } => {
            for run in &line.runs {
                draw_run(
                    surface,
                    run,
                    &run.glyphs,
                    pt(origin.x),
                    pt(origin.y),
                    book,
                    fonts,
                    variant,
                )?;
            }
        }
        Item::Image { rect, photo, .. } => {
            let image = image(photo, rect, variant, quality)?;
            let size = KSize::from_wh(pt(rect.size.width), pt(rect.size.height))
                .expect("photo size is positive");
            surface.push_transform(&Transform::from_translate(
                pt(rect.origin.x),
                pt(rect.origin.y),
            ));
            surface.draw_image(image, size);
            surface.pop();
        }
        Item::Fill { rect, colour } => {
            let mut pb = PathBuilder::new();
            if let Some(r) = krect(rect) {
                pb.push_rect(r);
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(Some(fill(*colour, variant)));
                surface.set_stroke(None);
                surface.draw_path(&path);
            }
        }
        Item::Rule {
            from,
            to,
            thickness,
            colour,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(pt(from.x), pt(from.y));
            pb.line_to(pt(to.x), pt(to.y));
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: paint(*colour, variant),
                    width: pt(*thickness),
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
    }
    Ok(())
}

/// Photos are not smoothed by the viewer: PDF/A forbids the /Interpolate flag.
const INTERPOLATE: bool = false;

/// The photo as krilla embeds it: the JPEG bytes unchanged; for print, RGB photos are tagged
/// with sRGB so they are ICC-based rather than DeviceRGB.
fn image(photo: &PhotoRef, placed: &Rect, variant: Variant, quality: u8) -> StrResult<Image> {
    let fail = |err: String| {
        vec![Diagnostic::error(
            Origin::file(&photo.path),
            format!("failed to embed photo ({err})"),
        )]
    };
    let data: std::sync::Arc<dyn AsRef<[u8]> + Send + Sync> = match variant {
        Variant::Screen => match photo::for_screen(photo, placed.size, quality).map_err(fail)? {
            Some(reencoded) => std::sync::Arc::new(reencoded),
            None => photo.data.clone(),
        },
        Variant::Print => photo.data.clone(),
    };
    let result = match (variant, photo.components) {
        (Variant::Print, 3) => {
            Image::from_jpeg_with_icc(data.into(), Some(SRGB_PROFILE.into()), INTERPOLATE)
        }
        _ => Image::from_jpeg(data.into(), INTERPOLATE),
    };
    result.map_err(fail)
}

/// Horizontal shear of synthesised oblique type: 12°, the slant of Noto Sans Italic.
const OBLIQUE_SHEAR: f32 = 0.2126;

/// Gaps between glyphs wider than this fraction of the font size are bridged with /ActualText:
/// poppler starts a new word at 0.1 em, pdf.js at about the same.
const BRIDGE_GAP: f64 = 0.05;

/// A line of text that is content (not an artifact), with where it goes.
#[derive(Clone, Copy)]
struct TextItem<'a> {
    origin: crate::geom::Point,
    line: &'a Line,
    lang: Option<&'a str>,
}

/// Draws a line as marked-content spans and returns their identifiers. Glyphs set apart with no
/// space character between them (CJK justification, the quarter em between Han and Latin) are
/// drawn inside one span whose /ActualText is their text: extraction tools turn such gaps into
/// spaces otherwise.
fn draw_text(
    surface: &mut Surface,
    text: TextItem,
    book: &FontBook,
    fonts: &mut FontCache,
    variant: Variant,
) -> StrResult<Vec<Identifier>> {
    let line = text.line;
    // Every glyph of the line as (run, glyph) in drawing order.
    let flat: Vec<(usize, usize)> = line
        .runs
        .iter()
        .enumerate()
        .flat_map(|(r, run)| (0..run.glyphs.len()).map(move |g| (r, g)))
        .collect();
    let glyph_text = |(r, g): (usize, usize)| {
        let run = &line.runs[r];
        &run.text[run.glyphs[g].text.clone()]
    };
    let bridged = |i: usize| {
        let (a, b) = (flat[i], flat[i + 1]);
        let (ga, gb) = (&line.runs[a.0].glyphs[a.1], &line.runs[b.0].glyphs[b.1]);
        let gap = gb.x - (ga.x + ga.advance);
        gap > line.runs[a.0].style.size * BRIDGE_GAP
            && !glyph_text(a).ends_with(char::is_whitespace)
            && !glyph_text(b).starts_with(char::is_whitespace)
    };
    // Segments of the flat list: plain ones, and bridged ones spanning each chain of gaps.
    let mut segments: Vec<(Range<usize>, bool)> = vec![];
    let (mut start, mut i) = (0, 0);
    while i + 1 < flat.len() {
        if !bridged(i) {
            i += 1;
            continue;
        }
        if start < i {
            segments.push((start..i, false));
        }
        let mut j = i;
        while j + 1 < flat.len() && bridged(j) {
            j += 1;
        }
        segments.push((i..j + 1, true));
        (start, i) = (j + 1, j + 1);
    }
    if start < flat.len() {
        segments.push((start..flat.len(), false));
    }

    let mut ids = vec![];
    for (range, bridge) in segments {
        let actual = bridge.then(|| {
            let mut actual = String::new();
            for k in range.clone() {
                let same_cluster = k > range.start && {
                    let (prev, this) = (flat[k - 1], flat[k]);
                    prev.0 == this.0
                        && line.runs[prev.0].glyphs[prev.1].text
                            == line.runs[this.0].glyphs[this.1].text
                };
                if !same_cluster {
                    actual.push_str(glyph_text(flat[k]));
                }
            }
            actual
        });
        let tag = SpanTag::empty()
            .with_lang(text.lang)
            .with_actual_text(actual.as_deref());
        ids.push(surface.start_tagged(ContentTag::Span(tag)));
        // One drawing call per run within the segment.
        let mut k = range.start;
        while k < range.end {
            let r = flat[k].0;
            let mut end = k;
            while end < range.end && flat[end].0 == r {
                end += 1;
            }
            let run = &line.runs[r];
            let glyphs = &run.glyphs[flat[k].1..flat[end - 1].1 + 1];
            let (x, y) = (pt(text.origin.x), pt(text.origin.y));
            let drawn = draw_run(surface, run, glyphs, x, y, book, fonts, variant);
            if drawn.is_err() {
                surface.end_tagged();
            }
            drawn?;
            k = end;
        }
        surface.end_tagged();
    }
    Ok(ids)
}

/// Draws `glyphs`, a stretch of `run`, with the run's face and style.
#[allow(clippy::too_many_arguments)]
fn draw_run(
    surface: &mut Surface,
    run: &GlyphRun,
    glyphs: &[PlacedGlyph],
    x: f32,
    y: f32,
    book: &FontBook,
    fonts: &mut FontCache,
    variant: Variant,
) -> StrResult<()> {
    let Some(first) = glyphs.first() else {
        return Ok(());
    };
    let font = fonts.get(book, run.font)?;
    let size = pt(run.style.size);
    let start_x = x + pt(first.x);
    let glyphs: Vec<KrillaGlyph> = glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            // The advance is the distance to the next glyph, which carries justification.
            let next_x = glyphs.get(i + 1).map_or(g.x + g.advance, |n| n.x);
            let advance = pt(next_x - g.x) / size;
            KrillaGlyph::new(
                GlyphId::new(g.id as u32),
                advance,
                pt(g.dx) / size,
                -pt(g.dy) / size,
                0.0,
                g.text.clone(),
                None,
            )
        })
        .collect();
    surface.set_fill(Some(fill(run.style.colour, variant)));
    surface.set_stroke(None);
    if run.style.oblique {
        surface.push_transform(&Transform::from_row(
            1.0,
            0.0,
            -OBLIQUE_SHEAR,
            1.0,
            start_x + OBLIQUE_SHEAR * y,
            0.0,
        ));
        surface.draw_glyphs(
            KPoint::from_xy(0.0, y),
            &glyphs,
            font,
            &run.text,
            size,
            false,
        );
        surface.pop();
    } else {
        surface.draw_glyphs(
            KPoint::from_xy(start_x, y),
            &glyphs,
            font,
            &run.text,
            size,
            false,
        );
    }
    Ok(())
}

/// Builds the nested outline from the flat, levelled bookmark list.
fn outline(doc: &PagedDoc, margin: Abs) -> Outline {
    fn node(doc: &PagedDoc, index: &mut usize, margin: Abs) -> OutlineNode {
        let b = &doc.outline[*index];
        let dest = XyzDestination::new(b.page, KPoint::from_xy(0.0, pt(b.y + margin)));
        let mut entry = OutlineNode::new(b.title.clone(), dest);
        *index += 1;
        while *index < doc.outline.len() && doc.outline[*index].level > b.level {
            entry.push_child(node(doc, index, margin));
        }
        entry
    }
    let mut outline = Outline::new();
    let mut index = 0;
    while index < doc.outline.len() {
        outline.push_child(node(doc, &mut index, margin));
    }
    outline
}
