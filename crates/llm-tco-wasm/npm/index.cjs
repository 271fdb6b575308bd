'use strict';
// CommonJS entry for Node: the wasm-bindgen `nodejs` build, plus `version`.
const m = require('./node/llm_tco_wasm.cjs');

module.exports = {
  evaluate: m.evaluate,
  evaluateJson: m.evaluateJson,
  breakEven: m.breakEven,
  estimate: m.estimate,
  estimateJson: m.estimateJson,
  catalog: m.catalog,
  payback: m.payback,
  paybackJson: m.paybackJson,
  sensitivity: m.sensitivity,
  sensitivityJson: m.sensitivityJson,
  monteCarlo: m.monteCarlo,
  monteCarloJson: m.monteCarloJson,
  guide: m.guide,
  UsageImport: m.UsageImport,
  defaultScenario: m.defaultScenario,
  version: m.libraryVersion(),
};
