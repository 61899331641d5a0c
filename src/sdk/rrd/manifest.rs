//! The footer's `RrdManifest`: sorbet schema, its sha256, and the per-chunk manifest table (§8).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use arrow_array::types::{DurationNanosecondType, TimestampNanosecondType};
use arrow_array::{
    ArrayRef, BooleanArray, FixedSizeBinaryArray, Int64Array, RecordBatch, StringArray, UInt64Array,
};
use arrow_buffer::Buffer;
use arrow_ipc::writer::StreamWriter;
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use sha2::{Digest, Sha256};

use super::encode::{ipc_stream_bytes, maybe_compress, ChunkInfo};
use super::proto;
use super::schema::{
    index_field, row_id_field, ARCHETYPE_KEY, COMPONENT_KEY, COMPONENT_TYPE_KEY, ENTITY_PATH_KEY,
    INDEX_KEY, IS_SEMANTICALLY_EMPTY_KEY, IS_STATIC_KEY, KIND_KEY, PROPERTIES_ENTITY,
};
use super::RrdError;

/// One written chunk: its info plus where its `ArrowMsg` body sits in the file.
#[derive(Clone, Debug)]
pub struct ManifestEntry {
    pub info: ChunkInfo,
    /// Absolute offset of the `ArrowMsg` body (after the 16-byte message header).
    pub byte_offset: u64,
    /// `ArrowMsg` body length.
    pub byte_size: u64,
    /// `ArrowMsg.uncompressed_size`.
    pub byte_size_uncompressed: u64,
}

/// Accumulates manifest entries in file order and builds the `RrdManifest`.
#[derive(Clone, Debug, Default)]
pub struct ManifestBuilder {
    entries: Vec<ManifestEntry>,
    timeline_types: BTreeMap<String, DataType>,
}

#[derive(Clone, Debug)]
struct ComponentDesc {
    archetype: Option<String>,
    component_type: Option<String>,
}

impl ComponentDesc {
    /// `rerun:archetype`, `rerun:component`, `rerun:component_type` (when known).
    fn metadata(&self, component: &str) -> HashMap<String, String> {
        let mut md = HashMap::from([(COMPONENT_KEY.to_owned(), component.to_owned())]);
        if let Some(a) = &self.archetype {
            md.insert(ARCHETYPE_KEY.to_owned(), a.clone());
        }
        if let Some(c) = &self.component_type {
            md.insert(COMPONENT_TYPE_KEY.to_owned(), c.clone());
        }
        md
    }
}

struct SorbetColumn {
    entity_path: String,
    component: String,
    desc: ComponentDesc,
    datatype: DataType,
    is_static: bool,
    is_semantically_empty: bool,
}

/// Sorbet ("dataframe") column name of a component of an entity.
fn sorbet_column_name(entity_path: &str, component: &str) -> String {
    if entity_path == PROPERTIES_ENTITY {
        format!("property:{component}")
    } else if let Some(rest) = entity_path.strip_prefix("/__properties/") {
        format!("property:{rest}:{component}")
    } else {
        format!("{entity_path}:{component}")
    }
}

/// A manifest index column's name as Rerun makes it: the parts joined by `:`, then `,`, ` `, `-`,
/// `.` and backslash replaced by `_` and leading `_` trimmed (`user.Custom:points` gives
/// `user_Custom:points:has_static_data`). Rerun's reader looks the columns up by these names.
/// The component's part of a manifest column name, as Rerun makes it: with an archetype,
/// `<short archetype name>:<field>` (the field is the component without a leading
/// `<short name>:`), else the component itself.
fn component_column_part(component: &str, desc: &ComponentDesc) -> String {
    let Some(archetype) = desc.archetype.as_deref() else {
        return component.to_owned();
    };
    let short = ["rerun.archetypes.", "rerun.blueprint.archetypes.", "rerun."]
        .iter()
        .find_map(|p| archetype.strip_prefix(p))
        .unwrap_or(archetype);
    let field = component
        .strip_prefix(short)
        .and_then(|rest| rest.strip_prefix(':'))
        .unwrap_or(component);
    format!("{short}:{field}")
}

fn index_column_name(parts: &[&str]) -> String {
    let joined = parts.join(":");
    let sanitized = joined.replace([',', ' ', '-', '.', '\\'], "_");
    sanitized.trim_start_matches('_').to_owned()
}

fn time_array(datatype: &DataType, values: Vec<Option<i64>>) -> Result<ArrayRef, RrdError> {
    let a = Int64Array::from(values);
    Ok(match datatype {
        DataType::Int64 => Arc::new(a),
        DataType::Timestamp(TimeUnit::Nanosecond, tz) => Arc::new(
            a.reinterpret_cast::<TimestampNanosecondType>()
                .with_timezone_opt(tz.clone()),
        ),
        DataType::Duration(TimeUnit::Nanosecond) => {
            Arc::new(a.reinterpret_cast::<DurationNanosecondType>())
        }
        other => {
            return Err(RrdError::InvalidChunk(format!(
                "unsupported timeline type {other}"
            )))
        }
    })
}

/// `sorbet_schema_sha256`: SHA-256 of the IPC schema message arrow-rs writes for `fields`
/// sorted by name, without schema metadata (§8.3).
pub fn schema_sha256(fields: &[Field]) -> Result<[u8; 32], RrdError> {
    let mut sorted = fields.to_vec();
    sorted.sort_by(|a, b| a.name().cmp(b.name()));
    let w = StreamWriter::try_new(Vec::new(), &Schema::new(sorted))?;
    Ok(Sha256::digest(w.get_ref()).into())
}

impl ManifestBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn entries(&self) -> &[ManifestEntry] {
        &self.entries
    }

    /// Checks that the chunk's timelines agree in type with the ones seen so far.
    pub fn check(&self, info: &ChunkInfo) -> Result<(), RrdError> {
        for t in &info.timelines {
            if let Some(dt) = self.timeline_types.get(&t.name) {
                if *dt != t.datatype {
                    return Err(RrdError::InvalidChunk(format!(
                        "timeline {} has type {} but was {} in an earlier chunk",
                        t.name, t.datatype, dt
                    )));
                }
            }
        }
        Ok(())
    }

    /// Records a written chunk (call [`ManifestBuilder::check`] before writing it).
    pub fn push(&mut self, entry: ManifestEntry) {
        for t in &entry.info.timelines {
            self.timeline_types
                .entry(t.name.clone())
                .or_insert_with(|| t.datatype.clone());
        }
        self.entries.push(entry);
    }

    /// Builds the full `RrdManifest` (sorbet schema + sha256 + manifest table).
    pub fn build(
        &self,
        store_id: proto::StoreId,
        compress: bool,
    ) -> Result<proto::RrdManifest, RrdError> {
        let entries = &self.entries;

        // Collect components (by identifier), timelines and sorbet columns.
        let mut components: BTreeMap<String, ComponentDesc> = BTreeMap::new();
        let mut timeline_components: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut sorbet: BTreeMap<String, SorbetColumn> = BTreeMap::new();
        for e in entries {
            for c in &e.info.components {
                components
                    .entry(c.component.clone())
                    .or_insert_with(|| ComponentDesc {
                        archetype: c.archetype.clone(),
                        component_type: c.component_type.clone(),
                    });
                for t in &e.info.timelines {
                    timeline_components
                        .entry(t.name.as_str())
                        .or_default()
                        .insert(c.component.as_str());
                }
                let name = sorbet_column_name(&e.info.entity_path, &c.component);
                let col = sorbet.entry(name).or_insert_with(|| SorbetColumn {
                    entity_path: e.info.entity_path.clone(),
                    component: c.component.clone(),
                    desc: ComponentDesc {
                        archetype: c.archetype.clone(),
                        component_type: c.component_type.clone(),
                    },
                    datatype: c.datatype.clone(),
                    is_static: false,
                    is_semantically_empty: true,
                });
                col.is_static |= e.info.is_static;
                col.is_semantically_empty &= c.is_semantically_empty;
            }
            for t in &e.info.timelines {
                timeline_components.entry(t.name.as_str()).or_default();
            }
        }

        // Sorbet schema.
        let mut sorbet_fields = vec![row_id_field(false)];
        for (name, dt) in &self.timeline_types {
            sorbet_fields.push(index_field(name, dt.clone(), false));
        }
        for (name, col) in &sorbet {
            let mut md = col.desc.metadata(&col.component);
            md.insert(KIND_KEY.to_owned(), "data".to_owned());
            md.insert(ENTITY_PATH_KEY.to_owned(), col.entity_path.clone());
            if col.is_static {
                md.insert(IS_STATIC_KEY.to_owned(), "true".to_owned());
            }
            if col.is_semantically_empty {
                md.insert(IS_SEMANTICALLY_EMPTY_KEY.to_owned(), "true".to_owned());
            }
            sorbet_fields.push(Field::new(name, col.datatype.clone(), true).with_metadata(md));
        }
        let arrow_schema = {
            let schema = Schema::new(sorbet_fields.clone());
            let mut w = StreamWriter::try_new(Vec::new(), &schema)?;
            w.finish()?;
            w.into_inner()?
        };
        let sha256 = schema_sha256(&sorbet_fields)?.to_vec();

        // Manifest table: fixed columns.
        let mut fields: Vec<Field> = vec![
            Field::new("chunk_entity_path", DataType::Utf8, false),
            Field::new("chunk_id", DataType::FixedSizeBinary(16), false),
            Field::new("chunk_is_static", DataType::Boolean, false),
            Field::new("chunk_num_rows", DataType::UInt64, false),
            Field::new("chunk_byte_offset", DataType::UInt64, false),
            Field::new("chunk_byte_size", DataType::UInt64, false),
            Field::new("chunk_byte_size_uncompressed", DataType::UInt64, false),
        ];
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from_iter_values(
                entries.iter().map(|e| e.info.entity_path.as_str()),
            )),
            Arc::new(FixedSizeBinaryArray::new(
                16,
                Buffer::from_vec(
                    entries
                        .iter()
                        .flat_map(|e| e.info.chunk_id.to_arrow_bytes())
                        .collect::<Vec<u8>>(),
                ),
                None,
            )),
            Arc::new(BooleanArray::from_iter(
                entries.iter().map(|e| Some(e.info.is_static)),
            )),
            Arc::new(UInt64Array::from_iter_values(
                entries.iter().map(|e| e.info.num_rows),
            )),
            Arc::new(UInt64Array::from_iter_values(
                entries.iter().map(|e| e.byte_offset),
            )),
            Arc::new(UInt64Array::from_iter_values(
                entries.iter().map(|e| e.byte_size),
            )),
            Arc::new(UInt64Array::from_iter_values(
                entries.iter().map(|e| e.byte_size_uncompressed),
            )),
        ];

        // Per-component static flags.
        for (c, desc) in &components {
            let mut md = desc.metadata(c);
            md.insert(INDEX_KEY.to_owned(), "rerun:static".to_owned());
            fields.push(
                Field::new(
                    index_column_name(&[&component_column_part(c, desc), "has_static_data"]),
                    DataType::Boolean,
                    false,
                )
                .with_metadata(md),
            );
            columns.push(Arc::new(BooleanArray::from_iter(entries.iter().map(|e| {
                Some(
                    e.info.is_static
                        && e.info
                            .components
                            .iter()
                            .any(|s| s.component == *c && s.num_non_null > 0),
                )
            }))));
        }

        // Per-timeline ranges.
        for (t, dt) in &self.timeline_types {
            let md = HashMap::from([(INDEX_KEY.to_owned(), t.clone())]);
            let range = |pick_max: bool| -> Vec<Option<i64>> {
                entries
                    .iter()
                    .map(|e| {
                        e.info
                            .timelines
                            .iter()
                            .find(|s| s.name == *t)
                            .and_then(|s| s.min_max)
                            .map(|(lo, hi)| if pick_max { hi } else { lo })
                    })
                    .collect()
            };
            fields.push(
                Field::new(index_column_name(&[t, "start"]), dt.clone(), true)
                    .with_metadata(md.clone()),
            );
            columns.push(time_array(dt, range(false))?);
            fields.push(
                Field::new(index_column_name(&[t, "end"]), dt.clone(), true).with_metadata(md),
            );
            columns.push(time_array(dt, range(true))?);
        }

        // Per-timeline, per-component ranges and row counts.
        for (t, dt) in &self.timeline_types {
            let Some(comps) = timeline_components.get(t.as_str()) else {
                continue;
            };
            for c in comps {
                let Some(desc) = components.get(*c) else {
                    continue;
                };
                let part = component_column_part(c, desc);
                let mut md = desc.metadata(c);
                md.insert(INDEX_KEY.to_owned(), t.clone());
                let stats: Vec<Option<(i64, i64, u64)>> = entries
                    .iter()
                    .map(|e| {
                        let ti = e.info.timelines.iter().position(|s| s.name == *t)?;
                        let cs = e.info.components.iter().find(|s| s.component == *c)?;
                        cs.per_timeline.get(ti).copied().flatten()
                    })
                    .collect();
                fields.push(
                    Field::new(index_column_name(&[t, &part, "start"]), dt.clone(), true)
                        .with_metadata(md.clone()),
                );
                columns.push(time_array(
                    dt,
                    stats.iter().map(|s| s.map(|(lo, _, _)| lo)).collect(),
                )?);
                fields.push(
                    Field::new(index_column_name(&[t, &part, "end"]), dt.clone(), true)
                        .with_metadata(md.clone()),
                );
                columns.push(time_array(
                    dt,
                    stats.iter().map(|s| s.map(|(_, hi, _)| hi)).collect(),
                )?);
                fields.push(
                    Field::new(
                        index_column_name(&[t, &part, "num_rows"]),
                        DataType::UInt64,
                        true,
                    )
                    .with_metadata(md),
                );
                columns.push(Arc::new(UInt64Array::from_iter_values(
                    stats.iter().map(|s| s.map_or(0, |(_, _, k)| k)),
                )));
            }
        }

        let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)?;
        let ipc = ipc_stream_bytes(&batch)?;
        let uncompressed_size = ipc.len() as u64;
        let (payload, compressed) = if compress {
            maybe_compress(ipc)
        } else {
            (ipc, false)
        };
        let compression = if compressed {
            proto::compression::LZ4
        } else {
            proto::compression::NONE
        };

        Ok(proto::RrdManifest {
            store_id: Some(store_id),
            sorbet_schema: Some(proto::Schema {
                arrow_schema: Some(arrow_schema),
            }),
            sorbet_schema_sha256: Some(sha256),
            data: Some(proto::DataframePart {
                encoder_version: 1,
                payload: Some(payload),
                compression,
                uncompressed_size,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{component_column_part, index_column_name, ComponentDesc};

    fn part(component: &str, archetype: Option<&str>) -> String {
        let desc = ComponentDesc {
            archetype: archetype.map(str::to_owned),
            component_type: None,
        };
        component_column_part(component, &desc)
    }

    #[test]
    fn component_parts_are_named_as_rerun_does() {
        // Pairs as rerun-sdk 0.41 names them in its footers.
        assert_eq!(part("C1Foo:bar", Some("C1Foo")), "C1Foo:bar");
        assert_eq!(
            part("c2bar", Some("rerun.archetypes.Points3D")),
            "Points3D:c2bar"
        );
        assert_eq!(
            part("Points3D:c3bar", Some("rerun.archetypes.Points3D")),
            "Points3D:c3bar"
        );
        assert_eq!(part("c4a:b:c", Some("c4a")), "c4a:b:c");
        assert_eq!(part("c5x:y", Some("zz")), "zz:c5x:y");
        assert_eq!(part("c6x:y", None), "c6x:y");
        assert_eq!(part("c8x:y", Some("my.c8x")), "my.c8x:c8x:y");
        assert_eq!(part("c9", Some("rerun.blueprint.archetypes.Foo")), "Foo:c9");
        assert_eq!(part("c10", Some("rerun.Foo")), "Foo:c10");
    }

    #[test]
    fn index_column_names_are_sanitized_as_rerun_does() {
        // Names as rerun-sdk 0.41 writes them (`rerun rrd print --footers true`).
        assert_eq!(
            index_column_name(&["user.CustomPoints3D:points", "has_static_data"]),
            "user_CustomPoints3D:points:has_static_data"
        );
        assert_eq!(
            index_column_name(&["_x.y", "has_static_data"]),
            "x_y:has_static_data"
        );
        assert_eq!(
            index_column_name(&["my time.x-y", "user.Cust om:a b-c,d.e\\f:g/h_ü", "end"]),
            "my_time_x_y:user_Cust_om:a_b_c_d_e_f:g/h_ü:end"
        );
        assert_eq!(
            index_column_name(&["log_time", "Points3D:positions", "num_rows"]),
            "log_time:Points3D:positions:num_rows"
        );
    }
}
