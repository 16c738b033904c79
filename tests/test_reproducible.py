"""Two clean builds write the same HTML for every derivation page, in both languages.

The session's build (the ``site_dir`` fixture) executes the labs. A second
build here skips lab execution (``DERIVLIB_EXECUTE_LABS=false``) and the lab
cache (``DERIVLIB_LAB_CACHE=0``), which takes seconds instead of a minute.
The derivation pages must not depend on the labs, so comparing whole files
checks that assumption as well as the determinism of the build: a build date,
a random id or an unordered set in a page would show up as a difference.

The second build also sets SOURCE_DATE_EPOCH, which the Makefile sets to the
time of the last commit. MkDocs dates sitemap.xml with it instead of the
build time, and the pages must not change with it.
"""

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_SOURCES = REPO_ROOT / "docs" / "models"
LANGUAGE_DIRS = ("", "zh")
# 1970-01-02, a date that no real build has.
SOURCE_DATE_EPOCH = "86400"
BUILD_TIMEOUT_SECONDS = 600


def derivation_pages():
    """Return the site paths of the derivation pages, such as ``models/perceptron/index.html``."""
    stems = sorted(p.stem for p in MODEL_SOURCES.glob("*.md") if not p.name.endswith(".zh.md"))
    return [f"models/{stem}/index.html" for stem in stems]


@pytest.fixture(scope="module")
def build_without_labs(tmp_path_factory):
    """Build the site a second time, without executing the labs; return its folder."""
    site_dir = tmp_path_factory.mktemp("site-without-labs")
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "DERIVLIB_EXECUTE_LABS": "false",
        "DERIVLIB_LAB_CACHE": "0",
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
    }
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )
    assert completed.returncode == 0, f"build without labs failed:\n{completed.stdout[-3000:]}"
    return site_dir


def first_difference(expected, actual, name):
    diff = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), f"{name} (full build)", f"{name} (second build)", n=1, lineterm=""
    )
    return "\n".join(line[:200] for line in list(diff)[:12])


def test_derivation_pages_found():
    assert len(derivation_pages()) >= 5, f"too few pages under {MODEL_SOURCES}"


@pytest.mark.parametrize("language_dir", LANGUAGE_DIRS)
@pytest.mark.parametrize("page", derivation_pages())
def test_derivation_page_identical_across_builds(site_dir, build_without_labs, language_dir, page):
    name = f"{language_dir}/{page}".lstrip("/")
    expected = (site_dir / name).read_text(encoding="utf-8")
    actual = (build_without_labs / name).read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs between two builds:\n{first_difference(expected, actual, name)}"


def test_second_build_skipped_lab_execution(site_dir, build_without_labs):
    # Without this, the comparison could be between two full builds, and the
    # claim that the derivation pages do not depend on the labs would be untested.
    page = "labs/regression/index.html"
    executed = BeautifulSoup((site_dir / page).read_text(encoding="utf-8"), "html.parser")
    skipped = BeautifulSoup((build_without_labs / page).read_text(encoding="utf-8"), "html.parser")
    assert executed.select(".jp-OutputArea-output"), f"{page} of the full build has no cell output"
    assert not skipped.select(".jp-OutputArea-output"), f"{page} of the second build has cell outputs"


def test_sitemap_dated_by_source_date_epoch(build_without_labs):
    sitemap = (build_without_labs / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap))
    assert dates == {"1970-01-02"}
