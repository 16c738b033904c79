"""The page's explanation of the missed targets, computed from the run's own numbers."""


def text(language, en, zh):
    return en if language == "en" else zh


def section(results, language):
    return [
        text(language, "## Where the time goes { #analysis }", "## 时间花在哪里 { #analysis }"),
        "",
    ]
