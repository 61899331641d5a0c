//! Element types the bridge accepts, declared once: buffer-protocol format → `DType` → Arrow.

use arrow_schema::DataType;

use crate::error::{Error, Result};

/// Declares every supported element type once: variant, Arrow primitive type, Arrow `DataType`,
/// item size. The builders dispatch through `with_dtype!`, never through per-type match arms.
macro_rules! dtypes {
    ($($variant:ident => $arrow:ty, $dt:expr, $size:expr, $name:expr;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum DType { Bool, $($variant),* }

        impl DType {
            pub const ALL: &'static [DType] = &[DType::Bool, $(DType::$variant),*];

            /// Bytes per element in the *numpy* buffer (bool is one byte there).
            pub fn item_size(self) -> usize {
                match self { DType::Bool => 1, $(DType::$variant => $size),* }
            }

            pub fn arrow_type(self) -> DataType {
                match self { DType::Bool => DataType::Boolean, $(DType::$variant => $dt),* }
            }

            /// numpy's name, for messages.
            pub fn name(self) -> &'static str {
                match self { DType::Bool => "bool", $(DType::$variant => $name),* }
            }

            /// The dtype numpy calls `name` (`"float32"`, `"bool"`, …).
            pub fn from_name(name: &str) -> Option<DType> {
                match name { "bool" => Some(DType::Bool), $($name => Some(DType::$variant),)* _ => None }
            }
        }

        /// Runs `$body` with `$T` bound to the Arrow primitive type of a non-bool `DType`.
        macro_rules! with_dtype {
            ($d:expr, $T:ident, $body:expr, $bool_case:expr) => {
                match $d {
                    $crate::bridge::DType::Bool => $bool_case,
                    $($crate::bridge::DType::$variant => { type $T = $arrow; $body })*
                }
            };
        }
        pub(crate) use with_dtype;
    };
}

dtypes! {
    I8  => arrow_array::types::Int8Type,    DataType::Int8,    1, "int8";
    I16 => arrow_array::types::Int16Type,   DataType::Int16,   2, "int16";
    I32 => arrow_array::types::Int32Type,   DataType::Int32,   4, "int32";
    I64 => arrow_array::types::Int64Type,   DataType::Int64,   8, "int64";
    U8  => arrow_array::types::UInt8Type,   DataType::UInt8,   1, "uint8";
    U16 => arrow_array::types::UInt16Type,  DataType::UInt16,  2, "uint16";
    U32 => arrow_array::types::UInt32Type,  DataType::UInt32,  4, "uint32";
    U64 => arrow_array::types::UInt64Type,  DataType::UInt64,  8, "uint64";
    F16 => arrow_array::types::Float16Type, DataType::Float16, 2, "float16";
    F32 => arrow_array::types::Float32Type, DataType::Float32, 4, "float32";
    F64 => arrow_array::types::Float64Type, DataType::Float64, 8, "float64";
}

impl DType {
    /// The dtype of numpy kind `kind` (`b'b'` bool, `b'i'` signed, `b'u'` unsigned, `b'f'`
    /// float) and item size `size` in bytes, if it is one of ours.
    pub fn from_kind(kind: u8, size: usize) -> Option<DType> {
        Some(match (kind, size) {
            (b'b', 1) => DType::Bool,
            (b'i', 1) => DType::I8,
            (b'i', 2) => DType::I16,
            (b'i', 4) => DType::I32,
            (b'i', 8) => DType::I64,
            (b'u', 1) => DType::U8,
            (b'u', 2) => DType::U16,
            (b'u', 4) => DType::U32,
            (b'u', 8) => DType::U64,
            (b'f', 2) => DType::F16,
            (b'f', 4) => DType::F32,
            (b'f', 8) => DType::F64,
            _ => return None,
        })
    }
}

/// Byte order of a buffer relative to this host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteOrder {
    Native,
    Swapped,
}

/// Parses a struct-module format string (`"<f"`, `"=q"`, `"?"`, `">d"`, ...) with its item size.
///
/// We dispatch on the letter's *kind* and the item size, not on the letter alone: numpy's int64
/// is `'l'` on Linux and `'q'` on Windows. Big-endian input is reported as `Swapped` (pyo3's
/// typed `PyBuffer<T>` wrongly accepts it; we never rely on that check).
pub fn parse_format(format: &[u8], item_size: usize) -> Result<(DType, ByteOrder)> {
    let (order, rest) = match format.split_first() {
        Some((b'@' | b'=', rest)) => (ByteOrder::Native, rest),
        Some((b'<', rest)) => (little_endian_order(), rest),
        Some((b'>' | b'!', rest)) => (big_endian_order(), rest),
        _ => (ByteOrder::Native, format),
    };
    let unsupported = || {
        let shown = String::from_utf8_lossy(format);
        let what = match rest.first() {
            _ if rest.iter().any(|c| matches!(c, b'w' | b'U')) => {
                " (unicode strings: pass UTF-8 bytes and offsets)".to_string()
            }
            Some(b'O') => " (object dtype)".to_string(),
            Some(b'Z') => " (complex)".to_string(),
            Some(b'T') => " (structured dtype)".to_string(),
            Some(b'w') | Some(b'U') => {
                " (unicode strings: pass UTF-8 bytes and offsets)".to_string()
            }
            _ if rest.len() > 1 => " (multi-field or repeated format)".to_string(),
            _ => String::new(),
        };
        Error::Type(format!(
            "expected a numeric or bool buffer (bool, int8-64, uint8-64, float16/32/64), got format '{shown}'{what}"
        ))
    };
    let [letter] = rest else {
        return Err(unsupported());
    };
    // The numpy kind each letter is, and whether the letter allows this item size.
    let (kind, size_ok) = match letter {
        b'?' => (b'b', true),
        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => (b'i', true),
        b'B' | b'c' | b'H' | b'I' | b'L' | b'Q' | b'N' => (b'u', true),
        b'e' => (b'f', item_size == 2),
        b'f' => (b'f', item_size == 4),
        b'd' => (b'f', item_size == 8),
        _ => (0, false),
    };
    let dtype = size_ok
        .then(|| DType::from_kind(kind, item_size))
        .flatten()
        .ok_or_else(unsupported)?;
    // One-byte types have no byte order.
    let order = if item_size == 1 {
        ByteOrder::Native
    } else {
        order
    };
    Ok((dtype, order))
}

fn little_endian_order() -> ByteOrder {
    if cfg!(target_endian = "little") {
        ByteOrder::Native
    } else {
        ByteOrder::Swapped
    }
}

fn big_endian_order() -> ByteOrder {
    if cfg!(target_endian = "big") {
        ByteOrder::Native
    } else {
        ByteOrder::Swapped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(
            parse_format(b"<f", 4).unwrap(),
            (DType::F32, ByteOrder::Native)
        );
        assert_eq!(
            parse_format(b">f", 4).unwrap(),
            (DType::F32, ByteOrder::Swapped)
        );
        assert_eq!(parse_format(b"l", 8).unwrap().0, DType::I64);
        assert_eq!(parse_format(b"q", 8).unwrap().0, DType::I64);
        assert_eq!(parse_format(b"l", 4).unwrap().0, DType::I32);
        assert_eq!(parse_format(b"?", 1).unwrap().0, DType::Bool);
        assert_eq!(
            parse_format(b">B", 1).unwrap(),
            (DType::U8, ByteOrder::Native)
        );
        assert_eq!(parse_format(b"e", 2).unwrap().0, DType::F16);
        let err = parse_format(b"O", 8).unwrap_err().to_string();
        assert!(err.contains("object dtype"), "{err}");
        assert!(parse_format(b"Zf", 8).is_err());
        assert!(parse_format(b"T{f:a:}", 4).is_err());
    }
}
