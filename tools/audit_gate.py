#!/usr/bin/env python3
"""Gate a built PDF on the external audit (../shared/tools/pdf_audit.py), as CI does.

Usage: python3 tools/audit_gate.py AUDIT_TOOL FILE.pdf [--body 18] [--sections N]

Runs the audit with --min-font 16 --min-margin 0.5 --json and fails unless: the floors pass, the body
text is the expected size, there are no overlapping text pairs, no characters off the page, no widows,
orphans or stranded headings, and the file has a title, a language, a tagged structure tree and at
least N outline entries.
"""
import argparse
import json
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("audit")
    ap.add_argument("pdf")
    ap.add_argument("--body", type=float, default=18.0)
    ap.add_argument("--sections", type=int, default=1)
    a = ap.parse_args()
    run = subprocess.run([sys.executable, a.audit, a.pdf, "--min-font", "16", "--min-margin", "0.5", "--json"],
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        print(f"FAIL {a.pdf}: audit could not read it: {run.stderr.strip()}")
        return 1
    r = json.loads(run.stdout)
    problems = []
    if run.returncode != 0 or r["violated"]:
        problems.append(f"floors violated: {r['checks']}")
    if r["body_font_pt"] != a.body:
        problems.append(f"body text {r['body_font_pt']} pt, expected {a.body}")
    for key in ("overlapping_text_pairs", "outside_page_chars"):
        if r[key]:
            problems.append(f"{key} = {r[key]}")
    for key in ("widows", "orphans", "stranded_headings"):
        if r[key]:
            problems.append(f"{key}: {r[key]}")
    if not (r["metadata"]["title"] or "").strip():
        problems.append("no title")
    if not r["lang"]:
        problems.append("no language")
    if not (r["tagged"] and r["struct_tree"]):
        problems.append("not tagged")
    if r["outline_entries"] < a.sections:
        problems.append(f"{r['outline_entries']} outline entries, expected at least {a.sections}")
    rd = r["readability"]
    summary = (f"{r['pages']} pages, body {r['body_font_pt']} pt, margins {r['margin_min_in']} in, "
               f"outline {r['outline_entries']}, FK grade {rd['fk_grade']}")
    if problems:
        print(f"FAIL {a.pdf}: " + "; ".join(problems))
        return 1
    print(f"ok   {a.pdf}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
