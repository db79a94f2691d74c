//! The `presskit` binary: parse arguments, run the library, report, exit.

mod cli;
mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    run(Cli::parse())
}

/// Exit codes: 0 success, 1 kit error, 2 usage or internal error.
fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => commands::build(args),
        Command::Check(args) => commands::check(args),
        Command::Watch(args) => commands::watch(args),
        Command::New(args) => commands::new(args),
    }
}

/// Where `fonts/` and `layouts/` are: `PRESSKIT_HOME`, else beside the executable's ancestors
/// (an installed tree), else the source tree this binary was built from.
pub(crate) fn resources_dir() -> PathBuf {
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
