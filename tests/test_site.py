"""Checks of the built documentation site that a green ``mkdocs build --strict`` does not prove.

The site is bilingual: English pages are ``page.md`` and are served at the
root, Chinese pages are ``page.zh.md`` and are served under ``zh/``. The
notebooks under ``docs/labs/`` are jupytext percent-format ``.py`` files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
TRANSLATION = "zh"

# Folders under docs/ that hold no pages: exclude_docs in mkdocs.yml, and the
# static assets.
NON_PAGE_DIRS = {"examples", "javascripts", "stylesheets"}

MATHJAX_SCRIPT = "javascripts/mathjax/tex-mml-svg.js"
MATHJAX_CONFIG_SCRIPT = "javascripts/mathjax.js"

LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# Absolute or protocol-relative URLs, with their host.
URL_HOST = re.compile(r"(?:https?:)?//([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)

# Hosts that serve fonts, scripts and styles to other sites. None of them may
# appear where the browser would load from it.
CDN_HOST = re.compile(
    r"^(?:fonts\.googleapis\.com|fonts\.gstatic\.com|cdnjs\.cloudflare\.com"
    r"|cdn\.jsdelivr\.net|unpkg\.com)$|(?:^|\.)cdn[\w-]*\.",
    re.IGNORECASE,
)

# CDN hosts named inside vendored JavaScript that the browser never requests
# on this site. Any other CDN host in a script fails
# test_javascript_names_no_cdn_host.
ALLOWED_CDN_HOSTS = {
    # Material 9.8 loads a ResizeObserver polyfill only in browsers without
    # ResizeObserver, and Mermaid only for Mermaid diagrams, which need a
    # pymdownx.superfences custom fence that mkdocs.yml does not configure.
    "assets/javascripts/bundle.*.min.js": {"unpkg.com"},
    # The speech rule engine bundled in MathJax 3.2.2 loads its locale data and
    # an XPath polyfill from jsdelivr by default. docs/javascripts/mathjax.js
    # points both at the site itself through window.SREfeature.
    MATHJAX_SCRIPT: {"cdn.jsdelivr.net"},
}

# Attributes through which HTML makes the browser load something.
LOADING_ATTRIBUTES = [
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
]

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")

# Words that the search index must hold as tokens of their own. The Chinese
# word must also occur inside a Chinese sentence, where only segmentation can
# split it off.
CHINESE_WORD = "梯度"
ENGLISH_WORD = "gradient"


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def read_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_url(site_dir: Path, html_path: Path) -> str:
    """Return the site-absolute URL of a built page, such as ``/zh/labs/regression/``."""
    relative = html_path.relative_to(site_dir).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def resolve(url: str, base: str) -> str:
    """Return the site-absolute path that ``url`` refers to from page ``base``."""
    return urlsplit(urljoin("http://127.0.0.1" + base, url)).path


def english_pages(site_dir: Path) -> list[Path]:
    """Return the built English pages, which all have a Chinese counterpart."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir)
        # Only the default language has a 404 page.
        if relative.parts[0] == TRANSLATION or relative.as_posix() == "404.html":
            continue
        pages.append(path)
    return pages


def page_pairs(site_dir: Path) -> list[tuple[Path, Path]]:
    return [
        (path, site_dir / TRANSLATION / path.relative_to(site_dir))
        for path in english_pages(site_dir)
    ]


def heading_ids(soup: BeautifulSoup) -> set[str]:
    article = soup.select_one("article.md-content__inner")
    assert article is not None, "page has no <article class='md-content__inner'>"
    return {
        heading.get("id", "")
        for heading in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    }


def language_link(soup: BeautifulSoup, language: str) -> str | None:
    link = soup.select_one(f"a.md-select__link[hreflang='{language}']")
    return None if link is None else link.get("href")


def external_host(url: str) -> str | None:
    """Return the host of an absolute URL that is not this machine, else ``None``."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https", "") or not parts.netloc:
        return None
    host = parts.hostname or ""
    return None if host in LOCAL_HOSTS else host


def cdn_hosts(text: str) -> set[str]:
    """Return the CDN hosts of the URLs in ``text``."""
    return {host.lower() for host in URL_HOST.findall(text) if CDN_HOST.search(host)}


def source_pages() -> set[str]:
    """Return the page sources under docs/, relative to docs/."""
    pages = set()
    for path in DOCS_DIR.rglob("*"):
        relative = path.relative_to(DOCS_DIR)
        if not path.is_file() or relative.parts[0] in NON_PAGE_DIRS:
            continue
        is_notebook = relative.parts[0] == "labs" and path.suffix == ".py"
        if path.suffix == ".md" or is_notebook:
            pages.add(relative.as_posix())
    return pages


def translation_of(page: str) -> str:
    """Return the Chinese source of an English page: ``a/b.md`` -> ``a/b.zh.md``."""
    path = PurePosixPath(page)
    return str(path.with_suffix(f".{TRANSLATION}{path.suffix}"))


def is_translation(page: str) -> bool:
    return PurePosixPath(page).stem.endswith(f".{TRANSLATION}")


def search_entries(site_dir: Path) -> tuple[dict, list[dict]]:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return index["config"], index["docs"]


def plain_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ")


def notebook_page_paths(site_dir: Path) -> list[Path]:
    """Return the built page of every notebook source, in both languages."""
    paths = []
    for source in sorted((DOCS_DIR / "labs").glob("*.py")):
        stem = source.name.removesuffix(".py").removesuffix(f".{TRANSLATION}")
        language_dir = TRANSLATION if is_translation(source.name) else ""
        paths.append(site_dir / language_dir / "labs" / stem / "index.html")
    return paths


# ---------------------------------------------------------------------------
# Build and sources
# ---------------------------------------------------------------------------


def test_strict_build_passes(site_build):
    assert site_build.returncode == 0, f"build output ends with:\n{site_build.output[-3000:]}"
    assert (site_build.site_dir / "index.html").is_file()
    assert (site_build.site_dir / TRANSLATION / "index.html").is_file()


def test_every_page_has_translation():
    pages = source_pages()
    originals = {page for page in pages if not is_translation(page)}
    translations = {page for page in pages if is_translation(page)}
    assert originals, f"no English page sources found under {DOCS_DIR}"

    missing = sorted(page for page in originals if translation_of(page) not in translations)
    assert not missing, f"English pages without a .{TRANSLATION} translation: {missing}"

    orphans = sorted(page for page in translations if page not in map(translation_of, originals))
    assert not orphans, f"translations without an English page: {orphans}"


def test_nav_labels_translated():
    config = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def labels(items):
        for item in items:
            if isinstance(item, dict):
                for label, value in item.items():
                    yield label
                    if isinstance(value, list):
                        yield from labels(value)

    i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin)
    language = next(lang for lang in i18n["languages"] if lang["locale"] == TRANSLATION)
    translations = language.get("nav_translations") or {}
    missing = sorted(set(labels(config["nav"])) - set(translations))
    assert not missing, f"nav labels without a {TRANSLATION} nav_translations entry: {missing}"


def test_notebook_sources_not_published(site_dir: Path):
    published = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.py"))
    assert not published, f"source files copied into the site: {published}"


# ---------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------


def test_every_page_built_in_both_languages(site_dir: Path):
    pairs = page_pairs(site_dir)
    assert len(pairs) >= 5, f"expected at least 5 pages, found {[str(p) for p, _ in pairs]}"
    missing = [str(zh.relative_to(site_dir)) for _, zh in pairs if not zh.is_file()]
    assert not missing, f"Chinese pages missing from the build: {missing}"


def test_heading_ids_match_across_languages(site_dir: Path):
    for english, chinese in page_pairs(site_dir):
        english_ids = heading_ids(read_html(english))
        chinese_ids = heading_ids(read_html(chinese))
        page = english.relative_to(site_dir).as_posix()
        assert "" not in english_ids, f"{page}: heading without an id"
        assert "" not in chinese_ids, f"{TRANSLATION}/{page}: heading without an id"
        assert english_ids == chinese_ids, (
            f"{page}: heading ids differ; only in English: {sorted(english_ids - chinese_ids)}, "
            f"only in {TRANSLATION}: {sorted(chinese_ids - english_ids)}"
        )


def test_language_switch_links_same_page(site_dir: Path):
    for english, chinese in page_pairs(site_dir):
        english_url = page_url(site_dir, english)
        chinese_url = page_url(site_dir, chinese)

        to_chinese = language_link(read_html(english), TRANSLATION)
        assert to_chinese is not None, f"{english_url}: no language switch link to {TRANSLATION}"
        assert resolve(to_chinese, english_url) == chinese_url, (
            f"{english_url}: switch link {to_chinese!r} does not lead to {chinese_url}"
        )

        to_english = language_link(read_html(chinese), "en")
        assert to_english is not None, f"{chinese_url}: no language switch link to en"
        assert resolve(to_english, chinese_url) == english_url, (
            f"{chinese_url}: switch link {to_english!r} does not lead to {english_url}"
        )


def test_search_index_has_chinese_words(site_dir: Path):
    config, entries = search_entries(site_dir)
    separator = re.compile(config["separator"])
    assert separator.split("a\u200bb") == ["a", "b"], (
        f"search separator {config['separator']!r} does not split on U+200B, "
        "which jieba segmentation inserts between Chinese words"
    )

    chinese = [entry for entry in entries if entry["location"].startswith(f"{TRANSLATION}/")]
    assert chinese, "search index has no Chinese entries"
    texts = [plain_text(entry["text"]) for entry in chinese]

    runs = [run for text in texts for run in re.findall(r"[\u4e00-\u9fff]+", text.replace("\u200b", ""))]
    assert any(CHINESE_WORD in run and len(run) > len(CHINESE_WORD) for run in runs), (
        f"no Chinese page has {CHINESE_WORD!r} inside a sentence"
    )
    tokens = {token for text in texts for token in separator.split(text)}
    assert CHINESE_WORD in tokens, f"{CHINESE_WORD!r} is not a search token of its own"


def test_search_index_has_english_words(site_dir: Path):
    config, entries = search_entries(site_dir)
    separator = re.compile(config["separator"])
    english = [entry for entry in entries if not entry["location"].startswith(f"{TRANSLATION}/")]
    tokens = {
        token.strip(".,:;()").lower()
        for entry in english
        for token in separator.split(plain_text(entry["text"]))
    }
    assert ENGLISH_WORD in tokens, f"{ENGLISH_WORD!r} is not a search token"


# ---------------------------------------------------------------------------
# No requests to other hosts
# ---------------------------------------------------------------------------


def test_html_loads_nothing_from_other_hosts(site_dir: Path):
    for path in sorted(site_dir.rglob("*.html")):
        soup = read_html(path)
        page = path.relative_to(site_dir).as_posix()
        for tag_name, attribute in LOADING_ATTRIBUTES:
            for tag in soup.find_all(tag_name, attrs={attribute: True}):
                # A srcset lists "URL width" pairs separated by commas.
                for candidate in re.split(r",\s*", tag[attribute]):
                    url = candidate.split()[0] if candidate.split() else ""
                    host = external_host(url)
                    assert host is None, f"{page}: <{tag_name} {attribute}={url!r}> loads from {host}"
        for tag in soup.find_all(["script", "style"]):
            hosts = cdn_hosts(tag.get_text())
            assert not hosts, f"{page}: inline <{tag.name}> names CDN hosts {sorted(hosts)}"
        # Material loads Mermaid from unpkg when a page has a .mermaid element.
        assert soup.select_one(".mermaid") is None, f"{page}: a Mermaid diagram loads Mermaid from unpkg"


def test_css_loads_nothing_from_other_hosts(site_dir: Path):
    stylesheets = sorted(site_dir.rglob("*.css"))
    assert stylesheets, "no stylesheets in the build"
    for path in stylesheets:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(site_dir).as_posix()
        for match in CSS_URL.finditer(text):
            url = match.group(1) or match.group(2)
            if url.startswith("data:"):
                continue
            host = external_host(url)
            assert host is None, f"{name}: url {url!r} loads from {host}"
        hosts = cdn_hosts(text)
        assert not hosts, f"{name} names CDN hosts {sorted(hosts)}"


def test_javascript_names_no_cdn_host(site_dir: Path):
    scripts = sorted(site_dir.rglob("*.js"))
    assert scripts, "no scripts in the build"
    for path in scripts:
        name = path.relative_to(site_dir).as_posix()
        allowed = set()
        for pattern, hosts in ALLOWED_CDN_HOSTS.items():
            if PurePosixPath(name).match(pattern):
                allowed |= hosts
        unexpected = sorted(cdn_hosts(path.read_text(encoding="utf-8")) - allowed)
        assert not unexpected, f"{name} names CDN hosts {unexpected}"


def test_own_javascript_has_no_urls(site_dir: Path):
    own = site_dir / MATHJAX_CONFIG_SCRIPT
    assert own.is_file(), f"{MATHJAX_CONFIG_SCRIPT} missing from the build"
    assert not re.search(r"https?://", own.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Math
# ---------------------------------------------------------------------------


def test_mathjax_in_build(site_dir: Path):
    script = site_dir / MATHJAX_SCRIPT
    assert script.is_file(), f"{MATHJAX_SCRIPT} missing from the build"
    assert script.stat().st_size > 1_000_000, f"{MATHJAX_SCRIPT} is too small to be MathJax"
    # MathJax's autoload fetches these on first use of \boldsymbol or \cancel.
    extensions = site_dir / "javascripts/mathjax/input/tex/extensions"
    assert (extensions / "boldsymbol.js").is_file()
    assert (extensions / "cancel.js").is_file()
    # The speech rule engine fetches its locale data from here.
    assert (site_dir / "javascripts/mathjax/sre/mathmaps/en.json").is_file()


def test_every_page_loads_mathjax(site_dir: Path):
    for path in sorted(site_dir.rglob("*.html")):
        url = page_url(site_dir, path)
        sources = [resolve(tag["src"], url) for tag in read_html(path).find_all("script", src=True)]
        page = path.relative_to(site_dir).as_posix()
        assert f"/{MATHJAX_SCRIPT}" in sources, f"{page} does not load MathJax"
        assert f"/{MATHJAX_CONFIG_SCRIPT}" in sources, f"{page} does not load the MathJax configuration"
        assert sources.index(f"/{MATHJAX_CONFIG_SCRIPT}") < sources.index(f"/{MATHJAX_SCRIPT}"), (
            f"{page} loads MathJax before its configuration"
        )


# ---------------------------------------------------------------------------
# Notebooks
# ---------------------------------------------------------------------------


def test_notebook_pages_rendered(site_dir: Path):
    pages = notebook_page_paths(site_dir)
    assert pages, f"no notebook sources in {DOCS_DIR / 'labs'}"
    for path in pages:
        name = path.relative_to(site_dir).as_posix()
        assert path.is_file(), f"notebook page {name} missing from the build"
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        assert "# %%" not in text, f"{name} contains raw jupytext source"
        assert soup.select(".jp-Cell.jp-MarkdownCell"), f"{name} has no rendered Markdown cell"
        assert soup.select(".jp-Cell.jp-CodeCell"), f"{name} has no rendered code cell"
        assert soup.select(".jp-CodeCell .jp-OutputArea-output"), f"{name} has no cell output"
        # nbconvert's MathJax 2 loader with an empty URL would load the page itself.
        assert not soup.find("script", src=""), f"{name} has a <script> with an empty src"


def test_regression_lab_outputs(site_dir: Path):
    for language_dir in ("", TRANSLATION):
        path = site_dir / language_dir / "labs" / "regression" / "index.html"
        soup = read_html(path)
        name = path.relative_to(site_dir).as_posix()
        images = soup.select(".jp-OutputArea-output img")
        assert images, f"{name} has no image output"
        assert images[0]["src"].startswith("data:image/png;base64,"), f"{name}: plot is not an inline PNG"
        # nbconvert leaves $...$ in Markdown cells for MathJax to typeset.
        markdown = " ".join(cell.get_text() for cell in soup.select(".jp-RenderedMarkdown"))
        assert re.search(r"\$[^$]+\$", markdown), f"{name}: no $...$ math left in the Markdown cells"


@pytest.mark.parametrize("language_dir", ["", TRANSLATION])
def test_notebook_toc_matches_headings(site_dir: Path, language_dir: str):
    path = site_dir / language_dir / "labs" / "regression" / "index.html"
    soup = read_html(path)
    toc_targets = {
        link["href"].removeprefix("#")
        for link in soup.select("nav.md-nav--secondary a.md-nav__link[href^='#']")
    }
    ids = heading_ids(soup)
    assert toc_targets, f"{path.relative_to(site_dir)} has no table of contents"
    assert toc_targets <= ids, f"table of contents links to missing ids {sorted(toc_targets - ids)}"
