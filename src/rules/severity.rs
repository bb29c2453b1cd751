//! The official flag of a rule. Depends only on `std`: `build.rs` includes this
//! file, because the compiled binding tables carry a flag per row.

use std::fmt;

/// The official flag of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The invoice is rejected.
    Fatal,
    /// Reported; the invoice is still accepted.
    Warning,
    /// Reported for information only.
    Information,
}

impl Severity {
    /// `fatal`, `warning` or `information`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Fatal => "fatal",
            Severity::Warning => "warning",
            Severity::Information => "information",
        }
    }

    /// The flag written as [`Severity::as_str`] gives it.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "fatal" => Some(Severity::Fatal),
            "warning" => Some(Severity::Warning),
            "information" => Some(Severity::Information),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
