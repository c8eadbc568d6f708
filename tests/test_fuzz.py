"""Fuzz smoke test: every rule, through the real pipeline, on mutated and random pages.

Pages start from the real ones (``fixtures/**``: Q&A pages, ACR articles in both shapes,
guides, clean and broken) and are mutated: bits flipped, bytes and random Unicode inserted
or deleted, lines duplicated, deleted or swapped, the file truncated, YAML's special syntax
inserted (anchors ``&a``, aliases ``*a``, merge keys ``<<:``, tags ``!!binary``, ``? `` keys,
flow ``[``/``{``, tabs, U+2028, ``\\r``, NUL...), very long lines, deep nesting, CRLF line
ends, a UTF-16 re-encoding, mojibake; or they are fully random text or bytes. Each example
is a small corpus (one to four files, some under odd names) written to a temporary folder
and run through ``contentlint.cli.main`` (in-process, ``--jobs 1``):

- ``check --no-cache --output-format json``: exit 0 or 1 (never 2), no "internal error" and
  no traceback on stderr, valid JSON, every finding with ``line >= 1`` and ``column >= 1``;
- ``fix --diff``, then ``fix``, then ``fix --check`` and a second ``fix``: the same, and the
  fix is idempotent (the second run changes nothing and ``--check`` would fix nothing); the
  diff is empty exactly when ``fix`` changes nothing; a file that is not UTF-8 is never
  written.

The in-process pieces (``contentlint.formats.parse_document`` and the engine's ``Linter``,
with every rule) get the same inputs, faster and in larger numbers: they must not raise,
positions must be >= 1 and edits must lie inside the text.

The examples are derandomized, so a run is deterministic, and sized to take about 60 s
in all on a 2-core machine. For a longer hunt:

    CONTENTLINT_FUZZ_EXAMPLES=100000 .venv/bin/python -m pytest tests/test_fuzz.py

runs that many examples in each test (instead of the defaults), and
``CONTENTLINT_FUZZ_SEED=N`` explores with seed N instead of the fixed derandomized examples.
Any example is cut off after ``CONTENTLINT_FUZZ_HANG_SECONDS`` (default 60): the test
process then writes the example and every thread's stack to
``$TMPDIR/contentlint-fuzz-hang-PID.txt`` and exits, which is how a hang shows.
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import hypothesis
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from contentlint import cli as cli_module
from contentlint.config import Config
from contentlint.formats import parse_document
from contentlint.pipeline.run import Linter
from contentlint.source import Source, decode

ROOT = Path(__file__).resolve().parents[1]
SEEDS: list[tuple[str, bytes]] = sorted(
    (path.name, path.read_bytes())
    for path in (ROOT / "fixtures").rglob("*")
    if path.is_file() and path.suffix in (".md", ".txt")
)
assert len(SEEDS) > 20, "the fixtures are missing"
CLEAN = [
    (path.name, path.read_bytes())
    for folder in ("qa/clean", "acr/clean", "acr/guides")
    for path in sorted((ROOT / "fixtures" / folder).iterdir())
]

_EXAMPLES = os.environ.get("CONTENTLINT_FUZZ_EXAMPLES")
_SEED = os.environ.get("CONTENTLINT_FUZZ_SEED")
HANG_SECONDS = float(os.environ.get("CONTENTLINT_FUZZ_HANG_SECONDS", "60"))


def fuzz_settings(default_examples: int):
    """Derandomized settings with ``default_examples`` (or $CONTENTLINT_FUZZ_EXAMPLES)."""
    examples = int(_EXAMPLES) if _EXAMPLES else default_examples
    configured = settings(
        max_examples=examples,
        deadline=None,
        derandomize=_SEED is None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )

    def decorate(test):
        test = configured(test)
        if _SEED is not None:
            test = hypothesis.seed(int(_SEED))(test)
        return test

    return decorate


HANG_LOG = Path(tempfile.gettempdir()) / f"contentlint-fuzz-hang-{os.getpid()}.txt"


@contextlib.contextmanager
def hang_guard(example: object = None, folder: Path | None = None) -> Iterator[None]:
    """A watchdog thread: if one example runs for more than HANG_SECONDS (a regex gone
    exponential, a loop that never ends), every thread's stack is written to HANG_LOG, after
    the example (and the folder holding its files, left in place), and the test process
    exits. (pytest's capture would swallow anything written to stderr.)"""
    with open(HANG_LOG, "w", encoding="utf-8", errors="backslashreplace") as log:
        log.write(f"an example ran for more than {HANG_SECONDS:g} s\n")
        log.write(f"its files: {folder}\n" if folder else "")
        log.write(f"the example: {example!r}\n\n")
        log.flush()
        faulthandler.dump_traceback_later(HANG_SECONDS, exit=True, file=log)
        try:
            yield
        finally:
            faulthandler.cancel_dump_traceback_later()
    HANG_LOG.unlink(missing_ok=True)


# -- mutations -------------------------------------------------------------------------------

YAML_SPECIAL = [
    "&a ", "*a", "<<: *a\n", "<<: ", "!!binary ", "!!binary |\n  AAAA\n",
    "!!python/object:os.system ", "!!set ", "!!omap ", "!!timestamp ", "!tag ",
    "!<tag:yaml.org,2002:str> ", "? ", "? a\n: b\n",
    "[", "]", "{", "}", "[a, b", "{a: 1", "{", "- ", ": ", ":", ",", "\t", "\u2028", "\u2029",
    "\r", "\r\n", "\x00", "\x85", "\ufeff", "\x1b[31m", "\u202e", "\x7f", "\x0c", "\x0b",
    "---\n", "...\n", "--- ", "|\n", "|-\n", ">-\n", "|+2\n", "%YAML 1.1\n", "%TAG ! tag:x,1:\n",
    "'", '"', "''", '"\\x', '"\\u00', "#", " #", "@", "`", "\\", "~", "null", "Null", "NO", "yes",
    "0x1F", "0o17", "1e400", "-.inf", ".nan", "1_000", "2025-02-30", "2025-13-01", "12:30:00",
    "=", "<<", "&a [*a]", "&a {k: *a}", "*b", "&", "*", "!!str", "!!int 1.5", "!!float x",
    "related_article1:\n    id: 1\n", "related_article0:\n", "related_article99:\n    id: x\n",
    "_schema: default\n", "_schema: acr_article\n", "_schema: acr_guide\n", "_schema: [\n",
    "id: 100\n", "id: -1\n", "id: 99999999999999999999999999\n", "id: 1.0\n", "id: true\n",
    "subject: \n", "subject: medicine\n", "url: /\n", "url: \n", "file_name: .md\n",
    "title: Hereâ€™s\n", "Hereâ€™s", "â‰¥", "Ã©", "Ã", "â€", "ï»¿", "\ufffd", "Â\xa0",
    "☢", "☢☢☢☢☢☢", "(1-10 mSv)", "Usually appropriate", "Usually Not Appropriate",
    "Rarely appropriate", "May be appropriate (Disagreement)",
    "Frequently Asked Questions\n", "Related ACR Topics and Tools\n",
    "Reviewed by X, MD — February 30, 2025", "Interventional Radiology Imaging\n",
    "\n# ", "\n## ", "\n  • ", "[x](", "](/acr/guides/)",
]  # fmt: skip
# Edits a writer makes (or an export damages): most give a fixable finding.
REPLACEMENTS = [
    ("’", "â€™"), ("é", "Ã©"), ("≥", "â‰¥"), ("—", "â€”"), ("ö", "Ã¶"), ("☢", "â˜¢"),
    ("Health Studies", "Health studies"), ("Medicine", "medicine"), ("Medicine", "MEDICINE"),
    ("Usually appropriate", "Usually Appropriate"), ("May be appropriate", "may be appropriate"),
    ("Usually not appropriate", "Rarely appropriate"), ("appropriate", "Appropriate"),
    ("\n\n", "\n"), ("\n\n", " "), ("title: ", "title: Old "), ("        ", "        Old "),
    ("related_article2", "related_article3"), ("related_article1", "related_article2"),
    ("QuickTakes | ", "QuickTakes - "), ("☢☢", "☢"), ("mSv", "mGy"), ("id: ", "id: 1"),
    ("url: /", "url: /x"), ("?", ""), ("\n", "\r\n"), ("2025", "2026"), (">-", "|"),
    ("    ", "\t"), ("\n    ", "\n  "), (": ", ":  "), ("---", "----"), ("-", "–"),
]  # fmt: skip
TEXT = st.text(max_size=40)
WEIRD_TEXT = st.text(
    st.characters(codec="utf-8", categories=("Cc", "Cf", "Zl", "Zp", "Zs", "Co", "Mn", "So")),
    max_size=20,
)
POS = st.integers(min_value=0, max_value=1 << 30)


def _at(data: bytes, pos: int) -> int:
    return pos % (len(data) + 1)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _line_position(data: bytes, pos: int, where: str) -> int:
    """A position that YAML cares about: a line's start, after its ``: ``, or its end."""
    lines = _lines(data)
    number = pos % len(lines)
    start = sum(len(line) for line in lines[:number])
    line = lines[number]
    if where == "start":
        return start
    if where == "value":
        colon = line.find(b": ")
        return start + (colon + 2 if colon != -1 else 0)
    return start + len(line.rstrip(b"\r\n"))


def _nest(kind: str, depth: int) -> str:
    if kind == "flow-list":
        return "[" * depth + "]" * depth
    if kind == "flow-map":
        return "{a: " * depth + "1" + "}" * depth
    if kind == "block-list":
        return "".join("  " * i + "-\n" for i in range(depth)) + "  " * depth + "- x\n"
    if kind == "block-map":
        return "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v: 1\n"
    if kind == "unclosed":
        return "[" * depth
    if kind == "aliases":  # a billion laughs, small
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, depth)]
        return "\n".join(lines) + "\n"
    return "  " * depth + "x: 1\n"


MUTATION = st.one_of(
    st.tuples(st.just("replace"), POS, st.sampled_from(REPLACEMENTS)),
    st.tuples(st.just("replace"), POS, st.sampled_from(REPLACEMENTS)),
    st.tuples(st.just("flip"), POS, st.integers(0, 7)),
    st.tuples(st.just("insert-bytes"), POS, st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("insert-text"), POS, TEXT),
    st.tuples(st.just("insert-text"), POS, WEIRD_TEXT),
    st.tuples(
        st.just("special"),
        POS,
        st.sampled_from(YAML_SPECIAL),
        st.sampled_from(["any", "start", "value", "end"]),
    ),
    st.tuples(st.just("delete"), POS, st.integers(1, 64)),
    st.tuples(st.just("dup-line"), POS, st.integers(1, 3)),
    st.tuples(st.just("delete-line"), POS),
    st.tuples(st.just("swap-lines"), POS, POS),
    st.tuples(st.just("truncate"), POS),
    st.tuples(
        st.just("long-line"),
        POS,
        st.sampled_from(["a", " ", "é", "☢", "â€™", "[", "\t", "-", ": "]),
        st.integers(1000, 30000),
    ),
    st.tuples(
        st.just("nest"),
        POS,
        st.sampled_from(
            ["flow-list", "flow-map", "block-list", "block-map", "unclosed", "aliases", "indent"]
        ),
        st.integers(2, 1200),
        st.sampled_from(["start", "value"]),
    ),
    st.tuples(st.just("crlf")),
    st.tuples(st.just("lone-cr")),
    st.tuples(st.just("utf-16")),
    st.tuples(st.just("bom")),
    st.tuples(st.just("mojibake"), POS, st.integers(1, 200)),
    st.tuples(st.just("indent"), POS, st.sampled_from([" ", "\t", "  ", "    "])),
)


def mutate(data: bytes, mutation: tuple) -> bytes:
    kind, *args = mutation
    if kind == "replace":  # one occurrence of ``old`` becomes ``new``
        pos, (old, new) = args
        needle = old.encode("utf-8")
        starts = [m.start() for m in re.finditer(re.escape(needle), data)]
        if not starts:
            return data
        at = starts[pos % len(starts)]
        return data[:at] + new.encode("utf-8") + data[at + len(needle) :]
    if kind == "flip":
        if not data:
            return data
        pos = args[0] % len(data)
        return data[:pos] + bytes([data[pos] ^ (1 << args[1])]) + data[pos + 1 :]
    if kind in ("insert-bytes", "insert-text"):
        pos = _at(data, args[0])
        payload = args[1] if kind == "insert-bytes" else args[1].encode("utf-8")
        return data[:pos] + payload + data[pos:]
    if kind == "special":
        pos, token, where = args
        at = _at(data, pos) if where == "any" else _line_position(data, pos, where)
        return data[:at] + token.encode("utf-8") + data[at:]
    if kind == "delete":
        pos = _at(data, args[0])
        return data[:pos] + data[pos + args[1] :]
    if kind in ("dup-line", "delete-line", "swap-lines", "indent"):
        lines = _lines(data)
        i = args[0] % len(lines)
        if kind == "dup-line":
            lines[i:i] = [lines[i]] * args[1]
        elif kind == "delete-line":
            del lines[i]
        elif kind == "swap-lines":
            j = args[1] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = args[1].encode() + lines[i]
        return b"".join(lines)
    if kind == "truncate":
        return data[: _at(data, args[0])]
    if kind == "long-line":
        pos, unit, count = args
        at = _line_position(data, pos, "value")
        return data[:at] + (unit * (count // len(unit))).encode("utf-8") + data[at:]
    if kind == "nest":
        pos, shape, depth, where = args
        if shape in ("block-list", "block-map", "aliases", "indent"):
            depth = min(depth, 120 if shape != "aliases" else 12)  # their text grows fast
        at = _line_position(data, pos, where)
        return data[:at] + _nest(shape, depth).encode("utf-8") + data[at:]
    if kind == "crlf":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if kind == "lone-cr":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    if kind == "utf-16":
        return data.decode("utf-8", "replace").encode("utf-16")
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "mojibake":  # a span decoded as cp1252 and encoded again as UTF-8
        text = data.decode("utf-8", "replace")
        pos = args[0] % (len(text) + 1)
        span = text[pos : pos + args[1]]
        damaged = span.encode("utf-8").decode("cp1252", "replace")
        return (text[:pos] + damaged + text[pos + len(span) :]).encode("utf-8")
    raise AssertionError(kind)


@st.composite
def mutated_page(draw) -> bytes:
    _name, data = draw(st.sampled_from(SEEDS))
    for mutation in draw(st.lists(MUTATION, min_size=1, max_size=4)):
        data = mutate(data, mutation)
    return data


RANDOM_PAGE = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=600).map(lambda t: t.encode("utf-8")),
    # random text inside a frontmatter fence
    st.text(max_size=400).map(lambda t: f"---\n{t}\n---\n".encode()),
    st.lists(
        st.tuples(
            st.text(st.characters(codec="ascii"), max_size=12),
            st.sampled_from(["", " ", ": ", ":\n  ", ": [", ": {", ": >-\n    ", ": |\n  "]),
            st.text(max_size=30),
        ),
        max_size=12,
    ).map(lambda rows: ("---\n" + "\n".join(k + s + v for k, s, v in rows) + "\n---\n").encode()),
)
PAGE = st.one_of(mutated_page(), mutated_page(), mutated_page(), RANDOM_PAGE)

ODD_NAMES = [
    "page.md", "x.markdown", "x.txt", "x.MD", "-dash.md", "sp ace.md", "ünï.md",
    "new\nline.md", "tab\t.md", "cr\r.md", "sub/dir/deep.md", "esc\x1b[31m.md",
    "\u202eevil.md", "a" * 200 + ".md", 'quote".md', ".hidden.md",
]  # fmt: skip
# Mostly the seeds' own names (so that url and file name can agree), sometimes odd ones,
# now and then one that is not UTF-8.
TEXT_NAMES = st.sampled_from([name for name, _ in SEEDS] * 3 + ODD_NAMES)
NAMES = st.one_of(TEXT_NAMES, TEXT_NAMES, TEXT_NAMES, st.just(b"\xff\xfe-not-utf8.md"))


@st.composite
def corpora(draw) -> list[tuple[str | bytes, bytes]]:
    """One to four files: a mutated or random page, and neighbours, mostly clean real pages
    (the cross-file rules need pages to link to, share ids with, spell subjects like)."""
    name, data = draw(st.sampled_from(SEEDS))
    if draw(st.integers(0, 3)):  # mostly a mutated real page, under its own name
        for mutation in draw(st.lists(MUTATION, min_size=1, max_size=4)):
            data = mutate(data, mutation)
        if not draw(st.integers(0, 4)):
            name = draw(NAMES)
    else:
        name, data = draw(NAMES), draw(PAGE)
    files = [(name, data)]
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.integers(0, 2)):
            files.append(draw(st.sampled_from(CLEAN)))
        else:
            files.append((draw(NAMES), draw(PAGE)))
    return files


# -- running contentlint ---------------------------------------------------------------------


def write_corpus(folder: Path, files: list[tuple[str | bytes, bytes]]) -> dict[bytes, bytes]:
    written: dict[bytes, bytes] = {}
    base = os.fsencode(folder)
    for number, (name, data) in enumerate(files):
        raw = name if isinstance(name, bytes) else name.encode("utf-8")
        path = os.path.join(base, raw)
        if path in written:  # the same name twice: the second one in a folder of its own
            path = os.path.join(base, b"dup%d" % number, raw)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(data)
        written[path] = data
    return written


def read_corpus(folder: Path) -> dict[bytes, bytes]:
    out = {}
    for top, dirs, names in os.walk(os.fsencode(folder)):
        dirs.sort()
        for name in names:
            path = os.path.join(top, name)
            with open(path, "rb") as handle:
                out[path] = handle.read()
    return out


def contentlint(folder: Path, *args: str) -> tuple[int, str, str]:
    """``contentlint ARGS --jobs 1`` in-process, in ``folder``; (exit code, stdout, stderr).
    (One process: a handful of files are analysed in the main process anyway, and forking
    this big pytest process for workers five times an example would cost more than the
    analysis.)"""
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_module.main([*args, "--jobs", "1"])
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


def assert_ran(code: int, err: str, what: str) -> None:
    assert code in (0, 1), f"{what}: exit {code}\n{err}"
    assert "internal error" not in err, f"{what}:\n{err}"
    assert "Traceback" not in err, f"{what}:\n{err}"


def assert_findings(output: str, what: str) -> list[dict]:
    findings = json.loads(output)
    assert isinstance(findings, list), what
    for finding in findings:
        assert isinstance(finding["line"], int) and finding["line"] >= 1, (what, finding)
        assert isinstance(finding["column"], int) and finding["column"] >= 1, (what, finding)
        assert finding["severity"] in ("error", "warning"), (what, finding)
        assert isinstance(finding["fixable"], bool), (what, finding)
    return findings


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="contentlint-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@fuzz_settings(default_examples=400)
@given(corpora())
def test_check_and_fix_never_crash_and_fix_is_idempotent(files) -> None:
    with scratch() as folder, hang_guard(files, folder):
        original = write_corpus(folder, files)
        code, out, err = contentlint(folder, "check", ".", "--no-cache", "--output-format", "json")
        assert_ran(code, err, "check")
        for rule in sorted({f["rule"] for f in assert_findings(out, "check")}):
            event(f"found {rule}")  # what the examples reach: --hypothesis-show-statistics

        code, diff, err = contentlint(folder, "fix", ".", "--no-cache", "--diff")
        assert_ran(code, err, "fix --diff")
        assert read_corpus(folder) == original, "fix --diff wrote a file"

        code, out, err = contentlint(folder, "fix", ".", "--no-cache", "--output-format", "json")
        assert_ran(code, err, "fix")
        assert_findings(out, "fix")
        fixed = read_corpus(folder)
        assert set(fixed) == set(original), "fix added or removed files"
        changed = {path for path in original if fixed[path] != original[path]}
        assert bool(changed) == bool(diff), f"--diff printed {diff!r}, fix changed {changed}"
        event(f"fix changed {min(len(changed), 2)}{'+' * (len(changed) > 1)} file(s)")
        for path in changed:
            assert _utf8(original[path]), f"fix wrote {path!r}, which is not UTF-8"

        code, out, err = contentlint(folder, "fix", ".", "--no-cache", "--check")
        assert_ran(code, err, "fix --check")
        assert "would fix" not in err, f"not idempotent: after fix, fix --check says\n{err}"

        code, out, err = contentlint(folder, "fix", ".", "--no-cache", "--output-format", "json")
        assert_ran(code, err, "second fix")
        assert read_corpus(folder) == fixed, "not idempotent: a second fix changed files"


# -- in process ------------------------------------------------------------------------------

_CONFIG = Config(base=Path(tempfile.gettempdir()))
_RULES = _CONFIG.active_rules(None, None)


def _source(data: bytes, name: str) -> Source:
    text, error, encoding = decode(data)
    path = Path(tempfile.gettempdir()) / "contentlint-fuzz-in-process" / name
    return Source(
        path=path, display=name, raw=data, text=text, decode_error=error, encoding=encoding
    )


def _check_positions(finding, text: str) -> None:
    assert finding.line >= 1 and finding.column >= 1, finding
    for edit in finding.edits:
        assert 0 <= edit.start <= edit.end <= len(text), (finding, edit)


@fuzz_settings(default_examples=1200)
@given(st.lists(st.tuples(TEXT_NAMES, PAGE), min_size=1, max_size=3))
def test_parse_and_lint_in_process(files) -> None:
    with hang_guard(files):
        linter = Linter(_CONFIG, _RULES, cwd=Path(tempfile.gettempdir()))
        texts = {}
        for number, (name, data) in enumerate(files):
            name = re.sub(r"[\x00/]", "_", name) or "page.md"
            source = _source(data, f"{number}-{name}")
            doc = parse_document(source, _CONFIG.format_options())
            assert doc.source is source
            if doc.frontmatter is not None:
                for problem in doc.frontmatter.problems:
                    assert problem.line >= 1 and problem.column >= 1, problem
            path = str(source.path)
            state = linter.update(path, source.text)
            texts[path] = source.text
            for finding in state.local:
                _check_positions(finding, source.text)
        for path in texts:
            for finding in linter.findings_for(path):
                _check_positions(finding, texts[path])
        assert all(f.line >= 1 for f in linter.findings())
