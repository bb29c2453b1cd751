//! `erechnung bench`: measures validation throughput on a corpus the way CI
//! jobs and operators need it — invoices/s, MB/s, per-document latency
//! percentiles, peak memory — next to the floor no validator can beat: merely
//! tokenising the same invoice XML with quick-xml.
//!
//! The corpus is read into memory first, so the numbers are about the
//! validator, not the disk.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::validate::Validator;

/// The measurements of one bench run.
#[derive(Debug, Clone, Serialize)]
pub struct BenchResult {
    /// Documents in the corpus.
    pub documents: usize,
    /// Bytes in the corpus.
    pub bytes: u64,
    /// Worker threads used for the throughput passes.
    pub threads: usize,
    /// Rounds over the corpus for each throughput pass.
    pub rounds: u32,
    /// Validation throughput, all threads.
    pub invoices_per_s: f64,
    /// Validation throughput in MB/s (10^6 bytes), all threads.
    pub mb_per_s: f64,
    /// Median single-document validation latency, µs (one thread).
    pub p50_us: f64,
    /// 99th percentile single-document validation latency, µs (one thread).
    pub p99_us: f64,
    /// Largest single-document latency, µs.
    pub max_us: f64,
    /// quick-xml tokenising throughput of the same invoice XML, all threads.
    pub tokenize_invoices_per_s: f64,
    /// quick-xml tokenising throughput in MB/s.
    pub tokenize_mb_per_s: f64,
    /// Validation speed as a share of the tokenising speed.
    pub share_of_tokenize: f64,
    /// Documents rejected or unreadable (a sanity figure: a benchmark of valid invoices expects 0).
    pub rejected: usize,
    /// Peak resident set size of the process, MiB (Linux; 0 elsewhere).
    pub peak_rss_mib: f64,
    /// Cold starts (`--cold N`): wall time of a new process validating one file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cold: Option<Cold>,
}

/// Wall time of `erechnung validate FILE` as a new process each time: what a
/// mail gateway pays per message (process start, loading, one document).
#[derive(Debug, Clone, Serialize)]
pub struct Cold {
    /// The file validated.
    pub file: String,
    /// Processes started.
    pub runs: u32,
    /// Fastest run, ms.
    pub min_ms: f64,
    /// Median run, ms.
    pub p50_ms: f64,
}

/// Starts `exe validate FILE` `runs` times (output discarded) and times each
/// from spawn to exit.
pub fn cold(exe: &std::path::Path, file: &std::path::Path, runs: u32) -> std::io::Result<Cold> {
    let mut times = Vec::with_capacity(runs as usize);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        std::process::Command::new(exe)
            .arg("validate")
            .arg(file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    Ok(Cold {
        file: file.display().to_string(),
        runs: runs.max(1),
        min_ms: times.first().copied().unwrap_or(0.0),
        p50_ms: times.get(times.len() / 2).copied().unwrap_or(0.0),
    })
}

/// Runs the bench over `inputs` (files already expanded) with `validator`.
pub fn run(
    validator: &Validator,
    inputs: &[PathBuf],
    rounds: u32,
) -> Result<BenchResult, std::io::Error> {
    let corpus: Vec<(String, Vec<u8>)> = inputs
        .iter()
        .map(|p| Ok((p.display().to_string(), std::fs::read(p)?)))
        .collect::<Result<_, std::io::Error>>()?;
    let bytes: u64 = corpus.iter().map(|(_, b)| b.len() as u64).sum();
    let rounds = rounds.max(1);

    // Latency: one thread, each document once (after one warm-up pass).
    let mut rejected = 0;
    for (name, b) in &corpus {
        if !validator.validate_bytes(name, b).accepted() {
            rejected += 1;
        }
    }
    let mut lat: Vec<Duration> = corpus
        .iter()
        .map(|(name, b)| {
            let t = Instant::now();
            std::hint::black_box(validator.validate_bytes(name, b));
            t.elapsed()
        })
        .collect();
    lat.sort_unstable();
    let pct = |p: f64| -> f64 {
        if lat.is_empty() {
            return 0.0;
        }
        let i = ((lat.len() as f64 - 1.0) * p).round() as usize;
        lat[i].as_secs_f64() * 1e6
    };

    // Throughput: all threads.
    let t = Instant::now();
    for _ in 0..rounds {
        corpus.par_iter().for_each(|(name, b)| {
            std::hint::black_box(validator.validate_bytes(name, b));
        });
    }
    let validate_s = t.elapsed().as_secs_f64().max(1e-9);

    // The floor tokenises the invoice XML: for a ZUGFeRD PDF that is the
    // embedded invoice (extracted here, untimed), not the PDF bytes.
    let xml: Vec<std::borrow::Cow<'_, [u8]>> = corpus
        .iter()
        .map(|(_, b)| {
            if crate::ingest::pdf::is_pdf(b) {
                let embedded = crate::ingest::pdf::extract(b, b.len().max(64 << 20));
                std::borrow::Cow::Owned(embedded.map(|e| e.xml).unwrap_or_default())
            } else {
                std::borrow::Cow::Borrowed(b.as_slice())
            }
        })
        .collect();
    let xml_bytes: u64 = xml.iter().map(|b| b.len() as u64).sum();
    let t = Instant::now();
    for _ in 0..rounds {
        xml.par_iter().for_each(|b| {
            std::hint::black_box(tokenize(b));
        });
    }
    let tokenize_s = t.elapsed().as_secs_f64().max(1e-9);

    let docs = (corpus.len() as f64) * f64::from(rounds);
    let mb = (bytes as f64) * f64::from(rounds) / 1e6;
    Ok(BenchResult {
        documents: corpus.len(),
        bytes,
        threads: rayon::current_num_threads(),
        rounds,
        invoices_per_s: docs / validate_s,
        mb_per_s: mb / validate_s,
        p50_us: pct(0.50),
        p99_us: pct(0.99),
        max_us: lat.last().map_or(0.0, |d| d.as_secs_f64() * 1e6),
        tokenize_invoices_per_s: docs / tokenize_s,
        tokenize_mb_per_s: xml_bytes as f64 * f64::from(rounds) / 1e6 / tokenize_s,
        share_of_tokenize: tokenize_s / validate_s,
        rejected,
        peak_rss_mib: peak_rss_mib(),
        cold: None,
    })
}

/// Counts the XML events of a document with quick-xml: the tokenising floor.
pub fn tokenize(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut events = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) | Err(_) => break,
            Ok(_) => events += 1,
        }
        buf.clear();
    }
    events
}

/// Peak resident set size (`VmHWM`) in MiB, from `/proc/self/status`; 0 where unavailable.
pub fn peak_rss_mib() -> f64 {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return 0.0;
    };
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

impl BenchResult {
    /// A human-readable summary.
    pub fn to_text(&self) -> String {
        format!(
            "documents      {} ({:.1} MB), {} threads, {} rounds\n\
             validate       {:.0} invoices/s, {:.1} MB/s\n\
             latency        p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs (one thread)\n\
             tokenise floor {:.0} invoices/s, {:.1} MB/s (quick-xml, same invoice XML)\n\
             share          validation runs at {:.0} % of the tokenising speed\n\
             rejected       {}\n\
             peak RSS       {:.1} MiB\n",
            self.documents,
            self.bytes as f64 / 1e6,
            self.threads,
            self.rounds,
            self.invoices_per_s,
            self.mb_per_s,
            self.p50_us,
            self.p99_us,
            self.max_us,
            self.tokenize_invoices_per_s,
            self.tokenize_mb_per_s,
            self.share_of_tokenize * 100.0,
            self.rejected,
            self.peak_rss_mib,
        ) + &self.cold.as_ref().map_or(String::new(), |c| {
            format!(
                "cold start     min {:.2} ms, p50 {:.2} ms over {} processes ({})\n",
                c.min_ms, c.p50_ms, c.runs, c.file
            )
        })
    }
}
