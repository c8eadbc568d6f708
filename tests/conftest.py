"""Shared helpers: write small Q&A corpora in ``tmp_path`` and run the CLI in-process.

``corpus.page("what-is-anemia.md", subject="Medicine", date="2025-02-30")`` writes a valid
Q&A page in the seed style (``>-`` folded title/question/answer, ``related_articleN`` blocks
indented four spaces); keyword arguments override fields (``DROP`` removes one, a dict is
merged into a nested mapping, ``Raw("...")`` is written verbatim after ``key: ``).
``corpus.raw(name, text_or_bytes)`` writes anything else.

``cli("check", ...)`` runs ``contentlint.cli.main`` with the current folder set to
``tmp_path`` and returns a :class:`CliResult`: ``code, output = cli(...)`` gives the exit
code and the parsed JSON (when ``--output-format json`` was asked for) or the stdout text.
``lint(...)`` is ``cli("check", "--output-format", "json", ...)``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from contentlint import cli as cli_module

# Property tests explore at random while developing; in CI (CI=true) they replay a fixed set
# of examples so that a run's verdict does not depend on the seed.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# -- page rendering --------------------------------------------------------------------------


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


DROP: Any = _Drop()  # leave the field out


class Raw(str):
    """A value written verbatim after ``key: `` (quotes, flow style, odd scalars)."""


FOLDED_TOP = {"title", "article_title", "question", "answer"}
FOLDED_SEO = {"page_description", "page_keywords"}
RELATED_KEY = re.compile(r"^related_article\d+$")


def title_for(slug: str) -> str:
    words = slug.replace("-", " ")
    return words[:1].upper() + words[1:] + "?"


def subject_slug(subject: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", subject.casefold()).strip("-")


def page_fields(
    slug: str = "what-is-anemia",
    *,
    id: int = 100,
    subject: str = "Medicine",
    title: str | None = None,
) -> dict[str, Any]:
    """The fields of a valid, self-consistent Q&A page, in the seeds' key order."""
    title = title or title_for(slug)
    return {
        "_schema": "default",
        "id": id,
        "date": "2025-01-30",
        "title": title,
        "article_title": title,
        "date_format": "MMM DD, YYYY",
        "post_on_text": "Posted on",
        "seo": {
            "title": f"QuickTakes | {subject}",
            "page_description": f"A short description of {slug.replace('-', ' ')}.",
            "page_keywords": "keyword one, keyword two",
        },
        "author": "QuickTakes",
        "question": title,
        "answer": "A first paragraph.\\n\\nA second paragraph.",
        "subject": subject,
        "file_name": f"{slug}.md",
        "url": f"/learn/{subject_slug(subject)}/questions/{slug}",
        "score": -1.0,
    }


def related_block(target: dict[str, Any]) -> dict[str, Any]:
    """A ``related_articleN`` block that copies ``target``'s id, title, subject and url."""
    return {key: target[key] for key in ("id", "title", "subject", "url")}


def merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in overrides.items():
        if value is DROP:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


def _scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def _mapping(data: dict[str, Any], indent: int, folded: set[str], folded_indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for key, value in data.items():
        if value is DROP:
            continue
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(_mapping(value, indent + 2, set(), indent + 4))
        elif key in folded and isinstance(value, str) and not isinstance(value, Raw):
            lines.append(f"{pad}{key}: >-")
            lines.append(" " * folded_indent + value)
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return lines


def render_yaml(fields: dict[str, Any]) -> str:
    """The frontmatter YAML (without the ``---`` lines) in the seeds' layout."""
    lines = []
    for key, value in fields.items():
        if value is DROP:
            continue
        if key == "seo" and isinstance(value, dict):
            lines.append("seo:")
            lines.extend(_mapping(value, 2, FOLDED_SEO, 4))
        elif RELATED_KEY.match(key) and isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(_mapping(value, 4, {"title"}, 8))
        else:
            lines.extend(_mapping({key: value}, 0, FOLDED_TOP, 4))
    return "\n".join(lines) + "\n"


def render_page(fields: dict[str, Any], body: str = "&nbsp;\n") -> str:
    return f"---\n{render_yaml(fields)}---\n\n{body}"


def position(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``needle`` in ``text``."""
    offset = -1
    for _ in range(nth):
        offset = text.find(needle, offset + 1)
        assert offset != -1, f"{needle!r} (occurrence {nth}) not in the text"
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# -- corpus ----------------------------------------------------------------------------------


@dataclass
class Page:
    path: Path
    fields: dict[str, Any]
    root: Path

    @property
    def name(self) -> str:
        """The path relative to the corpus folder (and the CLI's cwd), as findings show it."""
        return self.path.relative_to(self.root).as_posix()

    @property
    def text(self) -> str:
        return self.path.read_bytes().decode("utf-8")

    def pos(self, needle: str, nth: int = 1) -> tuple[int, int]:
        return position(self.text, needle, nth)

    def value_pos(self, key_line: str, nth: int = 1) -> tuple[int, int]:
        """Where the value after ``key_line`` (e.g. ``"  title: "``) starts."""
        line, column = self.pos(key_line, nth)
        return line, column + len(key_line)

    def ref(self) -> dict[str, Any]:
        return related_block(self.fields)


@dataclass
class Corpus:
    root: Path
    next_id: int = 100
    pages: dict[str, Page] = field(default_factory=dict)

    def page(
        self,
        name: str = "what-is-anemia.md",
        *,
        id: int | None = None,
        subject: str = "Medicine",
        title: str | None = None,
        body: str = "&nbsp;\n",
        newline: str = "\n",
        **overrides: Any,
    ) -> Page:
        """Write a valid Q&A page named ``name`` (its slug is the file's stem) with overrides."""
        if id is None:
            id = self.next_id
            self.next_id += 1
        slug = Path(name).stem
        fields = merge(page_fields(slug, id=id, subject=subject, title=title), overrides)
        text = render_page(fields, body)
        path = self.raw(name, text.replace("\n", newline) if newline != "\n" else text)
        page = Page(path, fields, self.root)
        self.pages[name] = page
        return page

    def raw(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    def config(self, text: str, name: str = "contentlint.toml") -> Path:
        return self.raw(name, text)

    def git_init(self, folder: Path | None = None) -> Path:
        folder = folder or self.root
        if shutil.which("git") is None:
            pytest.skip("git is not installed")
        subprocess.run(
            ["git", "init", "-q", str(folder)],
            check=True,
            capture_output=True,
            env=_git_env(),
        )
        return folder


@pytest.fixture(autouse=True)
def _cache_secrets(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """The caches' secrets go to the tests' own folder, not the user's cache folder."""
    monkeypatch.setenv("CONTENTLINT_KEY_DIR", str(tmp_path_factory.getbasetemp() / "keys"))


def _git_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def git(folder: Path, *args: str) -> str:
    """Run git in ``folder`` as a writer would (an identity, none of the caller's GIT_*
    variables); its output."""
    identity = ["-c", "user.name=Writer", "-c", "user.email=writer@example.com"]
    done = subprocess.run(
        ["git", *identity, "-C", str(folder), *args],
        check=True,
        env=_git_env(),
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return Corpus(tmp_path)


# -- running the CLI -------------------------------------------------------------------------


@dataclass
class CliResult:
    code: int
    output: Any  # parsed JSON when --output-format json, else the stdout text
    out: str
    err: str

    def __iter__(self) -> Iterator[Any]:
        return iter((self.code, self.output))

    @property
    def findings(self) -> list[dict[str, Any]]:
        assert isinstance(self.output, list), self.out
        return self.output


def _wants_json(args: list[str]) -> bool:
    for i, arg in enumerate(args):
        if arg == "--output-format=json" or (
            arg == "--output-format" and i + 1 < len(args) and args[i + 1] == "json"
        ):
            return True
    return False


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "CONTENTLINT_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith("GIT_"):  # e.g. GIT_INDEX_FILE when run from a git hook
            monkeypatch.delenv(name, raising=False)

    def run(*args: str | Path) -> CliResult:
        argv = [str(arg) for arg in args]
        capsys.readouterr()
        code = cli_module.main(argv)
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        assert "internal error" not in err, err
        output: Any = json.loads(out) if _wants_json(argv) else out
        return CliResult(code, output, out, err)

    return run


@pytest.fixture
def lint(cli):
    """``contentlint check --output-format json ARGS`` -> CliResult (``.findings``)."""

    def run(*args: str | Path) -> CliResult:
        return cli("check", "--output-format", "json", *args)

    return run


def only(findings: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["code"] == code]


def where(finding: dict[str, Any]) -> tuple[int, int]:
    return finding["line"], finding["column"]


def codes(findings: list[dict[str, Any]]) -> list[str]:
    return sorted(f["code"] for f in findings)
