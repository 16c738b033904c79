"""Number, table and line formatting shared by the page's sections."""

import re

# A sentence ends at ". " before a capital, a backtick or bold text (English),
# or at "。" (Chinese). Abbreviations such as "e.g." precede lowercase words.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*(])|(?<=[。！？])(?=\S)")


def text(language, en, zh):
    """Return ``en`` or ``zh`` for the page language "en" or "zh"."""
    return en if language == "en" else zh


def format_seconds(seconds):
    """Format seconds with a unit and three significant digits: 6.71 ms, 412 µs; a dash for None."""
    if seconds is None:
        return "—"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if abs(seconds) >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_ratio(ratio):
    """Format a ratio as 1.07x or 2,345x; a dash for None."""
    if ratio is None:
        return "—"
    return f"{ratio:.3g}x" if ratio < 1000 else f"{ratio:,.0f}x"


def table(header, rows):
    """Return the lines of a markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def one_sentence_per_line(lines):
    """Split prose lines into one sentence per line, as every page of the site is written.

    Tables, headings, images and code blocks stay as they are. The sentences
    of a list item after its first are indented, so they stay in the item.
    """
    result = []
    in_code = False
    for line in lines:
        if line.startswith("```"):
            in_code = not in_code
        if in_code or line.startswith(("```", "|", "#", "!", "    ")) or not line.strip():
            result.append(line)
            continue
        indent = "  " if line.startswith("- ") else ""
        parts = SENTENCE_END.split(line)
        result.append(parts[0])
        result += [indent + part for part in parts[1:]]
    return result
