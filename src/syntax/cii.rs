//! Reads a UN/CEFACT CII D16B CrossIndustryInvoice into the EN 16931 model.

use crate::model::Invoice;
use crate::syntax::Syntax;

/// Reads the model from a CII document.
pub fn read<'a>(doc: &'a roxmltree::Document<'a>) -> Invoice<'a> {
    Invoice::new(Syntax::Cii, doc.root_element())
}
