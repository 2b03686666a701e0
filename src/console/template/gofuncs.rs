//! The functions a kubectl Go template can call: `text/template`'s builtins (`funcs.go`) and
//! kubectl's `exists` and `base64decode` (`cli-runtime:pkg/printers/template.go`; kubectl adds no
//! other library, kubernetes/kubernetes#84360 was closed). Errors are Go's texts.

use std::cmp::Ordering;

use serde_json::Value;

use super::goval::{self, truthy};

fn want(name: &str, n: usize, args: &[Value]) -> Result<(), String> {
    if args.len() == n {
        Ok(())
    } else {
        Err(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        ))
    }
}

fn s(v: &Value) -> String {
    goval::print(v)
}

/// Calls `name` with evaluated arguments.
///
/// # Errors
/// Go's error text.
pub fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    let calling = |e: String| format!("error calling {name}: {e}");
    let str1 = |args: &[Value]| -> Result<String, String> {
        want(name, 1, args)?;
        Ok(s(&args[0]))
    };
    let v = match name {
        "not" => {
            want(name, 1, args)?;
            Value::Bool(!truthy(&args[0]))
        }
        "len" => {
            want(name, 1, args)?;
            Value::from(len(&args[0]).map_err(calling)?)
        }
        "index" => {
            if args.is_empty() {
                return Err("wrong number of args for index: want at least 1 got 0".into());
            }
            index(&args[0], &args[1..]).map_err(calling)?
        }
        "slice" => {
            if args.is_empty() {
                return Err("wrong number of args for slice: want at least 1 got 0".into());
            }
            slice(&args[0], &args[1..]).map_err(calling)?
        }
        "exists" => {
            Value::Bool(!args.is_empty() && index(&args[0], &args[1..]).is_ok_and(|v| !v.is_null()))
        }
        "print" => Value::String(sprint(args)),
        "println" => Value::String(format!(
            "{}\n",
            args.iter().map(s).collect::<Vec<_>>().join(" ")
        )),
        "printf" => {
            if args.is_empty() {
                return Err("wrong number of args for printf: want at least 1 got 0".into());
            }
            Value::String(sprintf(&s(&args[0]), &args[1..]))
        }
        "eq" => {
            if args.len() < 2 {
                return Err(calling("missing argument for comparison".into()));
            }
            let mut any = false;
            for b in &args[1..] {
                any |= compare(&args[0], b).map_err(calling)? == Ordering::Equal;
            }
            Value::Bool(any)
        }
        "ne" | "lt" | "le" | "gt" | "ge" => {
            want(name, 2, args)?;
            if matches!(name, "lt" | "le" | "gt" | "ge") && matches!(args[0], Value::Bool(_)) {
                return Err(calling("invalid type for comparison".into()));
            }
            let o = compare(&args[0], &args[1]).map_err(calling)?;
            Value::Bool(match name {
                "ne" => o != Ordering::Equal,
                "lt" => o == Ordering::Less,
                "le" => o != Ordering::Greater,
                "gt" => o == Ordering::Greater,
                _ => o != Ordering::Less,
            })
        }
        "html" => Value::String(html(&sprint(args))),
        "js" => Value::String(js(&sprint(args))),
        "urlquery" => Value::String(urlquery(&sprint(args))),
        "base64decode" => {
            let t = str1(args)?;
            let d = crate::engine::config_refs::base64_decode(&t).ok_or_else(|| {
                calling("base64 decode failed: illegal base64 data at input byte 0".into())
            })?;
            Value::String(d)
        }
        "call" => {
            let first = args.first().map_or("<nil>", goval::type_name);
            return Err(calling(format!("non-function of type {first}")));
        }
        _ => return Err(format!("function \"{name}\" not defined")),
    };
    Ok(v)
}

fn len(v: &Value) -> Result<usize, String> {
    match v {
        Value::String(t) => Ok(t.len()),
        Value::Array(a) => Ok(a.len()),
        Value::Object(m) => Ok(m.len()),
        Value::Null => Err("len of nil pointer".into()),
        other => Err(format!("len of type {}", goval::type_name(other))),
    }
}

fn int_arg(k: &Value) -> Result<i64, String> {
    match k {
        Value::Number(n) if n.is_i64() => Ok(n.as_i64().unwrap_or(0)),
        Value::Null => Err("cannot index slice/array with nil".into()),
        other => Err(format!(
            "cannot index slice/array with type {}",
            goval::type_name(other)
        )),
    }
}

fn index(item: &Value, keys: &[Value]) -> Result<Value, String> {
    let mut v = item.clone();
    for k in keys {
        v = match v {
            Value::Array(a) => {
                let i = int_arg(k)?;
                let idx = usize::try_from(i).map_err(|_| format!("index out of range: {i}"))?;
                a.get(idx)
                    .cloned()
                    .ok_or_else(|| format!("index out of range: {i}"))?
            }
            Value::String(t) => {
                let i = int_arg(k)?;
                let idx = usize::try_from(i).map_err(|_| format!("index out of range: {i}"))?;
                t.as_bytes()
                    .get(idx)
                    .map(|b| Value::from(*b))
                    .ok_or_else(|| format!("index out of range: {i}"))?
            }
            Value::Object(m) => match k {
                Value::String(key) => m.get(key).cloned().unwrap_or(Value::Null),
                other => {
                    return Err(format!(
                        "value has type {}; should be string",
                        goval::type_name(other)
                    ))
                }
            },
            Value::Null => return Err("index of untyped nil".into()),
            other => {
                return Err(format!(
                    "can't index item of type {}",
                    goval::type_name(&other)
                ))
            }
        };
    }
    Ok(v)
}

fn slice(item: &Value, idx: &[Value]) -> Result<Value, String> {
    let len = match item {
        Value::Array(a) => a.len(),
        Value::String(t) => t.len(),
        Value::Null => return Err("slice of untyped nil".into()),
        other => {
            return Err(format!(
                "can't slice item of type {}",
                goval::type_name(other)
            ))
        }
    };
    let mut bounds = [0usize, len];
    for (i, k) in idx.iter().take(2).enumerate() {
        let n = int_arg(k)?;
        bounds[i] = usize::try_from(n).map_err(|_| format!("index out of range: {n}"))?;
    }
    if bounds[1] > len || bounds[0] > bounds[1] {
        return Err(format!(
            "invalid slice index: {} > {}",
            bounds[0], bounds[1]
        ));
    }
    Ok(match item {
        Value::Array(a) => Value::Array(a[bounds[0]..bounds[1]].to_vec()),
        Value::String(t) => Value::String(t.get(bounds[0]..bounds[1]).unwrap_or("").to_string()),
        _ => Value::Null,
    })
}

/// `eq`/`lt`… of two basic values.
pub(super) fn compare(a: &Value, b: &Value) -> Result<Ordering, String> {
    match (a, b) {
        (Value::String(x), Value::String(y)) => Ok(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Ok(x.cmp(y)),
        (Value::Number(x), Value::Number(y)) => {
            let (xi, yi) = (x.is_i64() || x.is_u64(), y.is_i64() || y.is_u64());
            if xi != yi {
                return Err("incompatible types for comparison".into());
            }
            let (xf, yf) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            Ok(match (x.as_i64(), y.as_i64()) {
                (Some(p), Some(q)) => p.cmp(&q),
                _ => xf.partial_cmp(&yf).unwrap_or(Ordering::Equal),
            })
        }
        (Value::Null, Value::Null) => Ok(Ordering::Equal),
        (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_)) => {
            Err(format!(
                "non-comparable type {}: {}",
                goval::print(a),
                goval::type_name(a)
            ))
        }
        (Value::Null, _) | (_, Value::Null) => Err("invalid type for comparison".into()),
        _ => Err("incompatible types for comparison".into()),
    }
}

/// `fmt.Sprint`: a space between operands when neither is a string.
fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !args[i - 1].is_string() && !a.is_string() {
            out.push(' ');
        }
        out.push_str(&s(a));
    }
    out
}

fn html(t: &str) -> String {
    let mut o = String::new();
    for c in t.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '\'' => o.push_str("&#39;"),
            '"' => o.push_str("&#34;"),
            '\0' => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

fn js(t: &str) -> String {
    let mut o = String::new();
    for c in t.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '\'' => o.push_str("\\'"),
            '"' => o.push_str("\\\""),
            '<' => o.push_str("\\u003C"),
            '>' => o.push_str("\\u003E"),
            '&' => o.push_str("\\u0026"),
            '=' => o.push_str("\\u003D"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04X}", c as u32)),
            c => o.push(c),
        }
    }
    o
}

fn urlquery(t: &str) -> String {
    let mut o = String::new();
    for b in t.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                o.push(b as char)
            }
            b' ' => o.push('+'),
            b => o.push_str(&format!("%{b:02X}")),
        }
    }
    o
}

/// One `%` directive: flags, width, precision.
#[derive(Default)]
struct Spec {
    minus: bool,
    zero: bool,
    plus: bool,
    sharp: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

fn pad(t: String, sp: &Spec, numeric: bool) -> String {
    let w = sp.width.unwrap_or(0);
    let n = t.chars().count();
    if n >= w {
        return t;
    }
    let fill = w - n;
    if sp.minus {
        format!("{t}{}", " ".repeat(fill))
    } else if sp.zero && numeric {
        let (sign, digits) = match t.strip_prefix('-') {
            Some(d) => ("-", d.to_string()),
            None => ("", t.clone()),
        };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{t}", " ".repeat(fill))
    }
}

fn bad(verb: char, v: &Value) -> String {
    match v {
        Value::Null => format!("%!{verb}(<nil>)"),
        other => format!(
            "%!{verb}({}={})",
            goval::type_name(other),
            goval::print(other)
        ),
    }
}

fn one(verb: char, sp: &Spec, v: &Value) -> String {
    let int = v.as_i64().filter(|_| v.is_i64());
    let (t, numeric) = match verb {
        'v' if sp.sharp => (goval::sharp_v(v), false),
        'v' => (goval::print(v), v.is_number()),
        's' => match v {
            Value::String(t) => (
                t.chars().take(sp.prec.unwrap_or(usize::MAX)).collect(),
                false,
            ),
            Value::Array(_) | Value::Object(_) => (goval::print(v), false),
            other => (bad(verb, other), false),
        },
        'q' => match (v, int) {
            (Value::String(t), _) => (goval::quote(t), false),
            (_, Some(i)) => (
                format!(
                    "'{}'",
                    u32::try_from(i)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{FFFD}')
                ),
                false,
            ),
            (other, _) => (bad(verb, other), false),
        },
        'd' => match int {
            Some(i) if sp.plus && i >= 0 => (format!("+{i}"), true),
            Some(i) => (i.to_string(), true),
            None => (bad(verb, v), false),
        },
        'c' => match int
            .and_then(|i| u32::try_from(i).ok())
            .and_then(char::from_u32)
        {
            Some(c) => (c.to_string(), false),
            None => (bad(verb, v), false),
        },
        'x' | 'X' => {
            let t = match (v, int) {
                (_, Some(i)) => format!("{i:x}"),
                (Value::String(t), _) => t.bytes().map(|b| format!("{b:02x}")).collect(),
                (other, _) => return bad(verb, other),
            };
            (if verb == 'X' { t.to_uppercase() } else { t }, true)
        }
        't' => match v {
            Value::Bool(b) => (b.to_string(), false),
            other => (bad(verb, other), false),
        },
        'f' | 'F' | 'e' | 'g' => match v {
            Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
                let f = n.as_f64().unwrap_or(0.0);
                let p = sp.prec.unwrap_or(6);
                let t = match verb {
                    'e' => format!("{f:.p$e}"),
                    'g' => goval::float(f),
                    _ => format!("{f:.p$}"),
                };
                (t, true)
            }
            other => (bad(verb, other), false),
        },
        _ => (
            format!("%!{verb}({}={})", goval::type_name(v), goval::print(v)),
            false,
        ),
    };
    pad(t, sp, numeric)
}

/// `fmt.Sprintf` for the verbs templates use (`%s %v %+v %#v %d %q %x %X %c %t %f %e %g`, flags,
/// width and precision), with Go's `%!d(MISSING)` / `%!(EXTRA …)` markers.
#[must_use]
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    let mut next = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut sp = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => sp.minus = true,
                '0' => sp.zero = true,
                '+' => sp.plus = true,
                '#' => sp.sharp = true,
                ' ' => {}
                _ => break,
            }
            chars.next();
        }
        let digits = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| {
            let mut n: Option<usize> = None;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = Some(
                    n.unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(d as usize)
                        .min(1000),
                );
                chars.next();
            }
            n
        };
        sp.width = digits(&mut chars);
        if chars.peek() == Some(&'.') {
            chars.next();
            sp.prec = Some(digits(&mut chars).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        match args.get(next) {
            Some(v) => out.push_str(&one(verb, &sp, v)),
            None => out.push_str(&format!("%!{verb}(MISSING)")),
        }
        next += 1;
    }
    if next < args.len() {
        let extra: Vec<String> = args[next..]
            .iter()
            .map(|a| match a {
                Value::Null => "<nil>".to_string(),
                other => format!("{}={}", goval::type_name(other), goval::print(other)),
            })
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}
