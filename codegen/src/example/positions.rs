//! Where the parts of a value read are in the text: a [`PathKey`] names a member or element,
//! a [`Span`] is a piece of the text, a [`Place`] is where a member's key and value were
//! written, and [`Positions`] holds the places of one top-level value.

use std::sync::OnceLock;

/// The path from a top-level value down to one of its members or elements (object keys and
/// array indices), as a 64-bit hash: extending a path costs no allocation, in the reader and
/// in whoever walks the value and asks where a part of it was written.
///
/// Two different paths can in principle share a hash; the cost is only a position pointing at
/// the wrong member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PathKey(u64);

impl PathKey {
    /// The top-level value itself.
    pub const ROOT: PathKey = PathKey(0x243f_6a88_85a3_08d3);

    /// The member `key` of the object at this path.
    pub fn key(self, key: &str) -> PathKey {
        // Eight bytes at a time (FxHash's step), starting from the length so that the zeros
        // padding the last chunk cannot make two keys alike; `then` mixes the result well.
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let bytes = key.as_bytes();
        let mut h = bytes.len() as u64;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            h = (h.rotate_left(5) ^ word).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
        }
        self.then(h)
    }

    /// The element `index` of the array at this path.
    pub fn index(self, index: usize) -> PathKey {
        // Tagged, so that element 3 and a member named by the same hash stay apart.
        self.then((index as u64) ^ 0x9e37_79b9_7f4a_7c15)
    }

    fn then(self, segment: u64) -> PathKey {
        // The splitmix64 finaliser of parent and segment: order matters (`a.b` is not `b.a`).
        let mut z = self
            .0
            .rotate_left(23)
            .wrapping_add(segment)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        PathKey(z ^ (z >> 31))
    }
}

/// Where a piece of the input text is: the whole token for keys and scalars (quotes
/// included), the opening bracket for objects and arrays.
///
/// Kept in 32 bits a number (beyond 4 Gi they saturate) and in characters, not bytes, so that
/// recording every member costs the reader next to nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    line: u32,
    column: u32,
    chars: u32,
}

impl Span {
    pub(super) fn new(line: usize, column: usize, chars: usize) -> Span {
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            line: small(line),
            column: small(column),
            chars: small(chars),
        }
    }

    /// 1-based line of its first character.
    pub fn line(&self) -> usize {
        self.line as usize
    }

    /// 1-based column (in characters) of its first character.
    pub fn column(&self) -> usize {
        self.column as usize
    }

    /// Its length in characters (a string with raw line breaks runs over several lines).
    pub fn chars(&self) -> usize {
        self.chars as usize
    }

    /// Its text in `input`, the text that was read; empty if it is not there.
    pub fn text<'t>(&self, input: &'t str) -> &'t str {
        let line_start = match self.line() {
            0 | 1 => Some(0),
            n => input.match_indices('\n').nth(n - 2).map(|(i, _)| i + 1),
        };
        line_start.map_or("", |i| {
            self.text_in_line(input.get(i..).unwrap_or_default())
        })
    }

    /// Its text in `from_line`, the text that was read from the start of the span's line on;
    /// empty if it is not there.
    pub fn text_in_line<'t>(&self, from_line: &'t str) -> &'t str {
        let mut ends = from_line
            .char_indices()
            .map(|(i, _)| i)
            .chain([from_line.len()]);
        let start = ends.nth(self.column().saturating_sub(1));
        let end = if self.chars == 0 {
            start
        } else {
            ends.nth(self.chars() - 1)
        };
        match (start, end) {
            (Some(start), Some(end)) => from_line.get(start..end).unwrap_or_default(),
            _ => "",
        }
    }
}

/// Where one member or element was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The member's key; `None` for an array element and for the top-level value.
    pub key: Option<Span>,
    /// The value.
    pub value: Span,
}

/// Where the parts of one top-level value are in the text, by [`PathKey`].
///
/// A member written twice (`{"a": 1, "a": 2}`) is where its last value, the one kept, is.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// In the order read (a member after the members of its value).
    places: Vec<(PathKey, Place)>,
    /// Indices into `places`, by path and then index; built by the first look-up, since most
    /// values are never asked about.
    sorted: OnceLock<Vec<usize>>,
}

impl Positions {
    /// The places recorded for one value, in the order read.
    pub(super) fn from_places(places: Vec<(PathKey, Place)>) -> Positions {
        Positions {
            places,
            sorted: OnceLock::new(),
        }
    }

    /// Where the member or element at `path` (or with [`PathKey::ROOT`], the value itself) was
    /// written.
    pub fn get(&self, path: PathKey) -> Option<&Place> {
        let places = &self.places;
        let sorted = self.sorted.get_or_init(|| {
            let mut sorted: Vec<usize> = (0..places.len()).collect();
            sorted.sort_unstable_by_key(|&i| (places[i].0, i));
            sorted
        });
        let after = sorted.partition_point(|&i| places[i].0 <= path);
        let (found, place) = &places[*sorted[..after].last()?];
        (*found == path).then_some(place)
    }

    /// Every place recorded, with its path, in the order read.
    pub fn iter(&self) -> impl Iterator<Item = (PathKey, &Place)> {
        self.places.iter().map(|(path, place)| (*path, place))
    }

    /// How many members and elements (and the value itself) were recorded.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

impl PartialEq for Positions {
    fn eq(&self, other: &Self) -> bool {
        self.places == other.places
    }
}

impl Eq for Positions {}
