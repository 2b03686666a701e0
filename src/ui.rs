//! The browser page: the manifest editor (with diagnostics and defaults), the animated cluster
//! scene with playback, events, DNS, traffic and explanations, the side-by-side comparison, and
//! the kubectl console.
//!
//! Two shared things through context: the [`store::Store`] (a Yew `Reducible`: text, language,
//! analysis) and the [`playground::Playground`] (console, cluster, clock, scene), which lives
//! outside Yew state and tells its subscribers when what they draw changed. One component per
//! file, each with its `XxxProps` beside it. Nothing else in the crate depends on this module.

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
pub mod event_list;
pub mod example_picker;
pub mod gutter;
pub mod header;
pub mod lang_switch;
pub mod object_item;
pub mod object_items;
pub mod object_list;
pub mod playback;
pub mod playground;
pub mod scene_canvas;
pub mod scene_shared;
pub mod scene_view;
pub mod shortcuts;
pub mod stage;
pub mod store;
pub mod text_pos;
pub mod theme;
pub mod traffic_panel;
pub mod why_panel;

use std::rc::Rc;

use yew::prelude::*;

use playground::{PlaygroundHandle, Topic};

/// The playground from context, re-rendering the caller whenever `topic` changed.
#[hook]
pub fn use_playground(topic: Topic) -> Option<PlaygroundHandle> {
    let pg = use_context::<PlaygroundHandle>();
    let force = use_force_update();
    {
        let pg = pg.clone();
        use_effect_with((), move |()| {
            let id = pg.as_ref().and_then(|pg| {
                let force = force.clone();
                pg.try_borrow_mut()
                    .ok()
                    .map(|mut p| p.subscribe(topic, Rc::new(move || force.force_update())))
            });
            move || {
                if let (Some(pg), Some(id)) = (pg, id) {
                    if let Ok(mut p) = pg.try_borrow_mut() {
                        p.unsubscribe(id);
                    }
                }
            }
        });
    }
    pg
}

/// Mounts the page on `<body>` and, for `?bench=validate`, schedules the in-page benchmark.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
    bench_hook::schedule_if_requested();
}
