/**
 * Deterministic random numbers and the YCSB key chooser: a zipfian
 * distribution (θ = 0.99 by default) over `n` items, scrambled so the hot
 * keys are spread over the key space instead of clustered at 0.
 */

/** A seeded PRNG (mulberry32): `next()` returns a float in [0, 1). */
export class Rng {
  private state: number;

  constructor(seed = 0x9e3779b9) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** ζ(n, θ) = Σ_{i=1..n} 1 / i^θ. */
function zeta(n: number, theta: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += 1 / Math.pow(i, theta);
  return sum;
}

/**
 * Zipfian integers in [0, n) after Gray et al., "Quickly generating
 * billion-record synthetic databases" (the algorithm of YCSB's
 * ZipfianGenerator), with item ranks mapped through a fixed random
 * permutation (YCSB's ScrambledZipfianGenerator hashes them instead).
 *
 * @example
 * ```ts
 * const z = new Zipfian(100_000, 0.99, new Rng(1));
 * const key = z.next(); // 0 ≤ key < 100,000; a few keys get most picks
 * ```
 */
export class Zipfian {
  private readonly alpha: number;
  private readonly zetan: number;
  private readonly eta: number;
  private readonly half: number;
  private readonly perm: Uint32Array;

  constructor(
    readonly n: number,
    readonly theta = 0.99,
    private readonly rng = new Rng(42),
  ) {
    if (!(n >= 2) || !(theta > 0 && theta < 1)) throw new Error(`Zipfian needs n ≥ 2 and 0 < θ < 1 (got n=${n}, θ=${theta})`);
    this.alpha = 1 / (1 - theta);
    this.zetan = zeta(n, theta);
    const zeta2 = zeta(2, theta);
    this.eta = (1 - Math.pow(2 / n, 1 - theta)) / (1 - zeta2 / this.zetan);
    this.half = 1 + Math.pow(0.5, theta);
    // Fisher–Yates with its own seed so the permutation is the same for every peer.
    this.perm = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.perm[i] = i;
    const p = new Rng(7);
    for (let i = n - 1; i > 0; i--) {
      const j = p.int(i + 1);
      const t = this.perm[i]!;
      this.perm[i] = this.perm[j]!;
      this.perm[j] = t;
    }
  }

  /** The rank (0 = most popular) of the next pick, unscrambled. */
  nextRank(): number {
    const u = this.rng.next();
    const uz = u * this.zetan;
    if (uz < 1) return 0;
    if (uz < this.half) return 1;
    return Math.min(this.n - 1, Math.floor(this.n * Math.pow(this.eta * u - this.eta + 1, this.alpha)));
  }

  /** The next key in [0, n). */
  next(): number {
    return this.perm[this.nextRank()]!;
  }
}
