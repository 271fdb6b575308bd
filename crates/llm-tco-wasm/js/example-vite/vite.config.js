import wasm from 'vite-plugin-wasm';

// `llm-tco` resolves to the package built by `cargo xtask npm`.
export default {
  root: import.meta.dirname,
  base: './',
  plugins: [wasm()],
  resolve: { alias: { 'llm-tco': process.env.LLM_TCO_PKG } },
  build: { target: 'esnext', emptyOutDir: true },
  logLevel: 'warn',
};
