//! Images as data: what each container image a learner meets in the tutorials does, in one
//! table ([`IMAGES`]). A row says what the image serves and on which port, which programs its
//! shell finds, how its process reacts to the kubelet's stop signal, how long its pull takes
//! and how long it typically runs as an init container. The kubelet, the shell emulation, the
//! file system and the HTTP emulation read these rows; nothing else matches on image names.
//!
//! An image is matched by its repository, without registry alias or tag ([`image_repo`]):
//! `docker.io/library/nginx:1.19.0` and `nginx` are the same row. An image no row names gets
//! [`DEFAULT`].

use super::config::Span;

/// The userland an image ships: decides the shell's and the tools' wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Userland {
    /// busybox (and alpine): ash as `sh`, busybox applets.
    Busybox,
    /// Debian/Ubuntu and similar: dash as `sh`, GNU coreutils.
    Debian,
}

/// How the container's main process reacts to the kubelet's stop signal (the image's
/// STOPSIGNAL, SIGTERM unless the Dockerfile says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The process handles the signal and leaves within [`super::config::Timings::stop_nginx_ms`]
    /// with this exit code (0 ⇒ the container's reason is `Completed`).
    Exits { code: i32 },
    /// The process is PID 1 without a handler for the signal (a shell, `sleep`, `tail`): the
    /// kernel ignores the signal for it, so the kubelet kills it with SIGKILL when the grace
    /// period ends: exit code 137 ⇒ `Error`.
    IgnoresTerm,
}

/// Exit code of a process killed by SIGKILL (128 + 9).
pub const KILLED_CODE: i32 = 137;

/// What the image's entrypoint does at start besides running its process (see
/// [`super::entrypoint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entrypoint {
    /// Nothing a learner can see beyond the process itself.
    Plain,
    /// `start-zookeeper` (kubernetes-zookeeper images): writes `zoo.cfg`, `java.env`,
    /// `log4j.properties` from its flags and `myid` (ordinal + 1) into the data directory,
    /// then runs the ZooKeeper JVM as PID 1's child.
    StartZookeeper,
}

/// How a program the image ships behaves when run, for programs whose work podplay does not
/// carry out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Program {
    /// Prints one line saying podplay does not run the application, exit 0.
    NotSimulated,
    /// Prints nothing and succeeds while the container runs (a health check).
    Healthy,
}

/// An HTTP server the image runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpServer {
    pub port: u16,
    /// Directory served at `/`.
    pub root: &'static str,
    /// What the `Server` of its error pages says (`nginx/1.19.0`); `None`: Apache's pages.
    pub nginx: Option<&'static str>,
}

/// One image's behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageTraits {
    /// Repositories the row describes (see [`image_repo`]).
    pub repos: &'static [&'static str],
    pub userland: Userland,
    /// Programs on `$PATH` besides the commands every userland has (the shells among them
    /// decide which shells `kubectl exec` can start).
    pub tools: &'static [&'static str],
    /// Ports the main process listens on (documentation for `describe`-like views and for
    /// learners reading the table; only [`ImageTraits::http`] answers requests).
    pub listens: &'static [u16],
    pub http: Option<HttpServer>,
    /// Files the image ships that podplay shows (`cat`, `ls`, HTTP).
    pub files: &'static [(&'static str, &'static str)],
    /// Environment the image's Dockerfile sets (`ENV`), besides `PATH` and `HOME`.
    pub env: &'static [(&'static str, &'static str)],
    pub stop: Stop,
    /// Size in MB, approximately what a registry lists (drives the pull time and the
    /// `Image size` of the kubelet's Pulled event).
    pub size_mb: u64,
    /// How long the image's typical init-container script runs to completion.
    pub init_run: Span,
    /// The image's CMD is an interactive shell (`kubectl run -it` with no command gets one).
    pub shell_cmd: bool,
    /// nginx writes its access log to stdout (`kubectl logs`).
    pub access_log: bool,
    pub entrypoint: Entrypoint,
    /// Accounts of the image's `/etc/passwd` besides root: (uid, name).
    pub users: &'static [(u32, &'static str)],
    /// The image's CMD as `ps` shows it, when a pod gives no `command`.
    pub default_cmd: Option<&'static str>,
    /// The application's own programs (a subset of `tools`) and how podplay answers them.
    pub programs: &'static [(&'static str, Program)],
}

impl ImageTraits {
    /// The image's pull time as a share of a typical first pull on minikube (the reference's
    /// 5–20 s, §3.5, measured for the ~70 MB nginx image), in percent; at least [`MIN_PULL_PERCENT`] (registry round trips).
    #[must_use]
    pub fn pull_percent(&self) -> u64 {
        (self.size_mb * 100 / NGINX_SIZE_MB).max(MIN_PULL_PERCENT)
    }

    /// The image's size in bytes as the kubelet reports it after a pull (`Image size: …
    /// bytes.`): the row's megabytes, made exact by a stable per-image remainder.
    #[must_use]
    pub fn size_bytes(&self, image: &str) -> u64 {
        // FNV-1a over the image name: the same image always reports the same size.
        let hash = image.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        self.size_mb * 1_000_000 + hash % 1_000_000
    }

    /// How podplay answers one of the application's own programs (a name or a path), if
    /// `program` is one.
    #[must_use]
    pub fn program(&self, program: &str) -> Option<Program> {
        let base = program.rsplit('/').next().unwrap_or(program);
        self.programs
            .iter()
            .find(|(n, _)| *n == base)
            .map(|(_, p)| *p)
    }

    /// Whether `program` (a name or a path) is one of the image's extra programs.
    #[must_use]
    pub fn has_tool(&self, program: &str) -> bool {
        let base = program.rsplit('/').next().unwrap_or(program);
        self.tools.contains(&base)
    }
}

/// The shortest pull, as a share of the typical one: a tiny image still costs the registry's
/// round trips (busybox pulls in 1–3 s on minikube).
const MIN_PULL_PERCENT: u64 = 15;

/// The nginx image's compressed size: the reference pull time is measured for it.
const NGINX_SIZE_MB: u64 = 70;

const fn span(min_ms: u64, max_ms: u64) -> Span {
    Span { min_ms, max_ms }
}

/// nginx's stock `index.html` (as shipped in the nginx 1.19 images).
pub const NGINX_WELCOME: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

/// nginx's stock `50x.html`.
pub const NGINX_50X: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n<style>\n    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n</style>\n</head>\n<body>\n<h1>An error occurred.</h1>\n<p>Sorry, the page you are looking for is currently unavailable.<br/>\nPlease try again later.</p>\n<p>If you are the system administrator of this resource then you might\nwant to check the <a href=\"http://nginx.org/r/error_log\">error log</a> for details.</p>\n<p><em>Faithfully yours, nginx.</em></p>\n</body>\n</html>\n";

/// The web root nginx serves.
pub const NGINX_ROOT: &str = "/usr/share/nginx/html";

/// httpd's stock `index.html` (httpd 2.4 images).
pub const HTTPD_WELCOME: &str = "<html><body><h1>It works!</h1></body></html>\n";

const NGINX_FILES: &[(&str, &str)] = &[
    ("/usr/share/nginx/html/index.html", NGINX_WELCOME),
    ("/usr/share/nginx/html/50x.html", NGINX_50X),
];

/// The guestbook frontend's page, shortened to its visible parts (the real page is an
/// AngularJS app: `gb-frontend` source in kubernetes/examples guestbook/php-redis/index.html).
const GUESTBOOK_PAGE: &str = "<html ng-app=\"redis\">\n  <head>\n    <title>Guestbook</title>\n  </head>\n  <body ng-controller=\"RedisCtrl\">\n    <div style=\"width: 50%; margin-left: 20px\">\n      <h2>Guestbook</h2>\n    <form>\n    <fieldset>\n    <input ng-model=\"msg\" placeholder=\"Messages\" class=\"form-control\" type=\"text\" name=\"input\"><br>\n    <button type=\"button\" class=\"btn btn-primary\" ng-click=\"controller.onRedis()\">Submit</button>\n    </fieldset>\n    </form>\n    </div>\n  </body>\n</html>\n";

/// The image's health check (what the ZooKeeper tutorial's probes run): asks the server on
/// the given port `ruok` and succeeds on `imok`. Written for podplay after the script the
/// tutorial prints.
const ZOOKEEPER_READY: &str = "#!/usr/bin/env bash\n# Succeeds when the ZooKeeper server on port $1 answers ruok with imok.\nOK=$(echo ruok | nc 127.0.0.1 $1)\nif [ \"$OK\" == \"imok\" ]; then\n    exit 0\nelse\n    exit 1\nfi\n";

const DEBIAN_SHELLS: &[&str] = &["bash", "dash"];
const DEBIAN_WITH_CURL: &[&str] = &["bash", "dash", "curl"];

/// Any image no row names: podplay cannot know its process, so it assumes what a learner's
/// own app image most often is (a Debian base with bash and curl) and the slow stop a learner
/// should be prepared for (a process that does not handle SIGTERM waits out the grace period).
pub const DEFAULT: ImageTraits = ImageTraits {
    repos: &[],
    userland: Userland::Debian,
    tools: DEBIAN_WITH_CURL,
    listens: &[],
    http: None,
    files: &[],
    env: &[],
    stop: Stop::IgnoresTerm,
    size_mb: 70,
    init_run: span(1_000, 3_000),
    shell_cmd: false,
    access_log: false,
    entrypoint: Entrypoint::Plain,
    users: &[],
    default_cmd: None,
    programs: &[],
};

/// The image table.
pub const IMAGES: &[ImageTraits] = &[
    // docker-library/nginx (mainline, Debian buster for 1.19): `STOPSIGNAL SIGQUIT` makes
    // nginx finish its requests and exit 0 within a second; logs go to stdout.
    ImageTraits {
        repos: &["nginx"],
        tools: DEBIAN_WITH_CURL,
        listens: &[80],
        http: Some(HttpServer {
            port: 80,
            root: NGINX_ROOT,
            nginx: Some("nginx/1.19.0"),
        }),
        files: NGINX_FILES,
        env: &[
            ("NGINX_VERSION", "1.19.0"),
            ("NJS_VERSION", "0.4.1"),
            ("PKG_RELEASE", "1~buster"),
        ],
        stop: Stop::Exits { code: 0 },
        access_log: true,
        ..DEFAULT
    },
    // kubernetes/contrib images/nginx-slim: nginx on ubuntu-slim, `CMD nginx -g 'daemon off;'`
    // without a STOPSIGNAL, so SIGTERM (nginx's fast shutdown) ends it at once with 0. The
    // StatefulSet tutorial runs `curl http://localhost/` and `sh -c` in it. Its access log goes
    // to a file, not stdout (an assumption: `kubectl logs` stays empty).
    ImageTraits {
        repos: &[
            "registry.k8s.io/nginx-slim",
            "k8s.gcr.io/nginx-slim",
            "gcr.io/google_containers/nginx-slim",
        ],
        tools: DEBIAN_WITH_CURL,
        listens: &[80],
        http: Some(HttpServer {
            port: 80,
            root: NGINX_ROOT,
            nginx: Some("nginx/1.19.0"),
        }),
        files: NGINX_FILES,
        stop: Stop::Exits { code: 0 },
        size_mb: 40,
        ..DEFAULT
    },
    // docker-library/httpd: `STOPSIGNAL SIGWINCH` (Apache's graceful stop), exit 0. The
    // Debian image ships no curl.
    ImageTraits {
        repos: &["httpd"],
        tools: DEBIAN_SHELLS,
        listens: &[80],
        http: Some(HttpServer {
            port: 80,
            root: "/usr/local/apache2/htdocs",
            nginx: None,
        }),
        files: &[("/usr/local/apache2/htdocs/index.html", HTTPD_WELCOME)],
        stop: Stop::Exits { code: 0 },
        size_mb: 60,
        ..DEFAULT
    },
    // busybox: `CMD ["sh"]`; a shell or `sleep` as PID 1 ignores SIGTERM (reference §3.3).
    ImageTraits {
        repos: &["busybox"],
        userland: Userland::Busybox,
        tools: &["ash", "nslookup", "wget"],
        size_mb: 2,
        init_run: span(500, 2_000),
        shell_cmd: true,
        ..DEFAULT
    },
    // alpine: busybox userland, `CMD ["/bin/sh"]`.
    ImageTraits {
        repos: &["alpine"],
        userland: Userland::Busybox,
        tools: &["ash", "nslookup", "wget"],
        size_mb: 4,
        init_run: span(500, 2_000),
        shell_cmd: true,
        ..DEFAULT
    },
    // curlimages/curl: alpine with curl (the networking examples' client pod).
    ImageTraits {
        repos: &["curlimages/curl"],
        userland: Userland::Busybox,
        tools: &["ash", "nslookup", "wget", "curl"],
        size_mb: 10,
        ..DEFAULT
    },
    // docker-library/redis (Debian): redis-server handles SIGTERM (save if configured, then
    // exit 0). The guestbook's follower image is built on it.
    ImageTraits {
        repos: &[
            "redis",
            "us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower",
            "gcr.io/google_samples/gb-redisslave",
        ],
        tools: DEBIAN_SHELLS,
        listens: &[6379],
        stop: Stop::Exits { code: 0 },
        size_mb: 40,
        ..DEFAULT
    },
    // docker-library/mysql (5.7 and 8.0: Oracle Linux slim, where `sh` is bash and there is
    // no dash): mysqld shuts down cleanly on SIGTERM, exit 0. The MySQL tutorial's
    // `init-mysql` script only writes two config files; the WordPress tutorial's mysql:8.0
    // takes its root password from MYSQL_ROOT_PASSWORD (a Secret).
    ImageTraits {
        repos: &["mysql"],
        tools: &["bash"],
        listens: &[3306],
        stop: Stop::Exits { code: 0 },
        size_mb: 150,
        init_run: span(500, 1_500),
        ..DEFAULT
    },
    // google-samples xtrabackup (Debian, bash, ncat): the tutorial's sidecar ends in `exec
    // ncat --listen`, which has no SIGTERM handler as PID 1, so it waits out the grace period.
    // As the `clone-mysql` init container it exits at once on mysql-0 and clones from the
    // previous ordinal on the others (a few seconds on an empty database).
    ImageTraits {
        repos: &["gcr.io/google-samples/xtrabackup"],
        tools: DEBIAN_SHELLS,
        listens: &[3307],
        size_mb: 100,
        init_run: span(500, 3_000),
        ..DEFAULT
    },
    // docker-library/wordpress (`-apache`): php:apache base with curl; Apache's `STOPSIGNAL
    // SIGWINCH` graceful stop exits 0. Its page needs PHP and a database; podplay does not
    // serve it (curl finds the port closed).
    ImageTraits {
        repos: &["wordpress"],
        tools: DEBIAN_WITH_CURL,
        listens: &[80],
        stop: Stop::Exits { code: 0 },
        size_mb: 250,
        ..DEFAULT
    },
    // google-samples cassandra v13 (Debian, dumb-init → run.sh → java): the JVM exits on
    // SIGTERM with 143 (128 + 15) once its shutdown hooks ran, so the pod ends as `Error`.
    // (The example adds a `nodetool drain` preStop hook and a 500 s grace period.)
    ImageTraits {
        repos: &["gcr.io/google-samples/cassandra"],
        tools: DEBIAN_SHELLS,
        listens: &[7000, 7001, 7199, 9042],
        stop: Stop::Exits { code: 143 },
        size_mb: 140,
        ..DEFAULT
    },
    // The ZooKeeper tutorial's image `kubernetes-zookeeper:1.0-3.4.10` (kow3ns/kubernetes-zookeeper
    // docker/Dockerfile: Ubuntu 16.04, OpenJDK 8, ZooKeeper 3.4.10 in /opt/zookeeper, its bin/
    // linked into /usr/bin, /opt/zookeeper/conf linked as /usr/etc/zookeeper, user zookeeper
    // with uid 1000). The manifest runs `sh -c "start-zookeeper …"`; dash as PID 1 has no
    // SIGTERM handler, so the grace period runs out. podplay does not run ZooKeeper itself:
    // its client and server scripts say so; `zookeeper-ready` (the probes' check) succeeds.
    ImageTraits {
        repos: &[
            "registry.k8s.io/kubernetes-zookeeper",
            "k8s.gcr.io/kubernetes-zookeeper",
            "gcr.io/google_containers/kubernetes-zookeeper",
        ],
        tools: &[
            "bash",
            "dash",
            "ps",
            "pkill",
            "java",
            "nc",
            "start-zookeeper",
            "zookeeper-ready",
            "zkCli.sh",
            "zkServer.sh",
            "zkCleanup.sh",
        ],
        listens: &[2181, 2888, 3888],
        files: &[("/opt/zookeeper/bin/zookeeper-ready", ZOOKEEPER_READY)],
        env: &[
            ("ZK_USER", "zookeeper"),
            ("ZK_DATA_DIR", "/var/lib/zookeeper/data"),
            ("ZK_DATA_LOG_DIR", "/var/lib/zookeeper/log"),
            ("ZK_LOG_DIR", "/var/log/zookeeper"),
            ("JAVA_HOME", "/usr/lib/jvm/java-8-openjdk-amd64"),
        ],
        size_mb: 120,
        entrypoint: Entrypoint::StartZookeeper,
        users: &[(1000, "zookeeper")],
        programs: &[
            ("zookeeper-ready", Program::Healthy),
            ("zkCli.sh", Program::NotSimulated),
            ("zkServer.sh", Program::NotSimulated),
            ("zkCleanup.sh", Program::NotSimulated),
            ("start-zookeeper", Program::NotSimulated),
            ("java", Program::NotSimulated),
            ("nc", Program::NotSimulated),
        ],
        ..DEFAULT
    },
    // docker-library/rabbitmq (Ubuntu): rabbitmq-server stops the node on SIGTERM and exits 0.
    ImageTraits {
        repos: &["rabbitmq"],
        tools: DEBIAN_SHELLS,
        listens: &[4369, 5671, 5672, 25672],
        stop: Stop::Exits { code: 0 },
        size_mb: 90,
        ..DEFAULT
    },
    // The guestbook frontend (php:apache with the guestbook page): Apache serves it on 80 and
    // stops gracefully with exit 0.
    ImageTraits {
        repos: &[
            "corelab/gb-frontend",
            "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend",
            "gcr.io/google-samples/gb-frontend",
        ],
        tools: DEBIAN_WITH_CURL,
        listens: &[80],
        http: Some(HttpServer {
            port: 80,
            root: "/var/www/html",
            nginx: None,
        }),
        files: &[("/var/www/html/index.html", GUESTBOOK_PAGE)],
        stop: Stop::Exits { code: 0 },
        size_mb: 130,
        ..DEFAULT
    },
    // registry.k8s.io/pause: handles SIGINT/SIGTERM and exits 0 (build/pause/linux/pause.c).
    ImageTraits {
        repos: &["registry.k8s.io/pause", "k8s.gcr.io/pause"],
        stop: Stop::Exits { code: 0 },
        size_mb: 1,
        ..DEFAULT
    },
    // CoreDNS (cluster DNS): stops on SIGTERM with exit 0.
    ImageTraits {
        repos: &[
            "coredns",
            "registry.k8s.io/coredns/coredns",
            "coredns/coredns",
        ],
        listens: &[53],
        stop: Stop::Exits { code: 0 },
        size_mb: 20,
        ..DEFAULT
    },
];

/// The row for an image (by repository), or [`DEFAULT`].
#[must_use]
pub fn traits(image: &str) -> &'static ImageTraits {
    let repo = image_repo(image);
    IMAGES
        .iter()
        .find(|t| t.repos.contains(&repo))
        .unwrap_or(&DEFAULT)
}

/// `nginx` from `docker.io/library/nginx:1.19.0@sha256:…`.
#[must_use]
pub fn image_repo(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last_slash = no_digest.rfind('/').map_or(0, |i| i + 1);
    let no_tag = match no_digest[last_slash..].find(':') {
        Some(i) => &no_digest[..last_slash + i],
        None => no_digest,
    };
    no_tag
        .strip_prefix("docker.io/library/")
        .or_else(|| no_tag.strip_prefix("docker.io/"))
        .or_else(|| no_tag.strip_prefix("index.docker.io/library/"))
        .or_else(|| no_tag.strip_prefix("library/"))
        .unwrap_or(no_tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names_reduce_to_their_repository() {
        // Pins how images are recognised for their behaviour.
        assert_eq!(image_repo("nginx"), "nginx");
        assert_eq!(image_repo("nginx:1.19.0"), "nginx");
        assert_eq!(
            image_repo("docker.io/library/nginx:1.19.0@sha256:ab"),
            "nginx"
        );
        assert_eq!(image_repo("docker.io/redis:6.0.5"), "redis");
        assert_eq!(
            image_repo("registry.k8s.io/coredns/coredns:v1.12.1"),
            "registry.k8s.io/coredns/coredns"
        );
        assert_eq!(image_repo("localhost:5000/app:1"), "localhost:5000/app");
    }

    #[test]
    fn each_tutorial_image_has_its_row_and_unknown_images_the_default() {
        // Pins the stop behaviour the kubelet reads, per image.
        assert_eq!(traits("nginx:1.19.0").stop, Stop::Exits { code: 0 });
        assert_eq!(
            traits("registry.k8s.io/nginx-slim:0.21").stop,
            Stop::Exits { code: 0 }
        );
        assert!(traits("registry.k8s.io/nginx-slim:0.21").has_tool("curl"));
        assert_eq!(traits("busybox:1.28").stop, Stop::IgnoresTerm);
        assert_eq!(traits("busybox").userland, Userland::Busybox);
        assert!(!traits("httpd").has_tool("curl"));
        assert_eq!(
            traits("gcr.io/google-samples/cassandra:v13").stop,
            Stop::Exits { code: 143 }
        );
        assert_eq!(traits("example.com/my/app:2"), &DEFAULT);
        assert_eq!(traits("mysql:5.7").pull_percent(), 214);
        assert_eq!(traits("busybox").pull_percent(), 15);
        // No repository is claimed by two rows.
        let mut all: Vec<&str> = IMAGES
            .iter()
            .flat_map(|t| t.repos.iter().copied())
            .collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
