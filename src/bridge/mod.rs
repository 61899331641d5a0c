//! Zero-copy core: buffer-protocol import, dtype/layout checks, Arrow builders and the C Data
//! Interface export. Knows nothing about Rerun.
//!
//! The rules (see README "Zero-copy contract"): C-contiguous, aligned, native-endian input is
//! borrowed; strided, Fortran-order, misaligned or byte-swapped input is copied exactly once, here;
//! numpy bool is bit-packed (a copy). Everything else is a `TypeError`/`ValueError` that says what
//! was expected and what was got.

pub mod builders;
pub mod capsule;
pub mod dtype;
pub mod export;
pub mod import;
pub mod py;
pub mod pyvalues;

pub use builders::{fixed_size_list, primitive, varlen, VarlenKind};
pub use dtype::DType;
pub use import::{import_buffer, BorrowPolicy, Imported};
