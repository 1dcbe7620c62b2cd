// AssemblyScript's value types, as tsc sees them: JavaScript numbers (asc knows them as its own types). The person
// pass (person-pass.ts) is written once in the subset of TypeScript that both compilers accept; casts such as
// <f32>x convert in WebAssembly and are no-ops in JavaScript, where the typed array a value is stored into rounds it.
declare type i32 = number;
declare type u32 = number;
declare type u16 = number;
declare type i16 = number;
declare type u8 = number;
declare type f32 = number;
declare type f64 = number;
declare type usize = number;
declare type bool = boolean;

// AssemblyScript's builtins and members that person-pass.ts uses only where it runs as WebAssembly (behind its WASM
// constant, which is false in JavaScript), declared so that tsc type-checks the one source: JavaScript never calls
// load, store or reinterpret, and its typed arrays have no dataStart (the address of asc's typed array's elements in the module's memory).
declare function load<T>(ptr: usize, immOffset?: usize): T;
declare function store<T>(ptr: usize, value: T, immOffset?: usize): void;
declare function reinterpret<T>(value: f64 | i64): T;
declare type i64 = number;
interface ArrayBufferView<TArrayBuffer extends ArrayBufferLike = ArrayBufferLike> {
  readonly dataStart?: usize;
}
