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
    /// Total ink limit (C + M + Y + K, in percent) the print preflight warns above, for the
    /// layout's colours and CMYK photos. Unset, the output condition's: 300 % for FOGRA39
    /// (ISO 12647-2, coated paper; `pdf::condition_ink_limit`). Set it to the print shop's
    /// figure, e.g. 260 for uncoated stock.
    #[serde(default)]
    pub total_ink_limit_percent: Option<f64>,
    /// Cover band, running heads, cards, figures box and table metrics.
    #[serde(default)]
    pub geometry: Geometry,
    /// The file it was read from, for errors found once fonts are loaded.
    #[serde(skip)]
    pub file: std::path::PathBuf,
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
    /// The narrowest measure, in em of the body size, at which Latin, Greek and Cyrillic text
    /// is justified; in a narrower one justified paragraphs are set flush left, since their
    /// few word spaces cannot take up a word without frequent hyphens or loose lines. 38 em
    /// is where English in Noto Sans set with total fit stays near 4 % hyphenated line ends and
    /// needs no emergency stretch (measured over `tests/fixtures/prose/en.txt`; see the README's
    /// typography section). 0 justifies at any measure. Japanese, Chinese and Korean justify at
    /// any measure whatever this says.
    pub justify_min_measure_em: f64,
    /// How far a justified Latin, Greek or Cyrillic line may spread or tighten its letters, in
    /// per cent of their advances, for the part of its adjustment the word spaces cannot take
    /// within their normal range (at most half again or a third less than their width). 2 is
    /// pdfTeX's and microtype's default font expansion and InDesign's usual letter spacing
    /// range (-2 % to +2 %): too little to see, and enough that the English sample release
    /// over 38 to 48 em needs a quarter of the hyphens and no emergency stretch (see the
    /// README's typography section). 0 turns it off. Japanese, Chinese and Korean lines are
    /// never letter-spaced.
    pub justify_tracking_percent: f64,
}

impl Default for ParagraphRules {
    fn default() -> Self {
        ParagraphRules {
            last_line_min: 0.1,
            hanging_punctuation: false,
            first_line_indent: None,
            justify_min_measure_em: 38.0,
            justify_tracking_percent: 2.0,
        }
    }
}

/// Page furniture and block metrics (`[geometry]` in a layout file), in millimetres or points as
/// each key says. Every key is optional; the defaults are the A4 layout's, set by eye on the
/// sample kits. A smaller page (A5) scales them down so the cover and cards keep their shape.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Geometry {
    /// Depth of the cover band from the top trim edge: room for the kind line and a two-
    /// line event name at A4 sizes. Default: 40.
    pub cover_band_mm: f64,
    /// From the band's lower edge up to the event name's last line, which sits on that
    /// edge. Default: 5.
    pub cover_band_text_mm: f64,
    /// From the band's lower edge down to the flag line. Default: 8.
    pub cover_after_band_mm: f64,
    /// Between the flag line and the headline. Default: 2.
    pub cover_headline_gap_mm: f64,
    /// Between the headline and the subhead. Default: 2.
    pub cover_subhead_gap_mm: f64,
    /// Above the dateline, setting it apart from the headline block. Default: 4.
    pub cover_dateline_gap_mm: f64,
    /// Above the rule that closes the cover. Default: 3.
    pub cover_rule_gap_mm: f64,
    /// Weight of the rule that closes the cover. Default: 1.
    pub cover_rule_pt: f64,
    /// Below the rule that closes the cover. Default: 2.
    pub cover_after_rule_mm: f64,
    /// Running header's baseline above the text area (inside the top margin). Default: 8.
    pub header_above_text_mm: f64,
    /// From the running header's baseline down to its rule. Default: 2.5.
    pub header_rule_below_mm: f64,
    /// Weight of the running header's rule: a hairline that still prints. Default: 0.5.
    pub header_rule_pt: f64,
    /// Least space between the event name and the date in the running header. Default: 6.
    pub header_gap_mm: f64,
    /// Footer's baseline below the text area (inside the bottom margin). Default: 11.
    pub footer_below_text_mm: f64,
    /// Size of the print slug outside the trim: legible to the print shop, never to
    /// readers. Default: 6.
    pub slug_pt: f64,
    /// Left indent of a block quote. Default: 6.
    pub quote_indent_mm: f64,
    /// Where a block quote's accent rule stands, from the text area's left edge. Default: 1.5.
    pub quote_rule_x_mm: f64,
    /// Weight of a block quote's accent rule. Default: 1.5.
    pub quote_rule_pt: f64,
    /// Indent of a list item per nesting level. Default: 5.
    pub list_indent_mm: f64,
    /// Width a list marker is set in, to the left of the item's text. Default: 4.
    pub list_marker_mm: f64,
    /// Above a speaker card. Default: 5.
    pub card_space_before_mm: f64,
    /// Between a speaker's portrait and the card's text. Default: 5.
    pub card_photo_gap_mm: f64,
    /// Between a speaker's name and role and the biography. Default: 1.5.
    pub card_role_gap_mm: f64,
    /// Inside the tinted key-figures box, on every side. Default: 4.
    pub figures_padding_mm: f64,
    /// Between key-figure columns and rows. Default: 4.
    pub figures_gap_mm: f64,
    /// Above the key-figures box. Default: 3.
    pub figures_space_before_mm: f64,
    /// Between a table's caption and its header row. Default: 1.5.
    pub table_caption_gap_mm: f64,
    /// Left and right padding of a table cell. Default: 2.
    pub cell_padding_x_mm: f64,
    /// Top and bottom padding of a table cell. Default: 1.6.
    pub cell_padding_y_mm: f64,
    /// Weight of the rule under each table row. Default: 0.5.
    pub table_rule_pt: f64,
    /// Above each media contact. Default: 3.
    pub contact_space_before_mm: f64,
}

impl Default for Geometry {
    fn default() -> Self {
        Geometry {
            cover_band_mm: 40.0,
            cover_band_text_mm: 5.0,
            cover_after_band_mm: 8.0,
            cover_headline_gap_mm: 2.0,
            cover_subhead_gap_mm: 2.0,
            cover_dateline_gap_mm: 4.0,
            cover_rule_gap_mm: 3.0,
            cover_rule_pt: 1.0,
            cover_after_rule_mm: 2.0,
            header_above_text_mm: 8.0,
            header_rule_below_mm: 2.5,
            header_rule_pt: 0.5,
            header_gap_mm: 6.0,
            footer_below_text_mm: 11.0,
            slug_pt: 6.0,
            quote_indent_mm: 6.0,
            quote_rule_x_mm: 1.5,
            quote_rule_pt: 1.5,
            list_indent_mm: 5.0,
            list_marker_mm: 4.0,
            card_space_before_mm: 5.0,
            card_photo_gap_mm: 5.0,
            card_role_gap_mm: 1.5,
            figures_padding_mm: 4.0,
            figures_gap_mm: 4.0,
            figures_space_before_mm: 3.0,
            table_caption_gap_mm: 1.5,
            cell_padding_x_mm: 2.0,
            cell_padding_y_mm: 1.6,
            table_rule_pt: 0.5,
            contact_space_before_mm: 3.0,
        }
    }
}

impl Geometry {
    /// Every key with its value, for range checks.
    fn fields(&self) -> [(&'static str, f64); 31] {
        [
            ("cover_band_mm", self.cover_band_mm),
            ("cover_band_text_mm", self.cover_band_text_mm),
            ("cover_after_band_mm", self.cover_after_band_mm),
            ("cover_headline_gap_mm", self.cover_headline_gap_mm),
            ("cover_subhead_gap_mm", self.cover_subhead_gap_mm),
            ("cover_dateline_gap_mm", self.cover_dateline_gap_mm),
            ("cover_rule_gap_mm", self.cover_rule_gap_mm),
            ("cover_rule_pt", self.cover_rule_pt),
            ("cover_after_rule_mm", self.cover_after_rule_mm),
            ("header_above_text_mm", self.header_above_text_mm),
            ("header_rule_below_mm", self.header_rule_below_mm),
            ("header_rule_pt", self.header_rule_pt),
            ("header_gap_mm", self.header_gap_mm),
            ("footer_below_text_mm", self.footer_below_text_mm),
            ("slug_pt", self.slug_pt),
            ("quote_indent_mm", self.quote_indent_mm),
            ("quote_rule_x_mm", self.quote_rule_x_mm),
            ("quote_rule_pt", self.quote_rule_pt),
            ("list_indent_mm", self.list_indent_mm),
            ("list_marker_mm", self.list_marker_mm),
            ("card_space_before_mm", self.card_space_before_mm),
            ("card_photo_gap_mm", self.card_photo_gap_mm),
            ("card_role_gap_mm", self.card_role_gap_mm),
            ("figures_padding_mm", self.figures_padding_mm),
            ("figures_gap_mm", self.figures_gap_mm),
            ("figures_space_before_mm", self.figures_space_before_mm),
            ("table_caption_gap_mm", self.table_caption_gap_mm),
            ("cell_padding_x_mm", self.cell_padding_x_mm),
            ("cell_padding_y_mm", self.cell_padding_y_mm),
            ("table_rule_pt", self.table_rule_pt),
            ("contact_space_before_mm", self.contact_space_before_mm),
        ]
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

impl Section {
    /// The name a layout file's `sections` list spells it with (the serde name).
    pub fn name(self) -> &'static str {
        match self {
            Section::Cover => "cover",
            Section::Release => "release",
            Section::Figures => "figures",
            Section::Speakers => "speakers",
            Section::Facts => "facts",
            Section::About => "about",
            Section::Contacts => "contacts",
            Section::End => "end",
        }
    }
}

/// The smallest text area, in millimetres: narrower than 5 cm a line holds two or three words
/// and a cover cannot hold its headline; a page this small is a label, not a press kit.
pub const MIN_TEXT_AREA_MM: f64 = 50.0;

/// One range check: the key path in the layout file, the value, and its allowed range.
struct Bound {
    table: &'static str,
    key: &'static str,
    value: f64,
    min: f64,
    max: f64,
    why: &'static str,
}

impl Layout {
    /// Every number of the layout checked against its range, so a bad layout cannot loop, run
    /// out of memory or write NaN into a PDF. Returns (table, key, message) per problem.
    pub fn problems(&self) -> Vec<(&'static str, &'static str, String)> {
        let p = &self.page;
        let t = &self.type_;
        let b = |table, key, value: f64, min, max, why| Bound {
            table,
            key,
            value,
            min,
            max,
            why,
        };
        // Sizes in points: 4 pt is the smallest legible print size; 144 pt (2 inches) is more
        // than any cover headline of an A4 or Letter page needs.
        let mut bounds = vec![
            b("page", "width_mm", p.width_mm, 100.0, 1200.0, "A6 to A0"),
            b("page", "height_mm", p.height_mm, 100.0, 1200.0, "A6 to A0"),
            b("page", "margin_top_mm", p.margin_top_mm, 0.0, 300.0, ""),
            b(
                "page",
                "margin_bottom_mm",
                p.margin_bottom_mm,
                0.0,
                300.0,
                "",
            ),
            b("page", "margin_left_mm", p.margin_left_mm, 0.0, 300.0, ""),
            b("page", "margin_right_mm", p.margin_right_mm, 0.0, 300.0, ""),
            b(
                "page",
                "bleed_mm",
                p.bleed_mm,
                0.0,
                10.0,
                "print shops ask for 3 mm",
            ),
            b("type", "body_pt", t.body_pt, 5.0, 24.0, ""),
            b(
                "type",
                "body_leading",
                t.body_leading,
                1.0,
                3.0,
                "a multiple of the size",
            ),
            b(
                "type",
                "cjk_body_leading",
                t.cjk_body_leading,
                1.0,
                3.0,
                "a multiple of the size",
            ),
            b("type", "heading_pt", t.heading_pt, 5.0, 72.0, ""),
            b("type", "headline_pt", t.headline_pt, 6.0, 144.0, ""),
            b("type", "subhead_pt", t.subhead_pt, 5.0, 72.0, ""),
            b("type", "event_pt", t.event_pt, 4.0, 72.0, ""),
            b("type", "figure_pt", t.figure_pt, 5.0, 144.0, ""),
            b("type", "small_pt", t.small_pt, 4.0, 24.0, ""),
            b(
                "",
                "figure_columns",
                self.figure_columns as f64,
                1.0,
                8.0,
                "",
            ),
            b(
                "",
                "screen_jpeg_quality",
                self.screen_jpeg_quality as f64,
                1.0,
                100.0,
                "",
            ),
            b(
                "paragraphs",
                "last_line_min",
                self.paragraphs.last_line_min,
                0.0,
                1.0,
                "a fraction of the measure",
            ),
            b(
                "paragraphs",
                "justify_min_measure_em",
                self.paragraphs.justify_min_measure_em,
                0.0,
                200.0,
                "a measure in em of the body size",
            ),
            b(
                "paragraphs",
                "justify_tracking_percent",
                self.paragraphs.justify_tracking_percent,
                0.0,
                10.0,
                "per cent of the letters' advances",
            ),
        ];
        if let Some(limit) = self.total_ink_limit_percent {
            // Below 100 % a solid black fails; above 400 % no CMYK colour can go.
            bounds.push(b(
                "",
                "total_ink_limit_percent",
                limit,
                100.0,
                400.0,
                "the most C + M + Y + K a press lays down",
            ));
        }
        for (key, value) in self.geometry.fields() {
            // Points are rule weights and the slug size; millimetres are distances on the page.
            let (max, why) = if key.ends_with("_pt") {
                (12.0, "a rule weight or the slug size in points")
            } else {
                (100.0, "a distance in millimetres")
            };
            bounds.push(b("geometry", key, value, 0.0, max, why));
        }
        let c = &self.colours;
        for (key, inks) in [
            ("text", c.text),
            ("accent", c.accent),
            ("muted", c.muted),
            ("band", c.band),
            ("tint", c.tint),
        ] {
            for ink in inks {
                bounds.push(b(
                    "colours",
                    key,
                    ink as f64,
                    0.0,
                    100.0,
                    "CMYK percentages",
                ));
            }
        }
        let mut problems = vec![];
        for bound in &bounds {
            // `!(a <= v && v <= b)` is also true for NaN.
            if !(bound.min <= bound.value && bound.value <= bound.max) {
                let why = if bound.why.is_empty() {
                    String::new()
                } else {
                    format!("; {}", bound.why)
                };
                problems.push((
                    bound.table,
                    bound.key,
                    format!(
                        "{} must be a number from {} to {}{why} (it is {})",
                        bound.key, bound.min, bound.max, bound.value
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return problems;
        }
        let width = p.width_mm - p.margin_left_mm - p.margin_right_mm;
        if width < MIN_TEXT_AREA_MM {
            problems.push((
                "page",
                "margin_left_mm",
                format!(
                    "the margins leave a text area {width:.0} mm wide; it must be at least {MIN_TEXT_AREA_MM:.0} mm"
                ),
            ));
        }
        let height = p.height_mm - p.margin_top_mm - p.margin_bottom_mm;
        if height < MIN_TEXT_AREA_MM {
            problems.push((
                "page",
                "margin_top_mm",
                format!(
                    "the margins leave a text area {height:.0} mm tall; it must be at least {MIN_TEXT_AREA_MM:.0} mm"
                ),
            ));
        }
        problems
    }
}

/// The byte offset of `key` in `[table]` (or written `table.key` at the top), for locating a
/// layout problem; the layout is deserialised without spans.
pub fn key_offset(source: &str, table: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(header) = trimmed.strip_prefix('[') {
            current = header
                .split(']')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            continue;
        }
        let name = trimmed.split('=').next().unwrap_or_default().trim();
        let dotted = format!("{table}.{key}");
        let hit = (current == table && name == key)
            || (current.is_empty() && !table.is_empty() && name == dotted);
        if hit && trimmed.contains('=') {
            return Some(start + indent);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a4() -> (String, Layout) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/layouts/a4.toml");
        let source = std::fs::read_to_string(path).unwrap();
        let layout = toml::from_str(&source).unwrap();
        (source, layout)
    }

    #[test]
    fn section_names_are_the_ones_layout_files_use() {
        // Every section as a layout's `sections` list spells it (docs/kit-format.md).
        let written = [
            "cover", "release", "figures", "speakers", "facts", "about", "contacts", "end",
        ];
        #[derive(Deserialize)]
        struct Sections {
            sections: Vec<Section>,
        }
        let parsed: Sections = toml::from_str(&format!("sections = {written:?}")).unwrap();
        assert_eq!(parsed.sections.len(), written.len());
        for (section, name) in parsed.sections.into_iter().zip(written) {
            assert_eq!(section.name(), name);
        }
    }

    #[test]
    fn shipped_layouts_are_in_range() {
        for name in ["a4", "letter", "a5"] {
            let path = format!("{}/layouts/{name}.toml", env!("CARGO_MANIFEST_DIR"));
            let layout: Layout = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            assert!(
                layout.problems().is_empty(),
                "{name}: {:?}",
                layout.problems()
            );
        }
    }

    #[test]
    fn bad_numbers_are_named() {
        let (_, base) = a4();
        let check = |edit: &dyn Fn(&mut Layout), key: &str| {
            let mut layout = base.clone();
            edit(&mut layout);
            let problems = layout.problems();
            assert!(problems.iter().any(|p| p.1 == key), "{key}: {problems:?}");
        };
        check(&|l| l.page.width_mm = 0.0, "width_mm");
        check(&|l| l.page.width_mm = 60.0, "width_mm");
        check(&|l| l.page.width_mm = f64::NAN, "width_mm");
        check(&|l| l.page.height_mm = f64::INFINITY, "height_mm");
        check(&|l| l.page.margin_left_mm = 150.0, "margin_left_mm");
        check(&|l| l.page.margin_top_mm = 250.0, "margin_top_mm");
        check(&|l| l.page.margin_right_mm = -5.0, "margin_right_mm");
        check(&|l| l.type_.body_pt = f64::NAN, "body_pt");
        check(&|l| l.type_.headline_pt = 1000.0, "headline_pt");
        check(&|l| l.type_.body_leading = 0.0, "body_leading");
        check(&|l| l.colours.band[2] = 101.0, "band");
        check(&|l| l.colours.text[0] = f32::NAN, "text");
        check(&|l| l.figure_columns = 0, "figure_columns");
        check(&|l| l.paragraphs.last_line_min = f64::NAN, "last_line_min");
        check(&|l| l.geometry.cover_band_mm = -1.0, "cover_band_mm");
        check(
            &|l| l.geometry.footer_below_text_mm = f64::NAN,
            "footer_below_text_mm",
        );
        check(&|l| l.geometry.table_rule_pt = 50.0, "table_rule_pt");
    }

    #[test]
    fn keys_are_located_in_tables_and_dotted() {
        let (source, _) = a4();
        let at = key_offset(&source, "type", "body_pt").unwrap();
        assert!(source[at..].starts_with("body_pt = 10"));
        let src = "name = \"x\"\npage.width_mm = 5\n[type]\nbody_pt = 1\n";
        assert_eq!(key_offset(src, "page", "width_mm"), Some(11));
        assert_eq!(key_offset(src, "type", "body_pt"), Some(36));
        assert_eq!(key_offset(src, "", "name"), Some(0));
    }
}
