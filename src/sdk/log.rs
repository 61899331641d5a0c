//! `nparrow.log`: the hot case (one archetype, a plain path, the global recording) goes from
//! the caller's arguments to the recording's row in one call; every other case is the Python
//! `log` it was installed with (`recording_stream._log`), unchanged.
//!
//! The Python function's frame, its keyword defaults and the attribute loads on the way to
//! `Recording.log_archetype` were ~0.1 µs of a ~1.3 µs transform log (issue 16).

use std::sync::Mutex;

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyModule, PySet, PyString, PyTuple, PyType};
use rustc_hash::FxHashMap;

use super::fastcall;
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
    // `log` takes a TypeError without a traceback from `slow` for a call `slow` could not bind
    // (its frame never ran): true of a Python function, not of a wrapper or a C callable.
    let function_type = py.import("types")?.getattr("FunctionType")?;
    if !slow.get_type().is(&function_type) {
        return Err(PyTypeError::new_err(
            "install_log: the Python log must be a plain Python function",
        ));
    }
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

/// `(static, copy)` of a hot call's keyword arguments (`kwnames` and their values): absent is
/// False; `recording=`, any other name, or a value that is not a bool (an explicit None
/// included) leaves the call to `_log`.
fn flags(
    kwnames: Option<&Bound<'_, PyTuple>>,
    values: &[Bound<'_, PyAny>],
) -> Option<(bool, bool)> {
    let Some(kwnames) = kwnames else {
        return Some((false, false));
    };
    let py = values.first()?.py();
    let (static_name, copy_name) = (pyo3::intern!(py, "static"), pyo3::intern!(py, "copy"));
    let (mut is_static, mut copy) = (false, false);
    for (name, value) in kwnames.iter_borrowed().zip(values) {
        let value = value.cast_exact::<PyBool>().ok()?.is_true();
        // Keyword names are interned identifiers, as ours are: pointers match.
        let name_is = |ours: &Bound<'_, PyString>| {
            name.as_ptr() == ours.as_ptr()
                || name
                    .cast::<PyString>()
                    .is_ok_and(|n| n.to_str().ok() == ours.to_str().ok())
        };
        if name_is(static_name) {
            is_static = value;
        } else if name_is(copy_name) {
            copy = value;
        } else {
            return None;
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

/// `log` as CPython calls a `METH_FASTCALL | METH_KEYWORDS` function: the caller's arguments in
/// place, no tuple or dict (a `#[pyfunction]` taking `**kwargs` is `METH_VARARGS`: CPython packs
/// a tuple for every call).
///
/// # Safety
/// Called by CPython with the GIL held: `args` holds `nargs` positional then `len(kwnames)`
/// keyword values (borrowed), `kwnames` is NULL or a tuple of str.
unsafe extern "C" fn log_fastcall(
    _module: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython's arguments, unchanged (see above); a module function's `self` is NULL
    // here (the function was made without one).
    unsafe { fastcall::call(_module, args, nargs, kwnames, "log", log) }
}

fn log<'py>(
    py: Python<'py>,
    _module: Option<Bound<'py, PyAny>>,
    positional: &[Bound<'py, PyAny>],
    kwnames: Option<&Bound<'py, PyTuple>>,
    keywords: &[Bound<'py, PyAny>],
) -> PyResult<()> {
    let Some(hooks) = HOOKS.get(py) else {
        return Err(PyRuntimeError::new_err("nparrow.log: not installed"));
    };
    if let ([entity_path, entity], Some((is_static, copy))) = (positional, flags(kwnames, keywords))
    {
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
    // Everything else, binding errors included, is the Python `log`'s.
    let kwargs = PyDict::new(py);
    if let Some(names) = kwnames {
        for (name, value) in names.iter().zip(keywords) {
            kwargs.set_item(name, value)?;
        }
    }
    match hooks
        .slow
        .bind(py)
        .call(PyTuple::new(py, positional)?, Some(&kwargs))
    {
        // A call `_log` cannot bind (no traceback: its frame never ran) is bad input to `log`,
        // reported as rerun-sdk does: a warning, or raised in strict mode.
        Err(err) if err.is_instance_of::<PyTypeError>(py) && err.traceback(py).is_none() => {
            hooks.report.bind(py).call1(("log", err.value(py)))?;
            Ok(())
        }
        other => other.map(drop),
    }
}

/// `nparrow._native.log`: a builtin function over `log_fastcall`, in module `module`.
pub fn log_function<'py>(module: &Bound<'py, PyModule>) -> PyResult<Bound<'py, PyAny>> {
    // The method table lives as long as the function may: for the process.
    let def = Box::leak(Box::new(ffi::PyMethodDef {
        ml_name: c"log".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunctionFastWithKeywords: log_fastcall,
        },
        ml_flags: ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
        // inspect reads the signature from the doc's first line (`__text_signature__`).
        ml_doc: c"log(entity_path, entity, *extra, static=False, copy=False, recording=None)\n--\n\nLogs an archetype (or described component batches) at `entity_path`: the hot case in Rust, every other call through `recording_stream._log`.".as_ptr(),
    }));
    let name = module.name()?;
    // SAFETY: `def` is 'static; `name` is a str kept alive by the module; the GIL is held.
    let f = unsafe { ffi::PyCFunction_NewEx(def, std::ptr::null_mut(), name.as_ptr()) };
    // SAFETY: a new reference or NULL with an exception set.
    unsafe { Bound::from_owned_ptr_or_err(module.py(), f) }
}
