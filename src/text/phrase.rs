//! Phrase boundaries in Japanese and Chinese, for headlines that break between phrases rather
//! than inside words: a port of BudouX's parser (Apache 2.0) with its published models.
//!
//! BudouX scores every gap between two characters with weights for the characters around it
//! (unigrams, bigrams and trigrams); a positive score is a phrase boundary.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::lang::PhraseModel;

/// One model: feature group (`UW1` … `TW4`) → character n-gram → weight.
struct Model {
    groups: HashMap<String, HashMap<String, i32>>,
    base_score: f64,
}

impl Model {
    fn parse(json: &str) -> Model {
        let groups: HashMap<String, HashMap<String, i32>> =
            serde_json::from_str(json).expect("bundled BudouX model parses");
        let total: i64 = groups
            .values()
            .flat_map(|g| g.values())
            .map(|&w| w as i64)
            .sum();
        Model {
            groups,
            base_score: -(total as f64) * 0.5,
        }
    }

    fn weight(&self, group: &str, gram: &[char]) -> f64 {
        let key: String = gram.iter().collect();
        self.groups
            .get(group)
            .and_then(|g| g.get(&key))
            .copied()
            .unwrap_or(0) as f64
    }
}

fn model(which: PhraseModel) -> &'static Model {
    static JA: OnceLock<Model> = OnceLock::new();
    static HANS: OnceLock<Model> = OnceLock::new();
    static HANT: OnceLock<Model> = OnceLock::new();
    match which {
        PhraseModel::Japanese => JA.get_or_init(|| Model::parse(include_str!("budoux/ja.json"))),
        PhraseModel::TraditionalChinese => {
            HANT.get_or_init(|| Model::parse(include_str!("budoux/zh-hant.json")))
        }
        PhraseModel::SimplifiedChinese => {
            HANS.get_or_init(|| Model::parse(include_str!("budoux/zh-hans.json")))
        }
    }
}

/// Byte offsets in `text` where a new phrase starts under the language's model.
pub fn boundaries(text: &str, which: PhraseModel) -> Vec<usize> {
    let model = model(which);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let c: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let n = c.len();
    let mut out = vec![];
    for i in 1..n {
        let mut score = model.base_score;
        if i > 2 {
            score += model.weight("UW1", &c[i - 3..i - 2]);
        }
        if i > 1 {
            score += model.weight("UW2", &c[i - 2..i - 1]);
        }
        score += model.weight("UW3", &c[i - 1..i]);
        score += model.weight("UW4", &c[i..i + 1]);
        if i + 1 < n {
            score += model.weight("UW5", &c[i + 1..i + 2]);
        }
        if i + 2 < n {
            score += model.weight("UW6", &c[i + 2..i + 3]);
        }
        if i > 1 {
            score += model.weight("BW1", &c[i - 2..i]);
        }
        score += model.weight("BW2", &c[i - 1..i + 1]);
        if i + 1 < n {
            score += model.weight("BW3", &c[i..i + 2]);
        }
        if i > 2 {
            score += model.weight("TW1", &c[i - 3..i]);
        }
        if i > 1 {
            score += model.weight("TW2", &c[i - 2..i + 1]);
        }
        if i + 1 < n {
            score += model.weight("TW3", &c[i - 1..i + 2]);
        }
        if i + 2 < n {
            score += model.weight("TW4", &c[i..i + 3]);
        }
        if score > 0.0 {
            out.push(chars[i].0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(text: &str, lang: &str) -> Vec<String> {
        let model = crate::text::lang::LangProfile::resolve(lang)
            .phrases
            .unwrap();
        let mut cuts = boundaries(text, model);
        cuts.insert(0, 0);
        cuts.push(text.len());
        cuts.windows(2)
            .map(|w| text[w[0]..w[1]].to_string())
            .collect()
    }

    #[test]
    fn japanese_phrases_match_budoux() {
        // BudouX's own README example.
        assert_eq!(phrases("今日は天気です。", "ja"), ["今日は", "天気です。"]);
        let p = phrases("日本のディープテックと香港のエコシステムを結ぶ", "ja");
        assert!(p.contains(&"ディープテックと".to_string()), "{p:?}");
        // Never inside the katakana word フォーラム.
        let joined = phrases("テクノロジー・フォーラムを共催", "ja");
        assert!(
            joined.iter().any(|p| p.contains("フォーラム")),
            "{joined:?}"
        );
    }

    #[test]
    fn traditional_chinese_keeps_words_whole() {
        let p = phrases("香港科技園公司與夥伴合辦論壇", "zh-Hant-HK");
        assert!(p.iter().any(|p| p.contains("夥伴")), "夥伴 split: {p:?}");
    }

    #[test]
    fn no_model_for_latin_languages() {
        assert!(
            crate::text::lang::LangProfile::resolve("en")
                .phrases
                .is_none()
        );
    }
}
