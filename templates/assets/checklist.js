// The reader's document checklist. The list (internal/markdown/checklist.go)
// is plain HTML that works without this script; the controls
// (templates/partials/checklist.html) stay hidden until it runs. It adds:
//
//   - Questions about the reader's situation (the page's front matter). An
//     item with tags applies when, for each question one of its tags
//     answers, the answer given is one of its tags. Until that question is
//     answered the item may apply: it is not listed yet, the progress says
//     the list is not complete, and a line says which question lists how
//     many more documents. Items that do not apply are not listed, and are
//     counted on a line of their own.
//   - Answers from the query string (?married=married-abroad; a,b for
//     several answers of a multiple question, "?q=" for none of them; the
//     older ?for=tag,tag gives each tag to its question), then from storage.
//     The address keeps the answers as they change, so that a reload, a
//     bookmark and the language switch keep them.
//   - Saving: ticks and answers in localStorage under
//     "guide.checklist.<translation key>", shared by every language of the
//     page: {"v":1,"ticks":{"<id>":true},"answers":{"<question>":["<tag>"]}}
//     (the older "filter":["<tag>"] counts as answers). Ids and tags the page
//     does not have are dropped; a record that does not parse, or has
//     another version, is ignored. Nothing is sent anywhere.
//   - Progress of the items listed, in a polite live region.
//   - A share link with the answers and #ticks=id,id: opening it takes its
//     answers and adds its ticks to the reader's own (none are removed).
//   - Clear all ticks, after an inline confirmation; print, with the answers.
//   - Print in both languages: the table the build put in the page
//     (.checklist-bilingual, the documents by id in two languages) printed
//     alone, with the rows of the documents listed for the answers given.
//     Its button shows only where the page has the table.
//   - On a page that lists checklists (.checklist-saved), each one's
//     progress from storage, counted as the checklist counts it.
(() => {
  "use strict";
  const STORE = "guide.checklist.";
  // only keeps the members of list that are in set, once each.
  const only = (list, set) => [...new Set(list)].filter((x) => set.has(x));
  const split = (s) => (s || "").split(",");
  const isMap = (x) => !!x && typeof x === "object" && !Array.isArray(x);
  const setText = (el, s) => {
    if (el.textContent !== s) el.textContent = s;
  };
  const form = (forms, n) => forms[Math.max(0, Math.min(n, forms.length - 1))];

  function read(key) {
    let r = null;
    try {
      r = JSON.parse(localStorage.getItem(STORE + key));
    } catch (e) {
      // storage blocked or the record corrupt: start empty
    }
    return isMap(r) && r.v === 1 ? r : {};
  }

  // A question is {id, multiple, set: Set of its answers' tags}.
  // stored reads a record's answers (and its older filter) for questions qs.
  function stored(r, qs) {
    const a = new Map();
    const got = isMap(r.answers) ? r.answers : {};
    for (const q of qs) {
      const v = got[q.id];
      if (!Array.isArray(v)) continue;
      const tags = only(v, q.set);
      if (q.multiple && !v.length) a.set(q.id, []);
      else if (tags.length) a.set(q.id, q.multiple ? tags : tags.slice(0, 1));
    }
    if (Array.isArray(r.filter)) given(a, qs, r.filter.filter((t) => typeof t === "string"), true);
    return a;
  }

  // given gives each tag to the question it answers (the older ?for= and
  // filter); keep leaves questions already answered as they are. Two
  // answers to an exclusive question say nothing.
  function given(a, qs, tags, keep) {
    const to = new Map();
    for (const t of tags) {
      const q = qs.find((x) => x.set.has(t));
      if (q && !(keep && a.has(q.id))) to.set(q, (to.get(q) || []).concat(t));
    }
    to.forEach((ts, q) => {
      if (q.multiple || ts.length === 1) a.set(q.id, [...new Set(ts)]);
    });
  }

  // status of an item with tags: "yes" it applies, "no" it does not,
  // "may" it depends on a question not answered yet.
  function status(tags, qs, a) {
    let may = false;
    for (const q of qs) {
      const mine = tags.filter((t) => q.set.has(t));
      if (!mine.length) continue;
      const ans = a.get(q.id);
      if (!ans) may = true;
      else if (!ans.some((t) => mine.includes(t))) return "no";
    }
    return may ? "may" : "yes";
  }

  function count(items, ticks, qs, a) {
    const c = { yes: 0, no: 0, may: 0, done: 0 };
    for (const it of items) {
      const s = status(it.tags, qs, a);
      c[s]++;
      if (s === "yes" && ticks.has(it.id)) c.done++;
    }
    return c;
  }

  // The progress of each checklist a page lists.
  document.querySelectorAll(".checklist-saved[data-key]").forEach((p) => {
    try {
      const items = JSON.parse(p.dataset.items).map((x) => ({ id: x[0], tags: x.slice(1) }));
      const qs = Object.entries(JSON.parse(p.dataset.questions)).map(([id, v]) => ({ id, multiple: v[0], set: new Set(v.slice(1)) }));
      const r = read(p.dataset.key);
      const ticks = new Set(only(Object.keys(isMap(r.ticks) ? r.ticks : {}).filter((id) => r.ticks[id] === true), new Set(items.map((it) => it.id))));
      const a = stored(r, qs);
      if (!ticks.size && !a.size) return;
      const c = count(items, ticks, qs, a);
      p.textContent = form(JSON.parse(c.may ? p.dataset.partial : p.dataset.forms), c.yes).replace("{done}", c.done);
      p.hidden = false;
    } catch (e) {
      // leave it hidden
    }
  });

  const panel = document.getElementById("checklist-panel");
  if (!panel) return;
  const $ = (sel, root = panel) => root.querySelector(sel);
  const text = $(".checklist-strings").dataset;
  const KEY = panel.dataset.key;
  const items = [...document.querySelectorAll(".checklist-item[data-id]")].map((li) => ({
    li,
    id: li.dataset.id,
    box: $(":scope > .checklist-label > .checklist-box", li),
    tags: (li.dataset.tags || "").split(" ").filter(Boolean),
  })).filter((it) => it.box);
  const ids = new Set(items.map((it) => it.id));
  const questions = [...panel.querySelectorAll(".checklist-question")].map((fs) => {
    const inputs = [...fs.querySelectorAll("input")];
    return {
      id: fs.dataset.question,
      multiple: fs.hasAttribute("data-multiple"),
      fs,
      label: $("legend", fs).textContent.trim(),
      inputs: inputs.filter((i) => !i.hasAttribute("data-none")),
      none: inputs.find((i) => i.hasAttribute("data-none")),
      set: new Set(inputs.map((i) => i.value).filter(Boolean)),
    };
  });
  const details = $(".checklist-questions");
  const groups = [...document.querySelectorAll(".checklist-group")];
  const progress = $(".checklist-progress");
  const bar = $(".checklist-bar");
  const missing = $(".checklist-missing");
  const message = $(".checklist-message");
  const share = $("#checklist-share");
  const shareURL = $("#checklist-share-url");
  const confirmBox = $(".checklist-confirm");
  const lang = document.documentElement.lang;
  const bilingual = document.querySelector(".checklist-bilingual");
  const rows = bilingual ? [...bilingual.querySelectorAll("tr[data-id]")] : [];
  const forms = (el, name) => JSON.parse(el.dataset[name]);
  let ticks = new Set();
  let answers = new Map();
  let saving = true;
  const say = (s) => setText(message, s);

  function load() {
    const r = read(KEY);
    const t = isMap(r.ticks) ? r.ticks : {};
    ticks = new Set(only(Object.keys(t).filter((id) => t[id] === true), ids));
    answers = stored(r, questions);
  }

  function save() {
    const rec = { v: 1, ticks: {}, answers: {} };
    ticks.forEach((id) => {
      rec.ticks[id] = true;
    });
    answers.forEach((v, q) => {
      rec.answers[q] = v;
    });
    try {
      if (ticks.size || answers.size) localStorage.setItem(STORE + KEY, JSON.stringify(rec));
      else localStorage.removeItem(STORE + KEY);
      saving = true;
    } catch (e) {
      if (saving) say(text.notSaved);
      saving = false;
    }
  }

  // search is the query string with the answers as they are now, and any
  // other parameters the address had.
  function search() {
    const q = new URLSearchParams(location.search);
    q.delete("for");
    questions.forEach((x) => q.delete(x.id));
    const parts = [q.toString()].filter(Boolean);
    const enc = encodeURIComponent;
    for (const x of questions) {
      if (answers.has(x.id)) parts.push(enc(x.id) + "=" + answers.get(x.id).map(enc).join(","));
    }
    return parts.length ? "?" + parts.join("&") : "";
  }

  function address(hash) {
    const url = location.pathname + search() + hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
  }

  const link = () => location.origin + location.pathname + search() + "#ticks=" +
    items.filter((it) => ticks.has(it.id)).map((it) => it.id).join(",");

  const answerText = (q) => (answers.get(q.id).length ? q.inputs.filter((i) => answers.get(q.id).includes(i.value)) : [q.none])
    .map((i) => i.parentNode.textContent.trim());

  function printInfo() {
    const url = $(".checklist-print-url", document);
    url.textContent = url.dataset.text.replace("{url}", location.origin + location.pathname + search());
    const date = $(".checklist-print-date", document);
    let today;
    try {
      today = new Date().toLocaleDateString(date.dataset.locale || lang, { dateStyle: "long" });
    } catch (e) {
      today = new Date().toLocaleDateString(); // a locale the browser does not know
    }
    date.textContent = date.dataset.text.replace("{date}", today);
    const out = $(".checklist-print-answers", document);
    out.textContent = questions.length ? text.printAnswers : "";
    for (const q of questions) {
      const s = document.createElement("span");
      s.textContent = q.label + " " + (answers.has(q.id) ? answerText(q).join(", ") : text.printUnanswered);
      out.appendChild(s);
    }
  }

  function render() {
    const c = count(items, ticks, questions, answers);
    for (const it of items) {
      it.box.checked = ticks.has(it.id);
      it.li.hidden = status(it.tags, questions, answers) !== "yes";
    }
    // A group with nothing to show is hidden, and so is its heading when
    // the group follows it directly and no other group it labels shows.
    for (const g of groups) g.hidden = !$(".checklist-item:not([hidden])", g);
    for (const g of groups) {
      const h = document.getElementById(g.getAttribute("aria-labelledby"));
      if (h && groups.includes(h.nextElementSibling)) {
        h.hidden = groups.every((o) => o.hidden || o.getAttribute("aria-labelledby") !== h.id);
      }
    }
    for (const q of questions) {
      const a = answers.get(q.id);
      q.inputs.forEach((i) => {
        i.checked = !!a && a.includes(i.value);
      });
      if (q.none) q.none.checked = !!a && !a.length;
      q.fs.toggleAttribute("data-answered", !!a);
    }
    if (details) {
      const n = $(".checklist-questions-count");
      setText(n, form(forms(n, "forms"), answers.size));
    }
    setText(progress, form(forms(progress, c.may ? "partial" : "forms"), c.yes).replace("{done}", c.done));
    bar.max = c.yes + c.may || 1;
    bar.value = c.done;

    // What is not listed, and why.
    const lines = [];
    for (const q of questions) {
      if (answers.has(q.id)) continue;
      const waiting = items.filter((it) => it.tags.some((t) => q.set.has(t)) && status(it.tags, questions, answers) === "may");
      if (!waiting.length) continue;
      const gains = (q.multiple ? [[], [...q.set]] : [...q.set].map((t) => [t]))
        .map((o) => count(items, ticks, questions, new Map(answers).set(q.id, o)).yes - c.yes);
      let most = Math.max(...gains);
      const exact = most > 0 && Math.min(...gains) === most;
      if (most <= 0) most = waiting.length; // it also waits for another question
      const a = document.createElement("a");
      a.href = "#" + q.fs.id;
      a.textContent = form(forms(missing, exact ? "exact" : "upto"), most).replace("{question}", q.label);
      lines.push(a);
    }
    if (c.no) lines.push(document.createTextNode(form(forms(missing, "other"), c.no)));
    const now = lines.map((l) => l.textContent).join("\n");
    if (missing.dataset.now !== now) {
      missing.dataset.now = now;
      missing.textContent = "";
      for (const l of lines) {
        const li = document.createElement("li");
        li.appendChild(l);
        missing.appendChild(li);
      }
    }
    missing.hidden = !lines.length;
    for (const tr of rows) {
      const it = items.find((i) => i.id === tr.dataset.id);
      tr.hidden = !it || it.li.hidden;
    }
    if (!share.hidden) shareURL.value = link();
    printInfo();
  }

  function update() {
    save();
    render();
    address(location.hash);
  }

  function closeConfirm() {
    confirmBox.hidden = true;
    $('[data-action="clear"]').focus();
  }

  // printBoth prints the table in two languages alone, until the browser
  // says the printing is over.
  function printBoth() {
    render();
    document.documentElement.classList.add("print-bilingual");
    bilingual.hidden = false;
    window.print();
  }
  window.addEventListener("afterprint", () => {
    if (!bilingual || bilingual.hidden) return;
    document.documentElement.classList.remove("print-bilingual");
    bilingual.hidden = true;
  });

  const actions = {
    print: () => window.print(),
    "print-both": printBoth,
    share: (b) => {
      share.hidden = !share.hidden;
      b.setAttribute("aria-expanded", String(!share.hidden));
      render();
    },
    copy: () => {
      shareURL.select();
      const c = navigator.clipboard;
      (c ? c.writeText(shareURL.value) : Promise.reject(new Error("no clipboard")))
        .then(() => say(text.copied), () => say(text.copyFailed));
    },
    clear: () => {
      if (!ticks.size) {
        say(text.nothingToClear);
        return;
      }
      confirmBox.hidden = false;
      $("#checklist-confirm-question").focus();
    },
    "clear-yes": () => {
      ticks.clear();
      update();
      closeConfirm();
      say(text.cleared);
    },
    "clear-no": closeConfirm,
  };

  panel.addEventListener("click", (e) => {
    const b = e.target.closest("[data-action]");
    if (b && actions[b.dataset.action]) actions[b.dataset.action](b);
    // A line about an unanswered question opens the questions at it.
    const a = e.target.closest(".checklist-missing a");
    if (a) {
      e.preventDefault();
      if (details) details.open = true;
      const q = questions.find((x) => "#" + x.fs.id === a.getAttribute("href"));
      if (q) {
        q.fs.scrollIntoView({ block: "start" });
        q.fs.querySelector("input").focus({ preventScroll: true });
      }
    }
  });
  if (details) {
    const toggle = $(".checklist-questions-toggle");
    details.addEventListener("toggle", () => setText(toggle, toggle.dataset[details.open ? "open" : "closed"]));
  }
  confirmBox.addEventListener("keydown", (e) => {
    if (e.key === "Escape") closeConfirm();
  });
  document.addEventListener("change", (e) => {
    const t = e.target;
    const it = items.find((i) => i.box === t);
    const q = questions.find((x) => x.none === t || x.inputs.includes(t));
    if (it) {
      if (t.checked) ticks.add(it.id);
      else ticks.delete(it.id);
    } else if (q && !q.multiple) {
      answers.set(q.id, [t.value]);
    } else if (q) {
      // "None of these" and the other answers exclude each other.
      if (t.checked && t === q.none) q.inputs.forEach((i) => { i.checked = false; });
      if (t.checked && t !== q.none && q.none) q.none.checked = false;
      const on = q.inputs.filter((i) => i.checked).map((i) => i.value);
      if (on.length || (q.none && q.none.checked)) answers.set(q.id, on);
      else answers.delete(q.id);
    } else {
      return;
    }
    update();
  });
  // Another tab changed the same checklist.
  window.addEventListener("storage", (e) => {
    if (e.key === STORE + KEY || e.key === null) {
      load();
      render();
      address(location.hash);
    }
  });
  window.addEventListener("beforeprint", printInfo);

  // fromAddress applies the answers in the query string (on load only) and
  // a share link's #ticks= (and the older #…&for=), and takes the ticks out
  // of the address so that a reload or a bookmark does not add them again.
  function fromAddress(initial) {
    let note = "";
    const hash = new URLSearchParams(location.hash.slice(1));
    if (initial) {
      const query = new URLSearchParams(location.search);
      for (const q of questions) {
        if (!query.has(q.id)) continue;
        const vals = query.getAll(q.id).flatMap(split);
        const tags = only(vals, q.set);
        if (q.multiple && vals.every((v) => v === "")) answers.set(q.id, []);
        else if (tags.length) answers.set(q.id, q.multiple ? tags : tags.slice(0, 1));
      }
      if (query.has("for")) given(answers, questions, split(query.get("for")), false);
    }
    if (hash.has("ticks")) {
      const got = only(split(hash.get("ticks")), ids);
      got.forEach((id) => ticks.add(id));
      if (hash.has("for")) given(answers, questions, split(hash.get("for")), false);
      note = got.length ? text.merged : text.mergedNone;
    }
    if (initial || note) {
      save();
      render();
      address(note ? "" : location.hash);
    }
    if (note) say(note);
  }
  window.addEventListener("hashchange", () => fromAddress(false));

  load();
  fromAddress(true);
  // The questions fold to their summary once every one is answered.
  if (details) details.open = answers.size < questions.length;
  if (bilingual) $('[data-action="print-both"]').hidden = false;
  panel.hidden = false;
})();
