"""MkDocs hook that lets ``DERIVLIB_EXECUTE_LABS=false`` build the labs without running them.

A build without lab execution takes seconds instead of a minute. Its lab
pages show the code cells with no outputs, and every other page must be
the same as in a full build, which tests/test_reproducible.py checks. The
switch is an environment variable, not ``!ENV`` in mkdocs.yml, because
tests read mkdocs.yml with ``yaml.safe_load``, which rejects MkDocs' tags.
"""

import os

from mkdocs.exceptions import PluginError

VARIABLE = "DERIVLIB_EXECUTE_LABS"


def on_config(config):
    value = os.environ.get(VARIABLE, "").strip().lower()
    if not value:
        return config
    if value not in ("true", "false"):
        raise PluginError(f"{VARIABLE} is {value!r}; set it to true or false, or leave it unset.")
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["execute"] = value == "true"
    return config
