// The combobox (WAI-ARIA 1.2 "editable combobox with list autocomplete").
// An <input role="combobox" data-combobox="URL"> asks URL?q=… while the user types and
// shows the matches in its listbox. Down/Up move, Enter or a click chooses, Escape
// closes (a second Escape clears). Without this script the input is a plain text field.
(function () {
  "use strict";
  function setup(input) {
    var listbox = document.getElementById(input.getAttribute("aria-controls"));
    var status = input.parentNode.querySelector(".combobox-status");
    var timer = null;
    var active = -1;
    var options = [];
    var latest = 0;

    function announce(count) {
      if (!status) { return; }
      var text = count === 0 ? status.dataset.none : count === 1 ? status.dataset.one : status.dataset.many;
      status.textContent = (text || "").replace("{n}", String(count));
    }
    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function choose(index) {
      var option = options[index];
      if (!option) { return; }
      input.value = option.dataset.value;
      input.dataset.chosenLabel = option.textContent;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function show(results) {
      listbox.textContent = "";
      options = results.map(function (result, i) {
        var li = document.createElement("li");
        li.id = listbox.id + "_" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.value = result.value;
        li.textContent = result.label;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        listbox.appendChild(li);
        return li;
      });
      announce(options.length);
      if (options.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      active = -1;
    }
    function search() {
      var text = input.value.trim();
      if (!text) { show([]); return; }
      var ticket = ++latest;
      var url = input.dataset.combobox + "?q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === latest) { show(data.results || []); } })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (listbox.hidden) { search(); return; }
        highlight(Math.min(options.length - 1, active + 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(0, active - 1));
      } else if (event.key === "Enter" && !listbox.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        if (!listbox.hidden) { close(); } else { input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-combobox]"), setup);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
