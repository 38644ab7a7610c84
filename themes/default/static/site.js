// playbook: navigation drawer and tree, dark-mode toggle, checklist ticks saved in
// localStorage, print. No network requests; works from file://.
(function () {
  "use strict";
  var body = document.body;

  var toggle = document.querySelector(".nav-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = body.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      // The drawer sits after the header in the page: take focus into it when it opens.
      var first = open && document.querySelector("#sidebar a");
      if (first) first.focus();
      if (open) revealCurrent();
    });
    // Escape closes the navigation drawer and gives focus back to its button.
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape" || !body.classList.contains("nav-open")) return;
      body.classList.remove("nav-open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    });
  }

  // The navigation tree. Sections fold with native <details> (keyboard and screen readers work
  // them as they are); the ones the reader opens stay open while they read (sessionStorage).
  // A big site's pages hold only the way to themselves (`data-partial`): the whole tree then
  // comes from static/nav-tree.js, each closed section's pages built when it is first opened.
  // The markup must match what playbook writes (src/render/nav/html.rs).
  var navList = document.querySelector("#sidebar .nav-list");
  var sidebar = document.getElementById("sidebar");
  var navKey = "playbook:" + (body.getAttribute("data-store") || "playbook") + ":nav-open";
  function openSections() {
    try { return JSON.parse(sessionStorage.getItem(navKey) || "{}") || {}; } catch (e) { return {}; }
  }
  function keepOpen(href, open) {
    var state = openSections();
    if (open) state[href] = 1; else delete state[href];
    try { sessionStorage.setItem(navKey, JSON.stringify(state)); } catch (e) { /* storage may be off */ }
  }
  // Scrolls the sidebar (not the page) to the current page's link.
  function revealCurrent() {
    var current = navList && navList.querySelector("a[aria-current=page]");
    if (!current || sidebar.scrollHeight <= sidebar.clientHeight) return;
    var r = current.getBoundingClientRect(), s = sidebar.getBoundingClientRect();
    if (r.bottom > s.bottom || r.top < s.top) sidebar.scrollTop += r.top - s.top - s.height / 3;
  }
  // One entry of nav-tree.js ([title, segment] or, for a section, [title, segment, children])
  // whose parent's folder is `prefix`.
  function navItem(node, prefix, here, opened) {
    var dir = prefix + node[1], href = dir + "index.html";
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.setAttribute("href", navRoot + href);
    if (href === here) a.setAttribute("aria-current", "page");
    a.textContent = node[0];
    li.appendChild(a);
    if (node.length < 3) return li;
    li.className = "nav-section";
    if (!node[2].length) return li;
    var details = document.createElement("details");
    details.setAttribute("data-section", href);
    var summary = document.createElement("summary");
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = "Pages in " + node[0];
    summary.appendChild(label);
    var list = document.createElement("ol");
    details.appendChild(summary);
    details.appendChild(list);
    details.playbookFill = function () {
      node[2].forEach(function (n) { list.appendChild(navItem(n, dir, here, opened)); });
    };
    var onPath = here.indexOf(dir) === 0;
    if (onPath) details.setAttribute("data-path", "");
    if (onPath || opened[href]) {
      fill(details);
      details.open = true;
    }
    li.appendChild(details);
    return li;
  }
  function fill(details) {
    var f = details.playbookFill;
    details.playbookFill = null;
    if (f) f();
  }
  // The way back to the site's root, from the "Start here" link playbook wrote (so a theme's
  // own base.html need not provide it).
  var home = navList && navList.querySelector(".nav-home a");
  var navRoot = home ? home.getAttribute("href").replace(/index\.html$/, "") : "";
  if (navList) {
    var opened = openSections();
    var tree = window.playbookNavTree;
    if (navList.hasAttribute("data-partial") && Array.isArray(tree)) {
      var here = navList.getAttribute("data-here") || "";
      var last = navList.querySelector(".nav-checklists");
      Array.prototype.slice.call(navList.children).forEach(function (li) {
        if (li !== last && !li.classList.contains("nav-home")) navList.removeChild(li);
      });
      tree.forEach(function (n) { navList.insertBefore(navItem(n, "", here, opened), last); });
      navList.removeAttribute("data-partial");
    } else {
      Array.prototype.forEach.call(navList.querySelectorAll("details[data-section]"), function (d) {
        if (opened[d.getAttribute("data-section")]) d.open = true;
      });
    }
    // `toggle` does not bubble: listen while it goes down.
    navList.addEventListener("toggle", function (ev) {
      var d = ev.target;
      if (!d.matches || !d.matches("details[data-section]")) return;
      if (d.open) fill(d);
      if (!d.hasAttribute("data-path")) keepOpen(d.getAttribute("data-section"), d.open);
    }, true);
    revealCurrent();
  }

  // The colour theme cycles light, dark, and as the system is (no `data-theme`). From the
  // system's, the first press shows the other one, so every press but one changes the page.
  var themeButton = document.querySelector(".theme-toggle");
  if (themeButton) {
    var systemDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
    var themeNames = { light: "light", dark: "dark", system: "as the system is" };
    var themeIcons = { light: "\u2600\ufe0e", dark: "\u263e", system: "\u25d0" };
    var showTheme = function () {
      var theme = document.documentElement.getAttribute("data-theme") || "system";
      var icon = themeButton.querySelector(".theme-icon");
      var state = themeButton.querySelector(".theme-state");
      if (icon) icon.textContent = themeIcons[theme];
      if (state) state.textContent = "Colour theme: " + themeNames[theme];
    };
    themeButton.addEventListener("click", function () {
      var root = document.documentElement;
      var current = root.getAttribute("data-theme") || "system";
      var dark = systemDark && systemDark.matches;
      var order = dark ? ["system", "light", "dark"] : ["system", "dark", "light"];
      var next = order[(order.indexOf(current) + 1) % 3];
      if (next === "system") root.removeAttribute("data-theme");
      else root.setAttribute("data-theme", next);
      try {
        if (next === "system") localStorage.removeItem("playbook-theme");
        else localStorage.setItem("playbook-theme", next);
      } catch (e) { /* storage may be off */ }
      showTheme();
    });
    showTheme();
  }

  // "On this page" is open beside the chapter on wide screens, folded above it on narrow
  // ones; the link of the section being read is marked.
  var toc = document.querySelector(".toc details");
  if (toc && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 1200px)");
    var placeToc = function () { toc.open = wide.matches; };
    placeToc();
    if (wide.addEventListener) wide.addEventListener("change", placeToc);
    var tocLinks = Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']"));
    var headings = tocLinks.map(function (a) {
      return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    });
    var marking = false;
    var markCurrent = function () {
      marking = false;
      var current = -1;
      headings.forEach(function (h, k) { if (h && h.getBoundingClientRect().top < 120) current = k; });
      tocLinks.forEach(function (a, k) {
        if (k === current) a.setAttribute("aria-current", "location");
        else a.removeAttribute("aria-current");
      });
    };
    window.addEventListener("scroll", function () {
      if (!marking) { marking = true; window.requestAnimationFrame(markCurrent); }
    }, { passive: true });
    markCurrent();
  }

  // A copy button on each code block (again after `playbook serve` updates the page).
  function addCopyButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("pre.code"), function (pre) {
      if (pre.parentNode.classList.contains("code-block")) return;
      var code = pre.querySelector("code") || pre;
      var box = document.createElement("div");
      box.className = "code-block";
      pre.parentNode.insertBefore(box, pre);
      box.appendChild(pre);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.setAttribute("aria-live", "polite");
      var label = document.createTextNode("Copy");
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = " code";
      button.appendChild(label);
      button.appendChild(hidden);
      box.appendChild(button);
      var done = function (word) {
        label.nodeValue = word;
        setTimeout(function () { label.nodeValue = "Copy"; }, 2000);
      };
      button.addEventListener("click", function () {
        var text = code.textContent;
        var fallback = function () {
          var area = document.createElement("textarea");
          area.value = text;
          area.setAttribute("readonly", "");
          area.style.position = "fixed";
          area.style.opacity = "0";
          document.body.appendChild(area);
          area.select();
          var ok = false;
          try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
          document.body.removeChild(area);
          done(ok ? "Copied" : "Press Ctrl+C");
          if (!ok) { var r = document.createRange(); r.selectNodeContents(code); var s = window.getSelection(); s.removeAllRanges(); s.addRange(r); }
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(function () { done("Copied"); }, fallback);
        } else {
          fallback();
        }
      });
    });
  }
  addCopyButtons();
  document.addEventListener("playbook:updated", addCopyButtons);

  // A code block or table that scrolls sideways can be scrolled with the keyboard too.
  function focusableIfScrolls() {
    Array.prototype.forEach.call(document.querySelectorAll("pre.code, .table-wrap"), function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls === box.hasAttribute("tabindex")) return;
      if (scrolls) {
        box.setAttribute("tabindex", "0");
        if (box.classList.contains("table-wrap")) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", "Table, scrolls sideways");
        }
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  focusableIfScrolls();
  window.addEventListener("resize", focusableIfScrolls);

  // "Print blank copy" prints the checklists without the reader's ticks (print.css hides
  // them under `print-blank`), which stay saved and on screen.
  Array.prototype.forEach.call(document.querySelectorAll(".print-button"), function (b) {
    b.addEventListener("click", function () {
      body.classList.toggle("print-blank", b.classList.contains("print-blank-button"));
      window.print();
    });
  });
  window.addEventListener("afterprint", function () { body.classList.remove("print-blank"); });

  // Checklists: ticks are stored per site id (site.toml `id`, else the title's slug), checklist
  // id and item id, so they survive reordering and rewording, and are shared between a
  // checklist's page and every chapter that embeds it.
  var store = body.getAttribute("data-store") || "playbook";
  function key(id) { return "playbook:" + store + ":checklist:" + id; }
  // The site at this address used another id before (its title changed, or an `id` was set):
  // its ticks are copied over once, merged with any made since. The old ones are left in
  // place, in case another site still uses that id.
  (function moveTicks() {
    try {
      var rootRel = body.getAttribute("data-root");
      if (rootRel === null) rootRel = navRoot;
      var here = "playbook:site:" + new URL(rootRel || "./", location.href).href;
      var before = localStorage.getItem(here);
      if (before && before !== store) {
        var from = "playbook:" + before + ":checklist:";
        var keys = [];
        for (var i = 0; i < localStorage.length; i++) {
          var k = localStorage.key(i);
          if (k && k.indexOf(from) === 0) keys.push(k);
        }
        keys.forEach(function (k) {
          var id = k.slice(from.length);
          var old = JSON.parse(localStorage.getItem(k) || "{}") || {};
          var now = JSON.parse(localStorage.getItem(key(id)) || "{}") || {};
          Object.keys(old).forEach(function (item) { if (!(item in now)) now[item] = old[item]; });
          localStorage.setItem(key(id), JSON.stringify(now));
        });
      }
      if (before !== store) localStorage.setItem(here, store);
    } catch (e) { /* storage may be off */ }
  })();
  function load(id) {
    try { return JSON.parse(localStorage.getItem(key(id)) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(id, state) {
    try { localStorage.setItem(key(id), JSON.stringify(state)); } catch (e) { /* storage may be off */ }
  }
  var lists = document.querySelectorAll("[data-checklist]");
  function refresh(section) {
    var id = section.getAttribute("data-checklist");
    var state = load(id);
    var boxes = section.querySelectorAll("input[data-item]");
    var done = 0;
    Array.prototype.forEach.call(boxes, function (box) {
      box.checked = !!state[box.getAttribute("data-item")];
      if (box.checked) done++;
    });
    var progress = section.querySelector(".checklist-progress");
    if (progress) {
      progress.hidden = false;
      progress.querySelector("progress").value = done;
      progress.querySelector(".checklist-count").textContent = done + " of " + boxes.length + " done";
    }
  }
  function refreshAll(id) {
    Array.prototype.forEach.call(lists, function (s) {
      if (!id || s.getAttribute("data-checklist") === id) refresh(s);
    });
  }
  Array.prototype.forEach.call(lists, function (section) {
    var id = section.getAttribute("data-checklist");
    section.addEventListener("change", function (ev) {
      var box = ev.target;
      if (!box.matches || !box.matches("input[data-item]")) return;
      var state = load(id);
      if (box.checked) state[box.getAttribute("data-item")] = 1; else delete state[box.getAttribute("data-item")];
      save(id, state);
      refreshAll(id);
    });
    var reset = section.querySelector(".checklist-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        if (!window.confirm || window.confirm("Clear every tick in this checklist?")) {
          save(id, {});
          refreshAll(id);
        }
      });
    }
  });
  refreshAll(null);
  window.addEventListener("storage", function () { refreshAll(null); });
})();
