// Entry for bundlers (Vite with vite-plugin-wasm, webpack 5): the
// wasm-bindgen `bundler` build, plus `version`; every call guarded as in
// the Node entry (a panic becomes an Error with its message).
import * as m from './llm_tco_wasm.js';
import { guard, guardClass } from '../guard.mjs';

export const evaluate = guard(m, m.evaluate);
export const evaluateJson = guard(m, m.evaluateJson);
export const breakEven = guard(m, m.breakEven);
export const estimate = guard(m, m.estimate);
export const estimateJson = guard(m, m.estimateJson);
export const catalog = guard(m, m.catalog);
export const payback = guard(m, m.payback);
export const paybackJson = guard(m, m.paybackJson);
export const sensitivity = guard(m, m.sensitivity);
export const sensitivityJson = guard(m, m.sensitivityJson);
export const monteCarlo = guard(m, m.monteCarlo);
export const monteCarloJson = guard(m, m.monteCarloJson);
export const guide = guard(m, m.guide);
export const importPrices = guard(m, m.importPrices);
export const modelFromConfig = guard(m, m.modelFromConfig);
export const defaultScenario = guard(m, m.defaultScenario);
export const UsageImport = guardClass(m, m.UsageImport);
export const version = m.libraryVersion();
