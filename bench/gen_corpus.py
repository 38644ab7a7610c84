#!/usr/bin/env python3
"""Deterministic benchmark corpus: N realistic playbook chapters, for playbook and its peers.

    bench/gen_corpus.py N OUTDIR [--tool playbook|zola|hugo|mdbook|all] [--seed S] [--per-part 50]
                        [--peer-pages full|minimal]

Writes OUTDIR/<tool>/ for each tool asked for (default: all four). Every tool gets the same
pages, with the same text: only the front matter, the links between pages and the site
configuration differ, in each tool's own idiom.

- Chapters are 4-6 KB of Markdown: headings, paragraphs with emphasis and inline code, bullet
  and numbered lists, a task list, a table and 1-3 fenced code blocks in common languages.
- They sit in parts (folders) of `--per-part` chapters, each with an `_index.md`.
- playbook also gets one checklist (TOML) per part, embedded by the part's first chapter.
- Zola gets `+++` front matter, `_index.md` per section, minimal templates and highlighting on.
- Hugo gets `hugo.toml`, content/ and layouts rendering what playbook's default theme renders
  in a chapter page (sidebar, table of contents, tags, reading time, previous/next), or with
  `--peer-pages minimal` only the title, content and previous/next; its highlighting is on.
- mdBook gets `book.toml` and `src/SUMMARY.md` (it highlights in the browser).

Chapter i's text depends only on (seed, i), so the 1,000-page corpus is the first 1,000 pages of
the 10,000-page one. Only the Python standard library is used.
"""

import argparse
import os
import random
import shutil
import sys

TOOLS = ("playbook", "zola", "hugo", "mdbook")

NOUNS = (
    "roadmap", "team", "stakeholder", "launch", "backlog", "strategy", "metric", "customer",
    "decision", "review", "portfolio", "budget", "hire", "process", "goal", "quarter", "risk",
    "feedback", "incident", "experiment", "dependency", "principle", "trade-off", "forecast",
    "meeting", "one-on-one", "pipeline", "release", "escalation", "outcome", "narrative",
    "priority", "commitment", "retrospective", "onboarding", "promotion", "interview", "plan",
)
VERBS = (
    "align", "measure", "prioritise", "delegate", "escalate", "review", "coach", "ship",
    "negotiate", "document", "simplify", "unblock", "forecast", "challenge", "clarify",
    "sequence", "fund", "protect", "retire", "revisit", "own", "share", "test", "explain",
)
ADJECTIVES = (
    "clear", "small", "shared", "explicit", "weekly", "honest", "critical", "cheap", "visible",
    "hard", "late", "early", "quiet", "measurable", "written", "reversible", "costly", "new",
    "senior", "cross-team", "quarterly", "realistic", "blunt", "useful", "stale", "fragile",
)
ADVERBS = ("quickly", "openly", "early", "rarely", "carefully", "always", "deliberately", "often")
TAGS = (
    "hiring", "strategy", "coaching", "planning", "metrics", "process", "communication",
    "execution", "stakeholders", "career", "meetings", "incidents", "budget", "culture",
    "roadmaps", "feedback", "delegation", "onboarding", "writing", "decisions",
)

CODE = {
    "rust": (
        "fn {a}_{b}(items: &[Item]) -> Vec<&Item> {{\n"
        "    let mut out: Vec<&Item> = items.iter().filter(|i| i.score > {n}).collect();\n"
        "    out.sort_by_key(|i| std::cmp::Reverse(i.score));\n"
        "    out.truncate({m});\n"
        "    out\n}}\n"
    ),
    "python": (
        "def {a}_{b}(rows, limit={n}):\n"
        '    """Return the {m} most {c} rows."""\n'
        "    ranked = sorted(rows, key=lambda r: r['score'], reverse=True)\n"
        "    return [r for r in ranked if r['score'] > limit][:{m}]\n"
    ),
    "javascript": (
        "export function {a}{B}(items, limit = {n}) {{\n"
        "  const ranked = [...items].sort((x, y) => y.score - x.score);\n"
        "  return ranked.filter((i) => i.score > limit).slice(0, {m});\n}}\n"
    ),
    "go": (
        "func {A}{B}(items []Item) []Item {{\n"
        "\tout := make([]Item, 0, {m})\n"
        "\tfor _, it := range items {{\n"
        "\t\tif it.Score > {n} {{\n\t\t\tout = append(out, it)\n\t\t}}\n\t}}\n"
        "\treturn out\n}}\n"
    ),
    "bash": (
        "#!/usr/bin/env bash\nset -euo pipefail\n"
        'for f in reports/{a}-*.csv; do\n'
        '  echo "$f: $(wc -l < "$f") rows"\ndone | sort -k2 -n | tail -n {m}\n'
    ),
    "yaml": (
        "{a}:\n  owner: {b}-team\n  cadence: weekly\n  limits:\n    max_items: {n}\n"
        "    reviewers: {m}\n  labels: [{c}, {b}]\n"
    ),
    "json": (
        '{{\n  "name": "{a}-{b}",\n  "threshold": {n},\n  "reviewers": {m},\n'
        '  "tags": ["{c}", "{b}"],\n  "enabled": true\n}}\n'
    ),
    "toml": (
        '[{a}]\nowner = "{b}-team"\nthreshold = {n}\nreviewers = {m}\n'
        'labels = ["{c}", "{b}"]\n'
    ),
    "sql": (
        "SELECT team, count(*) AS {a}_count\nFROM {b}_events\nWHERE score > {n}\n"
        "GROUP BY team\nORDER BY {a}_count DESC\nLIMIT {m};\n"
    ),
}


def words_title(rng, n):
    return " ".join(rng.choice(NOUNS + ADJECTIVES) for _ in range(n)).capitalize()


def sentence(rng):
    parts = [
        rng.choice(("The", "A", "Every", "Your", "Each")),
        rng.choice(ADJECTIVES), rng.choice(NOUNS),
        rng.choice(("should", "will", "must", "can", "rarely")),
        rng.choice(VERBS), "the", rng.choice(ADJECTIVES), rng.choice(NOUNS),
    ]
    r = rng.random()
    if r < 0.15:
        parts.append("with *" + rng.choice(ADJECTIVES) + "* " + rng.choice(NOUNS) + "s")
    elif r < 0.25:
        parts.append("before the `" + rng.choice(NOUNS).replace("-", "_") + "` review")
    elif r < 0.35:
        parts.append("so the **" + rng.choice(NOUNS) + "** stays " + rng.choice(ADJECTIVES))
    elif r < 0.5:
        parts += [rng.choice(ADVERBS), "and", rng.choice(VERBS), "it"]
    return " ".join(parts) + rng.choice((".", ".", ".", "?", "!"))


def paragraph(rng, lo=3, hi=6):
    return " ".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def code_block(rng):
    lang = rng.choice(sorted(CODE))
    a, b, c = rng.choice(VERBS), rng.choice(NOUNS).replace("-", "_"), rng.choice(ADJECTIVES)
    c = c.replace("-", "_")
    body = CODE[lang].format(
        a=a, b=b, c=c, A=a.capitalize(), B=b.capitalize().replace("_", ""),
        n=rng.randint(2, 90), m=rng.randint(3, 12),
    )
    return f"```{lang}\n{body}```"


def table(rng):
    cols = rng.sample(("Owner", "Cadence", "Metric", "Target", "Risk", "Status", "Due"), 4)
    rows = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _ in range(rng.randint(3, 6)):
        rows.append("| " + " | ".join(
            rng.choice((rng.choice(NOUNS), rng.choice(ADJECTIVES), str(rng.randint(1, 99)) + "%"))
            for _ in cols) + " |")
    return "\n".join(rows)


def bullet_list(rng, task=False):
    items = []
    for _ in range(rng.randint(3, 6)):
        text = f"{rng.choice(VERBS).capitalize()} the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        if rng.random() < 0.5:
            text += f" before the {rng.choice(NOUNS)} {rng.choice(('starts', 'ends', 'slips'))}"
        mark = ("[x] " if rng.random() < 0.3 else "[ ] ") if task else ""
        items.append(f"- {mark}{text}")
    return "\n".join(items)


def numbered_list(rng):
    return "\n".join(f"{i}. {sentence(rng)}" for i in range(1, rng.randint(3, 5) + 1))


def chapter_title(seed, index):
    """Chapter `index`'s title: the first draw of its generator (see `Chapter`)."""
    rng = random.Random(f"{seed}-chapter-{index}")
    return words_title(rng, rng.randint(3, 4))


class Chapter:
    """One page's text, tool-neutral: the caller adds front matter and links."""

    def __init__(self, seed, index):
        rng = random.Random(f"{seed}-chapter-{index}")
        self.title = words_title(rng, rng.randint(3, 4))
        self.description = sentence(rng)
        self.tags = rng.sample(TAGS, rng.randint(1, 2))
        self.blocks = self._blocks(rng)

    @staticmethod
    def _blocks(rng):
        target = rng.randint(3800, 5300)
        blocks = [paragraph(rng, 2, 4)]
        extras = [table, lambda r: bullet_list(r, task=True)] + [code_block] * rng.randint(1, 3)
        rng.shuffle(extras)
        size = len(blocks[0])
        while size < target or extras:
            blocks.append("## " + words_title(rng, rng.randint(2, 4)))
            kind = rng.random()
            if kind < 0.3:
                blocks.append(bullet_list(rng))
            elif kind < 0.5:
                blocks.append(numbered_list(rng))
            elif kind < 0.6:
                blocks.append("### " + words_title(rng, 2))
            blocks.append(paragraph(rng))
            if extras and (size > target / 3 or rng.random() < 0.3):
                blocks.append(extras.pop()(rng))
            if rng.random() < 0.15:
                blocks.append("> " + sentence(rng))
            size = sum(len(b) + 2 for b in blocks)
        return blocks

    def body(self, link=None, extra=None):
        """Markdown body; `link` is (text, href) to the next page, `extra` a line to embed."""
        blocks = list(self.blocks)
        if link:
            blocks.insert(1, f"Read this with [{link[0]}]({link[1]}).")
        if extra:
            blocks.insert(2, extra)
        return "\n\n".join(blocks) + "\n"


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def checklist_toml(seed, part, title):
    rng = random.Random(f"{seed}-checklist-{part}")
    out = [f"title = {toml_str('Checklist: ' + title)}",
           f"description = {toml_str(sentence(rng))}", ""]
    for _ in range(rng.randint(2, 4)):
        out += ["[[sections]]", f"title = {toml_str(words_title(rng, 3))}", ""]
        for _ in range(rng.randint(3, 6)):
            # Every item has an id, as `playbook check` asks (ticks survive rewording).
            n = sum(1 for line in out if line == "[[sections.items]]") + 1
            out += ["[[sections.items]]", f"text = {toml_str(sentence(rng))}", f'id = "item-{n}"']
            if rng.random() < 0.5:
                out.append(f"detail = {toml_str(paragraph(rng, 1, 2))}")
            out.append("")
    return "\n".join(out)


class Layout:
    """Where each page goes: parts of `per_part` chapters, names with order prefixes."""

    def __init__(self, n, per_part, seed):
        self.n, self.per_part, self.seed = n, per_part, seed
        self.parts = []
        for p in range((n + per_part - 1) // per_part):
            rng = random.Random(f"{seed}-part-{p}")
            title = words_title(rng, 3)
            slug = "-".join(title.lower().split())
            self.parts.append({"dir": f"{p + 1:03d}-{slug}", "title": title,
                               "intro": paragraph(rng), "first": p * per_part,
                               "count": min(per_part, n - p * per_part)})

    def chapter_file(self, i):
        slug = "-".join(chapter_title(self.seed, i).lower().split())
        return f"{i % self.per_part + 1:02d}-{slug}.md"

    def chapters(self):
        for p, part in enumerate(self.parts):
            for k in range(part["count"]):
                i = part["first"] + k
                nxt = i + 1 if k + 1 < part["count"] else None
                yield p, part, i, Chapter(self.seed, i), nxt


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def tags_toml(tags):
    return "[" + ", ".join(toml_str(t) for t in tags) + "]"


def gen_playbook(lay, out):
    write(f"{out}/site.toml", 'title = "Benchmark handbook"\n'
          'description = "A generated handbook for benchmarks."\n\n[search]\nenabled = true\n')
    write(f"{out}/content/_index.md", "+++\ntitle = \"Benchmark handbook\"\n+++\n\n"
          + paragraph(random.Random(f"{lay.seed}-home")) + "\n")
    for p, part in enumerate(lay.parts):
        d = f"{out}/content/{part['dir']}"
        write(f"{d}/_index.md", f"+++\ntitle = {toml_str(part['title'])}\n+++\n\n{part['intro']}\n")
        write(f"{d}/checklist-{p + 1:03d}.toml", checklist_toml(lay.seed, p, part["title"]))
    for p, part, i, ch, nxt in lay.chapters():
        link = (chapter_title(lay.seed, nxt), lay.chapter_file(nxt)) if nxt is not None else None
        embed = f"<!-- checklist: checklist-{p + 1:03d} -->" if i == part["first"] else None
        fm = (f"+++\ntitle = {toml_str(ch.title)}\ndescription = {toml_str(ch.description)}\n"
              f"tags = {tags_toml(ch.tags)}\n+++\n\n")
        write(f"{out}/content/{part['dir']}/{lay.chapter_file(i)}", fm + ch.body(link, embed))


ZOLA_TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="{{ config.base_url }}">{{ config.title }}</a></header>
<main>{% block content %}{% endblock %}</main></body></html>
""",
    "index.html": """{% extends "base.html" %}{% block content %}<h1>{{ config.title }}</h1>{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "section.html": """{% extends "base.html" %}{% block title %}{{ section.title }}{% endblock %}
{% block content %}<h1>{{ section.title }}</h1>{{ section.content | safe }}
<ol>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ol>{% endblock %}
""",
    "page.html": """{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}
{% block content %}<article><h1>{{ page.title }}</h1>{{ page.content | safe }}</article>
<nav>{% if page.lower %}<a href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}</nav>{% endblock %}
""",
    "taxonomy_list.html": """{% extends "base.html" %}{% block content %}<ul>{% for t in terms %}<li><a href="{{ t.permalink }}">{{ t.name }}</a></li>{% endfor %}</ul>{% endblock %}
""",
    "taxonomy_single.html": """{% extends "base.html" %}{% block content %}<h1>{{ term.name }}</h1><ul>{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}
""",
}


def gen_zola(lay, out):
    write(f"{out}/config.toml", """base_url = "https://example.org"
title = "Benchmark handbook"
build_search_index = true
taxonomies = [{ name = "tags" }]

# Zola >= 0.22 (Giallo). For Zola < 0.22 use instead, under [markdown]:
#   highlight_code = true
#   highlight_theme = "css"
[markdown.highlighting]
theme = "github-light"
style = "class"
""")
    for name, text in ZOLA_TEMPLATES.items():
        write(f"{out}/templates/{name}", text)
    write(f"{out}/content/_index.md", "+++\ntitle = \"Benchmark handbook\"\n+++\n\n"
          + paragraph(random.Random(f"{lay.seed}-home")) + "\n")
    for part in lay.parts:
        write(f"{out}/content/{part['dir']}/_index.md",
              f"+++\ntitle = {toml_str(part['title'])}\nsort_by = \"weight\"\n+++\n\n{part['intro']}\n")
    for p, part, i, ch, nxt in lay.chapters():
        link = None
        if nxt is not None:
            link = (chapter_title(lay.seed, nxt), f"@/{part['dir']}/{lay.chapter_file(nxt)}")
        fm = (f"+++\ntitle = {toml_str(ch.title)}\ndescription = {toml_str(ch.description)}\n"
              f"weight = {i - part['first'] + 1}\n[taxonomies]\ntags = {tags_toml(ch.tags)}\n+++\n\n")
        write(f"{out}/content/{part['dir']}/{lay.chapter_file(i)}", fm + ch.body(link))


# The pages playbook's default theme renders, in Hugo's idiom: a sidebar with the parts and
# the current part's chapters (only the current part above 15 parts, as playbook does), the
# part as a kicker, description, reading time, tag links, a table of contents, previous/next.
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a>
<form action="{{ "search/" | relURL }}"><input type="search" name="q" placeholder="Search"></form></header>
{{ partial "nav.html" . }}
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "partials/nav.html": """{{ $page := . }}{{ $cur := .CurrentSection }}{{ $parts := .Site.Sections }}
{{ if gt (len $parts) 15 }}{{ $parts = slice $cur }}{{ end }}
<nav class="sidebar"><ol>{{ range $parts }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ if eq . $cur }}<ol>{{ range first 60 .Pages }}<li><a href="{{ .RelPermalink }}"{{ if eq . $page }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}</ol>{{ end }}</li>{{ end }}</ol></nav>
""",
    "_default/single.html": """{{ define "title" }}{{ .Title }}{{ end }}{{ define "main" }}<article>
<header>{{ with .Parent }}<p class="kicker"><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
<h1>{{ .Title }}</h1>{{ with .Description }}<p class="lead">{{ . }}</p>{{ end }}
<p class="meta">{{ .ReadingTime }} min read{{ with .GetTerms "tags" }} · {{ range . }}<a class="tag" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ end }}</p></header>
<nav class="toc"><h2>On this page</h2>{{ .TableOfContents }}</nav>
<div class="prose">{{ .Content }}</div>
<nav class="pager">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></article>{{ end }}
""",
    "_default/list.html": """{{ define "title" }}{{ .Title }}{{ end }}{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ol>{{ end }}
""",
}

# The earlier, lighter pages: no sidebar, table of contents, tags or description.
HUGO_MINIMAL_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "title" }}{{ .Title }}{{ end }}{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>{{ end }}
""",
    "_default/list.html": """{{ define "title" }}{{ .Title }}{{ end }}{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}
""",
}


def gen_hugo(lay, out, peer_pages="full"):
    write(f"{out}/hugo.toml", """baseURL = "https://example.org/"
title = "Benchmark handbook"
languageCode = "en"
disableKinds = ["RSS"]
[taxonomies]
tag = "tags"
[markup.highlight]
codeFences = true
noClasses = false
guessSyntax = false
""")
    layouts = HUGO_LAYOUTS if peer_pages == "full" else HUGO_MINIMAL_LAYOUTS
    for name, text in layouts.items():
        write(f"{out}/layouts/{name}", text)
    write(f"{out}/content/_index.md", "+++\ntitle = \"Benchmark handbook\"\n+++\n\n"
          + paragraph(random.Random(f"{lay.seed}-home")) + "\n")
    for part in lay.parts:
        write(f"{out}/content/{part['dir']}/_index.md",
              f"+++\ntitle = {toml_str(part['title'])}\n+++\n\n{part['intro']}\n")
    for p, part, i, ch, nxt in lay.chapters():
        link = None
        if nxt is not None:
            link = (chapter_title(lay.seed, nxt), "../" + lay.chapter_file(nxt)[:-3] + "/")
        fm = (f"+++\ntitle = {toml_str(ch.title)}\ndescription = {toml_str(ch.description)}\n"
              f"weight = {i - part['first'] + 1}\ntags = {tags_toml(ch.tags)}\n+++\n\n")
        write(f"{out}/content/{part['dir']}/{lay.chapter_file(i)}", fm + ch.body(link))


def gen_mdbook(lay, out):
    write(f"{out}/book.toml", '[book]\ntitle = "Benchmark handbook"\nlanguage = "en"\n'
          'src = "src"\n\n[output.html]\n\n[output.html.search]\nenable = true\n')
    summary = ["# Summary", "", "[Introduction](README.md)", ""]
    write(f"{out}/src/README.md", "# Benchmark handbook\n\n"
          + paragraph(random.Random(f"{lay.seed}-home")) + "\n")
    for part in lay.parts:
        write(f"{out}/src/{part['dir']}/README.md", f"# {part['title']}\n\n{part['intro']}\n")
        summary.append(f"- [{part['title']}]({part['dir']}/README.md)")
    for p, part, i, ch, nxt in lay.chapters():
        link = (chapter_title(lay.seed, nxt), lay.chapter_file(nxt)) if nxt is not None else None
        write(f"{out}/src/{part['dir']}/{lay.chapter_file(i)}", f"# {ch.title}\n\n" + ch.body(link))
    # Nest chapters under their part, in order.
    lines = summary[:4]
    for part in lay.parts:
        lines.append(f"- [{part['title']}]({part['dir']}/README.md)")
        for k in range(part["count"]):
            i = part["first"] + k
            lines.append(f"  - [{chapter_title(lay.seed, i)}]({part['dir']}/{lay.chapter_file(i)})")
    write(f"{out}/src/SUMMARY.md", "\n".join(lines) + "\n")


GENERATORS = {"playbook": gen_playbook, "zola": gen_zola, "hugo": gen_hugo, "mdbook": gen_mdbook}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of chapters")
    ap.add_argument("outdir")
    ap.add_argument("--tool", choices=TOOLS + ("all",), default="all")
    ap.add_argument("--seed", default="playbook-bench")
    ap.add_argument("--per-part", type=int, default=50, help="chapters per folder (default 50)")
    ap.add_argument("--peer-pages", choices=("full", "minimal"), default="full",
                    help="Hugo's layouts: the page elements playbook renders (full), or the "
                    "title, content and previous/next only (minimal)")
    args = ap.parse_args()
    if args.n < 1 or args.per_part < 1:
        sys.exit("N and --per-part must be at least 1")
    lay = Layout(args.n, args.per_part, args.seed)
    for tool in TOOLS if args.tool == "all" else (args.tool,):
        out = os.path.join(args.outdir, tool)
        if os.path.exists(out):
            shutil.rmtree(out)
        if tool == "hugo":
            gen_hugo(lay, out, args.peer_pages)
        else:
            GENERATORS[tool](lay, out)
        print(f"{out}: {args.n} chapters in {len(lay.parts)} parts", file=sys.stderr)


if __name__ == "__main__":
    main()
