/**
 * Seeded pseudo-random numbers (mulberry32). A simulation draws only from streams derived from the
 * user's `--seed` and a stream name, so adding a draw to one part of the model (say job durations)
 * does not shift the numbers another part (pod start-up) sees, and a seed gives the same bytes.
 */
export class Random {
  private state: number;

  constructor(seed: number, stream: string) {
    let h = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x85ebca6b) >>> 0;
    this.state = (h ^ (h >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform 32-bit unsigned integer: the generator's raw output. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /**
   * Standard normal by the ziggurat method (Marsaglia and Tsang, "The Ziggurat Method for
   * Generating Random Variables", J. Stat. Softw. 5(8), 2000, with Doornik's fix of drawing the
   * layer and the position from independent bits, "An Improved Ziggurat Method", 2005): the
   * same distribution as `normal()`, about 99 % of draws from one 32-bit number and a multiply,
   * without a log or a cosine. A different stream of values than `normal()` for the same seed.
   */
  zigguratNormal(): number {
    for (;;) {
      const bits = this.uint32();
      const layer = bits & 127;
      // The other 25 bits: uniform in (-1, 1), symmetric, never 0.
      const u = ((bits >>> 7) + 0.5) / 16777216 - 1;
      if (Math.abs(u) < ZIG_RATIO[layer]) return u * ZIG_X[layer];
      if (layer === 0) {
        // The base layer's tail beyond R (Marsaglia 1964).
        let x: number;
        let y: number;
        do {
          x = Math.log(1 - this.next()) / ZIG_R;
          y = Math.log(1 - this.next());
        } while (-2 * y < x * x);
        return u < 0 ? x - ZIG_R : ZIG_R - x;
      }
      // The wedge between the layer's rectangle and the curve: accept under the density.
      const x = u * ZIG_X[layer];
      const f0 = Math.exp(-0.5 * (ZIG_X[layer] * ZIG_X[layer] - x * x));
      const f1 = Math.exp(-0.5 * (ZIG_X[layer + 1] * ZIG_X[layer + 1] - x * x));
      if (f1 + this.next() * (f0 - f1) < 1) return x;
    }
  }

  /** Standard normal (Box-Muller, one value per call so the stream position is simple). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Poisson count with the given mean; the normal approximation above 30, where it is close. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}

// The ziggurat's 128 layers of equal area V under exp(-x^2 / 2), the base one with its tail beyond
// R (Marsaglia and Tsang's constants for 128 layers); ZIG_X[i] is a layer's half-width, ZIG_RATIO[i]
// the part of it wholly under the curve.
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const ZIG_X = new Float64Array(129);
const ZIG_RATIO = new Float64Array(128);
{
  const f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  ZIG_X[0] = ZIG_V / f;
  ZIG_X[1] = ZIG_R;
  ZIG_X[128] = 0;
  for (let i = 2; i < 128; i++) ZIG_X[i] = Math.sqrt(-2 * Math.log(ZIG_V / ZIG_X[i - 1] + Math.exp(-0.5 * ZIG_X[i - 1] * ZIG_X[i - 1])));
  for (let i = 0; i < 128; i++) ZIG_RATIO[i] = ZIG_X[i + 1] / ZIG_X[i];
}

/**
 * A log-normal distribution with the given mean and coefficient of variation (`spread` = standard
 * deviation / mean), the usual shape of job run times: positive, with a long right tail.
 */
export function logNormal(mean: number, spread: number): (r: Random) => number {
  const p = logNormalParameters(mean, spread);
  if (p === null) return () => mean;
  const { mu, sigma } = p;
  return (r) => Math.exp(mu + sigma * r.zigguratNormal());
}

/**
 * The underlying normal's mu and sigma of logNormal(mean, spread): a draw is
 * `Math.exp(mu + sigma * r.zigguratNormal())`; null when `spread <= 0` (every draw is the mean, no number drawn).
 */
export function logNormalParameters(mean: number, spread: number): { mu: number; sigma: number } | null {
  if (spread <= 0) return null;
  const sigma2 = Math.log(1 + spread * spread);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}
