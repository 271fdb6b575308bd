//! A small JSON reader for the reference files: objects keep their keys in
//! file order (the mapping picks "the first linked source" of a row) and
//! numbers keep their literal text, so a price becomes a Decimal exactly as
//! written (`1.25e-06` is 0.00000125, `2.50` is 2.5) without passing
//! through a float.

use anyhow::{bail, Context, Result};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    /// A number, as its literal text.
    Num(String),
    Str(String),
    Arr(Vec<J>),
    /// Members in file order.
    Obj(Vec<(String, J)>),
}

static NULL: J = J::Null;

impl J {
    /// The member `key` of an object; `Null` when absent or not an object.
    pub fn get(&self, key: &str) -> &J {
        match self {
            J::Obj(members) => members.iter().find(|(k, _)| k == key).map_or(&NULL, |(_, v)| v),
            _ => &NULL,
        }
    }

    /// Whether an object has the member `key` (even when it is null).
    pub fn has(&self, key: &str) -> bool {
        matches!(self, J::Obj(m) if m.iter().any(|(k, _)| k == key))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, J::Null)
    }

    /// The text of a string.
    pub fn str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string, or an error naming `what`.
    pub fn text(&self, what: &str) -> Result<&str> {
        self.str()
            .with_context(|| format!("{what}: expected a string, found {}", self.kind()))
    }

    pub fn items(&self) -> &[J] {
        match self {
            J::Arr(items) => items,
            _ => &[],
        }
    }

    pub fn members(&self) -> &[(String, J)] {
        match self {
            J::Obj(m) => m,
            _ => &[],
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            J::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A number as an exact Decimal (`None` for null).
    pub fn dec(&self, what: &str) -> Result<Option<Decimal>> {
        match self {
            J::Null => Ok(None),
            J::Num(text) => number(text).map(Some).with_context(|| what.to_string()),
            other => bail!("{what}: expected a number, found {}", other.kind()),
        }
    }

    /// A whole number (the reference writes some counts as `6.71e11` or
    /// `2000000.0`).
    pub fn whole(&self, what: &str) -> Result<Option<u64>> {
        let Some(d) = self.dec(what)? else { return Ok(None) };
        if d.fract() != Decimal::ZERO || d.is_sign_negative() {
            bail!("{what}: expected a whole number, found {d}");
        }
        let n = u64::try_from(d).with_context(|| format!("{what}: {d} is too large"))?;
        Ok(Some(n))
    }

    fn kind(&self) -> &'static str {
        match self {
            J::Null => "null",
            J::Bool(_) => "a boolean",
            J::Num(_) => "a number",
            J::Str(_) => "a string",
            J::Arr(_) => "an array",
            J::Obj(_) => "an object",
        }
    }

    /// The value written back as compact JSON (for text searches over a
    /// row, as the prototype's `json.dumps`).
    pub fn dump(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(t) => out.push_str(t),
            J::Str(s) => {
                out.push('"');
                for c in s.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
            J::Arr(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    x.write(out);
                }
                out.push(']');
            }
            J::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    J::Str(k.clone()).write(out);
                    out.push_str(": ");
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// The exact Decimal of a JSON number literal.
pub fn number(text: &str) -> Result<Decimal> {
    let d = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str(text)
    };
    d.map(|d| d.normalize())
        .map_err(|e| anyhow::anyhow!("the number {text} is not an exact decimal: {e}"))
}

/// Parses a JSON document.
pub fn parse(text: &str) -> Result<J> {
    let mut p = Parser {
        s: text.as_bytes(),
        at: 0,
    };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.at != p.s.len() {
        bail!("trailing text at byte {}", p.at);
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.at < self.s.len() && matches!(self.s[self.at], b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> Result<()> {
        if self.peek() != Some(b) {
            bail!("expected {:?} at byte {}", b as char, self.at);
        }
        self.at += 1;
        Ok(())
    }

    fn lit(&mut self, word: &str, v: J) -> Result<J> {
        if self.s[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(v)
        } else {
            bail!("unexpected text at byte {}", self.at)
        }
    }

    fn value(&mut self) -> Result<J> {
        match self.peek() {
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(J::Obj(members));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    self.ws();
                    self.eat(b':')?;
                    self.ws();
                    let v = self.value()?;
                    if members.iter().any(|(m, _)| *m == k) {
                        bail!("duplicate key {k:?} at byte {}", self.at);
                    }
                    members.push((k, v));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(J::Obj(members));
                        }
                        _ => bail!("expected , or }} at byte {}", self.at),
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(J::Arr(items));
                }
                loop {
                    self.ws();
                    items.push(self.value()?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(J::Arr(items));
                        }
                        _ => bail!("expected , or ] at byte {}", self.at),
                    }
                }
            }
            Some(b'"') => Ok(J::Str(self.string()?)),
            Some(b't') => self.lit("true", J::Bool(true)),
            Some(b'f') => self.lit("false", J::Bool(false)),
            Some(b'n') => self.lit("null", J::Null),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                if self.peek() == Some(b'-') {
                    self.at += 1;
                }
                let digits = |p: &mut Self| {
                    let from = p.at;
                    while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                        p.at += 1;
                    }
                    p.at > from
                };
                if !digits(self) {
                    bail!("a number without digits at byte {start}");
                }
                if self.peek() == Some(b'.') {
                    self.at += 1;
                    if !digits(self) {
                        bail!("a number without fraction digits at byte {start}");
                    }
                }
                if matches!(self.peek(), Some(b'e' | b'E')) {
                    self.at += 1;
                    if matches!(self.peek(), Some(b'+' | b'-')) {
                        self.at += 1;
                    }
                    if !digits(self) {
                        bail!("a number without exponent digits at byte {start}");
                    }
                }
                let text = std::str::from_utf8(&self.s[start..self.at]).context("number")?;
                Ok(J::Num(text.to_string()))
            }
            _ => bail!("unexpected text at byte {}", self.at),
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        let h = self.s.get(self.at..self.at + 4).context("a short \\u escape")?;
        let h = std::str::from_utf8(h).context("\\u escape")?;
        self.at += 4;
        u32::from_str_radix(h, 16).with_context(|| format!("bad \\u escape {h}"))
    }

    fn string(&mut self) -> Result<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let start = self.at;
            while self.peek().is_some_and(|b| b != b'"' && b != b'\\') {
                self.at += 1;
            }
            out.push_str(std::str::from_utf8(&self.s[start..self.at]).context("string")?);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let e = self.peek().context("an escape at the end")?;
                    self.at += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut c = self.hex4()?;
                            if (0xD800..0xDC00).contains(&c) {
                                self.eat(b'\\')?;
                                self.eat(b'u')?;
                                let low = self.hex4()?;
                                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                            }
                            out.push(char::from_u32(c).context("a bad \\u escape")?);
                        }
                        _ => bail!("bad escape at byte {}", self.at),
                    }
                }
                _ => bail!("an unterminated string"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact_decimals_of_their_literal() {
        for (lit, want) in [
            ("1.25e-06", "0.00000125"),
            ("2.50", "2.5"),
            ("10.0", "10"),
            ("6.71e11", "671000000000"),
            ("2000000.0", "2000000"),
            ("0.1", "0.1"),
            ("1.5484", "1.5484"),
            ("3E2", "300"),
        ] {
            assert_eq!(number(lit).unwrap().to_string(), want, "{lit}");
        }
        let v = parse(r#"{"b": 1, "a": [true, null, "x\u00e9\ud83d\ude00"], "c": -0.5}"#).unwrap();
        let keys: Vec<&str> = v.members().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(v.get("a").items()[2].str(), Some("xé😀"));
        assert_eq!(v.get("c").dec("c").unwrap().unwrap().to_string(), "-0.5");
        assert!(parse("{\"a\": 1,}").is_err());
        assert!(parse("{\"a\": 1, \"a\": 2}").is_err());
    }
}
