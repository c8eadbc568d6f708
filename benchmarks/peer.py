"""The peer: remark-lint-frontmatter-schema under remark-cli, set up to really validate.

remark-lint-frontmatter-schema compiles schemas with Ajv's draft-07 class. Handed our draft
2020-12 schema it reports one warning per file ("JSON schema malformed ... no schema with key
or ref https://json-schema.org/draft/2020-12/schema"), validates nothing, and remark exits 0.
So the benchmark writes a draft-07 copy of ``schemas/qa.schema.json`` (``$defs`` become
``definitions``, their ``$ref``s follow, ``$schema`` says draft-07; any keyword that draft-07
lacks stops the benchmark rather than being silently ignored) and a ``.remarkrc.json`` at the
corpus root that associates it with every Q&A page (the plugin's ``schemas`` option).

:func:`self_check` proves on a page with ``id: "abc"`` that the setup reports the error, and
that the 2020-12 schema would not have.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
REMARK = NODE_MODULES / "remark-cli" / "cli.js"
PACKAGES = ("remark-cli", "remark-frontmatter", "remark-lint-frontmatter-schema")
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_COPY = ".peer/qa.schema.draft-07.json"
SCHEMA_AS_IS = ".peer/qa.schema.json"
QA_GLOBS = ["qa/**/*.md"]
# Keywords that draft 2019-09/2020-12 added: Ajv's draft-07 class would ignore them.
NEWER_KEYWORDS = {
    "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor",
    "$vocabulary", "prefixItems", "dependentRequired", "dependentSchemas",
    "unevaluatedItems", "unevaluatedProperties", "minContains", "maxContains",
}  # fmt: skip
# remark's report line for one message: "7:7-7:17 error Must match format ..." (a message
# about the whole file has no position)
MESSAGE = re.compile(r"^\s*(?:\d+:\d+(?:-\d+:\d+)?\s+)?(error|warning)\s", re.MULTILINE)


class PeerSetupError(RuntimeError):
    pass


def installed() -> bool:
    return REMARK.is_file() and all((NODE_MODULES / name).is_dir() for name in PACKAGES)


def versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        manifest = NODE_MODULES / name / "package.json"
        if manifest.is_file():
            found[name] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return found


def _convert(node: Any, path: str) -> Any:
    if isinstance(node, list):
        return [_convert(item, f"{path}/{i}") for i, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    newer = NEWER_KEYWORDS.intersection(node)
    if newer:
        raise PeerSetupError(f"{path}: {sorted(newer)} have no draft-07 equivalent")
    out = {}
    for key, value in node.items():
        if key == "$defs":
            key = "definitions"
        if key == "$ref" and isinstance(value, str):
            value = value.replace("#/$defs/", "#/definitions/")
        out[key] = _convert(value, f"{path}/{key}")
    return out


def draft07(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema declared as draft-07."""
    converted = _convert(schema, "#")
    converted["$schema"] = DRAFT_07
    return converted


def remarkrc(schema_path: str, globs: list[str], severity: str | None = "error") -> dict[str, Any]:
    """remark's configuration: frontmatter parsing, then the schema for the Q&A pages.

    unified-lint-rule reports at severity "warning" (remark exits 0) unless told otherwise, so
    the benchmark asks for "error". Plugins are named by absolute path, so the corpus can live
    anywhere."""
    options: Any = {"schemas": {schema_path: globs}}
    return {
        "plugins": [
            str(NODE_MODULES / "remark-frontmatter" / "index.js"),
            [
                str(NODE_MODULES / "remark-lint-frontmatter-schema" / "dist" / "index.js"),
                [severity, options] if severity else options,
            ],
        ]
    }


def configure(
    corpus: Path, schema: dict[str, Any], convert: bool = True, severity: str | None = "error"
) -> Path:
    """Write the (draft-07) schema copy and ``.remarkrc.json`` into the corpus root."""
    name = SCHEMA_COPY if convert else SCHEMA_AS_IS
    copy = corpus / name
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(json.dumps(draft07(schema) if convert else schema, indent=1), "utf-8")
    rc = corpus / ".remarkrc.json"
    config = remarkrc(name, QA_GLOBS, severity)
    rc.write_text(json.dumps(config, indent=1), encoding="utf-8")
    return rc


def command(paths: list[str]) -> list[str]:
    """remark-cli over ``paths`` (files or folders, relative to the corpus root)."""
    return ["node", str(REMARK), "--no-stdout", "--quiet", "--no-color", *paths]


def batches_command(list_file: Path, batch_size: int, jobs: int) -> list[str]:
    """remark-cli over the files listed in ``list_file``, ``batch_size`` files per process and
    ``jobs`` processes at a time: what pre-commit does with many files."""
    return [
        "xargs", "-a", str(list_file), "-d", "\n", "-n", str(batch_size), "-s", "2000000",
        "-P", str(jobs), *command([]),
    ]  # fmt: skip


def count_messages(report: str) -> tuple[int, int]:
    """(errors, warnings) in remark's report."""
    kinds = MESSAGE.findall(report)
    return kinds.count("error"), kinds.count("warning")


def _run_remark(folder: Path) -> tuple[int, str]:
    result = subprocess.run(
        command(["qa"]), cwd=folder, capture_output=True, text=True, check=False, timeout=120
    )
    return result.returncode, (result.stdout + result.stderr).replace(f"{folder}/", "")


def self_check(schema: dict[str, Any], sample_page: Path) -> list[str]:
    """Prove that the peer validates: a copy of ``sample_page`` with ``id: "abc"`` must be
    reported (and the unchanged copy must not), and show that the untouched 2020-12 schema
    would have reported nothing. Returns the lines of evidence; raises if the proof fails."""
    text = sample_page.read_text(encoding="utf-8")
    broken = re.sub(r"^id: .*$", 'id: "abc"', text, count=1, flags=re.MULTILINE)
    if broken == text:
        raise PeerSetupError(f"{sample_page} has no id line to break")
    with tempfile.TemporaryDirectory(prefix="peer-check-") as tmp:
        folder = Path(tmp)
        (folder / "qa").mkdir()
        (folder / "qa" / "clean.md").write_text(text, encoding="utf-8")
        (folder / "qa" / "broken.md").write_text(broken, encoding="utf-8")
        configure(folder, schema, convert=False, severity=None)  # as a user would start
        code_2020, report_2020 = _run_remark(folder)
        configure(folder, schema)
        code_07, report_07 = _run_remark(folder)
    lines = [
        f"draft 2020-12 schema as is (plugin defaults): exit {code_2020};"
        ' reported for qa/broken.md (id: "abc"):',
        *("    " + line.strip() for line in _report_for(report_2020, "broken.md")),
        f"draft-07 copy, severity error: exit {code_07}; reported for qa/broken.md:",
        *("    " + line.strip() for line in _report_for(report_07, "broken.md")),
        f"    and for the unchanged qa/clean.md: {_report_for(report_07, 'clean.md') or 'nothing'}",
    ]
    _assert_validates(code_07, report_07)
    return lines


def _report_for(report: str, name: str) -> list[str]:
    """The message lines that remark's report gives for the file ``name``."""
    lines, inside = [], False
    for line in report.splitlines():
        if MESSAGE.match(line):
            if inside:
                lines.append(line)
        elif line.strip():
            inside = line.strip().endswith(name)
    return lines


def _assert_validates(code: int, report: str) -> None:
    broken = "\n".join(_report_for(report, "broken.md"))
    clean = _report_for(report, "clean.md")
    if code == 0 or " error " not in broken or "Must be integer" not in broken or clean:
        raise PeerSetupError(f"the peer does not validate as it should (exit {code}):\n{report}")


def npm_install() -> None:
    """Install the pinned peer packages (``package-lock.json``) into benchmarks/node_modules."""
    npm = shutil.which("npm")
    if npm is None:
        raise PeerSetupError("npm is not installed: the peer cannot run")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
