// Progressive enhancement of matching/_panel.html: poll the status JSON and move the bar.
// Without JavaScript the page refreshes itself (<meta http-equiv="refresh">) while a job runs.
(function () {
  "use strict";
  var panel = document.querySelector(".matching-panel[data-active='yes']");
  if (!panel || !window.fetch) { return; }
  var bar = panel.querySelector("[data-role='bar']");
  var text = panel.querySelector("[data-role='text']");
  function tick() {
    fetch(panel.getAttribute("data-status-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        if (s.status === "done" || s.status === "failed") { window.location.reload(); return; }
        // French writes a no-break space before %, as the server-rendered figure does.
        var percent = Math.round(s.progress * 100) + (document.documentElement.lang === "fr" ? "\u00a0%" : "%");
        if (bar) { bar.value = s.progress; bar.textContent = percent; }
        if (text) {
          // The sentences come translated from the page (data-queued, data-running).
          text.textContent = s.status === "queued" ? panel.getAttribute("data-queued")
            : panel.getAttribute("data-running") + " " + percent + " — " + s.message;
        }
        window.setTimeout(tick, 1000);
      })
      .catch(function () { window.setTimeout(tick, 5000); });
  }
  window.setTimeout(tick, 1000);
})();
