// resilift: small, optional helpers. Every page works without this script except the timers.
(function () {
  "use strict";

  // Show each slider's value next to its label.
  document.querySelectorAll('input[type="range"]').forEach(function (range) {
    var out = document.querySelector('output[data-for="' + range.id + '"]');
    var update = function () {
      if (out) { out.textContent = range.value; }
      range.setAttribute("aria-valuetext", range.value + " out of 10");
    };
    range.addEventListener("input", update);
    update();
  });

  // Hold timers: Start and Stop fill the seconds field; the hold ends at the cap.
  document.querySelectorAll("[data-timer]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-target"));
    var shown = box.querySelector("[data-elapsed]");
    var cap = Number(box.getAttribute("data-cap")) || 600;
    var started = null, tick = null;
    var stop = function () {
      if (started === null) { return; }
      var seconds = Math.min(cap, Math.round((Date.now() - started) / 1000));
      clearInterval(tick); started = null; box.classList.remove("running");
      shown.textContent = String(seconds);
      if (target) { target.value = String(seconds); target.dispatchEvent(new Event("change")); }
    };
    box.querySelector("[data-start]").addEventListener("click", function () {
      if (started !== null) { return; }
      started = Date.now(); box.classList.add("running"); shown.textContent = "0";
      tick = setInterval(function () {
        var seconds = Math.floor((Date.now() - started) / 1000);
        shown.textContent = String(Math.min(cap, seconds));
        if (seconds >= cap) { stop(); }
      }, 250);
    });
    box.querySelector("[data-stop]").addEventListener("click", stop);
  });

  // Sign-up takes the browser's time zone, so "today" is the person's today.
  document.querySelectorAll("[data-timezone]").forEach(function (input) {
    try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* keep UTC */ }
  });

  // Move focus to a form's problem list after a failed submit.
  var problems = document.getElementById("problems");
  if (problems) { problems.focus(); }
})();
