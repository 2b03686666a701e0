//! Embed mode: what a page opened as `?embed` (or `#…&embed`) shows and does, read from its
//! address, and the `<iframe>` snippet that opens the current session as such a figure. Also
//! the range of virtual time an embedded figure keeps its reader within ([`Window`]): seeking
//! stays inside it and playing stops at its end.
//!
//! Parameters (from the query and the fragment; the fragment's win):
//! `embed`, `panels=scene,console,…`, `autoplay`, `script=` (console lines, one per line),
//! `from=` / `to=` (ms, or seconds with an `s`), `lang=en|ko`, `theme=light|dark|system`,
//! `keep=NAME`. A value that cannot be read is left at its default.

use std::collections::BTreeMap;

use crate::engine::Time;
use crate::i18n::Lang;

use super::{Session, Theme};

/// The most script lines run at load, and the longest line kept.
pub const MAX_SCRIPT_LINES: usize = 64;
pub const MAX_LINE_CHARS: usize = 2_000;
/// The longest `keep=` name.
pub const MAX_KEEP_CHARS: usize = 40;

/// A part of the page an embed can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Panel {
    Scene,
    Console,
    Editor,
    Events,
    Dns,
    Traffic,
    Compare,
}

impl Panel {
    /// Every panel, in the order the snippet lists them.
    pub const ALL: [Panel; 7] = [
        Panel::Scene,
        Panel::Console,
        Panel::Editor,
        Panel::Events,
        Panel::Dns,
        Panel::Traffic,
        Panel::Compare,
    ];

    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Panel::Scene => "scene",
            Panel::Console => "console",
            Panel::Editor => "editor",
            Panel::Events => "events",
            Panel::Dns => "dns",
            Panel::Traffic => "traffic",
            Panel::Compare => "compare",
        }
    }

    #[must_use]
    pub fn from_id(id: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The panels of a `panels=` value (unknown names left out, each once, in the order
    /// [`Panel::ALL`] gives); none known: `None`.
    #[must_use]
    pub fn parse_list(list: &str) -> Option<Vec<Panel>> {
        let named: Vec<Panel> = list
            .split(',')
            .filter_map(|name| Panel::from_id(name.trim()))
            .collect();
        let panels: Vec<Panel> = Panel::ALL
            .into_iter()
            .filter(|p| named.contains(p))
            .collect();
        (!panels.is_empty()).then_some(panels)
    }
}

/// The panels an embed shows when it does not say.
pub const DEFAULT_PANELS: [Panel; 2] = [Panel::Scene, Panel::Console];

/// What the page's address asks of embed mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedConfig {
    /// The page is an embed.
    pub on: bool,
    /// The panels shown, in [`Panel::ALL`]'s order.
    pub panels: Vec<Panel>,
    /// Time runs from the load.
    pub autoplay: bool,
    /// Console lines run at load, in order.
    pub script: Vec<String>,
    /// The range of virtual time the reader stays within.
    pub window: Window,
    pub lang: Option<Lang>,
    pub theme: Option<Theme>,
    /// The name the embed keeps its files under across reloads; none: it keeps nothing.
    pub keep: Option<String>,
}

impl Default for EmbedConfig {
    fn default() -> EmbedConfig {
        EmbedConfig {
            on: false,
            panels: DEFAULT_PANELS.to_vec(),
            autoplay: false,
            script: Vec::new(),
            window: Window::default(),
            lang: None,
            theme: None,
            keep: None,
        }
    }
}

impl EmbedConfig {
    /// Reads the page's `location.search` (`?a=1&b`) and `location.hash` (`#s=…&embed`).
    #[must_use]
    pub fn parse(search: &str, hash: &str) -> EmbedConfig {
        let mut params = pairs(search.strip_prefix('?').unwrap_or(search));
        params.extend(pairs(hash.strip_prefix('#').unwrap_or(hash)));
        let get = |key: &str| params.get(key).map(String::as_str);
        let from = get("from").and_then(parse_ms);
        let to = get("to").and_then(parse_ms);
        EmbedConfig {
            on: get("embed").is_some_and(|v| !is_off(v)),
            panels: get("panels")
                .and_then(Panel::parse_list)
                .unwrap_or_else(|| DEFAULT_PANELS.to_vec()),
            autoplay: get("autoplay").is_some_and(|v| !is_off(v)),
            script: get("script").map(script_lines).unwrap_or_default(),
            window: Window::new(from, to),
            lang: get("lang").and_then(Lang::from_code),
            theme: get("theme").and_then(|v| match v {
                "light" | "dark" | "system" => Some(Theme::from_id(v)),
                _ => None,
            }),
            keep: get("keep").and_then(keep_name),
        }
    }

    /// Whether the embed shows `panel`.
    #[must_use]
    pub fn shows(&self, panel: Panel) -> bool {
        self.panels.contains(&panel)
    }

    /// The console lines to run at load. A script that uses the cluster before starting one
    /// is preceded by `minikube start` when no cluster runs yet (`booted` false), so that
    /// `script=kubectl apply -f statefulset.yaml` works as a figure's whole story.
    #[must_use]
    pub fn load_lines(&self, booted: bool) -> Vec<String> {
        let starts_itself = self
            .script
            .first()
            .is_some_and(|l| l.split_whitespace().next() == Some("minikube"));
        let needs_cluster = self
            .script
            .iter()
            .any(|l| l.split_whitespace().next() == Some("kubectl"));
        let mut lines = Vec::with_capacity(self.script.len() + 1);
        if !booted && needs_cluster && !starts_itself {
            lines.push("minikube start".to_string());
        }
        lines.extend(self.script.iter().cloned());
        lines
    }
}

/// A switch's value that means off (`autoplay=0`, `embed=false`).
fn is_off(value: &str) -> bool {
    matches!(value, "0" | "false" | "no" | "off")
}

/// `key=value` pairs of a query or fragment, both percent-decoded (a later key wins).
fn pairs(text: &str) -> BTreeMap<String, String> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// `text` with `%XX` bytes decoded and `+` as a space; a `%` not followed by two hex digits is
/// kept as it is, and bytes that are not UTF-8 become U+FFFD.
#[must_use]
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|c| char::from(*c).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `1500` (ms) or `20s` / `1.5s` (seconds) as ms; anything else (negative, not a number, past
/// a day of virtual time) `None`.
#[must_use]
pub fn parse_ms(value: &str) -> Option<u64> {
    const DAY_MS: f64 = 86_400_000.0;
    let value = value.trim();
    let (number, scale) = match value.strip_suffix('s') {
        Some(secs) if !secs.ends_with('m') => (secs, 1_000.0),
        _ => (value.strip_suffix("ms").unwrap_or(value), 1.0),
    };
    let n: f64 = number.trim().parse().ok()?;
    let ms = n * scale;
    if !ms.is_finite() || !(0.0..=DAY_MS).contains(&ms) {
        return None;
    }
    // In range and finite: the conversion is exact enough for a millisecond.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some(ms.round() as u64)
}

/// The lines of a `script=` value: one command a line, blank lines left out, bounded.
fn script_lines(script: &str) -> Vec<String> {
    script
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_SCRIPT_LINES)
        .map(|l| l.chars().take(MAX_LINE_CHARS).collect())
        .collect()
}

/// A `keep=` name: letters, digits, `-`, `_` and `.`, up to [`MAX_KEEP_CHARS`]; else `None`.
fn keep_name(name: &str) -> Option<String> {
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_KEEP_CHARS
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then(|| name.to_string())
}

/// A range of virtual time (ms): `from` to `to` (none: the present).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    pub from: u64,
    pub to: Option<u64>,
}

impl Window {
    /// The range `from`..`to`; one that ends before it starts is no range at all.
    #[must_use]
    pub fn new(from: Option<u64>, to: Option<u64>) -> Window {
        let from = from.unwrap_or(0);
        match to {
            Some(to) if to < from => Window::default(),
            _ => Window { from, to },
        }
    }

    /// `ms` kept within the range.
    #[must_use]
    pub fn clamp(self, ms: u64) -> u64 {
        let ms = ms.max(self.from);
        self.to.map_or(ms, |to| ms.min(to))
    }
}

impl Session {
    /// Keeps the reader within `from`..`to` (ms of virtual time): Seek clamps to it, playing
    /// pauses at `to`, and the playback bar's timeline spans only it. `None`, `None`: no range.
    pub fn set_window(&mut self, from: Option<u64>, to: Option<u64>) {
        self.window = Window::new(from, to);
        if self.window.to.is_some_and(|to| self.shown_ms() > to) {
            self.seek(Time(self.window.clamp(self.shown_ms())));
        }
    }

    /// The range of virtual time the reader stays within.
    #[must_use]
    pub fn window(&self) -> Window {
        self.window
    }

    /// The moment shown (ms).
    fn shown_ms(&self) -> u64 {
        self.viewed().unwrap_or_else(|| self.now()).ms()
    }

    /// The moment shown has reached the range's end.
    pub(crate) fn at_window_end(&self) -> bool {
        self.window.to.is_some_and(|to| self.shown_ms() >= to)
    }

    /// Of `virtual_ms` about to pass, what the range lets pass; reaching its end pauses.
    pub(crate) fn within_window(&mut self, virtual_ms: u64) -> u64 {
        let Some(to) = self.window.to else {
            return virtual_ms;
        };
        let left = to.saturating_sub(self.shown_ms());
        if virtual_ms >= left {
            self.playing = false;
            left
        } else {
            virtual_ms
        }
    }
}

/// How tall (CSS pixels) an embed of `panels` is drawn in the snippet.
#[must_use]
pub fn snippet_height(panels: &[Panel]) -> u32 {
    let has = |p: Panel| panels.contains(&p);
    let mut h = 0;
    if has(Panel::Scene) || has(Panel::Compare) {
        h += 360;
    }
    if has(Panel::Events) || has(Panel::Dns) || has(Panel::Traffic) {
        h += 200;
    }
    if has(Panel::Console) {
        h += 220;
    }
    if has(Panel::Editor) {
        h += 260;
    }
    h.clamp(240, 1_000)
}

/// The `<iframe>` that embeds the session whose share code is `code`, from the page at `base`
/// (its address without query or fragment), showing `panels` (in [`Panel::ALL`]'s order; none:
/// the default ones).
#[must_use]
pub fn embed_snippet(base: &str, panels: &[Panel], autoplay: bool, code: &str) -> String {
    let mut chosen: Vec<Panel> = Panel::ALL
        .into_iter()
        .filter(|p| panels.contains(p))
        .collect();
    if chosen.is_empty() {
        chosen = DEFAULT_PANELS.to_vec();
    }
    let list: Vec<&str> = chosen.iter().map(|p| p.id()).collect();
    let mut src = format!("{base}?embed&panels={}", list.join(","));
    if autoplay {
        src.push_str("&autoplay");
    }
    src.push_str("#s=");
    src.push_str(code);
    format!(
        "<iframe src=\"{}\" title=\"podplay\" width=\"100%\" height=\"{}\" loading=\"lazy\" style=\"border:0\"></iframe>",
        escape_attr(&src),
        snippet_height(&chosen)
    )
}

/// `text` safe inside a double-quoted HTML attribute.
#[must_use]
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

impl Session {
    /// The playback bar's timeline inside the range: it starts at the range's start, ends at
    /// its end (or the present, when sooner), and its thumb stays between them.
    pub(crate) fn window_timeline(
        &self,
        mut timeline: crate::view_model::playback::PlaybackView,
    ) -> crate::view_model::playback::PlaybackView {
        let w = self.window;
        if w == Window::default() {
            return timeline;
        }
        if let Some(to) = w.to {
            timeline.end_ms = timeline.end_ms.min(to);
        }
        timeline.start_ms = w.from.min(timeline.end_ms);
        timeline.at_ms = timeline.at_ms.clamp(timeline.start_ms, timeline.end_ms);
        timeline
    }
}
