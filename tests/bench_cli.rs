//! `erechnung bench` end to end: the JSON a CI job reads has every figure,
//! counts what it was given, and `--cold` starts the requested processes.

use std::process::Command;

#[test]
fn bench_json_reports_the_corpus_and_cold_starts() {
    let out = Command::new(env!("CARGO_BIN_EXE_erechnung"))
        .args([
            "bench",
            "--rounds",
            "1",
            "--cold",
            "3",
            "--format",
            "json",
            "samples/domestic-1-line.ubl.xml",
            "samples/domestic-1-line.cii.xml",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 2);
    assert_eq!(v["rejected"], 0);
    for key in [
        "invoices_per_s",
        "mb_per_s",
        "p50_us",
        "p99_us",
        "tokenize_invoices_per_s",
        "peak_rss_mib",
    ] {
        assert!(
            v[key].as_f64().is_some_and(|x| x > 0.0),
            "{key}: {}",
            v[key]
        );
    }
    assert_eq!(v["cold"]["runs"], 3);
    assert!(v["cold"]["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("domestic-1-line.ubl.xml")));
    let (min, p50) = (v["cold"]["min_ms"].as_f64(), v["cold"]["p50_ms"].as_f64());
    assert!(
        min.is_some_and(|m| m > 0.0) && min <= p50,
        "{min:?} {p50:?}"
    );
}

#[test]
fn bench_without_cold_leaves_the_field_out() {
    let out = Command::new(env!("CARGO_BIN_EXE_erechnung"))
        .args([
            "bench",
            "--rounds",
            "1",
            "--format",
            "json",
            "samples/domestic-1-line.ubl.xml",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("cold").is_none());
}
