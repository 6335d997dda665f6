/** Where the build puts onnxruntime-web's wasm (see wxt.config.ts); the worker is pointed at it. */
export const ORT_WASM_PATH = '/ort/ort-wasm-simd-threaded.jsep.wasm';
