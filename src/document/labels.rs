//! Localised labels: the kit's `[labels]` first, then the built-in table.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::diag::{Diagnostic, Origin, StrResult};
use crate::spec::{Date, Kit, SPEC_FILE};

/// Every label the document stage uses; a language must have all of them.
pub const LABEL_NAMES: [&str; 17] = [
    "immediate",
    "embargo",
    "press_release",
    "co_hosts",
    "speakers",
    "figures",
    "contacts",
    "email",
    "phone",
    "page",
    "continued",
    "end",
    "date",
    "months",
    "dateline",
    "separator",
    "phone_labelled",
];

/// Labels a kit may switch off with an empty override.
const MAY_BE_EMPTY: [&str; 1] = ["co_hosts"];

/// The labels of one language, all present.
#[derive(Debug, Clone)]
pub struct Labels {
    values: BTreeMap<&'static str, String>,
}

fn built_in() -> &'static BTreeMap<String, BTreeMap<String, String>> {
    static TABLE: OnceLock<BTreeMap<String, BTreeMap<String, String>>> = OnceLock::new();
    TABLE
        .get_or_init(|| toml::from_str(include_str!("labels.toml")).expect("built-in labels parse"))
}

impl Labels {
    /// Resolves every label for `lang`, or names the ones missing.
    pub fn resolve(kit: &Kit, lang: &str) -> StrResult<Labels> {
        let mut values = BTreeMap::new();
        let mut errors = vec![];
        for name in LABEL_NAMES {
            // An override may name only the languages it changes.
            let from_kit = kit
                .labels
                .get(name)
                .and_then(|t| t.try_get(lang))
                .map(str::to_string);
            match from_kit.or_else(|| built_in_label(lang, name)) {
                Some(value) => {
                    values.insert(name, value);
                }
                None => errors.push(
                    Diagnostic::error(
                        Origin::file(kit.dir.join(SPEC_FILE)).with_key(format!("labels.{name}")),
                        format!("no label `{name}` for language `{lang}`"),
                    )
                    .with_hint(format!("presskit has built-in labels for {}; add `[labels.{name}]` with `{lang} = \"…\"`", built_in().keys().cloned().collect::<Vec<_>>().join(", "))),
                ),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if values["months"].split('|').count() != 12 {
            return Err(vec![Diagnostic::error(
                Origin::file(kit.dir.join(SPEC_FILE)).with_key("labels.months"),
                format!("`months` for `{lang}` must list 12 names separated by |"),
            )]);
        }
        Ok(Labels { values })
    }

    /// Checks the kit's `[labels]` once, for all languages: every name is one presskit uses,
    /// and only `co_hosts` may be empty (no label).
    pub fn check_overrides(kit: &Kit) -> StrResult<()> {
        let mut errors = vec![];
        for (name, text) in &kit.labels {
            if !LABEL_NAMES.contains(&name.as_str()) {
                let near = LABEL_NAMES
                    .iter()
                    .filter(|n| n.starts_with(&name[..name.len().min(3)]))
                    .copied()
                    .collect::<Vec<_>>();
                let mut error =
                    Diagnostic::error(text.origin.clone(), format!("unknown label `{name}`"))
                        .with_hint(format!("labels are {}", LABEL_NAMES.join(", ")));
                if !near.is_empty() {
                    error = error.with_hint(format!("did you mean `{}`?", near.join("` or `")));
                }
                errors.push(error);
                continue;
            }
            for lang in &kit.languages {
                if text.try_get(lang) == Some("") && !MAY_BE_EMPTY.contains(&name.as_str()) {
                    errors.push(Diagnostic::error(
                        text.origin_for(lang),
                        format!("label `{name}` may not be empty"),
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// A label's text.
    pub fn get(&self, name: &str) -> &str {
        &self.values[name]
    }

    /// A date in the language's format.
    pub fn date(&self, date: Date) -> String {
        let month = self.values["months"]
            .split('|')
            .nth(date.month as usize - 1)
            .unwrap_or_default();
        self.values["date"]
            .replace("{day}", &date.day.to_string())
            .replace("{month}", month)
            .replace("{year}", &date.year.to_string())
    }
}

/// The built-in label for the tag or its nearest ancestor (zh-Hant-HK → zh-Hant → zh).
fn built_in_label(lang: &str, name: &str) -> Option<String> {
    let mut tag = lang;
    loop {
        if let Some(value) = built_in().get(tag).and_then(|t| t.get(name)) {
            return Some(value.clone());
        }
        tag = &tag[..tag.rfind('-')?];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_table_is_complete_for_each_language() {
        for (lang, table) in built_in() {
            for name in LABEL_NAMES {
                assert!(
                    table.contains_key(name),
                    "label `{name}` missing for `{lang}`"
                );
            }
            assert_eq!(table.len(), LABEL_NAMES.len(), "unknown label in `{lang}`");
        }
    }

    #[test]
    fn region_falls_back_to_script() {
        assert_eq!(
            built_in_label("zh-Hant-HK", "end").as_deref(),
            Some("－完－")
        );
        assert_eq!(built_in_label("en-GB", "phone").as_deref(), Some("Tel."));
        assert_eq!(built_in_label("fr", "phone"), None);
    }

    /// jlreq §3.1.4 and clreq §3.1.8: the colon after a label in Japanese and Chinese is the
    /// full-width "：", which carries its own space; an ASCII ": " there is a Western mark.
    #[test]
    fn cjk_separators_are_full_width_colons() {
        for lang in ["ja", "zh-Hans", "zh-Hant", "zh-Hant-HK"] {
            assert_eq!(
                built_in_label(lang, "separator").as_deref(),
                Some("："),
                "{lang}"
            );
        }
        for lang in ["en", "id", "ko", "vi"] {
            assert_eq!(
                built_in_label(lang, "separator").as_deref(),
                Some(": "),
                "{lang}"
            );
        }
    }
}
