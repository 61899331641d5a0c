//! The crate's one error type; `impl From<Error> for PyErr` is the only place it becomes Python.

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Wrong dtype/kind of input → Python `TypeError`.
    #[error("{0}")]
    Type(String),
    /// Right kind, wrong shape/content → Python `ValueError`.
    #[error("{0}")]
    Value(String),
    #[error(transparent)]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Rrd(#[from] crate::sdk::rrd::RrdError),
    /// A video blob that cannot be read → Python `RuntimeError` (as rerun-sdk raises).
    #[error("{0}")]
    Video(String),
    /// An exception raised by Python code we called; passed through unchanged.
    #[error(transparent)]
    Py(#[from] pyo3::PyErr),
}

impl From<Error> for pyo3::PyErr {
    fn from(err: Error) -> Self {
        use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError, PyValueError};
        match err {
            Error::Type(msg) => PyTypeError::new_err(msg),
            Error::Value(msg) => PyValueError::new_err(msg),
            Error::Arrow(e) => PyValueError::new_err(e.to_string()),
            Error::Io(e) => PyOSError::new_err(e.to_string()),
            Error::Rrd(e) => PyRuntimeError::new_err(e.to_string()),
            Error::Video(msg) => PyRuntimeError::new_err(msg),
            Error::Py(e) => e,
        }
    }
}
