//! A fast reader for the YAML that manifests are written in: block mappings and sequences,
//! plain and single-line quoted scalars, one-line flow sequences, `{}` and `[]`, comments.
//!
//! It gives up (returns `None`) on anything else — anchors, tags, block scalars, multi-line
//! scalars, empty values, odd indentation, any error — and the full parser reads the chunk
//! instead. Where it does not give up, it builds exactly the tree the full parser builds,
//! positions included; a differential test holds it to that.

use super::{
    check_duplicate_keys, is_indicator, key_name, plain_key, resolve_scalar, Chunk, Document, Key,
    Node, Pos, Value, MAX_DEPTH,
};
use yaml_rust2::scanner::TScalarStyle;

struct Line<'a> {
    /// 1-based line number in the whole input.
    no: u32,
    /// Leading spaces.
    indent: usize,
    /// The text after the indentation, without the line break.
    content: &'a str,
    /// Whether the raw line is pure ASCII (then byte offsets are character columns).
    ascii: bool,
    /// The raw line, for column computation.
    raw: &'a str,
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
    /// A sequence item's content read as if it were its own line: `- name: web` opens a
    /// mapping at the column of `name`.
    virtual_line: Option<(usize, usize)>,
}

/// Reads a chunk on the fast path, or returns `None` to hand it to the full parser.
pub fn parse(chunk: Chunk<'_>) -> Option<Vec<Document>> {
    let text = chunk.text;
    if text.starts_with('\u{feff}') {
        return None;
    }
    let mut lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.contains('\r') {
            return None;
        }
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with('\t') {
            return None;
        }
        let no = chunk.start_line + u32::try_from(i).ok()?;
        lines.push(Line {
            no,
            indent: raw.len() - trimmed.len(),
            content: trimmed,
            ascii: raw.is_ascii(),
            raw,
        });
    }
    if lines.is_empty() {
        return Some(Vec::new());
    }
    let first = lines[0].content;
    if first.starts_with("---") || first.starts_with("...") || first.starts_with('%') {
        return None;
    }
    let mut r = Reader {
        lines,
        at: 0,
        virtual_line: None,
    };
    let indent = r.lines[0].indent;
    let root = r.block(indent, 0)?;
    if r.at < r.lines.len() {
        return None;
    }
    Some(vec![Document {
        start_line: root.pos.line,
        root: Some(root),
    }])
}

impl<'a> Reader<'a> {
    /// The current line's indentation and content (a virtual line inside a sequence item if
    /// one is pending).
    fn current(&self) -> Option<(usize, &'a str)> {
        let line = self.lines.get(self.at)?;
        match self.virtual_line {
            Some((indent, offset)) => Some((indent, &line.raw[offset..])),
            None => Some((line.indent, line.content)),
        }
    }

    /// The 1-based position of byte `offset` of the current line's content.
    fn pos_at(&self, content_offset: usize) -> Option<Pos> {
        let line = self.lines.get(self.at)?;
        let start = match self.virtual_line {
            Some((_, off)) => off,
            None => line.indent,
        };
        let byte = start + content_offset;
        let col = if line.ascii {
            byte
        } else {
            line.raw.get(..byte)?.chars().count()
        };
        Some(Pos::new(line.no, u32::try_from(col).ok()? + 1))
    }

    fn advance(&mut self) {
        self.at += 1;
        self.virtual_line = None;
    }

    fn block(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let (cur_indent, content) = self.current()?;
        if cur_indent != indent {
            return None;
        }
        if is_seq_item(content) {
            self.sequence(indent, depth)
        } else if key_end(content).is_some() {
            self.mapping(indent, depth)
        } else {
            None
        }
    }

    fn sequence(&mut self, indent: usize, depth: usize) -> Option<Node> {
        let mut items: Vec<Node> = Vec::new();
        while let Some((cur_indent, content)) = self.current() {
            if cur_indent != indent || !is_seq_item(content) {
                break;
            }
            let after = &content[1..];
            let spaces = after.len() - after.trim_start_matches(' ').len();
            let rest = &after[spaces..];
            if rest.is_empty() || rest.starts_with('#') {
                // An item on the following lines, or an empty item: leave those to the full
                // parser, whose positions for them follow other rules.
                return None;
            }
            let item_indent = indent + 1 + spaces;
            let offset = self.content_offset()? + 1 + spaces;
            if is_seq_item(rest) || key_end(rest).is_some() {
                self.virtual_line = Some((item_indent, offset));
                items.push(self.block(item_indent, depth + 1)?);
            } else {
                let pos = self.pos_at(1 + spaces)?;
                let node = inline_value(rest, pos, self)?;
                items.push(node);
                self.advance();
            }
            if let Some((next_indent, _)) = self.current() {
                if next_indent > indent {
                    return None;
                }
            }
        }
        let pos = items.first()?.pos;
        Some(Node {
            value: Value::Seq(items),
            pos,
        })
    }

    /// Byte offset of the current content within its raw line.
    fn content_offset(&self) -> Option<usize> {
        let line = self.lines.get(self.at)?;
        Some(match self.virtual_line {
            Some((_, off)) => off,
            None => line.indent,
        })
    }

    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Node> {
        let mut entries: Vec<(Key, Node)> = Vec::new();
        while let Some((cur_indent, content)) = self.current() {
            if cur_indent != indent || is_seq_item(content) {
                break;
            }
            let (key_text, colon, quoted) = key_end(content)?;
            let key_pos = self.pos_at(0)?;
            let name = if quoted {
                match quoted_scalar(&content[..colon])? {
                    (Value::Str(s), rest) if rest.trim().is_empty() => key_name(&s),
                    _ => return None,
                }
            } else {
                plain_key(key_text)?
            };
            let after = &content[colon + 1..];
            let spaces = after.len() - after.trim_start_matches(' ').len();
            let rest = &after[spaces..];
            let value = if rest.is_empty() || rest.starts_with('#') {
                self.advance();
                match self.current() {
                    Some((next_indent, _)) if next_indent > indent => {
                        self.block(next_indent, depth + 1)?
                    }
                    Some((next_indent, next)) if next_indent == indent && is_seq_item(next) => {
                        self.sequence(indent, depth + 1)?
                    }
                    _ => return None,
                }
            } else {
                let pos = self.pos_at(colon + 1 + spaces)?;
                let node = inline_value(rest, pos, self)?;
                self.advance();
                if let Some((next_indent, _)) = self.current() {
                    if next_indent > indent {
                        return None;
                    }
                }
                node
            };
            entries.push((Key { name, pos: key_pos }, value));
        }
        if check_duplicate_keys(&entries).is_err() {
            return None;
        }
        let pos = entries.first()?.0.pos;
        Some(Node {
            value: Value::Map(entries),
            pos,
        })
    }
}

fn is_seq_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// If `content` starts with a mapping key, returns (plain key text, byte index of the `:`,
/// whether the key is quoted).
fn key_end(content: &str) -> Option<(&str, usize, bool)> {
    let first = *content.as_bytes().first()?;
    if first == b'"' || first == b'\'' {
        let (_, rest) = quoted_scalar(content)?;
        let consumed = content.len() - rest.len();
        let after = rest.trim_start_matches(' ');
        let colon = consumed + (rest.len() - after.len());
        let b = after.as_bytes();
        if b.first() == Some(&b':') && matches!(b.get(1), None | Some(b' ')) {
            return Some(("", colon, true));
        }
        return None;
    }
    if is_indicator(first) {
        return None;
    }
    let bytes = content.as_bytes();
    for i in 0..bytes.len() {
        match bytes[i] {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => {
                let key = &content[..i];
                if key.ends_with(' ') || key.is_empty() {
                    return None;
                }
                return Some((key, i, false));
            }
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            b'\t' => return None,
            _ => {}
        }
    }
    None
}

/// A value written after `key: ` or `- `: a plain or quoted scalar, `{}`, `[]`, or a one-line
/// flow sequence of scalars. Anything after it must be a comment.
fn inline_value(text: &str, pos: Pos, r: &Reader<'_>) -> Option<Node> {
    let first = *text.as_bytes().first()?;
    match first {
        b'"' | b'\'' => {
            let (value, rest) = quoted_scalar(text)?;
            only_comment(rest)?;
            Some(Node { value, pos })
        }
        b'{' => {
            let rest = text[1..].trim_start_matches(' ');
            let rest = rest.strip_prefix('}')?;
            only_comment(rest)?;
            Some(Node {
                value: Value::Map(Vec::new()),
                pos,
            })
        }
        b'[' => flow_sequence(text, pos, r),
        b'-' if text.len() == 1 => None,
        b'-' | b'?' | b':' => {
            // Allowed as a plain scalar start only when followed by a non-space (`-1`).
            if text.as_bytes().get(1).is_none_or(|b| *b == b' ') {
                return None;
            }
            plain(text, pos)
        }
        b if is_indicator(b) => None,
        _ => plain(text, pos),
    }
}

fn plain(text: &str, pos: Pos) -> Option<Node> {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    for i in 0..bytes.len() {
        match bytes[i] {
            b'#' if i > 0 && bytes[i - 1] == b' ' => {
                end = i;
                break;
            }
            b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => return None,
            b'\t' => return None,
            _ => {}
        }
    }
    let value = text[..end].trim_end_matches(' ');
    if value.is_empty() {
        return None;
    }
    Some(Node {
        value: resolve_scalar(value.to_string(), TScalarStyle::Plain, None),
        pos,
    })
}

fn only_comment(rest: &str) -> Option<()> {
    if rest.is_empty() {
        return Some(());
    }
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim_start_matches(' ');
    if rest.is_empty() || rest.starts_with('#') {
        Some(())
    } else {
        None
    }
}

/// A single-line quoted scalar at the start of `text`; returns its value and the text after
/// the closing quote.
fn quoted_scalar(text: &str) -> Option<(Value, &str)> {
    let quote = text.chars().next()?;
    let body = &text[1..];
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if quote == '\'' {
            if c == '\'' {
                if body[i + 1..].starts_with('\'') {
                    out.push('\'');
                    chars.next();
                    continue;
                }
                return Some((Value::Str(out), &body[i + 1..]));
            }
            out.push(c);
        } else {
            match c {
                '"' => return Some((Value::Str(out), &body[i + 1..])),
                '\\' => {
                    let (_, e) = chars.next()?;
                    out.push(match e {
                        '\\' => '\\',
                        '"' => '"',
                        '/' => '/',
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        ' ' => ' ',
                        _ => return None,
                    });
                }
                _ => out.push(c),
            }
        }
    }
    None
}

fn flow_sequence(text: &str, pos: Pos, r: &Reader<'_>) -> Option<Node> {
    let base = r.content_offset()?;
    let line = r.lines.get(r.at)?;
    let text_start = text.as_ptr() as usize - line.raw.as_ptr() as usize;
    debug_assert!(text_start >= base);
    let mut items = Vec::new();
    let mut i = 1usize;
    let bytes = text.as_bytes();
    loop {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        match bytes.get(i)? {
            b']' if items.is_empty() => {
                only_comment(&text[i + 1..])?;
                break;
            }
            b'"' | b'\'' => {
                let (value, rest) = quoted_scalar(&text[i..])?;
                let item_pos = col_pos(line, text_start + i)?;
                items.push(Node {
                    value,
                    pos: item_pos,
                });
                i = text.len() - rest.len();
            }
            b => {
                if is_indicator(*b) {
                    return None;
                }
                let start = i;
                while let Some(c) = bytes.get(i) {
                    if matches!(c, b',' | b']' | b'[' | b'{' | b'}' | b'#' | b':' | b'\t') {
                        break;
                    }
                    i += 1;
                }
                if matches!(
                    bytes.get(i),
                    Some(b'[' | b'{' | b'}' | b'#' | b':' | b'\t') | None
                ) {
                    return None;
                }
                let word = text[start..i].trim_end_matches(' ');
                // Only simple words: the full parser has its own rules for spaces and dashes
                // inside flow scalars, and those are left to it.
                if !word
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'/' | b'-'))
                {
                    return None;
                }
                let item_pos = col_pos(line, text_start + start)?;
                items.push(Node {
                    value: resolve_scalar(word.to_string(), TScalarStyle::Plain, None),
                    pos: item_pos,
                });
            }
        }
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        match bytes.get(i)? {
            b',' => i += 1,
            b']' => {
                only_comment(&text[i + 1..])?;
                break;
            }
            _ => return None,
        }
    }
    let pos = items.first().map_or(pos, |n| n.pos);
    Some(Node {
        value: Value::Seq(items),
        pos,
    })
}

fn col_pos(line: &Line<'_>, byte: usize) -> Option<Pos> {
    let col = if line.ascii {
        byte
    } else {
        line.raw.get(..byte)?.chars().count()
    };
    Some(Pos::new(line.no, u32::try_from(col).ok()? + 1))
}
