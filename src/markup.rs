//! The run type of Markdown text, shared by spec (which parses it), document (which adds its own
//! labels and links) and layout (which styles it): a service, so no stage re-exports another's
//! type.

/// A run of text with uniform emphasis, link and language: what spec reads from Markdown and
/// document hands to layout.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    /// The text; a hard line break is `\n`.
    pub text: String,
    /// Set in bold.
    pub strong: bool,
    /// Set oblique.
    pub emphasis: bool,
    /// Link target (URL, `mailto:` or `tel:`).
    pub link: Option<String>,
    /// Language of the span, when it differs from the document's.
    pub lang: Option<String>,
}

impl Span {
    /// A plain span.
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// A bold span.
    pub fn strong(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            strong: true,
            ..Self::default()
        }
    }

    /// A linked span.
    pub fn link(text: impl Into<String>, target: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            link: Some(target.into()),
            ..Self::default()
        }
    }
}
