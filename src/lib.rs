//! nparrow: zero-copy numpy → Arrow bridge and a Rerun-compatible recording core.
//!
//! Layout: `bridge` (buffer-protocol import, Arrow builders, C Data export; knows nothing about
//! Rerun) ← `sdk` (rows, chunks, batcher, sinks, `.rrd` encoder). This file only registers.

mod alloc;
pub mod bridge;
pub mod error;
pub mod sdk;

use pyo3::prelude::*;

#[global_allocator]
static GLOBAL: alloc::Allocator = alloc::Allocator;

/// The allocator Rust uses here: `"mimalloc"`, or `"system"` under `NPARROW_ALLOCATOR=system`.
#[pyfunction]
fn allocator() -> &'static str {
    alloc::name()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(allocator, m)?)?;
    m.add_class::<bridge::export::PyArrowArray>()?;
    m.add_class::<bridge::export::PyArrowRecordBatch>()?;
    m.add_class::<sdk::descriptor::PyComponentDescriptor>()?;
    m.add_class::<sdk::descriptor::PyDescribedBatch>()?;
    m.add_function(wrap_pyfunction!(sdk::descriptor::described_batches, m)?)?;
    m.add_class::<sdk::fields::PyFieldPlan>()?;
    m.add_function(wrap_pyfunction!(sdk::fields::set_cell, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::init::archetype_init, m)?)?;
    m.add_class::<sdk::py::PyRecording>()?;
    m.add("log", sdk::log::log_function(m)?)?;
    m.add_function(wrap_pyfunction!(sdk::log::install_log, m)?)?;
    m.add_class::<sdk::py::PyMemorySink>()?;
    m.add_class::<sdk::py::PyBinaryStream>()?;
    m.add_function(wrap_pyfunction!(bridge::py::numpy_to_primitive_array, m)?)?;
    m.add_function(wrap_pyfunction!(bridge::py::numpy_to_fixed_size_list, m)?)?;
    m.add_function(wrap_pyfunction!(bridge::py::varlen_to_array, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::py::payload_to_array, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::py::payload_len, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::py::payload_inline, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::py::arrow_to_array, m)?)?;
    m.add_function(wrap_pyfunction!(bridge::py::strings_to_array, m)?)?;
    m.add_function(wrap_pyfunction!(bridge::py::values_to_array, m)?)?;
    m.add_function(wrap_pyfunction!(bridge::py::live_borrows, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::py::escape_entity_path_part, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::py::new_entity_path, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::py::normalize_entity_path, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::ply::read_ply_points, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::py::read_rrd_contents, m)?)?;
    m.add_function(wrap_pyfunction!(sdk::jpeg::encode_jpeg, m)?)?;
    m.add_function(wrap_pyfunction!(
        sdk::video::asset_video_read_frame_timestamps_nanos,
        m
    )?)?;
    Ok(())
}
