//! Photos for the screen variant: sRGB and no more pixels than the reader's screen can use.

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;

use crate::geom::Size;
use crate::layout::PhotoRef;

/// The most a screen PDF needs: 150 dpi at the placed size, sharp on a laptop screen at 100 %
/// zoom, a quarter of the pixels of print resolution.
pub const SCREEN_MAX_DPI: f64 = 150.0;

/// The photo re-encoded for screen, or `None` when the original is already sRGB and small enough
/// to embed unchanged.
pub fn for_screen(photo: &PhotoRef, placed: Size, quality: u8) -> Result<Option<Vec<u8>>, String> {
    // Floor, so the effective resolution never exceeds the limit.
    let max_w = ((placed.width.to_pt() / 72.0) * SCREEN_MAX_DPI)
        .floor()
        .max(1.0) as u32;
    let max_h = ((placed.height.to_pt() / 72.0) * SCREEN_MAX_DPI)
        .floor()
        .max(1.0) as u32;
    if photo.components == 3 && photo.width <= max_w && photo.height <= max_h {
        return Ok(None);
    }
    let decoded = image::load_from_memory_with_format(&photo.data, image::ImageFormat::Jpeg)
        .map_err(|e| format!("failed to decode {} ({e})", photo.path.display()))?;
    let rgb = decoded.to_rgb8();
    let scale = (max_w as f64 / rgb.width() as f64)
        .min(max_h as f64 / rgb.height() as f64)
        .min(1.0);
    let width = ((rgb.width() as f64 * scale).floor() as u32).max(1);
    let height = ((rgb.height() as f64 * scale).floor() as u32).max(1);
    // Lanczos keeps portraits crisp when shrinking by large factors.
    let resized = image::imageops::resize(&rgb, width, height, FilterType::Lanczos3);
    let mut out = vec![];
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&resized)
        .map_err(|e| format!("failed to encode {} ({e})", photo.path.display()))?;
    Ok(Some(out))
}
