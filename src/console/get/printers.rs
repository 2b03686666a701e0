//! `kubectl get`'s template printers and `--sort-by`:
//! - `--template` / `-o go-template=` / `-o go-template-file=` (`cli-runtime:pkg/genericclioptions/template_flags.go`,
//!   `pkg/printers/template.go`); `--template` alone means go-template (`print_flags.go`);
//! - `-o jsonpath=` / `-o jsonpath-file=` / `-o jsonpath-as-json=` (`jsonpath_flags.go`,
//!   `pkg/printers/jsonpath.go`);
//! - `-o custom-columns=` / `-o custom-columns-file=` (kubectl `pkg/cmd/get/customcolumn.go`);
//! - `--sort-by` (kubectl `pkg/cmd/get/sorter.go`: numbers numerically, strings naturally or as
//!   quantities, objects without the field first).
//!
//! Template files are read from the learner's files ([`crate::console::Workdir`]).

use std::cmp::Ordering;

use serde_json::Value;

use crate::console::parse::Args;
use crate::console::render::table::RememberedWidths;
use crate::console::template::gotemplate::{Template, TemplateError};
use crate::console::template::goval;
use crate::console::template::jsonpath::{relaxed, text_of, JsonPath};
use crate::console::{Files, Output};
use crate::manifest::objects::parse_quantity;

use super::serial;

/// A template printer chosen by the output flags.
#[derive(Debug, Clone, PartialEq)]
pub enum Printer {
    Go {
        tmpl: Template,
        raw: String,
        allow_missing: bool,
    },
    JsonPath {
        jp: JsonPath,
        raw: String,
        as_json: bool,
    },
    Columns {
        cols: Vec<(String, JsonPath)>,
        no_headers: bool,
        /// kubectl's tabwriter remembers widths across a watch's events.
        widths: RememberedWidths,
    },
}

/// The output formats that take a template, as `-o NAME=…` or with `--template`.
const TEMPLATE_FORMATS: &[&str] = &[
    "go-template",
    "go-template-file",
    "template",
    "templatefile",
    "jsonpath",
    "jsonpath-file",
    "jsonpath-as-json",
    "custom-columns",
    "custom-columns-file",
];

/// Whether `-o VALUE` names a template format.
#[must_use]
pub fn is_template_format(value: &str) -> bool {
    let name = value.split('=').next().unwrap_or(value);
    TEMPLATE_FORMATS.contains(&name)
}

fn read(files: &dyn Files, name: &str, what: &str) -> Result<String, String> {
    files
        .read(name)
        .map_err(|e| format!("error reading {what} {name}, open {name}: {e}"))
}

/// Why the output flags cannot make a printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagError {
    /// kubectl's message (without `error: `).
    Kubectl(String),
    /// A real template function or action podplay does not run.
    Unsimulated(String),
}

impl From<String> for FlagError {
    fn from(e: String) -> FlagError {
        FlagError::Kubectl(e)
    }
}

/// The template printer the flags ask for; `Ok(None)` when the format is not a template one.
///
/// # Errors
/// kubectl's message, or what podplay does not simulate.
pub fn from_args(args: &Args, files: &dyn Files) -> Result<Option<Printer>, FlagError> {
    let output = args.value("output").unwrap_or("");
    let template = args.value("template").unwrap_or("");
    let allow_missing = args.value("allow-missing-template-keys") != Some("false");
    let (name, value) = if output.is_empty() && !template.is_empty() {
        ("go-template", template.to_string())
    } else {
        match output.split_once('=') {
            Some((n, v)) if TEMPLATE_FORMATS.contains(&n) && template.is_empty() => {
                (n, v.to_string())
            }
            _ => (output, template.to_string()),
        }
    };
    let empty_template = || "template format specified but no template given".to_string();
    let p = match name {
        "go-template" | "template" | "go-template-file" | "templatefile" => {
            if value.is_empty() {
                return Err(empty_template().into());
            }
            let raw = if name.ends_with("file") {
                read(files, &value, "--template")?
            } else {
                value
            };
            let tmpl = Template::parse(&raw).map_err(|e| match e {
                TemplateError::Go(e) => {
                    FlagError::Kubectl(format!("error parsing template {raw}, {e}"))
                }
                TemplateError::Unsimulated(what) => FlagError::Unsimulated(what),
            })?;
            Printer::Go {
                tmpl,
                raw,
                allow_missing,
            }
        }
        "jsonpath" | "jsonpath-file" | "jsonpath-as-json" => {
            if value.is_empty() {
                return Err(empty_template().into());
            }
            let raw = if name == "jsonpath-file" {
                read(files, &value, "--template")?
            } else {
                value
            };
            let jp = JsonPath::parse(&raw, allow_missing)
                .map_err(|e| format!("error parsing jsonpath {raw}, {e}"))?;
            Printer::JsonPath {
                jp,
                raw,
                as_json: name == "jsonpath-as-json",
            }
        }
        "custom-columns" | "custom-columns-file" => {
            if value.is_empty() {
                return Err(FlagError::Kubectl(
                    "custom-columns format specified but no custom columns given".into(),
                ));
            }
            let (cols, no_headers) = if name == "custom-columns-file" {
                (columns_from_file(&read(files, &value, "template")?)?, false)
            } else {
                (columns_from_spec(&value)?, args.bool("no-headers"))
            };
            Printer::Columns {
                cols,
                no_headers,
                widths: RememberedWidths::new(),
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(p))
}

fn column(header: &str, path: &str) -> Result<(String, JsonPath), String> {
    let spec = relaxed(path)?;
    let jp = JsonPath::parse(&spec, true)?;
    Ok((header.to_string(), jp))
}

/// `NAME:.metadata.name,IMAGE:.spec.containers[*].image`.
fn columns_from_spec(spec: &str) -> Result<Vec<(String, JsonPath)>, String> {
    spec.split(',')
        .map(|part| match part.split_once(':') {
            Some((h, p)) => column(h, p),
            None => Err(format!(
                "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )),
        })
        .collect()
}

/// A custom-columns file: a line of headers, then a line of paths.
fn columns_from_file(text: &str) -> Result<Vec<(String, JsonPath)>, String> {
    let mut lines = text.lines();
    let shape = "Expected format is one line of space separated headers, one line of space separated column specs.";
    let headers: Vec<&str> = lines
        .next()
        .ok_or_else(|| format!("invalid template, missing header line. {shape}"))?
        .split_whitespace()
        .collect();
    let specs: Vec<&str> = lines
        .next()
        .ok_or_else(|| format!("invalid template, missing spec line. {shape}"))?
        .split_whitespace()
        .collect();
    if headers.len() != specs.len() {
        return Err(format!(
            "number of headers ({}) and field specifications ({}) don't match",
            headers.len(),
            specs.len()
        ));
    }
    headers
        .iter()
        .zip(&specs)
        .map(|(h, p)| column(h, p))
        .collect()
}

/// Prints `data` (one object, or a `List`) with the printer. Returns false after an error.
pub fn print(p: &mut Printer, data: &Value, out: &mut Output) -> bool {
    match p {
        Printer::Go {
            tmpl,
            raw,
            allow_missing,
        } => match tmpl.execute(data, *allow_missing) {
            Ok(text) => {
                out.out_text(&text);
                true
            }
            Err((partial, e)) => {
                // kubectl writes what the template wrote, then debugging help, to stdout.
                let help = format!(
                    "{partial}Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{raw}\n\traw data was:\n\t\t{}\n\tobject given to template engine was:\n\t\t{}\n",
                    serial::compact_json(data),
                    goval::print(data)
                );
                out.out(&help);
                out.err(&format!(
                    "error: error executing template {}: {e}",
                    goval::quote(raw)
                ));
                false
            }
        },
        Printer::JsonPath { jp, raw, as_json } => match jp.find(data) {
            Ok(sets) => {
                let mut text = String::new();
                for set in sets {
                    if *as_json {
                        text.push_str(&serial::to_json(&Value::Array(set)));
                        text.push('\n');
                    } else {
                        let parts: Vec<String> = set.iter().map(text_of).collect();
                        text.push_str(&parts.join(" "));
                    }
                }
                out.out_text(&text);
                true
            }
            Err(e) => {
                out.err(&format!(
                    "error: error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{raw}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n",
                    goval::quote(raw),
                    goval::sharp_v(data)
                ));
                false
            }
        },
        Printer::Columns {
            cols,
            no_headers,
            widths,
        } => {
            let ok = print_columns(cols, *no_headers, widths, data, out);
            // Later objects of a watch print without the header, as kubectl does.
            *no_headers = true;
            ok
        }
    }
}

/// One row per object (the items of a `List`), cells `<none>` when empty, values comma-joined.
fn print_columns(
    cols: &[(String, JsonPath)],
    no_headers: bool,
    widths: &mut RememberedWidths,
    data: &Value,
    out: &mut Output,
) -> bool {
    let items: Vec<&Value> = match data.get("items").and_then(Value::as_array) {
        Some(a) if data.get("kind").and_then(Value::as_str) == Some("List") => a.iter().collect(),
        _ => vec![data],
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !no_headers {
        rows.push(cols.iter().map(|(h, _)| h.clone()).collect());
    }
    let mut failed = None;
    for item in items {
        let mut row = Vec::with_capacity(cols.len());
        for (_, jp) in cols {
            match jp.find(item) {
                Ok(sets) => {
                    let values: Vec<String> = sets.iter().flatten().map(goval::print).collect();
                    if sets.first().is_none_or(Vec::is_empty) && values.is_empty() {
                        row.push("<none>".to_string());
                    } else {
                        row.push(values.join(","));
                    }
                }
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        if failed.is_some() {
            break;
        }
        rows.push(row);
    }
    for line in widths.flush(&rows) {
        out.out(&line);
    }
    if let Some(e) = failed {
        out.err(&format!("error: {e}"));
        return false;
    }
    true
}

/// The first value `--sort-by`'s path finds in `v`.
fn sort_key(jp: &JsonPath, v: &Value) -> Option<Value> {
    jp.find(v).ok()?.into_iter().next()?.into_iter().next()
}

/// Sorts `items` (each with its JSON) by `field`, stably. Nothing happens to fewer than `min`
/// items (kubectl sorts tables of two or more rows, lists of one or more).
///
/// # Errors
/// kubectl's message (without `error: `) when no item has the field.
pub fn sort_by<T>(items: &mut Vec<(T, Value)>, field: &str, min: usize) -> Result<(), String> {
    if items.len() < min.max(1) {
        return Ok(());
    }
    let path = relaxed(field)?;
    let jp = JsonPath::parse(&path, true).map_err(|e| format!("sorting error: {e}"))?;
    let keys: Vec<Option<Value>> = items.iter().map(|(_, v)| sort_key(&jp, v)).collect();
    if keys.iter().all(Option::is_none) {
        return Err(format!(
            "couldn't find any field with path {} in the list of objects",
            goval::quote(&path)
        ));
    }
    let mut keyed: Vec<(Option<Value>, (T, Value))> =
        keys.into_iter().zip(items.drain(..)).collect();
    keyed.sort_by(|a, b| order(a.0.as_ref(), b.0.as_ref()));
    items.extend(keyed.into_iter().map(|(_, it)| it));
    Ok(())
}

/// kubectl's `isLess` as an ordering (missing values first).
fn order(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, _) => Ordering::Less,
        (_, None) => Ordering::Greater,
        (Some(a), Some(b)) => value_order(a, b),
    }
}

fn value_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(p), Some(q)) => p.cmp(&q),
            _ => x
                .as_f64()
                .unwrap_or(0.0)
                .partial_cmp(&y.as_f64().unwrap_or(0.0))
                .unwrap_or(Ordering::Equal),
        },
        (Value::String(x), Value::String(y)) => match (parse_quantity(x), parse_quantity(y)) {
            (Some(p), Some(q)) => p.partial_cmp(&q).unwrap_or(Ordering::Equal),
            _ => natural(x, y),
        },
        (Value::Array(x), Value::Array(y)) => {
            for (p, q) in x.iter().zip(y) {
                let o = value_order(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        }
        _ => Ordering::Equal,
    }
}

/// `sortorder.NaturalLess` as an ordering: runs of digits compare as numbers.
#[must_use]
pub fn natural(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let dx = x.iter().take_while(|c| c.is_ascii_digit()).count();
                let dy = y.iter().take_while(|c| c.is_ascii_digit()).count();
                let (nx, ny) = (&x[..dx], &y[..dy]);
                let tx: &[u8] = trim_zeros(nx);
                let ty: &[u8] = trim_zeros(ny);
                let o = tx.len().cmp(&ty.len()).then(tx.cmp(ty)).then(dx.cmp(&dy));
                if o != Ordering::Equal {
                    return o;
                }
                x = &x[dx..];
                y = &y[dy..];
            }
            (Some(p), Some(q)) => {
                if p != q {
                    return p.cmp(q);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let n = d.iter().take_while(|c| **c == b'0').count();
    &d[n..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorting_is_natural_numeric_and_by_quantity() {
        assert_eq!(natural("web-10", "web-9"), Ordering::Greater);
        assert_eq!(natural("a", "b"), Ordering::Less);
        assert_eq!(parse_quantity("1Gi"), Some(1024.0 * 1024.0 * 1024.0));
        assert!(parse_quantity("500Mi") < parse_quantity("1Gi"));
        assert_eq!(parse_quantity("web"), None);
        let mut v = vec![
            ("b", json!({"n": 10, "s": "1Gi"})),
            ("a", json!({"n": 9, "s": "500Mi"})),
            ("c", json!({})),
        ];
        assert_eq!(sort_by(&mut v, ".n", 1), Ok(()));
        assert_eq!(v.iter().map(|x| x.0).collect::<Vec<_>>(), ["c", "a", "b"]);
        assert_eq!(sort_by(&mut v, "{.s}", 1), Ok(()));
        assert_eq!(v.iter().map(|x| x.0).collect::<Vec<_>>(), ["c", "a", "b"]);
        assert_eq!(
            sort_by(&mut v, ".nope", 1),
            Err("couldn't find any field with path \"{.nope}\" in the list of objects".into())
        );
    }
}
