//! Release text in Markdown → [`MdBlock`]s, rejecting constructs a press kit cannot set.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, LineIndex, Origin, StrResult};
use crate::markup::Span;

/// A block of release text.
#[derive(Debug, Clone, PartialEq)]
pub enum MdBlock {
    /// `##` heading; level 1–3 after clamping.
    Heading {
        level: u8,
        inlines: Vec<Span>,
        origin: Origin,
    },
    /// A paragraph.
    Paragraph { inlines: Vec<Span>, origin: Origin },
    /// A bullet or numbered list; each item is a list of blocks.
    List {
        ordered: bool,
        items: Vec<Vec<MdBlock>>,
        origin: Origin,
    },
    /// A block quote.
    Quote {
        blocks: Vec<MdBlock>,
        origin: Origin,
    },
}

/// How deeply quotes and lists may nest. Three levels is already more than a press release
/// uses; the limit keeps the nesting (and every recursive walk over it later) shallow, where
/// thousands of `>` would overflow the stack.
pub const MAX_DEPTH: usize = 8;

/// Link schemes that become link annotations; anything else (`javascript:`, `file:`, relative
/// paths) means nothing, or something harmful, in a PDF sent by e-mail.
pub const LINK_SCHEMES: [&str; 4] = ["http://", "https://", "mailto:", "tel:"];

/// Whether a link target uses one of [`LINK_SCHEMES`].
pub fn is_allowed_link(target: &str) -> bool {
    LINK_SCHEMES.iter().any(|scheme| {
        target.len() > scheme.len()
            && target
                .get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    })
}

/// Parses a Markdown file into blocks.
pub fn parse_blocks(file: &Path, source: &str) -> StrResult<Vec<MdBlock>> {
    let mut stack: Vec<Frame> = vec![Frame::root()];
    let mut style = Style::default();
    let mut errors = vec![];
    if let Some(err) = forbidden_chars(file, source).into_iter().next() {
        // One is enough: the rest are usually the same paste.
        return Err(vec![err]);
    }
    // Tables are recognised only to be rejected: without the extension `|` rows would be set
    // as literal text.
    let parser = Parser::new_ext(source, Options::ENABLE_TABLES);

    let lines = LineIndex::new(source);
    for (event, range) in parser.into_offset_iter() {
        let origin = || lines.origin(file, range.start);
        if let Event::Start(tag) = &event
            && is_block(tag)
            && stack.len() > MAX_DEPTH
        {
            errors.push(
                Diagnostic::error(
                    origin(),
                    format!("quotes and lists nest more than {MAX_DEPTH} levels deep"),
                )
                .with_hint("flatten the nesting"),
            );
            return Err(errors);
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => stack.push(Frame::new(Kind::Paragraph, origin())),
                Tag::Heading { level, .. } => {
                    let level = match level {
                        HeadingLevel::H1 | HeadingLevel::H2 => 1,
                        HeadingLevel::H3 => 2,
                        _ => 3,
                    };
                    stack.push(Frame::new(Kind::Heading(level), origin()))
                }
                Tag::BlockQuote(_) => stack.push(Frame::new(Kind::Quote, origin())),
                Tag::List(start) => stack.push(Frame::new(Kind::List(start.is_some()), origin())),
                Tag::Item => stack.push(Frame::new(Kind::Item, origin())),
                Tag::Emphasis => style.emphasis += 1,
                Tag::Strong => style.strong += 1,
                Tag::Link {
                    link_type,
                    dest_url,
                    ..
                } => {
                    let mut target = dest_url.to_string();
                    if link_type == LinkType::Email && !is_allowed_link(&target) {
                        target = format!("mailto:{target}");
                    }
                    if !is_allowed_link(&target) {
                        errors.push(
                            Diagnostic::error(
                                origin(),
                                format!(
                                    "link target `{target}` is not a web, e-mail or phone address"
                                ),
                            )
                            .with_hint("links must start with http://, https://, mailto: or tel:"),
                        );
                    }
                    style.link = Some(target);
                }
                Tag::Table(_) => errors.push(unsupported(origin(), "a table")),
                Tag::TableHead | Tag::TableRow | Tag::TableCell => {}
                other => errors.push(unsupported(origin(), &format!("{other:?}"))),
            },
            Event::End(end) => match end {
                TagEnd::Emphasis => style.emphasis -= 1,
                TagEnd::Strong => style.strong -= 1,
                TagEnd::Link => style.link = None,
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item => {
                    // A language span ends inside the paragraph or heading it opened in.
                    if matches!(end, TagEnd::Paragraph | TagEnd::Heading(_)) {
                        for open in style.lang_origins.drain(..) {
                            errors.push(unclosed_span(open));
                        }
                        style.langs.clear();
                    }
                    let frame = stack.pop().expect("parser balances tags");
                    let block = frame.finish();
                    if let Finished::Block(MdBlock::Heading {
                        inlines, origin, ..
                    }) = &block
                        && inlines.iter().all(|i| i.text.trim().is_empty())
                    {
                        errors.push(
                            Diagnostic::error(origin.clone(), "empty heading")
                                .with_hint("write the heading's text after the #"),
                        );
                    }
                    let parent = stack.last_mut().expect("root frame stays");
                    match block {
                        Finished::Block(block) => parent.blocks.push(block),
                        Finished::Item(blocks) => parent.items.push(blocks),
                    }
                }
                _ => {}
            },
            Event::Text(text) => {
                // Entities such as `&#x202E;` decode to characters the source scan cannot see.
                if let Some(c) = text.chars().find(|&c| forbidden(c).is_some()) {
                    errors.push(forbidden_error(origin(), c));
                }
                push_text(&mut stack, &style, &text)
            }
            Event::SoftBreak => push_text(&mut stack, &style, " "),
            Event::HardBreak => push_text(&mut stack, &style, "\n"),
            Event::Code(_) => errors.push(unsupported(origin(), "inline code")),
            Event::InlineHtml(html) => match language_span(&html) {
                Some(LangSpan::Open(lang)) => {
                    style.langs.push(lang);
                    style.lang_origins.push(origin());
                }
                Some(LangSpan::Close) if !style.langs.is_empty() => {
                    style.langs.pop();
                    style.lang_origins.pop();
                }
                _ => errors.push(unsupported(
                    origin(),
                    "HTML other than <span lang=\"…\">…</span>",
                )),
            },
            Event::Html(_) => errors.push(unsupported(origin(), "HTML")),
            Event::Rule => errors.push(unsupported(origin(), "a horizontal rule")),
            other => errors.push(unsupported(origin(), &format!("{other:?}"))),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(stack.pop().map(|root| root.blocks).unwrap_or_default())
}

/// Whether a start tag opens a block that nests (and so counts toward [`MAX_DEPTH`]).
fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::BlockQuote(_) | Tag::List(_) | Tag::Item
    )
}

fn unclosed_span(origin: Origin) -> Diagnostic {
    Diagnostic::error(origin, "<span lang=\"…\"> is not closed in its paragraph")
        .with_hint("end the span with </span> before the paragraph ends")
}

/// Why a character may not appear in kit text, if it may not.
///
/// Controls other than tab and line breaks are invisible and often break PDF text extraction;
/// noncharacters are not text; U+FEFF inside text is a stray byte-order mark; bidi embeddings,
/// overrides and isolates reorder what the reader sees against what the PDF's text says (the
/// "Trojan Source" trick), and presskit sets left-to-right scripts only.
pub fn forbidden(c: char) -> Option<&'static str> {
    let cp = c as u32;
    match c {
        '\t' | '\n' | '\r' => None,
        '\0' => Some("a NUL character"),
        _ if c.is_control() => Some("a control character"),
        '\u{FEFF}' => Some("a byte-order mark inside the text"),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            Some("an invisible bidirectional-text control")
        }
        _ if (0xFDD0..=0xFDEF).contains(&cp) || cp & 0xFFFE == 0xFFFE => Some("a noncharacter"),
        _ => None,
    }
}

/// The diagnostic for a forbidden character at `origin`.
pub fn forbidden_error(origin: Origin, c: char) -> Diagnostic {
    let what = forbidden(c).unwrap_or("a character presskit cannot set");
    Diagnostic::error(origin, format!("text contains U+{:04X}, {what}", c as u32))
        .with_hint("delete it; it is invisible in most editors (try a search for the code point)")
}

/// Every forbidden character of a source text, located.
pub fn forbidden_chars(file: &Path, source: &str) -> Vec<Diagnostic> {
    source
        .char_indices()
        .filter(|&(_, c)| forbidden(c).is_some())
        .map(|(i, c)| forbidden_error(Origin::at(file, source, i), c))
        .collect()
}

/// Parses a Markdown string from the TOML spec (bios, boilerplate, table cells) into its
/// paragraphs, each a list of inlines; paragraphs are separated by a blank line.
pub fn parse_paragraphs(origin: &Origin, source: &str) -> StrResult<Vec<Vec<Span>>> {
    let blocks = parse_blocks(&origin.file, source).map_err(|errs| {
        // Positions inside a TOML string are relative to the string; report the key instead.
        errs.into_iter()
            .map(|e| Diagnostic {
                origin: Some(origin.clone()),
                ..e
            })
            .collect::<Vec<_>>()
    })?;
    blocks
        .into_iter()
        .map(|block| match block {
            MdBlock::Paragraph { inlines, .. } => Ok(inlines),
            _ => Err(vec![
                Diagnostic::error(
                    origin.clone(),
                    "only paragraphs of text are allowed here (no headings, lists or quotes)",
                )
                .with_hint(
                    "a text starting with `1.`, `-`, `#` or `>` is read as Markdown; write `1\\.` or `\\-` to keep it as text",
                ),
            ]),
        })
        .collect()
}

fn unsupported(origin: Origin, what: &str) -> Diagnostic {
    Diagnostic::error(origin, format!("unsupported Markdown: {what}")).with_hint(
        "release text may use paragraphs, ## headings, - lists, > quotes, *emphasis*, **strong** and [links](url)",
    )
}

#[derive(Default)]
struct Style {
    strong: u32,
    emphasis: u32,
    link: Option<String>,
    langs: Vec<String>,
    /// Where each open language span opened, for "not closed" errors.
    lang_origins: Vec<Origin>,
}

enum LangSpan {
    Open(String),
    Close,
}

/// Recognises the one piece of inline HTML release text may use: `<span lang="xx">` and `</span>`.
fn language_span(html: &str) -> Option<LangSpan> {
    let html = html.trim();
    if html == "</span>" {
        return Some(LangSpan::Close);
    }
    let rest = html.strip_prefix("<span")?.strip_suffix('>')?.trim();
    let value = rest.strip_prefix("lang=")?;
    let lang = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'))?;
    let valid = !lang.is_empty()
        && lang
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    valid.then(|| LangSpan::Open(lang.to_string()))
}

enum Kind {
    Root,
    Paragraph,
    Heading(u8),
    Quote,
    List(bool),
    Item,
}

struct Frame {
    kind: Kind,
    origin: Origin,
    inlines: Vec<Span>,
    blocks: Vec<MdBlock>,
    items: Vec<Vec<MdBlock>>,
}

enum Finished {
    Block(MdBlock),
    Item(Vec<MdBlock>),
}

impl Frame {
    fn root() -> Self {
        Self::new(Kind::Root, Origin::default())
    }

    fn new(kind: Kind, origin: Origin) -> Self {
        Self {
            kind,
            origin,
            inlines: vec![],
            blocks: vec![],
            items: vec![],
        }
    }

    fn finish(mut self) -> Finished {
        // Tight list items hold bare text with no paragraph around it.
        if !self.inlines.is_empty() {
            let inlines = std::mem::take(&mut self.inlines);
            self.blocks.push(MdBlock::Paragraph {
                inlines,
                origin: self.origin.clone(),
            });
        }
        let origin = self.origin;
        match self.kind {
            Kind::Paragraph | Kind::Root => {
                let inlines = self
                    .blocks
                    .into_iter()
                    .flat_map(|b| match b {
                        MdBlock::Paragraph { inlines, .. } => inlines,
                        _ => vec![],
                    })
                    .collect();
                Finished::Block(MdBlock::Paragraph { inlines, origin })
            }
            Kind::Heading(level) => {
                let inlines = match self.blocks.pop() {
                    Some(MdBlock::Paragraph { inlines, .. }) => inlines,
                    _ => vec![],
                };
                Finished::Block(MdBlock::Heading {
                    level,
                    inlines,
                    origin,
                })
            }
            Kind::Quote => Finished::Block(MdBlock::Quote {
                blocks: self.blocks,
                origin,
            }),
            Kind::List(ordered) => Finished::Block(MdBlock::List {
                ordered,
                items: self.items,
                origin,
            }),
            Kind::Item => Finished::Item(self.blocks),
        }
    }
}

fn push_text(stack: &mut [Frame], style: &Style, text: &str) {
    let frame = stack.last_mut().expect("root frame stays");
    let strong = style.strong > 0;
    let emphasis = style.emphasis > 0;
    let lang = style.langs.last().cloned();
    if let Some(last) = frame.inlines.last_mut()
        && last.strong == strong
        && last.emphasis == emphasis
        && last.link == style.link
        && last.lang == lang
    {
        last.text.push_str(text);
        return;
    }
    frame.inlines.push(Span {
        text: text.to_string(),
        strong,
        emphasis,
        link: style.link.clone(),
        lang,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> StrResult<Vec<MdBlock>> {
        parse_blocks(Path::new("t.md"), src)
    }

    #[test]
    fn paragraphs_headings_lists_and_styles() {
        let blocks = parse("## Head\n\nOne *two* **three**\nfour.\n\n- a\n- b\n").unwrap();
        assert_eq!(blocks.len(), 3);
        match &blocks[1] {
            MdBlock::Paragraph { inlines, .. } => {
                let text: String = inlines.iter().map(|i| i.text.as_str()).collect();
                assert_eq!(text, "One two three four.");
                assert!(inlines.iter().any(|i| i.emphasis && i.text == "two"));
                assert!(inlines.iter().any(|i| i.strong && i.text == "three"));
            }
            other => panic!("expected paragraph, got {other:?}"),
        }
        match &blocks[2] {
            MdBlock::List { items, .. } => assert_eq!(items.len(), 2),
            other => panic!("expected list, got {other:?}"),
        }
    }

    #[test]
    fn language_spans_mark_their_text() {
        let blocks =
            parse("Teknologi mendalam (<span lang=\"en\">deep tech</span>) Jepang.\n").unwrap();
        let MdBlock::Paragraph { inlines, .. } = &blocks[0] else {
            panic!()
        };
        let marked: Vec<(&str, Option<&str>)> = inlines
            .iter()
            .map(|i| (i.text.as_str(), i.lang.as_deref()))
            .collect();
        assert_eq!(
            marked,
            [
                ("Teknologi mendalam (", None),
                ("deep tech", Some("en")),
                (") Jepang.", None)
            ]
        );
        assert!(parse("<span style=\"x\">a</span>\n").is_err());
    }

    #[test]
    fn a_blank_line_separates_paragraphs_of_a_spec_field() {
        let origin = Origin::file("presskit.toml").with_key("about.body.en");
        let paragraphs = parse_paragraphs(&origin, "One *a*\nline.\n\nTwo.\n\n\nThree.").unwrap();
        let texts: Vec<String> = paragraphs
            .iter()
            .map(|p| p.iter().map(|i| i.text.as_str()).collect())
            .collect();
        assert_eq!(texts, ["One a line.", "Two.", "Three."]);
        assert!(parse_paragraphs(&origin, "").unwrap().is_empty());
        let errors = parse_paragraphs(&origin, "Text\n\n- a list").unwrap_err();
        assert_eq!(errors[0].origin.as_ref(), Some(&origin));
        // A cell that reads as a list item is an error with a way out; escaped, it is text.
        assert!(parse_paragraphs(&origin, "1. Phase one").is_err());
        let escaped = parse_paragraphs(&origin, "1\\. Phase one").unwrap();
        assert_eq!(escaped[0][0].text, "1. Phase one");
    }

    #[test]
    fn unsupported_constructs_name_line_and_column() {
        let errors = parse("Text\n\n    code block\n").unwrap_err();
        assert_eq!(errors[0].origin.as_ref().unwrap().line_col, Some((3, 5)));
        let errors = parse("a <b>html</b>\n").unwrap_err();
        assert!(errors[0].message.contains("HTML"));
    }

    fn first_error(src: &str) -> (String, (usize, usize)) {
        let errors = parse(src).unwrap_err();
        let origin = errors[0].origin.clone().unwrap();
        (errors[0].message.clone(), origin.line_col.unwrap())
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let src = format!("{} deep\n", ">".repeat(4300));
        let (message, at) = first_error(&src);
        assert!(message.contains("nest more than"), "{message}");
        assert_eq!(at.0, 1);
        let lists: String = (0..200)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        assert!(first_error(&lists).0.contains("nest more than"));
        // Three levels, as a release might use, are fine.
        assert!(parse("> - a\n>   - b\n").is_ok());
    }

    #[test]
    fn tables_empty_headings_and_unclosed_spans_are_errors() {
        let (message, at) = first_error("Intro.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(message.contains("a table"), "{message}");
        assert_eq!(at, (3, 1));
        let (message, at) = first_error("Text.\n\n#\n\nMore.\n");
        assert_eq!((message.as_str(), at), ("empty heading", (3, 1)));
        assert!(first_error("##   \n").0.contains("empty heading"));
        let (message, at) = first_error("A <span lang=\"en\">b c.\n\nNext.\n");
        assert!(message.contains("not closed"), "{message}");
        assert_eq!(at, (1, 3));
        // A literal pipe in running text is still text.
        assert!(parse("Either a | b.\n").is_ok());
    }

    #[test]
    fn only_web_mail_and_phone_links() {
        for ok in [
            "[a](https://x.org)",
            "[a](HTTP://x.org)",
            "[a](mailto:a@b.org)",
            "[a](tel:+85212345678)",
            "<a@b.org>",
        ] {
            let blocks = parse(ok).unwrap_or_else(|e| panic!("{ok}: {e:?}"));
            let MdBlock::Paragraph { inlines, .. } = &blocks[0] else {
                panic!()
            };
            assert!(is_allowed_link(inlines[0].link.as_deref().unwrap()), "{ok}");
        }
        for bad in [
            "[a](javascript:alert(1))",
            "[a](file:///etc/passwd)",
            "[a](page.html)",
            "[a](#top)",
            "[a](https://)",
        ] {
            let (message, _) = first_error(bad);
            assert!(
                message.contains("is not a web, e-mail or phone address"),
                "{bad}: {message}"
            );
        }
    }

    #[test]
    fn invisible_and_noncharacters_are_located() {
        for (src, code) in [
            ("ab\0c", "U+0000"),
            ("ab\u{FEFF}c", "U+FEFF"),
            ("ab\u{FFFF}c", "U+FFFF"),
            ("ab\u{202E}c", "U+202E"),
            ("ab\u{2066}c", "U+2066"),
            ("ab\u{1B}c", "U+001B"),
        ] {
            let (message, at) = first_error(&format!("Line one.\n{src}\n"));
            assert!(message.contains(code), "{code}: {message}");
            assert_eq!(at, (2, 3), "{code}");
        }
        // Through an entity the character is still caught.
        assert!(first_error("a &#x202E; b\n").0.contains("U+202E"));
        // Ordinary text in every script presskit sets passes.
        assert!(parse("Tiếng Việt, Ελληνικά, Русский, 日本語、한국어.\n").is_ok());
    }
}
