"""Benchmark contentlint against the floor, a naive script and remark-lint-frontmatter-schema.

    .venv/bin/python benchmarks/run.py --sizes 10000,30000,100000 --repeat 3
    .venv/bin/python benchmarks/run.py --quick              # 2,000 pages, one run each
    .venv/bin/python benchmarks/run.py --self-check         # only prove that the peer validates

Every tool runs as its own process on the same generated corpus (cached in
``benchmarks/.corpus/``), in rounds: each round runs every tool once, so the floor's runs and
each tool's alternate and a slow spell of the machine falls on all of them alike. Before each
timed run the tool is run once, untimed, on a tiny corpus (so its code is in the page cache)
and the whole corpus is read (so its pages are). Times are medians; "CPU s" is the user and
system time of the whole process tree, which waiting for the disk does not inflate; peak
memory is that of the whole process tree (see ``measure.py``). The table is
printed and written to ``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import corpora
import peer
from corpora import Corpus
from measure import Measurement, machine_busy, measure

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SCHEMA = REPO / "schemas" / "qa.schema.json"
PYTHON = sys.executable
CONTENTLINT = str(Path(sys.executable).parent / "contentlint")
CACHE_FOLDER = ".contentlint_cache"  # contentlint's results cache, at the corpus root
WARMUP_PAGES = 100
PEER_ONE_PROCESS_MAX = 20000  # remark-cli opens every file at once: past this, EMFILE
INTERFERENCE = 0.05  # flag a run when other processes took more of the CPU than this

Hook = Callable[[Corpus, int], Path]


@dataclass
class Options:
    sizes: list[int]
    repeat: int
    seed: int
    defects: float
    tools: set[str]
    jobs: int | None
    peer_max_size: int
    peer_batch_size: int
    peer_jobs: int
    cache: Path
    output: Path
    update_readme: bool
    quiet_threshold: float
    quiet_timeout: float


@dataclass
class Case:
    key: str  # the name --tools selects it by
    label: str  # its row in the table
    command: Callable[[Corpus], list[str]]  # run in the corpus (or the folder `before` gives)
    ok_codes: frozenset[int]
    summarize: Callable[[Measurement], str]
    setup: Callable[[Corpus], None] | None = None  # once per corpus, untimed
    before: Hook | None = None  # before each run, untimed: returns the folder to run in
    after: Callable[[Corpus, Path], str] | None = None  # after each run: a note, or ""
    skip: Callable[[Corpus], str] = lambda corpus: ""  # why not at this size, or ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Row:
    case: Case
    pages: int
    runs: list[Measurement] = field(default_factory=list)
    note: str = ""
    failed: str = ""
    skipped: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(m.seconds for m in self.runs) if self.ok else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(m.cpu_seconds for m in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        return max(m.peak_mb for m in self.runs) if self.runs else None

    @property
    def ok(self) -> bool:
        return bool(self.runs) and not self.failed and not self.skipped


# --- the tools -----------------------------------------------------------------------------


def _lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


def _tail(text: str, limit: int = 160) -> str:
    last = [line.strip() for line in text.splitlines() if line.strip()][-2:]
    return " / ".join(last)[-limit:]


def findings(m: Measurement) -> str:
    return f"{_lines(m.stdout)} findings"  # `-q` prints one line per finding, nothing else


def contentlint_help() -> str:
    result = subprocess.run(
        [CONTENTLINT, "check", "--help"], capture_output=True, text=True, check=False
    )
    return result.stdout


def contentlint_has_fix() -> bool:
    result = subprocess.run([CONTENTLINT, "--help"], capture_output=True, text=True, check=False)
    return " fix " in result.stdout


def python_cases() -> list[Case]:
    return [
        Case(
            "floor",
            "floor: read + libyaml CSafeLoader",
            lambda c: [PYTHON, str(HERE / "floor.py"), "."],
            frozenset({0}),
            lambda m: m.stdout.strip(),
        ),
        Case(
            "naive",
            "naive: python-frontmatter + jsonschema",
            lambda c: [PYTHON, str(HERE / "naive.py"), ".", str(SCHEMA)],
            frozenset({0, 1}),
            lambda m: f"{_lines(m.stdout)} problems reported",
        ),
    ]


def _peer_list(options: Options, corpus: Corpus) -> Path:
    return options.cache / "peer-lists" / f"{corpus.name}.txt"


def _peer_setup(options: Options) -> Callable[[Corpus], None]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))

    def setup(corpus: Corpus) -> None:
        peer.configure(corpus.path, schema)
        listing = _peer_list(options, corpus)
        listing.parent.mkdir(parents=True, exist_ok=True)
        listing.write_text("\n".join(corpus.qa_files) + "\n", encoding="utf-8")

    return setup


def _peer_summary(m: Measurement) -> str:
    errors, warnings = peer.count_messages(m.stdout + m.stderr)
    return f"{errors} errors reported" + (f", {warnings} warnings" if warnings else "")


def _batches(options: Options, corpus: Corpus) -> int:
    return -(-len(corpus.qa_files) // options.peer_batch_size)


def peer_cases(options: Options) -> list[Case]:
    setup = _peer_setup(options)

    def too_big(limit: int, why: str) -> Callable[[Corpus], str]:
        return lambda c: f"skipped: {why}" if c.pages > limit else ""

    def batches_skip(corpus: Corpus) -> str:
        return too_big(options.peer_max_size, f"--peer-max-size {options.peer_max_size}")(corpus)

    one = Case(
        "peer-one",
        "remark-lint-frontmatter-schema, 1 process",
        lambda c: peer.command(["qa"]),
        frozenset({0, 1}),
        _peer_summary,
        setup=setup,
        skip=lambda c: (
            batches_skip(c)
            or too_big(PEER_ONE_PROCESS_MAX, "one process opens every file at once (EMFILE)")(c)
        ),
    )
    batches = Case(
        "peer-batches",
        f"remark-lint-frontmatter-schema, batches, {options.peer_jobs} parallel",
        lambda c: peer.batches_command(
            _peer_list(options, c), options.peer_batch_size, options.peer_jobs
        ),
        frozenset({0, 123}),  # xargs: 123 when a batch exits 1 (errors found)
        _peer_summary,
        setup=setup,
        skip=batches_skip,
    )
    return [one, batches]


def _edit_hooks() -> tuple[Hook, Callable[[Corpus, Path], str]]:
    """Edit one page before a run (a different edit each time); put it back afterwards."""
    originals: dict[Path, bytes] = {}

    def before(corpus: Corpus, index: int) -> Path:
        page = corpus.path / corpus.edit_target()
        originals.setdefault(page, page.read_bytes())
        page.write_bytes(originals[page] + f"\n\nEdited for run {index + 1}.\n".encode())
        return corpus.path

    def after(corpus: Corpus, cwd: Path) -> str:
        page = corpus.path / corpus.edit_target()
        page.write_bytes(originals.pop(page))
        return ""

    return before, after


def _fix_hooks(options: Options) -> tuple[Hook, Callable[[Corpus, Path], str]]:
    def before(corpus: Corpus, index: int) -> Path:
        return corpora.fresh_copy(corpus.path, options.cache / f"fix-copy-{corpus.name}")

    def after(corpus: Corpus, cwd: Path) -> str:
        changed = corpora.changed_files(cwd)
        shutil.rmtree(cwd, ignore_errors=True)
        return f"{changed} files rewritten"

    return before, after


RICH = HERE / "rich"  # a site's extension of the default type, with more keywords
RICH_FILES = ("contentlint.toml", "qa-rich.schema.json")


def _rich_hooks() -> tuple[Hook, Callable[[Corpus, Path], str]]:
    """Put the rich schema's config beside the corpus for one run; put back after it what
    was there (the corpus's own ``contentlint.toml``)."""
    saved: dict[str, bytes | None] = {}

    def before(corpus: Corpus, index: int) -> Path:
        for name in RICH_FILES:
            target = corpus.path / name
            saved[name] = target.read_bytes() if target.exists() else None
            shutil.copyfile(RICH / name, target)
        return corpus.path

    def after(corpus: Corpus, cwd: Path) -> str:
        for name in RICH_FILES:
            target, original = corpus.path / name, saved.pop(name, None)
            if original is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(original)
        return ""

    return before, after


def _clear_cache(corpus: Corpus, index: int = 0) -> Path:
    shutil.rmtree(corpus.path / CACHE_FOLDER, ignore_errors=True)
    return corpus.path


def contentlint_cases(options: Options) -> list[Case]:
    help_text = contentlint_help()
    has_cache = "--no-cache" in help_text
    jobs = ["--jobs", str(options.jobs)] if options.jobs and "--jobs" in help_text else []
    check = [CONTENTLINT, "check", *jobs]

    def fill(corpus: Corpus) -> None:
        subprocess.run([*check, ".", "-q"], cwd=corpus.path, capture_output=True, check=False)

    def refill(corpus: Corpus) -> None:
        _clear_cache(corpus)
        fill(corpus)

    edit_before, edit_after = _edit_hooks()
    fix_before, fix_after = _fix_hooks(options)
    jobs_note = f"--jobs {options.jobs}" if jobs else "default --jobs"
    if options.jobs and not jobs:
        jobs_note = "this CLI has no --jobs: one process"
    cold_command = [*check, ".", "-q", *(["--no-cache"] if has_cache else [])]
    cold = Case(
        "contentlint-cold",
        "contentlint check, cold" + (" (--no-cache)" if has_cache else ""),
        lambda c: cold_command,
        frozenset({0, 1}),
        findings,
        before=None if has_cache else _clear_cache,
        notes=[jobs_note] + ([] if has_cache else ["no --no-cache: cache folder removed first"]),
    )
    rich_before, rich_after = _rich_hooks()
    rich = Case(
        "contentlint-rich",
        "contentlint check, cold, rich site schema" + (" (--no-cache)" if has_cache else ""),
        lambda c: cold_command,  # the same run, with the rich schema's config beside it
        frozenset({0, 1}),
        findings,
        before=rich_before,
        after=rich_after,
        notes=[jobs_note, "default extended by benchmarks/rich/qa-rich.schema.json"],
    )
    first = Case(
        "contentlint-first",
        "contentlint check, first run (empty cache)",
        lambda c: [*check, ".", "-q"],
        frozenset({0, 1}),
        findings,
        before=_clear_cache,
        skip=lambda c: "" if has_cache else "skipped: this CLI has no results cache",
    )
    warm = Case(
        "contentlint-warm",
        "contentlint check, warm, nothing changed",
        lambda c: [*check, ".", "-q"],
        frozenset({0, 1}),
        findings,
        setup=refill,
        notes=[] if has_cache else ["this CLI has no results cache: warm = cold"],
    )
    one = Case(
        "contentlint-one",
        "contentlint check PAGE, warm, 1 page changed",
        lambda c: [*check, c.edit_target(), "-q"],
        frozenset({0, 1}),
        findings,
        setup=fill,
        before=edit_before,
        after=edit_after,
    )
    version = Case(
        "contentlint-version",
        "contentlint --version",
        lambda c: [CONTENTLINT, "--version"],
        frozenset({0}),
        lambda m: m.stdout.strip(),
    )
    fix = Case(
        "contentlint-fix",
        "contentlint fix, fresh copy",
        lambda c: [CONTENTLINT, "fix", *jobs, ".", "-q"],
        frozenset({0, 1}),
        lambda m: f"{_lines(m.stdout)} findings left",
        before=fix_before,
        after=fix_after,
        skip=lambda c: "" if contentlint_has_fix() else "skipped: this CLI has no fix command",
    )
    return [cold, rich, first, warm, one, version, fix]


GROUPS = {
    "peer": {"peer-one", "peer-batches"},
    "contentlint": {
        "contentlint-cold", "contentlint-rich", "contentlint-first", "contentlint-warm",
        "contentlint-one",
        "contentlint-version", "contentlint-fix",
    },
}  # fmt: skip


def all_cases(options: Options) -> list[Case]:
    cases = python_cases() + peer_cases(options) + contentlint_cases(options)
    return [case for case in cases if case.key in options.tools]


# --- running -------------------------------------------------------------------------------


def _quiet_run(case: Case, corpus: Corpus, index: int, workdir: Path) -> None:
    """One untimed run on the tiny corpus: brings the tool's own code into the page cache."""
    cwd = case.before(corpus, index) if case.before else corpus.path
    try:
        measure(case.command(corpus), cwd, capture=workdir)
    finally:
        if case.after:
            case.after(corpus, cwd)


def _timed_run(case: Case, corpus: Corpus, index: int, workdir: Path) -> tuple[Measurement, str]:
    cwd = case.before(corpus, index) if case.before else corpus.path
    note = ""
    try:
        corpora.read_all(cwd)
        result = measure(case.command(corpus), cwd, capture=workdir)
    finally:
        if case.after:
            note = case.after(corpus, cwd)
    return result, note


def wait_for_quiet(options: Options) -> None:
    """Wait (up to --quiet-timeout seconds) until other processes leave the CPU nearly idle:
    on a shared 2-core machine a test suite running alongside doubles every time."""
    waited = 0.0
    while waited < options.quiet_timeout and machine_busy(1.0) > options.quiet_threshold:
        waited += 1.0


def interference(row: Row) -> str:
    worst = max((m.others_cpu for m in row.runs), default=0.0)
    return f"other processes used up to {worst:.0%} of the CPU" if worst > INTERFERENCE else ""


def _src(version: str) -> str:
    """The digest of the sources in a :func:`code_version` string."""
    return version.rpartition("(src ")[2]


def code_version() -> str:
    """The contentlint checkout, and a digest of its sources: it is installed editable, so an
    edit to src/ takes effect at once, committed or not."""
    digest = hashlib.sha256()
    for path in sorted((REPO / "src").rglob("*.py")):
        digest.update(path.read_bytes())
    commit = _version(["git", "-C", str(REPO), "describe", "--always", "--dirty"])
    return f"{commit} (src {digest.hexdigest()[:8]})"


def run_size(cases: list[Case], corpus: Corpus, warmup: Corpus, options: Options) -> list[Row]:
    """Every case on one corpus, ``--repeat`` rounds of one run per case: the runs of the floor
    and of each tool alternate, so a slow spell of the machine (other work, or the page cache
    emptied under us) falls on all of them alike rather than on one tool's series."""
    rows = [Row(case, corpus.pages, skipped=case.skip(corpus)) for case in cases]
    version_before = code_version()
    workdir = options.cache / "output"
    notes: dict[str, list[str]] = {case.key: [] for case in cases}
    for row in rows:
        if not row.skipped and row.case.setup:
            row.case.setup(warmup)
            row.case.setup(corpus)
    for index in range(options.repeat):
        for row in rows:
            if row.skipped or row.failed:
                continue
            case = row.case
            wait_for_quiet(options)
            _quiet_run(case, warmup, index, workdir)
            result, note = _timed_run(case, corpus, index, workdir)
            row.runs.append(result)
            notes[case.key].append(note)
            if result.returncode not in case.ok_codes:
                row.failed = f"failed: exit {result.returncode}: {_tail(result.stderr)}"
            print(f"    round {index + 1}: {case.label:52} {result.seconds:8.2f} s", flush=True)
    version_after = code_version()
    for row in rows:
        if row.skipped or row.failed or not row.runs:
            continue
        case = row.case
        parts = [case.summarize(row.runs[-1]), notes[case.key][-1], *case.notes]
        if case.key == "peer-batches":
            batches = _batches(options, corpus)
            parts.append(f"{batches} batch(es) of ≤{options.peer_batch_size} files")
        changed = _src(version_after) != _src(version_before)  # not a README edit
        if changed and case.key.startswith("contentlint"):
            parts.append(
                f"⚠ contentlint changed during these runs: {version_before} → {version_after}"
            )
        row.note = "; ".join(filter(None, [*parts, interference(row)]))
    return rows


def report_progress(row: Row) -> None:
    if row.skipped or row.failed:
        print(f"  {row.case.label:52} {row.skipped or row.failed}", flush=True)
        return
    times = "/".join(f"{m.seconds:.2f}" for m in row.runs)
    print(
        f"  {row.case.label:52} {row.median:8.2f} s  CPU {row.cpu:7.1f} s  {row.peak_mb:7.0f} MB"
        f"  ({times})  {row.note}",
        flush=True,
    )


# --- the report ----------------------------------------------------------------------------


def _ratio(row: Row, floor: Row | None) -> str:
    if not row.ok or floor is None or not floor.ok or not floor.median:
        return "–"
    return f"{row.median / floor.median:.2f}×"


def _relations(row: Row, rows: list[Row]) -> str:
    """Where the targets compare against another row: warm vs cold, one page vs --version."""
    same = {r.case.key: r for r in rows if r.pages == row.pages and r.ok}
    base = {
        "contentlint-first": "contentlint-cold",
        "contentlint-rich": "contentlint-cold",
        "contentlint-warm": "contentlint-cold",
        "contentlint-one": "contentlint-version",
    }
    other = same.get(base.get(row.case.key, ""))
    if not row.ok or other is None or not other.median:
        return ""
    if row.case.key == "contentlint-warm":
        return f"{100 * row.median / other.median:.1f}% of cold"
    if row.case.key in ("contentlint-first", "contentlint-rich"):
        return f"{row.median / other.median:.2f}× cold"
    return f"{row.median / other.median:.1f}× --version"


def _by_round(row: Row, floor: Row | None) -> str:
    """Each round's time over the floor's in the same round (runs are side by side)."""
    if row.case.key == "floor" or floor is None or not floor.ok or not row.ok:
        return ""
    pairs = list(zip(row.runs, floor.runs, strict=False))
    if len(pairs) < 2:
        return ""
    return "× floor by round " + ", ".join(f"{r.seconds / f.seconds:.2f}" for r, f in pairs)


def table(rows: list[Row]) -> str:
    floors = {r.pages: r for r in rows if r.case.key == "floor"}
    lines = [
        "| tool | pages | median s | × floor | CPU s | peak MB | notes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        if row.ok:
            median, cpu, peak = f"{row.median:.2f}", f"{row.cpu:.1f}", f"{row.peak_mb:.0f}"
            runs = "runs " + ", ".join(f"{m.seconds:.2f}" for m in row.runs)
            by_round = _by_round(row, floors.get(row.pages))
            note = "; ".join(filter(None, [_relations(row, rows), row.note, runs, by_round]))
        else:
            median, cpu, peak, note = "–", "–", "–", row.skipped or row.failed
        cells = [row.case.label, f"{row.pages:,}", median, _ratio(row, floors.get(row.pages))]
        lines.append("| " + " | ".join([*cells, cpu, peak, note.replace("|", "\\|")]) + " |")
    return "\n".join(lines)


def _version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError:
        return "absent"
    return (result.stdout or result.stderr).strip().splitlines()[0]


def _memory_gb() -> str:
    with open("/proc/meminfo", encoding="ascii") as handle:
        kb = int(handle.readline().split()[1])
    return f"{kb / 1024 / 1024:.1f} GB"


def _cpu_model() -> str:
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def machine() -> list[str]:
    python_packages = ["contentlint", "PyYAML", "python-frontmatter", "jsonschema", "ftfy"]
    versions = [f"{name} {metadata.version(name)}" for name in python_packages]
    versions += [f"{name} {version}" for name, version in peer.versions().items()]
    commit = code_version()
    return [
        f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {os.cpu_count()} cores ({_cpu_model()}), {_memory_gb()} memory,"
        f" Linux {platform.release()}",
        f"- python {platform.python_version()}, node {_version(['node', '--version'])}",
        f"- packages: {', '.join(versions)}",
        f"- contentlint at commit {commit} (when the run ended); open files limit {_nofile()}",
    ]


def _nofile() -> str:
    import resource

    return str(resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def write_results(options: Options, rows: list[Row], evidence: list[str]) -> str:
    command = " ".join(["benchmarks/run.py", *sys.argv[1:]])
    parts = [
        "# Benchmark results",
        "",
        f"`{command}`: medians of {options.repeat} run(s); peak memory of the whole process"
        " tree (summed PSS).",
        "",
        *machine(),
        "",
        table(rows),
        "",
    ]
    if evidence:
        parts += ['Peer self-check (a page with `id: "abc"`):', "", "```", *evidence, "```", ""]
    text = "\n".join(parts)
    options.output.write_text(text, encoding="utf-8")
    return text


def update_readme(text: str) -> None:
    readme = HERE / "README.md"
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    content = readme.read_text(encoding="utf-8")
    if start not in content or end not in content:
        print("benchmarks/README.md has no results markers: not updated", file=sys.stderr)
        return
    body = text.split("\n", 2)[2]  # without the "# Benchmark results" title
    head, rest = content.split(start, 1)
    readme.write_text(f"{head}{start}\n{body}\n{end}{rest.split(end, 1)[1]}", encoding="utf-8")


# --- the command line ----------------------------------------------------------------------


def peer_ready(options: Options, sample: Corpus) -> tuple[bool, list[str]]:
    """Install the peer if needed and prove that it validates; (usable, evidence)."""
    try:
        if not peer.installed():
            peer.npm_install()
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        page = sample.path / sample.edit_target()
        return True, peer.self_check(schema, page)
    except (peer.PeerSetupError, subprocess.CalledProcessError, OSError) as exc:
        return False, [f"peer unusable: {exc}"]


def parse_args(argv: list[str] | None = None) -> tuple[Options, bool]:
    tools = ["floor", "naive", *sorted(GROUPS["peer"]), *sorted(GROUPS["contentlint"])]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000", help="pages, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per cell (median)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2000 pages, 1 run")
    parser.add_argument("--tools", default="all", help=f"all, peer, contentlint, or {tools}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defects", type=float, default=0.02, help="share of seeded defects")
    parser.add_argument("--jobs", type=int, help="contentlint --jobs (default: its own)")
    parser.add_argument("--peer-max-size", type=int, default=30000)
    parser.add_argument("--peer-batch-size", type=int, default=5000)
    parser.add_argument("--peer-jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--cache-dir", type=Path, default=corpora.DEFAULT_CACHE)
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    parser.add_argument("--update-readme", action="store_true", help="paste the table there")
    parser.add_argument("--self-check", action="store_true", help="only check the peer")
    parser.add_argument(
        "--quiet-threshold",
        type=float,
        default=0.15,
        help="before each run, wait while the machine's CPU is busier than this share",
    )
    parser.add_argument("--quiet-timeout", type=float, default=30, help="seconds; then run anyway")
    args = parser.parse_args(argv)
    selected: set[str] = set()
    for name in args.tools.split(","):
        name = name.strip()
        if name == "all":
            selected.update(tools)
        elif name in GROUPS or name in tools:
            selected.update(GROUPS.get(name, {name}))
        else:
            parser.error(f"--tools: unknown tool {name!r}; choose from all, peer, {tools}")
    options = Options(
        sizes=[2000] if args.quick else [int(s) for s in args.sizes.split(",")],
        repeat=1 if args.quick else args.repeat,
        seed=args.seed,
        defects=args.defects,
        tools=selected,
        jobs=args.jobs,
        peer_max_size=args.peer_max_size,
        peer_batch_size=args.peer_batch_size,
        peer_jobs=args.peer_jobs,
        cache=args.cache_dir.resolve(),
        output=args.output,
        update_readme=args.update_readme,
        quiet_threshold=args.quiet_threshold,
        quiet_timeout=args.quiet_timeout,
    )
    return options, args.self_check


def main(argv: list[str] | None = None) -> int:
    options, only_self_check = parse_args(argv)
    # Every Python tool runs as installed, with its bytecode cache (pip compiles it at install
    # time): a PYTHONDONTWRITEBYTECODE inherited from a sandbox would make each run compile
    # its modules again, a cost no installation pays.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    warmup = corpora.corpus(WARMUP_PAGES, options.seed, options.defects, options.cache)
    evidence: list[str] = []
    if only_self_check or options.tools & GROUPS["peer"]:
        usable, evidence = peer_ready(options, warmup)
        print("peer self-check:\n  " + "\n  ".join(evidence), flush=True)
        if only_self_check:
            return 0 if usable else 1
        if not usable:
            options.tools -= GROUPS["peer"]
    cases = all_cases(options)
    rows: list[Row] = []
    for size in options.sizes:
        corpus = corpora.corpus(size, options.seed, options.defects, options.cache)
        print(f"{size:,} pages ({len(corpus.defects)} seeded defects): {corpus.path}", flush=True)
        for row in run_size(cases, corpus, warmup, options):
            report_progress(row)
            rows.append(row)
        write_results(options, rows, evidence)  # so an interrupted run leaves its sizes
    text = write_results(options, rows, evidence)
    print("\n" + table(rows) + f"\n\nwritten to {options.output}")
    if options.update_readme:
        update_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
