//! The interned data value model: ids of data elements, periods, org units and option combos
//! turned into small integers, and the compact rows the streaming reader yields.
//!
//! A million data values repeat a few thousand distinct ids. Interning them once lets the
//! filter and the aggregation engine compare, hash and index by `u32` instead of by string, and
//! keeps memory bounded by the number of distinct ids rather than by the number of rows. This
//! module does no parsing and no I/O; see [`crate::reader`] for the bytes → rows step.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The id of DHIS2's default category option combo (and default attribute option combo), used
/// where a row omits its option combos.
pub const DEFAULT_CATEGORY_OPTION_COMBO: &str = "HllvX50cXC0";

/// A small, fast, non-cryptographic hasher (the "Fx" multiply-rotate scheme of rustc) for
/// interned ids and packed cell keys. Not resistant to collision attacks, which is fine for ids
/// that come from the user's own DHIS2 instance.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u16(&mut self, value: u16) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    #[inline]
    fn write_u128(&mut self, value: u128) {
        self.add(value as u64);
        self.add((value >> 64) as u64);
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // A final avalanche so that the low bits hashbrown uses depend on every input bit.
        let h = self.hash;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
}

/// `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Maps distinct ids (as bytes) to dense integers `0, 1, 2, …` in order of first appearance and
/// back. Remembers the last id looked up, because exports are sorted and consecutive rows
/// usually share their data element, period and org unit.
///
/// Ids of up to 16 bytes (every DHIS2 uid and ISO period id) are compared as two 64-bit words in
/// an open-addressing table, without hashing or comparing byte slices; longer ids go to a map.
#[derive(Debug, Clone)]
pub struct Interner {
    /// Open-addressing slots holding `id + 1` (0 = empty); its length is a power of two.
    slots: Vec<u32>,
    /// Per id: its short key (meaningless for long ids).
    keys: Vec<ShortKey>,
    long: FxHashMap<Box<[u8]>, u32>,
    names: Vec<Box<str>>,
    last_key: ShortKey,
    last_index: u32,
    /// Per id: the id looked up right after it the last time (`u32::MAX`: none yet). Exports
    /// repeat one order (a form's data elements and their option combos, session after session),
    /// so the next id is usually the one that followed the previous id before: one compare
    /// instead of a hash and a probe.
    successors: Vec<u32>,
}

/// Up to 16 bytes as two overlapping little-endian words plus the length: equal keys mean equal
/// bytes for lengths up to 16.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct ShortKey {
    low: u64,
    high: u64,
    len: u64,
}

/// The key recorded for ids longer than 16 bytes (no short key has this length).
const LONG_KEY: ShortKey = ShortKey {
    low: 0,
    high: 0,
    len: u64::MAX,
};

#[inline]
fn load_u64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

#[inline]
fn load_u32(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u64::from(u32::from_le_bytes(word))
}

impl ShortKey {
    /// The key of `bytes`, `None` when longer than 16 bytes.
    #[inline]
    fn of(bytes: &[u8]) -> Option<ShortKey> {
        let len = bytes.len();
        let (low, high) = if len >= 8 {
            if len > 16 {
                return None;
            }
            (load_u64(bytes, 0), load_u64(bytes, len - 8))
        } else if len >= 4 {
            (load_u32(bytes, 0) | (load_u32(bytes, len - 4) << 32), 0)
        } else {
            let mut low = 0u64;
            for (shift, &byte) in bytes.iter().enumerate() {
                low |= u64::from(byte) << (8 * shift);
            }
            (low, 0)
        };
        Some(ShortKey {
            low,
            high,
            len: len as u64,
        })
    }

    #[inline]
    fn hash(self) -> u64 {
        (self.low ^ self.high.rotate_left(29) ^ (self.len << 56)).wrapping_mul(FX_SEED)
            ^ self.high.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            slots: vec![0; 64],
            keys: Vec::new(),
            long: FxHashMap::default(),
            names: Vec::new(),
            last_key: ShortKey::default(),
            last_index: u32::MAX,
            successors: Vec::new(),
        }
    }
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Interner {
        Interner::default()
    }

    /// The integer for `id`, assigning the next one when it is new. Invalid UTF-8 is replaced
    /// lossily in the name (DHIS2 ids are ASCII).
    #[inline]
    pub fn intern(&mut self, id: &[u8]) -> u32 {
        let Some(key) = ShortKey::of(id) else {
            return self.intern_long(id);
        };
        self.intern_short(key, id)
    }

    /// The short-id look-up: the last id, then its successor, then the table.
    #[inline(always)]
    fn intern_short(&mut self, key: ShortKey, id: &[u8]) -> u32 {
        let last = self.last_index;
        if key == self.last_key && last != u32::MAX {
            return last;
        }
        if let Some(&predicted) = self.successors.get(last as usize)
            && let Some(&predicted_key) = self.keys.get(predicted as usize)
            && predicted_key == key
        {
            self.last_key = key;
            self.last_index = predicted;
            return predicted;
        }
        let index = self.probe(key, id);
        if let Some(successor) = self.successors.get_mut(last as usize) {
            *successor = index;
        }
        self.last_key = key;
        self.last_index = index;
        index
    }

    /// The table look-up (inserting a new id).
    #[inline]
    fn probe(&mut self, key: ShortKey, id: &[u8]) -> u32 {
        let mask = self.slots.len() - 1;
        let mut slot = (key.hash() >> 32) as usize & mask;
        loop {
            let entry = self.slots[slot];
            if entry == 0 {
                return self.insert(id, key, slot);
            }
            let index = entry - 1;
            if self.keys[index as usize] == key {
                return index;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// As [`Interner::intern`] for an id of 8 to 16 bytes whose first and last 8 bytes the
    /// caller has loaded already (`first` = bytes 0..8, `last` = bytes len-8..len, little
    /// endian): the reader's fast path passes the words it validated the id with.
    #[inline]
    pub(crate) fn intern_words(&mut self, first: u64, last: u64, id: &[u8]) -> u32 {
        debug_assert!((8..=16).contains(&id.len()));
        debug_assert_eq!(
            ShortKey::of(id).map(|key| (key.low, key.high)),
            Some((first, last))
        );
        let key = ShortKey {
            low: first,
            high: last,
            len: id.len() as u64,
        };
        self.intern_short(key, id)
    }

    /// Adds a new short id at the free `slot` its probe ended on.
    #[cold]
    fn insert(&mut self, id: &[u8], key: ShortKey, slot: usize) -> u32 {
        let index = self.push_name(id, key);
        self.slots[slot] = index + 1;
        if self.names.len() * 2 > self.slots.len() {
            self.grow();
        }
        index
    }

    #[cold]
    fn intern_long(&mut self, id: &[u8]) -> u32 {
        if let Some(&index) = self.long.get(id) {
            return index;
        }
        let index = self.push_name(id, LONG_KEY);
        self.long.insert(id.into(), index);
        index
    }

    fn push_name(&mut self, id: &[u8], key: ShortKey) -> u32 {
        let index = self.names.len() as u32;
        self.names
            .push(String::from_utf8_lossy(id).into_owned().into_boxed_str());
        self.keys.push(key);
        self.successors.push(u32::MAX);
        index
    }

    #[cold]
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let mask = size - 1;
        let mut slots = vec![0u32; size];
        for index in 0..self.names.len() {
            let key = self.keys[index];
            if key == LONG_KEY {
                continue;
            }
            let mut slot = (key.hash() >> 32) as usize & mask;
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = index as u32 + 1;
        }
        self.slots = slots;
    }

    /// The integer of `id` if it has been seen.
    pub fn get(&self, id: &str) -> Option<u32> {
        let Some(key) = ShortKey::of(id.as_bytes()) else {
            return self.long.get(id.as_bytes()).copied();
        };
        let mask = self.slots.len() - 1;
        let mut slot = (key.hash() >> 32) as usize & mask;
        loop {
            let entry = self.slots[slot];
            if entry == 0 {
                return None;
            }
            if self.keys[entry as usize - 1] == key {
                return Some(entry - 1);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The id an integer stands for.
    pub fn name(&self, index: u32) -> &str {
        self.names.get(index as usize).map_or("", |name| name)
    }

    /// Number of distinct ids seen.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no id has been seen.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// One interner per id column of a data value.
#[derive(Debug, Default, Clone)]
pub struct Interners {
    /// Data element ids.
    pub data_elements: Interner,
    /// ISO period ids.
    pub periods: Interner,
    /// Org unit ids.
    pub org_units: Interner,
    /// Category option combo ids.
    pub category_option_combos: Interner,
    /// Attribute option combo ids.
    pub attribute_option_combos: Interner,
}

impl Interners {
    /// Empty interners, with the default option combo pre-interned in both combo columns.
    pub fn new() -> Interners {
        let mut interners = Interners::default();
        interners
            .category_option_combos
            .intern(DEFAULT_CATEGORY_OPTION_COMBO.as_bytes());
        interners
            .attribute_option_combos
            .intern(DEFAULT_CATEGORY_OPTION_COMBO.as_bytes());
        interners
    }

    /// The interned id of the default option combo (in both combo columns).
    pub const DEFAULT_COMBO: u32 = 0;
}

/// The `value` of a data value row as it appeared in the JSON, borrowed from the input (or from
/// the reader's scratch buffer when the string held escapes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    /// The key was absent (2.36/2.37 omit nulls).
    Absent,
    /// `null`.
    Null,
    /// A JSON string, unescaped (DHIS2 always writes values as strings).
    Text(&'a [u8]),
    /// A bare JSON number, as its text.
    Number(&'a [u8]),
    /// A bare JSON boolean.
    Bool(bool),
}

impl ValueRef<'_> {
    /// The text DHIS2 would store: strings as they are, numbers as written, booleans as
    /// `true`/`false`; `None` for null or absent.
    pub fn text(&self) -> Option<&[u8]> {
        match *self {
            ValueRef::Text(text) | ValueRef::Number(text) => Some(text),
            ValueRef::Bool(true) => Some(b"true"),
            ValueRef::Bool(false) => Some(b"false"),
            ValueRef::Absent | ValueRef::Null => None,
        }
    }

    /// The owned form.
    pub fn to_owned_value(&self) -> Value {
        match *self {
            ValueRef::Absent | ValueRef::Null => Value::Null,
            ValueRef::Bool(flag) => Value::Bool(flag),
            ValueRef::Number(text) | ValueRef::Text(text) => {
                let text = String::from_utf8_lossy(text);
                match parse_dhis2_number(text.as_bytes()) {
                    Some(number) if matches!(self, ValueRef::Number(_)) => Value::Number(number),
                    _ => Value::Text(text.into_owned().into_boxed_str()),
                }
            }
        }
    }
}

/// One data value row as the reader yields it: ids interned, value and `lastUpdated` borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DataValueRef<'a> {
    /// Interned data element id.
    pub data_element: u32,
    /// Interned ISO period id.
    pub period: u32,
    /// Interned org unit id.
    pub org_unit: u32,
    /// Interned category option combo id (the default combo when the row had none).
    pub category_option_combo: u32,
    /// Interned attribute option combo id (the default combo when the row had none).
    pub attribute_option_combo: u32,
    /// The value.
    pub value: ValueRef<'a>,
    /// `"deleted": true`.
    pub deleted: bool,
    /// `lastUpdated` text when present.
    pub last_updated: Option<&'a [u8]>,
    /// `comment` text (unescaped) when present and not null.
    pub comment: Option<&'a [u8]>,
    /// `followup: true`.
    pub followup: bool,
}

/// An owned value of a data value row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Null or absent.
    Null,
    /// A bare JSON number.
    Number(f64),
    /// A string (DHIS2 writes every value as a string, numbers included).
    Text(Box<str>),
    /// A bare JSON boolean.
    Bool(bool),
}

/// Parses a value the way DHIS2's analytics tables accept numbers: `^(-?[0-9]+)(\.[0-9]+)?$`,
/// nothing else (no `+`, no exponent, no leading or trailing dot, no spaces).
#[inline]
pub fn parse_dhis2_number(text: &[u8]) -> Option<f64> {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    let mut mantissa: u64 = 0;
    let mut significant = 0usize;
    let mut integer_digits = 0usize;
    let mut index = 0usize;
    while index < digits.len() {
        let digit = digits[index].wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        if significant < 19 {
            mantissa = mantissa * 10 + u64::from(digit);
            if mantissa != 0 {
                significant += 1;
            }
        } else {
            significant += 1;
        }
        integer_digits += 1;
        index += 1;
    }
    if integer_digits == 0 {
        return None;
    }
    let mut fraction_digits = 0usize;
    if index < digits.len() {
        if digits[index] != b'.' || index + 1 == digits.len() {
            return None;
        }
        index += 1;
        while index < digits.len() {
            let digit = digits[index].wrapping_sub(b'0');
            if digit > 9 {
                return None;
            }
            if significant < 19 {
                mantissa = mantissa * 10 + u64::from(digit);
                if mantissa != 0 {
                    significant += 1;
                }
                fraction_digits += 1;
            } else {
                significant += 1;
            }
            index += 1;
        }
    }
    // Clinger's fast path: an exactly representable mantissa divided by an exact power of ten is
    // correctly rounded.
    const POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let magnitude = if significant <= 15 && fraction_digits == 0 {
        // Dividing by 1.0 changes nothing and costs a division.
        mantissa as f64
    } else if significant <= 15 && fraction_digits < POWERS.len() {
        mantissa as f64 / POWERS[fraction_digits]
    } else {
        let text = std::str::from_utf8(digits).ok()?;
        text.parse::<f64>().ok()?
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Formats a number as DHIS2 writes aggregated values: no exponent, integers without `.0`,
/// otherwise the shortest text that reads back as the same double; `-0` is written `0`.
pub fn format_number(value: f64) -> String {
    if value == 0.0 {
        return "0".to_owned();
    }
    if value.fract() == 0.0 && value.abs() < 9.007_199_254_740_992e15 {
        return format_integer(value as i64);
    }
    // `Display` for f64 never uses an exponent and prints the shortest round-trip digits.
    format!("{value}")
}

/// An integer in decimal, as `format!("{}")` writes it, without the formatting machinery (the
/// output of an aggregation is mostly integers).
fn format_integer(value: i64) -> String {
    let mut digits = [0u8; 20];
    let mut position = digits.len();
    let mut rest = value.unsigned_abs();
    loop {
        position -= 1;
        digits[position] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut text = String::with_capacity(digits.len() - position + 1);
    if value < 0 {
        text.push('-');
    }
    for &digit in &digits[position..] {
        text.push(char::from(digit));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_assigns_dense_ids_and_remembers_names() {
        let mut interner = Interner::new();
        assert_eq!(interner.intern(b"abc"), 0);
        assert_eq!(interner.intern(b"abc"), 0);
        assert_eq!(interner.intern(b"xyz"), 1);
        assert_eq!(interner.intern(b"abc"), 0);
        assert_eq!(interner.intern(b"abcd"), 2);
        assert_eq!(interner.name(1), "xyz");
        assert_eq!(interner.get("abcd"), Some(2));
        assert_eq!(interner.len(), 3);
    }

    #[test]
    fn interner_keeps_ids_of_every_length_apart() {
        let mut interner = Interner::new();
        let mut ids = Vec::new();
        for length in 0..=24 {
            for variant in 0..200u32 {
                let id: String = (0..length)
                    .map(|position| char::from(b'a' + ((variant + position) % 26) as u8))
                    .collect();
                ids.push(id);
            }
        }
        ids.sort();
        ids.dedup();
        for (expected, id) in ids.iter().enumerate() {
            assert_eq!(interner.intern(id.as_bytes()), expected as u32, "{id}");
        }
        for (expected, id) in ids.iter().enumerate().rev() {
            assert_eq!(interner.intern(id.as_bytes()), expected as u32, "{id}");
            assert_eq!(interner.get(id), Some(expected as u32), "{id}");
            assert_eq!(interner.name(expected as u32), id);
        }
        assert_eq!(interner.len(), ids.len());
        assert_eq!(interner.get("not there"), None);
    }

    /// The successor prediction only saves look-ups: whatever order the ids come in (repeated,
    /// changed, interleaved with new ids), each keeps its number.
    #[test]
    fn interner_numbers_stay_put_when_the_order_repeats_or_changes() {
        let mut interner = Interner::new();
        let ids: Vec<String> = (0..12).map(|index| format!("fbfJHSPp{index:03}")).collect();
        let orders: [&[usize]; 4] = [
            &[0, 1, 2, 3, 4, 5],
            &[0, 1, 2, 3, 4, 5],
            &[0, 2, 1, 3, 6, 5, 4, 7],
            &[7, 6, 5, 4, 3, 2, 1, 0, 8, 9, 10, 11, 0, 1, 2],
        ];
        let mut expected = HashMap::new();
        for order in orders {
            for &position in order {
                let id = &ids[position];
                let next = expected.len() as u32;
                let number = *expected.entry(id.clone()).or_insert(next);
                assert_eq!(interner.intern(id.as_bytes()), number, "{id}");
                let words = (
                    load_u64(id.as_bytes(), 0),
                    load_u64(id.as_bytes(), id.len() - 8),
                );
                assert_eq!(
                    interner.intern_words(words.0, words.1, id.as_bytes()),
                    number,
                    "{id}"
                );
            }
        }
        assert_eq!(interner.len(), 12);
    }

    #[test]
    fn numbers_follow_the_analytics_pattern() {
        let accepted: &[(&str, f64)] = &[
            ("0", 0.0),
            ("12", 12.0),
            ("-3", -3.0),
            ("1.5", 1.5),
            ("-0.25", -0.25),
            ("007", 7.0),
            ("0.1", 0.1),
            ("123456789012345678901234", 123456789012345678901234.0),
            ("3.14159265358979323846", std::f64::consts::PI),
        ];
        for (text, expected) in accepted {
            assert_eq!(
                parse_dhis2_number(text.as_bytes()),
                Some(*expected),
                "{text}"
            );
        }
        for text in [
            "", "-", "+1", "1e5", ".5", "5.", "1,5", " 1", "1 ", "--1", "abc", "1.2.3",
        ] {
            assert_eq!(parse_dhis2_number(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn numbers_are_formatted_without_exponent_or_trailing_zero() {
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(1.5), "1.5");
        assert_eq!(format_number(1e21), "1000000000000000000000");
        assert_eq!(format_number(1e-7), "0.0000001");
        assert_eq!(format_number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_number(-42.0), "-42");
    }

    #[test]
    fn integers_are_formatted_as_the_standard_formatter_does() {
        for value in [
            0i64,
            7,
            -7,
            10,
            -10,
            99,
            100,
            123_456_789,
            -9_007_199_254_740_991,
            9_007_199_254_740_991,
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(format_integer(value), value.to_string(), "{value}");
        }
    }
}
