//! Names and hashes the apiserver and controllers make up: UIDs, generateName suffixes,
//! pod-template-hash and ControllerRevision hashes.

use super::rng::Rng;

/// `rand.alphanums` (`apimachinery@1.34:pkg/util/rand/rand.go`): no vowels, no 0/1/3.
pub const ALPHANUMS: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

/// `rand.SafeEncodeString`: each byte `c` becomes `ALPHANUMS[c % 27]`.
#[must_use]
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|c| ALPHANUMS[usize::from(c) % ALPHANUMS.len()] as char)
        .collect()
}

/// FNV-1a, 32 bit (`hash/fnv.New32a`), used for pod-template-hash.
#[must_use]
pub fn fnv32a(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in data {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// FNV-1, 32 bit (`hash/fnv.New32`), used for ControllerRevision names.
#[must_use]
pub fn fnv32(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in data {
        h = h.wrapping_mul(0x0100_0193);
        h ^= u32::from(*b);
    }
    h
}

/// `pod-template-hash` (`controller.ComputeHash`): FNV-32a over the template, then the
/// collision count as 8 little-endian bytes, then the decimal string safe-encoded. Kubernetes
/// hashes a go-spew dump podplay cannot reproduce; any canonical serialization gives hashes
/// with the same shape that change exactly when the template does (reference §2.1).
#[must_use]
pub fn pod_template_hash(template_json: &str, collision_count: Option<u32>) -> String {
    let mut data = template_json.as_bytes().to_vec();
    if let Some(c) = collision_count {
        data.extend_from_slice(&u64::from(c).to_le_bytes());
    }
    safe_encode(&fnv32a(&data).to_string())
}

/// ControllerRevision hash (`history.HashControllerRevision`): FNV-1 32 over the revision data,
/// then the decimal string safe-encoded.
#[must_use]
pub fn revision_hash(data_json: &str) -> String {
    safe_encode(&fnv32(data_json.as_bytes()).to_string())
}

/// `generateName` suffix: 5 random characters from [`ALPHANUMS`]
/// (`apiserver@1.34:pkg/storage/names/generate.go`).
pub fn name_suffix(rng: &mut Rng) -> String {
    (0..5)
        .map(|_| ALPHANUMS[rng.below(ALPHANUMS.len() as u64) as usize] as char)
        .collect()
}

/// `generateName` + suffix, with the base truncated to 58 characters as the apiserver does.
pub fn generate_name(base: &str, rng: &mut Rng) -> String {
    let base: String = base.chars().take(58).collect();
    format!("{base}{}", name_suffix(rng))
}

/// An RFC 4122 version 4 UID drawn from the seeded stream.
pub fn uid(rng: &mut Rng) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    let hex = format!("{a:016x}{b:016x}");
    let variant = ['8', '9', 'a', 'b'][(b >> 62) as usize & 3];
    format!(
        "{}-{}-4{}-{}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        variant,
        &hex[17..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_encoding_matches_the_reference_vectors() {
        // Pins Appendix C: digits map to 456789bcdf; 3923426851 → 7f6786bd95.
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
        assert_eq!(safe_encode(&3_923_426_851u32.to_string()), "7f6786bd95");
    }

    #[test]
    fn fnv_variants_match_known_values() {
        // Pins FNV-1 and FNV-1a against Go's hash/fnv ("a" → known sums).
        assert_eq!(fnv32a(b"a"), 0xe40c_292c);
        assert_eq!(fnv32(b"a"), 0x050c_5d7e);
        assert_eq!(fnv32a(b""), 0x811c_9dc5);
    }

    #[test]
    fn generated_names_use_the_apiserver_alphabet() {
        // Pins the 5-character suffix and its alphabet.
        let mut rng = Rng::new(3);
        for _ in 0..100 {
            let n = generate_name("nginx-7f6786bd95-", &mut rng);
            let suffix = &n["nginx-7f6786bd95-".len()..];
            assert_eq!(suffix.len(), 5);
            assert!(suffix.bytes().all(|c| ALPHANUMS.contains(&c)));
        }
        let u = uid(&mut rng);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
