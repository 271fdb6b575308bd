//! HTML text with escaping, for the read-only parts of the web page (the
//! report's tables and lists), which the page sets on their container in
//! one step (`inner_html`): the text is built here, in pure Rust, so its
//! escaping is tested natively.
//!
//! Safety: every text that comes from the scenario, the catalog or the
//! report goes through [`Html::text`] (or [`Html::linked`]), which escapes
//! `&`, `<`, `>`, `"` and `'`; markup is only ever a `&'static str`, a
//! literal of the program ([`Html::tag`]). Attribute values are always
//! double-quoted.

use std::fmt::Write as _;

/// Appends `text` to `out` escaped for element content and quoted attribute
/// values, in HTML and in XML (SVG) alike: `&`, `<`, `>`, `"` and `'`. The
/// one escaper of the crate.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// HTML text being written.
#[derive(Default)]
pub struct Html(String);

impl Html {
    /// An empty document fragment.
    pub fn new() -> Self {
        Self(String::with_capacity(4096))
    }

    /// Appends markup written in this crate (never text from outside).
    pub fn tag(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Appends `text`, escaped for element content and double-quoted
    /// attribute values.
    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.0, text);
        self
    }

    /// Appends formatted text, escaped as by [`Html::text`].
    pub fn fmt(&mut self, args: std::fmt::Arguments<'_>) -> &mut Self {
        let mut s = String::new();
        let _ = s.write_fmt(args);
        self.text(&s)
    }

    /// Appends `text` with its `http://` and `https://` addresses as links
    /// that open in a new tab without access to this page
    /// (`rel="noopener noreferrer"`); everything else, `javascript:`
    /// included, stays text.
    pub fn linked(&mut self, text: &str) -> &mut Self {
        let mut rest = text;
        while let Some(i) = rest.find("http://").into_iter().chain(rest.find("https://")).min() {
            self.text(&rest[..i]);
            let url_len = rest[i..]
                .find(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | ')' | '"' | '<' | '>'))
                .unwrap_or(rest.len() - i);
            let url = &rest[i..i + url_len];
            self.tag("<a href=\"")
                .text(url)
                .tag("\" rel=\"noopener noreferrer\" target=\"_blank\">")
                .text(url)
                .tag("</a>");
            rest = &rest[i + url_len..];
        }
        self.text(rest)
    }

    /// The HTML written.
    pub fn finish(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Html;

    #[test]
    fn text_is_escaped_and_only_http_addresses_become_links() {
        let mut h = Html::new();
        h.tag("<p>")
            .text("<img src=x onerror=\"alert('1')\"> & more")
            .tag("</p>");
        assert_eq!(
            h.finish(),
            "<p>&lt;img src=x onerror=&quot;alert(&apos;1&apos;)&quot;&gt; &amp; more</p>"
        );
        let mut h = Html::new();
        h.linked("see https://a.example/x?q=\"1\" and javascript:alert(1); http://b.example.");
        assert_eq!(
            h.finish(),
            "see <a href=\"https://a.example/x?q=\" rel=\"noopener noreferrer\" target=\"_blank\">https://a.example/x?q=</a>&quot;1&quot; and javascript:alert(1); <a href=\"http://b.example.\" rel=\"noopener noreferrer\" target=\"_blank\">http://b.example.</a>"
        );
    }
}
