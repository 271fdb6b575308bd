'use strict';
// Turns a WebAssembly trap (a panic inside llm-tco aborts the call) into an
// Error carrying the panic's message. Shared by the Node and bundler entries.

function internal(m, e) {
  if (!(e instanceof WebAssembly.RuntimeError)) return e;
  let message = '';
  try { message = m.lastPanicMessage(); } catch (_) { /* the module is past reading it */ }
  const err = new Error(`llm-tco internal error: ${message || e.message}. This is a bug in llm-tco, not in your input; please report it with the input.`);
  err.cause = e;
  return err;
}

function guard(m, f) {
  return function guarded(...args) {
    try {
      return f.apply(this, args);
    } catch (e) {
      throw internal(m, e);
    }
  };
}

function guardClass(m, C) {
  const proto = C.prototype;
  for (const key of Object.getOwnPropertyNames(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, key);
    if (key === 'constructor' || key === 'free' || typeof d.value !== 'function') continue;
    Object.defineProperty(proto, key, { ...d, value: guard(m, d.value) });
  }
  return new Proxy(C, {
    construct(target, args) {
      try {
        return Reflect.construct(target, args);
      } catch (e) {
        throw internal(m, e);
      }
    },
  });
}

module.exports = { guard, guardClass, internal };
