//! The KoSIT XRechnung rule set (XRechnung 3.0.x, XRechnung Schematron 2.5):
//! the CIUS rules `de` (BR-DE-*), the Extension rules `dex` (BR-DEX-*), the
//! CVD rules `cvd` (BR-DE-CVD-*, BR-TMP-CVD-01), the temporary rules `tmp`
//! (BR-TMP-*, BR-DE-TMP-32), and `peppol`: the PEPPOL-EN16931-R* rules that
//! KoSIT's build merges into the XRechnung Schematron. `leitweg` is a check of
//! the project's own (ER-LEITWEG-*), never fatal.
//!
//! The official tests are XPath over the syntax, so these rules read the DOM
//! with the small path helpers below rather than the model: an XPath path
//! step, an existence test, a general comparison (`a = 'x'` is true when any
//! node's string value is exactly `x`, without normalisation) each have one
//! helper here, so a rule reads like its assert. Where the official context
//! is a relative match pattern (`cac:Price/cac:AllowanceCharge`), it matches at
//! any depth, and the rule scans the document for it.
//!
//! The global variables (`$isExtension`, `$isCVD`, `$slackValue`) are computed
//! once per document ([`globals`]), with what keeps the rules from rescanning
//! the document: the children of the document element (and of the CII
//! transaction element) by name, so a path's first steps skip the invoice
//! lines. The empty elements (R008) the parser records
//! (`xml::Document::empty_elements`). Relative match patterns start from the
//! document's chain of their last step's symbol ([`matching`],
//! `xml::Document::elements_of`). Rules that look at every line read each
//! line once (R120) or start from the rare element instead of the lines
//! (R101, R121, BR-TMP-3).

/// Defines one XRechnung rule: `xr_rule!(STATIC, RuleIdVariant, ubl flag, cii flag,
/// terms, hint, doc, check fn)`.
macro_rules! xr_rule {
    ($name:ident, $id:ident, $ubl:expr, $cii:expr, $terms:expr, $hint:expr, $doc:expr, $check:ident) => {
        #[doc = concat!("The definition of ", stringify!($id), ".")]
        pub static $name: crate::rules::RuleDef = crate::rules::RuleDef {
            id: crate::rules::RuleId::$id,
            set: crate::rules::RuleSet::Xrechnung,
            ubl: $ubl,
            cii: $cii,
            terms: $terms,
            hint: $hint,
            doc: $doc,
            check: $check,
        };
    };
}

pub mod cvd;
pub mod de;
pub mod dex;
pub mod leitweg;
pub mod peppol;
pub mod tmp;

use std::borrow::Cow;
use std::ops::ControlFlow;

use rust_decimal::Decimal;

use crate::model::string_value;
use crate::rules::{xpath, Ctx, RuleDef, Severity};
use crate::syntax::{NS_CAC, NS_CBC, NS_RAM, NS_RSM, NS_UDT};
use crate::xml::symbols::{self, sym};

/// A DOM node.
pub type Node<'a> = crate::xml::Node<'a, 'a>;

/// The version of the XRechnung specification these rules implement (major.minor).
pub const XR_VERSION: &str = "3.0";
/// The version of the XRechnung CVD specification (major.minor).
pub const CVD_VERSION: &str = "0.9";
/// The KoSIT XRechnung Schematron release these rules follow.
pub const SCHEMATRON_VERSION: &str = "2.5.0";

/// BT-24 of an XRechnung 3.0 CIUS invoice.
pub const XR_CIUS_ID: &str =
    "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";
/// BT-24 of an XRechnung 3.0 Extension invoice.
pub const XR_EXTENSION_ID: &str = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0";
/// BT-24 of an XRechnung CVD 0.9 invoice (Clean Vehicles Directive).
pub const XR_CVD_ID: &str = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9";

/// Every XRechnung family's rules, in registry order.
pub static FAMILIES: &[&[&RuleDef]] =
    &[de::RULES, tmp::RULES, dex::RULES, cvd::RULES, peppol::RULES];

pub(crate) const F: Option<Severity> = Some(Severity::Fatal);
pub(crate) const W: Option<Severity> = Some(Severity::Warning);
pub(crate) const I: Option<Severity> = Some(Severity::Information);
pub(crate) const N: Option<Severity> = None;

/// The global variables of the XRechnung Schematron, and an index of the
/// elements the relative match patterns look for, once per document.
#[derive(Clone, Debug)]
pub struct Globals<'a> {
    /// `$isExtension`: BT-24 is exactly the Extension identifier.
    pub is_extension: bool,
    /// `$isCVD`: BT-24 is exactly the CVD identifier.
    pub is_cvd: bool,
    /// `$slackValue`: 0.5 when the document currency is HUF, else 0.02.
    pub slack: Decimal,
    /// The element children of the document element with their local names,
    /// sorted by name (document order within one name): most rules
    /// start their paths at the document element, and this finds the first
    /// step without scanning every header element and invoice line.
    top: Kids<'a>,
    /// CII: the element children of the one `rsm:SupplyChainTradeTransaction`
    /// (header trade agreement, delivery, settlement, and every line), sorted
    /// like `top`: most CII paths go through it, and this finds their second
    /// step without scanning the lines. `None` unless the document element
    /// has exactly one such child.
    stt: Option<Kids<'a>>,
    /// The document element.
    root: Node<'a>,
    /// The payment means elements with their normalized payment means code,
    /// in document order, on first use: eight BR-DE rules pick theirs by code
    /// (`de::payment_means`).
    pub(crate) payment_means: std::sync::OnceLock<Vec<(Node<'a>, Cow<'a, str>)>>,
    /// The seller contact elements, in document order, on first use: five
    /// BR-DE rules read them (`de::seller_contacts`).
    pub(crate) seller_contacts: std::sync::OnceLock<Nodes<'a>>,
}

/// The element children of one element, findable by symbol: the children
/// in document order, and runs of consecutive same-named children sorted by
/// symbol (stable, so runs of one name stay in document order). The invoice
/// lines are one run, so sorting is cheap. Children whose name the schemas do
/// not declare are left out: no step names them.
#[derive(Clone, Debug)]
struct Kids<'a> {
    nodes: Vec<Node<'a>>,
    /// (symbol, first index in `nodes`, number of nodes).
    runs: Vec<(u16, u32, u32)>,
}

impl<'a> Kids<'a> {
    fn of(n: Node<'a>) -> Self {
        let mut nodes = Vec::with_capacity(64);
        let mut runs: Vec<(u16, u32, u32)> = Vec::with_capacity(32);
        let mut next = n.first_child();
        while let Some(c) = next {
            next = c.next_sibling();
            let s = c.sym();
            if s == symbols::NONE {
                continue;
            }
            let at = u32::try_from(nodes.len()).unwrap_or(u32::MAX);
            nodes.push(c);
            match runs.last_mut() {
                Some(r) if r.0 == s && r.1.saturating_add(r.2) == at => r.2 += 1,
                _ => runs.push((s, at, 1)),
            }
        }
        // Stable: runs of one name stay in document order.
        runs.sort_by_key(|r| r.0);
        Kids { nodes, runs }
    }

    /// The children of `step`, in document order.
    fn step<'k>(&'k self, step: Step) -> impl Iterator<Item = Node<'a>> + 'k {
        let from = self.runs.partition_point(|r| r.0 < step.1);
        self.runs[from..]
            .iter()
            .take_while(move |r| r.0 == step.1)
            .flat_map(move |r| {
                let start = r.1 as usize;
                self.nodes
                    .get(start..start + r.2 as usize)
                    .unwrap_or(&[])
                    .iter()
                    .copied()
            })
            .filter(move |c| ns_is(*c, step.0))
    }
}

/// The globals of the document in `ctx`, computed on first use.
pub fn globals<'c, 'a>(ctx: &'c Ctx<'_, 'a>) -> &'c Globals<'a> {
    ctx.xr.get_or_init(|| compute_globals(ctx))
}

fn compute_globals<'a>(ctx: &Ctx<'_, 'a>) -> Globals<'a> {
    let root = ctx.root();
    let top = Kids::of(root);
    let top_start = |step: Step| top.step(step);
    // `cbc:CustomizationID[text() = $id]`: some text node child equals the id exactly.
    let spec_text_is = |id: &str| -> bool {
        let ids: Nodes<'_> = if ctx.is_ubl() {
            top_start(cbc(sym::CustomizationID)).collect()
        } else {
            all(
                root,
                &[
                    rsm(sym::ExchangedDocumentContext),
                    ram(sym::GuidelineSpecifiedDocumentContextParameter),
                    ram(sym::ID),
                ],
            )
        };
        ids.iter()
            .any(|n| n.children().any(|t| t.is_text() && t.text() == Some(id)))
    };
    let currency: Nodes<'_> = if ctx.is_ubl() {
        top_start(cbc(sym::DocumentCurrencyCode)).collect()
    } else {
        all(
            root,
            &[
                rsm(sym::SupplyChainTradeTransaction),
                ram(sym::ApplicableHeaderTradeSettlement),
                ram(sym::InvoiceCurrencyCode),
            ],
        )
    };
    let stts: Vec<Node<'a>> = top_start(STT).collect();
    let huf = currency.iter().any(|n| string_value(*n) == "HUF");
    Globals {
        is_extension: spec_text_is(XR_EXTENSION_ID),
        is_cvd: spec_text_is(XR_CVD_ID),
        slack: if huf {
            Decimal::new(5, 1)
        } else {
            Decimal::new(2, 2)
        },
        stt: match stts.as_slice() {
            [one] if !ctx.is_ubl() => Some(Kids::of(*one)),
            _ => None,
        },
        top,
        root,
        payment_means: std::sync::OnceLock::new(),
        seller_contacts: std::sync::OnceLock::new(),
    }
}

// ---------------------------------------------------------------------------
// Path helpers: one XPath step is (namespace, local name).

/// `cbc:` namespace.
pub(crate) const CBC: &str = NS_CBC;
/// `cac:` namespace.
pub(crate) const CAC: &str = NS_CAC;
/// `ram:` namespace.
pub(crate) const RAM: &str = NS_RAM;
/// `rsm:` namespace.
pub(crate) const RSM: &str = NS_RSM;
/// `udt:` namespace.
pub(crate) const UDT: &str = NS_UDT;

/// One child step of a path: the namespace and the [`symbols`](crate::xml::symbols)
/// number of the local name (`sym::InvoiceLine`), so a step is matched by
/// comparing two small integers and, only then, the namespace.
pub(crate) type Step = (&'static str, u16);

/// `rsm:SupplyChainTradeTransaction`, the CII element most paths go through.
const STT: Step = (RSM, sym::SupplyChainTradeTransaction);

pub(crate) const fn cbc(local: u16) -> Step {
    (CBC, local)
}
pub(crate) const fn cac(local: u16) -> Step {
    (CAC, local)
}
pub(crate) const fn ram(local: u16) -> Step {
    (RAM, local)
}
pub(crate) const fn rsm(local: u16) -> Step {
    (RSM, local)
}
pub(crate) const fn udt(local: u16) -> Step {
    (UDT, local)
}

/// Whether the element `n`, whose local name is known to be right, is in
/// namespace `ns` (skips the second compare of the name).
#[inline]
pub(crate) fn ns_is(n: Node<'_>, ns: &str) -> bool {
    crate::syntax::in_ns(n, ns)
}

/// Whether `n` is the element of `step`.
#[inline]
pub(crate) fn is_step(n: Node<'_>, step: Step) -> bool {
    crate::syntax::is_element(n, step.0, step.1)
}

/// Whether the parent of `n` is the element of `step`.
pub(crate) fn parent_is(n: Node<'_>, step: Step) -> bool {
    n.parent().is_some_and(|p| is_step(p, step))
}

/// The child elements of `n`, in document order (text between them skipped).
pub(crate) fn element_kids<'a>(n: Node<'a>) -> impl Iterator<Item = Node<'a>> {
    std::iter::successors(n.first_element_child(), |c| c.next_sibling_element())
}

/// The child elements `step` of `n`.
pub(crate) fn kids<'a>(n: Node<'a>, step: Step) -> impl Iterator<Item = Node<'a>> {
    n.children().filter(move |c| is_step(*c, step))
}

/// Where a path starts: any node, or [`Top`], the document element found
/// through the per-document index of its children.
pub(crate) trait Start<'a>: Copy {
    /// Calls `f` on every node `steps` selects from here, in document order, until `f` breaks.
    fn walk(
        self,
        steps: &[Step],
        f: &mut dyn FnMut(Node<'a>) -> ControlFlow<()>,
    ) -> ControlFlow<()>;
}

impl<'a> Start<'a> for Node<'a> {
    fn walk(
        self,
        steps: &[Step],
        f: &mut dyn FnMut(Node<'a>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        walk(self, steps, f)
    }
}

/// The document element as the start of a path, with the index of its
/// children (see [`Globals`]): selects the same nodes as starting at
/// `ctx.root()`, without visiting every child for the first step.
#[derive(Clone, Copy)]
pub(crate) struct Top<'c, 'a>(&'c Globals<'a>);

/// The document element of `ctx` as the start of a path.
pub(crate) fn top<'c, 'a>(ctx: &'c Ctx<'_, 'a>) -> Top<'c, 'a> {
    Top(globals(ctx))
}

impl<'a> Start<'a> for Top<'_, 'a> {
    fn walk(
        self,
        steps: &[Step],
        f: &mut dyn FnMut(Node<'a>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let Some((first, rest)) = steps.split_first() else {
            return f(self.0.root);
        };
        if let (Some(stt), [s1, s2, rest @ ..]) = (&self.0.stt, steps) {
            if s1.1 == STT.1 && s1.0 == STT.0 {
                // The one transaction element: its children from the index.
                for c in stt.step(*s2) {
                    walk(c, rest, f)?;
                }
                return ControlFlow::Continue(());
            }
        }
        for c in self.0.top.step(*first) {
            walk(c, rest, f)?;
        }
        ControlFlow::Continue(())
    }
}

/// The child elements `step` of the document element, in document order,
/// found through the per-document index of its children (see [`Globals`]).
pub(crate) fn top_kids<'c, 'a>(
    ctx: &'c Ctx<'_, 'a>,
    step: Step,
) -> impl Iterator<Item = Node<'a>> + 'c {
    globals(ctx).top.step(step)
}

/// Calls `f` on every node the relative path `steps` selects from `n`, in
/// document order, until `f` breaks. Recursion is over the (static) steps,
/// not over the document.
fn walk<'a>(
    n: Node<'a>,
    steps: &[Step],
    f: &mut dyn FnMut(Node<'a>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let Some((first, rest)) = steps.split_first() else {
        return f(n);
    };
    // first_child/next_sibling: cheaper than `children()`, which also finds the last child.
    let mut next = n.first_child();
    while let Some(c) = next {
        next = c.next_sibling();
        if is_step(c, *first) {
            walk(c, rest, f)?;
        }
    }
    ControlFlow::Continue(())
}

/// The first node of a path.
pub(crate) fn first<'a>(n: impl Start<'a>, steps: &[Step]) -> Option<Node<'a>> {
    let mut found = None;
    let _ = n.walk(steps, &mut |m| {
        found = Some(m);
        ControlFlow::Break(())
    });
    found
}

/// Whether a path selects anything (XPath `boolean(path)`).
pub(crate) fn exists<'a>(n: impl Start<'a>, steps: &[Step]) -> bool {
    first(n, steps).is_some()
}

/// Whether some node of a path satisfies `pred`.
pub(crate) fn any<'a>(n: impl Start<'a>, steps: &[Step], pred: impl Fn(Node<'a>) -> bool) -> bool {
    let mut hit = false;
    let _ = n.walk(steps, &mut |m| {
        if pred(m) {
            hit = true;
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    hit
}

/// Every node of a path.
pub(crate) fn all<'a>(n: impl Start<'a>, steps: &[Step]) -> Nodes<'a> {
    // The usual few on the stack: no allocation per path (about 260 of them
    // per document were a tenth of this stage on CII).
    let mut v = Nodes::new();
    let _ = n.walk(steps, &mut |m| {
        v.push(m);
        ControlFlow::Continue(())
    });
    v
}

/// The nodes of a path ([`all`]): up to four without a heap allocation.
pub(crate) type Nodes<'a> = smallvec::SmallVec<[Node<'a>; 4]>;

/// General comparison `path = 'v'`: some node's string value is exactly `v`.
pub(crate) fn eq<'a>(n: impl Start<'a>, steps: &[Step], v: &str) -> bool {
    any(n, steps, |m| string_value(m) == v)
}

/// `path[boolean(normalize-space(.))]`: some node of the path has text.
pub(crate) fn has_text<'a>(n: impl Start<'a>, steps: &[Step]) -> bool {
    any(n, steps, |m| xpath::has_text(&string_value(m)))
}

/// `normalize-space(path)` of the first node of a path, `""` when there is none.
pub(crate) fn norm<'a>(n: impl Start<'a>, steps: &[Step]) -> Cow<'a, str> {
    match first(n, steps) {
        Some(m) => normalized(m),
        None => Cow::Borrowed(""),
    }
}

/// `normalize-space(.)` of a node.
pub(crate) fn normalized<'a>(n: Node<'a>) -> Cow<'a, str> {
    match string_value(n) {
        Cow::Borrowed(s) => xpath::normalize_space(s),
        Cow::Owned(s) => Cow::Owned(xpath::normalize_space(&s).into_owned()),
    }
}

/// `xs:decimal(path)` of the first node, `None` when absent or not a decimal.
pub(crate) fn dec<'a>(n: impl Start<'a>, steps: &[Step]) -> Option<Decimal> {
    first(n, steps).and_then(|m| xpath::decimal(&string_value(m)))
}

/// The elements of the document matching a relative match pattern whose last
/// step is `step` and whose parent is `parent` (if given), in document order.
pub(crate) fn matching<'c, 'a>(
    ctx: &'c Ctx<'_, 'a>,
    step: Step,
    parent: Option<Step>,
) -> impl Iterator<Item = Node<'a>> + 'c {
    ctx.doc
        .elements_of(step.1)
        // The chain holds elements of this local name: check the namespace.
        .filter(move |n| ns_is(*n, step.0) && parent.is_none_or(|p| parent_is(*n, p)))
}

// ---------------------------------------------------------------------------
// Code lists: the ISO/IEC 6523 ICD, CEF EAS and UNTDID 7143 lists are the
// project's shared tables (`crate::codelists`, the CEN 1.3.16 versions, which
// the XRechnung Schematron 2.5 also uses); the Extension adds the DiGA codes.

/// The DiGA codes KoSIT adds to ISO 6523 and CEF EAS in the Extension.
pub(crate) const DIGA_CODES: &[&str] = &["XR01", "XR02", "XR03"];

/// The Extension's ISO 6523 check: an ICD or a DiGA code. KoSIT tests
/// `contains(concat($DIGA-CODES, $ISO-6523-ICD-CODES), concat(' ', v, ' '))`:
/// the two lists meet with two spaces in a row, so an empty value passes.
pub(crate) fn iso6523_ext(v: &str) -> bool {
    let n = xpath::normalize_space(v);
    n.is_empty()
        || (!n.contains(' ') && (crate::codelists::is_icd(&n) || DIGA_CODES.contains(&n.as_ref())))
}

/// The Extension's EAS check: a CEF EAS code or a DiGA code (empty passes).
pub(crate) fn eas_ext(v: &str) -> bool {
    let n = xpath::normalize_space(v);
    n.is_empty()
        || (!n.contains(' ') && (crate::codelists::is_eas(&n) || DIGA_CODES.contains(&n.as_ref())))
}

// ---------------------------------------------------------------------------
// Shared checks.

/// The IBAN test of BR-DE-19 / BR-DE-20: after removing whitespace the value
/// is `[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}` and, with the first four characters
/// moved to the end and every letter replaced by its code point minus 55
/// (A=10 … Z=35; the official test does not upper-case letters after the
/// first two, so `a` counts 42), the number is 1 modulo 97.
pub(crate) fn iban_ok(raw: &str) -> bool {
    let s: Vec<char> = raw.chars().filter(|c| !xpath::is_xml_space(*c)).collect();
    if s.len() < 4 || s.len() > 34 {
        return false;
    }
    let shape = s[0].is_ascii_uppercase()
        && s[1].is_ascii_uppercase()
        && s[2].is_ascii_digit()
        && s[3].is_ascii_digit()
        && s[4..].iter().all(|c| c.is_ascii_alphanumeric());
    if !shape {
        return false;
    }
    mod97(s[4..].iter().chain(s[..4].iter()).copied()) == 1
}

/// The remainder modulo 97 of the decimal number written by replacing each
/// character with `cp - 55` (letters) or `cp - 48` (digits), concatenated.
pub(crate) fn mod97(chars: impl Iterator<Item = char>) -> u32 {
    let mut r: u32 = 0;
    for c in chars {
        let cp = c as u32;
        let v = if cp > 64 {
            cp.saturating_sub(55)
        } else {
            cp.saturating_sub(48)
        };
        // Append the decimal digits of v.
        let digits = if v >= 10 { 100 } else { 10 };
        r = (r * digits + v) % 97;
    }
    r
}

/// `$XR-TELEPHONE-REGEX` `.*([0-9].*){3,}.*`: at least three ASCII digits.
pub(crate) fn telephone_ok(s: &str) -> bool {
    s.bytes().filter(u8::is_ascii_digit).count() >= 3
}

/// `$XR-EMAIL-REGEX` `^[^@\s]+@([^@.\s]+\.)+[^@.\s]+$`: one `@` with a
/// non-empty local part, and a domain of at least two non-empty labels; no
/// whitespace anywhere.
pub(crate) fn email_ok(s: &str) -> bool {
    if s.chars().any(xpath::is_xml_space) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|l| !l.is_empty())
}

/// `$XR-URL-REGEX` `^([a-zA-Z])([a-zA-Z0-9+.-])+:.*`: a URI scheme of at least
/// two characters, starting with a letter, then a colon.
pub(crate) fn url_ok(s: &str) -> bool {
    let b = s.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let run = b[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
        .count();
    run >= 1 && b.get(1 + run) == Some(&b':')
}

/// The Skonto line of BR-DE-18 after normalize-space:
/// `#SKONTO#TAGE=n#PROZENT=n.nn#` or `#SKONTO#TAGE=n#PROZENT=n.nn#BASISBETRAG=[-]n.nn#`.
pub(crate) fn skonto_line_ok(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("#SKONTO#TAGE=") else {
        return false;
    };
    let Some(rest) = digits(rest) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix("#PROZENT=") else {
        return false;
    };
    let Some(rest) = amount(rest) else {
        return false;
    };
    if rest == "#" {
        return true;
    }
    let Some(rest) = rest.strip_prefix("#BASISBETRAG=") else {
        return false;
    };
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    amount(rest) == Some("#")
}

/// `[0-9]+`, returning the rest.
fn digits(s: &str) -> Option<&str> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0).then(|| &s[n..])
}

/// `[0-9]+\.[0-9]{2}`, returning the rest.
fn amount(s: &str) -> Option<&str> {
    let rest = digits(s)?.strip_prefix('.')?;
    let b = rest.as_bytes();
    (b.len() >= 2 && b[0].is_ascii_digit() && b[1].is_ascii_digit()).then(|| &rest[2..])
}

/// BR-DE-18 on the first payment-terms note(s): every line that starts with
/// `#` (after normalize-space) is a valid Skonto line, and the text after the
/// last `#…#` of the note starts with optional whitespace and a line break.
/// Returns the first bad line, or `Some("")` when the closing line break is missing.
pub(crate) fn skonto_problem(notes: &[Cow<'_, str>]) -> Option<String> {
    let mut any_hash_line = false;
    for note in notes {
        // tokenize(., '(\r?\n)'): the parser already turned CRLF into LF.
        for line in note.split('\n') {
            let line = xpath::normalize_space(line);
            if !line.starts_with('#') {
                continue;
            }
            any_hash_line = true;
            if !skonto_line_ok(&line) {
                return Some(line.into_owned());
            }
        }
    }
    if !any_hash_line {
        return None;
    }
    // matches(Note[1]/tokenize(., '#.+#')[last()], '^\s*\n'): with more than
    // one note the official test is a type error; we then judge the last one.
    let tail_ok = notes
        .last()
        .is_some_and(|n| after_last_hash_pair(n).is_some_and(starts_with_blank_line));
    if tail_ok {
        None
    } else {
        Some(String::new())
    }
}

/// The last token of `tokenize(s, '#.+#')`: `.` does not match a line break,
/// and `.+` is greedy, so on each line the match runs from its first `#` to its
/// last `#` (which needs at least one character between). `None` when the
/// tokenization is empty (empty input).
fn after_last_hash_pair(s: &str) -> Option<&str> {
    if s.is_empty() {
        return None;
    }
    let mut tail = s;
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        if let (Some(a), Some(b)) = (body.find('#'), body.rfind('#')) {
            if b > a + 1 {
                tail = &s[pos + b + 1..];
            }
        }
        pos += line.len();
    }
    Some(tail)
}

/// `matches(s, '^\s*\n')`: the text has a line break with only whitespace before it.
fn starts_with_blank_line(s: &str) -> bool {
    s.chars()
        .take_while(|c| xpath::is_xml_space(*c))
        .any(|c| c == '\n')
}

/// XPath `u:slack(exp, val, slack)`: `exp + slack >= val and exp - slack <= val`.
pub(crate) fn slack_ok(exp: Decimal, val: Decimal, slack: Decimal) -> bool {
    if let Some(ok) = slack_ok_scaled(exp, val, slack) {
        return ok;
    }
    // Saturating: a sum beyond Decimal's range is beyond every value it can hold.
    exp.saturating_add(slack) >= val && exp.saturating_sub(slack) <= val
}

/// 10^0 … 10^18.
const POW10: [i64; 19] = {
    let mut t = [1i64; 19];
    let mut i = 1;
    while i < 19 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// [`slack_ok`] on the integers the three values are at their largest scale,
/// when those stay below 10^18 (every amount an invoice writes): the sums
/// are then exact both here (`i64`) and in `Decimal` (28 digits), so the
/// answer is the same, without `Decimal`'s scaling of each operand. `None`
/// otherwise.
fn slack_ok_scaled(exp: Decimal, val: Decimal, slack: Decimal) -> Option<bool> {
    const LIMIT: i64 = POW10[18];
    let scale = exp.scale().max(val.scale()).max(slack.scale());
    let at = |d: Decimal| -> Option<i64> {
        let m = i64::try_from(d.mantissa()).ok()?;
        let m = if d.scale() == scale {
            m
        } else {
            m.checked_mul(*POW10.get((scale - d.scale()) as usize)?)?
        };
        (m.unsigned_abs() < LIMIT.unsigned_abs()).then_some(m)
    };
    let (e, v, s) = (at(exp)?, at(val)?, at(slack)?);
    Some(e + s >= v && e - s <= v)
}

/// An XPath untypedAtomic compared with a number: the value as xs:double;
/// we use xs:decimal, which agrees for every amount an invoice writes.
pub(crate) fn num(n: Node<'_>) -> Option<Decimal> {
    xpath::decimal(&string_value(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_agrees_with_decimal_arithmetic() {
        use std::str::FromStr;
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let values = [
            "0",
            "0.00",
            "1",
            "-1",
            "22238.11",
            "22238.13",
            "22238.09",
            "22238.14",
            "0.02",
            "0.5",
            "0.021",
            "-0.02",
            "12345678901234567890.12",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "1.005",
            "1.0049",
        ];
        for a in values {
            for b in values {
                for s in [
                    "0.02",
                    "0.5",
                    "0",
                    "-0.02",
                    "0.0000000000000000000000000001",
                ] {
                    let (a, b, s) = (d(a), d(b), d(s));
                    let plain = match (a.checked_add(s), a.checked_sub(s)) {
                        (Some(hi), Some(lo)) => hi >= b && lo <= b,
                        _ => continue,
                    };
                    assert_eq!(slack_ok(a, b, s), plain, "{a} {b} {s}");
                    if let Some(fast) = slack_ok_scaled(a, b, s) {
                        assert_eq!(fast, plain, "{a} {b} {s}");
                    }
                }
            }
        }
        // Within and outside the slack, on the fast path.
        assert_eq!(
            slack_ok_scaled(d("10.00"), d("10.02"), d("0.02")),
            Some(true)
        );
        assert_eq!(
            slack_ok_scaled(d("10.00"), d("10.021"), d("0.02")),
            Some(false)
        );
        // Beyond the range: saturating, no panic.
        assert!(slack_ok(
            d("79228162514264337593543950335"),
            d("79228162514264337593543950335"),
            d("0.5")
        ));
    }

    #[test]
    fn iban_mod97() {
        assert!(iban_ok("DE02120300000000202051"));
        assert!(iban_ok("DE02 1203 0000 0000 2020 51"));
        assert!(!iban_ok("DE03120300000000202051"));
        assert!(!iban_ok("de02120300000000202051"));
        assert!(!iban_ok("DE0212030000000020205!"));
        assert!(!iban_ok(""));
        assert!(iban_ok("GB29NWBK60161331926819"));
    }

    #[test]
    fn regexes() {
        assert!(telephone_ok("+49 30 1"));
        assert!(!telephone_ok("+49"));
        assert!(email_ok("a@b.de"));
        assert!(email_ok("a.b@c.d.de"));
        assert!(!email_ok("a@b"));
        assert!(!email_ok("a@@b.de"));
        assert!(!email_ok("a@b..de"));
        assert!(!email_ok("@b.de"));
        assert!(!email_ok("a b@c.de"));
        assert!(url_ok("https://x"));
        assert!(url_ok("ab:"));
        assert!(!url_ok("a:b"));
        assert!(!url_ok(" http://x"));
        assert!(!url_ok("1http://x"));
        assert!(!url_ok("www.example.com"));
    }

    #[test]
    fn skonto() {
        assert!(skonto_line_ok("#SKONTO#TAGE=14#PROZENT=2.00#"));
        assert!(skonto_line_ok(
            "#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=-12.50#"
        ));
        assert!(!skonto_line_ok("#SKONTO#TAGE=14#PROZENT=2.0#"));
        assert!(!skonto_line_ok("#SKONTO#TAGE=14#PROZENT=2.00"));
        assert!(!skonto_line_ok("#SKONTO#TAGE=#PROZENT=2.00#"));
        let ok = [Cow::Borrowed("#SKONTO#TAGE=14#PROZENT=2.00#\n")];
        assert_eq!(skonto_problem(&ok), None);
        let no_break = [Cow::Borrowed("#SKONTO#TAGE=14#PROZENT=2.00#")];
        assert_eq!(skonto_problem(&no_break), Some(String::new()));
        let plain = [Cow::Borrowed("Zahlbar in 30 Tagen")];
        assert_eq!(skonto_problem(&plain), None);
        let bad = [Cow::Borrowed("#SKONTO#TAGE=14#PROZENT=2#\n")];
        assert!(skonto_problem(&bad).is_some());
    }

    #[test]
    fn code_lists() {
        assert!(iso6523_ext("0088"));
        assert!(!iso6523_ext("0092"));
        assert!(!iso6523_ext("0249"));
        assert!(iso6523_ext("XR01"));
        assert!(iso6523_ext(" "));
        assert!(!iso6523_ext("XR04"));
        assert!(eas_ext("0204"));
        assert!(eas_ext("EM"));
        assert!(!eas_ext("0003"));
    }
}
