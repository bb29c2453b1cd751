//! `erechnung process` end to end: the binary on generated inputs (UBL, CII,
//! ZUGFeRD PDF, valid, rejected, unreadable, e-mail with attachments), routed to three
//! Kommunen; every input accounted for exactly once, also across re-runs,
//! duplicates and kill -9 at random points.

mod pipeline_common;

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pipeline_common::*;

/// What a generated set of inputs should produce.
#[derive(Debug, Default, PartialEq, Eq)]
struct Expected {
    per_target: [usize; 3],
    quarantine: usize,
    inputs: usize,
}

/// Writes `n` inputs under `root/in` (subfolders, so the walk is recursive).
fn generate(root: &Path, n: usize) -> Expected {
    let mut e = Expected {
        inputs: n,
        ..Expected::default()
    };
    for i in 0..n {
        let dir = root.join("in").join(format!("batch{:03}", i / 250));
        std::fs::create_dir_all(&dir).unwrap();
        let k = i % 3;
        // every 11th invoice has a Leitweg-ID no rule knows: the default target (koeln, index 0)
        let (leitweg, target) = if i % 11 == 0 {
            (format!("99999-{i:05}-{:02}", i % 97), 0)
        } else {
            (format!("{}-{i:05}-{:02}", KOMMUNEN[k].1, i % 97), k)
        };
        let mut p = Params::new(i, &leitweg);
        let (name, body, ok) = match i % 20 {
            0..=7 => (format!("ubl-{i}.xml"), ubl(&p).into_bytes(), true),
            8..=12 => (format!("cii-{i}.xml"), cii(&p).into_bytes(), true),
            // ZUGFeRD / Factur-X: the CII invoice embedded in a PDF/A-3.
            13 => (format!("zugferd-{i}.pdf"), zugferd(&cii(&p)), true),
            14 => {
                p.invalid = true;
                (format!("bad-ubl-{i}.xml"), ubl(&p).into_bytes(), false)
            }
            15 => {
                // every other one a rejected invoice inside a ZUGFeRD PDF
                p.invalid = true;
                if i % 40 == 15 {
                    (format!("bad-cii-{i}.xml"), cii(&p).into_bytes(), false)
                } else {
                    (format!("bad-zugferd-{i}.pdf"), zugferd(&cii(&p)), false)
                }
            }
            16 => (
                format!("junk-{i}.xml"),
                format!("<html><body>Rechnung {i}</body>").into_bytes(),
                false,
            ),
            17 => (
                format!("mail-{i}.eml"),
                eml(&format!("m{i}"), "rechnung.xml", &ubl(&p), false).into_bytes(),
                true,
            ),
            18 => (
                format!("fwd-{i}.eml"),
                eml(&format!("m{i}"), "rechnung.xml", &cii(&p), true).into_bytes(),
                true,
            ),
            _ => (
                format!("empty-{i}.eml"),
                eml_without_invoice(&format!("q{i}")).into_bytes(),
                false,
            ),
        };
        std::fs::write(dir.join(name), body).unwrap();
        if ok {
            e.per_target[target] += 1;
        } else {
            e.quarantine += 1;
        }
    }
    e
}

/// `xml` embedded in a ZUGFeRD PDF (the project's own PDF builder).
fn zugferd(xml: &str) -> Vec<u8> {
    erechnung::ingest::pdf::testing::Builder::zugferd(xml.as_bytes())
        .build()
        .expect("PDF builds")
}

fn check_exactly_once(root: &Path, e: &Expected) {
    let (per, q) = delivered(root);
    let got: Vec<usize> = per.iter().map(|(_, n)| *n).collect();
    assert_eq!(got, e.per_target.to_vec(), "deliveries per target");
    assert_eq!(q, e.quarantine, "quarantine entries");
    assert_eq!(
        got.iter().sum::<usize>() + q,
        e.inputs,
        "files in targets + quarantine = inputs"
    );
    let (rows, done) = ledger_rows(root);
    assert_eq!(
        (rows, done),
        (e.inputs as i64, e.inputs as i64),
        "ledger rows = inputs, all done"
    );
    assert_eq!(temporaries(root), 0, "no partial files left");
}

#[test]
fn thousand_inputs_routed_exactly_once_and_rerun_does_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let e = generate(root, 1000);
    let routes = routes(root, "");
    let t = Instant::now();
    let out = process(&routes, &[root.join("in").to_str().unwrap()]);
    let secs = t.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("1000 inputs in {secs:.2} s");
    check_exactly_once(root, &e);

    // every delivered target has JSON and CSV beside the original, and they say the right things
    let dir = root.join("out/muenchen");
    let json = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .find(|f| f.file_name().to_string_lossy().ends_with(".json"))
        .unwrap();
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(json.path()).unwrap()).unwrap();
    assert!(v["BT-10"].as_str().unwrap().starts_with("09162-"), "{v}");
    assert_eq!(v["BT-2"], "2024-05-02");
    assert_eq!(v["BG-25"][0]["BT-153"], "Büromaterial");
    let csv = std::fs::read_to_string(json.path().with_extension("csv")).unwrap();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("record;invoice_number;issue_date"));
    let h: Vec<&str> = lines.next().unwrap().split(';').collect();
    assert_eq!(
        (h[0], h[2], h[12], h[18], h[19]),
        ("H", "2024-05-02", "DE02120300000000202051", "14", "2.00")
    );

    // the quarantine has the report and a notice the sender can act on
    let q = std::fs::read_dir(root.join("quarantine"))
        .unwrap()
        .flatten()
        .find(|d| d.file_name().to_string_lossy().contains("bad-ubl"))
        .unwrap()
        .path();
    let notice = std::fs::read_to_string(q.join("notice.txt")).unwrap();
    assert!(
        notice.contains("BR-07") && notice.contains("abgelehnt") && notice.contains("rejected"),
        "{notice}"
    );
    assert!(q.join("report.json").exists() && q.join("original.xml").exists());
    let q = std::fs::read_dir(root.join("quarantine"))
        .unwrap()
        .flatten()
        .find(|d| d.file_name().to_string_lossy().contains("empty-"))
        .unwrap()
        .path();
    let notice = std::fs::read_to_string(q.join("notice.txt")).unwrap();
    assert!(notice.contains("no XML or PDF attachment"), "{notice}");

    // a re-run of the same folder does nothing
    let out = Command::new(bin())
        .args(["process", "--routes"])
        .arg(&routes)
        .arg(root.join("in"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1000 received before"), "{err}");
    assert!(err.contains("delivered 0, quarantined 0"), "{err}");
    check_exactly_once(root, &e);
}

#[test]
fn duplicate_invoice_with_other_bytes_is_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let routes = routes(root, "");
    let p = Params::new(7, "09162-00007-01");
    let mut changed = p.clone();
    changed.net_cents += 100;
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::create_dir_all(root.join("b")).unwrap();
    std::fs::write(root.join("a/r.xml"), ubl(&p)).unwrap();
    // the same invoice as CII: other bytes, same seller + number + date
    std::fs::write(root.join("b/r.xml"), cii(&changed)).unwrap();
    // the very same bytes under another name: received before, nothing done
    std::fs::write(root.join("b/copy.xml"), ubl(&p)).unwrap();
    let out = process(&routes, &[root.join("a").to_str().unwrap()]);
    assert!(out.status.success());
    let out = Command::new(bin())
        .args(["process", "--routes"])
        .arg(&routes)
        .arg(root.join("b"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("1 received before, 1 duplicates"), "{err}");
    let (per, q) = delivered(root);
    assert_eq!((per[1].1, q), (1, 1), "{per:?}");
    let entry = std::fs::read_dir(root.join("quarantine"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let notice = std::fs::read_to_string(entry.join("notice.txt")).unwrap();
    assert!(
        notice.contains("RE-2024-000007") && notice.contains("already been received"),
        "{notice}"
    );
    let c = rusqlite::Connection::open(root.join("ledger.sqlite")).unwrap();
    let dup: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dup, 1);

    // policy `skip`: recorded, nothing written
    let tmp2 = tempfile::tempdir().unwrap();
    let root2 = tmp2.path();
    let routes2 = pipeline_common::routes(root2, "duplicates = \"skip\"");
    std::fs::write(root2.join("1.xml"), ubl(&p)).unwrap();
    std::fs::write(root2.join("2.xml"), cii(&changed)).unwrap();
    let out = Command::new(bin())
        .args(["process", "--routes"])
        .arg(&routes2)
        .arg(root2.join("1.xml"))
        .arg(root2.join("2.xml"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("skipped 1"), "{err}");
    assert_eq!(ledger_rows(root2), (2, 2));
}

#[test]
fn mail_gateway_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let routes = routes(root, "bounce_rejected = true");
    let p = Params::new(3, "06412-00003-03");
    let msg = eml("gw1", "XRechnung.xml", &ubl(&p), false);
    let run = |input: &str| {
        let mut c = Command::new(bin())
            .args(["process", "-q", "--routes"])
            .arg(&routes)
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        c.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        c.wait_with_output().unwrap()
    };
    let out = run(&msg);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(delivered(root).0[2].1, 1);
    // the MTA re-sends the same message: taken, nothing twice
    assert_eq!(run(&msg).status.code(), Some(0));
    assert_eq!(delivered(root).0[2].1, 1);
    assert_eq!(ledger_rows(root), (1, 1));
    // no invoice in it: quarantined, and the policy asks the MTA to bounce
    assert_eq!(run(&eml_without_invoice("gw2")).status.code(), Some(65));
    assert_eq!(delivered(root).1, 1);
    // two invoices in one message: one invoice per message
    let two = eml("gw3", "a.xml", &ubl(&Params::new(4, "06412-1")), false).replace(
        "--XBgw3--",
        &format!(
            "--XBgw3\r\nContent-Type: text/xml; name=\"b.xml\"\r\nContent-Disposition: attachment; filename=\"b.xml\"\r\n\r\n{}\r\n--XBgw3--",
            ubl(&Params::new(5, "06412-1"))
        ),
    );
    let out = run(&two);
    assert_eq!(out.status.code(), Some(65));
    let notes: Vec<String> = std::fs::read_dir(root.join("quarantine"))
        .unwrap()
        .flatten()
        .map(|d| std::fs::read_to_string(d.path().join("notice.txt")).unwrap())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("one invoice per message")),
        "{notes:?}"
    );
    // a ledger that cannot be opened is a transient fault: 75, the MTA retries
    let tmp3 = tempfile::tempdir().unwrap();
    let r3 = pipeline_common::routes(tmp3.path(), "");
    std::fs::create_dir_all(tmp3.path().join("ledger.sqlite")).unwrap();
    let out = Command::new(bin())
        .args(["process", "-q", "--routes"])
        .arg(&r3)
        .arg(root.join("routes.toml"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(75),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_routes_toml_names_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let routes = tmp.path().join("routes.toml");
    std::fs::write(&routes, "[settings]\ndefault = \"a\"\n\n[targets.a]\ndir = \"out\"\n\n[[rule]]\ntarget = \"stadtkasse\"\n").unwrap();
    let out = Command::new(bin())
        .args(["process", "--routes"])
        .arg(&routes)
        .arg(tmp.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("routes.toml:8:10: unknown target `stadtkasse`; defined targets: a"),
        "{err}"
    );
    std::fs::write(
        &routes,
        "[targets.a]\ndir = \"out\"\nformats = [\"json\", \"xls\"]\n",
    )
    .unwrap();
    let out = Command::new(bin())
        .args(["process", "--routes"])
        .arg(&routes)
        .arg(tmp.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("routes.toml:3:20:") && err.contains("xls"),
        "{err}"
    );
}

/// A ledger lost (or a drop directory shared with another system): names the
/// template gives that already exist on disk are never overwritten, the new
/// delivery takes a name of its own. Once looked up name by name (a small
/// run), once from a listing of the directory (a run of 1,000 inputs or more).
#[test]
fn names_already_in_the_drop_directory_are_never_overwritten() {
    for n in [1, 1000] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        generate(root, n);
        let routes = routes(root, "");
        let input = root.join("in");
        assert!(process(&routes, &[input.to_str().unwrap()])
            .status
            .success());
        let first = delivered(root).0;
        let before = walk_files(&root.join("out"));
        assert!(!before.is_empty());
        for f in ["ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm"] {
            let _ = std::fs::remove_file(root.join(f));
        }
        let out = process(&routes, &[input.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for (path, bytes) in &before {
            assert_eq!(
                &std::fs::read(path).unwrap(),
                bytes,
                "{path:?} was overwritten"
            );
        }
        let second = delivered(root).0;
        for ((name, a), (_, b)) in first.iter().zip(&second) {
            assert_eq!(
                *b,
                2 * a,
                "{name}: every invoice delivered again under a new name"
            );
        }
        assert_eq!(temporaries(root), 0);
    }
}

/// Every file under `dir` with its bytes.
fn walk_files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out
}

/// Kills the run with SIGKILL at random points, `kills` times, then lets it finish.
/// The points are drawn by progress, not by time, so that they land mid-run
/// however fast the pipeline and the machine are: each kill waits until the
/// ledger has recorded a random number of further documents done, then a
/// random few milliseconds more (to land anywhere in the flush / record /
/// rename cycle of a batch).
fn kill_and_repeat(n: usize, kills: usize, batch: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let e = generate(root, n);
    let routes = routes(root, "");
    let inputs: HashSet<Vec<u8>> = walk_bytes(&root.join("in"));
    // a small deterministic generator: the points differ per kill, and between test runs by the clock
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        | 1;
    let mut killed = 0;
    for _ in 0..kills {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let before = done_rows(root);
        let left = (n as i64 - before).max(1);
        let target = before + 1 + (seed % 1000) as i64 * left * 4 / 5 / 1000;
        let delay = Duration::from_millis((seed >> 10) % 40);
        let mut child = Command::new(bin())
            .args(["process", "-q", "--batch", batch, "--routes"])
            .arg(&routes)
            .arg(root.join("in"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        while done_rows(root) < target && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            // Child::kill sends SIGKILL on Unix
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        if Path::new(&root.join("ledger.sqlite")).exists() {
            let (rows, done) = ledger_rows(root);
            eprintln!(
                "killed at {target} done + {delay:?}: ledger {rows} rows, {done} done, {} temporary files",
                temporaries(root)
            );
        }
    }
    eprintln!("killed {killed} of {kills} runs");
    // the first run has everything to do and is stopped well before its end
    assert!(killed >= 1, "no run was killed: the test proved nothing");
    let out = process(&routes, &[root.join("in").to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_exactly_once(root, &e);
    // every delivered original is a whole input, every JSON parses
    for (name, _) in KOMMUNEN {
        for f in std::fs::read_dir(root.join("out").join(name))
            .unwrap()
            .flatten()
        {
            let p = f.path();
            let bytes = std::fs::read(&p).unwrap();
            match p.extension().and_then(|x| x.to_str()) {
                Some("xml") => assert!(
                    inputs.contains(&bytes) || extracted_from_mail(&bytes),
                    "partial {p:?}"
                ),
                Some("json") => {
                    serde_json::from_slice::<serde_json::Value>(&bytes).unwrap();
                }
                _ => {}
            }
        }
    }
}

/// Documents the ledger records done (0 while it does not exist yet or is busy).
fn done_rows(root: &Path) -> i64 {
    let path = root.join("ledger.sqlite");
    if !path.exists() {
        return 0;
    }
    rusqlite::Connection::open(&path)
        .and_then(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM documents WHERE state = 'done'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap_or(0)
}

fn walk_bytes(dir: &Path) -> HashSet<Vec<u8>> {
    walk_files(dir)
        .into_iter()
        .map(|(_, bytes)| bytes)
        .collect()
}

/// An attachment taken out of a message: a whole invoice document.
fn extracted_from_mail(bytes: &[u8]) -> bool {
    let s = String::from_utf8_lossy(bytes);
    s.starts_with("<?xml")
        && (s.trim_end().ends_with("</ubl:Invoice>")
            || s.trim_end().ends_with("</rsm:CrossIndustryInvoice>"))
}

#[test]
fn killed_runs_repeated_deliver_exactly_once() {
    kill_and_repeat(1500, 4, "32");
}

#[test]
#[ignore = "10,000 inputs; run by hand with --release: cargo test --release --test process -- --ignored"]
fn killed_runs_repeated_deliver_exactly_once_10k() {
    kill_and_repeat(10_000, 6, "256");
}

/// Writes a corpus for measuring by hand:
/// `CORPUS=/tmp/c N=10000 VALID_ONLY=1 cargo test --test process write_corpus -- --ignored`.
#[test]
#[ignore = "writes a corpus for benchmarks by hand"]
fn write_corpus() {
    let root = std::path::PathBuf::from(std::env::var("CORPUS").unwrap());
    let n: usize = std::env::var("N").map_or(10_000, |n| n.parse().unwrap());
    if std::env::var("VALID_ONLY").is_ok() {
        for i in 0..n {
            let dir = root.join("in").join(format!("batch{:03}", i / 1000));
            std::fs::create_dir_all(&dir).unwrap();
            let p = Params::new(i, &format!("{}-{i:05}-{:02}", KOMMUNEN[i % 3].1, i % 97));
            let (name, body) = if i % 2 == 0 {
                (format!("ubl-{i}.xml"), ubl(&p))
            } else {
                (format!("cii-{i}.xml"), cii(&p))
            };
            std::fs::write(dir.join(name), body).unwrap();
        }
    } else {
        generate(&root, n);
    }
    routes(&root, "");
}

#[test]
fn concurrent_gateway_runs_with_the_same_message_deliver_once() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let routes = routes(root, "");
    let msg = eml("race", "r.xml", &ubl(&Params::new(9, "05315-9")), false);
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut c = Command::new(bin())
                .args(["process", "-q", "--routes"])
                .arg(&routes)
                .arg("-")
                .stdin(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            c.stdin.take().unwrap().write_all(msg.as_bytes()).unwrap();
            c
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(delivered(root).0[0].1, 1);
    assert_eq!(ledger_rows(root), (1, 1));
    assert_eq!(temporaries(root), 0);
}
