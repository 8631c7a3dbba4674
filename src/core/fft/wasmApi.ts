// The slice of the WebAssembly JS API we use (tsconfig has no DOM lib, and @types/node 20 does not declare it).

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

/** undefined where the runtime has no WebAssembly; callers load inside try and fall back. */
export const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly as WasmApi;
