//! A build's files, written all or nothing: each goes to a temporary file beside its final path
//! (same folder, so the rename cannot cross file systems) and is synced; only when every file is
//! written are they renamed into place. On any failure every temporary file is removed, and the
//! next build of the kit removes those a killed build left.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::diag::{Diagnostic, Diagnostics};

/// Writes one temporary file; a parameter so tests can inject a failure.
pub type WriteFile = Arc<dyn Fn(&Path, &[u8]) -> std::io::Result<()> + Send + Sync>;

/// Writes `bytes` to a temporary file beside `path` and renames it, so a reader never sees a
/// half-written file and a failure leaves the previous file in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    let staging = Staging::synced();
    staging.stage(path.to_path_buf(), bytes.to_vec());
    staging.commit()
}

/// A build's files on their way to disk. Each file is handed over as soon as it is made and is
/// written and synced on a thread of its own: syncing waits milliseconds on the disk, and this
/// way the waits overlap each other and the languages still being laid out instead of
/// following them one by one. [`Staging::commit`] moves the files into place once all are
/// written; dropping a staging that was not committed removes them.
pub struct Staging {
    write_file: WriteFile,
    state: Mutex<State>,
}

/// A staged file: its final path, its temporary file and the thread writing that.
type Staged = (PathBuf, PathBuf, Option<JoinHandle<std::io::Result<()>>>);

/// The files handed over so far.
#[derive(Default)]
struct State {
    /// The files, in the order they were staged.
    files: Vec<Staged>,
    /// Folders made for the files, parents first.
    created: Vec<PathBuf>,
    /// The first failure to make a folder.
    error: Option<Diagnostic>,
}

impl State {
    /// Waits for every writer; the first failure, if any.
    fn finish_writing(&mut self) -> Option<Diagnostic> {
        let mut error = self.error.take();
        for (path, _, writer) in &mut self.files {
            let result = match writer.take().map(JoinHandle::join) {
                Some(Ok(result)) => result,
                Some(Err(_)) => Err(std::io::Error::other("the writer panicked")),
                None => Ok(()),
            };
            if let (Err(err), None) = (result, &error) {
                error = Some(Diagnostic::bare(format!(
                    "failed to write {} ({err})",
                    path.display()
                )));
            }
        }
        error
    }

    /// Removes every temporary file and the folders made for them.
    fn discard(&mut self) {
        self.finish_writing();
        for (_, tmp, _) in &self.files {
            let _ = std::fs::remove_file(tmp);
        }
        for dir in self.created.iter().rev() {
            // Only an empty folder goes: anything else in it is not ours.
            let _ = std::fs::remove_dir(dir);
        }
        self.files.clear();
        self.created.clear();
    }
}

impl Staging {
    /// A staging that writes each file with `write_file`.
    pub fn new(write_file: WriteFile) -> Self {
        Staging {
            write_file,
            state: Mutex::default(),
        }
    }

    /// A staging that writes and syncs each file.
    pub fn synced() -> Self {
        Staging::new(Arc::new(write_synced))
    }

    /// Starts writing `bytes` to a temporary file for `path`; it moves there on commit.
    pub fn stage(&self, path: PathBuf, bytes: Vec<u8>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.error.is_some() {
            return;
        }
        if let Err(err) = create_parent(&path, &mut state.created) {
            state.error = Some(*err);
            return;
        }
        let tmp = temporary_path(&path);
        let write_file = Arc::clone(&self.write_file);
        let target = tmp.clone();
        let writer = std::thread::spawn(move || write_file(&target, &bytes));
        // Recorded before it is written: a failed write may still have created the file.
        state.files.push((path, tmp, Some(writer)));
    }

    /// Waits for the writers and moves every file into place, or removes them all if one failed.
    pub fn commit(self) -> Result<(), Diagnostics> {
        let mut state = std::mem::take(&mut *self.state.lock().unwrap_or_else(|e| e.into_inner()));
        if let Some(err) = state.finish_writing() {
            state.discard();
            return Err(vec![err]);
        }
        // A folder where a file goes would fail its rename after others had been moved (a
        // rename replaces anything else, links included, without following them): refuse
        // before moving.
        let in_the_way = state
            .files
            .iter()
            .map(|(path, _, _)| path)
            .find(|path| std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir()))
            .cloned();
        if let Some(path) = in_the_way {
            state.discard();
            return Err(vec![Diagnostic::bare(format!(
                "failed to write {} (a folder is in the way)",
                path.display()
            ))]);
        }
        for (i, (path, tmp, _)) in state.files.iter().enumerate() {
            if let Err(err) = std::fs::rename(tmp, path) {
                for (_, tmp, _) in &state.files[i..] {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(vec![Diagnostic::bare(format!(
                    "failed to move {} into place ({err})",
                    path.display()
                ))]);
            }
        }
        // The folder is not synced after the renames: each rename is atomic, and a power cut
        // before the file system commits it leaves the previous files, whole, under their
        // names (and this build's synced temporaries, which the next build removes). Syncing
        // it would add a wait on the disk to every build for that case alone.
        Ok(())
    }
}

impl Drop for Staging {
    /// A staging dropped without [`Staging::commit`] (the build failed) leaves nothing behind.
    fn drop(&mut self) {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .discard();
    }
}

/// Creates the folder `path` goes into if it is missing, recording each folder made.
fn create_parent(path: &Path, created: &mut Vec<PathBuf>) -> Result<(), Box<Diagnostic>> {
    let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    if parent.is_dir() {
        return Ok(());
    }
    let missing: Vec<PathBuf> = parent
        .ancestors()
        .take_while(|dir| !dir.as_os_str().is_empty() && !dir.exists())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(parent).map_err(|err| {
        Box::new(Diagnostic::bare(format!(
            "failed to create output folder {} ({err})",
            parent.display()
        )))
    })?;
    created.extend(missing.into_iter().rev());
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
pub fn remove_stale_temporaries(out_dir: &Path, kit_id: &str) {
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

    fn stage_all(staging: &Staging, files: &[(PathBuf, Vec<u8>)]) {
        for (path, bytes) in files {
            staging.stage(path.clone(), bytes.clone());
        }
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

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
        let failing = |path: &Path, bytes: &[u8]| {
            if path.to_string_lossy().contains("k-ja-print.pdf") {
                std::fs::write(path, &bytes[..2])?;
                return Err(std::io::Error::other("No space left on device"));
            }
            write_synced(path, bytes)
        };
        let staging = Staging::new(Arc::new(failing));
        stage_all(&staging, &files);
        let err = staging.commit().unwrap_err();
        assert!(
            err[0]
                .message
                .contains("k-ja-print.pdf (No space left on device)"),
            "{err:?}"
        );
        assert_eq!(names_in(tmp.path()), ["k-en-print.pdf"]);
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "old");

        let staging = Staging::synced();
        stage_all(&staging, &files);
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "k-en-print.pdf");
        assert_eq!(names_in(tmp.path()).len(), 3);
    }

    #[test]
    fn a_staging_dropped_uncommitted_removes_its_files_and_the_folders_it_made() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out/nested");
        let staging = Staging::synced();
        staging.stage(out.join("k-en-screen.pdf"), b"%PDF-".to_vec());
        // Dropped as a build that failed in another language drops it.
        drop(staging);
        assert!(
            names_in(tmp.path()).is_empty(),
            "{:?}",
            names_in(tmp.path())
        );

        // A folder that existed stays, with whatever it held.
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let staging = Staging::synced();
        staging.stage(out.join("k-en-screen.pdf"), b"%PDF-".to_vec());
        drop(staging);
        assert_eq!(names_in(&out), ["notes.txt"]);
    }

    #[test]
    fn a_folder_in_the_way_stops_the_commit_before_any_file_moves() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("k-ja-print.pdf")).unwrap();
        let staging = Staging::synced();
        staging.stage(tmp.path().join("k-en-print.pdf"), b"en".to_vec());
        staging.stage(tmp.path().join("k-ja-print.pdf"), b"ja".to_vec());
        let err = staging.commit().unwrap_err();
        assert!(err[0].message.contains("a folder is in the way"), "{err:?}");
        assert_eq!(names_in(tmp.path()), ["k-ja-print.pdf"]);
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
}
