//! Routing: `routes.toml` (read once per run, checked with line and column in
//! every error), ordered rules that match an invoice's facts and verdict, and
//! the finance-system targets they name (a drop directory, a file-naming
//! template and the formats to write). The format is documented in
//! docs/routing.md; `examples/routes.toml` is a worked example.

mod config;
pub mod deliver;
pub mod glob;
pub mod notice;
mod template;

use std::path::PathBuf;

use rust_decimal::Decimal;

pub use config::{load, parse, RouteError};
pub use template::Template;

use crate::extract::Facts;
use crate::report::Verdict;

/// What a target receives, by format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Formats {
    /// The input as received (the invoice XML or PDF).
    pub original: bool,
    /// The extraction as JSON (docs/extract.md).
    pub json: bool,
    /// The extraction as CSV (docs/extract.md).
    pub csv: bool,
    /// The validation report as JSON (CONTRACT.md) and text.
    pub report: bool,
}

/// A finance-system drop.
#[derive(Clone, Debug)]
pub struct Target {
    /// The name rules refer to.
    pub name: String,
    /// The drop directory.
    pub dir: PathBuf,
    /// How delivered files are named (without extension).
    pub template: Template,
    /// What is written.
    pub formats: Formats,
}

/// What to do with an invoice seen before under another hash (same seller,
/// number and issue date, different bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DuplicatePolicy {
    /// Put it in quarantine with a notice (default).
    Quarantine,
    /// Deliver it like any other invoice; the ledger still flags it.
    Deliver,
    /// Record it in the ledger and write nothing.
    Skip,
}

/// Which verdicts a rule matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerdictMatch {
    /// Accepted invoices only (the default for a rule).
    Accept,
    /// Rejected invoices only (e.g. to a clerk's inbox instead of quarantine).
    Reject,
    /// Either.
    Any,
}

/// One ordered routing rule; every condition given must hold.
#[derive(Clone, Debug)]
pub struct Rule {
    /// A name for summaries and the ledger.
    pub name: String,
    /// Index into [`Routes::targets`].
    pub target: usize,
    /// BT-10 (Leitweg-ID) glob pattern (`*`, `?`).
    pub leitweg: Option<String>,
    /// BT-10 prefix.
    pub leitweg_prefix: Option<String>,
    /// Glob matched against every buyer identifier (BT-46, BT-47, BT-48, BT-49).
    pub buyer: Option<String>,
    /// Glob matched against every seller identifier (BT-29, BT-30, BT-31, BT-32, BT-34).
    pub seller: Option<String>,
    /// BT-3 codes (e.g. 380 invoice, 381 credit note).
    pub type_code: Vec<String>,
    /// BT-5 currencies.
    pub currency: Vec<String>,
    /// Lowest BT-112 (inclusive).
    pub min_amount: Option<Decimal>,
    /// Highest BT-112 (inclusive).
    pub max_amount: Option<Decimal>,
    /// Glob matched against BT-24 (e.g. `*xrechnung*`).
    pub profile: Option<String>,
    /// Verdicts matched.
    pub verdict: VerdictMatch,
}

impl Rule {
    fn matches(&self, f: &Facts, verdict: Verdict) -> bool {
        let verdict_ok = match self.verdict {
            VerdictMatch::Accept => verdict == Verdict::Accept,
            VerdictMatch::Reject => verdict == Verdict::Reject,
            VerdictMatch::Any => true,
        };
        verdict_ok
            && self
                .leitweg
                .as_deref()
                .is_none_or(|p| glob::matches(p, &f.buyer_reference))
            && self
                .leitweg_prefix
                .as_deref()
                .is_none_or(|p| f.buyer_reference.starts_with(p))
            && self
                .buyer
                .as_deref()
                .is_none_or(|p| f.buyer_ids.iter().any(|id| glob::matches(p, id)))
            && self
                .seller
                .as_deref()
                .is_none_or(|p| f.seller_ids.iter().any(|id| glob::matches(p, id)))
            && (self.type_code.is_empty() || self.type_code.contains(&f.type_code))
            && (self.currency.is_empty() || self.currency.contains(&f.currency))
            && self
                .min_amount
                .is_none_or(|m| f.total.is_some_and(|t| t >= m))
            && self
                .max_amount
                .is_none_or(|m| f.total.is_some_and(|t| t <= m))
            && self
                .profile
                .as_deref()
                .is_none_or(|p| glob::matches(p, &f.specification))
    }
}

/// Run-wide settings of `[settings]`.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where rejected and unreadable inputs go.
    pub quarantine: PathBuf,
    /// The SQLite ledger.
    pub ledger: PathBuf,
    /// What to do with a business duplicate.
    pub duplicates: DuplicatePolicy,
    /// Mail gateway: exit 65 (the MTA bounces to the sender) for a rejected message
    /// instead of 0 after quarantine.
    pub bounce_rejected: bool,
    /// Largest e-mail message accepted, in bytes.
    pub max_message_bytes: u64,
    /// Most attachments (all levels) looked at in one message.
    pub max_attachments: usize,
    /// Flush delivered files to disk before they are renamed into place and
    /// before the ledger records completion (default). Without it a run is
    /// still exactly-once across a killed process, but not across a power loss.
    pub fsync: bool,
}

/// The routing configuration of a run.
#[derive(Clone, Debug)]
pub struct Routes {
    /// Targets by index; names are unique.
    pub targets: Vec<Target>,
    /// Rules in the order they are tried.
    pub rules: Vec<Rule>,
    /// Index of the target for accepted invoices that no rule matched.
    pub default: usize,
    /// Settings.
    pub settings: Settings,
}

/// Where an input goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// To the target with this index, by the rule with this index (`None`: the default).
    Deliver {
        /// Index into [`Routes::targets`].
        target: usize,
        /// Index into [`Routes::rules`].
        rule: Option<usize>,
    },
    /// To quarantine.
    Quarantine,
}

impl Routes {
    /// The first rule that matches, else the default for accepted invoices,
    /// else quarantine. Unreadable inputs (no facts) always go to quarantine.
    pub fn route(&self, facts: Option<&Facts>, verdict: Verdict) -> Decision {
        let Some(f) = facts else {
            return Decision::Quarantine;
        };
        if let Some((i, r)) = self
            .rules
            .iter()
            .enumerate()
            .find(|(_, r)| r.matches(f, verdict))
        {
            return Decision::Deliver {
                target: r.target,
                rule: Some(i),
            };
        }
        match verdict {
            Verdict::Accept => Decision::Deliver {
                target: self.default,
                rule: None,
            },
            Verdict::Reject => Decision::Quarantine,
        }
    }

    /// The target with `name`.
    pub fn target(&self, name: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.name == name)
    }
}
