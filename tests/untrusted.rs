//! A kit is untrusted input: the bad-input matrix, run through the real binary.
//!
//! Each case copies `tests/kits/minimal` into a temporary folder, changes one thing, builds it,
//! and checks the exit code, the located message and that the output folder holds no file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the minimal kit at `<tmp>/kit`, with room beside it for files "outside the kit".
struct Kit {
    tmp: TempDir,
}

impl Kit {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("kit");
        std::fs::create_dir(&dir).unwrap();
        for entry in std::fs::read_dir(root().join("tests/kits/minimal")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
        Kit { tmp }
    }

    fn dir(&self) -> PathBuf {
        self.tmp.path().join("kit")
    }

    fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    /// Replaces `from` (which must occur) by `to` in `relative` inside the kit.
    fn edit(&self, relative: &str, from: &str, to: &str) -> &Self {
        let path = self.dir().join(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{relative} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let path = self.dir().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Adds a kit-local layout `evil` made from the installation's A4 layout with one change.
    fn layout(&self, from: &str, to: &str) -> &Self {
        let a4 = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
        assert!(a4.contains(from), "a4.toml has no `{from}`");
        let evil = a4
            .replacen("name = \"a4\"", "name = \"evil\"", 1)
            .replacen(from, to, 1);
        self.write("layouts/evil.toml", evil);
        self.edit("presskit.toml", "layout = \"a4\"", "layout = \"evil\"")
    }

    fn build(&self, extra: &[&str]) -> Output {
        self.build_with(extra, &[])
    }

    fn build_with(&self, extra: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_presskit"));
        cmd.current_dir(self.tmp.path())
            .args(["build", "kit", "--out", "out"])
            .args(extra)
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("PRESSKIT_HOME")
            .env("PRESSKIT_HOME", root());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("presskit runs")
    }

    fn out_files(&self) -> Vec<String> {
        match std::fs::read_dir(self.out()) {
            Ok(entries) => entries
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect(),
            Err(_) => vec![],
        }
    }

    /// Builds and expects exit `code`, every `needles` line in stderr, and no file written.
    fn fails(&self, code: i32, needles: &[&str]) -> String {
        let result = self.build(&["--lang", "en"]);
        let stderr = String::from_utf8_lossy(&result.stderr).to_string();
        assert_eq!(
            result.status.code(),
            Some(code),
            "exit code; stderr:\n{stderr}"
        );
        for needle in needles {
            assert!(stderr.contains(needle), "expected `{needle}` in:\n{stderr}");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            self.out_files().is_empty(),
            "files written: {:?}",
            self.out_files()
        );
        stderr
    }

    /// Builds and expects success; returns stderr (warnings).
    fn builds(&self) -> String {
        let result = self.build(&["--lang", "en"]);
        let stderr = String::from_utf8_lossy(&result.stderr).to_string();
        assert!(result.status.success(), "{stderr}");
        stderr
    }
}

fn outside(kit: &Kit, name: &str) -> PathBuf {
    let path = kit.tmp.path().join(name);
    std::fs::copy(root().join("tests/kits/minimal/portrait.jpg"), &path).unwrap();
    path
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

// --- Confinement -------------------------------------------------------------------------------

/// An outside path is refused with the same words whether or not it exists.
#[test]
fn paths_outside_the_kit_are_refused_without_telling_whether_they_exist() {
    let mut messages = vec![];
    for (photo, exists) in [
        ("../outside.jpg", true),
        ("../missing.jpg", false),
        ("/etc/passwd", true),
        ("/no/such/file", false),
    ] {
        let kit = Kit::new();
        if exists {
            outside(&kit, "outside.jpg");
        }
        kit.edit(
            "presskit.toml",
            "photo = \"portrait.jpg\"",
            &format!("photo = \"{photo}\""),
        );
        let stderr = kit.fails(
            1,
            &[
                "kit/presskit.toml:20:9 (key `speakers[0].photo`): failed to read photo",
                "(no such file in the kit folder)",
            ],
        );
        messages.push(stderr.replace(photo, "PATH"));
    }
    assert!(messages.windows(2).all(|w| w[0] == w[1]), "{messages:#?}");
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_kit_are_refused() {
    // A photo, a release text and a profile that are links to files outside the kit.
    let kit = Kit::new();
    let target = outside(&kit, "outside.jpg");
    symlink(&target, &kit.dir().join("link.jpg"));
    kit.edit(
        "presskit.toml",
        "photo = \"portrait.jpg\"",
        "photo = \"link.jpg\"",
    );
    kit.fails(
        1,
        &["failed to read photo `link.jpg` (no such file in the kit folder)"],
    );

    let kit = Kit::new();
    std::fs::write(kit.tmp.path().join("secret.md"), "Secret text.\n").unwrap();
    std::fs::remove_file(kit.dir().join("release.en.md")).unwrap();
    symlink(
        &kit.tmp.path().join("secret.md"),
        &kit.dir().join("release.en.md"),
    );
    kit.fails(1, &["(key `kit.release_file`): failed to read the `en` release text `release.en.md` (no such file in the kit folder)"]);

    // A linked folder: everything under it is outside.
    let kit = Kit::new();
    std::fs::create_dir(kit.tmp.path().join("elsewhere")).unwrap();
    outside(&kit, "elsewhere/p.jpg");
    symlink(&kit.tmp.path().join("elsewhere"), &kit.dir().join("photos"));
    kit.edit(
        "presskit.toml",
        "photo = \"portrait.jpg\"",
        "photo = \"photos/p.jpg\"",
    );
    kit.fails(
        1,
        &["failed to read photo `photos/p.jpg` (no such file in the kit folder)"],
    );

    // A kit-local layout folder linked outside is not used.
    let kit = Kit::new();
    let a4 = std::fs::read_to_string(root().join("layouts/a4.toml")).unwrap();
    std::fs::create_dir(kit.tmp.path().join("lay")).unwrap();
    std::fs::write(
        kit.tmp.path().join("lay/evil.toml"),
        a4.replace("name = \"a4\"", "name = \"evil\""),
    )
    .unwrap();
    symlink(&kit.tmp.path().join("lay"), &kit.dir().join("layouts"));
    kit.edit("presskit.toml", "layout = \"a4\"", "layout = \"evil\"");
    kit.fails(1, &["(key `kit.layout`): no layout named `evil`"]);
}

#[cfg(unix)]
#[test]
fn profiles_outside_the_kit_are_refused_but_the_installations_are_allowed() {
    let kit = Kit::new();
    kit.edit(
        "presskit.toml",
        "[[speakers]]",
        "[print]\nprofile = \"/etc/passwd\"\ncondition_identifier = \"X\"\n\n[[speakers]]",
    );
    kit.fails(1, &["(key `print.profile`): failed to read ICC profile `/etc/passwd` (no such file in the kit folder)"]);

    // The installation's own profile, named through PRESSKIT_HOME, is fine.
    let kit = Kit::new();
    let shipped = root().join("layouts/icc/presskit-fogra39.icc");
    kit.edit(
        "presskit.toml",
        "[[speakers]]",
        &format!(
            "[print]\nprofile = \"{}\"\ncondition_identifier = \"FOGRA39\"\n\n[[speakers]]",
            shipped.display()
        ),
    );
    kit.builds();
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_read() {
    // A named pipe would block a reader forever; a device never ends.
    let kit = Kit::new();
    let fifo = kit.dir().join("pipe.jpg");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    kit.edit(
        "presskit.toml",
        "photo = \"portrait.jpg\"",
        "photo = \"pipe.jpg\"",
    );
    kit.fails(1, &["failed to read photo `pipe.jpg` (not a regular file)"]);

    let kit = Kit::new();
    symlink(Path::new("/dev/zero"), &kit.dir().join("zero.jpg"));
    kit.edit(
        "presskit.toml",
        "photo = \"portrait.jpg\"",
        "photo = \"zero.jpg\"",
    );
    kit.fails(
        1,
        &["failed to read photo `zero.jpg` (no such file in the kit folder)"],
    );

    let kit = Kit::new();
    std::fs::create_dir(kit.dir().join("folder.jpg")).unwrap();
    kit.edit(
        "presskit.toml",
        "photo = \"portrait.jpg\"",
        "photo = \"folder.jpg\"",
    );
    kit.fails(
        1,
        &["failed to read photo `folder.jpg` (not a regular file)"],
    );
}

#[test]
fn files_over_their_size_limit_are_refused() {
    let kit = Kit::new();
    let mut big = b"Word ".repeat((8 << 20) / 5 + 1);
    big.push(b'\n');
    kit.write("release.en.md", &big);
    kit.fails(
        1,
        &["release text `release.en.md` is 8.0 MB; presskit reads at most 8 MB"],
    );
}
