//! Archetype constructors as method descriptors (`_native.archetype_init`).
//!
//! `type.__call__` makes a dict of the keyword arguments and hands it to `__init__`, whatever
//! `__init__` is. A Python `__init__` then gets a frame, which fills every absent keyword-only
//! parameter from `__kwdefaults__` (a dict lookup each: ~0.06 µs of the ten-parameter
//! `Transform3D(translation=t, quaternion=q)`), and only its body hands the fields to
//! `FieldPlan.fill`. A `method_descriptor` as `__init__` is a C call (`METH_FASTCALL |
//! METH_KEYWORDS`): the arguments are bound here, the fields go to the plan directly and
//! `_cells` is set. Whatever is not the hot case
//! (a parameter that is not a field given, an input that is not its field's hot form, any
//! binding error) calls the class's Python constructor (`cold`) with the same arguments, so
//! behaviour, error messages and warnings are its own.
//!
//! A C method gets only `self`, not the descriptor it was called through, so each descriptor
//! has its own function: one of `SLOTS` instances of `init_slot::<K>`, each reading its spec
//! from `SPECS[K]`. When they are used up, classes keep their Python `__init__`.

use std::ffi::CString;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};
use smallvec::{smallvec, SmallVec};

use super::fastcall::{self, Args};
use super::fields::PyFieldPlan;

/// One class's constructor: its parameters in order and what each one is.
struct InitSpec {
    /// Parameter names (interned), positional-or-keyword ones first.
    names: Vec<Py<PyString>>,
    /// How many of `names` can be given positionally.
    positional: usize,
    /// Per parameter: the field it is (its index in `_cells`), or `None` for a parameter of the
    /// constructor's own logic, which must be absent or None for the hot path.
    field: Vec<Option<usize>>,
    /// Per parameter: whether it has no default (all defaults are None).
    required: Vec<bool>,
    /// `(field, trigger, value)`: when `trigger` is given and `field` is not, `field` is `value`.
    implied: Vec<(usize, usize, Py<PyAny>)>,
    plan: Py<PyFieldPlan>,
    /// The Python constructor, with the same signature.
    cold: Py<PyAny>,
}

const SLOTS: usize = 128;
static SPECS: [OnceLock<InitSpec>; SLOTS] = [const { OnceLock::new() }; SLOTS];
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// `__init__` of the class in slot `K`.
///
/// # Safety
/// Called by CPython's method descriptor with the GIL held: `slf` is an instance of the class,
/// `args` holds `nargs` positional then `len(kwnames)` keyword values (borrowed), `kwnames` is
/// NULL or a tuple of str.
unsafe extern "C" fn init_slot<const K: usize>(
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython's arguments, unchanged (see above).
    unsafe {
        fastcall::call(
            slf,
            args,
            nargs,
            kwnames,
            "archetype constructor",
            init::<K>,
        )
    }
}

fn init<'py, const K: usize>(
    py: Python<'py>,
    slf: Option<Bound<'py, PyAny>>,
    positional: &[Bound<'py, PyAny>],
    kwnames: Option<&Bound<'py, PyTuple>>,
    keywords: &[Bound<'py, PyAny>],
) -> PyResult<()> {
    let Some(slf) = slf else {
        return Err(PyTypeError::new_err("__init__ needs an instance"));
    };
    call(py, K, &slf, positional, kwnames, keywords)
}

fn call<'py>(
    py: Python<'py>,
    slot: usize,
    slf: &Bound<'py, PyAny>,
    positional: &[Bound<'py, PyAny>],
    kwnames: Option<&Bound<'py, PyTuple>>,
    keywords: &[Bound<'py, PyAny>],
) -> PyResult<()> {
    let Some(spec) = SPECS[slot].get() else {
        return Err(PyTypeError::new_err(
            "nparrow: archetype constructor not installed",
        ));
    };
    if let Some(cells) = hot(py, spec, positional, kwnames, keywords)? {
        return slf.setattr(pyo3::intern!(py, "_cells"), cells);
    }
    // Everything else, errors included, is the Python constructor's.
    let mut args = Vec::with_capacity(1 + positional.len());
    args.push(slf.clone());
    args.extend(positional.iter().cloned());
    let kwargs = PyDict::new(py);
    if let Some(names) = kwnames {
        for (name, value) in names.iter().zip(keywords) {
            kwargs.set_item(name, value)?;
        }
    }
    spec.cold
        .bind(py)
        .call(PyTuple::new(py, args)?, Some(&kwargs))?;
    Ok(())
}

/// The cells of a hot call, or `None` (the Python constructor handles it).
fn hot<'py>(
    py: Python<'py>,
    spec: &InitSpec,
    positional: &[Bound<'py, PyAny>],
    kwnames: Option<&Bound<'py, PyTuple>>,
    keywords: &[Bound<'py, PyAny>],
) -> PyResult<Option<Bound<'py, PyTuple>>> {
    let n = spec.names.len();
    if positional.len() > spec.positional {
        return Ok(None);
    }
    let mut given: SmallVec<[Option<&Bound<'py, PyAny>>; 16]> = smallvec![None; n];
    for (slot, value) in given.iter_mut().zip(positional) {
        *slot = Some(value);
    }
    if let Some(names) = kwnames {
        for (name, value) in names.iter().zip(keywords) {
            // Keyword names are interned identifiers, as ours are: pointers match.
            let Some(i) = spec
                .names
                .iter()
                .position(|p| p.as_ptr() == name.as_ptr())
                .or_else(|| {
                    let name = name.cast::<PyString>().ok()?.to_str().ok()?;
                    spec.names
                        .iter()
                        .position(|p| p.bind(py).to_str().is_ok_and(|s| s == name))
                })
            else {
                return Ok(None);
            };
            if given[i].is_some() {
                return Ok(None);
            }
            given[i] = Some(value);
        }
    }
    let plan = spec.plan.bind(py).get();
    let mut fields: Args<'py> = smallvec![py.None().into_bound(py); plan.len()];
    for (i, value) in given.iter().enumerate() {
        match (value, spec.field[i]) {
            (None, _) if spec.required[i] => return Ok(None),
            (Some(v), Some(f)) => fields[f] = (*v).clone(),
            (Some(v), None) if !v.is_none() => return Ok(None),
            _ => {}
        }
    }
    for (field, trigger, value) in &spec.implied {
        if fields[*field].is_none() && !fields[*trigger].is_none() {
            fields[*field] = value.bind(py).clone();
        }
    }
    plan.fill_values(py, fields.into_iter())
}

macro_rules! slot_table {
    ($($k:literal)*) => {
        [$(init_slot::<$k> as ffi::PyCFunctionFastWithKeywords),*]
    };
}

static TABLE: [ffi::PyCFunctionFastWithKeywords; SLOTS] = slot_table!(
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
    32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63
    64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95
    96 97 98 99 100 101 102 103 104 105 106 107 108 109 110 111 112 113 114 115 116 117 118 119
    120 121 122 123 124 125 126 127
);

/// A `method_descriptor` for `cls.__init__`, or `None` when every slot is taken.
///
/// `params`: `(name, keyword_only, required, field index or None)` per parameter, positional ones
/// first; `implied`: `(field, trigger, value)`; `cold`: the Python constructor it stands for.
#[pyfunction]
pub fn archetype_init<'py>(
    cls: &Bound<'py, PyType>,
    params: Vec<(Bound<'py, PyString>, bool, bool, Option<usize>)>,
    implied: Vec<(usize, usize, Bound<'py, PyAny>)>,
    plan: Bound<'py, PyFieldPlan>,
    cold: Bound<'py, PyAny>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    let py = cls.py();
    let positional = params.iter().take_while(|p| !p.1).count();
    if params[positional..].iter().any(|p| !p.1) {
        return Err(PyTypeError::new_err(
            "archetype_init: positional parameters must come before keyword-only ones",
        ));
    }
    let n_fields = plan.get().len();
    let bad_field = |f: &usize| *f >= n_fields;
    if params.iter().filter_map(|p| p.3.as_ref()).any(bad_field)
        || implied.iter().any(|(f, t, _)| bad_field(f) || bad_field(t))
    {
        return Err(PyTypeError::new_err(
            "archetype_init: field index out of range",
        ));
    }
    // inspect reads the signature from the doc's first line (`__text_signature__`); `self` is
    // positional-only, as a C method's is.
    let mut sig: Vec<String> = vec!["$self".into(), "/".into()];
    for (i, (name, kw_only, required, _)) in params.iter().enumerate() {
        if *kw_only && i == positional {
            sig.push("*".into());
        }
        let name = name.to_str()?;
        sig.push(if *required {
            name.to_owned()
        } else {
            format!("{name}=None")
        });
    }
    let doc = CString::new(format!("__init__({})\n--\n\n", sig.join(", ")))
        .map_err(|_| PyTypeError::new_err("archetype_init: NUL in a parameter name"))?;
    let slot = NEXT.fetch_add(1, Ordering::Relaxed);
    if slot >= SLOTS {
        return Ok(None);
    }
    let spec = InitSpec {
        names: params
            .iter()
            .map(|p| PyString::intern(py, p.0.to_str().unwrap_or_default()).unbind())
            .collect(),
        positional,
        field: params.iter().map(|p| p.3).collect(),
        required: params.iter().map(|p| p.2).collect(),
        implied: implied
            .into_iter()
            .map(|(f, t, v)| (f, t, v.unbind()))
            .collect(),
        plan: plan.unbind(),
        cold: cold.unbind(),
    };
    if SPECS[slot].set(spec).is_err() {
        return Ok(None); // cannot happen: each slot is handed out once
    }
    // The method table and its doc live as long as the class may: for the process.
    let def = Box::leak(Box::new(ffi::PyMethodDef {
        ml_name: c"__init__".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunctionFastWithKeywords: TABLE[slot],
        },
        ml_flags: ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
        ml_doc: doc.into_raw(),
    }));
    // SAFETY: `cls` is a live type object and `def` is 'static; the GIL is held.
    let descr = unsafe { ffi::PyDescr_NewMethod(cls.as_type_ptr(), def) };
    // SAFETY: a new reference or NULL with an exception set.
    Ok(Some(unsafe { Bound::from_owned_ptr_or_err(py, descr)? }))
}
