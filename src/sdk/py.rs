//! Python bindings of the recording: `nparrow._native.Recording` and its memory sink.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arrow_buffer::ScalarBuffer;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use super::chunk::{
    build_columns_chunk, checksum, inline_placeholder, Cell, ComponentColumn, Deferred, Row,
    TimeColumn,
};
use super::descriptor::PyComponentDescriptor;
use super::entity_path;
use super::fields::is_batch;
use super::grpc::url::DEFAULT_URL;
use super::grpc::{GrpcOptions, ProxyUrl};
use super::payload::{rgba_values, Payload};
use super::recording::{
    BatcherConfig, BlueprintSend, MemoryChunk, ReadyChunk, RecordingCore, SinkSpec,
};
use super::rrd::StoreInfo;
use super::time::{with_thread_timepoint, LogClock, TimeKind, TimePoint};
use super::tuid::{new_tuid, new_tuids};
use crate::bridge::builders::list_array;
use crate::bridge::export::{PyArrowArray, PyArrowRecordBatch};
use crate::bridge::{import_buffer, BorrowPolicy, DType};
use crate::error::{Error, Result};

static NEXT_RECORDING: AtomicU64 = AtomicU64::new(1);

/// A recording stream: thread-local time, rows, and a batcher thread feeding one sink.
#[pyclass(frozen, module = "nparrow._native", name = "Recording")]
pub struct PyRecording {
    core: RecordingCore,
    id: u64,
    policy: BorrowPolicy,
    check_borrows: bool,
    /// Entity paths as given → normalized and shared: hot loops log the same few paths, and
    /// normalizing allocates. Cleared when it grows past `ENTITY_CACHE_MAX` paths.
    entities: Mutex<rustc_hash::FxHashMap<Box<str>, Arc<str>>>,
    /// Back-pressure: `log` waits (or drops, if not `block_when_full`) while more than this
    /// many bytes wait for the sink.
    max_queue_bytes: usize,
    block_when_full: bool,
    /// `log_time` / `log_tick` switches and the tick counter.
    clock: LogClock,
}

/// Default back-pressure limit (`NPARROW_MAX_QUEUE_BYTES` or `max_queue_bytes=` override it).
const DEFAULT_MAX_QUEUE_BYTES: usize = 2 << 30;

/// The cells of one `log` call, converted from their payloads as they are added.
/// An archetype cell's payload: a batch's `_numpy_data`, or the cell itself (the payload the
/// constructor built in Rust, `sdk::fields`).
fn cell_payload<'py>(cell: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if is_batch(cell)? {
        cell.getattr(pyo3::intern!(cell.py(), "_numpy_data"))
    } else {
        Ok(cell.clone())
    }
}

struct RowBuilder {
    policy: BorrowPolicy,
    cells: Vec<Cell>,
    borrowed: bool,
}

impl RowBuilder {
    fn new(policy: BorrowPolicy, capacity: usize) -> Self {
        Self {
            policy,
            cells: Vec::with_capacity(capacity),
            borrowed: false,
        }
    }

    /// Converts one payload (`None` is skipped). Colors given as RGB(A) bytes or floats are
    /// packed later, on the batcher thread.
    fn add(&mut self, desc: &PyComponentDescriptor, payload: &Bound<'_, PyAny>) -> Result<()> {
        if payload.is_none() {
            return Ok(());
        }
        let descriptor = desc.0.clone();
        let what = &descriptor.component;
        let parsed = Payload::parse(payload, what)?;
        // A tiny array travels in the row as it is; the batcher builds its Arrow array.
        let (array, b, deferred) = match parsed.inline(self.policy) {
            Some(values) => (inline_placeholder(), false, Some(Deferred::Inline(values))),
            None => match parsed {
                Payload::Rgba(colors) => {
                    let (array, channels, b) = rgba_values(&colors, what, self.policy)?;
                    (array, b, Some(Deferred::PackRgba { channels }))
                }
                parsed => {
                    let (array, b) = parsed.build(what, self.policy)?;
                    (array, b, None)
                }
            },
        };
        self.borrowed |= b;
        self.cells.push(Cell {
            descriptor,
            array,
            deferred,
        });
        Ok(())
    }
}

impl PyRecording {
    /// Drops rows the batcher has finished with (we hold the GIL, so releases are cheap) and
    /// turns batcher-side problems into Python warnings.
    fn housekeeping(&self, py: Python<'_>) -> PyResult<()> {
        drop(self.core.shared.take_graveyard());
        let warnings = self.core.shared.take_warnings();
        if !warnings.is_empty() {
            // One policy for every warning: `error_utils` makes it a `RerunWarning` at the
            // user's line, or raises in strict mode.
            let report = py
                .import("nparrow.error_utils")?
                .getattr("_warn_from_batcher")?;
            for msg in warnings {
                report.call1((msg,))?;
            }
        }
        Ok(())
    }

    /// Stamps a finished row (row id, this thread's time) and queues it for the batcher,
    /// waiting or refusing when the queue is full (back-pressure).
    fn push_row(
        &self,
        py: Python<'_>,
        entity_path: &str,
        r#static: bool,
        row: RowBuilder,
    ) -> PyResult<()> {
        let RowBuilder {
            mut cells,
            borrowed,
            ..
        } = row;
        cells.sort_by(|a, b| a.descriptor.component.cmp(&b.descriptor.component));
        let checksums = (self.check_borrows && borrowed)
            .then(|| cells.iter().map(|c| checksum(c.array.as_ref())).collect());
        let tick = self.clock.next_tick();
        let timepoint = if r#static {
            TimePoint::default()
        } else {
            with_thread_timepoint(self.id, |tp| self.clock.stamp(tp, tick))
        };
        // A temporal row on no timeline (log_time off, no `set_time`) is static, as in Rerun.
        let r#static = r#static || timepoint.0.is_empty();
        let row = Row {
            row_id: new_tuid(),
            timepoint,
            cells,
            borrowed,
            checksums,
            retired: Vec::new(),
        };
        let entity = self.entity(entity_path);
        let bytes = row.byte_size();
        if self.core.queued_bytes() + bytes > self.max_queue_bytes {
            // Back-pressure: the sink is slower than the producer.
            let limit = self.max_queue_bytes;
            let room = self.block_when_full
                && py.detach(|| {
                    self.core
                        .wait_for_space(bytes, limit, Duration::from_secs(3600))
                });
            if !room {
                return Err(Error::Value(format!(
                    "the recording's queue is full ({} bytes waiting for the sink, limit {limit}); \
                     this log call was dropped (on_full=\"drop\")",
                    self.core.queued_bytes()
                ))
                .into());
            }
        }
        self.core.push(entity, r#static, row, bytes)?;
        Ok(())
    }

    fn entity(&self, path: &str) -> Arc<str> {
        const ENTITY_CACHE_MAX: usize = 4096;
        let normalized = || Arc::from(entity_path::normalize(path).as_ref());
        let Ok(mut cache) = self.entities.lock() else {
            return normalized();
        };
        if let Some(e) = cache.get(path) {
            return e.clone();
        }
        if cache.len() >= ENTITY_CACHE_MAX {
            cache.clear();
        }
        let e: Arc<str> = normalized();
        cache.insert(path.into(), e.clone());
        e
    }

    fn policy(&self, copy: bool) -> BorrowPolicy {
        if copy {
            BorrowPolicy {
                force_copy: true,
                ..self.policy
            }
        } else {
            self.policy
        }
    }
}

#[pymethods]
impl PyRecording {
    #[new]
    #[pyo3(signature = (application_id, recording_id, python_version=(3, 11, 0), *, copy_below_bytes=4096, always_copy=false, max_queue_bytes=None, on_full="block", blueprint=false, batcher=None, properties=true))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        application_id: String,
        recording_id: String,
        python_version: (i32, i32, i32),
        copy_below_bytes: usize,
        always_copy: bool,
        max_queue_bytes: Option<usize>,
        on_full: &str,
        blueprint: bool,
        batcher: Option<(Option<f64>, Option<u64>, Option<u64>)>,
        properties: bool,
    ) -> Result<Self> {
        let block_when_full = match on_full {
            "block" => true,
            "drop" => false,
            other => {
                return Err(Error::Value(format!(
                    "on_full must be \"block\" or \"drop\", got {other:?}"
                )))
            }
        };
        let max_queue_bytes = max_queue_bytes
            .or_else(|| std::env::var("NPARROW_MAX_QUEUE_BYTES").ok()?.parse().ok())
            .unwrap_or(DEFAULT_MAX_QUEUE_BYTES);
        let mut store = StoreInfo::new(application_id, recording_id, python_version);
        if blueprint {
            store = store.into_blueprint();
        }
        let config = match batcher {
            Some((tick, bytes, rows)) => BatcherConfig::with_overrides(tick, bytes, rows),
            None => BatcherConfig::from_env(),
        };
        let properties = properties && !store.is_blueprint();
        let core = RecordingCore::with_properties(store, config, properties)?;
        let check_borrows =
            std::env::var("NPARROW_CHECK_BORROWS").is_ok_and(|v| !v.is_empty() && v != "0");
        Ok(Self {
            core,
            id: NEXT_RECORDING.fetch_add(1, Ordering::Relaxed),
            policy: BorrowPolicy {
                copy_below_bytes,
                force_copy: always_copy,
            },
            check_borrows,
            entities: Mutex::new(rustc_hash::FxHashMap::default()),
            max_queue_bytes,
            block_when_full,
            clock: LogClock::from_env(),
        })
    }

    /// Whether temporal `log` rows get `log_time` (rerun-sdk's default: on).
    fn set_log_time_enabled(&self, enabled: bool) {
        self.clock.set_time_enabled(enabled);
    }

    /// Whether temporal `log` rows get `log_tick`, the count of this recording's `log` calls
    /// (rerun-sdk's default: off).
    fn set_log_tick_enabled(&self, enabled: bool) {
        self.clock.set_tick_enabled(enabled);
    }

    /// Bytes logged but not yet captured by the sink (what back-pressure limits).
    fn queued_bytes(&self) -> usize {
        self.core.queued_bytes()
    }

    #[getter]
    fn application_id(&self) -> &str {
        &self.core.store.application_id
    }

    #[getter]
    fn recording_id(&self) -> &str {
        &self.core.store.recording_id
    }

    /// Sets this thread's time on `timeline`; `kind` is sequence, timestamp (ns since epoch) or
    /// duration (ns).
    fn set_time(&self, timeline: &str, kind: &str, value: i64) -> Result<()> {
        let kind = TimeKind::parse(kind)?;
        with_thread_timepoint(self.id, |tp| tp.set(timeline, kind, value))
    }

    fn disable_timeline(&self, timeline: &str) {
        with_thread_timepoint(self.id, |tp| tp.remove(timeline));
    }

    fn reset_time(&self) {
        with_thread_timepoint(self.id, |tp| *tp = TimePoint::default());
    }

    /// Logs one row: `components` is a list of `(ComponentDescriptor, payload)`; a payload of
    /// `None` is skipped. Raises `TypeError`/`ValueError` naming the component on bad input.
    #[pyo3(signature = (entity_path, components, r#static=false, copy=false))]
    fn log(
        &self,
        py: Python<'_>,
        entity_path: &str,
        components: &Bound<'_, PyList>,
        r#static: bool,
        copy: bool,
    ) -> PyResult<()> {
        self.housekeeping(py)?;
        let mut row = RowBuilder::new(self.policy(copy), components.len());
        for item in components.iter() {
            let item = item.cast_into::<PyTuple>().map_err(|_| {
                Error::Type("log: expected a list of (ComponentDescriptor, payload) tuples".into())
            })?;
            let desc = item.get_item(0)?;
            let desc = desc.cast::<PyComponentDescriptor>().map_err(|_| {
                Error::Type("log: expected a ComponentDescriptor as the first tuple item".into())
            })?;
            row.add(desc.get(), &item.get_item(1)?)?;
        }
        self.push_row(py, entity_path, r#static, row)
    }

    /// Logs one archetype: `fields` is its class's `((field, ComponentDescriptor), ...)`, in the
    /// order of its `_cells` (one per field: a payload, a batch, or None). Rust reads the cells
    /// itself, so `rr.log` of an archetype is one call with no per-field Python.
    #[pyo3(signature = (entity_path, archetype, fields, r#static=false, copy=false))]
    pub(crate) fn log_archetype(
        &self,
        py: Python<'_>,
        entity_path: &str,
        archetype: &Bound<'_, PyAny>,
        fields: &Bound<'_, PyTuple>,
        r#static: bool,
        copy: bool,
    ) -> PyResult<()> {
        self.housekeeping(py)?;
        let cells = archetype.getattr(pyo3::intern!(py, "_cells"))?;
        let cells = cells.cast::<PyTuple>().map_err(|_| {
            Error::Type("log_archetype: expected the archetype's `_cells` tuple".into())
        })?;
        if cells.len() != fields.len() {
            return Err(Error::Type(format!(
                "log_archetype: {} cells for {} fields",
                cells.len(),
                fields.len()
            ))
            .into());
        }
        // Room for the cells given (an archetype has many optional fields, mostly None).
        let given = cells.iter_borrowed().filter(|c| !c.is_none()).count();
        let mut row = RowBuilder::new(self.policy(copy), given);
        for (cell, item) in cells.iter_borrowed().zip(fields.iter_borrowed()) {
            if cell.is_none() {
                continue;
            }
            let item = item.cast::<PyTuple>().map_err(|_| {
                Error::Type("log_archetype: expected (field, ComponentDescriptor) tuples".into())
            })?;
            let desc = item.get_borrowed_item(1)?;
            let desc = desc
                .cast::<PyComponentDescriptor>()
                .map_err(|_| Error::Type("log_archetype: expected a ComponentDescriptor".into()))?;
            row.add(desc.get(), &cell_payload(&cell)?)?;
        }
        self.push_row(py, entity_path, r#static, row)
    }

    /// Sends one chunk (`send_columns`): `timelines` is a list of `(name, kind, int64 array)`,
    /// `columns` a list of `(ComponentDescriptor, payload, int32 offsets)` where the offsets cut
    /// the payload's array into one list per row. Every timeline and column must have the same
    /// number of rows. No `log_time`; without timelines the chunk is static. Large C-contiguous
    /// arrays are borrowed until the recording captures the chunk, as with `log`.
    #[pyo3(signature = (entity_path, timelines, columns, copy=false))]
    fn send_columns(
        &self,
        py: Python<'_>,
        entity_path: &str,
        timelines: &Bound<'_, PyList>,
        columns: &Bound<'_, PyList>,
        copy: bool,
    ) -> PyResult<()> {
        self.housekeeping(py)?;
        let policy = self.policy(copy);
        let mut borrowed = false;
        let mut rows: Option<(usize, String)> = None;
        let mut check_rows = |n: usize, what: String| -> Result<()> {
            match &rows {
                None => {
                    rows = Some((n, what));
                    Ok(())
                }
                Some((expected, first)) if *expected != n => Err(Error::Value(format!(
                    "send_columns: all columns must have the same number of rows: {first} has {expected}, {what} has {n}"
                ))),
                Some(_) => Ok(()),
            }
        };

        let mut times: Vec<TimeColumn> = Vec::with_capacity(timelines.len());
        for item in timelines.iter() {
            let (name, kind, values): (String, String, Bound<'_, PyAny>) =
                item.extract().map_err(|_| {
                    Error::Type(
                        "send_columns: expected timelines as (name, kind, int64 array) tuples"
                            .into(),
                    )
                })?;
            let kind = TimeKind::parse(&kind)?;
            let what = format!("timeline {name:?}");
            let values = import_buffer(&values, &what, policy)?;
            if values.dtype != DType::I64 || values.shape.len() != 1 {
                return Err(Error::Type(format!(
                    "send_columns: {what}: expected a 1-d int64 array, got {} with shape {:?}",
                    values.dtype.name(),
                    values.shape
                ))
                .into());
            }
            borrowed |= values.borrowed;
            check_rows(values.len, what)?;
            let name: Arc<str> = Arc::from(name);
            let values = ScalarBuffer::<i64>::new(values.buffer, 0, values.len);
            // Like rerun-sdk's dict of timelines: a repeated name replaces the earlier column.
            times.retain(|t| t.name != name);
            times.push(TimeColumn { name, kind, values });
        }

        let mut cols: Vec<ComponentColumn> = Vec::with_capacity(columns.len());
        for item in columns.iter() {
            let item = item.cast_into::<PyTuple>().map_err(|_| {
                Error::Type(
                    "send_columns: expected columns as (ComponentDescriptor, payload, offsets) tuples"
                        .into(),
                )
            })?;
            if !(3..=4).contains(&item.len()) {
                return Err(Error::Type(format!(
                    "send_columns: expected (ComponentDescriptor, payload, offsets), got a {}-tuple",
                    item.len()
                ))
                .into());
            }
            let desc = item.get_item(0)?;
            let desc = desc.cast::<PyComponentDescriptor>().map_err(|_| {
                Error::Type(
                    "send_columns: expected a ComponentDescriptor as the first tuple item".into(),
                )
            })?;
            let descriptor = desc.get().0.clone();
            let what = format!("component {:?}", descriptor.component);
            let (child, b) = super::payload::payload_to_array(&item.get_item(1)?, &what, policy)?;
            let offsets = import_buffer(&item.get_item(2)?, &what, policy)?;
            borrowed |= b || offsets.borrowed;
            let list = list_array(offsets, child, true, &what)?;
            // An optional 4th item, the rows' validity: a null row logs nothing for this
            // component there (rerun's null cells, as dataframes carry them).
            let list = match item.len() {
                4 => with_row_validity(list, &item.get_item(3)?, &what, policy)?,
                _ => list,
            };
            check_rows(list.len(), what)?;
            cols.retain(|c| c.descriptor.component != descriptor.component);
            cols.push(ComponentColumn { descriptor, list });
        }

        let n = rows.map(|(n, _)| n).unwrap_or(0);
        if cols.is_empty() && n > 0 {
            return Err(Error::Value(
                "send_columns: no component columns given for the rows of the time columns".into(),
            )
            .into());
        }
        times.sort_by(|a, b| a.name.cmp(&b.name));
        cols.sort_by(|a, b| a.descriptor.component.cmp(&b.descriptor.component));
        let entity = entity_path::normalize(entity_path);
        let mut row_ids = Vec::with_capacity(n);
        new_tuids(n, &mut row_ids);
        let chunk_id = new_tuid();
        let batch = build_columns_chunk(&entity, chunk_id, &row_ids, &times, &cols)?;
        let checksums = (self.check_borrows && borrowed).then(|| {
            batch
                .columns()
                .iter()
                .map(|c| checksum(c.as_ref()))
                .collect()
        });
        self.core.push_chunk(ReadyChunk {
            entity: Arc::from(entity.as_ref()),
            batch,
            chunk_id,
            is_static: times.is_empty(),
            borrowed,
            checksums,
        })?;
        Ok(())
    }

    /// Blocks until everything logged so far is captured by the sink and every borrowed buffer
    /// of this recording is released.
    fn flush(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| self.core.flush_blocking());
        self.housekeeping(py)
    }

    /// Streams the recording (including everything logged before) into an `.rrd` file.
    #[pyo3(signature = (path, write_footer=true))]
    fn save(&self, py: Python<'_>, path: PathBuf, write_footer: bool) -> PyResult<()> {
        let spec = SinkSpec::File {
            path,
            footer: write_footer,
        };
        py.detach(|| self.core.set_sink_blocking(spec))?;
        self.housekeeping(py)
    }

    /// Streams the recording as `.rrd` bytes to standard output (`python app.py | rerun -`).
    #[pyo3(signature = (write_footer=true))]
    fn stdout(&self, py: Python<'_>, write_footer: bool) -> PyResult<()> {
        use std::os::fd::AsFd;
        let fd = std::io::stdout().as_fd().try_clone_to_owned()?;
        let writer: Box<dyn std::io::Write + Send> = Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::from(fd),
        ));
        let spec = SinkSpec::Writer {
            writer,
            footer: write_footer,
        };
        py.detach(|| self.core.set_sink_blocking(spec))?;
        self.housekeeping(py)
    }

    /// Streams the recording as `.rrd` bytes into a buffer that `BinaryStream.read()` drains.
    fn binary_stream(&self, py: Python<'_>) -> PyResult<PyBinaryStream> {
        let buffer = SharedBytes::default();
        let spec = SinkSpec::Writer {
            writer: Box::new(buffer.clone()),
            footer: true,
        };
        py.detach(|| self.core.set_sink_blocking(spec))?;
        self.housekeeping(py)?;
        Ok(PyBinaryStream { buffer })
    }

    /// Several sinks at once: each of `sinks` is `("file", (path, write_footer))`, `("grpc", url | None)`,
    /// `("memory", MemorySink)` or `("binary", BinaryStream)`.
    fn set_sinks(&self, py: Python<'_>, sinks: Vec<(String, Bound<'_, PyAny>)>) -> PyResult<()> {
        let mut specs = Vec::with_capacity(sinks.len());
        for (kind, arg) in sinks {
            specs.push(match kind.as_str() {
                "file" => {
                    let (path, footer): (PathBuf, bool) = arg.extract()?;
                    SinkSpec::File { path, footer }
                }
                "grpc" => {
                    let url: Option<String> = arg.extract()?;
                    let url = ProxyUrl::parse(url.as_deref().unwrap_or(DEFAULT_URL))?;
                    SinkSpec::Grpc(GrpcOptions::from_env(url))
                }
                "memory" => SinkSpec::Memory(arg.cast::<PyMemorySink>()?.get().chunks.clone()),
                "grpc_server" => {
                    let (ip, port, limit, newest_first): (String, u16, String, bool) =
                        arg.extract()?;
                    let limit = super::grpc::server::parse_memory_limit(&limit)?;
                    SinkSpec::GrpcServer(super::grpc::ServerOptions::bind(
                        &ip,
                        port,
                        limit,
                        newest_first,
                    )?)
                }
                "binary" => SinkSpec::Writer {
                    writer: Box::new(arg.cast::<PyBinaryStream>()?.get().buffer.clone()),
                    footer: true,
                },
                other => {
                    return Err(
                        Error::Value(format!("set_sinks: unknown sink kind {other:?}")).into(),
                    )
                }
            });
        }
        py.detach(|| self.core.set_sink_blocking(SinkSpec::Multi(specs)))?;
        self.housekeeping(py)
    }

    /// Streams the recording (including everything logged before) to a Rerun viewer over gRPC
    /// (`rerun+http://HOST:PORT/proxy`). Returns at once: data waits (bounded) for the viewer.
    #[pyo3(signature = (url=None))]
    fn connect_grpc(&self, py: Python<'_>, url: Option<&str>) -> PyResult<()> {
        let url = ProxyUrl::parse(url.unwrap_or(DEFAULT_URL))?;
        let spec = SinkSpec::Grpc(GrpcOptions::from_env(url));
        py.detach(|| self.core.set_sink_blocking(spec))?;
        self.housekeeping(py)
    }

    /// Hosts a gRPC server on `bind_ip:port` (0: any free port) that viewers connect to, with
    /// everything logged so far as its backlog. Returns the URL. A port in use raises `OSError`.
    #[pyo3(signature = (bind_ip, port, server_memory_limit, newest_first))]
    fn serve_grpc(
        &self,
        py: Python<'_>,
        bind_ip: &str,
        port: u16,
        server_memory_limit: &str,
        newest_first: bool,
    ) -> PyResult<String> {
        let limit = super::grpc::server::parse_memory_limit(server_memory_limit)?;
        let opts = super::grpc::ServerOptions::bind(bind_ip, port, limit, newest_first)?;
        let url = opts.url.clone();
        py.detach(|| self.core.set_sink_blocking(SinkSpec::GrpcServer(opts)))?;
        self.housekeeping(py)?;
        Ok(url)
    }

    /// Whether this is a blueprint store (`blueprint=True`).
    #[getter]
    fn is_blueprint(&self) -> bool {
        self.core.store.is_blueprint()
    }

    /// Sends what was logged to `blueprint` (a blueprint store, still on its buffered sink)
    /// through this recording's sink, followed by the activation command. `blueprint` is left
    /// empty.
    fn send_blueprint(
        &self,
        py: Python<'_>,
        blueprint: &PyRecording,
        make_active: bool,
        make_default: bool,
    ) -> PyResult<()> {
        if !blueprint.core.store.is_blueprint() {
            return Err(Error::Value("send_blueprint: expected a blueprint store".into()).into());
        }
        if self.core.store.is_blueprint() {
            return Err(Error::Value(
                "send_blueprint: cannot send a blueprint into a blueprint store".into(),
            )
            .into());
        }
        let chunks = py.detach(|| blueprint.core.drain_blocking())?;
        blueprint.housekeeping(py)?;
        self.core.send_blueprint(BlueprintSend {
            store: blueprint.core.store.clone(),
            chunks,
            make_active,
            make_default,
        })?;
        self.housekeeping(py)
    }

    /// Writes this blueprint store's activation command into its own sink (`Blueprint.save`).
    fn activate_blueprint(
        &self,
        py: Python<'_>,
        make_active: bool,
        make_default: bool,
    ) -> PyResult<()> {
        if !self.core.store.is_blueprint() {
            return Err(Error::Value("activate_blueprint: not a blueprint store".into()).into());
        }
        self.core.activate(make_active, make_default)?;
        py.detach(|| self.core.flush_blocking());
        self.housekeeping(py)
    }

    /// Switches to an in-memory sink and returns it.
    fn memory_sink(&self, py: Python<'_>) -> PyResult<PyMemorySink> {
        let chunks = Arc::new(Mutex::new(Vec::new()));
        let spec = SinkSpec::Memory(chunks.clone());
        py.detach(|| self.core.set_sink_blocking(spec))?;
        self.housekeeping(py)?;
        Ok(PyMemorySink {
            chunks,
            store: self.core.store.clone(),
        })
    }

    /// Flushes and closes the current sink (an `.rrd` file gets its footer); later rows are
    /// buffered in memory until the next sink.
    fn disconnect(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| self.core.set_sink_blocking(SinkSpec::Buffered))?;
        self.housekeeping(py)
    }

    /// Flushes, finishes the sink and stops the batcher thread (at exit).
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| self.core.shutdown_blocking());
        self.housekeeping(py)
    }

    /// Merges an `.rrd` stream into this recording as rerun-sdk's `.rrd` loader does: every
    /// message keeps its store. Chunks of this recording's own store go through its sink like
    /// `send_columns` chunks; other stores (another recording, a blueprint and its activation)
    /// are written after their `SetStoreInfo`. Returns the number of chunks merged.
    fn merge_rrd(&self, py: Python<'_>, data: &[u8]) -> PyResult<usize> {
        // One copy: the decoded chunks outlive the Python bytes object.
        let decoded = py
            .detach(|| super::rrd::reader::decode_rrd(bytes::Bytes::copy_from_slice(data)))
            .map_err(Error::from)?;
        let n = merge_decoded(&self.core, decoded)?;
        self.housekeeping(py)?;
        Ok(n)
    }

    /// The time point a `log` call now would get (the thread's timelines plus `log_time` /
    /// `log_tick` when enabled), as `(timeline, kind, value)` sorted by timeline: what
    /// rerun-sdk passes to external loaders.
    fn loader_timepoint(&self) -> Vec<(String, &'static str, i64)> {
        let tick = self.clock.next_tick();
        let tp = with_thread_timepoint(self.id, |tp| self.clock.stamp(tp, tick));
        let entries = tp.0.iter();
        let mut out: Vec<_> = entries
            .map(|(name, kind, value)| (name.to_string(), time_kind_name(*kind), *value))
            .collect();
        out.sort();
        out
    }
}

/// Chunks captured by a memory sink, readable as pyarrow record batches.
#[pyclass(frozen, module = "nparrow._native", name = "MemorySink")]
pub struct PyMemorySink {
    chunks: Arc<Mutex<Vec<MemoryChunk>>>,
    store: StoreInfo,
}

#[pymethods]
impl PyMemorySink {
    /// The chunks so far (call `flush()` on the recording first), as Arrow record batches.
    fn chunks(&self) -> Vec<PyArrowRecordBatch> {
        self.chunks
            .lock()
            .map(|c| {
                c.iter()
                    .map(|(b, _, _)| PyArrowRecordBatch::new(b.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn __len__(&self) -> usize {
        self.chunks.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// Messages an `.rrd` stream of the chunks so far holds (its `SetStoreInfo` and one per
    /// chunk), as rerun-sdk's `MemoryRecording.num_msgs()` counts them.
    fn num_msgs(&self) -> usize {
        1 + self.__len__()
    }

    /// The chunks so far as a complete `.rrd` stream (with footer), taken out of the sink.
    fn drain_as_bytes(&self, py: Python<'_>) -> PyResult<Vec<u8>> {
        let chunks = self
            .chunks
            .lock()
            .map(|mut c| std::mem::take(&mut *c))
            .unwrap_or_default();
        let store = self.store.clone();
        let bytes = py.detach(move || -> Result<Vec<u8>> {
            let mut w = super::rrd::RrdWriter::new(Vec::new(), store)?;
            for (batch, chunk_id, is_static) in &chunks {
                w.write_chunk(batch, *chunk_id, *is_static, true)?;
            }
            Ok(w.finish()?)
        })?;
        Ok(bytes)
    }
}

/// A byte buffer shared by an `.rrd` writer on the batcher thread and the Python reader.
#[derive(Clone, Default)]
struct SharedBytes(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for SharedBytes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("binary stream buffer poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `.rrd` bytes as the recording writes them (`binary_stream()`), read in pieces.
#[pyclass(frozen, module = "nparrow._native", name = "BinaryStream")]
pub struct PyBinaryStream {
    buffer: SharedBytes,
}

#[pymethods]
impl PyBinaryStream {
    /// The bytes written since the last read (flush the recording first for all of them).
    fn read(&self) -> Vec<u8> {
        self.buffer
            .0
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default()
    }
}

/// Escapes one entity path part as rerun-sdk does (`my image!` → `my\\ image\\!`).
#[pyfunction]
pub fn escape_entity_path_part(part: &str) -> String {
    entity_path::escape_part(part)
}

/// Joins (unescaped) parts into an escaped entity path with a leading `/` (rerun-sdk's
/// `new_entity_path`).
#[pyfunction]
pub fn new_entity_path(parts: Vec<String>) -> String {
    entity_path::join_parts(&parts)
}

/// The entity path rerun-sdk records for `path` (parsed forgivingly and re-escaped).
#[pyfunction]
pub fn normalize_entity_path(path: &str) -> String {
    entity_path::normalize(path).into_owned()
}

/// Builds the array a payload tuple describes (see `sdk::payload`); borrows when it can, or
/// copies everything with `copy=True`.
#[pyfunction]
#[pyo3(signature = (payload, *, copy=false))]
pub fn payload_to_array(payload: &Bound<'_, PyAny>, copy: bool) -> Result<PyArrowArray> {
    let policy = BorrowPolicy {
        force_copy: copy,
        ..BorrowPolicy::BORROW
    };
    let (array, borrowed) = super::payload::payload_to_array(payload, "payload_to_array", policy)?;
    Ok(PyArrowArray::new(array, borrowed))
}

/// The array a payload's values would be built into on the batcher thread if `log` carried
/// them inline in the row (`chunk::Inline`), or `None` when they do not travel inline (under a
/// recording's `copy_below_bytes`). For tests: it must equal `payload_to_array`'s.
#[pyfunction]
#[pyo3(signature = (payload, *, copy_below_bytes=4096))]
pub fn payload_inline(
    payload: &Bound<'_, PyAny>,
    copy_below_bytes: usize,
) -> Result<Option<PyArrowArray>> {
    let policy = BorrowPolicy {
        copy_below_bytes,
        force_copy: false,
    };
    let parsed = super::payload::Payload::parse(payload, "payload_inline")?;
    Ok(parsed
        .inline(policy)
        .map(|values| PyArrowArray::new(values.to_array(), false)))
}

/// The number of instances a payload describes (its built array's length), without building it.
#[pyfunction]
pub fn payload_len(payload: &Bound<'_, PyAny>) -> Result<usize> {
    super::payload::payload_len(payload, "payload_len")
}

/// Another store met in a merged `.rrd`: its chunks and its activation command, if any.
type OtherStore = (
    super::rrd::reader::StoreId,
    Vec<MemoryChunk>,
    Option<(bool, bool)>,
);

fn time_kind_name(kind: TimeKind) -> &'static str {
    match kind {
        TimeKind::Sequence => "sequence",
        TimeKind::Timestamp => "timestamp",
        TimeKind::Duration => "duration",
    }
}

/// Routes decoded `.rrd` messages into `core` (see `PyRecording::merge_rrd`).
fn merge_decoded(core: &RecordingCore, decoded: super::rrd::reader::DecodedRrd) -> Result<usize> {
    use super::rrd::reader::{RrdMessage, StoreId};
    let own = &core.store;
    let is_own = |s: &StoreId| {
        s.kind == own.kind
            && s.application_id == own.application_id
            && s.recording_id == own.recording_id
    };
    // Other stores in the order they first appear, with their chunks and activation.
    let mut others: Vec<OtherStore> = Vec::new();
    fn slot<'a>(others: &'a mut Vec<OtherStore>, store: &StoreId) -> &'a mut OtherStore {
        let i = match others.iter().position(|o| &o.0 == store) {
            Some(i) => i,
            None => {
                others.push((store.clone(), Vec::new(), None));
                others.len() - 1
            }
        };
        &mut others[i]
    }
    let mut merged = 0;
    for msg in decoded.messages {
        match msg {
            RrdMessage::SetStoreInfo(store) => {
                if !is_own(&store) {
                    slot(&mut others, &store);
                }
            }
            RrdMessage::ArrowMsg(c) => {
                merged += 1;
                if is_own(&c.store) {
                    let entity = c
                        .batch
                        .schema_ref()
                        .metadata()
                        .get(super::rrd::schema::ENTITY_PATH_KEY)
                        .map(|e| Arc::from(e.as_str()))
                        .unwrap_or_else(|| Arc::from("/"));
                    core.push_chunk(ReadyChunk {
                        entity,
                        batch: c.batch,
                        chunk_id: c.chunk_id,
                        is_static: c.is_static,
                        borrowed: false,
                        checksums: None,
                    })?;
                } else {
                    slot(&mut others, &c.store)
                        .1
                        .push((c.batch, c.chunk_id, c.is_static));
                }
            }
            RrdMessage::BlueprintActivation {
                blueprint,
                make_active,
                make_default,
            } => slot(&mut others, &blueprint).2 = Some((make_active, make_default)),
        }
    }
    for (store, chunks, activation) in others {
        let (make_active, make_default) = activation.unwrap_or((false, false));
        core.send_blueprint(BlueprintSend {
            store: StoreInfo {
                application_id: store.application_id,
                recording_id: store.recording_id,
                python_version: own.python_version,
                kind: store.kind,
            },
            chunks,
            make_active,
            make_default,
        })?;
    }
    Ok(merged)
}

/// What an `.rrd` stream holds, for `python -m nparrow FILE` (`nparrow._rrd_summary`):
/// `(messages, streams, streams_with_end, footer_manifests)`. Each message is
/// `("store", kind, application_id, recording_id)`,
/// `("chunk", kind, application_id, recording_id, entity, is_static, rows, components, timelines)`
/// with components as `(name, non-null rows)` and timelines as `(name, kind, min, max)`
/// (`min`/`max` `None` when every value is null), or
/// `("activation", kind, application_id, recording_id, make_active, make_default)`.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn read_rrd_contents<'py>(py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyTuple>> {
    use super::rrd::reader::RrdMessage;
    use pyo3::IntoPyObjectExt;
    let decoded = py
        .detach(|| super::rrd::reader::decode_rrd(bytes::Bytes::copy_from_slice(data)))
        .map_err(Error::from)?;
    let mut msgs: Vec<Bound<'_, PyAny>> = Vec::with_capacity(decoded.messages.len());
    for msg in &decoded.messages {
        msgs.push(match msg {
            RrdMessage::SetStoreInfo(s) => (
                "store",
                s.kind,
                s.application_id.as_str(),
                s.recording_id.as_str(),
            )
                .into_bound_py_any(py)?,
            RrdMessage::ArrowMsg(c) => {
                let info = super::rrd::chunk_info(&c.batch, c.chunk_id, c.is_static)
                    .map_err(Error::from)?;
                let components: Vec<(String, u64)> = info
                    .components
                    .iter()
                    .map(|k| (k.component.clone(), k.num_non_null))
                    .collect();
                let timelines: Vec<(String, &str, Option<i64>, Option<i64>)> = info
                    .timelines
                    .iter()
                    .map(|t| {
                        let kind = match t.datatype {
                            arrow_schema::DataType::Timestamp(..) => "timestamp",
                            arrow_schema::DataType::Duration(..) => "duration",
                            _ => "sequence",
                        };
                        (
                            t.name.clone(),
                            kind,
                            t.min_max.map(|m| m.0),
                            t.min_max.map(|m| m.1),
                        )
                    })
                    .collect();
                (
                    "chunk",
                    c.store.kind,
                    c.store.application_id.as_str(),
                    c.store.recording_id.as_str(),
                    info.entity_path.clone(),
                    info.is_static,
                    info.num_rows,
                    components,
                    timelines,
                )
                    .into_bound_py_any(py)?
            }
            RrdMessage::BlueprintActivation {
                blueprint,
                make_active,
                make_default,
            } => (
                "activation",
                blueprint.kind,
                blueprint.application_id.as_str(),
                blueprint.recording_id.as_str(),
                *make_active,
                *make_default,
            )
                .into_bound_py_any(py)?,
        });
    }
    PyTuple::new(
        py,
        [
            PyList::new(py, msgs)?.into_any(),
            decoded.streams.into_bound_py_any(py)?,
            decoded.streams_with_end.into_bound_py_any(py)?,
            decoded.footer_manifests.into_bound_py_any(py)?,
        ],
    )
}

/// `list` with null rows where `validity` (a bool array, one per row) is false.
fn with_row_validity(
    list: arrow_array::ArrayRef,
    validity: &Bound<'_, PyAny>,
    what: &str,
    policy: BorrowPolicy,
) -> Result<arrow_array::ArrayRef> {
    use arrow_array::{Array, ListArray};
    let mask = import_buffer(validity, what, policy)?;
    if mask.dtype != DType::Bool || mask.shape.len() != 1 || mask.len != list.len() {
        return Err(Error::Value(format!(
            "{what}: expected a 1-d bool validity with one entry per row ({}), got {} with shape {:?}",
            list.len(),
            mask.dtype.name(),
            mask.shape
        )));
    }
    let Some(list) = list.as_any().downcast_ref::<ListArray>() else {
        return Err(Error::Type(format!("{what}: expected a list column")));
    };
    let bits: Vec<bool> = mask.buffer.as_slice()[..mask.len]
        .iter()
        .map(|b| *b != 0)
        .collect();
    let (field, offsets, values, _) = list.clone().into_parts();
    let nulls = arrow_buffer::NullBuffer::from(bits);
    Ok(std::sync::Arc::new(ListArray::try_new(
        field,
        offsets,
        values,
        Some(nulls),
    )?))
}

/// Any Arrow PyCapsule producer's array (`__arrow_c_array__`, or `__arrow_c_stream__`) as an
/// `nparrow.ArrowArray`, imported without a copy; with `target`, cast once to its type when the
/// types differ (buffers whose layout matches are kept). The result counts as borrowed while it
/// references the producer's memory. Raises `TypeError` when the type cannot be cast.
#[pyfunction]
#[pyo3(signature = (obj, target=None, *, what="arrow_to_array"))]
pub fn arrow_to_array(
    obj: &Bound<'_, PyAny>,
    target: Option<&Bound<'_, PyArrowArray>>,
    what: &str,
) -> Result<PyArrowArray> {
    use crate::bridge::capsule;
    // nparrow's own arrays are taken as they are (no export/import round trip).
    let (imported, borrowed) = match obj.cast::<PyArrowArray>() {
        Ok(own) => (own.get().array().clone(), own.get().borrowed()),
        Err(_) => (capsule::import_arrow(obj, what)?, true),
    };
    let Some(target) = target else {
        return Ok(PyArrowArray::new(imported, borrowed));
    };
    let array = capsule::cast_to(imported.clone(), target.get().array().data_type(), what)?;
    let borrowed = borrowed && capsule::shares_memory(imported.as_ref(), array.as_ref());
    Ok(PyArrowArray::new(array, borrowed))
}
