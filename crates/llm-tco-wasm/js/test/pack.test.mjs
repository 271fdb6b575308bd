// `npm pack`, install the tarball into a fresh project, import it, compute.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TARBALL } from '../env.mjs';

test('the packed tarball installs and computes with import and require', () => {
  assert.ok(TARBALL, 'LLM_TCO_TARBALL is set');
  const dir = mkdtempSync(join(tmpdir(), 'llm-tco-pack-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', TARBALL], { cwd: dir, stdio: 'pipe' });
  const scenario = JSON.stringify({
    schema_version: 1, name: 'packed', as_of: '2026-01-01',
    workload: { tokens_per_day: '1000000', input_tokens_per_request: 1000, output_tokens_per_request: 1000 },
    options: [{ name: 'GPT-4o', api: { catalog: 'openai-gpt-4o' } }],
  });
  writeFileSync(join(dir, 'esm.mjs'), `import { evaluate } from 'llm-tco'; console.log(evaluate(${scenario}).options[0].monthly_usd);`);
  writeFileSync(join(dir, 'cjs.cjs'), `const { evaluate } = require('llm-tco'); console.log(evaluate(${scenario}).options[0].monthly_usd);`);
  assert.equal(execFileSync('node', ['esm.mjs'], { cwd: dir }).toString().trim(), '190.10');
  assert.equal(execFileSync('node', ['cjs.cjs'], { cwd: dir }).toString().trim(), '190.10');
});
