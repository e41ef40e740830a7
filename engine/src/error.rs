//! Engine errors: typed, with the file or view they concern.

use std::fmt;
use std::path::PathBuf;

/// What went wrong while reading, writing or running a snapshot.
#[derive(Debug)]
pub enum EngineError {
    /// A file could not be read or written.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A snapshot is damaged or does not match its manifest.
    Snapshot {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A view the query needs is not in the snapshot.
    MissingView(String),
    /// DataFusion or Arrow failed.
    Execution(String),
    /// The input cannot be used (bad option values and the like).
    Invalid(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            EngineError::Snapshot { path, message } => write!(f, "{}: {message}", path.display()),
            EngineError::MissingView(v) => write!(f, "the snapshot has no view {v}"),
            EngineError::Execution(m) => write!(f, "execution failed: {m}"),
            EngineError::Invalid(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for EngineError {}

/// A column chunk of a snapshot file whose bytes do not match the checksum
/// the snapshot recorded: the file is damaged.
#[derive(Debug)]
pub struct DamagedChunk {
    /// The view.
    pub view: String,
    /// The file.
    pub path: PathBuf,
    /// Where in the file.
    pub row_group: usize,
    /// The column's name.
    pub column: String,
}

impl fmt::Display for DamagedChunk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "view {}, row group {}, column {}: the data does not match the checksum the snapshot recorded \
             (the file is damaged; `wqlkit snapshot verify` checks the whole snapshot)",
            self.view, self.row_group, self.column
        )
    }
}

impl std::error::Error for DamagedChunk {}

impl EngineError {
    /// `e`, or the snapshot problem (a damaged chunk, a view that did not
    /// open) it was caused by, which names the file.
    pub(crate) fn caused_by(e: &(dyn std::error::Error + 'static)) -> Option<EngineError> {
        let mut cause = Some(e);
        while let Some(c) = cause {
            if let Some(d) = c.downcast_ref::<DamagedChunk>() {
                return Some(EngineError::Snapshot {
                    path: d.path.clone(),
                    message: d.to_string(),
                });
            }
            if let Some(EngineError::Snapshot { path, message }) = c.downcast_ref::<EngineError>() {
                return Some(EngineError::Snapshot {
                    path: path.clone(),
                    message: message.clone(),
                });
            }
            cause = c.source();
        }
        None
    }
}

impl From<datafusion::error::DataFusionError> for EngineError {
    fn from(e: datafusion::error::DataFusionError) -> Self {
        EngineError::caused_by(&e).unwrap_or_else(|| EngineError::Execution(e.to_string()))
    }
}

impl From<datafusion::arrow::error::ArrowError> for EngineError {
    fn from(e: datafusion::arrow::error::ArrowError) -> Self {
        EngineError::Execution(e.to_string())
    }
}

/// Result with [`EngineError`].
pub type Result<T> = std::result::Result<T, EngineError>;

/// Attaches a path to an I/O error.
pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> EngineError {
    let path = path.into();
    move |source| EngineError::Io { path, source }
}
