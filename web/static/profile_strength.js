// Refreshes the "profile strength" hint of the guided form as the person types.
// The server computes it (POST .../strength); without JavaScript the hint shown
// is the one of the saved profile.
(function () {
  "use strict";
  var form = document.querySelector("form[data-strength-url]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var box = form.querySelector("[data-role=strength]");
  var timer = null;
  function refresh() {
    fetch(form.getAttribute("data-strength-url"), {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (s) {
      if (!s) { return; }
      box.className = "card strength strength-" + s.level;
      box.querySelector("[data-role=meter]").value = s.percent;
      box.querySelector("[data-role=meter]").textContent = s.percent + " %";
      box.querySelector("[data-role=label]").textContent = s.label;
      box.querySelector("[data-role=hint]").textContent = s.hint;
    }).catch(function () { /* the saved hint stays */ });
  }
  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 600);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
}());
