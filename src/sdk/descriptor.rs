//! Component descriptors: (archetype, component, component_type), built once per archetype field
//! and shared by every row (`rrd::schema::component_field` turns one into column metadata).

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Descriptor {
    pub archetype: Option<String>,
    pub component: String,
    pub component_type: Option<String>,
}

/// Python handle of a `Descriptor`; archetype classes create one per field and cache it.
#[pyclass(frozen, module = "nparrow._native", name = "ComponentDescriptor")]
pub struct PyComponentDescriptor(pub Arc<Descriptor>);

#[pymethods]
impl PyComponentDescriptor {
    #[new]
    #[pyo3(signature = (component, archetype=None, component_type=None))]
    fn new(component: String, archetype: Option<String>, component_type: Option<String>) -> Self {
        Self(Arc::new(Descriptor {
            archetype,
            component,
            component_type,
        }))
    }

    #[getter]
    fn component(&self) -> &str {
        &self.0.component
    }

    #[getter]
    fn archetype(&self) -> Option<&str> {
        self.0.archetype.as_deref()
    }

    #[getter]
    fn component_type(&self) -> Option<&str> {
        self.0.component_type.as_deref()
    }

    /// `archetype` and `component_type` set to the given ones, where given.
    #[pyo3(signature = (archetype=None, component_type=None))]
    fn with_overrides(&self, archetype: Option<String>, component_type: Option<String>) -> Self {
        let d = &self.0;
        Self(Arc::new(Descriptor {
            archetype: archetype.or_else(|| d.archetype.clone()),
            component: d.component.clone(),
            component_type: component_type.or_else(|| d.component_type.clone()),
        }))
    }

    /// `archetype` and `component_type` set to the given ones where they are not set yet.
    #[pyo3(signature = (archetype=None, component_type=None))]
    fn or_with_overrides(&self, archetype: Option<String>, component_type: Option<String>) -> Self {
        let d = &self.0;
        Self(Arc::new(Descriptor {
            archetype: d.archetype.clone().or(archetype),
            component: d.component.clone(),
            component_type: d.component_type.clone().or(component_type),
        }))
    }

    /// The archetype set and the component named as built-in archetypes name theirs:
    /// `<short archetype name>:<component>` (`rerun.archetypes.Points3D` → `Points3D:…`).
    fn with_builtin_archetype(&self, archetype: String) -> Self {
        let d = &self.0;
        let short = archetype.rsplit('.').next().unwrap_or(&archetype);
        Self(Arc::new(Descriptor {
            component: format!("{short}:{}", d.component),
            archetype: Some(archetype),
            component_type: d.component_type.clone(),
        }))
    }

    fn __str__(&self) -> &str {
        &self.0.component
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyComponentDescriptor>()
            .map(|o| *o.get().0 == *self.0)
            .unwrap_or(false)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.0.hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        format!(
            "ComponentDescriptor({:?}, archetype={:?}, component_type={:?})",
            self.0.component, self.0.archetype, self.0.component_type
        )
    }
}

/// A component batch with the descriptor it is logged under (rerun's `DescribedComponentBatch`).
/// A Rust class so that `as_component_batches()` builds them without a Python `__init__` each.
#[pyclass(frozen, module = "nparrow._native", name = "DescribedComponentBatch")]
pub struct PyDescribedBatch {
    batch: Py<PyAny>,
    descriptor: Py<PyComponentDescriptor>,
}

#[pymethods]
impl PyDescribedBatch {
    #[new]
    fn new(batch: Py<PyAny>, descriptor: Py<PyComponentDescriptor>) -> Self {
        Self { batch, descriptor }
    }

    fn component_descriptor(&self, py: Python<'_>) -> Py<PyComponentDescriptor> {
        self.descriptor.clone_ref(py)
    }

    /// The batch as a pyarrow array (imports pyarrow).
    fn as_arrow_array<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.batch
            .bind(py)
            .call_method0(pyo3::intern!(py, "as_arrow_array"))
    }

    #[getter]
    fn batch(&self, py: Python<'_>) -> Py<PyAny> {
        self.batch.clone_ref(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "DescribedComponentBatch({}, {})",
            self.batch.bind(py).repr()?,
            self.descriptor.get().__repr__()
        ))
    }
}

/// `[DescribedComponentBatch(batch, descriptor)]` for each field of `archetype` that is set;
/// `fields` is its class's `((field, ComponentDescriptor), ...)`, in the order of its `_cells`.
/// A cell holding a payload is read through its field (which makes the batch, once).
#[pyfunction]
pub fn described_batches<'py>(
    archetype: &Bound<'py, PyAny>,
    fields: &Bound<'py, PyTuple>,
) -> PyResult<Vec<PyDescribedBatch>> {
    let cells = archetype.getattr(pyo3::intern!(archetype.py(), "_cells"))?;
    let cells = cells.cast::<PyTuple>()?;
    if cells.len() != fields.len() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "described_batches: {} cells for {} fields",
            cells.len(),
            fields.len()
        )));
    }
    let mut out = Vec::with_capacity(fields.len());
    for (cell, item) in cells.iter_borrowed().zip(fields.iter_borrowed()) {
        if cell.is_none() {
            continue;
        }
        let (name, descriptor): (Bound<'py, PyString>, Py<PyComponentDescriptor>) =
            item.extract()?;
        let batch = if super::fields::is_batch(&cell)? {
            cell.to_owned()
        } else {
            archetype.getattr(name)?
        };
        out.push(PyDescribedBatch {
            batch: batch.unbind(),
            descriptor,
        });
    }
    Ok(out)
}
