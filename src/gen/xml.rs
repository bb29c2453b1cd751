//! A minimal indenting XML writer for the renderers (escaping text and
//! attribute values), and a base64 encoder for embedded attachments.

/// Builds an XML document into a `String`, two spaces of indentation per level.
pub struct XmlWriter {
    buf: String,
    depth: usize,
}

impl XmlWriter {
    /// A document with the XML declaration.
    pub fn new(capacity: usize) -> XmlWriter {
        let mut buf = String::with_capacity(capacity);
        buf.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        XmlWriter { buf, depth: 0 }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.buf.push_str("  ");
        }
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.buf.push('<');
        self.buf.push_str(name);
        for (k, v) in attrs {
            self.buf.push(' ');
            self.buf.push_str(k);
            self.buf.push_str("=\"");
            escape_into(&mut self.buf, v, true);
            self.buf.push('"');
        }
    }

    /// Opens an element that will have child elements.
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.buf.push_str(">\n");
        self.depth += 1;
    }

    /// Closes the element opened last.
    pub fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }

    /// An element with text content and attributes.
    pub fn leaf_attrs(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        self.buf.push('>');
        escape_into(&mut self.buf, text, false);
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }

    /// An element with text content.
    pub fn leaf(&mut self, name: &str, text: &str) {
        self.leaf_attrs(name, &[], text);
    }

    /// An element with text content, when there is a value.
    pub fn opt(&mut self, name: &str, text: Option<&str>) {
        if let Some(t) = text {
            self.leaf(name, t);
        }
    }

    /// The finished document.
    pub fn finish(self) -> String {
        self.buf
    }
}

/// Appends `s` with `&`, `<`, `>` (and in attributes `"`) escaped; carriage returns and, in
/// attributes, newlines and tabs as character references so that they survive parsing.
pub fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

/// Standard base64 (RFC 4648, with padding).
pub fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_rfc4648_vectors() {
        let v = [
            "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy",
        ];
        for (i, want) in v.iter().enumerate() {
            assert_eq!(base64(&b"foobar"[..i]), *want);
        }
    }

    #[test]
    fn escapes() {
        let mut s = String::new();
        escape_into(&mut s, "Müller & Söhne <\"GmbH\">", true);
        assert_eq!(s, "Müller &amp; Söhne &lt;&quot;GmbH&quot;&gt;");
    }
}
