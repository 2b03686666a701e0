//! `kubectl get` (`kubectl@1.34:pkg/cmd/get/get.go`): tables, `-o wide|name|yaml|json`,
//! selectors, `-A`, `--show-labels`, `--no-headers`, and `-w`/`--watch-only` as a [`Job`] that
//! prints one row per watch event as virtual time runs.

pub mod printers;
pub mod rows;
pub mod serial;
pub mod stored;
pub mod watch;

use crate::engine::Simulation;
use crate::i18n::Msg;

use super::kubectl::{duration_ms, flags, namespace, unknown_type};
use super::parse::{flag, Args, FlagSpec};
use super::render::table::RememberedWidths;
use super::resources::Res;
use super::selector::{format_labels, Selector};
use super::{Ctx, Job, Output};
use rows::Obj;

/// `kubectl get`'s own flags (the ones podplay answers).
pub const FLAGS: &[FlagSpec] = &[
    flag("output", Some('o'), true),
    flag("watch", Some('w'), false),
    flag("watch-only", None, false),
    flag("all-namespaces", Some('A'), false),
    flag("selector", Some('l'), true),
    flag("show-labels", None, false),
    flag("no-headers", None, false),
    flag("label-columns", Some('L'), true),
    flag("ignore-not-found", None, false),
    flag("show-kind", None, false),
    flag("template", None, true),
    flag("sort-by", None, true),
    flag("allow-missing-template-keys", None, false),
];

/// What `kubectl get all` lists in a namespace (the `all` category of kubectl 1.34's discovery,
/// of the types podplay simulates), in the order kubectl prints them.
fn all_types() -> Vec<Res> {
    let daemon_sets = crate::engine::controllers::daemon_set::kind().map(Res::Stored);
    [Res::Pods, Res::Services]
        .into_iter()
        .chain(daemon_sets)
        .chain([Res::Deployments, Res::ReplicaSets, Res::StatefulSets])
        .collect()
}

/// Every output format `kubectl get -o` accepts, sorted as kubectl lists them
/// (`cli-runtime:pkg/genericclioptions/print_flags.go` `AllowedFormats`, `NoCompatiblePrinterError`).
const ALLOWED_FORMATS: &str = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

const ENDPOINTS_WARNING: &str =
    "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Wide,
    Name,
    Yaml,
    Json,
}

/// How rows are printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub format: Format,
    pub all_namespaces: bool,
    pub show_labels: bool,
    pub no_headers: bool,
    pub label_columns: Vec<String>,
    /// Names carry `kind[.group]/` (several types requested).
    pub with_kind: bool,
}

impl View {
    fn wide(&self) -> bool {
        self.format == Format::Wide
    }

    /// Header of a table of `res`.
    #[must_use]
    pub fn header(&self, res: Res) -> Vec<String> {
        let mut h: Vec<String> = Vec::new();
        if self.all_namespaces && res.namespaced() {
            h.push("NAMESPACE".into());
        }
        h.extend(
            rows::columns(res, self.wide())
                .iter()
                .map(|c| c.to_uppercase()),
        );
        for l in &self.label_columns {
            h.push(l.rsplit('/').next().unwrap_or(l).to_uppercase());
        }
        if self.show_labels {
            h.push("LABELS".into());
        }
        h
    }

    /// The row of `o` as this view prints it, or `None` if it is gone.
    #[must_use]
    pub fn row(&self, sim: &Simulation, o: &Obj) -> Option<Vec<String>> {
        let mut cells = rows::cells(sim, o, self.wide())?;
        if self.with_kind {
            if let Some(i) = rows::name_column(o.res) {
                cells[i] = format!("{}/{}", o.res.singular_qualified(), cells[i]);
            }
        }
        let mut r = Vec::with_capacity(cells.len() + 3);
        if self.all_namespaces && o.res.namespaced() {
            r.push(o.key.namespace.clone());
        }
        r.extend(cells);
        for l in &self.label_columns {
            r.push(o.labels.get(l).cloned().unwrap_or_default());
        }
        if self.show_labels {
            r.push(format_labels(&o.labels));
        }
        Some(r)
    }

    /// Where AGE is in this view's rows.
    #[must_use]
    pub fn age_index(&self, res: Res) -> Option<usize> {
        let offset = usize::from(self.all_namespaces && res.namespaced());
        rows::age_column(res).map(|i| i + offset)
    }
}

/// `-o name`: `pod/web-0`, `statefulset.apps/web`.
#[must_use]
pub fn name_of(o: &Obj) -> String {
    format!("{}/{}", o.res.singular_qualified(), o.key.name)
}

/// What the positional words asked for: types (and names) in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Request {
    /// (type, name) pairs; `None` lists the type.
    targets: Vec<(Res, Option<String>)>,
    multi_type: bool,
    single_item: bool,
}

fn no_type(out: &mut Output) {
    out.err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
}

fn parse_request(positional: &[String], out: &mut Output) -> Option<Request> {
    let Some(first) = positional.first() else {
        no_type(out);
        return None;
    };
    if positional.iter().any(|w| w.contains('/')) {
        if !positional.iter().all(|w| w.contains('/')) {
            out.err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
            return None;
        }
        let mut targets = Vec::new();
        for w in positional {
            let (ty, name) = w.split_once('/').unwrap_or((w, ""));
            let Some(res) = Res::resolve(ty) else {
                unknown_type(out, ty);
                return None;
            };
            if name.is_empty() {
                out.err(
                    "error: arguments in resource/name form must have a single resource and name",
                );
                return None;
            }
            targets.push((res, Some(name.to_string())));
        }
        let multi_type = targets.iter().any(|(r, _)| *r != targets[0].0);
        let single_item = targets.len() == 1;
        return Some(Request {
            targets,
            multi_type,
            single_item,
        });
    }
    let words: Vec<&str> = first.split(',').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        no_type(out);
        return None;
    }
    let mut types: Vec<Res> = Vec::new();
    for w in &words {
        if w.eq_ignore_ascii_case("all") {
            for r in all_types() {
                if !types.contains(&r) {
                    types.push(r);
                }
            }
            continue;
        }
        let Some(res) = Res::resolve(w) else {
            unknown_type(out, w);
            return None;
        };
        if !types.contains(&res) {
            types.push(res);
        }
    }
    let names = &positional[1..];
    let multi_type = words.len() > 1 || words.iter().any(|w| w.eq_ignore_ascii_case("all"));
    let mut targets = Vec::new();
    for &res in &types {
        if names.is_empty() {
            targets.push((res, None));
        } else {
            targets.extend(names.iter().map(|n| (res, Some(n.clone()))));
        }
    }
    Some(Request {
        targets,
        multi_type,
        single_item: !multi_type && names.len() == 1,
    })
}

fn format_of(value: Option<&str>, out: &mut Output) -> Option<Format> {
    let Some(v) = value else {
        return Some(Format::Table);
    };
    let lower = v.to_ascii_lowercase();
    match lower.as_str() {
        "" => return Some(Format::Table),
        "wide" => return Some(Format::Wide),
        "name" => return Some(Format::Name),
        "yaml" => return Some(Format::Yaml),
        "json" => return Some(Format::Json),
        _ => {}
    }
    out.err(&format!(
        "error: unable to match a printer suitable for the output format \"{v}\", allowed formats are: {ALLOWED_FORMATS}"
    ));
    None
}

/// The template printer the flags ask for (see [`printers::from_args`]) and the format the
/// objects are read in (a template printer reads them as `-o json` would).
fn printer_and_format(
    args: &Args,
    files: &dyn crate::console::Files,
    lang: crate::i18n::Lang,
    out: &mut Output,
) -> Option<(Option<printers::Printer>, Format)> {
    match printers::from_args(args, files) {
        Ok(Some(p)) => Some((Some(p), Format::Json)),
        Ok(None) => Some((None, format_of(args.value("output"), out)?)),
        Err(printers::FlagError::Kubectl(e)) => {
            out.err(&format!("error: {e}"));
            None
        }
        Err(printers::FlagError::Unsimulated(what)) => {
            out.err(
                &Msg::new("console.get.template_func")
                    .text(what)
                    .render(lang),
            );
            None
        }
    }
}

/// `kubectl get …`; `words` are everything after `get`.
pub fn run(ctx: &mut Ctx<'_>, words: &[String], out: &mut Output) -> Option<Box<dyn Job>> {
    let args = flags(words, "get", FLAGS, out)?;
    let (printer, format) = printer_and_format(&args, &*ctx.files, ctx.lang, out)?;
    let watch = args.bool("watch");
    let watch_only = args.bool("watch-only");
    let all_namespaces = args.bool("all-namespaces");
    let ns = namespace(&args);
    let selector = match Selector::parse(args.value("selector").unwrap_or("")) {
        Ok(s) => s,
        Err(e) => {
            out.err(&format!("error: {e}"));
            return None;
        }
    };
    let timeout = request_timeout(&args, out)?;
    let request = parse_request(&args.positional, out)?;
    if all_namespaces && request.targets.iter().any(|(_, n)| n.is_some()) {
        out.err("error: a resource cannot be retrieved by name across all namespaces");
        return None;
    }
    let view = View {
        format,
        all_namespaces,
        show_labels: args.bool("show-labels"),
        no_headers: args.bool("no-headers"),
        label_columns: label_columns(&args),
        with_kind: request.multi_type || args.bool("show-kind"),
    };
    if request.targets.iter().any(|(r, _)| *r == Res::Endpoints) {
        out.err(ENDPOINTS_WARNING);
    }
    let ns_filter = (!all_namespaces).then_some(ns.as_str());
    if watch || watch_only {
        let first = request.targets[0].0;
        if request.targets.iter().any(|(r, _)| *r != first) {
            out.err("error: you may only specify a single resource type");
            return None;
        }
        let names: Option<Vec<String>> = request
            .targets
            .iter()
            .map(|(_, n)| n.clone())
            .collect::<Option<Vec<_>>>();
        let w = watch::Watch::start(
            ctx.sim,
            watch::Spec {
                res: first,
                namespace: ns_filter.map(str::to_string),
                names,
                selector,
                view: View {
                    with_kind: false,
                    ..view
                },
                watch_only,
                timeout_ms: timeout,
                printer,
            },
            out,
        )?;
        return Some(Box::new(w));
    }
    let ignore_not_found = args.bool("ignore-not-found");
    let (mut found, errors) = resolve(
        ctx.sim,
        &request,
        &ns,
        ns_filter,
        &selector,
        ignore_not_found,
    );
    // One object asked for by name is no list: kubectl's sorting printer passes it through.
    if let Some(field) = args.value("sort-by").filter(|_| !request.single_item) {
        let table = matches!(view.format, Format::Table | Format::Wide) && printer.is_none();
        found = sort_found(ctx.sim, found, field, table)
            .map_err(|e| out.err(&format!("error: {e}")))
            .ok()?;
    }
    let no_errors = errors.is_empty();
    print_found(
        ctx.sim,
        &view,
        printer.as_ref(),
        &request,
        &found,
        no_errors,
        out,
    );
    if matches!(view.format, Format::Table | Format::Wide)
        && found.is_empty()
        && errors.is_empty()
        && !ignore_not_found
    {
        // "No resources found in <ns> namespace.", but without the namespace across all
        // namespaces or for cluster-scoped types (reference §9.1, which wins over `get.go`'s
        // empty-list corner of kubernetes/kubernetes#80855).
        let cluster_scoped = request.targets.iter().all(|(r, _)| !r.namespaced());
        if all_namespaces || cluster_scoped {
            out.err("No resources found");
        } else {
            out.err(&format!("No resources found in {ns} namespace."));
        }
    }
    for e in errors {
        out.err(&e);
    }
    None
}

/// `--request-timeout`: `Some(None)` without one (or `0`), `None` after an error for a value
/// kubectl cannot read.
fn request_timeout(args: &Args, out: &mut Output) -> Option<Option<u64>> {
    match args.value("request-timeout") {
        None => Some(None),
        Some(v) => match duration_ms(v) {
            Some(0) => Some(None),
            Some(ms) => Some(Some(ms)),
            None => {
                out.err("error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)");
                None
            }
        },
    }
}

/// `-L`: the label keys shown as extra columns, comma-separated or repeated.
fn label_columns(args: &Args) -> Vec<String> {
    args.values("label-columns")
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Every target resolved, in order: the objects found and the NotFound errors for the named
/// ones that are missing (none with `--ignore-not-found`).
fn resolve(
    sim: &Simulation,
    request: &Request,
    ns: &str,
    ns_filter: Option<&str>,
    selector: &Selector,
    ignore_not_found: bool,
) -> (Vec<Obj>, Vec<String>) {
    let mut found: Vec<Obj> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for (res, name) in &request.targets {
        match name {
            None => found.extend(
                rows::list(sim, *res, if res.namespaced() { ns_filter } else { None })
                    .into_iter()
                    .filter(|o| selector.matches(&o.labels)),
            ),
            Some(n) => match rows::find(sim, *res, ns, n) {
                Some(o) => found.push(o),
                None if ignore_not_found => {}
                None => errors.push(format!(
                    "Error from server (NotFound): {} \"{n}\" not found",
                    res.qualified()
                )),
            },
        }
    }
    (found, errors)
}

/// Prints the objects found in the view's format; one object asked for by name prints as
/// itself in yaml/json (unless there were errors), anything else as a `List`.
fn print_found(
    sim: &Simulation,
    view: &View,
    printer: Option<&printers::Printer>,
    request: &Request,
    found: &[Obj],
    no_errors: bool,
    out: &mut Output,
) {
    match view.format {
        Format::Table | Format::Wide => print_tables(sim, view, found, out),
        Format::Name => {
            for o in found {
                out.out(&name_of(o));
            }
        }
        Format::Yaml | Format::Json => {
            let values: Vec<serde_json::Value> = found
                .iter()
                .filter_map(|o| serial::object(sim, o))
                .collect();
            let printed = if request.single_item && values.len() == 1 && no_errors {
                values.into_iter().next()
            } else if request.single_item && values.is_empty() {
                None
            } else {
                Some(serial::list(values))
            };
            match (printed, printer) {
                (Some(v), Some(p)) => {
                    printers::print(&mut p.clone(), &v, out);
                }
                (Some(v), None) => print_value(&v, view.format, out),
                (None, _) => {}
            }
        }
    }
}

/// `--sort-by`: tables sort each run of one type (of two rows or more), other outputs the whole
/// list (`sorter.go`).
fn sort_found(
    sim: &Simulation,
    found: Vec<Obj>,
    field: &str,
    table: bool,
) -> Result<Vec<Obj>, String> {
    let mut runs: Vec<Vec<(Obj, serde_json::Value)>> = Vec::new();
    for o in found {
        let v = serial::object(sim, &o).unwrap_or(serde_json::Value::Null);
        match runs.last_mut() {
            Some(run) if table && run.last().is_some_and(|(p, _)| p.res == o.res) => {
                run.push((o, v));
            }
            Some(run) if !table => run.push((o, v)),
            _ => runs.push(vec![(o, v)]),
        }
    }
    let mut sorted = Vec::new();
    for mut run in runs {
        printers::sort_by(&mut run, field, if table { 2 } else { 1 })?;
        sorted.extend(run.into_iter().map(|(o, _)| o));
    }
    Ok(sorted)
}

/// Prints objects as tables: one per run of the same type, separated by a blank line.
fn print_tables(sim: &Simulation, view: &View, found: &[Obj], out: &mut Output) {
    let mut written = false;
    let mut i = 0;
    while i < found.len() {
        let res = found[i].res;
        let mut j = i;
        while j < found.len() && found[j].res == res {
            j += 1;
        }
        let mut all: Vec<Vec<String>> = Vec::new();
        if !view.no_headers {
            all.push(view.header(res));
        }
        all.extend(found[i..j].iter().filter_map(|o| view.row(sim, o)));
        if written && !view.no_headers {
            out.out("");
        }
        for line in RememberedWidths::new().flush(&all) {
            out.out(&line);
        }
        written = true;
        i = j;
    }
}

/// `-o yaml` / `-o json` of one value.
pub fn print_value(v: &serde_json::Value, format: Format, out: &mut Output) {
    match format {
        Format::Json => out.out(&serial::to_json(v)),
        _ => {
            let y = serial::to_yaml(v);
            out.out(y.strip_suffix('\n').unwrap_or(&y));
        }
    }
}
