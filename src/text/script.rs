//! Character classes that font choice, spacing and justification depend on.

use unicode_script::{Script, UnicodeScript};

/// How a character takes part in font choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// Latin, Greek, Cyrillic: set in the Latin family.
    Western,
    /// Han, Kana, Hangul, Bopomofo and full-width forms: set in a CJK family.
    Cjk,
    /// Punctuation, digits, spaces: follow their neighbours.
    Neutral,
}

/// The class of `c`.
pub fn class(c: char) -> CharClass {
    // ASCII without the script table (a binary search, a few per cent of setting Latin text):
    // its letters are Latin, everything else is Common.
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            CharClass::Western
        } else {
            CharClass::Neutral
        };
    }
    if is_cjk(c) {
        return CharClass::Cjk;
    }
    match c.script() {
        Script::Latin | Script::Greek | Script::Cyrillic => CharClass::Western,
        Script::Common | Script::Inherited | Script::Unknown => CharClass::Neutral,
        // Other scripts (Devanagari, Arabic…) go to whichever family covers them.
        _ => CharClass::Western,
    }
}

/// Whether a justified line may letter-space `c`: letters, digits and punctuation of Latin,
/// Greek and Cyrillic text (and the common marks between them). Not spaces, which are glue;
/// not CJK, which keeps its own inter-character rules (jlreq, clreq, klreq); not other
/// scripts, some of which are joined (Arabic) and must never be spaced apart.
pub fn tracks(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_whitespace() && !c.is_ascii_control();
    }
    !c.is_whitespace()
        && !is_cjk(c)
        && matches!(
            c.script(),
            Script::Latin | Script::Greek | Script::Cyrillic | Script::Common | Script::Inherited
        )
}

/// Whether `c` is set full-width in CJK text: ideographs, kana, hangul, CJK punctuation and
/// full-width forms. These characters take inter-character spacing when a line is justified.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'   // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}' // CJK radicals
        | '\u{3000}'..='\u{303F}' // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3100}'..='\u{312F}' // Bopomofo
        | '\u{3130}'..='\u{318F}' // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}' // Katakana phonetic extensions
        | '\u{3200}'..='\u{33FF}' // enclosed CJK, compatibility
        | '\u{3400}'..='\u{4DBF}' // Extension A
        | '\u{4E00}'..='\u{9FFF}' // Unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}' // CJK compatibility forms
        | '\u{FF00}'..='\u{FF60}' // full-width forms
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFF}' // supplementary ideographs
    )
}

/// Whether `c` is Hangul, whose words break at spaces rather than between syllables.
pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut agrees with the Unicode script property (UAX #24) for every ASCII
    /// character.
    #[test]
    fn ascii_classes_follow_the_script_property() {
        for c in (0u8..=127).map(char::from) {
            let want = match c.script() {
                Script::Latin => CharClass::Western,
                Script::Common => CharClass::Neutral,
                other => panic!("{c:?} has script {other:?}"),
            };
            assert_eq!(class(c), want, "{c:?}");
        }
    }
}
