// Where the built package and the test data are: set by `cargo xtask test`.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PKG = process.env.LLM_TCO_PKG;
export const TARBALL = process.env.LLM_TCO_TARBALL;
export const ROOT = process.env.LLM_TCO_ROOT;
export const FIXTURES = process.env.LLM_TCO_FIXTURES_JSON;
if (!PKG || !ROOT || !FIXTURES) {
  throw new Error('run these tests with `cargo xtask test` (LLM_TCO_PKG, LLM_TCO_ROOT, LLM_TCO_FIXTURES_JSON unset)');
}

/** Every fixture scenario as JSON text, with the CLI's report for it. */
export function fixtures() {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const stem = f.replace(/\.json$/, '');
      return {
        stem,
        scenario: readFileSync(join(FIXTURES, f), 'utf8'),
        report: readFileSync(join(ROOT, 'tests/snapshots', `${stem}.report.json`), 'utf8'),
      };
    });
}
