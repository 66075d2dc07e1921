//! A streaming, byte-level reader over `/api/dataValueSets` JSON.
//!
//! Bytes arrive chunk by chunk, split anywhere (inside a key, an escape, a number). The reader
//! walks them once, interns the ids of each data value ([`crate::values::Interners`]) and hands
//! the row to a [`RowSink`] without building a tree or owning a string per row. Only the bytes of
//! one incomplete token or data value object are carried over between chunks, so memory stays
//! bounded by the number of distinct ids, not by the size of the response.
//!
//! Both export shapes are read: with or without the header fields (`dataSet`, `period`, …),
//! `{}` for an empty 2.36/2.37 result, explicit `null`s (2.38+) or omitted keys (2.36/2.37),
//! escaped strings and any whitespace. A bare top-level array of data values is accepted too.
//! Other top-level keys (for example the `dataElements` of the `aggsync aggregate` input file)
//! are skipped. This module does no I/O: the caller feeds the bytes it has.

use crate::values::{DataValueRef, Interners, ValueRef};

/// Receives the rows the reader yields.
pub trait RowSink {
    /// One complete data value row; `interners` resolves its ids to text. Called only for rows
    /// [`RowSink::keep`] kept.
    fn row(&mut self, row: &DataValueRef<'_>, interners: &Interners);

    /// Asked first for every complete row, with only its data element, attribute option combo
    /// and deleted flag: `false` drops the row before its other ids are interned (the fast path
    /// for selections that leave most rows out). Keeps every row unless overridden.
    #[inline]
    fn keep(
        &mut self,
        data_element: u32,
        attribute_option_combo: u32,
        deleted: bool,
        interners: &Interners,
    ) -> bool {
        let _ = (data_element, attribute_option_combo, deleted, interners);
        true
    }
}

impl<F> RowSink for F
where
    F: FnMut(&DataValueRef<'_>, &Interners),
{
    fn row(&mut self, row: &DataValueRef<'_>, interners: &Interners) {
        self(row, interners);
    }
}

/// Why the bytes are not a data value set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The JSON is malformed at `offset` (bytes from the start of the input).
    #[error("invalid data value JSON at byte {offset}: {message}")]
    Syntax {
        /// Byte offset from the start of the whole input.
        offset: u64,
        /// What was expected.
        message: &'static str,
    },
    /// The input ended before the document was complete.
    #[error("the data value JSON ends early (after {offset} bytes)")]
    UnexpectedEnd {
        /// Number of bytes read.
        offset: u64,
    },
}

/// Counts of what the reader saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// Complete rows read (handed to the sink, or dropped by its [`RowSink::keep`]).
    pub rows: u64,
    /// Data value objects without a `dataElement`, `period` or `orgUnit` (not handed on).
    pub incomplete_rows: u64,
    /// Bytes read.
    pub bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    Root { first: bool },
    Values { first: bool, root_array: bool },
    Done,
}

/// Parse failure inside one buffer.
enum Stop {
    /// More bytes are needed to finish the current token.
    Incomplete,
    /// Malformed at this position of the buffer.
    Syntax(usize, &'static str),
}

type Parsed<T> = Result<T, Stop>;

/// Where a string value sits: in the input buffer or unescaped in a scratch buffer.
#[derive(Clone, Copy)]
enum Loc {
    Buf(usize, usize),
    Scratch,
}

#[derive(Clone, Copy)]
enum ValueLoc {
    Absent,
    Null,
    Text(Loc),
    Number(usize, usize),
    Bool(bool),
}

#[derive(Default)]
struct Scratch {
    id: Vec<u8>,
    key: Vec<u8>,
    value: Vec<u8>,
    last_updated: Vec<u8>,
    comment: Vec<u8>,
}

/// The streaming reader. Feed it chunks with [`DataValueReader::feed`], then call
/// [`DataValueReader::finish`].
pub struct DataValueReader {
    state: State,
    carry: Vec<u8>,
    interners: Interners,
    scratch: Scratch,
    /// Absolute offset of the first byte of the current buffer, for error messages.
    offset: u64,
    stats: ReadStats,
}

impl Default for DataValueReader {
    fn default() -> Self {
        DataValueReader::new()
    }
}

/// Bytes tried first when completing a token carried over from the previous chunk.
const FIRST_CARRY_PIECE: usize = 4096;

impl DataValueReader {
    /// A reader at the start of a document.
    pub fn new() -> DataValueReader {
        DataValueReader::with_interners(Interners::new())
    }

    /// A reader that continues numbering ids with `interners` (ids interned before stay valid).
    pub fn with_interners(interners: Interners) -> DataValueReader {
        DataValueReader {
            state: State::Start,
            carry: Vec::new(),
            interners,
            scratch: Scratch::default(),
            offset: 0,
            stats: ReadStats::default(),
        }
    }

    /// The interned ids seen so far.
    pub fn interners(&self) -> &Interners {
        &self.interners
    }

    /// Mutable access, e.g. to intern ids of a selection before reading.
    pub fn interners_mut(&mut self) -> &mut Interners {
        &mut self.interners
    }

    /// What was read so far.
    pub fn stats(&self) -> ReadStats {
        self.stats
    }

    /// Reads the next chunk of the document, handing every completed row to `sink`.
    pub fn feed<S: RowSink + ?Sized>(
        &mut self,
        chunk: &[u8],
        sink: &mut S,
    ) -> Result<(), ReadError> {
        self.stats.bytes += chunk.len() as u64;
        let mut chunk_start = 0;
        if !self.carry.is_empty() {
            let mut carry = std::mem::take(&mut self.carry);
            let mut appended = 0usize;
            loop {
                let want = if appended == 0 {
                    chunk.len().min(FIRST_CARRY_PIECE.max(carry.len()))
                } else {
                    chunk.len().min(appended.saturating_mul(2))
                };
                carry.extend_from_slice(&chunk[appended..want]);
                appended = want;
                let consumed = self.parse(&carry, 0, sink)?;
                let tail_len = carry.len() - appended;
                if consumed >= tail_len {
                    chunk_start = consumed - tail_len;
                    self.offset += tail_len as u64;
                    carry.clear();
                    self.carry = carry;
                    break;
                }
                carry.drain(..consumed);
                self.offset += consumed as u64;
                if appended == chunk.len() {
                    self.carry = carry;
                    return Ok(());
                }
            }
        }
        let consumed = self.parse(chunk, chunk_start, sink)?;
        self.carry.extend_from_slice(&chunk[consumed..]);
        self.offset += consumed as u64;
        Ok(())
    }

    /// Ends the current document and starts reading the next one, keeping the interned ids and
    /// the counts: a run reads many `/api/dataValueSets` responses into one filter or
    /// aggregation. An error (and nothing changes) unless the current document was complete.
    pub fn next_document(&mut self) -> Result<(), ReadError> {
        self.finish()?;
        self.state = State::Start;
        self.carry.clear();
        Ok(())
    }

    /// Ends the document: an error unless it was complete.
    pub fn finish(&mut self) -> Result<ReadStats, ReadError> {
        if self.state == State::Done {
            return Ok(self.stats);
        }
        Err(ReadError::UnexpectedEnd {
            offset: self.stats.bytes,
        })
    }

    fn syntax(&self, position: usize, message: &'static str) -> ReadError {
        ReadError::Syntax {
            offset: self.offset + position as u64,
            message,
        }
    }

    /// Parses `buf` from `start` as far as it is complete; returns the position after the last
    /// complete token (everything before it has been handled).
    fn parse<S: RowSink + ?Sized>(
        &mut self,
        buf: &[u8],
        start: usize,
        sink: &mut S,
    ) -> Result<usize, ReadError> {
        let mut checkpoint = start;
        loop {
            let step = match self.state {
                State::Start => self.step_start(buf, checkpoint),
                State::Root { first } => self.step_root(buf, checkpoint, first),
                State::Values { first, root_array } => {
                    self.step_values(buf, checkpoint, first, root_array, sink)
                }
                State::Done => match skip_ws(buf, checkpoint) {
                    Ok(position) => Err(Stop::Syntax(position, "unexpected data after the end")),
                    Err(_) => return Ok(buf.len()),
                },
            };
            match step {
                Ok(next) => checkpoint = next,
                Err(Stop::Incomplete) => return Ok(checkpoint),
                Err(Stop::Syntax(position, message)) => return Err(self.syntax(position, message)),
            }
        }
    }

    fn step_start(&mut self, buf: &[u8], at: usize) -> Parsed<usize> {
        let i = skip_ws(buf, at)?;
        match buf[i] {
            b'{' => self.state = State::Root { first: true },
            b'[' => {
                self.state = State::Values {
                    first: true,
                    root_array: true,
                }
            }
            _ => return Err(Stop::Syntax(i, "expected `{` at the start")),
        }
        Ok(i + 1)
    }

    fn step_root(&mut self, buf: &[u8], at: usize, first: bool) -> Parsed<usize> {
        let mut i = skip_ws(buf, at)?;
        if buf[i] == b'}' {
            self.state = State::Done;
            return Ok(i + 1);
        }
        if !first {
            if buf[i] != b',' {
                return Err(Stop::Syntax(
                    i,
                    "expected `,` or `}` in the top-level object",
                ));
            }
            i = skip_ws(buf, i + 1)?;
        }
        if buf[i] != b'"' {
            return Err(Stop::Syntax(i, "expected a key in the top-level object"));
        }
        let (end, escaped) = scan_string(buf, i + 1)?;
        let is_values = !escaped && &buf[i + 1..end] == b"dataValues";
        i = skip_ws(buf, end + 1)?;
        if buf[i] != b':' {
            return Err(Stop::Syntax(i, "expected `:` after a key"));
        }
        i = skip_ws(buf, i + 1)?;
        if is_values && buf[i] == b'[' {
            self.state = State::Values {
                first: true,
                root_array: false,
            };
            return Ok(i + 1);
        }
        let next = skip_value(buf, i)?;
        self.state = State::Root { first: false };
        Ok(next)
    }

    fn step_values<S: RowSink + ?Sized>(
        &mut self,
        buf: &[u8],
        at: usize,
        first: bool,
        root_array: bool,
        sink: &mut S,
    ) -> Parsed<usize> {
        let mut i = skip_ws(buf, at)?;
        if buf[i] == b']' {
            self.state = if root_array {
                State::Done
            } else {
                State::Root { first: false }
            };
            return Ok(i + 1);
        }
        if !first {
            if buf[i] != b',' {
                return Err(Stop::Syntax(i, "expected `,` or `]` in `dataValues`"));
            }
            i = skip_ws(buf, i + 1)?;
        }
        let next = if buf[i] == b'{' {
            parse_row(
                buf,
                i,
                &mut self.interners,
                &mut self.scratch,
                &mut self.stats,
                sink,
            )?
        } else {
            skip_value(buf, i)?
        };
        self.state = State::Values {
            first: false,
            root_array,
        };
        Ok(next)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    DataElement,
    Period,
    OrgUnit,
    CategoryOptionCombo,
    AttributeOptionCombo,
    Value,
    Deleted,
    LastUpdated,
    Comment,
    Followup,
    Other,
}

/// A key with its quotes and colon (`"period":`, 8 to 23 bytes) as overlapping little-endian
/// words (at 0, at 8 when longer than 16, and ending at the last byte), to recognise the key
/// DHIS2 writes next with two or three compares instead of scanning it.
struct KeyLiteral {
    first: u64,
    middle: u64,
    last: u64,
    len: usize,
    field: Field,
}

const fn word_of(bytes: &[u8], at: usize) -> u64 {
    let mut word = 0u64;
    let mut index = 0;
    while index < 8 {
        word |= (bytes[at + index] as u64) << (8 * index);
        index += 1;
    }
    word
}

const fn key_literal(name: &[u8], field: Field) -> KeyLiteral {
    let len = name.len() + 3;
    let mut bytes = [0u8; 24];
    bytes[0] = b'"';
    let mut index = 0;
    while index < name.len() {
        bytes[index + 1] = name[index];
        index += 1;
    }
    bytes[name.len() + 1] = b'"';
    bytes[name.len() + 2] = b':';
    KeyLiteral {
        first: word_of(&bytes, 0),
        middle: if len > 16 { word_of(&bytes, 8) } else { 0 },
        last: word_of(&bytes, len - 8),
        len,
        field,
    }
}

/// The keys in the order DHIS2 writes them (`JsonDataValueSetWriter`; 2.36/2.37 in the same
/// order with null ones left out). Only a prediction: any order and any key is read.
static KEY_ORDER: [KeyLiteral; 12] = [
    key_literal(b"dataElement", Field::DataElement),
    key_literal(b"period", Field::Period),
    key_literal(b"orgUnit", Field::OrgUnit),
    key_literal(b"categoryOptionCombo", Field::CategoryOptionCombo),
    key_literal(b"attributeOptionCombo", Field::AttributeOptionCombo),
    key_literal(b"value", Field::Value),
    key_literal(b"storedBy", Field::Other),
    key_literal(b"created", Field::Other),
    key_literal(b"lastUpdated", Field::LastUpdated),
    key_literal(b"comment", Field::Comment),
    key_literal(b"followup", Field::Followup),
    key_literal(b"deleted", Field::Deleted),
];

#[inline]
fn word_at(buf: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&buf[at..at + 8]);
    u64::from_le_bytes(word)
}

/// Whether `buf[at..]` starts with the key literal (false when the buffer ends first: the
/// general path then reads the key).
#[inline(always)]
fn starts_with_key(buf: &[u8], at: usize, key: &KeyLiteral) -> bool {
    if at + key.len > buf.len() {
        return false;
    }
    word_at(buf, at) == key.first
        && word_at(buf, at + key.len - 8) == key.last
        && (key.len <= 16 || word_at(buf, at + 8) == key.middle)
}

/// The field of a key and the position of the key after it in [`KEY_ORDER`].
#[inline]
fn field_of(key: &[u8]) -> (Field, usize) {
    match key {
        b"dataElement" => (Field::DataElement, 1),
        b"period" => (Field::Period, 2),
        b"orgUnit" => (Field::OrgUnit, 3),
        b"categoryOptionCombo" => (Field::CategoryOptionCombo, 4),
        b"attributeOptionCombo" => (Field::AttributeOptionCombo, 5),
        b"value" => (Field::Value, 6),
        b"storedBy" => (Field::Other, 7),
        b"created" => (Field::Other, 8),
        b"lastUpdated" => (Field::LastUpdated, 9),
        b"comment" => (Field::Comment, 10),
        b"followup" => (Field::Followup, 11),
        b"deleted" => (Field::Deleted, 12),
        _ => (Field::Other, 0),
    }
}

/// Whether `buf[at..]` starts with `literal` (at least 8 bytes), compared a word at a time.
#[inline(always)]
fn expect<const N: usize>(buf: &[u8], at: usize, literal: &[u8; N]) -> bool {
    const { assert!(N >= 8) };
    if at + N > buf.len() {
        return false;
    }
    let mut offset = 0;
    while offset + 8 < N {
        if word_at(buf, at + offset) != word_at(literal, offset) {
            return false;
        }
        offset += 8;
    }
    word_at(buf, at + N - 8) == word_at(literal, N - 8)
}

/// A string without escapes or `null` at `buf[i]`: the content range (`None` for null) and the
/// position after it; `None` for anything else (the general path then reads the row).
#[inline(always)]
fn plain_string_or_null(buf: &[u8], i: usize) -> Option<(Option<(usize, usize)>, usize)> {
    match buf.get(i)? {
        b'"' => match scan_string(buf, i + 1) {
            Ok((end, false)) => Some((Some((i + 1, end)), end + 1)),
            _ => None,
        },
        b'n' if buf.get(i..i + 4) == Some(b"null") => Some((None, i + 4)),
        _ => None,
    }
}

/// Where an id of a data value sits in the buffer, with its first and last 8 bytes when the
/// fast path loaded them already.
#[derive(Clone, Copy)]
struct IdAt {
    start: usize,
    end: usize,
    words: Option<(u64, u64)>,
}

impl IdAt {
    #[inline(always)]
    fn intern(self, buf: &[u8], interner: &mut crate::values::Interner) -> u32 {
        let id = &buf[self.start..self.end];
        match self.words {
            Some((first, last)) => interner.intern_words(first, last, id),
            None => interner.intern(id),
        }
    }
}

/// The five ids of a compact data value and the position of its `value`.
struct Prefix {
    /// Data element, period, org unit, category option combo, attribute option combo.
    ids: [IdAt; 5],
    value: usize,
}

/// Little-endian word of a literal at `at` (for the constants below).
const fn literal_word(literal: &[u8], at: usize) -> u64 {
    word_of(literal, at)
}

const HEAD: &[u8; 16] = b"{\"dataElement\":\"";
const PERIOD_KEY: &[u8; 12] = b"\",\"period\":\"";
const ORG_UNIT_KEY: &[u8; 13] = b"\",\"orgUnit\":\"";
const COMBO_KEY: &[u8; 25] = b"\",\"categoryOptionCombo\":\"";
const ATTRIBUTE_COMBO_KEY: &[u8; 26] = b"\",\"attributeOptionCombo\":\"";
const VALUE_KEY: &[u8; 10] = b"\",\"value\":";

/// A DHIS2 UID (11 bytes without `"` or `\\`) at `block[at..]`, followed by its closing quote:
/// its first and last 8 bytes.
#[inline(always)]
fn uid_at(block: &[u8], at: usize) -> Option<(u64, u64)> {
    let window = block.get(at..at + 16)?;
    // The lowest `"` or `\\` must be the closing quote at 11.
    if special_mask(window) & 0xFFF != 0x800 {
        return None;
    }
    Some((word_at(window, 0), word_at(window, 3)))
}

/// The row's ids when every id but the period is a DHIS2 UID (11 bytes) and the keys are
/// compact and in DHIS2's order: the fixed text is compared as words, all of it before one
/// branch, and each id is checked with one 16-byte mask instead of being scanned.
#[inline(always)]
fn uid_prefix(buf: &[u8], at: usize) -> Option<Prefix> {
    const PERIOD_AT: usize = 16 + 11 + 12;
    let head = buf.get(at..at + PERIOD_AT + 16)?;
    let (de_first, de_last) = uid_at(head, 16)?;
    let mut differ = (word_at(head, 0) ^ literal_word(HEAD, 0))
        | (word_at(head, 8) ^ literal_word(HEAD, 8))
        | (word_at(head, 27) ^ literal_word(PERIOD_KEY, 0))
        | (word_at(head, 31) ^ literal_word(PERIOD_KEY, 4));
    // The period: 1 to 13 bytes up to its closing quote.
    let period_mask = special_mask(&head[PERIOD_AT..PERIOD_AT + 16]);
    let period_len = period_mask.trailing_zeros() as usize;
    if !(1..=13).contains(&period_len) || head[PERIOD_AT + period_len] != b'"' {
        return None;
    }
    let base = at + PERIOD_AT + period_len;
    // After the period: `","orgUnit":"` 0..13, UID 13..24, `","categoryOptionCombo":"` 24..49,
    // UID 49..60, `","attributeOptionCombo":"` 60..86, UID 86..97, `","value":` 97..107.
    let rest = buf.get(base..base + 107)?;
    let (org_unit_first, org_unit_last) = uid_at(rest, 13)?;
    let (combo_first, combo_last) = uid_at(rest, 49)?;
    let (attribute_first, attribute_last) = uid_at(rest, 86)?;
    differ |= (word_at(rest, 0) ^ literal_word(ORG_UNIT_KEY, 0))
        | (word_at(rest, 5) ^ literal_word(ORG_UNIT_KEY, 5))
        | (word_at(rest, 24) ^ literal_word(COMBO_KEY, 0))
        | (word_at(rest, 32) ^ literal_word(COMBO_KEY, 8))
        | (word_at(rest, 40) ^ literal_word(COMBO_KEY, 16))
        | (word_at(rest, 41) ^ literal_word(COMBO_KEY, 17))
        | (word_at(rest, 60) ^ literal_word(ATTRIBUTE_COMBO_KEY, 0))
        | (word_at(rest, 68) ^ literal_word(ATTRIBUTE_COMBO_KEY, 8))
        | (word_at(rest, 76) ^ literal_word(ATTRIBUTE_COMBO_KEY, 16))
        | (word_at(rest, 78) ^ literal_word(ATTRIBUTE_COMBO_KEY, 18))
        | (word_at(rest, 97) ^ literal_word(VALUE_KEY, 0))
        | (word_at(rest, 99) ^ literal_word(VALUE_KEY, 2));
    if differ != 0 {
        return None;
    }
    let uid = |start: usize, first: u64, last: u64| IdAt {
        start,
        end: start + 11,
        words: Some((first, last)),
    };
    Some(Prefix {
        ids: [
            uid(at + 16, de_first, de_last),
            IdAt {
                start: at + PERIOD_AT,
                end: base,
                words: None,
            },
            uid(base + 13, org_unit_first, org_unit_last),
            uid(base + 49, combo_first, combo_last),
            uid(base + 86, attribute_first, attribute_last),
        ],
        value: base + 107,
    })
}

/// The same for ids of any length: each id scanned, each key compared after it.
#[inline(always)]
fn general_prefix(buf: &[u8], at: usize) -> Option<Prefix> {
    fn id(buf: &[u8], i: usize) -> Option<IdAt> {
        match scan_string(buf, i) {
            Ok((end, false)) => Some(IdAt {
                start: i,
                end,
                words: None,
            }),
            _ => None,
        }
    }
    if !expect(buf, at, HEAD) {
        return None;
    }
    let data_element = id(buf, at + 16)?;
    if !expect(buf, data_element.end, PERIOD_KEY) {
        return None;
    }
    let period = id(buf, data_element.end + 12)?;
    if !expect(buf, period.end, ORG_UNIT_KEY) {
        return None;
    }
    let org_unit = id(buf, period.end + 13)?;
    if !expect(buf, org_unit.end, COMBO_KEY) {
        return None;
    }
    let combo = id(buf, org_unit.end + 25)?;
    if !expect(buf, combo.end, ATTRIBUTE_COMBO_KEY) {
        return None;
    }
    let attribute_combo = id(buf, combo.end + 26)?;
    if !expect(buf, attribute_combo.end, VALUE_KEY) {
        return None;
    }
    Some(Prefix {
        ids: [data_element, period, org_unit, combo, attribute_combo],
        value: attribute_combo.end + 10,
    })
}

/// The fast path for a data value exactly as DHIS2 2.38+ writes it (compact, every key in its
/// order, strings without escapes): the fixed text between the values is compared a word at a
/// time instead of being scanned. Returns `None`, having emitted nothing, for any other shape.
#[inline(always)]
fn parse_canonical<S: RowSink + ?Sized>(
    buf: &[u8],
    at: usize,
    interners: &mut Interners,
    scratch: &mut Scratch,
    stats: &mut ReadStats,
    sink: &mut S,
) -> Option<usize> {
    let prefix = match uid_prefix(buf, at) {
        Some(prefix) => prefix,
        None => general_prefix(buf, at)?,
    };
    let mut i = prefix.value;
    let (value, next) = plain_string_or_null(buf, i)?;
    i = next;
    if !expect(buf, i, b",\"storedBy\":") {
        return None;
    }
    let (_, next) = plain_string_or_null(buf, i + 12)?;
    i = next;
    if !expect(buf, i, b",\"created\":") {
        return None;
    }
    let (_, next) = plain_string_or_null(buf, i + 11)?;
    i = next;
    if !expect(buf, i, b",\"lastUpdated\":") {
        return None;
    }
    let (last_updated, next) = plain_string_or_null(buf, i + 15)?;
    i = next;
    if !expect(buf, i, b",\"comment\":") {
        return None;
    }
    // Comments are free text: one with escapes is unescaped into the scratch buffer here rather
    // than sending the whole row down the general path.
    let (comment, next) = match plain_string_or_null(buf, i + 11) {
        Some((comment, next)) => (comment.map(|(start, end)| Loc::Buf(start, end)), next),
        None => {
            let start = i + 12;
            if buf.get(i + 11) != Some(&b'"') {
                return None;
            }
            let (end, _) = scan_string(buf, start).ok()?;
            scratch.comment.clear();
            unescape_into(&buf[start..end], &mut scratch.comment).ok()?;
            (Some(Loc::Scratch), end + 1)
        }
    };
    i = next;
    let deleted;
    let followup;
    if expect(buf, i, b",\"followup\":false}") || expect(buf, i, b",\"followup\":false,") {
        followup = false;
        i += 17;
    } else if expect(buf, i, b",\"followup\":true}") || expect(buf, i, b",\"followup\":true,") {
        followup = true;
        i += 16;
    } else {
        return None;
    }
    if buf.get(i) == Some(&b'}') {
        deleted = false;
    } else if expect(buf, i, b",\"deleted\":true}") {
        deleted = true;
        i += 15;
    } else if expect(buf, i, b",\"deleted\":false}") {
        deleted = false;
        i += 16;
    } else {
        return None;
    }
    let [data_element, period, org_unit, combo, attribute_combo] = prefix.ids;
    let data_element = data_element.intern(buf, &mut interners.data_elements);
    let attribute_option_combo =
        attribute_combo.intern(buf, &mut interners.attribute_option_combos);
    stats.rows += 1;
    if !sink.keep(data_element, attribute_option_combo, deleted, interners) {
        return Some(i + 1);
    }
    let row = DataValueRef {
        data_element,
        period: period.intern(buf, &mut interners.periods),
        org_unit: org_unit.intern(buf, &mut interners.org_units),
        category_option_combo: combo.intern(buf, &mut interners.category_option_combos),
        attribute_option_combo,
        value: match value {
            Some((start, end)) => ValueRef::Text(&buf[start..end]),
            None => ValueRef::Null,
        },
        deleted,
        last_updated: last_updated.map(|(start, end)| &buf[start..end]),
        comment: comment.map(|loc| match loc {
            Loc::Buf(start, end) => &buf[start..end],
            Loc::Scratch => &scratch.comment[..],
        }),
        followup,
    };
    sink.row(&row, interners);
    Some(i + 1)
}

/// Parses one data value object starting at `buf[at] == b'{'`; hands it to the sink when
/// complete and returns the position after its `}`.
#[inline]
fn parse_row<S: RowSink + ?Sized>(
    buf: &[u8],
    at: usize,
    interners: &mut Interners,
    scratch: &mut Scratch,
    stats: &mut ReadStats,
    sink: &mut S,
) -> Parsed<usize> {
    if let Some(end) = parse_canonical(buf, at, interners, scratch, stats, sink) {
        return Ok(end);
    }
    let mut ids: [Option<u32>; 5] = [None; 5];
    let mut value = ValueLoc::Absent;
    let mut deleted = false;
    let mut last_updated: Option<Loc> = None;
    let mut comment: Option<Loc> = None;
    let mut followup = false;
    let mut i = skip_ws(buf, at + 1)?;
    let mut predicted = 0usize;
    if buf[i] != b'}' {
        loop {
            let field;
            if let Some(key) = KEY_ORDER.get(predicted)
                && starts_with_key(buf, i, key)
            {
                field = key.field;
                predicted += 1;
                i += key.len;
            } else {
                if buf[i] != b'"' {
                    return Err(Stop::Syntax(i, "expected a key in a data value"));
                }
                let (key_end, key_escaped) = scan_string(buf, i + 1)?;
                (field, predicted) = if key_escaped {
                    scratch.key.clear();
                    unescape_into(&buf[i + 1..key_end], &mut scratch.key)
                        .map_err(|offset| Stop::Syntax(i + 1 + offset, "invalid escape"))?;
                    field_of(&scratch.key)
                } else {
                    field_of(&buf[i + 1..key_end])
                };
                i = key_end + 1;
                if buf.get(i) != Some(&b':') {
                    i = skip_ws(buf, i)?;
                    if buf[i] != b':' {
                        return Err(Stop::Syntax(i, "expected `:` after a key"));
                    }
                }
                i += 1;
            }
            let mut byte = *buf.get(i).ok_or(Stop::Incomplete)?;
            if is_ws(byte) {
                i = skip_ws(buf, i)?;
                byte = buf[i];
            }
            match field {
                Field::DataElement
                | Field::Period
                | Field::OrgUnit
                | Field::CategoryOptionCombo
                | Field::AttributeOptionCombo => {
                    let slot = match field {
                        Field::DataElement => 0,
                        Field::Period => 1,
                        Field::OrgUnit => 2,
                        Field::CategoryOptionCombo => 3,
                        _ => 4,
                    };
                    if byte == b'"' {
                        let (end, escaped) = scan_string(buf, i + 1)?;
                        let text: &[u8] = if escaped {
                            scratch.id.clear();
                            unescape_into(&buf[i + 1..end], &mut scratch.id)
                                .map_err(|offset| Stop::Syntax(i + 1 + offset, "invalid escape"))?;
                            &scratch.id
                        } else {
                            &buf[i + 1..end]
                        };
                        let interner = match slot {
                            0 => &mut interners.data_elements,
                            1 => &mut interners.periods,
                            2 => &mut interners.org_units,
                            3 => &mut interners.category_option_combos,
                            _ => &mut interners.attribute_option_combos,
                        };
                        ids[slot] = Some(interner.intern(text));
                        i = end + 1;
                    } else {
                        ids[slot] = None;
                        i = skip_value(buf, i)?;
                    }
                }
                Field::Value => {
                    if byte == b'"' {
                        let (end, escaped) = scan_string(buf, i + 1)?;
                        value = if escaped {
                            scratch.value.clear();
                            unescape_into(&buf[i + 1..end], &mut scratch.value)
                                .map_err(|offset| Stop::Syntax(i + 1 + offset, "invalid escape"))?;
                            ValueLoc::Text(Loc::Scratch)
                        } else {
                            ValueLoc::Text(Loc::Buf(i + 1, end))
                        };
                        i = end + 1;
                    } else {
                        let end = skip_value(buf, i)?;
                        value = match byte {
                            b'n' => ValueLoc::Null,
                            b't' => ValueLoc::Bool(true),
                            b'f' => ValueLoc::Bool(false),
                            b'-' | b'0'..=b'9' => ValueLoc::Number(i, end),
                            _ => ValueLoc::Null,
                        };
                        i = end;
                    }
                }
                Field::Deleted => {
                    let end = skip_value(buf, i)?;
                    deleted = byte == b't' || &buf[i..end] == b"\"true\"";
                    i = end;
                }
                Field::LastUpdated => {
                    if byte == b'"' {
                        let (end, escaped) = scan_string(buf, i + 1)?;
                        last_updated = Some(if escaped {
                            scratch.last_updated.clear();
                            unescape_into(&buf[i + 1..end], &mut scratch.last_updated)
                                .map_err(|offset| Stop::Syntax(i + 1 + offset, "invalid escape"))?;
                            Loc::Scratch
                        } else {
                            Loc::Buf(i + 1, end)
                        });
                        i = end + 1;
                    } else {
                        last_updated = None;
                        i = skip_value(buf, i)?;
                    }
                }
                Field::Comment => {
                    if byte == b'"' {
                        let (end, escaped) = scan_string(buf, i + 1)?;
                        comment = Some(if escaped {
                            scratch.comment.clear();
                            unescape_into(&buf[i + 1..end], &mut scratch.comment)
                                .map_err(|offset| Stop::Syntax(i + 1 + offset, "invalid escape"))?;
                            Loc::Scratch
                        } else {
                            Loc::Buf(i + 1, end)
                        });
                        i = end + 1;
                    } else {
                        comment = None;
                        i = skip_value(buf, i)?;
                    }
                }
                Field::Followup => {
                    let end = skip_value(buf, i)?;
                    followup = byte == b't' || &buf[i..end] == b"\"true\"";
                    i = end;
                }
                Field::Other => {
                    i = skip_value(buf, i)?;
                }
            }
            let mut byte = *buf.get(i).ok_or(Stop::Incomplete)?;
            if is_ws(byte) {
                i = skip_ws(buf, i)?;
                byte = buf[i];
            }
            match byte {
                b',' => {
                    i += 1;
                    if buf.get(i) != Some(&b'"') {
                        i = skip_ws(buf, i)?;
                    }
                }
                b'}' => break,
                _ => return Err(Stop::Syntax(i, "expected `,` or `}` in a data value")),
            }
        }
    }
    let end = i + 1;
    let (Some(data_element), Some(period), Some(org_unit)) = (ids[0], ids[1], ids[2]) else {
        stats.incomplete_rows += 1;
        return Ok(end);
    };
    let attribute_option_combo = ids[4].unwrap_or(Interners::DEFAULT_COMBO);
    stats.rows += 1;
    if !sink.keep(data_element, attribute_option_combo, deleted, interners) {
        return Ok(end);
    }
    let value = match value {
        ValueLoc::Absent => ValueRef::Absent,
        ValueLoc::Null => ValueRef::Null,
        ValueLoc::Bool(flag) => ValueRef::Bool(flag),
        ValueLoc::Number(start, stop) => ValueRef::Number(&buf[start..stop]),
        ValueLoc::Text(loc) => ValueRef::Text(match loc {
            Loc::Buf(start, stop) => &buf[start..stop],
            Loc::Scratch => &scratch.value,
        }),
    };
    let row = DataValueRef {
        data_element,
        period,
        org_unit,
        category_option_combo: ids[3].unwrap_or(Interners::DEFAULT_COMBO),
        attribute_option_combo,
        value,
        deleted,
        last_updated: last_updated.map(|loc| match loc {
            Loc::Buf(start, stop) => &buf[start..stop],
            Loc::Scratch => &scratch.last_updated[..],
        }),
        comment: comment.map(|loc| match loc {
            Loc::Buf(start, stop) => &buf[start..stop],
            Loc::Scratch => &scratch.comment[..],
        }),
        followup,
    };
    sink.row(&row, interners);
    Ok(end)
}

#[inline]
fn is_ws(byte: u8) -> bool {
    matches!(byte, b' ' | b'\n' | b'\r' | b'\t')
}

/// The position of the next non-whitespace byte; `Incomplete` when the buffer ends first.
#[inline]
fn skip_ws(buf: &[u8], mut i: usize) -> Parsed<usize> {
    while let Some(&byte) = buf.get(i) {
        if !is_ws(byte) {
            return Ok(i);
        }
        i += 1;
    }
    Err(Stop::Incomplete)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Bit 7 of each byte of the result is set where `word` has a byte equal to `byte` (exact for
/// the lowest such byte, which is all the scanner needs).
#[inline]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The position of the first `"` or `\\` at or after `i`, or `buf.len()` when there is none.
/// Sixteen bytes at a time ([`special_mask`]: SIMD where the target has it), then eight (SWAR),
/// then byte by byte at the end of the buffer.
#[inline(always)]
fn next_special(buf: &[u8], mut i: usize) -> usize {
    while let Some(block) = buf.get(i..i + 16) {
        let mask = special_mask(block);
        if mask != 0 {
            return i + mask.trailing_zeros() as usize;
        }
        i += 16;
    }
    while i + 8 <= buf.len() {
        let word = word_at(buf, i);
        let hits = bytes_equal(word, b'"') | bytes_equal(word, b'\\');
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < buf.len() && buf[i] != b'"' && buf[i] != b'\\' {
        i += 1;
    }
    i
}

/// Bit `k` is set where `block[k]` (16 bytes) is `"` or `\\`; only the lowest set bit is
/// guaranteed exact (all the scanner uses). WebAssembly `simd128` (when the build enables it).
#[cfg(all(
    target_arch = "wasm32",
    target_feature = "simd128",
    not(feature = "portable-scan")
))]
#[inline(always)]
fn special_mask(block: &[u8]) -> u32 {
    use core::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_or};
    debug_assert!(block.len() >= 16);
    // SAFETY: `block` holds at least 16 bytes (the caller sliced them); the read is unaligned.
    let vector = unsafe { core::ptr::read_unaligned(block.as_ptr().cast::<v128>()) };
    let hits = v128_or(
        u8x16_eq(vector, u8x16_splat(b'"')),
        u8x16_eq(vector, u8x16_splat(b'\\')),
    );
    u32::from(u8x16_bitmask(hits))
}

/// As above, with SSE2 (always present on x86_64).
#[cfg(all(target_arch = "x86_64", not(feature = "portable-scan")))]
#[inline(always)]
fn special_mask(block: &[u8]) -> u32 {
    use core::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    debug_assert!(block.len() >= 16);
    // SAFETY: `block` holds at least 16 bytes (the caller sliced them); `loadu` reads unaligned;
    // SSE2 is part of the x86_64 baseline.
    unsafe {
        let vector = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let hits = _mm_or_si128(
            _mm_cmpeq_epi8(vector, _mm_set1_epi8(b'"' as i8)),
            _mm_cmpeq_epi8(vector, _mm_set1_epi8(b'\\' as i8)),
        );
        _mm_movemask_epi8(hits) as u32
    }
}

/// The portable twin of the SIMD masks (two SWAR words; also tested natively against them, and
/// used everywhere with the `portable-scan` feature so the reader's tests can run on it).
#[cfg(any(
    feature = "portable-scan",
    not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
#[inline(always)]
fn special_mask(block: &[u8]) -> u32 {
    special_mask_portable(block)
}

/// Two SWAR words: bit 7 of each byte compressed to one bit per byte.
#[cfg_attr(
    all(
        not(feature = "portable-scan"),
        any(
            target_arch = "x86_64",
            all(target_arch = "wasm32", target_feature = "simd128")
        )
    ),
    allow(dead_code)
)]
#[inline(always)]
fn special_mask_portable(block: &[u8]) -> u32 {
    let half = |word: u64| -> u32 {
        let hits = (bytes_equal(word, b'"') | bytes_equal(word, b'\\')) >> 7;
        // One bit per byte (bit 0 of each byte) gathered into the top byte.
        (hits.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
    };
    half(word_at(block, 0)) | (half(word_at(block, 8)) << 8)
}

/// Finds the closing quote of a string whose content starts at `start`. Returns its position
/// and whether the content holds an escape.
#[inline(always)]
fn scan_string(buf: &[u8], start: usize) -> Parsed<(usize, bool)> {
    let mut i = start;
    let mut escaped = false;
    loop {
        i = next_special(buf, i);
        match buf.get(i) {
            None => return Err(Stop::Incomplete),
            Some(b'"') => return Ok((i, escaped)),
            _ => {
                escaped = true;
                if i + 1 >= buf.len() {
                    return Err(Stop::Incomplete);
                }
                i += 2;
            }
        }
    }
}

/// Skips one JSON value starting at `buf[i]` (not whitespace); returns the position after it.
#[inline]
fn skip_value(buf: &[u8], i: usize) -> Parsed<usize> {
    match buf[i] {
        b'"' => scan_string(buf, i + 1).map(|(end, _)| end + 1),
        b'n' => literal(buf, i, b"null"),
        b't' => literal(buf, i, b"true"),
        b'f' => literal(buf, i, b"false"),
        b'-' | b'0'..=b'9' => {
            let mut j = i + 1;
            while let Some(&byte) = buf.get(j) {
                if !matches!(byte, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                    return Ok(j);
                }
                j += 1;
            }
            Err(Stop::Incomplete)
        }
        b'{' | b'[' => skip_nested(buf, i),
        _ => Err(Stop::Syntax(i, "expected a JSON value")),
    }
}

#[inline]
fn literal(buf: &[u8], i: usize, word: &[u8]) -> Parsed<usize> {
    if let (Some(found), Some(expected)) = (buf.get(i..i + 4), word.get(..4))
        && found == expected
        && (word.len() == 4 || buf.get(i + 4) == word.get(4))
    {
        return Ok(i + word.len());
    }
    literal_slow(buf, i, word)
}

#[cold]
fn literal_slow(buf: &[u8], i: usize, word: &[u8]) -> Parsed<usize> {
    let available = &buf[i..buf.len().min(i + word.len())];
    if available != &word[..available.len()] {
        return Err(Stop::Syntax(i, "invalid literal"));
    }
    if available.len() < word.len() {
        return Err(Stop::Incomplete);
    }
    Ok(i + word.len())
}

/// Skips an object or array (any nesting), checking only brackets and strings.
fn skip_nested(buf: &[u8], at: usize) -> Parsed<usize> {
    let mut depth = 0usize;
    let mut i = at;
    while let Some(&byte) = buf.get(i) {
        match byte {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(i + 1);
                }
            }
            b'"' => {
                let (end, _) = scan_string(buf, i + 1)?;
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    Err(Stop::Incomplete)
}

fn hex_digit(byte: u8) -> Option<u32> {
    match byte {
        b'0'..=b'9' => Some(u32::from(byte - b'0')),
        b'a'..=b'f' => Some(u32::from(byte - b'a' + 10)),
        b'A'..=b'F' => Some(u32::from(byte - b'A' + 10)),
        _ => None,
    }
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at + 4)?;
    digits
        .iter()
        .try_fold(0u32, |acc, &byte| Some(acc * 16 + hex_digit(byte)?))
}

/// Unescapes JSON string content into `out`; on error returns the offset of the bad escape.
fn unescape_into(content: &[u8], out: &mut Vec<u8>) -> Result<(), usize> {
    let mut i = 0;
    while i < content.len() {
        let byte = content[i];
        if byte != b'\\' {
            out.push(byte);
            i += 1;
            continue;
        }
        let Some(&kind) = content.get(i + 1) else {
            return Err(i);
        };
        i += 2;
        let simple = match kind {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'/' => Some(b'/'),
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'u' => None,
            _ => return Err(i - 2),
        };
        if let Some(byte) = simple {
            out.push(byte);
            continue;
        }
        let Some(high) = hex4(content, i) else {
            return Err(i - 2);
        };
        i += 4;
        let code = if (0xD800..0xDC00).contains(&high) {
            match (content.get(i..i + 2), hex4(content, i + 2)) {
                (Some(b"\\u"), Some(low)) if (0xDC00..0xE000).contains(&low) => {
                    i += 6;
                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                }
                _ => 0xFFFD,
            }
        } else {
            high
        };
        let character = char::from_u32(code).unwrap_or('\u{FFFD}');
        let mut encoded = [0u8; 4];
        out.extend_from_slice(character.encode_utf8(&mut encoded).as_bytes());
    }
    Ok(())
}

/// Reads a whole document held in memory, for tests and small inputs.
pub fn read_all<S: RowSink + ?Sized>(
    bytes: &[u8],
    sink: &mut S,
) -> Result<(Interners, ReadStats), ReadError> {
    let mut reader = DataValueReader::new();
    reader.feed(bytes, sink)?;
    let stats = reader.finish()?;
    Ok((reader.interners, stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One row flattened to strings, for comparisons.
    #[derive(Debug, Clone, PartialEq)]
    struct Flat {
        ids: [String; 5],
        value: String,
        deleted: bool,
        last_updated: Option<String>,
        comment: Option<String>,
        followup: bool,
    }

    fn flatten(row: &DataValueRef<'_>, names: &Interners) -> Flat {
        Flat {
            ids: [
                names.data_elements.name(row.data_element).to_owned(),
                names.periods.name(row.period).to_owned(),
                names.org_units.name(row.org_unit).to_owned(),
                names
                    .category_option_combos
                    .name(row.category_option_combo)
                    .to_owned(),
                names
                    .attribute_option_combos
                    .name(row.attribute_option_combo)
                    .to_owned(),
            ],
            value: format!("{:?}", row.value.to_owned_value()),
            deleted: row.deleted,
            last_updated: row
                .last_updated
                .map(|text| String::from_utf8_lossy(text).into_owned()),
            comment: row
                .comment
                .map(|text| String::from_utf8_lossy(text).into_owned()),
            followup: row.followup,
        }
    }

    fn read_in_pieces(bytes: &[u8], cuts: &[usize]) -> Result<(Vec<Flat>, ReadStats), ReadError> {
        let mut rows = Vec::new();
        let mut sink = |row: &DataValueRef<'_>, names: &Interners| rows.push(flatten(row, names));
        let mut reader = DataValueReader::new();
        let mut start = 0;
        for &cut in cuts.iter().chain(std::iter::once(&bytes.len())) {
            reader.feed(&bytes[start..cut], &mut sink)?;
            start = cut;
        }
        let stats = reader.finish()?;
        Ok((rows, stats))
    }

    const NEW_SHAPE: &str = r#"{
  "dataSet": "pBOMPrpg1QX", "completeDate": null, "period": "201401", "orgUnit": "DiszpKrYNg8",
  "dataValues": [
    {"dataElement": "f7n9E0hX8qk", "period": "201401", "orgUnit": "DiszpKrYNg8",
     "categoryOptionCombo": "HllvX50cXC0", "attributeOptionCombo": "HllvX50cXC0",
     "value": "12", "storedBy": "admin", "created": "2014-02-03T10:00:00.000+0000",
     "lastUpdated": "2014-02-03T10:00:00.000+0000", "comment": null, "followup": false},
    {"dataElement":"f7n9E0hX8qk","period":"201402","orgUnit":"DiszpKrYNg8","categoryOptionCombo":"a\u0041b\"c","attributeOptionCombo":"HllvX50cXC0","value":"line\nbreak \u00e9 \ud83d\ude00","storedBy":null,"created":"x","lastUpdated":"y","comment":null,"followup":false,"deleted":true}
  ]
}"#;

    #[test]
    fn reads_the_new_shape_with_header_nulls_and_escapes() {
        let (rows, stats) = read_in_pieces(NEW_SHAPE.as_bytes(), &[]).expect("reads");
        assert_eq!(stats.rows, 2);
        assert_eq!(rows[0].ids[0], "f7n9E0hX8qk");
        assert_eq!(rows[0].value, "Text(\"12\")");
        assert_eq!(
            rows[0].last_updated.as_deref(),
            Some("2014-02-03T10:00:00.000+0000")
        );
        assert!(!rows[0].deleted);
        assert_eq!(rows[1].ids[3], "aAb\"c");
        assert_eq!(rows[1].value, "Text(\"line\\nbreak é 😀\")");
        assert!(rows[1].deleted);
    }

    #[test]
    fn reads_the_old_shape_with_omitted_keys_and_empty_results() {
        let old = r#"{"dataValues":[{"dataElement":"a","period":"2020W1","orgUnit":"o","value":"1"},{"dataElement":"b","period":"2020","orgUnit":"o","value":3.5}]}"#;
        let (rows, _) = read_in_pieces(old.as_bytes(), &[]).expect("reads");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].ids[3], "HllvX50cXC0");
        assert_eq!(rows[0].ids[4], "HllvX50cXC0");
        assert_eq!(rows[1].value, "Number(3.5)");
        for empty in [
            "{}",
            " { } ",
            "{\"dataValues\":[]}",
            "[]",
            "{\"period\":\"2020\"}",
        ] {
            let (rows, stats) = read_in_pieces(empty.as_bytes(), &[]).expect(empty);
            assert!(rows.is_empty());
            assert_eq!(stats.rows, 0);
        }
    }

    #[test]
    fn skips_other_keys_and_counts_rows_without_ids() {
        let input = r#"{"dataElements":[{"id":"x","nested":{"a":[1,2,{"b":"]"}]}}],"dataValues":[{"period":"2020","orgUnit":"o","value":"1"},null,{"dataElement":"d","period":"2020","orgUnit":"o","extra":{"k":[true]},"value":"2"}],"after":-1.5e3}"#;
        let (rows, stats) = read_in_pieces(input.as_bytes(), &[]).expect("reads");
        assert_eq!(rows.len(), 1);
        assert_eq!(stats.incomplete_rows, 1);
    }

    #[test]
    fn every_split_point_gives_the_same_rows() {
        let (whole, _) = read_in_pieces(NEW_SHAPE.as_bytes(), &[]).expect("reads");
        for cut in 0..=NEW_SHAPE.len() {
            let (rows, _) = read_in_pieces(NEW_SHAPE.as_bytes(), &[cut]).expect("reads");
            assert_eq!(rows, whole, "cut at {cut}");
        }
        let cuts: Vec<usize> = (1..NEW_SHAPE.len()).collect();
        let (rows, _) = read_in_pieces(NEW_SHAPE.as_bytes(), &cuts).expect("byte by byte");
        assert_eq!(rows, whole);
    }

    /// Rows exactly as DHIS2 2.38+ writes them take the fast path; the same rows with a space
    /// added take the general one: both must read the same.
    #[test]
    fn the_compact_fast_path_reads_like_the_general_path() {
        let rows = [
            r#"{"dataElement":"de1","period":"202001","orgUnit":"ou1","categoryOptionCombo":"coc1","attributeOptionCombo":"aoc1","value":"12","storedBy":"admin","created":"2020-01-01T00:00:00.000+0000","lastUpdated":"2020-01-02T00:00:00.000+0000","comment":null,"followup":false}"#,
            r#"{"dataElement":"de2","period":"2020W1","orgUnit":"ou1","categoryOptionCombo":"coc1","attributeOptionCombo":"aoc1","value":null,"storedBy":null,"created":null,"lastUpdated":null,"comment":"note","followup":true}"#,
            r#"{"dataElement":"de3","period":"2020","orgUnit":"ou2","categoryOptionCombo":"coc2","attributeOptionCombo":"aoc1","value":"x","storedBy":"a","created":"b","lastUpdated":"c","comment":null,"followup":false,"deleted":true}"#,
            r#"{"dataElement":"de3","period":"2021","orgUnit":"ou2","categoryOptionCombo":"coc2","attributeOptionCombo":"aoc1","value":"","storedBy":"a","created":"b","lastUpdated":"c","comment":null,"followup":true,"deleted":false}"#,
            r#"{"dataElement":"de4","period":"2021","orgUnit":"ou2","categoryOptionCombo":"coc2","attributeOptionCombo":"aoc1","value":"a\"b","storedBy":"a","created":"b","lastUpdated":"c","comment":"say \"hi\"","followup":false}"#,
            r#"{"dataElement":"de5","period":"2021","orgUnit":"ou2","categoryOptionCombo":"coc2","attributeOptionCombo":"aoc1","value":7,"storedBy":"a","created":"b","lastUpdated":"c","comment":null,"followup":false}"#,
        ];
        let compact = format!("{{\"dataValues\":[{}]}}", rows.join(","));
        let spaced = compact.replace("\":", "\": ");
        let (fast, _) = read_in_pieces(compact.as_bytes(), &[]).expect("compact");
        let (general, _) = read_in_pieces(spaced.as_bytes(), &[]).expect("spaced");
        assert_eq!(fast.len(), rows.len());
        assert_eq!(fast, general);
        assert_eq!(fast[1].value, "Null");
        assert!(fast[2].deleted && !fast[3].deleted);
        assert_eq!(fast[4].value, "Text(\"a\\\"b\")");
        assert_eq!(fast[5].value, "Number(7.0)");
        assert_eq!(fast[0].comment, None);
        assert_eq!(fast[1].comment.as_deref(), Some("note"));
        assert_eq!(fast[4].comment.as_deref(), Some("say \"hi\""));
        assert!(!fast[0].followup && fast[1].followup && fast[3].followup);
        assert_eq!(
            fast[0].last_updated.as_deref(),
            Some("2020-01-02T00:00:00.000+0000")
        );
        for cut in 0..=compact.len() {
            let (split, _) = read_in_pieces(compact.as_bytes(), &[cut]).expect("split");
            assert_eq!(split, fast, "cut at {cut}");
        }
    }

    /// Comments with escapes are unescaped on the fast path: the same rows as the general path
    /// reads them, at every split point; a bad escape is still an error.
    #[test]
    fn escaped_comments_read_alike_on_both_paths() {
        let rows = [
            r#"{"dataElement":"de1","period":"202001","orgUnit":"ou1","categoryOptionCombo":"coc1","attributeOptionCombo":"aoc1","value":"12","storedBy":"admin","created":"c","lastUpdated":"u","comment":"Line 1\nLine 2 Caf\u00e9 C:\\data \"x\"","followup":false}"#,
            r#"{"dataElement":"de1","period":"202002","orgUnit":"ou1","categoryOptionCombo":"coc1","attributeOptionCombo":"aoc1","value":"13","storedBy":"admin","created":"c","lastUpdated":"u","comment":"\ud83d\ude00","followup":true,"deleted":false}"#,
            r#"{"dataElement":"de1","period":"202003","orgUnit":"ou1","categoryOptionCombo":"coc1","attributeOptionCombo":"aoc1","value":"14","storedBy":"admin","created":"c","lastUpdated":"u","comment":"plain","followup":false}"#,
        ];
        let compact = format!("{{\"dataValues\":[{}]}}", rows.join(","));
        let spaced = compact.replace("\":", "\": ");
        let (fast, _) = read_in_pieces(compact.as_bytes(), &[]).expect("compact");
        let (general, _) = read_in_pieces(spaced.as_bytes(), &[]).expect("spaced");
        assert_eq!(fast, general);
        assert_eq!(
            fast[0].comment.as_deref(),
            Some("Line 1\nLine 2 Café C:\\data \"x\"")
        );
        assert_eq!(fast[1].comment.as_deref(), Some("😀"));
        assert_eq!(fast[2].comment.as_deref(), Some("plain"));
        for cut in 0..=compact.len() {
            let (split, _) = read_in_pieces(compact.as_bytes(), &[cut]).expect("split");
            assert_eq!(split, fast, "cut at {cut}");
        }
        let bad = compact.replace("\\nLine", "\\qLine");
        assert!(matches!(
            read_in_pieces(bad.as_bytes(), &[]),
            Err(ReadError::Syntax { .. })
        ));
    }

    /// The SIMD mask of the build and its portable twin find the same first `"` or `\\` as a
    /// byte-by-byte search, for every position of one or two special bytes in a block.
    #[test]
    fn special_masks_find_the_first_quote_or_backslash() {
        let first = |block: &[u8]| {
            block
                .iter()
                .position(|&byte| byte == b'"' || byte == b'\\')
                .map_or(32, |position| position as u32)
        };
        let lowest = |mask: u32| if mask == 0 { 32 } else { mask.trailing_zeros() };
        let mut blocks = vec![*b"abcdefghijklmnop", [0xFF; 16], [0x00; 16]];
        for position in 0..16 {
            for special in [b'"', b'\\'] {
                for filler in [b'a', 0x00, 0xFF, b'"' - 1, b'\\' + 1, 0x80] {
                    let mut block = [filler; 16];
                    block[position] = special;
                    blocks.push(block);
                    for later in position + 1..16 {
                        let mut twice = block;
                        twice[later] = b'"';
                        blocks.push(twice);
                    }
                }
            }
        }
        for block in &blocks {
            assert_eq!(lowest(special_mask(block)), first(block), "{block:?}");
            assert_eq!(
                lowest(special_mask_portable(block)),
                first(block),
                "{block:?}"
            );
        }
    }

    /// Rows with DHIS2 UIDs take the UID template; rows whose ids only look like it (a quote or
    /// an escape inside, one byte more or less, a long period) must not: every row reads as the
    /// general path reads it, at every split point.
    #[test]
    fn the_uid_template_reads_like_the_general_path() {
        let row = |de: &str, period: &str, org_unit: &str, combo: &str, attribute: &str| {
            format!(
                r#"{{"dataElement":"{de}","period":"{period}","orgUnit":"{org_unit}","categoryOptionCombo":"{combo}","attributeOptionCombo":"{attribute}","value":"5","storedBy":"admin","created":"2020-02-01T10:00:00.000+0000","lastUpdated":"2020-02-01T10:00:00.000+0000","comment":null,"followup":false}}"#
            )
        };
        let rows = [
            row("fbfJHSPpUQD", "202001", "DiszpKrYNg8", "pq2XI5kz2BY", "HllvX50cXC0"),
            row("fbfJHSPpUQD", "2020W53", "DiszpKrYNg8", "PT59n8BQbqM", "HllvX50cXC0"),
            row("cYeuwXTCPkU", "2020", "ImspTQPwCqd", "pq2XI5kz2BY", "HllvX50cXC0"),
            row("cYeuwXTCPkU", "2020SunW10", "ImspTQPwCqd", "pq2XI5kz2BY", "HllvX50cXC0"),
            row("cYeuwXTCPkU", "20200101", "ImspTQPwCqd", "pq2XI5kz2BY", "a\\\"b\\\"cdefg"),
            row("cYeuwXTCPkU", "202001", "Imsp\\u0054PwCqd", "pq2XI5kz2BY", "HllvX50cXC0"),
            row("cYeuwXTCPk", "202001", "ImspTQPwCqdX", "pq2XI5kz2BY", "HllvX50cXC0"),
            row("cYeuwXTCPkU", "2020FinancialNov", "ImspTQPwCqd", "pq2XI5kz2B", "HllvX50cXC0"),
            // The data element is "a": what follows only lines up with the template.
            r#"{"dataElement":"a","xx":"bc","period":"202001","orgUnit":"ImspTQPwCqd","categoryOptionCombo":"pq2XI5kz2BY","attributeOptionCombo":"HllvX50cXC0","value":"5","storedBy":"admin","created":"x","lastUpdated":"y","comment":null,"followup":false}"#.to_owned(),
        ];
        let compact = format!("{{\"dataValues\":[{}]}}", rows.join(","));
        let spaced = compact.replace("\":", "\": ");
        let (fast, _) = read_in_pieces(compact.as_bytes(), &[]).expect("compact");
        let (general, _) = read_in_pieces(spaced.as_bytes(), &[]).expect("spaced");
        assert_eq!(fast.len(), rows.len());
        assert_eq!(fast, general);
        assert_eq!(fast[4].ids[4], "a\"b\"cdefg");
        assert_eq!(fast[5].ids[2], "ImspTPwCqd");
        assert_eq!(fast[8].ids[0], "a");
        for cut in 0..=compact.len() {
            let (split, _) = read_in_pieces(compact.as_bytes(), &[cut]).expect("split");
            assert_eq!(split, fast, "cut at {cut}");
        }
    }

    #[test]
    fn malformed_and_truncated_input_is_an_error() {
        for bad in [
            "{\"dataValues\":[{\"dataElement\" \"a\"}]}",
            "{\"dataValues\":[{\"dataElement\":\"a\",}]}",
            "{\"dataValues\":[1 2]}",
            "nope",
            "{} x",
        ] {
            assert!(
                matches!(
                    read_in_pieces(bad.as_bytes(), &[]),
                    Err(ReadError::Syntax { .. })
                ),
                "{bad}"
            );
        }
        for truncated in [
            "",
            "{",
            "{\"dataValues\":[",
            "{\"dataValues\":[{\"a\":\"b\"}",
        ] {
            assert!(
                matches!(
                    read_in_pieces(truncated.as_bytes(), &[]),
                    Err(ReadError::UnexpectedEnd { .. })
                ),
                "{truncated}"
            );
        }
    }

    #[test]
    fn reads_several_documents_one_after_another() {
        let mut reader = DataValueReader::new();
        let mut rows = Vec::new();
        let mut sink = |row: &DataValueRef<'_>, names: &Interners| {
            rows.push(names.org_units.name(row.org_unit).to_owned());
        };
        reader
            .feed(br#"{"dataValues":[{"dataElement":"d","period":"202001","orgUnit":"a","value":"1"}]}"#, &mut sink)
            .unwrap();
        assert!(reader.next_document().is_ok());
        reader.feed(b"{}", &mut sink).unwrap();
        reader.next_document().unwrap();
        reader
            .feed(
                br#"{"dataValues":[{"dataElement":"d","period":"202001","or"#,
                &mut sink,
            )
            .unwrap();
        assert!(
            reader.next_document().is_err(),
            "an incomplete document cannot be left"
        );
        reader
            .feed(br#"gUnit":"b","value":"2"}]}"#, &mut sink)
            .unwrap();
        let stats = reader.finish().unwrap();
        assert_eq!(stats.rows, 2);
        assert_eq!(rows, ["a", "b"]);
    }
}
