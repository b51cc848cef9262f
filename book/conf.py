"""Sphinx configuration of the course's web book (``make book``; see tools/book.py).

tools/book.py lays the executed student editions and the front door out in
``_build/book/src`` (this file is copied there) and runs Sphinx on it.  Why
Sphinx + MyST-NB + the Book theme rather than Jupyter Book 2 (mystmd): mystmd
downloads its site theme from the internet at build time, which this offline
machine cannot do; the Sphinx stack installs from PyPI with every asset
bundled.  MathJax 3 is served from ``_static/mathjax`` (from the project's npm
lock file), never from a CDN.
"""
project = "Dystonia: from circuits to clinic"
author = "The dystonia course authors"
copyright = "the course authors, BSD-3-Clause"

extensions = ["myst_nb"]
root_doc = "course/index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "course/figures/**"]

# notebooks arrive executed (tools/book.py runs them, with explorers as static frames)
nb_execution_mode = "off"
nb_output_stderr = "remove"
nb_merge_streams = True
nb_ipywidgets_js = {}          # no widget manager from a CDN: explorers are static here
myst_enable_extensions = ["dollarmath", "amsmath", "html_image", "colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = ["course.js"]   # figures full size on click or tap; search excerpts from the article
html_copy_source = True
html_sourcelink_suffix = ""    # _sources/<page>.ipynb: tools/book.py puts the student edition there
html_show_sourcelink = False
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "navigation_with_keys": True,
    # WCAG AA contrast for code (accessible-pygments, installed with the theme)
    "pygments_light_style": "a11y-high-contrast-light",
    "pygments_dark_style": "a11y-high-contrast-dark",
}
html_context = {"default_mode": "light"}
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {"tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]},
                   "options": {"ignoreHtmlClass": "tex2jax_ignore", "processHtmlClass": "tex2jax_process"}}
