//! Orchestration of `erechnung process`: inputs → parallel map → one ordered
//! sink. Built once per run ([`Pipeline::new`]: validator, routes, ledger,
//! cleanup of a killed run's temporary files), then [`Pipeline::run`], a
//! pipeline of three stages with one batch in each and bounded channels
//! between them (so memory stays flat in the size of the run):
//!
//! - the calling thread cuts the inputs into batches and maps each batch on
//!   the rayon pool: read, hash, unwrap e-mail, validate, extract, route,
//!   render — every error stays inside its document;
//! - the planner thread takes the batches in input order, decides re-runs
//!   and duplicates and the file names, and writes the batch's temporary
//!   files (in parallel, on the pool);
//! - the committer thread, the only ledger writer, flushes the batch
//!   (`syncfs`), records in one transaction the previous batch done and this
//!   batch's intent, and renames the files into place (see `ledger` and
//!   `route::deliver` for why this is exactly once). Batches that queue up
//!   while a flush is slow are committed together (adaptive group commit).
//!
//! The committer mostly waits on the disk; meanwhile the pool validates and
//! writes the next batches, so both cores stay busy.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::extract::{self, Facts};
use crate::ingest::mail::{self, Kind, MailLimits};
use crate::ledger::{Entry, Known, Ledger, LedgerError, Snapshot, State};
use crate::report::{Report, Verdict};
use crate::route::deliver::{self, Staged};
use crate::route::notice::{self, Reason};
use crate::route::{Decision, DuplicatePolicy, Routes};
use crate::rules::Severity;
use crate::syntax::Limits;
use crate::validate::{Selection, Validator};

/// What a run needs, validated before it starts.
pub struct Config {
    /// The routing configuration (targets, rules, settings).
    pub routes: Routes,
    /// Rule sets.
    pub selection: Selection,
    /// Limits for one invoice document.
    pub limits: Limits,
    /// Inputs per batch (read-ahead and ledger transaction size).
    pub batch: usize,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
}

/// One input of a run.
#[derive(Clone, Debug)]
pub enum Input {
    /// A file (`.xml`, `.pdf` or `.eml`).
    Path(PathBuf),
    /// Bytes read from stdin (e.g. one message piped by a mail gateway).
    Stdin(Vec<u8>),
}

/// A failure that stops the run; inputs already handled stay handled.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The ledger could not be read or written.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// A delivery or quarantine directory could not be written.
    #[error("cannot deliver: {0}")]
    Io(#[from] io::Error),
    /// The writer thread ended unexpectedly.
    #[error("the writer thread stopped")]
    Writer,
}

impl PipelineError {
    /// Whether trying again later can succeed (disk full, ledger busy, I/O):
    /// a mail gateway answers EX_TEMPFAIL so the MTA keeps the message.
    pub fn is_transient(&self) -> bool {
        match self {
            PipelineError::Ledger(e) => e.is_transient(),
            PipelineError::Io(_) | PipelineError::Writer => true,
        }
    }
}

/// What the worker made of one input.
#[derive(Debug)]
enum Outcome {
    Accept,
    Reject,
    Unreadable(String),
    /// Already delivered in an earlier run (known from the ledger at start).
    Seen,
}

#[derive(Debug)]
struct Processed {
    source: String,
    kind: &'static str,
    sha: String,
    outcome: Outcome,
    /// The invoice as received (for e-mail: the invoice attachment).
    original: Vec<u8>,
    ext: &'static str,
    /// For e-mail: the whole message, which quarantine keeps.
    message: Option<Vec<u8>>,
    report: Option<Report>,
    facts: Option<Facts>,
    decision: Decision,
    json: Option<Vec<u8>>,
    csv: Option<Vec<u8>>,
    notes: Vec<String>,
}

impl Processed {
    fn unreadable(source: String, kind: &'static str, sha: String, why: String) -> Processed {
        Processed {
            source,
            kind,
            sha,
            outcome: Outcome::Unreadable(why),
            original: Vec::new(),
            ext: "bin",
            message: None,
            report: None,
            facts: None,
            decision: Decision::Quarantine,
            json: None,
            csv: None,
            notes: Vec::new(),
        }
    }

    fn verdict_str(&self) -> &'static str {
        match self.outcome {
            Outcome::Accept => "accept",
            Outcome::Reject => "reject",
            Outcome::Unreadable(_) | Outcome::Seen => "error",
        }
    }
}

/// Counts of a run, for people and for the exit status.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Inputs handled.
    pub inputs: u64,
    /// Read and accepted.
    pub accepted: u64,
    /// Read and rejected.
    pub rejected: u64,
    /// Not readable as an invoice.
    pub unreadable: u64,
    /// Received before (same bytes): nothing done again.
    pub seen: u64,
    /// Same seller + number + date as an earlier invoice, other bytes.
    pub duplicates: u64,
    /// Delivered to a target.
    pub delivered: u64,
    /// Put in quarantine.
    pub quarantined: u64,
    /// Recorded, nothing written (duplicate policy `skip`).
    pub skipped: u64,
    /// Deliveries of an earlier, interrupted run that were completed now.
    pub resumed: u64,
    /// Temporary files of a killed run that were removed at start.
    pub cleaned: u64,
    /// Deliveries per target name (and `quarantine`).
    pub per_target: BTreeMap<String, u64>,
    /// How often each fatal rule failed.
    pub failing_rules: HashMap<&'static str, u64>,
    /// Wall time of the run.
    pub elapsed: Duration,
}

impl Summary {
    /// Inputs per second.
    pub fn throughput(&self) -> f64 {
        self.inputs as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Writes the summary for people.
    pub fn write(&self, w: &mut impl io::Write) -> io::Result<()> {
        writeln!(
            w,
            "{} inputs in {:.2} s ({:.0}/s): {} accepted, {} rejected, {} unreadable, {} received before, {} duplicates",
            self.inputs,
            self.elapsed.as_secs_f64(),
            self.throughput(),
            self.accepted,
            self.rejected,
            self.unreadable,
            self.seen,
            self.duplicates
        )?;
        writeln!(
            w,
            "delivered {}, quarantined {}, skipped {}{}",
            self.delivered,
            self.quarantined,
            self.skipped,
            if self.resumed > 0 || self.cleaned > 0 {
                format!(
                    " (completed {} interrupted deliveries, removed {} temporary files)",
                    self.resumed, self.cleaned
                )
            } else {
                String::new()
            }
        )?;
        for (t, n) in &self.per_target {
            writeln!(w, "  {t:<24} {n}")?;
        }
        let mut rules: Vec<_> = self.failing_rules.iter().collect();
        rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if !rules.is_empty() {
            writeln!(w, "most frequent failing rules:")?;
            for (r, n) in rules.iter().take(10) {
                writeln!(w, "  {r:<24} {n}")?;
            }
        }
        Ok(())
    }
}

/// A run, built once.
pub struct Pipeline {
    validator: Validator,
    routes: Routes,
    mail: MailLimits,
    ledger: Ledger,
    snapshot: Snapshot,
    done: HashSet<String>,
    batch: usize,
    progress: bool,
    cleaned: u64,
}

/// SHA-256 as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in d.iter() {
        s.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        s.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    s
}

/// Which files a directory walk takes for `process`: invoices and e-mail messages.
pub fn is_input(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("xml" | "pdf" | "eml")
    )
}

impl Pipeline {
    /// Opens the ledger, reads what it knows, and removes temporary files a killed run left.
    pub fn new(config: Config) -> Result<Pipeline, PipelineError> {
        let s = &config.routes.settings;
        if let Some(parent) = s.ledger.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let ledger = Ledger::open(&s.ledger, s.fsync)?;
        let snapshot = ledger.snapshot()?;
        let done = snapshot
            .by_sha
            .iter()
            .filter(|(_, k)| k.state == State::Done)
            .map(|(s, _)| s.clone())
            .collect();
        let mut cleaned = deliver::clean(&s.quarantine)? as u64;
        for t in &config.routes.targets {
            cleaned += deliver::clean(&t.dir)? as u64;
        }
        let mail = MailLimits {
            max_bytes: s.max_message_bytes,
            max_attachments: s.max_attachments,
            ..MailLimits::default()
        };
        Ok(Pipeline {
            validator: Validator::new(config.selection, config.limits),
            routes: config.routes,
            mail,
            ledger,
            snapshot,
            done,
            batch: config.batch.max(1),
            progress: config.progress,
            cleaned,
        })
    }

    /// The routing configuration.
    pub fn routes(&self) -> &Routes {
        &self.routes
    }

    /// Processes every input exactly once and returns the counts.
    pub fn run(self, inputs: Vec<Input>) -> Result<Summary, PipelineError> {
        let start = Instant::now();
        let Pipeline {
            validator,
            routes,
            mail,
            ledger,
            snapshot,
            done,
            batch,
            progress,
            cleaned,
        } = self;
        let work = Work {
            validator: &validator,
            routes: &routes,
            mail: &mail,
            done: &done,
        };
        let bar = if progress && io::stderr().is_terminal() && inputs.len() > 1 {
            let b = indicatif::ProgressBar::new(inputs.len() as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        } else {
            indicatif::ProgressBar::hidden()
        };
        let mut planner = Planner {
            routes: &routes,
            snapshot,
            run_seen: HashSet::new(),
            duplicates: 0,
            resumed: 0,
            listings: (inputs.len() >= LIST_FROM).then(HashMap::new),
        };
        let mut committer = Committer {
            routes: &routes,
            ledger,
            fsync: routes.settings.fsync,
            summary: Summary {
                cleaned,
                ..Summary::default()
            },
            pending: Pending::default(),
        };
        // A pipeline of three stages, one batch each, bounded channels between:
        // this thread maps batch N+2 (validation, on the pool), the planner
        // decides and stages batch N+1 (its file writes also on the pool), the
        // committer flushes, records and renames batch N (mostly waiting on
        // the disk, so the pool keeps both cores busy meanwhile).
        let (to_plan, plan_rx) = mpsc::sync_channel::<Vec<Processed>>(1);
        // Planned batches carry no document bytes, so the planner may run a
        // few ahead while the committer waits on a slow flush; the committer
        // then takes all that wait in one flush and one transaction.
        let (to_commit, commit_rx) = mpsc::sync_channel::<Planned>(COMMIT_AHEAD);
        let summary = std::thread::scope(|scope| -> Result<Summary, PipelineError> {
            let planner = scope.spawn(move || -> Result<(u64, u64), PipelineError> {
                for batch in plan_rx {
                    let planned = planner.plan(batch)?;
                    if to_commit.send(planned).is_err() {
                        // the committer stopped on an error; it is returned below
                        break;
                    }
                }
                Ok((planner.duplicates, planner.resumed))
            });
            let committer = scope.spawn(move || -> Result<Summary, PipelineError> {
                while let Ok(mut planned) = commit_rx.recv() {
                    // adaptive group commit: the slower the disk, the more
                    // batches share one syncfs and one ledger transaction
                    while planned.docs.len() < COMMIT_AHEAD * batch {
                        match commit_rx.try_recv() {
                            Ok(more) => planned.append(more),
                            Err(_) => break,
                        }
                    }
                    committer.commit(planned)?;
                }
                // also after a planner error: what was renamed is recorded done
                committer.finish()
            });
            for chunk in inputs.chunks(batch) {
                let out: Vec<Processed> = chunk.par_iter().map(|i| work.one(i)).collect();
                bar.inc(out.len() as u64);
                if to_plan.send(out).is_err() {
                    // the planner stopped on an error; it is returned below
                    break;
                }
            }
            drop(to_plan);
            let planned = planner.join().map_err(|_| PipelineError::Writer);
            let committed = committer.join().map_err(|_| PipelineError::Writer)?;
            let (duplicates, resumed) = planned??;
            let mut summary = committed?;
            summary.duplicates = duplicates;
            summary.resumed = resumed;
            Ok(summary)
        });
        bar.finish_and_clear();
        let mut summary = summary?;
        summary.elapsed = start.elapsed();
        Ok(summary)
    }
}

/// What the workers share (read-only).
struct Work<'p> {
    validator: &'p Validator,
    routes: &'p Routes,
    mail: &'p MailLimits,
    done: &'p HashSet<String>,
}

/// The result of validating one invoice document with everything taken from its parse.
struct Read {
    facts: Facts,
    verdict: Verdict,
    decision: Decision,
    json: Option<Vec<u8>>,
    csv: Option<Vec<u8>>,
}

impl Work<'_> {
    fn one(&self, input: &Input) -> Processed {
        let limit = self.validator.limits().max_bytes.max(self.mail.max_bytes);
        let (source, bytes) = match input {
            Input::Path(p) => (
                p.display().to_string(),
                crate::ingest::read_file(p, limit).map(std::borrow::Cow::Owned),
            ),
            Input::Stdin(b) => ("-".to_string(), Ok(std::borrow::Cow::Borrowed(&b[..]))),
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                // no bytes to hash: the source names the input, so a re-run recognises it
                let sha = sha256_hex(format!("unreadable\0{source}").as_bytes());
                return Processed::unreadable(source, "file", sha, e.to_string());
            }
        };
        let sha = sha256_hex(&bytes);
        let is_mail = mail::looks_like_mail(&bytes);
        let kind = if is_mail { "mail" } else { "file" };
        if self.done.contains(&sha) {
            let mut p = Processed::unreadable(source, kind, sha, String::new());
            p.outcome = Outcome::Seen;
            return p;
        }
        if is_mail {
            self.message(source, sha, bytes.into_owned())
        } else {
            let ext = if bytes.starts_with(b"%PDF") {
                "pdf"
            } else {
                "xml"
            };
            self.document(source, "file", sha, bytes.into_owned(), ext)
        }
    }

    fn read(&self, source: &str, bytes: &[u8]) -> (Report, Option<Read>) {
        self.validator
            .validate_bytes_with(source, bytes, |inv, checked| {
                let facts = Facts::of(inv);
                let verdict = checked.verdict();
                let decision = self.routes.route(Some(&facts), verdict);
                let formats = match decision {
                    Decision::Deliver { target, .. } => self.routes.targets[target].formats,
                    Decision::Quarantine => Default::default(),
                };
                let json = formats.json.then(|| {
                    let mut v = Vec::with_capacity(16 * 1024);
                    extract::json::write(inv, &mut v);
                    v.push(b'\n');
                    v
                });
                let csv = formats.csv.then(|| {
                    let mut v = Vec::with_capacity(4 * 1024);
                    extract::csv::write(inv, &mut v);
                    v
                });
                Read {
                    facts,
                    verdict,
                    decision,
                    json,
                    csv,
                }
            })
    }

    fn document(
        &self,
        source: String,
        kind: &'static str,
        sha: String,
        bytes: Vec<u8>,
        ext: &'static str,
    ) -> Processed {
        let (report, read) = self.read(&source, &bytes);
        let mut p = Processed::unreadable(source, kind, sha, String::new());
        p.original = bytes;
        p.ext = ext;
        match read {
            Some(r) => {
                p.outcome = match r.verdict {
                    Verdict::Accept => Outcome::Accept,
                    Verdict::Reject => Outcome::Reject,
                };
                p.facts = Some(r.facts);
                p.decision = r.decision;
                p.json = r.json;
                p.csv = r.csv;
            }
            None => {
                if let Err(e) = &report.outcome {
                    p.outcome = Outcome::Unreadable(e.clone());
                }
            }
        }
        p.report = Some(report);
        p
    }

    /// One message, one invoice: exactly one attachment must read as an
    /// invoice; the body and every other part are recorded in the notes.
    fn message(&self, source: String, sha: String, msg: Vec<u8>) -> Processed {
        let un = match mail::unwrap(&msg, self.mail) {
            Ok(u) => u,
            Err(e) => {
                let mut p = Processed::unreadable(source, "mail", sha, e.to_string());
                p.original = msg;
                p.ext = "eml";
                return p;
            }
        };
        let source = match (&un.message_id, source.as_str()) {
            (Some(id), "-") => format!("<{id}>"),
            _ => source,
        };
        let mut invoices = Vec::new();
        let mut notes = un.ignored.clone();
        for a in un.candidates {
            let name = format!("{source}#{}", a.name);
            let ext = match a.kind {
                Kind::Pdf => "pdf",
                Kind::Xml => "xml",
            };
            let p = self.document(name, "mail", sha.clone(), a.bytes, ext);
            match &p.outcome {
                Outcome::Unreadable(why) => notes.push(format!("{}: {why}", p.source)),
                _ => invoices.push(p),
            }
        }
        if invoices.len() == 1 {
            if let Some(mut p) = invoices.pop() {
                p.message = Some(msg);
                p.notes = notes;
                return p;
            }
        }
        let why = if invoices.is_empty() {
            if notes.iter().any(|n| n.contains('#')) {
                format!(
                    "no attachment of the message is a readable invoice: {}",
                    notes.join("; ")
                )
            } else {
                "the message has no XML or PDF attachment; attach the invoice as an XRechnung XML or ZUGFeRD PDF file".to_string()
            }
        } else {
            format!(
                "the message carries {} invoices ({}); send one invoice per message",
                invoices.len(),
                invoices
                    .iter()
                    .map(|p| p.source.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let mut p = Processed::unreadable(source, "mail", sha, why);
        p.original = msg;
        p.ext = "eml";
        p.notes = notes;
        p
    }
}

/// What the writer decided for one input of a batch.
enum Action {
    /// Nothing to do (received before).
    Seen,
    /// Ledger only.
    Skip,
    /// Into a target: the stem path (directory + file stem, no extension).
    Deliver { target: usize, stem: PathBuf },
    /// Into quarantine: the entry directory.
    Quarantine { dir: PathBuf, reason: Reason },
}

/// The planner (one thread): duplicate decisions, file names, and the
/// temporary files of a batch (written in parallel on the pool).
struct Planner<'p> {
    routes: &'p Routes,
    snapshot: Snapshot,
    /// SHA-256 handled in this run, so the same bytes twice in one run are delivered once.
    run_seen: HashSet<String>,
    /// Counts the committer cannot see (they are decided here).
    duplicates: u64,
    resumed: u64,
    /// In a large run, the names in each target directory, listed once at
    /// first use (`None` for a directory that cannot be listed: then each
    /// name is looked up), so that choosing a free file name costs no
    /// lookup per format on disk. A small run (one message of a mail
    /// gateway) looks names up instead of listing a full drop directory.
    listings: Option<HashMap<PathBuf, Option<HashSet<std::ffi::OsString>>>>,
}

/// Planned batches that may wait for the committer; also the most batches
/// one flush and one ledger transaction take together.
const COMMIT_AHEAD: usize = 4;

/// Inputs from which a run lists its target directories instead of looking
/// up each new file name (4 lookups per delivery with all formats).
const LIST_FROM: usize = 1000;

/// The names in `dir` (`None` when it cannot be read).
fn list_names(dir: &Path) -> Option<HashSet<std::ffi::OsString>> {
    let mut names = HashSet::new();
    for e in std::fs::read_dir(dir).ok()? {
        names.insert(e.ok()?.file_name());
    }
    Some(names)
}

/// One batch as the planner hands it to the committer: no document bytes any
/// more, only what the ledger and the renames need.
struct Planned {
    /// Ledger rows to record as intent.
    entries: Vec<Entry>,
    /// Per entry: the index of its document in `docs`, and whether the ledger
    /// already had a row for it at start.
    owners: Vec<(usize, bool)>,
    docs: Vec<PlannedDoc>,
}

struct PlannedDoc {
    sha: String,
    source: String,
    outcome: Tally,
    action: Done,
    /// Fatal rules that failed (for the summary).
    failing: Vec<&'static str>,
    /// Temporary files written, renamed by the committer.
    staged: Vec<Staged>,
}

/// [`Outcome`] without its payload.
#[derive(Clone, Copy)]
enum Tally {
    Accept,
    Reject,
    Unreadable,
    Seen,
}

/// [`Action`] without its payload.
#[derive(Clone, Copy)]
enum Done {
    Seen,
    Skip,
    Deliver(usize),
    Quarantine,
}

impl Planned {
    /// Adds the next batch (in input order) to this one.
    fn append(&mut self, next: Planned) {
        let offset = self.docs.len();
        self.entries.extend(next.entries);
        self.owners.extend(
            next.owners
                .into_iter()
                .map(|(i, known)| (i + offset, known)),
        );
        self.docs.extend(next.docs);
    }
}

impl Done {
    fn receipt(self) -> &'static str {
        match self {
            Done::Seen => "seen",
            Done::Skip => "skipped",
            Done::Deliver(_) => "delivered",
            Done::Quarantine => "quarantined",
        }
    }
}

impl Planner<'_> {
    fn plan(&mut self, batch: Vec<Processed>) -> Result<Planned, PipelineError> {
        let mut plans: Vec<(Processed, Action)> = Vec::with_capacity(batch.len());
        let mut entries = Vec::new();
        let mut owners = Vec::new();
        for p in batch {
            let action = self.decide(&p);
            if let Some(e) = self.entry(&p, &action) {
                owners.push((plans.len(), self.snapshot.by_sha.contains_key(&p.sha)));
                entries.push(e);
            }
            plans.push((p, action));
        }
        // Temporary files before the intent is recorded: they are dot-names no
        // consumer reads, and a killed run's are removed at the next start, so
        // writing them early only moves work off the committer's serial path.
        let staged: Vec<Vec<Staged>> = plans
            .par_iter()
            .map(|(p, a)| stage(self.routes, p, a, self.snapshot.by_sha.contains_key(&p.sha)))
            .collect::<io::Result<_>>()?;
        let docs = plans
            .into_iter()
            .zip(staged)
            .map(|((p, a), staged)| {
                let failing = match (&p.report, &a) {
                    (_, Action::Seen) => Vec::new(),
                    (Some(Report { outcome: Ok(c), .. }), _) => c
                        .findings
                        .iter()
                        .filter(|f| f.severity == Severity::Fatal)
                        .map(|f| f.rule)
                        .collect(),
                    _ => Vec::new(),
                };
                PlannedDoc {
                    outcome: match p.outcome {
                        Outcome::Accept => Tally::Accept,
                        Outcome::Reject => Tally::Reject,
                        Outcome::Unreadable(_) => Tally::Unreadable,
                        Outcome::Seen => Tally::Seen,
                    },
                    action: match a {
                        Action::Seen => Done::Seen,
                        Action::Skip => Done::Skip,
                        Action::Deliver { target, .. } => Done::Deliver(target),
                        Action::Quarantine { .. } => Done::Quarantine,
                    },
                    sha: p.sha,
                    source: p.source,
                    failing,
                    staged,
                }
            })
            .collect();
        Ok(Planned {
            entries,
            owners,
            docs,
        })
    }

    fn decide(&mut self, p: &Processed) -> Action {
        if matches!(p.outcome, Outcome::Seen) || !self.run_seen.insert(p.sha.clone()) {
            return Action::Seen;
        }
        if let Some(k) = self.snapshot.by_sha.get(&p.sha).cloned() {
            if k.state == State::Done {
                return Action::Seen;
            }
            // an interrupted delivery: finish it where it was meant to go
            if let Some(a) = self.resume(p, &k) {
                self.resumed += 1;
                return a;
            }
        }
        let facts = p.facts.as_ref();
        let mut reason = match &p.outcome {
            Outcome::Unreadable(why) => Some(Reason::Unreadable(why.clone())),
            _ if p.decision == Decision::Quarantine => Some(Reason::Rejected),
            _ => None,
        };
        if let Some(f) = facts.filter(|f| !f.number.is_empty()) {
            let key = (
                f.seller_key().to_string(),
                f.number.clone(),
                f.issue_date.clone(),
            );
            match self.snapshot.by_key.get(&key) {
                Some(first) if *first != p.sha => {
                    self.duplicates += 1;
                    let first_received =
                        self.snapshot.by_sha.get(first).map_or(0, |k| k.received_at);
                    match self.routes.settings.duplicates {
                        DuplicatePolicy::Quarantine => {
                            reason = Some(Reason::Duplicate {
                                number: f.number.clone(),
                                first_received,
                            })
                        }
                        DuplicatePolicy::Skip => return Action::Skip,
                        DuplicatePolicy::Deliver => {}
                    }
                }
                Some(_) => {}
                None => {
                    self.snapshot.by_key.insert(key, p.sha.clone());
                }
            }
        }
        match (reason, p.decision) {
            (None, Decision::Deliver { target, .. }) => {
                let t = &self.routes.targets[target];
                let stem = self.unique_stem(
                    &t.dir,
                    &t.template.render(facts_or_default(facts), &p.sha),
                    &p.sha,
                    p.ext,
                    t.formats,
                );
                Action::Deliver { target, stem }
            }
            (reason, _) => {
                let reason = reason.unwrap_or(Reason::Rejected);
                let base = Path::new(&p.source)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let name: String = format!("{}_{}", &p.sha[..16.min(p.sha.len())], base)
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                            c
                        } else {
                            '_'
                        }
                    })
                    .take(120)
                    .collect();
                let dir = self.routes.settings.quarantine.join(name);
                self.snapshot.paths.insert(dir.display().to_string());
                Action::Quarantine { dir, reason }
            }
        }
    }

    /// The action recorded for an interrupted delivery, if its target still exists.
    fn resume(&mut self, p: &Processed, k: &Known) -> Option<Action> {
        match k.target.as_str() {
            "skip" => Some(Action::Skip),
            "quarantine" => Some(Action::Quarantine {
                dir: PathBuf::from(&k.path),
                reason: match &p.outcome {
                    Outcome::Unreadable(why) => Reason::Unreadable(why.clone()),
                    _ if p.decision == Decision::Quarantine => Reason::Rejected,
                    _ => Reason::Duplicate {
                        number: p
                            .facts
                            .as_ref()
                            .map(|f| f.number.clone())
                            .unwrap_or_default(),
                        first_received: 0,
                    },
                },
            }),
            name => self
                .routes
                .targets
                .iter()
                .position(|t| t.name == name)
                .map(|target| Action::Deliver {
                    target,
                    stem: PathBuf::from(&k.path),
                }),
        }
    }

    /// A stem no earlier delivery used (ledger or files already in the drop directory).
    fn unique_stem(
        &mut self,
        dir: &Path,
        stem: &str,
        sha: &str,
        ext: &str,
        formats: crate::route::Formats,
    ) -> PathBuf {
        let names = self.listings.as_mut().and_then(|l| {
            l.entry(dir.to_path_buf())
                .or_insert_with(|| list_names(dir))
                .as_ref()
        });
        let exists = |p: &Path| match names {
            Some(names) => p.file_name().is_some_and(|n| names.contains(n)),
            None => p.exists(),
        };
        let paths = &self.snapshot.paths;
        let taken = |p: &Path| {
            paths.contains(&p.display().to_string())
                || (formats.original && exists(&with_ext(p, ext)))
                || (formats.json && exists(&with_ext(p, "json")))
                || (formats.csv && exists(&with_ext(p, "csv")))
                || (formats.report && exists(&with_ext(p, "report.json")))
        };
        let mut candidate = dir.join(stem);
        if taken(&candidate) {
            candidate = dir.join(format!("{stem}_{}", &sha[..8.min(sha.len())]));
            if taken(&candidate) {
                candidate = dir.join(format!("{stem}_{sha}"));
            }
        }
        self.snapshot.paths.insert(candidate.display().to_string());
        candidate
    }

    fn entry(&self, p: &Processed, a: &Action) -> Option<Entry> {
        let (target, path) = match a {
            Action::Seen => return None,
            Action::Skip => ("skip".to_string(), String::new()),
            Action::Deliver { target, stem } => (
                self.routes.targets[*target].name.clone(),
                stem.display().to_string(),
            ),
            Action::Quarantine { dir, .. } => ("quarantine".to_string(), dir.display().to_string()),
        };
        let f = p.facts.as_ref();
        let duplicate_of = f.and_then(|f| {
            let key = (
                f.seller_key().to_string(),
                f.number.clone(),
                f.issue_date.clone(),
            );
            self.snapshot
                .by_key
                .get(&key)
                .filter(|s| **s != p.sha)
                .cloned()
        });
        Some(Entry {
            sha256: p.sha.clone(),
            source: p.source.clone(),
            kind: p.kind,
            verdict: p.verdict_str(),
            seller: f.map(|f| f.seller_key().to_string()).unwrap_or_default(),
            number: f.map(|f| f.number.clone()).unwrap_or_default(),
            issue_date: f.map(|f| f.issue_date.clone()).unwrap_or_default(),
            target,
            path,
            duplicate_of,
        })
    }
}

/// The previous batch of the committer: renamed into place, made durable by
/// the next `syncfs`, then recorded done.
#[derive(Default)]
struct Pending {
    done: Vec<String>,
    receipts: Vec<(String, String, &'static str)>,
    dirs: Vec<PathBuf>,
}

impl Pending {
    /// One ledger transaction: this batch's `done` and receipts, and the
    /// intent rows `entries` of the next one ([`Ledger::record`]).
    fn record(&self, ledger: &mut Ledger, entries: &[Entry]) -> Result<Vec<bool>, LedgerError> {
        let done: Vec<&str> = self.done.iter().map(String::as_str).collect();
        let receipts: Vec<(&str, &str, &str)> = self
            .receipts
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), *c))
            .collect();
        ledger.record(&done, &receipts, entries)
    }
}

/// The committer (one thread, the only ledger writer): per batch one flush,
/// one ledger transaction, the renames.
struct Committer<'p> {
    routes: &'p Routes,
    ledger: Ledger,
    fsync: bool,
    summary: Summary,
    pending: Pending,
}

impl Committer<'_> {
    /// Puts one planned batch in place:
    ///
    /// 1. one `syncfs`: this batch's temporary files are durable before
    ///    their final names appear, and the previous batch's renames are
    ///    durable before the ledger says done;
    /// 2. one transaction: the previous batch done (and its receipts), this
    ///    batch's intent (before any of its files appears);
    /// 3. the renames (atomic; a name that exists is complete).
    ///
    /// Against one flush and one transaction before and after the renames of
    /// each batch, this halves the flushes and transactions of a run; a batch
    /// stays `intent` in the ledger until the next batch's transaction, which
    /// a killed run's successor finishes like any interrupted delivery.
    fn commit(&mut self, mut b: Planned) -> Result<(), PipelineError> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        for s in b.docs.iter().flat_map(|d| &d.staged) {
            if let Some(parent) = s.dest.parent() {
                if !dirs.iter().any(|d| d == parent) {
                    dirs.push(parent.to_path_buf());
                }
            }
        }
        let pending = std::mem::take(&mut self.pending);
        if self.fsync {
            let all: Vec<&Path> = dirs
                .iter()
                .chain(&pending.dirs)
                .map(PathBuf::as_path)
                .collect();
            if !all.is_empty() {
                deliver::sync(&all)?;
            }
        }
        let inserted = pending.record(&mut self.ledger, &b.entries)?;
        let mut next = Pending {
            dirs,
            ..Pending::default()
        };
        for (((i, known), ins), e) in b.owners.iter().zip(&inserted).zip(&b.entries) {
            if !ins && !known {
                // a concurrent run recorded the same bytes first: it delivers them
                let d = &mut b.docs[*i];
                d.action = Done::Seen;
                d.failing.clear();
                deliver::discard(&d.staged)?;
                d.staged.clear();
            } else {
                next.done.push(e.sha256.clone());
            }
        }
        for d in &b.docs {
            deliver::commit(&d.staged)?;
        }
        for d in b.docs {
            self.count(&d);
            next.receipts.push((d.sha, d.source, d.action.receipt()));
        }
        self.pending = next;
        Ok(())
    }

    /// Makes the last batch's renames durable and records it done.
    fn finish(mut self) -> Result<Summary, PipelineError> {
        let p = std::mem::take(&mut self.pending);
        if self.fsync && !p.dirs.is_empty() {
            let dirs: Vec<&Path> = p.dirs.iter().map(PathBuf::as_path).collect();
            deliver::sync(&dirs)?;
        }
        if !p.done.is_empty() || !p.receipts.is_empty() {
            p.record(&mut self.ledger, &[])?;
        }
        Ok(self.summary)
    }

    fn count(&mut self, d: &PlannedDoc) {
        let s = &mut self.summary;
        s.inputs += 1;
        match d.outcome {
            Tally::Accept => s.accepted += 1,
            Tally::Reject => s.rejected += 1,
            Tally::Unreadable => s.unreadable += 1,
            Tally::Seen => {}
        }
        for r in &d.failing {
            *s.failing_rules.entry(r).or_default() += 1;
        }
        match d.action {
            Done::Seen => s.seen += 1,
            Done::Skip => s.skipped += 1,
            Done::Deliver(target) => {
                s.delivered += 1;
                *s.per_target
                    .entry(self.routes.targets[target].name.clone())
                    .or_default() += 1;
            }
            Done::Quarantine => {
                s.quarantined += 1;
                *s.per_target.entry("quarantine".into()).or_default() += 1;
            }
        }
    }
}

fn facts_or_default(f: Option<&Facts>) -> &Facts {
    static EMPTY: std::sync::OnceLock<Facts> = std::sync::OnceLock::new();
    f.unwrap_or_else(|| EMPTY.get_or_init(Facts::default))
}

fn with_ext(stem: &Path, ext: &str) -> PathBuf {
    let mut s = stem.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// Writes the temporary files of one action.
fn stage(routes: &Routes, p: &Processed, a: &Action, resume: bool) -> io::Result<Vec<Staged>> {
    let mut out = Vec::new();
    match a {
        Action::Seen | Action::Skip => {}
        Action::Deliver { target, stem } => {
            let t = &routes.targets[*target];
            let f = t.formats;
            let mut put = |ext: &str, bytes: &[u8]| -> io::Result<()> {
                if let Some(s) = deliver::stage_file(&with_ext(stem, ext), bytes, resume)? {
                    out.push(s);
                }
                Ok(())
            };
            if f.original {
                put(p.ext, &p.original)?;
            }
            if let (true, Some(j)) = (f.json, &p.json) {
                put("json", j)?;
            }
            if let (true, Some(c)) = (f.csv, &p.csv) {
                put("csv", c)?;
            }
            if f.report {
                if let Some(r) = &p.report {
                    let mut j = Vec::new();
                    r.write_json(&mut j)?;
                    put("report.json", &j)?;
                    let mut t = Vec::new();
                    r.write_text(&mut t)?;
                    put("report.txt", &t)?;
                }
            }
        }
        Action::Quarantine { dir, reason } => {
            let report = p.report.as_ref();
            let mut json = Vec::new();
            let mut text = Vec::new();
            match report {
                Some(r) => {
                    r.write_json(&mut json)?;
                    r.write_text(&mut text)?;
                }
                None => {
                    let why = match reason {
                        Reason::Unreadable(w) => w.as_str(),
                        _ => "",
                    };
                    let r = Report {
                        source: p.source.clone(),
                        outcome: Err(why.to_string()),
                    };
                    r.write_json(&mut json)?;
                    r.write_text(&mut text)?;
                }
            }
            if !p.notes.is_empty() {
                text.extend_from_slice(b"\nAlso in the message (not used):\n");
                for n in &p.notes {
                    text.extend_from_slice(format!("  {n}\n").as_bytes());
                }
            }
            let notice = notice::render(&p.source, reason, report);
            let original_name = format!("original.{}", p.ext);
            let mut files: Vec<(&str, &[u8])> = vec![
                ("report.txt", &text),
                ("report.json", &json),
                ("notice.txt", notice.as_bytes()),
            ];
            if let Some(m) = &p.message {
                files.push(("message.eml", m));
            }
            if !p.original.is_empty() {
                files.push((&original_name, &p.original));
            }
            if let Some(s) = deliver::stage_dir(dir, &files)? {
                out.push(s);
            }
        }
    }
    Ok(out)
}
