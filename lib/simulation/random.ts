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
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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

/**
 * A log-normal distribution with the given mean and coefficient of variation (`spread` = standard
 * deviation / mean), the usual shape of job run times: positive, with a long right tail.
 */
export function logNormal(mean: number, spread: number): (r: Random) => number {
  const p = logNormalParameters(mean, spread);
  if (p === null) return () => mean;
  const { mu, sigma } = p;
  return (r) => Math.exp(mu + sigma * r.normal());
}

/**
 * The underlying normal's mu and sigma of logNormal(mean, spread): a draw is
 * `Math.exp(mu + sigma * r.normal())`; null when `spread <= 0` (every draw is the mean, no number drawn).
 */
export function logNormalParameters(mean: number, spread: number): { mu: number; sigma: number } | null {
  if (spread <= 0) return null;
  const sigma2 = Math.log(1 + spread * spread);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}
