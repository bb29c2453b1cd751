//! The per-document context every rule reads: the syntax, the DOM, and the
//! model. Work several rules share is computed here once per document, lazily
//! (`OnceLock`, as a large document's rules run on several threads), so a
//! document that never needs it does not pay for it:
//!
//! - [`Ctx::vat`]: the [`VatIndex`], one walk over the whole DOM that records
//!   every VAT category element (breakdown, line, allowance/charge, other) with
//!   the category codes it matches, and the party tax identifiers the VAT
//!   category rules ask about. The official tests use `//` (anywhere) for most
//!   of these, so the walk is over all elements, once.
//! - [`Ctx::sums`]: the [`CategorySums`], the sums of line net amounts and
//!   document allowances/charges per VAT category (and per category + rate),
//!   read from the model in one pass over the lines.

use std::sync::OnceLock;

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::model::{string_value, Bt, Invoice, Node};
use crate::rules::{xpath, RuleId};
use crate::syntax::{Syntax, NS_CAC, NS_CBC, NS_RAM, NS_RSM, NS_UDT};
use crate::xml::symbols::sym;

/// The language of messages in a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// German.
    De,
}

impl Lang {
    /// Parses `de` / `en` (also `de_DE.UTF-8` and the like).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("de") {
            Some(Lang::De)
        } else if s.starts_with("en") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the environment: `LC_ALL`, else `LC_MESSAGES`, else
    /// `LANG`; German when the first one set starts with `de`, else English.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.trim().is_empty())
            .map_or(Lang::En, |v| {
                if v.trim().to_ascii_lowercase().starts_with("de") {
                    Lang::De
                } else {
                    Lang::En
                }
            })
    }

    /// `en` or `de`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }
}

/// CII: one `ram:ChargeIndicator` of an invoice line's allowance or charge.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LineIndicator<'a> {
    /// The `ram:ChargeIndicator` element.
    pub indicator: crate::xml::Node<'a, 'a>,
    /// Its `ram:SpecifiedTradeAllowanceCharge`.
    pub ac: crate::xml::Node<'a, 'a>,
    /// A `udt:Indicator` child is literally `false` (an allowance).
    pub allowance: bool,
    /// A `udt:Indicator` child is literally `true` (a charge).
    pub charge: bool,
}

/// What a rule sees of one document.
pub struct Ctx<'m, 'a> {
    /// The syntax of the document.
    pub syntax: Syntax,
    /// The parsed document, for the rules whose official test reads the syntax directly.
    pub doc: &'a crate::xml::Document<'a>,
    /// The EN 16931 model read from it.
    pub inv: &'m Invoice<'a>,
    /// BR-CL-*: every (rule, element) whose code is not in its list, found by
    /// one DOM pass on first use and shared by all BR-CL rules (`en16931::cl`).
    pub(crate) code_list_misses: OnceLock<Vec<(RuleId, crate::xml::Node<'a, 'a>)>>,
    vat: OnceLock<VatIndex<'a>>,
    sums: OnceLock<CategorySums>,
    /// CII: every invoice line `ram:ChargeIndicator` with its allowance or
    /// charge and whether its indicator literally says `false` / `true`,
    /// found once and shared by the line allowance and charge rules
    /// (`en16931::nav::line_allowance_charges`).
    pub(crate) cii_line_indicators: OnceLock<Vec<LineIndicator<'a>>>,
    /// The language of the messages rules write.
    pub lang: Lang,
    /// The XRechnung global variables, computed on first use (see `rules::xrechnung::globals`).
    pub(crate) xr: OnceLock<crate::rules::xrechnung::Globals<'a>>,
}

impl<'m, 'a> Ctx<'m, 'a> {
    /// The context for one document (messages in English).
    pub fn new(doc: &'a crate::xml::Document<'a>, inv: &'m Invoice<'a>) -> Self {
        Ctx {
            syntax: inv.syntax,
            doc,
            inv,
            code_list_misses: OnceLock::new(),
            vat: OnceLock::new(),
            sums: OnceLock::new(),
            cii_line_indicators: OnceLock::new(),
            lang: Lang::En,
            xr: OnceLock::new(),
        }
    }

    /// The same context with messages in `lang`.
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The root element.
    pub fn root(&self) -> crate::xml::Node<'a, 'a> {
        self.doc.root_element()
    }

    /// UBL Invoice or CreditNote.
    pub fn is_ubl(&self) -> bool {
        self.syntax.is_ubl()
    }

    /// The VAT category elements and party tax identifiers of the document (built on first use).
    pub fn vat(&self) -> &VatIndex<'a> {
        self.vat
            .get_or_init(|| VatIndex::build(self.doc, self.syntax.is_ubl()))
    }

    /// Line / allowance / charge sums per VAT category and rate (built on first use).
    pub fn sums(&self) -> &CategorySums {
        self.sums.get_or_init(|| CategorySums::build(self.inv))
    }

    /// Builds every shared index the rules of `sets` read, each a task on the
    /// current rayon pool. For a large document whose rules then run as
    /// parallel tasks ([`crate::rules::RulePlan::run_parallel`]): a rule finds
    /// the indexes ready instead of waiting while another builds one. Every
    /// plan with a set runs rules that read all of that set's indexes, so
    /// nothing is built in vain.
    pub fn prepare(&self, sets: crate::rules::RuleSets) {
        use crate::rules::{en16931, xrechnung, RuleSet};
        rayon::scope(|s| {
            if sets.contains(RuleSet::En16931) {
                s.spawn(|_| {
                    let _ = en16931::cl::misses(self, true);
                });
                s.spawn(|_| {
                    let _ = self.vat();
                });
                s.spawn(|_| {
                    let _ = self.sums();
                });
                if !self.is_ubl() {
                    s.spawn(|_| {
                        let _ = en16931::nav::cii_line_indicators(self);
                    });
                }
            }
            if sets.contains(RuleSet::Xrechnung) {
                s.spawn(|_| {
                    let _ = xrechnung::globals(self);
                });
            }
        });
    }

    /// Picks the English or the German text of a message.
    pub fn say(&self, en: String, de: String) -> String {
        match self.lang {
            Lang::En => en,
            Lang::De => de,
        }
    }
}

/// The VAT category codes the category rules are written for (UNTDID 5305 subset).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VatCode {
    /// Standard rate.
    S,
    /// Zero rated.
    Z,
    /// Exempt.
    E,
    /// Reverse charge.
    Ae,
    /// Intra-community supply (`K`).
    K,
    /// Export outside the EU.
    G,
    /// Not subject to VAT.
    O,
    /// IGIC, Canary Islands (`L`).
    L,
    /// IPSI, Ceuta and Melilla (`M`).
    M,
    /// Split payment (Italy).
    B,
}

impl VatCode {
    /// Every code, in bit order.
    pub const ALL: [VatCode; 10] = [
        VatCode::S,
        VatCode::Z,
        VatCode::E,
        VatCode::Ae,
        VatCode::K,
        VatCode::G,
        VatCode::O,
        VatCode::L,
        VatCode::M,
        VatCode::B,
    ];

    /// The code as written in an invoice.
    pub const fn as_str(self) -> &'static str {
        match self {
            VatCode::S => "S",
            VatCode::Z => "Z",
            VatCode::E => "E",
            VatCode::Ae => "AE",
            VatCode::K => "K",
            VatCode::G => "G",
            VatCode::O => "O",
            VatCode::L => "L",
            VatCode::M => "M",
            VatCode::B => "B",
        }
    }

    /// This code's bit in a [`CodeMask`].
    pub const fn bit(self) -> CodeMask {
        1 << (self as u16)
    }

    /// The code `s` is exactly, if one of ours.
    pub fn parse(s: &str) -> Option<VatCode> {
        VatCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The mask of `s` compared exactly (`cbc:ID = 'S'`), 0 if not one of ours.
    pub fn mask_exact(s: &str) -> CodeMask {
        VatCode::parse(s).map_or(0, VatCode::bit)
    }

    /// Every code except this one (for `normalize-space(cbc:ID) != 'O'`): a
    /// value that is none of ours also differs from this one.
    pub const fn others(self) -> CodeMask {
        !self.bit()
    }
}

/// A set of [`VatCode`]s; bit 15 stands for "some other code" so that `!=` tests work.
pub type CodeMask = u16;

/// The mask bit for a code that is none of ours.
pub const OTHER_CODE: CodeMask = 1 << 15;

fn mask_of(s: &str) -> CodeMask {
    match VatCode::parse(s) {
        Some(c) => c.bit(),
        None => OTHER_CODE,
    }
}

/// Where a VAT category element sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OccKind {
    /// UBL `cac:TaxSubtotal/cac:TaxCategory`; CII `ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax` (BG-23).
    Breakdown,
    /// UBL `cac:ClassifiedTaxCategory`; CII `ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax` (BG-30).
    Line,
    /// The category of an allowance (`ChargeIndicator` false).
    Allowance,
    /// The category of a charge (`ChargeIndicator` true).
    Charge,
    /// The category of an allowance/charge whose indicator is missing or not a boolean.
    AllowanceCharge,
    /// A `cac:TaxCategory` / `ram:ApplicableTradeTax` / `ram:CategoryTradeTax` anywhere else.
    Other,
}

impl OccKind {
    /// Allowance, charge, or either.
    pub fn is_allowance_charge(self) -> bool {
        matches!(
            self,
            OccKind::Allowance | OccKind::Charge | OccKind::AllowanceCharge
        )
    }
}

/// One VAT category element of the document.
#[derive(Clone, Copy, Debug)]
pub struct TaxOcc<'a> {
    /// UBL `cac:TaxCategory` / `cac:ClassifiedTaxCategory`; CII `ram:ApplicableTradeTax` / `ram:CategoryTradeTax`.
    pub node: Node<'a>,
    /// The first category code element (`cbc:ID` / `ram:CategoryCode`), if any.
    pub code_node: Option<Node<'a>>,
    /// Where it sits.
    pub kind: OccKind,
    /// Whether it sits on the exact path the rule contexts name: UBL breakdown
    /// `/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory`, UBL line
    /// `(cac:InvoiceLine|cac:CreditNoteLine)/cac:Item/cac:ClassifiedTaxCategory`, UBL
    /// allowance/charge at document level; CII header/line tax under
    /// `rsm:SupplyChainTradeTransaction` (`…/ram:IncludedSupplyChainTradeLineItem/…` for lines).
    pub strict: bool,
    /// The codes matched by `normalize-space(cbc:ID)` (UBL) or `ram:CategoryCode` (CII, exact, any of several).
    pub norm: CodeMask,
    /// The codes matched by the raw value (`cbc:ID = 'L'` without normalize-space).
    pub exact: CodeMask,
    /// UBL: `cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT'`; CII: `upper-case(ram:TypeCode) = 'VAT'`.
    pub vat: bool,
    /// The first rate element (`cbc:Percent` / `ram:RateApplicablePercent`).
    pub percent: Option<Node<'a>>,
}

impl<'a> TaxOcc<'a> {
    /// Whether the element is of category `code` (normalize-space in UBL, exact in CII).
    pub fn is(&self, code: VatCode) -> bool {
        self.norm & code.bit() != 0
    }

    /// The rate as `xs:decimal`, if present and a decimal.
    pub fn rate(&self) -> Option<Decimal> {
        self.percent.and_then(|p| xpath::decimal(&string_value(p)))
    }

    /// Where to report a finding about this element's code: the code element, else the element.
    pub fn code_or_node(&self) -> Node<'a> {
        self.code_node.unwrap_or(self.node)
    }
}

/// Which party tax identifiers exist (the VAT category rules' conditions on sellers and buyers).
#[derive(Clone, Copy, Debug, Default)]
pub struct PartyTaxIds {
    /// UBL seller `cac:PartyTaxScheme/cbc:CompanyID` of any scheme; CII seller
    /// `ram:SpecifiedTaxRegistration/ram:ID[@schemeID = ('VA', 'FC')]`.
    pub seller_any: bool,
    /// Seller VAT identifier: UBL `PartyTaxScheme[VAT]/CompanyID`; CII `@schemeID = 'VA'`.
    pub seller_vat: bool,
    /// Seller tax representative VAT identifier.
    pub rep_vat: bool,
    /// Buyer VAT identifier.
    pub buyer_vat: bool,
    /// Buyer legal registration identifier: UBL `cac:PartyLegalEntity/cbc:CompanyID`;
    /// CII `ram:SpecifiedLegalOrganization/ram:ID`.
    pub buyer_legal: bool,
}

/// The VAT category elements of one document and what the category rules ask
/// about the parties, found in one walk over the DOM.
#[derive(Debug, Default)]
pub struct VatIndex<'a> {
    /// Every VAT category element, in document order.
    pub occs: Vec<TaxOcc<'a>>,
    /// Codes of every `ram:CategoryCode` anywhere (CII, exact), for BR-B-*.
    pub category_codes: CodeMask,
    /// UBL: a `cbc:IdentificationCode` anywhere differs from `IT`; CII: a `ram:CountryID` does (BR-B-01).
    pub country_not_it: bool,
    /// Party tax identifiers.
    pub parties: PartyTaxIds,
    /// UBL: every `cac:PartyTaxScheme` of the VAT scheme; CII: every
    /// `ram:SpecifiedTaxRegistration/ram:ID[@schemeID = 'VA']` (BR-CO-09).
    pub vat_ids: Vec<Node<'a>>,
    /// UBL: every `cac:TaxTotal/cac:TaxSubtotal`, at any level (BR-CO-17).
    pub subtotals: Vec<Node<'a>>,
    /// CII: a `ram:TaxPointDate` exists anywhere (BR-CO-03).
    pub tax_point_date: bool,
    /// CII: a `ram:DueDateTypeCode` exists anywhere (BR-CO-03).
    pub due_date_code: bool,
}

use crate::syntax::{in_ns, is_element as is};

fn parent_is(n: Node<'_>, ns: &str, s: u16) -> Option<bool> {
    n.parent_element().map(|p| is(p, ns, s))
}

fn child<'a>(n: Node<'a>, ns: &str, s: u16) -> Option<Node<'a>> {
    n.children().find(|c| is(*c, ns, s))
}

/// UBL `[cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT']` (any scheme element).
pub fn ubl_vat_scheme(n: Node<'_>) -> bool {
    n.children()
        .filter(|c| is(*c, NS_CAC, sym::TaxScheme))
        .any(|s| {
            s.children()
                .filter(|c| is(*c, NS_CBC, sym::ID))
                .any(|id| is_vat_upper_norm(&string_value(id)))
        })
}

/// `normalize-space(upper-case(v)) = 'VAT'`. ASCII values (all real ones) are
/// compared without allocating: trimmed of XML white space and compared
/// ignoring ASCII case (inner white space would survive normalization, so it
/// cannot match); other values take the general path.
fn is_vat_upper_norm(v: &str) -> bool {
    if v.is_ascii() {
        xpath::trim_xml_space(v).eq_ignore_ascii_case("VAT")
    } else {
        xpath::normalize_space(&v.to_uppercase()) == "VAT"
    }
}

/// XPath `xs:boolean` cast of an indicator value: `Some(true)`, `Some(false)`, or `None` (error).
pub fn xs_boolean(s: &str) -> Option<bool> {
    match xpath::trim_xml_space(s) {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

impl<'a> VatIndex<'a> {
    /// Visits only the elements of the symbols that `visit_ubl` / `visit_cii`
    /// look at (the document's chains per symbol), then puts the lists in
    /// document order.
    fn build(doc: &'a crate::xml::Document<'a>, ubl: bool) -> VatIndex<'a> {
        const UBL: &[u16] = &[
            sym::IdentificationCode,
            sym::CompanyID,
            sym::TaxCategory,
            sym::ClassifiedTaxCategory,
            sym::PartyTaxScheme,
            sym::TaxSubtotal,
        ];
        const CII: &[u16] = &[
            sym::CategoryCode,
            sym::CountryID,
            sym::ID,
            sym::TaxPointDate,
            sym::DueDateTypeCode,
            sym::ApplicableTradeTax,
            sym::CategoryTradeTax,
        ];
        let mut ix = VatIndex::default();
        let root = doc.root_element();
        for &s in if ubl { UBL } else { CII } {
            for n in doc.elements_of(s) {
                if ubl {
                    ix.visit_ubl(n, root);
                } else {
                    ix.visit_cii(n);
                }
            }
        }
        ix.occs.sort_unstable_by_key(|o| o.node.id());
        ix.vat_ids.sort_unstable_by_key(|n| n.id());
        ix.subtotals.sort_unstable_by_key(|n| n.id());
        ix
    }

    fn visit_ubl(&mut self, n: Node<'a>, root: Node<'a>) {
        // The symbol first: it rules out almost every element, so the long
        // namespace URI is compared only for candidates.
        let name = n.sym();
        let in_ns = |ns: &str| in_ns(n, ns);
        match name {
            sym::IdentificationCode if in_ns(NS_CBC) => {
                if string_value(n) != "IT" {
                    self.country_not_it = true;
                }
                return;
            }
            sym::CompanyID if in_ns(NS_CBC) => {
                self.ubl_company_id(n);
                return;
            }
            sym::TaxCategory | sym::ClassifiedTaxCategory if in_ns(NS_CAC) => {}
            sym::PartyTaxScheme if in_ns(NS_CAC) => {
                if ubl_vat_scheme(n) {
                    self.vat_ids.push(n);
                }
                return;
            }
            sym::TaxSubtotal if in_ns(NS_CAC) => {
                if parent_is(n, NS_CAC, sym::TaxTotal) == Some(true) {
                    self.subtotals.push(n);
                }
                return;
            }
            _ => return,
        }
        let parent = n.parent_element();
        let (kind, strict) = if name == sym::ClassifiedTaxCategory {
            let strict = parent.is_some_and(|item| {
                is(item, NS_CAC, sym::Item)
                    && item.parent_element().is_some_and(|l| {
                        is(l, NS_CAC, sym::InvoiceLine) || is(l, NS_CAC, sym::CreditNoteLine)
                    })
            });
            (OccKind::Line, strict)
        } else {
            match parent {
                Some(p) if is(p, NS_CAC, sym::TaxSubtotal) => {
                    let strict = p.parent_element().is_some_and(|t| {
                        is(t, NS_CAC, sym::TaxTotal) && t.parent_element() == Some(root)
                    });
                    (OccKind::Breakdown, strict)
                }
                Some(p) if is(p, NS_CAC, sym::AllowanceCharge) => {
                    let ind = child(p, NS_CBC, sym::ChargeIndicator)
                        .and_then(|i| xs_boolean(&string_value(i)));
                    let kind = match ind {
                        Some(true) => OccKind::Charge,
                        Some(false) => OccKind::Allowance,
                        None => OccKind::AllowanceCharge,
                    };
                    (kind, p.parent_element() == Some(root))
                }
                _ => (OccKind::Other, false),
            }
        };
        let code_node = child(n, NS_CBC, sym::ID);
        let (norm, exact) = match code_node {
            Some(c) => {
                let raw = string_value(c);
                (mask_of(&xpath::normalize_space(&raw)), mask_of(&raw))
            }
            // normalize-space(()) is '', which differs from every code.
            None => (OTHER_CODE, OTHER_CODE),
        };
        self.occs.push(TaxOcc {
            node: n,
            code_node,
            kind,
            strict,
            norm,
            exact,
            vat: ubl_vat_scheme(n),
            percent: child(n, NS_CBC, sym::Percent),
        });
    }

    /// `cbc:CompanyID` in a party's tax scheme or legal entity.
    fn ubl_company_id(&mut self, n: Node<'a>) {
        let Some(holder) = n.parent_element() else {
            return;
        };
        let Some(party) = holder.parent_element() else {
            return;
        };
        let role = party.parent_element();
        let role_is =
            |s: u16| is(party, NS_CAC, sym::Party) && role.is_some_and(|r| is(r, NS_CAC, s));
        if is(holder, NS_CAC, sym::PartyTaxScheme) {
            let vat = ubl_vat_scheme(holder);
            if role_is(sym::AccountingSupplierParty) {
                self.parties.seller_any = true;
                self.parties.seller_vat |= vat;
            } else if role_is(sym::AccountingCustomerParty) {
                self.parties.buyer_vat |= vat;
            } else if is(party, NS_CAC, sym::TaxRepresentativeParty) {
                self.parties.rep_vat |= vat;
            }
        } else if is(holder, NS_CAC, sym::PartyLegalEntity) && role_is(sym::AccountingCustomerParty)
        {
            self.parties.buyer_legal = true;
        }
    }

    fn visit_cii(&mut self, n: Node<'a>) {
        // Symbol first, then the namespace (see `visit_ubl`).
        let ram = || in_ns(n, NS_RAM);
        match n.sym() {
            sym::CategoryCode if ram() => self.category_codes |= mask_of(&string_value(n)),
            sym::CountryID if ram() && string_value(n) != "IT" => self.country_not_it = true,
            sym::ID if ram() => self.cii_tax_id(n),
            sym::TaxPointDate if ram() => self.tax_point_date = true,
            sym::DueDateTypeCode if ram() => self.due_date_code = true,
            sym::ApplicableTradeTax | sym::CategoryTradeTax if ram() => self.cii_tax(n),
            _ => {}
        }
    }

    fn cii_tax(&mut self, n: Node<'a>) {
        let parent = n.parent_element();
        let in_txn = |settlement: Node<'_>| {
            settlement
                .parent_element()
                .is_some_and(|t| is(t, NS_RSM, sym::SupplyChainTradeTransaction))
        };
        let (kind, strict) = if n.sym() == sym::ApplicableTradeTax {
            match parent {
                Some(p) if is(p, NS_RAM, sym::ApplicableHeaderTradeSettlement) => {
                    (OccKind::Breakdown, in_txn(p))
                }
                Some(p) if is(p, NS_RAM, sym::SpecifiedLineTradeSettlement) => {
                    let strict = p.parent_element().is_some_and(|item| {
                        is(item, NS_RAM, sym::IncludedSupplyChainTradeLineItem) && in_txn(item)
                    });
                    (OccKind::Line, strict)
                }
                _ => (OccKind::Other, false),
            }
        } else {
            match parent {
                Some(p) if is(p, NS_RAM, sym::SpecifiedTradeAllowanceCharge) => {
                    // `ram:ChargeIndicator/udt:Indicator = true()` is existential over the indicators.
                    let mut charge = false;
                    let mut allowance = false;
                    for ind in p
                        .children()
                        .filter(|c| is(*c, NS_RAM, sym::ChargeIndicator))
                        .flat_map(|c| c.children().filter(|i| is(*i, NS_UDT, sym::Indicator)))
                    {
                        match xs_boolean(&string_value(ind)) {
                            Some(true) => charge = true,
                            Some(false) => allowance = true,
                            None => {}
                        }
                    }
                    let kind = match (charge, allowance) {
                        (true, false) => OccKind::Charge,
                        (false, true) => OccKind::Allowance,
                        _ => OccKind::AllowanceCharge,
                    };
                    (kind, true)
                }
                _ => (OccKind::Other, false),
            }
        };
        let mut code_node = None;
        let mut mask = 0;
        for c in n.children().filter(|c| is(*c, NS_RAM, sym::CategoryCode)) {
            code_node.get_or_insert(c);
            mask |= mask_of(&string_value(c));
        }
        let vat = child(n, NS_RAM, sym::TypeCode)
            .is_some_and(|t| string_value(t).eq_ignore_ascii_case("VAT"));
        self.occs.push(TaxOcc {
            node: n,
            code_node,
            kind,
            strict,
            norm: mask,
            exact: mask,
            vat,
            percent: child(n, NS_RAM, sym::RateApplicablePercent),
        });
    }

    /// `ram:SpecifiedTaxRegistration/ram:ID[@schemeID]` and `ram:SpecifiedLegalOrganization/ram:ID`.
    fn cii_tax_id(&mut self, n: Node<'a>) {
        let Some(holder) = n.parent_element() else {
            return;
        };
        let Some(party) = holder.parent_element() else {
            return;
        };
        let party_is = |s: u16| is(party, NS_RAM, s);
        if is(holder, NS_RAM, sym::SpecifiedTaxRegistration) {
            let scheme = n.attribute("schemeID");
            let va = scheme == Some("VA");
            let fc = scheme == Some("FC");
            if va {
                self.vat_ids.push(n);
            }
            if party_is(sym::SellerTradeParty) {
                self.parties.seller_any |= va || fc;
                self.parties.seller_vat |= va;
            } else if party_is(sym::SellerTaxRepresentativeTradeParty) {
                self.parties.rep_vat |= va;
            } else if party_is(sym::BuyerTradeParty) {
                self.parties.buyer_vat |= va;
            }
        } else if is(holder, NS_RAM, sym::SpecifiedLegalOrganization)
            && party_is(sym::BuyerTradeParty)
        {
            self.parties.buyer_legal = true;
        }
    }

    /// The elements of `kind`.
    pub fn of(&self, kind: OccKind) -> impl Iterator<Item = &TaxOcc<'a>> + '_ {
        self.occs.iter().filter(move |o| o.kind == kind)
    }
}

/// Sums of one VAT category (or category + rate) over the lines and the
/// document-level allowances and charges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CategorySum {
    /// Sum of the net amounts (BT-131) of the UBL `cac:InvoiceLine`s (CII: of all lines).
    pub inv_lines: Decimal,
    /// Sum of the net amounts of the UBL `cac:CreditNoteLine`s (CII: 0).
    pub cn_lines: Decimal,
    /// Whether an invoice line (UBL `cac:InvoiceLine`, CII any line) is of this category.
    pub any_inv_line: bool,
    /// Whether a UBL `cac:CreditNoteLine` is of this category.
    pub any_cn_line: bool,
    /// Sum of the document-level charge amounts (BT-99) of this category.
    pub charges: Decimal,
    /// Sum of the document-level allowance amounts (BT-92) of this category.
    pub allowances: Decimal,
}

/// [`CategorySum`]s per category code and per (code, rate), read from the model.
///
/// How a line or allowance/charge "is of category C" follows the official
/// tests: UBL compares `normalize-space()` of the code, CII the raw string;
/// a line with several codes or rates counts for each (the XPath predicates
/// are existential). UBL sums every `cbc:Amount` of an allowance, CII only
/// `ram:ActualAmount[1]`.
#[derive(Debug, Default)]
pub struct CategorySums {
    by_code: [CategorySum; 10],
    by_rate: RateTable,
}

/// (code, rate) → sums: a short list searched linearly (an invoice has a
/// handful of rates), switching to a hash map when it grows, so a hostile
/// document with thousands of rates stays linear.
#[derive(Debug, Default)]
struct RateTable {
    small: Vec<((VatCode, Decimal), CategorySum)>,
    big: HashMap<(VatCode, Decimal), CategorySum>,
}

impl RateTable {
    const SMALL: usize = 16;

    fn get(&self, key: &(VatCode, Decimal)) -> Option<&CategorySum> {
        self.small
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .or_else(|| self.big.get(key))
    }

    fn entry(&mut self, key: (VatCode, Decimal)) -> &mut CategorySum {
        if let Some(i) = self.small.iter().position(|(k, _)| *k == key) {
            return &mut self.small[i].1;
        }
        if self.small.len() < Self::SMALL {
            self.small.push((key, CategorySum::default()));
            let last = self.small.len() - 1;
            return &mut self.small[last].1;
        }
        self.big.entry(key).or_default()
    }
}

impl CategorySums {
    /// The sums for category `code`, any rate.
    pub fn code(&self, code: VatCode) -> CategorySum {
        self.by_code[code as usize]
    }

    /// The sums for category `code` at `rate`.
    pub fn rate(&self, code: VatCode, rate: Decimal) -> CategorySum {
        self.by_rate.get(&(code, rate)).copied().unwrap_or_default()
    }

    fn build(inv: &Invoice<'_>) -> CategorySums {
        let ubl = inv.syntax.is_ubl();
        let mut sums = CategorySums::default();
        let code_of = |t: crate::model::Term<'_>| {
            if ubl {
                VatCode::parse(&t.text())
            } else {
                VatCode::parse(&t.raw())
            }
        };
        let mut codes: Vec<VatCode> = Vec::new();
        let mut rates: Vec<Decimal> = Vec::new();
        for line in &inv.lines {
            collect(&mut codes, line.terms.all(Bt::Bt151).filter_map(code_of));
            if codes.is_empty() {
                continue;
            }
            rates.clear();
            rates.extend(line.terms.all(Bt::Bt152).filter_map(|t| t.decimal()));
            rates.sort_unstable();
            rates.dedup();
            let amount: Decimal = if ubl {
                line.terms.all(Bt::Bt131).filter_map(|t| t.decimal()).sum()
            } else {
                line.terms.decimal(Bt::Bt131).unwrap_or_default()
            };
            let credit = ubl && line.terms.node.sym() == sym::CreditNoteLine;
            let add = |s: &mut CategorySum| {
                if credit {
                    s.cn_lines += amount;
                    s.any_cn_line = true;
                } else {
                    s.inv_lines += amount;
                    s.any_inv_line = true;
                }
            };
            for &c in &codes {
                add(&mut sums.by_code[c as usize]);
                for &r in &rates {
                    add(sums.by_rate.entry((c, r)));
                }
            }
        }
        for (groups, code_bt, rate_bt, amount_bt, charge) in [
            (&inv.allowances, Bt::Bt95, Bt::Bt96, Bt::Bt92, false),
            (&inv.charges, Bt::Bt102, Bt::Bt103, Bt::Bt99, true),
        ] {
            for g in groups {
                collect(&mut codes, g.all(code_bt).filter_map(code_of));
                if codes.is_empty() {
                    continue;
                }
                rates.clear();
                rates.extend(g.all(rate_bt).filter_map(|t| t.decimal()));
                rates.sort_unstable();
                rates.dedup();
                let amount: Decimal = if ubl {
                    g.all(amount_bt).filter_map(|t| t.decimal()).sum()
                } else {
                    g.decimal(amount_bt).unwrap_or_default()
                };
                let add = |s: &mut CategorySum| {
                    if charge {
                        s.charges += amount;
                    } else {
                        s.allowances += amount;
                    }
                };
                for &c in &codes {
                    add(&mut sums.by_code[c as usize]);
                    for &r in &rates {
                        add(sums.by_rate.entry((c, r)));
                    }
                }
            }
        }
        sums
    }
}

/// Refills `buf` with the distinct items of `it`.
fn collect<T: PartialEq>(buf: &mut Vec<T>, it: impl Iterator<Item = T>) {
    buf.clear();
    for x in it {
        if !buf.contains(&x) {
            buf.push(x);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_vat_upper_norm;

    #[test]
    fn vat_scheme_compares_upper_cased_and_normalized() {
        for v in ["VAT", "vat", " Vat\n", "\tVAT "] {
            assert!(is_vat_upper_norm(v), "{v:?}");
        }
        for v in ["", "V AT", "VATS", "GST", "VAT\u{a0}", "v\u{e4}t"] {
            assert!(!is_vat_upper_norm(v), "{v:?}");
        }
    }
}
