//! Stage 5, **pdf**: a [`PagedDoc`] → PDF bytes, with krilla.
//!
//! Owns the file: output profiles (PDF/X-4, PDF/X-1a, screen), colour, fonts and photos as
//! embedded, tags and metadata. Imports `layout` and `text`; what it needs from the kit (title,
//! time, print condition) arrives in one [`PdfOptions`] built by the driver.
//!
//! Steps (`write`): configure krilla for the variant's output [`Profile`] → draw each page
//! (`Pages::draw`: text as glyphs with their source text, a filler inside the preceding glyph's
//! /ActualText over gaps that are not spaces, a line in one text object, so copying gives the
//! content back exactly in poppler, pdfium and pdf.js; photos by the profile's image policy;
//! fills and rules; then print marks or links) → outline, tags and metadata → finish. For
//! PDF/X, krilla (patched, `vendor/krilla`) writes the output intent, the identification and
//! the layout's exact CMYK values in the same pass.

mod pdfx;
mod profile;

pub use self::pdfx::{InkLimit, condition_ink_limit, ink_warnings, photo_ink_warnings};
pub use self::photo::{PRINT_DOWNSAMPLED_DPI, PRINT_MAX_DPI, PhotoCache, effective_ppi};
pub use self::profile::{ColourModel, ImagePolicy, Pdfx, Profile};
mod photo;
mod tags;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::{cmyk, rgb};
use krilla::configure::ConfigurationBuilder;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point as KPoint, Rect as KRect, Size as KSize, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, Paint, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, PdfxIdentification, SerializeSettings};

use self::tags::Tagger;
use crate::diag::{Diagnostic, Diagnostics, Origin, StrResult};
use crate::geom::{Abs, Cmyk, Rect};
use crate::layout::{Item, Mark, PagedDoc};
use crate::text::{FontBook, FontId, GlyphRun, Line, PlacedGlyph};

/// Which PDF to write; each names an output [`Profile`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// For the print shop: PDF/X-4, CMYK, bleed, crop marks.
    Print,
    /// For print shops that ask for PDF/X-1a:2003: PDF 1.4, CMYK only, no transparency.
    PrintX1a,
    /// For e-mailing journalists: RGB, small.
    Screen,
}

impl Variant {
    /// Everything the standard decides about the file.
    pub fn profile(self) -> &'static Profile {
        match self {
            Variant::Print => &profile::PDFX_4,
            Variant::PrintX1a => &profile::PDFX_1A,
            Variant::Screen => &profile::SCREEN,
        }
    }

    /// The name used in file names and messages.
    pub fn name(self) -> &'static str {
        self.profile().name
    }

    /// The standard the file claims.
    pub fn standard(self) -> &'static str {
        self.profile().standard
    }
}

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

/// The print condition a PDF/X file declares in its output intent (ISO 15930-7 §6.2.4).
/// Clones share the embedded profile, made once.
#[derive(Debug, Clone)]
pub struct OutputIntent {
    /// The ICC profile's bytes: an output-class CMYK profile.
    pub profile: Arc<Vec<u8>>,
    /// `OutputConditionIdentifier`, e.g. `FOGRA39`.
    pub identifier: String,
    /// `OutputCondition`, a human-readable description.
    pub condition: String,
    /// `RegistryName` where the identifier is registered.
    pub registry: String,
    /// The profile Deflated, as the stream's data, made on first use (compressing it for
    /// every print PDF was a third of a print build's CPU time).
    deflated: Arc<std::sync::OnceLock<Result<Arc<Vec<u8>>, String>>>,
}

impl OutputIntent {
    /// The output intent of `profile`, declared under these names.
    pub fn new(profile: Arc<Vec<u8>>, identifier: &str, condition: &str, registry: &str) -> Self {
        OutputIntent {
            profile,
            identifier: identifier.to_string(),
            condition: condition.to_string(),
            registry: registry.to_string(),
            deflated: Arc::default(),
        }
    }

    /// Makes the embedded profile now, e.g. on a free core while the languages are laid out;
    /// the PDFs are the same bytes whenever it is made.
    pub fn prepare(&self) {
        let _ = self.deflated_profile();
    }

    /// The profile's stream data as every PDF/X file of the build embeds it.
    fn deflated_profile(&self) -> Result<Arc<Vec<u8>>, String> {
        self.deflated
            .get_or_init(|| pdfx::deflate(&self.profile).map(Arc::new))
            .clone()
    }
}

/// What a PDF needs from the kit besides its laid-out pages, built by the driver (as
/// typst-pdf's `PdfOptions`), so this stage knows no kit.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Which PDF to write.
    pub variant: Variant,
    /// The document title for the metadata.
    pub title: String,
    /// When the PDF says it was made.
    pub time: Timestamp,
    /// The print condition declared by PDF/X files.
    pub output_intent: OutputIntent,
}

/// Writes one variant of a laid-out document: configure → draw each page → outline, tags and
/// metadata → finish with krilla (PDF/X parts included). Photos come from (and are added to) a
/// cache shared by the build, so each photo is embedded once whatever the number of languages.
pub fn write(
    doc: &PagedDoc,
    book: &FontBook,
    options: &PdfOptions,
    photos: &PhotoCache,
) -> StrResult<Vec<u8>> {
    let profile = options.variant.profile();
    let settings = settings(profile, options).map_err(|err| {
        vec![Diagnostic::bare(format!(
            "failed to embed the output intent's profile in the {} PDF ({err})",
            profile.name
        ))]
    })?;
    let mut document = Document::new_with(settings);
    let mut tagger = Tagger::new(&doc.structure);
    let mut fonts = FontCache::default();
    // Print pages carry the bleed and room for marks around the trim box.
    let margin = if profile.print_marks {
        pdfx::marks_margin(doc.bleed)
    } else {
        Abs::ZERO
    };
    // What each krilla location number stands for, so a validation or embedding error can say
    // which line or photo it is about.
    let mut places: Vec<Place> = vec![];
    let wanted: Vec<_> = doc
        .pages
        .iter()
        .flat_map(|page| &page.items)
        .filter_map(|item| match item {
            Item::Image { rect, photo, .. } => Some((photo, rect.size)),
            _ => None,
        })
        .collect();
    photo::prepare(photos, &wanted, profile, doc.screen_jpeg_quality);
    for (page_index, page) in doc.pages.iter().enumerate() {
        let pages = Pages {
            doc,
            book,
            profile,
            margin,
            photos,
        };
        pages.draw(
            &mut document,
            (page_index, page),
            &mut tagger,
            &mut fonts,
            &mut places,
        )?;
    }
    document.set_outline(outline(doc, margin));
    document.set_tag_tree(tagger.finish(&doc.lang));
    document.set_metadata(metadata(doc, options));
    document
        .finish()
        .map_err(|err| krilla_error(err, &places, profile.name))
}

/// What every page of one file shares.
struct Pages<'a> {
    doc: &'a PagedDoc,
    book: &'a FontBook,
    profile: &'static Profile,
    /// From the media box edge to the trim box.
    margin: Abs,
    /// Images made in this build, shared by every language.
    photos: &'a PhotoCache,
}

impl Pages<'_> {
    /// Draws one page: its items, then print marks (print) or links (screen).
    fn draw(
        &self,
        document: &mut Document,
        (page_index, page): (usize, &crate::layout::Page),
        tagger: &mut Tagger,
        fonts: &mut FontCache,
        places: &mut Vec<Place>,
    ) -> StrResult<()> {
        let Pages {
            doc,
            book,
            profile,
            margin,
            photos,
        } = *self;
        let trim = doc.page_size;
        let media = KSize::from_wh(
            pt(trim.width + margin * 2.0),
            pt(trim.height + margin * 2.0),
        )
        .expect("page size is positive");
        // Every page gets the same label with no start number: krilla then writes one range,
        // 1 … n (a start number on each page would restart the count on each page).
        let mut settings = PageSettings::new(media).with_page_label(PageLabel::new(
            Some(NumberingStyle::Arabic),
            None,
            None,
        ));
        if profile.print_marks {
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
            // The transform is popped on failure too: krilla asserts a balanced surface.
            let drawn = (|| -> StrResult<()> {
                // Whether the items of the current line share one text object.
                let mut shared_text = false;
                for (i, item) in page.items.iter().enumerate() {
                    places.push(Place::of(page_index, item));
                    surface.set_location(
                        std::num::NonZeroU64::new(places.len() as u64).expect("counts from 1"),
                    );
                    if let (
                        Item::Text {
                            origin, line, lang, ..
                        },
                        Mark::Content(node),
                    ) = (item, item.mark())
                    {
                        let next = page.items.get(i + 1).filter(|n| same_line(item, n));
                        let starts = i == 0 || !same_line(&page.items[i - 1], item);
                        if starts && next.is_some() {
                            // A line split into items (links, other languages) keeps one text
                            // object across their spans, unless a run is slanted: its own
                            // transform would close the text object inside a span.
                            let line_items = page.items[i..]
                                .iter()
                                .zip(&page.items[i + 1..])
                                .take_while(|(a, b)| same_line(a, b))
                                .map(|(_, b)| b);
                            shared_text =
                                std::iter::once(item).chain(line_items).all(|it| match it {
                                    Item::Text { line, .. } => {
                                        line.runs.iter().all(|r| !r.style.oblique)
                                    }
                                    _ => false,
                                });
                            if shared_text {
                                surface.start_text_line();
                            }
                        }
                        let after = next.and_then(|n| match n {
                            Item::Text { line, .. } => line_start(&line.runs),
                            _ => None,
                        });
                        let text = TextItem {
                            origin: *origin,
                            line,
                            lang: lang.as_deref(),
                            after,
                            shared_text,
                        };
                        let ids = draw_text(&mut surface, text, book, fonts, profile);
                        if next.is_none() || ids.is_err() {
                            if shared_text {
                                surface.end_text_line();
                            }
                            shared_text = false;
                        }
                        for id in ids? {
                            tagger.leaf(node, id);
                        }
                        continue;
                    }
                    let id = surface.start_tagged(content_tag(item));
                    let drawn = draw_item(
                        &mut surface,
                        item,
                        book,
                        fonts,
                        profile,
                        (photos, doc.screen_jpeg_quality),
                    );
                    surface.end_tagged();
                    if let Mark::Content(node) = item.mark() {
                        tagger.leaf(node, id);
                    }
                    drawn?;
                }
                Ok(())
            })();
            surface.reset_location();
            surface.pop();
            drawn?;
            if profile.print_marks {
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
                            fonts,
                            profile,
                        )?;
                    }
                }
                surface.end_tagged();
            }
            surface.finish();
        }
        // Links are for readers on screen; PDF/X keeps annotations out of the printed area.
        if profile.links {
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
        Ok(())
    }
}

/// The document information: title, language, tools and the build date.
fn metadata(doc: &PagedDoc, options: &PdfOptions) -> Metadata {
    let time = options.time;
    let date = DateTime::new(time.year)
        .month(time.month)
        .day(time.day)
        .hour(time.hour)
        .minute(time.minute)
        .second(time.second)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    Metadata::new()
        .title(options.title.clone())
        .language(doc.lang.clone())
        .creator(format!("presskit {}", env!("CARGO_PKG_VERSION")))
        .producer(format!("presskit {} (krilla)", env!("CARGO_PKG_VERSION")))
        .creation_date(date)
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

/// krilla's configuration for a profile: PDF version, validators, tagging, and for PDF/X the
/// identification and output intent.
fn settings(profile: &Profile, options: &PdfOptions) -> Result<SerializeSettings, String> {
    let mut configuration = ConfigurationBuilder::new().with_version(profile.version);
    if let Some(archival) = profile.archival {
        configuration = configuration.with_archival_validator(archival);
    }
    if let Some(accessibility) = profile.accessibility {
        configuration = configuration.with_accessibility_validator(accessibility);
    }
    let pdfx = match profile.pdfx {
        Some(pdfx) => {
            let intent = &options.output_intent;
            Some(PdfxIdentification {
                version: pdfx.version.to_string(),
                conformance: pdfx.conformance.map(str::to_string),
                xmp_namespace: pdfx.xmp_namespace,
                output_condition_identifier: intent.identifier.clone(),
                output_condition: intent.condition.clone(),
                registry_name: intent.registry.clone(),
                deflated_profile: intent.deflated_profile()?,
            })
        }
        None => None,
    };
    Ok(SerializeSettings {
        configuration: configuration
            .finish()
            .expect("each profile's version suits its validators"),
        // Every profile is tagged: the structure costs little, and the /ActualText clusters
        // that keep copied CJK text free of spurious spaces are primed in marked content.
        enable_tagging: true,
        // No CMYK profile: the archival (screen) profile draws RGB only, colours and photos
        // alike, so a CMYK profile would never be embedded; were CMYK drawn there, krilla's
        // PDF/A validation would fail the build rather than let device colour through.
        // Print keeps DeviceCMYK, the output intent's space.
        cmyk_profile: None,
        pdfx,
        ..SerializeSettings::default()
    })
}

#[derive(Default)]
struct FontCache {
    fonts: HashMap<FontId, Font>,
    /// Each face's filler glyph, once looked up.
    fillers: HashMap<FontId, Option<u16>>,
    /// Faces whose filler has its /ToUnicode entry already.
    primed: HashSet<FontId>,
}

/// Characters whose glyph may serve as a filler, best first: they draw no ink, and none but the
/// ideographic space occurs in running text, so the filler's /ToUnicode entry rarely competes
/// with a real one (an ideographic space drawn before the first filler keeps its own mapping;
/// gaps in that face then copy out as spaces in pdf.js only).
const FILLER_CHARS: [char; 3] = ['\u{2060}', '\u{200B}', '\u{3000}'];

impl FontCache {
    /// The face's filler glyph, if it has one.
    fn filler(&mut self, book: &FontBook, id: FontId) -> Option<u16> {
        *self.fillers.entry(id).or_insert_with(|| {
            let face = book.face(id).shaper();
            FILLER_CHARS
                .iter()
                .find_map(|&c| face.glyph_index(c).map(|g| g.0))
        })
    }

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

/// The paint for a layout colour in this profile.
fn paint(colour: Cmyk, profile: &Profile) -> Paint {
    match profile.colour {
        // The layout's percentages exactly, not rounded to multiples of 1/255 (100/55/0/15
        // would print as 100/54.9/0/14.9).
        ColourModel::Cmyk => {
            cmyk::Color::from_fractions(colour.c, colour.m, colour.y, colour.k).into()
        }
        // Screen PDFs are RGB; the naive CMYK → RGB conversion is what viewers apply to
        // DeviceCMYK anyway, so the screen file looks like the print file on screen.
        ColourModel::Rgb => {
            let c = |ink: f32| ((1.0 - ink) * (1.0 - colour.k) * 255.0).round() as u8;
            rgb::Color::new(c(colour.c), c(colour.m), c(colour.y)).into()
        }
    }
}

fn fill(colour: Cmyk, profile: &Profile) -> Fill {
    Fill {
        paint: paint(colour, profile),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw_item(
    surface: &mut Surface,
    item: &Item,
    book: &FontBook,
    fonts: &mut FontCache,
    profile: &'static Profile,
    (photos, quality): (&PhotoCache, u8),
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
                    profile,
                )?;
            }
        }
        Item::Image { rect, photo, .. } => {
            let placed = photo::image(photos, photo, rect.size, profile, quality)
                .map_err(|err| vec![photo_error(photo, err)])?;
            let Some(size) = KSize::from_wh(placed.width, placed.height) else {
                return Err(vec![Diagnostic::error(
                    Origin::file(&photo.path),
                    "the photo's placed size is not positive",
                )]);
            };
            surface.push_transform(&Transform::from_translate(
                pt(rect.origin.x),
                pt(rect.origin.y),
            ));
            // Upright by the placement, so a JPEG with EXIF orientation is embedded unchanged.
            surface.push_transform(&placed.transform);
            surface.draw_image(placed.image, size);
            surface.pop();
            surface.pop();
        }
        Item::Fill { rect, colour } => {
            let mut pb = PathBuilder::new();
            if let Some(r) = krect(rect) {
                pb.push_rect(r);
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(Some(fill(*colour, profile)));
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
                    paint: paint(*colour, profile),
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

/// A drawn item as an error names it: the photo file, or the page and the line's text.
struct Place {
    origin: Option<Origin>,
    what: String,
}

impl Place {
    fn of(page_index: usize, item: &Item) -> Self {
        let page = page_index + 1;
        match item {
            Item::Image { photo, .. } => Place {
                origin: Some(Origin::file(&photo.path)),
                what: format!("the photo on page {page}"),
            },
            Item::Text { line, .. } => {
                let text: String = line.runs.iter().map(|r| r.text.as_str()).collect();
                let short: String = text.chars().take(60).collect();
                let more = if short.len() < text.len() { "…" } else { "" };
                Place {
                    origin: None,
                    what: format!("the line “{short}{more}” on page {page}"),
                }
            }
            Item::Fill { .. } | Item::Rule { .. } => Place {
                origin: None,
                what: format!("a drawing on page {page}"),
            },
        }
    }
}

/// krilla's error as diagnostics that name what failed and where, instead of its debug dump.
fn krilla_error(err: krilla::error::KrillaError, places: &[Place], file: &str) -> Diagnostics {
    use krilla::configure::ValidationError as V;
    use krilla::error::KrillaError as K;
    let place =
        |loc: Option<krilla::surface::Location>| loc.and_then(|l| places.get(l.get() as usize - 1));
    let diag = |place: Option<&Place>, message: String| {
        let (origin, message) = match place {
            Some(p) => (p.origin.clone(), format!("{message}, in {}", p.what)),
            None => (None, message),
        };
        let message = format!("failed to write the {file} PDF: {message}");
        match origin {
            Some(origin) => Diagnostic::error(origin, message),
            None => Diagnostic::bare(message),
        }
    };
    match err {
        K::Validation(errors) => errors
            .into_iter()
            .take(10)
            .map(|(error, validator)| {
                let standard: Vec<&str> = validator
                    .archival()
                    .map(|a| a.as_str())
                    .into_iter()
                    .chain(validator.accessibility().map(|u| u.as_str()))
                    .collect();
                let standard = standard.join(" and ");
                let (loc, what) = match error {
                    V::ContainsNotDefGlyph(_, loc, text) => {
                        (loc, format!("the font has no glyph for “{text}”"))
                    }
                    V::NoCodepointMapping(_, glyph, loc) => {
                        (loc, format!("glyph {} has no Unicode text", glyph.to_u32()))
                    }
                    V::InvalidCodepointMapping(_, _, c, loc) => (
                        loc,
                        format!("U+{:04X} cannot be the text of a glyph", c as u32),
                    ),
                    V::UnicodePrivateArea(_, _, c, loc) => (
                        loc,
                        format!("U+{:04X} is a private-use character", c as u32),
                    ),
                    V::MissingAltText(loc) => (loc, "a figure has no alt text".into()),
                    V::ContainsPostScript(loc) => (loc, "PostScript is not allowed".into()),
                    other => (None, format!("{other:?}")),
                };
                diag(place(loc), format!("{what} ({standard} forbids it)"))
            })
            .collect(),
        K::Image(_, loc, message) => vec![diag(
            place(loc),
            format!("failed to embed a photo ({message})"),
        )],
        other => vec![diag(None, format!("{other:?}"))],
    }
}

/// A photo krilla could not take, located at its file.
fn photo_error(photo: &crate::photo::Photo, err: String) -> Diagnostic {
    Diagnostic::error(
        Origin::file(&photo.path),
        format!("failed to embed photo ({err})"),
    )
}

/// Horizontal shear of synthesised oblique type: 12°, the slant of Noto Sans Italic.
const OBLIQUE_SHEAR: f32 = 0.2126;

/// Gaps between glyphs wider than this fraction of the font size get a filler glyph: poppler
/// starts a new word at 0.1 em, pdf.js at 0.102 em, pdfium at about a quarter of its space width.
const BRIDGE_GAP: f64 = 0.05;

/// What a filler glyph maps to in /ToUnicode: WORD JOINER, a format character pdf.js skips.
const FILLER_TEXT: &str = "\u{2060}";

/// A line of text that is content (not an artifact), with where it goes.
#[derive(Clone, Copy)]
struct TextItem<'a> {
    origin: crate::geom::Point,
    line: &'a Line,
    lang: Option<&'a str>,
    /// The glyph that continues the line in the next item (a link or a phrase in another
    /// language is an item of its own), so the gap before it gets a filler too.
    after: Option<Next>,
    /// Whether the caller keeps one text object open over all items of the line; otherwise
    /// the item opens its own.
    shared_text: bool,
}

/// Draws a line as one marked-content span and returns the identifiers it used.
///
/// Glyphs set apart with no space character between them (CJK justification, the quarter em
/// between Han and Latin) would copy out with a space: every extractor turns a gap in the glyph
/// boxes into one. So the gap is drawn as a filler — an ink-free glyph of the same face with the
/// gap as its advance — in one cluster with the glyph before it. krilla writes such a cluster
/// inside its text object as `/Span <</ActualText (that glyph's text)>> BDC … EMC`, so the span
/// nests with `q`/`Q` and `BT`/`ET`, poppler and pdfium read the glyph's text over a box that
/// reaches the next glyph, and the filler's own /ToUnicode entry (WORD JOINER, set once per face
/// by [`prime_filler`]) is a character pdf.js skips without moving its cursor. So that no `Tm`
/// re-syncs that cursor mid-line, the line is one text object (`Surface::start_text_line`, from
/// the patched krilla in `vendor/krilla/`). See `docs/pdfua-1.md` for what each reader copies.
fn draw_text(
    surface: &mut Surface,
    text: TextItem,
    book: &FontBook,
    fonts: &mut FontCache,
    profile: &'static Profile,
) -> StrResult<Vec<Identifier>> {
    let line = text.line;
    let (x, y) = (pt(text.origin.x), pt(text.origin.y));
    let mut ids = vec![];
    // Where each run's text continues: the next run's first glyph, or the next item's.
    let next_of = |r: usize| line_start(&line.runs[r + 1..]).or(text.after);
    // Fillers must have their /ToUnicode entry before any cluster uses them.
    for (r, run) in line.runs.iter().enumerate() {
        if fillers(run, next_of(r)).next().is_some()
            && let Some(id) = prime_filler(surface, run, x, y, book, fonts, profile, text.lang)?
        {
            ids.push(id);
        }
    }
    let tag = SpanTag::empty().with_lang(text.lang);
    ids.push(surface.start_tagged(ContentTag::Span(tag)));
    // One text object for the line (vendor/krilla/PATCHES.md): pdf.js skips the fillers
    // without moving its cursor, so any `Tm` after the first would show their width as a gap.
    if !text.shared_text {
        surface.start_text_line();
    }
    for (r, run) in line.runs.iter().enumerate() {
        let drawn = draw_run_with_fillers(surface, run, next_of(r), x, y, book, fonts, profile);
        if drawn.is_err() {
            surface.end_tagged();
            if !text.shared_text {
                surface.end_text_line();
            }
        }
        drawn?;
    }
    // The span's end closes a text object opened inside it.
    surface.end_tagged();
    if !text.shared_text {
        surface.end_text_line();
    }
    Ok(ids)
}

/// The first glyph of `runs`, as the glyph that follows what comes before them.
fn line_start(runs: &[GlyphRun]) -> Option<Next> {
    runs.iter().find_map(|run| {
        let g = run.glyphs.first()?;
        Some(Next {
            x: g.x,
            dx: g.dx,
            space: run.text[g.text.clone()].starts_with(char::is_whitespace),
        })
    })
}

/// Whether `b` continues the line of `a`: content text items split where a link or a language
/// starts or ends (layout's `push_line`) share their origin.
fn same_line(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::Text { origin: oa, .. }, Item::Text { origin: ob, .. }) => {
            oa == ob && matches!(a.mark(), Mark::Content(_)) && matches!(b.mark(), Mark::Content(_))
        }
        _ => false,
    }
}

/// The glyph after a run, on the same line.
#[derive(Clone, Copy)]
struct Next {
    /// Its pen position.
    x: Abs,
    /// Its drawn offset from the pen (negative for a compressed opening bracket).
    dx: Abs,
    space: bool,
}

/// Indices of the glyphs of `run` followed by a gap a reader would take for a word space, with
/// the gap's width.
fn fillers(run: &GlyphRun, next: Option<Next>) -> impl Iterator<Item = (usize, Abs)> + '_ {
    let text = |i: usize| &run.text[run.glyphs[i].text.clone()];
    (0..run.glyphs.len()).filter_map(move |i| {
        let g = &run.glyphs[i];
        let (next_x, next_dx, next_space) = match run.glyphs.get(i + 1) {
            Some(n) => (n.x, n.dx, text(i + 1).starts_with(char::is_whitespace)),
            None => {
                let n = next?;
                (n.x, n.dx, n.space)
            }
        };
        let gap = next_x - (g.x + g.advance);
        // Readers see the gap up to where the next glyph is drawn: none before an opening
        // bracket pulled back over its blank half, and a filler there would overlap it.
        let seen = gap + next_dx;
        (seen > run.style.size * BRIDGE_GAP
            && !next_space
            && !text(i).ends_with(char::is_whitespace))
        .then_some((i, gap))
    })
}

/// Draws the face's filler glyph once, mapped to [`FILLER_TEXT`], in a span whose /ActualText
/// is empty; returns its identifier, or `None` when the face is primed already or has no filler.
#[allow(clippy::too_many_arguments)]
fn prime_filler(
    surface: &mut Surface,
    run: &GlyphRun,
    x: f32,
    y: f32,
    book: &FontBook,
    fonts: &mut FontCache,
    profile: &'static Profile,
    lang: Option<&str>,
) -> StrResult<Option<Identifier>> {
    let Some(filler) = fonts.filler(book, run.font) else {
        return Ok(None);
    };
    if !fonts.primed.insert(run.font) {
        return Ok(None);
    }
    let font = fonts.get(book, run.font)?;
    let glyph = KrillaGlyph::new(
        GlyphId::new(filler as u32),
        0.0,
        0.0,
        0.0,
        0.0,
        0..FILLER_TEXT.len(),
        None,
    );
    let tag = SpanTag::empty().with_lang(lang).with_actual_text(Some(""));
    let id = surface.start_tagged(ContentTag::Span(tag));
    surface.set_fill(Some(fill(run.style.colour, profile)));
    surface.set_stroke(None);
    surface.draw_glyphs(
        KPoint::from_xy(x, y),
        &[glyph],
        font,
        FILLER_TEXT,
        pt(run.style.size),
        false,
    );
    surface.end_tagged();
    Ok(Some(id))
}

/// Draws a content run, with a filler after each glyph that a gap sets apart from the next.
#[allow(clippy::too_many_arguments)]
fn draw_run_with_fillers(
    surface: &mut Surface,
    run: &GlyphRun,
    next: Option<Next>,
    x: f32,
    y: f32,
    book: &FontBook,
    fonts: &mut FontCache,
    profile: &'static Profile,
) -> StrResult<()> {
    let filler = fonts.filler(book, run.font);
    let gaps: HashMap<usize, Abs> = match filler {
        Some(_) => fillers(run, next).collect(),
        None => HashMap::new(),
    };
    let size = pt(run.style.size);
    let mut glyphs = Vec::with_capacity(run.glyphs.len() + gaps.len());
    for (i, g) in run.glyphs.iter().enumerate() {
        let gap = gaps.get(&i);
        // The advance is the distance to the next glyph, which carries justification, unless a
        // filler carries the gap.
        let next_x = run.glyphs.get(i + 1).map_or(g.x + g.advance, |n| n.x);
        let advance = match gap {
            Some(_) => g.advance,
            None => next_x - g.x,
        };
        glyphs.push(krilla_glyph(
            g.id,
            pt(advance) / size,
            g,
            size,
            g.text.clone(),
        ));
        if let (Some(gap), Some(filler)) = (gap, filler) {
            let mut glyph = krilla_glyph(filler, pt(*gap) / size, g, size, g.text.clone());
            glyph.x_offset = 0.0;
            glyph.y_offset = 0.0;
            glyphs.push(glyph);
        }
    }
    draw_glyphs(surface, run, &glyphs, x, y, book, fonts, profile)
}

fn krilla_glyph(
    id: u16,
    advance: f32,
    g: &PlacedGlyph,
    size: f32,
    text: Range<usize>,
) -> KrillaGlyph {
    KrillaGlyph::new(
        GlyphId::new(id as u32),
        advance,
        pt(g.dx) / size,
        -pt(g.dy) / size,
        0.0,
        text,
        None,
    )
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
    profile: &'static Profile,
) -> StrResult<()> {
    let size = pt(run.style.size);
    let glyphs: Vec<KrillaGlyph> = glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            // The advance is the distance to the next glyph, which carries justification.
            let next_x = glyphs.get(i + 1).map_or(g.x + g.advance, |n| n.x);
            krilla_glyph(g.id, pt(next_x - g.x) / size, g, size, g.text.clone())
        })
        .collect();
    draw_glyphs(surface, run, &glyphs, x, y, book, fonts, profile)
}

/// Draws glyphs of `run` whose first glyph sits at the run's first glyph's position.
#[allow(clippy::too_many_arguments)]
fn draw_glyphs(
    surface: &mut Surface,
    run: &GlyphRun,
    glyphs: &[KrillaGlyph],
    x: f32,
    y: f32,
    book: &FontBook,
    fonts: &mut FontCache,
    profile: &'static Profile,
) -> StrResult<()> {
    let Some(first) = run.glyphs.first() else {
        return Ok(());
    };
    let font = fonts.get(book, run.font)?;
    let size = pt(run.style.size);
    let start_x = x + pt(first.x);
    surface.set_fill(Some(fill(run.style.colour, profile)));
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
            glyphs,
            font,
            &run.text,
            size,
            false,
        );
        surface.pop();
    } else {
        surface.draw_glyphs(
            KPoint::from_xy(start_x, y),
            glyphs,
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
