//! The playground's state machine, driven by intents as the page drives it.

use podplay::examples;
use podplay::session::{Intent, Session, DEFAULT_SEED};

/// Runs the page's clock for `secs` seconds of wall time in 100 ms frames.
fn run_for(s: &mut Session, wall: &mut f64, secs: u64) {
    for _ in 0..secs * 10 {
        *wall += 100.0;
        s.dispatch(Intent::Advance(*wall));
    }
}

fn pods(s: &Session) -> Vec<(String, String)> {
    s.shown()
        .map(|sim| {
            sim.cluster()
                .pods
                .values()
                .map(|p| (p.meta.name.clone(), format!("{}", p.is_ready())))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn smoke_apply_branch_undo_restore() {
    let mut s = Session::new(&examples::all_together(), DEFAULT_SEED, 1.0);
    let mut wall = 0.0;
    s.dispatch(Intent::Advance(wall));
    s.dispatch(Intent::Apply);
    run_for(&mut s, &mut wall, 60);
    println!("now {:?} pods {:?}", s.now(), pods(&s));
    s.dispatch(Intent::Run(
        "kubectl exec web-0 -- sh -c 'echo hi > /usr/share/nginx/html/index.html'".into(),
    ));
    run_for(&mut s, &mut wall, 5);
    let now = s.now();
    s.dispatch(Intent::Seek(5_000));
    println!(
        "viewed {:?} pods {:?} pv {:?}",
        s.viewed(),
        pods(&s),
        s.playback_view()
    );
    s.dispatch(Intent::Play);
    run_for(&mut s, &mut wall, 80);
    println!(
        "after replay now {:?} {:?} viewed {:?} pods {:?}",
        now,
        s.now(),
        s.viewed(),
        pods(&s)
    );
    s.dispatch(Intent::Seek(5_000));
    s.dispatch(Intent::Run("kubectl get pods".into()));
    println!("{}", s.console_text());
    println!("{:?}", s.playback_view());
    s.dispatch(Intent::Undo);
    println!("{}", s.console_text());
    let json = s.save_json();
    println!("{json}");
    let r = Session::restore_json(&json, 1.0)
        .map_err(|e| e.render(podplay::i18n::Lang::En))
        .unwrap();
    assert_eq!(r.console_text(), s.console_text());
    assert_eq!(r.journal(), s.journal());
    assert_eq!(pods(&r), pods(&s));
}
