//! presskit turns a press kit written as data into print-ready and email-ready PDFs, one per
//! language.
//!
//! # Stages
//! Each stage is a module with one entry function and its own output type:
//!
//! 1. **spec** — [`spec::load`]: kit folder → [`spec::Kit`] (TOML + Markdown, validated, with spans).
//! 2. **document** — [`document::build`]: kit + language → [`document::LangDoc`] (blocks in order).
//! 3. **text** — [`text::set_paragraph`]: styled runs → [`text::Line`]s (fallback, shaping, breaking).
//! 4. **layout** — [`layout::layout`]: `LangDoc` → [`layout::PagedDoc`] (pages of positioned items).
//! 5. **pdf** — [`pdf::write`]: `PagedDoc` → PDF bytes for a [`pdf::Variant`].
//!
//! [`build`] runs them for every language of a kit, languages in parallel, and writes the files
//! only when every language succeeded.

pub mod diag;
pub mod document;
pub mod dump;
pub mod geom;
pub mod layout;
pub mod pdf;
pub mod report;
pub mod spec;
pub mod text;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Origin};
pub use crate::pdf::{Timestamp, Variant};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The kit folder.
    pub kit_dir: PathBuf,
    /// Where PDFs go.
    pub out_dir: PathBuf,
    /// Languages to build; empty means all of the kit's.
    pub languages: Vec<String>,
    /// Variants to write.
    pub variants: Vec<Variant>,
    /// A layout name overriding the kit's.
    pub layout: Option<String>,
    /// The installation folder holding `fonts/` and `layouts/`.
    pub resources: PathBuf,
    /// Fixed build time from `SOURCE_DATE_EPOCH`; otherwise the kit's date is used.
    pub source_date_epoch: Option<i64>,
    /// Also write `<kit-id>-<lang>.layout.txt`, the text dump of the laid-out pages.
    pub dump: bool,
    /// Also write the layout report (JSON) to this file.
    pub report: Option<PathBuf>,
}

/// A PDF that was written.
#[derive(Debug, Clone)]
pub struct Output {
    /// Where.
    pub path: PathBuf,
    /// Language.
    pub lang: String,
    /// Variant.
    pub variant: Variant,
    /// Page count.
    pub pages: usize,
    /// Bytes.
    pub size: u64,
}

/// The result of a successful build: files written and warnings.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Files written.
    pub outputs: Vec<Output>,
    /// Things the author should look at.
    pub warnings: Diagnostics,
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// The kit is wrong: exit code 1.
    Kit(Diagnostics),
    /// The installation or the file system failed: exit code 2.
    Internal(Diagnostics),
}

/// Builds the kit: every requested language and variant, or nothing at all.
pub fn build(
    options: &BuildOptions,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<BuildReport, BuildError> {
    let spec_options = spec::SpecOptions {
        layouts_dir: options.resources.join("layouts"),
        layout_override: options.layout.clone(),
    };
    let kit = spec::load(&options.kit_dir, &spec_options).map_err(BuildError::Kit)?;
    let languages = select_languages(&kit, &options.languages)?;
    let book =
        text::FontBook::load(&options.resources.join("fonts")).map_err(BuildError::Internal)?;
    let time = timestamp(&kit, options.source_date_epoch);
    let shared = pdf::Shared::new(&kit.print);

    // Languages are independent: lay each out once and write every variant from that layout.
    let results: Vec<Result<LangFiles, Diagnostics>> = languages
        .par_iter()
        .map(|lang| {
            progress(lang);
            let doc = document::build(&kit, lang)?;
            let paged = layout::layout(&doc, &book)?;
            // Variants are independent too: with one language, print and screen use both cores.
            let pdfs = options
                .variants
                .par_iter()
                .map(|&variant| Ok((variant, pdf::write(&paged, &book, &shared, variant, time)?)))
                .collect::<Result<_, Diagnostics>>()?;
            let dump = options.dump.then(|| dump::dump(&paged));
            let warnings = if options.variants.contains(&Variant::Print) {
                print_warnings(&paged)
            } else {
                vec![]
            };
            Ok(LangFiles {
                paged,
                lang: lang.clone(),
                pdfs,
                dump,
                warnings,
            })
        })
        .collect();
    let mut files = vec![];
    let mut errors = vec![];
    for result in results {
        match result {
            Ok(lang_files) => files.push(lang_files),
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    if !errors.is_empty() {
        return Err(BuildError::Kit(errors));
    }

    std::fs::create_dir_all(&options.out_dir).map_err(|err| {
        BuildError::Internal(vec![Diagnostic::bare(format!(
            "failed to create output folder {} ({err})",
            options.out_dir.display()
        ))])
    })?;
    let mut report = BuildReport::default();
    if let Some(path) = &options.report {
        let docs: Vec<&layout::PagedDoc> = files.iter().map(|f| &f.paged).collect();
        let json = serde_json::to_string_pretty(&report::report(&kit.id, &docs))
            .expect("report serialises");
        write_atomically(path, json.as_bytes()).map_err(BuildError::Internal)?;
    }
    for lang_files in files {
        let LangFiles {
            paged,
            lang,
            pdfs,
            dump,
            warnings,
        } = lang_files;
        let pages = paged.pages.len();
        for warning in warnings {
            if !report.warnings.contains(&warning) {
                report.warnings.push(warning);
            }
        }
        for (variant, bytes) in pdfs {
            let path = options
                .out_dir
                .join(format!("{}-{}-{}.pdf", kit.id, lang, variant.name()));
            write_atomically(&path, &bytes).map_err(BuildError::Internal)?;
            report.outputs.push(Output {
                path,
                lang: lang.clone(),
                variant,
                pages,
                size: bytes.len() as u64,
            });
        }
        if let Some(dump) = dump {
            let path = options
                .out_dir
                .join(format!("{}-{}.layout.txt", kit.id, lang));
            write_atomically(&path, dump.as_bytes()).map_err(BuildError::Internal)?;
        }
    }
    Ok(report)
}

/// Everything built for one language, held in memory until every language has succeeded.
struct LangFiles {
    paged: layout::PagedDoc,
    lang: String,
    pdfs: Vec<(Variant, Vec<u8>)>,
    dump: Option<String>,
    warnings: Diagnostics,
}

/// The resolution print shops ask for at the placed size.
const PRINT_MIN_DPI: f64 = 300.0;

/// Warns about photos whose effective resolution at their placed size is below 300 dpi.
fn print_warnings(doc: &layout::PagedDoc) -> Diagnostics {
    let mut warnings = vec![];
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let layout::Item::Image { rect, photo, .. } = item {
            let (width_in, height_in) = (
                rect.size.width.to_pt() / 72.0,
                rect.size.height.to_pt() / 72.0,
            );
            let dpi = (photo.width as f64 / width_in).min(photo.height as f64 / height_in);
            if dpi < PRINT_MIN_DPI {
                warnings.push(
                    Diagnostic::warning(
                        Origin::file(&photo.path),
                        format!("photo is {dpi:.0} dpi at its placed size; print needs {PRINT_MIN_DPI:.0} dpi"),
                    )
                    .with_hint(format!(
                        "supply at least {} × {} pixels",
                        (width_in * PRINT_MIN_DPI).ceil(),
                        (height_in * PRINT_MIN_DPI).ceil()
                    )),
                );
            }
        }
    }
    warnings
}

fn select_languages(kit: &spec::Kit, wanted: &[String]) -> Result<Vec<String>, BuildError> {
    if wanted.is_empty() {
        return Ok(kit.languages.clone());
    }
    let unknown: Vec<&String> = wanted
        .iter()
        .filter(|l| !kit.languages.contains(l))
        .collect();
    if let Some(lang) = unknown.first() {
        let origin = Origin::file(kit.dir.join(spec::SPEC_FILE)).with_key("kit.languages");
        return Err(BuildError::Kit(vec![
            Diagnostic::error(origin, format!("the kit has no language `{lang}`")).with_hint(
                format!("the kit's languages are {}", kit.languages.join(", ")),
            ),
        ]));
    }
    Ok(kit
        .languages
        .iter()
        .filter(|l| wanted.contains(l))
        .cloned()
        .collect())
}

/// The PDF timestamp: `SOURCE_DATE_EPOCH` if given, else the kit's date at midnight UTC.
fn timestamp(kit: &spec::Kit, epoch: Option<i64>) -> Timestamp {
    match epoch {
        Some(secs) => {
            let days = secs.div_euclid(86_400);
            let rem = secs.rem_euclid(86_400);
            let (year, month, day) = civil_from_days(days);
            Timestamp {
                year: year as u16,
                month,
                day,
                hour: (rem / 3600) as u8,
                minute: (rem % 3600 / 60) as u8,
                second: (rem % 60) as u8,
            }
        }
        None => Timestamp {
            year: kit.date.year,
            month: kit.date.month,
            day: kit.date.day,
            hour: 0,
            minute: 0,
            second: 0,
        },
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Writes `bytes` to a temporary file beside `path` and renames it, so a reader never sees a
/// half-written PDF and a failed build leaves the previous file in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("out.pdf");
    let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    let fail = |what: &str, err: std::io::Error| {
        vec![Diagnostic::bare(format!(
            "failed to {what} {} ({err})",
            path.display()
        ))]
    };
    std::fs::write(&tmp, bytes).map_err(|err| fail("write", err))?;
    std::fs::rename(&tmp, path).map_err(|err| {
        let _ = std::fs::remove_file(&tmp);
        fail("move into place", err)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_413), (2025, 11, 21));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
