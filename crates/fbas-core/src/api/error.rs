//! Why a call has no answer, as the packages report it: a code, a message, and for bad input
//! the place (`nodes[3] (GABC…).quorumSet.threshold`).

use crate::budget::Stop;
use crate::network::input::InputError;
use crate::outcome::Failure;
use serde::Serialize;
use std::fmt;

/// The `code` of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    /// The arguments are not what the API takes; the message names the node and field.
    InvalidInput,
    /// The time budget ran out before the answer was known.
    Timeout,
    /// The caller aborted the call before the answer was known.
    Aborted,
    /// A SAT encoding would have grown past the clause cap before the answer was known.
    ClauseCap,
    /// A bug: a panic, or a result that failed its re-check. The host process is unharmed.
    Internal,
}

impl Code {
    /// The code as the packages spell it (`INVALID_INPUT`, `TIMEOUT`, `ABORTED`, `CLAUSE_CAP`,
    /// `INTERNAL`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidInput => "INVALID_INPUT",
            Code::Timeout => "TIMEOUT",
            Code::Aborted => "ABORTED",
            Code::ClauseCap => "CLAUSE_CAP",
            Code::Internal => "INTERNAL",
        }
    }

    /// The code of a stop.
    pub fn of(why: Stop) -> Code {
        match why {
            Stop::Deadline => Code::Timeout,
            Stop::Cancelled => Code::Aborted,
            Stop::ClauseCap => Code::ClauseCap,
        }
    }
}

/// Why a call has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: Code,
    pub message: String,
    /// Where the bad input is, for [`Code::InvalidInput`].
    pub path: Option<String>,
}

impl Error {
    pub fn invalid(path: impl Into<String>, message: impl AsRef<str>) -> Error {
        let path = path.into();
        Error {
            code: Code::InvalidInput,
            message: format!("invalid input: {path}: {}", message.as_ref()),
            path: Some(path),
        }
    }

    pub fn internal(message: impl AsRef<str>) -> Error {
        Error {
            code: Code::Internal,
            message: format!("internal error: {}", message.as_ref()),
            path: None,
        }
    }

    /// The budget stopped the call.
    pub fn stopped(why: Stop) -> Error {
        let message = match why {
            Stop::Deadline => "the analysis did not finish within its time budget (timeoutMs)",
            Stop::Cancelled => "the analysis was aborted",
            Stop::ClauseCap => {
                "the analysis needs a SAT encoding larger than its clause cap (maxClauses)"
            }
        };
        Error {
            code: Code::of(why),
            message: message.into(),
            path: None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<InputError> for Error {
    fn from(e: InputError) -> Error {
        if e.at.is_empty() {
            Error {
                code: Code::InvalidInput,
                message: format!("invalid input: {}", e.message),
                path: None,
            }
        } else {
            Error::invalid(e.at, e.message)
        }
    }
}

impl From<Failure> for Error {
    fn from(f: Failure) -> Error {
        match f {
            Failure::Stopped(why) => Error::stopped(why),
            Failure::Internal(m) => Error::internal(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_keep_their_path() {
        let e = Error::from(InputError::new(
            "nodes[2] (GX).quorumSet.threshold",
            "must be a non-negative integer, got -1",
        ));
        assert_eq!(e.code, Code::InvalidInput);
        assert_eq!(e.path.as_deref(), Some("nodes[2] (GX).quorumSet.threshold"));
        assert_eq!(
            e.message,
            "invalid input: nodes[2] (GX).quorumSet.threshold: must be a non-negative integer, got -1"
        );
        let e = Error::from(InputError::new("", "bad"));
        assert_eq!((e.path, e.message.as_str()), (None, "invalid input: bad"));
    }

    #[test]
    fn codes() {
        let code = |why| Error::stopped(why).code.as_str();
        assert_eq!(code(Stop::Deadline), "TIMEOUT");
        assert_eq!(code(Stop::Cancelled), "ABORTED");
        assert_eq!(code(Stop::ClauseCap), "CLAUSE_CAP");
        assert_eq!(Error::internal("x").code.as_str(), "INTERNAL");
    }
}
