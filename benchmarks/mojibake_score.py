"""The mojibake rule scored on ftfy's test cases, and its cost per page, new engine next to old.

    .venv/bin/python benchmarks/mojibake_score.py [--repeat 5] [--old REV] [--verbose]

ftfy's public test cases (vendored in ``tests/data/ftfy/``) hold 111 damaged texts and 50
legitimate texts that only look damaged. Each case becomes one line of a Q&A page's body,
between two clean lines; the corpus of 161 pages is checked with ``contentlint check
--select mojibake`` and fixed with ``contentlint fix --select mojibake``, in-process. A
damaged case is *repaired* when its line reads exactly as ftfy's encoding-only target
(``fixed-encoding``, else ``fixed``); a legitimate case must be neither flagged nor changed.
The old engine is scored the same way: the whole ``src`` tree of the revision ``--old``
(default ``a363151``, the engine before issue 12) is exported with ``git archive`` into a
temporary folder, and this script runs again in a subprocess with that tree first on its
import path, so that the revision's own CLI, rule and engine (``contentlint.text.mojibake``
and whatever it imports) do the work; the subprocess reports its score and its cost as JSON.

Then the cost of the rule's work on one page (the gate that decides whether to scan, then
the scan), for a page of pure ASCII, a page of ordinary non-ASCII text (curly quotes, `µ`,
`°`, accented names, Greek, Cyrillic, CJK) and a page with damage, best of ``--repeat``. The
gate is the rule's: ``contentlint.rules.encoding._gate`` where the revision has one, else
its ``_LEAD`` pattern (the rule's gate before issue 12).

``tests/test_mojibake_ftfy.py`` runs the same score as a test.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: Set in the subprocess that scores an old revision: the ``src`` tree it imports.
OLD_SRC = "MOJIBAKE_SCORE_OLD_SRC"
SRC = os.environ.get(OLD_SRC) or str(ROOT / "src")
if SRC not in sys.path:
    sys.path.insert(0, SRC)

CASES_DIR = ROOT / "tests" / "data" / "ftfy"
DEFAULT_OLD = "a363151"  # the engine before issue 12

BEFORE = "A clean line first: café, naïve, 38.5 °C, “quoted” — São Paulo, Sjögren’s, ≥ 2 cm."
AFTER = "A clean line last: µg/L, β-thalassemia, Москва, 東京, ½ dose, ™ and ®, 10³."


@dataclass(frozen=True)
class Case:
    label: str
    original: str
    target: str  # ftfy's encoding-only repair (`fixed-encoding`, else `fixed`)
    legitimate: bool  # the text should be left alone


def load_cases(folder: Path = CASES_DIR) -> list[Case]:
    """ftfy's cases. Legitimate: the negative cases (texts that are not mojibake, one of
    them with a C1 control that only `fix_text`'s C1 step changes) and every case whose
    encoding-only target is the original."""
    cases = []
    for path in sorted(folder.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            original = item["original"]
            target = item.get("fixed-encoding", item["fixed"])
            legitimate = path.stem == "negative" or target == original
            cases.append(
                Case(item["label"], original, original if legitimate else target, legitimate)
            )
    return cases


def page_text(number: int, line: str) -> str:
    slug = f"case-{number:03d}"
    title = f"Case {number:03d}?"
    return (
        "---\n_schema: default\n"
        f"id: {9000 + number}\ndate: 2025-01-30\ntitle: >-\n    {title}\n"
        f"article_title: >-\n    {title}\ndate_format: MMM DD, YYYY\npost_on_text: Posted on\n"
        "seo:\n  title: QuickTakes | Medicine\n  page_description: >-\n    A case.\n"
        "  page_keywords: >-\n    mojibake\nauthor: QuickTakes\n"
        f"question: >-\n    {title}\nanswer: >-\n    An answer.\nsubject: Medicine\n"
        f"file_name: {slug}.md\nurl: /learn/medicine/questions/{slug}\nscore: -1.0\n"
        f"---\n\n{BEFORE}\n\n{line}\n\n{AFTER}\n"
    )


@dataclass
class Score:
    repaired: list[Case] = field(default_factory=list)
    missed: list[tuple[Case, str]] = field(default_factory=list)  # damaged, not repaired
    flagged: list[Case] = field(default_factory=list)  # legitimate, flagged by check
    changed: list[tuple[Case, str]] = field(default_factory=list)  # legitimate, changed
    outside: list[Case] = field(default_factory=list)  # something else on the page changed
    not_idempotent: list[Case] = field(default_factory=list)

    def summary(self, cases: list[Case]) -> str:
        damaged = sum(not case.legitimate for case in cases)
        legitimate = len(cases) - damaged
        return (
            f"repaired exactly {len(self.repaired)}/{damaged}; legitimate flagged "
            f"{len(self.flagged)}/{legitimate}, changed {len(self.changed)}/{legitimate}; "
            f"other lines changed {len(self.outside)}; not idempotent {len(self.not_idempotent)}"
        )


Runner = Callable[[list[str]], tuple[int, str]]


def in_process(folder: Path) -> Runner:
    """``contentlint.cli.main`` run in ``folder``, stdout captured."""
    from contentlint import cli

    def run(argv: list[str]) -> tuple[int, str]:
        out = io.StringIO()
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            with contextlib.redirect_stdout(out):
                code = cli.main(argv)
        finally:
            os.chdir(cwd)
        return code, out.getvalue()

    return run


def score(folder: Path, cases: list[Case], run: Runner | None = None) -> Score:
    """Write the cases as pages in (empty) ``folder``, check, fix, fix again; score."""
    run = run or in_process(folder)
    paths = []
    for number, case in enumerate(cases):
        path = folder / f"case-{number:03d}.md"
        path.write_bytes(page_text(number, case.original).encode("utf-8"))
        paths.append(path)
    common = ["--select", "mojibake", "--no-cache", "--jobs", "1"]
    code, out = run(["check", "--output-format", "json", *common])
    assert code in (0, 1), out
    flagged = {Path(finding["path"]).name for finding in json.loads(out)}
    run(["fix", *common])
    fixed = [path.read_bytes().decode("utf-8") for path in paths]
    run(["fix", *common])
    result = Score()
    for number, (case, path, text) in enumerate(zip(cases, paths, fixed, strict=True)):
        if path.read_bytes().decode("utf-8") != text:
            result.not_idempotent.append(case)
        head, _, _ = page_text(number, case.original).partition(f"\n\n{case.original}\n\n")
        prefix, suffix = f"{head}\n\n", f"\n\n{AFTER}\n"
        if not (text.startswith(prefix) and text.endswith(suffix)):
            result.outside.append(case)
            continue
        line = text[len(prefix) : len(text) - len(suffix)]
        if case.legitimate:
            if path.name in flagged:
                result.flagged.append(case)
            if line != case.original:
                result.changed.append((case, line))
        elif line == case.target:
            result.repaired.append(case)
        else:
            result.missed.append((case, line))
    return result


# -- the old engine --------------------------------------------------------------------------


def export_src(rev: str, folder: Path) -> Path:
    """The ``src`` tree of ``rev``, written under ``folder`` (``git archive``: the checkout
    and the repository are left as they are)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "src"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    safe: dict[str, Any] = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, **safe)
    return folder / "src"


def old_report(rev: str, repeat: int) -> dict[str, Any]:
    """The score and the cost of the engine at ``rev``, from a subprocess that imports that
    revision's ``src`` tree (see `child_report`)."""
    with tempfile.TemporaryDirectory(prefix="contentlint-old-engine-") as tmp:
        src = export_src(rev, Path(tmp))
        env = dict(os.environ, **{OLD_SRC: str(src)})
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(src), env.get("PYTHONPATH"))))
        result = subprocess.run(
            [sys.executable, __file__, "--report-json", "--repeat", str(repeat)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        report: dict[str, Any] = json.loads(result.stdout)
        where = Path(report["module"]).resolve()
        if not where.is_relative_to(src.resolve()):  # the revision's tree, not this one
            raise RuntimeError(f"the old engine was imported from {where}")
    return report


def rule_cost() -> Callable[[str], object]:
    """The rule's work on one page: its gate, then the scan (of the tree on the path)."""
    from contentlint.rules import encoding
    from contentlint.text.mojibake import scan

    gate = getattr(encoding, "_gate", None)
    if gate is None:  # before issue 12: the rule's own pattern
        lead = encoding._LEAD

        def gate(text: str) -> bool:
            return not text.isascii() and lead.search(text) is not None

    def work(text: str) -> object:
        return scan(text) if gate(text) else []

    return work


def child_report(repeat: int) -> dict[str, Any]:
    """What the subprocess of `old_report` prints: the score of the tree on its path and the
    cost per page (seconds), as JSON."""
    import contentlint.text.mojibake as engine

    cases = load_cases()
    with tempfile.TemporaryDirectory() as folder:
        result = score(Path(folder), cases)
    work = rule_cost()
    return {
        "module": str(engine.__file__),
        "summary": result.summary(cases),
        "missed": [[case.original, line] for case, line in result.missed],
        "changed": [[case.original, line] for case, line in result.changed],
        "flagged": [case.original for case in result.flagged],
        "cost": {label: best_time(work, text, repeat) for label, text in cost_pages().items()},
    }


def print_score(name: str, report: dict[str, Any], verbose: bool) -> None:
    print(f"  {name:>10}: {report['summary']}")
    if verbose:
        for original, line in report["missed"]:
            print(f"      missed  {original!r}\n           -> {line!r}")
        for original, line in report["changed"]:
            print(f"      CHANGED {original!r}\n           -> {line!r}")
        for original in report["flagged"]:
            print(f"      flagged {original!r}")


# -- pages for the cost ----------------------------------------------------------------------

QA_PAGE = ROOT / "fixtures" / "qa" / "clean" / "how-is-iron-deficiency-anemia-diagnosed.md"


def cost_pages() -> dict[str, str]:
    ordinary = QA_PAGE.read_text(encoding="utf-8")
    ordinary += (
        "\nNames and symbols: Sjögren’s, Ménière’s, São Paulo, Ørsted, Dvořák, Łódź, İstanbul,"
        " 38.5 °C, ≥ 2 cm, ± 0.5, µg/L, m², β-thalassemia, Ω, Москва, 東京, 한국어, ☢.\n"
    )
    ascii_page = ordinary.encode("ascii", "ignore").decode("ascii")
    damaged = ordinary.replace("“normal”", "â€œnormalâ€\x9d").replace("Sjögren’s", "Sjögrenâ€™s")
    damaged = damaged.replace("≥ 2 cm", "â‰¥ 2 cm").replace("µg/L", "Âµg/L")
    return {"pure ASCII": ascii_page, "ordinary non-ASCII": ordinary, "damaged": damaged}


def best_time(work: Callable[[str], object], text: str, repeat: int) -> float:
    work(text)  # imports and first-use compilation are not the page's cost
    best = float("inf")
    for _ in range(repeat):
        loops = 200
        start = time.perf_counter()
        for _ in range(loops):
            work(text)
        best = min(best, (time.perf_counter() - start) / loops)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--old", default=DEFAULT_OLD, help="the git revision of the old engine")
    parser.add_argument("--verbose", action="store_true", help="list every case not repaired")
    parser.add_argument("--report-json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("CONTENTLINT_KEY_DIR", tempfile.mkdtemp(prefix="contentlint-keys-"))
    if args.report_json:  # the subprocess of `old_report`
        print(json.dumps(child_report(args.repeat)))
        return 0

    cases = load_cases()
    old = old_report(args.old, args.repeat)
    print(f"ftfy's test cases: {len(cases)} ({sum(not c.legitimate for c in cases)} damaged)")
    print_score(f"old ({args.old})", old, args.verbose)
    new = child_report(args.repeat)
    print_score("new", new, args.verbose)

    print("\ncost per page (gate + scan), best of", args.repeat)
    print(f"  {'page':<20} {'chars':>6} {'old':>10} {'new':>10} {'new/old':>8}")
    for label, text in cost_pages().items():
        before, after = old["cost"][label], new["cost"][label]
        print(
            f"  {label:<20} {len(text):>6} {before * 1e3:>8.4f}ms {after * 1e3:>8.4f}ms"
            f" {after / before:>7.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
