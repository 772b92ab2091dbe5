/* Search on demand. Material's bundle (9.8) requests the search index (search/search_index.json,
   about 40 KB gzip) and starts its search worker (12 KB) on every page, before anyone searches: a
   third of a chapter's first visit. This script, loaded in the page head (overrides/main.html) so it
   runs before the bundle, makes both wait until the reader turns to search: focusing the search box
   (by click, tap, Tab or Material's keys F, S and /), opening it, or pointing at it. Material itself
   is unchanged: it sends its request for the index, which this script holds back until then
   (XMLHttpRequest.send), and it creates its worker, which this script starts only when Material
   first posts to it (the index); the worker's messages and errors reach Material as before. Until
   the index is in, Material says "Initializing search", as it always did. A page opened with ?q= (a
   shared search) or ?h= (highlighting from a result) loads the index at once.

   What it relies on in Material's bundle (a bare XMLHttpRequest for the index, the index's path,
   `new Worker(url)`, the worker's file name) is checked by a fast test, tests/test_search_on_demand.py;
   tests/test_performance.py checks in the browser that a first visit fetches neither, and that
   search, ?q= and ?h= work. Should Material change them, the script matches nothing and search
   loads as it always did. */
(function () {
  "use strict";
  var wanted = false, held = [];
  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }
  if (/[?&][qh]=/.test(location.search)) want();
  // The index: Material asks for it with XMLHttpRequest; its send() waits until search is wanted.
  var Request = window.XMLHttpRequest && XMLHttpRequest.prototype, open = Request.open, send = Request.send;
  Request.open = function (method, url) {
    this.edIndex = /\/search\/search_index\.json$/.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  Request.send = function () {
    var request = this, args = arguments;
    if (!request.edIndex || wanted) return send.apply(request, args);
    held.push(function () { send.apply(request, args); });
  };
  // The worker: a stand-in that starts the real one when Material first posts to it, and passes on
  // what the real one says: its messages, and its errors (so a failed worker is not silent).
  var RealWorker = window.Worker;
  if (RealWorker && window.EventTarget && window.MessageEvent) {
    window.Worker = function (url, options) {
      if (!/\/workers\/search\.[\w-]+\.min\.js$/.test(String(url).split(/[?#]/)[0])) return new RealWorker(url, options);
      var stand = new EventTarget(), real = null;
      stand.postMessage = function (message, transfer) {
        if (!real) {
          real = new RealWorker(url, options);
          real.addEventListener("message", function (event) {
            stand.dispatchEvent(new MessageEvent("message", { data: event.data }));
          });
          real.addEventListener("messageerror", function (event) {
            stand.dispatchEvent(new MessageEvent("messageerror", { data: event.data }));
          });
          real.addEventListener("error", function (event) {
            var copy = window.ErrorEvent
              ? new ErrorEvent("error", { message: event.message, filename: event.filename, lineno: event.lineno, colno: event.colno, error: event.error })
              : new Event("error");
            stand.dispatchEvent(copy);
          });
        }
        real.postMessage(message, transfer || []);
      };
      stand.terminate = function () { if (real) real.terminate(); };
      return stand;
    };
    window.Worker.prototype = RealWorker.prototype;
  }
  function intent(event) {
    var target = event.target;
    if (target && target.closest && target.closest(".md-search, label[for='__search'], #__search")) want();
  }
  ["focusin", "change", "pointerover", "touchstart"].forEach(function (type) {
    document.addEventListener(type, intent, { capture: true, passive: true });
  });
})();
