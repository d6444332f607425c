//! Raster images (the clinic's logo): read safely, decoded once per process, and scaled down to
//! at most 300 pixels per inch at the largest size they are printed, so that a 6000-pixel logo
//! adds tens of kilobytes to a PDF rather than a hundred megabytes. Flat art stays PNG, photos
//! stay JPEG. A batch asks for the same logo on every row: the cache answers after the first.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::document::ImageFormat;

/// Pixels per inch an image is scaled down to at its printed size.
pub const MAX_PPI: f32 = 300.0;
/// Below this many pixels per inch at its printed size an image looks blurred: a warning.
pub const MIN_PPI: f32 = 150.0;
/// The largest box a logo is printed in (the handout's title block; a booklet cover's is smaller).
pub const LOGO_MAX_WIDTH_IN: f32 = 3.0;
pub const LOGO_MAX_HEIGHT_IN: f32 = 0.9;
/// Files larger than this are re-encoded even when no smaller size is needed.
const REENCODE_ABOVE_BYTES: usize = 256 << 10;
/// Entries kept in the cache before it is emptied (a batch with a logo per row).
const CACHE_ENTRIES: usize = 64;

/// An image ready to embed: encoded bytes and their pixel size.
#[derive(Debug, Clone, PartialEq)]
pub struct Raster {
    pub bytes: Vec<u8>,
    pub format: ImageFormat,
    pub width_px: u32,
    pub height_px: u32,
    /// Pixel size of the file as given (before any scaling down).
    pub source_width_px: u32,
    pub source_height_px: u32,
}

impl Raster {
    /// Pixels per inch of the file as given, when printed in a box of `width_in` × `height_in`
    /// (the image is fitted inside, keeping its shape).
    pub fn source_ppi(&self, width_in: f32, height_in: f32) -> f32 {
        let (w, h) = (self.source_width_px as f32, self.source_height_px as f32);
        let printed_w_in = fit(w, h, width_in, height_in).0;
        w / printed_w_in.max(f32::EPSILON)
    }
}

/// Size (width, height) of a `w` × `h` picture fitted into a `box_w` × `box_h` box.
fn fit(w: f32, h: f32, box_w: f32, box_h: f32) -> (f32, f32) {
    let aspect = w.max(1.0) / h.max(1.0);
    if box_h * aspect <= box_w {
        (box_h * aspect, box_h)
    } else {
        (box_w, box_w / aspect)
    }
}

type Key = (
    std::path::PathBuf,
    u64,
    Option<std::time::SystemTime>,
    u32,
    u32,
);

static CACHE: Mutex<Option<HashMap<Key, Arc<Raster>>>> = Mutex::new(None);

/// A warning when a logo of `width_px` × `height_px` has under [`MIN_PPI`] pixels per inch at
/// its printed size (logos larger than needed were scaled to [`MAX_PPI`], so this is the
/// file's own resolution).
pub fn logo_warning(width_px: u32, height_px: u32) -> Option<String> {
    let (w_in, h_in) = fit(
        width_px as f32,
        height_px as f32,
        LOGO_MAX_WIDTH_IN,
        LOGO_MAX_HEIGHT_IN,
    );
    let ppi = width_px as f32 / w_in;
    (ppi < MIN_PPI).then(|| {
        format!(
            "the logo is {width_px} × {height_px} pixels, printed {w_in:.1} × {h_in:.1} in: {ppi:.0} pixels per inch, so it will look blurred; use a copy at least {} pixels wide",
            (w_in * 300.0).ceil()
        )
    })
}

/// Reads a PNG or JPEG printed at most `box_w_in` × `box_h_in`, scaled down to [`MAX_PPI`].
/// The error is a plain sentence (without the path: callers add it and the place it was named).
pub fn load(path: &Path, role: &str, box_w_in: f32, box_h_in: f32) -> Result<Arc<Raster>, String> {
    let meta = std::fs::metadata(path).map_err(|e| crate::files::io_reason(&e))?;
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let key: Key = (
        canonical,
        meta.len(),
        meta.modified().ok(),
        box_w_in.to_bits(),
        box_h_in.to_bits(),
    );
    if let Some(hit) = CACHE
        .lock()
        .ok()
        .and_then(|c| c.as_ref()?.get(&key).cloned())
    {
        crate::files::remember_input(path, role);
        return Ok(hit);
    }
    let bytes = crate::files::read_input(path, role, crate::files::IMAGE_LIMIT_BYTES)?;
    let raster = Arc::new(prepare(bytes, box_w_in, box_h_in)?);
    if let Ok(mut cache) = CACHE.lock() {
        let map = cache.get_or_insert_with(HashMap::new);
        if map.len() >= CACHE_ENTRIES {
            map.clear();
        }
        map.insert(key, raster.clone());
    }
    Ok(raster)
}

/// Checks, decodes and (when larger than needed) scales down and re-encodes image bytes.
pub fn prepare(bytes: Vec<u8>, box_w_in: f32, box_h_in: f32) -> Result<Raster, String> {
    let format = match image::guess_format(&bytes) {
        Ok(image::ImageFormat::Png) => ImageFormat::Png,
        Ok(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        _ => return Err("it is not a PNG or JPEG image; save it as PNG or JPEG".into()),
    };
    let mut reader = image::ImageReader::new(Cursor::new(&bytes));
    reader.set_format(match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
    });
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(400 << 20);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => {
            "the image is too large to read (at most 20,000 pixels a side); save a smaller copy"
                .to_string()
        }
        other => format!(
            "the image is damaged and cannot be read ({other}); export it again as PNG or JPEG"
        ),
    })?;
    let (src_w, src_h) = (decoded.width(), decoded.height());
    if src_w == 0 || src_h == 0 {
        return Err("the image has no pixels".into());
    }
    let (print_w_in, print_h_in) = fit(src_w as f32, src_h as f32, box_w_in, box_h_in);
    let max_w = (print_w_in * MAX_PPI).ceil().max(1.0) as u32;
    let max_h = (print_h_in * MAX_PPI).ceil().max(1.0) as u32;
    let shrink = src_w > max_w || src_h > max_h;
    if !shrink && bytes.len() <= REENCODE_ABOVE_BYTES {
        return Ok(Raster {
            bytes,
            format,
            width_px: src_w,
            height_px: src_h,
            source_width_px: src_w,
            source_height_px: src_h,
        });
    }
    let scaled = if shrink {
        decoded.thumbnail(max_w, max_h)
    } else {
        decoded
    };
    let mut out = Vec::new();
    let written = match format {
        ImageFormat::Png => scaled.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png),
        ImageFormat::Jpeg => {
            let rgb = scaled.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88).encode_image(&rgb)
        }
    };
    written.map_err(|e| format!("the image cannot be scaled down: {e}"))?;
    Ok(Raster {
        bytes: out,
        format,
        width_px: scaled.width(),
        height_px: scaled.height(),
        source_width_px: src_w,
        source_height_px: src_h,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn large_images_are_scaled_to_300_ppi_at_their_printed_size() {
        let r = prepare(png(3000, 1000), LOGO_MAX_WIDTH_IN, LOGO_MAX_HEIGHT_IN).unwrap();
        // printed 2.7 in × 0.9 in: 810 × 270 pixels at 300 ppi
        assert_eq!((r.width_px, r.height_px), (810, 270));
        assert_eq!((r.source_width_px, r.source_height_px), (3000, 1000));
        assert_eq!(r.format, ImageFormat::Png);
        assert!(r.source_ppi(LOGO_MAX_WIDTH_IN, LOGO_MAX_HEIGHT_IN) > 1000.0);
    }

    #[test]
    fn small_images_are_kept_as_given_and_have_a_low_ppi() {
        let bytes = png(2, 1);
        let r = prepare(bytes.clone(), LOGO_MAX_WIDTH_IN, LOGO_MAX_HEIGHT_IN).unwrap();
        assert_eq!(r.bytes, bytes);
        assert!(r.source_ppi(LOGO_MAX_WIDTH_IN, LOGO_MAX_HEIGHT_IN) < MIN_PPI);
    }

    #[test]
    fn each_file_is_decoded_once_and_again_when_it_changes() {
        let dir = std::env::temp_dir().join(format!("handout-images-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("logo.png");
        std::fs::write(&p, png(40, 20)).unwrap();
        let a = load(&p, "logo", 3.0, 0.9).unwrap();
        let b = load(&dir.join(".").join("logo.png"), "logo", 3.0, 0.9).unwrap();
        assert!(Arc::ptr_eq(&a, &b), "the second load comes from the cache");
        std::fs::write(&p, png(50, 20)).unwrap();
        let c = load(&p, "logo", 3.0, 0.9).unwrap();
        assert_eq!(c.width_px, 50, "a changed file (new size) is read again");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn other_formats_and_damaged_files_are_refused() {
        assert!(prepare(b"GIF89a....".to_vec(), 1.0, 1.0)
            .unwrap_err()
            .starts_with("it is not a PNG or JPEG"));
        let mut bytes = png(50, 50);
        bytes.truncate(60);
        assert!(prepare(bytes, 1.0, 1.0)
            .unwrap_err()
            .starts_with("the image is damaged"));
    }
}
