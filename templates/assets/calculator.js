// Timeline calculator: the reader types the date their application was
// accepted (受理) as day, month and year (GOV.UK's date input; a whole date
// typed into one of the fields, 2026-09-01 or 2026年9月1日, is read too) and
// sees the expected decision dates. The rules are not
// here: package workdays computes a table at build time (one row per
// acceptance date, see workdays.Table) and this script only looks dates up,
// formats them and builds an .ics file for the reader's calendar. The date
// can be shared in the query string (?accepted=2026-09-01): such a link
// opens at the result.
(function () {
  "use strict";
  var anchor = document.getElementById("calculator");
  var tableEl = document.getElementById("workdays-table");
  var textEl = document.getElementById("calculator-text");
  var ui = document.getElementById("calculator-ui");
  if (!anchor || !tableEl || !textEl || !ui || !window.Intl || !window.URLSearchParams) return;
  var table = JSON.parse(tableEl.textContent);
  var text = JSON.parse(textEl.textContent);
  if (!table.rows.length) return;

  var DAY = 86400000;
  var lang = document.documentElement.getAttribute("data-lang") || "";
  var tag = document.documentElement.lang || "";
  var first = parse(table.first);
  var last = parse(table.last);
  var dateFormat = new Intl.DateTimeFormat(text.locale, {
    weekday: "long", year: "numeric", month: "long", day: "numeric", timeZone: "UTC"
  });
  var listFormat = Intl.ListFormat ? new Intl.ListFormat(text.locale) : null;
  // The holidays of the last year with data, by name: what a year without
  // data cannot leave out (some years join two of them into one).
  var lastYear = 0;
  table.holidays.forEach(function (h) { lastYear = Math.max(lastYear, Number(h.from.slice(0, 4))); });
  var holidayNames = [];
  table.holidays.forEach(function (h) {
    var n = h.name[lang] || h.name[Object.keys(h.name)[0]];
    if (Number(h.from.slice(0, 4)) === lastYear && holidayNames.indexOf(n) < 0) holidayNames.push(n);
  });

  // parse reads 2026-09-01, 2026/9/1 or 2026年9月1日 into a day number
  // (days since 1970-01-01), or null.
  function parse(s) {
    var m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(s);
    return m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  }
  // day is the day number of a date, or null when there is no such date.
  function day(y, month, d) {
    var mo = month - 1;
    var t = new Date(Date.UTC(y, mo, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo || t.getUTCDate() !== d) return null;
    return t.getTime() / DAY;
  }
  function iso(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
  function human(day) { return dateFormat.format(new Date(day * DAY)); }
  function fill(s, values) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function list(items) { return listFormat ? listFormat.format(items) : items.join(", "); }
  function time(day) {
    var t = document.createElement("time");
    t.dateTime = iso(day);
    t.textContent = human(day);
    return t;
  }

  var frag = ui.content.cloneNode(true);
  var box = frag.querySelector(".calculator");
  anchor.parentNode.insertBefore(frag, anchor.nextSibling);
  var form = box.querySelector("form");
  var group = box.querySelector("fieldset");
  var parts = { day: box.querySelector("#calculator-day"), month: box.querySelector("#calculator-month"), year: box.querySelector("#calculator-year") };
  var order = Array.prototype.slice.call(box.querySelectorAll(".calculator-date input"));
  var error = box.querySelector(".calculator-error");
  var result = box.querySelector(".calculator-result");
  var hintID = group.getAttribute("aria-describedby");
  function slot(name) { return result.querySelector('[data-slot="' + name + '"]'); }

  // fail shows msg and marks the fields named in bad (all of them when
  // bad is empty), focusing the first of them.
  function fail(msg, bad, focus) {
    error.textContent = "";
    var prefix = document.createElement("span");
    prefix.className = "visually-hidden";
    prefix.textContent = text.errorPrefix + " ";
    error.appendChild(prefix);
    error.appendChild(document.createTextNode(msg));
    error.hidden = false;
    var marked = order.filter(function (i) { return !bad.length || bad.indexOf(i.name) >= 0; });
    order.forEach(function (i) {
      if (marked.indexOf(i) >= 0) i.setAttribute("aria-invalid", "true");
      else i.removeAttribute("aria-invalid");
    });
    group.setAttribute("aria-describedby", hintID + " " + error.id);
    result.hidden = true;
    if (focus) marked[0].focus();
  }

  function set(d) {
    var t = new Date(d * DAY);
    parts.day.value = String(t.getUTCDate());
    parts.month.value = String(t.getUTCMonth() + 1);
    parts.year.value = String(t.getUTCFullYear());
  }

  // check reads the fields into a day number, or shows what is wrong.
  function check(focus) {
    var v = {}, empty = [];
    order.forEach(function (i) {
      v[i.name] = i.value.trim();
      if (!v[i.name]) empty.push(i.name);
    });
    if (empty.length === 3) return fail(text.errorEmpty, [], focus);
    // A whole date typed into one field.
    var whole = order.filter(function (i) { return v[i.name]; });
    if (whole.length === 1 && parse(v[whole[0].name]) !== null) {
      set(parse(v[whole[0].name]));
      return check(focus);
    }
    if (empty.length) {
      var names = { day: text.partDay, month: text.partMonth, year: text.partYear };
      return fail(fill(text.errorMissing, { parts: list(empty.map(function (n) { return names[n]; })) }), empty, focus);
    }
    var bad = order.filter(function (i) { return !/^\d+$/.test(v[i.name]); }).map(function (i) { return i.name; });
    if (bad.length) return fail(text.errorInvalid, bad, focus);
    if (!/^\d{4}$/.test(v.year)) return fail(text.errorYear, ["year"], focus);
    var d = day(Number(v.year), Number(v.month), Number(v.day));
    if (d === null) return fail(text.errorInvalid, Number(v.month) > 12 || Number(v.month) < 1 ? ["month"] : [], focus);
    if (d < first || d > last) return fail(fill(text.errorRange, { first: human(first), last: human(last) }), [], focus);
    error.hidden = true;
    order.forEach(function (i) { i.removeAttribute("aria-invalid"); });
    group.setAttribute("aria-describedby", hintID);
    return d;
  }

  var icsURL = null;

  function render(acc, focus) {
    var r = table.rows[acc - first];
    var day1 = acc + r[0], day1m = acc + r[1], end = acc + r[2], endm = acc + r[3], six = acc + r[4];
    var missing = r.slice(5);

    slot("end").textContent = "";
    slot("end").appendChild(time(end));
    slot("with").textContent = fill(text["with"], { date: human(endm) });
    slot("six").textContent = fill(text.around, { date: human(six) });

    var makeUp = table.makeUp.map(parse).filter(function (d) { return d > acc && d <= end; });
    // Without data for a year, its make-up working days are unknown too.
    var why = slot("why");
    why.textContent = makeUp.length ? fill(text.whyTwo, { dates: list(makeUp.map(human)) }) : missing.length ? "" : text.same;
    why.hidden = !why.textContent;

    var warn = slot("missing");
    warn.textContent = "";
    warn.hidden = !missing.length;
    if (missing.length) {
      var title = document.createElement("p");
      title.className = "callout-title";
      title.textContent = fill(text.missingTitle, { year: list(missing.map(String)) });
      warn.appendChild(title);
      var p = document.createElement("p");
      p.textContent = fill(text.missing, {
        year: list(missing.map(String)),
        holidays: list(holidayNames),
        files: list(missing.map(function (y) { return "content/holidays/" + y + ".yaml"; }))
      });
      warn.appendChild(p);
    }

    var steps = [{ day: acc, text: text.stepAccepted, kind: "accepted" },
      { day: day1, text: text.stepDay1, kind: "start" }];
    if (day1m !== day1) steps.push({ day: day1m, text: text.stepDay1MakeUp, kind: "start" });
    table.holidays.forEach(function (h) {
      var from = parse(h.from), to = parse(h.to);
      if (to > acc && from <= end) {
        steps.push({ day: Math.max(from, acc), from: from, to: to, kind: "holiday",
          text: fill(text.stepHoliday, { name: h.name[lang] || h.name[Object.keys(h.name)[0]] }) });
      }
    });
    makeUp.forEach(function (d) { steps.push({ day: d, text: text.stepMakeUp, kind: "makeup" }); });
    missing.forEach(function (y) {
      steps.push({ day: Math.max(Date.UTC(y, 0, 1) / DAY, acc + 1), text: fill(text.stepNoData, { year: y }), kind: "nodata" });
    });
    if (endm !== end) steps.push({ day: endm, text: text.stepEndMakeUp, kind: "end" });
    steps.push({ day: end, text: text.stepEnd, kind: "end" });
    steps.push({ day: six, text: text.stepSix, kind: "six" });
    steps.sort(function (a, b) { return a.day - b.day; });

    var ol = slot("timeline");
    ol.textContent = "";
    steps.forEach(function (s) {
      var li = document.createElement("li");
      li.className = "calculator-step calculator-step-" + s.kind;
      var when = document.createElement("span");
      when.className = "calculator-when";
      if (s.kind === "holiday" && s.to !== s.from) {
        when.appendChild(time(s.from));
        when.appendChild(document.createTextNode(" – "));
        when.appendChild(time(s.to));
      } else {
        when.appendChild(time(s.kind === "holiday" ? s.from : s.day));
      }
      var what = document.createElement("span");
      what.className = "calculator-what";
      what.textContent = s.text;
      li.appendChild(when);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(what);
      ol.appendChild(li);
    });

    var a = slot("ics");
    if (icsURL) URL.revokeObjectURL(icsURL);
    icsURL = URL.createObjectURL(new Blob([ics(acc, end, endm)], { type: "text/calendar;charset=utf-8" }));
    a.href = icsURL;
    a.download = "decision-" + iso(end) + ".ics";

    result.hidden = false;
    if (focus) result.querySelector("h3").focus();
  }

  // ics is an iCalendar file with one all-day event on the later decision
  // date (RFC 5545: CRLF line endings, lines folded at 75 octets).
  function ics(acc, end, endm) {
    var host = location.hostname || "localhost";
    var compact = function (day) { return iso(day).replace(/-/g, ""); };
    var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var langParam = tag ? ";LANGUAGE=" + tag : "";
    var lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//" + host + "//Timeline calculator//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      "UID:decision-" + compact(acc) + "-" + compact(end) + "@" + host,
      "DTSTAMP:" + stamp,
      "DTSTART;VALUE=DATE:" + compact(end),
      "DTEND;VALUE=DATE:" + compact(end + 1),
      "SUMMARY" + langParam + ":" + escapeText(text.icsSummary),
      "DESCRIPTION" + langParam + ":" + escapeText(fill(text.icsDescription, { accepted: human(acc), "with": human(endm) })),
      "URL:" + location.href,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
      "END:VCALENDAR"
    ];
    return lines.map(fold).join("\r\n") + "\r\n";
  }
  function escapeText(s) {
    return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }
  function fold(line) {
    var enc = new TextEncoder();
    var out = [], cur = "", n = 0;
    Array.from(line).forEach(function (ch) {
      var size = enc.encode(ch).length;
      if (n + size > 75) {
        out.push(cur);
        cur = " ";
        n = 1;
      }
      cur += ch;
      n += size;
    });
    out.push(cur);
    return out.join("\r\n");
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var d = check(true);
    if (typeof d !== "number") return;
    history.replaceState(history.state, "", location.pathname + "?accepted=" + iso(d) + "#calculator");
    render(d, true);
  });

  // A shared link: the date in the fields, and the page at the result.
  var given = new URLSearchParams(location.search).get("accepted");
  if (given) {
    var g = parse(given);
    var d = null;
    if (g !== null) {
      set(g);
      d = check(false);
    } else {
      fail(text.errorInvalid, [], false);
    }
    if (typeof d === "number") {
      render(d, false);
      result.scrollIntoView({ block: "start" });
    } else {
      box.scrollIntoView({ block: "start" });
    }
  }
})();
