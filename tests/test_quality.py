"""Quality gates over every HTML page of the built sample site.

DESIGN.md promises valid HTML, WCAG 2.1 AA, no request to any other host and
pages readable on a 320 px phone. Each promise is checked here with the tool
the public sector itself uses (Nu HTML Checker, axe-core) so a green run means
the same thing an auditor's run would. Every gate covers all pages at once and
lists each failure with its page, so one run shows the whole to-do list.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser import LOCAL_HOSTS, REPO, SCROLL_TO_END, url_path

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# In dark mode only the colours change, so only the colour rules can give new answers.
AXE_DARK_RULES = ["color-contrast", "link-in-text-block"]
NARROW = 320
VNU_TIMEOUT = 300
SETTLE_SECONDS = 5.0
QUIET_SECONDS = 0.1

RUN_AXE = """async (options) => {
  await document.fonts.ready;
  const result = await axe.run(document, options);
  const target = (node) => node.target
    .map((part) => (Array.isArray(part) ? part.join(" >>> ") : part)).join(", ");
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: target(n), summary: n.failureSummary })),
  }));
}"""

# Names the widest elements so a failure says what to fix, not only that it overflows.
FIND_OVERFLOW = """(limit) => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 0.5 && box.width > 0) {
      const id = el.id ? "#" + el.id : "";
      const cls = typeof el.className === "string" && el.className.trim()
        ? "." + el.className.trim().split(/\\s+/).join(".") : "";
      wide.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(box.right)}px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, limit)};
}"""


def fail_if_any(title: str, lines: list[str]) -> None:
    """Fail with a heading and one line per problem, so a failure reads as a to-do list."""
    if lines:
        body = "\n".join(lines)
        pytest.fail(f"{title}\n{body}", pytrace=False)


def page_url(base_url: str, page: str) -> str:
    """The address a visitor would use for a page file (`/a/` for `a/index.html`)."""
    return urljoin(base_url, url_path(page).lstrip("/"))


# --- (a) Nu HTML Checker -------------------------------------------------------------


@pytest.fixture(scope="session")
def vnu_messages(sample_site: Path, sample_pages: list[str]) -> list[dict[str, Any]]:
    """Every error the Nu HTML Checker reports; one Java start for all pages, for speed."""
    assert VNU.is_file(), f"{VNU} is missing: run `bash tools/install-test-deps.sh`"
    files = [str(sample_site / page) for page in sample_pages]
    command = ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=VNU_TIMEOUT, check=False
    )
    try:
        return json.loads(result.stderr or '{"messages": []}')["messages"]
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar exited {result.returncode}:\n{result.stderr}", pytrace=False)


def describe_vnu(message: dict[str, Any], site: Path) -> str:
    """`page:line:col: message` with the offending source, the way an editor wants it."""
    where = unquote(urlsplit(message.get("url", "")).path)
    page = Path(where).relative_to(site).as_posix() if where.startswith(str(site)) else where
    line = message.get("lastLine", message.get("firstLine", "?"))
    column = message.get("firstColumn", "?")
    extract = " ".join(message.get("extract", "").split())
    return f"{page}:{line}:{column}: {message.get('message')}\n      near: {extract}"


def test_html_is_valid(vnu_messages: list[dict[str, Any]], sample_site: Path) -> None:
    """The Nu HTML Checker finds no errors in any page."""
    site = sample_site.resolve()
    lines = [describe_vnu(message, site) for message in vnu_messages]
    fail_if_any(f"Nu HTML Checker: {len(lines)} error(s)", lines)


# --- (b) axe-core ----------------------------------------------------------------------


def axe_options(scheme: str) -> dict[str, Any]:
    """Full WCAG 2.1 A/AA tags in light mode; only the colour rules in dark mode."""
    if scheme == "dark":
        return {
            "runOnly": {"type": "rule", "values": AXE_DARK_RULES},
            "resultTypes": ["violations"],
        }
    return {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


def run_axe(page: Any, url: str, scheme: str) -> list[dict[str, Any]]:
    """Load one page (axe-core comes in with it, see axe_results) and return its violations."""
    page.goto(url, wait_until="load")
    return page.evaluate(RUN_AXE, axe_options(scheme))


# What the page's background is: it must change when the scheme does, or the dark pass
# would check the light colours a second time and pass whatever the dark ones are.
BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


def run_axe_both(tab: Any, url: str) -> dict[str, list[dict[str, Any]]]:
    """Violations of one page in light mode, then in dark mode on the same load: switching
    the scheme restyles the page without loading it again (half the page loads)."""
    tab.emulate_media(color_scheme="light")
    found = {"light": run_axe(tab, url, "light")}
    light = tab.evaluate(BACKGROUND)
    tab.emulate_media(color_scheme="dark")
    dark = tab.evaluate(BACKGROUND)
    assert dark != light, f"{url}: the background stayed {light} in dark mode"
    found["dark"] = tab.evaluate(RUN_AXE, axe_options("dark"))
    return found


def axe_tab(browser: Any, **options: Any) -> Any:
    """A tab in a context of its own that loads axe-core into every page it opens."""
    # bypass_csp lets the injected axe-core run despite the pages' script-src 'self'.
    context = browser.new_context(bypass_csp=True, **options)
    context.add_init_script(path=str(AXE))
    return context.new_page()


@pytest.fixture(scope="session")
def axe_results(
    browser: Any, sample_server: str, sample_pages: list[str]
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Violations per colour scheme and page; one tab, each page loaded once."""
    assert AXE.is_file(), f"{AXE} is missing: run `bash tools/install-test-deps.sh`"
    tab = axe_tab(browser)
    results: dict[str, dict[str, list[dict[str, Any]]]] = {"light": {}, "dark": {}}
    for page in sample_pages:
        for scheme, violations in run_axe_both(tab, page_url(sample_server, page)).items():
            results[scheme][page] = violations
    tab.context.close()
    return results


def describe_axe(page: str, violation: dict[str, Any]) -> list[str]:
    """Rule, impact and help once, then each offending element with axe's own advice."""
    rule = f"{violation['id']} [{violation['impact']}]"
    lines = [f"{page}: {rule} {violation['help']} ({violation['url']})"]
    for node in violation["nodes"]:
        summary = " ".join((node["summary"] or "").split())
        lines.append(f"      {node['target']}: {summary}")
    return lines


PHONE_WIDTHS = (320, 390)
# One page of each kind: phone layouts differ by template, not by content.
KINDS = ("index", "stories/index", "stories/[^/]+/index", "events/index", "events/[^/]+/index",
         "communities/index", "communities/[^/]+/index", "about/index", "404")  # fmt: skip


def one_of_each_kind(pages: list[str]) -> list[str]:
    """The first page matching each of KINDS (a story, an event, a community ...), in each
    language: Spanish words are longer, so a phone layout may break in Spanish only."""
    roots = ["", "es/"] if any(p.startswith("es/") for p in pages) else [""]
    return [
        next(p for p in pages if re.fullmatch(root + kind + r"\.html", p))
        for root in roots
        for kind in KINDS
    ]


@pytest.fixture(scope="session")
def phone_axe_results(
    browser: Any, sample_server: str, sample_pages: list[str]
) -> dict[str, list[str]]:
    """Violations at 320 and 390 px in both schemes, one page of each kind: scheme -> lines."""
    results: dict[str, list[str]] = {"light": [], "dark": []}
    for width in PHONE_WIDTHS:
        tab = axe_tab(browser, viewport={"width": width, "height": 844})
        for page in one_of_each_kind(sample_pages):
            for scheme, violations in run_axe_both(tab, page_url(sample_server, page)).items():
                for violation in violations:
                    results[scheme] += describe_axe(f"{page} at {width}px", violation)
        tab.context.close()
    return results


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_phones(
    phone_axe_results: dict[str, list[str]], scheme: str
) -> None:
    """The phone layouts (one-line alert, short menu) are as clean as the desktop one."""
    fail_if_any(f"axe-core on phones ({scheme} mode):", phone_axe_results[scheme])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(
    axe_results: dict[str, dict[str, list[dict[str, Any]]]], scheme: str
) -> None:
    """axe-core reports no WCAG 2.1 A/AA violation on any page, in light or dark mode."""
    lines = [
        line
        for page, violations in axe_results[scheme].items()
        for violation in violations
        for line in describe_axe(page, violation)
    ]
    count = sum(len(v) for v in axe_results[scheme].values())
    fail_if_any(f"axe-core ({scheme} mode): {count} violation(s)", lines)


# --- (c) requests and (d) 320 px ------------------------------------------------------


@dataclass
class Visit:
    """What one page did in a real, CSP-enforcing browser at phone width."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    scroll_width: int = 0
    wide: list[str] = field(default_factory=list)


class Recorder:
    """Listens to a tab's network events for one page; knows which requests are in flight."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.visit = Visit()
        self.pending: set[Any] = set()
        self.last_start = time.monotonic()

    def on_request(self, request: Any) -> None:
        """Note every request the page makes, local or not."""
        self.visit.requests.append(request.url)
        self.pending.add(request)
        self.last_start = time.monotonic()

    def on_finished(self, request: Any) -> None:
        """A request is done (whatever its status)."""
        self.pending.discard(request)

    def on_response(self, response: Any) -> None:
        """An error status on anything but the page itself is a broken sub-resource."""
        if response.status >= 400 and response.url != self.url:
            self.visit.failed.append(f"HTTP {response.status} {local_path(response.url)}")

    def on_failed(self, request: Any) -> None:
        """A local request that never completed; foreign ones have their own test."""
        self.pending.discard(request)
        if not is_foreign(request.url):
            self.visit.failed.append(f"{request.failure} {local_path(request.url)}")

    def handlers(self) -> dict[str, Any]:
        """Event name -> listener, to attach and detach as a set."""
        return {
            "request": self.on_request,
            "requestfinished": self.on_finished,
            "response": self.on_response,
            "requestfailed": self.on_failed,
        }


def settle(tab: Any, recorder: Recorder, timeout: float = SETTLE_SECONDS) -> None:
    """Wait until requests are done and none started lately (the favicon comes after load),
    so leaving the page aborts none of them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        quiet = time.monotonic() - recorder.last_start > QUIET_SECONDS
        if quiet and not recorder.pending:
            return
        tab.wait_for_timeout(20)


def visit(tab: Any, url: str) -> Visit:
    """Load a page, scroll to its end, and record every request, failure and its width."""
    recorder = Recorder(url)
    for event, handler in recorder.handlers().items():
        tab.on(event, handler)
    try:
        tab.goto(url, wait_until="load")
        tab.evaluate(SCROLL_TO_END, SETTLE_SECONDS * 1000)
        settle(tab, recorder)
        measured = tab.evaluate(FIND_OVERFLOW, 5)
    finally:
        for event, handler in recorder.handlers().items():
            tab.remove_listener(event, handler)
    recorder.visit.scroll_width = measured["scrollWidth"]
    recorder.visit.wide = measured["wide"]
    return recorder.visit


@pytest.fixture(scope="session")
def narrow_visits(browser: Any, sample_server: str, sample_pages: list[str]) -> dict[str, Visit]:
    """Each page as a phone user gets it: 320 px wide, CSP enforced, JavaScript on."""
    context = browser.new_context(viewport={"width": NARROW, "height": 640})
    tab = context.new_page()
    visits = {page: visit(tab, page_url(sample_server, page)) for page in sample_pages}
    context.close()
    return visits


def local_path(url: str) -> str:
    """A local URL without the server's random port, so messages are the same every run."""
    parts = urlsplit(url)
    if (parts.hostname or "") in LOCAL_HOSTS:
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return url


def is_foreign(url: str) -> bool:
    """True for a network request to any host but this machine; data: and blob: stay local."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "chrome-error"}:
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


def test_no_request_leaves_localhost(narrow_visits: dict[str, Visit]) -> None:
    """No page asks any other host for anything: no CDN, font, analytics or embed."""
    lines = [
        f"{page}: {url}"
        for page, seen in narrow_visits.items()
        for url in seen.requests
        if is_foreign(url)
    ]
    fail_if_any("Requests to other hosts:", lines)


def test_every_subresource_loads(narrow_visits: dict[str, Visit]) -> None:
    """Stylesheets, images and icons a page asks for all exist (no 404s behind the scenes)."""
    lines = [
        f"{page}: {failure}" for page, seen in narrow_visits.items() for failure in seen.failed
    ]
    fail_if_any("Requests that failed (other hosts are reported by their own test):", lines)


def test_no_horizontal_scroll_at_320px(narrow_visits: dict[str, Visit]) -> None:
    """At 320 px wide (WCAG 1.4.10 reflow) no page is wider than the screen."""
    lines = [
        f"{page}: scrollWidth {seen.scroll_width}px; widest: {', '.join(seen.wide) or '?'}"
        for page, seen in narrow_visits.items()
        if seen.scroll_width > NARROW
    ]
    fail_if_any(f"Pages wider than {NARROW}px:", lines)
