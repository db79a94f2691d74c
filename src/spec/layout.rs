//! Layout files (`layouts/<name>.toml`): page geometry, type, colours, fonts and section order.
//!
//! Each setting is declared once here with its default; lengths are millimetres or points as the
//! field name says, colours CMYK percentages.

use serde::Deserialize;

/// A parsed layout file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// The name kits use to select this layout (the file stem).
    pub name: String,
    /// Page geometry.
    pub page: PageSpec,
    /// Type sizes and leading.
    #[serde(rename = "type")]
    pub type_: TypeSpec,
    /// Colours, CMYK percentages.
    pub colours: Colours,
    /// Font families per script and language.
    pub fonts: FontSpec,
    /// Order in which the kit's sections are set.
    pub sections: Vec<Section>,
    /// Key figures per row in the figures box.
    #[serde(default = "default_figure_columns")]
    pub figure_columns: u32,
    /// Width of a speaker portrait in millimetres (height follows the photo's aspect).
    #[serde(default = "default_photo_width")]
    pub photo_width_mm: f64,
    /// JPEG quality (1–100) of photos re-encoded for the screen PDF; 80 keeps portraits clean
    /// at 150 dpi while the sample kit's screen PDFs stay far under 1 MB.
    #[serde(default = "default_screen_jpeg_quality")]
    pub screen_jpeg_quality: u8,
    /// How body paragraphs may end their lines.
    #[serde(default)]
    pub paragraphs: ParagraphRules,
}

/// Rules for setting body paragraphs (`[paragraphs]` in a layout file).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ParagraphRules {
    /// The shortest last line of a justified paragraph, as a fraction of the measure. 0.1 is a
    /// long word, or about five CJK characters at A4 body size, which total fit can arrange even
    /// in two-line paragraphs (0.2 could not, within its tolerance, in 7 of the sample's); a
    /// shorter last line is set only when no other breaking exists, and the report says so.
    pub last_line_min: f64,
    /// Let 、。，． hang into the right margin at a line end (jlreq §3.8.3, burasagari) as a
    /// third choice besides compressing and spacing out. Off by default, since the hanging mark
    /// sits outside the text area.
    pub hanging_punctuation: bool,
    /// Indent the first line of body paragraphs by 1 em. Unset, the language decides: on for
    /// Japanese and Chinese (jlreq, clreq: paragraphs start one character in), off elsewhere,
    /// where the space between paragraphs marks them.
    pub first_line_indent: Option<bool>,
}

impl Default for ParagraphRules {
    fn default() -> Self {
        ParagraphRules {
            last_line_min: 0.1,
            hanging_punctuation: false,
            first_line_indent: None,
        }
    }
}

fn default_screen_jpeg_quality() -> u8 {
    80
}

fn default_figure_columns() -> u32 {
    4
}
fn default_photo_width() -> f64 {
    28.0
}

/// Page size, margins and bleed, in millimetres.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSpec {
    /// Trimmed page width.
    pub width_mm: f64,
    /// Trimmed page height.
    pub height_mm: f64,
    /// Margin above the text area.
    pub margin_top_mm: f64,
    /// Margin below the text area (the footer sits inside it).
    pub margin_bottom_mm: f64,
    /// Left margin.
    pub margin_left_mm: f64,
    /// Right margin.
    pub margin_right_mm: f64,
    /// Bleed around the trim box for the print variant; 3 mm is what print shops ask for.
    #[serde(default = "default_bleed")]
    pub bleed_mm: f64,
}

fn default_bleed() -> f64 {
    3.0
}

/// Type sizes in points and leading as a multiple of the size.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    /// Body text size.
    pub body_pt: f64,
    /// Body leading for Latin, Greek and Cyrillic text.
    pub body_leading: f64,
    /// Body leading for Han, Kana and Hangul text, which needs more air between lines.
    pub cjk_body_leading: f64,
    /// Section heading size.
    pub heading_pt: f64,
    /// Cover headline size.
    pub headline_pt: f64,
    /// Cover subhead size.
    pub subhead_pt: f64,
    /// Event name on the cover band.
    pub event_pt: f64,
    /// Key-figure value size.
    pub figure_pt: f64,
    /// Small text: captions, running header, footer, table cells.
    pub small_pt: f64,
}

/// CMYK colours in percent (0–100 per ink).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// Body text.
    pub text: [f32; 4],
    /// Headings, flag, rules.
    pub accent: [f32; 4],
    /// Secondary text: roles, captions, header and footer.
    pub muted: [f32; 4],
    /// The cover band and the table header (full bleed on the cover).
    pub band: [f32; 4],
    /// Light tint behind the figures box and alternate table rows.
    pub tint: [f32; 4],
}

/// Which font family sets which text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontSpec {
    /// Family for Latin (incl. Vietnamese), Greek and Cyrillic.
    pub latin: String,
    /// Regional CJK families, in fallback order; a language uses the entry matching its tag.
    pub cjk: Vec<CjkFont>,
}

/// A regional CJK family and the language tag it serves.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CjkFont {
    /// BCP 47 tag, e.g. `ja`, `zh-Hant-HK`, `zh-Hant`, `zh-Hans`, `ko`.
    pub lang: String,
    /// Family name from `fonts/MANIFEST.toml`.
    pub family: String,
}

/// A kit section that a layout places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Cover block: band, flag, headline, subhead, dateline, organisers.
    Cover,
    /// The release text.
    Release,
    /// Key figures box.
    Figures,
    /// Speaker cards.
    Speakers,
    /// Funding-scheme fact table.
    Facts,
    /// "About" boilerplate.
    About,
    /// Media contacts.
    Contacts,
    /// End mark.
    End,
}
