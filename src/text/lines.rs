//! Chosen breaks → lines: glyphs placed, justified from the items the breaker measured, and
//! what had to give way recorded.

use std::ops::Range;

use super::items::AMOUNT_SPLIT_COST;
use super::linebreak::{self, Item, TotalFit};
use super::{
    Align, FontBook, FontId, Glyph, GlyphRun, Hyphen, Line, ParagraphSpec, PlacedGlyph, Relaxation,
    Run, glyphs_in, hyphen_glyph, script,
};
use crate::geom::Abs;

pub(super) fn assemble(
    book: &FontBook,
    text: &str,
    glyphs: &[Glyph],
    runs: &[Run],
    items: &[Item],
    chosen: &[linebreak::Break],
    spec: ParagraphSpec,
) -> Vec<Line> {
    let mut lines = vec![];
    let mut first = 0;
    let ends = chosen.iter().map(|b| b.item).chain([items.len()]);
    let count = chosen.len() + 1;
    for (index, end) in ends.enumerate() {
        // Glue, kerns and penalties before a line's first box vanish with the break.
        let Some(offset) = items[first..end]
            .iter()
            .position(|item| matches!(item, Item::Box { .. }))
        else {
            first = end + 1;
            continue;
        };
        let line_items = &items[first + offset..end];
        let mut content = line_items.iter().filter_map(|item| match item {
            Item::Box { range, .. } => Some(range.clone()),
            _ => None,
        });
        let (Some(start), Some(stop)) = (content.clone().next(), content.next_back()) else {
            unreachable!("the line starts with a box")
        };
        let range = start.start..stop.end;
        let break_item = items.get(end);
        let hyphen = match break_item {
            Some(Item::Penalty {
                flagged: true, at, ..
            }) => hyphen_glyph(book, glyphs, runs, *at),
            _ => None,
        };
        let forced = matches!(break_item, Some(Item::Penalty { forced: true, .. }));
        // A break with negative width hangs the mark before it past the measure.
        let hang = match break_item {
            Some(Item::Penalty { width, .. }) if *width < Abs::ZERO => -*width,
            _ => Abs::ZERO,
        };
        // Last-resort breaks inside text too wide for the line are the costliest penalties.
        let split_word = matches!(
            break_item,
            Some(Item::Penalty { cost, .. }) if *cost >= AMOUNT_SPLIT_COST
        );
        let paragraph_end = index + 1 == count && count > 1 && spec.align == Align::Justify;
        let fit = LineFit {
            first: lines.is_empty(),
            last: index + 1 == count || forced,
            items: line_items,
            split_word,
            min_width: paragraph_end.then(|| spec.width * spec.last_line_min),
            hang,
        };
        lines.push(build_line(text, glyphs, runs, range, hyphen, fit, spec));
        first = end + 1;
    }
    lines
}

/// How a line was chosen: what the line builder needs to justify it and report on it.
#[derive(Debug, Clone, Copy)]
struct LineFit<'a> {
    /// The paragraph's first line.
    first: bool,
    /// The paragraph's last line (or one ended by a hard break): never justified.
    last: bool,
    /// The line's items from its first box to its break.
    items: &'a [Item],
    /// Ends inside a word that did not fit whole.
    split_word: bool,
    /// The shortest this line may be: set for the last line of a justified paragraph.
    min_width: Option<Abs>,
    /// How far the line's last mark hangs past the measure.
    hang: Abs,
}

/// Space a line adds at a byte offset, before the glyph that starts there.
struct Adjustment {
    at: usize,
    /// Space not in the glyph advances (the quarter em between Han and Western text).
    added: Abs,
    stretch: Abs,
    shrink: Abs,
}

impl Adjustment {
    /// The adjustable items of a line: the glue and kerns between its glyphs.
    fn of(items: &[Item]) -> Vec<Adjustment> {
        let mut adjustments: Vec<Adjustment> = items
            .iter()
            .filter_map(|item| match item {
                Item::Glue {
                    range,
                    width,
                    stretch,
                    shrink,
                }
                | Item::Kern {
                    range,
                    width,
                    stretch,
                    shrink,
                } => Some(Adjustment {
                    at: range.end,
                    // An empty range is space between glyphs; otherwise the glyphs carry it.
                    added: if range.is_empty() { *width } else { Abs::ZERO },
                    stretch: *stretch,
                    shrink: *shrink,
                }),
                _ => None,
            })
            .collect();
        adjustments.sort_by_key(|a| a.at);
        adjustments
    }

    /// The space it adds on a line set at adjustment ratio `ratio`.
    fn amount(&self, ratio: f64) -> Abs {
        let adjust = if ratio >= 0.0 {
            self.stretch * ratio
        } else {
            self.shrink * ratio
        };
        self.added + adjust
    }
}

fn build_line(
    text: &str,
    glyphs: &[Glyph],
    runs: &[Run],
    range: Range<usize>,
    hyphen: Option<Hyphen>,
    fit: LineFit,
    spec: ParagraphSpec,
) -> Line {
    // (font, run, glyph, its cluster; usize::MAX for an inserted hyphen)
    let mut placed: Vec<(FontId, usize, PlacedGlyph, Range<usize>)> =
        glyphs_in(glyphs, range.clone())
            .iter()
            .map(|g| {
                let pg = PlacedGlyph {
                    id: g.shaped.id,
                    x: Abs::ZERO,
                    advance: g.shaped.advance,
                    dx: g.shaped.dx,
                    dy: g.shaped.dy,
                    text: 0..0,
                };
                let cluster = g.shaped.cluster.start..g.shaped.cluster.end.min(range.end);
                (g.font, g.run, pg, cluster)
            })
            .collect();
    let hyphenated = hyphen.is_some();
    if let Some(Hyphen {
        font,
        run,
        glyph,
        advance,
    }) = hyphen
    {
        let pg = PlacedGlyph {
            id: glyph,
            x: Abs::ZERO,
            advance,
            dx: Abs::ZERO,
            dy: Abs::ZERO,
            text: 0..0,
        };
        // An inserted hyphen copies out as U+00AD SOFT HYPHEN (ISO 32000 §14.8.2.2.3), so
        // text extraction can tell it from a hyphen that belongs to the word.
        placed.push((font, run, pg, usize::MAX..usize::MAX));
    }

    let adjustments = Adjustment::of(fit.items);
    // The first-line indent, a box of no text at the paragraph start (items.rs).
    let indent = match fit.items.first() {
        Some(Item::Box { range, width, .. }) if fit.first && range.is_empty() => *width,
        _ => Abs::ZERO,
    };
    let natural = indent
        + placed.iter().map(|p| p.2.advance).sum::<Abs>()
        + adjustments.iter().map(|a| a.added).sum::<Abs>();
    let stretch: Abs = adjustments.iter().map(|a| a.stretch).sum();
    let shrink: Abs = adjustments.iter().map(|a| a.shrink).sum();
    let justified = spec.align == Align::Justify && !fit.last;
    // Letter-spacing goes into the gaps between clusters, each gap's share in proportion to
    // the advance of the tracked cluster before it (never between a base and its marks); the
    // line's last cluster has no gap after it, so the right edge stays on the margin.
    let mut weights = vec![Abs::ZERO; placed.len()];
    let capacity: Abs = fit.items.iter().map(Item::track).sum();
    if justified && capacity > Abs::ZERO {
        let mut cluster = Abs::ZERO;
        for i in 0..placed.len() {
            let (_, _, glyph, range) = &placed[i];
            let tracked = range.start != usize::MAX
                && text[range.clone()]
                    .chars()
                    .next()
                    .is_some_and(script::tracks);
            if tracked {
                cluster += glyph.advance;
            }
            let cluster_ends = placed.get(i + 1).is_none_or(|n| n.3.start != range.start);
            if cluster_ends {
                weights[i] = cluster;
                cluster = Abs::ZERO;
            }
        }
        if let Some(last) = weights.last_mut() {
            *last = Abs::ZERO;
        }
    }
    let spread: Abs = weights.iter().copied().sum();
    let capacity = if spread > Abs::ZERO {
        capacity
    } else {
        Abs::ZERO
    };
    // A hanging mark is set past the measure, so the line fills the measure plus the mark.
    let measure = spec.width + fit.hang;
    let fill = match justified {
        true => linebreak::fill(measure - natural, stretch, shrink, capacity),
        false => linebreak::fill(Abs::ZERO, stretch, shrink, capacity),
    };
    // Nothing to stretch leaves the line short; a line that cannot shrink enough is overfull.
    let ratio = if fill.ratio.is_finite() {
        fill.ratio.max(-1.0)
    } else {
        0.0
    };
    let per_weight = if spread > Abs::ZERO {
        fill.tracking / spread
    } else {
        0.0
    };
    // Place glyphs left to right, adding each adjustment before the glyph at its offset.
    let mut x = indent;
    let mut pending = adjustments.iter().peekable();
    for (p, weight) in placed.iter_mut().zip(&weights) {
        while let Some(a) = pending.next_if(|a| a.at <= p.3.start) {
            x += a.amount(ratio);
        }
        p.2.x = x;
        x += p.2.advance + *weight * per_weight;
    }
    x += pending.map(|a| a.amount(ratio)).sum::<Abs>();
    let shift = match spec.align {
        Align::Left | Align::Justify => Abs::ZERO,
        Align::Center => (spec.width - x) / 2.0,
        Align::Right => spec.width - x,
    };
    for p in &mut placed {
        p.2.x += shift;
    }
    let width = x + shift;

    let mut out: Vec<GlyphRun> = vec![];
    let mut previous_cluster: Option<Range<usize>> = None;
    for (font, run, mut glyph, cluster) in placed {
        let source = if cluster.start == usize::MAX {
            "\u{AD}"
        } else {
            &text[cluster.clone()]
        };
        let same_run = out.last().is_some_and(|r: &GlyphRun| {
            r.font == font
                && r.style == runs[run].style
                && r.link == runs[run].link
                && r.lang == runs[run].lang
        });
        if !same_run {
            out.push(GlyphRun {
                font,
                style: runs[run].style,
                link: runs[run].link.clone(),
                lang: runs[run].lang.clone(),
                text: String::new(),
                glyphs: vec![],
            });
            previous_cluster = None;
        }
        let current = out.last_mut().expect("a run was pushed above");
        // Glyphs of one cluster (a decomposed character, a mark) share its text once.
        match (&previous_cluster, current.glyphs.last()) {
            (Some(prev), Some(last)) if *prev == cluster => glyph.text = last.text.clone(),
            _ => {
                let start = current.text.len();
                current.text.push_str(source);
                glyph.text = start..current.text.len();
            }
        }
        previous_cluster = Some(cluster);
        current.glyphs.push(glyph);
    }
    let size = out.iter().map(|r| r.style.size).fold(Abs::ZERO, Abs::max);
    let mut relaxed = vec![];
    if ratio > TotalFit::default().tolerance {
        relaxed.push(Relaxation::EmergencyStretch);
    }
    if fit.split_word {
        relaxed.push(Relaxation::ForcedBreak);
    }
    if !width.fits_in(measure + Abs::pt(0.01)) {
        relaxed.push(Relaxation::Overfull);
    }
    if fit.min_width.is_some_and(|min| width < min) {
        relaxed.push(Relaxation::ShortLastLine);
    }
    Line {
        runs: out,
        width,
        size,
        hyphenated,
        ratio,
        tracking: if capacity > Abs::ZERO {
            fill.tracking / capacity * spec.tracking
        } else {
            0.0
        },
        relaxed,
        hang: fit.hang,
        first: fit.first,
        last: fit.last,
    }
}
