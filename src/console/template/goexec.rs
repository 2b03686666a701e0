//! Executing a parsed Go template (`text/template/exec.go` semantics for JSON data).

use serde_json::Value;

use super::gofuncs;
use super::gotemplate::{printable, Arg, Cmd, Node, Pipe};
use super::goval::{self, truthy};

/// More work than any real template on a playground cluster needs; stops runaway ranges.
const MAX_STEPS: usize = 200_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

pub struct Exec<'a> {
    allow_missing: bool,
    src: &'a str,
    pub out: String,
    vars: Vec<(String, Value)>,
    steps: usize,
}

/// Where an error happened: the node's position and its text.
struct At(usize, String);

fn field_text(prefix: &str, names: &[String]) -> String {
    if names.is_empty() {
        return if prefix.is_empty() {
            ".".into()
        } else {
            prefix.into()
        };
    }
    format!("{prefix}.{}", names.join("."))
}

fn arg_text(a: &Arg) -> String {
    match a {
        Arg::Field(f, _) => field_text("", f),
        Arg::Var(v, f, _) => field_text(v, f),
        Arg::Func(n, _) => n.clone(),
        Arg::Str(_, raw) | Arg::Num(_, raw) => raw.clone(),
        Arg::Bool(b) => b.to_string(),
        Arg::Nil => "nil".into(),
        Arg::Sub(p, chain) => {
            let tail = if chain.is_empty() {
                String::new()
            } else {
                format!(".{}", chain.join("."))
            };
            format!("({}){tail}", pipe_text(p))
        }
    }
}

fn cmd_text(c: &Cmd) -> String {
    c.args.iter().map(arg_text).collect::<Vec<_>>().join(" ")
}

fn pipe_text(p: &Pipe) -> String {
    let cmds = p.cmds.iter().map(cmd_text).collect::<Vec<_>>().join(" | ");
    if p.decl.is_empty() {
        cmds
    } else {
        let op = if p.assign { "=" } else { ":=" };
        format!("{} {op} {cmds}", p.decl.join(", "))
    }
}

impl<'a> Exec<'a> {
    #[must_use]
    pub fn new(root: &Value, allow_missing: bool, src: &'a str) -> Exec<'a> {
        Exec {
            allow_missing,
            src,
            out: String::new(),
            vars: vec![("$".to_string(), root.clone())],
            steps: 0,
        }
    }

    /// Go's `template: output:L:C: executing "output" at <node>: msg`.
    fn fail(&self, at: &At, msg: &str) -> String {
        let before = self.src.get(..at.0.min(self.src.len())).unwrap_or("");
        let line = 1 + before.matches('\n').count();
        let col = before.rfind('\n').map_or(at.0, |nl| at.0 - nl - 1);
        format!(
            "template: output:{line}:{col}: executing \"output\" at <{}>: {msg}",
            at.1
        )
    }

    fn tick(&mut self, at: &At) -> Result<(), String> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(self.fail(at, "podplay stops templates that run this long"));
        }
        Ok(())
    }

    /// Runs the nodes on `dot`.
    ///
    /// # Errors
    /// Go's execution error.
    pub fn run(&mut self, nodes: &[Node], dot: &Value) -> Result<(), String> {
        self.list(nodes, dot).map(|_| ())
    }

    fn list(&mut self, nodes: &[Node], dot: &Value) -> Result<Flow, String> {
        for n in nodes {
            let flow = match n {
                Node::Text(t) => {
                    self.out.push_str(t);
                    Flow::Normal
                }
                Node::Action(p) => {
                    let v = self.pipe(p, dot)?;
                    if p.decl.is_empty() {
                        self.out.push_str(&printable(&v));
                    }
                    Flow::Normal
                }
                Node::If(p, a, b) | Node::With(p, a, b) => {
                    let depth = self.vars.len();
                    let v = self.pipe(p, dot)?;
                    let with = matches!(n, Node::With(..));
                    let flow = match (truthy(&v), with) {
                        (true, true) => self.list(a, &v)?,
                        (true, false) => self.list(a, dot)?,
                        (false, _) => self.list(b, dot)?,
                    };
                    self.vars.truncate(depth);
                    flow
                }
                Node::Range(p, a, b) => {
                    self.range(p, a, b, dot)?;
                    Flow::Normal
                }
                Node::Break => Flow::Break,
                Node::Continue => Flow::Continue,
            };
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn range(&mut self, p: &Pipe, body: &[Node], els: &[Node], dot: &Value) -> Result<(), String> {
        let depth = self.vars.len();
        let v = self.cmds(p, dot)?;
        let at = At(p.pos, pipe_text(p));
        let items: Vec<(Value, Value)> = match &v {
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, x)| (Value::from(i), x.clone()))
                .collect(),
            Value::Object(m) => m
                .iter()
                .map(|(k, x)| (Value::String(k.clone()), x.clone()))
                .collect(),
            Value::Null => Vec::new(),
            Value::Number(n) if n.is_i64() => {
                let count = n.as_i64().unwrap_or(0).max(0);
                if count > i64::try_from(MAX_STEPS).unwrap_or(i64::MAX) {
                    return Err(self.fail(&at, "podplay stops templates that run this long"));
                }
                (0..count)
                    .map(|i| (Value::from(i), Value::from(i)))
                    .collect()
            }
            other => {
                return Err(self.fail(
                    &at,
                    &format!("range can't iterate over {}", goval::print(other)),
                ))
            }
        };
        if items.is_empty() {
            self.list(els, dot)?;
            self.vars.truncate(depth);
            return Ok(());
        }
        for (key, elem) in items {
            self.tick(&at)?;
            match p.decl.len() {
                0 => {}
                1 => self.vars.push((p.decl[0].clone(), elem.clone())),
                _ => {
                    self.vars.push((p.decl[0].clone(), key));
                    self.vars.push((p.decl[1].clone(), elem.clone()));
                }
            }
            let flow = self.list(body, &elem)?;
            self.vars.truncate(depth);
            if flow == Flow::Break {
                break;
            }
        }
        Ok(())
    }

    /// The value of a pipeline's commands, without its declarations.
    fn cmds(&mut self, p: &Pipe, dot: &Value) -> Result<Value, String> {
        let mut value: Option<Value> = None;
        for c in &p.cmds {
            value = Some(self.cmd(c, dot, value)?);
        }
        Ok(value.unwrap_or(Value::Null))
    }

    fn pipe(&mut self, p: &Pipe, dot: &Value) -> Result<Value, String> {
        let v = self.cmds(p, dot)?;
        for name in &p.decl {
            if p.assign {
                if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    slot.1 = v.clone();
                }
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn cmd(&mut self, c: &Cmd, dot: &Value, last: Option<Value>) -> Result<Value, String> {
        let at = At(c.pos, cmd_text(c));
        self.tick(&at)?;
        let Some(first) = c.args.first() else {
            return Err(self.fail(&at, "missing value for command"));
        };
        if let Arg::Func(name, _) = first {
            return self.call(name, &c.args[1..], dot, last, &at);
        }
        if c.args.len() > 1 || last.is_some() {
            // exec.go: a map key given arguments, or any other non-function.
            let msg = match first {
                Arg::Field(names, _) if !names.is_empty() => format!(
                    "{} is not a method but has arguments",
                    names.last().map_or("", String::as_str)
                ),
                _ => format!("can't give argument to non-function {}", arg_text(first)),
            };
            return Err(self.fail(&at, &msg));
        }
        self.operand(first, dot)
    }

    fn operand(&mut self, a: &Arg, dot: &Value) -> Result<Value, String> {
        match a {
            Arg::Field(names, pos) => self.chain(dot.clone(), names, &At(*pos, arg_text(a))),
            Arg::Var(v, names, pos) => {
                let base = self
                    .vars
                    .iter()
                    .rev()
                    .find(|(n, _)| n == v)
                    .map(|(_, x)| x.clone())
                    .unwrap_or(Value::Null);
                self.chain(base, names, &At(*pos, arg_text(a)))
            }
            Arg::Func(name, pos) => self.call(name, &[], dot, None, &At(*pos, name.clone())),
            Arg::Str(s, _) => Ok(Value::String(s.clone())),
            Arg::Num(n, _) => Ok(n.clone()),
            Arg::Bool(b) => Ok(Value::Bool(*b)),
            Arg::Nil => Err(self.fail(&At(0, "nil".into()), "nil is not a command")),
            Arg::Sub(p, chain) => {
                let v = self.pipe(p, dot)?;
                self.chain(v, chain, &At(p.pos, arg_text(a)))
            }
        }
    }

    fn chain(&self, mut v: Value, names: &[String], at: &At) -> Result<Value, String> {
        for name in names {
            v = match v {
                Value::Object(mut m) => match m.remove(name) {
                    Some(x) => x,
                    None if self.allow_missing => Value::Null,
                    None => {
                        return Err(self.fail(at, &format!("map has no entry for key \"{name}\"")))
                    }
                },
                Value::Null => {
                    return Err(
                        self.fail(at, &format!("nil pointer evaluating interface {{}}.{name}"))
                    )
                }
                other => {
                    return Err(self.fail(
                        at,
                        &format!(
                            "can't evaluate field {name} in type {}",
                            goval::type_name(&other)
                        ),
                    ))
                }
            };
        }
        Ok(v)
    }

    fn call(
        &mut self,
        name: &str,
        args: &[Arg],
        dot: &Value,
        last: Option<Value>,
        at: &At,
    ) -> Result<Value, String> {
        // `and` / `or` stop at the first argument that decides them.
        if name == "and" || name == "or" {
            if args.is_empty() && last.is_none() {
                return Err(self.fail(
                    at,
                    &format!("wrong number of args for {name}: want at least 1 got 0"),
                ));
            }
            let mut v = Value::Null;
            for a in args {
                v = self.operand(a, dot)?;
                if truthy(&v) == (name == "or") {
                    return Ok(v);
                }
            }
            return Ok(last.unwrap_or(v));
        }
        let mut vals = Vec::with_capacity(args.len() + 1);
        for a in args {
            vals.push(self.operand(a, dot)?);
        }
        vals.extend(last);
        gofuncs::call(name, &vals).map_err(|e| self.fail(at, &e))
    }
}
