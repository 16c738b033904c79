"""MkDocs hook that shows the extreme-input and invalid-input cases of a model as a table.

A page line ``{{ cases MODEL }}`` becomes a Markdown table of the cases of
``derivlib.cases`` for that model key. Each case is run at build time, and a
case whose outcome differs from the expected one fails the build, so the
outcome column shows what the code does. The English and Chinese pages show
the same inputs and outcomes; only the descriptions and headers differ.
"""

import re

from mkdocs.exceptions import PluginError

from derivlib import cases

PLACEHOLDER = re.compile(r"^\{\{ cases ([\w\-]+) \}\}$", re.M)

WORDS = {
    "en": {
        "headers": ("Id", "Case", "Input", "Outcome"),
        "finite": "finite: {value}",
        "rejected": "ValueError naming `{argument}`: {words}",
    },
    "zh": {
        "headers": ("编号", "情形", "输入", "结果"),
        "finite": "有限值：{value}",
        "rejected": "ValueError，指出 `{argument}`：{words}",
    },
}


def page_locale(page):
    """Return "zh" for a Chinese page (``name.zh.md``), else "en"."""
    return "zh" if page.file.src_uri.endswith(".zh.md") else "en"


def table_cell(text):
    """Escape a cell's text for a Markdown table: a bare ``|`` would start a new cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def outcome_text(case, observation, locale):
    words = WORDS[locale]
    if isinstance(case.expect, cases.Rejected):
        quoted = ", ".join(f"“{word}”" for word in case.expect.words)
        return words["rejected"].format(argument=case.expect.argument, words=quoted)
    return words["finite"].format(value=f"`{cases.describe_value(observation.result)}`")


def render_table(model, locale):
    """Run every case of ``model`` and return its table in Markdown; raise ``PluginError`` on a failed case."""
    try:
        selected = cases.cases_of(model)
    except KeyError as error:
        raise PluginError(error.args[0]) from None
    headers = WORDS[locale]["headers"]
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "---|" * len(headers),
    ]
    for case in selected:
        try:
            observation = cases.check(case)
        except cases.CaseFailure as failure:
            raise PluginError(f"case {model}/{case.id} failed: {failure}") from None
        cells = (
            f"`{case.id}`",
            case.zh if locale == "zh" else case.en,
            f"`{cases.describe_call(case)}`",
            outcome_text(case, observation, locale),
        )
        lines.append("| " + " | ".join(table_cell(cell) for cell in cells) + " |")
    return "\n".join(lines)


def on_page_markdown(markdown, page, config, files):
    locale = page_locale(page)
    return PLACEHOLDER.sub(lambda match: render_table(match[1], locale), markdown)
