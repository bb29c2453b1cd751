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
#[command(
    name = "erechnung",
    version,
    about = "Validate, extract and route XRechnung / ZUGFeRD e-invoices"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check invoices against EN 16931 (and XRechnung) rules.
    Validate(ValidateArgs),
    /// Take invoices in (files, folders, or one e-mail message on stdin), check them,
    /// extract the data and route each one to its finance system, exactly once.
    Process(ProcessArgs),
    /// Write the EN 16931 data of one invoice as JSON (keyed by business term) or CSV.
    Export(ExportArgs),
    /// Measure validation throughput and latency on a corpus (read into memory first).
    Bench(BenchArgs),
    /// Explain a rule: what it checks and how to fix it.
    Explain {
        /// Official rule id, e.g. BR-CO-10.
        id: String,
    },
    /// Write the invoice XML embedded in a ZUGFeRD / Factur-X PDF, byte for byte.
    Extract {
        /// The PDF (or - for stdin).
        file: PathBuf,
        /// Where to write the XML (default: stdout).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Largest input accepted, in bytes.
        #[arg(long, default_value_t = Limits::default().max_bytes)]
        max_size: u64,
    },
    /// Write synthetic XRechnung invoices (deterministic for a seed).
    Generate(GenerateArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum GenSyntax {
    Ubl,
    Cii,
    Both,
    /// ZUGFeRD / Factur-X PDFs (XRECHNUNG profile, CII inside, about 100 KB).
    Zugferd,
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// Number of invoices.
    #[arg(long, default_value_t = 10)]
    count: u64,
    /// Lines per invoice, MIN..MAX (or one number).
    #[arg(long, default_value = "1..20")]
    lines: String,
    /// Syntax of the files written.
    #[arg(long, value_enum, default_value = "both")]
    syntax: GenSyntax,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output directory.
    #[arg(long)]
    out: PathBuf,
    /// Write the committed sample set (see samples/README.md) instead of a batch.
    #[arg(long)]
    samples: bool,
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
struct ProcessArgs {
    /// The routing configuration (targets, rules, quarantine, ledger).
    #[arg(long, default_value = "routes.toml")]
    routes: PathBuf,
    /// Rule sets: auto (follow BT-24) or a list such as en16931,xrechnung.
    #[arg(long, default_value = "auto")]
    rules: String,
    /// Largest invoice accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    max_size: u64,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Inputs per batch (read-ahead and ledger transaction size).
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// No progress bar and no summary.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Files (.xml, .pdf, .eml), directories (walked recursively) or - for one input on stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
    Csv,
}

#[derive(clap::Args)]
struct ExportArgs {
    /// json: the EN 16931 model keyed by business term; csv: rows for finance-system import.
    #[arg(long, value_enum, default_value = "json")]
    format: ExportFormat,
    /// The invoice (.xml), or - for stdin.
    file: PathBuf,
}

/// EX_DATAERR (sysexits.h): the MTA bounces the message to its sender.
const EX_DATAERR: u8 = 65;
/// EX_TEMPFAIL (sysexits.h): the MTA keeps the message and retries later.
const EX_TEMPFAIL: u8 = 75;

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
    /// Also start N new processes that each validate the first input, and
    /// report their wall time (the cold start a mail gateway pays per message).
    #[arg(long, value_name = "N")]
    cold: Option<u32>,
    /// Files or directories of invoices (default: samples/).
    paths: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => validate(args),
        Command::Process(args) => return process(args),
        Command::Export(args) => export(args),
        Command::Bench(args) => bench(args),
        Command::Explain { id } => explain(&id),
        Command::Extract {
            file,
            output,
            max_size,
        } => extract(&file, output.as_deref(), max_size),
        Command::Generate(args) => generate(args),
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
    // Inputs are streamed from the directory walk, a chunk at a time: memory
    // does not grow with the number of files in the batch.
    let mut inputs =
        erechnung::ingest::Inputs::new(&args.paths, erechnung::ingest::is_candidate).peekable();
    if inputs.peek().is_none() {
        bail!("no .xml or .pdf files found in the given paths");
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut all_accepted = true;
    let mut chunk: Vec<PathBuf> = Vec::with_capacity(CHUNK);
    loop {
        chunk.clear();
        chunk.extend(inputs.by_ref().take(CHUNK));
        if chunk.is_empty() {
            break;
        }
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

/// `process`: exit 0 when every input was taken (delivered, or quarantined
/// as policy says), 65 when `bounce_rejected` is set and an input was rejected
/// or unreadable, 75 on a transient fault (disk full, ledger busy) so that a
/// mail gateway retries, 2 on a usage or configuration error.
fn process(args: ProcessArgs) -> ExitCode {
    use erechnung::pipeline::{Config, Input, Pipeline};
    let setup = || -> anyhow::Result<(Pipeline, Vec<Input>)> {
        let selection = Selection::parse(&args.rules).map_err(anyhow::Error::msg)?;
        let routes = erechnung::route::load(&args.routes)?;
        if let Some(n) = args.jobs {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build_global()
                .context("cannot start worker threads")?;
        }
        let mut inputs = Vec::new();
        let mut files = Vec::new();
        for p in &args.paths {
            if p.as_os_str() == "-" {
                let limit = routes.settings.max_message_bytes.max(args.max_size);
                let bytes = erechnung::ingest::read_stdin(limit)
                    .context("cannot read the input from stdin")?;
                inputs.push(Input::Stdin(bytes));
            } else {
                files.push(p.clone());
            }
        }
        inputs.extend(
            erechnung::ingest::expand_with(&files, erechnung::pipeline::is_input)
                .into_iter()
                .map(Input::Path),
        );
        let pipeline = Pipeline::new(Config {
            routes,
            selection,
            limits: Limits {
                max_bytes: args.max_size,
                ..Limits::default()
            },
            batch: args.batch,
            progress: !args.quiet,
        })?;
        Ok((pipeline, inputs))
    };
    let (pipeline, inputs) = match setup() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("erechnung: {e:#}");
            let transient = e
                .downcast_ref::<erechnung::pipeline::PipelineError>()
                .is_some_and(|e| e.is_transient());
            return ExitCode::from(if transient { EX_TEMPFAIL } else { 2 });
        }
    };
    let bounce = pipeline.routes().settings.bounce_rejected;
    match pipeline.run(inputs) {
        Ok(summary) => {
            if !args.quiet {
                let _ = summary.write(&mut io::stderr().lock());
            }
            if bounce && summary.rejected + summary.unreadable > 0 {
                ExitCode::from(EX_DATAERR)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("erechnung: {e}");
            ExitCode::from(if e.is_transient() { EX_TEMPFAIL } else { 1 })
        }
    }
}

fn export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let validator = Validator::new(Selection::Auto, Limits::default());
    let source = args.file.display().to_string();
    let bytes = if source == "-" {
        erechnung::ingest::read_stdin(Limits::default().max_bytes)?
    } else {
        erechnung::ingest::read_file(&args.file, Limits::default().max_bytes)
            .with_context(|| format!("cannot read {source}"))?
    };
    let (report, out) = validator.validate_bytes_with(&source, &bytes, |inv, _| {
        let mut v = Vec::new();
        match args.format {
            ExportFormat::Json => {
                erechnung::extract::json::write(inv, &mut v);
                v.push(b'\n');
            }
            ExportFormat::Csv => erechnung::extract::csv::write(inv, &mut v),
        }
        v
    });
    let Some(out) = out else {
        let why = report.outcome.err().unwrap_or_default();
        bail!("{source}: {why}");
    };
    let mut stdout = io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn extract(
    file: &std::path::Path,
    output: Option<&std::path::Path>,
    max_size: u64,
) -> anyhow::Result<ExitCode> {
    let bytes = if file.as_os_str() == "-" {
        erechnung::ingest::read_stdin(max_size)
    } else {
        erechnung::ingest::read_file(file, max_size)
    }
    .with_context(|| format!("{}", file.display()))?;
    if !erechnung::ingest::pdf::is_pdf(&bytes) {
        bail!("{}: not a PDF (no %PDF- header)", file.display());
    }
    let embedded = erechnung::ingest::pdf::extract(&bytes, max_size as usize)
        .with_context(|| format!("{}", file.display()))?;
    for f in &embedded.findings {
        eprintln!(
            "{}: {} {}: {}",
            file.display(),
            f.severity,
            f.rule,
            f.message
        );
    }
    match output {
        Some(path) => std::fs::write(path, &embedded.xml)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&embedded.xml)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn generate(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    if args.samples {
        let files = erechnung::gen::write_samples(&args.out)
            .with_context(|| format!("cannot write to {}", args.out.display()))?;
        eprintln!("erechnung: wrote {files} files to {}", args.out.display());
        return Ok(ExitCode::SUCCESS);
    }
    let (min, max) = match args.lines.split_once("..") {
        Some((a, b)) => (a.trim().parse::<usize>(), b.trim().parse::<usize>()),
        None => (args.lines.trim().parse(), args.lines.trim().parse()),
    };
    let (Ok(min_lines), Ok(max_lines)) = (min, max) else {
        bail!("--lines wants MIN..MAX or a number, e.g. 1..10000");
    };
    if min_lines == 0 || max_lines < min_lines {
        bail!("--lines wants 1 <= MIN <= MAX");
    }
    let batch = erechnung::gen::Batch {
        count: args.count,
        min_lines,
        max_lines,
        seed: args.seed,
        output: match args.syntax {
            GenSyntax::Ubl => erechnung::gen::Output::Ubl,
            GenSyntax::Cii => erechnung::gen::Output::Cii,
            GenSyntax::Both => erechnung::gen::Output::Both,
            GenSyntax::Zugferd => erechnung::gen::Output::Zugferd,
        },
    };
    let files = batch
        .write(&args.out)
        .with_context(|| format!("cannot write to {}", args.out.display()))?;
    eprintln!("erechnung: wrote {files} files to {}", args.out.display());
    Ok(ExitCode::SUCCESS)
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
    let mut result = erechnung::bench::run(&validator, &inputs, args.rounds)
        .context("cannot read the corpus")?;
    if let (Some(runs), Some(first)) = (args.cold, inputs.first()) {
        let exe = std::env::current_exe().context("cannot find this program's path")?;
        result.cold =
            Some(erechnung::bench::cold(&exe, first, runs).context("cannot start a cold process")?);
    }
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
    let Ok(rule_id) = id
        .trim()
        .to_ascii_uppercase()
        .parse::<erechnung::rules::RuleId>()
    else {
        bail!("unknown rule id `{id}`");
    };
    let Some(rule) = erechnung::rules::lookup(rule_id) else {
        bail!("{rule_id} is an official rule id, but this version does not check it yet");
    };
    let mut out = io::stdout().lock();
    let flag = |s: Option<erechnung::rules::Severity>| s.map_or("—", |s| s.as_str());
    writeln!(out, "{} ({})", rule.id, rule.set.as_str())?;
    writeln!(
        out,
        "severity: UBL {}, CII {}",
        flag(rule.ubl),
        flag(rule.cii)
    )?;
    writeln!(out, "terms: {}", rule.terms.join(", "))?;
    writeln!(out, "\n{}\n\nHow to fix: {}", rule.doc.trim(), rule.hint)?;
    Ok(ExitCode::SUCCESS)
}
