//! Stage 4, **layout**: a [`LangDoc`] → [`PagedDoc`], pages of positioned items.
//!
//! Owns the page: where every line, photo, rule and fill goes, the structure tree, and the
//! language's faces and leading (resolved once through text). Imports `document` and `text`;
//! every distance comes from the layout file (`[page]`, `[geometry]`), none is written here.
//!
//! Steps: turn each block into chunks, stacked pieces with keep rules (`blocks.rs`) → paginate
//! (headings kept with what follows, no single-line widows or orphans, speaker cards whole,
//! table rows with the header repeated on a continuation page) → add the running header
//! (from page 2) and the localised "Page n of N" footer.

mod blocks;

use std::cell::RefCell;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Origin, StrResult};
use crate::document::{Block, LangDoc, Style};
use crate::geom::{Abs, Cmyk, Point, Rect, Size};
use crate::photo::Photo;
use crate::text::{
    self, Align, FontBook, FontChoice, LangProfile, Line, ParagraphSpec, Relaxation, Run, TextStyle,
};

/// A laid-out document: what every PDF variant and the text dump consume.
#[derive(Debug, Clone)]
pub struct PagedDoc {
    /// BCP 47 tag.
    pub lang: String,
    /// Kit id.
    pub kit_id: String,
    /// Trimmed page size.
    pub page_size: Size,
    /// Bleed around the trim box.
    pub bleed: Abs,
    /// Pages.
    pub pages: Vec<Page>,
    /// Bookmarks in reading order.
    pub outline: Vec<Bookmark>,
    /// The logical structure: every content item is marked with one of these nodes.
    pub structure: Vec<StructNode>,
    /// JPEG quality for photos re-encoded for screen.
    pub screen_jpeg_quality: u8,
    /// Lines the author should look at (too loose, words or amounts broken), with where their
    /// text is written; shown on the terminal.
    pub warnings: Diagnostics,
}

/// A node of the logical structure tree (tagged PDF).
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    /// What the node is.
    pub kind: StructKind,
    /// The enclosing node; `None` for top-level nodes.
    pub parent: Option<usize>,
}

/// The kinds of structure presskit produces.
#[derive(Debug, Clone, PartialEq)]
pub enum StructKind {
    /// A heading, with its text as the heading's title.
    Heading {
        /// Level 1–6.
        level: u8,
        /// The heading's text.
        title: String,
    },
    /// A paragraph.
    Paragraph,
    /// A block quote.
    BlockQuote,
    /// A list.
    List,
    /// A list item.
    ListItem,
    /// A list item's marker.
    ListLabel,
    /// A list item's content.
    ListBody,
    /// A photo with its alternative text.
    Figure { alt: String },
    /// A table.
    Table,
    /// A table row.
    TableRow,
    /// A column header cell.
    TableHeader,
    /// A data cell.
    TableCell,
    /// A link; its annotation is tagged into the same node.
    Link,
}

/// What drawn content is in the structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Content of a structure node.
    Content(usize),
    /// Not content: running heads, footers, repeated table headers, decoration.
    Artifact,
}

/// One page; coordinates are from the top-left corner of the trim box.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Drawn items, in painting order.
    pub items: Vec<Item>,
    /// Clickable areas.
    pub links: Vec<Link>,
    /// The print slug (kit, language, page, date), set outside the trim by the print variant.
    pub slug: Option<Line>,
}

/// A drawn item.
#[derive(Debug, Clone)]
pub enum Item {
    /// A line of text with its baseline's left end at `origin`.
    Text {
        origin: Point,
        line: Line,
        mark: Mark,
        /// Language of the text when it differs from the document's.
        lang: Option<String>,
    },
    /// A photo scaled into `rect`.
    Image {
        rect: Rect,
        photo: Photo,
        mark: Mark,
    },
    /// A filled rectangle; it may extend past the trim box into the bleed.
    Fill { rect: Rect, colour: Cmyk },
    /// A straight stroke.
    Rule {
        from: Point,
        to: Point,
        thickness: Abs,
        colour: Cmyk,
    },
}

impl Item {
    /// Where the item is in the structure: fills and rules are always decoration.
    pub fn mark(&self) -> Mark {
        match self {
            Item::Text { mark, .. } | Item::Image { mark, .. } => *mark,
            Item::Fill { .. } | Item::Rule { .. } => Mark::Artifact,
        }
    }
}

/// A link area.
#[derive(Debug, Clone)]
pub struct Link {
    /// Clickable area.
    pub rect: Rect,
    /// URL, `mailto:` or `tel:` target.
    pub target: String,
    /// The Link structure node the annotation belongs to.
    pub node: usize,
}

/// An outline entry.
#[derive(Debug, Clone)]
pub struct Bookmark {
    /// Title.
    pub title: String,
    /// Nesting level, 1 = top.
    pub level: u8,
    /// Page index.
    pub page: usize,
    /// Position on the page.
    pub y: Abs,
}

/// Lays out one language's document.
pub fn layout(doc: &LangDoc, book: &FontBook) -> StrResult<PagedDoc> {
    let ctx = Ctx::new(doc, book);
    let mut presets = preset_paragraphs(doc, book, &ctx);
    let mut chunks = vec![];
    for (block, preset) in doc.blocks.iter().zip(&mut presets) {
        let first = chunks.len();
        ctx.preset.replace(preset.take());
        blocks::chunks_of(&ctx, block, &mut chunks)?;
        // A chunk is never split; one taller than the text area would run off its page.
        if let Some(chunk) = chunks[first..].iter().find(|c| c.height > ctx.height) {
            return Err(vec![too_tall(block, chunk.height, ctx.height)]);
        }
    }
    let p = &doc.style.page;
    let area = TextArea {
        left: p.left,
        top: p.top,
        height: ctx.height,
    };
    let (mut pages, outline) = paginate(area, chunks);
    decorate(&ctx, &mut pages)?;
    check_on_page(&pages, Size::new(p.width, p.height))?;
    Ok(PagedDoc {
        lang: doc.lang.clone(),
        kit_id: doc.kit_id.clone(),
        page_size: Size::new(doc.style.page.width, doc.style.page.height),
        bleed: doc.style.page.bleed,
        pages,
        outline,
        structure: ctx.nodes.into_inner(),
        screen_jpeg_quality: doc.style.screen_jpeg_quality,
        warnings: ctx.warnings.into_inner(),
    })
}

/// The lines of every paragraph block, set in parallel before the (sequential) block loop
/// takes them in order: a paragraph's lines depend on its text and measure only, never on the
/// page it lands on, and paragraphs are most of a document's setting time. The lines are the
/// same whatever the thread count; errors and warnings still surface in block order.
fn preset_paragraphs(
    doc: &LangDoc,
    book: &FontBook,
    ctx: &Ctx,
) -> Vec<Option<StrResult<Vec<Line>>>> {
    // The parts of the context paragraphs are set from (the rest is not shared across threads).
    let (profile, fonts) = (&ctx.profile, &ctx.fonts);
    let (area_width, first_line_indent) = (ctx.width, ctx.first_line_indent);
    doc.blocks
        .par_iter()
        .map(|block| match block {
            Block::Paragraph {
                spans,
                kind,
                origin,
            } => {
                let para =
                    blocks::para_text(&doc.style, first_line_indent, area_width, spans, kind);
                let spec = body_spec(
                    &doc.style,
                    profile,
                    fonts,
                    para.width,
                    para.align,
                    para.first_line_indent,
                    origin,
                );
                Some(text::set_paragraph(book, spec, &para.runs))
            }
            _ => None,
        })
        .collect()
}

/// How body text is set: the layout's paragraph rules at `width`.
fn body_spec<'a>(
    style: &'a Style,
    profile: &'a LangProfile,
    fonts: &'a FontChoice,
    width: Abs,
    align: Align,
    indent: Abs,
    origin: &'a Origin,
) -> ParagraphSpec<'a> {
    ParagraphSpec {
        align,
        last_line_min: style.last_line_min,
        justify_min_measure_em: style.justify_min_measure_em,
        tracking: style.justify_tracking,
        hanging_punctuation: style.hanging_punctuation,
        first_line_indent: indent,
        ..ParagraphSpec::new(profile, fonts, width, origin)
    }
}

/// The last guard against content lost off the page: every line and photo lies inside the trim
/// box. The steps before it are meant to make this unreachable (a block taller than the text
/// area is an error, long words are broken); if one slips through, the build fails instead of
/// writing a PDF that cuts text off.
fn check_on_page(pages: &[Page], trim: Size) -> StrResult<()> {
    let inside = |x0: Abs, y0: Abs, x1: Abs, y1: Abs| {
        x0 >= Abs::ZERO && y0 >= Abs::ZERO && x1 <= trim.width && y1 <= trim.height
    };
    for (i, page) in pages.iter().enumerate() {
        for item in &page.items {
            let (ok, what) = match item {
                Item::Text { origin, line, .. } => (
                    inside(
                        origin.x,
                        origin.y - line.size,
                        origin.x + line.width,
                        origin.y,
                    ),
                    format!(
                        "the line “{}”",
                        line.text().chars().take(60).collect::<String>()
                    ),
                ),
                Item::Image { rect, photo, .. } => (
                    inside(
                        rect.origin.x,
                        rect.origin.y,
                        rect.origin.x + rect.size.width,
                        rect.origin.y + rect.size.height,
                    ),
                    format!("the photo {}", photo.path.display()),
                ),
                Item::Fill { .. } | Item::Rule { .. } => (true, String::new()),
            };
            if !ok {
                return Err(vec![Diagnostic::bare(format!(
                    "{what} on page {} would be drawn off the page",
                    i + 1
                ))]);
            }
        }
    }
    Ok(())
}

/// The error for a block whose unsplittable part is taller than the text area.
fn too_tall(block: &Block, height: Abs, area: Abs) -> Diagnostic {
    let (what, origin, hint) = match block {
        Block::Cover(cover) => (
            "the cover",
            Some(&cover.origin),
            "shorten the headline or subhead, or choose a smaller headline size",
        ),
        Block::Speaker(card) => (
            "the speaker card",
            Some(&card.origin),
            "shorten the bio to two or three sentences",
        ),
        Block::Figures { origin, .. } => ("the figures box", Some(origin), "shorten the labels"),
        Block::Contacts { origin, .. } => ("the contacts", Some(origin), "list fewer contacts"),
        Block::Heading { origin, .. } => ("the heading", Some(origin), "shorten the heading"),
        Block::Paragraph { origin, .. } => ("the paragraph", Some(origin), "split the paragraph"),
        Block::Table(_) | Block::EndMark(_) => ("a block", None, "shorten it"),
    };
    let message = format!(
        "{what} is {:.0} mm tall but a page holds {:.0} mm; it would run off the page",
        height.to_mm(),
        area.to_mm()
    );
    let diag = match origin {
        Some(origin) => Diagnostic::error(origin.clone(), message),
        None => Diagnostic::bare(message),
    };
    diag.with_hint(hint)
}

/// What block layout needs: the document, fonts and derived measures.
struct Ctx<'a> {
    doc: &'a LangDoc,
    book: &'a FontBook,
    style: &'a Style,
    /// Width of the text area.
    width: Abs,
    /// Height of the text area.
    height: Abs,
    /// The language's typesetting rules, resolved once from its tag.
    profile: LangProfile,
    /// The layout's families ordered for the language.
    fonts: FontChoice,
    /// Body leading (multiple of size), chosen by whether the language is set in a CJK face.
    leading: f64,
    /// Whether body paragraphs start with a 1 em indent (the layout's choice, else the
    /// language's default).
    first_line_indent: bool,
    /// The structure tree being built.
    nodes: RefCell<Vec<StructNode>>,
    /// The list being continued by consecutive list items: (depth, node) from outer to inner.
    lists: RefCell<Vec<(u8, usize)>>,
    /// Warnings about set lines, in the order the text was set.
    warnings: RefCell<Diagnostics>,
    /// The current block's lines when [`preset_paragraphs`] set them ahead.
    preset: RefCell<Option<StrResult<Vec<Line>>>>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a LangDoc, book: &'a FontBook) -> Self {
        let p = &doc.style.page;
        let profile = LangProfile::resolve(&doc.lang);
        let families = &doc.style.families;
        let cjk = families
            .cjk
            .iter()
            .map(|f| (f.lang.as_str(), f.family.as_str()));
        let fonts = FontChoice::resolve(&profile, &families.latin, cjk);
        let leading = if fonts.cjk_language {
            doc.style.cjk_body_leading
        } else {
            doc.style.body_leading
        };
        Ctx {
            doc,
            book,
            style: &doc.style,
            width: p.width - p.left - p.right,
            height: p.height - p.top - p.bottom,
            first_line_indent: doc
                .style
                .first_line_indent
                .unwrap_or(profile.first_line_indent),
            profile,
            fonts,
            leading,
            nodes: RefCell::new(vec![]),
            lists: RefCell::new(vec![]),
            warnings: RefCell::new(vec![]),
            preset: RefCell::new(None),
        }
    }

    fn style(&self, size: Abs, bold: bool, colour: Cmyk) -> TextStyle {
        TextStyle {
            size,
            bold,
            oblique: false,
            colour,
        }
    }

    /// The natural width of a one-line run in the document's language.
    fn measure(&self, run: &Run, origin: &Origin) -> StrResult<Abs> {
        text::measure(
            self.book,
            &self.fonts,
            &self.profile,
            std::slice::from_ref(run),
            origin,
        )
    }

    /// Sets runs into lines of `width`.
    fn set(&self, runs: &[Run], width: Abs, align: Align, origin: &Origin) -> StrResult<Vec<Line>> {
        self.set_indented(runs, width, align, Abs::ZERO, origin)
    }

    /// Sets runs into lines of `width`, the first indented by `indent`.
    fn set_indented(
        &self,
        runs: &[Run],
        width: Abs,
        align: Align,
        indent: Abs,
        origin: &Origin,
    ) -> StrResult<Vec<Line>> {
        let lines = self.set_quietly(runs, width, align, indent, origin)?;
        self.check_lines(&lines, origin, Where::Text);
        Ok(lines)
    }

    /// Sets a table cell's text: narrow (see [`Self::set_narrow`]), its warnings naming the cell.
    fn set_cell(&self, runs: &[Run], width: Abs, origin: &Origin) -> StrResult<Vec<Line>> {
        let lines = self.set_narrow_quietly(runs, width, origin)?;
        self.check_lines(&lines, origin, Where::Cell);
        Ok(lines)
    }

    /// Sets text of a narrow place (figure label, speaker role): Japanese and Chinese break
    /// between phrases where they can, with no last line of three characters or fewer.
    fn set_narrow(&self, runs: &[Run], width: Abs, origin: &Origin) -> StrResult<Vec<Line>> {
        let lines = self.set_narrow_quietly(runs, width, origin)?;
        self.check_lines(&lines, origin, Where::Text);
        Ok(lines)
    }

    fn set_narrow_quietly(
        &self,
        runs: &[Run],
        width: Abs,
        origin: &Origin,
    ) -> StrResult<Vec<Line>> {
        let spec = ParagraphSpec {
            phrases: true,
            ..ParagraphSpec::new(&self.profile, &self.fonts, width, origin)
        };
        text::set_paragraph(self.book, spec, runs)
    }

    fn set_quietly(
        &self,
        runs: &[Run],
        width: Abs,
        align: Align,
        indent: Abs,
        origin: &Origin,
    ) -> StrResult<Vec<Line>> {
        let spec = body_spec(
            self.style,
            &self.profile,
            &self.fonts,
            width,
            align,
            indent,
            origin,
        );
        text::set_paragraph(self.book, spec, runs)
    }

    /// Sets a headline or heading: flush left, lines balanced, CJK broken between phrases.
    fn set_headline(&self, runs: &[Run], width: Abs, origin: &Origin) -> StrResult<Vec<Line>> {
        let spec = ParagraphSpec {
            balance: true,
            ..ParagraphSpec::new(&self.profile, &self.fonts, width, origin)
        };
        let lines = text::set_paragraph(self.book, spec, runs)?;
        self.check_lines(&lines, origin, Where::Text);
        Ok(lines)
    }

    /// Warns about lines whose rules had to give way, naming where their text is written.
    fn check_lines(&self, lines: &[Line], origin: &Origin, at: Where) {
        let mut warnings = self.warnings.borrow_mut();
        let mut warn = |message: String, hint: &str| {
            let warning = Diagnostic::warning(origin.clone(), message).with_hint(hint);
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        };
        // Words broken as a last resort: one warning per text, its pieces joined by " / ".
        let mut broken: Vec<String> = vec![];
        for (i, line) in lines.iter().enumerate() {
            let text = line.text();
            let text = text.trim();
            let next = lines.get(i + 1).map(Line::text).unwrap_or_default();
            let next = next.trim();
            let forced = line.relaxed.contains(&Relaxation::ForcedBreak);
            for relaxed in &line.relaxed {
                match relaxed {
                    Relaxation::EmergencyStretch => warn(
                        format!("line set looser than the layout allows: “{text}”"),
                        "reword the sentence or shorten a long word so the line can be set evenly",
                    ),
                    Relaxation::Overfull => warn(
                        format!("line wider than its column: “{text}”"),
                        "shorten the text or break it with a space",
                    ),
                    Relaxation::ForcedBreak if splits_amount(text, next) => warn(
                        format!("number split from its unit at a line end: “{text}” / “{next}”"),
                        "the amount is too wide for the line; shorten it (e.g. US$5M) or reword",
                    ),
                    Relaxation::ForcedBreak => {
                        if broken.is_empty() {
                            broken.push(text.rsplit(' ').next().unwrap_or(text).to_string());
                        }
                        broken.push(next.split(' ').next().unwrap_or(next).to_string());
                    }
                    Relaxation::ShortLastLine => {}
                }
            }
            let word_continues = forced && !splits_amount(text, next);
            if !word_continues && !broken.is_empty() {
                let pieces = std::mem::take(&mut broken).join(" / ");
                match at {
                    Where::Cell => warn(
                        format!(
                            "a word in a table cell is too wide for its column and was broken: “{pieces}”"
                        ),
                        "shorten the word, or widen the column (`width` in [[facts.columns]])",
                    ),
                    Where::Text => warn(
                        format!("a word too wide for the line was broken: “{pieces}”"),
                        "shorten the word or give it a break point (a space or a hyphen)",
                    ),
                }
            }
        }
    }

    /// Adds a structure node and returns its index.
    fn node(&self, kind: StructKind, parent: Option<usize>) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(StructNode { kind, parent });
        nodes.len() - 1
    }

    /// The list node for an item at `depth`, continuing the current list or opening one.
    fn list(&self, depth: u8) -> usize {
        let mut lists = self.lists.borrow_mut();
        lists.retain(|(d, _)| *d <= depth);
        if let Some(&(d, node)) = lists.last()
            && d == depth
        {
            return node;
        }
        // A nested list sits in the last item of its parent list.
        let parent = lists.last().and_then(|_| {
            self.nodes
                .borrow()
                .iter()
                .rposition(|n| n.kind == StructKind::ListItem)
        });
        drop(lists);
        let node = self.node(StructKind::List, parent);
        self.lists.borrow_mut().push((depth, node));
        node
    }

    /// Ends any open list: the next item starts a new one.
    fn end_list(&self) {
        self.lists.borrow_mut().clear();
    }

    /// Line pitch for text of `size`: body leading for body text, tighter for display sizes.
    fn pitch(&self, size: Abs, leading: f64) -> Abs {
        size * leading
    }
}

/// What kind of text a set of lines is, for the wording of warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Where {
    /// Body text, headings, cards.
    Text,
    /// A table cell.
    Cell,
}

/// Whether a line break between `end` and `next` parts a number from its unit or currency:
/// "500" / "MW", "1,2" / "GWh", "500万" / "米ドル", "US$" / "5".
fn splits_amount(end: &str, next: &str) -> bool {
    let (Some(last), Some(first)) = (end.chars().next_back(), next.chars().next()) else {
        return false;
    };
    let number_end = last.is_ascii_digit() || "万億亿萬千百兆".contains(last);
    let currency_end = "$€£¥₩₫".contains(last);
    (number_end && !first.is_ascii_digit() && (first.is_alphabetic() || "%‰°".contains(first)))
        || (currency_end && first.is_ascii_digit())
}

/// A piece of the vertical flow; items are relative to the chunk's top-left in the text area.
#[derive(Debug, Clone, Default)]
struct Chunk {
    height: Abs,
    /// Space above the chunk, dropped at the top of a page.
    space_before: Abs,
    items: Vec<Item>,
    links: Vec<Link>,
    /// Must stay on the same page as the next chunk.
    keep_with_next: bool,
    /// Bookmark at the chunk's top.
    anchor: Option<(String, u8)>,
    /// For table rows: the chunk that repeats the header on a continuation page.
    repeat_header: Option<Arc<Chunk>>,
    /// Starts a new page (the first chunk after the cover never does; e.g. a forced section).
    page_break_before: bool,
}

impl Chunk {
    fn shifted(self, dx: Abs, dy: Abs) -> (Vec<Item>, Vec<Link>) {
        let items = self
            .items
            .into_iter()
            .map(|item| shift_item(item, dx, dy))
            .collect();
        let links = self
            .links
            .into_iter()
            .map(|mut l| {
                l.rect.origin.x += dx;
                l.rect.origin.y += dy;
                l
            })
            .collect();
        (items, links)
    }
}

fn shift_item(item: Item, dx: Abs, dy: Abs) -> Item {
    let mv = |p: Point| Point::new(p.x + dx, p.y + dy);
    match item {
        Item::Text {
            origin,
            line,
            mark,
            lang,
        } => Item::Text {
            origin: mv(origin),
            line,
            mark,
            lang,
        },
        Item::Image {
            mut rect,
            photo,
            mark,
        } => {
            rect.origin = mv(rect.origin);
            Item::Image { rect, photo, mark }
        }
        Item::Fill { mut rect, colour } => {
            rect.origin = mv(rect.origin);
            Item::Fill { rect, colour }
        }
        Item::Rule {
            from,
            to,
            thickness,
            colour,
        } => Item::Rule {
            from: mv(from),
            to: mv(to),
            thickness,
            colour,
        },
    }
}

/// Where the text area of every page is.
#[derive(Debug, Clone, Copy)]
struct TextArea {
    left: Abs,
    top: Abs,
    height: Abs,
}

/// Greedy pagination with keep chains: a chain of chunks tied by `keep_with_next` moves to the
/// next page as a whole when it does not fit, unless it would not fit on an empty page either.
fn paginate(area: TextArea, mut chunks: Vec<Chunk>) -> (Vec<Page>, Vec<Bookmark>) {
    let mut pages = vec![Page::default()];
    let mut outline = vec![];
    let mut y = Abs::ZERO;
    let mut i = 0;
    while i < chunks.len() {
        let chunk = &chunks[i];
        let at_top = y == Abs::ZERO;
        let gap = if at_top {
            Abs::ZERO
        } else {
            chunk.space_before
        };
        let mut chain_end = i;
        while chunks[chain_end].keep_with_next && chain_end + 1 < chunks.len() {
            chain_end += 1;
        }
        let chain_height: Abs = gap
            + chunks[i..=chain_end]
                .iter()
                .enumerate()
                .map(|(k, c)| c.height + if k > 0 { c.space_before } else { Abs::ZERO })
                .sum();
        let fresh_chain_height = chain_height - gap;
        let must_break = chunk.page_break_before && !at_top;
        let overflows = !(y + chain_height).fits_in(area.height);
        let chain_fits_fresh = fresh_chain_height.fits_in(area.height);
        let chunk_overflows = !(y + gap + chunk.height).fits_in(area.height);
        if !at_top && (must_break || (overflows && chain_fits_fresh) || chunk_overflows) {
            pages.push(Page::default());
            y = Abs::ZERO;
            if let Some(header) = &chunk.repeat_header {
                y += header.height;
                let header = (**header).clone();
                place(&mut pages, header, area.left, area.top, &mut outline);
            }
            continue;
        }
        y += gap;
        let height = chunk.height;
        // Each chunk is placed once (chains look ahead, never back): its items move to the page
        // instead of being copied.
        let chunk = std::mem::take(&mut chunks[i]);
        place(&mut pages, chunk, area.left, area.top + y, &mut outline);
        y += height;
        i += 1;
    }
    (pages, outline)
}

fn place(pages: &mut [Page], chunk: Chunk, x: Abs, y: Abs, outline: &mut Vec<Bookmark>) {
    let index = pages.len() - 1;
    let anchor = chunk.anchor.clone();
    let (items, links) = chunk.shifted(x, y);
    let page = &mut pages[index];
    page.items.extend(items);
    page.links.extend(links);
    if let Some((title, level)) = anchor {
        outline.push(Bookmark {
            title,
            level,
            page: index,
            y,
        });
    }
}

/// Adds the running header (from page 2) and the footer to every page.
fn decorate(ctx: &Ctx, pages: &mut [Page]) -> StrResult<()> {
    let s = ctx.style;
    let p = &s.page;
    let g = &s.geometry;
    let origin = Origin::default();
    let total = pages.len();
    let furniture = ctx.style(s.small, false, s.muted);
    let header_baseline = p.top - Abs::mm(g.header_above_text_mm);
    let footer_baseline = p.height - p.bottom + Abs::mm(g.footer_below_text_mm);
    // The running head is the same on every page from the second on: set it once.
    let mut running_head = vec![];
    let left = Run {
        text: ctx.doc.running_head.clone(),
        style: furniture,
        link: None,
        lang: None,
    };
    let right = Run {
        text: ctx.doc.running_date.clone(),
        style: furniture,
        link: None,
        lang: None,
    };
    let right_width = ctx.measure(&right, &origin)?;
    let head_width = ctx.width - right_width - Abs::mm(g.header_gap_mm);
    let header_line = |line| Item::Text {
        origin: Point::new(p.left, header_baseline),
        line,
        mark: Mark::Artifact,
        lang: None,
    };
    // A long event name is cut to one line rather than running into the date.
    running_head.extend(
        ctx.set(
            &[left],
            head_width,
            Align::Left,
            &ctx.doc.running_head_origin,
        )?
        .into_iter()
        .next()
        .map(header_line),
    );
    running_head.extend(
        ctx.set(&[right], ctx.width, Align::Right, &origin)?
            .into_iter()
            .map(header_line),
    );
    let rule_y = header_baseline + Abs::mm(g.header_rule_below_mm);
    running_head.push(Item::Rule {
        from: Point::new(p.left, rule_y),
        to: Point::new(p.width - p.right, rule_y),
        thickness: Abs::pt(g.header_rule_pt),
        colour: s.muted,
    });
    for (index, page) in pages.iter_mut().enumerate() {
        if index > 0 {
            page.items.extend(running_head.iter().cloned());
        }
        let label = ctx
            .doc
            .page_label
            .replace("{page}", &(index + 1).to_string())
            .replace("{pages}", &total.to_string());
        let run = Run {
            text: label,
            style: furniture,
            link: None,
            lang: None,
        };
        for line in ctx.set(&[run], ctx.width, Align::Right, &origin)? {
            page.items.push(Item::Text {
                origin: Point::new(p.left, footer_baseline),
                line,
                mark: Mark::Artifact,
                lang: None,
            });
        }
        let date = ctx.doc.date;
        let slug = format!(
            "{} · {} · {}/{total} · {:04}-{:02}-{:02}",
            ctx.doc.kit_id,
            ctx.doc.lang,
            index + 1,
            date.year,
            date.month,
            date.day
        );
        let run = Run {
            text: slug,
            style: ctx.style(Abs::pt(g.slug_pt), false, Cmyk::BLACK),
            link: None,
            lang: None,
        };
        page.slug = ctx
            .set(&[run], p.width, Align::Left, &origin)?
            .into_iter()
            .next();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_past_the_trim_box_fails_the_build() {
        let trim = Size::new(Abs::mm(210.0), Abs::mm(297.0));
        let text = |x: f64, width: f64| Item::Text {
            origin: Point::new(Abs::mm(x), Abs::mm(100.0)),
            line: Line {
                runs: vec![],
                width: Abs::mm(width),
                size: Abs::pt(10.0),
                hyphenated: false,
                ratio: 0.0,
                tracking: 0.0,
                relaxed: vec![],
                hang: Abs::ZERO,
                first: true,
                last: true,
            },
            mark: Mark::Artifact,
            lang: None,
        };
        let page = |item| Page {
            items: vec![item],
            ..Page::default()
        };
        assert!(check_on_page(&[page(text(20.0, 170.0))], trim).is_ok());
        let err =
            check_on_page(&[page(text(20.0, 170.0)), page(text(20.0, 200.0))], trim).unwrap_err();
        assert!(
            err[0]
                .message
                .ends_with("on page 2 would be drawn off the page"),
            "{err:?}"
        );
        assert!(check_on_page(&[page(text(-1.0, 10.0))], trim).is_err());
    }

    const AREA: TextArea = TextArea {
        left: Abs::ZERO,
        top: Abs::ZERO,
        height: Abs::pt(100.0),
    };

    /// One chunk per line, tied like `blocks::paragraph` ties them; the line's y marks the paragraph.
    fn paragraph(id: usize, lines: usize) -> Vec<Chunk> {
        (0..lines)
            .map(|i| Chunk {
                height: Abs::pt(10.0),
                keep_with_next: lines >= 2 && (i == 0 || i + 2 == lines),
                anchor: Some((format!("p{id}l{i}"), 1)),
                ..Chunk::default()
            })
            .collect()
    }

    fn pages_of(chunks: Vec<Chunk>) -> Vec<Vec<String>> {
        let (pages, outline) = paginate(AREA, chunks);
        let mut out = vec![vec![]; pages.len()];
        for b in outline {
            out[b.page].push(b.title);
        }
        out
    }

    #[test]
    fn amounts_split_from_their_units_are_recognised() {
        assert!(splits_amount("capacity of 500", "MW from 2027"));
        assert!(splits_amount("rose by 12", "% a year"));
        assert!(splits_amount("총 500", "메가와트"));
        assert!(splits_amount("投资500万", "美元"));
        assert!(splits_amount("worth US$", "5 billion"));
        // A number ending a line before another number, or a word, is no split amount.
        assert!(!splits_amount("in 2026", "2027"));
        assert!(!splits_amount("the partnership", "grows"));
        assert!(!splits_amount("in 2026,", "the two"));
    }

    #[test]
    fn no_lone_first_line_at_a_page_foot() {
        // 9 lines fill 90 pt; a new paragraph's first line would be alone at the foot.
        let mut chunks = paragraph(0, 9);
        chunks.extend(paragraph(1, 5));
        let pages = pages_of(chunks);
        assert_eq!(pages[0].last().unwrap(), "p0l8");
        assert_eq!(pages[1][0], "p1l0");
    }

    #[test]
    fn no_lone_last_line_at_a_page_head() {
        // 11 lines: 10 fit, but the last must not go over alone; two lines move together.
        let pages = pages_of(paragraph(0, 11));
        assert_eq!(pages[0].len(), 9);
        assert_eq!(pages[1], ["p0l9", "p0l10"]);
    }

    #[test]
    fn heading_stays_with_the_first_two_lines() {
        let mut chunks = paragraph(0, 8);
        chunks.push(Chunk {
            height: Abs::pt(10.0),
            keep_with_next: true,
            anchor: Some(("h".into(), 1)),
            ..Chunk::default()
        });
        chunks.extend(paragraph(1, 4));
        let pages = pages_of(chunks);
        assert_eq!(pages[1][..3], ["h", "p1l0", "p1l1"]);
    }

    #[test]
    fn continued_rows_get_the_header_again() {
        let header = Arc::new(Chunk {
            height: Abs::pt(15.0),
            anchor: Some(("header".into(), 1)),
            ..Chunk::default()
        });
        let rows: Vec<Chunk> = (0..12)
            .map(|i| Chunk {
                height: Abs::pt(10.0),
                anchor: Some((format!("row{i}"), 1)),
                repeat_header: Some(header.clone()),
                ..Chunk::default()
            })
            .collect();
        let pages = pages_of(rows);
        assert_eq!(pages[0].len(), 10);
        assert_eq!(pages[1], ["header", "row10", "row11"]);
    }
}
