// playbook: navigation drawer and tree, dark-mode toggle, print. Checklists are
// checklist.js's. No network requests; works from file://.
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
        if (li !== last && !li.classList.contains("nav-home") && !li.classList.contains("nav-progress")) navList.removeChild(li);
      });
      tree.forEach(function (n) { navList.insertBefore(navItem(n, "", here, opened), last); });
      navList.removeAttribute("data-partial");
      document.dispatchEvent(new CustomEvent("playbook:nav-tree"));
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

})();
