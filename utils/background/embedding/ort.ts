/** Where the build puts onnxruntime-web's wasm (see wxt.config.ts; its .mjs loader sits beside it); the worker is pointed at it. */
export const ORT_WASM_PATH = '/ort/ort-wasm-simd-threaded.wasm';
