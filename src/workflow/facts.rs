//! Facts a translation must carry unchanged: numbers, amounts of money with their currency and
//! magnitude, percentages, dates, web addresses and e-mail addresses, read out of one text in one
//! language and put in a form that compares across languages.
//!
//! `HK$10 billion`, `HK$10 miliar`, `100億香港ドル`, `100億港元`, `100억 홍콩달러` and
//! `10 tỷ đô la Hồng Kông` all read as 10 000 000 000 HKD. A bare `$` or `ドル`/`달러` is "some
//! dollar" and agrees with any dollar currency, because an English release often drops the `HK`
//! its translation spells out.
//!
//! What it gives up: numbers written out in words are read only up to twenty (so `nine` agrees with
//! `9`), and a figure with a unit other than money or percent is compared as a plain number.

/// One fact found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// What it is and its comparable value.
    pub value: Value,
    /// The text as written, for messages.
    pub written: String,
    /// Byte offset of its start in the text.
    pub offset: usize,
}

/// A fact's comparable value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A plain number, in thousandths (so 1.5 billion is exact).
    Number(i128),
    /// An amount of money in thousandths of a unit, with an ISO 4217 code or `$` (some dollar).
    Amount(i128, &'static str),
    /// A percentage, in thousandths of a percent.
    Percent(i128),
    /// A date; the year may be left out.
    Date {
        /// Year, when written.
        year: Option<i32>,
        /// Month 1–12.
        month: u8,
        /// Day, when written.
        day: Option<u8>,
    },
    /// A web address, without scheme, `www.` or a trailing slash, lower-case host.
    Url(String),
    /// An e-mail address, lower case.
    Email(String),
}

impl Value {
    /// Whether two values say the same thing. An amount agrees with a plain number of the same
    /// size (translations often leave a currency named once to the context), and `$` with any
    /// dollar.
    pub fn agrees(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Amount(a, x), Amount(b, y)) => a == b && currencies_agree(x, y),
            (Amount(a, _), Number(b)) | (Number(a), Amount(b, _)) => a == b,
            (
                Date {
                    year: y1,
                    month: m1,
                    day: d1,
                },
                Date {
                    year: y2,
                    month: m2,
                    day: d2,
                },
            ) => {
                m1 == m2
                    && (y1.is_none() || y2.is_none() || y1 == y2)
                    && (d1.is_none() || d2.is_none() || d1 == d2)
            }
            _ => self == other,
        }
    }

    /// Values of one class can be told apart as "this one should have been that one".
    pub fn class(&self) -> u8 {
        match self {
            Value::Number(_) | Value::Amount(..) => 0,
            Value::Percent(_) => 1,
            Value::Date { .. } => 2,
            Value::Url(_) => 3,
            Value::Email(_) => 4,
        }
    }

    /// A small whole number (0–20), which style guides spell out in words.
    pub fn small_number(&self) -> Option<usize> {
        match self {
            Value::Number(n) if *n % 1000 == 0 && (0..=20_000).contains(n) => {
                Some((*n / 1000) as usize)
            }
            _ => None,
        }
    }
}

const DOLLARS: &[&str] = &["$", "HKD", "USD", "SGD", "TWD", "AUD", "CAD", "NZD"];

fn currencies_agree(a: &str, b: &str) -> bool {
    a == b || (a == "$" && DOLLARS.contains(&b)) || (b == "$" && DOLLARS.contains(&a))
}

/// Languages writing a decimal comma and grouping thousands with a full stop.
fn decimal_comma(lang: &str) -> bool {
    let primary = lang.split('-').next().unwrap_or(lang);
    matches!(
        primary,
        "id" | "vi"
            | "de"
            | "fr"
            | "es"
            | "it"
            | "pt"
            | "nl"
            | "ru"
            | "uk"
            | "el"
            | "tr"
            | "pl"
            | "cs"
            | "sv"
            | "da"
            | "nb"
            | "fi"
            | "ro"
            | "hu"
    )
}

/// Currency written before the number, longest first.
const PREFIX_CURRENCIES: &[(&str, &str)] = &[
    ("HK$", "HKD"),
    ("US$", "USD"),
    ("NT$", "TWD"),
    ("S$", "SGD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("HKD", "HKD"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("JPY", "JPY"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("KRW", "KRW"),
    ("VND", "VND"),
    ("IDR", "IDR"),
    ("SGD", "SGD"),
    ("GBP", "GBP"),
    ("Rp", "IDR"),
    ("$", "$"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("￥", "JPY"),
    ("₩", "KRW"),
    ("₫", "VND"),
];

/// Currency written after the number (and its magnitude), longest first within a language.
const SUFFIX_CURRENCIES: &[(&str, &str)] = &[
    ("香港ドル", "HKD"),
    ("米ドル", "USD"),
    ("ドル", "$"),
    ("円", "JPY"),
    ("ユーロ", "EUR"),
    ("港元", "HKD"),
    ("港幣", "HKD"),
    ("港币", "HKD"),
    ("美元", "USD"),
    ("人民幣", "CNY"),
    ("人民币", "CNY"),
    ("日元", "JPY"),
    ("日圓", "JPY"),
    ("歐元", "EUR"),
    ("欧元", "EUR"),
    ("新台幣", "TWD"),
    ("元", "CNY"),
    ("홍콩달러", "HKD"),
    ("홍콩 달러", "HKD"),
    ("미국 달러", "USD"),
    ("미국달러", "USD"),
    ("달러", "$"),
    ("유로", "EUR"),
    ("엔", "JPY"),
    ("원", "KRW"),
    ("dolar Hong Kong", "HKD"),
    ("dolar HK", "HKD"),
    ("dolar Amerika Serikat", "USD"),
    ("dolar AS", "USD"),
    ("dolar", "$"),
    ("đô la Hồng Kông", "HKD"),
    ("đô la HK", "HKD"),
    ("đô la Mỹ", "USD"),
    ("đô la", "$"),
    ("đồng", "VND"),
    ("Hong Kong dollars", "HKD"),
    ("US dollars", "USD"),
    ("dollars", "$"),
    ("HKD", "HKD"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("JPY", "JPY"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("KRW", "KRW"),
    ("VND", "VND"),
    ("IDR", "IDR"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("yen", "JPY"),
    ("won", "KRW"),
    ("rupiah", "IDR"),
];

/// Magnitude words after a number, with a space: en, id, vi.
const MAGNITUDE_WORDS: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("ribu", 1e3),
    ("juta", 1e6),
    ("miliar", 1e9),
    ("milyar", 1e9),
    ("triliun", 1e12),
    ("nghìn tỷ", 1e12),
    ("nghìn tỉ", 1e12),
    ("nghìn", 1e3),
    ("ngàn", 1e3),
    ("triệu", 1e6),
    ("tỷ", 1e9),
    ("tỉ", 1e9),
];

/// Magnitudes written straight after the digits of an amount: `US$5M`, `$2bn`.
const MAGNITUDE_SUFFIXES: &[(&str, f64)] = &[
    ("bn", 1e9),
    ("B", 1e9),
    ("mn", 1e6),
    ("M", 1e6),
    ("m", 1e6),
    ("k", 1e3),
    ("K", 1e3),
];

/// Han and Hangul group units (ten thousand, hundred million, trillion).
fn big_unit(c: char) -> Option<f64> {
    match c {
        '万' | '萬' | '만' => Some(1e4),
        '億' | '亿' | '억' => Some(1e8),
        '兆' | '조' => Some(1e12),
        _ => None,
    }
}

/// Han and Hangul units inside a group (thousand, hundred).
fn small_unit(c: char) -> Option<f64> {
    match c {
        '千' | '천' => Some(1e3),
        '百' | '백' => Some(1e2),
        _ => None,
    }
}

const PERCENT_WORDS: &[&str] = &[
    "%",
    "％",
    "percent",
    "per cent",
    "persen",
    "パーセント",
    "퍼센트",
    "phần trăm",
];

const MONTHS_EN: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTHS_ID: &[&str] = &[
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
];

/// Numbers 0–20 written as words, in the languages presskit knows; Latin words match whole,
/// Han and Hangul words anywhere but inside a longer Han numeral (十 is not in 十二).
pub const NUMBER_WORDS: [&[&str]; 21] = [
    &["zero", "nol", "không", "〇", "零", "영"],
    &["one", "satu", "một", "一", "하나", "한"],
    &["two", "dua", "hai", "二", "两", "兩", "둘", "두"],
    &["three", "tiga", "ba", "三", "셋", "세"],
    &["four", "empat", "bốn", "四", "넷", "네"],
    &["five", "lima", "năm", "五", "다섯"],
    &["six", "enam", "sáu", "六", "여섯"],
    &["seven", "tujuh", "bảy", "七", "일곱"],
    &["eight", "delapan", "tám", "八", "여덟"],
    &["nine", "sembilan", "chín", "九", "아홉"],
    &["ten", "sepuluh", "mười", "十", "열"],
    &["eleven", "sebelas", "mười một", "十一", "열하나"],
    &["twelve", "dua belas", "mười hai", "十二", "열둘"],
    &["thirteen", "tiga belas", "mười ba", "十三", "열셋"],
    &["fourteen", "empat belas", "mười bốn", "十四", "열넷"],
    &["fifteen", "lima belas", "mười lăm", "十五", "열다섯"],
    &["sixteen", "enam belas", "mười sáu", "十六", "열여섯"],
    &["seventeen", "tujuh belas", "mười bảy", "十七", "열일곱"],
    &["eighteen", "delapan belas", "mười tám", "十八", "열여덟"],
    &["nineteen", "sembilan belas", "mười chín", "十九", "열아홉"],
    &["twenty", "dua puluh", "hai mươi", "二十", "스물"],
];

/// Han numerals, which join into one number when adjacent.
const HAN_NUMERALS: &str = "〇零一二两兩三四五六七八九十百千";

/// Whether `text` spells out the number `n` (0–20) in words.
pub fn spells_number(text: &str, n: usize) -> bool {
    let Some(words) = NUMBER_WORDS.get(n) else {
        return false;
    };
    let lower = text.to_lowercase();
    words.iter().any(|word| {
        if word.is_ascii() || word.chars().all(|c| c.is_alphabetic() && !is_cjk(c)) {
            lower
                .match_indices(word)
                .any(|(i, _)| whole_word(&lower, i, word.len()))
        } else {
            lower.match_indices(word).any(|(i, _)| {
                let joined = |c: Option<char>| c.is_some_and(|c| HAN_NUMERALS.contains(c));
                !joined(lower[..i].chars().next_back())
                    && !joined(lower[i + word.len()..].chars().next())
            })
        }
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

fn whole_word(s: &str, start: usize, len: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[start + len..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c))
        && !after.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c))
}

fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Reads every fact of `text`, written in `lang`, in order.
pub fn extract(text: &str, lang: &str) -> Vec<Fact> {
    Scanner {
        s: text,
        comma: decimal_comma(lang),
        facts: vec![],
    }
    .run()
}

struct Scanner<'a> {
    s: &'a str,
    comma: bool,
    facts: Vec<Fact>,
}

impl Scanner<'_> {
    fn run(mut self) -> Vec<Fact> {
        let mut i = 0;
        while i < self.s.len() {
            let rest = &self.s[i..];
            let c = rest.chars().next().unwrap();
            let word_start = !self.s[..i]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_alphanumeric() || p == '.' || p == '-' || p == '_');
            if word_start && let Some(end) = self.url(i) {
                i = end;
                continue;
            }
            if word_start
                && (c.is_ascii_alphanumeric())
                && let Some(end) = self.email(i)
            {
                i = end;
                continue;
            }
            if word_start
                && c.is_alphabetic()
                && let Some(end) = self.month_first_date(i)
            {
                i = end;
                continue;
            }
            if ascii_digit(c).is_some() {
                let mut before = self.s[..i].chars().rev();
                let glued = match before.next() {
                    Some(p) if p.is_ascii_alphabetic() => true,
                    // `COVID-19`, `Covid-19`: a name's number after a hyphen.
                    Some('-') => before.next().is_some_and(|p| p.is_ascii_uppercase()),
                    _ => false,
                };
                if glued {
                    // Part of a name such as `G20` or `COVID-19`'s letters: skip the token.
                    i = self.token_end(i);
                } else {
                    i = self.number(i);
                }
                continue;
            }
            i += c.len_utf8();
        }
        self.facts
    }

    fn push(&mut self, start: usize, end: usize, value: Value) {
        self.facts.push(Fact {
            value,
            written: self.s[start..end].trim().to_string(),
            offset: start,
        });
    }

    fn token_end(&self, i: usize) -> usize {
        let rest = &self.s[i..];
        i + rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len())
    }

    fn url(&mut self, i: usize) -> Option<usize> {
        let rest = &self.s[i..];
        let lower = rest.get(..8.min(rest.len()))?.to_ascii_lowercase();
        let skip = if lower.starts_with("https://") {
            8
        } else if lower.starts_with("http://") {
            7
        } else if lower.starts_with("www.") {
            0
        } else {
            return None;
        };
        let len = rest
            .find(|c: char| {
                c.is_whitespace() || is_cjk(c) || "<>\"“”「」『』（）()，。、".contains(c)
            })
            .unwrap_or(rest.len());
        let raw = rest[..len].trim_end_matches(|c: char| ".,;:!?'’".contains(c));
        let mut body = raw[skip..].to_string();
        if body.to_ascii_lowercase().starts_with("www.") {
            body = body[4..].to_string();
        }
        let body = body.trim_end_matches('/');
        let (host, path) = body.split_at(body.find('/').unwrap_or(body.len()));
        let value = format!("{}{}", host.to_ascii_lowercase(), path);
        self.push(i, i + raw.len(), Value::Url(value));
        Some(i + raw.len())
    }

    fn email(&mut self, i: usize) -> Option<usize> {
        let rest = &self.s[i..];
        let local = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || "._%+-".contains(c)))
            .unwrap_or(rest.len());
        if local == 0 || !rest[local..].starts_with('@') {
            return None;
        }
        let domain_rest = &rest[local + 1..];
        let domain = domain_rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || ".-".contains(c)))
            .unwrap_or(domain_rest.len());
        let domain_str = domain_rest[..domain].trim_end_matches('.');
        if !domain_str.contains('.') {
            return None;
        }
        let end = i + local + 1 + domain_str.len();
        let value = self.s[i..end].to_ascii_lowercase();
        self.push(i, end, Value::Email(value));
        Some(end)
    }

    /// `November 21, 2026`, `November 2026`.
    fn month_first_date(&mut self, i: usize) -> Option<usize> {
        let rest = &self.s[i..];
        let word_len = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let word = rest[..word_len].to_lowercase();
        let after = &rest[word_len..];
        // Vietnamese `tháng 11` (month 11; `11 tháng` is eleven months).
        if word == "tháng"
            && let Some(t) = after.strip_prefix(' ')
            && let Some((m, m_len)) = leading_int(t)
            && (1..=12).contains(&m)
        {
            let mut end = i + word_len + 1 + m_len;
            let mut year = None;
            if let Some(y) = self.s[end..].strip_prefix(" năm ")
                && let Some((y, 4)) = leading_int(y)
            {
                year = Some(y as i32);
                end += " năm ".len() + 4;
            }
            self.push(
                i,
                end,
                Value::Date {
                    year,
                    month: m as u8,
                    day: None,
                },
            );
            return Some(end);
        }
        let month = MONTHS_EN
            .iter()
            .position(|m| *m == word)
            .or_else(|| MONTHS_ID.iter().position(|m| *m == word))? as u8
            + 1;
        let capitalised = rest.chars().next().is_some_and(char::is_uppercase);
        let Some((n, n_len)) = after.strip_prefix(' ').and_then(leading_int) else {
            // A month alone (`in November`); not `may`/`March` the verbs, nor a lower-case word.
            if capitalised && !matches!(word.as_str(), "may" | "march") {
                self.push(
                    i,
                    i + word_len,
                    Value::Date {
                        year: None,
                        month,
                        day: None,
                    },
                );
                return Some(i + word_len);
            }
            return None;
        };
        let mut end = i + word_len + 1 + n_len;
        if n_len == 4 {
            self.push(
                i,
                end,
                Value::Date {
                    year: Some(n as i32),
                    month,
                    day: None,
                },
            );
            return Some(end);
        }
        if !(1..=31).contains(&n) || n_len > 2 {
            return None;
        }
        let mut year = None;
        let tail = &self.s[end..];
        if let Some(y) = tail.strip_prefix(", ").or_else(|| tail.strip_prefix(' '))
            && let Some((y, 4)) = leading_int(y)
        {
            year = Some(y as i32);
            end += tail.len() - tail.trim_start_matches([',', ' ']).len() + 4;
        }
        self.push(
            i,
            end,
            Value::Date {
                year,
                month,
                day: Some(n as u8),
            },
        );
        Some(end)
    }

    /// A number starting at `i` and whatever it turns out to be.
    fn number(&mut self, i: usize) -> usize {
        if let Some(end) = self.date(i) {
            return end;
        }
        let (first, mut end) = self.digits(i);
        let prefix = self.prefix_currency(i);
        let start = prefix.map_or(i, |(start, _)| start);
        let mut value = first;

        // Han/Hangul groups: 1億8,000万, 1억 8천만.
        let mut total = 0.0;
        let mut group = first;
        let mut last_big = f64::INFINITY;
        let mut han = false;
        loop {
            let rest = &self.s[end..];
            let mut chars = rest.chars();
            let Some(c) = chars.next() else { break };
            if let Some(m) = small_unit(c) {
                group *= m;
                han = true;
                end += c.len_utf8();
                continue;
            }
            if let Some(m) = big_unit(c)
                && m < last_big
            {
                total += group * m;
                group = 0.0;
                last_big = m;
                han = true;
                end += c.len_utf8();
                // Another group may follow, after a space in Korean.
                let next = &self.s[end..];
                let skip = next.len() - next.trim_start_matches(' ').len();
                if next[skip..].chars().next().and_then(ascii_digit).is_some() && skip <= 1 {
                    let (g, e) = self.digits(end + skip);
                    // Only a group when a smaller unit or nothing Han-like follows.
                    let follows = self.s[e..].chars().next();
                    if follows.is_some_and(|f| {
                        big_unit(f).is_some_and(|u| u < m) || small_unit(f).is_some()
                    }) || (skip == 0 && !follows.is_some_and(|f| f.is_ascii_digit()))
                    {
                        group = g;
                        end = e;
                        continue;
                    }
                }
                break;
            }
            break;
        }
        if han {
            value = total + group;
        }

        // Latin magnitudes: `10 billion`, `180 juta`, `5 triệu`, `US$5M`.
        if !han {
            let rest = &self.s[end..];
            if let Some(after_space) = rest
                .strip_prefix(' ')
                .or_else(|| rest.strip_prefix('\u{a0}'))
            {
                for (word, m) in MAGNITUDE_WORDS {
                    if starts_with_word(after_space, word) {
                        value *= m;
                        end += rest.len() - after_space.len() + word.len();
                        break;
                    }
                }
            } else if prefix.is_some() {
                for (suffix, m) in MAGNITUDE_SUFFIXES {
                    if starts_with_word(rest, suffix) {
                        value *= m;
                        end += suffix.len();
                        break;
                    }
                }
            }
        }

        // Percent.
        let rest = &self.s[end..];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
        for word in PERCENT_WORDS {
            if trimmed.len() >= word.len()
                && trimmed.is_char_boundary(word.len())
                && trimmed[..word.len()].eq_ignore_ascii_case(word)
                && (!word.is_ascii() || word.len() == 1 || starts_with_word(trimmed, word))
            {
                end += rest.len() - trimmed.len() + word.len();
                self.push(start, end, Value::Percent(milli(value)));
                return end;
            }
        }

        // Currency after the number.
        let mut currency = prefix.map(|(_, code)| code);
        if currency.is_none() {
            let rest = &self.s[end..];
            let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
            for (word, code) in SUFFIX_CURRENCIES {
                let latin = word.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
                let fits = if latin {
                    starts_with_word_ci(trimmed, word)
                } else {
                    trimmed.starts_with(word)
                };
                if fits {
                    currency = Some(code);
                    end += rest.len() - trimmed.len() + word.len();
                    break;
                }
            }
        }
        let value = match currency {
            Some(code) => Value::Amount(milli(value), code),
            None => Value::Number(milli(value)),
        };
        self.push(start, end, value);
        end
    }

    /// The currency written just before `i` (`HK$`, `USD `, `Rp `), and where it starts.
    fn prefix_currency(&self, i: usize) -> Option<(usize, &'static str)> {
        let before = &self.s[..i];
        let trimmed = before.trim_end_matches([' ', '\u{a0}']);
        let spaced = trimmed.len() != before.len();
        for (sym, code) in PREFIX_CURRENCIES {
            if trimmed.ends_with(sym) {
                let start = trimmed.len() - sym.len();
                let letters = sym.chars().all(|c| c.is_ascii_alphabetic());
                // `USD 5`, `Rp 5` are codes only as whole words; `$` and `HK$` sit right before
                // the digits.
                let ok = if letters {
                    !trimmed[..start]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric())
                } else {
                    !spaced
                };
                if ok {
                    return Some((start, code));
                }
            }
        }
        None
    }

    /// Digits with the language's grouping and decimal separators → (value, end).
    fn digits(&self, i: usize) -> (f64, usize) {
        let (group, decimal) = if self.comma { ('.', ',') } else { (',', '.') };
        let bytes: Vec<(usize, char)> = self.s[i..]
            .char_indices()
            .map(|(k, c)| (k + i, c))
            .collect();
        let mut int = String::new();
        let mut frac = String::new();
        let mut in_frac = false;
        let mut k = 0;
        let mut end = i;
        while k < bytes.len() {
            let (pos, c) = bytes[k];
            if let Some(d) = ascii_digit(c) {
                if in_frac {
                    frac.push(char::from_digit(d, 10).unwrap());
                } else {
                    int.push(char::from_digit(d, 10).unwrap());
                }
                end = pos + c.len_utf8();
                k += 1;
                continue;
            }
            let sep = match c {
                ',' | '，' => ',',
                '.' | '．' => '.',
                _ => break,
            };
            // A separator counts only between digits.
            let run: usize = bytes[k + 1..]
                .iter()
                .take_while(|(_, c)| ascii_digit(*c).is_some())
                .count();
            if run == 0 || in_frac {
                break;
            }
            if sep == group && run == 3 {
                k += 1;
                continue;
            }
            if sep == decimal || (sep == group && sep == '.') {
                in_frac = true;
                k += 1;
                continue;
            }
            break;
        }
        let text = if frac.is_empty() {
            int
        } else {
            format!("{int}.{frac}")
        };
        (text.parse().unwrap_or(0.0), end)
    }

    /// Dates starting with a number: `2026年11月21日`, `11月21日`, `2026년 11월 21일`,
    /// `2026-11-21`, `21/11/2026`, `21 November 2026`, `21 tháng 11 năm 2026`.
    fn date(&mut self, i: usize) -> Option<usize> {
        let rest = &self.s[i..];
        let (a, a_len) = leading_int(rest)?;
        let after = &rest[a_len..];
        // Han/Hangul: Y年M月D日.
        let unit = |s: &str, units: &[char]| -> Option<usize> {
            let t = s.trim_start_matches(' ');
            let c = t.chars().next()?;
            units.contains(&c).then(|| s.len() - t.len() + c.len_utf8())
        };
        let cjk_month_day = |s: &str| -> Option<(u8, Option<u8>, usize)> {
            let skip = s.len() - s.trim_start_matches(' ').len();
            let (m, m_len) = leading_int(&s[skip..])?;
            let mut used = skip + m_len + unit(&s[skip + m_len..], &['月', '월'])?;
            let mut day = None;
            let t = &s[used..];
            let skip2 = t.len() - t.trim_start_matches(' ').len();
            if let Some((d, d_len)) = leading_int(&t[skip2..])
                && let Some(u) = unit(&t[skip2 + d_len..], &['日', '일'])
            {
                day = Some(d as u8);
                used += skip2 + d_len + u;
            }
            ((1..=12).contains(&m)).then_some((m as u8, day, used))
        };
        if let Some(y_unit) = unit(after, &['年', '년'])
            && let Some((month, day, used)) = cjk_month_day(&after[y_unit..])
        {
            let end = i + a_len + y_unit + used;
            self.push(
                i,
                end,
                Value::Date {
                    year: Some(a as i32),
                    month,
                    day,
                },
            );
            return Some(end);
        }
        if let Some(m_unit) = unit(after, &['月', '월'])
            && (1..=12).contains(&a)
        {
            let t = &after[m_unit..];
            let skip = t.len() - t.trim_start_matches(' ').len();
            if let Some((d, d_len)) = leading_int(&t[skip..])
                && let Some(u) = unit(&t[skip + d_len..], &['日', '일'])
            {
                let end = i + a_len + m_unit + skip + d_len + u;
                self.push(
                    i,
                    end,
                    Value::Date {
                        year: None,
                        month: a as u8,
                        day: Some(d as u8),
                    },
                );
                return Some(end);
            }
            // A month alone: `11月に`, `11월에`.
            let end = i + a_len + m_unit;
            self.push(
                i,
                end,
                Value::Date {
                    year: None,
                    month: a as u8,
                    day: None,
                },
            );
            return Some(end);
        }
        // ISO 8601.
        if a_len == 4
            && let Some(t) = after.strip_prefix('-')
            && let Some((m, 2)) = leading_int(t)
            && let Some(t2) = t[2..].strip_prefix('-')
            && let Some((d, 2)) = leading_int(t2)
        {
            let end = i + 4 + 1 + 2 + 1 + 2;
            self.push(
                i,
                end,
                Value::Date {
                    year: Some(a as i32),
                    month: m as u8,
                    day: Some(d as u8),
                },
            );
            return Some(end);
        }
        // d/m/yyyy.
        if a_len <= 2
            && let Some(t) = after.strip_prefix('/')
            && let Some((m, m_len)) = leading_int(t)
            && let Some(t2) = t[m_len..].strip_prefix('/')
            && let Some((y, 4)) = leading_int(t2)
            && (1..=12).contains(&m)
        {
            let end = i + a_len + 1 + m_len + 1 + 4;
            self.push(
                i,
                end,
                Value::Date {
                    year: Some(y as i32),
                    month: m as u8,
                    day: Some(a as u8),
                },
            );
            return Some(end);
        }
        // 21 November 2026 (en, id); 21 tháng 11 năm 2026 (vi).
        if a_len <= 2 && (1..=31).contains(&a) {
            let t = after.strip_prefix(' ')?;
            let word_len = t.find(|c: char| !c.is_alphabetic()).unwrap_or(t.len());
            let word = t[..word_len].to_lowercase();
            let mut month = MONTHS_EN
                .iter()
                .position(|m| *m == word)
                .or_else(|| MONTHS_ID.iter().position(|m| *m == word))
                .map(|m| m as u8 + 1);
            let mut used = 1 + word_len;
            if month.is_none()
                && let Some(t2) = t.strip_prefix("tháng ")
                && let Some((m, m_len)) = leading_int(t2)
                && (1..=12).contains(&m)
            {
                month = Some(m as u8);
                used = 1 + "tháng ".len() + m_len;
            }
            let month = month?;
            let mut year = None;
            let tail = &after[used..];
            for sep in [" năm ", ", ", " "] {
                if let Some(y) = tail.strip_prefix(sep)
                    && let Some((y, 4)) = leading_int(y)
                {
                    year = Some(y as i32);
                    used += sep.len() + 4;
                    break;
                }
            }
            let end = i + a_len + used;
            self.push(
                i,
                end,
                Value::Date {
                    year,
                    month,
                    day: Some(a as u8),
                },
            );
            return Some(end);
        }
        None
    }
}

/// Leading ASCII (or full-width) digits → (value, byte length).
fn leading_int(s: &str) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    let mut len = 0;
    for c in s.chars() {
        let Some(d) = ascii_digit(c) else { break };
        value = value.saturating_mul(10).saturating_add(d);
        len += c.len_utf8();
    }
    (len > 0).then_some((value, len))
}

fn starts_with_word(s: &str, word: &str) -> bool {
    s.starts_with(word)
        && !s[word.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
}

fn starts_with_word_ci(s: &str, word: &str) -> bool {
    s.len() >= word.len()
        && s.is_char_boundary(word.len())
        && s[..word.len()].to_lowercase() == word.to_lowercase()
        && !s[word.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
}

fn milli(v: f64) -> i128 {
    (v * 1000.0).round() as i128
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: &str) -> Vec<Value> {
        extract(text, lang).into_iter().map(|f| f.value).collect()
    }

    const HKD_10BN: Value = Value::Amount(10_000_000_000_000, "HKD");

    #[test]
    fn the_same_amount_in_seven_languages() {
        // One amount as newsrooms write it in each language.
        for (text, lang) in [
            ("the HK$10 billion scheme", "en"),
            ("senilai HK$10 miliar", "id"),
            ("100億香港ドル規模の", "ja"),
            ("100億港元的計劃", "zh-Hant-HK"),
            ("100亿港元的计划", "zh-Hans"),
            ("100억 홍콩달러 규모", "ko"),
            ("trị giá 10 tỷ đô la Hồng Kông", "vi"),
            ("10 miliar dolar HK", "id"),
            ("HKD 10 billion", "en"),
        ] {
            assert_eq!(values(text, lang), vec![HKD_10BN], "{text}");
        }
    }

    #[test]
    fn han_and_hangul_groups_add_up() {
        let hkd_180m = Value::Amount(180_000_000_000, "HKD");
        assert_eq!(values("1億8000万香港ドル", "ja"), vec![hkd_180m.clone()]);
        assert_eq!(values("1億8,000萬港元", "zh-Hant"), vec![hkd_180m.clone()]);
        assert_eq!(values("1억 8천만 홍콩달러", "ko"), vec![hkd_180m.clone()]);
        assert_eq!(values("1.8亿港元", "zh-Hans"), vec![hkd_180m.clone()]);
        assert_eq!(values("HK$180 juta", "id"), vec![hkd_180m]);
        // 1万5000 is fifteen thousand.
        assert_eq!(values("1万5000人", "ja"), vec![Value::Number(15_000_000)]);
    }

    #[test]
    fn decimal_comma_and_grouping_follow_the_language() {
        assert_eq!(
            values("1,5 miliar", "id"),
            vec![Value::Number(1_500_000_000_000)]
        );
        assert_eq!(
            values("1.500 peserta", "id"),
            vec![Value::Number(1_500_000)]
        );
        assert_eq!(
            values("1,500 participants", "en"),
            vec![Value::Number(1_500_000)]
        );
        assert_eq!(
            values("2,5 triệu USD", "vi"),
            vec![Value::Amount(2_500_000_000, "USD")]
        );
    }

    #[test]
    fn a_bare_dollar_agrees_with_any_dollar_but_not_with_yen() {
        let bare = &values("$5 million", "en")[0];
        assert!(bare.agrees(&values("500万米ドル", "ja")[0]));
        assert!(bare.agrees(&values("USD 5 juta", "id")[0]));
        assert!(!bare.agrees(&values("500万円", "ja")[0]));
        assert!(!values("US$5M", "en")[0].agrees(&values("500万香港ドル", "ja")[0]));
    }

    #[test]
    fn percentages_dates_urls_and_addresses() {
        assert_eq!(values("up 12.5%", "en"), vec![Value::Percent(12_500)]);
        assert_eq!(
            values("naik 12,5 persen", "id"),
            vec![Value::Percent(12_500)]
        );
        assert_eq!(values("12.5％増", "ja"), vec![Value::Percent(12_500)]);
        let date = Value::Date {
            year: Some(2026),
            month: 11,
            day: Some(21),
        };
        for (text, lang) in [
            ("on 21 November 2026", "en"),
            ("on November 21, 2026", "en"),
            ("pada 21 November 2026", "id"),
            ("2026年11月21日に", "ja"),
            ("2026년 11월 21일", "ko"),
            ("ngày 21 tháng 11 năm 2026", "vi"),
            ("2026-11-21", "en"),
        ] {
            assert_eq!(values(text, lang), vec![date.clone()], "{text}");
        }
        assert!(values("11月21日", "ja")[0].agrees(&date));
        assert_eq!(
            values(
                "visit https://www.HKSTP.org/ or write to Media@Example.org.",
                "en"
            ),
            vec![
                Value::Url("hkstp.org".into()),
                Value::Email("media@example.org".into())
            ]
        );
    }

    #[test]
    fn months_alone_and_figures_written_other_ways() {
        let november = Value::Date {
            year: None,
            month: 11,
            day: None,
        };
        for (text, lang) in [
            ("in November", "en"),
            ("pada bulan November", "id"),
            ("11月に開催", "ja"),
            ("11월에 열린다", "ko"),
            ("vào tháng 11", "vi"),
        ] {
            assert_eq!(values(text, lang), vec![november.clone()], "{text}");
        }
        // A duration is a number, not a month; `may` the verb is nothing.
        assert_eq!(values("11 tháng", "vi"), vec![Value::Number(11_000)]);
        assert_eq!(values("it may rain", "en"), vec![]);
        assert!(values("2026年11月", "ja")[0].agrees(&values("November 2026", "en")[0]));
        // Grouping in Vietnamese, billions abbreviated in English, rupiah.
        assert_eq!(values("1.000 người", "vi"), vec![Value::Number(1_000_000)]);
        assert_eq!(
            values("US$1.2bn", "en"),
            vec![Value::Amount(1_200_000_000_000, "USD")]
        );
        assert_eq!(
            values("Rp 1,5 triliun", "id"),
            vec![Value::Amount(1_500_000_000_000_000, "IDR")]
        );
        assert_eq!(
            values("逾1,000名", "zh-Hant"),
            vec![Value::Number(1_000_000)]
        );
    }

    #[test]
    fn never_panics_on_any_cut_of_mixed_text() {
        // Every suffix and prefix of text mixing scripts, separators and half-finished figures.
        let text = "HK$1,5 tỷ đô la 1億8,000萬港元 2026年11月 https://ex.org/a. a@b.c 12.5％ \
                    1억 8천만 원, US$5M+ 21/11/2026 ngày 21 tháng 11 năm 2026 COVID-19 $ 5. ,3 ";
        for lang in ["en", "id", "ja", "zh-Hant", "ko", "vi"] {
            for (i, _) in text.char_indices() {
                let _ = extract(&text[i..], lang);
                let _ = extract(&text[..i], lang);
            }
        }
    }

    #[test]
    fn names_with_digits_are_not_numbers() {
        assert_eq!(values("the G20 and COVID-19", "en"), vec![]);
        assert_eq!(values("21st century", "en"), vec![Value::Number(21_000)]);
    }

    #[test]
    fn small_numbers_spelled_out() {
        assert!(spells_number("in nine major events", 9));
        assert!(spells_number("九個大型創新活動", 9));
        assert!(spells_number("sembilan acara", 9));
        assert!(!spells_number("ninety events", 9));
        // Chicago 9.2 spells out whole numbers to one hundred; kits spell the teens too.
        assert!(spells_number("over fourteen months", 14));
        assert!(spells_number("十二年", 12));
        assert!(!spells_number("十二年", 10));
        assert!(!spells_number("十二年", 2));
    }
}
