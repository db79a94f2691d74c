//! Breaking a paragraph into lines over an item list of boxes, glue and penalties.
//!
//! The item list is the interface: [`LineBreaker`] implementations see only widths and break
//! costs, so the first-fit breaker here can be swapped for a total-fit (Knuth–Plass) one without
//! touching shaping or layout.

use std::ops::Range;

use crate::geom::Abs;

/// One element of a paragraph, in the Knuth–Plass vocabulary.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text that cannot be broken: its byte range and width.
    Box { range: Range<usize>, width: Abs },
    /// An inter-word space; a line may break at it, and then it disappears.
    Glue {
        range: Range<usize>,
        width: Abs,
        stretch: Abs,
        shrink: Abs,
    },
    /// A possible break with no space: `width` is set only if the break is taken (a hyphen),
    /// `cost` is its demerit, `forced` a hard line break.
    Penalty {
        at: usize,
        width: Abs,
        cost: i32,
        flagged: bool,
        forced: bool,
    },
}

impl Item {
    /// Width when the item is inside a line.
    pub fn width(&self) -> Abs {
        match self {
            Item::Box { width, .. } | Item::Glue { width, .. } => *width,
            Item::Penalty { .. } => Abs::ZERO,
        }
    }
}

/// A chosen break: the index of the glue or penalty item the line ends at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    /// Item index.
    pub item: usize,
}

/// Chooses where lines end.
pub trait LineBreaker {
    /// Break points for `items` set in lines of `width`; the paragraph end is implied.
    fn break_lines(&self, items: &[Item], width: Abs) -> Vec<Break>;
}

/// The cost of a hyphenation break; other breaks cost 0 and forced ones are never optional.
pub const HYPHEN_COST: i32 = 50;

/// How many hyphenated lines may follow each other; typesetting houses allow two.
pub const MAX_CONSECUTIVE_HYPHENS: usize = 2;

/// First fit: each line takes as much as fits. Before it settles on a hyphenated break it checks
/// whether the last whole-word break would still be set without stretching spaces beyond
/// [`FirstFit::max_stretch_ratio`]; if so it prefers that, trading a slightly looser line for one
/// hyphen fewer.
#[derive(Debug, Clone, Copy)]
pub struct FirstFit {
    /// The most a space may be stretched, as a multiple of its stretchability, before a
    /// hyphenated break is preferred. With stretch = ½ space, 2.0 lets a space grow to twice its
    /// width: looser than TeX's default tolerance, which a first-fit breaker needs because it
    /// cannot rebalance earlier lines.
    pub max_stretch_ratio: f64,
}

impl Default for FirstFit {
    fn default() -> Self {
        FirstFit {
            max_stretch_ratio: 2.0,
        }
    }
}

impl LineBreaker for FirstFit {
    fn break_lines(&self, items: &[Item], width: Abs) -> Vec<Break> {
        let mut breaks = vec![];
        let mut line_start = 0;
        let mut hyphens_in_row = 0;
        while line_start < items.len() {
            let mut natural = Abs::ZERO;
            let mut stretch = Abs::ZERO;
            let mut shrink = Abs::ZERO;
            // Best break so far on this line: (item, stretch ratio needed).
            let mut last_word: Option<(usize, f64)> = None;
            let mut last_hyphen: Option<usize> = None;
            let mut chosen = None;
            let mut i = line_start;
            while i < items.len() {
                match &items[i] {
                    Item::Penalty { forced: true, .. } => {
                        chosen = Some(i);
                        break;
                    }
                    Item::Penalty {
                        width: hyphen,
                        flagged,
                        ..
                    } => {
                        if (natural + *hyphen - shrink).fits_in(width) {
                            if *flagged {
                                if hyphens_in_row < MAX_CONSECUTIVE_HYPHENS {
                                    last_hyphen = Some(i);
                                }
                            } else {
                                last_word = Some((i, ratio(natural, stretch, width)));
                                last_hyphen = None;
                            }
                        }
                    }
                    Item::Glue {
                        width: w,
                        stretch: st,
                        shrink: sh,
                        ..
                    } => {
                        let after_box = i > line_start && matches!(items[i - 1], Item::Box { .. });
                        if after_box && (natural - shrink).fits_in(width) {
                            last_word = Some((i, ratio(natural, stretch, width)));
                            last_hyphen = None;
                        }
                        natural += *w;
                        stretch += *st;
                        shrink += *sh;
                    }
                    Item::Box { width: w, .. } => {
                        natural += *w;
                        if !(natural - shrink).fits_in(width) {
                            break;
                        }
                    }
                }
                i += 1;
            }
            // The rest is the paragraph's last line; it is set unjustified, so it must fit
            // without shrinking its spaces.
            let no_break_left = last_word.is_none() && last_hyphen.is_none();
            if chosen.is_none() && i >= items.len() && (natural.fits_in(width) || no_break_left) {
                break;
            }
            let chosen = chosen.unwrap_or_else(|| match (last_word, last_hyphen) {
                (Some((word, r)), Some(_)) if r <= self.max_stretch_ratio => word,
                (_, Some(hyphen)) => hyphen,
                (Some((word, _)), None) => word,
                // Nothing fits: one box is wider than the line. Layout pre-splits such boxes,
                // so break after the first box to keep going rather than loop.
                (None, None) => (line_start + 1).min(items.len() - 1),
            });
            let hyphenated = matches!(items[chosen], Item::Penalty { flagged: true, .. });
            hyphens_in_row = if hyphenated { hyphens_in_row + 1 } else { 0 };
            breaks.push(Break { item: chosen });
            line_start = chosen + 1;
        }
        breaks
    }
}

fn ratio(natural: Abs, stretch: Abs, width: Abs) -> f64 {
    let gap = width - natural;
    if gap <= Abs::ZERO {
        0.0
    } else if stretch <= Abs::ZERO {
        f64::INFINITY
    } else {
        gap / stretch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: f64) -> Item {
        Item::Box {
            range: 0..0,
            width: Abs::pt(w),
        }
    }
    fn space() -> Item {
        Item::Glue {
            range: 0..0,
            width: Abs::pt(4.0),
            stretch: Abs::pt(2.0),
            shrink: Abs::pt(1.0),
        }
    }
    fn hyphen() -> Item {
        Item::Penalty {
            at: 0,
            width: Abs::pt(3.0),
            cost: HYPHEN_COST,
            flagged: true,
            forced: false,
        }
    }

    #[test]
    fn breaks_at_last_fitting_space() {
        let items = [word(30.0), space(), word(30.0), space(), word(30.0)];
        let breaks = FirstFit::default().break_lines(&items, Abs::pt(70.0));
        assert_eq!(breaks, [Break { item: 3 }]);
    }

    #[test]
    fn prefers_word_break_when_spacing_stays_acceptable() {
        // Five words of 10 pt, then a 5 pt syllable that can take a hyphen, then a long rest.
        let mut items = vec![];
        for _ in 0..5 {
            items.extend([word(10.0), space()]);
        }
        items.extend([word(5.0), hyphen(), word(30.0)]);
        // At 80 pt the word break stretches 4 spaces (8 pt of stretch) by 14 pt: ratio 1.75.
        let breaks = FirstFit::default().break_lines(&items, Abs::pt(80.0));
        assert_eq!(breaks[0], Break { item: 9 });
        // At 85 pt the word break would need ratio 2.375: take the hyphen instead.
        let breaks = FirstFit::default().break_lines(&items, Abs::pt(85.0));
        assert_eq!(breaks[0], Break { item: 11 });
    }

    #[test]
    fn no_more_than_two_hyphenated_lines_in_a_row() {
        let mut items = vec![];
        for _ in 0..6 {
            items.extend([word(20.0), hyphen(), word(20.0), space()]);
        }
        let breaks = FirstFit::default().break_lines(&items, Abs::pt(25.0));
        let mut run = 0;
        for b in breaks {
            if matches!(items[b.item], Item::Penalty { flagged: true, .. }) {
                run += 1;
                assert!(run <= MAX_CONSECUTIVE_HYPHENS);
            } else {
                run = 0;
            }
        }
    }

    #[test]
    fn last_line_fits_without_shrinking() {
        // 30 + 4 + 30 + 4 + 30 = 98 pt; with shrink it would squeeze into 96 pt, but a last line
        // is not justified, so it must break instead.
        let items = [word(30.0), space(), word(30.0), space(), word(30.0)];
        let breaks = FirstFit::default().break_lines(&items, Abs::pt(96.0));
        assert_eq!(breaks, [Break { item: 3 }]);
    }

    #[test]
    fn forced_breaks_are_taken() {
        let items = [
            word(10.0),
            Item::Penalty {
                at: 0,
                width: Abs::ZERO,
                cost: 0,
                flagged: false,
                forced: true,
            },
            word(10.0),
        ];
        assert_eq!(
            FirstFit::default().break_lines(&items, Abs::pt(100.0)),
            [Break { item: 1 }]
        );
    }
}
