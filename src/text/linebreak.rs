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
    /// Text that cannot be broken: its byte range, width, and how much letter-spacing may
    /// widen or narrow it in a justified line (`track`, the same both ways; see [`fill`]).
    Box {
        range: Range<usize>,
        width: Abs,
        track: Abs,
    },
    /// An inter-word space; a line may break at it, and then it disappears.
    Glue {
        range: Range<usize>,
        width: Abs,
        stretch: Abs,
        shrink: Abs,
    },
    /// Space inside unbreakable text (the blank of a punctuation mark, the quarter em between
    /// Han and Latin): it stretches and shrinks with the line but is never a break. An empty
    /// `range` means the space is added between glyphs; otherwise it is part of their advances.
    Kern {
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
            Item::Box { width, .. } | Item::Glue { width, .. } | Item::Kern { width, .. } => *width,
            Item::Penalty { .. } => Abs::ZERO,
        }
    }

    /// How much the item may stretch (glue and kerns).
    pub fn stretch(&self) -> Abs {
        match self {
            Item::Glue { stretch, .. } | Item::Kern { stretch, .. } => *stretch,
            _ => Abs::ZERO,
        }
    }

    /// How much the item may shrink (glue and kerns).
    pub fn shrink(&self) -> Abs {
        match self {
            Item::Glue { shrink, .. } | Item::Kern { shrink, .. } => *shrink,
            _ => Abs::ZERO,
        }
    }

    /// How much letter-spacing may widen or narrow the item (boxes of tracked text).
    pub fn track(&self) -> Abs {
        match self {
            Item::Box { track, .. } => *track,
            _ => Abs::ZERO,
        }
    }
}

/// The adjustment ratio up to which a justified line's word spaces take its whole adjustment
/// before letter-spacing helps: ratio 1, spaces at 150 % or 67 % of their width (Noto Sans's
/// 0.26 em space stretches by half and shrinks by a third). Lines within it, most lines, are
/// set exactly as without letter-spacing; InDesign's composer likewise keeps to its word
/// spacing range before it uses letter spacing, and exceeds the word spacing maximum last.
pub const SPACES_FIRST: f64 = 1.0;

/// What letter-spacing at its bound adds to a line's looseness for its badness, in units of
/// the spaces' ratio: a line whose spaces sit at [`SPACES_FIRST`] and whose letters are spread
/// by the whole bound costs as much as spaces at ratio 1.25 alone. Low, so that letter-spacing
/// is preferred to a hyphen or to spaces beyond their range, and not zero, so that the breaker
/// still prefers the line that needs less of it. Measured on tests/fixtures/prose/en.txt at
/// 38-48 em (362 lines): 0, 0.25 and 0.5 all leave 1 hyphen there (16 without letter-spacing)
/// and letter-space 76, 69 and 66 lines, with 20, 15 and 12 lines beyond ratio 1.
pub const TRACKING_LOOSENESS: f64 = 0.25;

/// How a justified line takes up the difference between its natural width and the measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    /// The word spaces' (and other glue's) adjustment ratio: positive stretches by that many
    /// times their stretch, negative shrinks; beyond -1 the line is overfull, infinite when
    /// it has nothing left to stretch.
    pub ratio: f64,
    /// Letter-spacing in all across the line: positive spreads, negative tightens.
    pub tracking: Abs,
    /// How loose or tight the line looks, as a ratio: what its badness and fitness class are
    /// computed from. The spaces' ratio while letter-spacing is not used.
    pub looseness: f64,
}

/// Divides a line's adjustment `gap` (measure less natural width) between its glue (`stretch`
/// or `shrink` at ratio 1) and letter-spacing (at most `track` either way): the glue takes it
/// up to [`SPACES_FIRST`], letter-spacing the part beyond up to its bound, and the glue the
/// rest. The breaker and the line builder both call this, so a line is set at exactly the
/// width the breaker measured. With `track` zero it is the plain Knuth–Plass ratio.
pub fn fill(gap: Abs, stretch: Abs, shrink: Abs, track: Abs) -> Fill {
    if gap == Abs::ZERO {
        return Fill {
            ratio: 0.0,
            tracking: Abs::ZERO,
            looseness: 0.0,
        };
    }
    let (sign, need, flex) = if gap > Abs::ZERO {
        (1.0, gap, stretch)
    } else {
        (-1.0, -gap, shrink)
    };
    let normal = flex * SPACES_FIRST;
    let spaces = flex > Abs::ZERO;
    let (ratio, tracking, looseness) = if spaces && need <= normal {
        let ratio = need / flex;
        (ratio, Abs::ZERO, ratio)
    } else {
        let base = if spaces { normal } else { Abs::ZERO };
        let tracking = if track > Abs::ZERO {
            (need - base).min(track)
        } else {
            Abs::ZERO
        };
        let rest = need - tracking;
        let ratio = if spaces {
            rest / flex
        } else if rest > Abs::ZERO {
            f64::INFINITY
        } else {
            0.0
        };
        let looseness = if track == Abs::ZERO {
            ratio
        } else if sign < 0.0 && spaces {
            // Tightened letters look no better than tighter spaces: a line squeezed beyond
            // its spaces' range costs what the spaces alone would, so it is set only where
            // it saves a hyphen or a loose line that costs more.
            need / flex
        } else if tracking < track {
            let used = if spaces { SPACES_FIRST } else { 0.0 };
            used + TRACKING_LOOSENESS * (tracking / track)
        } else {
            ratio + TRACKING_LOOSENESS
        };
        (ratio, tracking, looseness)
    };
    Fill {
        ratio: sign * ratio,
        tracking: tracking * sign,
        looseness: sign * looseness,
    }
}

/// Whether a glue at `index` may be broken at: only right after text, as in TeX.
fn glue_breaks(items: &[Item], index: usize) -> bool {
    index > 0 && matches!(items[index - 1], Item::Box { .. } | Item::Kern { .. })
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

/// The cost of a hyphenation break in this module's tests; other breaks cost 0 and forced ones
/// are never optional. (Paragraphs use `items.rs`'s `HYPHEN_PENALTY`.)
#[cfg(test)]
const HYPHEN_COST: i32 = 50;

/// Breaks this costly break a typesetting rule (kinsoku) and are only for text that cannot be
/// set otherwise; first fit takes them only when nothing else fits.
pub const DESPERATE_COST: i32 = 20_000;

/// How many hyphenated lines may follow each other; typesetting houses allow two.
pub const MAX_CONSECUTIVE_HYPHENS: usize = 2;

/// First fit: each line takes as much as fits. Before it settles on a hyphenated break it checks
/// how far the last whole-word break would leave the line short of the measure; within
/// [`FirstFit::rag_zone`] it prefers that, trading a slightly deeper rag for one hyphen fewer
/// (the hyphenation zone of ragged-right setting).
#[derive(Debug, Clone, Copy)]
pub struct FirstFit {
    /// How far a line may fall short of the measure, as a fraction of it, before a hyphenated
    /// break is preferred to a whole-word one.
    pub rag_zone: f64,
}

/// The hyphenation zone of ragged text: a line may fall short of the measure by three tenths
/// before a word is hyphenated to fill it. Tuned on tests/fixtures/prose/en.txt over widths of
/// 10 to 48 em: a fifth left 10.4 % hyphenated line ends, three tenths 4.2 % (0 % from 20 em
/// on); a zone given as a fraction keeps the rag proportionate in a narrow cell.
pub const RAG_ZONE: f64 = 0.3;

impl Default for FirstFit {
    fn default() -> Self {
        FirstFit { rag_zone: RAG_ZONE }
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
            // Best break so far on this line: (item, how far it falls short of the measure).
            let mut last_word: Option<(usize, Abs)> = None;
            let mut last_hyphen: Option<usize> = None;
            // A fitting hyphen beyond the limit: a third hyphen is better than an overfull line.
            let mut extra_hyphen: Option<usize> = None;
            // A fitting break against kinsoku: better than an overfull line, worse than all else.
            let mut desperate: Option<usize> = None;
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
                        cost,
                        ..
                    } => {
                        if (natural + *hyphen - shrink).fits_in(width) {
                            if *cost >= DESPERATE_COST {
                                desperate = Some(i);
                            } else if *flagged {
                                if hyphens_in_row < MAX_CONSECUTIVE_HYPHENS {
                                    last_hyphen = Some(i);
                                } else {
                                    extra_hyphen = Some(i);
                                }
                            } else {
                                last_word = Some((i, width - natural));
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
                        let breakable = i > line_start && glue_breaks(items, i);
                        if breakable && (natural - shrink).fits_in(width) {
                            last_word = Some((i, width - natural));
                            last_hyphen = None;
                        }
                        natural += *w;
                        stretch += *st;
                        shrink += *sh;
                    }
                    Item::Kern {
                        width: w,
                        stretch: st,
                        shrink: sh,
                        ..
                    } => {
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
                (Some((word, short)), Some(_)) if short <= width * self.rag_zone => word,
                (_, Some(hyphen)) => hyphen,
                (Some((word, _)), None) => word,
                (None, None) => match extra_hyphen.or(desperate) {
                    Some(last_resort) => last_resort,
                    // Nothing fits: one cluster is wider than the line (wider text is split
                    // between clusters), so take the next place a line may end.
                    None => (line_start + 1..items.len())
                        .find(|&i| match items[i] {
                            Item::Penalty { .. } => true,
                            Item::Glue { .. } => glue_breaks(items, i),
                            _ => false,
                        })
                        .unwrap_or(items.len() - 1),
                },
            });
            let hyphenated = matches!(items[chosen], Item::Penalty { flagged: true, .. });
            hyphens_in_row = if hyphenated { hyphens_in_row + 1 } else { 0 };
            breaks.push(Break { item: chosen });
            line_start = chosen + 1;
        }
        breaks
    }
}

/// Ragged text: first fit, unless that stacks more hyphenated lines than allowed (in a narrow
/// measure where a line must otherwise overflow); then total fit with every line given the
/// measure as extra stretch, TeX's ragged right, which keeps the limit.
#[derive(Debug, Clone, Copy, Default)]
pub struct RaggedFit;

impl LineBreaker for RaggedFit {
    fn break_lines(&self, items: &[Item], width: Abs) -> Vec<Break> {
        let first = FirstFit::default().break_lines(items, width);
        if longest_hyphen_run(items, &first) <= MAX_CONSECUTIVE_HYPHENS {
            return first;
        }
        let loose = TotalFit {
            tolerance: f64::INFINITY,
            desperate: true,
            ..TotalFit::default()
        };
        loose.run(items, width, width).unwrap_or(first)
    }
}

/// Balanced breaking for headlines: the fewest lines; then the fewest costly breaks (a split
/// inside a word that is wider than the line); then lines as equal as possible, the sum of
/// squared slack with the last line counted too. A last line may not start after
/// `last_start_max` (a byte offset), which is how a headline avoids a last line of one or two
/// characters; when no breaking can keep that, it is dropped. Dynamic programming over the
/// break points; each line end looks back only over the starts whose line still fits, so the
/// work is the number of break points times those per line, linear in the text's length (a
/// headline made of one 4,000-character word has a break point between every two clusters).
#[derive(Debug, Clone, Copy, Default)]
pub struct Balanced {
    /// The latest byte offset the last line may start at, for paragraphs of two or more lines.
    pub last_start_max: Option<usize>,
}

impl LineBreaker for Balanced {
    fn break_lines(&self, items: &[Item], width: Abs) -> Vec<Break> {
        self.run(items, width, self.last_start_max)
            .or_else(|| self.run(items, width, None))
            .unwrap_or_else(|| RaggedFit.break_lines(items, width))
    }
}

impl Balanced {
    fn run(&self, items: &[Item], width: Abs, last_start_max: Option<usize>) -> Option<Vec<Break>> {
        let mut sums = vec![Abs::ZERO];
        for item in items {
            let total = *sums.last().expect("starts non-empty");
            sums.push(total + item.width());
        }
        // Where a line from item `i` on starts: its first box at or after `i`.
        let mut next_box = vec![None; items.len() + 1];
        for i in (0..items.len()).rev() {
            next_box[i] = match items[i] {
                Item::Box { .. } => Some(i),
                _ => next_box[i + 1],
            };
        }
        let first_box = |from: usize| next_box[from.min(items.len())];
        // The widest prefix up to each item: no line starting at or before `i` is narrower than
        // `sums[end] - widest[i]`, which lets the search below stop looking further back.
        let mut widest = sums.clone();
        for i in 1..widest.len() {
            widest[i] = widest[i].max(widest[i - 1]);
        }
        // forced[i]: forced breaks among items[..i], so "one in between" is a subtraction.
        let mut forced = vec![0usize];
        for item in items {
            let before = *forced.last().expect("starts non-empty");
            forced.push(before + usize::from(matches!(item, Item::Penalty { forced: true, .. })));
        }
        let breakpoints: Vec<usize> = (0..items.len())
            .filter(|&b| match items[b] {
                Item::Penalty { .. } => true,
                Item::Glue { .. } => glue_breaks(items, b),
                _ => false,
            })
            .collect();
        // Nodes: the paragraph start, each breakpoint, the paragraph end.
        let ends: Vec<usize> = breakpoints.iter().copied().chain([items.len()]).collect();
        // best[k]: (lines, cost, slack², previous node) for a line ending at ends[k];
        // node `None` is the paragraph start.
        type Best = (usize, i64, f64, Option<usize>);
        let mut best: Vec<Option<Best>> = vec![None; ends.len()];
        for (k, &end) in ends.iter().enumerate() {
            let last = end == items.len();
            let (extra, cost) = match items.get(end) {
                Some(Item::Penalty { width, cost, .. }) => (*width, i64::from(*cost.max(&0))),
                _ => (Abs::ZERO, 0),
            };
            // The starts worth trying: walking back from the nearest, stop at the first whose
            // line cannot fit (nor can any before it) or spans a forced break. They are then
            // tried in paragraph order, which decides ties as trying every start would.
            let reaches = |start: Option<usize>| {
                let from = start.map_or(0, |j| ends[j] + 1);
                let line_start = first_box(from).unwrap_or(items.len()).min(end);
                forced[end] == forced[from.min(end)]
                    && (sums[end] - widest[line_start] + extra).fits_in(width)
            };
            let mut earliest = k;
            while earliest > 0 && reaches(Some(earliest - 1)) {
                earliest -= 1;
            }
            let from_start = (earliest == 0 && reaches(None)).then_some(None);
            let starts = from_start.into_iter().chain((earliest..k).map(Some));
            for start in starts {
                let (lines, cost_before, slack_before) = match start {
                    None => (0, 0, 0.0),
                    Some(j) => match best[j] {
                        Some((l, c, s, _)) => (l, c, s),
                        None => continue,
                    },
                };
                // A forced break in between ends every line that would span it.
                let from = start.map_or(0, |j| ends[j] + 1);
                if items[from..end.min(items.len())]
                    .iter()
                    .any(|i| matches!(i, Item::Penalty { forced: true, .. }))
                {
                    continue;
                }
                let Some(line_start) = first_box(from).filter(|&i| i < end) else {
                    continue;
                };
                let natural = sums[end] - sums[line_start] + extra;
                if !natural.fits_in(width) {
                    continue;
                }
                if last && start.is_some() {
                    let Item::Box { range, .. } = &items[line_start] else {
                        unreachable!("first_box finds boxes")
                    };
                    if last_start_max.is_some_and(|max| range.start > max) {
                        continue;
                    }
                }
                let slack = (width - natural).to_pt();
                let candidate = (
                    lines + 1,
                    cost_before + cost,
                    slack_before + slack * slack,
                    start,
                );
                let better = best[k].is_none_or(|(l, c, s, _)| {
                    (candidate.0, candidate.1) < (l, c)
                        || ((candidate.0, candidate.1) == (l, c) && candidate.2 < s)
                });
                if better {
                    best[k] = Some(candidate);
                }
            }
        }
        let mut breaks = vec![];
        let mut node = best[ends.len() - 1]?.3;
        while let Some(k) = node {
            breaks.push(Break { item: ends[k] });
            node = best[k].expect("reached through a solution").3;
        }
        breaks.reverse();
        Some(breaks)
    }
}

/// The most consecutive breaks at hyphens.
fn longest_hyphen_run(items: &[Item], breaks: &[Break]) -> usize {
    let (mut run, mut longest) = (0, 0);
    for b in breaks {
        run = match items[b.item] {
            Item::Penalty { flagged: true, .. } => run + 1,
            _ => 0,
        };
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: f64) -> Item {
        Item::Box {
            range: 0..0,
            width: Abs::pt(w),
            track: Abs::ZERO,
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
    fn prefers_word_break_when_the_rag_stays_within_its_zone() {
        // Five words of 10 pt, then a 5 pt syllable that can take a hyphen, then a long rest.
        let mut items = vec![];
        for _ in 0..5 {
            items.extend([word(10.0), space()]);
        }
        items.extend([word(5.0), hyphen(), word(30.0)]);
        // The five words take 66 pt. At 80 pt the word break falls 14 pt (17.5 %) short,
        // within the rag zone: keep the word whole.
        let breaks = FirstFit::default().break_lines(&items, Abs::pt(80.0));
        assert_eq!(breaks[0], Break { item: 9 });
        // At 100 pt it would fall 34 pt (34 %) short: take the hyphen instead.
        let breaks = FirstFit::default().break_lines(&items, Abs::pt(100.0));
        assert_eq!(breaks[0], Break { item: 11 });
    }

    #[test]
    fn no_more_than_two_hyphenated_lines_in_a_row() {
        let mut items = vec![];
        for _ in 0..8 {
            items.extend([word(20.0), hyphen(), word(20.0), space()]);
        }
        let breakers: [&dyn LineBreaker; 2] = [&FirstFit::default(), &TotalFit::default()];
        for breaker in breakers {
            let mut run = 0;
            for b in breaker.break_lines(&items, Abs::pt(25.0)) {
                if matches!(items[b.item], Item::Penalty { flagged: true, .. }) {
                    run += 1;
                    assert!(run <= MAX_CONSECUTIVE_HYPHENS);
                } else {
                    run = 0;
                }
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

    /// Knuth–Plass's objective without hyphen or fitness terms: Σ (line penalty + badness)²,
    /// the last line counting as perfectly set; `None` if a line is outside [-1, tolerance].
    fn demerits(items: &[Item], breaks: &[Break], width: Abs, tolerance: f64) -> Option<f64> {
        let mut total = 0.0;
        let mut start = 0;
        let ends = breaks.iter().map(|b| b.item).chain([items.len()]);
        for (k, end) in ends.enumerate() {
            let line = &items[start..end];
            let natural: Abs = line.iter().map(Item::width).sum();
            let stretch: Abs = line.iter().map(Item::stretch).sum();
            let shrink: Abs = line.iter().map(Item::shrink).sum();
            let ratio = match k == breaks.len() {
                true => 0.0,
                false if natural > width => (width - natural) / shrink,
                false => (width - natural) / stretch,
            };
            if !(-1.0..=tolerance).contains(&ratio) {
                return None;
            }
            total += (10.0 + 100.0 * ratio.abs().powi(3)).powi(2);
            start = end + 1;
        }
        Some(total)
    }

    #[test]
    fn total_fit_minimises_demerits_where_first_fit_is_feasible() {
        // Deterministic pseudo-random paragraphs (a linear congruential generator).
        let mut seed: u64 = 7;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % 30 + 10
        };
        let breaker = TotalFit {
            fitness_demerits: 0.0,
            ..TotalFit::default()
        };
        let width = Abs::pt(300.0);
        let (mut compared, mut better) = (0, 0);
        for _ in 0..60 {
            let mut items = vec![];
            for k in 0..40 {
                if k > 0 {
                    items.push(space());
                }
                items.push(word(next() as f64));
            }
            let first = FirstFit::default().break_lines(&items, width);
            let total = breaker.break_lines(&items, width);
            let Some(first) = demerits(&items, &first, width, breaker.tolerance) else {
                continue;
            };
            let total = demerits(&items, &total, width, breaker.tolerance)
                .expect("total fit stays within tolerance");
            compared += 1;
            assert!(
                total <= first + 1e-6,
                "total fit {total} worse than first fit {first}"
            );
            if total < first - 1e-6 {
                better += 1;
            }
        }
        assert!(
            compared >= 10 && better > 0,
            "compared {compared}, better {better}"
        );
    }

    #[test]
    fn total_fit_avoids_a_short_last_line_when_asked() {
        // Nine 20 pt words in 100 pt lines: 4 + 4 + 1 sets the two full lines tightest, so
        // plain total fit leaves one word on the last line; 3 + 3 + 3 needs looser spaces
        // (ratio 1.6) and is what the rule asks for.
        let loose_space = Item::Glue {
            range: 0..0,
            width: Abs::pt(4.0),
            stretch: Abs::pt(10.0),
            shrink: Abs::pt(1.0),
        };
        let mut items = vec![];
        for k in 0..9 {
            if k > 0 {
                items.push(loose_space.clone());
            }
            items.push(word(20.0));
        }
        let width = Abs::pt(100.0);
        let last_line = |breaks: &[Break]| -> Abs {
            let start = breaks.last().map_or(0, |b| b.item + 1);
            items[start..].iter().map(Item::width).sum()
        };
        let plain = TotalFit::default().break_lines(&items, width);
        assert!(last_line(&plain) < width * 0.3, "{plain:?}");
        let ruled = TotalFit {
            last_line_min: 0.3,
            ..TotalFit::default()
        }
        .break_lines(&items, width);
        assert!(last_line(&ruled) >= width * 0.3, "{ruled:?}");
    }

    #[test]
    fn spaces_take_the_adjustment_before_letter_spacing() {
        let (stretch, shrink, track) = (Abs::pt(10.0), Abs::pt(5.0), Abs::pt(4.0));
        let at = |gap: f64, track: Abs| {
            let f = fill(Abs::pt(gap), stretch, shrink, track);
            (
                (f.ratio * 1e6).round() / 1e6,
                f.tracking.to_pt(),
                (f.looseness * 1e6).round() / 1e6,
            )
        };
        // Within the spaces' normal range the line is set as without letter-spacing.
        assert_eq!(at(6.0, track), (0.6, 0.0, 0.6));
        assert_eq!(at(-3.0, track), (-0.6, 0.0, -0.6));
        // Beyond it, letter-spacing takes the excess, up to its bound.
        assert_eq!(at(12.0, track), (1.0, 2.0, 1.0 + TRACKING_LOOSENESS / 2.0));
        // Tightened letters are priced as if the spaces had taken it all (7 / 5).
        assert_eq!(at(-7.0, track), (-1.0, -2.0, -1.4));
        // Beyond both, the spaces take the rest; shrinking past -1 stays overfull.
        assert_eq!(at(20.0, track), (1.6, 4.0, 1.6 + TRACKING_LOOSENESS));
        assert_eq!(at(-10.0, track).0, -1.2);
        // With no bound it is the Knuth–Plass ratio.
        assert_eq!(at(20.0, Abs::ZERO), (2.0, 0.0, 2.0));
        // A line with no spaces may still be letter-spaced within the bound.
        let f = fill(Abs::pt(3.0), Abs::ZERO, Abs::ZERO, track);
        assert_eq!((f.ratio, f.tracking), (0.0, Abs::pt(3.0)));
        let f = fill(Abs::pt(5.0), Abs::ZERO, Abs::ZERO, track);
        assert_eq!(f.ratio, f64::INFINITY);
    }

    #[test]
    fn letter_spacing_lets_total_fit_avoid_a_loose_line() {
        // Two 45.5 pt words and a 4 pt space (stretch 2) in a 100 pt line: the space alone
        // would need ratio 2.5, beyond the tolerance; 2 % of the words' width (1.82 pt) leaves
        // it at 1.59, so the line is feasible without emergency stretch.
        let tracked = |w: f64| Item::Box {
            range: 0..0,
            width: Abs::pt(w),
            track: Abs::pt(w * 0.02),
        };
        let items = [
            tracked(45.5),
            space(),
            tracked(45.5),
            space(),
            tracked(45.5),
        ];
        let breaker = TotalFit::default();
        let width = Abs::pt(100.0);
        assert!(breaker.run(&items, width, Abs::ZERO).is_some());
        let plain = [word(45.5), space(), word(45.5), space(), word(45.5)];
        assert!(breaker.run(&plain, width, Abs::ZERO).is_none());
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

/// Total fit (Knuth & Plass, "Breaking paragraphs into lines", 1981): chooses the breaks that
/// minimise the paragraph's total demerits, so a loose line early on can be avoided by a slightly
/// tighter one later. It gives up the speed of first fit (it keeps a list of active breakpoints)
/// for evenly spaced lines. Hard rules: no line stretched beyond `tolerance`, at most
/// [`MAX_CONSECUTIVE_HYPHENS`] hyphenated lines in a row. When no break sequence meets them it
/// retries with emergency stretch, and then falls back to first fit rather than overflow.
#[derive(Debug, Clone, Copy)]
pub struct TotalFit {
    /// The largest adjustment ratio a line may have (TeX's tolerance 200 ≈ ratio 1.26).
    pub tolerance: f64,
    /// Demerits added to every line, so fewer lines win when all else is equal (TeX: 10).
    pub line_penalty: f64,
    /// Demerits for two hyphenated lines in a row (TeX: 3000).
    pub double_hyphen_demerits: f64,
    /// Demerits for adjacent lines of very different tightness (TeX: 100).
    pub fitness_demerits: f64,
    /// Demerits for hyphenating the second-last line, which leaves a word's tail alone on the
    /// last (TeX's \finalhyphendemerits: 5000).
    pub final_hyphen_demerits: f64,
    /// Extra stretch per line, as a fraction of the line width, for the emergency pass.
    pub emergency_stretch: f64,
    /// The shortest last line of a paragraph of two or more lines, as a fraction of the width;
    /// a shorter one costs [`SHORT_LAST_LINE_DEMERITS`].
    pub last_line_min: f64,
    /// Whether breaks of [`DESPERATE_COST`] (against kinsoku) may be taken at all; only the
    /// last pass allows them, so any breaking that keeps the rules, however loose, wins.
    pub desperate: bool,
}

/// Demerits of a last line shorter than [`TotalFit::last_line_min`]: more than a line at the
/// tolerance costs ((10 + 100 · 2³)² ≈ 6.6 · 10⁵), so any breaking within tolerance is
/// preferred to a stub line, and one is set only when there is no other.
pub const SHORT_LAST_LINE_DEMERITS: f64 = 1e6;

impl Default for TotalFit {
    fn default() -> Self {
        TotalFit {
            // Ratio 2 (spaces at twice their width) as the limit: CJK lines carry little stretch,
            // and the emergency pass still exists for the rare paragraph that needs more.
            tolerance: 2.0,
            line_penalty: 10.0,
            double_hyphen_demerits: 3000.0,
            fitness_demerits: 100.0,
            final_hyphen_demerits: 5000.0,
            emergency_stretch: 0.1,
            last_line_min: 0.0,
            desperate: false,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Active {
    /// Item index of the break (usize::MAX for the paragraph start).
    at: usize,
    /// Sums of width, stretch and shrink from the paragraph start to the first item of the line
    /// after this break.
    width: Abs,
    stretch: Abs,
    shrink: Abs,
    track: Abs,
    demerits: f64,
    fitness: u8,
    hyphens: usize,
    /// Index of the previous break in the `nodes` arena.
    prev: Option<usize>,
}

impl LineBreaker for TotalFit {
    fn break_lines(&self, items: &[Item], width: Abs) -> Vec<Break> {
        if let Some(breaks) = self.run(items, width, Abs::ZERO) {
            return breaks;
        }
        if let Some(breaks) = self.run(items, width, width * self.emergency_stretch) {
            return breaks;
        }
        // Last, any looseness: lines may be as loose as they must, but never overfull and never
        // more hyphens in a row than allowed. Only a paragraph with no such breaking at all
        // (a cluster wider than the line) falls through to first fit.
        let loose = TotalFit {
            tolerance: f64::INFINITY,
            desperate: true,
            ..*self
        };
        if let Some(breaks) = loose.run(items, width, width * self.emergency_stretch) {
            return breaks;
        }
        FirstFit::default().break_lines(items, width)
    }
}

impl TotalFit {
    fn run(&self, items: &[Item], width: Abs, emergency: Abs) -> Option<Vec<Break>> {
        // Prefix sums: sums[i] covers items[..i].
        let mut sums = vec![(Abs::ZERO, Abs::ZERO, Abs::ZERO, Abs::ZERO)];
        for item in items {
            let (w, st, sh, tr) = *sums.last().expect("starts non-empty");
            sums.push((
                w + item.width(),
                st + item.stretch(),
                sh + item.shrink(),
                tr + item.track(),
            ));
        }
        let after = |b: usize| -> (Abs, Abs, Abs, Abs) {
            // A line after a break starts at the next box: glue and penalties there vanish.
            let mut i = b + 1;
            while i < items.len() && !matches!(items[i], Item::Box { .. }) {
                if matches!(items[i], Item::Penalty { forced: true, .. }) && i > b {
                    break;
                }
                i += 1;
            }
            sums[i.min(items.len())]
        };
        let mut nodes: Vec<Active> = vec![Active {
            at: usize::MAX,
            width: Abs::ZERO,
            stretch: Abs::ZERO,
            shrink: Abs::ZERO,
            track: Abs::ZERO,
            demerits: 0.0,
            fitness: 1,
            hyphens: 0,
            prev: None,
        }];
        let mut active: Vec<usize> = vec![0];
        // Buffers reused at every breakpoint (a CJK paragraph has one per character): the
        // nodes that stay active, and those created here.
        let mut survivors: Vec<usize> = vec![];
        let mut created: Vec<usize> = vec![];
        // The paragraph end is a forced break whose line has unlimited stretch (TeX's \parfillskip).
        for b in (0..items.len()).chain([items.len()]) {
            let end = b == items.len();
            let (penalty_width, cost, flagged, forced) = match items.get(b) {
                None => (Abs::ZERO, 0, false, true),
                Some(Item::Penalty { cost, .. }) if *cost >= DESPERATE_COST && !self.desperate => {
                    continue;
                }
                Some(Item::Penalty {
                    width,
                    cost,
                    flagged,
                    forced,
                    ..
                }) => (*width, *cost, *flagged, *forced),
                // Glue is a breakpoint only right after a box.
                Some(Item::Glue { .. }) if glue_breaks(items, b) => (Abs::ZERO, 0, false, false),
                Some(_) => continue,
            };
            let (w_b, st_b, sh_b, tr_b) = sums[b];
            // Best predecessor per fitness class: (total demerits, node, hyphen run).
            let mut best: [Option<(f64, usize)>; 4] = [None; 4];
            survivors.clear();
            for &a in &active {
                let node = nodes[a];
                let natural = w_b - node.width + penalty_width;
                let stretch = st_b - node.stretch + emergency;
                let shrink = sh_b - node.shrink;
                let track = tr_b - node.track;
                // The last line, and a line ended by a hard break, is set at its natural width
                // (never stretched), so it must fit unshrunk and costs nothing for its gap.
                let (ratio, looseness) = if forced {
                    let ratio = if natural.fits_in(width) {
                        0.0
                    } else {
                        f64::NEG_INFINITY
                    };
                    (ratio, ratio)
                } else {
                    let fill = fill(width - natural, stretch, shrink, track);
                    (fill.ratio, fill.looseness)
                };
                // Overfull from this start: every later break is longer still, so the node retires.
                if ratio >= -1.0 {
                    survivors.push(a);
                }
                let feasible = (-1.0..=self.tolerance).contains(&ratio)
                    && !(flagged && node.hyphens >= MAX_CONSECUTIVE_HYPHENS);
                if !feasible {
                    continue;
                }
                // Badness as TeX caps it (10 000), so a line with no stretch still compares.
                let badness = (100.0 * looseness.abs().powi(3)).min(10_000.0);
                let base = self.line_penalty + badness;
                let mut demerits = match cost {
                    c if c >= 0 => (base + c as f64).powi(2),
                    c if !forced => base.powi(2) - (c as f64).powi(2),
                    _ => base.powi(2),
                };
                let fitness: u8 = match looseness {
                    r if r < -0.5 => 0,
                    r if r <= 0.5 => 1,
                    r if r <= 1.0 => 2,
                    _ => 3,
                };
                if flagged && node.hyphens > 0 {
                    demerits += self.double_hyphen_demerits;
                }
                if node.at != usize::MAX && fitness.abs_diff(node.fitness) > 1 {
                    demerits += self.fitness_demerits;
                }
                if end && node.hyphens > 0 {
                    demerits += self.final_hyphen_demerits;
                }
                let short_last =
                    end && node.at != usize::MAX && natural < width * self.last_line_min;
                if short_last {
                    demerits += SHORT_LAST_LINE_DEMERITS;
                }
                let total = node.demerits + demerits;
                if best[fitness as usize].is_none_or(|(d, _)| total < d) {
                    best[fitness as usize] = Some((total, a));
                }
            }
            let (w, st, sh, tr) = if end { sums[b] } else { after(b) };
            created.clear();
            for (fitness, choice) in best.iter().enumerate() {
                let Some((demerits, a)) = *choice else {
                    continue;
                };
                nodes.push(Active {
                    at: b,
                    width: w,
                    stretch: st,
                    shrink: sh,
                    track: tr,
                    demerits,
                    fitness: fitness as u8,
                    hyphens: if flagged { nodes[a].hyphens + 1 } else { 0 },
                    prev: Some(a),
                });
                created.push(nodes.len() - 1);
            }
            // After a forced break only lines starting there may follow.
            if forced {
                survivors.clear();
            }
            survivors.extend_from_slice(&created);
            std::mem::swap(&mut active, &mut survivors);
            if active.is_empty() {
                return None;
            }
            if end {
                let last = *active
                    .iter()
                    .min_by(|&&x, &&y| nodes[x].demerits.total_cmp(&nodes[y].demerits))
                    .expect("non-empty");
                let mut breaks = vec![];
                let mut cursor = nodes[last].prev;
                while let Some(n) = cursor {
                    if nodes[n].at != usize::MAX {
                        breaks.push(Break { item: nodes[n].at });
                    }
                    cursor = nodes[n].prev;
                }
                breaks.reverse();
                return Some(breaks);
            }
        }
        None
    }
}
