//! The short notice put beside a quarantined input: what is wrong and what
//! the sender can do, in German and English, in the project's own words.

use std::fmt::Write as _;

use crate::report::Report;
use crate::rules::Severity;

/// Why an input is in quarantine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The invoice was read and failed fatal rules.
    Rejected,
    /// The input could not be read as an invoice; the text says why.
    Unreadable(String),
    /// The same seller, invoice number and date arrived before with other content.
    Duplicate {
        /// The invoice number.
        number: String,
        /// When the first one was received (Unix seconds; 0 in this run).
        first_received: i64,
    },
}

/// Most findings listed in a notice; the report beside it has all of them.
const MAX_LISTED: usize = 10;

/// Renders the notice for `source`.
pub fn render(source: &str, reason: &Reason, report: Option<&Report>) -> String {
    let mut s = String::with_capacity(1024);
    let _ = writeln!(s, "Eingang / input: {source}\n");
    match reason {
        Reason::Rejected => {
            let _ = writeln!(
                s,
                "Die Rechnung wurde abgelehnt: sie verletzt Pflichtregeln von EN 16931 / XRechnung.\n\
                 Bitte korrigieren Sie die unten genannten Punkte und senden Sie die Rechnung erneut.\n\n\
                 The invoice was rejected: it breaks mandatory EN 16931 / XRechnung rules.\n\
                 Please correct the points below and send the invoice again.\n"
            );
            if let Some(Ok(c)) = report.map(|r| &r.outcome) {
                let fatal: Vec<_> = c
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Fatal)
                    .collect();
                for f in fatal.iter().take(MAX_LISTED) {
                    let _ = writeln!(s, "- {} (Zeile/line {}): {}", f.rule, f.line, f.message);
                }
                if fatal.len() > MAX_LISTED {
                    let _ = writeln!(
                        s,
                        "- … {} weitere / more (siehe / see report.txt)",
                        fatal.len() - MAX_LISTED
                    );
                }
            }
        }
        Reason::Unreadable(why) => {
            let _ = writeln!(
                s,
                "Die Datei konnte nicht als elektronische Rechnung gelesen werden.\n\
                 Bitte senden Sie eine XRechnung (UBL oder CII) oder ein ZUGFeRD/Factur-X-PDF,\n\
                 eine Rechnung je Nachricht.\n\n\
                 The file could not be read as an electronic invoice.\n\
                 Please send an XRechnung (UBL or CII) or a ZUGFeRD/Factur-X PDF, one invoice per message.\n\n\
                 Grund / reason: {why}"
            );
        }
        Reason::Duplicate {
            number,
            first_received,
        } => {
            let _ = writeln!(
                s,
                "Eine Rechnung desselben Rechnungsstellers mit der Nummer {number} und demselben\n\
                 Rechnungsdatum ist bereits mit anderem Inhalt eingegangen{when}. Sie wird nicht\n\
                 erneut verarbeitet. Bitte senden Sie eine Korrektur als Rechnungskorrektur oder\n\
                 Gutschrift mit neuer Nummer.\n\n\
                 An invoice from the same seller with number {number} and the same issue date has\n\
                 already been received with other content{when_en}. It is not processed again.\n\
                 To correct it, send a corrective invoice or credit note with a new number.",
                when = if *first_received > 0 {
                    format!(" (Unix-Zeit {first_received})")
                } else {
                    String::new()
                },
                when_en = if *first_received > 0 {
                    format!(" (Unix time {first_received})")
                } else {
                    String::new()
                },
            );
        }
    }
    s
}
