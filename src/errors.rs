//! The typed errors a promise rejects with: a plain JS `Error` whose `code` says what happened.

use fbas_core::{InputError, Stop};

/// The `code` of a rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The arguments are not what the API takes; the message names the node and field.
    InvalidInput,
    /// `options.timeoutMs` ran out before the answer was known.
    Timeout,
    /// `options.signal` was aborted before the answer was known.
    Aborted,
    /// A SAT encoding would have grown past `options.maxClauses` before the answer was known.
    ClauseCap,
    /// A bug: a panic, or a result that failed its re-check. The process is unharmed.
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidInput => "INVALID_INPUT",
            Code::Timeout => "TIMEOUT",
            Code::Aborted => "ABORTED",
            Code::ClauseCap => "CLAUSE_CAP",
            Code::Internal => "INTERNAL",
        }
    }
}

/// Why a call has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail {
    pub code: Code,
    pub message: String,
    /// Where the bad input is (`nodes[3] (GABC…).quorumSet.threshold`), for `INVALID_INPUT`.
    pub path: Option<String>,
}

impl Fail {
    pub fn invalid(path: impl Into<String>, message: impl AsRef<str>) -> Fail {
        let path = path.into();
        Fail {
            code: Code::InvalidInput,
            message: format!("invalid input: {path}: {}", message.as_ref()),
            path: Some(path),
        }
    }

    pub fn internal(message: impl AsRef<str>) -> Fail {
        Fail {
            code: Code::Internal,
            message: format!("internal error: {}", message.as_ref()),
            path: None,
        }
    }

    pub fn interrupted(why: Stop) -> Fail {
        let (code, message) = match why {
            Stop::Deadline => (
                Code::Timeout,
                "the analysis did not finish within options.timeoutMs",
            ),
            Stop::Cancelled => (Code::Aborted, "the analysis was aborted (options.signal)"),
            Stop::ClauseCap => (
                Code::ClauseCap,
                "the analysis needs a SAT encoding larger than options.maxClauses",
            ),
        };
        Fail {
            code,
            message: message.into(),
            path: None,
        }
    }
}

impl From<InputError> for Fail {
    fn from(e: InputError) -> Fail {
        if e.at.is_empty() {
            Fail {
                code: Code::InvalidInput,
                message: format!("invalid input: {}", e.message),
                path: None,
            }
        } else {
            Fail::invalid(e.at, e.message)
        }
    }
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_keep_their_path() {
        let f = Fail::from(InputError::new(
            "nodes[2] (GX).quorumSet.threshold",
            "must be a non-negative integer, got -1",
        ));
        assert_eq!(f.code, Code::InvalidInput);
        assert_eq!(f.path.as_deref(), Some("nodes[2] (GX).quorumSet.threshold"));
        assert_eq!(
            f.message,
            "invalid input: nodes[2] (GX).quorumSet.threshold: must be a non-negative integer, got -1"
        );
        let f = Fail::from(InputError::new("", "bad"));
        assert_eq!((f.path, f.message.as_str()), (None, "invalid input: bad"));
    }

    #[test]
    fn codes() {
        assert_eq!(Fail::interrupted(Stop::Deadline).code.as_str(), "TIMEOUT");
        assert_eq!(Fail::interrupted(Stop::Cancelled).code.as_str(), "ABORTED");
        assert_eq!(
            Fail::interrupted(Stop::ClauseCap).code.as_str(),
            "CLAUSE_CAP"
        );
        assert_eq!(Fail::internal("x").code.as_str(), "INTERNAL");
    }

    #[test]
    fn panic_messages() {
        let p = std::panic::catch_unwind(|| panic!("boom {}", 1)).unwrap_err();
        assert_eq!(panic_message(p.as_ref()), "boom 1");
        let p = std::panic::catch_unwind(|| panic!("static")).unwrap_err();
        assert_eq!(panic_message(p.as_ref()), "static");
    }
}
