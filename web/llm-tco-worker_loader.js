// Starts the page's worker (web/worker): its wasm is fetched on the first
// import, never on the page's first load. Messages that arrive while the
// wasm is still loading are kept and handed to the worker once it is ready.
importScripts('./llm-tco-worker.js');
const early = [];
self.onmessage = (event) => early.push(event);
wasm_bindgen({ module_or_path: './llm-tco-worker_bg.wasm' }).then(() => {
  for (const event of early) self.onmessage(event);
});
