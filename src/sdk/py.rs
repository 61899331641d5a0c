//! Python bindings of the recording: `nparrow._native.Recording` and its memory sink.

use std::ffi::CString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use arrow_array::RecordBatch;
use pyo3::exceptions::PyUserWarning;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use super::chunk::{checksum, Cell, Row};
use super::descriptor::PyComponentDescriptor;
use super::recording::{BatcherConfig, RecordingCore, SinkSpec};
use super::rrd::StoreInfo;
use super::time::{with_thread_timepoint, TimeKind, TimePoint};
use super::tuid::new_tuid;
use crate::bridge::export::PyArrowRecordBatch;
use crate::bridge::payload::payload_to_array;
use crate::bridge::BorrowPolicy;
use crate::error::{Error, Result};

static NEXT_RECORDING: AtomicU64 = AtomicU64::new(1);

/// A recording stream: thread-local time, rows, and a batcher thread feeding one sink.
#[pyclass(frozen, module = "nparrow._native", name = "Recording")]
pub struct PyRecording {
    core: RecordingCore,
    id: u64,
    policy: BorrowPolicy,
    check_borrows: bool,
}

impl PyRecording {
    /// Drops rows the batcher has finished with (we hold the GIL, so releases are cheap) and
    /// turns batcher-side problems into Python warnings.
    fn housekeeping(&self, py: Python<'_>) -> PyResult<()> {
        drop(self.core.shared.take_graveyard());
        for msg in self.core.shared.take_warnings() {
            let msg = CString::new(msg.replace('\0', " ")).unwrap_or_default();
            PyErr::warn(py, &py.get_type::<PyUserWarning>(), &msg, 2)?;
        }
        Ok(())
    }
}

#[pymethods]
impl PyRecording {
    #[new]
    #[pyo3(signature = (application_id, recording_id, python_version=(3, 11, 0), *, copy_below_bytes=4096, always_copy=false))]
    fn new(
        application_id: String,
        recording_id: String,
        python_version: (i32, i32, i32),
        copy_below_bytes: usize,
        always_copy: bool,
    ) -> Result<Self> {
        let store = StoreInfo::new(application_id, recording_id, python_version);
        let core = RecordingCore::new(store, BatcherConfig::from_env())?;
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
        })
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
        let policy = if copy {
            BorrowPolicy {
                force_copy: true,
                ..self.policy
            }
        } else {
            self.policy
        };
        let mut cells = Vec::with_capacity(components.len());
        let mut borrowed = false;
        for item in components.iter() {
            let item = item.cast_into::<PyTuple>().map_err(|_| {
                Error::Type("log: expected a list of (ComponentDescriptor, payload) tuples".into())
            })?;
            let desc = item.get_item(0)?;
            let desc = desc.cast::<PyComponentDescriptor>().map_err(|_| {
                Error::Type("log: expected a ComponentDescriptor as the first tuple item".into())
            })?;
            let payload = item.get_item(1)?;
            if payload.is_none() {
                continue;
            }
            let descriptor = desc.get().0.clone();
            let (array, b) = payload_to_array(&payload, &descriptor.component, policy)?;
            borrowed |= b;
            cells.push(Cell { descriptor, array });
        }
        cells.sort_by(|a, b| a.descriptor.component.cmp(&b.descriptor.component));
        let checksums = (self.check_borrows && borrowed)
            .then(|| cells.iter().map(|c| checksum(c.array.as_ref())).collect());
        let timepoint = if r#static {
            TimePoint::default()
        } else {
            with_thread_timepoint(self.id, |tp| tp.with_log_time())
        };
        let row = Row {
            row_id: new_tuid(),
            timepoint,
            cells,
            borrowed,
            checksums,
        };
        let entity: Arc<str> = if entity_path.starts_with('/') {
            Arc::from(entity_path)
        } else {
            Arc::from(format!("/{entity_path}"))
        };
        self.core.push(entity, r#static, row)?;
        Ok(())
    }

    /// Blocks until everything logged so far is captured by the sink and every borrowed buffer
    /// of this recording is released.
    fn flush(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| self.core.flush_blocking());
        self.housekeeping(py)
    }

    /// Streams the recording (including everything logged before) into an `.rrd` file.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| self.core.set_sink_blocking(SinkSpec::File(path)))?;
        self.housekeeping(py)
    }

    /// Switches to an in-memory sink and returns it.
    fn memory_sink(&self, py: Python<'_>) -> PyResult<PyMemorySink> {
        let chunks = Arc::new(Mutex::new(Vec::new()));
        let spec = SinkSpec::Memory(chunks.clone());
        py.detach(|| self.core.set_sink_blocking(spec))?;
        self.housekeeping(py)?;
        Ok(PyMemorySink { chunks })
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
}

/// Chunks captured by a memory sink, readable as pyarrow record batches.
#[pyclass(frozen, module = "nparrow._native", name = "MemorySink")]
pub struct PyMemorySink {
    chunks: Arc<Mutex<Vec<RecordBatch>>>,
}

#[pymethods]
impl PyMemorySink {
    /// The chunks so far (call `flush()` on the recording first), as Arrow record batches.
    fn chunks(&self) -> Vec<PyArrowRecordBatch> {
        self.chunks
            .lock()
            .map(|c| c.iter().cloned().map(PyArrowRecordBatch::new).collect())
            .unwrap_or_default()
    }

    fn __len__(&self) -> usize {
        self.chunks.lock().map(|c| c.len()).unwrap_or(0)
    }
}
