//! Synthetic ZUGFeRD / Factur-X PDFs and a synthetic CII invoice, written by
//! this project for its tests, benchmarks and fuzz seeds (no third-party
//! sample files). The PDFs are built with lopdf: one A4 page, the invoice as
//! an embedded file (EmbeddedFiles name tree and /AF), and a Factur-X XMP
//! packet; switches cover object streams with a cross-reference stream, a
//! nested name tree, an incremental update, encryption and odd attachments.

use std::io::Write as _;

use lopdf::{
    dictionary, Dictionary, Document, IncrementalDocument, Object, ObjectId, Stream, StringFormat,
};

/// One embedded file.
#[derive(Clone, Debug)]
pub struct Attachment {
    /// File name (/F, /UF and the name tree key).
    pub name: String,
    /// The file's bytes.
    pub data: Vec<u8>,
    /// Store FlateDecode-compressed (else unfiltered).
    pub compress: bool,
    /// /AFRelationship, e.g. `Alternative`; `None` leaves it out.
    pub relationship: Option<String>,
    /// List it in the EmbeddedFiles name tree.
    pub in_name_tree: bool,
    /// List it in the catalog's /AF array.
    pub in_af: bool,
    /// MIME type (/Subtype of the embedded file stream).
    pub mime: String,
    /// /Params /Size to declare; `None` declares the true size.
    pub declared_size: Option<i64>,
}

impl Attachment {
    /// An XML attachment as ZUGFeRD producers write it: compressed, /Alternative,
    /// in the name tree and in /AF.
    pub fn xml(name: &str, data: &[u8]) -> Attachment {
        Attachment {
            name: name.to_string(),
            data: data.to_vec(),
            compress: true,
            relationship: Some("Alternative".into()),
            in_name_tree: true,
            in_af: true,
            mime: "text/xml".into(),
            declared_size: None,
        }
    }
}

/// The document's XMP metadata.
#[derive(Clone, Debug)]
pub enum Metadata {
    /// No /Metadata stream.
    None,
    /// A Factur-X XMP packet (see [`xmp`]).
    FacturX {
        /// fx:ConformanceLevel.
        level: String,
        /// fx:DocumentFileName.
        file_name: String,
    },
    /// These bytes as the metadata stream.
    Raw(Vec<u8>),
}

/// What to build.
#[derive(Clone, Debug)]
pub struct Builder {
    /// The embedded files, in name tree order.
    pub attachments: Vec<Attachment>,
    /// XMP metadata.
    pub metadata: Metadata,
    /// Write compressed object streams and a cross-reference stream (PDF 1.5+).
    pub object_streams: bool,
    /// Split the name tree into one kid per attachment under an intermediate node.
    pub nested_name_tree: bool,
    /// Write the page first, then add attachments, names and metadata in an incremental update.
    pub incremental: bool,
    /// Encrypt (RC4 128) with this user password (`""`: opens without one).
    pub encrypt: Option<String>,
    /// Bytes of incompressible filler (like an embedded font) to reach a realistic size.
    pub filler: usize,
}

impl Builder {
    /// A ZUGFeRD PDF with `xml` as `factur-x.xml`, XMP for profile EN 16931.
    pub fn zugferd(xml: &[u8]) -> Builder {
        Builder::named(xml, "factur-x.xml", "EN 16931")
    }

    /// A ZUGFeRD PDF with `xml` attached as `name`, XMP naming `name` and `level`.
    pub fn named(xml: &[u8], name: &str, level: &str) -> Builder {
        Builder {
            attachments: vec![Attachment::xml(name, xml)],
            metadata: Metadata::FacturX {
                level: level.to_string(),
                file_name: name.to_string(),
            },
            object_streams: false,
            nested_name_tree: false,
            incremental: false,
            encrypt: None,
            filler: 0,
        }
    }

    /// Builds the PDF.
    pub fn build(&self) -> Result<Vec<u8>, lopdf::Error> {
        let mut doc = Document::with_version(if self.object_streams { "1.7" } else { "1.4" });
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let content = b"BT /F1 18 Tf 56 780 Td (Rechnung RE-2025-0042) Tj ET\n\
            BT /F1 10 Tf 56 750 Td (Die Rechnungsdaten liegen als factur-x.xml bei.) Tj ET\n"
            .to_vec();
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content));
        let mut resources = dictionary! { "Font" => dictionary! { "F1" => font_id } };
        if self.filler > 0 {
            let filler = Stream::new(
                dictionary! { "Length1" => self.filler as i64 },
                noise(self.filler),
            );
            let filler_id = doc.add_object(filler);
            resources.set("XFiller", filler_id);
        }
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content_id,
            "Resources" => resources,
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
            ),
        );
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
        if self.incremental {
            let catalog_id = doc.add_object(catalog.clone());
            doc.trailer.set("Root", catalog_id);
            let base = save(&mut doc, false)?;
            let prev = Document::load_mem(&base)?;
            let mut inc = IncrementalDocument::create_from(base, prev);
            let new = &mut inc.new_document;
            self.add_invoice_parts(new, &mut catalog)?;
            new.set_object(catalog_id, catalog);
            new.trailer.set("Root", catalog_id);
            let mut out = Vec::new();
            inc.save_to(&mut out)?;
            return Ok(out);
        }
        self.add_invoice_parts(&mut doc, &mut catalog)?;
        let catalog_id = doc.add_object(catalog);
        doc.trailer.set("Root", catalog_id);
        if let Some(user) = &self.encrypt {
            // The standard security handler keys on the file identifier.
            let id = Object::String(b"erechnung-test-1".to_vec(), StringFormat::Hexadecimal);
            doc.trailer.set("ID", vec![id.clone(), id]);
            let version = lopdf::EncryptionVersion::V2 {
                document: &doc,
                owner_password: "owner",
                user_password: user,
                key_length: 128,
                permissions: lopdf::Permissions::all(),
            };
            let state = lopdf::EncryptionState::try_from(version)?;
            doc.encrypt(&state)?;
        }
        save(&mut doc, self.object_streams)
    }

    /// Adds the embedded files, name tree, /AF and XMP to `doc` and `catalog`.
    fn add_invoice_parts(
        &self,
        doc: &mut Document,
        catalog: &mut Dictionary,
    ) -> Result<(), lopdf::Error> {
        let mut tree: Vec<(String, ObjectId)> = Vec::new();
        let mut af: Vec<Object> = Vec::new();
        for a in &self.attachments {
            let mut dict = dictionary! {
                "Type" => "EmbeddedFile",
                "Subtype" => Object::Name(a.mime.clone().into_bytes()),
                "Params" => dictionary! { "Size" => a.declared_size.unwrap_or(a.data.len() as i64) },
            };
            let content = if a.compress {
                dict.set("Filter", "FlateDecode");
                let mut z =
                    flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
                z.write_all(&a.data)?;
                z.finish()?
            } else {
                a.data.clone()
            };
            let mut stream = Stream::new(dict, content);
            // Keep lopdf from recompressing: the bytes above are final.
            stream.allows_compression = false;
            let file_id = doc.add_object(stream);
            let mut spec = dictionary! {
                "Type" => "Filespec",
                "F" => Object::String(a.name.clone().into_bytes(), StringFormat::Literal),
                "UF" => lopdf::text_string(&a.name),
                "Desc" => Object::string_literal("Rechnungsdaten"),
                "EF" => dictionary! { "F" => file_id, "UF" => file_id },
            };
            if let Some(r) = &a.relationship {
                spec.set("AFRelationship", Object::Name(r.clone().into_bytes()));
            }
            let spec_id = doc.add_object(spec);
            if a.in_name_tree {
                tree.push((a.name.clone(), spec_id));
            }
            if a.in_af {
                af.push(spec_id.into());
            }
        }
        if !tree.is_empty() {
            let leaf = |entries: &[(String, ObjectId)]| {
                let mut names = Vec::new();
                for (n, id) in entries {
                    names.push(Object::String(
                        n.clone().into_bytes(),
                        StringFormat::Literal,
                    ));
                    names.push((*id).into());
                }
                dictionary! { "Names" => names }
            };
            let root = if self.nested_name_tree {
                // Root → one intermediate node → one leaf per attachment.
                let mut kids = Vec::new();
                for entry in &tree {
                    kids.push(Object::Reference(
                        doc.add_object(leaf(std::slice::from_ref(entry))),
                    ));
                }
                let middle = doc.add_object(dictionary! { "Kids" => kids });
                dictionary! { "Kids" => vec![Object::Reference(middle)] }
            } else {
                leaf(&tree)
            };
            let root_id = doc.add_object(root);
            catalog.set("Names", dictionary! { "EmbeddedFiles" => root_id });
        }
        if !af.is_empty() {
            catalog.set("AF", af);
        }
        let xmp_bytes = match &self.metadata {
            Metadata::None => None,
            Metadata::FacturX { level, file_name } => Some(xmp(level, file_name).into_bytes()),
            Metadata::Raw(b) => Some(b.clone()),
        };
        if let Some(bytes) = xmp_bytes {
            let mut s = Stream::new(
                dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
                bytes,
            );
            s.allows_compression = false;
            catalog.set("Metadata", doc.add_object(s));
        }
        Ok(())
    }
}

fn save(doc: &mut Document, object_streams: bool) -> Result<Vec<u8>, lopdf::Error> {
    let mut out = Vec::new();
    if object_streams {
        let opts = lopdf::SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .build();
        doc.save_with_options(&mut out, opts)?;
    } else {
        // A classic cross-reference table (lopdf may default to a stream).
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        doc.save_to(&mut out)?;
    }
    Ok(out)
}

/// Deterministic incompressible bytes (xorshift64).
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// A Factur-X XMP packet: PDF/A-3b identification and the fx: properties.
pub fn xmp(level: &str, file_name: &str) -> String {
    format!(
        r#"<?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
   <fx:DocumentType>INVOICE</fx:DocumentType>
   <fx:DocumentFileName>{file_name}</fx:DocumentFileName>
   <fx:Version>1.0</fx:Version>
   <fx:ConformanceLevel>{level}</fx:ConformanceLevel>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}

/// BT-24 of profile EN 16931 (Factur-X / ZUGFeRD "EN 16931", formerly COMFORT).
pub const BT24_EN16931: &str = "urn:cen.eu:en16931:2017";
/// BT-24 of the XRECHNUNG profile (XRechnung 3.0).
pub const BT24_XRECHNUNG: &str =
    "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";
/// BT-24 of profile MINIMUM.
pub const BT24_MINIMUM: &str = "urn:factur-x.eu:1p0:minimum";
/// BT-24 of profile BASIC WL.
pub const BT24_BASIC_WL: &str = "urn:factur-x.eu:1p0:basicwl";

/// A synthetic CII invoice (office paper for a town hall) declaring `bt24`,
/// with `lines` identical lines (20 × 4.50 EUR, VAT S 19 %) and totals that add up.
pub fn sample_cii(bt24: &str, lines: usize) -> String {
    let lines = lines.max(1);
    let cents = |c: usize| format!("{}.{:02}", c / 100, c % 100);
    let net = 9000 * lines;
    let tax = 1710 * lines;
    let mut s = String::with_capacity(2500 + lines * 1100);
    s.push_str(&format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:BusinessProcessSpecifiedDocumentContextParameter>
      <ram:ID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</ram:ID>
    </ram:BusinessProcessSpecifiedDocumentContextParameter>
    <ram:GuidelineSpecifiedDocumentContextParameter>
      <ram:ID>{bt24}</ram:ID>
    </ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>RE-2025-0042</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20250314</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
"#
    ));
    for i in 1..=lines {
        s.push_str(&format!(
            r#"    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>{i}</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Kopierpapier A4, 80 g/m², 500 Blatt</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>4.50</ram:ChargeAmount></ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">20</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>90.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
"#
        ));
    }
    s.push_str(&format!(
        r#"    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>04011000-12345-03</ram:BuyerReference>
      <ram:SellerTradeParty>
        <ram:Name>Papierhandel Beispiel GmbH</ram:Name>
        <ram:DefinedTradeContact>
          <ram:PersonName>Erika Beispiel</ram:PersonName>
          <ram:TelephoneUniversalCommunication><ram:CompleteNumber>+49 30 1234567</ram:CompleteNumber></ram:TelephoneUniversalCommunication>
          <ram:EmailURIUniversalCommunication><ram:URIID>rechnung@papier.example</ram:URIID></ram:EmailURIUniversalCommunication>
        </ram:DefinedTradeContact>
        <ram:PostalTradeAddress>
          <ram:PostcodeCode>10115</ram:PostcodeCode>
          <ram:LineOne>Beispielstraße 1</ram:LineOne>
          <ram:CityName>Berlin</ram:CityName>
          <ram:CountryID>DE</ram:CountryID>
        </ram:PostalTradeAddress>
        <ram:URIUniversalCommunication><ram:URIID schemeID="EM">rechnung@papier.example</ram:URIID></ram:URIUniversalCommunication>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:Name>Stadtverwaltung Beispielstadt</ram:Name>
        <ram:PostalTradeAddress>
          <ram:PostcodeCode>20095</ram:PostcodeCode>
          <ram:LineOne>Rathausmarkt 1</ram:LineOne>
          <ram:CityName>Hamburg</ram:CityName>
          <ram:CountryID>DE</ram:CountryID>
        </ram:PostalTradeAddress>
        <ram:URIUniversalCommunication><ram:URIID schemeID="EM">eingang@beispielstadt.example</ram:URIID></ram:URIUniversalCommunication>
      </ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery>
      <ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime><udt:DateTimeString format="102">20250310</udt:DateTimeString></ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>
    </ram:ApplicableHeaderTradeDelivery>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>58</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>{tax}</ram:CalculatedAmount>
        <ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount>{net}</ram:BasisAmount>
        <ram:CategoryCode>S</ram:CategoryCode>
        <ram:RateApplicablePercent>19</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms>
        <ram:Description>Zahlbar innerhalb von 30 Tagen ohne Abzug.</ram:Description>
        <ram:DueDateDateTime><udt:DateTimeString format="102">20250413</udt:DateTimeString></ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>{net}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>{net}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">{tax}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>{gross}</ram:GrandTotalAmount>
        <ram:DuePayableAmount>{gross}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"#,
        net = cents(net),
        tax = cents(tax),
        gross = cents(net + tax),
    ));
    s
}
