//! Stage 1, **spec**: a kit folder → [`Kit`].
//!
//! Steps: read `presskit.toml` → deserialize with spans (`raw.rs`) → resolve every per-language
//! text against the kit's languages → read photos and release Markdown → load the layout file.
//! Every problem is a [`Diagnostic`] naming a file and line:column or key path.

pub mod layout;
pub mod markdown;
mod raw;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;

pub use self::layout::{Layout, Section};
pub use self::markdown::{Inline, MdBlock};
use self::raw::*;
use crate::diag::{Diagnostic, Diagnostics, Origin, StrResult};

/// A loaded, validated kit.
#[derive(Debug, Clone)]
pub struct Kit {
    /// The kit folder.
    pub dir: PathBuf,
    /// `kit.id`, used in output file names.
    pub id: String,
    /// BCP 47 tags in the order the spec lists them.
    pub languages: Vec<String>,
    /// Release date.
    pub date: Date,
    /// Immediate release or embargo.
    pub release: Release,
    /// The organisation's web address, if any.
    pub url: Option<String>,
    /// Document title.
    pub title: Text,
    /// Event name.
    pub event: Text,
    /// Cover headline.
    pub headline: Text,
    /// Cover subhead.
    pub subhead: Option<Text>,
    /// Place of the dateline.
    pub dateline: Text,
    /// Co-hosts, in spec order.
    pub organisers: Vec<Text>,
    /// Speakers, in spec order.
    pub speakers: Vec<Speaker>,
    /// The fact table.
    pub facts: Option<Facts>,
    /// Key figures.
    pub figures: Vec<Figure>,
    /// Boilerplate.
    pub about: Option<About>,
    /// Media contacts.
    pub contacts: Vec<Contact>,
    /// A note shown with the contacts.
    pub contacts_note: Option<Text>,
    /// Label overrides from `[labels]`.
    pub labels: BTreeMap<String, Text>,
    /// Release text per language.
    pub releases: BTreeMap<String, Vec<MdBlock>>,
    /// The layout the kit is set in.
    pub layout: Layout,
    /// The output condition the print variant declares.
    pub print: OutputIntent,
}

/// A PDF/X output intent: the CMYK profile of the press and how it is named.
#[derive(Debug, Clone)]
pub struct OutputIntent {
    /// The ICC profile file.
    pub path: PathBuf,
    /// Its bytes: an output-class CMYK profile.
    pub profile: Arc<Vec<u8>>,
    /// `OutputConditionIdentifier`, e.g. `FOGRA39`.
    pub identifier: String,
    /// `OutputCondition`, a human-readable description.
    pub condition: String,
    /// `RegistryName` where the identifier is registered.
    pub registry: String,
}

/// The output condition of the profile shipped with presskit (`layouts/icc/README.md`).
pub const DEFAULT_PROFILE: &str = "icc/presskit-fogra39.icc";
const DEFAULT_IDENTIFIER: &str = "FOGRA39";
const DEFAULT_CONDITION: &str = "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)";
const ICC_REGISTRY: &str = "http://www.color.org";

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

/// When the release may be published.
#[derive(Debug, Clone, PartialEq)]
pub enum Release {
    /// "For immediate release".
    Immediate,
    /// Embargoed until a date and time (with its UTC offset, as written).
    Embargo {
        date: Date,
        hour: u8,
        minute: u8,
        offset: Option<String>,
    },
}

/// A text with one value per kit language, and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    values: BTreeMap<String, String>,
    /// Where each language's value sits, with its line and column.
    value_origins: BTreeMap<String, Origin>,
    /// Where the text sits in `presskit.toml`.
    pub origin: Origin,
}

impl Text {
    /// The text in a language; every kit language is present after validation.
    pub fn get(&self, lang: &str) -> &str {
        self.values
            .get(lang)
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// Where one language's value is written (line and column of the string).
    pub fn value_origin(&self, lang: &str) -> Origin {
        self.value_origins
            .get(lang)
            .cloned()
            .unwrap_or_else(|| self.origin_for(lang))
    }

    /// The origin narrowed to one language, for errors found later in that text.
    pub fn origin_for(&self, lang: &str) -> Origin {
        let key = self.origin.key.as_deref().unwrap_or_default();
        self.origin.clone().with_key(format!("{key}.{lang}"))
    }
}

/// A speaker card.
#[derive(Debug, Clone)]
pub struct Speaker {
    /// Short identifier.
    pub key: String,
    /// The portrait.
    pub photo: Photo,
    /// Name with title.
    pub name: Text,
    /// Role and organisation.
    pub role: Text,
    /// 2–3 sentences.
    pub bio: Text,
    /// Alternative text for the portrait.
    pub alt: Text,
}

/// A JPEG photo, read once; its bytes go into the PDF unchanged.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The file.
    pub path: PathBuf,
    /// Its bytes.
    pub data: Arc<Vec<u8>>,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Colour components: 1 grey, 3 YCbCr/RGB, 4 CMYK.
    pub components: u8,
}

/// The fact table.
#[derive(Debug, Clone)]
pub struct Facts {
    /// Caption above the table.
    pub caption: Text,
    /// Header labels and relative widths (they sum to 1).
    pub columns: Vec<(Text, f64)>,
    /// Rows of cells, as many as columns.
    pub rows: Vec<Vec<Text>>,
}

/// One key figure.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The number as set, e.g. "150+".
    pub value: Text,
    /// What it counts.
    pub label: Text,
}

/// The "About" boilerplate.
#[derive(Debug, Clone)]
pub struct About {
    /// Heading.
    pub title: Text,
    /// Body, inline Markdown.
    pub body: Text,
}

/// A media contact.
#[derive(Debug, Clone)]
pub struct Contact {
    /// Person or desk.
    pub name: Text,
    /// Organisation.
    pub organisation: Option<Text>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
}

/// Where to find kits' layout files when the kit folder has none of its own.
#[derive(Debug, Clone)]
pub struct SpecOptions {
    /// The installation's `layouts/` folder.
    pub layouts_dir: PathBuf,
    /// A layout to use instead of the one the kit names.
    pub layout_override: Option<String>,
}

/// The spec file name inside a kit folder.
pub const SPEC_FILE: &str = "presskit.toml";

/// Loads and validates the kit in `dir`.
pub fn load(dir: &Path, options: &SpecOptions) -> StrResult<Kit> {
    let spec_path = dir.join(SPEC_FILE);
    let source = std::fs::read_to_string(&spec_path).map_err(|err| {
        vec![
            Diagnostic::error(
                Origin::file(&spec_path),
                format!("failed to read kit spec ({err})"),
            )
            .with_hint("a kit folder holds presskit.toml, content/ and photos/"),
        ]
    })?;
    let raw: RawKit = parse_toml(&spec_path, &source)?;
    let mut resolver = Resolver {
        path: &spec_path,
        source: &source,
        languages: vec![],
        errors: vec![],
    };
    let kit = resolver.resolve(dir, raw, options);
    match kit {
        Some(kit) if resolver.errors.is_empty() => Ok(kit),
        _ => Err(resolver.errors),
    }
}

/// Deserializes a TOML file, turning the parser's error into a located diagnostic.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    source: &str,
) -> StrResult<T> {
    toml::from_str(source).map_err(|err| {
        let origin = match err.span() {
            Some(span) => Origin::at(path, source, span.start),
            None => Origin::file(path),
        };
        vec![Diagnostic::error(origin, err.message().trim().to_string())]
    })
}

struct Resolver<'a> {
    path: &'a Path,
    source: &'a str,
    languages: Vec<String>,
    errors: Diagnostics,
}

impl Resolver<'_> {
    fn origin(&self, span: Range<usize>, key: impl Into<String>) -> Origin {
        Origin::at(self.path, self.source, span.start).with_key(key)
    }

    fn error(&mut self, span: Range<usize>, key: &str, message: impl Into<String>) {
        let origin = self.origin(span, key);
        self.errors.push(Diagnostic::error(origin, message));
    }

    fn resolve(&mut self, dir: &Path, raw: RawKit, options: &SpecOptions) -> Option<Kit> {
        let meta = raw.kit;
        self.languages = self.languages(&meta.languages);
        let id = self.kit_id(&meta.id);
        let date = self.date(&meta.date, "kit.date");
        let release = self.release(&meta);
        let text = |r: &mut Self, t: &RawText, key: &str| r.text(t, key);

        let title = text(self, &meta.title, "kit.title");
        let event = text(self, &meta.event, "kit.event");
        let headline = text(self, &meta.headline, "kit.headline");
        let subhead = meta.subhead.as_ref().map(|t| text(self, t, "kit.subhead"));
        let dateline = text(self, &meta.dateline, "kit.dateline");
        let organisers = raw
            .organisers
            .iter()
            .enumerate()
            .map(|(i, o)| text(self, &o.name, &format!("organisers[{i}].name")))
            .collect();
        let speakers = raw
            .speakers
            .iter()
            .enumerate()
            .filter_map(|(i, s)| self.speaker(dir, i, s))
            .collect();
        let facts = raw.facts.as_ref().map(|f| self.facts(f));
        let figures = raw
            .figures
            .iter()
            .enumerate()
            .map(|(i, f)| Figure {
                value: text(self, &f.value, &format!("figures[{i}].value")),
                label: text(self, &f.label, &format!("figures[{i}].label")),
            })
            .collect();
        let about = raw.about.as_ref().map(|a| About {
            title: text(self, &a.title, "about.title"),
            body: text(self, &a.body, "about.body"),
        });
        let contacts = raw
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| Contact {
                name: text(self, &c.name, &format!("contacts[{i}].name")),
                organisation: c
                    .organisation
                    .as_ref()
                    .map(|o| text(self, o, &format!("contacts[{i}].organisation"))),
                email: c.email.as_ref().map(|e| e.get_ref().clone()),
                phone: c.phone.as_ref().map(|p| p.get_ref().clone()),
            })
            .collect();
        let contacts_note = raw
            .contacts_note
            .as_ref()
            .map(|t| text(self, t, "contacts_note"));
        let labels = raw
            .labels
            .iter()
            .map(|(k, t)| (k.clone(), text(self, t, &format!("labels.{k}"))))
            .collect();
        let releases = self.releases(dir, &meta.release_file);
        let print = self.output_intent(dir, raw.print.as_ref(), &options.layouts_dir);

        let layout_name = options
            .layout_override
            .clone()
            .unwrap_or_else(|| meta.layout.get_ref().clone());
        let layout = match load_layout(dir, &options.layouts_dir, &layout_name) {
            Ok(layout) => Some(layout),
            Err(mut errs) => {
                if options.layout_override.is_none()
                    && errs.iter().all(|e| e.message.starts_with("no layout"))
                {
                    let origin = self.origin(meta.layout.span(), "kit.layout");
                    errs = errs
                        .into_iter()
                        .map(|e| Diagnostic {
                            origin: Some(origin.clone()),
                            ..e
                        })
                        .collect();
                }
                self.errors.extend(errs);
                None
            }
        };

        Some(Kit {
            dir: dir.to_path_buf(),
            id: id?,
            languages: self.languages.clone(),
            date: date?,
            release: release?,
            url: meta.url.as_ref().map(|u| u.get_ref().clone()),
            title,
            event,
            headline,
            subhead,
            dateline,
            organisers,
            speakers,
            facts,
            figures,
            about,
            contacts,
            contacts_note,
            labels,
            releases,
            layout: layout?,
            print: print?,
        })
    }

    fn output_intent(
        &mut self,
        dir: &Path,
        raw: Option<&RawPrint>,
        layouts_dir: &Path,
    ) -> Option<OutputIntent> {
        let (path, span, identifier, condition, registry) = match raw {
            Some(p) => (
                dir.join(p.profile.get_ref()),
                Some(p.profile.span()),
                p.condition_identifier.get_ref().clone(),
                p.condition.as_ref().map_or_else(
                    || p.condition_identifier.get_ref().clone(),
                    |c| c.get_ref().clone(),
                ),
                p.registry
                    .as_ref()
                    .map_or(ICC_REGISTRY.to_string(), |r| r.get_ref().clone()),
            ),
            None => (
                layouts_dir.join(DEFAULT_PROFILE),
                None,
                DEFAULT_IDENTIFIER.into(),
                DEFAULT_CONDITION.into(),
                ICC_REGISTRY.into(),
            ),
        };
        let origin = match span {
            Some(span) => self.origin(span, "print.profile"),
            None => Origin::file(&path),
        };
        let profile = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                self.errors.push(Diagnostic::error(
                    origin,
                    format!("failed to read ICC profile {} ({err})", path.display()),
                ));
                return None;
            }
        };
        // ICC header: device class at 12..16, data colour space at 16..20.
        if profile.get(12..16) != Some(b"prtr") || profile.get(16..20) != Some(b"CMYK") {
            self.errors.push(
                Diagnostic::error(
                    origin,
                    format!(
                        "{} is not an output (printer) CMYK ICC profile",
                        path.display()
                    ),
                )
                .with_hint(
                    "PDF/X needs the print condition's CMYK profile, e.g. from the print shop",
                ),
            );
            return None;
        }
        Some(OutputIntent {
            path,
            profile: Arc::new(profile),
            identifier,
            condition,
            registry,
        })
    }

    fn languages(&mut self, raw: &Spanned<Vec<Spanned<String>>>) -> Vec<String> {
        if raw.get_ref().is_empty() {
            self.error(
                raw.span(),
                "kit.languages",
                "a kit needs at least one language",
            );
        }
        let mut seen = vec![];
        for lang in raw.get_ref() {
            let tag = lang.get_ref();
            if !is_language_tag(tag) {
                self.error(
                    lang.span(),
                    "kit.languages",
                    format!("`{tag}` is not a BCP 47 language tag"),
                );
            } else if seen.contains(tag) {
                self.error(
                    lang.span(),
                    "kit.languages",
                    format!("language `{tag}` is listed twice"),
                );
            } else {
                seen.push(tag.clone());
            }
        }
        seen
    }

    fn kit_id(&mut self, raw: &Spanned<String>) -> Option<String> {
        let id = raw.get_ref();
        let ok = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            self.error(
                raw.span(),
                "kit.id",
                format!("kit id `{id}` must be ASCII letters, digits, - or _"),
            );
            return None;
        }
        Some(id.clone())
    }

    fn date(&mut self, raw: &Spanned<toml::value::Datetime>, key: &str) -> Option<Date> {
        match raw.get_ref().date {
            Some(d) => Some(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            None => {
                self.error(raw.span(), key, "expected a date such as 2026-11-21");
                None
            }
        }
    }

    fn release(&mut self, meta: &RawMeta) -> Option<Release> {
        match (&meta.release, &meta.embargo) {
            (Some(r), None) if r.get_ref() == "immediate" => Some(Release::Immediate),
            (Some(r), None) => {
                self.error(
                    r.span(),
                    "kit.release",
                    format!("unknown release `{}`; expected \"immediate\"", r.get_ref()),
                );
                None
            }
            (None, Some(e)) => {
                let date = self.date(e, "kit.embargo")?;
                let time = e.get_ref().time;
                let Some(time) = time else {
                    self.error(
                        e.span(),
                        "kit.embargo",
                        "an embargo needs a time, e.g. 2026-11-20T09:00:00+08:00",
                    );
                    return None;
                };
                let offset = e.get_ref().offset.map(|o| match o {
                    toml::value::Offset::Z => "UTC".to_string(),
                    toml::value::Offset::Custom { minutes } => {
                        let sign = if minutes < 0 { '-' } else { '+' };
                        format!(
                            "UTC{sign}{:02}:{:02}",
                            minutes.abs() / 60,
                            minutes.abs() % 60
                        )
                    }
                });
                Some(Release::Embargo {
                    date,
                    hour: time.hour,
                    minute: time.minute,
                    offset,
                })
            }
            (Some(_), Some(e)) => {
                self.error(
                    e.span(),
                    "kit.embargo",
                    "give either `release = \"immediate\"` or `embargo`, not both",
                );
                None
            }
            (None, None) => {
                self.error(
                    meta.id.span(),
                    "kit",
                    "missing `release = \"immediate\"` or `embargo = <date-time>`",
                );
                None
            }
        }
    }

    /// Resolves a per-language text: every kit language present, no unknown language.
    fn text(&mut self, raw: &RawText, key: &str) -> Text {
        let map = raw.get_ref();
        for lang in self.languages.clone() {
            if !map.contains_key(&lang) {
                let present: Vec<&str> = map.keys().map(String::as_str).collect();
                let origin = self.origin(raw.span(), key);
                self.errors.push(
                    Diagnostic::error(origin, format!("missing `{lang}` translation of `{key}`"))
                        .with_hint(format!(
                            "add `{key}.{lang} = \"…\"`; present: {}",
                            present.join(", ")
                        )),
                );
            }
        }
        for (lang, value) in map {
            if !self.languages.contains(lang) {
                let origin = self.origin(value.span(), format!("{key}.{lang}"));
                self.errors.push(
                    Diagnostic::error(
                        origin,
                        format!("`{lang}` is not one of the kit's languages"),
                    )
                    .with_hint(format!("kit.languages = {:?}", self.languages)),
                );
            } else if value.get_ref().trim().is_empty() {
                self.error(value.span(), &format!("{key}.{lang}"), "empty text");
            }
        }
        let values = map
            .iter()
            .map(|(k, v)| (k.clone(), v.get_ref().trim().to_string()))
            .collect();
        let value_origins = map
            .iter()
            .map(|(k, v)| (k.clone(), self.origin(v.span(), format!("{key}.{k}"))))
            .collect();
        Text {
            values,
            value_origins,
            origin: self.origin(raw.span(), key),
        }
    }

    fn speaker(&mut self, dir: &Path, i: usize, raw: &RawSpeaker) -> Option<Speaker> {
        let key = format!("speakers[{i}]");
        let name = self.text(&raw.name, &format!("{key}.name"));
        let role = self.text(&raw.role, &format!("{key}.role"));
        let bio = self.text(&raw.bio, &format!("{key}.bio"));
        let alt = self.text(&raw.alt, &format!("{key}.alt"));
        let origin = self.origin(raw.photo.span(), format!("{key}.photo"));
        match read_photo(&dir.join(raw.photo.get_ref()), origin) {
            Ok(photo) => Some(Speaker {
                key: raw.key.get_ref().clone(),
                photo,
                name,
                role,
                bio,
                alt,
            }),
            Err(err) => {
                self.errors.push(*err);
                None
            }
        }
    }

    fn facts(&mut self, raw: &RawFacts) -> Facts {
        let caption = self.text(&raw.caption, "facts.caption");
        let columns: Vec<(Text, f64)> = raw
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    self.text(&c.label, &format!("facts.columns[{i}].label")),
                    *c.width.get_ref(),
                )
            })
            .collect();
        let total: f64 = columns.iter().map(|c| c.1).sum();
        if raw.columns.is_empty()
            || raw.columns.iter().any(|c| *c.width.get_ref() <= 0.0)
            || (total - 1.0).abs() > 0.01
        {
            let span = raw
                .columns
                .first()
                .map_or(raw.caption.span(), |c| c.width.span());
            self.error(
                span,
                "facts.columns",
                format!("column widths must be positive and add up to 1 (they add up to {total})"),
            );
        }
        let mut rows = vec![];
        for (r, row) in raw.rows.iter().enumerate() {
            if row.cells.get_ref().len() != raw.columns.len() {
                self.error(
                    row.cells.span(),
                    &format!("facts.rows[{r}].cells"),
                    format!(
                        "row has {} cells but the table has {} columns",
                        row.cells.get_ref().len(),
                        raw.columns.len()
                    ),
                );
            }
            rows.push(
                row.cells
                    .get_ref()
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| self.text(cell, &format!("facts.rows[{r}].cells[{c}]")))
                    .collect(),
            );
        }
        Facts {
            caption,
            columns: columns
                .into_iter()
                .map(|(t, w)| (t, w / total.max(f64::EPSILON)))
                .collect(),
            rows,
        }
    }

    fn releases(
        &mut self,
        dir: &Path,
        pattern: &Spanned<String>,
    ) -> BTreeMap<String, Vec<MdBlock>> {
        if !pattern.get_ref().contains("{lang}") {
            self.error(
                pattern.span(),
                "kit.release_file",
                "the path must contain `{lang}`, e.g. content/release.{lang}.md",
            );
            return BTreeMap::new();
        }
        let mut releases = BTreeMap::new();
        for lang in self.languages.clone() {
            let path = dir.join(pattern.get_ref().replace("{lang}", &lang));
            match std::fs::read_to_string(&path) {
                Ok(source) => match markdown::parse_blocks(&path, &source) {
                    Ok(blocks) if blocks.is_empty() => {
                        self.errors.push(Diagnostic::error(
                            Origin::file(&path),
                            "release text is empty",
                        ));
                    }
                    Ok(blocks) => {
                        releases.insert(lang, blocks);
                    }
                    Err(errs) => self.errors.extend(errs),
                },
                Err(err) => {
                    let origin = self.origin(pattern.span(), "kit.release_file");
                    self.errors.push(Diagnostic::error(
                        origin,
                        format!(
                            "failed to read the `{lang}` release text {} ({err})",
                            path.display()
                        ),
                    ));
                }
            }
        }
        releases
    }
}

/// Loads `<name>.toml` from the kit's own `layouts/` folder, else from the installation's.
pub fn load_layout(kit_dir: &Path, layouts_dir: &Path, name: &str) -> StrResult<Layout> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let candidates = [kit_dir.join("layouts"), layouts_dir.to_path_buf()]
        .map(|d| d.join(format!("{name}.toml")));
    let Some(path) = candidates.iter().find(|p| valid && p.is_file()) else {
        return Err(vec![
            Diagnostic::bare(format!("no layout named `{name}`")).with_hint(format!(
                "layouts are looked up in {} and {}",
                kit_dir.join("layouts").display(),
                layouts_dir.display()
            )),
        ]);
    };
    let source = std::fs::read_to_string(path).map_err(|err| {
        vec![Diagnostic::error(
            Origin::file(path),
            format!("failed to read layout ({err})"),
        )]
    })?;
    let layout: Layout = parse_toml(path, &source)?;
    if layout.name != name {
        return Err(vec![Diagnostic::error(
            Origin::file(path).with_key("name"),
            format!(
                "layout file says name = \"{}\" but is selected as `{name}`",
                layout.name
            ),
        )]);
    }
    Ok(layout)
}

/// Reads a JPEG and its size from the SOF marker; anything else is an error.
pub fn read_photo(path: &Path, origin: Origin) -> Result<Photo, Box<Diagnostic>> {
    let data = std::fs::read(path).map_err(|err| {
        Diagnostic::error(
            origin.clone(),
            format!("failed to read photo {} ({err})", path.display()),
        )
    })?;
    let (width, height, components) = jpeg_frame(&data).ok_or_else(|| {
        Box::new(
            Diagnostic::error(
                origin,
                format!(
                    "photo {} is not a baseline or progressive JPEG",
                    path.display()
                ),
            )
            .with_hint(
                "presskit embeds photos as JPEG without re-encoding; export the photo as .jpg",
            ),
        )
    })?;
    Ok(Photo {
        path: path.to_path_buf(),
        data: Arc::new(data),
        width,
        height,
        components,
    })
}

/// Width, height and component count from a JPEG's start-of-frame marker.
fn jpeg_frame(data: &[u8]) -> Option<(u32, u32, u8)> {
    if data.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    while i + 4 <= data.len() {
        if data[i] != 0xFF {
            return None;
        }
        let marker = data[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([data[i + 2], data[i + 3]]) as usize;
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let seg = data.get(i + 4..i + 2 + len)?;
            let height = u16::from_be_bytes([seg[1], seg[2]]) as u32;
            let width = u16::from_be_bytes([seg[3], seg[4]]) as u32;
            let components = seg[5];
            return (width > 0 && height > 0).then_some((width, height, components));
        }
        i += 2 + len;
    }
    None
}

/// A loose BCP 47 check: alphanumeric subtags of 1–8 characters joined by hyphens.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("zh-Hant-HK"));
        assert!(!is_language_tag("EN"));
        assert!(!is_language_tag("zh_HK"));
    }

    #[test]
    fn jpeg_frame_reads_size() {
        // SOI, APP0 stub, SOF0 with 2x3 px and 3 components.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00,
            0x03, 0x00, 0x02, 0x03, 0x01, 0x11, 0x00,
        ];
        assert_eq!(jpeg_frame(&jpeg), Some((2, 3, 3)));
        assert_eq!(jpeg_frame(b"\x89PNG"), None);
    }
}
