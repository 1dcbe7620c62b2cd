import { Programme } from './budget.js';
import { contentQuality, runningCost } from './creator-prospects.js';
import { KNOWLEDGEABLE } from './creator-month.js';
import { Flag, flagOf, marriedShare } from './persons.js';
import { keepRead, READ_AHEAD } from './read-ahead.js';
import type { ModelState } from './state.js';
import { traitCode } from './kernel/person-pass.js';

/**
 * Step 6 (creators) and the creator half of step 7 (exits).
 * - Stay-at-home residents start channels at a Poisson rate driven by adoption, coverage, smartphones
 *   and the income creators are seen to make.
 * - Attention is finite: the audience can give the county's creators `capacity` follows this month;
 *   a share of the unclaimed part becomes new follows, split by quality^a * (followers + seed)^b
 *   (preferential attachment), with entertainment winning quick views; followers churn by style.
 * - Income per follower from ads (by quality), live commerce (by heritage, boosted in county-chief
 *   campaigns) and brand deals (above a threshold), all scaled by platform monetisation, less fees.
 * - Creators earning below the reservation income for exit_months after their grace period stop.
 */
export function stepCreators(m: ModelState, t: number): void {
  const out = m.creatorMonth;
  const s = m.s;
  const tl = m.tl;
  const pl = s.platform;
  const cr = s.creators;
  const ch = m.channels;
  const rng = m.rng;
  const epidemic = tl.epidemic[t] === 1;
  const adoption = pl.ceiling > 0 ? tl.adoption[t]! / pl.ceiling : 0;

  // Stay-at-home residents starting channels.
  if (m.connectedCount > 0) {
    const attraction = Math.min(3, m.signals.expectedCreatorIncome / tl.localWage[t]!);
    const rate = s.county.stayers * cr.stayer_entry * adoption * tl.smartphone[t]! * tl.coverage[t]! * pl.popularity * attraction;
    const entries = rng.poisson(rate);
    const tr = s.traits;
    const coupleChance = marriedShare(s, s.population.age_mean);
    for (let k = 0; k < entries; k++) {
      const skill = rng.clippedNormal(tr.media_skill.mean + cr.stayer_skill, tr.media_skill.sd, 0, 1);
      const knowledge = rng.clippedNormal(tr.local_knowledge.mean, tr.local_knowledge.sd, 0, 1);
      m.openChannel(-1, skill, knowledge, rng.uniform() < coupleChance);
    }
  }

  // Festivals (held or not in step 1): famous creators share their audience and know-how.
  const fest = s.policies.festivals;
  const festival = m.festivalHeld;

  const heritage = s.county.heritage;
  // Drop channels closed since last month (owners who left again or left the model) before they earn.
  ch.compact();
  const n = ch.activeCount;
  const active = ch.active;
  out.begin(n);
  // The audience finds county content through the county's own connected, smartphone-using people (their
  // views, shares and urban kin seed the platform's recommendations), so attention grows with that reach.
  const reach = (m.connectedCount / m.connected.length) * tl.smartphone[t]!;
  out.capacity = pl.audience * adoption * pl.popularity * reach * (1 + (epidemic ? s.epidemic.attention_boost : 0));

  // Quality and attachment weights.
  const weights = out.incomes; // reused as scratch before incomes are written
  const qualities = out.qualities;
  let claimed = 0;
  let totalWeight = 0;
  for (let j = 0; j < n; j++) {
    const c = active[j]!;
    if (festival) {
      // Diminishing returns: a festival teaches most to those who know least.
      ch.followers[c] = ch.followers[c]! * (1 + fest.follower_boost);
      ch.skill[c] = ch.skill[c]! + fest.knowledge_gain * (1 - ch.skill[c]!);
      ch.knowledge[c] = ch.knowledge[c]! + fest.knowledge_gain * (1 - ch.knowledge[c]!);
    }
    const q = quality(m, c, heritage);
    qualities[j] = q;
    const w = power(q, pl.quality_exponent) * Math.pow(ch.followers[c]! + pl.seed_followers, pl.attachment) * (ch.nostalgic[c] ? 1 : pl.entertainment_boost);
    weights[j] = w;
    totalWeight += w;
    claimed += ch.followers[c]!;
  }
  // The audience turns attention into follows only as far as there is county content to watch:
  // with few creators most of the free attention goes elsewhere (content supply n / (n + half)).
  const supply = n / (n + pl.content_half);
  const newFollows = pl.acquisition * supply * Math.max(0, out.capacity - claimed);
  let total = 0;
  for (let j = 0; j < n; j++) {
    const c = active[j]!;
    const churn = ch.nostalgic[c] ? pl.churn_nostalgic : pl.churn_entertainment;
    const f = ch.followers[c]! * (1 - churn) + (totalWeight > 0 ? (newFollows * weights[j]!) / totalWeight : 0);
    ch.followers[c] = f;
    total += f;
  }
  // When the audience shrinks below what creators hold (the epidemic boost ends), followers drift away.
  if (total > out.capacity) {
    const keep = out.capacity / total;
    for (let j = 0; j < n; j++) ch.followers[active[j]!] = ch.followers[active[j]!]! * keep;
  }

  // Income.
  const chief = s.policies.chief_live_sales;
  const campaign = tl.running.chief_live_sales[t] === 1 && m.budget.spend(Programme.live_sales, chief.cost) ? chief.multiplier : 1;
  const fee = pl.fee * (1 - (tl.running.subsidies[t] ? s.policies.subsidies.fee_cut : 0));
  const keepShare = (1 - fee) * tl.monetisation[t]!;
  const costs = runningCost(s, tl.networkCost[t]!);
  const farm = tl.farmIncome[t]!;
  const p = m.persons;
  for (let j = 0; j < n; j++) {
    if (j % READ_AHEAD === 0) readOwnersAhead(m, active, j, Math.min(n, j + READ_AHEAD));
    const c = active[j]!;
    const f = ch.followers[c]!;
    // Better content holds viewers longer and sells more: quality scales ads and commerce per follower (the quality
    // found above: skill and knowledge have not changed since).
    const q = qualities[j]!;
    const ads = keepShare * pl.ad_rate * f * q;
    const owner = ch.owner[c]!;
    // Trained creators sell better in live commerce (platform and county trainings, seed 001).
    const skillful = owner >= 0 && flagOf(m.persons, owner, Flag.Trained) ? 1 + s.policies.training.commerce_gain : 1;
    const commerce = keepShare * pl.commerce_rate * f * heritage * q * campaign * skillful;
    const brand = f >= pl.brand_threshold ? keepShare * pl.brand_rate * f : 0;
    const income = ads + commerce + brand;
    ch.income[c] = income;
    ch.net[c] = income - costs;
    ch.monthsActive[c] = ch.monthsActive[c]! + 1;
    ch.skill[c] = Math.min(1, ch.skill[c]! + cr.learning);

    if (ch.monthsActive[c]! > cr.noticed_after) {
      out.noticedIncome += income;
      out.noticedCount++;
    }
    out.incomes[j] = income;
    out.followers[j] = f;
    out.ads += ads;
    out.commerce += commerce;
    out.brand += brand;
    if (ch.nostalgic[c]) {
      out.nostalgicCount++;
      out.nostalgicIncome += income;
    } else out.entertainmentIncome += income;
    if (ch.knowledge[c]! >= KNOWLEDGEABLE) {
      out.knowledgeableCount++;
      out.knowledgeableIncome += income;
    } else out.otherIncome += income;
    if (owner >= 0) {
      p.skill[owner] = traitCode(ch.skill[c]!);
      p.knowledge[owner] = traitCode(ch.knowledge[c]!);
      // The rest of the household: a spouse who is not a partner works the farm, and so do parents at home.
      const other = ((flagOf(p, owner, Flag.Married) && !ch.partners[c] ? 1 : 0) + flagOf(p, owner, Flag.ParentsHome)) * farm;
      const share = income + other > 0 ? income / (income + other) : NaN;
      ch.householdShare[c] = share;
      if (!Number.isNaN(share)) {
        out.householdShareSum += share;
        out.householdCount++;
      }
    }
    m.setSuccessful(c, income >= cr.success_income);
    // Exits (step 7): persistent low income after the grace period.
    if (ch.monthsActive[c]! > cr.grace_months && ch.net[c]! < cr.reservation_income) ch.lowMonths[c] = ch.lowMonths[c]! + 1;
    else ch.lowMonths[c] = 0;
    if (ch.lowMonths[c]! >= cr.exit_months) m.closeChannel(c, true);
  }
  out.earners = n;
  ch.compact();
  m.lastCreatorCount = n;
  if (n > 0) {
    // What people expect to earn as creators follows what the creators they notice earn (channels that have
    // kept going for a few months; all creators before any has), averaged over recent months, so a campaign
    // month raises expectations a little rather than drawing everyone in at once.
    const mean = out.noticedCount > 0 ? out.noticedIncome / out.noticedCount : (out.ads + out.commerce + out.brand) / n;
    const a = cr.expectation_weight;
    m.creatorIncomeAverage = Number.isNaN(m.creatorIncomeAverage) ? mean : m.creatorIncomeAverage + a * (mean - m.creatorIncomeAverage);
  }
}

/** Reads the person columns that the month's accounts of channels active[from..to) use of their owners (see read-ahead.ts). */
function readOwnersAhead(m: ModelState, active: Int32Array, from: number, to: number): void {
  const p = m.persons;
  const owner = m.channels.owner;
  let sum = 0;
  for (let j = from; j < to; j++) {
    const i = owner[active[j]!]!;
    if (i >= 0) sum += p.flags[i]! + p.skill[i]! + p.knowledge[i]!;
  }
  keepRead(sum);
}

/** x^e, without the call where e is 1 (the default quality exponent): Math.pow(x, 1) is x, exactly. */
function power(x: number, e: number): number {
  return e === 1 ? x : Math.pow(x, e);
}

/** Content quality of channel c (contentQuality): knowledge counts fully in nostalgic content, less in entertainment. */
function quality(m: ModelState, c: number, heritage: number): number {
  const cr = m.s.creators;
  const ch = m.channels;
  const knowledgeWeight = ch.nostalgic[c] ? heritage : heritage * cr.entertainment_knowledge;
  return contentQuality(cr, ch.skill[c]!, knowledgeWeight, ch.knowledge[c]!, ch.partners[c]!);
}
