//! A service shared by every stage that touches photos (spec reads and validates them, layout
//! places them, pdf embeds them).
//!
//! Photos: read a file with a size limit → recognise the format → check the header's dimensions
//! against a pixel limit → decode once to validate every byte, a JPEG at the scale the screen
//! variant needs where it is placed (DCT scaling), and keep those pixels → [`Photo`].
//!
//! The original bytes are kept so that print can embed a JPEG unchanged; the kept pixels serve
//! the screen variant without decoding the file again, and any other scale a variant asks for
//! is decoded once and shared by every language and variant.

use std::fmt;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use image::ImageDecoder;

use crate::diag::{Diagnostic, Origin};

/// The largest photo file presskit reads: a 50-megapixel RGB TIFF without compression is 150 MB.
/// A constant, not a kit setting, so that a kit cannot make a build read without bound.
pub const PHOTO_MAX_BYTES: u64 = 160 * 1024 * 1024;

/// The most pixels a JPEG may have. Large JPEGs are decoded at reduced scale (DCT scaling), so
/// memory does not grow with this; it bounds decoding time (a 120-megapixel frame takes about
/// 2 s) and covers every current camera.
pub const JPEG_MAX_PIXELS: u64 = 120_000_000;

/// The most pixels a PNG or TIFF may have: they are decoded at full size, 8 bytes a pixel at
/// worst (16-bit RGBA), so 40 megapixels bound one decode to 320 MB.
pub const LOSSLESS_MAX_PIXELS: u64 = 40_000_000;

/// The kept copy of a photo's pixels has at least this many pixels on its shorter side (or the
/// photo's own size when smaller): 450 ppi over 67 mm, or 150 ppi over 200 mm, more than any
/// card places.
const KEPT_MIN_SIDE: u32 = 1200;

/// Photos up to this many pixels are kept at full size.
const KEPT_FULL_PIXELS: u64 = 2_000_000;

/// The most a screen PDF needs: 150 ppi at the placed size, sharp on a laptop screen at 100 %
/// zoom, a quarter of the pixels of print resolution.
pub const SCREEN_MAX_DPI: f64 = 150.0;

/// Photos over this many pixels are decoded one at a time when a kit is read (its photos are
/// read in parallel): a progressive JPEG keeps its coefficients until its last scan (two bytes
/// a sample at full scale) and a PNG or TIFF is decoded in full, so two such decodes at once
/// would double the peak memory.
const LARGE_DECODE_PIXELS: u64 = 4_000_000;

/// Held while a photo over [`LARGE_DECODE_PIXELS`] is decoded. A lock, not state: it carries
/// no data. Nothing inside a decode waits for other work, so holding it cannot deadlock.
static LARGE_DECODES: Mutex<()> = Mutex::new(());

/// A turn for decoding a photo of `width` × `height`: the lock for a large one, none else.
fn decode_turn(width: u32, height: u32) -> Option<MutexGuard<'static, ()>> {
    (width as u64 * height as u64 > LARGE_DECODE_PIXELS)
        .then(|| LARGE_DECODES.lock().unwrap_or_else(|e| e.into_inner()))
}

/// A photo, read and validated once; shared by every language and variant.
#[derive(Debug, Clone)]
pub struct Photo {
    /// The file.
    pub path: PathBuf,
    /// Its bytes, format and decoded pixels.
    pub data: Arc<PhotoData>,
    /// Pixel width as displayed (after EXIF orientation).
    pub width: u32,
    /// Pixel height as displayed (after EXIF orientation).
    pub height: u32,
    /// Colour components as stored: 1 grey, 3 YCbCr/RGB, 4 CMYK.
    pub components: u8,
}

/// The file formats presskit accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFormat {
    /// JPEG, baseline or progressive, 8-bit, grey, YCbCr/RGB or CMYK/YCCK.
    Jpeg,
    /// PNG of any colour type and bit depth.
    Png,
    /// TIFF as the `tiff` crate reads it.
    Tiff,
}

impl PhotoFormat {
    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            PhotoFormat::Jpeg => "JPEG",
            PhotoFormat::Png => "PNG",
            PhotoFormat::Tiff => "TIFF",
        }
    }
}

/// Colour model of decoded pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PixelColour {
    /// One byte a pixel.
    Grey,
    /// Three bytes a pixel.
    Rgb,
    /// Four bytes a pixel, 0 = no ink.
    Cmyk,
}

impl PixelColour {
    /// Bytes a pixel.
    pub fn channels(self) -> usize {
        match self {
            PixelColour::Grey => 1,
            PixelColour::Rgb => 3,
            PixelColour::Cmyk => 4,
        }
    }
}

/// Decoded 8-bit pixels in the orientation they are stored in.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Pixels {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Colour model of `data`.
    pub colour: PixelColour,
    /// Rows top to bottom, `colour.channels()` bytes a pixel.
    pub data: Vec<u8>,
    /// Opacity, one byte a pixel, when the photo has any transparency.
    pub alpha: Option<Vec<u8>>,
}

impl fmt::Debug for Pixels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Pixels({}×{} {:?}, alpha: {})",
            self.width,
            self.height,
            self.colour,
            self.alpha.is_some()
        )
    }
}

/// A photo's bytes and what reading them found.
pub struct PhotoData {
    /// The file as read.
    pub bytes: Vec<u8>,
    /// Its format.
    pub format: PhotoFormat,
    /// EXIF orientation, 1–8 (1: stored upright).
    pub orientation: u8,
    /// Pixel width as stored.
    pub stored_width: u32,
    /// Pixel height as stored.
    pub stored_height: u32,
    /// A JPEG with an Adobe APP14 marker (CMYK stored inverted, as Photoshop writes it).
    pub adobe: bool,
    /// The embedded ICC profile, if any.
    pub icc: Option<Arc<Vec<u8>>>,
    /// Pixels decoded when the photo was read. A JPEG is decoded at the smallest DCT scale that
    /// gives the screen variant its pixels where the photo is placed (1/8 scale when that is
    /// not known): every scan is entropy-decoded whatever the scale, which validates the file.
    /// A PNG or TIFF is kept at full size, or at least `KEPT_MIN_SIDE` on the shorter side for
    /// large photos.
    pub kept: Arc<Pixels>,
    /// [`Self::detail`], decoded on first use.
    detail: OnceLock<Result<Arc<Pixels>, String>>,
    /// Decodes at other sizes, by decoded size, each made once on first use and shared by
    /// every variant (print's downsampling and its ink check ask for the same full-size
    /// pixels); only those up to `KEPT_FULL_PIXELS`, so a large photo does not hold its
    /// full-size pixels for the rest of the build.
    decoded: Mutex<Vec<(DecodedSize, Arc<Decode>)>>,
}

/// One decode of a photo, made once.
type Decode = OnceLock<Result<Arc<Pixels>, String>>;

/// Width and height of a decode.
type DecodedSize = (u32, u32);

impl fmt::Debug for PhotoData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PhotoData")
            .field("bytes", &self.bytes.len())
            .field("format", &self.format)
            .field("orientation", &self.orientation)
            .field("stored", &(self.stored_width, self.stored_height))
            .field("adobe", &self.adobe)
            .field("icc", &self.icc.as_ref().map(|p| p.len()))
            .field("kept", &self.kept)
            .finish_non_exhaustive()
    }
}

/// The file's bytes, for a JPEG embedded unchanged.
impl AsRef<[u8]> for PhotoData {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl PhotoData {
    /// Pixels with at least `width` × `height` (stored orientation) or the full size when the
    /// photo is smaller: the kept copy when it is large enough, else a new decode at the
    /// smallest DCT scale that is.
    /// The result depends on the request only (never on what an earlier call decoded), so the
    /// bytes of every variant are the same whichever variant ran first.
    pub fn pixels_at_least(&self, width: u32, height: u32) -> Result<Arc<Pixels>, String> {
        let kept = &self.kept;
        let enough = (kept.width >= width.min(self.stored_width)
            && kept.height >= height.min(self.stored_height))
            || (kept.width, kept.height) == (self.stored_width, self.stored_height);
        if enough {
            return Ok(kept.clone());
        }
        let decode = || match self.format {
            PhotoFormat::Jpeg => decode_jpeg(&self.bytes, self.adobe, width, height).map(Arc::new),
            PhotoFormat::Png | PhotoFormat::Tiff => {
                decode_lossless(&self.bytes, self.format, u32::MAX).map(Arc::new)
            }
        };
        let size = match self.format {
            PhotoFormat::Jpeg => jpeg_scaled_size(&self.bytes, width, height)?,
            PhotoFormat::Png | PhotoFormat::Tiff => (self.stored_width, self.stored_height),
        };
        if size.0 as u64 * size.1 as u64 > KEPT_FULL_PIXELS {
            return decode();
        }
        let slot = {
            let mut decoded = self.decoded.lock().unwrap_or_else(|e| e.into_inner());
            match decoded.iter().find(|(s, _)| *s == size) {
                Some((_, slot)) => slot.clone(),
                None => {
                    let slot = Arc::new(Decode::new());
                    decoded.push((size, slot.clone()));
                    slot
                }
            }
        };
        // Outside the lock: a decode of another size goes on meanwhile.
        slot.get_or_init(decode).clone()
    }

    /// The photo in detail, for checks that look at single pixels (the print ink limit): full
    /// size up to `KEPT_FULL_PIXELS`, else at least `KEPT_MIN_SIDE` on the shorter side.
    /// Decoded once, on first use.
    pub fn detail(&self) -> Result<Arc<Pixels>, String> {
        self.detail
            .get_or_init(|| {
                let (w, h) = kept_request(self.stored_width, self.stored_height);
                self.pixels_at_least(w, h)
            })
            .clone()
    }
}

/// Reads a regular file of at most `max_bytes`; anything else (a folder, a device such as
/// `/dev/zero`, a named pipe) is refused before a byte is read, so a build cannot block or
/// fill memory.
pub fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > max_bytes {
        return Err(format!(
            "{} bytes; the limit is {max_bytes} bytes",
            meta.len()
        ));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Should the path be swapped for a pipe after the check, opening must not block.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        const O_NONBLOCK: i32 = 0o4000;
        options.custom_flags(O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| e.to_string())?;
    if !file.metadata().map_err(|e| e.to_string())?.is_file() {
        return Err("not a regular file".into());
    }
    let mut data = Vec::with_capacity(meta.len() as usize);
    file.take(max_bytes + 1)
        .read_to_end(&mut data)
        .map_err(|e| e.to_string())?;
    if data.len() as u64 > max_bytes {
        return Err(format!("more than {max_bytes} bytes"));
    }
    Ok(data)
}

/// Pixels, in the stored orientation, that `ppi` asks for over a placed rectangle of `width` ×
/// `height` points (upright); `turned`: the photo is stored on its side (EXIF orientation 5–8).
pub fn pixel_budget(width: f64, height: f64, ppi: f64, turned: bool) -> (u32, u32) {
    let w = ((width / 72.0) * ppi).floor().max(1.0) as u32;
    let h = ((height / 72.0) * ppi).floor().max(1.0) as u32;
    if turned { (h, w) } else { (w, h) }
}

/// Reads and validates a photo: JPEG, PNG or TIFF, every byte decoded once. `placed_width`:
/// the width in points the layout places it at, when known; a JPEG is then decoded at the
/// size the screen variant needs there, and those pixels are kept for it.
pub fn read_photo(
    path: &Path,
    origin: Origin,
    placed_width: Option<f64>,
) -> Result<Photo, Box<Diagnostic>> {
    let fail = |message: String, hint: Option<&str>| {
        let mut diag = Diagnostic::error(origin.clone(), message);
        if let Some(hint) = hint {
            diag = diag.with_hint(hint);
        }
        Box::new(diag)
    };
    let bytes = read_limited(path, PHOTO_MAX_BYTES).map_err(|err| {
        fail(
            format!("failed to read photo {} ({err})", path.display()),
            None,
        )
    })?;
    let format = sniff(&bytes).ok_or_else(|| {
        fail(
            format!("photo {} is not a JPEG, PNG or TIFF file", path.display()),
            Some("export the photo as .jpg, .png or .tif"),
        )
    })?;
    let data = read_data(bytes, format, placed_width).map_err(|err| {
        fail(
            format!(
                "photo {} is not a valid {} ({err})",
                path.display(),
                format.name()
            ),
            Some("open the photo in an image editor and export it again"),
        )
    })?;
    let (width, height) = if data.orientation >= 5 {
        (data.stored_height, data.stored_width)
    } else {
        (data.stored_width, data.stored_height)
    };
    let components = match data.kept.colour {
        PixelColour::Grey => 1,
        PixelColour::Rgb => 3,
        PixelColour::Cmyk => 4,
    };
    Ok(Photo {
        path: path.to_path_buf(),
        data: Arc::new(data),
        width,
        height,
        components,
    })
}

/// The format from the first bytes, whatever the file name says.
fn sniff(bytes: &[u8]) -> Option<PhotoFormat> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        Some(PhotoFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PhotoFormat::Png)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(PhotoFormat::Tiff)
    } else {
        None
    }
}

fn read_data(
    bytes: Vec<u8>,
    format: PhotoFormat,
    placed_width: Option<f64>,
) -> Result<PhotoData, String> {
    match format {
        PhotoFormat::Jpeg => {
            let frame = jpeg_frame(&bytes)?;
            check_pixels(frame.width, frame.height, JPEG_MAX_PIXELS)?;
            let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(&bytes[..]));
            decoder.read_info().map_err(jpeg_error)?;
            let orientation = decoder
                .exif_data()
                .and_then(image::metadata::Orientation::from_exif_chunk)
                .map_or(1, |o| o.to_exif());
            let icc = decoder.icc_profile().map(Arc::new);
            drop(decoder);
            // The screen variant's pixels where the layout places the photo (its height
            // follows the photo's upright aspect), as `pdf::photo` will ask for them.
            let turned = orientation >= 5;
            let (upright_w, upright_h) = if turned {
                (frame.height, frame.width)
            } else {
                (frame.width, frame.height)
            };
            let (w, h) = placed_width.map_or((1, 1), |width| {
                let height = width * upright_h as f64 / upright_w as f64;
                pixel_budget(width, height, SCREEN_MAX_DPI, turned)
            });
            let turn = decode_turn(frame.width, frame.height);
            let kept = decode_jpeg(&bytes, frame.adobe, w, h)?;
            drop(turn);
            Ok(PhotoData {
                format,
                orientation,
                stored_width: frame.width,
                stored_height: frame.height,
                adobe: frame.adobe,
                icc,
                kept: Arc::new(kept),
                detail: OnceLock::new(),
                decoded: Mutex::default(),
                bytes,
            })
        }
        PhotoFormat::Png | PhotoFormat::Tiff => {
            let mut decoder = lossless_decoder(&bytes, format)?;
            let (width, height) = decoder.dimensions();
            check_pixels(width, height, LOSSLESS_MAX_PIXELS)?;
            let orientation = decoder.orientation().map_or(1, |o| o.to_exif());
            let icc = decoder.icc_profile().ok().flatten().map(Arc::new);
            drop(decoder);
            let turn = decode_turn(width, height);
            let kept = decode_lossless(&bytes, format, KEPT_MIN_SIDE)?;
            drop(turn);
            Ok(PhotoData {
                format,
                orientation,
                stored_width: width,
                stored_height: height,
                adobe: false,
                icc,
                kept: Arc::new(kept),
                detail: OnceLock::new(),
                decoded: Mutex::default(),
                bytes,
            })
        }
    }
}

fn check_pixels(width: u32, height: u32, max: u64) -> Result<(), String> {
    if width == 0 || height == 0 {
        return Err(format!("its header says {width} × {height} pixels"));
    }
    let pixels = width as u64 * height as u64;
    if pixels > max {
        return Err(format!(
            "{width} × {height} pixels is more than the limit of {} megapixels",
            max / 1_000_000
        ));
    }
    Ok(())
}

/// The size to request for [`PhotoData::detail`].
fn kept_request(width: u32, height: u32) -> (u32, u32) {
    if width as u64 * height as u64 <= KEPT_FULL_PIXELS {
        (width, height)
    } else {
        (KEPT_MIN_SIDE, KEPT_MIN_SIDE)
    }
}

/// The size [`decode_jpeg`] decodes at for a request of `width` × `height`, read from the
/// headers alone.
fn jpeg_scaled_size(bytes: &[u8], width: u32, height: u32) -> Result<(u32, u32), String> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    let clamp = |v: u32| v.min(u16::MAX as u32) as u16;
    let (w, h) = decoder
        .scale(clamp(width), clamp(height))
        .map_err(jpeg_error)?;
    Ok((w as u32, h as u32))
}

/// Decodes a JPEG at the smallest DCT scale (1, 1/2, 1/4, 1/8) giving at least `width` ×
/// `height`; every scan is entropy-decoded whatever the scale, so a truncated or corrupt file
/// fails here.
fn decode_jpeg(bytes: &[u8], adobe: bool, width: u32, height: u32) -> Result<Pixels, String> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    // The decoded frame is at most the limit at 4 bytes a pixel.
    decoder.set_max_decoding_buffer_size((JPEG_MAX_PIXELS * 4) as usize);
    let clamp = |v: u32| v.min(u16::MAX as u32) as u16;
    decoder
        .scale(clamp(width), clamp(height))
        .map_err(jpeg_error)?;
    let mut data = decoder.decode().map_err(jpeg_error)?;
    let info = decoder.info().ok_or("no frame header")?;
    let colour = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => PixelColour::Grey,
        jpeg_decoder::PixelFormat::RGB24 => PixelColour::Rgb,
        jpeg_decoder::PixelFormat::CMYK32 => {
            // jpeg-decoder inverts four-component data as if every file were Adobe's; a
            // file without the marker stores ink amounts directly, so undo it.
            if !adobe {
                data.iter_mut().for_each(|v| *v = 255 - *v);
            }
            PixelColour::Cmyk
        }
        jpeg_decoder::PixelFormat::L16 => return Err("16-bit JPEG is not supported".into()),
    };
    let (w, h) = (info.width as u32, info.height as u32);
    if data.len() != w as usize * h as usize * colour.channels() {
        return Err("decoded size does not match the header".into());
    }
    Ok(Pixels {
        width: w,
        height: h,
        colour,
        data,
        alpha: None,
    })
}

/// jpeg-decoder's error in the user's words: running out of bytes means the file was cut.
fn jpeg_error(err: jpeg_decoder::Error) -> String {
    match err {
        jpeg_decoder::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file is cut short: it ends inside the image data".into()
        }
        other => other.to_string(),
    }
}

fn lossless_decoder<'a>(
    bytes: &'a [u8],
    format: PhotoFormat,
) -> Result<Box<dyn ImageDecoder + 'a>, String> {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(LOSSLESS_MAX_PIXELS * 8);
    let mut decoder: Box<dyn ImageDecoder> = match format {
        PhotoFormat::Png => Box::new(
            image::codecs::png::PngDecoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?,
        ),
        PhotoFormat::Tiff => Box::new(
            image::codecs::tiff::TiffDecoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?,
        ),
        PhotoFormat::Jpeg => unreachable!("JPEG is decoded by jpeg-decoder"),
    };
    decoder.set_limits(limits).map_err(|e| e.to_string())?;
    Ok(decoder)
}

/// Decodes a PNG or TIFF in full and, when its shorter side exceeds `min_side`, shrinks it so
/// that side is `min_side`. 16-bit samples become 8-bit; alpha is kept only when some pixel is
/// not opaque.
fn decode_lossless(bytes: &[u8], format: PhotoFormat, min_side: u32) -> Result<Pixels, String> {
    let decoder = lossless_decoder(bytes, format)?;
    let image = image::DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    let grey = !image.color().has_color();
    let has_alpha = image.color().has_alpha();
    let (w, h) = (image.width(), image.height());
    let image = if w.min(h) > min_side && w as u64 * h as u64 > KEPT_FULL_PIXELS {
        let scale = min_side as f64 / w.min(h) as f64;
        let (nw, nh) = (
            ((w as f64 * scale).round() as u32).max(1),
            ((h as f64 * scale).round() as u32).max(1),
        );
        image.resize_exact(nw, nh, image::imageops::FilterType::Triangle)
    } else {
        image
    };
    let (width, height) = (image.width(), image.height());
    let (colour, data, alpha) = match (grey, has_alpha) {
        (true, false) => (PixelColour::Grey, image.into_luma8().into_raw(), None),
        (false, false) => (PixelColour::Rgb, image.into_rgb8().into_raw(), None),
        (true, true) => {
            let la = image.into_luma_alpha8().into_raw();
            let (g, a) = la.chunks_exact(2).map(|p| (p[0], p[1])).unzip();
            (PixelColour::Grey, g, Some(a))
        }
        (false, true) => {
            let rgba = image.into_rgba8().into_raw();
            let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
            let mut a = Vec::with_capacity(rgba.len() / 4);
            for p in rgba.chunks_exact(4) {
                rgb.extend_from_slice(&p[..3]);
                a.push(p[3]);
            }
            (PixelColour::Rgb, rgb, Some(a))
        }
    };
    let alpha = alpha.filter(|a: &Vec<u8>| a.iter().any(|&v| v != 255));
    Ok(Pixels {
        width,
        height,
        colour,
        data,
        alpha,
    })
}

/// What the frame header of a JPEG says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegFrame {
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Colour components: 1, 3 or 4.
    pub components: u8,
    /// An Adobe APP14 marker precedes the frame.
    pub adobe: bool,
}

/// The frame header of a JPEG, read without decoding: every length is checked against the data,
/// and only 8-bit frames of 1, 3 or 4 components are accepted.
pub fn jpeg_frame(data: &[u8]) -> Result<JpegFrame, String> {
    if data.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err("no JPEG start marker".into());
    }
    let mut adobe = false;
    let mut i = 2;
    loop {
        let Some(&[ff, marker]) = data.get(i..i + 2) else {
            return Err("the file ends before the frame header".into());
        };
        if ff != 0xFF {
            return Err(format!("expected a marker at byte {i}"));
        }
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if matches!(marker, 0xD9 | 0xDA) {
            return Err("no frame header before the image data".into());
        }
        let Some(&[hi, lo]) = data.get(i + 2..i + 4) else {
            return Err("the file ends inside a marker".into());
        };
        let len = u16::from_be_bytes([hi, lo]) as usize;
        if len < 2 {
            return Err(format!("marker at byte {i} has length {len}"));
        }
        let Some(seg) = data.get(i + 4..i + 2 + len) else {
            return Err("the file ends inside a marker".into());
        };
        if marker == 0xEE && seg.starts_with(b"Adobe") {
            adobe = true;
        }
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            if !matches!(marker, 0xC0..=0xC2) {
                return Err(
                    "lossless, hierarchical and arithmetic-coded JPEG are not supported".into(),
                );
            }
            let [precision, h1, h0, w1, w0, components, ..] = *seg else {
                return Err("the frame header is too short".into());
            };
            if precision != 8 {
                return Err(format!(
                    "{precision}-bit samples; only 8-bit JPEG is supported"
                ));
            }
            if !matches!(components, 1 | 3 | 4) {
                return Err(format!(
                    "{components} colour components; a photo has 1 (grey), 3 (colour) or 4 (CMYK)"
                ));
            }
            if seg.len() < 6 + 3 * components as usize {
                return Err("the frame header is too short".into());
            }
            return Ok(JpegFrame {
                width: u16::from_be_bytes([w1, w0]) as u32,
                height: u16::from_be_bytes([h1, h0]) as u32,
                components,
                adobe,
            });
        }
        i += 2 + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_frame_reads_size() {
        // SOI, APP0 stub, SOF0 with 2x3 px and 3 components.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00,
            0x03, 0x00, 0x02, 0x03, 0x01, 0x11, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00,
        ];
        let frame = jpeg_frame(&jpeg).unwrap();
        assert_eq!((frame.width, frame.height, frame.components), (2, 3, 3));
        assert!(!frame.adobe);
        assert!(jpeg_frame(b"\x89PNG").is_err());
    }

    #[test]
    fn jpeg_frame_rejects_short_and_odd_headers() {
        // The six bytes that once panicked: SOF0 with a length of 2 and no body.
        assert!(jpeg_frame(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x02]).is_err());
        // A length below 2.
        assert!(jpeg_frame(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00]).is_err());
        // Two components.
        let two = [
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0E, 0x08, 0x00, 0x03, 0x00, 0x02, 0x02, 0x01, 0x11,
            0x00, 0x02, 0x11, 0x00,
        ];
        assert!(
            jpeg_frame(&two)
                .unwrap_err()
                .contains("2 colour components")
        );
        // Start marker only.
        assert!(jpeg_frame(&[0xFF, 0xD8]).is_err());
    }

    /// Both CMYK conventions decode to the ink amounts the generator wrote (tests/photos/
    /// make_photos.py): C 10 %, M 20 %, Y 30 %, K 40 %.
    #[test]
    fn cmyk_jpegs_decode_to_ink_amounts_with_or_without_adobe_marker() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/photos");
        for (file, adobe) in [("cmyk-adobe.jpg", true), ("cmyk-no-adobe.jpg", false)] {
            let photo = read_photo(&dir.join(file), Origin::default(), None).unwrap();
            assert_eq!(photo.data.adobe, adobe, "{file}");
            let kept = photo.data.detail().unwrap();
            assert_eq!(kept.colour, PixelColour::Cmyk);
            let middle = (kept.data.len() / 8) * 4;
            for (got, want) in kept.data[middle..middle + 4].iter().zip([26, 51, 77, 102]) {
                assert!(
                    got.abs_diff(want) <= 2,
                    "{file}: {:?}",
                    &kept.data[middle..middle + 4]
                );
            }
        }
    }

    #[test]
    fn exif_orientation_swaps_the_displayed_size() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/photos");
        let photo = read_photo(&dir.join("exif6.jpg"), Origin::default(), None).unwrap();
        assert_eq!(photo.data.orientation, 6);
        assert_eq!(
            (photo.data.stored_width, photo.data.stored_height),
            (500, 400)
        );
        assert_eq!((photo.width, photo.height), (400, 500));
    }

    /// Issue 8: a photo is decoded once per size a build asks for. Read with the layout's
    /// placed width, the kept pixels are exactly what the screen variant asks for there (for a
    /// photo stored on its side too), so the screen variant decodes nothing; print's two
    /// full-size requests share one decode; and every request gets the same pixels as from a
    /// photo read without a placed width, so outputs do not depend on what was kept.
    #[test]
    fn each_size_of_a_photo_is_decoded_once_and_the_same_whatever_was_kept() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/photos");
        let placed_width = 28.0 / 25.4 * 72.0;
        for file in [
            "exif6.jpg",
            "cmyk-adobe.jpg",
            "cmyk-no-adobe.jpg",
            "grey.jpg",
            "icc.jpg",
            "progressive.jpg",
        ] {
            let photo = read_photo(&dir.join(file), Origin::default(), Some(placed_width)).unwrap();
            let plain = read_photo(&dir.join(file), Origin::default(), None).unwrap();
            let data = &photo.data;
            let turned = data.orientation >= 5;
            let height = placed_width * photo.height as f64 / photo.width as f64;
            let (w, h) = pixel_budget(placed_width, height, SCREEN_MAX_DPI, turned);
            let screen = data.pixels_at_least(w, h).unwrap();
            assert!(
                Arc::ptr_eq(&screen, &data.kept),
                "{file}: screen decoded again"
            );
            assert_eq!(
                *screen,
                *plain.data.pixels_at_least(w, h).unwrap(),
                "{file}"
            );
            let (sw, sh) = (data.stored_width, data.stored_height);
            let full = data.pixels_at_least(sw, sh).unwrap();
            assert_eq!((full.width, full.height), (sw, sh), "{file}");
            let again = data.pixels_at_least(sw - 1, sh - 1).unwrap();
            assert!(
                Arc::ptr_eq(&full, &again),
                "{file}: full size decoded twice"
            );
            assert_eq!(
                *full,
                *plain.data.pixels_at_least(sw, sh).unwrap(),
                "{file}"
            );
        }
    }

    /// The size the decode cache files a request under is the size the decoder then makes,
    /// over every DCT scale and both axes.
    #[test]
    fn jpeg_scaled_size_is_the_decoded_size() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/photos");
        let bytes = std::fs::read(dir.join("exif6.jpg")).unwrap();
        for (w, h) in [
            (1, 1),
            (63, 1),
            (64, 51),
            (65, 200),
            (126, 101),
            (250, 1),
            (251, 199),
            (500, 400),
        ] {
            let decoded = decode_jpeg(&bytes, false, w, h).unwrap();
            assert_eq!(
                jpeg_scaled_size(&bytes, w, h).unwrap(),
                (decoded.width, decoded.height),
                "request {w} × {h}"
            );
        }
    }

    /// Issue 8: a progressive JPEG decoded at reduced scale keeps only the coefficients that
    /// scale needs (vendor/jpeg-decoder). The pixels at every DCT scale must be those of
    /// jpeg-decoder 0.3.2 as published, recorded here as SHA-256 of the samples (computed with
    /// the unpatched crate), over progressive files with successive approximation: a flat
    /// portrait at 4:2:0, detailed colour at 4:4:4, grey (non-interleaved scans) and CMYK.
    #[test]
    fn scaled_progressive_decodes_match_the_published_decoder() {
        use sha2::{Digest, Sha256};
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/photos");
        let mut got = vec![];
        for file in [
            "progressive.jpg",
            "progressive-detail.jpg",
            "progressive-grey.jpg",
            "progressive-cmyk.jpg",
        ] {
            let bytes = std::fs::read(dir.join(file)).unwrap();
            let frame = jpeg_frame(&bytes).unwrap();
            let (w, h) = (frame.width, frame.height);
            // Requests past each scale on both axes: 1/8, 1/4, 1/2 and full size.
            for (rw, rh) in [
                (1, 1),
                (w / 8 + 2, h / 8 + 2),
                (w / 4 + 2, h / 4 + 2),
                (w, h),
            ] {
                let pixels = decode_jpeg(&bytes, frame.adobe, rw, rh).unwrap();
                let digest = Sha256::digest(&pixels.data);
                let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
                got.push(format!(
                    "{file} {}x{} {}",
                    pixels.width,
                    pixels.height,
                    &hex[..16]
                ));
            }
        }
        let expected: Vec<String> = EXPECTED_PROGRESSIVE.lines().map(str::to_string).collect();
        assert_eq!(got, expected, "\n{}", got.join("\n"));
    }

    /// Recorded with jpeg-decoder 0.3.2 from crates.io (see the test above).
    const EXPECTED_PROGRESSIVE: &str = "\
progressive.jpg 50x63 f3ff0ea00685bae4\n\
progressive.jpg 100x125 19f634b05161defb\n\
progressive.jpg 200x250 29206cd02b11e1ef\n\
progressive.jpg 400x500 48b56d60ba1a62ae\n\
progressive-detail.jpg 50x63 c923e0160cf7fd83\n\
progressive-detail.jpg 100x125 1073426a6dda472c\n\
progressive-detail.jpg 200x250 29312cd0c347cfc4\n\
progressive-detail.jpg 400x500 ea618e7ccae59b82\n\
progressive-grey.jpg 50x63 145871030497c662\n\
progressive-grey.jpg 100x125 0405ea0bc35874eb\n\
progressive-grey.jpg 200x250 b6cab78de999c4e7\n\
progressive-grey.jpg 400x500 aa00037cf787589f\n\
progressive-cmyk.jpg 50x63 b57b1b62fc9196bf\n\
progressive-cmyk.jpg 100x125 30971f1a895bcf15\n\
progressive-cmyk.jpg 200x250 8f99e453cc3f2993\n\
progressive-cmyk.jpg 400x500 7d3c2db6b92bfb15";

    /// A seeded mutation run over every test photo: flipped bytes, cut files and both at once
    /// are read with an `Ok` or an `Err`, never a panic (issue 10: the photo reader's fuzz
    /// target, bounded so it runs in every `cargo test`).
    #[test]
    fn mutated_photos_never_panic() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/photos");
        let tmp = tempfile::tempdir().unwrap();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            // xorshift64: deterministic, no dependency.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e != "py"))
            .collect();
        files.sort();
        for file in files {
            let original = std::fs::read(&file).unwrap();
            for round in 0..40 {
                let mut bytes = original.clone();
                if round % 2 == 0 {
                    for _ in 0..1 + next() % 8 {
                        let i = (next() as usize) % bytes.len();
                        bytes[i] = next() as u8;
                    }
                }
                if round % 3 != 0 {
                    let keep = (next() as usize) % bytes.len();
                    bytes.truncate(keep);
                }
                let path = tmp.path().join("photo");
                std::fs::write(&path, &bytes).unwrap();
                let _ = read_photo(&path, Origin::default(), None);
            }
        }
    }

    #[test]
    fn read_limited_refuses_devices_and_large_files() {
        assert!(
            read_limited(Path::new("/dev/zero"), 1024)
                .unwrap_err()
                .contains("regular")
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x");
        std::fs::write(&file, [0u8; 100]).unwrap();
        assert!(read_limited(&file, 99).is_err());
        assert_eq!(read_limited(&file, 100).unwrap().len(), 100);
    }
}
