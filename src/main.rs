//! The `presskit` binary: parse arguments, run the library, report, exit.

mod cli;

use std::io::IsTerminal;
use std::path::PathBuf;
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
    let options = BuildOptions {
        kit_dir: args.kit_dir,
        out_dir: args.out,
        languages: args.languages,
        variants,
        layout: args.layout,
        resources: resources_dir(),
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse().ok()),
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
/// (an installed tree), else the source tree this binary was built from.
fn resources_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("PRESSKIT_HOME") {
        return PathBuf::from(home);
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            if dir.join("fonts/MANIFEST.toml").is_file() && dir.join("layouts").is_dir() {
                return dir.to_path_buf();
            }
        }
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
