// The menu button on small screens: shows and hides the main navigation.
// Without this script the button stays hidden and the whole menu is shown.
(function () {
  "use strict";
  var button = document.querySelector(".nav-toggle");
  var nav = document.getElementById("main-nav");
  if (!button || !nav) { return; }
  var narrow = window.matchMedia("(max-width: 59.99rem)");
  function set(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.classList.toggle("nav-closed", !open);
  }
  button.hidden = false;
  set(!narrow.matches);
  button.addEventListener("click", function () {
    set(button.getAttribute("aria-expanded") !== "true");
  });
  narrow.addEventListener("change", function (event) { set(!event.matches); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
})();
