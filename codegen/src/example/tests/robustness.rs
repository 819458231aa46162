//! Random and mutated input: the reader never panics, and an error always has a position
//! inside the text.

use super::*;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn check_no_panic(text: &str) {
    let result = std::panic::catch_unwind(|| read(text));
    match result {
        Ok(Ok(r)) => assert!(!r.values.is_empty(), "Ok without values for {text:?}"),
        Ok(Err(e)) => {
            assert!(
                e.line >= 1 && e.column >= 1,
                "bad position for {text:?}: {e}"
            );
            assert!(
                e.line <= text.lines().count().max(1) + 1,
                "line out of range for {text:?}: {e}"
            );
        }
        Err(_) => panic!("read panicked on {text:?}"),
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() >> 24) as u8).collect();
        check_no_panic(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn random_json_ish_text_never_panics() {
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "'",
        "“",
        "”",
        "‘",
        "’",
        "\\",
        "\\u",
        "\\ud83d",
        "d800",
        "\n",
        " ",
        "\t",
        "//",
        "#",
        "/*",
        "*/",
        "/",
        "...",
        "…",
        "True",
        "None",
        "null",
        "undefined",
        "abc",
        "$x",
        "0",
        "-",
        "+",
        ".",
        "e",
        "1",
        "9",
        "0x",
        "07",
        "1e999",
        "18446744073709551616",
        "Request:",
        "=",
        "\r",
        "\u{feff}",
    ];
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    for _ in 0..5000 {
        let n = rng.below(24);
        let text: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        check_no_panic(&text);
    }
}

#[test]
fn mutated_valid_json_never_panics() {
    let base =
        "{\"a\": [1, 2.5, -3e2, \"x\\n\"], 'b': {c: True, \"d\": null}, // c\n \"e\": [...]}";
    let chars: Vec<char> = base.chars().collect();
    let mut rng = XorShift(0xDEAD_BEEF_CAFE_F00D);
    for _ in 0..3000 {
        let mut c = chars.clone();
        for _ in 0..=rng.below(4) {
            let i = rng.below(c.len());
            match rng.below(3) {
                0 => {
                    c.remove(i);
                }
                1 => c.insert(i, chars[rng.below(chars.len())]),
                _ => {
                    let j = rng.below(c.len());
                    c.swap(i, j);
                }
            }
        }
        check_no_panic(&c.into_iter().collect::<String>());
    }
}
