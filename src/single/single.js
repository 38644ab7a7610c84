// The single-file playbook: shows one page at a time (the one holding the #anchor in the
// address, else the first), marks it in the contents, and searches the index embedded in
// the file. Makes no request; results are inserted as text only.
(function () {
  "use strict";
  var pages = Array.prototype.slice.call(document.querySelectorAll(".sf-page"));
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".sf-toc a"));

  function pageOf(el) {
    while (el && !(el.classList && el.classList.contains("sf-page"))) el = el.parentNode;
    return el;
  }

  function show(scroll) {
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { id = location.hash.slice(1); }
    var target = id ? document.getElementById(id) : null;
    var page = pageOf(target) || pages[0];
    if (!page) return;
    pages.forEach(function (p) { p.hidden = p !== page; });
    tocLinks.forEach(function (a) {
      if (a.getAttribute("href") === "#" + page.id) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    document.title = page.getAttribute("aria-label") + " · " + document.querySelector(".site-title").textContent;
    if (!scroll) return;
    if (target && target !== page) target.scrollIntoView();
    else window.scrollTo(0, 0);
  }
  window.addEventListener("hashchange", function () { show(true); });
  show(true);

  var input = document.getElementById("sf-query");
  var list = document.getElementById("sf-results");
  var data = document.getElementById("sf-index");
  var index = [];
  try { index = JSON.parse(data.textContent); } catch (e) { index = []; }
  // Each page's text is its section's, read once.
  index.forEach(function (e) {
    var page = document.getElementById(e.i);
    e.x = page ? page.textContent.replace(/\s+/g, " ").trim() : "";
  });
  var lower = index.map(function (e) { return { t: e.t.toLowerCase(), x: e.x.toLowerCase() }; });

  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    var start = Math.max(0, at - 60);
    return (start > 0 ? "…" : "") + text.slice(start, start + 160) + (start + 160 < text.length ? "…" : "");
  }

  function search() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) return;
    var hits = [];
    lower.forEach(function (e, i) {
      var score = 0;
      for (var k = 0; k < words.length; k++) {
        var inTitle = e.t.indexOf(words[k]) >= 0;
        if (!inTitle && e.x.indexOf(words[k]) < 0) return;
        score += inTitle ? 10 : 1;
      }
      hits.push({ i: i, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = "No page matches.";
      list.appendChild(none);
      return;
    }
    hits.slice(0, 20).forEach(function (h) {
      var e = index[h.i];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + e.i;
      a.textContent = e.t;
      var p = document.createElement("span");
      p.className = "sf-snippet";
      p.textContent = snippet(e.x, words[0]);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }
  if (input) {
    input.addEventListener("input", search);
    list.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest("a")) { input.value = ""; list.textContent = ""; }
    });
  }
})();
