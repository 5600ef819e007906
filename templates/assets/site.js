// Remembers the language a reader picks, so that "/" takes them straight to
// it next time. Nothing leaves the browser.
(function () {
  "use strict";
  var KEY = "guide.lang";
  function store(lang) {
    try { localStorage.setItem(KEY, lang); } catch (e) { /* storage disabled */ }
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[data-lang]");
    if (a) store(a.getAttribute("data-lang"));
  });
  if (document.body.classList.contains("root") && location.hash !== "#choose") {
    var lang = null;
    try { lang = localStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
    var link = lang && document.querySelector('a.choose-language[data-lang="' + lang.replace(/[^a-z-]/g, "") + '"]');
    if (link) location.replace(link.href);
  }
})();
