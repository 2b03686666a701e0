//! The page: restores the saved state, provides the store, debounces re-validation and saving.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::browser::{self, TEXT_KEY};
use super::console_panel::ConsolePanel;
use super::diagnostics::DiagnosticsPanel;
use super::editor::Editor;
use super::header::Header;
use super::object_list::ObjectList;
use super::store::{Action, Store, StoreHandle};
use crate::examples;

/// Quiet time after the last keystroke before the text is analyzed and saved.
pub const DEBOUNCE_MS: u32 = 150;

#[component]
pub fn App() -> Html {
    let store = use_reducer(|| {
        let text = browser::load(TEXT_KEY).unwrap_or_else(examples::all_together);
        Store::new(browser::initial_lang(), text)
    });

    use_effect_with(store.lang, |lang| browser::set_document_lang(*lang));

    {
        // Each text revision restarts the timer; dropping the previous `Timeout` (the effect's
        // cleanup) cancels it, so only a pause in typing reaches the analyzer.
        let dispatcher = store.dispatcher();
        let text = store.text.clone();
        use_effect_with(store.rev, move |&rev| {
            let timer = (rev > 0).then(|| {
                Timeout::new(DEBOUNCE_MS, move || {
                    browser::save(TEXT_KEY, &text);
                    dispatcher.dispatch(Action::Revalidate { rev });
                })
            });
            move || drop(timer)
        });
    }

    html! {
        <ContextProvider<StoreHandle> context={store}>
            <div class="app">
                <Header />
                <main class="workbench">
                    <Editor />
                    <div class="side">
                        <DiagnosticsPanel />
                        <ObjectList />
                    </div>
                </main>
                <ConsolePanel />
            </div>
        </ContextProvider<StoreHandle>>
    }
}
