//! The translation consistency report: every figure a kit states must be the same in each of its
//! languages.
//!
//! Texts are compared unit by unit: each per-language text of `presskit.toml` (a speaker's bio,
//! a key figure with its label, one row of the fact table) and each block of the release. Every
//! language is compared with the reference language, the first of the kit's languages whose
//! release has the most common block structure. A release written as an adaptation with its own
//! structure (other paragraphs, lists) cannot be compared block by block; each of its facts must
//! then appear somewhere in another language's release, so a wrong figure is still caught while
//! an omission is not.

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::markup::Span;
use crate::spec::{Kit, MdBlock, Text};

use super::facts::{self, Fact};

/// The outcome: how much was compared and what disagreed.
#[derive(Debug, Default)]
pub struct Consistency {
    /// Facts read over all languages.
    pub facts: usize,
    /// Units (texts and release blocks) compared.
    pub units: usize,
    /// One warning per disagreement, naming both places.
    pub mismatches: Diagnostics,
    /// Notes, e.g. that a release was compared as a whole.
    pub notes: Vec<String>,
}

/// One language's version of a unit: pieces of text, each with where it is written.
#[derive(Debug, Clone)]
struct Version {
    lang: String,
    pieces: Vec<(Origin, String)>,
}

impl Version {
    fn origin(&self) -> Origin {
        self.pieces.first().map(|p| p.0.clone()).unwrap_or_default()
    }

    fn facts(&self) -> Vec<(Fact, Origin)> {
        self.pieces
            .iter()
            .flat_map(|(origin, text)| {
                facts::extract(text, &self.lang)
                    .into_iter()
                    .map(move |f| (f, origin.clone()))
            })
            .collect()
    }

    fn text(&self) -> String {
        self.pieces
            .iter()
            .map(|p| p.1.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A unit: a name for messages and its versions in kit-language order.
struct Unit {
    name: String,
    versions: Vec<Version>,
}

/// Compares the kit's languages.
pub fn check(kit: &Kit) -> Consistency {
    let mut out = Consistency::default();
    if kit.languages.len() < 2 {
        return out;
    }
    for unit in spec_units(kit) {
        out.units += 1;
        compare_unit(&unit, &mut out);
    }
    compare_releases(kit, &mut out);
    out
}

fn text_unit(kit: &Kit, name: String, texts: &[&Text]) -> Unit {
    let versions = kit
        .languages
        .iter()
        .map(|lang| Version {
            lang: lang.clone(),
            pieces: texts
                .iter()
                .map(|t| (t.value_origin(lang), t.get(lang).to_string()))
                .collect(),
        })
        .collect();
    Unit { name, versions }
}

/// Every per-language text of `presskit.toml`, grouped as a reader compares them.
fn spec_units(kit: &Kit) -> Vec<Unit> {
    let mut units = vec![];
    let mut add = |name: String, texts: &[&Text]| units.push(text_unit(kit, name, texts));
    add("the title".into(), &[&kit.title]);
    add("the event name".into(), &[&kit.event]);
    add("the headline".into(), &[&kit.headline]);
    if let Some(subhead) = &kit.subhead {
        add("the subhead".into(), &[subhead]);
    }
    add("the dateline".into(), &[&kit.dateline]);
    for (i, o) in kit.organisers.iter().enumerate() {
        add(format!("organiser {}", i + 1), &[o]);
    }
    for s in &kit.speakers {
        add(format!("speaker `{}` name", s.key), &[&s.name]);
        add(format!("speaker `{}` role", s.key), &[&s.role]);
        add(format!("speaker `{}` bio", s.key), &[&s.bio]);
        if let Some(crate::spec::Portrait { alt, .. }) = &s.portrait {
            add(format!("speaker `{}` alt text", s.key), &[alt]);
        }
    }
    if let Some(f) = &kit.facts {
        add("the fact table caption".into(), &[&f.caption]);
        for (i, crate::spec::FactColumn { label, .. }) in f.columns.iter().enumerate() {
            add(format!("fact table column {}", i + 1), &[label]);
        }
        for (i, row) in f.rows.iter().enumerate() {
            let cells: Vec<&Text> = row.iter().collect();
            add(format!("fact table row {}", i + 1), &cells);
        }
    }
    for (i, f) in kit.figures.iter().enumerate() {
        add(format!("key figure {}", i + 1), &[&f.value, &f.label]);
    }
    if let Some(a) = &kit.about {
        add("the About title".into(), &[&a.title]);
        add("the About text".into(), &[&a.body]);
    }
    for (i, c) in kit.contacts.iter().enumerate() {
        let mut texts = vec![&c.name];
        texts.extend(c.organisation.as_ref());
        add(format!("contact {}", i + 1), &texts);
    }
    if let Some(note) = &kit.contacts_note {
        add("the contacts note".into(), &[note]);
    }
    // Labels are templates (month names, "Page {page} of {pages}"), not statements: skipped.
    units
}

/// A release flattened into comparable blocks: paragraphs, headings and list items.
fn release_blocks(blocks: &[MdBlock], out: &mut Vec<(Origin, String)>) {
    let inline_text =
        |inlines: &[Span]| inlines.iter().map(|i| i.text.as_str()).collect::<String>();
    for block in blocks {
        match block {
            MdBlock::Heading {
                inlines, origin, ..
            }
            | MdBlock::Paragraph { inlines, origin } => {
                out.push((origin.clone(), inline_text(inlines)));
            }
            MdBlock::List { items, .. } => {
                for item in items {
                    release_blocks(item, out);
                }
            }
            MdBlock::Quote { blocks, .. } => release_blocks(blocks, out),
        }
    }
}

fn compare_releases(kit: &Kit, out: &mut Consistency) {
    let releases: Vec<(String, Vec<(Origin, String)>)> = kit
        .languages
        .iter()
        .filter_map(|lang| {
            let blocks = kit.releases.get(lang)?;
            let mut flat = vec![];
            release_blocks(blocks, &mut flat);
            Some((lang.clone(), flat))
        })
        .collect();
    if releases.len() < 2 {
        return;
    }
    // The most common block count, ties to the earlier language.
    let count_of = |n: usize| releases.iter().filter(|r| r.1.len() == n).count();
    let best = releases
        .iter()
        .map(|r| count_of(r.1.len()))
        .max()
        .unwrap_or(0);
    let reference = releases
        .iter()
        .find(|r| count_of(r.1.len()) == best)
        .expect("two releases");
    let shape = reference.1.len();
    let parallel: Vec<&(String, Vec<(Origin, String)>)> =
        releases.iter().filter(|r| r.1.len() == shape).collect();
    if parallel.len() >= 2 {
        for block in 0..shape {
            let unit = Unit {
                name: format!("release block {}", block + 1),
                versions: parallel
                    .iter()
                    .map(|(lang, blocks)| Version {
                        lang: lang.clone(),
                        pieces: vec![blocks[block].clone()],
                    })
                    .collect(),
            };
            out.units += 1;
            // Keep the reference first.
            let mut unit = unit;
            unit.versions.sort_by_key(|v| v.lang != reference.0);
            compare_unit(&unit, out);
        }
    }
    for (lang, blocks) in releases.iter().filter(|r| r.1.len() != shape) {
        out.notes.push(format!(
            "the `{lang}` release has {} blocks where `{}` has {shape}; its figures were checked against the other releases as a whole",
            blocks.len(),
            reference.0
        ));
        let others: Vec<(Fact, Origin)> = releases
            .iter()
            .filter(|r| &r.0 != lang)
            .flat_map(|(l, bs)| {
                Version {
                    lang: l.clone(),
                    pieces: bs.clone(),
                }
                .facts()
            })
            .collect();
        let reference_facts = Version {
            lang: reference.0.clone(),
            pieces: reference.1.clone(),
        }
        .facts();
        let mine = Version {
            lang: lang.clone(),
            pieces: blocks.clone(),
        };
        let others_text: String = releases
            .iter()
            .filter(|r| &r.0 != lang)
            .flat_map(|r| r.1.iter().map(|p| p.1.clone()))
            .collect::<Vec<_>>()
            .join(" ");
        out.units += 1;
        for (fact, origin) in mine.facts() {
            out.facts += 1;
            if others.iter().any(|(o, _)| o.value.agrees(&fact.value))
                || fact
                    .value
                    .small_number()
                    .is_some_and(|n| facts::spells_number(&others_text, n))
            {
                continue;
            }
            let closest = reference_facts
                .iter()
                .find(|(o, _)| o.value.class() == fact.value.class());
            let message = match closest {
                Some((o, o_origin)) => format!(
                    "the `{lang}` release says `{}`, which no other release says; the `{}` release has e.g. `{}` at {o_origin}",
                    fact.written, reference.0, o.written
                ),
                None => format!(
                    "the `{lang}` release says `{}`, which the `{}` release ({}) does not",
                    fact.written,
                    reference.0,
                    reference
                        .1
                        .first()
                        .map(|p| p.0.to_string())
                        .unwrap_or_default()
                ),
            };
            out.mismatches.push(Diagnostic::warning(origin, message));
        }
    }
}

/// Compares each version of a unit with the first.
fn compare_unit(unit: &Unit, out: &mut Consistency) {
    let Some((reference, others)) = unit.versions.split_first() else {
        return;
    };
    let ref_facts = reference.facts();
    out.facts += ref_facts.len();
    let ref_text = reference.text();
    for other in others {
        let other_facts = other.facts();
        out.facts += other_facts.len();
        let other_text = other.text();
        let missing = |mine: &[(Fact, Origin)], theirs: &[(Fact, Origin)], their_text: &str| {
            mine.iter()
                .filter(|(f, _)| {
                    !theirs.iter().any(|(t, _)| t.value.agrees(&f.value))
                        && !f
                            .value
                            .small_number()
                            .is_some_and(|n| facts::spells_number(their_text, n))
                })
                .cloned()
                .collect::<Vec<_>>()
        };
        let only_ref = missing(&ref_facts, &other_facts, &other_text);
        let mut only_other = missing(&other_facts, &ref_facts, &ref_text);
        // A count of ten or less that only one version states (`4者` where English says "and
        // partners") is an addition, not a wrong figure, unless the other version spells out a
        // different count in words.
        let added_count = |fact: &Fact, their_text: &str| {
            fact.value
                .small_number()
                .is_some_and(|n| !(0..=20).any(|m| m != n && facts::spells_number(their_text, m)))
        };
        for (fact, origin) in only_ref {
            // Pair with a differing fact of the same kind in the other language, if any.
            let pair = only_other
                .iter()
                .position(|(o, _)| o.value.class() == fact.value.class());
            let message = match pair {
                Some(k) => {
                    let (o, o_origin) = only_other.remove(k);
                    format!(
                        "{} disagree: `{}` in `{}` but `{}` in `{}` at {o_origin}",
                        describe(&unit.name),
                        fact.written,
                        reference.lang,
                        o.written,
                        other.lang
                    )
                }
                None if added_count(&fact, &other_text) => continue,
                None => format!(
                    "{}: `{}` in `{}` is missing from `{}` at {}",
                    describe(&unit.name),
                    fact.written,
                    reference.lang,
                    other.lang,
                    other.origin()
                ),
            };
            out.mismatches.push(Diagnostic::warning(origin, message));
        }
        for (fact, origin) in only_other {
            if added_count(&fact, &ref_text) {
                continue;
            }
            out.mismatches.push(Diagnostic::warning(
                origin,
                format!(
                    "{}: `{}` in `{}` is not in `{}` at {}",
                    describe(&unit.name),
                    fact.written,
                    other.lang,
                    reference.lang,
                    reference.origin()
                ),
            ));
        }
    }
}

fn describe(name: &str) -> String {
    format!("translations of {name}")
}
