// The reader's document checklist. The list (internal/markdown/checklist.go)
// is plain HTML that works without this script; the controls
// (templates/partials/checklist.html) stay hidden until it runs. It adds:
//
//   - Saving. Ticks and the filter are kept in localStorage under
//     "guide.checklist.<translation key>", so every language of a page shares
//     them, as {"v":1,"ticks":{"<id>":true},"filter":["<tag>"]}. Ids and tags
//     the page does not have are dropped; a record that does not parse, or has
//     another version, is ignored. Nothing is sent anywhere.
//   - Progress of the items shown, in a polite live region.
//   - A filter by tag: an item shows when it has no tags, when no tag is
//     picked, or when one of its tags is picked. ?for=tag,tag sets it.
//   - A share link, #ticks=id,id&for=tag: opening it adds its ticks to the
//     reader's own (none are removed) and takes its filter.
//   - Clear all ticks, after an inline confirmation; print.
(() => {
  "use strict";
  const panel = document.getElementById("checklist-panel");
  if (!panel) return;
  const $ = (sel, root = panel) => root.querySelector(sel);
  const text = panel.querySelector(".checklist-strings").dataset;
  const KEY = "guide.checklist." + panel.dataset.key;
  const items = [...document.querySelectorAll(".checklist-item[data-id]")].map((li) => ({
    li,
    id: li.dataset.id,
    box: $(":scope > .checklist-label > .checklist-box", li),
    tags: (li.dataset.tags || "").split(" ").filter(Boolean),
  })).filter((it) => it.box);
  const ids = new Set(items.map((it) => it.id));
  const filterBoxes = [...panel.querySelectorAll('input[name="for"]')];
  const tags = new Set(filterBoxes.map((b) => b.value));
  const groups = [...document.querySelectorAll(".checklist-group")];
  const progress = $(".checklist-progress");
  const forms = JSON.parse(progress.dataset.forms);
  const bar = $(".checklist-bar");
  const showing = $(".checklist-showing");
  const message = $(".checklist-message");
  const share = $("#checklist-share");
  const shareURL = $("#checklist-share-url");
  const confirmBox = $(".checklist-confirm");
  const lang = document.documentElement.lang;
  let ticks = new Set();
  let filter = [];
  let saving = true;

  // only keeps the members of list that are in set, once each.
  const only = (list, set) => [...new Set(list)].filter((x) => set.has(x));
  const split = (s) => (s || "").split(",");
  const setText = (el, s) => {
    if (el.textContent !== s) el.textContent = s;
  };
  const say = (s) => setText(message, s);

  function load() {
    let r = null;
    try {
      r = JSON.parse(localStorage.getItem(KEY));
    } catch (e) {
      // storage blocked or the record corrupt: start empty
    }
    if (!r || typeof r !== "object" || r.v !== 1) r = {};
    const t = r.ticks && typeof r.ticks === "object" ? r.ticks : {};
    ticks = new Set(only(Object.keys(t).filter((id) => t[id] === true), ids));
    filter = Array.isArray(r.filter) ? only(r.filter, tags) : [];
  }

  function save() {
    const rec = { v: 1, ticks: {}, filter };
    ticks.forEach((id) => {
      rec.ticks[id] = true;
    });
    try {
      if (ticks.size || filter.length) localStorage.setItem(KEY, JSON.stringify(rec));
      else localStorage.removeItem(KEY);
      saving = true;
    } catch (e) {
      if (saving) say(text.notSaved);
      saving = false;
    }
  }

  function link() {
    const on = items.filter((it) => ticks.has(it.id)).map((it) => it.id);
    return location.origin + location.pathname + "#ticks=" + on.join(",") +
      (filter.length ? "&for=" + filter.join(",") : "");
  }

  function printInfo() {
    const url = $(".checklist-print-url", document);
    url.textContent = url.dataset.text.replace("{url}", location.origin + location.pathname);
    const date = $(".checklist-print-date", document);
    let today;
    try {
      today = new Date().toLocaleDateString(date.dataset.locale || lang, { dateStyle: "long" });
    } catch (e) {
      today = new Date().toLocaleDateString(); // a locale the browser does not know
    }
    date.textContent = date.dataset.text.replace("{date}", today);
    const f = $(".checklist-print-filter", document);
    const labels = filterBoxes.filter((b) => b.checked).map((b) => b.parentNode.textContent.trim());
    const list = Intl.ListFormat ? new Intl.ListFormat(lang, { type: "disjunction" }).format(labels) : labels.join(", ");
    f.textContent = labels.length ? f.dataset.text.replace("{situations}", list) : "";
  }

  function render() {
    let shown = 0;
    let done = 0;
    for (const it of items) {
      it.box.checked = ticks.has(it.id);
      const show = !filter.length || !it.tags.length || it.tags.some((t) => filter.includes(t));
      it.li.hidden = !show;
      if (show) {
        shown++;
        if (it.box.checked) done++;
      }
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
    filterBoxes.forEach((b) => {
      b.checked = filter.includes(b.value);
    });
    setText(progress, forms[Math.min(shown, forms.length - 1)].replace("{done}", done));
    bar.max = shown || 1;
    bar.value = done;
    if (showing) setText(showing, filter.length ? showing.dataset.some.replace("{shown}", shown) : showing.dataset.all);
    if (!share.hidden) shareURL.value = link();
    printInfo();
  }

  function update() {
    save();
    render();
  }

  function closeConfirm() {
    confirmBox.hidden = true;
    $('[data-action="clear"]').focus();
  }

  const actions = {
    print: () => window.print(),
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
  });
  confirmBox.addEventListener("keydown", (e) => {
    if (e.key === "Escape") closeConfirm();
  });
  document.addEventListener("change", (e) => {
    const t = e.target;
    const it = items.find((i) => i.box === t);
    if (it) {
      if (t.checked) ticks.add(it.id);
      else ticks.delete(it.id);
    } else if (filterBoxes.includes(t)) {
      filter = filterBoxes.filter((b) => b.checked).map((b) => b.value);
    } else {
      return;
    }
    update();
  });
  // Another tab changed the same checklist.
  window.addEventListener("storage", (e) => {
    if (e.key === KEY || e.key === null) {
      load();
      render();
    }
  });
  window.addEventListener("beforeprint", printInfo);

  // fromAddress applies ?for= (on load only) and a share link's #ticks=,
  // saves them, and takes them out of the address so that a reload or a
  // bookmark does not apply them again.
  function fromAddress(initial) {
    let note = "";
    const query = new URLSearchParams(location.search);
    const hash = new URLSearchParams(location.hash.slice(1));
    const fromQuery = initial && query.has("for");
    if (fromQuery) {
      filter = only(split(query.get("for")), tags);
      query.delete("for");
    }
    if (hash.has("ticks")) {
      const got = only(split(hash.get("ticks")), ids);
      got.forEach((id) => ticks.add(id));
      if (hash.has("for")) filter = only(split(hash.get("for")), tags);
      note = got.length ? text.merged : text.mergedNone;
    }
    if (note || fromQuery) {
      const q = query.toString();
      history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + (note ? "" : location.hash));
    }
    if (initial || note) update();
    if (note) say(note);
  }
  window.addEventListener("hashchange", () => fromAddress(false));

  load();
  panel.hidden = false;
  fromAddress(true);
})();
