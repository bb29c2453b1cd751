//! The compiled form of the structure tables (`schemas/structure/{ubl,cii}.tsv`):
//! flat arrays, one [`TypeDef`] per complex or simple type, its content model
//! as a slice of [`Particle`]s (with a name index: a small perfect hash
//! table from a child's element symbol, [`crate::xml::symbols`], to its
//! particle) and its attributes as a slice of [`Attr`]s.
//! Aliases (a type that only renames another) are already resolved, so the
//! walk never follows a chain.
//!
//! Depends only on `std`: `build.rs` includes this file and `super::parse`,
//! compiles both tables and writes them out as `static` data (`super::UBL`,
//! `super::CII`), so nothing is parsed at run time.

use crate::rules::list::{List, Str};

/// A built-in XML Schema simple type the invoices use, judged lexically.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Builtin {
    /// `xsd:string`, `xsd:normalizedString`, `xsd:token`, `xsd:anyURI`: every text is valid.
    Text,
    /// `xsd:token` (kept apart from `Text` because facets count collapsed characters).
    Token,
    /// `xsd:decimal`.
    Decimal,
    /// `xsd:date`.
    Date,
    /// `xsd:time`.
    Time,
    /// `xsd:dateTime`.
    DateTime,
    /// `xsd:boolean`.
    Boolean,
    /// `xsd:base64Binary`.
    Base64,
    /// `xsd:language`.
    Language,
}

impl Builtin {
    /// The schema name, for messages.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Builtin::Text => "string",
            Builtin::Token => "token",
            Builtin::Decimal => "decimal",
            Builtin::Date => "date (YYYY-MM-DD)",
            Builtin::Time => "time (hh:mm:ss)",
            Builtin::DateTime => "dateTime (YYYY-MM-DDThh:mm:ss)",
            Builtin::Boolean => "boolean (true, false, 1 or 0)",
            Builtin::Base64 => "base64Binary",
            Builtin::Language => "language code (e.g. de or en-GB)",
        }
    }
}

/// What may appear inside an element of a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// The particles in order.
    Seq,
    /// Exactly one of the particles.
    Choice,
    /// Text of a built-in type, no child elements.
    Simple(Builtin),
    /// Exactly one element of a namespace other than `not_ns` (and not
    /// unqualified), validated laxly: against its declaration when the table
    /// knows the element, not looked into otherwise (UBL extension content).
    Any {
        /// The namespace the element must not have.
        not_ns: u8,
    },
}

/// How the walk's common step finds a child's particle in a type, decided
/// when the table is compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// A sequence whose particles all have a symbol of their own in the
    /// type, so that the name index holds them all (at least one particle).
    IndexedSeq,
    /// A choice with a name index.
    IndexedChoice,
    /// Everything else (extension content, simple content, a name twice):
    /// the scanning steps alone.
    Scan,
}

/// One element a content model allows.
#[derive(Debug)]
pub(crate) struct Particle {
    /// Index into [`Structure::ns`].
    pub(crate) ns: u8,
    /// The element symbol of the local name (never 0: every particle's name
    /// is in the symbol table, which `build.rs` makes from the same rows), so
    /// that matching an element is its symbol and namespace compared.
    pub(crate) sym: u16,
    pub(crate) local: Str,
    /// The name as written in the table (`cbc:ID`), for messages.
    pub(crate) qname: Str,
    pub(crate) min: u32,
    /// `u32::MAX` for unbounded.
    pub(crate) max: u32,
    /// Index into [`Structure::types`].
    pub(crate) ty: u32,
    /// The first particle after this one (relative to the type's
    /// particles) with `min > 0`, or the particle count: once this particle
    /// has matched `min` times, a sequence may jump from here to any
    /// particle up to that one.
    pub(crate) reach: u32,
}

/// One attribute a simple-content type allows.
#[derive(Debug)]
pub(crate) struct Attr {
    pub(crate) local: Str,
    pub(crate) ty: Builtin,
    pub(crate) required: bool,
    pub(crate) fixed: Option<Str>,
    pub(crate) min_len: u32,
    pub(crate) max_len: u32,
}

/// One type, compiled.
#[derive(Debug)]
pub(crate) struct TypeDef {
    pub(crate) name: Str,
    pub(crate) content: Content,
    pub(crate) particles: (u32, u32),
    pub(crate) attrs: (u32, u32),
    /// How many attributes are required (most types have none): when an
    /// element carries that many of them, none is missing.
    pub(crate) required: u32,
    /// The type's name index: a range of [`Structure::index`], a power of two
    /// of slots (empty for no particles), each 0 or one more than the
    /// position of the particle whose symbol has its [`slot`] there under
    /// [`TypeDef::mul`]: a perfect hash, so one slot decides.
    pub(crate) index: (u32, u32),
    /// The multiplier of the name index, chosen at build time so that no two
    /// particles of the type share a slot.
    pub(crate) mul: u32,
    /// How the walk steps through the content ([`Step`]).
    pub(crate) step: Step,
    /// The number of slots of the name index less one (a power of two less
    /// one; 0 without index), so that a slot is one `and`.
    pub(crate) mask: u32,
}

/// A compiled structure table.
#[derive(Debug)]
pub(crate) struct Structure {
    pub(crate) ns: List<Str>,
    pub(crate) types: List<TypeDef>,
    pub(crate) particles: List<Particle>,
    pub(crate) attrs: List<Attr>,
    /// Root elements: (namespace index, local name, type).
    pub(crate) roots: List<(u8, Str, u32)>,
    /// The name indexes of all types ([`TypeDef::index`]).
    pub(crate) index: List<u16>,
}

/// The slot of symbol `sym` in a name index of `mask + 1` slots with
/// multiplier `mul` (one multiplication; the middle bits of the product).
#[inline]
pub(crate) fn slot(sym: u16, mul: u32, mask: usize) -> usize {
    (u32::from(sym).wrapping_mul(mul) >> 16) as usize & mask
}

impl Structure {
    /// The type of an element the table declares anywhere (in UBL every
    /// element is global, so a name has one type), for lax content.
    pub(crate) fn declared(&self, ns: &str, local: &str) -> Option<u32> {
        self.particles
            .iter()
            .find(|p| p.local == local && self.ns_uri(p.ns) == ns)
            .map(|p| p.ty)
    }
}

impl Structure {
    #[inline]
    pub(crate) fn ns_uri(&self, i: u8) -> &'static str {
        self.ns.get(usize::from(i)).map_or("", |s| s.as_str())
    }
}
