// On every page: remembers the language a reader picks, so that "/" takes
// them straight to it next time; keeps the query string and fragment when
// they switch language; folds the navigation on a phone. Nothing leaves
// the browser.
(function () {
  "use strict";
  var KEY = "guide.lang";
  function store(lang) {
    try { localStorage.setItem(KEY, lang); } catch (e) { /* storage disabled */ }
  }

  // The language switcher leads to the same page in the other language with
  // the same query string and fragment: the answers of the self-check and
  // of a checklist, the calculator's date and the heading read (pages share
  // their ids across languages). Scripts change the address as the reader
  // goes, so the links follow it.
  var switches = document.querySelectorAll(".lang-switch a[href]");
  function carry() {
    Array.prototype.forEach.call(switches, function (a) {
      var href = a.getAttribute("href").split(/[?#]/)[0] + location.search + location.hash;
      if (a.getAttribute("href") !== href) a.setAttribute("href", href);
    });
  }
  carry();
  ["pointerdown", "focusin", "popstate", "hashchange"].forEach(function (ev) {
    (ev === "popstate" || ev === "hashchange" ? window : document).addEventListener(ev, carry);
  });

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[data-lang]");
    if (!a) return;
    carry();
    store(a.getAttribute("data-lang"));
  });
  // On a narrow screen the site navigation is folded behind a Menu button
  // (style.css); the button opens and folds it.
  var toggle = document.querySelector(".menu-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.parentNode.classList.toggle("open", open);
    });
  }

  if (document.body.classList.contains("root") && location.hash !== "#choose") {
    var lang = null;
    try { lang = localStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
    var link = lang && document.querySelector('a.choose-language[data-lang="' + lang.replace(/[^a-z-]/g, "") + '"]');
    if (link) location.replace(link.href);
  }
})();
