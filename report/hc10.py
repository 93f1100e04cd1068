"""Noah's HC10 flag to Isla, built from one experiment's facts: its anomalies, how they
deviate from what the experiment expected, and the discovery focus questions (the same ones
the HC5 shows)."""

from __future__ import annotations

from vortex_pulse.contracts.hc10 import HC10Flag
from vortex_pulse.core.numbers import moment
from vortex_pulse.core.paths import slug
from vortex_pulse.report.wording import about
from vortex_pulse.signals.facts import Anomaly, ExperimentFacts

_PREFIX, _SUFFIX = "hc10-", ".md"  # hc10-{experiment}-{YYYY-MM-DD}.md


def hc10_name(exp_id: str, date: str) -> str:
    """The one name of an experiment's HC10 file: Isla's step writes it, continuity finds it
    (ids are untrusted text: slugged)."""
    return f"{_PREFIX}{slug(exp_id)}-{slug(date)}{_SUFFIX}"


def is_hc10_of(name: str, exp_id: str) -> bool:
    """`name` is `hc10_name(exp_id, <some date>)` (not the file of an id it is a prefix of)."""
    head = f"{_PREFIX}{slug(exp_id)}-"
    if not (name.startswith(head) and name.endswith(_SUFFIX)):
        return False
    day = name[len(head) : -len(_SUFFIX)]
    digits = day.replace("-", "")
    return len(day) == 10 and day[4] == day[7] == "-" and digits.isascii() and digits.isdigit()


def unexplained(e: ExperimentFacts) -> list[Anomaly]:
    """The anomalies user discovery is for: those no systemic finding explains."""
    return [a for a in e.anomalies if a.explained_by is None]


def discovery_questions(e: ExperimentFacts) -> list[str]:
    """Focus questions for Isla, one per anomaly kind: what behaviour is behind it."""
    return _questions(e, unexplained(e))


def _questions(e: ExperimentFacts, open_: list[Anomaly]) -> list[str]:
    out: list[str] = []
    for a in open_:
        since = f" around {moment(a.start)}" if a.start else ""
        if a.kind == "segment_divergence" and a.segment:
            q = f"What are users in segment {a.segment} doing differently with {a.metric}?"
        elif a.kind == "systemic":
            q = f"What do users of {e.name} share with the related experiments that changed{since}?"
        elif a.kind == "positive_surprise":
            q = f"Which intent drives {a.metric} above what the experiment anticipated?"
        else:
            q = f"What changed for users of {e.name}{since} when {a.metric} moved to a new level?"
        if q not in out:
            out.append(q)
    if out:
        out.append(f"Which need does this show that the {e.name} experiment did not observe?")
    return out


def build_flag(e: ExperimentFacts, hc5: str, hc4: str | None, day: str) -> HC10Flag:
    open_ = unexplained(e)  # once, not once per field (a pass files ~800 flags)
    return HC10Flag(
        experiment=e.name,
        anomaly_description="; ".join([about(a.metric, a.description) for a in open_]),
        deviation="; ".join([about(a.metric, a.deviation) for a in open_]),
        discovery_focus=_questions(e, open_),
        source_hc5=hc5,
        created=day,
        input_artifacts=[hc4] if hc4 else [],
    )
