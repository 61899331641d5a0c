//! Buffer-protocol import: one `PyObject_GetBuffer`, our own dispatch on format, byte order,
//! alignment and contiguity, then either a borrowed Arrow `Buffer` (the Python buffer is its
//! owner) or exactly one copy made here.

use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use arrow_buffer::{Buffer, MutableBuffer};
use numpy::{PyArrayDescrMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::buffer::PyUntypedBuffer;
use pyo3::exceptions::PyBufferError;
use pyo3::prelude::*;

use super::dtype::{parse_format, ByteOrder, DType};
use crate::error::{Error, Result};

/// Borrowed Python buffers alive right now (all recordings, all threads). `flush()` waits for its
/// recording's share to drain; tests read it through `_native.live_borrows()`.
static LIVE_BORROWS: AtomicUsize = AtomicUsize::new(0);

pub fn live_borrows() -> usize {
    LIVE_BORROWS.load(Ordering::Relaxed)
}

/// Owner of borrowed memory: keeps the `Py_buffer` export (and thus the exporter's memory) alive
/// until the last Arrow `Buffer` referencing it drops. Dropping it calls `PyBuffer_Release`,
/// which needs the GIL: the recording hands these back to a Python thread to drop in bulk.
struct BorrowedBuffer {
    // Never read: held so that its Drop releases the export.
    _export: PyUntypedBuffer,
}

impl Drop for BorrowedBuffer {
    fn drop(&mut self) {
        LIVE_BORROWS.fetch_sub(1, Ordering::Relaxed);
    }
}

/// When to copy instead of borrowing.
#[derive(Clone, Copy, Debug)]
pub struct BorrowPolicy {
    /// Arrays smaller than this many bytes are copied: for small arrays a copy costs the same as
    /// a borrow, needs no GIL at release and cannot be mutated behind the recording's back.
    pub copy_below_bytes: usize,
    /// Snapshot semantics: always copy.
    pub force_copy: bool,
}

impl BorrowPolicy {
    /// The bridge functions' policy: borrow whenever the layout allows.
    pub const BORROW: BorrowPolicy = BorrowPolicy {
        copy_below_bytes: 0,
        force_copy: false,
    };
}

/// An array's shape: on the stack up to four dimensions (every import has one).
pub type Shape = smallvec::SmallVec<[usize; 4]>;

/// An imported buffer: C-order, aligned, native-endian elements of `dtype` in `buffer`.
pub struct Imported {
    pub buffer: Buffer,
    pub dtype: DType,
    pub shape: Shape,
    /// Number of elements (product of `shape`).
    pub len: usize,
    /// True when `buffer` aliases the caller's memory.
    pub borrowed: bool,
}

/// `obj` as an ndarray if its type is exactly `numpy.ndarray` (subclasses such as `np.matrix`
/// or masked arrays are not). Without an importable numpy nothing is an ndarray: rust-numpy's
/// own check would import numpy's C API and panic when it is missing.
pub fn exact_ndarray<'a, 'py>(
    obj: &'a Bound<'py, PyAny>,
) -> Option<&'a Bound<'py, PyUntypedArray>> {
    static NDARRAY: pyo3::sync::PyOnceLock<Option<Py<pyo3::types::PyType>>> =
        pyo3::sync::PyOnceLock::new();
    let py = obj.py();
    let ndarray = NDARRAY.get_or_init(py, || {
        let numpy = py.import("numpy").ok()?;
        Some(numpy.getattr("ndarray").ok()?.cast_into().ok()?.unbind())
    });
    let ndarray = ndarray.as_ref()?;
    // SAFETY: `obj`'s type is exactly numpy's ndarray, so `obj` is a `PyArrayObject`: the
    // unchecked cast is what `cast::<PyUntypedArray>` does after its own check. numpy imported
    // above, so the C API rust-numpy reads some fields through is there.
    obj.get_type()
        .is(ndarray.bind(py))
        .then(|| unsafe { obj.cast_unchecked::<PyUntypedArray>() })
}

/// A small ndarray's bytes, read straight from numpy's array struct: no `Py_buffer` export
/// (which costs more than the copy itself for a few points). Only C-contiguous, native-endian
/// ndarrays of a supported dtype with at least one and fewer than `below` bytes; anything else
/// is `None`. `read` gets the dtype, the shape and the bytes, borrowed for the call.
fn with_small_ndarray<R>(
    obj: &Bound<'_, PyAny>,
    below: usize,
    read: impl FnOnce(DType, &[usize], &[u8]) -> R,
) -> Option<R> {
    let arr = exact_ndarray(obj)?;
    if arr.ndim() == 0 || !arr.is_c_contiguous() {
        return None;
    }
    let descr = arr.dtype();
    if descr.is_native_byteorder() == Some(false) {
        return None;
    }
    // `long double` is refused by the buffer protocol path (format 'g') even where it is 8 bytes.
    if descr.num() == numpy::npyffi::NPY_TYPES::NPY_LONGDOUBLE as i32 {
        return None;
    }
    let size = descr.itemsize();
    let dtype = DType::from_kind(descr.kind(), size)?;
    let shape = arr.shape();
    let nbytes = shape.iter().product::<usize>() * size;
    if nbytes == 0 || nbytes >= below {
        return None;
    }
    // SAFETY: a C-contiguous ndarray holds `len * itemsize` bytes at its data pointer (numpy's
    // invariant for the C_CONTIGUOUS flag, checked above). We hold the GIL and run no Python
    // code while the slice lives (`read` is Rust), so the array cannot be resized or freed
    // meanwhile. A byte slice needs no alignment.
    let bytes = unsafe {
        let data = (*arr.as_array_ptr()).fields.data as *const u8;
        std::slice::from_raw_parts(data, nbytes)
    };
    Some(read(dtype, shape, bytes))
}

impl Imported {
    /// `bytes` (native-endian `dtype` values, C order, `shape`) copied into an owned, 64-byte
    /// aligned buffer.
    pub fn copied(bytes: &[u8], dtype: DType, shape: Shape) -> Imported {
        let mut out = MutableBuffer::new(bytes.len());
        out.extend_from_slice(bytes);
        Imported {
            buffer: out.into(),
            dtype,
            len: shape.iter().product(),
            shape,
            borrowed: false,
        }
    }
}

/// The copy of a small array (see `with_small_ndarray`): under `copy_below_bytes`.
fn small_ndarray_copy(obj: &Bound<'_, PyAny>, policy: BorrowPolicy) -> Option<Imported> {
    with_small_ndarray(obj, policy.copy_below_bytes, |dtype, shape, bytes| {
        Imported::copied(bytes, dtype, Shape::from_slice(shape))
    })
}

/// A tiny array's values copied into `out` (no allocation): its dtype, shape and byte count, or
/// `None` when it is not a C-contiguous native ndarray of at most `out.len()` bytes.
pub fn tiny_ndarray_bytes(obj: &Bound<'_, PyAny>, out: &mut [u8]) -> Option<(DType, Shape, usize)> {
    with_small_ndarray(obj, out.len() + 1, |dtype, shape, bytes| {
        out[..bytes.len()].copy_from_slice(bytes);
        (dtype, Shape::from_slice(shape), bytes.len())
    })
}

/// Imports any buffer-protocol object. `what` names the caller in error messages.
pub fn import_buffer(obj: &Bound<'_, PyAny>, what: &str, policy: BorrowPolicy) -> Result<Imported> {
    if let Some(copied) = small_ndarray_copy(obj, policy) {
        return Ok(copied);
    }
    let buf = PyUntypedBuffer::get(obj).map_err(|e| {
        let py = obj.py();
        if e.is_instance_of::<PyBufferError>(py) && e.value(py).to_string().contains("shape is null") {
            Error::Value(format!("{what}: expected an array with at least one dimension, got a 0-d buffer (use np.atleast_1d)"))
        } else if e.is_instance_of::<pyo3::exceptions::PyTypeError>(py) {
            Error::Type(format!(
                "{what}: expected a buffer-protocol object (numpy array, bytes, bytearray, memoryview, array.array), got {}",
                obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
            ))
        } else {
            Error::Value(format!("{what}: could not get a buffer: {e}"))
        }
    })?;
    if buf.suboffsets().is_some() {
        return Err(Error::Value(format!(
            "{what}: indirect (PIL-style) buffers are not supported"
        )));
    }
    let item_size = buf.item_size();
    let (dtype, order) = parse_format(buf.format().to_bytes(), item_size)
        .map_err(|e| Error::Type(format!("{what}: {e}")))?;
    let shape = Shape::from_slice(buf.shape());
    let len: usize = shape.iter().product();
    let nbytes = len * item_size;
    if len == 0 {
        // `MutableBuffer` is 64-byte aligned even when empty (an empty `Vec<u8>` is not).
        return Ok(Imported {
            buffer: MutableBuffer::new(0).into(),
            dtype,
            shape,
            len,
            borrowed: false,
        });
    }
    let ptr = buf.buf_ptr() as *const u8;
    let aligned = (ptr as usize) % item_size == 0;
    let contiguous = buf.is_c_contiguous();
    let borrowable = contiguous && aligned && order == ByteOrder::Native;
    let small = nbytes < policy.copy_below_bytes;
    if borrowable && !small && !policy.force_copy {
        let Some(nn) = NonNull::new(ptr as *mut u8) else {
            return Err(Error::Value(format!(
                "{what}: buffer has a null data pointer"
            )));
        };
        LIVE_BORROWS.fetch_add(1, Ordering::Relaxed);
        let owner = Arc::new(BorrowedBuffer { _export: buf });
        // SAFETY: the exporter guarantees `nbytes` readable bytes at `ptr` while the `Py_buffer`
        // is held (C-contiguous checked above, so the span is exactly `len * item_size`). The
        // owner holds that export until the last Buffer clone drops; exporters (numpy,
        // bytearray) refuse to resize while an export is held, so the memory cannot move.
        let buffer = unsafe { Buffer::from_custom_allocation(nn, nbytes, owner) };
        return Ok(Imported {
            buffer,
            dtype,
            shape,
            len,
            borrowed: true,
        });
    }
    let swap = order == ByteOrder::Swapped;
    let mut out = MutableBuffer::new(nbytes);
    // SAFETY: `ptr`, `shape` and `strides` describe the exporter's memory as the buffer protocol
    // defines it (every index within `shape` is readable at `ptr + Σ i_k * stride_k`); the
    // export is held (`buf` alive) for the duration of the copy.
    unsafe {
        gather(
            ptr,
            buf.shape(),
            buf.strides(),
            item_size,
            swap,
            contiguous,
            &mut out,
        )
    };
    drop(buf);
    Ok(Imported {
        buffer: out.into(),
        dtype,
        shape,
        len,
        borrowed: false,
    })
}

/// Copies the elements of a (possibly strided, possibly byte-swapped) buffer in C order.
///
/// # Safety
/// `ptr` with `shape`/`strides` (bytes) must describe readable memory of `item_size` elements.
unsafe fn gather(
    ptr: *const u8,
    shape: &[usize],
    strides: &[isize],
    item_size: usize,
    swap: bool,
    contiguous: bool,
    out: &mut MutableBuffer,
) {
    if contiguous {
        let n: usize = shape.iter().product::<usize>() * item_size;
        // SAFETY: C-contiguous: `n` bytes from `ptr` are the whole buffer.
        let src = unsafe { std::slice::from_raw_parts(ptr, n) };
        out.extend_from_slice(src);
    } else {
        // SAFETY: forwarded from the caller.
        unsafe { gather_dim(ptr, shape, strides, item_size, out) };
    }
    if swap {
        for chunk in out.as_slice_mut().chunks_exact_mut(item_size) {
            chunk.reverse();
        }
    }
}

/// # Safety
/// As `gather`.
unsafe fn gather_dim(
    ptr: *const u8,
    shape: &[usize],
    strides: &[isize],
    item_size: usize,
    out: &mut MutableBuffer,
) {
    let (Some(&n), Some(&stride)) = (shape.first(), strides.first()) else {
        // SAFETY: a 0-d view is one element at `ptr`.
        out.extend_from_slice(unsafe { std::slice::from_raw_parts(ptr, item_size) });
        return;
    };
    for i in 0..n {
        // SAFETY: `i < shape[0]`, so `ptr + i * stride` is inside the exporter's buffer.
        let p = unsafe { ptr.offset(i as isize * stride) };
        if shape.len() == 1 {
            // SAFETY: one element of `item_size` bytes at an in-bounds index.
            out.extend_from_slice(unsafe { std::slice::from_raw_parts(p, item_size) });
        } else {
            // SAFETY: recursing on the remaining dimensions of the same buffer.
            unsafe { gather_dim(p, &shape[1..], &strides[1..], item_size, out) };
        }
    }
}
