// resilift: optional helpers. Every page works without this script; with it, the workout has a
// rest timer and keeps its state on the phone, and forms finished offline are kept and sent when
// the connection returns (each with an Idempotency-Key, so a retry never stores twice).
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

  // Hold timers: a full-screen timer with a 3-2-1 count-in, seconds large enough to read
  // from the floor, the whole screen a Stop button, an optional beep at the start and at the
  // cap, the screen kept awake, and no silent restart: timing again means discarding the
  // result on purpose. The result goes into the seconds field; without the script the field
  // is typed in.
  var beep = function (on) {
    if (!on) { return; }
    try {
      var Audio = window.AudioContext || window.webkitAudioContext;
      var audio = new Audio(); var tone = audio.createOscillator(); var gain = audio.createGain();
      tone.frequency.value = 880; gain.gain.value = 0.2; tone.connect(gain); gain.connect(audio.destination);
      tone.start(); tone.stop(audio.currentTime + 0.25);
    } catch (e) { /* no sound */ }
  };
  document.querySelectorAll("[data-timer]").forEach(function (box) {
    box.hidden = false;
    var target = document.getElementById(box.getAttribute("data-target"));
    var cap = Number(box.getAttribute("data-cap")) || 600;
    var label = box.getAttribute("data-label") || "the hold";
    var screen = document.createElement("div");
    screen.className = "holdscreen"; screen.hidden = true;
    screen.setAttribute("role", "dialog"); screen.setAttribute("aria-modal", "true");
    screen.setAttribute("aria-label", "Timer for " + label);
    screen.innerHTML =
      '<p class="hs-title"></p>' +
      '<button type="button" class="hs-face" data-face><span class="hs-big" data-big></span><span class="hs-say" data-say></span></button>' +
      '<div class="hs-controls" data-controls>' +
      '<label class="hs-beep"><input type="checkbox" data-beep> Beep at the start and at ' + cap + ' s</label>' +
      '<button type="button" data-use hidden>Use this time</button> ' +
      '<button type="button" class="secondary" data-again hidden>Discard and time again</button> ' +
      '<button type="button" class="secondary" data-close>Close</button></div>' +
      '<p class="hs-live" aria-live="assertive" data-live></p>';
    document.body.appendChild(screen);
    screen.querySelector(".hs-title").textContent = "Timer: " + label;
    var face = screen.querySelector("[data-face]"), big = screen.querySelector("[data-big]");
    var sayLine = screen.querySelector("[data-say]"), live = screen.querySelector("[data-live]");
    var useButton = screen.querySelector("[data-use]"), again = screen.querySelector("[data-again]");
    var beepBox = screen.querySelector("[data-beep]");
    beepBox.checked = localStorage.getItem("resilift.beep") === "yes";
    beepBox.addEventListener("change", function () { localStorage.setItem("resilift.beep", beepBox.checked ? "yes" : "no"); });
    var state = "ready", started = 0, tick = null, lock = null, result = null;
    var show = function (bigText, sayText) { big.textContent = bigText; sayLine.textContent = sayText; };
    var keepAwake = function () {
      if (navigator.wakeLock) { navigator.wakeLock.request("screen").then(function (l) { lock = l; }).catch(function () {}); }
    };
    var letSleep = function () { if (lock) { lock.release().catch(function () {}); lock = null; } };
    var ready = function () {
      state = "ready"; result = null; screen.setAttribute("data-state", state);
      show("Start", "Tap anywhere to start. A 3-2-1 count-in comes first.");
      useButton.hidden = true; again.hidden = true;
    };
    var stop = function () {
      if (state !== "running") { return; }
      clearInterval(tick); letSleep();
      result = Math.min(cap, Math.round((Date.now() - started) / 1000));
      state = "done"; screen.setAttribute("data-state", state);
      show(result + " s", result >= cap ? "The test ends at " + cap + " seconds." : "Stopped.");
      live.textContent = "Stopped at " + result + " seconds.";
      useButton.hidden = false; again.hidden = false; useButton.focus();
    };
    var run = function () {
      state = "running"; screen.setAttribute("data-state", state);
      started = Date.now(); beep(beepBox.checked); keepAwake();
      show("0", "Tap anywhere to stop");
      live.textContent = "Go.";
      tick = setInterval(function () {
        var seconds = Math.floor((Date.now() - started) / 1000);
        big.textContent = String(Math.min(cap, seconds));
        if (seconds >= cap) { beep(beepBox.checked); stop(); }
      }, 200);
    };
    var countIn = function () {
      state = "counting"; screen.setAttribute("data-state", state);
      var left = 3;
      show("3", "Get into position");
      live.textContent = "3";
      tick = setInterval(function () {
        left -= 1;
        if (left > 0) { big.textContent = String(left); live.textContent = String(left); return; }
        clearInterval(tick); run();
      }, 1000);
    };
    face.addEventListener("click", function () {
      if (state === "ready") { countIn(); }
      else if (state === "running") { stop(); }
      // counting: a tap does nothing; done: only the buttons below act (no silent restart).
    });
    useButton.addEventListener("click", function () {
      if (target && result !== null) { target.value = String(result); target.dispatchEvent(new Event("change")); }
      screen.hidden = true; document.body.classList.remove("holding");
      if (target) { target.focus(); }
    });
    again.addEventListener("click", ready);
    screen.querySelector("[data-close]").addEventListener("click", function () {
      if (state === "running" || state === "counting") { return; }
      screen.hidden = true; document.body.classList.remove("holding");
    });
    box.querySelector("[data-start]").addEventListener("click", function () {
      ready(); screen.hidden = false; document.body.classList.add("holding"); face.focus();
    });
  });

  // Sign-up takes the browser's time zone, so "today" is the person's today.
  document.querySelectorAll("[data-timezone]").forEach(function (input) {
    try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* keep UTC */ }
  });


  // ----- offline: the service worker, the queue of unsent forms, the connection line -------
  var QUEUE = "resilift.queue";
  var line = document.getElementById("connection");
  var readQueue = function () {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  };
  var writeQueue = function (items) { localStorage.setItem(QUEUE, JSON.stringify(items)); };
  var say = function (state, text) {
    if (!line) { return; }
    if (!state) { line.hidden = true; line.removeAttribute("data-state"); line.textContent = ""; return; }
    line.hidden = false; line.setAttribute("data-state", state); line.textContent = text;
  };
  var showState = function () {
    var waiting = readQueue().length;
    if (waiting > 0) {
      say("queued", (waiting === 1 ? "1 record is" : waiting + " records are") +
        " kept on this phone and will be sent when the connection returns.");
    } else if (!navigator.onLine) {
      say("offline", "You are offline. You can still train and finish your workout: it is kept on this phone and sent when the connection returns.");
    } else if (line && line.getAttribute("data-state") !== "sent") {
      say(null);
    }
  };
  var newKey = function () {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  };
  // Sends a kept form the ordinary way, so the server's page (the form with its problems and
  // what was typed) replaces this one; used only when the server refused it and stored nothing.
  var submitPlainly = function (action, body) {
    var plain = document.createElement("form");
    plain.method = "post"; plain.action = action; plain.hidden = true;
    new URLSearchParams(body).forEach(function (value, name) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value; plain.appendChild(input);
    });
    document.body.appendChild(plain);
    HTMLFormElement.prototype.submit.call(plain);
  };
  var send = function (item) {
    return fetch(item.action, {
      method: "POST", credentials: "same-origin", redirect: "follow",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": item.key },
      body: item.body
    });
  };
  var forget = function (key) {
    writeQueue(readQueue().filter(function (item) { return item.key !== key; }));
  };
  var flushing = false;
  var flush = function () {
    if (flushing) { return Promise.resolve(); }
    var items = readQueue();
    if (items.length === 0) { showState(); return Promise.resolve(); }
    flushing = true;
    var sentOne = null;
    var next = function (index) {
      if (index >= items.length) { return Promise.resolve(); }
      var item = items[index];
      return send(item).then(function (response) {
        if (response.ok || response.status === 409) {
          forget(item.key);
          sentOne = response.ok && response.redirected ? response.url : (sentOne || "");
          return next(index + 1);
        }
        if (response.status === 422 || response.status === 403) {
          // The server could not take it as it was: show its answer, with what was typed.
          forget(item.key);
          submitPlainly(item.action, item.body);
          return new Promise(function () { /* the page is leaving */ });
        }
        return undefined; // the server is struggling: keep it and try again later
      });
    };
    return next(0).catch(function () { /* still offline: keep everything */ }).then(function () {
      flushing = false;
      if (sentOne !== null && readQueue().length === 0) {
        say("sent", "Sent: what you finished on this phone is now saved on the server.");
        if (sentOne && line) {
          var a = document.createElement("a"); a.href = sentOne; a.textContent = " See it";
          line.appendChild(a);
        }
      } else { showState(); }
    });
  };
  window.addEventListener("online", flush);
  window.addEventListener("offline", showState);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").then(function () {
      if (navigator.serviceWorker.controller && /^\/(home|week)$/.test(location.pathname)) {
        navigator.serviceWorker.controller.postMessage("refresh");
      }
    }).catch(function () { /* no offline copy; everything still works online */ });
  }
  flush();

  // Forms that may be finished offline: kept first, then sent; one key per form, so a second
  // tap or a retry is answered with the first answer.
  document.querySelectorAll("form[data-offline]").forEach(function (form) {
    form.setAttribute("data-key", newKey());
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      var item = {
        action: form.getAttribute("action"), key: form.getAttribute("data-key"),
        body: new URLSearchParams(new FormData(form)).toString(), at: Date.now()
      };
      var items = readQueue().filter(function (i) { return i.key !== item.key; });
      items.push(item); writeQueue(items);
      send(item).then(function (response) {
        if (response.ok && response.redirected) {
          forget(item.key);
          if (form.hasAttribute("data-workout")) { clearWorkout(); }
          location.href = response.url;
          return undefined;
        }
        if (response.ok || response.status === 422 || response.status === 403) {
          // Refused (nothing stored): let the server show the form with its problems.
          forget(item.key);
          submitPlainly(item.action, item.body);
          return undefined;
        }
        if (response.status === 409) { forget(item.key); location.href = "/home"; return undefined; }
        throw new Error("server busy");
      }).catch(function () {
        if (form.hasAttribute("data-workout")) { clearWorkout(); }
        if (button) { button.disabled = false; button.textContent = "Kept on this phone"; }
        showState();
      });
    });
  });

  // ----- workout mode: sets marked done, state kept on the phone, the rest timer -----------
  var workout = document.querySelector("form[data-workout]");
  var stateKey = workout ? "resilift.workout." + (workout.querySelector("[name=date]") || {}).value : null;
  var clearWorkout = function () {
    if (stateKey) { localStorage.removeItem(stateKey); localStorage.removeItem("resilift.rest.end"); }
  };
  if (workout) {
    var saveWorkout = function () {
      var values = [];
      workout.querySelectorAll("input, select").forEach(function (input) {
        if (!input.name || input.name === "csrf") { return; }
        if ((input.type === "checkbox" || input.type === "radio") && !input.checked) { return; }
        values.push([input.name, input.value]);
      });
      localStorage.setItem(stateKey, JSON.stringify({ key: workout.getAttribute("data-key"), values: values }));
    };
    var mark = function () {
      workout.querySelectorAll("[data-set]").forEach(function (set) {
        var done = set.querySelector("[data-done]");
        set.classList.toggle("done", !!(done && done.checked));
      });
    };
    try {
      var kept = JSON.parse(localStorage.getItem(stateKey) || "null");
      if (kept && kept.values) {
        workout.setAttribute("data-key", kept.key || workout.getAttribute("data-key"));
        workout.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (input) {
          if (input.name) { input.checked = false; }
        });
        kept.values.forEach(function (pair) {
          workout.querySelectorAll("[name=\"" + pair[0] + "\"]").forEach(function (input) {
            if (input.type === "checkbox" || input.type === "radio") {
              if (input.value === pair[1]) { input.checked = true; }
            } else { input.value = pair[1]; }
          });
        });
      }
    } catch (e) { /* start afresh */ }
    mark();
    workout.addEventListener("change", function () { mark(); saveWorkout(); });

    var rest = workout.querySelector("[data-rest]");
    var shownTime = rest.querySelector("[data-rest-time]");
    var setting = workout.querySelector("[data-rest-setting]");
    var length = setting.querySelector("[data-rest-length]");
    setting.hidden = false;
    length.value = localStorage.getItem("resilift.rest") || "180";
    length.addEventListener("change", function () { localStorage.setItem("resilift.rest", length.value); });
    var tick = null;
    var draw = function () {
      var end = Number(localStorage.getItem("resilift.rest.end") || 0);
      var left = Math.round((end - Date.now()) / 1000);
      if (!end) { rest.hidden = true; clearInterval(tick); tick = null; return; }
      rest.hidden = false;
      if (left <= 0) {
        rest.classList.add("over"); shownTime.textContent = "Next set";
        if (left > -1 && navigator.vibrate) { navigator.vibrate(400); }
        return;
      }
      rest.classList.remove("over");
      shownTime.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    };
    var startRest = function (seconds) {
      localStorage.setItem("resilift.rest.end", String(Date.now() + seconds * 1000));
      draw(); if (!tick) { tick = setInterval(draw, 250); }
    };
    workout.querySelectorAll("[data-done]").forEach(function (box) {
      box.addEventListener("change", function () {
        var sets = workout.querySelectorAll("[data-done]");
        var open = Array.prototype.filter.call(sets, function (b) { return !b.checked; }).length;
        if (box.checked && open > 0) {
          startRest(Number(length.value) || 180);
          // Bring the next set's Done to the middle of the screen, clear of the rest bar.
          var next = Array.prototype.find.call(sets, function (b) { return !b.checked; });
          var target = next && (workout.querySelector('label[for="' + next.id + '"]') || next);
          if (target) { target.scrollIntoView({ block: "center" }); }
        }
        else if (open === 0) { localStorage.removeItem("resilift.rest.end"); draw(); }
      });
    });
    rest.querySelector("[data-rest-skip]").addEventListener("click", function () {
      localStorage.removeItem("resilift.rest.end"); draw();
    });
    rest.querySelector("[data-rest-add]").addEventListener("click", function () {
      var end = Number(localStorage.getItem("resilift.rest.end") || Date.now());
      localStorage.setItem("resilift.rest.end", String(Math.max(end, Date.now()) + 30000)); draw();
    });
    if (localStorage.getItem("resilift.rest.end")) { draw(); tick = setInterval(draw, 250); }
  }

  // Signing out forgets the pages kept on this phone (after a warning if some are unsent).
  document.querySelectorAll("form[action=\"/signout\"]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (readQueue().length > 0 && !window.confirm("Some records on this phone have not been sent yet. Sign out and lose them?")) {
        event.preventDefault(); return;
      }
      writeQueue([]);
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget");
      }
    });
  });

  // Move focus to a form's problem list after a failed submit.
  var problems = document.getElementById("problems");
  if (problems) { problems.focus(); }
})();
