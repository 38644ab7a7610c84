// playbook search. Loads the index that `playbook build` writes under search/ (format: see
// src/search/mod.rs) piece by piece, only on first use, under any sub-path: over HTTP with a
// same-origin fetch whose text is parsed as JSON; from disk (file://, where fetch is refused)
// with <script> elements. Each index file only hands its data to a page opened from disk, so
// a page of another origin that includes it as a script gets nothing (src/search/encode.rs). Ranks in the page: title > heading > body, exact >
// stemmed > prefix. Shows results in the header box and on search/index.html. Content is only
// ever inserted as text (text nodes and <mark>), never as HTML. No request leaves the site.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVabcdefghijklmnopqrstuvWXYZwxyz-_";
  var VAL = new Int8Array(128);
  for (var d = 0; d < 64; d++) VAL[DIGITS.charCodeAt(d)] = d;
  var EXACT = 0, STEMMED = 1, PREFIX = 2;
  var MULT = [1, 0.8, 0.6];           // by match kind
  var CONTEXT = 5;                     // a word only in the page title, for a section of the page
  var MAX_PREFIX_SHARDS = 3, MAX_COMPLETIONS = 40, MAX_DOCS = 4096, SNIPPET = 180;
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+(?:['\u2019][\p{Alphabetic}\p{N}\p{M}]+)*/gu;

  // ---- Loading: every index file is a script calling one of these. ----
  var manifest = null, stopWords = null, firstWords = null, bundleStarts = null;
  var shards = [], rests = [], pages = [], stemmer = null;
  var loading = {}, fresh = "";
  var api = window.playbookSearch = {
    i: function (m) { manifest = m; },
    t: function (n, data) { shards[n] = shard(data); },
    r: function (n, p) { rests[n] = p; },
    p: function (first, list) { list.forEach(function (page, i) { pages[first + i] = page; }); },
    s: function (f) { stemmer = f; },
    // The site was rebuilt (`playbook serve`): forget the index read so far; the next search
    // loads the new one (its manifest under a new address, so no cached copy answers).
    reset: function () {
      manifest = stopWords = firstWords = bundleStarts = null;
      shards = []; rests = []; pages = []; loading = {};
      fresh = "?r=" + Date.now();
    }
  };

  // Every index file is `<GUARD><method>(<JSON values>);` (src/search/encode.rs).
  var GUARD = 'location.protocol==="file:"&&playbookSearch.';
  var FROM_DISK = location.protocol === "file:";

  function load(path) {
    if (!loading[path]) {
      var url = root + path + (manifest ? "?h=" + manifest.h : fresh);
      var failed = function () { delete loading[path]; throw new Error("could not load " + path); };
      // Scripts from disk, and code (the stemmer) always; index data over HTTP by fetch.
      var asScript = FROM_DISK || path.lastIndexOf("search/", 0) !== 0;
      loading[path] = asScript ? new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = url;
        s.onload = function () { resolve(); };
        s.onerror = function () { try { failed(); } catch (e) { reject(e); } };
        document.head.appendChild(s);
      }) : fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      }).then(hand).catch(failed);
    }
    return loading[path];
  }

  // Hands the data of one index file, read as text, to its method.
  function hand(text) {
    var open = text.indexOf("(", GUARD.length), close = text.lastIndexOf(")");
    var method = text.slice(GUARD.length, open);
    if (text.lastIndexOf(GUARD, 0) !== 0 || open < 0 || close < open || "itrp".indexOf(method) < 0 || method.length !== 1) {
      throw new Error("not a search index file");
    }
    api[method].apply(api, JSON.parse("[" + text.slice(open + 1, close) + "]"));
  }

  function ready() {
    return load("search/index.js").then(function () {
      if (!manifest || manifest.v !== 1) throw new Error("the search index has another format; rebuild the site");
      if (!stopWords) {
        stopWords = new Set(manifest.stop.split(" "));
        firstWords = unfront(manifest.shards);
        var at = 0;
        bundleStarts = numbers(manifest.bundles).map(function (d) { return (at += d); });
      }
    });
  }

  // ---- Decoding (src/search/encode.rs) ----
  function numbers(s) {
    var out = [], n = 0, mul = 1;
    for (var i = 0; i < s.length; i++) {
      var v = VAL[s.charCodeAt(i)];
      if (v >= 32) { n += (v - 32) * mul; mul *= 32; } else { out.push(n + v * mul); n = 0; mul = 1; }
    }
    return out;
  }
  function postings(s) { // -> Int32Array of (page, doc, value) triples
    var a = numbers(s), out = new Int32Array(a.length), page = 0;
    for (var i = 0; i + 2 < a.length; i += 3) { page += a[i]; out[i] = page; out[i + 1] = a[i + 1]; out[i + 2] = a[i + 2]; }
    return out;
  }
  function unfront(s) {
    var out = [], prev = "";
    if (s) s.split(" ").forEach(function (x) { prev = prev.slice(0, VAL[x.charCodeAt(0)]) + x.slice(1); out.push(prev); });
    return out;
  }
  function shard(data) {
    var m = numbers(data.m), sh = { words: unfront(data.w), stems: unfront(data.g), group: [], df: [], off: [], len: [], rest: [], p: data.p, cache: [] };
    for (var i = 0, k = 0, off = 0; k < m.length; i++) {
      sh.group.push(m[k]); sh.df.push(m[k + 1]); sh.off.push(off); sh.len.push(m[k + 2]); off += m[k + 2]; k += 3;
      if (sh.df[i] > manifest.top) { sh.rest[i] = [m[k], m[k + 1], m[k + 2]]; k += 3; }
    }
    return sh;
  }
  function lowerBound(list, w) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < w) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function shardOf(w) { return Math.max(0, lowerBound(firstWords, w + "\u0000") - 1); }
  function bundleOf(page) { return Math.max(0, lowerBound(bundleStarts, page + 1) - 1); }

  // ---- Words: the same rules as src/search/tokenize.rs ----
  function fold(raw) {
    var w = raw.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/\u2019/g, "'").replace(/'s$/, "");
    w = w.replace(/[^\p{Alphabetic}\p{N}]/gu, "");
    return Array.from(w).length > 32 ? "" : w;
  }
  function parse(q) {
    var raw = q.match(WORD) || [], typing = !/[\s\p{P}]$/u.test(q), terms = [];
    raw.forEach(function (r, i) {
      var w = fold(r), last = i === raw.length - 1;
      if (!w) return;
      var stop = stopWords.has(w), prefix = last && typing && w.length >= 2;
      if (stop && !prefix) return;
      terms.push({ w: w, prefix: prefix, optional: stop });
    });
    if (terms.length === 1) terms[0].optional = false;
    return terms;
  }

  // ---- Resolving a word to index entries; returns null and fills `missing` when a file is needed.
  function need(path, n, missing) {
    if (shards[n]) return shards[n];
    missing.push(path || "search/t/" + n + ".js");
    return null;
  }
  function resolve(t, full, missing) {
    var found = new Map(); // "shard:index" -> entry
    function add(n, i, kind) {
      var key = n + ":" + i, old = found.get(key);
      if (!old || old.kind > kind) found.set(key, { n: n, i: i, kind: kind });
    }
    function group(n, g) { var sh = shards[n]; for (var j = 0; j < sh.group.length; j++) if (sh.group[j] === g) add(n, j, STEMMED); }
    var n = shardOf(t.w), sh = need(null, n, missing);
    if (!sh) return null;
    var i = lowerBound(sh.words, t.w);
    if (!t.optional) {
      if (sh.words[i] === t.w) {
        add(n, i, EXACT);
        group(n, sh.group[i]);
      } else if (/^[a-z]{3,}$/.test(t.w)) {
        if (!stemmer) { missing.push("static/porter2.js"); return null; }
        var s = stemmer(t.w), sn = shardOf(s), ssh = need(null, sn, missing);
        if (!ssh) return null;
        var g = lowerBound(ssh.stems, s);
        if (ssh.stems[g] === s) group(sn, g);
        else if (sn + 1 < firstWords.length && firstWords[sn + 1].slice(0, 3) === s.slice(0, 3)) {
          var next = need(null, sn + 1, missing);
          if (!next) return null;
          g = lowerBound(next.stems, s);
          if (next.stems[g] === s) group(sn + 1, g);
        }
      }
    }
    if (t.prefix) completions(t.w, n, missing, add);
    var entries = Array.from(found.values());
    if (full || t.rests) {
      entries.forEach(function (e) {
        var r = shards[e.n].rest[e.i];
        if (e.kind !== PREFIX && r && rests[r[0]] === undefined) missing.push("search/r/" + r[0] + ".js");
      });
    }
    return entries;
  }
  function completions(w, n, missing, add) {
    var cands = [];
    for (var k = n; k < firstWords.length && k < n + MAX_PREFIX_SHARDS; k++) {
      if (k > n && firstWords[k].slice(0, w.length) > w) break;
      var sh = need(null, k, missing);
      if (!sh) continue;
      for (var i = lowerBound(sh.words, w); i < sh.words.length && sh.words[i].slice(0, w.length) === w; i++) cands.push([k, i, sh.df[i]]);
    }
    cands.sort(function (a, b) { return b[2] - a[2]; });
    cands.slice(0, MAX_COMPLETIONS).forEach(function (c) { add(c[0], c[1], PREFIX); });
  }
  function entryPostings(e) {
    var sh = shards[e.n], p = sh.cache[e.i];
    if (!p) p = sh.cache[e.i] = postings(sh.p.substr(sh.off[e.i], sh.len[e.i]));
    var r = sh.rest[e.i];
    if (!r || rests[r[0]] === undefined) return [p];
    var rest = sh.cache["r" + e.i];
    if (!rest) rest = sh.cache["r" + e.i] = postings(rests[r[0]].substr(r[1], r[2]));
    return [p, rest];
  }

  // ---- Ranking ----
  function fieldScore(v) { var f = v >> 3; return (f === 2 ? 100 : f === 1 ? 40 : 10) + (v & 7); }
  // The best score of each doc for one query word: an open-addressing table over typed arrays
  // (keys are page * MAX_DOCS + doc), several times faster than a Map for the tens of thousands
  // of postings of a common word.
  function Scores(n) {
    var size = 16, bits = 4;
    while (size < n * 2) { size *= 2; bits++; }
    this.mask = size - 1;
    this.shift = 32 - bits; // the product's high bits: its low ones depend on the doc alone
    this.keys = new Int32Array(size).fill(-1);
    this.vals = new Float64Array(size);
  }
  Scores.prototype.slot = function (key) {
    var i = Math.imul(key, 0x9E3779B1) >>> this.shift;
    while (this.keys[i] !== -1 && this.keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  };
  Scores.prototype.max = function (key, s) {
    var i = this.slot(key);
    if (this.keys[i] === -1) { this.keys[i] = key; this.vals[i] = s; } else if (this.vals[i] < s) this.vals[i] = s;
  };
  Scores.prototype.get = function (key) { var i = this.slot(key); return this.keys[i] === -1 ? 0 : this.vals[i]; };
  Scores.prototype.forEach = function (f) {
    for (var i = 0; i < this.keys.length; i++) if (this.keys[i] !== -1) f(this.keys[i], this.vals[i]);
  };

  // Scores every doc that has a query word and keeps the first `limit` in order, without
  // sorting the rest: a common word of a big site is in tens of thousands of docs. Returns
  // { total, top }.
  function rank(terms, resolved, limit) {
    var per = resolved.map(function (entries) {
      var lists = [], n = 0;
      entries.forEach(function (e) {
        entryPostings(e).forEach(function (p) { lists.push([p, MULT[e.kind]]); n += p.length / 3; });
      });
      var best = new Scores(n), titles = new Set();
      lists.forEach(function (l) {
        var p = l[0], mult = l[1];
        for (var i = 0; i < p.length; i += 3) {
          best.max(p[i] * MAX_DOCS + p[i + 1], fieldScore(p[i + 2]) * mult);
          if (p[i + 1] === 0 && p[i + 2] >> 3 === 2) titles.add(p[i]);
        }
      });
      return { best: best, titles: titles };
    });
    var required = terms.filter(function (t) { return !t.optional; }).length;
    var top = [], total = 0;
    function before(all, score, page, doc, h) { // whether (all, score, page, doc) ranks above h
      return all !== h.all ? all : score !== h.score ? score > h.score : page !== h.page ? page < h.page : doc < h.doc;
    }
    function offer(key, score, matched) {
      total++;
      var page = Math.floor(key / MAX_DOCS), doc = key % MAX_DOCS, all = matched >= required;
      if (top.length === limit && !before(all, score, page, doc, top[limit - 1])) return;
      var at = top.length;
      while (at > 0 && before(all, score, page, doc, top[at - 1])) at--;
      top.splice(at, 0, { page: page, doc: doc, score: score, all: all });
      if (top.length > limit) top.pop();
    }
    if (per.length === 1) {
      var alone = terms[0].optional ? 0 : 1;
      per[0].best.forEach(function (key, s) { offer(key, s, alone); });
    } else {
      per.forEach(function (x, xi) {
        x.best.forEach(function (key) {
          // Each doc once: in the first term's table that has it.
          for (var e = 0; e < xi; e++) if (per[e].best.get(key) > 0) return;
          var page = Math.floor(key / MAX_DOCS), doc = key % MAX_DOCS, score = 0, matched = 0;
          per.forEach(function (y, ti) {
            var s = y.best.get(key) || (doc > 0 && y.titles.has(page) ? CONTEXT : 0);
            score += s;
            if (s > 0 && !terms[ti].optional) matched++;
          });
          offer(key, score, matched);
        });
      });
    }
    return { total: total, top: top };
  }

  // Runs a query: resolves its words (loading shards as needed), ranks, and loads the pages of
  // the first `limit` results (`total`: how many docs matched). `full` also loads every posting (for "more results").
  function search(q, limit, full) {
    return ready().then(function () {
      var terms = parse(q);
      if (!terms.length) return { terms: terms, total: 0, shown: [], ms: 0 };
      var required = terms.filter(function (t) { return !t.optional; }).length;
      terms.forEach(function (t) { t.rests = required > 1; });
      function attempt(round) {
        var missing = [], resolved = terms.map(function (t) { return resolve(t, full, missing); });
        if (missing.length && round < 5) return Promise.all(missing.map(load)).then(function () { return attempt(round + 1); });
        var t0 = performance.now();
        var ranked = rank(terms, resolved.map(function (r) { return r || []; }), limit);
        var ms = performance.now() - t0, shown = ranked.top;
        return Promise.all(shown.map(function (h) { return load("search/p/" + bundleOf(h.page) + ".js"); })).then(function () {
          return { terms: terms, resolved: resolved, total: ranked.total, shown: shown.map(function (h) { return view(h, terms, resolved); }), ms: ms };
        });
      }
      return attempt(0);
    });
  }
  api.search = search;

  // ---- Result views: title, breadcrumb, snippet with the matched words marked ----
  function matcher(terms, resolved) {
    var words = new Set(), prefixes = [];
    resolved.forEach(function (entries) { (entries || []).forEach(function (e) { words.add(shards[e.n].words[e.i]); }); });
    terms.forEach(function (t) { words.add(t.w); if (t.prefix) prefixes.push(t.w); });
    return function (w) { return words.has(w) || prefixes.some(function (p) { return w.slice(0, p.length) === p; }); };
  }
  function marks(text, match) { // -> [[start, end], ...] of matched words
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) if (match(fold(m[0]))) out.push([m.index, m.index + m[0].length]);
    return out;
  }
  function view(h, terms, resolved) {
    var page = pages[h.page], doc = page[2][h.doc] || page[2][0], match = matcher(terms, resolved);
    var crumbs = page[1].slice();
    if (h.doc > 0) crumbs.push(page[2][0][1], doc[3] || "");
    var text = doc[2], found = marks(text, match), start = 0, end = Math.min(text.length, SNIPPET);
    if (found.length) { // the window holding the most matches
      var best = found[0], most = 0;
      found.forEach(function (f) {
        var n = found.filter(function (g) { return g[0] >= f[0] && g[1] <= f[0] + SNIPPET - 40; }).length;
        if (n > most) { most = n; best = f; }
      });
      start = Math.max(0, best[0] - 40);
      if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < best[0]) start = sp + 1; }
      end = Math.min(text.length, start + SNIPPET);
    }
    if (end < text.length) { var cut = text.lastIndexOf(" ", end); if (cut > start + SNIPPET / 2) end = cut; }
    var lead = start > 0 ? "\u2026 " : "", shift = lead.length - start;
    return {
      url: root + page[0] + (doc[0] ? "#" + doc[0] : ""),
      title: doc[1], titleMarks: marks(doc[1], match),
      crumbs: crumbs.filter(Boolean),
      snippet: lead + text.slice(start, end) + (end < text.length ? " \u2026" : ""),
      snippetMarks: found.filter(function (f) { return f[0] >= start && f[1] <= end; }).map(function (f) { return [f[0] + shift, f[1] + shift]; })
    };
  }
  function marked(tag, cls, text, ranges) {
    var el = document.createElement(tag), at = 0;
    el.className = cls;
    ranges.forEach(function (r) {
      if (r[0] > at) el.appendChild(document.createTextNode(text.slice(at, r[0])));
      var m = document.createElement("mark");
      m.textContent = text.slice(r[0], r[1]);
      el.appendChild(m);
      at = r[1];
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
    return el;
  }
  function resultLink(v, id) {
    var a = document.createElement("a");
    a.href = v.url;
    a.className = "search-result";
    if (id) { a.id = id; a.setAttribute("role", "option"); a.setAttribute("aria-selected", "false"); }
    a.appendChild(marked("span", "r-title", v.title, v.titleMarks));
    if (v.crumbs.length) a.appendChild(marked("span", "r-crumbs", v.crumbs.join(" \u203a "), []));
    if (v.snippet) a.appendChild(marked("span", "r-snippet", v.snippet, v.snippetMarks));
    return a;
  }
  function message(cls, text) { var p = document.createElement("p"); p.className = cls; p.textContent = text; return p; }
  function failure(e) { return "Search is unavailable: " + (e && e.message ? e.message : e); }

  // ---- The header box ----
  var input = document.getElementById("search-input"), box = document.getElementById("search-results");
  var DROPDOWN = 8, active = -1, generation = 0, timer = 0;
  function searchPage(q) { return root + "search/index.html?q=" + encodeURIComponent(q.trim()); }
  function options() { return box ? box.querySelectorAll("[role=option]") : []; }
  function open(show) {
    if (!box) return;
    box.hidden = !show;
    input.setAttribute("aria-expanded", show ? "true" : "false");
    if (!show) select(-1);
  }
  function select(i) {
    var opts = options();
    if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
    active = opts.length ? Math.max(-1, Math.min(i, opts.length - 1)) : -1;
    if (active >= 0) {
      opts[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }
  function update() {
    var q = input.value, mine = ++generation;
    if (!q.trim()) { box.textContent = ""; open(false); return; }
    search(q, DROPDOWN).then(function (r) {
      if (mine !== generation) return;
      box.textContent = "";
      active = -1;
      if (!r.terms.length) { open(false); return; }
      r.shown.forEach(function (v, i) { box.appendChild(resultLink(v, "search-option-" + i)); });
      if (!r.shown.length) box.appendChild(message("r-empty", "No results for \u201c" + q.trim() + "\u201d"));
      else {
        var all = document.createElement("a");
        all.className = "r-all";
        all.href = searchPage(q);
        all.textContent = "All results for \u201c" + q.trim() + "\u201d";
        box.appendChild(all);
      }
      box.setAttribute("data-query", q);
      open(document.activeElement === input);
    }, function (e) {
      if (mine !== generation) return;
      box.textContent = "";
      box.appendChild(message("r-empty", failure(e)));
      open(true);
    });
  }
  if (input && box) {
    input.addEventListener("focus", function () { ready().catch(function () {}); if (box.childNodes.length && input.value.trim()) open(true); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 30); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (box.hidden && input.value.trim()) open(true);
        select(active + (e.key === "ArrowDown" ? 1 : -1));
        e.preventDefault();
      } else if (e.key === "Enter" && !e.isComposing) {
        // The selected result, else the search page for the query.
        e.preventDefault();
        if (active >= 0 && !box.hidden) window.location.href = options()[active].href;
        else if (input.value.trim()) window.location.href = searchPage(input.value);
      } else if (e.key === "Escape") {
        if (!box.hidden) open(false); else input.blur();
        e.preventDefault();
      }
    });
    document.addEventListener("click", function (e) { if (!box.contains(e.target) && e.target !== input) open(false); });
    document.addEventListener("keydown", function (e) {
      var t = e.target, editing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") || (e.key === "/" && !editing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  // ---- The search page (search/index.html?q=...) ----
  var pageInput = document.getElementById("search-page-input");
  if (pageInput) {
    var list = document.querySelector(".search-page-results"), status = document.querySelector(".search-status"), more = document.querySelector(".search-more");
    var PAGE = 20, limit = PAGE, pageGen = 0, full = false;
    var runPage = function () {
      var q = pageInput.value, mine = ++pageGen;
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); } catch (e) { /* file:// may refuse */ }
      if (!q.trim()) { list.textContent = ""; status.textContent = ""; more.hidden = true; return; }
      status.textContent = "Searching\u2026";
      search(q, limit, full).then(function (r) {
        if (mine !== pageGen) return;
        list.textContent = "";
        r.shown.forEach(function (v) { var li = document.createElement("li"); li.appendChild(resultLink(v)); list.appendChild(li); });
        var partial = !full && r.resolved && r.resolved.some(function (es) { return (es || []).some(function (e) { return !!shards[e.n].rest[e.i]; }); });
        status.textContent = r.total ? (r.total + (partial ? "+" : "") + " result" + (r.total === 1 && !partial ? "" : "s") + " for \u201c" + q.trim() + "\u201d") : "No results for \u201c" + q.trim() + "\u201d";
        more.hidden = !(r.total > limit || partial);
      }, function (e) { if (mine === pageGen) status.textContent = failure(e); });
    };
    pageInput.value = new URLSearchParams(window.location.search).get("q") || "";
    pageInput.form.addEventListener("submit", function (e) { e.preventDefault(); runPage(); });
    pageInput.addEventListener("input", function () { limit = PAGE; full = false; clearTimeout(timer); timer = setTimeout(runPage, 30); });
    more.addEventListener("click", function () { limit += PAGE; full = true; runPage(); });
    runPage();
  }
})();
