//! The per-document context every rule reads: the syntax, the DOM, and the
//! model. Work several rules share is computed here once per document.

use std::cell::OnceCell;

use crate::model::Invoice;
use crate::rules::RuleId;
use crate::syntax::Syntax;

/// What a rule sees of one document.
pub struct Ctx<'m, 'a> {
    /// The syntax of the document.
    pub syntax: Syntax,
    /// The parsed document, for the rules whose official test reads the syntax directly.
    pub doc: &'a roxmltree::Document<'a>,
    /// The EN 16931 model read from it.
    pub inv: &'m Invoice<'a>,
    /// BR-CL-*: every (rule, element) whose code is not in its list, found by
    /// one DOM pass on first use and shared by all BR-CL rules (`en16931::cl`).
    pub(crate) code_list_misses: OnceCell<Vec<(RuleId, roxmltree::Node<'a, 'a>)>>,
}

impl<'m, 'a> Ctx<'m, 'a> {
    /// The context for one document.
    pub fn new(doc: &'a roxmltree::Document<'a>, inv: &'m Invoice<'a>) -> Self {
        Ctx {
            syntax: inv.syntax,
            doc,
            inv,
            code_list_misses: OnceCell::new(),
        }
    }

    /// The root element.
    pub fn root(&self) -> roxmltree::Node<'a, 'a> {
        self.doc.root_element()
    }

    /// UBL Invoice or CreditNote.
    pub fn is_ubl(&self) -> bool {
        self.syntax.is_ubl()
    }
}
