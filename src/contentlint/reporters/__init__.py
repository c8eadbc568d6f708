"""Reporters turn findings into output: one module per format, one function each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from contentlint.model import Finding
from contentlint.reporters import github, json_, text

Reporter = Callable[[list[Finding], TextIO, bool], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json_.report,
    "github": github.report,
}
