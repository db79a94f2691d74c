//! A layout resolved once into flat settings; what depends on the language (faces, leading,
//! indent) is chosen by layout, which may ask text.

use crate::geom::{Abs, Cmyk};
use crate::spec::{FontSpec, Geometry, Layout};

/// The flat style a language's document is laid out with.
#[derive(Debug, Clone)]
pub struct Style {
    /// Page geometry.
    pub page: PageGeometry,
    /// Body size.
    pub body: Abs,
    /// Body leading (multiple of size) for languages set in a Latin face.
    pub body_leading: f64,
    /// Body leading for languages set in a CJK face (layout chooses by the language's face).
    pub cjk_body_leading: f64,
    /// Heading size.
    pub heading: Abs,
    /// Headline size.
    pub headline: Abs,
    /// Subhead size.
    pub subhead: Abs,
    /// Event size on the cover band.
    pub event: Abs,
    /// Key-figure size.
    pub figure: Abs,
    /// Small size.
    pub small: Abs,
    /// Body text colour.
    pub text: Cmyk,
    /// Accent colour.
    pub accent: Cmyk,
    /// Muted colour.
    pub muted: Cmyk,
    /// Band colour.
    pub band: Cmyk,
    /// Tint colour.
    pub tint: Cmyk,
    /// Font families as the layout names them; layout orders them for the language.
    pub families: FontSpec,
    /// Key figures per row.
    pub figure_columns: usize,
    /// Portrait width.
    pub photo_width: Abs,
    /// JPEG quality of photos re-encoded for screen.
    pub screen_jpeg_quality: u8,
    /// Shortest last line of a justified paragraph, as a fraction of the measure.
    pub last_line_min: f64,
    /// Measure, in em of the text size, below which justified Latin text is set flush left.
    pub justify_min_measure_em: f64,
    /// Letter-spacing a justified Western line may use, as a fraction of its letters' advances.
    pub justify_tracking: f64,
    /// Whether 、。，． may hang into the right margin.
    pub hanging_punctuation: bool,
    /// Whether body paragraphs start with a 1 em indent; `None` leaves it to the language's
    /// default, which layout reads from the language profile.
    pub first_line_indent: Option<bool>,
    /// Cover band, running heads, cards, figures box and table metrics.
    pub geometry: Geometry,
}

/// Page size, margins and bleed.
#[derive(Debug, Clone, Copy)]
pub struct PageGeometry {
    /// Trim width.
    pub width: Abs,
    /// Trim height.
    pub height: Abs,
    /// Top margin.
    pub top: Abs,
    /// Bottom margin.
    pub bottom: Abs,
    /// Left margin.
    pub left: Abs,
    /// Right margin.
    pub right: Abs,
    /// Bleed.
    pub bleed: Abs,
}

impl Style {
    /// Resolves `layout` for `lang`.
    pub fn resolve(layout: &Layout) -> Style {
        let t = &layout.type_;
        let p = &layout.page;
        Style {
            page: PageGeometry {
                width: Abs::mm(p.width_mm),
                height: Abs::mm(p.height_mm),
                top: Abs::mm(p.margin_top_mm),
                bottom: Abs::mm(p.margin_bottom_mm),
                left: Abs::mm(p.margin_left_mm),
                right: Abs::mm(p.margin_right_mm),
                bleed: Abs::mm(p.bleed_mm),
            },
            body: Abs::pt(t.body_pt),
            body_leading: t.body_leading,
            cjk_body_leading: t.cjk_body_leading,
            heading: Abs::pt(t.heading_pt),
            headline: Abs::pt(t.headline_pt),
            subhead: Abs::pt(t.subhead_pt),
            event: Abs::pt(t.event_pt),
            figure: Abs::pt(t.figure_pt),
            small: Abs::pt(t.small_pt),
            text: cmyk(layout.colours.text),
            accent: cmyk(layout.colours.accent),
            muted: cmyk(layout.colours.muted),
            band: cmyk(layout.colours.band),
            tint: cmyk(layout.colours.tint),
            families: layout.fonts.clone(),
            figure_columns: layout.figure_columns.max(1) as usize,
            photo_width: Abs::mm(layout.photo_width_mm),
            screen_jpeg_quality: layout.screen_jpeg_quality.clamp(1, 100),
            last_line_min: layout.paragraphs.last_line_min.clamp(0.0, 1.0),
            justify_min_measure_em: layout.paragraphs.justify_min_measure_em.max(0.0),
            justify_tracking: layout.paragraphs.justify_tracking_percent.clamp(0.0, 10.0) / 100.0,
            hanging_punctuation: layout.paragraphs.hanging_punctuation,
            first_line_indent: layout.paragraphs.first_line_indent,
            geometry: layout.geometry.clone(),
        }
    }
}

fn cmyk([c, m, y, k]: [f32; 4]) -> Cmyk {
    let f = |v: f32| (v / 100.0).clamp(0.0, 1.0);
    Cmyk {
        c: f(c),
        m: f(m),
        y: f(y),
        k: f(k),
    }
}
