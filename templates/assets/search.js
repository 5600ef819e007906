// Site search: results as the reader types, from the index internal/search
// builds (its package documentation gives the rules, which this script
// follows, and the files). Without the script, the form submits to the
// language's search page. The HTML it expects:
//
//   <form role="search" class="search" action="/en/search/" method="get"
//         data-index="/search/en/"
//         data-results-one="{count} result" data-results-other="{count} results"
//         data-no-results="No results for “{query}”."
//         data-elsewhere-one="{count} result in {language}"
//         data-elsewhere-other="{count} results in {language}"
//         data-loading="Searching…" data-failed="Search is not available."
//         data-more="More results" data-han-lang="zh-Hans">
//     <label for="search-q">Search</label>
//     <input id="search-q" type="search" name="q" autocomplete="off">
//     <button type="submit">Search</button>
//     <div class="search-results"></div>
//     <div class="search-languages" hidden>
//       <a href="/zh/search/" hreflang="zh-Hans" lang="zh-Hans" data-index="/search/zh/">中文</a>
//     </div>
//   </form>
//
// data-index is the language's index directory. Counted strings have one
// attribute per plural category of <html lang> ("other" is the fallback).
// data-han-lang (optional) marks Han text in results, on pages in another
// language. The script fills .search-results with a polite status (the
// count), a list of links to the sections that matched, with snippets, and
// a "More results" button. When the language has no results, or the query
// has Han text on a page with data-han-lang (Chinese pasted into the
// English site), the indexes of .search-languages are searched, and those
// with results are offered as links to their search page with ?q=. The search page (the form's action)
// searches for ?q= on load, and Enter there searches without reloading.
//
// Keys: Down goes from the field to the results, Up and Down move between
// them, Escape goes back to the field and, in the field, clears it. Shard
// files are fetched from the browser's cache when it has them, and the
// manifest too when the network fails, so search works offline once loaded.
// If the page defines window.guideSearchHook, it is called with the search
// engine (for the browser tests).
(function () {
  "use strict";
  if (!window.fetch || !window.Promise || !String.prototype.normalize) return;

  // ---- Tokens: the same rules as internal/search/tokens.go ----

  var MAX_MARKS = 16;
  var MAX_WORD = 32;
  var reMark = /\p{M}/u;
  var reWord = /[\p{L}\p{N}\p{M}]/u;
  var reHan = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC]/u;
  var reSpace = /\p{White_Space}/u;
  var reHanText = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC]+/gu;
  var reHanAny = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

  function size(c) { return c > 0xFFFF ? 2 : 1; }

  function attaches(c) {
    if (c < 0x300 || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xFF00 && c <= 0xFF9D)) return false;
    return (c >= 0x1160 && c <= 0x11FF) || (c >= 0xD7B0 && c <= 0xD7FF) || c === 0xFF9E || c === 0xFF9F ||
      reMark.test(String.fromCodePoint(c));
  }
  function isHan(c) {
    if (c < 0x2E80) return false;
    if (c >= 0x4E00 && c <= 0x9FFF) return true;
    return reHan.test(String.fromCodePoint(c));
  }
  function isAlnum(c) { return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90); }
  function isWord(c) {
    if (c < 0x80) return isAlnum(c);
    return reWord.test(String.fromCodePoint(c));
  }
  function isSpace(c) {
    if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
    return reSpace.test(String.fromCodePoint(c));
  }
  function lower(c) {
    if (c < 0x80) return c >= 65 && c <= 90 ? c + 32 : c;
    c = String.fromCodePoint(c).toLowerCase().codePointAt(0);
    return c === 0x3C2 ? 0x3C3 : c;
  }
  function ends(w, s) { return w.length >= s.length && w.slice(-s.length) === s; }
  function at(w, i, ch) { return w.slice(0, i) + ch + w.slice(i + 1); }

  function stem(w) {
    var n = w.length;
    if (n < 4 || "sengd".indexOf(w[n - 1]) < 0 || !/^[a-z0-9]+$/.test(w)) return w;
    if (n >= 5 && ends(w, "ies")) w = w.slice(0, -3) + "y";
    else if (n >= 5 && ends(w, "ie")) w = w.slice(0, -2) + "y";
    else if (ends(w, "sses")) w = w.slice(0, -2);
    else if (n >= 5 && (ends(w, "xes") || ends(w, "ches") || ends(w, "shes"))) w = w.slice(0, -2);
    else if (n >= 4 && ends(w, "s") && !ends(w, "ss") && !ends(w, "us") && !ends(w, "is")) w = w.slice(0, -1);
    n = w.length;
    if (n >= 6) {
      if (ends(w, "ization")) w = at(w, n - 6, "s");
      else if (ends(w, "izing")) w = at(w, n - 4, "s");
      else if (ends(w, "ized")) w = at(w, n - 3, "s");
      else if (ends(w, "ize")) w = at(w, n - 2, "s");
    }
    return w;
  }

  // split returns the units of s: {t: text, han, join, s: start, e: end}
  // (offsets in s), and whether s ends inside a word or Han run (tail).
  function split(s) {
    var units = [];
    var word = "", wordStart = 0, wordEnd = 0, inWord = false, apos = false, tail = false;
    var lastHan = false, spaced = false, broke = false;
    function endWord() {
      if (!inWord) return;
      var w = stem(word);
      if (w.length > MAX_WORD) w = Array.from(w).slice(0, MAX_WORD).join("");
      units.push({ t: w, han: false, join: false, s: wordStart, e: wordEnd });
      word = "";
      inWord = apos = false;
    }
    // put reads one normalised, lower-cased character c (ch, if given),
    // from s[start:end].
    function put(c, start, end, ch) {
      if (c === 0xAD || c === 0x200C || c === 0x200D || c === 0x2060 || c === 0xFEFF ||
        (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)) return;
      tail = false;
      if (isHan(c)) {
        endWord();
        units.push({ t: ch || String.fromCodePoint(c), han: true, join: lastHan && (!spaced || broke), s: start, e: end });
        lastHan = tail = true;
        spaced = broke = false;
      } else if (isWord(c)) {
        if (!inWord) wordStart = start;
        apos = false;
        word += String.fromCodePoint(c);
        wordEnd = end;
        inWord = tail = true;
        lastHan = false;
      } else if ((c === 0x27 || c === 0x2019) && inWord && !apos) {
        apos = true;
      } else {
        endWord();
        if (c === 10 || c === 11 || c === 12 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029) broke = true;
        else if (isSpace(c)) spaced = true;
        else lastHan = false;
      }
    }
    for (var i = 0; i < s.length;) {
      var c = s.charCodeAt(i), j, marks = 0, m;
      if (c < 0x80 && (i + 1 === s.length || s.charCodeAt(i + 1) < 0x80)) {
        // ASCII, and no combining character follows: a run of letters and
        // digits at once (but for the last before other characters).
        for (j = i; j < s.length && isAlnum(s.charCodeAt(j));) j++;
        if (j < s.length && s.charCodeAt(j) >= 0x80) j--;
        if (j > i) {
          if (!inWord) wordStart = i;
          word += s.slice(i, j).toLowerCase();
          wordEnd = j;
          inWord = tail = true;
          apos = lastHan = false;
        } else {
          put(lower(c), i, ++j);
        }
        i = j;
        continue;
      }
      if (c >= 0x4E00 && c <= 0x9FFF && (i + 1 === s.length || !attaches(s.codePointAt(i + 1)))) {
        put(c, i, i + 1, s[i]);
        i++;
        continue;
      }
      c = s.codePointAt(i);
      j = i + size(c);
      while (j < s.length) {
        m = s.codePointAt(j);
        if (!attaches(m)) break;
        if (++marks > MAX_MARKS) break;
        j += size(m);
      }
      if (j === i + size(c) && c < 0x80) {
        put(lower(c), i, j);
      } else if (j === i + size(c) && c >= 0x4E00 && c <= 0x9FFF) {
        put(c, i, j);
      } else {
        var n = s.slice(i, j).normalize("NFKC");
        for (var k = 0; k < n.length;) {
          var r = n.codePointAt(k);
          k += size(r);
          put(lower(r), i, j);
        }
      }
      i = j;
      if (marks > MAX_MARKS) {
        while (i < s.length && attaches(m = s.codePointAt(i))) i += size(m);
      }
    }
    endWord();
    return { units: units, tail: tail };
  }

  // pair returns the Han pair token that starts at units[i] (this character
  // and the next one of its run), or "".
  function pair(units, i) {
    var u = units[i], next = units[i + 1];
    return u.han && next && next.join ? u.t + next.t : "";
  }

  // tokens returns the index tokens of s: each unit's text, a Han
  // character's preceded by its pair.
  function tokens(s) {
    var units = split(s).units, out = [];
    units.forEach(function (u, i) {
      var p = pair(units, i);
      if (p) out.push(p);
      out.push(u.t);
    });
    return out;
  }

  // ---- Synonyms ----

  function compilePhrases(groups) {
    var byFirst = new Map();
    groups.forEach(function (group, g) {
      group.forEach(function (term) {
        var units = split(term).units.map(function (u) { return u.t; });
        if (!units.length) return;
        var list = byFirst.get(units[0]) || [];
        if (!list.some(function (p) { return p.group === g && p.units.join("\n") === units.join("\n"); })) {
          list.push({ units: units, group: g });
        }
        byFirst.set(units[0], list);
      });
    });
    byFirst.forEach(function (list) {
      list.sort(function (a, b) { return b.units.length - a.units.length || a.group - b.group; });
    });
    return byFirst;
  }

  // phrases calls f(group, length) for each phrase that starts at units[i],
  // longest first.
  function phrases(byFirst, units, i, f) {
    var list = byFirst.get(units[i].t);
    if (!list) return;
    list.forEach(function (p) {
      if (i + p.units.length > units.length) return;
      for (var k = 1; k < p.units.length; k++) if (units[i + k].t !== p.units[k]) return;
      f(p.group, p.units.length);
    });
  }

  // ---- Query plan ----

  var MAX_TERMS = 32;
  var MAX_PREFIX_SHARDS = 2;

  // plan turns a query into terms {tokens: [...], prefix: ""}: a page
  // matches a term when it has one of its tokens, or a token starting with
  // its prefix.
  function plan(q, byFirst) {
    var sp = split(q), units = sp.units, terms = [], seen = {};
    function add(x) {
      var key = x.prefix + "\u0000" + x.tokens.join("\u0000");
      if (!seen[key] && terms.length < MAX_TERMS) {
        seen[key] = true;
        terms.push(x);
      }
    }
    function phraseAt(i) {
      var n = 0, groups = [];
      phrases(byFirst, units, i, function (g, len) {
        if (n && len < n) return;
        n = len;
        groups.push("~" + g);
      });
      return { n: n, groups: groups };
    }
    for (var i = 0; i < units.length;) {
      var ph = phraseAt(i);
      if (ph.n) {
        add({ tokens: ph.groups, prefix: "" });
        i += ph.n;
        continue;
      }
      var u = units[i];
      if (!u.han) {
        if (i === units.length - 1 && sp.tail && Array.from(u.t).length >= 2) add({ tokens: [], prefix: u.t });
        else add({ tokens: [u.t], prefix: "" });
        i++;
        continue;
      }
      var j = i + 1;
      while (j < units.length && units[j].join && !phraseAt(j).n) j++;
      if (j - i === 1) add({ tokens: [u.t], prefix: "" });
      for (var k = i; k + 1 < j; k++) add({ tokens: [units[k].t + units[k + 1].t], prefix: "" });
      i = j;
    }
    return terms;
  }

  // ---- Index ----

  var indexes = {};

  function getJSON(url, cache) {
    return fetch(url, cache ? { cache: cache } : {}).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  // open returns the index at base (a URL ending in "/"), loaded once; fresh
  // loads it again, asking the server.
  function open(base, fresh) {
    if (!indexes[base] || fresh) {
      var url = base + "index.json";
      var p = fresh ? getJSON(url, "reload") : getJSON(url).catch(function () {
        return getJSON(url, "force-cache"); // offline: the copy in the cache
      });
      p = indexes[base] = p.then(function (m) {
        if (m.version !== 1) throw new Error(url + ": index version " + m.version);
        var ix = new Index(base, m);
        return m.terms.length ? ix : ix.indexPages();
      });
      p.catch(function () { if (indexes[base] === p) delete indexes[base]; });
    }
    return indexes[base];
  }

  function Index(base, m) {
    this.base = base;
    this.m = m;
    this.phrases = compilePhrases(m.synonyms || []);
    this.shards = {};
    this.sections = {}; // page number → tokens of its sections, for choosing one
    this.local = null; // the postings made from the pages, without term shards
    this.docStart = [0];
    for (var i = 0; i < m.docShards.length; i++) this.docStart.push(this.docStart[i] + m.docShards[i]);
  }

  // indexPages makes the postings of an index without term shards (a small
  // site's) from its pages: token → [page*4 + best field, …], and the
  // tokens in order.
  Index.prototype.indexPages = function () {
    var self = this, want = [];
    for (var i = 0; i < this.m.docShards.length; i++) want.push(this.shard("d" + i));
    return Promise.all(want).then(function (shards) {
      var post = new Map(), d = 0;
      function add(set, f) {
        set.forEach(function (tok) {
          var l = post.get(tok);
          if (!l) post.set(tok, l = []);
          var last = l.length - 1;
          if (last < 0 || l[last] >> 2 !== d) l.push(d * 4 + f);
          else if ((l[last] & 3) < f) l[last] = d * 4 + f;
        });
      }
      shards.forEach(function (s) {
        s.docs.forEach(function (doc) {
          var later = doc[3] === 1; // ranked later: its fields count one lower
          add(tokenSet(doc[1], self.phrases), later ? 2 : 3);
          var sets = self.sections[d] = doc[2].map(function (sec) {
            return { head: tokenSet(sec[1], self.phrases), text: tokenSet(sec[2], self.phrases) };
          });
          sets.forEach(function (set) {
            add(set.head, later ? 1 : 2);
            add(set.text, 1);
          });
          d++;
        });
      });
      self.local = post;
      self.localTokens = Array.from(post.keys()).sort();
      return self;
    });
  };

  Index.prototype.shard = function (name) {
    var self = this;
    if (!this.shards[name]) {
      var inline = this.m.shards && this.m.shards[name];
      this.shards[name] = inline ? Promise.resolve(inline) : getJSON(this.base + this.m.dir + name + ".json", "force-cache");
      this.shards[name].catch(function () { delete self.shards[name]; });
    }
    return this.shards[name];
  };

  // shardOf returns the term shard a token would be in.
  Index.prototype.shardOf = function (tok) {
    var t = this.m.terms, lo = 0, hi = t.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (t[mid] <= tok) lo = mid + 1; else hi = mid;
    }
    return Math.max(0, lo - 1);
  };

  function lowerBound(list, tok) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < tok) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // decode adds the pages of a token's postings to out (page → best field).
  function decode(post, out) {
    var b = atob(post), p = 0;
    function varint() {
      var v = 0, mul = 1, c;
      do {
        c = b.charCodeAt(p++);
        v += (c & 0x7F) * mul;
        mul *= 128;
      } while (c >= 0x80);
      return v;
    }
    for (var field = 1; p < b.length; field++) {
      var h = varint(), n = Math.floor(h / 2), d, k;
      if (h % 2) {
        for (k = 0; k < n; k++) {
          var byte = b.charCodeAt(p + k);
          for (var bit = 0; byte; bit++, byte >>= 1) {
            if (byte & 1) {
              d = k * 8 + bit;
              if (out[d] < field) out[d] = field;
            }
          }
        }
        p += n;
      } else {
        d = 0;
        for (k = 0; k < n; k++) {
          d = k ? d + varint() : varint();
          if (out[d] < field) out[d] = field;
        }
      }
    }
  }

  // fields returns a promise of, for each page, the best field a term is in
  // there (0: not there; 1 text, 2 heading, 3 title).
  Index.prototype.fields = function (term) {
    var self = this, out = new Uint8Array(this.m.docs);
    var prefix = term.prefix, toks = term.tokens;
    if (this.local) {
      var local = this.local, list = this.localTokens;
      var add = function (l) {
        for (var i = 0; i < l.length; i++) {
          var d = l[i] >> 2, f = l[i] & 3;
          if (out[d] < f) out[d] = f;
        }
      };
      if (prefix) {
        for (var k = lowerBound(list, prefix); k < list.length && list[k].indexOf(prefix) === 0; k++) add(local.get(list[k]));
      }
      toks.forEach(function (tok) { if (local.has(tok)) add(local.get(tok)); });
      return Promise.resolve(out);
    }
    if (prefix) {
      var lo = this.shardOf(prefix), hi = this.shardOf(prefix + "\uFFFF");
      if (hi - lo + 1 > MAX_PREFIX_SHARDS) {
        toks = [prefix];
        prefix = "";
      } else {
        var want = [];
        for (var i = lo; i <= hi; i++) want.push(this.shard("t" + i));
        return Promise.all(want).then(function (shards) {
          shards.forEach(function (s) {
            for (var k = lowerBound(s.tokens, prefix); k < s.tokens.length && s.tokens[k].indexOf(prefix) === 0; k++) {
              decode(s.postings[k], out);
            }
          });
          return out;
        });
      }
    }
    return Promise.all(toks.map(function (tok) {
      return self.shard("t" + self.shardOf(tok)).then(function (s) {
        var k = lowerBound(s.tokens, tok);
        if (s.tokens[k] === tok) decode(s.postings[k], out);
      });
    })).then(function () { return out; });
  };

  // match returns a promise of the terms of q and the pages matching all of
  // them, best first: most terms in the title, then most in headings, then
  // the earlier page.
  Index.prototype.match = function (q) {
    var self = this, terms = plan(q, this.phrases);
    if (!terms.length) return Promise.resolve({ terms: terms, docs: [] });
    return Promise.all(terms.map(function (t) { return self.fields(t); })).then(function (all) {
      var n = self.m.docs, score = new Int32Array(n), docs = [];
      for (var d = 0; d < n; d++) {
        var s = 1;
        for (var k = 0; k < all.length && s; k++) {
          var f = all[k][d];
          s = f === 0 ? 0 : s + (f === 3 ? 64 : f === 2 ? 1 : 0);
        }
        score[d] = s;
        if (s) docs.push(d);
      }
      docs.sort(function (a, b) { return score[b] - score[a] || a - b; });
      return { terms: terms, docs: docs };
    });
  };

  Index.prototype.doc = function (d) {
    var i = 0;
    while (this.docStart[i + 1] <= d) i++;
    var first = this.docStart[i];
    return this.shard("d" + i).then(function (s) { return s.docs[d - first]; });
  };

  // tokenSet returns the index tokens of s and its synonym groups.
  function tokenSet(s, byFirst) {
    var units = split(s).units, set = new Set();
    for (var i = 0; i < units.length; i++) {
      var p = pair(units, i);
      if (p) set.add(p);
      set.add(units[i].t);
      phrases(byFirst, units, i, function (g) { set.add("~" + g); });
    }
    return set;
  }

  function termIn(term, set) {
    for (var i = 0; i < term.tokens.length; i++) if (set.has(term.tokens[i])) return true;
    if (term.prefix) {
      var found = false;
      set.forEach(function (t) { if (!found && t.indexOf(term.prefix) === 0) found = true; });
      return found;
    }
    return false;
  }

  // best returns the section of doc to link to: the one matching the most
  // terms, a term in its heading counting more than in its text; then a
  // checklist item rather than a heading; then the first. null when no
  // section matches (the title did).
  Index.prototype.best = function (d, doc, terms) {
    var self = this;
    var sets = this.sections[d] || (this.sections[d] = doc[2].map(function (s) {
      return { head: tokenSet(s[1], self.phrases), text: tokenSet(s[2], self.phrases) };
    }));
    var best = null, bestN = 0, bestW = 0, bestItem = false;
    doc[2].forEach(function (s, i) {
      var n = 0, w = 0, item = s[3] === 1;
      terms.forEach(function (t) {
        if (termIn(t, sets[i].head)) { n++; w += 2; } else if (termIn(t, sets[i].text)) { n++; w++; }
      });
      if (n > bestN || (n === bestN && n > 0 && (w > bestW || (w === bestW && item && !bestItem)))) {
        best = s;
        bestN = n;
        bestW = w;
        bestItem = item;
      }
    });
    return best;
  };

  // search returns a promise of {count, terms, hits} for q: hits are the
  // pages from..from+limit of the results, each {url, anchor, title,
  // heading, item, text}.
  Index.prototype.search = function (q, from, limit) {
    var self = this;
    return this.match(q).then(function (r) {
      var page = r.docs.slice(from, from + limit);
      return Promise.all(page.map(function (d) { return self.doc(d); })).then(function (docs) {
        return {
          count: r.docs.length,
          terms: r.terms,
          hits: docs.map(function (doc, i) {
            var s = self.best(page[i], doc, r.terms);
            var text = s ? s[2] : "";
            for (var k = 0; !s && k < doc[2].length && !text; k++) text = doc[2][k][2];
            return {
              url: doc[0], title: doc[1], anchor: s ? s[0] : "", heading: s ? s[1] : "",
              item: !!(s && s[3] === 1), text: text
            };
          })
        };
      });
    });
  };

  // ---- Snippets ----

  var BEFORE = 40;
  var LENGTH = 160;

  // marks returns the ranges [start, end] of s that match the terms; matches
  // with only white space or hyphens between them make one range.
  function marks(s, terms, byFirst) {
    var units = split(s).units, on = new Array(units.length), i, k;
    for (i = 0; i < units.length; i++) {
      var tok = units[i].t, p = pair(units, i);
      for (k = 0; k < terms.length; k++) {
        var t = terms[k];
        if (t.prefix ? tok.indexOf(t.prefix) === 0 : t.tokens.indexOf(tok) >= 0) on[i] = true;
        if (p && t.tokens.indexOf(p) >= 0) on[i] = on[i + 1] = true;
      }
      phrases(byFirst, units, i, function (g, len) {
        var name = "~" + g;
        if (terms.some(function (t) { return t.tokens.indexOf(name) >= 0; })) {
          for (var j = i; j < i + len; j++) on[j] = true;
        }
      });
    }
    var ranges = [];
    for (i = 0; i < units.length; i++) {
      if (!on[i]) continue;
      var last = ranges[ranges.length - 1];
      if (last && /^[\s\-\u2010\u2011]*$/.test(s.slice(last[1], units[i].s))) last[1] = units[i].e;
      else ranges.push([units[i].s, units[i].e]);
    }
    return ranges;
  }

  // snippet returns a part of s around its first match, as pieces {text, mark}.
  function snippet(s, terms, byFirst, whole) {
    var ranges = marks(s, terms, byFirst), start = 0, end = s.length;
    if (!whole) {
      var first = ranges.length ? ranges[0][0] : 0;
      if (first > BEFORE) {
        start = first - BEFORE;
        var space = s.slice(start, first).search(/\s/);
        if (space >= 0 && space < first - start - 1) start += space + 1;
      }
      end = Math.min(s.length, start + LENGTH);
      if (end < s.length) {
        var cut = s.slice(start, end).search(/\s\S*$/);
        if (cut > first - start + 10) end = start + cut;
      }
    }
    var pieces = [], pos = start;
    if (start > 0) pieces.push({ text: "…", mark: false });
    ranges.forEach(function (r) {
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      if (a >= b) return;
      if (a > pos) pieces.push({ text: s.slice(pos, a), mark: false });
      pieces.push({ text: s.slice(a, b), mark: true });
      pos = b;
    });
    if (end > pos) pieces.push({ text: s.slice(pos, end), mark: false });
    if (end < s.length) pieces.push({ text: "…", mark: false });
    return pieces;
  }

  var engine = { split: split, tokens: tokens, plan: plan, open: open, snippet: snippet };
  if (typeof window.guideSearchHook === "function") window.guideSearchHook(engine);

  // ---- The form ----

  var PAGE = 10;
  var DELAY = 150;
  var pageLang = document.documentElement.lang || "en";

  function Search(form) {
    this.form = form;
    this.input = form.querySelector('input[name="q"]');
    this.box = form.querySelector(".search-results");
    if (!this.input || !this.box || !form.getAttribute("data-index")) return;
    this.base = form.getAttribute("data-index");
    this.hanLang = form.getAttribute("data-han-lang") || "";
    this.serial = 0;
    this.query = "";
    this.shown = 0;
    this.status = el("p", "search-status");
    this.status.setAttribute("role", "status");
    this.list = el("ol", "search-list");
    this.list.hidden = true;
    this.elsewhere = el("ul", "search-elsewhere");
    this.elsewhere.hidden = true;
    this.more = el("button", "search-more");
    this.more.type = "button";
    this.more.hidden = true;
    this.more.textContent = form.getAttribute("data-more") || "";
    // Results in other languages come right under the count, before this
    // language's results, so that they are seen without scrolling.
    this.box.appendChild(this.status);
    this.box.appendChild(this.elsewhere);
    this.box.appendChild(this.list);
    this.box.appendChild(this.more);
    this.others = Array.prototype.slice.call(form.querySelectorAll(".search-languages a[data-index]"));
    this.bind();
    var q = new URLSearchParams(location.search).get("q");
    if (this.onSearchPage() && q) {
      this.input.value = q;
      this.run(true);
    }
  }

  function el(tag, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    return e;
  }

  function fill(s, values) {
    return s.replace(/\{(\w+)\}/g, function (all, k) { return k in values ? values[k] : all; });
  }

  // str returns a UI string; counted the one for count's plural category.
  Search.prototype.str = function (name) {
    return this.form.getAttribute("data-" + name) || "";
  };
  Search.prototype.counted = function (name, count) {
    var cat = window.Intl && Intl.PluralRules ? new Intl.PluralRules(pageLang).select(count) : "other";
    var s = this.form.getAttribute("data-" + name + "-" + cat);
    if (s === null) s = this.str(name + "-other");
    return fill(s, { count: count });
  };

  Search.prototype.onSearchPage = function () {
    return new URL(this.form.action, location.href).pathname === location.pathname;
  };

  Search.prototype.bind = function () {
    var self = this, timer = 0;
    var input = this.input;
    input.addEventListener("focus", function () { open(self.base).catch(function () {}); });
    input.addEventListener("input", function (ev) {
      if (ev.isComposing) return;
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(false); }, DELAY);
    });
    input.addEventListener("compositionend", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(false); }, DELAY);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.isComposing) return;
      if (ev.key === "Escape" && input.value) {
        ev.preventDefault();
        clearTimeout(timer);
        input.value = "";
        self.run(false);
      } else if (ev.key === "ArrowDown") {
        var first = self.links()[0];
        if (first) {
          ev.preventDefault();
          first.focus();
        }
      }
    });
    this.box.addEventListener("keydown", function (ev) {
      var links = self.links(), i = links.indexOf(document.activeElement);
      if (i < 0) return;
      if (ev.key === "ArrowDown" && i + 1 < links.length) {
        links[i + 1].focus();
      } else if (ev.key === "ArrowUp") {
        (i ? links[i - 1] : input).focus();
      } else if (ev.key === "Escape") {
        input.focus();
      } else {
        return;
      }
      ev.preventDefault();
    });
    this.more.addEventListener("click", function () { self.page(); });
    this.form.addEventListener("submit", function (ev) {
      if (!self.onSearchPage()) return;
      ev.preventDefault();
      clearTimeout(timer);
      var u = new URL(location.href);
      u.searchParams.set("q", input.value);
      history.replaceState(history.state, "", u.pathname + u.search + u.hash);
      self.run(true);
    });
  };

  Search.prototype.links = function () {
    return Array.prototype.slice.call(this.box.querySelectorAll("a"));
  };

  Search.prototype.say = function (s) {
    if (this.status.textContent !== s) this.status.textContent = s;
  };

  // run searches for the field's query and shows the first results. When
  // the index fails, it is loaded again once, past the browser's cache (a
  // manifest kept from an older build names shards that are gone).
  Search.prototype.run = function (now) {
    var self = this, q = this.input.value, serial = ++this.serial;
    if (!now && q === this.query) return;
    this.query = q;
    this.shown = 0;
    if (!/\S/.test(q)) {
      this.clear();
      return;
    }
    var slow = setTimeout(function () { if (serial === self.serial) self.say(self.str("loading")); }, 500);
    function attempt(fresh) {
      return open(self.base, fresh).then(function (ix) {
        return ix.search(q, 0, PAGE).then(function (r) { return { ix: ix, r: r }; });
      });
    }
    attempt(false).catch(function () {
      return attempt(true);
    }).then(function (x) {
      clearTimeout(slow);
      if (serial !== self.serial) return;
      self.ix = x.ix;
      self.show(x.r, true);
      if (x.r.terms.length && (!x.r.count || (self.hanLang && reHanAny.test(q)))) self.lookElsewhere(q, serial, x.r.count);
    }, function () {
      clearTimeout(slow);
      if (serial !== self.serial) return;
      self.query = null; // the same query may be tried again
      self.clear();
      self.say(self.str("failed"));
    });
  };

  Search.prototype.clear = function () {
    this.list.textContent = "";
    this.list.hidden = true;
    this.elsewhere.textContent = "";
    this.elsewhere.hidden = true;
    this.more.hidden = true;
    this.say("");
  };

  // page shows the next results.
  Search.prototype.page = function () {
    var self = this, serial = this.serial, before = this.shown;
    this.ix.search(this.query, this.shown, PAGE).then(function (r) {
      if (serial !== self.serial) return;
      self.show(r, false);
      var links = self.links();
      if (links[before]) links[before].focus();
    }, function () {
      if (serial === self.serial) self.say(self.str("failed"));
    });
  };

  Search.prototype.show = function (r, fresh) {
    var self = this;
    if (fresh) this.clear();
    r.hits.forEach(function (h) { self.list.appendChild(self.result(h, r.terms)); });
    this.shown += r.hits.length;
    this.list.hidden = !this.shown;
    this.more.hidden = this.shown >= r.count;
    this.say(r.count ? this.counted("results", r.count) :
      r.terms.length ? fill(this.str("no-results"), { query: this.query.trim() }) : "");
  };

  // result is one result: a link to the section (its heading, then its
  // page's title) and a snippet of its text.
  Search.prototype.result = function (h, terms) {
    var byFirst = this.ix.phrases;
    var li = el("li", "search-result" + (h.item ? " search-item" : ""));
    var a = el("a", "search-link");
    a.href = h.url + (h.anchor ? "#" + encodeURIComponent(h.anchor) : "");
    if (h.heading) {
      this.pieces(a.appendChild(el("span", "search-heading")), snippet(h.heading, terms, byFirst, true));
      a.appendChild(document.createTextNode(" "));
    }
    this.pieces(a.appendChild(el("span", "search-page")), snippet(h.title, terms, byFirst, true));
    li.appendChild(a);
    if (h.text) this.pieces(li.appendChild(el("p", "search-snippet")), snippet(h.text, terms, byFirst, false));
    return li;
  };

  // pieces appends text pieces to parent, matches in <mark>, Han text in an
  // element with data-han-lang when the page is in another language.
  Search.prototype.pieces = function (parent, pieces) {
    var self = this;
    pieces.forEach(function (p) {
      var to = p.mark ? parent.appendChild(document.createElement("mark")) : parent;
      var s = p.text, pos = 0, m;
      if (!self.hanLang) {
        to.appendChild(document.createTextNode(s));
        return;
      }
      reHanText.lastIndex = 0;
      while ((m = reHanText.exec(s))) {
        if (m.index > pos) to.appendChild(document.createTextNode(s.slice(pos, m.index)));
        var span = to.appendChild(document.createElement("span"));
        span.lang = self.hanLang;
        span.textContent = m[0];
        pos = m.index + m[0].length;
      }
      if (pos < s.length) to.appendChild(document.createTextNode(s.slice(pos)));
    });
  };

  // lookElsewhere counts the results in the other languages and links to
  // those that have some, right under the status; when this language has
  // none, the status says them too (it is what a screen reader announces).
  Search.prototype.lookElsewhere = function (q, serial, here) {
    var self = this;
    Promise.all(this.others.map(function (a) {
      return open(a.getAttribute("data-index")).then(function (ix) {
        return ix.match(q);
      }).then(function (r) {
        return { a: a, n: r.docs.length };
      }, function () {
        return { a: a, n: 0 };
      });
    })).then(function (found) {
      if (serial !== self.serial) return;
      var said = [self.status.textContent];
      found.forEach(function (f) {
        if (!f.n) return;
        var link = self.elsewhere.appendChild(el("li")).appendChild(el("a"));
        var u = new URL(f.a.href, location.href);
        u.searchParams.set("q", q);
        link.href = u.href;
        if (f.a.hreflang) link.hreflang = f.a.hreflang;
        self.counted("elsewhere", f.n).split("{language}").forEach(function (part, i) {
          if (i) {
            var name = link.appendChild(el("span"));
            name.textContent = f.a.textContent;
            if (f.a.lang) name.lang = f.a.lang;
          }
          if (part) link.appendChild(document.createTextNode(part));
        });
        said.push(link.textContent);
        self.elsewhere.hidden = false;
      });
      if (!here) self.say(said.join(" "));
    });
  };

  Array.prototype.forEach.call(document.querySelectorAll("form[data-index]"), function (f) { new Search(f); });
})();
