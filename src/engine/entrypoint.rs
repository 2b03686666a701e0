//! What an image's entrypoint does when its container starts, as far as a learner can see it
//! from outside: the files it writes (configuration generated from its flags, an id file on
//! the data volume) and the processes it leaves running (`ps`, `pkill`). Which entrypoint an
//! image has is a column of its row in [`super::images::IMAGES`].

use super::cluster::Pod;
use super::images::{self, Entrypoint};
use super::network::dns;
use super::time::{civil, Time};

/// One process in the container, as `ps` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    pub pid: u32,
    pub ppid: u32,
    /// The command name (`comm`, what `pkill` matches).
    pub comm: String,
    /// The full command line.
    pub cmd: String,
}

/// The files the entrypoint writes at start, as (absolute path, contents).
#[must_use]
pub fn files(pod: &Pod) -> Vec<(String, String)> {
    match images::traits(pod.image()).entrypoint {
        Entrypoint::Plain => Vec::new(),
        Entrypoint::StartZookeeper => zookeeper_files(pod),
    }
}

/// The container's processes: PID 1 is the container's command (its `command` and `args`
/// joined as `ps` shows them), then what the entrypoint started.
#[must_use]
pub fn processes(pod: &Pod) -> Vec<Process> {
    let Some(c) = pod.spec.containers.first() else {
        return Vec::new();
    };
    let argv: Vec<&str> = c
        .command
        .iter()
        .chain(c.args.iter())
        .map(String::as_str)
        .collect();
    let cmd = if argv.is_empty() {
        images::traits(pod.image())
            .default_cmd
            .unwrap_or("sh")
            .to_string()
    } else {
        argv.join(" ")
    };
    let comm = cmd
        .split_whitespace()
        .next()
        .map(|p| p.rsplit('/').next().unwrap_or(p).to_string())
        .unwrap_or_default();
    let mut out = vec![Process {
        pid: 1,
        ppid: 0,
        comm,
        cmd,
    }];
    if images::traits(pod.image()).entrypoint == Entrypoint::StartZookeeper {
        // `start-zookeeper` runs as PID 1's child and ends in `exec zkServer.sh
        // start-foreground`, which execs the JVM: the JVM keeps that child's PID.
        out.push(Process {
            pid: ZK_JAVA_PID,
            ppid: 1,
            comm: "java".to_string(),
            cmd: zookeeper_java(&ZkFlags::of(pod)),
        });
    }
    out
}

/// The PID of the ZooKeeper JVM (PID 1's first child; the shell's own subshells came later).
const ZK_JAVA_PID: u32 = 7;

/// The user a container runs as (`securityContext.runAsUser` of the container, else of the
/// pod; root without either) and its name in the image's `/etc/passwd` (the uid itself when
/// the image has no such account).
#[must_use]
pub fn user(pod: &Pod) -> (i64, String) {
    let uid_of = |v: &Option<serde_json::Value>| {
        v.as_ref()
            .and_then(|s| s.get("runAsUser"))
            .and_then(serde_json::Value::as_i64)
    };
    let uid = pod
        .spec
        .containers
        .first()
        .and_then(|c| uid_of(&c.security_context))
        .or_else(|| uid_of(&pod.spec.security_context))
        .unwrap_or(0);
    if uid == 0 {
        return (0, "root".to_string());
    }
    let name = images::traits(pod.image())
        .users
        .iter()
        .find(|(u, _)| i64::from(*u) == uid)
        .map_or_else(|| uid.to_string(), |(_, n)| (*n).to_string());
    (uid, name)
}

/// The flags `start-zookeeper` reads, with its defaults (kow3ns/kubernetes-zookeeper
/// docker/scripts/start-zookeeper, the script of `kubernetes-zookeeper:1.0-3.4.10`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ZkFlags {
    servers: u32,
    data_dir: String,
    data_log_dir: String,
    conf_dir: String,
    client_port: String,
    election_port: String,
    server_port: String,
    tick_time: u64,
    init_limit: String,
    sync_limit: String,
    heap: String,
    max_client_cnxns: String,
    snap_retain_count: String,
    purge_interval: String,
    min_session_timeout: Option<String>,
    max_session_timeout: Option<String>,
    log_level: String,
}

impl ZkFlags {
    fn defaults() -> ZkFlags {
        ZkFlags {
            servers: 1,
            data_dir: "/var/lib/zookeeper/data".into(),
            data_log_dir: "/var/lib/zookeeper/log".into(),
            conf_dir: "/opt/zookeeper/conf".into(),
            client_port: "2181".into(),
            election_port: "3888".into(),
            server_port: "2888".into(),
            tick_time: 2000,
            init_limit: "10".into(),
            sync_limit: "5".into(),
            heap: "2G".into(),
            max_client_cnxns: "60".into(),
            snap_retain_count: "3".into(),
            purge_interval: "0".into(),
            min_session_timeout: None,
            max_session_timeout: None,
            log_level: "INFO".into(),
        }
    }

    /// The `--name=value` words of the container's command line (a `sh -c` script's words
    /// included), later ones winning, as the script's getopts loop reads them.
    fn of(pod: &Pod) -> ZkFlags {
        let mut f = ZkFlags::defaults();
        let Some(c) = pod.spec.containers.first() else {
            return f;
        };
        let words = c
            .command
            .iter()
            .chain(c.args.iter())
            .flat_map(|w| w.split_whitespace());
        for w in words {
            let Some((name, value)) = w.strip_prefix("--").and_then(|w| w.split_once('=')) else {
                continue;
            };
            let v = value.to_string();
            match name {
                "servers" => f.servers = value.parse().unwrap_or(f.servers),
                "data_dir" => f.data_dir = v,
                "data_log_dir" => f.data_log_dir = v,
                "conf_dir" => f.conf_dir = v,
                "client_port" => f.client_port = v,
                "election_port" => f.election_port = v,
                "server_port" => f.server_port = v,
                "tick_time" => f.tick_time = value.parse().unwrap_or(f.tick_time),
                "init_limit" => f.init_limit = v,
                "sync_limit" => f.sync_limit = v,
                "heap" => f.heap = v,
                "max_client_cnxns" => f.max_client_cnxns = v,
                "snap_retain_count" => f.snap_retain_count = v,
                "purge_interval" => f.purge_interval = v,
                "min_session_timeout" => f.min_session_timeout = Some(v),
                "max_session_timeout" => f.max_session_timeout = Some(v),
                "log_level" => f.log_level = v,
                _ => {}
            }
        }
        f
    }
}

/// `hostname -s` split as the script does (`(.*)-([0-9]+)$`): the set's name and the ordinal.
fn name_and_ordinal(host: &str) -> Option<(&str, u32)> {
    let (name, ord) = host.rsplit_once('-')?;
    let n = ord.parse().ok().filter(|_| !ord.is_empty())?;
    Some((name, n))
}

/// `hostname -d`: the pod's subdomain under its namespace's service domain (empty without one).
fn domain(pod: &Pod) -> String {
    match pod.spec.subdomain.as_deref().filter(|s| !s.is_empty()) {
        Some(sub) => format!("{sub}.{}.svc.{}", pod.meta.namespace, dns::ZONE),
        None => String::new(),
    }
}

/// `create_config`, `create_jvm_props`, `create_log_props` and `create_data_dirs` of the script.
fn zookeeper_files(pod: &Pod) -> Vec<(String, String)> {
    let f = ZkFlags::of(pod);
    let host = pod
        .spec
        .hostname
        .clone()
        .unwrap_or_else(|| pod.meta.name.clone());
    // The script exits before writing anything when the hostname has no ordinal.
    let Some((name, ord)) = name_and_ordinal(&host) else {
        return Vec::new();
    };
    let min = f
        .min_session_timeout
        .clone()
        .unwrap_or_else(|| format!(" {}", f.tick_time * 2));
    let max = f
        .max_session_timeout
        .clone()
        .unwrap_or_else(|| format!(" {}", f.tick_time * 20));
    let mut cfg = format!(
        "#This file was autogenerated DO NOT EDIT\nclientPort={}\ndataDir={}\ndataLogDir={}\ntickTime={}\ninitLimit={}\nsyncLimit={}\nmaxClientCnxns={}\nminSessionTimeout={min}\nmaxSessionTimeout={max}\nautopurge.snapRetainCount={}\nautopurge.purgeInteval={}\n",
        f.client_port,
        f.data_dir,
        f.data_log_dir,
        f.tick_time,
        f.init_limit,
        f.sync_limit,
        f.max_client_cnxns,
        f.snap_retain_count,
        f.purge_interval,
    );
    if f.servers > 1 {
        let dom = domain(pod);
        for i in 1..=f.servers {
            cfg.push_str(&format!(
                "server.{i}={name}-{}.{dom}:{}:{}\n",
                i - 1,
                f.server_port,
                f.election_port
            ));
        }
    }
    let conf = f.conf_dir.trim_end_matches('/');
    let mut out = vec![
        (format!("{conf}/zoo.cfg"), cfg),
        (
            format!("{conf}/java.env"),
            format!(
                "ZOO_LOG_DIR=/var/log/zookeeper\nJVMFLAGS=\"-Xmx{0} -Xms{0}\"\n",
                f.heap
            ),
        ),
        (
            format!("{conf}/log4j.properties"),
            format!("zookeeper.root.logger=CONSOLE\nzookeeper.console.threshold={}\nlog4j.rootLogger=${{zookeeper.root.logger}}\nlog4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender\nlog4j.appender.CONSOLE.Threshold=${{zookeeper.console.threshold}}\nlog4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout\nlog4j.appender.CONSOLE.layout.ConversionPattern=%d{{ISO8601}} [myid:%X{{myid}}] - %-5p [%t:%C{{1}}@%L] - %m%n\n", f.log_level),
        ),
    ];
    // The image links /opt/zookeeper/conf/ as /usr/etc/zookeeper (its Dockerfile), so the
    // files are read under both names.
    if conf == "/opt/zookeeper/conf" {
        let linked: Vec<(String, String)> = out
            .iter()
            .map(|(p, t)| (p.replacen(conf, "/usr/etc/zookeeper", 1), t.clone()))
            .collect();
        out.extend(linked);
    }
    // `create_data_dirs`: the data and log directories (a path ending in `/` is a directory).
    out.push((
        format!("{}/", f.data_log_dir.trim_end_matches('/')),
        String::new(),
    ));
    out.push(("/var/log/zookeeper/".to_string(), String::new()));
    if f.servers > 1 {
        out.push((
            format!("{}/myid", f.data_dir.trim_end_matches('/')),
            format!("{}\n", ord + 1),
        ));
    }
    out
}

/// The JVM's command line as `zkServer.sh start-foreground` builds it (ZooKeeper 3.4.10's
/// bin/zkServer.sh and bin/zkEnv.sh: the classpath of the jars in the distribution, the heap
/// from java.env, the config file by the script's relative path).
fn zookeeper_java(f: &ZkFlags) -> String {
    let lib = "/opt/zookeeper/bin/../lib";
    format!(
        "/usr/lib/jvm/java-8-openjdk-amd64/bin/java -Dzookeeper.log.dir=/var/log/zookeeper -Dzookeeper.root.logger=INFO,CONSOLE -cp /opt/zookeeper/bin/../build/classes:/opt/zookeeper/bin/../build/lib/*.jar:{lib}/slf4j-log4j12-1.6.1.jar:{lib}/slf4j-api-1.6.1.jar:{lib}/netty-3.10.5.Final.jar:{lib}/log4j-1.2.16.jar:{lib}/jline-0.9.94.jar:/opt/zookeeper/bin/../zookeeper-3.4.10.jar:/opt/zookeeper/bin/../src/java/lib/*.jar:/opt/zookeeper/bin/../conf: -Xmx{0} -Xms{0} -Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.local.only=false org.apache.zookeeper.server.quorum.QuorumPeerMain /opt/zookeeper/bin/../conf/zoo.cfg",
        f.heap
    )
}

/// What the container has written to stdout and stderr by `now` (`kubectl logs`), for the
/// entrypoints that log; `None` for the others.
#[must_use]
pub fn logs(pod: &Pod, now: Time, epoch_unix_s: i64) -> Option<Vec<String>> {
    if images::traits(pod.image()).entrypoint != Entrypoint::StartZookeeper {
        return None;
    }
    let started = pod.status.started_at?;
    let stamp = |t: Time| {
        let ms = t.ms();
        let unix = epoch_unix_s + i64::try_from(ms / 1000).unwrap_or(0);
        let (y, mo, d, h, mi, s) = civil(unix);
        format!(
            "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02},{:03}",
            ms % 1000
        )
    };
    let files = zookeeper_files(pod);
    let f = ZkFlags::of(pod);
    // `create_config` prints the config on stderr, `create_log_props` announces itself.
    let mut out: Vec<String> = files
        .iter()
        .find(|(p, _)| p.ends_with("/zoo.cfg"))
        .map(|(_, t)| t.lines().map(str::to_string).collect())
        .unwrap_or_default();
    out.push("Creating ZooKeeper log4j configuration".to_string());
    let myid = files
        .iter()
        .find(|(p, _)| p.ends_with("/myid"))
        .map_or(String::new(), |(_, t)| t.trim().to_string());
    let boot = started.plus_ms(400);
    out.push(format!("{} [myid:] - INFO  [main:QuorumPeerConfig@124] - Reading configuration from: /opt/zookeeper/bin/../conf/zoo.cfg", stamp(boot)));
    out.push(format!(
        "{} [myid:{myid}] - INFO  [main:QuorumPeerMain@127] - Starting quorum peer",
        stamp(boot.plus_ms(250))
    ));
    // Each exec probe runs `zookeeper-ready`, whose `ruok` the server logs in three lines;
    // readiness and liveness each probe every period after their initial delay.
    let probes: Vec<u64> = pod
        .spec
        .containers
        .first()
        .map(|c| {
            [c.readiness_probe.as_ref(), c.liveness_probe.as_ref()]
                .into_iter()
                .flatten()
                .map(|p| u64::try_from(p.initial_delay_seconds.unwrap_or(0).max(0)).unwrap_or(0))
                .collect()
        })
        .unwrap_or_default();
    let mut runs: Vec<Time> = Vec::new();
    for (i, delay_s) in probes.iter().enumerate() {
        let mut t = started.plus_ms(delay_s * 1000 + 150 + 70 * i as u64);
        while t <= now && runs.len() < MAX_PROBE_RUNS {
            runs.push(t);
            t = t.plus_ms(PROBE_PERIOD_MS);
        }
    }
    runs.sort();
    let port0 = 40_000 + started.ms() % 20_000;
    for (n, t) in runs.iter().enumerate() {
        let port = port0 + n as u64;
        let factory = format!("NIOServerCxn.Factory:0.0.0.0/0.0.0.0:{}", f.client_port);
        out.push(format!("{} [myid:{myid}] - INFO  [{factory}:NIOServerCnxnFactory@192] - Accepted socket connection from /127.0.0.1:{port}", stamp(*t)));
        out.push(format!("{} [myid:{myid}] - INFO  [{factory}:NIOServerCnxn@827] - Processing ruok command from /127.0.0.1:{port}", stamp(t.plus_ms(1))));
        out.push(format!("{} [myid:{myid}] - INFO  [Thread-{}:NIOServerCnxn@1008] - Closed socket connection for client /127.0.0.1:{port} (no session established for client)", stamp(t.plus_ms(2)), n + 1));
    }
    Some(out)
}

/// The probes' default period (`periodSeconds: 10`).
const PROBE_PERIOD_MS: u64 = 10_000;

/// At most this many probe runs are logged (a day of both probes).
const MAX_PROBE_RUNS: usize = 20_000;

#[cfg(test)]
mod tests {
    use super::*;

    fn zk_pod(name: &str, command: &[&str]) -> Pod {
        let yaml = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  subdomain: zk-hs\n  containers:\n  - name: zk\n    image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10\n    command: [{}]\n",
            command
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let analysis = crate::manifest::analyze(&yaml);
        let Some(crate::manifest::objects::Resource::Pod(p)) =
            analysis.objects.into_iter().next().map(|o| o.resource)
        else {
            return Pod::new(Default::default(), Default::default());
        };
        let meta = super::super::cluster::Meta {
            name: name.to_string(),
            namespace: "default".to_string(),
            ..Default::default()
        };
        Pod::new(meta, p.spec)
    }

    #[test]
    fn start_zookeeper_defaults_apply_when_the_command_names_no_flags() {
        // Pins the script's defaults: one server (no server lines, no myid), the session
        // timeouts derived from the tick with the script's stray leading space.
        let pod = zk_pod("zk-0", &["sh", "-c", "start-zookeeper"]);
        let files = zookeeper_files(&pod);
        let cfg = &files[0];
        assert_eq!(cfg.0, "/opt/zookeeper/conf/zoo.cfg");
        assert_eq!(cfg.1, "#This file was autogenerated DO NOT EDIT\nclientPort=2181\ndataDir=/var/lib/zookeeper/data\ndataLogDir=/var/lib/zookeeper/log\ntickTime=2000\ninitLimit=10\nsyncLimit=5\nmaxClientCnxns=60\nminSessionTimeout= 4000\nmaxSessionTimeout= 40000\nautopurge.snapRetainCount=3\nautopurge.purgeInteval=0\n");
        assert!(!files.iter().any(|(p, _)| p.ends_with("/myid")));
        assert!(files
            .iter()
            .any(|(p, _)| p == "/usr/etc/zookeeper/log4j.properties"));
    }

    #[test]
    fn start_zookeeper_flags_set_the_ensemble_and_the_id() {
        // Pins flag parsing inside `sh -c` and the id file for ordinal 2.
        let pod = zk_pod(
            "zk-2",
            &[
                "sh",
                "-c",
                "start-zookeeper --servers=2 --data_dir=/data --conf_dir=/conf/ --heap=1G",
            ],
        );
        let files = zookeeper_files(&pod);
        let get = |path: &str| {
            files
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, t)| t.clone())
        };
        assert_eq!(get("/data/myid").as_deref(), Some("3\n"));
        let cfg = get("/conf/zoo.cfg").unwrap_or_default();
        assert!(cfg.ends_with("server.1=zk-0.zk-hs.default.svc.cluster.local:2888:3888\nserver.2=zk-1.zk-hs.default.svc.cluster.local:2888:3888\n"), "{cfg}");
        assert_eq!(
            get("/conf/java.env").as_deref(),
            Some("ZOO_LOG_DIR=/var/log/zookeeper\nJVMFLAGS=\"-Xmx1G -Xms1G\"\n")
        );
        // Not linked under /usr/etc/zookeeper: that link names /opt/zookeeper/conf.
        assert!(get("/usr/etc/zookeeper/zoo.cfg").is_none());
        let procs = processes(&pod);
        assert_eq!(procs.len(), 2);
        assert_eq!(
            procs[0].cmd,
            "sh -c start-zookeeper --servers=2 --data_dir=/data --conf_dir=/conf/ --heap=1G"
        );
        assert_eq!(procs[1].comm, "java");
        assert!(procs[1].cmd.contains(" -Xmx1G -Xms1G "));
    }

    #[test]
    fn hostnames_split_into_set_name_and_ordinal() {
        // Pins the script's `(.*)-([0-9]+)$` match.
        assert_eq!(name_and_ordinal("zk-2"), Some(("zk", 2)));
        assert_eq!(name_and_ordinal("my-zk-10"), Some(("my-zk", 10)));
        assert_eq!(name_and_ordinal("zk"), None);
        assert_eq!(name_and_ordinal("zk-"), None);
        assert_eq!(name_and_ordinal("zk-a"), None);
    }
}
