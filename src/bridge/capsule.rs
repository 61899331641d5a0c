//! Arrow in: any object of the Arrow PyCapsule interface (`__arrow_c_array__`, or
//! `__arrow_c_stream__` for chunked data) imported through the C Data Interface without a copy,
//! and cast once to a wanted type when its layout differs. Knows nothing about Rerun.
//!
//! Imported buffers stay owned by the producer: arrow-rs keeps the C `ArrowArray` alive until the
//! last buffer referencing it drops, and that drop calls the producer's `release` callback. A
//! release may touch Python objects (pyarrow arrays over numpy memory, nanoarrow buffers), so
//! callers treat imported arrays as borrowed: they are dropped on a Python thread, as borrowed
//! numpy buffers are.

use std::sync::Arc;

use arrow_array::{new_empty_array, Array, ArrayRef, FixedSizeListArray};
use arrow_cast::cast::{can_cast_types, cast_with_options, CastOptions};
use arrow_schema::DataType;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};
use pyo3_arrow::{PyArray, PyChunkedArray};

use crate::error::{Error, Result};

/// Whether `obj` speaks the Arrow PyCapsule interface (array or stream).
pub fn is_arrow(obj: &Bound<'_, PyAny>) -> bool {
    let py = obj.py();
    obj.hasattr(intern!(py, "__arrow_c_array__"))
        .unwrap_or(false)
        || obj
            .hasattr(intern!(py, "__arrow_c_stream__"))
            .unwrap_or(false)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A producer whose export raised: a `TypeError` naming it (bad input, not a crash).
fn producer_failed(obj: &Bound<'_, PyAny>, method: &str, err: PyErr, what: &str) -> Error {
    Error::Type(format!(
        "{what}: expected an Arrow array, but {}.{method}() raised {err}",
        type_name(obj)
    ))
}

/// Imports `obj` without copying its buffers. A stream of one chunk is that chunk; of none, an
/// empty array of its type; of several, the chunks concatenated (the one copy).
pub fn import_arrow(obj: &Bound<'_, PyAny>, what: &str) -> Result<ArrayRef> {
    let py = obj.py();
    let array = if obj.hasattr(intern!(py, "__arrow_c_array__"))? {
        let out = obj
            .call_method0(intern!(py, "__arrow_c_array__"))
            .map_err(|e| producer_failed(obj, "__arrow_c_array__", e, what))?;
        let pair = out.cast::<PyTuple>().map_err(|_| {
            Error::Type(format!(
                "{what}: {}.__arrow_c_array__() must return a (schema, array) capsule tuple",
                type_name(obj)
            ))
        })?;
        if pair.len() != 2 {
            return Err(Error::Type(format!(
                "{what}: {}.__arrow_c_array__() must return a (schema, array) capsule tuple",
                type_name(obj)
            )));
        }
        let schema = pair.get_item(0)?;
        let schema = schema
            .cast::<PyCapsule>()
            .map_err(|_| Error::Type(format!("{what}: expected an arrow_schema capsule")))?;
        let arr = pair.get_item(1)?;
        let arr = arr
            .cast::<PyCapsule>()
            .map_err(|_| Error::Type(format!("{what}: expected an arrow_array capsule")))?;
        // pyo3-arrow checks the capsule names and moves the C struct out of the capsule (the
        // capsule's destructor then sees a released struct and does nothing).
        let (array, _) = PyArray::from_arrow_pycapsule(schema, arr)?.into_inner();
        array
    } else if obj.hasattr(intern!(py, "__arrow_c_stream__"))? {
        let capsule = obj
            .call_method0(intern!(py, "__arrow_c_stream__"))
            .map_err(|e| producer_failed(obj, "__arrow_c_stream__", e, what))?;
        let capsule = capsule.cast::<PyCapsule>().map_err(|_| {
            Error::Type(format!(
                "{what}: {}.__arrow_c_stream__() must return an arrow_array_stream capsule",
                type_name(obj)
            ))
        })?;
        let (chunks, field) = PyChunkedArray::from_arrow_pycapsule(capsule)?.into_inner();
        if chunks.len() > 1 {
            let refs: Vec<&dyn Array> = chunks.iter().map(|c| c.as_ref()).collect();
            arrow_select::concat::concat(&refs)?
        } else {
            match chunks.into_iter().next() {
                Some(only) => only,
                None => new_empty_array(field.data_type()),
            }
        }
    } else {
        return Err(Error::Type(format!(
            "{what}: expected an Arrow array (an object with __arrow_c_array__ or \
             __arrow_c_stream__), got {}",
            type_name(obj)
        )));
    };
    // The C Data Interface trusts the producer; a cheap layout check (buffer sizes, not
    // values) keeps a malformed export from reaching code that indexes its buffers.
    array.to_data().validate()?;
    Ok(array)
}

/// `array` as `target`: itself when the type already matches, else cast once (buffers whose
/// layout already matches, such as the values under a list whose item field only differs in
/// name or nullability, are kept). A flat array becomes `FixedSizeList<k x T>` when its length
/// is a multiple of `k` (as a flat numpy array does). Values that do not fit are an error, never
/// silently nulled.
pub fn cast_to(array: ArrayRef, target: &DataType, what: &str) -> Result<ArrayRef> {
    if array.data_type() == target {
        return Ok(array);
    }
    let options = CastOptions {
        safe: false,
        ..Default::default()
    };
    let mismatch = |detail: String| {
        Error::Type(format!(
            "{what}: expected an Arrow array of type {target}, got {}{detail}",
            array.data_type()
        ))
    };
    // Text and numbers are not cast into each other (numpy input of strings is refused too).
    if is_text(array.data_type()) != is_text(target) {
        return Err(mismatch(String::new()));
    }
    if let DataType::FixedSizeList(item, k) = target {
        let flat = !matches!(
            array.data_type(),
            DataType::FixedSizeList(..)
                | DataType::List(_)
                | DataType::LargeList(_)
                | DataType::ListView(_)
                | DataType::LargeListView(_)
        );
        if flat
            && *k > 1
            && array.data_type().is_primitive()
            && can_cast_types(array.data_type(), item.data_type())
        {
            let k_usize = usize::try_from(*k).unwrap_or(usize::MAX);
            if array.len() % k_usize != 0 {
                return Err(Error::Value(format!(
                    "{what}: expected a flat array with a multiple of {k} values, got {}",
                    array.len()
                )));
            }
            let values = cast_with_options(&array, item.data_type(), &options)
                .map_err(|e| mismatch(format!(" ({e})")))?;
            let list = FixedSizeListArray::try_new(item.clone(), *k, values, None)
                .map_err(|e| mismatch(format!(" ({e})")))?;
            return Ok(Arc::new(list));
        }
    }
    if !can_cast_types(array.data_type(), target) {
        return Err(mismatch(String::new()));
    }
    cast_with_options(&array, target, &options).map_err(|e| mismatch(format!(" ({e})")))
}

/// A string or binary type (outermost level).
fn is_text(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Binary
            | DataType::LargeBinary
            | DataType::BinaryView
    )
}

fn buffer_ranges(data: &arrow_data::ArrayData, out: &mut Vec<(usize, usize)>) {
    let nulls = data.nulls().map(|n| n.buffer());
    for b in data.buffers().iter().chain(nulls) {
        let start = b.as_ptr() as usize;
        out.push((start, start + b.len()));
    }
    for c in data.child_data() {
        buffer_ranges(c, out);
    }
}

/// Whether `derived` still points into any of `source`'s buffers (a cast that kept some of them).
pub fn shares_memory(source: &dyn Array, derived: &dyn Array) -> bool {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    buffer_ranges(&source.to_data(), &mut a);
    buffer_ranges(&derived.to_data(), &mut b);
    b.iter().any(|&(s, e)| {
        a.iter()
            .any(|&(start, end)| s < end && start < e.max(s + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::Float32Type;
    use arrow_array::{Float32Array, Float64Array, StringArray};
    use arrow_schema::Field;

    fn vec3() -> DataType {
        DataType::FixedSizeList(Arc::new(Field::new("item", DataType::Float32, false)), 3)
    }

    #[test]
    fn matching_types_are_kept_and_flat_arrays_are_wrapped_without_copy() {
        let flat: ArrayRef = Arc::new(Float32Array::from(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]));
        let out = cast_to(flat.clone(), &vec3(), "t").unwrap();
        assert_eq!((out.len(), out.data_type()), (2, &vec3()));
        assert!(shares_memory(flat.as_ref(), out.as_ref()));
        let again = cast_to(out.clone(), &vec3(), "t").unwrap();
        assert!(Arc::ptr_eq(&out, &again));
        let err = cast_to(Arc::new(Float32Array::from(vec![1.0, 2.0])), &vec3(), "t").unwrap_err();
        assert!(err.to_string().contains("multiple of 3"), "{err}");
    }

    #[test]
    fn other_layouts_are_cast_once() {
        let f64s: ArrayRef = Arc::new(Float64Array::from(vec![0.5, 1.5, 2.5]));
        let out = cast_to(f64s.clone(), &vec3(), "t").unwrap();
        assert!(!shares_memory(f64s.as_ref(), out.as_ref()));
        let values = out
            .as_fixed_size_list()
            .values()
            .as_primitive::<Float32Type>()
            .clone();
        assert_eq!(values.values().to_vec(), [0.5, 1.5, 2.5]);
    }

    #[test]
    fn text_and_numbers_do_not_mix() {
        let text: ArrayRef = Arc::new(StringArray::from(vec!["1.5"]));
        let err = cast_to(text, &DataType::Float32, "t").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected an Arrow array of type Float32, got Utf8"),
            "{err}"
        );
        let nums: ArrayRef = Arc::new(Float32Array::from(vec![1.5]));
        assert!(cast_to(nums, &DataType::Utf8, "t").is_err());
    }

    #[test]
    fn values_that_do_not_fit_are_errors() {
        let big: ArrayRef = Arc::new(arrow_array::Int64Array::from(vec![70_000]));
        assert!(cast_to(big, &DataType::UInt16, "t").is_err());
    }
}
