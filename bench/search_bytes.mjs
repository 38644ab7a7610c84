#!/usr/bin/env node
// Search benchmark: on a generated N-page site (or --site DIR), measures
//   - bytes a browser downloads to show results for a one-word query, with playbook's search
//     box and with Pagefind (npm `pagefind`, run on the same output, same query, same number
//     of results), in headless Chromium over a local HTTP server (no compression; the gzip
//     size of the same files is shown too);
//   - query time in Chromium once the index files for the query are loaded (median, p95);
//   - build time with search enabled and disabled.
//
// Usage: node bench/search_bytes.mjs [--pages 10000] [--site DIR] [--runs 3] [--results 8]
//                                    [--words a,b,c] [--no-pagefind] [--keep]
// Needs: a release build (cargo build --release), /usr/bin/chromium, npm (for Pagefind).
// Writes only under bench/out/ (git-ignored).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

if (typeof WebSocket === "undefined") { // Node 20 needs a flag for its WebSocket client
  const r = spawnSync(process.execPath, ["--experimental-websocket", "--no-warnings", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PAGEFIND_VERSION = "1.6.0";
const args = parseArgs(process.argv.slice(2));
const PAGES = Number(args.pages ?? 10000);
const RUNS = Number(args.runs ?? 3);
const RESULTS = Number(args.results ?? 8);
const OUT = path.join(REPO, "bench", "out", args.site ? "search-site" : `search-${PAGES}`);
const BIN = args.binary ?? path.join(REPO, "target", "release", "playbook");

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    if (["no-pagefind", "keep"].includes(key)) out[key] = true;
    else out[key] = argv[++i];
  }
  return out;
}

// ---------- corpus ----------
function rng(seed) { // mulberry32
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/// Words of the shipped playbook by frequency, then made-up words for a long tail of names
/// and jargon; drawn with a Zipf distribution.
function vocabulary(random) {
  const counts = new Map();
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(md|toml)$/.test(e.name)) for (const w of fs.readFileSync(p, "utf8").toLowerCase().match(/[a-z]{2,}/g) || []) counts.set(w, (counts.get(w) || 0) + 1);
  });
  walk(path.join(REPO, "content"));
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
  const syllables = ["ka", "lo", "mi", "ren", "tor", "vas", "quin", "del", "pha", "gru", "sel", "bri", "nox", "tal", "zu", "mer", "cor", "fen", "gil", "hap"];
  const seen = new Set(words);
  while (words.length < 40000) {
    let w = "";
    for (let k = 2 + Math.floor(random() * 3); k > 0; k--) w += syllables[Math.floor(random() * syllables.length)];
    if (!seen.has(w)) { seen.add(w); words.push(w); }
  }
  const cdf = new Float64Array(words.length);
  let sum = 0;
  for (let r = 0; r < words.length; r++) { sum += 1 / Math.pow(r + 2.7, 1.05); cdf[r] = sum; }
  const draw = () => {
    const x = random() * sum;
    let lo = 0, hi = cdf.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < x) lo = mid + 1; else hi = mid; }
    return words[lo];
  };
  return { words, draw };
}

function generate(root, pages) {
  const random = rng(42);
  const { draw } = vocabulary(random);
  const int = (a, b) => a + Math.floor(random() * (b - a + 1));
  const phrase = (n) => Array.from({ length: n }, draw).join(" ");
  const title = (n) => { const p = phrase(n); return p[0].toUpperCase() + p.slice(1); };
  const para = () => { const s = phrase(int(40, 90)); return s[0].toUpperCase() + s.slice(1) + "."; };
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, "content", "checklists"), { recursive: true });
  const perPart = 100;
  for (let i = 0; i < pages; i++) {
    const part = path.join(root, "content", `${String(Math.floor(i / perPart) + 1).padStart(3, "0")}-part-${Math.floor(i / perPart) + 1}`);
    if (i % perPart === 0) {
      fs.mkdirSync(part, { recursive: true });
      fs.writeFileSync(path.join(part, "_index.md"), `+++\ntitle = "${title(3)}"\n+++\n\n${para()}\n`);
    }
    let body = `+++\ntitle = "${title(int(3, 6))}"\ndescription = "${phrase(int(12, 20))}"\n+++\n\n${para()}\n`;
    for (let s = int(3, 6); s > 0; s--) {
      body += `\n## ${title(int(2, 4))}\n\n`;
      for (let p = int(1, 3); p > 0; p--) body += para() + "\n\n";
      if (random() < 0.3) body += `### ${title(int(2, 4))}\n\n${para()}\n`;
    }
    fs.writeFileSync(path.join(part, `${String(i % perPart + 1).padStart(3, "0")}-page-${i + 1}.md`), body);
  }
  for (let c = 0; c < Math.max(1, Math.floor(pages / 200)); c++) {
    let t = `title = "${title(3)}"\ndescription = "${phrase(15)}"\n`;
    for (let s = 0; s < 3; s++) {
      t += `\n[[sections]]\ntitle = "${title(2)}"\n`;
      for (let k = 0; k < 5; k++) t += `\n[[sections.items]]\ntext = "${title(int(4, 9))}"\ndetail = "${phrase(int(10, 25))}"\n`;
    }
    fs.writeFileSync(path.join(root, "content", "checklists", `list-${c}.toml`), t);
  }
}

// ---------- builds ----------
/// Builds the site; returns wall and CPU (user + system) time in ms. CPU time is the steadier
/// figure on a shared machine.
// Old outputs are moved aside, not replaced: the build would delete them, and creating files
// right after deleting thousands is slow on ext4 (see bench/README.md), which would measure
// the harness. Emptied when the script ends.
const TRASH = path.join(OUT, "trash");
// A --site's own site.toml is put back when the script ends.
const originals = new Map();
process.on("exit", () => originals.forEach((text, file) => fs.writeFileSync(file, text)));
function build(root, search, output) {
  const config = path.join(root, "site.toml");
  if (!originals.has(config) && fs.existsSync(config)) originals.set(config, fs.readFileSync(config, "utf8"));
  fs.writeFileSync(path.join(root, "site.toml"), `title = "Bench"\n[search]\nenabled = ${search}\n`);
  if (fs.existsSync(output)) {
    fs.mkdirSync(TRASH, { recursive: true });
    fs.renameSync(output, path.join(TRASH, `${Date.now()}-${Math.random().toString(36).slice(2)}`));
  }
  // As bench/build.py does: the previous build's files are written back to disk now, not
  // during this build.
  spawnSync("sync");
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S", BIN, "build", "--quiet", "--root", root, "--output", output, "--allow-outside-root"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  const [wall, user, sys] = r.stderr.trim().split("\n").pop().split(" ").slice(1).map(Number);
  return { wall: wall * 1000, cpu: (user + sys) * 1000 };
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
function dirBytes(d) {
  let n = 0, files = 0;
  const walk = (x) => fs.readdirSync(x, { withFileTypes: true }).forEach((e) => { const p = path.join(x, e.name); if (e.isDirectory()) walk(p); else { n += fs.statSync(p).size; files++; } });
  if (fs.existsSync(d)) walk(d);
  return { bytes: n, files };
}

// ---------- a static server and a CDP client ----------
function serve(dir) {
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = path.join(dir, rel);
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end("not found"); return; }
      res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream", "Content-Length": data.length, "Cache-Control": "no-store" });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function chromium() {
  const profile = fs.mkdtempSync(path.join(OUT, "chromium-"));
  const proc = spawn("/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"], { stdio: ["ignore", "ignore", "pipe"] });
  const url = await new Promise((resolve, reject) => {
    let buf = "";
    proc.stderr.on("data", (d) => { buf += d; const m = buf.match(/DevTools listening on (ws:\S+)/); if (m) resolve(m[1]); });
    proc.on("exit", () => reject(new Error("chromium exited: " + buf)));
  });
  const ws = new WebSocket(url);
  await new Promise((r) => ws.addEventListener("open", r));
  let id = 0;
  const waiting = new Map(), listeners = [];
  ws.addEventListener("message", (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.id && waiting.has(msg.id)) { const { resolve, reject } = waiting.get(msg.id); waiting.delete(msg.id); msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result); }
    else if (msg.method) listeners.forEach((l) => l(msg));
  });
  const call = (method, params = {}, sessionId) => new Promise((resolve, reject) => { const n = ++id; waiting.set(n, { resolve, reject }); ws.send(JSON.stringify({ id: n, method, params, sessionId })); });
  const { targetId } = await call("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await call("Target.attachToTarget", { targetId, flatten: true });
  const send = (m, p) => call(m, p, sessionId);
  await send("Page.enable"); await send("Runtime.enable"); await send("Network.enable");
  await send("Network.setCacheDisabled", { cacheDisabled: true });
  // Pagefind fetches from a web worker: attach to workers and count their requests too.
  listeners.push((msg) => {
    if (msg.method === "Target.attachedToTarget") {
      const worker = msg.params.sessionId;
      call("Network.enable", {}, worker).then(() => call("Network.setCacheDisabled", { cacheDisabled: true }, worker)).then(() => call("Runtime.runIfWaitingForDebugger", {}, worker)).catch(() => {});
    }
  });
  await send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  const requests = new Map();
  listeners.push((msg) => {
    if (msg.method === "Network.requestWillBeSent") requests.set(msg.params.requestId, { url: msg.params.request.url, bytes: 0, done: false });
    if (msg.method === "Network.loadingFinished" && requests.has(msg.params.requestId)) Object.assign(requests.get(msg.params.requestId), { bytes: msg.params.encodedDataLength, done: true });
    if (msg.method === "Network.loadingFailed" && requests.has(msg.params.requestId)) requests.get(msg.params.requestId).done = true;
  });
  const evaluate = async (expression) => {
    const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`${expression}: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  };
  const waitFor = async (cond, ms = 30000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) { if (await evaluate(`!!(${cond})`)) return; await new Promise((r) => setTimeout(r, 20)); }
    throw new Error(`timed out waiting for ${cond}`);
  };
  const goto = async (u) => { await send("Page.navigate", { url: u }); await new Promise((r) => setTimeout(r, 100)); await waitFor("document.readyState === 'complete'"); };
  const idle = async () => { for (let k = 0; k < 200; k++) { await new Promise((r) => setTimeout(r, 50)); if ([...requests.values()].every((r) => r.done)) return; } };
  const close = async () => {
    ws.close();
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill();
    await exited;
    try { fs.rmSync(profile, { recursive: true, force: true }); } catch { /* chromium's leftovers; bench/out is scratch */ }
  };
  return { send, evaluate, waitFor, goto, idle, requests, close };
}

/// Wire bytes (headers included) and gzip size of the bodies of the requests matching `filter`.
function tally(requests, base, dir, filter) {
  let wire = 0, gzip = 0, files = 0;
  for (const r of requests.values()) {
    if (!r.url.startsWith(base) || !filter(r.url)) continue;
    const rel = decodeURIComponent(new URL(r.url).pathname);
    const file = path.join(dir, rel);
    files++;
    wire += r.bytes;
    if (fs.existsSync(file)) gzip += zlib.gzipSync(fs.readFileSync(file)).length;
  }
  return { wire, gzip, files };
}

// ---------- measurements ----------
async function measureOurs(b, base, dir, word) {
  await b.goto(base + "index.html");
  await b.idle();
  b.requests.clear();
  const t0 = Date.now();
  await b.evaluate("document.getElementById('search-input').focus()");
  await b.send("Input.insertText", { text: word });
  await b.waitFor(`document.getElementById('search-popup').getAttribute('data-query') === ${JSON.stringify(word)}`);
  const ms = Date.now() - t0;
  await b.idle();
  const shown = await b.evaluate("document.querySelectorAll('#search-results [role=option]').length");
  const index = tally(b.requests, base, dir, (u) => /\/(search\/|static\/porter2\.js)/.test(u));
  // search.js is loaded (deferred) by every page; count it as part of the search.
  const script = fs.statSync(path.join(dir, "static", "search.js")).size;
  const scriptGzip = zlib.gzipSync(fs.readFileSync(path.join(dir, "static", "search.js"))).length;
  return { wire: index.wire + script, gzip: index.gzip + scriptGzip, files: index.files + 1, shown, ms };
}

async function measurePagefind(b, base, dir, word) {
  await b.goto(base + "index.html");
  await b.idle();
  b.requests.clear();
  const t0 = Date.now();
  const shown = await b.evaluate(`(async () => {
    const pf = await import('/pagefind/pagefind.js');
    const s = await pf.search(${JSON.stringify(word)});
    const d = await Promise.all(s.results.slice(0, ${RESULTS}).map(r => r.data()));
    return d.length; })()`);
  const ms = Date.now() - t0;
  await b.idle();
  if (process.env.BENCH_DEBUG) console.log([...b.requests.values()].map((r) => `${r.url} ${r.bytes}`).join("\n"));
  return { ...tally(b.requests, base, dir, (u) => u.includes("/pagefind/")), shown, ms };
}

async function queryTimes(b, base, queries) {
  await b.goto(base + "index.html");
  return b.evaluate(`(async () => {
    const qs = ${JSON.stringify(queries)}, times = [], rank = [];
    for (const q of qs) await playbookSearch.search(q, ${RESULTS});
    for (let k = 0; k < 5; k++) for (const q of qs) {
      const t0 = performance.now();
      const r = await playbookSearch.search(q, ${RESULTS});
      times.push(performance.now() - t0); rank.push(r.ms);
    }
    return { times, rank }; })()`);
}

async function pagefindTimes(b, base, queries) {
  await b.goto(base + "index.html");
  return b.evaluate(`(async () => {
    const pf = await import('/pagefind/pagefind.js'), qs = ${JSON.stringify(queries)}, times = [];
    for (const q of qs) { const s = await pf.search(q); await Promise.all(s.results.slice(0, ${RESULTS}).map(r => r.data())); }
    for (let k = 0; k < 5; k++) for (const q of qs) {
      const t0 = performance.now();
      const s = await pf.search(q); await Promise.all(s.results.slice(0, ${RESULTS}).map(r => r.data()));
      times.push(performance.now() - t0);
    }
    return times; })()`);
}

/// Query words of three frequencies, read from the index: rare, medium and common.
function pickWords(dir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "search", "index.js"), "utf8").replace(/^(location\.protocol==="file:"&&)?playbookSearch\.i\(/, "").replace(/\);\s*$/, ""));
  const counts = [], shardCount = manifest.shards.split(" ").length;
  const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVabcdefghijklmnopqrstuvWXYZwxyz-_";
  for (let n = 0; n < shardCount; n += Math.max(1, Math.floor(shardCount / 40))) {
    const js = fs.readFileSync(path.join(dir, "search", "t", `${n}.js`), "utf8");
    const data = JSON.parse(js.slice(js.indexOf(",") + 1, js.lastIndexOf(")")));
    const words = []; let prev = "";
    for (const x of data.w.split(" ")) { prev = prev.slice(0, DIGITS.indexOf(x[0])) + x.slice(1); words.push(prev); }
    const nums = []; let v = 0, mul = 1;
    for (const c of data.m) { const d = DIGITS.indexOf(c); if (d >= 32) { v += (d - 32) * mul; mul *= 32; } else { nums.push(v + d * mul); v = 0; mul = 1; } }
    for (let i = 0, k = 0; k < nums.length; i++) {
      const df = nums[k + 1];
      if (/^[a-z]{4,}$/.test(words[i])) counts.push([words[i], df]);
      k += df > manifest.top ? 6 : 3;
    }
  }
  counts.sort((a, b) => a[1] - b[1]);
  const at = (df) => counts.find((c) => c[1] >= df) || counts[counts.length - 1];
  return [at(5), at(300), counts[counts.length - 1]].map((c) => c[0]);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  if (!fs.existsSync(BIN)) throw new Error(`no release binary at ${BIN}: run cargo build --release`);
  const site = args.site ? path.resolve(args.site) : path.join(OUT, "site");
  // The corpus is deterministic: generated once per size and kept (deleting and writing it
  // again right before the builds would slow them down, see TRASH).
  const stamp = path.join(site, `.generated-${PAGES}`);
  if (!args.site && !fs.existsSync(stamp)) {
    console.log(`generating ${PAGES} pages in ${site}`);
    generate(site, PAGES);
    fs.writeFileSync(stamp, "");
  }
  const on = path.join(OUT, "public-search"), off = path.join(OUT, "public-nosearch");
  console.log("building (warm-up)");
  build(site, true, on); build(site, false, off);
  const tOn = [], tOff = [];
  for (let r = 0; r < RUNS; r++) { tOff.push(build(site, false, off)); tOn.push(build(site, true, on)); }
  const files = (d) => dirBytes(d).files;
  const index = dirBytes(path.join(on, "search"));
  const words = args.words ? args.words.split(",") : pickWords(on);

  let pagefind = null;
  if (!args["no-pagefind"]) {
    const prefix = path.join(REPO, "bench", "out", "pagefind-npm");
    if (!fs.existsSync(path.join(prefix, "node_modules", ".bin", "pagefind"))) {
      console.log(`installing pagefind@${PAGEFIND_VERSION}`);
      const r = spawnSync("npm", ["install", "--no-save", "--prefix", prefix, `pagefind@${PAGEFIND_VERSION}`], { stdio: "inherit" });
      if (r.status !== 0) throw new Error("npm install pagefind failed");
    }
    console.log("running pagefind");
    const t0 = Date.now();
    const r = spawnSync(path.join(prefix, "node_modules", ".bin", "pagefind"), ["--site", on], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`pagefind failed: ${r.stderr}${r.stdout}`);
    pagefind = { seconds: (Date.now() - t0) / 1000, index: dirBytes(path.join(on, "pagefind")) };
  }

  const server = await serve(on);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const b = await chromium();
  const rows = [];
  let queries;
  try {
    for (const w of words) {
      const ours = await measureOurs(b, base, on, w);
      const theirs = pagefind ? await measurePagefind(b, base, on, w) : null;
      rows.push({ word: w, ours, theirs });
    }
    queries = [...words, ...words.map((w) => w.slice(0, 3)), ...words.map((w) => w.slice(0, Math.ceil(w.length * 0.7))), `${words[0]} ${words[1]}`, `${words[1]} ${words[2]}`];
    var times = await queryTimes(b, base, queries);
    // Phrases (positions files) and misspellings (vocabulary files), timed apart.
    const swap = (w) => w.slice(0, 2) + w[3] + w[2] + w.slice(4);
    var rare = [`"${words[0]} ${words[1]}"`, `"${words[1]} ${words[2]}"`, swap(words[0]), swap(words[1]), swap(words[2])];
    var rareTimes = await queryTimes(b, base, rare);
    var pfTimes = pagefind ? await pagefindTimes(b, base, words) : null;
  } finally {
    await b.close();
    server.close();
  }

  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`\n## Search benchmark: ${args.site ? site : PAGES + " generated pages"}\n`);
  const line = (key) => { const a = median(tOff.map((t) => t[key])), b = median(tOn.map((t) => t[key])); return `search off ${a.toFixed(0)} ms, on ${b.toFixed(0)} ms (+${((b / a - 1) * 100).toFixed(1)}%)`; };
  console.log(`Build time, median of ${RUNS} runs. CPU (user + system): ${line("cpu")}. Wall: ${line("wall")}.`);
  console.log(`Output files: search off ${files(off)}, on ${files(on) - (pagefind ? pagefind.index.files : 0)}`);
  console.log(`Index on disk: playbook ${kb(index.bytes)} in ${index.files} files` + (pagefind ? `; Pagefind ${kb(pagefind.index.bytes)} in ${pagefind.index.files} files (pagefind took ${pagefind.seconds.toFixed(1)} s)` : ""));
  console.log(`\nBytes downloaded for a one-word query, first ${RESULTS} results shown (raw over HTTP incl. headers / gzip of the same files):\n`);
  console.log("| word | playbook | files | Pagefind | files | ratio |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    const t = r.theirs;
    console.log(`| ${r.word} | ${kb(r.ours.wire)} / ${kb(r.ours.gzip)} | ${r.ours.files} | ${t ? `${kb(t.wire)} / ${kb(t.gzip)}` : "-"} | ${t ? t.files : "-"} | ${t ? (r.ours.wire / t.wire * 100).toFixed(0) + "%" : "-"} |`);
  }
  console.log(`\nQuery time in Chromium, index files loaded (${times.times.length} runs of ${queries.length} queries: words, prefixes, two words):`);
  console.log(`  playbook: median ${median(times.times).toFixed(2)} ms, p95 ${pct(times.times, 0.95).toFixed(2)} ms (ranking alone: median ${median(times.rank).toFixed(2)} ms)`);
  console.log(`  phrases and misspellings (${rare.join(", ")}): median ${median(rareTimes.times).toFixed(2)} ms, p95 ${pct(rareTimes.times, 0.95).toFixed(2)} ms`);
  if (pfTimes) console.log(`  Pagefind (same words): median ${median(pfTimes).toFixed(2)} ms, p95 ${pct(pfTimes, 0.95).toFixed(2)} ms`);
  console.log(`  first query, cold, over local HTTP: ${rows.map((r) => `${r.word} ${r.ours.ms} ms`).join(", ")}`);
  if (!args.keep) fs.rmSync(off, { recursive: true, force: true });
  fs.rmSync(TRASH, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
