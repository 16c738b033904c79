"""MkDocs hooks of the derivlib documentation site, listed under ``hooks:`` in mkdocs.yml."""
