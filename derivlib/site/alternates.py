"""MkDocs hook that removes the ``<link rel="alternate">`` tags from each page's head.

Material for MkDocs 9.8 writes one head link per entry of
``extra.alternate`` and, in the browser, fetches ``sitemap.xml`` relative to
each link's URL. The feature expects each link to be the root of a
language, and uses the sitemap to send the language switch to the same page.
mkdocs-static-i18n 1.3 (``reconfigure_material``) sets the entries to the
same page in each language instead. So the browser requested
``<page>/sitemap.xml``, which does not exist, and every page logged a 404 in
the console. The language switch does not need the sitemap, because its links
already lead to the same page. The header's language list, which Material
renders from the same entries, is left unchanged.
"""

import re

HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def remove_head_alternates(html):
    """Return ``html`` without the hreflang alternate links of its ``<head>``."""
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    return HEAD_ALTERNATE.sub("", html[:head_end]) + html[head_end:]


def on_post_page(output, page, config):
    return remove_head_alternates(output)
