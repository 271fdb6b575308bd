// ES module entry for Node: the same instance as the CommonJS entry.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const m = require('./index.cjs');

export const { evaluate, evaluateJson, breakEven, estimate, estimateJson, catalog, payback, paybackJson, sensitivity, sensitivityJson, monteCarlo, monteCarloJson, guide, importPrices, modelFromConfig, UsageImport, defaultScenario, version } = m;
