//! Reads a UBL 2.1 Invoice or CreditNote into the EN 16931 model.

use crate::model::Invoice;
use crate::syntax::Syntax;

/// Reads the model from a UBL document.
pub fn read<'a>(doc: &'a roxmltree::Document<'a>, syntax: Syntax) -> Invoice<'a> {
    Invoice::new(syntax, doc.root_element())
}
