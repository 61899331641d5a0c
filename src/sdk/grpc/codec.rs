//! A tonic codec that frames pre-encoded log messages as `WriteMessagesRequest`s.
//!
//! `WriteMessagesRequest { LogMsg log_msg = 1 }` and `LogMsg { oneof msg { SetStoreInfo = 1;
//! ArrowMsg = 2; ... } }` add two length-delimited wrappers around the message body the `.rrd`
//! sink writes, so the encoder writes those two headers and then the body's parts straight into
//! tonic's buffer (the chunk payload is copied once, as for a file).

use bytes::{Buf, BufMut};
use prost::encoding::{encode_key, encode_varint, encoded_len_varint, key_len, WireType};
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::Status;

use crate::sdk::rrd::EncodedChunk;

/// gRPC method the SDKs stream to (client streaming; the response is empty).
pub const WRITE_MESSAGES_PATH: &str = "/rerun.sdk_comms.v1alpha1.MessageProxyService/WriteMessages";

/// `LogMsg` oneof tags.
const LOG_MSG_SET_STORE_INFO: u32 = 1;
const LOG_MSG_ARROW_MSG: u32 = 2;
const LOG_MSG_BLUEPRINT_ACTIVATION: u32 = 3;

/// One `LogMsg` whose body is already protobuf-encoded.
pub enum OutMsg {
    /// A `SetStoreInfo` body.
    SetStoreInfo(Vec<u8>),
    /// An `ArrowMsg` body in parts (see [`EncodedChunk`]).
    Arrow(EncodedChunk),
    /// A `BlueprintActivationCommand` body.
    BlueprintActivation(Vec<u8>),
}

impl OutMsg {
    fn tag(&self) -> u32 {
        match self {
            Self::SetStoreInfo(_) => LOG_MSG_SET_STORE_INFO,
            Self::Arrow(_) => LOG_MSG_ARROW_MSG,
            Self::BlueprintActivation(_) => LOG_MSG_BLUEPRINT_ACTIVATION,
        }
    }

    fn body_len(&self) -> usize {
        match self {
            Self::SetStoreInfo(b) | Self::BlueprintActivation(b) => b.len(),
            Self::Arrow(c) => c.body_len(),
        }
    }

    /// Length of the `LogMsg` (the oneof field) inside the request.
    fn log_msg_len(&self) -> usize {
        let body = self.body_len();
        key_len(self.tag()) + encoded_len_varint(body as u64) + body
    }

    /// Bytes of the whole `WriteMessagesRequest`.
    pub fn encoded_len(&self) -> usize {
        let inner = self.log_msg_len();
        key_len(1) + encoded_len_varint(inner as u64) + inner
    }

    /// Writes the `WriteMessagesRequest` encoding of this message.
    pub fn encode_request(&self, dst: &mut impl BufMut) {
        encode_key(1, WireType::LengthDelimited, dst);
        encode_varint(self.log_msg_len() as u64, dst);
        encode_key(self.tag(), WireType::LengthDelimited, dst);
        encode_varint(self.body_len() as u64, dst);
        match self {
            Self::SetStoreInfo(b) | Self::BlueprintActivation(b) => dst.put_slice(b),
            Self::Arrow(c) => {
                dst.put_slice(&c.prefix);
                for seg in c.payload.segments() {
                    dst.put_slice(seg);
                }
                dst.put_slice(&c.suffix);
            }
        }
    }
}

/// Encodes [`OutMsg`]s, decodes (and ignores) the empty `WriteMessagesResponse`.
#[derive(Clone, Copy, Debug, Default)]
pub struct RawCodec;

#[derive(Clone, Copy, Debug, Default)]
pub struct RawEncoder;

#[derive(Clone, Copy, Debug, Default)]
pub struct EmptyDecoder;

impl Codec for RawCodec {
    type Encode = OutMsg;
    type Decode = ();
    type Encoder = RawEncoder;
    type Decoder = EmptyDecoder;

    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }

    fn decoder(&mut self) -> EmptyDecoder {
        EmptyDecoder
    }
}

impl Encoder for RawEncoder {
    type Item = OutMsg;
    type Error = Status;

    fn encode(&mut self, item: OutMsg, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.reserve(item.encoded_len());
        item.encode_request(dst);
        Ok(())
    }
}

impl Decoder for EmptyDecoder {
    type Item = ();
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<()>, Status> {
        src.advance(src.remaining());
        Ok(Some(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sdk::rrd::proto;
    use prost::Message;

    /// The wrappers written by hand decode as rerun's generated types would.
    #[derive(Clone, PartialEq, prost::Message)]
    struct LogMsg {
        #[prost(message, optional, tag = "1")]
        set_store_info: Option<proto::SetStoreInfo>,
        #[prost(message, optional, tag = "2")]
        arrow_msg: Option<proto::ArrowMsg>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    struct WriteMessagesRequest {
        #[prost(message, optional, tag = "1")]
        log_msg: Option<LogMsg>,
    }

    #[test]
    fn set_store_info_request_round_trips() {
        let store = crate::sdk::rrd::StoreInfo::new("app", "rec", (3, 11, 7));
        let body = store.set_store_info_body(crate::sdk::tuid::new_tuid());
        let expected = proto::SetStoreInfo::decode(body.as_slice()).unwrap();
        let msg = OutMsg::SetStoreInfo(body);
        let mut buf = Vec::new();
        msg.encode_request(&mut buf);
        assert_eq!(buf.len(), msg.encoded_len());
        let req = WriteMessagesRequest::decode(buf.as_slice()).unwrap();
        let log_msg = req.log_msg.unwrap();
        assert_eq!(log_msg.set_store_info, Some(expected));
        assert_eq!(log_msg.arrow_msg, None);
    }
}
