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
//! text. Any module may use the services [`diag`], [`geom`], [`photo`], [`markup`] and
//! [`output`]. No module
//! re-exports another's types and a stage's step modules are private to it;
//! `tests/stage_imports.rs` checks all three.
//!
//! [`build`] runs them for every language of a kit, languages in parallel; each language's
//! files are written as they are made, and replace the previous ones only when every language
//! succeeded.

pub mod diag;
pub mod document;
pub mod dump;
pub mod geom;
pub mod layout;
pub mod markup;
pub mod output;
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
    // The font book does not depend on the kit: it loads on a thread of its own meanwhile. Not
    // with rayon::join: called from outside the pool, the join ran both halves one after the
    // other on one worker whenever the second worker was not awake yet to steal one.
    let (kit, book) = std::thread::scope(|scope| {
        let book = scope.spawn(|| text::FontBook::load(&options.resources.join("fonts")));
        let kit = spec::load(&options.kit_dir, &spec_options);
        let book = book
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (kit, book)
    });
    let kit = kit.map_err(BuildError::Kit)?;
    document::Labels::check_overrides(&kit).map_err(BuildError::Kit)?;
    let languages = select_languages(&kit, &options.languages)?;
    let book = book.map_err(BuildError::Internal)?;
    let time = timestamp(&kit, options.source_date_epoch);
    // Each photo is embedded once per variant and shared by every language.
    let photos = pdf::PhotoCache::default();
    check_font_families(&kit.layout, &book).map_err(BuildError::Kit)?;
    let intent = output_intent(&kit.print);
    let print = options.variants.iter().any(|v| v.profile().pdfx.is_some());
    if print {
        // Compressing the profile takes a core for a few milliseconds: start it now, beside
        // the layout, rather than in the first print PDF's finish.
        let ahead = intent.clone();
        rayon::spawn(move || ahead.prepare());
    }
    output::remove_stale_temporaries(&options.out_dir, &kit.id);
    // Each language's files go to disk as soon as they are made; they replace the previous
    // files only when every language succeeded (dropping `staging` on an error removes them).
    let staging = output::Staging::synced();
    let out_path = |lang: &str, suffix: &str| {
        options
            .out_dir
            .join(format!("{}-{}{}", kit.id, lang, suffix))
    };
    // Languages are independent: lay each out once and write every variant from that layout.
    let build_language = |lang: &String| -> Result<LangFiles, Diagnostics> {
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
                let bytes = pdf::write(&paged, &book, &options, &photos)?;
                let path = out_path(lang, &format!("-{}.pdf", variant.name()));
                let size = bytes.len() as u64;
                staging.stage(path.clone(), bytes);
                Ok((variant, path, size))
            })
            .collect::<Result<_, Diagnostics>>()?;
        if options.dump {
            staging.stage(
                out_path(lang, ".layout.txt"),
                dump::dump(&paged).into_bytes(),
            );
        }
        let mut warnings = paged.warnings.clone();
        if print {
            warnings.extend(print_warnings(&paged, &kit, &options.resources));
        }
        warnings.extend(photo_warnings(&paged, print));
        Ok(LangFiles {
            paged,
            lang: lang.clone(),
            pdfs,
            warnings,
        })
    };
    let results = each_on_a_free_thread(&languages, build_language);
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

    let mut report = BuildReport::default();
    if let Some(path) = &options.report {
        let docs: Vec<&layout::PagedDoc> = files.iter().map(|f| &f.paged).collect();
        let json = serde_json::to_string_pretty(&report::report(&kit.id, &docs))
            .expect("report serialises");
        staging.stage(path.clone(), json.into_bytes());
    }
    let mut laid_out = vec![];
    for LangFiles {
        paged,
        lang,
        pdfs,
        warnings,
    } in files
    {
        for warning in warnings {
            if !report.warnings.contains(&warning) {
                report.warnings.push(warning);
            }
        }
        for (variant, path, size) in pdfs {
            report.outputs.push(Output {
                path,
                lang: lang.clone(),
                variant,
                pages: paged.pages.len(),
                size,
            });
        }
        laid_out.push(paged);
    }
    // Unmapping the fonts (every page that shaping and subsetting touched) and freeing the
    // layouts take a millisecond or two: on another thread they overlap the renames (and the
    // wait for the last file's sync) in `commit`.
    let retiring = std::thread::spawn(move || drop((book, photos, laid_out)));
    staging.commit().map_err(BuildError::Internal)?;
    let _ = retiring.join();
    Ok(report)
}

/// `work` on every item, in parallel, the results in the items' order. Items are handed out one
/// at a time, in order, to whichever thread is free (list scheduling), not split in fixed halves
/// as `par_iter` splits them: a language is a large task and languages differ in cost (a CJK
/// one writes larger fonts), so with fixed halves the core that drew the two costliest ones
/// finished 3–6 ms after the other.
fn each_on_a_free_thread<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let workers = rayon::current_num_threads().clamp(1, items.len().max(1));
    rayon::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let result = work(item);
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item is taken by one worker")
        })
        .collect()
}

/// The kit's print condition as the PDF writer declares it.
fn output_intent(print: &spec::OutputIntent) -> pdf::OutputIntent {
    pdf::OutputIntent::new(
        print.profile.clone(),
        &print.identifier,
        &print.condition,
        &print.registry,
    )
}

/// Everything built for one language, held in memory until every language has succeeded.
struct LangFiles {
    paged: layout::PagedDoc,
    lang: String,
    /// Each variant's PDF: where it goes and its size in bytes.
    pdfs: Vec<(Variant, PathBuf, u64)>,
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
