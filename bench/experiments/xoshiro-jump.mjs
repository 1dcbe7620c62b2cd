// The jump words of wasm/draws-lanes.ts: xoshiro128's state `steps` steps ahead is the xor of the states after k
// steps for the bits k set in four words, the coefficients of x^steps modulo the characteristic polynomial of its
// linear engine. The polynomial comes from Berlekamp-Massey on one bit of the state over 600 steps (degree 128);
// the words are checked against stepping the generator `steps` times.
//   node bench/experiments/xoshiro-jump.mjs [STEPS]
const steps = Number(process.argv[2] ?? 2048);
const rotl = (x, k) => ((x << k) | (x >>> (32 - k))) >>> 0;
const step = ([a, b, c, d]) => {
  const t = (b << 9) >>> 0;
  c = (c ^ a) >>> 0; d = (d ^ b) >>> 0; b = (b ^ c) >>> 0; a = (a ^ d) >>> 0; c = (c ^ t) >>> 0; d = rotl(d, 11);
  return [a, b, c, d];
};
// One bit of the state, 600 steps (Berlekamp-Massey needs twice the degree).
let s = [0x12345678, 0x9abcdef0, 0xdeadbeef, 0x01234567];
const bits = [];
for (let i = 0; i < 600; i++) (bits.push(s[0] & 1), (s = step(s)));
// Berlekamp-Massey over GF(2): the connection polynomial C (C[0] = 1) of degree L.
const n = bits.length;
let C = new Array(n + 1).fill(0), B = new Array(n + 1).fill(0);
C[0] = B[0] = 1;
let L = 0, m = 1;
for (let i = 0; i < n; i++) {
  let d = bits[i];
  for (let j = 1; j <= L; j++) d ^= C[j] & bits[i - j];
  if (d === 0) { m++; continue; }
  const T = C.slice();
  for (let j = m; j <= n; j++) C[j] ^= B[j - m];
  if (2 * L <= i) (L = i + 1 - L), (B = T), (m = 1);
  else m++;
}
// The characteristic polynomial P(x) = x^L C(1/x), as a BigInt (bit k: the coefficient of x^k).
let P = 0n;
for (let k = 0; k <= L; k++) if (C[L - k]) P |= 1n << BigInt(k);
const mulmod = (a, b) => {
  let r = 0n;
  for (; b; b >>= 1n) {
    if (b & 1n) r ^= a;
    a <<= 1n;
    if ((a >> BigInt(L)) & 1n) a ^= P;
  }
  return r;
};
let q = 1n;
for (let e = steps, base = 2n; e; e >>= 1, base = mulmod(base, base)) if (e & 1) q = mulmod(q, base);
const words = [0, 1, 2, 3].map((i) => Number((q >> BigInt(32 * i)) & 0xffffffffn) | 0);
// Check: the jump against stepping.
const jump = (state) => {
  let acc = [0, 0, 0, 0];
  for (const w of words) for (let b = 0; b < 32; b++) ((w >>> b) & 1 && (acc = acc.map((x, k) => (x ^ state[k]) >>> 0)), (state = step(state)));
  return acc;
};
let x = [0x11111111, 0x22222222, 0x33333333, 0x44444444];
const jumped = jump(x);
for (let i = 0; i < steps; i++) x = step(x);
if (jumped.join() !== x.join()) throw new Error('the jump does not match stepping');
console.log(`degree ${L}; jump words for ${steps} steps (signed 32-bit): ${words.join(', ')}`);
