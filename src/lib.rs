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
//! 5. **pdf** — [`pdf::write`]: `PagedDoc` + [`pdf::PdfOptions`] (variant, title, time, print
//!    condition, built here from the kit) → PDF bytes.
//!
//! Each stage imports only its input and the services it calls: document uses spec; text uses
//! no stage (a service that knows no kit); layout uses document and text; pdf uses layout and
//! text. Any module may use the services [`diag`], [`geom`], [`photo`] and [`markup`]. No module
//! re-exports another's types and a stage's step modules are private to it;
//! `tests/stage_imports.rs` checks all three.
//!
//! [`build`] runs them for every language of a kit, languages in parallel, and writes the files
//! only when every language succeeded.

pub mod diag;
pub mod document;
pub mod dump;
pub mod geom;
pub mod layout;
pub mod markup;
pub mod pdf;
pub mod photo;
pub mod report;
pub mod spec;
pub mod text;
pub mod workflow;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::geom::Cmyk;
use crate::pdf::Timestamp;
pub use crate::pdf::Variant;

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
    document::Labels::check_overrides(&kit).map_err(BuildError::Kit)?;
    let languages = select_languages(&kit, &options.languages)?;
    let book =
        text::FontBook::load(&options.resources.join("fonts")).map_err(BuildError::Internal)?;
    let time = timestamp(&kit, options.source_date_epoch);
    // Each photo is embedded once per variant and shared by every language.
    let photos = pdf::PhotoCache::default();
    check_font_families(&kit.layout, &book).map_err(BuildError::Kit)?;
    let intent = output_intent(&kit.print);
    let shared = std::sync::Arc::new(pdf::Shared::new(&intent));
    // Compressing the shared profile takes a core for a few milliseconds: start it now, so that
    // it runs beside the layout rather than before it or while a PDF waits for it.
    let ahead = std::sync::Arc::clone(&shared);
    rayon::spawn(move || ahead.prepare());

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
                .map(|&variant| {
                    let options = pdf::PdfOptions {
                        variant,
                        title: doc.title.clone(),
                        time,
                        output_intent: intent.clone(),
                    };
                    Ok((
                        variant,
                        pdf::write(&paged, &book, &options, &shared, &photos)?,
                    ))
                })
                .collect::<Result<_, Diagnostics>>()?;
            let dump = options.dump.then(|| dump::dump(&paged));
            let print = options.variants.iter().any(|v| v.profile().pdfx.is_some());
            let mut warnings = paged.warnings.clone();
            if print {
                warnings.extend(print_warnings(&paged, &kit, &options.resources));
            }
            warnings.extend(photo_warnings(&paged, print));
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
            // A kit error found in every language (a photo, a font) is reported once.
            Err(errs) => {
                for err in errs {
                    if !errors.contains(&err) {
                        errors.push(err);
                    }
                }
            }
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
    // Every file of the build, written together at the end: all of them or none.
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = vec![];
    if let Some(path) = &options.report {
        let docs: Vec<&layout::PagedDoc> = files.iter().map(|f| &f.paged).collect();
        let json = serde_json::to_string_pretty(&report::report(&kit.id, &docs))
            .expect("report serialises");
        outputs.push((path.clone(), json.into_bytes()));
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
            report.outputs.push(Output {
                path: path.clone(),
                lang: lang.clone(),
                variant,
                pages,
                size: bytes.len() as u64,
            });
            outputs.push((path, bytes));
        }
        if let Some(dump) = dump {
            let path = options
                .out_dir
                .join(format!("{}-{}.layout.txt", kit.id, lang));
            outputs.push((path, dump.into_bytes()));
        }
    }
    remove_stale_temporaries(&options.out_dir, &kit.id);
    write_all(&outputs, &mut write_synced).map_err(BuildError::Internal)?;
    Ok(report)
}

/// The kit's print condition as the PDF writer declares it.
fn output_intent(print: &spec::OutputIntent) -> pdf::OutputIntent {
    pdf::OutputIntent {
        profile: print.profile.clone(),
        identifier: print.identifier.clone(),
        condition: print.condition.clone(),
        registry: print.registry.clone(),
    }
}

/// Everything built for one language, held in memory until every language has succeeded.
struct LangFiles {
    paged: layout::PagedDoc,
    lang: String,
    pdfs: Vec<(Variant, Vec<u8>)>,
    dump: Option<String>,
    warnings: Diagnostics,
}

/// Every family the layout names is one the installation has; otherwise its text would fall
/// back to another face without a word.
pub(crate) fn check_font_families(
    layout: &spec::Layout,
    book: &text::FontBook,
) -> Result<(), Diagnostics> {
    let named = std::iter::once(("fonts.latin".to_string(), &layout.fonts.latin)).chain(
        layout
            .fonts
            .cjk
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("fonts.cjk[{i}].family"), &f.family)),
    );
    let mut families: Vec<&str> = book.faces().iter().map(|f| f.family.as_str()).collect();
    families.dedup();
    let errors: Diagnostics = named
        .filter(|(_, family)| book.find(family, 400).is_none())
        .map(|(key, family)| {
            Diagnostic::error(
                Origin::file(&layout.file).with_key(key),
                format!("no font family `{family}` in the installation's fonts/"),
            )
            .with_hint(format!("families: {}", families.join(", ")))
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The resolution print shops ask for at the placed size.
const PRINT_MIN_DPI: f64 = 300.0;

/// Warns about layout colours over the ink limit and photos below 300 dpi at their placed size.
pub(crate) fn print_warnings(
    doc: &layout::PagedDoc,
    kit: &spec::Kit,
    resources: &Path,
) -> Diagnostics {
    let colours = &kit.layout.colours;
    let named = [
        ("text", colours.text),
        ("accent", colours.accent),
        ("muted", colours.muted),
        ("band", colours.band),
        ("tint", colours.tint),
    ]
    .map(|(name, [c, m, y, k])| {
        let ink = |percent: f32| percent / 100.0;
        let colour = Cmyk {
            c: ink(c),
            m: ink(m),
            y: ink(y),
            k: ink(k),
        };
        (name, colour)
    });
    // The layout file as spec found it: the kit's own layouts first.
    let file = [kit.dir.join("layouts"), resources.join("layouts")]
        .map(|dir| dir.join(format!("{}.toml", kit.layout.name)))
        .into_iter()
        .find(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from(format!("{}.toml", kit.layout.name)));
    let limit = match kit.layout.total_ink_limit_percent {
        Some(percent) => pdf::InkLimit {
            percent: percent as f32,
            set_by: "the layout's total_ink_limit_percent".to_string(),
        },
        None => pdf::condition_ink_limit(&kit.print.identifier),
    };
    let mut warnings = pdf::ink_warnings(&file, &named, &limit);
    warnings.extend(pdf::photo_ink_warnings(doc, &limit));
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

/// Notes on photos the author did not ask for: turned upright by their EXIF orientation, or
/// downsampled for print.
pub(crate) fn photo_warnings(doc: &layout::PagedDoc, print: bool) -> Diagnostics {
    let mut warnings = vec![];
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let layout::Item::Image { rect, photo, .. } = item {
            let orientation = photo.data.orientation;
            if orientation != 1 {
                warnings.push(Diagnostic::warning(
                    Origin::file(&photo.path),
                    format!("photo is stored turned or mirrored (EXIF orientation {orientation}); placed upright"),
                ));
            }
            let ppi = pdf::effective_ppi(photo.width, photo.height, rect.size);
            if print && ppi > pdf::PRINT_MAX_DPI {
                warnings.push(Diagnostic::warning(
                    Origin::file(&photo.path),
                    format!(
                        "photo is {ppi:.0} ppi at its placed size; downsampled to {:.0} ppi for print",
                        pdf::PRINT_DOWNSAMPLED_DPI
                    ),
                ));
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
pub(crate) fn timestamp(kit: &spec::Kit, epoch: Option<i64>) -> Timestamp {
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
/// half-written file and a failure leaves the previous file in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    write_all(&[(path.to_path_buf(), bytes.to_vec())], &mut write_synced)
}

/// Writes every file or none: each goes to a temporary file beside its final path (same folder,
/// so the rename cannot cross file systems) and is synced; only when all are written are they
/// renamed into place. On any failure every temporary file is removed. `write` writes one
/// temporary file (a parameter so tests can inject a failure).
pub fn write_all(
    files: &[(PathBuf, Vec<u8>)],
    write: &mut dyn FnMut(&Path, &[u8]) -> std::io::Result<()>,
) -> Result<(), Diagnostics> {
    let mut written: Vec<PathBuf> = vec![];
    let cleanup = |written: &[PathBuf]| {
        for tmp in written {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, bytes) in files {
        let tmp = temporary_path(path);
        // Recorded before writing: a failed write may still have created the file.
        written.push(tmp.clone());
        if let Err(err) = write(&tmp, bytes) {
            cleanup(&written);
            return Err(vec![Diagnostic::bare(format!(
                "failed to write {} ({err})",
                path.display()
            ))]);
        }
    }
    // A folder where a file goes would fail its rename after others had been moved (a rename
    // replaces anything else, links included, without following them): refuse before moving.
    for (path, _) in files {
        if std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir()) {
            cleanup(&written);
            return Err(vec![Diagnostic::bare(format!(
                "failed to write {} (a folder is in the way)",
                path.display()
            ))]);
        }
    }
    for (i, (path, _)) in files.iter().enumerate() {
        if let Err(err) = std::fs::rename(&written[i], path) {
            cleanup(&written[i..]);
            return Err(vec![Diagnostic::bare(format!(
                "failed to move {} into place ({err})",
                path.display()
            ))]);
        }
    }
    // Make the renames themselves durable.
    let mut dirs: Vec<&Path> = files.iter().filter_map(|(p, _)| p.parent()).collect();
    dirs.dedup();
    for dir in dirs {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(handle) = std::fs::File::open(dir) {
            let _ = handle.sync_all();
        }
    }
    Ok(())
}

/// `.<name>.<pid>.tmp` beside `path`: hidden, and naming the process that wrote it so a later
/// build can tell a killed build's leftovers from a running build's files.
fn temporary_path(path: &Path) -> PathBuf {
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()))
}

/// Creates the temporary file (never reusing one) and syncs it to disk.
fn write_synced(tmp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let _ = std::fs::remove_file(tmp);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Removes `.<kit-id>-….<pid>.tmp` files left in `out_dir` by a build of this kit that was
/// killed while writing. A file whose process still runs (another build) is left alone.
fn remove_stale_temporaries(out_dir: &Path, kit_id: &str) {
    let Ok(entries) = std::fs::read_dir(out_dir) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = stale_pid(name, kit_id) else {
            continue;
        };
        let running = pid == own || Path::new("/proc").join(pid.to_string()).exists();
        if !running && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The pid in a temporary file name of this kit's outputs, `.<kit-id>-<rest>.<pid>.tmp`.
fn stale_pid(name: &str, kit_id: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (file, pid) = inner.rsplit_once('.')?;
    let ours = file
        .strip_prefix(kit_id)
        .is_some_and(|rest| rest.starts_with('-'))
        && (file.ends_with(".pdf") || file.ends_with(".layout.txt"));
    if !ours || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_file_at_all() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("k-en-print.pdf");
        std::fs::write(&old, "old").unwrap();
        let files: Vec<(PathBuf, Vec<u8>)> =
            ["k-en-print.pdf", "k-en-screen.pdf", "k-ja-print.pdf"]
                .iter()
                .map(|n| (tmp.path().join(n), n.as_bytes().to_vec()))
                .collect();
        // The third write fails after creating half a file, as on a full disk.
        let mut count = 0;
        let mut failing = |path: &Path, bytes: &[u8]| {
            count += 1;
            if count == 3 {
                std::fs::write(path, &bytes[..2])?;
                return Err(std::io::Error::other("No space left on device"));
            }
            write_synced(path, bytes)
        };
        let err = write_all(&files, &mut failing).unwrap_err();
        assert!(
            err[0]
                .message
                .contains("k-ja-print.pdf (No space left on device)"),
            "{err:?}"
        );
        let mut left: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["k-en-print.pdf"]);
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "old");

        write_all(&files, &mut write_synced).unwrap();
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "k-en-print.pdf");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 3);
    }

    #[test]
    fn stale_temporaries_are_recognised_by_kit_and_pid() {
        assert_eq!(stale_pid(".kit-en-print.pdf.4242.tmp", "kit"), Some(4242));
        assert_eq!(stale_pid(".kit-ja.layout.txt.7.tmp", "kit"), Some(7));
        assert_eq!(stale_pid(".kit2-en-print.pdf.4242.tmp", "kit"), None);
        assert_eq!(stale_pid(".kit-en-print.pdf.tmp", "kit"), None);
        assert_eq!(stale_pid(".kit-notes.md.12.tmp", "kit"), None);
        assert_eq!(stale_pid("kit-en-print.pdf.12.tmp", "kit"), None);
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_413), (2025, 11, 21));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
