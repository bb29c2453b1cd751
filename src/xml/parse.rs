//! The tokenizer and tree builder behind [`Document`]: one forward pass over
//! the bytes, no recursion (open elements are an explicit stack), limits on
//! node count and depth checked as nodes are made.

use std::borrow::Cow;
use std::fmt;

use super::{AttrData, Decl, Document, Kind, NodeData, NONE, NO_NS, NS_XML};

const NS_XMLNS: &str = "http://www.w3.org/2000/xmlns/";

/// Limits for one parse.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Most nodes accepted (the document node included).
    pub max_nodes: u32,
    /// Deepest element nesting accepted.
    pub max_depth: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_nodes: 20_000_000,
            max_depth: 1024,
        }
    }
}

/// Why a text is not a document this parser accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A document type declaration (refused: no DTD processing at all).
    Dtd,
    /// More nodes than [`Options::max_nodes`].
    TooManyNodes(u32),
    /// Deeper than [`Options::max_depth`].
    TooDeep(u32),
    /// Not well-formed: what is wrong, and where (1-based line and column).
    Syntax {
        /// What is wrong.
        message: String,
        /// Line of the offending character.
        row: u32,
        /// Column of the offending character.
        col: u32,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Dtd => f.write_str("the document contains a DTD"),
            Error::TooManyNodes(n) => write!(f, "more than {n} nodes"),
            Error::TooDeep(n) => write!(f, "elements nested more than {n} levels deep"),
            Error::Syntax { message, row, col } => {
                write!(f, "{message} (line {row}, column {col})")
            }
        }
    }
}

impl std::error::Error for Error {}

/// Parses `text` into a [`Document`].
pub(super) fn parse<'i>(text: &'i str, opts: &Options) -> Result<Document<'i>, Error> {
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        pos: 0,
        opts: *opts,
        doc: Document {
            text,
            // About one node per 23 bytes of invoice markup (indentation included).
            nodes: Vec::with_capacity(text.len() / 20 + 16),
            attrs: Vec::with_capacity(text.len() / 256 + 4),
            namespaces: Vec::new(),
            decls: Vec::new(),
            sym_first: vec![NONE; super::symbols::COUNT + 1],
            empty: Vec::new(),
        },
        stack: Vec::with_capacity(32),
        raw: Vec::with_capacity(8),
        scope: NONE,
        last_element: NONE,
        prefixes: PrefixCache::default(),
        sym_last: vec![NONE; super::symbols::COUNT + 1],
    };
    p.doc.nodes.push(NodeData {
        kind: Kind::Root,
        parent: NONE,
        prev_sibling: NONE,
        next_sibling: NONE,
        first_child: NONE,
        last_child: NONE,
        same_sym_next: NONE,
        start: 0,
        end: u32::try_from(text.len())
            .map_err(|_| p.err_at(0, "the document is larger than 4 GiB"))?,
    });
    p.document()?;
    Ok(p.doc)
}

struct Open {
    node: u32,
    /// The qualified name as written in the start tag.
    qname: (u32, u32),
    scope_before: u32,
}

struct RawAttr<'i> {
    prefix: &'i str,
    local: &'i str,
    value: Cow<'i, str>,
    at: usize,
    end: usize,
}

struct Parser<'i> {
    text: &'i str,
    b: &'i [u8],
    pos: usize,
    opts: Options,
    doc: Document<'i>,
    stack: Vec<Open>,
    raw: Vec<RawAttr<'i>>,
    /// The innermost namespace declaration in scope.
    scope: u32,
    /// The element started last: at an end tag, the element itself unless
    /// it has an element child (then it is not empty).
    last_element: u32,
    /// Prefixes resolved lately, for [`Parser::resolve`].
    prefixes: PrefixCache,
    /// The last element of each symbol so far (the end of its chain in
    /// `doc.by_sym`).
    sym_last: Vec<u32>,
}

/// The namespaces of the last few prefixes resolved, valid for one scope
/// (declaration chain): invoices declare their prefixes once on the root,
/// so nearly every element finds its prefix here instead of walking the
/// declarations and comparing strings.
#[derive(Default)]
struct PrefixCache {
    /// The scope the entries were resolved in.
    scope: u32,
    /// (prefix bytes as a word, prefix length + 1 (0: a free entry), namespace).
    entries: [(u64, u8, u16); 4],
    /// The entry replaced next.
    next: u8,
}

impl PrefixCache {
    /// The prefix of `len` bytes at `at` in `b` as a word and its length,
    /// for prefixes of up to eight bytes (read as one word where eight bytes
    /// remain, the bytes after the prefix masked off).
    fn key(b: &[u8], at: usize, len: usize) -> Option<(u64, u8)> {
        if len > 8 {
            return None;
        }
        let w = match b.get(at..).and_then(|r| r.first_chunk::<8>()) {
            Some(chunk) if len == 8 => u64::from_le_bytes(*chunk),
            Some(chunk) => u64::from_le_bytes(*chunk) & ((1u64 << (8 * len)) - 1),
            None => super::hash::words(b.get(at..at + len)?).0,
        };
        Some((w, len as u8 + 1))
    }

    fn get(&self, scope: u32, key: (u64, u8)) -> Option<u16> {
        if scope != self.scope {
            return None;
        }
        self.entries
            .iter()
            .find(|e| e.1 == key.1 && e.0 == key.0)
            .map(|e| e.2)
    }

    fn put(&mut self, scope: u32, key: (u64, u8), ns: u16) {
        if scope != self.scope {
            *self = PrefixCache {
                scope,
                ..PrefixCache::default()
            };
        }
        let k = usize::from(self.next) % self.entries.len();
        self.entries[k] = (key.0, key.1, ns);
        self.next = self.next.wrapping_add(1);
    }
}

/// ASCII bytes that may start a name (no colon: namespaces forbid it there).
const fn name_start_table() -> [bool; 128] {
    let mut t = [false; 128];
    let mut c = 0;
    while c < 128 {
        t[c] = (c >= b'a' as usize && c <= b'z' as usize)
            || (c >= b'A' as usize && c <= b'Z' as usize)
            || c == b'_' as usize;
        c += 1;
    }
    t
}

/// ASCII bytes that may continue a name (the colon is classed apart, see [`CLASS`]).
const fn name_table() -> [bool; 128] {
    let mut t = name_start_table();
    let mut c = b'0' as usize;
    while c <= b'9' as usize {
        t[c] = true;
        c += 1;
    }
    t[b'-' as usize] = true;
    t[b'.' as usize] = true;
    t
}

static NAME_START: [bool; 128] = name_start_table();

const STOP: u8 = 0;
const NAME_BYTE: u8 = 1;
const COLON: u8 = 2;
const NON_ASCII: u8 = 3;

/// Byte classes for scanning a name: one table lookup per byte.
const fn class_table() -> [u8; 256] {
    let names = name_table();
    let mut t = [STOP; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = if c >= 0x80 {
            NON_ASCII
        } else if c == b':' as usize {
            COLON
        } else if names[c] {
            NAME_BYTE
        } else {
            STOP
        };
        c += 1;
    }
    t
}

static CLASS: [u8; 256] = class_table();

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `x` below `n` (`n` at most 0x80). Only the
/// lowest flagged byte is exact: a borrow can flag a later (higher) byte too,
/// never an earlier one; bytes of 0x80 and above are never flagged.
#[inline]
fn bytes_below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH
}

/// Where the name that starts at `i` can end at the latest: the first white
/// space or control byte, `>`, `/` or `=` (or the end of `b`), found eight
/// bytes at a time. Every byte before it is a candidate name byte; whether
/// it really is one is decided by the caller ([`Parser::element_name`]).
fn name_end(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..).and_then(|r| r.first_chunk::<8>()) {
        let w = u64::from_le_bytes(*chunk);
        let stop = bytes_below(w, 0x21)
            | bytes_below(w ^ (ONES * u64::from(b'>')), 1)
            | bytes_below(w ^ (ONES * u64::from(b'/')), 1)
            | bytes_below(w ^ (ONES * u64::from(b'=')), 1);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c < 0x21 || c == b'>' || c == b'/' || c == b'=' {
            break;
        }
        i += 1;
    }
    i
}

/// `a == b` for slices of the same length, eight bytes at a time (an end
/// tag's name against its start tag's: short, so a call to `memcmp` would
/// cost more than the comparison).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let mut i = 0;
    while i + 8 < a.len() {
        if a.get(i..).and_then(|r| r.first_chunk::<8>())
            != b.get(i..).and_then(|r| r.first_chunk::<8>())
        {
            return false;
        }
        i += 8;
    }
    a.last_chunk::<8>() == b.last_chunk::<8>()
}

/// An ASCII name without a colon (a namespace prefix as invoices write them).
fn is_ascii_ncname(s: &str) -> bool {
    match s.as_bytes().split_first() {
        Some((&first, rest)) => {
            first < 0x80
                && NAME_START[first as usize]
                && rest.iter().all(|&c| CLASS[c as usize] == NAME_BYTE)
        }
        None => false,
    }
}

/// XML 1.0 (fifth edition) NameStartChar beyond ASCII.
fn is_name_start_char(c: char) -> bool {
    matches!(c as u32,
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2FF | 0x370..=0x37D | 0x37F..=0x1FFF
        | 0x200C..=0x200D | 0x2070..=0x218F | 0x2C00..=0x2FEF | 0x3001..=0xD7FF
        | 0xF900..=0xFDCF | 0xFDF0..=0xFFFD | 0x10000..=0xEFFFF)
}

/// XML 1.0 (fifth edition) NameChar beyond ASCII.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c) || matches!(c as u32, 0xB7 | 0x300..=0x36F | 0x203F..=0x2040)
}

/// XML 1.0 Char (for character references; literal text is checked bytewise).
fn is_xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Only XML whitespace (or nothing): what `normalize-space()` turns into `""`.
fn is_blank(t: &str) -> bool {
    t.bytes().all(is_ws)
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// Does character data need the careful pass (references, line ends,
/// characters XML forbids, `]]>`; in attribute values also whitespace to
/// normalise and `<`)? Most text does not, and is borrowed as it is.
fn needs_care(b: &[u8], attr: bool) -> bool {
    if attr {
        b.iter()
            .any(|&c| c < 0x20 || c == b'&' || c == b'<' || c == 0xEF)
    } else {
        b.iter().any(|&c| TEXT_CARE[c as usize])
    }
}

/// Bytes that send text to the careful pass: control characters other than
/// tab and line feed, `&`, `]` (for `]]>`) and the lead byte of U+FFFE/U+FFFF.
const fn text_care_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = c != b'\n' as usize && c != b'\t' as usize;
        c += 1;
    }
    t[b'&' as usize] = true;
    t[b']' as usize] = true;
    t[0xEF] = true;
    t
}

static TEXT_CARE: [bool; 256] = text_care_table();

/// The end of the character data at `start` (the next `<`, or the end of the
/// input) and whether it needs the careful pass. Short runs (indentation,
/// most values) are scanned in one byte loop; the rest of a long one (an
/// embedded attachment) with `memchr`.
fn text_run(b: &[u8], start: usize) -> Run {
    // Indentation, the most frequent run: a line feed, spaces or tabs (eight
    // spaces compared at once), then markup.
    if b.get(start) == Some(&b'\n') {
        let mut k = start + 1;
        // Spaces eight at a time: the first byte that is not one ends the run.
        while let Some(chunk) = b.get(k..).and_then(|r| r.first_chunk::<8>()) {
            let other = u64::from_le_bytes(*chunk) ^ (ONES * u64::from(b' '));
            if other != 0 {
                k += (other.trailing_zeros() / 8) as usize;
                break;
            }
            k += 8;
        }
        while matches!(b.get(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        if b.get(k) == Some(&b'<') {
            return Run {
                end: k,
                care: false,
                blank: true,
            };
        }
    }
    let short = &b[start..b.len().min(start + 64)];
    let mut care = false;
    let mut blank = true;
    for (k, &c) in short.iter().enumerate() {
        if c == b'<' {
            return Run {
                end: start + k,
                care,
                blank,
            };
        }
        care |= TEXT_CARE[c as usize];
        blank &= is_ws(c);
    }
    let from = start + short.len();
    let end = memchr::memchr(b'<', &b[from..]).map_or(b.len(), |i| from + i);
    let rest = &b[from..end];
    Run {
        end,
        care: care || needs_care(rest, false),
        blank: blank && rest.iter().all(|&c| is_ws(c)),
    }
}

/// A run of character data: where it ends, whether it needs the careful
/// pass, and whether it is white space only.
struct Run {
    end: usize,
    care: bool,
    blank: bool,
}

/// Row and column (characters) of a byte offset.
fn pos_at(text: &str, pos: usize) -> (u32, u32) {
    let pos = pos.min(text.len());
    let before = &text.as_bytes()[..pos];
    let row = 1 + memchr::memchr_iter(b'\n', before).count();
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    let col = 1 + String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    (row as u32, col as u32)
}

fn describe(c: Option<char>) -> String {
    match c {
        None => "the end of the document".to_string(),
        Some(c) if c.is_control() || c.is_whitespace() => format!("character U+{:04X}", c as u32),
        Some(c) => format!("'{c}'"),
    }
}

impl<'i> Parser<'i> {
    fn err_at(&self, pos: usize, message: impl Into<String>) -> Error {
        let (row, col) = pos_at(self.text, pos);
        Error::Syntax {
            message: message.into(),
            row,
            col,
        }
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.text.get(pos..).and_then(|s| s.chars().next())
    }

    fn unexpected(&self, pos: usize, expected: &str) -> Error {
        let found = describe(self.char_at(pos));
        self.err_at(pos, format!("expected {expected}, found {found}"))
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while self.pos < self.b.len() && is_ws(self.b[self.pos]) {
            self.pos += 1;
        }
        self.pos > start
    }

    fn expect(&mut self, lit: &[u8], what: &str) -> Result<(), Error> {
        if self.b[self.pos..].starts_with(lit) {
            self.pos += lit.len();
            Ok(())
        } else {
            Err(self.unexpected(self.pos, what))
        }
    }

    fn document(&mut self) -> Result<(), Error> {
        if self.text.starts_with('\u{FEFF}') {
            self.pos = 3;
        }
        if self.b[self.pos..].starts_with(b"<?xml")
            && self
                .b
                .get(self.pos + 5)
                .is_some_and(|&c| is_ws(c) || c == b'?')
        {
            self.xml_decl()?;
        }
        let mut seen_root = false;
        loop {
            if self.stack.is_empty() {
                self.skip_ws();
                if self.pos == self.b.len() {
                    break;
                }
                if self.b[self.pos] != b'<' {
                    let what = if seen_root { "after" } else { "before" };
                    return Err(self.err_at(
                        self.pos,
                        format!("text is not allowed {what} the root element"),
                    ));
                }
            } else {
                let start = self.pos;
                let Run { end, care, blank } = text_run(self.b, start);
                if end > start && !(blank && self.between_elements(end)) {
                    let text = if care {
                        self.char_data(start, end, false)?
                    } else {
                        Cow::Borrowed(&self.text[start..end])
                    };
                    self.append_text(text, start, end)?;
                }
                self.pos = end;
                if end == self.b.len() {
                    return Err(self.unclosed());
                }
            }
            match self.b.get(self.pos + 1) {
                Some(b'/') => self.end_tag()?,
                Some(b'!') => self.bang()?,
                Some(b'?') => self.pi()?,
                _ => {
                    if self.stack.is_empty() {
                        if seen_root {
                            return Err(self.err_at(
                                self.pos,
                                "a second root element; a document has exactly one",
                            ));
                        }
                        seen_root = true;
                    }
                    self.start_tag()?;
                }
            }
        }
        if !seen_root {
            return Err(self.err_at(self.pos, "the document has no root element"));
        }
        Ok(())
    }

    fn unclosed(&self) -> Error {
        let open = self.stack.last().map_or("", |o| {
            self.text
                .get(o.qname.0 as usize..(o.qname.0 + o.qname.1) as usize)
                .unwrap_or("")
        });
        self.err_at(
            self.b.len(),
            format!("the document ends before element <{open}> is closed"),
        )
    }

    /// `<?xml version="1.x" encoding="…" standalone="yes|no"?>` at the very start.
    fn xml_decl(&mut self) -> Result<(), Error> {
        self.pos += 5;
        let mut ws = false;
        for (i, name) in ["version", "encoding", "standalone"]
            .into_iter()
            .enumerate()
        {
            ws |= self.skip_ws();
            if !self.b[self.pos..].starts_with(name.as_bytes()) {
                if i == 0 {
                    return Err(self.unexpected(self.pos, "'version' in the XML declaration"));
                }
                continue;
            }
            if !ws {
                return Err(self.unexpected(self.pos, "whitespace in the XML declaration"));
            }
            self.pos += name.len();
            self.skip_ws();
            self.expect(b"=", "'=' in the XML declaration")?;
            self.skip_ws();
            let q = self.b.get(self.pos).copied();
            if q != Some(b'"') && q != Some(b'\'') {
                return Err(self.unexpected(self.pos, "a quoted value in the XML declaration"));
            }
            let start = self.pos + 1;
            let Some(len) = self.b[start..].iter().position(|&c| Some(c) == q) else {
                return Err(self.err_at(start, "unterminated value in the XML declaration"));
            };
            let v = &self.b[start..start + len];
            let ok = match i {
                0 => v.len() > 2 && v.starts_with(b"1.") && v[2..].iter().all(u8::is_ascii_digit),
                1 => {
                    v.first().is_some_and(u8::is_ascii_alphabetic)
                        && v.iter()
                            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
                }
                _ => v == b"yes" || v == b"no",
            };
            if !ok {
                return Err(self.err_at(
                    start,
                    format!(
                        "invalid {name} '{}' in the XML declaration",
                        String::from_utf8_lossy(v)
                    ),
                ));
            }
            self.pos = start + len + 1;
            ws = false;
        }
        self.skip_ws();
        self.expect(b"?>", "'?>' to end the XML declaration")
    }

    /// Appends a node as the last child of the open element (or of the document node).
    fn push(&mut self, kind: Kind<'i>, start: usize, end: usize) -> Result<u32, Error> {
        let id = self.doc.nodes.len() as u32;
        if id >= self.opts.max_nodes {
            return Err(Error::TooManyNodes(self.opts.max_nodes));
        }
        let parent = self.stack.last().map_or(0, |o| o.node);
        let prev = self.doc.nodes[parent as usize].last_child;
        self.doc.nodes.push(NodeData {
            kind,
            parent,
            prev_sibling: prev,
            next_sibling: NONE,
            first_child: NONE,
            last_child: NONE,
            same_sym_next: NONE,
            start: start as u32,
            end: end as u32,
        });
        if prev == NONE {
            self.doc.nodes[parent as usize].first_child = id;
        } else {
            self.doc.nodes[prev as usize].next_sibling = id;
        }
        self.doc.nodes[parent as usize].last_child = id;
        Ok(id)
    }

    /// Appends element `node` to the chain of its symbol
    /// ([`Document::elements_of`]).
    fn chain(&mut self, sym: u16, node: u32) {
        if sym == super::symbols::NONE {
            return;
        }
        let s = usize::from(sym);
        let (Some(last), Some(first)) = (self.sym_last.get_mut(s), self.doc.sym_first.get_mut(s))
        else {
            return;
        };
        match self.doc.nodes.get_mut(*last as usize) {
            Some(prev) => prev.same_sym_next = node,
            None => *first = node,
        }
        *last = node;
    }

    /// Whether white space ending at `end` (at a `<`) only separates elements:
    /// it is followed by a start tag, or by the end tag of an element whose
    /// last child is an element. Such white space (the indentation of an
    /// invoice, about half of its nodes) is not kept as a text node: no rule
    /// reads it (element content of UBL and CII has no text), and a string
    /// value differs from XPath's only by that white space, which every rule
    /// that reads a container's value removes with `normalize-space`. White
    /// space that is an element's only content, or that sits next to text,
    /// a comment or CDATA, is kept.
    fn between_elements(&self, end: usize) -> bool {
        match self.b.get(end + 1) {
            Some(b'!' | b'?') | None => false,
            Some(b'/') => {
                let parent = self.stack.last().map_or(0, |o| o.node);
                let last = self.doc.nodes[parent as usize].last_child;
                last != NONE && matches!(self.doc.nodes[last as usize].kind, Kind::Element { .. })
            }
            Some(_) => true,
        }
    }

    /// Character data inside the root element; merged into a text node right before it (CDATA).
    fn append_text(&mut self, text: Cow<'i, str>, start: usize, end: usize) -> Result<(), Error> {
        let parent = self.stack.last().map_or(0, |o| o.node);
        let last = self.doc.nodes[parent as usize].last_child;
        if last != NONE {
            let node = &mut self.doc.nodes[last as usize];
            if let Kind::Text(t) = &mut node.kind {
                t.to_mut().push_str(&text);
                node.end = end as u32;
                return Ok(());
            }
        }
        self.push(Kind::Text(text), start, end)?;
        Ok(())
    }

    /// Text or an attribute value between `start` and `end`, with references
    /// resolved, line ends normalised and forbidden characters refused.
    fn char_data(&self, start: usize, end: usize, attr: bool) -> Result<Cow<'i, str>, Error> {
        let s = &self.text[start..end];
        let bytes = s.as_bytes();
        if !needs_care(bytes, attr) {
            return Ok(Cow::Borrowed(s));
        }
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            let replacement: Option<(char, usize)> = match c {
                b'&' => Some(self.reference(start + i, end)?),
                b'\r' => {
                    let len = if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    Some((if attr { ' ' } else { '\n' }, len))
                }
                b'\n' | b'\t' if attr => Some((' ', 1)),
                b'\n' | b'\t' => None,
                0..=0x1F => {
                    return Err(self.err_at(
                        start + i,
                        format!("character U+{c:04X} is not allowed in XML"),
                    ))
                }
                b'<' if attr => {
                    return Err(self.err_at(
                        start + i,
                        "'<' is not allowed in an attribute value; write &lt;",
                    ))
                }
                b']' if !attr && bytes[i..].starts_with(b"]]>") => {
                    return Err(self.err_at(start + i, "']]>' is not allowed in text; write ]]&gt;"))
                }
                0xEF if bytes[i + 1..].starts_with(&[0xBF, 0xBE])
                    || bytes[i + 1..].starts_with(&[0xBF, 0xBF]) =>
                {
                    return Err(self.err_at(
                        start + i,
                        "the noncharacters U+FFFE and U+FFFF are not allowed in XML",
                    ))
                }
                _ => None,
            };
            match replacement {
                Some((ch, len)) => {
                    let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
                    o.push_str(&s[copied..i]);
                    o.push(ch);
                    i += len;
                    copied = i;
                }
                None => i += 1,
            }
        }
        Ok(match out {
            None => Cow::Borrowed(s),
            Some(mut o) => {
                o.push_str(&s[copied..]);
                Cow::Owned(o)
            }
        })
    }

    /// The reference at `at` (`&name;` or `&#…;`): its character and length.
    fn reference(&self, at: usize, end: usize) -> Result<(char, usize), Error> {
        let rest = &self.b[at + 1..end];
        let Some(semi) = rest.iter().take(12).position(|&c| c == b';') else {
            return Err(self.err_at(
                at,
                "'&' must start a reference such as &amp; (write &amp; for a literal ampersand)",
            ));
        };
        let body = &rest[..semi];
        let ch = match body {
            b"lt" => Some('<'),
            b"gt" => Some('>'),
            b"amp" => Some('&'),
            b"apos" => Some('\''),
            b"quot" => Some('"'),
            [b'#', b'x', hex @ ..] if !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit) => {
                std::str::from_utf8(hex)
                    .ok()
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .filter(|&v| is_xml_char(v))
                    .and_then(char::from_u32)
            }
            [b'#', dec @ ..] if !dec.is_empty() && dec.iter().all(u8::is_ascii_digit) => {
                std::str::from_utf8(dec)
                    .ok()
                    .and_then(|d| d.parse::<u32>().ok())
                    .filter(|&v| is_xml_char(v))
                    .and_then(char::from_u32)
            }
            [b'#', ..] => None,
            _ => {
                return Err(self.err_at(
                    at,
                    format!(
                        "unknown entity &{};: without a DTD only &lt; &gt; &amp; &apos; &quot; and character references are defined",
                        String::from_utf8_lossy(body)
                    ),
                ))
            }
        };
        match ch {
            Some(c) => Ok((c, semi + 2)),
            None => Err(self.err_at(
                at,
                format!(
                    "character reference &{}; is not a character XML allows",
                    String::from_utf8_lossy(body)
                ),
            )),
        }
    }

    /// A name at `pos`, split at its colon: (prefix, local). Advances past it.
    /// The qualified name of an element at `self.pos`, with the symbol of
    /// its local part. Fast path: the name runs to the next delimiter
    /// ([`name_end`]), and it is taken whole when its local part is a schema
    /// name (a valid name by construction: no colon, no other character a
    /// name may not have) and its prefix, if any, an ASCII name. Then every
    /// byte of it is a name byte and the byte after it is not, which is
    /// exactly the name [`Parser::qname`] reads. Any other name (not a schema
    /// name, non-ASCII, malformed) takes the full scan.
    fn element_name(&mut self) -> Result<(&'i str, &'i str, u16), Error> {
        let start = self.pos;
        let end = name_end(self.b, start);
        let span = &self.b[start..end];
        let (prefix, local) = match span.iter().position(|&c| c == b':') {
            Some(k) => (
                self.text.get(start..start + k),
                self.text.get(start + k + 1..end),
            ),
            None => (Some(""), self.text.get(start..end)),
        };
        if let (Some(prefix), Some(local)) = (prefix, local) {
            let sym = super::symbols::lookup(local);
            if sym != super::symbols::NONE && (prefix.is_empty() || is_ascii_ncname(prefix)) {
                self.pos = end;
                return Ok((prefix, local, sym));
            }
        }
        let (prefix, local) = self.qname()?;
        Ok((prefix, local, super::symbols::lookup(local)))
    }

    fn qname(&mut self) -> Result<(&'i str, &'i str), Error> {
        let start = self.pos;
        let mut i = start;
        let mut colon = None;
        let mut colons = 0u32;
        // ASCII names (all of an invoice's markup) in a tight loop; other
        // characters one `char` at a time.
        loop {
            let mut stop = None;
            for (k, &c) in self.b[i..].iter().enumerate() {
                match CLASS[c as usize] {
                    NAME_BYTE => {}
                    COLON => {
                        colon.get_or_insert(i + k);
                        colons += 1;
                    }
                    class => {
                        stop = Some((i + k, class));
                        break;
                    }
                }
            }
            match stop {
                Some((at, NON_ASCII)) => match self.char_at(at) {
                    Some(ch) if is_name_char(ch) => i = at + ch.len_utf8(),
                    _ => {
                        i = at;
                        break;
                    }
                },
                Some((at, _)) => {
                    i = at;
                    break;
                }
                None => {
                    i = self.b.len();
                    break;
                }
            }
        }
        let name = &self.text[start..i];
        let (prefix, local) = match colon {
            Some(k) => (&self.text[start..k], &self.text[k + 1..i]),
            None => ("", name),
        };
        let starts_ok = |s: &str| match s.as_bytes().first() {
            Some(&c) if c < 0x80 => NAME_START[c as usize],
            Some(_) => s.chars().next().is_some_and(is_name_start_char),
            None => false,
        };
        if colons > 1 || !starts_ok(local) || (colon.is_some() && !starts_ok(prefix)) {
            if name.is_empty() {
                return Err(self.unexpected(start, "a name"));
            }
            return Err(self.err_at(
                start,
                format!("'{name}' is not a valid XML name (with namespaces: at most one ':', not first or last)"),
            ));
        }
        self.pos = i;
        Ok((prefix, local))
    }

    fn start_tag(&mut self) -> Result<(), Error> {
        let tag_start = self.pos;
        self.pos += 1;
        let qstart = self.pos;
        let (prefix, local, sym) = self.element_name()?;
        let qlen = self.pos - qstart;
        let scope_before = self.scope;
        self.raw.clear();
        let empty = loop {
            let had_ws = self.skip_ws();
            match self.b.get(self.pos) {
                Some(b'>') => {
                    self.pos += 1;
                    break false;
                }
                Some(b'/') => {
                    self.expect(b"/>", "'/>'")?;
                    break true;
                }
                Some(_) if had_ws => self.attribute(scope_before)?,
                _ => {
                    return Err(
                        self.unexpected(self.pos, "whitespace, '>' or '/>' in the start tag")
                    )
                }
            }
        };
        if prefix == "xmlns" {
            return Err(self.err_at(qstart, "the prefix 'xmlns' must not be used for an element"));
        }
        let ns = self.resolve(prefix, qstart)?;
        let attrs_start = self.doc.attrs.len() as u32;
        for k in 0..self.raw.len() {
            let (aprefix, alocal, at, end) = (
                self.raw[k].prefix,
                self.raw[k].local,
                self.raw[k].at,
                self.raw[k].end,
            );
            let ans = if aprefix.is_empty() {
                NO_NS
            } else {
                self.resolve(aprefix, at)?
            };
            if self.doc.attrs[attrs_start as usize..]
                .iter()
                .any(|a| a.ns == ans && a.local == alocal)
            {
                return Err(self.err_at(
                    at,
                    format!("attribute '{alocal}' appears twice in one element"),
                ));
            }
            let value = std::mem::take(&mut self.raw[k].value);
            self.doc.attrs.push(AttrData {
                local: alocal,
                ns: ans,
                value,
                start: at as u32,
                end: end as u32,
            });
        }
        if self.stack.len() as u32 >= self.opts.max_depth {
            return Err(Error::TooDeep(self.opts.max_depth));
        }
        let node = self.push(
            Kind::Element {
                local,
                prefix_len: prefix.len() as u16,
                ns,
                sym,
                attrs_start,
                attrs_end: self.doc.attrs.len() as u32,
                scope: self.scope,
            },
            tag_start,
            self.pos,
        )?;
        self.last_element = node;
        self.chain(sym, node);
        if empty {
            // `<a/>`: no children at all.
            self.doc.empty.push(node);
            self.scope = scope_before;
        } else {
            self.stack.push(Open {
                node,
                qname: (qstart as u32, qlen as u32),
                scope_before,
            });
        }
        Ok(())
    }

    /// One attribute of a start tag (namespace declarations take effect at once).
    fn attribute(&mut self, scope_before: u32) -> Result<(), Error> {
        let at = self.pos;
        let (prefix, local) = self.qname()?;
        self.skip_ws();
        self.expect(b"=", "'=' after the attribute name")?;
        self.skip_ws();
        let q = match self.b.get(self.pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(self.unexpected(self.pos, "a quoted attribute value")),
        };
        let start = self.pos + 1;
        let Some(len) = memchr::memchr(q, &self.b[start..]) else {
            return Err(self.err_at(start, "the attribute value is not closed"));
        };
        let value = self.char_data(start, start + len, true)?;
        self.pos = start + len + 1;
        if prefix.is_empty() && local == "xmlns" {
            self.declare(None, value, at, scope_before)
        } else if prefix == "xmlns" {
            self.declare(Some(local), value, at, scope_before)
        } else {
            if self
                .raw
                .iter()
                .any(|r| r.prefix == prefix && r.local == local)
            {
                return Err(self.err_at(
                    at,
                    format!("attribute '{local}' appears twice in one element"),
                ));
            }
            self.raw.push(RawAttr {
                prefix,
                local,
                value,
                at,
                end: self.pos,
            });
            Ok(())
        }
    }

    fn declare(
        &mut self,
        prefix: Option<&'i str>,
        uri: Cow<'i, str>,
        at: usize,
        scope_before: u32,
    ) -> Result<(), Error> {
        let mut d = self.scope;
        while d != scope_before && d != NONE {
            let decl = &self.doc.decls[d as usize];
            if decl.prefix == prefix {
                return Err(self.err_at(
                    at,
                    "the same namespace prefix is declared twice in one element",
                ));
            }
            d = decl.outer;
        }
        let bad = match prefix {
            Some("xmlns") => Some("the prefix 'xmlns' must not be declared"),
            Some("xml") if uri != NS_XML => {
                Some("the prefix 'xml' is bound to its own namespace only")
            }
            Some(p) if p != "xml" && uri == NS_XML => {
                Some("the XML namespace must not be bound to another prefix")
            }
            None if uri == NS_XML => Some("the XML namespace must not be the default namespace"),
            _ if uri == NS_XMLNS => Some("the xmlns namespace must not be declared"),
            Some(_) if uri.is_empty() => {
                Some("a prefix must not be bound to the empty namespace name")
            }
            _ => None,
        };
        if let Some(msg) = bad {
            return Err(self.err_at(at, msg));
        }
        let ns = if uri.is_empty() {
            NO_NS
        } else {
            self.intern(uri, at)?
        };
        self.doc.decls.push(Decl {
            prefix,
            ns,
            outer: self.scope,
        });
        self.scope = (self.doc.decls.len() - 1) as u32;
        Ok(())
    }

    fn intern(&mut self, uri: Cow<'i, str>, at: usize) -> Result<u16, Error> {
        if let Some(i) = self.doc.namespaces.iter().position(|u| *u == uri) {
            return Ok(i as u16);
        }
        let i = u16::try_from(self.doc.namespaces.len())
            .ok()
            .filter(|&i| i < NO_NS)
            .ok_or_else(|| self.err_at(at, "more than 65,534 distinct namespaces"))?;
        // A namespace of the invoice syntaxes is stored as the program's own
        // constant, so the rules' namespace tests find it equal by address.
        let uri = match crate::syntax::WELL_KNOWN_NS.iter().find(|k| **k == uri) {
            Some(k) => Cow::Borrowed(*k),
            None => uri,
        };
        self.doc.namespaces.push(uri);
        Ok(i)
    }

    /// The namespace of `prefix` in the current scope ("" is the default
    /// namespace); `at` is where the prefix (the qualified name) starts.
    fn resolve(&mut self, prefix: &str, at: usize) -> Result<u16, Error> {
        let key = PrefixCache::key(self.b, at, prefix.len());
        if let Some(ns) = key.and_then(|k| self.prefixes.get(self.scope, k)) {
            return Ok(ns);
        }
        let want = (!prefix.is_empty()).then_some(prefix);
        let mut d = self.scope;
        while let Some(decl) = self.doc.decls.get(d as usize) {
            if decl.prefix == want {
                if let Some(k) = key {
                    self.prefixes.put(self.scope, k, decl.ns);
                }
                return Ok(decl.ns);
            }
            d = decl.outer;
        }
        match prefix {
            "" => Ok(NO_NS),
            "xml" => self.intern(Cow::Borrowed(NS_XML), at),
            p => Err(self.err_at(
                at,
                format!(
                    "the prefix '{p}' is not bound to a namespace; declare it with xmlns:{p}=\"…\""
                ),
            )),
        }
    }

    fn end_tag(&mut self) -> Result<(), Error> {
        let at = self.pos;
        let Some(open) = self.stack.pop() else {
            return Err(self.err_at(at, "an end tag without a start tag"));
        };
        let (qs, ql) = (open.qname.0 as usize, open.qname.1 as usize);
        let name_start = at + 2;
        let matches = match (
            self.b.get(name_start..name_start + ql),
            self.b.get(qs..qs + ql),
        ) {
            (Some(a), Some(b)) => same_bytes(a, b),
            _ => false,
        } && self
            .b
            .get(name_start + ql)
            .is_some_and(|&c| c == b'>' || is_ws(c));
        if !matches {
            let open_name = self.text.get(qs..qs + ql).unwrap_or("");
            let (row, col) = pos_at(self.text, qs - 1);
            return Err(self.err_at(
                at,
                format!("this end tag does not close <{open_name}> (opened at line {row}, column {col})"),
            ));
        }
        self.pos = name_start + ql;
        self.skip_ws();
        self.expect(b">", "'>' to end the end tag")?;
        self.doc.nodes[open.node as usize].end = self.pos as u32;
        self.scope = open.scope_before;
        // Empty: no element child, and no text but whitespace. Without an
        // element child, every node after the element (the end tag is the
        // last thing read) is a child of it: text, comments, instructions.
        // An element child started after this element: the latest element is not this one.
        if self.last_element == open.node
            && !self
                .doc
                .nodes
                .get(open.node as usize + 1..)
                .unwrap_or(&[])
                .iter()
                .any(|d| matches!(&d.kind, Kind::Text(t) if !is_blank(t)))
        {
            self.doc.empty.push(open.node);
        }
        Ok(())
    }

    /// `<!--`, `<![CDATA[` or `<!DOCTYPE`.
    fn bang(&mut self) -> Result<(), Error> {
        let at = self.pos;
        let rest = &self.b[at..];
        if rest.starts_with(b"<!--") {
            let body = at + 4;
            let Some(k) = memchr::memmem::find(&self.b[body..], b"--") else {
                return Err(self.err_at(at, "the comment is not closed with -->"));
            };
            if self.b.get(body + k + 2) != Some(&b'>') {
                return Err(self.err_at(body + k, "'--' is not allowed inside a comment"));
            }
            self.check_chars(body, body + k)?;
            self.pos = body + k + 3;
            self.push(Kind::Comment(&self.text[body..body + k]), at, self.pos)?;
            Ok(())
        } else if rest.starts_with(b"<![CDATA[") {
            if self.stack.is_empty() {
                return Err(self.err_at(at, "CDATA is only allowed inside the root element"));
            }
            let body = at + 9;
            let Some(k) = memchr::memmem::find(&self.b[body..], b"]]>") else {
                return Err(self.err_at(at, "the CDATA section is not closed with ]]>"));
            };
            self.check_chars(body, body + k)?;
            let raw = &self.text[body..body + k];
            let text = if raw.contains('\r') {
                Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
            } else {
                Cow::Borrowed(raw)
            };
            self.pos = body + k + 3;
            self.append_text(text, at, self.pos)
        } else if rest.starts_with(b"<!DOCTYPE") {
            Err(Error::Dtd)
        } else {
            Err(self.unexpected(at + 2, "'--', '[CDATA[' or 'DOCTYPE' after '<!'"))
        }
    }

    /// Refuses characters XML does not allow in a literal run (comments, CDATA, PIs).
    fn check_chars(&self, start: usize, end: usize) -> Result<(), Error> {
        for (i, &c) in self.b[start..end].iter().enumerate() {
            let bad = (c < 0x20 && !is_ws(c))
                || (c == 0xEF
                    && (self.b[start + i + 1..end].starts_with(&[0xBF, 0xBE])
                        || self.b[start + i + 1..end].starts_with(&[0xBF, 0xBF])));
            if bad {
                return Err(self.err_at(start + i, "a character XML does not allow"));
            }
        }
        Ok(())
    }

    /// A processing instruction (the XML declaration is only allowed first).
    fn pi(&mut self) -> Result<(), Error> {
        let at = self.pos;
        self.pos += 2;
        let (prefix, target) = self.qname()?;
        if !prefix.is_empty() {
            return Err(self.err_at(
                at + 2,
                "a processing instruction target must not contain ':'",
            ));
        }
        if target.eq_ignore_ascii_case("xml") {
            return Err(self.err_at(
                at,
                "the XML declaration <?xml …?> is only allowed at the very start of the document",
            ));
        }
        let value = if self.b[self.pos..].starts_with(b"?>") {
            None
        } else {
            if !self.skip_ws() {
                return Err(self.unexpected(self.pos, "whitespace or '?>' after the target"));
            }
            let start = self.pos;
            let Some(k) = memchr::memmem::find(&self.b[start..], b"?>") else {
                return Err(self.err_at(at, "the processing instruction is not closed with ?>"));
            };
            self.check_chars(start, start + k)?;
            self.pos = start + k;
            Some(&self.text[start..start + k])
        };
        self.pos += 2;
        self.push(Kind::PI { target, value }, at, self.pos)?;
        Ok(())
    }
}
