//! The plain data of one synthetic invoice ([`InvoiceSpec`]): what the
//! generator produces, what rule-test edits change, and what the renderers
//! write. Amounts are `rust_decimal` values; the document totals and the VAT
//! breakdown are derived from the lines by [`InvoiceSpec::recompute`] and kept
//! in [`Totals`], so an edit can either change the lines and recompute, or
//! overwrite a total to make it wrong on purpose.

use rust_decimal::Decimal;

use crate::model::Date;

/// XRechnung 3.0 CIUS specification identifier (BT-24).
pub const XRECHNUNG_3_0: &str =
    "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";
/// Peppol billing business process (BT-23), as XRechnung recommends.
pub const PEPPOL_BILLING: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

/// VAT category code (UNTDID 5305 subset used by EN 16931).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VatCode {
    /// Standard rate.
    S,
    /// Zero rated goods.
    Z,
    /// Exempt from VAT.
    E,
    /// VAT reverse charge.
    AE,
    /// Intra-community supply (VAT exempt for EEA intra-community supply).
    K,
    /// Free export item, VAT not charged.
    G,
    /// Services outside scope of tax.
    O,
}

impl VatCode {
    /// The code as written in the invoice.
    pub const fn as_str(self) -> &'static str {
        match self {
            VatCode::S => "S",
            VatCode::Z => "Z",
            VatCode::E => "E",
            VatCode::AE => "AE",
            VatCode::K => "K",
            VatCode::G => "G",
            VatCode::O => "O",
        }
    }

    /// Whether the category carries an exemption reason (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10).
    pub const fn is_exempt(self) -> bool {
        matches!(
            self,
            VatCode::E | VatCode::AE | VatCode::K | VatCode::G | VatCode::O
        )
    }
}

/// The VAT category and rate of a line, allowance or charge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tax {
    /// BT-151 / BT-95 / BT-102.
    pub code: VatCode,
    /// BT-152 / BT-96 / BT-103; not written for category O (BR-O-05..07).
    pub rate: Decimal,
}

/// A postal address (BG-5, BG-8, BG-12, BG-15).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Address {
    /// Address line 1 (BT-35 ...).
    pub street: Option<String>,
    /// Address line 2 (BT-36 ...).
    pub additional: Option<String>,
    /// City (BT-37 ...).
    pub city: Option<String>,
    /// Post code (BT-38 ...).
    pub postcode: Option<String>,
    /// Country subdivision (BT-39 ...).
    pub subdivision: Option<String>,
    /// ISO 3166-1 alpha-2 country code (BT-40 ...).
    pub country: String,
}

/// A contact (BG-6, BG-9).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Contact {
    /// Contact point (BT-41 / BT-56).
    pub name: Option<String>,
    /// Telephone (BT-42 / BT-57).
    pub phone: Option<String>,
    /// E-mail (BT-43 / BT-58).
    pub email: Option<String>,
}

/// An identifier with an optional scheme (ISO 6523 ICD, EAS, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Id {
    /// The identifier.
    pub id: String,
    /// Its scheme, if any.
    pub scheme: Option<String>,
}

impl Id {
    /// An identifier without scheme.
    pub fn plain(id: impl Into<String>) -> Id {
        Id {
            id: id.into(),
            scheme: None,
        }
    }

    /// An identifier with scheme.
    pub fn with(id: impl Into<String>, scheme: &str) -> Id {
        Id {
            id: id.into(),
            scheme: Some(scheme.to_string()),
        }
    }
}

/// Seller (BG-4) or buyer (BG-7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    /// Legal name (BT-27 / BT-44).
    pub name: String,
    /// Trading name (BT-28 / BT-45).
    pub trading_name: Option<String>,
    /// Identifiers (BT-29 / BT-46).
    pub ids: Vec<Id>,
    /// Legal registration identifier (BT-30 / BT-47).
    pub legal_id: Option<Id>,
    /// Additional legal information (BT-33, seller only).
    pub legal_info: Option<String>,
    /// VAT identifier (BT-31 / BT-48).
    pub vat_id: Option<String>,
    /// Tax registration identifier (BT-32, seller only).
    pub tax_number: Option<String>,
    /// Electronic address (BT-34 / BT-49) with its EAS scheme.
    pub endpoint: Option<Id>,
    /// Postal address (BG-5 / BG-8).
    pub address: Address,
    /// Contact (BG-6 / BG-9).
    pub contact: Option<Contact>,
}

/// Payee (BG-10), when it is not the seller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payee {
    /// BT-59.
    pub name: String,
    /// BT-60.
    pub id: Option<Id>,
    /// BT-61.
    pub legal_id: Option<Id>,
}

/// Seller tax representative (BG-11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxRepresentative {
    /// BT-62.
    pub name: String,
    /// BT-63.
    pub vat_id: String,
    /// BG-12.
    pub address: Address,
}

/// Delivery information (BG-13).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Delivery {
    /// Deliver to party name (BT-70).
    pub party_name: Option<String>,
    /// Actual delivery date (BT-72).
    pub date: Option<Date>,
    /// Deliver to address (BG-15).
    pub address: Option<Address>,
}

/// SEPA credit transfer account (BG-17).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditTransfer {
    /// Payment account identifier, an IBAN (BT-84).
    pub iban: String,
    /// Account name (BT-85).
    pub account_name: Option<String>,
    /// BIC (BT-86).
    pub bic: Option<String>,
}

/// SEPA direct debit (BG-19).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectDebit {
    /// Mandate reference (BT-89).
    pub mandate: String,
    /// Bank assigned creditor identifier (BT-90).
    pub creditor_id: String,
    /// Debited account, an IBAN (BT-91).
    pub debited_iban: String,
}

/// Payment instructions (BG-16).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    /// Payment means type code, UNTDID 4461 (BT-81): 58 SEPA credit transfer, 30 credit transfer, 59 SEPA direct debit.
    pub code: String,
    /// Payment means text (BT-82).
    pub text: Option<String>,
    /// Remittance information (BT-83).
    pub remittance: Option<String>,
    /// BG-17.
    pub credit_transfer: Option<CreditTransfer>,
    /// BG-19.
    pub direct_debit: Option<DirectDebit>,
}

/// An invoice note (BG-1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Subject code, UNTDID 4451 (BT-21).
    pub subject: Option<String>,
    /// Note text (BT-22).
    pub text: String,
}

/// A preceding invoice reference (BG-3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preceding {
    /// BT-25.
    pub number: String,
    /// BT-26.
    pub issue_date: Option<Date>,
}

/// A document or line level allowance or charge (BG-20, BG-21, BG-27, BG-28).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowanceCharge {
    /// Amount (BT-92 / BT-99 / BT-136 / BT-141).
    pub amount: Decimal,
    /// Base amount (BT-93 ...), written with the percentage.
    pub base: Option<Decimal>,
    /// Percentage (BT-94 ...).
    pub percent: Option<Decimal>,
    /// VAT category and rate (document level only: BT-95/96, BT-102/103).
    pub tax: Tax,
    /// Reason text (BT-97 ...).
    pub reason: Option<String>,
    /// Reason code, UNTDID 5189 for allowances, 7161 for charges (BT-98 ...).
    pub reason_code: Option<String>,
}

impl AllowanceCharge {
    /// A percentage of `base`, the amount rounded to cents as PEPPOL-EN16931-R040 expects.
    pub fn percent_of(base: Decimal, percent: Decimal, tax: Tax) -> AllowanceCharge {
        AllowanceCharge {
            amount: super::calc::round2(base * percent / Decimal::ONE_HUNDRED),
            base: Some(base),
            percent: Some(percent),
            tax,
            reason: None,
            reason_code: None,
        }
    }
}

/// An embedded attachment (BG-24 with BT-125).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// Supporting document reference (BT-122).
    pub id: String,
    /// Description (BT-123).
    pub description: Option<String>,
    /// MIME code (BT-125-1).
    pub mime: String,
    /// File name (BT-125-2), unique per invoice (BR-DE-22).
    pub filename: String,
    /// The content, base64 encoded by the renderers.
    pub content: Vec<u8>,
}

/// An invoice line (BG-25).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineSpec {
    /// BT-126.
    pub id: String,
    /// BT-127.
    pub note: Option<String>,
    /// Invoiced quantity (BT-129).
    pub quantity: Decimal,
    /// Unit of measure, UN/ECE Rec 20/21 (BT-130).
    pub unit: String,
    /// Item net price (BT-146).
    pub price: Decimal,
    /// Item gross price (BT-148); the price discount BT-147 is gross − net.
    pub gross_price: Option<Decimal>,
    /// Item price base quantity (BT-149).
    pub base_quantity: Option<Decimal>,
    /// BG-27 (the `tax` field is not written at line level).
    pub allowances: Vec<AllowanceCharge>,
    /// BG-28.
    pub charges: Vec<AllowanceCharge>,
    /// BG-30.
    pub tax: Tax,
    /// Item name (BT-153).
    pub name: String,
    /// Item description (BT-154).
    pub description: Option<String>,
    /// Seller's item identifier (BT-155).
    pub seller_item_id: Option<String>,
    /// Buyer's item identifier (BT-156).
    pub buyer_item_id: Option<String>,
    /// Standard item identifier with scheme (BT-157).
    pub standard_id: Option<Id>,
    /// Item classifications, code with UNTDID 7143 list id (BT-158).
    pub classifications: Vec<Id>,
    /// Country of origin (BT-159).
    pub origin_country: Option<String>,
    /// Item attributes, name and value (BG-32).
    pub attributes: Vec<(String, String)>,
    /// Line period (BG-26).
    pub period: Option<(Date, Date)>,
    /// Referenced purchase order line (BT-132).
    pub order_line: Option<String>,
    /// Buyer accounting reference (BT-133).
    pub accounting_ref: Option<String>,
    /// Line net amount (BT-131), set by [`InvoiceSpec::recompute`].
    pub net_amount: Decimal,
}

/// One VAT breakdown entry (BG-23).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VatBreakdown {
    /// BT-118 and BT-119.
    pub tax: Tax,
    /// BT-116.
    pub taxable: Decimal,
    /// BT-117.
    pub amount: Decimal,
    /// BT-121.
    pub exemption_code: Option<String>,
    /// BT-120.
    pub exemption_reason: Option<String>,
}

/// A VAT exemption reason for one category (BT-120, BT-121).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exemption {
    /// The category it applies to.
    pub code: VatCode,
    /// VATEX code.
    pub vatex: Option<String>,
    /// Text.
    pub text: Option<String>,
}

/// Document totals (BG-22) and the VAT breakdown (BG-23).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Totals {
    /// BT-106.
    pub line_total: Decimal,
    /// BT-107, written when there are document allowances.
    pub allowance_total: Option<Decimal>,
    /// BT-108, written when there are document charges.
    pub charge_total: Option<Decimal>,
    /// BT-109.
    pub tax_exclusive: Decimal,
    /// BT-110.
    pub tax_total: Decimal,
    /// BT-112.
    pub tax_inclusive: Decimal,
    /// BT-113, written when not zero.
    pub prepaid: Option<Decimal>,
    /// BT-115.
    pub payable: Decimal,
    /// BG-23, in category then rate order.
    pub vat: Vec<VatBreakdown>,
}

/// One invoice (type 380 and friends) or credit note (381), in EN 16931 terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceSpec {
    /// BT-1.
    pub number: String,
    /// BT-2.
    pub issue_date: Date,
    /// BT-3, UNTDID 1001: 380 invoice, 381 credit note (rendered as UBL CreditNote), ...
    pub type_code: String,
    /// BT-5.
    pub currency: String,
    /// BT-9.
    pub due_date: Option<Date>,
    /// BT-10, the Leitweg-ID for German public buyers.
    pub buyer_reference: String,
    /// BT-12.
    pub contract_ref: Option<String>,
    /// BT-13.
    pub order_ref: Option<String>,
    /// BT-19.
    pub accounting_ref: Option<String>,
    /// BT-23.
    pub process: String,
    /// BT-24.
    pub specification: String,
    /// BG-14.
    pub period: Option<(Date, Date)>,
    /// BG-1.
    pub notes: Vec<Note>,
    /// BG-3.
    pub preceding: Vec<Preceding>,
    /// BG-4.
    pub seller: Party,
    /// BG-7.
    pub buyer: Party,
    /// BG-10.
    pub payee: Option<Payee>,
    /// BG-11.
    pub tax_representative: Option<TaxRepresentative>,
    /// BG-13.
    pub delivery: Option<Delivery>,
    /// BG-16.
    pub payment: Option<Payment>,
    /// BT-20 (may carry XRechnung Skonto lines, see BR-DE-18).
    pub payment_terms: Option<String>,
    /// BG-20.
    pub allowances: Vec<AllowanceCharge>,
    /// BG-21.
    pub charges: Vec<AllowanceCharge>,
    /// BG-24.
    pub attachments: Vec<Attachment>,
    /// BG-25.
    pub lines: Vec<LineSpec>,
    /// BT-120/121 per exempt category, used for the breakdown.
    pub exemptions: Vec<Exemption>,
    /// BT-113 input.
    pub prepaid: Decimal,
    /// BG-22 and BG-23, derived by [`InvoiceSpec::recompute`].
    pub totals: Totals,
}

impl InvoiceSpec {
    /// Whether the document is a credit note (type 381), rendered as a UBL `CreditNote`.
    pub fn is_credit_note(&self) -> bool {
        self.type_code == "381"
    }
}
