//! `presskit check`: runs spec, document and layout for every language without writing a file,
//! and collects every error and warning together with the translation consistency report.

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::{BuildError, BuildOptions, document, layout, spec, text};

use super::consistency::{self, Consistency};

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Errors: a build would fail.
    pub errors: Diagnostics,
    /// Warnings from layout and photos.
    pub warnings: Diagnostics,
    /// The translation consistency report.
    pub consistency: Consistency,
    /// Languages checked.
    pub languages: Vec<String>,
}

/// Checks a kit: `options.out_dir`, variants, dump and report are ignored.
pub fn check(options: &BuildOptions) -> Result<CheckReport, BuildError> {
    let spec_options = spec::SpecOptions {
        layouts_dir: options.resources.join("layouts"),
        layout_override: options.layout.clone(),
    };
    let kit = spec::load(&options.kit_dir, &spec_options).map_err(BuildError::Kit)?;
    document::Labels::check_overrides(&kit).map_err(BuildError::Kit)?;
    if let Some(unknown) = options
        .languages
        .iter()
        .find(|l| !kit.languages.contains(l))
    {
        let origin =
            crate::diag::Origin::file(kit.dir.join(spec::SPEC_FILE)).with_key("kit.languages");
        return Err(BuildError::Kit(vec![
            Diagnostic::error(origin, format!("the kit has no language `{unknown}`")).with_hint(
                format!("the kit's languages are {}", kit.languages.join(", ")),
            ),
        ]));
    }
    let languages: Vec<String> = if options.languages.is_empty() {
        kit.languages.clone()
    } else {
        kit.languages
            .iter()
            .filter(|l| options.languages.contains(l))
            .cloned()
            .collect()
    };
    let book =
        text::FontBook::load(&options.resources.join("fonts")).map_err(BuildError::Internal)?;
    crate::check_font_families(&kit.layout, &book).map_err(BuildError::Kit)?;
    let results: Vec<Result<layout::PagedDoc, Diagnostics>> = languages
        .par_iter()
        .map(|lang| {
            let doc = document::build(&kit, lang)?;
            layout::layout(&doc, &book)
        })
        .collect();
    let mut out = CheckReport {
        languages: languages.clone(),
        ..CheckReport::default()
    };
    let mut docs = vec![];
    for result in results {
        match result {
            Ok(doc) => docs.push(doc),
            Err(errors) => out.errors.extend(errors),
        }
    }
    // What a build would print: the layout's located line warnings, then print and photo
    // warnings, each once.
    for doc in &docs {
        let warnings = doc
            .warnings
            .iter()
            .cloned()
            .chain(crate::print_warnings(doc, &kit, &options.resources))
            .chain(crate::photo_warnings(doc, true));
        for warning in warnings {
            if !out.warnings.contains(&warning) {
                out.warnings.push(warning);
            }
        }
    }
    out.consistency = consistency::check(&kit);
    Ok(out)
}
