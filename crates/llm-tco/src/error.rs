//! The one error type of the library.

use std::fmt;

/// What went wrong, in a form a program can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not valid JSON or TOML, or a field has the wrong type, is
    /// unknown, or is missing.
    Syntax,
    /// A value is out of its allowed range (negative, zero, above one for a
    /// share, NaN, ...).
    InvalidValue,
    /// An id names no entry of the catalog.
    UnknownId,
    /// Arithmetic on the inputs overflows `Decimal`: the numbers are too large
    /// to be priced exactly.
    Overflow,
    /// The input exceeds a size limit (file size, number of options, number of
    /// curve points, ...).
    Limit,
    /// The scenario's `schema_version` is not one this library reads.
    SchemaVersion,
}

/// An error with the path of the field it concerns, such as
/// `options[2].self_hosted.rented.usd_per_gpu_hour`.
///
/// Its `Display` is one line: `path: message` (or just the message when the
/// error concerns the whole input), without a trailing period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    path: String,
    message: String,
}

impl Error {
    /// An error of `kind` at the field `path` (empty for the whole input).
    pub fn new(kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            kind,
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidValue, path, message)
    }

    pub(crate) fn overflow(what: impl Into<String>) -> Self {
        Error::new(
            ErrorKind::Overflow,
            "",
            format!(
                "{} overflows the decimal range (about 7.9e28); the inputs are too large to price exactly",
                what.into()
            ),
        )
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The path of the field the error concerns, empty for the whole input.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong and what is allowed, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error, with `prefix` put in front of its path
    /// (`options[2]` + `rented.usd_per_gpu_hour`).
    pub fn within(mut self, prefix: &str) -> Self {
        if prefix.is_empty() {
            return self;
        }
        self.path = if self.path.is_empty() {
            prefix.to_string()
        } else if self.path.starts_with('[') {
            format!("{prefix}{}", self.path)
        } else {
            format!("{prefix}.{}", self.path)
        };
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for Error {}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
