//! The shell language, shared by the host's bash and the containers' sh: a lexer that keeps each
//! word's raw text (quotes included, so expansion knows what was quoted), a parser to a small
//! AST (lists with `;` `&&` `||` `&`, pipelines, `for`, `if`, `while`/`until`, `{ }`, `( )`,
//! simple commands with assignments and redirections, here-documents), and the expander in
//! [`expand`]. Pure: executing the AST is the host's ([`super::host`]) or a container's
//! ([`super::shell`]) business.

pub mod expand;

/// Why a text is not (yet) a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// More input could complete it: an open quote, `for` without `done`, a trailing `&&`, a
    /// here-document still waiting for its delimiter. `expecting` names the missing word.
    Incomplete {
        expecting: Option<&'static str>,
        quote: Option<char>,
    },
    /// A token where none may stand (bash: ``syntax error near unexpected token `done'``).
    Syntax(String),
    /// Real shell syntax this shell does not run (`case`, functions).
    Unsupported(String),
}

/// A command list: and-or lists, each run in the foreground or (`&`) the background.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct List {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub and_or: AndOr,
    pub background: bool,
    /// The item's source text (what `jobs` shows).
    pub text: String,
}

/// `a && b || c`: `rest` holds (`true` for `&&`, pipeline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(bool, Pipeline)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub bang: bool,
    pub cmds: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Simple(Simple),
    Compound(Box<Compound>, Vec<Redir>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compound {
    /// `for NAME [in WORDS]; do BODY; done` (`None`: no `in`, the positional parameters).
    For {
        var: String,
        words: Option<Vec<String>>,
        body: List,
    },
    /// `if C; then B; [elif C; then B;]… [else E;] fi`.
    If {
        branches: Vec<(List, List)>,
        otherwise: Option<List>,
    },
    /// `while C; do B; done` (`until` when `until`).
    While { until: bool, cond: List, body: List },
    /// `{ LIST; }`.
    Group(List),
    /// `( LIST )`.
    Subshell(List),
}

/// Words (raw, quotes kept), assignments and redirections of one command.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Simple {
    pub assigns: Vec<(String, String)>,
    pub words: Vec<String>,
    pub redirs: Vec<Redir>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redir {
    /// The file descriptor redirected (1 for `>`, 0 for `<`, 2 for `2>`).
    pub fd: u32,
    pub kind: RedirKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirKind {
    /// `>` / `>>` (raw target word).
    Out { target: String, append: bool },
    /// `&>` : stdout and stderr into one file.
    Both { target: String, append: bool },
    /// `<`.
    In(String),
    /// `2>&1`, `>&2`: `fd` becomes a copy of this descriptor.
    Dup(u32),
    /// `<<EOF` (`expand` false when the delimiter was quoted).
    Heredoc { body: String, expand: bool },
}

/// Parses a whole text (one or more lines).
///
/// # Errors
/// [`Error::Incomplete`] when more lines could complete it, else the syntax error.
pub fn parse(src: &str) -> Result<List, Error> {
    let chars: Vec<char> = src.chars().collect();
    let toks = lex(&chars)?;
    let mut p = Parser {
        toks: &toks,
        pos: 0,
        src: &chars,
    };
    let list = p.list(&[])?;
    match p.peek() {
        None => Ok(list),
        Some(_) => Err(p.unexpected()),
    }
}

/// Whether `src` could still be completed by more lines (the prompt becomes `> `).
#[must_use]
pub fn is_incomplete(src: &str) -> bool {
    matches!(parse(src), Err(Error::Incomplete { .. }))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Op(&'static str),
    IoNum(u32),
    Newline,
    Heredoc { body: String, expand: bool },
}

#[derive(Debug, Clone)]
struct Lexed {
    tok: Tok,
    start: usize,
    end: usize,
}

const OPS: [&str; 17] = [
    "&&", "||", ";;", "<<-", "<<", ">>", ">&", "<&", "&>", ">|", ";", "&", "|", "<", ">", "(", ")",
];

fn incomplete(expecting: Option<&'static str>, quote: Option<char>) -> Error {
    Error::Incomplete { expecting, quote }
}

fn is_op_char(c: char) -> bool {
    matches!(c, ';' | '&' | '|' | '<' | '>' | '(' | ')')
}

/// A pending here-document: the token to fill, its delimiter, `<<-`.
struct Pending {
    tok: usize,
    delim: String,
    strip: bool,
}

fn lex(chars: &[char]) -> Result<Vec<Lexed>, Error> {
    let mut toks: Vec<Lexed> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\r' => i += 1,
            '\\' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '\n' => {
                toks.push(Lexed {
                    tok: Tok::Newline,
                    start: i,
                    end: i + 1,
                });
                i += 1;
                if !pending.is_empty() {
                    i = heredocs(chars, i, &mut pending, &mut toks)?;
                }
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            c if is_op_char(c) => {
                let op = OPS
                    .iter()
                    .find(|op| {
                        op.chars()
                            .enumerate()
                            .all(|(k, oc)| chars.get(i + k) == Some(&oc))
                    })
                    .copied()
                    .unwrap_or(";");
                let start = i;
                i += op.chars().count();
                if op == "<<" || op == "<<-" {
                    while matches!(chars.get(i), Some(' ' | '\t')) {
                        i += 1;
                    }
                    let ws = i;
                    let we = scan_word(chars, i)?;
                    if we == ws {
                        let t = chars.get(i).map_or("newline".to_string(), |c| {
                            if *c == '\n' {
                                "newline".to_string()
                            } else {
                                c.to_string()
                            }
                        });
                        return Err(Error::Syntax(t));
                    }
                    let raw: String = chars[ws..we].iter().collect();
                    let quoted = raw.contains(['\'', '"', '\\']);
                    let delim: String = raw.chars().filter(|c| !"'\"\\".contains(*c)).collect();
                    pending.push(Pending {
                        tok: toks.len(),
                        delim,
                        strip: op == "<<-",
                    });
                    toks.push(Lexed {
                        tok: Tok::Heredoc {
                            body: String::new(),
                            expand: !quoted,
                        },
                        start,
                        end: we,
                    });
                    i = we;
                } else {
                    toks.push(Lexed {
                        tok: Tok::Op(op),
                        start,
                        end: i,
                    });
                }
            }
            _ => {
                let start = i;
                let end = scan_word(chars, i)?;
                let raw: String = chars[start..end].iter().collect();
                let io = raw.chars().all(|c| c.is_ascii_digit())
                    && matches!(chars.get(end), Some('<' | '>'));
                let tok = match raw.parse::<u32>() {
                    Ok(n) if io => Tok::IoNum(n),
                    _ => Tok::Word(raw),
                };
                toks.push(Lexed { tok, start, end });
                i = end.max(start + 1);
            }
        }
    }
    if pending.is_empty() {
        Ok(toks)
    } else {
        Err(incomplete(None, None))
    }
}

/// Reads the bodies of the pending here-documents from `i` (just after a newline).
fn heredocs(
    chars: &[char],
    mut i: usize,
    pending: &mut Vec<Pending>,
    toks: &mut [Lexed],
) -> Result<usize, Error> {
    for p in std::mem::take(pending) {
        let mut body = String::new();
        loop {
            if i >= chars.len() {
                return Err(incomplete(None, None));
            }
            let end = chars[i..]
                .iter()
                .position(|c| *c == '\n')
                .map_or(chars.len(), |k| i + k);
            let line: String = chars[i..end].iter().collect();
            let line = if p.strip {
                line.trim_start_matches('\t').to_string()
            } else {
                line
            };
            let at_end = end >= chars.len();
            i = (end + 1).min(chars.len());
            if line == p.delim {
                break;
            }
            if at_end {
                return Err(incomplete(None, None));
            }
            body.push_str(&line);
            body.push('\n');
        }
        if let Some(Lexed {
            tok: Tok::Heredoc { body: b, .. },
            ..
        }) = toks.get_mut(p.tok)
        {
            *b = body;
        }
    }
    Ok(i)
}

/// The end of the word starting at `i` (quotes, `$(…)`, `${…}` and backticks kept whole).
fn scan_word(chars: &[char], mut i: usize) -> Result<usize, Error> {
    while i < chars.len() {
        match chars[i] {
            ' ' | '\t' | '\r' | '\n' => break,
            c if is_op_char(c) => break,
            '\\' => {
                if i + 1 >= chars.len() {
                    return Err(incomplete(None, None));
                }
                i += 2;
            }
            '\'' => i = close_single(chars, i + 1)?,
            '"' => i = close_double(chars, i + 1)?,
            '`' => i = close_backtick(chars, i + 1)?,
            '$' => i = skip_dollar(chars, i)?,
            _ => i += 1,
        }
    }
    Ok(i)
}

fn close_single(chars: &[char], from: usize) -> Result<usize, Error> {
    chars[from.min(chars.len())..]
        .iter()
        .position(|c| *c == '\'')
        .map(|k| from + k + 1)
        .ok_or(incomplete(None, Some('\'')))
}

/// Index after the `"` closing a string whose contents start at `i`.
pub(crate) fn close_double(chars: &[char], mut i: usize) -> Result<usize, Error> {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return Ok(i + 1),
            '`' => i = close_backtick(chars, i + 1)?,
            '$' => i = skip_dollar(chars, i)?,
            _ => i += 1,
        }
    }
    Err(incomplete(None, Some('"')))
}

fn close_backtick(chars: &[char], mut i: usize) -> Result<usize, Error> {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '`' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(incomplete(None, Some('`')))
}

/// Index after a `$…` starting at `i` (the `$` itself when nothing special follows).
fn skip_dollar(chars: &[char], i: usize) -> Result<usize, Error> {
    match chars.get(i + 1) {
        Some('(') => close_paren(chars, i + 2),
        Some('{') => chars[i + 2..]
            .iter()
            .position(|c| *c == '}')
            .map(|k| i + 2 + k + 1)
            .ok_or(incomplete(Some("}"), None)),
        _ => Ok(i + 1),
    }
}

/// Index after the `)` closing a `$(` whose contents start at `i`.
pub(crate) fn close_paren(chars: &[char], mut i: usize) -> Result<usize, Error> {
    let mut depth = 1u32;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '\'' => i = close_single(chars, i + 1)?,
            '"' => i = close_double(chars, i + 1)?,
            '`' => i = close_backtick(chars, i + 1)?,
            '(' => {
                depth += 1;
                i += 1;
            }
            ')' => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    return Ok(i);
                }
            }
            _ => i += 1,
        }
    }
    Err(incomplete(Some(")"), None))
}

/// `NAME=…` (a valid name before the first `=`).
#[must_use]
pub fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => is_name(name),
        None => false,
    }
}

/// A shell variable name.
#[must_use]
pub fn is_name(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

const RESERVED: [&str; 8] = ["then", "do", "done", "fi", "else", "elif", "}", "!"];

struct Parser<'a> {
    toks: &'a [Lexed],
    pos: usize,
    src: &'a [char],
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|l| &l.tok)
    }

    fn word_is(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x == w)
    }

    fn newlines(&mut self) {
        while self.peek() == Some(&Tok::Newline) {
            self.pos += 1;
        }
    }

    /// The error for the token at the cursor (more input wanted at the end).
    fn unexpected(&self) -> Error {
        self.unexpected_or(None)
    }

    fn unexpected_or(&self, expecting: Option<&'static str>) -> Error {
        match self.peek() {
            None => incomplete(expecting, None),
            Some(Tok::Word(w)) => Error::Syntax(w.clone()),
            Some(Tok::Op(o)) => Error::Syntax((*o).to_string()),
            Some(Tok::IoNum(n)) => Error::Syntax(n.to_string()),
            Some(Tok::Newline) => Error::Syntax("newline".to_string()),
            Some(Tok::Heredoc { .. }) => Error::Syntax("<<".to_string()),
        }
    }

    fn expect_word(&mut self, w: &'static str) -> Result<(), Error> {
        if self.word_is(w) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected_or(Some(w)))
        }
    }

    fn text(&self, from: usize, to: usize) -> String {
        let (Some(a), Some(b)) = (self.toks.get(from), self.toks.get(to.saturating_sub(1))) else {
            return String::new();
        };
        self.src[a.start..b.end.min(self.src.len())]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    }

    /// Items until EOF, `)` or one of the reserved words `ends` at a command's start.
    fn list(&mut self, ends: &[&str]) -> Result<List, Error> {
        let mut list = List::default();
        loop {
            self.newlines();
            match self.peek() {
                None | Some(Tok::Op(")")) => break,
                Some(Tok::Word(w)) if ends.contains(&w.as_str()) => break,
                _ => {}
            }
            let start = self.pos;
            let and_or = self.and_or()?;
            let end = self.pos;
            let background = match self.peek() {
                Some(Tok::Op("&")) => {
                    self.pos += 1;
                    true
                }
                Some(Tok::Op(";") | Tok::Newline) => {
                    self.pos += 1;
                    false
                }
                None | Some(Tok::Op(")")) => false,
                Some(Tok::Word(w)) if ends.contains(&w.as_str()) => false,
                _ => return Err(self.unexpected()),
            };
            list.items.push(Item {
                and_or,
                background,
                text: self.text(start, end),
            });
        }
        Ok(list)
    }

    fn and_or(&mut self) -> Result<AndOr, Error> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        while let Some(Tok::Op(op @ ("&&" | "||"))) = self.peek() {
            let and = *op == "&&";
            self.pos += 1;
            self.newlines();
            rest.push((and, self.pipeline()?));
        }
        Ok(AndOr { first, rest })
    }

    fn pipeline(&mut self) -> Result<Pipeline, Error> {
        let bang = self.word_is("!");
        if bang {
            self.pos += 1;
        }
        let mut cmds = vec![self.command()?];
        while self.peek() == Some(&Tok::Op("|")) {
            self.pos += 1;
            self.newlines();
            cmds.push(self.command()?);
        }
        Ok(Pipeline { bang, cmds })
    }

    fn command(&mut self) -> Result<Command, Error> {
        let compound = match self.peek() {
            None => return Err(self.unexpected()),
            Some(Tok::Word(w)) => match w.as_str() {
                "for" => self.for_loop()?,
                "if" => self.if_clause()?,
                "while" | "until" => self.while_loop()?,
                "{" => {
                    self.pos += 1;
                    let body = self.body(&["}"])?;
                    self.expect_word("}")?;
                    Compound::Group(body)
                }
                "case" | "function" | "select" | "[[" | "((" => {
                    return Err(Error::Unsupported(w.clone()))
                }
                w if RESERVED.contains(&w) => return Err(self.unexpected()),
                _ => return self.simple(),
            },
            Some(Tok::Op("(")) => {
                self.pos += 1;
                let body = self.body(&[])?;
                if self.peek() != Some(&Tok::Op(")")) {
                    return Err(self.unexpected_or(Some(")")));
                }
                self.pos += 1;
                Compound::Subshell(body)
            }
            Some(Tok::Op(o)) if !matches!(*o, "<" | ">" | ">>" | ">&" | "<&" | "&>" | ">|") => {
                return Err(self.unexpected())
            }
            Some(Tok::Newline) => return Err(self.unexpected()),
            Some(_) => return self.simple(),
        };
        let mut redirs = Vec::new();
        while let Some(r) = self.redirect()? {
            redirs.push(r);
        }
        Ok(Command::Compound(Box::new(compound), redirs))
    }

    /// A list that must not be empty (the body of a compound command).
    fn body(&mut self, ends: &[&'static str]) -> Result<List, Error> {
        let list = self.list(ends)?;
        if list.items.is_empty() {
            return Err(self.unexpected_or(ends.first().copied()));
        }
        Ok(list)
    }

    fn for_loop(&mut self) -> Result<Compound, Error> {
        self.pos += 1;
        let var = match self.peek() {
            Some(Tok::Word(w)) if is_name(w) => w.clone(),
            _ => return Err(self.unexpected()),
        };
        self.pos += 1;
        self.newlines();
        let mut words = None;
        if self.word_is("in") {
            self.pos += 1;
            let mut ws = Vec::new();
            while let Some(Tok::Word(w)) = self.peek() {
                ws.push(w.clone());
                self.pos += 1;
            }
            words = Some(ws);
            match self.peek() {
                Some(Tok::Op(";") | Tok::Newline) => self.pos += 1,
                _ => return Err(self.unexpected_or(Some("do"))),
            }
        } else if self.peek() == Some(&Tok::Op(";")) {
            self.pos += 1;
        }
        self.newlines();
        self.expect_word("do")?;
        let body = self.body(&["done"])?;
        self.expect_word("done")?;
        Ok(Compound::For { var, words, body })
    }

    fn if_clause(&mut self) -> Result<Compound, Error> {
        self.pos += 1;
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.body(&["then"])?;
            self.expect_word("then")?;
            let body = self.body(&["elif", "else", "fi"])?;
            branches.push((cond, body));
            if self.word_is("elif") {
                self.pos += 1;
                continue;
            }
            if self.word_is("else") {
                self.pos += 1;
                otherwise = Some(self.body(&["fi"])?);
            }
            self.expect_word("fi")?;
            break;
        }
        Ok(Compound::If {
            branches,
            otherwise,
        })
    }

    fn while_loop(&mut self) -> Result<Compound, Error> {
        let until = self.word_is("until");
        self.pos += 1;
        let cond = self.body(&["do"])?;
        self.expect_word("do")?;
        let body = self.body(&["done"])?;
        self.expect_word("done")?;
        Ok(Compound::While { until, cond, body })
    }

    fn redirect(&mut self) -> Result<Option<Redir>, Error> {
        let save = self.pos;
        let fd = match self.peek() {
            Some(Tok::IoNum(n)) => {
                let n = *n;
                self.pos += 1;
                Some(n)
            }
            _ => None,
        };
        let op = match self.peek() {
            Some(Tok::Heredoc { body, expand }) => {
                let kind = RedirKind::Heredoc {
                    body: body.clone(),
                    expand: *expand,
                };
                self.pos += 1;
                return Ok(Some(Redir {
                    fd: fd.unwrap_or(0),
                    kind,
                }));
            }
            Some(Tok::Op(op @ ("<" | ">" | ">>" | ">&" | "<&" | "&>" | ">|"))) => *op,
            _ => {
                self.pos = save;
                return Ok(None);
            }
        };
        self.pos += 1;
        let target = match self.peek() {
            Some(Tok::Word(w)) => w.clone(),
            None => return Err(Error::Syntax("newline".to_string())),
            _ => return Err(self.unexpected()),
        };
        self.pos += 1;
        let kind = match op {
            "<" => RedirKind::In(target),
            ">&" | "<&" => match target.parse::<u32>() {
                Ok(n) => RedirKind::Dup(n),
                Err(_) if op == ">&" => RedirKind::Both {
                    target,
                    append: false,
                },
                Err(_) => return Err(Error::Syntax(target)),
            },
            "&>" => RedirKind::Both {
                target,
                append: false,
            },
            _ => RedirKind::Out {
                target,
                append: op == ">>",
            },
        };
        let default = if matches!(op, "<" | "<&") { 0 } else { 1 };
        Ok(Some(Redir {
            fd: fd.unwrap_or(default),
            kind,
        }))
    }

    fn simple(&mut self) -> Result<Command, Error> {
        let mut s = Simple::default();
        loop {
            if let Some(r) = self.redirect()? {
                s.redirs.push(r);
                continue;
            }
            match self.peek() {
                Some(Tok::Word(w)) => {
                    if s.words.is_empty() && is_assignment(w) {
                        if let Some((n, v)) = w.split_once('=') {
                            s.assigns.push((n.to_string(), v.to_string()));
                        }
                    } else {
                        s.words.push(w.clone());
                    }
                    self.pos += 1;
                }
                _ => break,
            }
        }
        if s.words.is_empty() && s.assigns.is_empty() && s.redirs.is_empty() {
            return Err(self.unexpected());
        }
        if s.words.len() == 1 && self.peek() == Some(&Tok::Op("(")) {
            return Err(Error::Unsupported(format!("{}()", s.words[0])));
        }
        Ok(Command::Simple(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(c: &Command) -> Vec<String> {
        match c {
            Command::Simple(s) => s.words.clone(),
            Command::Compound(..) => vec![],
        }
    }

    #[test]
    fn lists_keep_their_operators_and_background_marks() {
        // Pins how `;`, `&&`, `||` and `&` split a line and what `jobs` would show.
        let l = parse("a 1 && b || c; d &").unwrap();
        assert_eq!(l.items.len(), 2);
        assert_eq!(l.items[0].and_or.rest.len(), 2);
        assert!(l.items[0].and_or.rest[0].0);
        assert!(!l.items[0].and_or.rest[1].0);
        assert!(l.items[1].background);
        assert_eq!(l.items[1].text, "d");
        assert_eq!(words(&l.items[0].and_or.first.cmds[0]), vec!["a", "1"]);
    }

    #[test]
    fn loops_and_ifs_parse_and_report_what_is_missing() {
        // Pins the AST of the tutorial's loop and the incomplete/syntax answers.
        let l =
            parse("for i in 0 1; do kubectl exec \"web-$i\" -- sh -c 'hostname'; done").unwrap();
        let Command::Compound(c, _) = &l.items[0].and_or.first.cmds[0] else {
            panic!("not compound")
        };
        let Compound::For {
            var,
            words: Some(ws),
            body,
        } = c.as_ref()
        else {
            panic!("not for")
        };
        assert_eq!(var, "i");
        assert_eq!(ws, &vec!["0".to_string(), "1".to_string()]);
        assert_eq!(body.items.len(), 1);
        assert_eq!(
            parse("for i in 1; do echo"),
            Err(incomplete(Some("done"), None))
        );
        assert_eq!(parse("echo 'a"), Err(incomplete(None, Some('\''))));
        assert_eq!(parse("a &&"), Err(incomplete(None, None)));
        assert_eq!(parse("done"), Err(Error::Syntax("done".into())));
        assert_eq!(parse("echo a;;"), Err(Error::Syntax(";;".into())));
        assert_eq!(parse("echo >"), Err(Error::Syntax("newline".into())));
        assert_eq!(parse("if true; then; fi"), Err(Error::Syntax(";".into())));
        assert!(parse("if a; then b; elif c; then d; else e; fi").is_ok());
    }

    #[test]
    fn heredocs_take_the_lines_up_to_their_delimiter() {
        // Pins here-document bodies, quoted delimiters and `<<-` tab stripping.
        let l = parse("cat <<EOF > f\na $x\n  b\nEOF\necho done").unwrap();
        assert_eq!(l.items.len(), 2);
        let Command::Simple(s) = &l.items[0].and_or.first.cmds[0] else {
            panic!()
        };
        assert_eq!(
            s.redirs[0].kind,
            RedirKind::Heredoc {
                body: "a $x\n  b\n".into(),
                expand: true
            }
        );
        let l = parse("cat <<-'E'\n\tx\n\tE").unwrap();
        let Command::Simple(s) = &l.items[0].and_or.first.cmds[0] else {
            panic!()
        };
        assert_eq!(
            s.redirs[0].kind,
            RedirKind::Heredoc {
                body: "x\n".into(),
                expand: false
            }
        );
        assert!(is_incomplete("cat <<EOF\nabc"));
    }
}
