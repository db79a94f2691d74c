//! Photos as krilla images: JPEG passthrough where the file can go into the PDF unchanged,
//! otherwise pixels decoded once (`spec::photo`), fitted to the resolution the variant needs.
//!
//! Screen: sRGB (or grey), at most 150 ppi at the placed size, re-encoded as JPEG unless
//! transparent. Print: the JPEG unchanged up to 600 ppi; above that, or for PNG and TIFF, pixels
//! in their own colour space (RGB tagged sRGB unless the file has a profile), lossless, with
//! the alpha channel as a soft mask (PDF/X-4 and PDF/A-2 both allow /SMask).
//!
//! Each image is made once per build and shared by every language through [`PhotoCache`]: krilla
//! images are reference-counted and hold their encoded stream.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use rayon::prelude::*;

use krilla::geom::Transform;
use krilla::image::{BitsPerComponent, CustomImage, Image, ImageColorspace};

use super::{ImagePolicy, Profile};
use crate::geom::Size;
use crate::photo::{Photo, PhotoFormat, PixelColour, Pixels, SCREEN_MAX_DPI, pixel_budget};

/// Above this effective resolution a print photo only adds bytes: no press resolves more
/// (a 175 lpi screen needs 350 ppi at a quality factor of 2).
pub const PRINT_MAX_DPI: f64 = 600.0;

/// What a photo above [`PRINT_MAX_DPI`] is downsampled to: 1.5 × the usual 300 ppi, so
/// downsampling never costs visible sharpness.
pub const PRINT_DOWNSAMPLED_DPI: f64 = 450.0;

/// JPEG quality of print photos downsampled from a JPEG: high enough that re-encoding adds no
/// artefact visible at 450 ppi.
const PRINT_JPEG_QUALITY: u8 = 92;

/// sRGB, for RGB pixels without a profile of their own.
const SRGB_PROFILE: &[u8] = include_bytes!("../../layouts/icc/sRGB-v2-magic.icc");

/// Photos are not smoothed by the viewer: PDF/A forbids the /Interpolate flag.
const INTERPOLATE: bool = false;

/// Which image: the file, the profile's image policy and the pixel size it was made at.
type ImageKey = (PathBuf, ImagePolicy, u32, u32);

/// krilla images made in this build, by file, image policy and pixel size, shared across
/// languages; the condition variable wakes the threads waiting for an image being made.
#[derive(Default)]
pub struct PhotoCache(Mutex<HashMap<ImageKey, Slot>>, Condvar);

/// An image in the cache: being made by one thread, or made.
#[derive(Clone)]
enum Slot {
    Making,
    Made(Result<Image, String>),
}

/// What to make for a photo: its cache key and the pixel size to fit it to (none: as stored).
struct Plan<'a> {
    key: ImageKey,
    photo: &'a Photo,
    target: Option<(u32, u32)>,
}

/// A claim on a slot: the claiming thread makes the image at once. Dropped without a result
/// (the maker panicked), it records a failure, so that no thread is left waiting.
struct Claim<'a> {
    cache: &'a PhotoCache,
    key: ImageKey,
}

impl Claim<'_> {
    fn fulfil(self, made: Result<Image, String>) -> Result<Image, String> {
        self.cache.settle(&self.key, made.clone());
        std::mem::forget(self);
        made
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        let failed = Err("failed to convert the photo".to_string());
        self.cache.settle(&self.key, failed);
    }
}

impl PhotoCache {
    fn lock(&self) -> MutexGuard<'_, HashMap<ImageKey, Slot>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn settle(&self, key: &ImageKey, made: Result<Image, String>) {
        self.lock().insert(key.clone(), Slot::Made(made));
        self.1.notify_all();
    }

    /// Claims `key` for this thread if no thread has made or is making it.
    fn claim(&self, key: &ImageKey) -> Option<Claim<'_>> {
        let mut slots = self.lock();
        if slots.contains_key(key) {
            return None;
        }
        slots.insert(key.clone(), Slot::Making);
        Some(Claim {
            cache: self,
            key: key.clone(),
        })
    }

    /// Makes every image of `plans` no thread has claimed yet, one at a time.
    fn make_unclaimed(&self, plans: &[Plan], policy: ImagePolicy, quality: u8) {
        for plan in plans {
            if let Some(claim) = self.claim(&plan.key) {
                // An error is the page's to report, with the photo's location, when it asks.
                let _ = claim.fulfil(make(plan.photo, policy, plan.target, quality));
            }
        }
    }

    /// The image for `plan`: from the cache, else made here. An image being made is being
    /// made right now by the thread that claimed it (a claim is only taken to make the image
    /// at once, and making one waits for nothing), so waiting for it is short and cannot
    /// deadlock. This relies on `make` never entering rayon (jpeg-decoder, image and
    /// fast_image_resize are built without their rayon features, krilla without its `rayon`):
    /// a maker that ran other pool jobs while waiting inside it could pick up one that waits,
    /// here, for the very photo it is making.
    fn get(&self, plan: &Plan, policy: ImagePolicy, quality: u8) -> Result<Image, String> {
        let mut slots = self.lock();
        loop {
            match slots.get(&plan.key) {
                Some(Slot::Made(made)) => return made.clone(),
                Some(Slot::Making) => {
                    slots = self.1.wait(slots).unwrap_or_else(|e| e.into_inner());
                }
                None => {
                    drop(slots);
                    if let Some(claim) = self.claim(&plan.key) {
                        return claim.fulfil(make(plan.photo, policy, plan.target, quality));
                    }
                    slots = self.lock();
                }
            }
        }
    }
}

/// Makes every image a document will ask [`image`] for, on as many threads as are free: a
/// speakers page has several photos, and making them one after another as the page is drawn
/// left the second core idle. Each thread claims the next photo nobody makes yet, so a second
/// language arriving meanwhile helps with the rest instead of waiting.
pub fn prepare(cache: &PhotoCache, wanted: &[(&Photo, Size)], profile: &Profile, quality: u8) {
    let plans: Vec<Plan> = wanted
        .iter()
        .filter_map(|&(photo, placed)| plan(photo, placed, profile).ok())
        .collect();
    // One claimer per thread; a claimer no idle thread takes up finds nothing left to claim.
    (0..rayon::current_num_threads().min(plans.len()))
        .into_par_iter()
        .for_each(|_| cache.make_unclaimed(&plans, profile.images, quality));
}

/// An image and how to place it: draw it at `width` × `height` (points, stored orientation)
/// after `transform`, which turns the stored orientation upright within the placed rectangle.
pub struct Placed {
    /// The image.
    pub image: Image,
    /// Width to draw the image at, in points, in its stored orientation.
    pub width: f32,
    /// Height to draw the image at, in points, in its stored orientation.
    pub height: f32,
    /// Maps the stored image onto the upright placed rectangle.
    pub transform: Transform,
}

/// The effective resolution of a photo at its placed size (the lower of the two axes).
pub fn effective_ppi(width: u32, height: u32, placed: Size) -> f64 {
    let (w_in, h_in) = (placed.width.to_pt() / 72.0, placed.height.to_pt() / 72.0);
    (width as f64 / w_in).min(height as f64 / h_in)
}

/// The photo as krilla embeds it for `profile` at `placed` size, from the cache when this build
/// already made it.
pub fn image(
    cache: &PhotoCache,
    photo: &Photo,
    placed: Size,
    profile: &Profile,
    quality: u8,
) -> Result<Placed, String> {
    let plan = plan(photo, placed, profile)?;
    let image = cache.get(&plan, profile.images, quality)?;
    let turned = photo.data.orientation >= 5;
    let (w, h) = (placed.width.to_pt() as f32, placed.height.to_pt() as f32);
    // A photo stored on its side is drawn at the placed size turned back, then rotated upright.
    let (width, height) = if turned { (h, w) } else { (w, h) };
    Ok(Placed {
        image,
        width,
        height,
        transform: orientation_transform(photo.data.orientation, w, h),
    })
}

/// What `profile` embeds for `photo` at `placed` size, or why it cannot.
fn plan<'a>(photo: &'a Photo, placed: Size, profile: &Profile) -> Result<Plan<'a>, String> {
    let policy = profile.images;
    let data = &photo.data;
    // PDF/X-1a allows neither RGB, ICC-based colour nor transparency, and presskit does not
    // separate photos: only a CMYK photo without alpha can go in.
    if policy == ImagePolicy::CmykOnly && (photo.components != 4 || data.kept.alpha.is_some()) {
        return Err(format!(
            "{} allows opaque CMYK photos only; this one has {} colour components{}; supply it \
             separated to CMYK, or build the PDF/X-4 print variant",
            profile.standard,
            photo.components,
            if data.kept.alpha.is_some() {
                " and transparency"
            } else {
                ""
            },
        ));
    }
    let turned = data.orientation >= 5;
    // Pixel budget in the upright orientation, then in the stored one.
    let budget = |ppi: f64| pixel_budget(placed.width.to_pt(), placed.height.to_pt(), ppi, turned);
    let (sw, sh) = (data.stored_width, data.stored_height);
    let target = match policy {
        ImagePolicy::Screen => Some(budget(SCREEN_MAX_DPI)),
        ImagePolicy::Original | ImagePolicy::CmykOnly => {
            (effective_ppi(photo.width, photo.height, placed) > PRINT_MAX_DPI)
                .then(|| budget(PRINT_DOWNSAMPLED_DPI))
        }
    };
    let key = (
        photo.path.clone(),
        policy,
        target.map_or(sw, |t| t.0),
        target.map_or(sh, |t| t.1),
    );
    Ok(Plan { key, photo, target })
}

/// The affine map from the stored image (drawn at the origin, y down) to the upright placed
/// rectangle of `w` × `h` points, for EXIF orientation `orientation` (TIFF 6.0, tag 274: the
/// stored row 0 / column 0 is the displayed top/left (1), top/right (2), bottom/right (3),
/// bottom/left (4), left/top (5), right/top (6), right/bottom (7), left/bottom (8)).
pub fn orientation_transform(orientation: u8, w: f32, h: f32) -> Transform {
    // from_row(sx, ky, kx, sy, tx, ty): x' = sx·u + kx·v + tx, y' = ky·u + sy·v + ty.
    match orientation {
        2 => Transform::from_row(-1.0, 0.0, 0.0, 1.0, w, 0.0),
        3 => Transform::from_row(-1.0, 0.0, 0.0, -1.0, w, h),
        4 => Transform::from_row(1.0, 0.0, 0.0, -1.0, 0.0, h),
        5 => Transform::from_row(0.0, 1.0, 1.0, 0.0, 0.0, 0.0),
        6 => Transform::from_row(0.0, 1.0, -1.0, 0.0, w, 0.0),
        7 => Transform::from_row(0.0, -1.0, -1.0, 0.0, w, h),
        8 => Transform::from_row(0.0, -1.0, 1.0, 0.0, 0.0, h),
        _ => Transform::identity(),
    }
}

fn make(
    photo: &Photo,
    policy: ImagePolicy,
    target: Option<(u32, u32)>,
    quality: u8,
) -> Result<Image, String> {
    let data = &photo.data;
    let fits = target.is_none_or(|(w, h)| data.stored_width <= w && data.stored_height <= h);
    if data.format == PhotoFormat::Jpeg && fits {
        let bytes: Arc<dyn AsRef<[u8]> + Send + Sync> = data.clone();
        let print = policy != ImagePolicy::Screen;
        match (print, photo.components) {
            // krilla writes /Decode [1 0 …] for every CMYK JPEG, right only for Adobe's inverted
            // files; others go through the pixel path below.
            (true, 4) if !data.adobe => {}
            (true, 3) => {
                let icc = data
                    .icc
                    .as_ref()
                    .map_or(SRGB_PROFILE.to_vec(), |p| p.to_vec());
                return Image::from_jpeg_with_icc(bytes.into(), Some(icc.into()), INTERPOLATE);
            }
            (true, _) | (false, 3) => {
                return Image::from_jpeg(bytes.into(), INTERPOLATE);
            }
            // Screen needs RGB: CMYK and grey are converted below.
            (false, _) => {}
        }
    }
    let (tw, th) = target.unwrap_or((data.stored_width, data.stored_height));
    let pixels = data.pixels_at_least(tw, th)?;
    let pixels = fit(&pixels, (data.stored_width, data.stored_height), tw, th);
    match policy {
        ImagePolicy::Screen => {
            let rgb = to_rgb(&pixels);
            if rgb.alpha.is_none() {
                let out = encode_jpeg(&rgb, quality)?;
                Image::from_jpeg(Arc::new(out).into(), INTERPOLATE)
            } else {
                Image::from_custom(
                    Sampled {
                        pixels: Arc::new(rgb),
                        icc: None,
                    },
                    INTERPOLATE,
                )
            }
        }
        ImagePolicy::Original | ImagePolicy::CmykOnly => {
            let icc = match (&data.icc, pixels.colour) {
                (Some(icc), _) => Some(icc.clone()),
                (None, PixelColour::Rgb) => Some(Arc::new(SRGB_PROFILE.to_vec())),
                (None, _) => None,
            };
            // A downsampled JPEG stays a JPEG (lossless would be ten times its size); the
            // encoder has no CMYK, so CMYK goes lossless.
            if data.format == PhotoFormat::Jpeg && pixels.colour != PixelColour::Cmyk {
                let out = encode_jpeg(&pixels, PRINT_JPEG_QUALITY)?;
                let icc = icc.map(|p| p.to_vec().into());
                return Image::from_jpeg_with_icc(Arc::new(out).into(), icc, INTERPOLATE);
            }
            Image::from_custom(
                Sampled {
                    pixels: Arc::new(pixels.into_owned()),
                    icc,
                },
                INTERPOLATE,
            )
        }
    }
}

/// Grey or RGB pixels as a baseline JPEG, chroma at full resolution (4:4:4), as print needs
/// and as small screen photos keep their colour edges.
fn encode_jpeg(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    let colour = match pixels.colour {
        PixelColour::Grey => jpeg_encoder::ColorType::Luma,
        _ => jpeg_encoder::ColorType::Rgb,
    };
    let too_large = |_| {
        format!(
            "{} × {} pixels are too many for a JPEG",
            pixels.width, pixels.height
        )
    };
    let width = u16::try_from(pixels.width).map_err(too_large)?;
    let height = u16::try_from(pixels.height).map_err(too_large)?;
    let mut out = vec![];
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_1_1);
    encoder
        .encode(&pixels.data, width, height, colour)
        .map_err(|e| format!("failed to encode ({e})"))?;
    Ok(out)
}

/// `pixels` of a photo stored at `stored` size shrunk to fit within `w` × `h` (never
/// enlarged), keeping the stored aspect ratio: the output size is computed from the stored
/// size, not from the decoded one, whose DCT scaling rounds each side up on its own.
fn fit(pixels: &Pixels, stored: (u32, u32), w: u32, h: u32) -> std::borrow::Cow<'_, Pixels> {
    let (sw, sh) = stored;
    let scale = (w as f64 / sw as f64).min(h as f64 / sh as f64).min(1.0);
    let nw = ((sw as f64 * scale).floor() as u32).clamp(1, pixels.width);
    let nh = ((sh as f64 * scale).floor() as u32).clamp(1, pixels.height);
    if (nw, nh) == (pixels.width, pixels.height) {
        return std::borrow::Cow::Borrowed(pixels);
    }
    // Lanczos keeps portraits crisp when shrinking by large factors.
    let data = resize(
        &pixels.data,
        pixels.colour.channels(),
        pixels.width,
        pixels.height,
        nw,
        nh,
    );
    let alpha = pixels
        .alpha
        .as_ref()
        .map(|a| resize(a, 1, pixels.width, pixels.height, nw, nh));
    std::borrow::Cow::Owned(Pixels {
        width: nw,
        height: nh,
        colour: pixels.colour,
        data,
        alpha,
    })
}

/// Lanczos-3 resampling of 8-bit samples in fixed point (fast_image_resize): exact integer
/// arithmetic, so the same bytes on every CPU and SIMD path, and a small fraction of the time
/// of `image`'s floating-point resampler, which was a third of a sample-kit build.
fn resize(data: &[u8], channels: usize, w: u32, h: u32, nw: u32, nh: u32) -> Vec<u8> {
    use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer, images};
    let pixel_type = match channels {
        1 => PixelType::U8,
        3 => PixelType::U8x3,
        // CMYK: four independent channels; `use_alpha(false)` keeps the fourth from being
        // treated as alpha (no premultiplying).
        _ => PixelType::U8x4,
    };
    let src = images::ImageRef::new(w, h, data, pixel_type).expect("sized");
    let mut dst = images::Image::new(nw, nh, pixel_type);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .use_alpha(false);
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .expect("same pixel type");
    dst.into_vec()
}

/// RGB for screen: grey is spread to three channels, CMYK converted without a profile
/// (R = (1 − C)(1 − K)), as browsers show CMYK JPEGs.
fn to_rgb(pixels: &Pixels) -> Pixels {
    let data = match pixels.colour {
        PixelColour::Rgb => pixels.data.clone(),
        PixelColour::Grey => pixels.data.iter().flat_map(|&g| [g, g, g]).collect(),
        PixelColour::Cmyk => pixels
            .data
            .chunks_exact(4)
            .flat_map(|p| {
                let k = 255 - p[3] as u32;
                [0, 1, 2].map(|i| ((255 - p[i] as u32) * k / 255) as u8)
            })
            .collect(),
    };
    Pixels {
        width: pixels.width,
        height: pixels.height,
        colour: PixelColour::Rgb,
        data,
        alpha: pixels.alpha.clone(),
    }
}

/// Decoded pixels handed to krilla, which deflates them (and the alpha into an /SMask).
#[derive(Clone)]
struct Sampled {
    pixels: Arc<Pixels>,
    icc: Option<Arc<Vec<u8>>>,
}

impl Hash for Sampled {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.pixels.hash(state);
        self.icc.hash(state);
    }
}

impl CustomImage for Sampled {
    fn color_channel(&self) -> &[u8] {
        &self.pixels.data
    }

    fn alpha_channel(&self) -> Option<&[u8]> {
        self.pixels.alpha.as_deref()
    }

    fn bits_per_component(&self) -> BitsPerComponent {
        BitsPerComponent::Eight
    }

    fn size(&self) -> (u32, u32) {
        (self.pixels.width, self.pixels.height)
    }

    fn icc_profile(&self) -> Option<&[u8]> {
        self.icc.as_deref().map(Vec::as_slice)
    }

    fn color_space(&self) -> ImageColorspace {
        match self.pixels.colour {
            PixelColour::Grey => ImageColorspace::Luma,
            PixelColour::Rgb => ImageColorspace::Rgb,
            PixelColour::Cmyk => ImageColorspace::Cmyk,
        }
    }
}
