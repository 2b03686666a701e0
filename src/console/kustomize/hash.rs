//! The content hash kustomize appends to the names of generated ConfigMaps and Secrets
//! (kubernetes-sigs/kustomize `api/hasher/hasher.go`, v5.7.1): the object's kind, name, type and
//! data as compact JSON with sorted keys (Go's `json.Marshal` of a map), its SHA-256 in hex, the
//! first ten hex digits, with `0 1 3 a e` replaced by `g h k m t` so the suffix never spells a
//! word (`encode`, copied there from kubectl's old `hash.go`).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::console::get::serial::{compact_json, go_json_string};

/// The ten-character suffix of a generated ConfigMap or Secret (`5m26tmdb5k`).
#[must_use]
pub fn suffix(obj: &Value) -> String {
    encode(&hex(&sha256(encoded(obj).as_bytes())))
}

/// What the hasher hashes: `encodeSecret`/`encodeConfigMap` — `kind`, `name` (see below), `data` (the empty
/// string when absent), `type` for a Secret, and `stringData`/`binaryData` only when they are
/// maps. Any other kind hashes as its whole JSON (`json.Marshal(node)`).
#[must_use]
pub fn encoded(obj: &Value) -> String {
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
    // `getNodeValues` looks the name up with `yaml.Lookup("metadata/name")`, a single path
    // element naming a top-level field called `metadata/name`; no object has one, so since
    // kustomize v4 the name never enters the hash (kustomize's own `TestGeneratorBasics`
    // expects exactly these hashes). Older kustomize hashed the real name, which is why the
    // WordPress tutorial's sample shows `mysql-pass-c57bb4t7mf` where kubectl 1.34 makes
    // `mysql-pass-5m26tmdb5k`.
    let name = text(obj.get("metadata/name"));
    let mut fields: BTreeMap<&str, String> = BTreeMap::new();
    let (extra, with_type) = match kind {
        "Secret" => ("stringData", true),
        "ConfigMap" => ("binaryData", false),
        _ => return compact_json(obj),
    };
    fields.insert("kind", go_json_string(kind));
    fields.insert("name", go_json_string(&name));
    fields.insert(
        "data",
        match obj.get("data") {
            Some(v @ Value::Object(_)) => compact_json(v),
            Some(Value::String(s)) => go_json_string(s),
            _ => go_json_string(""),
        },
    );
    if with_type {
        fields.insert("type", go_json_string(&text(obj.get("type"))));
    }
    if let Some(v @ Value::Object(_)) = obj.get(extra) {
        fields.insert(extra, compact_json(v));
    }
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", body.join(","))
}

/// kustomize's `encode`: the first ten hex digits, vowels and vowel-like digits swapped out.
#[must_use]
pub fn encode(hex: &str) -> String {
    hex.chars()
        .take(10)
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const K: [u32; 64] = [
    0x428a_2f98,
    0x7137_4491,
    0xb5c0_fbcf,
    0xe9b5_dba5,
    0x3956_c25b,
    0x59f1_11f1,
    0x923f_82a4,
    0xab1c_5ed5,
    0xd807_aa98,
    0x1283_5b01,
    0x2431_85be,
    0x550c_7dc3,
    0x72be_5d74,
    0x80de_b1fe,
    0x9bdc_06a7,
    0xc19b_f174,
    0xe49b_69c1,
    0xefbe_4786,
    0x0fc1_9dc6,
    0x240c_a1cc,
    0x2de9_2c6f,
    0x4a74_84aa,
    0x5cb0_a9dc,
    0x76f9_88da,
    0x983e_5152,
    0xa831_c66d,
    0xb003_27c8,
    0xbf59_7fc7,
    0xc6e0_0bf3,
    0xd5a7_9147,
    0x06ca_6351,
    0x1429_2967,
    0x27b7_0a85,
    0x2e1b_2138,
    0x4d2c_6dfc,
    0x5338_0d13,
    0x650a_7354,
    0x766a_0abb,
    0x81c2_c92e,
    0x9272_2c85,
    0xa2bf_e8a1,
    0xa81a_664b,
    0xc24b_8b70,
    0xc76c_51a3,
    0xd192_e819,
    0xd699_0624,
    0xf40e_3585,
    0x106a_a070,
    0x19a4_c116,
    0x1e37_6c08,
    0x2748_774c,
    0x34b0_bcb5,
    0x391c_0cb3,
    0x4ed8_aa4a,
    0x5b9c_ca4f,
    0x682e_6ff3,
    0x748f_82ee,
    0x78a5_636f,
    0x84c8_7814,
    0x8cc7_0208,
    0x90be_fffa,
    0xa450_6ceb,
    0xbef9_a3f7,
    0xc671_78f2,
];

/// SHA-256 (FIPS 180-4), small and plain: podplay hashes a few short strings per build.
#[must_use]
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sha256_matches_the_standard_vectors() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(
            hex(&sha256(long)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
    }

    /// kustomize's own `hasher_test.go` cases (`TestConfigMapHash`, `TestSecretHash`,
    /// `TestEncodeSecret`).
    #[test]
    fn kustomize_hasher_test_cases() {
        assert_eq!(
            suffix(&json!({"apiVersion": "v1", "kind": "ConfigMap"})),
            "6ct58987ht"
        );
        assert_eq!(
            suffix(&json!({"kind": "ConfigMap", "data": {"one": ""}})),
            "9g67k2htb6"
        );
        assert_eq!(
            suffix(&json!({"kind": "Secret", "type": "my-type"})),
            "5gmgkf8578"
        );
        assert_eq!(
            suffix(&json!({"kind": "Secret", "type": "my-type", "data": {"one": ""}})),
            "74bd68bm66"
        );
        assert_eq!(
            encoded(
                &json!({"kind": "Secret", "type": "my-type", "data": {"one": ""}, "stringData": {"two": "2"}})
            ),
            r#"{"data":{"one":""},"kind":"Secret","name":"","stringData":{"two":"2"},"type":"my-type"}"#
        );
    }

    #[test]
    fn go_escapes_html_and_control_characters() {
        assert_eq!(
            go_json_string("a<b>&\"\\\n\u{1}\u{8}\u{c}"),
            r#""a\u003cb\u003e\u0026\"\\\n\u0001\b\f""#
        );
    }
}
