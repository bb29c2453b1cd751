//! A large invoice is checked on all threads of the pool (each rule a task,
//! the XML walks beside them, `Validator::with_parallel_from`): the findings,
//! their order and their positions are the same as on one thread.

use erechnung::gen::{self, Options};
use erechnung::rules::Finding;
use erechnung::syntax::Limits;
use erechnung::validate::{Selection, Validator, PARALLEL_NODES};

/// A generated invoice of `lines` lines with one fault for each kind of
/// check: a code (EN 16931 rule), an element the binding forbids, a date
/// the schema refuses, and a Leitweg-ID with a wrong check digit.
fn faulty_ubl(lines: usize) -> String {
    let opts = Options {
        lines,
        ..Options::default()
    };
    let spec = gen::generate(7, 0, &opts);
    let xml = gen::to_ubl(&spec);
    let xml = xml.replacen("<cbc:InvoiceTypeCode>380<", "<cbc:InvoiceTypeCode>999<", 1);
    let id_end = xml.find("</cbc:ID>").expect("an invoice number") + "</cbc:ID>".len();
    let mut xml = xml;
    xml.insert_str(id_end, "<cbc:CopyIndicator>false</cbc:CopyIndicator>");
    let last_date = xml.rfind("<cbc:IssueDate>").expect("an issue date");
    xml.replace_range(
        last_date..last_date + "<cbc:IssueDate>2024-01-01".len(),
        "<cbc:IssueDate>2024-13-01",
    );
    let reference = &spec.buyer_reference;
    let broken = format!("{}0", &reference[..reference.len() - 1]);
    xml.replacen(
        &format!("<cbc:BuyerReference>{reference}<"),
        &format!("<cbc:BuyerReference>{broken}<"),
        1,
    )
}

fn findings(v: &Validator, xml: &str) -> Vec<Finding> {
    let report = v.validate_bytes("large.xml", xml.as_bytes());
    report.outcome.expect("read as an invoice").findings
}

#[test]
fn many_threads_find_what_one_finds_in_the_same_order() {
    let xml = faulty_ubl(400);
    let doc = erechnung::xml::Document::parse(&xml).expect("well-formed");
    assert!(doc.len() > PARALLEL_NODES, "{} nodes", doc.len());
    for selection in ["auto", "en16931,xrechnung", "en16931"] {
        let v = || Validator::new(Selection::parse(selection).unwrap(), Limits::default());
        let one = findings(&v().with_parallel_from(usize::MAX), &xml);
        let two = findings(&v().with_parallel_from(0), &xml);
        // More threads than cores: rules that share the context's indexes
        // race to build them.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(6)
            .build()
            .unwrap();
        let six = pool.install(|| findings(&v().with_parallel_from(0), &xml));
        let default = findings(&v(), &xml);
        assert_eq!(one, two, "{selection}");
        assert_eq!(one, six, "{selection}");
        assert_eq!(one, default, "{selection}");
        // Every kind of check found its fault, in the order of the checks:
        // EN 16931 rules, XRechnung rules, binding rules, structure, Leitweg-ID.
        let mut order = vec!["BR-CL-01", "BR-DE-17", "UBL-CR-", "SCHEMA-", "ER-LEITWEG-"];
        if selection == "en16931" {
            order.retain(|p| !p.starts_with("BR-DE") && !p.starts_with("ER-"));
        }
        let rules: Vec<&str> = one.iter().map(|f| f.rule).collect();
        let mut at = 0;
        for prefix in &order {
            match rules[at..].iter().position(|r| r.starts_with(prefix)) {
                Some(k) => at += k + 1,
                None => panic!("{selection}: no {prefix} after position {at} in {rules:?}"),
            }
        }
    }
}
