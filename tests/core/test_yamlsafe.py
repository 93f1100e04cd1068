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
