//! `.rrd` encoder compatible with Rerun 0.41 (see `/work/shared/spec/rrd-format.md`).
//!
//! * [`encode_chunk`] turns one chunk `RecordBatch` into an `ArrowMsg` body plus manifest stats
//!   (pure; run it on worker threads),
//! * [`RrdWriter`] frames messages into a stream and writes the footer manifest on
//!   [`RrdWriter::finish`],
//! * [`properties_chunk`] builds the `/__properties` chunk every recording starts with.

pub mod encode;
pub mod manifest;
pub mod proto;
pub mod reader;
pub mod schema;
pub mod writer;

#[cfg(test)]
mod tests;

pub use encode::{
    chunk_info, encode_chunk, ipc_stream_bytes, ChunkInfo, ComponentStats, EncodedChunk, StoreInfo,
    TimelineStats, RERUN_VERSION,
};
pub use manifest::{ManifestBuilder, ManifestEntry};
pub use schema::properties_chunk;
pub use writer::{message_header, stream_footer, stream_header, RrdWriter};

/// Errors of the `.rrd` encoder.
#[derive(Debug, thiserror::Error)]
pub enum RrdError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Arrow(#[from] arrow_schema::ArrowError),
    /// A required schema metadata key is missing from a chunk batch.
    #[error("chunk schema is missing metadata key {0:?}")]
    MissingMetadata(&'static str),
    /// The chunk batch does not follow the chunk conventions (spec §7).
    #[error("invalid chunk: {0}")]
    InvalidChunk(String),
    /// A previous write failed (or the writer was finished); the stream is no longer usable.
    #[error("rrd writer is unusable after an earlier I/O error")]
    WriterFailed,
}
