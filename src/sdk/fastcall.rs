//! The one trampoline of our hand-made `METH_FASTCALL | METH_KEYWORDS` C functions (`rr.log`,
//! archetype `__init__` descriptors): CPython hands over the caller's arguments in place, with
//! no tuple or dict; this binds them for Rust, keeps panics from crossing the FFI boundary and
//! turns the outcome into CPython's return convention.

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use smallvec::SmallVec;

/// A call's arguments, on the stack for any of our functions' signatures.
pub type Args<'py> = SmallVec<[Bound<'py, PyAny>; 16]>;

/// What a fastcall runs: `(py, self, positional, kwnames, keywords)`, `self` being the C
/// function's first argument (the instance of a method, NULL for a module function).
pub type Body = for<'py> fn(
    Python<'py>,
    Option<Bound<'py, PyAny>>,
    &[Bound<'py, PyAny>],
    Option<&Bound<'py, PyTuple>>,
    &[Bound<'py, PyAny>],
) -> PyResult<()>;

/// Runs `body` for one fastcall; returns `None` (a new reference) on success, or NULL with the
/// error (a `PanicException` named after `what` for a panic) set.
///
/// # Safety
/// Called from a `METH_FASTCALL | METH_KEYWORDS` C function with CPython's arguments unchanged:
/// the GIL is held, `slf` is NULL or a live object, `args` holds `nargs` positional then
/// `len(kwnames)` keyword values (borrowed for the call), and `kwnames` is NULL or a tuple of
/// str.
pub unsafe fn call(
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
    what: &str,
    body: Body,
) -> *mut ffi::PyObject {
    // SAFETY: CPython holds the GIL for the duration of this call (see above).
    let py = unsafe { Python::assume_attached() };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: `slf` is NULL or live, borrowed for this call (see above).
        let slf = (!slf.is_null()).then(|| unsafe { Bound::from_borrowed_ptr(py, slf) });
        // SAFETY: `kwnames` is NULL or a tuple, borrowed for this call (see above).
        let kwnames = (!kwnames.is_null())
            .then(|| unsafe { Bound::from_borrowed_ptr(py, kwnames) })
            .map(|k| k.cast_into::<PyTuple>())
            .transpose()?;
        let n_kw = kwnames.as_ref().map_or(0, |k| k.len());
        let nargs = usize::try_from(nargs).unwrap_or(0);
        let values: Args<'_> = (0..nargs + n_kw)
            // SAFETY: `args` has `nargs + len(kwnames)` valid entries (see above).
            .map(|i| unsafe { Bound::from_borrowed_ptr(py, *args.add(i)) })
            .collect();
        let (positional, keywords) = values.split_at(nargs);
        body(py, slf, positional, kwnames.as_ref(), keywords)
    }));
    match outcome {
        Ok(Ok(())) => py.None().into_ptr(),
        Ok(Err(err)) => {
            err.restore(py);
            std::ptr::null_mut()
        }
        Err(_) => {
            pyo3::panic::PanicException::new_err(format!("nparrow: {what} panicked")).restore(py);
            std::ptr::null_mut()
        }
    }
}
