"""A pull request's worst: pages, names, caches and configs made to attack the run.

Every case asserts the finding or the exit-2 message it must give, and that nothing else
happens: no code runs, nothing hangs (each subprocess has a timeout), nothing outside the
corpus changes, no traceback. See SECURITY.md for the promises these test.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Raw, codes, only

from contentlint import cli as cli_module
from contentlint.atomic import TEMP_SUFFIX, write_atomic
from contentlint.cache import FOLDER
from contentlint.fixer import write_fixes
from contentlint.pipeline.analyse import Analyser

HANG = 60  # seconds: a subprocess still running then is a hang, whatever the machine
MEMORY = 1 << 30  # bytes of address space: a check of a few pages needs a fraction of it


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_cli(*args: str | Path, cwd: Path, env: dict[str, str] | None = None):
    """contentlint in a subprocess (for what could hang or crash the interpreter), with a
    time limit and a memory limit: a page that took memory out of proportion would fail."""
    return subprocess.run(
        [sys.executable, "-m", "contentlint", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=HANG,
        env={**os.environ, **(env or {})},
        preexec_fn=_limit_memory,
    )


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-C",
            str(folder),
            *args,
        ],
        check=True,
        capture_output=True,
    )


# -- the cache is data, never code -----------------------------------------------------------


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pwned"))


def _forge_cache(root: Path, marker: Path) -> None:
    """A cache as the old versions wrote it, every column a pickle that writes ``marker``."""
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    db = sqlite3.connect(folder / "cache.sqlite3")
    blob = pickle.dumps(_Payload(marker))
    for version in (4, 5):
        db.execute(f"PRAGMA user_version = {version}")
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB)")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?), ('gen', ?)", (blob, blob))
    db.commit()
    db.close()


def test_a_pickled_cache_runs_no_code(corpus, lint):
    corpus.page(title="A title?", article_title="Another title?")
    marker = corpus.root.parent / f"{corpus.root.name}-pwned"
    _forge_cache(corpus.root, marker)
    result = lint()
    assert not marker.exists()
    assert result.code == 1 and codes(result.findings) == ["ID004"]
    assert result.findings == lint("--no-cache").findings


def test_a_cache_from_another_machine_is_not_trusted(corpus, lint, monkeypatch, tmp_path_factory):
    """A cache whose rows say "no findings" for a broken page (as a pull request could
    commit): written with another machine's secret, it is rebuilt, and the page fails."""
    page = corpus.page(title="A title?", article_title="Another title?")
    clean = page.path.read_bytes()
    page.path.write_bytes(clean.replace(b"Another title?", b"A title?"))
    assert lint().code == 0  # the cache now holds "no findings" for that content
    page.path.write_bytes(clean)  # broken again; forge the cache's rows to match it
    db = sqlite3.connect(corpus.root / FOLDER / "cache.sqlite3")
    digest = __import__("contentlint.cache", fromlist=["digest"]).digest(clean)
    stat = page.path.stat()
    db.execute(
        "UPDATE files SET digest = ?, size = ?, mtime_ns = ?, local = '', corpus = ''",
        (digest, stat.st_size, stat.st_mtime_ns),
    )
    db.commit()
    db.close()
    # the forger's machine has its own secret: here, another key folder
    monkeypatch.setenv("CONTENTLINT_KEY_DIR", str(tmp_path_factory.mktemp("other-machine")))
    result = lint("--verbose")
    assert codes(result.findings) == ["ID004"]
    assert "not written here" in result.err or "rebuilt" in result.err


def test_a_cache_tracked_by_git_is_never_read(corpus, lint):
    corpus.git_init()
    page = corpus.page(title="A title?", article_title="Another title?")
    clean = page.path.read_bytes()
    page.path.write_bytes(clean.replace(b"Another title?", b"A title?"))
    assert lint().code == 0
    _git(corpus.root, "add", "-f", "-A")  # the cache, secret or not, committed
    _git(corpus.root, "commit", "-q", "-m", "cache")
    page.path.write_bytes(clean)
    stat = page.path.stat()
    db = sqlite3.connect(corpus.root / FOLDER / "cache.sqlite3")
    db.execute(
        "UPDATE files SET digest = ?, size = ?, mtime_ns = ?, local = '', corpus = ''",
        (
            __import__("contentlint.cache", fromlist=["digest"]).digest(clean),
            stat.st_size,
            stat.st_mtime_ns,
        ),
    )
    db.commit()
    db.close()
    before = (corpus.root / FOLDER / "cache.sqlite3").read_bytes()
    result = lint("--verbose")
    assert codes(result.findings) == ["ID004"]
    assert "tracked by git" in result.err
    assert (corpus.root / FOLDER / "cache.sqlite3").read_bytes() == before  # not written


def test_a_garbage_cache_is_rebuilt(corpus, lint):
    corpus.page(subject="Health studies")
    (corpus.root / FOLDER).mkdir()
    (corpus.root / FOLDER / "cache.sqlite3").write_bytes(os.urandom(4096))
    assert lint().findings == lint("--no-cache").findings


def test_big_ids_with_the_cache(corpus, lint):
    corpus.page(id=99999999999999999999)
    corpus.page("what-causes-anemia.md", id=99999999999999999999)
    cold = lint()
    assert "ID005" in codes(cold.findings)
    assert lint().findings == cold.findings == lint("--no-cache").findings


# -- one page never takes the run down -------------------------------------------------------

FRONTMATTER_CASES = {
    "self-alias": "a: &x [*x]\n",
    "flow-nesting": "a: " + "[" * 800 + "]" * 800 + "\n",
    "block-nesting": "".join(" " * i + "k:\n" for i in range(600)) + " " * 600 + "k: v\n",
    "long-int": "id: " + "7" * 5000 + "\n",
    "alias-bomb": "a: &a [x,x,x,x,x,x,x,x,x]\n"
    + "".join(
        f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ),
}


@pytest.mark.parametrize("case", sorted(FRONTMATTER_CASES))
def test_hostile_frontmatter_is_a_finding(case, corpus):
    corpus.page("good.md")
    corpus.raw("bad.md", "---\n_schema: default\n" + FRONTMATTER_CASES[case] + "---\n")
    result = run_cli("check", "--no-cache", "--output-format", "json", ".", cwd=corpus.root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    findings = json.loads(result.stdout)
    bad = [f for f in findings if f["path"] == "bad.md"]
    assert [f["rule"] for f in bad] == ["yaml-syntax"], bad
    assert "frontmatter not checked" in bad[0]["message"]
    assert not [f for f in findings if f["path"] == "good.md"]


def test_merge_keys_are_merged_with_positions(corpus, lint):
    page = corpus.page(seo={"title": "QuickTakes | Medicine"})
    text = page.text.replace(
        "_schema: default\n", "_schema: default\nx-base: &base\n  title: QuickTakes | Medicine\n"
    )
    text = text.replace("seo:\n", "seo:\n  <<: *base\n", 1)
    page.path.write_text(text, encoding="utf-8")
    from contentlint.formats.frontmatter import load

    fm = load(text)
    assert fm.problems == []
    assert fm.data["seo"]["title"] == "QuickTakes | Medicine"
    result = lint()
    assert "FM003" not in codes(result.findings)  # an explicit key over a merged one: fine


def test_a_file_name_that_is_not_utf8(corpus, tmp_path):
    corpus.page("good.md")
    name = os.fsencode(str(corpus.root)) + b"/caf\xe9.md"
    with open(name, "wb") as handle:
        handle.write(corpus.pages["good.md"].path.read_bytes())
    result = run_cli("check", ".", cwd=corpus.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    expected = "caf\\udce9.md:1:1: error: EN003 [io-error] the file name is not valid UTF-8"
    assert expected in result.stdout
    again = run_cli("check", ".", cwd=corpus.root)  # with the cache
    assert again.stdout == result.stdout


def test_a_symlink_loop_on_the_command_line(corpus):
    corpus.page("good.md")
    (corpus.root / "loop.md").symlink_to("loop.md")
    result = run_cli("check", "loop.md", "good.md", cwd=corpus.root)
    assert result.returncode == 1, result.stderr
    assert "loop.md:1:1: error: EN003 [io-error]" in result.stdout


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_and_a_fifo_are_not_read(corpus):
    corpus.page("good.md")
    (corpus.root / "z.md").symlink_to("/dev/zero")
    os.mkfifo(corpus.root / "f.md")
    result = run_cli("check", "--no-cache", ".", cwd=corpus.root)
    assert result.returncode == 1, result.stderr
    assert "z.md:1:1: error: EN003 [io-error] cannot read the file: it is a device" in result.stdout
    assert "f.md:1:1: error: EN003 [io-error] cannot read the file: it is a FIFO" in result.stdout
    named = run_cli("check", "f.md", "z.md", cwd=corpus.root)
    assert named.returncode == 1 and named.stdout.count("EN003") == 2


def test_a_file_over_the_size_limit(corpus, lint):
    corpus.config("max-file-size = 1000\n")
    corpus.page("good.md")
    corpus.raw("big.md", "---\n" + "x: y\n" * 300 + "---\n")
    findings = lint().findings
    assert [(f["path"], f["rule"]) for f in findings] == [("big.md", "file-too-large")]
    assert "the limit is 1,000 bytes" in findings[0]["message"]


def test_a_dead_worker_fails_the_run_without_hanging(corpus, cli, monkeypatch):
    for number in range(80):
        corpus.page(f"page-{number}.md")
    parent = os.getpid()
    outcome = Analyser.outcome

    def dying(self, path, asked):
        if os.getpid() != parent and path.endswith("page-40.md"):
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
        return outcome(self, path, asked)

    monkeypatch.setattr(Analyser, "outcome", dying)
    started = time.monotonic()
    result = cli("check", "--no-cache", "--jobs", "2", ".")
    assert time.monotonic() - started < HANG
    assert result.code == 2
    assert "a worker process died" in result.err
    assert "not checked: the worker process analysing it died" in result.out


def test_an_unclosed_frontmatter_before_many_dash_lines(corpus):
    corpus.raw("bad.md", "---\ntitle: x\n" + "---x\n" * 200_000)
    result = run_cli("check", "--no-cache", "bad.md", cwd=corpus.root)
    assert result.returncode == 1 and "FM001 [frontmatter-missing]" in result.stdout


def test_a_backtracking_glob_does_not_hang(corpus):
    corpus.config('exclude = ["' + "*a" * 30 + '*b.md"]\n')
    corpus.raw("a" * 200 + ".md", "no frontmatter\n")
    result = run_cli("check", ".", cwd=corpus.root)
    assert result.returncode == 0, result.stderr


# -- files that are not UTF-8 are findings ---------------------------------------------------


def _page_bytes() -> bytes:
    from conftest import page_fields, render_page

    return render_page(page_fields()).encode("utf-8")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("utf16-bom.md", b"\xff\xfe" + _page_bytes().decode().encode("utf-16-le"), "UTF-16 LE"),
        ("utf16be.md", _page_bytes().decode().encode("utf-16-be"), "UTF-16 BE"),
        ("utf32.md", _page_bytes().decode().encode("utf-32"), "UTF-32 LE"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
        ("mac.md", _page_bytes().replace(b"\n", b"\r"), "lone CR"),
    ],
)
def test_not_utf8_is_a_finding_and_fix_leaves_it(name, data, message, corpus, cli):
    path = corpus.raw(name, data)
    result = cli("check", "--output-format", "json", name)
    assert result.code == 1
    encoding = only(result.findings, "EN002")
    assert len(encoding) == 1 and message in encoding[0]["message"], result.findings
    cli("fix", name)
    assert path.read_bytes() == data


# -- outputs cannot inject -------------------------------------------------------------------

PAYLOADS = ["x\n::error file=forged.md::forged", "y%0A::error file=forged.md::forged", "z\x1b[2J"]


def _injecting_corpus(corpus) -> None:
    for number, payload in enumerate(PAYLOADS):
        page = corpus.page(f"page{number}.md", subject="Medicine")
        name = f"{payload}{number}.md"
        text = page.text.replace(
            "_schema: default\n", f'_schema: default\n"{json.dumps(payload)[1:-1]}": 1\n'
        )
        text = text.replace("A second paragraph.", "A second paragraph Hereâ€™s.")
        page.path.unlink()
        corpus.raw(name, text)


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("check", "--output-format", "github"),
        ("check", "--output-format", "json"),
        ("check", "--verbose"),
        ("fix", "--check"),
        ("fix", "--diff"),
        ("fix", "--check", "--output-format", "github"),
    ],
)
def test_no_output_line_is_the_payloads(args, corpus, cli):
    _injecting_corpus(corpus)
    result = cli(*args, ".")
    github = "github" in args
    for line in (result.out + result.err).splitlines():
        assert not line.startswith("::error file=forged"), line
        assert not line.startswith("::") or github, line  # only the reporter's own commands
    assert "\x1b" not in result.out + result.err
    if "--output-format" in args and "json" in args:
        messages = [f["path"] for f in result.findings]
        assert any("\n::error" in path for path in messages)  # the data itself, intact


# -- fix loses nothing -----------------------------------------------------------------------


def test_a_repair_that_would_break_the_yaml_is_refused(corpus, cli):
    page = corpus.page(author="Dr\u00e2\u20ac\u00a8 QuickTakes")  # `â€¨`: U+2028 as cp1252
    before = page.path.read_bytes()
    result = cli("fix", ".")
    assert page.path.read_bytes() == before
    assert "not fixed" in result.err


def test_fix_never_overwrites_a_file_changed_meanwhile(corpus, tmp_path):
    page = corpus.page()
    old = page.path.read_text(encoding="utf-8")
    page.path.write_text(old + "edited\n", encoding="utf-8")  # the writer's edit, mid-fix
    from contentlint.atomic import ChangedOnDisk

    with pytest.raises(ChangedOnDisk):
        write_atomic(page.path, b"fixed", expected=old.encode("utf-8"))
    assert page.path.read_text(encoding="utf-8") == old + "edited\n"
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(TEMP_SUFFIX)]


def test_a_file_deleted_during_fix_is_skipped(corpus):
    from contentlint.fixer import FixResult

    page = corpus.page()
    result = FixResult(changed={str(page.path): (page.text, page.text + "x")})
    page.path.unlink()
    failed = write_fixes(result, corpus.root)
    assert "deleted" in failed[str(page.path)]
    assert not page.path.exists()


def test_a_killed_runs_temporary_file_is_removed_by_the_next_run(corpus, cli):
    page = corpus.page(answer="Hereâ€™s one.")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left = page.path.parent / f".{page.path.name}.{dead.pid}.abcd1234{TEMP_SUFFIX}"
    left.write_bytes(b"half a page")
    cli("fix", ".")
    assert not left.exists()
    assert "Here’s" in page.text


# -- config validated as data ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('ignore = [""]\n', "ignore"),
        ('select = ["  "]\n', "select"),
        ('[rules.title-mismatch]\nseo-title-template = "{subject.__class__.__mro__}"\n', "seo"),
        ('[rules.title-mismatch]\nseo-title-template = "{subject:>2000000000}"\n', "seo"),
        ('[rules.title-mismatch]\nseo-title-template = "{0}"\n', "seo"),
        ('[rules.title-mismatch]\nseo-title-template = "{subject!r}"\n', "seo"),
        ("[rules.acr-structure]\nmin-faq = true\n", "min-faq"),
        ("[rules.acr-structure]\nmin-faq = -1\n", "min-faq"),
        ('[rules.acr-structure]\nrequired-sections = ["scenario", "nonsense"]\n', "sections"),
        ('[rules.rating-vocabulary]\nstyle = "bold"\n', "style"),
        ('root = "../.."\n', "root"),
        ("max-file-size = 0\n", "max-file-size"),
        ('include = ["' + "x" * 2000 + '"]\n', "include"),
    ],
)
def test_config_mistakes_exit_2_naming_the_key(toml, key, corpus, cli):
    corpus.git_init()
    corpus.page()
    corpus.config(toml)
    result = cli("check", ".")
    assert result.code == 2, result.out + result.err
    assert key in result.err and "Traceback" not in result.err


def test_the_template_placeholders_still_work(corpus, lint):
    corpus.config('[rules.title-mismatch]\nseo-title-template = "{title} | {subject} {{x}}"\n')
    page = corpus.page(seo={"title": "What is anemia? | Medicine {x}"})
    assert not only(lint().findings, "ID004"), page.name


def test_main_is_importable():
    assert callable(cli_module.main)


def test_a_hard_linked_page_is_not_split(corpus, cli):
    page = corpus.page(answer="Hereâ€™s one.")
    other = corpus.root / "copy.bak"
    os.link(page.path, other)
    before = page.path.read_bytes()
    result = cli("fix", ".")
    assert "hard links" in result.err
    assert page.path.read_bytes() == before == other.read_bytes()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_fix_keeps_the_owner(corpus, cli):
    page = corpus.page(answer="Hereâ€™s one.")
    os.chown(page.path, 1234, 5678)
    cli("fix", ".")
    assert "Here’s" in page.text
    assert (page.path.stat().st_uid, page.path.stat().st_gid) == (1234, 5678)


def test_a_temporary_file_being_written_is_left_alone(corpus, cli):
    import fcntl

    page = corpus.page(answer="Hereâ€™s one.")
    live = page.path.parent / f".{page.path.name}.1.abcd1234{TEMP_SUFFIX}"  # pid 1 lives
    live.write_bytes(b"being written")
    with open(live, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as the writing run holds it
        cli("fix", ".")
        assert live.exists()
    cli("check", ".")  # no lock now: a run that died left it
    assert not live.exists()


def test_workers_die_with_a_killed_run(corpus):
    for number in range(300):
        corpus.page(f"page-{number}.md")
    process = subprocess.Popen(
        [sys.executable, "-m", "contentlint", "check", "--no-cache", "--jobs", "2", "."],
        cwd=corpus.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[int] = []
    deadline = time.monotonic() + HANG
    while len(children) < 2 and process.poll() is None and time.monotonic() < deadline:
        path = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        children = [int(pid) for pid in path.read_text().split()] if path.exists() else []
        time.sleep(0.01)
    process.kill()
    process.wait()
    time.sleep(1)
    assert children
    assert not [pid for pid in children if _running(pid)]


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in (b"Z", b"X")


def test_odd_tags_are_values_not_crashes(corpus, lint):
    corpus.page(
        author=Raw("!!timestamp x"),
        post_on_text=Raw("!!float y"),
        date_format=Raw('!!binary "%%%"'),
    )
    result = lint()
    assert result.code == 1  # the values are not the strings the schema wants
    assert {f["rule"] for f in result.findings} <= {"invalid-field"}


def test_a_link_named_on_the_command_line_does_not_move_the_corpus_root(corpus, tmp_path):
    corpus.page("good.md")
    (corpus.root / "away.md").symlink_to("/etc/hostname")
    result = run_cli("check", "--no-cache", "--verbose", "good.md", "away.md", cwd=corpus.root)
    assert "Traceback" not in result.stderr
    assert "/etc/" not in result.stdout + result.stderr.replace("/etc/hostname", "")
