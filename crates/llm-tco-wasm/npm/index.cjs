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
  version: m.libraryVersion(),
};
