#!/usr/bin/env python3
"""Save-to-visible latency of `playbook serve`.

Starts `playbook serve` on a site, opens one chapter in headless Chromium, then edits that
chapter's file N times. Each time it records the wall-clock time just before the write and the
time at which the page (old document or a reloaded one) first contains the new text, as seen by
a MutationObserver installed in every document. Prints the median, p90 and max in ms.

Sites:
  (default)        a copy of the shipped playbook (site.toml + content/ of this repository)
  --site DIR       a copy of any site (for example one made by bench/gen_corpus.py)
  --pages N        a generated site of N chapters (simple built-in generator)

With `PLAYBOOK_TIMINGS=1` (which this script sets) the server prints when each rebuild's first
file event arrived, when the burst ended, when the pages were written and when it finished, and
the live-reload script keeps when it was told, fetched the page and patched it: the script
prints the median of each step.

Only the standard library is used (the DevTools WebSocket client is below). Needs Chromium
(/usr/bin/chromium or $CHROMIUM) and a release build: cargo build --release.
"""
import argparse
import base64
import json
import os
import random
import re
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- a minimal WebSocket client (RFC 6455), enough for the DevTools protocol ------------------

class WebSocket:
    def __init__(self, url):
        m = re.match(r"ws://([^/:]+):(\d+)(/.*)", url)
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(req.encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self.sock.recv(4096)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"WebSocket handshake failed: {head!r}")

    def send(self, text):
        data = text.encode()
        header = bytes([0x81])
        n = len(data)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(header + mask + masked)

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("DevTools connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 0x9:  # ping
                continue
            message += payload
            if b0 & 0x80:
                return message.decode("utf-8", "replace")


class Page:
    """One headless-Chromium tab driven through the DevTools protocol."""

    def __init__(self):
        exe = os.environ.get("CHROMIUM") or next(
            (p for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] if os.path.exists(p)), None)
        if not exe:
            sys.exit("Chromium not found (apt-get install chromium, or set CHROMIUM)")
        self.profile = tempfile.mkdtemp(prefix="pb-bench-chromium-")
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,900",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = None
        for line in self.proc.stderr:
            if line.startswith("DevTools listening on "):
                url = line.split(" on ", 1)[1].strip()
                break
        if not url:
            sys.exit("Chromium did not print its DevTools URL")
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()
        self.ws = WebSocket(url)
        self.next_id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", {}, self.session)
        self.call("Runtime.enable", {}, self.session)

    def call(self, method, params, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def send(self, method, params):
        return self.call(method, params, self.session)

    def eval(self, expr):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        return r.get("result", {}).get("value")

    def close(self):
        self.proc.kill()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


# Installed in every document: records when the expected text first appears in the DOM.
OBSERVER = """
(function () {
  function check() {
    var want = sessionStorage.getItem('pbExpect');
    if (!want || sessionStorage.getItem('pbSeen')) return;
    if (document.documentElement && document.documentElement.textContent.indexOf(want) >= 0) {
      sessionStorage.setItem('pbSeen', String(performance.timeOrigin + performance.now()));
    }
  }
  addEventListener('pagehide', function () {
    if (sessionStorage.getItem('pbExpect') && !sessionStorage.getItem('pbUnload')) {
      sessionStorage.setItem('pbUnload', String(performance.timeOrigin + performance.now()));
    }
  });
  new MutationObserver(check).observe(document, {subtree: true, childList: true, characterData: true});
  check();
})();
"""


# --- sites --------------------------------------------------------------------------------------

WORDS = ("team roadmap decision owner quarter metric review launch customer director process "
         "priority coaching feedback trade-off budget staff meeting portfolio strategy outcome "
         "engineering design research alignment escalation hiring clarity").split()


def paragraph(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def generate(dest, pages, seed=1):
    """A site of `pages` chapters in parts of 50, with headings, lists, a table, code and links."""
    rng = random.Random(seed)
    os.makedirs(os.path.join(dest, "content", "checklists"))
    with open(os.path.join(dest, "site.toml"), "w") as f:
        f.write('title = "Generated playbook"\n')
    with open(os.path.join(dest, "content", "_index.md"), "w") as f:
        f.write("# Generated playbook\n\n" + paragraph(rng, 40) + "\n")
    per_part = 50
    parts = (pages + per_part - 1) // per_part
    for p in range(parts):
        pdir = os.path.join(dest, "content", f"{p + 1:02d}-part-{p + 1}")
        os.makedirs(pdir)
        with open(os.path.join(pdir, "_index.md"), "w") as f:
            f.write(f"+++\ntitle = \"Part {p + 1}\"\n+++\n\n{paragraph(rng, 60)}\n")
        count = min(per_part, pages - p * per_part)
        for c in range(count):
            body = [f"+++\ntitle = \"Chapter {p + 1}.{c + 1}\"\ntags = [\"{rng.choice(WORDS)}\"]\n+++\n"]
            for s in range(5):
                body.append(f"## Section {s + 1}\n\n{paragraph(rng, 90)}\n\n{paragraph(rng, 70)}\n")
                body.append("- " + paragraph(rng, 10) + "\n- " + paragraph(rng, 12) + "\n")
            body.append("| a | b |\n| --- | --- |\n| 1 | 2 |\n")
            body.append("```rust\nfn main() {\n    println!(\"hello\");\n}\n```\n")
            if c > 0:
                body.append(f"See [the previous chapter]({c:03d}-chapter-{p + 1}-{c}.md).\n")
            with open(os.path.join(pdir, f"{c + 1:03d}-chapter-{p + 1}-{c + 1}.md"), "w") as f:
                f.write("\n".join(body))
    for i in range(10):
        with open(os.path.join(dest, "content", "checklists", f"list-{i}.toml"), "w") as f:
            f.write(f'title = "List {i}"\n[[sections]]\ntitle = "Do"\n')
            for j in range(8):
                f.write(f'[[sections.items]]\ntext = "Item {j} {rng.choice(WORDS)}"\n')


def pick_chapter(site):
    """A chapter in the middle of the site: (path, a line of its body to replace)."""
    chapters = []
    for dirpath, _, files in os.walk(os.path.join(site, "content")):
        for name in files:
            if name.endswith(".md") and name not in ("_index.md", "index.md", "README.md"):
                chapters.append(os.path.join(dirpath, name))
    chapters.sort()
    return chapters[len(chapters) // 2]


# --- the measurement ----------------------------------------------------------------------------

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# The server's `PLAYBOOK_TIMINGS` lines, as dicts of wall-clock ms (event, batch, pages, done).
SERVER_TIMINGS = []


def start_server(binary, site, log=None):
    env = dict(os.environ, PLAYBOOK_TIMINGS="1")
    proc = subprocess.Popen([binary, "serve", "--root", site, "--port", str(free_port())],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    out = open(log, "w") if log else None

    def keep(line):
        if out:
            out.write(line)
            out.flush()
        if line.startswith("timings: "):
            words = line.split()[1:]
            SERVER_TIMINGS.append({k: float(v) for k, v in zip(words[::2], words[1::2])})

    def drain():
        for line in proc.stdout:
            keep(line)
    for line in proc.stdout:
        keep(line)
        m = re.search(r"(http://127\.0\.0\.1:\d+/\S*)", line)
        if m:
            threading.Thread(target=drain, daemon=True).start()
            return proc, m.group(1)
    sys.exit("playbook serve exited before printing its address")


def write_file(path, text, atomic):
    if atomic:  # like editors that write a temporary file and rename it over the original
        tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".swp")
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    else:
        with open(path, "w") as f:
            f.write(text)


def measure(binary, site, edits, atomic, log=None, verbose=False):
    chapter = pick_chapter(site)
    original = open(chapter).read()
    proc, base = start_server(binary, site, log)
    page = Page()
    try:
        time.sleep(0.3)
        page.send("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
        rel = os.path.relpath(chapter, os.path.join(site, "content"))
        # Find the chapter's URL through the site's own navigation: open the home page, then
        # the link whose text is the chapter's title (or its position in the nav).
        page.send("Page.navigate", {"url": base})
        wait(page, "document.readyState === 'complete'", 20)
        url = find_chapter_url(page, base, site, chapter)
        page.send("Page.navigate", {"url": url})
        time.sleep(0.1)
        wait(page, "document.readyState === 'complete'", 20)
        times, unloads, splits = [], [], []
        for i in range(edits):
            marker = f"Latency marker {i} {random.randrange(1 << 30):x}"
            page.eval(f"sessionStorage.removeItem('pbSeen'); sessionStorage.removeItem('pbUnload'); sessionStorage.setItem('pbExpect', {json.dumps(marker)}); 1")
            text = original.rstrip("\n") + f"\n\n{marker}\n"
            t0 = time.time() * 1000.0
            write_file(chapter, text, atomic)
            deadline = time.time() + 10
            seen = None
            while time.time() < deadline:
                seen = page.eval("sessionStorage.getItem('pbSeen')")
                if seen:
                    break
                time.sleep(0.005)
            if not seen:
                sys.exit(f"edit {i}: the new text did not appear within 10 s ({rel})")
            times.append(float(seen) - t0)
            unload = page.eval("sessionStorage.getItem('pbUnload')")
            if unload:
                unloads.append(float(unload) - t0)
            else:
                browser = page.eval("JSON.stringify((window.playbookLiveReload || {}).timings || null)")
                split = split_edit(t0, float(seen), json.loads(browser or "null"))
                if split:
                    splits.append(split)
            if verbose:
                print(f"edit {i}: saved at {t0:.1f}, page unloading at {unload}, text seen at {seen} -> {times[-1]:.1f} ms")
            time.sleep(0.25)
        return rel, url, times, unloads, splits
    finally:
        write_file(chapter, original, False)
        page.close()
        proc.terminate()
        proc.wait()


# The steps from a save to the new text in the page, in order: (name, from, to).
STEPS = [("event delay", "save", "event"), ("debounce", "event", "batch"),
         ("rebuild + write pages", "batch", "pages"), ("notify", "pages", "status"),
         ("fetch", "status", "fetched"), ("DOM patch", "fetched", "patched"),
         ("observer", "patched", "seen")]
# The rebuild step in detail, from the server's stage marks (when it prints them): what a
# build does before open pages are told, and what it does after.
DETAIL = [("model (read, Markdown)", "batch", "model"), ("render + check pages", "model", "rendered"),
          ("write pages", "rendered", "written"), ("after notify: print, search", "pages", "late"),
          ("after notify: write, finish", "late", "done")]


def split_edit(t0, seen, browser):
    """One edit's save-to-page time cut into `STEPS` (ms), from the server's first
    `PLAYBOOK_TIMINGS` line after the save and the page's own timestamps; None when either is
    missing (the page reloaded, or an older server)."""
    deadline = time.time() + 5  # the server prints its line once the whole rebuild is done
    server = None
    while server is None and time.time() < deadline:
        server = next((t for t in SERVER_TIMINGS if t.get("event", 0) >= t0), None)
        time.sleep(0.01)
    if not server or not browser or "patched" not in browser:
        return None
    at = dict(save=t0, seen=seen, **server, **{k: browser[k] for k in ("status", "fetched", "patched")})
    return {name: at[b] - at[a] for name, a, b in STEPS + DETAIL if a in at and b in at}


def wait(page, cond, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if page.eval(f"!!({cond})"):
            return
        time.sleep(0.02)
    state = page.send("Runtime.evaluate", {"expression": "location.href + ' ' + document.readyState", "returnByValue": True})
    sys.exit(f"timed out waiting for {cond}: {state}")


def find_chapter_url(page, base, site, chapter):
    text = open(chapter).read()
    m = re.search(r'^title\s*=\s*"([^"]+)"', text, re.M) or re.search(r"^# (.+)$", text, re.M)
    if not m:
        sys.exit(f"cannot find the title of {chapter}")
    title = m.group(1)
    # Try the part page first (lists every chapter of the part), then the home page.
    part_dir = os.path.basename(os.path.dirname(chapter))
    js = f"""(function(){{var want={json.dumps(title)};var as=document.querySelectorAll('a');
      for (var i=0;i<as.length;i++) if (as[i].textContent.trim()===want) return as[i].href; return null;}})()"""
    href = page.eval(js)
    if not href:
        links = page.eval("Array.prototype.map.call(document.querySelectorAll('nav a, main a'), function(a){return a.href})")
        for link in links or []:
            slug = re.sub(r"^\d+-", "", part_dir)
            if f"/{slug}/" in link:
                page.send("Page.navigate", {"url": link})
                time.sleep(0.1)
                wait(page, "document.readyState === 'complete'", 20)
                href = page.eval(js)
                if href:
                    break
    if not href:
        sys.exit(f"cannot find a link to \"{title}\"")
    return href


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", help="site folder to copy and measure (default: the shipped playbook)")
    ap.add_argument("--pages", type=int, help="generate a site with this many chapters instead")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--atomic", action="store_true", help="save via temp file + rename, like vim or VS Code")
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "playbook"))
    ap.add_argument("--server-log", help="write the server's output to this file")
    ap.add_argument("--verbose", action="store_true", help="print every edit's timestamps")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} not found: run cargo build --release")
    work = tempfile.mkdtemp(prefix="pb-bench-serve-")
    site = os.path.join(work, "site")
    try:
        if args.pages:
            generate(site, args.pages)
            label = f"generated site, {args.pages} chapters"
        elif args.site:
            shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public", ".git", "target"))
            label = f"copy of {args.site}"
        else:
            os.makedirs(site)
            shutil.copytree(os.path.join(REPO, "content"), os.path.join(site, "content"))
            shutil.copy(os.path.join(REPO, "site.toml"), site)
            label = "shipped playbook"
        rel, url, times, unloads, splits = measure(args.bin, site, args.edits, args.atomic, args.server_log, args.verbose)
        times.sort()
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        print(f"{label}: edited content/{rel} {len(times)} times ({'temp file + rename' if args.atomic else 'in place'})")
        print(f"save -> new text in the open page: median {statistics.median(times):.1f} ms, "
              f"p90 {p90:.1f} ms, min {times[0]:.1f} ms, max {times[-1]:.1f} ms")
        if splits:
            print(f"  where the time goes, median of the {len(splits)} edits patched in place (ms):")
            for name, _, _ in STEPS:
                print(f"    {name:<22} {statistics.median(s[name] for s in splits):6.1f}")
            detail = [name for name, _, _ in DETAIL if all(name in s for s in splits)]
            if detail:
                print("  the rebuild in detail, median (ms):")
                for name in detail:
                    print(f"    {name:<28} {statistics.median(s[name] for s in splits):6.1f}")
        if unloads:
            print(f"  of which save -> page starts reloading (watch, rebuild, notify): median {statistics.median(unloads):.1f} ms "
                  f"({len(unloads)} of {len(times)} edits reloaded the page)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
