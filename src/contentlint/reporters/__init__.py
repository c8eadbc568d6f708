"""Reporters turn findings into output: one module per format, one function each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from contentlint.model import Finding
from contentlint.reporters import full, github, gitlab, json_, junit, sarif, text

Reporter = Callable[[list[Finding], TextIO, bool], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "concise": text.report,  # the one-line form, by the name ruff gives it
    "full": full.report,
    "json": json_.report,
    "github": github.report,
    "gitlab": gitlab.report,
    "junit": junit.report,
    "sarif": sarif.report,
}
