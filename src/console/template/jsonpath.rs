//! kubectl's JSONPath (`client-go/util/jsonpath`, `parser.go` and `jsonpath.go`): text and
//! `{…}` actions with fields, `[n]`, `[a:b]`, `[-1]`, `[*]`, `['key']`, unions `[0,2]`, `..`
//! recursive descent, filters `[?(@.a=="x")]` (`== != < > <= >=`, and existence),
//! quoted literals `{"\n"}` / `{'\t'}`, `{range …}…{end}`. Each action's results print joined by a
//! space; maps and lists print as compact JSON, other values as Go prints them.

use serde_json::Value;

use super::gofuncs::compare;
use super::goval;

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    Wildcard,
    /// start, end, whether end was derived from a single index.
    Array(Option<i64>, Option<i64>, bool),
    Union(Vec<Vec<Step>>),
    /// left, operator (`exists` without one), right.
    Filter(Vec<Step>, String, Vec<Step>),
    Recursive,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Ident(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Expr(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
    /// `{end}` outside a range.
    StrayEnd,
}

/// A parsed JSONPath template.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPath {
    nodes: Vec<Node>,
    allow_missing: bool,
}

struct P<'a> {
    s: &'a str,
    pos: usize,
}

fn terminator(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'
        ),
    }
}

fn alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

impl P<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    /// Text and actions of the whole template.
    fn template(&mut self) -> Result<Vec<Vec<Step>>, String> {
        // Text segments are returned as a single `Text` step with a marker.
        let mut segs = Vec::new();
        while self.pos < self.s.len() {
            match self.rest().find('{') {
                None => {
                    segs.push(vec![Step::Ident(format!("\0{}", self.rest()))]);
                    self.pos = self.s.len();
                }
                Some(i) => {
                    if i > 0 {
                        segs.push(vec![Step::Ident(format!("\0{}", &self.rest()[..i]))]);
                    }
                    self.pos += i + 1;
                    segs.push(self.action()?);
                }
            }
        }
        Ok(segs)
    }

    /// The steps of one action, up to and including its `}` (or the end for sub-parses).
    fn action(&mut self) -> Result<Vec<Step>, String> {
        let mut steps: Vec<Step> = Vec::new();
        loop {
            let r = self.rest();
            if r.starts_with('}') {
                self.pos += 1;
                return Ok(steps);
            }
            if r.starts_with("[?(") {
                self.pos += 3;
                steps.push(self.filter()?);
                continue;
            }
            if r.starts_with("..") {
                if steps.last() == Some(&Step::Recursive) {
                    return Err("invalid multiple recursive descent".into());
                }
                self.pos += 2;
                steps.push(Step::Recursive);
                if self.peek().is_some_and(alnum) {
                    steps.push(self.field());
                }
                continue;
            }
            match self.peek() {
                None | Some('\r' | '\n') => return Err("unclosed action".into()),
                Some(' ' | '@' | '$') => {
                    self.bump();
                }
                Some('[') => {
                    self.bump();
                    steps.extend(self.array()?);
                }
                Some(q @ ('"' | '\'')) => {
                    self.bump();
                    steps.push(Step::Text(self.quoted(q)?));
                }
                Some('.') => {
                    self.bump();
                    steps.push(self.field());
                }
                Some(c) if c == '+' || c == '-' || c.is_ascii_digit() => steps.push(self.number()?),
                Some(c) if alnum(c) => {
                    let start = self.pos;
                    while !terminator(self.peek()) {
                        self.bump();
                    }
                    let w = &self.s[start..self.pos];
                    steps.push(match w {
                        "true" => Step::Bool(true),
                        "false" => Step::Bool(false),
                        _ => Step::Ident(w.to_string()),
                    });
                }
                Some(c) => {
                    return Err(format!(
                        "unrecognized character in action: U+{:04X} '{c}'",
                        c as u32
                    ))
                }
            }
        }
    }

    fn field(&mut self) -> Step {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c == '\\' {
                self.bump();
                if let Some(n) = self.bump() {
                    name.push(n);
                }
                continue;
            }
            if terminator(Some(c)) {
                break;
            }
            name.push(c);
            self.bump();
        }
        if name == "*" {
            Step::Wildcard
        } else {
            Step::Field(name)
        }
    }

    fn number(&mut self) -> Result<Step, String> {
        let start = self.pos;
        if matches!(self.peek(), Some('+' | '-')) {
            self.bump();
        }
        while self.peek().is_some_and(|c| c == '.' || c.is_ascii_digit()) {
            self.bump();
        }
        let t = &self.s[start..self.pos];
        if let Ok(i) = t.parse::<i64>() {
            return Ok(Step::Int(i));
        }
        t.parse::<f64>()
            .map(Step::Float)
            .map_err(|_| format!("cannot parse number {t}"))
    }

    fn quoted(&mut self, q: char) -> Result<String, String> {
        let mut out = String::new();
        loop {
            match self.bump() {
                None | Some('\n') => return Err("unterminated quoted string".into()),
                Some('\\') => match self.bump() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some('\\') => out.push('\\'),
                    Some(c @ ('"' | '\'')) => out.push(c),
                    Some(c) => {
                        return Err(format!("unquote string {q}\\{c}{q} error invalid syntax"))
                    }
                    None => return Err("unterminated quoted string".into()),
                },
                Some(c) if c == q => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }

    fn array(&mut self) -> Result<Vec<Step>, String> {
        let Some(end) = self.rest().find(']') else {
            return Err("unterminated array".into());
        };
        let mut text = self.rest()[..end].to_string();
        if text.contains('\n') {
            return Err("unterminated array".into());
        }
        self.pos += end + 1;
        if text == "*" {
            text = ":".into();
        }
        if text.contains(',') {
            let mut union = Vec::new();
            for part in text.split(',') {
                union.push(sub_parse(&format!("[{}]", part.trim()))?);
            }
            return Ok(vec![Step::Union(union)]);
        }
        if let Some(key) = text
            .strip_prefix('\'')
            .and_then(|t| t.strip_suffix('\''))
            .filter(|k| !k.contains('\''))
        {
            return sub_parse(&format!(".{key}"));
        }
        let parts: Vec<&str> = text.split(':').collect();
        let num = |t: &str| -> Result<Option<i64>, String> {
            if t.is_empty() {
                return Ok(None);
            }
            let ok = t
                .strip_prefix('-')
                .unwrap_or(t)
                .chars()
                .all(|c| c.is_ascii_digit());
            if !ok {
                return Err(format!("invalid array index {text}"));
            }
            t.parse::<i64>()
                .map(Some)
                .map_err(|_| format!("array index {t} is not a number"))
        };
        if parts.len() > 3 {
            return Err(format!("invalid array index {text}"));
        }
        let start = num(parts[0])?;
        let (end, derived) = match parts.get(1) {
            None => (start.map(|s| s + 1), start.is_some()),
            Some(e) => (num(e)?, false),
        };
        if let Some(step) = parts.get(2) {
            num(step)?;
        }
        if parts.len() == 1 && start.is_none() {
            return Err(format!("invalid array index {text}"));
        }
        Ok(vec![Step::Array(start, end, derived)])
    }

    fn filter(&mut self) -> Result<Step, String> {
        let start = self.pos;
        let mut quote: Option<char> = None;
        loop {
            match self.bump() {
                None | Some('\n') => return Err("unterminated filter".into()),
                Some(c @ ('"' | '\'')) => match quote {
                    None => quote = Some(c),
                    Some(q) if q == c => quote = None,
                    Some(_) => {}
                },
                Some(')') if quote.is_none() => break,
                Some(_) => {}
            }
        }
        let text = self.s[start..self.pos - 1].to_string();
        if self.bump() != Some(']') {
            return Err("unclosed array expect ]".into());
        }
        let op_at = text.find(['!', '<', '>', '=']);
        match op_at.filter(|&i| i > 0) {
            None => Ok(Step::Filter(sub_parse(&text)?, "exists".into(), Vec::new())),
            Some(i) => {
                let op_len = text[i..]
                    .chars()
                    .take_while(|c| matches!(c, '!' | '<' | '>' | '='))
                    .count();
                let op = &text[i..i + op_len];
                let right = &text[i + op_len..];
                if right.is_empty() {
                    return Ok(Step::Filter(sub_parse(&text)?, "exists".into(), Vec::new()));
                }
                Ok(Step::Filter(
                    sub_parse(&text[..i])?,
                    op.to_string(),
                    sub_parse(right)?,
                ))
            }
        }
    }
}

/// The steps of `text` read as the inside of one action.
fn sub_parse(text: &str) -> Result<Vec<Step>, String> {
    let wrapped = format!("{text}}}");
    let mut p = P {
        s: &wrapped,
        pos: 0,
    };
    p.action()
}

/// Turns the flat actions into a tree: `{range …}` to its `{end}`.
fn tree(
    segs: &mut std::iter::Peekable<std::vec::IntoIter<Vec<Step>>>,
    in_range: bool,
) -> Vec<Node> {
    let mut nodes = Vec::new();
    while let Some(steps) = segs.next() {
        match steps.first() {
            Some(Step::Ident(t)) if t.starts_with('\0') => {
                nodes.push(Node::Text(t.trim_start_matches('\0').to_string()));
            }
            Some(Step::Ident(w)) if w == "end" && steps.len() == 1 => {
                if in_range {
                    return nodes;
                }
                nodes.push(Node::StrayEnd);
            }
            Some(Step::Ident(w)) if w == "range" => {
                let body = tree(segs, true);
                nodes.push(Node::Range(steps[1..].to_vec(), body));
            }
            _ => nodes.push(Node::Expr(steps)),
        }
    }
    nodes
}

impl JsonPath {
    /// Parses a template.
    ///
    /// # Errors
    /// The parser's message (kubectl prefixes `error parsing jsonpath TEMPLATE, `).
    pub fn parse(text: &str, allow_missing: bool) -> Result<JsonPath, String> {
        let segs = P { s: text, pos: 0 }.template()?;
        let nodes = tree(&mut segs.into_iter().peekable(), false);
        Ok(JsonPath {
            nodes,
            allow_missing,
        })
    }

    /// Every action's results, in order (kubectl's `FindResults`).
    ///
    /// # Errors
    /// The evaluator's message, e.g. `array index out of bounds: index 5, length 2`.
    pub fn find(&self, data: &Value) -> Result<Vec<Vec<Value>>, String> {
        let mut out = Vec::new();
        self.exec(&self.nodes, data, &mut out)?;
        Ok(out)
    }

    /// The printed text (kubectl's `Execute`).
    ///
    /// # Errors
    /// As [`JsonPath::find`].
    pub fn execute(&self, data: &Value) -> Result<String, String> {
        let sets = self.find(data)?;
        let mut s = String::new();
        for set in &sets {
            let texts: Vec<String> = set.iter().map(text_of).collect();
            s.push_str(&texts.join(" "));
        }
        Ok(s)
    }

    /// Returns false when the rest of the template is skipped (a range with nothing to range
    /// over ends the template there, as client-go's `FindResults` does).
    fn exec(&self, nodes: &[Node], cur: &Value, out: &mut Vec<Vec<Value>>) -> Result<bool, String> {
        for n in nodes {
            match n {
                Node::Text(t) => out.push(vec![Value::String(t.clone())]),
                Node::Expr(steps) => out.push(self.eval(steps, vec![cur.clone()])?),
                Node::Range(steps, body) => {
                    let items = self.eval(steps, vec![cur.clone()])?;
                    if items.is_empty() {
                        return Ok(false);
                    }
                    if out.len() > 100_000 {
                        return Err("podplay stops templates that print this much".into());
                    }
                    for item in &items {
                        self.exec(body, item, out)?;
                    }
                }
                Node::StrayEnd => return Err("not in range, nothing to end".into()),
            }
        }
        Ok(true)
    }

    fn eval(&self, steps: &[Step], mut cur: Vec<Value>) -> Result<Vec<Value>, String> {
        for step in steps {
            cur = self.step(step, cur)?;
        }
        Ok(cur)
    }

    fn step(&self, step: &Step, input: Vec<Value>) -> Result<Vec<Value>, String> {
        let mut out = Vec::new();
        match step {
            Step::Field(name) if name.is_empty() => return Ok(input),
            Step::Field(name) => {
                for v in &input {
                    if let Value::Object(m) = v {
                        if let Some(x) = m.get(name) {
                            out.push(x.clone());
                        }
                    }
                }
                if out.is_empty() && !input.is_empty() && !self.allow_missing {
                    return Err(format!("{name} is not found"));
                }
            }
            Step::Wildcard => {
                for v in input {
                    children(v, &mut out);
                }
            }
            Step::Array(start, end, derived) => {
                for v in input {
                    if v.is_null() {
                        continue;
                    }
                    let Value::Array(a) = v else {
                        return Err(format!("{} is not array or slice", goval::type_name(&v)));
                    };
                    out.extend(slice(&a, *start, *end, *derived)?);
                }
            }
            Step::Union(parts) => {
                for p in parts {
                    out.extend(self.eval(p, input.clone())?);
                }
            }
            Step::Recursive => {
                for v in input {
                    recurse(v, &mut out);
                }
            }
            Step::Filter(left, op, right) => {
                for v in input {
                    self.filter(v, left, op, right, &mut out)?;
                }
            }
            Step::Text(t) => out.push(Value::String(t.clone())),
            Step::Int(i) => out.extend(input.iter().map(|_| Value::from(*i))),
            Step::Float(f) => out.extend(
                input
                    .iter()
                    .map(|_| serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)),
            ),
            Step::Bool(b) => out.extend(input.iter().map(|_| Value::Bool(*b))),
            Step::Ident(w) => return Err(format!("unrecognized identifier {w}")),
        }
        Ok(out)
    }

    fn filter(
        &self,
        v: Value,
        left: &[Step],
        op: &str,
        right: &[Step],
        out: &mut Vec<Value>,
    ) -> Result<(), String> {
        let Value::Array(items) = v else {
            return Err(format!(
                "{} is not array or slice and cannot be filtered",
                goval::print(&v)
            ));
        };
        for item in items {
            let lefts = self.eval(left, vec![item.clone()]);
            if op == "exists" {
                if lefts.is_ok_and(|l| !l.is_empty()) {
                    out.push(item);
                }
                continue;
            }
            let lefts = lefts?;
            if lefts.is_empty() {
                continue;
            }
            let rights = self.eval(right, vec![item.clone()])?;
            if lefts.len() != 1 || rights.len() != 1 {
                return Err("can only compare one element at a time".into());
            }
            let (l, r) = (&lefts[0], &rights[0]);
            if matches!(op, "<" | ">" | "<=" | ">=") && (l.is_boolean() || r.is_boolean()) {
                return Err("invalid type for comparison".into());
            }
            let ord = compare(l, r)?;
            let pass = match op {
                "==" => ord.is_eq(),
                "!=" => !ord.is_eq(),
                "<" => ord.is_lt(),
                ">" => ord.is_gt(),
                "<=" => ord.is_le(),
                ">=" => ord.is_ge(),
                _ => return Err(format!("unrecognized filter operator {op}")),
            };
            if pass {
                out.push(item);
            }
        }
        Ok(())
    }
}

fn children(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => out.extend(m.into_iter().map(|(_, x)| x)),
        Value::Array(a) => out.extend(a),
        Value::String(s) => out.extend(s.bytes().map(Value::from)),
        _ => {}
    }
}

fn recurse(v: Value, out: &mut Vec<Value>) {
    let mut kids = Vec::new();
    if matches!(v, Value::Object(_) | Value::Array(_)) {
        children(v.clone(), &mut kids);
    }
    if kids.is_empty() {
        return;
    }
    out.push(v);
    for k in kids {
        recurse(k, out);
    }
}

fn slice(
    a: &[Value],
    start: Option<i64>,
    end: Option<i64>,
    derived: bool,
) -> Result<Vec<Value>, String> {
    let len = i64::try_from(a.len()).unwrap_or(i64::MAX);
    let mut s = start.unwrap_or(0);
    if s < 0 {
        s += len;
    }
    let mut e = if derived { s + 1 } else { end.unwrap_or(len) };
    if !derived && e < 0 {
        e += len;
    }
    if e != s {
        if s >= len || s < 0 {
            return Err(format!(
                "array index out of bounds: index {s}, length {len}"
            ));
        }
        if e > len {
            return Err(format!(
                "array index out of bounds: index {}, length {len}",
                e - 1
            ));
        }
    }
    if e <= s {
        return Ok(Vec::new());
    }
    let (s, e) = (
        usize::try_from(s).unwrap_or(0),
        usize::try_from(e).unwrap_or(0),
    );
    Ok(a.get(s..e).map(<[Value]>::to_vec).unwrap_or_default())
}

/// How one result prints: maps and lists as compact JSON (`json.Marshal`), the rest as Go's
/// `fmt.Fprint` prints it.
#[must_use]
pub fn text_of(v: &Value) -> String {
    match v {
        Value::Object(_) | Value::Array(_) => crate::console::get::serial::compact_json(v),
        other => goval::print(other),
    }
}

/// kubectl's relaxed form for `--sort-by` and custom columns (`RelaxedJSONPathExpression`,
/// kubectl `pkg/cmd/get/customcolumn.go`): `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all mean
/// `{.a.b}`.
///
/// # Errors
/// kubectl's message for a path it cannot read.
pub fn relaxed(path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Ok(String::new());
    }
    let inner = match path.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        Some(i) => i,
        None => path,
    };
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    if inner.is_empty() || inner.contains(['{', '}']) {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    Ok(format!("{{.{inner}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(t: &str, v: &Value) -> Result<String, String> {
        JsonPath::parse(t, true)?.execute(v)
    }

    #[test]
    fn fields_indexes_ranges_and_filters() {
        let v = json!({"items": [
            {"metadata": {"name": "web-0", "labels": {"app": "nginx"}}, "n": 2},
            {"metadata": {"name": "web-1"}, "n": 10}
        ]});
        assert_eq!(
            run("{.items[*].metadata.name}", &v).as_deref(),
            Ok("web-0 web-1")
        );
        assert_eq!(
            run("{.items[-1].metadata.name}", &v).as_deref(),
            Ok("web-1")
        );
        assert_eq!(run("{.items[0:1].n}", &v).as_deref(), Ok("2"));
        assert_eq!(
            run("{range .items[*]}{.metadata.name}{\"\\n\"}{end}", &v).as_deref(),
            Ok("web-0\nweb-1\n")
        );
        assert_eq!(
            run("{.items[?(@.metadata.name==\"web-1\")].n}", &v).as_deref(),
            Ok("10")
        );
        assert_eq!(
            run("{.items[?(@.n>5)].metadata.name}", &v).as_deref(),
            Ok("web-1")
        );
        assert_eq!(
            run("{.items[0].metadata.labels}", &v).as_deref(),
            Ok("{\"app\":\"nginx\"}")
        );
        assert_eq!(run("{..name}", &v).as_deref(), Ok("web-0 web-1"));
        assert_eq!(
            run("{.items[5]}", &v),
            Err("array index out of bounds: index 5, length 2".into())
        );
        assert_eq!(run("{.nope}", &v).as_deref(), Ok(""));
        assert_eq!(
            JsonPath::parse("{.nope}", false).and_then(|j| j.execute(&v)),
            Err("nope is not found".into())
        );
        assert_eq!(run("{.items", &v), Err("unclosed action".into()));
        assert_eq!(relaxed("metadata.name").as_deref(), Ok("{.metadata.name}"));
        assert_eq!(relaxed("{.a}").as_deref(), Ok("{.a}"));
    }
}
