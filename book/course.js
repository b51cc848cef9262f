/* The course's reader aids for the web book (tools/book.py copies this file to _static/).
 *
 * 1. Figures open full size: a click, a tap, or Enter on a focused figure or diagram opens it
 *    at its own size in a dialog that scrolls (a phone shows a 794 px figure at 314 px
 *    otherwise); Escape, the Close button or a click outside closes it.
 * 2. Search excerpts: Sphinx takes the excerpt from the page's [role=main], which in this theme
 *    also holds the header buttons ("Light Dark ... Contents"); here it comes from the article,
 *    starts where the searched words first appear (the whole phrase if it does), and each
 *    result links to the section that holds them.
 */
(function () {
  "use strict";

  var ZOOMABLE = "article.bd-article img.course-diagram, article.bd-article figure.course-figure img";

  function lightbox() {
    var dialog = document.querySelector("dialog.course-lightbox");
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "course-lightbox";
    dialog.setAttribute("aria-label", "Figure at full size");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "course-lightbox-close";
    close.textContent = "Close";
    close.addEventListener("click", function () { dialog.close(); });
    var scroller = document.createElement("div");
    scroller.className = "course-lightbox-scroll";
    var img = document.createElement("img");
    scroller.appendChild(img);
    dialog.appendChild(close);
    dialog.appendChild(scroller);
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    document.body.appendChild(dialog);
    return dialog;
  }

  function openFull(source) {
    var dialog = lightbox();
    var img = dialog.querySelector("img");
    img.src = source.currentSrc || source.src;
    img.alt = source.alt || "";
    var natural = source.naturalWidth || parseInt(source.getAttribute("width"), 10) || 0;
    img.style.width = natural ? natural + "px" : "auto";
    dialog.showModal();
  }

  function enableZoom() {
    document.querySelectorAll(ZOOMABLE).forEach(function (img) {
      if (img.dataset.courseZoom) return;
      img.dataset.courseZoom = "1";
      img.classList.add("course-zoomable");
      img.tabIndex = 0;
      img.title = "Open full size";
      img.addEventListener("click", function () { openFull(img); });
      img.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openFull(img); }
      });
    });
  }

  function patchSearch() {
    if (typeof Search === "undefined" || Search._courseArticle) return;
    Search._courseArticle = true;
    // the page's article only: no header buttons, no folded code, no "run it yourself" line
    Search.htmlToText = function (htmlString, anchor) {
      var article = articleOf(htmlString);
      if (!article) return "";
      if (anchor) {
        var block = article.querySelector(anchor);
        if (block) return block.textContent;
      }
      return article.textContent;
    };
    // the excerpt starts near the first place the words appear (the whole phrase if it does), and
    // the result's link goes to the section that holds it
    Search.makeSearchSummary = function (htmlText, keywords, anchor) {
      var article = articleOf(htmlText);
      var summary = document.createElement("p");
      summary.classList.add("context");
      if (!article) return summary;
      var raw = anchor && article.querySelector(anchor) ? article.querySelector(anchor).textContent : article.textContent;
      var found = firstMatch(raw, keywords);
      var from = Math.max(found.index - 30, 0);
      var text = raw.substr(from, 400).replace(/\s+/g, " ").trim().substr(0, 240);
      summary.textContent = (from > 0 ? "…" : "") + text + "…";
      var section = anchor ? null : sectionAt(article, found.index);
      if (section) {
        setTimeout(function () {
          var link = summary.parentElement && summary.parentElement.querySelector("a");
          if (link && link.href.indexOf("#") < 0) link.href += "#" + section;
        }, 0);
      }
      return summary;
    };
  }

  function articleOf(htmlString) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(".headerlink, script, style, .cell_input, .course-run-it, .tag_course-start").forEach(function (el) { el.remove(); });
    return doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
  }

  function firstMatch(raw, keywords) {
    var lower = raw.toLowerCase().replace(/\s/g, " ");
    // Sphinx passes word stems ("reciproc", "inhibit"); the reader typed the words themselves
    var query = (new URLSearchParams(window.location.search).get("q") || "").toLowerCase().trim();
    var typed = query.split(/\s+/).filter(function (w) { return w.length > 2; });
    var stems = Array.from(keywords || []).map(function (k) { return String(k).toLowerCase(); }).filter(Boolean);
    var words = typed.concat(stems);
    var phrase = typed.length > 1 ? lower.indexOf(typed.join(" ")) : -1;
    if (phrase >= 0) return {index: phrase};
    var hits = words.map(function (w) { return lower.indexOf(w); }).filter(function (i) { return i >= 0; });
    return {index: hits.length ? Math.min.apply(null, hits) : 0};
  }

  function sectionAt(article, offset) {
    var walker = article.ownerDocument.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var seen = 0;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      seen += node.textContent.length;
      if (seen > offset) {
        var section = node.parentElement && node.parentElement.closest("section[id]");
        return section ? section.id : null;
      }
    }
    return null;
  }

  function ready() { enableZoom(); patchSearch(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
