//! Blocks → chunks: the shapes of cover, paragraphs, cards, figures, tables and contacts.

use std::sync::Arc;

use super::{Chunk, Ctx, Item, Link, PhotoRef, TextRole};
use crate::diag::{Origin, StrResult};
use crate::document::{Block, ContactEntry, Cover, ParaKind, Span, SpeakerCard, Table};
use crate::geom::{Abs, Cmyk, Point, Rect};
use crate::text::{self, Align, Line, Run, TextStyle};

/// Display text (headlines, headings) is set tighter than body text.
const DISPLAY_LEADING: f64 = 1.25;
/// Small text (captions, table cells, labels).
const SMALL_LEADING: f64 = 1.4;
/// The smallest a key figure is scaled to fit its cell; below this it wraps instead.
const MIN_FIGURE_SCALE: f64 = 0.6;

/// Appends the chunks of one block.
pub(super) fn chunks_of(ctx: &Ctx, block: &Block, out: &mut Vec<Chunk>) -> StrResult<()> {
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
            let lines = ctx.set(&runs, ctx.width, Align::Left, origin)?;
            let mut chunk = stack(
                ctx,
                lines,
                DISPLAY_LEADING,
                Abs::ZERO,
                TextRole::Heading(*level),
            );
            chunk.space_before = ctx.style.body * if *level <= 2 { 2.0 } else { 1.2 };
            chunk.height += ctx.style.body * 0.35;
            chunk.keep_with_next = true;
            if *outline {
                chunk.anchor = Some((plain_text(spans), 1));
            }
            out.push(chunk);
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
            let lines = ctx.set(
                &[Run {
                    text: text.clone(),
                    style,
                    link: None,
                }],
                ctx.width,
                Align::Center,
                &Origin::default(),
            )?;
            let mut chunk = stack(ctx, lines, SMALL_LEADING, Abs::ZERO, TextRole::Body);
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
    spans
        .iter()
        .map(|s| Run {
            text: s.text.clone(),
            style: TextStyle {
                bold: base.bold || s.strong,
                oblique: s.emphasis,
                colour: if s.link.is_some() {
                    ctx.style.accent
                } else {
                    base.colour
                },
                ..base
            },
            link: s.link.clone(),
        })
        .collect()
}

/// Stacks lines at a fixed pitch into one chunk, lines starting at `x`.
fn stack(ctx: &Ctx, lines: Vec<Line>, leading: f64, x: Abs, role: TextRole) -> Chunk {
    let mut chunk = Chunk::default();
    for line in lines {
        let pitch = ctx.pitch(line.size, leading);
        push_line(&mut chunk, line, x, pitch, role);
    }
    chunk
}

/// Appends a line below the chunk's content: baseline placed so the glyphs sit centred in the pitch.
fn push_line(chunk: &mut Chunk, line: Line, x: Abs, pitch: Abs, role: TextRole) {
    let baseline = chunk.height + baseline_offset(line.size, pitch);
    push_links(&mut chunk.links, &line, Point::new(x, baseline));
    chunk.items.push(Item::Text {
        origin: Point::new(x, baseline),
        line,
        role,
    });
    chunk.height += pitch;
}

/// Distance from the top of a line box of `pitch` to its baseline.
fn baseline_offset(size: Abs, pitch: Abs) -> Abs {
    // 0.88 em is the ideographic top of the bundled CJK faces and the ascender height of Latin
    // capitals with accents; centring that em box in the pitch keeps mixed lines even.
    (pitch - size) / 2.0 + size * 0.88
}

fn push_links(links: &mut Vec<Link>, line: &Line, origin: Point) {
    for run in &line.runs {
        if let Some(target) = &run.link {
            let size = run.style.size;
            links.push(Link {
                rect: Rect::new(
                    origin.x + run.x(),
                    origin.y - size * 0.9,
                    run.width(),
                    size * 1.2,
                ),
                target: target.clone(),
            });
        }
    }
}

/// A paragraph becomes one chunk per line so that pages can break between lines; the first two
/// and the last two lines are tied together, so no page starts or ends with a lone line.
fn paragraph(
    ctx: &Ctx,
    spans: &[Span],
    kind: &ParaKind,
    origin: &Origin,
    out: &mut Vec<Chunk>,
) -> StrResult<()> {
    let s = ctx.style;
    let (size, colour, align) = match kind {
        ParaKind::Note => (s.small, s.muted, Align::Left),
        ParaKind::Plain => (s.body, s.text, Align::Left),
        _ => (s.body, s.text, Align::Justify),
    };
    let indent = match kind {
        ParaKind::Quote => Abs::mm(6.0),
        ParaKind::Item { depth, .. } => Abs::mm(5.0) * (*depth as f64 + 1.0),
        _ => Abs::ZERO,
    };
    let mut base = ctx.style(size, false, colour);
    base.oblique = matches!(kind, ParaKind::Note);
    let lines = ctx.set(
        &runs_of(ctx, spans, base),
        ctx.width - indent,
        align,
        origin,
    )?;
    let n = lines.len();
    let pitch = ctx.pitch(size, s.leading);
    for (i, line) in lines.into_iter().enumerate() {
        let mut chunk = Chunk::default();
        if i == 0 {
            chunk.space_before = match kind {
                ParaKind::Item { .. } => size * 0.25,
                _ => size * 0.6,
            };
            if let ParaKind::Item { marker, .. } = kind
                && !marker.is_empty()
            {
                let run = Run {
                    text: marker.clone(),
                    style: ctx.style(size, false, s.accent),
                    link: None,
                };
                let marker_lines = ctx.set(&[run], Abs::mm(4.0), Align::Left, origin)?;
                if let Some(m) = marker_lines.into_iter().next() {
                    let baseline = baseline_offset(line.size, pitch);
                    chunk.items.push(Item::Text {
                        origin: Point::new(indent - Abs::mm(4.0), baseline),
                        line: m,
                        role: TextRole::Body,
                    });
                }
            }
        }
        if matches!(kind, ParaKind::Quote) {
            chunk.items.push(Item::Rule {
                from: Point::new(Abs::mm(1.5), Abs::ZERO),
                to: Point::new(Abs::mm(1.5), pitch),
                thickness: Abs::pt(1.5),
                colour: s.accent,
            });
        }
        push_line(&mut chunk, line, indent, pitch, TextRole::Body);
        chunk.keep_with_next = n >= 2 && (i == 0 || i + 2 == n);
        out.push(chunk);
    }
    Ok(())
}

fn cover_chunk(ctx: &Ctx, cover: &Cover) -> StrResult<Chunk> {
    let s = ctx.style;
    let p = &s.page;
    let origin = &cover.origin;
    let mut chunk = Chunk {
        anchor: Some((cover.headline.clone(), 1)),
        ..Chunk::default()
    };

    // The band runs from the top trim edge (plus bleed) to 40 mm, edge to edge.
    let band_bottom = Abs::mm(40.0) - p.top;
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
    };
    let event = Run {
        text: cover.event.clone(),
        style: ctx.style(s.event, true, white),
        link: None,
    };
    let mut band = Chunk::default();
    for line in ctx.set(&[kind], ctx.width, Align::Left, origin)? {
        push_line(
            &mut band,
            line,
            Abs::ZERO,
            ctx.pitch(s.small, SMALL_LEADING),
            TextRole::Body,
        );
    }
    for line in ctx.set(&[event], ctx.width, Align::Left, origin)? {
        push_line(
            &mut band,
            line,
            Abs::ZERO,
            ctx.pitch(s.event, DISPLAY_LEADING),
            TextRole::Heading(1),
        );
    }
    // The band text sits on the band's lower edge.
    let band_top = band_bottom - Abs::mm(5.0) - band.height;
    append(&mut chunk, band, band_top);
    chunk.height = band_bottom + Abs::mm(8.0);

    let flag = Run {
        text: cover.flag.clone(),
        style: ctx.style(s.small, true, s.accent),
        link: None,
    };
    add_lines(
        ctx,
        &mut chunk,
        &[flag],
        SMALL_LEADING,
        Align::Left,
        origin,
        TextRole::Body,
    )?;
    chunk.height += Abs::mm(2.0);
    let headline = Run {
        text: cover.headline.clone(),
        style: ctx.style(s.headline, true, s.text),
        link: None,
    };
    add_lines(
        ctx,
        &mut chunk,
        &[headline],
        DISPLAY_LEADING,
        Align::Left,
        origin,
        TextRole::Heading(1),
    )?;
    if let Some(subhead) = &cover.subhead {
        chunk.height += Abs::mm(2.0);
        let run = Run {
            text: subhead.clone(),
            style: ctx.style(s.subhead, false, s.muted),
            link: None,
        };
        add_lines(
            ctx,
            &mut chunk,
            &[run],
            DISPLAY_LEADING,
            Align::Left,
            origin,
            TextRole::Body,
        )?;
    }
    chunk.height += Abs::mm(4.0);
    let dateline = Run {
        text: cover.dateline.clone(),
        style: ctx.style(s.small, true, s.text),
        link: None,
    };
    add_lines(
        ctx,
        &mut chunk,
        &[dateline],
        SMALL_LEADING,
        Align::Left,
        origin,
        TextRole::Body,
    )?;
    let label = Run {
        text: format!("{}: ", cover.organisers_label),
        style: ctx.style(s.small, true, s.muted),
        link: None,
    };
    let names = Run {
        text: cover.organisers.join(" · "),
        style: ctx.style(s.small, false, s.muted),
        link: None,
    };
    add_lines(
        ctx,
        &mut chunk,
        &[label, names],
        SMALL_LEADING,
        Align::Left,
        origin,
        TextRole::Body,
    )?;
    chunk.height += Abs::mm(3.0);
    chunk.items.push(Item::Rule {
        from: Point::new(Abs::ZERO, chunk.height),
        to: Point::new(ctx.width, chunk.height),
        thickness: Abs::pt(1.0),
        colour: s.accent,
    });
    chunk.height += Abs::mm(2.0);
    Ok(chunk)
}

fn add_lines(
    ctx: &Ctx,
    chunk: &mut Chunk,
    runs: &[Run],
    leading: f64,
    align: Align,
    origin: &Origin,
    role: TextRole,
) -> StrResult<()> {
    for line in ctx.set(runs, ctx.width, align, origin)? {
        let pitch = ctx.pitch(line.size, leading);
        push_line(chunk, line, Abs::ZERO, pitch, role);
    }
    Ok(())
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
    let photo_width = s.photo_width;
    let photo_height = photo_width * (card.photo.height as f64 / card.photo.width as f64);
    let gap = Abs::mm(5.0);
    let text_width = ctx.width - photo_width - gap;
    let mut text = Chunk::default();
    let name = Run {
        text: card.name.clone(),
        style: ctx.style(s.body * 1.15, true, s.text),
        link: None,
    };
    for line in ctx.set(&[name], text_width, Align::Left, &card.origin)? {
        push_line(
            &mut text,
            line,
            Abs::ZERO,
            ctx.pitch(s.body * 1.15, DISPLAY_LEADING),
            TextRole::Heading(3),
        );
    }
    let role = Run {
        text: card.role.clone(),
        style: ctx.style(s.small, false, s.accent),
        link: None,
    };
    for line in ctx.set(&[role], text_width, Align::Left, &card.origin)? {
        push_line(
            &mut text,
            line,
            Abs::ZERO,
            ctx.pitch(s.small, SMALL_LEADING),
            TextRole::Body,
        );
    }
    text.height += Abs::mm(1.5);
    let bio = runs_of(ctx, &card.bio, ctx.style(s.body, false, s.text));
    for line in ctx.set(&bio, text_width, Align::Justify, &card.origin)? {
        push_line(
            &mut text,
            line,
            Abs::ZERO,
            ctx.pitch(s.body, s.leading),
            TextRole::Body,
        );
    }
    let mut chunk = Chunk {
        space_before: Abs::mm(5.0),
        anchor: Some((card.name.clone(), 2)),
        ..Chunk::default()
    };
    chunk.items.push(Item::Image {
        rect: Rect::new(Abs::ZERO, Abs::ZERO, photo_width, photo_height),
        photo: PhotoRef {
            data: card.photo.data.clone(),
            width: card.photo.width,
            height: card.photo.height,
            alt: card.alt.clone(),
            path: card.photo.path.clone(),
            components: card.photo.components,
        },
    });
    chunk.height = photo_height.max(text.height);
    append_at(&mut chunk, text, photo_width + gap, Abs::ZERO);
    Ok(chunk)
}

fn figures_chunk(ctx: &Ctx, items: &[(String, String)], origin: &Origin) -> StrResult<Chunk> {
    let s = ctx.style;
    let columns = s.figure_columns.min(items.len().max(1));
    let pad = Abs::mm(4.0);
    let gap = Abs::mm(4.0);
    let cell_width = (ctx.width - pad * 2.0 - gap * (columns as f64 - 1.0)) / columns as f64;
    let mut chunk = Chunk {
        space_before: Abs::mm(3.0),
        ..Chunk::default()
    };
    let mut y = pad;
    for row in items.chunks(columns) {
        let mut row_height = Abs::ZERO;
        for (c, (value, label)) in row.iter().enumerate() {
            let mut cell = Chunk::default();
            // A figure is read at a glance: it stays on one line, set smaller if the cell is narrow.
            let mut value = Run {
                text: value.clone(),
                style: ctx.style(s.figure, true, s.accent),
                link: None,
            };
            let natural = text::measure(
                ctx.book,
                &s.fonts,
                &ctx.doc.lang,
                std::slice::from_ref(&value),
                origin,
            )?;
            if !natural.fits_in(cell_width) {
                value.style.size = s.figure * (cell_width / natural).max(MIN_FIGURE_SCALE);
            }
            for line in ctx.set(&[value], cell_width, Align::Left, origin)? {
                push_line(
                    &mut cell,
                    line,
                    Abs::ZERO,
                    ctx.pitch(s.figure, DISPLAY_LEADING),
                    TextRole::Body,
                );
            }
            let label = Run {
                text: label.clone(),
                style: ctx.style(s.small, false, s.text),
                link: None,
            };
            for line in ctx.set(&[label], cell_width, Align::Left, origin)? {
                push_line(
                    &mut cell,
                    line,
                    Abs::ZERO,
                    ctx.pitch(s.small, SMALL_LEADING),
                    TextRole::Body,
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

/// Cell padding of the fact table.
const CELL_PAD_X: f64 = 2.0;
const CELL_PAD_Y: f64 = 1.6;

fn table_chunks(ctx: &Ctx, table: &Table, out: &mut Vec<Chunk>) -> StrResult<()> {
    let s = ctx.style;
    let widths: Vec<Abs> = table.columns.iter().map(|(_, w)| ctx.width * *w).collect();
    let caption_chunk = |text: &str| -> StrResult<Chunk> {
        let run = Run {
            text: text.to_string(),
            style: ctx.style(s.heading, true, s.accent),
            link: None,
        };
        let lines = ctx.set(&[run], ctx.width, Align::Left, &table.origin)?;
        let mut chunk = stack(ctx, lines, DISPLAY_LEADING, Abs::ZERO, TextRole::Heading(2));
        chunk.height += Abs::mm(1.5);
        Ok(chunk)
    };
    let header_cells: Vec<String> = table.columns.iter().map(|(l, _)| l.clone()).collect();
    let header = row_chunk(ctx, &widths, &header_cells, true, false, &table.origin)?;

    // On a continuation page: "Caption (continued)" and the header row again.
    let mut repeat = caption_chunk(&table.continued)?;
    let h = repeat.height;
    append(&mut repeat, header.clone(), h);
    repeat.height += header.height;
    let repeat = Arc::new(repeat);

    let mut caption = caption_chunk(&table.caption)?;
    caption.space_before = s.body * 2.0;
    caption.keep_with_next = true;
    caption.anchor = Some((table.caption.clone(), 1));
    out.push(caption);
    let mut header = header;
    header.keep_with_next = true;
    out.push(header);
    for (r, row) in table.rows.iter().enumerate() {
        let mut chunk = row_chunk(ctx, &widths, row, false, r % 2 == 1, &table.origin)?;
        chunk.repeat_header = Some(repeat.clone());
        out.push(chunk);
    }
    Ok(())
}

/// One table row: cells grow to fit their text, the row takes the tallest cell.
fn row_chunk(
    ctx: &Ctx,
    widths: &[Abs],
    cells: &[String],
    header: bool,
    shaded: bool,
    origin: &Origin,
) -> StrResult<Chunk> {
    let s = ctx.style;
    let (pad_x, pad_y) = (Abs::mm(CELL_PAD_X), Abs::mm(CELL_PAD_Y));
    let colour = if header { Cmyk::WHITE } else { s.text };
    let mut cells_laid = vec![];
    let mut height = Abs::ZERO;
    for (cell, width) in cells.iter().zip(widths) {
        let run = Run {
            text: cell.clone(),
            style: ctx.style(s.small, header, colour),
            link: None,
        };
        let lines = ctx.set(&[run], *width - pad_x * 2.0, Align::Left, origin)?;
        let laid = stack(
            ctx,
            lines,
            SMALL_LEADING,
            Abs::ZERO,
            if header {
                TextRole::Heading(4)
            } else {
                TextRole::Body
            },
        );
        height = height.max(laid.height);
        cells_laid.push(laid);
    }
    let mut chunk = Chunk {
        height: height + pad_y * 2.0,
        ..Chunk::default()
    };
    let total: Abs = widths.iter().copied().sum();
    if header || shaded {
        chunk.items.push(Item::Fill {
            rect: Rect::new(Abs::ZERO, Abs::ZERO, total, chunk.height),
            colour: if header { s.band } else { s.tint },
        });
    }
    let mut x = Abs::ZERO;
    for (laid, width) in cells_laid.into_iter().zip(widths) {
        append_at(&mut chunk, laid, x + pad_x, pad_y);
        x += *width;
    }
    chunk.items.push(Item::Rule {
        from: Point::new(Abs::ZERO, chunk.height),
        to: Point::new(total, chunk.height),
        thickness: Abs::pt(0.5),
        colour: s.muted,
    });
    Ok(chunk)
}

fn contact_chunk(ctx: &Ctx, entry: &ContactEntry, origin: &Origin) -> StrResult<Chunk> {
    let s = ctx.style;
    let mut chunk = Chunk {
        space_before: Abs::mm(3.0),
        ..Chunk::default()
    };
    let name = Run {
        text: entry.name.clone(),
        style: ctx.style(s.body, true, s.text),
        link: None,
    };
    add_lines(
        ctx,
        &mut chunk,
        &[name],
        s.leading,
        Align::Left,
        origin,
        TextRole::Body,
    )?;
    if let Some(org) = &entry.organisation {
        let run = Run {
            text: org.clone(),
            style: ctx.style(s.body, false, s.text),
            link: None,
        };
        add_lines(
            ctx,
            &mut chunk,
            &[run],
            s.leading,
            Align::Left,
            origin,
            TextRole::Body,
        )?;
    }
    let labelled = |label: &str, value: &str, target: String| {
        vec![
            Run {
                text: format!("{label}: "),
                style: ctx.style(s.body, false, s.muted),
                link: None,
            },
            Run {
                text: value.to_string(),
                style: ctx.style(s.body, false, s.accent),
                link: Some(target),
            },
        ]
    };
    if let Some((label, email)) = &entry.email {
        add_lines(
            ctx,
            &mut chunk,
            &labelled(label, email, format!("mailto:{email}")),
            s.leading,
            Align::Left,
            origin,
            TextRole::Body,
        )?;
    }
    if let Some((label, phone)) = &entry.phone {
        let digits: String = phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        add_lines(
            ctx,
            &mut chunk,
            &labelled(label, phone, format!("tel:{digits}")),
            s.leading,
            Align::Left,
            origin,
            TextRole::Body,
        )?;
    }
    Ok(chunk)
}
