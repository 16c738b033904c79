"""MkDocs hook that puts checked equations, code and examples on the pages.

A page never types a display equation. It names one on a line of its own,
and this hook replaces the line before Markdown runs:

    {{ equation logistic-ce.chain }}       the equation, with a "checked" badge
    {{ source derivlib.linear_regression.loss_and_gradient }}   the code
    {{ example linear-regression }}        docs/examples/linear-regression.pycon

Equations come from ``derivlib.symbolic`` and are checked when first used,
so a page that shows a wrong step fails the build. The English and Chinese
pages name the same keys and so show the same equations and code.
"""

import ast
import html
import inspect
import posixpath
import re
import textwrap
from importlib import import_module
from pathlib import Path

from mkdocs.exceptions import PluginError

PLACEHOLDER = re.compile(r"^([ \t]*)\{\{ (equation|source|example) ([\w.\-]+) \}\}[ \t]*$", re.M)
# An equation is rendered to HTML in two steps: a token takes its place in the
# Markdown, so that it may sit indented inside content tabs or lists, and the
# token's paragraph is replaced by the HTML after Markdown has run.
TOKEN = "derivlib-equation-{}"

BADGE = {
    "en": {
        "text": "✓ SymPy",
        "proved": "Checked by SymPy: every form equals the reference value ({detail}).",
        "probable": "Checked by SymPy at random points only ({detail}).",
        "definition": "A definition: the expression that the checks start from.",
        "batch": "Checked by SymPy: equal, entry by entry, to the gradient of the summed loss ({detail}).",
    },
    "zh": {
        "text": "✓ SymPy",
        "proved": "已由 SymPy 验证：每一步都等于参考值（{detail}）。",
        "probable": "仅在随机点上由 SymPy 验证（{detail}）。",
        "definition": "定义：各项检验由此式出发。",
        "batch": "已由 SymPy 验证：与批量损失的梯度逐项相等（{detail}）。",
    },
}
CHECKS_PAGE = "conventions/"
CHECKS_ANCHOR = "#checks"


def page_locale(page):
    """Return "zh" for a Chinese page (``name.zh.md``), else "en"."""
    return "zh" if page.file.src_uri.endswith(".zh.md") else "en"


def equation_status(equation):
    """Check one equation (cached per model) and return (status, detail); raise if it fails."""
    from derivlib import verify

    model = equation.key.split(".", 1)[0]
    if equation.kind == "batch":
        compared, mismatches = verify.batch_result(model)
        if mismatches:
            raise PluginError(f"equation {equation.key} failed its check: {mismatches[0]}")
        return "batch", f"{compared} entries"
    result = verify.step_results(model)[equation.key]
    if result.status == "failed":
        raise PluginError(f"equation {equation.key} failed its check: {result.detail}")
    return result.status, result.detail


def render_equation(key, page):
    from derivlib.symbolic import equation as lookup

    try:
        equation = lookup(key)
    except KeyError as error:
        raise PluginError(f"{page.file.src_uri}: {error.args[0]}") from None
    status, detail = equation_status(equation)
    words = BADGE[page_locale(page)]
    prefix = "zh/" if page_locale(page) == "zh" else ""
    href = posixpath.relpath(prefix + CHECKS_PAGE, page.url or ".") + "/" + CHECKS_ANCHOR
    title = words[status].format(detail=detail)
    tex = html.escape(equation.latex(), quote=False)
    return (
        f'<div class="verified-equation" id="{equation.anchor}" data-equation="{key}"'
        f' data-status="{status}">\n'
        f'<div class="arithmatex">\\[\n{tex}\n\\]</div>\n'
        f'<a class="verified-badge" href="{href}" title="{html.escape(title)}">{words["text"]}</a>\n'
        "</div>"
    )


def function_source(dotted):
    """Return the source of a function without its docstring."""
    module_name, _, name = dotted.rpartition(".")
    function = getattr(import_module(module_name), name)
    lines, first = inspect.getsourcelines(function)
    body = ast.parse("".join(lines).replace("\r", "")).body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        start, end = body[0].lineno - 1, body[0].end_lineno
        lines = lines[:start] + lines[end:]
    return "".join(lines).rstrip()


def render_source(dotted, page):
    try:
        code = function_source(dotted)
    except (ImportError, AttributeError, ValueError) as error:
        raise PluginError(f"{page.file.src_uri}: cannot show the source of {dotted}: {error}") from None
    return f'```python title="{dotted}"\n{code}\n```'


def render_example(name, page, config):
    path = Path(config["docs_dir"]) / "examples" / f"{name}.pycon"
    if not path.is_file():
        raise PluginError(f"{page.file.src_uri}: example {path} not found")
    return f"```pycon\n{path.read_text(encoding='utf-8').rstrip()}\n```"


def on_page_markdown(markdown, page, config, files):
    equations = []

    def replace(match):
        indent, kind, argument = match.groups()
        if kind == "equation":
            equations.append(render_equation(argument, page))
            return indent + TOKEN.format(len(equations) - 1)
        if kind == "source":
            block = render_source(argument, page)
        else:
            block = render_example(argument, page, config)
        return textwrap.indent(block, indent)

    markdown = PLACEHOLDER.sub(replace, markdown)
    page.derivlib_equations = equations
    return markdown


def on_page_content(html, page, config, files):
    for index, block in enumerate(getattr(page, "derivlib_equations", [])):
        token = TOKEN.format(index)
        html, count = re.subn(rf"<p>{token}</p>", lambda _: block, html)
        if count != 1:
            raise PluginError(
                f"{page.file.src_uri}: equation {index + 1} did not become a paragraph of its own; "
                "put a blank line before and after each {{ equation ... }} line."
            )
    return html
