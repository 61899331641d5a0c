//! Hand-written prost messages for the `.rrd` protobuf schema (spec §4), no build script.

#![allow(clippy::derive_partial_eq_without_eq)]

/// `rerun.common.v1alpha1.Tuid`; both fields are always written (`optional fixed64`).
#[derive(Clone, Copy, PartialEq, prost::Message)]
pub struct Tuid {
    #[prost(fixed64, optional, tag = "1")]
    pub time_ns: Option<u64>,
    #[prost(fixed64, optional, tag = "2")]
    pub inc: Option<u64>,
}

impl From<crate::sdk::tuid::Tuid> for Tuid {
    fn from(t: crate::sdk::tuid::Tuid) -> Self {
        Self {
            time_ns: Some(t.time_ns),
            inc: Some(t.inc),
        }
    }
}

/// `StoreKind` values.
pub mod store_kind {
    pub const RECORDING: i32 = 1;
    pub const BLUEPRINT: i32 = 2;
}

/// `Compression` values (differs from the stream-header byte).
pub mod compression {
    pub const UNSPECIFIED: i32 = 0;
    pub const NONE: i32 = 1;
    pub const LZ4: i32 = 2;
}

/// `Encoding` values.
pub mod encoding {
    pub const ARROW_IPC: i32 = 1;
}

/// `StoreSourceKind` values.
pub mod store_source_kind {
    pub const PYTHON_SDK: i32 = 2;
    pub const RUST_SDK: i32 = 3;
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct ApplicationId {
    #[prost(string, tag = "1")]
    pub id: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct StoreId {
    #[prost(int32, tag = "1")]
    pub kind: i32,
    #[prost(string, tag = "2")]
    pub recording_id: String,
    #[prost(message, optional, tag = "3")]
    pub application_id: Option<ApplicationId>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct PythonVersion {
    #[prost(int32, tag = "1")]
    pub major: i32,
    #[prost(int32, tag = "2")]
    pub minor: i32,
    #[prost(int32, tag = "3")]
    pub patch: i32,
    #[prost(string, tag = "4")]
    pub suffix: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct StoreSourceExtra {
    #[prost(bytes = "vec", tag = "1")]
    pub payload: Vec<u8>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct StoreSource {
    #[prost(int32, tag = "1")]
    pub kind: i32,
    #[prost(message, optional, tag = "2")]
    pub extra: Option<StoreSourceExtra>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct StoreVersion {
    #[prost(int32, tag = "1")]
    pub crate_version_bits: i32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct StoreInfo {
    /// Deprecated; not written by 0.41.
    #[prost(message, optional, tag = "1")]
    pub application_id: Option<ApplicationId>,
    #[prost(message, optional, tag = "2")]
    pub store_id: Option<StoreId>,
    #[prost(message, optional, tag = "5")]
    pub store_source: Option<StoreSource>,
    #[prost(message, optional, tag = "6")]
    pub store_version: Option<StoreVersion>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct SetStoreInfo {
    #[prost(message, optional, tag = "1")]
    pub row_id: Option<Tuid>,
    #[prost(message, optional, tag = "2")]
    pub info: Option<StoreInfo>,
}

/// Message kind 2. The writer encodes this by hand (see `encode.rs`) to avoid copying the
/// payload; this derive is the reference used by tests and by decoders.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ArrowMsg {
    #[prost(message, optional, tag = "1")]
    pub store_id: Option<StoreId>,
    #[prost(int32, tag = "2")]
    pub compression: i32,
    #[prost(uint64, tag = "3")]
    pub uncompressed_size: u64,
    #[prost(int32, tag = "4")]
    pub encoding: i32,
    #[prost(bytes = "vec", tag = "5")]
    pub payload: Vec<u8>,
    #[prost(message, optional, tag = "6")]
    pub chunk_id: Option<Tuid>,
    #[prost(bool, optional, tag = "7")]
    pub is_static: Option<bool>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct BlueprintActivationCommand {
    #[prost(message, optional, tag = "1")]
    pub blueprint_id: Option<StoreId>,
    #[prost(bool, tag = "2")]
    pub make_active: bool,
    #[prost(bool, tag = "3")]
    pub make_default: bool,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Schema {
    #[prost(bytes = "vec", optional, tag = "1")]
    pub arrow_schema: Option<Vec<u8>>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct DataframePart {
    #[prost(int32, tag = "1")]
    pub encoder_version: i32,
    #[prost(bytes = "vec", optional, tag = "2")]
    pub payload: Option<Vec<u8>>,
    #[prost(int32, tag = "3")]
    pub compression: i32,
    #[prost(uint64, tag = "4")]
    pub uncompressed_size: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct RrdManifest {
    #[prost(message, optional, tag = "1")]
    pub store_id: Option<StoreId>,
    #[prost(message, optional, tag = "2")]
    pub sorbet_schema: Option<Schema>,
    #[prost(bytes = "vec", optional, tag = "3")]
    pub sorbet_schema_sha256: Option<Vec<u8>>,
    #[prost(message, optional, tag = "4")]
    pub data: Option<DataframePart>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct RrdFooter {
    #[prost(message, repeated, tag = "1")]
    pub manifests: Vec<RrdManifest>,
}
