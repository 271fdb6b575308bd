//! Weight and KV-cache formats of a self-hosted model.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// How the weights are stored. Bits per parameter include the scales and
/// zero points of the quantized formats: a block format stores `values`
/// weights in `bytes` bytes, `8 × bytes / values` bits each (block layouts
/// from ggml-org/llama.cpp `ggml/src/ggml-common.h` @01243c58 for GGUF and
/// ggml's FP4 blocks; the OCP Microscaling spec for MXFP4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightFormat {
    /// BF16: 2 bytes per parameter.
    Bf16,
    /// FP16: 2 bytes per parameter.
    Fp16,
    /// FP8 (E4M3) with per-tensor or per-block scales: 1 byte per parameter.
    Fp8,
    /// INT8 with per-channel scales: 1 byte per parameter (W8A8).
    Int8,
    /// 4-bit AWQ, group size 128 with an FP16 scale and zero per group:
    /// 4.25 bits per parameter.
    AwqInt4,
    /// 4-bit GPTQ, group size 128 with an FP16 scale and packed zero per
    /// group: 4.156 bits per parameter.
    GptqInt4,
    /// 8-bit GPTQ (W8A16), group size 128 with an FP16 scale and an 8-bit
    /// zero per group: 8.1875 bits per parameter.
    GptqInt8,
    /// 4-bit integer weights with one FP16 scale per 128 (compressed-tensors
    /// W4A16, symmetric; vLLM's Marlin kernels): 4.125 bits per parameter.
    Int4W4a16,
    /// NVFP4: E2M1 values with one E4M3 scale per 16 (ggml `block_nvfp4`:
    /// 32 bytes of values and 4 of scales per 64), 4.5 bits per parameter;
    /// the per-tensor FP32 scale is negligible.
    Nvfp4,
    /// MXFP4: E2M1 values with one E8M0 scale per 32 (OCP MX; ggml
    /// `block_mxfp4`: 17 bytes per 32), 4.25 bits per parameter.
    Mxfp4,
    /// GGUF Q8_0: {fp16 d; 32 × int8} = 34 bytes per 32, 8.5 bits.
    GgufQ8_0,
    /// GGUF Q6_K: 210 bytes per 256, 6.5625 bits.
    GgufQ6K,
    /// GGUF Q5_K_M: about 5.69 bits per parameter (mixed blocks).
    GgufQ5KM,
    /// GGUF Q5_K_S: `block_q5_K` `{2 × fp16; scales[12]; qh[32]; qs[128]}` =
    /// 176 bytes per 256 throughout, 5.5 bits.
    GgufQ5KS,
    /// GGUF Q5_0: `{fp16 d; qh[4]; qs[16]}` = 22 bytes per 32, 5.5 bits.
    GgufQ5_0,
    /// GGUF Q4_K_M: about 4.85 bits per parameter (mixed blocks).
    GgufQ4KM,
    /// GGUF Q4_1: `{fp16 d, m; qs[16]}` = 20 bytes per 32, 5 bits.
    GgufQ4_1,
    /// GGUF Q4_0, llama.cpp's reference format: `{fp16 d; qs[16]}` = 18 bytes
    /// per 32, 4.5 bits.
    GgufQ4_0,
    /// GGUF IQ4_XS: `{fp16 d; u16 scales_h; u8 scales_l[4]; qs[128]}` = 136
    /// bytes per 256, 4.25 bits.
    GgufIq4Xs,
    /// GGUF Q3_K_M: about 3.91 bits per parameter (mixed blocks).
    GgufQ3KM,
    /// GGUF Q2_K: about 3.35 bits per parameter (mixed blocks).
    GgufQ2K,
}

/// The data type a format's matrix products run in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatmulType {
    /// 16-bit tensor cores (BF16, FP16).
    Sixteen,
    /// FP8 tensor cores where the GPU has them, 16 bits elsewhere.
    Fp8,
    /// INT8 tensor cores where the GPU has them, 16 bits elsewhere.
    Int8,
    /// FP4 tensor cores where the GPU has them and the engine uses them
    /// (`EngineProfile::fp4_compute`); weight-only 16-bit elsewhere.
    Fp4,
    /// Weight-only: the weights are dequantized to 16 bits inside the
    /// kernel (AWQ, GPTQ, Marlin, GGUF).
    WeightOnly,
}

impl WeightFormat {
    /// Every format, in the order shown to users.
    pub const ALL: [WeightFormat; 21] = [
        WeightFormat::Bf16,
        WeightFormat::Fp16,
        WeightFormat::Fp8,
        WeightFormat::Int8,
        WeightFormat::Nvfp4,
        WeightFormat::Mxfp4,
        WeightFormat::AwqInt4,
        WeightFormat::GptqInt4,
        WeightFormat::GptqInt8,
        WeightFormat::Int4W4a16,
        WeightFormat::GgufQ8_0,
        WeightFormat::GgufQ6K,
        WeightFormat::GgufQ5KM,
        WeightFormat::GgufQ5KS,
        WeightFormat::GgufQ5_0,
        WeightFormat::GgufQ4KM,
        WeightFormat::GgufQ4_1,
        WeightFormat::GgufQ4_0,
        WeightFormat::GgufIq4Xs,
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
            WeightFormat::Nvfp4 => "nvfp4",
            WeightFormat::Mxfp4 => "mxfp4",
            WeightFormat::AwqInt4 => "awq_int4",
            WeightFormat::GptqInt4 => "gptq_int4",
            WeightFormat::GptqInt8 => "gptq_int8",
            WeightFormat::Int4W4a16 => "int4_w4a16",
            WeightFormat::GgufQ8_0 => "gguf_q8_0",
            WeightFormat::GgufQ6K => "gguf_q6_k",
            WeightFormat::GgufQ5KM => "gguf_q5_k_m",
            WeightFormat::GgufQ5KS => "gguf_q5_k_s",
            WeightFormat::GgufQ5_0 => "gguf_q5_0",
            WeightFormat::GgufQ4KM => "gguf_q4_k_m",
            WeightFormat::GgufQ4_1 => "gguf_q4_1",
            WeightFormat::GgufQ4_0 => "gguf_q4_0",
            WeightFormat::GgufIq4Xs => "gguf_iq4_xs",
            WeightFormat::GgufQ3KM => "gguf_q3_k_m",
            WeightFormat::GgufQ2K => "gguf_q2_k",
        }
    }

    /// The block a block format stores: (bytes, weights) — scales, mins
    /// and high bits included. `None` for the formats that are not one
    /// block type (16-bit, FP8, INT8 are one value per byte count; AWQ and
    /// GPTQ are groups with separate scale tensors; the K-quant mixes).
    pub fn block(self) -> Option<(u32, u32)> {
        match self {
            WeightFormat::Nvfp4 => Some((36, 64)),
            WeightFormat::Mxfp4 => Some((17, 32)),
            WeightFormat::GgufQ8_0 => Some((34, 32)),
            WeightFormat::GgufQ6K => Some((210, 256)),
            WeightFormat::GgufQ5KS => Some((176, 256)),
            WeightFormat::GgufQ5_0 => Some((22, 32)),
            WeightFormat::GgufQ4_1 => Some((20, 32)),
            WeightFormat::GgufQ4_0 => Some((18, 32)),
            WeightFormat::GgufIq4Xs => Some((136, 256)),
            _ => None,
        }
    }

    /// Bits stored per parameter, scales included (for a block format,
    /// `8 × bytes / weights` of its [`WeightFormat::block`]).
    pub fn bits_per_param(self) -> f64 {
        match self {
            WeightFormat::Bf16 | WeightFormat::Fp16 => 16.0,
            WeightFormat::Fp8 | WeightFormat::Int8 => 8.0,
            WeightFormat::Nvfp4 | WeightFormat::GgufQ4_0 => 4.5,
            WeightFormat::Mxfp4 | WeightFormat::GgufIq4Xs => 4.25,
            // 4 bits + (16-bit scale + 16-bit zero) / 128.
            WeightFormat::AwqInt4 => 4.25,
            // 4 bits + (16-bit scale + 4-bit packed zero) / 128.
            WeightFormat::GptqInt4 => 4.156_25,
            // 8 bits + (16-bit scale + 8-bit zero) / 128.
            WeightFormat::GptqInt8 => 8.1875,
            // 4 bits + 16-bit scale / 128.
            WeightFormat::Int4W4a16 => 4.125,
            WeightFormat::GgufQ8_0 => 8.5,
            WeightFormat::GgufQ6K => 6.5625,
            WeightFormat::GgufQ5KM => 5.69,
            WeightFormat::GgufQ5KS | WeightFormat::GgufQ5_0 => 5.5,
            WeightFormat::GgufQ4KM => 4.85,
            WeightFormat::GgufQ4_1 => 5.0,
            WeightFormat::GgufQ3KM => 3.91,
            WeightFormat::GgufQ2K => 3.35,
        }
    }

    /// The data type its matrix products run in.
    pub fn matmul(self) -> MatmulType {
        match self {
            WeightFormat::Bf16 | WeightFormat::Fp16 => MatmulType::Sixteen,
            WeightFormat::Fp8 => MatmulType::Fp8,
            WeightFormat::Int8 => MatmulType::Int8,
            WeightFormat::Nvfp4 | WeightFormat::Mxfp4 => MatmulType::Fp4,
            _ => MatmulType::WeightOnly,
        }
    }

    /// Whether it is a GGUF (llama.cpp) format.
    pub fn is_gguf(self) -> bool {
        self.name().starts_with("gguf_")
    }

    /// Whether a GGUF file holds weights in it: the GGUF formats, 16-bit,
    /// and ggml's MXFP4 and NVFP4 blocks (not FP8, INT8, AWQ or GPTQ).
    pub fn in_gguf(self) -> bool {
        self.is_gguf()
            || matches!(
                self,
                WeightFormat::Bf16 | WeightFormat::Fp16 | WeightFormat::Mxfp4 | WeightFormat::Nvfp4
            )
    }

    /// Bits of the embeddings and the output projection: 16 in FP8, INT8,
    /// AWQ, GPTQ and FP4 checkpoints (ModelOpt, compressed-tensors and
    /// gpt-oss keep them in BF16); the format's own in GGUF files and
    /// 16-bit checkpoints.
    pub fn embedding_bits(self) -> f64 {
        if self.is_gguf() || self.matmul() == MatmulType::Sixteen {
            self.bits_per_param()
        } else {
            16.0
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Bits per weight from the block layout, byte by byte.
    #[test]
    fn block_formats_store_their_scales() {
        // (format, bytes of one block counted field by field, weights)
        let cases = [
            // fp16 d + 16 bytes of nibbles
            (WeightFormat::GgufQ4_0, 2 + 16, 32, 4.5),
            // fp16 d, fp16 m + 16 bytes of nibbles
            (WeightFormat::GgufQ4_1, 2 + 2 + 16, 32, 5.0),
            // fp16 d + 4 bytes of high bits + 16 bytes of nibbles
            (WeightFormat::GgufQ5_0, 2 + 4 + 16, 32, 5.5),
            // fp16 d, dmin + 12 bytes of 6-bit scales + 32 high-bit bytes + 128 nibble bytes
            (WeightFormat::GgufQ5KS, 2 + 2 + 12 + 32 + 128, 256, 5.5),
            // fp16 d + u16 high scale bits + 4 bytes of low scale bits + 128 nibble bytes
            (WeightFormat::GgufIq4Xs, 2 + 2 + 4 + 128, 256, 4.25),
            // fp16 d + 32 int8
            (WeightFormat::GgufQ8_0, 2 + 32, 32, 8.5),
            // 128 low nibble bytes + 64 high-bit bytes + 16 int8 scales + fp16 d
            (WeightFormat::GgufQ6K, 128 + 64 + 16 + 2, 256, 6.5625),
            // 4 E4M3 scales (one per 16) + 32 bytes of E2M1 pairs
            (WeightFormat::Nvfp4, 4 + 32, 64, 4.5),
            // 1 E8M0 scale + 16 bytes of E2M1 pairs
            (WeightFormat::Mxfp4, 1 + 16, 32, 4.25),
        ];
        for (format, bytes, values, bits) in cases {
            assert_eq!(format.block(), Some((bytes, values)), "{format}");
            assert_eq!(format.bits_per_param(), bits, "{format}");
            assert_eq!(8.0 * f64::from(bytes) / f64::from(values), bits, "{format}");
        }
    }

    #[test]
    fn group_formats_count_scale_and_zero_per_128() {
        assert_eq!(WeightFormat::AwqInt4.bits_per_param(), 4.0 + (16.0 + 16.0) / 128.0);
        assert_eq!(WeightFormat::GptqInt4.bits_per_param(), 4.0 + (16.0 + 4.0) / 128.0);
        assert_eq!(WeightFormat::GptqInt8.bits_per_param(), 8.0 + (16.0 + 8.0) / 128.0);
        assert_eq!(WeightFormat::Int4W4a16.bits_per_param(), 4.0 + 16.0 / 128.0);
    }

    #[test]
    fn a_7b_model_in_q4_0_takes_its_block_bytes() {
        // 7,241,732,096 parameters (Mistral 7B) in 32-weight blocks of 18
        // bytes: 226,304,128 blocks × 18 = 4,073,474,304 bytes.
        let params = 7_241_732_096_f64;
        let bytes = params * WeightFormat::GgufQ4_0.bits_per_param() / 8.0;
        assert_eq!(bytes, 226_304_128.0 * 18.0);
    }

    #[test]
    fn fp4_runs_on_fp4_tensor_cores_and_keeps_embeddings_at_16_bits() {
        assert_eq!(WeightFormat::Nvfp4.matmul(), MatmulType::Fp4);
        assert_eq!(WeightFormat::Mxfp4.matmul(), MatmulType::Fp4);
        assert_eq!(WeightFormat::Nvfp4.embedding_bits(), 16.0);
        assert_eq!(WeightFormat::GgufQ4_0.embedding_bits(), 4.5);
        assert_eq!(WeightFormat::GgufQ4_0.matmul(), MatmulType::WeightOnly);
        assert_eq!(WeightFormat::Bf16.embedding_bits(), 16.0);
        assert_eq!(WeightFormat::Fp8.embedding_bits(), 16.0);
    }

    #[test]
    fn every_format_parses_its_own_name() {
        for f in WeightFormat::ALL {
            assert_eq!(WeightFormat::parse(f.name()).ok(), Some(f));
            assert!(f.bits_per_param() > 3.0 && f.bits_per_param() <= 16.0);
        }
        assert_eq!(WeightFormat::parse("GGUF-Q4_0").ok(), Some(WeightFormat::GgufQ4_0));
        assert_eq!(KvFormat::parse("fp8").ok().map(KvFormat::bytes_per_element), Some(1.0));
    }
}
