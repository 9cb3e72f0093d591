// resilift's service worker: keeps the app shell, this week's plan and the workout page on the
// phone, so a session can be trained and finished with no connection. Pages come from the
// network when it answers and from this cache when it does not; writes are never cached here
// (the page keeps unsent forms and sends them when the connection returns).
"use strict";
var VERSION = "resilift-__VERSION__";
var SHELL = ["/assets/style.css", "/assets/app.js", "/offline", "/manifest.webmanifest",
  "/assets/icons/icon-192.png", "/assets/icons/icon-512.png"];
var PAGES = ["/home", "/week", "/workout"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(VERSION).then(function (cache) {
    return cache.addAll(SHELL).then(function () { return keepPages(cache); });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== VERSION; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

// Fetches the pages a workout needs and keeps the ones that are really pages (not a redirect to
// sign-in).
function keepPages(cache) {
  return Promise.all(PAGES.map(function (path) {
    return fetch(path, { credentials: "same-origin" }).then(function (response) {
      if (response.ok && !response.redirected) { return cache.put(path, response); }
      return undefined;
    }).catch(function () { return undefined; });
  }));
}

self.addEventListener("message", function (event) {
  if (event.data === "forget") {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.map(function (n) { return caches.delete(n); }));
    }));
  } else if (event.data === "refresh") {
    event.waitUntil(caches.open(VERSION).then(keepPages));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && !response.redirected && PAGES.indexOf(url.pathname) >= 0) {
        var copy = response.clone();
        caches.open(VERSION).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(url.pathname).then(function (hit) {
        return hit || caches.match("/offline");
      });
    }));
    return;
  }
  if (SHELL.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(url.pathname).then(function (hit) {
      var network = fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(VERSION).then(function (cache) { cache.put(url.pathname, copy); });
        }
        return response;
      });
      return hit || network;
    }));
  }
});
