// Reply templates on the ticket page: choosing one fills the reply text in place.
// Without JavaScript the picker is a GET form that reloads the page with the text pre-filled.
(function () {
  "use strict";
  document.querySelectorAll("[data-reply-templates]").forEach(function (picker) {
    var select = picker.querySelector("select");
    var body = document.getElementById("reply_body");
    var internal = document.getElementById("reply_is_internal");
    var notice = document.querySelector("[data-template-unknown]");
    if (!select || !body) return;
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var url = option && option.getAttribute("data-render-url");
      if (!url) return;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          body.value = body.value ? body.value.replace(/\s*$/, "\n\n") + data.text : data.text;
          if (internal) internal.checked = Boolean(data.is_internal);
          if (notice) {
            notice.querySelector("span").textContent = data.unknown.join(", ");
            notice.hidden = data.unknown.length === 0;
          }
          body.focus();
        })
        .catch(function () { picker.submit(); });
    });
  });
})();
