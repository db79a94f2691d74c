//! Proofs (`presskit build --proof`): one PNG contact sheet per language, every page small and
//! side by side, rendered with hayro from the PDF just written, so the proof shows exactly the
//! file that goes out.

use std::path::{Path, PathBuf};

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use image::{Rgba, RgbaImage};

use crate::diag::{Diagnostic, Diagnostics};

/// Width of one page thumbnail in pixels: small enough for an e-mail, large enough to see the
/// layout and read headlines.
pub const THUMB_WIDTH: u32 = 240;
/// Pages per row of the sheet.
pub const COLUMNS: u32 = 4;
/// Space between and around thumbnails, pixels.
pub const GAP: u32 = 12;

/// The grid a sheet of `pages` thumbnails of `thumb` (w, h) pixels occupies: (width, height).
pub fn sheet_size(pages: u32, thumb: (u32, u32)) -> (u32, u32) {
    let cols = pages.clamp(1, COLUMNS);
    let rows = pages.div_ceil(COLUMNS).max(1);
    (GAP + cols * (thumb.0 + GAP), GAP + rows * (thumb.1 + GAP))
}

/// Renders every page of `pdf` into one PNG contact sheet.
pub fn contact_sheet(pdf_path: &Path, pdf: Vec<u8>) -> Result<Vec<u8>, Diagnostics> {
    let fail = |what: String| {
        vec![Diagnostic::bare(format!(
            "failed to render the proof of {} ({what})",
            pdf_path.display()
        ))]
    };
    let pdf = Pdf::new(pdf).map_err(|e| fail(format!("{e:?}")))?;
    let pages = pdf.pages();
    if pages.is_empty() {
        return Err(fail("no pages".into()));
    }
    let cache = RenderCache::new();
    let interpreter = InterpreterSettings::default();
    let render_settings = RenderSettings::default();
    // Every thumbnail has the first page's size; presskit pages all have one size.
    let (w0, h0) = pages[0].render_dimensions();
    let scale = THUMB_WIDTH as f32 / w0;
    let thumb = (THUMB_WIDTH, (h0 * scale).round() as u32);
    let (width, height) = sheet_size(pages.len() as u32, thumb);
    let mut sheet = RgbaImage::from_pixel(width, height, Rgba([0xd8, 0xd8, 0xd8, 0xff]));
    for (i, page) in pages.iter().enumerate() {
        let pixmap = hayro::render(
            page,
            &cache,
            &interpreter,
            &render_settings,
            &PixmapSettings {
                x_scale: scale,
                y_scale: scale,
                bg_color: WHITE,
            },
        );
        let (col, row) = (i as u32 % COLUMNS, i as u32 / COLUMNS);
        let (x0, y0) = (GAP + col * (thumb.0 + GAP), GAP + row * (thumb.1 + GAP));
        for y in 0..(pixmap.height() as u32).min(thumb.1) {
            for x in 0..(pixmap.width() as u32).min(thumb.0) {
                let p = pixmap.sample(x as u16, y as u16);
                // Premultiplied over an opaque white background: alpha is 255, values are final.
                sheet.put_pixel(x0 + x, y0 + y, Rgba([p.r, p.g, p.b, 0xff]));
            }
        }
    }
    let mut png = vec![];
    image::DynamicImage::ImageRgba8(sheet)
        .to_rgb8()
        .write_with_encoder(image::codecs::png::PngEncoder::new(&mut png))
        .map_err(|e| fail(e.to_string()))?;
    Ok(png)
}

/// Writes `<pdf stem>.proof.png` beside each PDF; returns the paths.
pub fn write_proofs(pdfs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    use rayon::prelude::*;
    pdfs.par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| {
                vec![Diagnostic::bare(format!(
                    "failed to read {} ({e})",
                    path.display()
                ))]
            })?;
            let png = contact_sheet(path, bytes)?;
            let out = path.with_extension("proof.png");
            crate::output::write_atomically(&out, &png)?;
            Ok(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_grid() {
        assert_eq!(sheet_size(1, (10, 20)), (GAP + 10 + GAP, GAP + 20 + GAP));
        // Five pages: four in the first row, one in the second.
        assert_eq!(
            sheet_size(5, (10, 20)),
            (GAP + 4 * (10 + GAP), GAP + 2 * (20 + GAP))
        );
    }
}
