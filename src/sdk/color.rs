//! Rerun's color layout: RGB(A) bytes or 0–1 floats packed into `0xRRGGBBAA` u32s.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, PrimitiveArray};

use crate::bridge::builders::flat;
use crate::bridge::{DType, Imported};
use crate::error::{Error, Result};

/// Validates an `(N, 3|4)` color array (uint8 0–255 or float 0–1) and returns its values as a
/// flat primitive array plus the channel count, without converting anything yet.
pub fn rgba_source(values: Imported, what: &str) -> Result<(ArrayRef, usize)> {
    let channels = match values.shape.as_slice() {
        [_, c @ (3 | 4)] => *c,
        _ => {
            return Err(Error::Value(format!(
                "{what}: expected RGB(A) colors of shape (N, 3) or (N, 4), got shape {:?}",
                values.shape
            )))
        }
    };
    if !matches!(values.dtype, DType::U8 | DType::F32 | DType::F64) {
        return Err(Error::Type(format!(
            "{what}: expected uint8 (0-255) or float (0-1) RGB(A) colors, got {}",
            values.dtype.name()
        )));
    }
    Ok((flat(values), channels))
}

/// Packs RGB(A) colors into Rerun's `0xRRGGBBAA` u32s (alpha 255 when absent). Floats are
/// scaled by 255 and rounded half to even, as numpy's `round` does in rerun-sdk.
pub fn pack_rgba(source: &dyn Array, channels: usize, what: &str) -> Result<ArrayRef> {
    // The channel count is a const parameter so the loop over fixed-size chunks vectorizes
    // (RGBA bytes → 0xRRGGBBAA is a byte swap per pixel): this runs on every logged color.
    fn pack_n<const N: usize, T: Copy>(v: &[T], to_u8: impl Fn(T) -> u8) -> Vec<u32> {
        v.chunks_exact(N)
            .map(|c| {
                let a = if N == 4 { to_u8(c[N - 1]) } else { 255 };
                u32::from_be_bytes([to_u8(c[0]), to_u8(c[1]), to_u8(c[2]), a])
            })
            .collect()
    }
    fn pack<T: Copy>(v: &[T], channels: usize, to_u8: impl Fn(T) -> u8) -> Vec<u32> {
        if channels == 4 {
            pack_n::<4, T>(v, to_u8)
        } else {
            pack_n::<3, T>(v, to_u8)
        }
    }
    let any = source.as_any();
    let packed = if let Some(a) =
        any.downcast_ref::<PrimitiveArray<arrow_array::types::UInt8Type>>()
    {
        let bytes: &[u8] = a.values();
        if channels == 4 && bytes.len() % 4 == 0 {
            // RGBA bytes: one big-endian read per pixel (a byte swap), which vectorizes.
            let pixels: &[[u8; 4]] = bytemuck::cast_slice(bytes);
            pixels.iter().map(|p| u32::from_be_bytes(*p)).collect()
        } else {
            pack(bytes, channels, |x| x)
        }
    } else if let Some(a) = any.downcast_ref::<PrimitiveArray<arrow_array::types::Float32Type>>() {
        pack(a.values(), channels, |x| {
            (x * 255.0).round_ties_even() as u8
        })
    } else if let Some(a) = any.downcast_ref::<PrimitiveArray<arrow_array::types::Float64Type>>() {
        pack(a.values(), channels, |x| {
            (x * 255.0).round_ties_even() as u8
        })
    } else {
        return Err(Error::Type(format!(
            "{what}: cannot pack {} as colors",
            source.data_type()
        )));
    };
    Ok(Arc::new(
        PrimitiveArray::<arrow_array::types::UInt32Type>::from(packed),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Float32Array, UInt32Array, UInt8Array};

    use crate::bridge::pyvalues::imported as colors;

    fn packed(a: &ArrayRef) -> Vec<u32> {
        a.as_any()
            .downcast_ref::<UInt32Array>()
            .unwrap()
            .values()
            .to_vec()
    }

    #[test]
    fn bytes_rgb_and_rgba() {
        let (src, ch) =
            rgba_source(colors(vec![1u8, 2, 3, 4, 5, 6], DType::U8, vec![2, 3]), "c").unwrap();
        assert_eq!(ch, 3);
        assert_eq!(
            packed(&pack_rgba(src.as_ref(), ch, "c").unwrap()),
            [0x010203ff, 0x040506ff]
        );
        let (src, ch) =
            rgba_source(colors(vec![1u8, 2, 3, 4], DType::U8, vec![1, 4]), "c").unwrap();
        assert_eq!(
            packed(&pack_rgba(src.as_ref(), ch, "c").unwrap()),
            [0x01020304]
        );
    }

    #[test]
    fn floats_scale_and_round_half_to_even() {
        // 0.5 * 255 = 127.5 rounds to 128 (even); 1.0 → 255; alpha 255 when absent.
        let (src, ch) =
            rgba_source(colors(vec![0.5f32, 1.0, 0.0], DType::F32, vec![1, 3]), "c").unwrap();
        assert_eq!(
            packed(&pack_rgba(src.as_ref(), ch, "c").unwrap()),
            [0x80ff00ff]
        );
        let (src, ch) = rgba_source(
            colors(vec![0.0f64, 0.0, 1.0, 0.5], DType::F64, vec![1, 4]),
            "c",
        )
        .unwrap();
        assert_eq!(
            packed(&pack_rgba(src.as_ref(), ch, "c").unwrap()),
            [0x0000ff80]
        );
    }

    #[test]
    fn bad_shapes_and_dtypes_say_what_was_expected() {
        let err = rgba_source(colors(vec![1u8; 4], DType::U8, vec![2, 2]), "Color")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("Color") && err.contains("(N, 3) or (N, 4)"),
            "{err}"
        );
        let err = rgba_source(colors(vec![1i32; 3], DType::I32, vec![1, 3]), "Color")
            .unwrap_err()
            .to_string();
        assert!(err.contains("int32"), "{err}");
        let err = pack_rgba(&UInt8Array::from(vec![1u8]) as &dyn Array, 3, "c");
        assert!(
            err.is_ok(),
            "a short byte run packs nothing rather than panicking"
        );
        let _ = Float32Array::from(vec![0.0f32]);
    }
}
