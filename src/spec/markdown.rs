//! Release text in Markdown → [`MdBlock`]s, rejecting constructs a press kit cannot set.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, LineIndex, Origin, StrResult};

/// A block of release text.
#[derive(Debug, Clone, PartialEq)]
pub enum MdBlock {
    /// `##` heading; level 1–3 after clamping.
    Heading {
        level: u8,
        inlines: Vec<Inline>,
        origin: Origin,
    },
    /// A paragraph.
    Paragraph {
        inlines: Vec<Inline>,
        origin: Origin,
    },
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

/// A run of text with uniform emphasis and link.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inline {
    /// The text; a hard line break is `\n`.
    pub text: String,
    /// `**strong**`.
    pub strong: bool,
    /// `*emphasis*`.
    pub emphasis: bool,
    /// Link target of `[text](url)`.
    pub link: Option<String>,
    /// Language of `<span lang="…">…</span>`, when it differs from the document's.
    pub lang: Option<String>,
}

/// Parses a Markdown file into blocks.
pub fn parse_blocks(file: &Path, source: &str) -> StrResult<Vec<MdBlock>> {
    let mut stack: Vec<Frame> = vec![Frame::root()];
    let mut style = Style::default();
    let mut errors = vec![];

    let lines = LineIndex::new(source);
    for (event, range) in Parser::new(source).into_offset_iter() {
        let origin = || lines.origin(file, range.start);
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
                Tag::Link { dest_url, .. } => style.link = Some(dest_url.to_string()),
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
                    let frame = stack.pop().expect("parser balances tags");
                    let block = frame.finish();
                    let parent = stack.last_mut().expect("root frame stays");
                    match block {
                        Finished::Block(block) => parent.blocks.push(block),
                        Finished::Item(blocks) => parent.items.push(blocks),
                    }
                }
                _ => {}
            },
            Event::Text(text) => push_text(&mut stack, &style, &text),
            Event::SoftBreak => push_text(&mut stack, &style, " "),
            Event::HardBreak => push_text(&mut stack, &style, "\n"),
            Event::Code(_) => errors.push(unsupported(origin(), "inline code")),
            Event::InlineHtml(html) => match language_span(&html) {
                Some(LangSpan::Open(lang)) => style.langs.push(lang),
                Some(LangSpan::Close) if !style.langs.is_empty() => {
                    style.langs.pop();
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

/// Parses a one-paragraph Markdown string from the TOML spec (bios, boilerplate) into inlines.
pub fn parse_inlines(origin: &Origin, source: &str) -> StrResult<Vec<Inline>> {
    let blocks = parse_blocks(&origin.file, source).map_err(|errs| {
        // Positions inside a TOML string are relative to the string; report the key instead.
        errs.into_iter()
            .map(|e| Diagnostic {
                origin: Some(origin.clone()),
                ..e
            })
            .collect::<Vec<_>>()
    })?;
    let mut inlines = vec![];
    for (i, block) in blocks.into_iter().enumerate() {
        match block {
            MdBlock::Paragraph { inlines: more, .. } => {
                if i > 0 {
                    inlines.push(Inline {
                        text: "\n".into(),
                        ..Inline::default()
                    });
                }
                inlines.extend(more);
            }
            _ => {
                return Err(vec![Diagnostic::error(
                    origin.clone(),
                    "only paragraphs of text are allowed here (no headings, lists or quotes)",
                )]);
            }
        }
    }
    Ok(inlines)
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
    inlines: Vec<Inline>,
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
    frame.inlines.push(Inline {
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
    fn unsupported_constructs_name_line_and_column() {
        let errors = parse("Text\n\n    code block\n").unwrap_err();
        assert_eq!(errors[0].origin.as_ref().unwrap().line_col, Some((3, 5)));
        let errors = parse("a <b>html</b>\n").unwrap_err();
        assert!(errors[0].message.contains("HTML"));
    }
}
