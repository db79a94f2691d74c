//! Reading the files a kit names, confined to the kit folder.
//!
//! A kit travels between translators, agencies and print shops, so it is untrusted input: every
//! path it names (`photo`, `release_file`, `[print] profile`, a kit-local layout) must resolve,
//! after symbolic links, inside the kit folder or inside the installation's `layouts/`. Only
//! regular files are read, each kind with a size limit the kit cannot raise. A path that leaves
//! the folder gets the same message as a missing file, so the error never tells whether a file
//! outside the kit exists.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Origin};

/// What a file is for; each kind has its own size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A JPEG portrait.
    Photo,
    /// An ICC output profile.
    Profile,
    /// A Markdown release text.
    Text,
    /// `presskit.toml` or a layout file.
    Toml,
}

impl FileKind {
    /// The largest file of this kind presskit reads. Print portraits at 300 dpi are a few MB and
    /// press-ready JPEGs rarely pass 30 MB; CMYK output profiles (FOGRA39, GRACoL) are 0.5–3 MB;
    /// a release text of 8 MB is thousands of pages; a spec or layout file is a few KB.
    pub const fn limit(self) -> u64 {
        match self {
            FileKind::Photo => 64 << 20,
            FileKind::Profile => 16 << 20,
            FileKind::Text => 8 << 20,
            FileKind::Toml => 4 << 20,
        }
    }

    /// The word used in messages.
    pub const fn noun(self) -> &'static str {
        match self {
            FileKind::Photo => "photo",
            FileKind::Profile => "ICC profile",
            FileKind::Text => "text file",
            FileKind::Toml => "TOML file",
        }
    }
}

/// Why a kit file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// Missing, or resolving outside the allowed folders: deliberately one case.
    NotInKit,
    /// A folder, named pipe, device or socket.
    NotRegular,
    /// Larger than the kind's limit (the size in bytes).
    TooLarge(u64),
    /// Reading a file inside the kit failed.
    Io(String),
}

impl FileError {
    /// The located diagnostic for reading `relative` as `kind`.
    pub fn diagnostic(&self, origin: Origin, relative: &str, kind: FileKind) -> Diagnostic {
        self.diagnostic_for(origin, &format!("{} `{relative}`", kind.noun()), kind)
    }

    /// The located diagnostic for reading `what` (e.g. "the `en` release text `a.md`").
    pub fn diagnostic_for(&self, origin: Origin, what: &str, kind: FileKind) -> Diagnostic {
        match self {
            FileError::NotInKit => Diagnostic::error(
                origin,
                format!("failed to read {what} (no such file in the kit folder)"),
            )
            .with_hint(
                "name files relative to the kit folder; a path may not leave it, also not through a symbolic link",
            ),
            FileError::NotRegular => Diagnostic::error(
                origin,
                format!("failed to read {what} (not a regular file)"),
            ),
            FileError::TooLarge(size) => Diagnostic::error(
                origin,
                format!(
                    "{what} is {:.1} MB; presskit reads at most {} MB",
                    *size as f64 / (1 << 20) as f64,
                    kind.limit() >> 20
                ),
            ),
            FileError::Io(err) => Diagnostic::error(origin, format!("failed to read {what} ({err})")),
        }
    }
}

/// A file read from the kit.
#[derive(Debug, Clone)]
pub struct KitFile {
    /// The path as the kit names it, joined to the kit folder (for messages).
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The folders a kit may read from: its own folder and the installation's `layouts/`.
#[derive(Debug, Clone)]
pub struct KitFiles {
    dir: PathBuf,
    roots: Vec<PathBuf>,
}

impl KitFiles {
    /// Confines reads to `kit_dir` and `layouts_dir` (either may be missing).
    pub fn new(kit_dir: &Path, layouts_dir: &Path) -> Self {
        let roots = [kit_dir, layouts_dir]
            .iter()
            .filter_map(|d| d.canonicalize().ok())
            .collect();
        Self {
            dir: kit_dir.to_path_buf(),
            roots,
        }
    }

    /// The kit folder as given.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Checks that `relative` (to the kit folder) is a regular file inside the allowed folders
    /// and within the kind's size limit; returns its canonical path.
    pub fn check(&self, relative: &str, kind: FileKind) -> Result<PathBuf, FileError> {
        self.check_at(&self.dir.join(relative), kind)
    }

    fn check_at(&self, joined: &Path, kind: FileKind) -> Result<PathBuf, FileError> {
        // Any failure to resolve, inside or out, is "not in the kit": an outside permission error
        // or dangling link must read the same as a missing file.
        let real = joined.canonicalize().map_err(|_| FileError::NotInKit)?;
        if !self.roots.iter().any(|root| real.starts_with(root)) {
            return Err(FileError::NotInKit);
        }
        let meta = std::fs::metadata(&real).map_err(|err| FileError::Io(err.to_string()))?;
        if !meta.is_file() {
            return Err(FileError::NotRegular);
        }
        if meta.len() > kind.limit() {
            return Err(FileError::TooLarge(meta.len()));
        }
        Ok(real)
    }

    /// Reads `relative` (to the kit folder) after [`KitFiles::check`].
    pub fn read(&self, relative: &str, kind: FileKind) -> Result<KitFile, FileError> {
        self.read_at(self.dir.join(relative), kind)
    }

    /// [`KitFiles::read`] with the error as a diagnostic at `origin` (the key naming the file).
    pub fn read_at_key(
        &self,
        relative: &str,
        kind: FileKind,
        origin: Origin,
    ) -> Result<KitFile, Box<Diagnostic>> {
        self.read(relative, kind)
            .map_err(|err| Box::new(err.diagnostic(origin, relative, kind)))
    }

    /// Reads a file of the installation's `layouts/` (the default profile, shipped layouts)
    /// under the same rules.
    pub fn read_installed(&self, path: &Path, kind: FileKind) -> Result<KitFile, FileError> {
        self.read_at(path.to_path_buf(), kind)
    }

    fn read_at(&self, path: PathBuf, kind: FileKind) -> Result<KitFile, FileError> {
        let real = self.check_at(&path, kind)?;
        let file = std::fs::File::open(&real).map_err(|err| FileError::Io(err.to_string()))?;
        // The file may have changed since the check: never read past the limit, and re-check
        // the type of what was actually opened.
        let meta = file
            .metadata()
            .map_err(|err| FileError::Io(err.to_string()))?;
        if !meta.is_file() {
            return Err(FileError::NotRegular);
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(kind.limit() + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| FileError::Io(err.to_string()))?;
        if bytes.len() as u64 > kind.limit() {
            return Err(FileError::TooLarge(bytes.len() as u64));
        }
        Ok(KitFile { path, bytes })
    }
}

/// Decodes UTF-8, reporting the first invalid byte with its line and column. A byte-order mark
/// at the start (some Windows editors write one) is dropped; anywhere else it is an error later.
pub fn utf8(path: &Path, mut bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    if bytes.starts_with("\u{FEFF}".as_bytes()) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let bytes = err.into_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        Box::new(
            Diagnostic::error(
                Origin::at(path, prefix, valid),
                format!("invalid UTF-8 (byte 0x{:02X})", bytes[valid]),
            )
            .with_hint("save the file as UTF-8"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_regular_files_inside_the_kit() {
        let tmp = tempfile::tempdir().unwrap();
        let kit = tmp.path().join("kit");
        let layouts = tmp.path().join("layouts");
        std::fs::create_dir_all(kit.join("sub")).unwrap();
        std::fs::create_dir_all(&layouts).unwrap();
        std::fs::write(kit.join("sub/a.md"), "a").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "s").unwrap();
        std::fs::write(layouts.join("p.icc"), "p").unwrap();
        let files = KitFiles::new(&kit, &layouts);
        assert_eq!(files.read("sub/a.md", FileKind::Text).unwrap().bytes, b"a");
        assert_eq!(
            files.read("sub/../sub/a.md", FileKind::Text).unwrap().bytes,
            b"a"
        );
        assert_eq!(
            files
                .read("../layouts/p.icc", FileKind::Profile)
                .unwrap()
                .bytes,
            b"p"
        );
        // Outside, existing or not, absolute or relative: the same error.
        for outside in [
            "../secret.txt",
            "../missing.txt",
            "/etc/passwd",
            "/nonexistent",
        ] {
            assert_eq!(
                files.read(outside, FileKind::Text).unwrap_err(),
                FileError::NotInKit,
                "{outside}"
            );
        }
        assert_eq!(
            files.read("sub", FileKind::Text).unwrap_err(),
            FileError::NotRegular
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("secret.txt"), kit.join("link.md")).unwrap();
            std::os::unix::fs::symlink(tmp.path().join("gone.txt"), kit.join("dangling.md"))
                .unwrap();
            std::os::unix::fs::symlink("/dev/zero", kit.join("zero.jpg")).unwrap();
            assert_eq!(
                files.read("link.md", FileKind::Text).unwrap_err(),
                FileError::NotInKit
            );
            assert_eq!(
                files.read("dangling.md", FileKind::Text).unwrap_err(),
                FileError::NotInKit
            );
            assert_eq!(
                files.read("zero.jpg", FileKind::Photo).unwrap_err(),
                FileError::NotInKit
            );
        }
    }

    #[test]
    fn size_limits_hold() {
        let tmp = tempfile::tempdir().unwrap();
        let big = vec![b'a'; (FileKind::Toml.limit() + 1) as usize];
        std::fs::write(tmp.path().join("big.toml"), &big).unwrap();
        let files = KitFiles::new(tmp.path(), &tmp.path().join("none"));
        assert_eq!(
            files.read("big.toml", FileKind::Toml).unwrap_err(),
            FileError::TooLarge(big.len() as u64)
        );
        assert!(files.read("big.toml", FileKind::Text).is_ok());
    }

    #[test]
    fn invalid_utf8_has_line_and_column() {
        let err = utf8(Path::new("k.toml"), b"a = 1\nb = \"\xC3(\"\n".to_vec()).unwrap_err();
        assert_eq!(err.origin.as_ref().unwrap().line_col, Some((2, 6)));
        assert!(err.message.contains("0xC3"), "{}", err.message);
        assert_eq!(
            utf8(Path::new("k"), b"\xEF\xBB\xBFa = 1".to_vec()).unwrap(),
            "a = 1"
        );
    }
}
