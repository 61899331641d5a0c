//! Arrow builders over imported buffers: primitive, fixed-size list, var-length, struct and
//! list arrays, and validity masks.
//! Every check that an arrow-rs constructor would panic on is done here first.

use std::sync::{Arc, OnceLock};

use arrow_array::{
    make_array, Array, ArrayRef, BooleanArray, FixedSizeListArray, ListArray, PrimitiveArray,
    StringArray, StructArray, UnionArray,
};
use arrow_buffer::{BooleanBuffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, FieldRef, UnionFields};

use super::dtype::with_dtype;
use super::dtype::DType;
use super::import::Imported;
use crate::error::{Error, Result};

/// `Field("item", T, nullable=false)` per dtype, built once: the child of every fixed-size list
/// and byte list the builders make (non-nullable values, pyarrow's default child name).
pub(crate) fn item_field(dtype: DType) -> FieldRef {
    static FIELDS: OnceLock<Vec<FieldRef>> = OnceLock::new();
    let fields = FIELDS.get_or_init(|| {
        DType::ALL
            .iter()
            .map(|d| Arc::new(Field::new("item", d.arrow_type(), false)))
            .collect()
    });
    fields[dtype as usize].clone()
}

/// A flat (1-d) array of `dtype` values → Arrow primitive (numpy bool → bit-packed, a copy).
pub fn primitive(values: Imported, what: &str) -> Result<ArrayRef> {
    if values.shape.len() != 1 {
        return Err(Error::Value(format!(
            "{what}: expected a 1-d array, got shape {:?}",
            values.shape
        )));
    }
    Ok(flat(values))
}

pub fn flat(values: Imported) -> ArrayRef {
    let Imported {
        buffer, dtype, len, ..
    } = values;
    with_dtype!(
        dtype,
        T,
        {
            // Alignment, length and native byte order were established by `import_buffer` (or
            // the buffer is Rust-allocated), so `ScalarBuffer::new` cannot panic.
            let scalars =
                ScalarBuffer::<<T as arrow_array::ArrowPrimitiveType>::Native>::new(buffer, 0, len);
            Arc::new(PrimitiveArray::<T>::new(scalars, None)) as ArrayRef
        },
        {
            let bytes = buffer.as_slice();
            let bits = BooleanBuffer::collect_bool(len, |i| bytes[i] != 0);
            Arc::new(BooleanArray::new(bits, None)) as ArrayRef
        }
    )
}

/// A flat array with a multiple of `list_size` elements, or an `(N, list_size)` array →
/// `FixedSizeList<list_size x T>` with a non-nullable `item` child.
pub fn fixed_size_list(values: Imported, list_size: usize, what: &str) -> Result<ArrayRef> {
    if list_size == 0 {
        return Err(Error::Value(format!(
            "{what}: list_size must be at least 1, got 0"
        )));
    }
    let ok = match values.shape.as_slice() {
        [n] => n % list_size == 0,
        [_, k] => *k == list_size,
        _ => false,
    };
    if !ok {
        return Err(Error::Value(format!(
            "{what}: expected shape (N, {list_size}) or a flat array with a multiple of {list_size} elements, got shape {:?}",
            values.shape
        )));
    }
    let dtype = values.dtype;
    let size = i32::try_from(list_size)
        .map_err(|_| Error::Value(format!("{what}: list_size {list_size} too large")))?;
    // SAFETY: `flat` builds a non-null array of `dtype`'s type with `values.len` elements, a
    // multiple of `list_size` (≥ 1), both checked above.
    Ok(unsafe { fixed_size_list_of_flat(dtype, size, flat(values)) })
}

/// `FixedSizeList<size x dtype>` over `child`, built without arrow's validation, which costs
/// more than the rest of a small list (~0.02 µs of a `Transform3D` field).
///
/// # Safety
/// `size >= 1`, `child.len()` is a multiple of `size`, and `child` has no nulls and the type
/// `flat()` builds for `dtype` (`dtype.arrow_type()`, the type of `item_field(dtype)`): an array
/// from `flat()` or of the same primitive type. Debug builds check all of it.
pub(crate) unsafe fn fixed_size_list_of_flat(dtype: DType, size: i32, child: ArrayRef) -> ArrayRef {
    let k = usize::try_from(size).unwrap_or(0);
    debug_assert!(k > 0 && child.len() % k == 0 && child.null_count() == 0);
    let field = item_field(dtype);
    debug_assert_eq!(field.data_type(), child.data_type());
    let len = child.len().checked_div(k).unwrap_or(0);
    // SAFETY: `new_unchecked`'s conditions are this function's: `size >= 1`, `child.len() ==
    // len * size`, no null buffer, and `field.data_type() == child.data_type()`.
    Arc::new(unsafe { FixedSizeListArray::new_unchecked(field, size, child, None, len) })
}

/// A fixed-size list of `list_size` whole child arrays' elements (a list of lists, e.g. a
/// `FixedSizeList<15 x FixedSizeList<3 x f16>>` per instance): the child is wrapped, not copied.
pub fn fixed_size_list_of(child: ArrayRef, list_size: usize, what: &str) -> Result<ArrayRef> {
    if list_size == 0 || child.len() % list_size != 0 {
        return Err(Error::Value(format!(
            "{what}: expected a multiple of {list_size} inner lists, got {}",
            child.len()
        )));
    }
    let size = i32::try_from(list_size)
        .map_err(|_| Error::Value(format!("{what}: list_size {list_size} too large")))?;
    let field = Arc::new(Field::new("item", child.data_type().clone(), false));
    Ok(Arc::new(FixedSizeListArray::try_new(
        field, size, child, None,
    )?))
}

/// What a `(data, offsets, inner_size)` triple encodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarlenKind {
    /// `inner_size == -1`: UTF-8 bytes + offsets → `Utf8`.
    Utf8,
    /// `inner_size == 0`: bytes + offsets → `List<UInt8>` (blobs).
    Blob,
    /// `inner_size == k > 0`: flat float32 points + offsets in points → `List<FixedSizeList<k x f32>>`.
    Strips(usize),
}

impl VarlenKind {
    pub fn from_inner_size(inner_size: i64) -> Result<Self> {
        match inner_size {
            -1 => Ok(VarlenKind::Utf8),
            0 => Ok(VarlenKind::Blob),
            k if k > 0 => Ok(VarlenKind::Strips(k as usize)),
            k => Err(Error::Value(format!(
                "inner_size must be -1 (utf8), 0 (blob) or k > 0 (strips), got {k}"
            ))),
        }
    }
}

/// Converts offsets to validated `i32` offsets: 1-d, at least one entry, first ≥ 0,
/// non-decreasing, last ≤ `units`. int32 input is used as is (no copy).
fn offsets(offsets: Imported, units: usize, what: &str) -> Result<OffsetBuffer<i32>> {
    if offsets.shape.len() != 1 || offsets.len == 0 {
        return Err(Error::Value(format!(
            "{what}: expected 1-d offsets with at least one entry, got shape {:?}",
            offsets.shape
        )));
    }
    let scalars: ScalarBuffer<i32> = match offsets.dtype {
        DType::I32 => ScalarBuffer::new(offsets.buffer, 0, offsets.len),
        DType::I64 => {
            let wide = ScalarBuffer::<i64>::new(offsets.buffer, 0, offsets.len);
            let narrow: Option<Vec<i32>> = wide.iter().map(|v| i32::try_from(*v).ok()).collect();
            let v = narrow
                .ok_or_else(|| Error::Value(format!("{what}: offsets do not fit in int32")))?;
            ScalarBuffer::from(v)
        }
        other => {
            return Err(Error::Type(format!(
                "{what}: expected int32 or int64 offsets, got {}",
                other.name()
            )));
        }
    };
    let first = scalars[0];
    if first < 0 {
        return Err(Error::Value(format!(
            "{what}: offsets must start at >= 0, got {first}"
        )));
    }
    if let Some(i) = scalars.windows(2).position(|w| w[1] < w[0]) {
        return Err(Error::Value(format!(
            "{what}: offsets must be non-decreasing, got {} then {} at index {}",
            scalars[i],
            scalars[i + 1],
            i + 1
        )));
    }
    let last = scalars[scalars.len() - 1] as usize;
    if last > units {
        return Err(Error::Value(format!(
            "{what}: last offset {last} runs past the data ({units} elements)"
        )));
    }
    // SAFETY: checked just above: non-empty, first >= 0, monotonically non-decreasing.
    Ok(unsafe { OffsetBuffer::new_unchecked(scalars) })
}

/// Builds a var-length array from `(data, offsets, inner_size)`.
pub fn varlen(data: Imported, offs: Imported, kind: VarlenKind, what: &str) -> Result<ArrayRef> {
    if data.shape.len() != 1 && !matches!(kind, VarlenKind::Strips(_)) {
        return Err(Error::Value(format!(
            "{what}: expected 1-d data, got shape {:?}",
            data.shape
        )));
    }
    match kind {
        VarlenKind::Utf8 | VarlenKind::Blob => {
            if !matches!(data.dtype, DType::U8 | DType::I8) {
                return Err(Error::Type(format!(
                    "{what}: expected uint8 bytes as data, got {}",
                    data.dtype.name()
                )));
            }
            let offs = offsets(offs, data.len, what)?;
            if kind == VarlenKind::Utf8 {
                let arr = StringArray::try_new(offs, data.buffer, None)
                    .map_err(|e| Error::Value(format!("{what}: {e}")))?;
                Ok(Arc::new(arr))
            } else {
                let values = flat(Imported {
                    dtype: DType::U8,
                    ..data
                });
                Ok(Arc::new(ListArray::try_new(
                    item_field(DType::U8),
                    offs,
                    values,
                    None,
                )?))
            }
        }
        VarlenKind::Strips(k) => {
            if data.dtype != DType::F32 {
                return Err(Error::Type(format!(
                    "{what}: expected float32 points as data, got {}",
                    data.dtype.name()
                )));
            }
            let points = data.len / k;
            let fsl = fixed_size_list(data, k, what)?;
            let offs = offsets(offs, points, what)?;
            let field = Arc::new(Field::new("item", fsl.data_type().clone(), false));
            Ok(Arc::new(ListArray::try_new(field, offs, fsl, None)?))
        }
    }
}

/// Applies a validity mask (numpy bool or uint8, one entry per element; false = null).
pub fn with_validity(array: ArrayRef, mask: Imported, what: &str) -> Result<ArrayRef> {
    if mask.shape.len() != 1 || mask.len != array.len() {
        return Err(Error::Value(format!(
            "{what}: expected a validity mask of length {}, got shape {:?}",
            array.len(),
            mask.shape
        )));
    }
    if !matches!(mask.dtype, DType::Bool | DType::U8) {
        return Err(Error::Type(format!(
            "{what}: expected a bool validity mask, got {}",
            mask.dtype.name()
        )));
    }
    let bytes = mask.buffer.as_slice();
    let nulls = NullBuffer::new(BooleanBuffer::collect_bool(mask.len, |i| bytes[i] != 0));
    let data = array.to_data().into_builder().nulls(Some(nulls)).build()?;
    Ok(make_array(data))
}

/// A struct array from named children of equal length (`nullable` per child field).
pub fn struct_array(children: Vec<(String, ArrayRef, bool)>, what: &str) -> Result<ArrayRef> {
    let mut fields = Vec::with_capacity(children.len());
    let mut arrays = Vec::with_capacity(children.len());
    for (name, array, nullable) in children {
        if !nullable && array.null_count() > 0 {
            return Err(Error::Value(format!(
                "{what}: field {name:?} may not contain nulls"
            )));
        }
        fields.push(Arc::new(Field::new(
            name,
            array.data_type().clone(),
            nullable,
        )));
        arrays.push(array);
    }
    let len = arrays.first().map(|a| a.len()).unwrap_or(0);
    if let Some(bad) = arrays.iter().position(|a| a.len() != len) {
        return Err(Error::Value(format!(
            "{what}: struct fields must have equal lengths, {:?} has {} instead of {len}",
            fields[bad].name(),
            arrays[bad].len()
        )));
    }
    Ok(Arc::new(StructArray::try_new(fields.into(), arrays, None)?))
}

/// A dense union array: `children[i]` is the variant with type id `i` (named, `nullable` per
/// field); `type_ids` (int8) and `offsets` (int32) give, per element, its variant and its index
/// in that variant's child. Both are 1-d and of equal length; every id and offset is checked
/// here (arrow-rs rechecks them, so a bad one is an error, never a panic).
pub fn dense_union(
    children: Vec<(String, ArrayRef, bool)>,
    type_ids: Imported,
    offsets: Imported,
    what: &str,
) -> Result<ArrayRef> {
    if children.len() > 127 {
        return Err(Error::Value(format!(
            "{what}: a union has at most 127 variants, got {}",
            children.len()
        )));
    }
    if type_ids.shape.len() != 1 || offsets.shape != type_ids.shape {
        return Err(Error::Value(format!(
            "{what}: expected 1-d type ids and offsets of equal length, got shapes {:?} and {:?}",
            type_ids.shape, offsets.shape
        )));
    }
    if type_ids.dtype != DType::I8 || offsets.dtype != DType::I32 {
        return Err(Error::Type(format!(
            "{what}: expected int8 type ids and int32 offsets, got {} and {}",
            type_ids.dtype.name(),
            offsets.dtype.name()
        )));
    }
    let ids = ScalarBuffer::<i8>::new(type_ids.buffer, 0, type_ids.len);
    let offs = ScalarBuffer::<i32>::new(offsets.buffer, 0, offsets.len);
    for (i, (&id, &off)) in ids.iter().zip(offs.iter()).enumerate() {
        let child = usize::try_from(id).ok().and_then(|id| children.get(id));
        let Some((name, array, _)) = child else {
            return Err(Error::Value(format!(
                "{what}: type id {id} at index {i} names no variant (there are {})",
                children.len()
            )));
        };
        if usize::try_from(off).map_or(true, |o| o >= array.len()) {
            return Err(Error::Value(format!(
                "{what}: offset {off} at index {i} is outside variant {name:?} ({} elements)",
                array.len()
            )));
        }
    }
    let mut fields = Vec::with_capacity(children.len());
    let mut arrays = Vec::with_capacity(children.len());
    for (name, array, nullable) in children {
        if !nullable && array.null_count() > 0 {
            return Err(Error::Value(format!(
                "{what}: variant {name:?} may not contain nulls"
            )));
        }
        fields.push(Field::new(name, array.data_type().clone(), nullable));
        arrays.push(array);
    }
    // Checked above: at most 127 variants, so every position (and the range's end) fits an i8.
    let fields = UnionFields::try_new((0..fields.len() as i8).collect::<Vec<_>>(), fields)?;
    Ok(Arc::new(UnionArray::try_new(
        fields,
        ids,
        Some(offs),
        arrays,
    )?))
}

/// A list array over `child` with `offsets` (int32/int64) and an `item` field.
pub fn list_array(
    offs: Imported,
    child: ArrayRef,
    item_nullable: bool,
    what: &str,
) -> Result<ArrayRef> {
    let offs = offsets(offs, child.len(), what)?;
    let field = Arc::new(Field::new("item", child.data_type().clone(), item_nullable));
    Ok(Arc::new(ListArray::try_new(field, offs, child, None)?))
}

/// The Arrow type `fixed_size_list` builds, for schema declarations elsewhere.
pub fn fixed_size_list_type(dtype: DType, list_size: i32) -> DataType {
    DataType::FixedSizeList(item_field(dtype), list_size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Float32Array;

    use crate::bridge::pyvalues::imported as owned;

    #[test]
    fn fsl_from_flat_and_2d() {
        let a = fixed_size_list(
            owned(vec![1f32, 2., 3., 4., 5., 6.], DType::F32, vec![2, 3]),
            3,
            "t",
        )
        .unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a.data_type(), &fixed_size_list_type(DType::F32, 3));
        let b = fixed_size_list(owned(vec![1f32; 6], DType::F32, vec![6]), 3, "t").unwrap();
        assert_eq!(b.len(), 2);
        let err = fixed_size_list(owned(vec![1f32; 4], DType::F32, vec![2, 2]), 3, "t")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("expected shape (N, 3)") && err.contains("[2, 2]"),
            "{err}"
        );
    }

    #[test]
    fn bool_is_bit_packed() {
        let a = primitive(owned(vec![1u8, 0, 1], DType::Bool, vec![3]), "t").unwrap();
        let b = a.as_any().downcast_ref::<BooleanArray>().unwrap();
        assert_eq!(
            b.iter().collect::<Vec<_>>(),
            vec![Some(true), Some(false), Some(true)]
        );
    }

    #[test]
    fn utf8_and_bad_offsets() {
        let data = || owned(b"abc".to_vec(), DType::U8, vec![3]);
        let a = varlen(
            data(),
            owned(vec![0i32, 1, 3], DType::I32, vec![3]),
            VarlenKind::Utf8,
            "t",
        )
        .unwrap();
        let s = a.as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!(s.value(1), "bc");
        for bad in [vec![0i32, 2, 1], vec![-1, 0], vec![0, 4]] {
            let n = bad.len();
            assert!(varlen(
                data(),
                owned(bad, DType::I32, vec![n]),
                VarlenKind::Utf8,
                "t"
            )
            .is_err());
        }
        let bad_utf8 = owned(vec![0xffu8, 0xfe], DType::U8, vec![2]);
        assert!(varlen(
            bad_utf8,
            owned(vec![0i32, 2], DType::I32, vec![2]),
            VarlenKind::Utf8,
            "t"
        )
        .is_err());
        let wide = varlen(
            data(),
            owned(vec![0i64, 3], DType::I64, vec![2]),
            VarlenKind::Blob,
            "t",
        )
        .unwrap();
        assert_eq!(wide.len(), 1);
    }

    #[test]
    fn strips() {
        let data = owned(vec![0f32; 15], DType::F32, vec![5, 3]);
        let a = varlen(
            data,
            owned(vec![0i32, 2, 5], DType::I32, vec![3]),
            VarlenKind::Strips(3),
            "t",
        )
        .unwrap();
        let l = a.as_any().downcast_ref::<ListArray>().unwrap();
        assert_eq!(l.value(1).len(), 3);
        let _ = Float32Array::from(vec![1.0f32]);
    }
}
