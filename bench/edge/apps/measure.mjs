// Imported before the Worker under measurement: keeps every wasm memory the
// isolate instantiates, so /__memory can report its size. Wasm memory only
// grows, so its size now is also its peak.
const memories = [];
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (...args) {
  const result = await instantiate.apply(WebAssembly, args);
  const instance = result instanceof WebAssembly.Instance ? result : result.instance;
  for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory) memories.push(value);
  return result;
};

export function wasmMemoryBytes() {
  return memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0);
}
