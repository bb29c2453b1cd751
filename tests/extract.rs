//! Differential tests of the extraction: the same invoice as UBL and as CII
//! gives the same JSON and CSV (only `syntax` differs).

mod pipeline_common;

use erechnung::syntax::Limits;
use erechnung::{Selection, Validator};
use pipeline_common::*;

fn export(xml: &str) -> (serde_json::Value, String) {
    let v = Validator::new(Selection::Auto, Limits::default());
    let (report, out) = v.validate_bytes_with("t.xml", xml.as_bytes(), |inv, _| {
        let mut j = Vec::new();
        erechnung::extract::json::write(inv, &mut j);
        let mut c = Vec::new();
        erechnung::extract::csv::write(inv, &mut c);
        (j, String::from_utf8(c).unwrap())
    });
    assert!(report.accepted(), "{report:?}");
    let (j, c) = out.unwrap();
    (serde_json::from_slice(&j).unwrap(), c)
}

#[test]
fn ubl_and_cii_extract_the_same() {
    let p = Params::new(42, "05315-00042-42");
    let (mut u, uc) = export(&ubl(&p));
    let (mut c, cc) = export(&cii(&p));
    assert_eq!(u["syntax"], "ubl-invoice");
    assert_eq!(c["syntax"], "cii");
    u["syntax"] = serde_json::Value::Null;
    c["syntax"] = serde_json::Value::Null;
    assert_eq!(u, c);
    assert_eq!(uc, cc);
    // the terms a finance system needs are there, in ISO dates and exact amounts
    assert_eq!(u["BT-9"], "2024-06-01");
    assert_eq!(u["BT-112"], "187.47", "net 157.54 + 19 % VAT 29.93");
    assert_eq!(u["BG-16"][0]["BT-84"], "DE02120300000000202051");
    assert_eq!(u["BG-23"][0]["BT-119"], "19");
    let rows: Vec<&str> = uc.lines().collect();
    assert_eq!(rows.len(), 4, "header, H, one V, one L: {uc}");
    assert!(rows[2].starts_with("V;RE-2024-000042;"));
    assert!(rows[3].starts_with("L;RE-2024-000042;"));
    assert!(rows
        .iter()
        .all(|r| r.split(';').count() == erechnung::extract::csv::COLUMNS.len()));
}
