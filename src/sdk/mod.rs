//! Rerun semantics on top of the bridge: row and chunk ids, chunks, the batcher, sinks and the
//! `.rrd` encoder.

pub mod chunk;
pub mod color;
pub mod descriptor;
pub mod entity_path;
pub mod fastcall;
pub mod fields;
pub mod grpc;
pub mod init;
pub mod jpeg;
pub mod log;
pub mod payload;
pub mod ply;
pub mod py;
pub mod recording;
pub mod rrd;
pub mod time;
pub mod tuid;
pub mod video;
