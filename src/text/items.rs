//! Paragraph text → the breaker's items: boxes for unbreakable text, glue where a line may
//! break and spread, kerns for space inside unbreakable text, penalties for hyphens and last
//! resorts.

use std::ops::Range;

use super::breaks::{self, BreakKind};
use super::kinsoku::Kinsoku;
use super::lang::Punctuation;
use super::linebreak::{DESPERATE_COST, Item};
use super::{
    Align, FontBook, Glyph, ParagraphSpec, Run, chars_around, cjk_at, glyph_before, glyphs_in,
    hyphen_glyph, spacing, track_of, width_of,
};
use crate::geom::Abs;

pub(super) fn build_items(
    book: &FontBook,
    text: &str,
    glyphs: &[Glyph],
    runs: &[Run],
    opportunities: &[breaks::Opportunity],
    spec: ParagraphSpec,
) -> Vec<Item> {
    let line_width = spec.width;
    let justified = spec.align == Align::Justify;
    let hanging = justified && spec.hanging_punctuation;
    let amount_splits = breaks::amount_split_points(text);
    let kinsoku = spec.profile.kinsoku;
    let mut items = vec![];
    // The first-line indent: a box of no text, so the first line is measured with it.
    if spec.first_line_indent > Abs::ZERO {
        items.push(Item::Box {
            range: 0..0,
            width: spec.first_line_indent,
            track: Abs::ZERO,
        });
    }
    let mut start = 0;
    // Syllable breaks inside Korean words only help a justified line that would otherwise be
    // loose; ragged text breaks between words (and splits a word only when it is too wide).
    let ends = opportunities
        .iter()
        .filter(|o| justified || !matches!(o.kind, BreakKind::Syllable | BreakKind::ScaleGroup))
        .map(|o| (o.at, Some(o.kind)))
        .chain([(text.len(), None)]);
    // Only justified lines are ever squeezed; a ragged line must fit as set.
    let shrinkable = |shrink: Abs| if justified { shrink } else { Abs::ZERO };
    for (end, kind) in ends {
        let segment = &text[start..end];
        let content_end = start + segment.trim_end().len();
        // The width a hyphen adds if the line breaks here.
        let hyphen = match kind {
            Some(BreakKind::Hyphen | BreakKind::NameHyphen) => {
                hyphen_glyph(book, glyphs, runs, end).map_or(Abs::ZERO, |h| h.advance)
            }
            _ => Abs::ZERO,
        };
        if content_end > start {
            // A syllable before a hyphen must fit with its hyphen, or be split like a long word.
            let after_syllable = if content_end == end {
                hyphen
            } else {
                Abs::ZERO
            };
            let fit = Fit {
                width: line_width - after_syllable,
                justified,
                amount_splits: &amount_splits,
                kinsoku,
                punctuation: spec.profile.punctuation,
                cjk_latin_space: spec.profile.cjk_latin_space,
                tracking: if justified { spec.tracking } else { 0.0 },
            };
            push_text(glyphs, text, runs, start..content_end, fit, &mut items);
        }
        // A stop or comma before a plain break may hang past the measure: a break that does
        // not count the mark's width.
        let hangs = hanging
            && kind == Some(BreakKind::Normal)
            && content_end == end
            && text[..end]
                .chars()
                .next_back()
                .is_some_and(|c| HANGING.contains(c));
        if hangs && let Some(mark) = glyph_before(glyphs, end) {
            items.push(Item::Penalty {
                at: end,
                width: -mark.shaped.advance,
                cost: HANG_COST,
                flagged: false,
                forced: false,
            });
        }
        // The blank after a closing or pause mark that a break here would leave at the line end.
        let end_blank = match kind {
            Some(BreakKind::Normal | BreakKind::Mandatory) | None if content_end == end => {
                glyph_before(glyphs, end)
                    .filter(|g| g.blank.trailing > Abs::ZERO)
                    .map(|g| {
                        (
                            g.blank.trailing,
                            text[g.shaped.cluster.clone()].chars().next(),
                        )
                    })
            }
            _ => None,
        };
        let punctuation = spec.profile.punctuation;
        // clreq §3.6.3, GB/T 15834: a mark at the line end is set half width, so its ink meets
        // the margin; the break drops the blank (the line is set as if the blank hung past the
        // measure), and is the only break here.
        // jlreq §3.8.3: a full stop's blank never shrinks mid-line, but at a line end it may go
        // when the line must be compressed: a second break here that drops it. It comes first,
        // so that the breaker meets it before the line is overfull; a zero kern keeps the glue
        // after it a break.
        if let (Some((blank, c)), Some(BreakKind::Normal)) = (end_blank, kind) {
            let optional =
                justified && !punctuation.full_stop_shrinks && c.is_some_and(spacing::is_full_stop);
            if punctuation.line_end_half || optional {
                items.push(Item::Penalty {
                    at: end,
                    width: -blank,
                    cost: 0,
                    flagged: false,
                    forced: false,
                });
            }
            if optional && !punctuation.line_end_half {
                items.push(Item::Kern {
                    range: end..end,
                    width: Abs::ZERO,
                    stretch: Abs::ZERO,
                    shrink: Abs::ZERO,
                });
            }
        }
        let has_space = content_end < end && !text[content_end..end].chars().all(|c| c == '\n');
        // Between a number and its unit word (6.47 billion) the penalty comes before the
        // space, so that the space is no free break of its own and vanishes with the break.
        let scale_group = kind == Some(BreakKind::ScaleGroup);
        if scale_group && has_space {
            items.push(Item::Penalty {
                at: content_end,
                width: Abs::ZERO,
                cost: SCALE_GROUP_COST,
                flagged: false,
                forced: false,
            });
        }
        if has_space {
            let width = width_of(glyphs, content_end..end);
            items.push(Item::Glue {
                range: content_end..end,
                width,
                stretch: width / 2.0,
                shrink: shrinkable(width / 3.0),
            });
        }
        match kind {
            Some(BreakKind::Mandatory) => items.push(Item::Penalty {
                at: end,
                width: Abs::ZERO,
                cost: 0,
                flagged: false,
                forced: true,
            }),
            Some(BreakKind::Hyphen) => items.push(Item::Penalty {
                at: end,
                width: hyphen,
                cost: HYPHEN_PENALTY,
                flagged: true,
                forced: false,
            }),
            Some(BreakKind::NameHyphen) => items.push(Item::Penalty {
                at: end,
                width: hyphen,
                cost: NAME_HYPHEN_PENALTY,
                flagged: true,
                forced: false,
            }),
            // Between Han or kana and Western text: a quarter em, gone when the line breaks here.
            Some(BreakKind::Normal)
                if !has_space && spec.profile.cjk_latin_space && western_at(text, end) =>
            {
                let (width, stretch, shrink) =
                    spacing::western_space(size_before(glyphs, runs, end));
                items.push(Item::Glue {
                    range: end..end,
                    width,
                    stretch,
                    shrink: shrinkable(shrink),
                })
            }
            // Between CJK characters a line may break and, when justified, spread: glue of no
            // width that stretches a quarter em (jlreq's limit for inter-character expansion).
            // Not in Korean, which spreads at spaces only: a break before ( or after / there is
            // a plain penalty, so no space appears inside a word.
            Some(BreakKind::Normal)
                if !has_space && spec.profile.inter_character_stretch && cjk_at(text, end) =>
            {
                items.push(Item::Glue {
                    range: end..end,
                    width: Abs::ZERO,
                    stretch: size_before(glyphs, runs, end) * 0.25,
                    shrink: Abs::ZERO,
                })
            }
            // Inside a URL a justified line that breaks here is set flush left, like TeX's
            // \hfil\penalty\hfilneg: stretch that only a line ending here keeps (the kern
            // after the break vanishes with it). A line of URL pieces has no spaces to spread,
            // and its neighbours should not be stretched to keep the URL whole.
            Some(BreakKind::Address) if justified => {
                let fill = |stretch: Abs| Item::Kern {
                    range: end..end,
                    width: Abs::ZERO,
                    stretch,
                    shrink: Abs::ZERO,
                };
                items.push(fill(line_width));
                items.push(Item::Penalty {
                    at: end,
                    width: Abs::ZERO,
                    cost: ADDRESS_BREAK_COST,
                    flagged: false,
                    forced: false,
                });
                items.push(fill(-line_width));
            }
            Some(BreakKind::ScaleGroup) if !has_space => items.push(Item::Penalty {
                at: end,
                width: Abs::ZERO,
                cost: SCALE_GROUP_COST,
                flagged: false,
                forced: false,
            }),
            Some(BreakKind::Syllable) => items.push(Item::Penalty {
                at: end,
                width: Abs::ZERO,
                cost: SYLLABLE_COST,
                flagged: false,
                forced: false,
            }),
            Some(BreakKind::Normal | BreakKind::Address) if !has_space => {
                items.push(Item::Penalty {
                    at: end,
                    width: Abs::ZERO,
                    cost: 0,
                    flagged: false,
                    forced: false,
                })
            }
            _ => {}
        }
        start = end;
    }
    items
}

/// The penalty of a hyphenated break: twice TeX's \hyphenpenalty 50, because Noto Sans's
/// spaces stretch less than Computer Modern's, so loose lines cost more badness here and a
/// hyphen must cost more to stay the rarer choice (tuned on tests/fixtures/prose/en.txt).
const HYPHEN_PENALTY: i32 = 100;

/// The cost of dividing a name: (10 + 1000)² demerits, more than a line at the tolerance
/// costs ((10 + 800)²), so a name is divided only to keep a line within the tolerance.
const NAME_HYPHEN_PENALTY: i32 = 1000;

/// The cost of breaking inside a URL: more than a hyphen, so a URL breaks only where keeping
/// it whole would stretch a line.
const ADDRESS_BREAK_COST: i32 = 150;

/// The cost of breaking an amount between scale groups: (10 + 100)² demerits, what a line at
/// ratio 1 (¼ em between characters) costs, so the amount splits only where keeping it whole
/// would spread a line further than that (clreq: no line letterspaced to keep one amount).
const SCALE_GROUP_COST: i32 = 100;

/// The cost of breaking a Korean word between syllables: like a hyphen (TeX's 50) and a bit
/// more, so total fit takes it only where breaking between words leaves a line loose.
const SYLLABLE_COST: i32 = 100;

/// The marks that may hang past the line end (jlreq §3.8.3: the comma and full stop classes).
const HANGING: &str = "、。，．";

/// The cost of hanging a mark: a little, so that a line hangs only where that sets it better
/// than compressing or spacing out.
const HANG_COST: i32 = 20;

/// The font size of the glyph just before byte offset `at`.
fn size_before(glyphs: &[Glyph], runs: &[Run], at: usize) -> Abs {
    glyph_before(glyphs, at).map_or(Abs::ZERO, |g| runs[g.run].style.size)
}

/// Whether Han or kana meets a Western letter or digit at byte offset `at`.
fn western_at(text: &str, at: usize) -> bool {
    matches!(chars_around(text, at), (Some(b), Some(a)) if spacing::western_boundary(b, a))
}

/// The cost of a last-resort break inside text too wide for the line: taken only because the
/// text cannot fit whole, and reported as a forced break.
const LAST_RESORT_COST: i32 = 10_000;

/// The cost of splitting an amount too wide for its line between number and unit: still a
/// forced break, but the least bad one.
pub(super) const AMOUNT_SPLIT_COST: i32 = 5_000;

/// The cost of splitting inside a number (8,00 / 0): worse than any other last resort that
/// keeps kinsoku.
const NUMBER_SPLIT_COST: i32 = 15_000;

/// What unbreakable text must fit: the measure (less a hyphen that may follow), whether its
/// kerns may shrink, and where amounts would rather be split.
#[derive(Clone, Copy)]
struct Fit<'a> {
    width: Abs,
    justified: bool,
    amount_splits: &'a [usize],
    /// A last-resort break keeps the line-start and line-end rules unless it cannot.
    kinsoku: Kinsoku,
    /// Which blanks may shrink and which are set apart at a line start.
    punctuation: Punctuation,
    /// Whether a quarter em separates Han or kana from Latin letters and digits.
    cjk_latin_space: bool,
    /// Letter-spacing a justified line may use, as a fraction of the tracked glyphs' advances.
    tracking: f64,
}

/// Pushes unbreakable text as boxes, with kerns where it holds adjustable space: a punctuation
/// mark's trailing blank (which a justified line may shrink), and the quarter em between Han or
/// kana and Western text. Text wider than the line gets a last-resort break between every two
/// clusters, so nothing overflows.
fn push_text(
    glyphs: &[Glyph],
    text: &str,
    runs: &[Run],
    range: Range<usize>,
    fit: Fit,
    items: &mut Vec<Item>,
) {
    let shrinkable = |shrink: Abs| if fit.justified { shrink } else { Abs::ZERO };
    // (offset, kern, whether its width is already in the glyph advances before it)
    let mut kerns: Vec<(usize, Item, bool)> = vec![];
    for (at, _) in text[range.clone()].char_indices().skip(1) {
        let at = range.start + at;
        if fit.cjk_latin_space && western_at(text, at) {
            let (width, stretch, shrink) = spacing::western_space(size_before(glyphs, runs, at));
            let kern = Item::Kern {
                range: at..at,
                width,
                stretch,
                shrink: shrinkable(shrink),
            };
            kerns.push((at, kern, false));
        }
    }
    for g in glyphs_in(glyphs, range.clone()) {
        let blank = g.blank.trailing;
        if blank > Abs::ZERO {
            let full_stop = text[g.shaped.cluster.clone()]
                .chars()
                .next()
                .is_some_and(spacing::is_full_stop);
            // Where every line-end mark drops its blank (line_end_half), no blank also shrinks:
            // at a line end it would be spent twice, and GB style sets marks mid-line full width.
            let shrinks =
                !fit.punctuation.line_end_half && (fit.punctuation.full_stop_shrinks || !full_stop);
            let kern = Item::Kern {
                range: g.shaped.cluster.clone(),
                width: blank,
                stretch: Abs::ZERO,
                shrink: if shrinks {
                    shrinkable(blank)
                } else {
                    Abs::ZERO
                },
            };
            kerns.push((g.shaped.cluster.end, kern, true));
        }
        // An opening bracket's blank, set apart from its glyph (see `compress_punctuation`):
        // space before it that a line start drops.
        let leading = g.blank.leading;
        if leading > Abs::ZERO && fit.punctuation.line_start_bracket_flush {
            let at = g.shaped.cluster.start;
            let kern = Item::Kern {
                range: at..at,
                width: leading,
                stretch: Abs::ZERO,
                shrink: shrinkable(leading),
            };
            kerns.push((at, kern, false));
        }
    }
    let added: Abs = kerns.iter().filter(|k| !k.2).map(|k| k.1.width()).sum();
    let split = !(width_of(glyphs, range.clone()) + added).fits_in(fit.width);
    let mut points: Vec<usize> = kerns.iter().map(|k| k.0).collect();
    // An amount too wide for the line splits between number and unit (HK$180 / million) when
    // each piece then fits; only otherwise between any two clusters (millio / n).
    // A cut after a space (HK$180 ␣million) is taken before it; the space becomes glue.
    let amount_cuts: Vec<usize> = fit
        .amount_splits
        .iter()
        .map(|&at| {
            if text[..at].ends_with(' ') {
                at - 1
            } else {
                at
            }
        })
        .filter(|&at| range.start < at && at < range.end)
        .collect();
    let pieces_fit = !amount_cuts.is_empty()
        && [range.start]
            .into_iter()
            .chain(
                amount_cuts
                    .iter()
                    .map(|&at| at + usize::from(text[at..].starts_with(' '))),
            )
            .zip(amount_cuts.iter().copied().chain([range.end]))
            .all(|(a, b)| width_of(glyphs, a..b).fits_in(fit.width));
    if split && pieces_fit {
        points.extend(amount_cuts);
    } else if split {
        points.extend(
            glyphs_in(glyphs, range.clone())
                .iter()
                .map(|g| g.shaped.cluster.start)
                .filter(|&at| range.start < at),
        );
    }
    points.sort_unstable();
    points.dedup();
    // Kerns in offset order (stable, so kerns at one offset keep their order); every kern's
    // offset is a point, so each point takes the next group: no search per point.
    kerns.sort_by_key(|k| k.0);
    let mut next_kern = 0;
    let mut from = range.start;
    for at in points {
        let group_end = next_kern + kerns[next_kern..].iter().take_while(|k| k.0 == at).count();
        let at_point = &kerns[next_kern..group_end];
        next_kern = group_end;
        if at > from {
            items.push(Item::Box {
                range: from..at,
                width: width_of(glyphs, from..at),
                track: track_of(text, glyphs, from..at, fit.tracking),
            });
            from = at;
        }
        // A mark's blank stays with it at a line end; a break goes after it, and the quarter
        // em after the break, where it vanishes with the break.
        for (_, kern, _) in at_point.iter().filter(|k| k.2) {
            if let Some(Item::Box { width, .. }) = items.last_mut() {
                *width -= kern.width();
            }
            items.push(kern.clone());
        }
        if split && range.start < at && at < range.end {
            let (before, after) = chars_around(text, at);
            let kinsoku_allows =
                matches!((before, after), (Some(b), Some(a)) if fit.kinsoku.allows_break(b, a));
            let numeric =
                |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.');
            let cost = if !kinsoku_allows {
                DESPERATE_COST
            } else if fit.amount_splits.binary_search(&at).is_ok() {
                AMOUNT_SPLIT_COST
            } else if numeric(before) && numeric(after) {
                NUMBER_SPLIT_COST
            } else {
                LAST_RESORT_COST
            };
            items.push(Item::Penalty {
                at,
                width: Abs::ZERO,
                cost,
                flagged: false,
                forced: false,
            });
            // The space between number and unit: glue that vanishes if the line breaks here.
            if pieces_fit && text[at..].starts_with(' ') {
                let space = at..at + 1;
                let width = width_of(glyphs, space.clone());
                items.push(Item::Glue {
                    range: space,
                    width,
                    stretch: width / 2.0,
                    shrink: shrinkable(width / 3.0),
                });
                from = at + 1;
            }
        }
        for (_, kern, _) in at_point.iter().filter(|k| !k.2) {
            items.push(kern.clone());
        }
    }
    if range.end > from {
        items.push(Item::Box {
            range: from..range.end,
            width: width_of(glyphs, from..range.end),
            track: track_of(text, glyphs, from..range.end, fit.tracking),
        });
    }
}
