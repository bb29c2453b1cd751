//! Table-driven tests: every row of both tables becomes a document that breaks
//! it (the rule must fire) and one that keeps it (the rule must stay silent),
//! built from the row itself; plus hand-written regression tests.

use super::notation::{Atom, Axis, Expr, NameTest, Path, Rhs};
use super::parse::{self, Resolver};
use super::table::{Kind, Row, Table};
use super::*;

const UBL_TSV: &str = include_str!("../../../schemas/binding/ubl.tsv");
const CII_TSV: &str = include_str!("../../../schemas/binding/cii.tsv");

/// The compiled static tables are exactly what the parser makes of the files
/// now (the build wrote them as `Debug` text; this also checks that printing
/// and reading back that text loses nothing).
#[test]
fn static_tables_equal_the_parsed_files() {
    for (name, text, ns, compiled) in [
        ("ubl", UBL_TSV, parse::ubl_ns as Resolver, &UBL),
        ("cii", CII_TSV, parse::cii_ns as Resolver, &CII),
    ] {
        let mut parsed = match parse::parse(text, ns) {
            Ok(t) => t,
            Err(e) => panic!("{name}.tsv: {}", e.0),
        };
        // The map from DOM symbols is added by the build, from the vocabulary.
        let vocabulary: Vec<String> = (1..=crate::xml::symbols::COUNT as u16)
            .map(|s| crate::xml::symbols::name(s).to_string())
            .collect();
        parsed.by_dom = parse::by_dom(&parsed, &vocabulary);
        assert_eq!(parsed.by_dom.len(), crate::xml::symbols::COUNT + 1);
        assert!(parsed.by_dom.iter().any(|&s| s != super::table::NO_SYMBOL));
        assert!(!parsed.rows.is_empty(), "{name}");
        assert_eq!(format!("{parsed:?}"), format!("{compiled:?}"), "{name}");
    }
}

#[test]
fn cii_prefixes_are_the_syntax_namespaces() {
    for (p, uri) in [
        ("rsm", crate::syntax::NS_RSM),
        ("ram", crate::syntax::NS_RAM),
        ("udt", crate::syntax::NS_UDT),
        ("qdt", crate::syntax::NS_QDT),
    ] {
        assert_eq!(parse::cii_ns(p), Some(uri), "{p}");
    }
}

#[test]
fn every_symbol_is_found_and_unknown_names_are_not() {
    for t in [&UBL, &CII] {
        let names: Vec<_> = t.symbols.iter().filter(|s| s.len > 0).collect();
        assert!(names.len() * 2 <= t.symbols.len());
        for s in &names {
            assert_eq!(s.len as usize, s.name.len(), "{}", s.name);
            assert_eq!(t.symbol(&s.name), Some(s.sym), "{}", s.name);
        }
        // Numbered densely from 0: one candidate list per symbol.
        assert_eq!(names.len(), t.candidates.len());
        for unknown in ["", "NoSuchElement", "invoice", "IDX"] {
            assert_eq!(t.symbol(unknown), None, "{unknown}");
        }
    }
}

#[test]
fn a_malformed_row_names_its_line() {
    let text = "# comment\nUBL-X\tfatal\t1\tcac:Party\tnever\tcbc:ID\t\n";
    match parse::parse(text, parse::ubl_ns) {
        Ok(_) => panic!("an unknown kind must not parse"),
        Err(e) => assert!(e.0.starts_with("line 2: unknown kind"), "{}", e.0),
    }
    // A target is parsed when its context is grouped, after sorting: still named by line.
    let text = "UBL-X\tfatal\t2\tcac:Party\tabsent\tcbc:ID\t\nUBL-Y\tfatal\t1\tcac:Party\tabsent\tcbc:ID[[\t\n";
    match parse::parse(text, parse::ubl_ns) {
        Ok(_) => panic!("an unclosed filter must not parse"),
        Err(e) => assert!(e.0.starts_with("line 2: unclosed filter"), "{}", e.0),
    }
}

/// A tiny owned XML tree to build test documents in.
#[derive(Clone)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    text: Option<String>,
    children: Vec<usize>,
    parent: Option<usize>,
}

#[derive(Clone)]
struct Doc {
    els: Vec<El>,
    ubl: bool,
}

const UBL_PREFIXES: &[&str] = &["ubl", "cn", "cac", "cbc", "ext"];
const CII_PREFIXES: &[&str] = &["rsm", "ram", "udt", "qdt"];

impl Doc {
    fn new(ubl: bool) -> Doc {
        let root = if ubl {
            "ubl:Invoice"
        } else {
            "rsm:CrossIndustryInvoice"
        };
        Doc {
            els: vec![El {
                name: root.into(),
                attrs: Vec::new(),
                text: None,
                children: Vec::new(),
                parent: None,
            }],
            ubl,
        }
    }

    fn prefix_of(&self, uri: &str) -> &'static str {
        let (list, resolve): (&[&'static str], Resolver) = if self.ubl {
            (UBL_PREFIXES, parse::ubl_ns)
        } else {
            (CII_PREFIXES, parse::cii_ns)
        };
        list.iter()
            .copied()
            .find(|p| resolve(p) == Some(uri))
            .unwrap_or("x")
    }

    /// A concrete element name passing `test`.
    fn name_for(&self, test: &NameTest) -> String {
        let default = if self.ubl { "cbc" } else { "ram" };
        match test {
            NameTest::Name { ns, local, .. } => format!("{}:{local}", self.prefix_of(ns)),
            NameTest::Suffix { ns, suffix, .. } => {
                let p = ns.map_or(default, |u| self.prefix_of(u.as_str()));
                format!("{p}:Test{suffix}")
            }
            NameTest::Any => format!("{default}:Note"),
        }
    }

    fn add(&mut self, parent: usize, name: String) -> usize {
        self.els.push(El {
            name,
            attrs: Vec::new(),
            text: None,
            children: Vec::new(),
            parent: Some(parent),
        });
        let i = self.els.len() - 1;
        self.els[parent].children.push(i);
        i
    }

    /// Creates the element steps of `path` from `at` (new elements, filters satisfied);
    /// returns the last element, or `None` for steps that cannot be built.
    fn steps(&mut self, path: &Path, at: usize, upto: usize) -> Option<usize> {
        let mut cur = if path.absolute || path.deep { 0 } else { at };
        let mut steps = path.steps[..upto].iter();
        if path.absolute && !path.deep {
            // The first step names the root element.
            steps.next()?;
        }
        for s in steps {
            cur = match s.axis {
                Axis::Parent => self.els[cur].parent?,
                Axis::SelfNode => cur,
                Axis::Ancestor => return None,
                Axis::Child => {
                    let name = self.name_for(&s.tests[0]);
                    let n = self.add(cur, name);
                    for f in &s.filters {
                        self.satisfy(f, n);
                    }
                    n
                }
            };
        }
        Some(cur)
    }

    /// Creates `path` from `at`; the value goes into the final attribute or text.
    fn create(&mut self, path: &Path, at: usize, value: &str) -> Option<usize> {
        let el = self.steps(path, at, path.steps.len())?;
        match path.attr {
            Some(a) => self.els[el].attrs.push((a.to_string(), value.to_string())),
            None => {
                if el != at && self.els[el].children.is_empty() {
                    self.els[el].text = Some(value.to_string());
                }
            }
        }
        Some(el)
    }

    /// Builds content under `at` that makes `e` hold (first alternative, positive atoms).
    fn satisfy(&mut self, e: &Expr, at: usize) {
        let Some(all) = e.any.first() else { return };
        for (neg, atom) in all {
            if *neg {
                continue;
            }
            match atom {
                Atom::Exists(p) => {
                    self.create(p, at, "x");
                }
                Atom::Cmp {
                    prefix,
                    path,
                    ne,
                    rhs,
                    ..
                } => {
                    let value = match rhs {
                        Rhs::Values(v) if *ne => format!("{}-other", v[0]),
                        Rhs::Values(v) => v[0].to_string(),
                        Rhs::Bool(b) => (*b != *ne).to_string(),
                        Rhs::Other(p) => {
                            self.create(p, at, "B");
                            "A".to_string()
                        }
                    };
                    let start = match prefix {
                        Some(p) => self.steps(p, at, p.steps.len()).unwrap_or(at),
                        None => at,
                    };
                    self.create(path, start, &value);
                }
            }
        }
    }

    fn xml(&self) -> String {
        let mut s = String::new();
        let decls: String = if self.ubl {
            UBL_PREFIXES
                .iter()
                .map(|p| format!(" xmlns:{p}=\"{}\"", parse::ubl_ns(p).unwrap_or_default()))
                .collect()
        } else {
            CII_PREFIXES
                .iter()
                .map(|p| format!(" xmlns:{p}=\"{}\"", parse::cii_ns(p).unwrap_or_default()))
                .collect()
        };
        // Iterative serialisation: (element, children written yet).
        let mut stack = vec![(0usize, false)];
        while let Some((i, done)) = stack.pop() {
            let el = &self.els[i];
            if done {
                s.push_str(&format!("</{}>", el.name));
                continue;
            }
            s.push('<');
            s.push_str(&el.name);
            if i == 0 {
                s.push_str(&decls);
            }
            for (k, v) in &el.attrs {
                s.push_str(&format!(" {k}=\"{v}\""));
            }
            s.push('>');
            if let Some(t) = &el.text {
                s.push_str(t);
            }
            stack.push((i, true));
            for &c in el.children.iter().rev() {
                stack.push((c, false));
            }
        }
        s
    }
}

/// Builds the context element of `row` (first alternative); returns the doc and its index.
fn context_doc(row: &Row, table: &Table, ubl: bool) -> Option<(Doc, usize)> {
    let ctx = table
        .contexts
        .iter()
        .find(|c| c.rows.clone().any(|r| std::ptr::eq(&table.rows[r], row)))?;
    let alt = &ctx.alts[0];
    let mut doc = Doc::new(ubl);
    let at = doc.steps(alt, 0, alt.steps.len())?;
    Some((doc, at))
}

/// Adds `n` occurrences of `target` under `at`, with the given text values.
fn add_target(doc: &mut Doc, target: &Path, at: usize, values: &[&str]) -> Option<()> {
    if target.steps.is_empty() {
        for v in values {
            doc.els[at]
                .attrs
                .push((target.attr?.to_string(), v.to_string()));
        }
        return Some(());
    }
    let last = target.steps.len() - 1;
    let parent = doc.steps(target, at, last)?;
    let step = &target.steps[last];
    for v in values {
        let name = doc.name_for(&step.tests[0]);
        let el = doc.add(parent, name);
        for f in &step.filters {
            doc.satisfy(f, el);
        }
        match target.attr {
            Some(a) => doc.els[el].attrs.push((a.to_string(), v.to_string())),
            None => doc.els[el].text = Some(v.to_string()),
        }
    }
    Some(())
}

/// Content that breaks (`fail`) or keeps the row, added at the context element.
fn build(doc: &mut Doc, row: &Row, at: usize, fail: bool, ns: Resolver) -> Option<()> {
    let target = || parse::path(row.target_text.as_str(), &mut parse::Names::new(ns)).ok();
    match row.kind {
        Kind::Absent => {
            if fail {
                add_target(doc, &target()?, at, &["x"])?;
            }
        }
        Kind::Max(n) => {
            let k = if fail { n + 1 } else { n } as usize;
            add_target(doc, &target()?, at, &vec!["x"; k])?;
        }
        Kind::One => add_target(doc, &target()?, at, if fail { &["x", "x"] } else { &["x"] })?,
        Kind::Required => {
            if !fail {
                add_target(doc, &target()?, at, &["x"])?;
            }
        }
        Kind::Same => add_target(
            doc,
            &target()?,
            at,
            if fail { &["A", "B"] } else { &["A", "A"] },
        )?,
        // White space does not count for `same-norm`.
        Kind::SameNorm => add_target(
            doc,
            &target()?,
            at,
            if fail { &["A", "B"] } else { &["A", " A "] },
        )?,
        Kind::Assert => {
            let e = row.assert.as_ref()?;
            if !fail {
                doc.satisfy(e, at);
            } else if e.any.iter().all(|a| a.len() == 1 && a[0].0) {
                // `!A | !B`: breaking it means having all of them.
                for a in &e.any {
                    if let (_, Atom::Exists(p)) = &a[0] {
                        doc.create(p, at, "x")?;
                    }
                }
            } else {
                match row.id.as_str() {
                    "UBL-SR-43" => {
                        doc.create(
                            &parse::path("cbc:DocumentTypeCode", &mut parse::Names::new(ns))
                                .ok()?,
                            at,
                            "1",
                        )?;
                    }
                    "CII-SR-119" => {
                        let p = "ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ActualAmount";
                        doc.create(&parse::path(p, &mut parse::Names::new(ns)).ok()?, at, "1")?;
                    }
                    // UBL-SR-53, UBL-SR-19..21: an empty context breaks them.
                    _ => {}
                }
            }
        }
        Kind::Decimals(_) => doc.els[at].text = Some(if fail { "1.234" } else { "1.23" }.into()),
        Kind::Date102 => doc.els[at].text = Some(if fail { "20241301" } else { "20240131" }.into()),
    }
    if fail {
        // Make a negated-existence exception false: `!X` → create X.
        if let Some(u) = &row.unless {
            if u.any.len() == 1 && u.any[0].len() == 1 && u.any[0][0].0 {
                if let (_, Atom::Exists(p)) = &u.any[0][0] {
                    doc.create(p, at, "x")?;
                }
            }
        }
    }
    Some(())
}

fn fired(xml: &str, syntax: Syntax, id: &str) -> Result<bool, String> {
    let doc = crate::xml::Document::parse(xml).map_err(|e| format!("{e}: {xml}"))?;
    let mut out = Vec::new();
    check(&doc, syntax, &mut out);
    Ok(out.iter().any(|f| f.rule == id))
}

/// The index of the element in `xml` that the test built as context: located by
/// its position in document order, which serialisation keeps.
fn shadowed(table: &Table, row: &Row, xml: &str, at_order: usize) -> bool {
    let Ok(doc) = crate::xml::Document::parse(xml) else {
        return false;
    };
    let Some(n) = doc
        .root()
        .descendants()
        .filter(|n| n.is_element())
        .nth(at_order)
    else {
        return false;
    };
    let own = table
        .contexts
        .iter()
        .position(|c| c.rows.clone().any(|r| std::ptr::eq(&table.rows[r], row)));
    let keys = super::eval::Keys::new(table, &doc);
    let sym = Some(keys.of(n) as u16).filter(|&s| s != super::table::NO_SYMBOL);
    walk::first_context(table, &keys, n, sym) != own
}

fn order_of(doc: &Doc, at: usize) -> usize {
    // Pre-order index of element `at`.
    let mut stack = vec![0usize];
    let mut k = 0;
    while let Some(i) = stack.pop() {
        if i == at {
            return k;
        }
        k += 1;
        for &c in doc.els[i].children.iter().rev() {
            stack.push(c);
        }
    }
    usize::MAX
}

#[test]
fn every_row_fires_on_a_breaking_document_and_not_on_a_keeping_one() {
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut shadow = Vec::new();
    for (ubl, table, ns, syntax) in [
        (true, &UBL, parse::ubl_ns as Resolver, Syntax::UblInvoice),
        (false, &CII, parse::cii_ns as Resolver, Syntax::Cii),
    ] {
        for row in table.rows.iter() {
            let Some((base, at)) = context_doc(row, table, ubl) else {
                problems.push(format!("{}: cannot build its context", row.id));
                continue;
            };
            // The keeping document keeps every row of the same id (rules with two rows).
            let mut keep = base.clone();
            let mut ok = true;
            // (With a condition row, the condition's content alone keeps the count rows:
            // UBL-SR-19 counts the very name the condition asks for.)
            let with_assert = table
                .rows
                .iter()
                .any(|r| r.id == row.id && r.kind == Kind::Assert);
            for other in table.rows.iter().filter(|r| r.id == row.id) {
                if with_assert && other.kind != Kind::Assert {
                    continue;
                }
                ok &= build(&mut keep, other, at, false, ns).is_some();
            }
            let mut brk = base.clone();
            ok &= build(&mut brk, row, at, true, ns).is_some();
            if !ok {
                problems.push(format!("{}: cannot build its cases", row.id));
                continue;
            }
            let (bx, kx) = (brk.xml(), keep.xml());
            if shadowed(table, row, &bx, order_of(&brk, at)) {
                // An earlier rule of the same pattern takes this node: the row never fires.
                shadow.push(row.id);
                if fired(&bx, syntax, &row.id) == Ok(true) {
                    problems.push(format!("{}: shadowed but fired", row.id));
                }
                continue;
            }
            match fired(&bx, syntax, &row.id) {
                Ok(true) => {}
                Ok(false) => problems.push(format!("{}: silent on {bx}", row.id)),
                Err(e) => problems.push(format!("{}: {e}", row.id)),
            }
            match fired(&kx, syntax, &row.id) {
                Ok(false) => {}
                Ok(true) => problems.push(format!("{}: fired on {kx}", row.id)),
                Err(e) => problems.push(format!("{}: {e}", row.id)),
            }
            // The exception, where one can be built, silences the breaking case.
            if let Some(u) = &row.unless {
                let mut ex = brk.clone();
                ex.satisfy(u, at);
                let xml = ex.xml();
                if let Ok(d) = crate::xml::Document::parse(&xml) {
                    let n = d
                        .root()
                        .descendants()
                        .filter(|n| n.is_element())
                        .nth(order_of(&ex, at));
                    if n.is_some_and(|n| u.holds(&super::eval::Keys::new(table, &d), n))
                        && fired(&xml, syntax, row.id.as_str()) == Ok(true)
                    {
                        problems.push(format!(
                            "{}: fired although its exception holds: {xml}",
                            row.id
                        ));
                    }
                }
            }
            checked += 1;
        }
    }
    // Schematron first-match: `//ram:TypeCode` comes before the document type code's own rule.
    shadow.sort_unstable();
    assert_eq!(
        shadow,
        ["CII-DT-010", "CII-DT-011", "CII-DT-012"],
        "shadowed rows changed"
    );
    assert!(
        problems.is_empty(),
        "{} of {checked} rows wrong:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked > 1300, "only {checked} rows checked");
}

// ---- hand-written regression tests ----

const UBL_NS: &str = r#"xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2""#;
const CII_NS: &str = r#"xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100""#;

fn findings(xml: &str, syntax: Syntax) -> Vec<Finding> {
    let doc = crate::xml::Document::parse(xml).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    check(&doc, syntax, &mut out);
    crate::syntax::resolve_locations(&doc, &mut out);
    out
}

fn ids(f: &[Finding]) -> Vec<&'static str> {
    let mut v: Vec<_> = f.iter().map(|f| f.rule).collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[test]
fn unused_extension_is_reported_at_the_element_with_its_line() {
    let xml = format!("<Invoice {UBL_NS}>\n  <ext:UBLExtensions/>\n</Invoice>");
    let f = findings(&xml, Syntax::UblInvoice);
    let hit = f
        .iter()
        .find(|f| f.rule == "UBL-CR-001")
        .expect("UBL-CR-001 fires");
    assert_eq!((hit.line, hit.column), (2, 3));
    assert!(hit.message.contains("ext:UBLExtensions"), "{}", hit.message);
    assert_eq!(hit.severity, crate::rules::Severity::Warning);
}

#[test]
fn document_type_code_attributes_follow_the_first_matching_context() {
    // ram:TypeCode of the document is taken by the `//ram:TypeCode` context first.
    let xml = format!(
        "<rsm:CrossIndustryInvoice {CII_NS}><rsm:ExchangedDocument>\
         <ram:TypeCode listID=\"x\" name=\"y\">380</ram:TypeCode>\
         </rsm:ExchangedDocument></rsm:CrossIndustryInvoice>"
    );
    let got = ids(&findings(&xml, Syntax::Cii));
    assert!(got.contains(&"CII-DT-008"), "{got:?}");
    assert!(!got.contains(&"CII-DT-010"), "{got:?}");
}

#[test]
fn due_date_type_codes_compare_across_lines_and_header() {
    let body = |header: &str| {
        format!(
            "<rsm:CrossIndustryInvoice {CII_NS}><rsm:SupplyChainTradeTransaction>\
             <ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax>\
             <ram:DueDateTypeCode>5</ram:DueDateTypeCode></ram:ApplicableTradeTax></ram:SpecifiedLineTradeSettlement>\
             </ram:IncludedSupplyChainTradeLineItem>{header}</rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>"
        )
    };
    let with = body("<ram:ApplicableHeaderTradeSettlement><ram:ApplicableTradeTax><ram:DueDateTypeCode>29</ram:DueDateTypeCode></ram:ApplicableTradeTax></ram:ApplicableHeaderTradeSettlement>");
    let f = findings(&with, Syntax::Cii);
    let hit = f
        .iter()
        .find(|f| f.rule == "CII-SR-462")
        .expect("CII-SR-462 fires");
    assert!(
        hit.message.contains("`5`") && hit.message.contains("`29`"),
        "{}",
        hit.message
    );
    let same = body("<ram:ApplicableHeaderTradeSettlement><ram:ApplicableTradeTax><ram:DueDateTypeCode>5</ram:DueDateTypeCode></ram:ApplicableTradeTax></ram:ApplicableHeaderTradeSettlement>");
    assert!(!ids(&findings(&same, Syntax::Cii)).contains(&"CII-SR-462"));
}

#[test]
fn charge_indicator_is_read_as_a_boolean() {
    // UBL-SR-30 ff. hang on allowances (`false`) and charges (`true`); white space is trimmed,
    // and a value that is no boolean makes the element neither.
    let ac = |v: &str| {
        let xml = format!(
            "<Invoice {UBL_NS}><cac:AllowanceCharge><cbc:ChargeIndicator>{v}</cbc:ChargeIndicator>\
             <cbc:AllowanceChargeReason>a</cbc:AllowanceChargeReason><cbc:AllowanceChargeReason>b</cbc:AllowanceChargeReason>\
             </cac:AllowanceCharge></Invoice>"
        );
        ids(&findings(&xml, Syntax::UblInvoice))
    };
    let allowance = ac(" false ");
    let charge = ac("1");
    let neither = ac("no");
    let reason_rules = |v: &[&str]| v.iter().filter(|i| i.starts_with("UBL-SR-")).count();
    assert!(reason_rules(&allowance) > 0, "{allowance:?}");
    assert!(reason_rules(&charge) > 0, "{charge:?}");
    assert_ne!(allowance, charge);
    assert_eq!(reason_rules(&neither), 0, "{neither:?}");
}

#[test]
fn price_amounts_may_have_more_decimals() {
    let xml = format!(
        "<Invoice {UBL_NS}><cac:InvoiceLine><cbc:LineExtensionAmount currencyID=\"EUR\">1.005</cbc:LineExtensionAmount>\
         <cac:Price><cbc:PriceAmount currencyID=\"EUR\">1.12345</cbc:PriceAmount>\
         <cac:AllowanceCharge><cbc:Amount currencyID=\"EUR\">0.0001</cbc:Amount><cbc:BaseAmount currencyID=\"EUR\">1.12355</cbc:BaseAmount></cac:AllowanceCharge>\
         </cac:Price></cac:InvoiceLine></Invoice>"
    );
    let f = findings(&xml, Syntax::UblInvoice);
    let dt: Vec<_> = f.iter().filter(|f| f.rule == "UBL-DT-01").collect();
    assert_eq!(dt.len(), 1, "{f:?}");
    assert!(dt[0].message.contains("1.005"), "{}", dt[0].message);
}

#[test]
fn explain_knows_binding_rules() {
    let text = explain("ubl-cr-001").expect("known");
    assert!(text.starts_with("UBL-CR-001"), "{text}");
    assert!(text.contains("must not occur"), "{text}");
    assert!(explain("CII-SR-462").is_some_and(|t| t.contains("except when")));
    assert!(explain("BR-01").is_none());
}

/// The findings of `xml` with a cache of this walk only (cold), as (rule, line, column, message).
fn fresh(xml: &str, syntax: Syntax) -> Vec<(&'static str, u32, u32, String)> {
    let doc = crate::xml::Document::parse(xml).unwrap_or_else(|e| panic!("{e}"));
    let table = if syntax.is_ubl() {
        &super::UBL
    } else {
        &super::CII
    };
    let mut out = Vec::new();
    walk::check_cold(table, &doc, &mut out);
    crate::syntax::resolve_locations(&doc, &mut out);
    out.into_iter()
        .map(|f| (f.rule, f.line, f.column, f.message))
        .collect()
}

fn warm(xml: &str, syntax: Syntax) -> Vec<(&'static str, u32, u32, String)> {
    findings(xml, syntax)
        .into_iter()
        .map(|f| (f.rule, f.line, f.column, f.message))
        .collect()
}

#[test]
fn filtered_steps_are_decided_per_element_even_with_a_warm_cache() {
    // UBL-SR-12 counts the seller's VAT company ids (a filter on
    // `cac:PartyTaxScheme`): the same names under the same parents must
    // not reuse the outcome of another document.
    let doc = |schemes: [&str; 2]| {
        let pts: String = schemes
            .iter()
            .map(|s| {
                format!(
                    "<cac:PartyTaxScheme><cbc:CompanyID>DE1</cbc:CompanyID>\
                     <cac:TaxScheme><cbc:ID>{s}</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>"
                )
            })
            .collect();
        format!(
            "<Invoice {UBL_NS}><cac:AccountingSupplierParty><cac:Party>{pts}</cac:Party>\
             </cac:AccountingSupplierParty></Invoice>"
        )
    };
    let two_vat = doc(["VAT", "vat"]);
    let one_vat = doc(["VAT", "FC"]);
    for _ in 0..2 {
        let a = ids(&findings(&two_vat, Syntax::UblInvoice));
        assert!(
            a.contains(&"UBL-SR-12") && !a.contains(&"UBL-SR-13"),
            "{a:?}"
        );
        let b = ids(&findings(&one_vat, Syntax::UblInvoice));
        assert!(
            !b.contains(&"UBL-SR-12") && !b.contains(&"UBL-SR-13"),
            "{b:?}"
        );
    }
}

#[test]
fn nested_contexts_count_into_their_own_counters() {
    // Addresses (UBL-SR-51, at most one address line) nested in parties in
    // lines and header: every address is judged on its own lines, also
    // when the cache has seen the same shape at another depth.
    let addr = |lines: usize| {
        let l: String = (0..lines)
            .map(|i| format!("<cac:AddressLine><cbc:Line>{i}</cbc:Line></cac:AddressLine>"))
            .collect();
        format!("<cac:PostalAddress>{l}</cac:PostalAddress>")
    };
    let xml = format!(
        "<Invoice {UBL_NS}>\n<cac:AccountingSupplierParty><cac:Party>{}</cac:Party></cac:AccountingSupplierParty>\n\
         <cac:Delivery><cac:DeliveryLocation><cac:Address>{}</cac:Address></cac:DeliveryLocation></cac:Delivery>\n\
         <cac:AccountingCustomerParty><cac:Party>{}</cac:Party></cac:AccountingCustomerParty>\n\
         <cac:InvoiceLine><cac:Delivery><cac:DeliveryLocation>{}</cac:DeliveryLocation></cac:Delivery></cac:InvoiceLine>\n</Invoice>",
        addr(1),
        addr(0),
        addr(2),
        addr(3),
    );
    let f = findings(&xml, Syntax::UblInvoice);
    let lines: Vec<u32> = f
        .iter()
        .filter(|f| f.rule == "UBL-SR-51")
        .map(|f| f.line)
        .collect();
    assert_eq!(lines, [4, 5], "{f:?}");
    assert_eq!(
        warm(&xml, Syntax::UblInvoice),
        fresh(&xml, Syntax::UblInvoice)
    );
}

#[test]
fn a_warm_cache_gives_the_findings_of_a_cold_one() {
    // Our own documents with unknown names, attributes the tables name at
    // every depth, `//` targets and `same` values, walked cold, then warm
    // (after each other, so that the second reuses the first's states).
    let ubl = format!(
        "<Invoice {UBL_NS}><cbc:UBLVersionID>2.0</cbc:UBLVersionID>\
         <cbc:Foo schemeName=\"x\"><cbc:Bar listName=\"y\"/></cbc:Foo>\
         <cac:PaymentMeans><cbc:PaymentMeansCode name=\"n\">58</cbc:PaymentMeansCode><cbc:PaymentID>a</cbc:PaymentID></cac:PaymentMeans>\
         <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentID>b</cbc:PaymentID></cac:PaymentMeans>\
         <cac:InvoiceLine><cbc:Note>a</cbc:Note><cbc:Note>b</cbc:Note><cbc:LineExtensionAmount currencyID=\"EUR\" schemeURI=\"u\">1.001</cbc:LineExtensionAmount>\
         <cac:Item><cbc:Name languageID=\"de\">x</cbc:Name></cac:Item></cac:InvoiceLine>\
         <cac:InvoiceLine><cac:Item><cac:ClassifiedTaxCategory/><cac:ClassifiedTaxCategory/></cac:Item></cac:InvoiceLine></Invoice>"
    );
    let cii = format!(
        "<rsm:CrossIndustryInvoice {CII_NS}><rsm:ExchangedDocument><ram:TypeCode listID=\"x\">380</ram:TypeCode>\
         <ram:Unknown><ram:ID schemeName=\"s\">1</ram:ID></ram:Unknown></rsm:ExchangedDocument>\
         <rsm:SupplyChainTradeTransaction><ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedLineTradeSettlement>\
         <ram:ApplicableTradeTax><ram:DueDateTypeCode>5</ram:DueDateTypeCode></ram:ApplicableTradeTax>\
         <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>1.234</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>\
         </ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>\
         <ram:ApplicableHeaderTradeSettlement><ram:ApplicableTradeTax><ram:DueDateTypeCode>29</ram:DueDateTypeCode></ram:ApplicableTradeTax>\
         <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>\
         <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode> 30 </ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>\
         </ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>"
    );
    for (xml, syntax) in [(&ubl, Syntax::UblInvoice), (&cii, Syntax::Cii)] {
        let cold = fresh(xml, syntax);
        assert!(cold.len() >= 4, "{cold:?}");
        for _ in 0..2 {
            assert_eq!(warm(xml, syntax), cold);
        }
    }
    let got = ids(&findings(&ubl, Syntax::UblInvoice));
    for id in [
        "UBL-CR-002",
        "UBL-DT-08",
        "UBL-DT-17",
        "UBL-DT-19",
        "UBL-SR-44",
        "UBL-SR-47",
        "UBL-SR-34",
        "UBL-SR-48",
        "UBL-DT-01",
    ] {
        assert!(got.contains(&id), "{id} missing in {got:?}");
    }
    let got = ids(&findings(&cii, Syntax::Cii));
    for id in ["CII-SR-462", "CII-SR-467"] {
        assert!(got.contains(&id), "{id} missing in {got:?}");
    }
}

#[test]
fn probes_decide_conditions_at_close_and_agree_with_the_search() {
    // CII-SR-119 (gross price discount) is an assert on the line agreement:
    // its paths are probes (`Context::counters`), so a line without gross
    // price discount is judged from counters; a discount without charge
    // indicator still breaks it, one with both keeps it.
    let row = CII
        .rows
        .iter()
        .find(|r| r.id.as_str() == "CII-SR-119")
        .expect("row");
    assert!(row
        .assert_probes
        .iter()
        .any(|&p| p != super::table::NO_PROBE));
    let line = |gross: &str| {
        format!(
            "<rsm:CrossIndustryInvoice {CII_NS}><rsm:SupplyChainTradeTransaction>\
             <ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedLineTradeAgreement>{gross}\
             </ram:SpecifiedLineTradeAgreement></ram:IncludedSupplyChainTradeLineItem>\
             </rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>"
        )
    };
    let gp = |ac: &str| {
        format!("<ram:GrossPriceProductTradePrice><ram:AppliedTradeAllowanceCharge>{ac}</ram:AppliedTradeAllowanceCharge></ram:GrossPriceProductTradePrice>")
    };
    let cases = [
        (line(""), false),
        (line(&gp("<ram:ActualAmount>1</ram:ActualAmount>")), true),
        (
            line(&gp(
                "<ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator>\
                 <ram:ActualAmount>1</ram:ActualAmount>",
            )),
            false,
        ),
        (
            line(&gp(
                "<ram:ChargeIndicator><udt:Indicator>true</udt:Indicator></ram:ChargeIndicator>\
                 <ram:ActualAmount>1</ram:ActualAmount>",
            )),
            true,
        ),
    ];
    for (xml, fires) in &cases {
        let got = ids(&findings(xml, Syntax::Cii));
        assert_eq!(got.contains(&"CII-SR-119"), *fires, "{xml}: {got:?}");
        assert_eq!(warm(xml, Syntax::Cii), fresh(xml, Syntax::Cii));
    }
    // CII-SR-090's exception (`!ram:OriginTradeCountry`) from a probe at 0.
    let product = |p: &str| {
        format!(
            "<rsm:CrossIndustryInvoice {CII_NS}><rsm:SupplyChainTradeTransaction>\
             <ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedTradeProduct>{p}\
             </ram:SpecifiedTradeProduct></ram:IncludedSupplyChainTradeLineItem>\
             </rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>"
        )
    };
    let none = ids(&findings(&product(""), Syntax::Cii));
    assert!(!none.contains(&"CII-SR-090"), "{none:?}");
    let empty = ids(&findings(
        &product("<ram:OriginTradeCountry/>"),
        Syntax::Cii,
    ));
    assert!(empty.contains(&"CII-SR-090"), "{empty:?}");
}

#[test]
fn an_exception_on_the_target_itself_is_decided_on_the_one_node_counted() {
    // CII-DT-037: a tax's type code is not used unless it is `VAT`; the
    // exception's path is the row's target, so with one type code counted
    // that node decides; with two, the document is searched as before.
    let tax = |codes: &[&str]| {
        let c: String = codes
            .iter()
            .map(|c| format!("<ram:TypeCode>{c}</ram:TypeCode>"))
            .collect();
        format!(
            "<rsm:CrossIndustryInvoice {CII_NS}><rsm:SupplyChainTradeTransaction>\
             <ram:ApplicableHeaderTradeSettlement><ram:ApplicableTradeTax>{c}</ram:ApplicableTradeTax>\
             </ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>"
        )
    };
    let row = CII
        .rows
        .iter()
        .find(|r| r.id.as_str() == "CII-DT-037")
        .expect("row");
    assert!(row
        .unless_probes
        .iter()
        .any(|&p| p != super::table::NO_PROBE));
    for (codes, fires) in [
        (&["VAT"][..], false),
        (&["GST"][..], true),
        (&["GST", "VAT"][..], false),
        (&["GST", "GST"][..], true),
    ] {
        let xml = tax(codes);
        let got = ids(&findings(&xml, Syntax::Cii));
        assert_eq!(got.contains(&"CII-DT-037"), fires, "{codes:?}: {got:?}");
        assert_eq!(warm(&xml, Syntax::Cii), fresh(&xml, Syntax::Cii));
    }
}

#[test]
fn limits_are_judged_from_counts_alone() {
    // UBL-SR-51 (`max=1` address lines) and UBL-SR-48 (`one` classified tax
    // category) keep no per-element entries: breaking and keeping counts.
    let line = |cats: usize| {
        let c = "<cac:ClassifiedTaxCategory/>".repeat(cats);
        format!("<Invoice {UBL_NS}><cac:InvoiceLine><cac:Item>{c}</cac:Item></cac:InvoiceLine></Invoice>")
    };
    for (cats, fires) in [(0, true), (1, false), (2, true), (3, true)] {
        let got = ids(&findings(&line(cats), Syntax::UblInvoice));
        assert_eq!(got.contains(&"UBL-SR-48"), fires, "{cats}: {got:?}");
    }
}

#[test]
fn ancestor_filters_are_decided_by_the_open_ancestors() {
    // UBL-DT-01 skips amounts under `cac:Price/cac:AllowanceCharge`: the
    // states carry a marker for an open `cac:Price`, so amounts elsewhere
    // open the context without a look at their ancestors; an amount under a
    // price without allowance, or under an allowance outside a price, is checked.
    let xml = format!(
        "<Invoice {UBL_NS}><cac:InvoiceLine><cac:Price><cbc:BaseAmount currencyID=\"EUR\">1.001</cbc:BaseAmount></cac:Price>\
         <cac:AllowanceCharge><cbc:Amount currencyID=\"EUR\">2.002</cbc:Amount></cac:AllowanceCharge>\
         <cac:Price><cac:AllowanceCharge><cbc:Amount currencyID=\"EUR\">3.003</cbc:Amount></cac:AllowanceCharge></cac:Price>\
         </cac:InvoiceLine></Invoice>"
    );
    let f = findings(&xml, Syntax::UblInvoice);
    let msgs: Vec<&str> = f
        .iter()
        .filter(|f| f.rule == "UBL-DT-01")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0].contains("1.001") && msgs[1].contains("2.002"),
        "{msgs:?}"
    );
    for _ in 0..2 {
        assert_eq!(
            warm(&xml, Syntax::UblInvoice),
            fresh(&xml, Syntax::UblInvoice)
        );
    }
}
