"""One redaction layer: known secret values never reach any output.

Secrets live in the environment (named by the config: `bearer_token_env`, `headers`,
`url_env`, `routing_key_env`, `checkpoint.url_env`, and the model providers' API key
variables). Servers may echo them back (an Authorization header in a 400 body, a model that
repeats its prompt headers), so masking only what we print ourselves is not enough: every
error line, log record, written file and checkpoint passes through `redact`.

`register` adds a value (and a URL's password); `register_config` adds every variable a
config names. Values shorter than MIN_SECRET are not masked (masking "a" would destroy
every text); they are not secrets anyone could rely on anyway.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

MASK = "***"
MIN_SECRET = 6
# Provider keys read by LangChain's clients from their default variables.
PROVIDER_ENV = (
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "AZURE_OPENAI_API_KEY",
    "GOOGLE_API_KEY",
    "MISTRAL_API_KEY",
    "GROQ_API_KEY",
    "DD_API_KEY",
    "DD_APP_KEY",
    "PGPASSWORD",
)
_URL_PASSWORD = re.compile(
    r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^:/@\s]*):(?P<pw>[^@\s/]+)@"
)
# "Authorization: Bearer <token>" echoed by a server whose token we were never told about.
_BEARER = re.compile(r"(?i)\b(bearer\s+)([A-Za-z0-9._~+/=-]{12,})")

# Byte-level pre-checks for `may_change_encoded` (why each one is a superset of what
# `redact` changes: see that function).
_URL_PASSWORD_BYTES = re.compile(rb"://[^:/@\s]*:[^@\s/]+@")
_BEARER_BYTES = b"bearer"

_lock = threading.Lock()
_secrets: set[str] = set()
# The pattern with the secrets it alternates, replaced together: `redact` looks for each
# secret with `in` (a plain substring scan) before running the regex (see there).
_masking: tuple[re.Pattern[str], tuple[str, ...]] | None = None
# The secrets' UTF-8 forms; None when one cannot be encoded strictly (a lone surrogate from
# a non-UTF-8 environment value), which turns the byte pre-check off.
_secret_bytes: tuple[bytes, ...] | None = ()


def _forms(value: str) -> set[str]:
    out = {value}
    decoded = unquote(value)
    out.add(decoded)
    try:
        parts = urlsplit(value)
        if parts.password:
            out.add(parts.password)
            out.add(unquote(parts.password))
    except ValueError:
        pass
    return {v for v in out if len(v) >= MIN_SECRET}


def register(*values: str | None) -> None:
    """Mask these values (and a URL's password) from now on."""
    global _masking, _secret_bytes
    added = set()
    for v in values:
        if v:
            added |= _forms(str(v))
    if not added - _secrets:
        return
    with _lock:
        _secrets.update(added)
        # Longest first, so a secret that contains another is masked whole.
        ordered = sorted(_secrets, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(s) for s in ordered))
        _masking = (pattern, tuple(ordered))
        _secret_bytes = _utf8(ordered)


def _utf8(values: Iterable[str]) -> tuple[bytes, ...] | None:
    try:
        return tuple(v.encode("utf-8") for v in values)
    except UnicodeEncodeError:
        return None


def register_env(names: Iterable[str | None]) -> None:
    register(*(os.environ.get(n) for n in names if n))


def register_config(cfg: Any) -> None:
    """Every environment variable a PulseConfig names, and every password written in one
    of its URLs (duck-typed: core/config.py imports this module, not the reverse)."""
    names: list[str | None] = list(PROVIDER_ENV)
    for sc in getattr(cfg, "sources", {}).values():
        names.append(getattr(sc, "bearer_token_env", None))
        names += list((getattr(sc, "headers", None) or {}).values())
        names += [getattr(sc, n, None) for n in ("api_key_env", "app_key_env", "url_env")]
        url = getattr(sc, "url", None)
        if isinstance(url, str) and "@" in url:
            register(url)
    for sink in getattr(getattr(cfg, "alerting", None), "sinks", []):
        names += [sink.url_env, sink.routing_key_env, *sink.headers.values()]
        if sink.url:
            register(sink.url if urlsplit(sink.url).password else None)
    cp = getattr(cfg, "checkpoint", None)
    names.append(getattr(cp, "url_env", None))
    llm = getattr(cfg, "llm", None)
    names.append(getattr(llm, "api_key_env", None))
    register_env(names)


def clear() -> None:
    """Forget every registered secret (tests)."""
    global _masking, _secret_bytes
    with _lock:
        _secrets.clear()
        _masking = None
        _secret_bytes = ()


def redact(text: str) -> str:
    """`text` with every known secret, URL password and bearer-like token masked."""
    if not text:
        return text
    # Each guard below is a plain substring scan that holds wherever its pattern can match,
    # so a text none of them fires on is returned as it is, without a regex pass: a
    # 1,000-experiment HTML report is 8 million characters (docs/decisions/2240-redact-
    # guards.md). The pattern alternates the secrets' escaped literals, so it matches iff
    # one of them is a substring; "@" first: one memchr, and most texts hold none.
    masking = _masking
    if masking is not None and any(s in text for s in masking[1]):
        text = masking[0].sub(MASK, text)
    if "@" in text and "://" in text:
        text = _URL_PASSWORD.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
    # The pattern ignores case; the guard covers "bearer", "Bearer" and "BEARER" without
    # lowercasing every written text (0.05 s per 300-experiment pass).
    if "earer" in text or "EARER" in text:
        text = _BEARER.sub(lambda m: m[1] + MASK, text)
    return text


def redact_obj(obj: Any) -> Any:
    """Strings inside dicts, lists and tuples redacted; everything else as it is."""
    if isinstance(obj, str):
        return redact(obj)
    if isinstance(obj, dict):
        return {redact_obj(k): redact_obj(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [redact_obj(v) for v in obj]
    if isinstance(obj, tuple) and not hasattr(obj, "_fields"):
        return tuple(redact_obj(v) for v in obj)
    return obj


def may_change_encoded(data: bytes) -> bool:
    """False only when `redact` would change no string serialized into `data` (msgpack,
    which stores a string as its UTF-8 bytes, contiguous; a lone surrogate becomes one
    ASCII byte).

    What lets a checkpoint skip walking the state (docs/decisions/2001-redact-bytes.md): a
    few scans of the bytes instead of three regexes over every string. `redact` applies
    each pattern to what the earlier ones left, so if none of them matches the original
    text it comes back unchanged; each test below fires wherever its pattern could match
    (tests/core/test_redact.py checks it):
    - a registered secret: its UTF-8 bytes are inside the text's (a secret that has no
      strict UTF-8 form turns this pre-check off);
    - a URL password: the byte pattern drops the scheme; a non-ASCII character encodes to
      bytes >= 0x80, which the byte classes accept as the text classes accept the
      character, and bytes' whitespace class is ASCII only, so it excludes less;
    - a bearer token: "bearer" in any ASCII case, whatever follows (no non-ASCII character
      matches one of its letters case-insensitively).
    False positives only cost the full walk."""
    secrets = _secret_bytes
    if secrets is None:
        return True
    if any(s in data for s in secrets):
        return True
    if b"://" in data and _URL_PASSWORD_BYTES.search(data):
        return True
    return _BEARER_BYTES in data.lower()


def contains_secret(text: str) -> bool:
    masking = _masking  # one read: `register` and `clear` replace it whole
    return masking is not None and masking[0].search(text) is not None


class RedactingFilter(logging.Filter):
    """Masks secrets in a log record's final message (arguments included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            msg = record.getMessage()
        except Exception:  # a broken format string: leave the record to logging
            return True
        if record.exc_info and record.exc_info[1] is not None:
            # A traceback can quote a driver's message (a URL with its password).
            exc = record.exc_info[1]
            msg += f" ({type(exc).__name__}: {exc})"
            record.exc_info = None
            record.exc_text = None
        record.msg, record.args = redact(msg), None
        return True


def install_log_filter() -> None:
    """Add the filter to the root logger's handlers (and to new records via the root)."""
    root = logging.getLogger()
    for h in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in h.filters):
            h.addFilter(RedactingFilter())
