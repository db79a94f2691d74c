//! Command-line arguments → [`presskit::BuildOptions`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// presskit: typeset a press kit into print and screen PDFs, one per language.
#[derive(Debug, Parser)]
#[command(
    name = "presskit",
    version,
    after_help = "Example:\n  presskit build kits/japan-hk-forum\n  presskit build kits/japan-hk-forum --lang ja --lang zh-Hant-HK --out dist/"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the PDFs of a kit.
    #[command(
        after_help = "Example:\n  presskit build kits/japan-hk-forum --variant screen\n\nWrites <OUT>/<kit-id>-<lang>-<variant>.pdf for each language and variant.\nExit codes: 0 success, 1 the kit has errors, 2 usage or internal error."
    )]
    Build(BuildArgs),
    /// Check a kit without writing PDFs: errors, warnings and translation consistency.
    #[command(
        after_help = "Example:\n  presskit check kits/japan-hk-forum --strict\n\nExit codes: 0 clean (warnings allowed unless --strict), 1 errors (or warnings with --strict), 2 usage or internal error."
    )]
    Check(CheckArgs),
    /// Rebuild a kit whenever one of its files changes; Ctrl-C to stop.
    #[command(
        after_help = "Example:\n  presskit watch kits/japan-hk-forum --variant screen\n\nA kit with errors keeps the last good PDFs and prints the diagnostics."
    )]
    Watch(WatchArgs),
    /// Write a new, complete kit that builds at once.
    #[command(after_help = "Example:\n  presskit new my-kit --languages en,ja,ko,vi")]
    New(NewArgs),
}

/// `presskit watch` arguments.
#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// The kit folder (holds presskit.toml).
    pub kit_dir: PathBuf,
    /// Output folder.
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,
    /// Build only this language; repeat for several.
    #[arg(long = "lang", value_name = "TAG")]
    pub languages: Vec<String>,
    /// Which PDFs to write.
    #[arg(long, value_enum, default_value_t = VariantArg::Screen)]
    pub variant: VariantArg,
}

/// `presskit new` arguments.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The folder to create (must not exist or be empty).
    pub dir: PathBuf,
    /// The kit's languages, comma-separated BCP 47 tags, first is the source language.
    #[arg(long, value_delimiter = ',', default_value = "en")]
    pub languages: Vec<String>,
}

/// `presskit check` arguments.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The kit folder (holds presskit.toml).
    pub kit_dir: PathBuf,
    /// Check only this language; repeat for several.
    #[arg(long = "lang", value_name = "TAG")]
    pub languages: Vec<String>,
    /// Use this layout (from layouts/) instead of the kit's.
    #[arg(long, value_name = "NAME")]
    pub layout: Option<String>,
    /// Treat warnings (including translation mismatches) as errors: exit 1.
    #[arg(long)]
    pub strict: bool,
}

/// `presskit build` arguments.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The kit folder (holds presskit.toml); several kits are built in parallel.
    #[arg(required = true, value_name = "KIT_DIR")]
    pub kit_dirs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,
    /// Build only this language (BCP 47 tag as in the spec); repeat for several.
    #[arg(long = "lang", value_name = "TAG")]
    pub languages: Vec<String>,
    /// Which PDFs to write.
    #[arg(long, value_enum, default_value_t = VariantArg::All)]
    pub variant: VariantArg,
    /// Use this layout (from layouts/) instead of the kit's.
    #[arg(long, value_name = "NAME")]
    pub layout: Option<String>,
    /// Also write a text dump of the laid-out pages, <kit-id>-<lang>.layout.txt, beside the PDFs.
    #[arg(long)]
    pub dump: bool,
    /// Write the layout report (each line's text, width, adjustment ratio, relaxed rules) as JSON.
    #[arg(long, value_name = "FILE.json")]
    pub report: Option<PathBuf>,
    /// Also write <kit-id>-<lang>.zip per language for journalists (screen PDF, plain text, photos, README).
    #[arg(long)]
    pub pack: bool,
    /// Also write a PNG contact sheet of every PDF's pages, <pdf-name>.proof.png.
    #[arg(long)]
    pub proof: bool,
    /// With --variant handout: also write <kit-id>-<lang>-booklet.pdf, A5 pages imposed on A4 sheets.
    #[arg(long)]
    pub booklet: bool,
}

/// `--variant` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VariantArg {
    /// PDF/X-4 for the print shop.
    Print,
    /// Tagged RGB PDF for e-mail.
    Screen,
    /// PDF/X-1a:2003 for print shops that ask for it (CMYK photos only).
    #[value(name = "pdfx-1a")]
    Pdfx1a,
    /// Both print and screen.
    All,
    /// For the office printer: trim size, no bleed or marks, RGB (the screen rendering).
    Handout,
}
