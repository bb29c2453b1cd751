//! The EN 16931 semantic model: every business term (BT) of EN 16931-1, grouped
//! as the standard groups them (BG), for UBL and CII alike.
//!
//! The model is a typed view over the parsed document: each occurrence of a
//! term is a [`Term`] that keeps the DOM node it came from, so its raw lexical
//! value, its parsed value (`rust_decimal` amounts, dates, codes) and its
//! location (line:column, path) are all at hand without copying. Every
//! occurrence is kept, in document order, so cardinality and decimal-places
//! rules can be judged. The readers in `syntax/` fill it; rules and extraction
//! read it.

pub mod terms;

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::rules::xpath;
use crate::syntax::Syntax;
use crate::xml::NodeId;
pub use terms::Bt;

/// A DOM node of the document the model was read from.
pub type Node<'a> = crate::xml::Node<'a, 'a>;

/// One occurrence of a business term: an element, or an attribute of it.
#[derive(Clone, Copy, Debug)]
pub struct Term<'a> {
    /// The element that carries the value.
    pub node: Node<'a>,
    /// The attribute that holds the value (e.g. `schemeID` for BT-29-1), or `None` for the element text.
    pub attr: Option<&'static str>,
}

impl<'a> Term<'a> {
    /// The value of an element.
    pub fn element(node: Node<'a>) -> Term<'a> {
        Term { node, attr: None }
    }

    /// The raw lexical value: the attribute value, or the element's string value
    /// (all descendant text, as XPath's `string()`).
    pub fn raw(&self) -> Cow<'a, str> {
        match self.attr {
            Some(a) => Cow::Borrowed(self.node.attribute(a).unwrap_or("")),
            None => string_value(self.node),
        }
    }

    /// `normalize-space()` of the raw value.
    pub fn text(&self) -> Cow<'a, str> {
        match self.raw() {
            Cow::Borrowed(s) => xpath::normalize_space(s),
            Cow::Owned(s) => Cow::Owned(xpath::normalize_space(&s).into_owned()),
        }
    }

    /// The value as `xs:decimal`, `None` if it is not a decimal.
    pub fn decimal(&self) -> Option<Decimal> {
        xpath::decimal(&self.raw())
    }

    /// The value as a calendar date (UBL `YYYY-MM-DD`, CII format 102 `YYYYMMDD`).
    pub fn date(&self) -> Option<Date> {
        Date::parse(&self.raw())
    }

    /// An attribute of the element (e.g. `currencyID`, `schemeID`, `unitCode`).
    pub fn attribute(&self, name: &str) -> Option<&'a str> {
        self.node.attribute(name)
    }

    /// 1-based line and column of the element.
    pub fn line_col(&self) -> (u32, u32) {
        crate::syntax::line_col(self.node)
    }
}

/// XPath `string()` of an element: its text when it has one text child (no
/// allocation), else the concatenation of all descendant text.
pub fn string_value<'a>(node: Node<'a>) -> Cow<'a, str> {
    let mut children = node.children();
    match (children.next(), children.next()) {
        (None, _) => Cow::Borrowed(""),
        (Some(c), None) if c.is_text() => Cow::Borrowed(c.text().unwrap_or("")),
        _ => {
            let mut s = String::new();
            for d in node.descendants().filter(|d| d.is_text()) {
                s.push_str(d.text().unwrap_or(""));
            }
            Cow::Owned(s)
        }
    }
}

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31 (checked against the month).
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (optionally with a time-zone suffix) or `YYYYMMDD`.
    pub fn parse(s: &str) -> Option<Date> {
        let s = xpath::trim_xml_space(s);
        let b = s.as_bytes();
        let (y, m, d) = if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
            let tz = &s[10..];
            if !(tz.is_empty() || tz == "Z" || valid_tz(tz)) {
                return None;
            }
            (&s[0..4], &s[5..7], &s[8..10])
        } else if b.len() == 8 {
            (&s[0..4], &s[4..6], &s[6..8])
        } else {
            return None;
        };
        if !(y.bytes().chain(m.bytes()).chain(d.bytes())).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        let day: u8 = d.parse().ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }
}

fn valid_tz(tz: &str) -> bool {
    let b = tz.as_bytes();
    b.len() == 6
        && (b[0] == b'+' || b[0] == b'-')
        && b[3] == b':'
        && [1, 2, 4, 5].iter().all(|i| b[*i].is_ascii_digit())
}

/// Days in `month` (1–12) of the proleptic Gregorian `year`; 31 for any other month number.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An attribute that holds a business term's value (BT-29-1 in `@schemeID`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attr {
    /// `@schemeID` of identifiers.
    SchemeId,
    /// `@unitCode` of quantities.
    UnitCode,
    /// `@listID` of classification codes.
    ListId,
    /// `@listVersionID` of classification codes.
    ListVersionId,
    /// `@mimeCode` of attached documents.
    MimeCode,
    /// `@filename` of attached documents.
    Filename,
    /// `@name` of the payment means code (UBL).
    Name,
}

impl Attr {
    const ALL: [Attr; 7] = [
        Attr::SchemeId,
        Attr::UnitCode,
        Attr::ListId,
        Attr::ListVersionId,
        Attr::MimeCode,
        Attr::Filename,
        Attr::Name,
    ];

    /// The attribute's local name.
    pub const fn name(self) -> &'static str {
        match self {
            Attr::SchemeId => "schemeID",
            Attr::UnitCode => "unitCode",
            Attr::ListId => "listID",
            Attr::ListVersionId => "listVersionID",
            Attr::MimeCode => "mimeCode",
            Attr::Filename => "filename",
            Attr::Name => "name",
        }
    }
}

/// One occurrence in a [`Group`], eight bytes: the term, where its value
/// is (0: the element's text, `k`: the attribute `Attr::ALL[k - 1]`) and
/// the element. A line's terms are read by dozens of rules; kept this small
/// they stay in a few cache lines even for invoices of thousands of lines
/// (a full [`Term`] per occurrence took 48 bytes).
#[derive(Clone, Copy, Debug)]
struct Slot {
    bt: Bt,
    attr: u8,
    node: NodeId,
}

const _: () = assert!(std::mem::size_of::<Slot>() == 8);

/// One instance of a business group: the terms found in it, in document order.
#[derive(Clone, Debug)]
pub struct Group<'a> {
    /// The element that stands for the group (the line, the allowance, ...);
    /// the root element for the document-level group.
    pub node: Node<'a>,
    terms: Vec<Slot>,
}

impl<'a> Group<'a> {
    /// An empty group at `node`.
    pub fn new(node: Node<'a>) -> Group<'a> {
        Group {
            node,
            terms: Vec::new(),
        }
    }

    /// An empty group at `node` with room for `terms` occurrences: a line or
    /// the header has dozens, and growing the vector one doubling at a time
    /// costs a reallocation each.
    pub fn with_capacity(node: Node<'a>, terms: usize) -> Group<'a> {
        Group {
            node,
            terms: Vec::with_capacity(terms),
        }
    }

    /// Records the element `node` as an occurrence of `bt`.
    pub fn push(&mut self, bt: Bt, node: Node<'a>) {
        self.terms.push(Slot {
            bt,
            attr: 0,
            node: node.id(),
        });
    }

    /// Records the attribute `attr` of `node` as an occurrence of `bt`, if the attribute is there.
    pub fn push_attr(&mut self, bt: Bt, node: Node<'a>, attr: Attr) {
        if node.attribute(attr.name()).is_some() {
            self.terms.push(Slot {
                bt,
                attr: attr as u8 + 1,
                node: node.id(),
            });
        }
    }

    /// The term of a slot (its node is in this group's document).
    fn term(&self, s: Slot) -> Option<Term<'a>> {
        let node = self.node.document().get_node(s.node)?;
        let attr = match s.attr {
            0 => None,
            k => Some(Attr::ALL.get(usize::from(k) - 1)?.name()),
        };
        Some(Term { node, attr })
    }

    /// The first occurrence of `bt`.
    pub fn get(&self, bt: Bt) -> Option<Term<'a>> {
        let s = *self.terms.iter().find(|s| s.bt == bt)?;
        self.term(s)
    }

    /// Every occurrence of `bt`, in document order.
    pub fn all(&self, bt: Bt) -> impl Iterator<Item = Term<'a>> + '_ {
        self.terms
            .iter()
            .filter(move |s| s.bt == bt)
            .filter_map(|&s| self.term(s))
    }

    /// Whether `bt` occurs at least once.
    pub fn has(&self, bt: Bt) -> bool {
        self.terms.iter().any(|s| s.bt == bt)
    }

    /// How often `bt` occurs.
    pub fn count(&self, bt: Bt) -> usize {
        self.terms.iter().filter(|s| s.bt == bt).count()
    }

    /// `normalize-space()` of the first occurrence, or `""` when absent (as XPath gives).
    pub fn text(&self, bt: Bt) -> Cow<'a, str> {
        self.get(bt).map(|t| t.text()).unwrap_or(Cow::Borrowed(""))
    }

    /// The first occurrence as a decimal.
    pub fn decimal(&self, bt: Bt) -> Option<Decimal> {
        self.get(bt).and_then(|t| t.decimal())
    }

    /// Every (term, occurrence) pair in document order.
    pub fn iter(&self) -> impl Iterator<Item = (Bt, Term<'a>)> + '_ {
        self.terms
            .iter()
            .filter_map(|&s| Some((s.bt, self.term(s)?)))
    }
}

/// An invoice line (BG-25) with its own repeating groups.
#[derive(Clone, Debug)]
pub struct Line<'a> {
    /// BT-126 … BT-159 with BG-26 (period), BG-29 (price), BG-30 (VAT) and BG-31 (item).
    pub terms: Group<'a>,
    /// BG-27 line allowances.
    pub allowances: Vec<Group<'a>>,
    /// BG-28 line charges.
    pub charges: Vec<Group<'a>>,
    /// BG-32 item attributes (BT-160, BT-161).
    pub attributes: Vec<Group<'a>>,
}

impl<'a> Line<'a> {
    /// An empty line at `node`.
    pub fn new(node: Node<'a>) -> Line<'a> {
        Line {
            terms: Group::with_capacity(node, 24),
            allowances: Vec::new(),
            charges: Vec::new(),
            attributes: Vec::new(),
        }
    }
}

/// An invoice or credit note in the EN 16931 model.
#[derive(Clone, Debug)]
pub struct Invoice<'a> {
    /// The syntax it was read from.
    pub syntax: Syntax,
    /// Every document-level term that is not in a repeating group: BG-2, BG-4 … BG-15, BG-22,
    /// BT-1 … BT-20 (and the direct-debit terms BT-89 … BT-91).
    pub header: Group<'a>,
    /// BG-1 invoice notes (BT-21, BT-22).
    pub notes: Vec<Group<'a>>,
    /// BG-3 preceding invoice references (BT-25, BT-26).
    pub preceding: Vec<Group<'a>>,
    /// BG-16 payment instructions, one per payment-means element (BT-81 … BT-88).
    pub payments: Vec<Group<'a>>,
    /// BG-20 document level allowances.
    pub allowances: Vec<Group<'a>>,
    /// BG-21 document level charges.
    pub charges: Vec<Group<'a>>,
    /// BG-23 VAT breakdown.
    pub vat: Vec<Group<'a>>,
    /// BG-24 additional supporting documents.
    pub documents: Vec<Group<'a>>,
    /// BG-25 invoice lines.
    pub lines: Vec<Line<'a>>,
}

impl<'a> Invoice<'a> {
    /// An empty model for a document whose root is `root`.
    pub fn new(syntax: Syntax, root: Node<'a>) -> Invoice<'a> {
        Invoice {
            syntax,
            header: Group::with_capacity(root, 96),
            notes: Vec::new(),
            preceding: Vec::new(),
            payments: Vec::new(),
            allowances: Vec::new(),
            charges: Vec::new(),
            vat: Vec::new(),
            documents: Vec::new(),
            lines: Vec::new(),
        }
    }

    /// Reads the model from a parsed document of the given syntax.
    pub fn read(doc: &'a crate::xml::Document<'a>, syntax: Syntax) -> Invoice<'a> {
        match syntax {
            Syntax::UblInvoice | Syntax::UblCreditNote => crate::syntax::ubl::read(doc, syntax),
            Syntax::Cii => crate::syntax::cii::read(doc),
        }
    }

    /// BT-24, the specification identifier, normalized.
    pub fn specification(&self) -> Cow<'a, str> {
        self.header.text(Bt::Bt24)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            Date::parse("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(
            Date::parse("20240131").map(|d| d.to_string()).as_deref(),
            Some("2024-01-31")
        );
        assert_eq!(Date::parse("2024-01-31+01:00").map(|d| d.day), Some(31));
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::parse("31.01.2024"), None);
    }
}
