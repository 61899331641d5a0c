//! `serve_grpc()`: an in-process Rerun message proxy (`MessageProxyService`) that viewers attach to.
//!
//! * `ReadMessages` (viewers, `rerun rerun+http://HOST:PORT/proxy`): the backlog first, then every
//!   new message, live.
//! * `WriteMessages` (other SDKs): their messages join the backlog and the live streams.
//!
//! `ReadMessagesResponse { LogMsg log_msg = 1 }` is encoded exactly as `WriteMessagesRequest`, so a
//! message is kept once, as the bytes of its response, and shared (refcounted) by the backlog and
//! every viewer's queue.
//!
//! The backlog is bounded as rerun's server bounds it: store infos, blueprint data and blueprint
//! activations are never dropped; when the limit is passed, the oldest temporal data goes first,
//! then the oldest static data. The first drop is reported with one warning.
//!
//! Threads: a current-thread tokio runtime runs the server on its own thread; the batcher hands
//! messages over with [`GrpcServerSink::send_chunk`] & co. (a full viewer queue makes it wait, up
//! to [`VIEWER_STALL`], then that viewer is cut off: logging never stops because of a viewer).

use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::net::TcpListener;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bytes::{Buf, BufMut, Bytes};
use tokio::sync::{mpsc, oneshot};
use tokio_stream::{Stream, StreamExt};
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder, Streaming};
use tonic::{Request, Response, Status};

use super::codec::{OutMsg, WRITE_MESSAGES_PATH};
use super::Warnings;
use crate::error::{Error, Result};
use crate::sdk::rrd::{EncodedChunk, StoreInfo};
use crate::sdk::tuid::new_tuid;

/// The method viewers call (server streaming).
pub const READ_MESSAGES_PATH: &str = "/rerun.sdk_comms.v1alpha1.MessageProxyService/ReadMessages";

/// Messages queued per viewer before the sender waits.
const VIEWER_QUEUE: usize = 1024;
/// How long a sender waits for a viewer that does not read before cutting it off.
pub const VIEWER_STALL: Duration = Duration::from_secs(10);
/// How long `finish` waits for viewers to receive what is queued and the server to stop.
const CLOSE_WAIT: Duration = Duration::from_secs(10);
/// Largest message accepted from `WriteMessages` clients (as rerun's server: u32::MAX).
const MAX_MESSAGE: usize = u32::MAX as usize;

/// Parses rerun's `server_memory_limit`: bytes as `"1GiB"`, `"16GB"`, `"500MB"`, `"0"`, or a
/// percentage of the machine's RAM (`"25%"`). `None`: unlimited (`"inf"`/`"unlimited"`).
pub fn parse_memory_limit(text: &str) -> Result<Option<u64>> {
    let t = text.trim();
    let bad = |why: String| {
        Error::Value(format!(
            "server_memory_limit: expected a size such as \"1GiB\", \"500MB\" or \"25%\", got {text:?}{why}"
        ))
    };
    if t.eq_ignore_ascii_case("inf") || t.eq_ignore_ascii_case("unlimited") {
        return Ok(None);
    }
    if let Some(pct) = t.strip_suffix('%') {
        let pct: f64 = pct.trim().parse().map_err(|_| bad(String::new()))?;
        if !(0.0..=100.0).contains(&pct) {
            return Err(bad(" (a percentage must be within 0-100)".into()));
        }
        let total =
            total_ram().ok_or_else(|| bad(" (the machine's RAM size is unknown)".into()))?;
        return Ok(Some((total as f64 * pct / 100.0) as u64));
    }
    t.parse::<bytesize::ByteSize>()
        .map(|b| Some(b.as_u64()))
        .map_err(|e| bad(format!(" ({e})")))
}

#[cfg(unix)]
fn total_ram() -> Option<u64> {
    // SAFETY: sysconf only reads system configuration; these names are valid on every unix
    // libc targets, and a failure is reported as -1 (checked below).
    let (pages, page) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    (pages > 0 && page > 0).then(|| pages as u64 * page as u64)
}

#[cfg(not(unix))]
fn total_ram() -> Option<u64> {
    None
}

/// How a server is set up (`serve_grpc`, `GrpcServerSink`).
#[derive(Debug)]
pub struct ServerOptions {
    /// Already bound (so a port in use fails the set-up call, not the background thread).
    pub listener: TcpListener,
    /// Backlog bytes kept for late viewers; `None`: unlimited, `Some(0)`: no backlog.
    pub memory_limit: Option<u64>,
    /// Viewers that connect get the newest data first (static data and store infos still first).
    pub newest_first: bool,
    /// What viewers connect to (for messages).
    pub url: String,
}

impl ServerOptions {
    /// Binds `bind_ip:port` (port 0: any free port). Returns the options and the URL viewers
    /// use (`rerun+http://127.0.0.1:PORT/proxy` for loopback/unspecified addresses, as rerun).
    pub fn bind(
        bind_ip: &str,
        port: u16,
        memory_limit: Option<u64>,
        newest_first: bool,
    ) -> Result<Self> {
        let ip: std::net::IpAddr = bind_ip.parse().map_err(|_| {
            Error::Value(format!(
                "serve_grpc: bind_ip must be an IP address, got {bind_ip:?}"
            ))
        })?;
        let listener = TcpListener::bind((ip, port)).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("serve_grpc: cannot listen on {bind_ip}:{port}: {e}"),
            )
        })?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let host = if ip.is_loopback() || ip.is_unspecified() {
            "127.0.0.1".to_owned()
        } else if ip.is_ipv6() {
            format!("[{ip}]")
        } else {
            ip.to_string()
        };
        Ok(Self {
            listener,
            memory_limit,
            newest_first,
            url: format!("rerun+http://{host}:{port}/proxy"),
        })
    }
}

/// Which part of the backlog a message belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Store infos, blueprint data, blueprint activations: never dropped.
    Persistent,
    /// Static data: dropped only when no temporal data is left.
    Static,
    /// Temporal data: dropped first, oldest first.
    Disposable,
}

#[derive(Default)]
struct Queue {
    msgs: VecDeque<Bytes>,
    bytes: u64,
}

impl Queue {
    fn push(&mut self, m: Bytes) {
        self.bytes += m.len() as u64;
        self.msgs.push_back(m);
    }

    fn pop(&mut self) -> bool {
        match self.msgs.pop_front() {
            Some(m) => {
                self.bytes -= m.len() as u64;
                true
            }
            None => false,
        }
    }
}

#[derive(Default)]
struct Hub {
    persistent: Queue,
    static_: Queue,
    disposable: Queue,
    viewers: Vec<mpsc::Sender<Bytes>>,
    dropped: u64,
    warned: bool,
    closed: bool,
}

impl Hub {
    fn bytes(&self) -> u64 {
        self.persistent.bytes + self.static_.bytes + self.disposable.bytes
    }

    /// Keeps `msg` in the backlog (dropping the oldest data past `limit`) and returns the queues
    /// of the viewers to send it to. The second value: a warning to give (the first drop).
    fn admit(
        &mut self,
        msg: &Bytes,
        class: Class,
        limit: Option<u64>,
    ) -> (Vec<mpsc::Sender<Bytes>>, Option<u64>) {
        self.viewers.retain(|v| !v.is_closed());
        let viewers = self.viewers.clone();
        if limit == Some(0) {
            return (viewers, None); // no backlog at all (rerun: history disabled)
        }
        match class {
            Class::Persistent => self.persistent.push(msg.clone()),
            Class::Static => self.static_.push(msg.clone()),
            Class::Disposable => self.disposable.push(msg.clone()),
        }
        let mut warn = None;
        if let Some(limit) = limit {
            while self.bytes() > limit && (self.disposable.pop() || self.static_.pop()) {
                self.dropped += 1;
                if !self.warned {
                    self.warned = true;
                    warn = Some(limit);
                }
            }
        }
        (viewers, warn)
    }

    /// The backlog in the order a new viewer gets it.
    fn snapshot(&self, newest_first: bool) -> (Vec<Bytes>, Vec<Bytes>) {
        let first: Vec<Bytes> = self.persistent.msgs.iter().cloned().collect();
        let rest: Vec<Bytes> = if newest_first {
            let s = self.static_.msgs.iter().rev();
            s.chain(self.disposable.msgs.iter().rev())
                .cloned()
                .collect()
        } else {
            let s = self.static_.msgs.iter();
            s.chain(self.disposable.msgs.iter()).cloned().collect()
        };
        (first, rest)
    }
}

struct Shared {
    hub: Mutex<Hub>,
    warnings: Warnings,
    memory_limit: Option<u64>,
    newest_first: bool,
    url: String,
    finished: Mutex<bool>,
    finished_cv: Condvar,
}

impl Shared {
    fn hub(&self) -> Option<MutexGuard<'_, Hub>> {
        self.hub.lock().ok()
    }

    /// Backlog bookkeeping for one message; returns the viewers to send it to.
    fn admit(&self, msg: &Bytes, class: Class) -> Vec<mpsc::Sender<Bytes>> {
        let Some(mut hub) = self.hub() else {
            return Vec::new();
        };
        if hub.closed {
            return Vec::new();
        }
        let (viewers, warn) = hub.admit(msg, class, self.memory_limit);
        drop(hub);
        if let Some(limit) = warn {
            self.warnings.push(format!(
                "nparrow: the gRPC server at {} reached its memory limit ({limit} bytes, \
                 server_memory_limit); dropping the oldest log messages. Viewers connecting after this \
                 will not see the full history.",
                self.url
            ));
        }
        viewers
    }
}

/// Classifies a `LogMsg` received from a `WriteMessages` client (its header only; the payload
/// field is skipped by the decoder, not copied).
fn classify_request(req: &[u8]) -> Option<Class> {
    #[derive(Clone, PartialEq, prost::Message)]
    struct StoreIdHead {
        #[prost(int32, tag = "1")]
        kind: i32,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    struct ArrowHead {
        #[prost(message, optional, tag = "1")]
        store_id: Option<StoreIdHead>,
        #[prost(bool, optional, tag = "7")]
        is_static: Option<bool>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    struct Empty {}
    #[derive(Clone, PartialEq, prost::Message)]
    struct LogMsgHead {
        #[prost(message, optional, tag = "1")]
        set_store_info: Option<Empty>,
        #[prost(message, optional, tag = "2")]
        arrow_msg: Option<ArrowHead>,
        #[prost(message, optional, tag = "3")]
        blueprint_activation: Option<Empty>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    struct RequestHead {
        #[prost(message, optional, tag = "1")]
        log_msg: Option<LogMsgHead>,
    }
    use prost::Message;
    let head = RequestHead::decode(req).ok()?.log_msg?;
    if let Some(a) = head.arrow_msg {
        let blueprint = a
            .store_id
            .is_some_and(|s| s.kind == crate::sdk::rrd::proto::store_kind::BLUEPRINT);
        return Some(if blueprint {
            Class::Persistent
        } else if a.is_static == Some(true) {
            Class::Static
        } else {
            Class::Disposable
        });
    }
    (head.set_store_info.is_some() || head.blueprint_activation.is_some())
        .then_some(Class::Persistent)
}

// ---------------------------------------------------------------------------------------------
// The service, routed by hand (two methods; no generated stubs).

/// Encodes pre-encoded responses, decodes requests as their raw bytes.
#[derive(Clone, Copy, Debug, Default)]
struct BytesCodec;
#[derive(Clone, Copy, Debug, Default)]
struct BytesEncoder;
#[derive(Clone, Copy, Debug, Default)]
struct BytesDecoder;

impl Codec for BytesCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = BytesEncoder;
    type Decoder = BytesDecoder;

    fn encoder(&mut self) -> BytesEncoder {
        BytesEncoder
    }

    fn decoder(&mut self) -> BytesDecoder {
        BytesDecoder
    }
}

impl Encoder for BytesEncoder {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> std::result::Result<(), Status> {
        dst.reserve(item.len());
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for BytesDecoder {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> std::result::Result<Option<Bytes>, Status> {
        let n = src.remaining();
        Ok(Some(src.copy_to_bytes(n)))
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

#[derive(Clone)]
struct Proxy(Arc<Shared>);

impl tower_service::Service<http::Request<tonic::body::Body>> for Proxy {
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<std::result::Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<std::result::Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<tonic::body::Body>) -> Self::Future {
        let shared = self.0.clone();
        match req.uri().path() {
            READ_MESSAGES_PATH => Box::pin(async move {
                let mut grpc = tonic::server::Grpc::new(BytesCodec);
                Ok(grpc.server_streaming(ReadMessages(shared), req).await)
            }),
            WRITE_MESSAGES_PATH => Box::pin(async move {
                let mut grpc =
                    tonic::server::Grpc::new(BytesCodec).max_decoding_message_size(MAX_MESSAGE);
                Ok(grpc.client_streaming(WriteMessages(shared), req).await)
            }),
            other => {
                let status = Status::unimplemented(format!(
                    "nparrow's gRPC server implements ReadMessages and WriteMessages only, not {other}"
                ));
                Box::pin(async move { Ok(status.into_http()) })
            }
        }
    }
}

/// `ReadMessages`: the backlog, then live messages.
struct ReadMessages(Arc<Shared>);

impl tower_service::Service<Request<Bytes>> for ReadMessages {
    type Response = Response<Viewer>;
    type Error = Status;
    type Future = BoxFuture<std::result::Result<Response<Viewer>, Status>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<std::result::Result<(), Status>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _req: Request<Bytes>) -> Self::Future {
        let shared = self.0.clone();
        Box::pin(async move {
            let (tx, rx) = mpsc::channel(VIEWER_QUEUE);
            let Some(mut hub) = shared.hub() else {
                return Err(Status::internal("server state poisoned"));
            };
            let (first, rest) = hub.snapshot(shared.newest_first);
            if !hub.closed {
                hub.viewers.push(tx);
            }
            drop(hub);
            Ok(Response::new(Viewer {
                first: first.into(),
                history: rest.into(),
                live: rx,
                newest_first: shared.newest_first,
            }))
        })
    }
}

/// One viewer's stream.
struct Viewer {
    first: VecDeque<Bytes>,
    history: VecDeque<Bytes>,
    live: mpsc::Receiver<Bytes>,
    newest_first: bool,
}

impl Stream for Viewer {
    type Item = std::result::Result<Bytes, Status>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(m) = self.first.pop_front() {
            return Poll::Ready(Some(Ok(m)));
        }
        if self.newest_first {
            // Live data has priority; the history is replayed (newest first) in between.
            match self.live.poll_recv(cx) {
                Poll::Ready(Some(m)) => return Poll::Ready(Some(Ok(m))),
                Poll::Ready(None) | Poll::Pending => {}
            }
        }
        if let Some(m) = self.history.pop_front() {
            return Poll::Ready(Some(Ok(m)));
        }
        self.live.poll_recv(cx).map(|m| m.map(Ok))
    }
}

/// `WriteMessages`: another SDK streams into this server.
struct WriteMessages(Arc<Shared>);

impl tower_service::Service<Request<Streaming<Bytes>>> for WriteMessages {
    type Response = Response<Bytes>;
    type Error = Status;
    type Future = BoxFuture<std::result::Result<Response<Bytes>, Status>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<std::result::Result<(), Status>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<Streaming<Bytes>>) -> Self::Future {
        let shared = self.0.clone();
        Box::pin(async move {
            let mut stream = req.into_inner();
            while let Some(msg) = stream.next().await {
                let msg = msg?;
                let Some(class) = classify_request(&msg) else {
                    continue; // not a LogMsg we know (e.g. a newer message kind): not kept
                };
                for v in shared.admit(&msg, class) {
                    let _ = tokio::time::timeout(VIEWER_STALL, v.send(msg.clone())).await;
                }
            }
            // WriteMessagesResponse {} is empty.
            Ok(Response::new(Bytes::new()))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The sink.

/// A recording's sink that hosts the server (see the module docs).
pub struct GrpcServerSink {
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl GrpcServerSink {
    /// Starts serving on `opts.listener` and keeps the recording's `SetStoreInfo` first.
    pub fn start(opts: ServerOptions, store: &StoreInfo) -> Result<Self> {
        let shared = Arc::new(Shared {
            hub: Mutex::new(Hub::default()),
            warnings: Warnings::default(),
            memory_limit: opts.memory_limit,
            newest_first: opts.newest_first,
            url: opts.url.clone(),
            finished: Mutex::new(false),
            finished_cv: Condvar::new(),
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let listener = {
            // Tokio's listener must be made inside the runtime (it registers with its reactor).
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(opts.listener)?
        };
        let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
        let proxy = Proxy(shared.clone());
        let worker = shared.clone();
        let thread = std::thread::Builder::new()
            .name("nparrow-grpc-server".into())
            .spawn(move || {
                let incoming =
                    tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
                let serve = tonic::transport::Server::builder()
                    .http2_keepalive_interval(Some(Duration::from_secs(10)))
                    .http2_keepalive_timeout(Some(Duration::from_secs(20)))
                    .serve_with_incoming_shutdown(proxy, incoming, async move {
                        let _ = shutdown_rx.await;
                    });
                if let Err(e) = runtime.block_on(serve) {
                    worker.warnings.push(format!(
                        "nparrow: the gRPC server at {} stopped: {e}",
                        worker.url
                    ));
                }
                if let Ok(mut f) = worker.finished.lock() {
                    *f = true;
                }
                worker.finished_cv.notify_all();
            })?;
        let mut sink = Self {
            shared,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        };
        sink.send_store_info(store);
        Ok(sink)
    }

    /// The URL viewers connect to.
    pub fn url(&self) -> &str {
        &self.shared.url
    }

    /// Keeps (and streams) a store's `SetStoreInfo` (this recording's, or a blueprint's).
    pub fn send_store_info(&mut self, store: &StoreInfo) {
        self.publish(
            OutMsg::SetStoreInfo(store.set_store_info_body(new_tuid())),
            Class::Persistent,
        );
    }

    /// Keeps (and streams) a `BlueprintActivationCommand` for `blueprint`.
    pub fn send_activation(
        &mut self,
        blueprint: &StoreInfo,
        make_active: bool,
        make_default: bool,
    ) {
        self.publish(
            OutMsg::BlueprintActivation(crate::sdk::rrd::encode::blueprint_activation_body(
                blueprint,
                make_active,
                make_default,
            )),
            Class::Persistent,
        );
    }

    /// Keeps (and streams) one encoded chunk of `store`. The payload is copied into the message
    /// (it may alias Python memory, which the sink must not keep).
    pub fn send_chunk(&mut self, chunk: EncodedChunk, is_static: bool, store: &StoreInfo) {
        let class = if store.is_blueprint() {
            Class::Persistent
        } else if is_static {
            Class::Static
        } else {
            Class::Disposable
        };
        self.publish(OutMsg::Arrow(chunk), class);
    }

    fn publish(&mut self, msg: OutMsg, class: Class) {
        let mut buf = Vec::with_capacity(msg.encoded_len());
        msg.encode_request(&mut buf);
        let bytes = Bytes::from(buf);
        for v in self.shared.admit(&bytes, class) {
            let sent = match v.try_send(bytes.clone()) {
                Ok(()) => true,
                Err(mpsc::error::TrySendError::Closed(_)) => true, // gone: pruned on the next admit
                Err(mpsc::error::TrySendError::Full(mut m)) => {
                    // A slow viewer: wait for it (back-pressure), but not forever. Polled from
                    // this (non-runtime) thread, so nothing depends on the runtime being alive.
                    let deadline = Instant::now() + VIEWER_STALL;
                    loop {
                        match v.try_send(m) {
                            Ok(()) | Err(mpsc::error::TrySendError::Closed(_)) => break true,
                            Err(mpsc::error::TrySendError::Full(back)) => {
                                if Instant::now() >= deadline {
                                    break false;
                                }
                                m = back;
                                std::thread::sleep(Duration::from_millis(1));
                            }
                        }
                    }
                }
            };
            if !sent {
                if let Some(mut hub) = self.shared.hub() {
                    hub.viewers.retain(|w| !w.same_channel(&v));
                }
                self.shared.warnings.push(format!(
                    "nparrow: a viewer of the gRPC server at {} did not read for {} s; it was disconnected",
                    self.shared.url,
                    VIEWER_STALL.as_secs()
                ));
            }
        }
    }

    /// Warnings for the user (drained).
    pub fn take_warnings(&mut self) -> Vec<String> {
        self.shared.warnings.take()
    }

    /// Ends every viewer's stream after what is queued for it, stops the server (bounded wait).
    pub fn finish(mut self) -> Vec<String> {
        self.close();
        self.take_warnings()
    }

    fn close(&mut self) {
        let Some(shutdown) = self.shutdown.take() else {
            return;
        };
        let viewers = match self.shared.hub() {
            Some(mut hub) => {
                hub.closed = true;
                std::mem::take(&mut hub.viewers)
            }
            None => Vec::new(),
        };
        // Dropping a queue's sender ends that stream once the viewer has read what it holds;
        // wait (bounded) until each has been read, so viewers get everything before the server
        // goes away.
        let deadline = Instant::now() + CLOSE_WAIT;
        for v in &viewers {
            while !v.is_closed() && v.capacity() < v.max_capacity() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        drop(viewers);
        let _ = shutdown.send(());
        super::wait_then_join(
            self.shared.finished.lock().ok(),
            &self.shared.finished_cv,
            |done| *done,
            deadline,
            self.thread.take(),
        );
    }
}

impl Drop for GrpcServerSink {
    fn drop(&mut self) {
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(n: usize) -> Bytes {
        Bytes::from(vec![0u8; n])
    }

    #[test]
    fn memory_limit_strings() {
        assert_eq!(parse_memory_limit("1GiB").unwrap(), Some(1 << 30));
        assert_eq!(parse_memory_limit("16GB").unwrap(), Some(16_000_000_000));
        assert_eq!(parse_memory_limit("0").unwrap(), Some(0));
        assert!(parse_memory_limit("25%").unwrap().unwrap() > 0);
        assert!(parse_memory_limit("lots").is_err());
        assert!(parse_memory_limit("150%").is_err());
    }

    /// Temporal data goes first (oldest first), then static data; persistent data stays.
    #[test]
    fn backlog_drops_oldest_temporal_then_static() {
        let mut hub = Hub::default();
        let limit = Some(300);
        hub.admit(&msg(50), Class::Persistent, limit);
        hub.admit(&msg(100), Class::Static, limit);
        let a = Bytes::from(vec![1u8; 100]);
        let (_, w) = hub.admit(&a, Class::Disposable, limit);
        assert_eq!(w, None);
        let (_, w) = hub.admit(&msg(100), Class::Disposable, limit);
        assert_eq!(w, Some(300)); // 350 > 300: the oldest temporal message (`a`) goes
        assert_eq!(hub.disposable.msgs.len(), 1);
        assert!(hub.disposable.msgs.iter().all(|m| m[0] == 0));
        // 50 + 100 + 100 + 200: both temporal messages go, the static one stays.
        let (_, w) = hub.admit(&msg(200), Class::Disposable, limit);
        assert_eq!(w, None, "warned once only");
        assert_eq!(hub.disposable.msgs.len(), 0);
        assert_eq!(hub.static_.msgs.len(), 1);
        // A static message that does not fit: the oldest static data goes too.
        hub.admit(&msg(200), Class::Static, limit);
        assert_eq!(hub.static_.msgs.len(), 1);
        assert_eq!(hub.static_.bytes, 200);
        assert_eq!(
            hub.persistent.msgs.len(),
            1,
            "persistent data is never dropped"
        );
        assert!(hub.bytes() <= 300, "{}", hub.bytes());
    }

    #[test]
    fn classifies_write_requests() {
        let store = StoreInfo::new("app", "rec", (3, 11, 0));
        let mut buf = Vec::new();
        OutMsg::SetStoreInfo(store.set_store_info_body(new_tuid())).encode_request(&mut buf);
        assert_eq!(classify_request(&buf), Some(Class::Persistent));
        assert_eq!(classify_request(&[0xff, 0xff]), None);
    }
}
