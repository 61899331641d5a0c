//! Live streaming to a Rerun 0.41 viewer or proxy over gRPC (`MessageProxyService/WriteMessages`).
//!
//! * [`url`] validates `rerun+http://host:port/proxy` URLs,
//! * [`codec`] frames `SetStoreInfo` and already encoded `ArrowMsg` bodies as
//!   `WriteMessagesRequest`s without re-encoding (no protoc, no generated stubs),
//! * [`GrpcSink`] owns a small tokio runtime on its own thread: the batcher hands it encoded
//!   messages through a byte-bounded queue; a client-streaming call delivers them.

pub mod codec;
pub mod server;
pub use server::{GrpcServerSink, ServerOptions};
pub mod sink;
pub mod url;

pub use sink::{GrpcOptions, GrpcSink};
pub use url::ProxyUrl;

use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How a sink's `close` ends its thread: waits on `cv` until `done` holds or `deadline` passes,
/// then joins the thread if it has ended. A thread still running (serving a viewer that hangs)
/// is left to end on its own, so closing never blocks past the deadline.
pub(crate) fn wait_then_join<T>(
    guard: Option<MutexGuard<'_, T>>,
    cv: &Condvar,
    done: impl Fn(&T) -> bool,
    deadline: Instant,
    thread: Option<JoinHandle<()>>,
) {
    if let Some(mut g) = guard {
        while !done(&g) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            g = match cv.wait_timeout(g, left.min(Duration::from_millis(50))) {
                Ok((g, _)) => g,
                Err(_) => break,
            };
        }
    }
    if let Some(t) = thread {
        if t.is_finished() {
            let _ = t.join();
        }
    }
}

/// Warnings a sink's threads collect for the user; the recording drains them into Python
/// warnings (`take`). A poisoned lock loses warnings rather than panicking.
#[derive(Default)]
pub(crate) struct Warnings(Mutex<Vec<String>>);

impl Warnings {
    pub(crate) fn push(&self, msg: String) {
        if let Ok(mut w) = self.0.lock() {
            w.push(msg);
        }
    }

    /// Everything collected so far, in order; leaves the list empty.
    pub(crate) fn take(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default()
    }
}
