//! What the fuzzer throws its inputs at: YAML parse + validate, console lines on a booted
//! cluster, the container shell, and the share-link decoder (with the restore a link starts).
//! Each run returns what the input was, and its result or error message.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::gen::{self, Gen};
use crate::console::{Console, Files};
use crate::engine::{Simulation, Time};
use crate::i18n::Lang;
use crate::manifest::{analyze, analyze_files, FileBytes};
use crate::session::journal::{Action, Entry};
use crate::session::save::Saved;
use crate::session::share;
use crate::session::Session;

/// The four targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Yaml,
    Console,
    Shell,
    Share,
}

impl Target {
    pub const ALL: [Target; 4] = [Target::Yaml, Target::Console, Target::Shell, Target::Share];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Target::Yaml => "yaml",
            Target::Console => "console",
            Target::Shell => "shell",
            Target::Share => "share",
        }
    }

    #[must_use]
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The target of seed `seed` in a run over all of them: a cycle of 64 seeds, most of them
    /// YAML (by far the cheapest), so that an hour on two threads holds ten million inputs.
    #[must_use]
    pub fn of_seed(seed: u64) -> Target {
        match seed % 64 {
            0..=55 => Target::Yaml,
            56..=59 => Target::Console,
            60 | 61 => Target::Shell,
            _ => Target::Share,
        }
    }
}

/// One input's text (for `--print` and reports) and how it ended.
pub struct Run {
    pub input: String,
    /// `Ok(result)` or `Err(message)`: both are answers.
    pub answer: Result<String, String>,
    /// An input that got no answer (a console left busy, an empty error message).
    pub unanswered: Option<String>,
}

/// Virtual time one console line may run before it is interrupted (Ctrl-C).
pub const LINE_CAP_MS: u64 = 60_000;

/// The manifests inputs are made from, and the booted clusters they run against (built once
/// per thread).
pub struct Base {
    manifests: Rc<BTreeMap<String, String>>,
    texts: Vec<String>,
    cluster: Simulation,
    records: Vec<Saved>,
}

/// The fuzzer's documents: the corpus by file name (read-only, shared by every input's console).
struct Docs(Rc<BTreeMap<String, String>>);

impl Files for Docs {
    fn read(&self, name: &str) -> Result<String, String> {
        let name = name.strip_prefix("./").unwrap_or(name);
        self.0
            .get(name)
            .cloned()
            .ok_or_else(|| crate::console::reason::NOT_FOUND.to_string())
    }

    fn names(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}

impl Base {
    /// `corpus`: real manifests by file name. Boots the cluster inputs start from (`web.yaml`'s
    /// StatefulSet when the corpus has it, its pods Ready) and records share links are made from.
    #[must_use]
    pub fn new(corpus: &BTreeMap<String, String>, seed_record: Option<Saved>) -> Base {
        let manifests = Rc::new(corpus.clone());
        let mut c = Console::new(
            crate::console::DEFAULT_SEED,
            Box::new(Docs(manifests.clone())),
        );
        for line in ["minikube start", "kubectl apply -f web.yaml"] {
            let _ = c.submit(line);
            let _ = c.finish();
        }
        let ready = c.sim().map_or(Time::ZERO, Simulation::now).plus_ms(30_000);
        let _ = c.idle_until(ready);
        let cluster = c
            .take_sim()
            .unwrap_or_else(|| Simulation::new(crate::engine::Config::minikube(1)));
        let mut records: Vec<Saved> = seed_record.into_iter().collect();
        let mut s = Session::new(&crate::examples::all_together(), 7, 1.0);
        s.dispatch(crate::session::Intent::Advance(0.0));
        s.dispatch(crate::session::Intent::Apply);
        s.dispatch(crate::session::Intent::Run("kubectl get pods".to_string()));
        records.push(s.save());
        Base {
            texts: corpus.values().cloned().collect(),
            manifests,
            cluster,
            records,
        }
    }

    fn console(&self) -> Console {
        let mut c = Console::new(
            crate::console::DEFAULT_SEED,
            Box::new(Docs(self.manifests.clone())),
        );
        c.replace_sim(self.cluster.clone());
        c
    }

    fn manifest(&self, g: &mut Gen) -> String {
        self.texts
            .get(g.below(self.texts.len()))
            .cloned()
            .unwrap_or_default()
    }

    /// Input `seed` of `target`.
    pub fn make(&self, target: Target, seed: u64) -> Input {
        let mut g = Gen::new(seed, target.name());
        let g = &mut g;
        match target {
            Target::Yaml => match g.below(3) {
                0 => Input::Bytes(gen::random_bytes(g)),
                1 => {
                    let m = self.manifest(g);
                    let mut text = gen::mutate_manifest(g, &m);
                    if g.chance(1, 4) {
                        text.push_str("\n---\n");
                        let m = self.manifest(g);
                        text.push_str(&gen::mutate_manifest(g, &m));
                    }
                    Input::Yaml(text)
                }
                _ => Input::Yaml(gen::k8s_yaml(g)),
            },
            Target::Console => {
                let file = g.chance(1, 3).then(|| gen::k8s_yaml(g));
                Input::Lines(file, gen::console_lines(g, &self.texts))
            }
            Target::Shell => Input::Lines(None, gen::shell_lines(g)),
            Target::Share => Input::Code(self.share_code(g)),
        }
    }

    /// Runs `input`: its result or error message.
    pub fn exec(&self, input: &Input) -> Run {
        match input {
            Input::Bytes(bytes) => yaml_run(
                String::from_utf8_lossy(bytes).into_owned(),
                &analyze_files(&[FileBytes::new("fuzz.yaml", bytes)]),
            ),
            Input::Yaml(text) => yaml_run(text.clone(), &analyze(text)),
            Input::Lines(file, lines) => {
                let mut c = self.console();
                if let Some(text) = file {
                    c.files_mut().write("fuzz.yaml", text);
                }
                run_lines(c, lines)
            }
            Input::Code(code) => share_run(code),
        }
    }

    fn share_code(&self, g: &mut Gen) -> String {
        match g.below(4) {
            0 => gen::random_code(g),
            1 => {
                let base = self.records.get(g.below(self.records.len()));
                let code = base.map(share::encode).unwrap_or_default();
                gen::mutate_code(g, &code)
            }
            _ => {
                let record = self.records.get(g.below(self.records.len()));
                let json = record
                    .map(|r| hostile_record(g, r, &self.texts))
                    .unwrap_or_default();
                share::encode_bytes(json.as_bytes())
            }
        }
    }
}

/// One input.
pub enum Input {
    /// Bytes for `podplay validate`'s reader.
    Bytes(Vec<u8>),
    /// Text for the editor's validator.
    Yaml(String),
    /// Console lines, with a `fuzz.yaml` written first when there is one.
    Lines(Option<String>, Vec<String>),
    /// A share link's text.
    Code(String),
}

impl Input {
    /// The input as text, for reports.
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Input::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Input::Yaml(t) | Input::Code(t) => t.clone(),
            Input::Lines(file, lines) => {
                let mut t = String::new();
                if let Some(f) = file {
                    t = format!("# fuzz.yaml:\n{f}\n# lines:\n");
                }
                t.push_str(&lines.join("\n"));
                t
            }
        }
    }
}

fn yaml_run(input: String, analysis: &crate::manifest::Analysis) -> Run {
    // Every message renders in both languages.
    let mut first = String::new();
    for d in &analysis.diagnostics {
        let en = d.msg.render(Lang::En);
        let _ = d.msg.render(Lang::Ko);
        if first.is_empty() {
            first = format!("{}:{}: {en}", d.pos.line, d.pos.col);
        }
    }
    let answer = if analysis.n_errors() > 0 {
        Err(first)
    } else {
        Ok(format!(
            "{} objects, {} warnings",
            analysis.objects.len(),
            analysis.n_warnings()
        ))
    };
    Run {
        input,
        answer,
        unanswered: None,
    }
}

fn share_run(code: &str) -> Run {
    let answer = match share::decode(code) {
        Err(m) => Err(m.render(Lang::En)),
        Ok(saved) => match Session::restore(&saved, 1.0) {
            Err(m) => Err(m.render(Lang::En)),
            Ok(mut s) => {
                // The page draws it and its clock runs on.
                s.dispatch(crate::session::Intent::Advance(16.0));
                let _ = s.scene();
                Ok(format!("restored at {} ms", s.now().ms()))
            }
        },
    };
    let unanswered = match &answer {
        Err(m) if m.trim().is_empty() => Some("an empty error message".to_string()),
        _ => None,
    };
    Run {
        input: code.to_string(),
        answer,
        unanswered,
    }
}
/// A record's JSON with hostile changes: actions added (console lines, Applies of generated
/// manifests, huge request counts and times), numbers at their edges, fields of other types.
fn hostile_record(g: &mut Gen, base: &Saved, texts: &[String]) -> String {
    let mut r = base.clone();
    for _ in 0..g.len(6) {
        let t = if g.chance(1, 2) {
            r.actions
                .last()
                .map_or(0, |e| e.t)
                .saturating_add(g.below(60_000) as u64)
        } else {
            gen::edge_number(g)
        };
        let action = match g.below(12) {
            0..=2 => Action::Run(gen::console_lines(g, texts).join("\n")),
            3 => Action::Apply(gen::k8s_yaml(g)),
            4 => Action::Requests {
                client: gen::word(g),
                target: g.pick(&["nginx", "web", "my-nginx-svc", ""]).to_string(),
                n: gen::edge_number(g) as u32,
            },
            5 => Action::Branch(gen::edge_number(g)),
            6 => Action::Undo,
            7 => Action::CompareOpen,
            8 => Action::CompareBranch(gen::edge_number(g)),
            9 => Action::OpenTerminal,
            10 => Action::CloseTerminal(gen::edge_number(g) as u32),
            _ => Action::Interrupt(gen::word(g)),
        };
        let term = g.chance(1, 4).then(|| g.below(4) as u32);
        let at = g.below(r.actions.len() + 1);
        r.actions
            .insert(at.min(r.actions.len()), Entry { t, term, action });
    }
    match g.below(6) {
        0 => r.now = gen::edge_number(g),
        1 => r.view = Some(gen::edge_number(g)),
        2 => r.active = gen::edge_number(g) as usize,
        3 => r.ui.speed = [0.0, -1.0, 1e300, f64::MIN_POSITIVE][g.below(4) % 4],
        4 => r.compare_now = Some(gen::edge_number(g)),
        _ => r.pending = gen::console_lines(g, texts),
    }
    let mut value = serde_json::to_value(&r).unwrap_or_default();
    if g.chance(1, 3) {
        // One field of any type in place of what was there.
        if let serde_json::Value::Object(fields) = &mut value {
            let keys: Vec<String> = fields.keys().cloned().collect();
            if let Some(k) = keys.get(g.below(keys.len())) {
                fields.insert(k.clone(), gen::json_value(g, 3));
            }
        }
    }
    value.to_string()
}

/// Runs `lines` in `c` as typed one after another, each within [`LINE_CAP_MS`] of virtual
/// time (then Ctrl-C), with completion asked for each; returns everything printed.
fn run_lines(mut c: Console, lines: &[String]) -> Run {
    let mut text = String::new();
    for line in lines {
        let _ = c.complete(line);
        text.push_str(&c.submit(line).text());
        let now = c.sim().map_or(Time::ZERO, Simulation::now);
        let cap = now.plus_ms(LINE_CAP_MS);
        for _ in 0..8 {
            if !c.is_busy() || c.sim().is_some_and(|s| s.now() >= cap) {
                break;
            }
            text.push_str(&c.pump(cap).text());
        }
        if c.is_busy() {
            text.push_str(&c.interrupt().text());
        }
        let now = c.sim().map_or(Time::ZERO, Simulation::now);
        text.push_str(&c.idle_until(now.plus_ms(1_000)).text());
    }
    text.push_str(&c.end_of_input().text());
    let unanswered = if c.is_busy() {
        Some("the console is still busy after Ctrl-C".to_string())
    } else if c.prompt().is_empty() {
        Some("no prompt".to_string())
    } else {
        None
    };
    Run {
        input: lines.join("\n"),
        answer: Ok(text),
        unanswered,
    }
}
