//! The serde forms of numbers and dates in documents: money as decimal
//! strings only, other quantities as numbers or strings, dates as text.

use rust_decimal::Decimal;

/// Serde form of money and other exact decimals: a decimal string only
/// (`"2.50"`), so no float ever rounds a price on the way in.
pub(crate) mod dec_str {
    use rust_decimal::Decimal;
    use serde::{de, Deserializer, Serializer};
    use std::fmt;
    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(Visitor)
    }

    struct Visitor;

    impl de::Visitor<'_> for Visitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a decimal string such as \"2.50\"")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            crate::base::decimal::parse_decimal(v).map_err(E::custom)
        }
    }
}

/// Serde form of an optional exact decimal (see [`dec_str`]).
pub(crate) mod opt_dec_str {
    use rust_decimal::Decimal;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::dec_str::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(super::OptDecStrVisitor)
    }
}

/// Serde form of a quantity that is not money (a share, a ratio, a count of
/// tokens): a decimal string or a plain number. Numbers are read through
/// their shortest decimal text, so `0.3` is exactly 0.3; NaN and infinities
/// are refused. Written back as a decimal string.
pub(crate) mod qty {
    use rust_decimal::Decimal;
    use serde::{de, Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        super::dec_str::serialize(value, s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(Visitor)
    }

    struct Visitor;

    impl de::Visitor<'_> for Visitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number or a decimal string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            crate::base::decimal::parse_decimal(v).map_err(E::custom)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
            Decimal::try_from_i128_with_scale(v, 0)
                .map_err(|_| E::custom(format!("{v} is outside the decimal range (at most about 7.9e28)")))
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
            match i128::try_from(v) {
                Ok(v) => self.visit_i128(v),
                Err(_) => Err(E::custom(format!(
                    "{v} is outside the decimal range (at most about 7.9e28)"
                ))),
            }
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            if !v.is_finite() {
                return Err(E::custom(format!(
                    "{} is not a finite number",
                    crate::base::float::shortest_text(v)
                )));
            }
            crate::base::float::from_f64(v, "number").map_err(|e| E::custom(e.message()))
        }
    }
}

/// Serde form of an optional quantity (see [`qty`]).
pub(crate) mod opt_qty {
    use rust_decimal::Decimal;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::qty::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(super::OptQtyVisitor)
    }
}

/// Serde reader of a date written as text (`"2026-12-01"`); in TOML also
/// an unquoted date (`as_of = 2026-12-01`), read as the text it writes.
pub(crate) mod date_text {
    use serde::{de, Deserializer};
    use std::fmt;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        d.deserialize_any(Visitor)
    }

    /// The optional form: `null` is `None`.
    pub fn deserialize_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_option(OptVisitor)
    }

    struct OptVisitor;

    impl<'de> de::Visitor<'de> for OptVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date as text (YYYY-MM-DD) or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            deserialize(d).map(Some)
        }
    }

    struct Visitor;

    impl<'de> de::Visitor<'de> for Visitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date as text (YYYY-MM-DD)")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        #[cfg(feature = "toml")]
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
            // The toml crate hands a datetime over as a one-entry map.
            use serde::Deserialize;
            toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map)).map(|d| d.to_string())
        }
    }
}

macro_rules! opt_visitor {
    ($name:ident, $inner:path) => {
        pub(crate) struct $name;

        impl<'de> serde::de::Visitor<'de> for $name {
            type Value = Option<Decimal>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a decimal or null")
            }
            fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
                $inner(d).map(Some)
            }
        }
    };
}

opt_visitor!(OptDecStrVisitor, dec_str::deserialize);
opt_visitor!(OptQtyVisitor, qty::deserialize);
