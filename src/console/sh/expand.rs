//! Word expansion as POSIX shells do it (XCU 2.6): parameters (`$V`, `${V}`, `${V:-x}`,
//! `${#V}`, `$?`, `$$`, `$!`), command substitution (`$(…)`, backticks), arithmetic (`$((…))`),
//! quote removal, and field splitting of unquoted expansions on blanks. No pathname expansion.

/// What expansion asks of the shell running it.
pub trait Env {
    /// A variable's value (unset: `None`).
    fn var(&self, name: &str) -> Option<String>;
    /// `$?`.
    fn status(&self) -> i32;
    /// `$$`.
    fn pid(&self) -> u32;
    /// `$!`.
    fn last_bg(&self) -> Option<u32> {
        None
    }
    /// `$(script)`: its standard output, trailing newlines removed.
    fn substitute(&mut self, script: &str) -> String;
}

/// A piece of an expanded word: `split` when it came from an unquoted expansion.
struct Seg {
    text: String,
    split: bool,
}

/// A word's fields after expansion and splitting (`"$a b"` one field, `$a` with blanks many).
///
/// # Errors
/// The shell's message without its prefix (`${x/y}: bad substitution`).
pub fn fields(raw: &str, env: &mut dyn Env) -> Result<Vec<String>, String> {
    let segs = segments(raw, env, Mode::Word)?;
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut started = false;
    for s in segs {
        if !s.split {
            cur.push_str(&s.text);
            started = true;
            continue;
        }
        for c in s.text.chars() {
            if matches!(c, ' ' | '\t' | '\n') {
                if started {
                    out.push(std::mem::take(&mut cur));
                    started = false;
                }
            } else {
                cur.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(cur);
    }
    Ok(out)
}

/// A word expanded without splitting (assignments, redirection targets).
///
/// # Errors
/// As [`fields`].
pub fn string(raw: &str, env: &mut dyn Env) -> Result<String, String> {
    Ok(segments(raw, env, Mode::Word)?
        .into_iter()
        .map(|s| s.text)
        .collect())
}

/// A here-document's body (unquoted delimiter): `$`, backticks and `\$ \` \\` escapes only.
///
/// # Errors
/// As [`fields`].
pub fn heredoc(body: &str, env: &mut dyn Env) -> Result<String, String> {
    Ok(segments(body, env, Mode::Heredoc)?
        .into_iter()
        .map(|s| s.text)
        .collect())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Word,
    Heredoc,
}

/// Adds literal text: onto the last segment when it is literal too (one allocation for a run of
/// plain characters, not one each), else as a new segment (an empty one still marks a field).
fn push_lit(segs: &mut Vec<Seg>, text: &str) {
    match segs.last_mut() {
        Some(last) if !last.split => last.text.push_str(text),
        _ => segs.push(Seg {
            text: text.to_string(),
            split: false,
        }),
    }
}

fn segments(raw: &str, env: &mut dyn Env, mode: Mode) -> Result<Vec<Seg>, String> {
    let chars: Vec<char> = raw.chars().collect();
    let mut segs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\'' if mode == Mode::Word => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|c| *c == '\'')
                    .map_or(chars.len(), |k| i + 1 + k);
                push_lit(&mut segs, &chars[i + 1..end].iter().collect::<String>());
                i = end + 1;
            }
            '"' if mode == Mode::Word => {
                let end = super::close_double(&chars, i + 1).map_or(chars.len(), |e| e - 1);
                let inner: String = chars[i + 1..end.max(i + 1)].iter().collect();
                let text: String = segments_quoted(&inner, env)?;
                push_lit(&mut segs, &text);
                i = end + 1;
            }
            '\\' => {
                let next = chars.get(i + 1).copied();
                match (mode, next) {
                    (_, Some('\n')) => {}
                    (Mode::Word, Some(c)) | (Mode::Heredoc, Some(c @ ('$' | '`' | '\\'))) => {
                        push_lit(&mut segs, c.encode_utf8(&mut [0; 4]));
                    }
                    (Mode::Heredoc, Some(c)) => push_lit(&mut segs, &format!("\\{c}")),
                    (_, None) => push_lit(&mut segs, "\\"),
                }
                i += 2;
            }
            '$' | '`' => {
                let (text, next) = dollar(&chars, i, env)?;
                segs.push(Seg {
                    text,
                    split: mode == Mode::Word,
                });
                i = next;
            }
            c => {
                push_lit(&mut segs, c.encode_utf8(&mut [0; 4]));
                i += 1;
            }
        }
    }
    Ok(segs)
}

/// The inside of `"…"`: expansions happen, nothing splits, `\` escapes only `$ \` " \\`.
fn segments_quoted(inner: &str, env: &mut dyn Env) -> Result<String, String> {
    let chars: Vec<char> = inner.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                match chars.get(i + 1) {
                    Some('\n') => {}
                    Some(c @ ('$' | '`' | '"' | '\\')) => out.push(*c),
                    Some(c) => {
                        out.push('\\');
                        out.push(*c);
                    }
                    None => out.push('\\'),
                }
                i += 2;
            }
            '$' | '`' => {
                let (text, next) = dollar(&chars, i, env)?;
                out.push_str(&text);
                i = next;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// Expands the `$…` or backtick substitution at `i`; returns its value and the index after it.
fn dollar(chars: &[char], i: usize, env: &mut dyn Env) -> Result<(String, usize), String> {
    if chars[i] == '`' {
        let mut j = i + 1;
        let mut script = String::new();
        while j < chars.len() && chars[j] != '`' {
            if chars[j] == '\\' && matches!(chars.get(j + 1), Some('$' | '`' | '\\')) {
                j += 1;
            }
            if let Some(c) = chars.get(j) {
                script.push(*c);
            }
            j += 1;
        }
        return Ok((env.substitute(&script), j + 1));
    }
    let Some(&next) = chars.get(i + 1) else {
        return Ok(("$".to_string(), i + 1));
    };
    match next {
        '(' if chars.get(i + 2) == Some(&'(') => {
            let end =
                super::close_paren(chars, i + 2).map_err(|_| "bad substitution".to_string())?;
            // `$((expr))`: the expression is between the inner parentheses.
            let expr: String = chars[(i + 3).min(end)..end.saturating_sub(2).max(i + 3).min(end)]
                .iter()
                .collect();
            let close = end;
            let value = arith(&expr, env)?;
            Ok((value.to_string(), close))
        }
        '(' => {
            let end = super::close_paren(chars, i + 2).unwrap_or(chars.len());
            let script: String = chars[i + 2..end.saturating_sub(1).max(i + 2)]
                .iter()
                .collect();
            Ok((env.substitute(&script), end))
        }
        '{' => {
            let close = chars[i + 2..]
                .iter()
                .position(|c| *c == '}')
                .map_or(chars.len(), |k| i + 2 + k);
            let inner: String = chars[i + 2..close].iter().collect();
            Ok((braced(&inner, env)?, close + 1))
        }
        '?' => Ok((env.status().to_string(), i + 2)),
        '$' => Ok((env.pid().to_string(), i + 2)),
        '!' => Ok((
            env.last_bg().map(|p| p.to_string()).unwrap_or_default(),
            i + 2,
        )),
        '#' => Ok(("0".to_string(), i + 2)),
        '@' | '*' => Ok((String::new(), i + 2)),
        c if c.is_ascii_digit() => Ok((env.var(&c.to_string()).unwrap_or_default(), i + 2)),
        c if c.is_ascii_alphabetic() || c == '_' => {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            Ok((env.var(&name).unwrap_or_default(), j))
        }
        _ => Ok(("$".to_string(), i + 1)),
    }
}

/// `${…}`: `NAME`, `#NAME`, `NAME:-word`, `NAME-word`, `NAME:+word`, `NAME:=word`.
fn braced(inner: &str, env: &mut dyn Env) -> Result<String, String> {
    let bad = || format!("${{{inner}}}: bad substitution");
    if let Some(name) = inner.strip_prefix('#') {
        if super::is_name(name) {
            return Ok(env
                .var(name)
                .unwrap_or_default()
                .chars()
                .count()
                .to_string());
        }
        return Err(bad());
    }
    let name_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    let (name, rest) = inner.split_at(name_len);
    let value = match name {
        "?" => Some(env.status().to_string()),
        n if super::is_name(n) || n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
            env.var(n)
        }
        _ => return Err(bad()),
    };
    if rest.is_empty() {
        return Ok(value.unwrap_or_default());
    }
    let empty = value.as_deref().is_none_or(str::is_empty);
    let (op, word) = if let Some(w) = rest.strip_prefix(":-").or(rest.strip_prefix(":=")) {
        ("-", w)
    } else if let Some(w) = rest.strip_prefix(":+") {
        ("+", w)
    } else if let Some(w) = rest.strip_prefix('-').or(rest.strip_prefix('=')) {
        ("unset-", w)
    } else {
        return Err(bad());
    };
    let word = string(word, env)?;
    Ok(match op {
        "-" if empty => word,
        "+" if !empty => word,
        "+" => String::new(),
        "unset-" if value.is_none() => word,
        _ => value.unwrap_or_default(),
    })
}

/// `$((…))`: integers, variables, `+ - * / %`, comparisons and parentheses.
fn arith(expr: &str, env: &mut dyn Env) -> Result<i64, String> {
    let toks = arith_tokens(expr, env)?;
    let mut p = 0;
    let v =
        arith_cmp(&toks, &mut p).ok_or_else(|| format!("{expr}: syntax error in expression"))?;
    if p != toks.len() {
        return Err(format!("{expr}: syntax error in expression"));
    }
    v.map_err(|()| format!("{expr}: division by 0"))
}

#[derive(Debug, Clone, PartialEq)]
enum A {
    N(i64),
    Op(String),
}

fn arith_tokens(expr: &str, env: &mut dyn Env) -> Result<Vec<A>, String> {
    let expanded = string(expr, env)?;
    let chars: Vec<char> = expanded.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let n: String = chars[i..j].iter().collect();
            toks.push(A::N(n.parse().unwrap_or(0)));
            i = j;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name: String = chars[i..j].iter().collect();
            let v = env.var(&name).unwrap_or_default();
            toks.push(A::N(v.trim().parse().unwrap_or(0)));
            i = j;
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            if ["<=", ">=", "==", "!="].contains(&two.as_str()) {
                toks.push(A::Op(two));
                i += 2;
            } else if "+-*/%()<>".contains(c) {
                toks.push(A::Op(c.to_string()));
                i += 1;
            } else {
                return Err(format!(
                    "{expanded}: syntax error: invalid arithmetic operator"
                ));
            }
        }
    }
    Ok(toks)
}

type AVal = Option<Result<i64, ()>>;

fn arith_cmp(t: &[A], p: &mut usize) -> AVal {
    let mut l = arith_sum(t, p)?;
    while let Some(A::Op(o)) = t.get(*p) {
        if !["<", ">", "<=", ">=", "==", "!="].contains(&o.as_str()) {
            break;
        }
        let o = o.clone();
        *p += 1;
        let r = arith_sum(t, p)?;
        l = match (l, r) {
            (Ok(a), Ok(b)) => Ok(i64::from(match o.as_str() {
                "<" => a < b,
                ">" => a > b,
                "<=" => a <= b,
                ">=" => a >= b,
                "==" => a == b,
                _ => a != b,
            })),
            _ => Err(()),
        };
    }
    Some(l)
}

fn arith_sum(t: &[A], p: &mut usize) -> AVal {
    let mut l = arith_prod(t, p)?;
    while let Some(A::Op(o)) = t.get(*p) {
        if o != "+" && o != "-" {
            break;
        }
        let plus = o == "+";
        *p += 1;
        let r = arith_prod(t, p)?;
        l = match (l, r) {
            (Ok(a), Ok(b)) if plus => Ok(a.wrapping_add(b)),
            (Ok(a), Ok(b)) => Ok(a.wrapping_sub(b)),
            _ => Err(()),
        };
    }
    Some(l)
}

fn arith_prod(t: &[A], p: &mut usize) -> AVal {
    let mut l = arith_unary(t, p)?;
    while let Some(A::Op(o)) = t.get(*p) {
        if !["*", "/", "%"].contains(&o.as_str()) {
            break;
        }
        let o = o.clone();
        *p += 1;
        let r = arith_unary(t, p)?;
        l = match (l, r) {
            (Ok(a), Ok(b)) => match o.as_str() {
                "*" => Ok(a.wrapping_mul(b)),
                _ if b == 0 => Err(()),
                "/" => Ok(a.wrapping_div(b)),
                _ => Ok(a.wrapping_rem(b)),
            },
            _ => Err(()),
        };
    }
    Some(l)
}

fn arith_unary(t: &[A], p: &mut usize) -> AVal {
    match t.get(*p)? {
        A::N(n) => {
            *p += 1;
            Some(Ok(*n))
        }
        A::Op(o) if o == "-" => {
            *p += 1;
            Some(arith_unary(t, p)?.map(i64::wrapping_neg))
        }
        A::Op(o) if o == "+" => {
            *p += 1;
            arith_unary(t, p)
        }
        A::Op(o) if o == "(" => {
            *p += 1;
            let v = arith_cmp(t, p)?;
            if t.get(*p) != Some(&A::Op(")".to_string())) {
                return None;
            }
            *p += 1;
            Some(v)
        }
        A::Op(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct E(BTreeMap<String, String>);

    impl Env for E {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).cloned()
        }
        fn status(&self) -> i32 {
            3
        }
        fn pid(&self) -> u32 {
            4242
        }
        fn substitute(&mut self, script: &str) -> String {
            format!("<{script}>")
        }
    }

    fn env() -> E {
        let mut m = BTreeMap::new();
        m.insert("i".to_string(), "0".to_string());
        m.insert("two".to_string(), "a  b".to_string());
        E(m)
    }

    #[test]
    fn quotes_decide_expansion_and_splitting() {
        // Pins single vs double quotes, splitting of unquoted expansions and empty quoted words.
        let mut e = env();
        assert_eq!(fields("\"web-$i\"", &mut e).unwrap(), vec!["web-0"]);
        assert_eq!(fields("'web-$i'", &mut e).unwrap(), vec!["web-$i"]);
        assert_eq!(fields("$two", &mut e).unwrap(), vec!["a", "b"]);
        assert_eq!(fields("\"$two\"", &mut e).unwrap(), vec!["a  b"]);
        assert_eq!(fields("\"\"", &mut e).unwrap(), vec![""]);
        assert!(fields("$nothing", &mut e).unwrap().is_empty());
        assert_eq!(fields("${i}x$?$$", &mut e).unwrap(), vec!["0x34242"]);
        assert_eq!(fields("a\\ b", &mut e).unwrap(), vec!["a b"]);
        assert_eq!(
            fields("\"$(hostname)\"", &mut e).unwrap(),
            vec!["<hostname>"]
        );
        assert_eq!(fields("`hostname`", &mut e).unwrap(), vec!["<hostname>"]);
        assert_eq!(fields("${u:-dflt}", &mut e).unwrap(), vec!["dflt"]);
        assert_eq!(fields("${#two}", &mut e).unwrap(), vec!["4"]);
        assert_eq!(fields("$((i+2*3))", &mut e).unwrap(), vec!["6"]);
        assert_eq!(
            fields("${two/a/b}", &mut e),
            Err("${two/a/b}: bad substitution".to_string())
        );
    }

    #[test]
    fn heredoc_bodies_expand_but_keep_quotes() {
        // Pins that quotes are literal in a here-document and `\$` escapes.
        let mut e = env();
        assert_eq!(
            heredoc("name: 'web-$i' \\$x \"q\"\n", &mut e).unwrap(),
            "name: 'web-0' $x \"q\"\n"
        );
    }
}
