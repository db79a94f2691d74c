//! The TOML shapes of `presskit.toml` and `layouts/*.toml`, exactly as written by authors.
//!
//! Every struct denies unknown keys so a typo is an error with a line and column, not a silently
//! missing section.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// A text given once per language: `name.en = "…"`, `name.ja = "…"`.
pub type RawText = Spanned<BTreeMap<String, Spanned<String>>>;

/// The whole `presskit.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKit {
    pub kit: RawMeta,
    #[serde(default)]
    pub organisers: Vec<RawOrganiser>,
    #[serde(default)]
    pub speakers: Vec<RawSpeaker>,
    pub facts: Option<RawFacts>,
    #[serde(default)]
    pub figures: Vec<RawFigure>,
    pub about: Option<RawAbout>,
    #[serde(default)]
    pub contacts: Vec<RawContact>,
    pub contacts_note: Option<RawText>,
    /// The print shop's output condition, if not the default FOGRA39.
    pub print: Option<RawPrint>,
    /// Overrides of the built-in localised labels, keyed by label name.
    #[serde(default)]
    pub labels: BTreeMap<String, RawText>,
}

/// `[kit]`: identity and cover of the kit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub id: Spanned<String>,
    pub languages: Spanned<Vec<Spanned<String>>>,
    pub layout: Spanned<String>,
    pub date: Spanned<Datetime>,
    pub release: Option<Spanned<String>>,
    pub embargo: Option<Spanned<Datetime>>,
    /// How readers name the embargo's time zone ("HKT", or per language); replaces the UTC offset.
    pub embargo_zone: Option<Spanned<toml::Value>>,
    pub release_file: Spanned<String>,
    pub url: Option<Spanned<String>>,
    pub title: RawText,
    pub event: RawText,
    pub headline: RawText,
    pub subhead: Option<RawText>,
    pub dateline: RawText,
}

/// `[[organisers]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganiser {
    pub name: RawText,
}

/// `[[speakers]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpeaker {
    pub key: Spanned<String>,
    /// Optional: a card without a photo gives its text the full width.
    pub photo: Option<Spanned<String>>,
    pub name: RawText,
    pub role: RawText,
    pub bio: RawText,
    /// Required exactly when there is a photo.
    pub alt: Option<RawText>,
}

/// `[facts]`: the fact table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFacts {
    pub caption: RawText,
    pub columns: Vec<RawColumn>,
    pub rows: Vec<RawRow>,
}

/// `[[facts.columns]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColumn {
    pub label: RawText,
    pub width: Spanned<f64>,
}

/// `[[facts.rows]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRow {
    pub cells: Spanned<Vec<RawText>>,
}

/// `[[figures]]`: one key figure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFigure {
    pub value: RawText,
    pub label: RawText,
}

/// `[about]`: the boilerplate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAbout {
    pub title: RawText,
    pub body: RawText,
}

/// `[[contacts]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub name: RawText,
    pub organisation: Option<RawText>,
    /// The person's role or desk, per language.
    pub role: Option<RawText>,
    pub email: Option<Spanned<String>>,
    pub phone: Option<Spanned<String>>,
    /// Further numbers, each with an optional per-language label such as a city.
    #[serde(default)]
    pub phones: Vec<RawPhone>,
}

/// `[[contacts.phones]]`: one number of a contact.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhone {
    pub number: Spanned<String>,
    pub label: Option<RawText>,
}

/// `[print]`: the print shop's CMYK output profile for PDF/X.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrint {
    pub profile: Spanned<String>,
    pub condition_identifier: Spanned<String>,
    pub condition: Option<Spanned<String>>,
    pub registry: Option<Spanned<String>>,
}
