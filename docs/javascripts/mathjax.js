// MathJax 3 configuration. mkdocs.yml loads this file before MathJax itself
// (javascripts/mathjax/tex-mml-svg.js, copied into the build by
// derivlib/site/hooks.py), because MathJax reads window.MathJax when it loads.
//
// MathJax typesets the page once, at load. That covers every page view
// because the site does not use Material's navigation.instant, which swaps
// pages without a reload.

// The speech rule engine bundled in MathJax loads its locale data when a
// reader changes the speech settings, such as the language, in MathJax's
// context menu. By default it fetches the data from a CDN. The engine reads
// window.SREfeature when it starts, so this points it at the copy on the site.
// The XPath polyfill is only for browsers without document.evaluate, and the
// site does not ship it.
{
  const mathjaxFolder = new URL("mathjax/", document.currentScript.src);
  window.SREfeature = {
    json: new URL("sre/mathmaps/", mathjaxFolder).href,
    xpath: new URL("sre/wgxpath.install.js", mathjaxFolder).href,
  };
}

window.MathJax = {
  tex: {
    // \( \) and \[ \] are what pymdownx.arithmatex emits. $ and $$ are what
    // notebook Markdown cells contain, because nbconvert passes them through
    // unchanged.
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    // \$ is a literal dollar sign.
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    // Skip every element that has a class, unless it is inside an element
    // with one of the classes below, so that a $ in prose, code or notebook
    // output is not read as math. An element without a class inherits the
    // choice of its parent. A pattern that also matches the empty class
    // (".*|") would skip the <p> and <li> of a notebook Markdown cell, because
    // MathJax applies ignoreHtmlClass again to every descendant.
    ignoreHtmlClass: ".+",
    // arithmatex: math on Markdown pages.
    // jp-RenderedMarkdown: notebook Markdown cells and Markdown outputs.
    // jp-RenderedLatex: notebook text/latex outputs, such as SymPy results.
    processHtmlClass: "arithmatex|jp-RenderedMarkdown|jp-RenderedLatex",
  },
  svg: {
    // Each glyph path is stored once per page and reused.
    fontCache: "global",
  },
};
