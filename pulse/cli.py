"""The `pulse` command line (DESIGN.md, CLI contract).

Thin: each command parses its options and calls its module in `pulse.commands`.
User mistakes surface as one line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.exceptions import TyperException
from vortex_pulse.core.errors import PulseError
from vortex_pulse.core.redact import redact

app = typer.Typer(
    name="pulse",
    help="vortex-pulse: production intelligence for a portfolio of graduated experiments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _guard(fn: Callable[..., int], /, *args: Any, **kwargs: Any) -> None:
    """Run a command body, `fn(*args, **kwargs)`; map user errors to their one-line message
    and exit code."""
    try:
        code = fn(*args, **kwargs)
    except PulseError as exc:
        typer.echo(redact(f"pulse: {exc}"), err=True)
        raise typer.Exit(exc.exit_code) from None
    except OSError as exc:
        # A path the user chose (--output-dir, -o, output_folder, state_dir, checkpoint.path)
        # cannot be written. Errors without a file name are not a user's path.
        path = exc.filename2 or exc.filename
        if path is None:
            _internal(exc)
        typer.echo(redact(f"pulse: {path}: {exc.strerror or type(exc).__name__}"), err=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        typer.echo("pulse: interrupted", err=True)
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:
        _internal(exc)
    raise typer.Exit(code)


def _internal(exc: BaseException) -> None:
    """A bug or a driver failure: one redacted line and exit 1. Driver exception chains
    quote URLs with passwords; the traceback is shown (redacted) only with PULSE_DEBUG=1."""
    if os.environ.get("PULSE_DEBUG"):
        sys.stderr.write(redact("".join(traceback.format_exception(exc))))
    first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    typer.echo(
        redact(f"pulse: internal error ({type(exc).__name__}{': ' + first if first else ''})"
               "; set PULSE_DEBUG=1 for details"),
        err=True,
    )  # fmt: skip
    raise typer.Exit(1) from None


ConfigArg = Annotated[
    Path, typer.Argument(help="config.yaml or a BMAD project folder (default: ./config.yaml)")
]
OptStr = str | None
JsonFlag = Annotated[bool, typer.Option("--json", help="also print the JSON report(s) to stdout")]


@app.command()
def run(
    config: ConfigArg = Path("config.yaml"),
    date: Annotated[OptStr, typer.Option(help="report date YYYY-MM-DD")] = None,
    output_dir: Annotated[Path | None, typer.Option(help="overrides output_folder")] = None,
    model: Annotated[OptStr, typer.Option(help="overrides llm.model")] = None,
    json_out: JsonFlag = False,
    fail_on: Annotated[OptStr, typer.Option(help="P1|P2: exit 3 at or above")] = None,
    until: Annotated[OptStr, typer.Option(help="window end: latest, now or ISO 8601")] = None,
    thread_id: Annotated[OptStr, typer.Option(help="checkpoint thread id")] = None,
) -> None:
    """One monitoring pass: writes the HC5, JSON and HTML reports and prints their paths."""
    from vortex_pulse.pulse.commands import run as cmd

    _guard(
        cmd.main,
        config,
        date=date,
        output_dir=output_dir,
        model=model,
        json_out=json_out,
        fail_on=fail_on,
        until=until,
        thread_id=thread_id,
    )


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="HC4 / HC5 markdown files")],
    json_out: JsonFlag = False,
) -> None:
    """Check HC4 / HC5 files against their contracts; exit 1 if any is not compliant."""
    from vortex_pulse.pulse.commands import validate as cmd

    _guard(cmd.main, files, json_out=json_out)


@app.command()
def watch(
    config: ConfigArg = Path("config.yaml"),
    interval: Annotated[float, typer.Option(help="seconds between passes")] = 300.0,
    port: Annotated[int, typer.Option(help="port for /metrics and /health")] = 9108,
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    max_passes: Annotated[int | None, typer.Option(help="stop after N passes (testing)")] = None,
    grace: Annotated[
        float, typer.Option(help="seconds a pass may finish after SIGTERM before it is cut")
    ] = 10.0,
) -> None:
    """The daemon: a pass every interval, alerts on breaches, serves /metrics and /health."""
    from vortex_pulse.pulse.commands import watch as cmd

    _guard(
        cmd.main, config, interval=interval, port=port, host=host, max_passes=max_passes,
        grace=grace,
    )  # fmt: skip


@app.command()
def rules(
    config: ConfigArg = Path("config.yaml"),
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write to a file")] = None,
    spec_id: Annotated[
        OptStr, typer.Option(help="SmartSpec spec: its SLOs' burn-rate rules")
    ] = None,
    project: Annotated[Path, typer.Option(help="SmartSpec project root")] = Path("."),
    observability: Annotated[Path | None, typer.Option(help="observability.yaml")] = None,
) -> None:
    """Prometheus alerting rules from the portfolio baselines (valid for promtool)."""
    if spec_id is not None:
        from vortex_pulse.pulse.commands import slo_rules

        _guard(slo_rules.main, spec_id, project=project, observability=observability,
               output=output)  # fmt: skip
        return
    from vortex_pulse.pulse.commands import rules as cmd

    _guard(cmd.main, config, output=output)


@app.command()
def chat(
    config: ConfigArg = Path("config.yaml"),
    model: Annotated[OptStr, typer.Option(help="overrides llm.model")] = None,
    thread: Annotated[OptStr, typer.Option(help="resume this chat session")] = None,
    date: Annotated[OptStr, typer.Option(help="report date YYYY-MM-DD")] = None,
) -> None:
    """A session with Noah: menu, chat over the facts, the monitoring workflow step by step."""
    from vortex_pulse.pulse.commands import chat as cmd

    _guard(cmd.main, config, model=model, thread=thread, date=date)


@app.command()
def mcp(
    config: ConfigArg = Path("config.yaml"),
    transport: Annotated[str, typer.Option(help="stdio | http (streamable HTTP)")] = "stdio",
    host: Annotated[str, typer.Option(help="address to bind (http)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port (http); the endpoint is /mcp")] = 8765,
) -> None:
    """The MCP server: a pass, the facts and the reports as tools for any MCP client."""
    from vortex_pulse.pulse.mcp import command as cmd

    _guard(cmd.main, config, transport=transport, host=host, port=port)


@app.command()
def smartspec(
    spec_id: Annotated[str, typer.Option("--spec-id", help="the spec to monitor")],
    run_once: Annotated[bool, typer.Option("--run-once", help="one pass, then exit")] = False,
    daemon: Annotated[bool, typer.Option("--daemon", help="a pass every --interval")] = False,
    interval: Annotated[float, typer.Option(help="seconds between daemon passes")] = 60.0,
    observability: Annotated[Path | None, typer.Option(help="observability.yaml")] = None,
    project: Annotated[Path, typer.Option(help="SmartSpec project root")] = Path("."),
    until: Annotated[OptStr, typer.Option(help="evaluate at this ISO 8601 time")] = None,
    json_out: JsonFlag = False,
    max_runs: Annotated[int | None, typer.Option(hidden=True)] = None,
) -> None:
    """SmartSpec production monitor: the spec's NFRs as SLOs; exit 3 when unhealthy."""
    from vortex_pulse.pulse.commands import smartspec as cmd

    _guard(
        cmd.main,
        spec_id,
        project=project,
        observability=observability,
        run_once=run_once,
        daemon=daemon,
        interval=interval,
        json_out=json_out,
        until=until,
        max_runs=max_runs,
    )


@app.command()
def batch(
    configs: Annotated[
        list[Path] | None, typer.Argument(help="config files or BMAD project folders")
    ] = None,
    start: Annotated[OptStr, typer.Option("--from", help="first date YYYY-MM-DD")] = None,
    end: Annotated[OptStr, typer.Option("--to", help="last date YYYY-MM-DD")] = None,
    every: Annotated[str, typer.Option(help="1d or 1w")] = "1w",
    model: Annotated[OptStr, typer.Option(help="overrides llm.model")] = None,
    max_tokens: Annotated[int | None, typer.Option(help="model token budget")] = None,
    concurrency: Annotated[int, typer.Option(help="model calls in flight, in all")] = 4,
    index_dir: Annotated[Path | None, typer.Option(help="index and roll-up folder")] = None,
    output_dir: Annotated[Path | None, typer.Option(help="overrides output_folder")] = None,
) -> None:
    """Reports for many dates and portfolios in one process: index, roll-up, resume."""
    from vortex_pulse.pulse.commands import batch as cmd

    _guard(
        cmd.main,
        configs or [],
        start=start,
        end=end,
        every=every,
        model=model,
        max_tokens=max_tokens,
        concurrency=concurrency,
        index_dir=index_dir,
        output_dir=output_dir,
    )


@app.command()
def dashboards(
    spec_id: Annotated[str, typer.Option("--spec-id", help="the spec whose SLOs to draw")],
    project: Annotated[Path, typer.Option(help="SmartSpec project root")] = Path("."),
    observability: Annotated[Path | None, typer.Option(help="observability.yaml")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write to a file")] = None,
) -> None:
    """Grafana dashboard JSON for a SmartSpec spec's SLOs (targets drawn as thresholds)."""
    from vortex_pulse.pulse.commands import dashboards as cmd

    _guard(cmd.main, spec_id, project=project, observability=observability, output=output)


@app.command()
def init(
    root: Annotated[Path, typer.Argument(help="BMAD project root (default: .)")] = Path("."),
    signals: Annotated[Path | None, typer.Option(help="the signal file (CSV/Parquet)")] = None,
    force: Annotated[bool, typer.Option("--force", help="replace an existing pulse.yaml")] = False,
) -> None:
    """Write pulse.yaml for a BMAD project from its HC4s; unmapped metrics are commented."""
    from vortex_pulse.pulse.commands import bmad as cmd

    _guard(cmd.init, root, signals=signals, force=force)


bmad_app = typer.Typer(help="Install the vortex-pulse workflow into a BMAD project.")
app.add_typer(bmad_app, name="bmad")
RootArg = Annotated[Path, typer.Argument(help="BMAD project root (default: .)")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="list every file it would touch")]


@bmad_app.command("install")
def bmad_install(root: RootArg = Path("."), dry_run: DryRun = False) -> None:
    """Add the workflow, skill wrapper, manifest rows and Noah menu item; idempotent."""
    from vortex_pulse.pulse.commands import bmad as cmd

    _guard(cmd.install, root, dry_run=dry_run)


@bmad_app.command("uninstall")
def bmad_uninstall(root: RootArg = Path("."), dry_run: DryRun = False) -> None:
    """Remove what install added; every other byte stays as it was."""
    from vortex_pulse.pulse.commands import bmad as cmd

    _guard(cmd.uninstall, root, dry_run=dry_run)


def main(argv: list[str] | None = None) -> None:
    """The console script: a usage mistake is one line on stderr and exit 2, like any other
    user mistake, instead of Click's usage box."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        args = ["--help"]
    try:
        code = app(args=args, prog_name="pulse", standalone_mode=False)
    except TyperException as exc:  # Typer's own Click: bad option, missing argument, ...
        ctx = getattr(exc, "ctx", None)
        where = f"pulse {ctx.info_name}" if ctx is not None and ctx.parent else "pulse"
        sys.stderr.write(f"pulse: {exc.format_message()} (see '{where} --help')\n")
        sys.exit(2)
    except typer.Abort:
        sys.stderr.write("pulse: interrupted\n")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
