import { Milli, QuantityLike } from './types';

const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXP: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * Quantity.MilliValue(): the value in milli-units, rounded up, computed exactly with bigint
 * (a float would lose digits of large quantities).
 */
export function milliValue(q: QuantityLike): Milli {
  const text = typeof q === 'number' ? String(q) : q;
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a quantity: ${text}`);
  const [, sign, int, frac = '', suffix, exp] = m;
  let num = BigInt((int || '0') + frac);
  let den = 10n ** BigInt(frac.length);
  num *= 1000n;
  if (suffix && suffix in BINARY_EXP) num *= 2n ** BigInt(BINARY_EXP[suffix]);
  else {
    const e = exp !== undefined ? Number(exp) : DECIMAL_EXP[suffix ?? ''];
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  }
  const ceil = (num + den - 1n) / den;
  return sign === '-' ? -(num / den) : ceil;
}

/** Quantity.AsApproximateFloat64(). */
export function approximateFloat(q: QuantityLike): number {
  if (typeof q === 'number') return q;
  return /^[+-]?[0-9.]+([eE][+-]?[0-9]+)?$/.test(q) ? Number(q) : Number(milliValue(q)) / 1000;
}
