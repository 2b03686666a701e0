//! The browser page: the manifest workbench (editor, diagnostics, objects with their defaults)
//! and the kubectl console beneath it.
//!
//! One store ([`store::Store`], a Yew `Reducible`) provided through context; one component per
//! file, each with its `XxxProps` beside it. Nothing else in the crate depends on this module.

pub mod app;
pub mod bench_hook;
pub mod browser;
pub mod console_panel;
pub mod console_screen;
pub mod diagnostic_list;
pub mod diagnostic_row;
pub mod diagnostics;
pub mod editor;
pub mod example_picker;
pub mod gutter;
pub mod header;
pub mod lang_switch;
pub mod object_item;
pub mod object_items;
pub mod object_list;
pub mod store;
pub mod text_pos;

/// Mounts the page on `<body>` and, for `?bench=validate`, schedules the in-page benchmark.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
    bench_hook::schedule_if_requested();
}
