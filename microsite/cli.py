"""The command line: the only place that prints or chooses an exit code.

Exit codes: 0 built, 1 content errors (all listed), 2 usage errors.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from microsite import pipeline
from microsite.content.fields import YEAR_HINT, year_problem
from microsite.content.reading import where_content_is
from microsite.errors import BuildFailed, ContentError, as_json
from microsite.output import UnsafeOutput

COMMANDS = ("build", "serve", "check", "new")
# Kept between builds: parsed front matter, converted Markdown, compiled templates,
# processed pictures and a record of the files written. Safe to delete; `--no-cache`
# ignores it. A folder of its own inside `.cache/`, which other programs may share
# (run from the home folder, it is the XDG cache of every program): a build deletes
# only its own stale files, and only in there.
CACHE = Path(".cache") / "microsite"
# More processes gain nothing on any machine a department has (the default is at
# most 8), and tens of thousands run out of open files or memory.
MOST_JOBS = 64


class UsageError(Exception):
    """A mistake in the command itself rather than in the content."""


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv = ["build", *argv]
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BuildFailed as failed:
        return _report_failure(failed.errors, args)
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py", description="Build a community microsite from content/."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = _with_content_flags(commands.add_parser("build", help="validate content/, write site/"))
    build.add_argument("--output", type=Path, default=Path("site"), help="default: site")
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="convert everything afresh; ignore .cache/microsite/",
    )
    build.set_defaults(run=run_build)
    check = _with_content_flags(commands.add_parser("check", help="validate only; write nothing"))
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: a list of problems on stdout, for editors and CI (default: text)",
    )
    check.set_defaults(run=run_check)
    serve = _with_content_flags(commands.add_parser("serve", help="preview with live reload"))
    serve.add_argument("--port", type=_port, default=8000, help="default: 8000; 0: any free port")
    serve.add_argument(
        "--host",
        type=_host,
        default="127.0.0.1",
        help="address or name to listen on (default: 127.0.0.1, this computer only)",
    )
    serve.set_defaults(run=run_serve)
    _add_new(commands.add_parser("new", help="start a story or event file"))
    return parser


def _with_content_flags(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--content", type=Path, default=Path("content"), help="default: content")
    parser.add_argument(
        "--templates", type=Path, default=Path("templates"), help="default: templates"
    )
    parser.add_argument(
        "--drafts", action="store_true", help="include drafts and scheduled stories"
    )
    parser.add_argument("--now", help="the build clock, e.g. 2026-11-25T09:00 (site time zone)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes to use (default: all cores)",
    )
    return parser


def _jobs(value: str) -> int:
    """`--jobs N`: a whole number of processes, from one to `MOST_JOBS`."""
    try:
        count = int(value)
    except ValueError:
        count = 0
    if not 1 <= count <= MOST_JOBS:
        raise argparse.ArgumentTypeError(
            f"expected a number of processes from 1 to {MOST_JOBS}; got {value!r}"
        )
    return count


def _host(value: str) -> str:
    """`serve --host`: never empty. An unset variable in a script (`--host "$HOST"`) would
    otherwise mean every address, showing drafts to the whole network."""
    if not value.strip():
        raise argparse.ArgumentTypeError(
            "expected an address such as 127.0.0.1 (this computer) or 0.0.0.0 (the network)"
        )
    return value


def _port(value: str) -> int:
    """`serve --port N`: a TCP port, or 0 to let the system pick a free one."""
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"expected a port number from 1 to 65535 (or 0 for any free port); got {value!r}"
        )
    return port


def _add_new(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="kind", required=True)
    story = kinds.add_parser("story", help="a new draft story in content/stories/")
    story.add_argument("title", nargs="?", help="not needed with --translate")
    story.add_argument("--lang", help="the story's language, one of site.yaml's languages")
    story.add_argument(
        "--translate", metavar="FILE", help="start a translation of this story, beside it"
    )
    event = kinds.add_parser("event", help="a new event file in content/events/")
    event.add_argument("title")
    event.add_argument("--start", required=True, metavar='"YYYY-MM-DD HH:MM"')
    for sub in (story, event):
        sub.add_argument(
            "--community",
            action="append",
            default=[],
            metavar="KEY",
            help="one of communities.yaml's keys; may be given more than once",
        )
        sub.add_argument("--content", type=Path, default=Path("content"))
        sub.add_argument(  # every command takes both folders, so scripts can pass them along
            "--templates", type=Path, default=Path("templates"), help="accepted; not read"
        )
        sub.add_argument("--now", help="today's date for the file name (default: real time)")
        sub.set_defaults(run=run_new)


def build_clock(value: str | None) -> datetime:
    """`--now`, else SOURCE_DATE_EPOCH, else the real time. Naive means site time."""
    if value:
        try:
            return _plausible("--now", datetime.fromisoformat(value))
        except ValueError:
            raise UsageError(
                f"--now: expected a date like 2026-11-25T09:00, got {value!r}"
            ) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return _plausible("SOURCE_DATE_EPOCH", datetime.fromtimestamp(int(epoch), UTC))
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH: expected seconds, got {epoch!r}") from None
    return datetime.now(UTC)


def _plausible(name: str, clock: datetime) -> datetime:
    """The clock, unless its year is one content could not have (see `year_problem`)."""
    problem = year_problem(clock)
    if problem:
        raise UsageError(f"{name}: {problem} ({YEAR_HINT})")
    return clock


def _folders(args: argparse.Namespace) -> pipeline.Folders:
    for name in ("content", "templates"):
        folder = getattr(args, name)
        if not folder.is_dir():
            default = name == "content" and folder == Path("content")  # not typed: say where
            where = f" ({where_content_is(folder)})" if default else ""
            raise UsageError(f"--{name}: no folder at {folder}{where}")
    return pipeline.Folders(args.content, args.templates)


def run_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    gc.set_threshold(*pipeline.QUIET_COLLECTOR)  # the preview: `preview.heap`
    folders = _folders(args)
    cache = None if args.no_cache else CACHE
    try:
        built = pipeline.build_into(
            folders,
            args.output,
            now=build_clock(args.now),
            drafts=args.drafts,
            strict=args.strict,
            jobs=args.jobs,
            cache=cache,
        )
    except UnsafeOutput as exc:
        raise UsageError(str(exc)) from None
    _print_warnings(built.warnings)
    if not args.quiet:
        took = time.perf_counter() - started
        print(
            f"Built {built.pages} pages into {args.output}/ in {took:.2f} s "
            f"({built.changed} files added or updated)."
        )
    return 0


def run_check(args: argparse.Namespace) -> int:
    folders = _folders(args)
    now = build_clock(args.now)
    warnings = pipeline.check(folders, now=now, drafts=args.drafts, jobs=args.jobs).warnings
    _refuse_warnings(warnings, args)
    if _as_json(args):
        print(json.dumps([as_json(problem) for problem in warnings], indent=2, ensure_ascii=False))
        return 0
    _print_warnings(warnings)
    if not args.quiet:
        print("No problems found." if not warnings else f"{len(warnings)} warning(s), no errors.")
    return 0


def _whole_line(stream: TextIO, line: str) -> None:
    """Write a line and its newline in one call.

    `print` writes them in two, and Ctrl-C stops the preview by raising from
    a signal handler, which Python runs between calls: "Stopped." then
    landed on the end of the last report line.
    """
    stream.write(line + "\n")
    stream.flush()


def run_serve(args: argparse.Namespace) -> int:
    from microsite.preview.listen import CannotListen  # livereload is only needed here
    from microsite.preview.server import serve

    folders = _folders(args)
    fixed = build_clock(args.now) if args.now else None

    def clock() -> datetime:
        return fixed or build_clock(None)

    clock()  # a bad SOURCE_DATE_EPOCH is a usage error now, not a problem page later

    def say(line: str) -> None:
        if not args.quiet:
            _whole_line(sys.stdout, line)

    def warn(line: str) -> None:
        _whole_line(sys.stderr, line)

    try:
        serve(
            folders, host=args.host, port=args.port, clock=clock, say=say, warn=warn, jobs=args.jobs
        )
    except CannotListen as exc:
        raise UsageError(str(exc)) from None
    return 0


def run_new(args: argparse.Namespace) -> int:
    from microsite import scaffold  # only `new` writes content files

    today = build_clock(args.now)
    notes: list[str] = []  # worth a second look, but the file is written
    try:
        if args.kind == "story" and args.translate:
            if args.title is not None:  # taken from the original: said, not dropped unsaid
                raise UsageError(
                    f"new story --translate: the title is the original's, to translate in"
                    f" the file; leave out {args.title!r}"
                )
            if args.community:
                raise UsageError(
                    "new story --translate: a translation has its original's communities;"
                    " leave out --community"
                )
            path = scaffold.translate_story(args.content, args.translate, args.lang)
        elif args.kind == "story":
            if args.title is None:
                raise UsageError("new story: give a title, or --translate FILE")
            path = scaffold.new_story(args.content, args.title, args.community, today, args.lang)
        else:
            path = scaffold.new_event(
                args.content, args.title, args.start, today, notes, args.community
            )
    except scaffold.ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    print(path)
    return 0


def _refuse_warnings(warnings: list[ContentError], args: argparse.Namespace) -> None:
    if args.strict and warnings:
        raise BuildFailed(warnings)


def _print_warnings(warnings: list[ContentError]) -> None:
    """Every warning, in one write: a line each was a thousand writes on a site whose
    stories all read above its target grade."""
    if warnings:
        sys.stderr.write("".join(f"{problem}\n" for problem in warnings))
        sys.stderr.flush()


def _as_json(args: argparse.Namespace) -> bool:
    return getattr(args, "format", "text") == "json"


def _report_failure(problems: list[ContentError], args: argparse.Namespace) -> int:
    if _as_json(args):
        print(json.dumps([as_json(problem) for problem in problems], indent=2, ensure_ascii=False))
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    counted = [p for p in problems if not p.warning or args.strict]
    errors, files = len(counted), len({p.path for p in counted})
    where = f" {args.output}/ was not changed." if args.command == "build" else ""
    noun = "problem" if errors == 1 else "problems"
    print(f"Build failed: {errors} {noun} in {files} file(s).{where}", file=sys.stderr)
    return 1
