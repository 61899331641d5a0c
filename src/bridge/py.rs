//! The bridge's Python functions (`nparrow._native.numpy_to_*`). They always raise on bad input.

use pyo3::prelude::*;

use super::builders::{self, VarlenKind};
use super::export::PyArrowArray;
use super::import::{self, import_buffer, BorrowPolicy};
use super::pyvalues;
use super::DType;
use crate::error::{Error, Result};

/// Any buffer-protocol array of bool/int/uint/float → Arrow primitive array (borrowed when the
/// layout allows).
#[pyfunction]
pub fn numpy_to_primitive_array(arr: &Bound<'_, PyAny>) -> Result<PyArrowArray> {
    const WHAT: &str = "numpy_to_primitive_array";
    let values = import_buffer(arr, WHAT, BorrowPolicy::BORROW)?;
    let borrowed = values.borrowed;
    Ok(PyArrowArray::new(
        builders::primitive(values, WHAT)?,
        borrowed,
    ))
}

/// A flat or `(N, list_size)` array → `FixedSizeList<list_size x T>`.
#[pyfunction]
pub fn numpy_to_fixed_size_list(arr: &Bound<'_, PyAny>, list_size: usize) -> Result<PyArrowArray> {
    const WHAT: &str = "numpy_to_fixed_size_list";
    let values = import_buffer(arr, WHAT, BorrowPolicy::BORROW)?;
    let borrowed = values.borrowed;
    let array = builders::fixed_size_list(values, list_size, WHAT)?;
    Ok(PyArrowArray::new(array, borrowed))
}

/// `(data, offsets, inner_size)` → Utf8 (`-1`), List<UInt8> (`0`) or List<FixedSizeList<k x f32>> (`k`).
#[pyfunction]
pub fn varlen_to_array(
    data: &Bound<'_, PyAny>,
    offsets: &Bound<'_, PyAny>,
    inner_size: i64,
) -> Result<PyArrowArray> {
    const WHAT: &str = "varlen_to_array";
    let kind = VarlenKind::from_inner_size(inner_size)?;
    let data = import_buffer(data, WHAT, BorrowPolicy::BORROW)?;
    let offsets = import_buffer(offsets, WHAT, BorrowPolicy::BORROW)?;
    let borrowed = data.borrowed || offsets.borrowed;
    Ok(PyArrowArray::new(
        builders::varlen(data, offsets, kind, WHAT)?,
        borrowed,
    ))
}

/// Number of Python buffers currently borrowed by Arrow arrays (all recordings).
#[pyfunction]
pub fn live_borrows() -> usize {
    import::live_borrows()
}

/// A `str` or a sequence of `str` → Arrow Utf8, copied once into Rust-owned memory (strings are
/// small and Python's UTF-8 views cannot be borrowed past the call).
#[pyfunction]
pub fn strings_to_array(obj: &Bound<'_, PyAny>) -> Result<PyArrowArray> {
    use arrow_array::builder::StringBuilder;
    use pyo3::types::PyString;
    const WHAT: &str = "strings_to_array";
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_str()?;
        let mut b = StringBuilder::with_capacity(1, s.len());
        b.append_value(s);
        return Ok(PyArrowArray::new(std::sync::Arc::new(b.finish()), false));
    }
    let n = obj.len().map_err(|_| {
        crate::error::Error::Type(format!(
            "{WHAT}: expected a str or a sequence of str, got {}",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    let mut b = StringBuilder::with_capacity(n, n * 8);
    for item in obj.try_iter()? {
        let item = item?;
        match item.cast::<PyString>() {
            Ok(s) => b.append_value(s.to_str()?),
            Err(_) => b.append_value(item.str()?.to_str()?),
        }
    }
    Ok(PyArrowArray::new(std::sync::Arc::new(b.finish()), false))
}

/// Python numbers, or a (nested) list/tuple of them, → a primitive (`list_size == 0`) or
/// fixed-size-list array of `dtype` (numpy's name), built without numpy. `None` when the input is
/// anything numpy would treat differently: the caller then converts through numpy.
#[pyfunction]
pub fn values_to_array(
    obj: &Bound<'_, PyAny>,
    dtype: &str,
    list_size: usize,
) -> Result<Option<PyArrowArray>> {
    const WHAT: &str = "values_to_array";
    let dtype = DType::from_name(dtype)
        .ok_or_else(|| Error::Type(format!("{WHAT}: unknown dtype {dtype:?}")))?;
    Ok(pyvalues::py_array(obj, dtype, list_size).map(|a| PyArrowArray::new(a, false)))
}
