"""core/yamlsafe.py: libyaml reads what the pure-Python loader reads, the same way; what
either refuses is refused with the pure-Python loader's wording; aliases stay capped."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from vortex_pulse.core import yamlsafe
from vortex_pulse.core.errors import ConfigError

FRONTMATTERS = [
    "contract: HC4\ntype: artifact\ncreated: 2026-01-10\ninput_artifacts: []\n",
    "a: 1\nb: 1.5\nc: yes\nd: ~\ne: '007'\nf: 2026-03-02T10:00:00Z\ng: [x, 'y: z']\n",
    "base: &b {unit: '%', low: 60}\ncopy: *b\nlist:\n  - one\n  - two: 2\n",
    "text: |\n  two lines\n  of prose\nfolded: >\n  one\n  line\n",
    "",
]


@pytest.mark.parametrize("text", FRONTMATTERS)
def test_fast_and_pure_python_loaders_build_the_same_values(text: str) -> None:
    assert yamlsafe._FAST_LOADER is not None  # PyYAML's wheels ship libyaml
    assert yamlsafe.load(text) == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


REFUSED = ["a: [1, 2\n", "a: b: c\n", "\tkey: 1\n", "a: !!python/name:os.system x\n"]


@pytest.mark.parametrize("text", REFUSED)
def test_a_refused_text_keeps_the_pure_python_wording(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as fast:
        yamlsafe.load(text)
    with pytest.raises(yaml.YAMLError) as pure:
        yamlsafe._load(yaml.SafeLoader, text, yamlsafe.MAX_EXPANDED_NODES)
    assert str(fast.value) == str(pure.value)


def test_aliases_past_the_cap_are_refused_through_the_fast_loader() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n"
        for p, n in zip("abcdef", "bcdefg", strict=True)
    )
    with pytest.raises(yaml.YAMLError, match="expand to more than"):
        yamlsafe.load(laughs)


def test_a_date_that_does_not_exist_is_a_yaml_mistake(tmp_path: Path) -> None:
    # The resolver types 2026-02-30 as a date; building it fails. One line, not a traceback.
    p = tmp_path / "config.yaml"
    p.write_text("window: {end: 2026-02-30}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.yaml: invalid YAML: day is out of range"):
        yamlsafe.read_file(p)


DENSE = ["?", "- ?", "[?, ?, ?]", "[" + ",".join(["?"] * 40) + "]", "a:\nb:\nc:\n", "[[[[[]]]]]"]


@pytest.mark.parametrize("text", DENSE)
def test_an_alias_free_text_is_refused_exactly_when_it_expands_past_the_cap(text: str) -> None:
    # Counting is skipped for alias-free texts under a quarter of the cap: the densest
    # YAML writes three nodes per character, so no text past the cap may slip through.
    loader = yaml.SafeLoader(text)
    size = yamlsafe.expanded_size(loader.get_single_node())
    for cap in range(1, size + 3):
        if size > cap:
            with pytest.raises(yaml.YAMLError, match="expand to more than"):
                yamlsafe.load(text, max_nodes=cap)
        else:
            yamlsafe.load(text, max_nodes=cap)


# The alias-free tree built without PyYAML's constructor (decision 2200) must be exactly what
# PyYAML builds: same values, same types, same key order, the last of repeated keys.
PLAIN = [
    *FRONTMATTERS[:2],
    FRONTMATTERS[3],
    'contract: HC4\ninput_artifacts:\n  - path: "_bmad/hc3 x.md"\n    contract: HC3\n',
    "a: 1\na: 2\nb: [1, [2, {c: d}]]\n",
    "n: 0x1F\no: 0o17\np: 1_000\nq: .inf\nr: -.NaN\ns: 1e3\nt: 190:20:30\nu: '1'\n",
    "yes: no\nnull: ~\n1: one\n2026-01-10: day\n",  # keys that are not strings
    "a: !!binary aGk=\n",
    "a: !!set {x, y}\nb: !!omap [{x: 1}]\n",
    "<<: {a: 1}\nb: 2\n",
    "a: {<<: {x: 1}, y: 2}\n",
    "=: value\n",
    "a: !!str 12\nb: !!int '12'\nc: !!float 1\n",
    "a: &x [1]\nb: c\n",  # an anchor without an alias
    "- a\n- b: [c, d]\n",
    "just text",
    "[" * 80 + "]" * 80,  # deeper than the fast path goes
    "a: 2026-03-02T10:00:00.5+02:00\nb: 2026-03-02 10:00:00\n",
    "a: Yes\nb: OFF\nc: y\nd: NULL\ne: Null\nf: ''\ng:\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_the_plain_tree_is_what_pyyaml_constructs(text: str) -> None:
    want = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
    got = yamlsafe.load(text)
    assert got == want
    assert repr(got) == repr(want)  # types and key order too (1 vs True vs 1.0)


@pytest.mark.parametrize("text", ["a: 2026-02-30\n", "a: [2026-02-30]\nb: 2026-13-01\n"])
def test_a_value_the_plain_path_cannot_build_fails_as_pyyaml_fails(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as ours:
        yamlsafe.load(text)
    with pytest.raises(ValueError) as theirs:
        yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
    assert str(theirs.value) in str(ours.value)


def test_generated_documents_read_as_pyyaml_reads_them() -> None:
    import random

    rng = random.Random(2200)
    atoms = ["x", "HC4", "'q: t'", '"d\\tq"', "1", "-2", "0.5", "1e9", "yes", "No", "~", "null",
             "2026-01-10", "2026-01-10T00:00:00Z", ".inf", "0x10", "012", "1_0", "[]", "{}",
             "''", "é", "on", "[a, 1]", "{k: v}"]  # fmt: skip

    def value(depth: int) -> str:
        roll = rng.random()
        if depth > 2 or roll < 0.6:
            return rng.choice(atoms)
        if roll < 0.8:
            return "[" + ", ".join(value(depth + 1) for _ in range(rng.randint(0, 3))) + "]"
        keys = [rng.choice(["a", "b", "c", "yes", "1"]) for _ in range(rng.randint(0, 3))]
        return "{" + ", ".join(f"{k}: {value(depth + 1)}" for k in keys) + "}"

    for _ in range(400):
        keys = [rng.choice(["contract", "type", "a", "a", "created", "on", "7", "x y"])
                for _ in range(rng.randint(1, 6))]  # fmt: skip
        text = "".join(f"{k}: {value(0)}\n" for k in keys)
        want = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
        got = yamlsafe.load(text)
        assert repr(got) == repr(want), text


def test_an_hc4_frontmatter_is_built_without_pyyaml_s_constructor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("constructed by PyYAML")

    monkeypatch.setattr(yaml.constructor.BaseConstructor, "construct_document", refuse)
    text = PLAIN[3] + "created: 2026-08-11\ntarget_agents: [noah]\n"
    assert yamlsafe.load(text)["input_artifacts"] == [{"path": "_bmad/hc3 x.md", "contract": "HC3"}]
    with pytest.raises(AssertionError, match="constructed by PyYAML"):
        yamlsafe.load("a: !!set {x}\n")  # what the plain path does not build still is


FLAT_WORDS = ["HC4", "artifact", "lean-experiment", "noah", "2026-01-10", "2026-02-30", "1", "-1",
              "0x1F", "0o17", "0b101", "1_000", "1.5", "1e3", "1.", "yes", "No", "on", "OFF", "y",
              "null", "Null", "NULL", "true", "False", "a/b.c_d-e", "v1.2.3", "007", "08", "1__0",
              "Inf", "nan", "2026-1-1", "20260110", "x-", "é", "a b", "a:b", "'q'", "-x", ".x",
              "#c", "*a", "&a", "!x", "%x", "@x", "`x", "|", ">", "~", "?", "a,b"]  # fmt: skip
FLAT_KEYS = ["contract", "type", "a", "a", "yes", "on", "null", "1", "x.y", "created", "<<", "="]


def test_flat_documents_read_as_pyyaml_reads_them() -> None:
    # The flat path (decision 2200) takes `key: word` / `key: [word, ...]` lines; anything
    # else goes to PyYAML. Either way the value, its types and its key order are PyYAML's.
    import random

    rng = random.Random(2201)
    taken = 0
    for _ in range(3000):
        lines = []
        for _ in range(rng.randint(1, 7)):
            key = rng.choice(FLAT_KEYS)
            if rng.random() < 0.3:
                items = [rng.choice(FLAT_WORDS) for _ in range(rng.randint(0, 3))]
                lines.append(f"{key}: [{', '.join(items)}]")
            else:
                lines.append(f"{key}: {rng.choice(FLAT_WORDS)}")
        text = "\n".join(lines)
        try:
            want = repr(yaml.load(text, Loader=yaml.SafeLoader))  # noqa: S506
        except (yaml.YAMLError, ValueError):
            want = "refused"
        flat = yamlsafe._flat(text)
        taken += flat is not yamlsafe._NOT_PLAIN
        if flat is not yamlsafe._NOT_PLAIN:
            assert repr(flat) == want, text
        try:
            got = repr(yamlsafe.load(text))
        except yaml.YAMLError:
            got = "refused"
        assert got == want, text
    assert taken > 100  # the flat path was exercised


def test_a_benchmark_style_frontmatter_takes_the_flat_path() -> None:
    text = FRONTMATTERS[0].rstrip("\n") + "\ntarget_agents: [noah]"
    assert yamlsafe._flat(text) == yaml.safe_load(text)
    assert yamlsafe._flat(text + "\n") is yamlsafe._NOT_PLAIN  # a blank line: PyYAML reads it


@pytest.mark.parametrize("length", [128, 129, 1024, 1025])
def test_a_long_key_reads_or_fails_as_pyyaml_says(length: int) -> None:
    """YAML refuses an implicit key past 1,024 characters: a flat document does too."""
    text = "k" * length + ": v\nb: [x, y]"
    try:
        want = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            yamlsafe.load(text)
        return
    assert yamlsafe.load(text) == want
