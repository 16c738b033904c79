"""The built site in a real browser: headless Chromium driven by Playwright.

The session's site build (the ``site_dir`` fixture) is served by an
``http.server`` thread on 127.0.0.1, and every page of the nav is opened in
both languages, at a desktop width and at 400 px. The tests check what only
a browser shows. MathJax must typeset every equation to a visible size and
leave no raw TeX. A page must request nothing from another host and log no
console error. The language switch and the search must work, and the
notebook pages must show their plots. Screenshots of each kind of page go to
``test-artifacts/browser/``.

The browser is Debian's ``/usr/bin/chromium``. Playwright's own browser
download is never used. Without Chromium or Playwright the tests skip, unless
``DERIVLIB_REQUIRE_BROWSER=1`` (as in ``.ci/run``), where they fail.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRE_BROWSER = os.environ.get("DERIVLIB_REQUIRE_BROWSER") == "1"
ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"
TRANSLATION = "zh"
LANGUAGES = ("en", TRANSLATION)

DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 400, "height": 800}
VIEWPORTS = {"desktop": DESKTOP, "400px": NARROW}

# The smallest size of a typeset equation. A collapsed equation measures
# 1 x 1 px, and the smallest real inline symbol is several pixels each way.
MIN_MATH_PX = 4
# A display equation narrower than this at 400 px has collapsed.
MIN_DISPLAY_WIDTH_PX = 50

# TeX that MathJax should have replaced, in visible text outside code.
RAW_TEX = re.compile(r"\\\[|\\\(|\$\$|\\frac|\$\\[A-Za-z]")

# Search terms taken from the middle of a sentence, with a page that contains
# them there. The Chinese term is one word of jieba's segmentation, which the
# search index stores as a token of its own.
SEARCH_TERMS = {
    "en": ("depends", "models/linear-regression/"),
    TRANSLATION: ("链式法则", "zh/models/linear-regression/"),
}

# One page of each kind, for the screenshots.
SCREENSHOT_PAGES = {
    "home": "",
    "derivation": "models/logistic-regression/",
    "lab": "labs/regression/",
    "api": "api/",
}


def nav_pages():
    """Return the site paths of the nav's pages, such as ``models/perceptron/``, in nav order."""
    config = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def sources(items):
        for item in items:
            values = item.values() if isinstance(item, dict) else [item]
            for value in values:
                if isinstance(value, list):
                    yield from sources(value)
                else:
                    yield value

    paths = []
    for source in sources(config["nav"]):
        stem = source.rsplit(".", 1)[0]
        paths.append("" if stem == "index" else f"{stem}/")
    return paths


PAGES = nav_pages()
PAGE_PARAMS = [
    pytest.param(language, path, id=f"{language}-/{path}")
    for language in LANGUAGES
    for path in PAGES
]
LAB_PARAMS = [param for param in PAGE_PARAMS if param.values[1].startswith("labs/")]


def localized(path, language):
    return path if language == "en" else f"{TRANSLATION}/{path}"


# --- Fixtures --------------------------------------------------------------------------


def unavailable_reason():
    """Return why the browser tests cannot run here, or None."""
    if not CHROMIUM.is_file():
        return f"Chromium not found at {CHROMIUM}; install it: apt-get install -y chromium fonts-noto-cjk"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed; install it: .venv/bin/python -m pip install -r requirements.txt"
    return None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class LocalServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The browser closes a connection when it navigates away during a
        # transfer; that is not an error of the site.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def site_url(site_dir):
    """Serve the built site on 127.0.0.1 at a free port; yield its root URL."""
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = LocalServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    reason = unavailable_reason()
    if reason is not None:
        if REQUIRE_BROWSER:
            pytest.fail(f"DERIVLIB_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Traffic:
    """What a browser page requested and logged."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_context(browser, viewport):
    """Open a browser context that records every request and blocks those to other hosts."""
    context = browser.new_context(viewport=viewport)
    traffic = Traffic()

    def route(route):
        url = route.request.url
        traffic.requests.append(url)
        if urlsplit(url).hostname != "127.0.0.1":
            traffic.blocked.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)
    return context, traffic


def watch(page, traffic):
    page.on("console", lambda message: message.type == "error" and traffic.errors.append(
        f"console: {message.text} ({message.location.get('url', '')})"
    ))
    page.on("pageerror", lambda error: traffic.errors.append(f"page error: {error}"))
    page.on("response", lambda response: response.status >= 400 and traffic.errors.append(
        f"HTTP {response.status}: {response.url}"
    ))


def wait_for_mathjax(page):
    """Wait until MathJax has typeset the page (its startup promise has resolved)."""
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise.then(() => true)")


# Measured in the page: every typeset equation, every math source left
# untypeset, the visible text outside code, and the notebook cells and images.
MEASURE_PAGE = """
() => {
  const visible = (element) => element.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const equations = [...document.querySelectorAll("article mjx-container")].map((container) => {
    const svg = container.querySelector(":scope > svg");
    const box = (svg || container).getBoundingClientRect();
    return {
      display: container.getAttribute("display") === "true",
      visible: visible(container),
      width: box.width,
      height: box.height,
      hasSvg: svg !== null,
      error: container.querySelector("mjx-merror") !== null,
      tex: (container.closest("[data-equation]") || {}).dataset?.equation || container.textContent.slice(0, 40),
    };
  });
  const untypeset = [...document.querySelectorAll("article .arithmatex")]
    .filter((element) => !element.querySelector("mjx-container"))
    .map((element) => element.textContent.slice(0, 60));
  const article = document.querySelector("article").cloneNode(true);
  article.querySelectorAll("pre, code, script, style, mjx-container, textarea").forEach((e) => e.remove());
  const images = [...document.querySelectorAll("article .jp-OutputArea-output img")].map((img) => {
    const box = img.getBoundingClientRect();
    return {loaded: img.complete && img.naturalWidth > 0, width: box.width, height: box.height};
  });
  return {
    equations,
    untypeset,
    text: article.textContent,
    codeCells: document.querySelectorAll("article .jp-Cell.jp-CodeCell").length,
    markdownCells: document.querySelectorAll("article .jp-Cell.jp-MarkdownCell").length,
    images,
  };
}
"""


@dataclass
class Visit:
    """One page opened at one viewport: the measurements and the traffic."""

    url: str
    measured: dict
    traffic: Traffic


@pytest.fixture(scope="module")
def visit(browser, site_url):
    """Return a function that opens a site path at a viewport once and caches the measurements."""
    visits = {}

    def open_page(path, viewport_name):
        key = (path, viewport_name)
        if key not in visits:
            context, traffic = open_context(browser, VIEWPORTS[viewport_name])
            try:
                page = context.new_page()
                watch(page, traffic)
                url = site_url + path
                page.goto(url, wait_until="load")
                wait_for_mathjax(page)
                # Late requests (the search worker and its index) finish here.
                page.wait_for_load_state("networkidle")
                visits[key] = Visit(url, page.evaluate(MEASURE_PAGE), traffic)
            finally:
                context.close()
        return visits[key]

    return open_page


# --- Every page, both languages ---------------------------------------------------------


def test_nav_lists_every_built_page(site_dir):
    built = set()
    for html in site_dir.rglob("index.html"):
        relative = html.relative_to(site_dir).parent.as_posix()
        relative = "" if relative == "." else f"{relative}/"
        if relative.startswith(f"{TRANSLATION}/") or relative == f"{TRANSLATION}/":
            continue
        built.add(relative)
    missing = sorted(built - set(PAGES))
    assert not missing, f"built pages that the browser tests do not open: {missing}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language, path", PAGE_PARAMS)
def test_equations_typeset(visit, language, path, viewport):
    measured = visit(localized(path, language), viewport).measured
    assert not measured["untypeset"], f"math left untypeset: {measured['untypeset'][:3]}"
    shown = [e for e in measured["equations"] if e["visible"]]
    errors = [e["tex"] for e in shown if e["error"]]
    assert not errors, f"MathJax errors in {errors[:3]}"
    unsized = [e for e in shown if not e["hasSvg"] or min(e["width"], e["height"]) < MIN_MATH_PX]
    assert not unsized, f"{len(unsized)} equations without a visible size, such as {unsized[:2]}"


@pytest.mark.parametrize("language, path", PAGE_PARAMS)
def test_display_equations_keep_width_at_400px(visit, language, path):
    measured = visit(localized(path, language), "400px").measured
    narrow = [
        e for e in measured["equations"]
        if e["display"] and e["visible"] and e["width"] <= MIN_DISPLAY_WIDTH_PX
    ]
    assert not narrow, f"display equations collapsed at 400 px: {narrow[:3]}"


@pytest.mark.parametrize("language, path", PAGE_PARAMS)
def test_no_raw_tex_in_text(visit, language, path):
    text = visit(localized(path, language), "desktop").measured["text"]
    leftovers = [text[max(0, m.start() - 30): m.end() + 30] for m in RAW_TEX.finditer(text)]
    assert not leftovers, f"raw TeX in the visible text: {leftovers[:3]}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language, path", PAGE_PARAMS)
def test_requests_only_local_host(visit, language, path, viewport):
    traffic = visit(localized(path, language), viewport).traffic
    assert traffic.requests, "no request recorded; the route handler did not run"
    assert not traffic.blocked, f"requests to other hosts: {traffic.blocked}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language, path", PAGE_PARAMS)
def test_no_console_errors(visit, language, path, viewport):
    errors = visit(localized(path, language), viewport).traffic.errors
    assert not errors, f"console errors: {errors}"


def test_labs_found():
    assert LAB_PARAMS, "the nav lists no notebook page under labs/"


@pytest.mark.parametrize("language, path", LAB_PARAMS)
def test_notebook_cells_and_plots_shown(visit, language, path):
    measured = visit(localized(path, language), "desktop").measured
    assert measured["markdownCells"] > 0, "no rendered Markdown cell"
    assert measured["codeCells"] > 0, "no rendered code cell"
    images = measured["images"]
    assert images, "no output image"
    broken = [image for image in images if not image["loaded"] or min(image["width"], image["height"]) <= 0]
    assert not broken, f"{len(broken)} of {len(images)} output images not shown: {broken[:3]}"


# --- Language switch and search ----------------------------------------------------------


@pytest.mark.parametrize("language, path", PAGE_PARAMS)
def test_language_switch_lands_on_same_page(browser, site_url, language, path):
    other = "en" if language == TRANSLATION else TRANSLATION
    context, _ = open_context(browser, DESKTOP)
    try:
        page = context.new_page()
        page.goto(site_url + localized(path, language), wait_until="domcontentloaded")
        # Material shows the language list when the pointer is over the switch.
        page.hover(".md-header .md-select")
        link = page.locator(f".md-header a.md-select__link[hreflang='{other}']")
        link.click()
        page.wait_for_load_state("domcontentloaded")
        landed = urlsplit(page.url).path
    finally:
        context.close()
    assert landed == "/" + localized(path, other)


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_term_inside_sentence(browser, site_url, language):
    term, expected_page = SEARCH_TERMS[language]
    context, traffic = open_context(browser, DESKTOP)
    try:
        page = context.new_page()
        watch(page, traffic)
        home = site_url + ("" if language == "en" else f"{TRANSLATION}/")
        page.goto(f"{home}?q={quote(term)}", wait_until="load")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(state="attached", timeout=20_000)
        links = [urlsplit(href).path for href in results.locator("a").evaluate_all("as => as.map(a => a.href)")]
        marked = results.locator("mark").all_text_contents()
    finally:
        context.close()
    assert any(link == "/" + expected_page for link in links), (
        f"no search result for {term!r} on /{expected_page}; results: {links[:10]}"
    )
    assert any(term in text for text in marked), f"{term!r} is not highlighted in the results: {marked[:10]}"
    assert not traffic.errors, f"console errors during search: {traffic.errors}"


# --- Screenshots -------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", SCREENSHOT_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshot_saved(browser, site_url, language, kind, viewport):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{kind}-{language}-{viewport}.png"
    target.unlink(missing_ok=True)
    context, _ = open_context(browser, VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.goto(site_url + localized(SCREENSHOT_PAGES[kind], language), wait_until="load")
        wait_for_mathjax(page)
        page.screenshot(path=str(target), full_page=True)
    finally:
        context.close()
    assert target.stat().st_size > 10_000, f"{target} is suspiciously small"


# --- Availability ------------------------------------------------------------------------


def test_missing_chromium_reason_names_install(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    reason = unavailable_reason()
    assert reason is not None
    assert "apt-get install -y chromium fonts-noto-cjk" in reason
