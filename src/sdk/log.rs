//! `nparrow.log`: the hot case (one archetype, a plain path, the global recording) goes from
//! the caller's arguments to the recording's row in one call; every other case is the Python
//! `log` it was installed with (`recording_stream._log`), unchanged.
//!
//! The Python function's frame, its keyword defaults and the attribute loads on the way to
//! `Recording.log_archetype` were ~0.1 µs of a ~1.3 µs transform log (issue 16).

use std::sync::Mutex;

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyModule, PySet, PyString, PyTuple, PyType};
use rustc_hash::FxHashMap;

use super::py::PyRecording;

/// What the hot path reads, handed over once by `recording_stream` (`install_log`).
struct LogHooks {
    /// `nparrow._globals.__dict__`: `recording` and `thread_locals_used`, read on every call
    /// (they change); a dict lookup, cheaper than the module's attribute lookup.
    globals: Py<PyDict>,
    /// `ARCHETYPE_TYPES`: the classes whose instances carry `_cells` and `_DESCRIPTORS`.
    archetypes: Py<PySet>,
    /// The Python `log`: every call the hot path does not take.
    slow: Py<PyAny>,
    /// `error_utils._report`: bad data warns (or raises in strict mode), as the Python `log` does.
    report: Py<PyAny>,
    /// Archetype class (by address, kept alive here so the address is not reused) → its
    /// `_DESCRIPTORS`: one hash lookup instead of a set lookup and a class attribute read.
    classes: Mutex<FxHashMap<usize, ClassFields>>,
}

/// An archetype class and its `_DESCRIPTORS`.
type ClassFields = (Py<PyType>, Py<PyTuple>);

/// A call the hot path takes: the recording, the path, the archetype's fields.
struct Hot<'a, 'py> {
    rec: Bound<'py, PyRecording>,
    path: &'a str,
    fields: Bound<'py, PyTuple>,
}

impl LogHooks {
    /// `cls`'s `_DESCRIPTORS` if it is an archetype class, else `None`.
    fn descriptors<'py>(&self, cls: &Bound<'py, PyType>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let py = cls.py();
        let key = cls.as_ptr() as usize;
        if let Ok(classes) = self.classes.lock() {
            if let Some((_, fields)) = classes.get(&key) {
                return Ok(Some(fields.bind(py).clone()));
            }
        }
        if !self.archetypes.bind(py).contains(cls)? {
            return Ok(None);
        }
        let fields = cls
            .getattr(pyo3::intern!(py, "_DESCRIPTORS"))?
            .cast_into::<PyTuple>()?;
        if let Ok(mut classes) = self.classes.lock() {
            classes.insert(key, (cls.clone().unbind(), fields.clone().unbind()));
        }
        Ok(Some(fields))
    }
}

static HOOKS: PyOnceLock<LogHooks> = PyOnceLock::new();

/// Installs what `log` reads, once per process: a second call (a reloaded `recording_stream`)
/// keeps the first hooks, which work the same.
#[pyfunction]
pub fn install_log(
    py: Python<'_>,
    globals: Bound<'_, PyModule>,
    archetypes: Bound<'_, PySet>,
    slow: Bound<'_, PyAny>,
    report: Bound<'_, PyAny>,
) -> PyResult<()> {
    let hooks = LogHooks {
        globals: globals.dict().unbind(),
        archetypes: archetypes.unbind(),
        slow: slow.unbind(),
        report: report.unbind(),
        classes: Mutex::new(FxHashMap::default()),
    };
    let _ = HOOKS.set(py, hooks);
    Ok(())
}

/// `(static, copy)` of a hot call's keyword arguments: absent is False; `recording=`, any other
/// name, or a value that is not a bool (an explicit None included) leaves the call to `_log`.
fn flags(kwargs: Option<&Bound<'_, PyDict>>) -> Option<(bool, bool)> {
    let Some(kwargs) = kwargs else {
        return Some((false, false));
    };
    let (mut is_static, mut copy) = (false, false);
    for (name, value) in kwargs.iter() {
        let value = value.cast_exact::<PyBool>().ok()?.is_true();
        match name.cast::<PyString>().ok()?.to_str().ok()? {
            "static" => is_static = value,
            "copy" => copy = value,
            _ => return None,
        }
    }
    Some((is_static, copy))
}

/// The recording, path and fields of a hot call, or `None`: the Python `log` handles it.
fn hot<'a, 'py>(
    hooks: &LogHooks,
    entity_path: &'a Bound<'py, PyAny>,
    entity: &Bound<'py, PyAny>,
) -> PyResult<Option<Hot<'a, 'py>>> {
    let py = entity.py();
    let globals = hooks.globals.bind(py);
    let read = |name: &Bound<'py, PyString>| -> PyResult<Bound<'py, PyAny>> {
        globals
            .get_item(name)?
            .ok_or_else(|| PyRuntimeError::new_err(format!("nparrow._globals has no {name}")))
    };
    if !read(pyo3::intern!(py, "thread_locals_used"))?.is(PyBool::new(py, false)) {
        return Ok(None); // this thread may have its own recording: the Python `log` picks it
    }
    let Some(fields) = hooks.descriptors(&entity.get_type())? else {
        return Ok(None);
    };
    // Not UTF-8 (lone surrogates) or with escapes: `_log` checks (and warns about) it.
    let Some(path) = entity_path
        .cast_exact::<PyString>()
        .ok()
        .and_then(|p| p.to_str().ok())
        .filter(|p| !p.contains('\\'))
    else {
        return Ok(None);
    };
    let rec = read(pyo3::intern!(py, "recording"))?;
    if rec.is_none() {
        return Ok(None);
    }
    // A disabled recording's `_rec` is a Python stand-in: not ours to call.
    let Ok(inner) = rec
        .getattr(pyo3::intern!(py, "_rec"))?
        .cast_into::<PyRecording>()
    else {
        return Ok(None);
    };
    Ok(Some(Hot {
        rec: inner,
        path,
        fields,
    }))
}

/// `nparrow.log(entity_path, entity, *extra, static=False, copy=False, recording=None)`.
#[pyfunction]
#[pyo3(
    signature = (entity_path, entity, *extra, **kwargs),
    text_signature = "(entity_path, entity, *extra, static=False, copy=False, recording=None)"
)]
pub fn log(
    py: Python<'_>,
    entity_path: &Bound<'_, PyAny>,
    entity: &Bound<'_, PyAny>,
    extra: &Bound<'_, PyTuple>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<()> {
    let Some(hooks) = HOOKS.get(py) else {
        return Err(PyRuntimeError::new_err("nparrow.log: not installed"));
    };
    if let (true, Some((is_static, copy))) = (extra.is_empty(), flags(kwargs)) {
        if let Some(Hot { rec, path, fields }) = hot(hooks, entity_path, entity)? {
            let logged = rec
                .get()
                .log_archetype(py, path, entity, &fields, is_static, copy);
            return match logged {
                Err(err)
                    if err.is_instance_of::<PyTypeError>(py)
                        || err.is_instance_of::<PyValueError>(py) =>
                {
                    let context = format!("log({})", entity_path.repr()?);
                    hooks.report.bind(py).call1((context, err.value(py)))?;
                    Ok(())
                }
                other => other,
            };
        }
    }
    let mut args = Vec::with_capacity(2 + extra.len());
    args.push(entity_path.clone());
    args.push(entity.clone());
    args.extend(extra.iter());
    hooks.slow.bind(py).call(PyTuple::new(py, args)?, kwargs)?;
    Ok(())
}
