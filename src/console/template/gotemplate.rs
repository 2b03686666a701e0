//! Go's `text/template` as kubectl's `--template` / `-o go-template=` uses it
//! (`cli-runtime:pkg/printers/template.go`: the template is named `output`, the data is the
//! object's JSON as `map[string]interface{}`, missing keys print `<no value>` unless
//! `--allow-missing-template-keys=false`).
//!
//! Covered: text and actions with `{{-`/`-}}` trimming and comments, fields (`.a.b`), variables
//! (`$`, `$x := …`, `$x = …`, `range $i, $c := …`), `if`/`else if`/`else`, `range` (with
//! `else`, `break`, `continue`), `with`, pipelines, parenthesised pipelines, and the builtins
//! `and or not len index print printf println eq ne lt le gt ge html js urlquery slice call`,
//! plus kubectl's `exists` and `base64decode`.
//! Errors carry Go's wording: `template: output:1: …` when parsing,
//! `template: output:1:2: executing "output" at <.a.b>: …` when executing.

use serde_json::Value;

use super::goval;
use super::lex::{lex_action, Tok, TokKind};

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
    src: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Text(String),
    Action(Pipe),
    If(Pipe, Vec<Node>, Vec<Node>),
    Range(Pipe, Vec<Node>, Vec<Node>),
    With(Pipe, Vec<Node>, Vec<Node>),
    Break,
    Continue,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Pipe {
    pub(super) decl: Vec<String>,
    /// `=` rather than `:=`.
    pub(super) assign: bool,
    pub(super) cmds: Vec<Cmd>,
    pub(super) pos: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cmd {
    pub(super) args: Vec<Arg>,
    pub(super) pos: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Arg {
    /// `.a.b` (empty: `.`).
    Field(Vec<String>, usize),
    /// `$x.a.b`.
    Var(String, Vec<String>, usize),
    Func(String, usize),
    Str(String, String),
    Num(Value, String),
    Bool(bool),
    Nil,
    /// `(pipeline).a.b`.
    Sub(Box<Pipe>, Vec<String>),
}

/// Functions a template may call: Go's builtins and kubectl's two.
const FUNCS: &[&str] = &[
    "and",
    "call",
    "eq",
    "ge",
    "gt",
    "html",
    "index",
    "js",
    "le",
    "len",
    "lt",
    "ne",
    "not",
    "or",
    "print",
    "printf",
    "println",
    "slice",
    "urlquery",
    "exists",
    "base64decode",
];

/// Why a template cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// Go's parse error, e.g. `template: output:1: function "foo" not defined`.
    Go(String),
    /// A real action of Go templates that podplay does not run (`{{define}}`, `{{template}}`,
    /// `{{block}}`).
    Unsimulated(String),
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::Go(e) | TemplateError::Unsimulated(e) => f.write_str(e),
        }
    }
}

const UNSIMULATED: &str = "\0unsimulated ";

/// One piece of the template before parsing: text, or an action's tokens.
enum Item {
    Text(String),
    Action(Vec<Tok>, usize),
}

fn line_of(src: &str, pos: usize) -> usize {
    1 + src
        .get(..pos.min(src.len()))
        .unwrap_or("")
        .matches('\n')
        .count()
}

/// Splits the template into text and actions, applying the trim markers.
fn split(src: &str) -> Result<Vec<Item>, (usize, String)> {
    let mut items: Vec<Item> = Vec::new();
    let mut rest = 0usize;
    while rest < src.len() {
        let Some(open) = src[rest..].find("{{").map(|i| i + rest) else {
            items.push(Item::Text(src[rest..].to_string()));
            break;
        };
        let mut text = src[rest..open].to_string();
        let mut start = open + 2;
        let b = src.as_bytes();
        if b.get(start) == Some(&b'-') && b.get(start + 1).is_some_and(|c| c.is_ascii_whitespace())
        {
            text = text.trim_end().to_string();
            start += 1;
        }
        if !text.is_empty() {
            items.push(Item::Text(text));
        }
        if src[start..].trim_start().starts_with("/*") {
            let Some(end) = src[start..].find("*/") else {
                return Err((open, "unclosed comment".into()));
            };
            let after = start + end + 2;
            let tail = &src[after..];
            let (close, trim) = if let Some(t) = tail.trim_start().strip_prefix("-}}") {
                (src.len() - t.len(), true)
            } else if let Some(t) = tail.trim_start().strip_prefix("}}") {
                (src.len() - t.len(), false)
            } else {
                return Err((open, "comment ends before closing delimiter".into()));
            };
            rest = if trim { skip_space(src, close) } else { close };
            continue;
        }
        let (toks, close, trim) = lex_action(src, start)?;
        items.push(Item::Action(toks, open));
        rest = if trim { skip_space(src, close) } else { close };
    }
    Ok(items)
}

fn skip_space(src: &str, from: usize) -> usize {
    let t = &src[from..];
    src.len() - t.trim_start().len()
}

struct Parser<'a> {
    items: Vec<Item>,
    at: usize,
    /// Variables in scope (`$` first).
    vars: Vec<String>,
    src: &'a str,
}

type PResult<T> = Result<T, (usize, String)>;

/// Where a list ended.
enum End {
    Eof,
    Close(usize),
    Else(Vec<Tok>, usize),
}

impl Parser<'_> {
    fn list(&mut self) -> PResult<(Vec<Node>, End)> {
        let mut nodes = Vec::new();
        while self.at < self.items.len() {
            let idx = self.at;
            self.at += 1;
            let (toks, pos) = match &self.items[idx] {
                Item::Text(t) => {
                    nodes.push(Node::Text(t.clone()));
                    continue;
                }
                Item::Action(t, p) => (t.clone(), *p),
            };
            let keyword = match toks.first() {
                Some(Tok {
                    kind: TokKind::Ident(w),
                    ..
                }) => w.clone(),
                _ => String::new(),
            };
            match keyword.as_str() {
                "end" => return Ok((nodes, End::Close(pos))),
                "else" => return Ok((nodes, End::Else(toks[1..].to_vec(), pos))),
                "if" | "range" | "with" => nodes.push(self.control(&keyword, &toks[1..], pos)?),
                "break" => nodes.push(Node::Break),
                "continue" => nodes.push(Node::Continue),
                "define" | "template" | "block" => {
                    return Err((pos, format!("{UNSIMULATED}{{{{{keyword}}}}}")));
                }
                _ => {
                    let pipe = self.pipeline(&toks, pos, "command")?;
                    nodes.push(Node::Action(pipe));
                }
            }
        }
        Ok((nodes, End::Eof))
    }

    fn control(&mut self, kw: &str, toks: &[Tok], pos: usize) -> PResult<Node> {
        let depth = self.vars.len();
        let pipe = self.pipeline(toks, pos, kw)?;
        if kw != "range" && pipe.decl.len() > 1 {
            return Err((pos, "too many declarations in command".into()));
        }
        let (body, end) = self.list()?;
        let els = match end {
            End::Eof => return Err((self.src.len(), "unexpected EOF".into())),
            End::Close(_) => Vec::new(),
            End::Else(rest, epos) => {
                self.vars.truncate(depth.max(1));
                if let Some(Tok {
                    kind: TokKind::Ident(w),
                    ..
                }) = rest.first()
                {
                    if (w == "if" && kw == "if") || (w == "with" && kw == "with") {
                        // `else if`: the rest of the chain shares this construct's `end`.
                        let inner = self.control(kw, &rest[1..], epos)?;
                        self.vars.truncate(depth);
                        return Ok(make(kw, pipe, body, vec![inner]));
                    }
                }
                if !rest.is_empty() {
                    return Err((epos, "unexpected tokens after else".into()));
                }
                let (els, end) = self.list()?;
                match end {
                    End::Close(_) => els,
                    End::Eof => return Err((self.src.len(), "unexpected EOF".into())),
                    End::Else(_, p) => return Err((p, "expected end; found {{else}}".into())),
                }
            }
        };
        self.vars.truncate(depth);
        Ok(make(kw, pipe, body, els))
    }

    fn pipeline(&mut self, toks: &[Tok], pos: usize, ctx: &str) -> PResult<Pipe> {
        let mut i = 0;
        let mut decl = Vec::new();
        let mut assign = false;
        // `$x :=`, `$x =`, `$i, $c :=`.
        let var_at = |j: usize| match toks.get(j).map(|t| &t.kind) {
            Some(TokKind::Var(v, f)) if f.is_empty() => Some(v.clone()),
            _ => None,
        };
        if let Some(v) = var_at(0) {
            match toks.get(1).map(|t| &t.kind) {
                Some(TokKind::Declare | TokKind::Assign) => {
                    assign = toks[1].kind == TokKind::Assign;
                    decl.push(v);
                    i = 2;
                }
                Some(TokKind::Comma) if ctx == "range" => {
                    if let (Some(w), Some(TokKind::Declare)) =
                        (var_at(2), toks.get(3).map(|t| &t.kind))
                    {
                        decl.push(v);
                        decl.push(w);
                        i = 4;
                    }
                }
                _ => {}
            }
        }
        if assign && !self.vars.contains(&decl[0]) {
            return Err((pos, format!("undefined variable \"{}\"", decl[0])));
        }
        let mut cmds = Vec::new();
        let mut rest = &toks[i..];
        loop {
            let (cmd, used) = self.command(rest, pos)?;
            if cmd.args.is_empty() {
                return Err((pos, format!("missing value for {ctx}")));
            }
            cmds.push(cmd);
            rest = &rest[used..];
            match rest.first().map(|t| &t.kind) {
                None => break,
                Some(TokKind::Pipe) => rest = &rest[1..],
                Some(TokKind::RParen) => return Err((pos, "unexpected right paren".into())),
                Some(_) => return Err((pos, "unexpected token in command".into())),
            }
        }
        if !assign {
            self.vars.extend(decl.iter().cloned());
        }
        Ok(Pipe {
            decl,
            assign,
            cmds,
            pos,
        })
    }

    /// One command: operands up to `|`, `)` or the end; returns it and the tokens used.
    fn command(&mut self, toks: &[Tok], pos: usize) -> PResult<(Cmd, usize)> {
        let mut args = Vec::new();
        let mut i = 0;
        let cpos = toks.first().map_or(pos, |t| t.pos);
        while let Some(t) = toks.get(i) {
            let arg = match &t.kind {
                TokKind::Pipe | TokKind::RParen => break,
                TokKind::Field(f) => Arg::Field(f.clone(), t.pos),
                TokKind::Var(v, f) => {
                    if !self.vars.contains(v) {
                        return Err((t.pos, format!("undefined variable \"{v}\"")));
                    }
                    Arg::Var(v.clone(), f.clone(), t.pos)
                }
                TokKind::Ident(w) => match w.as_str() {
                    "true" => Arg::Bool(true),
                    "false" => Arg::Bool(false),
                    "nil" => Arg::Nil,
                    _ if FUNCS.contains(&w.as_str()) => Arg::Func(w.clone(), t.pos),
                    _ => return Err((t.pos, format!("function \"{w}\" not defined"))),
                },
                TokKind::Str(s, raw) => Arg::Str(s.clone(), raw.clone()),
                TokKind::Num(n, raw) => Arg::Num(n.clone(), raw.clone()),
                TokKind::LParen => {
                    let close = matching_paren(toks, i)
                        .ok_or_else(|| (t.pos, "unclosed left paren".to_string()))?;
                    let inner =
                        self.pipeline(&toks[i + 1..close], t.pos, "parenthesized pipeline")?;
                    i = close;
                    let chain = match toks.get(i + 1).map(|t| &t.kind) {
                        Some(TokKind::Chain(f)) => {
                            i += 1;
                            f.clone()
                        }
                        _ => Vec::new(),
                    };
                    Arg::Sub(Box::new(inner), chain)
                }
                TokKind::Chain(_) => return Err((t.pos, "unexpected . after term".into())),
                TokKind::Declare | TokKind::Assign | TokKind::Comma => {
                    return Err((t.pos, "unexpected token in operand".into()))
                }
            };
            args.push(arg);
            i += 1;
        }
        Ok((Cmd { args, pos: cpos }, i))
    }
}

fn make(kw: &str, pipe: Pipe, body: Vec<Node>, els: Vec<Node>) -> Node {
    match kw {
        "if" => Node::If(pipe, body, els),
        "range" => Node::Range(pipe, body, els),
        _ => Node::With(pipe, body, els),
    }
}

fn matching_paren(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t.kind {
            TokKind::LParen => depth += 1,
            TokKind::RParen => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

impl Template {
    /// Parses `src` as kubectl does.
    ///
    /// # Errors
    /// Go's parse error, e.g. `template: output:1: function "foo" not defined`.
    pub fn parse(src: &str) -> Result<Template, TemplateError> {
        let fail = |(pos, msg): (usize, String)| match msg.strip_prefix(UNSIMULATED) {
            Some(what) => TemplateError::Unsimulated(what.to_string()),
            None => TemplateError::Go(format!("template: output:{}: {msg}", line_of(src, pos))),
        };
        let items = split(src).map_err(fail)?;
        let mut p = Parser {
            items,
            at: 0,
            vars: vec!["$".to_string()],
            src,
        };
        let (nodes, end) = p.list().map_err(fail)?;
        match end {
            End::Eof => Ok(Template {
                nodes,
                src: src.to_string(),
            }),
            End::Close(pos) => Err(fail((pos, "unexpected {{end}}".into()))),
            End::Else(_, pos) => Err(fail((pos, "unexpected {{else}}".into()))),
        }
    }

    /// Runs the template on `data`. On an error, what was written before it comes back too.
    ///
    /// # Errors
    /// `(partial output, Go's execution error)`.
    pub fn execute(&self, data: &Value, allow_missing: bool) -> Result<String, (String, String)> {
        let mut ex = super::goexec::Exec::new(data, allow_missing, &self.src);
        match ex.run(&self.nodes, data) {
            Ok(()) => Ok(ex.out),
            Err(e) => Err((ex.out, e)),
        }
    }
}

/// `{{.a}}` as Go prints a value in an action: `<no value>` for a missing one.
#[must_use]
pub fn printable(v: &Value) -> String {
    match v {
        Value::Null => "<no value>".into(),
        other => goval::print(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(t: &str, v: &Value) -> Result<String, String> {
        Template::parse(t)
            .map_err(|e| e.to_string())?
            .execute(v, true)
            .map_err(|(_, e)| e)
    }

    #[test]
    fn templates_print_as_kubectl_prints_them() {
        let pod = json!({"metadata": {"name": "web-0", "labels": {"app": "nginx"}},
            "spec": {"replicas": 3, "containers": [
                {"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24"},
                {"name": "side", "image": "busybox"}]}});
        let ok = |t: &str| run(t, &pod).unwrap_or_else(|e| e);
        assert_eq!(
            ok("{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}"),
            "registry.k8s.io/nginx-slim:0.24busybox"
        );
        assert_eq!(ok("{{.metadata.name}} {{.spec.replicas}}"), "web-0 3");
        assert_eq!(ok("{{index .metadata.labels \"app\"}}"), "nginx");
        assert_eq!(ok("{{len .spec.containers}}"), "2");
        assert_eq!(ok("{{.nope}}"), "<no value>");
        assert_eq!(ok("{{.metadata.labels}}"), "map[app:nginx]");
        assert_eq!(
            ok("{{range .spec.containers}}{{.name}}{{\"\\n\"}}{{end}}"),
            "nginx\nside\n"
        );
        assert_eq!(
            ok("{{if eq .spec.replicas 3}}three{{else}}other{{end}}"),
            "three"
        );
        assert_eq!(
            ok("{{if gt .spec.replicas 5}}big{{else if eq .metadata.name \"web-0\"}}first{{end}}"),
            "first"
        );
        assert_eq!(ok("a  {{- \" b \" -}}  c"), "a b c");
        assert_eq!(
            ok("{{printf \"%s:%d\\n\" .metadata.name .spec.replicas}}"),
            "web-0:3\n"
        );
        assert_eq!(ok("{{.metadata.name | printf \"%q\"}}"), "\"web-0\"");
        assert_eq!(
            ok("{{$n := .metadata.name}}{{with .spec}}{{$n}}{{end}}"),
            "web-0"
        );
        assert_eq!(ok("{{/* c */}}x"), "x");
        assert_eq!(ok("{{and 1 0}} {{or 0 \"\" 2}} {{not true}}"), "0 2 false");
        assert_eq!(ok("{{printf \"%-6s|%3d\" \"ab\" 7}}"), "ab    |  7");
        assert_eq!(
            ok("{{(index .spec.containers 1).name}} {{exists .metadata \"labels\" \"app\"}}"),
            "side true"
        );
    }

    #[test]
    fn errors_carry_go_wording() {
        let v = json!({"a": {"b": "x"}});
        assert_eq!(
            run("{{.foo.bar}}", &v),
            Err("template: output:1:2: executing \"output\" at <.foo.bar>: nil pointer evaluating interface {}.bar".into())
        );
        assert_eq!(
            run("{{.a.b.c}}", &v),
            Err("template: output:1:2: executing \"output\" at <.a.b.c>: can't evaluate field c in type string".into())
        );
        assert_eq!(
            run("{{.a", &v),
            Err("template: output:1: unclosed action".into())
        );
        assert_eq!(
            run("{{foo .a}}", &v),
            Err("template: output:1: function \"foo\" not defined".into())
        );
        assert_eq!(
            run("{{if .a}}", &v),
            Err("template: output:1: unexpected EOF".into())
        );
        assert_eq!(
            run("{{end}}", &v),
            Err("template: output:1: unexpected {{end}}".into())
        );
        assert_eq!(
            run("{{$x}}", &v),
            Err("template: output:1: undefined variable \"$x\"".into())
        );
        assert_eq!(
            run("x\n{{index .a 1}}", &v),
            Err("template: output:2:2: executing \"output\" at <index .a 1>: error calling index: value has type int64; should be string".into())
        );
        assert_eq!(
            Template::parse("{{.a | upper}}"),
            Err(TemplateError::Go(
                "template: output:1: function \"upper\" not defined".into()
            ))
        );
        assert_eq!(
            Template::parse("{{define \"x\"}}{{end}}"),
            Err(TemplateError::Unsimulated("{{define}}".into()))
        );
        let t = Template::parse("{{.missing}}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            t.execute(&v, false),
            Err((String::new(), "template: output:1:2: executing \"output\" at <.missing>: map has no entry for key \"missing\"".into()))
        );
    }

    #[test]
    fn no_template_panics() {
        let v = json!({"a": [1, {"b": null}], "s": "x"});
        let odd = [
            "",
            "{{",
            "}}",
            "{{}}",
            "{{{{",
            "{{.}}",
            "{{-}}",
            "{{- -}}",
            "{{ -}}",
            "{{(}}",
            "{{)}}",
            "{{(.a}}",
            "{{.a)}}",
            "{{|}}",
            "{{.a|}}",
            "{{$}}",
            "{{$:=}}",
            "{{$x:=1}}{{$x}}",
            "{{range}}",
            "{{range .s}}{{end}}",
            "{{range 5}}{{.}}{{end}}",
            "{{else}}",
            "{{if}}{{end}}",
            "{{\"}}",
            "{{`x}}",
            "{{'a'}}",
            "{{1.2.3}}",
            "{{-1}}",
            "{{index}}",
            "{{index .a 9}}",
            "{{index .a -1}}",
            "{{slice .s 2 1}}",
            "{{printf}}",
            "{{printf \"%\"}}",
            "{{printf \"%z\" 1}}",
            "{{printf \"%d\"}}",
            "{{len 3}}",
            "{{eq}}",
            "{{eq .a .a}}",
            "{{lt true false}}",
            "{{range $i, $c := .a}}{{$i}}{{break}}{{end}}",
            "{{define \"x\"}}{{end}}",
            "{{template \"x\"}}",
            "{{with $x := .a}}{{$x}}{{end}}",
            "{{$x = 1}}",
            "{{.a.b}}",
            "{{(index .a 1).b.c}}",
            "{{/* x",
            "{{/* x */",
            "{{ . | . }}",
            "{{nil}}",
            "{{printf \"%999999999d\" 1}}",
            "{{range 100000000}}{{end}}",
            "é{{.é}}",
            "{{.a\n}}",
            "{{$x := 1}}{{$x = 2}}{{$x}}",
        ];
        for t in odd {
            let _ = Template::parse(t).map(|p| p.execute(&v, true));
            let _ = Template::parse(t).map(|p| p.execute(&v, false));
        }
    }
}
