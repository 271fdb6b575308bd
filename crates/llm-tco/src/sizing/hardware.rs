//! A GPU's figures in base units (bytes, bytes per second, FLOP/s), and its
//! dense tensor peak for each data type.

use crate::error::{Error, Result};
use crate::spec::catalog::{Fp4Compute, Gpu, Interconnect};
use crate::spec::formats::MatmulType;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Bytes in a GiB. GPU memory is sized in powers of two (an 80 GB HBM GPU
/// holds 80 GiB), so the catalog's GB are read as GiB.
pub const GIB: f64 = 1_073_741_824.0;

/// Scale-out bandwidth of one GPU beyond its link domain, bytes/s in one
/// direction: one 400 Gb/s NIC per GPU, as the HGX and DGX H100/H200/B200
/// servers have (8 ConnectX-7 400 Gb/s ports for 8 GPUs, NVIDIA DGX H100
/// user guide). Used only by layouts that span several servers.
pub const NIC_BYTES_PER_S: f64 = 50e9;

/// Latency an NCCL all-reduce adds per peer when the GPUs talk over PCIe
/// (no NVLink; vLLM's custom all-reduce is off for more than two PCIe GPUs):
/// an 8-byte all-reduce takes 42 µs on 8 RTX 4090s (NVIDIA/nccl issue #1530)
/// and 54 µs on 8 RTX 3090s (issue #1439), about 6 µs for each of the 7
/// peers.
pub const PCIE_COLLECTIVE_S_PER_PEER: f64 = 6e-6;

/// Link bandwidth when the catalog gives none, bytes/s: a PCIe 4.0 x16
/// slot in one direction.
pub const DEFAULT_LINK_BYTES_PER_S: f64 = 32e9;

/// A GPU in base units.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hardware {
    pub memory_bytes: f64,
    pub bandwidth: f64,
    /// Dense FLOP/s by data type (0 when the GPU has no such tensor cores).
    pub sixteen: f64,
    pub sixteen_fp16_accumulate: f64,
    pub fp8: f64,
    pub int8: f64,
    pub fp4: f64,
    /// Link bandwidth to the other GPUs of the server, bytes/s.
    pub link: f64,
    /// GPUs in one link domain.
    pub node: f64,
    /// Whether the link is the PCIe slot.
    pub pcie: bool,
}

fn rate(v: Option<Decimal>, scale: f64, field: &str) -> Result<f64> {
    match v {
        None => Ok(0.0),
        Some(d) => match d.to_f64() {
            Some(x) if x.is_finite() && x >= 0.0 => Ok(x * scale),
            _ => Err(Error::invalid(field, format!("must be a number at least 0, found {d}"))),
        },
    }
}

impl Hardware {
    /// The figures of `gpu`.
    ///
    /// # Errors
    /// No memory, bandwidth or 16-bit compute figure, or a negative one,
    /// naming the field.
    pub fn new(gpu: &Gpu) -> Result<Hardware> {
        let memory = rate(Some(gpu.memory_gb), GIB, "memory_gb")?;
        let bandwidth = rate(Some(gpu.mem_bw_gbps), 1e9, "mem_bw_gbps")?;
        if memory <= 0.0 {
            return Err(Error::invalid("memory_gb", "must be above 0"));
        }
        if bandwidth <= 0.0 {
            return Err(Error::invalid("mem_bw_gbps", "must be above 0"));
        }
        let bf16 = rate(gpu.bf16_dense_tflops, 1e12, "bf16_dense_tflops")?;
        let fp16 = rate(gpu.fp16_dense_tflops, 1e12, "fp16_dense_tflops")?;
        let sixteen = if bf16 > 0.0 { bf16 } else { fp16 };
        if sixteen <= 0.0 {
            return Err(Error::invalid(
                "bf16_dense_tflops",
                format!(
                    "{} has no dense 16-bit compute figure; give bf16_dense_tflops (or fp16_dense_tflops) in a catalog file",
                    gpu.id
                ),
            ));
        }
        let link = rate(gpu.interconnect_gbps, 1e9, "interconnect_gbps")?;
        Ok(Hardware {
            memory_bytes: memory,
            bandwidth,
            sixteen,
            sixteen_fp16_accumulate: rate(gpu.fp16_acc16_dense_tflops, 1e12, "fp16_acc16_dense_tflops")?,
            fp8: rate(gpu.fp8_dense_tflops, 1e12, "fp8_dense_tflops")?,
            int8: rate(gpu.int8_dense_tops, 1e12, "int8_dense_tops")?,
            fp4: rate(gpu.fp4_dense_tflops, 1e12, "fp4_dense_tflops")?,
            link: if link > 0.0 { link } else { DEFAULT_LINK_BYTES_PER_S },
            node: f64::from(gpu.scale_up_gpus.unwrap_or(8).max(1)),
            pcie: matches!(gpu.interconnect, Some(Interconnect::Pcie4 | Interconnect::Pcie5)),
        })
    }

    /// Dense FLOP/s of matrix products of `kind`: FP8 and INT8 where the
    /// GPU has them, FP4 per the engine's `fp4_compute` where the GPU has
    /// FP4 (W4A8 runs at the FP8 rate), 16 bits otherwise (GeForce cards at
    /// their FP16-accumulate rate for an engine that accumulates in FP16).
    pub fn peak(&self, kind: MatmulType, fp16_accumulate: bool, fp4: Fp4Compute) -> f64 {
        let sixteen = if fp16_accumulate && self.sixteen_fp16_accumulate > 0.0 {
            self.sixteen_fp16_accumulate
        } else {
            self.sixteen
        };
        let or16 = |p: f64| if p > 0.0 { p } else { sixteen };
        match kind {
            MatmulType::Sixteen | MatmulType::WeightOnly => sixteen,
            MatmulType::Fp8 => or16(self.fp8),
            MatmulType::Int8 => or16(self.int8),
            MatmulType::Fp4 if self.fp4 > 0.0 => match fp4 {
                Fp4Compute::Fp4 => self.fp4,
                Fp4Compute::Fp8 => or16(self.fp8),
                Fp4Compute::WeightOnly => sixteen,
            },
            MatmulType::Fp4 => sixteen,
        }
    }

    /// Whether FP4 weights are dequantized (no FP4 tensor cores).
    pub fn dequantizes_fp4(&self) -> bool {
        self.fp4 <= 0.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn hw(id: &str) -> Hardware {
        Hardware::new(Catalog::builtin().gpu(id).unwrap()).unwrap()
    }

    #[test]
    fn fp4_weights_multiply_where_the_gpu_and_the_engine_say() {
        let b200 = hw("b200-sxm");
        // TensorRT-LLM's W4A4 on FP4 tensor cores, vLLM's W4A8 at the FP8 rate.
        assert_eq!(b200.peak(MatmulType::Fp4, false, Fp4Compute::Fp4), 9000e12);
        assert_eq!(b200.peak(MatmulType::Fp4, false, Fp4Compute::Fp8), 4500e12);
        assert_eq!(b200.peak(MatmulType::Fp4, false, Fp4Compute::WeightOnly), 2250e12);
        // An H200 has no FP4: dequantized to 16 bits.
        let h200 = hw("h200-sxm");
        assert!(h200.dequantizes_fp4());
        assert_eq!(h200.peak(MatmulType::Fp4, false, Fp4Compute::Fp4), 989e12);
        assert_eq!(h200.peak(MatmulType::Fp8, false, Fp4Compute::Fp4), 1979e12);
        // GeForce cards at their FP16-accumulate rate for an engine that uses it.
        let rtx = hw("rtx-4090");
        assert_eq!(rtx.peak(MatmulType::WeightOnly, true, Fp4Compute::Fp8), 330.3e12);
        assert_eq!(rtx.peak(MatmulType::WeightOnly, false, Fp4Compute::Fp8), 165.2e12);
    }

    #[test]
    fn links_say_nvlink_5_infinity_fabric_or_pcie() {
        assert_eq!(hw("b200-sxm").link, 900e9);
        assert_eq!(hw("mi300x").link, 448e9);
        assert!(hw("l40s").pcie && !hw("h100-sxm").pcie);
        // Unified memory: one device, its SoC bandwidth.
        let m3 = hw("apple-m3-ultra");
        assert_eq!(m3.node, 1.0);
        assert_eq!(m3.bandwidth, 819e9);
    }

    #[test]
    fn a_gpu_without_a_16_bit_rate_is_an_error_naming_the_field() {
        let mut g = Catalog::builtin().gpu("l40s").unwrap().clone();
        g.bf16_dense_tflops = None;
        g.fp16_dense_tflops = None;
        assert_eq!(Hardware::new(&g).unwrap_err().path(), "bf16_dense_tflops");
        g.mem_bw_gbps = rust_decimal::Decimal::ZERO;
        assert_eq!(Hardware::new(&g).unwrap_err().path(), "mem_bw_gbps");
    }
}
