// Knowledge-base suggestions while a requester types a ticket's subject. The server
// renders the list (knowledge:suggest); this script only fetches it after a pause.
(function () {
  "use strict";
  var box = document.getElementById("kb-suggestions");
  if (!box) { return; }
  var field = document.getElementById(box.getAttribute("data-suggest-for"));
  var url = box.getAttribute("data-suggest-url");
  if (!field || !url || !window.fetch) { return; }
  var timer = null;
  var last = "";
  function show(html) {
    box.innerHTML = html;
    box.hidden = html.trim() === "";
  }
  function ask() {
    var text = field.value.trim();
    if (text === last) { return; }
    last = text;
    if (text.length < 3) { show(""); return; }
    fetch(url + "?q=" + encodeURIComponent(text), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (field.value.trim() === text) { show(html); } })
      .catch(function () { /* no suggestions is fine */ });
  }
  field.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 300);
  });
  if (field.value) { ask(); }
})();
