//! Validation of one input: bytes → text → DOM → syntax → model → rules →
//! report. A [`Validator`] is built once per run (rule plans, limits) and is
//! shared by all worker threads.

use crate::error::DocError;
use crate::model::{Bt, Invoice};
use crate::report::{Checked, Report};
use crate::rules::scenario::{self, Scenario};
use crate::rules::{xrechnung, Ctx, Finding, Lang, RulePlan, RuleSet, RuleSets};
use crate::syntax::{self, Limits, Syntax};
use crate::xml::Document;

/// Which rule sets to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Follow what the document declares (BT-24).
    Auto,
    /// Exactly these sets.
    Fixed(RuleSets),
}

impl Selection {
    /// Parses `auto` or a comma-separated list such as `en16931,xrechnung`.
    pub fn parse(s: &str) -> Result<Selection, String> {
        if s.trim().eq_ignore_ascii_case("auto") {
            return Ok(Selection::Auto);
        }
        let mut sets = RuleSets::NONE;
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            let set = RuleSet::parse(part).ok_or_else(|| {
                format!("unknown rule set `{part}`; known: auto, en16931, xrechnung")
            })?;
            sets = sets.with(set);
        }
        if sets == RuleSets::NONE {
            return Err("no rule set given; use auto or e.g. en16931,xrechnung".into());
        }
        Ok(Selection::Fixed(sets))
    }
}

/// Everything a run needs, built once.
pub struct Validator {
    selection: Selection,
    limits: Limits,
    en: RulePlan,
    en_xr: RulePlan,
    fixed: Option<RulePlan>,
    lang: Lang,
    parallel_from: usize,
}

/// Nodes from which one document's rules and XML walks run in parallel by
/// default: about 300 invoice lines, a millisecond of work each side.
pub const PARALLEL_NODES: usize = 8_000;

const EN: RuleSets = RuleSets::NONE.with(RuleSet::En16931);
const EN_XR: RuleSets = EN.with(RuleSet::Xrechnung);

impl Validator {
    /// A validator for `selection` within `limits`.
    pub fn new(selection: Selection, limits: Limits) -> Validator {
        let fixed = match selection {
            Selection::Fixed(s) if s != EN && s != EN_XR => Some(RulePlan::new(s)),
            _ => None,
        };
        Validator {
            selection,
            limits,
            en: RulePlan::new(EN),
            en_xr: RulePlan::new(EN_XR),
            fixed,
            lang: Lang::En,
            parallel_from: PARALLEL_NODES,
        }
    }

    /// The same validator checking a document of at least `nodes` DOM nodes
    /// on all threads of the current rayon pool: each rule a task, the XML
    /// walks (binding rules, structure) beside them. The findings and their
    /// order do not change;
    /// `usize::MAX` checks every document on one thread.
    pub fn with_parallel_from(mut self, nodes: usize) -> Validator {
        self.parallel_from = nodes;
        self
    }

    /// The same validator writing messages in `lang`.
    pub fn with_lang(mut self, lang: Lang) -> Validator {
        self.lang = lang;
        self
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The rule plan for a document, and under `--rules auto` its scenario
    /// (`None` when BT-24 matches none: then EN 16931 runs and the document is
    /// rejected with ER-SCENARIO-01).
    fn plan_for(
        &self,
        syntax: Syntax,
        inv: &Invoice<'_>,
    ) -> (&RulePlan, Option<&'static Scenario>) {
        match self.selection {
            Selection::Fixed(s) if s == EN => (&self.en, None),
            Selection::Fixed(s) if s == EN_XR => (&self.en_xr, None),
            Selection::Fixed(_) => (self.fixed.as_ref().unwrap_or(&self.en), None),
            Selection::Auto => {
                // The scenarios compare BT-24 as written, not normalized.
                let specs: Vec<_> = inv.header.all(Bt::Bt24).map(|t| t.raw()).collect();
                match scenario::select(syntax, specs.iter().map(|s| s.as_ref())) {
                    Some(sc) if sc.rulesets == EN_XR => (&self.en_xr, Some(sc)),
                    Some(sc) => (&self.en, Some(sc)),
                    None => (&self.en, None),
                }
            }
        }
    }

    /// Validates the bytes of one input named `source`.
    pub fn validate_bytes(&self, source: &str, bytes: &[u8]) -> Report {
        Report {
            source: source.to_string(),
            outcome: self.check(bytes).map_err(|e| e.to_string()),
        }
    }

    /// Validates the bytes of one input and hands the model and the findings
    /// to `then` while the parse is alive, so that extraction and routing read
    /// the same parse (a document is parsed once). `then` is not called when
    /// the input cannot be read as an invoice.
    pub fn validate_bytes_with<T>(
        &self,
        source: &str,
        bytes: &[u8],
        then: impl FnOnce(&Invoice<'_>, &Checked) -> T,
    ) -> (Report, Option<T>) {
        match self.check_with(bytes, then) {
            Ok((checked, t)) => (
                Report {
                    source: source.to_string(),
                    outcome: Ok(checked),
                },
                Some(t),
            ),
            Err(e) => (
                Report {
                    source: source.to_string(),
                    outcome: Err(e.to_string()),
                },
                None,
            ),
        }
    }

    fn check(&self, bytes: &[u8]) -> Result<Checked, DocError> {
        self.check_with(bytes, |_, _| ()).map(|(c, ())| c)
    }

    /// [`Validator::check_unguarded`], with a panic ending this document's check
    /// as [`DocError::Internal`] instead of the whole run: a rule's arithmetic
    /// on an amount beyond `rust_decimal`'s 28 digits overflows (XPath's
    /// `xs:decimal` has no such limit), and any other bug on a hostile input
    /// must cost one document, not the batch. Nothing shared is left half
    /// updated: the per-thread binding cache is taken out for a walk and put
    /// back only after it.
    fn check_with<T>(
        &self,
        bytes: &[u8],
        then: impl FnOnce(&Invoice<'_>, &Checked) -> T,
    ) -> Result<(Checked, T), DocError> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.check_unguarded(bytes, then)
        }))
        .unwrap_or_else(|payload| {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_string());
            Err(DocError::Internal(why))
        })
    }

    fn check_unguarded<T>(
        &self,
        bytes: &[u8],
        then: impl FnOnce(&Invoice<'_>, &Checked) -> T,
    ) -> Result<(Checked, T), DocError> {
        if bytes.len() as u64 > self.limits.max_bytes {
            return Err(DocError::TooLarge {
                size: bytes.len() as u64,
                limit: self.limits.max_bytes,
            });
        }
        if crate::ingest::pdf::is_pdf(bytes) {
            // ZUGFeRD / Factur-X: the embedded XML is validated exactly like a
            // bare XML file; the PDF's own findings come first.
            let embedded = crate::ingest::pdf::extract(bytes, self.limits.max_bytes as usize)?;
            return self.check_xml(&embedded.xml, Some(&embedded), then);
        }
        self.check_xml(bytes, None, then)
    }

    fn check_xml<T>(
        &self,
        bytes: &[u8],
        pdf: Option<&crate::ingest::pdf::Embedded>,
        then: impl FnOnce(&Invoice<'_>, &Checked) -> T,
    ) -> Result<(Checked, T), DocError> {
        let text = crate::ingest::decode::decode(bytes)?;
        let doc = syntax::parse(&text, &self.limits)?;
        let syntax = syntax::detect(&doc)?;
        // In order: the EN 16931 rules on the model, the XRechnung rules, the
        // two walks of the XML (binding rules, structure), the Leitweg-ID.
        // Every plan of `--rules auto` holds EN 16931; a fixed one holds what
        // it names.
        let walks = match self.selection {
            Selection::Auto => true,
            Selection::Fixed(sets) => sets.contains(RuleSet::En16931),
        };
        let walk = |out: &mut Vec<Finding>, which: fn(&Document<'_>, Syntax, &mut Vec<Finding>)| {
            if walks {
                which(&doc, syntax, out);
            }
        };
        let large = doc.len() >= self.parallel_from;
        // The model, the plan and the semantic rules; the Leitweg-ID apart.
        let semantic = || {
            let inv = Invoice::read(&doc, syntax);
            let (plan, scenario) = self.plan_for(syntax, &inv);
            let ctx = Ctx::new(&doc, &inv).with_lang(self.lang);
            let (mut rules, mut leitweg) = (Vec::new(), Vec::new());
            if large {
                ctx.prepare(plan.sets());
                plan.run_parallel(&ctx, &mut rules);
            } else {
                plan.run(&ctx, &mut rules);
            }
            if plan.sets().contains(RuleSet::Xrechnung) {
                xrechnung::leitweg::run(&ctx, &mut leitweg);
            }
            drop(ctx);
            (inv, plan, scenario, rules, leitweg)
        };
        let (mut binding, mut schema) = (Vec::new(), Vec::new());
        let (inv, plan, scenario, mut rules, mut leitweg) = if large {
            // A large invoice (hundreds of lines and more) is checked on all
            // threads of the pool: the two XML walks start beside the model,
            // and each semantic rule is a task. The rules share one context,
            // whose indexes the first rule to ask builds once. A typical
            // invoice is not worth the hand-off, and in a batch the other
            // cores have documents of their own. The findings come out in the
            // order of the serial path.
            // The semantic side is the longer one: this thread starts it at
            // once, and another thread takes the walks.
            let (semantic, ()) = rayon::join(semantic, || {
                rayon::join(
                    || walk(&mut binding, crate::rules::binding::check),
                    || walk(&mut schema, crate::rules::schema::check),
                );
            });
            semantic
        } else {
            let semantic = semantic();
            walk(&mut binding, crate::rules::binding::check);
            walk(&mut schema, crate::rules::schema::check);
            semantic
        };
        let specification = inv.specification().into_owned();
        let mut findings = Vec::new();
        if let Some(pdf) = pdf {
            pdf.check_profile(&specification, syntax, &mut findings);
        }
        for part in [&mut rules, &mut binding, &mut schema, &mut leitweg] {
            findings.append(part);
        }
        let mut regraded = Vec::new();
        if self.selection == Selection::Auto {
            match scenario {
                Some(sc) => regraded = sc.apply(&mut findings),
                None => {
                    let at = inv
                        .header
                        .get(Bt::Bt24)
                        .map_or(doc.root_element(), |t| t.node);
                    findings.push(scenario::unknown(syntax, &specification, at, self.lang));
                }
            }
        }
        syntax::resolve_locations(&doc, &mut findings);
        if let Some(pdf) = pdf {
            let mut all = pdf.findings.clone();
            all.append(&mut findings);
            findings = all;
        }
        let checked = Checked {
            syntax,
            specification,
            rulesets: plan.sets(),
            findings,
            scenario,
            regraded,
        };
        // the model and the final findings, while the parse is alive
        let t = then(&inv, &checked);
        Ok((checked, t))
    }

    /// Reads and validates one path (`-` is stdin). Never panics; errors become the report.
    pub fn validate_path(&self, path: &std::path::Path) -> Report {
        let source = path.display().to_string();
        let bytes = if source == "-" {
            crate::ingest::read_stdin(self.limits.max_bytes)
        } else {
            crate::ingest::read_file(path, self.limits.max_bytes)
        };
        match bytes {
            Ok(b) => self.validate_bytes(&source, &b),
            Err(e) => Report {
                source,
                outcome: Err(e.to_string()),
            },
        }
    }
}
