//! Errors of one document. Every error stays inside its document: the batch
//! goes on, and the report names the file and says what to do.

/// Why a document could not be read as an invoice.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The file is empty.
    #[error("the file is empty (0 bytes); expected an XML or PDF invoice")]
    Empty,
    /// Over the size limit.
    #[error("the file has {size} bytes, more than the limit of {limit} bytes; split it or raise --max-size")]
    TooLarge {
        /// Size of the input.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// Bytes that are not text in the declared or detected encoding.
    #[error("encoding: {0}")]
    Encoding(String),
    /// A document type declaration; refused so that no entity is expanded and nothing is fetched.
    #[error("the document contains a DTD (<!DOCTYPE ...>); invoices must not have one, and DTDs are not processed (no entity expansion, no external entities)")]
    Dtd,
    /// Not well-formed XML.
    #[error("not well-formed XML: {0}")]
    Xml(String),
    /// Nested deeper than the limit.
    #[error(
        "elements are nested more than {0} levels deep; no invoice needs that, the file is refused"
    )]
    TooDeep(u32),
    /// More nodes than the limit.
    #[error("the document has more than {0} XML nodes; the file is refused")]
    TooManyNodes(u32),
    /// Well-formed XML, but not an invoice this tool reads.
    #[error("root element {root} is not an invoice: expected UBL 2.1 Invoice or CreditNote, or UN/CEFACT CrossIndustryInvoice (CII D16B)")]
    NotInvoice {
        /// The root element, `{namespace}local`.
        root: String,
    },
    /// ZUGFeRD 1.0 (`CrossIndustryDocument`), which predates EN 16931.
    #[error("ZUGFeRD 1.0 (rsm:CrossIndustryDocument) is a legacy format and not an EN 16931 invoice; ask the sender for ZUGFeRD 2.x / Factur-X (profile EN 16931 or XRECHNUNG) or XRechnung")]
    Zugferd1,
    /// A PDF that cannot be read (damaged structure, unsupported encoding of the attachment).
    #[error("the PDF cannot be read: {0}")]
    Pdf(String),
    /// The check of this document stopped on an internal error (a panic caught
    /// per document, so that the batch goes on).
    #[error("the check stopped on an internal error ({0}); the invoice could not be judged. Amounts beyond 28 significant digits cannot be checked; otherwise please report this file to the erechnung maintainers")]
    Internal(String),
    /// An encrypted PDF; PDF/A-3 (required for ZUGFeRD / Factur-X) forbids encryption.
    #[error("the PDF is encrypted; ZUGFeRD / Factur-X invoices are PDF/A-3, which forbids encryption, and the embedded invoice is not read; ask the sender for an unencrypted PDF")]
    PdfEncrypted,
    /// A readable PDF without an embedded invoice XML.
    #[error("the PDF has no embedded invoice XML (expected an attachment factur-x.xml, xrechnung.xml or zugferd-invoice.xml); {0}")]
    PdfNoInvoice(String),
}
