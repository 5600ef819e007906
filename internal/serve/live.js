// Live reload for guide serve. Added to pages by the server only.
(function () {
  "use strict";
  var me = document.currentScript;
  var page = me.getAttribute("data-page");
  var hash = me.getAttribute("data-hash");
  var scrollKey = "guide-serve-scroll:" + page;

  // Session storage keeps the scroll position across a reload. A browser
  // that blocks storage throws on any use of it: then the page reloads at
  // the top, and live reload still works.
  function storage(f) {
    try {
      return f(window.sessionStorage);
    } catch (e) {
      return null;
    }
  }

  // Come back to where the reader was before the reload.
  var y = storage(function (s) {
    var v = s.getItem(scrollKey);
    s.removeItem(scrollKey);
    return v;
  });
  if (y !== null) {
    window.scrollTo(0, +y);
    window.addEventListener("load", function () { window.scrollTo(0, +y); });
  }

  function reload() {
    storage(function (s) { s.setItem(scrollKey, String(window.scrollY)); });
    location.reload();
  }

  function overlay(errors) {
    var box = document.getElementById("guide-serve-errors");
    if (!errors || errors.length === 0) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "guide-serve-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#fff;color:#1b1b1b;border-top:6px solid #d4351c;padding:1rem;" +
        "font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -2px 12px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "Build failed — the page shows the last good version. Fix the file and save:";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "margin:.5rem 0 0;padding-left:1.25rem";
    errors.forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e;
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function checkHash() {
    fetch("/_guide/hash?page=" + encodeURIComponent(page), { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (h) { if (h !== hash) reload(); })
      .catch(function () {});
  }

  function handle(msg) {
    if (msg.type === "reload") {
      if (msg.changed.indexOf(page) >= 0 || msg.removed.indexOf(page) >= 0) reload();
    } else if (msg.type === "state") {
      overlay(msg.errors);
    } else if (msg.type === "reconnected") {
      checkHash();
    }
  }

  // Hold the event stream; call send for every event.
  function connect(send) {
    var opened = false;
    var es = new EventSource("/_guide/events");
    es.addEventListener("open", function () {
      if (opened) send({ type: "reconnected" });
      opened = true;
    });
    ["reload", "state"].forEach(function (type) {
      es.addEventListener(type, function (e) {
        var msg = JSON.parse(e.data);
        msg.type = type;
        send(msg);
      });
    });
  }

  fetch("/_guide/state", { cache: "no-store" })
    .then(function (r) { return r.json(); })
    .then(function (s) { overlay(s.errors); })
    .catch(function () {});

  if (navigator.locks && window.BroadcastChannel) {
    // One stream for all tabs of this site: the tab holding the lock reads it
    // and passes each event on.
    var channel = new BroadcastChannel("guide-serve");
    channel.onmessage = function (e) { handle(e.data); };
    navigator.locks.request("guide-serve-events", function () {
      checkHash(); // events may have been missed before this tab took over
      return new Promise(function () {
        connect(function (msg) { handle(msg); channel.postMessage(msg); });
      });
    });
  } else {
    connect(handle);
  }
})();
