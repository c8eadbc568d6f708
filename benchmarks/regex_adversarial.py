"""Every regex contentlint runs on page text, timed on hostile input: does any go quadratic?

    .venv/bin/python benchmarks/regex_adversarial.py [--sizes 10000,100000] [--repeat 3]
                                                     [--only TEXT] [--no-files] [--no-patterns]

Page text comes from strangers' pull requests. Each module that reads it lists its patterns
in ``CONTENT_PATTERNS``: a name, how the pattern is applied, and inputs that would make a
backtracking version of it slow (a head, a part repeated to the size wanted, a tail). This
script times every pattern on each of its inputs at each size; then it writes whole files
carrying each input (a paragraph of a plain-text ACR article and of a Markdown one, the
answer of a Q&A page, and an article of thousands of ratings of different procedures) and
times ``contentlint check`` on them. One row per case: the time at each size, and the ratio
of the last to the first. Ten times the input should take about ten times as long (linear);
a ratio near 100 is quadratic. Times are the best of ``--repeat`` runs.

``tests/test_regex_linear.py`` runs the same cases as a test, with looser bounds.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import io
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

#: The modules that apply regexes to page text, each with its ``CONTENT_PATTERNS``.
MODULES = (
    "contentlint.formats.acr.patterns",
    "contentlint.formats.acr.parse",
    "contentlint.formats.acr.procedure_parse",
    "contentlint.formats.acr.statements",
    "contentlint.content_types",
    "contentlint.index",
    "contentlint.rules.encoding",
    "contentlint.rules.identity.names",
    "contentlint.text.mojibake",
    "contentlint.suppress",
)

ACR_TEXT = ROOT / "fixtures" / "acr" / "clean" / "suspected-appendicitis-child.txt"
ACR_MARKDOWN = ROOT / "fixtures" / "acr" / "clean" / "minor-head-trauma-high-risk-child.md"
QA_PAGE = ROOT / "fixtures" / "qa" / "clean" / "how-is-iron-deficiency-anemia-diagnosed.md"

Attack = tuple[str, str, str]  # head, repeated part, tail


def build(attack: Attack, size: int) -> str:
    """``head + repeated * k + tail``, about ``size`` characters long."""
    head, repeated, tail = attack
    count = max(1, (size - len(head) - len(tail)) // len(repeated))
    return head + repeated * count + tail


def pattern_cases() -> Iterator[tuple[str, Callable[[str], Any], Attack]]:
    """``(label, apply, attack)`` for every content pattern and each of its inputs."""
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        short = module_name.rsplit(".", 1)[-1]
        for name, apply, attacks in module.CONTENT_PATTERNS:
            for attack in attacks:
                yield f"{short}:{name} {describe(attack)}", apply, attack


def attacks() -> list[Attack]:
    """Every distinct input of every pattern, for the whole-file cases."""
    return list(dict.fromkeys(attack for _, _, attack in pattern_cases()))


def describe(attack: Attack) -> str:
    head, repeated, tail = attack
    return repr(head + f"[{repeated}]*" + tail)


# -- whole files ------------------------------------------------------------------------------


def acr_article(payload: str, markdown: bool = False) -> str:
    """A clean ACR article (a fixture) carrying ``payload``: as its reviewer line when the
    payload is one, else as a paragraph of its own before the lower-rated section."""
    text = (ACR_MARKDOWN if markdown else ACR_TEXT).read_text(encoding="utf-8")
    lines = text.split("\n")
    if payload.lstrip("*_> \t").startswith("Reviewed by"):
        index = max(i for i, line in enumerate(lines) if "Reviewed by" in line)
        lines[index] = payload
    else:
        index = next(i for i, line in enumerate(lines) if "Why Are Other Studies" in line)
        lines[index:index] = [payload, ""]
    return "\n".join(lines)


def qa_page(payload: str) -> str:
    """A clean Q&A page (a fixture) carrying ``payload`` in its answer (a block scalar, so
    that any text is valid YAML there)."""
    text = QA_PAGE.read_text(encoding="utf-8")
    block = "\n".join("    " + line for line in payload.split("\n"))
    return text.replace("answer: >-\n", f"answer: >-\n{block}\n", 1)


FILE_SHAPES: dict[str, Callable[[str], str]] = {
    "acr-text": acr_article,
    "acr-markdown": lambda payload: acr_article(payload, markdown=True),
    "qa": qa_page,
}


def distinct_procedures(size: int) -> str:
    """Rating statements, each of another procedure (rating-conflict groups them)."""
    statement = "`CT {0:x} w{0}` is rated Usually appropriate. "
    return "".join(statement.format(n) for n in range(size // len(statement)))


def check_file(path: Path) -> int:
    """``contentlint check PATH --no-cache`` in this process, its output thrown away."""
    from contentlint import cli

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli.main(["check", str(path), "--no-cache", "--jobs", "1", "-q"])


def file_checker(folder: Path, shape: str, name: str = "page") -> Callable[[str], int]:
    """A function that writes a payload into a file of ``shape`` and checks it. The file is
    alone in a folder of its own (cross-file rules read the whole folder)."""
    suffix = ".txt" if shape == "acr-text" else ".md"
    path = folder / shape / f"{name}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)

    def check(payload: str) -> int:
        path.write_text(FILE_SHAPES[shape](payload), encoding="utf-8")
        return check_file(path)

    return check


# -- timing -------------------------------------------------------------------------------------


def timed(apply: Callable[[str], Any], text: str) -> float:
    """Seconds one call takes, with the garbage collector off (as in ``timeit``)."""
    gc.disable()
    try:
        start = time.perf_counter()
        apply(text)
        return time.perf_counter() - start
    finally:
        gc.enable()


def best_times(apply: Callable[[str], Any], texts: list[str], repeat: int) -> list[float]:
    """The best of ``repeat`` runs on each text, the texts taken in turn (so that a burst of
    load on a shared machine slows one run of each, not all the runs of one)."""
    best = [float("inf")] * len(texts)
    for _ in range(repeat):
        for i, text in enumerate(texts):
            best[i] = min(best[i], timed(apply, text))
    return best


def row(label: str, times: list[float]) -> str:
    ratio = times[-1] / times[0] if times[0] > 0 else float("inf")
    cells = "".join(f"{t * 1000:11.2f}" for t in times)
    return f"{label[:70]:70}{cells}{ratio:9.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="input sizes (characters)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best counts")
    parser.add_argument("--only", default="", help="only the cases whose label has this text")
    parser.add_argument("--no-files", action="store_true", help="skip the whole-file cases")
    parser.add_argument("--no-patterns", action="store_true", help="skip the pattern cases")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    header = "".join(f"{f'{size // 1000}k ms':>11}" for size in sizes)
    print(f"{'case':70}{header}{'ratio':>9}")
    worst: tuple[float, str] = (0.0, "")

    def report(label: str, apply: Callable[[str], Any], make: Callable[[int], str]) -> None:
        nonlocal worst
        if args.only not in label:
            return
        times = best_times(apply, [make(size) for size in sizes], args.repeat)
        print(row(label, times), flush=True)
        worst = max(worst, (times[-1] / max(times[0], 1e-9), label))

    if not args.no_patterns:
        for label, apply, attack in pattern_cases():
            report(label, apply, lambda size, attack=attack: build(attack, size))
    if not args.no_files:
        with tempfile.TemporaryDirectory() as folder:
            for shape in FILE_SHAPES:
                check = file_checker(Path(folder), shape)
                for attack in attacks():
                    make = lambda size, attack=attack: build(attack, size)  # noqa: E731
                    report(f"file:{shape} {describe(attack)}", check, make)
            check = file_checker(Path(folder), "acr-text")
            report("file:acr-text distinct procedures", check, distinct_procedures)
    print(f"\nworst ratio {worst[0]:.1f}: {worst[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
