//! The `presskit` binary: parse arguments, run the library, report, exit.

mod cli;
mod commands;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    tune_allocator();
    run(Cli::parse())
}

/// glibc's allocator, tuned for a short run that allocates and frees buffers of a few hundred
/// KB to a few MB on several threads (shaping, font subsets, Deflate windows, photo pixels):
/// by default each such buffer is mapped and unmapped on its own, and each thread's heap grows
/// 128 KB at a time and is trimmed back, so a third of a sample build's page faults and a
/// seventh of its CPU time went to the kernel. With a 32 MB mapping threshold, 16 MB before
/// a heap is trimmed and 4 MB of growth at a time, the CPU time of the sample kit's screen
/// build drops from about 67 to 57 ms and its page faults from 6,300 to 2,900, for up to 5 MB
/// more peak memory (`benches/run.sh`). Photos of tens of megabytes are still mapped alone.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it is called before any other thread
    // exists, and a rejected value leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 16 << 20);
        libc::mallopt(libc::M_TOP_PAD, 4 << 20);
    }
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
/// (an installed tree), else the source tree this binary was built from. A `PRESSKIT_HOME` that
/// is not an installation is an error of the installation, not of the kit.
pub(crate) fn resources_dir() -> Result<PathBuf, String> {
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
pub(crate) fn source_date_epoch() -> Result<Option<i64>, String> {
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
