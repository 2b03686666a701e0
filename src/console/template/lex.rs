//! The tokens inside a Go template action (`text/template/parse/lex.go`, as far as kubectl's
//! templates need it).

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum TokKind {
    /// `.a.b`; `.` alone is an empty chain.
    Field(Vec<String>),
    /// `$x.a.b` (`$` alone is the data).
    Var(String, Vec<String>),
    Ident(String),
    /// Unquoted value and the source spelling.
    Str(String, String),
    Num(Value, String),
    /// Fields right after a `)`.
    Chain(Vec<String>),
    LParen,
    RParen,
    Pipe,
    Declare,
    Assign,
    Comma,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tok {
    pub kind: TokKind,
    /// Byte offset in the template.
    pub pos: usize,
}

fn ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Go's `%#U`: `U+007D '}'`.
fn sharp_u(c: char) -> String {
    format!("U+{:04X} '{c}'", c as u32)
}

/// Reads `.a.b.c` starting at a `.`; returns the names and the end.
fn chain(chars: &[(usize, char)], mut i: usize) -> (Vec<String>, usize) {
    let mut names = Vec::new();
    while i < chars.len() && chars[i].1 == '.' && chars.get(i + 1).is_some_and(|c| ident_char(c.1))
    {
        let (name, next) = word(chars, i + 1);
        i = next;
        names.push(name);
    }
    (names, i)
}

fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut it = raw.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('\'') => out.push('\''),
            Some(k @ ('x' | 'u' | 'U')) => {
                let n = match k {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = (0..n).filter_map(|_| it.next()).collect();
                let ch = u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| "invalid syntax".to_string())?;
                out.push(ch);
            }
            _ => return Err("invalid syntax".into()),
        }
    }
    Ok(out)
}

type Lexed = Result<(TokKind, usize), (usize, String)>;

fn byte_at(src: &str, chars: &[(usize, char)], i: usize) -> usize {
    chars.get(i).map_or(src.len(), |c| c.0)
}

/// A `"…"` or `` `…` `` string starting at char `i`; returns it and the char after it.
fn string(src: &str, chars: &[(usize, char)], i: usize) -> Lexed {
    let (pos, c) = chars[i];
    let mut j = i + 1;
    loop {
        match chars.get(j).map(|c| c.1) {
            None => return Err((pos, "unterminated quoted string".into())),
            Some('\n') if c == '"' => return Err((pos, "unterminated quoted string".into())),
            Some('\\') if c == '"' => j += 2,
            Some(q) if q == c => break,
            Some(_) => j += 1,
        }
    }
    let raw = &src[pos..byte_at(src, chars, j + 1)];
    let body = &src[byte_at(src, chars, i + 1)..byte_at(src, chars, j)];
    let value = if c == '`' {
        body.to_string()
    } else {
        unescape(body).map_err(|e| (pos, e))?
    };
    Ok((TokKind::Str(value, raw.to_string()), j + 1))
}

/// A number starting at char `i` (decimal, `0x` hex, float).
fn number(src: &str, chars: &[(usize, char)], i: usize) -> Lexed {
    let pos = chars[i].0;
    let mut j = i + 1;
    while chars
        .get(j)
        .is_some_and(|c| c.1.is_ascii_alphanumeric() || c.1 == '.' || c.1 == '_')
    {
        j += 1;
    }
    let raw = &src[pos..byte_at(src, chars, j)];
    let bad = || (pos, format!("bad number syntax: \"{raw}\""));
    let clean = raw.replace('_', "");
    let v = if let Ok(n) = clean.parse::<i64>() {
        Value::from(n)
    } else if let Some(h) = clean.strip_prefix("0x") {
        i64::from_str_radix(h, 16)
            .map(Value::from)
            .map_err(|_| bad())?
    } else if let Ok(f) = clean.parse::<f64>() {
        serde_json::Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(bad)?
    } else {
        return Err(bad());
    };
    Ok((TokKind::Num(v, raw.to_string()), j))
}

/// The identifier characters from char `i`, and the char after them.
fn word(chars: &[(usize, char)], mut i: usize) -> (String, usize) {
    let mut name = String::new();
    while let Some(&(_, c)) = chars.get(i) {
        if !ident_char(c) {
            break;
        }
        name.push(c);
        i += 1;
    }
    (name, i)
}

/// Lexes one action starting after `{{` (and its trim marker) at byte `start`. Returns the
/// tokens, the byte after the closing `}}`, and whether it was `-}}`.
///
/// # Errors
/// `(position, Go's message)`.
pub fn lex_action(src: &str, start: usize) -> Result<(Vec<Tok>, usize, bool), (usize, String)> {
    let chars: Vec<(usize, char)> = src[start..]
        .char_indices()
        .map(|(i, c)| (i + start, c))
        .collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let at = |i: usize| chars.get(i).map_or(src.len(), |c| c.0);
    loop {
        let Some(&(pos, c)) = chars.get(i) else {
            return Err((src.len(), "unclosed action".into()));
        };
        let next = chars.get(i + 1).map(|c| c.1);
        if c == '}' && next == Some('}') {
            return Ok((toks, at(i + 2), false));
        }
        if c.is_whitespace() {
            let mut j = i;
            while chars.get(j).is_some_and(|c| c.1.is_whitespace()) {
                j += 1;
            }
            if src[at(j)..].starts_with("-}}") {
                return Ok((toks, at(j) + 3, true));
            }
            i = j;
            continue;
        }
        let kind = match c {
            '.' => {
                let (names, end) = chain(&chars, i);
                i = if names.is_empty() { i + 1 } else { end };
                TokKind::Field(names)
            }
            '$' => {
                let (name, end) = word(&chars, i + 1);
                let (names, end) = chain(&chars, end);
                i = end;
                TokKind::Var(format!("${name}"), names)
            }
            '"' | '`' => {
                let (kind, end) = string(src, &chars, i)?;
                i = end;
                kind
            }
            '0'..='9' | '-' | '+'
                if c.is_ascii_digit() || next.is_some_and(|n| n.is_ascii_digit()) =>
            {
                let (kind, end) = number(src, &chars, i)?;
                i = end;
                kind
            }
            '(' => {
                i += 1;
                TokKind::LParen
            }
            ')' => {
                toks.push(Tok {
                    kind: TokKind::RParen,
                    pos,
                });
                let (names, end) = chain(&chars, i + 1);
                i = end;
                if !names.is_empty() {
                    toks.push(Tok {
                        kind: TokKind::Chain(names),
                        pos: at(i),
                    });
                }
                continue;
            }
            '|' => {
                i += 1;
                TokKind::Pipe
            }
            ',' => {
                i += 1;
                TokKind::Comma
            }
            ':' if next == Some('=') => {
                i += 2;
                TokKind::Declare
            }
            '=' => {
                i += 1;
                TokKind::Assign
            }
            c if ident_char(c) => {
                let (name, end) = word(&chars, i);
                i = end;
                TokKind::Ident(name)
            }
            c => {
                return Err((
                    pos,
                    format!("unrecognized character in action: {}", sharp_u(c)),
                ))
            }
        };
        toks.push(Tok { kind, pos });
    }
}
