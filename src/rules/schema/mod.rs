//! The structural check at XML Schema level: element order, unknown elements,
//! cardinalities, the lexical form of typed values and the attributes of UBL
//! 2.1 Invoice / CreditNote and UN/CEFACT CII D16B (the schemas EN 16931
//! names). The reference validator rejects an invoice whose schema check
//! fails before any Schematron runs; this module gives the same judgement
//! natively, as fatal findings with project ids `SCHEMA-…` (docs/schema-check.md).
//!
//! The structures are the project's tables `schemas/structure/{ubl,cii}.tsv`
//! (notation in `schemas/structure/README.md`), compiled at build time by
//! `build.rs` with `parse.rs` into the static [`table::Structure`]s [`UBL`] and
//! [`CII`] (nothing is parsed at run time); one iterative walk matches each element's children against
//! its type's content model ([`walk`]); [`lex`] judges built-in types.
//!
//! Names are never read or hashed at run time: each particle carries the
//! element symbol of its local name (`crate::xml::symbols`, numbered by
//! `build.rs` from the same table rows), each type a perfect hash from
//! symbol to particle, and the DOM gives every element its symbol; an
//! element's namespace is the document's number for it, compared with the
//! numbers of the table's namespaces (looked up once per document).

mod lex;
#[cfg(test)]
mod parse;
mod table;
mod walk;

#[cfg(test)]
mod tests;

use crate::xml::Node;

use crate::rules::{Emit, Finding, Severity};
use crate::syntax::Syntax;

/// The kinds of structural findings, each with its project id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An element (or the root) that the content model does not allow at all.
    Unknown,
    /// An element the content model allows, but not at this point.
    Order,
    /// A mandatory element is missing.
    Missing,
    /// An element occurs more often than allowed.
    TooMany,
    /// A value (or text) that is not of the type the schema gives.
    Type,
    /// An unknown, missing required, malformed or wrong fixed attribute.
    Attr,
}

impl Kind {
    /// The project id.
    pub(crate) const fn id(self) -> &'static str {
        match self {
            Kind::Unknown => "SCHEMA-UNKNOWN",
            Kind::Order => "SCHEMA-ORDER",
            Kind::Missing => "SCHEMA-MISSING",
            Kind::TooMany => "SCHEMA-TOO-MANY",
            Kind::Type => "SCHEMA-TYPE",
            Kind::Attr => "SCHEMA-ATTR",
        }
    }
}

/// Every structural id with its explanation, for `erechnung explain`.
const IDS: &[(&str, &str)] = &[
    ("SCHEMA-UNKNOWN", "An element the XML Schema of the syntax does not allow at this place at all (a misspelled name, a wrong namespace, an element of the other syntax, or a child inside an element that holds only text). Remove or rename it."),
    ("SCHEMA-ORDER", "An element the schema allows in its parent, but not at this position: UBL and CII fix the order of the children of every element. Move it to its place in the sequence named in the message."),
    ("SCHEMA-MISSING", "A child element the schema requires (minOccurs >= 1) is absent. Add it at the place named in the message."),
    ("SCHEMA-TOO-MANY", "An element occurs more often than its maxOccurs allows (e.g. a second cbc:IssueDate). Keep only one, or move the data to the element meant for repetitions."),
    ("SCHEMA-TYPE", "A value does not have the lexical form of its schema type: dates are YYYY-MM-DD, amounts and quantities are decimals with a dot and no thousands separator, indicators are true/false, binary objects are base64; elements that contain elements hold no text of their own."),
    ("SCHEMA-ATTR", "An attribute is missing although the schema requires it (currencyID on amounts, unitCode on measures, mimeCode on binary objects), is not declared for the element, has a malformed value, or differs from the fixed value the schema prescribes."),
];

/// Checks `doc` (already known to be of `syntax`) against the syntax's structure.
pub fn check(doc: &crate::xml::Document<'_>, syntax: Syntax, out: &mut Vec<Finding>) {
    let s = if syntax.is_ubl() { &UBL } else { &CII };
    walk::check(s, doc, out);
}

/// The compiled tables: `build.rs` writes each as the pooled `Debug` form of
/// the parsed [`table::Structure`] (see `rules::list`), which is Rust source
/// with these names in scope, and the pools of the element types only these
/// tables use.
mod compiled {
    use super::table::Builtin::*;
    use super::table::Content::*;
    use super::table::Step::*;
    use super::table::{Attr, Particle, Structure, TypeDef};
    use crate::rules::list::{List, Pooled, Str};

    include!(concat!(env!("OUT_DIR"), "/pools_schema.rs"));

    /// The UBL 2.1 Invoice and CreditNote structure (`schemas/structure/ubl.tsv`).
    pub(super) static UBL: Structure = include!(concat!(env!("OUT_DIR"), "/structure_ubl.rs"));
    /// The CII D16B structure (`schemas/structure/cii.tsv`).
    pub(super) static CII: Structure = include!(concat!(env!("OUT_DIR"), "/structure_cii.rs"));
}
use compiled::{CII, UBL};

fn report(out: &mut Vec<Finding>, kind: Kind, node: Node<'_, '_>, message: String) {
    Emit::new(kind.id(), Severity::Fatal, out).at(node, message);
}

/// Whether `id` is a structural id.
pub fn is_schema_id(id: &str) -> bool {
    IDS.iter().any(|(i, _)| i.eq_ignore_ascii_case(id.trim()))
}

/// The text `erechnung explain` prints for a structural id, or `None`.
pub fn explain(id: &str) -> Option<String> {
    let (i, text) = IDS
        .iter()
        .find(|(i, _)| i.eq_ignore_ascii_case(id.trim()))?;
    Some(format!(
        "{i} (XML Schema check of UBL 2.1 / CII D16B)\nseverity: fatal\n\n{text}\n"
    ))
}
