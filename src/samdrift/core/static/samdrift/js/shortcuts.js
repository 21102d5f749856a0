// Keyboard shortcuts. Ignored while typing in a field.
//   /  search          g q  queues        g m  my tickets     n  new ticket
//   j/k  next/previous ticket in a list   r  reply on a ticket page
(function () {
  "use strict";
  var pendingG = false;
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function go(selector) {
    var link = document.querySelector(selector);
    if (link) { window.location.href = link.href; }
  }
  function move(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-row-link]"));
    if (!links.length) { return; }
    var index = links.indexOf(document.activeElement);
    var next = links[Math.min(links.length - 1, Math.max(0, index + step))];
    next.focus();
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = event.key;
    if (pendingG) {
      pendingG = false;
      if (key === "q") { go("[data-shortcut='queues']"); }
      if (key === "m") { go("[data-shortcut='mine']"); }
      return;
    }
    if (key === "g") { pendingG = true; return; }
    if (key === "/") {
      var search = document.querySelector("[data-shortcut='search']");
      if (search) { event.preventDefault(); search.focus(); }
    } else if (key === "j") { move(1); }
    else if (key === "k") { move(-1); }
    else if (key === "n") { go("[data-shortcut='new']"); }
    else if (key === "r") {
      var reply = document.querySelector("[data-shortcut='reply']");
      if (reply) { event.preventDefault(); reply.focus(); }
    }
  });
})();
