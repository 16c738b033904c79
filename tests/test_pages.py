"""The display equations on the built derivation pages are the checked ones, in both languages."""

import html
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from derivlib.symbolic import equation

MODELS = Path(__file__).parent.parent / "docs" / "models"
PAGES = sorted(p.stem for p in MODELS.glob("*.md") if not p.name.endswith(".zh.md"))


def built_page(site_dir, name, language):
    prefix = site_dir / "zh" if language == "zh" else site_dir
    return BeautifulSoup((prefix / "models" / name / "index.html").read_text(encoding="utf-8"), "html.parser")


def display_math(soup):
    """Return every display-math element of the article."""
    article = soup.select_one("article")
    return [e for e in article.select("div.arithmatex") if e.get_text().lstrip().startswith("\\[")]


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("name", PAGES)
def test_every_display_equation_verified(site_dir, name, language):
    soup = built_page(site_dir, name, language)
    equations = display_math(soup)
    assert equations, f"{name} ({language}) shows no display equation"
    for element in equations:
        wrapper = element.find_parent("div", class_="verified-equation")
        assert wrapper is not None, f"unchecked display equation on {name}: {element.get_text()[:80]}"
        tex = element.get_text().strip().removeprefix("\\[").removesuffix("\\]").strip()
        assert tex == equation(wrapper["data-equation"]).latex()
        assert wrapper["id"] == equation(wrapper["data-equation"]).anchor
        assert wrapper.select_one("a.verified-badge") is not None


@pytest.mark.parametrize("name", PAGES)
def test_languages_show_same_equations(site_dir, name):
    keys = {
        language: [w["data-equation"] for w in built_page(site_dir, name, language).select("div.verified-equation")]
        for language in ("en", "zh")
    }
    assert keys["en"] == keys["zh"]


@pytest.mark.parametrize("name", PAGES)
def test_languages_show_same_code(site_dir, name):
    blocks = {
        language: [html.unescape(b.get_text()) for b in built_page(site_dir, name, language).select("article pre")]
        for language in ("en", "zh")
    }
    assert blocks["en"] == blocks["zh"]


def test_wrong_equation_fails_build(tmp_path):
    from derivlib.site import equations as hook

    class File:
        src_uri = "models/page.md"

    class Page:
        file = File()
        url = "models/page/"

    with pytest.raises(Exception, match="unknown equation 'linear-regression.missing'"):
        hook.on_page_markdown("{{ equation linear-regression.missing }}\n", Page(), {"docs_dir": str(tmp_path)}, None)
