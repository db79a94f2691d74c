//! The `presskit` binary: parse arguments, run the library, report, exit.

mod cli;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Parser;
use presskit::{BuildError, BuildOptions, Variant};

use crate::cli::{BuildArgs, Cli, Command, VariantArg};

fn main() -> ExitCode {
    run(Cli::parse())
}

/// Exit codes: 0 success, 1 kit error, 2 usage or internal error.
fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build(args),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let variants = match args.variant {
        VariantArg::Screen => vec![Variant::Screen],
        VariantArg::Print => vec![Variant::Print],
        VariantArg::Pdfx1a => vec![Variant::PrintX1a],
        VariantArg::All => vec![Variant::Print, Variant::Screen],
    };
    let (resources, source_date_epoch) = match (resources_dir(), source_date_epoch()) {
        (Ok(resources), Ok(epoch)) => (resources, epoch),
        (Err(err), _) | (_, Err(err)) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let options = BuildOptions {
        kit_dir: args.kit_dir,
        out_dir: args.out,
        languages: args.languages,
        variants,
        layout: args.layout,
        resources,
        source_date_epoch,
        dump: args.dump,
        report: args.report,
    };
    let terminal = std::io::stderr().is_terminal();
    let started = AtomicUsize::new(0);
    let progress = |lang: &str| {
        if terminal {
            let n = started.fetch_add(1, Ordering::Relaxed) + 1;
            eprint!("\r\x1b[2Kbuilding [{n}] {lang}…");
        }
    };
    let result = presskit::build(&options, &progress);
    if terminal {
        eprint!("\r\x1b[2K");
    }
    match result {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{warning}");
            }
            for output in &report.outputs {
                println!(
                    "wrote {} ({}, {}, {} pages, {})",
                    output.path.display(),
                    output.variant.name(),
                    output.variant.standard(),
                    output.pages,
                    human_size(output.size)
                );
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Kit(errors)) => {
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!("no PDF written: {} error(s)", errors.len());
            ExitCode::from(1)
        }
        Err(BuildError::Internal(errors)) => {
            for error in &errors {
                eprintln!("{error}");
            }
            ExitCode::from(2)
        }
    }
}

/// Where `fonts/` and `layouts/` are: `PRESSKIT_HOME`, else beside the executable's ancestors
/// (an installed tree), else the source tree this binary was built from. A `PRESSKIT_HOME` that
/// is not an installation is an error of the installation, not of the kit.
fn resources_dir() -> Result<PathBuf, String> {
    let is_installation =
        |dir: &Path| dir.join("fonts/MANIFEST.toml").is_file() && dir.join("layouts").is_dir();
    if let Some(home) = std::env::var_os("PRESSKIT_HOME") {
        let home = PathBuf::from(home);
        if home.as_os_str().is_empty() || !is_installation(&home) {
            return Err(format!(
                "PRESSKIT_HOME=\"{}\" is not a presskit installation (it needs fonts/MANIFEST.toml and layouts/); unset it or point it at one",
                home.display()
            ));
        }
        return Ok(home);
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            if is_installation(dir) {
                return Ok(dir.to_path_buf());
            }
        }
    }
    Ok(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The latest `SOURCE_DATE_EPOCH` a PDF date can hold: 9999-12-31T23:59:59Z.
const MAX_SOURCE_DATE_EPOCH: i64 = 253_402_300_799;

/// `SOURCE_DATE_EPOCH` (reproducible-builds.org): unset or empty means none; anything but
/// seconds from 1970 to year 9999 is an error, as the specification asks.
fn source_date_epoch() -> Result<Option<i64>, String> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let value = value.to_string_lossy();
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<i64>() {
        Ok(secs) if (0..=MAX_SOURCE_DATE_EPOCH).contains(&secs) => Ok(Some(secs)),
        _ => Err(format!(
            "SOURCE_DATE_EPOCH=\"{value}\" is not a number of seconds from 0 (1970) to {MAX_SOURCE_DATE_EPOCH} (year 9999)"
        )),
    }
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
