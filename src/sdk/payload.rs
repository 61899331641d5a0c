//! Payloads: the plain-tuple protocol the SDK's Python side (`nparrow._payload`, the one Python
//! owner of the grammar) uses to describe a component's Arrow array built from buffers. Generic
//! layouts are built by `bridge::builders`; Rerun's own (packed RGBA colors, column-major
//! matrices) are built here.
//!
//! | payload | Arrow |
//! |---|---|
//! | `(values, 0)` | primitive |
//! | `(values, k)` | `FixedSizeList<k x T>` |
//! | `(values, k, validity)` | either of the above with nulls (`validity`: bool array) |
//! | `(data, offsets, inner_size: int)` | Utf8 / `List<UInt8>` / `List<FixedSizeList<k x f32>>` |
//! | `(data, offsets, inner_size, validity)` | the same with nulls |
//! | `("struct", ((name, payload, nullable), ...))` | `Struct` (optionally a 3rd item: validity) |
//! | `("list", offsets, payload, item_nullable)` | `List<item>` (optionally a 5th item: validity) |
//! | `("union", ((name, payload \| None, nullable), ...), type_ids, offsets)` | dense `Union`: variant `i` has type id `i`; `None` is a `Null` variant; `type_ids` int8, `offsets` int32 |
//! | `("rgba", colors)` | `UInt32` 0xRRGGBBAA from `(N, 3/4)` uint8 or 0–1 floats |
//! | `("blob", data)` | `List<UInt8>` holding one blob: any uint8 buffer, flattened |
//! | `("pixels", array)` | the same from an array of any numeric dtype: its values' native-endian bytes in C order (an image buffer) |
//! | `("py", number, dtype)` | a one-element primitive array of `dtype` (numpy's name) |
//! | `("fixed_of", child, k)` | `FixedSizeList<k x child>` over the child payload's array |
//! | `("mat", matrix, n)` | `FixedSizeList<n*n x f32>` of length 1: one row-major `n×n` numeric matrix, stored column-major |
//! | `("arrow", obj)` | any Arrow PyCapsule producer's array (`__arrow_c_array__` / `__arrow_c_stream__`), imported without a copy |
//! | an `nparrow.ArrowArray` | itself |
//! | any other buffer-protocol object (1-d numpy) | primitive, as `(values, 0)` |

use std::sync::Arc;

use arrow_array::{ArrayRef, NullArray};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use super::chunk::owned_copy;
use super::color;
use crate::bridge::builders::{self, VarlenKind};
use crate::bridge::capsule;
use crate::bridge::export::PyArrowArray;
use crate::bridge::import::{import_buffer, tiny_ndarray_bytes, BorrowPolicy, Imported};
use crate::bridge::pyvalues::{imported, py_array, py_number_bytes, single_offsets, values_as_f32};
use crate::bridge::DType;
use crate::error::{Error, Result};
use crate::sdk::chunk::{Inline, INLINE_BYTES};

/// A payload parsed once: every consumer matches this, never the tuple shapes.
pub enum Payload<'py> {
    /// An `nparrow.ArrowArray`: itself.
    Arrow(Bound<'py, PyArrowArray>),
    /// `("arrow", obj)`: any Arrow PyCapsule producer, imported through the C Data Interface.
    Imported(Bound<'py, PyAny>),
    /// Any other buffer-protocol object: primitive, as `(values, 0)`.
    Bare(Bound<'py, PyAny>),
    /// `(values, k)` / `(values, k, validity)`: primitive (`k == 0`) or `FixedSizeList<k x T>`.
    Fixed {
        values: Bound<'py, PyAny>,
        list_size: usize,
        validity: Option<Bound<'py, PyAny>>,
    },
    /// `(data, offsets, inner_size)` / `(data, offsets, inner_size, validity)`.
    VarLen {
        data: Bound<'py, PyAny>,
        offsets: Bound<'py, PyAny>,
        inner_size: i64,
        validity: Option<Bound<'py, PyAny>>,
    },
    /// `("struct", ((name, payload, nullable), ...)[, validity])`.
    Struct {
        fields: Vec<(String, Payload<'py>, bool)>,
        validity: Option<Bound<'py, PyAny>>,
    },
    /// `("list", offsets, payload, item_nullable[, validity])`.
    List {
        offsets: Bound<'py, PyAny>,
        child: Box<Payload<'py>>,
        item_nullable: bool,
        validity: Option<Bound<'py, PyAny>>,
    },
    /// `("union", ((name, payload | None, nullable), ...), type_ids, offsets)`: a dense union.
    Union {
        variants: Vec<(String, Option<Payload<'py>>, bool)>,
        type_ids: Bound<'py, PyAny>,
        offsets: Bound<'py, PyAny>,
    },
    /// `("rgba", colors)`.
    Rgba(Bound<'py, PyAny>),
    /// `("blob", data)` (`any_dtype == false`) / `("pixels", array)` (`any_dtype == true`).
    Blob {
        data: Bound<'py, PyAny>,
        any_dtype: bool,
    },
    /// `("py", number, dtype)`.
    Number {
        value: Bound<'py, PyAny>,
        dtype: DType,
    },
    /// `("mat", matrix, n)`.
    Matrix { matrix: Bound<'py, PyAny>, n: usize },
    /// `("fixed_of", child, k)`: `FixedSizeList<k x child>`, `k` child elements per instance.
    FixedOf {
        child: Box<Payload<'py>>,
        list_size: usize,
    },
}

fn expect_len(t: &Bound<'_, PyTuple>, n: usize, form: &str, what: &str) -> Result<()> {
    if t.len() != n {
        return Err(Error::Type(format!("{what}: expected {form}")));
    }
    Ok(())
}

impl<'py> Payload<'py> {
    /// Parses the tuple grammar (see the module docs) without touching any buffer.
    pub fn parse(payload: &Bound<'py, PyAny>, what: &str) -> Result<Self> {
        if let Ok(arr) = payload.cast::<PyArrowArray>() {
            return Ok(Payload::Arrow(arr.clone()));
        }
        let Ok(t) = payload.cast::<PyTuple>() else {
            return Ok(Payload::Bare(payload.clone()));
        };
        let first = t
            .get_item(0)
            .map_err(|_| Error::Type(format!("{what}: empty payload tuple")))?;
        if let Ok(tag) = first.cast::<PyString>() {
            return match tag.to_str()? {
                "struct" => {
                    if t.len() != 2 && t.len() != 3 {
                        return Err(Error::Type(format!(
                            "{what}: expected (\"struct\", fields[, validity])"
                        )));
                    }
                    let mut fields = Vec::new();
                    for item in t.get_item(1)?.try_iter()? {
                        let (name, child, nullable): (String, Bound<'py, PyAny>, bool) =
                            item?.extract()?;
                        fields.push((name, Payload::parse(&child, what)?, nullable));
                    }
                    let validity = if t.len() > 2 {
                        Some(t.get_item(2)?)
                    } else {
                        None
                    };
                    Ok(Payload::Struct { fields, validity })
                }
                "list" => {
                    if t.len() != 4 && t.len() != 5 {
                        return Err(Error::Type(format!(
                            "{what}: expected (\"list\", offsets, payload, item_nullable[, validity])"
                        )));
                    }
                    Ok(Payload::List {
                        offsets: t.get_item(1)?,
                        child: Box::new(Payload::parse(&t.get_item(2)?, what)?),
                        item_nullable: t.get_item(3)?.extract()?,
                        validity: if t.len() == 5 {
                            Some(t.get_item(4)?)
                        } else {
                            None
                        },
                    })
                }
                "union" => {
                    expect_len(
                        t,
                        4,
                        "(\"union\", ((name, payload | None, nullable), ...), type_ids, offsets)",
                        what,
                    )?;
                    let mut variants = Vec::new();
                    for item in t.get_item(1)?.try_iter()? {
                        let (name, child, nullable): (String, Bound<'py, PyAny>, bool) =
                            item?.extract()?;
                        let child = if child.is_none() {
                            None
                        } else {
                            Some(Payload::parse(&child, what)?)
                        };
                        variants.push((name, child, nullable));
                    }
                    Ok(Payload::Union {
                        variants,
                        type_ids: t.get_item(2)?,
                        offsets: t.get_item(3)?,
                    })
                }
                tag @ ("blob" | "pixels") => {
                    expect_len(t, 2, "(tag, data)", what)?;
                    Ok(Payload::Blob {
                        data: t.get_item(1)?,
                        any_dtype: tag == "pixels",
                    })
                }
                "py" => {
                    let (_, value, dtype): (
                        Bound<'_, PyAny>,
                        Bound<'py, PyAny>,
                        Bound<'_, PyString>,
                    ) = t.extract()?;
                    let dtype = dtype.to_str()?;
                    let dtype = DType::from_name(dtype)
                        .ok_or_else(|| Error::Type(format!("{what}: unknown dtype {dtype:?}")))?;
                    Ok(Payload::Number { value, dtype })
                }
                "mat" => {
                    let (_, matrix, n): (Bound<'_, PyAny>, Bound<'py, PyAny>, usize) =
                        t.extract()?;
                    Ok(Payload::Matrix { matrix, n })
                }
                "fixed_of" => {
                    expect_len(t, 3, "(\"fixed_of\", child, k)", what)?;
                    Ok(Payload::FixedOf {
                        child: Box::new(Payload::parse(&t.get_item(1)?, what)?),
                        list_size: t.get_item(2)?.extract()?,
                    })
                }
                "rgba" => {
                    expect_len(t, 2, "(\"rgba\", colors)", what)?;
                    Ok(Payload::Rgba(t.get_item(1)?))
                }
                "arrow" => {
                    expect_len(t, 2, "(\"arrow\", obj)", what)?;
                    Ok(Payload::Imported(t.get_item(1)?))
                }
                other => Err(Error::Type(format!(
                    "{what}: unknown payload tag {other:?}"
                ))),
            };
        }
        match t.len() {
            2 | 3 if t.len() == 2 || !t.get_item(2)?.is_instance_of::<pyo3::types::PyInt>() => {
                Ok(Payload::Fixed {
                    values: first,
                    list_size: t.get_item(1)?.extract()?,
                    validity: if t.len() == 3 {
                        Some(t.get_item(2)?)
                    } else {
                        None
                    },
                })
            }
            3 | 4 => Ok(Payload::VarLen {
                data: first,
                offsets: t.get_item(1)?,
                inner_size: t.get_item(2)?.extract()?,
                validity: if t.len() == 4 {
                    Some(t.get_item(3)?)
                } else {
                    None
                },
            }),
            n => Err(Error::Type(format!(
                "{what}: expected a 2-, 3- or 4-tuple payload, got a {n}-tuple"
            ))),
        }
    }

    /// The number of instances (rows) the built array will have, without building it.
    pub fn len(&self) -> Result<usize> {
        Ok(match self {
            Payload::Arrow(a) => a.get().array().len(),
            // Every producer we know has `len()`; otherwise import (no copy) and count.
            Payload::Imported(obj) => match obj.len() {
                Ok(n) => n,
                Err(_) => capsule::import_arrow(obj, "payload")?.len(),
            },
            Payload::Bare(v) => numpy_size(v)?,
            Payload::Fixed {
                values, list_size, ..
            } => {
                let k = *list_size;
                if k == 0 {
                    numpy_size(values)?
                } else if ndim(values)? == 2 {
                    values.len()?
                } else {
                    numpy_size(values)? / k
                }
            }
            Payload::VarLen { offsets, .. } | Payload::List { offsets, .. } => {
                offsets.len()?.saturating_sub(1)
            }
            Payload::Struct { fields, .. } => match fields.first() {
                Some((_, child, _)) => child.len()?,
                None => 0,
            },
            Payload::Rgba(colors) => colors.len()?,
            Payload::FixedOf { child, list_size } => child.len()? / (*list_size).max(1),
            Payload::Union { type_ids, .. } => numpy_size(type_ids)?,
            Payload::Blob { .. } | Payload::Number { .. } | Payload::Matrix { .. } => 1,
        })
    }

    /// Whether the payload has no instances.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// A tiny payload's values, to travel inline in the row (`chunk::Inline`): one Python number,
    /// or a C-contiguous native ndarray of at most `INLINE_BYTES` that `build` would copy anyway
    /// (under the policy's `copy_below_bytes`) and whose shape fits. `None`: use `build`, which
    /// also reports whatever is wrong with the payload.
    pub fn inline(&self, policy: BorrowPolicy) -> Option<Inline> {
        match self {
            Payload::Number { value, dtype } => {
                let mut bytes = [0u8; 8];
                let n = py_number_bytes(value, *dtype, &mut bytes)?;
                Inline::new(&bytes[..n], 1, *dtype, 0)
            }
            Payload::Bare(values) => Payload::Fixed {
                values: values.clone(),
                list_size: 0,
                validity: None,
            }
            .inline(policy),
            Payload::Fixed {
                values,
                list_size,
                validity: None,
            } => {
                let mut bytes = [0u8; INLINE_BYTES];
                let room = INLINE_BYTES.min(policy.copy_below_bytes.saturating_sub(1));
                let (dtype, shape, n) = tiny_ndarray_bytes(values, &mut bytes[..room])?;
                let k = *list_size;
                let fits = match shape.as_slice() {
                    [_] if k == 0 => true,
                    [len] => len % k == 0,
                    [_, cols] => k > 0 && *cols == k,
                    _ => false,
                };
                fits.then(|| Inline::new(&bytes[..n], n / dtype.item_size(), dtype, k))?
            }
            _ => None,
        }
    }

    /// Builds the Arrow array. The flag says whether any buffer is borrowed.
    pub fn build(&self, what: &str, policy: BorrowPolicy) -> Result<(ArrayRef, bool)> {
        let mask_policy = BorrowPolicy {
            force_copy: true,
            ..policy
        };
        match self {
            Payload::Arrow(arr) => {
                borrow_or_copy(arr.get().array().clone(), arr.get().borrowed(), policy)
            }
            // Imported memory is the producer's until its release callback runs, which may need
            // the GIL: borrowed, so the recording drops it on a Python thread.
            Payload::Imported(obj) => {
                borrow_or_copy(capsule::import_arrow(obj, what)?, true, policy)
            }
            Payload::Bare(payload) => {
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
                Ok((builders::primitive(values, what)?, borrowed))
            }
            Payload::Fixed {
                values,
                list_size,
                validity,
            } => {
                let values = import_buffer(values, what, policy)?;
                let borrowed = values.borrowed;
                let mut array = if *list_size == 0 {
                    builders::primitive(values, what)?
                } else {
                    builders::fixed_size_list(values, *list_size, what)?
                };
                if let Some(v) = validity {
                    // The mask is always copied (bit-packed); the values buffer stays as it was.
                    let mask = import_buffer(v, what, mask_policy)?;
                    array = builders::with_validity(array, mask, what)?;
                }
                Ok((array, borrowed))
            }
            Payload::VarLen {
                data,
                offsets,
                inner_size,
                validity,
            } => {
                let kind = VarlenKind::from_inner_size(*inner_size)?;
                let data = import_buffer(data, what, policy)?;
                let offsets = import_buffer(offsets, what, policy)?;
                let borrowed = data.borrowed || offsets.borrowed;
                let mut array = builders::varlen(data, offsets, kind, what)?;
                if let Some(v) = validity {
                    let mask = import_buffer(v, what, mask_policy)?;
                    array = builders::with_validity(array, mask, what)?;
                }
                Ok((array, borrowed))
            }
            Payload::Struct { fields, validity } => {
                let mut children = Vec::with_capacity(fields.len());
                let mut borrowed = false;
                for (name, child, nullable) in fields {
                    let (array, b) = child.build(what, policy)?;
                    borrowed |= b;
                    children.push((name.clone(), array, *nullable));
                }
                let mut array = builders::struct_array(children, what)?;
                if let Some(v) = validity {
                    let mask = import_buffer(v, what, mask_policy)?;
                    array = builders::with_validity(array, mask, what)?;
                }
                Ok((array, borrowed))
            }
            Payload::List {
                offsets,
                child,
                item_nullable,
                validity,
            } => {
                let offsets = import_buffer(offsets, what, policy)?;
                let (child, b) = child.build(what, policy)?;
                let borrowed = b || offsets.borrowed;
                let mut array = builders::list_array(offsets, child, *item_nullable, what)?;
                if let Some(v) = validity {
                    let mask = import_buffer(v, what, mask_policy)?;
                    array = builders::with_validity(array, mask, what)?;
                }
                Ok((array, borrowed))
            }
            Payload::Union {
                variants,
                type_ids,
                offsets,
            } => {
                // The ids and offsets are tiny (one entry per instance): always copied.
                let type_ids = import_buffer(type_ids, what, mask_policy)?;
                let offsets = import_buffer(offsets, what, mask_policy)?;
                let ids = type_ids.buffer.as_slice();
                let mut children = Vec::with_capacity(variants.len());
                let mut borrowed = false;
                for (i, (name, child, nullable)) in variants.iter().enumerate() {
                    let array = match child {
                        Some(child) => {
                            let (array, b) = child.build(what, policy)?;
                            borrowed |= b;
                            array
                        }
                        // A `Null` variant holds one null per element that names it (the
                        // builder rejects ids of any dtype but int8, so counting bytes is right).
                        None => {
                            let n = ids.iter().filter(|&&id| usize::from(id) == i).count();
                            Arc::new(NullArray::new(n)) as ArrayRef
                        }
                    };
                    children.push((name.clone(), array, *nullable));
                }
                Ok((
                    builders::dense_union(children, type_ids, offsets, what)?,
                    borrowed,
                ))
            }
            Payload::Rgba(colors) => {
                let (source, channels, _) = rgba_values(colors, what, policy)?;
                Ok((color::pack_rgba(source.as_ref(), channels, what)?, false))
            }
            Payload::Blob { data, any_dtype } => blob_payload(data, what, policy, *any_dtype),
            Payload::Number { value, dtype } => number_payload(value, *dtype, what),
            Payload::Matrix { matrix, n } => matrix_payload(matrix, *n, what),
            Payload::FixedOf { child, list_size } => {
                let (child, borrowed) = child.build(what, policy)?;
                Ok((
                    builders::fixed_size_list_of(child, *list_size, what)?,
                    borrowed,
                ))
            }
        }
    }
}

/// A ready array under the borrow policy: a borrowed one is copied (and its borrow released
/// now) when the policy asks for a snapshot or it is small, as borrowed numpy buffers are.
fn borrow_or_copy(
    array: ArrayRef,
    borrowed: bool,
    policy: BorrowPolicy,
) -> Result<(ArrayRef, bool)> {
    if borrowed && (policy.force_copy || array.get_array_memory_size() < policy.copy_below_bytes) {
        return Ok((owned_copy(&array)?, false));
    }
    Ok((array, borrowed))
}

/// numpy's `.ndim` (1 for buffers without one, such as `array.array` and `bytes`).
fn ndim(v: &Bound<'_, PyAny>) -> Result<usize> {
    match v.getattr(intern!(v.py(), "ndim")) {
        Ok(n) => Ok(n.extract()?),
        Err(_) => Ok(1),
    }
}

/// numpy's `.size` (falling back to `len()` for other sequences).
fn numpy_size(v: &Bound<'_, PyAny>) -> Result<usize> {
    match v.getattr(intern!(v.py(), "size")) {
        Ok(s) => Ok(s.extract()?),
        Err(_) => Ok(v.len()?),
    }
}

/// Builds the array a payload describes. The flag says whether any buffer is borrowed.
pub fn payload_to_array(
    payload: &Bound<'_, PyAny>,
    what: &str,
    policy: BorrowPolicy,
) -> Result<(ArrayRef, bool)> {
    Payload::parse(payload, what)?.build(what, policy)
}

/// The number of instances a payload describes, without building it.
pub fn payload_len(payload: &Bound<'_, PyAny>, what: &str) -> Result<usize> {
    Payload::parse(payload, what)?.len()
}

/// The unpacked source of an `("rgba", colors)` payload: its values, channel count, and whether
/// they borrow Python memory. The recording packs them later, on its batcher thread.
pub fn rgba_values(
    colors: &Bound<'_, PyAny>,
    what: &str,
    policy: BorrowPolicy,
) -> Result<(ArrayRef, usize, bool)> {
    let values = import_buffer(colors, what, policy)?;
    let borrowed = values.borrowed;
    let (source, channels) = color::rgba_source(values, what)?;
    Ok((source, channels, borrowed))
}

/// `("blob", data)`: one blob from any uint8 buffer (bytes, bytearray, an array of any shape).
fn blob_payload(
    data: &Bound<'_, PyAny>,
    what: &str,
    policy: BorrowPolicy,
    any_dtype: bool,
) -> Result<(ArrayRef, bool)> {
    // `import_buffer` hands back C-order, native-endian values (borrowed, or its one copy of a
    // strided / byte-swapped array), so their bytes are the pixels numpy's `tobytes()` gives.
    let data = import_buffer(data, what, policy)?;
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
        shape: smallvec::smallvec![len],
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
fn number_payload(value: &Bound<'_, PyAny>, dt: DType, what: &str) -> Result<(ArrayRef, bool)> {
    let array = py_array(value, dt, 0).ok_or_else(|| {
        Error::Type(format!(
            "{what}: expected a number that fits {}, got {}",
            dt.name(),
            value.repr().map(|r| r.to_string()).unwrap_or_default()
        ))
    })?;
    Ok((array, false))
}

/// One `n×n` numeric matrix in numpy's row-major layout → its `n*n` float32 values
/// column-major (Rerun's layout), read during the single copy. `None` for any other shape.
fn matrix_columns(obj: &Bound<'_, PyAny>, n: usize) -> Result<Option<Imported>> {
    let m = import_buffer(
        obj,
        "matrix",
        BorrowPolicy {
            copy_below_bytes: 0,
            force_copy: true,
        },
    )?;
    if m.shape.as_slice() != [n, n] {
        return Ok(None);
    }
    let Some(rows) = values_as_f32(&m) else {
        return Ok(None);
    };
    let cols = (0..n * n).map(|i| rows[(i % n) * n + i / n]).collect();
    Ok(Some(imported(cols, DType::F32, vec![1, n * n])))
}

/// `("mat", matrix, n)`: one `n×n` matrix, transposed and converted to float32 in its one copy.
fn matrix_payload(matrix: &Bound<'_, PyAny>, n: usize, what: &str) -> Result<(ArrayRef, bool)> {
    let cols = matrix_columns(matrix, n)?
        .ok_or_else(|| Error::Value(format!("{what}: expected one {n}x{n} numeric matrix")))?;
    Ok((builders::fixed_size_list(cols, n * n, what)?, false))
}

#[cfg(test)]
mod tests {
    //! The grammar end to end, on stdlib buffers (`array.array`, `memoryview`), so the tests
    //! need an interpreter but not numpy.
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float32Type, UInt16Type, UInt32Type};
    use arrow_array::Array;

    fn with_py(f: impl for<'py> FnOnce(Python<'py>)) {
        Python::initialize();
        Python::attach(f)
    }

    fn eval<'py>(py: Python<'py>, code: &str) -> Bound<'py, PyAny> {
        let code = std::ffi::CString::new(format!("(lambda A: {code})(__import__('array').array)"))
            .expect("no NUL in test code");
        py.eval(&code, None, None).expect("test payload evaluates")
    }

    fn build(p: &Bound<'_, PyAny>) -> Result<(usize, ArrayRef)> {
        let parsed = Payload::parse(p, "t")?;
        let len = parsed.len()?;
        let (array, _) = parsed.build("t", BorrowPolicy::BORROW)?;
        Ok((len, array))
    }

    fn f32s(a: &dyn Array) -> Vec<f32> {
        a.as_primitive::<Float32Type>().values().to_vec()
    }

    #[test]
    fn fixed_size_lists_report_their_rows() {
        with_py(|py| {
            let (len, a) = build(&eval(
                py,
                "(memoryview(A('f', range(6))).cast('B').cast('f', [2, 3]), 3)",
            ))
            .unwrap();
            assert_eq!((len, a.len()), (2, 2));
            let fsl = a.as_fixed_size_list();
            assert_eq!(fsl.value_length(), 3);
            assert_eq!(f32s(fsl.values().as_ref()), [0., 1., 2., 3., 4., 5.]);
            let (len, a) = build(&eval(py, "(A('f', range(6)), 3)")).unwrap();
            assert_eq!((len, a.len()), (2, 2));
            let (len, a) = build(&eval(py, "(A('f', [1, 2, 3]), 0)")).unwrap();
            assert_eq!((len, f32s(a.as_ref())), (3, vec![1., 2., 3.]));
        });
    }

    #[test]
    fn varlen_struct_and_list() {
        with_py(|py| {
            let (len, a) = build(&eval(py, "(b'abc', A('i', [0, 1, 3]), -1)")).unwrap();
            assert_eq!((len, a.as_string::<i32>().value(1)), (2, "bc"));
            let (len, a) = build(&eval(
                py,
                "('struct', (('x', (A('f', [1, 2]), 0), False), ('n', (b'ab', A('i', [0, 1, 2]), -1), True)))",
            ))
            .unwrap();
            let s = a.as_struct();
            assert_eq!((len, s.len(), s.num_columns()), (2, 2, 2));
            assert_eq!(s.column_names(), ["x", "n"]);
            let (len, a) = build(&eval(
                py,
                "('list', A('i', [0, 2, 3]), (A('f', [1, 2, 3]), 0), False)",
            ))
            .unwrap();
            let l = a.as_list::<i32>();
            assert_eq!((len, l.value(0).len(), l.value(1).len()), (2, 2, 1));
        });
    }

    #[test]
    fn rerun_layouts_colors_and_matrices() {
        with_py(|py| {
            let (len, a) = build(&eval(
                py,
                "('rgba', memoryview(bytes([255, 0, 0, 0, 255, 0])).cast('B', [2, 3]))",
            ))
            .unwrap();
            assert_eq!(len, 2);
            assert_eq!(
                a.as_primitive::<UInt32Type>().values().to_vec(),
                [0xff0000ff, 0x00ff00ff]
            );
            // Row-major in, column-major out (Rerun's layout), as float32.
            let (len, a) = build(&eval(
                py,
                "('mat', memoryview(A('d', range(1, 10))).cast('B').cast('d', [3, 3]), 3)",
            ))
            .unwrap();
            assert_eq!(len, 1);
            let fsl = a.as_fixed_size_list();
            assert_eq!(
                f32s(fsl.values().as_ref()),
                [1., 4., 7., 2., 5., 8., 3., 6., 9.]
            );
            let err = build(&eval(
                py,
                "('mat', memoryview(A('d', range(4))).cast('B').cast('d', [2, 2]), 3)",
            ))
            .unwrap_err();
            assert!(err.to_string().contains("3x3"), "{err}");
        });
    }

    #[test]
    fn lists_of_fixed_size_lists() {
        with_py(|py| {
            let (len, a) = build(&eval(py, "('fixed_of', (A('f', range(12)), 3), 2)")).unwrap();
            let outer = a.as_fixed_size_list();
            assert_eq!((len, outer.len(), outer.value_length()), (2, 2, 2));
            let inner = outer.values().as_fixed_size_list().clone();
            assert_eq!((inner.len(), inner.value_length()), (4, 3));
            let err = build(&eval(py, "('fixed_of', (A('f', range(9)), 3), 2)")).unwrap_err();
            assert!(err.to_string().contains("multiple of 2"), "{err}");
        });
    }

    #[test]
    fn blobs_and_single_numbers() {
        with_py(|py| {
            let (len, a) = build(&eval(py, "('blob', b'hello')")).unwrap();
            assert_eq!((len, a.as_list::<i32>().value(0).len()), (1, 5));
            let (len, a) = build(&eval(py, "('py', 3, 'uint16')")).unwrap();
            assert_eq!((len, a.as_primitive::<UInt16Type>().value(0)), (1, 3));
            let err = build(&eval(py, "('py', 70000, 'uint16')")).unwrap_err();
            assert!(err.to_string().contains("uint16"), "{err}");
        });
    }

    /// A tensor-buffer-like union: a `Null` marker variant, then `List<u8>` and `List<f32>`.
    const UNION: &str = "('union', (('_null_markers', None, True), \
        ('U8', ('list', A('i', [0]), (A('B'), 0), False), False), \
        ('F32', ('list', A('i', [0, 3]), (A('f', [1, 2, 3]), 0), False), False)), \
        memoryview(bytes([2])).cast('b'), A('i', [0]))";

    #[test]
    fn dense_unions() {
        with_py(|py| {
            let (len, a) = build(&eval(py, UNION)).unwrap();
            assert_eq!((len, a.len()), (1, 1));
            let u = a.as_union();
            assert!(matches!(
                a.data_type(),
                arrow_schema::DataType::Union(_, arrow_schema::UnionMode::Dense)
            ));
            let arrow_schema::DataType::Union(fields, _) = a.data_type() else {
                unreachable!()
            };
            let names: Vec<_> = fields
                .iter()
                .map(|(id, f)| (id, f.name().clone()))
                .collect();
            assert_eq!(
                names,
                [
                    (0, "_null_markers".into()),
                    (1, "U8".into()),
                    (2, "F32".into())
                ]
            );
            assert_eq!(
                fields.iter().next().unwrap().1.data_type(),
                &arrow_schema::DataType::Null
            );
            assert_eq!((u.type_id(0), u.value_offset(0)), (2, 0));
            let v = u.value(0);
            assert_eq!(f32s(v.as_list::<i32>().value(0).as_ref()), [1., 2., 3.]);
            // A `Null` variant named by an element holds one null for it.
            let (_, a) = build(&eval(
                py,
                "('union', (('_null_markers', None, True), ('F32', (A('f'), 0), False)), \
                 memoryview(bytes([0])).cast('b'), A('i', [0]))",
            ))
            .unwrap();
            assert_eq!(a.as_union().child(0).len(), 1);
        });
    }

    #[test]
    fn nullable_lists() {
        with_py(|py| {
            let (len, a) = build(&eval(
                py,
                "('list', A('i', [0, 0]), (b'', A('i', [0]), -1), False, memoryview(bytes([0])).cast('?'))",
            ))
            .unwrap();
            assert_eq!((len, a.null_count()), (1, 1));
        });
    }

    #[test]
    fn bad_unions_are_errors_not_panics() {
        with_py(|py| {
            let variants = "(('_null_markers', None, True), ('F32', (A('f', [1]), 0), False))";
            for (ids, offsets, says) in [
                ("bytes([5])", "A('i', [0])", "names no variant"),
                ("bytes([255])", "A('i', [0])", "names no variant"),
                ("bytes([1])", "A('i', [1])", "outside variant"),
                ("bytes([1])", "A('i', [-1])", "outside variant"),
                ("bytes([1, 1])", "A('i', [0])", "equal length"),
            ] {
                let code = format!("('union', {variants}, memoryview({ids}).cast('b'), {offsets})");
                let err = build(&eval(py, &code)).unwrap_err().to_string();
                assert!(err.contains(says), "{code}: {err}");
            }
            let code = format!("('union', {variants}, A('i', [1]), A('i', [0]))");
            let err = build(&eval(py, &code)).unwrap_err().to_string();
            assert!(err.contains("int8 type ids"), "{err}");
            let err = match Payload::parse(&eval(py, "('union', (), A('i'))"), "t") {
                Ok(_) => panic!("a 3-tuple union parsed"),
                Err(e) => e.to_string(),
            };
            assert!(err.contains("type_ids, offsets"), "{err}");
        });
    }

    #[test]
    fn malformed_payloads_are_errors_not_panics() {
        with_py(|py| {
            for (code, says) in [
                ("('nope', 1)", "unknown payload tag"),
                ("(1, 2, 3, 4, 5)", "5-tuple"),
                ("()", "empty payload tuple"),
                ("('rgba',)", "(\"rgba\", colors)"),
                ("('py', 1, 'complex')", "unknown dtype"),
            ] {
                let err = match Payload::parse(&eval(py, code), "t") {
                    Ok(_) => panic!("{code} parsed"),
                    Err(e) => e.to_string(),
                };
                assert!(err.contains(says), "{code}: {err}");
            }
        });
    }
}
