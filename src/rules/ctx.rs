//! The per-document context every rule reads: the syntax, the DOM, and the
//! model. Work several rules share is computed here once per document.

use std::cell::OnceCell;

use crate::model::Invoice;
use crate::rules::RuleId;
use crate::syntax::Syntax;

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

/// What a rule sees of one document.
pub struct Ctx<'m, 'a> {
    /// The syntax of the document.
    pub syntax: Syntax,
    /// The parsed document, for the rules whose official test reads the syntax directly.
    pub doc: &'a roxmltree::Document<'a>,
    /// The EN 16931 model read from it.
    pub inv: &'m Invoice<'a>,
    /// The language of the messages rules write.
    pub lang: Lang,
    /// The XRechnung global variables, computed on first use (see `rules::xrechnung::globals`).
    pub(crate) xr: OnceCell<crate::rules::xrechnung::Globals<'a>>,
    /// BR-CL-*: every (rule, element) whose code is not in its list, found by
    /// one DOM pass on first use and shared by all BR-CL rules (`en16931::cl`).
    pub(crate) code_list_misses: OnceCell<Vec<(RuleId, roxmltree::Node<'a, 'a>)>>,
}

impl<'m, 'a> Ctx<'m, 'a> {
    /// The context for one document (messages in English).
    pub fn new(doc: &'a roxmltree::Document<'a>, inv: &'m Invoice<'a>) -> Self {
        Ctx {
            syntax: inv.syntax,
            doc,
            inv,
            lang: Lang::En,
            xr: OnceCell::new(),
            code_list_misses: OnceCell::new(),
        }
    }

    /// The same context with messages in `lang`.
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The root element.
    pub fn root(&self) -> roxmltree::Node<'a, 'a> {
        self.doc.root_element()
    }

    /// UBL Invoice or CreditNote.
    pub fn is_ubl(&self) -> bool {
        self.syntax.is_ubl()
    }

    /// Picks the English or the German text of a message.
    pub fn say(&self, en: String, de: String) -> String {
        match self.lang {
            Lang::En => en,
            Lang::De => de,
        }
    }
}
