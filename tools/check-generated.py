#!/usr/bin/env python3
"""Dev check, not run in CI: validate generated invoices with the official
EN 16931 validation XSLTs (and optionally compiled XRechnung Schematron XSLTs)
using Saxon-HE (`pip install saxonche`).

Nothing official is committed: pass the path of a local checkout of
ConnectingEurope/eInvoicing-EN16931 (tag validation-1.3.16), e.g.

    cargo run -- generate --count 300 --lines 1..10000 --seed 7 --out /tmp/gen
    python3 tools/check-generated.py --en16931 /tmp/en16931 /tmp/gen
    python3 tools/check-generated.py --en16931 /tmp/en16931 \
        --xr-ubl /tmp/xr/XRechnung-UBL-validation.xsl --xr-cii /tmp/xr/XRechnung-CII-validation.xsl /tmp/gen

Optionally also checks each file against the XML schemas with xmllint
(Debian libxml2-utils): --ubl-xsd DIR (a folder holding UBL-Invoice-2.1.xsd and
UBL-CreditNote-2.1.xsd, e.g. xsd/maindoc of the OASIS UBL 2.1 package) and
--cii-xsd FILE (CrossIndustryInvoice_100pD16B.xsd of the EN 16931 checkout).

Prints every failed assert (rule id, flag, file) and a summary; exits 1 if any
fatal assert failed.
"""
import argparse
import collections
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

from saxonche import PySaxonProcessor

SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def files_of(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                for n in sorted(names):
                    if n.endswith(".xml"):
                        yield os.path.join(root, n)
        else:
            yield p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--en16931", required=True, help="checkout of eInvoicing-EN16931")
    ap.add_argument("--xr-ubl", help="compiled XRechnung UBL schematron (XSLT)")
    ap.add_argument("--xr-cii", help="compiled XRechnung CII schematron (XSLT)")
    ap.add_argument("--ubl-xsd", help="folder with UBL-Invoice-2.1.xsd and UBL-CreditNote-2.1.xsd")
    ap.add_argument("--cii-xsd", help="CrossIndustryInvoice_100pD16B.xsd")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()

    with PySaxonProcessor(license=False) as proc:
        xp = proc.new_xslt30_processor()
        sheets = {
            "ubl": [("en16931", xp.compile_stylesheet(stylesheet_file=os.path.join(a.en16931, "ubl/xslt/EN16931-UBL-validation.xslt")))],
            "cii": [("en16931", xp.compile_stylesheet(stylesheet_file=os.path.join(a.en16931, "cii/xslt/EN16931-CII-validation.xslt")))],
        }
        if a.xr_ubl:
            sheets["ubl"].append(("xrechnung", xp.compile_stylesheet(stylesheet_file=a.xr_ubl)))
        if a.xr_cii:
            sheets["cii"].append(("xrechnung", xp.compile_stylesheet(stylesheet_file=a.xr_cii)))

        docs = collections.Counter()
        failed = collections.Counter()
        bad_docs = set()
        schema_failures = 0
        for path in files_of(a.paths):
            with open(path, "rb") as f:
                head = f.read(4096)
            syntax = "cii" if b"CrossIndustryInvoice" in head else "ubl"
            docs[syntax] += 1
            if sum(docs.values()) % 50 == 0:
                print(f"... {sum(docs.values())} documents", file=sys.stderr, flush=True)
            xsd = None
            if syntax == "cii" and a.cii_xsd:
                xsd = a.cii_xsd
            elif syntax == "ubl" and a.ubl_xsd:
                root_name = "CreditNote" if b"<CreditNote" in head else "Invoice"
                xsd = os.path.join(a.ubl_xsd, f"UBL-{root_name}-2.1.xsd")
            if xsd:
                r = subprocess.run(["xmllint", "--noout", "--huge", "--schema", xsd, path], capture_output=True, text=True)
                if r.returncode != 0:
                    schema_failures += 1
                    bad_docs.add(path)
                    print(f"schema   {path}  {r.stderr.strip()[:300]}")
            node = proc.parse_xml(xml_file_name=os.path.abspath(path))
            for set_name, ex in sheets[syntax]:
                out = ex.transform_to_string(xdm_node=node)
                root = ET.fromstring(out)
                for fa in root.iter(SVRL + "failed-assert"):
                    flag = fa.get("flag", "fatal")
                    rid = fa.get("id", "?")
                    failed[(set_name, rid, flag)] += 1
                    if flag == "fatal":
                        bad_docs.add(path)
                    text = "".join(fa.itertext()).strip().replace("\n", " ")[:200]
                    print(f"{flag:8} {set_name:9} {rid:24} {path}  {text}")
        print(f"documents: {dict(docs)}; rule sets: " + ", ".join(f"{k}: {[n for n, _ in v]}" for k, v in sheets.items()))
        fatal = sum(n for (s, r, f), n in failed.items() if f == "fatal")
        other = sum(n for (s, r, f), n in failed.items() if f != "fatal")
        if a.ubl_xsd or a.cii_xsd:
            print(f"schema (xmllint) failures: {schema_failures}")
        print(f"failed asserts: fatal {fatal}, warning/information {other}; documents with a fatal: {len(bad_docs)}")
        for (s, r, f), n in sorted(failed.items()):
            print(f"  {s} {r} {f}: {n}")
        return 1 if fatal or schema_failures else 0


if __name__ == "__main__":
    sys.exit(main())
