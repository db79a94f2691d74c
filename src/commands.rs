//! The binary's glue for the commands around a build (`check`, …): arguments in, messages and
//! an exit code out. The work is in [`presskit::workflow`].

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use presskit::diag::{Diagnostic, Diagnostics, Severity};
use presskit::workflow::{booklet, check, new, pack, proof};
use presskit::{BuildError, BuildOptions, Variant};

use crate::cli::{BuildArgs, CheckArgs, NewArgs, VariantArg, WatchArgs};

/// A progress bar appears only for builds longer than this: a quick build prints nothing but
/// its result lines.
const PROGRESS_DELAY: Duration = Duration::from_secs(1);

/// What one kit's build printed and how it ended.
struct KitResult {
    /// `wrote …` lines, one per file.
    lines: Vec<String>,
    /// Warnings and errors.
    messages: Diagnostics,
    /// 0 success, 1 kit error, 2 internal.
    code: u8,
}

/// The installation folder and `SOURCE_DATE_EPOCH`, or the installation error printed and
/// exit code 2.
fn environment() -> Result<(PathBuf, Option<i64>), ExitCode> {
    match (crate::resources_dir(), crate::source_date_epoch()) {
        (Ok(resources), Ok(epoch)) => Ok((resources, epoch)),
        (Err(err), _) | (_, Err(err)) => {
            eprintln!("error: {err}");
            Err(ExitCode::from(2))
        }
    }
}

/// The PDFs a `--variant` asks for; a handout is the screen rendering under its own name.
fn variants_of(arg: VariantArg) -> Vec<Variant> {
    match arg {
        VariantArg::Screen | VariantArg::Handout => vec![Variant::Screen],
        VariantArg::Print => vec![Variant::Print],
        VariantArg::Pdfx1a => vec![Variant::PrintX1a],
        VariantArg::All => vec![Variant::Print, Variant::Screen],
    }
}

/// `presskit build KIT…`: every kit in parallel, one line per file written, a summary when
/// there are several kits; exit code the worst of the kits'.
pub fn build(args: BuildArgs) -> ExitCode {
    if args.booklet && args.variant != VariantArg::Handout {
        eprintln!("error: --booklet imposes the handout: add --variant handout");
        return ExitCode::from(2);
    }
    let env = match environment() {
        Ok(env) => env,
        Err(code) => return code,
    };
    let bar = progress_bar();
    let results: Vec<KitResult> = args
        .kit_dirs
        .par_iter()
        .map(|kit_dir| build_kit(&args, &env, kit_dir, &bar))
        .collect();
    bar.finish_and_clear();
    let mut files = 0;
    let mut failed = 0;
    let mut code = 0;
    for (kit_dir, result) in args.kit_dirs.iter().zip(&results) {
        for message in &result.messages {
            eprintln!("{message}");
        }
        if result.code == 1 {
            let errors = result
                .messages
                .iter()
                .filter(|m| m.severity == Severity::Error)
                .count();
            eprintln!("no PDF written: {errors} error(s) in {}", kit_dir.display());
        }
        for line in &result.lines {
            println!("{line}");
        }
        files += result.lines.len();
        failed += usize::from(result.code != 0);
        code = code.max(result.code);
    }
    if args.kit_dirs.len() > 1 {
        println!(
            "built {} of {} kits: {files} file(s) written, {failed} kit(s) failed",
            args.kit_dirs.len() - failed,
            args.kit_dirs.len()
        );
    }
    ExitCode::from(code)
}

/// A spinner on a terminal, drawn only once the build has run for [`PROGRESS_DELAY`].
fn progress_bar() -> Arc<ProgressBar> {
    let bar = Arc::new(ProgressBar::with_draw_target(
        None,
        ProgressDrawTarget::hidden(),
    ));
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} building {pos} language(s): {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    if std::io::stderr().is_terminal() {
        let delayed = Arc::clone(&bar);
        std::thread::spawn(move || {
            std::thread::sleep(PROGRESS_DELAY);
            if !delayed.is_finished() {
                delayed.set_draw_target(ProgressDrawTarget::stderr());
                delayed.enable_steady_tick(Duration::from_millis(120));
            }
        });
    }
    bar
}

fn build_kit(
    args: &BuildArgs,
    (resources, source_date_epoch): &(PathBuf, Option<i64>),
    kit_dir: &Path,
    bar: &ProgressBar,
) -> KitResult {
    let mut variants = variants_of(args.variant);
    let handout = args.variant == VariantArg::Handout;
    // A pack carries the screen PDF, so a pack of a print-only build builds it too.
    if args.pack && !variants.contains(&Variant::Screen) {
        variants.push(Variant::Screen);
    }
    // A handout is the screen rendering (trim size, RGB, no bleed or marks) under its own name;
    // it is built in a private folder so an existing screen PDF is left alone.
    let out_dir = if handout {
        args.out.join(format!(
            ".handout-{}-{}",
            std::process::id(),
            kit_dir.display().to_string().replace(['/', '\\'], "_")
        ))
    } else {
        args.out.clone()
    };
    let options = BuildOptions {
        kit_dir: kit_dir.to_path_buf(),
        out_dir,
        languages: args.languages.clone(),
        variants,
        layout: args.layout.clone(),
        resources: resources.clone(),
        source_date_epoch: *source_date_epoch,
        dump: args.dump,
        report: args.report.clone(),
    };
    let progress = |lang: &str| {
        bar.inc(1);
        bar.set_message(format!("{} {lang}", kit_dir.display()));
    };
    let mut result = KitResult {
        lines: vec![],
        messages: vec![],
        code: 0,
    };
    let report = match presskit::build(&options, &progress) {
        Ok(report) => report,
        Err(error) => {
            let (errors, code) = split(error);
            result.messages = errors;
            result.code = code;
            if handout {
                let _ = std::fs::remove_dir_all(&options.out_dir);
            }
            return result;
        }
    };
    result.messages.extend(report.warnings.iter().cloned());
    let mut pdfs: Vec<PathBuf> = vec![];
    let mut post = || -> Result<(), BuildError> {
        let mut outputs = report.outputs.clone();
        if handout {
            for output in &mut outputs {
                let name = output
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().replace("-screen.pdf", "-handout.pdf"))
                    .unwrap_or_default();
                let target = args.out.join(name);
                std::fs::rename(&output.path, &target).map_err(|e| {
                    internal(format!(
                        "failed to move {} into place ({e})",
                        target.display()
                    ))
                })?;
                output.path = target;
            }
            let _ = std::fs::remove_dir_all(&options.out_dir);
        }
        for output in &outputs {
            let standard = if handout {
                "office printer, RGB, trim size"
            } else {
                output.variant.standard()
            };
            let name = if handout {
                "handout"
            } else {
                output.variant.name()
            };
            result.lines.push(format!(
                "wrote {} ({name}, {standard}, {} pages, {})",
                output.path.display(),
                output.pages,
                human_size(output.size)
            ));
            pdfs.push(output.path.clone());
        }
        if args.booklet {
            for output in &outputs {
                let bytes = std::fs::read(&output.path).map_err(|e| {
                    internal(format!("failed to read {} ({e})", output.path.display()))
                })?;
                let imposed = booklet::impose(&bytes).map_err(BuildError::Internal)?;
                let path = output.path.with_file_name(
                    output
                        .path
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .replace("-handout.pdf", "-booklet.pdf"),
                );
                presskit::output::write_atomically(&path, &imposed)
                    .map_err(BuildError::Internal)?;
                result.lines.push(format!(
                    "wrote {} (booklet, A5 on A4 sheets, {} sheet side(s), {})",
                    path.display(),
                    booklet::order(output.pages).len(),
                    human_size(imposed.len() as u64)
                ));
            }
        }
        if args.pack {
            let screen_report = presskit::BuildReport {
                outputs: report
                    .outputs
                    .iter()
                    .filter(|o| !handout && o.variant == Variant::Screen)
                    .cloned()
                    .collect(),
                warnings: vec![],
            };
            let screen_report = if handout {
                presskit::BuildReport {
                    outputs: outputs.clone(),
                    warnings: vec![],
                }
            } else {
                screen_report
            };
            for path in pack::write_packs(&options_with_out(&options, &args.out), &screen_report)? {
                let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                result.lines.push(format!(
                    "wrote {} (pack, {})",
                    path.display(),
                    human_size(size)
                ));
            }
        }
        if args.proof {
            for path in proof::write_proofs(&pdfs).map_err(BuildError::Internal)? {
                result
                    .lines
                    .push(format!("wrote {} (proof)", path.display()));
            }
        }
        Ok(())
    };
    if let Err(error) = post() {
        let (errors, code) = split(error);
        result.messages.extend(errors);
        result.code = code;
    }
    result
}

fn options_with_out(options: &BuildOptions, out: &Path) -> BuildOptions {
    BuildOptions {
        out_dir: out.to_path_buf(),
        ..options.clone()
    }
}

fn internal(message: String) -> BuildError {
    BuildError::Internal(vec![Diagnostic::bare(message)])
}

fn split(error: BuildError) -> (Diagnostics, u8) {
    match error {
        BuildError::Kit(errors) => (errors, 1),
        BuildError::Internal(errors) => (errors, 2),
    }
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// `presskit check`: exit 0 when clean, 1 on errors (or on warnings with `--strict`).
pub fn check(args: CheckArgs) -> ExitCode {
    let (resources, _) = match environment() {
        Ok(env) => env,
        Err(code) => return code,
    };
    let options = BuildOptions {
        kit_dir: args.kit_dir,
        out_dir: std::env::temp_dir(),
        languages: args.languages,
        variants: vec![],
        layout: args.layout,
        resources,
        source_date_epoch: None,
        dump: false,
        report: None,
    };
    let report = match check::check(&options) {
        Ok(report) => report,
        Err(error) => return fail(error),
    };
    for error in &report.errors {
        eprintln!("{error}");
    }
    let strict = |mut d: presskit::diag::Diagnostic| {
        if args.strict {
            d.severity = Severity::Error;
        }
        d
    };
    for warning in &report.warnings {
        eprintln!("{}", strict(warning.clone()));
    }
    let c = &report.consistency;
    for note in &c.notes {
        eprintln!("note: {note}");
    }
    for mismatch in &c.mismatches {
        eprintln!("{}", strict(mismatch.clone()));
    }
    println!(
        "checked {} language(s): {} error(s), {} warning(s); translations: {} fact(s) in {} text(s) compared, {} mismatch(es)",
        report.languages.len(),
        report.errors.len(),
        report.warnings.len(),
        c.facts,
        c.units,
        c.mismatches.len()
    );
    let warned = !report.warnings.is_empty() || !c.mismatches.is_empty();
    if !report.errors.is_empty() || (args.strict && warned) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints a failed step's diagnostics; kit errors exit 1, internal ones 2.
pub fn fail(error: BuildError) -> ExitCode {
    let (errors, code) = match error {
        BuildError::Kit(errors) => (errors, 1),
        BuildError::Internal(errors) => (errors, 2),
    };
    for error in &errors {
        eprintln!("{error}");
    }
    ExitCode::from(code)
}

/// `presskit watch`: build, then rebuild after every change until Ctrl-C; exit 0 when stopped.
pub fn watch(args: WatchArgs) -> ExitCode {
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = Arc::new(AtomicBool::new(false));
    let handler_stop = Arc::clone(&stop);
    if let Err(err) = ctrlc::set_handler(move || handler_stop.store(true, Ordering::SeqCst)) {
        eprintln!("error: failed to install the Ctrl-C handler ({err})");
        return ExitCode::from(2);
    }
    let variants = variants_of(args.variant);
    let (resources, source_date_epoch) = match environment() {
        Ok(env) => env,
        Err(code) => return code,
    };
    let options = BuildOptions {
        kit_dir: args.kit_dir.clone(),
        out_dir: args.out.clone(),
        languages: args.languages,
        variants,
        layout: None,
        resources,
        source_date_epoch,
        dump: false,
        report: None,
    };
    let _ = std::fs::create_dir_all(&args.out);
    eprintln!("watching {} (Ctrl-C to stop)", args.kit_dir.display());
    let rebuild = |changed: &[PathBuf]| {
        if let Some(first) = changed.first() {
            eprintln!(
                "changed: {}{}",
                first.display(),
                if changed.len() > 1 {
                    format!(" and {} more", changed.len() - 1)
                } else {
                    String::new()
                }
            );
        }
        let started = std::time::Instant::now();
        match presskit::build(&options, &|_: &str| {}) {
            Ok(report) => {
                for warning in &report.warnings {
                    eprintln!("{warning}");
                }
                // Elapsed time is for the person watching; nothing reads it.
                println!(
                    "built {} file(s) in {:.1} s",
                    report.outputs.len(),
                    started.elapsed().as_secs_f64()
                );
            }
            Err(error) => {
                let (errors, _) = split(error);
                for error in &errors {
                    eprintln!("{error}");
                }
                println!(
                    "build failed: {} error(s); the last good PDFs are kept",
                    errors.len()
                );
            }
        }
    };
    match presskit::workflow::watch::watch(&args.kit_dir, &args.out, &stop, rebuild) {
        Ok(()) => {
            eprintln!("stopped watching");
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            ExitCode::from(2)
        }
    }
}

/// `presskit new DIR --languages …`: writes a complete example kit.
pub fn new(args: NewArgs) -> ExitCode {
    match new::write_kit(&args.dir, &args.languages) {
        Ok(files) => {
            for file in files {
                println!("wrote {}", file.display());
            }
            println!("build it with: presskit build {}", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            ExitCode::from(2)
        }
    }
}
