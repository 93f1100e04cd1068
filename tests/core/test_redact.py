"""The byte pre-check that lets a checkpoint skip walking the state must fire for every
string `redact` would change: proved per character class, then tried on generated texts
serialized inside a checkpoint-like value."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from vortex_pulse.core import redact
from vortex_pulse.graphs.checkpoint import strict_serde

SECRET = "s3cr\u00e9t-Valu\u00e9"  # non-ASCII on purpose: its bytes are not its characters


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    redact.clear()
    yield
    redact.clear()


def _packed(text: str) -> bytes:
    """`text` where a checkpoint would hold it: among other values, as a value and a key."""
    value = {"report": {"n": 3, "items": ["before", text, 1.5]}, text: [None, "after"]}
    type_, data = JsonPlusSerializer().dumps_typed(value)
    assert type_ == "msgpack"
    return data


def test_every_character_the_url_classes_accept_has_bytes_the_byte_class_accepts() -> None:
    # ASCII: the same decision both ways; non-ASCII: every UTF-8 byte is >= 0x80.
    for text_class, byte_class in ((r"[^:/@\s]", rb"[^:/@\s]"), (r"[^@\s/]", rb"[^@\s/]")):
        for c in range(128):
            if re.fullmatch(text_class, chr(c)):
                assert re.fullmatch(byte_class, bytes([c])), (text_class, c)
        assert all(re.fullmatch(byte_class, bytes([b])) for b in range(128, 256))
    assert redact._URL_PASSWORD.pattern.endswith(r"(?P<user>[^:/@\s]*):(?P<pw>[^@\s/]+)@")
    assert redact._URL_PASSWORD_BYTES.pattern == rb"://[^:/@\s]*:[^@\s/]+@"


def test_only_ascii_letters_match_bearer_case_insensitively() -> None:
    assert redact._BEARER.pattern.startswith(r"(?i)\b(bearer")
    letters = {ch: re.compile(f"(?i){ch}") for ch in "bear"}
    for c in range(128, sys.maxunicode + 1):
        char = chr(c)
        assert not any(p.fullmatch(char) for p in letters.values()), hex(c)


@pytest.mark.parametrize(
    "text",
    [
        f"key={SECRET}!",
        f"postgresql://u\u00e9:{SECRET}@host/db",
        "see http://user:pa\u00dfword@h/x",
        "redis://:pw@h",  # empty user
        "ftp://j\u00f6rg:pw@h",  # non-ASCII user
        "Authorization: Bearer abcdefghijkl0123",
        "x BEARER\u00a0abcdefghijkl",  # non-ASCII whitespace between
        "BEARER\u2003\u2003token.with~chars/=",
    ],
)
def test_precheck_fires_for_texts_redact_changes(text: str) -> None:
    redact.register(SECRET)
    assert redact.redact(text) != text
    assert redact.may_change_encoded(_packed(text))


def test_precheck_is_quiet_on_ordinary_state() -> None:
    redact.register(SECRET)
    text = "https://example.com/runbook latency p95 200ms, bear market, s3cr\u00e9t"
    assert redact.redact(text) == text
    assert not redact.may_change_encoded(_packed(text))


def test_a_secret_without_a_utf8_form_turns_the_precheck_off() -> None:
    redact.register("abc\udcffdefgh")  # os.environ's form of a non-UTF-8 byte
    assert redact.may_change_encoded(_packed("nothing here"))


_alphabet = st.sampled_from(
    list("abeBErR:/@ .-_=~+x9\t\n")
    + ["\u00a0", "\u2003", "\u00e9", "\u00df", "\udcff", "\U0001f600"]
)
_pieces = st.sampled_from(
    ["://", "bearer ", "Bearer\u00a0", "BEARER", "abcdefghijkl", SECRET, SECRET[:5], "u:p@", "@"]
)
_texts = st.lists(st.one_of(_alphabet, _pieces), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_texts, min_size=1, max_size=4))
def test_precheck_is_a_superset_of_what_redact_changes(texts: list[str]) -> None:
    redact.register(SECRET)
    data = _packed_values(texts)
    if any(redact.redact(t) != t for t in texts):
        assert redact.may_change_encoded(data)


def _packed_values(texts: list[str]) -> bytes:
    # Lone surrogates are allowed in values (written as "?"), not in keys.
    type_, data = JsonPlusSerializer().dumps_typed({"v": texts, "n": [1, 2.5, None]})
    assert type_ == "msgpack"
    return data


def _nested(text: str) -> Any:
    return {"a": [text, ("t", {text: 1})], "b": {"c": [1, 2, {"d": text}]}}


@pytest.mark.parametrize(
    "text", ["plain text", f"key {SECRET}", "http://u:pw@h", "Bearer abcdefghijklmn"]
)
def test_checkpoint_bytes_are_those_of_the_redacted_value(text: str) -> None:
    redact.register(SECRET)
    serde = strict_serde()
    written = serde.dumps_typed(_nested(text))
    assert written == JsonPlusSerializer().dumps_typed(redact.redact_obj(_nested(text)))
    back = serde.loads_typed(written)
    assert back["a"][0] == redact.redact(text)
    assert SECRET.encode() not in written[1]


def _unguarded(text: str) -> str:
    """`redact` without its guards for secrets and URL passwords: those patterns applied to
    every text. The bearer guard ("earer" or "EARER") is kept: mixed case ("BeArEr") is
    knowingly not masked (decision 2001), which this work does not change."""
    pat = redact._masking[0] if redact._masking else None
    if pat is not None:
        text = pat.sub(redact.MASK, text)
    text = redact._URL_PASSWORD.sub(lambda m: f"{m['scheme']}{m['user']}:{redact.MASK}@", text)
    if "earer" in text or "EARER" in text:
        text = redact._BEARER.sub(lambda m: m[1] + redact.MASK, text)
    return text


OTHER = "pw-0123456"  # a second secret, shorter: the alternation tries SECRET first
_two_secrets = st.lists(
    st.one_of(_alphabet, _pieces, st.sampled_from([OTHER, OTHER[:4], OTHER + SECRET[:3]])),
    max_size=30,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=_two_secrets)
def test_guards_skip_only_texts_the_patterns_leave_alone(text: str) -> None:
    # The guards ("@" before "://", each secret by `in`) only skip work: the result is what
    # the patterns give applied unconditionally.
    redact.register(SECRET, OTHER)
    assert redact.redact(text) == _unguarded(text)


def test_a_text_holding_no_secret_comes_back_as_the_same_object() -> None:
    redact.register(SECRET, "another-secret")
    text = "x" * 1000 + " s3cr\u00e9t http://example.com/a@b"
    assert redact.redact(text) is text
    assert redact.redact(f"{text} another-secret") == f"{text} ***"
