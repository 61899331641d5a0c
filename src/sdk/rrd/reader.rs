//! `.rrd` decoder (spec §1–§5): stream header, framed protobuf messages, LZ4 blocks and the Arrow
//! IPC chunk inside each `ArrowMsg`, decoded with prost, lz4_flex and arrow-ipc's `StreamDecoder`.
//!
//! Reads files written by rerun-sdk 0.41 and by nparrow: one stream or several concatenated, with
//! or without the `End` message and `StreamFooter` (a crash-truncated file ends on a message
//! boundary). Payloads of uncompressed chunks are sliced from the input, not copied.

use arrow_array::RecordBatch;
use arrow_buffer::Buffer;
use arrow_ipc::reader::StreamDecoder;
use bytes::Bytes;
use prost::Message;

use super::proto;
use super::schema::{ID_KEY, KIND_KEY};
use super::writer::{
    MSG_KIND_ARROW_MSG, MSG_KIND_BLUEPRINT_ACTIVATION, MSG_KIND_END, MSG_KIND_SET_STORE_INFO,
};
use super::RrdError;
use crate::sdk::tuid::Tuid;

const STREAM_HEADER_LEN: usize = 12;
const MESSAGE_HEADER_LEN: usize = 16;
/// One footer entry (offset, length, xxh32) followed by the fixed tail `RRF2` `FOOT` count.
const STREAM_FOOTER_ENTRY_LEN: usize = 20;
const STREAM_FOOTER_TAIL_LEN: usize = 12;
/// LZ4 cannot expand data by more than this factor; a larger claimed size is corrupt.
const LZ4_MAX_RATIO: u64 = 255;

/// Which store a message belongs to (`StoreId`): kind (`proto::store_kind`), application, recording.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StoreId {
    pub kind: i32,
    pub application_id: String,
    pub recording_id: String,
}

impl StoreId {
    fn from_proto(id: Option<proto::StoreId>, what: &str) -> Result<Self, RrdError> {
        let id = id.ok_or_else(|| invalid(format!("{what} without a store id")))?;
        Ok(Self {
            kind: id.kind,
            application_id: id.application_id.map(|a| a.id).unwrap_or_default(),
            recording_id: id.recording_id,
        })
    }

    pub fn is_blueprint(&self) -> bool {
        self.kind == proto::store_kind::BLUEPRINT
    }
}

/// One chunk (`ArrowMsg`): its store, id, whether it is static, and the chunk's record batch with
/// the schema metadata it was written with (`rerun:entity_path`, `rerun:id`, `sorbet:version`).
#[derive(Clone, Debug)]
pub struct DecodedChunk {
    pub store: StoreId,
    pub chunk_id: Tuid,
    pub is_static: bool,
    pub batch: RecordBatch,
}

/// A message of the stream, in file order.
#[derive(Clone, Debug)]
pub enum RrdMessage {
    SetStoreInfo(StoreId),
    ArrowMsg(DecodedChunk),
    BlueprintActivation {
        blueprint: StoreId,
        make_active: bool,
        make_default: bool,
    },
}

/// Everything read from an `.rrd` stream.
#[derive(Clone, Debug, Default)]
pub struct DecodedRrd {
    pub messages: Vec<RrdMessage>,
    /// Manifests found in `End` messages (one per store of each stream that has a footer).
    pub footer_manifests: usize,
    /// Streams whose `End` message was present (a crash-truncated stream has none).
    pub streams_with_end: usize,
    pub streams: usize,
}

/// Decode-side `ArrowMsg`: the payload stays a slice of the input (`Bytes`), not a copy.
#[derive(Clone, PartialEq, prost::Message)]
struct ArrowMsgRef {
    #[prost(message, optional, tag = "1")]
    store_id: Option<proto::StoreId>,
    #[prost(int32, tag = "2")]
    compression: i32,
    #[prost(uint64, tag = "3")]
    uncompressed_size: u64,
    #[prost(int32, tag = "4")]
    encoding: i32,
    #[prost(bytes = "bytes", tag = "5")]
    payload: Bytes,
    #[prost(message, optional, tag = "6")]
    chunk_id: Option<proto::Tuid>,
    #[prost(bool, optional, tag = "7")]
    is_static: Option<bool>,
}

fn invalid(msg: String) -> RrdError {
    RrdError::InvalidChunk(msg)
}

fn decode_err(what: &str, e: prost::DecodeError) -> RrdError {
    invalid(format!("cannot decode {what}: {e}"))
}

fn read_u64(data: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&data[at..at + 8]);
    u64::from_le_bytes(b)
}

/// True if `data[pos..]` starts with a `StreamFooter`; returns its length.
fn stream_footer_len(data: &[u8], pos: usize) -> Option<usize> {
    let rest = &data[pos..];
    // Entries repeat in front of the tail; today there is one (spec §8.2), allow a few more.
    (1..=16).find_map(|n: usize| {
        let len = n * STREAM_FOOTER_ENTRY_LEN + STREAM_FOOTER_TAIL_LEN;
        let tail = rest.get(len - STREAM_FOOTER_TAIL_LEN..len)?;
        let count = u32::from_le_bytes([tail[8], tail[9], tail[10], tail[11]]);
        (&tail[..8] == b"RRF2FOOT" && count as usize == n).then_some(len)
    })
}

fn check_stream_header(data: &[u8], pos: usize) -> Result<(), RrdError> {
    let h = data
        .get(pos..pos + STREAM_HEADER_LEN)
        .ok_or_else(|| invalid(format!("truncated stream header at byte {pos}")))?;
    if &h[..4] != b"RRF2" {
        return Err(invalid(format!(
            "not an .rrd stream at byte {pos} (expected the magic bytes RRF2)"
        )));
    }
    let (major, minor) = (h[4], h[5]);
    if major == 0 && minor < 23 {
        return Err(invalid(format!(
            ".rrd written by Rerun 0.{minor} is too old (0.23 or newer is read)"
        )));
    }
    if h[9] != 2 {
        return Err(invalid(format!(
            "unsupported .rrd serializer {} (only protobuf, 2, is read)",
            h[9]
        )));
    }
    Ok(())
}

/// The chunk id from `rerun:id` (`chunk_` + 16 hex digits of `time_ns` + 16 of `inc`).
fn chunk_id_from_metadata(batch: &RecordBatch) -> Option<Tuid> {
    let text = batch.schema_ref().metadata().get(ID_KEY)?;
    let hex = text.strip_prefix("chunk_")?;
    if hex.len() != 32 || !hex.is_ascii() {
        return None;
    }
    Some(Tuid {
        time_ns: u64::from_str_radix(&hex[..16], 16).ok()?,
        inc: u64::from_str_radix(&hex[16..], 16).ok()?,
    })
}

fn has_index_columns(batch: &RecordBatch) -> bool {
    batch
        .schema_ref()
        .fields()
        .iter()
        .any(|f| f.metadata().get(KIND_KEY).is_some_and(|k| k == "index"))
}

/// The one record batch of a chunk's Arrow IPC stream.
fn decode_ipc(mut buffer: Buffer) -> Result<RecordBatch, RrdError> {
    let mut decoder = StreamDecoder::new();
    let mut batch = None;
    while !buffer.is_empty() {
        if let Some(b) = decoder.decode(&mut buffer)? {
            if batch.replace(b).is_some() {
                return Err(invalid(
                    "chunk payload holds more than one record batch".into(),
                ));
            }
        }
    }
    decoder.finish()?;
    batch.ok_or_else(|| invalid("chunk payload holds no record batch".into()))
}

fn decode_arrow_msg(body: Bytes) -> Result<DecodedChunk, RrdError> {
    let msg = ArrowMsgRef::decode(body).map_err(|e| decode_err("ArrowMsg", e))?;
    let store = StoreId::from_proto(msg.store_id, "ArrowMsg")?;
    if msg.encoding != proto::encoding::ARROW_IPC {
        return Err(invalid(format!(
            "ArrowMsg with unsupported encoding {} (only Arrow IPC, 1, is read)",
            msg.encoding
        )));
    }
    let buffer = match msg.compression {
        proto::compression::UNSPECIFIED | proto::compression::NONE => Buffer::from(msg.payload),
        proto::compression::LZ4 => {
            let claimed = msg.uncompressed_size;
            if claimed > (msg.payload.len() as u64).saturating_mul(LZ4_MAX_RATIO) + 64 {
                return Err(invalid(format!(
                    "ArrowMsg claims {claimed} uncompressed bytes for {} compressed ones",
                    msg.payload.len()
                )));
            }
            let raw = lz4_flex::block::decompress(&msg.payload, claimed as usize)
                .map_err(|e| invalid(format!("cannot decompress a chunk (LZ4): {e}")))?;
            Buffer::from_vec(raw)
        }
        other => {
            return Err(invalid(format!(
                "ArrowMsg with unknown compression {other}"
            )))
        }
    };
    // The payload is untrusted input: a panic inside arrow-ipc on corrupt bytes becomes an error
    // here and never unwinds into Python.
    let batch = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decode_ipc(buffer)))
        .map_err(|_| invalid("corrupt Arrow IPC payload in a chunk".into()))??;
    let chunk_id = match msg.chunk_id {
        Some(proto::Tuid {
            time_ns: Some(time_ns),
            inc: Some(inc),
        }) => Tuid { time_ns, inc },
        _ => chunk_id_from_metadata(&batch)
            .ok_or_else(|| invalid("chunk without an id (no chunk_id, no rerun:id)".into()))?,
    };
    let is_static = msg.is_static.unwrap_or_else(|| !has_index_columns(&batch));
    Ok(DecodedChunk {
        store,
        chunk_id,
        is_static,
        batch,
    })
}

/// Decodes a whole `.rrd` byte stream (one or more concatenated streams).
pub fn decode_rrd(data: Bytes) -> Result<DecodedRrd, RrdError> {
    let mut out = DecodedRrd::default();
    let len = data.len();
    let mut pos = 0;
    while pos < len {
        check_stream_header(&data, pos)?;
        out.streams += 1;
        pos += STREAM_HEADER_LEN;
        // Messages until `End`, the end of the data, or the next stream's header.
        while pos < len {
            if data[pos..].starts_with(b"RRF2") {
                break; // a concatenated stream without an End message before it
            }
            if len - pos < MESSAGE_HEADER_LEN {
                return Err(invalid(format!("truncated message header at byte {pos}")));
            }
            let kind = read_u64(&data, pos);
            let body_len = read_u64(&data, pos + 8);
            let start = pos + MESSAGE_HEADER_LEN;
            let end = usize::try_from(body_len)
                .ok()
                .and_then(|n| start.checked_add(n))
                .filter(|&e| e <= len)
                .ok_or_else(|| {
                    invalid(format!(
                        "truncated message at byte {pos}: {body_len} bytes announced, {} left",
                        len - start
                    ))
                })?;
            let body = data.slice(start..end);
            pos = end;
            match kind {
                MSG_KIND_END => {
                    out.streams_with_end += 1;
                    // An empty or undecodable footer is tolerated, as Rerun's loaders do.
                    if let Ok(footer) = proto::RrdFooter::decode(body) {
                        out.footer_manifests += footer.manifests.len();
                    }
                    if let Some(n) = stream_footer_len(&data, pos) {
                        pos += n;
                    }
                    break;
                }
                MSG_KIND_SET_STORE_INFO => {
                    let msg = proto::SetStoreInfo::decode(body)
                        .map_err(|e| decode_err("SetStoreInfo", e))?;
                    let info = msg
                        .info
                        .ok_or_else(|| invalid("SetStoreInfo without info".into()))?;
                    out.messages
                        .push(RrdMessage::SetStoreInfo(StoreId::from_proto(
                            info.store_id,
                            "SetStoreInfo",
                        )?));
                }
                MSG_KIND_ARROW_MSG => out
                    .messages
                    .push(RrdMessage::ArrowMsg(decode_arrow_msg(body)?)),
                MSG_KIND_BLUEPRINT_ACTIVATION => {
                    let msg = proto::BlueprintActivationCommand::decode(body)
                        .map_err(|e| decode_err("BlueprintActivationCommand", e))?;
                    out.messages.push(RrdMessage::BlueprintActivation {
                        blueprint: StoreId::from_proto(
                            msg.blueprint_id,
                            "BlueprintActivationCommand",
                        )?,
                        make_active: msg.make_active,
                        make_default: msg.make_default,
                    });
                }
                other => {
                    return Err(invalid(format!(
                        "unknown message kind {other} at byte {}",
                        pos - (end - start) - MESSAGE_HEADER_LEN
                    )))
                }
            }
        }
    }
    if out.streams == 0 {
        return Err(invalid("empty input: not an .rrd stream".into()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sdk::rrd::{properties_chunk, RrdWriter, StoreInfo};

    fn written(footer: bool) -> (Vec<u8>, RecordBatch, Tuid) {
        let store = StoreInfo::new("app", "rec", (3, 11, 0));
        let (batch, id) = properties_chunk(1_700_000_000_000_000_000).expect("properties chunk");
        let mut w = RrdWriter::new(Vec::new(), store).expect("writer");
        w.write_chunk(&batch, id, true, true).expect("lz4 chunk");
        let (batch2, id2) = properties_chunk(1).expect("properties chunk");
        w.write_chunk(&batch2, id2, true, false).expect("raw chunk");
        let bytes = if footer {
            w.finish().expect("finish")
        } else {
            w.finish_without_footer().expect("finish")
        };
        (bytes, batch, id)
    }

    #[test]
    fn reads_what_the_writer_writes_with_and_without_footer() {
        for footer in [true, false] {
            let (bytes, batch, id) = written(footer);
            let rrd = decode_rrd(Bytes::from(bytes)).expect("decodes");
            assert_eq!(rrd.streams, 1);
            assert_eq!(rrd.streams_with_end, usize::from(footer));
            assert_eq!(rrd.footer_manifests, usize::from(footer));
            let chunks: Vec<_> = rrd
                .messages
                .iter()
                .filter_map(|m| match m {
                    RrdMessage::ArrowMsg(c) => Some(c),
                    _ => None,
                })
                .collect();
            assert_eq!(chunks.len(), 2);
            assert_eq!(chunks[0].chunk_id, id);
            assert!(chunks[0].is_static);
            assert_eq!(chunks[0].batch, batch);
            assert_eq!(chunks[0].store.recording_id, "rec");
            assert!(
                matches!(&rrd.messages[0], RrdMessage::SetStoreInfo(s) if s.application_id == "app")
            );
        }
    }

    #[test]
    fn concatenated_streams_and_bad_input() {
        let (mut a, _, _) = written(true);
        let (b, _, _) = written(false);
        a.extend_from_slice(&b);
        let rrd = decode_rrd(Bytes::from(a.clone())).expect("decodes");
        assert_eq!(rrd.streams, 2);
        assert_eq!(
            rrd.messages
                .iter()
                .filter(|m| matches!(m, RrdMessage::ArrowMsg(_)))
                .count(),
            4
        );
        assert!(decode_rrd(Bytes::from_static(b"")).is_err());
        assert!(decode_rrd(Bytes::from_static(b"PK\x03\x04 not an rrd")).is_err());
        // Cut inside a message: an error naming the truncation, never a panic.
        let cut = Bytes::from(a[..40].to_vec());
        let err = decode_rrd(cut).expect_err("truncated").to_string();
        assert!(err.contains("truncated"), "{err}");
    }

    #[test]
    fn corrupt_bytes_anywhere_give_errors_not_panics() {
        let (bytes, _, _) = written(true);
        // Every cut ends inside a message except the few at message boundaries.
        let cut_errors = (0..bytes.len())
            .filter(|&cut| decode_rrd(Bytes::from(bytes[..cut].to_vec())).is_err())
            .count();
        assert!(
            cut_errors + 8 >= bytes.len(),
            "{cut_errors} of {}",
            bytes.len()
        );
        let mut flip_errors = 0;
        for at in 0..bytes.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[at] ^= flip;
                flip_errors += usize::from(decode_rrd(Bytes::from(b)).is_err());
            }
        }
        // Header, framing and protobuf damage is detected (values inside raw payloads may not be).
        assert!(flip_errors > 0);
    }
}
