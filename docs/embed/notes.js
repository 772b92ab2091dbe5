/* Hover cards for links to this edition's notes and paragraphs, for any site that links to them.
 *
 * Include it with one tag:  <script src="https://EDITION/embed/notes.js" defer></script>
 * It finds links to the edition's note pages (…/notes/14/), paragraph anchors (…/chapter/#p14) and
 * notes in their chapter (…/chapter/#note-14)
 * and shows the note or the paragraph on hover, keyboard focus and tap, read from the edition's
 * JSON records (…/notes/14.json, …/paragraphs/14.json). It asks nothing of any other host, sets no
 * cookie, stores nothing, writes remote text only as text (never as HTML), and does nothing at all
 * when the edition cannot be reached: the links stay plain links.
 *
 * The edition's address is taken from this file's own (…/embed/notes.js); a copy kept elsewhere
 * names it instead: <script src="notes.js" data-edition="https://EDITION/" defer></script>.
 * The card lives in a shadow root, so the page's styles cannot change it; it takes the light or
 * dark look of the page behind the link, and it does not fade in when reduced motion is asked for.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URL || !Element.prototype.attachShadow) return;
  var base;
  try {
    base = new URL(script.getAttribute("data-edition") || "../", script.src).href.replace(/[?#].*$/, "");
  } catch (e) { return; }
  if (!/\/$/.test(base)) base += "/";
  var records = {};  // JSON address -> Promise of a record or null, for this page's life only
  var host = null, box = null, owner = null, before = null, want = null;
  var openTimer = 0, closeTimer = 0, pointer = "mouse";

  // The record a link points to ({url, kind, path}), or null for any other link.
  function target(link) {
    var url;
    try { url = new URL(link.getAttribute("href"), document.baseURI); } catch (e) { return null; }
    var page = url.origin + url.pathname;
    if (page.indexOf(base) !== 0) return null;
    var path = page.slice(base.length).replace(/index\.html$/, "");
    var note = /^notes\/(\d+)\/?$/.exec(path);
    if (note) return { url: base + "notes/" + note[1] + ".json", kind: "note", path: path };
    if (!/^[^/]+\/?$/.test(path)) return null;  // a chapter page: …/5-revolution-betrayed/#p14 or #note-14
    var para = /^#p(\d+)$/.exec(url.hash), inPlace = /^#note-(\d+)$/.exec(url.hash);
    if (para) return { url: base + "paragraphs/" + para[1] + ".json", kind: "paragraph", path: path };
    if (inPlace) return { url: base + "notes/" + inPlace[1] + ".json", kind: "note", path: path, chapter: true };
    return null;
  }

  function load(url) {
    if (!records[url]) {
      records[url] = fetch(url, { credentials: "omit", referrerPolicy: "no-referrer" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return records[url];
  }

  // A record's address inside the edition, moved to where this script came from (a mirror, a test).
  function here(record, url) {
    var root = record.edition && record.edition.url;
    if (typeof url !== "string" || typeof root !== "string" || url.indexOf(root) !== 0) return null;
    return base + url.slice(root.length);
  }

  function slash(path) { return path.replace(/\/?$/, "/"); }

  // Only a record that answers the link: its kind, and for a place in a chapter (a paragraph, or a
  // note at the chapter's foot) the chapter the link names.
  function fits(record, aim) {
    if (!record || typeof record !== "object" || record.type !== aim.kind || typeof record.text !== "string") return false;
    if (aim.kind === "note" && !aim.chapter) return true;
    var chapter = here(record, record.chapter && record.chapter.url);
    return chapter !== null && slash(chapter) === slash(base + aim.path);
  }

  function clip(text, most) {
    text = String(text || "").replace(/\s+/g, " ").trim();
    if (text.length <= most) return text;
    return text.slice(0, most).replace(/\s+\S*$/, "") + " …";
  }

  function add(parent, tag, cls, text) {
    var node = document.createElement(tag);
    node.className = cls;
    if (text) node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function fill(record, link) {
    box.textContent = "";
    var note = record.type === "note";
    var name = note ? "Note " + record.number : "¶" + record.number;
    var head = add(box, "p", "k", name);
    if (note) add(head, "span", "s", record.status_label);
    else if (record.chapter) add(head, "span", "c", " · ch. " + record.chapter.number + ", " + clip(record.chapter.title, 60));
    if (note && record.annotated_sentence) add(box, "blockquote", "q", clip(record.annotated_sentence, 220));
    add(box, "p", "t", clip(record.text, note ? 480 : 560));
    var foot = add(box, "p", "f", "");
    var through = add(foot, "a", "a", "Read " + (note ? "note " + record.number : name) + " in the annotated edition");
    through.href = here(record, record.url) || link.href;
    if (record.cite) add(foot, "span", "v", " · " + record.cite + (record.edition && record.edition.version ? ", v" + record.edition.version : ""));
  }

  var CSS =
    ":host{all:initial;position:fixed;z-index:2147483000;display:block;top:0;left:0}" +
    ":host([hidden]){display:none}" +
    ".b{box-sizing:border-box;width:max-content;max-width:min(26rem,calc(100vw - 16px));padding:12px 14px;" +
    "border:1px solid #8a7a6a;border-radius:6px;background:#fffdf8;color:#1f1b17;" +
    "font:15px/1.45 Georgia,'Times New Roman',serif;box-shadow:0 4px 18px rgba(0,0,0,.22);text-align:left;" +
    "animation:i .14s ease-out}" +
    "@keyframes i{from{opacity:0;transform:translateY(2px)}}" +
    ".k{margin:0 0 6px;font:600 13px/1.35 system-ui,-apple-system,'Segoe UI',sans-serif;color:#6b4a33}" +
    ".s{display:inline-block;margin-left:8px;padding:0 6px;border:1px solid currentColor;border-radius:9px;font-weight:400;font-size:12px}" +
    ".c{font-weight:400}" +
    ".q{margin:0 0 8px;padding:0 0 0 10px;border-left:3px solid #c9b29a;font-style:italic}" +
    ".t{margin:0 0 8px}" +
    ".f{margin:0;font:13px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;color:#5a5048}" +
    ".a{color:#8a3312;text-decoration:underline}" +
    ".a:focus-visible{outline:2px solid currentColor;outline-offset:2px}" +
    ".d{background:#24201d;color:#ece6df;border-color:#7d6e60;box-shadow:0 4px 18px rgba(0,0,0,.6)}" +
    ".d .k{color:#e7b48c}.d .q{border-color:#6d5f52}.d .f{color:#c4b8ad}.d .a{color:#ffb28a}" +
    "@media (prefers-reduced-motion:reduce){.b{animation:none}}";

  function make() {
    host = document.createElement("twiss-note-card");
    host.id = "twiss-note-card";
    host.setAttribute("role", "tooltip");
    host.hidden = true;
    var root = host.attachShadow({ mode: "open" });
    add(root, "style", "", CSS);
    box = add(root, "div", "b", "");
    host.addEventListener("mouseenter", function () { clearTimeout(closeTimer); });
    host.addEventListener("mouseleave", later);
    document.body.appendChild(host);
  }

  // The page's scheme where the link stands: the first opaque background behind it, else the
  // lightness of its text (light text: a dark page), else the reader's preference.
  function dark(link) {
    for (var node = link; node && node.nodeType === 1; node = node.parentElement) {
      var bg = rgb(getComputedStyle(node).backgroundColor);
      if (bg && bg[3] > 0.5) return light(bg) < 0.45;
    }
    var fg = rgb(getComputedStyle(link).color);
    if (fg) return light(fg) > 0.6;
    return !!(window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches);
  }
  function rgb(colour) {
    var m = /rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[, /]+([\d.]+))?/.exec(colour || "");
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
  }
  function light(c) { return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255; }

  function place() {
    if (!owner || !host || host.hidden) return;
    var rects = owner.getClientRects();
    if (!rects.length) return close();
    var first = rects[0], last = rects[rects.length - 1];
    var width = box.offsetWidth, height = box.offsetHeight;
    var view = document.documentElement.clientWidth, tall = window.innerHeight;
    var left = Math.max(8, Math.min(first.left, view - width - 8));
    var top = last.bottom + 6;
    if (top + height > tall - 8 && first.top - height - 6 >= 8) top = first.top - height - 6;
    host.style.left = left + "px";
    host.style.top = Math.max(8, top) + "px";
  }

  function open(link) {
    clearTimeout(closeTimer);
    var aim = target(link);
    if (!aim) return;
    want = link;
    load(aim.url).then(function (record) {
      if (want !== link) return;  // the reader has moved on
      if (!fits(record, aim)) { want = null; return; }  // unreachable or not the edition's: a plain link
      if (!host) make();
      if (owner !== link) release();
      fill(record, link);
      box.classList.toggle("d", dark(link));
      if (owner !== link) {
        owner = link;
        before = link.getAttribute("aria-describedby");
        link.setAttribute("aria-describedby", (before ? before + " " : "") + host.id);
      }
      host.hidden = false;
      place();
    });
  }

  function release() {
    if (!owner) return;
    if (before) owner.setAttribute("aria-describedby", before);
    else owner.removeAttribute("aria-describedby");
    owner = before = null;
  }

  function close() {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    want = null;
    if (host) host.hidden = true;
    release();
  }

  function later() {
    clearTimeout(openTimer);
    clearTimeout(closeTimer);
    closeTimer = setTimeout(close, 300);
  }

  function linkOf(node) {
    var link = node && node.closest ? node.closest("a[href]") : null;
    return link && target(link) ? link : null;
  }

  function within(node) { return !!(node && host && (node === host || host.contains(node))); }

  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event.target);
    if (!link) return;
    clearTimeout(closeTimer);
    if (link === owner || link === want) return;
    clearTimeout(openTimer);
    openTimer = setTimeout(function () { open(link); }, 120);
  });
  document.addEventListener("mouseout", function (event) {
    var link = linkOf(event.target);
    if (!link || link.contains(event.relatedTarget) || within(event.relatedTarget)) return;
    if (link === want || link === owner) later(); else clearTimeout(openTimer);
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event.target);
    if (link) open(link);
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event.target) && !within(event.relatedTarget)) later();
  });
  document.addEventListener("pointerdown", function (event) {
    pointer = event.pointerType || "mouse";
    if (owner && !within(event.target) && !owner.contains(event.target)) close();
  }, true);
  // A tap shows the card first; a second tap on the same link follows it. If the record cannot be
  // had, the tap follows the link after all.
  document.addEventListener("click", function (event) {
    if (pointer !== "touch" || !event.isTrusted || event.defaultPrevented) return;
    var link = linkOf(event.target);
    if (!link || link === owner) return;
    var aim = target(link);
    event.preventDefault();
    open(link);
    load(aim.url).then(function (record) { if (!fits(record, aim)) link.click(); });
  });
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Escape" || event.key === "Esc") && host && !host.hidden) close();
  });
  window.addEventListener("scroll", place, { passive: true, capture: true });
  window.addEventListener("resize", place, { passive: true });
})();
