//! How Go's `fmt` prints the values kubectl hands to its template engines: the JSON of an
//! object decoded into `map[string]interface{}` (integers as `int64`, other numbers as
//! `float64`), printed with `%v` (`map[k:v]`, `[a b]`, `<nil>`), `%#v` (the JSONPath printer's
//! debugging dump) or `%q` (`strconv.Quote`).

use serde_json::Value;
use std::fmt::Write as _;

/// Go's `%v` of a number: integers as they are, floats as `strconv.FormatFloat(f, 'g', -1, 64)`
/// (`%v` is `%g`: an exponent below 1e-4 or from 1e6, `strconv/ftoa.go`).
#[must_use]
pub fn number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    float(n.as_f64().unwrap_or(0.0))
}

/// Go's `%v` of a float64.
#[must_use]
pub fn float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return "0".into();
    }
    // Shortest round-trip digits and the decimal exponent, from Rust's `{:e}`.
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", exp.abs());
    }
    format!("{f}")
}

/// Go's type name of a decoded JSON value (`%T`, and `reflect.Type` in messages).
#[must_use]
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "interface {}",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int64",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// `fmt.Sprint(v)`: `%v`.
#[must_use]
pub fn print(v: &Value) -> String {
    let mut s = String::new();
    write_v(v, &mut s);
    s
}

fn write_v(v: &Value, s: &mut String) {
    match v {
        Value::Null => s.push_str("<nil>"),
        Value::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => s.push_str(&number(n)),
        Value::String(t) => s.push_str(t),
        Value::Array(a) => {
            s.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    s.push(' ');
                }
                write_v(x, s);
            }
            s.push(']');
        }
        Value::Object(m) => {
            s.push_str("map[");
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    s.push(' ');
                }
                s.push_str(k);
                s.push(':');
                write_v(x, s);
            }
            s.push(']');
        }
    }
}

/// `strconv.Quote`: a double-quoted Go string literal.
#[must_use]
pub fn quote(t: &str) -> String {
    let mut s = String::with_capacity(t.len() + 2);
    s.push('"');
    for c in t.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            '\u{7}' => s.push_str("\\a"),
            '\u{8}' => s.push_str("\\b"),
            '\u{c}' => s.push_str("\\f"),
            '\u{b}' => s.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(s, "\\x{:02x}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// `fmt.Sprintf("%#v", v)` of a decoded JSON value.
#[must_use]
pub fn sharp_v(v: &Value) -> String {
    let mut s = String::new();
    write_sharp(v, &mut s, true);
    s
}

fn write_sharp(v: &Value, s: &mut String, top: bool) {
    match v {
        Value::Null if top => s.push_str("<nil>"),
        Value::Null => s.push_str("interface {}(nil)"),
        Value::String(t) => s.push_str(&quote(t)),
        Value::Array(a) => {
            s.push_str("[]interface {}{");
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_sharp(x, s, false);
            }
            s.push('}');
        }
        Value::Object(m) => {
            s.push_str("map[string]interface {}{");
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&quote(k));
                s.push(':');
                write_sharp(x, s, false);
            }
            s.push('}');
        }
        other => write_v(other, s),
    }
}

/// Whether a value is "true" as Go templates' `if` sees it (`text/template` `isTrue`).
#[must_use]
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_print_as_go_prints_them() {
        let v = json!({"b": [1, "x", null], "a": {"k": true}, "f": 0.5});
        assert_eq!(print(&v), "map[a:map[k:true] b:[1 x <nil>] f:0.5]");
        assert_eq!(float(123_456.0), "123456");
        assert_eq!(float(1_000_000.0), "1e+06");
        assert_eq!(float(0.00001), "1e-05");
        assert_eq!(quote("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(
            sharp_v(&json!({"a": [1, null]})),
            "map[string]interface {}{\"a\":[]interface {}{1, interface {}(nil)}}"
        );
    }
}
