#!/usr/bin/env python3
"""A company handbook written for GitHub, with a recorded list of its broken links.

    bench/gen_handbook.py OUTDIR [--files 900] [--seed 15]

Writes a repository the way a public handbook kept on GitHub looks (issue 15's bar): a
`README.md` and a `data/` folder at the root, and under `content/` about FILES Markdown files
in sections up to eight folders deep, each folder's page an `index.md`, a `README.md`, both,
or neither; no front matter on almost every page; no `site.toml`. The prose is synthetic; the
shape and the habits of its authors are those measured on a real handbook (sourcegraph/handbook,
about 900 Markdown files under `content/`, read in a sample of 40 files): relative `.md` links
to files, to folders and to `index.md`, `#anchors` written by hand (sometimes in capitals,
sometimes with the handbook website's own spelling of a heading id, which GitHub's differs
from), headings with `&`, dots, emoji, code and duplicates, tables, badges, HTML comments,
raw HTML images and `<a name>` anchors, email addresses, a `---` rule at the top of a page,
links out of `content/`, and root-absolute links. `RATES` says how often each one appears.

Every link it writes that does not work on GitHub (a missing file or image, a link without
its `.md`, a file name in the wrong case, a `#fragment` that names no heading or anchor) is
recorded in `OUTDIR/ground-truth.json`, with the file and line it is on:

    {"version": 1, "seed": S, "files": [{"path": "content/…/x.md", "token": "…"}, …],
     "links": N,
     "problems": [{"path": "content/…", "line": 12, "dest": "../x.md#y",
                   "kind": "missing-anchor", "github": "broken"}, …]}

`github` is `broken` for links that are broken on GitHub, and `works` for two kinds that work
on GitHub but cannot work on a published site: links to files outside `content/` (the
repository's `README.md`) and root-absolute links (`/handbook/`), which GitHub reads from the
repository root. Each page carries a unique token in its text, so a test can find the page
every Markdown file became. Deterministic: the same arguments write the same bytes.
Python standard library only.
"""

import argparse
import json
import os
import random
import shutil
import sys
import unicodedata
from urllib.parse import quote

# How often each pattern appears, as measured on the sample (per page unless said otherwise).
RATES = {
    "folder_has_index_md": 0.74,  # folders whose page is index.md
    "folder_has_readme": 0.12,  # README.md instead (handbooks read on GitHub)
    "folder_has_both": 0.03,  # index.md and README.md side by side
    # the rest (0.11): no index file at all
    "internal_links_per_page": (1, 10),  # relative links to other pages (uniform range)
    "external_links_per_page": (1, 9),
    "fragment_share": 0.30,  # internal links that carry a #fragment
    "folder_link_share": 0.30,  # of links to a section's page: `dir/` or `dir`, not `dir/index.md`
    "dot_slash_share": 0.08,  # `./x.md`
    "fragment_wrong_case": 0.04,  # `#ARR` for the heading `ARR`: works on GitHub
    "website_slug_anchor": 0.05,  # of fragment links: the website's id (`k8s-sgdev-org`), broken
    "stale_anchor": 0.06,  # of fragment links: a heading that was renamed, broken
    "missing_file": 0.025,  # of internal links: a page that moved, broken
    "no_extension": 0.006,  # `../x/page` without `.md`, broken on GitHub
    "wrong_case_file": 0.004,  # `tripactions.md` for `TripActions.md`, broken on GitHub
    "toc": 0.09,  # a table of contents of the page's own headings
    "self_links": 0.25,  # pages with `#x` links into themselves
    "table": 0.15,
    "code_block": 0.18,
    "html_comment": 0.06,
    "badge": 0.02,
    "raw_html_block": 0.05,  # <div>/<video>/<iframe> with external URLs
    "image_local": 0.04,  # ![x](img/x.svg) next to the page
    "image_raw_html": 0.03,  # <img src="img/x.svg" width=…>
    "object_data": 0.005,  # <object data="color/use.svg"> (brand pages)
    "image_missing": 0.006,  # an image that is not in the repository, broken
    "anchor_name": 0.02,  # <a name="x"></a> and a link to it (works on GitHub)
    "email": 0.06,  # <people@example.com> or mailto:
    "leading_rule": 0.01,  # the file opens with a `---` thematic break
    "front_matter": 0.01,  # YAML front matter with title and description
    "no_h1": 0.03,  # the first heading is an H2
    "outside_content": 0.01,  # `../../README.md`: works on GitHub, not on a site
    "root_absolute": 0.008,  # `/handbook/editing/`: broken on GitHub (repository root)
    "reference_links": 0.05,  # [text][ref] with `[ref]: ../x.md`
    "angle_dest": 0.02,  # `<../x/#sts=🏦%20401(k)>`-style destinations
    "double_slash": 0.004,  # `..//communication/x.md`
    "template": 0.01,  # `{{generator:team}}` placeholders
    "line_anchor": 0.01,  # `../tools/deploy.sh#L12`
}

WORDS = (
    "team review budget plan goal hiring process policy customer support product design "
    "engineering release incident onboarding feedback meeting quarter roadmap metrics "
    "security access travel expense benefit compensation leveling career growth manager "
    "partner vendor contract invoice payroll office remote schedule handoff escalation "
    "rotation deploy cluster instance alert dashboard survey calibration promotion mentor "
    "interview offer candidate sourcing brand content launch pricing forecast account "
    "pipeline renewal trial license quota rollout backlog sprint retrospective planning"
).split()

FOLDER_WORDS = (
    "engineering dev process teams tools onboarding career-development hiring policies "
    "security marketing brand brand_guidelines sales people-talent people-ops talent finance "
    "bizops analytics ce-support support deployments incidents playbooks managed admin-exp "
    "devops cody code-graph search batch-changes go-to-market server-side knowledge-base "
    "compensation time-off travel mental-health compliance training teammate-development "
    "impact-reviews comms content editorial product-marketing demand-gen growth "
    "community_relations strategy use-cases goals cross-functional-projects enablement "
    "frontend-platform delivery iam integrations repo-management observability infrastructure"
).split()

PAGE_WORDS = (
    "onboarding processes faq glossary newsletter roadmap on-call team-norms "
    "working-with-customers customer_data_policy leveling-guide equity-faq holidays "
    "spending-company-money parental-leave leave-of-absence invoices expenses "
    "code_of_conduct asynchronous-communication retrospectives team_chat working-group "
    "strategy goals_completed maintenance-handoff opsgenie datadog disaster-recovery "
    "upgrade_process operations creation_process rfc-process security-onboarding "
    "vulnerability-management talent-review framework successful-engineers quiz "
    "salesforce records prospecting marketing-ops messaging positioning personas "
    "value-drivers launch-tiers naming_guide release_post_process gifting_guidelines"
).split()

# Headings as authors write them: (markdown, text GitHub reads) pairs are built from these.
EMOJI = ["🚨", "🐶", "🎉", "💸", "🔍", "🗺", "👉", "✅"]
DOMAINS = ["k8s.example.org", "demo.example.com", "devmanaged.example.com", "sourcegraph.com"]
DUPLICATES = ["FAQ", "Resources", "Process", "Payments", "Contact", "Tools"]
LINK = "@LINK@"  # in a heading: replaced by a link to some page when the page is written
NON_LATIN = ["Équipe & rôles", "Inés Roitman", "Привет команда", "日本チーム", "Zürich office"]


class Gen:
    """One handbook: the tree, then every page's headings, then every page's text."""

    def __init__(self, files, seed):
        self.rng = random.Random(seed)
        self.files = files
        self.seed = seed
        self.folders = {"": 0}  # content-relative folder -> depth
        self.children = {"": set()}  # folder -> names of its subfolders
        self.names = {"": set()}  # folder -> stems of its pages
        self.by_folder = {"": []}  # folder -> its pages
        self.pages = []  # content-relative .md paths
        self.assets = []  # content-relative non-Markdown files
        self.headings = {}  # page -> [(level, markdown, id)], the title first (level 1)
        self.titles = {}  # page -> its `# Title`, or None when it has no H1
        self.named = {}  # page -> the name of its `<a name>` anchor
        self.ids = {}  # page -> set of ids (headings and HTML anchors)
        self.problems = []
        self.links = 0

    # ---------- the tree ----------

    def name(self, pool, taken):
        r = self.rng
        for _ in range(50):
            base = r.choice(pool)
            roll = r.random()
            if roll < 0.25:
                base = f"{base}-{r.choice(pool)}".replace("_", "-")
            elif roll < 0.29:
                base = base.replace("-", "_")
            if base not in taken:
                return base
        return f"{base}-{len(taken)}"

    def build_tree(self):
        r = self.rng
        n_folders = max(6, int(self.files * 0.30))
        tops = ["benefits-pay-perks", "company-info-and-process", "departments", "handbook",
                "strategy-goals", "team", "legal"]
        for t in tops[: max(3, min(len(tops), n_folders // 4))]:
            self.add_folder(t)
        # One chain eight folders deep, as the deepest sections of the sample.
        parts = "departments/engineering/dev/admin-exp/devops/managed/v1.1/runbooks".split("/")
        for i in range(1, len(parts) + 1):
            self.add_folder("/".join(parts[:i]))
        # Names seen in the sample that a static-site generator must not trip over.
        quirky = ["Office of the CEO", "Source", "v2.0", "2023-01-15-offsite"]
        while len(self.folders) < n_folders:
            # Deep folders are rarer: pick a parent with weight falling with its depth.
            cands = [f for f, d in self.folders.items() if d < 8]
            weights = [(0.45 ** self.folders[f]) * (3 if self.folders[f] == 1 else 1)
                       for f in cands]
            parent = r.choices(cands, weights)[0]
            taken = self.children[parent]
            if quirky and r.random() < 0.05 and quirky[-1] not in taken:
                name = quirky.pop()
            else:
                name = self.name(FOLDER_WORDS, taken)
            self.add_folder(f"{parent}/{name}" if parent else name)
        # Each folder's page.
        self.index_of = {}
        for f in sorted(self.folders):
            if f == "":
                self.add_page("index.md")
                self.index_of[f] = "index.md"
                continue
            roll = r.random()
            if roll < RATES["folder_has_index_md"]:
                kinds = ["index.md"]
            elif roll < RATES["folder_has_index_md"] + RATES["folder_has_readme"]:
                kinds = ["README.md"]
            elif roll < (RATES["folder_has_index_md"] + RATES["folder_has_readme"]
                         + RATES["folder_has_both"]):
                kinds = ["index.md", "README.md"]
            else:
                kinds = []
            for k in kinds:
                self.add_page(f"{f}/{k}")
            if kinds:
                self.index_of[f] = f"{f}/{kinds[0]}"
        # Pages, more in some folders than in others (a few folders hold dozens).
        folder_list = sorted(self.folders)
        weights = [r.paretovariate(1.6) for _ in folder_list]
        specials = ["TripActions.md", "FY22Q3-OKR-Plan.md", "2022_Q4.md", "sourcegraph-4.0.md",
                    "field marketing.md", "1-1.md", "2023-01-15-notes.md", "Q&A.md"]
        while len(self.pages) < self.files:
            f = r.choices(folder_list, weights)[0]
            taken = self.names[f]
            if specials and r.random() < 0.02:
                file = specials.pop()
            elif r.random() < 0.012 and self.children[f]:
                # A page beside a folder of the same name (`expenses.md` and `expenses/`).
                file = r.choice(sorted(self.children[f])) + ".md"
            else:
                file = self.name(PAGE_WORDS + WORDS, taken) + ".md"
            if file[:-3] in taken:
                continue
            self.add_page(f"{f}/{file}" if f else file)
        # Files that are not Markdown: images beside the pages that show them, a script, a
        # CODENOTIFY file without an extension.
        for f in r.sample(folder_list, max(2, len(folder_list) // 12)):
            for img in ["diagram.svg", "org chart.png"][: 1 + (r.random() < 0.3)]:
                self.assets.append(f"{f}/img/{img}" if f else f"img/{img}")
        self.assets.append(f"{r.choice(folder_list)}/CODENOTIFY".lstrip("/"))
        self.assets.append(f"{r.choice(folder_list)}/interactive-palette.js".lstrip("/"))
        self.page_set = set(self.pages)

    def add_folder(self, path):
        parent = os.path.dirname(path)
        self.folders[path] = self.folders[parent] + 1
        self.children[parent].add(os.path.basename(path))
        self.children[path] = set()
        self.names[path] = set()
        self.by_folder[path] = []

    def add_page(self, path):
        folder = os.path.dirname(path)
        self.pages.append(path)
        self.names[folder].add(os.path.basename(path)[:-3])
        self.by_folder[folder].append(path)

    # ---------- headings ----------

    def heading_text(self):
        """A heading as written (Markdown) and the text GitHub makes its id from."""
        r = self.rng
        w = lambda n: " ".join(r.choice(WORDS) for _ in range(n))
        roll = r.random()
        if roll < 0.06:
            a, b = w(1).capitalize(), w(1)
            return f"{a} & {b}", f"{a} & {b}"
        if roll < 0.10:
            d = r.choice(DOMAINS)
            return d, d
        if roll < 0.15:
            e, t = r.choice(EMOJI), w(2).capitalize()
            return f"{e} {t}", f"{e} {t}"
        if roll < 0.19:
            c = r.choice(["src-cli", "sg start", "mi2", "x-trace", "git log"])
            t = w(1).capitalize()
            return f"{t} `{c}`", f"{t} {c}"
        if roll < 0.25:
            t = f"Q. How do I {w(3)} ({r.choice(['QLE', 'US', 'PTO', 'EU'])})?"
            return t, t
        if roll < 0.28:
            t = w(1).capitalize()
            return f"**{t}**", t
        if roll < 0.32:
            t = w(2).capitalize() + ":"
            return t, t
        if roll < 0.37:
            t = f"{r.randint(1, 6)}. {w(2).capitalize()}"
            return t, t
        if roll < 0.45:
            t = r.choice(DUPLICATES)
            return t, t
        if roll < 0.47:
            t = r.choice(NON_LATIN)
            return t, t
        if roll < 0.49:
            t = f"{w(1).capitalize()}/{w(1)} {w(1)}"
            return t, t
        if roll < 0.52:
            t = f"What's {w(1)}"
            return t, t
        if roll < 0.55:
            # `## [Batch Changes](../teams/batch-changes/index.md)`: the id is the link's text.
            t = w(2).capitalize()
            return f"[{t}]({LINK})", t
        t = w(r.randint(1, 4)).capitalize()
        return t, t

    def plan_headings(self):
        """Each page's title and headings, with the ids GitHub gives them (the title's
        counts: `# FAQ` then `## FAQ` is `faq-1`), decided before any page links to another."""
        r = self.rng
        for page in self.pages:
            base = os.path.basename(page)
            name = os.path.basename(os.path.dirname(page)) if base in ("index.md", "README.md") else base[:-3]
            title = (name or "Handbook").replace("-", " ").replace("_", " ").capitalize()
            if r.random() < 0.04:
                title = r.choice(DUPLICATES)  # `# FAQ` over a page whose sections repeat it
            used = {}
            hs = []
            self.titles[page] = None
            if r.random() >= RATES["no_h1"]:
                self.titles[page] = title
                hs.append((1, title, claim(used, gh_slug(title))))
            for _ in range(r.randint(2, 9)):
                level = r.choice([2, 2, 2, 3, 3, 4])
                md, text = self.heading_text()
                hs.append((level, md, claim(used, gh_slug(text))))
            self.headings[page] = hs
            self.ids[page] = {h[2] for h in hs}
            if r.random() < RATES["anchor_name"]:
                self.named[page] = f"{r.choice(WORDS)}-anchor"
                self.ids[page].add(self.named[page])

    # ---------- links ----------

    def rel(self, src, target):
        """The relative path from page `src` to the content-relative `target`."""
        d = os.path.dirname(src)
        out = os.path.relpath(target, d or ".")
        if target.endswith("/") and not out.endswith("/"):
            out += "/"
        return out

    def pick_target(self, src):
        """Most links go to pages nearby (this folder, its parent, its subfolders)."""
        r = self.rng
        here = os.path.dirname(src)
        if r.random() < 0.6:
            near = list(self.by_folder[here])
            if here:
                near += self.by_folder[os.path.dirname(here)]
            for child in sorted(self.children[here]):
                near += self.by_folder[f"{here}/{child}" if here else child]
            if near:
                return r.choice(near)
        return r.choice(self.pages)

    def internal_link(self, src):
        """A relative link to another page, as (destination, problem kind or None)."""
        r = self.rng
        target = self.pick_target(src)
        folder = os.path.dirname(target)
        base = os.path.basename(target)
        roll = r.random()
        if roll < RATES["missing_file"]:
            # A page that moved: the same name in a folder where it is not.
            other = r.choice(sorted(self.folders))
            ghost = f"{other}/{base}".lstrip("/")
            if ghost in self.page_set:
                ghost = f"{folder}/old-{base}".lstrip("/")
            if ghost not in self.page_set:
                return quote_path(self.rel(src, ghost)), "missing-file"
        roll -= RATES["missing_file"]
        stem = target[:-3]
        if (roll < RATES["no_extension"] and base not in ("index.md", "README.md")
                and " " not in base and stem not in self.folders):
            return quote_path(self.rel(src, target)[:-3]), "no-extension"
        roll -= RATES["no_extension"]
        if (roll < RATES["wrong_case_file"] and base.lower() != base
                and f"{folder}/{base.lower()}".lstrip("/") not in self.page_set):
            return quote_path(self.rel(src, f"{folder}/{base.lower()}".lstrip("/"))), "wrong-case-file"
        is_folder = (base in ("index.md", "README.md") and folder != ""
                     and r.random() < RATES["folder_link_share"])
        if is_folder:
            dest = self.rel(src, folder + "/")
            if r.random() < 0.3 and dest not in ("./", "../"):
                dest = dest.rstrip("/")
            # A folder's page is its index file's (playbook, and the handbook's own website).
            page = self.index_of.get(folder)
        else:
            dest = self.rel(src, target)
            if "/" not in dest and r.random() < RATES["dot_slash_share"]:
                dest = "./" + dest
            page = target
        # A name with a space is written `%20`, or whole in `<…>`.
        angle = " " in dest and r.random() < 0.3
        dest = dest if angle else quote_path(dest)
        kind = None
        if r.random() < RATES["fragment_share"]:
            frag, kind = self.fragment(page)
            if frag is not None:
                dest = f"{dest}#{frag}"
        return (f"<{dest}>" if angle else dest), kind

    def fragment(self, page):
        """A `#fragment` into `page`: (fragment, problem kind or None)."""
        r = self.rng
        hs = self.headings.get(page) or []
        roll = r.random()
        if roll < RATES["stale_anchor"] or not hs or page is None:
            return f"{r.choice(WORDS)}-{r.choice(WORDS)}-old", "missing-anchor"
        roll -= RATES["stale_anchor"]
        if page in self.named and r.random() < 0.1:
            return self.named[page], None
        titled = hs[0][0] == 1
        if titled and (r.random() < 0.06 or len(hs) == 1):
            level, md, gid = hs[0]  # `security-onboarding.md#security-onboarding`
        else:
            level, md, gid = r.choice(hs[1:] if titled else hs)
        if roll < RATES["website_slug_anchor"]:
            web = website_slug(md)
            if web != gid and web not in self.ids[page] and web.lower() not in {
                    i.lower() for i in self.ids[page]}:
                return web, "missing-anchor"
        if r.random() < RATES["fragment_wrong_case"] and gid.upper() != gid:
            return gid.upper() if r.random() < 0.5 else gid.title(), None
        if gid and not gid.isascii() and r.random() < 0.5:
            return quote(gid, safe="-_"), None
        if not gid:
            return None, None
        return gid, None

    # ---------- pages ----------

    def write_page(self, number, page, out):
        r = self.rng
        lines = []
        problems = []

        def emit(text, links=()):
            lines.append(text)
            for dest, kind, github in links:
                self.links += 1
                if kind:
                    problems.append({"path": f"content/{page}", "line": len(lines),
                                     "dest": unangle(dest), "kind": kind, "github": github})

        def words(n):
            return " ".join(r.choice(WORDS) for _ in range(n))

        def link(text=None):
            dest, kind = self.internal_link(page)
            label = text or words(r.randint(1, 4))
            if r.random() < 0.03 and not dest.startswith("<"):
                return f'[{label}]({dest} "{label.capitalize()}")', (dest, kind, "broken")
            if r.random() < 0.02 and not dest.startswith("<"):
                return f'<a href="{dest}">{label}</a>', (dest, kind, "broken")
            return f"[{label}]({dest})", (dest, kind, "broken")

        def prose(n_links):
            ws = [r.choice(WORDS) for _ in range(r.randint(25, 60))]
            ws[0] = ws[0].capitalize()
            made = []
            for _ in range(n_links):
                md, rec = link()
                ws.insert(r.randint(1, len(ws)), md)
                made.append(rec)
            for _ in range(r.randint(0, 2)):
                ws.insert(r.randint(1, len(ws)),
                          f"[{r.choice(WORDS)}](https://example.com/{r.choice(WORDS)}?q={r.randint(1, 99)})")
            return " ".join(ws) + ".", made

        token = f"hb{self.seed}p{number:05d}"
        title = self.titles[page]
        if r.random() < RATES["front_matter"]:
            emit("---")
            emit(f"title: {title or 'Handbook page'}")
            emit(f"description: How we handle {r.choice(WORDS)} and {r.choice(WORDS)}")
            emit("---")
            emit("")
        elif r.random() < RATES["leading_rule"]:
            emit("---")
            emit("")
        if r.random() < RATES["badge"]:
            emit(f"[![Build status](https://badge.example.com/{r.choice(WORDS)}.svg)](https://ci.example.com/{r.choice(WORDS)})")
            emit("")
        if r.random() < RATES["html_comment"]:
            emit("<!-- When you update this list, also update the org chart. -->")
            emit("")
        hs = self.headings[page]
        if title is not None:
            emit(f"# {title}")
            emit("")
            hs = hs[1:]
        n_internal = r.randint(*RATES["internal_links_per_page"])
        if os.path.basename(page) in ("index.md", "README.md"):
            n_internal += r.randint(2, 10)  # section pages are mostly lists of links
        text, recs = prose(min(2, n_internal))
        emit(f"{text} Page token {token}.", recs)
        emit("")
        n_internal -= min(2, n_internal)
        if r.random() < RATES["toc"] and hs:
            # A table of contents, as authors keep one at the top: indented by level.
            # A list nests one level at a time (deeper would be an indented code block).
            top = min(level for level, _, _ in hs)
            depth = -1
            for level, md, gid in hs:
                depth = min(depth + 1, level - top)
                stale = r.random() < RATES["stale_anchor"]
                frag, kind = (f"{gid}-old", "missing-anchor") if stale else (gid, None)
                label = strip_md(md)
                emit(f"{'  ' * depth}- [{label}](#{frag})", [(f"#{frag}", kind, "broken")])
            emit("")
        if page in self.named:
            name = self.named[page]
            emit(f'<a name="{name}"></a>')
            emit("")
            emit(f"Jump to [the {name}](#{name}).", [(f"#{name}", None, "broken")])
            emit("")
        per_section = max(1, n_internal // max(1, len(hs)))
        self_links = r.random() < RATES["self_links"]
        for level, md, gid in hs:
            if LINK in md:
                dest, _ = self.internal_link_plain(page)
                emit(f"{'#' * level} {md.replace(LINK, dest)}", [(dest, None, "broken")])
            else:
                emit(f"{'#' * level} {md}")
            emit("")
            text, recs = prose(min(per_section, n_internal))
            n_internal -= min(per_section, n_internal)
            emit(text, recs)
            emit("")
            kind_roll = r.random()
            if kind_roll < 0.20:
                for _ in range(r.randint(2, 5)):
                    md_link, rec = link()
                    emit(f"- {md_link} - {words(2)}", [rec])
                emit("")
            elif kind_roll < 0.20 + RATES["table"]:
                emit("| Area | Owner | Notes |")
                emit("| ---- | ----- | ----- |")
                for _ in range(r.randint(2, 4)):
                    md_link, rec = link()
                    emit(f"| {md_link} | {r.choice(WORDS)} | {words(2)} |", [rec])
                emit("")
            elif kind_roll < 0.20 + RATES["table"] + RATES["code_block"]:
                # Links that are not links: in code, as the handbook's editing guide shows them.
                emit("```html")
                emit('<iframe src="video URL" frameborder="0"></iframe> ![Alt Text](Image URL) [x](missing.md)')
                emit("```")
                emit("")
                emit("Use `![Alt Text](Image URL)` to add an image, and `[text](../page.md)` for a page.")
                emit("")
            if self_links and hs and r.random() < 0.5:
                target = r.choice(hs)[2]
                emit(f"See [above](#{target}) for the details.", [(f"#{target}", None, "broken")])
                emit("")
        self.extras(page, emit)
        # Anything still to link goes into a closing list, as pages end with "Related".
        if n_internal > 0:
            emit("Related:")
            emit("")
            for _ in range(n_internal):
                md_link, rec = link()
                emit(f"- {md_link}", [rec])
            emit("")
        for _ in range(r.randint(*RATES["external_links_per_page"])):
            emit(f"- [{r.choice(WORDS)} doc](https://docs.example.com/{r.choice(WORDS)}/{r.choice(WORDS)}#{r.choice(WORDS)})")
        path = os.path.join(out, "content", page)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        self.problems.extend(problems)
        return token

    def internal_link_plain(self, src):
        """A working link to some page, without a fragment."""
        target = self.pick_target(src)
        return quote_path(self.rel(src, target)), None

    def extras(self, page, emit):
        """The rarer habits: images, raw HTML, email, links out of content/, templates."""
        r = self.rng
        here = os.path.dirname(page)
        local_imgs = [a for a in self.assets if os.path.dirname(os.path.dirname(a)) == here
                      and a.endswith((".svg", ".png"))]
        any_imgs = [a for a in self.assets if a.endswith((".svg", ".png"))]
        if r.random() < RATES["image_local"] * 4 and (local_imgs or any_imgs):
            img = r.choice(local_imgs or any_imgs)
            dest = self.rel(page, img).replace(" ", "%20")
            emit(f"![{r.choice(WORDS)} diagram]({dest})", [(dest, None, "broken")])
            emit("")
        if r.random() < RATES["image_raw_html"] * 4 and (local_imgs or any_imgs):
            img = r.choice(local_imgs or any_imgs)
            dest = self.rel(page, img).replace(" ", "%20")
            emit(f'<div><img src="{dest}" alt="{r.choice(WORDS)}" width="320"></div>', [(dest, None, "broken")])
            emit("")
        if r.random() < RATES["object_data"] * 4 and (local_imgs or any_imgs):
            # The brand pages show their SVG diagrams as `<object>`, so their text stays text.
            img = r.choice(local_imgs or any_imgs)
            dest = self.rel(page, img).replace(" ", "%20")
            emit(f'<object role="image" data="{dest}" style="max-width: 22rem"></object>',
                 [(dest, None, "broken")])
            emit("")
        if r.random() < RATES["image_missing"] * 4:
            dest = f"img/{r.choice(WORDS)}-screenshot.png"
            if r.random() < 0.5:
                emit(f"![screenshot]({dest})", [(dest, "missing-image", "broken")])
            else:
                emit(f'<img src="{dest}" alt="screenshot">', [(dest, "missing-image", "broken")])
            emit("")
        if r.random() < RATES["raw_html_block"]:
            emit('<div style="position: relative; padding-bottom: 56.25%;">')
            emit(f'  <iframe src="https://video.example.com/embed/{r.randint(1000, 9999)}" allowfullscreen></iframe>')
            emit("</div>")
            emit("")
            emit(f'<video controls src="https://assets.example.com/{r.choice(WORDS)}.mp4"></video>')
            emit("")
        if r.random() < RATES["email"]:
            who = r.choice(WORDS)
            emit(f"Write to <{who}-team@example.com> or [the desk](mailto:{who}@example.com).")
            emit("")
        if r.random() < RATES["outside_content"]:
            dest = self.rel(page, "../README.md")
            emit(f"Run the checks locally, [explained in the readme]({dest}).",
                 [(dest, "outside-content", "works")])
            emit("")
        if r.random() < RATES["root_absolute"]:
            folder = r.choice(sorted(f for f in self.folders if f))
            dest = f"/{folder}/"
            emit(f"Read [{r.choice(WORDS)}]({dest.replace(' ', '%20')}) on the website.",
                 [(dest.replace(" ", "%20"), "root-absolute", "broken")])
            emit("")
        if r.random() < RATES["reference_links"]:
            # Reported where the link is used, not where it is defined.
            dest, kind = self.internal_link(page)
            emit(f"See the [{r.choice(WORDS)} guide][guide] first.", [(dest, kind, "broken")])
            emit("")
            emit(f"[guide]: {dest}")
            emit("")
        scripts = [a for a in self.assets if not a.endswith((".svg", ".png"))]
        if r.random() < RATES["line_anchor"] and scripts:
            # GitHub's line anchors on a file that is not Markdown: the file is what counts.
            dest = self.rel(page, r.choice(scripts)) + f"#L{r.randint(1, 40)}"
            emit(f"The [source]({dest}) says so.", [(dest, None, "broken")])
            emit("")
        if r.random() < RATES["angle_dest"]:
            parent = os.path.dirname(os.path.dirname(page))
            target = self.rel(page, parent + "/" if parent else "./")
            dest = f"<{target}#sts=🏦%20401(k).md>"
            emit(f"- [401k]({dest})", [(dest, "missing-anchor", "broken")])
            emit("")
        if r.random() < RATES["double_slash"] and here:
            target = r.choice(self.pages)
            dest = "..//" + self.rel(os.path.join(os.path.dirname(here), "x.md"), target)
            emit(f"Ask in [a public channel]({dest}).", [(dest, None, "broken")])
            emit("")
        if r.random() < RATES["template"]:
            emit("{{generator:product_team.iam}}")
            emit("")


def gh_slug(text):
    """GitHub's heading id (github-slugger): lowercase, drop what is not a letter, mark,
    decimal digit, connector punctuation, `-` or space, then each space becomes `-`."""
    out = []
    for c in text.lower():
        cat = unicodedata.category(c)
        if c in "- " or cat[0] in "LM" or cat in ("Nd", "Pc"):
            out.append("-" if c == " " else c)
    return "".join(out)


def claim(used, slug):
    """github-slugger's uniqueness: `x`, `x-1`, `x-2`…, skipping ids already taken."""
    result = slug
    while result in used:
        used[slug] = used.get(slug, 0) + 1
        result = f"{slug}-{used[slug]}"
    used[result] = 0
    return result


def website_slug(markdown):
    """How a handbook website spelled the same heading (the links authors copied from it):
    punctuation becomes `-`, runs of `-` collapse."""
    s = "".join(c if c.isalnum() else "-" for c in strip_md(markdown).lower())
    while "--" in s:
        s = s.replace("--", "-")
    return s.strip("-")


def strip_md(markdown):
    """A heading's words without its Markdown (bold, code, a link around it)."""
    text = markdown.replace("**", "").replace("`", "")
    if text.startswith("[") and text.endswith(f"]({LINK})"):
        text = text[1: -len(f"]({LINK})")]
    return text


def quote_path(path):
    """A path as authors write it in a Markdown link: spaces as `%20`."""
    return path.replace(" ", "%20")


def unangle(dest):
    return dest[1:-1] if dest.startswith("<") and dest.endswith(">") else dest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, default=900, help="Markdown files under content/")
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    out = args.outdir
    if os.path.exists(out):
        if os.listdir(out) and not os.path.exists(os.path.join(out, "ground-truth.json")):
            sys.exit(f"{out} exists and was not written by gen_handbook.py; not touching it")
        shutil.rmtree(out)
    os.makedirs(out)
    g = Gen(args.files, args.seed)
    g.build_tree()
    g.plan_headings()
    files = [{"path": f"content/{p}", "token": g.write_page(i, p, out)}
             for i, p in enumerate(g.pages)]
    for a in g.assets:
        path = os.path.join(out, "content", a)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>\n'
                    if a.endswith(".svg") else "placeholder\n")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write("# Handbook\n\nThe pages are in [content/](content/index.md).\n")
    os.makedirs(os.path.join(out, "data"))
    with open(os.path.join(out, "data", "team.yml"), "w", encoding="utf-8") as f:
        f.write("people: []\n")
    with open(os.path.join(out, "ground-truth.json"), "w", encoding="utf-8") as f:
        json.dump({"version": 1, "seed": args.seed, "files": files, "links": g.links,
                   "problems": g.problems}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    depth = max(p.count("/") for p in g.pages)
    print(f"{len(files)} Markdown files, {len(g.folders) - 1} folders (deepest page {depth} "
          f"folders down), {g.links} links, {len(g.problems)} recorded problems -> {out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
