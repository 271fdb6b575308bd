//! Weight and KV-cache formats of a self-hosted model.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// How the weights are stored. Bytes per parameter include the scales and
/// zero points of the quantized formats (block size in the comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightFormat {
    /// BF16: 2 bytes per parameter.
    Bf16,
    /// FP16: 2 bytes per parameter.
    Fp16,
    /// FP8 (E4M3) with per-tensor scales: 1 byte per parameter.
    Fp8,
    /// INT8 with per-channel scales: 1 byte per parameter.
    Int8,
    /// 4-bit AWQ, group size 128 with an FP16 scale and zero per group:
    /// 4.25 bits per parameter.
    AwqInt4,
    /// 4-bit GPTQ, group size 128 with an FP16 scale and packed zero per
    /// group: 4.156 bits per parameter.
    GptqInt4,
    /// GGUF Q8_0: 8.5 bits per parameter.
    GgufQ8_0,
    /// GGUF Q6_K: 6.5625 bits per parameter.
    GgufQ6K,
    /// GGUF Q5_K_M: about 5.69 bits per parameter (mixed blocks).
    GgufQ5KM,
    /// GGUF Q4_K_M: about 4.85 bits per parameter (mixed blocks).
    GgufQ4KM,
    /// GGUF Q3_K_M: about 3.91 bits per parameter (mixed blocks).
    GgufQ3KM,
    /// GGUF Q2_K: about 3.35 bits per parameter (mixed blocks).
    GgufQ2K,
}

impl WeightFormat {
    /// Every format, in the order shown to users.
    pub const ALL: [WeightFormat; 12] = [
        WeightFormat::Bf16,
        WeightFormat::Fp16,
        WeightFormat::Fp8,
        WeightFormat::Int8,
        WeightFormat::AwqInt4,
        WeightFormat::GptqInt4,
        WeightFormat::GgufQ8_0,
        WeightFormat::GgufQ6K,
        WeightFormat::GgufQ5KM,
        WeightFormat::GgufQ4KM,
        WeightFormat::GgufQ3KM,
        WeightFormat::GgufQ2K,
    ];

    /// The name used in files and on the command line (`awq_int4`).
    pub fn name(self) -> &'static str {
        match self {
            WeightFormat::Bf16 => "bf16",
            WeightFormat::Fp16 => "fp16",
            WeightFormat::Fp8 => "fp8",
            WeightFormat::Int8 => "int8",
            WeightFormat::AwqInt4 => "awq_int4",
            WeightFormat::GptqInt4 => "gptq_int4",
            WeightFormat::GgufQ8_0 => "gguf_q8_0",
            WeightFormat::GgufQ6K => "gguf_q6_k",
            WeightFormat::GgufQ5KM => "gguf_q5_k_m",
            WeightFormat::GgufQ4KM => "gguf_q4_k_m",
            WeightFormat::GgufQ3KM => "gguf_q3_k_m",
            WeightFormat::GgufQ2K => "gguf_q2_k",
        }
    }

    /// Bits stored per parameter, scales included.
    pub fn bits_per_param(self) -> f64 {
        match self {
            WeightFormat::Bf16 | WeightFormat::Fp16 => 16.0,
            WeightFormat::Fp8 | WeightFormat::Int8 => 8.0,
            WeightFormat::AwqInt4 => 4.25,
            WeightFormat::GptqInt4 => 4.156_25,
            WeightFormat::GgufQ8_0 => 8.5,
            WeightFormat::GgufQ6K => 6.5625,
            WeightFormat::GgufQ5KM => 5.69,
            WeightFormat::GgufQ4KM => 4.85,
            WeightFormat::GgufQ3KM => 3.91,
            WeightFormat::GgufQ2K => 3.35,
        }
    }

    /// Parses a format name; the error lists the allowed names.
    ///
    /// # Errors
    /// An unknown name.
    pub fn parse(name: &str) -> Result<WeightFormat> {
        let key = name.trim().to_ascii_lowercase().replace('-', "_");
        WeightFormat::ALL.into_iter().find(|f| f.name() == key).ok_or_else(|| {
            let allowed: Vec<&str> = WeightFormat::ALL.iter().map(|f| f.name()).collect();
            Error::invalid(
                "",
                format!("unknown weight format {name:?}; allowed: {}", allowed.join(", ")),
            )
        })
    }
}

/// How the KV cache is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KvFormat {
    /// 16-bit (FP16 or BF16): 2 bytes per element.
    Fp16,
    /// FP8: 1 byte per element.
    Fp8,
    /// INT8: 1 byte per element.
    Int8,
    /// INT4: half a byte per element.
    Int4,
}

impl KvFormat {
    /// Every format.
    pub const ALL: [KvFormat; 4] = [KvFormat::Fp16, KvFormat::Fp8, KvFormat::Int8, KvFormat::Int4];

    /// The name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            KvFormat::Fp16 => "fp16",
            KvFormat::Fp8 => "fp8",
            KvFormat::Int8 => "int8",
            KvFormat::Int4 => "int4",
        }
    }

    /// Bytes per stored element.
    pub fn bytes_per_element(self) -> f64 {
        match self {
            KvFormat::Fp16 => 2.0,
            KvFormat::Fp8 | KvFormat::Int8 => 1.0,
            KvFormat::Int4 => 0.5,
        }
    }

    /// Parses a format name (`bf16` is read as `fp16`); the error lists the
    /// allowed names.
    ///
    /// # Errors
    /// An unknown name.
    pub fn parse(name: &str) -> Result<KvFormat> {
        let key = name.trim().to_ascii_lowercase();
        if key == "bf16" {
            return Ok(KvFormat::Fp16);
        }
        KvFormat::ALL.into_iter().find(|f| f.name() == key).ok_or_else(|| {
            let allowed: Vec<&str> = KvFormat::ALL.iter().map(|f| f.name()).collect();
            Error::invalid(
                "",
                format!("unknown KV-cache format {name:?}; allowed: {}", allowed.join(", ")),
            )
        })
    }
}

impl std::fmt::Display for WeightFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for KvFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
