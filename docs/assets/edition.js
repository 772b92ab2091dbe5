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

/* Glossary terms and note numbers on touch screens (no hover): the first tap shows the definition
   or the note in Material's tooltip, in place; a second tap follows the link. With a mouse or a
   keyboard the tooltips show on hover and focus; without JavaScript the marks are plain links. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("a.gloss, a.footnote-ref") : null;
    if (!mark || !window.matchMedia("(hover: none)").matches) return;
    if (mark.getAttribute("data-previewed") === "yes") return;
    event.preventDefault();
    mark.setAttribute("data-previewed", "yes");
    mark.focus();
    mark.addEventListener("blur", function () { mark.removeAttribute("data-previewed"); }, { once: true });
  });
})();
