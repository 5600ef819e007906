// Self-check: asks the questions of the page one at a time (see the self-check
// convention in internal/markdown/selfcheck.go). The answers live in the query
// string, in the order they were given, as question-id=answer-number
// ("?relationship=0&spouse-sponsor=1"), so that Back works, a result can be
// bookmarked and shared, and nothing is stored or sent anywhere. "step=id" is
// a jump made by a link in the text of a question or outcome.
(function () {
  "use strict";
  var root = document.querySelector(".selfcheck[data-start]");
  var ui = document.getElementById("selfcheck-ui");
  if (!root || !ui || !window.history || !history.pushState || !window.URLSearchParams) return;

  var steps = {};
  root.querySelectorAll(".selfcheck-step").forEach(function (el) {
    var step = {
      id: el.getAttribute("data-step"),
      kind: el.getAttribute("data-kind"),
      result: el.getAttribute("data-result") || "",
      el: el,
      heading: el.querySelector("h2"),
      list: null,
      answers: []
    };
    var list = el.lastElementChild;
    if (step.kind === "question" && list && list.classList.contains("selfcheck-answers")) {
      step.list = list;
      list.querySelectorAll("a").forEach(function (a) {
        step.answers.push({ target: a.getAttribute("href").slice(1), link: a });
      });
    }
    steps[step.id] = step;
  });
  var start = root.getAttribute("data-start");
  if (!steps[start]) return;

  var baseTitle = document.title;
  var stage = document.createElement("div");
  stage.className = "selfcheck-stage";
  root.parentNode.insertBefore(stage, root);
  root.hidden = true;

  function piece(selector) {
    return ui.content.querySelector(selector).cloneNode(true);
  }

  // A copy of an element's content for the stage, without ids (the original
  // stays in the hidden document).
  function copy(node) {
    var c = node.cloneNode(true);
    if (c.removeAttribute) c.removeAttribute("id");
    if (c.querySelectorAll) c.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    return c;
  }

  function copyChildren(from, to) {
    from.childNodes.forEach(function (n) { to.appendChild(copy(n)); });
  }

  // walk follows the answers in the query string from the first question.
  // Pairs that do not fit where the walk is are ignored.
  function walk(search) {
    var at = start;
    var used = [];
    new URLSearchParams(search).forEach(function (v, k) {
      if (k === "step") {
        if (steps[v]) {
          at = v;
          used.push([k, v]);
        }
        return;
      }
      var s = steps[at];
      if (k !== at || s.kind !== "question" || !/^\d+$/.test(v)) return;
      var a = s.answers[Number(v)];
      if (!a || !steps[a.target]) return;
      used.push([k, v]);
      at = a.target;
    });
    return { at: at, used: used };
  }

  function url(pairs) {
    if (!pairs.length) return location.pathname;
    return location.pathname + "?" + pairs.map(function (p) {
      return encodeURIComponent(p[0]) + "=" + encodeURIComponent(p[1]);
    }).join("&");
  }

  function go(pairs, selected) {
    history.pushState({ selfcheck: true, selected: selected }, "", url(pairs));
    show(true);
  }

  function link(el, pairs, selected) {
    el.href = url(pairs);
    el.addEventListener("click", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey || ev.button !== 0) return;
      ev.preventDefault();
      go(pairs, selected);
    });
    return el;
  }

  function show(focus) {
    var state = walk(location.search);
    var step = steps[state.at];
    var used = state.used;
    stage.textContent = "";
    stage.setAttribute("data-step", step.id);
    if (used.length) {
      var back = piece(".selfcheck-nav");
      var last = used[used.length - 1];
      link(back.querySelector("a"), used.slice(0, -1), last[0] === "step" ? undefined : Number(last[1]));
      stage.appendChild(back);
    }
    var heading = step.kind === "question" ? question(step, used) : outcome(step, used);
    heading.setAttribute("tabindex", "-1");
    document.title = step.heading.textContent + " – " + baseTitle;
    if (focus) heading.focus();
  }

  function question(step, used) {
    var form = piece(".selfcheck-form");
    var legend = form.querySelector("legend");
    var h = document.createElement("h2");
    h.className = "selfcheck-question";
    copyChildren(step.heading, h);
    legend.appendChild(h);
    var hint = form.querySelector(".selfcheck-hint");
    var hintID = "selfcheck-hint-" + step.id;
    for (var n = step.heading.nextElementSibling; n && n !== step.list; n = n.nextElementSibling) {
      hint.appendChild(copy(n));
    }
    var fieldset = form.querySelector("fieldset");
    var described = [];
    if (hint.childNodes.length) {
      hint.id = hintID;
      described.push(hintID);
    } else {
      hint.remove();
    }
    var error = form.querySelector(".selfcheck-error");
    error.id = "selfcheck-error-" + step.id;
    var options = form.querySelector(".selfcheck-options");
    var selected = history.state && history.state.selected;
    step.answers.forEach(function (a, i) {
      var id = "selfcheck-" + step.id + "-" + i;
      var div = document.createElement("div");
      div.className = "selfcheck-option";
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "answer";
      input.value = String(i);
      input.id = id;
      if (selected === i) input.checked = true;
      var label = document.createElement("label");
      label.htmlFor = id;
      copyChildren(a.link, label);
      div.appendChild(input);
      div.appendChild(label);
      options.appendChild(div);
    });
    if (described.length) fieldset.setAttribute("aria-describedby", described.join(" "));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var checked = form.querySelector("input[name=answer]:checked");
      if (!checked) {
        error.hidden = false;
        fieldset.classList.add("selfcheck-invalid");
        fieldset.setAttribute("aria-describedby", described.concat(error.id).join(" "));
        form.querySelector("input[name=answer]").focus();
        return;
      }
      // Remember the choice in this entry, for the browser's Back button.
      history.replaceState({ selfcheck: true, selected: Number(checked.value) }, "", location.href);
      go(used.concat([[step.id, checked.value]]));
    });
    stage.appendChild(form);
    return h;
  }

  function outcome(step, used) {
    var tag = ui.content.querySelector('.selfcheck-tag[data-result="' + step.result + '"]');
    var box = document.createElement("div");
    box.className = "selfcheck-outcome selfcheck-" + step.result;
    if (tag) box.appendChild(tag.cloneNode(true));
    var h;
    step.el.childNodes.forEach(function (n) {
      var c = copy(n);
      if (n === step.heading) h = c;
      box.appendChild(c);
    });
    // The next step is a button: a paragraph that is only a link to another
    // page becomes one; otherwise the first link that passes on what the
    // check learned (another page with a query string: the checklist for
    // this result) gets a button of its own under the result.
    var next = false;
    box.querySelectorAll("p > a[href]:only-child").forEach(function (a) {
      var href = a.getAttribute("href");
      if (href.charAt(0) !== "#" && a.textContent.trim() === a.parentNode.textContent.trim()) {
        a.classList.add("button", "selfcheck-next");
        a.parentNode.classList.add("selfcheck-next-step");
        next = true;
      }
    });
    var passes = Array.prototype.filter.call(box.querySelectorAll("a[href]"), function (a) {
      return a.pathname !== location.pathname && a.search && a.host === location.host;
    })[0];
    if (!next && passes) {
      var p = document.createElement("p");
      p.className = "selfcheck-next-step";
      var button = document.createElement("a");
      button.href = passes.getAttribute("href");
      button.className = "button selfcheck-next";
      copyChildren(passes, button);
      p.appendChild(button);
      box.appendChild(p);
    }
    stage.appendChild(box);
    var answered = used.filter(function (p) { return p[0] !== "step"; });
    if (answered.length) {
      var summary = piece(".selfcheck-summary");
      var dl = summary.querySelector("dl");
      used.forEach(function (p, i) {
        if (p[0] === "step") return;
        var q = steps[p[0]];
        var row = document.createElement("div");
        var dt = document.createElement("dt");
        copyChildren(q.heading, dt);
        var dd = document.createElement("dd");
        var answer = document.createElement("span");
        copyChildren(q.answers[Number(p[1])].link, answer);
        dd.appendChild(answer);
        dd.appendChild(document.createTextNode(" "));
        var change = link(document.createElement("a"), used.slice(0, i), Number(p[1]));
        change.className = "selfcheck-change";
        change.appendChild(piece(".selfcheck-change-label"));
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = ": " + q.heading.textContent;
        change.appendChild(hidden);
        dd.appendChild(change);
        row.appendChild(dt);
        row.appendChild(dd);
        dl.appendChild(row);
      });
      stage.appendChild(summary);
    }
    var restart = piece(".selfcheck-restart");
    link(restart.querySelector("a"), []);
    stage.appendChild(restart);
    return h;
  }

  // Links in the text of a question or outcome to another step jump there.
  stage.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href^="#"]');
    if (!a || ev.defaultPrevented) return;
    var id = decode(a.getAttribute("href").slice(1));
    if (!steps[id]) return;
    ev.preventDefault();
    go(walk(location.search).used.concat([["step", id]]));
  });

  window.addEventListener("popstate", function () { show(true); });

  // decode is decodeURIComponent that gives "" for a malformed escape (a
  // link ending in "#%"), rather than stopping the script.
  function decode(s) {
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return "";
    }
  }

  // An old link to a heading of the page ("check/#child-age") starts there.
  var hash = decode(location.hash.slice(1));
  if (!location.search && steps[hash] && hash !== start) {
    history.replaceState(null, "", url([["step", hash]]));
  }
  show(false);
})();
