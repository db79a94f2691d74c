//! Where a line may break: UAX #14 (icu_segmenter), kinsoku on top, hyphenation inside words.

use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};
use icu_segmenter::LineSegmenter;
use icu_segmenter::options::{LineBreakOptions, LineBreakStrictness, LineBreakWordOption};

use super::lang::{LangProfile, WordBreak};
use super::script::{is_cjk, is_hangul};

/// What kind of break an opportunity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// After a space, between CJK characters, after a hyphen or slash.
    Normal,
    /// Inside a word; taking it inserts a hyphen.
    Hyphen,
    /// Inside a name (Technopole), only where nothing else keeps a justified line within the
    /// tolerance; taking it inserts a hyphen.
    NameHyphen,
    /// A hard line break.
    Mandatory,
    /// Inside a URL or e-mail address, where Chicago allows (no hyphen).
    Address,
    /// Between the scale groups of a CJK amount (1億 / 8,000万): only a justified line takes it,
    /// at a cost, where keeping the amount whole would letterspace the line.
    ScaleGroup,
    /// Between two syllables of a Korean word (klreq): no hyphen; a justified line takes it at
    /// a cost where breaking between words would leave the line loose.
    Syllable,
}

/// A byte offset in the paragraph where a new line may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opportunity {
    /// Offset of the first byte of the new line.
    pub at: usize,
    /// Its kind.
    pub kind: BreakKind,
}

/// The break opportunities of `text` under `profile`'s rules, in order; the end of the text is
/// not included.
pub fn opportunities(text: &str, profile: &LangProfile) -> Vec<Opportunity> {
    let korean = profile.word_break == WordBreak::KeepAllOrSyllable;
    let mut options = LineBreakOptions::default();
    // jlreq: Japanese is set with the strict rules (no small kana or ー at a line start).
    options.strictness = Some(if profile.strict {
        LineBreakStrictness::Strict
    } else {
        LineBreakStrictness::Normal
    });
    // Korean breaks between words, as Korean typesetters do; syllable breaks are added below
    // as a separate, costly kind.
    options.word_option = Some(if korean {
        LineBreakWordOption::KeepAll
    } else {
        LineBreakWordOption::Normal
    });
    let segmenter = LineSegmenter::new_for_non_complex_scripts(options);
    let kinsoku = profile.kinsoku;

    let mut out = vec![];
    for at in segmenter.segment_str(text) {
        if at == 0 || at >= text.len() {
            continue;
        }
        let before = text[..at].chars().next_back().expect("at > 0");
        let after = text[at..].chars().next().expect("at < len");
        if before == '\n' {
            out.push(Opportunity {
                at,
                kind: BreakKind::Mandatory,
            });
            continue;
        }
        if korean && is_hangul(before) && is_hangul(after) {
            continue;
        }
        if (is_cjk(before) || is_cjk(after) || !before.is_whitespace())
            && !kinsoku.allows_break(before, after)
        {
            continue;
        }
        out.push(Opportunity {
            at,
            kind: BreakKind::Normal,
        });
    }
    if korean {
        add_syllable_breaks(text, &mut out);
    }
    if let Some(dictionary) = profile.hyphenation.and_then(dictionary) {
        add_hyphenation(text, dictionary, &mut out);
    }
    let amounts = amount_spans(text);
    let addresses = address_spans(text);
    // Offsets strictly inside an amount or address, marked once: testing every opportunity
    // against every span was quadratic in a long paragraph.
    let mut protected = vec![false; text.len() + 1];
    for span in amounts.iter().chain(&addresses) {
        for flag in &mut protected[(span.start + 1).min(span.end)..span.end] {
            *flag = true;
        }
    }
    out.retain(|o| o.kind == BreakKind::Mandatory || !protected[o.at]);
    // Inside an amount, only between scale groups (1億 / 8,000万), as a costly kind of its own;
    // a Latin amount inside CJK text also between its number and its unit word
    // (US$6.47 / billion), or a justified line would be letterspaced to keep it whole.
    if profile.inter_character_stretch {
        let mut splits = scale_group_splits(text);
        splits.extend(latin_unit_splits(text));
        if !splits.is_empty() {
            out.extend(splits.into_iter().map(|at| Opportunity {
                at,
                kind: BreakKind::ScaleGroup,
            }));
            out.sort_by_key(|o| o.at);
            out.dedup_by_key(|o| o.at);
        }
    }
    if !addresses.is_empty() {
        out.extend(
            addresses
                .iter()
                .flat_map(|a| address_breaks(text, a.clone())),
        );
        out.sort_by_key(|o| o.at);
        out.dedup_by_key(|o| o.at);
    }
    out
}

/// Byte ranges of URLs and e-mail addresses: runs of printable ASCII with `://`, `www.` or an
/// `@` followed by a dot, without the punctuation that closes the sentence around them. Runs
/// end at any other character, so an address inside CJK text is found too.
fn address_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = vec![];
    for run in runs_of(text, |c| c.is_ascii_graphic()) {
        let start = run.start;
        let run = &text[run];
        let trimmed = run.trim_start_matches(['(', '<', '"', '\'']);
        let core = trimmed.trim_end_matches(['.', ',', ';', ':', ')', '>', '"', '\'', '!', '?']);
        let is_url = core.contains("://") || core.starts_with("www.");
        let is_email = core
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if is_url || is_email {
            let from = start + run.len() - trimmed.len();
            spans.push(from..from + core.len());
        }
    }
    spans
}

/// The byte ranges of the maximal runs of characters that satisfy `keep`.
fn runs_of(text: &str, keep: impl Fn(char) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut runs = vec![];
    let mut start = None;
    let bounds = text
        .char_indices()
        .map(|(i, c)| (i, Some(c)))
        .chain([(text.len(), None)]);
    for (i, c) in bounds {
        match (start, c.is_some_and(&keep)) {
            (None, true) => start = Some(i),
            (Some(from), false) => {
                runs.push(from..i);
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// Where a URL or address may break, never with a hyphen (Chicago Manual of Style 14.18):
/// after a colon or a double slash; before a single slash, a tilde, a period, a comma, a
/// hyphen, an underline, a question mark, a number sign or a percent sign; before or after an
/// equals sign or an ampersand; before the @ of an address. A period therefore starts the next
/// line instead of ending this one, where it would read as the end of a sentence.
fn address_breaks(text: &str, span: std::ops::Range<usize>) -> Vec<Opportunity> {
    let address = &text[span.clone()];
    let mut points = vec![];
    let chars: Vec<(usize, char)> = address.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let before = span.start + i;
        let after = before + c.len_utf8();
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|n| n.1);
        let break_before = match c {
            '/' => prev != Some('/') && next != Some('/') && prev != Some(':'),
            '~' | '.' | ',' | '-' | '_' | '?' | '#' | '%' | '=' | '&' | '@' => true,
            _ => false,
        };
        let break_after = match c {
            '/' => prev == Some('/'),
            ':' => next != Some('/'),
            '=' | '&' => true,
            _ => false,
        };
        if break_before && k > 0 {
            points.push(before);
        }
        if break_after && after < span.end {
            points.push(after);
        }
    }
    points.dedup();
    points
        .into_iter()
        .map(|at| Opportunity {
            at,
            kind: BreakKind::Address,
        })
        .collect()
}

/// Words that belong to the number before them: scale words, units and currency codes in the
/// kit languages (English, Indonesian, Vietnamese, Korean), SI units as SI style writes them
/// after a space (500 MW, 1,2 GWh, 1 TWh), and the CJK counters, scales and currencies after a
/// number.
const LATIN_UNITS: [&str; 35] = [
    "billion", "million", "thousand", "miliar", "juta", "ribu", "ha", "hectares", "hektare", "km",
    "kg", "percent", "twh", "gwh", "mwh", "kwh", "tw", "gw", "mw", "kw", "kv", "m", "cm", "mm",
    "g", "t", "l", "triệu", "tỷ", "nghìn", "ngàn", "tấn", "달러", "원", "명",
];
const CURRENCY_CODES: [&str; 6] = ["USD", "HKD", "JPY", "IDR", "EUR", "CNY"];
/// Han scales, and the Hangul ones Korean writes after digits (7000만, 64억).
const CJK_SCALES: &str = "十百千万萬億亿兆천만억조";
/// Date and time parts that more digits may follow inside one amount: 2025年11月16日, 10時30分.
const CJK_DATE_PARTS: &str = "年月時";
/// Signs between two numbers that make one: a range or standard number (15834—2011, 2020–2025)
/// and a fraction (1/72); a line never breaks at them.
const NUMBER_JOINERS: &str = "—–-/";
const CJK_UNITS: [&str; 39] = [
    "香港ドル",
    "ポイント",
    "インチ",
    "センチ",
    "ミリ",
    "キロ",
    "メートル",
    "グラム",
    "パーセント",
    "ページ",
    "日",
    "分",
    "秒",
    "歳",
    "回",
    "号",
    "級",
    "点",
    "倍",
    "行",
    "字",
    "年",
    "月",
    "時",
    "米ドル",
    "ドル",
    "港元",
    "美元",
    "港幣",
    "円",
    "元",
    "ヘクタール",
    "公頃",
    "社",
    "件",
    "個",
    "間",
    "名",
    "人",
];

/// Words after an amount that qualify it and stay with it: 500万米ドル超 (over), 100人以上.
const CJK_QUALIFIERS: [&str; 10] = [
    "以上", "以下", "未満", "余り", "前後", "程度", "超", "余", "強", "多",
];

/// Where an amount too wide for its line may be split, best first: between the number (with
/// its scale) and its unit, so 500万 / 米ドル超 and HK$10 / billion, never 500万米 / ドル; and
/// after a scale that more digits follow, so 1億 / 8,000万.
pub fn amount_split_points(text: &str) -> Vec<usize> {
    let mut points: Vec<usize> = amounts(text).into_iter().filter_map(|a| a.unit).collect();
    points.extend(scale_group_splits(text));
    points.sort_unstable();
    points
}

/// After a CJK scale that more digits follow: 1億 / 8,000万. The groups are numbers of their
/// own, so a justified line may break there rather than letterspace a whole line.
fn scale_group_splits(text: &str) -> Vec<usize> {
    text.char_indices()
        .filter_map(|(i, c)| {
            let next = i + c.len_utf8();
            let digit_follows = text[next..].starts_with(|d: char| d.is_ascii_digit());
            (CJK_SCALES.contains(c) && digit_follows).then_some(next)
        })
        .collect()
}

/// Before the unit word of an amount written with a space (6.47 billion, 20 ha): never inside
/// the number, nor between a currency sign and the number.
fn latin_unit_splits(text: &str) -> Vec<usize> {
    amounts(text)
        .into_iter()
        .filter_map(|a| a.unit)
        .filter(|&u| text[..u].ends_with(' '))
        .collect()
}

/// Byte ranges that must not be broken: a number with its scale, unit or currency
/// (`HK$10 billion`, `USD 5 juta`, `20 ha`, `100億香港ドル`, `500万米ドル超`, `150社`).
fn amount_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    amounts(text).into_iter().map(|a| a.span).collect()
}

/// An amount: its bytes, and where its unit starts if it has one.
struct Amount {
    span: std::ops::Range<usize>,
    unit: Option<usize>,
}

fn amounts(text: &str) -> Vec<Amount> {
    let bytes = text.as_bytes();
    let mut spans = vec![];
    let mut i = 0;
    while i < text.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0
                && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.' || bytes[i - 1] == b','))
        {
            i += 1;
            continue;
        }
        let mut start = i;
        let mut end = i;
        loop {
            while end < text.len()
                && (bytes[end].is_ascii_digit()
                    || ((bytes[end] == b',' || bytes[end] == b'.')
                        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
            {
                end += 1;
            }
            // 15834—2011, 1/72: the sign and the number after it belong to this one.
            let joiner = text[end..]
                .chars()
                .next()
                .filter(|c| NUMBER_JOINERS.contains(*c));
            match joiner {
                Some(j)
                    if bytes
                        .get(end + j.len_utf8())
                        .is_some_and(u8::is_ascii_digit) =>
                {
                    end += j.len_utf8();
                }
                _ => break,
            }
        }
        // A currency code with a space before the number: "USD 5".
        let before = &text[..start];
        if let Some(code) = CURRENCY_CODES
            .iter()
            .find(|c| before.ends_with(&format!("{c} ")))
        {
            start -= code.len() + 1;
        }
        // CJK scales and units directly after the number: 1億8000万香港ドル.
        let mut unit = None;
        loop {
            let rest = &text[end..];
            let digit_after = |c: char| {
                bytes
                    .get(end + c.len_utf8())
                    .is_some_and(u8::is_ascii_digit)
            };
            let chained = rest.chars().next().filter(|&c| {
                CJK_SCALES.contains(c) || (CJK_DATE_PARTS.contains(c) && digit_after(c))
            });
            if let Some(c) = chained {
                end += c.len_utf8();
                // The next group, digit separators included: 1億8,000万.
                while end < text.len()
                    && (bytes[end].is_ascii_digit()
                        || ((bytes[end] == b',' || bytes[end] == b'.')
                            && end > 0
                            && bytes[end - 1].is_ascii_digit()
                            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
                {
                    end += 1;
                }
            } else if let Some(u) = CJK_UNITS.iter().find(|u| rest.starts_with(*u)) {
                unit = Some(end);
                end += u.len();
                break;
            } else {
                break;
            }
        }
        if let Some(q) = CJK_QUALIFIERS.iter().find(|q| text[end..].starts_with(*q)) {
            unit = unit.or(Some(end));
            end += q.len();
        }
        // A Latin unit word after one space: "10 billion", "20 ha".
        let rest = &text[end..];
        if let Some(word) = rest.strip_prefix(' ') {
            let word_end = word
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(word.len());
            if LATIN_UNITS.contains(&word[..word_end].to_lowercase().as_str()) {
                unit = Some(end + 1);
                end += 1 + word_end;
            }
        }
        if end > start + 1 || start < i {
            spans.push(Amount {
                span: start..end,
                unit,
            });
        }
        i = end.max(i + 1);
    }
    spans
}

/// Adds a [`BreakKind::Syllable`] opportunity between every two Hangul syllables.
fn add_syllable_breaks(text: &str, out: &mut Vec<Opportunity>) {
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        if previous.is_some_and(is_hangul) && is_hangul(c) {
            out.push(Opportunity {
                at,
                kind: BreakKind::Syllable,
            });
        }
        previous = Some(c);
    }
    out.sort_by_key(|o| o.at);
    out.dedup_by_key(|o| o.at);
}

/// The hyphenation dictionary for a language, loaded once per process.
fn dictionary(language: Language) -> Option<&'static Standard> {
    static EN_US: OnceLock<Option<Standard>> = OnceLock::new();
    static EN_GB: OnceLock<Option<Standard>> = OnceLock::new();
    static ID: OnceLock<Option<Standard>> = OnceLock::new();
    let cell = match language {
        Language::EnglishGB => &EN_GB,
        Language::EnglishUS => &EN_US,
        Language::Indonesian => &ID,
        _ => return None,
    };
    cell.get_or_init(|| Standard::from_embedded(language).ok())
        .as_ref()
}

/// Minimum letters kept before and after a hyphen; two and three are the usual typesetting values.
const HYPHEN_MIN_LEFT: usize = 2;
const HYPHEN_MIN_RIGHT: usize = 3;

/// Adds hyphenation points inside lowercase words. Capitalised words (names), acronyms, words with
/// digits and anything that looks like an address or URL are never hyphenated.
fn add_hyphenation(text: &str, dictionary: &Standard, out: &mut Vec<Opportunity>) {
    let mut extra = vec![];
    for token in runs_of(text, |c| !c.is_whitespace()) {
        hyphenate_token(
            &text[token.clone()],
            token.start,
            dictionary,
            false,
            &mut extra,
        );
    }
    if extra.is_empty() {
        return;
    }
    out.extend(extra);
    out.sort_by_key(|o| o.at);
    out.dedup_by_key(|o| o.at);
}

/// Hyphenation points inside capitalised words (names: Technopole), for a justified paragraph
/// that cannot be set otherwise without stretching a line beyond the tolerance: a proper name
/// is better left whole (Chicago Manual of Style), but divided where a line would otherwise
/// gape. Acronyms, words with digits, addresses and URLs still never are. The unit word of a
/// Latin amount (20 hektare) is divided on the same terms.
pub fn name_hyphens(text: &str, profile: &LangProfile) -> Vec<Opportunity> {
    let patterns = profile.hyphenation.or(profile.embedded_latin_hyphenation);
    let Some(dictionary) = patterns.and_then(dictionary) else {
        return vec![];
    };
    let mut out = vec![];
    for token in runs_of(text, |c| !c.is_whitespace()) {
        hyphenate_token(
            &text[token.clone()],
            token.start,
            dictionary,
            true,
            &mut out,
        );
    }
    // A unit word written after a space (20 hektare) stays on its number's line (SI, Chicago),
    // but is an ordinary word: where the pair cannot end a line within the tolerance, the unit
    // divides (20 hek- / tare) rather than the line gapes or the number is parted from it.
    let mut units = vec![];
    for amount in amounts(text) {
        if let Some(unit) = amount.unit.filter(|&u| text[..u].ends_with(' ')) {
            hyphenate_token(
                &text[unit..amount.span.end],
                unit,
                dictionary,
                false,
                &mut units,
            );
        }
    }
    out.extend(units.into_iter().map(|o| Opportunity {
        kind: BreakKind::NameHyphen,
        ..o
    }));
    out.sort_by_key(|o| o.at);
    out
}

/// Hyphenation points of one whitespace-delimited token: inside its lowercase words, or with
/// `names` inside its capitalised ones instead.
fn hyphenate_token(
    token: &str,
    base: usize,
    dictionary: &Standard,
    names: bool,
    out: &mut Vec<Opportunity>,
) {
    if token.contains(['@', '/', ':']) || token.contains("www.") {
        return;
    }
    // Strip punctuation around the word: “start-ups,” → start-ups.
    let word_start = token
        .find(|c: char| c.is_alphabetic())
        .unwrap_or(token.len());
    let word_end = token
        .rfind(|c: char| c.is_alphabetic())
        .map_or(word_start, |i| {
            i + token[i..].chars().next().map_or(1, char::len_utf8)
        });
    // A Latin word inside CJK text runs into a Hangul particle or a Han character with no space
    // between (Storage가, Grid的): the word ends where the CJK text starts.
    let word_end = token[word_start..word_end]
        .find(is_cjk)
        .map_or(word_end, |i| word_start + i);
    if word_start >= word_end {
        return;
    }
    // Compound words break at their own hyphens already; hyphenate each part.
    let mut part_start = word_start;
    for part in token[word_start..word_end].split('-') {
        let chars = part.chars().count();
        let lowercase = |s: &str| s.chars().all(|c| c.is_alphabetic() && c.is_lowercase());
        let mut initial = part.chars();
        let capitalised = initial.next().is_some_and(char::is_uppercase)
            && lowercase(initial.as_str())
            && part.to_lowercase().len() == part.len();
        let plain = if names { capitalised } else { lowercase(part) };
        if plain && chars > HYPHEN_MIN_LEFT + HYPHEN_MIN_RIGHT {
            let mut breaks = dictionary.hyphenate(&part.to_lowercase()).breaks;
            if dictionary.language() == Language::Indonesian {
                breaks = breaks
                    .into_iter()
                    .map(|b| indonesian_syllable_break(part, b))
                    .collect();
                breaks.dedup();
            }
            // Characters before each break, counted on from the previous one (breaks ascend),
            // so a 15,000-letter word is not recounted from its start at every break.
            let (mut counted_to, mut left) = (0, 0);
            for b in breaks {
                if b < counted_to {
                    (counted_to, left) = (0, 0);
                }
                left += part[counted_to..b].chars().count();
                counted_to = b;
                let right = chars - left;
                if left >= HYPHEN_MIN_LEFT && right >= HYPHEN_MIN_RIGHT {
                    out.push(Opportunity {
                        at: base + part_start + b,
                        kind: if names {
                            BreakKind::NameHyphen
                        } else {
                            BreakKind::Hyphen
                        },
                    });
                }
            }
        }
        part_start += part.len() + 1;
    }
}

/// Indonesian syllables start with at most one consonant (or the digraphs ng, ny, sy, kh), so
/// between two consonants the break goes between them: the bundled patterns give pembe-rdayaan
/// and kece-rdasan where Indonesian has pember-dayaan and kecer-dasan.
fn indonesian_syllable_break(word: &str, at: usize) -> usize {
    let is_consonant = |c: u8| c.is_ascii_alphabetic() && !b"aeiou".contains(&c);
    let bytes = word.as_bytes();
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(&a), Some(&b)) if is_consonant(a) && is_consonant(b) => {
            let digraph = matches!(
                (a, b),
                (b'n', b'g') | (b'n', b'y') | (b's', b'y') | (b'k', b'h')
            );
            if digraph { at } else { at + 1 }
        }
        _ => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(text: &str, lang: &str) -> Vec<Opportunity> {
        opportunities(text, &LangProfile::resolve(lang))
    }

    fn breaks_between(text: &str, lang: &str, a: char, b: char) -> bool {
        ops(text, lang).iter().any(|o| {
            text[..o.at].ends_with(a) && text[o.at..].starts_with(b) && o.kind == BreakKind::Normal
        })
    }

    #[test]
    fn japanese_line_start_prohibitions_from_jlreq() {
        // Each of cl-02 … cl-11 after a kanji: no line may start with it.
        for c in
            "」』）】、。，．・：；！？ーゝ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ".chars()
        {
            let text = format!("漢字{c}漢字");
            assert!(
                !breaks_between(&text, "ja", '字', c),
                "ja: break before {c} (U+{:04X})",
                c as u32
            );
        }
    }

    #[test]
    fn japanese_line_end_prohibitions_from_jlreq() {
        for c in "「『（【〔［｛〈《".chars() {
            let text = format!("漢字{c}漢字");
            assert!(!breaks_between(&text, "ja", c, '漢'), "ja: break after {c}");
        }
    }

    #[test]
    fn ideographs_break_between_each_other() {
        assert!(breaks_between("香港科技", "ja", '港', '科'));
        assert!(breaks_between("香港科技", "zh-Hant-HK", '港', '科'));
    }

    #[test]
    fn chinese_closing_punctuation_never_starts_a_line() {
        for c in "，。、；：？！」』）》".chars() {
            let text = format!("香港{c}科技");
            assert!(
                !breaks_between(&text, "zh-Hant-HK", '港', c),
                "zh: break before {c}"
            );
        }
        for c in "「『（《".chars() {
            let text = format!("香港{c}科技");
            assert!(
                !breaks_between(&text, "zh-Hant-HK", c, '科'),
                "zh: break after {c}"
            );
        }
    }

    #[test]
    fn ellipsis_and_dash_pairs_stay_together() {
        assert!(!breaks_between("言葉……続き", "ja", '…', '…'));
        assert!(!breaks_between("言葉――続き", "ja", '―', '―'));
    }

    #[test]
    fn korean_breaks_between_words_and_marks_syllable_breaks_apart() {
        let text = "한국어 문장을 나눕니다";
        let normal: Vec<&str> = ops(text, "ko")
            .iter()
            .filter(|o| o.kind == BreakKind::Normal)
            .map(|o| &text[o.at..])
            .collect();
        assert_eq!(normal, ["문장을 나눕니다", "나눕니다"]);
        // klreq: every syllable boundary inside a word, as its own kind.
        let syllables = ops(text, "ko")
            .iter()
            .filter(|o| o.kind == BreakKind::Syllable)
            .count();
        assert_eq!(syllables, 2 + 2 + 3);
    }

    #[test]
    fn indonesian_words_are_hyphenated() {
        let text = "menyelenggarakan";
        let ops = ops(text, "id");
        let hyphens: Vec<&str> = ops
            .iter()
            .filter(|o| o.kind == BreakKind::Hyphen)
            .map(|o| &text[..o.at])
            .collect();
        assert!(!hyphens.is_empty(), "no hyphenation points in {text}");
        // Indonesian syllables: me-nye-leng-ga-ra-kan; every point must be one of them.
        for h in &hyphens {
            assert!(
                ["me", "menye", "menyeleng", "menyelengga", "menyelenggara"].contains(h),
                "bad point {h}"
            );
        }
    }

    #[test]
    fn energy_units_and_vietnamese_and_korean_amount_words_stay_with_their_number() {
        // SI (BIPM brochure §5.4.3): a space separates number and unit, and the two are not
        // parted at a line end; scale words and currencies after a space likewise.
        for (text, lang, amount) in [
            ("adds 600 MW of capacity", "en", "600 MW"),
            ("stores 1,2 GWh of energy", "vi", "1,2 GWh"),
            ("vốn 160 triệu USD", "vi", "160 triệu"),
            ("총 7000만 달러 규모", "ko", "7000만 달러"),
        ] {
            let start = text.find(amount).unwrap();
            for o in opportunities(text, &LangProfile::resolve(lang)) {
                assert!(
                    !(start < o.at && o.at < start + amount.len()),
                    "{lang}: break inside {amount}: {:?}",
                    &text[..o.at]
                );
            }
        }
    }

    #[test]
    fn digit_groups_after_a_scale_stay_in_the_amount() {
        let text = "推出1亿8,000万港元的计划";
        let amount = "1亿8,000万港元";
        let start = text.find(amount).unwrap();
        for o in ops(text, "zh-Hans") {
            // Only the costly break between scale groups, after 亿.
            if o.kind == BreakKind::ScaleGroup {
                assert_eq!(&text[..o.at], "推出1亿");
                continue;
            }
            assert!(
                !(start < o.at && o.at < start + amount.len()),
                "break inside {amount}: {:?}",
                &text[..o.at]
            );
        }
    }

    #[test]
    fn indonesian_breaks_fall_between_two_consonants() {
        let text = "pemberdayaan kecerdasan pengembangan";
        let at: Vec<&str> = ops(text, "id")
            .iter()
            .filter(|o| o.kind == BreakKind::Hyphen)
            .map(|o| &text[..o.at])
            .collect();
        // ng is one consonant: pe-ngem-bang-an.
        for good in ["pember", "pemberdayaan kecer", "pemberdayaan kecerdasan pe"] {
            assert!(at.contains(&good), "{good:?} missing from {at:?}");
        }
        for bad in ["pembe", "pemberdayaan kece", "pemberdayaan kecerdasan pen"] {
            assert!(!at.contains(&bad), "{bad:?} in {at:?}");
        }
    }

    #[test]
    fn an_english_name_inside_cjk_text_divides_before_its_particle_as_a_last_resort() {
        // Korean, Japanese and Chinese press text carries English names, often with a particle
        // or Han character attached (Storage가, Grid的). Where a justified line would otherwise
        // overstretch, the name divides at its English syllables (Merriam-Webster: stor·age,
        // Pa·cif·ic), never inside or before the CJK text.
        for (text, lang, name, after) in [
            (
                "호찌민시에서는 Pacific Grid Storage가 최대 100MW를",
                "ko",
                "Storage",
                "가",
            ),
            ("由Pacific Grid Storage负责", "zh-Hans", "Storage", "负"),
            ("Pacific Grid Storageが担う", "ja", "Storage", "が"),
        ] {
            let at = text.find(name).unwrap();
            let found = name_hyphens(text, &LangProfile::resolve(lang));
            let inside: Vec<usize> = found
                .iter()
                .filter(|o| at < o.at && o.at < at + name.len())
                .map(|o| o.at - at)
                .collect();
            assert_eq!(inside, [4], "{lang}: {found:?} (Stor-age)");
            let cjk = text.find(after).unwrap();
            assert!(
                !found.iter().any(|o| o.at >= cjk),
                "{lang}: a break in the CJK text: {found:?}"
            );
            // Ordinary setting never divides a name.
            assert!(
                !ops(text, lang)
                    .iter()
                    .any(|o| at < o.at && o.at < at + name.len()),
                "{lang}: name divided outside the last resort"
            );
        }
    }

    #[test]
    fn a_unit_word_after_a_space_hyphenates_but_stays_with_its_number() {
        // Chicago 7.40: a number stays on the line of its unit; the unit word itself is an
        // ordinary word and divides at its syllables like any other (hek-tare, hec-tares).
        for (text, lang, number, unit) in [
            (
                "kawasan seluas 20 hektare di San Tin",
                "id",
                "20",
                "hektare",
            ),
            ("a fund of 10 billion dollars", "en", "10", "billion"),
        ] {
            let unit_at = text.find(unit).unwrap();
            let number_at = text.find(number).unwrap();
            let found = ops(text, lang);
            assert!(
                !found.iter().any(|o| number_at < o.at && o.at <= unit_at),
                "{lang}: {number} split from {unit}: {found:?}"
            );
            // Only as a last resort before an overstretched line, with the names.
            let found = name_hyphens(text, &LangProfile::resolve(lang));
            assert!(
                found.iter().any(|o| o.kind == BreakKind::NameHyphen
                    && unit_at + HYPHEN_MIN_LEFT <= o.at
                    && o.at + HYPHEN_MIN_RIGHT <= unit_at + unit.len()),
                "{lang}: {unit} not hyphenated: {found:?}"
            );
        }
    }

    #[test]
    fn numbers_stay_with_their_unit_or_currency() {
        for (text, lang, whole) in [
            ("the $10 billion Research Scheme", "en", "$10 billion"),
            ("senilai HK$10 miliar untuk", "id", "HK$10 miliar"),
            ("lebih dari USD 5 juta dari", "id", "USD 5 juta"),
            ("a new 20 ha campus", "en", "20 ha"),
            ("規模の100億香港ドルの基金", "ja", "100億香港ドル"),
            ("1億8000万香港ドル規模", "ja", "1億8000万香港ドル"),
            ("逾500萬美元商業化價值", "zh-Hant-HK", "500萬美元"),
            ("150社以上が参加", "ja", "150社"),
        ] {
            let start = text.find(whole).unwrap();
            let end = start + whole.len();
            // The costly break between scale groups (1億 / 8,000万) is the only one allowed.
            let inside: Vec<usize> = ops(text, lang)
                .iter()
                .filter(|o| o.kind != BreakKind::ScaleGroup)
                .map(|o| o.at)
                .filter(|&at| start < at && at < end)
                .collect();
            assert!(
                inside.is_empty(),
                "{lang}: break inside {whole:?} at {inside:?}"
            );
        }
        // The amount still breaks from the words around it.
        assert!(
            ops("the $10 billion Research", "en")
                .iter()
                .any(|o| o.at == "the $10 billion ".len())
        );
    }

    #[test]
    fn urls_and_addresses_break_where_chicago_allows() {
        let text = "See https://www.hkstp.org/en/news?id=7&lang=ja or write to media@example.org.";
        let url = "https://www.hkstp.org/en/news?id=7&lang=ja";
        let url_start = text.find(url).unwrap();
        let inside: Vec<&str> = ops(text, "en")
            .iter()
            .filter(|o| o.at > url_start && o.at < url_start + url.len())
            .map(|o| {
                assert_eq!(o.kind, BreakKind::Address, "no hyphen inside a URL");
                &text[url_start..o.at]
            })
            .collect();
        // Chicago 14.18, typed in: after //, before . / ? and before and after = and &.
        assert_eq!(
            inside,
            [
                "https://",
                "https://www",
                "https://www.hkstp",
                "https://www.hkstp.org",
                "https://www.hkstp.org/en",
                "https://www.hkstp.org/en/news",
                "https://www.hkstp.org/en/news?id",
                "https://www.hkstp.org/en/news?id=",
                "https://www.hkstp.org/en/news?id=7",
                "https://www.hkstp.org/en/news?id=7&",
                "https://www.hkstp.org/en/news?id=7&lang",
                "https://www.hkstp.org/en/news?id=7&lang=",
            ]
        );
        let mail = text.find("media@").unwrap();
        let breaks: Vec<&str> = ops(text, "en")
            .iter()
            .filter(|o| o.at > mail)
            .map(|o| &text[mail..o.at])
            .collect();
        // Before the @ and the dot; not after the sentence's full stop: the address ends there.
        assert_eq!(breaks, ["media", "media@example"]);
        // In Japanese the address ends where the kana begin; the text around breaks as before.
        let text = "詳細はwww.hkstp.orgをご覧ください";
        let at: Vec<&str> = ops(text, "ja").iter().map(|o| &text[..o.at]).collect();
        assert!(at.contains(&"詳細はwww"), "{at:?}");
        assert!(at.contains(&"詳細はwww.hkstp.orgをご"), "{at:?}");
        assert!(!at.iter().any(|a| a.ends_with("hkst")), "{at:?}");
    }

    #[test]
    fn names_acronyms_and_addresses_are_not_hyphenated() {
        for text in [
            "Innovation",
            "INNOPOLE",
            "media@example.org",
            "https://www.hkstp.org/innovation",
        ] {
            let hyphens = ops(text, "en")
                .iter()
                .filter(|o| o.kind == BreakKind::Hyphen)
                .count();
            assert_eq!(hyphens, 0, "{text}");
        }
        let hyphens = ops("commercialisation", "en")
            .iter()
            .filter(|o| o.kind == BreakKind::Hyphen)
            .count();
        assert!(hyphens > 0);
    }
}
