//! The font book: every face in `fonts/MANIFEST.toml`, memory-mapped once per process.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use memmap2::Mmap;
use serde::Deserialize;

use super::lang::LangProfile;
use crate::diag::{Diagnostic, Origin, StrResult};

/// Index of a face in the [`FontBook`].
pub type FontId = usize;

/// A font file, mapped into memory and parsed once for shaping.
pub struct Face {
    /// The parsed face. Declared before `data` so it is dropped first: it borrows `data`'s bytes.
    parsed: rustybuzz::Face<'static>,
    /// Family name as the manifest gives it.
    pub family: String,
    /// Weight class, 400 or 700.
    pub weight: u16,
    /// The file.
    pub path: PathBuf,
    /// The file's bytes.
    pub data: Arc<Mmap>,
    /// Font units per em.
    pub units_per_em: f64,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Face({} {})", self.family, self.weight)
    }
}

impl Face {
    /// The face parsed for shaping, measuring and coverage checks; parsed once when the book was
    /// loaded (parsing GSUB/GPOS per lookup was half of a build's time).
    pub fn shaper(&self) -> &rustybuzz::Face<'_> {
        &self.parsed
    }
}

/// All faces presskit can set text with.
pub struct FontBook {
    faces: Vec<Face>,
    /// Shape plans by face, script and language, built on first use and shared by every
    /// paragraph and thread of the build: compiling a plan (the face's lookups for that script
    /// and language) cost as much as shaping a short paragraph, and was done for every piece.
    plans: Mutex<HashMap<PlanKey, Arc<rustybuzz::ShapePlan>>>,
}

type PlanKey = (FontId, rustybuzz::Script, Option<rustybuzz::Language>);

impl std::fmt::Debug for FontBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontBook")
            .field("faces", &self.faces)
            .finish()
    }
}

#[derive(Deserialize)]
struct Manifest {
    font: Vec<ManifestEntry>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // source, version and sha256 are for people and the manifest test
struct ManifestEntry {
    file: String,
    family: String,
    weight: u16,
    source: String,
    upstream_version: String,
    sha256: String,
    languages: Vec<String>,
    licence: String,
}

impl FontBook {
    /// Maps every font listed in `<dir>/MANIFEST.toml`.
    pub fn load(dir: &Path) -> StrResult<FontBook> {
        let manifest_path = dir.join("MANIFEST.toml");
        let source = std::fs::read_to_string(&manifest_path).map_err(|err| {
            vec![Diagnostic::bare(format!(
                "failed to read font manifest {} ({err})",
                manifest_path.display()
            ))]
        })?;
        let manifest: Manifest = crate::diag::parse_toml(&manifest_path, &source)?;
        let mut faces = vec![];
        for entry in manifest.font {
            let path = dir.join(&entry.file);
            let origin =
                Origin::file(&manifest_path).with_key(format!("font.file = {}", entry.file));
            let file = std::fs::File::open(&path).map_err(|err| {
                vec![Diagnostic::error(
                    origin.clone(),
                    format!("failed to open font ({err})"),
                )]
            })?;
            // SAFETY: font files are read-only assets of the installation; nothing truncates them
            // while a build runs, which is the condition for a sound read-only mapping.
            let data = unsafe { Mmap::map(&file) }.map_err(|err| {
                vec![Diagnostic::error(
                    origin.clone(),
                    format!("failed to map font ({err})"),
                )]
            })?;
            let data = Arc::new(data);
            // SAFETY: the slice points into the mapping owned by `data`, which lives in the same
            // `Face` and is dropped after `parsed` (field order); the mapping never moves when the
            // `Arc` does, and the `'static` never escapes: `shaper` hands it out tied to `&self`.
            let bytes: &'static [u8] =
                unsafe { std::slice::from_raw_parts(data.as_ptr(), data.len()) };
            let parsed = rustybuzz::Face::from_slice(bytes, 0).ok_or_else(|| {
                vec![Diagnostic::error(
                    origin,
                    "failed to parse font (not a valid OpenType face)",
                )]
            })?;
            let units_per_em = parsed.units_per_em() as f64;
            faces.push(Face {
                parsed,
                family: entry.family,
                weight: entry.weight,
                path,
                data,
                units_per_em,
            });
        }
        Ok(FontBook {
            faces,
            plans: Mutex::default(),
        })
    }

    /// The plan for shaping `buffer` (its segment properties already set, left to right, no
    /// user features) with face `id`: the plan `rustybuzz::shape` would build, built once.
    /// `None` when the buffer has no script of its own (only digits or punctuation), for which
    /// `rustybuzz::shape` plans without a script, which the buffer's API cannot express.
    pub fn shape_plan(
        &self,
        id: FontId,
        buffer: &rustybuzz::UnicodeBuffer,
    ) -> Option<Arc<rustybuzz::ShapePlan>> {
        let script = buffer.script();
        if script == rustybuzz::script::UNKNOWN {
            return None;
        }
        let key = (id, script, buffer.language());
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        let plan = plans
            .entry(key)
            .or_insert_with_key(|(_, script, language)| {
                Arc::new(rustybuzz::ShapePlan::new(
                    self.face(id).shaper(),
                    buffer.direction(),
                    Some(*script),
                    language.as_ref(),
                    &[],
                ))
            });
        Some(plan.clone())
    }

    /// The face with this id.
    pub fn face(&self, id: FontId) -> &Face {
        &self.faces[id]
    }

    /// All faces.
    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// The face of `family` nearest to `weight`.
    pub fn find(&self, family: &str, weight: u16) -> Option<FontId> {
        self.faces
            .iter()
            .enumerate()
            .filter(|(_, f)| f.family == family)
            .min_by_key(|(_, f)| f.weight.abs_diff(weight))
            .map(|(i, _)| i)
    }
}

/// Font families for one language, in fallback order.
#[derive(Debug, Clone, PartialEq)]
pub struct FontChoice {
    /// Family for Latin, Greek and Cyrillic.
    pub latin: String,
    /// CJK families; the language's own first, then the layout's order.
    pub cjk: Vec<String>,
    /// Whether the language itself is set in a CJK face.
    pub cjk_language: bool,
}

impl FontChoice {
    /// Orders the CJK families, given as (language tag, family) in the layout's order, so the
    /// one whose tag best matches the language comes first.
    pub fn resolve<'a>(
        profile: &LangProfile,
        latin: &str,
        cjk: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    ) -> FontChoice {
        let lang = profile.canonical.as_str();
        let own = cjk
            .clone()
            .into_iter()
            .filter(|(tag, _)| lang == *tag || lang.starts_with(&format!("{tag}-")))
            .max_by_key(|(tag, _)| tag.len());
        let mut families: Vec<String> = own
            .map(|(_, family)| family.to_string())
            .into_iter()
            .collect();
        for (_, family) in cjk {
            if !families.iter().any(|f| f == family) {
                families.push(family.to_string());
            }
        }
        FontChoice {
            latin: latin.to_string(),
            cjk: families,
            cjk_language: own.is_some(),
        }
    }
}
