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

/// Characters that must not start a line in Simplified Chinese (clreq §3.1.7 with the GB
/// convention, as in the zh-CN line-breaking table of ECMA-376): closing brackets and quotes,
/// pause and stop marks, the interpunct of transliterated names, and the signs that follow a
/// number (%, ‰, ℃, °).
pub const ZH_HANS_NOT_AT_START: &str =
    "’”）〕］｝〉》」』】〙〗｠»)]}、，。．：；？！‼⁇⁈⁉·・∶〃,.:;?!%‰℃°";

/// Characters that must not end a line in Simplified Chinese: opening brackets and quotes,
/// currency signs, and the interpunct, which binds to the name on both sides.
pub const ZH_HANS_NOT_AT_END: &str = "‘“（〔［｛〈《「『【〘〖｟«([{$£¥￥·";

/// Characters that must not start a line in Traditional Chinese as set in Hong Kong and Taiwan
/// (clreq §3.1.7, the zh-TW table of ECMA-376): closing brackets and quotes, pause and stop
/// marks, the hyphenation point ‧ and middle dots of names, and dashes.
pub const ZH_HANT_NOT_AT_START: &str =
    "’”）〕］｝〉》」』】〙〗｠»)]}、，。．：；？！‼⁇⁈⁉·‧・•–—,.:;?!";

/// Characters that must not end a line in Traditional Chinese: opening brackets and quotes,
/// and currency signs.
pub const ZH_HANT_NOT_AT_END: &str = "‘“（〔［｛〈《「『【〘〖｟«([{$£¥￥";

/// For languages outside CJK: only the full-width marks of CJK text they quote; their own
/// punctuation is UAX #14's business.
const QUOTED_CJK_NOT_AT_START: &str = "）〕］｝〉》」』】〙〗｠、，。．：；？！";
const QUOTED_CJK_NOT_AT_END: &str = "（〔［｛〈《「『【〘〖｟";

/// Characters that come in inseparable pairs: the two-em dash ―― and the ellipsis …….
pub const INSEPARABLE: &str = "—―…‥";

/// The prohibition rules for a language.
#[derive(Debug, Clone, Copy)]
pub struct Kinsoku {
    not_at_start: &'static str,
    not_at_end: &'static str,
}

impl Kinsoku {
    /// The rules for a BCP 47 tag: Japanese; Traditional Chinese (zh-Hant, and zh-HK, zh-MO,
    /// zh-TW); Simplified Chinese (other zh); for other languages, the CJK marks they quote.
    pub fn for_lang(lang: &str) -> Kinsoku {
        let subtags: Vec<&str> = lang.split('-').collect();
        let traditional = subtags[1..]
            .iter()
            .any(|t| matches!(*t, "Hant" | "HK" | "MO" | "TW"));
        let (not_at_start, not_at_end) = match subtags[0] {
            "ja" => (JA_NOT_AT_START, JA_NOT_AT_END),
            "zh" if traditional => (ZH_HANT_NOT_AT_START, ZH_HANT_NOT_AT_END),
            "zh" => (ZH_HANS_NOT_AT_START, ZH_HANS_NOT_AT_END),
            _ => (QUOTED_CJK_NOT_AT_START, QUOTED_CJK_NOT_AT_END),
        };
        Kinsoku {
            not_at_start,
            not_at_end,
        }
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
    use super::*;

    #[test]
    fn each_region_gets_its_own_rules() {
        let hant = Kinsoku::for_lang("zh-Hant-HK");
        let hans = Kinsoku::for_lang("zh-Hans");
        // The hyphenation point of Hong Kong and Taiwan names never starts a line there.
        assert!(!hant.allows_break('布', '‧'));
        // GB: the interpunct of transliterated names binds on both sides; ℃ follows its number.
        assert!(!hans.allows_break('特', '·') && !hans.allows_break('·', '爱'));
        assert!(!hans.allows_break('5', '℃'));
        // Region tags without a script subtag choose by region.
        for tag in ["zh-HK", "zh-TW", "zh-Hant", "zh-Hant-TW"] {
            assert!(!Kinsoku::for_lang(tag).allows_break('布', '‧'), "{tag}");
        }
        assert!(!Kinsoku::for_lang("ja").allows_break('あ', 'ー'));
    }
}
