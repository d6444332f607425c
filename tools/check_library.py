#!/usr/bin/env python3
"""Check the section library's text against the reference documents and the reading-grade target.

Usage: python3 tools/check_library.py [--shared ../shared] [--max-grade 7] [FILE.md|FILE.toml ...]

For every library file (default: handouts/library/*.md, its key points included, plus warnings.toml and
glossary.toml) it prints the Flesch-Kincaid grade, computed with
the same heuristic as ../shared/tools/pdf_audit.py, and every run of 8 or more consecutive words
(case and punctuation ignored) that the section shares with a file in ../shared/reference/.
Exit 1 when a section is above the grade or shares such a run.
"""
import argparse
import glob
import os
import re
import sys
import tomllib

RUN = 8


def words(text):
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text.lower().replace("\u2019", "'"))


def body_of(path):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"\+\+\+\n.*?\n\+\+\+\n(.*)", text, re.S)
    return m.group(1) if m else text


def front_of(path):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"\+\+\+\n(.*?)\n\+\+\+\n", text, re.S)
    return tomllib.loads(m.group(1)) if m else {}


def texts_of(path):
    """The text blocks of a library file: a section's key points and body, or a data file's words."""
    if path.endswith(".toml"):
        data = tomllib.load(open(path, "rb"))
        out = []
        for level in data.get("levels", {}).values():
            out += [level.get("name", ""), level.get("lead", "")]
        for w in data.get("warning", []):
            out.append(w.get("title", ""))
            for key in ("emergency", "now", "today"):
                out += w.get(key, [])
        out += [t.get("means", "") for t in data.get("term", [])]
        return [re.sub(r"\{[a-z_:-]+\}", "your care team", t) for t in out if t]
    return list(front_of(path).get("key_points", [])) + blocks(body_of(path))


def blocks(body):
    """Markdown body -> plain text blocks (paragraphs, list items, table cells, headings)."""
    out = []
    for chunk in re.split(r"\n\s*\n", body):
        for line in chunk.split("\n"):
            line = line.strip()
            if not line or line.startswith(":::") or re.match(r"^\|?\s*:?-{3,}", line) or line.startswith("> [!"):
                continue
            line = re.sub(r"^>\s?", "", line)
            line = re.sub(r"^(#+|[-*+]\s+\[[ xX]\]|[-*+]|\d+[.)])\s+", "", line)
            line = line.replace("**", "")
            line = re.sub(r"\{[a-z_:-]+\}", "your care team", line)
            if line.startswith("|"):
                out.extend(c.strip() for c in line.strip("|").split("|") if c.strip())
            elif line:
                out.append(line)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--max-grade", type=float, default=7.0)
    a = ap.parse_args()
    sys.path.insert(0, os.path.join(a.shared, "tools"))
    from pdf_audit import readability  # noqa: E402
    refs = {}
    for p in sorted(glob.glob(os.path.join(a.shared, "reference", "*.txt"))):
        w = words(open(p, encoding="utf-8").read())
        refs[os.path.basename(p)] = {tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}
    if not refs:
        print("no reference documents found under", a.shared, file=sys.stderr)
        return 2
    lib = os.path.join(os.path.dirname(__file__), "..", "handouts", "library")
    files = a.files or sorted(glob.glob(os.path.join(lib, "*.md"))) + [
        os.path.join(lib, "warnings.toml"), os.path.join(lib, "glossary.toml")]
    bad = 0
    for f in files:
        texts = texts_of(f)
        r = readability(texts)
        w = words(" ".join(texts))
        hits = []
        for i in range(len(w) - RUN + 1):
            g = tuple(w[i:i + RUN])
            for name, grams in refs.items():
                if g in grams:
                    hits.append((name, " ".join(g)))
        grade = r["fk_grade"] if r["fk_grade"] is not None else 0
        flag = "OK " if grade <= a.max_grade and not hits else "BAD"
        bad += flag == "BAD"
        print(f"{flag} {os.path.basename(f):45} grade {grade:5.1f}  words {r['words']:5}  copied-runs {len(hits)}")
        for name, g in hits[:10]:
            print(f"      shares with {name}: \"{g}\"")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
