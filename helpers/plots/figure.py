"""Show a figure with a numbered caption and real alt text, in JupyterLab and in the book.

A notebook code cell calls :func:`show` instead of ``plt.show()``::

    fig = helpers.plots.emg.plot_reciprocal_inhibition(isi, healthy, dystonia)
    show(fig, "Reciprocal inhibition of the H-reflex against the conditioning-test interval.",
         alt="Two curves of H-reflex inhibition (percent) against interval (ms) ...")

The output is one HTML ``<figure>``: the PNG (base64, so it needs no file), the
``alt`` text a screen reader reads, and a ``<figcaption>`` that starts with
"Figure n.".  The same HTML renders in JupyterLab, in nbconvert output and in the
book built by ``make book``.  Explorers (:mod:`helpers.explorers.base`) use the
same markup for the figure they redraw.

Numbering: the first caption shown in a kernel is Figure 1, the next Figure 2,
and so on; re-running a cell keeps its number (the caption text is the key).
Call :func:`reset_numbering` at the top of a notebook to start again at 1.
"""
import base64
import html
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

#: Resolution of the PNGs the course shows (pixels per inch); 100 keeps the
#: figures at their designed size on a normal screen and the updates cheap.
DPI = 100

_NUMBERS = {}


def reset_numbering():
    """Forget the figure numbers given so far (the next caption is Figure 1)."""
    _NUMBERS.clear()


def figure_number(caption):
    """The number of the figure with this ``caption`` (a new one on first use)."""
    if caption not in _NUMBERS:
        _NUMBERS[caption] = len(_NUMBERS) + 1
    return _NUMBERS[caption]


def offscreen_figure(figsize=None):
    """A figure that no pyplot window or inline backend tracks (cheaper to redraw)."""
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


def tight_bbox(fig, pad_in=0.08):
    """The figure's tight bounding box in inches (one draw), padded by ``pad_in``."""
    bbox = fig.get_tightbbox(fig.canvas.get_renderer())
    return bbox.padded(pad_in)


def png_bytes(fig, dpi=DPI, bbox_inches="tight"):
    """Encode ``fig`` as PNG bytes; returns ``(png, width_px, height_px)``.

    ``bbox_inches`` is ``"tight"`` (a second draw finds the box), ``None`` (the whole
    canvas) or a fixed :class:`~matplotlib.transforms.Bbox` in inches: explorers pass
    the box of their first image, which keeps every later image the same size and
    saves the extra draw.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches=bbox_inches, pil_kwargs={"compress_level": 1})
    png = buf.getvalue()
    # width and height from the PNG header (bytes 16-24), whatever box was used
    width_px, height_px = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return png, width_px, height_px


def figures_enabled():
    """False when the kernel renders no figures (the grading kernels: no PNG formats)."""
    try:
        from matplotlib_inline.backend_inline import InlineBackend
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the course
        return True
    if get_ipython() is None:
        return True
    return bool(InlineBackend.instance().figure_formats)


def figure_html(png, width_px, height_px, *, alt, caption=None, number=None, label="Figure"):
    """The ``<figure>`` markup for PNG bytes, its alt text and an optional caption."""
    if not alt or not str(alt).strip():
        raise ValueError("alt = %r: every figure needs alt text saying what it shows" % (alt,))
    data = base64.b64encode(png).decode("ascii")
    parts = [f'<figure class="course-figure" style="margin:0.5em 0;max-width:{width_px}px">',
             f'<img src="data:image/png;base64,{data}" alt="{html.escape(str(alt), quote=True)}" '
             f'width="{width_px}" height="{height_px}" style="max-width:100%;height:auto">']
    if caption:
        head = f"<b>{label} {number}.</b> " if number is not None else ""
        parts.append(f'<figcaption style="font-size:0.92em;margin-top:0.3em">{head}'
                     f"{html.escape(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


class FigureDisplay:
    """What :func:`show` displays: HTML for notebooks and the book, plain text elsewhere."""

    def __init__(self, markup, text):
        self._markup, self._text = markup, text

    def _repr_html_(self):
        return self._markup

    def __repr__(self):
        return self._text


class FigureNumber(int):
    """The number :func:`show` returns; it shows nothing when it ends a cell (no stray ``Out[n]: 2``)."""

    def _ipython_display_(self):
        return None


def show(fig, caption, alt, *, number=None, close=True):
    """Display ``fig`` as a numbered, captioned figure with alt text; return the number.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (from any ``helpers.plots`` function).
    caption : str
        One or two sentences saying what the figure shows; printed as
        "Figure n. <caption>" under the image.
    alt : str
        What a reader who cannot see the image needs: the axes, the curves and the
        feature the text refers to (it is the image's ``alt`` attribute).
    number : int, optional
        Force a number; by default the caption's own (see :func:`figure_number`).
    close : bool, default: True
        Close the figure afterwards (so the inline backend does not show it twice).

    Returns
    -------
    int
        The figure number.
    """
    from IPython.display import display
    import matplotlib.pyplot as plt

    if not caption or not str(caption).strip():
        raise ValueError("caption = %r: give a sentence saying what the figure shows" % (caption,))
    n = figure_number(caption) if number is None else int(number)
    fig._course_caption, fig._course_alt = caption, alt
    text = f"Figure {n}. {caption}"
    if figures_enabled():
        png, w, h = png_bytes(fig, dpi=DPI)
        display(FigureDisplay(figure_html(png, w, h, alt=alt, caption=caption, number=n), text))
    else:
        figure_html(b"", 1, 1, alt=alt)   # still check the alt text
        display(FigureDisplay(f"<p>{html.escape(text)}</p>", text))
    if close:
        plt.close(fig)
    return FigureNumber(n)
