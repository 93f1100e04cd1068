"""YAML without aliases: `safe_load` still expands `*alias` references, so a few hundred
bytes ("billion laughs") become gigabytes. Our YAML (config, HC4/HC5 frontmatter) never
needs them: an alias is an error, reported at its line."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent


class NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise ComposerError(
                None, None, "YAML aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def load(text: str) -> Any:
    """`yaml.safe_load` that rejects aliases (yaml.YAMLError with a problem_mark)."""
    return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 (a SafeLoader subclass)
