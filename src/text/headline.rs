//! Break points for headlines: tiers from phrase boundaries (BudouX) down to every opportunity.

use super::breaks::{self, BreakKind};
use super::lang::LangProfile;
use super::{chars_around, cjk_at, phrase, script};

/// Break points for a headline, best first, never hyphenating:
/// 1. between phrases (BudouX) where CJK text is involved, at spaces elsewhere;
/// 2. also at word-like points inside a phrase too long for the line: after punctuation such as
///    ・ or 、, and where Han, kana and Latin meet;
/// 3. every UAX #14 opportunity.
pub(super) fn headline_tiers(
    text: &str,
    profile: &LangProfile,
    all: Vec<breaks::Opportunity>,
) -> Vec<Vec<breaks::Opportunity>> {
    let all: Vec<breaks::Opportunity> = all
        .into_iter()
        .filter(|o| {
            !matches!(
                o.kind,
                BreakKind::Hyphen
                    | BreakKind::NameHyphen
                    | BreakKind::Syllable
                    | BreakKind::ScaleGroup
            )
        })
        .collect();
    let Some(phrases) = profile.phrases.map(|model| phrase::boundaries(text, model)) else {
        return vec![all];
    };
    let at_phrase =
        |o: &breaks::Opportunity| !cjk_at(text, o.at) || phrases.binary_search(&o.at).is_ok();
    let at_word = |o: &breaks::Opportunity| match chars_around(text, o.at) {
        (Some(b), Some(a)) => is_cjk_punctuation(b) || script_kind(b) != script_kind(a),
        _ => true,
    };
    let phrase_tier = all.iter().copied().filter(at_phrase).collect();
    let word_tier = all
        .iter()
        .copied()
        .filter(|o| at_phrase(o) || at_word(o))
        .collect();
    vec![phrase_tier, word_tier, all]
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{30FB}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}')
}

/// A coarse script class, for word-like boundaries in CJK text.
fn script_kind(c: char) -> u8 {
    match c {
        '\u{3040}'..='\u{309F}' => 1,                           // hiragana
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' => 2, // katakana (ー included)
        c if script::is_cjk(c) => 3,                            // Han and the rest of CJK
        c if c.is_alphanumeric() => 4,                          // Latin, digits
        _ => 5,
    }
}
