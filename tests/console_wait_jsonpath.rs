//! `kubectl wait --for=jsonpath=…` (kubectl `pkg/cmd/wait`): the wait a learner of the MySQL +
//! WordPress tutorial uses for "it can take a few minutes for the PVs to be bound".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::console::{console_with, example};
use podplay::console::{Console, Stream};

fn cluster() -> Console {
    console_with(
        "minikube start",
        &[(
            "mysql-deployment.yaml",
            example("wordpress-mysql-deployment.yaml"),
        )],
    )
}

/// (stdout, stderr) of a line run to its end (waits included).
fn all(c: &mut Console, line: &str) -> (String, String) {
    let mut o = c.submit(line);
    o.extend(c.finish());
    let pick = |s: Stream| -> String {
        o.lines
            .iter()
            .filter(|l| l.stream == s)
            .map(|l| format!("{}\n", l.text))
            .collect()
    };
    (pick(Stream::Out), pick(Stream::Err))
}

#[test]
fn a_claim_is_waited_for_until_its_phase_is_bound() {
    let mut c = cluster();
    all(&mut c, "kubectl apply -f mysql-deployment.yaml");
    // Just applied: the hostpath provisioner has not made the volume yet.
    let (o, _) = all(
        &mut c,
        "kubectl get pvc mysql-pv-claim -o jsonpath='{.status.phase}'",
    );
    assert_eq!(o, "Pending\n");
    assert_eq!(
        all(
            &mut c,
            "kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc --all --timeout=120s"
        ),
        (
            "persistentvolumeclaim/mysql-pv-claim condition met\n".to_string(),
            String::new()
        )
    );
    let (o, _) = all(
        &mut c,
        "kubectl get pvc mysql-pv-claim -o jsonpath='{.status.phase}'",
    );
    assert_eq!(o, "Bound\n");
    // Without a value: any value found meets it; the relaxed form `.status.phase` is read too.
    assert_eq!(
        all(
            &mut c,
            "kubectl wait --for=jsonpath=.status.phase pvc/mysql-pv-claim"
        )
        .0,
        "persistentvolumeclaim/mysql-pv-claim condition met\n"
    );
    // A value never reached: the timeout's error.
    assert_eq!(
        all(
            &mut c,
            "kubectl wait --for=jsonpath='{.status.phase}'=Lost pvc/mysql-pv-claim --timeout=2s"
        ),
        (
            String::new(),
            "error: timed out waiting for the condition on persistentvolumeclaims/mysql-pv-claim\n"
                .to_string()
        )
    );
}

#[test]
fn a_filter_keeps_its_double_equals_and_bad_conditions_get_kubectls_errors() {
    let mut c = cluster();
    all(&mut c, "kubectl apply -f mysql-deployment.yaml");
    assert_eq!(
        all(
            &mut c,
            "kubectl wait --for='jsonpath={.spec.accessModes[?(@==\"ReadWriteOnce\")]}'=ReadWriteOnce pvc/mysql-pv-claim"
        )
        .0,
        "persistentvolumeclaim/mysql-pv-claim condition met\n"
    );
    for (line, err) in [
        (
            "kubectl wait --for=jsonpath='{.status}'=x pvc/mysql-pv-claim",
            "error: jsonpath leads to a nested object or list which is not supported\n",
        ),
        (
            "kubectl wait --for=jsonpath='{.status.phase}'= pvc/mysql-pv-claim",
            "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3\n",
        ),
        (
            "kubectl wait --for=jsonpath='{.status.phase}'=a=b pvc/mysql-pv-claim",
            "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'\n",
        ),
        (
            "kubectl wait --for=jsonpath= pvc/mysql-pv-claim",
            "error: jsonpath expression cannot be empty\n",
        ),
        (
            "kubectl wait --for=phase=Bound pvc/mysql-pv-claim",
            "error: unrecognized condition: \"phase=Bound\"\n",
        ),
    ] {
        assert_eq!(all(&mut c, line), (String::new(), err.to_string()), "{line}");
    }
}

#[test]
fn objects_are_waited_for_one_after_another_in_the_order_named() {
    let mut c = console_with(
        "minikube start",
        &[
            (
                "mysql-deployment.yaml",
                example("wordpress-mysql-deployment.yaml"),
            ),
            (
                "wordpress-deployment.yaml",
                example("wordpress-deployment.yaml"),
            ),
        ],
    );
    all(&mut c, "kubectl apply -f mysql-deployment.yaml");
    all(&mut c, "kubectl apply -f wordpress-deployment.yaml");
    all(
        &mut c,
        "kubectl wait --for=jsonpath='{.metadata.labels.step}'=done pvc/mysql-pv-claim pvc/wp-pv-claim &",
    );
    // The second is met first: kubectl is still waiting on the first, so nothing prints.
    assert_eq!(
        all(&mut c, "kubectl label pvc wp-pv-claim step=done; sleep 1"),
        (
            "persistentvolumeclaim/wp-pv-claim labeled\n".to_string(),
            String::new()
        )
    );
    // Then both, in the order they were named.
    assert_eq!(
        all(
            &mut c,
            "kubectl label pvc mysql-pv-claim step=done; sleep 1"
        )
        .0,
        "persistentvolumeclaim/mysql-pv-claim labeled\n\
         persistentvolumeclaim/mysql-pv-claim condition met\n\
         persistentvolumeclaim/wp-pv-claim condition met\n"
    );
}
