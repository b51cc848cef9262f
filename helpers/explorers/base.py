"""The one pattern every explorer follows.

An explorer is a *view* (a plain function ``view(**params) -> Figure`` that
calls a science module and draws with :mod:`helpers.plots`) wrapped in
controls.  Keeping the view separate lets the benchmark time simulate + draw
without a browser, and lets tests check the figure without widgets.

How an explorer answers quickly (the budget is 250 ms from a control change to
the new image, measured in Chromium by ``tests/browser``):

- the view draws *offscreen* (:func:`helpers.plots.style.offscreen`): no pyplot
  figure manager, no inline-backend round trip;
- the PNG is encoded once, at 100 dpi, into the bounding box measured on the
  first image (no second "tight" draw, and every image has the same size, so
  the page never jumps); multi-patch histograms are drawn as one outline;
- the image travels as one ``widgets.HTML`` value (a ``<figure>`` with the PNG,
  its alt text and its caption): the browser swaps one element, the output area
  is never cleared;
- the axes' static parts (ticks, labels, spines) are drawn once and reused while
  they do not change (:class:`Layers`); only data, titles and legends are redrawn;
- images already drawn are cached by parameter values (moving back is instant);
- while an update runs the figure is dimmed and an "updating..." cue shows, so
  the reader knows the change was taken.

What a reader meets outside a live session:

- **a reopened notebook** (saved widget state, no kernel behind it; ipywidgets
  marks every view ``jupyter-widgets-disconnected``): the explorer shows its last
  figure as a *saved picture*, says so and how to bring it back ("run this
  cell"), and puts its controls away, so nothing moves without redrawing;
- **screen readers**: ipywidgets 8.1 gives a slider's handle (``role="slider"``)
  no accessible name and offers no way to set one, so every explorer carries a
  small inline hook (:data:`A11Y_HOOK`, run by the browser when the explorer's
  HTML is shown, live or restored) that names each handle after its label.

In the static book (``make book``) no kernel runs: with the environment variable
``COURSE_STATIC_EXPLORERS=1`` :func:`make_explorer` returns pre-rendered frames
over the explorer's first slider instead (:func:`static_frames_html`).
"""
import html
import io
import json
import os
import re
import time
from collections import OrderedDict

import ipywidgets as widgets
import numpy as np

from ..plots.figure import figure_html, figure_number, png_bytes, tight_bbox
from ..plots.style import offscreen

#: Every explorer registers here: ``name -> (view, default_params)``; the
#: benchmark (``tools/benchmark.py``) times each one.
REGISTRY = {}

#: Extra description of each registered explorer: ``name -> {"caption", "alt"}``.
DESCRIPTIONS = {}

#: Environment variable that switches explorers to pre-rendered frames (the book).
STATIC_ENV = "COURSE_STATIC_EXPLORERS"

#: Number of pre-rendered frames over the main slider in the static book.
STATIC_FRAMES = 9

#: Widths of the control rows (CSS): long enough for a 300 px track, shrinking in
#: a narrow window instead of hiding the readout.
ROW_LAYOUT = {"width": "100%", "max_width": "640px"}

#: Styles every explorer carries (scoped to ``.course-explorer``): the busy cue,
#: toggle buttons whose selected state has strong contrast (white on blue, 7:1;
#: WCAG 1.4.11 asks 3:1), and figures that shrink with the window.
CSS = """
<style>
.course-explorer .course-figure img { transition: opacity 80ms; }
.course-explorer.course-busy .course-figure img { opacity: 0.45; }
.course-explorer .course-status { min-height: 1.4em; font-style: italic; color: #444; }
.course-explorer .widget-toggle-buttons .widget-toggle-button.mod-active {
  background: #0072B2; color: #fff; font-weight: bold; box-shadow: inset 0 0 0 2px #003f63; }
.course-explorer .widget-toggle-buttons .widget-toggle-button { border: 1px solid #767676; }
.course-explorer .widget-inline-hbox .widget-label { min-width: max-content; }
.course-explorer .course-saved { display: none; }
.course-explorer.jupyter-widgets-disconnected .course-saved { display: block; margin: 0.3em 0;
  padding: 0.35em 0.7em; border-left: 4px solid #0072B2; background: #eef5fb; color: #1a1a1a; }
.course-explorer.jupyter-widgets-disconnected .course-controls,
.course-explorer.jupyter-widgets-disconnected .course-status { display: none; }
.course-explorer.jupyter-widgets-disconnected::before,
.course-explorer .jupyter-widgets-disconnected::before { content: none; display: none; }
</style>
"""

#: Shown instead of the controls when the explorer is a saved picture (no kernel behind it).
SAVED_NOTE = ("<b>Saved picture</b> from when this notebook was last run: its controls are put away. "
              "Run this cell (click it, then Shift+Enter) to bring them back to life.")

#: Names every slider handle of the explorer after its label (see the module docstring): a
#: 1-pixel image runs this when it loads, once its HTML is in the page, live or restored from a save.
A11Y_HOOK = (
    "(function(el){var n=0,ex;"
    "function name(){ex.querySelectorAll('.widget-slider').forEach(function(s){"
    "var l=s.querySelector('.widget-label'),t=l?l.textContent.trim():'';"
    "s.querySelectorAll('.noUi-handle').forEach(function(h){"
    "if(t&&h.getAttribute('aria-label')!==t)h.setAttribute('aria-label',t);});});}"
    "function find(){ex=el.closest('.course-explorer');"
    "if(!ex){if(n++<200)setTimeout(find,50);return;}"
    "name();new MutationObserver(name).observe(ex,{childList:true,subtree:true});}"
    "find();})(this)")


#: A transparent 1x1 GIF (it loads, so the hook runs and no image in the page is broken).
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def _header_html():
    """The explorer's styles, its saved-picture note and its accessibility hook."""
    return (CSS + f'<div class="course-saved" role="note">{SAVED_NOTE}</div>'
            f'<img class="course-a11y-hook" alt="" hidden src="{PIXEL}" onload="{html.escape(A11Y_HOOK, quote=True)}">')


def register(name, view, defaults, *, caption=None, alt=None):
    """Record ``view`` and its default parameters under ``name`` and return ``view``.

    ``caption`` (one sentence: what the figure shows) and ``alt`` (what a reader
    who cannot see it needs) are shown with every image of the explorer.
    """
    REGISTRY[name] = (view, dict(defaults))
    DESCRIPTIONS[name] = {"caption": caption, "alt": alt}
    view._course_name = name
    return view


def float_slider(value, low, high, step, description, *, readout_format=".2f"):
    """A FloatSlider that only fires when released (keeps redraws cheap)."""
    return widgets.FloatSlider(value=value, min=low, max=high, step=step,
                               description=description, continuous_update=False,
                               readout_format=readout_format, tooltip=description,
                               style={"description_width": "initial"},
                               layout=widgets.Layout(**ROW_LAYOUT))


def int_slider(value, low, high, step, description):
    """An IntSlider that only fires when released."""
    return widgets.IntSlider(value=value, min=low, max=high, step=step,
                             description=description, continuous_update=False, tooltip=description,
                             style={"description_width": "initial"},
                             layout=widgets.Layout(**ROW_LAYOUT))


def checkbox(value, description):
    """A Checkbox whose label is never cut off (no indent, width of its text)."""
    return widgets.Checkbox(value=value, description=description, indent=False, tooltip=description,
                            layout=widgets.Layout(width="auto", margin="2px 16px 2px 0"))


def toggle_buttons(options, value, description):
    """ToggleButtons with readable labels (``options``: label -> value, or a list)."""
    return widgets.ToggleButtons(options=options, value=value, description=description,
                                 tooltip=description, style={"description_width": "initial",
                                                             "button_width": "auto"})


def dropdown(options, value, description):
    """A Dropdown aligned with the slider rows (``options``: label -> value, or a list)."""
    return widgets.Dropdown(options=options, value=value, description=description, tooltip=description,
                            style={"description_width": "initial"},
                            layout=widgets.Layout(width="auto", max_width="640px"))


def _split_controls(controls):
    live, fixed = {}, {}
    for name, control in controls.items():
        if isinstance(control, widgets.fixed):
            fixed[name] = control.value
        elif isinstance(control, widgets.ValueWidget):
            live[name] = control
        else:
            fixed[name] = control
    return live, fixed


def _alt_text(fig, alt):
    """Alt text: the explorer's description plus the figure's titles (live numbers)."""
    titles = [t for t in (getattr(fig, "_suptitle", None),) if t is not None]
    words = [t.get_text() for t in titles] + [ax.get_title() for ax in fig.axes if ax.get_title()]
    extra = " ".join(w.strip().rstrip(".") + "." for w in words if w.strip())
    base = (alt or "").strip()
    return (base + " " + extra).strip() or "Explorer figure."


def render(view, params, bbox=None, *, alt=None, caption=None, layers=None, number=None):
    """Draw ``view(**params)`` offscreen; return ``(html, bbox)``.

    ``bbox`` (inches) fixes the image's box (the first call measures it).  With
    ``layers`` (a :class:`Layers` kept by an explorer) the axes' static parts are
    drawn once and reused while they do not change (see :class:`Layers`).
    """
    with offscreen():
        fig = view(**params)
    if bbox is None:
        bbox = _box_for(fig)
    image = layers.draw(fig, bbox) if layers is not None else None
    if image is None:
        png, width_px, height_px = png_bytes(fig, bbox_inches=bbox)
    else:
        png, width_px, height_px = image
    return figure_html(png, width_px, height_px, alt=_alt_text(fig, alt), caption=caption, number=number), bbox


def _box_for(fig):
    """The image box of an explorer (inches): the figure's padded tight box, kept inside the
    canvas when the content fits in it (then :class:`Layers` can crop its drawing), with
    corners on whole pixels so that a crop and ``savefig`` agree exactly."""
    from matplotlib.transforms import Bbox
    padded = tight_bbox(fig)
    content = tight_bbox(fig, pad_in=0.0)
    width_in, height_in = fig.get_size_inches()
    if content.x0 >= 0 and content.y0 >= 0 and content.x1 <= width_in and content.y1 <= height_in:
        padded = Bbox.intersection(padded, Bbox([[0, 0], [width_in, height_in]]))
    return Bbox(np.round(padded.get_points() * fig.dpi) / fig.dpi)


class Layers:
    """The static layer of an explorer's figure, drawn once and reused.

    Between two states of an explorer the axes rarely change (the course fixes
    their limits), but drawing their ticks, tick labels and spines is most of
    the cost of a redraw.  This cache draws them once (the *background*); later
    updates draw only the data, titles and legends on a transparent canvas and
    lay it over the background.  Whenever any axis changes (position, limits,
    scale, ticks or labels) the background is drawn again, so the image is
    always right.  With ``defer=True`` (explorers) that second drawing waits for
    :meth:`finish`, which the explorer calls after the new image is sent, so a
    change of axes costs the reader one drawing, not two.
    """

    def __init__(self, defer=False):
        self.key = None
        self.background = None
        self.defer = defer      # build a new background only in finish(), after the image is out
        self._pending = None

    @staticmethod
    def key_of(fig):
        """Everything that decides how the static parts look."""
        return (tuple(fig.get_size_inches()), fig.dpi) + tuple(
            (tuple(np.round(ax.get_position().bounds, 6)), ax.get_xlim(), ax.get_ylim(), ax.get_xscale(),
             ax.get_yscale(), ax.get_xlabel(), ax.get_ylabel(), tuple(ax.get_xticks()), tuple(ax.get_yticks()))
            for ax in fig.axes)

    @staticmethod
    def _static(ax):
        return [ax.patch, ax.xaxis, ax.yaxis, *ax.spines.values()]

    @staticmethod
    def _image(fig, bbox, transparent=False):
        """``fig`` drawn into ``bbox`` as a PIL RGBA image (public savefig, raw RGBA)."""
        from PIL import Image
        buf = io.BytesIO()
        fig.savefig(buf, format="rgba", dpi=fig.dpi, bbox_inches=bbox, transparent=transparent)
        raw = buf.getvalue()
        w, h = bbox.width * fig.dpi, bbox.height * fig.dpi
        for width in (int(round(w)), int(w)):
            height = len(raw) // (4 * width)
            if 4 * width * height == len(raw) and abs(height - h) <= 1:
                return Image.frombuffer("RGBA", (width, height), raw, "raw", "RGBA", 0, 1)
        raise RuntimeError(f"cannot read a {w:.1f} x {h:.1f} px RGBA image of {len(raw)} bytes")

    def finish(self):
        """Draw the static layer of the last fully drawn figure (if one is waiting)."""
        if self._pending is None:
            return
        fig, bbox, key = self._pending
        self._pending = None
        for ax in fig.axes:
            keep = set(map(id, self._static(ax)))
            for artist in ax.get_children():
                if id(artist) not in keep:
                    artist.set_visible(False)
        for artist in fig.legends + fig.texts:
            artist.set_visible(False)
        self.background, self.key = self._image(fig, bbox), key

    def draw(self, fig, bbox):
        """``(png, width_px, height_px)`` of ``fig`` in ``bbox``, reusing the static layer when it is current."""
        from PIL import Image
        key = self.key_of(fig)
        if key == self.key:
            for ax in fig.axes:
                for artist in self._static(ax):
                    artist.set_visible(False)
            top = self._image(fig, bbox, transparent=True)
            if top.size != self.background.size:
                return None
            image = Image.alpha_composite(self.background, top)
        else:
            image = self._image(fig, bbox)
            self._pending = (fig, bbox, key)
            if not self.defer:
                self.finish()
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
        return buf.getvalue(), image.size[0], image.size[1]


class Explorer(widgets.VBox):
    """Controls above a figure that is redrawn whenever a control changes."""

    def __init__(self, view, controls, title=None, *, caption=None, alt=None, cache_size=64):
        live, fixed = _split_controls(controls)
        name = getattr(view, "_course_name", None)
        described = DESCRIPTIONS.get(name, {})
        self.view, self.controls, self.fixed = view, live, fixed
        self.caption = caption or described.get("caption")
        self.alt = alt or described.get("alt")
        # numbered with the chapter's other figures (helpers.plots.figure.show)
        self.number = figure_number(self.caption) if self.caption else None
        self._bbox = None
        self._layers = Layers(defer=True)
        self._cache = OrderedDict()
        self._cache_size = cache_size
        self.figure = widgets.HTML(layout=widgets.Layout(min_height="1px"))
        self.status = widgets.HTML("", layout=widgets.Layout(height="1.6em"))
        self.status.add_class("course-status")
        header = [widgets.HTML(_header_html())]
        if title:
            header.append(widgets.HTML(f"<b>{html.escape(title)}</b>"))
        rows = []
        checks = [c for c in live.values() if isinstance(c, widgets.Checkbox)]
        for control in live.values():
            if not isinstance(control, widgets.Checkbox):
                rows.append(control)
        if checks:
            rows.append(widgets.HBox(checks, layout=widgets.Layout(flex_flow="row wrap")))
        controls_box = widgets.VBox(rows)
        controls_box.add_class("course-controls")
        super().__init__(header + [controls_box, self.status, self.figure])
        self.add_class("course-explorer")
        if name:   # lets the browser test name each explorer it times
            self.add_class("course-explorer--" + re.sub(r"[^A-Za-z0-9]+", "-", name))
        for control in live.values():
            control.observe(self._changed, names="value")
        if _lazy():
            # Draw when a page first shows the explorer, not while the notebook runs: Run All
            # does not wait for explorers, and a headless run (grading, tests) never draws them.
            self.figure._view_count = 0
            self.figure.observe(self._first_view, names="_view_count")
        else:
            self.update()

    def _first_view(self, change):
        if (change["new"] or 0) > 0 and not self.figure.value:
            self.update()

    def params(self):
        """Current parameter values (controls and fixed values)."""
        return {**self.fixed, **{k: c.value for k, c in self.controls.items()}}

    def _changed(self, change):
        self.update()

    def update(self, **overrides):
        """Redraw for the current control values (``overrides`` set controls first)."""
        for key, value in overrides.items():
            self.controls[key].value = value   # fires _changed, which redraws
        if overrides:
            return self.figure.value
        params = self.params()
        key = tuple(sorted((k, repr(v)) for k, v in params.items()))
        if key in self._cache:
            self._cache.move_to_end(key)
            self.figure.value = self._cache[key]
            return self.figure.value
        self.add_class("course-busy")
        self.status.value = "updating…"
        start = time.perf_counter()
        try:
            markup, self._bbox = render(self.view, params, self._bbox, alt=self.alt, caption=self.caption,
                                        layers=self._layers, number=self.number)
        except Exception as exc:  # noqa: BLE001 - show the reader what went wrong, keep the last image
            self.status.value = f"could not draw: {html.escape(str(exc))}"
            self.remove_class("course-busy")
            raise
        # the kernel's share of the update, read by the browser test's latency table
        markup = markup.replace("<figure ", f'<figure data-render-ms="{(time.perf_counter() - start) * 1e3:.0f}" ', 1)
        self._cache[key] = markup
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        self.figure.value = markup
        self.status.value = ""
        self.remove_class("course-busy")
        self._layers.finish()      # after the image is on its way: the next move can reuse it
        return markup


def _frame_values(control, n_frames):
    """Values of ``control`` at ``n_frames`` evenly spaced slider positions."""
    if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
        values = np.linspace(control.min, control.max, n_frames)
        if isinstance(control, widgets.IntSlider) or control.step:
            step = control.step or 1
            values = np.unique(np.round((values - control.min) / step) * step + control.min)
        values = [type(control.value)(v) for v in values]
        if control.value not in values:
            values = sorted(set(values) | {control.value})
        return values
    options = getattr(control, "options", None)
    if options is not None:
        return [o[1] if isinstance(o, tuple) else o for o in getattr(control, "_options_full", options)]
    if isinstance(control, widgets.Checkbox):
        return [False, True]
    return [control.value]


def static_frames_html(view, controls, title=None, *, caption=None, alt=None, n_frames=STATIC_FRAMES):
    """Pre-rendered frames over the first slider (or first control), scrubbed without a kernel.

    A range input shows one frame at a time; the other controls stay at their
    defaults (said under the figure).  Used by the book, where no kernel runs.
    """
    live, fixed = _split_controls(controls)
    name = getattr(view, "_course_name", None)
    described = DESCRIPTIONS.get(name, {})
    caption = caption or described.get("caption")
    alt = alt or described.get("alt")
    sliders = [k for k, c in live.items() if isinstance(c, (widgets.FloatSlider, widgets.IntSlider))]
    main = sliders[0] if sliders else next(iter(live))
    control = live[main]
    values = _frame_values(control, n_frames)
    base = {**fixed, **{k: c.value for k, c in live.items()}}
    frames, bbox = [], None
    for value in values:
        markup, bbox = render(view, {**base, main: value}, bbox, alt=alt)
        frames.append(markup)
    start = values.index(control.value) if control.value in values else 0
    label = html.escape(control.description or main)
    fmt = getattr(control, "readout_format", None)
    shown = [format(v, fmt) if fmt and isinstance(v, float) else str(v) for v in values]
    others = ", ".join(f"{html.escape(c.description or k)} = {html.escape(str(c.value))}"
                       for k, c in live.items() if k != main)
    global _FRAME_SETS
    _FRAME_SETS += 1
    uid = "frames-" + re.sub(r"[^A-Za-z0-9]+", "-", f"{name}-{main}-{_FRAME_SETS}")
    imgs = "".join(f'<div class="course-frame" data-frame="{i}"{"" if i == start else " hidden"}>{m}</div>'
                   for i, m in enumerate(frames))
    script = ("var f=this.closest('.course-static-explorer');"
              "f.querySelectorAll('.course-frame').forEach(function(d,i){d.hidden=(i!=this.value);},this);"
              "f.querySelector('output').textContent=JSON.parse(this.dataset.labels)[this.value];")
    labels_json = html.escape(json.dumps(shown), quote=True)
    out = [f'<div class="course-static-explorer" id="{uid}">']
    if title:
        out.append(f"<p><b>{html.escape(title)}</b></p>")
    out.append(f'<label for="{uid}-range">{label}: </label>'
               f'<input type="range" id="{uid}-range" min="0" max="{len(frames) - 1}" step="1" value="{start}" '
               f'data-labels="{labels_json}" oninput="{script}" style="width:min(320px,60%)"> '
               f'<output for="{uid}-range">{html.escape(shown[start])}</output>')
    out.append(imgs)
    note = (f"Static version: {len(frames)} pre-rendered frames over “{label}”"
            + (f"; {others}." if others else ".") + " Open the notebook in JupyterLab to move every control.")
    head = f"<b>Figure {figure_number(caption)}.</b> " if caption else ""
    cap = head + (html.escape(caption) + " " if caption else "") + note
    out.append(f'<p class="course-static-note" style="font-size:0.92em">{cap}</p></div>')
    return "".join(out)


_FRAME_SETS = 0


class StaticExplorer:
    """The book's stand-in for an explorer: its pre-rendered frames as HTML."""

    def __init__(self, markup):
        self.markup = markup

    def _repr_html_(self):
        return self.markup

    def __repr__(self):
        return "<static explorer>"


def _lazy():
    """True in a Jupyter kernel (a browser will ask for the first image), unless DYSTONIA_EAGER_EXPLORERS=1."""
    if os.environ.get("DYSTONIA_EAGER_EXPLORERS") == "1":
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def make_explorer(view, controls, title=None, *, caption=None, alt=None):
    """Return a widget that redraws ``view(**values)`` whenever a control changes.

    Parameters
    ----------
    view : callable
        ``view(**params) -> matplotlib.figure.Figure``.
    controls : dict
        Parameter name -> ipywidgets control (or fixed value).
    title : str, optional
        One line shown above the controls.
    caption, alt : str, optional
        Shown with the figure; by default those given to :func:`register`.
    """
    if os.environ.get(STATIC_ENV) == "1":
        return StaticExplorer(static_frames_html(view, controls, title, caption=caption, alt=alt))
    return Explorer(view, controls, title, caption=caption, alt=alt)
