// Keeping this language's pages on the phone (package offline makes the
// service worker; the footer has the controls, base.html the notice).
// The worker is registered only where browsers allow it (https, or
// 127.0.0.1 for tests) and never in guide serve's preview, whose reload
// script is on the page: a stale preview is worse than none.
(function () {
  "use strict";

  // A page the worker took from the saved copy says so, with the date.
  var saved = document.documentElement.getAttribute("data-offline-saved");
  var notice = document.querySelector("[data-offline-copy]");
  if (saved && notice) {
    var p = notice.querySelector("[data-text]");
    var when = new Date(saved);
    var text = isNaN(when) ? saved : when.toLocaleDateString(p.getAttribute("data-locale") || undefined, { year: "numeric", month: "long", day: "numeric" });
    p.textContent = p.getAttribute("data-text").replace("{saved}", text);
    notice.hidden = false;
  }

  var box = document.querySelector(".offline-keep[data-worker]");
  var secure = location.protocol === "https:" || location.hostname === "127.0.0.1";
  var preview = document.querySelector('script[src$="/_guide/live.js"]');
  if (!box || !("serviceWorker" in navigator) || !secure || preview) {
    return;
  }
  var keep = box.querySelector('[data-offline="keep"]');
  var forget = box.querySelector('[data-offline="forget"]');
  var status = box.querySelector(".offline-status");
  var lang = document.documentElement.lang;

  function size(bytes) {
    var mb = bytes / 1e6;
    return (mb < 0.1 ? 0.1 : mb).toLocaleString(lang, { maximumFractionDigits: 1 }) + " MB";
  }
  function say(name, values) {
    var text = status.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (k) {
      text = text.replace("{" + k + "}", values[k]);
    });
    status.textContent = text;
  }

  var registration = null;
  function send(type) {
    var worker = registration && registration.active; // the newest, once it took over
    if (worker) {
      worker.postMessage({ type: type });
    }
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var m = event.data || {};
    if (m.type === "progress") {
      say("saving", { done: m.done, total: m.total });
    } else if (m.type === "failed") {
      keep.disabled = false;
      say("failed");
    } else if (m.type === "status") {
      keep.disabled = false;
      keep.hidden = m.kept && m.saved === m.files;
      forget.hidden = !m.kept;
      if (m.kept && m.saved === m.files) {
        say("kept", { files: m.files, size: size(m.bytes) });
      } else if (box.getAttribute("data-forgetting")) {
        box.removeAttribute("data-forgetting");
        say("forgotten");
      } else if (!m.kept) {
        say("size", { size: size(m.bytes) });
      }
    }
  });
  navigator.serviceWorker.startMessages();

  keep.addEventListener("click", function () {
    keep.disabled = true;
    say("saving", { done: 0, total: "…" });
    send("keep");
  });
  forget.addEventListener("click", function () {
    box.setAttribute("data-forgetting", "1");
    send("forget");
  });

  navigator.serviceWorker.register(box.getAttribute("data-worker")).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (ready) {
    registration = ready;
    box.hidden = false;
    send("status");
  }).catch(function () {
    // No worker (private mode, storage full): the page works as it is.
  });
})();
