//! Reading `routes.toml`: serde structures that mirror the file, then one
//! checking pass that resolves target names and parses templates and amounts.
//! Every error carries the line and column in the file (TOML syntax errors
//! from the `toml` crate's span, semantic errors from the span of the value).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::{DuplicatePolicy, Formats, Routes, Rule, Settings, Target, Template, VerdictMatch};

/// A configuration error, with where it is.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct RouteError {
    /// The file.
    pub file: String,
    /// 1-based line (0 when not known).
    pub line: usize,
    /// 1-based column (0 when not known).
    pub column: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    settings: RawSettings,
    #[serde(default)]
    targets: BTreeMap<String, Spanned<RawTarget>>,
    #[serde(default, rename = "rule")]
    rules: Vec<RawRule>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    quarantine: Option<String>,
    ledger: Option<String>,
    default: Option<Spanned<String>>,
    duplicates: Option<DuplicatePolicy>,
    bounce_rejected: Option<bool>,
    max_message_bytes: Option<u64>,
    max_attachments: Option<usize>,
    fsync: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    dir: String,
    name: Option<Spanned<String>>,
    formats: Option<Vec<Format>>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Format {
    Original,
    Json,
    Csv,
    Report,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: Option<String>,
    target: Spanned<String>,
    leitweg: Option<String>,
    leitweg_prefix: Option<String>,
    buyer: Option<String>,
    seller: Option<String>,
    #[serde(default)]
    type_code: Vec<String>,
    #[serde(default)]
    currency: Vec<String>,
    min_amount: Option<Spanned<Amount>>,
    max_amount: Option<Spanned<Amount>>,
    profile: Option<String>,
    verdict: Option<VerdictMatch>,
}

/// An amount as TOML allows it: `1000`, `1000.50` or `"1000.50"` (a string keeps every digit).
#[derive(Deserialize)]
#[serde(untagged)]
enum Amount {
    Int(i64),
    Float(f64),
    Text(String),
}

impl Amount {
    fn decimal(&self) -> Option<Decimal> {
        match self {
            Amount::Int(i) => Some(Decimal::from(*i)),
            Amount::Float(f) => Decimal::try_from(*f).ok(),
            Amount::Text(s) => s.trim().parse().ok(),
        }
    }
}

/// Reads and checks the routing file at `path`; relative paths in it are relative to its directory.
pub fn load(path: &Path) -> Result<Routes, RouteError> {
    let text = std::fs::read_to_string(path).map_err(|e| RouteError {
        file: path.display().to_string(),
        line: 0,
        column: 0,
        message: format!("cannot read the routing file: {e}"),
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse(&text, &path.display().to_string(), base)
}

/// Parses routing configuration `text` (named `file` in errors), resolving relative paths against `base`.
pub fn parse(text: &str, file: &str, base: &Path) -> Result<Routes, RouteError> {
    let err = |span: Option<Range<usize>>, message: String| {
        let (line, column) = span.map_or((0, 0), |s| line_col(text, s.start));
        RouteError {
            file: file.to_string(),
            line,
            column,
            message,
        }
    };
    let raw: RawConfig =
        toml::from_str(text).map_err(|e| err(e.span(), e.message().trim().to_string()))?;
    let resolve = |p: &str| -> PathBuf {
        let p = Path::new(p);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            base.join(p)
        }
    };

    let mut targets = Vec::new();
    for (name, t) in &raw.targets {
        let span = t.span();
        let t = t.get_ref();
        let template = match &t.name {
            Some(n) => Template::parse(n.get_ref()).map_err(|m| err(Some(n.span()), m))?,
            None => Template::default_template(),
        };
        let mut formats = Formats::default();
        for f in t
            .formats
            .as_deref()
            .unwrap_or(&[Format::Original, Format::Json])
        {
            match f {
                Format::Original => formats.original = true,
                Format::Json => formats.json = true,
                Format::Csv => formats.csv = true,
                Format::Report => formats.report = true,
            }
        }
        if formats == Formats::default() {
            return Err(err(
                Some(span),
                format!("target `{name}` writes no format; give formats = [\"original\", \"json\", \"csv\", \"report\"] or a part of it"),
            ));
        }
        if t.dir.trim().is_empty() {
            return Err(err(Some(span), format!("target `{name}` has an empty dir")));
        }
        targets.push(Target {
            name: name.clone(),
            dir: resolve(&t.dir),
            template,
            formats,
        });
    }
    if targets.is_empty() {
        return Err(err(
            None,
            "no target defined; add at least one [targets.NAME] with dir = \"...\"".into(),
        ));
    }
    let names = || {
        targets
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let find = |n: &Spanned<String>| -> Result<usize, RouteError> {
        targets
            .iter()
            .position(|t| &t.name == n.get_ref())
            .ok_or_else(|| {
                err(
                    Some(n.span()),
                    format!(
                        "unknown target `{}`; defined targets: {}",
                        n.get_ref(),
                        names()
                    ),
                )
            })
    };

    let mut rules = Vec::new();
    for (i, r) in raw.rules.iter().enumerate() {
        let target = find(&r.target)?;
        let amount = |a: &Option<Spanned<Amount>>| -> Result<Option<Decimal>, RouteError> {
            match a {
                None => Ok(None),
                Some(a) => a.get_ref().decimal().map(Some).ok_or_else(|| {
                    err(
                        Some(a.span()),
                        "not an amount; write e.g. 1000 or \"1000.00\"".into(),
                    )
                }),
            }
        };
        let rule = Rule {
            name: r.name.clone().unwrap_or_else(|| format!("rule {}", i + 1)),
            target,
            leitweg: r.leitweg.clone(),
            leitweg_prefix: r.leitweg_prefix.clone(),
            buyer: r.buyer.clone(),
            seller: r.seller.clone(),
            type_code: r.type_code.clone(),
            currency: r.currency.clone(),
            min_amount: amount(&r.min_amount)?,
            max_amount: amount(&r.max_amount)?,
            profile: r.profile.clone(),
            verdict: r.verdict.unwrap_or(VerdictMatch::Accept),
        };
        rules.push(rule);
    }
    let default = match &raw.settings.default {
        Some(d) => find(d)?,
        None if targets.len() == 1 => 0,
        None => {
            return Err(err(
                None,
                format!(
                    "[settings] needs default = \"TARGET\" for invoices no rule matches; defined targets: {}",
                    names()
                ),
            ))
        }
    };
    let s = &raw.settings;
    Ok(Routes {
        targets,
        rules,
        default,
        settings: Settings {
            quarantine: resolve(s.quarantine.as_deref().unwrap_or("quarantine")),
            ledger: resolve(s.ledger.as_deref().unwrap_or("ledger.sqlite")),
            duplicates: s.duplicates.unwrap_or(DuplicatePolicy::Quarantine),
            bounce_rejected: s.bounce_rejected.unwrap_or(false),
            max_message_bytes: s.max_message_bytes.unwrap_or(25 * 1024 * 1024),
            max_attachments: s.max_attachments.unwrap_or(20),
            fsync: s.fsync.unwrap_or(true),
        },
    })
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Routes, RouteError> {
        parse(s, "routes.toml", Path::new("/srv"))
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = parse_str("[targets.a]\ndir = \"x\"\n[[rule]]\ntarget = \"a\"\nleitweg = 05315\n")
            .unwrap_err();
        assert_eq!((e.line, e.file.as_str()), (5, "routes.toml"), "{e}");
        assert!(e.column >= 1, "{e}");
        let e = parse_str("[targets.a]\ndir = \"x\"\n[[rule]]\ntarget = \"a\"\nleitweg = \"0531\n")
            .unwrap_err();
        assert_eq!(e.line, 5, "{e}");
    }

    #[test]
    fn unknown_target_and_field_are_located() {
        let e = parse_str("[targets.a]\ndir = \"x\"\n\n[[rule]]\ntarget = \"b\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (5, 10), "{e}");
        assert!(e.message.contains("unknown target `b`"), "{e}");
        let e = parse_str("[targets.a]\ndir = \"x\"\n[[rule]]\ntarget = \"a\"\nleitwerg = \"1\"\n")
            .unwrap_err();
        assert_eq!(e.line, 5, "{e}");
        assert!(e.message.contains("leitwerg"), "{e}");
        let e = parse_str("[targets.a]\ndir = \"x\"\nname = \"{nummer}\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 8), "{e}");
    }

    #[test]
    fn resolves_paths_and_defaults() {
        let r = parse_str(
            "[settings]\ndefault = \"b\"\n[targets.a]\ndir = \"out/a\"\nformats = [\"csv\"]\n[targets.b]\ndir = \"/abs\"\n[[rule]]\ntarget = \"a\"\nmin_amount = \"10.5\"\n",
        )
        .unwrap();
        assert_eq!(r.targets[0].dir, Path::new("/srv/out/a"));
        assert_eq!(r.targets[1].dir, Path::new("/abs"));
        assert_eq!(r.default, 1);
        assert!(r.targets[0].formats.csv && !r.targets[0].formats.json);
        assert_eq!(r.rules[0].min_amount, Some(Decimal::new(105, 1)));
        assert_eq!(r.settings.quarantine, Path::new("/srv/quarantine"));
    }
}

#[cfg(test)]
mod example_tests {
    use super::*;
    use crate::extract::Facts;
    use crate::report::Verdict;
    use crate::route::Decision;

    #[test]
    fn the_shipped_example_parses_and_routes() {
        let r = parse(
            include_str!("../../examples/routes.toml"),
            "examples/routes.toml",
            Path::new("/srv/erechnung"),
        )
        .unwrap();
        let name = |d: Decision| match d {
            Decision::Deliver { target, .. } => r.targets[target].name.clone(),
            Decision::Quarantine => "quarantine".into(),
        };
        let f = |leitweg: &str, total: i64| Facts {
            buyer_reference: leitweg.into(),
            currency: "EUR".into(),
            type_code: "380".into(),
            specification: "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
                .into(),
            total: Some(Decimal::from(total)),
            ..Facts::default()
        };
        assert_eq!(
            name(r.route(Some(&f("05315-1-2", 100)), Verdict::Accept)),
            "koeln-sap"
        );
        assert_eq!(
            name(r.route(Some(&f("09162-1-2", 100)), Verdict::Accept)),
            "muenchen-hkr"
        );
        assert_eq!(
            name(r.route(Some(&f("06412-1-2", 100)), Verdict::Accept)),
            "frankfurt-dms"
        );
        assert_eq!(
            name(r.route(Some(&f("06412-1-2", 300_000)), Verdict::Accept)),
            "klaerfall"
        );
        assert_eq!(
            name(r.route(Some(&f("11000-1", 100)), Verdict::Accept)),
            "klaerfall"
        );
        assert_eq!(
            name(r.route(Some(&f("06412-1-2", 100)), Verdict::Reject)),
            "klaerfall"
        );
        assert_eq!(
            name(r.route(Some(&f("05315-1-2", 100)), Verdict::Reject)),
            "quarantine"
        );
        assert_eq!(name(r.route(None, Verdict::Reject)), "quarantine");
        let mut credit = f("06412-1-2", 100);
        credit.type_code = "381".into();
        assert_eq!(
            name(r.route(Some(&credit), Verdict::Accept)),
            "frankfurt-dms"
        );
        let mut usd = f("09162-1-2", 100);
        usd.currency = "USD".into();
        assert_eq!(name(r.route(Some(&usd), Verdict::Accept)), "klaerfall");
    }
}
