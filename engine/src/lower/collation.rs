//! SQL_Latin1_General_CP1_CI_AS as the site database applies it to nvarchar:
//! case-insensitive comparison with trailing blanks ignored, and LIKE with
//! SQL Server's wildcards. One implementation serves the engine's functions
//! and the demo fleet's membership computation.

use std::cmp::Ordering;

/// The case-insensitive, trailing-blank-free comparison key of `s`:
/// `'PC-01 '` and `'pc-01'` share it.
pub fn ci_key(s: &str) -> String {
    let mut key = String::new();
    ci_key_into(s, &mut key);
    key
}

/// [`ci_key`] into a reused buffer (the hot path of the engine's comparisons).
pub fn ci_key_into(s: &str, key: &mut String) {
    key.clear();
    let s = s.trim_end_matches(' ');
    if s.is_ascii() {
        key.push_str(s);
        key.make_ascii_lowercase();
    } else {
        key.extend(s.chars().flat_map(char::to_lowercase));
    }
}

/// Compares `value` with a precomputed [`ci_key`], as comparing their keys
/// would, without building the value's key while its characters are ASCII
/// (the hot path of comparisons with a literal).
pub fn cmp_with_key(value: &str, key: &str, scratch: &mut String) -> Ordering {
    let (v, k) = (value.trim_end_matches(' ').as_bytes(), key.as_bytes());
    for (p, q) in v.iter().zip(k) {
        if !p.is_ascii() {
            ci_key_into(value, scratch);
            return scratch.as_str().cmp(key);
        }
        // A lower-cased ASCII byte orders as the key's UTF-8 byte does,
        // whatever follows either.
        match p.to_ascii_lowercase().cmp(q) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    // One is a prefix of the other; a longer value has more key after the
    // prefix, since every character has a non-empty lower case.
    v.len().cmp(&k.len())
}

/// Whether `value` equals a precomputed [`ci_key`]: [`cmp_with_key`]`.is_eq()`,
/// answered from the lengths alone for most ASCII values.
pub fn eq_key(value: &str, key: &str, scratch: &mut String) -> bool {
    let v = value.trim_end_matches(' ').as_bytes();
    if v.is_ascii() {
        return v.len() == key.len() && v.eq_ignore_ascii_case(key.as_bytes());
    }
    ci_key_into(value, scratch);
    scratch == key
}

/// Compares two strings as SQL_Latin1_General_CP1_CI_AS does for the
/// characters the demo fleet uses: case-insensitively, with trailing blanks
/// ignored.
pub fn cmp_ci(a: &str, b: &str) -> Ordering {
    let a = a.trim_end_matches(' ');
    let b = b.trim_end_matches(' ');
    if a.is_ascii() && b.is_ascii() {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        for (p, q) in x.iter().zip(y) {
            match p.to_ascii_lowercase().cmp(&q.to_ascii_lowercase()) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        return x.len().cmp(&y.len());
    }
    let mut ai = a.chars().flat_map(char::to_lowercase);
    let mut bi = b.chars().flat_map(char::to_lowercase);
    loop {
        match (ai.next(), bi.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match x.cmp(&y) {
                Ordering::Equal => {}
                o => return o,
            },
        }
    }
}

/// `value LIKE pattern` with `%`, `_`, `[abc]`, `[a-z]` and `[^a]`,
/// case-insensitively. Trailing blanks are significant, as in SQL Server's
/// Unicode (nvarchar) LIKE; a `[` without a closing `]` is a literal.
pub fn like(value: &str, pattern: &str) -> bool {
    if value.is_ascii() && pattern.is_ascii() {
        return like_at(value.as_bytes(), pattern.as_bytes(), |b| b.to_ascii_lowercase());
    }
    let v: Vec<char> = value.chars().flat_map(char::to_lowercase).collect();
    let p: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    like_at(&v, &p, |c| c)
}

/// A LIKE pattern compiled once for many values: the common shapes
/// (`abc`, `abc%`, `%abc`, `%abc%`) of an ASCII pattern without `_` or `[`
/// test ASCII values directly; everything else goes through [`like`], so
/// the answer is always [`like`]'s.
#[derive(Debug, Clone)]
pub struct LikeMatcher {
    pattern: String,
    shape: Option<Shape>,
    folded: String,
}

/// What an ASCII pattern of one literal between optional `%`s asks of an
/// ASCII value (the literal lower-cased).
#[derive(Debug, Clone)]
enum Shape {
    Equals(Vec<u8>),
    StartsWith(Vec<u8>),
    EndsWith(Vec<u8>),
    Contains(Box<memchr::memmem::Finder<'static>>),
}

impl LikeMatcher {
    /// Compiles `pattern`.
    pub fn new(pattern: &str) -> LikeMatcher {
        LikeMatcher {
            pattern: pattern.to_string(),
            shape: Shape::of(pattern),
            folded: String::new(),
        }
    }

    /// False when a value of `len` bytes starting with `head` cannot match
    /// (true when it may): what a string view tells without its data. A
    /// value folds to at most as many ASCII bytes as it has.
    pub fn may_match(&self, len: usize, head: &[u8]) -> bool {
        let lit = match &self.shape {
            None => return true,
            Some(Shape::Equals(lit) | Shape::StartsWith(lit)) => {
                for (&p, &q) in head.iter().zip(lit) {
                    if !p.is_ascii() {
                        break;
                    }
                    if p.to_ascii_lowercase() != q {
                        return false;
                    }
                }
                lit.as_slice()
            }
            Some(Shape::EndsWith(lit)) => lit.as_slice(),
            Some(Shape::Contains(finder)) => finder.needle(),
        };
        len >= lit.len()
    }

    /// `value LIKE pattern`, exactly as [`like`] answers it.
    pub fn matches(&mut self, value: &str) -> bool {
        let Some(shape) = &self.shape else {
            return like(value, &self.pattern);
        };
        // Case folded as `like` folds it: an ASCII value is compared
        // ignoring ASCII case in place (a substring search needs a
        // lower-cased copy); any other is folded per character. ASCII
        // literals appear in UTF-8 only as whole characters, so byte tests
        // suffice.
        let v = if value.is_ascii() && !matches!(shape, Shape::Contains(_)) {
            value.as_bytes()
        } else {
            self.folded.clear();
            if value.is_ascii() {
                self.folded.push_str(value);
                self.folded.make_ascii_lowercase();
            } else {
                self.folded.extend(value.chars().flat_map(char::to_lowercase));
            }
            self.folded.as_bytes()
        };
        let n = v.len();
        match shape {
            Shape::Equals(lit) => v.eq_ignore_ascii_case(lit),
            Shape::StartsWith(lit) => n >= lit.len() && v[..lit.len()].eq_ignore_ascii_case(lit),
            Shape::EndsWith(lit) => n >= lit.len() && v[n - lit.len()..].eq_ignore_ascii_case(lit),
            Shape::Contains(finder) => finder.find(v).is_some(),
        }
    }
}

impl Shape {
    fn of(pattern: &str) -> Option<Shape> {
        if !pattern.is_ascii() {
            return None;
        }
        let start = pattern.starts_with('%');
        let end = pattern.len() > usize::from(start) && pattern.ends_with('%');
        let inner = &pattern[usize::from(start)..pattern.len() - usize::from(end)];
        if inner.is_empty() || inner.contains(['%', '_', '[']) {
            return None;
        }
        let lit = inner.to_ascii_lowercase().into_bytes();
        Some(match (start, end) {
            (false, false) => Shape::Equals(lit),
            (false, true) => Shape::StartsWith(lit),
            (true, false) => Shape::EndsWith(lit),
            (true, true) => Shape::Contains(Box::new(memchr::memmem::Finder::new(&lit).into_owned())),
        })
    }
}

/// The matcher, over bytes (ASCII) or characters, folding case with `fold`.
fn like_at<T: Copy + PartialEq + PartialOrd + Pat>(v: &[T], p: &[T], fold: impl Fn(T) -> T) -> bool {
    // Iterative matcher with backtracking on the last `%`.
    let (mut vi, mut pi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        if pi < p.len() {
            let c = p[pi];
            if c.is(b'%') {
                star = Some((pi, vi));
                pi += 1;
                continue;
            }
            if c.is(b'_') {
                vi += 1;
                pi += 1;
                continue;
            }
            if c.is(b'[') {
                match class_match(&p[pi..], fold(v[vi]), &fold) {
                    Some((true, next)) => {
                        vi += 1;
                        pi += next;
                        continue;
                    }
                    Some((false, _)) => {}
                    None => {
                        if v[vi].is(b'[') {
                            vi += 1;
                            pi += 1;
                            continue;
                        }
                    }
                }
            } else if fold(c) == fold(v[vi]) {
                vi += 1;
                pi += 1;
                continue;
            }
        }
        match star {
            Some((sp, sv)) => {
                pi = sp + 1;
                vi = sv + 1;
                star = Some((sp, sv + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|c| c.is(b'%'))
}

/// A pattern element: a byte or a character.
trait Pat {
    fn is(self, b: u8) -> bool;
}

impl Pat for u8 {
    fn is(self, b: u8) -> bool {
        self == b
    }
}

impl Pat for char {
    fn is(self, b: u8) -> bool {
        self == b as char
    }
}

/// Matches a `[...]` class at the start of `p`: (matched, pattern length).
fn class_match<T: Copy + PartialEq + PartialOrd + Pat>(p: &[T], c: T, fold: &impl Fn(T) -> T) -> Option<(bool, usize)> {
    let end = p.iter().skip(1).position(|x| x.is(b']'))? + 1;
    let body = &p[1..end];
    let (neg, body) = match body.first() {
        Some(x) if x.is(b'^') => (true, &body[1..]),
        _ => (false, body),
    };
    let mut hit = false;
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1].is(b'-') {
            if fold(body[i]) <= c && c <= fold(body[i + 2]) {
                hit = true;
            }
            i += 3;
        } else {
            if fold(body[i]) == c {
                hit = true;
            }
            i += 1;
        }
    }
    Some((hit != neg, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparing_with_a_key_orders_as_comparing_keys() {
        let words = [
            "",
            " ",
            "a",
            "A ",
            "_",
            "a_b",
            "A-B",
            "abc",
            "ABD",
            "ab",
            "Zürich",
            "ZÜRICH ",
            "zurich",
            "É",
            "e",
            "Microsoft Windows 10",
            "microsoft windows 10  ",
            "120",
            "96.0.4664",
            "118.0",
            "[x]",
            "ß",
            "SS",
        ];
        let mut scratch = String::new();
        for a in words {
            for b in words {
                let key = ci_key(b);
                assert_eq!(
                    cmp_with_key(a, &key, &mut scratch),
                    ci_key(a).cmp(&key),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

    #[test]
    fn like_follows_sql_server() {
        assert!(like("Microsoft WINDOWS 10 Enterprise", "%Windows 10%"));
        assert!(!like("Microsoft Windows 11 Enterprise", "%Windows 10%"));
        assert!(like("pc-001", "PC-___") && !like("PC-0001", "PC-___"));
        assert!(like("Bcd", "[a-c]%") && !like("dog", "[a-c]%"));
        assert!(like("bcd", "[^a]%") && !like("abc", "[^a]%"));
        assert!(like("a_b", "a[_]b") && !like("axb", "a[_]b"));
        assert!(like("axb", "a_b"));
        assert!(like("50%", "50[%]") && !like("500", "50[%]"));
        assert!(like("", "%") && like("x", "%%"));
        assert!(!like("a ", "a"), "trailing blanks are significant in nvarchar LIKE");
        assert!(like("Google Chrome ", "google chrome%"));
        assert!(like("[unclosed", "[unclosed"));
        assert!(like("xxaxxbxxc", "%a%b%c") && !like("xxaxxcxxb", "%a%b%c"));
        assert!(like("LON-DT-0042", "LON-[DL]T-____") && !like("LON-VT-0042", "LON-[DL]T-____"));
        assert!(like("Zoë", "zo_") && like("ZOË", "%ë"));
    }

    #[test]
    fn a_compiled_pattern_answers_as_like_does() {
        let values = [
            "",
            " ",
            "Google Chrome",
            "google chrome 120",
            "GOOGLE CHROME ",
            "Google Chrom",
            "xGoogle Chrome",
            "Microsoft Windows 10 Enterprise",
            "microsoft windows 10",
            "Windows 10",
            "Windows 1",
            "Zoë Windows 10",
            "\u{212a}ELVIN",
            "kelvin",
            "50%",
            "a_b",
        ];
        let patterns = [
            "google chrome%",
            "%windows 10%",
            "%Windows 10",
            "Windows 10",
            "%10",
            "GOOGLE CHROME",
            "%",
            "%%",
            "kelvin%",
            "%elvin",
            "50%",
            "a_b",
            "%[_]%",
            "Zoë%",
            "%Zoë%",
        ];
        for p in patterns {
            let mut m = LikeMatcher::new(p);
            for v in values {
                assert_eq!(m.matches(v), like(v, p), "{v:?} LIKE {p:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn comparing_with_a_key_agrees_with_comparing_keys(
            v in "[aAbB \u{e9}\u{c9}\u{212a}kK\u{130}i]{0,6}",
            w in "[aAbB \u{e9}\u{c9}kK\u{130}i]{0,6}",
        ) {
            let key = ci_key(&w);
            proptest::prop_assert_eq!(cmp_with_key(&v, &key, &mut String::new()), ci_key(&v).cmp(&key));
            proptest::prop_assert_eq!(eq_key(&v, &key, &mut String::new()), ci_key(&v) == key);
        }

        #[test]
        fn compiled_patterns_agree_with_like(
            v in "[aAbB \u{e9}\u{212a}\u{130}ikK%_]{0,8}",
            p in "%?[aAbB \u{e9}kKi]{0,4}%?",
        ) {
            let mut m = LikeMatcher::new(&p);
            let head = &v.as_bytes()[..v.len().min(4)];
            proptest::prop_assert_eq!(m.matches(&v), like(&v, &p));
            proptest::prop_assert!(m.may_match(v.len(), head) || !like(&v, &p));
        }
    }

    #[test]
    fn comparison_ignores_case_and_trailing_blanks() {
        assert_eq!(cmp_ci("CONTOSO", "Contoso  "), Ordering::Equal);
        assert_eq!(cmp_ci("abc", "abd"), Ordering::Less);
        assert_eq!(ci_key("PC-01  "), ci_key("pc-01"));
        assert_ne!(ci_key(" pc-01"), ci_key("pc-01"), "leading blanks count");
    }
}
