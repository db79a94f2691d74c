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

// --- Bounds ------------------------------------------------------------------------------------

#[test]
fn layout_numbers_out_of_range_are_located_errors() {
    for (from, to, needle) in [
        (
            "width_mm = 210",
            "width_mm = 0",
            "kit/layouts/evil.toml:11:1 (key `page.width_mm`): width_mm must be a number from 100 to 1200",
        ),
        (
            "width_mm = 210",
            "width_mm = 60",
            "(key `page.width_mm`): width_mm must be a number from 100 to 1200; A6 to A0 (it is 60)",
        ),
        (
            "width_mm = 210",
            "width_mm = nan",
            "(key `page.width_mm`): width_mm must be a number from 100 to 1200; A6 to A0 (it is NaN)",
        ),
        (
            "margin_left_mm = 20",
            "margin_left_mm = 150",
            "(key `page.margin_left_mm`): the margins leave a text area 40 mm wide; it must be at least 50 mm",
        ),
        (
            "margin_top_mm = 22",
            "margin_top_mm = 290",
            "(key `page.margin_top_mm`): the margins leave a text area -17 mm tall",
        ),
        (
            "body_pt = 10",
            "body_pt = nan",
            "kit/layouts/evil.toml:20:1 (key `type.body_pt`): body_pt must be a number from 5 to 24",
        ),
        (
            "headline_pt = 22",
            "headline_pt = 5000",
            "(key `type.headline_pt`): headline_pt must be a number from 6 to 144",
        ),
        (
            "body_leading = 1.45",
            "body_leading = inf",
            "(key `type.body_leading`)",
        ),
        (
            "band = [100, 70, 0, 35]",
            "band = [100, 70, 0, 350]",
            "(key `colours.band`): band must be a number from 0 to 100",
        ),
        (
            "figure_columns = 4",
            "figure_columns = 0",
            "kit/layouts/evil.toml:7:1 (key `figure_columns`)",
        ),
    ] {
        let kit = Kit::new();
        kit.layout(from, to);
        kit.fails(1, &[needle]);
    }
}

#[test]
fn kit_numbers_out_of_range_are_located_errors() {
    for width in ["nan", "inf", "-0.6", "0"] {
        let kit = Kit::new();
        kit.edit("presskit.toml", "width = 0.6", &format!("width = {width}"));
        kit.fails(1, &["kit/presskit.toml:36:9 (key `facts.columns`): column widths must be positive and add up to 1"]);
    }
}

#[test]
fn deep_markdown_nesting_is_an_error_not_a_crash() {
    let kit = Kit::new();
    kit.write("release.en.md", format!("{} deep\n", ">".repeat(4300)));
    kit.fails(
        1,
        &["kit/release.en.md:1:9: quotes and lists nest more than 8 levels deep"],
    );
}

// --- Never panic -------------------------------------------------------------------------------

#[test]
fn invisible_characters_are_located_errors() {
    for (text, code) in [
        ("\0", "U+0000"),
        ("\u{FEFF}", "U+FEFF"),
        ("\u{FFFF}", "U+FFFF"),
        ("\u{202E}", "U+202E"),
    ] {
        // Raw in presskit.toml: line and column.
        let kit = Kit::new();
        kit.edit(
            "presskit.toml",
            "headline.en = \"A headline\"",
            &format!("headline.en = \"A {text}headline\""),
        );
        kit.fails(
            1,
            &[&format!("kit/presskit.toml:13:18: text contains {code}")],
        );
        // As a TOML escape: the key.
        let kit = Kit::new();
        let escape = format!("\\u{:04X}", text.chars().next().unwrap() as u32);
        kit.edit(
            "presskit.toml",
            "dateline.en = \"TOKYO\"",
            &format!("dateline.en = \"TO{escape}KYO\""),
        );
        kit.fails(
            1,
            &[&format!("(key `kit.dateline.en`): text contains {code}")],
        );
        // In the release text.
        let kit = Kit::new();
        kit.write(
            "release.en.md",
            format!("First.\n\nSecond {text}paragraph.\n"),
        );
        kit.fails(
            1,
            &[&format!("kit/release.en.md:3:8: text contains {code}")],
        );
    }
}

/// Strings that are not translatable texts (web address, e-mail, print condition) too.
#[test]
fn invisible_characters_in_plain_strings_are_located_errors() {
    let kit = Kit::new();
    kit.edit(
        "presskit.toml",
        "release_file",
        "url = \"https://example.org/\\u202Eevil\"\nrelease_file",
    );
    kit.fails(
        1,
        &["kit/presskit.toml:8:7 (key `kit.url`): text contains U+202E"],
    );
    let kit = Kit::new();
    kit.edit(
        "presskit.toml",
        "[[speakers]]",
        "[print]\nprofile = \"x.icc\"\ncondition_identifier = \"FOGRA\\u0000\"\n\n[[speakers]]",
    );
    kit.fails(
        1,
        &["(key `print.condition_identifier`): text contains U+0000"],
    );
}

#[test]
fn invalid_utf8_is_located() {
    let kit = Kit::new();
    let spec = std::fs::read(kit.dir().join("presskit.toml")).unwrap();
    let at = spec.windows(10).position(|w| w == b"A headline").unwrap();
    let mut bad = spec.clone();
    bad[at + 2] = 0xFF;
    kit.write("presskit.toml", bad);
    kit.fails(1, &["kit/presskit.toml:13:18: invalid UTF-8 (byte 0xFF)"]);

    let kit = Kit::new();
    kit.write("release.en.md", b"Fine.\n\nBad \xC3( byte.\n");
    kit.fails(1, &["kit/release.en.md:3:5: invalid UTF-8 (byte 0xC3)"]);
}

// --- Smaller -----------------------------------------------------------------------------------

#[test]
fn unsettable_markdown_is_a_located_error() {
    for (release, needle) in [
        (
            "Intro.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            "kit/release.en.md:3:1: unsupported Markdown: a table",
        ),
        (
            "Intro.\n\n#\n\nMore.\n",
            "kit/release.en.md:3:1: empty heading",
        ),
        (
            "A <span lang=\"ja\">日本\n\nMore.\n",
            "kit/release.en.md:1:3: <span lang=\"…\"> is not closed in its paragraph",
        ),
        (
            "[click](javascript:alert(1))\n",
            "kit/release.en.md:1:1: link target `javascript:alert(1)` is not a web, e-mail or phone address",
        ),
        (
            "[file](file:///etc/passwd)\n",
            "kit/release.en.md:1:1: link target `file:///etc/passwd`",
        ),
    ] {
        let kit = Kit::new();
        kit.write("release.en.md", release);
        kit.fails(1, &[needle]);
    }
    let kit = Kit::new();
    kit.edit(
        "presskit.toml",
        "bio.en = \"Spoke at the event.\"",
        "bio.en = \"Spoke at [the event](javascript:x).\"",
    );
    kit.fails(
        1,
        &["(key `speakers[0].bio.en`): link target `javascript:x`"],
    );
    let kit = Kit::new();
    kit.edit(
        "presskit.toml",
        "release_file",
        "url = \"javascript:alert(1)\"\nrelease_file",
    );
    kit.fails(
        1,
        &["(key `kit.url`): `javascript:alert(1)` is not a web address"],
    );
}

/// The screen PDF's link annotations are exactly the allowed kinds.
#[test]
fn allowed_links_become_annotations() {
    let kit = Kit::new();
    kit.write(
        "release.en.md",
        "See [the site](https://example.org/a), [mail](mailto:press@example.org) or [call](tel:+81312345678).\n",
    );
    let result = kit.build(&["--lang", "en", "--variant", "screen"]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let pdf = kit.out().join("minimal-en-screen.pdf");
    let qdf = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&qdf.stdout);
    for uri in [
        "https://example.org/a",
        "mailto:press@example.org",
        "tel:+81312345678",
    ] {
        assert!(text.contains(&format!("/URI ({uri})")), "no link to {uri}");
    }
}

// --- All-or-nothing output ---------------------------------------------------------------------

/// When one output cannot be written, none is, no temporary file stays, and the previous
/// build's files are untouched.
#[test]
fn a_failing_output_writes_nothing_and_leaves_no_temporary_file() {
    let kit = Kit::new();
    std::fs::create_dir_all(kit.out()).unwrap();
    std::fs::write(kit.out().join("minimal-en-print.pdf"), "previous build").unwrap();
    // The last file of the build cannot be placed: a folder is in its way.
    std::fs::create_dir_all(kit.out().join("minimal-ja-screen.pdf/x")).unwrap();
    let result = kit.build(&[]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("minimal-ja-screen.pdf (a folder is in the way)"),
        "{stderr}"
    );
    let mut left = kit.out_files();
    left.sort();
    assert_eq!(left, ["minimal-en-print.pdf", "minimal-ja-screen.pdf"]);
    assert_eq!(
        std::fs::read_to_string(kit.out().join("minimal-en-print.pdf")).unwrap(),
        "previous build"
    );
}

/// Temporary files of a killed build of this kit are removed by the next build; other files,
/// including other kits' temporaries, stay.
#[test]
fn stale_temporary_files_are_cleaned_up() {
    let kit = Kit::new();
    std::fs::create_dir_all(kit.out()).unwrap();
    // pid_max is at most 2^22 on Linux: no process has this id.
    for name in [
        ".minimal-en-print.pdf.99999999.tmp",
        ".minimal-ja.layout.txt.99999998.tmp",
        ".other-en-print.pdf.99999999.tmp",
        "notes.txt",
    ] {
        std::fs::write(kit.out().join(name), "x").unwrap();
    }
    let result = kit.build(&["--lang", "en", "--variant", "screen"]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let mut left = kit.out_files();
    left.sort();
    assert_eq!(
        left,
        [
            ".other-en-print.pdf.99999999.tmp",
            "minimal-en-screen.pdf",
            "notes.txt"
        ]
    );
}

// --- Environment -------------------------------------------------------------------------------

#[test]
fn a_broken_installation_or_date_is_exit_2_not_the_kits_fault() {
    let kit = Kit::new();
    for (var, value, needle) in [
        (
            "PRESSKIT_HOME",
            "",
            "error: PRESSKIT_HOME=\"\" is not a presskit installation",
        ),
        (
            "PRESSKIT_HOME",
            "/tmp",
            "error: PRESSKIT_HOME=\"/tmp\" is not a presskit installation",
        ),
        (
            "SOURCE_DATE_EPOCH",
            "999999999999999",
            "error: SOURCE_DATE_EPOCH=\"999999999999999\" is not a number of seconds",
        ),
        ("SOURCE_DATE_EPOCH", "-1", "error: SOURCE_DATE_EPOCH=\"-1\""),
        (
            "SOURCE_DATE_EPOCH",
            "yesterday",
            "error: SOURCE_DATE_EPOCH=\"yesterday\"",
        ),
    ] {
        let result = kit.build_with(&["--lang", "en"], &[(var, value)]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{var}={value}: {stderr}");
        assert!(stderr.contains(needle), "{var}={value}: {stderr}");
        assert!(kit.out_files().is_empty());
    }
    // The last second a PDF date can hold is accepted, and is the date written.
    let result = kit.build_with(
        &["--lang", "en", "--variant", "screen"],
        &[("SOURCE_DATE_EPOCH", "253402300799")],
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let info = Command::new("pdfinfo")
        .arg(kit.out().join("minimal-en-screen.pdf"))
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("CreationDate:") && l.contains("9999")),
        "{info}"
    );
}

// --- Locations and lost content ----------------------------------------------------------------

/// A character no font covers is reported at the key that holds it, not at the headline.
#[test]
fn an_uncovered_character_is_reported_at_its_own_key() {
    let cases = [
        (
            "event.en = \"Test Event\"",
            "event.en = \"Test \u{1F600} Event\"",
            "(key `kit.event.en`)",
        ),
        (
            "dateline.en = \"TOKYO\"",
            "dateline.en = \"TOKYO \u{1F600}\"",
            "(key `kit.dateline.en`)",
        ),
        (
            "dateline.en = \"TOKYO\"",
            "dateline.en = \"TOKYO\"\nsubhead.en = \"Sub \u{1F600}\"\nsubhead.ja = \"副題\"",
            "(key `kit.subhead.en`)",
        ),
        (
            "[[speakers]]",
            "[[organisers]]\nname.en = \"First Org\"\nname.ja = \"第一\"\n\n[[organisers]]\nname.en = \"Second \u{1F600} Org\"\nname.ja = \"第二\"\n\n[[speakers]]",
            "(key `organisers[1].name.en`)",
        ),
    ];
    for (from, to, key) in cases {
        let kit = Kit::new();
        kit.edit("presskit.toml", from, to);
        let stderr = kit.fails(1, &[&format!("{key}: no font covers U+1F600")]);
        assert!(!stderr.contains("kit.headline"), "{stderr}");
    }
}

/// Kit content the layout has no section for is an error, not silently left out.
#[test]
fn content_the_layout_does_not_place_is_an_error() {
    let kit = Kit::new();
    kit.layout("\"speakers\", ", "");
    kit.fails(1, &["kit/presskit.toml:21:1 (key `speakers[0].name`): the layout `evil` has no `speakers` section, so this would be left out of the PDFs"]);
    let kit = Kit::new();
    kit.layout("sections = [\"cover\", ", "sections = [");
    kit.fails(
        1,
        &["(key `kit.headline`): the layout `evil` has no `cover` section"],
    );
}

/// Content taller than a page is an error at its key, never drawn off the page.
#[test]
fn content_taller_than_a_page_is_an_error() {
    let kit = Kit::new();
    let headline = vec!["Headline"; 400].join(" ");
    kit.edit(
        "presskit.toml",
        "headline.en = \"A headline\"",
        &format!("headline.en = \"{headline}\""),
    );
    kit.fails(
        1,
        &[
            "kit/presskit.toml:13:1 (key `kit.headline.en`): the cover is",
            "mm tall but a page holds 251 mm",
        ],
    );

    let kit = Kit::new();
    let subhead = vec!["Subhead words"; 400].join(" ");
    kit.edit(
        "presskit.toml",
        "dateline.en",
        &format!("subhead.en = \"{subhead}\"\nsubhead.ja = \"副題\"\ndateline.en"),
    );
    kit.fails(1, &["(key `kit.headline.en`): the cover is"]);

    let kit = Kit::new();
    let bio = vec!["Spoke at the event."; 300].join(" ");
    kit.edit(
        "presskit.toml",
        "bio.en = \"Spoke at the event.\"",
        &format!("bio.en = \"{bio}\""),
    );
    kit.fails(
        1,
        &[
            "kit/presskit.toml:25:1 (key `speakers[0].bio.en`): the speaker card is",
            "shorten the bio",
        ],
    );
}

/// A photo the PDF library cannot embed is an error naming the photo, not a panic inside it.
#[test]
fn an_embedding_error_is_reported_not_a_panic() {
    let kit = Kit::new();
    let mut jpeg = std::fs::read(kit.dir().join("portrait.jpg")).unwrap();
    // The component count of the start-of-frame segment (FF C0, length, precision, height,
    // width, components): zero components.
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 9] = 0;
    kit.write("portrait.jpg", jpeg);
    let result = kit.build(&["--lang", "en", "--variant", "print"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("portrait.jpg") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(kit.out_files().is_empty(), "{:?}", kit.out_files());
}

/// A layout naming a font family the installation lacks is an error, not a silent fallback.
#[test]
fn an_unknown_font_family_is_an_error() {
    let kit = Kit::new();
    kit.layout("latin = \"Noto Sans\"", "latin = \"Comic Sans\"");
    kit.fails(1, &["kit/layouts/evil.toml (key `fonts.latin`): no font family `Comic Sans` in the installation's fonts/"]);
    let kit = Kit::new();
    kit.layout("family = \"Noto Sans JP\"", "family = \"Noto Sans XX\"");
    kit.fails(
        1,
        &["(key `fonts.cjk[0].family`): no font family `Noto Sans XX`"],
    );
}

#[test]
fn a_missing_or_huge_spec_is_a_kit_error() {
    let kit = Kit::new();
    std::fs::remove_file(kit.dir().join("presskit.toml")).unwrap();
    kit.fails(
        1,
        &["error: kit/presskit.toml: failed to read kit spec (no such file)"],
    );
    let kit = Kit::new();
    let mut spec = std::fs::read(kit.dir().join("presskit.toml")).unwrap();
    spec.extend(std::iter::repeat_n(b'#', 4 << 20));
    kit.write("presskit.toml", spec);
    kit.fails(
        1,
        &["error: kit/presskit.toml: kit spec is 4.0 MB; presskit reads at most 4 MB"],
    );
}
