//! Tera against minijinja on playbook's default theme, with the template contexts of a real
//! build (`run.py` dumps them): does the theme compile unchanged under minijinja, do both
//! engines write the same pages, how long each takes to render them all (interleaved rounds,
//! CPU time of this thread), and what each says about five typical theme mistakes.
//!
//!     template-engines CONTEXTS.jsonl TEMPLATES_DIR [ROUNDS]
//!
//! A measurement, not part of playbook: see bench/README.md, "Template engine".
use serde_json::Value;
use std::collections::BTreeMap;
use std::error::Error as _;
use std::path::Path;
use std::time::Instant;

/// One page of the build: the template playbook rendered it with, and the context it gave.
struct Job {
    template: String,
    context: Value,
}

type Templates = BTreeMap<String, String>;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, contexts, dir, rest @ ..] = args.as_slice() else {
        eprintln!("usage: template-engines CONTEXTS.jsonl TEMPLATES_DIR [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = rest.first().map_or(10, |r| r.parse().expect("ROUNDS"));
    let jobs = load_jobs(Path::new(contexts));
    let tera_src = load_templates(Path::new(dir));
    println!("pages: {}, templates: {}", jobs.len(), tera_src.len());

    // 1. The theme as it is, under minijinja.
    println!("\n## The default theme unchanged under minijinja");
    for (name, src) in &tera_src {
        let mut env = mini_env();
        if let Err(e) = env.add_template_owned(name.clone(), src.clone()) {
            println!("- {name}: {}", one_line(&mini_error(&e)));
        }
    }
    let mini_src: Templates = tera_src.iter().map(|(n, s)| (n.clone(), port(s))).collect();
    let changed: Vec<&String> = tera_src
        .keys()
        .filter(|n| tera_src[*n] != mini_src[*n])
        .collect();
    println!("ported (minimal edits): {changed:?}");

    let tera = tera_env(&tera_src).expect("Tera compiles the theme");
    let mini = {
        let mut env = mini_env();
        for (n, s) in &mini_src {
            env.add_template_owned(n.clone(), s.clone())
                .unwrap_or_else(|e| panic!("minijinja compiles the port: {}", mini_error(&e)));
        }
        env
    };

    // 2. Same pages.
    let (mut differ, mut beyond_space) = (0, 0);
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for job in &jobs {
        let a = render_tera(&tera, job).expect("Tera renders");
        let b = render_mini(&mini, job).unwrap_or_else(|e| panic!("{}", mini_error(&e)));
        if a != b {
            if differ == 0 {
                let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
                let from = at.saturating_sub(80);
                println!(
                    "first difference ({}):\n tera: {:?}\n mini: {:?}",
                    job.template,
                    &a[from..(at + 80).min(a.len())],
                    &b[from..(at + 80).min(b.len())]
                );
            }
            differ += 1;
            if squeeze(&a) != squeeze(&b) {
                beyond_space += 1;
            }
        }
    }
    println!(
        "\npages whose HTML differs between the engines: {differ} of {}; \
         beyond whitespace: {beyond_space}",
        jobs.len()
    );

    // 3. Time, interleaved.
    println!("\n## Render time, every page, one thread ({rounds} rounds, interleaved)");
    println!("load average before: {}", loadavg());
    let (mut t_cpu, mut m_cpu, mut t_wall, mut m_wall) = (vec![], vec![], vec![], vec![]);
    for round in 0..rounds {
        let mut run_tera = || {
            let (cpu, wall) = timed(|| {
                for job in &jobs {
                    std::hint::black_box(render_tera(&tera, job).unwrap());
                }
            });
            t_cpu.push(cpu);
            t_wall.push(wall);
        };
        let mut run_mini = || {
            let (cpu, wall) = timed(|| {
                for job in &jobs {
                    std::hint::black_box(render_mini(&mini, job).unwrap());
                }
            });
            m_cpu.push(cpu);
            m_wall.push(wall);
        };
        if round % 2 == 0 {
            run_tera();
            run_mini();
        } else {
            run_mini();
            run_tera();
        }
    }
    println!("load average after: {}", loadavg());
    let ms = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        format!(
            "median {:.1} ms (min {:.1}, max {:.1})",
            v[v.len() / 2] * 1e3,
            v[0] * 1e3,
            v[v.len() - 1] * 1e3
        )
    };
    println!("tera      CPU {}; wall {}", ms(&mut t_cpu), ms(&mut t_wall));
    println!("minijinja CPU {}; wall {}", ms(&mut m_cpu), ms(&mut m_wall));
    println!(
        "minijinja / tera, median CPU: {:.2}",
        m_cpu[m_cpu.len() / 2] / t_cpu[t_cpu.len() / 2]
    );
    let (mut tc, mut mc) = (vec![], vec![]);
    for _ in 0..rounds {
        tc.push(timed(|| drop(std::hint::black_box(tera_env(&tera_src).unwrap()))).0);
        mc.push(
            timed(|| {
                let mut env = mini_env();
                for (n, s) in &mini_src {
                    env.add_template_owned(n.clone(), s.clone()).unwrap();
                }
                std::hint::black_box(env);
            })
            .0,
        );
    }
    println!(
        "compile the theme: tera CPU {}; minijinja CPU {}",
        ms(&mut tc),
        ms(&mut mc)
    );

    // 4. Mistakes.
    println!("\n## Five theme mistakes: what each engine says");
    let chapter = jobs
        .iter()
        .find(|j| j.template == "chapter.html")
        .expect("a chapter page");
    let mut shown_debug = false;
    for (what, file, from, to) in MISTAKES {
        println!("\n### {what} ({file}: `{from}` -> `{to}`)");
        let tera_broken = broken(&tera_src, file, from, to);
        let mini_broken = broken(&mini_src, file, from, to);
        let t = tera_env(&tera_broken).and_then(|t| render_tera(&t, chapter));
        println!(
            "tera: {}",
            match t {
                Ok(_) => "no error (rendered)".to_string(),
                Err(e) => tera_error(&e),
            }
        );
        for strict in [false, true] {
            let mut env = mini_env();
            if strict {
                env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
            }
            let mut result = Ok(());
            for (n, s) in &mini_broken {
                if let Err(e) = env.add_template_owned(n.clone(), s.clone()) {
                    result = Err(e);
                    break;
                }
            }
            let m = result.and_then(|()| render_mini(&env, chapter).map(drop));
            let label = if strict {
                "minijinja (semi-strict)"
            } else {
                "minijinja"
            };
            println!(
                "{label}: {}",
                match &m {
                    Ok(()) => "no error (rendered)".to_string(),
                    Err(e) => mini_error(e),
                }
            );
            // What minijinja's alternate form adds (once): the template's lines around it.
            if let (Err(e), false) = (&m, shown_debug) {
                println!("minijinja, alternate form (`{{:#}}`):\n{e:#}");
                shown_debug = true;
            }
        }
    }
}

/// Five mistakes theme authors make, each in a template a chapter page uses:
/// (what, template, text replaced, replacement).
const MISTAKES: [(&str, &str, &str, &str); 5] = [
    (
        "unknown variable",
        "chapter.html",
        "{{ page.minutes }}",
        "{{ page.minutse }}",
    ),
    (
        "unknown filter",
        "chapter.html",
        "<h1>{{ title }}</h1>",
        "<h1>{{ title | upcase }}</h1>",
    ),
    (
        "unclosed block",
        "chapter.html",
        "{% endfor %}{% endif %}</p>",
        "{% endfor %}</p>",
    ),
    (
        "bad syntax in an included template",
        "partials/search.html",
        "<form action=\"{{ root }}search",
        "<form action=\"{{ root }search",
    ),
    (
        "runtime type error",
        "chapter.html",
        "{{ page.minutes }} min read",
        "{{ page.minutes + title }} min read",
    ),
];

fn broken(src: &Templates, file: &str, from: &str, to: &str) -> Templates {
    let mut out = src.clone();
    let text = out.get_mut(file).expect("template");
    assert!(text.contains(from), "{file} has {from}");
    *text = text.replacen(from, to, 1);
    out
}

/// The smallest edits that make the default theme's Tera templates minijinja templates:
/// macros called without Tera's `self::` and `module::`, a namespace for what Tera's
/// `set_global` keeps across loop iterations, and `range` without Tera's keyword argument.
fn port(src: &str) -> String {
    src.replace("self::entries(", "entries(")
        .replace("contents::entries(", "contents.entries(")
        .replace("{% endmacro entries %}", "{% endmacro %}")
        .replace("{% set_global n = 0 %}", "{% set ns = namespace(n=0) %}")
        .replace("{% set_global n = n + 1 %}", "{% set ns.n = ns.n + 1 %}")
        .replace("{% if n + 2 >=", "{% if ns.n + 2 >=")
        .replace("{% if n + 1 >=", "{% if ns.n + 1 >=")
        .replace("range(end=item.answer)", "range(item.answer)")
}

fn load_jobs(path: &Path) -> Vec<Job> {
    let text = std::fs::read_to_string(path).expect("read the contexts");
    text.lines()
        .map(|line| {
            let mut v: Value = serde_json::from_str(line).expect("a JSON line");
            let template = v["template"].as_str().expect("template").to_string();
            let mut context = v["context"].take();
            // The dump's own templates made playbook hand over the sidebar's entries; the
            // default theme's contexts hold none (it prints `nav_html`).
            context["nav"] = Value::Array(vec![]);
            Job { template, context }
        })
        .collect()
}

fn load_templates(dir: &Path) -> Templates {
    let mut out = Templates::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read templates").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(name, std::fs::read_to_string(&p).expect("template text"));
            }
        }
    }
    out
}

/// playbook's escaper (`src/html.rs`): `&`, `<`, `>`, `"`, `'`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn tera_env(src: &Templates) -> Result<tera::Tera, tera::Error> {
    let mut tera = tera::Tera::default();
    tera.set_escape_fn(escape);
    tera.add_raw_templates(src.iter().map(|(n, s)| (n.as_str(), s.as_str())))?;
    Ok(tera)
}

fn render_tera(tera: &tera::Tera, job: &Job) -> Result<String, tera::Error> {
    let context = tera::Context::from_serialize(&job.context)?;
    tera.render(&job.template, &context)
}

/// minijinja set up to write what Tera writes: the same escaper on `.html` templates, and
/// Tera's `striptags`, `truncate` and `trim_end_matches` filters, which minijinja lacks.
fn mini_env() -> minijinja::Environment<'static> {
    use minijinja::value::{Kwargs, Value as V};
    let mut env = minijinja::Environment::new();
    // Jinja2 drops a template's last newline; Tera keeps it.
    env.set_keep_trailing_newline(true);
    env.set_formatter(|out, state, value| {
        if state.auto_escape() != minijinja::AutoEscape::None && !value.is_safe() {
            match value.as_str() {
                Some(s) => out.write_str(&escape(s))?,
                None => out.write_str(&escape(&value.to_string()))?,
            }
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("striptags", |s: String| -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    });
    env.add_filter(
        "truncate",
        |s: String, kw: Kwargs| -> Result<String, minijinja::Error> {
            let length: usize = kw.get("length")?;
            kw.assert_all_used()?;
            Ok(match s.char_indices().nth(length) {
                Some((i, _)) => format!("{}…", &s[..i]),
                None => s,
            })
        },
    );
    env.add_filter(
        "trim_end_matches",
        |s: String, kw: Kwargs| -> Result<V, minijinja::Error> {
            let pat: String = kw.get("pat")?;
            kw.assert_all_used()?;
            Ok(V::from(s.trim_end_matches(pat.as_str()).to_string()))
        },
    );
    env
}

fn render_mini(env: &minijinja::Environment<'_>, job: &Job) -> Result<String, minijinja::Error> {
    env.get_template(&job.template)?.render(&job.context)
}

/// A Tera error with its causes, as playbook's `Renderer::error` reads it.
fn tera_error(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(" | caused by: ")
}

/// A minijinja error as data (name, line, byte range) and as it displays.
fn mini_error(e: &minijinja::Error) -> String {
    let mut s = format!(
        "[name {:?}, line {:?}, range {:?}] {e}",
        e.name(),
        e.line(),
        e.range()
    );
    let mut source = e.source();
    while let Some(c) = source {
        s.push_str(&format!(" | caused by: {c}"));
        source = c.source();
    }
    s
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// (CPU seconds of this thread, wall seconds) that `f` took.
fn timed(f: impl FnOnce()) -> (f64, f64) {
    let cpu = || {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid timespec for the call to fill in.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
    };
    let (c0, w0) = (cpu(), Instant::now());
    f();
    (cpu() - c0, w0.elapsed().as_secs_f64())
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
