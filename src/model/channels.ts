/**
 * Creator channels (the creator state of MODEL.md) as a growable structure of arrays. A channel is
 * owned by a returnee (owner >= 0) or by a stay-at-home resident who is not an agent (owner = -1).
 * Closed channels keep their slot; `active` lists the open ones.
 */
export class Channels {
  capacity: number;
  size = 0;
  owner: Int32Array;
  village: Int32Array;
  followers: Float64Array;
  skill: Float32Array;
  knowledge: Float32Array;
  /** 1 for nostalgic/heritage content, 0 for entertainment. */
  nostalgic: Uint8Array;
  /** 1 when the creator works as a couple or small studio (a partner). */
  partners: Uint8Array;
  monthsActive: Int32Array;
  lowMonths: Int32Array;
  /** Income of the last month after platform fees, and its parts (RMB/month). */
  income: Float64Array;
  ads: Float64Array;
  commerce: Float64Array;
  brand: Float64Array;
  /** Income after running and network costs (RMB/month). */
  net: Float64Array;
  /** Share of the creator's income in the household's income last month (NaN for stay-at-home creators). */
  householdShare: Float32Array;
  successful: Uint8Array;
  /** 1 while the channel is open. */
  open: Uint8Array;
  /** Open channel ids, in order of opening. */
  active: Int32Array;
  activeCount = 0;

  constructor(capacity = 1024) {
    this.capacity = capacity;
    this.owner = new Int32Array(capacity);
    this.village = new Int32Array(capacity);
    this.followers = new Float64Array(capacity);
    this.skill = new Float32Array(capacity);
    this.knowledge = new Float32Array(capacity);
    this.nostalgic = new Uint8Array(capacity);
    this.partners = new Uint8Array(capacity);
    this.monthsActive = new Int32Array(capacity);
    this.lowMonths = new Int32Array(capacity);
    this.income = new Float64Array(capacity);
    this.ads = new Float64Array(capacity);
    this.commerce = new Float64Array(capacity);
    this.brand = new Float64Array(capacity);
    this.net = new Float64Array(capacity);
    this.householdShare = new Float32Array(capacity);
    this.successful = new Uint8Array(capacity);
    this.open = new Uint8Array(capacity);
    this.active = new Int32Array(capacity);
  }

  create(owner: number, village: number, skill: number, knowledge: number, nostalgic: boolean, partners: boolean): number {
    if (this.size === this.capacity) this.grow();
    const c = this.size++;
    this.owner[c] = owner;
    this.village[c] = village;
    this.followers[c] = 0;
    this.skill[c] = skill;
    this.knowledge[c] = knowledge;
    this.nostalgic[c] = nostalgic ? 1 : 0;
    this.partners[c] = partners ? 1 : 0;
    this.monthsActive[c] = 0;
    this.lowMonths[c] = 0;
    this.income[c] = this.ads[c] = this.commerce[c] = this.brand[c] = this.net[c] = 0;
    this.householdShare[c] = NaN;
    this.successful[c] = 0;
    this.open[c] = 1;
    this.active[this.activeCount++] = c;
    return c;
  }

  /** Removes closed channels from the active list, keeping the order (so the run stays deterministic). */
  compact(): void {
    let k = 0;
    for (let j = 0; j < this.activeCount; j++) {
      const c = this.active[j]!;
      if (this.open[c]) this.active[k++] = c;
    }
    this.activeCount = k;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const grow = <T extends Int32Array | Float64Array | Float32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.owner = grow(this.owner, (n) => new Int32Array(n));
    this.village = grow(this.village, (n) => new Int32Array(n));
    this.followers = grow(this.followers, (n) => new Float64Array(n));
    this.skill = grow(this.skill, (n) => new Float32Array(n));
    this.knowledge = grow(this.knowledge, (n) => new Float32Array(n));
    this.nostalgic = grow(this.nostalgic, (n) => new Uint8Array(n));
    this.partners = grow(this.partners, (n) => new Uint8Array(n));
    this.monthsActive = grow(this.monthsActive, (n) => new Int32Array(n));
    this.lowMonths = grow(this.lowMonths, (n) => new Int32Array(n));
    this.income = grow(this.income, (n) => new Float64Array(n));
    this.ads = grow(this.ads, (n) => new Float64Array(n));
    this.commerce = grow(this.commerce, (n) => new Float64Array(n));
    this.brand = grow(this.brand, (n) => new Float64Array(n));
    this.net = grow(this.net, (n) => new Float64Array(n));
    this.householdShare = grow(this.householdShare, (n) => new Float32Array(n));
    this.successful = grow(this.successful, (n) => new Uint8Array(n));
    this.open = grow(this.open, (n) => new Uint8Array(n));
    this.active = grow(this.active, (n) => new Int32Array(n));
    this.capacity = cap;
  }
}
