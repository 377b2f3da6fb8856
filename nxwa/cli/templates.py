"""``nxwa templates validate|pull|plan|apply|status``: templates kept as files, synced to
business phones (the contract: ``TEMPLATE_SYNC.md``). A thin layer over
:mod:`nxwa.templatesync`.

Exit statuses (fixed by the contract): validate 0 valid / 1 invalid; pull 0 / 1; plan 0 no
changes / 2 changes pending / 1 error; apply 0 all done / 3 some items failed, blocked or
deferred / 1 error before any write / 130 interrupted; status 0 all approved / 3 some
rejected, paused, disabled or still pending. A mistake on the command line is 1 here too
(never 2, which means "changes pending" to a script).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from nxwa.cli.credentials import access_secret, add_credential_flags
from nxwa.cli.event_loop import run_async
from nxwa.cli.explain import explain
from nxwa.cli.failure import CommandError
from nxwa.cli.numbers import positive_int, positive_seconds
from nxwa.cli.output import print_table
from nxwa.cli.settings import APP_KEY, OPEN_BASE_URL, REGION, SAAS_BASE_URL, TENANT_ID

if TYPE_CHECKING:
    from nxwa.client import AsyncClient
    from nxwa.templatesync import Plan, Project, Report

__all__ = ["add_parser", "make_client"]

ERROR = 1
CHANGES = 2
ITEMS_FAILED = 3
INTERRUPTED = 130

EXAMPLES = """\
examples:
  nxwa templates validate --dir templates/
  nxwa templates pull --target shop-hk --dir templates/
  nxwa templates plan --dir templates/ --out plan.json         # exit 2: changes pending
  nxwa templates apply --dir templates/ --plan plan.json --report report.json --junit junit.xml
  nxwa templates plan --shard 2/4                              # the 2nd of 4 CI jobs
  nxwa templates status --wait --timeout 3600

exit statuses:
  validate  0 valid, 1 invalid
  pull      0 written, 1 error
  plan      0 no changes, 2 changes pending, 1 error
  apply     0 all done, 3 some items failed/blocked/deferred, 1 error before any write,
            130 interrupted (Ctrl-C: the writes in flight finish and are recorded)
  status    0 all approved, 3 some rejected/paused/disabled or pending at the timeout

Credentials come from the flags or NXCLOUD_* (as for nxwa.AsyncClient);
NXCLOUD_OPEN_BASE_URL / NXCLOUD_SAAS_BASE_URL point a run at another host."""


def make_client(options: dict[str, Any]) -> AsyncClient:
    """The client a command uses (tests replace it)."""
    from nxwa.client import AsyncClient

    return AsyncClient(**options)


def _usage_error(parser: argparse.ArgumentParser) -> Callable[[str], NoReturn]:
    def error(message: str) -> NoReturn:
        parser.print_usage(sys.stderr)
        sys.stderr.write(f"nxwa: {parser.prog}: {message}\n")
        raise SystemExit(ERROR)

    return error


def _rate(text: str) -> float | str:
    if text in ("adaptive", "off"):
        return text
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            "must be 'adaptive', 'off' or requests per second"
        ) from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be > 0 requests per second")
    return value


def _common(parser: argparse.ArgumentParser, *, network: bool) -> None:
    parser.add_argument(
        "--dir", default=".", metavar="D", help="the project directory (default: .)"
    )
    if not network:
        return
    add_credential_flags(parser)
    parser.add_argument(
        APP_KEY.flag, metavar="KEY", help=f"open-platform appkey (default: ${APP_KEY.env})"
    )
    parser.add_argument(
        TENANT_ID.flag, metavar="ID", help=f"NXLink tenant id (default: ${TENANT_ID.env})"
    )
    parser.add_argument(
        REGION.flag, metavar="REGION", help=f"NXLink region (default: ${REGION.env}, else hk)"
    )
    parser.add_argument(
        OPEN_BASE_URL.flag,
        metavar="URL",
        help=f"open-platform host (default: ${OPEN_BASE_URL.env})",
    )
    parser.add_argument(
        SAAS_BASE_URL.flag, metavar="URL", help=f"NXLink host (default: ${SAAS_BASE_URL.env})"
    )
    parser.add_argument(
        "--timeout-per-call",
        dest="call_timeout",
        type=positive_seconds,
        default=30.0,
        metavar="S",
        help="how long one call may take (default: 30)",
    )
    parser.add_argument(
        "--rate-limit",
        type=_rate,
        default="adaptive",
        metavar="R",
        help="requests per second per API family, 'adaptive' (default: slows down on 429) or 'off'",
    )
    parser.add_argument(
        "--plain", action="store_true", help="plain progress lines even on a terminal"
    )


def _selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--targets", metavar="X,Y", help="target names or labels, comma-separated")
    parser.add_argument("--shard", metavar="K/N", help="the K-th of N stable slices of the targets")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    top = subparsers.add_parser(
        "templates",
        help="sync templates kept as files to business phones (plan/apply)",
        description="Templates kept as files in git, synced to many business phones.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.error = _usage_error(top)  # type: ignore[method-assign, assignment]
    sub = top.add_subparsers(dest="verb", required=True, metavar="COMMAND")

    def command(
        name: str, help: str, handler: Callable[[argparse.Namespace, TextIO], int]
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help,
            description=help,
            epilog=EXAMPLES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.error = _usage_error(p)  # type: ignore[method-assign, assignment]
        p.set_defaults(handler=_guarded(handler), usage_error=p.error)
        return p

    p = command(
        "validate",
        "check every file against Meta's rules, no network (exit 0 valid, 1 invalid)",
        _validate,
    )
    _common(p, network=False)
    p.add_argument("--json", action="store_true", help="the problems as JSON")

    p = command("pull", "write a target's templates as files (plan right after: no change)", _pull)
    _common(p, network=True)
    p.add_argument("--target", required=True, metavar="T", help="the target to read")
    p.add_argument(
        "--format", choices=("yaml", "json"), default="yaml", help="for new files (default: yaml)"
    )

    p = command(
        "plan",
        "read every target fully and show what apply would do (exit 0 none, 2 changes, 1 error)",
        _plan,
    )
    _common(p, network=True)
    _selection(p)
    p.add_argument("--out", metavar="plan.json", help="save the plan for `apply --plan`")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument(
        "--prune", action="store_true", help="plan deletes (prune.match, never prune.protect)"
    )

    p = command(
        "apply",
        "carry out the plan (exit 0 all done, 3 some not, 1 error, 130 interrupted)",
        _apply,
    )
    _common(p, network=True)
    _selection(p)
    p.add_argument(
        "--plan",
        dest="plan_file",
        metavar="plan.json",
        help="a plan saved by `plan --out` (refused if a target changed)",
    )
    p.add_argument(
        "--prune", action="store_true", help="delete what prune.match covers and no file names"
    )
    p.add_argument(
        "--concurrency",
        type=positive_int,
        default=8,
        metavar="N",
        help="targets at once (default: 8)",
    )
    p.add_argument("--report", metavar="r.json", help="write the report JSON here")
    p.add_argument("--junit", metavar="j.xml", help="write JUnit XML here (a test case per item)")

    p = command(
        "status",
        "Meta's status per item, with rejection reasons (exit 0 all approved, 3 otherwise)",
        _status,
    )
    _common(p, network=True)
    _selection(p)
    p.add_argument("--wait", action="store_true", help="poll until nothing is pending")
    p.add_argument(
        "--timeout",
        type=positive_seconds,
        default=None,
        metavar="S",
        help="with --wait: stop waiting after S seconds",
    )
    p.add_argument("--json", action="store_true", help="print the statuses as JSON")


# ---------------------------------------------------------------------- plumbing


def _guarded(
    handler: Callable[[argparse.Namespace, TextIO], int],
) -> Callable[[argparse.Namespace, TextIO], int]:
    """Every failure of a templates command is one line and exit 1 (not the CLI's 2)."""

    def run(args: argparse.Namespace, out: TextIO) -> int:
        from nxwa.templatesync import (
            JournalLocked,
            MediaChanged,
            PlanStale,
            ProjectError,
            SelectionError,
            TargetReadError,
        )

        try:
            return handler(args, out)
        except ProjectError as exc:
            _print_problems(exc.problems, sys.stderr)
            raise CommandError(
                f"{len(exc.problems)} problem(s) in {args.dir}: {exc}", status=ERROR
            ) from None
        except (PlanStale, SelectionError, JournalLocked, MediaChanged, TargetReadError) as exc:
            raise CommandError(str(exc), status=ERROR) from None
        except OSError as exc:
            raise CommandError(
                f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), status=ERROR
            ) from None
        except CommandError as exc:
            raise CommandError(
                exc.message, status=ERROR if exc.status == 2 else exc.status
            ) from None
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            explanation = explain(exc)
            if explanation is None:
                raise
            raise CommandError(explanation.line, status=ERROR) from None

    return run


def _print_problems(problems: Sequence[Any], out: TextIO) -> None:
    for problem in problems:
        out.write(problem.describe() + "\n")


def _client_options(args: argparse.Namespace) -> dict[str, Any]:
    rate = args.rate_limit
    return {
        "access_key": args.access_key,
        "access_secret": access_secret(args),
        "app_key": args.app_key,
        "tenant_id": args.tenant_id,
        "region": args.region,
        "open_base_url": args.open_base_url or os.environ.get(OPEN_BASE_URL.env) or None,
        "saas_base_url": args.saas_base_url or os.environ.get(SAAS_BASE_URL.env) or None,
        "timeout": args.call_timeout,
        "rate_limit": None if rate == "off" else rate,
    }


def _run(args: argparse.Namespace, body: Callable[[AsyncClient], Awaitable[int]]) -> int:
    options = _client_options(args)

    async def main() -> int:
        async with make_client(options) as client:
            return await body(client)

    return run_async(main)


def _load(args: argparse.Namespace) -> Project:
    from nxwa.templatesync import Project

    project = Project.load(args.dir)
    _print_problems(project.warnings, sys.stderr)
    return project


def _selectors(args: argparse.Namespace) -> tuple[list[str] | None, tuple[int, int] | None]:
    from nxwa.templatesync import parse_shard

    targets = [t.strip() for t in args.targets.split(",") if t.strip()] if args.targets else None
    shard = parse_shard(args.shard) if args.shard else None
    return targets, shard


def _progress(args: argparse.Namespace) -> Any:
    from nxwa.templatesync import make_progress

    return make_progress(sys.stderr, plain=True if args.plain else None)


# ---------------------------------------------------------------------- commands


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from nxwa.templatesync import Project, ProjectError

    try:
        project = Project.load(args.dir)
    except ProjectError as exc:
        if args.json:
            json.dump([vars_of(p) for p in exc.problems], out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            _print_problems(exc.problems, out)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        sys.stderr.write(f"nxwa: {errors} problem{'s' if errors != 1 else ''} in {args.dir}\n")
        return ERROR
    if args.json:
        json.dump([vars_of(p) for p in project.warnings], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_problems(project.warnings, out)
        languages = sum(len(t.languages) for t in project.templates.values())
        out.write(
            f"valid: {len(project.templates)} templates ({languages} languages),"
            f" {len(project.targets)} targets\n"
        )
    return 0


def vars_of(problem: Any) -> dict[str, Any]:
    return {
        k: getattr(problem, k)
        for k in ("file", "language", "path", "rule", "message", "severity", "line")
    }


def _pull(args: argparse.Namespace, out: TextIO) -> int:
    from nxwa.templatesync import pull

    project = _load(args)
    if args.target not in project.targets:
        raise CommandError(
            f"--target {args.target}: no such target in {project.config_file}", status=ERROR
        )

    async def body(client: AsyncClient) -> int:
        written = await pull(client, project, args.target, format=args.format)
        for path in written:
            out.write(f"wrote {path}\n")
        out.write(
            f"{len(written)} template file{'s' if len(written) != 1 else ''} from {args.target}\n"
        )
        return 0

    return _run(args, body)


_SYMBOLS = {
    "create": "+",
    "update": "~",
    "delete": "-",
    "blocked": "!",
    "deferred": "…",
    "noop": "=",
}


def print_plan(plan: Plan, out: TextIO) -> None:
    """The readable diff: per target, each item that is not a no-op, with its changes."""
    for tp in plan.targets:
        items = [i for i in plan.items if i.target == tp.name]
        counts: dict[str, int] = {}
        for i in items:
            counts[i.action] = counts.get(i.action, 0) + 1
        head = ", ".join(f"{n} {a}" for a, n in counts.items()) or "no templates"
        out.write(f"{tp.name} ({tp.family} {tp.phone}): {head}\n")
        if tp.error:
            out.write(f"  ! {tp.error}\n")
        for item in items:
            if item.action == "noop" and not item.drift:
                continue
            out.write(
                f"  {_SYMBOLS[item.action]} {item.action} {item.name} [{item.language}]:"
                f" {item.reason}\n"
            )
            for change in item.changes:
                out.write(f"      {change.describe()}\n")
            if item.drift:
                out.write(f"      drift: {item.drift}\n")
        if tp.prunable and not plan.prune:
            out.write(
                f"  {tp.prunable} template(s) matched by prune.match are in no file:"
                " --prune deletes them\n"
            )
    s = plan.summary
    out.write(
        f"Plan: {s['create']} to create, {s['update']} to update, {s['delete']} to delete,"
        f" {s['blocked']} blocked, {s['deferred']} deferred, {s['noop']} unchanged.\n"
    )


def _plan(args: argparse.Namespace, out: TextIO) -> int:
    from nxwa.templatesync import plan

    project = _load(args)
    targets, shard = _selectors(args)

    async def body(client: AsyncClient) -> int:
        progress = _progress(args)
        try:
            result = await plan(
                client, project, targets=targets, shard=shard, prune=args.prune, progress=progress
            )
        finally:
            progress.close()
        if args.out:
            result.save(args.out)
        if args.json:
            out.write(result.to_json())
        else:
            print_plan(result, out)
        if result.errors:
            for tp in result.errors:
                sys.stderr.write(f"nxwa: {tp.error}\n")
            return ERROR
        return CHANGES if result.changes_pending else 0

    return _run(args, body)


def print_report(report: Report, out: TextIO) -> None:
    from nxwa.templatesync.report import table_rows

    rows = [r for r in table_rows(report.items) if r["action"] != "noop" or r["outcome"] != "done"]
    if out.isatty():
        try:
            from rich.console import Console
            from rich.table import Table

            table = Table("target", "name", "language", "action", "outcome", "reason")
            for r in rows:
                table.add_row(
                    *(
                        str(r[c])
                        for c in ("target", "name", "language", "action", "outcome", "reason")
                    )
                )
            Console(file=out, no_color="NO_COLOR" in os.environ).print(table)
        except ImportError:
            print_table(rows, ["target", "name", "language", "action", "outcome", "reason"], out)
    elif rows:
        print_table(rows, ["target", "name", "language", "action", "outcome", "reason"], out)
    s = report.summary
    out.write(
        f"Apply: {s['done']} done, {s['failed']} failed, {s['skipped']} skipped,"
        f" {s['unknown']} unknown ({s['create']} create, {s['update']} update,"
        f" {s['delete']} delete, {s['noop']} unchanged,"
        f" {s['blocked']} blocked, {s['deferred']} deferred).\n"
    )


def _apply(args: argparse.Namespace, out: TextIO) -> int:
    import anyio

    from nxwa.templatesync import Plan, apply, plan

    project = _load(args)
    targets, shard = _selectors(args)
    saved = Plan.load(args.plan_file, project) if args.plan_file else None
    if saved is not None and args.prune and not saved.prune:
        raise CommandError(
            f"--prune: {args.plan_file} was made without --prune; run `plan --prune --out`",
            status=ERROR,
        )
    if saved is not None and (targets or shard):
        raise CommandError(
            "--targets and --shard choose targets for a new plan, not for --plan", status=ERROR
        )

    async def body(client: AsyncClient) -> int:
        progress = _progress(args)
        stop = anyio.Event()
        interrupts = 0
        try:
            async with anyio.create_task_group() as tg:

                async def signals() -> None:
                    nonlocal interrupts
                    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as received:
                        async for _ in received:
                            interrupts += 1
                            if interrupts == 1:
                                stop.set()
                                progress.line(
                                    "interrupted: finishing the writes in flight (again to abort)"
                                )
                            else:
                                tg.cancel_scope.cancel()

                tg.start_soon(signals)
                if saved is not None:
                    chosen = saved
                else:
                    chosen = await plan(
                        client,
                        project,
                        targets=targets,
                        shard=shard,
                        prune=args.prune,
                        progress=progress,
                    )
                    if chosen.errors and len(chosen.errors) == len(chosen.targets):
                        for tp in chosen.errors:
                            sys.stderr.write(f"nxwa: {tp.error}\n")
                        tg.cancel_scope.cancel()
                        return ERROR
                report = await apply(
                    client,
                    chosen,
                    project=project,
                    prune=args.prune or chosen.prune,
                    concurrency=args.concurrency,
                    progress=progress,
                    stop=stop,
                )
                tg.cancel_scope.cancel()
        finally:
            progress.close()
        if interrupts > 1:
            raise KeyboardInterrupt
        if args.report:
            report.save(args.report)
        if args.junit:
            report.save_junit(args.junit)
        print_report(report, out)
        if report.interrupted:
            sys.stderr.write("nxwa: interrupted; the writes in flight finished and are recorded\n")
            return INTERRUPTED
        return 0 if report.ok else ITEMS_FAILED

    return _run(args, body)


def _status(args: argparse.Namespace, out: TextIO) -> int:
    from nxwa.templatesync import status

    project = _load(args)
    targets, shard = _selectors(args)

    async def body(client: AsyncClient) -> int:
        progress = _progress(args)
        try:
            result = await status(
                client,
                project,
                targets=targets,
                shard=shard,
                wait=args.wait,
                timeout=args.timeout,
                progress=progress,
            )
        finally:
            progress.close()
        if args.json:
            json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            rows = [i.to_dict() for i in result.items]
            print_table(rows, ["target", "name", "language", "status", "reason", "category"], out)
            if result.timed_out:
                out.write(f"timed out with {len(result.pending)} pending\n")
        return 0 if result.ok else ITEMS_FAILED

    return _run(args, body)
