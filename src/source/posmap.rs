//! Position maps from a reconstructed document back to the file it came from.

/// Maps byte offsets of a reconstructed XML document to byte offsets of the decoded file.
///
/// Stored as anchor points `(document offset, file offset)` in increasing order: an offset
/// between two anchors maps linearly from the one before it. A plain copy needs one anchor;
/// each place where the source removed or rewrote text (a line break re-joined, `&lt;`
/// un-escaped, `''` un-doubled) adds one anchor at the first byte after the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMap {
    anchors: Vec<(usize, usize)>,
}

impl SourceMap {
    /// A document that is a verbatim copy of the file starting at `file_offset`.
    pub fn verbatim(file_offset: usize) -> Self {
        SourceMap {
            anchors: vec![(0, file_offset)],
        }
    }

    /// An empty map, to be filled with [`SourceMap::push`].
    pub fn new() -> Self {
        SourceMap {
            anchors: Vec::new(),
        }
    }

    /// Records that document byte `doc_offset` comes from file byte `file_offset`. Calls must
    /// come in increasing document order; a call that would not move forward is ignored.
    pub fn push(&mut self, doc_offset: usize, file_offset: usize) {
        match self.anchors.last_mut() {
            Some(last) if last.0 == doc_offset => last.1 = file_offset,
            Some(last) if last.0 > doc_offset => {}
            _ => {
                // Skip anchors that the linear rule already implies.
                if let Some(&(d, f)) = self.anchors.last() {
                    if file_offset == f + (doc_offset - d) {
                        return;
                    }
                }
                self.anchors.push((doc_offset, file_offset))
            }
        }
    }

    /// Makes the bytes from `doc_offset` on stop continuing linearly from the previous anchor
    /// (used after synthetic text, which maps several bytes to one file offset); the next
    /// [`SourceMap::push`] at `doc_offset` sets the real target.
    ///
    /// `file_offset` is where the synthetic text stands in the file. It is given explicitly:
    /// [`SourceMap::push`] drops anchors that the linear rule implies, so the last anchor may
    /// lie far before the synthetic text (pinning to it made the map go backwards; found by
    /// the `syncml` fuzz target, fixture `testdata/fuzz/syncml-entity-after-copy.xml`).
    fn pin(&mut self, doc_offset: usize, file_offset: usize) {
        if let Some(&(d, _)) = self.anchors.last() {
            if d < doc_offset {
                self.anchors.push((doc_offset, file_offset));
            }
        }
    }

    /// The file offset of document offset `doc_offset`.
    pub fn to_file(&self, doc_offset: usize) -> usize {
        let index = match self.anchors.binary_search_by_key(&doc_offset, |&(d, _)| d) {
            Ok(i) => i,
            Err(0) => return self.anchors.first().map_or(doc_offset, |&(_, f)| f),
            Err(i) => i - 1,
        };
        let (d, f) = self.anchors[index];
        f + (doc_offset - d)
    }

    pub fn anchors(&self) -> &[(usize, usize)] {
        &self.anchors
    }
}

/// Builds a reconstructed document piece by piece while recording where each piece came from.
#[derive(Debug, Clone, Default)]
pub struct MappedText {
    pub text: String,
    pub map: SourceMap,
}

impl MappedText {
    pub fn new() -> Self {
        MappedText {
            text: String::new(),
            map: SourceMap::new(),
        }
    }

    /// Appends `piece`, a verbatim copy of the file text starting at `file_offset`.
    pub fn copy(&mut self, piece: &str, file_offset: usize) {
        if piece.is_empty() {
            return;
        }
        self.map.push(self.text.len(), file_offset);
        self.text.push_str(piece);
    }

    /// Appends `piece`, which is not in the file as such (an un-escaped entity, an inserted
    /// space): every byte of it maps to `file_offset`, the place it stands for.
    pub fn synthetic(&mut self, piece: &str, file_offset: usize) {
        if piece.is_empty() {
            return;
        }
        self.map.push(self.text.len(), file_offset);
        self.text.push_str(piece);
        // The next byte must not continue linearly from here.
        self.map.pin(self.text.len(), file_offset);
    }

    /// Appends `src.text[from..to]` keeping the file position of every byte: one anchor per
    /// anchor of `src` in the range, not one lookup per character.
    pub fn append_range(&mut self, src: &MappedText, from: usize, to: usize) {
        let to = to.min(src.text.len());
        if from >= to {
            return;
        }
        let anchors = src.map.anchors();
        let mut k = match anchors.binary_search_by_key(&from, |&(d, _)| d) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let mut at = from;
        while at < to {
            let next = anchors.get(k + 1).map_or(to, |&(d, _)| d.min(to)).max(at);
            if next > at {
                if let Some(piece) = src.text.get(at..next) {
                    self.copy(piece, src.map.to_file(at));
                }
            }
            at = next;
            k += 1;
            if k >= anchors.len() && at < to {
                if let Some(piece) = src.text.get(at..to) {
                    self.copy(piece, src.map.to_file(at));
                }
                break;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn into_parts(self) -> (String, SourceMap) {
        (self.text, self.map)
    }
}

impl Default for SourceMap {
    fn default() -> Self {
        SourceMap::verbatim(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_text_after_a_linear_copy_does_not_go_backwards() {
        // file: "ab&gt;", document: "ab>": the entity starts where the copy would continue.
        let mut text = MappedText::new();
        text.copy("ab", 0);
        text.synthetic(">", 2);
        let (doc, map) = text.into_parts();
        assert_eq!(doc, "ab>");
        let mapped: Vec<usize> = (0..=doc.len()).map(|d| map.to_file(d)).collect();
        assert_eq!(mapped, vec![0, 1, 2, 2]);
    }

    #[test]
    fn maps_through_an_unescaped_entity() {
        // file: "a&lt;b", document: "a<b"
        let mut map = SourceMap::new();
        map.push(0, 0);
        map.push(1, 1); // '<' comes from "&lt;" at file offset 1
        map.push(2, 5);
        assert_eq!(map.to_file(0), 0);
        assert_eq!(map.to_file(1), 1);
        assert_eq!(map.to_file(2), 5);
        assert_eq!(map.to_file(3), 6);
    }
}
