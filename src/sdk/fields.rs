//! The hot input forms of a field, in Rust: each shape declares its own in Python
//! (`Shape.hot_form()`), and this is the one implementation of them. A batch constructor asks
//! for its one value (`take_one`); an archetype constructor for all its fields at once (`fill`),
//! so it builds no Python batch object per field.
//!
//! For an archetype the rule is all or nothing: if any field's input is not a hot form, `fill`
//! returns `None` and the constructor converts every field in Python as before (warnings,
//! strict mode, Arrow input, every other form). The payload built here for a hot form equals, as
//! Arrow, what the shape's Python `convert` builds for it, and keeps arrays without copying them
//! (`ffi_tests/sdk/test_field_plan.py` checks both for every field of every archetype).

use numpy::npyffi::NPY_TYPES;
use numpy::{PyArrayDescrMethods, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::bridge::export::PyArrowArray;
use crate::bridge::import::exact_ndarray;
use crate::bridge::pyvalues::py_array;
use crate::bridge::DType;
use crate::error::{Error, Result};

/// Whether an archetype cell holds a batch object (`nparrow._baseclasses.BaseBatch`), not a
/// payload built here.
pub fn is_batch(cell: &Bound<'_, PyAny>) -> PyResult<bool> {
    static BASE_BATCH: pyo3::sync::PyOnceLock<Py<pyo3::types::PyType>> =
        pyo3::sync::PyOnceLock::new();
    // The payloads built here are tuples, ndarrays and ArrowArrays: no `isinstance` call for them.
    if cell.is_exact_instance_of::<PyTuple>() || cell.is_exact_instance_of::<PyArrowArray>() {
        return Ok(false);
    }
    let base = BASE_BATCH.import(cell.py(), "nparrow._baseclasses", "BaseBatch")?;
    // `isinstance` by the type (an instance cannot fake its class here).
    cell.get_type().is_subclass(base)
}

/// Sets cell `i` of an archetype's `_cells` (`n` cells, all None if the archetype has none yet)
/// to `value`, as a new tuple; with `expected`, only if the cell still holds that very object
/// (a field read that keeps the batch it made loses to a concurrent set). One call holding the
/// GIL, so no other thread's set of another cell can come in between the read and the write.
#[pyfunction]
#[pyo3(signature = (archetype, n, i, value, expected=None))]
pub fn set_cell(
    archetype: &Bound<'_, PyAny>,
    n: usize,
    i: usize,
    value: &Bound<'_, PyAny>,
    expected: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    let py = archetype.py();
    let name = pyo3::intern!(py, "_cells");
    let mut cells: Vec<Bound<'_, PyAny>> = match archetype.getattr(name) {
        Ok(cells) => cells.cast_into::<PyTuple>()?.iter().collect(),
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyAttributeError>(py) => {
            vec![py.None().into_bound(py); n]
        }
        Err(e) => return Err(e),
    };
    let Some(cell) = cells.get_mut(i) else {
        return Err(Error::Value(format!("set_cell: no cell {i} of {n}")).into());
    };
    if expected.is_some_and(|old| !cell.is(old)) {
        return Ok(false);
    }
    *cell = value.clone();
    archetype.setattr(name, PyTuple::new(py, cells)?)?;
    Ok(true)
}

/// One field's hot form (see `Shape.hot_form` in python/nparrow/_shapes.py).
enum HotForm {
    /// No hot form: any input other than `None` goes to Python.
    Python,
    /// `Primitive`: a 1-d ndarray of the native dtype (kept as it is), one Python number the
    /// dtype takes (`("py", v, name)`), or a list/tuple of numbers (read here).
    Primitive {
        native: Py<PyAny>,
        dtype: DType,
        name: Py<PyString>,
        int_range: (i128, i128),
        takes_float: bool,
        takes_bool: bool,
    },
    /// `FixedSize`: an ndarray of the native dtype shaped (N, k) or flat with a multiple of k
    /// values (`(array, k)`), or a list/tuple of numbers (read here).
    Fixed {
        native: Py<PyAny>,
        dtype: DType,
        size: usize,
        size_obj: Py<PyAny>,
    },
    /// `Rgba32`: one 0xRRGGBBAA int (`("py", v, "uint32")`), or an (N, 3|4) ndarray of uint8,
    /// float32 or float64 (`("rgba", array)`, packed later in Rust).
    Rgba,
    /// `Matrix`: one (n, n) ndarray of an integer or float dtype (`("mat", array, n)`).
    Matrix { n: usize, n_obj: Py<PyAny> },
}

/// The hot forms of an archetype's fields, in declaration order: built once per class.
#[pyclass(frozen, module = "nparrow._native", name = "FieldPlan")]
pub struct PyFieldPlan {
    forms: Vec<HotForm>,
    /// Interned tags of the payload tuples built here.
    py_tag: Py<PyString>,
    rgba_tag: Py<PyString>,
    mat_tag: Py<PyString>,
    uint32: Py<PyString>,
}

fn parse_form(form: &Bound<'_, PyAny>) -> Result<HotForm> {
    if form.is_none() {
        return Ok(HotForm::Python);
    }
    let t = form
        .cast::<PyTuple>()
        .map_err(|_| Error::Type("FieldPlan: a hot form is a tuple or None".into()))?;
    let kind: String = t.get_item(0)?.extract()?;
    let dtype = |i: usize| -> Result<(Py<PyAny>, DType, Py<PyString>)> {
        let name = t
            .get_item(i + 1)?
            .cast_into::<PyString>()
            .map_err(PyErr::from)?;
        let dtype = DType::from_name(name.to_str()?)
            .ok_or_else(|| Error::Type(format!("FieldPlan: unknown dtype {name}")))?;
        Ok((t.get_item(i)?.unbind(), dtype, name.unbind()))
    };
    Ok(match kind.as_str() {
        "primitive" => {
            let (native, dtype, name) = dtype(1)?;
            HotForm::Primitive {
                native,
                dtype,
                name,
                int_range: (t.get_item(3)?.extract()?, t.get_item(4)?.extract()?),
                takes_float: t.get_item(5)?.extract()?,
                takes_bool: t.get_item(6)?.extract()?,
            }
        }
        "fixed" => {
            let (native, dtype, _) = dtype(1)?;
            let size_obj = t.get_item(3)?;
            HotForm::Fixed {
                native,
                dtype,
                size: size_obj.extract()?,
                size_obj: size_obj.unbind(),
            }
        }
        "rgba" => HotForm::Rgba,
        "matrix" => {
            let n_obj = t.get_item(1)?;
            HotForm::Matrix {
                n: n_obj.extract()?,
                n_obj: n_obj.unbind(),
            }
        }
        other => {
            return Err(Error::Type(format!(
                "FieldPlan: unknown hot form {other:?}"
            )))
        }
    })
}

fn is_list_or_tuple(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_exact_instance_of::<PyList>() || obj.is_exact_instance_of::<PyTuple>()
}

impl PyFieldPlan {
    /// `fill` over the fields' values in order (as many as there are fields).
    pub(crate) fn fill_values<'py>(
        &self,
        py: Python<'py>,
        values: impl Iterator<Item = Bound<'py, PyAny>>,
    ) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let mut out: smallvec::SmallVec<[Bound<'py, PyAny>; 16]> = smallvec::SmallVec::new();
        for (value, form) in values.zip(&self.forms) {
            if value.is_none() {
                out.push(value);
                continue;
            }
            match self.take(form, &value)? {
                Some(payload) => out.push(payload),
                None => return Ok(None),
            }
        }
        Ok(Some(PyTuple::new(py, out)?))
    }

    pub(crate) fn len(&self) -> usize {
        self.forms.len()
    }

    /// The payload for `value` under `form`, or `None` when `value` is not a hot form.
    fn take<'py>(
        &self,
        form: &HotForm,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let py = value.py();
        let tagged = |tag: &Py<PyString>, a: &Bound<'py, PyAny>, b: Bound<'py, PyAny>| {
            PyTuple::new(py, [tag.bind(py).clone().into_any(), a.clone(), b]).map(Bound::into_any)
        };
        let read = |dtype: DType, k: usize| -> PyResult<Option<Bound<'py, PyAny>>> {
            match py_array(value, dtype, k) {
                Some(a) => Ok(Some(
                    Bound::new(py, PyArrowArray::new(a, false))?.into_any(),
                )),
                None => Ok(None),
            }
        };
        Ok(match form {
            HotForm::Python => None,
            HotForm::Primitive {
                native,
                dtype,
                name,
                int_range: (lo, hi),
                takes_float,
                takes_bool,
            } => {
                // One Python number: whether the dtype takes it (None: not a number).
                let number = || {
                    if value.is_exact_instance_of::<PyFloat>() {
                        Some(*takes_float)
                    } else if value.is_exact_instance_of::<PyInt>() {
                        Some(matches!(value.extract::<i128>(), Ok(v) if *lo <= v && v <= *hi))
                    } else if value.is_exact_instance_of::<PyBool>() {
                        Some(*takes_bool)
                    } else {
                        None
                    }
                };
                if let Some(arr) = exact_ndarray(value) {
                    (arr.dtype().as_ptr() == native.as_ptr() && arr.ndim() == 1)
                        .then(|| value.clone())
                } else if let Some(takes) = number() {
                    takes
                        .then(|| tagged(&self.py_tag, value, name.bind(py).clone().into_any()))
                        .transpose()?
                } else if is_list_or_tuple(value) {
                    read(*dtype, 0)?
                } else {
                    None
                }
            }
            HotForm::Fixed {
                native,
                dtype,
                size,
                size_obj,
            } => {
                if let Some(arr) = exact_ndarray(value) {
                    let k = *size;
                    let shape = arr.shape();
                    let fits = match shape.len() {
                        2 => shape[1] == k,
                        1 => shape[0] % k == 0,
                        _ => false,
                    };
                    if arr.dtype().as_ptr() == native.as_ptr() && fits {
                        Some(
                            PyTuple::new(py, [value.clone(), size_obj.bind(py).clone()])?
                                .into_any(),
                        )
                    } else {
                        None
                    }
                } else if is_list_or_tuple(value) {
                    read(*dtype, *size)?
                } else {
                    None
                }
            }
            HotForm::Rgba => {
                if let Some(arr) = exact_ndarray(value) {
                    let shape = arr.shape();
                    let num = arr.dtype().num();
                    let takes = [
                        NPY_TYPES::NPY_UBYTE,
                        NPY_TYPES::NPY_FLOAT,
                        NPY_TYPES::NPY_DOUBLE,
                    ]
                    .iter()
                    .any(|t| *t as i32 == num);
                    if shape.len() == 2 && (shape[1] == 3 || shape[1] == 4) && takes {
                        Some(
                            PyTuple::new(
                                py,
                                [self.rgba_tag.bind(py).clone().into_any(), value.clone()],
                            )?
                            .into_any(),
                        )
                    } else {
                        None
                    }
                } else if value.is_exact_instance_of::<PyInt>() {
                    match value.extract::<u64>() {
                        Ok(v) if v <= 0xFFFF_FFFF => Some(tagged(
                            &self.py_tag,
                            value,
                            self.uint32.bind(py).clone().into_any(),
                        )?),
                        _ => None,
                    }
                } else {
                    None
                }
            }
            HotForm::Matrix { n, n_obj } => match exact_ndarray(value) {
                Some(arr)
                    if arr.shape() == [*n, *n]
                        && matches!(arr.dtype().kind(), b'i' | b'u' | b'f') =>
                {
                    Some(tagged(&self.mat_tag, value, n_obj.bind(py).clone())?)
                }
                _ => None,
            },
        })
    }
}

#[pymethods]
impl PyFieldPlan {
    /// `forms`: one hot form (a tuple from `Shape.hot_form()`) or `None` per field.
    #[new]
    fn new(py: Python<'_>, forms: &Bound<'_, PyTuple>) -> Result<Self> {
        Ok(Self {
            forms: forms
                .iter()
                .map(|f| parse_form(&f))
                .collect::<Result<_>>()?,
            py_tag: PyString::intern(py, "py").unbind(),
            rgba_tag: PyString::intern(py, "rgba").unbind(),
            mat_tag: PyString::intern(py, "mat").unbind(),
            uint32: PyString::intern(py, "uint32").unbind(),
        })
    }

    /// The fields' payloads (`None` where the input is `None`), or `None` when any input is not
    /// its field's hot form: the caller then converts every field in Python.
    fn fill<'py>(&self, values: &Bound<'py, PyTuple>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        if values.len() != self.forms.len() {
            return Err(Error::Type(format!(
                "FieldPlan.fill: expected {} values, got {}",
                self.forms.len(),
                values.len()
            ))
            .into());
        }
        self.fill_values(values.py(), values.iter())
    }

    /// The payload of a one-field plan's hot `value`, or `None` (a batch constructor's call).
    fn take_one<'py>(&self, value: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match self.forms.as_slice() {
            [form] if !value.is_none() => self.take(form, value),
            _ => Ok(None),
        }
    }

    fn __len__(&self) -> usize {
        self.forms.len()
    }
}
