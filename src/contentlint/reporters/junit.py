"""JUnit XML, which CI systems (GitLab's test reports, Jenkins, Azure) show as test results:
a ``testsuite`` per file and a failing ``testcase`` per finding; a run without findings is
one passing test case, so that the report still says the check ran.

The document is built with ElementTree (which escapes ``&``, ``<``, ``>`` and quotes, in
text and attributes) and written in ASCII with character references, so it is correct
whatever encoding the output stream has. Text from files and messages first goes through
:func:`printable`, which spells controls, separators and bidi overrides as escapes; the two
characters XML 1.0 cannot hold that it leaves (U+FFFE, U+FFFF) are spelled too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from contentlint.model import Finding
from contentlint.reporters.escape import printable
from contentlint.reporters.text import format_finding

# What XML 1.0 cannot hold, even as a character reference, beyond printable()'s escapes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` made printable, and holding only characters XML 1.0 allows."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", printable(text))


def _suite(name: str, tests: int, failures: int) -> ET.Element:
    return ET.Element(
        "testsuite",
        {
            "name": name,
            "tests": str(tests),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
        },
    )


def document(findings: list[Finding]) -> ET.Element:
    """The ``testsuites`` element of a run's findings."""
    root = ET.Element(
        "testsuites",
        {
            "name": "contentlint",
            "tests": str(max(1, len(findings))),
            "failures": str(len(findings)),
        },
    )
    if not findings:
        suite = _suite("contentlint", 1, 0)
        ET.SubElement(suite, "testcase", {"name": "no findings", "classname": "contentlint"})
        root.append(suite)
        return root
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    for path, members in by_path.items():
        shown = xml_text(path)
        suite = _suite(shown, len(members), len(members))
        for f in members:
            case = ET.SubElement(
                suite,
                "testcase",
                {
                    "name": f"{f.line}:{f.column} {f.code} [{f.rule}]",
                    "classname": shown,
                    "file": shown,
                    "line": str(f.line),
                },
            )
            failure = ET.SubElement(
                case, "failure", {"message": xml_text(f.message), "type": f.severity}
            )
            failure.text = xml_text(format_finding(f))
        root.append(suite)
    return root


def report(findings: list[Finding], out: TextIO, color: bool) -> None:
    root = document(findings)
    ET.indent(root)
    data = ET.tostring(root, encoding="us-ascii", xml_declaration=True)
    out.write(data.decode("ascii") + "\n")
