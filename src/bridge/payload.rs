//! Payloads: the plain-tuple protocol Python uses to describe an Arrow array built from buffers.
//!
//! | payload | Arrow |
//! |---|---|
//! | `(values, 0)` | primitive |
//! | `(values, k)` | `FixedSizeList<k x T>` |
//! | `(values, k, validity)` | either of the above with nulls (`validity`: bool array) |
//! | `(data, offsets, inner_size: int)` | Utf8 / `List<UInt8>` / `List<FixedSizeList<k x f32>>` |
//! | `(data, offsets, inner_size, validity)` | the same with nulls |
//! | `("struct", ((name, payload, nullable), ...))` | `Struct` (optionally a 3rd item: validity) |
//! | `("list", offsets, payload, item_nullable)` | `List<item>` |
//! | `("rgba", colors)` | `UInt32` 0xRRGGBBAA from `(N, 3/4)` uint8 or 0–1 floats |
//! | `("blob", data)` | `List<UInt8>` holding one blob: any uint8 buffer, flattened |
//! | `("pixels", array)` | the same from an array of any numeric dtype: its values' native-endian bytes in C order (an image buffer) |
//! | `("py", number, dtype)` | a one-element primitive array of `dtype` (numpy's name) |
//! | `("mat", matrix, n)` | `FixedSizeList<n*n x f32>` of length 1: one row-major `n×n` numeric matrix, stored column-major |
//! | an `nparrow.ArrowArray` | itself |
//! | any other buffer-protocol object (1-d numpy) | primitive, as `(values, 0)` |

use arrow_array::ArrayRef;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use super::builders::{self, VarlenKind};
use super::export::PyArrowArray;
use super::import::{import_buffer, BorrowPolicy, Imported};
use super::pyvalues::{matrix_columns, py_array, single_offsets};
use super::DType;
use crate::error::{Error, Result};

/// Builds the array a payload describes. The flag says whether any buffer is borrowed.
pub fn payload_to_array(
    payload: &Bound<'_, PyAny>,
    what: &str,
    policy: BorrowPolicy,
) -> Result<(ArrayRef, bool)> {
    if let Ok(arr) = payload.cast::<PyArrowArray>() {
        return Ok((arr.get().array().clone(), arr.get().borrowed()));
    }
    let Ok(t) = payload.cast::<PyTuple>() else {
        // A bare array: a primitive batch's numpy, kept as it was given.
        let values = import_buffer(payload, what, policy).map_err(|_| {
            Error::Type(format!(
                "{what}: expected an array payload (tuple, numpy array or nparrow ArrowArray), got {}",
                payload
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?;
        let borrowed = values.borrowed;
        return Ok((builders::primitive(values, what)?, borrowed));
    };
    let first = t
        .get_item(0)
        .map_err(|_| Error::Type(format!("{what}: empty payload tuple")))?;
    if let Ok(tag) = first.cast::<PyString>() {
        return match tag.to_str()? {
            "struct" => struct_payload(t, what, policy),
            "list" => list_payload(t, what, policy),
            "blob" => blob_payload(t, what, policy, false),
            "pixels" => blob_payload(t, what, policy, true),
            "py" => number_payload(t, what),
            "mat" => matrix_payload(t, what),
            "rgba" => {
                let (source, channels, _) = rgba_payload(t, what, policy)?;
                Ok((builders::pack_rgba(source.as_ref(), channels, what)?, false))
            }
            other => Err(Error::Type(format!(
                "{what}: unknown payload tag {other:?}"
            ))),
        };
    }
    match t.len() {
        2 | 3 if t.len() == 2 || !t.get_item(2)?.is_instance_of::<pyo3::types::PyInt>() => {
            let values = import_buffer(&first, what, policy)?;
            let borrowed = values.borrowed;
            let list_size: usize = t.get_item(1)?.extract()?;
            let mut array = if list_size == 0 {
                builders::primitive(values, what)?
            } else {
                builders::fixed_size_list(values, list_size, what)?
            };
            if t.len() == 3 {
                let mask = import_buffer(
                    &t.get_item(2)?,
                    what,
                    BorrowPolicy {
                        force_copy: true,
                        ..policy
                    },
                )?;
                // The mask is always copied (bit-packed); the values buffer stays as it was.
                array = builders::with_validity(array, mask, what)?;
            }
            Ok((array, borrowed))
        }
        3 => {
            let kind = VarlenKind::from_inner_size(t.get_item(2)?.extract()?)?;
            let data = import_buffer(&first, what, policy)?;
            let offsets = import_buffer(&t.get_item(1)?, what, policy)?;
            let borrowed = data.borrowed || offsets.borrowed;
            Ok((builders::varlen(data, offsets, kind, what)?, borrowed))
        }
        4 => {
            // A var-length array with nulls: `(data, offsets, inner_size, validity)`.
            let kind = VarlenKind::from_inner_size(t.get_item(2)?.extract()?)?;
            let data = import_buffer(&first, what, policy)?;
            let offsets = import_buffer(&t.get_item(1)?, what, policy)?;
            let borrowed = data.borrowed || offsets.borrowed;
            let mask = import_buffer(
                &t.get_item(3)?,
                what,
                BorrowPolicy {
                    force_copy: true,
                    ..policy
                },
            )?;
            let array = builders::varlen(data, offsets, kind, what)?;
            Ok((builders::with_validity(array, mask, what)?, borrowed))
        }
        n => Err(Error::Type(format!(
            "{what}: expected a 2-, 3- or 4-tuple payload, got a {n}-tuple"
        ))),
    }
}

fn struct_payload(
    t: &Bound<'_, PyTuple>,
    what: &str,
    policy: BorrowPolicy,
) -> Result<(ArrayRef, bool)> {
    let mut children = Vec::new();
    let mut borrowed = false;
    for item in t.get_item(1)?.try_iter()? {
        let (name, payload, nullable): (String, Bound<'_, PyAny>, bool) = item?.extract()?;
        let (array, b) = payload_to_array(&payload, what, policy)?;
        borrowed |= b;
        children.push((name, array, nullable));
    }
    let mut array = builders::struct_array(children, what)?;
    if t.len() > 2 {
        let mask = import_buffer(
            &t.get_item(2)?,
            what,
            BorrowPolicy {
                force_copy: true,
                ..policy
            },
        )?;
        array = builders::with_validity(array, mask, what)?;
    }
    Ok((array, borrowed))
}

fn list_payload(
    t: &Bound<'_, PyTuple>,
    what: &str,
    policy: BorrowPolicy,
) -> Result<(ArrayRef, bool)> {
    if t.len() != 4 {
        return Err(Error::Type(format!(
            "{what}: expected (\"list\", offsets, payload, item_nullable)"
        )));
    }
    let offsets = import_buffer(&t.get_item(1)?, what, policy)?;
    let (child, b) = payload_to_array(&t.get_item(2)?, what, policy)?;
    let item_nullable: bool = t.get_item(3)?.extract()?;
    let borrowed = b || offsets.borrowed;
    Ok((
        builders::list_array(offsets, child, item_nullable, what)?,
        borrowed,
    ))
}

/// The unpacked source of an `("rgba", colors)` payload: its values, channel count, and whether
/// they borrow Python memory. The recording packs them later, on its batcher thread.
pub fn rgba_payload(
    t: &Bound<'_, PyTuple>,
    what: &str,
    policy: BorrowPolicy,
) -> Result<(ArrayRef, usize, bool)> {
    if t.len() != 2 {
        return Err(Error::Type(format!("{what}: expected (\"rgba\", colors)")));
    }
    let values = import_buffer(&t.get_item(1)?, what, policy)?;
    let borrowed = values.borrowed;
    let (source, channels) = builders::rgba_source(values, what)?;
    Ok((source, channels, borrowed))
}

/// `("blob", data)`: one blob from any uint8 buffer (bytes, bytearray, an array of any shape).
fn blob_payload(
    t: &Bound<'_, PyTuple>,
    what: &str,
    policy: BorrowPolicy,
    any_dtype: bool,
) -> Result<(ArrayRef, bool)> {
    if t.len() != 2 {
        return Err(Error::Type(format!("{what}: expected (tag, data)")));
    }
    // `import_buffer` hands back C-order, native-endian values (borrowed, or its one copy of a
    // strided / byte-swapped array), so their bytes are the pixels numpy's `tobytes()` gives.
    let data = import_buffer(&t.get_item(1)?, what, policy)?;
    if data.dtype != DType::U8 && !any_dtype {
        return Err(Error::Type(format!(
            "{what}: expected a uint8 array, got dtype {}",
            data.dtype.name()
        )));
    }
    let (borrowed, len) = (data.borrowed, data.len * data.dtype.item_size());
    let offsets = single_offsets(len).ok_or_else(|| {
        Error::Value(format!(
            "{what}: a blob of {len} bytes exceeds int32 offsets"
        ))
    })?;
    let data = Imported {
        shape: vec![len],
        len,
        dtype: DType::U8,
        ..data
    };
    Ok((
        builders::varlen(data, offsets, VarlenKind::Blob, what)?,
        borrowed,
    ))
}

/// `("py", number, dtype)`: one Python number, checked by the caller to fit `dtype`.
fn number_payload(t: &Bound<'_, PyTuple>, what: &str) -> Result<(ArrayRef, bool)> {
    let (_, value, dtype): (Bound<'_, PyAny>, Bound<'_, PyAny>, Bound<'_, PyString>) =
        t.extract()?;
    let dtype = dtype.to_str()?;
    let dt = DType::from_name(dtype)
        .ok_or_else(|| Error::Type(format!("{what}: unknown dtype {dtype:?}")))?;
    let array = py_array(&value, dt, 0).ok_or_else(|| {
        Error::Type(format!(
            "{what}: expected a number that fits {dtype}, got {}",
            value.repr().map(|r| r.to_string()).unwrap_or_default()
        ))
    })?;
    Ok((array, false))
}

/// `("mat", matrix, n)`: one `n×n` matrix, transposed and converted to float32 in its one copy.
fn matrix_payload(t: &Bound<'_, PyTuple>, what: &str) -> Result<(ArrayRef, bool)> {
    let (_, matrix, n): (Bound<'_, PyAny>, Bound<'_, PyAny>, usize) = t.extract()?;
    let cols = matrix_columns(&matrix, n)?
        .ok_or_else(|| Error::Value(format!("{what}: expected one {n}x{n} numeric matrix")))?;
    Ok((builders::fixed_size_list(cols, n * n, what)?, false))
}
