//! kubectl's template printers: Go templates (`--template`, `-o go-template=`), JSONPath
//! (`-o jsonpath=`), over the object's JSON as `-o json` prints it.

mod goexec;
mod gofuncs;
pub mod gotemplate;
pub mod goval;
pub mod jsonpath;
mod lex;

#[cfg(test)]
mod fuzz {
    use serde_json::json;

    /// Many short strings of the characters templates care about: none may panic.
    #[test]
    fn random_templates_never_panic() {
        let alphabet: Vec<char> = "{}{}[]().$@?=!<>|:,-'\"`\\ *abc01 \né".chars().collect();
        let data = json!({"a": [1, {"b": "x"}], "c": {"d": null}, "items": [{"a": 1}]});
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..30_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 18) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            for t in [format!("{{{{{s}}}}}"), s.clone()] {
                if let Ok(tm) = super::gotemplate::Template::parse(&t) {
                    let _ = tm.execute(&data, true);
                    let _ = tm.execute(&data, false);
                }
            }
            for p in [format!("{{{s}}}"), s.clone()] {
                if let Ok(jp) = super::jsonpath::JsonPath::parse(&p, false) {
                    let _ = jp.execute(&data);
                }
                let _ = super::jsonpath::relaxed(&p);
            }
        }
    }
}
