// Starts the page's WebAssembly. A file of its own, not an inline script,
// so the Content-Security-Policy can forbid inline scripts.
import init from './llm-tco-web.js';

await init({ module_or_path: new URL('./llm-tco-web_bg.wasm', import.meta.url) });
