/* Links to a passage of the essay: selecting words in a chapter shows a small bar beside them.
   Fetched by edition.js the first time the reader selects words in the essay (never on a first visit).

   "Copy link to this passage" copies the page's canonical address with the paragraph's anchor and a
   text fragment (#p14:~:text=…, https://wicg.github.io/scroll-to-text-fragment/), so the link opens
   at the paragraph everywhere and, in browsers that support it, highlights the words. A short
   selection is quoted whole; a long one, or one across paragraphs, by its first and last words
   (start,end); a few words before it (prefix-) tell it apart from the same words elsewhere. Words are
   whole words: a selection that starts or ends inside one takes all of it. "Cite ¶N" copies the full
   citation of the paragraph(s), as the Cite button beside each ¶ number does (edition.js). Neither
   ever copies the address bar, so no search query (?h=…) leaks into a link or a citation. */
(function () {
  "use strict";
  var article = document.querySelector("article.md-content__inner");
  var canonical = document.querySelector('link[rel="canonical"]');
  var template = document.querySelector('meta[name="edition:paragraph-citation"]');
  if (!article || !article.querySelector(".essay-para[id]")) return;
  var page = canonical ? canonical.href.split("#")[0] : location.origin + location.pathname;

  // The bar's look, here rather than in edition.css: a first visit does not need it.
  var style = document.createElement("style");
  style.textContent =
    ".md-typeset .passage-bar{position:absolute;z-index:3;display:flex;flex-wrap:wrap;gap:.3rem;max-width:100%;padding:.25rem;" +
    "border-radius:.2rem;background:var(--md-default-bg-color);box-shadow:var(--md-shadow-z2);font-family:var(--edition-ui-font);font-size:.65rem}" +
    ".md-typeset .passage-bar[hidden]{display:none}" +
    ".md-typeset .passage-bar button{min-height:24px;padding:.15em .5em;border:1px solid currentColor;border-radius:.15rem;" +
    "color:var(--md-default-fg-color--light);background:var(--md-default-bg-color);cursor:pointer}" +
    ".md-typeset .passage-bar button:hover,.md-typeset .passage-bar button:focus{color:var(--md-accent-fg-color)}" +
    "@media print{.passage-bar{display:none!important}}";
  document.head.appendChild(style);

  var live = document.createElement("div");
  live.className = "ed-sr-only";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);
  function say(text) { live.textContent = ""; live.textContent = text; }
  // The clipboard writer of edition.js, which loads this file (one copy of the fallback for both).
  var write = window.editionCopyText;
  function copied(button, label, message) {
    say(message);
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = label; }, 1600);
  }

  // ── Copy link to this passage ──
  // The text a browser searches for a text fragment, with each node's place in it: the
  // paragraph's words and note numbers, without the edition's own marks (¶ number, buttons).
  function flatten(para) {
    var text = "", spots = [];
    var walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) { return node.parentNode.closest(".ed") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      spots.push({ node: node, at: text.length });
      text += node.nodeValue;
    }
    return { text: text, spots: spots };
  }
  function offset(flat, container, at, para) {
    // Where a boundary point of the selection falls in the paragraph's flat text.
    var probe = document.createRange();
    probe.setStart(para, 0);
    probe.setEnd(container, at);
    var count = 0;
    for (var i = 0; i < flat.spots.length; i++) {
      var spot = flat.spots[i], length = spot.node.nodeValue.length;
      if (spot.node === container) return spot.at + at;
      if (probe.comparePoint(spot.node, length) === 0) count = spot.at + length;
    }
    return count;
  }
  function words(text) { return text.replace(/\s+/g, " ").trim().split(" ").filter(Boolean); }
  function encode(term) {
    return encodeURIComponent(term).replace(/-/g, "%2D");
  }
  var MOST = 8;  // words quoted whole; a longer selection is given by its first and last words
  var ENDS = 4;

  function passage() {
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    function paraOf(node) {
      var el = node.nodeType === 1 ? node : node.parentNode;
      var para = el && el.closest ? el.closest(".essay-para[id]") : null;
      return para && article.contains(para) ? para : null;
    }
    var first = paraOf(range.startContainer), last = paraOf(range.endContainer);
    if (!first || !last) return null;
    var a = flatten(first), b = last === first ? a : flatten(last);
    var start = offset(a, range.startContainer, range.startOffset, first);
    var end = offset(b, range.endContainer, range.endOffset, last);
    // Whole words: back to the space before the start, on to the space after the end.
    while (start > 0 && /\S/.test(a.text.charAt(start - 1))) start--;
    while (end < b.text.length && /\S/.test(b.text.charAt(end))) end++;
    var head = words(last === first ? a.text.slice(start, end) : a.text.slice(start));
    var tail = last === first ? head : words(b.text.slice(0, end));
    if (!head.length || !tail.length) return null;
    var before = words(a.text.slice(0, start)).slice(-3);
    var directive;
    if (last === first && head.length <= MOST) directive = encode(head.join(" "));
    else directive = encode(head.slice(0, ENDS).join(" ")) + "," + encode(tail.slice(-ENDS).join(" "));
    if (before.length) directive = encode(before.join(" ")) + "-," + directive;
    return {
      first: +first.getAttribute("data-para"),
      last: +last.getAttribute("data-para"),
      url: page + "#" + first.id + ":~:text=" + directive,
      range: range
    };
  }

  var bar = document.createElement("div");
  bar.className = "passage-bar ed";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "The selected passage");
  bar.hidden = true;
  var copyLink = document.createElement("button");
  copyLink.type = "button";
  copyLink.textContent = "Copy link to this passage";
  var citeIt = document.createElement("button");
  citeIt.type = "button";
  bar.appendChild(copyLink);
  if (template) bar.appendChild(citeIt);
  var current = null;

  function show() {
    current = passage();
    if (!current) { bar.hidden = true; return; }
    citeIt.textContent = "Cite ¶" + current.first + (current.last !== current.first ? "–¶" + current.last : "");
    var endPara = document.getElementById("p" + current.last);
    if (bar.previousElementSibling !== endPara) endPara.insertAdjacentElement("afterend", bar);
    bar.hidden = false;
    var rects = current.range.getClientRects();
    var rect = rects.length ? rects[rects.length - 1] : current.range.getBoundingClientRect();
    var origin = (bar.offsetParent || document.body).getBoundingClientRect();
    var left = Math.min(rect.left - origin.left, origin.width - bar.offsetWidth);
    bar.style.top = (rect.bottom - origin.top + 6) + "px";
    bar.style.left = Math.max(0, left) + "px";
  }
  var timer = 0;
  document.addEventListener("selectionchange", function () {
    if (bar.contains(document.activeElement)) return;  // the reader is using the bar
    bar.hidden = true;  // until the selection settles: never an offer for the words selected before
    current = null;
    clearTimeout(timer);
    timer = setTimeout(show, 200);
  });
  // Pressing a button must not clear the selection it acts on.
  bar.addEventListener("mousedown", function (event) { event.preventDefault(); });
  bar.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { bar.hidden = true; window.getSelection().removeAllRanges(); }
  });
  copyLink.addEventListener("click", function () {
    if (!current) return;
    write(current.url).then(function () {
      say("Link to the passage copied");
      copyLink.textContent = "Link copied";
      setTimeout(function () { copyLink.textContent = "Copy link to this passage"; }, 1600);
    }, function () { say("Could not copy: select the text and copy it by hand"); });
  });
  citeIt.addEventListener("click", function () {
    if (!current) return;
    var first = current.first, last = current.last, label = citeIt.textContent;
    var para = "¶" + first + (last !== first ? "–¶" + last : "");
    write(template.content.split("{para}").join(para).split("{anchor}").join("p" + first)).then(function () {
      copied(citeIt, label, "Citation of " + (last !== first ? "paragraphs " + first + " to " + last : "paragraph " + first) + " copied");
    }, function () { say("Could not copy: select the text and copy it by hand"); });
  });
  show();  // the selection that brought this script
})();
