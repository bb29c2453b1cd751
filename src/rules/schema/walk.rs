//! The one iterative walk that matches every element's children against its
//! type's content model, checks attributes and the text of simple-content
//! elements. Explicit stack (no recursion); one frame of 40 bytes per open
//! element with element content ([`Frame`]: node, type, position, count):
//! where in the content model the next child must fit.
//!
//! The common case is fast ([`step_fast`]): a child's particle is found
//! through its type's name index (a perfect hash of element symbols, built
//! with the tables: the DOM gives every element its symbol, so no name is
//! read or hashed here; a namespace is the document's number for it,
//! compared with the numbers of the table's namespaces looked up once per
//! document) and accepted in constant time when the sequence may reach it
//! from the current position (each particle carries how far a sequence may
//! jump from it, [`Particle::reach`]); anything else (a type with a name
//! twice, a child out of place, too many, unknown) takes the scanning path
//! that also words the finding, so the findings are those of the scan alone.

use crate::xml::{Document, Node, NodeType};

use super::lex;
use super::table::{slot, Attr, Builtin, Content, Particle, Step, Structure, TypeDef};
use super::Kind;
use crate::rules::list::Str;
use crate::rules::Finding;

/// The XML Schema instance namespace: its attributes (`xsi:schemaLocation`, ...) are always allowed.
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// An open element whose children are being matched: where in its type's
/// content model the next child must fit. 40 bytes, copied as a whole when
/// a child opens and when it closes: the particles and the name index are
/// found from the type in the table's pools, and the next child to look at
/// is the closed child's next sibling, so neither is kept here.
#[derive(Clone, Copy)]
struct Frame<'a, 'i, 's> {
    node: Node<'a, 'i>,
    t: &'s TypeDef,
    /// Current particle (relative to the type's) and how often it has matched.
    pos: u32,
    seen: u32,
    /// A content-model finding was made here: like xmllint, report one per
    /// element, but keep typing the children that can be placed.
    broken: bool,
}

impl<'a, 'i, 's> Frame<'a, 'i, 's> {
    /// The frame of element `node` of type `t`, at the start of its content.
    #[inline]
    fn new(node: Node<'a, 'i>, t: &'s TypeDef) -> Frame<'a, 'i, 's> {
        Frame {
            node,
            t,
            pos: 0,
            seen: 0,
            broken: false,
        }
    }
}

/// An element name as the walk compares it: the document's number for its
/// namespace ([`Node::name_numbers`]) and the symbol of its local name
/// (0 for a name no schema declares, which no particle has).
#[derive(Clone, Copy)]
struct Key {
    ns: u16,
    sym: u16,
}

impl Key {
    /// The key of an element (`None` for other nodes).
    #[inline]
    fn of(n: Node<'_, '_>) -> Option<Key> {
        n.name_numbers().map(|(ns, sym)| Key { ns, sym })
    }
}

/// No namespace number a document gives (they are `u16`): the number of a
/// table namespace the document does not use, so no element matches it.
const ABSENT: u32 = u32::MAX;

/// The compiled table's arrays, read once per walk as plain slices, and the
/// document's numbers for the table's namespaces.
struct View<'s> {
    s: &'s Structure,
    /// For each namespace of the table (by index), the document's number for
    /// it ([`crate::xml::Document::namespace_number`]), `u16::MAX` for no
    /// namespace, [`ABSENT`] when the document does not use it: comparing an
    /// element's namespace is then comparing two integers.
    ns: [u32; 16],
    types: &'s [TypeDef],
    particles: &'s [Particle],
    attrs: &'s [Attr],
    index: &'s [u16],
}

impl<'s> View<'s> {
    fn new(s: &'s Structure, doc: &Document<'_>) -> View<'s> {
        let mut ns = [ABSENT; 16];
        for (i, slot) in ns.iter_mut().enumerate().take(s.ns.len()) {
            let uri = s.ns_uri(i as u8);
            *slot = if uri.is_empty() {
                u32::from(u16::MAX)
            } else {
                doc.namespace_number(uri).map_or(ABSENT, u32::from)
            };
        }
        View {
            s,
            ns,
            types: &s.types,
            particles: &s.particles,
            attrs: &s.attrs,
            index: &s.index,
        }
    }

    /// Whether particle `p` names the element `key`.
    #[inline]
    fn fits(&self, p: &Particle, key: Key) -> bool {
        p.sym == key.sym && self.ns[usize::from(p.ns & 15)] == u32::from(key.ns)
    }

    #[inline]
    fn type_of(&self, ty: u32) -> &'s TypeDef {
        // Type indices come from the compiled table and are always in range.
        static EMPTY: TypeDef = TypeDef {
            name: Str::at(0, 0),
            content: Content::Simple(super::table::Builtin::Text),
            particles: (0, 0),
            attrs: (0, 0),
            required: 0,
            index: (0, 0),
            mul: 0,
            step: Step::Scan,
            mask: 0,
        };
        self.types.get(ty as usize).unwrap_or(&EMPTY)
    }

    #[inline]
    fn particles_of(&self, t: &TypeDef) -> &'s [Particle] {
        span(self.particles, t.particles)
    }

    #[inline]
    fn attrs_of(&self, t: &TypeDef) -> &'s [Attr] {
        span(self.attrs, t.attrs)
    }
}

/// The part `(start, end)` of a table pool (empty if out of range).
#[inline]
fn span<T>(pool: &[T], (start, end): (u32, u32)) -> &[T] {
    pool.get(start as usize..end as usize).unwrap_or(&[])
}

/// The particle of `t` that `key` names, as (position relative to the
/// type's particles, particle), through the type's name index (only for
/// [`TypeDef::unique`] types): the index is a perfect hash, so the one slot
/// of the symbol holds its particle or none does. Reads the table's pools
/// directly (a type with no particles has no slot).
#[inline(always)]
fn find<'s>(v: &View<'s>, t: &TypeDef, key: Key) -> Option<(u32, &'s Particle)> {
    // Only for [`Step::IndexedSeq`] / [`Step::IndexedChoice`]: the index has
    // `mask + 1` slots.
    let at = t.index.0 as usize + slot(key.sym, t.mul, t.mask as usize);
    let e = u32::from(*v.index.get(at)?).checked_sub(1)?;
    let p = v.particles.get((t.particles.0 + e) as usize)?;
    v.fits(p, key).then_some((e, p))
}

/// The common step, without any finding: the child's particle, found
/// through the index, is the current one (not yet full) or one the sequence
/// may jump to (the current one satisfied, all in between optional), or the
/// first child of a choice — exactly where the scanning steps would stop
/// when names are unique. `None` leaves everything to [`step`].
#[inline(always)]
fn step_fast(v: &View<'_>, f: &mut Frame<'_, '_, '_>, key: Key) -> Option<u32> {
    let t = f.t;
    match t.step {
        Step::IndexedSeq => {
            let (j, p) = find(v, t, key)?;
            if j == f.pos {
                if f.seen < p.max {
                    f.seen += 1;
                    return Some(p.ty);
                }
                return None;
            }
            if j > f.pos && p.max > 0 {
                let cur = v.particles.get((t.particles.0 + f.pos) as usize)?;
                if f.seen >= cur.min && j <= cur.reach {
                    f.pos = j;
                    f.seen = 1;
                    return Some(p.ty);
                }
            }
            None
        }
        Step::IndexedChoice if f.seen == 0 => {
            let (j, p) = find(v, t, key)?;
            f.pos = j;
            f.seen = 1;
            Some(p.ty)
        }
        _ => None,
    }
}

/// Whether character data is only XML white space (the indentation between
/// elements, most text nodes of a document): a line end and spaces are
/// compared eight (or four) bytes at a time, anything else byte by byte.
fn is_blank(t: &str) -> bool {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    let b = t.as_bytes();
    let rest = b.strip_prefix(b"\n").unwrap_or(b);
    let n = rest.len();
    let w8 = |c: Option<&[u8; 8]>| c.map(|c| u64::from_ne_bytes(*c));
    let w4 = |c: Option<&[u8; 4]>| c.map(|c| u32::from_ne_bytes(*c));
    let spaces = match n {
        // The last word overlaps the one before it.
        8..=16 => w8(rest.first_chunk()) == Some(SPACES) && w8(rest.last_chunk()) == Some(SPACES),
        4..=7 => {
            w4(rest.first_chunk()) == Some(SPACES as u32)
                && w4(rest.last_chunk()) == Some(SPACES as u32)
        }
        17.. => {
            let mut words = rest.chunks_exact(8);
            words.all(|c| <[u8; 8]>::try_from(c).is_ok_and(|c| u64::from_ne_bytes(c) == SPACES))
                && w8(rest.last_chunk()) == Some(SPACES)
        }
        _ => rest.iter().all(|&c| c == b' '),
    };
    spaces || b.iter().all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
}

fn expected(ps: &[Particle], from: usize) -> String {
    let mut s = String::new();
    for p in ps.get(from..).unwrap_or(&[]).iter() {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&p.qname);
        if p.min > 0 {
            break;
        }
    }
    if s.is_empty() {
        s.push_str("no further element");
    }
    s
}

/// Checks `doc` against `s`, appending findings to `out`.
pub(crate) fn check(s: &Structure, doc: &Document<'_>, out: &mut Vec<Finding>) {
    let root = doc.root_element();
    let Some(&(_, _, ty)) = s.roots.iter().find(|(ns, local, _)| {
        *local == root.tag_name().name()
            && s.ns_uri(*ns) == root.tag_name().namespace().unwrap_or("")
    }) else {
        super::report(
            out,
            Kind::Unknown,
            root,
            "the root element is not an invoice or credit note of this syntax".into(),
        );
        return;
    };
    let v = View::new(s, doc);
    let t = v.type_of(ty);
    if !open(&v, root, t, out) {
        return;
    }
    // The open element's frame and the next child to look at are locals;
    // the stack holds the ancestors' frames.
    let mut cur = Frame::new(root, t);
    let mut next = root.first_child();
    let mut stack: Vec<Frame<'_, '_, '_>> = Vec::with_capacity(16);
    loop {
        let Some(child) = next else {
            close(&v, &cur, out);
            let Some(f) = stack.pop() else {
                return;
            };
            // Back in the parent: go on after the element just closed.
            next = cur.node.next_sibling();
            cur = f;
            continue;
        };
        next = child.next_sibling();
        let Some(key) = Key::of(child) else {
            // Character data between the children (white space that only
            // separates elements is not kept by the DOM).
            if let Some(t) = child.text().filter(|_| child.is_text()) {
                if !is_blank(t) {
                    text_in_element(&cur, t, out);
                }
            }
            continue;
        };
        let ty = match step_fast(&v, &mut cur, key) {
            Some(ty) => ty,
            None => match step(&v, &mut cur, child, key, out) {
                Some(ty) => ty,
                None => continue,
            },
        };
        let t = v.type_of(ty);
        if open(&v, child, t, out) {
            stack.push(cur);
            cur = Frame::new(child, t);
            next = child.first_child();
        }
    }
}

#[cold]
#[inline(never)]
fn text_in_element(f: &Frame<'_, '_, '_>, t: &str, out: &mut Vec<Finding>) {
    let name = f.t.name;
    super::report(
        out,
        Kind::Type,
        f.node,
        format!("text `{}` is not allowed directly in an element of type {name}, which contains only elements", clip(t.trim())),
    );
}

fn clip(t: &str) -> String {
    t.chars().take(40).collect()
}

/// Fits `child` into the content model of `top` where [`step_fast`] did
/// not; returns the child's type (`None` when the child cannot be placed:
/// its subtree is then not looked into).
#[cold]
#[inline(never)]
fn step<'a, 'i>(
    v: &View<'_>,
    top: &mut Frame<'a, 'i, '_>,
    child: Node<'a, 'i>,
    key: Key,
    out: &mut Vec<Finding>,
) -> Option<u32> {
    let ps = v.particles_of(top.t);
    match top.t.content {
        Content::Any { not_ns } => step_any(v.s, top, child, not_ns, out),
        Content::Choice => step_choice(v, top, ps, child, key, out),
        _ => step_seq(v, top, ps, child, key, out),
    }
}

/// Sequence: advance from the current particle over optional ones.
#[cold]
#[inline(never)]
fn step_seq<'a, 'i>(
    v: &View<'_>,
    top: &mut Frame<'a, 'i, '_>,
    ps: &[Particle],
    child: Node<'a, 'i>,
    key: Key,
    out: &mut Vec<Finding>,
) -> Option<u32> {
    let (mut pos, mut seen) = (top.pos as usize, top.seen);
    while let Some(p) = ps.get(pos) {
        if v.fits(p, key) {
            if seen < p.max {
                top.pos = pos as u32;
                top.seen = seen + 1;
                return Some(p.ty);
            }
            let m = format!(
                "element {} occurs more often than allowed in {} (at most {})",
                qname(child),
                qname(top.node),
                p.max
            );
            fault(top, out, Kind::TooMany, child, m);
            return Some(p.ty);
        }
        if seen < p.min {
            // A mandatory particle cannot be skipped.
            break;
        }
        pos += 1;
        seen = 0;
    }
    // The child does not fit here: not allowed at all, too early, or after a gap.
    let Some(j) = ps.iter().position(|q| v.fits(q, key)) else {
        let m = format!(
            "element {} is not allowed in {}; expected: {}",
            qname(child),
            qname(top.node),
            expected(ps, top.pos as usize)
        );
        fault(top, out, Kind::Unknown, child, m);
        return None;
    };
    let blocked = ps.get(pos).filter(|_| j > pos);
    let (kind, m) = match blocked {
        // The mandatory particle follows later among the siblings: the order is wrong.
        Some(p)
            if child
                .next_siblings()
                .any(|n| Key::of(n).is_some_and(|k| v.fits(p, k))) =>
        {
            let m = format!(
                "element {} must come after {} in {}",
                qname(child),
                p.qname,
                qname(top.node)
            );
            (Kind::Order, m)
        }
        Some(p) => {
            let m = format!(
                "element {} is missing in {} before {}",
                p.qname,
                qname(top.node),
                qname(child)
            );
            (Kind::Missing, m)
        }
        None => {
            let last = ps.get(top.pos as usize).map_or("", |p| p.qname.as_str());
            let m = format!(
                "element {} is out of order in {}: it belongs before {last}",
                qname(child),
                qname(top.node),
            );
            (Kind::Order, m)
        }
    };
    fault(top, out, kind, child, m);
    // Resynchronise on the particle found, so its subtree is still checked.
    top.pos = j as u32;
    top.seen = 1;
    ps.get(j).map(|q| q.ty)
}

/// Choice: exactly one of the particles.
#[cold]
#[inline(never)]
fn step_choice<'a, 'i>(
    v: &View<'_>,
    top: &mut Frame<'a, 'i, '_>,
    ps: &[Particle],
    child: Node<'a, 'i>,
    key: Key,
    out: &mut Vec<Finding>,
) -> Option<u32> {
    let Some(i) = ps.iter().position(|p| v.fits(p, key)) else {
        let m = format!(
            "element {} is not allowed in {}; expected one of: {}",
            qname(child),
            qname(top.node),
            alternatives(ps)
        );
        fault(top, out, Kind::Unknown, child, m);
        return None;
    };
    if top.seen > 0 {
        let kind = if i == top.pos as usize {
            Kind::TooMany
        } else {
            Kind::Order
        };
        let m = format!(
            "element {} is not allowed here: {} takes exactly one of {}",
            qname(child),
            qname(top.node),
            alternatives(ps)
        );
        fault(top, out, kind, child, m);
    } else {
        top.pos = i as u32;
        top.seen = 1;
    }
    ps.get(i).map(|p| p.ty)
}

/// Extension content: one element of another namespace, checked if the table declares it.
#[cold]
#[inline(never)]
fn step_any<'a, 'i>(
    s: &Structure,
    top: &mut Frame<'a, 'i, '_>,
    child: Node<'a, 'i>,
    not_ns: u8,
    out: &mut Vec<Finding>,
) -> Option<u32> {
    if top.seen > 0 {
        let m = format!(
            "{} holds exactly one element; {} is one too many",
            qname(top.node),
            qname(child)
        );
        fault(top, out, Kind::TooMany, child, m);
        return None;
    }
    top.seen = 1;
    let ns = child.tag_name().namespace().unwrap_or("");
    if ns.is_empty() || ns == s.ns_uri(not_ns) {
        let m = format!(
            "element {} is not allowed in {}: the extension element must be in a namespace of its own",
            qname(child),
            qname(top.node)
        );
        fault(top, out, Kind::Unknown, child, m);
        return None;
    }
    s.declared(ns, child.tag_name().name())
}

/// Reports a content-model fault of `top`'s element, the first one only
/// (as xmllint does: the rest of that content model is not judged).
fn fault(
    top: &mut Frame<'_, '_, '_>,
    out: &mut Vec<Finding>,
    kind: Kind,
    n: Node<'_, '_>,
    message: String,
) {
    if !top.broken {
        super::report(out, kind, n, message);
        top.broken = true;
    }
}

fn alternatives(ps: &[Particle]) -> String {
    ps.iter()
        .map(|p| p.qname.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn qname(n: Node<'_, '_>) -> String {
    let t = n.tag_name();
    match t.namespace().and_then(|u| n.lookup_prefix(u)) {
        Some(p) if !p.is_empty() => format!("{p}:{}", t.name()),
        _ => t.name().to_string(),
    }
}

/// At the end of an element: every remaining mandatory particle is missing.
#[inline]
fn close(v: &View<'_>, f: &Frame<'_, '_, '_>, out: &mut Vec<Finding>) {
    if f.broken {
        return;
    }
    let t = f.t;
    if matches!(t.content, Content::Any { .. } | Content::Choice) {
        if f.seen == 0 {
            empty(v, f, out);
        }
        return;
    }
    // The current particle if not satisfied, else the next mandatory one
    // (none when that is the count: the rest is optional).
    let (p0, p1) = t.particles;
    let Some(p) = v
        .particles
        .get((p0 + f.pos) as usize)
        .filter(|_| f.pos < p1 - p0)
    else {
        return;
    };
    let missing = if f.seen < p.min { f.pos } else { p.reach };
    if missing < p1 - p0 {
        if let Some(p) = v.particles.get((p0 + missing) as usize) {
            missing_at_end(f, p, out);
        }
    }
}

/// An extension element or a choice that ended without its one child.
#[cold]
#[inline(never)]
fn empty(v: &View<'_>, f: &Frame<'_, '_, '_>, out: &mut Vec<Finding>) {
    let message = if f.t.content == Content::Choice {
        format!(
            "{} must contain one of: {}",
            qname(f.node),
            alternatives(v.particles_of(f.t))
        )
    } else {
        format!("{} must contain one extension element", qname(f.node))
    };
    super::report(out, Kind::Missing, f.node, message);
}

#[cold]
#[inline(never)]
fn missing_at_end(f: &Frame<'_, '_, '_>, p: &Particle, out: &mut Vec<Finding>) {
    super::report(
        out,
        Kind::Missing,
        f.node,
        format!("element {} is missing in {}", p.qname, qname(f.node)),
    );
}

/// Checks attributes and, for simple content, the text; returns whether
/// the element's children must be matched (element content).
#[inline(always)]
fn open(v: &View<'_>, n: Node<'_, '_>, t: &TypeDef, out: &mut Vec<Finding>) -> bool {
    // Most elements have no attribute and most types require none; most
    // others carry one attribute, the type's first (currencyID, unitCode).
    if (t.required > 0 || n.has_attributes()) && !one_plain_attribute(v, t, n) {
        attributes(v, t, n, out);
    }
    match t.content {
        Content::Simple(b) => {
            simple(n, b, out);
            false
        }
        _ => true,
    }
}

/// Whether `n` carries exactly one attribute, the first one type `t`
/// declares, of a type that takes every value (a string or token without
/// facets or fixed value), and `t` requires no other: then [`attributes`]
/// has nothing to report.
#[inline(always)]
fn one_plain_attribute(v: &View<'_>, t: &TypeDef, n: Node<'_, '_>) -> bool {
    let mut it = n.attributes();
    let (Some(a), None) = (it.next(), it.next()) else {
        return false;
    };
    let Some(d) = v
        .attrs
        .get(t.attrs.0 as usize)
        .filter(|_| t.attrs.1 > t.attrs.0)
    else {
        return false;
    };
    a.namespace().is_none()
        && u32::from(d.required) >= t.required
        && matches!(d.ty, Builtin::Text | Builtin::Token)
        && d.min_len == 0
        && d.max_len == u32::MAX
        && d.fixed.is_none()
        && same_name(d.local.as_bytes(), a.name().as_bytes())
}

/// Checks the attributes of `n`, of type `t`.
#[inline(never)]
fn attributes(v: &View<'_>, t: &TypeDef, n: Node<'_, '_>, out: &mut Vec<Finding>) {
    let attrs = v.attrs_of(t);
    // Required attributes present (an element has each attribute once).
    let mut present = 0;
    for a in n.attributes() {
        let decl = match a.namespace() {
            None => {
                let name = a.name().as_bytes();
                attrs.iter().find(|d| same_name(d.local.as_bytes(), name))
            }
            Some(XSI) => continue,
            Some(_) => None,
        };
        let Some(d) = decl else {
            attr_not_allowed(n, a.name(), out);
            continue;
        };
        present += u32::from(d.required);
        let value = a.value();
        // Strings and tokens without length facets: every value is valid.
        let any = matches!(d.ty, Builtin::Text | Builtin::Token)
            && d.min_len == 0
            && d.max_len == u32::MAX;
        if !any && !lex::valid(d.ty, value, d.min_len, d.max_len) {
            attr_not_typed(n, a.name(), value, d, out);
        } else if let Some(fixed) = d.fixed {
            if value
                .split_ascii_whitespace()
                .ne(fixed.split_ascii_whitespace())
            {
                attr_not_fixed(n, a.name(), value, fixed, out);
            }
        }
    }
    if present < t.required {
        attrs_missing(attrs, n, out);
    }
}

/// Whether two attribute names are equal: names of eight to sixteen bytes
/// (`currencyID`, `unitCode`, `mimeCode`) as two overlapping words.
#[inline]
fn same_name(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match (
        a.first_chunk::<8>(),
        b.first_chunk::<8>(),
        a.last_chunk::<8>(),
        b.last_chunk::<8>(),
    ) {
        (Some(a0), Some(b0), Some(a1), Some(b1)) if a.len() <= 16 => a0 == b0 && a1 == b1,
        _ => a == b,
    }
}

#[cold]
#[inline(never)]
fn attr_not_allowed(n: Node<'_, '_>, name: &str, out: &mut Vec<Finding>) {
    super::report(
        out,
        Kind::Attr,
        n,
        format!("attribute {name} is not allowed on {}", qname(n)),
    );
}

#[cold]
#[inline(never)]
fn attr_not_typed(n: Node<'_, '_>, name: &str, value: &str, d: &Attr, out: &mut Vec<Finding>) {
    super::report(
        out,
        Kind::Attr,
        n,
        format!(
            "attribute {name}=\"{}\" on {} is not a valid {}",
            clip(value),
            qname(n),
            d.ty.name()
        ),
    );
}

#[cold]
#[inline(never)]
fn attr_not_fixed(n: Node<'_, '_>, name: &str, value: &str, fixed: Str, out: &mut Vec<Finding>) {
    super::report(
        out,
        Kind::Attr,
        n,
        format!(
            "attribute {name}=\"{}\" on {} must be \"{fixed}\" if given",
            clip(value),
            qname(n)
        ),
    );
}

#[cold]
#[inline(never)]
fn attrs_missing(attrs: &[Attr], n: Node<'_, '_>, out: &mut Vec<Finding>) {
    for d in attrs.iter().filter(|d| d.required) {
        if n.attribute(d.local.as_str()).is_none() {
            super::report(
                out,
                Kind::Attr,
                n,
                format!("{} lacks the required attribute {}", qname(n), d.local),
            );
        }
    }
}

/// Checks the text of a simple-content element `n` of built-in type `b`.
#[inline(always)]
fn simple(n: Node<'_, '_>, b: Builtin, out: &mut Vec<Finding>) {
    // Strings and tokens without length facets: every text is valid, only
    // an element child is wrong.
    let free = matches!(b, Builtin::Text | Builtin::Token);
    // Most often no child or one text child: the text as it is.
    let Some(c) = n.first_child() else {
        if !free {
            typed(n, b, "", out);
        }
        return;
    };
    if c.next_sibling().is_some() || c.is_element() {
        return simple_parts(n, b, out);
    }
    if !free {
        // A lone comment or processing instruction leaves the value empty.
        let v = if c.is_text() {
            c.text().unwrap_or("")
        } else {
            ""
        };
        typed(n, b, v, out);
    }
}

/// Judges the text `v` of `n` as a `b`.
#[inline(always)]
fn typed(n: Node<'_, '_>, b: Builtin, v: &str, out: &mut Vec<Finding>) {
    // Amounts, quantities and dates as invoices write them, without the call.
    let plain = match b {
        Builtin::Decimal => lex::plain_decimal(v.as_bytes()),
        Builtin::Date => lex::plain_date(v.as_bytes()),
        _ => false,
    };
    if !plain && !lex::valid(b, v, 0, u32::MAX) {
        not_typed(n, b, v, out);
    }
}

#[cold]
#[inline(never)]
fn not_typed(n: Node<'_, '_>, b: Builtin, v: &str, out: &mut Vec<Finding>) {
    {
        super::report(
            out,
            Kind::Type,
            n,
            format!(
                "{} = \"{}\" is not a valid {}",
                qname(n),
                clip(v.trim()),
                b.name()
            ),
        );
    }
}

/// A simple-content element with several children: an element child is
/// reported, else the text parts are joined and judged.
#[cold]
fn simple_parts(n: Node<'_, '_>, b: Builtin, out: &mut Vec<Finding>) {
    let mut text = String::new();
    let mut single: Option<&str> = None;
    let mut parts = 0;
    for c in n.children() {
        match c.node_type() {
            NodeType::Element => {
                super::report(
                    out,
                    Kind::Unknown,
                    c,
                    format!(
                        "element {} is not allowed in {}, which holds only text",
                        qname(c),
                        qname(n)
                    ),
                );
                return;
            }
            NodeType::Text => {
                let v = c.text().unwrap_or("");
                parts += 1;
                if parts == 1 {
                    single = Some(v);
                } else {
                    if let Some(first) = single.take() {
                        text.push_str(first);
                    }
                    text.push_str(v);
                }
            }
            _ => {}
        }
    }
    let v = if parts > 1 {
        text.as_str()
    } else {
        single.unwrap_or("")
    };
    typed(n, b, v, out);
}
