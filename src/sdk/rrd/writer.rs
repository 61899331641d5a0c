//! Streaming `.rrd` writer: header, SetStoreInfo, ArrowMsgs, End + RrdFooter + StreamFooter.

use std::io::Write;

use arrow_array::RecordBatch;
use prost::Message;

use super::encode::{
    blueprint_activation_body, encode_chunk, observe_sink_write, EncodedChunk, StoreInfo,
    RERUN_VERSION,
};
use super::manifest::{ManifestBuilder, ManifestEntry};
use super::proto;
use super::RrdError;
use crate::sdk::tuid::{new_tuid, Tuid};

pub const MSG_KIND_END: u64 = 0;
pub const MSG_KIND_SET_STORE_INFO: u64 = 1;
pub const MSG_KIND_ARROW_MSG: u64 = 2;
pub const MSG_KIND_BLUEPRINT_ACTIVATION: u64 = 3;

/// xxHash32 seed of the stream footer checksum.
pub const FOOTER_XXH32_SEED: u32 = 7_850_921;

/// The 12-byte stream header (§2).
pub fn stream_header(lz4: bool) -> [u8; 12] {
    let mut h = [0u8; 12];
    h[..4].copy_from_slice(b"RRF2");
    h[4..8].copy_from_slice(&RERUN_VERSION);
    h[8] = u8::from(lz4);
    h[9] = 2; // protobuf
    h
}

/// The 16-byte message header (§3).
pub fn message_header(kind: u64, len: u64) -> [u8; 16] {
    let mut h = [0u8; 16];
    h[..8].copy_from_slice(&kind.to_le_bytes());
    h[8..].copy_from_slice(&len.to_le_bytes());
    h
}

/// The 32-byte stream footer (§8.2) for an RrdFooter body at absolute offset `body_offset`.
pub fn stream_footer(body_offset: u64, body: &[u8]) -> [u8; 32] {
    let mut f = [0u8; 32];
    f[..8].copy_from_slice(&body_offset.to_le_bytes());
    f[8..16].copy_from_slice(&(body.len() as u64).to_le_bytes());
    f[16..20].copy_from_slice(&xxhash_rust::xxh32::xxh32(body, FOOTER_XXH32_SEED).to_le_bytes());
    f[20..24].copy_from_slice(b"RRF2");
    f[24..28].copy_from_slice(b"FOOT");
    f[28..32].copy_from_slice(&1u32.to_le_bytes());
    f
}

/// Writes one recording as an `.rrd` stream. Offsets are counted, so `W` need not `Seek`.
///
/// Dropping the writer without [`RrdWriter::finish`] flushes `W` and leaves a file without a
/// footer, which Rerun still loads (only `rrd verify` complains).
pub struct RrdWriter<W: Write> {
    w: Option<W>,
    store: StoreInfo,
    offset: u64,
    manifest: ManifestBuilder,
    /// Other stores written into the same stream (blueprints), each with its own manifest.
    others: Vec<(StoreInfo, ManifestBuilder)>,
    /// Set after an I/O error: offsets are no longer trustworthy, so refuse further writes.
    failed: bool,
}

impl<W: Write> RrdWriter<W> {
    /// Writes the stream header (LZ4 flag set) and one `SetStoreInfo` message.
    pub fn new(w: W, store: StoreInfo) -> Result<Self, RrdError> {
        let mut this = Self {
            w: Some(w),
            store,
            offset: 0,
            manifest: ManifestBuilder::new(),
            others: Vec::new(),
            failed: false,
        };
        this.write_raw(&stream_header(true))?;
        let store = this.store.clone();
        this.write_store_info(&store)?;
        Ok(this)
    }

    fn write_store_info(&mut self, store: &StoreInfo) -> Result<(), RrdError> {
        let body = store.set_store_info_body(new_tuid());
        self.write_raw(&message_header(MSG_KIND_SET_STORE_INFO, body.len() as u64))?;
        self.write_raw(&body)
    }

    /// Writes another store's chunks into this stream (a blueprint, as rerun-sdk's
    /// `send_blueprint` does): its `SetStoreInfo` (once per stream), then the chunks, then — if
    /// `activation` is `Some((make_active, make_default))` — the `BlueprintActivationCommand`.
    /// The footer gets a manifest for that store too.
    pub fn write_other_store(
        &mut self,
        store: &StoreInfo,
        chunks: &[(RecordBatch, Tuid, bool)],
        activation: Option<(bool, bool)>,
        compress: bool,
    ) -> Result<(), RrdError> {
        let idx = match self.others.iter().position(|(s, _)| s == store) {
            Some(i) => i,
            None => {
                self.write_store_info(store)?;
                self.others.push((store.clone(), ManifestBuilder::new()));
                self.others.len() - 1
            }
        };
        for (batch, chunk_id, is_static) in chunks {
            let encoded = encode_chunk(batch, *chunk_id, *is_static, store, compress)?;
            self.write_encoded_in(&encoded, Some(idx))?;
        }
        if let Some((make_active, make_default)) = activation {
            self.write_activation(store, make_active, make_default)?;
        }
        self.flush()
    }

    /// Writes a `BlueprintActivationCommand` for `blueprint` (this stream's own store when it
    /// is a blueprint file, `.rbl`, or one written by `write_other_store`).
    pub fn write_activation(
        &mut self,
        blueprint: &StoreInfo,
        make_active: bool,
        make_default: bool,
    ) -> Result<(), RrdError> {
        let body = blueprint_activation_body(blueprint, make_active, make_default);
        self.write_raw(&message_header(
            MSG_KIND_BLUEPRINT_ACTIVATION,
            body.len() as u64,
        ))?;
        self.write_raw(&body)?;
        self.flush()
    }

    pub fn store(&self) -> &StoreInfo {
        &self.store
    }

    /// Bytes written so far.
    pub fn bytes_written(&self) -> u64 {
        self.offset
    }

    /// Chunks written so far (in file order).
    pub fn manifest_entries(&self) -> &[ManifestEntry] {
        self.manifest.entries()
    }

    fn writer(&mut self) -> Result<&mut W, RrdError> {
        if self.failed {
            return Err(RrdError::WriterFailed);
        }
        self.w.as_mut().ok_or(RrdError::WriterFailed)
    }

    fn write_raw(&mut self, bytes: &[u8]) -> Result<(), RrdError> {
        let res = self.writer()?.write_all(bytes);
        match res {
            Ok(()) => {
                self.offset += bytes.len() as u64;
                Ok(())
            }
            Err(e) => {
                self.failed = true;
                Err(e.into())
            }
        }
    }

    /// Writes an already encoded chunk (message header + body) and records it for the manifest.
    pub fn write_encoded(&mut self, chunk: &EncodedChunk) -> Result<(), RrdError> {
        self.write_encoded_in(chunk, None)
    }

    /// `write_encoded` into this stream's own store (`None`) or `others[i]`.
    fn write_encoded_in(
        &mut self,
        chunk: &EncodedChunk,
        other: Option<usize>,
    ) -> Result<(), RrdError> {
        let manifest = match other {
            Some(i) => &mut self.others[i].1,
            None => &mut self.manifest,
        };
        manifest.check(&chunk.info)?;
        let t0 = std::time::Instant::now();
        let len = chunk.body_len() as u64;
        self.write_raw(&message_header(MSG_KIND_ARROW_MSG, len))?;
        let body_offset = self.offset;
        let res = chunk.write_body(self.writer()?);
        if let Err(e) = res {
            self.failed = true;
            return Err(e.into());
        }
        self.offset += len;
        let manifest = match other {
            Some(i) => &mut self.others[i].1,
            None => &mut self.manifest,
        };
        manifest.push(ManifestEntry {
            info: chunk.info.clone(),
            byte_offset: body_offset,
            byte_size: len,
            byte_size_uncompressed: chunk.uncompressed_size,
        });
        // Hand every whole message to the OS at once: a process killed later (SIGKILL) leaves
        // a file that ends on a message boundary, which readers load without the footer.
        self.flush()?;
        // How fast the sink takes bytes decides whether LZ4 pays for its time on later chunks.
        observe_sink_write(chunk.body_len(), t0.elapsed());
        Ok(())
    }

    /// Encodes and writes one chunk.
    pub fn write_chunk(
        &mut self,
        batch: &RecordBatch,
        chunk_id: Tuid,
        is_static: bool,
        compress: bool,
    ) -> Result<(), RrdError> {
        let encoded = encode_chunk(batch, chunk_id, is_static, &self.store, compress)?;
        self.write_encoded(&encoded)
    }

    pub fn flush(&mut self) -> Result<(), RrdError> {
        let res = self.writer()?.flush();
        res.map_err(|e| {
            self.failed = true;
            e.into()
        })
    }

    /// Flushes and returns `W` without the footer (`save(..., write_footer=False)`: a stream
    /// that others may append to; Rerun loads it, `rrd verify` wants the footer).
    pub fn finish_without_footer(mut self) -> Result<W, RrdError> {
        self.flush()?;
        self.w.take().ok_or(RrdError::WriterFailed)
    }

    /// Writes `End` + `RrdFooter` (full manifest) + the stream footer, flushes and returns `W`.
    pub fn finish(mut self) -> Result<W, RrdError> {
        let mut manifests = vec![self.manifest.build(self.store.store_id_proto(), true)?];
        for (store, manifest) in &self.others {
            manifests.push(manifest.build(store.store_id_proto(), true)?);
        }
        let footer = proto::RrdFooter { manifests }.encode_to_vec();
        self.write_raw(&message_header(MSG_KIND_END, footer.len() as u64))?;
        let footer_offset = self.offset;
        self.write_raw(&footer)?;
        self.write_raw(&stream_footer(footer_offset, &footer))?;
        self.flush()?;
        self.w.take().ok_or(RrdError::WriterFailed)
    }
}

impl<W: Write> Drop for RrdWriter<W> {
    fn drop(&mut self) {
        if let Some(w) = self.w.as_mut() {
            // Best effort; errors cannot be reported from drop.
            let _ = w.flush();
        }
    }
}
