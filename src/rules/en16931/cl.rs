//! EN 16931 code-list rules BR-CL-01 … BR-CL-26 (those CEN 1.3.16 has; there
//! is no BR-CL-02, -09 or -12): a coded value must be one code of its list
//! (`crate::codelists`, the values the CEN 1.3.16 tests accept).
//!
//! Almost every official context is "any element with this name anywhere in
//! the document" (`cbc:EndpointID[@schemeID]`, `ram:CountryID`, ...), not a
//! business term at a fixed place, so the rules are judged on the DOM, not on
//! the model: a `CountryID` inside an extension or at an unusual place is
//! checked exactly as the Schematron checks it.
//!
//! Shape: one DOM pass per document ([`scan`]) classifies each element into
//! at most one BR-CL rule (the Schematron puts all of them in one pattern, so a
//! node is handled only by the first rule, in the official order, whose context
//! matches it, e.g. a CII `ram:OriginTradeCountry/ram:ID` with a `schemeID`
//! belongs to BR-CL-11, not BR-CL-15) and evaluates that rule's test. Only the
//! misses are kept, in `Ctx::code_list_misses`, filled on first use; every
//! BR-CL rule's check then reports its own misses from that list. So the
//! registry stays one `RuleDef` per rule (own id, flags, doc, selectable),
//! while the document is walked once for all of them and a valid document
//! allocates nothing. UBL BR-CL-08 sits in another Schematron pattern, but
//! its context (`cbc:Note` child of the root) is matched by no other BR-CL
//! rule, so it shares the pass.
//!
//! XPath semantics kept: the CEN idiom `not(contains(normalize-space(v), ' '))
//! and contains(' A B … ', concat(' ', normalize-space(v), ' '))` is
//! [`CodeList::matches`] (whitespace-normalized, exact, case-sensitive, empty
//! never matches, so a missing `currencyID` on a UBL amount fires BR-CL-03);
//! BR-CL-22 upper-cases first; BR-CL-24 compares the attribute as written.

use std::borrow::Cow;

use crate::codelists::{self as cl, CodeList};
use crate::model::string_value;
use crate::rules::xpath::{normalize_space, trim_xml_space};
use crate::rules::{Ctx, Emit, RuleDef, RuleId, RuleSet, Severity};
use crate::syntax::{NS_CAC, NS_CBC, NS_RAM, NS_RSM, NS_UDT};
use crate::xml::symbols::sym;

type Node<'a> = crate::xml::Node<'a, 'a>;

const FATAL: Option<Severity> = Some(Severity::Fatal);

/// What the test of a matched context compares, and against which list.
#[derive(Clone, Copy)]
enum Test {
    /// `normalize-space(.)` in the list.
    Text(&'static CodeList),
    /// `normalize-space(@attr)` in the list (a missing attribute is the empty string).
    Attr(&'static str, &'static CodeList),
    /// BR-CL-22: `normalize-space(upper-case(.))` in the list.
    Upper(&'static CodeList),
    /// BR-CL-24: `@mimeCode = '…' or …`, compared exactly as written.
    Exact(&'static str, &'static CodeList),
    /// BR-CL-10 in UBL: an ICD, or `SEPA` below the seller or payee.
    IcdOrSepa,
    /// BR-CL-08 in UBL: the 3 characters between the first two `#` of a
    /// document note, searched as a substring of the UNTDID 4451 list literal.
    NoteSubject,
}

/// The BR-CL rule whose context `n` matches first, and its test.
fn site(syntax_is_ubl: bool, n: Node<'_>) -> Option<(RuleId, Test)> {
    if syntax_is_ubl {
        site_ubl(n)
    } else {
        site_cii(n)
    }
}

use crate::syntax::{in_ns, is_element as is};

fn parent_is(n: Node<'_>, ns: &str, s: u16) -> bool {
    n.parent_element().is_some_and(|p| is(p, ns, s))
}

fn has_ancestor(n: Node<'_>, ns: &str, s: u16) -> bool {
    n.ancestors()
        .skip(1)
        .any(|a| a.is_element() && is(a, ns, s))
}

/// XPath `node = false()` / `= true()`: the string value cast to `xs:boolean`.
/// A value that is not a boolean raises a dynamic error in the pattern, which
/// the XSLT processor treats as "does not match"; `None` here.
fn xs_boolean(s: &str) -> Option<bool> {
    match trim_xml_space(s) {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// `X[indicator = false()]` (BR-CL-19) or `X[indicator = true()]` (BR-CL-20)
/// for the indicators of one allowance or charge, existential and left to
/// right as XPath's general comparison; BR-CL-19 is tried first.
fn allowance_or_charge<'a>(indicators: impl Iterator<Item = Node<'a>> + Clone) -> Option<RuleId> {
    let compare = |want: bool| -> bool {
        for i in indicators.clone() {
            match xs_boolean(&string_value(i)) {
                Some(b) if b == want => return true,
                Some(_) => {}
                None => return false,
            }
        }
        false
    };
    if compare(false) {
        Some(RuleId::BrCl19)
    } else if compare(true) {
        Some(RuleId::BrCl20)
    } else {
        None
    }
}

fn site_ubl(n: Node<'_>) -> Option<(RuleId, Test)> {
    // The local name's symbol decides first (a jump table; the guards have no side effects), the
    // long namespace URI is compared only for the few elements that match.
    let has = |a: &str| n.attribute(a).is_some();
    let site = match n.sym() {
        sym::InvoiceTypeCode => (RuleId::BrCl01, Test::Text(&cl::UNTDID1001_UBL_INVOICE)),
        sym::CreditNoteTypeCode => (RuleId::BrCl01, Test::Text(&cl::UNTDID1001_UBL_CREDITNOTE)),
        // Every UBL amount element of EN 16931 (BR-CL-03's context lists them).
        sym::Amount
        | sym::BaseAmount
        | sym::PriceAmount
        | sym::TaxAmount
        | sym::TaxableAmount
        | sym::LineExtensionAmount
        | sym::TaxExclusiveAmount
        | sym::TaxInclusiveAmount
        | sym::AllowanceTotalAmount
        | sym::ChargeTotalAmount
        | sym::PrepaidAmount
        | sym::PayableRoundingAmount
        | sym::PayableAmount => (RuleId::BrCl03, Test::Attr("currencyID", &cl::ISO4217)),
        sym::DocumentCurrencyCode => (RuleId::BrCl04, Test::Text(&cl::ISO4217)),
        sym::TaxCurrencyCode => (RuleId::BrCl05, Test::Text(&cl::ISO4217)),
        sym::DescriptionCode if parent_is(n, NS_CAC, sym::InvoicePeriod) => {
            (RuleId::BrCl06, Test::Text(&cl::UNTDID2005))
        }
        sym::ID => site_ubl_id(n)?,
        sym::Note
            if n.parent()
                .is_some_and(|p| p.parent().is_some_and(|r| r.is_root())) =>
        {
            // `/ubl:Invoice/cbc:Note | /cn:CreditNote/cbc:Note`: a UBL document
            // only reaches these rules with one of those two roots.
            (RuleId::BrCl08, Test::NoteSubject)
        }
        sym::CompanyID if has("schemeID") && parent_is(n, NS_CAC, sym::PartyLegalEntity) => {
            (RuleId::BrCl11, Test::Attr("schemeID", &cl::ISO6523_ICD))
        }
        sym::ItemClassificationCode
            if has("listID") && parent_is(n, NS_CAC, sym::CommodityClassification) =>
        {
            (RuleId::BrCl13, Test::Attr("listID", &cl::UNTDID7143))
        }
        sym::IdentificationCode if parent_is(n, NS_CAC, sym::Country) => {
            (RuleId::BrCl14, Test::Text(&cl::ISO3166_UBL))
        }
        sym::IdentificationCode if parent_is(n, NS_CAC, sym::OriginCountry) => {
            (RuleId::BrCl15, Test::Text(&cl::ISO3166_UBL))
        }
        sym::PaymentMeansCode if parent_is(n, NS_CAC, sym::PaymentMeans) => {
            (RuleId::BrCl16, Test::Text(&cl::UNTDID4461))
        }
        sym::AllowanceChargeReasonCode => {
            let parent = n
                .parent_element()
                .filter(|p| is(*p, NS_CAC, sym::AllowanceCharge))?;
            let indicators = parent
                .children()
                .filter(|c| c.is_element() && is(*c, NS_CBC, sym::ChargeIndicator));
            match allowance_or_charge(indicators)? {
                RuleId::BrCl19 => (RuleId::BrCl19, Test::Text(&cl::UNTDID5189)),
                _ => (RuleId::BrCl20, Test::Text(&cl::UNTDID7161)),
            }
        }
        sym::TaxExemptionReasonCode => (RuleId::BrCl22, Test::Upper(&cl::VATEX)),
        sym::InvoicedQuantity | sym::BaseQuantity | sym::CreditedQuantity if has("unitCode") => {
            (RuleId::BrCl23, Test::Attr("unitCode", &cl::REC20_REC21))
        }
        sym::EmbeddedDocumentBinaryObject if has("mimeCode") => {
            (RuleId::BrCl24, Test::Exact("mimeCode", &cl::MIME))
        }
        sym::EndpointID if has("schemeID") => (RuleId::BrCl25, Test::Attr("schemeID", &cl::EAS)),
        _ => return None,
    };
    in_ns(n, NS_CBC).then_some(site)
}

/// The UBL `cbc:ID` contexts, told apart by the parent.
fn site_ubl_id(n: Node<'_>) -> Option<(RuleId, Test)> {
    let parent = n.parent_element()?;
    let ptag = parent.tag_name();
    if ptag.namespace() != Some(NS_CAC) {
        return None;
    }
    let scheme = n.attribute("schemeID").is_some();
    let icd = Test::Attr("schemeID", &cl::ISO6523_ICD);
    let site = match parent.sym() {
        // `cac:AdditionalDocumentReference[cbc:DocumentTypeCode = '130']/cbc:ID[@schemeID]`
        // (and the same for `cac:DocumentReference`): '130' compared as written.
        sym::AdditionalDocumentReference | sym::DocumentReference
            if scheme
                && parent
                    .children()
                    .any(|c| is(c, NS_CBC, sym::DocumentTypeCode) && string_value(c) == "130") =>
        {
            (RuleId::BrCl07, Test::Attr("schemeID", &cl::UNTDID1153))
        }
        sym::PartyIdentification if scheme => (RuleId::BrCl10, Test::IcdOrSepa),
        sym::TaxCategory => (RuleId::BrCl17, Test::Text(&cl::UNTDID5305)),
        sym::ClassifiedTaxCategory => (RuleId::BrCl18, Test::Text(&cl::UNTDID5305)),
        sym::StandardItemIdentification if scheme => (RuleId::BrCl21, icd),
        sym::DeliveryLocation if scheme => (RuleId::BrCl26, icd),
        _ => return None,
    };
    Some(site)
}

fn site_cii(n: Node<'_>) -> Option<(RuleId, Test)> {
    // Local name first, then the namespace (see `site_ubl`).
    let has = |a: &str| n.attribute(a).is_some();
    let icd = Test::Attr("schemeID", &cl::ISO6523_ICD);
    let site = match n.sym() {
        sym::TypeCode if parent_is(n, NS_RSM, sym::ExchangedDocument) => {
            (RuleId::BrCl01, Test::Text(&cl::UNTDID1001_CII))
        }
        sym::TaxTotalAmount if has("currencyID") => {
            (RuleId::BrCl03, Test::Attr("currencyID", &cl::ISO4217))
        }
        sym::InvoiceCurrencyCode => (RuleId::BrCl04, Test::Text(&cl::ISO4217)),
        sym::TaxCurrencyCode => (RuleId::BrCl05, Test::Text(&cl::ISO4217)),
        sym::DueDateTypeCode => (RuleId::BrCl06, Test::Text(&cl::UNTDID2475)),
        // In CII the scheme of BT-18 is the element ReferenceTypeCode, not an attribute.
        sym::ReferenceTypeCode => (RuleId::BrCl07, Test::Text(&cl::UNTDID1153)),
        sym::SubjectCode => (RuleId::BrCl08, Test::Text(&cl::UNTDID4451_CII)),
        // `//ram:GlobalID[@schemeID][not(ancestor::ram:SpecifiedTradeProduct) and
        // not(ancestor::ram:ShipToTradeParty)]`: item and delivery identifiers
        // are left to BR-CL-21 / BR-CL-26.
        sym::GlobalID
            if has("schemeID")
                && !has_ancestor(n, NS_RAM, sym::SpecifiedTradeProduct)
                && !has_ancestor(n, NS_RAM, sym::ShipToTradeParty) =>
        {
            (RuleId::BrCl10, icd)
        }
        // `ram:ID[@schemeID][not(ancestor::ram:SpecifiedTaxRegistration)]`: any
        // identifier with a scheme, anywhere, except VAT and tax numbers. It
        // precedes BR-CL-15 in the pattern, so it takes an origin country ID
        // that has a schemeID.
        sym::ID if has("schemeID") && !has_ancestor(n, NS_RAM, sym::SpecifiedTaxRegistration) => {
            (RuleId::BrCl11, icd)
        }
        sym::ClassCode if has("listID") => (RuleId::BrCl13, Test::Attr("listID", &cl::UNTDID7143)),
        sym::CountryID => (RuleId::BrCl14, Test::Text(&cl::ISO3166_CII)),
        sym::ID if parent_is(n, NS_RAM, sym::OriginTradeCountry) => {
            (RuleId::BrCl15, Test::Text(&cl::ISO3166_CII))
        }
        sym::TypeCode if parent_is(n, NS_RAM, sym::SpecifiedTradeSettlementPaymentMeans) => {
            (RuleId::BrCl16, Test::Text(&cl::UNTDID4461))
        }
        sym::CategoryCode if parent_is(n, NS_RAM, sym::CategoryTradeTax) => {
            (RuleId::BrCl17, Test::Text(&cl::UNTDID5305))
        }
        sym::CategoryCode if parent_is(n, NS_RAM, sym::ApplicableTradeTax) => {
            (RuleId::BrCl18, Test::Text(&cl::UNTDID5305))
        }
        sym::ReasonCode => {
            let parent = n
                .parent_element()
                .filter(|p| is(*p, NS_RAM, sym::SpecifiedTradeAllowanceCharge))?;
            let indicators = parent
                .children()
                .filter(|c| c.is_element() && is(*c, NS_RAM, sym::ChargeIndicator))
                .flat_map(|c| c.children())
                .filter(|c| c.is_element() && is(*c, NS_UDT, sym::Indicator));
            match allowance_or_charge(indicators)? {
                RuleId::BrCl19 => (RuleId::BrCl19, Test::Text(&cl::UNTDID5189)),
                _ => (RuleId::BrCl20, Test::Text(&cl::UNTDID7161)),
            }
        }
        sym::GlobalID if has("schemeID") && parent_is(n, NS_RAM, sym::SpecifiedTradeProduct) => {
            (RuleId::BrCl21, icd)
        }
        sym::ExemptionReasonCode => (RuleId::BrCl22, Test::Upper(&cl::VATEX)),
        sym::BasisQuantity | sym::BilledQuantity if has("unitCode") => {
            (RuleId::BrCl23, Test::Attr("unitCode", &cl::REC20_REC21))
        }
        sym::AttachmentBinaryObject if has("mimeCode") => {
            (RuleId::BrCl24, Test::Exact("mimeCode", &cl::MIME))
        }
        sym::URIID if has("schemeID") && parent_is(n, NS_RAM, sym::URIUniversalCommunication) => {
            (RuleId::BrCl25, Test::Attr("schemeID", &cl::EAS))
        }
        sym::GlobalID
            if has("schemeID")
                && parent_is(n, NS_RAM, sym::ShipToTradeParty)
                && n.parent_element()
                    .is_some_and(|p| parent_is(p, NS_RAM, sym::ApplicableHeaderTradeDelivery)) =>
        {
            (RuleId::BrCl26, icd)
        }
        _ => return None,
    };
    in_ns(n, NS_RAM).then_some(site)
}

/// BR-CL-08 (UBL): the text between the first two `#` of a note, when it is
/// exactly three characters long (`string-length` counts characters).
fn note_subject(note: &str) -> Option<&str> {
    let (_, after) = note.split_once('#')?;
    let (code, _) = after.split_once('#')?;
    (code.chars().count() == 3).then_some(code)
}

/// Whether `n` passes `test`.
fn passes(n: Node<'_>, test: Test) -> bool {
    match test {
        Test::Text(list) => list.matches(&string_value(n)),
        Test::Attr(attr, list) => list.matches(n.attribute(attr).unwrap_or("")),
        Test::Upper(list) => {
            let v = string_value(n);
            if v.bytes().all(|b| b.is_ascii() && !b.is_ascii_lowercase()) {
                list.matches(&v)
            } else {
                list.matches(&v.to_uppercase())
            }
        }
        Test::Exact(attr, list) => n.attribute(attr).is_some_and(|v| list.contains(v)),
        Test::IcdOrSepa => {
            let scheme = n.attribute("schemeID").unwrap_or("");
            cl::ISO6523_ICD.matches(scheme)
                || (normalize_space(scheme) == "SEPA"
                    && (has_ancestor(n, NS_CAC, sym::AccountingSupplierParty)
                        || has_ancestor(n, NS_CAC, sym::PayeeParty)))
        }
        Test::NoteSubject => match note_subject(&string_value(n)) {
            Some(code) => cl::UNTDID4451_UBL.literal_contains(code),
            None => true,
        },
    }
}

/// The symbols of the elements that a UBL BR-CL context can match (the
/// arms of [`site_ubl`] and [`site_ubl_id`]; a test checks the two agree).
const UBL_SITES: &[u16] = &[
    sym::InvoiceTypeCode,
    sym::CreditNoteTypeCode,
    sym::Amount,
    sym::BaseAmount,
    sym::PriceAmount,
    sym::TaxAmount,
    sym::TaxableAmount,
    sym::LineExtensionAmount,
    sym::TaxExclusiveAmount,
    sym::TaxInclusiveAmount,
    sym::AllowanceTotalAmount,
    sym::ChargeTotalAmount,
    sym::PrepaidAmount,
    sym::PayableRoundingAmount,
    sym::PayableAmount,
    sym::DocumentCurrencyCode,
    sym::TaxCurrencyCode,
    sym::DescriptionCode,
    sym::ID,
    sym::Note,
    sym::CompanyID,
    sym::ItemClassificationCode,
    sym::IdentificationCode,
    sym::PaymentMeansCode,
    sym::AllowanceChargeReasonCode,
    sym::TaxExemptionReasonCode,
    sym::InvoicedQuantity,
    sym::BaseQuantity,
    sym::CreditedQuantity,
    sym::EmbeddedDocumentBinaryObject,
    sym::EndpointID,
];

/// The symbols of the elements that a CII BR-CL context can match (the arms of [`site_cii`]).
const CII_SITES: &[u16] = &[
    sym::TypeCode,
    sym::TaxTotalAmount,
    sym::InvoiceCurrencyCode,
    sym::TaxCurrencyCode,
    sym::DueDateTypeCode,
    sym::ReferenceTypeCode,
    sym::SubjectCode,
    sym::GlobalID,
    sym::ID,
    sym::ClassCode,
    sym::CountryID,
    sym::CategoryCode,
    sym::ReasonCode,
    sym::ExemptionReasonCode,
    sym::BasisQuantity,
    sym::BilledQuantity,
    sym::AttachmentBinaryObject,
    sym::URIID,
];

/// Every element that a BR-CL rule's context matches and whose value fails
/// that rule's test, in document order. Only the elements of the sites'
/// symbols are visited (the document's chains per symbol), then the few
/// misses are put in document order. `parallel`: the symbols are tasks on
/// the current rayon pool (a large document, [`Ctx::prepare`]).
fn scan<'a>(
    doc: &'a crate::xml::Document<'a>,
    is_ubl: bool,
    parallel: bool,
) -> Vec<(RuleId, Node<'a>)> {
    use rayon::prelude::*;
    let sites = if is_ubl { UBL_SITES } else { CII_SITES };
    let mut misses = Vec::new();
    if parallel {
        let parts: Vec<_> = sites
            .par_iter()
            .map(|&s| {
                let mut part = Vec::new();
                scan_symbol(doc, is_ubl, s, &mut part);
                part
            })
            .collect();
        misses = parts.concat();
    } else {
        for &s in sites {
            scan_symbol(doc, is_ubl, s, &mut misses);
        }
    }
    misses.sort_unstable_by_key(|(_, n)| n.id());
    misses
}

/// The misses among the elements of symbol `s`, appended to `misses`.
fn scan_symbol<'a>(
    doc: &'a crate::xml::Document<'a>,
    is_ubl: bool,
    s: u16,
    misses: &mut Vec<(RuleId, Node<'a>)>,
) {
    // Every amount of an invoice carries (almost always) the same currency:
    // the verdict of the last attribute value checked against a list is kept,
    // so the repeats cost one string compare instead of a list search.
    let mut last: Option<(&'static CodeList, &'a str, bool)> = None;
    for n in doc.elements_of(s) {
        let Some((id, test)) = site(is_ubl, n) else {
            continue;
        };
        let ok = match test {
            Test::Attr(attr, list) => {
                let v = n.attribute(attr).unwrap_or("");
                match last {
                    Some((l, lv, ok)) if std::ptr::eq(l, list) && lv == v => ok,
                    _ => {
                        let ok = list.matches(v);
                        last = Some((list, v, ok));
                        ok
                    }
                }
            }
            _ => passes(n, test),
        };
        if !ok {
            misses.push((id, n));
        }
    }
}

/// The misses of this document, scanned on first use (`parallel`: see [`scan`]).
pub(crate) fn misses<'c, 'a>(ctx: &'c Ctx<'_, 'a>, parallel: bool) -> &'c [(RuleId, Node<'a>)] {
    ctx.code_list_misses
        .get_or_init(|| scan(ctx.doc, ctx.is_ubl(), parallel))
}

/// Reports every miss of rule `id`.
fn report(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>, id: RuleId) {
    for &(rule, n) in misses(ctx, false) {
        if rule != id {
            continue;
        }
        let Some((_, test)) = site(ctx.is_ubl(), n) else {
            continue;
        };
        out.at(n, message(id, n, test));
    }
}

/// What the rule checks, in words, for messages.
fn subject(id: RuleId) -> &'static str {
    match id {
        RuleId::BrCl01 => "the invoice type code (BT-3)",
        RuleId::BrCl03 => "the currency of an amount",
        RuleId::BrCl04 => "the invoice currency code (BT-5)",
        RuleId::BrCl05 => "the VAT accounting currency code (BT-6)",
        RuleId::BrCl06 => "the value added tax point date code (BT-8)",
        RuleId::BrCl07 => "the scheme of the invoiced object identifier (BT-18-1)",
        RuleId::BrCl08 => "the invoice note subject code (BT-21)",
        RuleId::BrCl10 => "the scheme of a party identifier",
        RuleId::BrCl11 => "the scheme of a registration identifier",
        RuleId::BrCl13 => "the scheme of the item classification identifier (BT-158-1)",
        RuleId::BrCl14 => "the country code",
        RuleId::BrCl15 => "the item country of origin (BT-159)",
        RuleId::BrCl16 => "the payment means type code (BT-81)",
        RuleId::BrCl17 => "the VAT category code",
        RuleId::BrCl18 => "the invoiced item VAT category code (BT-151)",
        RuleId::BrCl19 => "the allowance reason code",
        RuleId::BrCl20 => "the charge reason code",
        RuleId::BrCl21 => "the scheme of the item standard identifier (BT-157-1)",
        RuleId::BrCl22 => "the VAT exemption reason code (BT-121)",
        RuleId::BrCl23 => "the unit of measure code",
        RuleId::BrCl24 => "the MIME code of the attached document (BT-125-1)",
        RuleId::BrCl25 => "the scheme of the electronic address",
        RuleId::BrCl26 => "the scheme of the deliver-to location identifier (BT-71-1)",
        _ => "the coded value",
    }
}

/// The list a value must come from, in words.
fn expected(list: &CodeList) -> &'static str {
    match list.file {
        "iso4217" => "an ISO 4217 alpha-3 currency code",
        "iso3166-ubl" | "iso3166-cii" => "an ISO 3166-1 alpha-2 country code",
        "iso6523-icd" => "an ISO 6523 ICD code",
        "eas" => "a CEF EAS (electronic address scheme) code",
        "mime" => "one of application/pdf, image/png, image/jpeg, text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/vnd.oasis.opendocument.spreadsheet",
        "rec20-rec21" => "a UN/ECE Rec 20 or Rec 21 unit code",
        "untdid1001-ubl-invoice" => "an invoice type code of UNTDID 1001 (e.g. 380)",
        "untdid1001-ubl-creditnote" => "a credit note type code of UNTDID 1001 (e.g. 381)",
        "untdid1001-cii" => "an invoice or credit note type code of UNTDID 1001 (e.g. 380, 381)",
        "untdid1153" => "a UNTDID 1153 reference qualifier",
        "untdid2005" => "3, 35 or 432 (UNTDID 2005)",
        "untdid2475" => "5, 29 or 72 (UNTDID 2475)",
        "untdid4451-ubl" | "untdid4451-cii" => "a UNTDID 4451 text subject code",
        "untdid4461" => "a UNTDID 4461 payment means code",
        "untdid5189" => "a UNTDID 5189 allowance reason code",
        "untdid5305" => "an EN 16931 VAT category code (S, Z, E, AE, K, G, O, L, M, B)",
        "untdid7143" => "a UNTDID 7143 item type identification code",
        "untdid7161" => "a UNTDID 7161 charge reason code",
        "vatex" => "a CEF VATEX exemption reason code",
        _ => "a code of its list",
    }
}

/// A value that fails `list` but is in a sibling list: why, in words.
fn sibling_note(list: &CodeList, value: &str) -> Option<&'static str> {
    let (sibling, note): (&CodeList, &'static str) = match list.file {
        "untdid1001-ubl-invoice" => (
            &cl::UNTDID1001_UBL_CREDITNOTE,
            "it is a credit note type: send a UBL CreditNote document",
        ),
        "untdid1001-ubl-creditnote" => (
            &cl::UNTDID1001_UBL_INVOICE,
            "it is an invoice type: send a UBL Invoice document",
        ),
        "iso3166-ubl" => (
            &cl::ISO3166_CII,
            "the UBL rules of CEN 1.3.16 no longer accept this withdrawn code",
        ),
        "iso3166-cii" => (
            &cl::ISO3166_UBL,
            "the CII rules of CEN 1.3.16 do not list this code yet",
        ),
        "untdid4451-ubl" => (
            &cl::UNTDID4451_CII,
            "only the CII rules of CEN 1.3.16 know this newer code",
        ),
        "untdid5189" => (
            &cl::UNTDID7161,
            "it is a charge reason code (UNTDID 7161); is this a charge?",
        ),
        "untdid7161" => (
            &cl::UNTDID5189,
            "it is an allowance reason code (UNTDID 5189); is this an allowance?",
        ),
        "iso6523-icd" => (
            &cl::EAS,
            "it is an electronic address scheme (EAS), not an ICD",
        ),
        "eas" => (&cl::ISO6523_ICD, "EAS does not include this ICD value"),
        _ => return None,
    };
    sibling.contains(value).then_some(note)
}

/// The project message for a miss: the value as written and what it must be.
fn message(id: RuleId, n: Node<'_>, test: Test) -> String {
    let what = subject(id);
    let (value, list, attr): (Option<Cow<'_, str>>, &CodeList, Option<&str>) = match test {
        Test::Text(list) | Test::Upper(list) => (Some(string_value(n)), list, None),
        Test::Attr(attr, list) | Test::Exact(attr, list) => {
            (n.attribute(attr).map(Cow::Borrowed), list, Some(attr))
        }
        Test::IcdOrSepa => {
            let v = n.attribute("schemeID").unwrap_or("");
            return format!(
                "{what} `{}` is not {}; SEPA is accepted only below the seller or the payee",
                normalize_space(v),
                expected(&cl::ISO6523_ICD)
            );
        }
        Test::NoteSubject => {
            let text = string_value(n);
            let code = note_subject(&text).unwrap_or_default();
            return format!(
                "{what} `#{code}#` in a document note is not {} the UBL rules accept",
                expected(&cl::UNTDID4451_UBL)
            );
        }
    };
    let element = n.tag_name().name();
    // For attributes, say which element carries it: amounts, quantities and IDs are many.
    let what = match attr {
        Some(attr) => Cow::Owned(format!("{what} ({attr} of {element})")),
        None => Cow::Borrowed(what),
    };
    let Some(value) = value else {
        return format!("{what} is missing; it must be {}", expected(list));
    };
    let exact = matches!(test, Test::Exact(..));
    let shown = if exact {
        value.clone()
    } else {
        Cow::Owned(normalize_space(&value).into_owned())
    };
    if shown.is_empty() {
        return format!("{what} is empty; it must be {}", expected(list));
    }
    let mut msg = format!("{what} `{shown}` is not {}", expected(list));
    let upper = shown.to_uppercase();
    if exact {
        if list.contains(trim_xml_space(&value)) {
            msg.push_str(" (remove the surrounding spaces)");
        }
    } else if upper != shown && list.contains(&upper) {
        msg.push_str(&format!(" (codes are case-sensitive: write `{upper}`)"));
    } else if let Some(note) = sibling_note(list, &shown) {
        msg.push_str(&format!(" ({note})"));
    }
    msg
}

macro_rules! cl_rule {
    ($static:ident, $fn:ident, $id:ident, $terms:expr, $hint:literal, $doc:literal) => {
        /// See the doc text.
        pub static $static: RuleDef = RuleDef {
            id: RuleId::$id,
            set: RuleSet::En16931,
            ubl: FATAL,
            cii: FATAL,
            terms: $terms,
            hint: $hint,
            doc: $doc,
            check: $fn,
        };
        fn $fn(ctx: &Ctx<'_, '_>, out: &mut Emit<'_>) {
            report(ctx, out, RuleId::$id)
        }
    };
}

cl_rule!(BR_CL_01, br_cl_01, BrCl01, &["BT-3"],
    "Use a UNTDID 1001 document type code EN 16931 allows: 380 (invoice), 381 (credit note), 384 (corrected invoice), 389 (self-billed invoice), 326 (partial invoice), 875/876/877 (construction invoices) …",
    "The invoice type code (BT-3) must be a code of UNTDID 1001 that EN 16931 allows for invoices and credit notes.\n\n**UBL**: every `cbc:InvoiceTypeCode` must be an invoice-type code (380, 384, 389, 326, 386, 751, 875, …) and every `cbc:CreditNoteTypeCode` a credit-note-type code (381, 261, 262, 296, 308, 396, 420, 458, 502, 503, 532, 81, 83). So a credit note code in an `Invoice` document fails: send a `CreditNote` document instead.\n\n**CII**: `rsm:ExchangedDocument/ram:TypeCode` may hold either kind.\n\nThe value is whitespace-normalized and compared exactly.\n\nExample: `<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>`.");
cl_rule!(BR_CL_03, br_cl_03, BrCl03, &["BT-5", "BT-6"],
    "Give every amount a currencyID that is an ISO 4217 code, normally the invoice currency, e.g. currencyID=\"EUR\".",
    "The currency of every amount must be an ISO 4217 alpha-3 code.\n\n**UBL**: the `currencyID` attribute of every `cbc:Amount`, `cbc:BaseAmount`, `cbc:PriceAmount`, `cbc:TaxAmount`, `cbc:TaxableAmount`, `cbc:LineExtensionAmount`, `cbc:TaxExclusiveAmount`, `cbc:TaxInclusiveAmount`, `cbc:AllowanceTotalAmount`, `cbc:ChargeTotalAmount`, `cbc:PrepaidAmount`, `cbc:PayableRoundingAmount` and `cbc:PayableAmount`, wherever it occurs. A missing `currencyID` fails too.\n\n**CII**: only `ram:TaxTotalAmount` carries a currency; its `currencyID` is checked when present.\n\nCodes are case-sensitive: `EUR`, not `eur`.");
cl_rule!(BR_CL_04, br_cl_04, BrCl04, &["BT-5"],
    "Write the invoice currency as an ISO 4217 alpha-3 code in capitals, e.g. EUR.",
    "The invoice currency code (BT-5) must be an ISO 4217 alpha-3 code.\n\nUBL: `cbc:DocumentCurrencyCode`. CII: `ram:InvoiceCurrencyCode`. Every occurrence is checked, whitespace-normalized; codes are case-sensitive.\n\nExample: `<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>`.");
cl_rule!(BR_CL_05, br_cl_05, BrCl05, &["BT-6"],
    "Write the VAT accounting currency as an ISO 4217 alpha-3 code in capitals, e.g. EUR, or leave it out.",
    "The VAT accounting currency code (BT-6) must be an ISO 4217 alpha-3 code.\n\nUBL: `cbc:TaxCurrencyCode`. CII: `ram:TaxCurrencyCode`. BT-6 is only needed when VAT is accounted in another currency than the invoice currency.");
cl_rule!(BR_CL_06, br_cl_06, BrCl06, &["BT-8"],
    "Use 3 (invoice date), 35 (delivery date) or 432 (payment date) in UBL; 5, 29 or 72 in CII.",
    "The value added tax point date code (BT-8) must be one of the three codes EN 16931 allows.\n\n**UBL**: `cac:InvoicePeriod/cbc:DescriptionCode`, UNTDID 2005: 3 (invoice document issue date), 35 (actual delivery date), 432 (paid to date).\n\n**CII**: `ram:DueDateTypeCode`, UNTDID 2475: 5 (date of invoice), 29 (date of delivery), 72 (paid to date).\n\nThe two syntaxes use different code lists for the same business term, so a UBL code copied into CII fails.");
cl_rule!(BR_CL_07, br_cl_07, BrCl07, &["BT-18", "BT-18-1"],
    "Give the scheme of the invoiced object identifier as a UNTDID 1153 qualifier (e.g. AAA, ABT, AUN), or leave the scheme out.",
    "The scheme of the invoiced object identifier (BT-18-1) must be a UNTDID 1153 reference code qualifier.\n\n**UBL**: the `schemeID` of `cbc:ID` in a `cac:AdditionalDocumentReference` (or `cac:DocumentReference`) whose `cbc:DocumentTypeCode` is `130`; an ID without `schemeID` is not checked.\n\n**CII**: every `ram:ReferenceTypeCode` element.");
cl_rule!(BR_CL_08, br_cl_08, BrCl08, &["BT-21"],
    "Use a UNTDID 4451 text subject code (e.g. AAI general information, REG regulatory information, SUR supplier remarks).",
    "The invoice note subject code (BT-21) must be a UNTDID 4451 code.\n\n**UBL** has no element for the subject: a document-level `cbc:Note` may start with `#CODE#`. When the text between the first two `#` is exactly three characters, it must occur in the UNTDID 4451 list (the official test searches it as a substring of the space-separated list, so e.g. `A A` also passes). Notes without such a prefix are not checked.\n\n**CII**: every `ram:SubjectCode`. The CII rules accept a newer list (18 more codes, e.g. BAT … BBB, BMF … BMH, CCJ … CCO) than the UBL rules.");
cl_rule!(BR_CL_10, br_cl_10, BrCl10, &["BT-29-1", "BT-46-1", "BT-60-1"],
    "Give the scheme of the identifier as an ISO 6523 ICD code (e.g. 0088 for a GLN), or leave schemeID out.",
    "The scheme of a party identifier must be an ISO 6523 ICD code.\n\n**UBL**: the `schemeID` of every `cac:PartyIdentification/cbc:ID`. `SEPA` is also accepted below `cac:AccountingSupplierParty` or `cac:PayeeParty` (the SEPA creditor identifier, BT-90, is written there).\n\n**CII**: the `schemeID` of every `ram:GlobalID` that is not inside `ram:SpecifiedTradeProduct` (BR-CL-21) or `ram:ShipToTradeParty` (BR-CL-26).");
cl_rule!(BR_CL_11, br_cl_11, BrCl11, &["BT-30-1", "BT-47-1", "BT-61-1"],
    "Give the scheme of the registration identifier as an ISO 6523 ICD code, or leave schemeID out.",
    "The scheme of a registration identifier must be an ISO 6523 ICD code.\n\n**UBL**: the `schemeID` of every `cac:PartyLegalEntity/cbc:CompanyID`.\n\n**CII**: the `schemeID` of every `ram:ID` anywhere, except inside `ram:SpecifiedTaxRegistration` (VAT and tax numbers use VA / FC). This includes e.g. `ram:SellerTradeParty/ram:ID` and `ram:SpecifiedLegalOrganization/ram:ID`; the CII binding is therefore wider than its name suggests.");
cl_rule!(BR_CL_13, br_cl_13, BrCl13, &["BT-158-1"],
    "Give the classification scheme as a UNTDID 7143 code (e.g. STI, CV, HS, TST, ZZZ).",
    "The scheme of the item classification identifier (BT-158-1) must be a UNTDID 7143 code.\n\nUBL: the `listID` of `cac:CommodityClassification/cbc:ItemClassificationCode`. CII: the `listID` of every `ram:ClassCode`.");
cl_rule!(BR_CL_14, br_cl_14, BrCl14, &["BT-40", "BT-55", "BT-69", "BT-80"],
    "Write the country as an ISO 3166-1 alpha-2 code in capitals, e.g. DE.",
    "Country codes must be ISO 3166-1 alpha-2 codes (seller, buyer, tax representative, deliver-to addresses).\n\n**UBL**: every `cac:Country/cbc:IdentificationCode`. **CII**: every `ram:CountryID`.\n\nBoth accept `1A` (Kosovo) and `XI` (Northern Ireland). CEN 1.3.16's lists differ slightly: the UBL rules accept `SS` (South Sudan), the CII rules accept the withdrawn `AN` (Netherlands Antilles) instead.");
cl_rule!(BR_CL_15, br_cl_15, BrCl15, &["BT-159"],
    "Write the item country of origin as an ISO 3166-1 alpha-2 code in capitals, e.g. DE.",
    "The item country of origin (BT-159) must be an ISO 3166-1 alpha-2 code.\n\n**UBL**: `cac:OriginCountry/cbc:IdentificationCode`. **CII**: `ram:OriginTradeCountry/ram:ID`; an origin ID that carries a `schemeID` is judged by BR-CL-11 instead (first matching rule of the pattern).");
cl_rule!(BR_CL_16, br_cl_16, BrCl16, &["BT-81"],
    "Use a UNTDID 4461 payment means code, e.g. 58 (SEPA credit transfer), 59 (SEPA direct debit), 30 (credit transfer), 48 (bank card).",
    "The payment means type code (BT-81) must be a UNTDID 4461 code.\n\nUBL: `cac:PaymentMeans/cbc:PaymentMeansCode`. CII: `ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode`.");
cl_rule!(BR_CL_17, br_cl_17, BrCl17, &["BT-95", "BT-102", "BT-118"],
    "Use one of the VAT category codes S, Z, E, AE, K, G, O, L, M, B.",
    "VAT category codes of the document (VAT breakdown BT-118, document allowances BT-95 and charges BT-102) must be EN 16931's subset of UNTDID 5305: S, Z, E, AE, K, G, O, L, M, B.\n\nUBL: every `cac:TaxCategory/cbc:ID`. CII: every `ram:CategoryTradeTax/ram:CategoryCode`.");
cl_rule!(BR_CL_18, br_cl_18, BrCl18, &["BT-151"],
    "Use one of the VAT category codes S, Z, E, AE, K, G, O, L, M, B.",
    "The invoiced item VAT category code (BT-151) must be EN 16931's subset of UNTDID 5305: S, Z, E, AE, K, G, O, L, M, B.\n\nUBL: every `cac:ClassifiedTaxCategory/cbc:ID`. CII: every `ram:ApplicableTradeTax/ram:CategoryCode` (in CII this element is used in the VAT breakdown and on lines alike).");
cl_rule!(BR_CL_19, br_cl_19, BrCl19, &["BT-98", "BT-140"],
    "Use a UNTDID 5189 allowance reason code (e.g. 95 discount, 100 special rebate), or give the reason only as text.",
    "The reason code of an allowance (BT-98, BT-140) must be a UNTDID 5189 code.\n\nUBL: `cbc:AllowanceChargeReasonCode` of a `cac:AllowanceCharge` whose `cbc:ChargeIndicator` is false. CII: `ram:ReasonCode` of a `ram:SpecifiedTradeAllowanceCharge` whose `ram:ChargeIndicator/udt:Indicator` is false.\n\nAllowance and charge reasons use different lists: a 7161 charge code on an allowance fails.");
cl_rule!(BR_CL_20, br_cl_20, BrCl20, &["BT-105", "BT-145"],
    "Use a UNTDID 7161 charge reason code (e.g. FC freight, ABL packaging, ZZZ mutually defined), or give the reason only as text.",
    "The reason code of a charge (BT-105, BT-145) must be a UNTDID 7161 code.\n\nUBL: `cbc:AllowanceChargeReasonCode` of a `cac:AllowanceCharge` whose `cbc:ChargeIndicator` is true. CII: `ram:ReasonCode` of a `ram:SpecifiedTradeAllowanceCharge` whose `ram:ChargeIndicator/udt:Indicator` is true.");
cl_rule!(BR_CL_21, br_cl_21, BrCl21, &["BT-157-1"],
    "Give the scheme of the item standard identifier as an ISO 6523 ICD code, e.g. 0160 for a GTIN.",
    "The scheme of the item standard identifier (BT-157-1) must be an ISO 6523 ICD code (0160 = GTIN).\n\nUBL: the `schemeID` of `cac:StandardItemIdentification/cbc:ID`. CII: the `schemeID` of `ram:SpecifiedTradeProduct/ram:GlobalID`.");
cl_rule!(BR_CL_22, br_cl_22, BrCl22, &["BT-121"],
    "Use a CEF VATEX code, e.g. VATEX-EU-AE (reverse charge), VATEX-EU-IC (intra-community supply), VATEX-EU-G (export).",
    "The VAT exemption reason code (BT-121) must be a CEF VATEX code.\n\nUBL: every `cbc:TaxExemptionReasonCode`. CII: every `ram:ExemptionReasonCode`.\n\nThe comparison ignores case (the value is upper-cased first), but an inner space fails.");
cl_rule!(BR_CL_23, br_cl_23, BrCl23, &["BT-130", "BT-150"],
    "Use a UN/ECE Rec 20 unit code, e.g. C62 (one), H87 (piece), HUR (hour), KGM (kilogram), or a Rec 21 package code such as XPP.",
    "The unit of measure (BT-130, BT-150) must be a UN/ECE Recommendation 20 code, or a Recommendation 21 package code (prefixed X).\n\nUBL: the `unitCode` of every `cbc:InvoicedQuantity`, `cbc:CreditedQuantity` and `cbc:BaseQuantity`. CII: the `unitCode` of every `ram:BilledQuantity` and `ram:BasisQuantity`. Quantities without `unitCode` are not checked here.\n\nCodes are case-sensitive; common mistakes are `PCE` or `Stk` (use H87 or C62).");
cl_rule!(BR_CL_24, br_cl_24, BrCl24, &["BT-125-1"],
    "Attach only PDF, PNG, JPEG, CSV, XLSX or ODS files, with the exact MIME type, e.g. mimeCode=\"application/pdf\".",
    "The MIME code of an attached document (BT-125-1) must be one of: `application/pdf`, `image/png`, `image/jpeg`, `text/csv`, `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, `application/vnd.oasis.opendocument.spreadsheet`.\n\nUBL: the `mimeCode` of every `cbc:EmbeddedDocumentBinaryObject`. CII: the `mimeCode` of every `ram:AttachmentBinaryObject`.\n\nThe attribute is compared exactly as written: no trimming, case-sensitive (`application/PDF` fails).");
cl_rule!(BR_CL_25, br_cl_25, BrCl25, &["BT-34-1", "BT-49-1"],
    "Give the scheme of the electronic address as a CEF EAS code, e.g. EM (e-mail), 0204 (Leitweg-ID), 9930 (German VAT number), 0088 (GLN).",
    "The scheme of an electronic address (BT-34-1 seller, BT-49-1 buyer) must be a CEF EAS code.\n\nUBL: the `schemeID` of every `cbc:EndpointID`. CII: the `schemeID` of every `ram:URIUniversalCommunication/ram:URIID`.\n\nEAS is not ISO 6523: it adds e-mail (`EM`) and national schemes (`99xx`) and lacks many ICD values.");
cl_rule!(BR_CL_26, br_cl_26, BrCl26, &["BT-71-1"],
    "Give the scheme of the deliver-to location identifier as an ISO 6523 ICD code, e.g. 0088 for a GLN.",
    "The scheme of the deliver-to location identifier (BT-71-1) must be an ISO 6523 ICD code.\n\nUBL: the `schemeID` of `cac:DeliveryLocation/cbc:ID`. CII: the `schemeID` of `ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:GlobalID`.");

/// The rules of this family, in id order.
pub static RULES: &[&RuleDef] = &[
    &BR_CL_01, &BR_CL_03, &BR_CL_04, &BR_CL_05, &BR_CL_06, &BR_CL_07, &BR_CL_08, &BR_CL_10,
    &BR_CL_11, &BR_CL_13, &BR_CL_14, &BR_CL_15, &BR_CL_16, &BR_CL_17, &BR_CL_18, &BR_CL_19,
    &BR_CL_20, &BR_CL_21, &BR_CL_22, &BR_CL_23, &BR_CL_24, &BR_CL_25, &BR_CL_26,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The site lists name every symbol that [`site`] can match: on 60
    /// generated invoices and credit notes of every scenario, in both
    /// syntaxes, each element with a site has its symbol listed.
    #[test]
    fn site_lists_cover_every_site() {
        let limits = crate::syntax::Limits::default();
        let mut seen = 0;
        for i in 0..60 {
            let spec = crate::gen::generate(
                11,
                i,
                &crate::gen::Options {
                    lines: 3,
                    attachments: Some(i % 3 == 0),
                    allowances: Some(i % 2 == 0),
                    ..Default::default()
                },
            );
            for (ubl, text) in [
                (true, crate::gen::to_ubl(&spec)),
                (false, crate::gen::to_cii(&spec)),
            ] {
                let doc = crate::syntax::parse(&text, &limits).expect("generated XML parses");
                let list = if ubl { UBL_SITES } else { CII_SITES };
                for n in doc.descendants().filter(|n| n.is_element()) {
                    if site(ubl, n).is_some() {
                        seen += 1;
                        assert!(
                            list.contains(&n.sym()),
                            "{} is a site but not listed",
                            n.tag_name().name()
                        );
                    }
                }
            }
        }
        assert!(seen > 1000, "{seen}");
        for list in [UBL_SITES, CII_SITES] {
            let mut v = list.to_vec();
            v.sort_unstable();
            v.dedup();
            assert_eq!(v.len(), list.len(), "a symbol is listed twice");
        }
    }

    #[test]
    fn note_subject_is_the_text_between_the_first_two_hashes() {
        assert_eq!(note_subject("#AAI#text"), Some("AAI"));
        assert_eq!(note_subject("vorher #REG# nachher"), Some("REG"));
        assert_eq!(
            note_subject("#ÄÖÜ#"),
            Some("ÄÖÜ"),
            "length counts characters"
        );
        assert_eq!(note_subject("#AAII#text"), None);
        assert_eq!(note_subject("#AAI"), None);
        assert_eq!(note_subject("no subject"), None);
    }

    #[test]
    fn xs_boolean_lexical_space() {
        assert_eq!(xs_boolean(" true\n"), Some(true));
        assert_eq!(xs_boolean("1"), Some(true));
        assert_eq!(xs_boolean("0"), Some(false));
        assert_eq!(xs_boolean("False"), None);
        assert_eq!(xs_boolean(""), None);
    }

    #[test]
    fn allowance_indicators_compare_existentially_left_to_right() {
        let xml = r#"<r xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
            <a><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:ChargeIndicator>false</cbc:ChargeIndicator></a>
            <a><cbc:ChargeIndicator>true</cbc:ChargeIndicator></a>
            <a><cbc:ChargeIndicator>x</cbc:ChargeIndicator><cbc:ChargeIndicator>false</cbc:ChargeIndicator></a>
            <a></a></r>"#;
        let doc = crate::xml::Document::parse(xml).unwrap();
        let got: Vec<Option<RuleId>> = doc
            .root_element()
            .children()
            .filter(|c| c.is_element())
            .map(|a| allowance_or_charge(a.children().filter(|c| c.is_element())))
            .collect();
        assert_eq!(
            got,
            vec![Some(RuleId::BrCl19), Some(RuleId::BrCl20), None, None]
        );
    }

    #[test]
    fn every_rule_has_words_for_its_message() {
        for rule in RULES {
            assert_ne!(subject(rule.id), "the coded value", "{}", rule.id);
        }
        for list in cl::ALL {
            assert_ne!(expected(list), "a code of its list", "{}", list.file);
        }
    }
}
