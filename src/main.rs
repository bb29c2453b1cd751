//! The `erechnung` command line: argument parsing, output and exit codes only.
//! Everything else lives in the library.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use erechnung::syntax::Limits;
use erechnung::{Selection, Validator};

#[derive(Parser)]
#[command(name = "erechnung", version, about = "Validate, extract and route XRechnung / ZUGFeRD e-invoices")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check invoices against EN 16931 (and XRechnung) rules.
    Validate(ValidateArgs),
    /// Measure validation throughput and latency on a corpus (read into memory first).
    Bench(BenchArgs),
    /// Explain a rule: what it checks and how to fix it.
    Explain {
        /// Official rule id, e.g. BR-CO-10.
        id: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// Output format: text for people, json for one JSON object per document (JSON Lines).
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Rule sets: auto (follow BT-24) or a list such as en16931,xrechnung.
    #[arg(long, default_value = "auto")]
    rules: String,
    /// Largest input accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    max_size: u64,
    /// Language of the messages: de or en (default: from LC_ALL / LC_MESSAGES / LANG).
    #[arg(long)]
    lang: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Files (.xml, .pdf), directories (walked recursively) or - for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct BenchArgs {
    /// Output format: text, or json for CI.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Rule sets, as for validate.
    #[arg(long, default_value = "auto")]
    rules: String,
    /// Passes over the corpus for the throughput figures.
    #[arg(long, default_value_t = 3)]
    rounds: u32,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Files or directories of invoices (default: samples/).
    paths: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => validate(args),
        Command::Bench(args) => bench(args),
        Command::Explain { id } => explain(&id),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("erechnung: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// Inputs handed to the workers at a time: bounds memory and keeps output in input order.
const CHUNK: usize = 512;

fn validate(args: ValidateArgs) -> anyhow::Result<ExitCode> {
    let selection = Selection::parse(&args.rules).map_err(anyhow::Error::msg)?;
    let limits = Limits {
        max_bytes: args.max_size,
        ..Limits::default()
    };
    set_jobs(args.jobs)?;
    let lang = match args.lang.as_deref() {
        None => erechnung::rules::Lang::from_env(),
        Some(l) => erechnung::rules::Lang::parse(l)
            .ok_or_else(|| anyhow::anyhow!("unknown language `{l}`; use de or en"))?,
    };
    let validator = Validator::new(selection, limits).with_lang(lang);
    let inputs = erechnung::ingest::expand(&args.paths);
    if inputs.is_empty() {
        bail!("no .xml or .pdf files found in the given paths");
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut all_accepted = true;
    for chunk in inputs.chunks(CHUNK) {
        // A single input is validated on this thread: starting the worker
        // pool would cost more than the document (a mail gateway's case).
        let reports: Vec<_> = if chunk.len() == 1 {
            chunk.iter().map(|p| validator.validate_path(p)).collect()
        } else {
            chunk
                .par_iter()
                .map(|p| validator.validate_path(p))
                .collect()
        };
        for r in &reports {
            all_accepted &= r.accepted();
            match args.format {
                Format::Json => r.write_json(&mut out)?,
                Format::Text => r.write_text(&mut out)?,
            }
        }
    }
    out.flush()?;
    Ok(if all_accepted {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn set_jobs(jobs: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start worker threads")?;
    }
    Ok(())
}

fn bench(args: BenchArgs) -> anyhow::Result<ExitCode> {
    let selection = Selection::parse(&args.rules).map_err(anyhow::Error::msg)?;
    set_jobs(args.jobs)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("samples")]
    } else {
        args.paths
    };
    let inputs = erechnung::ingest::expand(&paths);
    if inputs.is_empty() {
        bail!("no .xml or .pdf files found in the given paths");
    }
    let validator = Validator::new(selection, Limits::default());
    let result = erechnung::bench::run(&validator, &inputs, args.rounds)
        .context("cannot read the corpus")?;
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string(&result)?)?,
        Format::Text => write!(out, "{}", result.to_text())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(id: &str) -> anyhow::Result<ExitCode> {
    if let Some(text) = erechnung::rules::binding::explain(id) {
        io::stdout().lock().write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(text) = erechnung::rules::schema::explain(id) {
        io::stdout().lock().write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let Ok(rule_id) = id.trim().to_ascii_uppercase().parse::<erechnung::rules::RuleId>() else {
        bail!("unknown rule id `{id}`");
    };
    let Some(rule) = erechnung::rules::lookup(rule_id) else {
        bail!("{rule_id} is an official rule id, but this version does not check it yet");
    };
    let mut out = io::stdout().lock();
    let flag = |s: Option<erechnung::rules::Severity>| s.map_or("—", |s| s.as_str());
    writeln!(out, "{} ({})", rule.id, rule.set.as_str())?;
    writeln!(out, "severity: UBL {}, CII {}", flag(rule.ubl), flag(rule.cii))?;
    writeln!(out, "terms: {}", rule.terms.join(", "))?;
    writeln!(out, "\n{}\n\nHow to fix: {}", rule.doc.trim(), rule.hint)?;
    Ok(ExitCode::SUCCESS)
}
