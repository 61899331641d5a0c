//! The gRPC sink: a byte-bounded queue in front of one client-streaming `WriteMessages` call,
//! driven by a current-thread tokio runtime on the sink's own thread.
//!
//! Phases: *connecting* (retrying every ≤0.5 s; messages are kept, up to `buffer_bytes`, then
//! dropped with a warning), *connected* (a full queue makes the batcher wait: back-pressure from
//! the transport), *gone* (the viewer went away or never came: everything is dropped, with one
//! warning). Nothing here blocks the Python thread; `flush` and `finish` block the batcher.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use http::uri::PathAndQuery;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio_stream::Stream;
use tonic::transport::Endpoint;

use super::codec::{OutMsg, RawCodec, WRITE_MESSAGES_PATH};
use super::url::ProxyUrl;
use super::Warnings;
use crate::error::{Error, Result};
use crate::sdk::rrd::{EncodedChunk, StoreInfo};
use crate::sdk::tuid::new_tuid;

/// Tuning of a [`GrpcSink`].
#[derive(Clone, Debug)]
pub struct GrpcOptions {
    pub url: ProxyUrl,
    /// Encoded bytes the sink holds before they reach the transport (`NPARROW_GRPC_BUFFER_BYTES`,
    /// default 1 GiB).
    pub buffer_bytes: usize,
    /// How long after `connect_grpc` flushes (and exit) wait for a viewer that has not accepted
    /// the connection yet (`NPARROW_GRPC_CONNECT_TIMEOUT` seconds, default 5).
    pub connect_wait: Duration,
    /// How long `finish` waits for the viewer to acknowledge the end of the stream.
    pub close_wait: Duration,
}

impl GrpcOptions {
    pub fn from_env(url: ProxyUrl) -> Self {
        let env = |k: &str| std::env::var(k).ok();
        Self {
            url,
            buffer_bytes: env("NPARROW_GRPC_BUFFER_BYTES")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1 << 30),
            connect_wait: env("NPARROW_GRPC_CONNECT_TIMEOUT")
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(Duration::from_secs_f64)
                .unwrap_or(Duration::from_secs(5)),
            close_wait: Duration::from_secs(10),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Connecting,
    Connected,
    Gone,
}

struct State {
    phase: Phase,
    /// Encoded bytes queued for the transport.
    queued: usize,
    /// Messages dropped (viewer gone, or the buffer full before it connected).
    dropped: u64,
    warned_full: bool,
    finished: bool,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    warnings: Warnings,
    shutdown: AtomicBool,
    url: String,
}

impl Shared {
    fn lock(&self) -> Option<MutexGuard<'_, State>> {
        self.state.lock().ok()
    }

    fn set_phase(&self, phase: Phase) {
        if let Some(mut s) = self.lock() {
            s.phase = phase;
        }
        self.changed.notify_all();
    }

    /// Called when a message leaves the queue (handed to the transport, or dropped).
    fn release(&self, bytes: usize) {
        if let Some(mut s) = self.lock() {
            s.queued = s.queued.saturating_sub(bytes);
        }
        self.changed.notify_all();
    }
}

enum Item {
    Msg(OutMsg, usize),
    Flush(SyncSender<()>),
}

/// Streams one recording's messages to a Rerun viewer (see the module docs).
pub struct GrpcSink {
    tx: Option<UnboundedSender<Item>>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
    opts: GrpcOptions,
    connect_deadline: Instant,
}

impl GrpcSink {
    /// Starts connecting in the background and queues the recording's `SetStoreInfo`. Returns
    /// at once; the viewer may come up later.
    pub fn connect(opts: GrpcOptions, store: &StoreInfo) -> Result<Self> {
        let endpoint = Endpoint::from_shared(opts.url.origin.clone())
            .map_err(|e| Error::Value(format!("invalid viewer URL {:?}: {e}", opts.url.url)))?
            .connect_timeout(Duration::from_secs(2))
            .tcp_nodelay(true);
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                phase: Phase::Connecting,
                queued: 0,
                dropped: 0,
                warned_full: false,
                finished: false,
            }),
            changed: Condvar::new(),
            warnings: Warnings::default(),
            shutdown: AtomicBool::new(false),
            url: opts.url.url.clone(),
        });
        let (tx, rx) = unbounded_channel();
        let worker_shared = shared.clone();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("nparrow-grpc".into())
            .spawn(move || {
                runtime.block_on(run(endpoint, rx, worker_shared.clone()));
                worker_shared.set_phase(Phase::Gone);
                if let Some(mut s) = worker_shared.lock() {
                    s.finished = true;
                }
                worker_shared.changed.notify_all();
            })?;
        let mut sink = Self {
            tx: Some(tx),
            shared,
            thread: Some(thread),
            connect_deadline: Instant::now() + opts.connect_wait,
            opts,
        };
        sink.send(OutMsg::SetStoreInfo(store.set_store_info_body(new_tuid())));
        Ok(sink)
    }

    /// Queues another store's `SetStoreInfo` (a blueprint sent into this stream).
    pub fn send_store_info(&mut self, store: &StoreInfo) {
        self.send(OutMsg::SetStoreInfo(store.set_store_info_body(new_tuid())));
    }

    /// Queues a `BlueprintActivationCommand` for `blueprint`.
    pub fn send_activation(
        &mut self,
        blueprint: &StoreInfo,
        make_active: bool,
        make_default: bool,
    ) {
        self.send(OutMsg::BlueprintActivation(
            crate::sdk::rrd::encode::blueprint_activation_body(
                blueprint,
                make_active,
                make_default,
            ),
        ));
    }

    /// Queues one encoded chunk.
    pub fn send_chunk(&mut self, chunk: EncodedChunk) {
        self.send(OutMsg::Arrow(chunk));
    }

    fn send(&mut self, msg: OutMsg) {
        let bytes = msg.encoded_len();
        {
            let Some(mut s) = self.shared.lock() else {
                return;
            };
            loop {
                let fits = s.queued == 0 || s.queued + bytes <= self.opts.buffer_bytes;
                match s.phase {
                    Phase::Gone => {
                        s.dropped += 1;
                        return;
                    }
                    _ if fits => break,
                    Phase::Connecting => {
                        s.dropped += 1;
                        if !s.warned_full {
                            s.warned_full = true;
                            drop(s);
                            self.shared.warnings.push(format!(
                                "nparrow: no viewer has accepted the connection to {} yet and {} bytes are \
                                 buffered (NPARROW_GRPC_BUFFER_BYTES); dropping further data until it does",
                                self.shared.url, self.opts.buffer_bytes
                            ));
                        }
                        return;
                    }
                    Phase::Connected => {
                        // Transport back-pressure; the timeout only guards a missed wake-up.
                        s = match self
                            .shared
                            .changed
                            .wait_timeout(s, Duration::from_millis(100))
                        {
                            Ok((g, _)) => g,
                            Err(_) => return,
                        };
                    }
                }
            }
            s.queued += bytes;
        }
        let sent = self
            .tx
            .as_ref()
            .is_some_and(|tx| tx.send(Item::Msg(msg, bytes)).is_ok());
        if !sent {
            self.shared.release(bytes);
        }
    }

    /// Blocks until everything queued is handed to the transport, the viewer is gone, or (no
    /// viewer connected yet) the connect wait has passed.
    pub fn flush(&mut self) {
        let (ack, done) = sync_channel(1);
        let Some(tx) = &self.tx else { return };
        if tx.send(Item::Flush(ack)).is_err() {
            return;
        }
        loop {
            match done.recv_timeout(Duration::from_millis(50)) {
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => {
                    let phase = self.shared.lock().map(|s| s.phase).unwrap_or(Phase::Gone);
                    let late = Instant::now() >= self.connect_deadline;
                    if phase == Phase::Gone || (phase == Phase::Connecting && late) {
                        return;
                    }
                }
            }
        }
    }

    /// Warnings for the user (drained).
    pub fn take_warnings(&mut self) -> Vec<String> {
        self.shared.warnings.take()
    }

    /// Flushes, ends the stream and waits (bounded) for the viewer to acknowledge it.
    pub fn finish(mut self) -> Vec<String> {
        self.close();
        self.take_warnings()
    }

    fn close(&mut self) {
        if self.tx.is_none() {
            return;
        }
        self.flush();
        let connecting = self
            .shared
            .lock()
            .is_some_and(|s| s.phase == Phase::Connecting);
        if connecting {
            let queued = self.shared.lock().map(|s| s.queued).unwrap_or(0);
            if queued > 0 {
                self.shared.warnings.push(format!(
                    "nparrow: no viewer accepted the connection to {} within {:.1} s; {queued} bytes of \
                     log data were not delivered",
                    self.shared.url,
                    self.opts.connect_wait.as_secs_f64()
                ));
            }
        }
        let dropped = self.shared.lock().map(|s| s.dropped).unwrap_or(0);
        if dropped > 0 {
            self.shared.warnings.push(format!(
                "nparrow: {dropped} message(s) for the viewer at {} were dropped in total",
                self.shared.url
            ));
        }
        self.shared.shutdown.store(true, Ordering::Release);
        // Closing the queue ends the request stream; the call then completes.
        self.tx = None;
        let deadline = Instant::now() + self.opts.close_wait;
        super::wait_then_join(
            self.shared.lock(),
            &self.shared.changed,
            |s| s.finished,
            deadline,
            self.thread.take(),
        );
    }
}

impl Drop for GrpcSink {
    fn drop(&mut self) {
        self.close();
    }
}

/// The sink thread: connect (retrying), then one client-streaming call fed by the queue.
async fn run(endpoint: Endpoint, mut rx: UnboundedReceiver<Item>, shared: Arc<Shared>) {
    let mut delay = Duration::from_millis(20);
    let channel = loop {
        match endpoint.connect().await {
            Ok(c) => break c,
            Err(_) if !shared.shutdown.load(Ordering::Acquire) => {
                // Flushes must not wait for a connection that may never come: they time out
                // on their side. Keep the queue; retry.
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_millis(500));
            }
            Err(_) => {
                shared.set_phase(Phase::Gone);
                drain(&mut rx, &shared);
                return;
            }
        }
    };
    shared.set_phase(Phase::Connected);
    let mut grpc = tonic::client::Grpc::new(channel);
    let result = match grpc.ready().await {
        Ok(()) => {
            let stream = Outgoing {
                rx,
                shared: shared.clone(),
            };
            grpc.client_streaming(
                tonic::Request::new(stream),
                PathAndQuery::from_static(WRITE_MESSAGES_PATH),
                RawCodec,
            )
            .await
            .map(|_| ())
            .map_err(|s| format!("{}: {}", s.code(), s.message()))
        }
        Err(e) => Err(e.to_string()),
    };
    let was_closing = shared.shutdown.load(Ordering::Acquire);
    shared.set_phase(Phase::Gone);
    if let Err(e) = result {
        if !was_closing {
            shared.warnings.push(format!(
                "nparrow: the viewer at {} went away ({e}); further log data is dropped",
                shared.url
            ));
        } else {
            shared.warnings.push(format!(
                "nparrow: the viewer at {} did not acknowledge the end of the stream ({e})",
                shared.url
            ));
        }
    }
    // Anything still queued is released by dropping the receiver (inside the stream).
    if let Some(mut s) = shared.lock() {
        s.queued = 0;
    }
    shared.changed.notify_all();
}

fn drain(rx: &mut UnboundedReceiver<Item>, shared: &Shared) {
    rx.close();
    while let Ok(item) = rx.try_recv() {
        match item {
            Item::Msg(_, bytes) => shared.release(bytes),
            Item::Flush(ack) => drop(ack),
        }
    }
}

/// The request stream: yields queued messages, acknowledges flushes once everything before
/// them has been handed to tonic.
struct Outgoing {
    rx: UnboundedReceiver<Item>,
    shared: Arc<Shared>,
}

impl Stream for Outgoing {
    type Item = OutMsg;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<OutMsg>> {
        loop {
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(Item::Msg(msg, bytes))) => {
                    self.shared.release(bytes);
                    return Poll::Ready(Some(msg));
                }
                Poll::Ready(Some(Item::Flush(ack))) => {
                    let _ = ack.send(());
                }
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unused_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap()
    }

    /// Without a viewer, flush and finish give up after the connect wait and say what was lost.
    #[test]
    fn no_viewer_flush_and_finish_are_bounded() {
        let url =
            ProxyUrl::parse(&format!("rerun+http://127.0.0.1:{}/proxy", unused_port())).unwrap();
        let opts = GrpcOptions {
            connect_wait: Duration::from_millis(200),
            close_wait: Duration::from_secs(2),
            ..GrpcOptions::from_env(url)
        };
        let store = StoreInfo::new("app", "rec", (3, 11, 0));
        let t = Instant::now();
        let mut sink = GrpcSink::connect(opts, &store).unwrap();
        sink.flush();
        let warnings = sink.finish();
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
        assert!(
            warnings.iter().any(|w| w.contains("not delivered")),
            "{warnings:?}"
        );
    }

    /// A full buffer before the viewer connects drops (once warned) instead of blocking.
    #[test]
    fn full_buffer_while_connecting_drops() {
        let url =
            ProxyUrl::parse(&format!("rerun+http://127.0.0.1:{}/proxy", unused_port())).unwrap();
        let opts = GrpcOptions {
            buffer_bytes: 1,
            connect_wait: Duration::ZERO,
            close_wait: Duration::from_secs(2),
            ..GrpcOptions::from_env(url)
        };
        let store = StoreInfo::new("app", "rec", (3, 11, 0));
        let mut sink = GrpcSink::connect(opts, &store).unwrap();
        for _ in 0..3 {
            sink.send(OutMsg::SetStoreInfo(vec![0; 16]));
        }
        let warnings = sink.take_warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("NPARROW_GRPC_BUFFER_BYTES"));
    }
}
