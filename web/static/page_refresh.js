// Light refresh of the attendee page (progressive enhancement): every 30 s at most, a conditional
// request; a 304 costs the server one small query. When the page changed, say so (no reload under
// the reader's fingers: they may be typing a note).
(function () {
  var script = document.currentScript;
  var etag = script && script.getAttribute("data-etag");
  var seconds = Math.max(30, parseInt(script && script.getAttribute("data-seconds"), 10) || 30);
  if (!etag || !window.fetch) { return; }
  var timer = null;
  function check() {
    if (document.hidden) { return; }
    fetch(window.location.pathname, {
      headers: { "If-None-Match": '"' + etag + '"' }, cache: "no-store", credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 200) {
        var note = document.getElementById("page-changed");
        if (note) { note.hidden = false; }
        window.clearInterval(timer);
      }
    }).catch(function () { /* offline for a moment: try again at the next tick */ });
  }
  timer = window.setInterval(check, seconds * 1000);
})();
