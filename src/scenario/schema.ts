import { z } from 'zod';
import { MONTH_PATTERN, parseMonth } from './month.js';
import { ASSUMPTION, calibrated, FIXED, group, int, LEVER, month, num, PARAMS, share, timeline, UNCERTAIN, uncertain, uncertainAround, type NumericRole } from './param.js';
import { INSTRUMENT_GROUP_ORDER, INSTRUMENTS, type Instrument } from './instruments.js';
import { EDUCATION_LEVELS, type EducationLevel } from './education.js';

/** Longest run, 100 years: the model stores month indices in 16-bit integers, so runs stay well within them. */
export const MAX_MONTHS = 1200;

/**
 * The scenario schema: the one definition of every scenario key, its type, range, default, unit and source (the keys
 * of the policy instruments are written with their declarations, in instruments.ts, and become groups of `policies` here).
 * The TypeScript type `Scenario` is inferred from it, and the ODD parameter table is generated from it.
 * Sources: "seed 000 §x" are the source paper (../shared/seeds/000), F1..F9 the facts of MODEL.md,
 * "NBS" the National Bureau of Statistics, "assumption" a modelling choice to be calibrated (issue: calibration).
 * Every key also has a role (issue 13; src/scenario/param.ts): LEVER, FIXED, or an uncertainty / calibrated value;
 * numeric uncertainties and calibrated values carry a plausible range with its source or reason
 * (`uncertain(lo, hi, why)`, `uncertainAround(0.5)` for ±50% of the default, `calibrated(lo, hi, why)`).
 */

const round4 = (x: number) => Number(x.toFixed(4));

/** A trait's mean and spread are uncertainties: scores without a measured scale, so the ranges are assumptions. */
const trait = (mean: number, sd: number, what: string, source = ASSUMPTION) =>
  group(
    {
      mean: share(mean, { doc: `Mean ${what} at entry (0..1).`, unit: 'score 0..1', source, ...uncertain(round4(Math.max(0, mean - 0.15)), round4(Math.min(1, mean + 0.15)), 'assumption: ±0.15 on a score with no measured scale') }),
      sd: num(sd, 0, 1, { doc: `Standard deviation of ${what} (normal, clipped to 0..1).`, unit: 'score 0..1', source, ...uncertainAround(0.5) }),
    },
    `Distribution of ${what} across persons.`,
  );

const educationShares = group(
  {
    high_school: share(0.7, { doc: 'Share of emigrants with high school or less.', unit: 'share', source: 'assumption (rural migrants are mostly without tertiary education; NBS migrant survey)', ...uncertain(0.55, 0.85, 'assumption around the NBS migrant survey (most rural migrants have no tertiary education); shares are normalised') }),
    college: share(0.15, { doc: 'Share with a college (dazhuan) diploma.', unit: 'share', source: ASSUMPTION, ...uncertain(0.08, 0.25, 'assumption; shares are normalised') }),
    bachelor: share(0.11, { doc: 'Share with a bachelor degree.', unit: 'share', source: ASSUMPTION, ...uncertain(0.05, 0.18, 'assumption; shares are normalised') }),
    master: share(0.035, { doc: 'Share with a master degree.', unit: 'share', source: ASSUMPTION, ...uncertain(0.01, 0.06, 'assumption; shares are normalised') }),
    doctorate: share(0.005, { doc: 'Share with a doctorate.', unit: 'share', source: ASSUMPTION, ...uncertain(0.001, 0.01, 'assumption; shares are normalised') }),
  },
  'Education of emigrants; the shares are normalised to sum to 1.',
);

type Five<T> = [T, T, T, T, T];
const byEducation = (values: Five<number>, doc: string, unit: string, source: string, roles: Five<NumericRole>) =>
  group(
    {
      high_school: num(values[0], 0, 1e6, { doc: `${doc} (high school or less).`, unit, source, ...roles[0] }),
      college: num(values[1], 0, 1e6, { doc: `${doc} (college).`, unit, source, ...roles[1] }),
      bachelor: num(values[2], 0, 1e6, { doc: `${doc} (bachelor).`, unit, source, ...roles[2] }),
      master: num(values[3], 0, 1e6, { doc: `${doc} (master).`, unit, source, ...roles[3] }),
      doctorate: num(values[4], 0, 1e6, { doc: `${doc} (doctorate).`, unit, source, ...roles[4] }),
    },
    doc,
  );

// Education levels live in a zod-free module so the model (and its worker threads) can use them without zod.
export { EDUCATION_LEVELS, type EducationLevel };

const population = group(
  {
    agents: int(500_000, 100, 100_000_000, {
      doc: 'Simulated persons at the start (emigrants of the county away from home). Lower it for quick runs: county-level capacities scale with agents / emigrants.',
      unit: 'agents',
      source: 'default: one agent per emigrant', ...FIXED, setting: { why: 'it is the size of the run: every point simulates the same number of persons', flag: '--agents' },
    }),
    emigrants: int(500_000, 100, 100_000_000, {
      doc: 'Real number of emigrants the simulated county has; capacities (seats, loans, calls, audience, stayers, budget) are given for this many and scaled by agents / emigrants.',
      unit: 'persons',
      source: 'estimate: Qingyang exports roughly half a million workers a year (local labour-export reports); order of magnitude only', ...FIXED,
    }),
    annual_inflow: num(0.06201, 0, 0.5, {
      doc: 'New emigrants leaving the county each year (aged entry age), as a share of the initial number; they enter spread over the year.',
      unit: 'share of initial per year',
      source: 'assumption; calibrated: F10a, F10c (new leavers replace returnees)', ...calibrated(0.03, 0.09, 'ODD §8: 0.03 before calibration, 0.062 fitted to F10a, F10c; up to about 1.5 times the fit'),
    }),
    villages: int(1260, 1, 65_535, {
      doc: 'Number of administrative villages; persons belong to one village, ties are mostly within it. At most 65,535 (a person\'s village is kept in 16 bits).',
      unit: 'villages',
      source: 'approximate count of administrative villages in Qingyang (public administrative lists)', ...FIXED,
    }),
    local_ties: int(3, 0, 50, {
      doc: 'Acquaintance ties each person makes in their own village (ties are mutual, so mean degree is about twice the total made).',
      unit: 'ties',
      source: 'seed 000 §4.3: an "acquaintance society"', ...uncertain(1, 6, 'assumption: a handful of acquaintances in the village (seed 000 §4.3, an acquaintance society)'),
    }),
    county_ties: int(1, 0, 50, { doc: 'Acquaintance ties each person makes elsewhere in the county.', unit: 'ties', source: ASSUMPTION, ...uncertain(0, 3, 'assumption') }),
    entry_age: int(18, 14, 40, { doc: 'Age of new emigrants when they leave.', unit: 'years', source: ASSUMPTION, ...uncertain(16, 22, 'assumption: leaving after junior or senior high school') }),
    age_mean: num(32, 16, 60, { doc: 'Mean age of emigrants at the start (normal, clipped to entry_age..exit_age-1).', unit: 'years', source: 'NBS migrant worker survey: mean age of migrants about 40, younger for out-of-province migrants; assumption', ...uncertain(28, 38, 'NBS migrant worker surveys: about 40 for all migrants, younger for those away; assumption') }),
    age_sd: num(9, 0, 30, { doc: 'Standard deviation of age at the start.', unit: 'years', source: ASSUMPTION, ...uncertainAround(0.3) }),
    exit_age: int(60, 30, 90, { doc: 'Age at which a person leaves the model (retirement from migrant work).', unit: 'years', source: ASSUMPTION, ...uncertain(55, 65, 'assumption: around the retirement ages of 50-60, many migrants working on') }),
    education: educationShares,
    marriage_age: num(27, 16, 50, { doc: 'Age at which half of persons are married (logistic in age).', unit: 'years', source: ASSUMPTION, ...uncertain(24, 30, 'assumption: rural migrants marry in their mid to late twenties') }),
    marriage_spread: num(3, 0.1, 20, { doc: 'Spread of the logistic marriage curve.', unit: 'years', source: ASSUMPTION, ...uncertainAround(0.5) }),
    children_if_married: share(0.8, { doc: 'Probability that a married person has children.', unit: 'probability', source: ASSUMPTION, ...uncertain(0.6, 0.95, 'assumption') }),
    parents_home: share(0.8, { doc: 'Probability that a person has parents living in the home county.', unit: 'probability', source: 'seed 000 §4.3 (care for ageing parents)', ...uncertain(0.6, 0.95, 'assumption: most migrants leave parents at home (seed 000 §4.3)') }),
    settle_hazard: num(0.0008, 0, 0.1, {
      doc: 'Monthly probability that a person away settles in the city for good and leaves the model.',
      unit: '1/month',
      source: ASSUMPTION, ...uncertain(0.0002, 0.002, 'assumption: 0.25%-2.4% of those away settle in the city each year'),
    }),
  },
  'The emigrants of the county: size, village structure, demography.',
);

const traits = group(
  {
    nostalgia: trait(0.45, 0.2, 'nostalgia (longing for home)', 'seed 000 §3.1, §4.6'),
    family: trait(0.4, 0.2, 'personal weight of family ties', 'seed 000 §4.3'),
    modernity: trait(0.55, 0.2, 'wish for a modern, urban life', 'seed 002'),
    risk: trait(0.35, 0.2, 'risk tolerance', 'seed 000 §4.5 (low risk tolerance of farmers)'),
    media_skill: trait(0.3, 0.15, 'media (short-video) skill', ASSUMPTION),
    local_knowledge: trait(0.35, 0.2, 'local (cultural, agricultural) knowledge', 'seed 000 §4.7'),
    media_skill_per_education: num(0.06, 0, 0.5, { doc: 'Added media skill per education level above high school.', unit: 'score per level', source: ASSUMPTION, ...uncertainAround(0.5) }),
    modernity_per_decade: num(-0.08, -1, 1, { doc: 'Change of the wish for modernity per decade of age above 25 (the young want the city most).', unit: 'score per 10 years', source: 'seed 002', ...uncertain(-0.16, 0, 'seed 002: the young want the city most (the sign); the size is assumed') }),
    family_married: num(0.15, 0, 1, { doc: 'Family pull added by marriage.', unit: 'score', source: 'seed 000 §4.3', ...uncertainAround(0.5) }),
    family_children: num(0.15, 0, 1, { doc: 'Family pull added by children.', unit: 'score', source: 'seed 000 §4.3 (raising children)', ...uncertainAround(0.5) }),
    family_parents: num(0.2, 0, 1, { doc: 'Family pull added by parents at home.', unit: 'score', source: 'seed 000 §4.3 (filial piety, Table 2)', ...uncertainAround(0.5) }),
  },
  'Personal attitudes and skills, each a score in 0..1.',
);

const elite = group(
  {
    education: z.enum(EDUCATION_LEVELS).default('master').meta({ description: 'Persons with at least this education count as elite.', unit: 'education level', source: 'seed 000 §4.3 (the returned PhD neighbour)', ...UNCERTAIN }),
    capital_education: z.enum(EDUCATION_LEVELS).default('bachelor').meta({ description: 'Persons with at least this education from a family with capital also count as elite.', unit: 'education level', source: 'seed 000 §4 (elites with capital and education)', ...UNCERTAIN }),
    family_capital: share(0.25, { doc: 'Share of families with capital at home (a business, land, standing) that, with capital_education, makes a person elite. Drawn once per person: urban wages and savings do not make elites.', unit: 'share', source: ASSUMPTION, ...uncertain(0.1, 0.4, 'assumption') }),
  },
  'Who counts as an elite: a rule on education and family capital, fixed for life.',
);

const PREMIUM = uncertainAround(0.25, 'assumption: the education premium ±25%');

const labour = group(
  {
    wage: byEducation([3072, 3900, 5200, 7200, 9000], 'Urban monthly wage at the start of 2015 by education', 'RMB/month', 'NBS 2015 migrant worker survey: mean 3,072 RMB/month; premia by education assumed', [
      uncertain(2760, 3380, 'NBS 2015: 3,072 RMB/month for all migrants; ±10% for one county\'s'),
      PREMIUM,
      PREMIUM,
      PREMIUM,
      PREMIUM,
    ]),
    wage_dispersion: num(0.25, 0, 2, { doc: 'Standard deviation of log wage within an education level.', unit: 'log RMB', source: ASSUMPTION, ...uncertainAround(0.5) }),
    wage_index: timeline(
      { interpolation: 'linear', points: { '2015': 1, '2019': 1.29, '2020': 1.325, '2021': 1.443, '2030': 1.95 } },
      0,
      100,
      { doc: 'Urban wage level relative to 2015.', unit: 'index (2015 = 1)', source: 'NBS migrant worker surveys 2015-2021 (3,072; 3,962; 4,072; 4,432 RMB/month); 3.5%/year after', ...UNCERTAIN },
    ),
    demand: timeline(
      { interpolation: 'linear', points: { '2015': 1, '2018': 0.95, '2023': 0.85, '2030': 0.85 } },
      0,
      10,
      { doc: 'Urban labour demand; multiplies the re-hiring rate (slowing urbanisation).', unit: 'index (2015 = 1)', source: 'seed 000 §4.4 (labour demand in cities decreasing)', ...UNCERTAIN },
    ),
    job_loss: num(0.008, 0, 1, { doc: 'Monthly probability that an employed person away loses the job (outside the epidemic).', unit: '1/month', source: ASSUMPTION, ...uncertainAround(0.5) }),
    rehire: num(0.3, 0, 1, { doc: 'Monthly probability that an unemployed person away finds a job, at demand 1.', unit: '1/month', source: ASSUMPTION, ...uncertainAround(0.5) }),
    saving_rate: share(0.3, { doc: 'Share of the urban wage saved each month while employed.', unit: 'share', source: ASSUMPTION, ...uncertainAround(0.5) }),
    living_cost: num(1500, 0, 1e5, { doc: 'Monthly spending from savings while unemployed in the city.', unit: 'RMB/month', source: ASSUMPTION, ...uncertainAround(0.5) }),
    initial_savings_months: num(4, 0, 240, { doc: 'Mean savings of the emigrants away at the start, in months of their wage (exponential); new emigrants start with none.', unit: 'months of wage', source: ASSUMPTION, ...uncertainAround(0.5) }),
    housing_cost: timeline(
      { interpolation: 'linear', points: { '2015': 1, '2020': 1.3, '2030': 1.5 } },
      0,
      100,
      { doc: 'Urban housing cost relative to 2015; a push factor.', unit: 'index (2015 = 1)', source: 'seed 000 §4.3 ("too difficult to buy a house in Shanghai")', ...UNCERTAIN },
    ),
  },
  'The urban labour market.',
);

const epidemic = group(
  {
    start: month('2020-01', { doc: 'First month of the epidemic.', unit: 'YYYY-MM', source: 'seed 000 §1', ...FIXED }),
    months: int(12, 0, 240, { doc: 'Length of the epidemic shock; 0 switches it off.', unit: 'months', source: ASSUMPTION, ...uncertain(6, 36, 'assumption: from the lockdowns of spring 2020 (a few months) to the end of restrictions in December 2022') }),
    job_loss: share(0.01106, { doc: 'Monthly job-loss probability for employed persons away during the epidemic.', unit: '1/month', source: 'seed 000 §4.3 (factories closing); assumption; calibrated: F1', ...calibrated(0.005, 0.02, 'ODD §8: 0.011 before calibration and after (F1, F10b); 0.5%-2% of urban jobs lost a month') }),
    rehire_factor: share(0.6, { doc: 'Multiplier on re-hiring during the epidemic.', unit: 'factor', source: 'assumption; calibrated: F1', ...calibrated(0.3, 0.9, 'assumption: re-hiring at 30%-90% of its usual rate while cities are closed; fitted to F1') }),
    family_boost: num(0.2, 0, 10, { doc: 'Relative rise in the weight of family pull during the epidemic.', unit: 'factor', source: 'seed 000 §4.3 ("more important to be with my family"); calibrated: F1', ...calibrated(0, 0.6, 'assumption: from no rise to three times the fit (F1)') }),
    remigration_factor: share(0.3, { doc: 'Multiplier on leaving home again while the epidemic lasts (cities closed).', unit: 'factor', source: ASSUMPTION, ...uncertainAround(0.5) }),
    attention_boost: num(0.4, 0, 10, { doc: 'Relative rise of the audience for rural content during the epidemic (online tourism).', unit: 'factor', source: 'seed 000 §1 ("online tourism" while travel is limited)', ...uncertain(0, 1, 'assumption: seed 000 §1 says online tourism rose, not by how much') }),
  },
  'The 2020 epidemic shock.',
);

const county = group(
  {
    network_coverage: timeline(
      { interpolation: 'linear', points: { '2015': 0.2, '2017-01': 0.25, '2020-12': 1 } },
      0,
      1,
      { doc: 'Share of villages connected to the mobile network; villages connect in a random order.', unit: 'share of villages', source: 'F4; seed 000 §4.1 (every village connected by end-2020); 2015 level assumed', ...LEVER },
    ),
    network_cost: timeline(
      { interpolation: 'linear', points: { '2017-01': 300, '2020-12': 100 } },
      0,
      1e5,
      { doc: 'Network cost per person and year in the villages.', unit: 'RMB/person-year', source: 'F4; seed 000 §4.1 (300 to 100 RMB)', ...UNCERTAIN },
    ),
    smartphone_use: timeline(
      { interpolation: 'linear', points: { '2015': 0.3, '2021': 0.9 } },
      0,
      1,
      { doc: 'Share of residents at home using smartphones; scales the entry of stay-at-home creators.', unit: 'share', source: 'seed 000 §4.1-4.2; assumption', ...UNCERTAIN },
    ),
    local_wage: timeline(
      { interpolation: 'linear', points: { '2015': 2000, '2030': 3800 } },
      0,
      1e6,
      { doc: 'Monthly wage of a local non-farm job in the county.', unit: 'RMB/month', source: ASSUMPTION, ...UNCERTAIN },
    ),
    farm_income: timeline(
      { interpolation: 'linear', points: { '2015': 578, '2020': 862, '2030': 1450 } },
      0,
      1e6,
      { doc: 'Monthly income from farming per person.', unit: 'RMB/month', source: 'NBS: Gansu rural per-capita disposable income 6,936 (2015) and 10,344 (2020) RMB/year; extrapolated', ...UNCERTAIN },
    ),
    amenities: timeline(
      { interpolation: 'linear', points: { '2015': 0.3, '2025': 0.5 } },
      0,
      1,
      { doc: 'Quality of housing, schools and health care at home (0..1).', unit: 'score 0..1', source: 'seed 000 §5 (the paper\'s advice to invest in them); assumption', ...LEVER },
    ),
    heritage: share(0.8, { doc: 'Richness of agricultural and cultural heritage (0..1); raises the value of nostalgic content and commerce.', unit: 'score 0..1', source: 'seed 000 §3.1, §4.7 (4,000 years of farming heritage)', ...uncertain(0.6, 1, 'seed 000 §3.1, §4.7: the oldest farming heritage in China (4,000 years), so high; how high is a judgement') }),
    stayers: int(300_000, 0, 1e8, { doc: 'Working-age residents who never emigrated and may become creators.', unit: 'persons', source: 'estimate', ...uncertain(200000, 400000, 'estimate of working-age residents who never left; ±a third') }),
    local_job_rate: share(0.3, { doc: 'Probability that a returnee without urban experience finds a local non-farm job.', unit: 'probability', source: ASSUMPTION, ...uncertainAround(0.5) }),
    experience_boost: num(0.6, 0, 5, { doc: 'Relative rise of the non-farm job probability with full urban experience.', unit: 'factor', source: 'F9; seed 000 §2.1 (30-40%); calibrated: F9', ...calibrated(0.3, 1, 'F9: urban experience raises non-farm work by 30-40% on average, more at full experience') }),
    experience_months: int(36, 1, 600, { doc: 'Months of urban work that count as full experience.', unit: 'months', source: ASSUMPTION, ...uncertain(12, 60, 'assumption: one to five years of urban work') }),
  },
  'The home county: infrastructure, local economy, amenities.',
);

const platform = group(
  {
    launch: month('2016-09', { doc: 'Month the short-video platforms start to spread.', unit: 'YYYY-MM', source: 'Douyin launched September 2016', ...FIXED }),
    bass_p: num(0.008, 0, 1, { doc: 'Bass innovation coefficient of platform adoption.', unit: '1/month', source: ASSUMPTION, ...uncertain(0.004, 0.016, 'assumption: half to twice the default (adoption nears its ceiling by 2021, seed 000 §2.2)') }),
    bass_q: num(0.1, 0, 2, { doc: 'Bass imitation coefficient of platform adoption.', unit: '1/month', source: ASSUMPTION, ...uncertain(0.05, 0.2, 'assumption: half to twice the default (adoption nears its ceiling by 2021, seed 000 §2.2)') }),
    ceiling: share(0.9, { doc: 'Share of internet users that adopt short videos in the end.', unit: 'share', source: 'seed 000 §2.2 (87.8% of internet users by June 2021)', ...uncertain(0.8, 0.95, 'seed 000 §2.2: 87.8% of internet users by June 2021, 90.5% by December 2021 (CNNIC)') }),
    popularity: num(1, 0, 10, { doc: 'Popularity of short videos: scales the audience for rural content and the reach of hometown videos.', unit: 'factor', source: 'scenario knob (finding 1)', ...uncertain(0.5, 1.5, 'scenario knob (finding 1): assumption, ±50% around the reference popularity') }),
    audience: num(460e6, 0, 1e12, { doc: 'Follows the county\'s creators can win at full adoption, popularity 1, and every village connected and every resident on a smartphone (the finite attention budget, scaled by that reach), for the real county.', unit: 'follows', source: 'assumption; calibrated: F7a, F7b, F6a', ...calibrated(120e6, 800e6, 'ODD §8: 120 million before calibration, 460 million fitted to F7a, F7b, F6a') }),
    content_half: num(5000, 0, 1e9, { doc: 'Creators of the real county at which half of the free attention can become follows (content supply); below it much of the audience finds too little county content.', unit: 'creators', source: ASSUMPTION, ...uncertainAround(0.5) }),
    acquisition: share(0.12, { doc: 'Share of unclaimed attention that turns into new follows each month.', unit: '1/month', source: ASSUMPTION, ...uncertainAround(0.5) }),
    attachment: num(0.2, 0, 2, { doc: 'Preferential attachment: exponent of (followers + seed_followers) in a creator\'s share of new follows.', unit: 'exponent', source: 'seed 000 §4.8 (rich get richer); calibrated: F7a', ...calibrated(0, 0.5, 'ODD §8: 0.3 before, 0.2 fitted to F7a; 0 is no rich-get-richer effect') }),
    quality_exponent: num(1, 0, 10, { doc: 'Exponent of content quality in a creator\'s share of new follows.', unit: 'exponent', source: ASSUMPTION, ...uncertain(0.5, 2, 'assumption') }),
    seed_followers: num(300, 1, 1e6, { doc: 'Followers-equivalent visibility of a brand-new creator.', unit: 'follows', source: ASSUMPTION, ...uncertain(100, 1000, 'assumption') }),
    entertainment_boost: num(1.6, 0, 10, { doc: 'Multiplier on new follows for entertainment content (quick views).', unit: 'factor', source: 'seed 000 §4.6, §5', ...uncertain(1, 2.5, 'assumption: entertainment wins quick views (seed 000 §4.6, §5), by how much is not measured') }),
    churn_nostalgic: share(0.02, { doc: 'Monthly follower churn of nostalgic/heritage content.', unit: '1/month', source: ASSUMPTION, ...uncertainAround(0.5) }),
    churn_entertainment: share(0.05, { doc: 'Monthly follower churn of entertainment content (shallow content does not last).', unit: '1/month', source: 'seed 000 §5 ("gravest threat")', ...uncertain(0.025, 0.1, 'assumption: faster churn than nostalgic content (seed 000 §5)') }),
    monetisation: timeline(
      { interpolation: 'linear', points: { '2016-09': 0.05, '2019-12': 0.15, '2020-06': 0.3, '2021-06': 1, '2030': 1.2 } },
      0,
      100,
      { doc: 'How much a follower is worth relative to mid-2021 (ads, live commerce and brand deals maturing).', unit: 'index (2021-06 = 1)', source: 'seed 001 (live commerce from 2020); F3; assumption', ...UNCERTAIN },
    ),
    ad_rate: num(0.045, 0, 100, { doc: 'Traffic and ad income per follower per month at quality 1.', unit: 'RMB/follower-month', source: 'F6 (84k followers about 15,000 EUR/year); split assumed; calibrated: F6', ...calibrated(0.02, 0.09, 'F6a fixes the income of an 84k creator, not its split among ads, commerce and brands: half to twice the fit') }),
    commerce_rate: num(0.1952, 0, 100, { doc: 'Live-commerce margin per follower per month at heritage 1 and quality 1.', unit: 'RMB/follower-month', source: 'F6; seed 001; calibrated: F6', ...calibrated(0.1, 0.4, 'F6a fixes the income of an 84k creator, not its split among ads, commerce and brands: half to twice the fit') }),
    brand_rate: num(0.04, 0, 100, { doc: 'Brand-cooperation income per follower per month, for creators with at least brand_threshold followers.', unit: 'RMB/follower-month', source: 'F6; seed 000 §4.8', ...uncertain(0.02, 0.08, 'F6 fixes the sum of the rates, not their split: half to twice the default') }),
    brand_threshold: num(50_000, 0, 1e9, { doc: 'Followers needed for brand deals.', unit: 'followers', source: ASSUMPTION, ...uncertain(20000, 100000, 'assumption') }),
    fee: share(0.3, { doc: 'Platform fee on creator income before fee cuts.', unit: 'share', source: ASSUMPTION, ...uncertain(0.2, 0.5, 'assumption: platform commissions of 20%-50% on tips and sales') }),
  },
  'The short-video platform: adoption, finite attention, churn, monetisation.',
);

const creators = group(
  {
    start_cost: num(30_000, 0, 1e7, { doc: 'Capital needed to start (phone, lights, studio, first stock of farm products to sell), paid from savings, the start grant and a loan.', unit: 'RMB', source: 'seed 000 §4.5 (capital barrier); assumption', ...uncertainAround(0.5) }),
    payback_months: int(24, 1, 600, { doc: 'Months over which a person weighs the start cost (net of the grant) against the monthly creator income when deciding to start.', unit: 'months', source: ASSUMPTION, ...uncertain(12, 48, 'assumption') }),
    noticed_after: int(3, 0, 120, { doc: 'Months a channel must have been active before people notice it: the creator income people expect is that of the channels active longer (brand-new channels, and those that quit within it, go unseen).', unit: 'months', source: ASSUMPTION, ...uncertain(1, 6, 'assumption; ODD §8: a lag of 9 months gave boom-and-bust cycles') }),
    expectation_weight: share(0.08, { doc: 'Weight of the latest month in the exponentially weighted average of creator income that people expect (about 1/weight months of memory).', unit: 'share', source: 'assumption (adaptive expectations)', ...uncertain(0.04, 0.16, 'assumption: a memory of half a year to two years; ODD §8: 0.3 gave boom-and-bust cycles') }),
    monthly_cost: num(600, 0, 1e6, { doc: 'Monthly running cost besides the network.', unit: 'RMB/month', source: ASSUMPTION, ...uncertainAround(0.5) }),
    data_use: num(12, 0, 1000, { doc: 'A creator\'s network use relative to an ordinary resident (multiplies network_cost).', unit: 'factor', source: ASSUMPTION, ...uncertainAround(0.5) }),
    reservation_income: num(1000, 0, 1e6, { doc: 'Net monthly income below which a creator considers stopping.', unit: 'RMB/month', source: ASSUMPTION, ...uncertainAround(0.5) }),
    grace_months: int(9, 0, 120, { doc: 'Months a new creator keeps going whatever the income.', unit: 'months', source: ASSUMPTION, ...uncertainAround(0.5) }),
    exit_months: int(6, 1, 120, { doc: 'Consecutive months below the reservation income after which a creator stops.', unit: 'months', source: ASSUMPTION, ...uncertain(3, 12, 'assumption') }),
    prior_income: num(10_590, 0, 1e6, { doc: 'Creator income a person expects at full platform adoption before any county creator is seen.', unit: 'RMB/month', source: 'assumption (the platforms\' success stories); calibrated: F2, F3', ...calibrated(4000, 20000, 'ODD §8: 4,466 before calibration, 10,590 fitted to F2, F3') }),
    prior_weight: num(100, 0, 1e6, { doc: 'Creators of the real county whose observed mean income weighs as much as the prior expectation.', unit: 'creators', source: 'assumption; calibrated: F2', ...calibrated(20, 500, 'assumption: a fifth to five times the fit (F2)') }),
    success_income: num(4000, 0, 1e6, { doc: 'Monthly income from which a creator counts as a visible success to acquaintances.', unit: 'RMB/month', source: ASSUMPTION, ...uncertainAround(0.5) }),
    style_knowledge: num(6, 0, 100, { doc: 'Slope of the logistic choice of nostalgic/heritage style in local knowledge (centred at 0.5).', unit: 'logit per score', source: 'seed 000 §4.6-4.7', ...uncertainAround(0.5) }),
    style_bias: num(0, -20, 20, { doc: 'Shift of the logit of choosing the nostalgic style (scenario knob, finding 3).', unit: 'logit', source: 'scenario knob', ...uncertain(-1, 1, 'scenario knob (finding 3): assumption, ±1 logit around no bias') }),
    quality_skill: num(0.45, 0, 5, { doc: 'Weight of media skill in content quality.', unit: 'weight', source: ASSUMPTION, ...uncertainAround(0.5) }),
    quality_knowledge: num(0.45, 0, 5, { doc: 'Weight of local knowledge times heritage in the quality of nostalgic content.', unit: 'weight', source: 'seed 000 §4.7', ...uncertainAround(0.5) }),
    quality_base: num(0.1, 0, 5, { doc: 'Quality every creator has.', unit: 'score', source: ASSUMPTION, ...uncertainAround(0.5) }),
    entertainment_knowledge: share(0.3, { doc: 'How much local knowledge counts for entertainment content, relative to nostalgic.', unit: 'factor', source: ASSUMPTION, ...uncertainAround(0.5) }),
    couple_share: share(0.5, { doc: 'Probability that a married creator works as a couple.', unit: 'probability', source: 'seed 000 §4.8 ("many of them are couples")', ...uncertain(0.3, 0.7, 'seed 000 §4.8: "many of them are couples"; how many is assumed') }),
    couple_boost: num(0.15, 0, 5, { doc: 'Quality added by working as a couple or studio.', unit: 'score', source: ASSUMPTION, ...uncertainAround(0.5) }),
    learning: num(0.004, 0, 1, { doc: 'Media skill gained per month of creating.', unit: 'score/month', source: ASSUMPTION, ...uncertainAround(0.5) }),
    stayer_entry: num(0.00043, 0, 1, { doc: 'Monthly hazard that a stay-at-home resident starts creating, at full adoption, coverage and smartphone use and expected income equal to the local wage.', unit: '1/month', source: 'assumption; calibrated: F2', ...calibrated(0.0001, 0.001, 'ODD §8: 0.00023 before calibration, 0.00043 fitted to F2') }),
    stayer_skill: num(-0.05, -1, 1, { doc: 'Media skill of stay-at-home creators relative to emigrants (no urban experience).', unit: 'score', source: ASSUMPTION, ...uncertain(-0.15, 0.05, 'assumption: stayers lack urban experience, so a little less skill') }),
    reconsider: share(0.03, { doc: 'Monthly probability that a person at home without a creator channel weighs starting one.', unit: '1/month', source: ASSUMPTION, ...uncertainAround(0.5) }),
  },
  'Short-video and live-stream creators.',
);

const decision = group(
  {
    intercept: num(-7.402, -30, 10, { doc: 'Logit of the monthly return probability when every factor is zero.', unit: 'logit', source: 'calibrated: F12 (a return rate of about 2% a year before the policies)', ...calibrated(-9, -6, 'ODD §8: −7.6 before, −7.402 fitted to F12 (1.5%-3.5% of those away return a year before the policies)') }),
    income: num(1.5, 0, 50, { doc: 'Weight of the expected income gain at home relative to the urban wage.', unit: 'logit per relative income', source: 'seed 000 Table 2 (resource support); random-utility', ...uncertainAround(0.5) }),
    nostalgia: num(1.5, 0, 50, { doc: 'Weight of nostalgia.', unit: 'logit per score', source: 'seed 000 §3.1, §4.6', ...uncertainAround(0.5) }),
    family: num(1.5, 0, 50, { doc: 'Weight of family pull.', unit: 'logit per score', source: 'seed 000 §4.3, Table 2', ...uncertainAround(0.5) }),
    modernity: num(1.5, 0, 50, { doc: 'Weight of the wish for modern urban life (acts against return).', unit: 'logit per score', source: 'seed 002', ...uncertainAround(0.5) }),
    peers: num(0.1, 0, 50, { doc: 'Weight of ln(1 + returned acquaintances) (norms).', unit: 'logit per ln(persons)', source: 'seed 000 §4.3; calibrated: return rates', ...calibrated(0, 0.3, 'fitted to the return rates: from no effect to three times the fit') }),
    elite_peers: num(0.3, 0, 50, { doc: 'Weight of each returned elite acquaintance (role models), up to role_model_cap.', unit: 'logit per person', source: 'seed 000 §4.3 (role-model attraction); calibrated: return rates', ...calibrated(0, 0.9, 'fitted to the return rates: from no effect to three times the fit') }),
    successful_peers: num(0.5, 0, 50, { doc: 'Weight of each acquaintance who is a successful creator, up to role_model_cap.', unit: 'logit per person', source: 'seed 000 §4.3, §4.8', ...uncertainAround(0.5) }),
    role_model_cap: int(3, 0, 100, { doc: 'Most role models that count.', unit: 'persons', source: ASSUMPTION, ...uncertain(1, 6, 'assumption') }),
    control: num(1, 0, 50, { doc: 'Weight of perceived control: media skill and training (capital acts through the creator option: whether savings or a loan can finance the start).', unit: 'logit per score', source: 'seed 000 §4.5 (theory of planned behaviour)', ...uncertainAround(0.5) }),
    training: num(0.5, 0, 50, { doc: 'Perceived control added by having been trained.', unit: 'score', source: 'seed 000 §4.5 ("after learning, I had the confidence")', ...uncertainAround(0.5) }),
    unemployed: num(0.3, 0, 50, { doc: 'Push of being unemployed in the city.', unit: 'logit', source: 'seed 000 §4.3; calibrated: F1', ...calibrated(0, 0.9, 'fitted to F1: from no push to three times the fit') }),
    outreach: num(2.303, 0, 50, { doc: 'Pull of a recruitment call from county officials, while it lasts.', unit: 'logit', source: 'seed 000 §4.5 (officials phoning graduates); calibrated: F8', ...calibrated(0.7, 3.5, 'ODD §8: 1 before, 2.303 fitted to F8 (a call multiplies the hazard by 10); ×2 to ×33') }),
    amenities: num(0.5, 0, 50, { doc: 'Weight of amenities at home.', unit: 'logit per score', source: 'seed 000 §5; calibrated: return rates', ...calibrated(0, 1.5, 'fitted to the return rates: from no effect to three times the fit') }),
    housing: num(0.5, 0, 50, { doc: 'Push of urban housing cost above its 2015 level.', unit: 'logit per index point', source: 'seed 000 §4.3; calibrated: return rates', ...calibrated(0, 1.5, 'fitted to the return rates: from no effect to three times the fit') }),
    videos: num(0.3, 0, 50, { doc: 'Rise in nostalgia\'s weight from hometown videos at full visibility.', unit: 'factor', source: 'seed 000 §4.6 (videos feed nostalgia); calibrated: return rates', ...calibrated(0, 0.9, 'fitted to the return rates: from no effect to three times the fit') }),
    video_reference: num(2000, 1, 1e9, { doc: 'Creators of the real county at which hometown videos reach full visibility.', unit: 'creators', source: ASSUMPTION, ...uncertainAround(0.5) }),
    support: num(0.124, 0, 50, { doc: 'Weight of visible policy support: persons the programmes reached (training seats, loans, start grants, recruitment calls) over the last 12 months, relative to support_reference (future development: confidence). The headline budget plays no part.', unit: 'logit at full support', source: 'seed 000 §4.4-4.5, Table 2 (future development); calibrated: F8, F10a', ...calibrated(0, 0.5, 'ODD §8: 0.4 before, 0.124 fitted to F8, F10a; 0.8-1.0 failed F10') }),
    support_reference: num(9417, 1, 1e9, { doc: 'Persons reached by the programmes in 12 months, in the real county, at which policy support is fully visible.', unit: 'persons/year', source: 'assumption; calibrated: F8', ...calibrated(3000, 30000, 'ODD §8: 9,417 persons a year fitted to F8; a third to three times') }),
    future: num(0.1, 0, 50, { doc: 'Weight of confidence in the home county\'s future from its creator economy (creators relative to video_reference).', unit: 'logit at full confidence', source: 'seed 000 Table 2 (future confidence, shared prosperity); calibrated: return rates', ...calibrated(0, 0.3, 'fitted to the return rates: from no effect to three times the fit') }),
    responsibility: num(28, 0, 50, { doc: 'Relative extra weight of support and future for the educated (social responsibility; officials recruit graduates).', unit: 'factor', source: 'seed 000 §4.4-4.5, Table 2 (social responsibility); calibrated: F8', ...calibrated(5, 50, 'ODD §8: 6 before, 28 fitted to F8; up to the schema bound') }),
    responsibility_education: z.enum(EDUCATION_LEVELS).default('bachelor').meta({ description: 'Lowest education for which the responsibility factor applies.', unit: 'education level', source: 'seed 000 §4.5', ...UNCERTAIN }),
    risk: num(0.5, 0, 10, { doc: 'How much risk tolerance scales the weight of the uncertain creator income.', unit: 'factor', source: 'seed 000 §4.5 (low risk tolerance); calibrated: F2', ...calibrated(0, 1, 'fitted to F2: from none to twice the fit') }),
  },
  'The monthly return decision of a person away (logit hazard of home against city).',
);

const remigration = group(
  {
    intercept: num(-4.381, -30, 10, { doc: 'Logit of the monthly probability of leaving home again when every factor is zero.', unit: 'logit', source: 'assumption; calibrated: F10b, F10c (migrants went back out after 2020)', ...calibrated(-6, -3, 'ODD §8: −5 before, −4.381 fitted to F10b, F10c') }),
    income: num(2, 0, 50, { doc: 'Weight of the urban wage advantage over the actual income at home.', unit: 'logit per relative income', source: ASSUMPTION, ...uncertainAround(0.5) }),
    attachment: num(1.5, 0, 50, { doc: 'Weight of nostalgia and family (acting against leaving).', unit: 'logit per score', source: ASSUMPTION, ...uncertainAround(0.5) }),
    modernity: num(1.5, 0, 50, { doc: 'Weight of the wish for modernity (acting for leaving).', unit: 'logit per score', source: 'seed 002', ...uncertainAround(0.5) }),
  },
  'Leaving home again: a monthly logit hazard of city against home.',
);

const budget = timeline(
  { interpolation: 'step', points: { '2015': 250e6, '2017': 500e6, '2018': 698e6, '2019': 850e6, '2020': 1e9, '2021': 1.25e9, '2022': 1.25e9 } },
  0,
  1e13,
  { doc: 'Yearly support budget of the real county (step: the value of a year holds for all its months); unspent money lapses at year end.', unit: 'RMB/year', source: 'F5; seed 000 §4.4 (1.25 billion RMB in 2021, 79% above 2018); other years assumed', ...LEVER },
);

/** An instrument's parameter group, from its declaration (instruments.ts). */
type InstrumentGroups = { [I in Instrument as I['group']]: ReturnType<typeof group<ReturnType<I['params']>>> };

/** The instruments' groups, in the order scenario files and docs/parameters.md show them (INSTRUMENT_GROUP_ORDER). */
const instrumentGroups = Object.fromEntries(
  INSTRUMENT_GROUP_ORDER.map((name) => {
    const i = INSTRUMENTS.find((instrument) => instrument.group === name)!;
    return [name, group(i.params(PARAMS) as z.ZodRawShape, i.doc)];
  }),
) as unknown as InstrumentGroups;

const policies = group(
  { budget, ...instrumentGroups },
  'Government budget and instruments.',
);

/** A dot path of a scenario key, e.g. `policies.training.seats` (checked against the schema by `homeward sweep`). */
const DOT_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

const sweep = group(
  {
    design: z.enum(['grid', 'lhs']).default('grid').meta({
      description: 'Design of `homeward sweep`: grid is the full factorial of every parameter\'s values; lhs a Latin hypercube of `samples` points over the ranges.',
      unit: 'design',
      source: 'user', ...FIXED,
    }),
    samples: int(10, 1, 100_000, { doc: 'Points of a Latin hypercube (lhs only).', unit: 'points', source: 'user', ...FIXED }),
    params: z
      .record(z.string().regex(DOT_PATH, 'expected a parameter dot path, e.g. policies.training.seats'), z.union([z.string(), z.number(), z.array(z.union([z.number(), z.string()]))]))
      .default({})
      .meta({
        description: 'Parameters to sweep by dot path: a list of values (`0,500,1000` or a YAML list; a single value fixes the parameter) or a range `lo:hi:n` (n evenly spaced points from lo to hi; lhs samples lo..hi and ignores n).',
        unit: 'path: values',
        source: 'user', ...FIXED,
      }),
  },
  'A parameter sweep kept with the scenario, for `homeward sweep` (its command-line flags override this block). The model ignores it.',
  { why: 'the sweep block is the design of `homeward sweep`, not part of the model' },
);

/** An outcome's name (analysis/outcomes.ts), checked against the outcomes by `homeward search`. */
const OUTCOME_NAME = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'expected an outcome name, e.g. person_years_home');
const searchKey = (doc: string, unit: string) => ({ description: doc, unit, source: 'user', ...FIXED });

const search = group(
  {
    levers: z
      .record(z.string().regex(DOT_PATH, 'expected a parameter dot path, e.g. policies.training.seats'), z.union([z.string(), z.null()]))
      .default({})
      .meta(searchKey('Levers to search by dot path: a range `lo:hi` of a number, `YYYY-MM:YYYY-MM` of a month, a list `a,b` of options, or nothing for a lever\'s default range (README, "Search").', 'path: range')),
    maximise: z.array(OUTCOME_NAME).default([]).meta(searchKey('Outcomes to maximise (--maximise).', 'outcome names')),
    minimise: z.array(OUTCOME_NAME).default([]).meta(searchKey('Outcomes to minimise (--minimise).', 'outcome names')),
    max: z.record(OUTCOME_NAME, z.number()).default({}).meta(searchKey('Constraints: each outcome at most its bound (--max outcome=bound).', 'outcome: bound')),
    min: z.record(OUTCOME_NAME, z.number()).default({}).meta(searchKey('Constraints: each outcome at least its bound (--min outcome=bound).', 'outcome: bound')),
    population: int(24, 4, 10_000, { doc: 'Candidates per generation of NSGA-II (--population).', unit: 'candidates', source: 'user', ...FIXED }),
    generations: int(12, 0, 10_000, { doc: 'Generations after the first (--generations): at most population × (generations + 1) candidates are run.', unit: 'generations', source: 'user', ...FIXED }),
  },
  'A policy search kept with the scenario, for `homeward search` (its command-line flags override this block). The model ignores it.',
  { why: 'the search block is the design of `homeward search`, not part of the model' },
);

/** sbatch's forms of a time limit: minutes, minutes:seconds, hours:minutes:seconds, days-hours[:minutes[:seconds]]. */
const SLURM_TIME = /^(\d+(:\d{1,2}){0,2}|\d+-\d{1,2}(:\d{1,2}){0,2})$/;

/** A setting of the runs' executor, never of the model: `fixed`, given by the user. */
const setting = (doc: string, unit: string) => ({ description: doc, unit, source: 'user', ...FIXED });

const slurm = group(
  {
    // Coerced to text so that YAML's `time: 30` or `mem: 4000` (numbers) read as sbatch's `30` and `4000`.
    partition: z.coerce
      .string()
      .regex(/^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/, 'expected a partition name (letters, digits, _ . -; several separated by commas)')
      .optional()
      .meta(setting('Partition of the job arrays (sbatch --partition); none: the cluster\'s default partition. --partition overrides it.', 'partition')),
    time: z.coerce
      .string()
      .regex(SLURM_TIME, 'expected a time limit as sbatch takes it: minutes (30), hours:minutes:seconds (2:00:00) or days-hours (1-0, 1-12:00:00)')
      .optional()
      .meta(setting('Time limit of one array task (sbatch --time); none: the partition\'s. --time overrides it.', 'time')),
    mem: z.coerce
      .string()
      .regex(/^\d+[KMGT]?$/, 'expected memory as sbatch takes it: a whole number with K, M, G or T (4G, 500M; megabytes without one)')
      .optional()
      .meta(setting('Memory of one array task (sbatch --mem); none: the cluster\'s default. --mem overrides it.', 'memory')),
    cpus_per_task: z.number().int().min(1).max(4096).optional().meta(setting('CPUs of one array task, the worker threads it runs its runs on (sbatch --cpus-per-task); none: 1. --cpus-per-task overrides it.', 'CPUs')),
    chunk: z.number().int().min(1).max(1_000_000).optional().meta(setting('Runs per array task; none: 4 × cpus_per_task (and at most 1,000 tasks per array). --chunk overrides it.', 'runs')),
    sbatch_options: z
      .array(z.string().regex(/^-/, 'expected an sbatch option, e.g. --account=abc'))
      .optional()
      .meta(setting('Other sbatch options, one per item, written with "=" (--account=abc, --qos=long). --sbatch-option replaces the whole list.', 'options')),
  },
  'The SLURM job arrays of the simulating commands (run, compare, sweep, check, calibrate, sensitivity) under `--executor slurm` (README, "Running on a cluster"); each flag overrides its key. Settings of the machine, not of the model: loading takes the block out of the resolved scenario (scenario.json, the keys of the runs and the manifests of resumable commands do not hold it), so it changes no output and no seed, and may change between an interrupted command and its resumption.',
);

const executor = group({ slurm }, 'Where the runs of the simulating commands execute; the model ignores it.', { why: 'the executor block says where the runs execute, not what they simulate' });

/**
 * Labels and settings of the run (the `setting` of their meta): no analysis varies them, each point of a sweep, a
 * sensitivity analysis or a calibration runs with the same ones (src/scenario/variable.ts).
 */
const LABEL = { why: 'it is a label' } as const;
const LABEL_NAME = { why: 'it is a label: the scenario name names the outputs' } as const;
const RUN = 'it is a setting of the run';
const SAME_MONTHS = `${RUN}: every point simulates the same months`;

export const scenarioSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'names use letters, digits, _ . -').meta({ description: 'Scenario name; outputs go to <out>/<name>/.', unit: 'text', source: 'user', ...FIXED, setting: LABEL_NAME }),
    description: z.string().default('').meta({ description: 'What the scenario is for.', unit: 'text', source: 'user', ...FIXED, setting: LABEL }),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1).meta({ description: 'Seed of the scenario; replication seeds derive from it.', unit: 'integer', source: 'user', ...FIXED, setting: { why: `${RUN}: every point runs the same replication seeds (common random numbers)`, flag: '--seed' } }),
    start: month('2015-01', { doc: 'First simulated month.', unit: 'YYYY-MM', source: 'MODEL.md', ...FIXED, setting: { why: SAME_MONTHS, flag: '--set start=YYYY-MM' } }),
    end: month('2030-12', { doc: 'Last simulated month.', unit: 'YYYY-MM', source: 'MODEL.md', ...FIXED, setting: { why: SAME_MONTHS, flag: '--months' } }),
    reps: int(10, 1, 100_000, { doc: 'Replications.', unit: 'runs', source: 'user', ...FIXED, setting: { why: `${RUN}: every point runs the same replications`, flag: '--reps' } }),
    snapshots: z
      .array(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM'))
      .default(['2021-06', '2025-12', '2030-12'])
      .meta({ description: 'Months at which every active creator (followers, income, style) is written to creators.csv, for income distributions; months outside the run are skipped.', unit: 'YYYY-MM list', source: 'user', ...FIXED, setting: { why: 'it is a setting of the outputs: the months at which creators.csv is written' } }),
    scale: z
      .enum(['agents', 'county'])
      .default('agents')
      .meta({
        description:
          'What counts and money in the outputs stand for: `agents`, the simulated agents (a county of population.agents persons, capacities scaled to it); `county`, the whole county of population.emigrants (every count and amount of money multiplied by emigrants / agents). Shares, means per person and costs per person are the same either way; the dynamics do not change.',
        unit: 'agents | county',
        source: 'user',
        ...FIXED,
        setting: { why: 'it is a setting of the outputs: what counts and money stand for, not what is simulated', flag: '--scale' },
      }),
    population,
    traits,
    elite,
    labour,
    epidemic,
    county,
    platform,
    creators,
    decision,
    remigration,
    policies,
    sweep,
    search,
    executor,
  })
  .refine((s) => s.start <= s.end, { message: 'end must not be before start', path: ['end'] })
  .refine((s) => !MONTH_PATTERN.test(s.start) || !MONTH_PATTERN.test(s.end) || parseMonth(s.end) - parseMonth(s.start) < MAX_MONTHS, {
    message: `a run may last at most ${MAX_MONTHS} months`,
    path: ['end'],
  })
  .refine((s) => s.population.agents <= s.population.emigrants, { message: 'agents must not exceed emigrants (one agent stands for at least one person)', path: ['population', 'agents'] });

/** A scenario file as validated: every key, defaults filled in, the executor block included. */
export type ScenarioFile = z.output<typeof scenarioSchema>;
/** Where the runs execute (the file's `executor` block), apart from what is simulated. */
export type ExecutorSettings = ScenarioFile['executor'];
/** A fully resolved scenario: every default filled in; the executor block is not part of it (loading takes it out). */
export type Scenario = Omit<ScenarioFile, 'executor'>;
/** What a scenario file may contain (before defaults). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
