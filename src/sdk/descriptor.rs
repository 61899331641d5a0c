//! Component descriptors: (archetype, component, component_type), built once per archetype field
//! and shared by every row (`rrd::schema::component_field` turns one into column metadata).

use std::sync::Arc;

use pyo3::prelude::*;

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
    #[pyo3(signature = (component, *, archetype=None, component_type=None))]
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
