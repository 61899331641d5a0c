//! Video blobs: the frame timestamps of an MP4 (`AssetVideo.read_frame_timestamps_nanos`).
//!
//! Demuxing is `re_mp4`'s (the MP4 parser rerun-sdk itself uses), so the timestamps are the ones
//! rerun-sdk reports: every sample of the first video track, presentation timestamps sorted,
//! in nanoseconds rounded from the track's timescale.

use std::panic::{catch_unwind, AssertUnwindSafe};

use arrow_array::cast::AsArray;
use arrow_array::types::UInt8Type;
use arrow_array::Array;
use arrow_schema::DataType;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyString};

use super::payload::Payload;
use crate::bridge::BorrowPolicy;
use crate::error::{Error, Result};

/// The media type of a blob from its magic header, as rerun-sdk guesses it when none is given.
fn detect_media_type(video: &[u8]) -> Option<&'static str> {
    (video.get(4..8) == Some(b"ftyp")).then_some("video/mp4")
}

/// The sorted presentation timestamps (ns) of the first video track of an MP4 blob.
pub fn frame_timestamps_nanos(video: &[u8], media_type: Option<&str>) -> Result<Vec<i64>> {
    let media_type = match media_type {
        Some(m) => m,
        None => detect_media_type(video).ok_or_else(|| {
            Error::Video("Could not detect MIME type from the video contents".into())
        })?,
    };
    if !media_type.starts_with("video/") {
        return Err(Error::Video(format!(
            "The media type of the blob is not a video: {media_type}"
        )));
    }
    if media_type != "video/mp4" {
        return Err(Error::Video(format!(
            "MIME type '{media_type}' is not supported for videos"
        )));
    }
    // A malformed file must be an error, never a panic through the FFI boundary: the parser
    // only reads `video` (no shared state to leave inconsistent), so unwinding out is safe.
    let mp4 = catch_unwind(AssertUnwindSafe(|| re_mp4::Mp4::read_bytes(video)))
        .map_err(|_| Error::Video("MP4 error: the demuxer failed on malformed data".into()))?
        .map_err(|e| Error::Video(format!("MP4 error: {e}")))?;
    let track = mp4
        .tracks()
        .values()
        .find(|t| t.kind == Some(re_mp4::TrackKind::Video))
        .ok_or_else(|| Error::Video("The MP4 has no video track".into()))?;
    if track.timescale == 0 {
        return Err(Error::Video(
            "The MP4 video track has a timescale of 0".into(),
        ));
    }
    let mut pts: Vec<i64> = track
        .samples
        .iter()
        .map(|s| s.composition_timestamp)
        .collect();
    pts.sort_unstable();
    let scale = 1e9 / track.timescale as f64;
    // As rerun-sdk converts: through seconds in f64, rounded to the nearest nanosecond.
    Ok(pts
        .into_iter()
        .map(|t| (t as f64 * scale).round() as i64)
        .collect())
}

/// The bytes of one blob: a `List<UInt8>` of one element, or a flat `UInt8` array.
fn blob_bytes(array: &dyn Array) -> Result<&[u8]> {
    match array.data_type() {
        DataType::UInt8 => Ok(array.as_primitive::<UInt8Type>().values()),
        DataType::List(_) if array.len() == 1 && array.is_valid(0) => {
            let list = array.as_list::<i32>();
            let range = list.value_offsets()[0] as usize..list.value_offsets()[1] as usize;
            match list.values().as_primitive_opt::<UInt8Type>() {
                Some(values) => Ok(&values.values()[range]),
                None => Err(Error::Type(format!(
                    "AssetVideo: expected a blob of bytes, got {}",
                    array.data_type()
                ))),
            }
        }
        DataType::List(_) => Err(Error::Value(format!(
            "AssetVideo: expected exactly one video blob, got {}",
            array.len()
        ))),
        other => Err(Error::Type(format!(
            "AssetVideo: expected a blob of bytes, got {other}"
        ))),
    }
}

/// A media type given as a `str` or as a Utf8 payload (what `MediaTypeBatch` holds): its first.
fn media_type_str(media_type: &Bound<'_, PyAny>) -> Result<Option<String>> {
    if let Ok(s) = media_type.cast::<PyString>() {
        return Ok(Some(s.to_str()?.to_owned()));
    }
    let (array, _) =
        Payload::parse(media_type, "AssetVideo")?.build("AssetVideo", BorrowPolicy::BORROW)?;
    match array.as_string_opt::<i32>() {
        Some(s) if s.is_empty() || s.is_null(0) => Ok(None),
        Some(s) => Ok(Some(s.value(0).to_owned())),
        None => Err(Error::Type(format!(
            "AssetVideo: expected a media type string, got {}",
            array.data_type()
        ))),
    }
}

/// The presentation timestamps (ns, sorted) of the frames of a video blob, as native-endian
/// int64 bytes (`np.frombuffer(..., np.int64)` views them). `blob` is a blob payload (what
/// `BlobBatch` holds) or any uint8 buffer, read in place, not copied; `media_type` a `str`, a
/// Utf8 payload (what `MediaTypeBatch` holds) or `None` (guessed from the contents).
#[pyfunction]
#[pyo3(signature = (blob, media_type=None))]
pub fn asset_video_read_frame_timestamps_nanos<'py>(
    py: Python<'py>,
    blob: &Bound<'py, PyAny>,
    media_type: Option<&Bound<'py, PyAny>>,
) -> Result<Bound<'py, PyByteArray>> {
    let media_type = match media_type {
        Some(m) => media_type_str(m)?,
        None => None,
    };
    let (array, _) =
        Payload::parse(blob, "AssetVideo")?.build("AssetVideo", BorrowPolicy::BORROW)?;
    let nanos = frame_timestamps_nanos(blob_bytes(array.as_ref())?, media_type.as_deref())?;
    let bytes: Vec<u8> = nanos.iter().flat_map(|t| t.to_ne_bytes()).collect();
    Ok(PyByteArray::new(py, &bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made with ffmpeg's `testsrc` (see `ffi_tests/sdk/test_archetypes_tensor.py`); the expected
    // values are rerun-sdk 0.41's `read_frame_timestamps_nanos()` on the same files.
    const BFRAMES: &[u8] = include_bytes!("../../ffi_tests/fixtures/testsrc_10fps_bframes.mp4");
    const FPS30: &[u8] = include_bytes!("../../ffi_tests/fixtures/testsrc_30fps.mp4");

    #[test]
    fn b_frames_are_sorted_by_presentation_time() {
        let ts = frame_timestamps_nanos(BFRAMES, None).unwrap();
        assert_eq!(ts, (0..10).map(|i| i * 100_000_000).collect::<Vec<_>>());
    }

    #[test]
    fn nanos_are_rounded() {
        let ts = frame_timestamps_nanos(FPS30, Some("video/mp4")).unwrap();
        assert_eq!(ts.len(), 15);
        assert_eq!(ts[..4], [0, 33_333_333, 66_666_667, 100_000_000]);
    }

    #[test]
    fn unreadable_videos_are_errors() {
        for (video, media_type, says) in [
            (&b"garbage garbage"[..], None, "Could not detect MIME type"),
            (BFRAMES, Some("video/webm"), "'video/webm' is not supported"),
            (BFRAMES, Some("image/png"), "not a video"),
            (&BFRAMES[..100], None, "MP4 error"),
            (&b"garbage garbage"[..], Some("video/mp4"), "MP4 error"),
            (&[][..], None, "Could not detect"),
        ] {
            let err = frame_timestamps_nanos(video, media_type).unwrap_err();
            assert!(matches!(err, Error::Video(_)), "{err}");
            assert!(err.to_string().contains(says), "{says}: {err}");
        }
    }
}
