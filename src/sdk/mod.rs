//! Rerun semantics on top of the bridge: row and chunk ids, chunks, the batcher, sinks and the
//! `.rrd` encoder.

pub mod rrd;
pub mod tuid;
pub mod chunk;
pub mod descriptor;
pub mod py;
pub mod recording;
pub mod time;
