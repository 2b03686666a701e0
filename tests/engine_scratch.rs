#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use podplay::engine::*;
use podplay::i18n::Lang;
use podplay::manifest;

#[test]
fn scratch() {
    let mut sim = Simulation::new(Config::minikube(1).with_invariants());
    println!("booted at {}", sim.now());
    let text = podplay::examples::all_together();
    let objs: Vec<_> = manifest::analyze(&text)
        .objects
        .into_iter()
        .map(|o| o.resource)
        .collect();
    let out = sim.exec(Command::Apply {
        objects: objs,
        mode: ApplyMode::Apply,
    });
    println!("{out:?}");
    let r = sim.run_until_idle(600_000, 100_000);
    println!("{r:?} now {}", sim.now());
    for e in sim.trace().iter() {
        println!(
            "{} {:?} {} {:?} {}",
            e.time,
            e.object.kind,
            e.object.key,
            e.change,
            e.reason.render(Lang::En)
        );
    }
    for p in sim.cluster().pods.values() {
        println!("{} {:?} {:?}", p.meta.name, p.status.stage, p.status.ip);
    }
    println!("{:#?}", sim.violations());
    assert!(sim.violations().is_empty());
}
