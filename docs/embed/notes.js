/* Hover cards for links to this edition's notes and paragraphs, for any site that links to them.
 *
 * Include it with one tag:  <script src="https://EDITION/embed/notes.js" defer></script>
 * It finds links to the edition's note pages (…/notes/14/) and paragraph anchors (…/chapter/#p14)
 * and shows the note or the paragraph on hover, keyboard focus and tap, read from the edition's
 * JSON records (…/notes/14.json, …/paragraphs/14.json). It asks nothing of any other host, sets no
 * cookie, keeps nothing, writes remote text only as text (never as HTML), and does nothing at all
 * when the edition cannot be reached: the links stay plain links.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !document.querySelectorAll) return;
  var base = new URL("../", script.src).href; // the edition's root, from this file's own address
  var records = {}; // url -> Promise of a record (or null), for this page's life only
  var card = null, owner = null, openTimer = 0, closeTimer = 0, uid = 0;

  function target(link) {
    // A record's address for a link into the edition, or "" for any other link.
    var url;
    try { url = new URL(link.getAttribute("href"), document.baseURI); } catch (e) { return ""; }
    if (url.href.indexOf(base) !== 0) return "";
    var rest = url.href.slice(base.length).split("?")[0];
    var note = /^notes\/(\d+)\/?(?:index\.html)?$/.exec(rest.split("#")[0]);
    if (note) return base + "notes/" + note[1] + ".json";
    var para = /#p(\d+)$/.exec(url.hash);
    if (para && !/^notes\//.test(rest)) return base + "paragraphs/" + para[1] + ".json";
    return "";
  }

  function load(url) {
    if (!records[url]) {
      records[url] = fetch(url, { credentials: "omit", mode: "cors", referrerPolicy: "no-referrer" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return records[url];
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = "twiss-card__" + cls;
    if (text) node.textContent = text;
    return node;
  }

  function fill(box, record) {
    box.textContent = "";
    var isNote = record.type === "note";
    var name = isNote ? "Note " + record.number : "¶" + record.number;
    box.appendChild(el("p", "kicker", name + " · " + (isNote ? record.status_label : record.chapter.title)));
    if (isNote) box.appendChild(el("blockquote", "quote", record.annotated_sentence));
    box.appendChild(el("p", "text", record.text));
    var foot = el("p", "foot");
    var link = el("a", "link", "Read " + (isNote ? "note " + record.number : name) + " in the edition →");
    link.href = record.url;
    foot.appendChild(link);
    foot.appendChild(el("span", "cite", " " + (record.cite || "")));
    box.appendChild(foot);
  }

  function style() {
    if (document.getElementById("twiss-card-style")) return;
    var css = document.createElement("style");
    css.id = "twiss-card-style";
    css.textContent =
      ".twiss-card{position:absolute;z-index:2147483000;max-width:min(26rem,calc(100vw - 1rem));box-sizing:border-box;" +
      "padding:.75rem .9rem;border:1px solid #8a7a6a;border-radius:6px;background:#fffdf8;color:#222;" +
      "font:15px/1.45 Georgia,'Times New Roman',serif;box-shadow:0 4px 16px rgba(0,0,0,.18);opacity:1;transition:opacity .12s}" +
      ".twiss-card[hidden]{display:none}" +
      ".twiss-card__kicker{margin:0 0 .4rem;font:600 13px/1.3 system-ui,sans-serif;color:#6b4f3a}" +
      ".twiss-card__quote{margin:0 0 .5rem;padding-left:.6rem;border-left:3px solid #c9b8a6;font-style:italic}" +
      ".twiss-card__text{margin:0 0 .5rem}" +
      ".twiss-card__foot{margin:0;font:13px/1.4 system-ui,sans-serif}" +
      ".twiss-card__link{color:#8a3b12}" +
      ".twiss-card__cite{color:#555}" +
      "@media (prefers-color-scheme:dark){.twiss-card{background:#1f1d1b;color:#eee;border-color:#7d6e60}" +
      ".twiss-card__kicker{color:#e0b48f}.twiss-card__quote{border-color:#6d5f52}.twiss-card__link{color:#ffab7a}.twiss-card__cite{color:#bbb}}" +
      "@media (prefers-reduced-motion:reduce){.twiss-card{transition:none}}";
    document.head.appendChild(css);
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - card.offsetWidth - 8));
    if (r.bottom + card.offsetHeight + 12 > window.innerHeight && r.top > card.offsetHeight + 12) {
      top = window.scrollY + r.top - card.offsetHeight - 6;
    }
    card.style.top = top + "px";
    card.style.left = left + "px";
  }

  function open(link) {
    clearTimeout(closeTimer);
    var url = target(link);
    if (!url) return;
    load(url).then(function (record) {
      if (!record || !record.url || !record.chapter) return; // unreachable or not ours: a plain link
      if (!card) {
        style();
        card = document.createElement("div");
        card.className = "twiss-card";
        card.id = "twiss-card-" + (++uid);
        card.setAttribute("role", "tooltip");
        card.hidden = true;
        card.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
        card.addEventListener("mouseleave", function () { scheduleClose(); });
        document.body.appendChild(card);
      }
      if (owner && owner !== link) owner.removeAttribute("aria-describedby");
      fill(card, record);
      owner = link;
      link.setAttribute("aria-describedby", card.id);
      card.hidden = false;
      place(link);
    });
  }

  function close() {
    clearTimeout(openTimer);
    if (card) card.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function scheduleClose() {
    clearTimeout(openTimer);
    closeTimer = setTimeout(close, 250);
  }

  function linkOf(event) {
    var node = event.target;
    var link = node && node.closest ? node.closest("a[href]") : null;
    return link && target(link) ? link : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event);
    if (!link) return;
    clearTimeout(closeTimer);
    clearTimeout(openTimer);
    openTimer = setTimeout(function () { open(link); }, 150);
  });
  document.addEventListener("mouseout", function (event) {
    if (linkOf(event)) scheduleClose();
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (link) open(link);
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event)) scheduleClose();
  });
  // A tap shows the card first; a second tap on the same link follows it.
  document.addEventListener("click", function (event) {
    var link = linkOf(event);
    if (!link || !event.isTrusted) return;
    if (window.matchMedia && window.matchMedia("(hover: none)").matches && owner !== link) {
      event.preventDefault();
      open(link);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && card && !card.hidden) close();
  });
})();
