"""Log-log plots of time per call against n, one PNG per model.

The labels are in English in both languages' pages; each page names the
lines in its own language beside the plot.
"""

from .contenders import CONTENDERS

# Contenders drawn as lines, then the floors drawn dashed.
LINE_STYLES = {
    "derivlib": {"color": "black", "marker": "o", "linewidth": 2},
    "derivlib-gram": {"color": "tab:brown", "marker": "v"},
    "per-sample": {"color": "tab:gray", "marker": "x"},
    "torch-autograd": {"color": "tab:red", "marker": "s"},
    "torch-formula": {"color": "tab:orange", "marker": "^"},
    "jax-jit": {"color": "tab:blue", "marker": "D"},
    "floor-products": {"color": "tab:green", "linestyle": "--", "marker": "."},
    "floor-bandwidth": {"color": "tab:purple", "linestyle": ":", "marker": ""},
}
LABELS = {contender.key: contender.label for contender in CONTENDERS} | {
    "floor-products": "floor: matrix products alone",
    "floor-bandwidth": "floor: bytes read / read bandwidth",
}


def compact_count(n):
    """Format a sample count for an axis: 256, 4k, 200k."""
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def plot_model(results, model, path):
    """Draw one panel per (m, b) configuration and dtype for ``model`` into ``path``; return False if no data."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    cases = results.cases(model.key)
    if not cases:
        return False
    dtypes = [dtype for dtype in ("float64", "float32") if any(case[3] == dtype for case in cases)]
    shapes = sorted({(case[1], case[2]) for case in cases})
    width = max(7.5, 3.6 * len(shapes))
    figure, axes = plt.subplots(len(dtypes), len(shapes), figsize=(width, 3.0 * len(dtypes)), squeeze=False)
    for row, dtype in enumerate(dtypes):
        for column, (m, b) in enumerate(shapes):
            ax = axes[row][column]
            sizes = sorted(case[4] for case in cases if case[1:4] == (m, b, dtype))
            for contender, style in LINE_STYLES.items():
                points = [
                    (n, seconds * 1e3)
                    for n in sizes
                    if (seconds := results.seconds(contender, (model.key, m, b, dtype, n))) is not None
                ]
                if points:
                    ax.loglog(*zip(*points), label=LABELS[contender], **style)
            ax.set_xticks(sizes, [compact_count(n) for n in sizes], fontsize=8)
            ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
            hidden = f", b = {b}" if b else ""
            ax.set_title(f"m = {m}{hidden}, {dtype}", fontsize=10)
            ax.grid(True, which="major", alpha=0.3)
            if column == 0:
                ax.set_ylabel("ms per call")
            if row == len(dtypes) - 1:
                ax.set_xlabel("n (samples)")
    handles, labels = axes[0][0].get_legend_handles_labels()
    columns = 4 if width >= 10 else 3
    figure.legend(handles, labels, loc="lower center", ncol=columns, fontsize=8, frameon=False)
    figure.suptitle(f"{model.title}: loss and gradient, one call", fontsize=11)
    figure.tight_layout(rect=(0, 0.12 if len(dtypes) > 1 else 0.2, 1, 1))
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True
