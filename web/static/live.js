// The live screen without a reload button: the countdown ticks every second and the page reloads
// every 30 s, unless someone is typing a search.
(function () {
  var script = document.currentScript;
  var seconds = Math.max(30, parseInt(script && script.getAttribute("data-seconds"), 10) || 30);
  var counter = document.getElementById("countdown");
  var left = counter ? parseInt(counter.getAttribute("data-seconds"), 10) : NaN;
  if (counter && !isNaN(left)) {
    window.setInterval(function () {
      left = Math.max(0, left - 1);
      if (left < 3600) {
        counter.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
      }
    }, 1000);
  }
  window.setInterval(function () {
    var active = document.activeElement;
    if (active && (active.tagName === "INPUT" || active.tagName === "TEXTAREA")) { return; }
    window.location.reload();
  }, seconds * 1000);
})();
