#!/usr/bin/env python3
"""Dev helper, not run in CI: build the XRechnung validation XSLTs the way
KoSIT's build.xml does, for tools/check-generated.py. Nothing of the inputs is
committed; they are public repositories you check out yourself:

    python3 tools/compile-schematron.py SCHXSLT XRECHNUNG_SCHEMATRON PEPPOL_BIS OUT_DIR

SCHXSLT: schxslt/schxslt (core/src/main/resources/xslt/2.0/pipeline-for-svrl.xsl).
XRECHNUNG_SCHEMATRON: itplr-kosit/xrechnung-schematron (v2.5.0 or the master after it).
PEPPOL_BIS: OpenPEPPOL/peppol-bis-invoice-3 (rules/sch/PEPPOL-EN16931-{UBL,CII}.sch).

Steps, as in build.xml: (1) copy the Peppol rules to XRECHNUNG_SCHEMATRON/build/bis
(where src/xsl/peppol-into-xr.xsl looks for them), (2) merge the whitelisted Peppol
rules into the XRechnung Schematron with peppol-into-xr.xsl, (3) compile with SchXslt.
Without step 2 the PEPPOL-EN16931-R* rules that XRechnung carries would be missing.
Writes OUT_DIR/XRechnung-{UBL,CII}-validation.xsl. Needs `pip install saxonche`.
"""
import os
import shutil
import sys

from saxonche import PySaxonProcessor


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    schxslt, xr, peppol, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    bis = os.path.join(xr, "build", "bis")
    os.makedirs(bis, exist_ok=True)
    for syn in ("UBL", "CII"):
        shutil.copy(os.path.join(peppol, "rules/sch", f"PEPPOL-EN16931-{syn}.sch"), bis)
    with PySaxonProcessor(license=False) as p:
        x = p.new_xslt30_processor()
        merge = x.compile_stylesheet(stylesheet_file=os.path.join(xr, "src/xsl/peppol-into-xr.xsl"))
        comp = x.compile_stylesheet(
            stylesheet_file=os.path.join(schxslt, "core/src/main/resources/xslt/2.0/pipeline-for-svrl.xsl"))
        for syn in ("UBL", "CII"):
            name = f"XRechnung-{syn}-validation"
            d = os.path.join(xr, "src/validation/schematron", syn.lower())
            merged = os.path.join(d, f"merged-{name}.sch")  # next to the original, so includes resolve
            merge.set_parameter("syntax", p.make_string_value(syn))
            merge.transform_to_file(source_file=os.path.join(d, name + ".sch"), output_file=merged)
            dst = os.path.join(out, name + ".xsl")
            comp.transform_to_file(source_file=merged, output_file=dst)
            print("wrote", dst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
