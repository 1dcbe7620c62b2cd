import { EDUCATION_LEVELS } from '../scenario/education.js';
import { Programme } from './budget.js';
import { Flag, flagOf, isAway, isHome, Loan, loanOf, setFlag, setLoan, Status } from './persons.js';
import type { Random } from '../core/random.js';
import { keepRead, READ_AHEAD } from './read-ahead.js';
import type { ModelState } from './state.js';
import { trait, traitCode } from './kernel/person-pass.js';

/** Attempts per wanted person when drawing eligible persons at random (bounds the work when few are eligible). */
const DRAW_ATTEMPTS = 50;

/**
 * Random draws allowed to find `wanted` eligible persons: DRAW_ATTEMPTS per wanted person, but when that exceeds the
 * population, no more than DRAW_ATTEMPTS per eligible person (counted then), so a count parameter far above the
 * population (outreach calls, training seats) costs no more than the population it acts on. Unchanged whenever
 * wanted <= eligible.
 */
function drawAttempts(wanted: number, count: number, eligible: () => number): number {
  if (wanted * DRAW_ATTEMPTS <= count) return wanted * DRAW_ATTEMPTS;
  return Math.min(wanted, eligible()) * DRAW_ATTEMPTS;
}

/** The persons drawPersons drew in its current batch. */
const picks = new Int32Array(READ_AHEAD);

/**
 * Persons drawn at random (rng.int(count)) for up to `attempts` attempts, each given to `take`, which says whether
 * more are wanted; the draws stop after the one that returns false, so the generator ends where drawing one at a
 * time as needed would leave it. The draws are made READ_AHEAD at a time into a buffer and column[i] of each read
 * first (read-ahead.ts); past a batch's last person taken, the generator is put back and the batch's taken draws
 * made again (once a call at most).
 */
function drawPersons(rng: Random, count: number, attempts: number, column: Uint8Array | null, take: (i: number) => boolean): void {
  for (let a = 0; a < attempts; a += READ_AHEAD) {
    const n = Math.min(READ_AHEAD, attempts - a);
    const state = rng.save();
    for (let k = 0; k < n; k++) picks[k] = rng.int(count);
    if (column !== null) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += column[picks[k]!]!;
      keepRead(sum);
    }
    for (let k = 0; k < n; k++) {
      if (take(picks[k]!)) continue;
      if (k < n - 1) {
        rng.restore(state);
        for (let j = 0; j <= k; j++) rng.int(count);
      }
      return;
    }
  }
}

/** Per education column: the persons with at least `level` of education, one bit a person (see educatedBits). */
const educatedCache = new WeakMap<Uint8Array, { level: number; count: number; bits: Int32Array }>();

/**
 * Bit i set when education[i] >= level, for persons 0..count-1: built once a population and level (a person's
 * education is set when the population is made and never changes). Outreach tests it first for persons drawn at
 * random; an eighth of the education column's bytes, it stays in cache where the column's random reads missed.
 */
function educatedBits(education: Uint8Array, count: number, level: number): Int32Array {
  const cached = educatedCache.get(education);
  if (cached !== undefined && cached.level === level && cached.count === count) return cached.bits;
  const bits = new Int32Array((count + 31) >>> 5);
  for (let i = 0; i < count; i++) if (education[i]! >= level) bits[i >>> 5] |= 1 << (i & 31);
  educatedCache.set(education, { level, count, bits });
  return bits;
}

/** Step 3 (information): officials phone educated emigrants away; a call works for effect_months. */
export function stepOutreach(m: ModelState, t: number): void {
  const o = m.s.policies.outreach;
  if (!m.tl.running.outreach[t] || o.calls === 0) return;
  const wanted = m.budget.spendUnits(Programme.outreach, o.cost, m.rng.round(o.calls));
  const minEducation = EDUCATION_LEVELS.indexOf(o.education);
  const p = m.persons;
  // Education first: the rarest condition, read from a bit a person (most drawn persons cost no other read).
  const educated = educatedBits(p.education, p.count, minEducation);
  const callable = (i: number) => (educated[i >>> 5]! & (1 << (i & 31))) !== 0 && isAway(p.status[i]!) && p.calledUntil[i]! < t;
  const attempts = drawAttempts(wanted, p.count, () => countWhere(p.count, callable));
  let made = 0;
  if (wanted > 0) {
    drawPersons(m.rng, p.count, attempts, null, (i) => {
      if (!callable(i)) return true;
      p.calledUntil[i] = t + o.effect_months - 1;
      return ++made < wanted;
    });
  }
  m.budget.refund(Programme.outreach, (wanted - made) * o.cost);
  m.month.calls = made;
}

/** Step 8 (government): loan repayments and defaults, then training seats filled. */
export function stepGovernment(m: ModelState, t: number): void {
  repayLoans(m);
  train(m, t);
}

/**
 * Borrowers repay in equal instalments wherever they live; persons who left the model default. The loan book drops
 * defaulted loans here, booking what they still owed as lost principal: every default of the month (on leaving home,
 * closing a channel, leaving the model) happens in an earlier step of the same month, so it is booked with its count.
 */
function repayLoans(m: ModelState): void {
  const loans = m.s.policies.loans;
  const p = m.persons;
  const book = m.loanBook;
  const instalment = loans.amount / loans.term;
  let k = 0;
  for (let j = 0; j < book.length; j++) {
    const i = book.ids[j]!;
    const owed = book.owed[j]!;
    if (loanOf(p, i) === Loan.Owing && p.status[i] === Status.Left) m.defaultOnLoan(i);
    if (loanOf(p, i) !== Loan.Owing) {
      m.month.loanDefaultPrincipal += owed;
      continue;
    }
    const paid = Math.min(owed, instalment);
    m.budget.receiveRepayment(paid);
    if (owed - paid > 0) {
      book.ids[k] = i;
      book.owed[k++] = owed - paid;
    } else setLoan(p, i, Loan.None);
  }
  book.length = k;
}

/** Free training: seats go to persons at home and, for away_share of them, to emigrants still away. */
function train(m: ModelState, t: number): void {
  const tr = m.s.policies.training;
  if (!m.tl.running.training[t] || tr.seats === 0) return;
  const seats = m.budget.spendUnits(Programme.training, tr.cost, m.rng.round(tr.seats));
  const awaySeats = m.rng.round(seats * tr.away_share);
  const filled = fill(m, seats - awaySeats, isHome, tr.skill_gain, tr.knowledge_gain) + fill(m, awaySeats, isAway, tr.skill_gain, tr.knowledge_gain);
  // Seats no eligible person took are not paid for.
  m.budget.refund(Programme.training, (seats - filled) * tr.cost);
  m.month.trained = filled;
}

function fill(m: ModelState, seats: number, eligible: (status: number) => boolean, skillGain: number, knowledgeGain: number): number {
  const p = m.persons;
  const ch = m.channels;
  // Status first: the rarer condition, so most drawn persons cost one scattered read rather than two.
  const trainable = (i: number) => eligible(p.status[i]!) && !flagOf(p, i, Flag.Trained);
  const attempts = drawAttempts(seats, p.count, () => countWhere(p.count, trainable));
  let filled = 0;
  if (seats <= 0) return 0;
  drawPersons(m.rng, p.count, attempts, p.status, (i) => {
    if (!trainable(i)) return true;
    setFlag(p, i, Flag.Trained, true);
    p.skill[i] = traitCode(Math.min(1, trait(p.skill[i]!) + skillGain));
    p.knowledge[i] = traitCode(Math.min(1, trait(p.knowledge[i]!) + knowledgeGain));
    const c = p.channel[i]!;
    if (c >= 0) {
      ch.skill[c] = trait(p.skill[i]!);
      ch.knowledge[c] = trait(p.knowledge[i]!);
    }
    return ++filled < seats;
  });
  return filled;
}

function countWhere(count: number, test: (i: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (test(i)) n++;
  return n;
}
