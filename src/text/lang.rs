//! A language resolved once from its BCP 47 tag into the typesetting rules every text step
//! reads: script and region, kinsoku tables, punctuation style, CJK–Latin spacing, how words
//! break, hyphenation patterns, phrase model and the first-line indent. This is the only place
//! that looks inside a tag; steps ask the profile, never the tag.

use hyphenation::Language;

use super::kinsoku::{self, Kinsoku};

/// How a language is written, as far as typesetting is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    /// Latin, Greek, Cyrillic and every other script set word by word with spaces.
    Western,
    /// Japanese (jlreq).
    Japanese,
    /// Simplified Chinese as set in mainland China and Singapore (clreq, GB/T 15834).
    SimplifiedChinese,
    /// Traditional Chinese as set in Hong Kong, Macao and Taiwan (clreq).
    TraditionalChinese,
    /// Korean (klreq).
    Korean,
}

/// Where a line may break inside text written without spaces between words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordBreak {
    /// Between any two CJK characters, at spaces and after hyphens (UAX #14).
    Normal,
    /// At spaces only, as Korean is usually set; between two syllables of a word (klreq §3.2
    /// allows it) only in justified text and at a cost, where the line would otherwise be loose.
    KeepAllOrSyllable,
}

/// BudouX phrase model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhraseModel {
    /// Japanese.
    Japanese,
    /// Simplified Chinese.
    SimplifiedChinese,
    /// Traditional Chinese.
    TraditionalChinese,
}

/// How full-width punctuation is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Punctuation {
    /// Whether “ ” ‘ ’ are full-width marks with a compressible blank (Chinese, GB/T 15834
    /// §4.1) or proportional Western quotes (Japanese, jlreq §3.1.1 note: they are not treated
    /// as cl-01/cl-02 brackets).
    pub full_width_quotes: bool,
    /// Whether a closing or pause mark at a line end always loses its blank, so that the right
    /// edge of the ink is straight (clreq §3.6.3, GB/T 15834 §5.1.3: half width at line end);
    /// otherwise it keeps its full width unless the line must be compressed (jlreq §3.8.3).
    pub line_end_half: bool,
    /// Whether the blank after a full stop (cl-06) may shrink mid-line when a line is
    /// compressed; jlreq §3.8.3 reduces commas, brackets and middle dots but never the space
    /// after a full stop except at the line end.
    pub full_stop_shrinks: bool,
    /// Whether an opening bracket that starts a wrapped line loses its leading blank and sits
    /// on the margin (jlreq §3.1.5 line-head rule, as in most Japanese and Chinese books).
    pub line_start_bracket_flush: bool,
}

/// The typesetting rules of one language.
#[derive(Debug, Clone, PartialEq)]
pub struct LangProfile {
    /// The tag as written in the kit (for messages and tagging).
    pub tag: String,
    /// The tag with the script made explicit for Chinese (zh-HK → zh-Hant-HK, zh → zh-Hans):
    /// what shaping (`locl`) and font choice match against.
    pub canonical: String,
    /// The writing system's typesetting tradition.
    pub writing: Writing,
    /// Line-start and line-end prohibitions.
    pub kinsoku: Kinsoku,
    /// Whether UAX #14 runs strict (jlreq: no small kana or ー at a line start).
    pub strict: bool,
    /// Punctuation style.
    pub punctuation: Punctuation,
    /// Whether a quarter em separates Han or kana from Latin letters and digits (jlreq §3.2.5,
    /// clreq §3.2.2).
    pub cjk_latin_space: bool,
    /// Whether a justified line may spread between CJK characters (Japanese and Chinese); Korean
    /// justifies at spaces only (klreq §3.3), so no space appears inside a word.
    pub inter_character_stretch: bool,
    /// Where words break.
    pub word_break: WordBreak,
    /// Hyphenation patterns, for languages that hyphenate.
    pub hyphenation: Option<Language>,
    /// Patterns for the Latin names inside Japanese, Chinese or Korean text, which in press
    /// text are English (Pacific Grid Storage, Technopole): used only to divide a name that
    /// would otherwise leave a justified line stretched beyond the tolerance.
    pub embedded_latin_hyphenation: Option<Language>,
    /// Phrase model for breaking between phrases (headlines, narrow places).
    pub phrases: Option<PhraseModel>,
    /// Whether paragraphs start with a 1 em indent by default (jlreq §3.1.3 note, clreq §2.3:
    /// Japanese and Chinese paragraphs are indented by one character).
    pub first_line_indent: bool,
}

impl LangProfile {
    /// Resolves a BCP 47 tag: language, then script or region subtags.
    pub fn resolve(tag: &str) -> LangProfile {
        let canonical = canonical_tag(tag);
        let subtags: Vec<&str> = canonical.split('-').collect();
        let primary = subtags[0].to_ascii_lowercase();
        let writing = match primary.as_str() {
            "ja" => Writing::Japanese,
            "zh" if subtags[1..].contains(&"Hant") => Writing::TraditionalChinese,
            "zh" => Writing::SimplifiedChinese,
            "ko" => Writing::Korean,
            _ => Writing::Western,
        };
        let punctuation = Punctuation {
            full_width_quotes: matches!(
                writing,
                Writing::SimplifiedChinese | Writing::TraditionalChinese
            ),
            line_end_half: writing == Writing::SimplifiedChinese,
            full_stop_shrinks: writing != Writing::Japanese,
            line_start_bracket_flush: matches!(
                writing,
                Writing::Japanese | Writing::SimplifiedChinese | Writing::TraditionalChinese
            ),
        };
        let kinsoku = match writing {
            Writing::Japanese => Kinsoku::new(kinsoku::JA_NOT_AT_START, kinsoku::JA_NOT_AT_END),
            Writing::SimplifiedChinese => {
                Kinsoku::new(kinsoku::ZH_HANS_NOT_AT_START, kinsoku::ZH_HANS_NOT_AT_END)
            }
            Writing::TraditionalChinese => {
                Kinsoku::new(kinsoku::ZH_HANT_NOT_AT_START, kinsoku::ZH_HANT_NOT_AT_END)
            }
            Writing::Korean => Kinsoku::new(kinsoku::KO_NOT_AT_START, kinsoku::KO_NOT_AT_END),
            Writing::Western => Kinsoku::quoted_cjk(),
        };
        let hyphenation = match (primary.as_str(), subtags.get(1).copied()) {
            ("en", Some("GB")) => Some(Language::EnglishGB),
            ("en", _) => Some(Language::EnglishUS),
            ("id", _) => Some(Language::Indonesian),
            _ => None,
        };
        let phrases = match writing {
            Writing::Japanese => Some(PhraseModel::Japanese),
            Writing::SimplifiedChinese => Some(PhraseModel::SimplifiedChinese),
            Writing::TraditionalChinese => Some(PhraseModel::TraditionalChinese),
            _ => None,
        };
        let han = matches!(
            writing,
            Writing::Japanese | Writing::SimplifiedChinese | Writing::TraditionalChinese
        );
        LangProfile {
            tag: tag.to_string(),
            canonical,
            writing,
            kinsoku,
            strict: writing == Writing::Japanese,
            punctuation,
            cjk_latin_space: true,
            inter_character_stretch: han,
            word_break: if writing == Writing::Korean {
                WordBreak::KeepAllOrSyllable
            } else {
                WordBreak::Normal
            },
            hyphenation,
            embedded_latin_hyphenation: (writing != Writing::Western)
                .then_some(Language::EnglishUS),
            phrases,
            first_line_indent: han,
        }
    }
}

/// Makes the script of a Chinese tag explicit: zh-HK, zh-MO → zh-Hant-HK/MO, zh-TW → zh-Hant-TW,
/// zh, zh-CN, zh-SG → zh-Hans(-CN/-SG stays as given with Hans inserted); other tags unchanged.
fn canonical_tag(tag: &str) -> String {
    match tag {
        "zh" | "zh-CN" | "zh-SG" => "zh-Hans".into(),
        "zh-HK" | "zh-MO" | "zh-TW" => format!("zh-Hant-{}", &tag[3..]),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_regions_choose_their_script() {
        for (tag, writing, canonical) in [
            ("zh", Writing::SimplifiedChinese, "zh-Hans"),
            ("zh-CN", Writing::SimplifiedChinese, "zh-Hans"),
            ("zh-Hans", Writing::SimplifiedChinese, "zh-Hans"),
            ("zh-HK", Writing::TraditionalChinese, "zh-Hant-HK"),
            ("zh-TW", Writing::TraditionalChinese, "zh-Hant-TW"),
            ("zh-Hant", Writing::TraditionalChinese, "zh-Hant"),
            ("ja-JP", Writing::Japanese, "ja-JP"),
            ("ko", Writing::Korean, "ko"),
            ("vi", Writing::Western, "vi"),
        ] {
            let p = LangProfile::resolve(tag);
            assert_eq!(
                (p.writing, p.canonical.as_str()),
                (writing, canonical),
                "{tag}"
            );
        }
    }

    #[test]
    fn only_simplified_chinese_sets_line_end_marks_half_width() {
        assert!(LangProfile::resolve("zh-Hans").punctuation.line_end_half);
        assert!(!LangProfile::resolve("ja").punctuation.line_end_half);
        assert!(!LangProfile::resolve("zh-Hant-TW").punctuation.line_end_half);
    }
}
