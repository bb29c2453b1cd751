#!/usr/bin/env python3
"""Dev helper, not run in CI: compile the XRechnung Schematron into XSLT with
SchXslt (both are public repositories you check out yourself; nothing of them
is committed here), for tools/check-generated.py.

    python3 tools/compile-schematron.py SCHXSLT_CHECKOUT XRECHNUNG_SCHEMATRON_CHECKOUT OUT_DIR

SCHXSLT_CHECKOUT: schxslt/schxslt (uses core/src/main/resources/xslt/2.0/pipeline-for-svrl.xsl).
XRECHNUNG_SCHEMATRON_CHECKOUT: itplr-kosit/xrechnung-schematron at tag v2.5.0
(src/validation/schematron/{ubl,cii}/*.sch). Writes OUT_DIR/XRechnung-UBL-validation.xsl
and OUT_DIR/XRechnung-CII-validation.xsl. Needs `pip install saxonche`.
"""
import os
import sys

from saxonche import PySaxonProcessor


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    schxslt, xr, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    with PySaxonProcessor(license=False) as p:
        ex = p.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=os.path.join(schxslt, "core/src/main/resources/xslt/2.0/pipeline-for-svrl.xsl"))
        for syn, name in [("ubl", "XRechnung-UBL-validation"), ("cii", "XRechnung-CII-validation")]:
            src = os.path.join(xr, "src/validation/schematron", syn, name + ".sch")
            dst = os.path.join(out, name + ".xsl")
            ex.transform_to_file(source_file=src, output_file=dst)
            print("wrote", dst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
