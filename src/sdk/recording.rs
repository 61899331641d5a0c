//! The recording core: a batcher thread that groups rows into chunks and hands them to a sink.
//!
//! The calling thread only builds arrays (borrowed or copied) and sends a `Row`. The batcher
//! thread builds chunks, encodes and writes them without the GIL. Rows that borrowed Python
//! buffers are not dropped there (each release would wait for the GIL): they go to the
//! graveyard, which the next Python-side call drops in bulk while it holds the GIL anyway, or the
//! batcher releases in bulk under one GIL acquisition if nobody came by for a tick.

use rustc_hash::FxHashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use arrow_array::RecordBatch;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use super::chunk::{build_chunk, checksum, owned_copy, Row};
use super::grpc::{GrpcOptions, GrpcSink};
use super::rrd::{encode_chunk, properties_chunk, RrdWriter, StoreInfo};
use super::time::now_ns;
use super::tuid::{new_tuid, Tuid};
use crate::error::{Error, Result};

/// Batching thresholds (rerun-sdk's names and defaults: `RERUN_FLUSH_NUM_ROWS`,
/// `RERUN_FLUSH_NUM_BYTES`, `RERUN_FLUSH_TICK_SECS`).
#[derive(Clone, Debug)]
pub struct BatcherConfig {
    pub flush_num_rows: usize,
    pub flush_num_bytes: usize,
    pub flush_tick: Duration,
    pub compress: bool,
}

impl BatcherConfig {
    /// `from_env` with the thresholds given (`ChunkBatcherConfig`) in their place. A tick that
    /// is infinite (or beyond a year) means never.
    pub fn with_overrides(
        flush_tick_secs: Option<f64>,
        flush_num_bytes: Option<u64>,
        flush_num_rows: Option<u64>,
    ) -> Self {
        const NEVER: Duration = Duration::from_secs(365 * 24 * 3600);
        let mut c = Self::from_env();
        if let Some(secs) = flush_tick_secs.filter(|s| !s.is_nan() && *s >= 0.0) {
            c.flush_tick = if secs >= NEVER.as_secs_f64() {
                NEVER
            } else {
                Duration::from_secs_f64(secs)
            };
        }
        if let Some(b) = flush_num_bytes {
            c.flush_num_bytes = usize::try_from(b).unwrap_or(usize::MAX);
        }
        if let Some(r) = flush_num_rows {
            c.flush_num_rows = usize::try_from(r).unwrap_or(usize::MAX);
        }
        c
    }

    pub fn from_env() -> Self {
        let env = |k: &str| std::env::var(k).ok();
        Self {
            flush_num_rows: env("RERUN_FLUSH_NUM_ROWS")
                .and_then(|v| v.parse().ok())
                .unwrap_or(usize::MAX),
            flush_num_bytes: env("RERUN_FLUSH_NUM_BYTES")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1024 * 1024),
            flush_tick: env("RERUN_FLUSH_TICK_SECS")
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(Duration::from_secs_f64)
                .unwrap_or(Duration::from_millis(200)),
            compress: env("NPARROW_COMPRESS").map(|v| v != "0").unwrap_or(true),
        }
    }
}

/// Where captured chunks go.
pub enum SinkSpec {
    /// Keep chunks in memory until a real sink is set (the state before `save()`).
    Buffered,
    /// Keep chunks as Arrow record batches readable from Python.
    Memory(Arc<Mutex<Vec<MemoryChunk>>>),
    /// Write an `.rrd` file (`footer`: end it with the footer and manifests when closed).
    File { path: PathBuf, footer: bool },
    /// Write an `.rrd` stream into any writer (standard output, a byte buffer).
    Writer {
        writer: Box<dyn Write + Send>,
        footer: bool,
    },
    /// Stream to a Rerun viewer over gRPC.
    Grpc(GrpcOptions),
    /// Host a gRPC server (`serve_grpc`) that viewers connect to.
    GrpcServer(super::grpc::ServerOptions),
    /// Several of the above at once (`set_sinks`); each gets everything.
    Multi(Vec<SinkSpec>),
}

impl SinkSpec {
    pub fn file(path: PathBuf) -> Self {
        SinkSpec::File { path, footer: true }
    }
}

/// A chunk held by a memory sink: `(batch, chunk id, is_static)`, owning its memory.
pub type MemoryChunk = (RecordBatch, Tuid, bool);

struct Captured {
    batch: RecordBatch,
    chunk_id: Tuid,
    is_static: bool,
}

/// A blueprint sent through this recording's sink (`send_blueprint`): another store's chunks
/// and the command that activates it. Shared, as a buffered sink replays it later.
pub struct BlueprintSend {
    /// The blueprint store (kind BLUEPRINT).
    pub store: StoreInfo,
    /// `(batch, chunk id, is_static)`, owning their memory.
    pub chunks: Vec<(RecordBatch, Tuid, bool)>,
    pub make_active: bool,
    pub make_default: bool,
}

/// What a buffered sink holds until a real one is set, in order.
enum Backlog {
    Chunk(Captured),
    Blueprint(Arc<BlueprintSend>),
}

enum Sink {
    Buffered(Vec<Backlog>),
    Memory(Arc<Mutex<Vec<MemoryChunk>>>),
    /// An `.rrd` stream; the flag says whether closing it writes the footer.
    File(RrdWriter<Box<dyn Write + Send>>, bool),
    Grpc(GrpcSink),
    GrpcServer(super::grpc::GrpcServerSink),
    /// Real sinks only (never `Buffered`).
    Multi(Vec<Sink>),
}

/// What sinks need from the recording to encode and report.
struct SinkCtx<'a> {
    store: &'a StoreInfo,
    compress: bool,
    shared: &'a Shared,
}

impl Sink {
    fn open(spec: SinkSpec, store: &StoreInfo) -> Result<Sink> {
        Ok(match spec {
            SinkSpec::Buffered => Sink::Buffered(Vec::new()),
            SinkSpec::Memory(m) => Sink::Memory(m),
            SinkSpec::Grpc(opts) => Sink::Grpc(GrpcSink::connect(opts, store)?),
            SinkSpec::GrpcServer(opts) => {
                Sink::GrpcServer(super::grpc::GrpcServerSink::start(opts, store)?)
            }
            SinkSpec::File { path, footer } => {
                let file = File::create(&path)
                    .map_err(|e| Error::Value(format!("cannot create {}: {e}", path.display())))?;
                let w: Box<dyn Write + Send> = Box::new(BufWriter::with_capacity(1 << 20, file));
                Sink::File(RrdWriter::new(w, store.clone())?, footer)
            }
            SinkSpec::Writer { writer, footer } => {
                Sink::File(RrdWriter::new(writer, store.clone())?, footer)
            }
            SinkSpec::Multi(specs) => {
                let mut sinks = Vec::with_capacity(specs.len());
                for spec in specs {
                    match Sink::open(spec, store)? {
                        // Buffering inside a tee would hold data no sink ever gets.
                        Sink::Buffered(_) => {}
                        sink => sinks.push(sink),
                    }
                }
                Sink::Multi(sinks)
            }
        })
    }

    fn capture(&mut self, c: Captured, borrowed: bool, cx: &SinkCtx<'_>) {
        match self {
            Sink::File(w, _) => {
                let res = encode_chunk(&c.batch, c.chunk_id, c.is_static, cx.store, cx.compress)
                    .and_then(|enc| w.write_encoded(&enc));
                if let Err(e) = res {
                    cx.shared
                        .warn(format!("nparrow: writing the .rrd file failed: {e}"));
                }
            }
            Sink::Grpc(g) => {
                match encode_chunk(&c.batch, c.chunk_id, c.is_static, cx.store, cx.compress) {
                    Ok(mut enc) => {
                        if borrowed {
                            // The sink keeps the payload after the rows are buried: it must
                            // not alias Python memory (released only under the GIL).
                            enc.payload = enc.payload.owned();
                        }
                        g.send_chunk(enc)
                    }
                    Err(e) => cx.shared.warn(format!("nparrow: dropped a chunk: {e}")),
                }
                for w in g.take_warnings() {
                    cx.shared.warn(w);
                }
            }
            Sink::GrpcServer(g) => {
                // The message copies the payload, so borrowed rows may be released after this.
                match encode_chunk(&c.batch, c.chunk_id, c.is_static, cx.store, cx.compress) {
                    Ok(enc) => g.send_chunk(enc, c.is_static, cx.store),
                    Err(e) => cx.shared.warn(format!("nparrow: dropped a chunk: {e}")),
                }
                for w in g.take_warnings() {
                    cx.shared.warn(w);
                }
            }
            Sink::Memory(_) | Sink::Buffered(_) => {
                let batch = if borrowed {
                    own_batch(&c.batch)
                } else {
                    Ok(c.batch)
                };
                match (batch, self) {
                    (Ok(batch), Sink::Memory(m)) => {
                        if let Ok(mut m) = m.lock() {
                            m.push((batch, c.chunk_id, c.is_static));
                        }
                    }
                    (Ok(batch), Sink::Buffered(v)) => {
                        v.push(Backlog::Chunk(Captured { batch, ..c }))
                    }
                    (Err(e), _) => cx.shared.warn(format!("nparrow: dropped a chunk: {e}")),
                    _ => {}
                }
            }
            Sink::Multi(sinks) => {
                for sink in sinks {
                    let copy = Captured {
                        batch: c.batch.clone(),
                        ..c
                    };
                    sink.capture(copy, borrowed, cx);
                }
            }
        }
    }

    /// The activation command of this (blueprint) store.
    fn activate(&mut self, make_active: bool, make_default: bool, cx: &SinkCtx<'_>) {
        match self {
            Sink::File(w, _) => {
                if let Err(e) = w.write_activation(cx.store, make_active, make_default) {
                    cx.shared
                        .warn(format!("nparrow: writing the .rrd file failed: {e}"));
                }
            }
            Sink::Grpc(g) => g.send_activation(cx.store, make_active, make_default),
            Sink::GrpcServer(g) => g.send_activation(cx.store, make_active, make_default),
            Sink::Memory(_) | Sink::Buffered(_) => {}
            Sink::Multi(sinks) => {
                for sink in sinks {
                    sink.activate(make_active, make_default, cx);
                }
            }
        }
    }

    /// Writes a blueprint store (and its activation) into the sink, or keeps it for the next.
    fn deliver_blueprint(&mut self, b: Arc<BlueprintSend>, cx: &SinkCtx<'_>) {
        // Another recording merged from an `.rrd` (`merge_rrd`) has no activation command.
        let activation = b
            .store
            .is_blueprint()
            .then_some((b.make_active, b.make_default));
        match self {
            Sink::File(w, _) => {
                if let Err(e) = w.write_other_store(&b.store, &b.chunks, activation, cx.compress) {
                    cx.shared.warn(format!(
                        "nparrow: writing the blueprint to the .rrd file failed: {e}"
                    ));
                }
            }
            Sink::Grpc(g) => {
                g.send_store_info(&b.store);
                for (batch, chunk_id, is_static) in &b.chunks {
                    match encode_chunk(batch, *chunk_id, *is_static, &b.store, cx.compress) {
                        Ok(enc) => g.send_chunk(enc),
                        Err(e) => cx
                            .shared
                            .warn(format!("nparrow: dropped a blueprint chunk: {e}")),
                    }
                }
                if let Some((make_active, make_default)) = activation {
                    g.send_activation(&b.store, make_active, make_default);
                }
                for w in g.take_warnings() {
                    cx.shared.warn(w);
                }
            }
            Sink::GrpcServer(g) => {
                g.send_store_info(&b.store);
                for (batch, chunk_id, is_static) in &b.chunks {
                    match encode_chunk(batch, *chunk_id, *is_static, &b.store, cx.compress) {
                        Ok(enc) => g.send_chunk(enc, *is_static, &b.store),
                        Err(e) => cx
                            .shared
                            .warn(format!("nparrow: dropped a blueprint chunk: {e}")),
                    }
                }
                g.send_activation(&b.store, b.make_active, b.make_default);
                for w in g.take_warnings() {
                    cx.shared.warn(w);
                }
            }
            // A memory recording holds this recording's chunks only.
            Sink::Memory(_) => {}
            Sink::Buffered(v) => v.push(Backlog::Blueprint(b)),
            Sink::Multi(sinks) => {
                for sink in sinks {
                    sink.deliver_blueprint(b.clone(), cx);
                }
            }
        }
    }

    fn flush(&mut self, cx: &SinkCtx<'_>) {
        match self {
            Sink::File(w, _) => {
                if let Err(e) = w.flush() {
                    cx.shared
                        .warn(format!("nparrow: writing the .rrd file failed: {e}"));
                }
            }
            Sink::Grpc(g) => {
                g.flush();
                for w in g.take_warnings() {
                    cx.shared.warn(w);
                }
            }
            // Everything is in the backlog and the viewers' queues already.
            Sink::GrpcServer(g) => {
                for w in g.take_warnings() {
                    cx.shared.warn(w);
                }
            }
            Sink::Memory(_) | Sink::Buffered(_) => {}
            Sink::Multi(sinks) => {
                for sink in sinks {
                    sink.flush(cx);
                }
            }
        }
    }

    /// Closes the sink: a file gets its footer (unless asked not to), a stream is flushed.
    fn finish(self, cx: &SinkCtx<'_>) {
        match self {
            Sink::File(w, footer) => {
                let res = if footer {
                    w.finish().map(drop)
                } else {
                    w.finish_without_footer().map(drop)
                };
                if let Err(e) = res {
                    cx.shared
                        .warn(format!("nparrow: finishing the .rrd file failed: {e}"));
                }
            }
            Sink::Grpc(g) => {
                for w in g.finish() {
                    cx.shared.warn(w);
                }
            }
            Sink::GrpcServer(g) => {
                for w in g.finish() {
                    cx.shared.warn(w);
                }
            }
            Sink::Memory(_) | Sink::Buffered(_) => {}
            Sink::Multi(sinks) => {
                for sink in sinks {
                    sink.finish(cx);
                }
            }
        }
    }
}

enum Cmd {
    /// Rows are waiting in `Shared::queue` (enough of them to be worth a wake-up).
    Wake,
    /// A chunk built by the caller (`send_columns`): skips row batching, is captured as is.
    Chunk(ReadyChunk),
    Flush(Sender<()>),
    Blueprint(Arc<BlueprintSend>),
    /// This store is a blueprint: activate it (`.rbl` files end with the command).
    Activate(bool, bool),
    /// Flushes and hands back what a buffered sink holds (a blueprint store's chunks).
    Drain(Sender<Vec<(RecordBatch, Tuid, bool)>>),
    SetSink(SinkSpec, Sender<Result<()>>),
    Shutdown(Sender<()>),
}

/// A chunk built on the calling thread, ready for the sink.
pub struct ReadyChunk {
    pub entity: Arc<str>,
    pub batch: RecordBatch,
    pub chunk_id: Tuid,
    pub is_static: bool,
    /// Some column aliases caller memory (its release needs the GIL).
    pub borrowed: bool,
    /// Debug switch `NPARROW_CHECK_BORROWS`: checksums of the columns at send time.
    pub checksums: Option<Vec<u64>>,
}

/// What the batcher has finished with but must not drop itself (it holds Python buffers).
pub enum Buried {
    Row(Row),
    Chunk(RecordBatch),
}

/// Logged rows on their way to the batcher. `log` appends under a short lock and wakes the
/// batcher only when a flush threshold is crossed; otherwise the batcher collects them on its
/// tick. (A channel message per row woke the batcher thread on every `log`: a futex system
/// call on the calling thread each time.)
#[derive(Default)]
struct RowQueue {
    /// (entity, static, row, its `byte_size()` when queued).
    rows: Vec<(Arc<str>, bool, Row, usize)>,
    /// The batcher's last drained `rows`, emptied, handed back with its capacity (up to 16384
    /// rows of ~150 bytes: with `rows`, which was the spare before, up to ~5 MB kept per
    /// recording after a burst): the next `rows`, so `log` appends without regrowing (and copying)
    /// the queue after every drain. A queue that outgrew it was regrown from empty by every drain:
    /// realloc, memcpy and fresh (huge) pages zeroed by the kernel on the calling thread.
    spare: Vec<(Arc<str>, bool, Row, usize)>,
    bytes: usize,
    /// When the oldest queued row was logged (its age counts toward the flush tick).
    since: Option<Instant>,
    wake_sent: bool,
    closed: bool,
}

/// State shared between the calling threads and the batcher.
#[derive(Default)]
pub struct Shared {
    queue: Mutex<RowQueue>,
    graveyard: Mutex<(Vec<Buried>, Option<Instant>)>,
    graveyard_nonempty: AtomicBool,
    warnings: Mutex<Vec<String>>,
    has_warnings: AtomicBool,
    /// Bytes of rows and chunks queued or pending in the batcher, not yet captured by the sink
    /// (the back-pressure measure; see `RecordingCore::wait_for_space`).
    queued_bytes: AtomicUsize,
    space: (Mutex<()>, Condvar),
}

impl Shared {
    fn release_bytes(&self, bytes: usize) {
        self.queued_bytes.fetch_sub(bytes, Ordering::AcqRel);
        if let Ok(_guard) = self.space.0.lock() {
            self.space.1.notify_all();
        }
    }

    fn bury(&self, items: impl IntoIterator<Item = Buried>) {
        let mut items = items.into_iter().peekable();
        if items.peek().is_none() {
            return;
        }
        if let Ok(mut g) = self.graveyard.lock() {
            g.0.extend(items);
            g.1.get_or_insert_with(Instant::now);
            self.graveyard_nonempty.store(true, Ordering::Release);
        }
    }

    /// Takes the buried rows and chunks; drop them while attached to the interpreter.
    pub fn take_graveyard(&self) -> Vec<Buried> {
        // A load first: every `log` asks, and a swap would take the line from the batcher.
        if !self.graveyard_nonempty.load(Ordering::Acquire)
            || !self.graveyard_nonempty.swap(false, Ordering::AcqRel)
        {
            return Vec::new();
        }
        match self.graveyard.lock() {
            Ok(mut g) => {
                g.1 = None;
                std::mem::take(&mut g.0)
            }
            Err(_) => Vec::new(),
        }
    }

    fn warn(&self, msg: String) {
        if let Ok(mut w) = self.warnings.lock() {
            w.push(msg);
            self.has_warnings.store(true, Ordering::Release);
        }
    }

    pub fn take_warnings(&self) -> Vec<String> {
        if !self.has_warnings.load(Ordering::Acquire)
            || !self.has_warnings.swap(false, Ordering::AcqRel)
        {
            return Vec::new();
        }
        self.warnings
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default()
    }
}

/// A recording: its identity plus the channel to its batcher thread.
pub struct RecordingCore {
    pub store: StoreInfo,
    tx: Sender<Cmd>,
    flush_tick: Duration,
    flush_num_bytes: usize,
    flush_num_rows: usize,
    worker: Mutex<Option<JoinHandle<()>>>,
    pub shared: Arc<Shared>,
}

impl RecordingCore {
    /// A recording (starting with its properties chunk) or a blueprint store (without).
    pub fn new(store: StoreInfo, config: BatcherConfig) -> Result<Self> {
        let properties = !store.is_blueprint();
        Self::with_properties(store, config, properties)
    }

    /// `properties`: start with the `/__properties` chunk (`RecordingInfo:start_time`), as
    /// rerun-sdk does unless `send_properties=False`.
    pub fn with_properties(
        store: StoreInfo,
        config: BatcherConfig,
        properties: bool,
    ) -> Result<Self> {
        let (tx, rx) = crossbeam_channel::unbounded();
        let shared = Arc::new(Shared::default());
        // A recording starts with its properties (start time); a blueprint store has none.
        let mut initial = Vec::new();
        if properties {
            let (props, props_id) = properties_chunk(now_ns())?;
            initial.push(Backlog::Chunk(Captured {
                batch: props,
                chunk_id: props_id,
                is_static: true,
            }));
        }
        let (flush_tick, flush_num_bytes, flush_num_rows) = (
            config.flush_tick,
            config.flush_num_bytes,
            config.flush_num_rows,
        );
        let mut worker = Batcher {
            store: store.clone(),
            config,
            pending: FxHashMap::default(),
            sink: Sink::Buffered(initial),
            shared: shared.clone(),
        };
        let handle = std::thread::Builder::new()
            .name("nparrow-batcher".into())
            .spawn(move || worker.run(rx))?;
        Ok(Self {
            store,
            tx,
            flush_tick,
            flush_num_bytes,
            flush_num_rows,
            worker: Mutex::new(Some(handle)),
            shared,
        })
    }

    /// Bytes queued but not yet captured by the sink.
    pub fn queued_bytes(&self) -> usize {
        self.shared.queued_bytes.load(Ordering::Acquire)
    }

    /// Blocks until `extra` more bytes fit under `limit` (or nothing is queued, so one oversized
    /// row still passes), or `timeout` passes. Returns whether there is room. Call without the GIL.
    pub fn wait_for_space(&self, extra: usize, limit: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let fits = || {
            let q = self.queued_bytes();
            q == 0 || q + extra <= limit
        };
        let Ok(mut guard) = self.shared.space.0.lock() else {
            return fits();
        };
        while !fits() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            // The batcher notifies on every capture; the timeout also guards a missed wake-up.
            match self
                .shared
                .space
                .1
                .wait_timeout(guard, left.min(Duration::from_millis(50)))
            {
                Ok((g, _)) => guard = g,
                Err(_) => return fits(),
            }
        }
        true
    }

    /// Queues a row. Never blocks.
    /// Queues a row of `bytes` (its `byte_size()`, which the caller has already computed for
    /// back-pressure).
    pub fn push(&self, entity: Arc<str>, is_static: bool, row: Row, bytes: usize) -> Result<()> {
        // Small rows reach `flush_num_bytes` only after ~16k of them; the batcher is woken sooner,
        // so that it takes them in pieces that stay in cache (chunking is unchanged: `Batcher::add`
        // decides it).
        const WAKE_ROWS: usize = 4096;
        let closed = || Error::Value("the recording is closed".into());
        let wake = {
            let mut q = self.shared.queue.lock().map_err(|_| closed())?;
            if q.closed {
                return Err(closed());
            }
            self.shared.queued_bytes.fetch_add(bytes, Ordering::AcqRel);
            q.rows.push((entity, is_static, row, bytes));
            q.bytes += bytes;
            q.since.get_or_insert_with(Instant::now);
            let due = self.flush_tick.is_zero()
                || q.bytes >= self.flush_num_bytes
                || q.rows.len() >= self.flush_num_rows.min(WAKE_ROWS);
            due && !std::mem::replace(&mut q.wake_sent, true)
        };
        if wake {
            self.tx.send(Cmd::Wake).map_err(|_| closed())?;
        }
        Ok(())
    }

    /// Queues a ready chunk (`send_columns`). Never blocks.
    pub fn push_chunk(&self, chunk: ReadyChunk) -> Result<()> {
        self.shared
            .queued_bytes
            .fetch_add(chunk.batch.get_array_memory_size(), Ordering::AcqRel);
        self.tx
            .send(Cmd::Chunk(chunk))
            .map_err(|_| Error::Value("the recording is closed".into()))
    }

    /// Blocks until every queued row is captured by the sink. Call without the GIL.
    pub fn flush_blocking(&self) {
        let (ack, done) = crossbeam_channel::bounded(1);
        if self.tx.send(Cmd::Flush(ack)).is_ok() {
            let _ = done.recv();
        }
    }

    /// Sends a blueprint store through this recording's sink, after the rows queued before it.
    pub fn send_blueprint(&self, blueprint: BlueprintSend) -> Result<()> {
        self.tx
            .send(Cmd::Blueprint(Arc::new(blueprint)))
            .map_err(|_| Error::Value("the recording is closed".into()))
    }

    /// Writes the activation command of this (blueprint) store into its sink, after every row
    /// queued before.
    pub fn activate(&self, make_active: bool, make_default: bool) -> Result<()> {
        self.tx
            .send(Cmd::Activate(make_active, make_default))
            .map_err(|_| Error::Value("the recording is closed".into()))
    }

    /// Flushes and takes every chunk a buffered sink holds (empty for other sinks). Call
    /// without the GIL.
    pub fn drain_blocking(&self) -> Result<Vec<(RecordBatch, Tuid, bool)>> {
        let (ack, done) = crossbeam_channel::bounded(1);
        self.tx
            .send(Cmd::Drain(ack))
            .map_err(|_| Error::Value("the recording is closed".into()))?;
        done.recv()
            .map_err(|_| Error::Value("the recording is closed".into()))
    }

    /// Replaces the sink (flushing into the old one first). Call without the GIL.
    pub fn set_sink_blocking(&self, spec: SinkSpec) -> Result<()> {
        let (ack, done) = crossbeam_channel::bounded(1);
        self.tx
            .send(Cmd::SetSink(spec, ack))
            .map_err(|_| Error::Value("the recording is closed".into()))?;
        done.recv()
            .map_err(|_| Error::Value("the recording is closed".into()))?
    }

    /// Flushes, finishes the sink (file footer) and stops the batcher. Call without the GIL.
    pub fn shutdown_blocking(&self) {
        if let Ok(mut q) = self.shared.queue.lock() {
            q.closed = true; // rows already queued are still written
        }
        let (ack, done) = crossbeam_channel::bounded(1);
        if self.tx.send(Cmd::Shutdown(ack)).is_ok() {
            let _ = done.recv();
        }
        if let Ok(mut w) = self.worker.lock() {
            if let Some(h) = w.take() {
                let _ = h.join();
            }
        }
    }
}

struct Pending {
    rows: Vec<Row>,
    bytes: usize,
    since: Instant,
}

struct Batcher {
    store: StoreInfo,
    config: BatcherConfig,
    pending: FxHashMap<(Arc<str>, bool), Pending>,
    sink: Sink,
    shared: Arc<Shared>,
}

impl Batcher {
    fn run(&mut self, rx: Receiver<Cmd>) {
        loop {
            let timeout = self
                .pending
                .values()
                .map(|p| {
                    (p.since + self.config.flush_tick).saturating_duration_since(Instant::now())
                })
                .min()
                .unwrap_or(if self.config.flush_tick.is_zero() {
                    Duration::from_millis(50) // every row wakes us (see `push`)
                } else {
                    self.config.flush_tick // collect queued rows at least once a tick
                });
            let cmd = rx.recv_timeout(timeout);
            // Rows logged before the command was sent are in the queue: take them first.
            self.drain_queue();
            match cmd {
                Ok(Cmd::Wake) => self.flush_aged(),
                Ok(Cmd::Chunk(chunk)) => self.add_chunk(chunk),
                Ok(Cmd::Flush(ack)) => {
                    self.flush_all();
                    let cx = SinkCtx {
                        store: &self.store,
                        compress: self.config.compress,
                        shared: &self.shared,
                    };
                    self.sink.flush(&cx);
                    let _ = ack.send(());
                }
                Ok(Cmd::Blueprint(b)) => self.deliver_blueprint(b),
                Ok(Cmd::Activate(make_active, make_default)) => {
                    self.flush_all();
                    self.activate_self(make_active, make_default);
                }
                Ok(Cmd::Drain(ack)) => {
                    self.flush_all();
                    let mut out = Vec::new();
                    if let Sink::Buffered(backlog) = &mut self.sink {
                        for item in std::mem::take(backlog) {
                            match item {
                                Backlog::Chunk(c) => out.push((c.batch, c.chunk_id, c.is_static)),
                                Backlog::Blueprint(b) => backlog.push(Backlog::Blueprint(b)),
                            }
                        }
                    }
                    let _ = ack.send(out);
                }
                Ok(Cmd::SetSink(spec, ack)) => {
                    self.flush_all();
                    let _ = ack.send(self.set_sink(spec));
                }
                Ok(Cmd::Shutdown(ack)) => {
                    self.flush_all();
                    self.finish_sink();
                    let _ = ack.send(());
                    return;
                }
                Err(RecvTimeoutError::Timeout) => self.flush_aged(),
                Err(RecvTimeoutError::Disconnected) => {
                    self.flush_all();
                    self.finish_sink();
                    return;
                }
            }
            self.release_stale_graveyard();
        }
    }

    fn drain_queue(&mut self) {
        let (mut rows, since) = match self.shared.queue.lock() {
            Ok(mut q) => {
                q.bytes = 0;
                q.wake_sent = false;
                let spare = std::mem::take(&mut q.spare);
                (std::mem::replace(&mut q.rows, spare), q.since.take())
            }
            Err(_) => return,
        };
        let since = since.unwrap_or_else(Instant::now);
        for (entity, is_static, row, bytes) in rows.drain(..) {
            self.add(entity, is_static, row, bytes, since);
        }
        // Kept up to a bound: a burst's large queue is freed, not held for the recording's life.
        const SPARE_MAX_ROWS: usize = 16384;
        if rows.capacity() <= SPARE_MAX_ROWS {
            if let Ok(mut q) = self.shared.queue.lock() {
                if q.spare.capacity() < rows.capacity() {
                    q.spare = rows;
                }
            }
        }
    }

    /// `bytes`: the row's size as queued (`push`), released again when its chunk is captured.
    fn add(&mut self, entity: Arc<str>, is_static: bool, row: Row, bytes: usize, since: Instant) {
        // Rows of one entity wait together whatever their components; `emit` splits them by
        // layout, as rerun-sdk's batcher does (so both SDKs chunk interleaved layouts alike).
        let key = (entity, is_static);
        let p = self.pending.entry(key.clone()).or_insert_with(|| Pending {
            rows: Vec::new(),
            bytes: 0,
            since,
        });
        p.rows.push(row);
        p.bytes += bytes;
        if p.rows.len() >= self.config.flush_num_rows || p.bytes >= self.config.flush_num_bytes {
            if let Some(p) = self.pending.remove(&key) {
                self.emit(&key.0, key.1, p.rows, p.bytes);
            }
        }
    }

    fn flush_aged(&mut self) {
        let now = Instant::now();
        let aged: Vec<_> = self
            .pending
            .iter()
            .filter(|(_, p)| now.duration_since(p.since) >= self.config.flush_tick)
            .map(|(k, _)| k.clone())
            .collect();
        for key in aged {
            if let Some(p) = self.pending.remove(&key) {
                self.emit(&key.0, key.1, p.rows, p.bytes);
            }
        }
    }

    fn flush_all(&mut self) {
        // Deterministic order: by entity, static first (as rerun writes static data early).
        let mut keys: Vec<_> = self.pending.keys().cloned().collect();
        keys.sort_by(|a, b| (a.0.as_ref(), !a.1).cmp(&(b.0.as_ref(), !b.1)));
        for key in keys {
            if let Some(p) = self.pending.remove(&key) {
                self.emit(&key.0, key.1, p.rows, p.bytes);
            }
        }
    }

    /// Builds one chunk from `rows`, captures it, and retires the rows.
    /// `bytes`: what the rows counted when queued.
    fn emit(&mut self, entity: &str, is_static: bool, rows: Vec<Row>, bytes: usize) {
        for row in &rows {
            if let Some(sums) = &row.checksums {
                for (cell, sum) in row.cells.iter().zip(sums) {
                    if *sum != 0 && checksum(cell.array.as_ref()) != *sum {
                        self.shared.warn(format!(
                            "nparrow: the array logged to {entity} ({}) was modified after log() and before the \
                             recording captured it; the recording holds the modified values. Use log(..., copy=True) \
                             or nparrow.flush() before reusing the buffer.",
                            cell.descriptor.component
                        ));
                    }
                }
            }
        }
        let mut rows = rows;
        for row in &mut rows {
            for problem in row.resolve() {
                self.shared.warn(format!(
                    "nparrow: dropped a component logged to {entity}: {problem}"
                ));
            }
        }
        // One chunk per layout (timelines + components + types), rows in log order within each.
        // Mostly every row has the first's layout, and `rows` is the one chunk as it is.
        let groups: Vec<Vec<Row>> = match rows.first() {
            Some(first) if rows.iter().all(|r| r.same_layout(first)) => vec![rows],
            _ => {
                let mut groups: Vec<Vec<Row>> = Vec::new();
                for row in rows {
                    match groups.iter_mut().find(|g| g[0].same_layout(&row)) {
                        Some(g) => g.push(row),
                        None => groups.push(vec![row]),
                    }
                }
                groups
            }
        };
        for rows in groups {
            let borrowed = rows.iter().any(|r| r.borrowed);
            let chunk_id = new_tuid();
            match build_chunk(entity, chunk_id, &rows, is_static) {
                Ok(batch) => self.capture(
                    Captured {
                        batch,
                        chunk_id,
                        is_static,
                    },
                    borrowed,
                ),
                Err(e) => self.shared.warn(format!(
                    "nparrow: dropped {} row(s) for {entity}: {e}",
                    rows.len()
                )),
            }
            if borrowed {
                self.shared.bury(rows.into_iter().map(Buried::Row));
            }
        }
        self.shared.release_bytes(bytes);
    }

    /// Captures a ready chunk through the same path as batched rows (checks, copy-or-encode,
    /// then the graveyard for borrowed buffers).
    fn add_chunk(&mut self, c: ReadyChunk) {
        let bytes = c.batch.get_array_memory_size();
        if let Some(sums) = &c.checksums {
            for (i, (col, sum)) in c.batch.columns().iter().zip(sums).enumerate() {
                if *sum != 0 && checksum(col.as_ref()) != *sum {
                    self.shared.warn(format!(
                        "nparrow: the array sent to {} ({}) with send_columns was modified before the \
                         recording captured it; the recording holds the modified values. Use \
                         send_columns(..., copy=True) or nparrow.flush() before reusing the buffer.",
                        c.entity,
                        c.batch.schema().field(i).name()
                    ));
                }
            }
        }
        let keep = c.borrowed.then(|| c.batch.clone());
        self.capture(
            Captured {
                batch: c.batch,
                chunk_id: c.chunk_id,
                is_static: c.is_static,
            },
            c.borrowed,
        );
        if let Some(batch) = keep {
            self.shared.bury([Buried::Chunk(batch)]);
        }
        self.shared.release_bytes(bytes);
    }

    fn capture(&mut self, c: Captured, borrowed: bool) {
        let cx = SinkCtx {
            store: &self.store,
            compress: self.config.compress,
            shared: &self.shared,
        };
        self.sink.capture(c, borrowed, &cx);
    }

    fn activate_self(&mut self, make_active: bool, make_default: bool) {
        let cx = SinkCtx {
            store: &self.store,
            compress: self.config.compress,
            shared: &self.shared,
        };
        self.sink.activate(make_active, make_default, &cx);
    }

    fn deliver_blueprint(&mut self, b: Arc<BlueprintSend>) {
        let cx = SinkCtx {
            store: &self.store,
            compress: self.config.compress,
            shared: &self.shared,
        };
        self.sink.deliver_blueprint(b, &cx);
    }

    fn finish_sink(&mut self) {
        let old = std::mem::replace(&mut self.sink, Sink::Buffered(Vec::new()));
        if let Sink::Buffered(backlog) = old {
            self.sink = Sink::Buffered(backlog); // nothing to finish: keep what it holds
            return;
        }
        let cx = SinkCtx {
            store: &self.store,
            compress: self.config.compress,
            shared: &self.shared,
        };
        old.finish(&cx);
    }

    fn set_sink(&mut self, spec: SinkSpec) -> Result<()> {
        let new = Sink::open(spec, &self.store)?;
        let old = std::mem::replace(&mut self.sink, new);
        let cx = SinkCtx {
            store: &self.store,
            compress: self.config.compress,
            shared: &self.shared,
        };
        match old {
            Sink::Buffered(backlog) => {
                for item in backlog {
                    match item {
                        Backlog::Chunk(c) => self.sink.capture(c, false, &cx),
                        Backlog::Blueprint(b) => self.sink.deliver_blueprint(b, &cx),
                    }
                }
            }
            old => old.finish(&cx),
        }
        Ok(())
    }

    /// If buried rows waited a whole tick without a Python call draining them, release them
    /// here in bulk under one GIL acquisition (one wait instead of one per buffer).
    fn release_stale_graveyard(&self) {
        if !self.shared.graveyard_nonempty.load(Ordering::Acquire) {
            return;
        }
        let stale = self
            .shared
            .graveyard
            .lock()
            .map(|g| g.1.is_some_and(|t| t.elapsed() >= self.config.flush_tick))
            .unwrap_or(false);
        if stale {
            let rows = self.shared.take_graveyard();
            pyo3::Python::try_attach(|_| drop(rows));
        }
    }
}

/// A copy of `batch` that owns all its memory (memory sinks keep chunks indefinitely and must
/// not hold the caller's buffers).
fn own_batch(batch: &RecordBatch) -> Result<RecordBatch> {
    let columns = batch
        .columns()
        .iter()
        .map(owned_copy)
        .collect::<Result<Vec<_>>>()?;
    Ok(RecordBatch::try_new(batch.schema(), columns)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sdk::chunk::tests::{radii, row};
    use crate::sdk::chunk::Deferred;
    use crate::sdk::rrd::schema::ENTITY_PATH_KEY;
    use arrow_array::{ArrayRef, Int32Array};

    fn config(flush_num_rows: usize) -> BatcherConfig {
        BatcherConfig {
            flush_num_rows,
            flush_num_bytes: usize::MAX,
            // Long enough that only flushes and row counts cut chunks in these tests.
            flush_tick: Duration::from_secs(3600),
            compress: false,
        }
    }

    /// A recording into a memory sink, and the sink's chunks.
    fn recording(flush_num_rows: usize) -> (RecordingCore, Arc<Mutex<Vec<MemoryChunk>>>) {
        let core = RecordingCore::new(
            StoreInfo::new("app", "rec", (3, 11, 0)),
            config(flush_num_rows),
        )
        .unwrap();
        let sink = Arc::new(Mutex::new(Vec::new()));
        core.set_sink_blocking(SinkSpec::Memory(sink.clone()))
            .unwrap();
        (core, sink)
    }

    fn push(core: &RecordingCore, entity: &str, is_static: bool, r: Row) {
        let bytes = r.byte_size();
        core.push(entity.into(), is_static, r, bytes).unwrap();
    }

    /// (entity, rows) of every captured chunk but the recording's properties, in capture order.
    fn chunks(sink: &Mutex<Vec<MemoryChunk>>) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = sink
            .lock()
            .unwrap()
            .iter()
            .map(|(b, _, _)| (b.schema().metadata()[ENTITY_PATH_KEY].clone(), b.num_rows()))
            .filter(|(e, _)| e != "/__properties")
            .collect();
        out.sort();
        out
    }

    #[test]
    fn rows_of_one_entity_and_layout_share_a_chunk() {
        let (core, sink) = recording(usize::MAX);
        for f in 0..4 {
            push(
                &core,
                "/a",
                false,
                row(Some(f), vec![("Points3D:radii", radii(&[1.0]))]),
            );
        }
        push(
            &core,
            "/b",
            false,
            row(Some(0), vec![("Points3D:radii", radii(&[1.0]))]),
        );
        push(
            &core,
            "/a",
            true,
            row(None, vec![("Points3D:radii", radii(&[2.0]))]),
        );
        // Another layout on /a (another component) starts its own chunk.
        push(
            &core,
            "/a",
            false,
            row(Some(9), vec![("Points3D:colors", radii(&[2.0]))]),
        );
        core.flush_blocking();
        assert_eq!(
            chunks(&sink),
            [
                ("/a".into(), 1),
                ("/a".into(), 1),
                ("/a".into(), 4),
                ("/b".into(), 1)
            ]
        );
        core.shutdown_blocking();
    }

    #[test]
    fn flush_num_rows_caps_the_rows_per_chunk() {
        let (core, sink) = recording(2);
        for f in 0..5 {
            push(
                &core,
                "/a",
                false,
                row(Some(f), vec![("Points3D:radii", radii(&[1.0]))]),
            );
        }
        core.flush_blocking();
        let sizes: Vec<usize> = chunks(&sink).into_iter().map(|(_, n)| n).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 5, "{sizes:?}");
        assert!(sizes.iter().all(|&n| n <= 2), "{sizes:?}");
        core.shutdown_blocking();
    }

    #[test]
    fn shutdown_keeps_queued_rows_and_then_refuses_new_ones() {
        let (core, sink) = recording(usize::MAX);
        push(
            &core,
            "/a",
            false,
            row(Some(0), vec![("Points3D:radii", radii(&[1.0]))]),
        );
        core.shutdown_blocking();
        assert_eq!(chunks(&sink), [("/a".into(), 1)]);
        let late = row(Some(1), vec![("Points3D:radii", radii(&[1.0]))]);
        let err = core.push("/a".into(), false, late, 64).unwrap_err();
        assert!(err.to_string().contains("closed"), "{err}");
    }

    #[test]
    fn a_cell_that_fails_on_the_batcher_is_dropped_with_a_warning() {
        let (core, sink) = recording(usize::MAX);
        let ints: ArrayRef = Arc::new(Int32Array::from(vec![1, 2, 3]));
        let mut r = row(
            Some(0),
            vec![("Points3D:colors", ints), ("Points3D:radii", radii(&[1.0]))],
        );
        r.cells[0].deferred = Some(Deferred::PackRgba { channels: 3 });
        push(&core, "/a", false, r);
        core.flush_blocking();
        let warnings = core.shared.take_warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("Points3D:colors"), "{warnings:?}");
        let batches = sink.lock().unwrap();
        let a = batches
            .iter()
            .map(|(b, _, _)| b)
            .find(|b| b.schema().metadata()[ENTITY_PATH_KEY] == "/a")
            .expect("the row is written without the bad cell");
        assert!(a.schema().field_with_name("Points3D:radii").is_ok());
        assert!(a.schema().field_with_name("Points3D:colors").is_err());
        drop(batches);
        core.shutdown_blocking();
    }
}

#[cfg(test)]
mod blueprint_tests {
    use super::*;
    use crate::sdk::chunk::tests::{radii, row};
    use crate::sdk::rrd::proto::{self, store_kind};
    use prost::Message;

    /// (message kind, store kind) of every message in an `.rrd` file (kind 0: the footer,
    /// with the number of manifests instead).
    fn messages(path: &std::path::Path) -> Vec<(u64, i32)> {
        let b = std::fs::read(path).unwrap();
        let mut i = 12;
        let mut out = Vec::new();
        while i + 16 <= b.len() - 32 {
            let kind = u64::from_le_bytes(b[i..i + 8].try_into().unwrap());
            let len = u64::from_le_bytes(b[i + 8..i + 16].try_into().unwrap()) as usize;
            let body = &b[i + 16..i + 16 + len];
            let store = match kind {
                1 => {
                    proto::SetStoreInfo::decode(body)
                        .unwrap()
                        .info
                        .unwrap()
                        .store_id
                        .unwrap()
                        .kind
                }
                2 => {
                    proto::ArrowMsg::decode(body)
                        .unwrap()
                        .store_id
                        .unwrap()
                        .kind
                }
                3 => {
                    proto::BlueprintActivationCommand::decode(body)
                        .unwrap()
                        .blueprint_id
                        .unwrap()
                        .kind
                }
                _ => proto::RrdFooter::decode(body).unwrap().manifests.len() as i32,
            };
            out.push((kind, store));
            i += 16 + len;
        }
        out
    }

    fn config() -> BatcherConfig {
        BatcherConfig {
            flush_num_rows: usize::MAX,
            flush_num_bytes: usize::MAX,
            flush_tick: Duration::from_secs(3600),
            compress: false,
        }
    }

    /// A fresh directory for one test and a file path in it.
    fn scratch(name: &str, file: &str) -> (std::path::PathBuf, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(file);
        (dir, path)
    }

    fn blueprint_with_one_row() -> RecordingCore {
        let store = StoreInfo::new("app", "bp", (3, 11, 0)).into_blueprint();
        let bp = RecordingCore::new(store, config()).unwrap();
        let r = row(Some(0), vec![("ViewBlueprint:visible", radii(&[1.0]))]);
        let bytes = r.byte_size();
        bp.push("/view/1".into(), false, r, bytes).unwrap();
        bp
    }

    #[test]
    fn a_blueprint_store_goes_into_the_recordings_file_with_its_activation() {
        let (dir, path) = scratch("nparrow-bp", "rec.rrd");
        let bp = blueprint_with_one_row();
        let chunks = bp.drain_blocking().unwrap();
        assert_eq!(chunks.len(), 1, "a blueprint store has no properties chunk");
        assert!(bp.drain_blocking().unwrap().is_empty(), "drained");

        let rec = RecordingCore::new(StoreInfo::new("app", "rec", (3, 11, 0)), config()).unwrap();
        rec.set_sink_blocking(SinkSpec::file(path.clone())).unwrap();
        rec.send_blueprint(BlueprintSend {
            store: bp.store.clone(),
            chunks,
            make_active: true,
            make_default: false,
        })
        .unwrap();
        rec.shutdown_blocking();
        bp.shutdown_blocking();

        let (r, b) = (store_kind::RECORDING, store_kind::BLUEPRINT);
        // Recording info, its properties; the blueprint's info, chunk, activation; the footer
        // with one manifest per store.
        assert_eq!(
            messages(&path),
            [(1, r), (2, r), (1, b), (2, b), (3, b), (0, 2)]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_blueprint_file_activates_itself() {
        let (dir, path) = scratch("nparrow-rbl", "layout.rbl");
        let bp = blueprint_with_one_row();
        bp.set_sink_blocking(SinkSpec::file(path.clone())).unwrap();
        bp.activate(true, true).unwrap();
        bp.shutdown_blocking();
        let b = store_kind::BLUEPRINT;
        assert_eq!(messages(&path), [(1, b), (2, b), (3, b), (0, 1)]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
