// The JavaScript pass with the columns and terms in locals and the formulas written out in the loop (what an
// optimised JavaScript pass could look like), for the probe's third contender.
import { Status } from '../../../dist/model/persons.js';
import { belowLogistic } from '../../../dist/model/logistic.js';

const BLOCK = 4096;
const awayIds = new Int32Array(BLOCK);
const homeIds = new Int32Array(BLOCK);
const draws = new Float64Array(2 * BLOCK);
const LOG1P = Float64Array.from({ length: 256 }, (_, k) => Math.log1p(k));

export function stepPersonsOpt(m, t) {
  const d = m.terms;
  const p = m.persons;
  const status = p.status, entry = p.entry, count = p.count;
  let active = 0;
  let entered = 0;
  for (let lo = 0; lo < count; lo += BLOCK) {
    const hi = Math.min(count, lo + BLOCK);
    let away = 0;
    let home = 0;
    for (let i = lo; i < hi; i++) {
      let st = status[i];
      if (st === 0 && entry[i] === t) {
        status[i] = st = 1;
        entered++;
      }
      awayIds[away] = i;
      away += (st - 1) >>> 0 < 2 ? 1 : 0;
      homeIds[home] = i;
      home += (st - 3) >>> 0 < 3 ? 1 : 0;
    }
    active += away + home;
    m.rng.fill(draws, 2 * away + home);
    away_(m, d, t, away);
    home_(m, d, home, 2 * away);
  }
  m.statusCount[0] -= entered;
  m.statusCount[1] += entered;
  m.entered += entered;
  m.month.activePersons = active;
}

function away_(m, d, t, n) {
  const p = m.persons;
  const status = p.status, wage = p.wage, savings = p.savings, urbanMonths = p.urbanMonths, village = p.village, skill = p.skill, knowledge = p.knowledge, risk = p.risk, loan = p.loan;
  const nostalgia = p.nostalgia, family = p.family, modernity = p.modernity, peersHome = p.peersHome, elitePeersHome = p.elitePeersHome, successfulPeers = p.successfulPeers, trained = p.trained, education = p.education, calledUntil = p.calledUntil;
  const connected = m.connected;
  const wageIndex = d.wageIndex, jobLoss = d.jobLoss, rehire = d.rehire, savingRate = d.savingRate, livingCost = d.livingCost, settle = d.settle;
  const local = d.localIncomeByExperience, localLast = local.length - 1;
  const cr = d.creators, perQuality = d.incomePerQuality, qb = cr.quality_base, qs = cr.quality_skill, qk = cr.quality_knowledge, heritage = d.heritage, cb = cr.couple_boost, aversion = d.riskAversion;
  const creatorCost = d.creatorCost, ownCapital = d.ownCapital, loansOpen = d.loansOpen, loanAmount = d.loanAmount, loanChance = d.loanChance;
  const cap = d.roleModelCap, income = d.income, networkMonthly = d.networkMonthly, tn = d.nostalgia, tf = d.family, tm = d.modernity, peers = d.peers, elitePeers = d.elitePeers, succ = d.successfulPeers;
  const control = d.control, training = d.training, future = d.futureByEducation, base = d.base, unemployedT = d.unemployed, outreach = d.outreach;
  let lost = 0, hired = 0, se = 0, su = 0;
  for (let k = 0; k < n; k++) {
    const i = awayIds[k];
    const w = wage[i] * wageIndex;
    let employed = status[i] === 1;
    if (employed) {
      if (draws[2 * k] < jobLoss) {
        status[i] = 2;
        lost++;
        employed = false;
      } else savings[i] = savings[i] + w * savingRate;
    } else if (draws[2 * k] < rehire) {
      status[i] = 1;
      hired++;
      employed = true;
    } else savings[i] = Math.max(0, savings[i] - livingCost);
    let um = urbanMonths[i];
    if (um < 65535) urbanMonths[i] = ++um;
    let home = local[Math.min(um, localLast)];
    if (connected[village[i]] === 1) {
      const creator = perQuality * (qb + qs * skill[i] + qk * heritage * knowledge[i] + cb * 0) * (1 - aversion * (1 - risk[i])) - creatorCost;
      const s = savings[i];
      const chance = s >= ownCapital ? 1 : loansOpen && loan[i] === 0 && s + loanAmount >= ownCapital ? loanChance : 0;
      home = home + chance * Math.max(0, creator - home);
    }
    const attitude = (income * (home - networkMonthly - (employed ? w : 0))) / w + (tn * nostalgia[i] + tf * family[i] - tm * modernity[i]);
    const norms = peers * LOG1P[Math.min(255, peersHome[i])] + (elitePeers * Math.min(cap, elitePeersHome[i]) + succ * Math.min(cap, successfulPeers[i]));
    const ctl = control * (skill[i] + training * trained[i]) + future[education[i]];
    const situation = base + (employed ? 0 : unemployedT) + (calledUntil[i] >= t ? outreach : 0);
    const u = attitude + norms + (ctl + situation);
    const draw = draws[2 * k + 1];
    if (draw < settle) {
      status[i] = 6;
      if (employed) se++;
      else su++;
    } else if (belowLogistic(draw, settle, 1, u)) m.returning.push(i);
  }
  const sc = m.statusCount;
  sc[1] += hired - lost - se;
  sc[2] += lost - hired - su;
  sc[6] += se + su;
  m.left += se + su;
}

function home_(m, d, n, firstDraw) {
  const p = m.persons;
  const status = p.status, wage = p.wage, channel = p.channel, village = p.village, nostalgia = p.nostalgia, family = p.family, modernity = p.modernity;
  const net = m.channels.net, byStatus = d.incomeByStatus, connected = m.connected;
  const wageIndex = d.wageIndex, li = d.leaveIntercept, lin = d.leaveIncome, ce = d.cityEmployment, la = d.leaveAttachment, fw = d.familyWeight, lm = d.leaveModernity, factor = d.remigrationFactor, reconsider = d.reconsider;
  for (let k = 0; k < n; k++) {
    const i = homeIds[k];
    const st = status[i];
    const w = wage[i] * wageIndex;
    const homeIncome = st === 5 ? net[channel[i]] : byStatus[st];
    const v = li + (lin * (w * ce - homeIncome)) / w - la * (nostalgia[i] + fw * family[i]) + lm * modernity[i];
    const draw = draws[firstDraw + k];
    if (belowLogistic(draw, 0, factor, v)) m.leaving.push(i);
    else if (st !== 5 && connected[village[i]] && belowLogistic(draw, reconsider, factor, v)) m.candidates.push(i);
  }
}
