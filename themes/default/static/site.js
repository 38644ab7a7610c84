// playbook: navigation drawer, dark-mode toggle, checklist ticks saved in localStorage, print.
// No network requests; works from file://.
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
    });
    // Escape closes the navigation drawer and gives focus back to its button.
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape" || !body.classList.contains("nav-open")) return;
      body.classList.remove("nav-open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    });
  }

  var themeButton = document.querySelector(".theme-toggle");
  if (themeButton) {
    themeButton.addEventListener("click", function () {
      var root = document.documentElement;
      var current = root.getAttribute("data-theme") ||
        (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
      var next = current === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("playbook-theme", next); } catch (e) { /* storage may be off */ }
    });
  }

  // A code block that scrolls sideways can be scrolled with the keyboard too.
  Array.prototype.forEach.call(document.querySelectorAll("pre.code"), function (pre) {
    if (pre.scrollWidth > pre.clientWidth) pre.setAttribute("tabindex", "0");
  });

  Array.prototype.forEach.call(document.querySelectorAll(".print-button"), function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  // Printed checklists name the page they came from: the address it was opened at (a web
  // server, a sub-path or a file on disk) when the site has no base_url.
  Array.prototype.forEach.call(document.querySelectorAll(".print-url[data-href]"), function (el) {
    try {
      var url = new URL(el.getAttribute("data-href"), location.href);
      if (url.protocol !== "file:") url.pathname = url.pathname.replace(/index\.html$/, "");
      el.textContent = url.href;
    } catch (e) { /* keep the root-relative path */ }
  });

  // Checklists: ticks are stored per checklist id and item id, so they survive reordering and
  // are shared between a checklist's page and every chapter that embeds it.
  var store = body.getAttribute("data-store") || "playbook";
  function key(id) { return "playbook:" + store + ":checklist:" + id; }
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
