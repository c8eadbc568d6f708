"""The schemas ship inside the wheel: a plain (non-editable) install works from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PAGE = """---
_schema: default
id: "12"
---
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("contentlint-*.whl")
    return built


def test_wheel_contains_every_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for schema in (ROOT / "schemas").glob("*.json"):
        assert f"contentlint/schemas/{schema.name}" in names


def test_installed_wheel_validates_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "page.md").write_text(PAGE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import contentlint.content_types as s; print(s.schema_dir())"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(target)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "contentlint",
            "check",
            "page.md",
            "--output-format",
            "json",
            "--select",
            "invalid-field",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("invalid-field", 3, 5)]
