//! Network tools inside a pod: busybox 1.28's `nslookup` and `wget`, Debian's `curl`. Queries
//! and requests go through the engine (`Command::Resolve`, `Command::Request`), so headless
//! answers are shuffled as CoreDNS `loadbalance` does and ClusterIP traffic is spread by
//! kube-proxy.

use std::net::Ipv4Addr;

use crate::console::render::nslookup;
use crate::engine::command::{NetError, Response};
use crate::engine::network::dns;
use crate::engine::{Command, Outcome};

use super::{Io, Sh};

/// A URL as wget and curl split it.
struct Url {
    host: String,
    port: u16,
    path: String,
}

fn parse_url(url: &str) -> Option<Url> {
    let rest = match url.split_once("://") {
        Some(("http" | "HTTP", r)) => r,
        Some(_) => return None,
        None => url,
    };
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()?),
        None => (hostport, 80),
    };
    if host.is_empty() {
        return None;
    }
    Some(Url {
        host: host.to_string(),
        port,
        path,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Error",
    }
}

impl Sh<'_> {
    /// The first reverse name of an address (what the libc resolver's PTR query returns).
    fn ptr(&self, ip: Ipv4Addr) -> Option<String> {
        dns::reverse(self.sim.cluster(), ip).into_iter().next()
    }

    /// The addresses a name resolves to from this pod, in the answer's order.
    fn lookup(&mut self, name: &str) -> Vec<Ipv4Addr> {
        match self.sim.exec(Command::Resolve {
            from: self.pod.clone(),
            name: name.to_string(),
        }) {
            Outcome::Resolved(l) => l.addresses,
            _ => Vec::new(),
        }
    }

    /// Where a client in this pod connects for `name`: `localhost` is the pod itself (its own
    /// container answers on the loopback), anything else goes through the resolver.
    fn connect_to(&mut self, name: &str) -> Vec<Ipv4Addr> {
        if name.eq_ignore_ascii_case("localhost") || name.starts_with("127.") {
            return self
                .sim
                .cluster()
                .pods
                .get(&self.pod)
                .and_then(|p| p.status.ip)
                .into_iter()
                .collect();
        }
        self.lookup(name)
    }

    /// busybox 1.28 `nslookup HOST [SERVER]` (reference §5.4).
    pub(crate) fn nslookup(&mut self, args: &[String], io: &mut Io) -> i32 {
        let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let Some(name) = words.first() else {
            io.err(nslookup::USAGE);
            return 1;
        };
        let server = words
            .get(1)
            .and_then(|s| s.parse::<Ipv4Addr>().ok())
            .unwrap_or(nslookup::CLUSTER_DNS);
        let server_ptr = self.ptr(server);
        io.out(&nslookup::server_block(server, server_ptr.as_deref()));
        let ips = self.lookup(name);
        if ips.is_empty() {
            io.err(&nslookup::cant_resolve(name));
            return 1;
        }
        let answers: Vec<(Ipv4Addr, Option<String>)> =
            ips.into_iter().map(|ip| (ip, self.ptr(ip))).collect();
        io.out(&nslookup::answer_block(name, &answers));
        0
    }

    /// One GET to `ip:port` (the address the client connected to).
    fn get(&mut self, ip: Ipv4Addr, port: u16, path: &str) -> Option<Response> {
        match self.sim.exec(Command::Request {
            from: self.pod.clone(),
            target: ip.to_string(),
            port: Some(port),
            path: path.to_string(),
            count: 1,
        }) {
            Outcome::Responses(mut r) => r.pop(),
            _ => None,
        }
    }

    /// busybox 1.28 `wget [-q] [-O FILE] URL` (`busybox@1_28_4:networking/wget.c`).
    pub(crate) fn wget(&mut self, args: &[String], io: &mut Io) -> i32 {
        let ClientOptions {
            quiet,
            out_file,
            url,
            ..
        } = wget_options(args);
        let Some(url) = url else {
            io.err("BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: wget [-c|--continue] [--spider] [-q|--quiet] [-O|--output-document FILE]\n\t[--header 'header: value'] [-Y|--proxy on/off] [-P DIR]\n\t[-S|--server-response] [-U|--user-agent AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP");
            return 1;
        };
        let Some(u) = parse_url(&url) else {
            io.err(&format!("wget: not an http or ftp url: {url}"));
            return 1;
        };
        let Some(ip) = self.connect_to(&u.host).first().copied() else {
            io.err(&format!("wget: bad address '{}'", u.host));
            return 1;
        };
        if !quiet {
            io.err(&format!("Connecting to {} ({ip}:{})", u.host, u.port));
        }
        let Some(r) = self.get(ip, u.port, &u.path) else {
            io.err(&format!(
                "wget: can't connect to remote host ({ip}): Connection refused"
            ));
            return 1;
        };
        match r.error {
            Some(NetError::Timeout) => {
                io.err(&format!(
                    "wget: can't connect to remote host ({ip}): Connection timed out"
                ));
                return 1;
            }
            Some(_) => {
                io.err(&format!(
                    "wget: can't connect to remote host ({ip}): Connection refused"
                ));
                return 1;
            }
            None => {}
        }
        let status = r.status.unwrap_or(0);
        if status != 200 {
            io.err(&format!(
                "wget: server returned error: HTTP/1.1 {status} {}",
                reason(status)
            ));
            return 1;
        }
        let to_stdout = out_file.as_deref() == Some("-");
        let name = match &out_file {
            Some(f) => f.clone(),
            None => {
                let last = u.path.rsplit('/').next().unwrap_or("");
                if last.is_empty() {
                    "index.html".to_string()
                } else {
                    last.to_string()
                }
            }
        };
        if to_stdout {
            io.out(&r.body);
        } else {
            let path = self.abs(&name);
            if out_file.is_none() && self.sim.read_file(&self.pod, &path).is_ok() {
                io.err(&format!("wget: can't open '{name}': File exists"));
                return 1;
            }
            let done = self.write_file(path, r.body.clone(), false);
            if !matches!(done, Outcome::Done) {
                io.err(&format!("wget: can't open '{name}': Read-only file system"));
                return 1;
            }
        }
        if !quiet {
            // The progress meter's last frame on an 80-column terminal (`bb_progress_update`).
            let file = name.rsplit('/').next().unwrap_or(&name);
            io.err(&format!(
                "{file:<20.20} 100% |{}|{:>6}  0:00:00 ETA",
                "*".repeat(31),
                r.body.len()
            ));
        }
        0
    }

    /// curl 7.64 (Debian buster, the nginx image): `curl [-s] [-S] [-f] [-o FILE] URL`.
    pub(crate) fn curl(&mut self, args: &[String], io: &mut Io) -> i32 {
        let ClientOptions {
            quiet: silent,
            show_error,
            fail,
            out_file,
            url,
        } = curl_options(args);
        let errors = !silent || show_error;
        let Some(url) = url else {
            io.err("curl: try 'curl --help' or 'curl --manual' for more information");
            return 2;
        };
        let Some(u) = parse_url(&url) else {
            if errors {
                io.err(&format!(
                    "curl: (1) Protocol \"{}\" not supported or disabled in libcurl",
                    url.split("://").next().unwrap_or("")
                ));
            }
            return 1;
        };
        let Some(ip) = self.connect_to(&u.host).first().copied() else {
            if errors {
                io.err(&format!("curl: (6) Could not resolve host: {}", u.host));
            }
            return 6;
        };
        let r = self.get(ip, u.port, &u.path);
        let failed = r
            .as_ref()
            .map_or(Some(NetError::ConnectionRefused), |r| r.error);
        if let Some(e) = failed {
            if errors {
                let why = if e == NetError::Timeout {
                    "Connection timed out"
                } else {
                    "Connection refused"
                };
                io.err(&format!(
                    "curl: (7) Failed to connect to {} port {}: {why}",
                    u.host, u.port
                ));
            }
            return 7;
        }
        let Some(r) = r else { return 7 };
        let status = r.status.unwrap_or(0);
        if fail && status >= 400 {
            if errors {
                io.err(&format!(
                    "curl: (22) The requested URL returned error: {status} {}",
                    reason(status)
                ));
            }
            return 22;
        }
        let meter = !silent && (!self.tty || out_file.is_some());
        if meter {
            // curl's progress meter when its output is not a terminal; the transfer takes the
            // simulation's 1 ms, so the speed is the size per millisecond.
            let size = r.body.len();
            let speed = human_speed(size.saturating_mul(1000));
            io.err(
                "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current",
            );
            io.err("                                 Dload  Upload   Total   Spent    Left  Speed");
            io.err(&format!(
                "100 {size:>5}  100 {size:>5}    0     0 {speed:>6}      0 --:--:-- --:--:-- --:--:-- {speed:>5}"
            ));
        }
        match out_file {
            Some(f) if f != "-" => {
                let path = self.abs(&f);
                let done = self.write_file(path, r.body.clone(), false);
                if !matches!(done, Outcome::Done) {
                    if errors {
                        io.err(&format!(
                            "curl: (23) Failed writing body (0 != {})",
                            r.body.len()
                        ));
                    }
                    return 23;
                }
            }
            _ => io.out(&r.body),
        }
        0
    }
}

/// The options of `wget` and `curl` podplay answers (others are read and ignored).
#[derive(Debug, Default, PartialEq, Eq)]
struct ClientOptions {
    /// wget `-q`, curl `-s`: no progress meter (curl: no errors either, unless `-S`).
    quiet: bool,
    /// curl `-S`: errors even when silent.
    show_error: bool,
    /// curl `-f`: an HTTP error status is a failure (exit 22).
    fail: bool,
    /// wget `-O`, curl `-o`: the file the body goes to (`-` is standard output).
    out_file: Option<String>,
    /// The last word that is not an option.
    url: Option<String>,
}

/// busybox wget's options: `-q`/`--quiet`, `-O FILE`/`--output-document=FILE`; the other
/// options with a value (`-T`, `-t`, `-P`, `-U`, `-Y`) take theirs, attached or as the next word.
fn wget_options(args: &[String]) -> ClientOptions {
    let mut o = ClientOptions::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--quiet" {
            o.quiet = true;
        } else if let Some(v) = a.strip_prefix("--output-document=") {
            o.out_file = Some(v.to_string());
        } else if a.len() > 1 && a.starts_with('-') && !a.starts_with("--") {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                match chars[j] {
                    'q' => o.quiet = true,
                    'O' | 'T' | 't' | 'P' | 'U' | 'Y' => {
                        let rest: String = chars[j + 1..].iter().collect();
                        let value = if rest.is_empty() {
                            let v = args.get(i).cloned().unwrap_or_default();
                            i += 1;
                            v
                        } else {
                            rest
                        };
                        if chars[j] == 'O' {
                            o.out_file = Some(value);
                        }
                        break;
                    }
                    _ => {}
                }
                j += 1;
            }
        } else if !a.starts_with("--") {
            o.url = Some(a.clone());
        }
    }
    o
}

/// curl's options: `-s`/`--silent`, `-S`/`--show-error`, `-f`/`--fail`, `-o FILE`/`--output FILE`
/// (short ones may be grouped, `-sSfo FILE`).
fn curl_options(args: &[String]) -> ClientOptions {
    let mut o = ClientOptions::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        match a.as_str() {
            "--silent" => o.quiet = true,
            "--show-error" => o.show_error = true,
            "--fail" => o.fail = true,
            "--output" => {
                o.out_file = args.get(i).cloned();
                i += 1;
            }
            s if s.len() > 1 && s.starts_with('-') && !s.starts_with("--") => {
                for c in s[1..].chars() {
                    match c {
                        's' => o.quiet = true,
                        'S' => o.show_error = true,
                        'f' => o.fail = true,
                        'o' => {
                            o.out_file = args.get(i).cloned();
                            i += 1;
                        }
                        _ => {}
                    }
                }
            }
            s if !s.starts_with('-') => o.url = Some(a.clone()),
            _ => {}
        }
    }
    o
}

/// curl's speed column: bytes per second with a k/M suffix (1024-based, truncated).
fn human_speed(bytes_per_s: usize) -> String {
    if bytes_per_s < 100_000 {
        bytes_per_s.to_string()
    } else if bytes_per_s < 1024 * 10_000 {
        format!("{}k", bytes_per_s / 1024)
    } else {
        format!("{}M", bytes_per_s / (1024 * 1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_port_and_path() {
        // Pins how wget and curl read their URL argument.
        let u = parse_url("http://my-nginx-svc:8080/a/b.html");
        assert!(u
            .as_ref()
            .is_some_and(|u| u.host == "my-nginx-svc" && u.port == 8080 && u.path == "/a/b.html"));
        let bare = parse_url("web-0.nginx");
        assert!(bare.is_some_and(|u| u.host == "web-0.nginx" && u.port == 80 && u.path == "/"));
        assert!(parse_url("ftp://x").is_none());
        assert_eq!(human_speed(612_000), "597k");
    }

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn wget_and_curl_options_read_grouped_flags_and_their_values() {
        // Pins the option scans: grouped short flags, attached and separate values, and the
        // value-taking options that are read past without being used.
        let w = wget_options(&words("-qO- -T 5 http://web/"));
        assert_eq!(
            w,
            ClientOptions {
                quiet: true,
                out_file: Some("-".into()),
                url: Some("http://web/".into()),
                ..ClientOptions::default()
            }
        );
        let w = wget_options(&words("--output-document=page.html web-0.nginx"));
        assert_eq!(w.out_file.as_deref(), Some("page.html"));
        assert!(!w.quiet);
        assert_eq!(w.url.as_deref(), Some("web-0.nginx"));
        let c = curl_options(&words("-sSfo out.txt my-svc:8080/x"));
        assert_eq!(
            c,
            ClientOptions {
                quiet: true,
                show_error: true,
                fail: true,
                out_file: Some("out.txt".into()),
                url: Some("my-svc:8080/x".into()),
            }
        );
        let c = curl_options(&words("--silent --output - web"));
        assert_eq!((c.quiet, c.show_error, c.fail), (true, false, false));
        assert_eq!(c.out_file.as_deref(), Some("-"));
        assert_eq!(c.url.as_deref(), Some("web"));
    }
}
