use super::*;

#[test]
fn both_tables_parse() {
    for (name, t) in [("ubl", table::ubl()), ("cii", table::cii())] {
        if let Err(e) = t {
            panic!("{name}.tsv: {}", e.0);
        }
    }
}
