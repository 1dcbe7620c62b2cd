import { EDUCATION_LEVELS } from '../scenario/education.js';
import { expectedQuality, localIncome, netStartCost, referenceQuality, riskDiscount, runningCost } from './creator-prospects.js';
import { Status } from './persons.js';
import type { ModelState } from './state.js';

/** ln(1 + k) for small counts, so the hot loop does not call Math.log for peers at home. */
const LOG1P = Float64Array.from({ length: 256 }, (_, k) => Math.log1p(k));

/**
 * Steps 2 to 4 for persons away, and the decisions to leave again (step 7) for persons at home, in one
 * pass over all persons (the pass that dominates run time). Decisions read only the person's own state
 * and aggregates fixed before the pass, and their outcomes are queued and applied after it, so the
 * order of persons in the pass does not matter: everyone decides on the same information.
 *
 * Per person away: job loss or re-hiring, savings, urban experience; then one draw decides between
 * settling in the city for good (leaving the model) and returning, with the return probability a logit
 * of home against city (attitude: income and emotion; norms: role models; perceived control).
 * Per person at home: one draw decides between leaving again (logit of city against home, on last
 * month's income) and, for non-creators in a connected village, weighing a creator start (step 5).
 */
export function stepPersons(m: ModelState, t: number): void {
  const s = m.s;
  const tl = m.tl;
  const p = m.persons;
  const { status, entry, village, education, wage, savings, debt, defaulted, urbanMonths, nostalgia, family, modernity, risk, skill, knowledge, trained, calledUntil } = p;
  const { peersHome, elitePeersHome, successfulPeers, channel } = p;
  const rand = m.rng.uniform;
  const connected = m.connected;
  const net = m.channels.net;

  const epidemic = tl.epidemic[t] === 1;
  const jobLoss = epidemic ? s.epidemic.job_loss : s.labour.job_loss;
  const rehire = m.rehireChance(t);
  // Chance of holding a job on going back to the city: the steady state of losing and finding jobs.
  const cityEmployment = rehire + jobLoss > 0 ? rehire / (rehire + jobLoss) : 1;
  const wageIndex = tl.wageIndex[t]!;
  const savingRate = s.labour.saving_rate;
  const livingCost = s.labour.living_cost;
  const settle = s.population.settle_hazard;

  // Every coefficient is read into a local once: the loop below runs a million times a month.
  const d = s.decision;
  const familyWeight = 1 + (epidemic ? s.epidemic.family_boost : 0);
  const base = d.intercept + d.amenities * tl.amenities[t]! + d.housing * (tl.housing[t]! - 1);
  // Hometown videos, and festival coverage in a festival month, make nostalgia weigh more.
  const festivalBoost = m.festivalHeld ? s.policies.festivals.nostalgia_boost : 0;
  const nostalgiaW = d.nostalgia * (1 + d.videos * m.signals.videoVisibility) * (1 + festivalBoost);
  const familyW = d.family * familyWeight;
  const cap = d.role_model_cap;
  const incomeW = d.income;
  const modernityW = d.modernity;
  const peersW = d.peers;
  const eliteW = d.elite_peers;
  const successW = d.successful_peers;
  const controlW = d.control;
  const trainingW = d.training;
  const unemployedW = d.unemployed;
  const outreachW = d.outreach;
  // Future development: policy support and the creator economy seen, weighing more for the educated.
  const future = d.support * m.signals.support + d.future * m.signals.prospects;
  const educatedFuture = future * (1 + d.responsibility);
  const responsibleFrom = EDUCATION_LEVELS.indexOf(d.responsibility_education);

  const nonfarmTable = m.nonfarmByExperience;
  const fullExperience = nonfarmTable.length - 1;
  const localWage = tl.localWage[t]!;
  const farm = tl.farmIncome[t]!;
  const networkMonthly = tl.networkCost[t]! / 12;

  // The creator option: expected county creator income times the person's own fit for it, less running
  // costs and the start cost net of the grant they expect, spread over the months it takes to earn it back.
  const cr = s.creators;
  const expected = m.signals.expectedCreatorIncome / referenceQuality(s);
  const expectedGrant = tl.subsidies[t] ? s.policies.subsidies.start_grant * m.signals.grantChance : 0;
  const ownCapital = netStartCost(s, expectedGrant);
  const creatorCost = runningCost(s, tl.networkCost[t]!) + ownCapital / cr.payback_months;
  // Who could borrow the shortfall, and how likely a loan is to be had (last month's approval rate).
  const loansOpen = tl.loans[t] === 1;
  const loanAmount = s.policies.loans.amount;
  const loanChance = m.signals.loanChance;

  const r = s.remigration;
  const leaveIntercept = r.intercept;
  const leaveIncomeW = r.income;
  const leaveAttachmentW = r.attachment;
  const leaveModernityW = r.modernity;
  const remigrationFactor = epidemic ? s.epidemic.remigration_factor : 1;
  const reconsider = cr.reconsider;

  let active = 0;
  for (let i = 0, n = p.count; i < n; i++) {
    let st = status[i]!;
    if (st === Status.NotYet) {
      if (entry[i] !== t) continue;
      m.setStatus(i, Status.AwayEmployed);
      m.entered++;
      st = Status.AwayEmployed;
    } else if (st === Status.Left) continue;
    active++;
    const w = wage[i]! * wageIndex;

    if (st <= Status.AwayUnemployed) {
      // Step 2: city labour.
      if (st === Status.AwayEmployed) {
        if (rand() < jobLoss) {
          m.setStatus(i, Status.AwayUnemployed);
          st = Status.AwayUnemployed;
        } else savings[i] = savings[i]! + w * savingRate;
      } else if (rand() < rehire) {
        m.setStatus(i, Status.AwayEmployed);
        st = Status.AwayEmployed;
      } else savings[i] = Math.max(0, savings[i]! - livingCost);
      if (urbanMonths[i]! < 65535) urbanMonths[i] = urbanMonths[i]! + 1;

      // Step 4: home against city.
      let home = localIncome(farm, localWage, nonfarmTable[Math.min(urbanMonths[i]!, fullExperience)]!);
      if (connected[village[i]!]) {
        // Step 5 as the person foresees it: the creator option counts as far as they can finance the start.
        const finance =
          savings[i]! >= ownCapital ? 1 : loansOpen && debt[i]! <= 0 && !defaulted[i] && savings[i]! + loanAmount >= ownCapital ? loanChance : 0;
        if (finance > 0) {
          const creatorOption = expected * expectedQuality(s, skill[i]!, knowledge[i]!) * riskDiscount(s, risk[i]!) - creatorCost;
          if (creatorOption > home) home += finance * (creatorOption - home);
        }
      }
      const city = st === Status.AwayEmployed ? w : 0;
      let u =
        base +
        (incomeW * (home - networkMonthly - city)) / w +
        nostalgiaW * nostalgia[i]! +
        familyW * family[i]! -
        modernityW * modernity[i]! +
        peersW * LOG1P[Math.min(255, peersHome[i]!)]! +
        eliteW * Math.min(cap, elitePeersHome[i]!) +
        successW * Math.min(cap, successfulPeers[i]!) +
        controlW * (skill[i]! + trainingW * trained[i]!) +
        (education[i]! >= responsibleFrom ? educatedFuture : future);
      if (st === Status.AwayUnemployed) u += unemployedW;
      if (calledUntil[i]! >= t) u += outreachW;
      const pReturn = 1 / (1 + Math.exp(-u));
      const draw = rand();
      if (draw < settle) m.leaveModel(i);
      else if (draw < settle + pReturn) m.returning.push(i);
    } else {
      // Step 7 decision: the city against last month's income at home.
      const homeIncome = st === Status.HomeCreator ? net[channel[i]!]! : st === Status.HomeLocalJob ? localWage : farm;
      const u =
        leaveIntercept +
        (leaveIncomeW * (w * cityEmployment - homeIncome)) / w -
        leaveAttachmentW * (nostalgia[i]! + familyWeight * family[i]!) +
        leaveModernityW * modernity[i]!;
      const pLeave = remigrationFactor / (1 + Math.exp(-u));
      const draw = rand();
      if (draw < pLeave) m.leaving.push(i);
      else if (st !== Status.HomeCreator && draw < pLeave + reconsider && connected[village[i]!]) m.candidates.push(i);
    }
  }
  m.month.activePersons = active;
}
