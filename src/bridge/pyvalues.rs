//! Python input without numpy: plain numbers and (nested) lists/tuples of numbers read straight
//! into an Arrow buffer, numeric buffers converted to float32, and single blobs' offsets.
//!
//! These are fast paths, not a second conversion system: each returns `None` for anything it does
//! not take *exactly* as numpy would (a float into an int dtype, an int out of range, a ragged
//! list, …), and the caller then goes through numpy as before, which also produces the error
//! message for bad input.

use std::sync::Arc;

use arrow_array::types::{
    Float16Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{ArrayRef, ArrowPrimitiveType, BooleanArray, PrimitiveArray};
use arrow_buffer::{ArrowNativeType, Buffer, ScalarBuffer};
use half::f16;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyTuple};

use super::builders::fixed_size_list_of_flat;
use super::dtype::DType;
use super::import::Imported;

/// A native element type that can be read from a Python number the way numpy's
/// `np.array(x, dtype)` reads it (exact `float`/`int`/`bool` objects only).
trait PyNum: Copy + Default {
    fn from_py(obj: &Bound<'_, PyAny>) -> Option<Self>;
    fn to_f32(self) -> f32;
}

macro_rules! py_int {
    ($($t:ty),*) => {$(
        impl PyNum for $t {
            fn from_py(obj: &Bound<'_, PyAny>) -> Option<Self> {
                // `bool` is a subclass of `int`; numpy takes it, but we leave it to numpy.
                if !obj.is_exact_instance_of::<PyInt>() {
                    return None;
                }
                // Out of range → `None` (numpy raises OverflowError; the fallback says so).
                obj.extract::<$t>().ok()
            }
            fn to_f32(self) -> f32 {
                self as f32
            }
        }
    )*};
}
py_int!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! py_float {
    ($($t:ty),*) => {$(
        impl PyNum for $t {
            fn from_py(obj: &Bound<'_, PyAny>) -> Option<Self> {
                if let Ok(f) = obj.cast_exact::<PyFloat>() {
                    return Some(f.value() as $t);
                }
                if obj.is_exact_instance_of::<PyInt>() {
                    // numpy goes through a C double too; huge ints fall back (and raise there).
                    return obj.extract::<i64>().ok().map(|v| v as f64 as $t);
                }
                None
            }
            fn to_f32(self) -> f32 {
                self as f32
            }
        }
    )*};
}
py_float!(f32, f64);

impl PyNum for f16 {
    fn from_py(_: &Bound<'_, PyAny>) -> Option<Self> {
        None // rare; numpy does the rounding
    }
    fn to_f32(self) -> f32 {
        self.to_f32()
    }
}

impl PyNum for bool {
    fn from_py(obj: &Bound<'_, PyAny>) -> Option<Self> {
        obj.cast_exact::<PyBool>().ok().map(|b| b.is_true())
    }
    fn to_f32(self) -> f32 {
        f32::from(u8::from(self))
    }
}

/// An exact `list` or `tuple`, read in place (no collection of its items).
enum Seq<'a, 'py> {
    List(&'a Bound<'py, PyList>),
    Tuple(&'a Bound<'py, PyTuple>),
}

impl<'a, 'py> Seq<'a, 'py> {
    fn of(obj: &'a Bound<'py, PyAny>) -> Option<Self> {
        if let Ok(l) = obj.cast_exact::<PyList>() {
            Some(Seq::List(l))
        } else {
            obj.cast_exact::<PyTuple>().ok().map(Seq::Tuple)
        }
    }

    fn len(&self) -> usize {
        match self {
            Seq::List(l) => l.len(),
            Seq::Tuple(t) => t.len(),
        }
    }

    fn get(&self, i: usize) -> Option<Bound<'py, PyAny>> {
        match self {
            Seq::List(l) => l.get_item(i).ok(),
            Seq::Tuple(t) => t.get_item(i).ok(),
        }
    }
}

/// Reads a number, a flat list of numbers, or (with `list_size > 0`) a list of `list_size`-long
/// lists of numbers, into one flat vector (a multiple of `list_size` long).
fn read<T: PyNum>(obj: &Bound<'_, PyAny>, list_size: usize) -> Option<Vec<T>> {
    if list_size == 0 {
        if let Some(v) = T::from_py(obj) {
            return Some(vec![v]);
        }
    }
    let outer = Seq::of(obj)?;
    let n = outer.len();
    let first = outer.get(0)?; // empty input: numpy decides its shape
    if let Some(v0) = T::from_py(&first) {
        let mut values = Vec::with_capacity(n);
        values.push(v0);
        for i in 1..n {
            values.push(T::from_py(&outer.get(i)?)?);
        }
        if list_size > 0 && n % list_size != 0 {
            return None; // numpy's reshape reports it
        }
        return Some(values);
    }
    if list_size == 0 {
        return None; // nested input to a primitive: numpy flattens (and checks raggedness)
    }
    let mut values = Vec::with_capacity(n * list_size);
    for i in 0..n {
        let row = outer.get(i)?;
        let row = Seq::of(&row)?;
        if row.len() != list_size {
            return None;
        }
        for j in 0..list_size {
            values.push(T::from_py(&row.get(j)?)?);
        }
    }
    Some(values)
}

pub fn imported<T: ArrowNativeType>(values: Vec<T>, dtype: DType, shape: Vec<usize>) -> Imported {
    let len = values.len();
    Imported {
        buffer: Buffer::from_vec(values),
        dtype,
        shape: shape.into(),
        len,
        borrowed: false,
    }
}

/// Python numbers / lists of numbers → a primitive array (`list_size == 0`) or a
/// `FixedSizeList<list_size x dtype>` built straight from the values read, or `None` (use numpy).
pub fn py_array(obj: &Bound<'_, PyAny>, dtype: DType, list_size: usize) -> Option<ArrayRef> {
    fn prim<A: ArrowPrimitiveType>(values: Vec<A::Native>) -> ArrayRef
    where
        A::Native: PyNum,
    {
        Arc::new(PrimitiveArray::<A>::new(ScalarBuffer::from(values), None))
    }
    macro_rules! go {
        ($arrow:ty) => {
            prim::<$arrow>(read::<<$arrow as ArrowPrimitiveType>::Native>(
                obj, list_size,
            )?)
        };
    }
    let flat: ArrayRef = match dtype {
        DType::Bool => Arc::new(BooleanArray::from(read::<bool>(obj, list_size)?)),
        DType::I8 => go!(Int8Type),
        DType::I16 => go!(Int16Type),
        DType::I32 => go!(Int32Type),
        DType::I64 => go!(Int64Type),
        DType::U8 => go!(UInt8Type),
        DType::U16 => go!(UInt16Type),
        DType::U32 => go!(UInt32Type),
        DType::U64 => go!(UInt64Type),
        DType::F16 => go!(Float16Type),
        DType::F32 => go!(Float32Type),
        DType::F64 => go!(Float64Type),
    };
    if list_size == 0 {
        return Some(flat);
    }
    let size = i32::try_from(list_size).ok()?;
    // SAFETY: `read` returned a multiple of `list_size` (≥ 1) values, and `prim` (or
    // `BooleanArray::from`) made them a non-null array of `dtype`'s type, as `flat` would.
    Some(unsafe { fixed_size_list_of_flat(dtype, size, flat) })
}

/// One Python number as `dtype`'s native bytes in `out` (no allocation), read exactly as
/// `py_array(obj, dtype, 0)` reads it; the byte count, or `None` where that declines.
pub fn py_number_bytes(obj: &Bound<'_, PyAny>, dtype: DType, out: &mut [u8; 8]) -> Option<usize> {
    macro_rules! put {
        ($t:ty) => {{
            let bytes = <$t as PyNum>::from_py(obj)?.to_ne_bytes();
            out[..bytes.len()].copy_from_slice(&bytes);
            bytes.len()
        }};
    }
    Some(match dtype {
        DType::Bool => {
            out[0] = u8::from(bool::from_py(obj)?);
            1
        }
        DType::I8 => put!(i8),
        DType::I16 => put!(i16),
        DType::I32 => put!(i32),
        DType::I64 => put!(i64),
        DType::U8 => put!(u8),
        DType::U16 => put!(u16),
        DType::U32 => put!(u32),
        DType::U64 => put!(u64),
        DType::F16 => return None, // as `py_array`: numpy does the rounding
        DType::F32 => put!(f32),
        DType::F64 => put!(f64),
    })
}

/// Any numeric buffer's values converted to float32, in their order (a copy). `None` for bool.
pub fn values_as_f32(values: &Imported) -> Option<Vec<f32>> {
    fn conv<T: PyNum + ArrowNativeType>(src: &Buffer, len: usize) -> Vec<f32> {
        src.typed_data::<T>()[..len]
            .iter()
            .map(|v| v.to_f32())
            .collect()
    }
    let (b, n) = (&values.buffer, values.len);
    Some(match values.dtype {
        DType::I8 => conv::<i8>(b, n),
        DType::I16 => conv::<i16>(b, n),
        DType::I32 => conv::<i32>(b, n),
        DType::I64 => conv::<i64>(b, n),
        DType::U8 => conv::<u8>(b, n),
        DType::U16 => conv::<u16>(b, n),
        DType::U32 => conv::<u32>(b, n),
        DType::U64 => conv::<u64>(b, n),
        DType::F16 => conv::<f16>(b, n),
        DType::F32 => conv::<f32>(b, n),
        DType::F64 => conv::<f64>(b, n),
        DType::Bool => return None,
    })
}

/// `[0, len]` as int32 offsets, for a single blob or strip.
pub fn single_offsets(len: usize) -> Option<Imported> {
    let end = i32::try_from(len).ok()?;
    Some(imported(vec![0i32, end], DType::I32, vec![2]))
}
