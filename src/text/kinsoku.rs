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

/// Characters that must not start a line in Chinese (clreq): closing punctuation, pause and
/// stop marks, and the interpuncts; shared by zh-Hans and zh-Hant.
pub const ZH_NOT_AT_START: &str = "’”）〕］｝〉》」』】〙〗｠»)]}、，。．：；？！‼⁇⁈⁉·‧・,.:;?!%‰℃";

/// Characters that must not end a line in Chinese: opening brackets and currency prefixes.
pub const ZH_NOT_AT_END: &str = "‘“（〔［｛〈《「『【〘〖｟«([{$£¥￥";

/// Characters that come in inseparable pairs: the two-em dash ―― and the ellipsis …….
pub const INSEPARABLE: &str = "—―…‥";

/// The prohibition rules for a language.
#[derive(Debug, Clone, Copy)]
pub struct Kinsoku {
    not_at_start: &'static str,
    not_at_end: &'static str,
}

impl Kinsoku {
    /// The rules for a BCP 47 tag; languages outside CJK get the Chinese set, which only ever
    /// matters for the CJK punctuation they quote.
    pub fn for_lang(lang: &str) -> Kinsoku {
        if lang == "ja" || lang.starts_with("ja-") {
            Kinsoku {
                not_at_start: JA_NOT_AT_START,
                not_at_end: JA_NOT_AT_END,
            }
        } else {
            Kinsoku {
                not_at_start: ZH_NOT_AT_START,
                not_at_end: ZH_NOT_AT_END,
            }
        }
    }

    /// Whether a line may be broken between `before` and `after`.
    pub fn allows_break(&self, before: char, after: char) -> bool {
        !(self.not_at_start.contains(after)
            || self.not_at_end.contains(before)
            || (INSEPARABLE.contains(before) && before == after))
    }
}
