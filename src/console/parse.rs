//! A typed line split into words and operators for Tab completion (the shell itself parses with
//! [`super::sh`]), and kubectl's flag syntax (`-n x`, `-nx`, `--namespace=x`, `-it`, `--` and what follows).

use std::collections::BTreeMap;

/// One piece of a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Word(String),
    /// `;`, `&&`, `||`, `|`, `>`, `>>`, `<`, `&`.
    Op(&'static str),
}

/// Splits a line into words and operators. `#` starts a comment at the start of a word.
///
/// # Errors
/// An unterminated quote, with the shell's wording.
pub fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut word = String::new();
    // A word was started (so `''` makes an empty word).
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '\'' {
                        closed = true;
                        break;
                    }
                    word.push(c);
                }
                if !closed {
                    return Err("unterminated quoted string".to_string());
                }
            }
            '"' => {
                in_word = true;
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.peek() {
                            Some(&n @ ('"' | '\\' | '$' | '`')) => {
                                word.push(n);
                                chars.next();
                            }
                            _ => word.push('\\'),
                        },
                        _ => word.push(c),
                    }
                }
                if !closed {
                    return Err("unterminated quoted string".to_string());
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    word.push(n);
                }
            }
            ' ' | '\t' | '\r' | '\n' => {
                if in_word {
                    out.push(Token::Word(std::mem::take(&mut word)));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            ';' | '&' | '|' | '>' | '<' => {
                if in_word {
                    out.push(Token::Word(std::mem::take(&mut word)));
                    in_word = false;
                }
                let op = match (c, chars.peek()) {
                    ('&', Some('&')) => {
                        chars.next();
                        "&&"
                    }
                    ('|', Some('|')) => {
                        chars.next();
                        "||"
                    }
                    ('>', Some('>')) => {
                        chars.next();
                        ">>"
                    }
                    (';', _) => ";",
                    ('&', _) => "&",
                    ('|', _) => "|",
                    ('>', _) => ">",
                    _ => "<",
                };
                out.push(Token::Op(op));
            }
            '$' if chars.peek() == Some(&'(') => {
                // `$(command)` is one word, spaces and operators inside included.
                in_word = true;
                word.push(c);
                let mut depth = 0u32;
                for c in chars.by_ref() {
                    word.push(c);
                    match c {
                        '(' => depth += 1,
                        ')' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                }
            }
            _ => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        out.push(Token::Word(word));
    }
    Ok(out)
}

/// How a flag is written and whether it takes a value.
#[derive(Debug, Clone, Copy)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

#[must_use]
pub const fn flag(long: &'static str, short: Option<char>, takes_value: bool) -> FlagSpec {
    FlagSpec {
        long,
        short,
        takes_value,
    }
}

/// Flags every kubectl command accepts (a subset of kubectl's global flags).
pub const GLOBAL_FLAGS: &[FlagSpec] = &[
    flag("namespace", Some('n'), true),
    flag("request-timeout", None, true),
    flag("context", None, true),
    flag("v", Some('v'), true),
];

/// A kubectl command line after flag parsing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    /// Words that are not flags, before `--`.
    pub positional: Vec<String>,
    /// Long flag name → values, in order (`true` for a boolean given without a value).
    pub flags: BTreeMap<String, Vec<String>>,
    /// What follows `--`, if it was given.
    pub command: Option<Vec<String>>,
}

impl Args {
    #[must_use]
    pub fn has(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }

    /// The last value of a flag.
    #[must_use]
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    #[must_use]
    pub fn values(&self, long: &str) -> &[String] {
        self.flags.get(long).map_or(&[], Vec::as_slice)
    }

    /// A boolean flag: given without a value, or with `=true`.
    #[must_use]
    pub fn bool(&self, long: &str) -> bool {
        self.value(long).is_some_and(|v| v != "false")
    }
}

fn find_long<'a>(specs: &[&'a [FlagSpec]], name: &str) -> Option<&'a FlagSpec> {
    specs.iter().flat_map(|s| s.iter()).find(|f| f.long == name)
}

fn find_short<'a>(specs: &[&'a [FlagSpec]], c: char) -> Option<&'a FlagSpec> {
    specs
        .iter()
        .flat_map(|s| s.iter())
        .find(|f| f.short == Some(c))
}

/// Parses kubectl-style flags. Errors are kubectl's texts (`unknown flag: --foo`, `unknown
/// shorthand flag: 'x' in -x`, `flag needs an argument: --namespace`), without `error: `.
///
/// # Errors
/// Unknown flags and flags missing their value.
pub fn parse_flags(words: &[String], specs: &[&[FlagSpec]]) -> Result<Args, String> {
    let mut args = Args::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            args.command = Some(words[i..].to_vec());
            return Ok(args);
        }
        if let Some(long) = w.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(spec) = find_long(specs, name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            let value = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None => {
                        let Some(v) = words.get(i) else {
                            return Err(format!("flag needs an argument: --{name}"));
                        };
                        i += 1;
                        v.clone()
                    }
                }
            } else {
                inline.unwrap_or_else(|| "true".to_string())
            };
            args.flags
                .entry(spec.long.to_string())
                .or_default()
                .push(value);
            continue;
        }
        if w.len() > 1 && w.starts_with('-') {
            let shorts: Vec<char> = w[1..].chars().collect();
            let mut j = 0;
            while j < shorts.len() {
                let c = shorts[j];
                j += 1;
                let Some(spec) = find_short(specs, c) else {
                    return Err(format!("unknown shorthand flag: '{c}' in {w}"));
                };
                if spec.takes_value {
                    let rest: String = shorts[j..].iter().collect();
                    let value = if let Some(v) = rest.strip_prefix('=') {
                        v.to_string()
                    } else if !rest.is_empty() {
                        rest
                    } else {
                        let Some(v) = words.get(i) else {
                            return Err(format!("flag needs an argument: '{c}' in -{c}"));
                        };
                        i += 1;
                        v.clone()
                    };
                    args.flags
                        .entry(spec.long.to_string())
                        .or_default()
                        .push(value);
                    break;
                }
                args.flags
                    .entry(spec.long.to_string())
                    .or_default()
                    .push("true".to_string());
            }
            continue;
        }
        args.positional.push(w.clone());
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|t| match t {
                Token::Word(w) => Some(w),
                Token::Op(_) => None,
            })
            .collect()
    }

    #[test]
    fn quotes_and_operators_split_as_a_shell_does() {
        let t =
            tokenize(r#"sh -c 'echo "Hello from web-0" > /x' && echo a\ b>>f"#).unwrap_or_default();
        assert_eq!(
            t,
            vec![
                Token::Word("sh".into()),
                Token::Word("-c".into()),
                Token::Word("echo \"Hello from web-0\" > /x".into()),
                Token::Op("&&"),
                Token::Word("echo".into()),
                Token::Word("a b".into()),
                Token::Op(">>"),
                Token::Word("f".into()),
            ]
        );
        assert!(tokenize("echo 'open").is_err());
        assert_eq!(tokenize("echo '' # note").unwrap_or_default().len(), 2);
    }

    #[test]
    fn kubectl_flags_take_every_spelling() {
        let specs: &[&[FlagSpec]] = &[
            GLOBAL_FLAGS,
            &[
                flag("output", Some('o'), true),
                flag("watch", Some('w'), false),
            ],
        ];
        let a = parse_flags(
            &words("get pods -owide -n=kube-system -w --request-timeout 5s"),
            specs,
        )
        .unwrap_or_default();
        assert_eq!(a.positional, vec!["get", "pods"]);
        assert_eq!(a.value("output"), Some("wide"));
        assert_eq!(a.value("namespace"), Some("kube-system"));
        assert!(a.bool("watch"));
        assert_eq!(a.value("request-timeout"), Some("5s"));
        assert_eq!(
            parse_flags(&words("get --foo"), specs),
            Err("unknown flag: --foo".to_string())
        );
        assert_eq!(
            parse_flags(&words("get -x"), specs),
            Err("unknown shorthand flag: 'x' in -x".to_string())
        );
        let e = parse_flags(&words("exec web-0 -- sh -c 'ls -l'"), specs).unwrap_or_default();
        assert_eq!(
            e.command,
            Some(vec!["sh".into(), "-c".into(), "ls -l".into()])
        );
    }

    #[test]
    fn command_substitution_is_one_word() {
        // Pins that `$(…)` keeps its spaces and operators inside one word.
        assert_eq!(
            words("echo $(cat a | wc -l) x"),
            ["echo", "$(cat a | wc -l)", "x"]
        );
        assert_eq!(words("echo \"$(hostname)\""), ["echo", "$(hostname)"]);
    }
}
