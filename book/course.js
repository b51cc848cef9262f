/* The course's reader aids for the web book (tools/book.py copies this file to _static/).
 *
 * 1. Figures open full size: a click, a tap, or Enter on a focused figure or diagram opens it
 *    at its own size in a dialog that scrolls (a phone shows a 794 px figure at 314 px
 *    otherwise); Escape, the Close button or a click outside closes it.
 * 2. Search excerpts: Sphinx takes the excerpt from the page's [role=main], which in this theme
 *    also holds the header buttons ("Light Dark ... Contents"); here it comes from the article,
 *    and each result links to the section where the words first appear.
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
    var original = Search.makeSearchSummary;
    Search.htmlToText = function (htmlString, anchor) {
      var doc = new DOMParser().parseFromString(htmlString, "text/html");
      doc.querySelectorAll(".headerlink, script, style, .cell_input, .course-run-it").forEach(function (el) { el.remove(); });
      var article = doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
      if (!article) return "";
      if (anchor) {
        var block = article.querySelector(anchor);
        if (block) return block.textContent;
      }
      Search._courseSection = firstSection(article, Search._courseTerms || []);
      return article.textContent;
    };
    Search.makeSearchSummary = function (htmlText, keywords, anchor) {
      Search._courseTerms = keywords;
      Search._courseSection = null;
      var summary = original.call(Search, htmlText, keywords, anchor);
      var section = Search._courseSection;
      if (section && !anchor) {
        setTimeout(function () {
          var link = summary.parentElement && summary.parentElement.querySelector("a");
          if (link && link.href.indexOf("#") < 0) link.href += "#" + section;
        }, 0);
      }
      return summary;
    };
  }

  function firstSection(article, keywords) {
    var words = Array.from(keywords || []).map(function (k) { return String(k).toLowerCase(); }).filter(Boolean);
    if (!words.length) return null;
    var walker = article.ownerDocument.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.textContent.toLowerCase();
      if (words.some(function (w) { return text.indexOf(w) >= 0; })) {
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
