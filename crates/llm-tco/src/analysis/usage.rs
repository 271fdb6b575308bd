//! Usage logs: a record of real traffic, read one line at a time, turned
//! into a workload (volume, token mix, cache share, peak-to-average) and
//! repriced on every option of a scenario.
//!
//! Formats:
//!
//! - **CSV** with a header row. Columns are matched by name, case
//!   insensitive: a timestamp (`timestamp`, `time`, `date`, `created`,
//!   `created_at`, `start_time`, `start_time_iso`), `input_tokens`
//!   (or `prompt_tokens`), `output_tokens` (or `completion_tokens`), and
//!   optionally `cached_tokens` (or `input_cached_tokens`,
//!   `cached_input_tokens`), `model`, a request count (`num_model_requests`,
//!   `requests`; default 1 per row) and a bucket end (`end_time`,
//!   `end_time_iso`). OpenAI's usage export, as CSV, has these columns.
//! - **JSON Lines**: one object per line with the same keys, or OpenAI's
//!   usage API buckets (`{"object": "bucket", "start_time", "end_time",
//!   "results": [...]}`), or a whole usage API page on one line
//!   (`{"object": "page", "data": [buckets]}`).
//!
//! Cached tokens are the part of the input tokens read from a prompt cache
//! (as OpenAI reports them), not an addition to them. Timestamps are Unix
//! seconds (or milliseconds, above 1e11), or ISO 8601 (`2026-03-01`,
//! `2026-03-01T14:05:00Z`, with an optional offset).
//!
//! Memory does not grow with the log: the reader keeps running sums, a
//! token count per hour of the log's span (at most [`MAX_SPAN_HOURS`]),
//! and per-model sums for at most [`MAX_MODELS`] models.

use crate::analysis::report::OptionType;
use crate::base::date::Date;
use crate::base::decimal::{div, mul, round_dp};
use crate::codec::values::{Plain, Usd, UsdPerMtok};
use crate::error::{Error, ErrorKind, Result};
use crate::model::api::TokenCounts;
use crate::model::scenario::{OptionKind, Scenario};
use crate::model::workload::{Workload, HOURS_PER_MONTH};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::{BTreeMap, VecDeque};

/// Longest line read, in bytes.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Most rows (lines with data) one import reads.
pub const MAX_ROWS: u64 = 100_000_000;
/// Most tokens of one kind one row may report.
pub const MAX_TOKENS_PER_ROW: u64 = 1_000_000_000_000;
/// Longest span of time a log may cover, in hours (five years).
pub const MAX_SPAN_HOURS: i64 = 5 * 366 * 24;
/// Longest bucket one row may cover, in hours (31 days).
pub const MAX_BUCKET_HOURS: i64 = 31 * 24;
/// Models counted one by one; the rest are summed as `(other models)`.
pub const MAX_MODELS: usize = 1000;
/// Malformed rows listed in the summary (all are counted).
pub const MAX_LISTED_ERRORS: usize = 100;

/// How the log is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Decided by the first line: `{` starts JSON Lines, anything else CSV.
    #[default]
    Auto,
    /// CSV with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// The form a log was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadFormat {
    /// CSV with a header row.
    Csv,
    /// JSON Lines, one request or bucket per line.
    Jsonl,
    /// OpenAI's usage export or usage API buckets.
    Openai,
}

impl ReadFormat {
    /// Its name in reports (`csv`).
    pub fn name(self) -> &'static str {
        match self {
            ReadFormat::Csv => "csv",
            ReadFormat::Jsonl => "jsonl",
            ReadFormat::Openai => "openai",
        }
    }
}

/// What a malformed row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnError {
    /// Reported with its line number and left out.
    #[default]
    Skip,
    /// Stops the import with an error naming the line.
    Fail,
}

/// How to read a log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportOptions {
    /// The format.
    pub format: LogFormat,
    /// What a malformed row does.
    pub on_error: OnError,
    /// Most rows to read: [`MAX_ROWS`] when `None` (a smaller cap for
    /// callers that want one).
    pub max_rows: Option<u64>,
    /// Long-context thresholds (input tokens per request) to sum the tokens
    /// of the requests above, so that repricing applies each API's tier
    /// request by request (see [`tier_thresholds`]).
    pub tier_thresholds: Vec<u64>,
}

/// The long-context thresholds of a scenario's API options.
pub fn tier_thresholds(scenario: &Scenario) -> Vec<u64> {
    let mut out: Vec<u64> = scenario
        .options()
        .iter()
        .filter_map(|o| match o.kind() {
            OptionKind::Api(a) => a.long_context_tier().map(|t| t.threshold_input_tokens),
            _ => None,
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A malformed row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// Line number, from 1.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Sums {
    requests: u128,
    input: u128,
    output: u128,
    cached: u128,
}

impl Sums {
    fn add(&mut self, r: &Row) {
        self.requests += u128::from(r.requests);
        self.input += u128::from(r.input);
        self.output += u128::from(r.output);
        self.cached += u128::from(r.cached);
    }
}

/// Why a row is not counted: the row is malformed (skipped or fatal, as
/// the caller chose), or the log passes a limit (always fatal).
enum Fault {
    Row(String),
    Limit(String),
}

#[derive(Debug, Clone, Default)]
struct Row {
    start: i64,
    end: Option<i64>,
    model: Option<String>,
    input: u64,
    output: u64,
    cached: u64,
    requests: u64,
}

#[derive(Debug, Clone, Default)]
struct Columns {
    count: usize,
    timestamp: usize,
    end: Option<usize>,
    model: Option<usize>,
    input: usize,
    output: usize,
    cached: Option<usize>,
    requests: Option<usize>,
}

const TIMESTAMP_KEYS: [&str; 7] = [
    "timestamp",
    "time",
    "date",
    "created",
    "created_at",
    "start_time",
    "start_time_iso",
];
const END_KEYS: [&str; 2] = ["end_time", "end_time_iso"];
const MODEL_KEYS: [&str; 3] = ["model", "model_id", "snapshot_id"];
const INPUT_KEYS: [&str; 3] = ["input_tokens", "prompt_tokens", "n_context_tokens_total"];
const OUTPUT_KEYS: [&str; 3] = ["output_tokens", "completion_tokens", "n_generated_tokens_total"];
const CACHED_KEYS: [&str; 3] = ["cached_tokens", "input_cached_tokens", "cached_input_tokens"];
const REQUEST_KEYS: [&str; 3] = ["num_model_requests", "requests", "n_requests"];

#[derive(Debug, Clone)]
enum State {
    Detect,
    Csv(Columns),
    Jsonl,
}

/// Tokens per hour over the log's span, every hour from the first to the
/// last (the span is checked against [`MAX_SPAN_HOURS`] before it grows).
#[derive(Debug, Clone, Default)]
struct HourCounts {
    first: i64,
    counts: VecDeque<u128>,
}

impl HourCounts {
    /// First and last hour, if any.
    fn range(&self) -> Option<(i64, i64)> {
        (!self.counts.is_empty()).then(|| (self.first, self.first + self.counts.len() as i64 - 1))
    }

    fn add(&mut self, hour: i64, tokens: u128) {
        if self.counts.is_empty() {
            self.first = hour;
            self.counts.push_back(0);
        }
        while hour < self.first {
            self.counts.push_front(0);
            self.first -= 1;
        }
        while hour >= self.first + self.counts.len() as i64 {
            self.counts.push_back(0);
        }
        let i = (hour - self.first) as usize;
        self.counts[i] += tokens;
    }
}

/// A usage log being read. Feed it lines ([`UsageImport::push_line`]) or
/// chunks of text ([`UsageImport::push_chunk`]), then [`UsageImport::finish`].
#[derive(Debug, Clone)]
pub struct UsageImport {
    options: ImportOptions,
    state: State,
    openai: bool,
    line_no: u64,
    carry: String,
    discarding: bool,
    rows: u64,
    skipped: u64,
    errors: Vec<RowError>,
    totals: Sums,
    above: Vec<Sums>,
    hours: HourCounts,
    models: BTreeMap<String, Sums>,
    other_models: Sums,
    widest_bucket_hours: i64,
    all_midnight: bool,
}

fn parse_count(text: &str, field: &str) -> std::result::Result<u64, String> {
    let t = text.trim();
    let n: u64 = if let Ok(n) = t.parse::<u64>() {
        n
    } else {
        // "12.0" from a spreadsheet is a whole number; "12.5" is not.
        match t.split_once('.') {
            Some((whole, frac)) if !whole.is_empty() && frac.bytes().all(|b| b == b'0') => whole
                .parse()
                .map_err(|_| format!("{field}: {t:?} is not a whole number of tokens"))?,
            _ => return Err(format!("{field}: {t:?} is not a whole number of tokens")),
        }
    };
    if n > MAX_TOKENS_PER_ROW {
        return Err(format!(
            "{field}: {n} is above the most one row may report ({MAX_TOKENS_PER_ROW})"
        ));
    }
    Ok(n)
}

/// Unix seconds from a timestamp: Unix seconds or milliseconds, or ISO 8601.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let t = text.trim();
    // Unix seconds (or milliseconds), possibly with a fraction: whole
    // seconds are enough to place a row in its hour.
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if frac.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = whole.parse::<i64>() {
            // Beyond ±1e14 (milliseconds up to year 5138) no clock wrote it.
            if n.unsigned_abs() > 100_000_000_000_000 {
                return None;
            }
            let n = if whole.starts_with('-') && frac.bytes().any(|b| b != b'0') {
                n - 1
            } else {
                n
            };
            return Some(if n.unsigned_abs() > 100_000_000_000 {
                n.div_euclid(1000)
            } else {
                n
            });
        }
    }
    let (date, rest) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    let day = Date::parse_day(date)?.days_since_epoch();
    let mut secs = 0i64;
    let mut offset = 0i64;
    if !rest.is_empty() {
        let (clock, zone) = match rest.find(['Z', 'z', '+', '-']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let mut parts = clock.split(':');
        let h: i64 = parts.next()?.parse().ok()?;
        let m: i64 = parts.next()?.parse().ok()?;
        let s: i64 = match parts.next() {
            Some(s) => s.split('.').next()?.parse().ok()?,
            None => 0,
        };
        if parts.next().is_some() || !(0..24).contains(&h) || !(0..60).contains(&m) || !(0..61).contains(&s) {
            return None;
        }
        secs = h * 3600 + m * 60 + s;
        match zone {
            "" | "Z" | "z" => {}
            z => {
                let sign = if z.starts_with('-') { -1 } else { 1 };
                let body = &z[1..];
                let (oh, om) = body
                    .split_once(':')
                    .unwrap_or((body.get(..2)?, body.get(2..).unwrap_or("0")));
                let oh: i64 = oh.parse().ok()?;
                let om: i64 = if om.is_empty() { 0 } else { om.parse().ok()? };
                if oh > 23 || om > 59 {
                    return None;
                }
                offset = sign * (oh * 3600 + om * 60);
            }
        }
    }
    Some(day * 86_400 + secs - offset)
}

/// Splits one CSV line into fields (RFC 4180 quoting; no line breaks
/// inside fields).
fn csv_fields(line: &str) -> std::result::Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == ',' {
            out.push(std::mem::take(&mut field));
            at_start = true;
        } else {
            field.push(c);
            at_start = false;
        }
    }
    if quoted {
        return Err("a quoted field is not closed".to_string());
    }
    out.push(field);
    Ok(out)
}

fn find_column(header: &[String], keys: &[&str]) -> Option<usize> {
    keys.iter().find_map(|k| header.iter().position(|h| h == k))
}

/// A JSON value as messages name it: a scalar as JSON writes it (`2`,
/// `1.0`, `null`), a string quoted, an array or an object by its kind.
fn describe(v: &Json) -> String {
    match v {
        Json::String(s) => format!("{s:?}"),
        Json::Array(_) => "an array".into(),
        Json::Object(_) => "an object".into(),
        other => other.to_string(),
    }
}

fn json_timestamp(v: &Json) -> Option<i64> {
    match v {
        Json::Number(n) => parse_timestamp(&n.to_string()),
        Json::String(s) => parse_timestamp(s),
        _ => None,
    }
}

fn json_count(obj: &Json, keys: &[&str]) -> std::result::Result<Option<u64>, String> {
    for k in keys {
        match obj.get(k) {
            None | Some(Json::Null) => continue,
            Some(Json::Number(n)) => match n.as_u64() {
                Some(v) => return parse_count(&v.to_string(), k).map(Some),
                None => return Err(format!("{k}: {n} is not a whole number of tokens")),
            },
            Some(Json::String(s)) => return parse_count(s, k).map(Some),
            Some(other) => return Err(format!("{k}: expected a number, found {}", describe(other))),
        }
    }
    Ok(None)
}

fn json_row(obj: &Json, start: Option<i64>, end: Option<i64>) -> std::result::Result<Row, String> {
    let start = match start {
        Some(s) => s,
        None => {
            let v = TIMESTAMP_KEYS
                .iter()
                .find_map(|k| obj.get(k))
                .ok_or_else(|| format!("no timestamp; give one of {}", TIMESTAMP_KEYS.join(", ")))?;
            json_timestamp(v)
                .ok_or_else(|| format!("timestamp {} is neither Unix seconds nor ISO 8601", describe(v)))?
        }
    };
    let end = match end {
        Some(e) => Some(e),
        None => match END_KEYS.iter().find_map(|k| obj.get(k)) {
            Some(v) => Some(
                json_timestamp(v)
                    .ok_or_else(|| format!("end time {} is neither Unix seconds nor ISO 8601", describe(v)))?,
            ),
            None => None,
        },
    };
    let input = json_count(obj, &INPUT_KEYS)?.ok_or_else(|| "no input_tokens".to_string())?;
    let output = json_count(obj, &OUTPUT_KEYS)?.ok_or_else(|| "no output_tokens".to_string())?;
    let cached = json_count(obj, &CACHED_KEYS)?.unwrap_or(0);
    let requests = json_count(obj, &REQUEST_KEYS)?.unwrap_or(1);
    let model = MODEL_KEYS
        .iter()
        .find_map(|k| obj.get(k))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    Ok(Row {
        start,
        end,
        model,
        input,
        output,
        cached,
        requests,
    })
}

impl UsageImport {
    /// A reader with `options`.
    pub fn new(options: ImportOptions) -> UsageImport {
        let n = options.tier_thresholds.len();
        let state = match options.format {
            LogFormat::Jsonl => State::Jsonl,
            _ => State::Detect,
        };
        UsageImport {
            options,
            state,
            openai: false,
            line_no: 0,
            carry: String::new(),
            discarding: false,
            rows: 0,
            skipped: 0,
            errors: Vec::new(),
            totals: Sums::default(),
            above: vec![Sums::default(); n],
            hours: HourCounts::default(),
            models: BTreeMap::new(),
            other_models: Sums::default(),
            widest_bucket_hours: 1,
            all_midnight: true,
        }
    }

    /// Lines read so far (for progress).
    pub fn lines_read(&self) -> u64 {
        self.line_no
    }

    /// Rows counted so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn row_error(&mut self, line: u64, message: String) -> Result<()> {
        if self.options.on_error == OnError::Fail {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                format!("line {line}"),
                format!("{message} (import stopped; skip malformed rows to go on)"),
            ));
        }
        self.skipped += 1;
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(RowError { line, message });
        }
        Ok(())
    }

    /// Reads a chunk of the log's text; lines may span chunks.
    ///
    /// # Errors
    /// As [`UsageImport::push_line`].
    pub fn push_chunk(&mut self, chunk: &str) -> Result<()> {
        let mut rest = chunk;
        while let Some(i) = rest.find('\n') {
            let piece = &rest[..i];
            rest = &rest[i + 1..];
            if self.discarding {
                self.discarding = false;
                continue;
            }
            if self.carry.is_empty() {
                self.push_line(piece)?;
            } else {
                let mut line = std::mem::take(&mut self.carry);
                line.push_str(piece);
                self.push_line(&line)?;
            }
        }
        if self.discarding {
            return Ok(());
        }
        if self.carry.len() + rest.len() > MAX_LINE_BYTES {
            // Count the line now and skip the rest of it up to its newline.
            self.carry.clear();
            self.discarding = true;
            self.line_no += 1;
            let line = self.line_no;
            return self.row_error(line, format!("line longer than {MAX_LINE_BYTES} bytes"));
        }
        self.carry.push_str(rest);
        Ok(())
    }

    /// Reads one line (without its line break).
    ///
    /// # Errors
    /// With [`OnError::Fail`], a malformed row; always, a CSV header without
    /// the needed columns, or a log above [`MAX_ROWS`] rows or
    /// [`MAX_SPAN_HOURS`] hours.
    pub fn push_line(&mut self, line: &str) -> Result<()> {
        self.line_no += 1;
        let n = self.line_no;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.len() > MAX_LINE_BYTES {
            return self.row_error(n, format!("line longer than {MAX_LINE_BYTES} bytes"));
        }
        let line = if n == 1 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        if line.trim().is_empty() {
            return Ok(());
        }
        if matches!(self.state, State::Detect) {
            if self.options.format == LogFormat::Auto && line.trim_start().starts_with('{') {
                self.state = State::Jsonl;
            } else {
                return self.header(line, n);
            }
        }
        let rows: std::result::Result<Vec<Row>, String> = match &self.state {
            State::Csv(cols) => Self::csv_row(cols, line).map(|r| vec![r]),
            _ => self.json_rows(line),
        };
        match rows {
            Ok(rows) => {
                for r in rows {
                    match self.count(&r) {
                        Ok(()) => {}
                        Err(Fault::Row(message)) => self.row_error(n, message)?,
                        Err(Fault::Limit(message)) => {
                            return Err(Error::new(ErrorKind::Limit, format!("line {n}"), message))
                        }
                    }
                }
                Ok(())
            }
            Err(message) => self.row_error(n, message),
        }
    }

    fn header(&mut self, line: &str, n: u64) -> Result<()> {
        let header: Vec<String> = csv_fields(line)
            .map_err(|m| Error::new(ErrorKind::Syntax, format!("line {n}"), m))?
            .into_iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let need = |keys: &[&str], what: &str| {
            find_column(&header, keys).ok_or_else(|| {
                Error::new(
                    ErrorKind::Syntax,
                    format!("line {n}"),
                    format!(
                        "the CSV header has no {what} column; expected one of {} (found: {})",
                        keys.join(", "),
                        header.join(", ")
                    ),
                )
            })
        };
        let cols = Columns {
            count: header.len(),
            timestamp: need(&TIMESTAMP_KEYS, "timestamp")?,
            end: find_column(&header, &END_KEYS),
            model: find_column(&header, &MODEL_KEYS),
            input: need(&INPUT_KEYS, "input tokens")?,
            output: need(&OUTPUT_KEYS, "output tokens")?,
            cached: find_column(&header, &CACHED_KEYS),
            requests: find_column(&header, &REQUEST_KEYS),
        };
        self.openai = header.iter().any(|h| h == "num_model_requests");
        self.state = State::Csv(cols);
        Ok(())
    }

    fn csv_row(cols: &Columns, line: &str) -> std::result::Result<Row, String> {
        let fields = csv_fields(line)?;
        if fields.len() != cols.count {
            return Err(format!("{} fields; the header has {}", fields.len(), cols.count));
        }
        let ts = &fields[cols.timestamp];
        let start =
            parse_timestamp(ts).ok_or_else(|| format!("timestamp {ts:?} is neither Unix seconds nor ISO 8601"))?;
        let end = match cols.end.map(|i| fields[i].trim()).filter(|t| !t.is_empty()) {
            Some(t) => {
                Some(parse_timestamp(t).ok_or_else(|| format!("end time {t:?} is neither Unix seconds nor ISO 8601"))?)
            }
            None => None,
        };
        let opt = |i: Option<usize>, name: &str, default: u64| -> std::result::Result<u64, String> {
            match i.map(|i| fields[i].trim()).filter(|t| !t.is_empty()) {
                Some(t) => parse_count(t, name),
                None => Ok(default),
            }
        };
        Ok(Row {
            start,
            end,
            model: cols
                .model
                .map(|i| fields[i].trim().to_string())
                .filter(|m| !m.is_empty()),
            input: parse_count(&fields[cols.input], "input_tokens")?,
            output: parse_count(&fields[cols.output], "output_tokens")?,
            cached: opt(cols.cached, "cached_tokens", 0)?,
            requests: opt(cols.requests, "requests", 1)?,
        })
    }

    fn json_rows(&mut self, line: &str) -> std::result::Result<Vec<Row>, String> {
        let obj: Json = serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
        if !obj.is_object() {
            return Err("not a JSON object".to_string());
        }
        let bucket_rows = |b: &Json| -> std::result::Result<Vec<Row>, String> {
            let start = b
                .get("start_time")
                .and_then(json_timestamp)
                .ok_or_else(|| "bucket without a start_time".to_string())?;
            let end = b.get("end_time").and_then(json_timestamp);
            let results = b
                .get("results")
                .and_then(Json::as_array)
                .ok_or_else(|| "bucket without results".to_string())?;
            results
                .iter()
                .map(|r| {
                    if !r.is_object() {
                        return Err("a bucket result is not an object".to_string());
                    }
                    json_row(r, Some(start), end)
                })
                .collect()
        };
        match obj.get("object").and_then(|o| o.as_str()) {
            Some("bucket") => {
                self.openai = true;
                bucket_rows(&obj)
            }
            Some("page") => {
                self.openai = true;
                let data = obj
                    .get("data")
                    .and_then(Json::as_array)
                    .ok_or_else(|| "page without data".to_string())?;
                let mut rows = Vec::new();
                for b in data {
                    if !b.is_object() {
                        return Err("a page's bucket is not an object".to_string());
                    }
                    rows.extend(bucket_rows(b)?);
                }
                Ok(rows)
            }
            _ => json_row(&obj, None, None).map(|r| vec![r]),
        }
    }

    fn count(&mut self, r: &Row) -> std::result::Result<(), Fault> {
        if r.cached > r.input {
            return Err(Fault::Row(format!(
                "cached_tokens ({}) exceed input_tokens ({}); cached tokens are part of the input",
                r.cached, r.input
            )));
        }
        if r.requests == 0 && (r.input > 0 || r.output > 0) {
            return Err(Fault::Row("tokens without a request (requests = 0)".to_string()));
        }
        let max_rows = self.options.max_rows.unwrap_or(MAX_ROWS).min(MAX_ROWS);
        if self.rows >= max_rows {
            return Err(Fault::Limit(format!("the log has more than {max_rows} rows")));
        }
        let start_hour = r.start.div_euclid(3600);
        let end_hour = match r.end {
            Some(e) if e > r.start => (e - 1).div_euclid(3600) + 1,
            Some(e) if e < r.start => return Err(Fault::Row("the bucket ends before it starts".to_string())),
            _ => start_hour + 1,
        };
        let width = end_hour - start_hour;
        if width > MAX_BUCKET_HOURS {
            return Err(Fault::Row(format!(
                "the row covers {width} hours; at most {MAX_BUCKET_HOURS} are allowed"
            )));
        }
        let (lo, hi) = match self.hours.range() {
            Some((a, b)) => (a.min(start_hour), b.max(end_hour - 1)),
            None => (start_hour, end_hour - 1),
        };
        if hi - lo + 1 > MAX_SPAN_HOURS {
            return Err(Fault::Limit(format!(
                "the log spans more than {MAX_SPAN_HOURS} hours (five years); split it"
            )));
        }
        self.rows += 1;
        self.widest_bucket_hours = self.widest_bucket_hours.max(width);
        if r.start.rem_euclid(86_400) != 0 || r.end.is_some_and(|e| e - r.start < 86_400) {
            self.all_midnight = false;
        }
        self.totals.add(r);
        for (i, t) in self.options.tier_thresholds.iter().enumerate() {
            // A row of several requests is judged by its mean request.
            if r.requests > 0 && r.input / r.requests > *t {
                self.above[i].add(r);
            }
        }
        let tokens = u128::from(r.input) + u128::from(r.output);
        let w = width as u128;
        for (k, h) in (start_hour..end_hour).enumerate() {
            // Spread evenly; the remainder goes to the first hours.
            let share = tokens / w + u128::from((k as u128) < tokens % w);
            self.hours.add(h, share);
        }
        let model = r.model.clone().unwrap_or_else(|| "(no model)".to_string());
        if let Some(m) = self.models.get_mut(&model) {
            m.add(r);
        } else if self.models.len() < MAX_MODELS {
            let mut s = Sums::default();
            s.add(r);
            self.models.insert(model, s);
        } else {
            self.other_models.add(r);
        }
        Ok(())
    }

    /// Ends the import: reads the last line if it had no line break, and
    /// sums up.
    ///
    /// # Errors
    /// As [`UsageImport::push_line`]; a log without a single row.
    pub fn finish(mut self) -> Result<UsageSummary> {
        if !self.carry.is_empty() && !self.discarding {
            let line = std::mem::take(&mut self.carry);
            self.push_line(&line)?;
        }
        if self.rows == 0 {
            return Err(Error::invalid(
                "",
                format!(
                    "the log has no usable row ({} lines read, {} malformed){}",
                    self.line_no,
                    self.skipped,
                    self.errors
                        .first()
                        .map(|e| format!("; line {}: {}", e.line, e.message))
                        .unwrap_or_default()
                ),
            ));
        }
        let (first_hour, last_hour) = self.hours.range().unwrap_or((0, 0));
        let span_hours = (last_hour - first_hour + 1).max(1) as u64;
        let peak = self.hours.counts.iter().copied().max().unwrap_or(0);
        let format = match (&self.state, self.openai) {
            (_, true) => ReadFormat::Openai,
            (State::Csv(_), _) => ReadFormat::Csv,
            _ => ReadFormat::Jsonl,
        };
        let mut warnings = Vec::new();
        if self.widest_bucket_hours > 1 || self.all_midnight && span_hours > 24 {
            warnings.push(
                "the log's rows cover whole days (or longer buckets): each bucket's tokens are spread evenly over its hours, so peak-to-average understates peaks within a bucket"
                    .to_string(),
            );
        }
        if span_hours < 24 {
            warnings.push(format!(
                "the log covers only {span_hours} hours; a daily volume and a peak measured on it may not represent a month"
            ));
        }
        let mut models: Vec<ModelUsage> = self
            .models
            .iter()
            .map(|(name, s)| ModelUsage::from(name.clone(), s))
            .collect();
        if self.other_models.requests > 0 {
            models.push(ModelUsage::from("(other models)".to_string(), &self.other_models));
        }
        models.sort_by(|a, b| b.tokens.cmp(&a.tokens).then_with(|| a.model.cmp(&b.model)));
        Ok(UsageSummary {
            format,
            lines: self.line_no,
            rows: self.rows,
            skipped_rows: self.skipped,
            errors: self.errors,
            first_hour,
            span_hours,
            totals: self.totals,
            above: self.options.tier_thresholds.iter().copied().zip(self.above).collect(),
            peak_hour_tokens: peak,
            models,
            warnings,
        })
    }
}

/// One model's share of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelUsage {
    /// Model name as logged.
    pub model: String,
    /// Requests.
    pub requests: Plain,
    /// Input tokens (cached included).
    pub input_tokens: Plain,
    /// Output tokens.
    pub output_tokens: Plain,
    /// Cached input tokens.
    pub cached_tokens: Plain,
    #[serde(skip)]
    tokens: u128,
}

impl ModelUsage {
    fn from(model: String, s: &Sums) -> ModelUsage {
        ModelUsage {
            model,
            requests: Plain::exact(dec(s.requests)),
            input_tokens: Plain::exact(dec(s.input)),
            output_tokens: Plain::exact(dec(s.output)),
            cached_tokens: Plain::exact(dec(s.cached)),
            tokens: s.input + s.output,
        }
    }
}

/// What a log holds, summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageSummary {
    format: ReadFormat,
    lines: u64,
    rows: u64,
    skipped_rows: u64,
    errors: Vec<RowError>,
    first_hour: i64,
    span_hours: u64,
    totals: Sums,
    above: Vec<(u64, Sums)>,
    peak_hour_tokens: u128,
    models: Vec<ModelUsage>,
    warnings: Vec<String>,
}

fn dec(x: u128) -> Decimal {
    // Sums are bounded by MAX_ROWS × MAX_TOKENS_PER_ROW = 1e20 < 2^96.
    Decimal::from_i128_with_scale(i128::try_from(x).unwrap_or(i128::MAX), 0)
}

fn hour_text(hour: i64) -> String {
    let day = hour.div_euclid(24);
    let h = hour.rem_euclid(24);
    match Date::from_days_since_epoch(day) {
        Some(d) => format!("{d}T{h:02}:00:00Z"),
        None => format!("hour {hour}"),
    }
}

impl UsageSummary {
    /// Hours from the first row's hour to the last's, inclusive.
    pub fn span_hours(&self) -> u64 {
        self.span_hours
    }

    /// The workload the log shows: its volume per day, the mean request, the
    /// cached share and the busiest hour over the average hour, with the
    /// rest of `base` (latency target, growth, horizon) kept.
    ///
    /// # Errors
    /// A log without tokens or requests; a volume out of range.
    pub fn workload(&self, base: &Workload) -> Result<Workload> {
        let what = "log workload";
        let t = &self.totals;
        if t.requests == 0 || t.input + t.output == 0 {
            return Err(Error::invalid("", "the log has no tokens or no requests"));
        }
        let tokens = dec(t.input + t.output);
        let hours = Decimal::from(self.span_hours);
        let per_day = div(mul(tokens, Decimal::from(24), what)?, hours, what)?;
        let average_hour = div(tokens, hours, what)?;
        let peak = div(dec(self.peak_hour_tokens), average_hour, what)?.max(Decimal::ONE);
        let mut spec = base.to_spec();
        spec.tokens_per_day = Some(round_dp(per_day, 2).max(Decimal::new(1, 2)));
        spec.requests_per_day = None;
        spec.input_tokens_per_request = round_dp(div(dec(t.input), dec(t.requests), what)?, 2);
        spec.output_tokens_per_request = round_dp(div(dec(t.output), dec(t.requests), what)?, 2);
        spec.cached_input_share = Some(if t.input == 0 {
            Decimal::ZERO
        } else {
            round_dp(div(dec(t.cached), dec(t.input), what)?, 4)
        });
        spec.cache_write_share = Some(Decimal::ZERO);
        spec.batch_share = Some(Decimal::ZERO);
        spec.peak_to_average = Some(round_dp(peak, 4).min(Decimal::from(1000)));
        Workload::from_spec(&spec)
    }

    /// The log's tokens as an API bills them: each row judged against the
    /// long-context `threshold` (if the API has one).
    fn token_counts(&self, threshold: Option<u64>) -> Option<(TokenCounts, TokenCounts)> {
        let above = match threshold {
            Some(t) => self.above.iter().find(|(x, _)| *x == t).map(|(_, s)| *s)?,
            None => Sums::default(),
        };
        let t = &self.totals;
        let split = |input: u128, cached: u128, output: u128, per_request: Decimal| TokenCounts {
            input_tokens: dec(input - cached),
            cached_input_tokens: dec(cached),
            cache_write_tokens: Decimal::ZERO,
            output_tokens: dec(output),
            input_tokens_per_request: per_request,
            batch_share: Decimal::ZERO,
        };
        let below = split(
            t.input - above.input,
            t.cached - above.cached,
            t.output - above.output,
            Decimal::ZERO,
        );
        let over = split(
            above.input,
            above.cached,
            above.output,
            Decimal::from(threshold.unwrap_or(0)) + Decimal::ONE,
        );
        Some((below, over))
    }

    /// The summary as reported.
    pub fn report(&self) -> Result<SummaryReport> {
        let t = &self.totals;
        let tokens = t.input + t.output;
        let per_day = if self.span_hours > 0 {
            Plain::rounded(dec(tokens) * Decimal::from(24) / Decimal::from(self.span_hours), 0)
        } else {
            Plain::exact(Decimal::ZERO)
        };
        Ok(SummaryReport {
            format: self.format,
            lines: self.lines,
            rows: self.rows,
            skipped_rows: self.skipped_rows,
            errors: self.errors.clone(),
            first_hour: hour_text(self.first_hour),
            last_hour: hour_text(self.first_hour + self.span_hours as i64 - 1),
            span_hours: self.span_hours,
            requests: Plain::exact(dec(t.requests)),
            input_tokens: Plain::exact(dec(t.input)),
            output_tokens: Plain::exact(dec(t.output)),
            cached_tokens: Plain::exact(dec(t.cached)),
            tokens_per_day: per_day,
            peak_hour_tokens: Plain::exact(dec(self.peak_hour_tokens)),
            models: self.models.clone(),
            warnings: self.warnings.clone(),
        })
    }
}

/// A log's summary as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryReport {
    /// The form the log was read in.
    pub format: ReadFormat,
    /// Lines read.
    pub lines: u64,
    /// Rows counted.
    pub rows: u64,
    /// Malformed rows left out.
    pub skipped_rows: u64,
    /// The first malformed rows, with their line numbers.
    pub errors: Vec<RowError>,
    /// First hour of the log (UTC).
    pub first_hour: String,
    /// Last hour of the log (UTC).
    pub last_hour: String,
    /// Hours from first to last, inclusive.
    pub span_hours: u64,
    /// Requests.
    pub requests: Plain,
    /// Input tokens, cached included.
    pub input_tokens: Plain,
    /// Output tokens.
    pub output_tokens: Plain,
    /// Cached input tokens.
    pub cached_tokens: Plain,
    /// Input and output tokens per day over the span.
    pub tokens_per_day: Plain,
    /// Tokens in the busiest hour.
    pub peak_hour_tokens: Plain,
    /// Per model, most tokens first.
    pub models: Vec<ModelUsage>,
    /// What to keep in mind.
    pub warnings: Vec<String>,
}

/// What the log would have cost on one option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepricedOption {
    /// The option's name.
    pub name: String,
    /// What the option is.
    pub kind: OptionType,
    /// Cost of the log's whole span, USD; `null` when the option cannot
    /// serve the log's workload.
    pub period_usd: Option<Usd>,
    /// The same per average month (730 hours), USD.
    pub monthly_usd: Option<Usd>,
    /// Over the log's tokens, USD per 1M tokens.
    pub usd_per_mtok: Option<UsdPerMtok>,
}

/// A log, summed and repriced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageReport {
    /// Version of this layout.
    pub report_version: u32,
    /// What the log holds.
    pub log: SummaryReport,
    /// The workload derived from it, as a scenario file's `[workload]`.
    pub workload: crate::spec::scenario::WorkloadSpec,
    /// The log on every option of the scenario.
    pub options: Vec<RepricedOption>,
    /// How the log was priced.
    pub assumptions: Vec<String>,
}

/// Reprices the log on every option of `scenario`.
///
/// API options are billed on the log's actual tokens, each row's requests
/// judged against a long-context threshold (when the import summed the
/// tokens above it; otherwise by the mean request); self-hosted and
/// hybrid options are sized for the log's workload (its busiest hour) and
/// charged for the log's span.
///
/// # Errors
/// Overflow; the sizing model's errors.
pub fn reprice(summary: &UsageSummary, scenario: &Scenario) -> Result<UsageReport> {
    let what = "repricing";
    let workload = summary.workload(scenario.workload())?;
    let hours = Decimal::from(summary.span_hours);
    let period = |monthly: Decimal| div(mul(monthly, hours, what)?, Decimal::from(HOURS_PER_MONTH), what);
    let tokens = dec(summary.totals.input + summary.totals.output);
    let mut s = scenario.clone();
    *s.workload_mut() = workload.clone();
    let mut options = Vec::new();
    for option in s.options() {
        let (kind, cost_period) = match option.kind() {
            OptionKind::Api(api) => {
                let threshold = api.long_context_tier().map(|t| t.threshold_input_tokens);
                let cost = match summary.token_counts(threshold) {
                    Some((below, over)) => {
                        crate::base::decimal::add(api.bill(&below)?.total_usd, api.bill(&over)?.total_usd, what)?
                    }
                    None => {
                        let mut counts = summary.token_counts(None).map(|(b, _)| b).unwrap_or_default();
                        counts.input_tokens_per_request = workload.input_tokens_per_request();
                        api.bill(&counts)?.total_usd
                    }
                };
                (OptionType::Api, Some(cost))
            }
            OptionKind::SelfHosted(sh) => {
                let sizing = sh.sizing(&workload)?;
                let month = sh.month(&workload, &sizing)?;
                let serves = month.feasible && sizing.capacity_tokens_per_s.is_some();
                (
                    OptionType::SelfHosted,
                    if serves { Some(period(month.total_usd)?) } else { None },
                )
            }
            OptionKind::Hybrid(h) => {
                let curve = crate::analysis::pricing::hybrid_parts(h, &s)?.curve;
                let point = curve.at(workload.tokens_per_day())?;
                (
                    OptionType::Hybrid,
                    match point {
                        Some(p) => Some(period(p.total_usd)?),
                        None => None,
                    },
                )
            }
        };
        let monthly = match cost_period {
            Some(c) => Some(div(mul(c, Decimal::from(HOURS_PER_MONTH), what)?, hours, what)?),
            None => None,
        };
        let per_mtok = match cost_period {
            Some(c) => Some(div(mul(c, Decimal::from(1_000_000), what)?, tokens, what)?),
            None => None,
        };
        options.push(RepricedOption {
            name: option.name().to_string(),
            kind,
            period_usd: cost_period.map(Usd::new),
            monthly_usd: monthly.map(Usd::new),
            usd_per_mtok: per_mtok.map(UsdPerMtok::new),
        });
    }
    Ok(UsageReport {
        report_version: 1,
        log: summary.report()?,
        workload: workload.to_spec(),
        options,
        assumptions: vec![
            "API options are billed on the log's own tokens: input less cached at the input price, cached at the cached price, output at the output price; no cache writes and no batch discount (the log does not say which requests could wait).".to_string(),
            "A row of several requests (a usage bucket) is judged against a long-context threshold by its mean request.".to_string(),
            "Self-hosted and hybrid options are sized for the log's busiest hour and charged for its span (hours from the first row's to the last's) at the monthly cost × span / 730 hours.".to_string(),
        ],
    })
}
