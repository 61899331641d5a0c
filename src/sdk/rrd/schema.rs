//! Chunk schema conventions (spec §7): metadata keys, field constructors, the properties chunk.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{Int64Builder, ListBuilder};
use arrow_array::{ArrayRef, FixedSizeBinaryArray, RecordBatch};
use arrow_buffer::Buffer;
use arrow_schema::{DataType, Field, FieldRef, Schema};

use super::RrdError;
use crate::sdk::tuid::{new_tuid, Tuid};

pub const ENTITY_PATH_KEY: &str = "rerun:entity_path";
pub const ID_KEY: &str = "rerun:id";
pub const SORBET_VERSION_KEY: &str = "sorbet:version";
pub const SORBET_VERSION: &str = "0.1.4";
pub const KIND_KEY: &str = "rerun:kind";
pub const INDEX_NAME_KEY: &str = "rerun:index_name";
pub const IS_SORTED_KEY: &str = "rerun:is_sorted";
pub const COMPONENT_KEY: &str = "rerun:component";
pub const ARCHETYPE_KEY: &str = "rerun:archetype";
pub const COMPONENT_TYPE_KEY: &str = "rerun:component_type";
pub const IS_STATIC_KEY: &str = "rerun:is_static";
pub const IS_SEMANTICALLY_EMPTY_KEY: &str = "rerun:is_semantically_empty";
pub const INDEX_KEY: &str = "rerun:index";
pub const EXTENSION_NAME_KEY: &str = "ARROW:extension:name";
pub const EXTENSION_METADATA_KEY: &str = "ARROW:extension:metadata";
pub const ROW_ID_NAME: &str = "rerun.controls.RowId";
pub const TUID_EXTENSION_NAME: &str = "rerun.datatypes.TUID";
pub const ROW_NAMESPACE: &str = r#"{"namespace":"row"}"#;
pub const PROPERTIES_ENTITY: &str = "/__properties";

/// Schema-level metadata of a chunk (§7.2).
pub fn chunk_schema_metadata(entity_path: &str, chunk_id: Tuid) -> HashMap<String, String> {
    HashMap::from([
        (ENTITY_PATH_KEY.to_owned(), entity_path.to_owned()),
        (ID_KEY.to_owned(), chunk_id.chunk_text()),
        (SORBET_VERSION_KEY.to_owned(), SORBET_VERSION.to_owned()),
    ])
}

/// `rerun.controls.RowId` field; `is_sorted` only when the row ids are ascending.
pub fn row_id_field(is_sorted: bool) -> Field {
    let mut md = HashMap::from([
        (
            EXTENSION_NAME_KEY.to_owned(),
            TUID_EXTENSION_NAME.to_owned(),
        ),
        (EXTENSION_METADATA_KEY.to_owned(), ROW_NAMESPACE.to_owned()),
        (KIND_KEY.to_owned(), "control".to_owned()),
    ]);
    if is_sorted {
        md.insert(IS_SORTED_KEY.to_owned(), "true".to_owned());
    }
    Field::new(ROW_ID_NAME, DataType::FixedSizeBinary(16), false).with_metadata(md)
}

/// Index (timeline) column field.
pub fn index_field(name: &str, datatype: DataType, is_sorted: bool) -> Field {
    let mut md = HashMap::from([
        (KIND_KEY.to_owned(), "index".to_owned()),
        (INDEX_NAME_KEY.to_owned(), name.to_owned()),
    ]);
    if is_sorted {
        md.insert(IS_SORTED_KEY.to_owned(), "true".to_owned());
    }
    Field::new(name, datatype, true).with_metadata(md)
}

/// `List<item>` with a nullable child field named `item`.
pub fn list_type(item: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("item", item, true)))
}

/// Component column field: `List<item>` of `item_type`, metadata per §7.3. The column name is
/// the component identifier.
pub fn component_field(
    component: &str,
    item_type: DataType,
    archetype: Option<&str>,
    component_type: Option<&str>,
) -> Field {
    let mut md = HashMap::from([
        (KIND_KEY.to_owned(), "data".to_owned()),
        (COMPONENT_KEY.to_owned(), component.to_owned()),
    ]);
    if let Some(a) = archetype {
        md.insert(ARCHETYPE_KEY.to_owned(), a.to_owned());
    }
    if let Some(c) = component_type {
        md.insert(COMPONENT_TYPE_KEY.to_owned(), c.to_owned());
    }
    Field::new(component, list_type(item_type), true).with_metadata(md)
}

/// The `rerun.controls.RowId` column for the given ids.
pub fn row_id_array(ids: &[Tuid]) -> Result<ArrayRef, RrdError> {
    let bytes: Vec<u8> = ids.iter().flat_map(|t| t.to_arrow_bytes()).collect();
    let arr = FixedSizeBinaryArray::try_new(16, Buffer::from_vec(bytes), None)?;
    Ok(Arc::new(arr))
}

/// Assembles a chunk batch from its fields/columns (RowId first, then indexes, then components).
pub fn chunk_batch(
    entity_path: &str,
    chunk_id: Tuid,
    fields: Vec<FieldRef>,
    columns: Vec<ArrayRef>,
) -> Result<RecordBatch, RrdError> {
    let schema = Schema::new(fields).with_metadata(chunk_schema_metadata(entity_path, chunk_id));
    Ok(RecordBatch::try_new(Arc::new(schema), columns)?)
}

/// The static `/__properties` chunk with `RecordingInfo:start_time` (§7.6). Returns the batch
/// and its chunk id (write it with `is_static = true`).
pub fn properties_chunk(start_time_ns: i64) -> Result<(RecordBatch, Tuid), RrdError> {
    let row_id = new_tuid();
    let chunk_id = new_tuid();
    let mut b = ListBuilder::new(Int64Builder::with_capacity(1));
    b.values().append_value(start_time_ns);
    b.append(true);
    let start_time: ArrayRef = Arc::new(b.finish());
    let fields = vec![
        Arc::new(row_id_field(true)),
        Arc::new(component_field(
            "RecordingInfo:start_time",
            DataType::Int64,
            Some("rerun.archetypes.RecordingInfo"),
            Some("rerun.components.Timestamp"),
        )),
    ];
    let batch = chunk_batch(
        PROPERTIES_ENTITY,
        chunk_id,
        fields,
        vec![row_id_array(&[row_id])?, start_time],
    )?;
    Ok((batch, chunk_id))
}

/// Test-only chunk builders mirroring what the SDK writes.
#[cfg(test)]
pub mod test_chunks {
    use super::*;
    use arrow_array::builder::{FixedSizeListBuilder, Float32Builder, UInt32Builder};
    use arrow_array::{Int64Array, TimestampNanosecondArray};
    use arrow_schema::TimeUnit;

    /// `Points3D:positions` item type: FixedSizeList(3 × Float32 non-null).
    pub fn position3d_type() -> DataType {
        DataType::FixedSizeList(Arc::new(Field::new("item", DataType::Float32, false)), 3)
    }

    fn positions_column(rows: &[Option<Vec<[f32; 3]>>]) -> ArrayRef {
        let inner = FixedSizeListBuilder::new(Float32Builder::new(), 3)
            .with_field(Arc::new(Field::new("item", DataType::Float32, false)));
        let mut b = ListBuilder::new(inner).with_field(Arc::new(Field::new(
            "item",
            position3d_type(),
            true,
        )));
        for row in rows {
            match row {
                Some(points) => {
                    for p in points {
                        b.values().values().append_slice(p);
                        b.values().append(true);
                    }
                    b.append(true);
                }
                None => b.append(false),
            }
        }
        Arc::new(b.finish())
    }

    fn colors_column(rows: &[Option<Vec<u32>>]) -> ArrayRef {
        let mut b = ListBuilder::new(UInt32Builder::new());
        for row in rows {
            match row {
                Some(c) => {
                    b.values().append_slice(c);
                    b.append(true);
                }
                None => b.append(false),
            }
        }
        Arc::new(b.finish())
    }

    fn points_fields() -> (Field, Field) {
        (
            component_field(
                "Points3D:colors",
                DataType::UInt32,
                Some("rerun.archetypes.Points3D"),
                Some("rerun.components.Color"),
            ),
            component_field(
                "Points3D:positions",
                position3d_type(),
                Some("rerun.archetypes.Points3D"),
                Some("rerun.components.Position3D"),
            ),
        )
    }

    /// A temporal `Points3D` chunk: `frame` (sequence) + `log_time` timelines. `positions[i]`
    /// / `colors[i]` are the cells of row `i` (`None` = not logged).
    pub fn build_test_chunk(
        entity_path: &str,
        frames: &[i64],
        log_times: &[i64],
        positions: &[Option<Vec<[f32; 3]>>],
        colors: &[Option<Vec<u32>>],
    ) -> (RecordBatch, Tuid) {
        let n = frames.len();
        assert_eq!(log_times.len(), n);
        assert_eq!(positions.len(), n);
        assert_eq!(colors.len(), n);
        let mut row_ids = Vec::new();
        crate::sdk::tuid::new_tuids(n, &mut row_ids);
        let chunk_id = new_tuid();
        let sorted = |v: &[i64]| v.windows(2).all(|w| w[0] <= w[1]);
        let (colors_f, positions_f) = points_fields();
        let fields = vec![
            Arc::new(row_id_field(true)),
            Arc::new(index_field("frame", DataType::Int64, sorted(frames))),
            Arc::new(index_field(
                "log_time",
                DataType::Timestamp(TimeUnit::Nanosecond, None),
                sorted(log_times),
            )),
            Arc::new(colors_f),
            Arc::new(positions_f),
        ];
        let columns: Vec<ArrayRef> = vec![
            row_id_array(&row_ids).unwrap(),
            Arc::new(Int64Array::from(frames.to_vec())),
            Arc::new(TimestampNanosecondArray::from(log_times.to_vec())),
            colors_column(colors),
            positions_column(positions),
        ];
        let batch = chunk_batch(entity_path, chunk_id, fields, columns).unwrap();
        (batch, chunk_id)
    }

    /// A static `Points3D` chunk (no index columns) with one row.
    pub fn build_static_test_chunk(
        entity_path: &str,
        positions: Vec<[f32; 3]>,
        colors: Option<Vec<u32>>,
    ) -> (RecordBatch, Tuid) {
        let row_id = new_tuid();
        let chunk_id = new_tuid();
        let (colors_f, positions_f) = points_fields();
        let fields = vec![
            Arc::new(row_id_field(true)),
            Arc::new(colors_f),
            Arc::new(positions_f),
        ];
        let columns: Vec<ArrayRef> = vec![
            row_id_array(&[row_id]).unwrap(),
            colors_column(&[colors]),
            positions_column(&[Some(positions)]),
        ];
        let batch = chunk_batch(entity_path, chunk_id, fields, columns).unwrap();
        (batch, chunk_id)
    }

    /// Generic single-row temporal chunk on `frame` + `log_time` with arbitrary component
    /// columns (each given as field + one-row column).
    pub fn build_single_row_chunk(
        entity_path: &str,
        frame: i64,
        log_time: i64,
        components: Vec<(Field, ArrayRef)>,
    ) -> (RecordBatch, Tuid) {
        let row_id = new_tuid();
        let chunk_id = new_tuid();
        let mut fields = vec![
            Arc::new(row_id_field(true)),
            Arc::new(index_field("frame", DataType::Int64, true)),
            Arc::new(index_field(
                "log_time",
                DataType::Timestamp(TimeUnit::Nanosecond, None),
                true,
            )),
        ];
        let mut columns: Vec<ArrayRef> = vec![
            row_id_array(&[row_id]).unwrap(),
            Arc::new(Int64Array::from(vec![frame])),
            Arc::new(TimestampNanosecondArray::from(vec![log_time])),
        ];
        for (f, c) in components {
            fields.push(Arc::new(f));
            columns.push(c);
        }
        let batch = chunk_batch(entity_path, chunk_id, fields, columns).unwrap();
        (batch, chunk_id)
    }
}
