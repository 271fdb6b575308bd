// Entry for bundlers (Vite with vite-plugin-wasm, webpack 5): the
// wasm-bindgen `bundler` build, plus `version`.
import * as m from './llm_tco_wasm.js';

export const { evaluate, evaluateJson, breakEven, estimate, estimateJson, catalog, payback, paybackJson, sensitivity, sensitivityJson, monteCarlo, monteCarloJson, guide, UsageImport, defaultScenario } = m;
export const version = m.libraryVersion();
