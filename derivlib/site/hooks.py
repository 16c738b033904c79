"""MkDocs hooks that ship MathJax locally and publish the labs as notebook pages.

mkdocs.yml lists this file under ``hooks:``. It does three jobs that plain
configuration cannot:

* MathJax 3.2.2 from the installed ``django-static-mathjax`` package. The site
  loads it from its own files, so math renders with no CDN, under both
  ``mkdocs build`` and ``mkdocs serve``. Besides the combined component, the
  build gets the files that it loads on demand: the TeX extensions, on first
  use of macros such as ``\\boldsymbol`` or ``\\cancel``, and the speech
  rule engine's locale data, when a reader changes the speech settings in
  MathJax's menu.
* Rendered pages for the jupytext notebooks under ``labs/`` in every language.
  mkdocs-static-i18n 1.3.1 rebuilds every file object in its own ``on_files``
  as a plain ``File``, which drops mkdocs-jupyter's notebook wrapper. The
  ``.py`` source is then copied verbatim to the page's ``index.html`` and the
  build still passes. ``on_files`` below runs after the i18n plugin and turns
  those files back into documentation pages, which mkdocs-jupyter then
  executes and renders.
* A safe execution cache for the labs, so that ``mkdocs serve`` does not
  execute every notebook again after an edit to one page. mkdocs-jupyter's
  own cache is keyed on the notebook file alone, so a change to derivlib
  would leave stale outputs. Here each executed notebook is stored under
  ``.cache/labs/KEY/``, where KEY hashes every derivlib source file, the
  pinned requirements and the Python version, so any such change starts
  from an empty cache. The English and Chinese runs of a lab also share their
  experiments' results (``derivlib.experiments.cache``), so each experiment
  runs once per build. ``DERIVLIB_LAB_CACHE=0`` turns both caches off.
* Clean-up of the notebook HTML. ``on_page_content`` removes the loaders that
  nbconvert's template puts on every notebook page (MathJax 2 and Mermaid,
  both from cdnjs), and applies explicit heading ids written as
  ``## 梯度 { #gradient }``, as on the Markdown pages.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import os
import shutil
import sys
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

log = get_plugin_logger(__name__)

# MathJax's own folder in the build. The MathJax entry of extra_javascript in
# mkdocs.yml is MATHJAX_DEST_DIR/MATHJAX_COMPONENT.
MATHJAX_DEST_DIR = "javascripts/mathjax"

# MathJax's folder inside the `mathjax` package that django-static-mathjax
# installs.
MATHJAX_PACKAGE_DIR = ("static", "mathjax", "es5")

# The combined component (TeX and MathML input, SVG output), which needs no
# font files.
MATHJAX_COMPONENT = "tex-mml-svg.js"

# Folders of files that MathJax loads on demand, relative to [mathjax], the
# folder of the combined component:
# - TeX extensions, requested by MathJax's autoload extension. Without them a
#   page that uses \boldsymbol, \cancel, \color and similar macros shows a
#   MathJax error.
# - Locale data of the speech rule engine, requested when a reader changes
#   the speech settings in MathJax's menu. docs/javascripts/mathjax.js points
#   the engine here, because its default location is a CDN.
MATHJAX_ON_DEMAND_DIRS = ("input/tex/extensions", "sre/mathmaps")

# mkdocs-static-i18n registers its on_files at priority -100. A lower priority
# runs later.
AFTER_I18N_PRIORITY = -200


class NotebookPageFile(File):
    """A notebook source file that MkDocs treats as a documentation page.

    mkdocs-jupyter renders a page whose source matches its ``include``
    patterns. MkDocs itself only makes pages of Markdown files, so this class
    overrides the check for the notebook sources.
    """

    def is_documentation_page(self) -> bool:
        return True


def find_mathjax_dir() -> Path:
    """Return MathJax's ``es5`` folder in the installed django-static-mathjax package.

    Raises
    ------
    PluginError
        If the package is not installed or lacks the combined component.
    """
    try:
        package_root = importlib.resources.files("mathjax")
    except ModuleNotFoundError as error:
        raise PluginError(
            "MathJax not found: the Python package 'mathjax' is missing. "
            "Install the docs dependencies: pip install -e '.[docs]'"
        ) from error

    mathjax_dir = Path(str(package_root.joinpath(*MATHJAX_PACKAGE_DIR)))
    if not (mathjax_dir / MATHJAX_COMPONENT).is_file():
        raise PluginError(
            f"MathJax not found: {mathjax_dir / MATHJAX_COMPONENT} does not exist. "
            "Reinstall django-static-mathjax 3.2.x."
        )
    return mathjax_dir


def add_mathjax(files: Files, config: MkDocsConfig) -> None:
    """Add MathJax's combined component and its on-demand files as generated files."""
    mathjax_dir = find_mathjax_dir()
    sources = [mathjax_dir / MATHJAX_COMPONENT]
    for folder in MATHJAX_ON_DEMAND_DIRS:
        sources += sorted(path for path in (mathjax_dir / folder).iterdir() if path.is_file())
    for source in sources:
        dest_uri = posixpath.join(MATHJAX_DEST_DIR, source.relative_to(mathjax_dir).as_posix())
        files.append(File.generated(config, dest_uri, abs_src_path=str(source)))


def notebook_dest_uri(norm_src_uri: str, language_dir: str, use_directory_urls: bool) -> str:
    """Return the output path of a notebook page, such as ``zh/labs/regression/index.html``.

    ``norm_src_uri`` is the source path without its language suffix
    (``labs/regression.py``). ``language_dir`` is ``""`` for the default
    language and the locale (``"zh"``) otherwise.
    """
    stem = posixpath.splitext(norm_src_uri)[0]
    if use_directory_urls and posixpath.basename(stem) != "index":
        page_path = f"{stem}/index.html"
    else:
        page_path = f"{stem}.html"
    return posixpath.join(language_dir, page_path)


def publish_notebooks(files: Files, config: MkDocsConfig) -> None:
    """Replace each notebook source among ``files`` by a documentation page.

    Under mkdocs-static-i18n, the page goes to the current language's folder
    and lists its counterparts in the other languages, so that the language
    switcher links the same page. Nothing changes without mkdocs-jupyter.
    """
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return
    i18n = config.plugins.get("i18n")

    notebooks = [
        file
        for file in files
        if not file.is_documentation_page() and jupyter.should_include(file)
    ]
    for source in notebooks:
        page = make_notebook_page(source, config, i18n)
        files.remove(source)
        files.append(page)
        log.debug("Publishing notebook %s as page %s", source.src_uri, page.dest_uri)

    if i18n is not None and notebooks:
        # The i18n plugin recorded the pages of this language for its
        # sitemap.xml before this hook ran, so the notebook pages were missing.
        i18n.i18n_files_per_language[i18n.current_language] = files.documentation_pages()


def make_notebook_page(
    source: File, config: MkDocsConfig, i18n: BasePlugin | None
) -> NotebookPageFile:
    """Build the page file for one notebook source.

    ``i18n`` is the mkdocs-static-i18n plugin instance or ``None``. The page
    reads the attributes that version 1.3.1 of the plugin sets on its files
    (``norm_src_uri``, ``locale``, ``alternates`` and others) and its
    ``current_language``, ``default_language`` and ``build_languages``.
    """
    norm_src_uri = getattr(source, "norm_src_uri", source.src_uri)

    def dest_uri_for(language: str | None) -> str:
        language_dir = ""
        if i18n is not None and language != i18n.default_language:
            language_dir = language
        return notebook_dest_uri(norm_src_uri, language_dir, config.use_directory_urls)

    current_language = i18n.current_language if i18n is not None else None
    page = NotebookPageFile(
        source.src_uri,
        config.docs_dir,
        config.site_dir,
        config.use_directory_urls,
        dest_uri=dest_uri_for(current_language),
        inclusion=source.inclusion,
    )
    if i18n is None:
        return page

    # The i18n plugin strips the locale from the name ("regression.zh" becomes
    # "regression") and reads the other attributes in its page context and
    # sitemap events.
    for attribute in ("name", "locale", "localization", "locale_alternate_of", "norm_src_uri"):
        if hasattr(source, attribute):
            setattr(page, attribute, getattr(source, attribute))

    # The plugin computed the alternates for a static file, which are wrong
    # for a page. With fallback_to_default each language build has this page,
    # in the language's folder, so the alternate URLs follow from the path.
    page.alternates = {current_language: page}
    for language in i18n.build_languages:
        if language != current_language:
            page.alternates[language] = File(
                norm_src_uri,
                config.docs_dir,
                config.site_dir,
                config.use_directory_urls,
                dest_uri=dest_uri_for(language),
            )
    return page


# nbconvert 7.17 writes its MathJax 2 loader between these two comments
# (template base/mathjax.html.j2). mkdocs-jupyter passes an empty URL, so the
# browser would load the page itself as a script. The site loads MathJax 3.
NBCONVERT_MATHJAX_LOADER = re.compile(
    r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL
)

# nbconvert's Mermaid loader (template lab/mermaidjs.html.j2) imports Mermaid
# from cdnjs when a page has a diagram. Without it, a Mermaid cell shows its
# source text.
NBCONVERT_MERMAID_LOADER = re.compile(
    r'<script type="module">(?:(?!</script>).)*?\.jp-Mermaid(?:(?!</script>).)*</script>',
    re.DOTALL,
)

# An explicit heading id at the end of the heading text, as in attr_list:
# "梯度 { #gradient }".
EXPLICIT_ID = re.compile(r"\s*\{\s*#(?P<id>[A-Za-z][\w.:-]*)\s*\}\s*$")

# A heading as nbconvert renders it: the id is a slug of the text, and a
# permalink follows the text.
NBCONVERT_HEADING = re.compile(
    r'<h(?P<level>[1-6]) id="(?P<id>[^"]*)">(?P<text>(?:(?!</h[1-6]>).)*?)'
    r'<a class="anchor-link" href="#[^"]*">',
    re.DOTALL,
)


def remove_cdn_loaders(html: str) -> str:
    """Remove nbconvert's MathJax 2 and Mermaid loaders from notebook HTML."""
    html = NBCONVERT_MATHJAX_LOADER.sub("", html)
    return NBCONVERT_MERMAID_LOADER.sub("", html)


def apply_heading_ids(html: str, page: Page) -> str:
    """Apply the explicit ``{ #id }`` heading ids of a notebook page.

    Both nbconvert and the table of contents that mkdocs-jupyter builds derive
    heading ids from the ASCII letters and digits of the heading text. A
    heading in Chinese gets an empty id in the HTML, and a translated heading
    gets another id than the English one. An explicit id replaces the derived one in the HTML, the
    table of contents and the page title, and the marker is removed from the
    text. A heading left with an empty id logs a warning, which fails a
    ``--strict`` build.
    """

    def replace_heading(match: re.Match) -> str:
        text = match["text"]
        heading_id = match["id"]
        explicit = EXPLICIT_ID.search(text)
        if explicit:
            heading_id = explicit["id"]
            text = text[: explicit.start()]
        elif not heading_id:
            log.warning(
                "Heading %r in %s has an empty id. Add an explicit id at the end "
                "of the heading, such as '%s %s { #gradient }'.",
                text,
                page.file.src_uri,
                "#" * int(match["level"]),
                text,
            )
        return (
            f'<h{match["level"]} id="{heading_id}">{text}'
            f'<a class="anchor-link" href="#{heading_id}">'
        )

    for link in iter_anchor_links(page.toc):
        explicit = EXPLICIT_ID.search(link.title)
        if explicit:
            link.id = explicit["id"]
            link.title = link.title[: explicit.start()]

    if page.title:
        page.title = EXPLICIT_ID.sub("", page.title)

    return NBCONVERT_HEADING.sub(replace_heading, html)


def iter_anchor_links(links: Iterable[AnchorLink]) -> Iterator[AnchorLink]:
    """Yield every entry of a table of contents, depth first."""
    for link in links:
        yield link
        yield from iter_anchor_links(link.children)


def lab_cache_key(root: Path) -> str:
    """Hash everything a lab's output depends on besides the notebook itself."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted((root / "derivlib").rglob("*.py")) + [root / "requirements.txt"]:
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_conversion(convert: Callable[..., str], cache_dir: Path) -> Callable[..., str]:
    """Wrap mkdocs-jupyter's ``nb2html`` so that each executed notebook is stored in ``cache_dir``.

    The file name hashes the notebook and the conversion options, and the
    folder name hashes everything else the output depends on.
    """

    @functools.wraps(convert)
    def convert_with_cache(nb_path, **options):
        digest = hashlib.sha256(Path(nb_path).read_bytes())
        digest.update(repr(sorted(options.items())).encode())
        stored = cache_dir / f"{digest.hexdigest()[:32]}.html"
        if stored.is_file():
            log.info("Executed notebook taken from the cache: %s", nb_path)
            return stored.read_text(encoding="utf-8")
        html = convert(nb_path, **options)
        cache_dir.mkdir(parents=True, exist_ok=True)
        stored.write_text(html, encoding="utf-8")
        return html

    convert_with_cache.uncached = convert
    return convert_with_cache


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if os.environ.get("DERIVLIB_LAB_CACHE", "1") == "0":
        return config
    from mkdocs_jupyter import convert as notebook_conversion

    from derivlib.experiments.cache import CACHE_VARIABLE

    root = Path(config.config_file_path).parent
    cache_root = root / ".cache" / "labs"
    cache_dir = cache_root / lab_cache_key(root)
    if cache_root.is_dir():
        for stale in cache_root.iterdir():
            if stale != cache_dir:
                shutil.rmtree(stale, ignore_errors=True)
    original = getattr(notebook_conversion.nb2html, "uncached", notebook_conversion.nb2html)
    notebook_conversion.nb2html = cached_conversion(original, cache_dir)
    # The notebook kernels inherit this variable: the English and the Chinese
    # run of a lab then share each experiment's result.
    os.environ[CACHE_VARIABLE] = str(cache_dir / "experiments")
    return config


@event_priority(AFTER_I18N_PRIORITY)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    add_mathjax(files, config)
    publish_notebooks(files, config)
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None or not jupyter.should_include(page.file):
        return html
    html = remove_cdn_loaders(html)
    return apply_heading_ids(html, page)
