"""Shared fixtures: one strict MkDocs build of the site per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Executing the notebooks and checking the equations dominate the build time.
# The limit is a generous estimate: a cold build took 26 s on a 2-core machine
# when it was set.
BUILD_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class SiteBuild:
    """Result of ``mkdocs build --strict --clean`` into a temporary folder."""

    site_dir: Path
    returncode: int
    output: str


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """Build the site once per session with the mkdocs of this Python."""
    site_dir = tmp_path_factory.mktemp("site")
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--clean",
        "--config-file",
        str(REPO_ROOT / "mkdocs.yml"),
        "--site-dir",
        str(site_dir),
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    completed = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )
    return SiteBuild(site_dir, completed.returncode, completed.stdout)


@pytest.fixture(scope="session")
def site_dir(site_build: SiteBuild) -> Path:
    """Return the folder of the built site, or fail if the build failed."""
    if site_build.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict failed with exit code {site_build.returncode}; "
            "test_strict_build_passes shows its output",
            pytrace=False,
        )
    return site_build.site_dir
