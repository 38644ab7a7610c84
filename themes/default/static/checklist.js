// playbook: checklists in the reader's browser. Everything is kept in localStorage under
// "playbook:<site id>:<kind>:<checklist id>", each value a map by item id, so ticks survive
// reordering and are shared by a checklist's page, every chapter that embeds it and the print
// pages:
//   checklist  ticks: item -> 1 (ticked) or 0 (unticked on purpose)
//   answers    worksheet answers: item -> text
//   plan       a dated plan: "start" -> YYYY-MM-DD
//   changed    when each entry last changed (ms): "tick:<item>", "answer:<item>", "start"
// Also here: dated plans (dates, due this week, overdue, a calendar file), share links (a
// checklist's state in the URL fragment, never sent to a server), a blank print, Markdown
// with the reader's answers, and storage problems shown to the reader. progress.js reads
// and writes the same entries through `window.playbookStore`. No network; works from file://.
(function () {
  "use strict";
  var body = document.body;
  var site = body.getAttribute("data-store") || "playbook";
  var prefix = "playbook:" + site + ":";
  var KINDS = ["checklist", "answers", "plan", "changed"];
  var problem = null;

  function key(kind, id) { return prefix + kind + ":" + id; }
  function empty(o) { for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return false; return true; }
  function read(kind, id) {
    try {
      var v = JSON.parse(localStorage.getItem(key(kind, id)) || "{}");
      return v && typeof v === "object" ? v : {};
    } catch (e) {
      if (e instanceof SyntaxError) return {};
      fail(e);
      return {};
    }
  }
  function write(kind, id, value) {
    try {
      if (empty(value)) localStorage.removeItem(key(kind, id));
      else localStorage.setItem(key(kind, id), JSON.stringify(value));
      return true;
    } catch (e) {
      fail(e);
      return false;
    }
  }
  function touch(id, entry, when) {
    var t = read("changed", id);
    t[entry] = when || Date.now();
    write("changed", id, t);
  }

  // Storage that does not work is said, on every checklist of the page: ticks that vanish on
  // the next visit are worse than ticks that were never offered.
  function fail(e) {
    var full = e && (e.name === "QuotaExceededError" || e.code === 22 || e.code === 1014);
    problem = full
      ? "this browser's storage for this site is full"
      : "this browser does not let this page keep data (a private window or a privacy setting)";
    showProblem();
  }
  function showProblem() {
    if (!problem) return;
    var root = body.getAttribute("data-root") || "";
    Array.prototype.forEach.call(document.querySelectorAll(".storage-problem"), function (p) {
      p.textContent = "";
      p.appendChild(document.createTextNode("Your ticks and answers cannot be saved: " + problem +
        ". They will be gone when you leave this page. To keep them, use Export on "));
      var a = document.createElement("a");
      a.href = root + "progress/index.html";
      a.textContent = "My progress";
      p.appendChild(a);
      p.appendChild(document.createTextNode(" before you leave."));
      p.hidden = false;
    });
  }
  try {
    localStorage.setItem(prefix + "probe", "1");
    localStorage.removeItem(prefix + "probe");
  } catch (e) {
    fail(e);
  }

  // The site at this address used another id before (its title changed, or `id` was set in
  // site.toml): what the reader kept under the old one is copied over once, merged with what
  // they did since. The old entries stay, in case another site still uses that id.
  (function moveFromOldId() {
    try {
      var here = "playbook:site:" + new URL(body.getAttribute("data-root") || "./", location.href).href;
      var before = localStorage.getItem(here);
      if (before && before !== site) {
        var from = "playbook:" + before + ":", keys = [];
        for (var i = 0; i < localStorage.length; i++) {
          var k = localStorage.key(i) || "";
          var kind = k.slice(from.length).split(":")[0];
          if (k.indexOf(from) === 0 && KINDS.indexOf(kind) >= 0) keys.push(k);
        }
        keys.forEach(function (k) {
          var rest = k.slice(from.length), colon = rest.indexOf(":");
          var kind = rest.slice(0, colon), id = rest.slice(colon + 1);
          var old = JSON.parse(localStorage.getItem(k) || "{}") || {};
          var now = JSON.parse(localStorage.getItem(key(kind, id)) || "{}") || {};
          Object.keys(old).forEach(function (item) { if (!(item in now)) now[item] = old[item]; });
          localStorage.setItem(key(kind, id), JSON.stringify(now));
        });
      }
      if (before !== site) localStorage.setItem(here, site);
    } catch (e) { /* said by the probe above */ }
  })();

  // Every checklist id this browser keeps something for.
  function storedIds() {
    var ids = {};
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i) || "";
        if (k.indexOf(prefix) !== 0) continue;
        var rest = k.slice(prefix.length), colon = rest.indexOf(":");
        if (colon > 0 && KINDS.indexOf(rest.slice(0, colon)) >= 0) ids[rest.slice(colon + 1)] = 1;
      }
    } catch (e) { fail(e); }
    return Object.keys(ids).sort();
  }

  var store = {
    site: site,
    key: key,
    read: read,
    write: write,
    storedIds: storedIds,
    problem: function () { return problem; },
    ticks: function (id) { return read("checklist", id); },
    answers: function (id) { return read("answers", id); },
    changed: function (id) { return read("changed", id); },
    start: function (id) { return read("plan", id).start || null; },
    setTick: function (id, item, on) {
      var s = read("checklist", id);
      s[item] = on ? 1 : 0;
      if (write("checklist", id, s)) touch(id, "tick:" + item);
    },
    setAnswer: function (id, item, text) {
      var s = read("answers", id);
      if ((s[item] || "") === text) return;
      s[item] = text;
      if (write("answers", id, s)) touch(id, "answer:" + item);
    },
    setStart: function (id, date) {
      var p = read("plan", id);
      if (date) p.start = date; else delete p.start;
      if (write("plan", id, p)) touch(id, "start");
    },
    // Days, local time: a plan's dates never shift with the time zone.
    today: function () {
      var t = window.playbookToday ? parseDate(String(window.playbookToday)) : null;
      var d = t || new Date();
      return new Date(d.getFullYear(), d.getMonth(), d.getDate());
    },
    parseDate: parseDate,
    iso: iso,
    addDays: addDays,
    showDate: showDate
  };
  window.playbookStore = store;

  function parseDate(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || "");
    if (!m) return null;
    var d = new Date(+m[1], +m[2] - 1, +m[3]);
    return d.getMonth() === +m[2] - 1 ? d : null;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function addDays(d, n) { return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n); }
  var lang = document.documentElement.lang || undefined;
  function showDate(d, year) {
    var o = { weekday: "short", day: "numeric", month: "short" };
    if (year) o.year = "numeric";
    try { return d.toLocaleDateString(lang, o); } catch (e) { return iso(d); }
  }

  // A share link's state: `#share=` and the base64url of {c: id, t: [ticked], a: {answers},
  // s: start, d: the day it was shared}.
  var shared = null;
  function readShare() {
    var m = /^#share=([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (!m) return null;
    try {
      var b64 = m[1].replace(/-/g, "+").replace(/_/g, "/");
      var bytes = atob(b64 + "===".slice((b64.length + 3) % 4));
      var json = decodeURIComponent(Array.prototype.map.call(bytes, function (c) {
        return "%" + ("0" + c.charCodeAt(0).toString(16)).slice(-2);
      }).join(""));
      var s = JSON.parse(json);
      return s && typeof s.c === "string" ? s : { broken: true };
    } catch (e) {
      return { broken: true };
    }
  }
  function shareLink(id) {
    var ticks = store.ticks(id), answers = store.answers(id), t = [], a = {};
    for (var k in ticks) if (ticks[k]) t.push(k);
    for (var q in answers) if (answers[q]) a[q] = answers[q];
    var state = { c: id, t: t, a: a, d: iso(store.today()) };
    var start = store.start(id);
    if (start) state.s = start;
    var utf8 = encodeURIComponent(JSON.stringify(state)).replace(/%([0-9A-F]{2})/g, function (_, h) {
      return String.fromCharCode(parseInt(h, 16));
    });
    var data = btoa(utf8).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    var canonical = document.querySelector("link[rel=canonical]");
    var base = canonical ? canonical.href : location.href.replace(/#.*$/, "");
    return base + "#share=" + data;
  }

  // The state a section shows: the reader's own, or a shared one.
  function stateOf(id) {
    if (shared && !shared.broken && shared.c === id) {
      var ticks = {};
      (shared.t || []).forEach(function (item) { ticks[item] = 1; });
      return { ticks: ticks, answers: shared.a || {}, start: shared.s || null, shared: true };
    }
    return { ticks: store.ticks(id), answers: store.answers(id), start: store.start(id), shared: false };
  }

  var lists = document.querySelectorAll("[data-checklist]");

  function refresh(section) {
    var id = section.getAttribute("data-checklist");
    var state = stateOf(id);
    var done = 0, total = 0;
    Array.prototype.forEach.call(section.querySelectorAll("input[data-item]"), function (box) {
      var item = box.getAttribute("data-item");
      box.checked = item in state.ticks ? !!state.ticks[item] : box.defaultChecked;
      box.disabled = state.shared;
      total++;
      if (box.checked) done++;
    });
    Array.prototype.forEach.call(section.querySelectorAll("textarea[data-answer]"), function (area) {
      var text = state.answers[area.getAttribute("data-answer")] || "";
      if (document.activeElement !== area || state.shared) area.value = text;
      area.readOnly = state.shared;
      total++;
      if (answered(area)) done++;
      showAnswer(area);
    });
    var progress = section.querySelector(".checklist-progress");
    if (progress) {
      progress.hidden = false;
      progress.querySelector("progress").value = done;
      progress.querySelector(".checklist-count").textContent = done + " of " + total + " done";
      var reset = progress.querySelector(".checklist-reset");
      if (reset) reset.hidden = state.shared;
    }
    plan(section, id, state);
  }
  function answered(area) { return area.value.trim() !== ""; }
  // The printed answer: the text, or ruled lines to write on.
  function showAnswer(area) {
    var li = area.closest("li");
    var text = li && li.querySelector(".answer-text");
    if (text) text.textContent = area.value;
    if (li) li.classList.toggle("answered", answered(area));
  }
  function refreshAll(id) {
    Array.prototype.forEach.call(lists, function (s) {
      if (!id || s.getAttribute("data-checklist") === id) refresh(s);
    });
  }

  // Dated plans: each item's `data-due` is "first-last", days from the start (day 1).
  function plan(section, id, state) {
    var bar = section.querySelector(".plan-bar");
    if (!bar) return;
    bar.hidden = false;
    var start = parseDate(state.start);
    var form = bar.querySelector(".plan-start"), status = bar.querySelector(".plan-status");
    var changing = bar.classList.contains("changing");
    form.hidden = state.shared || (!!start && !changing);
    status.hidden = !start;
    Array.prototype.forEach.call(bar.querySelectorAll("button"), function (b) { b.hidden = state.shared && b.type !== "submit"; });
    var input = form.querySelector(".plan-date");
    if (!input.value) input.value = iso(start || store.today());
    var today = store.today(), week = addDays(today, 6), due = 0, late = 0;
    Array.prototype.forEach.call(section.querySelectorAll("li[data-due]"), function (li) {
      var days = li.getAttribute("data-due").split("-");
      var off = li.querySelector(".item-due");
      var date = off && off.querySelector(".item-date");
      li.classList.remove("is-overdue", "is-due-soon");
      if (!start) {
        if (date) off.removeChild(date);
        return;
      }
      var on = addDays(start, +days[1] - 1), from = addDays(start, +days[0] - 1);
      if (!date) {
        date = document.createElement("span");
        date.className = "item-date";
        off.appendChild(date);
      }
      var box = li.querySelector("input[data-item]"), area = li.querySelector("textarea[data-answer]");
      var isDone = box ? box.checked : area && answered(area);
      var flag = "";
      if (!isDone && on < today) { li.classList.add("is-overdue"); flag = " · overdue"; late++; }
      else if (!isDone && on <= week) { li.classList.add("is-due-soon"); flag = " · due this week"; due++; }
      var when = +days[0] === +days[1] ? showDate(on) : showDate(from) + " – " + showDate(on);
      date.textContent = "";
      var t = document.createElement("time");
      t.setAttribute("datetime", iso(on));
      t.textContent = when;
      date.appendChild(document.createTextNode(" · "));
      date.appendChild(t);
      date.appendChild(document.createTextNode(flag));
    });
    var summary = bar.querySelector(".plan-summary");
    if (start) {
      var day = Math.round((today - start) / 864e5) + 1;
      var parts = [(state.shared ? "Started " : "You started this plan on ") + showDate(start, true) +
        (day >= 1 ? " (today is day " + day + ")" : " (it begins in " + (1 - day) + " days)")];
      parts.push(due + " due this week", late + " overdue");
      summary.textContent = parts.join(" · ") + ".";
    }
  }

  // A calendar file (RFC 5545) of the plan: one all-day event per dated item, on its due day.
  function calendar(section, id) {
    var start = parseDate(store.start(id));
    if (!start) return null;
    var title = checklistTitle(section);
    var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var page = document.querySelector("link[rel=canonical]");
    var url = page ? page.href : location.href.replace(/#.*$/, "");
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//playbook//dated plan//EN", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH", "X-WR-CALNAME:" + icsText(title)];
    Array.prototype.forEach.call(section.querySelectorAll("li[data-due]"), function (li) {
      var days = li.getAttribute("data-due").split("-");
      var on = addDays(start, +days[1] - 1);
      var item = li.id.replace(/^.*--(?=[^-])/, "");
      var control = li.querySelector("[data-item], [data-answer]");
      if (control) item = control.getAttribute("data-item") || control.getAttribute("data-answer");
      var text = li.querySelector(".item-text").textContent.trim();
      var detail = li.querySelector(".item-detail");
      var offset = li.querySelector(".item-due").firstChild.textContent.trim();
      var description = title + ", " + offset + (detail ? "\n" + detail.textContent.trim() : "");
      lines.push("BEGIN:VEVENT",
        "UID:" + icsText(id + "." + item + "." + iso(start) + "@" + site + ".playbook"),
        "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + iso(on).replace(/-/g, ""),
        "DTEND;VALUE=DATE:" + iso(addDays(on, 1)).replace(/-/g, ""),
        "SUMMARY:" + icsText(text),
        "DESCRIPTION:" + icsText(description),
        "URL:" + url.replace(/#.*$/, "") + "#" + encodeURIComponent(item),
        "TRANSP:TRANSPARENT",
        "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }
  function icsText(s) {
    return String(s).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }
  // Lines of at most 75 octets, continued with a space, never splitting a character.
  function fold(line) {
    var out = "", octets = 0;
    for (var i = 0; i < line.length; i++) {
      var c = line.charAt(i), code = line.charCodeAt(i);
      if (code >= 0xd800 && code < 0xdc00 && i + 1 < line.length) c += line.charAt(++i);
      var size = unescape(encodeURIComponent(c)).length;
      if (octets + size > 75) { out += "\r\n "; octets = 1; }
      out += c;
      octets += size;
    }
    return out;
  }
  function checklistTitle(section) {
    var h = section.querySelector(".checklist-title a") || document.querySelector("main h1");
    return h ? h.textContent.trim() : section.getAttribute("data-checklist");
  }
  function download(name, type, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  store.download = download;

  // The checklist as a Markdown task list with the reader's ticks and answers.
  function markdown(section) {
    var out = "# " + checklistTitle(section) + "\n";
    Array.prototype.forEach.call(section.querySelectorAll(".checklist-section"), function (s) {
      out += "\n## " + s.querySelector("h3").textContent.trim() + "\n\n";
      Array.prototype.forEach.call(s.querySelectorAll(".checklist-item"), function (li) {
        var box = li.querySelector("input[data-item]"), area = li.querySelector("textarea[data-answer]");
        var ticked = box ? box.checked : area && answered(area);
        var due = li.querySelector(".item-due");
        out += "- [" + (ticked ? "x" : " ") + "] " + li.querySelector(".item-text").textContent.trim() +
          (due ? " (" + due.textContent.trim().replace(/^· /, "") + ")" : "") + "\n";
        var detail = li.querySelector(".item-detail");
        if (detail) out += "  - " + detail.textContent.trim().replace(/\s*\n\s*/g, " ") + "\n";
        if (area) out += area.value.trim().split("\n").map(function (l) { return "  > " + l; }).join("\n").replace(/ +$/gm, "") + "\n";
      });
    });
    return out;
  }

  shared = readShare();
  Array.prototype.forEach.call(lists, function (section) {
    var id = section.getAttribute("data-checklist");
    section.addEventListener("change", function (ev) {
      var t = ev.target;
      if (!t.matches) return;
      if (t.matches("input[data-item]")) {
        store.setTick(id, t.getAttribute("data-item"), t.checked);
        refreshAll(id);
      } else if (t.matches("textarea[data-answer]")) {
        store.setAnswer(id, t.getAttribute("data-answer"), t.value);
        refreshAll(id);
      }
    });
    var timer = null;
    section.addEventListener("input", function (ev) {
      var area = ev.target;
      if (!area.matches || !area.matches("textarea[data-answer]")) return;
      showAnswer(area);
      clearTimeout(timer);
      timer = setTimeout(function () {
        store.setAnswer(id, area.getAttribute("data-answer"), area.value);
        refreshAll(id);
      }, 400);
    });
    var reset = section.querySelector(".checklist-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        var questions = section.querySelector("textarea[data-answer]");
        var ask = questions ? "Clear every tick and answer in this checklist?" : "Clear every tick in this checklist?";
        if (window.confirm && !window.confirm(ask)) return;
        Array.prototype.forEach.call(section.querySelectorAll("input[data-item]"), function (b) {
          store.setTick(id, b.getAttribute("data-item"), false);
        });
        Array.prototype.forEach.call(section.querySelectorAll("textarea[data-answer]"), function (a) {
          store.setAnswer(id, a.getAttribute("data-answer"), "");
        });
        refreshAll(id);
      });
    }
    var bar = section.querySelector(".plan-bar");
    if (bar) {
      bar.querySelector(".plan-start").addEventListener("submit", function (ev) {
        ev.preventDefault();
        var value = bar.querySelector(".plan-date").value;
        store.setStart(id, parseDate(value) ? value : iso(store.today()));
        bar.classList.remove("changing");
        refreshAll(id);
      });
      bar.querySelector(".plan-change").addEventListener("click", function () {
        bar.classList.add("changing");
        refresh(section);
        bar.querySelector(".plan-date").focus();
      });
      bar.querySelector(".plan-stop").addEventListener("click", function () {
        if (window.confirm && !window.confirm("Stop this plan? Its dates go; your ticks stay.")) return;
        store.setStart(id, null);
        refreshAll(id);
      });
      bar.querySelector(".plan-ics").addEventListener("click", function () {
        var ics = calendar(section, id);
        if (ics) store.download(id + ".ics", "text/calendar;charset=utf-8", ics);
      });
    }
    if (shared && shared.c === id) showShared(section);
  });

  function showShared(section) {
    var note = document.createElement("div");
    note.className = "shared-view";
    note.setAttribute("role", "status");
    var p = document.createElement("p");
    note.appendChild(p);
    if (shared.broken) {
      p.textContent = "This share link is damaged, so it shows nothing; here are your own ticks.";
    } else {
      var when = parseDate(shared.d);
      p.textContent = "You are looking at progress someone shared" + (when ? " on " + showDate(when, true) : "") +
        ". Your own ticks and answers are unchanged.";
      var back = document.createElement("button");
      back.type = "button";
      back.textContent = "Show my own";
      back.addEventListener("click", function () {
        shared = null;
        history.replaceState(null, "", location.pathname + location.search);
        Array.prototype.forEach.call(document.querySelectorAll(".shared-view"), function (n) { n.remove(); });
        refreshAll(null);
      });
      note.appendChild(back);
    }
    section.insertBefore(note, section.firstChild.nextSibling);
  }
  if (shared && shared.broken) {
    var first = document.querySelector("[data-checklist]");
    if (first) showShared(first);
  }

  // The checklist page's own actions.
  Array.prototype.forEach.call(document.querySelectorAll(".checklist-md, .checklist-share"), function (b) {
    b.hidden = false;
  });
  Array.prototype.forEach.call(document.querySelectorAll(".checklist-md"), function (b) {
    b.addEventListener("click", function () {
      var id = b.getAttribute("data-for");
      var section = document.querySelector("section[data-checklist='" + id + "']");
      if (section) store.download(id + ".md", "text/markdown;charset=utf-8", markdown(section));
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".checklist-share"), function (b) {
    b.addEventListener("click", function () {
      var box = document.querySelector(".share-box");
      var input = box.querySelector(".share-link");
      input.value = shareLink(b.getAttribute("data-for"));
      box.hidden = false;
      input.focus();
      input.select();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".share-copy"), function (b) {
    b.addEventListener("click", function () {
      var input = document.querySelector(".share-link");
      var done = function () { b.textContent = "Copied"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
      } else {
        input.select();
        try { if (document.execCommand("copy")) done(); } catch (e) { /* the link stays selected */ }
      }
    });
  });
  refreshAll(null);
  showProblem();
  window.addEventListener("storage", function (ev) {
    if (!ev.key || ev.key.indexOf(prefix) === 0) refreshAll(null);
  });
})();
