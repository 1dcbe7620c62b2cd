/** The model's compiled code (the person pass's WebAssembly), which explore/build.ts puts in the worker's bundle. */
declare module 'homeward:compiled' {
  const bytes: Uint8Array;
  export default bytes;
}
