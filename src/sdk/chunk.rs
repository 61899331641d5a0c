//! Rows and chunks: a row is one `log` call (row id, time point, component cells); a chunk is a
//! run of rows of one entity with the same timelines and components, laid out as the sorbet
//! record batch Rerun 0.41 stores (spec §7).

use std::sync::Arc;

use arrow_array::{
    cast::AsArray, make_array, Array, ArrayRef, DurationNanosecondArray, FixedSizeListArray,
    Int64Array, ListArray, RecordBatch, TimestampNanosecondArray,
};
use arrow_buffer::{OffsetBuffer, ScalarBuffer};
use arrow_data::transform::MutableArrayData;
use arrow_schema::{DataType, Field, FieldRef};

use super::descriptor::Descriptor;
use super::rrd::schema;
use super::time::{TimeKind, TimePoint};
use super::tuid::Tuid;
use crate::bridge::builders;
use crate::bridge::import::Imported;
use crate::bridge::DType;
use crate::error::{Error, Result};

/// One component batch of one row.
pub struct Cell {
    pub descriptor: Arc<Descriptor>,
    /// The cell's values, or the source of a deferred conversion.
    pub array: ArrayRef,
    /// Work left for the batcher thread (per-element conversions stay off the calling thread).
    pub deferred: Option<Deferred>,
}

/// A per-element conversion that `Row::resolve` runs on the batcher thread.
#[derive(Clone, Copy, Debug)]
pub enum Deferred {
    /// RGB(A) bytes or 0–1 floats → Rerun's packed `0xRRGGBBAA` u32 colors.
    PackRgba { channels: usize },
    /// A tiny array carried in the row (`array` is a placeholder until `resolve`).
    Inline(Inline),
}

/// The most bytes a cell carries inline.
pub const INLINE_BYTES: usize = 48;

/// A tiny cell's values in the row itself: a translation, a quaternion, a scalar, a couple of
/// points. Building its Arrow array (a values buffer, its `Bytes`, the primitive array and the
/// fixed-size list: four allocations the batcher thread would free) is left to the batcher.
#[derive(Clone, Copy, Debug)]
pub struct Inline {
    bytes: [u8; INLINE_BYTES],
    /// Elements (of `dtype`) in `bytes`.
    len: usize,
    dtype: DType,
    /// 0: a primitive array of `len` values; k: `FixedSizeList<k x dtype>` of `len / k`.
    list_size: i32,
}

impl Inline {
    /// `len` values of `dtype` from `bytes` (at most `INLINE_BYTES`), as a primitive array
    /// (`list_size == 0`) or fixed-size lists (`len` a multiple of `list_size`); `None` otherwise.
    pub fn new(bytes: &[u8], len: usize, dtype: DType, list_size: usize) -> Option<Self> {
        let list_size = i32::try_from(list_size).ok()?;
        let k = usize::try_from(list_size).ok()?;
        if bytes.len() > INLINE_BYTES
            || bytes.len() != len * dtype.item_size()
            || (k > 0 && len % k != 0)
        {
            return None;
        }
        let mut inline = Inline {
            bytes: [0; INLINE_BYTES],
            len,
            dtype,
            list_size,
        };
        inline.bytes[..bytes.len()].copy_from_slice(bytes);
        Some(inline)
    }

    pub fn byte_size(&self) -> usize {
        self.len * self.dtype.item_size()
    }

    /// What the built array's buffer will take (arrow rounds buffers up to 64 bytes): the
    /// queue counts an inline cell as it counts the array it stands for.
    pub fn buffer_size(&self) -> usize {
        self.byte_size().next_multiple_of(64)
    }

    /// The Arrow array: what `builders::primitive` / `fixed_size_list` build from the same values.
    pub fn to_array(&self) -> ArrayRef {
        let flat = builders::flat(Imported::copied(
            &self.bytes[..self.byte_size()],
            self.dtype,
            smallvec::smallvec![self.len],
        ));
        if self.list_size == 0 {
            flat
        } else {
            // SAFETY: `new` checked that `len` is a multiple of `list_size` (≥ 1 here), and
            // `flat` built a non-null array of `dtype`'s type with `len` elements.
            unsafe { builders::fixed_size_list_of_flat(self.dtype, self.list_size, flat) }
        }
    }
}

/// The `array` of a cell whose values are inline (`Deferred::Inline`) until `resolve`.
pub fn inline_placeholder() -> ArrayRef {
    static EMPTY: std::sync::OnceLock<ArrayRef> = std::sync::OnceLock::new();
    EMPTY
        .get_or_init(|| Arc::new(arrow_array::NullArray::new(0)))
        .clone()
}

pub struct Row {
    pub row_id: Tuid,
    /// Empty for static rows.
    pub timepoint: TimePoint,
    /// Sorted by component name.
    pub cells: Vec<Cell>,
    /// Some cell aliases caller memory (its release needs the GIL).
    pub borrowed: bool,
    /// Debug switch `NPARROW_CHECK_BORROWS`: checksums of borrowed cells at log time.
    pub checksums: Option<Vec<u64>>,
    /// Sources replaced by `resolve`; kept so that borrowed ones are released with the row.
    pub retired: Vec<ArrayRef>,
}

impl Row {
    /// Runs the deferred conversions. A cell whose conversion fails is dropped; the returned
    /// messages say which.
    pub fn resolve(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut i = 0;
        while i < self.cells.len() {
            let channels = match self.cells[i].deferred {
                Some(Deferred::PackRgba { channels }) => channels,
                Some(Deferred::Inline(values)) => {
                    let cell = &mut self.cells[i];
                    cell.array = values.to_array();
                    cell.deferred = None;
                    i += 1;
                    continue;
                }
                None => {
                    i += 1;
                    continue;
                }
            };
            let cell = &mut self.cells[i];
            match super::color::pack_rgba(cell.array.as_ref(), channels, &cell.descriptor.component)
            {
                Ok(packed) => {
                    self.retired
                        .push(std::mem::replace(&mut cell.array, packed));
                    cell.deferred = None;
                    i += 1;
                }
                Err(e) => {
                    problems.push(e.to_string());
                    self.retired.push(self.cells.remove(i).array);
                }
            }
        }
        problems
    }

    /// What must match for two rows to share a chunk: timelines and (component, type) pairs.
    pub fn same_layout(&self, other: &Row) -> bool {
        self.timepoint.0.len() == other.timepoint.0.len()
            && self
                .timepoint
                .0
                .iter()
                .zip(&other.timepoint.0)
                .all(|(a, b)| a.0 == b.0 && a.1 == b.1)
            && self.cells.len() == other.cells.len()
            && self.cells.iter().zip(&other.cells).all(|(a, b)| {
                a.descriptor == b.descriptor && a.array.data_type() == b.array.data_type()
            })
    }

    pub fn byte_size(&self) -> usize {
        self.cells
            .iter()
            .map(|c| match &c.deferred {
                Some(Deferred::Inline(values)) => values.buffer_size(),
                _ => c.array.get_buffer_memory_size(),
            })
            .sum::<usize>()
            + 64
    }
}

/// Checksum of every buffer behind an array (FNV-1a over 8-byte words; debug use only).
pub fn checksum(array: &dyn Array) -> u64 {
    fn walk(data: &arrow_data::ArrayData, h: &mut u64) {
        for b in data.buffers() {
            let bytes = b.as_slice();
            let (words, tail) = bytes.split_at(bytes.len() / 8 * 8);
            for w in words.chunks_exact(8) {
                let mut a = [0u8; 8];
                a.copy_from_slice(w);
                *h = (*h ^ u64::from_le_bytes(a)).wrapping_mul(0x100000001b3);
            }
            for &t in tail {
                *h = (*h ^ t as u64).wrapping_mul(0x100000001b3);
            }
        }
        for c in data.child_data() {
            walk(c, h);
        }
    }
    let mut h = 0xcbf29ce484222325u64;
    walk(&array.to_data(), &mut h);
    h
}

/// Deep-copies an array so that it owns its memory (no borrowed Python buffers left).
pub fn owned_copy(array: &ArrayRef) -> Result<ArrayRef> {
    concat(&[array.as_ref()])
}

/// Concatenates same-typed arrays into new Rust-owned buffers: arrow-select's `concat`, which
/// copies primitive and list values buffer by buffer (no per-row `ArrayData`). Fixed-size lists
/// without nulls (positions, vectors, quaternions, matrices), for which arrow-select 59 falls
/// back to its generic per-array path, concatenate their children that way and are re-wrapped.
fn concat(arrays: &[&dyn Array]) -> Result<ArrayRef> {
    if arrays.len() == 1 {
        // arrow-select returns a lone array as a slice of itself; a copy must own its memory.
        return copy_via_mutable(arrays);
    }
    if let Some(DataType::FixedSizeList(field, k)) = arrays.first().map(|a| a.data_type()) {
        // Only lists of at least one item (a size-0 list's length is not its values'), without
        // nulls, and every array really one (no panicking downcast).
        let lists: Option<Vec<&FixedSizeListArray>> = arrays
            .iter()
            .map(|a| a.as_fixed_size_list_opt().filter(|l| l.null_count() == 0))
            .collect();
        if let (Some(lists), Ok(size @ 1..)) = (lists, usize::try_from(*k)) {
            let rows: usize = lists.iter().map(|l| l.len()).sum();
            let children: Vec<ArrayRef> = lists
                .iter()
                .map(|l| {
                    let values = l.values();
                    // The values as they are when they are exactly the list's (no new array).
                    if values.len() == l.len() * size {
                        values.clone()
                    } else {
                        values.slice(0, l.len() * size)
                    }
                })
                .collect();
            let refs: Vec<&dyn Array> = children.iter().map(|c| c.as_ref()).collect();
            let values = concat(&refs)?;
            return Ok(Arc::new(FixedSizeListArray::try_new_with_length(
                field.clone(),
                *k,
                values,
                None,
                rows,
            )?));
        }
    }
    Ok(arrow_select::concat::concat(arrays)?)
}

/// The generic copy: every buffer of every array into new ones (`MutableArrayData`).
fn copy_via_mutable(arrays: &[&dyn Array]) -> Result<ArrayRef> {
    let datas: Vec<_> = arrays.iter().map(|a| a.to_data()).collect();
    let total = datas.iter().map(|d| d.len()).sum();
    let mut m = MutableArrayData::new(datas.iter().collect(), false, total);
    for (i, d) in datas.iter().enumerate() {
        m.try_extend(i, 0, d.len())?;
    }
    Ok(make_array(m.freeze()))
}

/// Builds the chunk record batch for `rows` (non-empty, all with the same layout).
///
/// A one-row chunk wraps each cell without copying (offsets `[0, len]`); more rows concatenate
/// the cells, a copy made on the batcher thread, never on the caller's.
pub fn build_chunk(
    entity_path: &str,
    chunk_id: Tuid,
    rows: &[Row],
    is_static: bool,
) -> Result<RecordBatch> {
    let Some(first) = rows.first() else {
        return Err(Error::Value("a chunk needs at least one row".into()));
    };
    debug_assert!(
        rows.iter()
            .all(|r| r.cells.iter().all(|c| c.deferred.is_none())),
        "rows reach build_chunk resolved (Row::resolve)"
    );
    let n = rows.len();
    let mut fields: Vec<FieldRef> =
        Vec::with_capacity(1 + first.timepoint.0.len() + first.cells.len());
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(fields.capacity());

    let ids: Vec<Tuid> = rows.iter().map(|r| r.row_id).collect();
    let sorted_ids = ids.windows(2).all(|w| w[0] < w[1]);
    fields.push(Arc::new(schema::row_id_field(sorted_ids)));
    columns.push(schema::row_id_array(&ids)?);

    if !is_static {
        for (t, (name, kind, _)) in first.timepoint.0.iter().enumerate() {
            let values: Vec<i64> = rows.iter().map(|r| r.timepoint.0[t].2).collect();
            let sorted = values.windows(2).all(|w| w[0] <= w[1]);
            let col: ArrayRef = match kind {
                TimeKind::Sequence => Arc::new(Int64Array::from(values)),
                TimeKind::Timestamp => Arc::new(TimestampNanosecondArray::from(values)),
                TimeKind::Duration => Arc::new(DurationNanosecondArray::from(values)),
            };
            fields.push(Arc::new(schema::index_field(
                name,
                kind.arrow_type(),
                sorted,
            )));
            columns.push(col);
        }
    }

    for (c, cell) in first.cells.iter().enumerate() {
        let item = cell.array.data_type().clone();
        let item_field = Arc::new(Field::new("item", item, true));
        let list = if n == 1 {
            let len = i32::try_from(cell.array.len()).map_err(|_| too_big(&cell.descriptor))?;
            ListArray::try_new(
                item_field.clone(),
                OffsetBuffer::new(vec![0, len].into()),
                cell.array.clone(),
                None,
            )?
        } else {
            let parts: Vec<&dyn Array> = rows.iter().map(|r| r.cells[c].array.as_ref()).collect();
            let mut lens = Vec::with_capacity(n);
            for p in &parts {
                lens.push(p.len());
            }
            let total: usize = lens.iter().sum();
            i32::try_from(total).map_err(|_| too_big(&cell.descriptor))?;
            ListArray::try_new(
                item_field.clone(),
                OffsetBuffer::from_lengths(lens),
                concat(&parts)?,
                None,
            )?
        };
        let d = &cell.descriptor;
        fields.push(Arc::new(schema::component_field(
            &d.component,
            cell.array.data_type().clone(),
            d.archetype.as_deref(),
            d.component_type.as_deref(),
        )));
        columns.push(Arc::new(list));
    }

    Ok(schema::chunk_batch(entity_path, chunk_id, fields, columns)?)
}

/// One index column of a `send_columns` chunk: a timeline and one value per row.
pub struct TimeColumn {
    pub name: Arc<str>,
    pub kind: TimeKind,
    pub values: ScalarBuffer<i64>,
}

/// One component column of a `send_columns` chunk: `List<item>` with one list per row, built over
/// the caller's whole batch (no copy).
pub struct ComponentColumn {
    pub descriptor: Arc<Descriptor>,
    pub list: ArrayRef,
}

/// Builds the chunk of one `send_columns` call: row ids, then `timelines`, then `columns`, each
/// as given (callers sort them by name). No `log_time`; no timelines makes the chunk static.
///
/// As rerun-sdk 0.41 does, rows are put in the order of the first timeline (stable, so equal
/// times keep their order) when that one is unsorted; the row ids then increase in the new order.
/// Only that case copies the columns; sorted input stays zero-copy.
pub fn build_columns_chunk(
    entity_path: &str,
    chunk_id: Tuid,
    row_ids: &[Tuid],
    timelines: &[TimeColumn],
    columns: &[ComponentColumn],
) -> Result<RecordBatch> {
    let n = row_ids.len();
    let perm = timelines.first().and_then(|t| {
        let v = &t.values;
        (v.len() == n && !v.windows(2).all(|w| w[0] <= w[1])).then(|| {
            let mut idx: Vec<usize> = (0..n).collect();
            idx.sort_by_key(|&i| v[i]);
            idx
        })
    });
    let mut fields: Vec<FieldRef> = Vec::with_capacity(1 + timelines.len() + columns.len());
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(fields.capacity());
    fields.push(Arc::new(schema::row_id_field(
        row_ids.windows(2).all(|w| w[0] < w[1]),
    )));
    arrays.push(schema::row_id_array(row_ids)?);
    for t in timelines {
        if t.values.len() != n {
            return Err(Error::Value(format!(
                "send_columns: timeline {:?} has {} values, expected {n}",
                t.name,
                t.values.len()
            )));
        }
        let values = match &perm {
            Some(p) => p.iter().map(|&i| t.values[i]).collect(),
            None => t.values.clone(),
        };
        let sorted = values.windows(2).all(|w| w[0] <= w[1]);
        let col: ArrayRef = match t.kind {
            TimeKind::Sequence => Arc::new(Int64Array::new(values, None)),
            TimeKind::Timestamp => Arc::new(TimestampNanosecondArray::new(values, None)),
            TimeKind::Duration => Arc::new(DurationNanosecondArray::new(values, None)),
        };
        fields.push(Arc::new(schema::index_field(
            &t.name,
            t.kind.arrow_type(),
            sorted,
        )));
        arrays.push(col);
    }
    for c in columns {
        let DataType::List(item) = c.list.data_type() else {
            return Err(Error::Type(format!(
                "send_columns: {}: expected a list column, got {}",
                c.descriptor.component,
                c.list.data_type()
            )));
        };
        if c.list.len() != n {
            return Err(Error::Value(format!(
                "send_columns: component {:?} has {} rows, expected {n}",
                c.descriptor.component,
                c.list.len()
            )));
        }
        let d = &c.descriptor;
        fields.push(Arc::new(schema::component_field(
            &d.component,
            item.data_type().clone(),
            d.archetype.as_deref(),
            d.component_type.as_deref(),
        )));
        arrays.push(match &perm {
            Some(p) => reorder_rows(&c.list, p, d)?,
            None => c.list.clone(),
        });
    }
    Ok(schema::chunk_batch(entity_path, chunk_id, fields, arrays)?)
}

/// The list array with its rows in the order `perm` (a copy into Rust-owned buffers).
fn reorder_rows(list: &ArrayRef, perm: &[usize], d: &Descriptor) -> Result<ArrayRef> {
    let (Some(list), DataType::List(field)) =
        (list.as_any().downcast_ref::<ListArray>(), list.data_type())
    else {
        return Err(Error::Type(format!(
            "send_columns: {}: expected a list column",
            d.component
        )));
    };
    let offsets = list.value_offsets();
    let child = list.values().to_data();
    let total = (offsets[offsets.len() - 1] - offsets[0]) as usize;
    let mut m = MutableArrayData::new(vec![&child], false, total);
    let mut lens = Vec::with_capacity(perm.len());
    for &i in perm {
        let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
        m.try_extend(0, a, b)?;
        lens.push(b - a);
    }
    // Null rows (a dataframe's null cells) stay null in their new places.
    let nulls = list.nulls().map(|n| {
        arrow_buffer::NullBuffer::from(perm.iter().map(|&i| n.is_valid(i)).collect::<Vec<_>>())
    });
    Ok(Arc::new(ListArray::try_new(
        field.clone(),
        OffsetBuffer::from_lengths(lens),
        make_array(m.freeze()),
        nulls,
    )?))
}

fn too_big(d: &Descriptor) -> Error {
    Error::Value(format!(
        "{}: more than 2^31 instances in one chunk",
        d.component
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sdk::rrd::schema::{ENTITY_PATH_KEY, IS_SORTED_KEY};
    use crate::sdk::tuid::new_tuid;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float32Type, Int64Type, UInt32Type};
    use arrow_array::{Float32Array, UInt8Array};

    fn fsl(values: Vec<f32>, k: i32) -> ArrayRef {
        let field = Arc::new(Field::new("item", DataType::Float32, false));
        let n = if k == 0 { 2 } else { values.len() / k as usize };
        let values = Arc::new(Float32Array::from(values)) as ArrayRef;
        Arc::new(FixedSizeListArray::try_new_with_length(field, k, values, None, n).unwrap())
    }

    #[test]
    fn concat_of_fixed_size_lists_keeps_rows_slices_and_empty_lists() {
        let a = fsl(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3);
        let b = fsl(vec![7.0, 8.0, 9.0, 10.0, 11.0, 12.0], 3).slice(1, 1);
        let out = concat(&[a.as_ref(), b.as_ref()]).unwrap();
        let out = out.as_fixed_size_list();
        assert_eq!(out.len(), 3);
        let values = out.values().as_primitive::<Float32Type>().values().to_vec();
        assert_eq!(values, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 10.0, 11.0, 12.0]);
        // Lists of size 0: their length is not their values' (the generic path keeps it).
        let (e1, e2) = (fsl(vec![], 0), fsl(vec![], 0));
        assert_eq!(concat(&[e1.as_ref(), e2.as_ref()]).unwrap().len(), 4);
    }

    #[test]
    fn inline_values_build_what_the_builders_build() {
        use crate::bridge::pyvalues::imported;
        let xyz = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0];
        let bytes: Vec<u8> = xyz.iter().flat_map(|v| v.to_ne_bytes()).collect();
        let lists = Inline::new(&bytes, 6, DType::F32, 3).unwrap().to_array();
        let built =
            builders::fixed_size_list(imported(xyz.to_vec(), DType::F32, vec![2, 3]), 3, "t")
                .unwrap();
        assert_eq!(lists.to_data(), built.to_data());
        assert_eq!(
            lists.data_type(),
            &builders::fixed_size_list_type(DType::F32, 3)
        );
        let flat = Inline::new(&bytes[..4], 1, DType::F32, 0)
            .unwrap()
            .to_array();
        assert_eq!(flat.as_primitive::<Float32Type>().values().to_vec(), [1.0]);
        let bools = Inline::new(&[1, 0, 1], 3, DType::Bool, 0)
            .unwrap()
            .to_array();
        assert_eq!(
            bools.as_boolean().iter().collect::<Vec<_>>(),
            [Some(true), Some(false), Some(true)]
        );
    }

    #[test]
    fn inline_refuses_what_it_cannot_hold() {
        assert!(Inline::new(&[0; INLINE_BYTES + 4], INLINE_BYTES / 4 + 1, DType::F32, 0).is_none());
        assert!(
            Inline::new(&[0; 8], 1, DType::F32, 0).is_none(),
            "8 bytes are not 1 float32"
        );
        assert!(
            Inline::new(&[0; 16], 4, DType::F32, 3).is_none(),
            "4 values are not lists of 3"
        );
    }

    #[test]
    fn resolve_builds_inline_cells_and_the_row_counts_their_bytes() {
        let bytes: Vec<u8> = [0.0f32, 0.0, 0.0, 1.0]
            .iter()
            .flat_map(|v| v.to_ne_bytes())
            .collect();
        let mut r = row(
            Some(1),
            vec![("Transform3D:quaternion", inline_placeholder())],
        );
        r.cells[0].deferred = Some(Deferred::Inline(
            Inline::new(&bytes, 4, DType::F32, 4).unwrap(),
        ));
        assert_eq!(r.byte_size(), 64 + 64);
        assert!(r.resolve().is_empty());
        assert!(r.cells[0].deferred.is_none());
        let q = r.cells[0].array.as_fixed_size_list();
        assert_eq!(q.len(), 1);
        assert_eq!(
            q.values().as_primitive::<Float32Type>().values().to_vec(),
            [0.0, 0.0, 0.0, 1.0]
        );
    }

    pub(crate) fn descriptor(component: &str) -> Arc<Descriptor> {
        Arc::new(Descriptor {
            archetype: Some("rerun.archetypes.Points3D".into()),
            component: component.into(),
            component_type: Some("rerun.components.Radius".into()),
        })
    }

    pub(crate) fn row(frame: Option<i64>, cells: Vec<(&str, ArrayRef)>) -> Row {
        let mut timepoint = TimePoint::default();
        if let Some(f) = frame {
            timepoint.set("frame", TimeKind::Sequence, f).unwrap();
        }
        Row {
            row_id: new_tuid(),
            timepoint,
            cells: cells
                .into_iter()
                .map(|(name, array)| Cell {
                    descriptor: descriptor(name),
                    array,
                    deferred: None,
                })
                .collect(),
            borrowed: false,
            checksums: None,
            retired: Vec::new(),
        }
    }

    pub(crate) fn radii(v: &[f32]) -> ArrayRef {
        Arc::new(Float32Array::from(v.to_vec()))
    }

    fn column<'a>(batch: &'a RecordBatch, name: &str) -> &'a ArrayRef {
        let i = batch
            .schema()
            .index_of(name)
            .unwrap_or_else(|_| panic!("no column {name} in {:?}", batch.schema().fields()));
        batch.column(i)
    }

    #[test]
    fn one_row_wraps_the_cell_without_copying() {
        let cell = radii(&[0.5, 1.0, 2.0]);
        let values_ptr = cell.to_data().buffers()[0].as_ptr();
        let batch = build_chunk(
            "/points",
            new_tuid(),
            &[row(Some(7), vec![("Points3D:radii", cell)])],
            false,
        )
        .unwrap();
        assert_eq!(batch.num_rows(), 1);
        assert_eq!(batch.schema().metadata()[ENTITY_PATH_KEY], "/points");
        let list = column(&batch, "Points3D:radii").as_list::<i32>();
        assert_eq!(list.value_offsets(), [0, 3]);
        assert_eq!(
            list.values().to_data().buffers()[0].as_ptr(),
            values_ptr,
            "copied"
        );
        let frame = column(&batch, "frame").as_primitive::<Int64Type>();
        assert_eq!(frame.values().to_vec(), [7]);
    }

    #[test]
    fn rows_concatenate_per_row_lists_and_mark_unsorted_timelines() {
        let rows = [
            row(Some(3), vec![("Points3D:radii", radii(&[1.0]))]),
            row(Some(1), vec![("Points3D:radii", radii(&[2.0, 3.0]))]),
            row(Some(2), vec![("Points3D:radii", radii(&[]))]),
        ];
        let batch = build_chunk("a/b", new_tuid(), &rows, false).unwrap();
        assert_eq!(batch.num_rows(), 3);
        let list = column(&batch, "Points3D:radii").as_list::<i32>();
        assert_eq!(list.value_offsets(), [0, 1, 3, 3]);
        assert_eq!(
            list.values()
                .as_primitive::<Float32Type>()
                .values()
                .to_vec(),
            [1.0, 2.0, 3.0]
        );
        let schema = batch.schema();
        let frame = schema.field_with_name("frame").unwrap();
        assert_eq!(
            frame.metadata().get(IS_SORTED_KEY),
            None,
            "frames 3, 1, 2 are not sorted"
        );
        let sorted = build_chunk("a/b", new_tuid(), &rows[1..], false).unwrap();
        let frame = sorted.schema().field_with_name("frame").unwrap().clone();
        assert_eq!(frame.metadata()[IS_SORTED_KEY], "true");
    }

    #[test]
    fn static_chunks_have_no_timelines_and_empty_input_is_an_error() {
        let batch = build_chunk(
            "s",
            new_tuid(),
            &[row(None, vec![("Points3D:radii", radii(&[1.0]))])],
            true,
        )
        .unwrap();
        assert!(batch.schema().field_with_name("frame").is_err());
        assert_eq!(batch.num_columns(), 2, "row id + one component");
        assert!(build_chunk("s", new_tuid(), &[], false).is_err());
    }

    #[test]
    fn layout_compares_timelines_components_and_types() {
        let a = row(Some(0), vec![("Points3D:radii", radii(&[1.0]))]);
        assert!(a.same_layout(&row(Some(5), vec![("Points3D:radii", radii(&[1.0, 2.0]))])));
        assert!(!a.same_layout(&row(None, vec![("Points3D:radii", radii(&[1.0]))])));
        assert!(!a.same_layout(&row(Some(0), vec![("Points3D:colors", radii(&[1.0]))])));
        let other_type: ArrayRef = Arc::new(UInt8Array::from(vec![1u8]));
        assert!(!a.same_layout(&row(Some(0), vec![("Points3D:radii", other_type)])));
    }

    #[test]
    fn resolve_packs_colors_and_drops_only_the_bad_cell() {
        let good: ArrayRef = Arc::new(UInt8Array::from(vec![255u8, 0, 0, 0, 0, 255]));
        let bad = radii(&[0.5, 0.5, 0.5]).slice(0, 3);
        let mut r = row(
            Some(0),
            vec![("Points3D:colors", good), ("Points3D:radii", radii(&[1.0]))],
        );
        r.cells[0].deferred = Some(Deferred::PackRgba { channels: 3 });
        assert!(r.resolve().is_empty());
        assert_eq!(
            r.cells[0]
                .array
                .as_primitive::<UInt32Type>()
                .values()
                .to_vec(),
            [0xff0000ff, 0x0000ffff]
        );
        assert_eq!(
            r.retired.len(),
            1,
            "the unpacked source is kept until the row is released"
        );

        let int_colors: ArrayRef = Arc::new(arrow_array::Int32Array::from(vec![1, 2, 3]));
        let mut r = row(
            Some(0),
            vec![("Points3D:colors", int_colors), ("Points3D:radii", bad)],
        );
        r.cells[0].deferred = Some(Deferred::PackRgba { channels: 3 });
        let problems = r.resolve();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("Points3D:colors"), "{problems:?}");
        assert_eq!(r.cells.len(), 1);
        assert_eq!(r.cells[0].descriptor.component, "Points3D:radii");
    }

    #[test]
    fn send_columns_chunk_sorts_rows_by_the_first_timeline() {
        let n = 3;
        let mut ids = Vec::new();
        crate::sdk::tuid::new_tuids(n, &mut ids);
        let timelines = [TimeColumn {
            name: "t".into(),
            kind: TimeKind::Sequence,
            values: vec![30i64, 10, 20].into(),
        }];
        let list: ArrayRef = Arc::new(
            ListArray::try_new(
                Arc::new(Field::new("item", DataType::Float32, true)),
                OffsetBuffer::from_lengths([1, 2, 1]),
                radii(&[3.0, 1.0, 1.5, 2.0]),
                None,
            )
            .unwrap(),
        );
        let columns = [ComponentColumn {
            descriptor: descriptor("Points3D:radii"),
            list,
        }];
        let batch = build_columns_chunk("c", new_tuid(), &ids, &timelines, &columns).unwrap();
        assert_eq!(
            column(&batch, "t")
                .as_primitive::<Int64Type>()
                .values()
                .to_vec(),
            [10, 20, 30]
        );
        let l = column(&batch, "Points3D:radii").as_list::<i32>();
        let rows: Vec<Vec<f32>> = (0..3)
            .map(|i| l.value(i).as_primitive::<Float32Type>().values().to_vec())
            .collect();
        assert_eq!(rows, [vec![1.0, 1.5], vec![2.0], vec![3.0]]);
    }
}
