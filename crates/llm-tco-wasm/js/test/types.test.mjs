// The TypeScript declarations cannot drift from the Rust types: every
// object the package returns (and every fixture scenario it reads) is
// checked key by key against the interfaces of index.d.ts, parsed with the
// TypeScript compiler; and a typed usage example compiles with tsc.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { fixtures, PKG } from '../env.mjs';

const llm = await import(`${PKG}/index.mjs`);
const here = dirname(fileURLToPath(import.meta.url));

const source = ts.createSourceFile('index.d.ts', readFileSync(`${PKG}/index.d.ts`, 'utf8'), ts.ScriptTarget.Latest, true);
const interfaces = new Map();
const aliases = new Map();
for (const st of source.statements) {
  if (ts.isInterfaceDeclaration(st)) {
    const props = new Map();
    for (const m of st.members) {
      if (ts.isPropertySignature(m)) props.set(m.name.getText(source), { optional: !!m.questionToken, type: m.type });
    }
    interfaces.set(st.name.text, props);
  } else if (ts.isTypeAliasDeclaration(st)) {
    aliases.set(st.name.text, st.type);
  }
}

function literalOf(node) {
  if (ts.isLiteralTypeNode(node)) {
    if (node.literal.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isStringLiteral(node.literal)) return node.literal.text;
  }
  return undefined;
}

/** Checks `value` against the type node; returns a list of problems. */
function check(value, node, path, problems) {
  if (!node) return;
  if (ts.isParenthesizedTypeNode(node)) return check(value, node.type, path, problems);
  if (ts.isUnionTypeNode(node)) {
    if (value === null) {
      if (!node.types.some((t) => literalOf(t) === null)) problems.push(`${path} is null but not nullable`);
      return;
    }
    // A union of interfaces with a `kind` discriminant, or a nullable type.
    const members = node.types.filter((t) => literalOf(t) !== null);
    const refs = members.filter((t) => ts.isTypeReferenceNode(t) && interfaces.has(t.typeName.getText(source)));
    if (refs.length > 1 && value && typeof value === 'object') {
      const match = refs.find((r) => {
        const kind = interfaces.get(r.typeName.getText(source)).get('kind');
        return kind && literalOf(kind.type) === value.kind;
      });
      if (!match) problems.push(`${path}.kind ${JSON.stringify(value.kind)} matches no member`);
      else check(value, match, path, problems);
      return;
    }
    if (members.length === 1) check(value, members[0], path, problems);
    return;
  }
  if (ts.isArrayTypeNode(node)) {
    if (!Array.isArray(value)) return problems.push(`${path} is not an array`);
    value.forEach((v, i) => check(v, node.elementType, `${path}[${i}]`, problems));
    return;
  }
  if (ts.isTypeReferenceNode(node)) return checkNamed(value, node.typeName.getText(source), path, problems);
  if (node.kind === ts.SyntaxKind.StringKeyword && typeof value !== 'string') problems.push(`${path} is not a string`);
  if (node.kind === ts.SyntaxKind.NumberKeyword && typeof value !== 'number') problems.push(`${path} is not a number`);
  if (node.kind === ts.SyntaxKind.BooleanKeyword && typeof value !== 'boolean') problems.push(`${path} is not a boolean`);
}

/** Checks `value` against the declared type called `name`. */
function checkNamed(value, name, path, problems) {
  {
    if (aliases.has(name)) return check(value, aliases.get(name), path, problems);
    const iface = interfaces.get(name);
    if (!iface) return;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return problems.push(`${path} is not a ${name}`);
    for (const key of Object.keys(value)) {
      if (!iface.has(key)) problems.push(`${path}.${key} is not declared in ${name}`);
    }
    for (const [key, prop] of iface) {
      if (!(key in value)) {
        if (!prop.optional) problems.push(`${path}.${key} (required in ${name}) is missing`);
      } else {
        check(value[key], prop.type, `${path}.${key}`, problems);
      }
    }
  }
}

function conforms(value, typeName) {
  const problems = [];
  checkNamed(value, typeName, typeName, problems);
  assert.deepEqual(problems, [], `${typeName}: ${problems.slice(0, 10).join('; ')}`);
}

test('the declarations parse and hold the interfaces', () => {
  for (const name of ['Report', 'OptionReport', 'EstimateReport', 'Catalog', 'ScenarioFile', 'SelfHostedDetails']) {
    assert.ok(interfaces.has(name), name);
  }
});

for (const { stem, scenario } of fixtures()) {
  test(`${stem}: the scenario is a ScenarioFile and the report a Report`, () => {
    conforms(JSON.parse(scenario), 'ScenarioFile');
    conforms(llm.evaluate(scenario), 'Report');
    conforms(llm.breakEven(scenario), 'BreakEvenReport');
  });
}

test('analysis reports conform to their declarations', () => {
  const stems = fixtures().map((f) => f.stem);
  for (const { stem, scenario } of fixtures()) {
    conforms(llm.payback(scenario), 'PaybackReport');
    const r = llm.evaluate(scenario);
    if (r.options.some((o) => o.kind === 'self_hosted') && r.options.some((o) => o.kind === 'api')) {
      conforms(llm.sensitivity(scenario), 'SensitivityReport');
    }
    if (JSON.parse(scenario).uncertainty) conforms(llm.monteCarlo(scenario, { seed: 1, samples: 100 }), 'MonteCarloReport');
  }
  assert.ok(stems.includes('article-002-support-quality'));
  conforms(llm.guide({ privacy: false, frontier_reasoning: false, infra_team: true, tokens_per_day: 8e6, narrow_task: true, offline: false }), 'GuideResult');
  const imp = new llm.UsageImport();
  imp.push(readFileSync(`${process.env.LLM_TCO_ROOT}/fixtures/usage/openai-buckets.jsonl`, 'utf8'));
  conforms(imp.finish(), 'UsageReport');
});

test('estimates are EstimateReports, fitting or not', () => {
  const base = { model: 'llama-3.1-70b', gpu: 'a100-80gb-sxm', gpus: 1, weights: 'awq_int4', kv_cache: 'fp16', input_tokens: 1000, output_tokens: 200 };
  conforms(llm.estimate(base), 'EstimateReport');
  conforms(llm.estimate({ ...base, gpu: 'rtx-4090' }), 'EstimateReport');
  conforms(llm.estimate({ ...base, min_output_tokens_per_s_per_user: 100000 }), 'EstimateReport');
});

test('the catalog is a Catalog', () => conforms(llm.catalog(), 'Catalog'));

test('imports are ImportResults and ModelImports', () => {
  const dir = `${process.env.LLM_TCO_ROOT}/fixtures/importers`;
  for (const [from, file] of [['litellm', 'litellm/model_prices_and_context_window.json'], ['genai-prices', 'genai-prices/data.json'], ['models-dev', 'models-dev/api.json']]) {
    conforms(llm.importPrices(readFileSync(`${dir}/${file}`, 'utf8'), { from, asOf: '2026-08-21' }), 'ImportResult');
  }
  for (const f of ['deepseek-ai__DeepSeek-V3', 'Qwen__Qwen3-Next-80B-A3B-Instruct', 'openai__gpt-oss-120b', 'google__gemma-3-27b-it']) {
    conforms(llm.modelFromConfig(readFileSync(`${dir}/hf-config/${f}.config.json`, 'utf8'), { id: 'm', hfRepo: 'org/name' }), 'ModelImport');
  }
});

test('a typed usage example compiles with tsc --noEmit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-tco-tsc-'));
  copyFileSync(join(here, '../example/usage.ts'), join(dir, 'usage.ts'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
      paths: { 'llm-tco': [`${PKG}/index.d.ts`] }, types: [],
    },
    files: ['usage.ts'],
  }));
  execFileSync(join(here, '../node_modules/.bin/tsc'), ['-p', dir], { stdio: 'pipe' });
});
