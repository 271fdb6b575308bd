//! TOML documents (scenario and catalog files) read straight into the
//! reader's tree ([`Json`]).
//!
//! The library's own parser for TOML 1.1, the version the `toml` crate
//! reads; it replaced that crate's parser on reading because the web page
//! carried 29 KB (gzipped) of it. `tests/it/toml_read.rs` holds it to the
//! `toml` crate: the same documents accepted, the same trees, over the
//! fixtures, mutations of them, and a table of the language's corners.
//!
//! Syntax errors give their line; a value TOML writes but the tree cannot
//! hold (an integer past 64 bits, a float that is not finite) is an error
//! at its field's path. Dates and times become their text, normalized as
//! the `toml` crate writes them (`2026-11-01T10:00:00Z`).

use crate::error::{Error, ErrorKind, Result};
use crate::read::Json;

/// A value as written, before it becomes the tree.
enum Node {
    Str(String),
    /// Digits without underscores, with the sign, and their radix.
    Int(String, u32),
    /// The float without underscores.
    Float(String),
    Bool(bool),
    /// A date or time, normalized.
    Datetime(String),
    /// An array written as `[ ... ]`.
    Array(Vec<Node>),
    Table(Table),
    /// An array of tables, written as `[[name]]` sections.
    Tables(Vec<Table>),
}

/// How a table came to be, which decides what may still add to it.
#[derive(Clone, Copy, PartialEq)]
enum Made {
    /// On the way to a `[a.b]` header: a header of its own may still define it.
    OnTheWay,
    /// By its `[header]` (or as an element of `[[header]]`).
    Header,
    /// By a dotted key (`a.b = 1`): later dotted keys may add to it, no
    /// header may define it.
    Dotted,
    /// As `{ ... }`: complete as written.
    Inline,
}

struct Table {
    entries: Vec<(String, Node)>,
    made: Made,
}

impl Table {
    fn new(made: Made) -> Table {
        Table {
            entries: Vec::new(),
            made,
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The table at `key`, made as `made` when missing.
    fn child_table(&mut self, key: &str, made: Made) -> &mut Node {
        if self.get_mut(key).is_none() {
            self.entries.push((key.to_string(), Node::Table(Table::new(made))));
        }
        self.get_mut(key).expect("just inserted")
    }
}

/// Parses a TOML document into an object of the reader's tree.
pub(crate) fn parse(text: &str) -> Result<Json> {
    let mut p = Parser { text, at: 0, depth: 0 };
    let root = p.document()?;
    table_to_json(root, "")
}

/// Deepest nesting read, as serde_json's reader allows for JSON: arrays,
/// inline tables and the parts of a dotted key, counted together within a
/// value; a header's key has as many parts at most. (A deeper document
/// would overflow the stack of the recursive reader and writer.)
const MAX_NESTING: usize = 128;

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    at: usize,
    /// Nesting of the value being read (see [`MAX_NESTING`]).
    depth: usize,
}

impl Parser<'_> {
    /// A syntax error at the next character.
    fn error(&self, message: impl std::fmt::Display) -> Error {
        self.error_at(self.at, message)
    }

    /// A syntax error on the line of byte `offset`.
    fn error_at(&self, offset: usize, message: impl std::fmt::Display) -> Error {
        let line = self.text[..offset.min(self.text.len())].matches('\n').count() + 1;
        Error::new(ErrorKind::Syntax, "", format!("{message} (line {line})"))
    }

    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.at += s.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, s: &str, what: &str) -> Result<()> {
        if self.eat(s) {
            Ok(())
        } else {
            Err(self.error(format!("expected `{s}` {what}, found {}", self.found())))
        }
    }

    /// The next character as a message names it.
    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the document".into(),
            Some('\n') | Some('\r') => "the end of the line".into(),
            Some(c) => format!("{c:?}"),
        }
    }

    fn spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.at += 1;
        }
    }

    /// A comment from `#` to the end of the line, if there is one.
    fn comment(&mut self) -> Result<()> {
        if !self.eat("#") {
            return Ok(());
        }
        while let Some(c) = self.peek() {
            if c == '\n' || self.rest().starts_with("\r\n") {
                break;
            }
            if is_control(c) {
                return Err(self.error(format!("control character {c:?} in a comment")));
            }
            self.at += c.len_utf8();
        }
        Ok(())
    }

    /// The end of a line: spaces, a comment, then a line break or the end.
    fn line_end(&mut self, after: &str) -> Result<()> {
        self.spaces();
        self.comment()?;
        if self.peek().is_none() || self.eat("\n") || self.eat("\r\n") {
            Ok(())
        } else {
            Err(self.error(format!(
                "expected the end of the line after {after}, found {}",
                self.found()
            )))
        }
    }

    /// Spaces, line breaks and comments (inside arrays and inline tables).
    fn blank(&mut self) -> Result<()> {
        loop {
            self.spaces();
            self.comment()?;
            if !(self.eat("\n") || self.eat("\r\n")) {
                return Ok(());
            }
        }
    }

    fn document(&mut self) -> Result<Table> {
        let mut root = Table::new(Made::Header);
        // The keys of the section being written, `[a.b]` or `[[a.b]]`.
        let mut section: Vec<String> = Vec::new();
        self.eat("\u{feff}");
        loop {
            self.blank()?;
            if self.peek().is_none() {
                return Ok(root);
            }
            if self.eat("[") {
                let array = self.eat("[");
                self.spaces();
                let start = self.at;
                let keys = self.key()?;
                let close = if array { "]]" } else { "]" };
                self.expect(close, "to close the table header")?;
                self.line_end("the table header")?;
                define_section(&mut root, &keys, array).map_err(|m| self.error_at(start, m))?;
                section = keys;
            } else {
                let start = self.at;
                let (keys, value) = self.key_value(false)?;
                self.line_end("the value")?;
                let table = section_table(&mut root, &section);
                insert(table, &keys, value).map_err(|m| self.error_at(start, m))?;
            }
        }
    }

    /// Spaces; inside an inline table also line breaks and comments (the
    /// toml crate allows them between any two of its parts).
    fn gap(&mut self, inline: bool) -> Result<()> {
        if inline {
            self.blank()
        } else {
            self.spaces();
            Ok(())
        }
    }

    /// `key = value`, the key's parts and the value.
    fn key_value(&mut self, inline: bool) -> Result<(Vec<String>, Node)> {
        let keys = self.key()?;
        self.gap(inline)?;
        self.expect("=", "after the key")?;
        self.gap(inline)?;
        // Each part of a dotted key is a table around the value.
        let tables = keys.len() - 1;
        self.nest(tables)?;
        let value = self.value()?;
        self.depth -= tables;
        Ok((keys, value))
    }

    /// `levels` deeper, or an error past [`MAX_NESTING`].
    fn nest(&mut self, levels: usize) -> Result<()> {
        self.depth += levels;
        if self.depth > MAX_NESTING {
            return Err(self.error(format!("nested deeper than {MAX_NESTING} levels")));
        }
        Ok(())
    }

    /// A key: bare, quoted or dotted, as its parts.
    fn key(&mut self) -> Result<Vec<String>> {
        let mut keys = Vec::new();
        loop {
            let key = match self.peek() {
                Some(quote @ ('"' | '\'')) => {
                    self.at += 1;
                    self.string(quote, false)?
                }
                _ => {
                    let bare = self
                        .rest()
                        .bytes()
                        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
                        .count();
                    if bare == 0 {
                        return Err(self.error(format!("expected a key, found {}", self.found())));
                    }
                    self.at += bare;
                    self.text[self.at - bare..self.at].to_string()
                }
            };
            keys.push(key);
            self.spaces();
            if !self.eat(".") {
                return Ok(keys);
            }
            if keys.len() == MAX_NESTING {
                return Err(self.error(format!("a key of more than {MAX_NESTING} parts")));
            }
            self.spaces();
        }
    }

    fn value(&mut self) -> Result<Node> {
        if matches!(self.peek(), Some('[' | '{')) {
            self.nest(1)?;
            let value = self.container();
            self.depth -= 1;
            return value;
        }
        match self.peek() {
            Some(quote @ ('"' | '\'')) => {
                let multi = self.eat(if quote == '"' { "\"\"\"" } else { "'''" });
                if !multi {
                    self.at += 1;
                }
                Ok(Node::Str(self.string(quote, multi)?))
            }
            _ => self.scalar(),
        }
    }

    /// An array or an inline table, at its opening bracket.
    fn container(&mut self) -> Result<Node> {
        match self.peek() {
            Some('[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.blank()?;
                    if self.eat("]") {
                        return Ok(Node::Array(items));
                    }
                    items.push(self.value()?);
                    self.blank()?;
                    if !self.eat(",") {
                        self.expect("]", "or `,` in the array")?;
                        return Ok(Node::Array(items));
                    }
                }
            }
            _ => {
                self.at += 1;
                let mut table = Table::new(Made::Inline);
                loop {
                    self.blank()?;
                    if self.eat("}") {
                        return Ok(Node::Table(table));
                    }
                    let start = self.at;
                    let (keys, value) = self.key_value(true)?;
                    insert(&mut table, &keys, value).map_err(|m| self.error_at(start, m))?;
                    self.blank()?;
                    if !self.eat(",") {
                        self.expect("}", "or `,` in the inline table")?;
                        return Ok(Node::Table(table));
                    }
                }
            }
        }
    }

    /// A boolean, number, date or time: the word up to the next separator.
    fn scalar(&mut self) -> Result<Node> {
        let word_len = |s: &str| {
            s.bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-' | b'.' | b':'))
                .count()
        };
        let start = self.at;
        let mut end = start + word_len(self.rest());
        // A date, a space, a time: one value.
        let after = &self.text.as_bytes()[end..];
        if end - start == 10
            && is_date(&self.text[start..end])
            && after.len() >= 4
            && after[0] == b' '
            && after[1].is_ascii_digit()
            && after[2].is_ascii_digit()
            && after[3] == b':'
        {
            end += 1 + word_len(&self.text[end + 1..]);
        }
        let word = &self.text[start..end];
        let node = match word {
            "" => return Err(self.error(format!("expected a value, found {}", self.found()))),
            "true" => Node::Bool(true),
            "false" => Node::Bool(false),
            "inf" | "+inf" | "-inf" | "nan" | "+nan" | "-nan" => Node::Float(word.to_string()),
            _ if is_date(word) || word.get(2..3) == Some(":") => match datetime(word) {
                Some(text) => Node::Datetime(text),
                None => return Err(self.error(format!("`{word}` is not a valid date or time"))),
            },
            _ => match number(word) {
                Some(node) => node,
                None => return Err(self.error(format!("`{word}` is not a TOML value (a string is written in quotes)"))),
            },
        };
        self.at = end;
        Ok(node)
    }

    /// A string after its opening quote(s): basic (`"`, escapes read) or
    /// literal (`'`, no escapes), on one line or, `multi`, on several.
    fn string(&mut self, quote: char, multi: bool) -> Result<String> {
        let basic = quote == '"';
        let mut out = String::new();
        if multi {
            let _ = self.eat("\n") || self.eat("\r\n");
        }
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("the string is not closed"));
            };
            if c == quote {
                if !multi {
                    self.at += 1;
                    return Ok(out);
                }
                let run = self.rest().chars().take_while(|q| *q == quote).count();
                if run >= 3 {
                    // Up to two quotes before the closing three are content.
                    let run = run.min(5);
                    out.extend(std::iter::repeat_n(quote, run - 3));
                    self.at += run;
                    return Ok(out);
                }
            } else if basic && c == '\\' {
                self.at += 1;
                if multi {
                    // A line-ending backslash drops the break and the
                    // blanks after it.
                    let blanks = self.rest().bytes().take_while(|b| matches!(b, b' ' | b'\t')).count();
                    let after = &self.rest()[blanks..];
                    if after.starts_with('\n') || after.starts_with("\r\n") {
                        self.at += blanks;
                        while matches!(self.peek(), Some(' ' | '\t' | '\n')) || self.rest().starts_with("\r\n") {
                            self.at += if self.rest().starts_with("\r\n") { 2 } else { 1 };
                        }
                        continue;
                    }
                }
                out.push(self.escape()?);
                continue;
            } else if multi && (c == '\n' || self.rest().starts_with("\r\n")) {
                // A line break as written (the toml crate keeps `\r\n` too).
                let n = if c == '\n' { 1 } else { 2 };
                out.push_str(&self.rest()[..n]);
                self.at += n;
                continue;
            } else if is_control(c) {
                return Err(self.error(if c == '\n' || c == '\r' {
                    "the string is not closed on its line".to_string()
                } else {
                    format!("control character {c:?} in a string")
                }));
            }
            out.push(c);
            self.at += c.len_utf8();
        }
    }

    /// The character an escape (after its backslash) stands for.
    fn escape(&mut self) -> Result<char> {
        let Some(c) = self.peek() else {
            return Err(self.error("the string is not closed"));
        };
        self.at += c.len_utf8();
        let hex = |p: &mut Self, n: usize| -> Result<char> {
            let digits = p.rest().get(..n).filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
            let code = digits.and_then(|d| u32::from_str_radix(d, 16).ok());
            match code.and_then(char::from_u32) {
                Some(ch) => {
                    p.at += n;
                    Ok(ch)
                }
                None => Err(p.error(format!(
                    "`\\{c}` is followed by {n} hexadecimal digits of a Unicode scalar value"
                ))),
            }
        };
        Ok(match c {
            'b' => '\u{8}',
            't' => '\t',
            'n' => '\n',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            '"' => '"',
            '\\' => '\\',
            'x' => hex(self, 2)?,
            'u' => hex(self, 4)?,
            'U' => hex(self, 8)?,
            _ => return Err(self.error(format!("unknown escape `\\{c}` in a string"))),
        })
    }
}

/// A character TOML allows in no string or comment (tab aside).
fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t') || c == '\u{7f}'
}

/// The table that `[section]` names: its last element for an array of tables.
fn section_table<'t>(root: &'t mut Table, section: &[String]) -> &'t mut Table {
    let mut table = root;
    for key in section {
        table = match table.get_mut(key) {
            Some(Node::Table(t)) => t,
            Some(Node::Tables(ts)) => ts.last_mut().expect("an array of tables has one"),
            _ => unreachable!("a section's tables were made by its header"),
        };
    }
    table
}

/// Makes the table a `[keys]` (or `[[keys]]`) header defines.
fn define_section(root: &mut Table, keys: &[String], array: bool) -> std::result::Result<(), String> {
    let (last, parents) = keys.split_last().expect("a key has a part");
    let mut table = root;
    for (i, key) in parents.iter().enumerate() {
        let node = table.child_table(key, Made::OnTheWay);
        table = match node {
            Node::Table(t) if t.made != Made::Inline => t,
            Node::Tables(ts) => ts.last_mut().expect("an array of tables has one"),
            _ => return Err(format!("`{}` is not a table a header can add to", keys[..=i].join("."))),
        };
    }
    let name = keys.join(".");
    match (table.get_mut(last), array) {
        (None, false) => table
            .entries
            .push((last.clone(), Node::Table(Table::new(Made::Header)))),
        (None, true) => table
            .entries
            .push((last.clone(), Node::Tables(vec![Table::new(Made::Header)]))),
        (Some(Node::Table(t)), false) if t.made == Made::OnTheWay => t.made = Made::Header,
        (Some(Node::Tables(ts)), true) => ts.push(Table::new(Made::Header)),
        (Some(Node::Table(t)), false) if t.made == Made::Header => {
            return Err(format!("the table `{name}` is defined twice"))
        }
        (Some(Node::Table(t)), false) if t.made == Made::Inline => {
            return Err(format!("the table `{name}` was already written inline (`{{ ... }}`)"))
        }
        (Some(Node::Table(_)), false) => return Err(format!("the table `{name}` was already defined by its keys")),
        (Some(Node::Tables(_)), false) => return Err(format!("`{name}` is an array of tables, written `[[{name}]]`")),
        (Some(Node::Table(_)), true) => return Err(format!("`{name}` is a table, not an array of tables")),
        (Some(_), _) => return Err(format!("`{name}` is already a value, not a table")),
    }
    Ok(())
}

/// Adds `keys = value` to `table`, making the tables of a dotted key.
fn insert(table: &mut Table, keys: &[String], value: Node) -> std::result::Result<(), String> {
    let (last, parents) = keys.split_last().expect("a key has a part");
    let mut table = table;
    for (i, key) in parents.iter().enumerate() {
        table = match table.child_table(key, Made::Dotted) {
            // A table on the way to a header's is the dotted key's from now.
            Node::Table(t) if matches!(t.made, Made::Dotted | Made::OnTheWay) => {
                t.made = Made::Dotted;
                t
            }
            _ => {
                return Err(format!(
                    "`{}` is already defined; a dotted key cannot add to it",
                    keys[..=i].join(".")
                ))
            }
        };
    }
    if table.get_mut(last).is_some() {
        return Err(format!("duplicate key `{}`", keys.join(".")));
    }
    table.entries.push((last.clone(), value));
    Ok(())
}

/// `YYYY-MM-DD` at the start of `word`.
fn is_date(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 10 && b[4] == b'-' && b[7] == b'-' && [0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&i| b[i].is_ascii_digit())
}

/// A date, a time or both as TOML writes them, normalized as the `toml`
/// crate displays them; `None` when it is not one.
fn datetime(word: &str) -> Option<String> {
    let two = |s: &str| -> Option<u32> {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut out = String::new();
    let mut rest = word;
    let dated = is_date(word);
    if dated {
        let year: u32 = word[..4].parse().ok()?;
        let month = two(&word[5..7])?;
        let day = two(&word[8..10])?;
        let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => return None,
        };
        if day < 1 || day > days {
            return None;
        }
        out.push_str(&word[..10]);
        rest = &word[10..];
        if rest.is_empty() {
            return Some(out);
        }
        let delimiter = rest.as_bytes()[0];
        if !matches!(delimiter, b'T' | b't' | b' ') {
            return None;
        }
        out.push('T');
        rest = &rest[1..];
    }
    // HH:MM[:SS[.fraction]]
    let hour = two(rest.get(..2)?)?;
    if rest.get(2..3)? != ":" || hour > 23 {
        return None;
    }
    let minute = two(rest.get(3..5)?)?;
    if minute > 59 {
        return None;
    }
    out.push_str(&rest[..5]);
    rest = &rest[5..];
    if let Some(after) = rest.strip_prefix(':') {
        let second = two(after.get(..2)?)?;
        if second > 60 {
            return None;
        }
        out.push_str(&rest[..3]);
        rest = &after[2..];
        if let Some(after) = rest.strip_prefix('.') {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            // Nanoseconds: nine digits at most, trailing zeros dropped.
            let fraction = after[..digits.min(9)].trim_end_matches('0');
            out.push('.');
            out.push_str(if fraction.is_empty() { "0" } else { fraction });
            rest = &after[digits..];
        }
    }
    if !dated {
        // A time alone has no offset.
        return rest.is_empty().then_some(out);
    }
    match rest {
        "" => {}
        "Z" | "z" => out.push('Z'),
        _ => {
            let sign = rest.as_bytes()[0];
            let hours = two(rest.get(1..3)?)?;
            let minutes = two(rest.get(4..6)?)?;
            if !matches!(sign, b'+' | b'-') || rest.get(3..4)? != ":" || rest.len() != 6 || hours > 23 || minutes > 59 {
                return None;
            }
            out.push_str(rest);
        }
    }
    Some(out)
}

/// An integer or float as TOML writes them; `None` when it is neither.
fn number(word: &str) -> Option<Node> {
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = word.strip_prefix(prefix) {
            return digits_of(digits, radix).map(|d| Node::Int(d, radix));
        }
    }
    let (sign, unsigned) = match word.as_bytes().first()? {
        b'+' | b'-' => word.split_at(1),
        _ => ("", word),
    };
    let int_end = unsigned.find(['.', 'e', 'E']).unwrap_or(unsigned.len());
    let int = digits_of(&unsigned[..int_end], 10)?;
    if int.len() > 1 && int.starts_with('0') {
        return None;
    }
    let mut rest = &unsigned[int_end..];
    let mut cleaned = format!("{sign}{int}");
    if rest.is_empty() {
        return Some(Node::Int(cleaned, 10));
    }
    if let Some(after) = rest.strip_prefix('.') {
        let end = after.find(['e', 'E']).unwrap_or(after.len());
        cleaned.push('.');
        cleaned.push_str(&digits_of(&after[..end], 10)?);
        rest = &after[end..];
    }
    if !rest.is_empty() {
        let exponent = &rest[1..];
        let (esign, edigits) = match exponent.as_bytes().first()? {
            b'+' | b'-' => exponent.split_at(1),
            _ => ("", exponent),
        };
        cleaned.push('e');
        cleaned.push_str(esign);
        cleaned.push_str(&digits_of(edigits, 10)?);
    }
    Some(Node::Float(cleaned))
}

/// The digits of `written` in `radix` without their underscores; `None`
/// unless every underscore stands between two digits.
fn digits_of(written: &str, radix: u32) -> Option<String> {
    let mut out = String::with_capacity(written.len());
    let mut last_digit = false;
    for c in written.chars() {
        if c == '_' {
            if !last_digit {
                return None;
            }
            last_digit = false;
        } else if c.is_digit(radix) {
            out.push(c);
            last_digit = true;
        } else {
            return None;
        }
    }
    last_digit.then_some(out)
}

fn table_to_json(table: Table, path: &str) -> Result<Json> {
    let mut members = Vec::with_capacity(table.entries.len());
    for (key, node) in table.entries {
        let at = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let value = node_to_json(node, &at)?;
        members.push((key, value));
    }
    Ok(Json::Object(members))
}

/// A value as the reader's tree: an integer past 64 bits or a float that
/// is not finite is an error at `path`.
fn node_to_json(node: Node, path: &str) -> Result<Json> {
    Ok(match node {
        Node::Str(s) | Node::Datetime(s) => Json::Str(s),
        Node::Bool(b) => Json::Bool(b),
        Node::Int(digits, radix) => match i64::from_str_radix(&digits, radix) {
            // As serde_json reads a whole number: from 0 up, a u64.
            Ok(n) => match u64::try_from(n) {
                Ok(n) => Json::U64(n),
                Err(_) => Json::I64(n),
            },
            Err(_) => {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    path,
                    format!("{digits} is outside the 64-bit integers TOML allows"),
                ))
            }
        },
        // Read as the JSON reader reads the same number (no `+`, which
        // JSON does not write), so that JSON and TOML documents agree.
        Node::Float(text) => match crate::num::parse_f64(text.strip_prefix('+').unwrap_or(&text)) {
            Some(x) if x.is_finite() => Json::F64(x),
            _ => {
                return Err(Error::new(
                    ErrorKind::Syntax,
                    path,
                    format!("{text} is not a finite number"),
                ))
            }
        },
        Node::Array(items) => Json::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| node_to_json(v, &format!("{path}[{i}]")))
                .collect::<Result<_>>()?,
        ),
        Node::Tables(tables) => Json::Array(
            tables
                .into_iter()
                .enumerate()
                .map(|(i, t)| table_to_json(t, &format!("{path}[{i}]")))
                .collect::<Result<_>>()?,
        ),
        Node::Table(t) => table_to_json(t, path)?,
    })
}

/// A TOML document as the JSON value the library's readers see: tables
/// as objects, arrays of tables as arrays, dates and times as their text.
/// The same parser as [`crate::Format::Toml`] documents go through.
///
/// # Errors
/// A syntax error with its line; an integer past 64 bits or a float that
/// is not finite, at its path.
pub fn toml_to_json(text: &str) -> Result<serde_json::Value> {
    fn value(json: Json) -> serde_json::Value {
        use serde_json::Value as V;
        match json {
            Json::Null => V::Null,
            Json::Bool(b) => V::Bool(b),
            Json::U64(n) => V::from(n),
            Json::I64(n) => V::from(n),
            // Finite: the parser refuses the others.
            Json::F64(x) => serde_json::Number::from_f64(x).map_or(V::Null, V::Number),
            Json::Str(s) => V::String(s),
            Json::Array(items) => V::Array(items.into_iter().map(value).collect()),
            Json::Object(members) => V::Object(members.into_iter().map(|(k, v)| (k, value(v))).collect()),
        }
    }
    parse(text).map(value)
}
