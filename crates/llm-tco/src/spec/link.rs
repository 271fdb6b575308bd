//! A scenario in a link: the web page keeps the whole scenario in the URL's
//! fragment (`#s=` and the scenario's JSON, percent-encoded), so a link
//! reproduces the page. Pure functions, so the decoding a hostile link goes
//! through is tested and fuzzed natively.

use crate::codec::{Format, MAX_DOCUMENT_BYTES};
use crate::error::{Error, ErrorKind, Result};
use crate::spec::scenario::ScenarioFile;

/// What starts a scenario fragment.
pub const HASH_PREFIX: &str = "#s=";

/// The fragment (`#s=...`) that carries `file`: its compact JSON,
/// percent-encoded like `encodeURIComponent`.
pub fn encode_hash(file: &ScenarioFile) -> String {
    let json = crate::codec::to_compact_json(file);
    let mut out = String::with_capacity(HASH_PREFIX.len() + json.len() * 2);
    out.push_str(HASH_PREFIX);
    for b in json.bytes() {
        // encodeURIComponent keeps A-Z a-z 0-9 - _ . ! ~ * ' ( )
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}

/// Percent-decodes `text` (as `decodeURIComponent`): `%XX` escapes must be
/// whole and the bytes UTF-8.
///
/// # Errors
/// A broken escape or bytes that are not UTF-8, with the offset.
pub fn percent_decode(text: &str) -> Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |c: u8| char::from(c).to_digit(16);
            match (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                }
                _ => {
                    return Err(Error::new(
                        ErrorKind::Syntax,
                        "",
                        format!("a broken %-escape at character {i} of the link"),
                    ))
                }
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|e| {
        Error::new(
            ErrorKind::Syntax,
            "",
            format!(
                "the link's text is not UTF-8 after byte {}",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The scenario file a fragment carries, parsed (the caller validates it
/// against its catalog); `None` when the fragment carries none (it does not
/// start with `#s=`).
///
/// # Errors
/// A fragment above the document size limit, a broken escape, or a
/// scenario that does not parse.
pub fn decode_hash(hash: &str) -> Option<Result<ScenarioFile>> {
    let encoded = hash.strip_prefix(HASH_PREFIX)?;
    // Percent-encoding at most triples a document.
    if encoded.len() > 3 * MAX_DOCUMENT_BYTES {
        return Some(Err(Error::new(
            ErrorKind::Limit,
            "",
            format!(
                "the link is {} bytes; at most {} are read",
                encoded.len(),
                3 * MAX_DOCUMENT_BYTES
            ),
        )));
    }
    Some(percent_decode(encoded).and_then(|json| ScenarioFile::parse(&json, Format::Json)))
}
