//! The one translation table: every string a user sees, in English and Korean.
//!
//! Messages are data ([`Msg`]): an id into [`TABLE`] plus arguments, which may themselves be
//! messages. They are rendered only at the edge (UI, CLI), in the language asked for.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }
}

/// One row of the table. `{0}`, `{1}`, … are the message's arguments.
pub struct Entry {
    pub id: &'static str,
    pub en: &'static str,
    pub ko: &'static str,
}

/// An argument of a message: literal text (names, values, paths) or a nested message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Msg(Msg),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<Arg>,
}

impl Msg {
    #[must_use]
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    #[must_use]
    pub fn text(mut self, s: impl Into<String>) -> Self {
        self.args.push(Arg::Text(s.into()));
        self
    }

    #[must_use]
    pub fn msg(mut self, m: Msg) -> Self {
        self.args.push(Arg::Msg(m));
        self
    }

    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| match a {
                Arg::Text(s) => s.clone(),
                Arg::Msg(m) => m.render(lang),
            })
            .collect();
        fill(t(lang, self.id), &args)
    }
}

/// The text of `id` in `lang`; an id missing from the table renders as itself, so a gap is
/// visible rather than silent (a test keeps the table complete).
#[must_use]
pub fn t(lang: Lang, id: &str) -> &'static str {
    let find = |table: &'static [Entry]| {
        table
            .binary_search_by(|e| e.id.cmp(id))
            .ok()
            .map(|i| &table[i])
    };
    let entry = find(TABLE);
    #[cfg(not(feature = "first-module"))]
    let entry = entry.or_else(|| find(SIM_TABLE));
    match (entry, lang) {
        (Some(e), Lang::En) => e.en,
        (Some(e), Lang::Ko) => e.ko,
        (None, _) => "{?}",
    }
}

/// Replaces `{0}`…`{9}` in `template` with `args`.
#[must_use]
pub fn fill(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut chars = template.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '{' {
            let rest = &template[i + 1..];
            let mut digits = rest.chars().take_while(char::is_ascii_digit);
            if let (Some(d), Some('}')) = (digits.next(), rest.chars().nth(1)) {
                if let Some(arg) = d.to_digit(10).and_then(|n| args.get(n as usize)) {
                    out.push_str(arg);
                }
                chars.next();
                chars.next();
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// What the page's first module says too (the workbench, the validator's diagnostics): sorted
/// by id (a test checks), so lookups are a binary search.
pub static TABLE: &[Entry] = &[
    Entry { id: "d.accessmode.required", en: "at least 1 access mode is required", ko: "접근 모드(access mode)를 하나 이상 지정해야 합니다" },
    Entry { id: "d.cluster.ip", en: "must be a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff), or 'None'", ko: "올바른 IP 주소(예: 10.9.8.7)이거나 'None'이어야 합니다" },
    Entry { id: "d.config.key", en: "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')", ko: "설정 키는 영숫자, '-', '_', '.'로만 이루어져야 합니다 (예: 'key.name', 'KEY_NAME', 'key-name'; 검증 정규식 '[-._a-zA-Z0-9]+')" },
    Entry { id: "d.dns1035", en: "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')", ko: "DNS-1035 레이블은 소문자 영숫자와 '-'만 쓸 수 있고, 영문자로 시작해 영숫자로 끝나야 합니다 (예: 'my-name', 'abc-123'; 검증 정규식 '[a-z]([-a-z0-9]*[a-z0-9])?')" },
    Entry { id: "d.dns1123label", en: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", ko: "소문자 RFC 1123 레이블은 소문자 영숫자와 '-'만 쓸 수 있고, 영숫자로 시작하고 끝나야 합니다 (예: 'my-name', '123-abc'; 검증 정규식 '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" },
    Entry { id: "d.dns1123subdomain", en: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", ko: "소문자 RFC 1123 서브도메인은 소문자 영숫자, '-', '.'만 쓸 수 있고, 영숫자로 시작하고 끝나야 합니다 (예: 'example.com'; 검증 정규식 '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" },
    Entry { id: "d.empty.selector", en: "empty selector is invalid for {0}", ko: "{0}에는 빈 셀렉터를 쓸 수 없습니다" },
    Entry { id: "d.gt.minready", en: "must be greater than minReadySeconds", ko: "minReadySeconds보다 커야 합니다" },
    Entry { id: "d.gte0", en: "must be greater than or equal to 0", ko: "0 이상이어야 합니다" },
    Entry { id: "d.headless.nodeport", en: "may not be set to 'None' for {0} services", ko: "{0} 서비스에는 'None'을 쓸 수 없습니다" },
    Entry { id: "d.label.value", en: "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')", ko: "레이블 값은 빈 문자열이거나 영숫자, '-', '_', '.'로만 이루어지고 영숫자로 시작하고 끝나야 합니다 (예: 'MyValue', 'my_value', '12345'; 검증 정규식 '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" },
    Entry { id: "d.maxsurge.zero", en: "may not be 0 when `maxSurge` is 0", ko: "`maxSurge`가 0이면 0일 수 없습니다" },
    Entry { id: "d.must.be", en: "must be {0}", ko: "{0} 중 하나여야 합니다" },
    Entry { id: "d.name.or.generate", en: "name or generateName is required", ko: "name 또는 generateName이 필요합니다" },
    Entry { id: "d.no.dots", en: "must not contain dots", ko: "점(.)을 포함할 수 없습니다" },
    Entry { id: "d.not.selector.op", en: "not a valid selector operator", ko: "올바른 셀렉터 연산자가 아닙니다" },
    Entry { id: "d.pdb.both", en: "minAvailable and maxUnavailable cannot be both set", ko: "minAvailable과 maxUnavailable을 함께 쓸 수 없습니다" },
    Entry { id: "d.percent", en: "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')", ko: "백분율은 숫자 뒤에 '%'를 붙여 써야 합니다 (예: '1%', '93%'; 검증 정규식 '[0-9]+%')" },
    Entry { id: "d.percent.max", en: "must not be greater than 100%", ko: "100%보다 클 수 없습니다" },
    Entry { id: "d.port.name.chars", en: "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)", ko: "영숫자(a-z, 0-9)와 하이픈(-)만 쓸 수 있습니다" },
    Entry { id: "d.port.name.consecutive", en: "must not contain consecutive hyphens", ko: "하이픈(-)을 연달아 쓸 수 없습니다" },
    Entry { id: "d.port.name.edge", en: "must not begin or end with a hyphen", ko: "하이픈(-)으로 시작하거나 끝날 수 없습니다" },
    Entry { id: "d.port.name.len", en: "must be no more than 15 characters", ko: "15자를 넘을 수 없습니다" },
    Entry { id: "d.port.name.letter", en: "must contain at least one letter (a-z)", ko: "영문자(a-z)를 하나 이상 포함해야 합니다" },
    Entry { id: "d.port.range", en: "must be between 1 and 65535, inclusive", ko: "1 이상 65535 이하여야 합니다" },
    Entry { id: "d.probe.handler", en: "must specify a handler type", ko: "프로브 방식(exec, httpGet, tcpSocket, grpc 중 하나)을 지정해야 합니다" },
    Entry { id: "d.probe.handlers", en: "may not specify more than 1 handler type", ko: "프로브 방식은 하나만 지정할 수 있습니다" },
    Entry { id: "d.qualified.name", en: "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')", ko: "이름 부분은 영숫자, '-', '_', '.'로만 이루어지고 영숫자로 시작하고 끝나야 합니다 (예: 'MyName', 'my.name', '123-abc'; 검증 정규식 '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" },
    Entry { id: "d.quantity", en: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", ko: "수량은 정규식 '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' 형식이어야 합니다 (예: 1Gi, 500Mi)" },
    Entry { id: "d.quantity.positive", en: "must be greater than zero", ko: "0보다 커야 합니다" },
    Entry { id: "d.rolling.ondelete", en: "only allowed for updateStrategy 'RollingUpdate'", ko: "updateStrategy가 'RollingUpdate'일 때만 쓸 수 있습니다" },
    Entry { id: "d.rolling.recreate", en: "may not be specified when strategy `type` is 'Recreate'", ko: "strategy `type`이 'Recreate'이면 지정할 수 없습니다" },
    Entry { id: "d.sched.exists.key", en: "operator must be Exists when `key` is empty, which means \"match all values and all keys\"", ko: "`key`가 비어 있으면 operator는 Exists여야 합니다(모든 키와 값에 일치한다는 뜻)" },
    Entry { id: "d.sched.exists.value", en: "value must be empty when `operator` is 'Exists'", ko: "`operator`가 'Exists'이면 value는 비어 있어야 합니다" },
    Entry { id: "d.sched.noexecute", en: "effect must be 'NoExecute' when `tolerationSeconds` is set", ko: "`tolerationSeconds`를 지정하면 effect는 'NoExecute'여야 합니다" },
    Entry { id: "d.sched.operator", en: "not a valid selector operator", ko: "올바른 셀렉터 연산자가 아닙니다" },
    Entry { id: "d.sched.terms", en: "must have at least one node selector term", ko: "노드 셀렉터 조건(nodeSelectorTerms)이 하나 이상 있어야 합니다" },
    Entry { id: "d.sched.topology", en: "can not be empty", ko: "비어 있을 수 없습니다" },
    Entry { id: "d.sched.values.exists", en: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", ko: "`operator`가 'Exists'나 'DoesNotExist'이면 지정할 수 없습니다" },
    Entry { id: "d.sched.values.gtlt", en: "must be specified single value when `operator` is 'Lt' or 'Gt'", ko: "`operator`가 'Lt'나 'Gt'이면 값을 하나만 지정해야 합니다" },
    Entry { id: "d.sched.values.in", en: "must be specified when `operator` is 'In' or 'NotIn'", ko: "`operator`가 'In'이나 'NotIn'이면 지정해야 합니다" },
    Entry { id: "d.sched.weight", en: "must be in the range 1-100", ko: "1에서 100 사이여야 합니다" },
    Entry { id: "d.selector.mismatch", en: "`selector` does not match template `labels`", ko: "`selector`가 템플릿의 `labels`와 일치하지 않습니다" },
    Entry { id: "d.sts.deadline", en: "activeDeadlineSeconds in StatefulSet is not Supported", ko: "StatefulSet에서는 activeDeadlineSeconds를 지원하지 않습니다" },
    Entry { id: "d.timeout.range", en: "must be greater than 0 and less than 86400", ko: "0보다 크고 86400보다 작아야 합니다" },
    Entry { id: "d.too.long", en: "must be no more than {0} characters", ko: "{0}자를 넘을 수 없습니다" },
    Entry { id: "d.values.forbidden", en: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", ko: "`operator`가 'Exists' 또는 'DoesNotExist'이면 지정할 수 없습니다" },
    Entry { id: "d.values.required", en: "must be specified when `operator` is 'In' or 'NotIn'", ko: "`operator`가 'In' 또는 'NotIn'이면 반드시 지정해야 합니다" },
    Entry { id: "d.volume.source", en: "must specify a volume type", ko: "볼륨 종류(hostPath, csi 등)를 지정해야 합니다" },
    Entry { id: "fe.duplicate", en: "{0}: Duplicate value: {1}", ko: "{0}: 중복된 값: {1}" },
    Entry { id: "fe.forbidden", en: "{0}: Forbidden: {1}", ko: "{0}: 허용되지 않음: {1}" },
    Entry { id: "fe.invalid", en: "{0}: Invalid value: {1}: {2}", ko: "{0}: 잘못된 값: {1}: {2}" },
    Entry { id: "fe.notfound", en: "{0}: Not found: {1}", ko: "{0}: 찾을 수 없음: {1}" },
    Entry { id: "fe.required", en: "{0}: Required value", ko: "{0}: 필수 값이 없습니다" },
    Entry { id: "fe.required.detail", en: "{0}: Required value: {1}", ko: "{0}: 필수 값이 없습니다: {1}" },
    Entry { id: "fe.toolong", en: "{0}: Too long: {1}", ko: "{0}: 너무 깁니다: {1}" },
    Entry { id: "fe.unsupported", en: "{0}: Unsupported value: {1}: supported values: {2}", ko: "{0}: 지원하지 않는 값: {1}: 쓸 수 있는 값: {2}" },
    Entry { id: "lint.bundle.at.line", en: "line {0}", ko: "{0}번째 줄" },
    Entry { id: "lint.bundle.dup.configured", en: "{0} \"{1}\" is defined again here (first at {2}): kubectl apply creates it from the first and then changes it to this one, reporting \"{3} configured\"; this later definition is what stays", ko: "{0} \"{1}\"이(가) 여기서 다시 정의됩니다(처음은 {2}): kubectl apply는 처음 것으로 만든 뒤 이것으로 바꾸며 \"{3} configured\"라고 보고합니다. 남는 것은 이 나중 정의입니다" },
    Entry { id: "lint.bundle.dup.rejected", en: "{0} \"{1}\" is defined again here (first at {2}) with a change the apiserver does not allow: kubectl apply creates it from the first and rejects this one: {3}", ko: "{0} \"{1}\"이(가) 여기서 다시 정의되지만(처음은 {2}) apiserver가 허용하지 않는 변경이 있습니다: kubectl apply는 처음 것으로 만들고 이것은 거부합니다: {3}" },
    Entry { id: "lint.bundle.dup.unchanged", en: "{0} \"{1}\" is defined again here, the same as at {2}: kubectl apply leaves it as it is and reports \"{3} unchanged\"", ko: "{0} \"{1}\"이(가) 여기서 다시 정의되며 {2}의 정의와 같습니다: kubectl apply는 그대로 두고 \"{3} unchanged\"라고 보고합니다" },
    Entry { id: "lint.bundle.ns.later", en: "namespace \"{0}\" is created only further on (at {1}): kubectl apply sends objects in order, so this one fails with: {2}; put the Namespace before it", ko: "네임스페이스 \"{0}\"은(는) 더 뒤에서야 만들어집니다({1}): kubectl apply는 오브젝트를 순서대로 보내므로 이 오브젝트는 다음 오류로 실패합니다: {2}. Namespace를 이 오브젝트 앞에 두세요" },
    Entry { id: "lint.bundle.ns.missing", en: "namespace \"{0}\" is not on minikube (only default, kube-system, kube-public and kube-node-lease) and these manifests do not create it: kubectl apply fails for this object with: {1}", ko: "네임스페이스 \"{0}\"은(는) minikube에 없고(default, kube-system, kube-public, kube-node-lease만 있음) 이 매니페스트도 만들지 않습니다: 이 오브젝트의 kubectl apply는 다음 오류로 실패합니다: {1}" },
    Entry { id: "lint.named.port.missing", en: "Service \"{0}\" sends port {1} to the named port \"{2}\", but no container of the pods it selects has a port named \"{2}\": those pods are left out of its endpoints and requests fail", ko: "Service \"{0}\"은(는) 포트 {1}을(를) 이름 있는 포트 \"{2}\"로 보내지만, 선택된 파드의 어떤 컨테이너에도 \"{2}\"라는 포트가 없습니다: 그 파드들은 엔드포인트에서 빠지고 요청은 실패합니다" },
    Entry { id: "lint.no.endpoints", en: "Service \"{0}\" selects {1}, but no workload or pod in these manifests has those labels: it will have no endpoints and requests to it will fail", ko: "Service \"{0}\"은(는) {1}을(를) 선택하지만, 이 매니페스트의 어떤 워크로드나 파드도 그 레이블을 갖고 있지 않습니다: 엔드포인트가 없어 요청이 실패합니다" },
    Entry { id: "lint.no.storageclass", en: "StorageClass \"{0}\" does not exist on minikube (only \"standard\") nor in these manifests, and no PersistentVolume here of that class can bind claim \"{1}\": it stays Pending, and so does any pod that uses it", ko: "StorageClass \"{0}\"은(는) minikube에 없고(\"standard\"만 있음) 이 매니페스트에도 없으며, 여기의 그 클래스 PersistentVolume 중 클레임 \"{1}\"을(를) 바인딩할 수 있는 것도 없습니다: 클레임은 Pending에 머물고 이를 쓰는 파드도 Pending에 머뭅니다" },
    Entry { id: "lint.replicas.limit", en: "{0} replicas: podplay does not simulate more than {1} pods in its cluster; it creates pods only up to that limit", ko: "레플리카 {0}개: podplay는 클러스터에서 파드를 {1}개보다 많이 시뮬레이션하지 않습니다. 그 한도까지만 파드를 만듭니다" },
    Entry { id: "lint.replicas.nodes", en: "{0} replicas are more pods than one minikube node runs ({1}): the pods past that stay Pending unless more nodes are started (minikube start --nodes N)", ko: "레플리카 {0}개는 minikube 노드 하나가 실행하는 파드 수({1}개)보다 많습니다: 노드를 더 시작하지 않으면(minikube start --nodes N) 넘는 파드는 Pending에 머뭅니다" },
    Entry { id: "lint.sts.no.service", en: "serviceName \"{0}\" names no Service in these manifests: until a headless Service \"{0}\" exists, the pods get no per-pod DNS names ({1}.{0})", ko: "serviceName \"{0}\"에 해당하는 Service가 이 매니페스트에 없습니다: 헤드리스 Service \"{0}\"가 생기기 전에는 파드별 DNS 이름({1}.{0})이 생기지 않습니다" },
    Entry { id: "lint.sts.not.headless", en: "serviceName \"{0}\" names a Service that is not headless (it has a cluster IP): the pods get no per-pod DNS names; set clusterIP: None on it", ko: "serviceName \"{0}\"이(가) 가리키는 Service는 헤드리스가 아닙니다(클러스터 IP가 있음): 파드별 DNS 이름이 생기지 않습니다. 그 Service에 clusterIP: None을 지정하세요" },
    Entry { id: "lint.target.port.unexposed", en: "Service \"{0}\" sends port {1} to targetPort {2}, but no container of the pods it selects declares containerPort {2}: traffic still goes to port {2} of each pod, so make sure the process listens there", ko: "Service \"{0}\"은(는) 포트 {1}을(를) targetPort {2}로 보내지만, 선택된 파드의 어떤 컨테이너도 containerPort {2}를 선언하지 않았습니다: 트래픽은 여전히 각 파드의 {2}번 포트로 가므로 프로세스가 그 포트에서 듣고 있는지 확인하세요" },
    Entry { id: "lint.template.invalid", en: "the apiserver accepts this StatefulSet, but every pod creation will fail: create Pod {0} in StatefulSet {1} failed error: Pod \"{0}\" is invalid: {2}", ko: "apiserver는 이 StatefulSet을 받아들이지만 파드 생성은 매번 실패합니다: create Pod {0} in StatefulSet {1} failed error: Pod \"{0}\" is invalid: {2}" },
    Entry { id: "obj.decode", en: "{0} in version \"{1}\" cannot be handled as a {0}: {2}", ko: "{1} 버전의 {0}(으)로 해석할 수 없습니다: {2}" },
    Entry { id: "obj.invalid", en: "{0} \"{1}\" is invalid: {2}", ko: "{0} \"{1}\" 검증 실패: {2}" },
    Entry { id: "obj.kind.missing", en: "Object 'Kind' is missing in this document", ko: "이 문서에 'Kind'가 없습니다" },
    Entry { id: "obj.no.match", en: "no matches for kind \"{0}\" in version \"{1}\" (ensure CRDs are installed first)", ko: "\"{1}\" 버전에는 \"{0}\" 종류가 없습니다 (apiVersion을 확인하세요)" },
    Entry { id: "obj.not.object", en: "this document is not a Kubernetes object: expected a mapping with apiVersion, kind and metadata, found {0}", ko: "이 문서는 쿠버네티스 오브젝트가 아닙니다: apiVersion, kind, metadata를 가진 매핑이어야 하는데 {0}이(가) 있습니다" },
    Entry { id: "obj.not.simulated", en: "no matches for kind \"{0}\" in version \"{1}\": Kubernetes 1.34 has no such built-in kind; apply refuses this object and applies the others (a custom resource needs its CustomResourceDefinition, and podplay does not simulate custom resources)", ko: "\"{1}\" 버전에 \"{0}\" 종류가 없습니다: Kubernetes 1.34에 없는 기본 종류입니다. apply는 이 오브젝트만 거절하고 나머지는 적용합니다 (커스텀 리소스는 CustomResourceDefinition이 필요하며, podplay는 커스텀 리소스를 시뮬레이션하지 않습니다)" },
    Entry { id: "obj.stored", en: "podplay stores this {0} and lists it (get, describe, delete), but does not simulate what it does", ko: "podplay는 이 {0}을(를) 저장하고 목록에 보여 주지만(get, describe, delete), 그 동작은 시뮬레이션하지 않습니다" },
    Entry { id: "obj.version.missing", en: "Object 'apiVersion' is missing in this document", ko: "이 문서에 'apiVersion'이 없습니다" },
    Entry { id: "sd.duplicate.field", en: "strict decoding error: duplicate field \"{0}\"", ko: "엄격한 디코딩 오류: 필드 \"{0}\"가 중복되었습니다" },
    Entry { id: "sd.other", en: "json: {0}", ko: "json 디코딩 오류: {0}" },
    Entry { id: "sd.unknown.field", en: "strict decoding error: unknown field \"{0}\"", ko: "엄격한 디코딩 오류: 알 수 없는 필드 \"{0}\"" },
    Entry { id: "sd.unknown.field.hint", en: "strict decoding error: unknown field \"{0}\" (did you mean `{1}`?)", ko: "엄격한 디코딩 오류: 알 수 없는 필드 \"{0}\" (`{1}`을(를) 뜻했나요?)" },
    Entry { id: "sd.wrong.type", en: "json: cannot unmarshal {0} into Go struct field {1} of type {2}", ko: "json: {0} 값을 {2} 타입 필드 {1}에 넣을 수 없습니다" },
    Entry { id: "ui.apply", en: "Apply", ko: "적용" },
    Entry { id: "ui.apply.title", en: "Send the shown file's manifests to the cluster (kubectl apply -f with its name) · Ctrl+Enter", ko: "보이는 파일의 매니페스트를 클러스터에 보냅니다(그 파일 이름으로 kubectl apply -f) · Ctrl+Enter" },
    Entry { id: "ui.branched", en: "⏪ Went back to {0}: a new future starts here. The {1} command(s) after it (up to {2}) are put aside; Undo brings them back.", ko: "⏪ {0}(으)로 돌아가 여기서 새 흐름을 시작합니다. 그 뒤의 명령 {1}개({2}까지)는 따로 보관했으며, 되돌리기로 다시 가져올 수 있습니다." },
    Entry { id: "ui.change.command", en: "command", ko: "명령" },
    Entry { id: "ui.change.created", en: "created", ko: "생성" },
    Entry { id: "ui.change.deleted", en: "deleted", ko: "삭제됨" },
    Entry { id: "ui.change.deleting", en: "deleting", ko: "삭제 중" },
    Entry { id: "ui.change.endpoints", en: "endpoints", ko: "엔드포인트" },
    Entry { id: "ui.change.traffic", en: "traffic", ko: "트래픽" },
    Entry { id: "ui.change.updated", en: "updated", ko: "변경" },
    Entry { id: "ui.change.waiting", en: "waits", ko: "대기" },
    Entry { id: "ui.checks", en: "Problems and objects", ko: "문제와 오브젝트" },
    Entry { id: "ui.close", en: "Close", ko: "닫기" },
    Entry { id: "ui.cmp.bar", en: "Actions for both sides", ko: "양쪽에 함께 적용할 동작" },
    Entry { id: "ui.cmp.delete", en: "Delete pod #k", ko: "파드 #k 삭제" },
    Entry { id: "ui.cmp.differences", en: "What differs", ko: "차이점" },
    Entry { id: "ui.cmp.left", en: "StatefulSet {0} + headless Service {1}", ko: "StatefulSet {0} + 헤드리스 서비스 {1}" },
    Entry { id: "ui.cmp.pod", en: "Pod #k", ko: "파드 #k" },
    Entry { id: "ui.cmp.replicas", en: "Replicas", ko: "레플리카" },
    Entry { id: "ui.cmp.restart", en: "Restart", ko: "재시작" },
    Entry { id: "ui.cmp.right", en: "Deployment {0} + ClusterIP Service {1}", ko: "Deployment {0} + ClusterIP 서비스 {1}" },
    Entry { id: "ui.cmp.scale", en: "Scale", ko: "스케일" },
    Entry { id: "ui.cmp.traffic", en: "Send 10 requests", ko: "요청 10개 보내기" },
    Entry { id: "ui.cmp.write", en: "Write index.html in pod #k", ko: "파드 #k에 index.html 쓰기" },
    Entry { id: "ui.console", en: "Console", ko: "콘솔" },
    Entry { id: "ui.console.copied", en: "Copied", ko: "복사됨" },
    Entry { id: "ui.console.copy", en: "Copy", ko: "복사" },
    Entry { id: "ui.console.discarded", en: "put aside", ko: "보관됨" },
    Entry { id: "ui.console.input", en: "Command", ko: "명령" },
    Entry { id: "ui.console.keys", en: "Enter runs · ↑/↓ history · Tab completes · Ctrl-C stops · Ctrl-L clears", ko: "Enter 실행 · ↑/↓ 기록 · Tab 자동 완성 · Ctrl-C 중지 · Ctrl-L 화면 지우기" },
    Entry { id: "ui.console.log", en: "Console output", ko: "콘솔 출력" },
    Entry { id: "ui.console.running", en: "Running… Ctrl-C stops it.", ko: "실행 중… Ctrl-C로 멈춥니다." },
    Entry { id: "ui.console.stop", en: "Stop (Ctrl-C)", ko: "중지 (Ctrl-C)" },
    Entry { id: "ui.console.terminal", en: "Terminal {0}", ko: "터미널 {0}" },
    Entry { id: "ui.console.terminal.add", en: "New terminal", ko: "새 터미널" },
    Entry { id: "ui.console.terminal.close", en: "Close terminal {0}", ko: "터미널 {0} 닫기" },
    Entry { id: "ui.console.terminals", en: "Terminals", ko: "터미널" },
    Entry { id: "ui.console.welcome", en: "Welcome! Type minikube start to start a cluster, then help to see the commands.", ko: "환영합니다! minikube start 를 입력해 클러스터를 시작하고, help 로 명령 목록을 보세요." },
    Entry { id: "ui.console.wrap", en: "Wrap lines", ko: "줄 바꿈" },
    Entry { id: "ui.console.wrap.title", en: "On: long lines wrap. Off: kubectl's columns stay on one line and the output scrolls sideways.", ko: "켜면 긴 줄을 접어 보여 줍니다. 끄면 kubectl의 열이 한 줄에 그대로 있고 출력을 옆으로 스크롤합니다." },
    Entry { id: "ui.default.tag", en: "default", ko: "기본값" },
    Entry { id: "ui.defaults.legend", en: "marked lines were filled in by Kubernetes defaults", ko: "표시된 줄은 쿠버네티스 기본값으로 채워졌습니다" },
    Entry { id: "ui.details", en: "Details", ko: "자세히" },
    Entry { id: "ui.diagnostics", en: "Problems", ko: "문제" },
    Entry { id: "ui.divider.console", en: "Resize the console", ko: "콘솔 크기 조절" },
    Entry { id: "ui.divider.editor", en: "Resize the editor", ko: "편집기 크기 조절" },
    Entry { id: "ui.dns.data", en: "Answer", ko: "응답" },
    Entry { id: "ui.dns.name", en: "Name", ko: "이름" },
    Entry { id: "ui.dns.none", en: "No DNS records yet: apply a Service.", ko: "아직 DNS 레코드가 없습니다: 서비스를 적용하세요." },
    Entry { id: "ui.dns.nxdomain", en: "no answer (NXDOMAIN)", ko: "응답 없음(NXDOMAIN)" },
    Entry { id: "ui.dns.query", en: "Look up a name from a pod in default", ko: "default 네임스페이스의 파드에서 이름 조회" },
    Entry { id: "ui.dns.system", en: "Show the cluster's own records ({0})", ko: "클러스터 자체 레코드 보기({0}개)" },
    Entry { id: "ui.dns.tried", en: "Names tried along the search path", ko: "검색 경로를 따라 시도한 이름" },
    Entry { id: "ui.dns.type", en: "Type", ko: "유형" },
    Entry { id: "ui.editor", en: "Manifests", ko: "매니페스트" },
    Entry { id: "ui.editor.hide", en: "Hide manifests", ko: "매니페스트 숨기기" },
    Entry { id: "ui.editor.label", en: "Kubernetes manifests (YAML)", ko: "쿠버네티스 매니페스트 (YAML)" },
    Entry { id: "ui.editor.show", en: "Show manifests", ko: "매니페스트 보기" },
    Entry { id: "ui.embed.autoplay", en: "Play from the start", ko: "처음부터 재생" },
    Entry { id: "ui.embed.code", en: "Embed", ko: "임베드" },
    Entry { id: "ui.embed.code.title", en: "Get the HTML that embeds this session as a live figure in another page", ko: "이 세션을 다른 페이지에 살아 있는 그림으로 넣는 HTML 가져오기" },
    Entry { id: "ui.embed.copied", en: "Code copied", ko: "코드 복사됨" },
    Entry { id: "ui.embed.copy", en: "Copy code", ko: "코드 복사" },
    Entry { id: "ui.embed.help", en: "Paste this into a page to show the session as it is now. Visitors' saved work is never touched.", ko: "이 코드를 페이지에 붙여 넣으면 지금 이 세션을 보여 줍니다. 방문자가 저장한 작업은 건드리지 않습니다." },
    Entry { id: "ui.embed.open", en: "Open in podplay", ko: "podplay에서 열기" },
    Entry { id: "ui.embed.open.title", en: "Open this figure as it is now in a whole podplay page (new tab)", ko: "이 그림을 지금 상태 그대로 podplay 전체 페이지로 열기 (새 탭)" },
    Entry { id: "ui.embed.panel.console", en: "Console", ko: "콘솔" },
    Entry { id: "ui.embed.panel.editor", en: "Manifests", ko: "매니페스트" },
    Entry { id: "ui.embed.panel.scene", en: "Scene", ko: "장면" },
    Entry { id: "ui.embed.panels", en: "Show", ko: "표시할 패널" },
    Entry { id: "ui.embed.snippet", en: "Embed code", ko: "임베드 코드" },
    Entry { id: "ui.embed.title", en: "Embed this session", ko: "이 세션 임베드하기" },
    Entry { id: "ui.endpoints", en: "endpoints", ko: "엔드포인트" },
    Entry { id: "ui.errors", en: "errors", ko: "오류" },
    Entry { id: "ui.events.none", en: "Nothing has happened yet.", ko: "아직 아무 일도 일어나지 않았습니다." },
    Entry { id: "ui.example", en: "Example", ko: "예제" },
    Entry { id: "ui.example.all", en: "All three together", ko: "세 파일 모두" },
    Entry { id: "ui.example.custom", en: "Your text", ko: "직접 입력" },
    Entry { id: "ui.example.deployment", en: "Deployment + ClusterIP Service", ko: "Deployment + ClusterIP 서비스" },
    Entry { id: "ui.example.headless", en: "Headless Service", ko: "헤드리스 서비스" },
    Entry { id: "ui.example.statefulset", en: "StatefulSet", ko: "StatefulSet" },
    Entry { id: "ui.export", en: "Export", ko: "내보내기" },
    Entry { id: "ui.export.png", en: "Scene as PNG", ko: "장면 PNG" },
    Entry { id: "ui.export.script", en: "History as a podplay run script", ko: "기록을 podplay run 스크립트로" },
    Entry { id: "ui.export.svg", en: "Scene as SVG", ko: "장면 SVG" },
    Entry { id: "ui.export.transcript", en: "Console transcript (text)", ko: "콘솔 기록 (텍스트)" },
    Entry { id: "ui.file.add", en: "New file", ko: "새 파일" },
    Entry { id: "ui.file.close", en: "Close {0}", ko: "{0} 닫기" },
    Entry { id: "ui.file.closed", en: "{0} was closed.", ko: "{0} 파일을 닫았습니다." },
    Entry { id: "ui.file.dismiss", en: "Keep it this way", ko: "이대로 두기" },
    Entry { id: "ui.file.error.empty", en: "A file needs a name.", ko: "파일 이름을 입력하세요." },
    Entry { id: "ui.file.error.path", en: "Use a plain file name: no /, and not . or ..", ko: "폴더 없이 파일 이름만 쓰세요. /, ., ..는 쓸 수 없습니다." },
    Entry { id: "ui.file.error.taken", en: "Another file already has this name.", ko: "같은 이름의 파일이 이미 있습니다." },
    Entry { id: "ui.file.loaded", en: "The page around podplay loaded its manifests into {0}.", ko: "podplay를 담은 페이지가 매니페스트를 {0}에 불러왔습니다." },
    Entry { id: "ui.file.name", en: "New name for {0}", ko: "{0}의 새 이름" },
    Entry { id: "ui.file.rename", en: "Rename {0} (or double-click its tab)", ko: "{0} 이름 바꾸기 (탭을 두 번 클릭해도 됩니다)" },
    Entry { id: "ui.file.replaced", en: "The example replaced your edits in {0}.", ko: "예제가 {0}에서 편집한 내용을 대신했습니다." },
    Entry { id: "ui.file.restored", en: "Your saved files (kept by this browser or written in another tab) replaced the edits here. Undo brings the edits back.", ko: "저장된 파일(이 브라우저에 저장된 것 또는 다른 탭에서 쓴 것)이 여기서 편집한 내용을 바꿨습니다. 실행 취소하면 편집 내용이 돌아옵니다." },
    Entry { id: "ui.file.tabs", en: "Files (kubectl apply -f reads them by name)", ko: "파일 (kubectl apply -f가 이름으로 읽습니다)" },
    Entry { id: "ui.file.undo", en: "Undo", ko: "되돌리기" },
    Entry { id: "ui.first.applying", en: "Apply is noted: the cluster starts as soon as the simulation has loaded.", ko: "적용을 받아 두었습니다. 시뮬레이션을 다 불러오면 바로 클러스터가 시작됩니다." },
    Entry { id: "ui.first.console", en: "The kubectl console opens when the simulation has loaded.", ko: "시뮬레이션을 다 불러오면 kubectl 콘솔이 열립니다." },
    Entry { id: "ui.first.loading", en: "Loading the cluster simulation… You can edit the manifests and press Apply meanwhile.", ko: "클러스터 시뮬레이션을 불러오는 중… 그동안 매니페스트를 고치고 적용을 눌러도 됩니다." },
    Entry { id: "ui.goto.line", en: "Show line {0} in the editor", ko: "편집기에서 {0}번째 줄 보기" },
    Entry { id: "ui.group.bare", en: "Pods without a controller", ko: "컨트롤러 없는 파드" },
    Entry { id: "ui.key.apply", en: "Apply the editor's manifests", ko: "편집기의 매니페스트 적용" },
    Entry { id: "ui.key.close", en: "Close this sheet", ko: "이 창 닫기" },
    Entry { id: "ui.key.compare", en: "Switch between the cluster and the comparison", ko: "클러스터와 비교 화면 전환" },
    Entry { id: "ui.key.help", en: "Show or hide this sheet", ko: "이 창 보이기/숨기기" },
    Entry { id: "ui.key.live", en: "Back to the present", ko: "현재로 돌아가기" },
    Entry { id: "ui.key.play", en: "Play or pause", ko: "재생/일시 정지" },
    Entry { id: "ui.key.speed", en: "Faster or slower", ko: "빠르게/느리게" },
    Entry { id: "ui.key.step", en: "One event forward", ko: "이벤트 하나 앞으로" },
    Entry { id: "ui.keys.hint", en: "? for keys", ko: "? 단축키" },
    Entry { id: "ui.keys.more", en: "In the console: Enter runs, ↑/↓ history, Tab completes, Ctrl-C stops. Arrow keys move a focused divider.", ko: "콘솔에서: Enter 실행, ↑/↓ 기록, Tab 자동 완성, Ctrl-C 중지. 포커스된 구분선은 화살표 키로 움직입니다." },
    Entry { id: "ui.keys.title", en: "Keyboard shortcuts", ko: "키보드 단축키" },
    Entry { id: "ui.lang.en", en: "English", ko: "English" },
    Entry { id: "ui.lang.ko", en: "한국어", ko: "한국어" },
    Entry { id: "ui.language", en: "Language", ko: "언어" },
    Entry { id: "ui.line", en: "line", ko: "줄" },
    Entry { id: "ui.live", en: "Back to now", ko: "현재로" },
    Entry { id: "ui.mode", en: "View", ko: "보기" },
    Entry { id: "ui.mode.cluster", en: "Cluster", ko: "클러스터" },
    Entry { id: "ui.mode.compare", en: "Compare", ko: "비교" },
    Entry { id: "ui.more", en: "… and {0} more not shown", ko: "… 외 {0}개는 표시하지 않았습니다" },
    Entry { id: "ui.no.objects", en: "No objects yet: paste or pick manifests.", ko: "아직 오브젝트가 없습니다: 매니페스트를 붙여 넣거나 예제를 고르세요." },
    Entry { id: "ui.no.problems", en: "No problems found.", ko: "문제가 없습니다." },
    Entry { id: "ui.not.simulated", en: "not simulated", ko: "시뮬레이션 안 함" },
    Entry { id: "ui.object.errors", en: "errors: {0}", ko: "오류 {0}개" },
    Entry { id: "ui.objects", en: "Objects", ko: "오브젝트" },
    Entry { id: "ui.past", en: "Looking back: an action from here discards what came after.", ko: "과거 보기: 여기서 동작하면 그 뒤의 일은 버려집니다." },
    Entry { id: "ui.past.n", en: "Looking back at {0}: an action from here starts a new future and puts aside the {1} command(s) after it (Undo brings them back).", ko: "{0} 시점 보기: 여기서 동작하면 새 흐름이 시작되고 그 뒤의 명령 {1}개는 따로 보관됩니다(되돌리기로 복구)." },
    Entry { id: "ui.pause", en: "Pause", ko: "일시 정지" },
    Entry { id: "ui.play", en: "Play", ko: "재생" },
    Entry { id: "ui.playback", en: "Playback", ko: "재생 제어" },
    Entry { id: "ui.pvc.mounted", en: "mounted", ko: "마운트됨" },
    Entry { id: "ui.pvc.waiting", en: "waiting for its pod", ko: "파드를 기다리는 중" },
    Entry { id: "ui.saving.conflict", en: "These files were changed in another tab. This tab stopped saving so that neither is overwritten silently.", ko: "이 파일은 다른 탭에서 바뀌었습니다. 어느 쪽도 모르게 덮어쓰지 않도록 이 탭은 저장을 멈췄습니다." },
    Entry { id: "ui.saving.download", en: "Download the files", ko: "파일 내려받기" },
    Entry { id: "ui.saving.mine", en: "Keep mine (overwrite)", ko: "내 것 유지(덮어쓰기)" },
    Entry { id: "ui.saving.refused", en: "This browser refused to keep your files (its storage is full or turned off): they will be lost when the page closes.", ko: "이 브라우저가 파일 저장을 거부했습니다(저장 공간이 가득 찼거나 꺼져 있음). 페이지를 닫으면 파일이 사라집니다." },
    Entry { id: "ui.saving.theirs", en: "Load theirs", ko: "다른 탭의 것 불러오기" },
    Entry { id: "ui.scene", en: "The cluster: Services, the node with its pods, and storage", ko: "클러스터: 서비스, 파드가 있는 노드, 스토리지" },
    Entry { id: "ui.scene.empty", en: "No cluster yet. Press Apply (or type minikube start in the console).", ko: "아직 클러스터가 없습니다. 적용을 누르세요(또는 콘솔에 minikube start 입력)." },
    Entry { id: "ui.scene.pods_busy", en: "The pods are changing while time runs, so they have no buttons now: pause to go through them by keyboard. Events and the narration say what changes.", ko: "시간이 흐르는 동안 파드가 바뀌고 있어 지금은 버튼이 없습니다. 키보드로 하나씩 살펴보려면 일시 정지하세요. 무엇이 바뀌는지는 이벤트와 음성 안내가 알려 줍니다." },
    Entry { id: "ui.severity.error", en: "error", ko: "오류" },
    Entry { id: "ui.severity.warning", en: "warning", ko: "경고" },
    Entry { id: "ui.share.copied", en: "Link copied", ko: "링크 복사됨" },
    Entry { id: "ui.share.copy", en: "Copy link", ko: "링크 복사" },
    Entry { id: "ui.share.copy.title", en: "Copy a link that opens this whole session: files, commands, moment and view (kept in the link itself, sent to no server)", ko: "이 세션 전체(파일, 명령, 시점, 화면)를 여는 링크를 복사합니다(링크 안에만 담기고 서버로 보내지지 않습니다)" },
    Entry { id: "ui.share.keep", en: "Keep this as my work", ko: "내 작업으로 저장" },
    Entry { id: "ui.share.opened", en: "Opened from a link. Your own saved files are kept as they were until you edit here or keep this as your work.", ko: "링크로 열었습니다. 여기서 편집하거나 내 작업으로 저장하기 전까지 내가 저장한 파일은 그대로 남습니다." },
    Entry { id: "ui.slot", en: "not created yet", ko: "아직 생성 안 됨" },
    Entry { id: "ui.speed", en: "Speed", ko: "속도" },
    Entry { id: "ui.stage", en: "Cluster", ko: "클러스터" },
    Entry { id: "ui.step", en: "Step", ko: "한 단계" },
    Entry { id: "ui.storage", en: "Storage no pod holds: PersistentVolumeClaims above their PersistentVolumes", ko: "파드가 쓰지 않는 스토리지: PersistentVolumeClaim과 그 아래의 PersistentVolume" },
    Entry { id: "ui.stored.title", en: "Kept, not simulated: objects of kinds podplay stores and lists", ko: "저장만 함: podplay가 저장하고 보여 주지만 시뮬레이션하지 않는 오브젝트" },
    Entry { id: "ui.svc.clusterip", en: "ClusterIP (virtual IP)", ko: "ClusterIP(가상 IP)" },
    Entry { id: "ui.svc.headless", en: "headless", ko: "헤드리스" },
    Entry { id: "ui.svc.more", en: "+{0} more records", ko: "레코드 {0}개 더" },
    Entry { id: "ui.system.pods", en: "{0} kube-system pods not shown", ko: "kube-system 파드 {0}개는 표시 안 함" },
    Entry { id: "ui.tab.dns", en: "DNS", ko: "DNS" },
    Entry { id: "ui.tab.events", en: "Events", ko: "이벤트" },
    Entry { id: "ui.tab.traffic", en: "Traffic", ko: "트래픽" },
    Entry { id: "ui.tagline", en: "a Kubernetes playground in your browser", ko: "브라우저 안의 쿠버네티스 놀이터" },
    Entry { id: "ui.theme", en: "Theme", ko: "테마" },
    Entry { id: "ui.theme.dark", en: "Dark", ko: "어둡게" },
    Entry { id: "ui.theme.light", en: "Light", ko: "밝게" },
    Entry { id: "ui.theme.system", en: "System theme", ko: "시스템 테마" },
    Entry { id: "ui.timeline", en: "Timeline", ko: "타임라인" },
    Entry { id: "ui.traffic.burst", en: "Send 10 now", ko: "지금 10개 보내기" },
    Entry { id: "ui.traffic.client", en: "From pod", ko: "보내는 파드" },
    Entry { id: "ui.traffic.histogram", en: "Requests answered per pod", ko: "파드별 응답 수" },
    Entry { id: "ui.traffic.iptables", en: "iptables (random)", ko: "iptables(무작위)" },
    Entry { id: "ui.traffic.ipvs", en: "IPVS (round-robin)", ko: "IPVS(라운드 로빈)" },
    Entry { id: "ui.traffic.mode", en: "kube-proxy mode", ko: "kube-proxy 모드" },
    Entry { id: "ui.traffic.none", en: "Traffic needs a Service and a running pod: apply the manifests first.", ko: "트래픽에는 서비스와 실행 중인 파드가 필요합니다: 먼저 매니페스트를 적용하세요." },
    Entry { id: "ui.traffic.rate", en: "{0} requests/s", ko: "초당 요청 {0}개" },
    Entry { id: "ui.traffic.start", en: "Start traffic", ko: "트래픽 시작" },
    Entry { id: "ui.traffic.stop", en: "Stop traffic", ko: "트래픽 멈춤" },
    Entry { id: "ui.traffic.target", en: "To", ko: "받는 곳" },
    Entry { id: "ui.traffic.total", en: "{0} answered, {1} failed", ko: "응답 {0}개, 실패 {1}개" },
    Entry { id: "ui.undo", en: "Undo", ko: "되돌리기" },
    Entry { id: "ui.undo.note", en: "The future after {0} ({1} command(s)) is put aside.", ko: "{0} 이후의 흐름(명령 {1}개)을 따로 보관 중입니다." },
    Entry { id: "ui.undone", en: "↩ Brought back the future after {0} (up to {1}); what was done since is put aside, and Undo swaps them again.", ko: "↩ {0} 이후의 흐름({1}까지)을 다시 가져왔습니다. 그사이 한 일은 따로 보관했으며, 되돌리기로 다시 바꿀 수 있습니다." },
    Entry { id: "ui.update.ready", en: "A new version is ready.", ko: "새 버전이 준비되었습니다." },
    Entry { id: "ui.update.reload", en: "Reload", ko: "새로 고침" },
    Entry { id: "ui.warnings", en: "warnings", ko: "경고" },
    Entry { id: "ui.why.delete", en: "Delete {0}", ko: "{0} 삭제" },
    Entry { id: "ui.why.fields", en: "From these fields", ko: "이 필드에서 나옴" },
    Entry { id: "ui.why.gone", en: "It no longer exists at this moment.", ko: "이 시점에는 더 이상 존재하지 않습니다." },
    Entry { id: "ui.why.hint", en: "Click a pod, claim, volume, Service or DNS record to see why it is there.", ko: "파드, 클레임, 볼륨, 서비스, DNS 레코드를 누르면 왜 생겼는지 보여 줍니다." },
    Entry { id: "ui.why.noteditor", en: "not in the editor's text", ko: "편집기 텍스트에 없음" },
    Entry { id: "ui.why.text", en: "Text to write", ko: "쓸 내용" },
    Entry { id: "ui.why.write", en: "Write index.html", ko: "index.html 쓰기" },
    Entry { id: "y.alias.bomb", en: "aliases expand to more than {0} nodes: refused (is this a YAML alias bomb?)", ko: "별칭(alias)이 {0}개가 넘는 노드로 펼쳐집니다: 거부했습니다 (YAML 별칭 폭탄인가요?)" },
    Entry { id: "y.complex.key", en: "error converting YAML to JSON: a mapping key must be a plain value, not a mapping or a list", ko: "YAML을 JSON으로 바꾸는 중 오류: 매핑 키는 매핑이나 리스트가 아닌 단순 값이어야 합니다" },
    Entry { id: "y.duplicate.key", en: "error converting YAML to JSON: yaml: unmarshal errors: line {0}: key \"{1}\" already set in map", ko: "YAML을 JSON으로 바꾸는 중 오류: {0}번째 줄: 키 \"{1}\"이(가) 이미 있습니다" },
    Entry { id: "y.no.objects", en: "no objects passed to apply", ko: "apply할 오브젝트가 없습니다 (no objects passed to apply)" },
    Entry { id: "y.reader", en: "error converting YAML to JSON: yaml: {0}", ko: "YAML을 JSON으로 바꾸는 중 오류: {0}" },
    Entry { id: "y.syntax", en: "error converting YAML to JSON: yaml: line {0}: {1}", ko: "YAML을 JSON으로 바꾸는 중 오류: {0}번째 줄: {1}" },
    Entry { id: "y.too.big", en: "the input is {0} bytes; podplay reads at most {1} bytes", ko: "입력이 {0}바이트입니다; podplay는 최대 {1}바이트까지 읽습니다" },
    Entry { id: "y.too.deep", en: "nesting deeper than {0} levels: refused", ko: "{0}단계보다 깊게 중첩되어 거부했습니다" },
    Entry { id: "y.too.many", en: "more than {0} objects: podplay reads at most {0}", ko: "오브젝트가 {0}개를 넘습니다: podplay는 최대 {0}개까지 읽습니다" },
    Entry { id: "y.unknown.alias", en: "error converting YAML to JSON: unknown anchor referenced by alias", ko: "YAML을 JSON으로 바꾸는 중 오류: 정의되지 않은 앵커를 별칭이 가리킵니다" },
];

/// What only the simulation, the console and the scene say: apart, so that the page's first
/// module (built with the `first-module` feature) does not carry it. Sorted by id too.
pub static SIM_TABLE: &[Entry] = &[
    Entry { id: "cli.summary", en: "{0} errors, {1} warnings in {2} files ({3} objects)", ko: "파일 {2}개(오브젝트 {3}개)에서 오류 {0}개, 경고 {1}개" },
    Entry { id: "console.delete.unsupported", en: "podplay: {0} are written by the cluster's controllers here and cannot be deleted by hand", ko: "podplay: 여기서 {0}는 클러스터 컨트롤러가 관리하므로 직접 삭제할 수 없습니다" },
    Entry { id: "console.edit.unsupported", en: "podplay does not simulate changing {0} by hand (real kubectl can)", ko: "podplay는 {0}를 직접 변경하는 것을 시뮬레이션하지 않습니다(실제 kubectl은 가능합니다)" },
    Entry { id: "console.exec.app", en: "podplay: {0} is a program of the application in {1}; podplay simulates the container around it, not the application, so it does not run here", ko: "podplay: {0}은(는) {1} 안의 애플리케이션 프로그램입니다. podplay는 컨테이너만 시뮬레이션하고 애플리케이션은 실행하지 않으므로 여기서는 동작하지 않습니다" },
    Entry { id: "console.fetch.mapped", en: "podplay: no network here; {1} is answered with your own file {0}", ko: "podplay: 여기에는 네트워크가 없어 {1} 대신 내 파일 {0}을(를) 사용했습니다" },
    Entry { id: "console.fetch.missing", en: "podplay: no network here; paste that file into the editor as {0} and run the command again", ko: "podplay: 여기에는 네트워크가 없습니다. 그 파일을 편집기에 {0} 이름으로 붙여 넣고 명령을 다시 실행하세요" },
    Entry { id: "console.get.template_func", en: "podplay: Go templates have {0}, but podplay does not simulate it", ko: "podplay: Go 템플릿에는 {0}이(가) 있지만 podplay는 이를 시뮬레이션하지 않습니다" },
    Entry { id: "console.help", en: "podplay console: a simulated minikube cluster (Kubernetes v1.34).\n  minikube start | status          start the cluster, show its state\n  kubectl get|describe|apply|create|delete|scale|patch|rollout|wait|exec|run|logs\n  kubectl label|annotate|set|expose|cordon|uncordon|drain\n  ls, cat FILE                      the editor's documents (for kubectl apply -f FILE)\n  sleep N                           let N seconds of cluster time pass\n  for/if/while, &&, ||, |, $(...), > FILE, cat <<EOF > FILE, CMD &, jobs, kill %1\n                                    the shell the tutorials write\n  clear, history, help\nKeys: Enter runs, Up/Down walk the history, Tab completes, Ctrl-C stops a running command.", ko: "podplay 콘솔: 시뮬레이션된 minikube 클러스터 (쿠버네티스 v1.34).\n  minikube start | status          클러스터 시작, 상태 보기\n  kubectl get|describe|apply|create|delete|scale|patch|rollout|wait|exec|run|logs\n  kubectl label|annotate|set|expose|cordon|uncordon|drain\n  ls, cat FILE                      편집기의 문서 (kubectl apply -f FILE 용)\n  sleep N                           클러스터 시간을 N초 흘려보내기\n  for/if/while, &&, ||, |, $(...), > FILE, cat <<EOF > FILE, CMD &, jobs, kill %1\n                                    튜토리얼이 쓰는 셸 문법\n  clear, history, help\n키: Enter 실행, 위/아래 기록 탐색, Tab 자동 완성, Ctrl-C 실행 중인 명령 중지." },
    Entry { id: "console.host.network", en: "podplay: {0} from your machine cannot reach cluster addresses; run it inside a pod, e.g. kubectl run -it --rm --image=busybox:1.28 dns-test -- /bin/sh", ko: "podplay: 내 컴퓨터에서 실행한 {0}는 클러스터 주소에 닿지 않습니다. 파드 안에서 실행하세요. 예: kubectl run -it --rm --image=busybox:1.28 dns-test -- /bin/sh" },
    Entry { id: "console.kubectl.flag", en: "podplay does not simulate the flag {0} of `kubectl {1}` (real kubectl has it)", ko: "podplay는 `kubectl {1}`의 {0} 플래그(실제 kubectl에 있음)를 시뮬레이션하지 않습니다" },
    Entry { id: "console.kubectl.unsupported", en: "podplay does not simulate `kubectl {0}` (a real kubectl command); type help for the commands it answers", ko: "podplay는 `kubectl {0}`(실제 kubectl 명령)를 시뮬레이션하지 않습니다. 지원하는 명령은 help로 확인하세요" },
    Entry { id: "console.kubectl.usage", en: "kubectl controls the Kubernetes cluster manager.\n\nCommands podplay answers:\n  get, describe, apply, create, delete, scale, patch, label, annotate, set, expose, rollout, wait, exec, run, logs, drain, version, cluster-info, cordon, uncordon", ko: "kubectl controls the Kubernetes cluster manager.\n\npodplay가 답하는 명령:\n  get, describe, apply, create, delete, scale, patch, label, annotate, set, expose, rollout, wait, exec, run, logs, drain, version, cluster-info, cordon, uncordon" },
    Entry { id: "console.kustomize.field", en: "podplay: kustomize has {0}, but podplay does not simulate it; this kustomization was not built", ko: "podplay: kustomize에는 {0} 기능이 있지만 podplay는 시뮬레이션하지 않습니다. 이 kustomization은 빌드하지 않았습니다" },
    Entry { id: "console.kustomize.flag", en: "podplay: kubectl kustomize {0} is a real flag that podplay does not simulate", ko: "podplay: kubectl kustomize {0}는 실제 플래그이지만 podplay는 시뮬레이션하지 않습니다" },
    Entry { id: "console.limit.pods", en: "Warning: podplay does not simulate more than {0} pods in its cluster: {1} asks for {2} replicas, and its controller creates pods only up to that limit", ko: "Warning: podplay는 클러스터에서 파드를 {0}개보다 많이 시뮬레이션하지 않습니다: {1}은(는) 레플리카 {2}개를 요청하지만, 컨트롤러는 그 한도까지만 파드를 만듭니다" },
    Entry { id: "console.logs.follow", en: "podplay does not simulate following logs (`kubectl logs -f`): these are the lines written so far", ko: "podplay는 로그 따라가기(`kubectl logs -f`)를 시뮬레이션하지 않습니다. 지금까지 기록된 줄입니다" },
    Entry { id: "console.minikube.browser", en: "podplay: minikube service opens the service in a browser, which podplay cannot do; minikube service {0} --url prints its address", ko: "podplay: minikube service는 브라우저로 서비스를 여는데 podplay에서는 할 수 없습니다. minikube service {0} --url로 주소를 볼 수 있습니다" },
    Entry { id: "console.minikube.unsupported", en: "podplay does not simulate `minikube {0}` (a real minikube command); minikube start, status, ip and service are answered", ko: "podplay는 `minikube {0}`(실제 minikube 명령)를 시뮬레이션하지 않습니다. minikube start, status, ip, service만 지원합니다" },
    Entry { id: "console.sandbox", en: "podplay: `podplay run` reads only regular files, up to 16 MiB each, inside the script's folder (or its --root)", ko: "podplay: `podplay run`은 스크립트 폴더(또는 --root) 안의 16 MiB 이하 일반 파일만 읽습니다" },
    Entry { id: "console.shell.jobs", en: "podplay: a terminal runs at most {0} background jobs at once; the line was stopped (wait for them, or kill %N)", ko: "podplay: 터미널 하나에서 백그라운드 작업은 한 번에 {0}개까지 실행됩니다. 이 줄은 중지되었습니다 (작업이 끝나길 기다리거나 kill %N으로 끝내세요)" },
    Entry { id: "console.shell.runaway", en: "podplay: this line ran 100000 steps without waiting for the cluster; it was stopped", ko: "podplay: 이 줄은 클러스터를 기다리지 않고 100000단계를 실행해 중지되었습니다" },
    Entry { id: "console.shell.unsupported", en: "podplay: the shell here does not run '{0}'; it runs ;, &&, ||, pipes, for, if, while, variables, $(...) and here-documents", ko: "podplay: 여기 셸은 '{0}'를 실행하지 않습니다. ;, &&, ||, 파이프, for, if, while, 변수, $(...), here-document를 실행합니다" },
    Entry { id: "console.too.busy", en: "podplay: the cluster is too busy to finish this command; it was stopped", ko: "podplay: 클러스터가 너무 바빠 이 명령을 끝내지 못하고 멈췄습니다" },
    Entry { id: "describe.stored.note", en: "(podplay keeps this {0} and shows it as the apiserver stores it, but does not simulate what it does.)", ko: "(podplay는 이 {0}을(를) apiserver가 저장하는 그대로 보여 주지만, 그 동작은 시뮬레이션하지 않습니다.)" },
    Entry { id: "engine.adopted", en: "{0} adopted by {1}: its labels match the selector", ko: "{0}을(를) {1}이(가) 거둠: 레이블이 셀렉터와 일치" },
    Entry { id: "engine.applied", en: "{0} {1} created", ko: "{0} {1} 생성됨" },
    Entry { id: "engine.booted", en: "minikube is up: the node, system pods and CoreDNS are ready", ko: "minikube 시작 완료: 노드, 시스템 파드, CoreDNS가 준비됨" },
    Entry { id: "engine.config.error", en: "The kubelet cannot start {0}'s containers: {1}. They wait (CreateContainerConfigError) and start once it exists.", ko: "kubelet이 {0}의 컨테이너를 시작하지 못합니다: {1}. 컨테이너는 기다리다가(CreateContainerConfigError) 그것이 생기면 시작합니다." },
    Entry { id: "engine.configured", en: "{0} {1} changed by apply", ko: "apply로 {0} {1} 변경됨" },
    Entry { id: "engine.create.invalid", en: "{0} cannot be created: {1}", ko: "{0}을(를) 만들 수 없음: {1}" },
    Entry { id: "engine.delete.cmd", en: "{0} {1} deleted on request", ko: "요청에 따라 {0} {1} 삭제" },
    Entry { id: "engine.deploy.collision", en: "ReplicaSet {0} already exists and belongs to something else", ko: "ReplicaSet {0}이(가) 이미 있고 다른 오브젝트 소유임" },
    Entry { id: "engine.deploy.newrs", en: "new pod template (hash {1}): ReplicaSet {0} created with {2} replicas", ko: "새 파드 템플릿(해시 {1}): ReplicaSet {0}을(를) 레플리카 {2}개로 생성" },
    Entry { id: "engine.deploy.old.down", en: "old ReplicaSet {0} scaled down: enough new pods are available (at least {1} must stay available)", ko: "이전 ReplicaSet {0} 축소: 새 파드가 충분히 준비됨(최소 {1}개는 계속 사용 가능해야 함)" },
    Entry { id: "engine.deploy.old.unhealthy", en: "unhealthy pods of old ReplicaSet {0} removed first", ko: "이전 ReplicaSet {0}의 비정상 파드를 먼저 제거" },
    Entry { id: "engine.deploy.recreate.down", en: "Recreate: old ReplicaSet {0} scaled to 0 first", ko: "Recreate: 이전 ReplicaSet {0}을(를) 먼저 0으로 축소" },
    Entry { id: "engine.deploy.recreate.wait", en: "Recreate waits for {0} old pods to be gone", ko: "Recreate: 이전 파드 {0}개가 사라지기를 기다림" },
    Entry { id: "engine.deploy.scale", en: "scaled to {0} replicas", ko: "레플리카 {0}개로 조정" },
    Entry { id: "engine.deploy.surge", en: "rolling update: ReplicaSet {0} grows (maxSurge {1} allows {2} pods in total)", ko: "롤링 업데이트: ReplicaSet {0} 확장(maxSurge {1}이므로 전체 {2}개까지 허용)" },
    Entry { id: "engine.deploy.wait.available", en: "rolling update waits: {0} pods must stay available (maxUnavailable {1})", ko: "롤링 업데이트 대기: 파드 {0}개는 계속 사용 가능해야 함(maxUnavailable {1})" },
    Entry { id: "engine.ds.create", en: "{0} has no pod on node {1}: creating one, pinned to that node by node affinity", ko: "{0}의 파드가 노드 {1}에 없음: 노드 어피니티로 그 노드에 고정된 파드를 생성" },
    Entry { id: "engine.ds.extra", en: "{0} deleted: {1} runs only one pod on node {2} (the oldest stays)", ko: "{0} 삭제: {1}은(는) 노드 {2}에 파드를 하나만 실행함(가장 오래된 파드가 남음)" },
    Entry { id: "engine.ds.failed", en: "{0} failed: {1} deletes it and makes a new one on node {2}", ko: "{0} 실패: {1}이(가) 삭제하고 노드 {2}에 새로 생성" },
    Entry { id: "engine.ds.misplaced", en: "{0} deleted: {1} should not run on node {2} (nodeSelector, node affinity or taints)", ko: "{0} 삭제: {1}은(는) 노드 {2}에서 실행되면 안 됨(nodeSelector, 노드 어피니티 또는 테인트)" },
    Entry { id: "engine.ds.surge", en: "{0} rolls out its new template on node {1} beside the old pod (maxSurge {2})", ko: "{0}이(가) 노드 {1}에 이전 파드와 함께 새 템플릿 파드를 배포함(maxSurge {2})" },
    Entry { id: "engine.ds.surge.replaced", en: "{0} deleted: the new pod of {1} on its node is available", ko: "{0} 삭제: 같은 노드에 있는 {1}의 새 파드가 사용 가능함" },
    Entry { id: "engine.ds.surge.unready", en: "{0} deleted: it is not Ready, and {1} has a new pod on its node", ko: "{0} 삭제: Ready가 아니며 {1}의 새 파드가 같은 노드에 있음" },
    Entry { id: "engine.ds.update", en: "{0} deleted: {1} rolls out its new template (at most {2} nodes without an available pod)", ko: "{0} 삭제: {1}이(가) 새 템플릿을 배포함(사용 가능한 파드가 없는 노드는 최대 {2}개)" },
    Entry { id: "engine.ep.notready", en: "{0} ({1}) is not Ready: listed in notReadyAddresses of {2}, gets no traffic", ko: "{0}({1})은(는) Ready가 아님: {2}의 notReadyAddresses에 있고 트래픽을 받지 않음" },
    Entry { id: "engine.ep.ready", en: "{0} ({1}) is Ready: now an endpoint of {2}", ko: "{0}({1})이(가) Ready: 이제 {2}의 엔드포인트" },
    Entry { id: "engine.ep.removed", en: "{0} removed from the endpoints of {1}", ko: "{0}을(를) {1}의 엔드포인트에서 제거" },
    Entry { id: "engine.file.claim", en: "{0} written to volume {2} of claim {1}: it outlives the pod", ko: "{0}을(를) 클레임 {1}의 볼륨 {2}에 기록: 파드가 사라져도 남음" },
    Entry { id: "engine.file.container", en: "{0} written to the container's own filesystem: it goes away with {1}", ko: "{0}을(를) 컨테이너 자체 파일시스템에 기록: {1}과(와) 함께 사라짐" },
    Entry { id: "engine.file.emptydir", en: "{0} written to emptyDir {1}: it goes away with the pod", ko: "{0}을(를) emptyDir {1}에 기록: 파드와 함께 사라짐" },
    Entry { id: "engine.gc", en: "{0} deleted by the garbage collector: its owner {1} is gone", ko: "가비지 컬렉터가 {0} 삭제: 소유자 {1}이(가) 없어짐" },
    Entry { id: "engine.image", en: "{0}: image set to {1}", ko: "{0}: 이미지를 {1}(으)로 변경" },
    Entry { id: "engine.kubelet.wait.volume", en: "{0} waits: claim {1} is not bound yet", ko: "{0} 대기: 클레임 {1}이(가) 아직 바인딩되지 않음" },
    Entry { id: "engine.limit.pods", en: "podplay does not simulate more than {0} pods in its cluster; no pod is created past that limit", ko: "podplay는 클러스터에서 파드를 {0}개보다 많이 시뮬레이션하지 않습니다. 그 한도를 넘는 파드는 만들지 않습니다" },
    Entry { id: "engine.limit.wait", en: "{0} creates no more pods: the cluster holds the {1} pods podplay simulates at most", ko: "{0}은(는) 파드를 더 만들지 않음: 클러스터에 podplay가 시뮬레이션하는 최대 파드 수 {1}개가 찼음" },
    Entry { id: "engine.net.affinity", en: "{0}: sessionAffinity ClientIP sends this client to {1} again (last seen {2}s ago, timeout {3}s)", ko: "{0}: sessionAffinity ClientIP로 이 클라이언트를 다시 {1}(으)로 보냄(마지막 접속 {2}초 전, 제한 {3}초)" },
    Entry { id: "engine.net.direct", en: "connected straight to {0} (no Service in between)", ko: "{0}에 직접 연결(중간에 서비스 없음)" },
    Entry { id: "engine.net.dns", en: "{0} resolved to {1}", ko: "{0}을(를) {1}(으)로 조회" },
    Entry { id: "engine.net.dns.first", en: "{0} resolved to {1} addresses in random order; the client took the first, {2}", ko: "{0} 조회 결과 주소 {1}개가 무작위 순서로 옴; 클라이언트는 첫 번째 {2} 사용" },
    Entry { id: "engine.net.iptables", en: "{0}: iptables rule {1} of {2} matched (probability {3}) → {4}", ko: "{0}: iptables 규칙 {2}개 중 {1}번째가 일치(확률 {3}) → {4}" },
    Entry { id: "engine.net.ipvs", en: "{0}: IPVS round-robin, turn {1} of {2} → {3}", ko: "{0}: IPVS 라운드 로빈, {2}개 중 {1}번째 차례 → {3}" },
    Entry { id: "engine.net.nohost", en: "nothing has the address {0}", ko: "주소 {0}을(를) 가진 대상이 없음" },
    Entry { id: "engine.net.nolisten", en: "nothing listens on port {1} in {0}", ko: "{0}에서 포트 {1}을(를) 듣는 프로세스가 없음" },
    Entry { id: "engine.net.nolisten.ports", en: "nothing listens on port {1} in {0}; its image listens on {2}", ko: "{0}에서 포트 {1}을(를) 듣는 프로세스가 없음; 이 이미지는 {2}에서 들음" },
    Entry { id: "engine.net.noport", en: "{0} has no port {1}", ko: "{0}에는 포트 {1}이(가) 없음" },
    Entry { id: "engine.net.nothttp", en: "{0} listens on port {1}, but its server does not speak HTTP (podplay does not simulate that protocol)", ko: "{0}은(는) 포트 {1}에서 듣지만 그 서버는 HTTP를 쓰지 않음(podplay는 그 프로토콜을 흉내 내지 않음)" },
    Entry { id: "engine.net.notrunning", en: "{0} is not running", ko: "{0}이(가) 실행 중이 아님" },
    Entry { id: "engine.net.nxdomain", en: "{0} does not resolve", ko: "{0}을(를) 조회할 수 없음" },
    Entry { id: "engine.net.reject", en: "{0} has no ready endpoints: kube-proxy rejects the connection", ko: "{0}에 준비된 엔드포인트가 없음: kube-proxy가 연결을 거부" },
    Entry { id: "engine.pod.gone", en: "{0} is gone", ko: "{0}이(가) 사라짐" },
    Entry { id: "engine.pv.gone", en: "{0} deleted", ko: "{0} 삭제됨" },
    Entry { id: "engine.pv.protected", en: "{0} waits for its claim to be deleted (kubernetes.io/pv-protection)", ko: "{0}은(는) 클레임이 삭제되기를 기다림(kubernetes.io/pv-protection)" },
    Entry { id: "engine.pv.provisioned", en: "{0} provisioned by k8s.io/minikube-hostpath for {1}", ko: "k8s.io/minikube-hostpath가 {1}을(를) 위해 {0} 생성" },
    Entry { id: "engine.pv.reclaimed", en: "{0} deleted with claim {1} (reclaimPolicy Delete)", ko: "클레임 {1}과(와) 함께 {0} 삭제(reclaimPolicy Delete)" },
    Entry { id: "engine.pv.released", en: "{0} released by claim {1}; reclaimPolicy Retain keeps its data", ko: "클레임 {1}이(가) {0}을(를) 놓아줌; reclaimPolicy Retain이라 데이터는 남음" },
    Entry { id: "engine.pvc.bound", en: "{0} bound to {1}", ko: "{0}이(가) {1}에 바인딩됨" },
    Entry { id: "engine.pvc.gone", en: "{0} deleted", ko: "{0} 삭제됨" },
    Entry { id: "engine.pvc.noclass", en: "{0} stays Pending: {1}", ko: "{0}은(는) Pending 상태로 남음: {1}" },
    Entry { id: "engine.pvc.protected", en: "{0} stays Terminating while a pod uses it (kubernetes.io/pvc-protection)", ko: "파드가 사용하는 동안 {0}은(는) Terminating 상태로 남음(kubernetes.io/pvc-protection)" },
    Entry { id: "engine.pvc.provisioning", en: "{0}: a volume is being provisioned", ko: "{0}: 볼륨을 만드는 중" },
    Entry { id: "engine.restarted", en: "{0}: rollout restart (restartedAt {1})", ko: "{0}: rollout restart(restartedAt {1})" },
    Entry { id: "engine.rs.create", en: "{0} has {1} of {2} pods: creating the rest", ko: "{0}의 파드가 {2}개 중 {1}개: 나머지를 생성" },
    Entry { id: "engine.rs.delete", en: "{0} deleted: {1} wants {2} pods (the youngest goes first)", ko: "{0} 삭제: {1}은(는) 파드 {2}개를 원함(가장 최근 파드부터)" },
    Entry { id: "engine.scaled", en: "{0} scaled to {1}", ko: "{0}을(를) {1}(으)로 스케일" },
    Entry { id: "engine.sched.wait", en: "{0} stays Pending: {1}", ko: "{0}은(는) Pending 상태로 남음: {1}" },
    Entry { id: "engine.stage.crashed", en: "{0}: the container's process exited with code {1}; the kubelet restarts it as restartPolicy says", ko: "{0}: 컨테이너 프로세스가 코드 {1}(으)로 종료됨; kubelet이 restartPolicy에 따라 다시 시작함" },
    Entry { id: "engine.stage.creating", en: "{0}: sandbox ready with IP {1}; container starting", ko: "{0}: IP {1}로 샌드박스 준비; 컨테이너 시작 중" },
    Entry { id: "engine.stage.exited", en: "{0}: container exited with code {1}", ko: "{0}: 컨테이너가 코드 {1}(으)로 종료" },
    Entry { id: "engine.stage.init.all", en: "{0}: every init container is done; the app containers are created (PodInitializing)", ko: "{0}: 초기화 컨테이너가 모두 끝남; 앱 컨테이너 생성 중(PodInitializing)" },
    Entry { id: "engine.stage.init.done", en: "{0}: init container {1} completed with exit code 0; the next one may start", ko: "{0}: 초기화 컨테이너 {1}이(가) 종료 코드 0으로 완료; 다음 컨테이너가 시작할 수 있음" },
    Entry { id: "engine.stage.init.sidecar", en: "{0}: sidecar {1} started; it keeps running beside the app containers and counts in READY", ko: "{0}: 사이드카 {1} 시작됨; 앱 컨테이너 옆에서 계속 실행되며 READY에 포함됨" },
    Entry { id: "engine.stage.init.started", en: "{0}: init container {1} started; it must finish before the next one starts", ko: "{0}: 초기화 컨테이너 {1} 시작됨; 끝나야 다음 컨테이너가 시작됨" },
    Entry { id: "engine.stage.killed", en: "{0}: the kubelet stops the container; no longer Ready", ko: "{0}: kubelet이 컨테이너를 멈춤; 더 이상 Ready가 아님" },
    Entry { id: "engine.stage.pulling", en: "{0}: pulling image {1} for the first time on this node (IP {2})", ko: "{0}: 이 노드에서 처음으로 이미지 {1}을(를) 받는 중(IP {2})" },
    Entry { id: "engine.stage.ready", en: "{0} is Ready: the readiness probe passed", ko: "{0}이(가) Ready: 준비성 프로브 통과" },
    Entry { id: "engine.stage.scheduled", en: "{0} scheduled to {1}", ko: "{0}을(를) {1}에 배치" },
    Entry { id: "engine.stage.started", en: "container started", ko: "컨테이너 시작됨" },
    Entry { id: "engine.stage.started.probe", en: "{0}: container started; Ready after the readiness probe ({1}s initial delay)", ko: "{0}: 컨테이너 시작됨; 준비성 프로브 후 Ready(초기 지연 {1}초)" },
    Entry { id: "engine.stage.started.ready", en: "{0}: container started and Ready (no readiness probe)", ko: "{0}: 컨테이너 시작, 바로 Ready(준비성 프로브 없음)" },
    Entry { id: "engine.stage.unready", en: "{0}: the readiness probe keeps failing; the pod is no longer Ready and leaves its Services' endpoints", ko: "{0}: 준비성 프로브가 계속 실패함; 파드가 더 이상 Ready가 아니며 서비스 엔드포인트에서 빠짐" },
    Entry { id: "engine.sts.claim", en: "{0} created for {1} from volumeClaimTemplates", ko: "volumeClaimTemplates로 {1}을(를) 위한 {0} 생성" },
    Entry { id: "engine.sts.create", en: "{0} created for ordinal {1}", ko: "서수 {1}에 해당하는 {0} 생성" },
    Entry { id: "engine.sts.create.after", en: "{0} created: {1} is Running and Ready", ko: "{0} 생성: {1}이(가) Running이고 Ready" },
    Entry { id: "engine.sts.delete.failed", en: "{0} failed: deleted so it can be recreated", ko: "{0} 실패: 다시 만들기 위해 삭제" },
    Entry { id: "engine.sts.rollout.done", en: "rollout complete: every pod runs revision {0}", ko: "롤아웃 완료: 모든 파드가 리비전 {0}" },
    Entry { id: "engine.sts.scaledown", en: "{0} deleted: above replicas {1} (highest ordinal first)", ko: "{0} 삭제: 레플리카 {1}개를 넘음(가장 높은 서수부터)" },
    Entry { id: "engine.sts.update", en: "{0} deleted for the rolling update: revision {1} → {2}", ko: "롤링 업데이트로 {0} 삭제: 리비전 {1} → {2}" },
    Entry { id: "engine.sts.wait.available", en: "{0} waits: {1} is Ready but not yet for minReadySeconds", ko: "{0} 대기: {1}이(가) Ready지만 아직 minReadySeconds가 지나지 않음" },
    Entry { id: "engine.sts.wait.claim.deleting", en: "{0} waits: claim {1} is being deleted", ko: "{0} 대기: 클레임 {1}이(가) 삭제되는 중" },
    Entry { id: "engine.sts.wait.claim.stale", en: "{0} waits: claim {1} still belongs to the old {0} and is about to be deleted (whenScaled: Delete)", ko: "{0} 대기: 클레임 {1}은(는) 아직 이전 {0}의 것이며 곧 삭제됨(whenScaled: Delete)" },
    Entry { id: "engine.sts.wait.ready", en: "{0} waits: {1} is not Running and Ready yet", ko: "{0} 대기: {1}이(가) 아직 Running이고 Ready가 아님" },
    Entry { id: "engine.sts.wait.replace", en: "{0} waits: the old {0} must be gone before it is created again", ko: "{0} 대기: 이전 {0}이(가) 완전히 사라져야 다시 생성됨" },
    Entry { id: "engine.sts.wait.scaledown", en: "scale-down waits: {0} is still terminating ({1})", ko: "축소 대기: {0}이(가) 아직 종료 중({1})" },
    Entry { id: "engine.sts.wait.terminating", en: "{0} waits: {1} is terminating", ko: "{0} 대기: {1}이(가) 종료 중" },
    Entry { id: "engine.sts.wait.unhealthy", en: "scale-down of {0} waits: {1} is not healthy", ko: "{0} 축소 대기: {1}이(가) 정상이 아님" },
    Entry { id: "engine.sts.wait.update", en: "rolling update waits for {0} to be Running and Ready ({1})", ko: "롤링 업데이트가 {0}이(가) Running이고 Ready가 되기를 기다림({1})" },
    Entry { id: "session.restore.bad", en: "The saved session could not be read: {0}", ko: "저장된 세션을 읽을 수 없습니다: {0}" },
    Entry { id: "session.restore.budget", en: "podplay replayed this session's first {0} cluster events and stopped at {1}: past there its cluster never settles, and replaying it further would take too long.", ko: "podplay는 이 세션의 클러스터 이벤트 {0}개를 다시 실행하고 {1}에서 멈췄습니다. 그 뒤로는 클러스터가 안정되지 않아 더 다시 실행하면 너무 오래 걸립니다." },
    Entry { id: "session.restore.engine", en: "This session was saved with engine behaviour {0}; this podplay has {1}, so its replay may differ from what was saved.", ko: "이 세션은 엔진 동작 버전 {0}(으)로 저장되었고 지금 podplay는 {1}입니다. 다시 실행한 결과가 저장할 때와 다를 수 있습니다." },
    Entry { id: "session.restore.version", en: "This saved session has format v{0}; podplay reads v1 only.", ko: "이 저장된 세션의 형식은 v{0}입니다. podplay는 v1만 읽습니다." },
    Entry { id: "share.bad", en: "This share link could not be read ({0}); podplay opened its usual page instead.", ko: "이 공유 링크를 읽을 수 없어({0}) podplay의 기본 페이지를 열었습니다." },
    Entry { id: "share.newer", en: "This share link was made by a newer podplay (link format {0}; this one reads format 1); podplay opened its usual page instead.", ko: "이 공유 링크는 더 새로운 podplay에서 만들어졌습니다(링크 형식 {0}, 이 podplay는 형식 1만 읽습니다). podplay의 기본 페이지를 열었습니다." },
    Entry { id: "vm.cmp.dns", en: "DNS answer for the Service's name", ko: "서비스 이름에 대한 DNS 응답" },
    Entry { id: "vm.cmp.dns.pod", en: "DNS answer for the first pod's own name", ko: "첫 파드 자신의 이름에 대한 DNS 응답" },
    Entry { id: "vm.cmp.names", en: "Pod names", ko: "파드 이름" },
    Entry { id: "vm.cmp.none", en: "none", ko: "없음" },
    Entry { id: "vm.cmp.nopod", en: "no pod {0} here", ko: "여기에는 파드 {0}이(가) 없음" },
    Entry { id: "vm.cmp.nostorage", en: "none: files live in the container and go with the pod", ko: "없음: 파일은 컨테이너 안에 있어 파드와 함께 사라짐" },
    Entry { id: "vm.cmp.nxdomain", en: "{0}: no such name (NXDOMAIN)", ko: "{0}: 그런 이름 없음(NXDOMAIN)" },
    Entry { id: "vm.cmp.order", en: "Creation order (seconds after the first)", ko: "생성 순서(첫 파드 이후 초)" },
    Entry { id: "vm.cmp.storage", en: "Storage", ko: "스토리지" },
    Entry { id: "vm.cmp.survived", en: "After deleting pod {0}", ko: "파드 {0} 삭제 후" },
    Entry { id: "vm.cmp.survived.both", en: "{0} came back as {1} with its index.html: {2}", ko: "{0}이(가) {1}(으)로 돌아왔고 index.html도 남음: {2}" },
    Entry { id: "vm.cmp.survived.file", en: "{0} is gone; {1} took its place with the same index.html: {2}", ko: "{0}은(는) 사라지고 {1}이(가) 같은 index.html로 자리를 채움: {2}" },
    Entry { id: "vm.cmp.survived.name", en: "{0} came back as {1}, but its index.html is new: {2}", ko: "{0}이(가) {1}(으)로 돌아왔지만 index.html은 새것: {2}" },
    Entry { id: "vm.cmp.survived.none", en: "{0} is gone; {1} took its place and the file is lost (index.html now: {2})", ko: "{0}은(는) 사라지고 {1}이(가) 자리를 채웠으며 파일은 잃음(지금 index.html: {2})" },
    Entry { id: "vm.cmp.survived.waiting", en: "{0} is gone; no new pod has taken its place yet", ko: "{0}은(는) 사라졌고 아직 새 파드가 자리를 채우지 않음" },
    Entry { id: "vm.cmp.traffic", en: "Requests answered per pod", ko: "파드별로 응답한 요청 수" },
    Entry { id: "vm.dns.flight", en: "DNS question for {0}", ko: "{0}에 대한 DNS 질의" },
    Entry { id: "vm.lb.count", en: "{0} · {1}%", ko: "{0} · {1}%" },
    Entry { id: "vm.raw", en: "{0}", ko: "{0}" },
    Entry { id: "vm.reason.claim", en: "waiting for claim {0} to be bound", ko: "클레임 {0}의 바인딩을 기다리는 중" },
    Entry { id: "vm.reason.pulling", en: "Pulling image \"{0}\"", ko: "이미지 \"{0}\" 받는 중" },
    Entry { id: "vm.reason.status", en: "{0}", ko: "{0}" },
    Entry { id: "vm.reason.unschedulable", en: "Pending: {0}", ko: "Pending: {0}" },
    Entry { id: "vm.rule.affinity", en: "sessionAffinity ClientIP: sticky to {0}", ko: "sessionAffinity ClientIP: {0}에 고정" },
    Entry { id: "vm.rule.iptables", en: "iptables: rules match with {0}", ko: "iptables: 규칙별 일치 확률 {0}" },
    Entry { id: "vm.rule.ipvs", en: "IPVS round robin: turn {0} of {1}", ko: "IPVS 라운드 로빈: {1}개 중 {0}번째 차례" },
    Entry { id: "vm.short.creating", en: "Creating", ko: "생성 중" },
    Entry { id: "vm.short.failed", en: "Error", ko: "오류" },
    Entry { id: "vm.short.pending", en: "Pending", ko: "Pending" },
    Entry { id: "vm.short.ready", en: "Ready", ko: "Ready" },
    Entry { id: "vm.short.running", en: "Not ready", ko: "준비 안 됨" },
    Entry { id: "vm.short.succeeded", en: "Completed", ko: "완료" },
    Entry { id: "vm.short.terminating", en: "Terminating", ko: "종료 중" },
    Entry { id: "vm.state.creating", en: "ContainerCreating", ko: "ContainerCreating(생성 중)" },
    Entry { id: "vm.state.failed", en: "Error", ko: "Error(오류)" },
    Entry { id: "vm.state.pending", en: "Pending", ko: "Pending(대기)" },
    Entry { id: "vm.state.ready", en: "Running and Ready", ko: "Running·Ready" },
    Entry { id: "vm.state.running", en: "Running, not Ready", ko: "Running(Ready 아님)" },
    Entry { id: "vm.state.succeeded", en: "Completed", ko: "Completed(완료)" },
    Entry { id: "vm.state.terminating", en: "Terminating", ko: "Terminating(종료 중)" },
    Entry { id: "vm.step.changed", en: "This step changed {0}", ko: "이 단계에서 바뀐 것: {0}" },
    Entry { id: "vm.why.bare", en: "{0} was created directly (kubectl run): no controller brings it back if it is deleted.", ko: "{0}은(는) 직접 생성되었습니다(kubectl run). 삭제되면 되살려 줄 컨트롤러가 없습니다." },
    Entry { id: "vm.why.deploy.name", en: "{0} = ReplicaSet {1} + \"-\" + 5 random characters; {1} = Deployment {2} + \"-\" + pod-template-hash {3}, a hash of the pod template.", ko: "{0} = ReplicaSet {1} + \"-\" + 무작위 5글자; {1} = Deployment {2} + \"-\" + pod-template-hash {3}(파드 템플릿의 해시)." },
    Entry { id: "vm.why.deploy.parallel", en: "A ReplicaSet creates every missing pod at once, in no order; a replacement gets a new name and no storage of its own.", ko: "ReplicaSet은 모자란 파드를 순서 없이 한꺼번에 만듭니다. 새로 만든 파드는 새 이름을 받고 자기 스토리지가 없습니다." },
    Entry { id: "vm.why.dns.cname", en: "ExternalName: an alias of {0}.", ko: "ExternalName: {0}의 별칭." },
    Entry { id: "vm.why.dns.headless", en: "{0} is headless, so its name has one A record per Ready pod ({1} here).", ko: "{0}은(는) 헤드리스이므로 Ready 파드마다 A 레코드가 하나씩 있습니다(이것은 {1})." },
    Entry { id: "vm.why.dns.live", en: "CoreDNS builds the record from the endpoints as they are now: it appears when a pod turns Ready and goes when it stops being Ready.", ko: "CoreDNS는 지금의 엔드포인트로 레코드를 만듭니다: 파드가 Ready가 되면 생기고 Ready가 아니게 되면 사라집니다." },
    Entry { id: "vm.why.dns.pod", en: "{0}: the pod's hostname {1} under Service {2} (the StatefulSet's serviceName).", ko: "{0}: 서비스 {2} 아래 파드의 hostname {1}(StatefulSet의 serviceName)." },
    Entry { id: "vm.why.dns.ptr", en: "Reverse lookup: answers {0}.", ko: "역방향 조회: {0}(으)로 답합니다." },
    Entry { id: "vm.why.dns.srv", en: "SRV record of the named port {0}.", ko: "이름 붙은 포트 {0}의 SRV 레코드." },
    Entry { id: "vm.why.dns.vip", en: "The A record of Service {0} is its virtual IP, whatever pods are behind it.", ko: "서비스 {0}의 A 레코드는 뒤에 어떤 파드가 있든 가상 IP입니다." },
    Entry { id: "vm.why.pod.endpoint", en: "It is an endpoint of Service {0}: its labels match the selector and it is Ready.", ko: "서비스 {0}의 엔드포인트입니다: 레이블이 셀렉터와 맞고 Ready 상태입니다." },
    Entry { id: "vm.why.pod.notendpoint", en: "Service {0} selects it, but it is not Ready, so it is not an endpoint yet.", ko: "서비스 {0}이(가) 선택하지만 아직 Ready가 아니어서 엔드포인트가 아닙니다." },
    Entry { id: "vm.why.pod.state", en: "Now: {0}, IP {1}.", ko: "현재: {0}, IP {1}." },
    Entry { id: "vm.why.pod.unschedulable", en: "No node can take it yet, so it stays Pending. The scheduler says: {0}", ko: "아직 받아 줄 노드가 없어 Pending 상태로 남아 있습니다. 스케줄러의 설명: {0}" },
    Entry { id: "vm.why.pv.name", en: "{0} = \"pvc-\" + the UID of claim {1}: minikube's hostpath provisioner created it for that claim.", ko: "{0} = \"pvc-\" + 클레임 {1}의 UID: minikube의 hostpath 프로비저너가 그 클레임을 위해 만들었습니다." },
    Entry { id: "vm.why.pv.reclaim", en: "reclaimPolicy {0}; the data lives on the node at {1}.", ko: "reclaimPolicy {0}; 데이터는 노드의 {1}에 있습니다." },
    Entry { id: "vm.why.pvc.bound", en: "Bound to volume {0} ({1}), provisioned for it through StorageClass {2}.", ko: "볼륨 {0}({1})에 바인딩됨. StorageClass {2}을(를) 통해 이 클레임을 위해 프로비저닝되었습니다." },
    Entry { id: "vm.why.pvc.idle", en: "No pod mounts it right now: it waits, with its data, for its pod to come back.", ko: "지금은 마운트한 파드가 없습니다: 데이터를 간직한 채 파드가 돌아오기를 기다립니다." },
    Entry { id: "vm.why.pvc.kept", en: "Deleting pod {1} keeps the claim (persistentVolumeClaimRetentionPolicy whenDeleted: {0}); the new {1} mounts it again.", ko: "파드 {1}을(를) 지워도 클레임은 남습니다(persistentVolumeClaimRetentionPolicy whenDeleted: {0}). 새 {1}이(가) 다시 마운트합니다." },
    Entry { id: "vm.why.pvc.mounted", en: "Mounted by pod {0}.", ko: "파드 {0}이(가) 마운트 중." },
    Entry { id: "vm.why.pvc.name", en: "{0} = claim template {1} + \"-\" + StatefulSet {2} + \"-\" + ordinal {3}.", ko: "{0} = 클레임 템플릿 {1} + \"-\" + StatefulSet {2} + \"-\" + 순번 {3}." },
    Entry { id: "vm.why.pvc.own", en: "{0} was created from its own manifest.", ko: "{0}은(는) 자기 매니페스트로 생성되었습니다." },
    Entry { id: "vm.why.pvc.pending", en: "Pending: waiting for a volume from StorageClass {0}.", ko: "Pending: StorageClass {0}에서 볼륨을 기다리는 중." },
    Entry { id: "vm.why.rs.name", en: "{0} = ReplicaSet {1} + \"-\" + 5 random characters.", ko: "{0} = ReplicaSet {1} + \"-\" + 무작위 5글자." },
    Entry { id: "vm.why.sts.claim", en: "It mounts claim {0}, made from volumeClaimTemplate {1}. The claim outlives the pod.", ko: "volumeClaimTemplate {1}로 만든 클레임 {0}을(를) 마운트합니다. 클레임은 파드보다 오래 남습니다." },
    Entry { id: "vm.why.sts.dns", en: "serviceName {1} makes the pod's hostname {0} and subdomain {1}, so it has its own DNS name {0}.{1}.{2}.svc.cluster.local.", ko: "serviceName {1} 덕분에 파드의 hostname은 {0}, subdomain은 {1}이 되어 자기만의 DNS 이름 {0}.{1}.{2}.svc.cluster.local을 갖습니다." },
    Entry { id: "vm.why.sts.name", en: "{0} = StatefulSet {1} + \"-\" + ordinal {2}. A StatefulSet names each pod by its ordinal, so a replacement gets the same name.", ko: "{0} = StatefulSet {1} + \"-\" + 순번 {2}. StatefulSet은 파드 이름을 순번으로 정하므로, 다시 만들어진 파드도 같은 이름을 받습니다." },
    Entry { id: "vm.why.sts.ordered", en: "podManagementPolicy OrderedReady (the default): {1} is created only after {0} is Running and Ready.", ko: "podManagementPolicy OrderedReady(기본값): {1}은(는) {0}이(가) Running이고 Ready가 된 뒤에야 생성됩니다." },
    Entry { id: "vm.why.sts.parallel", en: "podManagementPolicy Parallel: all pods are created at once, without waiting for each other.", ko: "podManagementPolicy Parallel: 모든 파드가 서로를 기다리지 않고 한꺼번에 생성됩니다." },
    Entry { id: "vm.why.svc.dns", en: "DNS name: {0}.", ko: "DNS 이름: {0}." },
    Entry { id: "vm.why.svc.headless", en: "clusterIP: None makes {0} headless: no virtual IP; DNS answers with the Ready pods' own IPs.", ko: "clusterIP: None 이므로 {0}은(는) 헤드리스 서비스입니다: 가상 IP가 없고 DNS가 Ready 파드들의 IP로 답합니다." },
    Entry { id: "vm.why.svc.selector", en: "Selector {0} picks the pods; only Ready ones are endpoints: {1}.", ko: "셀렉터 {0}이(가) 파드를 고르고, Ready인 파드만 엔드포인트가 됩니다: {1}." },
    Entry { id: "vm.why.svc.vip", en: "{0} got the virtual IP {1} from the Service range; kube-proxy sends each connection to one Ready pod.", ko: "{0}은(는) 서비스 대역에서 가상 IP {1}을(를) 받았습니다. kube-proxy가 연결마다 Ready 파드 하나로 보냅니다." },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_complete() {
        // Pins the lookup invariant and that no message lacks a language.
        for table in [TABLE, SIM_TABLE] {
            for pair in table.windows(2) {
                assert!(pair[0].id < pair[1].id, "{} !< {}", pair[0].id, pair[1].id);
            }
            for e in table {
                assert!(!e.en.is_empty() && !e.ko.is_empty(), "{}", e.id);
            }
        }
        for e in SIM_TABLE {
            assert!(
                TABLE.binary_search_by(|f| f.id.cmp(e.id)).is_err(),
                "{} is in both tables",
                e.id
            );
        }
    }

    #[test]
    fn placeholders_agree_between_languages() {
        // Pins that a Korean text uses exactly the arguments its English text uses.
        let holes = |s: &str| {
            let mut v: Vec<char> = s
                .match_indices('{')
                .filter_map(|(i, _)| {
                    let b = s.as_bytes();
                    (b.get(i + 2) == Some(&b'}') && b[i + 1].is_ascii_digit())
                        .then(|| b[i + 1] as char)
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for e in TABLE.iter().chain(SIM_TABLE) {
            assert_eq!(holes(e.en), holes(e.ko), "{}", e.id);
        }
    }

    #[test]
    fn nested_messages_render_in_the_asked_language() {
        // Pins recursive rendering of a field error inside an object error.
        let m = Msg::new("obj.invalid")
            .text("StatefulSet.apps")
            .text("web")
            .msg(
                Msg::new("fe.invalid")
                    .text("spec.replicas")
                    .text("-1")
                    .msg(Msg::new("d.gte0")),
            );
        assert_eq!(
            m.render(Lang::En),
            "StatefulSet.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        assert_eq!(
            m.render(Lang::Ko),
            "StatefulSet.apps \"web\" 검증 실패: spec.replicas: 잘못된 값: -1: 0 이상이어야 합니다"
        );
    }
}
