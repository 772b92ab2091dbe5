/* Small progressive enhancements; every feature works as a plain link without JavaScript. */
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

/* Glossary terms: on touch screens (no hover) a tap shows the definition in place instead of
   leaving the page; a second tap on the term, Escape or a tap elsewhere closes it. With a mouse or
   keyboard, Material's tooltips show it on hover and focus. */
(function () {
  "use strict";
  var open = null;
  function close() {
    if (open) { open.pop.remove(); open.term.setAttribute("aria-expanded", "false"); open = null; }
  }
  document.addEventListener("click", function (event) {
    var term = event.target.closest ? event.target.closest("a.gloss") : null;
    if (!term) {
      if (open && !open.pop.contains(event.target)) close();
      return;
    }
    if (!window.matchMedia("(hover: none)").matches) return;
    event.preventDefault();
    if (open && open.term === term) { close(); return; }
    close();
    var pop = document.createElement("span");
    pop.className = "gloss-pop";
    pop.setAttribute("role", "note");
    pop.id = "gloss-pop";
    pop.textContent = term.getAttribute("data-definition") + " ";
    var more = document.createElement("a");
    more.href = term.getAttribute("href");
    more.textContent = "Glossary entry";
    pop.appendChild(more);
    term.insertAdjacentElement("afterend", pop);
    term.setAttribute("aria-expanded", "true");
    term.setAttribute("aria-describedby", "gloss-pop");
    open = { term: term, pop: pop };
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
})();
