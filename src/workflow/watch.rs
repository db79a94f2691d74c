//! `presskit watch`: rebuild a kit whenever one of its files is saved.
//!
//! Events are debounced (an editor's save is several events: write, rename, attribute change),
//! files in the output folder and hidden temporary files are ignored, and a failed build leaves
//! the last good PDFs in place because a build writes nothing unless every language succeeded.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::diag::{Diagnostic, Diagnostics};

/// How long the kit must be quiet after a change before rebuilding: long enough to gather one
/// save's events, short enough to feel immediate.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// How often the loop looks at the stop flag while idle.
const POLL: Duration = Duration::from_millis(100);

/// Watches `kit_dir`, calling `rebuild` once at the start and once after each burst of changes
/// (with the changed paths), until `stop` is set.
pub fn watch(
    kit_dir: &Path,
    out_dir: &Path,
    stop: &AtomicBool,
    mut rebuild: impl FnMut(&[PathBuf]),
) -> Result<(), Diagnostics> {
    let fail = |e: notify::Error| {
        vec![Diagnostic::bare(format!(
            "failed to watch {} ({e})",
            kit_dir.display()
        ))]
    };
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(fail)?;
    watcher
        .watch(kit_dir, RecursiveMode::Recursive)
        .map_err(fail)?;
    let out_dir = out_dir
        .canonicalize()
        .unwrap_or_else(|_| out_dir.to_path_buf());
    rebuild(&[]);
    while !stop.load(Ordering::SeqCst) {
        let mut changed: Vec<PathBuf> = vec![];
        let mut deadline: Option<Instant> = None;
        loop {
            let wait = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()).min(POLL),
                None => POLL,
            };
            match rx.recv_timeout(wait) {
                Ok(Ok(event)) => {
                    if matches!(event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    let paths: Vec<PathBuf> = event
                        .paths
                        .into_iter()
                        .filter(|p| relevant(p, &out_dir))
                        .collect();
                    if !paths.is_empty() {
                        for p in paths {
                            if !changed.contains(&p) {
                                changed.push(p);
                            }
                        }
                        deadline = Some(Instant::now() + DEBOUNCE);
                    }
                }
                Ok(Err(e)) => eprintln!("warning: file watcher: {e}"),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
            if stop.load(Ordering::SeqCst) {
                return Ok(());
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
        }
        changed.sort();
        rebuild(&changed);
    }
    Ok(())
}

/// A change worth a rebuild: not in the output folder, not a hidden or backup file.
fn relevant(path: &Path, out_dir: &Path) -> bool {
    let canonical = path
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .map(|p| p.join(path.file_name().unwrap_or_default()))
        .unwrap_or_else(|| path.to_path_buf());
    if canonical.starts_with(out_dir) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !(name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp"))
}
