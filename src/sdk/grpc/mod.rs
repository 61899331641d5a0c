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
