// The person pass and the formulas of the persons' decisions, written once in portable AssemblyScript: the subset
// of TypeScript that tsc compiles to JavaScript (the engine's fallback, and the browser's path) and asc compiles to
// WebAssembly (wasm/entry.ts, the fast path). Both run these very lines, so they give the same bytes: only IEEE
// operations whose results both targets define alike (+ - * /, floor, trunc, min, max, comparisons), and an exp
// of its own (the engines' Math.exp are different implementations). Nothing here may import another module: asc
// compiles this file alone. Casts (<f32>x) convert in WebAssembly and are no-ops in JavaScript, where storing into
// the typed array rounds alike. The draws are made into `draws` before each block by the kernel's generator
// (draws.ts): person slot i of the block from lo has draws[2 * (i - lo)] and draws[2 * (i - lo) + 1].
// asc builds it with --disable nontrapping-f2i (package.json): each conversion of a double to an integer here is in
// range (gridCell checks its cell, exp's exponent is bounded), and V8 compiles the trapping conversion in fewer
// instructions than the saturating one (by about 2 ns a decision).

// ---- Codes shared with the host (persons.ts builds Status, Loan and Flag from them) ----
export const enum Code {
  NOT_YET = 0,
  AWAY_EMPLOYED = 1,
  AWAY_UNEMPLOYED = 2,
  HOME_FARMING = 3,
  HOME_LOCAL_JOB = 4,
  HOME_CREATOR = 5,
  LEFT = 6,
  LOAN_NONE = 0,
  /** The `flags` bit of a person who was trained; the start-up loan's state (Loan) is the two bits from LOAN_SHIFT. */
  FLAG_TRAINED = 16,
  LOAN_SHIFT = 5,
}

/** The statuses of persons away, and of persons at home, as bit masks (bit s for status s): listing by shifts, not by branch. */
const enum Side {
  AWAY = (1 << Code.AWAY_EMPLOYED) | (1 << Code.AWAY_UNEMPLOYED),
  HOME = (1 << Code.HOME_FARMING) | (1 << Code.HOME_LOCAL_JOB) | (1 << Code.HOME_CREATOR),
}

/** A person's start-up loan (Loan: none, owing, defaulted), from their `flags` byte. */
export function loanOfFlags(flags: i32): i32 {
  return (flags >> Code.LOAN_SHIFT) & 3;
}

/** 1 if a person was trained, else 0, from their `flags` byte. */
export function trainedOfFlags(flags: i32): i32 {
  return (flags & Code.FLAG_TRAINED) != 0 ? 1 : 0;
}

// ---- Columns read by address in WebAssembly ----

/**
 * Whether asc compiled this file: there <i32>0.5 converts (to 0), in JavaScript it only asserts a type. asc folds it,
 * so the WebAssembly build keeps the `wasm` side of each `wasm ? a : b` in the pass's loops, JavaScript the other.
 */
const WASM: bool = <i32>0.5 == 0;

// asc reads element i of a typed array through the array object: its dataStart (the address of the elements), then
// the element. Neither asc nor V8 takes the dataStart out of a loop that stores to memory, so a loop reading twenty
// columns a person made twenty more loads a person. The pass's loops take each column's address once (addressOf)
// and, in WebAssembly, load and store through it (`wasm ? load<u16>(skillAt + (i << 1)) : skill_[i]`); JavaScript
// indexes the typed array. Inline, not in accessor functions: in JavaScript a call each read did not fit V8's
// inlining budget (the person step's CPU time 1.9 times), and `wasm` is a local, not the module's constant, which
// JavaScript would read through the module's context at each use.

/** The address of a column's elements in WebAssembly's memory (0 in JavaScript, which does not use it). */
function addressOf(column: ArrayBufferView): usize {
  return WASM ? <usize>column.dataStart : 0;
}

/** Persons taken at a time: their columns stay in cache while the block is listed, drawn for and decided. */
export const BLOCK: i32 = 4096;

// ---- The month's decision terms, packed (decision.ts packTerms writes them at these indices) ----
// A const enum: both compilers write each index as a literal (a module constant would be read from the module's
// context at every use in JavaScript).
export const enum Term {
  WAGE_INDEX = 0,
  JOB_LOSS = 1,
  REHIRE = 2,
  SAVING_RATE = 3,
  LIVING_COST = 4,
  SETTLE = 5,
  PER_QUALITY = 6,
  QUALITY_BASE = 7,
  QUALITY_SKILL = 8,
  QUALITY_KNOWLEDGE = 9,
  HERITAGE = 10,
  COUPLE_BOOST = 11,
  RISK_AVERSION = 12,
  CREATOR_COST = 13,
  OWN_CAPITAL = 14,
  LOANS_OPEN = 15,
  LOAN_AMOUNT = 16,
  LOAN_CHANCE = 17,
  ROLE_MODEL_CAP = 18,
  INCOME = 19,
  NETWORK_MONTHLY = 20,
  NOSTALGIA = 21,
  FAMILY = 22,
  MODERNITY = 23,
  PEERS = 24,
  ELITE_PEERS = 25,
  SUCCESSFUL_PEERS = 26,
  CONTROL = 27,
  TRAINING = 28,
  BASE = 29,
  UNEMPLOYED = 30,
  OUTREACH = 31,
  LEAVE_INTERCEPT = 32,
  LEAVE_INCOME = 33,
  CITY_EMPLOYMENT = 34,
  LEAVE_ATTACHMENT = 35,
  FAMILY_WEIGHT = 36,
  LEAVE_MODERNITY = 37,
  REMIGRATION_FACTOR = 38,
  RECONSIDER = 39,
  COST_WITH_GRANT = 40,
}
export const TERM_COUNT: i32 = 41;

// ---- What a pass reports (counts[...]) ----
export const enum Count {
  AWAY = 0,
  HOME = 1,
  ENTERED = 2,
  LOST_JOB = 3,
  FOUND_JOB = 4,
  SETTLED_EMPLOYED = 5,
  SETTLED_UNEMPLOYED = 6,
  RETURNING = 7,
  LEAVING = 8,
  CANDIDATES = 9,
}
export const COUNT_SLOTS: i32 = 10;

// ---- exp and the logistic ----

/** 2^j for j in -1021..1023, at POW2[j + 1021] (exact: made by doubling and halving). */
const POW2 = new Float64Array(2045);
POW2[1021] = 1;
for (let j: i32 = 1; j <= 1023; j++) POW2[1021 + j] = POW2[1020 + j] * 2;
for (let j: i32 = 1; j <= 1021; j++) POW2[1021 - j] = POW2[1022 - j] * 0.5;

/**
 * e^x as fdlibm's e_exp.c computes it (Sun Microsystems, 1993), which is V8's Math.exp: the JavaScript path keeps
 * the bytes Math.exp gave, and WebAssembly computes the same. fdlibm's tests on the high word of x are written as
 * comparisons of |x| with the doubles those words begin, and 2^k is read from a table rather than put in the bits.
 */
export function exp(x: f64): f64 {
  if (x != x) return x + x;
  const ax = Math.abs(x);
  const negative = x < 0;
  if (ax >= 709.7822265625) {
    if (ax == Infinity) return negative ? 0 : x;
    if (x > 7.09782712893383973096e2) return Infinity;
    if (x < -7.45133219101941108420e2) return 0;
  }
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: f64 = 0;
  let r = x;
  if (ax >= 0.3465735912322998) {
    if (ax < 1.0397205352783203) {
      if (x == 1) return 2.718281828459045;
      hi = negative ? x + 6.93147180369123816490e-1 : x - 6.93147180369123816490e-1;
      lo = negative ? -1.90821492927058770002e-10 : 1.90821492927058770002e-10;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(1.44269504088896338700 * x + (negative ? -0.5 : 0.5));
      hi = x - k * 6.93147180369123816490e-1;
      lo = k * 1.90821492927058770002e-10;
    }
    r = hi - lo;
  } else if (ax < 3.725290298461914e-9) {
    return 1 + x;
  }
  const t = r * r;
  const c = r - t * (1.66666666666666019037e-1 + t * (-2.77777777770155933842e-3 + t * (6.61375632143793436117e-5 + t * (-1.65339022054652515390e-6 + t * 4.13813679705723846039e-8))));
  if (k == 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2 * POW2[1021 + 1023];
    return y * POW2[<i32>(1021 + k)];
  }
  return y * POW2[<i32>(1021 + k + 1000)] * POW2[1021 - 1000];
}

export function logistic(x: f64): f64 {
  return 1 / (1 + exp(-x));
}

// A person's monthly chance of a move is a logistic of a utility; exp is the dearest part of a person's month. Most
// draws fall far from the chance, so a table of the logistic at grid points bracketing the utility decides them;
// logistic(x) is computed only for a draw between the two bracketing values. The decision is the same as comparing
// with logistic(x) itself (the logistic is increasing, and so is its computed value).
const enum Grid {
  /** Grid points per unit of x (a power of two, so x * STEPS is exact and floor() brackets x exactly). */
  STEPS = 32,
  /** The grid covers x in [-LIMIT, LIMIT]; beyond it, logistic(x) is computed. */
  LIMIT = 32,
  CELLS = 2048,
}
/** GRID[k] = logistic(k / STEPS - LIMIT). */
const GRID = new Float64Array(Grid.CELLS + 1);
for (let k: i32 = 0; k <= Grid.CELLS; k++) GRID[k] = logistic(<f64>k / <f64>Grid.STEPS - <f64>Grid.LIMIT);
/** GRID's address, for WebAssembly (see addressOf). */
const GRID_AT: usize = addressOf(GRID);

/** What the grid says of draw < a + b * logistic(x): below, not below, or undecided (the draw falls between its bracketing values). */
export const enum Grid3 {
  NOT_BELOW = 0,
  BELOW = 1,
  UNDECIDED = 2,
}

/** The grid's cell bracketing x: g with GRID[g] <= logistic(x) <= GRID[g + 1], or -1 beyond the grid. */
export function gridCell(x: f64): i32 {
  const k = Math.floor(x * <f64>Grid.STEPS) + <f64>(Grid.LIMIT * Grid.STEPS);
  if (!(k >= 0 && k < <f64>Grid.CELLS)) return -1;
  // k is a whole number in 0..CELLS-1, so k + 2^52 is exact and its low bits are k: WebAssembly takes them (an add
  // and a move) rather than converting, which V8 checks by converting back (a chain of three more instructions on
  // each decision's path).
  return WASM ? <i32>reinterpret<i64>(k + 4503599627370496) : <i32>k;
}

/**
 * Whether draw < a + b * logistic(x), for a, b >= 0 and x in cell g (gridCell), as far as the grid decides it. It
 * calls nothing, so asc inlines it where the pass calls it (a function that calls another is not inlined); the pass
 * then calls belowComputed only when it is undecided. A pass that decides twice on one x finds its cell once.
 */
export function byGrid(draw: f64, a: f64, b: f64, g: i32): i32 {
  if (g >= 0) {
    const below = WASM ? load<f64>(GRID_AT + (<usize>g << 3)) : GRID[g];
    if (draw < a + b * below) return Grid3.BELOW;
    const above = WASM ? load<f64>(GRID_AT + (<usize>g << 3), 8) : GRID[g + 1];
    if (draw >= a + b * above) return Grid3.NOT_BELOW;
  }
  return Grid3.UNDECIDED;
}

/** draw < a + b * logistic(x), computed. */
export function belowComputed(draw: f64, a: f64, b: f64, x: f64): bool {
  return draw < a + b * logistic(x);
}

/** Whether draw < a + b * logistic(x), for a, b >= 0: the same answer as computing it, at the cost of a table look-up but in about one draw in a thousand. */
export function belowLogistic(draw: f64, a: f64, b: f64, x: f64): bool {
  const g = byGrid(draw, a, b, gridCell(x));
  return g == Grid3.UNDECIDED ? belowComputed(draw, a, b, x) : g == Grid3.BELOW;
}

// ---- Traits: 0..1, stored in 16 bits ----

/**
 * A person's traits (nostalgia, family, modernity, risk, skill, knowledge: 0..1) are kept as 16-bit codes q, the
 * value being q / 65535 (resolution 1/65535, both ends exact): 12 bytes a person less than 32-bit floats. Every
 * reader converts with trait() and every writer with traitCode(), on both targets, so a value rounds to the grid the
 * same way wherever it is made (at creation, a marriage, ageing, training).
 */
const enum Trait {
  MAX = 65535,
}

/**
 * The row of a table by months of urban experience (the local income, the non-farm chance) for `urbanMonths`: the
 * tables end at county.experience_months, and the last row holds beyond.
 */
export function experienceRow(urbanMonths: i32, last: i32): i32 {
  return urbanMonths < last ? urbanMonths : last;
}

/** The value of trait code q: q / 65535, computed as q times the double nearest 1/65535 (one multiplication, exact at 0 and 1). */
export function trait(q: u16): f64 {
  return <f64>q * (1 / <f64>Trait.MAX);
}

/**
 * The code of trait value x: the nearest grid point, halves rounded up (a value beyond 0..1 to the nearer end, so a
 * code never wraps around). trait(traitCode(trait(q))) is trait(q).
 */
export function traitCode(x: f64): u16 {
  return <u16>Math.floor(Math.min(1, Math.max(0, x)) * <f64>Trait.MAX + 0.5);
}

// ---- The formulas of the decisions (docs/ODD.md 7.5, 7.6) ----

/**
 * Content quality (creators' accounts, step-creators, and the quality a person expects, below): media skill, local
 * knowledge valued through `knowledgeWeight` (the county's heritage for nostalgic content, less for entertainment),
 * and a partner (a couple or small studio).
 */
export function contentQuality(base: f64, perSkill: f64, perKnowledge: f64, coupleBoost: f64, skill: f64, knowledgeWeight: f64, knowledge: f64, partners: f64): f64 {
  return base + perSkill * skill + perKnowledge * knowledgeWeight * knowledge + coupleBoost * partners;
}

/** 1 for a person who takes risks fully, down to 1 - decision.risk (`aversion`) for one who takes none. */
export function riskDiscount(aversion: f64, risk: f64): f64 {
  return 1 - aversion * (1 - risk);
}

// The formulas below take the month's terms as numbers, not the packed array: the pass reads each term into a local
// once a block (decideAway, decideHome) and passes it, which keeps it in a register or on the stack; read from the
// array at each use, WebAssembly would load it again for every person (a store to memory in the loop may change it).

/**
 * The monthly income a person expects from a channel before costs: the county's expected creator income per unit of
 * quality (`perQuality`), times the quality of content they expect to make (as if nostalgic, without a partner),
 * discounted by their aversion to risk.
 */
export function creatorOption(
  perQuality: f64,
  qualityBase: f64,
  qualitySkill: f64,
  qualityKnowledge: f64,
  coupleBoost: f64,
  heritage: f64,
  riskAversion: f64,
  skill: f64,
  knowledge: f64,
  risk: f64,
): f64 {
  return perQuality * contentQuality(qualityBase, qualitySkill, qualityKnowledge, coupleBoost, skill, heritage, knowledge, 0) * riskDiscount(riskAversion, risk);
}

/**
 * Chance that a person can finance a creator start: from savings (1), else with a loan they qualify for (loans open,
 * none held, savings plus the loan reach the capital `own`) with the loan chance, else 0.
 */
export function financeChance(own: f64, loansOpen: bool, loanAmount: f64, loanChance: f64, savings: f64, loan: i32): f64 {
  const loanable = loansOpen && loan == Code.LOAN_NONE && savings + loanAmount >= own;
  return choose(savings >= own, 1, choose(loanable, loanChance, 0));
}

/**
 * c ? a : b. In WebAssembly chosen between the doubles' bits, which V8 does with a conditional move: its choice
 * between doubles is a branch, which the CPU mispredicts where c follows the data (whether savings reach the capital).
 */
function choose(c: bool, a: f64, b: f64): f64 {
  return WASM ? reinterpret<f64>(c ? reinterpret<i64>(a) : reinterpret<i64>(b)) : c ? a : b;
}

/**
 * Expected monthly income at home as a person away foresees it: `local` (a local job or farming), and in a connected
 * village the creator option net of its monthly cost (`creatorNet`) as far as they can finance the start (`finance`).
 */
export function homeIncomeForeseen(local: f64, connected: bool, creatorNet: f64, finance: f64): f64 {
  return connected ? local + finance * Math.max(0, creatorNet - local) : local;
}

/**
 * The utility (logit scale) of returning home against staying in the city for a person away, in month t: income at
 * home against the city wage w (0 when unemployed), emotion (nostalgia, family, modernity), norms (acquaintances at
 * home via log1p = LOG1P[min(255, peers)], returned elites, successful creators, capped), perceived control (skill,
 * training), the future seen (`future`, by education), a recruitment call still working. The weights are the month's
 * terms of the same names (decision.ts).
 */
export function returnUtility(
  income: f64,
  networkMonthly: f64,
  nostalgiaWeight: f64,
  familyWeight: f64,
  modernityWeight: f64,
  peersWeight: f64,
  elitePeersWeight: f64,
  successfulPeersWeight: f64,
  roleModelCap: f64,
  controlWeight: f64,
  trainingWeight: f64,
  base: f64,
  unemployedWeight: f64,
  outreach: f64,
  t: i32,
  home: f64,
  employed: bool,
  w: f64,
  nostalgia: f64,
  family: f64,
  modernity: f64,
  log1pPeers: f64,
  elitePeers: f64,
  successfulPeers: f64,
  skill: f64,
  trained: f64,
  future: f64,
  calledUntil: i32,
): f64 {
  // Summed in groups (attitude, norms, control and the future, situation) rather than in one long chain of
  // additions: the groups are computed side by side, the chain would wait for each addition in turn.
  const attitude = (income * (home - networkMonthly - (employed ? w : 0))) / w + (nostalgiaWeight * nostalgia + familyWeight * family - modernityWeight * modernity);
  const norms = peersWeight * log1pPeers + (elitePeersWeight * Math.min(roleModelCap, elitePeers) + successfulPeersWeight * Math.min(roleModelCap, successfulPeers));
  const control = controlWeight * (skill + trainingWeight * trained) + future;
  const situation = base + (employed ? 0 : unemployedWeight) + (calledUntil >= t ? outreach : 0);
  return attitude + norms + (control + situation);
}

/**
 * The utility (logit scale) of leaving again for a person at home: the city (wage w with the chance of a job,
 * `cityEmployment`) against last month's income at home, less attachment (nostalgia, family), plus the pull of
 * modernity. The weights are the month's terms of the same names (decision.ts).
 */
export function leaveUtility(
  intercept: f64,
  incomeWeight: f64,
  cityEmployment: f64,
  attachment: f64,
  familyWeight: f64,
  modernityWeight: f64,
  homeIncome: f64,
  w: f64,
  nostalgia: f64,
  family: f64,
  modernity: f64,
): f64 {
  return intercept + (incomeWeight * (w * cityEmployment - homeIncome)) / w - attachment * (nostalgia + familyWeight * family) + modernityWeight * modernity;
}

// ---- The pass: what it reads and writes, bound by the host before a pass ----
let status: Uint8Array = new Uint8Array(0);
let entry: Int16Array = new Int16Array(0);
let village: Uint16Array = new Uint16Array(0);
let wage: Float32Array = new Float32Array(0);
let savings: Float32Array = new Float32Array(0);
let flags: Uint8Array = new Uint8Array(0);
let nostalgia: Uint16Array = new Uint16Array(0);
let family: Uint16Array = new Uint16Array(0);
let modernity: Uint16Array = new Uint16Array(0);
let risk: Uint16Array = new Uint16Array(0);
let skill: Uint16Array = new Uint16Array(0);
let knowledge: Uint16Array = new Uint16Array(0);
let education: Uint8Array = new Uint8Array(0);
let calledUntil: Int16Array = new Int16Array(0);
let urbanMonths: Uint16Array = new Uint16Array(0);
let channel: Int32Array = new Int32Array(0);
let peersHome: Uint16Array = new Uint16Array(0);
let elitePeersHome: Uint16Array = new Uint16Array(0);
let successfulPeers: Uint16Array = new Uint16Array(0);
let connected: Uint8Array = new Uint8Array(0);

/** Binds the person columns (persons.ts) and the villages' connections. */
export function bindPersons(
  status_: Uint8Array,
  entry_: Int16Array,
  village_: Uint16Array,
  wage_: Float32Array,
  savings_: Float32Array,
  flags_: Uint8Array,
  nostalgia_: Uint16Array,
  family_: Uint16Array,
  modernity_: Uint16Array,
  risk_: Uint16Array,
  skill_: Uint16Array,
  knowledge_: Uint16Array,
  education_: Uint8Array,
  calledUntil_: Int16Array,
  urbanMonths_: Uint16Array,
  channel_: Int32Array,
  peersHome_: Uint16Array,
  elitePeersHome_: Uint16Array,
  successfulPeers_: Uint16Array,
  connected_: Uint8Array,
): void {
  status = status_;
  entry = entry_;
  village = village_;
  wage = wage_;
  savings = savings_;
  flags = flags_;
  nostalgia = nostalgia_;
  family = family_;
  modernity = modernity_;
  risk = risk_;
  skill = skill_;
  knowledge = knowledge_;
  education = education_;
  calledUntil = calledUntil_;
  urbanMonths = urbanMonths_;
  channel = channel_;
  peersHome = peersHome_;
  elitePeersHome = elitePeersHome_;
  successfulPeers = successfulPeers_;
  connected = connected_;
}

let terms: Float64Array = new Float64Array(TERM_COUNT);
let futureByEducation: Float64Array = new Float64Array(0);
let incomeByStatus: Float64Array = new Float64Array(0);
let localIncomeByExperience: Float64Array = new Float64Array(0);
let log1pTable: Float64Array = new Float64Array(0);
let channelNet: Float64Array = new Float64Array(0);
let draws: Float64Array = new Float64Array(0);
let awayIds: Int32Array = new Int32Array(0);
let homeIds: Int32Array = new Int32Array(0);
let returning: Int32Array = new Int32Array(0);
let leaving: Int32Array = new Int32Array(0);
let candidates: Int32Array = new Int32Array(0);
let counts: Int32Array = new Int32Array(0);
/**
 * The utility of return of the block's k-th person away, or of leaving of its k-th person at home (BLOCK of them):
 * scratch between decideAway's or decideHome's loops. Bound by the host like the other scratch (a module-level array
 * would sit in the runtime's heap, at the same address in every instance over a shared memory).
 */
let utilities: Float64Array = new Float64Array(0);
/** The first person of the block listBlock listed: decideAway and decideHome read person i's draws at 2 * (i - blockLo). */
let blockLo: i32 = 0;

/**
 * Binds the month's terms and tables (decision.ts), the channels' net income, and the pass's scratch: the block's
 * draws, its persons away and at home, the persons queued (returning, leaving, creator candidates), the counts, the
 * utilities.
 */
export function bindMonth(
  terms_: Float64Array,
  futureByEducation_: Float64Array,
  incomeByStatus_: Float64Array,
  localIncomeByExperience_: Float64Array,
  log1p_: Float64Array,
  channelNet_: Float64Array,
  draws_: Float64Array,
  awayIds_: Int32Array,
  homeIds_: Int32Array,
  returning_: Int32Array,
  leaving_: Int32Array,
  candidates_: Int32Array,
  counts_: Int32Array,
  utilities_: Float64Array,
): void {
  terms = terms_;
  futureByEducation = futureByEducation_;
  incomeByStatus = incomeByStatus_;
  localIncomeByExperience = localIncomeByExperience_;
  log1pTable = log1p_;
  channelNet = channelNet_;
  draws = draws_;
  awayIds = awayIds_;
  homeIds = homeIds_;
  returning = returning_;
  leaving = leaving_;
  candidates = candidates_;
  counts = counts_;
  utilities = utilities_;
}

/**
 * Whether person i, at home or arriving, in a connected village, would start a channel if the money allowed: the
 * creator option (after running costs and the start cost net of the offered grant, creators.payback_months) beats
 * the local income for their urban experience. The pass tests it where it has the person's columns at hand, so the
 * moves (step-occupation.ts tryCreator) go on with the budget and the finance only for those who pass.
 */
function wantsToCreate(i: i32): bool {
  const d = terms;
  const gross = creatorOption(d[Term.PER_QUALITY], d[Term.QUALITY_BASE], d[Term.QUALITY_SKILL], d[Term.QUALITY_KNOWLEDGE], d[Term.COUPLE_BOOST], d[Term.HERITAGE], d[Term.RISK_AVERSION], trait(skill[i]), trait(knowledge[i]), trait(risk[i]));
  return gross - d[Term.COST_WITH_GRANT] > localIncomeByExperience[experienceRow(urbanMonths[i], localIncomeByExperience.length - 1)];
}

/**
 * Lists the persons away and at home among persons lo..hi-1 (without branching on a status, which the CPU could not
 * predict), first entering the future emigrants whose month t has come. The block's draws (draws.ts drawBlock) are
 * two a person slot, whatever the status: a person away uses both (the job, the decision), a person at home the first.
 */
export function listBlock(lo: i32, hi: i32, t: i32): void {
  const status_ = status;
  const entry_ = entry;
  const awayIds_ = awayIds;
  const homeIds_ = homeIds;
  // Each column's address, for WebAssembly (see addressOf).
  const wasm = WASM;
  const statusAt = addressOf(status_);
  const entryAt = addressOf(entry_);
  const awayAt = addressOf(awayIds_);
  const homeAt = addressOf(homeIds_);
  let away: i32 = 0;
  let home: i32 = 0;
  let entered: i32 = 0;
  blockLo = lo;
  for (let i = lo; i < hi; i++) {
    let st: i32 = wasm ? load<u8>(statusAt + <usize>i) : status_[i];
    const e: i32 = wasm ? load<i16>(entryAt + (<usize>i << 1)) : entry_[i];
    // Whether entry[i] == t and st == NOT_YET (0), in one test.
    if ((st | (e - t)) == 0) {
      st = Code.AWAY_EMPLOYED;
      if (wasm) store<u8>(statusAt + <usize>i, <u8>st);
      else status_[i] = <u8>st;
      entered++;
    }
    if (wasm) {
      store<i32>(awayAt + (<usize>away << 2), i);
      store<i32>(homeAt + (<usize>home << 2), i);
    } else {
      awayIds_[away] = i;
      homeIds_[home] = i;
    }
    away += (Side.AWAY >> st) & 1;
    home += (Side.HOME >> st) & 1;
  }
  counts[Count.AWAY] = away;
  counts[Count.HOME] = home;
  counts[Count.ENTERED] = entered;
}

/**
 * The block's n persons away: city labour (job loss or re-hiring, savings, urban experience); then one draw decides
 * between settling in the city for good (status Left) and returning (queued; as ~i when a creator start would pay, wantsToCreate), with the return probability a logit of
 * home against city (returnUtility). A job lost this month already pushes this month.
 *
 * In three loops over the block's persons away, each short enough that the CPU overlaps several persons (one loop
 * doing all would be some 350 instructions a person, and the chain from a draw through the savings to the utility
 * and the grid would hold each person up): city labour; the utility of return (into `utilities`); the decision.
 */
export function decideAway(n: i32, t: i32): void {
  const d = terms;
  const wageIndex = d[Term.WAGE_INDEX];
  const jobLoss = d[Term.JOB_LOSS];
  const rehire = d[Term.REHIRE];
  const savingRate = d[Term.SAVING_RATE];
  const livingCost = d[Term.LIVING_COST];
  const settle = d[Term.SETTLE];
  // Every array in a local: a module variable is read through its context (and checked for initialisation) in
  // JavaScript at each use, a local once.
  const draws_ = draws;
  const lo = blockLo;
  const ids = awayIds;
  const status_ = status;
  const wage_ = wage;
  const savings_ = savings;
  const urbanMonths_ = urbanMonths;
  const returning_ = returning;
  const connected_ = connected;
  const village_ = village;
  const u_ = utilities;
  // Each column's address, for WebAssembly (see addressOf).
  const wasm = WASM;
  const drawsAt = addressOf(draws_);
  const idsAt = addressOf(ids);
  const statusAt = addressOf(status_);
  const wageAt = addressOf(wage_);
  const savingsAt = addressOf(savings_);
  const urbanMonthsAt = addressOf(urbanMonths_);
  const returningAt = addressOf(returning_);
  const uAt = addressOf(u_);
  let lost: i32 = 0;
  let found: i32 = 0;
  for (let k: i32 = 0; k < n; k++) {
    const i: i32 = wasm ? load<i32>(idsAt + (<usize>k << 2)) : ids[k];
    const job: f64 = wasm ? load<f64>(drawsAt + (<usize>(i - lo) << 4)) : draws_[2 * (i - lo)];
    const st: i32 = wasm ? load<u8>(statusAt + <usize>i) : status_[i];
    const saved: f64 = wasm ? <f64>load<f32>(savingsAt + (<usize>i << 2)) : savings_[i];
    let next = st;
    let savings = saved;
    if (st == Code.AWAY_EMPLOYED) {
      if (job < jobLoss) {
        next = Code.AWAY_UNEMPLOYED;
        lost++;
      } else savings = saved + <f64>(wasm ? load<f32>(wageAt + (<usize>i << 2)) : wage_[i]) * wageIndex * savingRate;
    } else if (job < rehire) {
      next = Code.AWAY_EMPLOYED;
      found++;
    } else savings = Math.max(0, saved - livingCost);
    const um: i32 = wasm ? load<u16>(urbanMonthsAt + (<usize>i << 1)) : urbanMonths_[i];
    const months: i32 = um < 65535 ? um + 1 : um;
    if (wasm) {
      store<u8>(statusAt + <usize>i, <u8>next);
      store<f32>(savingsAt + (<usize>i << 2), <f32>savings);
      store<u16>(urbanMonthsAt + (<usize>i << 1), <u16>months);
    } else {
      status_[i] = <u8>next;
      savings_[i] = <f32>savings;
      urbanMonths_[i] = <u16>months;
    }
  }
  utilitiesOfReturn(n, t);
  let settledEmployed: i32 = 0;
  let settledUnemployed: i32 = 0;
  let queued: i32 = 0;
  for (let k: i32 = 0; k < n; k++) {
    const i: i32 = wasm ? load<i32>(idsAt + (<usize>k << 2)) : ids[k];
    const u: f64 = wasm ? load<f64>(uAt + (<usize>k << 3)) : u_[k];
    const draw: f64 = wasm ? load<f64>(drawsAt + (<usize>(i - lo) << 4), 8) : draws_[2 * (i - lo) + 1];
    if (draw < settle) {
      const st: i32 = wasm ? load<u8>(statusAt + <usize>i) : status_[i];
      if (st == Code.AWAY_EMPLOYED) settledEmployed++;
      else settledUnemployed++;
      if (wasm) store<u8>(statusAt + <usize>i, <u8>Code.LEFT);
      else status_[i] = <u8>Code.LEFT;
    } else {
      const g = byGrid(draw, settle, 1, gridCell(u));
      if (g == Grid3.UNDECIDED ? belowComputed(draw, settle, 1, u) : g == Grid3.BELOW) {
        // A returner who will weigh a creator start (wantsToCreate) is queued as ~i (negative). Few return a month, so
        // the columns are indexed plainly here.
        const queuedAs = connected_[village_[i]] != 0 && wantsToCreate(i) ? ~i : i;
        if (wasm) store<i32>(returningAt + (<usize>queued << 2), queuedAs);
        else returning_[queued] = queuedAs;
        queued++;
      }
    }
  }
  counts[Count.LOST_JOB] = lost;
  counts[Count.FOUND_JOB] = found;
  counts[Count.SETTLED_EMPLOYED] = settledEmployed;
  counts[Count.SETTLED_UNEMPLOYED] = settledUnemployed;
  counts[Count.RETURNING] = queued;
}

/** The utility of return (returnUtility) of the block's persons away, after this month's city labour, into `utilities`. */
function utilitiesOfReturn(n: i32, t: i32): void {
  const d = terms;
  const wageIndex = d[Term.WAGE_INDEX];
  // The month's terms, each read once here (see the formulas above).
  const perQuality = d[Term.PER_QUALITY];
  const qualityBase = d[Term.QUALITY_BASE];
  const qualitySkill = d[Term.QUALITY_SKILL];
  const qualityKnowledge = d[Term.QUALITY_KNOWLEDGE];
  const coupleBoost = d[Term.COUPLE_BOOST];
  const heritage = d[Term.HERITAGE];
  const riskAversion = d[Term.RISK_AVERSION];
  const creatorCost = d[Term.CREATOR_COST];
  const ownCapital = d[Term.OWN_CAPITAL];
  const loansOpen: bool = d[Term.LOANS_OPEN] != 0;
  const loanAmount = d[Term.LOAN_AMOUNT];
  const loanChance = d[Term.LOAN_CHANCE];
  const income = d[Term.INCOME];
  const networkMonthly = d[Term.NETWORK_MONTHLY];
  const nostalgiaWeight = d[Term.NOSTALGIA];
  const familyWeight = d[Term.FAMILY];
  const modernityWeight = d[Term.MODERNITY];
  const peersWeight = d[Term.PEERS];
  const elitePeersWeight = d[Term.ELITE_PEERS];
  const successfulPeersWeight = d[Term.SUCCESSFUL_PEERS];
  const roleModelCap = d[Term.ROLE_MODEL_CAP];
  const controlWeight = d[Term.CONTROL];
  const trainingWeight = d[Term.TRAINING];
  const base = d[Term.BASE];
  const unemployedWeight = d[Term.UNEMPLOYED];
  const outreach = d[Term.OUTREACH];
  const local_ = localIncomeByExperience;
  const localLast: i32 = local_.length - 1;
  const ids = awayIds;
  const status_ = status;
  const wage_ = wage;
  const savings_ = savings;
  const urbanMonths_ = urbanMonths;
  const connected_ = connected;
  const village_ = village;
  const skill_ = skill;
  const knowledge_ = knowledge;
  const risk_ = risk;
  const flags_ = flags;
  const peersHome_ = peersHome;
  const nostalgia_ = nostalgia;
  const family_ = family;
  const modernity_ = modernity;
  const log1p_ = log1pTable;
  const elitePeersHome_ = elitePeersHome;
  const successfulPeers_ = successfulPeers;
  const future_ = futureByEducation;
  const education_ = education;
  const calledUntil_ = calledUntil;
  const u_ = utilities;
  // Each column's address, for WebAssembly (see addressOf).
  const wasm = WASM;
  const localAt = addressOf(local_);
  const idsAt = addressOf(ids);
  const statusAt = addressOf(status_);
  const wageAt = addressOf(wage_);
  const savingsAt = addressOf(savings_);
  const urbanMonthsAt = addressOf(urbanMonths_);
  const connectedAt = addressOf(connected_);
  const villageAt = addressOf(village_);
  const skillAt = addressOf(skill_);
  const knowledgeAt = addressOf(knowledge_);
  const riskAt = addressOf(risk_);
  const flagsAt = addressOf(flags_);
  const peersHomeAt = addressOf(peersHome_);
  const nostalgiaAt = addressOf(nostalgia_);
  const familyAt = addressOf(family_);
  const modernityAt = addressOf(modernity_);
  const log1pAt = addressOf(log1p_);
  const elitePeersHomeAt = addressOf(elitePeersHome_);
  const successfulPeersAt = addressOf(successfulPeers_);
  const futureAt = addressOf(future_);
  const educationAt = addressOf(education_);
  const calledUntilAt = addressOf(calledUntil_);
  const uAt = addressOf(u_);
  for (let k: i32 = 0; k < n; k++) {
    const i: i32 = wasm ? load<i32>(idsAt + (<usize>k << 2)) : ids[k];
    const i2 = <usize>i << 1;
    const um: i32 = wasm ? load<u16>(urbanMonthsAt + i2) : urbanMonths_[i];
    const experience = experienceRow(um, localLast);
    const local: f64 = wasm ? load<f64>(localAt + (<usize>experience << 3)) : local_[experience];
    const sk = trait(wasm ? load<u16>(skillAt + i2) : skill_[i]);
    const v: i32 = wasm ? load<u16>(villageAt + i2) : village_[i];
    // The creator option only in a connected village (a branch: early in a run few villages are connected, later
    // most, so it is mostly predicted, and it saves the option's work where they are not).
    const fl: i32 = wasm ? load<u8>(flagsAt + <usize>i) : flags_[i];
    let home = local;
    if ((wasm ? load<u8>(connectedAt + <usize>v) : connected_[v]) != 0) {
      const kn = trait(wasm ? load<u16>(knowledgeAt + i2) : knowledge_[i]);
      const rk = trait(wasm ? load<u16>(riskAt + i2) : risk_[i]);
      const saved: f64 = wasm ? <f64>load<f32>(savingsAt + (<usize>i << 2)) : savings_[i];
      const creatorNet = creatorOption(perQuality, qualityBase, qualitySkill, qualityKnowledge, coupleBoost, heritage, riskAversion, sk, kn, rk) - creatorCost;
      home = homeIncomeForeseen(local, true, creatorNet, financeChance(ownCapital, loansOpen, loanAmount, loanChance, saved, loanOfFlags(fl)));
    }
    const st: i32 = wasm ? load<u8>(statusAt + <usize>i) : status_[i];
    const w: f64 = <f64>(wasm ? load<f32>(wageAt + (<usize>i << 2)) : wage_[i]) * wageIndex;
    const peers: i32 = wasm ? load<u16>(peersHomeAt + i2) : peersHome_[i];
    const bounded = peers < 255 ? peers : 255;
    const edu: i32 = wasm ? load<u8>(educationAt + <usize>i) : education_[i];
    const u = returnUtility(
      income,
      networkMonthly,
      nostalgiaWeight,
      familyWeight,
      modernityWeight,
      peersWeight,
      elitePeersWeight,
      successfulPeersWeight,
      roleModelCap,
      controlWeight,
      trainingWeight,
      base,
      unemployedWeight,
      outreach,
      t,
      home,
      st == Code.AWAY_EMPLOYED,
      w,
      trait(wasm ? load<u16>(nostalgiaAt + i2) : nostalgia_[i]),
      trait(wasm ? load<u16>(familyAt + i2) : family_[i]),
      trait(wasm ? load<u16>(modernityAt + i2) : modernity_[i]),
      wasm ? load<f64>(log1pAt + (<usize>bounded << 3)) : log1p_[bounded],
      <f64>(wasm ? load<u16>(elitePeersHomeAt + i2) : elitePeersHome_[i]),
      <f64>(wasm ? load<u16>(successfulPeersAt + i2) : successfulPeers_[i]),
      sk,
      <f64>trainedOfFlags(fl),
      wasm ? load<f64>(futureAt + (<usize>edu << 3)) : future_[edu],
      <i32>(wasm ? load<i16>(calledUntilAt + i2) : calledUntil_[i]),
    );
    if (wasm) store<f64>(uAt + (<usize>k << 3), u);
    else u_[k] = u;
  }
}

/**
 * The block's n persons at home: one draw (the first of the person's slot) decides between leaving again (with
 * probability remigrationFactor * logistic(leaveUtility), on last month's income at home: a creator's channel's
 * net income, else the income of their status) and, for non-creators in a connected village, weighing a creator
 * start (with probability creators.reconsider; queued only if a start would pay, wantsToCreate).
 */
export function decideHome(n: i32): void {
  const d = terms;
  const wageIndex = d[Term.WAGE_INDEX];
  const factor = d[Term.REMIGRATION_FACTOR];
  const reconsider = d[Term.RECONSIDER];
  // The month's terms of leaveUtility, each read once here (see the formulas above).
  const intercept = d[Term.LEAVE_INTERCEPT];
  const incomeWeight = d[Term.LEAVE_INCOME];
  const cityEmployment = d[Term.CITY_EMPLOYMENT];
  const attachment = d[Term.LEAVE_ATTACHMENT];
  const familyWeight = d[Term.FAMILY_WEIGHT];
  const modernityWeight = d[Term.LEAVE_MODERNITY];
  const draws_ = draws;
  const lo = blockLo;
  const ids = homeIds;
  const status_ = status;
  const wage_ = wage;
  const net = channelNet;
  const channel_ = channel;
  const byStatus = incomeByStatus;
  const nostalgia_ = nostalgia;
  const family_ = family;
  const modernity_ = modernity;
  const connected_ = connected;
  const village_ = village;
  const leaving_ = leaving;
  const candidates_ = candidates;
  let leavers: i32 = 0;
  let weighing: i32 = 0;
  const v_ = utilities;
  // Each column's address, for WebAssembly (see addressOf).
  const wasm = WASM;
  const drawsAt = addressOf(draws_);
  const idsAt = addressOf(ids);
  const statusAt = addressOf(status_);
  const wageAt = addressOf(wage_);
  const netAt = addressOf(net);
  const channelAt = addressOf(channel_);
  const byStatusAt = addressOf(byStatus);
  const nostalgiaAt = addressOf(nostalgia_);
  const familyAt = addressOf(family_);
  const modernityAt = addressOf(modernity_);
  const connectedAt = addressOf(connected_);
  const villageAt = addressOf(village_);
  const leavingAt = addressOf(leaving_);
  const candidatesAt = addressOf(candidates_);
  const vAt = addressOf(v_);
  // Two loops, as in decideAway: the utilities of leaving (into `utilities`), then the decisions.
  for (let k: i32 = 0; k < n; k++) {
    const i: i32 = wasm ? load<i32>(idsAt + (<usize>k << 2)) : ids[k];
    const i2 = <usize>i << 1;
    const st: i32 = wasm ? load<u8>(statusAt + <usize>i) : status_[i];
    let homeIncome: f64 = 0;
    if (st == Code.HOME_CREATOR) {
      const c: i32 = wasm ? load<i32>(channelAt + (<usize>i << 2)) : channel_[i];
      homeIncome = wasm ? load<f64>(netAt + (<usize>c << 3)) : net[c];
    } else homeIncome = wasm ? load<f64>(byStatusAt + (<usize>st << 3)) : byStatus[st];
    const w: f64 = <f64>(wasm ? load<f32>(wageAt + (<usize>i << 2)) : wage_[i]) * wageIndex;
    const nos = trait(wasm ? load<u16>(nostalgiaAt + i2) : nostalgia_[i]);
    const fam = trait(wasm ? load<u16>(familyAt + i2) : family_[i]);
    const mod = trait(wasm ? load<u16>(modernityAt + i2) : modernity_[i]);
    const v = leaveUtility(intercept, incomeWeight, cityEmployment, attachment, familyWeight, modernityWeight, homeIncome, w, nos, fam, mod);
    if (wasm) store<f64>(vAt + (<usize>k << 3), v);
    else v_[k] = v;
  }
  for (let k: i32 = 0; k < n; k++) {
    const i: i32 = wasm ? load<i32>(idsAt + (<usize>k << 2)) : ids[k];
    const v: f64 = wasm ? load<f64>(vAt + (<usize>k << 3)) : v_[k];
    const draw: f64 = wasm ? load<f64>(drawsAt + (<usize>(i - lo) << 4)) : draws_[2 * (i - lo)];
    // belowLogistic(draw, 0, factor, v), then belowLogistic(draw, reconsider, factor, v), with the grid inlined.
    const cell = gridCell(v);
    const leave = byGrid(draw, 0, factor, cell);
    if (leave == Grid3.UNDECIDED ? belowComputed(draw, 0, factor, v) : leave == Grid3.BELOW) {
      if (wasm) store<i32>(leavingAt + (<usize>leavers << 2), i);
      else leaving_[leavers] = i;
      leavers++;
    } else {
      const st: i32 = wasm ? load<u8>(statusAt + <usize>i) : status_[i];
      const vil: i32 = wasm ? load<u16>(villageAt + (<usize>i << 1)) : village_[i];
      if (st != Code.HOME_CREATOR && (wasm ? load<u8>(connectedAt + <usize>vil) : connected_[vil]) != 0) {
        const weigh = byGrid(draw, reconsider, factor, cell);
        if ((weigh == Grid3.UNDECIDED ? belowComputed(draw, reconsider, factor, v) : weigh == Grid3.BELOW) && wantsToCreate(i)) {
          if (wasm) store<i32>(candidatesAt + (<usize>weighing << 2), i);
          else candidates_[weighing] = i;
          weighing++;
        }
      }
    }
  }
  counts[Count.LEAVING] = leavers;
  counts[Count.CANDIDATES] = weighing;
}
