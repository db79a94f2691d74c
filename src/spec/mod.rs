//! Stage 1, **spec**: a kit folder → [`Kit`].
//!
//! Steps: read `presskit.toml` → deserialize with spans (`raw.rs`) → resolve every per-language
//! text against the kit's languages → read photos and release Markdown → load the layout file.
//! Every problem is a [`Diagnostic`] naming a file and line:column or key path.
//!
//! Owns the kit as written: its files, keys, languages and layout file. Imports only services
//! (`diag`, `photo`, `markup`).

mod files;
mod layout;
mod markdown;
mod raw;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use toml::Spanned;

pub use self::files::{FileError, FileKind, KitFile, KitFiles};
pub use self::layout::{FontSpec, Geometry, Layout, Section};
pub use self::markdown::{MdBlock, parse_blocks, parse_paragraphs};
use self::raw::*;
use crate::diag::{Diagnostic, Diagnostics, LineIndex, Origin, StrResult, parse_toml};
use crate::photo::{Photo, read_photo};

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
    /// Embargoed until a date and time (with its UTC offset, as written, and the zone's name
    /// as readers know it, from `kit.embargo_zone`).
    Embargo {
        date: Date,
        hour: u8,
        minute: u8,
        offset: Option<String>,
        zone: Option<Text>,
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

    /// The text in a language, if the kit gives one (label overrides may name only some).
    pub fn try_get(&self, lang: &str) -> Option<&str> {
        self.values.get(lang).map(String::as_str)
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
    /// The portrait and its alternative text; a card may have none.
    pub portrait: Option<Portrait>,
    /// Name with title.
    pub name: Text,
    /// Role and organisation.
    pub role: Text,
    /// 2–3 sentences, Markdown; may hold several paragraphs.
    pub bio: Text,
}

/// A speaker's portrait as the kit gives it.
#[derive(Debug, Clone)]
pub struct Portrait {
    /// The photo, read and checked.
    pub photo: Photo,
    /// Its alternative text in every language.
    pub alt: Text,
}

/// A column of the fact table.
#[derive(Debug, Clone)]
pub struct FactColumn {
    /// Header label.
    pub label: Text,
    /// Width as a fraction of the text area; the columns' widths sum to 1.
    pub width: f64,
}

/// The fact table.
#[derive(Debug, Clone)]
pub struct Facts {
    /// Caption above the table.
    pub caption: Text,
    /// The columns, left to right.
    pub columns: Vec<FactColumn>,
    /// Rows of cells, as many as columns; a cell may be empty (in every language or in some).
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
    /// Body, Markdown paragraphs.
    pub body: Text,
}

/// A media contact.
#[derive(Debug, Clone)]
pub struct Contact {
    /// Person or desk.
    pub name: Text,
    /// Organisation.
    pub organisation: Option<Text>,
    /// Role or desk.
    pub role: Option<Text>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone numbers in spec order (`phone` first, then `phones`).
    pub phones: Vec<Phone>,
}

/// A phone number as written and as an RFC 3966 `tel:` URI.
#[derive(Debug, Clone)]
pub struct Phone {
    /// As the author wrote it, e.g. `+84 24 3825 0000`.
    pub display: String,
    /// The global number, e.g. `tel:+842438250000` or `tel:+842438250000;ext=12`.
    pub uri: String,
    /// What the number is for (a city, a desk), per language.
    pub label: Option<Text>,
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
    let files = KitFiles::new(dir, &options.layouts_dir);
    let bytes = files.read(SPEC_FILE, FileKind::Toml).map_err(|err| {
        let origin = Origin::file(&spec_path);
        let diag = match err {
            FileError::NotInKit => {
                Diagnostic::error(origin, "failed to read kit spec (no such file)")
                    .with_hint("a kit folder holds presskit.toml, content/ and photos/")
            }
            other => other.diagnostic_for(origin, "kit spec", FileKind::Toml),
        };
        vec![diag]
    })?;
    let source = files::utf8(&spec_path, bytes.bytes).map_err(|d| vec![*d])?;
    let forbidden = markdown::forbidden_chars(&spec_path, &source);
    if !forbidden.is_empty() {
        return Err(forbidden);
    }
    let raw: RawKit = parse_toml(&spec_path, &source)?;
    let mut resolver = Resolver {
        path: &spec_path,
        lines: LineIndex::new(&source),
        files,
        languages: vec![],
        errors: vec![],
    };
    let kit = resolver.resolve(dir, raw, options);
    match kit {
        Some(kit) if resolver.errors.is_empty() => {
            let unplaced = unplaced_content(&kit, &spec_path);
            if unplaced.is_empty() {
                Ok(kit)
            } else {
                Err(unplaced)
            }
        }
        _ => Err(resolver.errors),
    }
}

/// Kit content the layout has no section for: it would be left out of the PDFs without a word.
fn unplaced_content(kit: &Kit, spec_path: &Path) -> Diagnostics {
    let release = Origin::file(spec_path).with_key("kit.release_file");
    // Where each section's content starts in the kit, if it has any.
    let present: [(Section, Option<&Origin>); 7] = [
        (Section::Cover, Some(&kit.headline.origin)),
        (Section::Release, Some(&release)),
        (
            Section::Figures,
            kit.figures.first().map(|f| &f.value.origin),
        ),
        (
            Section::Speakers,
            kit.speakers.first().map(|s| &s.name.origin),
        ),
        (
            Section::Facts,
            kit.facts.as_ref().map(|f| &f.caption.origin),
        ),
        (Section::About, kit.about.as_ref().map(|a| &a.title.origin)),
        (
            Section::Contacts,
            kit.contacts.first().map(|c| &c.name.origin),
        ),
    ];
    present
        .into_iter()
        .filter(|(section, _)| !kit.layout.sections.contains(section))
        .filter_map(|(section, origin)| Some((section.name(), origin?.clone())))
        .map(|(name, origin)| {
            Diagnostic::error(
                origin,
                format!(
                    "the layout `{}` has no `{name}` section, so this would be left out of the PDFs",
                    kit.layout.name
                ),
            )
            .with_hint(format!(
                "add \"{name}\" to the layout's `sections`, or choose a layout that has it"
            ))
        })
        .collect()
}

struct Resolver<'a> {
    path: &'a Path,
    /// The spec's line starts: every text value gets an origin, so a scan from the file's start
    /// for each cost half a millisecond of the sample kit's start-up.
    lines: LineIndex<'a>,
    /// Every file the kit names is read through this, confined to the kit folder.
    files: KitFiles,
    languages: Vec<String>,
    errors: Diagnostics,
}

impl Resolver<'_> {
    fn origin(&self, span: Range<usize>, key: impl Into<String>) -> Origin {
        self.lines.origin(self.path, span.start).with_key(key)
    }

    fn error(&mut self, span: Range<usize>, key: &str, message: impl Into<String>) {
        let origin = self.origin(span, key);
        self.errors.push(Diagnostic::error(origin, message));
    }

    /// An error at `span`: `lang`, in the text at `key`, is not one of the kit's languages.
    fn unknown_language(&mut self, span: Range<usize>, key: &str, lang: &str) {
        let origin = self.origin(span, format!("{key}.{lang}"));
        self.errors.push(
            Diagnostic::error(
                origin,
                format!("`{lang}` is not one of the kit's languages"),
            )
            .with_hint(format!("kit.languages = {:?}", self.languages)),
        );
    }

    /// `raw`'s text when `ok`; otherwise `None` and an error at `raw` saying `message`.
    fn accept(
        &mut self,
        raw: &Spanned<String>,
        ok: bool,
        key: &str,
        message: impl FnOnce(&str) -> String,
    ) -> Option<String> {
        if !ok {
            self.error(raw.span(), key, message(raw.get_ref()));
            return None;
        }
        Some(raw.get_ref().clone())
    }

    fn resolve(&mut self, dir: &Path, raw: RawKit, options: &SpecOptions) -> Option<Kit> {
        let meta = raw.kit;
        // Strings that reach the PDF without passing through `text`: the same character rules.
        let mut plain: Vec<(&Spanned<String>, String)> = vec![];
        plain.extend(meta.url.iter().map(|u| (u, "kit.url".to_string())));
        for (i, c) in raw.contacts.iter().enumerate() {
            plain.extend(c.email.iter().map(|e| (e, format!("contacts[{i}].email"))));
            plain.extend(c.phone.iter().map(|p| (p, format!("contacts[{i}].phone"))));
        }
        for (i, speaker) in raw.speakers.iter().enumerate() {
            plain.push((&speaker.key, format!("speakers[{i}].key")));
        }
        if let Some(p) = &raw.print {
            plain.push((&p.condition_identifier, "print.condition_identifier".into()));
            plain.extend(
                p.condition
                    .iter()
                    .map(|c| (c, "print.condition".to_string())),
            );
            plain.extend(p.registry.iter().map(|r| (r, "print.registry".to_string())));
        }
        for (value, key) in plain {
            if let Some(c) = value
                .get_ref()
                .chars()
                .find(|&c| markdown::forbidden(c).is_some())
            {
                let origin = self.origin(value.span(), key);
                self.errors.push(markdown::forbidden_error(origin, c));
            }
        }
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
        // The layout first: it says where photos are placed, so each is decoded once, at the
        // size the screen variant needs there.
        let layout_name = options
            .layout_override
            .clone()
            .unwrap_or_else(|| meta.layout.get_ref().clone());
        let layout = match load_layout(&self.files, &options.layouts_dir, &layout_name) {
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

        let placed_width = layout
            .as_ref()
            .map(|layout| crate::geom::Abs::mm(layout.photo_width_mm).to_pt());
        let photos = self.read_photos(dir, &raw.speakers, placed_width);
        let speakers = raw
            .speakers
            .iter()
            .enumerate()
            .filter_map(|(i, s)| self.speaker(dir, i, s, &photos))
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
            .map(|(i, c)| self.contact(i, c))
            .collect();
        let contacts_note = raw
            .contacts_note
            .as_ref()
            .map(|t| text(self, t, "contacts_note"));
        let labels = raw
            .labels
            .iter()
            .map(|(k, t)| (k.clone(), self.partial_text(t, &format!("labels.{k}"))))
            .collect();
        let releases = self.releases(&meta.release_file);
        let print = self.output_intent(raw.print.as_ref(), &options.layouts_dir);

        Some(Kit {
            dir: dir.to_path_buf(),
            id: id?,
            languages: self.languages.clone(),
            date: date?,
            release: release?,
            url: meta.url.as_ref().and_then(|u| self.url(u)),
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
        raw: Option<&RawPrint>,
        layouts_dir: &Path,
    ) -> Option<OutputIntent> {
        let (named, span, identifier, condition, registry) = match raw {
            Some(p) => (
                Some(p.profile.get_ref().as_str()),
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
                None,
                None,
                DEFAULT_IDENTIFIER.into(),
                DEFAULT_CONDITION.into(),
                ICC_REGISTRY.into(),
            ),
        };
        let installed = layouts_dir.join(DEFAULT_PROFILE);
        let read = match named {
            Some(relative) => self.files.read(relative, FileKind::Profile),
            None => self.files.read_installed(&installed, FileKind::Profile),
        };
        let (path, profile) = match read {
            Ok(file) => (file.path, file.bytes),
            Err(err) => {
                let diag = match (named, span) {
                    (Some(relative), Some(span)) => err.diagnostic(
                        self.origin(span, "print.profile"),
                        relative,
                        FileKind::Profile,
                    ),
                    // The shipped profile is part of the installation, not of the kit.
                    _ => {
                        err.diagnostic(Origin::file(&installed), DEFAULT_PROFILE, FileKind::Profile)
                    }
                };
                self.errors.push(diag);
                return None;
            }
        };
        let origin = match span {
            Some(span) => self.origin(span, "print.profile"),
            None => Origin::file(&path),
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

    /// The kit's web address: it becomes a link, so only http and https.
    fn url(&mut self, raw: &Spanned<String>) -> Option<String> {
        let url = raw.get_ref();
        let web = ["http://", "https://"].iter().any(|scheme| {
            url.len() > scheme.len()
                && url
                    .get(..scheme.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
        });
        let ok = web && !url.chars().any(char::is_whitespace);
        self.accept(raw, ok, "kit.url", |url| {
            format!("`{url}` is not a web address; it must start with http:// or https://")
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
        self.accept(raw, ok, "kit.id", |id| {
            format!("kit id `{id}` must be ASCII letters, digits, - or _")
        })
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
            (Some(r), None) if r.get_ref() == "immediate" => {
                if let Some(zone) = &meta.embargo_zone {
                    self.error(
                        zone.span(),
                        "kit.embargo_zone",
                        "`embargo_zone` names the zone of `embargo`, but the release is immediate",
                    );
                }
                Some(Release::Immediate)
            }
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
                let zone = meta.embargo_zone.as_ref().and_then(|z| self.zone(z));
                Some(Release::Embargo {
                    date,
                    hour: time.hour,
                    minute: time.minute,
                    offset,
                    zone,
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
                self.unknown_language(value.span(), key, lang);
            } else if value.get_ref().trim().is_empty() {
                self.error(value.span(), &format!("{key}.{lang}"), EMPTY_TEXT);
            } else if let Some(c) = value
                .get_ref()
                .chars()
                .find(|&c| markdown::forbidden(c).is_some())
            {
                // Written as an escape such as "\u202E", so the source scan did not see it.
                let origin = self.origin(value.span(), format!("{key}.{lang}"));
                self.errors.push(markdown::forbidden_error(origin, c));
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

    /// The speakers' photos that pass the confinement check, read and decoded in parallel:
    /// decoding is most of loading a kit. Only successes are kept; [`Self::speaker`] reads a
    /// photo that failed again, to report it where the kit names it.
    fn read_photos(
        &self,
        dir: &Path,
        speakers: &[RawSpeaker],
        placed_width: Option<f64>,
    ) -> HashMap<String, Photo> {
        let mut names: Vec<&String> = speakers
            .iter()
            .filter_map(|s| s.photo.as_ref().map(Spanned::get_ref))
            .filter(|name| self.files.check(name, FileKind::Photo).is_ok())
            .collect();
        names.sort();
        names.dedup();
        names
            .par_iter()
            .filter_map(|name| {
                let photo = read_photo(&dir.join(name), Origin::default(), placed_width).ok()?;
                Some(((*name).clone(), photo))
            })
            .collect()
    }

    fn speaker(
        &mut self,
        dir: &Path,
        i: usize,
        raw: &RawSpeaker,
        photos: &HashMap<String, Photo>,
    ) -> Option<Speaker> {
        let key = format!("speakers[{i}]");
        let name = self.text(&raw.name, &format!("{key}.name"));
        let role = self.text(&raw.role, &format!("{key}.role"));
        let bio = self.text(&raw.bio, &format!("{key}.bio"));
        let alt = raw
            .alt
            .as_ref()
            .map(|a| self.text(a, &format!("{key}.alt")));
        let portrait = match (&raw.photo, alt) {
            (None, None) => None,
            (None, Some(alt)) => {
                let origin = alt.origin.clone();
                self.errors.push(
                    Diagnostic::error(origin, "`alt` describes a photo, but the speaker has none")
                        .with_hint(format!(
                            "add `photo = \"photos/….jpg\"` or remove `{key}.alt`"
                        )),
                );
                return None;
            }
            (Some(photo), None) => {
                self.error(
                    photo.span(),
                    &format!("{key}.alt"),
                    format!(
                        "missing `alt` for the photo of speaker `{}`",
                        raw.key.get_ref()
                    ),
                );
                return None;
            }
            (Some(photo), Some(alt)) => {
                let origin = self.origin(photo.span(), format!("{key}.photo"));
                // Confinement first: read_photo only ever sees a regular file inside the kit.
                if let Err(err) = self.files.check(photo.get_ref(), FileKind::Photo) {
                    let diag = err.diagnostic(origin, photo.get_ref(), FileKind::Photo);
                    self.errors.push(diag);
                    return None;
                }
                let read = match photos.get(photo.get_ref()) {
                    Some(read) => Ok(read.clone()),
                    // Not read above: read again for the error, with its origin.
                    None => read_photo(&dir.join(photo.get_ref()), origin, None),
                };
                match read {
                    Ok(photo) => Some(Portrait { photo, alt }),
                    Err(err) => {
                        self.errors.push(*err);
                        return None;
                    }
                }
            }
        };
        Some(Speaker {
            key: raw.key.get_ref().clone(),
            portrait,
            name,
            role,
            bio,
        })
    }

    /// Resolves `kit.embargo_zone`: one name for every language, or one per language.
    fn zone(&mut self, raw: &Spanned<toml::Value>) -> Option<Text> {
        let origin = self.origin(raw.span(), "kit.embargo_zone");
        let mut values = BTreeMap::new();
        match raw.get_ref() {
            toml::Value::String(name) if !name.trim().is_empty() => {
                for lang in &self.languages {
                    values.insert(lang.clone(), name.trim().to_string());
                }
            }
            toml::Value::Table(table) => {
                for (lang, value) in table {
                    match value.as_str().map(str::trim) {
                        Some(name) if !name.is_empty() && self.languages.contains(lang) => {
                            values.insert(lang.clone(), name.to_string());
                        }
                        _ => {
                            self.errors.push(Diagnostic::error(
                                origin.clone().with_key(format!("kit.embargo_zone.{lang}")),
                                format!("expected a zone name for one of the kit's languages, found `{lang} = {value}`"),
                            ));
                            return None;
                        }
                    }
                }
                if let Some(lang) = self.languages.iter().find(|l| !values.contains_key(*l)) {
                    self.errors.push(Diagnostic::error(
                        origin,
                        format!("missing `{lang}` translation of `kit.embargo_zone`"),
                    ));
                    return None;
                }
            }
            _ => {
                self.errors.push(
                    Diagnostic::error(origin, "expected the time zone's name, e.g. \"HKT\"")
                        .with_hint("or one per language: embargo_zone = { en = \"HKT\", zh-Hant-HK = \"香港時間\" }"),
                );
                return None;
            }
        }
        Some(Text {
            values,
            origin: self.origin(raw.span(), "kit.embargo_zone"),
            value_origins: BTreeMap::new(),
        })
    }

    fn contact(&mut self, i: usize, raw: &RawContact) -> Contact {
        let key = format!("contacts[{i}]");
        let name = self.text(&raw.name, &format!("{key}.name"));
        let organisation = raw
            .organisation
            .as_ref()
            .map(|o| self.text(o, &format!("{key}.organisation")));
        let role = raw
            .role
            .as_ref()
            .map(|o| self.text(o, &format!("{key}.role")));
        let mut phones = vec![];
        if let Some(number) = &raw.phone {
            phones.extend(self.phone(number, None, &format!("{key}.phone")));
        }
        for (j, phone) in raw.phones.iter().enumerate() {
            let at = format!("{key}.phones[{j}]");
            let label = phone
                .label
                .as_ref()
                .map(|l| self.text(l, &format!("{at}.label")));
            phones.extend(self.phone(&phone.number, label, &format!("{at}.number")));
        }
        Contact {
            name,
            organisation,
            role,
            email: raw.email.as_ref().map(|e| e.get_ref().clone()),
            phones,
        }
    }

    fn phone(&mut self, raw: &Spanned<String>, label: Option<Text>, key: &str) -> Option<Phone> {
        match tel_uri(raw.get_ref()) {
            Ok(uri) => Some(Phone {
                display: raw.get_ref().trim().to_string(),
                uri,
                label,
            }),
            Err(why) => {
                let origin = self.origin(raw.span(), key);
                self.errors.push(
                    Diagnostic::error(origin, format!("`{}` is not a phone number ({why})", raw.get_ref()))
                        .with_hint("write one international number per entry, e.g. \"+84 24 3825 0000\" or \"+84 24 3825 0000 ext. 12\"; give more numbers in [[contacts.phones]]"),
                );
                None
            }
        }
    }

    /// Resolves a per-language text that may name only some of the kit's languages
    /// (`[labels]` overrides); an empty value is kept, as "no label".
    fn partial_text(&mut self, raw: &RawText, key: &str) -> Text {
        let mut values = BTreeMap::new();
        for (lang, value) in raw.get_ref() {
            if !self.languages.contains(lang) {
                self.unknown_language(value.span(), key, lang);
            } else {
                values.insert(lang.clone(), value.get_ref().trim().to_string());
            }
        }
        Text {
            values,
            origin: self.origin(raw.span(), key),
            value_origins: BTreeMap::new(),
        }
    }

    /// A table cell: like [`Self::text`], but empty (`""`, or `{}` for every language) is allowed.
    fn cell(&mut self, raw: &RawText, key: &str) -> Text {
        if raw.get_ref().is_empty() {
            return Text {
                values: self
                    .languages
                    .iter()
                    .map(|l| (l.clone(), String::new()))
                    .collect(),
                origin: self.origin(raw.span(), key),
                value_origins: BTreeMap::new(),
            };
        }
        let before = self.errors.len();
        let text = self.text(raw, key);
        // Drop the "empty text" errors: an empty cell is a cell with nothing to add.
        let mut i = before;
        while i < self.errors.len() {
            if self.errors[i].message == EMPTY_TEXT {
                self.errors.remove(i);
            } else {
                i += 1;
            }
        }
        text
    }

    fn facts(&mut self, raw: &RawFacts) -> Facts {
        let caption = self.text(&raw.caption, "facts.caption");
        let columns: Vec<FactColumn> = raw
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| FactColumn {
                label: self.text(&c.label, &format!("facts.columns[{i}].label")),
                width: *c.width.get_ref(),
            })
            .collect();
        let total: f64 = columns.iter().map(|c| c.width).sum();
        // Written so that NaN fails every comparison into an error.
        let bad_width = raw
            .columns
            .iter()
            .position(|c| !(c.width.get_ref().is_finite() && *c.width.get_ref() > 0.0));
        let sums_to_one = (total - 1.0).abs() <= 0.01;
        if raw.columns.is_empty() || bad_width.is_some() || !sums_to_one {
            let span = raw
                .columns
                .get(bad_width.unwrap_or(0))
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
                    .map(|(c, cell)| self.cell(cell, &format!("facts.rows[{r}].cells[{c}]")))
                    .collect(),
            );
        }
        Facts {
            caption,
            columns: columns
                .into_iter()
                .map(|c| FactColumn {
                    width: c.width / total.max(f64::EPSILON),
                    ..c
                })
                .collect(),
            rows,
        }
    }

    fn releases(&mut self, pattern: &Spanned<String>) -> BTreeMap<String, Vec<MdBlock>> {
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
            let relative = pattern.get_ref().replace("{lang}", &lang);
            let read = match self.files.read(&relative, FileKind::Text) {
                Ok(file) => match files::utf8(&file.path, file.bytes) {
                    Ok(source) => Ok((file.path, source)),
                    Err(diag) => {
                        self.errors.push(*diag);
                        continue;
                    }
                },
                Err(err) => Err(err),
            };
            match read {
                Ok((path, source)) => match markdown::parse_blocks(&path, &source) {
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
                    let what = format!("the `{lang}` release text `{relative}`");
                    self.errors
                        .push(err.diagnostic_for(origin, &what, FileKind::Text));
                }
            }
        }
        releases
    }
}

/// The message for an empty per-language value where text is required.
const EMPTY_TEXT: &str = "empty text";

/// The RFC 3966 `tel:` URI of a number written in international form: `+`, then digits with
/// spaces, dots, hyphens or parentheses as visual separators (dropped, as RFC 3966 §5.1.5
/// allows), then optionally an extension (`ext. 12`, `x12`). A local number has no valid `tel:`
/// form without a phone context, so it is refused.
pub fn tel_uri(number: &str) -> Result<String, String> {
    let number = number.trim();
    let lower = number.to_ascii_lowercase();
    let (main, ext) = match ["ext.", "ext", "x"]
        .iter()
        .find_map(|m| lower.rfind(m).map(|i| (i, m.len())))
    {
        Some((i, len)) => (&number[..i], Some(number[i + len..].trim())),
        None => (number, None),
    };
    let Some(rest) = main.trim().strip_prefix('+') else {
        return Err("it must start with + and the country code".into());
    };
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '\u{A0}' | '-' | '.' | '(' | ')' => {}
            _ => return Err(format!("`{c}` is not a digit or separator")),
        }
    }
    // E.164: at most 15 digits including the country code; fewer than 7 is no full number.
    if !(7..=15).contains(&digits.len()) || digits.starts_with('0') {
        return Err(format!(
            "an international number has 7 to 15 digits after a country code not starting with 0, found {}",
            digits.len()
        ));
    }
    let mut uri = format!("tel:+{digits}");
    if let Some(ext) = ext {
        if ext.is_empty() || !ext.chars().all(|c| c.is_ascii_digit()) {
            return Err("an extension is digits only".into());
        }
        uri.push_str(&format!(";ext={ext}"));
    }
    Ok(uri)
}

/// Loads `<name>.toml` from the kit's own `layouts/` folder, else from the installation's.
pub fn load_layout(files: &KitFiles, layouts_dir: &Path, name: &str) -> StrResult<Layout> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let file_name = format!("{name}.toml");
    let local = format!("layouts/{file_name}");
    let read = if valid {
        match files.read(&local, FileKind::Toml) {
            Err(FileError::NotInKit) => {
                files.read_installed(&layouts_dir.join(&file_name), FileKind::Toml)
            }
            other => other,
        }
    } else {
        Err(FileError::NotInKit)
    };
    let file = match read {
        Ok(file) => file,
        Err(FileError::NotInKit) => {
            return Err(vec![
                Diagnostic::bare(format!("no layout named `{name}`")).with_hint(format!(
                    "layouts are looked up in {} and {}",
                    files.dir().join("layouts").display(),
                    layouts_dir.display()
                )),
            ]);
        }
        Err(err) => {
            let path = files.dir().join(&local);
            return Err(vec![err.diagnostic(
                Origin::file(&path),
                &local,
                FileKind::Toml,
            )]);
        }
    };
    let path = &file.path;
    let source = files::utf8(path, file.bytes).map_err(|d| vec![*d])?;
    let mut layout: Layout = parse_toml(path, &source)?;
    layout.file = path.clone();
    if layout.name != name {
        return Err(vec![Diagnostic::error(
            Origin::file(path).with_key("name"),
            format!(
                "layout file says name = \"{}\" but is selected as `{name}`",
                layout.name
            ),
        )]);
    }
    check_photo_width(path, &source, layout.photo_width_mm)?;
    let problems: Diagnostics = layout
        .problems()
        .into_iter()
        .map(|(table, key, message)| {
            let origin = match layout::key_offset(&source, table, key) {
                Some(offset) => Origin::at(path, &source, offset),
                None => Origin::file(path),
            };
            let key = if table.is_empty() {
                key.to_string()
            } else {
                format!("{table}.{key}")
            };
            Diagnostic::error(origin.with_key(key), message)
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(layout)
}

/// Portraits narrower than this are too small to recognise a face in print.
const PHOTO_WIDTH_MIN_MM: f64 = 10.0;
/// Wider portraits leave no room for the card's text on an A5 page.
const PHOTO_WIDTH_MAX_MM: f64 = 100.0;

/// `photo_width_mm` is finite and in range; a zero, negative or NaN width once aborted the build.
fn check_photo_width(path: &Path, source: &str, width: f64) -> StrResult<()> {
    if (PHOTO_WIDTH_MIN_MM..=PHOTO_WIDTH_MAX_MM).contains(&width) {
        return Ok(());
    }
    // The layout is deserialised without spans; the key's first occurrence is where it is set.
    let origin = match source.find("photo_width_mm") {
        Some(offset) => Origin::at(path, source, offset),
        None => Origin::file(path),
    };
    Err(vec![Diagnostic::error(
        origin.with_key("photo_width_mm"),
        format!("photo_width_mm = {width} is outside {PHOTO_WIDTH_MIN_MM}–{PHOTO_WIDTH_MAX_MM} mm"),
    )])
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
    fn a_recursion_limit_error_is_located_at_the_deepest_nesting() {
        let dotted = format!("a = 1\n{}b = 2\n", "a.".repeat(300));
        let errors = parse_toml::<raw::RawKit>(Path::new("k.toml"), &dotted).unwrap_err();
        assert_eq!(
            errors[0].origin.as_ref().unwrap().line_col,
            Some((2, 1)),
            "{}",
            errors[0]
        );
        for (open, close) in [("[", "]"), ("{a=", "}")] {
            let source = format!(
                "a = \"[[[\"\nb = {}1{}\n",
                open.repeat(500),
                close.repeat(500)
            );
            let errors = parse_toml::<raw::RawKit>(Path::new("k.toml"), &source).unwrap_err();
            let origin = errors[0].origin.as_ref().unwrap();
            assert_eq!(origin.line_col.unwrap().0, 2, "{}", errors[0]);
        }
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("zh-Hant-HK"));
        assert!(!is_language_tag("EN"));
        assert!(!is_language_tag("zh_HK"));
    }

    #[test]
    fn tel_uris_follow_rfc_3966() {
        // RFC 3966 §5.1.4: a global number is "+" and digits; visual separators may be dropped.
        assert_eq!(tel_uri("+852 0000 0000").unwrap(), "tel:+85200000000");
        assert_eq!(tel_uri("+84 (24) 3825-0000").unwrap(), "tel:+842438250000");
        assert_eq!(tel_uri("+82 2.123.4567").unwrap(), "tel:+8221234567");
        // §5.1.3: the extension is a parameter, not more digits.
        assert_eq!(
            tel_uri("+84 24 3825 0000 ext. 12").unwrap(),
            "tel:+842438250000;ext=12"
        );
        assert_eq!(
            tel_uri("+84 24 3825 0000 x12").unwrap(),
            "tel:+842438250000;ext=12"
        );
        // A local number needs a phone-context, which a press kit cannot know.
        assert!(tel_uri("024 3825 0000").is_err());
        // Two numbers in one field are not one number.
        assert!(tel_uri("+84 24 3825 0000 / +82 2 123 4567").is_err());
        assert!(tel_uri("+84 24 3825 0000, +82 2 123 4567").is_err());
        // E.164 caps a number at 15 digits.
        assert!(tel_uri("+84 24 3825 0000 8221 2345").is_err());
        assert!(tel_uri("+0 123 4567").is_err());
    }
}
