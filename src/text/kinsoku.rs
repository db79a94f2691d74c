//! Line-start and line-end prohibitions of Japanese (jlreq §3.1.7, classes cl-01…cl-11) and
//! Chinese (clreq §3.1) typesetting, applied on top of UAX #14 so the rules hold whatever the
//! segmenter's data version says.

/// Characters that must not start a line in Japanese (strict): closing brackets (cl-02),
/// hyphens (cl-03), dividing punctuation (cl-04), middle dots (cl-05), full stops (cl-06),
/// commas (cl-07), iteration marks (cl-09), the prolonged sound mark (cl-10) and small kana (cl-11).
pub const JA_NOT_AT_START: &str = concat!(
    "’”）〕］｝〉》」』】〙〗〟｠»)]}",
    "‐゠–〜",
    "！？‼⁇⁈⁉!?",
    "・：；:;",
    "。．.",
    "、，,",
    "ヽヾゝゞ々〻",
    "ー",
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ",
);

/// Characters that must not end a line in Japanese: opening brackets (cl-01).
pub const JA_NOT_AT_END: &str = "‘“（〔［｛〈《「『【〘〖〝｟«([{";

/// Characters that must not start a line in Simplified Chinese (clreq §3.1.7 “GB-style”,
/// GB/T 15834—2011 §5): closing brackets and quotes, pause and stop marks, connector marks
/// (— – ～, so 15834— / 2011 cannot happen), the interpunct of transliterated names, the
/// solidus, and the signs that follow a number (%, ‰, ℃, °).
pub const ZH_HANS_NOT_AT_START: &str =
    "’”）〕］｝〉》」』】〙〗｠»)]}、，。．：；？！‼⁇⁈⁉·・∶〃,.:;?!%‰℃°—–～〜‐/";

/// Characters that must not end a line in Simplified Chinese: opening brackets and quotes,
/// currency signs, the interpunct, which binds to the name on both sides, and the solidus
/// (clreq GB-style).
pub const ZH_HANS_NOT_AT_END: &str = "‘“（〔［｛〈《「『【〘〖｟«([{$£¥￥·/";

/// Characters that must not start a line in Traditional Chinese as set in Hong Kong and Taiwan
/// (clreq §3.1.7, the zh-TW table of ECMA-376): closing brackets and quotes, pause and stop
/// marks, the hyphenation point ‧ and middle dots of names, connector marks and the solidus
/// (clreq “basic”).
pub const ZH_HANT_NOT_AT_START: &str =
    "’”）〕］｝〉》」』】〙〗｠»)]}、，。．：；？！‼⁇⁈⁉·‧・•–—～〜‐/,.:;?!";

/// Characters that must not end a line in Traditional Chinese: opening brackets and quotes,
/// and currency signs.
pub const ZH_HANT_NOT_AT_END: &str = "‘“（〔［｛〈《「『【〘〖｟«([{$£¥￥";

/// For languages outside CJK: only the full-width marks of CJK text they quote; their own
/// punctuation is UAX #14's business.
const QUOTED_CJK_NOT_AT_START: &str = "）〕］｝〉》」』】〙〗｠、，。．：；？！";
const QUOTED_CJK_NOT_AT_END: &str = "（〔［｛〈《「『【〘〖｟";

/// Characters that come in inseparable pairs: the two-em dash ―― and the ellipsis …….
pub const INSEPARABLE: &str = "—―…‥";

/// Characters that must not start a line in Korean (klreq §3.1.6: closing brackets and
/// quotes, full stops, commas, colons, question and exclamation marks).
pub const KO_NOT_AT_START: &str = "’”）〕］｝〉》」』】)]}、，。．：；？！,.:;?!";

/// Characters that must not end a line in Korean: opening brackets and quotes.
pub const KO_NOT_AT_END: &str = "‘“（〔［｛〈《「『【([{";

/// The prohibition rules of one language; [`crate::text::lang::LangProfile`] chooses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinsoku {
    not_at_start: &'static str,
    not_at_end: &'static str,
}

impl Kinsoku {
    /// Rules from a line-start and a line-end table.
    pub const fn new(not_at_start: &'static str, not_at_end: &'static str) -> Kinsoku {
        Kinsoku {
            not_at_start,
            not_at_end,
        }
    }

    /// For languages outside CJK: only the full-width marks of the CJK text they quote.
    pub const fn quoted_cjk() -> Kinsoku {
        Kinsoku::new(QUOTED_CJK_NOT_AT_START, QUOTED_CJK_NOT_AT_END)
    }

    /// Whether `c` may start a line.
    pub fn may_start(&self, c: char) -> bool {
        !self.not_at_start.contains(c)
    }

    /// Whether `c` may end a line.
    pub fn may_end(&self, c: char) -> bool {
        !self.not_at_end.contains(c)
    }

    /// Whether a line may be broken between `before` and `after`.
    pub fn allows_break(&self, before: char, after: char) -> bool {
        !(self.not_at_start.contains(after)
            || self.not_at_end.contains(before)
            || (INSEPARABLE.contains(before) && before == after))
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn each_region_gets_its_own_rules() {
        let rules = |tag: &str| crate::text::lang::LangProfile::resolve(tag).kinsoku;
        let hant = rules("zh-Hant-HK");
        let hans = rules("zh-Hans");
        // The hyphenation point of Hong Kong and Taiwan names never starts a line there.
        assert!(!hant.allows_break('布', '‧'));
        // GB: the interpunct of transliterated names binds on both sides; ℃ follows its number.
        assert!(!hans.allows_break('特', '·') && !hans.allows_break('·', '爱'));
        assert!(!hans.allows_break('5', '℃'));
        // Region tags without a script subtag choose by region.
        for tag in ["zh-HK", "zh-TW", "zh-Hant", "zh-Hant-TW"] {
            assert!(!rules(tag).allows_break('布', '‧'), "{tag}");
        }
        assert!(!rules("ja").allows_break('あ', 'ー'));
    }
}
