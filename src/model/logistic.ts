/**
 * The logistic function, and draws decided against it without computing it (belowLogistic): both live in the person
 * pass's source (kernel/person-pass.ts), with the exp they use, so every logistic of the model, in JavaScript or in
 * WebAssembly, is the same function.
 */
export { belowLogistic, logistic } from './kernel/person-pass.js';
