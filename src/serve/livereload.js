// playbook serve: live reload. Injected by the preview server into every HTML page it serves;
// never part of `playbook build` output. Long-polls /__playbook/reload for the next build.
// When the build changed this page, the changed parts are swapped in place (so the page keeps
// its scroll position and its scripts' state; the server sends the page's new HTML with the
// news, so no second request is needed); when that is not safe, the page reloads and
// scrolls back. A CSS-only change swaps the stylesheets. A failed build shows its errors in an
// overlay, kept until a good build, which reloads the page.
(function () {
  "use strict";
  var me = document.currentScript;
  var generation = Number(me && me.getAttribute("data-generation")) || 0;
  var file = (me && me.getAttribute("data-file")) || "";
  var SCROLL_KEY = "playbook:livereload:scroll";
  var OVERLAY_ID = "playbook-build-error";
  var state = window.playbookLiveReload = { generation: generation, updates: 0 };
  // The HTML this page was built from, to tell what a new build changed; `null` when unknown.
  // `parsed` is the same, parsed (once: parsing is most of a patch's time on a long page).
  var source = null, parsed = null;
  var SELF = "script[src='/__playbook/livereload.js']";
  // Elements that scripts may hold or have changed: never swapped in place.
  var STATEFUL = "script,input,select,textarea,button,details,dialog,form,iframe,object,embed,video,audio,canvas,[data-checklist]";

  // Wall-clock milliseconds, as `PLAYBOOK_TIMINGS` and bench/serve_latency.py count them.
  function now() { return performance.timeOrigin + performance.now(); }

  function restoreScroll() {
    var saved;
    try { saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null"); sessionStorage.removeItem(SCROLL_KEY); } catch (e) { return; }
    if (!saved || saved.path !== location.pathname) return;
    var apply = function () { window.scrollTo(saved.x, saved.y); };
    if (document.readyState === "complete") apply(); else window.addEventListener("load", apply);
    apply();
  }

  function reload() {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ path: location.pathname, x: window.scrollX, y: window.scrollY }));
    } catch (e) { /* storage may be off */ }
    location.reload();
  }

  // New stylesheets are loaded beside the old ones, which go once the new ones are in, so the
  // page never shows unstyled.
  function swapStylesheets(gen) {
    var links = document.querySelectorAll("link[rel~='stylesheet']");
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("playbook-reload", String(gen));
      var fresh = link.cloneNode();
      fresh.href = url.href;
      var done = function () { if (link.parentNode) link.parentNode.removeChild(link); };
      fresh.addEventListener("load", done);
      fresh.addEventListener("error", done);
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  function snapshot() {
    if (!file) return;
    fetch(location.href, { cache: "no-store" }).then(function (r) {
      // Only the very build this page shows will do.
      return r.ok && r.headers.get("X-Playbook-Generation") === String(state.generation) ? r.text() : null;
    }).then(function (text) { if (text !== null && source === null) source = text; }, function () {});
  }

  // Swaps in what changed in the page's new build (sent with the status when the server
  // could, else fetched); reloads when that is not safe.
  function update(status) {
    if (source === null) return reload();
    var page = typeof status.page === "string" ? Promise.resolve(status.page) :
      fetch(location.href, { cache: "no-store" }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      });
    page.then(function (text) {
      state.timings.fetched = now();
      if (!patch(text)) return reload();
      state.timings.patched = now();
      source = text;
      state.updates++;
      document.dispatchEvent(new CustomEvent("playbook:updated"));
      settle(status);
    }).catch(reload);
  }

  // Patches the page from `parsed` (its build) to `newText`; false when that is not safe.
  function patch(newText) {
    var parser = new DOMParser();
    var before = parsed || parser.parseFromString(source, "text/html");
    var after = parser.parseFromString(newText, "text/html");
    parsed = before;
    var a = before.querySelector(SELF), b = after.querySelector(SELF);
    if (a && b) b.setAttribute("data-generation", a.getAttribute("data-generation"));
    if (!sameHead(before.head, after.head)) return false;
    var patches = [];
    if (!diff(before.body, after.body, document.body, patches)) return false;
    patches.forEach(function (p) {
      p.insert.forEach(function (n) { p.parent.insertBefore(document.importNode(n, true), p.before); });
      p.remove.forEach(function (n) { p.parent.removeChild(n); });
    });
    if (document.title !== after.title) document.title = after.title;
    parsed = after;
    return true;
  }

  function sameHead(a, b) {
    var x = [].filter.call(a.children, function (e) { return e.tagName !== "TITLE"; });
    var y = [].filter.call(b.children, function (e) { return e.tagName !== "TITLE"; });
    return x.length === y.length && x.every(function (e, i) { return e.isEqualNode(y[i]); });
  }

  function sameAttributes(a, b) {
    if (a.attributes.length !== b.attributes.length) return false;
    return [].every.call(a.attributes, function (at) { return b.getAttribute(at.name) === at.value; });
  }

  function stateful(n) { return n.nodeType === 1 && (n.matches(STATEFUL) || !!n.querySelector(STATEFUL)); }

  // Compares the old and new build of a node (`o`, `n`) and plans the smallest swap in the
  // live node. False when the live page differs from the old build there, or the swap would
  // touch something a script may hold.
  function diff(o, n, live, patches) {
    if (o.isEqualNode(n)) return true;
    if (!live || live.nodeName !== o.nodeName) return false;
    if (o.nodeType === 1 && n.nodeType === 1 && o.nodeName === n.nodeName && sameAttributes(o, n)) return diffChildren(o, n, live, patches);
    if (o.nodeName === "BODY" || !live.isEqualNode(o) || stateful(o) || stateful(n)) return false;
    patches.push({ parent: live.parentNode, remove: [live], insert: [n], before: live.nextSibling });
    return true;
  }

  function diffChildren(o, n, live, patches) {
    var oc = o.childNodes, nc = n.childNodes, lc = live.childNodes;
    if (lc.length !== oc.length) return false;
    var start = 0, oe = oc.length, ne = nc.length;
    while (start < oe && start < ne && oc[start].isEqualNode(nc[start])) start++;
    while (oe > start && ne > start && oc[oe - 1].isEqualNode(nc[ne - 1])) { oe--; ne--; }
    if (oe - start === 1 && ne - start === 1) return diff(oc[start], nc[start], lc[start], patches);
    var remove = [], insert = [];
    for (var i = start; i < oe; i++) {
      if (!lc[i].isEqualNode(oc[i]) || stateful(oc[i])) return false;
      remove.push(lc[i]);
    }
    for (var j = start; j < ne; j++) {
      if (stateful(nc[j])) return false;
      insert.push(nc[j]);
    }
    patches.push({ parent: live, remove: remove, insert: insert, before: lc[oe] || null });
    return true;
  }

  function isSearchData(p) { return /^search\/.*\.js$/.test(p); }

  // Does a change to these output files (relative to the site folder) need this page reloaded?
  // Other pages and data files do not, nor the search index (search/*.js, which the search box
  // loads when used), nor the manifest of what changed (static/changes.js, read once when a
  // page opens); anything else this page may load (scripts, images) does.
  function affects(changed) {
    if (!changed || !file) return true;
    return changed.some(function (p) {
      return p === file || !/\.(html|json|xml|md|txt|css)$/.test(p) && !isSearchData(p) && p !== "static/changes.js";
    });
  }

  function overlay() { return document.getElementById(OVERLAY_ID); }

  function showErrors(problems) {
    var box = overlay();
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
        "margin:0;padding:1rem 1.25rem;background:#2b0b0e;color:#fde8e8;border-top:4px solid #e5484d;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 24px rgba(0,0,0,.35)";
      (document.body || document.documentElement).appendChild(box);
    }
    box.textContent = "";
    var head = document.createElement("div");
    head.style.cssText = "display:flex;justify-content:space-between;gap:1rem;font-weight:bold;margin-bottom:.5rem";
    var title = document.createElement("span");
    title.textContent = "Build failed: the page shows the last good version. Fix the problem and save; this page updates by itself.";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Hide");
    close.style.cssText = "background:none;border:0;color:inherit;font:inherit;font-size:18px;cursor:pointer";
    close.addEventListener("click", function () { box.style.display = "none"; });
    head.appendChild(title);
    head.appendChild(close);
    box.appendChild(head);
    problems.forEach(function (p) {
      var row = document.createElement("pre");
      row.className = "playbook-problem";
      row.style.cssText = "margin:.25rem 0;white-space:pre-wrap;font:inherit";
      var where = p.file ? p.file + (p.line ? ":" + p.line + (p.col ? ":" + p.col : "") : "") + ": " : "";
      row.textContent = where + p.message + (p.hint ? "\n  hint: " + p.hint : "");
      box.appendChild(row);
    });
  }

  function handle(status) {
    var hadErrors = !!overlay();
    if (status.error) {
      showErrors(status.error);
    } else if (hadErrors) {
      overlay().remove();
      return reload();
    } else if (status.generation !== generation) {
      // A search already made read the old index: the next one reads the new.
      var search = window.playbookSearch;
      if (search && search.reset && (!status.changed || status.changed.some(isSearchData))) search.reset();
      if (status.css_only) swapStylesheets(status.generation);
      else if (affects(status.changed)) {
        state.timings = { status: status.received };
        return update(status);
      }
    }
    settle(status);
  }

  function settle(status) {
    generation = state.generation = status.generation;
    poll(true);
  }

  var failures = 0;
  function poll(wait) {
    // Naming its file lets the server send the page's new build with the news.
    var url = "/__playbook/reload?since=" + generation + (file ? "&file=" + encodeURIComponent(file) : "") + (wait ? "" : "&wait=0");
    fetch(url, { cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (status) {
      status.received = now();
      if (failures > 0 && status.generation !== generation) return reload(); // the server restarted
      failures = 0;
      handle(status);
    }, function () {
      // The server is stopped or restarting: try again, more slowly.
      failures++;
      setTimeout(function () { poll(false); }, Math.min(5000, 250 * failures));
    });
  }

  restoreScroll();
  snapshot();
  poll(false);
})();
