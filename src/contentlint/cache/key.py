"""The cache's key and its secret: what a run's results depend on, and the signature that
ties a cache to this machine (the secret lives outside every repository)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from contentlint import __version__
from contentlint.cache.schema import SCHEMA_VERSION


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def code_fingerprint() -> str:
    """A digest of contentlint's own source: a development install keeps its version number
    while its code changes, and a result computed by other code must not be reused."""
    package = Path(__file__).resolve().parents[1]  # contentlint/
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def run_key(*parts: Any) -> str:
    """The cache key of a run: anything that could change a file's result (the content
    types' schemas among the parts)."""
    text = repr((SCHEMA_VERSION, __version__, code_fingerprint(), parts))
    return hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest()


def key_folder() -> Path:
    """Where caches' secrets are kept: outside every repository (the user's cache folder),
    so that no pull request can commit one."""
    explicit = os.environ.get("CONTENTLINT_KEY_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "contentlint" / "keys"


def secret_path(folder: Path) -> Path:
    name = hashlib.sha256(str(folder.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return key_folder() / name[:32]


def read_secret(folder: Path) -> bytes | None:
    try:
        data = secret_path(folder).read_bytes()
    except OSError:
        return None
    return data if len(data) == 32 else None


def new_secret(folder: Path) -> bytes:
    """A fresh random secret for the cache in ``folder``, written atomically (mode 0600)."""
    path = secret_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret = secrets.token_bytes(32)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, secret)
    finally:
        os.close(fd)
    os.replace(temp, path)
    return secret


def mac(secret: bytes, key: str) -> str:
    return hmac.new(secret, key.encode("utf-8"), hashlib.sha256).hexdigest()
