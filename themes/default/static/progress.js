// playbook: what the reader has done and seen, across pages. Uses checklist.js's store
// (`window.playbookStore`) for ticks, answers and plan start dates, and keeps what the reader
// has seen under "playbook:<site id>:seen" (never sent anywhere):
//   base   every page's fingerprint when this browser first came (or marked all as seen)
//   pages  page folder -> the fingerprint the reader last opened
//   items  checklist id -> item id -> the fingerprint of the item last shown
//   read   page folder -> the fingerprint of the page when read to its end (reading marks)
// Here: "new"/"changed" marks on pages and checklist items, the "What's new" page, reading
// marks in the sidebar, and the "My progress" page with its export, import and "This week".
(function () {
  "use strict";
  var store = window.playbookStore;
  if (!store) return;
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var manifest = (window.playbookChanges && window.playbookChanges.pages) || {};
  var SEEN = "playbook:" + store.site + ":seen";

  function readSeen() {
    try {
      var v = JSON.parse(localStorage.getItem(SEEN) || "null");
      if (v && typeof v === "object") return v;
    } catch (e) { /* unreadable or unavailable: start afresh */ }
    return null;
  }
  function writeSeen(v) {
    try { localStorage.setItem(SEEN, JSON.stringify(v)); } catch (e) { /* checklist.js says so */ }
  }
  // The first visit sees the whole site as it is: nothing is "new" to a new reader.
  var seen = readSeen();
  if (!seen) {
    seen = { base: manifest, pages: {}, items: {}, read: {} };
    writeSeen(seen);
  }
  seen.pages = seen.pages || {};
  seen.items = seen.items || {};
  seen.read = seen.read || {};
  seen.base = seen.base || {};
  function lastSeen(url) { return url in seen.pages ? seen.pages[url] : seen.base[url]; }
  // "new", "changed" or "" for a page folder with fingerprint `hash`.
  function status(url, hash) {
    var was = lastSeen(url);
    if (was === undefined) return "new";
    return was === hash ? "" : "changed";
  }
  function badge(text, cls) {
    var s = document.createElement("span");
    s.className = "change-badge " + cls;
    s.textContent = text;
    return s;
  }

  // This page: marked when it changed since the reader last opened it, then remembered.
  // Its fingerprint comes from the manifest, not the page, so a live edit in `playbook serve`
  // can swap the page in place.
  var url = body.getAttribute("data-page"), hash = url !== null && manifest[url];
  if (hash) {
    var st = status(url, hash);
    var h1 = document.querySelector("main h1");
    if (st && h1 && !h1.querySelector(".change-badge")) {
      h1.appendChild(document.createTextNode(" "));
      h1.appendChild(badge(st === "new" ? "New since your last visit" : "Changed since your last visit", "is-" + st));
    }
    seen.pages[url] = hash;
    writeSeen(seen);
    if (body.hasAttribute("data-reading-marks")) watchReading(url, hash);
  }

  // Checklist items new or changed since this browser last showed the checklist.
  Array.prototype.forEach.call(document.querySelectorAll("section[data-checklist]"), function (section) {
    var id = section.getAttribute("data-checklist");
    var before = seen.items[id], now = {};
    Array.prototype.forEach.call(section.querySelectorAll("li[data-hash]"), function (li) {
      var control = li.querySelector("[data-item], [data-answer]");
      if (!control) return;
      var item = control.getAttribute("data-item") || control.getAttribute("data-answer");
      var hash = li.getAttribute("data-hash");
      now[item] = hash;
      if (!before || before[item] === hash) return;
      var text = li.querySelector(".item-text");
      if (text && !li.querySelector(".change-badge")) {
        text.appendChild(document.createTextNode(" "));
        text.appendChild(badge(item in before ? "changed" : "new", item in before ? "is-changed" : "is-new"));
      }
    });
    seen.items[id] = now;
  });
  writeSeen(seen);

  // Reading marks: a chapter read to its end is marked in the sidebar, until it changes.
  function watchReading(url, hash) {
    var watch = document.querySelector(".site-footer");
    if (!watch || !("IntersectionObserver" in window)) return;
    var io = new IntersectionObserver(function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; })) return;
      seen.read[url] = hash;
      writeSeen(seen);
      io.disconnect();
      markSidebar();
    });
    io.observe(watch);
  }
  function pageOf(href) {
    try {
      var base = new URL(root || "./", location.href);
      var abs = new URL(href, location.href);
      if (abs.href.indexOf(base.href) !== 0) return null;
      return abs.href.slice(base.href.length).replace(/index\.html$/, "");
    } catch (e) { return null; }
  }
  function markSidebar() {
    if (!body.hasAttribute("data-reading-marks")) return;
    Array.prototype.forEach.call(document.querySelectorAll(".sidebar a[href]"), function (a) {
      var url = pageOf(a.getAttribute("href"));
      var old = a.querySelector(".read-mark");
      if (old) a.removeChild(old);
      if (url === null || !(url in seen.read)) return;
      var changed = url in manifest && manifest[url] !== seen.read[url];
      var m = document.createElement("span");
      m.className = "read-mark" + (changed ? " is-changed" : "");
      m.textContent = changed ? " (read, changed since)" : " (read)";
      a.appendChild(m);
    });
  }
  markSidebar();
  document.addEventListener("playbook:nav-tree", markSidebar);

  // "What's new": the rows new or changed since the reader's last visit, first.
  var since = document.querySelector(".whats-new .since");
  if (since) {
    var list = since.querySelector(".since-list"), count = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".all-changes li[data-page]"), function (li) {
      var st = status(li.getAttribute("data-page"), li.getAttribute("data-hash"));
      if (!st) return;
      var copy = li.cloneNode(true);
      copy.appendChild(document.createTextNode(" "));
      copy.appendChild(badge(st, "is-" + st));
      list.appendChild(copy);
      count++;
    });
    since.hidden = false;
    since.querySelector(".since-empty").hidden = count > 0;
    var all = since.querySelector(".mark-all-seen");
    all.hidden = count === 0;
    all.addEventListener("click", function () {
      seen.base = manifest;
      seen.pages = {};
      writeSeen(seen);
      list.textContent = "";
      since.querySelector(".since-empty").hidden = false;
      all.hidden = true;
    });
  }

  // "My progress".
  var page = document.querySelector(".progress-page");
  if (!page) return;
  var data = [];
  try { data = JSON.parse(document.getElementById("playbook-lists").textContent); } catch (e) { data = []; }
  var message = page.querySelector(".progress-message");
  function say(text) { message.textContent = text; }
  function problem() {
    var p = store.problem();
    var box = page.querySelector(".storage-problem");
    if (p && box) {
      box.textContent = "Your progress cannot be saved in this browser: " + p + ". Export it to keep it.";
      box.hidden = false;
    }
  }

  function isDone(list, item) {
    return item[1] ? !!(list.answers[item[0]] || "").trim() : !!list.ticks[item[0]];
  }
  function load(l) {
    return { ticks: store.ticks(l.id), answers: store.answers(l.id), changed: store.changed(l.id), start: store.start(l.id) };
  }
  function lastChange(changed) {
    var max = 0;
    for (var k in changed) if (+changed[k] > max) max = +changed[k];
    return max;
  }
  function render() {
    var today = store.today(), week = store.addDays(today, 6);
    var due = [], late = [];
    data.forEach(function (l) {
      var s = load(l);
      var row = page.querySelector("tr[data-list='" + l.id.replace(/'/g, "\\'") + "']");
      var done = l.items.filter(function (it) { return isDone(s, it); }).length;
      if (row) {
        row.querySelector(".progress-done").textContent = done + " of " + l.items.length + " done";
        var when = lastChange(s.changed);
        row.querySelector(".progress-when").textContent = when ? store.showDate(new Date(when), true) : (done ? "Before this version" : "Not started");
      }
      var start = store.parseDate(s.start);
      if (!start) return;
      l.items.forEach(function (it) {
        if (!it[3] || isDone(s, it)) return;
        var on = store.addDays(start, it[3] - 1);
        var entry = { list: l, item: it, on: on };
        if (on < today) late.push(entry); else if (on <= week) due.push(entry);
      });
    });
    var box = page.querySelector(".this-week-body");
    box.textContent = "";
    var started = data.some(function (l) { return store.parseDate(store.start(l.id)); });
    if (!started) {
      var p0 = document.createElement("p");
      p0.textContent = "Start a dated plan to see here what is due this week and what is overdue.";
      box.appendChild(p0);
      return;
    }
    [["Overdue", late], ["Due in the next seven days", due]].forEach(function (group) {
      var h = document.createElement("h3");
      h.textContent = group[0] + " (" + group[1].length + ")";
      box.appendChild(h);
      if (!group[1].length) {
        var none = document.createElement("p");
        none.textContent = "Nothing.";
        box.appendChild(none);
        return;
      }
      var ul = document.createElement("ul");
      ul.className = "this-week-list";
      group[1].sort(function (a, b) { return a.on - b.on; }).forEach(function (e) {
        var li = document.createElement("li");
        var t = document.createElement("time");
        t.setAttribute("datetime", store.iso(e.on));
        t.textContent = store.showDate(e.on);
        var a = document.createElement("a");
        a.href = root + e.list.href + "#" + e.item[0];
        a.textContent = e.item[4] || e.item[0];
        li.appendChild(t);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(a);
        li.appendChild(document.createTextNode(" (" + e.list.title + ")"));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
  }

  // Export: every list this browser keeps something for, including checklists this build
  // no longer has, so nothing is lost on the way.
  function snapshot() {
    var lists = {};
    store.storedIds().forEach(function (id) {
      lists[id] = { ticks: store.ticks(id), answers: store.answers(id), plan: store.read("plan", id), changed: store.changed(id) };
    });
    return { format: "playbook-progress", version: 1, site: store.site, exported: new Date().toISOString(), lists: lists };
  }
  function exportText() { return JSON.stringify(snapshot(), null, 2) + "\n"; }

  function titleOf(id) {
    for (var i = 0; i < data.length; i++) if (data[i].id === id) return data[i].title;
    return id + " (not in this version of the playbook)";
  }
  function obj(v) { return v && typeof v === "object" && !Array.isArray(v) ? v : {}; }
  // What importing `file` would do: for each entry the newer side wins; an entry without a
  // time (older exports, ticks from before times were kept) counts as older than any change.
  function plan(file) {
    if (!file || file.format !== "playbook-progress" || typeof file.lists !== "object") {
      throw new Error("this is not a progress file exported from a playbook");
    }
    var writes = [], kept = 0, lines = [];
    Object.keys(file.lists).forEach(function (id) {
      var theirs = obj(file.lists[id]);
      var tTicks = obj(theirs.ticks), tAnswers = obj(theirs.answers), tPlan = obj(theirs.plan), tChanged = obj(theirs.changed);
      var mine = { ticks: store.ticks(id), answers: store.answers(id), plan: store.read("plan", id), changed: store.changed(id) };
      var next = { ticks: JSON.parse(JSON.stringify(mine.ticks)), answers: JSON.parse(JSON.stringify(mine.answers)), plan: JSON.parse(JSON.stringify(mine.plan)), changed: JSON.parse(JSON.stringify(mine.changed)) };
      var what = { ticked: 0, unticked: 0, answers: 0, start: false };
      function take(entry, has, same, apply) {
        if (!has || same) return;
        var a = +tChanged[entry] || 0, b = +mine.changed[entry] || 0;
        var mineHas = entry in mine.changed || (entry.indexOf("tick:") === 0 && entry.slice(5) in mine.ticks) || (entry.indexOf("answer:") === 0 && !!mine.answers[entry.slice(7)]) || (entry === "start" && !!mine.plan.start);
        if (mineHas && a <= b) { kept++; return; }
        apply();
        if (a) next.changed[entry] = a;
      }
      Object.keys(tTicks).forEach(function (item) {
        var on = tTicks[item] ? 1 : 0;
        take("tick:" + item, true, (mine.ticks[item] ? 1 : 0) === on && item in mine.ticks, function () {
          next.ticks[item] = on;
          if (on) what.ticked++; else what.unticked++;
        });
      });
      Object.keys(tAnswers).forEach(function (item) {
        var text = String(tAnswers[item] || "");
        take("answer:" + item, true, (mine.answers[item] || "") === text, function () {
          next.answers[item] = text;
          what.answers++;
        });
      });
      if (typeof tPlan.start === "string" || "start" in tChanged) {
        take("start", true, (mine.plan.start || null) === (tPlan.start || null), function () {
          if (tPlan.start) next.plan.start = tPlan.start; else delete next.plan.start;
          what.start = true;
        });
      }
      var parts = [];
      if (what.ticked) parts.push(what.ticked + " ticked");
      if (what.unticked) parts.push(what.unticked + " unticked");
      if (what.answers) parts.push(what.answers + (what.answers === 1 ? " answer" : " answers"));
      if (what.start) parts.push("start date " + (next.plan.start || "removed"));
      if (parts.length) {
        lines.push(titleOf(id) + ": " + parts.join(", "));
        writes.push({ id: id, next: next });
      }
    });
    if (kept) lines.push(kept === 1 ? "1 item is newer in this browser and stays as it is" : kept + " items are newer in this browser and stay as they are");
    return { writes: writes, lines: lines };
  }
  function apply(p) {
    var undo = snapshot();
    var ok = p.writes.every(function (w) {
      return store.write("checklist", w.id, w.next.ticks) && store.write("answers", w.id, w.next.answers) &&
        store.write("plan", w.id, w.next.plan) && store.write("changed", w.id, w.next.changed);
    });
    return { ok: ok, undo: undo };
  }
  // Puts back a snapshot: every list it has, and empties those it did not have.
  function restore(snap) {
    var keep = snap.lists || {}, ids = {};
    store.storedIds().concat(Object.keys(keep)).forEach(function (id) { ids[id] = 1; });
    Object.keys(ids).forEach(function (id) {
      var l = keep[id] || {};
      store.write("checklist", id, l.ticks || {});
      store.write("answers", id, l.answers || {});
      store.write("plan", id, l.plan || {});
      store.write("changed", id, l.changed || {});
    });
  }

  var pending = null, lastUndo = null;
  var preview = page.querySelector(".import-preview");
  var undoButton = page.querySelector(".progress-undo");
  function showPreview(text) {
    var p;
    try { p = plan(JSON.parse(text)); } catch (e) {
      say("Nothing imported: " + (e instanceof SyntaxError ? "the file is not JSON" : e.message) + ".");
      return;
    }
    var ul = preview.querySelector(".import-changes");
    ul.textContent = "";
    p.lines.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      ul.appendChild(li);
    });
    if (!p.writes.length) {
      say("Nothing to import: this browser already has everything in the file" + (p.lines.length ? " (" + p.lines.join("; ") + ")." : "."));
      preview.hidden = true;
      return;
    }
    pending = p;
    preview.hidden = false;
    preview.focus();
    say("");
  }
  page.querySelector(".progress-export").addEventListener("click", function () {
    store.download("playbook-progress-" + store.iso(store.today()) + ".json", "application/json", exportText());
    say("Exported every tick, answer and plan start date this browser keeps.");
  });
  page.querySelector(".progress-import").addEventListener("change", function (ev) {
    var f = ev.target.files && ev.target.files[0];
    if (!f) return;
    var reader = new FileReader();
    reader.onload = function () { showPreview(String(reader.result)); ev.target.value = ""; };
    reader.onerror = function () { say("Nothing imported: the file could not be read."); };
    reader.readAsText(f);
  });
  preview.querySelector(".import-apply").addEventListener("click", function () {
    if (!pending) return;
    var r = apply(pending);
    lastUndo = r.undo;
    pending = null;
    preview.hidden = true;
    undoButton.hidden = false;
    say(r.ok ? "Imported." : "Only part of the file could be saved: " + store.problem() + ".");
    render();
  });
  preview.querySelector(".import-cancel").addEventListener("click", function () {
    pending = null;
    preview.hidden = true;
    say("Nothing imported.");
  });
  undoButton.addEventListener("click", function () {
    if (!lastUndo) return;
    restore(lastUndo);
    lastUndo = null;
    undoButton.hidden = true;
    say("The import is undone.");
    render();
  });
  window.playbookProgress = { exportText: exportText, preview: showPreview };
  render();
  problem();
  window.addEventListener("storage", render);
})();
