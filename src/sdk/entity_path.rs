//! Entity paths as Rerun 0.41 writes them: `EntityPath::parse_forgiving` followed by its
//! escaped `Display` form (`/a/b\ c`), and the part escaping behind `new_entity_path`.
//!
//! Reproduced from rerun-sdk's observable behaviour (what it writes as `rerun:entity_path`),
//! quirks included: the tokenizer does not split on a `/` that follows any backslash (so `a\\/b`
//! is one part), and a `\u{…}` escape takes 1–6 hex digits and gives up after 8 bytes.

use std::borrow::Cow;

/// Characters a part keeps unescaped (Rerun: `is_alphanumeric() || '_' | '-' | '.'`).
fn plain(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// Escapes one (unescaped) part, e.g. `my image!` → `my\ image\!`, `☮` → `\u{262E}`.
pub fn escape_part(part: &str) -> String {
    let mut s = String::with_capacity(part.len());
    escape_part_into(part, &mut s);
    s
}

fn escape_part_into(part: &str, s: &mut String) {
    for c in part.chars() {
        if plain(c) {
            s.push(c);
            continue;
        }
        match c {
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c.is_ascii_punctuation() || c == ' ' => {
                s.push('\\');
                s.push(c);
            }
            c => s.push_str(&format!("\\u{{{:04X}}}", c as u32)),
        }
    }
}

/// `/` + the escaped parts joined by `/` (rerun's `new_entity_path`; empty parts stay empty).
pub fn join_parts<S: AsRef<str>>(parts: &[S]) -> String {
    let mut s =
        String::with_capacity(1 + parts.iter().map(|p| p.as_ref().len() + 1).sum::<usize>());
    s.push('/');
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            s.push('/');
        }
        escape_part_into(p.as_ref(), &mut s);
    }
    s
}

/// Unescapes one part, forgiving any syntax error (Rerun's `EntityPathPart::parse_forgiving`).
fn unescape_part(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            None => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => match unicode_escape(&mut chars) {
                Ok(c) => out.push(c),
                Err(consumed) => {
                    out.push_str("\\u");
                    out.push_str(&consumed);
                }
            },
            // Punctuation and space are escaped as themselves; an unknown escape (`\x`) keeps
            // the character and drops the backslash, as Rerun does (with a warning there).
            Some(c) => out.push(c),
        }
    }
    out
}

/// Parses `{262E}` after `\u`: 1–6 hex digits in braces. Consumes up to a `}` or 8 bytes;
/// on failure returns what it consumed (kept literally).
fn unicode_escape(chars: &mut std::str::Chars<'_>) -> Result<char, String> {
    let mut consumed = String::new();
    for c in chars.by_ref() {
        consumed.push(c);
        if c == '}' || consumed.len() >= 8 {
            break;
        }
    }
    let hex = consumed
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .filter(|h| (1..=6).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit()));
    hex.and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32)
        .ok_or(consumed)
}

/// Splits on `/`, except a `/` right after a backslash (Rerun's `tokenize_by`); drops the `/`s.
fn split_parts(path: &str) -> impl Iterator<Item = &str> {
    let bytes = path.as_bytes();
    let mut start = 0;
    let mut prev_backslash = false;
    let mut cuts = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'/' && !prev_backslash {
            cuts.push((start, i));
            start = i + 1;
        }
        prev_backslash = b == b'\\';
    }
    cuts.push((start, bytes.len()));
    // Cuts are at ASCII `/` bytes, so every slice is on a char boundary.
    cuts.into_iter()
        .filter(|(a, b)| a < b)
        .filter_map(move |(a, b)| path.get(a..b))
}

/// True for paths Rerun stores as they are (after a leading `/`): ASCII alphanumerics, `_-.`,
/// and single `/` separators, no trailing `/`.
fn is_canonical(path: &str) -> bool {
    let body = path.strip_prefix('/').unwrap_or(path);
    let mut prev_slash = true;
    for &b in body.as_bytes() {
        if b == b'/' {
            if prev_slash {
                return false;
            }
            prev_slash = true;
        } else if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.') {
            prev_slash = false;
        } else {
            return false;
        }
    }
    !prev_slash
}

/// The entity path Rerun records for `path`: `/`-prefixed, parts unescaped forgivingly and
/// re-escaped, empty parts dropped; `/` for the root. Plain paths cost one byte scan.
pub fn normalize(path: &str) -> Cow<'_, str> {
    if is_canonical(path) {
        return if path.starts_with('/') {
            Cow::Borrowed(path)
        } else {
            Cow::Owned(format!("/{path}"))
        };
    }
    let parts: Vec<String> = split_parts(path).map(unescape_part).collect();
    Cow::Owned(join_parts(&parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_rerun() {
        assert_eq!(escape_part("my image!"), r"my\ image\!");
        assert_eq!(escape_part("a/b"), r"a\/b");
        assert_eq!(escape_part("☮"), r"\u{262E}");
        assert_eq!(escape_part("😀"), r"\u{1F600}");
        assert_eq!(escape_part("\n\t"), r"\n\t");
        assert_eq!(escape_part("\u{1}"), r"\u{0001}");
        assert_eq!(escape_part("é²ि"), "é²ि");
        assert_eq!(
            join_parts(&["world", "42", "my image!"]),
            r"/world/42/my\ image\!"
        );
        assert_eq!(join_parts(&["", "x"]), "//x");
        assert_eq!(join_parts::<&str>(&[]), "/");
    }

    #[test]
    fn normalize_matches_rerun() {
        for (input, expected) in [
            ("a/b", "/a/b"),
            ("/a/b", "/a/b"),
            ("a/b/", "/a/b"),
            ("//a//b//", "/a/b"),
            ("", "/"),
            ("/", "/"),
            ("a b", r"/a\ b"),
            (r"a\ b", r"/a\ b"),
            ("foo/bar:baz", r"/foo/bar\:baz"),
            ("foo/Hallå Där!", r"/foo/Hallå\ Där\!"),
            (r"a\", r"/a\\"),
            (r"a\x", "/ax"),
            (r"a\u{apa}", r"/a\\u\{apa\}"),
            (r"a\u{62}", "/ab"),
            (r"a\u{1f600}", r"/a\u{1F600}"),
            (r"a\u{D800}\n", r"/a\\u\{D800\}\n"),
            (r"a\u{1234567\ b", r"/a\\u\{1234567\ b"),
            (r"a\u{123456\ b", r"/a\\u\{123456\\\ b"),
            (r"a\u{éééé\n", r"/a\\u\{éééé\n"),
            (r"a\u{ééé\n", r"/a\\u\{ééé\\n"),
            (r"a\\/b", r"/a\\\/b"),
            (r"a\/b/c", r"/a\/b/c"),
            (r"C:\Users\img.jpg", r"/C\:Usersimg.jpg"),
            ("a/./b", "/a/./b"),
            ("tab\there", r"/tab\there"),
        ] {
            assert_eq!(normalize(input), expected, "input {input:?}");
        }
    }
}
