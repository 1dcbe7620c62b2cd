// The person pass and the formulas of the persons' decisions, written once in portable AssemblyScript: the subset
// of TypeScript that tsc compiles to JavaScript (the engine's fallback, and the browser's path) and asc compiles to
// WebAssembly (wasm/entry.ts, the fast path). Both run these very lines, so they give the same bytes: only IEEE
// operations whose results both targets define alike (+ - * /, floor, trunc, min, max, comparisons), and an exp
// of its own (the engines' Math.exp are different implementations). Nothing here may import another module: asc
// compiles this file alone. Casts (<f32>x) convert in WebAssembly and are no-ops in JavaScript, where storing into
// the typed array rounds alike. The draws are made into `draws` before each block by the kernel's generator
// (draws.ts): person slot i of the block from lo has draws[2 * (i - lo)] and draws[2 * (i - lo) + 1].

// ---- Codes shared with the host (persons.ts builds Status and Loan from them) ----
export const enum Code {
  NOT_YET = 0,
  AWAY_EMPLOYED = 1,
  AWAY_UNEMPLOYED = 2,
  HOME_FARMING = 3,
  HOME_LOCAL_JOB = 4,
  HOME_CREATOR = 5,
  LEFT = 6,
  LOAN_NONE = 0,
}

/** 1 for the statuses of persons away, and of persons at home (indexed by status): listing by table, not by branch. */
const AWAY = new Uint8Array(7);
AWAY[Code.AWAY_EMPLOYED] = 1;
AWAY[Code.AWAY_UNEMPLOYED] = 1;
const HOME = new Uint8Array(7);
HOME[Code.HOME_FARMING] = 1;
HOME[Code.HOME_LOCAL_JOB] = 1;
HOME[Code.HOME_CREATOR] = 1;

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
}
export const TERM_COUNT: i32 = 40;

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

/** What the grid says of draw < a + b * logistic(x): below, not below, or undecided (the draw falls between its bracketing values). */
export const enum Grid3 {
  NOT_BELOW = 0,
  BELOW = 1,
  UNDECIDED = 2,
}

/**
 * Whether draw < a + b * logistic(x), for a, b >= 0, as far as the grid decides it. It calls nothing, so asc inlines
 * it where the pass calls it (a function that calls another is not inlined); the pass then calls belowComputed
 * only when it is undecided.
 */
export function byGrid(draw: f64, a: f64, b: f64, x: f64): i32 {
  const k = Math.floor(x * <f64>Grid.STEPS) + <f64>(Grid.LIMIT * Grid.STEPS);
  if (k >= 0 && k < <f64>Grid.CELLS) {
    const g = <i32>k;
    if (draw < a + b * GRID[g]) return Grid3.BELOW;
    if (draw >= a + b * GRID[g + 1]) return Grid3.NOT_BELOW;
  }
  return Grid3.UNDECIDED;
}

/** draw < a + b * logistic(x), computed. */
export function belowComputed(draw: f64, a: f64, b: f64, x: f64): bool {
  return draw < a + b * logistic(x);
}

/** Whether draw < a + b * logistic(x), for a, b >= 0: the same answer as computing it, at the cost of a table look-up but in about one draw in a thousand. */
export function belowLogistic(draw: f64, a: f64, b: f64, x: f64): bool {
  const g = byGrid(draw, a, b, x);
  return g == Grid3.UNDECIDED ? belowComputed(draw, a, b, x) : g == Grid3.BELOW;
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

/**
 * The monthly income a person expects from a channel before costs: the county's expected creator income per unit of
 * quality, times the quality of content they expect to make (as if nostalgic, without a partner), discounted by
 * their aversion to risk.
 */
export function creatorOption(terms: Float64Array, skill: f64, knowledge: f64, risk: f64): f64 {
  const quality = contentQuality(terms[Term.QUALITY_BASE], terms[Term.QUALITY_SKILL], terms[Term.QUALITY_KNOWLEDGE], terms[Term.COUPLE_BOOST], skill, terms[Term.HERITAGE], knowledge, 0);
  return terms[Term.PER_QUALITY] * quality * riskDiscount(terms[Term.RISK_AVERSION], risk);
}

/** Chance that a person can finance a creator start: from savings (1), else with a loan they qualify for (the loan chance), else 0. */
export function financeChance(terms: Float64Array, savings: f64, loan: u8): f64 {
  const own = terms[Term.OWN_CAPITAL];
  if (savings >= own) return 1;
  return terms[Term.LOANS_OPEN] != 0 && <i32>loan == Code.LOAN_NONE && savings + terms[Term.LOAN_AMOUNT] >= own ? terms[Term.LOAN_CHANCE] : 0;
}

/**
 * Expected monthly income at home as a person away foresees it: `local` (a local job or farming), and in a connected
 * village the creator option as far as they can finance the start.
 */
export function homeIncomeForeseen(terms: Float64Array, local: f64, connected: bool, skill: f64, knowledge: f64, risk: f64, savings: f64, loan: u8): f64 {
  if (!connected) return local;
  const creator = creatorOption(terms, skill, knowledge, risk) - terms[Term.CREATOR_COST];
  return local + financeChance(terms, savings, loan) * Math.max(0, creator - local);
}

/**
 * The utility (logit scale) of returning home against staying in the city for a person away, in month t: income at
 * home against the city wage w (0 when unemployed), emotion (nostalgia, family, modernity), norms (acquaintances at
 * home via log1p = LOG1P[min(255, peers)], returned elites, successful creators, capped), perceived control (skill,
 * training), the future seen (`future`, by education), a recruitment call still working.
 */
export function returnUtility(
  terms: Float64Array,
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
  const cap = terms[Term.ROLE_MODEL_CAP];
  // Summed in groups (attitude, norms, control and the future, situation) rather than in one long chain of
  // additions: the groups are computed side by side, the chain would wait for each addition in turn.
  const attitude =
    (terms[Term.INCOME] * (home - terms[Term.NETWORK_MONTHLY] - (employed ? w : 0))) / w + (terms[Term.NOSTALGIA] * nostalgia + terms[Term.FAMILY] * family - terms[Term.MODERNITY] * modernity);
  const norms = terms[Term.PEERS] * log1pPeers + (terms[Term.ELITE_PEERS] * Math.min(cap, elitePeers) + terms[Term.SUCCESSFUL_PEERS] * Math.min(cap, successfulPeers));
  const control = terms[Term.CONTROL] * (skill + terms[Term.TRAINING] * trained) + future;
  const situation = terms[Term.BASE] + (employed ? 0 : terms[Term.UNEMPLOYED]) + (calledUntil >= t ? terms[Term.OUTREACH] : 0);
  return attitude + norms + (control + situation);
}

/**
 * The utility (logit scale) of leaving again for a person at home: the city (wage w with the chance of a job)
 * against last month's income at home, less attachment (nostalgia, family), plus the pull of modernity.
 */
export function leaveUtility(terms: Float64Array, homeIncome: f64, w: f64, nostalgia: f64, family: f64, modernity: f64): f64 {
  return (
    terms[Term.LEAVE_INTERCEPT] +
    (terms[Term.LEAVE_INCOME] * (w * terms[Term.CITY_EMPLOYMENT] - homeIncome)) / w -
    terms[Term.LEAVE_ATTACHMENT] * (nostalgia + terms[Term.FAMILY_WEIGHT] * family) +
    terms[Term.LEAVE_MODERNITY] * modernity
  );
}

// ---- The pass: what it reads and writes, bound by the host before a pass ----
let status: Uint8Array = new Uint8Array(0);
let entry: Int16Array = new Int16Array(0);
let village: Int32Array = new Int32Array(0);
let wage: Float32Array = new Float32Array(0);
let savings: Float32Array = new Float32Array(0);
let loan: Uint8Array = new Uint8Array(0);
let nostalgia: Float32Array = new Float32Array(0);
let family: Float32Array = new Float32Array(0);
let modernity: Float32Array = new Float32Array(0);
let risk: Float32Array = new Float32Array(0);
let skill: Float32Array = new Float32Array(0);
let knowledge: Float32Array = new Float32Array(0);
let trained: Uint8Array = new Uint8Array(0);
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
  village_: Int32Array,
  wage_: Float32Array,
  savings_: Float32Array,
  loan_: Uint8Array,
  nostalgia_: Float32Array,
  family_: Float32Array,
  modernity_: Float32Array,
  risk_: Float32Array,
  skill_: Float32Array,
  knowledge_: Float32Array,
  trained_: Uint8Array,
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
  loan = loan_;
  nostalgia = nostalgia_;
  family = family_;
  modernity = modernity_;
  risk = risk_;
  skill = skill_;
  knowledge = knowledge_;
  trained = trained_;
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
/** The first person of the block listBlock listed: decideAway and decideHome read person i's draws at 2 * (i - blockLo). */
let blockLo: i32 = 0;

/**
 * Binds the month's terms and tables (decision.ts), the channels' net income, and the pass's scratch: the block's
 * draws, its persons away and at home, the persons queued (returning, leaving, creator candidates), the counts.
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
}

/**
 * Lists the persons away and at home among persons lo..hi-1 (without branching on a status, which the CPU could not
 * predict), first entering the future emigrants whose month t has come. The block's draws (draws.ts drawBlock) are
 * two a person slot, whatever the status: a person away uses both (the job, the decision), a person at home the first.
 */
export function listBlock(lo: i32, hi: i32, t: i32): void {
  const status_ = status;
  const entry_ = entry;
  const isAway = AWAY;
  const isHome = HOME;
  const awayIds_ = awayIds;
  const homeIds_ = homeIds;
  let away: i32 = 0;
  let home: i32 = 0;
  let entered: i32 = 0;
  blockLo = lo;
  for (let i = lo; i < hi; i++) {
    let st: i32 = status_[i];
    if (<i32>entry_[i] == t && st == Code.NOT_YET) {
      status_[i] = <u8>Code.AWAY_EMPLOYED;
      st = Code.AWAY_EMPLOYED;
      entered++;
    }
    awayIds_[away] = i;
    away += isAway[st];
    homeIds_[home] = i;
    home += isHome[st];
  }
  counts[Count.AWAY] = away;
  counts[Count.HOME] = home;
  counts[Count.ENTERED] = entered;
}

/**
 * The block's n persons away: city labour (job loss or re-hiring, savings, urban experience); then one draw decides
 * between settling in the city for good (status Left) and returning (queued), with the return probability a logit of
 * home against city (returnUtility). A job lost this month already pushes this month.
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
  const local_ = localIncomeByExperience;
  const localLast: i32 = local_.length - 1;
  const draws_ = draws;
  const lo = blockLo;
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
  const loan_ = loan;
  const peersHome_ = peersHome;
  const nostalgia_ = nostalgia;
  const family_ = family;
  const modernity_ = modernity;
  const log1p_ = log1pTable;
  const elitePeersHome_ = elitePeersHome;
  const successfulPeers_ = successfulPeers;
  const trained_ = trained;
  const future_ = futureByEducation;
  const education_ = education;
  const calledUntil_ = calledUntil;
  const returning_ = returning;
  let lost: i32 = 0;
  let found: i32 = 0;
  let settledEmployed: i32 = 0;
  let settledUnemployed: i32 = 0;
  let queued: i32 = 0;
  for (let k: i32 = 0; k < n; k++) {
    const i = ids[k];
    const w = <f64>wage_[i] * wageIndex;
    let employed: bool = status_[i] == Code.AWAY_EMPLOYED;
    const job = draws_[2 * (i - lo)];
    if (employed) {
      if (job < jobLoss) {
        status_[i] = <u8>Code.AWAY_UNEMPLOYED;
        lost++;
        employed = false;
      } else savings_[i] = <f32>(<f64>savings_[i] + w * savingRate);
    } else if (job < rehire) {
      status_[i] = <u8>Code.AWAY_EMPLOYED;
      found++;
      employed = true;
    } else savings_[i] = <f32>Math.max(0, <f64>savings_[i] - livingCost);
    let um: i32 = urbanMonths_[i];
    if (um < 65535) {
      um++;
      urbanMonths_[i] = <u16>um;
    }
    const local = local_[um < localLast ? um : localLast];
    const sk = <f64>skill_[i];
    // Knowledge, risk, savings and loan are read only in a connected village (arguments are read before a call).
    const home = connected_[village_[i]] != 0 ? homeIncomeForeseen(d, local, true, sk, <f64>knowledge_[i], <f64>risk_[i], <f64>savings_[i], loan_[i]) : local;
    const peers: i32 = peersHome_[i];
    const u = returnUtility(
      d,
      t,
      home,
      employed,
      w,
      <f64>nostalgia_[i],
      <f64>family_[i],
      <f64>modernity_[i],
      log1p_[peers < 255 ? peers : 255],
      <f64>elitePeersHome_[i],
      <f64>successfulPeers_[i],
      sk,
      <f64>trained_[i],
      future_[education_[i]],
      <i32>calledUntil_[i],
    );
    const draw = draws_[2 * (i - lo) + 1];
    if (draw < settle) {
      status_[i] = <u8>Code.LEFT;
      if (employed) settledEmployed++;
      else settledUnemployed++;
    } else {
      const g = byGrid(draw, settle, 1, u);
      if (g == Grid3.UNDECIDED ? belowComputed(draw, settle, 1, u) : g == Grid3.BELOW) {
        returning_[queued] = i;
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

/**
 * The block's n persons at home: one draw (the first of the person's slot) decides between leaving again (with
 * probability remigrationFactor * logistic(leaveUtility), on last month's income at home: a creator's channel's
 * net income, else the income of their status) and, for non-creators in a connected village, weighing a creator
 * start (with probability creators.reconsider).
 */
export function decideHome(n: i32): void {
  const d = terms;
  const wageIndex = d[Term.WAGE_INDEX];
  const factor = d[Term.REMIGRATION_FACTOR];
  const reconsider = d[Term.RECONSIDER];
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
  for (let k: i32 = 0; k < n; k++) {
    const i = ids[k];
    const st: i32 = status_[i];
    const w = <f64>wage_[i] * wageIndex;
    const homeIncome = st == Code.HOME_CREATOR ? net[channel_[i]] : byStatus[st];
    const v = leaveUtility(d, homeIncome, w, <f64>nostalgia_[i], <f64>family_[i], <f64>modernity_[i]);
    const draw = draws_[2 * (i - lo)];
    // belowLogistic(draw, 0, factor, v), then belowLogistic(draw, reconsider, factor, v), with the grid inlined.
    const leave = byGrid(draw, 0, factor, v);
    if (leave == Grid3.UNDECIDED ? belowComputed(draw, 0, factor, v) : leave == Grid3.BELOW) {
      leaving_[leavers] = i;
      leavers++;
    } else if (st != Code.HOME_CREATOR && connected_[village_[i]] != 0) {
      const weigh = byGrid(draw, reconsider, factor, v);
      if (weigh == Grid3.UNDECIDED ? belowComputed(draw, reconsider, factor, v) : weigh == Grid3.BELOW) {
        candidates_[weighing] = i;
        weighing++;
      }
    }
  }
  counts[Count.LEAVING] = leavers;
  counts[Count.CANDIDATES] = weighing;
}
