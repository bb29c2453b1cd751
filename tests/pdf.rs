//! ZUGFeRD / Factur-X intake, end to end, on PDFs this project builds itself
//! (`erechnung::ingest::pdf::testing`): extraction is byte-identical, the
//! verdict on a PDF equals the verdict on its bare XML, every `ER-PDF` /
//! `ER-ZF` finding fires on a failing fixture and stays silent on a passing
//! one, and damaged PDFs give a clear error without panic or hang.

use erechnung::ingest::pdf::testing::{
    sample_cii, xmp, Attachment, Builder, Metadata, BT24_BASIC_WL, BT24_EN16931, BT24_MINIMUM,
    BT24_XRECHNUNG,
};
use erechnung::ingest::pdf::{extract, Embedded, KNOWN_NAMES};
use erechnung::report::Report;
use erechnung::rules::Severity;
use erechnung::syntax::Limits;
use erechnung::{DocError, Selection, Validator};

const MAX: usize = 64 << 20;

fn en_xml() -> Vec<u8> {
    sample_cii(BT24_EN16931, 2).into_bytes()
}

fn ok(b: &Builder) -> Embedded {
    let pdf = b.build().expect("fixture builds");
    extract(&pdf, MAX).unwrap_or_else(|e| panic!("extract failed: {e}"))
}

fn rules(e: &Embedded) -> Vec<&'static str> {
    e.findings.iter().map(|f| f.rule).collect()
}

/// A finding of the PDF layer (the XML's own project findings, e.g. ER-LEITWEG, are not).
fn is_pdf_finding(rule: &str) -> bool {
    rule.starts_with("ER-PDF-") || rule.starts_with("ER-ZF-")
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn validator() -> Validator {
    Validator::new(Selection::Auto, Limits::default())
}

fn report_rules(r: &Report) -> Vec<&'static str> {
    r.outcome
        .as_ref()
        .expect("readable")
        .findings
        .iter()
        .map(|f| f.rule)
        .collect()
}

#[test]
fn every_known_name_and_layout_extracts_byte_identical() {
    let xml = en_xml();
    for name in KNOWN_NAMES {
        for object_streams in [false, true] {
            for nested in [false, true] {
                for incremental in [false, true] {
                    let mut b = Builder::named(&xml, name, "EN 16931");
                    b.object_streams = object_streams;
                    b.nested_name_tree = nested;
                    b.incremental = incremental;
                    let pdf = b.build().unwrap();
                    if !incremental {
                        assert_eq!(
                            contains(&pdf, b"/Type/XRef") || contains(&pdf, b"/Type /XRef"),
                            object_streams,
                            "cross-reference stream iff object streams"
                        );
                        assert_eq!(contains(&pdf, b"/ObjStm"), object_streams, "object streams");
                        assert_eq!(
                            contains(&pdf, b"\ntrailer"),
                            !object_streams,
                            "classic trailer"
                        );
                    }
                    if incremental {
                        assert!(
                            pdf.windows(5).any(|w| w == b"/Prev"),
                            "fixture should be an incremental update"
                        );
                    }
                    let e = extract(&pdf, MAX).unwrap_or_else(|e| {
                        panic!("{name} os={object_streams} nested={nested} inc={incremental}: {e}")
                    });
                    assert_eq!(
                        e.xml, xml,
                        "{name} os={object_streams} nested={nested} inc={incremental}"
                    );
                    assert_eq!(e.name, name);
                    assert_eq!(e.relationship.as_deref(), Some("Alternative"));
                    assert!(e.findings.is_empty(), "{name}: unexpected {:?}", e.findings);
                }
            }
        }
    }
}

#[test]
fn uncompressed_attachment_is_verbatim() {
    let xml = en_xml();
    let mut b = Builder::zugferd(&xml);
    b.attachments[0].compress = false;
    assert_eq!(ok(&b).xml, xml);
}

#[test]
fn xmp_is_read() {
    let e = ok(&Builder::named(&en_xml(), "xrechnung.xml", "XRECHNUNG"));
    let x = e.xmp.expect("xmp");
    assert_eq!(x.document_type.as_deref(), Some("INVOICE"));
    assert_eq!(x.document_file_name.as_deref(), Some("xrechnung.xml"));
    assert_eq!(x.version.as_deref(), Some("1.0"));
    assert_eq!(x.conformance_level.as_deref(), Some("XRECHNUNG"));
    assert_eq!(x.pdfa_part.as_deref(), Some("3"));
}

/// Same invoice, bare and inside a PDF: same syntax, specification, rule sets,
/// verdict and official findings; the PDF adds only ER- findings.
#[test]
fn verdict_on_pdf_equals_verdict_on_bare_xml() {
    let v = validator();
    let good = sample_cii(BT24_EN16931, 3);
    let xr = sample_cii(BT24_XRECHNUNG, 1);
    let no_number = good.replacen("<ram:ID>RE-2025-0042</ram:ID>", "", 1);
    let no_currency = good.replace("<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>", "");
    let cases = [
        ("EN 16931", good.as_str(), "EN 16931", "factur-x.xml"),
        ("XRECHNUNG", xr.as_str(), "XRECHNUNG", "xrechnung.xml"),
        ("no number", no_number.as_str(), "EN 16931", "factur-x.xml"),
        (
            "no currency",
            no_currency.as_str(),
            "EN 16931",
            "factur-x.xml",
        ),
    ];
    for (what, xml, level, name) in cases {
        for object_streams in [false, true] {
            let mut b = Builder::named(xml.as_bytes(), name, level);
            b.object_streams = object_streams;
            let pdf = b.build().unwrap();
            let bare = v.validate_bytes("bare.xml", xml.as_bytes());
            let wrapped = v.validate_bytes("wrapped.pdf", &pdf);
            let (bare, wrapped) = (bare.outcome.unwrap(), wrapped.outcome.unwrap());
            assert_eq!(bare.syntax, wrapped.syntax, "{what}");
            assert_eq!(bare.specification, wrapped.specification, "{what}");
            assert_eq!(bare.rulesets, wrapped.rulesets, "{what}");
            assert_eq!(bare.verdict(), wrapped.verdict(), "{what}");
            let official: Vec<_> = wrapped
                .findings
                .iter()
                .filter(|f| !is_pdf_finding(f.rule))
                .cloned()
                .collect();
            assert_eq!(bare.findings, official, "{what}");
            let ours: Vec<_> = wrapped
                .findings
                .iter()
                .filter(|f| is_pdf_finding(f.rule))
                .collect();
            assert!(ours.is_empty(), "{what}: {ours:?}");
        }
    }
    // Both verdicts occur: the good invoice is accepted, the broken one rejected
    // (BR-02), so the equality above is tested on both sides.
    assert!(
        v.validate_bytes("g", good.as_bytes()).accepted(),
        "{:?}",
        report_rules(&v.validate_bytes("g", good.as_bytes()))
    );
    let bad_r = v.validate_bytes("b", no_number.as_bytes()).outcome.unwrap();
    assert!(
        bad_r.findings.iter().any(|f| f.rule == "BR-02"),
        "removing BT-1 must fire BR-02"
    );
}

#[test]
fn minimum_and_basic_wl_are_rejected() {
    let v = validator();
    for (bt24, level, id) in [
        (BT24_MINIMUM, "MINIMUM", "ER-ZF-01"),
        (BT24_BASIC_WL, "BASIC WL", "ER-ZF-02"),
    ] {
        let pdf = Builder::named(sample_cii(bt24, 1).as_bytes(), "factur-x.xml", level)
            .build()
            .unwrap();
        let r = v.validate_bytes("x.pdf", &pdf);
        let c = r.outcome.as_ref().unwrap();
        let f = c
            .findings
            .iter()
            .find(|f| f.rule == id)
            .unwrap_or_else(|| panic!("{id} missing: {:?}", report_rules(&r)));
        assert_eq!(f.severity, Severity::Fatal);
        assert!(f.message.contains("§ 14"), "{}", f.message);
        assert!(!r.accepted());
        assert!(
            !report_rules(&r).contains(&"ER-ZF-03"),
            "XMP agrees, no mismatch"
        );
    }
    for (bt24, level) in [
        (BT24_EN16931, "EN 16931"),
        (BT24_XRECHNUNG, "XRECHNUNG"),
        (
            "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
            "BASIC",
        ),
        (
            "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
            "EXTENDED",
        ),
    ] {
        let pdf = Builder::named(sample_cii(bt24, 1).as_bytes(), "factur-x.xml", level)
            .build()
            .unwrap();
        let rs = report_rules(&v.validate_bytes("x.pdf", &pdf));
        assert!(
            !rs.iter().any(|r| r.starts_with("ER-ZF")),
            "{level}: {rs:?}"
        );
    }
}

#[test]
fn xmp_level_mismatch_is_a_finding() {
    let v = validator();
    let pdf = Builder::named(
        sample_cii(BT24_XRECHNUNG, 1).as_bytes(),
        "xrechnung.xml",
        "EN 16931",
    )
    .build()
    .unwrap();
    let r = v.validate_bytes("x.pdf", &pdf);
    let c = r.outcome.as_ref().unwrap();
    let f = c
        .findings
        .iter()
        .find(|f| f.rule == "ER-ZF-03")
        .expect("ER-ZF-03");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("EN 16931") && f.message.contains("XRECHNUNG"),
        "{}",
        f.message
    );
    // Unknown XMP level is a mismatch too.
    let pdf = Builder::named(&en_xml(), "factur-x.xml", "PLATINUM")
        .build()
        .unwrap();
    assert!(report_rules(&v.validate_bytes("x.pdf", &pdf)).contains(&"ER-ZF-03"));
}

#[test]
fn unknown_profile_and_ubl_are_findings() {
    let v = validator();
    let pdf = Builder::zugferd(sample_cii("urn:example:not-a-profile", 1).as_bytes())
        .build()
        .unwrap();
    assert!(report_rules(&v.validate_bytes("x.pdf", &pdf)).contains(&"ER-ZF-04"));
    let ubl = br#"<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID><cbc:ID>1</cbc:ID></Invoice>"#;
    let pdf = Builder::zugferd(ubl).build().unwrap();
    let r = v.validate_bytes("x.pdf", &pdf);
    assert_eq!(r.outcome.as_ref().unwrap().syntax.as_str(), "ubl-invoice");
    assert!(report_rules(&r).contains(&"ER-ZF-05"));
    let pdf = Builder::zugferd(&en_xml()).build().unwrap();
    let rs = report_rules(&v.validate_bytes("x.pdf", &pdf));
    assert!(
        !rs.contains(&"ER-ZF-04") && !rs.contains(&"ER-ZF-05"),
        "{rs:?}"
    );
}

#[test]
fn zugferd_1_inside_pdf_is_the_legacy_error() {
    let xml = br#"<?xml version="1.0"?><rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>"#;
    let pdf = Builder::named(xml, "ZUGFeRD-invoice.xml", "COMFORT")
        .build()
        .unwrap();
    let r = validator().validate_bytes("x.pdf", &pdf);
    assert!(r.outcome.unwrap_err().contains("ZUGFeRD 1.0"));
}

#[test]
fn second_attachment() {
    let xml = en_xml();
    // A known name plus an unrelated attachment: no finding, the invoice is taken.
    let mut b = Builder::zugferd(&xml);
    let mut other = Attachment::xml("lieferschein.pdf", b"%PDF-1.4 not really");
    other.mime = "application/pdf".into();
    other.relationship = Some("Supplement".into());
    b.attachments.insert(0, other);
    let e = ok(&b);
    assert_eq!(e.xml, xml);
    assert!(e.findings.is_empty(), "{:?}", e.findings);
    // Two known names: ER-PDF-02; the one the XMP names wins, then the preferred name.
    let other_xml = sample_cii(BT24_XRECHNUNG, 1).into_bytes();
    let mut b = Builder::named(&xml, "factur-x.xml", "EN 16931");
    b.attachments
        .push(Attachment::xml("zugferd-invoice.xml", &other_xml));
    b.metadata = Metadata::FacturX {
        level: "XRECHNUNG".into(),
        file_name: "zugferd-invoice.xml".into(),
    };
    let e = ok(&b);
    assert_eq!(rules(&e), ["ER-PDF-02"]);
    assert_eq!(e.name, "zugferd-invoice.xml");
    assert_eq!(e.xml, other_xml);
    b.metadata = Metadata::FacturX {
        level: "EN 16931".into(),
        file_name: "other.xml".into(),
    };
    let e = ok(&b);
    assert_eq!(e.name, "factur-x.xml");
    assert_eq!(rules(&e), ["ER-PDF-02", "ER-PDF-10"]);
}

#[test]
fn non_standard_names() {
    let xml = en_xml();
    // The only XML attachment, odd name: taken with ER-PDF-01.
    let e = ok(&Builder::named(&xml, "rechnung_4711.xml", "EN 16931"));
    assert_eq!(e.xml, xml);
    assert_eq!(rules(&e), ["ER-PDF-01"]);
    // Two odd XML attachments, one an invoice: that one, ER-PDF-01.
    let mut b = Builder::named(&xml, "rechnung.xml", "EN 16931");
    b.attachments.insert(
        0,
        Attachment::xml("stammdaten.xml", b"<?xml version=\"1.0\"?><Stammdaten/>"),
    );
    let e = ok(&b);
    assert_eq!(e.name, "rechnung.xml");
    assert_eq!(rules(&e), ["ER-PDF-01"]);
    // Two odd XML invoices: ambiguous, fatal.
    let mut b = Builder::named(&xml, "a.xml", "EN 16931");
    b.attachments.push(Attachment::xml("b.xml", &xml));
    b.metadata = Metadata::FacturX {
        level: "EN 16931".into(),
        file_name: "a.xml".into(),
    };
    let e = ok(&b);
    assert_eq!(rules(&e), ["ER-PDF-03"]);
    assert_eq!(e.findings[0].severity, Severity::Fatal);
    assert!(!validator()
        .validate_bytes("x.pdf", &b.build().unwrap())
        .accepted());
}

#[test]
fn no_invoice_is_a_clear_error() {
    let mut b = Builder::zugferd(b"");
    b.attachments.clear();
    let err = extract(&b.build().unwrap(), MAX).unwrap_err();
    assert!(matches!(err, DocError::PdfNoInvoice(_)), "{err}");
    assert!(err.to_string().contains("no embedded files"), "{err}");
    let mut b = Builder::zugferd(b"");
    let mut png = Attachment::xml("logo.png", b"\x89PNG");
    png.mime = "image/png".into();
    b.attachments = vec![png];
    let err = extract(&b.build().unwrap(), MAX).unwrap_err();
    assert!(err.to_string().contains("logo.png"), "{err}");
    let mut b = Builder::named(b"<?xml version=\"1.0\"?><a/>", "x.xml", "EN 16931");
    b.attachments.push(Attachment::xml("y.xml", b"<b/>"));
    assert!(matches!(
        extract(&b.build().unwrap(), MAX),
        Err(DocError::PdfNoInvoice(_))
    ));
    // Through the validator: an error report, not a panic.
    let mut b = Builder::zugferd(b"");
    b.attachments.clear();
    let r = validator().validate_bytes("plain.pdf", &b.build().unwrap());
    assert!(r.outcome.unwrap_err().contains("no embedded invoice XML"));
}

#[test]
fn association_findings() {
    let xml = en_xml();
    let mut b = Builder::zugferd(&xml);
    b.attachments[0].in_af = false;
    assert_eq!(rules(&ok(&b)), ["ER-PDF-04"]);
    let mut b = Builder::zugferd(&xml);
    b.attachments[0].in_name_tree = false;
    let e = ok(&b);
    assert_eq!(e.xml, xml, "found through /AF alone");
    assert_eq!(rules(&e), ["ER-PDF-05"]);
    let mut b = Builder::zugferd(&xml);
    b.attachments[0].relationship = None;
    assert_eq!(rules(&ok(&b)), ["ER-PDF-06"]);
    b.attachments[0].relationship = Some("Unspecified".into());
    assert_eq!(rules(&ok(&b)), ["ER-PDF-06"]);
    for r in ["Data", "Source", "Alternative"] {
        b.attachments[0].relationship = Some(r.into());
        assert!(ok(&b).findings.is_empty(), "{r}");
    }
    let mut b = Builder::zugferd(&xml);
    b.attachments[0].declared_size = Some(12);
    assert_eq!(rules(&ok(&b)), ["ER-PDF-13"]);
}

#[test]
fn xmp_findings() {
    let xml = en_xml();
    let mut b = Builder::zugferd(&xml);
    b.metadata = Metadata::None;
    let e = ok(&b);
    assert_eq!(e.xml, xml);
    assert_eq!(rules(&e), ["ER-PDF-07"]);
    for broken in [
        &b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF"[..],
        b"\xFF\xFE\x00garbage",
        b"",
    ] {
        b.metadata = Metadata::Raw(broken.to_vec());
        let e = ok(&b);
        assert_eq!(e.xml, xml);
        assert_eq!(rules(&e), ["ER-PDF-08"], "{broken:?}");
    }
    let full = xmp("EN 16931", "factur-x.xml");
    b.metadata = Metadata::Raw(
        full.replace("<fx:Version>1.0</fx:Version>", "")
            .into_bytes(),
    );
    let e = ok(&b);
    assert_eq!(rules(&e), ["ER-PDF-09"]);
    assert!(e.findings[0].message.contains("Version"));
    b.metadata = Metadata::Raw(
        full.replace("factur-x.xml", "zugferd-invoice.xml")
            .into_bytes(),
    );
    assert_eq!(rules(&ok(&b)), ["ER-PDF-10"]);
    b.metadata = Metadata::Raw(full.replace(">INVOICE<", ">ORDER<").into_bytes());
    assert_eq!(rules(&ok(&b)), ["ER-PDF-11"]);
    b.metadata = Metadata::Raw(
        full.replace(
            "<pdfaid:part>3</pdfaid:part>",
            "<pdfaid:part>2</pdfaid:part>",
        )
        .into_bytes(),
    );
    assert_eq!(rules(&ok(&b)), ["ER-PDF-12"]);
    b.metadata = Metadata::Raw(full.into_bytes());
    assert!(ok(&b).findings.is_empty());
}

#[test]
fn encrypted_pdfs_are_refused() {
    for user in ["", "geheim"] {
        let mut b = Builder::zugferd(&en_xml());
        b.encrypt = Some(user.to_string());
        let pdf = b.build().unwrap();
        assert!(
            pdf.windows(8).any(|w| w == b"/Encrypt"),
            "fixture must be encrypted"
        );
        let err = extract(&pdf, MAX).unwrap_err();
        assert!(
            matches!(err, DocError::PdfEncrypted),
            "user password {user:?}: {err}"
        );
    }
}

#[test]
fn attachment_over_the_limit_is_refused() {
    let xml = en_xml();
    let pdf = Builder::zugferd(&xml).build().unwrap();
    let err = extract(&pdf, xml.len() - 1).unwrap_err();
    assert!(err.to_string().contains("limit"), "{err}");
    assert_eq!(extract(&pdf, xml.len()).unwrap().xml, xml);
}

#[test]
fn cli_extract_writes_the_xml_verbatim() {
    let dir = std::env::temp_dir().join(format!("erechnung-pdf-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Latin-1 XML with CRLF: any re-encoding or newline change would show.
    let xml = sample_cii(BT24_EN16931, 1)
        .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
        .replace('\n', "\r\n");
    let xml: Vec<u8> = xml
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let pdf_path = dir.join("in.pdf");
    let out_path = dir.join("out.xml");
    let mut b = Builder::zugferd(&xml);
    b.object_streams = true;
    std::fs::write(&pdf_path, b.build().unwrap()).unwrap();
    let bin = env!("CARGO_BIN_EXE_erechnung");
    let st = std::process::Command::new(bin)
        .args([
            "extract",
            pdf_path.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(st.success());
    assert_eq!(std::fs::read(&out_path).unwrap(), xml);
    let out = std::process::Command::new(bin)
        .args(["extract", pdf_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.stdout, xml);
    // A damaged PDF: exit 2 with a message, nothing on stdout.
    std::fs::write(&pdf_path, b"%PDF-1.7\ngarbage").unwrap();
    let out = std::process::Command::new(bin)
        .args(["extract", pdf_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("PDF"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // validate on the PDF works through the CLI, too.
    let mut b = Builder::zugferd(&en_xml());
    b.nested_name_tree = true;
    std::fs::write(&pdf_path, b.build().unwrap()).unwrap();
    let out = std::process::Command::new(bin)
        .args(["validate", "--format", "json", pdf_path.to_str().unwrap()])
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.contains("\"syntax\":\"cii\""), "{line}");
    std::fs::remove_dir_all(&dir).ok();
}

/// splitmix64: a small deterministic PRNG so every corrupted PDF can be rebuilt from its case number.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The fixtures the corruption test starts from.
fn corpus() -> Vec<Vec<u8>> {
    let xml = en_xml();
    let mut out = Vec::new();
    for (os, nested, inc) in [
        (false, false, false),
        (true, false, false),
        (false, true, false),
        (false, false, true),
        (true, true, false),
    ] {
        let mut b = Builder::zugferd(&xml);
        b.object_streams = os;
        b.nested_name_tree = nested;
        b.incremental = inc;
        out.push(b.build().unwrap());
    }
    let mut b = Builder::zugferd(&xml);
    b.attachments
        .push(Attachment::xml("zugferd-invoice.xml", &xml));
    b.metadata = Metadata::Raw(b"<x:xmpmeta".to_vec());
    out.push(b.build().unwrap());
    let mut b = Builder::zugferd(&xml);
    b.attachments[0].compress = false;
    out.push(b.build().unwrap());
    out
}

/// One corruption of `pdf`, chosen by `rng`.
fn corrupt(pdf: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut p = pdf.to_vec();
    match rng.below(6) {
        // Truncated.
        0 => p.truncate(rng.below(p.len())),
        // Bit flips.
        1 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(p.len());
                p[i] ^= 1 << rng.below(8);
            }
        }
        // A stream /Length (or any number after /Length, /Size, /Prev, /N, /First) made wrong.
        2 => {
            let keys: [&[u8]; 5] = [b"/Length", b"/Size", b"/Prev", b"/N", b"/First"];
            let key = keys[rng.below(keys.len())];
            let hits: Vec<usize> = p
                .windows(key.len())
                .enumerate()
                .filter(|(_, w)| *w == key)
                .map(|(i, _)| i)
                .collect();
            if let Some(&at) = hits.get(rng.below(hits.len())) {
                let mut i = at + key.len();
                while i < p.len() && p[i] == b' ' {
                    i += 1;
                }
                let start = i;
                while i < p.len() && p[i].is_ascii_digit() {
                    i += 1;
                }
                let wrong = match rng.below(4) {
                    0 => "0".to_string(),
                    1 => "99999999999".to_string(),
                    2 => "-1".to_string(),
                    _ => (rng.below(5000)).to_string(),
                };
                p.splice(start..i, wrong.into_bytes());
            }
        }
        // A byte range deleted.
        3 => {
            let a = rng.below(p.len());
            let b = (a + 1 + rng.below(64)).min(p.len());
            p.drain(a..b);
        }
        // A byte range overwritten with random bytes.
        4 => {
            let a = rng.below(p.len());
            for i in a..(a + 1 + rng.below(32)).min(p.len()) {
                p[i] = rng.next() as u8;
            }
        }
        // A keyword broken (xref, trailer, startxref, stream, endobj, obj).
        _ => {
            let words: [&[u8]; 6] = [
                b"startxref",
                b"trailer",
                b"xref",
                b"endstream",
                b"endobj",
                b" obj",
            ];
            let w = words[rng.below(words.len())];
            let hits: Vec<usize> = p
                .windows(w.len())
                .enumerate()
                .filter(|(_, x)| *x == w)
                .map(|(i, _)| i)
                .collect();
            if let Some(&at) = hits.get(rng.below(hits.len())) {
                p[at + w.len() / 2] = b'#';
            }
        }
    }
    p
}

/// 10,000 corrupted PDFs through extraction and validation: no panic, no
/// hang (each case under 2 s, the whole run watched by a timeout), and every
/// failure a readable error.
#[test]
fn ten_thousand_corrupted_pdfs_fail_cleanly() {
    const CASES: usize = 10_000;
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let corpus = corpus();
        let v = validator();
        let mut rng = Rng(0x5EED_2026);
        let (mut accepted, mut rejected, mut errors) = (0usize, 0usize, 0usize);
        let mut panics = Vec::new();
        let mut kinds: std::collections::BTreeMap<String, usize> =
            std::collections::BTreeMap::new();
        let mut slowest = std::time::Duration::ZERO;
        for case in 0..CASES {
            let base = &corpus[case % corpus.len()];
            let pdf = corrupt(base, &mut rng);
            let t = std::time::Instant::now();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let e = extract(&pdf, 1 << 20);
                let r = v.validate_bytes("c.pdf", &pdf);
                (e.map(|e| e.xml.len()).map_err(|e| e.to_string()), r)
            }));
            slowest = slowest.max(t.elapsed());
            match outcome {
                Err(_) => panics.push(case),
                Ok((e, r)) => {
                    if let Err(msg) = &e {
                        assert!(msg.len() > 20, "case {case}: unclear error {msg:?}");
                    }
                    match &r.outcome {
                        Err(msg) => {
                            assert!(msg.len() > 20, "case {case}: unclear error {msg:?}");
                            let kind: String = msg.chars().take(48).collect();
                            *kinds.entry(kind).or_default() += 1;
                            errors += 1;
                        }
                        Ok(_) if r.accepted() => accepted += 1,
                        Ok(_) => rejected += 1,
                    }
                }
            }
        }
        let mut kinds: Vec<_> = kinds.into_iter().collect();
        kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
        for (k, n) in kinds.iter().take(12) {
            eprintln!("{n:6}  {k}…");
        }
        (accepted, rejected, errors, panics, slowest)
    });
    // Watchdog: a hang fails the test instead of blocking it forever.
    let done = std::thread::spawn(move || {
        let r = worker.join();
        let _ = tx.send(r);
    });
    let result = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("corruption run hung (no result within 120 s)");
    done.join().unwrap();
    let (accepted, rejected, errors, panics, slowest) = result.expect("corruption worker panicked");
    eprintln!(
        "corrupted PDFs: {CASES} cases, {accepted} accepted, {rejected} rejected, {errors} errors, {} panics, slowest {slowest:?}",
        panics.len()
    );
    assert!(panics.is_empty(), "panics in cases {panics:?}");
    assert!(
        slowest < std::time::Duration::from_secs(2),
        "slowest case {slowest:?}"
    );
    assert!(
        errors > CASES / 10,
        "the corruptions should break many files ({errors} errors)"
    );
}

/// A name tree whose kids point back at the root (a reference cycle) and a
/// self-referencing /AF entry: the walk ends and the invoice is still found.
#[test]
fn name_tree_cycles_end() {
    let xml = en_xml();
    let mut b = Builder::zugferd(&xml);
    b.nested_name_tree = true;
    let mut doc = lopdf::Document::load_mem(&b.build().unwrap()).unwrap();
    let catalog = doc.catalog().unwrap().clone();
    let names = catalog.get(b"Names").unwrap().as_dict().unwrap();
    let root_id = names.get(b"EmbeddedFiles").unwrap().as_reference().unwrap();
    let root = doc.get_dictionary(root_id).unwrap().clone();
    let middle_id = root.get(b"Kids").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    let mut middle = doc.get_dictionary(middle_id).unwrap().clone();
    let mut kids = middle.get(b"Kids").unwrap().as_array().unwrap().clone();
    kids.insert(0, lopdf::Object::Reference(root_id));
    kids.push(lopdf::Object::Reference(middle_id));
    middle.set("Kids", kids);
    doc.objects
        .insert(middle_id, lopdf::Object::Dictionary(middle));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    let e = extract(&out, MAX).unwrap();
    assert_eq!(e.xml, xml);
    assert!(e.findings.is_empty(), "{:?}", e.findings);
}

/// A small attachment that inflates far beyond the limit is refused without
/// allocating its full size.
#[test]
fn flate_bomb_is_refused() {
    let zeros = vec![0u8; 8 << 20];
    let mut b = Builder::zugferd(&zeros);
    b.attachments[0].name = "factur-x.xml".into();
    let pdf = b.build().unwrap();
    assert!(
        pdf.len() < 64 << 10,
        "the bomb is small: {} bytes",
        pdf.len()
    );
    let err = extract(&pdf, 1 << 20).unwrap_err().to_string();
    assert!(err.contains("limit"), "{err}");
}

/// An incremental update that replaces the embedded invoice: the newest
/// revision is the one extracted.
#[test]
fn incremental_update_replacing_the_invoice_wins() {
    let old = en_xml();
    let new = sample_cii(BT24_EN16931, 5).into_bytes();
    let base = Builder::zugferd(&old).build().unwrap();
    let prev = lopdf::Document::load_mem(&base).unwrap();
    let file_id = prev
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_stream()
                .is_ok_and(|s| s.dict.has_type(b"EmbeddedFile"))
        })
        .map(|(id, _)| *id)
        .unwrap();
    let mut inc = lopdf::IncrementalDocument::create_from(base.clone(), prev);
    let mut stream = lopdf::Stream::new(
        lopdf::dictionary! { "Type" => "EmbeddedFile", "Subtype" => lopdf::Object::Name(b"text/xml".to_vec()), "Params" => lopdf::dictionary! { "Size" => new.len() as i64 } },
        new.clone(),
    );
    stream.allows_compression = false;
    inc.new_document.set_object(file_id, stream);
    let mut out = Vec::new();
    inc.save_to(&mut out).unwrap();
    assert!(out.starts_with(&base), "an incremental update appends");
    assert_eq!(extract(&base, MAX).unwrap().xml, old);
    assert_eq!(extract(&out, MAX).unwrap().xml, new);
}
