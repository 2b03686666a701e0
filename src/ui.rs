//! The browser page: the manifest editor (with diagnostics and defaults), the animated cluster
//! scene with playback, events, DNS, traffic and explanations, the side-by-side comparison, and
//! the kubectl console.
//!
//! One shared thing through context: the [`store::Store`], a handle on the pure
//! [`crate::session::Session`]. Components call its intents and draw its view models; the
//! store tells them when what they draw changed. One component per file, each with its
//! `XxxProps` beside it. Nothing else in the crate depends on this module, and it reads the
//! engine only through the session and the view models.

pub mod app;
pub mod bench_hook;
pub mod browser;
pub mod compare_view;
pub mod console_panel;
pub mod diagnostic_list;
pub mod diagnostic_row;
pub mod diagnostics;
pub mod dns_panel;
pub mod editor;
pub mod embed;
pub mod embed_bridge;
pub mod embed_code;
pub mod event_list;
pub mod example_picker;
pub mod export;
pub mod file_tabs;
pub mod files_notice;
pub mod first;
pub mod gutter;
pub mod header;
pub mod lang_switch;
pub mod object_item;
pub mod object_items;
pub mod object_list;
pub mod offline;
pub mod playback;
pub mod saving;
pub mod scene_canvas;
mod scene_motion;
pub mod scene_shared;
pub mod scene_view;
pub mod share;
pub mod shortcuts;
pub mod stage;
pub mod store;
pub mod text_pos;
pub mod theme;
pub mod traffic_panel;
pub mod why_panel;

/// Takes over from the first module (see [`first`]), mounts the page on `<body>` and, for `?bench=validate`, schedules the in-page benchmark.
pub fn start() {
    first::take_over();
    yew::Renderer::<app::App>::new().render();
    bench_hook::schedule_if_requested();
}
