/* Small progressive enhancements; every feature works as a plain link without JavaScript. */

/* The oEmbed link is for sites that read this page's HTML. Material fetches sitemap.xml beside every
   link[rel=alternate] at DOMContentLoaded; this runs first and takes it out of the live page. */
document.querySelectorAll('link[rel="alternate"][type="application/json+oembed"]').forEach(function (link) { link.remove(); });
(function () {
  "use strict";
  // "Copy link" / "Copy citation" buttons copy their data-copy text and say so.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (!button) return;
    var text = button.getAttribute("data-copy");
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      button.setAttribute("aria-live", "polite");
      setTimeout(function () { button.textContent = label; }, 1600);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { window.prompt("Copy:", text); });
    } else {
      window.prompt("Copy:", text);
    }
  });
})();

/* Marks on touch screens (no hover): the first tap on a glossary term, a use of "bureaucracy" or a
   note number shows the definition, the sense or the note in Material's tooltip, in place; the first
   tap on a ¶ number shows its "Copy" button. A second tap follows the link. Nothing in the text
   moves. With a mouse or a keyboard the tooltips show on hover and focus; without JavaScript the
   marks are plain links. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("a.gloss, a.sense-use, a.footnote-ref, .essay-para > a.pnum") : null;
    if (!mark || !window.matchMedia("(hover: none)").matches) return;
    if (mark.getAttribute("data-previewed") === "yes") return;
    event.preventDefault();
    mark.setAttribute("data-previewed", "yes");
    mark.focus();
    mark.addEventListener("blur", function () { mark.removeAttribute("data-previewed"); }, { once: true });
  });
})();

/* Sidenotes. On a wide screen each note of a chapter also stands in the margin beside the line that
   cites it. The notes at the foot stay where they are and remain the ones assistive technology reads:
   the margin copies are aria-hidden and their links out of the tab order, so each note is read once,
   in the order of the page. A note that would collide with the one above it moves down. The copies
   are placed again whenever the text reflows (window size, fonts, an opened <details>); they are
   absolutely positioned in the margin, so nothing in the text moves. The stylesheet shows them only
   on a wide screen, never in print. (Like gwern.net's sidenotes.js, in a few lines: no layout cells,
   only "below the previous note".) */
(function () {
  "use strict";
  var article = document.querySelector("article.md-content__inner");
  if (!article || !article.querySelector(".essay-para")) return;
  var wide = window.matchMedia("screen and (min-width: 76.25em)");
  var GAP = 12;  // px between two notes
  var column = document.createElement("aside");
  column.className = "sidenotes ed";
  column.setAttribute("aria-hidden", "true");
  var pairs = [];
  article.querySelectorAll(".essay-text sup.note-ref[data-note]").forEach(function (ref) {
    var number = ref.getAttribute("data-note");
    var foot = document.getElementById("note-" + number);
    if (!foot) return;
    var note = document.createElement("div");
    note.className = "sidenote";
    note.setAttribute("data-note", number);
    var label = document.createElement("span");
    label.className = "sidenote-num";
    label.textContent = number;
    note.appendChild(label);
    Array.prototype.forEach.call(foot.children, function (child) { note.appendChild(child.cloneNode(true)); });
    note.querySelectorAll(".footnote-backref").forEach(function (el) { el.remove(); });
    note.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    note.querySelectorAll("a, button").forEach(function (el) { el.setAttribute("tabindex", "-1"); });
    column.appendChild(note);
    pairs.push({ ref: ref, note: note });
  });
  if (!pairs.length) return;
  article.appendChild(column);

  function layout() {
    if (!wide.matches) return;
    var origin = column.getBoundingClientRect().top;
    // Read every position first, then write: one reflow, however many notes.
    var wants = pairs.map(function (p) { return p.ref.getBoundingClientRect().top - origin; });
    var heights = pairs.map(function (p) { return p.note.offsetHeight; });
    var floor = -Infinity;
    var tops = wants.map(function (want, i) {
      var top = Math.max(want, floor);
      floor = top + heights[i] + GAP;
      return top;
    });
    pairs.forEach(function (p, i) { p.note.style.top = tops[i] + "px"; });
  }
  var queued = false;
  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; layout(); });
  }
  layout();
  window.addEventListener("resize", schedule);
  window.addEventListener("load", schedule);
  if (wide.addEventListener) wide.addEventListener("change", schedule);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(schedule);
  if (window.ResizeObserver) new ResizeObserver(schedule).observe(article);

  // Pointing at a note number (or its margin note) lights up the pair.
  function toggle(event, on) {
    var el = event.target.closest ? event.target.closest("sup.note-ref, .sidenote") : null;
    if (!el) return;
    var number = el.getAttribute("data-note");
    pairs.forEach(function (p) {
      if (p.ref.getAttribute("data-note") === number) p.note.classList.toggle("is-active", on);
    });
  }
  ["mouseover", "focusin"].forEach(function (type) { article.addEventListener(type, function (e) { toggle(e, true); }); });
  ["mouseout", "focusout"].forEach(function (type) { article.addEventListener(type, function (e) { toggle(e, false); }); });
})();

/* Annotation marks on and off. A button in the header (aria-pressed) turns the underlines of the
   uses of "bureaucracy" and of glossary terms off for plain reading: they then read, look and
   behave as plain text (no link, no focus, no tooltip). The choice is kept in localStorage; the
   inline script in the page head applies it before the first paint. */
(function () {
  "use strict";
  var KEY = "edition.marks";
  var root = document.documentElement;
  var marks = document.querySelectorAll(".md-typeset a.sense-use, .md-typeset a.gloss");
  var palette = document.querySelector(".md-header__inner [data-md-component=palette]");
  if (!marks.length || !palette) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button ed-marks-toggle";
  button.setAttribute("aria-label", "Annotation marks");
  button.title = "Annotation marks: underline the uses of “bureaucracy” and the glossary terms";
  button.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 21h14v-2H5zm7-4a6 6 0 0 0 6-6V3h-2.5v8a3.5 3.5 0 0 1-7 0V3H6v8a6 6 0 0 0 6 6"/></svg><span class="ed-marks-label">Marks</span>';
  palette.parentNode.insertBefore(button, palette);

  function apply(on) {
    if (on) root.removeAttribute("data-marks");
    else root.setAttribute("data-marks", "off");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    marks.forEach(function (a) {
      if (on && a.hasAttribute("data-ed-href")) {
        a.setAttribute("href", a.getAttribute("data-ed-href"));
        a.removeAttribute("data-ed-href");
      } else if (!on && a.hasAttribute("href")) {
        a.setAttribute("data-ed-href", a.getAttribute("href"));
        a.removeAttribute("href");
      }
    });
  }
  apply(root.getAttribute("data-marks") !== "off");
  button.addEventListener("click", function () {
    var on = button.getAttribute("aria-pressed") !== "true";
    apply(on);
    try { localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode: this page only */ }
  });
})();

/* Copy with citation. Each paragraph number gets a button that copies the selection, if it lies in
   that paragraph, or else the whole paragraph, then "(Twiss 2016, ¶N)" (the short
   reference from the page's meta edition:short-reference) and the paragraph's address.
   The words are read as the fidelity check reads them: editorial insertions (class "ed") left out,
   a note reference given as the essay's marker "[N]". "Copied" is said in a live region. */
(function () {
  "use strict";
  var reference = document.querySelector('meta[name="edition:short-reference"]');
  var template = document.querySelector('meta[name="edition:paragraph-citation"]');
  var CITATION = reference ? reference.content : document.title;
  var numbers = document.querySelectorAll(".essay-para[id] > a.pnum");
  if (!numbers.length) return;
  var live = document.createElement("div");
  live.className = "ed-sr-only";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);
  numbers.forEach(function (pnum) {
    var number = pnum.parentNode.getAttribute("data-para");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pcopy ed";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy paragraph " + number + " with citation");
    pnum.insertAdjacentElement("afterend", button);
    // "Cite ¶N": the citation the build wrote (meta edition:paragraph-citation), from the canonical
    // address, never the address bar.
    if (!template) return;
    var cite = document.createElement("button");
    cite.type = "button";
    cite.className = "pcite ed";
    cite.textContent = "Cite";
    cite.setAttribute("aria-label", "Cite paragraph " + number);
    button.insertAdjacentElement("afterend", cite);
    cite.addEventListener("click", function () {
      write(template.content.split("{para}").join("¶" + number).split("{anchor}").join("p" + number)).then(function () {
        live.textContent = "";
        live.textContent = "Citation of paragraph " + number + " copied";
        cite.textContent = "Copied";
        setTimeout(function () { cite.textContent = "Cite"; }, 1600);
      }, function () { live.textContent = "Could not copy: select the text and copy it by hand"; });
    });
  });
  // Selecting words of the essay loads passage.js, the bar that links to them or cites them (README).
  var self = document.currentScript && document.currentScript.src, fetched = false;
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (fetched || !self || !selection.rangeCount || selection.isCollapsed) return;
    var node = selection.anchorNode, el = node && (node.nodeType === 1 ? node : node.parentNode);
    if (!el || !el.closest || !el.closest(".essay-para[id]")) return;
    fetched = true;
    var script = document.createElement("script");
    script.src = self.replace(/edition\.js(?:[?#].*)?$/, "passage.js");
    document.head.appendChild(script);
  });

  function words(node) {
    var out = "";
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) out += child.nodeValue;
      else if (child.nodeType !== 1 || child.classList.contains("ed")) return;
      else if (child.matches("sup.note-ref")) out += "[" + child.getAttribute("data-note") + "]";
      else out += words(child);
    });
    return out;
  }
  function write(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "ed-sr-only";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      area.remove();
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }
  window.editionCopyText = write;  // passage.js, loaded on the first selection, copies with it too
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.pcopy") : null;
    if (!button) return;
    var para = button.parentNode;
    var number = para.getAttribute("data-para");
    var selection = window.getSelection();
    var source = para;
    if (selection.rangeCount && !selection.isCollapsed) {
      var range = selection.getRangeAt(0);
      if (para.contains(range.commonAncestorContainer)) source = range.cloneContents();
    }
    var text = words(source).replace(/\s+/g, " ").trim();
    var address = location.origin + location.pathname + "#" + para.id;  // never a search query (?h=…)
    write(text + "\n(" + CITATION + ", ¶" + number + ")\n" + address).then(function () {
      live.textContent = "";
      live.textContent = "Copied paragraph " + number + " with its citation";
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1600);
    }, function () {
      live.textContent = "Could not copy: select the text and copy it by hand";
    });
  });
})();
