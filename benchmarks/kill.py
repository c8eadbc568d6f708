"""Kill ``contentlint fix`` with SIGKILL at random moments and prove that no file is torn.

    .venv/bin/python benchmarks/kill.py [--pages 2000] [--kills 100] [--seed 1] [--keep DIR]
                                        [--code worktree|live|REVISION]

A corpus of Q&A pages that need fixing is generated (``generate.py`` with seeded defects:
stale ``related_articleN`` titles, subject spelling variants, mojibake; plus a UTF-8 BOM or
``Hereâ€™s`` mojibake injected into most pages, CRLF line ends on some, and file modes
0644, 0600, 0664, 0640, 0444 and 0755). Every file's bytes and mode are recorded, and the
fully fixed corpus is computed by running ``contentlint fix`` on it once per flag set (the
results must agree, and a second ``fix`` must change nothing); those runs also measure how
long a fix takes and when its write phase (the first ``*.contentlint.tmp``) starts.

Then, until ``--kills`` runs have really been killed: the original corpus is restored (with
an empty cache, or with a cache warmed on the original corpus), ``contentlint fix CORPUS``
starts (``--jobs 1``/``--jobs 2``/default, with or without ``--no-cache``) and gets SIGKILL
either at a uniform moment in [0, the measured full-fix time] or, for every other kill, at a
uniform moment of its write phase (counted from the first temporary file seen in that run).
After each kill:

- every file must be byte-identical to its original or to its fixed version (else: torn),
  and keep its original mode; no file may be missing;
- the worker processes must not outlive the killed process (orphans);
- then ``contentlint check`` or ``contentlint fix`` runs (alternating): it must exit 0 or 1
  without an internal error; afterwards no ``*.contentlint.tmp`` (or any file that was not
  there before, except the cache's own files) may be left in the corpus; a ``fix`` must
  leave exactly the fixed corpus, a ``check`` must write nothing.

The summary counts kills, torn files, mode changes, missing files, leftovers after the next
``check`` and after the next ``fix``, and how many files each kill left old and new. The exit
status is 1 on any torn file, mode change, missing file, leftover, or a next ``fix`` that did
not reach the fixed corpus. ``tests/test_kill.py`` runs a short version of the same code.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

TEMP_SUFFIX = ".contentlint.tmp"
CACHE = ".contentlint_cache"
# The cache's own files (SQLite keeps -wal/-shm beside a database a killed run had open).
CACHE_FILES = {".gitignore", "cache.sqlite3", "cache.sqlite3-wal", "cache.sqlite3-shm"}
MODES = [0o644, 0o600, 0o664, 0o640, 0o444, 0o755]
FLAG_SETS: list[tuple[str, ...]] = [
    (),
    ("--jobs", "1"),
    ("--jobs", "2"),
    ("--no-cache",),
    ("--jobs", "1", "--no-cache"),
    ("--jobs", "2", "--no-cache"),
]

Snapshot = dict[str, tuple[bytes, int]]  # relative path -> (bytes, mode)


def contentlint_command() -> list[str]:
    """The ``contentlint`` of this checkout's venv, or of the running interpreter's."""
    for candidate in (
        ROOT / ".venv" / "bin" / "contentlint",
        Path(sys.executable).parent / "contentlint",
    ):
        if candidate.exists():
            return [str(candidate)]
    return [sys.executable, "-m", "contentlint"]


def freeze_code(dest: Path, revision: str | None = None) -> Path:
    """A private copy of the code under test (``src/`` and ``schemas/``): of the work tree,
    or of a git ``revision`` (``git archive``, which changes nothing in the repository), so
    that edits made to the checkout during a long run do not mix versions. Returns the
    folder to put first on PYTHONPATH."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if revision is None:
        for part in ("src", "schemas"):
            shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "src", "schemas"],
            check=True, capture_output=True,
        ).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src"


# -- the corpus ------------------------------------------------------------------------------


def make_corpus(out: Path, pages: int, seed: int = 1) -> None:
    """Generate ``pages`` pages, most of them needing a fix, with assorted file modes."""
    generate(out, pages, seed=seed, defect_rate=0.3)
    rng = random.Random(seed)
    mojibake = ("Here’s".encode(), "Hereâ€™s".encode())
    for number, path in enumerate(sorted(p for p in out.rglob("*") if p.is_file())):
        data = path.read_bytes()
        if path.suffix in (".md", ".txt") and path.parent.name != "guides":
            roll = rng.random()
            if roll < 0.35:
                data = b"\xef\xbb\xbf" + data
            elif roll < 0.7 and mojibake[0] in data:
                data = data.replace(*mojibake, 1)
            elif roll < 0.8 and mojibake[0] in data:  # both, with CRLF line ends
                data = b"\xef\xbb\xbf" + data.replace(*mojibake, 1).replace(b"\n", b"\r\n")
        path.write_bytes(data)
        os.chmod(path, MODES[number % len(MODES)])


def snapshot(root: Path) -> Snapshot:
    out: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                data = handle.read()
            out[os.path.relpath(path, root)] = (data, os.stat(path).st_mode & 0o7777)
    return out


def restore(root: Path, files: Snapshot) -> None:
    """Make ``root`` hold exactly ``files`` (bytes and modes), nothing else."""
    if root.exists():
        shutil.rmtree(root)
    for rel, (data, mode) in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.chmod(path, mode)


def pages_of(files: Snapshot) -> Snapshot:
    return {rel: v for rel, v in files.items() if not rel.startswith(CACHE + os.sep)}


def cache_of(files: Snapshot) -> Snapshot:
    return {rel: v for rel, v in files.items() if rel.startswith(CACHE + os.sep)}


def temporaries(root: Path) -> list[str]:
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [os.path.join(folder, n) for n in files if n.endswith(TEMP_SUFFIX)]
    return sorted(os.path.relpath(p, root) for p in found)


def unexpected(root: Path, original: Snapshot) -> list[str]:
    """Files in ``root`` that were not in the original corpus, except the cache's own."""
    out = []
    for rel in pages_of(snapshot(root)).keys() - original.keys():
        out.append(rel)
    cache = root / CACHE
    if cache.is_dir():
        for entry in os.scandir(cache):
            if entry.name not in CACHE_FILES:
                out.append(os.path.join(CACHE, entry.name))
    return sorted(out)


# -- running contentlint ---------------------------------------------------------------------


@dataclass
class Run:
    code: int | None  # None: killed
    elapsed: float
    first_temp: float | None  # seconds from start to the first temporary file seen
    killed_at: float | None = None
    stderr: str = ""
    orphans: int = 0  # processes of the run's session still alive after the kill


def environment(keys: Path, code: Path | None = None) -> dict[str, str]:
    """The environment of the runs: ``code`` (from :func:`freeze_code`) first on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.pop("CONTENTLINT_DEBUG", None)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), *filter(None, [env.get("PYTHONPATH")])])
    env["CONTENTLINT_KEY_DIR"] = str(keys)  # the cache's secrets: not in the user's home
    env["GIT_CEILING_DIRECTORIES"] = str(Path(tempfile.gettempdir()).resolve())
    return env


def _folders(root: Path) -> list[str]:
    return [folder for folder, _dirs, _files in os.walk(root) if CACHE not in folder]


def _has_temporary(folders: list[str]) -> bool:
    for folder in folders:
        try:
            with os.scandir(folder) as entries:
                if any(e.name.endswith(TEMP_SUFFIX) for e in entries):
                    return True
        except OSError:
            pass
    return False


def _session_members(sid: int) -> list[int]:
    members = []
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state, [3] the session id; a zombie has exited already.
        if int(fields[3]) == sid and fields[0] != b"Z":
            members.append(int(name))
    return members


def run_contentlint(
    root: Path,
    command: str,
    flags: tuple[str, ...],
    env: dict[str, str],
    *,
    kill_after: float | None = None,
    kill_in_writes: float | None = None,
    timeout: float = 900,
) -> Run:
    """Run ``contentlint COMMAND root FLAGS`` in ``root``. With ``kill_after`` it gets
    SIGKILL that many seconds after its start; with ``kill_in_writes``, that many seconds
    after the first temporary file appears (or never, if the run ends first)."""
    argv = [*contentlint_command(), command, str(root), "-q", *flags]
    folders = _folders(root)
    errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, after the run
    start = time.monotonic()
    process = subprocess.Popen(
        argv,
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=errors,
        start_new_session=True,
    )
    first_temp = None
    deadline = None if kill_after is None else start + kill_after
    killed_at = None
    watch = command == "fix"
    while True:
        now = time.monotonic()
        if process.poll() is not None:
            break
        if now - start > timeout:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise TimeoutError(f"{' '.join(argv)} ran for more than {timeout} s: a hang?")
        if first_temp is None and watch and _has_temporary(folders):
            first_temp = time.monotonic() - start
            if kill_in_writes is not None:
                deadline = start + first_temp + kill_in_writes
        if deadline is not None and time.monotonic() >= deadline:
            os.kill(process.pid, signal.SIGKILL)  # the main process only, as the OOM killer
            killed_at = time.monotonic() - start
            break
        time.sleep(0.002 if watch and first_temp is None else 0.01)
    code = process.wait()
    elapsed = time.monotonic() - start
    orphans = 0
    if killed_at is not None:
        if code != -signal.SIGKILL:  # it had exited just before the signal
            killed_at = None
        else:
            code = None
        limit = time.monotonic() + 2  # the workers notice their parent is gone
        while _session_members(process.pid) and time.monotonic() < limit:
            time.sleep(0.02)
        orphans = len(_session_members(process.pid))
        if orphans:
            os.killpg(process.pid, signal.SIGKILL)
            limit = time.monotonic() + 5
            while _session_members(process.pid) and time.monotonic() < limit:
                time.sleep(0.02)
    errors.seek(0)
    stderr = errors.read().decode("utf-8", "replace")
    errors.close()
    return Run(code, elapsed, first_temp, killed_at, stderr, orphans)


def broken_output(run: Run) -> str | None:
    """Why a finished run's exit or stderr shows a failure of contentlint itself, if it does."""
    if run.code not in (0, 1):
        return f"exit {run.code}: {run.stderr.strip()[-500:]}"
    if "internal error" in run.stderr or "Traceback" in run.stderr:
        return run.stderr.strip()[-500:]
    return None


# -- the experiment --------------------------------------------------------------------------


@dataclass
class Plan:
    flags: tuple[str, ...]
    next_command: str  # "check" or "fix"
    next_flags: tuple[str, ...]
    in_writes: bool  # kill during the write phase (else: uniform over the whole run)
    warm: bool  # start from a cache warmed on the original corpus


@dataclass
class Kill:
    plan: Plan
    killed_at: float | None  # None: the run finished before the kill
    first_temp: float | None
    old: int = 0  # changed-by-fix files still in their original state
    new: int = 0  # ... already in their fixed state
    torn: list[str] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    temps_after_kill: int = 0
    orphans: int = 0
    leftovers: list[str] = field(default_factory=list)  # after the next run
    not_converged: list[str] = field(default_factory=list)  # next fix != the fixed corpus
    written_by_check: list[str] = field(default_factory=list)  # next check changed a file
    next_error: str | None = None


@dataclass
class Baseline:
    original: Snapshot
    fixed: Snapshot
    warm_cache: Snapshot
    full: dict[tuple[str, ...], float]  # flags -> seconds of a full fix
    writes: dict[tuple[str, ...], float]  # flags -> seconds from the first temporary to exit
    problems: list[str]


def prepare(
    root: Path, pages: int, seed: int, env: dict[str, str], flag_sets=FLAG_SETS, log=print
) -> Baseline:
    """Generate the corpus, then fix a copy once per flag set: the fixed corpus (every flag
    set must give the same), the time a full fix takes and when its writes begin."""
    make_corpus(root, pages, seed)
    original = snapshot(root)
    problems: list[str] = []
    fixed: Snapshot | None = None
    full, writes = {}, {}
    for flags in flag_sets:
        restore(root, original)
        run = run_contentlint(root, "fix", flags, env)
        if (why := broken_output(run)) is not None:
            problems.append(f"fix {' '.join(flags)}: {why}")
        result = pages_of(snapshot(root))
        if fixed is None:
            fixed = result
        elif result != fixed:
            differ = sorted(
                k for k in result.keys() | fixed.keys() if result.get(k) != fixed.get(k)
            )
            problems.append(f"fix {' '.join(flags)} fixed differently: {differ[:5]}")
        full[flags] = run.elapsed
        writes[flags] = run.elapsed - (
            run.first_temp if run.first_temp is not None else run.elapsed
        )
        log(
            f"  full fix {' '.join(flags) or '(defaults)':<22} {run.elapsed:6.2f} s, writes from"
            f" {run.first_temp if run.first_temp is not None else float('nan'):6.2f} s"
        )
    assert fixed is not None
    # A second fix changes nothing.
    again = run_contentlint(root, "fix", ("--no-cache",), env)
    if pages_of(snapshot(root)) != fixed:
        problems.append("a second fix changed the fixed corpus (not idempotent)")
    if (why := broken_output(again)) is not None:
        problems.append(f"second fix: {why}")
    changed = sum(1 for rel, v in original.items() if fixed.get(rel) != v)
    modes_kept = all(fixed[rel][1] == original[rel][1] for rel in original if rel in fixed)
    if not modes_kept:
        problems.append("a complete fix changed a file's mode")
    if set(fixed) != set(original):
        problems.append(
            f"a complete fix added or removed files: {sorted(set(fixed) ^ set(original))[:5]}"
        )
    log(f"  {len(original)} files, {changed} changed by a complete fix")
    # A cache warmed on the original corpus, for the runs that start from one.
    restore(root, original)
    run_contentlint(root, "check", (), env)
    warm = cache_of(snapshot(root))
    return Baseline(original, fixed, warm, full, writes, problems)


def plans(count: int, rng: random.Random) -> list[Plan]:
    """Every combination of flags, next command and kill moment, shuffled, repeated."""
    combos = [
        (flags, next_command, in_writes)
        for flags in FLAG_SETS
        for next_command in ("check", "fix")
        for in_writes in (False, True)
    ]
    out: list[Plan] = []
    while len(out) < count:
        rng.shuffle(combos)
        for number, (flags, next_command, in_writes) in enumerate(combos):
            warm = "--no-cache" not in flags and number % 2 == 0
            next_flags = ("--no-cache",) if number % 3 == 0 else ()
            out.append(Plan(flags, next_command, next_flags, in_writes, warm))
    return out[:count]


def kill_once(root: Path, base: Baseline, plan: Plan, rng: random.Random, env) -> Kill:
    restore(root, base.original)
    if plan.warm:
        for rel, (data, mode) in base.warm_cache.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
            os.chmod(root / rel, mode)
    if plan.in_writes:
        run = run_contentlint(
            root, "fix", plan.flags, env, kill_in_writes=rng.uniform(0, base.writes[plan.flags])
        )
    else:
        run = run_contentlint(
            root, "fix", plan.flags, env, kill_after=rng.uniform(0, base.full[plan.flags])
        )
    kill = Kill(plan, run.killed_at, run.first_temp, orphans=run.orphans)
    if run.killed_at is None and (why := broken_output(run)) is not None:
        kill.next_error = f"the fix itself: {why}"
    after = snapshot(root)
    for rel, (data, mode) in base.original.items():
        if rel not in after:
            kill.missing.append(rel)
            continue
        now, now_mode = after[rel]
        fixed_data = base.fixed[rel][0]
        if now_mode != mode:
            kill.modes.append(f"{rel}: {mode:o} -> {now_mode:o}")
        if data == fixed_data:
            if now != data:
                kill.torn.append(rel)
        elif now == data:
            kill.old += 1
        elif now == fixed_data:
            kill.new += 1
        else:
            kill.torn.append(rel)
    kill.temps_after_kill = len(temporaries(root))
    # The next run.
    before = pages_of(snapshot(root))
    run = run_contentlint(root, plan.next_command, plan.next_flags, env)
    if (why := broken_output(run)) is not None:
        kill.next_error = f"next {plan.next_command}: {why}"
    kill.leftovers = unexpected(root, base.original)
    now = pages_of(snapshot(root))
    expected = base.fixed if plan.next_command == "fix" else before
    differ = sorted(k for k in now.keys() | expected.keys() if now.get(k) != expected.get(k))
    # A stale temporary file removed by the next run is no change to the corpus.
    differ = [k for k in differ if k not in kill.leftovers and not k.endswith(TEMP_SUFFIX)]
    if plan.next_command == "fix":
        kill.not_converged = differ
    else:
        kill.written_by_check = differ
    return kill


@dataclass
class Summary:
    kills: list[Kill]
    finished_first: int  # runs that ended before their kill (not counted as kills)
    problems: list[str]

    def total(self, name: str) -> int:
        return sum(len(getattr(k, name)) for k in self.kills)

    @property
    def failed(self) -> bool:
        return bool(
            self.problems
            or any(
                k.torn
                or k.modes
                or k.missing
                or k.leftovers
                or k.not_converged
                or k.written_by_check
                or k.next_error
                or k.orphans
                for k in self.kills
            )
        )


def experiment(
    root: Path,
    kills: int,
    pages: int,
    seed: int,
    log=print,
    flag_sets=FLAG_SETS,
    max_attempts: int | None = None,
    code: Path | None = None,
) -> Summary:
    keys = root.parent / (root.name + "-keys")
    env = environment(keys, code)
    python = ROOT / ".venv" / "bin" / "python"
    where = subprocess.run(
        [str(python) if python.exists() else sys.executable, "-c",
         "import contentlint; print(contentlint.__version__, contentlint.__file__)"],
        env=env, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    log(f"corpus: {pages} pages in {root}; contentlint {where}")
    base = prepare(root, pages, seed, env, flag_sets, log)
    rng = random.Random(seed)
    todo = [p for p in plans(kills * 3, rng) if p.flags in flag_sets]
    done: list[Kill] = []
    finished_first = 0
    attempts = 0
    limit = max_attempts if max_attempts is not None else kills * 3
    while len(done) < kills and attempts < limit:
        plan = todo[attempts % len(todo)]
        attempts += 1
        kill = kill_once(root, base, plan, rng, env)
        if kill.killed_at is None:
            finished_first += 1
            bad = kill.torn or kill.modes or kill.missing or kill.leftovers or kill.next_error
            if not bad:
                continue  # not a kill; nothing went wrong either
        done.append(kill)
        where = "writes" if plan.in_writes else "uniform"
        at = f"{kill.killed_at:6.2f}s" if kill.killed_at is not None else "  done "
        log(
            f"  kill {len(done):3d} {' '.join(plan.flags) or '(defaults)':<22} {where:<7} at {at}"
            f" old {kill.old:4d} new {kill.new:4d} temps {kill.temps_after_kill}"
            f" torn {len(kill.torn)} modes {len(kill.modes)} then {plan.next_command:<5}"
            f" leftovers {len(kill.leftovers)}"
            + (f" NOT CONVERGED {len(kill.not_converged)}" if kill.not_converged else "")
            + (f" CHECK WROTE {len(kill.written_by_check)}" if kill.written_by_check else "")
            + (f" ORPHANS {kill.orphans}" if kill.orphans else "")
            + (f" ERROR {kill.next_error}" if kill.next_error else "")
        )
    shutil.rmtree(keys, ignore_errors=True)
    return Summary(done, finished_first, base.problems)


def report(summary: Summary, log=print) -> None:
    kills = [k for k in summary.kills if k.killed_at is not None]
    changed = [k.old + k.new for k in kills]
    states = Counter(
        "before any write" if k.new == 0 else "after every write" if k.old == 0 else "mid-writes"
        for k in kills
    )
    after = {cmd: [k for k in kills if k.plan.next_command == cmd] for cmd in ("check", "fix")}
    log("")
    log("summary")
    log(
        f"  kills                         {len(kills)} (and {summary.finished_first} runs that"
        " finished before their kill)"
    )
    log(
        f"  killed while writing          {sum(1 for k in kills if k.first_temp is not None)}"
        " (a temporary file had appeared)"
    )
    for name in ("before any write", "mid-writes", "after every write"):
        log(f"  kills {name:<23} {states.get(name, 0)}")
    if kills:
        news = [k.new for k in kills]
        log(f"  files changed by a full fix   {changed[0]}")
        log(
            f"  new-state files per kill      min {min(news)}, median {statistics.median(news):g},"
            f" max {max(news)}"
        )
        log("  old/new per kill              " + " ".join(f"{k.old}/{k.new}" for k in kills))
    log(f"  torn files                    {summary.total('torn')}")
    log(f"  mode changes                  {summary.total('modes')}")
    log(f"  missing files                 {summary.total('missing')}")
    log(
        f"  temporaries right after kill  {sum(k.temps_after_kill for k in kills)}"
        f" (in {sum(1 for k in kills if k.temps_after_kill)} kills)"
    )
    log(f"  orphaned worker processes     {sum(k.orphans for k in summary.kills)}")
    for cmd, group in after.items():
        log(
            f"  leftovers after next {cmd:<6}   {sum(len(k.leftovers) for k in group)}"
            f" (in {sum(1 for k in group if k.leftovers)} of {len(group)} kills)"
        )
    log(f"  next fix not converged        {summary.total('not_converged')}")
    log(f"  files written by next check   {summary.total('written_by_check')}")
    errors = [k.next_error for k in summary.kills if k.next_error]
    log(f"  contentlint errors            {len(errors)}")
    for line in errors[:5]:
        log(f"    {line}")
    examples = sorted({x for k in summary.kills for x in k.leftovers})[:5]
    if examples:
        log("  e.g. left over: " + ", ".join(examples))
    for problem in summary.problems:
        log(f"  PROBLEM: {problem}")
    log("  verdict: " + ("FAILED" if summary.failed else "ok"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--code",
        default="worktree",
        help="the code to test: 'worktree' (a copy of src/ and schemas/ taken at the start),"
        " 'live' (the installed package as it is at each run), or a git revision (HEAD...)",
    )
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep.resolve()
    else:
        work = Path(tempfile.mkdtemp(prefix="contentlint-kill-"))
    try:
        code = None
        if args.code != "live":
            code = freeze_code(work / "code", None if args.code == "worktree" else args.code)
        summary = experiment(work / "corpus", args.kills, args.pages, args.seed, code=code)
        report(summary)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
