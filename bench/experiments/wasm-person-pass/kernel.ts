// AssemblyScript: the person pass of src/model/step-persons.ts (personsAway, personsHome and the block listing),
// on person columns in linear memory. Same IEEE operations in the same order as decision.ts and logistic.ts.

@external("env", "exp") declare function jsExp(x: f64): f64;

// Addresses, from the pointer table written by the host (see layout()).
let STATUS: usize = 0, ENTRY: usize = 0, VILLAGE: usize = 0, WAGE: usize = 0, SAVINGS: usize = 0, LOAN: usize = 0;
let NOSTALGIA: usize = 0, FAMILY: usize = 0, MODERNITY: usize = 0, RISK: usize = 0, SKILL: usize = 0, KNOWLEDGE: usize = 0;
let TRAINED: usize = 0, EDUCATION: usize = 0, CALLED: usize = 0, URBAN: usize = 0, CHANNEL: usize = 0;
let PEERS: usize = 0, ELITE: usize = 0, SUCC: usize = 0;
let TERMS: usize = 0, FUTURE: usize = 0, BY_STATUS: usize = 0, LOCAL: usize = 0, LOG1P: usize = 0, GRID: usize = 0;
let NET: usize = 0, CONNECTED: usize = 0, AWAY_IDS: usize = 0, HOME_IDS: usize = 0, DRAWS: usize = 0;
let OUT_RET: usize = 0, OUT_LEAVE: usize = 0, OUT_CAND: usize = 0, COUNTS: usize = 0;

export function layout(table: usize): void {
  let k: usize = table;
  STATUS = load<u32>(k); k += 4; ENTRY = load<u32>(k); k += 4; VILLAGE = load<u32>(k); k += 4; WAGE = load<u32>(k); k += 4;
  SAVINGS = load<u32>(k); k += 4; LOAN = load<u32>(k); k += 4; NOSTALGIA = load<u32>(k); k += 4; FAMILY = load<u32>(k); k += 4;
  MODERNITY = load<u32>(k); k += 4; RISK = load<u32>(k); k += 4; SKILL = load<u32>(k); k += 4; KNOWLEDGE = load<u32>(k); k += 4;
  TRAINED = load<u32>(k); k += 4; EDUCATION = load<u32>(k); k += 4; CALLED = load<u32>(k); k += 4; URBAN = load<u32>(k); k += 4;
  CHANNEL = load<u32>(k); k += 4; PEERS = load<u32>(k); k += 4; ELITE = load<u32>(k); k += 4; SUCC = load<u32>(k); k += 4;
  TERMS = load<u32>(k); k += 4; FUTURE = load<u32>(k); k += 4; BY_STATUS = load<u32>(k); k += 4; LOCAL = load<u32>(k); k += 4;
  LOG1P = load<u32>(k); k += 4; GRID = load<u32>(k); k += 4; NET = load<u32>(k); k += 4; CONNECTED = load<u32>(k); k += 4;
  AWAY_IDS = load<u32>(k); k += 4; HOME_IDS = load<u32>(k); k += 4; DRAWS = load<u32>(k); k += 4;
  OUT_RET = load<u32>(k); k += 4; OUT_LEAVE = load<u32>(k); k += 4; OUT_CAND = load<u32>(k); k += 4; COUNTS = load<u32>(k); k += 4;
}

@inline function term(k: i32): f64 { return load<f64>(TERMS + (<usize>k << 3)); }
@inline function f32at(col: usize, i: i32): f64 { return <f64>load<f32>(col + (<usize>i << 2)); }

const STEPS: f64 = 32;
const LIMIT_STEPS: f64 = 1024;
const CELLS: f64 = 2048;

@inline function belowLogistic(draw: f64, a: f64, b: f64, x: f64): bool {
  const kf = Math.floor(x * STEPS) + LIMIT_STEPS;
  if (kf >= 0 && kf < CELLS) {
    const g = GRID + (<usize>(<i32>kf) << 3);
    if (draw < a + b * load<f64>(g)) return true;
    if (draw >= a + b * load<f64>(g, 8)) return false;
  }
  return draw < a + b * (1 / (1 + jsExp(-x)));
}

/** Lists the persons away and at home of persons lo..hi-1, entering the future emigrants whose month t has come. */
export function list(lo: i32, hi: i32, t: i32): void {
  let away = 0, home = 0, entered = 0;
  for (let i = lo; i < hi; i++) {
    let st = <i32>load<u8>(STATUS + <usize>i);
    if (<i32>load<i16>(ENTRY + (<usize>i << 1)) == t && st == 0) {
      store<u8>(STATUS + <usize>i, 1);
      st = 1;
      entered++;
    }
    store<i32>(AWAY_IDS + (<usize>away << 2), i);
    away += <i32>(<u32>(st - 1) < 2);
    store<i32>(HOME_IDS + (<usize>home << 2), i);
    home += <i32>(<u32>(st - 3) < 3);
  }
  store<i32>(COUNTS, away);
  store<i32>(COUNTS, home, 4);
  store<i32>(COUNTS, entered, 8);
}

/** personsAway: counts lost jobs, found jobs, settled (employed, unemployed); queues returners. */
export function decideAway(n: i32, t: i32): void {
  const wageIndex = term(0), jobLoss = term(1), rehire = term(2), savingRate = term(3), livingCost = term(4), settle = term(5);
  const perQuality = term(6), qb = term(7), qs = term(8), qk = term(9), heritage = term(10), cb = term(11), aversion = term(12);
  const creatorCost = term(13), ownCapital = term(14), loansOpen = term(15) != 0, loanAmount = term(16), loanChance = term(17);
  const cap = term(18), income = term(19), networkMonthly = term(20), nostalgia = term(21), family = term(22), modernity = term(23);
  const peers = term(24), elitePeers = term(25), successfulPeers = term(26), control = term(27), training = term(28);
  const base = term(29), unemployedTerm = term(30), outreach = term(31);
  const localLast = <i32>term(40);
  let lost = 0, hired = 0, settledEmployed = 0, settledUnemployed = 0, returning = 0;
  for (let k = 0; k < n; k++) {
    const i = load<i32>(AWAY_IDS + (<usize>k << 2));
    const w = f32at(WAGE, i) * wageIndex;
    const d0 = load<f64>(DRAWS + (<usize>k << 4));
    const draw = load<f64>(DRAWS + (<usize>k << 4), 8);
    let employed = load<u8>(STATUS + <usize>i) == 1;
    const sp = SAVINGS + (<usize>i << 2);
    if (employed) {
      if (d0 < jobLoss) {
        store<u8>(STATUS + <usize>i, 2);
        lost++;
        employed = false;
      } else store<f32>(sp, <f32>(<f64>load<f32>(sp) + w * savingRate));
    } else if (d0 < rehire) {
      store<u8>(STATUS + <usize>i, 1);
      hired++;
      employed = true;
    } else store<f32>(sp, <f32>Math.max(0, <f64>load<f32>(sp) - livingCost));
    const up = URBAN + (<usize>i << 1);
    let um = <i32>load<u16>(up);
    if (um < 65535) { um++; store<u16>(up, <u16>um); }

    // homeIncomeForeseen
    let home = load<f64>(LOCAL + (<usize>min(um, localLast) << 3));
    if (load<u8>(CONNECTED + <usize>load<i32>(VILLAGE + (<usize>i << 2))) != 0) {
      const skill = f32at(SKILL, i), knowledge = f32at(KNOWLEDGE, i), risk = f32at(RISK, i);
      const creator = perQuality * (qb + qs * skill + qk * heritage * knowledge + cb * 0) * (1 - aversion * (1 - risk)) - creatorCost;
      const savings = <f64>load<f32>(sp);
      const chance: f64 = savings >= ownCapital ? 1 : loansOpen && load<u8>(LOAN + <usize>i) == 0 && savings + loanAmount >= ownCapital ? loanChance : 0;
      home = home + chance * Math.max(0, creator - home);
    }
    // returnUtility
    const attitude = (income * (home - networkMonthly - (employed ? w : 0))) / w + (nostalgia * f32at(NOSTALGIA, i) + family * f32at(FAMILY, i) - modernity * f32at(MODERNITY, i));
    const ph = <i32>load<u16>(PEERS + (<usize>i << 1));
    const norms = peers * load<f64>(LOG1P + (<usize>min(255, ph) << 3)) + (elitePeers * Math.min(cap, <f64>load<u16>(ELITE + (<usize>i << 1))) + successfulPeers * Math.min(cap, <f64>load<u16>(SUCC + (<usize>i << 1))));
    const ctl = control * (f32at(SKILL, i) + training * <f64>load<u8>(TRAINED + <usize>i)) + load<f64>(FUTURE + (<usize>load<u8>(EDUCATION + <usize>i) << 3));
    const situation = base + (employed ? 0 : unemployedTerm) + (<i32>load<i16>(CALLED + (<usize>i << 1)) >= t ? outreach : 0);
    const u = attitude + norms + (ctl + situation);
    if (draw < settle) {
      store<u8>(STATUS + <usize>i, 6);
      if (employed) settledEmployed++;
      else settledUnemployed++;
    } else if (belowLogistic(draw, settle, 1, u)) {
      store<i32>(OUT_RET + (<usize>returning << 2), i);
      returning++;
    }
  }
  store<i32>(COUNTS, lost, 12);
  store<i32>(COUNTS, hired, 16);
  store<i32>(COUNTS, settledEmployed, 20);
  store<i32>(COUNTS, settledUnemployed, 24);
  store<i32>(COUNTS, returning, 28);
}

/** personsHome: queues leavers and creator candidates. */
export function decideHome(n: i32, firstDraw: i32): void {
  const wageIndex = term(0), leaveIntercept = term(32), leaveIncome = term(33), cityEmployment = term(34);
  const leaveAttachment = term(35), familyWeight = term(36), leaveModernity = term(37), factor = term(38), reconsider = term(39);
  let leaving = 0, candidates = 0;
  for (let k = 0; k < n; k++) {
    const i = load<i32>(HOME_IDS + (<usize>k << 2));
    const st = <i32>load<u8>(STATUS + <usize>i);
    const w = f32at(WAGE, i) * wageIndex;
    const homeIncome = st == 5 ? load<f64>(NET + (<usize>load<i32>(CHANNEL + (<usize>i << 2)) << 3)) : load<f64>(BY_STATUS + (<usize>st << 3));
    const v = leaveIntercept + (leaveIncome * (w * cityEmployment - homeIncome)) / w - leaveAttachment * (f32at(NOSTALGIA, i) + familyWeight * f32at(FAMILY, i)) + leaveModernity * f32at(MODERNITY, i);
    const draw = load<f64>(DRAWS + (<usize>(firstDraw + k) << 3));
    if (belowLogistic(draw, 0, factor, v)) {
      store<i32>(OUT_LEAVE + (<usize>leaving << 2), i);
      leaving++;
    } else if (st != 5 && load<u8>(CONNECTED + <usize>load<i32>(VILLAGE + (<usize>i << 2))) != 0 && belowLogistic(draw, reconsider, factor, v)) {
      store<i32>(OUT_CAND + (<usize>candidates << 2), i);
      candidates++;
    }
  }
  store<i32>(COUNTS, leaving, 32);
  store<i32>(COUNTS, candidates, 36);
}
