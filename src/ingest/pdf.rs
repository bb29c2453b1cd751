//! ZUGFeRD / Factur-X intake: finds the invoice XML embedded in a PDF (PDF/A-3
//! associated file), reads the Factur-X XMP metadata, and judges the
//! PDF-level facts the XML cannot tell: which attachment is the invoice, how
//! it is associated, and whether the declared profile is an invoice under
//! German VAT law. The XML itself is then validated by the same rule sets as
//! a bare XML file (see `validate.rs`).
//!
//! Every finding of this module uses a project id (`ER-PDF-nn` for the PDF
//! container, `ER-ZF-nn` for the ZUGFeRD profile) that can never collide with
//! an official rule id; `docs/pdf.md` lists them.
//!
//! Hostile input: lopdf is called with a bound on every decompressed stream;
//! the name tree walk is iterative with a visited set and node/depth limits;
//! the attachment is inflated by a strict decoder of our own with a size limit.
//! Every lopdf error becomes [`DocError::Pdf`]; nothing here unwraps.
//! Sources: ZUGFeRD 2.3 / Factur-X 1.07 specification (attachment names, XMP
//! extension schema, profile identifiers), ISO 19005-3 (PDF/A-3 associated
//! files), ISO 32000-1 § 7.9.6 (name trees), § 7.11.4 (embedded file streams).

pub mod testing;

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::error::DocError;
use crate::rules::{Finding, Severity};
use crate::syntax::Syntax;

/// The attachment names the ZUGFeRD / Factur-X specifications define, in order
/// of preference: Factur-X 1.0 / ZUGFeRD 2.1+ (`factur-x.xml`), the XRECHNUNG
/// profile of ZUGFeRD 2.1+ (`xrechnung.xml`), ZUGFeRD 2.0
/// (`zugferd-invoice.xml`) and ZUGFeRD 1.0 (`ZUGFeRD-invoice.xml`; compared
/// case-insensitively, so it is the same entry as the 2.0 name).
pub const KNOWN_NAMES: [&str; 4] = [
    "factur-x.xml",
    "xrechnung.xml",
    "zugferd-invoice.xml",
    "ZUGFeRD-invoice.xml",
];

/// Project rule ids of this module (documented in `docs/pdf.md`).
pub mod ids {
    /// The invoice XML has a name outside [`super::KNOWN_NAMES`].
    pub const NON_STANDARD_NAME: &str = "ER-PDF-01";
    /// Several attachments carry a known invoice name.
    pub const SEVERAL_KNOWN: &str = "ER-PDF-02";
    /// Several XML attachments, none with a known name: the invoice is ambiguous.
    pub const AMBIGUOUS: &str = "ER-PDF-03";
    /// The invoice attachment is not listed in the catalog's /AF array.
    pub const NOT_IN_AF: &str = "ER-PDF-04";
    /// The invoice attachment is not in the EmbeddedFiles name tree.
    pub const NOT_IN_NAME_TREE: &str = "ER-PDF-05";
    /// /AFRelationship missing or not Alternative, Data or Source.
    pub const AF_RELATIONSHIP: &str = "ER-PDF-06";
    /// No XMP metadata stream in the catalog.
    pub const NO_XMP: &str = "ER-PDF-07";
    /// The XMP metadata cannot be read.
    pub const BROKEN_XMP: &str = "ER-PDF-08";
    /// The XMP lacks Factur-X / ZUGFeRD properties.
    pub const XMP_INCOMPLETE: &str = "ER-PDF-09";
    /// XMP DocumentFileName differs from the attachment taken.
    pub const XMP_FILE_NAME: &str = "ER-PDF-10";
    /// XMP DocumentType is not INVOICE.
    pub const XMP_DOCUMENT_TYPE: &str = "ER-PDF-11";
    /// XMP does not declare PDF/A-3.
    pub const NOT_PDFA3: &str = "ER-PDF-12";
    /// /Params /Size of the embedded file differs from its decoded length.
    pub const SIZE_MISMATCH: &str = "ER-PDF-13";
    /// Profile MINIMUM: not an invoice under § 14 UStG.
    pub const MINIMUM: &str = "ER-ZF-01";
    /// Profile BASIC WL: not an invoice under § 14 UStG.
    pub const BASIC_WL: &str = "ER-ZF-02";
    /// XMP ConformanceLevel differs from the profile of the XML (BT-24).
    pub const LEVEL_MISMATCH: &str = "ER-ZF-03";
    /// BT-24 names no ZUGFeRD / Factur-X profile.
    pub const UNKNOWN_PROFILE: &str = "ER-ZF-04";
    /// The embedded XML is UBL; ZUGFeRD / Factur-X embed CII.
    pub const NOT_CII: &str = "ER-ZF-05";
}

/// Largest decoded object or cross-reference stream lopdf may produce while
/// loading. Such streams hold dictionaries and offsets, a few KB in invoices;
/// the bound keeps a crafted file from inflating to gigabytes.
const MAX_STRUCTURE_STREAM: usize = 16 << 20;
/// Largest XMP packet read (real ones are a few KB).
const MAX_XMP: usize = 4 << 20;
/// Most name tree nodes and /AF entries visited.
const MAX_TREE_NODES: usize = 10_000;
/// Deepest name tree accepted (real trees have one or two levels).
const MAX_TREE_DEPTH: usize = 64;
/// Most XML attachments inflated to look for an invoice root.
const MAX_SNIFFED: usize = 32;

/// Whether `bytes` are a PDF: `%PDF-` within the first 1024 bytes (ISO 32000-1
/// § 7.5.2 wants it at offset 0; readers tolerate leading bytes, and so do we),
/// unless the input starts like XML (`<` after an optional BOM and white
/// space), so that an XML invoice mentioning `%PDF-` early stays XML.
pub fn is_pdf(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    first != Some(&b'<')
        && memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// The ZUGFeRD / Factur-X properties of the XMP metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Xmp {
    /// `fx:DocumentType` (expected `INVOICE`).
    pub document_type: Option<String>,
    /// `fx:DocumentFileName` (e.g. `factur-x.xml`).
    pub document_file_name: Option<String>,
    /// `fx:Version` (e.g. `1.0`).
    pub version: Option<String>,
    /// `fx:ConformanceLevel` (e.g. `EN 16931`).
    pub conformance_level: Option<String>,
    /// `pdfaid:part` (3 for PDF/A-3).
    pub pdfa_part: Option<String>,
}

/// The invoice found in a PDF and what was noticed on the way.
#[derive(Clone, Debug)]
pub struct Embedded {
    /// The attachment's file name.
    pub name: String,
    /// The embedded file's bytes, decoded from its stream filters, otherwise verbatim.
    pub xml: Vec<u8>,
    /// The file specification's /AFRelationship, if any.
    pub relationship: Option<String>,
    /// The XMP properties, if an XMP packet could be read.
    pub xmp: Option<Xmp>,
    /// PDF-level findings (`ER-PDF-…`).
    pub findings: Vec<Finding>,
}

/// Finds and decodes the invoice XML in `bytes` (a PDF). `max_xml` bounds the
/// decoded attachment. Errors: an unreadable or encrypted PDF, or one without
/// any XML attachment.
pub fn extract(bytes: &[u8], max_xml: usize) -> Result<Embedded, DocError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STRUCTURE_STREAM),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(pdf_error)?;
    // PDF/A-3 (ISO 19005-3 § 6.1.3) forbids encryption; a file that lopdf could
    // open with the empty user password is refused all the same.
    if doc.is_encrypted() || doc.was_encrypted() {
        return Err(DocError::PdfEncrypted);
    }
    let catalog = doc
        .catalog()
        .map_err(|e| DocError::Pdf(format!("no document catalog (/Root): {e}")))?;
    let mut findings = Vec::new();
    let xmp = read_xmp(&doc, catalog, &mut findings);
    let candidates = collect(&doc, catalog);
    let chosen = choose(&doc, &candidates, xmp.as_ref(), max_xml, &mut findings)?;
    let cand = &candidates[chosen.index];
    if !cand.in_af {
        findings.push(pdf_finding(
            ids::NOT_IN_AF,
            Severity::Warning,
            format!(
                "the attachment {} is not listed in the catalog's /AF array; PDF/A-3 requires an invoice attachment to be an associated file of the document — the producing software should add it to /AF",
                cand.name
            ),
            "pdf:/Root/AF",
        ));
    }
    if !cand.in_tree {
        findings.push(pdf_finding(
            ids::NOT_IN_NAME_TREE,
            Severity::Warning,
            format!(
                "the attachment {} is only reachable through /AF, not through the EmbeddedFiles name tree, so PDF viewers do not list it; add it to /Root/Names/EmbeddedFiles",
                cand.name
            ),
            "pdf:/Root/Names/EmbeddedFiles",
        ));
    }
    match cand.relationship.as_deref() {
        Some("Alternative" | "Data" | "Source") => {}
        other => findings.push(pdf_finding(
            ids::AF_RELATIONSHIP,
            Severity::Warning,
            format!(
                "the file specification of {} has {}; Factur-X / ZUGFeRD require /AFRelationship /Alternative (or /Data, /Source) so that the XML is declared as the machine-readable form of the invoice",
                cand.name,
                other.map_or("no /AFRelationship".to_string(), |r| format!("/AFRelationship /{r}"))
            ),
            &cand.location(),
        )),
    }
    check_xmp(xmp.as_ref(), &cand.name, &mut findings);
    if let Some(size) = cand.declared_size {
        if size != chosen.xml.len() as i64 {
            findings.push(pdf_finding(
                ids::SIZE_MISMATCH,
                Severity::Warning,
                format!(
                    "the embedded file {} declares /Size {size} but decodes to {} bytes; the attachment may be damaged or was replaced without updating its parameters",
                    cand.name,
                    chosen.xml.len()
                ),
                &cand.location(),
            ));
        }
    }
    Ok(Embedded {
        name: cand.name.clone(),
        xml: chosen.xml,
        relationship: cand.relationship.clone(),
        xmp,
        findings,
    })
}

fn pdf_error(e: lopdf::Error) -> DocError {
    match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => DocError::PdfEncrypted,
        other => DocError::Pdf(format!("{other}; the file is damaged or not a PDF")),
    }
}

fn pdf_finding(rule: &'static str, severity: Severity, message: String, location: &str) -> Finding {
    Finding {
        rule,
        severity,
        message,
        location: location.to_string(),
        line: 0,
        column: 0,
        node: None,
    }
}

/// One embedded file found in the name tree or /AF.
struct Candidate {
    /// Best name: /UF, else /F, else the name tree key.
    name: String,
    /// The embedded file stream.
    stream: ObjectId,
    relationship: Option<String>,
    declared_size: Option<i64>,
    in_tree: bool,
    in_af: bool,
    /// Whether the name or the MIME subtype says XML.
    xml_like: bool,
}

impl Candidate {
    fn location(&self) -> String {
        format!("pdf:/Root/Names/EmbeddedFiles/{}", self.name)
    }

    fn known_rank(&self) -> Option<usize> {
        KNOWN_NAMES
            .iter()
            .position(|k| k.eq_ignore_ascii_case(&self.name))
    }
}

/// Follows a reference (lopdf bounds reference chains).
fn resolve<'d>(doc: &'d Document, obj: &'d Object) -> Option<&'d Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn dict_of<'d>(doc: &'d Document, obj: &'d Object) -> Option<&'d Dictionary> {
    match resolve(doc, obj)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn get<'d>(doc: &'d Document, dict: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    resolve(doc, dict.get(key).ok()?)
}

/// A PDF text string (PDFDocEncoding or UTF-16BE/UTF-8 with BOM) as Rust text.
fn text(obj: &Object) -> Option<String> {
    lopdf::decode_text_string(obj).ok()
}

/// Every embedded file of the EmbeddedFiles name tree and of the catalog's
/// /AF array, one entry per embedded file stream.
fn collect(doc: &Document, catalog: &Dictionary) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    // Name tree: iterative walk (ISO 32000-1 § 7.9.6: /Kids for inner nodes,
    // /Names [key value ...] for leaves); a visited set stops reference cycles.
    let root = catalog
        .get(b"Names")
        .ok()
        .and_then(|n| dict_of(doc, n))
        .and_then(|n| n.get(b"EmbeddedFiles").ok());
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut stack: Vec<(&Object, usize)> = root.map(|r| (r, 0)).into_iter().collect();
    let mut visited = 0usize;
    while let Some((node, depth)) = stack.pop() {
        visited += 1;
        if visited > MAX_TREE_NODES || depth > MAX_TREE_DEPTH {
            break;
        }
        if let Ok(id) = node.as_reference() {
            if !seen.insert(id) {
                continue;
            }
        }
        let Some(node) = dict_of(doc, node) else {
            continue;
        };
        if let Some(Object::Array(names)) = get(doc, node, b"Names") {
            for pair in names.chunks(2) {
                let [key, spec] = pair else { continue };
                let key = resolve(doc, key).and_then(text);
                add(doc, spec, key, true, &mut out);
            }
        }
        if let Some(Object::Array(kids)) = get(doc, node, b"Kids") {
            // Reversed so that the stack visits kids in document order.
            for kid in kids.iter().rev() {
                stack.push((kid, depth + 1));
            }
        }
    }
    if let Some(Object::Array(af)) = get(doc, catalog, b"AF") {
        for spec in af.iter().take(MAX_TREE_NODES) {
            add(doc, spec, None, false, &mut out);
        }
    }
    out
}

fn add(
    doc: &Document,
    spec: &Object,
    key: Option<String>,
    in_tree: bool,
    out: &mut Vec<Candidate>,
) {
    let Some(spec) = dict_of(doc, spec) else {
        return;
    };
    let Some(ef) = get(doc, spec, b"EF").and_then(|o| match o {
        Object::Dictionary(d) => Some(d),
        _ => None,
    }) else {
        return;
    };
    // /UF is the Unicode name and wins over /F (ISO 32000-1 § 7.11.3).
    let Some(stream) = [b"UF".as_slice(), b"F".as_slice()]
        .iter()
        .find_map(|k| ef.get(k).ok().and_then(|o| o.as_reference().ok()))
    else {
        return;
    };
    if !matches!(doc.get_object(stream), Ok(Object::Stream(_))) {
        return;
    }
    if let Some(c) = out.iter_mut().find(|c| c.stream == stream) {
        c.in_tree |= in_tree;
        c.in_af |= !in_tree;
        return;
    }
    let name = [b"UF".as_slice(), b"F".as_slice()]
        .iter()
        .find_map(|k| get(doc, spec, k).and_then(text))
        .filter(|n| !n.is_empty())
        .or(key)
        .unwrap_or_default();
    let relationship = match get(doc, spec, b"AFRelationship") {
        Some(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    };
    let stream_dict = doc
        .get_object(stream)
        .ok()
        .and_then(|o| o.as_stream().ok())
        .map(|s| &s.dict);
    let subtype = stream_dict.and_then(|d| match d.get(b"Subtype") {
        Ok(Object::Name(n)) => Some(n.as_slice()),
        _ => None,
    });
    let declared_size = stream_dict
        .and_then(|d| get(doc, d, b"Params"))
        .and_then(|p| match p {
            Object::Dictionary(p) => get(doc, p, b"Size"),
            _ => None,
        })
        .and_then(|s| s.as_i64().ok());
    let xml_like = name.to_ascii_lowercase().ends_with(".xml")
        || matches!(subtype, Some(b"text/xml" | b"application/xml"));
    out.push(Candidate {
        name,
        stream,
        relationship,
        declared_size,
        in_tree,
        in_af: !in_tree,
        xml_like,
    });
}

struct Chosen {
    index: usize,
    xml: Vec<u8>,
}

/// Picks the invoice among the candidates: a known name (the one the XMP
/// names, else by [`KNOWN_NAMES`] order), else the only XML attachment, else
/// the only XML attachment whose root looks like an invoice.
fn choose(
    doc: &Document,
    cands: &[Candidate],
    xmp: Option<&Xmp>,
    max_xml: usize,
    findings: &mut Vec<Finding>,
) -> Result<Chosen, DocError> {
    let known: Vec<usize> = (0..cands.len())
        .filter(|&i| cands[i].known_rank().is_some())
        .collect();
    if !known.is_empty() {
        let xmp_name = xmp.and_then(|x| x.document_file_name.as_deref());
        let index = known
            .iter()
            .copied()
            .find(|&i| xmp_name.is_some_and(|n| n == cands[i].name))
            .or_else(|| known.iter().copied().min_by_key(|&i| cands[i].known_rank()))
            .unwrap_or(known[0]);
        if known.len() > 1 {
            findings.push(pdf_finding(
                ids::SEVERAL_KNOWN,
                Severity::Warning,
                format!(
                    "the PDF has {} attachments with invoice names ({}); {} was validated{}; a ZUGFeRD / Factur-X PDF must carry exactly one invoice XML",
                    known.len(),
                    list(known.iter().map(|&i| cands[i].name.as_str())),
                    cands[index].name,
                    if xmp_name.is_some_and(|n| n == cands[index].name) {
                        " because the XMP metadata names it"
                    } else {
                        ""
                    }
                ),
                "pdf:/Root/Names/EmbeddedFiles",
            ));
        }
        let xml = decode_stream(doc, cands[index].stream, max_xml, &cands[index].name)?;
        return Ok(Chosen { index, xml });
    }
    let xml_like: Vec<usize> = (0..cands.len()).filter(|&i| cands[i].xml_like).collect();
    match xml_like.as_slice() {
        [] => Err(DocError::PdfNoInvoice(if cands.is_empty() {
            "it has no embedded files at all; this is a plain PDF, not a ZUGFeRD / Factur-X invoice"
                .to_string()
        } else {
            format!(
                "its attachments are {}, none of them XML",
                list(cands.iter().map(|c| c.name.as_str()))
            )
        })),
        [only] => {
            let xml = decode_stream(doc, cands[*only].stream, max_xml, &cands[*only].name)?;
            findings.push(non_standard(&cands[*only].name));
            Ok(Chosen { index: *only, xml })
        }
        several => {
            // Inflate a bounded number and keep those whose root is an invoice.
            let mut invoices: Vec<(usize, Vec<u8>)> = Vec::new();
            let mut first_err = None;
            for &i in several.iter().take(MAX_SNIFFED) {
                match decode_stream(doc, cands[i].stream, max_xml, &cands[i].name) {
                    Ok(xml) if looks_like_invoice(&xml) => invoices.push((i, xml)),
                    Ok(_) => {}
                    Err(e) => {
                        first_err.get_or_insert(e);
                    }
                }
            }
            let names = list(several.iter().map(|&i| cands[i].name.as_str()));
            match invoices.len() {
                0 => Err(first_err.unwrap_or_else(|| {
                    DocError::PdfNoInvoice(format!(
                        "its XML attachments ({names}) are none of them an invoice (CrossIndustryInvoice, UBL Invoice or CreditNote)"
                    ))
                })),
                1 => {
                    let (index, xml) = invoices.swap_remove(0);
                    findings.push(non_standard(&cands[index].name));
                    Ok(Chosen { index, xml })
                }
                n => {
                    let (index, xml) = invoices.swap_remove(0);
                    findings.push(pdf_finding(
                        ids::AMBIGUOUS,
                        Severity::Fatal,
                        format!(
                            "the PDF has {n} XML attachments that look like invoices ({names}) and none has a ZUGFeRD / Factur-X name, so it cannot be told which one is the invoice; {} was validated. Ask the sender to attach the invoice as factur-x.xml (or xrechnung.xml) and only once",
                            cands[index].name
                        ),
                        "pdf:/Root/Names/EmbeddedFiles",
                    ));
                    Ok(Chosen { index, xml })
                }
            }
        }
    }
}

fn non_standard(name: &str) -> Finding {
    pdf_finding(
        ids::NON_STANDARD_NAME,
        Severity::Warning,
        format!(
            "the invoice XML is attached as \"{name}\", not under a ZUGFeRD / Factur-X name (factur-x.xml, xrechnung.xml, zugferd-invoice.xml); it was taken because it is the only XML attachment that can be the invoice. Other software may not find it: the sender should name it factur-x.xml (xrechnung.xml for the XRECHNUNG profile)"
        ),
        &format!("pdf:/Root/Names/EmbeddedFiles/{name}"),
    )
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for (i, n) in names.enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('"');
        s.push_str(n);
        s.push('"');
    }
    s
}

/// Whether the first few KB of `xml` hold an invoice root element.
fn looks_like_invoice(xml: &[u8]) -> bool {
    let head = &xml[..xml.len().min(4096)];
    [
        b"CrossIndustryInvoice".as_slice(),
        b"CrossIndustryDocument",
        b"ubl:schema:xsd:Invoice-2",
        b"ubl:schema:xsd:CreditNote-2",
    ]
    .iter()
    .any(|pat| memchr::memmem::find(head, pat).is_some())
}

/// The decoded content of an embedded file stream.
fn decode_stream(
    doc: &Document,
    id: ObjectId,
    limit: usize,
    name: &str,
) -> Result<Vec<u8>, DocError> {
    let stream = doc
        .get_object(id)
        .and_then(Object::as_stream)
        .map_err(|e| {
            DocError::Pdf(format!(
                "the attachment {name} is not a readable stream: {e}"
            ))
        })?;
    decode_content(stream, limit)
        .map_err(|e| DocError::Pdf(format!("the attachment {name} cannot be decoded: {e}")))
}

/// Decodes a stream's filters within `limit` bytes. No filter: the bytes as
/// stored. A single FlateDecode without parameters (what ZUGFeRD producers
/// write): our strict inflater, which refuses a truncated or corrupt stream
/// instead of returning what it could salvage. Anything else: lopdf's bounded
/// decoders.
fn decode_content(stream: &lopdf::Stream, limit: usize) -> Result<Vec<u8>, String> {
    let filter = stream.dict.get(b"Filter").ok();
    let single_flate = match filter {
        None => {
            if stream.content.len() > limit {
                return Err(format!(
                    "{} bytes, more than the limit of {limit}",
                    stream.content.len()
                ));
            }
            return Ok(stream.content.clone());
        }
        Some(Object::Name(n)) => n == b"FlateDecode",
        Some(Object::Array(a)) => matches!(a.as_slice(), [Object::Name(n)] if n == b"FlateDecode"),
        Some(_) => false,
    };
    if single_flate && !stream.dict.has(b"DecodeParms") {
        return inflate(&stream.content, limit);
    }
    stream
        .decompressed_content_with_limit(limit)
        .map_err(|e| e.to_string())
}

/// Strict zlib inflate: the stream must end (with a correct Adler-32) and
/// decode to at most `limit` bytes.
fn inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    use flate2::{Decompress, FlushDecompress, Status};
    let mut d = Decompress::new(true);
    let mut out: Vec<u8> =
        Vec::with_capacity(input.len().saturating_mul(4).min(limit).saturating_add(1));
    loop {
        if out.len() == out.capacity() {
            if out.len() > limit {
                return Err(format!(
                    "it inflates to more than the limit of {limit} bytes"
                ));
            }
            // Double, at least 32 KiB, never past limit + 1 (which detects "too large").
            let room = limit.saturating_add(1).saturating_sub(out.len());
            out.reserve(out.len().max(32 * 1024).min(room).max(1));
        }
        let (in_before, out_before) = (d.total_in(), d.total_out());
        let consumed = usize::try_from(in_before)
            .unwrap_or(usize::MAX)
            .min(input.len());
        let status = d
            // FlushDecompress::None: with Finish, miniz_oxide decodes in one shot
            // and fails when the output buffer has to grow.
            .decompress_vec(&input[consumed..], &mut out, FlushDecompress::None)
            .map_err(|e| format!("corrupt FlateDecode data ({e})"))?;
        if out.len() > limit {
            return Err(format!(
                "it inflates to more than the limit of {limit} bytes"
            ));
        }
        match status {
            Status::StreamEnd => return Ok(out),
            Status::Ok | Status::BufError => {
                let progressed = d.total_in() != in_before || d.total_out() != out_before;
                if !progressed && out.len() < out.capacity() {
                    return Err(
                        "the FlateDecode data ends before the compressed stream does (truncated)"
                            .into(),
                    );
                }
            }
        }
    }
}

/// Reads the catalog's /Metadata XMP packet; problems become findings.
fn read_xmp(doc: &Document, catalog: &Dictionary, findings: &mut Vec<Finding>) -> Option<Xmp> {
    let Some(Object::Stream(stream)) = get(doc, catalog, b"Metadata") else {
        findings.push(pdf_finding(
            ids::NO_XMP,
            Severity::Warning,
            "the PDF has no XMP metadata (/Root/Metadata); PDF/A-3 requires it, and ZUGFeRD / Factur-X declare the invoice's file name and profile there".to_string(),
            "pdf:/Root/Metadata",
        ));
        return None;
    };
    let broken = |why: String| {
        pdf_finding(
            ids::BROKEN_XMP,
            Severity::Warning,
            format!("the XMP metadata cannot be read ({why}); the profile and file name it should declare are unknown — the producing software wrote an invalid packet"),
            "pdf:/Root/Metadata",
        )
    };
    let bytes = match decode_content(stream, MAX_XMP) {
        Ok(b) => b,
        Err(e) => {
            findings.push(broken(e));
            return None;
        }
    };
    match parse_xmp(&bytes) {
        Ok(x) => Some(x),
        Err(e) => {
            findings.push(broken(e));
            None
        }
    }
}

/// Namespace of `pdfaid:` (PDF/A identification schema).
const NS_PDFAID: &str = "http://www.aiim.org/pdfa/ns/id/";

/// Parses an XMP packet and reads the Factur-X / ZUGFeRD properties, written
/// either as elements or as attributes of `rdf:Description`. The extension
/// schema namespace differs by version (Factur-X `urn:factur-x:pdfa:…`,
/// ZUGFeRD 2.0 `urn:zugferd:pdfa:…`, ZUGFeRD 1.0 `urn:ferd:pdfa:…`); all contain
/// `CrossIndustryDocument`.
pub fn parse_xmp(bytes: &[u8]) -> Result<Xmp, String> {
    let text = crate::ingest::decode::decode(bytes).map_err(|e| e.to_string())?;
    let opts = crate::xml::Options {
        max_nodes: 100_000,
        ..Default::default()
    };
    let doc = crate::xml::Document::parse_with_options(&text, &opts).map_err(|e| e.to_string())?;
    let mut x = Xmp::default();
    let mut set = |ns: Option<&str>, local: &str, value: &str| {
        let slot = match (ns, local) {
            (Some(ns), "DocumentType") if ns.contains("CrossIndustryDocument") => {
                &mut x.document_type
            }
            (Some(ns), "DocumentFileName") if ns.contains("CrossIndustryDocument") => {
                &mut x.document_file_name
            }
            (Some(ns), "Version") if ns.contains("CrossIndustryDocument") => &mut x.version,
            (Some(ns), "ConformanceLevel") if ns.contains("CrossIndustryDocument") => {
                &mut x.conformance_level
            }
            (Some(NS_PDFAID), "part") => &mut x.pdfa_part,
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value.trim().to_string());
        }
    };
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in n.attributes() {
            set(a.namespace(), a.name(), a.value());
        }
        let tag = n.tag_name();
        if n.children().all(|c| c.is_text()) {
            set(tag.namespace(), tag.name(), n.text().unwrap_or(""));
        }
    }
    Ok(x)
}

fn check_xmp(xmp: Option<&Xmp>, name: &str, findings: &mut Vec<Finding>) {
    let Some(x) = xmp else { return };
    let missing: Vec<&str> = [
        ("DocumentType", &x.document_type),
        ("DocumentFileName", &x.document_file_name),
        ("Version", &x.version),
        ("ConformanceLevel", &x.conformance_level),
    ]
    .iter()
    .filter(|(_, v)| v.as_deref().is_none_or(str::is_empty))
    .map(|(k, _)| *k)
    .collect();
    if !missing.is_empty() {
        findings.push(pdf_finding(
            ids::XMP_INCOMPLETE,
            Severity::Warning,
            format!(
                "the XMP metadata lacks the Factur-X / ZUGFeRD properties {}; a ZUGFeRD / Factur-X PDF declares the attachment's name, type, version and profile there (extension schema fx:)",
                missing.join(", ")
            ),
            "pdf:/Root/Metadata",
        ));
    }
    if let Some(f) = x.document_file_name.as_deref().filter(|f| !f.is_empty()) {
        if f != name {
            findings.push(pdf_finding(
                ids::XMP_FILE_NAME,
                Severity::Warning,
                format!("the XMP metadata names the invoice file \"{f}\", but the attachment validated is \"{name}\"; the two must agree"),
                "pdf:/Root/Metadata",
            ));
        }
    }
    if let Some(t) = x.document_type.as_deref().filter(|t| !t.is_empty()) {
        if !t.eq_ignore_ascii_case("INVOICE") {
            findings.push(pdf_finding(
                ids::XMP_DOCUMENT_TYPE,
                Severity::Warning,
                format!("the XMP metadata declares DocumentType \"{t}\"; for an invoice or credit note it must be INVOICE"),
                "pdf:/Root/Metadata",
            ));
        }
    }
    if x.pdfa_part.as_deref() != Some("3") {
        findings.push(pdf_finding(
            ids::NOT_PDFA3,
            Severity::Warning,
            format!(
                "the XMP metadata {}; ZUGFeRD / Factur-X invoices are PDF/A-3 files (pdfaid:part 3), the only PDF/A part that allows an XML attachment",
                x.pdfa_part.as_deref().map_or("does not declare a PDF/A part".to_string(), |p| format!("declares PDF/A part {p}"))
            ),
            "pdf:/Root/Metadata",
        ));
    }
}

/// A ZUGFeRD 2.x / Factur-X 1.0x profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// MINIMUM: header totals only (a booking aid, not an invoice in Germany).
    Minimum,
    /// BASIC WL: header data without lines (not an invoice in Germany).
    BasicWl,
    /// BASIC: a CIUS of EN 16931 with lines.
    Basic,
    /// EN 16931 (formerly COMFORT).
    En16931,
    /// EXTENDED: an extension of EN 16931.
    Extended,
    /// XRECHNUNG: the German CIUS, in CII.
    XRechnung,
}

impl Profile {
    /// The XMP ConformanceLevel spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Profile::Minimum => "MINIMUM",
            Profile::BasicWl => "BASIC WL",
            Profile::Basic => "BASIC",
            Profile::En16931 => "EN 16931",
            Profile::Extended => "EXTENDED",
            Profile::XRechnung => "XRECHNUNG",
        }
    }

    /// The profile a BT-24 specification identifier names (Factur-X 1.0x /
    /// ZUGFeRD 2.1+ ids, and the ZUGFeRD 2.0 `urn:zugferd.de:2p0:` ids).
    pub fn from_bt24(spec: &str) -> Option<Profile> {
        const EN: &str = "urn:cen.eu:en16931:2017";
        match spec.trim() {
            "urn:factur-x.eu:1p0:minimum" | "urn:zugferd.de:2p0:minimum" => Some(Profile::Minimum),
            "urn:factur-x.eu:1p0:basicwl" | "urn:zugferd.de:2p0:basicwl" => Some(Profile::BasicWl),
            EN => Some(Profile::En16931),
            s => {
                let rest = s.strip_prefix(EN)?;
                match rest {
                    "#compliant#urn:factur-x.eu:1p0:basic"
                    | "#compliant#urn:zugferd.de:2p0:basic" => Some(Profile::Basic),
                    "#conformant#urn:factur-x.eu:1p0:extended"
                    | "#conformant#urn:zugferd.de:2p0:extended" => Some(Profile::Extended),
                    r if r.starts_with("#compliant#urn:xeinkauf.de:kosit:xrechnung_") => {
                        Some(Profile::XRechnung)
                    }
                    _ => None,
                }
            }
        }
    }

    /// The profile an XMP ConformanceLevel names (`COMFORT` is the ZUGFeRD 1.0 name of EN 16931).
    pub fn from_xmp(level: &str) -> Option<Profile> {
        let l = level.trim().to_ascii_uppercase();
        match l.as_str() {
            "MINIMUM" => Some(Profile::Minimum),
            "BASIC WL" | "BASIC-WL" | "BASICWL" => Some(Profile::BasicWl),
            "BASIC" => Some(Profile::Basic),
            "EN 16931" | "EN16931" | "COMFORT" => Some(Profile::En16931),
            "EXTENDED" => Some(Profile::Extended),
            "XRECHNUNG" => Some(Profile::XRechnung),
            _ => None,
        }
    }
}

impl Embedded {
    /// Judges the profile once the XML is read: `specification` is its BT-24
    /// and `syntax` its syntax. MINIMUM and BASIC WL are fatal; a profile that
    /// disagrees with the XMP ConformanceLevel is a warning. Findings go to `out`.
    pub fn check_profile(&self, specification: &str, syntax: Syntax, out: &mut Vec<Finding>) {
        const AT: &str = "pdf:/Root/Names/EmbeddedFiles";
        if syntax != Syntax::Cii {
            out.push(pdf_finding(
                ids::NOT_CII,
                Severity::Warning,
                format!(
                    "the embedded invoice {} is UBL ({}); ZUGFeRD / Factur-X embed UN/CEFACT CII, so other receivers may not read it. It was validated as UBL",
                    self.name,
                    syntax.as_str()
                ),
                AT,
            ));
        }
        let profile = Profile::from_bt24(specification);
        match profile {
            Some(Profile::Minimum) => out.push(pdf_finding(
                ids::MINIMUM,
                Severity::Fatal,
                format!(
                    "the embedded XML declares the ZUGFeRD / Factur-X profile MINIMUM (BT-24 \"{specification}\"). MINIMUM carries only header totals and is a booking aid, not an invoice: since 1 January 2025 an e-invoice in Germany must contain all details § 14 (4) UStG requires (BMF letter of 15 October 2024 excludes MINIMUM and BASIC WL). Ask the supplier for profile EN 16931, EXTENDED or XRECHNUNG"
                ),
                AT,
            )),
            Some(Profile::BasicWl) => out.push(pdf_finding(
                ids::BASIC_WL,
                Severity::Fatal,
                format!(
                    "the embedded XML declares the ZUGFeRD / Factur-X profile BASIC WL (BT-24 \"{specification}\"). BASIC WL has no invoice lines and is not an invoice under § 14 (4) UStG (since 1 January 2025; BMF letter of 15 October 2024). Ask the supplier for profile EN 16931, EXTENDED or XRECHNUNG"
                ),
                AT,
            )),
            Some(_) => {}
            None => out.push(pdf_finding(
                ids::UNKNOWN_PROFILE,
                Severity::Warning,
                format!(
                    "the embedded XML's specification identifier (BT-24) \"{specification}\" names no ZUGFeRD / Factur-X profile (MINIMUM, BASIC WL, BASIC, EN 16931, EXTENDED, XRECHNUNG); the XML was validated by the rules its BT-24 selects"
                ),
                AT,
            )),
        }
        let Some(level) = self
            .xmp
            .as_ref()
            .and_then(|x| x.conformance_level.as_deref())
        else {
            return;
        };
        if level.is_empty() {
            return;
        }
        let declared = Profile::from_xmp(level);
        if declared.is_none() || (profile.is_some() && declared != profile) {
            out.push(pdf_finding(
                ids::LEVEL_MISMATCH,
                Severity::Warning,
                format!(
                    "the XMP metadata declares ConformanceLevel \"{level}\", but the embedded XML is {}; the XML governs and was validated as such — the producing software must write the same profile in both places",
                    profile.map_or(format!("of no known profile (BT-24 \"{specification}\")"), |p| format!(
                        "profile {} (BT-24 \"{specification}\")",
                        p.as_str()
                    ))
                ),
                "pdf:/Root/Metadata",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_from_bt24() {
        assert_eq!(
            Profile::from_bt24("urn:factur-x.eu:1p0:minimum"),
            Some(Profile::Minimum)
        );
        assert_eq!(
            Profile::from_bt24("urn:factur-x.eu:1p0:basicwl"),
            Some(Profile::BasicWl)
        );
        assert_eq!(
            Profile::from_bt24("urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic"),
            Some(Profile::Basic)
        );
        assert_eq!(
            Profile::from_bt24("urn:cen.eu:en16931:2017"),
            Some(Profile::En16931)
        );
        assert_eq!(
            Profile::from_bt24("urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended"),
            Some(Profile::Extended)
        );
        assert_eq!(
            Profile::from_bt24(
                "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
            ),
            Some(Profile::XRechnung)
        );
        assert_eq!(
            Profile::from_bt24("urn:zugferd.de:2p0:basicwl"),
            Some(Profile::BasicWl)
        );
        assert_eq!(
            Profile::from_bt24("urn:cen.eu:en16931:2017#compliant#foo"),
            None
        );
        assert_eq!(
            Profile::from_bt24("urn:fdc:peppol.eu:2017:poacc:billing:3.0"),
            None
        );
    }

    #[test]
    fn profiles_from_xmp() {
        assert_eq!(Profile::from_xmp("BASIC WL"), Some(Profile::BasicWl));
        assert_eq!(Profile::from_xmp("en 16931"), Some(Profile::En16931));
        assert_eq!(Profile::from_xmp("COMFORT"), Some(Profile::En16931));
        assert_eq!(Profile::from_xmp("GOLD"), None);
    }

    #[test]
    fn xmp_elements_and_attributes() {
        let el = br#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="3"/><rdf:Description xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"><fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>factur-x.xml</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>EN 16931</fx:ConformanceLevel></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;
        let x = parse_xmp(el).unwrap();
        assert_eq!(x.document_file_name.as_deref(), Some("factur-x.xml"));
        assert_eq!(x.conformance_level.as_deref(), Some("EN 16931"));
        assert_eq!(x.pdfa_part.as_deref(), Some("3"));
        let attr = br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:zf="urn:zugferd:pdfa:CrossIndustryDocument:invoice:2p0#" zf:DocumentType="INVOICE" zf:DocumentFileName="zugferd-invoice.xml" zf:Version="1.0" zf:ConformanceLevel="BASIC"/></rdf:RDF></x:xmpmeta>"#;
        let x = parse_xmp(attr).unwrap();
        assert_eq!(x.document_file_name.as_deref(), Some("zugferd-invoice.xml"));
        assert_eq!(x.conformance_level.as_deref(), Some("BASIC"));
        assert_eq!(x.pdfa_part, None);
        assert!(parse_xmp(b"<x:xmpmeta").is_err());
    }

    #[test]
    fn strict_inflate() {
        use std::io::Write;
        let data: Vec<u8> = (0..100_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&data).unwrap();
        let z = enc.finish().unwrap();
        assert_eq!(inflate(&z, data.len()).unwrap(), data);
        assert!(inflate(&z, data.len() - 1).unwrap_err().contains("limit"));
        assert!(inflate(&z[..z.len() / 2], usize::MAX / 2)
            .unwrap_err()
            .contains("truncated"));
        let mut bad = z.clone();
        let at = bad.len() - 2;
        bad[at] ^= 0xFF; // Adler-32
        assert!(inflate(&bad, data.len()).is_err());
        assert!(inflate(b"", 10).is_err());
    }

    #[test]
    fn pdf_magic() {
        assert!(is_pdf(b"%PDF-1.7\n"));
        assert!(is_pdf(b"\xEF\xBB\xBF%PDF-1.4"));
        assert!(!is_pdf(b"<?xml version=\"1.0\"?>"));
        assert!(!is_pdf(
            b"\xEF\xBB\xBF <Invoice><Note>%PDF-1.4</Note></Invoice>"
        ));
        assert!(is_pdf(b"junk\n%PDF-1.7"));
    }
}
