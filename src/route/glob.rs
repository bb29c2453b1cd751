//! Glob patterns for routing rules: `*` any run of characters, `?` one
//! character, everything else literal, case-sensitive (Leitweg-IDs and VAT ids
//! are upper-case by their specifications). Matched iteratively with one
//! backtrack point, linear in practice and never recursive.

/// Whether `text` matches `pattern` as a whole.
pub fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || (p[pi] != '*' && p[pi] == t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn globs() {
        assert!(matches("05315-*", "05315-12345-67"));
        assert!(!matches("05315-*", "05316-12345-67"));
        assert!(matches("*-??", "991-01234-44"));
        assert!(!matches("*-??", "991-01234-4"));
        assert!(matches("*", ""));
        assert!(matches("DE*9", "DE123456789"));
        assert!(!matches("DE*9", "DE123456788"));
        assert!(matches("a*b*c", "axxbyyc"));
        assert!(!matches("a*b*c", "axxbyy"));
    }
}
