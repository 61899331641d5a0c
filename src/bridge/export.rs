//! Rust-backed Arrow objects for Python: `__arrow_c_array__` / `__arrow_c_schema__` through
//! pyo3-arrow's C Data Interface export. pyarrow is only touched when the caller asks.

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_data::ArrayData;
use arrow_schema::{DataType, Field, FieldRef};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};
use pyo3_arrow::ffi::{to_array_pycapsules, to_schema_pycapsule};

/// An immutable Arrow array owned by Rust (its buffers may borrow Python memory).
#[pyclass(frozen, module = "nparrow._native", name = "ArrowArray")]
pub struct PyArrowArray {
    array: ArrayRef,
    /// Some buffer aliases Python memory (its release needs the GIL).
    borrowed: bool,
}

impl PyArrowArray {
    pub fn new(array: ArrayRef, borrowed: bool) -> Self {
        Self { array, borrowed }
    }

    /// The exported field, built only when exporting (most arrays are logged, never exported).
    fn field(&self) -> FieldRef {
        Arc::new(Field::new("", self.array.data_type().clone(), true))
    }

    pub fn array(&self) -> &ArrayRef {
        &self.array
    }

    pub fn borrowed(&self) -> bool {
        self.borrowed
    }
}

fn buffer_addresses(data: &ArrayData, out: &mut Vec<usize>) {
    for b in data.buffers() {
        out.push(b.as_ptr() as usize);
    }
    for c in data.child_data() {
        buffer_addresses(c, out);
    }
}

#[pymethods]
impl PyArrowArray {
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        Ok(to_array_pycapsules(
            py,
            self.field(),
            self.array.as_ref(),
            requested_schema,
        )?)
    }

    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        Ok(to_schema_pycapsule(py, self.field().as_ref())?)
    }

    /// Same type and values (Arrow's logical equality).
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyArrowArray>()
            .is_ok_and(|o| self.array.to_data() == o.get().array.to_data())
    }

    fn __len__(&self) -> usize {
        self.array.len()
    }

    /// A zero-length array of this array's type (what a batch holds after refused input).
    fn empty(&self) -> PyArrowArray {
        PyArrowArray::new(arrow_array::new_empty_array(self.array.data_type()), false)
    }

    /// The Arrow type, as arrow-rs prints it.
    #[getter]
    fn r#type(&self) -> String {
        self.array.data_type().to_string()
    }

    /// Addresses of every buffer, depth first (validity bitmaps are not buffers in arrow-rs).
    /// The last entry is the innermost values buffer: zero-copy tests compare it with numpy's.
    fn buffer_addresses(&self) -> Vec<usize> {
        let mut out = Vec::new();
        buffer_addresses(&self.array.to_data(), &mut out);
        out
    }

    /// `pyarrow.array(self)`; imports pyarrow.
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let pa = slf.py().import("pyarrow")?;
        pa.call_method1("array", (slf,))
    }

    fn __repr__(&self) -> String {
        format!(
            "nparrow.ArrowArray<{}>[{}]",
            self.array.data_type(),
            self.array.len()
        )
    }
}

/// A record batch (e.g. one chunk of a memory recording) exported as a struct array whose
/// schema metadata survives: `pyarrow.record_batch(obj)` imports it.
#[pyclass(frozen, module = "nparrow._native", name = "ArrowRecordBatch")]
pub struct PyArrowRecordBatch {
    batch: RecordBatch,
}

impl PyArrowRecordBatch {
    pub fn new(batch: RecordBatch) -> Self {
        Self { batch }
    }
}

#[pymethods]
impl PyArrowRecordBatch {
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let schema = self.batch.schema();
        let field = Field::new("", DataType::Struct(schema.fields().clone()), false)
            .with_metadata(schema.metadata().clone());
        let array = StructArray::from(self.batch.clone());
        Ok(to_array_pycapsules(
            py,
            Arc::new(field),
            &array,
            requested_schema,
        )?)
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    /// `pyarrow.record_batch(self)`; imports pyarrow.
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let pa = slf.py().import("pyarrow")?;
        pa.call_method1("record_batch", (slf,))
    }
}
