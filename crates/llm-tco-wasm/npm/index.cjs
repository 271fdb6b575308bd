'use strict';
// CommonJS entry for Node: the wasm-bindgen `nodejs` build, plus `version`.
// Every call goes through `guard`: a panic inside the WebAssembly (a bug,
// never the input's fault) aborts the call with a bare `RuntimeError:
// unreachable`; the guard throws an Error with the panic's message instead.
const m = require('./node/llm_tco_wasm.cjs');
const { guard, guardClass } = require('./guard.cjs');

module.exports = {
  evaluate: guard(m, m.evaluate),
  evaluateJson: guard(m, m.evaluateJson),
  breakEven: guard(m, m.breakEven),
  estimate: guard(m, m.estimate),
  estimateJson: guard(m, m.estimateJson),
  catalog: guard(m, m.catalog),
  payback: guard(m, m.payback),
  paybackJson: guard(m, m.paybackJson),
  sensitivity: guard(m, m.sensitivity),
  sensitivityJson: guard(m, m.sensitivityJson),
  monteCarlo: guard(m, m.monteCarlo),
  monteCarloJson: guard(m, m.monteCarloJson),
  guide: guard(m, m.guide),
  importPrices: guard(m, m.importPrices),
  modelFromConfig: guard(m, m.modelFromConfig),
  defaultScenario: guard(m, m.defaultScenario),
  UsageImport: guardClass(m, m.UsageImport),
  version: m.libraryVersion(),
};
