"""The chat graph: Noah's greeting and menu, chat over computed facts, and the five-step
production-monitoring workflow that pauses (`interrupt()`) after every step.

    START -> noah -> (END | mo_step | si_pause)
    mo_step -> mo_pause -> (mo_step | mo_pause | mo_write | END);  mo_write -> END
    si_pause -> (si_write | noah | END);  si_write -> END

A turn outside the workflow is a new run with the user's message as input; a reply at a
pause resumes the run (`Command(resume=text)`). Step computations live in `mo_step`, never
before an `interrupt()`, so a resume re-runs nothing. The HC5 is written only by
`mo_write`, after the user confirmed at step 5; SI's artifact only by `si_write`, after a
yes. `graph` (no checkpointer) is what langgraph.json serves; `pulse chat` compiles the
same builder with the configured one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from langgraph.types import Command, interrupt
from vortex_pulse.agents.noah.chat import answers, menu, workflow
from vortex_pulse.agents.noah.deep_dive import asked_route, deep_dive_request
from vortex_pulse.core.atomic import write_text
from vortex_pulse.core.config_bmad import addressee
from vortex_pulse.core.errors import PulseError
from vortex_pulse.core.numbers import moment
from vortex_pulse.core.paths import confined
from vortex_pulse.graphs.chat.state import ChatInput, ChatState
from vortex_pulse.graphs.context import NOAH_STEPS, Context, context_of
from vortex_pulse.graphs.graph import NOAH_NODES, finish_pass, observe
from vortex_pulse.graphs.nodes.noah import HC5Draft, draft_hc5
from vortex_pulse.graphs.state import (
    State,
    experiments_of,
    hc4_of,
    portfolio_of,
    specs_of,
)
from vortex_pulse.report.continuity import previous_report
from vortex_pulse.report.deep_dive import artifact_path, render_deep_dive
from vortex_pulse.report.wording import metric_line
from vortex_pulse.signals.facts import ExperimentFacts

DEFAULT_CONFIG = "config.yaml"


def _say(text: str) -> AIMessage:
    return AIMessage(content=text, name="noah")


def _text(message: AnyMessage) -> str:
    c = message.content
    return (
        c
        if isinstance(c, str)
        else " ".join(str(p.get("text", p)) if isinstance(p, dict) else str(p) for p in c)
    )


def _base_context(state: ChatState, runtime: Runtime[Context]) -> Context:
    settings = {
        "config_path": state.get("config_path") or DEFAULT_CONFIG,
        "model": state.get("model"),
    }
    return context_of(runtime.context, settings)


def _addressee(state: ChatState, runtime: Runtime[Context]) -> tuple[str | None, str | None]:
    """The BMAD project's user and language (docs/bmad.md); nobody in particular when the
    config cannot be read yet (the first question will say why)."""
    try:
        who = addressee(_base_context(state, runtime).cfg)
    except PulseError:
        return None, None
    return who.user_name, who.language


def _day(state: ChatState) -> str:
    return state.get("date") or datetime.now(UTC).date().isoformat()


def _run_input(state: ChatState, ctx: Context) -> dict[str, Any]:
    return {
        "config_path": state.get("config_path") or ctx.config_path or DEFAULT_CONFIG,
        "date": _day(state),
        "model": state.get("model") or ctx.model or ctx.cfg.llm.model,
        "until": None,
        "pass_no": 1,
    }


def _mo_context(state: ChatState, runtime: Runtime[Context]) -> Context:
    ctx = _base_context(state, runtime)
    adjust = (state.get("mo") or {}).get("adjust") or []
    return ctx.with_config(workflow.apply_adjustments(ctx.cfg, adjust)) if adjust else ctx


# ---- facts the chat answers from -------------------------------------------------------


def _facts(state: ChatState, runtime: Runtime[Context]) -> tuple[answers.ChatFacts, dict[str, Any]]:
    """This session's facts: the workflow's if it got that far, else steps 1-4 computed
    now (nothing written). Returns them and the state update that keeps them."""
    day = _day(state)
    run = (state.get("mo") or {}).get("run") or {}
    kept = state.get("facts")
    if run.get("portfolio"):  # a workflow in progress: its (possibly adjusted) facts
        kept = _kept(run, day)
    ctx = _base_context(state, runtime)
    if not kept or kept.get("date") != day:  # none yet, or a session resumed another day
        kept = _kept(observe(ctx, day, state.get("model")), day)
    chat = answers.ChatFacts(
        facts=portfolio_of(kept),  # type: ignore[arg-type]
        charts=kept["charts"],
        earlier=previous_report(ctx.reports_folder, day),  # the last report a reader saw
    )
    return chat, {"facts": kept}


def _kept(run: State | dict[str, Any], day: str) -> dict[str, Any]:
    """What a session keeps of a pass to answer from (plain data, checkpointed)."""
    return {"portfolio": run["portfolio"], "charts": run.get("charts", {}),
            "hc4": run.get("hc4", {}), "date": day}  # fmt: skip


def _interpreted(chat: answers.ChatFacts, text: str) -> ExperimentFacts | None:
    """The experiment SI is asked about: named, or owning the metric named."""
    found = answers.find_experiment(text, chat.facts) or answers.find_metric(text, chat.facts)
    return found[0] if isinstance(found, tuple) else found


def _signal_interpretation(chat: answers.ChatFacts, text: str) -> str:
    e = _interpreted(chat, text)
    if e is None:
        names = ", ".join(x.name for x in chat.facts.experiments)
        return f"Which experiment? One of: {names}."
    req = deep_dive_request(e)
    lines = [
        f"Signal interpretation — {e.name}",
        answers.why_priority(e),
        f"Signal: {req['signal']}.",
    ]
    if req["change_point"]:
        lines.append(f"A change point sits at {req['change_point']}.")
    lead = next((m for m in e.metrics if m.name == req["metric"]), None)
    if lead is not None:
        lines.append(answers.trend(f"{e.id} {lead.name}", chat))
    return "\n".join(lines)


def _si_draft(
    state: ChatState, runtime: Runtime[Context], e: ExperimentFacts, kept: dict[str, Any]
) -> dict[str, str]:
    """The signal-interpretation artifact for `e`, rendered as a pass renders a deep dive
    Compass routed to Noah (report/deep_dive.py), from this session's facts."""
    ctx, day = _base_context(state, runtime), _day(state)
    reads = hc4_of({"hc4": kept.get("hc4") or {}})
    route = asked_route(e)
    mine = [reads[i] for i in route.experiments if i in reads]
    text = render_deep_dive(
        route,
        portfolio_of(kept),  # type: ignore[arg-type]
        {k: r.excerpt for k, r in reads.items()},
        day,
        None,
        [Path(r.validation.path).name for r in mine if r.validation.path],
    )
    return {"name": artifact_path(ctx.artifacts_dir, route, day).name, "text": text}


SI_OPTIONS = ["[c] Write the artifact", "[s] Leave it unwritten"]


def _si_turn(
    state: ChatState, runtime: Runtime[Context], text: str
) -> Command[Literal["si_pause", "__end__"]]:
    """SI: the interpretation in the chat, then (an experiment found) the artifact offered;
    it is written only after the user's yes (`si_pause` -> `si_write`)."""
    chat, update = _facts(state, runtime)
    said = _signal_interpretation(chat, text)
    e = _interpreted(chat, text)
    if e is None:
        return Command(update=update | {"messages": [_say(said)], "mode": "menu"}, goto="__end__")
    draft = _si_draft(state, runtime, e, update["facts"])
    said += (
        f"\n\nI can write this as {draft['name']} in the artifacts folder: the evidence and "
        "the questions a person must answer before anyone acts on the signal. Nothing is "
        "written until you say so."
    )
    return Command(
        update=update | {"messages": [_say(said)], "mode": "menu", "si": draft}, goto="si_pause"
    )


def _behavior_analysis(chat: answers.ChatFacts, text: str) -> str:
    e = answers.find_experiment(text, chat.facts)
    if e is None:
        names = ", ".join(x.name for x in chat.facts.experiments)
        return f"Which experiment? One of: {names}."
    lines = [f"Behavior analysis — {e.name}: every metric against its baseline"]
    lines += [f"- {metric_line(m)}; {m.trajectory}" for m in e.metrics]
    segs = [a for a in e.anomalies if a.segment]
    lines += [
        f"- segment {a.segment}: {a.description}; {a.deviation}"
        + (f", since {moment(a.start)}" if a.start else "")
        for a in segs
    ]
    if not segs:
        lines.append("No segment diverges from the aggregate in this window.")
    return "\n".join(lines)


def _chat_answer(
    state: ChatState, runtime: Runtime[Context], text: str, chat: answers.ChatFacts
) -> str:
    """Offline: the intent matcher. With a model: the guarded tool-calling agent, and
    the matcher when the model cannot be reached."""
    ctx = _base_context(state, runtime)
    spec = state.get("model") or ctx.model or ctx.cfg.llm.model
    if spec == "offline":
        return answers.answer(text, chat)
    from vortex_pulse.agents.llm.factory import make_chat_model
    from vortex_pulse.agents.llm.retry import describe
    from vortex_pulse.agents.noah.chat.agent import answer_with_model

    try:
        got = answer_with_model(make_chat_model(ctx.cfg.llm, spec), text, chat)
    except Exception as exc:  # a provider's error types vary; the facts still answer
        why = str(exc) if isinstance(exc, PulseError) else describe(exc)
        return f"{answers.answer(text, chat)}\n\n(The model could not answer: {why}.)"
    if got.fallback:
        return f"{got.text}\n\n(The model's answer was withheld: {got.rejected[-1]}.)"
    return got.text


# ---- nodes ---------------------------------------------------------------------------


NoahGoto = Literal["mo_step", "si_pause", "__end__"]


def noah(state: ChatState, runtime: Runtime[Context]) -> Command[NoahGoto]:
    """One user turn outside the workflow: the menu, chat, SI, BA, dismiss."""
    msgs = state.get("messages") or []
    if not msgs or not isinstance(msgs[-1], HumanMessage):
        hello = menu.greeting(*_addressee(state, runtime))
        return Command(update={"messages": [_say(hello)], "mode": "menu"}, goto="__end__")
    text = _text(msgs[-1]).strip()
    mode = state.get("mode") or "menu"
    head = text.split(maxsplit=1)[0].strip(".[]").upper() if text else ""
    exact = head in menu.CODES or (head.isdigit() and 1 <= int(head) <= len(menu.MENU))
    update: dict[str, Any] = {}

    def reply(out: str, **more: Any) -> Command[NoahGoto]:
        return Command(update=update | {"messages": [_say(out)], **more}, goto="__end__")

    try:
        if mode in ("chat", "si", "ba") and not exact:
            if mode == "si":
                return _si_turn(state, runtime, text)  # type: ignore[return-value]
            chat, update = _facts(state, runtime)
            if mode == "ba":
                return reply(_behavior_analysis(chat, text), mode="menu")
            return reply(_chat_answer(state, runtime, text, chat))
        picked = menu.match(text) if mode != "chat" or exact else menu.MenuMatch(None)
        code = picked.code
        if code == "MH":
            return reply(menu.menu_text(), mode="menu")
        if code == "DA":
            return reply(
                "Signing off. The signals will keep coming; I'll be here. 📡", mode="dismissed"
            )
        if code == "CH":
            return reply(
                "Ask away: why an experiment has its priority, what changed since the last "
                "report, which experiments share a pattern, or a metric's trend. "
                "(MH for the menu.)",
                mode="chat",
            )
        if code in ("SI", "BA"):
            if not picked.rest:
                return reply("Which experiment?", mode=code.lower())
            if code == "SI":
                return _si_turn(state, runtime, picked.rest)  # type: ignore[return-value]
            chat, update = _facts(state, runtime)
            return reply(_behavior_analysis(chat, picked.rest), mode="menu")
        if code == "MO":
            mo = {"step": 0, "target": 1, "run": {}, "adjust": [], "draft": None}
            return Command(
                update={"mo": mo, "mode": "menu", "messages": [_say(
                    "Production monitoring: five steps, a pause after each. Here's step 1.")]},
                goto="mo_step",
            )  # fmt: skip
        if picked.candidates:
            return reply(f"Did you mean {' or '.join(picked.candidates)}?")
        if "?" in text:  # a question from the menu: answer it as chat would
            chat, update = _facts(state, runtime)
            return reply(_chat_answer(state, runtime, text, chat))
        return reply("Not recognized.\n\n" + menu.menu_text())
    except PulseError as exc:
        return reply(f"I could not read the signals: {exc}")


def mo_step(state: ChatState, runtime: Runtime[Context]) -> Command[Literal["mo_pause", "__end__"]]:
    """Run the workflow's steps up to its target (one step, or again from step 1 after an
    adjustment) and show what the last one found."""
    mo = dict(state["mo"] or {})
    try:
        ctx = _mo_context(state, runtime)
        run: dict[str, Any] = dict(mo.get("run") or {}) if mo["step"] else _run_input(state, ctx)
        rt = Runtime(context=ctx)
        draft = HC5Draft.model_validate(mo["draft"]) if mo.get("draft") else None
        for name in NOAH_STEPS[mo["step"] : mo["target"]]:
            if name == "synthesize":
                draft = draft_hc5(run, ctx)  # type: ignore[arg-type]
            else:
                run.update(NOAH_NODES[name](run, rt))  # type: ignore[arg-type]
    except PulseError as exc:
        msg = f"The workflow stopped: {exc}\nNothing was written. (MO to start again.)"
        return Command(update={"mo": None, "messages": [_say(msg)]}, goto="__end__")
    n = mo["target"]
    mo |= {"step": n, "run": run, "draft": draft.model_dump(mode="json") if draft else None}
    text = f"{workflow.TITLES[n - 1]}\n\n{_view(n, run, draft)}"
    return Command(update={"mo": mo, "messages": [_say(text)]}, goto="mo_pause")


def _view(n: int, run: dict[str, Any], draft: HC5Draft | None) -> str:
    st: State = run  # type: ignore[assignment]
    if n == 1:
        return workflow.show_setup(list(hc4_of(st).values()))
    if n == 2:
        return workflow.show_context(specs_of(st), (st["window"]["start"], st["window"]["end"]))
    if n == 3:
        return workflow.show_signals(experiments_of(st))
    if n == 4:
        return workflow.show_priorities(portfolio_of(st))
    assert draft is not None
    return workflow.show_synthesis(draft.text, draft.routes)


def pause_payload(mo: dict[str, Any]) -> dict[str, Any]:
    n = mo["step"]
    return {"step": n, "title": workflow.TITLES[n - 1], "options": workflow.options(n),
            "prompt": "Your turn: continue, stop or adjust."}  # fmt: skip


PauseGoto = Literal["mo_step", "mo_pause", "mo_write", "__end__"]


def mo_pause(state: ChatState, runtime: Runtime[Context]) -> Command[PauseGoto]:
    """The step's "Your Turn": wait for the user (interrupt), then act on the reply."""
    mo = dict(state["mo"] or {})
    answer = str(interrupt(pause_payload(mo))).strip()
    heard: list[AnyMessage] = [HumanMessage(content=answer)]
    n = mo["step"]
    r = workflow.read_reply(answer)
    if r.kind == "continue":
        if n == 5:
            return Command(update={"messages": heard}, goto="mo_write")
        return Command(update={"messages": heard, "mo": mo | {"target": n + 1}}, goto="mo_step")
    if r.kind == "stop":
        msg = f"Stopped at step {n}; nothing was written. (MH for the menu.)"
        return Command(update={"messages": [*heard, _say(msg)], "mo": None}, goto="__end__")
    if r.kind == "adjust" and r.adjustment is not None:
        adjust = [*mo.get("adjust", []), r.adjustment]
        try:
            ctx = _base_context(state, runtime)
            workflow.apply_adjustments(ctx.cfg, adjust)
        except PulseError as exc:
            return Command(update={"messages": [*heard, _say(str(exc))]}, goto="mo_pause")
        mo |= {"adjust": adjust, "step": 0, "target": n, "run": {}, "draft": None}
        msg = f"Adjusted. Running steps 1 to {n} again with that change."
        return Command(update={"messages": [*heard, _say(msg)], "mo": mo}, goto="mo_step")
    if "?" in answer:  # a question at a pause: answered from the facts, then the pause again
        try:
            chat, update = _facts(state, runtime)
        except PulseError as exc:
            return Command(update={"messages": [*heard, _say(str(exc))]}, goto="mo_pause")
        said = _say(_chat_answer(state, runtime, answer, chat))
        return Command(update=update | {"messages": [*heard, said]}, goto="mo_pause")
    msg = (r.error or "Not recognized.") + " Options: " + " | ".join(workflow.options(n))
    return Command(update={"messages": [*heard, _say(msg)]}, goto="mo_pause")


def mo_write(state: ChatState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Confirmed: write the HC5 shown at step 5, then route it and publish the reports."""
    mo = dict(state["mo"] or {})
    ctx = _mo_context(state, runtime)
    draft = HC5Draft.model_validate(mo["draft"])
    run = dict(mo["run"])
    write_text(ctx.artifacts_dir / draft.name, draft.text)
    run.update(draft.update(ctx))
    run = finish_pass(run, Runtime(context=ctx))  # type: ignore[arg-type]
    lines = [f"HC5 written: {run['hc5_path']}", f"JSON report: {run['json_path']}"]
    lines += [f"Brief for Max: {run['brief_path']}"] if run.get("brief_path") else []
    lines += [f"HC10 for Isla: {p}" for p in run.get("hc10_paths", [])]
    lines += ["", "Vortex Compass:", workflow.compass_table(draft.routes)]
    return {"messages": [_say("\n".join(lines))], "mo": None, "facts": _kept(run, run["date"])}


SiGoto = Literal["si_write", "noah", "__end__"]


def si_pause(state: ChatState, runtime: Runtime[Context]) -> Command[SiGoto]:
    """Wait for the user's yes to the SI artifact (interrupt). Yes: written. No: nothing
    written. Anything else is a new request, taken by `noah`; the artifact stays unwritten."""
    name = (state.get("si") or {}).get("name", "the artifact")
    answer = str(interrupt({"title": "Signal interpretation", "options": SI_OPTIONS,
                            "prompt": f"Write {name}?"})).strip()  # fmt: skip
    heard: list[AnyMessage] = [HumanMessage(content=answer)]
    kind = workflow.read_reply(answer).kind
    if kind == "continue":
        return Command(update={"messages": heard}, goto="si_write")
    unwritten = _say(f"{name} was not written.")
    if kind == "stop" or answer.casefold() in ("", "n", "no"):
        return Command(update={"messages": [*heard, unwritten], "si": None}, goto="__end__")
    return Command(update={"messages": [unwritten, *heard], "si": None}, goto="noah")


def si_write(state: ChatState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Confirmed: write the SI artifact shown (its name re-confined to the artifacts folder)."""
    draft = state.get("si") or {}
    ctx = _base_context(state, runtime)
    path = write_text(confined(ctx.artifacts_dir, draft["name"]), draft["text"])
    return {"messages": [_say(f"Signal interpretation written: {path}")], "si": None}


def build() -> StateGraph[ChatState, Context, ChatInput, ChatState]:
    g = StateGraph(ChatState, context_schema=Context, input_schema=ChatInput)
    g.add_node("noah", noah)
    g.add_node("mo_step", mo_step)
    g.add_node("mo_pause", mo_pause)
    g.add_node("mo_write", mo_write)
    g.add_node("si_pause", si_pause)
    g.add_node("si_write", si_write)
    g.add_edge(START, "noah")
    g.add_edge("mo_write", END)
    g.add_edge("si_write", END)
    return g


def compile_chat(
    checkpointer: BaseCheckpointSaver[str] | None = None,
) -> CompiledStateGraph[ChatState, Context, ChatInput, ChatState]:
    return build().compile(checkpointer=checkpointer, name="vortex-pulse-chat")


graph = compile_chat()
