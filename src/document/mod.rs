//! Stage 2, **document**: a [`Kit`] and one language → [`LangDoc`].
//!
//! Owns what a reader of one language gets, in order: localised labels, blocks, links, and the
//! layout as flat settings. Imports only `spec` and services; what depends on typesetting the
//! language (faces, leading, indent) is left to layout, which asks text.
//!
//! Steps: resolve the layout into a flat [`Style`] → resolve localised labels →
//! emit the kit's sections as [`Block`]s in the layout's section order → link e-mail addresses and
//! URLs found in the text.

mod labels;
mod style;

pub use self::labels::Labels;
pub use self::style::{PageGeometry, Style};
use crate::diag::{Origin, StrResult};
use crate::markup::Span;
use crate::photo::Photo;
use crate::spec::{self, Date, Kit, MdBlock, Release, Section};

/// One language of a kit, as blocks in reading order.
#[derive(Debug, Clone)]
pub struct LangDoc {
    /// BCP 47 tag, as written in the spec.
    pub lang: String,
    /// Kit id, for file names and the print slug.
    pub kit_id: String,
    /// Document title.
    pub title: String,
    /// Release date, for the print slug.
    pub date: Date,
    /// Left part of the running head (the event).
    pub running_head: String,
    /// Where the event name is written, for errors in the running head.
    pub running_head_origin: Origin,
    /// Right part of the running head (the localised date).
    pub running_date: String,
    /// Footer template with `{page}` and `{pages}`.
    pub page_label: String,
    /// Content in reading order.
    pub blocks: Vec<Block>,
    /// The resolved layout for this language.
    pub style: Style,
}

/// What kind of paragraph a [`Block::Paragraph`] is.
#[derive(Debug, Clone, PartialEq)]
pub enum ParaKind {
    /// Justified body text.
    Body,
    /// A block quote: indented, with a rule.
    Quote,
    /// A list item with its marker ("•", "1.").
    Item { marker: String, depth: u8 },
    /// Text in a section that is not justified (boilerplate notes, contact lines).
    Plain,
    /// Small muted text.
    Note,
}

/// The cover block.
#[derive(Debug, Clone)]
pub struct Cover {
    /// Event name (on the band).
    pub event: String,
    /// "Press release".
    pub kind: String,
    /// "FOR IMMEDIATE RELEASE" or the embargo line.
    pub flag: String,
    /// Headline.
    pub headline: String,
    /// Subhead.
    pub subhead: Option<String>,
    /// "HONG KONG, 21 November 2026".
    pub dateline: String,
    /// "Co-hosted by: ", with the language's separator; `None` when switched off or when the
    /// organisers' text already says who organises.
    pub organisers_label: Option<String>,
    /// Organisers.
    pub organisers: Vec<String>,
    /// Where the organisers are written, for warnings about their line.
    pub organisers_origin: Origin,
    /// Where the headline is written (the cover as a whole is reported there).
    pub origin: Origin,
    /// Where each other cover text is written, so an error names its own key (boxed: only
    /// errors read it, and it would double the size of every block).
    pub origins: Box<CoverOrigins>,
}

/// Where the cover's texts are written in `presskit.toml`.
#[derive(Debug, Clone, Default)]
pub struct CoverOrigins {
    /// `kit.event.<lang>`.
    pub event: Origin,
    /// `kit.subhead.<lang>`.
    pub subhead: Origin,
    /// `kit.dateline.<lang>`.
    pub dateline: Origin,
    /// `organisers[i].name.<lang>`, in order.
    pub organisers: Vec<Origin>,
}

/// A speaker card.
#[derive(Debug, Clone)]
pub struct SpeakerCard {
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Biography, one list of spans per paragraph.
    pub bio: Vec<Vec<Span>>,
    /// Portrait and its alternative text; a card without one gives its text the full width.
    pub portrait: Option<Portrait>,
    /// Where the speaker is written.
    pub origin: Origin,
}

/// A speaker's portrait: the photo as `spec` read it (shared, not copied) and its alternative
/// text in the document's language.
#[derive(Debug, Clone)]
pub struct Portrait {
    /// The photo.
    pub photo: Photo,
    /// Alternative text.
    pub alt: String,
}

/// A table with a caption and a header row.
#[derive(Debug, Clone)]
pub struct Table {
    /// Caption above the table.
    pub caption: String,
    /// Caption on a continuation page.
    pub continued: String,
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// Body rows.
    pub rows: Vec<Vec<Cell>>,
    /// Where the table is written.
    pub origin: Origin,
}

/// A table column: its header label and share of the measure.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header label.
    pub label: String,
    /// Width as a fraction of the text area.
    pub width: f64,
    /// Where the label is written.
    pub origin: Origin,
}

/// A key figure: a number and what it counts.
#[derive(Debug, Clone)]
pub struct KeyFigure {
    /// The number, as written ("150+").
    pub value: String,
    /// What it counts.
    pub label: String,
}

/// A table body cell.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Paragraphs of spans; none for an empty cell.
    pub paragraphs: Vec<Vec<Span>>,
    /// Where the cell is written.
    pub origin: Origin,
}

/// A labelled contact line: "Tel. (Hanoi): " and a linked value.
#[derive(Debug, Clone)]
pub struct ContactLine {
    /// The label with the language's separator.
    pub label: String,
    /// The value as shown.
    pub value: String,
    /// Its `mailto:` or `tel:` target.
    pub target: String,
}

/// A media contact.
#[derive(Debug, Clone)]
pub struct ContactEntry {
    /// Person or desk.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// E-mail, then phone numbers.
    pub lines: Vec<ContactLine>,
}

/// A unit of content the layout places.
#[derive(Debug, Clone)]
pub enum Block {
    /// Cover block.
    Cover(Cover),
    /// A heading; `outline` is true when it gets a bookmark.
    Heading {
        level: u8,
        spans: Vec<Span>,
        outline: bool,
        origin: Origin,
    },
    /// A paragraph.
    Paragraph {
        spans: Vec<Span>,
        kind: ParaKind,
        origin: Origin,
    },
    /// A speaker card (never split across pages).
    Speaker(SpeakerCard),
    /// The fact table (splits between rows, header repeated).
    Table(Table),
    /// Key figures.
    Figures {
        items: Vec<KeyFigure>,
        origin: Origin,
    },
    /// Media contacts.
    Contacts {
        entries: Vec<ContactEntry>,
        origin: Origin,
    },
    /// End mark.
    EndMark(String),
}

/// Builds the document for one language of a validated kit.
pub fn build(kit: &Kit, lang: &str) -> StrResult<LangDoc> {
    let labels = Labels::resolve(kit, lang)?;
    let style = Style::resolve(&kit.layout);
    let date = labels.date(kit.date);
    let mut blocks = vec![];
    for section in &kit.layout.sections {
        match section {
            Section::Cover => blocks.push(cover(kit, lang, &labels, &date)),
            Section::Release => release(&kit.releases[lang], &mut blocks),
            Section::Figures => figures(kit, lang, &labels, &mut blocks),
            Section::Speakers => speakers(kit, lang, &labels, &mut blocks)?,
            Section::Facts => facts(kit, lang, &labels, &mut blocks)?,
            Section::About => about(kit, lang, &mut blocks)?,
            Section::Contacts => contacts(kit, lang, &labels, &mut blocks)?,
            Section::End => blocks.push(Block::EndMark(labels.get("end").to_string())),
        }
    }
    for block in &mut blocks {
        autolink_block(block);
    }
    Ok(LangDoc {
        lang: lang.to_string(),
        kit_id: kit.id.clone(),
        title: kit.title.get(lang).to_string(),
        date: kit.date,
        running_head: kit.event.get(lang).to_string(),
        running_head_origin: kit.event.origin_for(lang),
        running_date: date,
        page_label: labels.get("page").to_string(),
        blocks,
        style,
    })
}

fn cover(kit: &Kit, lang: &str, labels: &Labels, date: &str) -> Block {
    let flag = match &kit.release {
        Release::Immediate => labels.get("immediate").to_string(),
        Release::Embargo {
            date,
            hour,
            minute,
            offset,
            zone,
        } => {
            let mut when = format!("{} {hour:02}:{minute:02}", labels.date(*date));
            // The zone as readers name it ("09:00 HKT") says more than its offset.
            if let Some(zone) = zone {
                when.push_str(&format!(" {}", zone.get(lang)));
            } else if let Some(offset) = offset {
                when.push_str(&format!(" ({offset})"));
            }
            labels.get("embargo").replace("{when}", &when)
        }
    };
    let dateline = labels
        .get("dateline")
        .replace("{place}", kit.dateline.get(lang))
        .replace("{date}", date);
    Block::Cover(Cover {
        event: kit.event.get(lang).to_string(),
        kind: labels.get("press_release").to_string(),
        flag,
        headline: kit.headline.get(lang).to_string(),
        subhead: kit.subhead.as_ref().map(|s| s.get(lang).to_string()),
        dateline,
        organisers_label: organisers_label(kit, lang, labels),
        organisers_origin: kit
            .organisers
            .first()
            .map_or_else(|| kit.headline.origin_for(lang), |o| o.origin_for(lang)),
        organisers: kit
            .organisers
            .iter()
            .map(|o| o.get(lang).to_string())
            .collect(),
        origin: kit.headline.origin_for(lang),
        origins: Box::new(CoverOrigins {
            event: kit.event.origin_for(lang),
            subhead: kit
                .subhead
                .as_ref()
                .map_or_else(|| kit.headline.origin_for(lang), |s| s.origin_for(lang)),
            dateline: kit.dateline.origin_for(lang),
            organisers: kit.organisers.iter().map(|o| o.origin_for(lang)).collect(),
        }),
    })
}

/// The label before the organisers, or none: switched off by an empty `[labels] co_hosts`, or
/// left out because the first organiser's text already says it ("Organised by …").
fn organisers_label(kit: &Kit, lang: &str, labels: &Labels) -> Option<String> {
    let label = labels.get("co_hosts");
    let first = kit.organisers.first()?.get(lang);
    if label.is_empty() || says_who_organises(first, label) {
        return None;
    }
    Some(format!("{label}{}", labels.get("separator")))
}

/// English phrases that open an organisers line and make a label before it redundant.
const ORGANISED_BY: [&str; 7] = [
    "organised by",
    "organized by",
    "co-organised by",
    "co-organized by",
    "hosted by",
    "co-hosted by",
    "presented by",
];

/// Whether an organisers text starts by saying who organises: with the label itself, or with
/// one of the common English phrases.
fn says_who_organises(text: &str, label: &str) -> bool {
    let text = text.trim_start().to_lowercase();
    text.starts_with(&label.to_lowercase()) || ORGANISED_BY.iter().any(|p| text.starts_with(p))
}

fn release(source: &[MdBlock], blocks: &mut Vec<Block>) {
    for block in source {
        release_block(block, 0, ParaKind::Body, blocks);
    }
}

fn release_block(block: &MdBlock, depth: u8, kind: ParaKind, out: &mut Vec<Block>) {
    match block {
        MdBlock::Heading {
            level,
            inlines,
            origin,
        } => out.push(Block::Heading {
            level: *level + 1,
            spans: spans(inlines),
            outline: true,
            origin: origin.clone(),
        }),
        MdBlock::Paragraph { inlines, origin } => out.push(Block::Paragraph {
            spans: spans(inlines),
            kind,
            origin: origin.clone(),
        }),
        MdBlock::Quote { blocks, .. } => {
            for b in blocks {
                release_block(b, depth, ParaKind::Quote, out);
            }
        }
        MdBlock::List { ordered, items, .. } => {
            for (i, item) in items.iter().enumerate() {
                let marker = if *ordered {
                    format!("{}.", i + 1)
                } else {
                    "•".to_string()
                };
                for (j, b) in item.iter().enumerate() {
                    // Only an item's first paragraph carries the marker.
                    let kind = if j == 0 {
                        ParaKind::Item {
                            marker: marker.clone(),
                            depth,
                        }
                    } else {
                        ParaKind::Item {
                            marker: String::new(),
                            depth,
                        }
                    };
                    release_block(b, depth + 1, kind, out);
                }
            }
        }
    }
}

fn spans(inlines: &[Span]) -> Vec<Span> {
    inlines.to_vec()
}

/// The paragraphs of a Markdown field, each as spans.
fn paragraph_spans(text: &spec::Text, lang: &str) -> StrResult<Vec<Vec<Span>>> {
    let paragraphs = spec::parse_paragraphs(&text.origin_for(lang), text.get(lang))?;
    Ok(paragraphs.iter().map(|p| autolink(spans(p))).collect())
}

fn section_heading(text: &str, origin: Origin) -> Block {
    Block::Heading {
        level: 2,
        spans: vec![Span::plain(text)],
        outline: true,
        origin,
    }
}

fn figures(kit: &Kit, lang: &str, labels: &Labels, blocks: &mut Vec<Block>) {
    if kit.figures.is_empty() {
        return;
    }
    let origin = kit.figures[0].value.origin.clone();
    blocks.push(section_heading(labels.get("figures"), origin.clone()));
    let items = kit
        .figures
        .iter()
        .map(|f| KeyFigure {
            value: f.value.get(lang).to_string(),
            label: f.label.get(lang).to_string(),
        })
        .collect();
    blocks.push(Block::Figures { items, origin });
}

fn speakers(kit: &Kit, lang: &str, labels: &Labels, blocks: &mut Vec<Block>) -> StrResult<()> {
    if kit.speakers.is_empty() {
        return Ok(());
    }
    blocks.push(section_heading(
        labels.get("speakers"),
        kit.speakers[0].name.origin.clone(),
    ));
    for s in &kit.speakers {
        blocks.push(Block::Speaker(SpeakerCard {
            name: s.name.get(lang).to_string(),
            role: s.role.get(lang).to_string(),
            bio: paragraph_spans(&s.bio, lang)?,
            portrait: s.portrait.as_ref().map(|p| Portrait {
                photo: p.photo.clone(),
                alt: p.alt.get(lang).to_string(),
            }),
            origin: s.bio.origin_for(lang),
        }));
    }
    Ok(())
}

fn facts(kit: &Kit, lang: &str, labels: &Labels, blocks: &mut Vec<Block>) -> StrResult<()> {
    let Some(facts) = &kit.facts else {
        return Ok(());
    };
    let mut rows = vec![];
    for row in &facts.rows {
        let cells = row
            .iter()
            .map(|c| {
                Ok(Cell {
                    paragraphs: paragraph_spans(c, lang)?,
                    origin: c.origin_for(lang),
                })
            })
            .collect::<StrResult<Vec<Cell>>>()?;
        rows.push(cells);
    }
    let caption = facts.caption.get(lang).to_string();
    blocks.push(Block::Table(Table {
        continued: labels.get("continued").replace("{caption}", &caption),
        caption,
        columns: facts
            .columns
            .iter()
            .map(|c| Column {
                label: c.label.get(lang).to_string(),
                width: c.width,
                origin: c.label.origin_for(lang),
            })
            .collect(),
        rows,
        origin: facts.caption.origin_for(lang),
    }));
    Ok(())
}

fn about(kit: &Kit, lang: &str, blocks: &mut Vec<Block>) -> StrResult<()> {
    let Some(about) = &kit.about else {
        return Ok(());
    };
    blocks.push(section_heading(
        about.title.get(lang),
        about.title.origin_for(lang),
    ));
    // Each paragraph of the body is its own block: its own P, with paragraph spacing.
    for spans in paragraph_spans(&about.body, lang)? {
        blocks.push(Block::Paragraph {
            spans,
            kind: ParaKind::Body,
            origin: about.body.origin_for(lang),
        });
    }
    if let Some(url) = &kit.url {
        let origin = about.body.origin_for(lang);
        blocks.push(Block::Paragraph {
            spans: vec![Span::link(url.clone(), url.clone())],
            kind: ParaKind::Plain,
            origin,
        });
    }
    Ok(())
}

fn contacts(kit: &Kit, lang: &str, labels: &Labels, blocks: &mut Vec<Block>) -> StrResult<()> {
    if kit.contacts.is_empty() {
        return Ok(());
    }
    let origin = kit.contacts[0].name.origin.clone();
    blocks.push(section_heading(labels.get("contacts"), origin.clone()));
    let entries = kit
        .contacts
        .iter()
        .map(|c| ContactEntry {
            name: c.name.get(lang).to_string(),
            role: c.role.as_ref().map(|o| o.get(lang).to_string()),
            organisation: c.organisation.as_ref().map(|o| o.get(lang).to_string()),
            lines: contact_lines(c, lang, labels),
        })
        .collect();
    blocks.push(Block::Contacts {
        entries,
        origin: origin.clone(),
    });
    if let Some(note) = &kit.contacts_note {
        blocks.push(Block::Paragraph {
            spans: vec![Span::plain(note.get(lang))],
            kind: ParaKind::Note,
            origin,
        });
    }
    Ok(())
}

/// A contact's e-mail and phone lines, labelled in the language with its separator.
fn contact_lines(contact: &spec::Contact, lang: &str, labels: &Labels) -> Vec<ContactLine> {
    let separator = labels.get("separator");
    let mut lines = vec![];
    if let Some(email) = &contact.email {
        lines.push(ContactLine {
            label: format!("{}{separator}", labels.get("email")),
            value: email.clone(),
            target: format!("mailto:{email}"),
        });
    }
    for phone in &contact.phones {
        let label = match &phone.label {
            Some(place) => labels
                .get("phone_labelled")
                .replace("{phone}", labels.get("phone"))
                .replace("{label}", place.get(lang)),
            None => labels.get("phone").to_string(),
        };
        lines.push(ContactLine {
            label: format!("{label}{separator}"),
            value: phone.display.clone(),
            target: phone.uri.clone(),
        });
    }
    lines
}

fn autolink_block(block: &mut Block) {
    if let Block::Paragraph { spans, .. } | Block::Heading { spans, .. } = block {
        *spans = autolink(std::mem::take(spans));
    }
}

/// Splits unlinked spans so that e-mail addresses and `http(s)://` URLs become links.
pub fn autolink(spans: Vec<Span>) -> Vec<Span> {
    let mut out = vec![];
    for span in spans {
        if span.link.is_some() {
            out.push(span);
            continue;
        }
        let mut rest = span.text.as_str();
        let mut plain = String::new();
        while !rest.is_empty() {
            let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..word_end];
            let trimmed = word.trim_end_matches(|c: char| ".,;:!?)]}”’」』）".contains(c));
            let target = if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
                Some(trimmed.to_string())
            } else if is_email(trimmed) {
                Some(format!("mailto:{trimmed}"))
            } else {
                None
            };
            match target {
                Some(target) => {
                    if !plain.is_empty() {
                        out.push(Span {
                            text: std::mem::take(&mut plain),
                            ..span.clone()
                        });
                    }
                    out.push(Span {
                        text: trimmed.to_string(),
                        link: Some(target),
                        ..span.clone()
                    });
                    plain.push_str(&word[trimmed.len()..]);
                }
                None => plain.push_str(word),
            }
            rest = &rest[word_end..];
            let space_end = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            plain.push_str(&rest[..space_end]);
            rest = &rest[space_end..];
        }
        if !plain.is_empty() {
            out.push(Span {
                text: plain,
                ..span
            });
        }
    }
    out
}

fn is_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@.-_+".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autolink_finds_emails_and_urls_but_not_trailing_punctuation() {
        let spans = autolink(vec![Span::plain(
            "Write to media@example.org, or see https://www.hkstp.org.",
        )]);
        let texts: Vec<(&str, Option<&str>)> = spans
            .iter()
            .map(|s| (s.text.as_str(), s.link.as_deref()))
            .collect();
        assert_eq!(
            texts,
            [
                ("Write to ", None),
                ("media@example.org", Some("mailto:media@example.org")),
                (", or see ", None),
                ("https://www.hkstp.org", Some("https://www.hkstp.org")),
                (".", None),
            ]
        );
    }

    #[test]
    fn at_sign_alone_is_not_an_email() {
        assert!(!is_email("@home"));
        assert!(!is_email("a@b"));
        assert!(is_email("a.b@c.org"));
    }
}
