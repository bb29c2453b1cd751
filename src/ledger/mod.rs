//! The ledger: one SQLite file that records every input the pipeline took —
//! its SHA-256, source, verdict, seller + invoice number + issue date, where it
//! went, and when — so that re-running a folder or re-sending a message does
//! nothing twice, and the same invoice with other bytes is recognised.
//!
//! Exactly-once delivery rests on two writes per document: the row is
//! written with state `intent` (and the final path) *before* any file is
//! delivered, and set to `done` after the files are renamed into place. A
//! run killed in between leaves `intent` rows; the next run that sees the
//! same bytes delivers them again to the same recorded path (rename over an
//! identical file), so nothing is lost and nothing appears twice.
//!
//! Only one thread writes (the pipeline's committer); it commits in batches,
//! one transaction per batch that completes the previous batch and records
//! the intent for the next one ([`Ledger::record`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, ErrorCode};

/// A ledger failure; [`LedgerError::is_transient`] tells whether a retry later can succeed.
#[derive(Debug, thiserror::Error)]
#[error("ledger: {0}")]
pub struct LedgerError(#[from] rusqlite::Error);

impl LedgerError {
    /// Busy, locked, disk full or an I/O error: the mail gateway should retry later (EX_TEMPFAIL).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.0.sqlite_error_code(),
            Some(
                ErrorCode::DatabaseBusy
                    | ErrorCode::DatabaseLocked
                    | ErrorCode::DiskFull
                    | ErrorCode::SystemIoFailure
                    | ErrorCode::CannotOpen
            )
        )
    }
}

/// Whether a document's delivery finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Recorded before delivery; delivery may not have finished.
    Intent,
    /// Delivered (or quarantined, or skipped) completely.
    Done,
}

/// What the ledger knows about one SHA-256.
#[derive(Clone, Debug)]
pub struct Known {
    /// Delivery state.
    pub state: State,
    /// Where it went (`quarantine`, a target name, or `skip`).
    pub target: String,
    /// The recorded final path (file stem or quarantine directory).
    pub path: String,
    /// When it was first received (Unix seconds).
    pub received_at: i64,
}

/// The ledger as it was when the run started: looked up by the workers without touching SQLite.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// By SHA-256 (hex).
    pub by_sha: HashMap<String, Known>,
    /// First SHA-256 for (seller, number, issue date).
    pub by_key: HashMap<(String, String, String), String>,
    /// Every recorded path, so that a new name never collides with an earlier delivery.
    pub paths: HashSet<String>,
}

/// One document as the ledger records it.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    /// SHA-256 of the input bytes (hex).
    pub sha256: String,
    /// The source (path, or `-` / the message id for stdin).
    pub source: String,
    /// `file` or `mail`.
    pub kind: &'static str,
    /// `accept`, `reject` or `error` (unreadable).
    pub verdict: &'static str,
    /// Seller key (VAT id, else identifier, else name).
    pub seller: String,
    /// BT-1.
    pub number: String,
    /// BT-2.
    pub issue_date: String,
    /// Target name, `quarantine` or `skip`.
    pub target: String,
    /// The final path.
    pub path: String,
    /// The SHA-256 of the first invoice with the same seller, number and date, when this one repeats it.
    pub duplicate_of: Option<String>,
}

/// The open ledger (owned by the one writer thread).
pub struct Ledger {
    conn: Connection,
}

/// Runs `f` again while SQLite answers "busy" or "locked" without having
/// waited (schema and journal-mode changes), for at most about ten seconds,
/// the same patience as the busy timeout of the connection.
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut pause = std::time::Duration::from_millis(1);
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Ledger {
    /// Opens (creating if needed) the ledger at `path`.
    pub fn open(path: &Path, durable: bool) -> Result<Ledger, LedgerError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers never block the writer; FULL: a commit survives power loss,
        // which the intent/done protocol relies on
        // Switching a new file to WAL takes an exclusive lock and answers
        // SQLITE_BUSY at once, without the busy handler, when another process
        // opens the ledger at the same moment (concurrent gateway runs): retry.
        retry_busy(|| conn.pragma_update(None, "journal_mode", "WAL"))?;
        // (NORMAL when the run does not fsync its files either: a WAL commit still
        // survives a killed process, only not a power loss)
        conn.pragma_update(None, "synchronous", if durable { "FULL" } else { "NORMAL" })?;
        retry_busy(|| {
            conn.execute_batch(
                "CREATE TABLE IF NOT EXISTS documents (
                 sha256 TEXT PRIMARY KEY,
                 source TEXT NOT NULL,
                 kind TEXT NOT NULL,
                 verdict TEXT NOT NULL,
                 seller TEXT NOT NULL,
                 number TEXT NOT NULL,
                 issue_date TEXT NOT NULL,
                 target TEXT NOT NULL,
                 path TEXT NOT NULL,
                 duplicate_of TEXT,
                 state TEXT NOT NULL CHECK (state IN ('intent', 'done')),
                 received_at INTEGER NOT NULL,
                 completed_at INTEGER
             );
             CREATE INDEX IF NOT EXISTS documents_key ON documents (seller, number, issue_date);
             CREATE TABLE IF NOT EXISTS receipts (
                 id INTEGER PRIMARY KEY,
                 sha256 TEXT NOT NULL,
                 source TEXT NOT NULL,
                 outcome TEXT NOT NULL,
                 at INTEGER NOT NULL
             );",
            )
        })?;
        Ok(Ledger { conn })
    }

    /// Everything recorded so far.
    pub fn snapshot(&self) -> Result<Snapshot, LedgerError> {
        let mut s = Snapshot::default();
        let mut stmt = self.conn.prepare(
            "SELECT sha256, state, target, path, received_at, seller, number, issue_date, duplicate_of
             FROM documents ORDER BY received_at, rowid",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let sha: String = r.get(0)?;
            let state: String = r.get(1)?;
            let known = Known {
                state: if state == "done" {
                    State::Done
                } else {
                    State::Intent
                },
                target: r.get(2)?,
                path: r.get(3)?,
                received_at: r.get(4)?,
            };
            let seller: String = r.get(5)?;
            let number: String = r.get(6)?;
            let date: String = r.get(7)?;
            let dup: Option<String> = r.get(8)?;
            if dup.is_none() && !number.is_empty() {
                s.by_key
                    .entry((seller, number, date))
                    .or_insert(sha.clone());
            }
            if !known.path.is_empty() {
                s.paths.insert(known.path.clone());
            }
            s.by_sha.insert(sha, known);
        }
        Ok(s)
    }

    /// Records the intent to deliver `entries` (one transaction). A row already
    /// there (an earlier run was stopped before `done`, or a concurrent run
    /// took the same input first) keeps its path; the result says, per entry,
    /// whether this call inserted it.
    pub fn intend(&mut self, entries: &[Entry]) -> Result<Vec<bool>, LedgerError> {
        self.record(&[], &[], entries)
    }

    /// Marks `shas` delivered and logs one receipt per input handled in the batch (one transaction).
    pub fn complete(
        &mut self,
        shas: &[&str],
        receipts: &[(&str, &str, &str)],
    ) -> Result<(), LedgerError> {
        self.record(shas, receipts, &[]).map(|_| ())
    }

    /// Group commit: in one transaction (one WAL flush), marks `done` the
    /// documents of the previous batch (whose files are durable in place),
    /// logs their `receipts`, and records the intent for the next batch's
    /// `entries` (before any of its files appears). Returns, per entry,
    /// whether this call inserted it (see [`Ledger::intend`]).
    pub fn record(
        &mut self,
        done: &[&str],
        receipts: &[(&str, &str, &str)],
        entries: &[Entry],
    ) -> Result<Vec<bool>, LedgerError> {
        // IMMEDIATE: take the write lock now, so concurrent runs (a mail
        // gateway starts one per message) serialise here, not at commit; a
        // deferred transaction that starts reading and then writes fails at
        // once (SQLITE_BUSY_SNAPSHOT) when another process committed in between
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let t = now();
        let mut inserted = Vec::with_capacity(entries.len());
        {
            if !done.is_empty() {
                let mut st = tx.prepare_cached(
                    "UPDATE documents SET state = 'done', completed_at = ?2 WHERE sha256 = ?1",
                )?;
                for s in done {
                    st.execute(params![s, t])?;
                }
            }
            if !receipts.is_empty() {
                let mut rec = tx.prepare_cached(
                    "INSERT INTO receipts (sha256, source, outcome, at) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (sha, source, outcome) in receipts {
                    rec.execute(params![sha, source, outcome, t])?;
                }
            }
            if !entries.is_empty() {
                let mut ins = tx.prepare_cached(
                    "INSERT INTO documents (sha256, source, kind, verdict, seller, number, issue_date,
                                            target, path, duplicate_of, state, received_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'intent', ?11)
                     ON CONFLICT (sha256) DO NOTHING",
                )?;
                for e in entries {
                    let n = ins.execute(params![
                        e.sha256,
                        e.source,
                        e.kind,
                        e.verdict,
                        e.seller,
                        e.number,
                        e.issue_date,
                        e.target,
                        e.path,
                        e.duplicate_of,
                        t
                    ])?;
                    inserted.push(n == 1);
                }
            }
        }
        tx.commit()?;
        Ok(inserted)
    }

    /// Number of documents recorded, by state.
    pub fn counts(&self) -> Result<(u64, u64), LedgerError> {
        let n = |state: &str| -> Result<u64, LedgerError> {
            Ok(self.conn.query_row(
                "SELECT COUNT(*) FROM documents WHERE state = ?1",
                [state],
                |r| r.get::<_, i64>(0),
            )? as u64)
        };
        Ok((n("done")?, n("intent")?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intent_then_done_and_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(&dir.path().join("l.sqlite"), true).unwrap();
        let e = Entry {
            sha256: "aa".into(),
            source: "a.xml".into(),
            kind: "file",
            verdict: "accept",
            seller: "DE1".into(),
            number: "R1".into(),
            issue_date: "2024-01-01".into(),
            target: "t".into(),
            path: "t/x".into(),
            duplicate_of: None,
        };
        assert_eq!(l.intend(std::slice::from_ref(&e)).unwrap(), vec![true]);
        let s = l.snapshot().unwrap();
        assert_eq!(s.by_sha["aa"].state, State::Intent);
        // a second intent for the same bytes keeps the first row and path
        let mut again = e.clone();
        again.path = "t/other".into();
        assert_eq!(l.intend(&[again]).unwrap(), vec![false]);
        l.complete(&["aa"], &[("aa", "a.xml", "delivered")])
            .unwrap();
        let s = l.snapshot().unwrap();
        assert_eq!(s.by_sha["aa"].state, State::Done);
        assert_eq!(s.by_sha["aa"].path, "t/x");
        assert_eq!(
            s.by_key[&("DE1".into(), "R1".into(), "2024-01-01".into())],
            "aa"
        );
        assert_eq!(l.counts().unwrap(), (1, 0));
    }

    #[test]
    fn record_completes_one_batch_and_intends_the_next_in_one_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(&dir.path().join("l.sqlite"), false).unwrap();
        let entry = |sha: &str| Entry {
            sha256: sha.into(),
            source: format!("{sha}.xml"),
            kind: "file",
            verdict: "accept",
            target: "t".into(),
            path: format!("t/{sha}"),
            ..Entry::default()
        };
        assert_eq!(
            l.record(&[], &[], &[entry("a1"), entry("a2")]).unwrap(),
            vec![true, true]
        );
        assert_eq!(l.counts().unwrap(), (0, 2));
        // batch 1 done, batch 2 intended; a2 again (a concurrent run's row) is not inserted
        let inserted = l
            .record(
                &["a1", "a2"],
                &[("a1", "a1.xml", "delivered"), ("a2", "a2.xml", "delivered")],
                &[entry("b1"), entry("a2")],
            )
            .unwrap();
        assert_eq!(inserted, vec![true, false]);
        let s = l.snapshot().unwrap();
        assert_eq!(s.by_sha["a1"].state, State::Done);
        assert_eq!(s.by_sha["a2"].state, State::Done);
        assert_eq!(s.by_sha["b1"].state, State::Intent);
        assert_eq!(l.counts().unwrap(), (2, 1));
        let receipts: i64 = l
            .conn
            .query_row("SELECT COUNT(*) FROM receipts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(receipts, 2);
    }
}
