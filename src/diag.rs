//! Diagnostics: what went wrong, where in the kit, and what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The build cannot produce a correct PDF.
    Error,
    /// The PDF is written, but something deserves the author's attention.
    Warning,
}

/// A place in the kit: a file, optionally a line and column, optionally a key path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// The file, as the user named it (relative to the working directory where possible).
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub line_col: Option<(usize, usize)>,
    /// A TOML key path such as `speakers[2].bio.ja`, when the place is a key.
    pub key: Option<String>,
}

impl Origin {
    /// An origin naming only a file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Self {
            file: file.into(),
            line_col: None,
            key: None,
        }
    }

    /// An origin at a byte offset of a source text.
    pub fn at(file: &Path, source: &str, offset: usize) -> Self {
        Self {
            file: file.to_path_buf(),
            line_col: Some(line_col(source, offset)),
            key: None,
        }
    }

    /// The same origin with a key path attached.
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        if let Some(key) = &self.key {
            write!(f, " (key `{key}`)")?;
        }
        Ok(())
    }
}

/// One message for the user: severity, place, message and hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it happened, when it happened in the kit.
    pub origin: Option<Origin>,
    /// What happened, e.g. "failed to read photo (No such file or directory)".
    pub message: String,
    /// Suggestions on how to fix it.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error at a place in the kit.
    pub fn error(origin: Origin, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            origin: Some(origin),
            message: message.into(),
            hints: vec![],
        }
    }

    /// An error with no place in the kit (e.g. a broken installation).
    pub fn bare(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            origin: None,
            message: message.into(),
            hints: vec![],
        }
    }

    /// A warning at a place in the kit.
    pub fn warning(origin: Origin, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            origin: Some(origin),
            message: message.into(),
            hints: vec![],
        }
    }

    /// The same diagnostic with a hint added.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.origin {
            Some(origin) => write!(f, "{label}: {origin}: {}", self.message)?,
            None => write!(f, "{label}: {}", self.message)?,
        }
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Errors of one failed step; a build stops at the first step that has any.
pub type Diagnostics = Vec<Diagnostic>;

/// The result of a step that fails with diagnostics.
pub type StrResult<T> = Result<T, Diagnostics>;

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Where each line of a source text starts, so that many offsets of one file (every block of a
/// long release) are located without rescanning the text from its start each time.
pub struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `source`'s line starts.
    pub fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { source, starts }
    }

    /// The same as [`line_col`], found by binary search.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.source, offset.min(self.source.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        (line, self.source[line_start..offset].chars().count() + 1)
    }

    /// An origin at a byte offset of the indexed text.
    pub fn origin(&self, file: &Path, offset: usize) -> Origin {
        Origin {
            file: file.to_path_buf(),
            line_col: Some(self.line_col(offset)),
            key: None,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Deserializes a TOML file, turning the parser's error into a located diagnostic.
pub fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, source: &str) -> StrResult<T> {
    toml::from_str(source).map_err(|err| {
        // The parser's recursion limit comes without a span: point at the deepest nesting.
        let offset = err
            .span()
            .map_or_else(|| deepest_nesting(source), |span| span.start);
        let origin = Origin::at(path, source, offset);
        vec![Diagnostic::error(origin, err.message().trim().to_string())]
    })
}

/// The byte offset where nesting is deepest: `[`/`{` outside strings, or the key with the most
/// dots (`a.b.c…`), whichever goes deeper.
fn deepest_nesting(source: &str) -> usize {
    let (mut dots_max, mut dots_at, mut line_start) = (0usize, 0usize, 0usize);
    for line in source.split_inclusive('\n') {
        let key = line.split(['=', '"', '\'']).next().unwrap_or_default();
        let dots = key.matches('.').count();
        if dots > dots_max {
            (dots_max, dots_at) = (dots, line_start);
        }
        line_start += line.len();
    }
    let (brackets_max, brackets_at) = deepest_brackets(source);
    if dots_max > brackets_max {
        dots_at
    } else {
        brackets_at
    }
}

/// The deepest `[`/`{` nesting outside strings and where it is first reached.
fn deepest_brackets(source: &str) -> (usize, usize) {
    let (mut depth, mut max, mut at) = (0usize, 0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in source.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q || c == '\n' {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > max {
                        (max, at) = (depth, i);
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    (max, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a = 1\n名前 = \"x\"\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        // The byte after "名前" (6 bytes) is column 3.
        assert_eq!(line_col(src, 12), (2, 3));
    }

    #[test]
    fn line_index_agrees_with_line_col_at_every_offset() {
        let src = "a = 1\n名前 = \"x\"\n\n\nlast line";
        let index = LineIndex::new(src);
        for offset in 0..=src.len() + 2 {
            assert_eq!(
                index.line_col(offset),
                line_col(src, offset),
                "offset {offset}"
            );
        }
    }
}
