//! erechnung: fast intake, validation, extraction and routing of electronic
//! invoices (XRechnung, EN 16931 UBL and CII, ZUGFeRD / Factur-X) for German
//! public administration.
//!
//! The stages are public so that a Rust program can embed the pipeline:
//! [`ingest`] (bytes in), [`syntax`] (detect, parse, read into the [`model`]),
//! [`rules`] (the official rule sets, natively), [`report`] (JSON, text), and
//! [`validate`] which ties them together for one document.
//!
//! ```
//! use erechnung::syntax::Limits;
//! use erechnung::{Selection, Validator};
//!
//! // Built once per run; shared by all worker threads.
//! let validator = Validator::new(Selection::Auto, Limits::default());
//! let report = validator.validate_bytes(
//!     "empty.xml",
//!     br#"<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>"#,
//! );
//! assert!(!report.accepted());
//! let findings = &report.outcome.as_ref().expect("an invoice").findings;
//! assert!(findings.iter().any(|f| f.rule == "BR-02")); // no invoice number
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod bench;
pub mod codelists;
pub mod error;
pub mod extract;
pub mod gen;
pub mod ingest;
pub mod ledger;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod route;
pub mod rules;
pub mod syntax;
pub mod validate;
pub mod xml;

pub use error::DocError;
pub use validate::{Selection, Validator};
