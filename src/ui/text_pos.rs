//! Diagnostic positions (1-based line and column, counted in characters) to the offsets a
//! textarea's selection uses (UTF-16 code units: a Korean syllable is one unit, an emoji two).

/// The UTF-16 offset of `line`:`col` in `text`. A line past the end gives the end of the text;
/// a column past the end of its line gives the end of that line.
#[must_use]
pub fn utf16_offset(text: &str, line: u32, col: u32) -> u32 {
    let line_idx = line.saturating_sub(1) as usize;
    let mut offset: usize = 0;
    for (idx, content) in text.split('\n').enumerate() {
        if idx == line_idx {
            let n_chars = col.saturating_sub(1) as usize;
            offset += content
                .chars()
                .take(n_chars)
                .map(char::len_utf16)
                .sum::<usize>();
            return to_u32(offset);
        }
        // The line and its newline.
        offset += content.encode_utf16().count() + 1;
    }
    to_u32(text.encode_utf16().count())
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
