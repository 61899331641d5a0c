//! Per-chunk encoding: Arrow IPC → optional LZ4 → `ArrowMsg` protobuf, plus manifest stats.

use std::io::Write;

use arrow_array::cast::AsArray;
use arrow_array::types::{DurationNanosecondType, Int64Type, TimestampNanosecondType};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_buffer::Buffer;
use arrow_buffer::NullBuffer;
use arrow_ipc::writer::{StreamEncoder, StreamWriter};
use arrow_schema::{DataType, Field, TimeUnit};
use prost::encoding::{encode_key, encode_varint, WireType};
use prost::Message;

use super::proto;
use super::schema::{
    ARCHETYPE_KEY, COMPONENT_KEY, COMPONENT_TYPE_KEY, ENTITY_PATH_KEY, ID_KEY, INDEX_NAME_KEY,
    KIND_KEY, ROW_ID_NAME,
};
use super::RrdError;
use crate::sdk::tuid::Tuid;

/// Rerun version claimed by this writer: 0.41.0.
pub const RERUN_VERSION: [u8; 4] = [0, 41, 0, 0];

/// Identity of the recording being written (goes into `SetStoreInfo` and every `ArrowMsg`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreInfo {
    pub application_id: String,
    pub recording_id: String,
    /// `(major, minor, patch)` of the Python interpreter (StoreSourceKind PYTHON_SDK).
    pub python_version: (i32, i32, i32),
    /// `proto::store_kind`: a recording, or a blueprint (the viewer's layout for the app).
    pub kind: i32,
}

impl StoreInfo {
    pub fn new(
        application_id: impl Into<String>,
        recording_id: impl Into<String>,
        python_version: (i32, i32, i32),
    ) -> Self {
        Self {
            application_id: application_id.into(),
            recording_id: recording_id.into(),
            python_version,
            kind: proto::store_kind::RECORDING,
        }
    }

    /// The same identity for a blueprint store.
    pub fn into_blueprint(self) -> Self {
        Self {
            kind: proto::store_kind::BLUEPRINT,
            ..self
        }
    }

    pub fn is_blueprint(&self) -> bool {
        self.kind == proto::store_kind::BLUEPRINT
    }

    /// Protobuf `StoreId`.
    pub fn store_id_proto(&self) -> proto::StoreId {
        proto::StoreId {
            kind: self.kind,
            recording_id: self.recording_id.clone(),
            application_id: Some(proto::ApplicationId {
                id: self.application_id.clone(),
            }),
        }
    }

    /// Protobuf body of a `SetStoreInfo` message (kind 1) with the given row id.
    pub fn set_store_info_body(&self, row_id: Tuid) -> Vec<u8> {
        let (major, minor, patch) = self.python_version;
        let python = proto::PythonVersion {
            major,
            minor,
            patch,
            suffix: String::new(),
        };
        let msg = proto::SetStoreInfo {
            row_id: Some(row_id.into()),
            info: Some(proto::StoreInfo {
                application_id: None,
                store_id: Some(self.store_id_proto()),
                store_source: Some(proto::StoreSource {
                    kind: proto::store_source_kind::PYTHON_SDK,
                    extra: Some(proto::StoreSourceExtra {
                        payload: python.encode_to_vec(),
                    }),
                }),
                store_version: Some(proto::StoreVersion {
                    crate_version_bits: i32::from_le_bytes(RERUN_VERSION),
                }),
            }),
        };
        msg.encode_to_vec()
    }
}

/// Protobuf body of a `BlueprintActivationCommand` message (kind 3) for `blueprint`.
pub fn blueprint_activation_body(
    blueprint: &StoreInfo,
    make_active: bool,
    make_default: bool,
) -> Vec<u8> {
    proto::BlueprintActivationCommand {
        blueprint_id: Some(blueprint.store_id_proto()),
        make_active,
        make_default,
    }
    .encode_to_vec()
}

/// Min/max of one timeline within a chunk.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineStats {
    pub name: String,
    /// `Int64`, `Timestamp(ns)` or `Duration(ns)`.
    pub datatype: DataType,
    /// Over the non-null values; `None` if all are null.
    pub min_max: Option<(i64, i64)>,
}

/// Manifest-relevant facts about one component column of a chunk.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentStats {
    /// Component identifier (`rerun:component`, else the column name), e.g. `Points3D:colors`.
    pub component: String,
    pub archetype: Option<String>,
    pub component_type: Option<String>,
    /// The column's Arrow type (the `List<…>`).
    pub datatype: DataType,
    /// Rows where the cell is non-null (empty lists count).
    pub num_non_null: u64,
    /// Every cell is null or an empty list.
    pub is_semantically_empty: bool,
    /// Per timeline (same order as [`ChunkInfo::timelines`]): `(min, max, rows)` of that timeline over the
    /// rows where this component is non-null; `None` when there are no such rows.
    pub per_timeline: Vec<Option<(i64, i64, u64)>>,
}

/// Everything the footer manifest needs about a chunk, derived from its batch.
#[derive(Clone, Debug, PartialEq)]
pub struct ChunkInfo {
    pub entity_path: String,
    pub chunk_id: Tuid,
    pub is_static: bool,
    pub num_rows: u64,
    /// Sorted by name.
    pub timelines: Vec<TimelineStats>,
    /// In column order.
    pub components: Vec<ComponentStats>,
}

/// One encoded `ArrowMsg` body, kept as three segments so that the (possibly large) payload
/// is never copied: `prefix` (fields 1–4 and the key/length of field 5), `payload`, `suffix`
/// (fields 6–7).
#[derive(Clone, Debug)]
pub struct EncodedChunk {
    pub prefix: Vec<u8>,
    pub payload: Payload,
    pub suffix: Vec<u8>,
    /// Arrow IPC byte length before compression (`ArrowMsg.uncompressed_size`).
    pub uncompressed_size: u64,
    /// Whether `payload` is LZ4-compressed.
    pub compressed: bool,
    pub info: ChunkInfo,
}

impl EncodedChunk {
    /// Length of the protobuf body (the message header's `len`).
    pub fn body_len(&self) -> usize {
        self.prefix.len() + self.payload.len() + self.suffix.len()
    }

    /// Writes the protobuf body (without the 16-byte message header).
    pub fn write_body<W: Write + ?Sized>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(&self.prefix)?;
        for seg in self.payload.segments() {
            w.write_all(seg)?;
        }
        w.write_all(&self.suffix)
    }

    /// The protobuf body as one contiguous buffer.
    pub fn body_bytes(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.body_len());
        v.extend_from_slice(&self.prefix);
        for seg in self.payload.segments() {
            v.extend_from_slice(seg);
        }
        v.extend_from_slice(&self.suffix);
        v
    }
}

/// An `ArrowMsg` payload: the Arrow IPC stream as the segments arrow-ipc encodes it (message
/// headers plus the chunk's own column buffers, not copied), or one contiguous buffer (LZ4
/// output). Written segment by segment, a large uncompressed chunk is copied once, by `write`.
///
/// Segments may alias borrowed Python memory: a payload that outlives the rows it was encoded
/// from (the gRPC sink queues them) must be made `owned()` first.
#[derive(Clone, Debug)]
pub struct Payload {
    segments: Vec<Buffer>,
    len: usize,
}

impl Payload {
    pub fn from_segments(segments: Vec<Buffer>) -> Self {
        let len = segments.iter().map(Buffer::len).sum();
        Self { segments, len }
    }

    pub fn from_vec(bytes: Vec<u8>) -> Self {
        Self::from_segments(vec![Buffer::from_vec(bytes)])
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn segments(&self) -> impl Iterator<Item = &[u8]> {
        self.segments.iter().map(Buffer::as_slice)
    }

    /// The payload as one contiguous buffer (a copy unless it already is one).
    pub fn to_vec(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.len);
        for seg in self.segments() {
            v.extend_from_slice(seg);
        }
        v
    }

    /// The payload as one `Vec` (no copy when it is a single Rust-owned `Vec` buffer).
    pub fn into_vec(mut self) -> Vec<u8> {
        if self.segments.len() == 1 {
            if let Some(only) = self.segments.pop() {
                return only
                    .into_vec::<u8>()
                    .unwrap_or_else(|b| b.as_slice().to_vec());
            }
        }
        self.to_vec()
    }

    /// One Rust-owned copy of the payload.
    pub fn owned(&self) -> Self {
        Self::from_vec(self.to_vec())
    }

    /// `len` bytes from `start`: borrowed when they lie in one segment, else copied.
    fn sample(&self, start: usize, len: usize) -> std::borrow::Cow<'_, [u8]> {
        let mut seg_start = 0;
        for seg in self.segments() {
            if start >= seg_start && start + len <= seg_start + seg.len() {
                let at = start - seg_start;
                return std::borrow::Cow::Borrowed(&seg[at..at + len]);
            }
            seg_start += seg.len();
        }
        std::borrow::Cow::Owned(self.range(start, len))
    }

    /// `len` bytes from `start` of the logical stream (across segments).
    fn range(&self, start: usize, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len);
        let mut skip = start;
        for seg in self.segments() {
            if out.len() == len {
                break;
            }
            if skip >= seg.len() {
                skip -= seg.len();
                continue;
            }
            let take = (len - out.len()).min(seg.len() - skip);
            out.extend_from_slice(&seg[skip..skip + take]);
            skip = 0;
        }
        out
    }
}

/// Serializes a batch as an Arrow IPC stream (schema + one batch + EOS).
pub fn ipc_stream_bytes(batch: &RecordBatch) -> Result<Vec<u8>, RrdError> {
    let estimate = batch.get_array_memory_size() + 1024 * batch.num_columns() + 4096;
    let mut w = StreamWriter::try_new(Vec::with_capacity(estimate), batch.schema_ref())?;
    w.write(batch)?;
    w.finish()?;
    Ok(w.into_inner()?)
}

/// The Arrow IPC stream of `batch` (schema, the batch, end-of-stream) as arrow-ipc's segments:
/// no copy of the column buffers.
pub fn ipc_stream_segments(batch: &RecordBatch) -> Result<Payload, RrdError> {
    let mut enc = StreamEncoder::try_new(batch.schema_ref())?;
    let mut segments = enc.encode(batch)?;
    segments.extend(enc.finish()?);
    Ok(Payload::from_segments(segments))
}

/// LZ4-block-compresses the stream where that pays for its time (see [`compression_pays`])
/// and the result is smaller; otherwise keeps the segments as they are.
pub fn maybe_compress_segments(ipc: Payload) -> (Payload, bool) {
    if !compression_pays(&ipc, sink_bytes_per_sec()) {
        return (ipc, false);
    }
    lz4_if_smaller(ipc)
}

/// The LZ4 block of the stream if it is smaller, else the segments as they are. LZ4 needs the
/// stream in one piece: this copies it once.
fn lz4_if_smaller(ipc: Payload) -> (Payload, bool) {
    let raw = ipc.to_vec();
    let c = lz4_flex::block::compress(&raw);
    if c.len() < raw.len() {
        (Payload::from_vec(c), true)
    } else {
        (ipc, false)
    }
}

/// `maybe_compress_segments` for a contiguous stream (the footer, tests).
pub fn maybe_compress(raw: Vec<u8>) -> (Vec<u8>, bool) {
    let (payload, compressed) = maybe_compress_segments(Payload::from_vec(raw));
    (payload.into_vec(), compressed)
}

/// Payloads from this size on are compressed only where it pays for its time; smaller ones
/// always (LZ4 on them costs microseconds, and rerun-sdk compresses every chunk).
pub const LARGE_PAYLOAD: usize = 512 * 1024;

/// What the sink is assumed to take before any large write of this process was timed: a local
/// SSD.
const DEFAULT_SINK_BYTES_PER_SEC: f64 = 500e6;

/// How fast a large stream is copied into one piece for LZ4 (it needs one slice): memory
/// bandwidth, roughly. Part of compression's cost.
const COPY_BYTES_PER_SEC: f64 = 4e9;

thread_local! {
    /// How fast the sink written from this thread took large messages (bytes/s, a moving
    /// average); `None` until one was timed. Thread-local: each recording's batcher thread
    /// encodes and writes its own sink, so the estimate is that sink's.
    static SINK_BYTES_PER_SEC: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// The estimate of the thread that last timed a write (`f64` bits; 0: none yet): where a new
/// recording's first large chunk starts from.
static LAST_SINK_BYTES_PER_SEC: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Records that the sink took `bytes` in `elapsed` (a whole message written and flushed).
/// Messages under [`LARGE_PAYLOAD`] are ignored: their time is per-call overhead.
pub fn observe_sink_write(bytes: usize, elapsed: std::time::Duration) {
    let secs = elapsed.as_secs_f64();
    if bytes < LARGE_PAYLOAD || secs <= 0.0 {
        return;
    }
    let speed = bytes as f64 / secs;
    let avg = SINK_BYTES_PER_SEC.with(|c| {
        let avg = match c.get() {
            Some(old) => 0.5 * old + 0.5 * speed,
            None => speed,
        };
        c.set(Some(avg));
        avg
    });
    LAST_SINK_BYTES_PER_SEC.store(avg.to_bits(), std::sync::atomic::Ordering::Relaxed);
}

/// The sink speed compression has to beat (bytes/s): this thread's sink's, else the last one
/// timed in this process, else [`DEFAULT_SINK_BYTES_PER_SEC`].
pub fn sink_bytes_per_sec() -> f64 {
    SINK_BYTES_PER_SEC
        .with(std::cell::Cell::get)
        .unwrap_or_else(|| {
            match LAST_SINK_BYTES_PER_SEC.load(std::sync::atomic::Ordering::Relaxed) {
                0 => DEFAULT_SINK_BYTES_PER_SEC,
                bits => f64::from_bits(bits),
            }
        })
}

/// LZ4 on a sample of a payload: the fraction of bytes it saves and how fast it ran.
#[derive(Clone, Copy, Debug)]
pub struct Probe {
    pub saved: f64,
    pub bytes_per_sec: f64,
}

/// Compresses four 16 KiB samples (start, thirds, end) of `ipc`, borrowed where they lie in
/// one segment, and times it (64 KiB of LZ4: a few percent of writing a 12 MB chunk to tmpfs
/// at worst, on data LZ4 finds many short matches in).
pub fn probe(ipc: &Payload) -> Probe {
    const SAMPLE: usize = 16 * 1024;
    let len = ipc.len();
    if len < SAMPLE {
        return Probe {
            saved: 0.0,
            bytes_per_sec: 0.0,
        };
    }
    let t0 = std::time::Instant::now();
    let (mut raw, mut packed) = (0usize, 0usize);
    for start in [0, len / 3, 2 * len / 3, len - SAMPLE] {
        let sample = ipc.sample(start, SAMPLE);
        packed += lz4_flex::block::compress(&sample).len();
        raw += sample.len();
    }
    let secs = t0.elapsed().as_secs_f64().max(1e-7);
    Probe {
        saved: 1.0 - packed as f64 / raw as f64,
        bytes_per_sec: raw as f64 / secs,
    }
}

/// Whether LZ4 pays for its time on `ipc` written to a sink that takes `sink_bytes_per_sec`.
/// Small payloads: always. Large ones are probed ([`probe`]): compressing costs
/// `len / c + len / copy` (LZ4 at the probe's speed `c`, after copying the stream into one
/// piece) and saves `saved * len / sink` of writing, so it pays when
/// `saved / sink > MARGIN * (1 / c + 1 / copy)` (and saves at least 10 %). `MARGIN` (2) covers
/// what the probe cannot see: LZ4 on megabytes runs slower than on 16 KiB samples that sit in
/// cache, and a probe timed on a busy core is noisy; a smooth image to tmpfs sat right at the
/// unmargined threshold and flipped between runs. On tmpfs (GB/s) that is only very redundant
/// data; on a slow disk or network most compressible data.
pub fn compression_pays(ipc: &Payload, sink_bytes_per_sec: f64) -> bool {
    if ipc.len() < LARGE_PAYLOAD {
        return true;
    }
    const MARGIN: f64 = 2.0;
    // Even a payload LZ4 removed whole could not pay back the copy alone (a sink as fast as
    // memory, e.g. tmpfs): no probe, whose own LZ4 would cost a few percent of the write.
    if 1.0 / sink_bytes_per_sec <= MARGIN / COPY_BYTES_PER_SEC {
        return false;
    }
    let p = probe(ipc);
    if p.saved < 0.1 || p.bytes_per_sec <= 0.0 {
        return false;
    }
    p.saved / sink_bytes_per_sec > MARGIN * (1.0 / p.bytes_per_sec + 1.0 / COPY_BYTES_PER_SEC)
}

/// Encodes one chunk into an `ArrowMsg` body plus its manifest info. Safe to run on worker
/// threads. With `compress`, the IPC stream is LZ4-block-compressed where that pays for its
/// time against this thread's sink ([`compression_pays`]) and makes it smaller.
pub fn encode_chunk(
    batch: &RecordBatch,
    chunk_id: Tuid,
    is_static: bool,
    store: &StoreInfo,
    compress: bool,
) -> Result<EncodedChunk, RrdError> {
    let how = if compress {
        Compression::WherePays
    } else {
        Compression::None
    };
    encode_chunk_as(batch, chunk_id, is_static, store, how)
}

/// How [`encode_chunk_as`] compresses the IPC stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    /// LZ4 whenever it makes the stream smaller.
    Lz4,
    /// LZ4 where it pays for its time ([`compression_pays`]) and makes the stream smaller.
    WherePays,
}

/// [`encode_chunk`] with the compression spelled out.
pub fn encode_chunk_as(
    batch: &RecordBatch,
    chunk_id: Tuid,
    is_static: bool,
    store: &StoreInfo,
    how: Compression,
) -> Result<EncodedChunk, RrdError> {
    let info = chunk_info(batch, chunk_id, is_static)?;
    let ipc = ipc_stream_segments(batch)?;
    let uncompressed_size = ipc.len() as u64;
    let (payload, compressed) = match how {
        Compression::None => (ipc, false),
        Compression::Lz4 => lz4_if_smaller(ipc),
        Compression::WherePays if compression_pays(&ipc, sink_bytes_per_sec()) => {
            lz4_if_smaller(ipc)
        }
        Compression::WherePays => (ipc, false),
    };

    let store_id = store.store_id_proto();
    let mut prefix = Vec::with_capacity(store_id.encoded_len() + 32);
    prost::encoding::message::encode(1, &store_id, &mut prefix);
    let compression = if compressed {
        proto::compression::LZ4
    } else {
        proto::compression::NONE
    };
    prost::encoding::int32::encode(2, &compression, &mut prefix);
    if uncompressed_size != 0 {
        prost::encoding::uint64::encode(3, &uncompressed_size, &mut prefix);
    }
    prost::encoding::int32::encode(4, &proto::encoding::ARROW_IPC, &mut prefix);
    if !payload.is_empty() {
        encode_key(5, WireType::LengthDelimited, &mut prefix);
        encode_varint(payload.len() as u64, &mut prefix);
    }

    let mut suffix = Vec::with_capacity(24);
    prost::encoding::message::encode(6, &proto::Tuid::from(chunk_id), &mut suffix);
    prost::encoding::bool::encode(7, &is_static, &mut suffix);

    Ok(EncodedChunk {
        prefix,
        payload,
        suffix,
        uncompressed_size,
        compressed,
        info,
    })
}

enum ColumnKind {
    Control,
    Index,
    Data,
}

fn column_kind(field: &Field) -> ColumnKind {
    match field.metadata().get(KIND_KEY).map(String::as_str) {
        Some("control") => ColumnKind::Control,
        Some("index") => ColumnKind::Index,
        Some(_) => ColumnKind::Data,
        None if field.name() == ROW_ID_NAME => ColumnKind::Control,
        None => ColumnKind::Data,
    }
}

/// The `i64` values and validity of an index column.
fn index_values(col: &ArrayRef) -> Option<(&[i64], Option<&NullBuffer>)> {
    let values: &[i64] = match col.data_type() {
        DataType::Int64 => col.as_primitive_opt::<Int64Type>()?.values(),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            col.as_primitive_opt::<TimestampNanosecondType>()?.values()
        }
        DataType::Duration(TimeUnit::Nanosecond) => {
            col.as_primitive_opt::<DurationNanosecondType>()?.values()
        }
        _ => return None,
    };
    Some((values, col.nulls()))
}

fn min_max<I: Iterator<Item = i64>>(it: I) -> Option<(i64, i64, u64)> {
    let mut acc: Option<(i64, i64, u64)> = None;
    for v in it {
        acc = Some(match acc {
            None => (v, v, 1),
            Some((lo, hi, n)) => (lo.min(v), hi.max(v), n + 1),
        });
    }
    acc
}

/// Whether every cell of a component column is null or an empty list.
fn semantically_empty(col: &ArrayRef) -> bool {
    let nulls = col.nulls();
    let is_valid = |i: usize| nulls.is_none_or(|n| n.is_valid(i));
    match col.data_type() {
        DataType::List(_) => {
            let offsets = col.as_list::<i32>().value_offsets();
            (0..col.len()).all(|i| !is_valid(i) || offsets[i + 1] == offsets[i])
        }
        DataType::LargeList(_) => {
            let offsets = col.as_list::<i64>().value_offsets();
            (0..col.len()).all(|i| !is_valid(i) || offsets[i + 1] == offsets[i])
        }
        _ => col.null_count() == col.len(),
    }
}

/// Derives the manifest information of a chunk from its batch (schema metadata + data).
pub fn chunk_info(
    batch: &RecordBatch,
    chunk_id: Tuid,
    is_static: bool,
) -> Result<ChunkInfo, RrdError> {
    let schema = batch.schema_ref();
    let md = schema.metadata();
    let entity_path = md
        .get(ENTITY_PATH_KEY)
        .ok_or(RrdError::MissingMetadata(ENTITY_PATH_KEY))?
        .clone();
    match md.get(ID_KEY) {
        Some(id) if *id == chunk_id.chunk_text() => {}
        Some(id) => {
            return Err(RrdError::InvalidChunk(format!(
                "schema {ID_KEY}={id} does not match chunk id {}",
                chunk_id.chunk_text()
            )))
        }
        None => return Err(RrdError::MissingMetadata(ID_KEY)),
    }

    let num_rows = batch.num_rows();
    let mut timelines: Vec<(TimelineStats, &ArrayRef)> = Vec::new();
    let mut component_cols: Vec<(&Field, &ArrayRef)> = Vec::new();
    for (field, col) in schema.fields().iter().zip(batch.columns()) {
        match column_kind(field) {
            ColumnKind::Control => {}
            ColumnKind::Index => {
                let name = field
                    .metadata()
                    .get(INDEX_NAME_KEY)
                    .cloned()
                    .unwrap_or_else(|| field.name().clone());
                let (values, nulls) = index_values(col).ok_or_else(|| {
                    RrdError::InvalidChunk(format!(
                        "index column {name} has unsupported type {}",
                        col.data_type()
                    ))
                })?;
                let mm = min_max(
                    values
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| nulls.is_none_or(|n| n.is_valid(*i)))
                        .map(|(_, v)| *v),
                )
                .map(|(lo, hi, _)| (lo, hi));
                timelines.push((
                    TimelineStats {
                        name,
                        datatype: col.data_type().clone(),
                        min_max: mm,
                    },
                    col,
                ));
            }
            ColumnKind::Data => component_cols.push((field.as_ref(), col)),
        }
    }
    if is_static && !timelines.is_empty() {
        return Err(RrdError::InvalidChunk(format!(
            "static chunk for {entity_path} has index columns"
        )));
    }
    if !is_static && timelines.is_empty() {
        return Err(RrdError::InvalidChunk(format!(
            "temporal chunk for {entity_path} has no index columns"
        )));
    }
    timelines.sort_by(|a, b| a.0.name.cmp(&b.0.name));

    let mut components = Vec::with_capacity(component_cols.len());
    for (field, col) in component_cols {
        let fmd = field.metadata();
        let nulls = col.logical_nulls();
        let num_non_null = (num_rows - nulls.as_ref().map_or(0, |n| n.null_count())) as u64;
        let per_timeline = timelines
            .iter()
            .map(|(stats, tcol)| {
                let (values, tnulls) = index_values(tcol)?;
                if nulls.is_none() && tnulls.is_none() {
                    return stats.min_max.map(|(lo, hi)| (lo, hi, num_rows as u64));
                }
                min_max(
                    values
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| {
                            nulls.as_ref().is_none_or(|n| n.is_valid(*i))
                                && tnulls.is_none_or(|n| n.is_valid(*i))
                        })
                        .map(|(_, v)| *v),
                )
            })
            .collect();
        components.push(ComponentStats {
            component: fmd
                .get(COMPONENT_KEY)
                .cloned()
                .unwrap_or_else(|| field.name().clone()),
            archetype: fmd.get(ARCHETYPE_KEY).cloned(),
            component_type: fmd.get(COMPONENT_TYPE_KEY).cloned(),
            datatype: field.data_type().clone(),
            num_non_null,
            is_semantically_empty: semantically_empty(col),
            per_timeline,
        });
    }

    Ok(ChunkInfo {
        entity_path,
        chunk_id,
        is_static,
        num_rows: num_rows as u64,
        timelines: timelines.into_iter().map(|(s, _)| s).collect(),
        components,
    })
}
