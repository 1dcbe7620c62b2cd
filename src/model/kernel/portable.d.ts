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
