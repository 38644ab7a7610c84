//! Files made for other tools rather than for reading: `checklists.json` (a stable schema,
//! documented in the README), one Markdown task list per checklist, and `sitemap.xml`.
use crate::config::RawHtml;
use crate::output::OutputFile;
use crate::site::Site;
use serde::Serialize;

/// Version of the `checklists.json` schema; bump on any incompatible change.
const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct ExportFile<'a> {
    version: u32,
    checklists: Vec<ExportChecklist<'a>>,
}

#[derive(Serialize)]
struct ExportChecklist<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    /// Root-relative URL of the checklist page.
    url: String,
    /// Root-relative URL of the Markdown task list.
    markdown_url: String,
    sections: Vec<ExportSection<'a>>,
}

#[derive(Serialize)]
struct ExportSection<'a> {
    title: &'a str,
    items: Vec<ExportItem<'a>>,
}

#[derive(Serialize)]
struct ExportItem<'a> {
    id: &'a str,
    text: &'a str,
    detail: Option<&'a str>,
    /// Root-relative URL of the item's anchor.
    url: String,
}

/// `checklists.json` and `checklists/<id>/<id>.md` for every checklist. The Markdown files
/// escape the plain text they copy, and the author's HTML as `raw_html` says.
pub(crate) fn checklists(site: &Site, raw_html: RawHtml) -> Vec<OutputFile> {
    let md_text = crate::markdown::html_policy::markdown_text;
    let md_copy = |md: &str| crate::markdown::html_policy::markdown_copy(raw_html, md).into_owned();
    let export = ExportFile {
        version: SCHEMA_VERSION,
        checklists: site
            .checklists
            .iter()
            .map(|c| ExportChecklist {
                id: &c.id,
                title: &c.title,
                description: c.description_md.as_deref(),
                url: c.out_dir.clone(),
                markdown_url: format!("{}{}.md", c.out_dir, c.id),
                sections: c
                    .sections
                    .iter()
                    .map(|s| ExportSection {
                        title: &s.title,
                        items: s
                            .items
                            .iter()
                            .map(|i| ExportItem {
                                id: &i.id,
                                text: &i.markdown,
                                detail: i.detail.as_deref(),
                                url: format!("{}#{}", c.out_dir, i.id),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let json = serde_json::to_string_pretty(&export).unwrap_or_default();
    let mut files = vec![OutputFile::new("checklists.json", json)];
    for c in &site.checklists {
        let mut md = format!("# {}\n\n", md_text(&c.title));
        if let Some(d) = &c.description_md {
            md.push_str(&md_copy(d.trim()));
            md.push_str("\n\n");
        }
        for s in &c.sections {
            md.push_str(&format!("## {}\n\n", md_text(&s.title)));
            for i in &s.items {
                md.push_str(&format!(
                    "- [ ] {}\n",
                    md_copy(&i.markdown.replace('\n', " "))
                ));
                if let Some(d) = &i.detail {
                    md.push_str(&format!("  - {}\n", md_copy(&d.trim().replace('\n', " "))));
                }
            }
            md.push('\n');
        }
        files.push(OutputFile::new(
            format!("{}{}.md", c.out_dir, c.id),
            md.trim_end().to_string() + "\n",
        ));
    }
    files
}

/// `sitemap.xml` with absolute URLs under `base`.
pub(crate) fn sitemap(site: &Site, base: &str) -> String {
    let mut urls = vec![String::new(), "checklists/".to_string()];
    urls.extend(site.sections.iter().map(|s| s.out_dir.clone()));
    urls.extend(site.chapters.iter().map(|c| c.out_dir.clone()));
    urls.extend(site.checklists.iter().map(|c| c.out_dir.clone()));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::markdown::highlight::escape(&format!("{base}{u}"))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
