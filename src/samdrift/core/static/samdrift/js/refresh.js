// Keeps a page region up to date while something runs: the element with
// data-refresh="N" (seconds; 0 = do nothing) is fetched again every N seconds and
// replaced in place. No inline script: this file is all (Content-Security-Policy).
(function () {
  "use strict";
  var region = document.querySelector("[data-refresh]");
  if (!region) { return; }
  function seconds(el) { return parseInt(el.getAttribute("data-refresh"), 10) || 0; }
  function schedule() {
    var wait = seconds(region);
    if (wait > 0) { window.setTimeout(update, wait * 1000); }
  }
  function update() {
    if (document.hidden) { schedule(); return; }
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-refresh]");
          if (fresh) {
            region.innerHTML = fresh.innerHTML;
            region.setAttribute("data-refresh", fresh.getAttribute("data-refresh"));
          }
        }
        schedule();
      })
      .catch(schedule);
  }
  schedule();
})();
