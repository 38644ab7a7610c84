// playbook search. Loads the index that `playbook build` writes under search/ (format: see
// src/search/mod.rs) piece by piece, only on first use, under any sub-path: over HTTP with a
// same-origin fetch whose text is parsed as JSON; from disk (file://, where fetch is refused)
// with <script> elements. Each index file only hands its data to a page opened from disk, so
// a page of another origin that includes it as a script gets nothing (src/search/encode.rs).
// Ranks in the page: title > heading > body, exact > stemmed > prefix > misspelt, chapters
// above checklist items of equal relevance; groups the results by page, best section first.
// "Quoted words" and words joined by punctuation ("1:1") are phrases; [search.synonyms] from
// site.toml widen a query. Shows results in the header box (an ARIA 1.2 combobox) and on
// search/index.html. Content is only ever inserted as text (text nodes and <mark>), never as
// HTML. No request leaves the site.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVabcdefghijklmnopqrstuvWXYZwxyz-_";
  var VAL = new Int8Array(128);
  for (var d = 0; d < 64; d++) VAL[DIGITS.charCodeAt(d)] = d;
  var EXACT = 0, STEMMED = 1, PREFIX = 2;       // then 3: one edit away, 4: two
  var MULT = [1, 0.8, 0.6, 0.5, 0.35];          // by match kind
  var CONTEXT = 5;                               // a word only in the page title, for a section of the page
  var CHECKLIST = [0.6, 0.4];                    // a checklist (its title, its items) against a chapter
  var SPREAD = 0.25, SPREAD_MAX = 0.5;           // a page: its best doc, plus a share of the others
  var MAX_PREFIX_SHARDS = 3, MAX_COMPLETIONS = 40, MAX_DOCS = 4096, SNIPPET = 180;
  var TYPO_FILES = 3, TYPOS = 3;
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+(?:['\u2019][\p{Alphabetic}\p{N}\p{M}]+)*/gu;
  var QUOTE = /["\u201c\u201d\u201e]/g;

  // ---- Loading: every index file is a script calling one of these. ----
  var manifest = null, stopWords = null, firstWords = null, bundleStarts = null, vocabFirsts = null, synonyms = null;
  var shards = [], rests = [], dirs = [], packs = [], vocab = [], pages = [], stemmer = null;
  var loading = {}, fresh = "";
  var api = window.playbookSearch = {
    i: function (m) { manifest = m; },
    t: function (n, data) { shards[n] = shard(data); },
    r: function (n, p) { rests[n] = p; },
    x: function (n, pack, list) { dirs[n] = { pack: pack, shards: list }; },
    y: function (n, p) { packs[n] = p; },
    v: function (n, words, counts) { vocab[n] = { words: unfront(words), counts: counts }; },
    p: function (first, list) { list.forEach(function (page, i) { pages[first + i] = page; }); },
    s: function (f) { stemmer = f; },
    // The site was rebuilt (`playbook serve`): forget the index read so far; the next search
    // loads the new one (its manifest under a new address, so no cached copy answers).
    reset: function () {
      manifest = stopWords = firstWords = bundleStarts = vocabFirsts = synonyms = null;
      shards = []; rests = []; dirs = []; packs = []; vocab = []; pages = []; loading = {};
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
    if (text.lastIndexOf(GUARD, 0) !== 0 || open < 0 || close < open || "itrxyvp".indexOf(method) < 0 || method.length !== 1) {
      throw new Error("not a search index file");
    }
    api[method].apply(api, JSON.parse("[" + text.slice(open + 1, close) + "]"));
  }

  function ready() {
    return load("search/index.js").then(function () {
      if (!manifest || manifest.v !== 2) throw new Error("the search index has another format; rebuild the site");
      if (!stopWords) {
        stopWords = new Set(manifest.stop.split(" "));
        firstWords = unfront(manifest.shards);
        vocabFirsts = unfront(manifest.vocab);
        var at = 0;
        bundleStarts = numbers(manifest.bundles).map(function (d) { return (at += d); });
        synonyms = manifest.synonyms.map(function (g) { return g.map(function (p) { return p.split(" "); }); });
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
  function fileOf(firsts, w) { return Math.max(0, lowerBound(firsts, w + "\u0000") - 1); }
  function shardOf(w) { return fileOf(firstWords, w); }
  function bundleOf(page) { return Math.max(0, lowerBound(bundleStarts, page + 1) - 1); }

  // ---- Words: the same rules as src/search/tokenize.rs ----
  function fold(raw) {
    var w = raw.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/\u2019/g, "'").replace(/'s$/, "");
    w = w.replace(/[^\p{Alphabetic}\p{N}]/gu, "");
    return Array.from(w).length > 32 ? "" : w;
  }
  // src/search/tokenize.rs `token_hash`: a 5-bit hash of a folded word.
  function tokenHash(w) {
    var h = 0;
    for (var i = 0; i < w.length; i++) h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0;
    h ^= h >>> 16; h = Math.imul(h, 0x45d9f3b); h ^= h >>> 16;
    return h & 31;
  }

  // ---- A query as clauses, each one required (but stop words): a word; a phrase, whose
  // words must stand in the doc as in the query (`parts`: its indexed words, their offsets and
  // the hash of the word after each); or synonyms (`any` of several clauses).
  function parse(q) {
    var toks = [], m, at = 0, group = 0, quoted = false;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(q))) {
      var between = q.slice(at, m.index), quotes = (between.match(QUOTE) || []).length, w = fold(m[0]);
      if (quotes % 2) { quoted = !quoted; group++; }
      at = m.index + m[0].length;
      if (!w) continue;
      // Joined to the previous word by punctuation alone ("1:1", "skip-level"): one phrase.
      var joined = toks.length > 0 && between.length > 0 && !quotes && !/\s/u.test(between);
      toks.push({ w: w, quote: quoted ? group : 0, joined: joined });
    }
    var typing = !/[\s\p{P}]$/u.test(q), units = [];
    toks.forEach(function (t) {
      var unit = units[units.length - 1], last = unit && unit[unit.length - 1];
      if (unit && t.quote === last.quote && (t.quote || t.joined)) unit.push(t); else units.push([t]);
    });
    var clauses = [];
    for (var u = 0; u < units.length; u++) {
      var syn = synonymAt(units, u);
      if (syn) { clauses.push(syn.clause); u = syn.end - 1; continue; }
      var words = units[u].map(function (t) { return t.w; });
      var c = words.length > 1 || units[u][0].quote ? phrase(words) : word(words[0], u === units.length - 1 && typing);
      if (c) clauses.push(c);
    }
    if (clauses.length === 1) clauses[0].optional = false;
    return clauses;
  }
  function word(w, typing) {
    var stop = stopWords.has(w), prefix = typing && w.length >= 2;
    return stop && !prefix ? null : { w: w, prefix: prefix, optional: stop };
  }
  function phrase(words) {
    var parts = [];
    words.forEach(function (w, off) { if (!stopWords.has(w)) parts.push({ w: w, off: off, next: off + 1 < words.length ? tokenHash(words[off + 1]) : -1 }); });
    if (parts.length === 1) return { w: parts[0].w, exact: true };
    return parts.length ? { parts: parts, text: words.join(" ") } : null;
  }
  // Synonyms whose phrase covers whole units from unit `u` on: { clause, end }.
  function synonymAt(units, u) {
    var best = null;
    synonyms.forEach(function (group) {
      group.forEach(function (p) {
        var k = 0, end = u;
        while (end < units.length && k < p.length) {
          var unit = units[end];
          for (var j = 0; j < unit.length; j++) if (unit[j].w !== p[k + j]) return;
          k += unit.length; end++;
        }
        if (k !== p.length || (best && best.end >= end)) return;
        var any = group.map(function (q) { return q.length > 1 ? phrase(q) : { w: q[0], exact: true }; }).filter(Boolean);
        best = { end: end, clause: { any: any, text: p.join(" ") } };
      });
    });
    return best;
  }

  // ---- Resolving clauses to index entries. Each returns null and fills `missing` when a file is
  // needed. A word's entries: { n: shard, i: index in it, kind }.
  function need(n, missing) {
    if (shards[n]) return shards[n];
    missing.push("search/t/" + n + ".js");
    return null;
  }
  function resolve(c, full, missing) {
    if (c.any) {
      var alts = c.any.map(function (a) { return resolve(a, full || c.rests, missing); });
      return alts.indexOf(null) >= 0 ? null : alts;
    }
    if (c.parts) {
      var parts = c.parts.map(function (p) { return resolveWord({ w: p.w, exact: true }, true, missing); });
      if (parts.indexOf(null) >= 0) return null;
      parts.forEach(function (es) { es.forEach(function (e) { positionsOf(e, missing); }); });
      return parts;
    }
    return resolveWord(c, full, missing);
  }
  function resolveWord(t, full, missing) {
    var found = new Map(); // "shard:index" -> entry
    function add(n, i, kind) {
      var key = n + ":" + i, old = found.get(key);
      if (!old || old.kind > kind) found.set(key, { n: n, i: i, kind: kind });
    }
    function group(n, g, kind) { var sh = shards[n]; for (var j = 0; j < sh.group.length; j++) if (sh.group[j] === g) add(n, j, kind || STEMMED); }
    var n = shardOf(t.w), sh = need(n, missing);
    if (!sh) return null;
    var i = lowerBound(sh.words, t.w);
    if (sh.words[i] === t.w) {
      add(n, i, EXACT);
      if (!t.exact) group(n, sh.group[i]);
    } else if (!t.exact && !t.optional && /^[a-z]{3,}$/.test(t.w)) {
      if (!stemmer) { missing.push("static/porter2.js"); return null; }
      var s = stemmer(t.w), sn = shardOf(s), ssh = need(sn, missing);
      if (!ssh) return null;
      var g = lowerBound(ssh.stems, s);
      if (ssh.stems[g] === s) group(sn, g);
      else if (sn + 1 < firstWords.length && firstWords[sn + 1].slice(0, 3) === s.slice(0, 3)) {
        var next = need(sn + 1, missing);
        if (!next) return null;
        g = lowerBound(next.stems, s);
        if (next.stems[g] === s) group(sn + 1, g);
      }
    }
    if (t.prefix) completions(t.w, n, missing, add);
    if (!found.size && !t.exact && !t.optional && !typos(t, missing, group)) return null;
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
      var sh = need(k, missing);
      if (!sh) continue;
      for (var i = lowerBound(sh.words, w); i < sh.words.length && sh.words[i].slice(0, w.length) === w; i++) cands.push([k, i, sh.df[i]]);
    }
    cands.sort(function (a, b) { return b[2] - a[2]; });
    cands.slice(0, MAX_COMPLETIONS).forEach(function (c) { add(c[0], c[1], PREFIX); });
  }

  // Misspellings: words of the site one edit away (two for words of 9 letters or more; an edit
  // is a letter added, dropped, changed, or two swapped), the first letter as typed, with the
  // words of their stems. They are looked for in the vocabulary files around where the word
  // would be. `t.suggest` gets the nearest word even further away (two edits from 4 letters),
  // for "Did you mean".
  function typos(t, missing, group) {
    var w = t.w, len = Array.from(w).length, strict = len >= 9 ? 2 : len >= 5 ? 1 : 0, loose = len >= 4 ? 2 : len === 3 ? 1 : 0;
    if (!loose || !vocabFirsts.length) return true;
    var first = w.charAt(0), lo = fileOf(vocabFirsts, first), hi = fileOf(vocabFirsts, first + "\uffff"), at = fileOf(vocabFirsts, w), files = [];
    for (var d = 0; files.length < TYPO_FILES && (at - d >= lo || at + d <= hi); d++) {
      if (at + d <= hi) files.push(at + d);
      if (d && at - d >= lo && files.length < TYPO_FILES) files.push(at - d);
    }
    var gaps = files.filter(function (f) { return !vocab[f]; });
    if (gaps.length) { gaps.forEach(function (f) { missing.push("search/v/" + f + ".js"); }); return false; }
    var cands = [];
    files.forEach(function (f) {
      var v = vocab[f];
      v.words.forEach(function (x, i) {
        if (x.charAt(0) !== first || Math.abs(x.length - w.length) > loose) return;
        var dist = edits(w, x, loose);
        if (dist <= loose) cands.push({ w: x, d: dist, f: VAL[v.counts.charCodeAt(i)] });
      });
    });
    cands.sort(function (a, b) { return a.d - b.d || b.f - a.f; });
    t.suggest = cands.length ? cands[0].w : null;
    var near = cands.filter(function (c) { return c.d <= strict; }).slice(0, TYPOS), ok = true;
    near.forEach(function (c) {
      var n = shardOf(c.w), sh = need(n, missing);
      if (!sh) { ok = false; return; }
      var i = lowerBound(sh.words, c.w);
      if (sh.words[i] === c.w) group(n, sh.group[i], 2 + c.d);
    });
    if (near.length) t.corrected = near[0].w;
    return ok;
  }
  // Edit distance with swaps (optimal string alignment), or max + 1 once it is past `max`.
  function edits(a, b, max) {
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1, v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < low) low = v;
      }
      if (low > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  // A word's postings: its best ones, and the others once their rest file is loaded.
  function entryPostings(e) {
    var sh = shards[e.n], p = sh.cache[e.i];
    if (!p) p = sh.cache[e.i] = postings(sh.p.substr(sh.off[e.i], sh.len[e.i]));
    var r = sh.rest[e.i];
    if (!r || rests[r[0]] === undefined) return [p];
    var rest = sh.cache["r" + e.i];
    if (!rest) rest = sh.cache["r" + e.i] = postings(rests[r[0]].substr(r[1], r[2]));
    return [p, rest];
  }
  // A word's positions by doc key (page * MAX_DOCS + doc), for phrases, each as position * 32 +
  // hash of the next word: its postings in (page, doc) order pair with its positions in
  // search/y/ (src/search/invert.rs, encode.rs), found by replaying the packing of the lengths
  // in its directory (src/search/shards.rs). Null while loading.
  function positionsOf(e, missing) {
    var sh = shards[e.n], key = "q" + e.i;
    if (sh.cache[key]) return sh.cache[key];
    var dir = dirs[Math.floor(e.n / manifest.directory)];
    if (!dir) { missing.push("search/x/" + Math.floor(e.n / manifest.directory) + ".js"); return null; }
    var entry = dir.shards[e.n % manifest.directory], file = entry[0], offset = entry[1], lengths = numbers(entry[2]), len = 0;
    for (var w = 0; w <= e.i; w++) {
      if (w) offset += len;
      len = lengths[w];
      if (offset > 0 && offset + len > dir.pack) { file++; offset = 0; }
    }
    var r = sh.rest[e.i];
    if (packs[file] === undefined) { missing.push("search/y/" + file + ".js"); return null; }
    if (r && rests[r[0]] === undefined) { missing.push("search/r/" + r[0] + ".js"); return null; }
    var keys = [];
    entryPostings(e).forEach(function (p) { for (var i = 0; i < p.length; i += 3) keys.push(p[i] * MAX_DOCS + p[i + 1]); });
    keys.sort(function (a, b) { return a - b; });
    var s = packs[file], k = offset, out = new Map();
    keys.forEach(function (docKey) {
      var list = [], at = 0, v;
      do {
        var n = 0, mul = 1;
        while ((v = VAL[s.charCodeAt(k++)]) >= 32) { n += (v - 32) * mul; mul *= 32; }
        at += n + v * mul;
        v = VAL[s.charCodeAt(k++)];
        list.push(at * 32 + (v & 31));
      } while (v < 32);
      out.set(docKey, list);
    });
    return (sh.cache[key] = out);
  }

  // ---- Ranking ----
  function fieldScore(v) { var f = v >> 3; return (f === 2 ? 100 : f === 1 ? 40 : 4) + 2 * (v & 7); }
  // The best score of each doc for one clause: an open-addressing table over typed arrays
  // (keys are page * MAX_DOCS + doc), several times faster than a Map for the tens of thousands
  // of postings of a common word.
  function Scores(n) {
    var size = 16, bits = 4;
    while (size < n * 2) { size *= 2; bits++; }
    this.mask = size - 1;
    this.shift = 32 - bits; // the product's high bits: its low ones depend on the doc alone
    this.keys = new Int32Array(size).fill(-1);
    this.vals = new Float64Array(size);
    this.titles = new Set(); // pages whose title has the clause
  }
  Scores.prototype.slot = function (key) {
    var i = Math.imul(key, 0x9E3779B1) >>> this.shift;
    while (this.keys[i] !== -1 && this.keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  };
  Scores.prototype.max = function (key, s, title) {
    var i = this.slot(key);
    if (this.keys[i] === -1) { this.keys[i] = key; this.vals[i] = s; } else if (this.vals[i] < s) this.vals[i] = s;
    if (title) this.titles.add(Math.floor(key / MAX_DOCS));
  };
  Scores.prototype.get = function (key) { var i = this.slot(key); return this.keys[i] === -1 ? 0 : this.vals[i]; };
  Scores.prototype.forEach = function (f) {
    for (var i = 0; i < this.keys.length; i++) if (this.keys[i] !== -1) f(this.keys[i], this.vals[i]);
  };

  // The score of every doc for one clause.
  function clauseScores(c, r) {
    if (c.any) {
      var tables = c.any.map(function (a, i) { return clauseScores(a, r[i]); }), n = 0;
      tables.forEach(function (t) { n += t.size; });
      var all = new Scores(n);
      tables.forEach(function (t) {
        t.forEach(function (key, s) { all.max(key, s, false); });
        t.titles.forEach(function (p) { all.titles.add(p); });
      });
      all.size = n;
      return all;
    }
    if (c.parts) return phraseScores(c, r);
    var lists = [], n2 = 0;
    r.forEach(function (e) {
      entryPostings(e).forEach(function (p) { lists.push([p, MULT[e.kind]]); n2 += p.length / 3; });
    });
    var best = new Scores(n2);
    lists.forEach(function (l) {
      var p = l[0], mult = l[1];
      for (var i = 0; i < p.length; i += 3) best.max(p[i] * MAX_DOCS + p[i + 1], fieldScore(p[i + 2]) * mult, p[i + 1] === 0 && p[i + 2] >> 3 === 2);
    });
    best.size = n2;
    return best;
  }
  // Docs where the phrase's words stand at their offsets; scored as its words together.
  function phraseScores(c, r) {
    if (r.some(function (es) { return !es.length; })) { var none = new Scores(0); none.size = 0; return none; }
    var words = r.map(function (es) {
      var e = es[0], values = new Map();
      entryPostings(e).forEach(function (p) { for (var i = 0; i < p.length; i += 3) values.set(p[i] * MAX_DOCS + p[i + 1], p[i + 2]); });
      return { values: values, at: shards[e.n].cache["q" + e.i] };
    });
    var out = new Scores(words[0].values.size);
    out.size = 0;
    words[0].values.forEach(function (v0, key) {
      var score = 0, title = true;
      for (var k = 0; k < words.length; k++) {
        var v = words[k].values.get(key);
        if (v === undefined) return;
        score += fieldScore(v);
        title = title && v >> 3 === 2;
      }
      var starts = words[0].at.get(key) || [];
      var found = starts.some(function (s0) {
        var p0 = Math.floor(s0 / 32) - c.parts[0].off;
        return c.parts.every(function (part, k) {
          return (words[k].at.get(key) || []).some(function (s) { return Math.floor(s / 32) === p0 + part.off && (part.next < 0 || s % 32 === part.next); });
        });
      });
      if (found) { out.max(key, score, title && key % MAX_DOCS === 0); out.size++; }
    });
    return out;
  }

  // Scores every doc a clause matches, adds up each page (its best doc, plus a share of its
  // other docs' scores: the word is what the page is about), and keeps the first `limit` pages
  // without sorting the rest: a common word of a big site is in tens of thousands of docs.
  // Returns { total: pages matched, top: [{ page, score, all, docs: [doc, ...] }] }.
  function rank(clauses, resolved, limit) {
    var per = clauses.map(function (c, i) { return clauseScores(c, resolved[i]); });
    var required = clauses.filter(function (c) { return !c.optional; }).length, firstChecklist = manifest.checklists;
    var n = 0;
    per.forEach(function (x) { n += x.size; });
    var docKeys = new Int32Array(n), docScores = new Float64Array(n), docAll = new Uint8Array(n), count = 0;
    var byPage = new Map(); // page -> [best, sum] for docs matching every clause, then for the others
    function visit(key, score, matched) {
      var page = Math.floor(key / MAX_DOCS), all = matched >= required ? 1 : 0;
      if (page >= firstChecklist) score *= CHECKLIST[key % MAX_DOCS ? 1 : 0];
      docKeys[count] = key; docScores[count] = score; docAll[count++] = all;
      var agg = byPage.get(page);
      if (!agg) byPage.set(page, (agg = [0, 0, 0, 0]));
      var at = all ? 0 : 2;
      agg[at] = Math.max(agg[at], score); agg[at + 1] += score;
    }
    if (per.length === 1) {
      var alone = clauses[0].optional ? 0 : 1;
      per[0].forEach(function (key, s) { visit(key, s, alone); });
    } else {
      per.forEach(function (x, xi) {
        x.forEach(function (key) {
          // Each doc once: in the first clause's table that has it.
          for (var e = 0; e < xi; e++) if (per[e].get(key) > 0) return;
          var page = Math.floor(key / MAX_DOCS), doc = key % MAX_DOCS, score = 0, matched = 0;
          per.forEach(function (y, ti) {
            var s = y.get(key) || (doc > 0 && y.titles.has(page) ? CONTEXT : 0);
            score += s;
            if (s > 0 && !clauses[ti].optional) matched++;
          });
          visit(key, score, matched);
        });
      });
    }
    var top = [];
    function before(a, b) { return a.all !== b.all ? a.all > b.all : a.score !== b.score ? a.score > b.score : a.page < b.page; }
    byPage.forEach(function (agg, page) {
      var at = agg[0] > 0 ? 0 : 2, best = agg[at];
      var h = { page: page, all: at === 0 ? 1 : 0, score: best + Math.min(SPREAD_MAX * best, SPREAD * (agg[at + 1] - best)), docs: [] };
      if (top.length === limit && !before(h, top[limit - 1])) return;
      var k = top.length;
      while (k > 0 && before(h, top[k - 1])) k--;
      top.splice(k, 0, h);
      if (top.length > limit) top.pop();
    });
    // The docs of the pages shown, best first.
    var shown = new Map();
    top.forEach(function (h) { shown.set(h.page, h); });
    for (var i = 0; i < count; i++) {
      var h = shown.get(Math.floor(docKeys[i] / MAX_DOCS));
      if (h && docAll[i] === h.all) h.docs.push([docKeys[i] % MAX_DOCS, docScores[i]]);
    }
    top.forEach(function (h) {
      h.docs.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      h.docs = h.docs.map(function (d) { return d[0]; });
    });
    return { total: byPage.size, top: top };
  }

  // Runs a query: resolves its clauses (loading index files as needed), ranks, and loads the
  // pages of the first `limit` results. `full` also loads every posting (for "more results").
  // Returns { clauses, total, shown: [result views], suggest, corrected, ms }.
  function search(q, limit, full) {
    return ready().then(function () {
      var clauses = parse(q);
      if (!clauses.length) return { clauses: clauses, total: 0, shown: [], ms: 0 };
      var required = clauses.filter(function (c) { return !c.optional; }).length;
      clauses.forEach(function (c) { c.rests = required > 1; });
      function attempt(round) {
        var missing = [], resolved = clauses.map(function (c) { return resolve(c, full, missing); });
        if (missing.length && round < 8) return Promise.all(missing.map(load)).then(function () { return attempt(round + 1); });
        if (resolved.indexOf(null) >= 0) throw new Error("the search index is incomplete; rebuild the site");
        var t0 = performance.now();
        var ranked = rank(clauses, resolved, limit);
        var ms = performance.now() - t0;
        return Promise.all(ranked.top.map(function (h) { return load("search/p/" + bundleOf(h.page) + ".js"); })).then(function () {
          var match = matcher(clauses, resolved);
          return {
            clauses: clauses, resolved: resolved, total: ranked.total, ms: ms,
            shown: ranked.top.map(function (h) { return group(h, match); }),
            corrected: spelled(clauses, "corrected"), suggest: ranked.total ? null : spelled(clauses, "suggest")
          };
        });
      }
      return attempt(0);
    });
  }
  api.search = search;

  // The query with its misspelt words replaced by `key` ("corrected" or "suggest"), or null.
  function spelled(clauses, key) {
    var any = false, words = clauses.map(function (c) {
      if (c[key]) { any = true; return c[key]; }
      return c.parts ? "\"" + c.text + "\"" : c.w || c.text;
    });
    return any ? words.join(" ") : null;
  }

  // ---- Result views: title, breadcrumb, snippet with the matched words marked ----
  function matcher(clauses, resolved) {
    var words = new Set(), prefixes = [];
    function collect(c, r) {
      if (c.any) return c.any.forEach(function (a, i) { collect(a, r[i]); });
      if (c.parts) return c.parts.forEach(function (p) { words.add(p.w); });
      r.forEach(function (e) { words.add(shards[e.n].words[e.i]); });
      words.add(c.w);
      if (c.prefix) prefixes.push(c.w);
    }
    clauses.forEach(function (c, i) { collect(c, resolved[i]); });
    return function (w) { return words.has(w) || prefixes.some(function (p) { return w.slice(0, p.length) === p; }); };
  }
  function marks(text, match) { // -> [[start, end], ...] of matched words
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) if (match(fold(m[0]))) out.push([m.index, m.index + m[0].length]);
    return out;
  }
  function group(h, match) {
    var views = h.docs.slice(0, 4).map(function (doc) { return view(h.page, doc, match); });
    return { best: views[0], more: views.slice(1) };
  }
  function view(p, d, match) {
    var page = pages[p], doc = page[2][d] || page[2][0];
    var crumbs = page[1].slice();
    if (d > 0) crumbs.push(page[2][0][1], doc[3] || "");
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
  // A result: its title, breadcrumb and snippet, each on a line of its own (`sub`: another
  // section of the page above, without breadcrumb, and in the dropdown title only). In the
  // listbox (`id`), an option.
  function resultLink(v, id, sub) {
    var a = document.createElement("a");
    a.href = v.url;
    a.className = sub ? "search-result r-sub" : "search-result";
    if (id) { a.id = id; a.setAttribute("role", "option"); a.setAttribute("aria-selected", "false"); a.tabIndex = -1; }
    a.appendChild(marked("span", "r-title", v.title, v.titleMarks));
    if (v.crumbs.length && !sub) a.appendChild(marked("span", "r-crumbs", v.crumbs.join(" \u203a "), []));
    if (v.snippet && !(sub && id)) a.appendChild(marked("span", "r-snippet", v.snippet, v.snippetMarks));
    return a;
  }
  function failure(e) { return "Search is unavailable: " + (e && e.message ? e.message : e); }
  function quoted(q) { return "\u201c" + q.trim() + "\u201d"; }
  function count(n, partial) { return n + (partial ? "+" : "") + " result" + (n === 1 && !partial ? "" : "s"); }
  // "Showing results for …" or "No results … Did you mean …?" into `note`; `retry` runs the
  // suggestion when its link is followed.
  function explain(note, q, r, retry) {
    note.textContent = "";
    var say = function (t) { note.appendChild(document.createTextNode(t)); };
    var fix = r.shown.length ? r.corrected : r.suggest;
    if (!r.shown.length) say("No results for " + quoted(q) + (fix ? ". Did you mean " : ""));
    else if (fix) say("Showing results for ");
    if (fix) {
      var a = document.createElement("a");
      a.href = searchPage(fix);
      a.textContent = fix;
      a.addEventListener("click", function (e) { e.preventDefault(); retry(fix); });
      note.appendChild(a);
      if (!r.shown.length) say("?");
    }
    note.hidden = !note.firstChild;
  }
  function searchPage(q) { return root + "search/index.html?q=" + encodeURIComponent(q.trim()); }

  // ---- The header box: an ARIA 1.2 combobox. Focus stays in the input; the arrow keys move
  // the active option (aria-activedescendant) through the listbox, which holds options only.
  var input = document.getElementById("search-input"), popup = document.getElementById("search-popup");
  var box = document.getElementById("search-results"), note = document.getElementById("search-note");
  var all = document.getElementById("search-all"), live = document.getElementById("search-live");
  var DROPDOWN = 7, SUBS = 2, active = -1, generation = 0, timer = 0;
  function options() { return box.querySelectorAll("[role=option]"); }
  function open(show) {
    popup.hidden = !show;
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
  function show(q, r) {
    select(-1);
    box.textContent = "";
    var n = 0;
    r.shown.forEach(function (g) {
      box.appendChild(resultLink(g.best, "search-option-" + n++));
      g.more.slice(0, SUBS).forEach(function (v) { box.appendChild(resultLink(v, "search-option-" + n++, true)); });
    });
    box.hidden = !n;
    explain(note, q, r, function (fix) { input.value = fix; update(); });
    all.hidden = !n;
    all.href = searchPage(q);
    all.textContent = "All results for " + quoted(q);
    live.textContent = n ? count(r.total) + " for " + quoted(q) : note.textContent;
  }
  function update() {
    var q = input.value, mine = ++generation;
    if (!q.trim()) { box.textContent = ""; open(false); return; }
    search(q, DROPDOWN, false).then(function (r) {
      if (mine !== generation) return;
      if (!r.clauses.length) { open(false); return; }
      show(q, r);
      popup.setAttribute("data-query", q);
      open(document.activeElement === input || popup.contains(document.activeElement));
    }, function (e) {
      if (mine !== generation) return;
      box.textContent = "";
      box.hidden = all.hidden = true;
      note.textContent = failure(e);
      note.hidden = false;
      open(true);
    });
  }
  if (input && popup) {
    // Phones have no "/" key to press.
    if (window.matchMedia && matchMedia("(pointer: coarse)").matches) input.placeholder = "Search";
    // On a phone the open search covers the header; this button gives the header back.
    var close = document.querySelector(".search-close");
    if (close) close.addEventListener("click", function () { open(false); document.activeElement.blur(); });
    input.addEventListener("focus", function () { ready().catch(function () {}); if (box.childNodes.length && input.value.trim()) open(true); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 30); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (popup.hidden && input.value.trim()) open(true);
        select(active + (e.key === "ArrowDown" ? 1 : -1));
        e.preventDefault();
      } else if (e.key === "Enter" && !e.isComposing) {
        // The active result, else the search page for the query.
        e.preventDefault();
        if (active >= 0 && !popup.hidden) window.location.href = options()[active].href;
        else if (input.value.trim()) window.location.href = searchPage(input.value);
      } else if (e.key === "Escape") {
        if (!popup.hidden) open(false); else input.blur();
        e.preventDefault();
      }
    });
    // Focus leaving the search (Tab past its links, a tap elsewhere) closes it.
    document.addEventListener("click", function (e) { if (!popup.contains(e.target) && e.target !== input) open(false); });
    document.addEventListener("focusin", function (e) { if (!popup.contains(e.target) && e.target !== input) open(false); });
    document.addEventListener("keydown", function (e) {
      var t = e.target, editing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") || (e.key === "/" && !editing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  // ---- The search page (search/index.html?q=...): results grouped by page, each with the other
  // sections of its page that match.
  var pageInput = document.getElementById("search-page-input");
  if (pageInput) {
    var list = document.querySelector(".search-page-results"), status = document.querySelector(".search-status");
    var pageNote = document.querySelector(".search-note"), more = document.querySelector(".search-more");
    var PAGE = 20, limit = PAGE, pageGen = 0, full = false;
    var runPage = function () {
      var q = pageInput.value, mine = ++pageGen;
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(q)); } catch (e) { /* file:// may refuse */ }
      if (!q.trim()) { list.textContent = ""; status.textContent = ""; pageNote.hidden = more.hidden = true; return; }
      status.textContent = "Searching\u2026";
      search(q, limit, full).then(function (r) {
        if (mine !== pageGen) return;
        list.textContent = "";
        r.shown.forEach(function (g) {
          var li = document.createElement("li");
          li.appendChild(resultLink(g.best));
          if (g.more.length) {
            var subs = document.createElement("ul");
            subs.className = "r-subs";
            g.more.forEach(function (v) { var s = document.createElement("li"); s.appendChild(resultLink(v, null, true)); subs.appendChild(s); });
            li.appendChild(subs);
          }
          list.appendChild(li);
        });
        var partial = !full && hasRest(r.resolved);
        explain(pageNote, q, r, function (fix) { pageInput.value = fix; limit = PAGE; full = false; runPage(); });
        status.textContent = r.total ? count(r.total, partial) + " for " + quoted(q) : pageNote.hidden ? "No results for " + quoted(q) : "";
        more.hidden = !(r.total > limit || partial);
      }, function (e) { if (mine === pageGen) status.textContent = failure(e); });
    };
    var hasRest = function (resolved) {
      var found = false;
      (function walk(x) {
        if (Array.isArray(x)) x.forEach(walk);
        else if (x && x.n !== undefined && shards[x.n].rest[x.i]) found = true;
      })(resolved);
      return found;
    };
    pageInput.value = new URLSearchParams(window.location.search).get("q") || "";
    pageInput.form.addEventListener("submit", function (e) { e.preventDefault(); limit = PAGE; full = false; runPage(); });
    pageInput.addEventListener("input", function () { limit = PAGE; full = false; clearTimeout(timer); timer = setTimeout(runPage, 30); });
    more.addEventListener("click", function () { limit += PAGE; full = true; runPage(); });
    runPage();
  }
})();
