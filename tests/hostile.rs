//! Hostile and broken inputs: each ends in a clear error that names the file,
//! exit status 1, never a crash or a hang, and a batch with one bad file still
//! reports every other file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_erechnung"))
}

fn tmpdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("erechnung-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn validate_json(paths: &[&Path]) -> (Output, Vec<serde_json::Value>) {
    let out = bin()
        .args(["validate", "--format", "json"])
        .args(paths)
        .output()
        .unwrap();
    let lines = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out, lines)
}

/// Writes `bytes` to a file and asserts the validator answers with one error line
/// naming the file, containing `needle`, and exit status 1.
fn assert_refused(name: &str, bytes: &[u8], needle: &str) {
    let dir = tmpdir(name);
    let file = dir.join(format!("{name}.xml"));
    std::fs::write(&file, bytes).unwrap();
    let (out, lines) = validate_json(&[&file]);
    assert_eq!(out.status.code(), Some(1), "{name}: exit status");
    assert_eq!(lines.len(), 1, "{name}: one JSON line");
    let line = &lines[0];
    assert_eq!(
        line["source"],
        file.display().to_string(),
        "{name}: names the file"
    );
    let err = line["error"]
        .as_str()
        .unwrap_or_else(|| panic!("{name}: no error in {line}"));
    assert!(
        err.contains(needle),
        "{name}: error `{err}` lacks `{needle}`"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn billion_laughs_is_refused_without_expansion() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&lol9;</Invoice>\n");
    assert_refused("billion-laughs", doc.as_bytes(), "DTD");
}

#[test]
fn external_entity_is_refused() {
    let doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n\
               <Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&xxe;</Invoice>";
    assert_refused("xxe", doc.as_bytes(), "DTD");
}

#[test]
fn deep_nesting_is_refused() {
    let depth = 10_000;
    let mut doc =
        String::from("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">");
    doc.push_str(&"<a>".repeat(depth));
    doc.push_str(&"</a>".repeat(depth));
    doc.push_str("</Invoice>");
    assert_refused("deep", doc.as_bytes(), "nested more than");
}

#[test]
fn huge_file_is_refused_before_reading() {
    let dir = tmpdir("huge");
    let file = dir.join("huge.xml");
    // A sparse 200 MB file: refused from its size alone, without being read.
    std::fs::File::create(&file)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let (out, lines) = validate_json(&[&file]);
    assert_eq!(out.status.code(), Some(1));
    let err = lines[0]["error"].as_str().unwrap();
    assert!(
        err.contains("209715200 bytes") && err.contains("limit"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn binary_garbage_is_refused() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    assert_refused("garbage", &bytes, "");
}

#[test]
fn empty_file_is_refused() {
    assert_refused("empty", b"", "empty");
}

#[test]
fn wrong_encoding_declaration_is_refused() {
    // Declared UTF-8, written in ISO-8859-1.
    let doc = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><Note>M\xFCller</Note></Invoice>";
    assert_refused("wrong-encoding", doc, "not valid UTF-8");
    // Declared UTF-16, written in single bytes.
    let doc = b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<Invoice/>";
    assert_refused("wrong-utf16", doc, "UTF-16");
}

#[test]
fn non_invoice_xml_names_its_root() {
    let doc = "<?xml version=\"1.0\"?><Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>";
    assert_refused("order", doc.as_bytes(), "Order-2}Order");
}

#[test]
fn truncated_xml_is_refused_with_position() {
    let doc = "<?xml version=\"1.0\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><cbc:ID";
    assert_refused("truncated", doc.as_bytes(), "not well-formed");
}

#[test]
fn zugferd1_is_named_as_legacy() {
    let doc = "<?xml version=\"1.0\"?><rsm:CrossIndustryDocument xmlns:rsm=\"urn:ferd:CrossIndustryDocument:invoice:1p0\"/>";
    assert_refused("zugferd1", doc.as_bytes(), "ZUGFeRD 1.0");
}

#[test]
fn a_bad_file_does_not_stop_the_batch() {
    let dir = tmpdir("batch");
    let good = "<?xml version=\"1.0\"?><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>";
    let names = ["a.xml", "b.xml", "c.xml", "d.xml"];
    for n in names {
        std::fs::write(dir.join(n), good).unwrap();
    }
    std::fs::write(dir.join("bad.xml"), b"\x00\x01garbage").unwrap();
    let (out, lines) = validate_json(&[&dir]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(lines.len(), 5, "every file reported");
    let sources: Vec<_> = lines
        .iter()
        .map(|l| l["source"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted, "reports in input (path) order");
    let errors = lines.iter().filter(|l| l.get("error").is_some()).count();
    assert_eq!(errors, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_file_is_reported_not_fatal() {
    let (out, lines) = validate_json(&[Path::new("/nonexistent/erechnung/x.xml")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(lines[0]["error"].as_str().unwrap().contains("cannot read"));
}

#[test]
fn stdin_is_read_with_dash() {
    use std::io::Write;
    let mut child = bin()
        .args(["validate", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["source"], "-");
    assert_eq!(line["syntax"], "ubl-invoice");
    assert_eq!(line["verdict"], "reject");
}

#[test]
fn usage_error_exits_2() {
    let out = bin()
        .args(["validate", "--rules", "nonsense", "x.xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["validate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Every amount of a generated UBL invoice (the text after `currencyID="EUR">`)
/// replaced by `amount`.
fn with_amounts(ubl: &str, amount: &str) -> String {
    let tag = "currencyID=\"EUR\">";
    let mut out = String::with_capacity(ubl.len());
    let mut rest = ubl;
    while let Some(i) = rest.find(tag) {
        out.push_str(&rest[..i + tag.len()]);
        rest = &rest[i + tag.len()..];
        let end = rest.find('<').unwrap();
        out.push_str(amount);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn amounts_beyond_the_decimal_range_end_that_document_only() {
    let dir = tmpdir("huge-amounts");
    let status = bin()
        .args([
            "generate", "--count", "1", "--lines", "3", "--syntax", "ubl", "--out",
        ])
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let ubl = std::fs::read_to_string(dir.join("inv-00000.ubl.xml")).unwrap();
    // 28 integer digits: the rounding of XPath's round(x * 100) and the sums overflow
    // rust_decimal's 96-bit mantissa (the official XSLT has no such limit).
    let huge = with_amounts(&ubl, "7922816251426433759354395033");
    assert_ne!(huge, ubl);
    std::fs::write(dir.join("a-huge.xml"), huge).unwrap();
    std::fs::write(dir.join("b-fine.xml"), &ubl).unwrap();
    let (out, lines) = validate_json(&[&dir.join("a-huge.xml"), &dir.join("b-fine.xml")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(lines.len(), 2, "both files reported: {lines:?}");
    let err = lines[0]["error"].as_str().unwrap_or_default();
    assert!(err.contains("28 significant digits"), "{err}");
    assert!(lines[1].get("error").is_none(), "{}", lines[1]);
    let _ = std::fs::remove_dir_all(&dir);
}
