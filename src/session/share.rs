//! Share links: a session record ([`Saved`]) as a short, URL-safe text for the page address's
//! fragment. The text is `1.` (the link format) and then the record's JSON, deflated and written
//! in URL-safe base64 without padding. Reading a link never panics: a damaged text, one that
//! inflates past [`MAX_INFLATED`] or a link of a newer format is refused with a message.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;

use crate::i18n::Msg;

use super::save::Saved;

/// The link format written (the number before the first `.`).
pub const LINK_FORMAT: u32 = 1;

/// The most bytes a link's record may inflate to.
pub const MAX_INFLATED: usize = 4 * 1024 * 1024;

/// Deflate's strongest level: links are made rarely and should be short.
const LEVEL: u8 = 10;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `saved` as a share link's text.
#[must_use]
pub fn encode(saved: &Saved) -> String {
    encode_bytes(&serde_json::to_vec(saved).unwrap_or_default())
}

/// Any bytes as a share link's text (of the current format): what [`encode`] does with a
/// record's JSON.
#[must_use]
pub fn encode_bytes(json: &[u8]) -> String {
    let packed = compress_to_vec(json, LEVEL);
    format!("{LINK_FORMAT}.{}", to_base64(&packed))
}

/// The record of a share link's text; a text that is not one says why.
pub fn decode(code: &str) -> Result<Saved, Msg> {
    let code = code.trim();
    let Some((tag, body)) = code.split_once('.') else {
        return Err(bad("no format"));
    };
    match tag.parse::<u32>() {
        Ok(LINK_FORMAT) => {}
        Ok(n) if n > LINK_FORMAT => return Err(Msg::new("share.newer").text(n.to_string())),
        _ => return Err(bad("unknown format")),
    }
    let packed = from_base64(body).ok_or_else(|| bad("not base64"))?;
    let json =
        decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|_| bad("not deflate"))?;
    serde_json::from_slice(&json).map_err(|e| bad(&e.to_string()))
}

fn bad(why: &str) -> Msg {
    Msg::new("share.bad").text(why)
}

/// `bytes` in URL-safe base64 without padding.
fn to_base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // A chunk of k bytes writes k + 1 characters.
        for i in 0..=chunk.len() {
            let six = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(ALPHABET[six as usize]));
        }
    }
    out
}

/// The bytes of URL-safe base64 without padding; `None` for any other text.
fn from_base64(text: &str) -> Option<Vec<u8>> {
    let sixes: Vec<u32> = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|&a| a == c).map(|i| i as u32))
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(sixes.len() * 3 / 4);
    for group in sixes.chunks(4) {
        if group.len() == 1 {
            return None;
        }
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &s)| n | (s << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        let used = group.len() - 1;
        // The bits past the last byte are zero in a text `to_base64` wrote.
        if bytes
            .get(1 + used..)
            .is_some_and(|rest| rest.iter().any(|&b| b != 0))
        {
            return None;
        }
        out.extend(bytes.get(1..=used)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_every_length_and_byte() {
        for len in 0usize..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = to_base64(&bytes);
            assert_eq!(text.len(), (len * 4).div_ceil(3));
            assert_eq!(from_base64(&text), Some(bytes));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(from_base64(&to_base64(&all)), Some(all));
        assert_eq!(to_base64(b"\xfb\xff"), "-_8");
        assert_eq!(to_base64(b"podplay"), "cG9kcGxheQ");
    }

    #[test]
    fn base64_refuses_other_texts() {
        assert_eq!(from_base64("cG9kcGxheQ=="), None);
        assert_eq!(from_base64("cG9k+GxheQ"), None);
        assert_eq!(from_base64("cG9kc"), None);
        // "cR" leaves a set bit past its one byte.
        assert_eq!(from_base64("cR"), None);
    }
}
