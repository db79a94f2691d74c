//! Blocks → chunks: the shapes of cover, paragraphs, cards, figures, tables and contacts, and the
//! structure nodes (P, H1–H3, L, Figure, Table…) their content is tagged with.

use std::sync::Arc;

use super::{Chunk, Ctx, Item, Link, Mark, StructKind, Where};
use crate::diag::{Origin, StrResult};
use crate::document::{
    Block, Cell, ContactEntry, Cover, KeyFigure, ParaKind, Portrait, SpeakerCard, Style, Table,
};
use crate::geom::{Abs, Cmyk, Point, Rect};
use crate::markup::Span;
use crate::text::{Align, Line, Run, TextStyle};

/// Display text (headlines, headings) is set tighter than body text.
const DISPLAY_LEADING: f64 = 1.25;
/// Small text (captions, table cells, labels).
const SMALL_LEADING: f64 = 1.4;
/// Space between paragraphs of one field (a biography, a table cell), in ems of its text; the
/// same as between body paragraphs.
const PARAGRAPH_SPACE: f64 = 0.6;
/// The smallest a key figure is scaled to fit its cell; below this it wraps instead.
const MIN_FIGURE_SCALE: f64 = 0.6;

/// Appends the chunks of one block.
pub(super) fn chunks_of(ctx: &Ctx, block: &Block, out: &mut Vec<Chunk>) -> StrResult<()> {
    if !matches!(
        block,
        Block::Paragraph {
            kind: ParaKind::Item { .. },
            ..
        }
    ) {
        ctx.end_list();
    }
    match block {
        Block::Cover(cover) => out.push(cover_chunk(ctx, cover)?),
        Block::Heading {
            level,
            spans,
            outline,
            origin,
        } => {
            let size = if *level <= 2 {
                ctx.style.heading
            } else {
                ctx.style.body * 1.1
            };
            let runs = runs_of(
                ctx,
                spans,
                TextStyle {
                    size,
                    bold: true,
                    oblique: false,
                    colour: ctx.style.accent,
                },
            );
            let lines = ctx.set_headline(&runs, ctx.width, origin)?;
            let title = short_title(plain_text(spans));
            let node = ctx.node(
                StructKind::Heading {
                    level: (*level).min(6),
                    title: title.clone(),
                },
                None,
            );
            let mark = Mark::Content(node);
            let total: Abs = lines
                .iter()
                .map(|l| ctx.pitch(l.size, DISPLAY_LEADING))
                .sum();
            // A heading is kept whole with what follows; one taller than a page (a pasted
            // run of text with no space) flows over pages line by line instead.
            let mut pieces = if total > ctx.height {
                lines
                    .into_iter()
                    .map(|line| stack(ctx, vec![line], DISPLAY_LEADING, Abs::ZERO, mark))
                    .collect()
            } else {
                vec![stack(ctx, lines, DISPLAY_LEADING, Abs::ZERO, mark)]
            };
            if let Some(first) = pieces.first_mut() {
                first.space_before = ctx.style.body * if *level <= 2 { 2.0 } else { 1.2 };
                if *outline {
                    first.anchor = Some((title, 1));
                }
            }
            if let Some(last) = pieces.last_mut() {
                last.height += ctx.style.body * 0.35;
                last.keep_with_next = true;
            }
            out.extend(pieces);
        }
        Block::Paragraph {
            spans,
            kind,
            origin,
        } => paragraph(ctx, spans, kind, origin, out)?,
        Block::Speaker(card) => out.push(speaker_chunk(ctx, card)?),
        Block::Figures { items, origin } => out.push(figures_chunk(ctx, items, origin)?),
        Block::Table(table) => table_chunks(ctx, table, out)?,
        Block::Contacts { entries, origin } => {
            for entry in entries {
                out.push(contact_chunk(ctx, entry, origin)?);
            }
        }
        Block::EndMark(text) => {
            let style = ctx.style(ctx.style.small, true, ctx.style.muted);
            let run = Run {
                text: text.clone(),
                style,
                link: None,
                lang: None,
            };
            let lines = ctx.set(&[run], ctx.width, Align::Center, &Origin::default())?;
            let node = ctx.node(StructKind::Paragraph, None);
            let mut chunk = stack(ctx, lines, SMALL_LEADING, Abs::ZERO, Mark::Content(node));
            chunk.space_before = ctx.style.body * 2.5;
            out.push(chunk);
        }
    }
    Ok(())
}

fn plain_text(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| s.text.as_str())
        .collect::<String>()
        .trim()
        .to_string()
}

fn runs_of(ctx: &Ctx, spans: &[Span], base: TextStyle) -> Vec<Run> {
    runs_in(ctx.style, spans, base)
}

/// [`runs_of`] without a layout context, for the parallel pre-pass.
fn runs_in(style: &Style, spans: &[Span], base: TextStyle) -> Vec<Run> {
    spans
        .iter()
        .map(|s| Run {
            text: s.text.clone(),
            style: TextStyle {
                bold: base.bold || s.strong,
                oblique: s.emphasis,
                colour: if s.link.is_some() {
                    style.accent
                } else {
                    base.colour
                },
                ..base
            },
            link: s.link.clone(),
            lang: s.lang.clone(),
        })
        .collect()
}

/// Stacks lines at a fixed pitch into one chunk, lines starting at `x`.
/// A heading's text as a bookmark and structure title: whole up to 200 characters, else cut
/// with an ellipsis (a title is for finding the heading, and PDF/A limits string length).
fn short_title(text: String) -> String {
    const MAX_CHARS: usize = 200;
    match text.char_indices().nth(MAX_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn stack(ctx: &Ctx, lines: Vec<Line>, leading: f64, x: Abs, mark: Mark) -> Chunk {
    let mut chunk = Chunk::default();
    for line in lines {
        let pitch = ctx.pitch(line.size, leading);
        push_line(ctx, &mut chunk, line, x, pitch, mark);
    }
    chunk
}

/// Appends a line below the chunk's content, baseline placed so the glyphs sit centred in the
/// pitch. Linked runs become their own items inside a Link node, with their clickable area;
/// runs in another language become their own items carrying that language.
fn push_line(ctx: &Ctx, chunk: &mut Chunk, line: Line, x: Abs, pitch: Abs, mark: Mark) {
    let baseline = chunk.height + baseline_offset(line.size, pitch);
    let origin = Point::new(x, baseline);
    chunk.height += pitch;
    if line
        .runs
        .iter()
        .all(|r| r.link.is_none() && r.lang.is_none())
    {
        chunk.items.push(Item::Text {
            origin,
            line,
            mark,
            lang: None,
        });
        return;
    }
    // Split the line where the link or language changes; pieces keep their absolute positions.
    let mut pieces: Vec<Line> = vec![];
    for run in line.runs.iter().cloned() {
        match pieces.last_mut() {
            Some(piece) if piece.runs[0].link == run.link && piece.runs[0].lang == run.lang => {
                piece.runs.push(run)
            }
            _ => pieces.push(Line {
                runs: vec![run],
                width: line.width,
                size: line.size,
                hyphenated: line.hyphenated,
                ratio: line.ratio,
                tracking: line.tracking,
                relaxed: line.relaxed.clone(),
                hang: line.hang,
                first: line.first,
                last: line.last,
            }),
        }
    }
    for piece in pieces {
        let piece_mark = match (&piece.runs[0].link, mark) {
            (Some(target), Mark::Content(parent)) => {
                let node = ctx.node(StructKind::Link, Some(parent));
                let size = piece
                    .runs
                    .iter()
                    .map(|r| r.style.size)
                    .fold(Abs::ZERO, Abs::max);
                let left = piece.runs[0].x();
                let right = piece
                    .runs
                    .iter()
                    .map(|r| r.x() + r.width())
                    .fold(left, Abs::max);
                chunk.links.push(Link {
                    rect: Rect::new(x + left, baseline - size * 0.9, right - left, size * 1.2),
                    target: target.clone(),
                    node,
                });
                Mark::Content(node)
            }
            _ => mark,
        };
        let lang = piece.runs[0].lang.clone();
        chunk.items.push(Item::Text {
            origin,
            line: piece,
            mark: piece_mark,
            lang,
        });
    }
}

/// Distance from the top of a line box of `pitch` to its baseline.
fn baseline_offset(size: Abs, pitch: Abs) -> Abs {
    // 0.88 em is the ideographic top of the bundled CJK faces and the ascender height of Latin
    // capitals with accents; centring that em box in the pitch keeps mixed lines even.
    (pitch - size) / 2.0 + size * 0.88
}

/// A paragraph becomes one chunk per line so that pages can break between lines; the first two
/// and the last two lines are tied together, so no page starts or ends with a lone line.
/// What a paragraph block is set from. Both [`paragraph`] and the parallel pre-pass
/// ([`super::preset_paragraphs`]) take it from here, so a preset paragraph is the one the block
/// loop would have set.
pub(super) struct ParaText {
    /// Its runs, styled.
    pub runs: Vec<Run>,
    /// Text size.
    pub size: Abs,
    /// Left indent of every line (quotes, list items).
    pub indent: Abs,
    /// The measure: the text area less `indent`.
    pub width: Abs,
    /// Alignment.
    pub align: Align,
    /// Indent of the first line.
    pub first_line_indent: Abs,
}

/// How the paragraph block `spans` of `kind` is set in a text area `area_width` wide.
pub(super) fn para_text(
    style: &Style,
    first_line_indent: bool,
    area_width: Abs,
    spans: &[Span],
    kind: &ParaKind,
) -> ParaText {
    let s = style;
    let (size, colour, align) = match kind {
        ParaKind::Note => (s.small, s.muted, Align::Left),
        ParaKind::Plain => (s.body, s.text, Align::Left),
        _ => (s.body, s.text, Align::Justify),
    };
    let indent = match kind {
        ParaKind::Quote => Abs::mm(s.geometry.quote_indent_mm),
        ParaKind::Item { depth, .. } => Abs::mm(s.geometry.list_indent_mm) * (*depth as f64 + 1.0),
        _ => Abs::ZERO,
    };
    let base = TextStyle {
        size,
        bold: false,
        oblique: matches!(kind, ParaKind::Note),
        colour,
    };
    // Body paragraphs start 1 em in where the layout or the language asks (ja, zh).
    let first_line_indent = match kind {
        ParaKind::Body if first_line_indent => size,
        _ => Abs::ZERO,
    };
    ParaText {
        runs: runs_in(style, spans, base),
        size,
        indent,
        width: area_width - indent,
        align,
        first_line_indent,
    }
}

fn paragraph(
    ctx: &Ctx,
    spans: &[Span],
    kind: &ParaKind,
    origin: &Origin,
    out: &mut Vec<Chunk>,
) -> StrResult<()> {
    let s = ctx.style;
    let para = para_text(s, ctx.first_line_indent, ctx.width, spans, kind);
    let (size, indent) = (para.size, para.indent);
    let lines = match ctx.preset.take() {
        Some(preset) => {
            let lines = preset?;
            ctx.check_lines(&lines, origin, Where::Text);
            lines
        }
        None => ctx.set_indented(
            &para.runs,
            para.width,
            para.align,
            para.first_line_indent,
            origin,
        )?,
    };
    // Structure: P, inside BlockQuote for quotes, inside L > LI > LBody for list items.
    let (paragraph, label) = match kind {
        ParaKind::Quote => {
            let quote = ctx.node(StructKind::BlockQuote, None);
            (ctx.node(StructKind::Paragraph, Some(quote)), None)
        }
        ParaKind::Item { marker, depth } => {
            let list = ctx.list(*depth);
            let item = ctx.node(StructKind::ListItem, Some(list));
            let label = (!marker.is_empty()).then(|| ctx.node(StructKind::ListLabel, Some(item)));
            let body = ctx.node(StructKind::ListBody, Some(item));
            (ctx.node(StructKind::Paragraph, Some(body)), label)
        }
        _ => (ctx.node(StructKind::Paragraph, None), None),
    };
    let n = lines.len();
    let pitch = ctx.pitch(size, ctx.leading);
    for (i, line) in lines.into_iter().enumerate() {
        let mut chunk = Chunk::default();
        if i == 0 {
            chunk.space_before = match kind {
                ParaKind::Item { .. } => size * 0.25,
                _ => size * 0.6,
            };
            if let (ParaKind::Item { marker, .. }, Some(label)) = (kind, label) {
                let run = Run {
                    text: marker.clone(),
                    style: ctx.style(size, false, s.accent),
                    link: None,
                    lang: None,
                };
                if let Some(m) = ctx
                    .set(
                        &[run],
                        Abs::mm(s.geometry.list_marker_mm),
                        Align::Left,
                        origin,
                    )?
                    .into_iter()
                    .next()
                {
                    let baseline = baseline_offset(line.size, pitch);
                    let origin = Point::new(indent - Abs::mm(s.geometry.list_marker_mm), baseline);
                    chunk.items.push(Item::Text {
                        origin,
                        line: m,
                        mark: Mark::Content(label),
                        lang: None,
                    });
                }
            }
        }
        if matches!(kind, ParaKind::Quote) {
            chunk.items.push(Item::Rule {
                from: Point::new(Abs::mm(s.geometry.quote_rule_x_mm), Abs::ZERO),
                to: Point::new(Abs::mm(s.geometry.quote_rule_x_mm), pitch),
                thickness: Abs::pt(s.geometry.quote_rule_pt),
                colour: s.accent,
            });
        }
        push_line(
            ctx,
            &mut chunk,
            line,
            indent,
            pitch,
            Mark::Content(paragraph),
        );
        chunk.keep_with_next = n >= 2 && (i == 0 || i + 2 == n);
        out.push(chunk);
    }
    Ok(())
}

fn cover_chunk(ctx: &Ctx, cover: &Cover) -> StrResult<Chunk> {
    let s = ctx.style;
    let p = &s.page;
    let g = &s.geometry;
    let origin = &cover.origin;
    let mut chunk = Chunk {
        anchor: Some((cover.headline.clone(), 1)),
        ..Chunk::default()
    };
    let para = || Mark::Content(ctx.node(StructKind::Paragraph, None));

    // The band runs from the top trim edge (plus bleed) to `cover_band_mm`, edge to edge.
    let band_bottom = Abs::mm(g.cover_band_mm) - p.top;
    chunk.items.push(Item::Fill {
        rect: Rect::new(
            -p.left - p.bleed,
            -p.top - p.bleed,
            p.width + p.bleed * 2.0,
            band_bottom + p.top + p.bleed,
        ),
        colour: s.band,
    });
    let white = Cmyk::WHITE;
    let kind = Run {
        text: cover.kind.to_uppercase(),
        style: ctx.style(s.small, true, white),
        link: None,
        lang: None,
    };
    let event = Run {
        text: cover.event.clone(),
        style: ctx.style(s.event, true, white),
        link: None,
        lang: None,
    };
    let mut band = Chunk::default();
    let kind_mark = para();
    for line in ctx.set(&[kind], ctx.width, Align::Left, origin)? {
        push_line(
            ctx,
            &mut band,
            line,
            Abs::ZERO,
            ctx.pitch(s.small, SMALL_LEADING),
            kind_mark,
        );
    }
    let event_mark = para();
    for line in ctx.set_headline(&[event], ctx.width, &cover.origins.event)? {
        push_line(
            ctx,
            &mut band,
            line,
            Abs::ZERO,
            ctx.pitch(s.event, DISPLAY_LEADING),
            event_mark,
        );
    }
    // The band text sits on the band's lower edge.
    let band_top = band_bottom - Abs::mm(g.cover_band_text_mm) - band.height;
    append(&mut chunk, band, band_top);
    chunk.height = band_bottom + Abs::mm(g.cover_after_band_mm);

    let flag = Run {
        text: cover.flag.clone(),
        style: ctx.style(s.small, true, s.accent),
        link: None,
        lang: None,
    };
    add_lines(ctx, &mut chunk, &[flag], SMALL_LEADING, origin, para())?;
    chunk.height += Abs::mm(g.cover_headline_gap_mm);
    let headline = Run {
        text: cover.headline.clone(),
        style: ctx.style(s.headline, true, s.text),
        link: None,
        lang: None,
    };
    let h1 = Mark::Content(ctx.node(
        StructKind::Heading {
            level: 1,
            title: cover.headline.clone(),
        },
        None,
    ));
    add_headline(ctx, &mut chunk, &[headline], origin, h1)?;
    if let Some(subhead) = &cover.subhead {
        chunk.height += Abs::mm(g.cover_subhead_gap_mm);
        let run = Run {
            text: subhead.clone(),
            style: ctx.style(s.subhead, false, s.muted),
            link: None,
            lang: None,
        };
        add_headline(ctx, &mut chunk, &[run], &cover.origins.subhead, para())?;
    }
    chunk.height += Abs::mm(g.cover_dateline_gap_mm);
    let dateline = Run {
        text: cover.dateline.clone(),
        style: ctx.style(s.small, true, s.text),
        link: None,
        lang: None,
    };
    add_lines(
        ctx,
        &mut chunk,
        &[dateline],
        SMALL_LEADING,
        &cover.origins.dateline,
        para(),
    )?;
    let label = cover.organisers_label.as_ref().map(|label| Run {
        text: label.clone(),
        style: ctx.style(s.small, true, s.muted),
        link: None,
        lang: None,
    });
    let names = Run {
        // A no-break space before the dot: a separator ends a line, it never starts one.
        text: cover.organisers.join("\u{A0}· "),
        style: ctx.style(s.small, false, s.muted),
        link: None,
        lang: None,
    };
    if !cover.organisers.is_empty() {
        let runs: Vec<Run> = label.into_iter().chain([names]).collect();
        let origin = &cover.organisers_origin;
        // The names are set as one paragraph; an error in it is moved to the organiser whose
        // name holds the character it quotes.
        add_lines(ctx, &mut chunk, &runs, SMALL_LEADING, origin, para()).map_err(|errs| {
            errs.into_iter()
                .map(|mut err| {
                    let quoted = err.message.split('‘').nth(1).and_then(|q| q.chars().next());
                    if let Some(c) = quoted
                        && let Some(i) = cover.organisers.iter().position(|o| o.contains(c))
                        && let Some(at) = cover.origins.organisers.get(i)
                    {
                        err.origin = Some(at.clone());
                    }
                    err
                })
                .collect::<Vec<_>>()
        })?;
    }
    chunk.height += Abs::mm(g.cover_rule_gap_mm);
    chunk.items.push(Item::Rule {
        from: Point::new(Abs::ZERO, chunk.height),
        to: Point::new(ctx.width, chunk.height),
        thickness: Abs::pt(g.cover_rule_pt),
        colour: s.accent,
    });
    chunk.height += Abs::mm(g.cover_after_rule_mm);
    Ok(chunk)
}

fn add_lines(
    ctx: &Ctx,
    chunk: &mut Chunk,
    runs: &[Run],
    leading: f64,
    origin: &Origin,
    mark: Mark,
) -> StrResult<()> {
    let lines = ctx.set(runs, ctx.width, Align::Left, origin)?;
    push_lines(ctx, chunk, lines, leading, mark);
    Ok(())
}

/// Like [`add_lines`] for a headline: balanced lines at display leading.
fn add_headline(
    ctx: &Ctx,
    chunk: &mut Chunk,
    runs: &[Run],
    origin: &Origin,
    mark: Mark,
) -> StrResult<()> {
    let lines = ctx.set_headline(runs, ctx.width, origin)?;
    push_lines(ctx, chunk, lines, DISPLAY_LEADING, mark);
    Ok(())
}

fn push_lines(ctx: &Ctx, chunk: &mut Chunk, lines: Vec<Line>, leading: f64, mark: Mark) {
    for line in lines {
        let pitch = ctx.pitch(line.size, leading);
        push_line(ctx, chunk, line, Abs::ZERO, pitch, mark);
    }
}

/// Appends `inner`'s items to `outer`, moved down by `dy`.
fn append(outer: &mut Chunk, inner: Chunk, dy: Abs) {
    append_at(outer, inner, Abs::ZERO, dy);
}

fn append_at(outer: &mut Chunk, inner: Chunk, dx: Abs, dy: Abs) {
    let (items, links) = inner.shifted(dx, dy);
    outer.items.extend(items);
    outer.links.extend(links);
}

fn speaker_chunk(ctx: &Ctx, card: &SpeakerCard) -> StrResult<Chunk> {
    let s = ctx.style;
    // Without a photo there is no empty frame: the text takes the full width.
    let (text_x, photo) = match &card.portrait {
        Some(Portrait { photo, alt }) => {
            let width = s.photo_width;
            let height = width * (photo.height as f64 / photo.width as f64);
            let gap = Abs::mm(s.geometry.card_photo_gap_mm);
            (width + gap, Some((photo, alt, width, height)))
        }
        None => (Abs::ZERO, None),
    };
    let text_width = ctx.width - text_x;
    let figure = photo.map(|(_, alt, ..)| ctx.node(StructKind::Figure { alt: alt.clone() }, None));
    let mut text = Chunk::default();
    let name = Run {
        text: card.name.clone(),
        style: ctx.style(s.body * 1.15, true, s.text),
        link: None,
        lang: None,
    };
    let name_mark = Mark::Content(ctx.node(
        StructKind::Heading {
            level: 3,
            title: card.name.clone(),
        },
        None,
    ));
    for line in ctx.set(&[name], text_width, Align::Left, &card.origin)? {
        push_line(
            ctx,
            &mut text,
            line,
            Abs::ZERO,
            ctx.pitch(s.body * 1.15, DISPLAY_LEADING),
            name_mark,
        );
    }
    let role = Run {
        text: card.role.clone(),
        style: ctx.style(s.small, false, s.accent),
        link: None,
        lang: None,
    };
    let role_mark = Mark::Content(ctx.node(StructKind::Paragraph, None));
    for line in ctx.set_narrow(&[role], text_width, &card.origin)? {
        push_line(
            ctx,
            &mut text,
            line,
            Abs::ZERO,
            ctx.pitch(s.small, SMALL_LEADING),
            role_mark,
        );
    }
    text.height += Abs::mm(s.geometry.card_role_gap_mm);
    // Each paragraph of the biography is its own P, set apart as body paragraphs are.
    for (i, paragraph) in card.bio.iter().enumerate() {
        if i > 0 {
            text.height += s.body * PARAGRAPH_SPACE;
        }
        let bio = runs_of(ctx, paragraph, ctx.style(s.body, false, s.text));
        let bio_mark = Mark::Content(ctx.node(StructKind::Paragraph, None));
        for line in ctx.set(&bio, text_width, Align::Justify, &card.origin)? {
            push_line(
                ctx,
                &mut text,
                line,
                Abs::ZERO,
                ctx.pitch(s.body, ctx.leading),
                bio_mark,
            );
        }
    }
    let mut chunk = Chunk {
        space_before: Abs::mm(s.geometry.card_space_before_mm),
        anchor: Some((card.name.clone(), 2)),
        ..Chunk::default()
    };
    let mut height = text.height;
    if let (Some((photo, _, width, photo_height)), Some(figure)) = (photo, figure) {
        chunk.items.push(Item::Image {
            rect: Rect::new(Abs::ZERO, Abs::ZERO, width, photo_height),
            photo: photo.clone(),
            mark: Mark::Content(figure),
        });
        height = height.max(photo_height);
    }
    chunk.height = height;
    append_at(&mut chunk, text, text_x, Abs::ZERO);
    Ok(chunk)
}

fn figures_chunk(ctx: &Ctx, items: &[KeyFigure], origin: &Origin) -> StrResult<Chunk> {
    let s = ctx.style;
    let columns = s.figure_columns.min(items.len().max(1));
    let pad = Abs::mm(s.geometry.figures_padding_mm);
    let gap = Abs::mm(s.geometry.figures_gap_mm);
    let cell_width = (ctx.width - pad * 2.0 - gap * (columns as f64 - 1.0)) / columns as f64;
    let mut chunk = Chunk {
        space_before: Abs::mm(s.geometry.figures_space_before_mm),
        ..Chunk::default()
    };
    let mut y = pad;
    for row in items.chunks(columns) {
        let mut row_height = Abs::ZERO;
        for (c, KeyFigure { value, label }) in row.iter().enumerate() {
            let mut cell = Chunk::default();
            // A figure is read at a glance: it stays on one line, set smaller if the cell is narrow.
            let mut value = Run {
                text: value.clone(),
                style: ctx.style(s.figure, true, s.accent),
                link: None,
                lang: None,
            };
            let natural = ctx.measure(&value, origin)?;
            if !natural.fits_in(cell_width) {
                value.style.size = s.figure * (cell_width / natural).max(MIN_FIGURE_SCALE);
            }
            // Value and label read as one statement: "150+ tech enterprises…".
            let mark = Mark::Content(ctx.node(StructKind::Paragraph, None));
            for line in ctx.set(&[value], cell_width, Align::Left, origin)? {
                push_line(
                    ctx,
                    &mut cell,
                    line,
                    Abs::ZERO,
                    ctx.pitch(s.figure, DISPLAY_LEADING),
                    mark,
                );
            }
            let label = Run {
                text: label.clone(),
                style: ctx.style(s.small, false, s.text),
                link: None,
                lang: None,
            };
            for line in ctx.set_narrow(&[label], cell_width, origin)? {
                push_line(
                    ctx,
                    &mut cell,
                    line,
                    Abs::ZERO,
                    ctx.pitch(s.small, SMALL_LEADING),
                    mark,
                );
            }
            row_height = row_height.max(cell.height);
            append_at(&mut chunk, cell, pad + (cell_width + gap) * c as f64, y);
        }
        y += row_height + gap;
    }
    chunk.height = y - gap + pad;
    chunk.items.insert(
        0,
        Item::Fill {
            rect: Rect::new(Abs::ZERO, Abs::ZERO, ctx.width, chunk.height),
            colour: s.tint,
        },
    );
    Ok(chunk)
}

fn table_chunks(ctx: &Ctx, table: &Table, out: &mut Vec<Chunk>) -> StrResult<()> {
    let s = ctx.style;
    let widths: Vec<Abs> = table.columns.iter().map(|c| ctx.width * c.width).collect();
    let caption_chunk = |text: &str, mark: Mark| -> StrResult<Chunk> {
        let run = Run {
            text: text.to_string(),
            style: ctx.style(s.heading, true, s.accent),
            link: None,
            lang: None,
        };
        let lines = ctx.set_headline(&[run], ctx.width, &table.origin)?;
        let mut chunk = stack(ctx, lines, DISPLAY_LEADING, Abs::ZERO, mark);
        chunk.height += Abs::mm(s.geometry.table_caption_gap_mm);
        Ok(chunk)
    };
    let header_cells: Vec<Cell> = table
        .columns
        .iter()
        .map(|column| Cell {
            paragraphs: vec![vec![Span::plain(column.label.clone())]],
            origin: column.origin.clone(),
        })
        .collect();

    // On a continuation page: "Caption (continued)" and the header row again, as artifacts:
    // a reader of the structure meets the header once.
    let mut repeat = caption_chunk(&table.continued, Mark::Artifact)?;
    let repeated_header = row_chunk(ctx, &widths, &header_cells, RowKind::Header, None)?;
    let h = repeat.height;
    repeat.height += repeated_header.height;
    append(&mut repeat, repeated_header, h);
    let repeat = Arc::new(repeat);

    let caption_node = ctx.node(
        StructKind::Heading {
            level: 2,
            title: table.caption.clone(),
        },
        None,
    );
    let mut caption = caption_chunk(&table.caption, Mark::Content(caption_node))?;
    caption.space_before = s.body * 2.0;
    caption.keep_with_next = true;
    caption.anchor = Some((table.caption.clone(), 1));
    out.push(caption);
    let table_node = ctx.node(StructKind::Table, None);
    let mut header = row_chunk(
        ctx,
        &widths,
        &header_cells,
        RowKind::Header,
        Some(table_node),
    )?;
    header.keep_with_next = true;
    out.push(header);
    for (r, row) in table.rows.iter().enumerate() {
        let kind = if r % 2 == 1 {
            RowKind::Shaded
        } else {
            RowKind::Plain
        };
        // A row is split only when it is taller than a page under the repeated header.
        let room = ctx.height - repeat.height;
        let cells = cell_lines(ctx, &widths, row, kind, Some(table_node))?;
        for mut chunk in row_bands(ctx, &widths, cells, kind, room) {
            chunk.repeat_header = Some(repeat.clone());
            out.push(chunk);
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum RowKind {
    Header,
    Plain,
    Shaded,
}

/// One table row: cells grow to fit their text, the row takes the tallest cell. With a table
/// node the row is content (TR with TH or TD cells); without, a repeated header artifact.
fn row_chunk(
    ctx: &Ctx,
    widths: &[Abs],
    cells: &[Cell],
    kind: RowKind,
    table: Option<usize>,
) -> StrResult<Chunk> {
    let cells = cell_lines(ctx, widths, cells, kind, table)?;
    let mut bands = row_bands(ctx, widths, cells, kind, Abs::pt(f64::INFINITY));
    Ok(bands.remove(0))
}

/// One set line of a table cell, with the structure it belongs to and the space above it.
#[derive(Clone)]
struct CellLine {
    line: Line,
    mark: Mark,
    /// Paragraph space before the first line of a cell's second and later paragraphs.
    gap: Abs,
}

/// The set lines of each cell of a row. A one-paragraph cell's text is the cell's content; a
/// cell of several paragraphs holds one P per paragraph. An empty cell has no lines.
fn cell_lines(
    ctx: &Ctx,
    widths: &[Abs],
    cells: &[Cell],
    kind: RowKind,
    table: Option<usize>,
) -> StrResult<Vec<Vec<CellLine>>> {
    let s = ctx.style;
    let header = kind == RowKind::Header;
    let pad_x = Abs::mm(ctx.style.geometry.cell_padding_x_mm);
    let colour = if header { Cmyk::WHITE } else { s.text };
    let row = table.map(|t| ctx.node(StructKind::TableRow, Some(t)));
    let mut out = vec![];
    for (cell, width) in cells.iter().zip(widths) {
        let cell_kind = if header {
            StructKind::TableHeader
        } else {
            StructKind::TableCell
        };
        let cell_mark = row.map(|row| ctx.node(cell_kind, Some(row)));
        let several = cell.paragraphs.len() > 1;
        let mut lines = vec![];
        for (i, paragraph) in cell.paragraphs.iter().enumerate() {
            let runs = runs_of(ctx, paragraph, ctx.style(s.small, header, colour));
            let set = ctx.set_cell(&runs, *width - pad_x * 2.0, &cell.origin)?;
            let mark = match cell_mark {
                Some(td) if several => Mark::Content(ctx.node(StructKind::Paragraph, Some(td))),
                Some(td) => Mark::Content(td),
                None => Mark::Artifact,
            };
            for (j, line) in set.into_iter().enumerate() {
                let gap = if i > 0 && j == 0 {
                    s.small * PARAGRAPH_SPACE
                } else {
                    Abs::ZERO
                };
                lines.push(CellLine { line, mark, gap });
            }
        }
        out.push(lines);
    }
    Ok(out)
}

/// Lays out a row's cells as one chunk, or, when the row is taller than `room`, as bands of
/// as many lines as fit, cut between lines, to be set on consecutive pages.
fn row_bands(
    ctx: &Ctx,
    widths: &[Abs],
    cells: Vec<Vec<CellLine>>,
    kind: RowKind,
    room: Abs,
) -> Vec<Chunk> {
    let s = ctx.style;
    let header = kind == RowKind::Header;
    let pad_y = Abs::mm(ctx.style.geometry.cell_padding_y_mm);
    let pitch = cells
        .iter()
        .flat_map(|lines| {
            lines
                .iter()
                .map(|l| ctx.pitch(l.line.size, SMALL_LEADING) + l.gap)
        })
        .fold(Abs::ZERO, Abs::max);
    let per_band = if pitch > Abs::ZERO && room.to_pt().is_finite() {
        (((room - pad_y * 2.0) / pitch).floor() as usize).max(1)
    } else {
        usize::MAX
    };
    let longest = cells.iter().map(Vec::len).max().unwrap_or(0);
    let bands = longest.div_ceil(per_band).max(1);
    let total: Abs = widths.iter().copied().sum();
    let mut out = vec![];
    for band in 0..bands {
        let laid: Vec<Chunk> = cells
            .iter()
            .map(|lines| {
                let from = (band.saturating_mul(per_band)).min(lines.len());
                let to = from.saturating_add(per_band).min(lines.len());
                let mut cell = Chunk::default();
                for (k, l) in lines[from..to].iter().enumerate() {
                    // A band starts at its top: no paragraph space above its first line.
                    if k > 0 {
                        cell.height += l.gap;
                    }
                    let pitch = ctx.pitch(l.line.size, SMALL_LEADING);
                    push_line(ctx, &mut cell, l.line.clone(), Abs::ZERO, pitch, l.mark);
                }
                cell
            })
            .collect();
        let height = laid.iter().map(|c| c.height).fold(Abs::ZERO, Abs::max);
        let mut chunk = Chunk {
            height: height + pad_y * 2.0,
            ..Chunk::default()
        };
        if kind != RowKind::Plain {
            chunk.items.push(Item::Fill {
                rect: Rect::new(Abs::ZERO, Abs::ZERO, total, chunk.height),
                colour: if header { s.band } else { s.tint },
            });
        }
        let mut x = Abs::ZERO;
        for (cell, width) in laid.into_iter().zip(widths) {
            append_at(
                &mut chunk,
                cell,
                x + Abs::mm(ctx.style.geometry.cell_padding_x_mm),
                pad_y,
            );
            x += *width;
        }
        // The rule closes the row, so only its last band has one.
        if band + 1 == bands {
            chunk.items.push(Item::Rule {
                from: Point::new(Abs::ZERO, chunk.height),
                to: Point::new(total, chunk.height),
                thickness: Abs::pt(s.geometry.table_rule_pt),
                colour: s.muted,
            });
        }
        out.push(chunk);
    }
    out
}

fn contact_chunk(ctx: &Ctx, entry: &ContactEntry, origin: &Origin) -> StrResult<Chunk> {
    let s = ctx.style;
    let mut chunk = Chunk {
        space_before: Abs::mm(s.geometry.contact_space_before_mm),
        ..Chunk::default()
    };
    let para = || Mark::Content(ctx.node(StructKind::Paragraph, None));
    let name = Run {
        text: entry.name.clone(),
        style: ctx.style(s.body, true, s.text),
        link: None,
        lang: None,
    };
    add_lines(ctx, &mut chunk, &[name], ctx.leading, origin, para())?;
    if let Some(role) = &entry.role {
        let run = Run {
            text: role.clone(),
            style: ctx.style(s.body, false, s.text),
            link: None,
            lang: None,
        };
        add_lines(ctx, &mut chunk, &[run], ctx.leading, origin, para())?;
    }
    if let Some(org) = &entry.organisation {
        let run = Run {
            text: org.clone(),
            style: ctx.style(s.body, false, s.text),
            link: None,
            lang: None,
        };
        add_lines(ctx, &mut chunk, &[run], ctx.leading, origin, para())?;
    }
    for line in &entry.lines {
        let runs = [
            Run {
                text: line.label.clone(),
                style: ctx.style(s.body, false, s.muted),
                link: None,
                lang: None,
            },
            Run {
                text: line.value.clone(),
                style: ctx.style(s.body, false, s.accent),
                link: Some(line.target.clone()),
                lang: None,
            },
        ];
        add_lines(ctx, &mut chunk, &runs, ctx.leading, origin, para())?;
    }
    Ok(chunk)
}
