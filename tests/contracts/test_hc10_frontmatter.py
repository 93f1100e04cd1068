"""The HC10 frontmatter written without PyYAML is byte for byte what PyYAML writes, and
anything not provably simple still goes through PyYAML (decision 2100)."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from vortex_pulse.contracts import hc10
from vortex_pulse.contracts.hc10 import HC10Flag, render_hc10
from vortex_pulse.core.yamlsafe import plain_scalar

HOSTILE = [
    "",
    " ",
    "exp-1",
    "hc4/exp00196.md",
    "hc5-portfolio-report-2026-03-02.md",
    "2026-03-02",
    "2026-03-02T10:00:00",
    "2026-3-2",
    "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "NULL", "~",
    "123", "0123", "1_000", "0x1f", "0o17", "0b101", "1e5", "1.5e3", "-1", "+1", "1.",
    ".5", ".inf", "-.inf", ".NaN", "1:30", "190:20:30",
    "-", "--", "---", "-x", "- x", "...", ".hidden", "..", ".", "/", "/abs/path.md",
    "a:b", "a: b", "a #b", "a#b", "#x", "x ", " x", "it's", "\"quoted\"", "'single'",
    "a\nb", "a\tb", "a\rb", "é", "naïve/ü.md", "日本", "emoji😀", "\u2028", "\x85",
    "a,b", "[x]", "{x}", "!tag", "&anchor", "*alias", "|", ">", "%", "@x", "`x`", "?",
    "?x", "=", "<<", "x" * 2000, "a-" * 600, "2026-11-30" * 3,
]  # fmt: skip


def _flag(text: str) -> HC10Flag:
    return HC10Flag(
        experiment="E",
        anomaly_description="a",
        deviation="d",
        source_hc5=text or None,
        created=text,
        source_workflow=text,
        input_artifacts=[text, f"hc4/{text}.md"],
    )


def _same(flag: HC10Flag) -> None:
    assert hc10._frontmatter(flag) == hc10._dumped(flag)


def test_every_hostile_text_is_written_as_pyyaml_writes_it() -> None:
    for text in HOSTILE:
        _same(_flag(text))
        _same(HC10Flag(experiment="E", anomaly_description="", deviation="", created=text))


def test_no_input_artifacts_is_an_empty_list() -> None:
    flag = HC10Flag(experiment="E", anomaly_description="", deviation="", created="2026-03-02")
    assert "input_artifacts: []\n" in hc10._frontmatter(flag)
    _same(flag)


def test_the_simple_path_is_taken_for_a_pass_s_values_and_not_for_others() -> None:
    assert plain_scalar("hc4/exp00196.md") == "hc4/exp00196.md"
    assert plain_scalar("2026-03-02") == "'2026-03-02'"
    assert plain_scalar("yes") == "'yes'"
    for text in ("", "a: b", "it's", "-x", "...", "é", "a\nb"):
        assert plain_scalar(text) is None


def test_the_frontmatter_reads_back_as_the_flag_s_values() -> None:
    flag = _flag("2026-03-02")
    text = render_hc10(flag)
    data = yaml.safe_load(text.split("---\n")[1])
    assert data["created"] == "2026-03-02"
    assert [a["path"] for a in data["input_artifacts"]] == [
        "2026-03-02",
        "2026-03-02",
        "hc4/2026-03-02.md",
    ]


ALPHABET = st.sampled_from(list("aZ09_-./: #'\"\n\t,[]{}!&*|>%@`?~=+éü日😀") + ["\u2028"])
KEYWORDS = st.sampled_from(["yes", "no", "null", "true", "off", "1_0", "0x1", ".inf", "---"])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(ALPHABET, KEYWORDS), max_size=12).map("".join),
    st.lists(st.text(max_size=20), max_size=3),
)
def test_generated_texts_are_written_as_pyyaml_writes_them(text: str, paths: list[str]) -> None:
    _same(_flag(text))
    flag = HC10Flag(
        experiment="E",
        anomaly_description="",
        deviation="",
        source_hc5=text,
        created=paths[0] if paths else "",
        input_artifacts=paths,
    )
    _same(flag)


def test_flags_rendered_together_read_as_each_rendered_alone() -> None:
    """`render_hc10s` gives each flag the text `render_hc10` gives it alone, whatever the
    mix of plain, quoted and PyYAML-dumped frontmatters."""
    flags = [_flag(t) for t in HOSTILE] + [_flag(t) for t in reversed(HOSTILE)]
    flags += [
        _flag("exp-1").model_copy(update={"created": created, "input_artifacts": [path]})
        for created in ("2026-03-02", "yes", "a: b")
        for path in ("hc4/x.md", "2026-03-02", "hc4/x.md")
    ]
    assert hc10.render_hc10s(flags) == [render_hc10(f) for f in flags]
