//! `Image.compress(jpeg_quality=)`: 8-bit grayscale, RGB or BGR pixels → JPEG bytes, encoded
//! with `jpeg-encoder` outside the GIL.

use jpeg_encoder::{ColorType, Encoder};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::bridge::{import_buffer, BorrowPolicy};
use crate::error::{Error, Result};

fn color_type(model: &str) -> Result<(ColorType, usize)> {
    Ok(match model {
        "L" => (ColorType::Luma, 1),
        "RGB" => (ColorType::Rgb, 3),
        "BGR" => (ColorType::Bgr, 3),
        other => {
            return Err(Error::Value(format!(
                "Cannot JPEG compress an image of type {other}. Only L (monochrome), RGB and BGR are supported."
            )))
        }
    })
}

/// Encodes `width × height` pixels of `color_model` (`"L"`, `"RGB"`, `"BGR"`), one byte per
/// channel, at `quality` (1–100).
pub fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    color_model: &str,
    quality: u8,
) -> Result<Vec<u8>> {
    let (color, channels) = color_type(color_model)?;
    let (w, h) = match (u16::try_from(width), u16::try_from(height)) {
        (Ok(w), Ok(h)) if w > 0 && h > 0 => (w, h),
        _ => {
            return Err(Error::Value(format!(
                "Cannot JPEG compress a {width}x{height} image (JPEG allows 1 to 65535 pixels per side)"
            )))
        }
    };
    let expected = width as usize * height as usize * channels;
    if pixels.len() != expected {
        return Err(Error::Value(format!(
            "Cannot JPEG compress: expected {expected} bytes for a {width}x{height} {color_model} image, got {}",
            pixels.len()
        )));
    }
    let mut out = Vec::with_capacity(expected / 8 + 1024);
    Encoder::new(&mut out, quality.clamp(1, 100))
        .encode(pixels, w, h, color)
        .map_err(|e| Error::Value(format!("JPEG encoding failed: {e}")))?;
    Ok(out)
}

/// `encode` over any buffer-protocol object (borrowed, not copied), without holding the GIL.
#[pyfunction]
pub fn encode_jpeg<'py>(
    py: Python<'py>,
    pixels: &Bound<'py, PyAny>,
    width: u32,
    height: u32,
    color_model: &str,
    quality: u8,
) -> Result<Bound<'py, PyBytes>> {
    let data = import_buffer(pixels, "Image.compress", BorrowPolicy::BORROW)?;
    let bytes = data.buffer.as_slice();
    let n = data.len * data.dtype.item_size();
    let jpeg = py.detach(|| {
        encode(
            &bytes[..n.min(bytes.len())],
            width,
            height,
            color_model,
            quality,
        )
    })?;
    Ok(PyBytes::new(py, &jpeg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_rgb_and_gray_and_refuses_bad_input() {
        let rgb = vec![200u8; 8 * 4 * 3];
        let jpeg = encode(&rgb, 8, 4, "RGB", 90).unwrap();
        assert_eq!(&jpeg[..2], [0xFF, 0xD8], "JPEG start-of-image marker");
        assert!(encode(&rgb[..8 * 4], 8, 4, "L", 90).is_ok());
        assert!(encode(&rgb, 8, 4, "RGBA", 90)
            .unwrap_err()
            .to_string()
            .contains("RGBA"));
        assert!(encode(&rgb[..10], 8, 4, "RGB", 90)
            .unwrap_err()
            .to_string()
            .contains("expected 96 bytes"));
        assert!(encode(&rgb, 0, 4, "RGB", 90).is_err());
    }
}
