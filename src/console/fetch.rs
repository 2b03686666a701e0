//! Where kubectl's `-f`/`-k` input comes from, and the host's `curl` and `wget`.
//!
//! podplay has no network and ships no upstream manifests. A URL (as the tutorials write
//! `https://k8s.io/examples/application/web/web.yaml`) stands for the learner's own document of
//! the same last path segment (`web.yaml`), with one note saying so; without such a document
//! the command fails as it would for a host it cannot resolve, with one note saying what to
//! paste. `-f -` reads the command's standard input (a here-document or a pipe), named `STDIN`
//! in kubectl's messages; `-k DIR` reads what kustomize builds from DIR, named DIR.

use crate::i18n::{Lang, Msg};

use super::parse::Args;
use super::{kustomize, Ctx, Files, Output, Workdir};

/// The input of a command: (name kubectl gives it in messages, text).
pub type Source = (String, String);

/// The host of an `http(s)://` URL, or `None` for anything else.
#[must_use]
pub fn url_host(s: &str) -> Option<&str> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    Some(host.split(':').next().unwrap_or(host))
}

/// The last path segment of a URL (`web.yaml`), without query or fragment; `None` when the
/// path ends in `/` or is empty.
#[must_use]
pub fn url_file(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let (_, path) = path.split_once('/')?;
    let last = path.rsplit('/').next().unwrap_or("");
    (!last.is_empty()).then_some(last)
}

/// The learner's document standing for `url`: (its name, its text).
#[must_use]
pub fn resolve_url(files: &dyn Files, url: &str) -> Option<(String, String)> {
    let name = url_file(url)?;
    files.read(name).ok().map(|t| (name.to_string(), t))
}

/// The note under a URL that was answered from the learner's document.
pub fn note_mapped(out: &mut Output, lang: Lang, url: &str, name: &str) {
    out.err(
        &Msg::new("console.fetch.mapped")
            .text(name)
            .text(url)
            .render(lang),
    );
}

/// The note under a URL podplay could not answer: paste the file under that name (or, when
/// `podplay run` refused to read that file, what it reads).
pub fn note_missing(out: &mut Output, files: &dyn Files, lang: Lang, url: &str) {
    let refused = url_file(url)
        .and_then(|n| files.read(n).err())
        .and_then(|e| super::reason::note(&e, lang));
    if let Some(note) = refused {
        out.err(&note);
        return;
    }
    let name = url_file(url).unwrap_or("…");
    out.err(&Msg::new("console.fetch.missing").text(name).render(lang));
}

/// The inputs of `-f` (files, `-`, URLs) and `-k` (a kustomization folder), in order. Prints
/// kubectl's error and returns `None` when one cannot be read: kubectl stops before sending
/// anything.
pub fn sources(ctx: &Ctx<'_>, args: &Args, out: &mut Output) -> Option<Vec<Source>> {
    let files = args.values("filename");
    let kustomize = args.value("kustomize").filter(|k| !k.is_empty());
    // `FilenameOptions.validate` (cli-runtime/pkg/resource/builder.go).
    if !files.is_empty() && kustomize.is_some() {
        out.err("error: only one of -f or -k can be specified");
        return None;
    }
    if kustomize.is_some() && args.bool("recursive") {
        out.err("error: the -k flag can't be used with -f or -R");
        return None;
    }
    if let Some(dir) = kustomize {
        return match kustomize::build(ctx.files, dir) {
            Ok(built) => {
                for w in &built.warnings {
                    out.err(w);
                }
                Some(vec![(dir.to_string(), built.yaml())])
            }
            Err(f) => {
                f.print(ctx.lang, out);
                None
            }
        };
    }
    let mut found = Vec::new();
    for file in files {
        if file == "-" {
            // `FileVisitorForSTDIN`: the source is named STDIN.
            found.push(("STDIN".to_string(), ctx.stdin.clone().unwrap_or_default()));
        } else if let Some(host) = url_host(file) {
            if let Some((name, text)) = resolve_url(ctx.files, file) {
                note_mapped(out, ctx.lang, file, &name);
                found.push((file.clone(), text));
            } else {
                // `http.Get`'s *url.Error, as `cmdutil.StandardErrorMessage` prints it
                // (kubectl/pkg/cmd/util/helpers.go; the fetch is cli-runtime visitor.go
                // `readHttpWithRetries`).
                out.err(&format!(
                    "Unable to connect to the server: dial tcp: lookup {host}: no such host"
                ));
                note_missing(out, ctx.files, ctx.lang, file);
                return None;
            }
        } else {
            match ctx.files.read(file) {
                Ok(t) => {
                    // Bytes that are not UTF-8: the stream visitor's error (cli-runtime
                    // visitor.go `StreamVisitor.Visit`: "error parsing %s: %v") around
                    // go-yaml's reader error.
                    let bad = t.contains('\u{fffd}').then(|| ctx.files.not_utf8(file));
                    if let Some(why) = bad.flatten() {
                        out.err(&format!(
                            "error: error parsing {file}: error converting YAML to JSON: yaml: {why}"
                        ));
                        return None;
                    }
                    found.push((file.clone(), t));
                }
                Err(e) if super::reason::refused(&e) => {
                    // `Builder.Path` (cli-runtime/pkg/resource/builder.go): a path `os.Stat`
                    // cannot look at is "the path %q cannot be accessed: %v", the error being
                    // Go's `*PathError` (`stat PATH: permission denied`).
                    out.err(&format!(
                        "error: the path \"{file}\" cannot be accessed: stat {file}: {e}"
                    ));
                    if let Some(note) = super::reason::note(&e, ctx.lang) {
                        out.err(&note);
                    }
                    return None;
                }
                Err(_)
                    if !file.is_empty()
                        && kustomize::is_dir(ctx.files, &Workdir::normalize(file)) =>
                {
                    found.extend(folder(ctx.files, file, args.bool("recursive")));
                }
                Err(_) => {
                    out.err(&format!("error: the path \"{file}\" does not exist"));
                    return None;
                }
            }
        }
    }
    Some(found)
}

/// The manifests of a folder given to `-f`, in `filepath.Walk`'s lexical order: files ending
/// in `.json`, `.yaml` or `.yml` (`FileExtensions`), those in subfolders only with `-R`
/// (cli-runtime `ExpandPathsToFileVisitors`).
fn folder(files: &dyn Files, path: &str, recursive: bool) -> Vec<Source> {
    let dir = Workdir::normalize(path);
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let mut names: Vec<String> = files
        .names()
        .into_iter()
        .filter(|n| n.starts_with(&prefix))
        .filter(|n| recursive || !n[prefix.len()..].contains('/'))
        .filter(|n| [".json", ".yaml", ".yml"].iter().any(|e| n.ends_with(e)))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|n| files.read(&n).ok().map(|t| (n, t)))
        .collect()
}

/// `kubectl get -f FILE` / `get -k DIR`: the objects of the input as `TYPE/NAME` words (what
/// kubectl then gets, one table per type), with the input flags taken out; other words stay.
/// The words unchanged when there is no such flag; `None` after an input error.
pub fn expand_inputs(ctx: &Ctx<'_>, words: &[String], out: &mut Output) -> Option<Vec<String>> {
    let mut input = Args {
        positional: Vec::new(),
        flags: std::collections::BTreeMap::new(),
        command: None,
    };
    let mut rest = Vec::new();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        let (long, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (w.as_str(), None),
        };
        let name = match long {
            "-f" | "--filename" => "filename",
            "-k" | "--kustomize" => "kustomize",
            _ => {
                rest.push(w.clone());
                continue;
            }
        };
        let Some(value) = inline.or_else(|| it.next().cloned()) else {
            rest.push(w.clone());
            continue;
        };
        input.flags.entry(name.to_string()).or_default().push(value);
    }
    if input.flags.is_empty() {
        return Some(words.to_vec());
    }
    let mut namespace = None;
    for (_, text) in sources(ctx, &input, out)? {
        for obj in kustomize::yaml_values(&text).unwrap_or_default() {
            let kind = obj.get("kind").and_then(serde_json::Value::as_str);
            let name = obj
                .pointer("/metadata/name")
                .and_then(serde_json::Value::as_str);
            let (Some(kind), Some(name)) = (kind, name) else {
                continue;
            };
            let res = crate::manifest::objects::Kind::from_name(kind).map_or_else(
                || kind.to_lowercase(),
                |k| super::resources::Res::of_kind(k).singular_qualified(),
            );
            rest.push(format!("{res}/{name}"));
            if let Some(ns) = obj
                .pointer("/metadata/namespace")
                .and_then(serde_json::Value::as_str)
            {
                namespace.get_or_insert_with(|| ns.to_string());
            }
        }
    }
    if let Some(ns) = namespace.filter(|_| {
        !words
            .iter()
            .any(|w| w == "-n" || w.starts_with("--namespace"))
    }) {
        rest.push("-n".into());
        rest.push(ns);
    }
    Some(rest)
}

/// The host's `curl` and `wget` (one of them is `name`): a URL's file is the learner's document
/// of that name, "downloaded" into the working directory (`-O`, `-o NAME`, wget's default) or
/// printed (`curl URL`). Quiet as `curl -s` / `wget -q`, plus podplay's one note.
pub fn host(files: &mut Workdir, lang: Lang, name: &str, args: &[String], out: &mut Output) {
    let parsed = if name == "curl" {
        curl_args(args)
    } else {
        wget_args(args)
    };
    let mut req = match parsed {
        Ok(r) => r,
        Err(e) => {
            out.err(&e);
            return;
        }
    };
    // Both take a URL without a scheme as http.
    if !req.url.contains("://") {
        req.url = format!("http://{}", req.url);
    }
    let Some(host) = url_host(&req.url).map(str::to_string) else {
        let scheme = req.url.split("://").next().unwrap_or("");
        if name == "curl" {
            out.err(&format!(
                "curl: (1) Protocol \"{scheme}\" not supported or disabled in libcurl"
            ));
        } else {
            out.err(&format!("{}: Unsupported scheme.", req.url));
        }
        return;
    };
    if cluster_address(&host) {
        // A Service name or a cluster IP: the host machine has no route there.
        out.err(&Msg::new("console.host.network").text(name).render(lang));
        return;
    }
    let Some((doc, text)) = resolve_url(files, &req.url) else {
        if !req.silent || req.show_error {
            if name == "curl" {
                out.err(&format!("curl: (6) Could not resolve host: {host}"));
            } else {
                out.err(&format!("wget: unable to resolve host address ‘{host}’"));
            }
        }
        note_missing(out, files, lang, &req.url);
        return;
    };
    note_mapped(out, lang, &req.url, &doc);
    let written = match req.target {
        Target::Stdout => {
            out.out(text.strip_suffix('\n').unwrap_or(&text));
            true
        }
        Target::Remote => files.write(&doc, &text),
        Target::Named(n) if n == "-" => {
            out.out(text.strip_suffix('\n').unwrap_or(&text));
            true
        }
        Target::Named(n) => files.write(&n, &text),
    };
    if !written {
        // curl's CURLE_WRITE_ERROR; wget names the file and the reason.
        if name == "curl" {
            out.err("curl: (23) Failure writing output to destination");
        } else {
            out.err("wget: error writing output: File too large");
        }
    }
}

/// Top-level domains of the public names tutorials and learners download from; any other
/// last label (`web-0.nginx`, `nginx.default`) is a name only the cluster's DNS answers.
const PUBLIC_TLDS: [&str; 16] = [
    "ai", "app", "cloud", "co", "com", "de", "dev", "eu", "info", "io", "jp", "kr", "me", "net",
    "org", "sh",
];

/// A name only the cluster's DNS answers (`nginx`, `web-0.nginx`, `*.svc.cluster.local`), or an
/// IP address: the host machine has no route there.
fn cluster_address(host: &str) -> bool {
    let last = host.rsplit('.').next().unwrap_or(host);
    !host.contains('.')
        || host.chars().all(|c| c.is_ascii_digit() || c == '.')
        || !PUBLIC_TLDS.contains(&last)
}

enum Target {
    Stdout,
    /// The URL's last segment (`curl -O`, wget's default).
    Remote,
    Named(String),
}

struct Request {
    url: String,
    target: Target,
    silent: bool,
    show_error: bool,
}

/// What one short option of a group (`-sLo`, `-qO-`) does.
enum Short {
    /// A flag without a value.
    Flag,
    /// Takes a value: the rest of the group, or the next word.
    Value,
}

/// Called with each option (its short letter or long name) and its value.
type OnOption<'a> = dyn FnMut(&str, Option<String>) -> Result<(), String> + 'a;

/// Walks `args` as curl and wget read them: long options (`--output NAME`, `--output=NAME`),
/// groups of short ones where one taking a value ends the group, and the URL. `on` gets each
/// option (its short letter or long name) with its value; `kind` tells which take one.
fn walk(
    args: &[String],
    kind: &dyn Fn(&str) -> Short,
    on: &mut OnOption<'_>,
) -> Result<String, String> {
    let mut url = String::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let value = match kind(name) {
                Short::Value => inline.or_else(|| it.next().cloned()),
                Short::Flag => None,
            };
            on(name, value)?;
        } else if let Some(group) = a.strip_prefix('-').filter(|g| !g.is_empty()) {
            for (i, c) in group.char_indices() {
                let letter = c.to_string();
                if let Short::Value = kind(&letter) {
                    let rest = &group[i + c.len_utf8()..];
                    let value = if rest.is_empty() {
                        it.next().cloned()
                    } else {
                        Some(rest.to_string())
                    };
                    on(&letter, value)?;
                    break;
                }
                on(&letter, None)?;
            }
        } else {
            url.clone_from(a);
        }
    }
    Ok(url)
}

const CURL_TRY: &str = "curl: try 'curl --help' or 'curl --manual' for more information";
const WGET_TRY: &str = "Usage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.";

/// `curl [-sSLfO] [-o NAME] URL`: the options the tutorials and learners use; others are
/// skipped with their value when they take one.
fn curl_args(args: &[String]) -> Result<Request, String> {
    let mut req = Request {
        url: String::new(),
        target: Target::Stdout,
        silent: false,
        show_error: false,
    };
    let kind = |o: &str| match o {
        "o" | "output" | "H" | "header" | "X" | "request" | "d" | "data" | "u" | "user" | "A"
        | "user-agent" | "e" | "referer" | "m" | "max-time" => Short::Value,
        _ => Short::Flag,
    };
    req.url = walk(args, &kind, &mut |o, v| {
        match (o, v) {
            ("o" | "output", None) => {
                return Err(format!("curl: option -o: requires parameter\n{CURL_TRY}"));
            }
            ("o" | "output", Some(n)) => req.target = Target::Named(n),
            ("O" | "remote-name", _) => req.target = Target::Remote,
            ("s" | "silent", _) => req.silent = true,
            ("S" | "show-error", _) => req.show_error = true,
            _ => {}
        }
        Ok(())
    })?;
    if req.url.is_empty() {
        return Err(format!("curl: no URL specified!\n{CURL_TRY}"));
    }
    Ok(req)
}

/// `wget [-q] [-O NAME] URL` (`-O -` prints).
fn wget_args(args: &[String]) -> Result<Request, String> {
    let mut req = Request {
        url: String::new(),
        target: Target::Remote,
        silent: false,
        show_error: false,
    };
    let kind = |o: &str| match o {
        "O" | "output-document" | "o" | "output-file" | "P" | "directory-prefix" | "T"
        | "timeout" | "t" | "tries" | "U" | "user-agent" | "header" => Short::Value,
        _ => Short::Flag,
    };
    req.url = walk(args, &kind, &mut |o, v| {
        match (o, v) {
            ("O" | "output-document", None) => {
                return Err(format!(
                    "wget: option requires an argument -- 'O'\n{WGET_TRY}"
                ));
            }
            ("O" | "output-document", Some(n)) => req.target = Target::Named(n),
            ("q" | "quiet", _) => req.silent = true,
            _ => {}
        }
        Ok(())
    })?;
    if req.url.is_empty() {
        return Err(format!("wget: missing URL\n{WGET_TRY}"));
    }
    Ok(req)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_and_last_segment() {
        let u = "https://k8s.io/examples/application/web/web.yaml";
        assert_eq!(url_host(u), Some("k8s.io"));
        assert_eq!(url_file(u), Some("web.yaml"));
        assert_eq!(url_file("https://k8s.io/a/b.yaml?raw=1#x"), Some("b.yaml"));
        assert_eq!(url_file("https://k8s.io/"), None);
        assert_eq!(url_file("https://k8s.io"), None);
        assert_eq!(url_host("web.yaml"), None);
        assert_eq!(url_host("http://user@host:8080/x"), Some("host"));
        assert!(cluster_address("nginx"));
        assert!(cluster_address("web-0.nginx"));
        assert!(cluster_address("nginx.default.svc.cluster.local"));
        assert!(cluster_address("10.96.0.1"));
        assert!(!cluster_address("k8s.io"));
        assert!(!cluster_address("raw.githubusercontent.com"));
    }

    #[test]
    fn curl_and_wget_read_grouped_short_options() {
        let w = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let r =
            curl_args(&w("-sLo out.yaml https://k8s.io/a.yaml")).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(r.target, Target::Named(ref n) if n == "out.yaml") && r.silent);
        assert_eq!(r.url, "https://k8s.io/a.yaml");
        let r = curl_args(&w("-H Accept:x -LO https://k8s.io/a.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(r.target, Target::Remote));
        let r = wget_args(&w("-qO- https://k8s.io/a.yaml")).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(r.target, Target::Named(ref n) if n == "-") && r.silent);
        let r = wget_args(&w("--output-document=b.yaml k8s.io/a.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(r.target, Target::Named(ref n) if n == "b.yaml"));
        assert!(curl_args(&w("-o")).is_err());
        assert!(wget_args(&w("-q")).is_err());
    }
}
