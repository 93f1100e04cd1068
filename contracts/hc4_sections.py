"""An HC4 as found on the page: sections with numbered lines and the fields in them.

Apart from contracts/hc4.py so the baseline extractor (which reads sections) and the reader
(which builds them) do not import each other."""

from __future__ import annotations

from pydantic import BaseModel, Field


class HC4Field(BaseModel):
    label: str  # as written
    value: str
    line: int


class HC4Section(BaseModel):
    """One section as found: its heading, its lines (numbered) and the fields in it."""

    title: str  # as written
    canonical: str | None = None  # the schema's section name, when recognized
    line: int
    end_line: int
    lines: list[tuple[int, str]] = Field(default_factory=list)
    fields: dict[str, HC4Field] = Field(default_factory=dict)  # schema field name -> value

    @property
    def text(self) -> str:
        return "\n".join(t for _, t in self.lines).strip()
