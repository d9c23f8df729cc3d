/**
 * A count with its noun, singular for exactly one: `1 replica`, `3 replicas`, `1 scale-up`.
 * `shown` formats the number (thousands separators, a sign); the noun follows the value, not the text.
 */
export function count(n: number, singular: string, shown: (n: number) => string = String, plural = `${singular}s`): string {
  return `${shown(n)} ${Math.abs(n) === 1 ? singular : plural}`;
}
