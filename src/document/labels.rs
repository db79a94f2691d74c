//! Localised labels: the kit's `[labels]` first, then the built-in table.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::diag::{Diagnostic, Origin, StrResult};
use crate::spec::{Date, Kit, SPEC_FILE};

/// Every label the document stage uses; a language must have all of them.
const LABEL_NAMES: [&str; 15] = [
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
];

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
            let from_kit = kit.labels.get(name).map(|t| t.get(lang).to_string());
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
}
