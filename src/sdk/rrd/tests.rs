//! Unit and end-to-end tests of the `.rrd` encoder (the CLI tests skip without `.venv/bin/rerun`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use arrow_array::builder::{FixedSizeListBuilder, Float32Builder, ListBuilder, UInt32Builder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Int64Type, UInt64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_ipc::reader::StreamReader;
use arrow_schema::{DataType, Field};
use prost::Message;

use super::schema::test_chunks::{
    build_single_row_chunk, build_static_test_chunk, build_test_chunk,
};
use super::schema::{component_field, properties_chunk};
use super::*;
use crate::sdk::tuid::{new_tuid, Tuid};

fn store() -> StoreInfo {
    StoreInfo::new("fixture_app", "fixture-points", (3, 11, 7))
}

/// Path of a fixture stored in the repository (`src/sdk/rrd/fixtures/`).
fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/sdk/rrd/fixtures")
        .join(name)
}

/// Reads a repository fixture; a missing fixture fails the test instead of skipping it.
fn read_fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "fixture {} could not be read ({e}); it is part of the repository, restore it from git",
            path.display()
        )
    })
}

struct Msg {
    kind: u64,
    body_offset: usize,
    body: Vec<u8>,
}

/// Splits a stream into (header, messages, optional stream footer).
fn parse(bytes: &[u8]) -> ([u8; 12], Vec<Msg>, Option<[u8; 32]>) {
    let header: [u8; 12] = bytes[..12].try_into().unwrap();
    let has_footer = bytes.len() >= 44 && &bytes[bytes.len() - 12..bytes.len() - 4] == b"RRF2FOOT";
    let end = if has_footer {
        bytes.len() - 32
    } else {
        bytes.len()
    };
    let mut pos = 12;
    let mut msgs = Vec::new();
    while pos < end {
        let kind = u64::from_le_bytes(bytes[pos..pos + 8].try_into().unwrap());
        let len = u64::from_le_bytes(bytes[pos + 8..pos + 16].try_into().unwrap()) as usize;
        let body_offset = pos + 16;
        msgs.push(Msg {
            kind,
            body_offset,
            body: bytes[body_offset..body_offset + len].to_vec(),
        });
        pos = body_offset + len;
    }
    assert_eq!(pos, end);
    let footer = has_footer.then(|| bytes[bytes.len() - 32..].try_into().unwrap());
    (header, msgs, footer)
}

fn decode_payload(compression: i32, payload: &[u8], uncompressed: u64) -> RecordBatch {
    let ipc = if compression == proto::compression::LZ4 {
        lz4_flex::block::decompress(payload, uncompressed as usize).unwrap()
    } else {
        payload.to_vec()
    };
    assert_eq!(ipc.len() as u64, uncompressed);
    let mut r = StreamReader::try_new(std::io::Cursor::new(ipc), None).unwrap();
    let b = r.next().unwrap().unwrap();
    assert!(r.next().is_none());
    b
}

fn decode_manifest(m: &proto::RrdManifest) -> (arrow_schema::SchemaRef, RecordBatch) {
    let schema_bytes = m
        .sorbet_schema
        .as_ref()
        .unwrap()
        .arrow_schema
        .clone()
        .unwrap();
    let schema = StreamReader::try_new(std::io::Cursor::new(schema_bytes), None)
        .unwrap()
        .schema();
    let dp = m.data.as_ref().unwrap();
    let table = decode_payload(
        dp.compression,
        dp.payload.as_deref().unwrap(),
        dp.uncompressed_size,
    );
    (schema, table)
}

#[test]
fn stream_header_bytes() {
    assert_eq!(
        stream_header(true),
        [b'R', b'R', b'F', b'2', 0x00, 0x29, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00]
    );
    assert_eq!(stream_header(false)[8], 0);
}

#[test]
fn message_header_bytes() {
    let h = message_header(2, 0x0102);
    assert_eq!(h[..8], [2, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(h[8..], [0x02, 0x01, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn set_store_info_matches_reference_bytes() {
    let t = Tuid {
        time_ns: 0x1122_3344_5566_7788,
        inc: 0x99AA_BBCC_DDEE_FF00,
    };
    let body = store().set_store_info_body(t);
    let mut expected = vec![0x0a, 0x12, 0x09];
    expected.extend_from_slice(&t.time_ns.to_le_bytes());
    expected.push(0x11);
    expected.extend_from_slice(&t.inc.to_le_bytes());
    let mut store_id = vec![0x08, 0x01, 0x12, 0x0e];
    store_id.extend_from_slice(b"fixture-points");
    store_id.extend_from_slice(&[0x1a, 0x0d, 0x0a, 0x0b]);
    store_id.extend_from_slice(b"fixture_app");
    let mut info = vec![0x12, store_id.len() as u8];
    info.extend_from_slice(&store_id);
    info.extend_from_slice(&[
        0x2a, 0x0c, 0x08, 0x02, 0x12, 0x08, 0x0a, 0x06, 0x08, 0x03, 0x10, 0x0b, 0x18, 0x07, 0x32,
        0x03, 0x08, 0x80, 0x52,
    ]);
    expected.push(0x12);
    expected.push(info.len() as u8);
    expected.extend_from_slice(&info);
    assert_eq!(body, expected);
}

#[test]
fn set_store_info_matches_fixture() {
    let bytes = read_fixture("points.rrd");
    let (_, msgs, _) = parse(&bytes);
    assert_eq!(msgs[0].kind, 1);
    let fixture = proto::SetStoreInfo::decode(msgs[0].body.as_slice()).unwrap();
    let row = fixture.row_id.unwrap();
    let ours = store().set_store_info_body(Tuid {
        time_ns: row.time_ns.unwrap(),
        inc: row.inc.unwrap(),
    });
    assert_eq!(ours, msgs[0].body);
}

#[test]
fn arrow_msg_manual_encoding_matches_prost_and_round_trips() {
    let (batch, chunk_id) = build_test_chunk(
        "/world/points",
        &[1, 2, 3],
        &[10, 20, 30],
        &[Some(vec![[1.0, 2.0, 3.0]; 100]), None, Some(vec![])],
        &[Some(vec![0xFF0000FF; 100]), Some(vec![1]), None],
    );
    for compress in [true, false] {
        let enc = encode_chunk(&batch, chunk_id, false, &store(), compress).unwrap();
        assert_eq!(enc.compressed, compress);
        let reference = proto::ArrowMsg {
            store_id: Some(store().store_id_proto()),
            compression: if compress { 2 } else { 1 },
            uncompressed_size: enc.uncompressed_size,
            encoding: 1,
            payload: enc.payload.to_vec(),
            chunk_id: Some(chunk_id.into()),
            is_static: Some(false),
        };
        assert_eq!(enc.body_bytes(), reference.encode_to_vec());
        let decoded = proto::ArrowMsg::decode(enc.body_bytes().as_slice()).unwrap();
        let back = decode_payload(
            decoded.compression,
            &decoded.payload,
            decoded.uncompressed_size,
        );
        assert_eq!(back, batch);
        assert_eq!(back.schema().metadata(), batch.schema().metadata());
    }
}

#[test]
fn lz4_round_trip_and_skip() {
    // Compressible: round trips through lz4_flex::block::decompress.
    let (batch, chunk_id) = properties_chunk(123).unwrap();
    let enc = encode_chunk(&batch, chunk_id, true, &store(), true).unwrap();
    assert!(enc.compressed);
    assert!((enc.payload.len() as u64) < enc.uncompressed_size);
    let raw =
        lz4_flex::block::decompress(&enc.payload.to_vec(), enc.uncompressed_size as usize).unwrap();
    assert_eq!(raw, ipc_stream_bytes(&batch).unwrap());

    // Incompressible bytes are kept raw.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let (out, compressed) = encode::maybe_compress(noise.clone());
    assert!(!compressed);
    assert_eq!(out, noise);
}

#[test]
fn chunk_info_stats() {
    let (batch, chunk_id) = build_test_chunk(
        "/world/points",
        &[5, 3, 9],
        &[100, 200, 300],
        &[Some(vec![[1.0, 2.0, 3.0]]), None, Some(vec![])],
        &[None, None, None],
    );
    let info = chunk_info(&batch, chunk_id, false).unwrap();
    assert_eq!(info.entity_path, "/world/points");
    assert_eq!(info.num_rows, 3);
    assert_eq!(info.timelines.len(), 2);
    assert_eq!(info.timelines[0].name, "frame");
    assert_eq!(info.timelines[0].min_max, Some((3, 9)));
    assert_eq!(info.timelines[1].name, "log_time");
    let colors = &info.components[0];
    assert_eq!(colors.component, "Points3D:colors");
    assert_eq!(colors.num_non_null, 0);
    assert!(colors.is_semantically_empty);
    assert_eq!(colors.per_timeline, vec![None, None]);
    let pos = &info.components[1];
    assert_eq!(pos.component, "Points3D:positions");
    assert_eq!(pos.num_non_null, 2);
    assert!(!pos.is_semantically_empty);
    assert_eq!(pos.per_timeline[0], Some((5, 9, 2)));
    assert_eq!(pos.per_timeline[1], Some((100, 300, 2)));
    assert_eq!(pos.archetype.as_deref(), Some("rerun.archetypes.Points3D"));

    // Static with index columns, temporal without, and a mismatched id are rejected.
    assert!(chunk_info(&batch, chunk_id, true).is_err());
    assert!(chunk_info(&batch, new_tuid(), false).is_err());
    let (props, pid) = properties_chunk(1).unwrap();
    assert!(chunk_info(&props, pid, false).is_err());
    assert!(chunk_info(&props, pid, true).is_ok());
}

/// Writes properties + temporal + static chunks to an in-memory stream.
fn write_sample(compress: bool) -> Vec<u8> {
    let mut w = RrdWriter::new(Vec::new(), store()).unwrap();
    let (props, pid) = properties_chunk(1_700_000_000_000_000_000).unwrap();
    w.write_chunk(&props, pid, true, compress).unwrap();
    let (t, tid) = build_test_chunk(
        "/world/points",
        &[1, 2, 3],
        &[
            1_700_000_000_000_000_001,
            1_700_000_000_000_000_002,
            1_700_000_000_000_000_003,
        ],
        &[
            Some(vec![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
            None,
            Some(vec![[7.0, 8.0, 9.0]]),
        ],
        &[
            Some(vec![0xFF0000FF, 0x00FF00FF]),
            Some(vec![0x0000FFFF]),
            None,
        ],
    );
    w.write_chunk(&t, tid, false, compress).unwrap();
    let (s, sid) = build_static_test_chunk("/world/static", vec![[0.0, 0.0, 0.0]], None);
    w.write_chunk(&s, sid, true, compress).unwrap();
    w.finish().unwrap()
}

#[test]
fn footer_offsets_hash_and_manifest() {
    let bytes = write_sample(true);
    let (header, msgs, footer) = parse(&bytes);
    assert_eq!(header, stream_header(true));
    let footer = footer.unwrap();
    assert_eq!(msgs.len(), 5);
    assert_eq!(
        msgs.iter().map(|m| m.kind).collect::<Vec<_>>(),
        vec![1, 2, 2, 2, 0]
    );
    let end = &msgs[4];
    let off = u64::from_le_bytes(footer[..8].try_into().unwrap());
    let len = u64::from_le_bytes(footer[8..16].try_into().unwrap());
    let hash = u32::from_le_bytes(footer[16..20].try_into().unwrap());
    assert_eq!(off as usize, end.body_offset);
    assert_eq!(len as usize, end.body.len());
    assert_eq!(hash, xxhash_rust::xxh32::xxh32(&end.body, 7_850_921));
    assert_eq!(&footer[20..28], b"RRF2FOOT");
    assert_eq!(footer[28..], [1, 0, 0, 0]);

    let rrd_footer = proto::RrdFooter::decode(end.body.as_slice()).unwrap();
    assert_eq!(rrd_footer.manifests.len(), 1);
    let m = &rrd_footer.manifests[0];
    assert_eq!(m.store_id, Some(store().store_id_proto()));
    assert_eq!(m.sorbet_schema_sha256.as_ref().map(Vec::len), Some(32));
    let (sorbet, table) = decode_manifest(m);
    assert_eq!(table.num_rows(), 3);

    // Offsets point at ArrowMsg bodies with the right chunk ids.
    let offsets = table
        .column_by_name("chunk_byte_offset")
        .unwrap()
        .as_primitive::<UInt64Type>();
    let sizes = table
        .column_by_name("chunk_byte_size")
        .unwrap()
        .as_primitive::<UInt64Type>();
    let ids = table
        .column_by_name("chunk_id")
        .unwrap()
        .as_fixed_size_binary();
    for i in 0..3 {
        let msg = &msgs[i + 1];
        assert_eq!(offsets.value(i) as usize, msg.body_offset);
        assert_eq!(sizes.value(i) as usize, msg.body.len());
        let a = proto::ArrowMsg::decode(msg.body.as_slice()).unwrap();
        let cid = a.chunk_id.unwrap();
        let tuid = Tuid {
            time_ns: cid.time_ns.unwrap(),
            inc: cid.inc.unwrap(),
        };
        assert_eq!(ids.value(i), tuid.to_arrow_bytes());
    }

    let names: Vec<&str> = table
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "chunk_entity_path",
            "chunk_id",
            "chunk_is_static",
            "chunk_num_rows",
            "chunk_byte_offset",
            "chunk_byte_size",
            "chunk_byte_size_uncompressed",
            "Points3D:colors:has_static_data",
            "Points3D:positions:has_static_data",
            "RecordingInfo:start_time:has_static_data",
            "frame:start",
            "frame:end",
            "log_time:start",
            "log_time:end",
            "frame:Points3D:colors:start",
            "frame:Points3D:colors:end",
            "frame:Points3D:colors:num_rows",
            "frame:Points3D:positions:start",
            "frame:Points3D:positions:end",
            "frame:Points3D:positions:num_rows",
            "log_time:Points3D:colors:start",
            "log_time:Points3D:colors:end",
            "log_time:Points3D:colors:num_rows",
            "log_time:Points3D:positions:start",
            "log_time:Points3D:positions:end",
            "log_time:Points3D:positions:num_rows",
        ]
    );
    let col = |n: &str| table.column_by_name(n).unwrap().clone();
    let b = |n: &str| {
        col(n)
            .as_boolean()
            .iter()
            .map(|v| v.unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(b("chunk_is_static"), vec![true, false, true]);
    assert_eq!(
        b("Points3D:positions:has_static_data"),
        vec![false, false, true]
    );
    assert_eq!(
        b("Points3D:colors:has_static_data"),
        vec![false, false, false]
    );
    assert_eq!(
        b("RecordingInfo:start_time:has_static_data"),
        vec![true, false, false]
    );
    let i64s = |n: &str| {
        col(n)
            .as_primitive::<Int64Type>()
            .iter()
            .collect::<Vec<_>>()
    };
    assert_eq!(i64s("frame:start"), vec![None, Some(1), None]);
    assert_eq!(i64s("frame:end"), vec![None, Some(3), None]);
    assert_eq!(i64s("frame:Points3D:colors:end"), vec![None, Some(2), None]);
    assert_eq!(
        i64s("frame:Points3D:positions:end"),
        vec![None, Some(3), None]
    );
    let u64s = |n: &str| col(n).as_primitive::<UInt64Type>().values().to_vec();
    assert_eq!(u64s("frame:Points3D:colors:num_rows"), vec![0, 2, 0]);
    assert_eq!(u64s("chunk_num_rows"), vec![1, 3, 1]);
    assert_eq!(
        col("log_time:start").data_type(),
        &DataType::Timestamp(arrow_schema::TimeUnit::Nanosecond, None)
    );

    let sorbet_names: Vec<String> = sorbet.fields().iter().map(|f| f.name().clone()).collect();
    for n in [
        "rerun.controls.RowId",
        "frame",
        "log_time",
        "/world/points:Points3D:colors",
        "/world/points:Points3D:positions",
        "/world/static:Points3D:colors",
        "/world/static:Points3D:positions",
        "property:RecordingInfo:start_time",
    ] {
        assert!(sorbet_names.iter().any(|s| s == n), "missing {n}");
    }
    let f = sorbet
        .field_with_name("/world/static:Points3D:colors")
        .unwrap();
    assert_eq!(
        f.metadata().get("rerun:is_static").map(String::as_str),
        Some("true")
    );
    assert_eq!(
        f.metadata()
            .get("rerun:is_semantically_empty")
            .map(String::as_str),
        Some("true")
    );
    assert_eq!(
        f.metadata().get("rerun:entity_path").map(String::as_str),
        Some("/world/static")
    );
    assert!(sorbet.metadata().is_empty());
}

#[test]
fn empty_recording_and_unfinished_writer() {
    let bytes = RrdWriter::new(Vec::new(), store())
        .unwrap()
        .finish()
        .unwrap();
    let (_, msgs, footer) = parse(&bytes);
    assert!(footer.is_some());
    assert_eq!(msgs.len(), 2);
    let f = proto::RrdFooter::decode(msgs[1].body.as_slice()).unwrap();
    let (_, table) = decode_manifest(&f.manifests[0]);
    assert_eq!(table.num_rows(), 0);
    assert_eq!(table.num_columns(), 7);

    // Dropping without finish: no footer, nothing panics.
    let mut buf = Vec::new();
    {
        let mut w = RrdWriter::new(&mut buf, store()).unwrap();
        let (p, pid) = properties_chunk(0).unwrap();
        w.write_chunk(&p, pid, true, true).unwrap();
    }
    let (_, msgs, footer) = parse(&buf);
    assert!(footer.is_none());
    assert_eq!(msgs.len(), 2);
}

#[test]
fn sha256_matches_fixture() {
    let bytes = read_fixture("points.rrd");
    let (_, msgs, _) = parse(&bytes);
    let end = msgs.iter().find(|m| m.kind == 0).unwrap();
    let f = proto::RrdFooter::decode(end.body.as_slice()).unwrap();
    let m = &f.manifests[0];
    let (sorbet, _) = decode_manifest(m);
    let fields: Vec<Field> = sorbet.fields().iter().map(|f| f.as_ref().clone()).collect();
    let ours = manifest::schema_sha256(&fields).unwrap();
    assert_eq!(Some(ours.to_vec()), m.sorbet_schema_sha256);
}

// ---------------------------------------------------------------------------------------------
// End-to-end checks against the real CLI.

fn rerun_cli() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/rerun");
    p.exists().then_some(p)
}

fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/rrd-test");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(cli: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(cli).args(args).output().unwrap();
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn cli_verify_and_print() {
    let Some(cli) = rerun_cli() else {
        eprintln!("rerun CLI missing; skipping");
        return;
    };
    for compress in [true, false] {
        let path = out_dir().join(format!("sample_{compress}.rrd"));
        std::fs::write(&path, write_sample(compress)).unwrap();
        let p = path.to_str().unwrap();
        let (ok, text) = run(&cli, &["rrd", "verify", p]);
        assert!(ok, "verify failed: {text}");
        let (ok, text) = run(&cli, &["rrd", "print", "-vvv", p]);
        assert!(ok, "print failed: {text}");
        assert!(text.contains("/world/points"), "{text}");
        assert!(text.contains("/__properties"), "{text}");
        assert!(text.contains("[4278190335, 16711935]"), "{text}");
        let (ok, text) = run(&cli, &["rrd", "print", "--footers", "true", p]);
        assert!(ok, "print footers failed: {text}");
    }
}

fn f32_fsl_list(size: i32, rows: &[&[f32]]) -> ArrayRef {
    let item = Arc::new(Field::new("item", DataType::Float32, false));
    let inner = FixedSizeListBuilder::new(Float32Builder::new(), size).with_field(item.clone());
    let mut b = ListBuilder::new(inner).with_field(Arc::new(Field::new(
        "item",
        DataType::FixedSizeList(item, size),
        true,
    )));
    for row in rows {
        for v in row.chunks(size as usize) {
            b.values().values().append_slice(v);
            b.values().append(true);
        }
        b.append(true);
    }
    Arc::new(b.finish())
}

fn fsl_type(size: i32) -> DataType {
    DataType::FixedSizeList(Arc::new(Field::new("item", DataType::Float32, false)), size)
}

#[test]
fn cli_compare_with_points_fixture() {
    let Some(cli) = rerun_cli() else {
        eprintln!("rerun CLI missing; skipping");
        return;
    };
    let fixture_path = fixture_path("points.rrd");
    assert!(
        fixture_path.is_file(),
        "fixture {} is missing (it is part of the repository; restore it from git)",
        fixture_path.display()
    );
    let fixture = fixture_path.to_str().unwrap();
    let dir = out_dir();
    let ours = dir.join("points_ours.rrd");
    let mut w = RrdWriter::new(Vec::new(), store()).unwrap();
    let (props, pid) = properties_chunk(1_795_545_745_786_204_403).unwrap();
    w.write_chunk(&props, pid, true, true).unwrap();

    let mut colors = ListBuilder::new(UInt32Builder::new());
    colors.values().append_slice(&[0xFF0000FF, 0x00FF00FF]);
    colors.append(true);
    let mut radii = ListBuilder::new(Float32Builder::new());
    radii.values().append_slice(&[0.5, 1.0]);
    radii.append(true);
    let p3 = Some("rerun.archetypes.Points3D");
    let (points, points_id) = build_single_row_chunk(
        "/world/points",
        1,
        1_795_545_745_799_511_149,
        vec![
            (
                component_field(
                    "Points3D:colors",
                    DataType::UInt32,
                    p3,
                    Some("rerun.components.Color"),
                ),
                Arc::new(colors.finish()),
            ),
            (
                component_field(
                    "Points3D:positions",
                    fsl_type(3),
                    p3,
                    Some("rerun.components.Position3D"),
                ),
                f32_fsl_list(3, &[&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]]),
            ),
            (
                component_field(
                    "Points3D:radii",
                    DataType::Float32,
                    p3,
                    Some("rerun.components.Radius"),
                ),
                Arc::new(radii.finish()),
            ),
        ],
    );
    let t3 = Some("rerun.archetypes.Transform3D");
    let (tf, tf_id) = build_single_row_chunk(
        "/world/tf",
        1,
        1_795_545_745_800_002_949,
        vec![
            (
                component_field(
                    "Transform3D:mat3x3",
                    fsl_type(9),
                    t3,
                    Some("rerun.components.TransformMat3x3"),
                ),
                f32_fsl_list(9, &[&[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]]),
            ),
            (
                component_field(
                    "Transform3D:translation",
                    fsl_type(3),
                    t3,
                    Some("rerun.components.Translation3D"),
                ),
                f32_fsl_list(3, &[&[1.0, 2.0, 3.0]]),
            ),
        ],
    );
    w.write_chunk(&tf, tf_id, false, true).unwrap();
    w.write_chunk(&points, points_id, false, true).unwrap();
    std::fs::write(&ours, w.finish().unwrap()).unwrap();
    let ours_s = ours.to_str().unwrap();

    let (ok, text) = run(&cli, &["rrd", "verify", ours_s]);
    assert!(ok, "verify failed: {text}");
    // Same chunking as the SDK: compare directly.
    let (ok, text) = run(&cli, &["rrd", "compare", "--unordered", ours_s, fixture]);
    assert!(ok, "compare failed: {text}");
    // And after optimize on both.
    let ours_opt = dir.join("points_ours.opt.rrd");
    let fix_opt = dir.join("points_fixture.opt.rrd");
    let (ok, text) = run(
        &cli,
        &["rrd", "optimize", ours_s, "-o", ours_opt.to_str().unwrap()],
    );
    assert!(ok, "optimize failed: {text}");
    let (ok, text) = run(
        &cli,
        &["rrd", "optimize", fixture, "-o", fix_opt.to_str().unwrap()],
    );
    assert!(ok, "optimize failed: {text}");
    let (ok, text) = run(
        &cli,
        &[
            "rrd",
            "compare",
            "--unordered",
            ours_opt.to_str().unwrap(),
            fix_opt.to_str().unwrap(),
        ],
    );
    assert!(ok, "compare after optimize failed: {text}");
}

#[test]
fn cli_verify_mixed_recording() {
    use super::schema::{chunk_batch, index_field, row_id_array, row_id_field};
    use arrow_array::{DurationNanosecondArray, Int64Array};
    let Some(cli) = rerun_cli() else {
        eprintln!("rerun CLI missing; skipping");
        return;
    };
    let mut w = RrdWriter::new(
        Vec::new(),
        StoreInfo::new("mixed_app", "mixed-1", (3, 12, 1)),
    )
    .unwrap();
    let (props, pid) = properties_chunk(1).unwrap();
    w.write_chunk(&props, pid, true, true).unwrap();
    // Static and temporal data for the same entity + component.
    let (s, sid) = build_static_test_chunk("/world/points", vec![[0.0; 3]], Some(vec![7]));
    w.write_chunk(&s, sid, true, true).unwrap();
    // 100k points in one row.
    let big: Vec<[f32; 3]> = (0..100_000).map(|i| [i as f32, 0.0, 1.0]).collect();
    let (t, tid) = build_test_chunk(
        "/world/points",
        &[0, 5],
        &[10, 11],
        &[Some(big), Some(vec![])],
        &[None, Some(vec![])],
    );
    // LZ4 whatever this thread's sink speed: the file must hold a compressed large chunk.
    let enc = encode::encode_chunk_as(&t, tid, false, w.store(), encode::Compression::Lz4).unwrap();
    assert!(enc.compressed);
    w.write_encoded(&enc).unwrap();
    // Duration timeline, unsorted sequence, empty-only component.
    let mut ids = Vec::new();
    crate::sdk::tuid::new_tuids(3, &mut ids);
    let cid = new_tuid();
    let mut scal = ListBuilder::new(arrow_array::builder::Float64Builder::new());
    scal.values().append_value(1.0);
    scal.append(true);
    scal.append(false);
    scal.values().append_slice(&[2.0, 3.0]);
    scal.append(true);
    let fields = vec![
        Arc::new(row_id_field(true)),
        Arc::new(index_field(
            "sim_time",
            DataType::Duration(arrow_schema::TimeUnit::Nanosecond),
            true,
        )),
        Arc::new(index_field("step", DataType::Int64, false)),
        Arc::new(component_field(
            "Scalars:scalars",
            DataType::Float64,
            Some("rerun.archetypes.Scalars"),
            Some("rerun.components.Scalar"),
        )),
    ];
    let columns: Vec<ArrayRef> = vec![
        row_id_array(&ids).unwrap(),
        Arc::new(DurationNanosecondArray::from(vec![
            0,
            500_000_000,
            1_000_000_000,
        ])),
        Arc::new(Int64Array::from(vec![3, 1, 2])),
        Arc::new(scal.finish()),
    ];
    let b = chunk_batch("/plot/sine", cid, fields, columns).unwrap();
    w.write_chunk(&b, cid, false, false).unwrap();
    let path = out_dir().join("mixed.rrd");
    std::fs::write(&path, w.finish().unwrap()).unwrap();
    let p = path.to_str().unwrap();
    let (ok, text) = run(&cli, &["rrd", "verify", p]);
    assert!(ok, "verify failed: {text}");
    let (ok, text) = run(&cli, &["rrd", "print", "-vv", p]);
    assert!(ok, "print failed: {text}");
    assert!(text.contains("Scalars:scalars"), "{text}");
}

#[test]
fn properties_chunk_schema() {
    let (b, id) = properties_chunk(42).unwrap();
    let s = b.schema();
    assert_eq!(s.metadata()["rerun:entity_path"], "/__properties");
    assert_eq!(s.metadata()["rerun:id"], id.chunk_text());
    assert_eq!(s.metadata()["sorbet:version"], "0.1.4");
    assert_eq!(s.field(0).name(), "rerun.controls.RowId");
    assert!(!s.field(0).is_nullable());
    let f = s.field(1);
    assert_eq!(f.name(), "RecordingInfo:start_time");
    assert_eq!(
        f.data_type(),
        &DataType::List(Arc::new(Field::new("item", DataType::Int64, true)))
    );
    assert_eq!(
        f.metadata()["rerun:component_type"],
        "rerun.components.Timestamp"
    );
    assert_eq!(
        f.metadata()["rerun:archetype"],
        "rerun.archetypes.RecordingInfo"
    );
    assert_eq!(
        b.column(1)
            .as_list::<i32>()
            .value(0)
            .as_primitive::<Int64Type>()
            .value(0),
        42
    );
    assert_eq!(b.column(1).len(), 1);
}

fn large_payload(compressible: bool) -> encode::Payload {
    let len = 2 * encode::LARGE_PAYLOAD;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..len)
        .map(|i| {
            if compressible {
                (i / 64) as u8
            } else {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            }
        })
        .collect();
    // Two segments, the probe's samples straddling none and one of them.
    let (a, b) = bytes.split_at(len / 3);
    encode::Payload::from_segments(vec![
        arrow_buffer::Buffer::from(a.to_vec()),
        arrow_buffer::Buffer::from(b.to_vec()),
    ])
}

#[test]
fn compression_pays_only_against_a_slower_sink() {
    let redundant = large_payload(true);
    let probe = encode::probe(&redundant);
    assert!(probe.saved > 0.5, "{probe:?}");
    assert!(probe.bytes_per_sec > 0.0);
    // A sink as slow as a byte a second: compressing always pays; an infinitely fast one: never.
    assert!(encode::compression_pays(&redundant, 1.0));
    assert!(!encode::compression_pays(&redundant, f64::INFINITY));
    // A sink as fast as the copy LZ4 needs first (tmpfs): never, without probing.
    assert!(!encode::compression_pays(&redundant, 4e9));
    // Noise saves nothing, however slow the sink.
    let noise = large_payload(false);
    assert!(encode::probe(&noise).saved < 0.1);
    assert!(!encode::compression_pays(&noise, 1.0));
    // Small payloads are always compressed (where smaller).
    let small = encode::Payload::from_vec(vec![7u8; 4096]);
    assert!(encode::compression_pays(&small, f64::INFINITY));
}

#[test]
fn sink_speed_is_learned_from_large_writes() {
    use std::time::Duration;
    std::thread::spawn(|| {
        // Small messages are per-call overhead: ignored (the process-wide estimate, which
        // other tests' writers move, stands).
        encode::observe_sink_write(1000, Duration::from_secs(1));
        assert!(encode::sink_bytes_per_sec() > 1e6);
        // One MB in a second, then in a tenth: the moving average of both.
        encode::observe_sink_write(1_000_000, Duration::from_secs(1));
        assert_eq!(encode::sink_bytes_per_sec(), 1e6);
        encode::observe_sink_write(1_000_000, Duration::from_millis(100));
        assert_eq!(encode::sink_bytes_per_sec(), 5.5e6);
        // This thread's own estimate wins over the process-wide one.
        encode::observe_sink_write(1_000_000, Duration::from_millis(100));
        assert_eq!(encode::sink_bytes_per_sec(), 7.75e6);
    })
    .join()
    .unwrap();
}

#[test]
fn the_writer_times_large_messages_and_chunks_still_decode() {
    // A file writer on a fresh thread: a large redundant chunk written uncompressed (as if the
    // sink were infinitely fast) and the next one encoded against the speed the writer saw.
    std::thread::spawn(|| {
        let big: Vec<[f32; 3]> = (0..100_000).map(|i| [(i % 7) as f32, 0.0, 1.0]).collect();
        let chunk =
            |n: i64| build_test_chunk("/world/points", &[n], &[n], &[Some(big.clone())], &[None]);
        let mut w = RrdWriter::new(Vec::new(), store()).unwrap();
        let (t, tid) = chunk(0);
        let enc =
            encode::encode_chunk_as(&t, tid, false, w.store(), encode::Compression::None).unwrap();
        w.write_encoded(&enc).unwrap();
        let seen = encode::sink_bytes_per_sec();
        assert!(seen > 0.0 && seen.is_finite());
        let (t2, tid2) = chunk(1);
        w.write_chunk(&t2, tid2, false, true).unwrap();
        let bytes = w.finish().unwrap();
        let decoded = reader::decode_rrd(bytes.into()).unwrap();
        let batches: Vec<RecordBatch> = decoded
            .messages
            .into_iter()
            .filter_map(|m| match m {
                reader::RrdMessage::ArrowMsg(c) => Some(c.batch),
                _ => None,
            })
            .collect();
        assert_eq!(batches, vec![t, t2]);
    })
    .join()
    .unwrap();
}
