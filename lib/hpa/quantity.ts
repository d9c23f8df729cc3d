import { Milli, QuantityLike } from './types';

const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXP: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * The largest quantity a cluster holds, in units: 2^63 - 1. apimachinery's ParseQuantity caps
 * DecimalSI and BinarySI values there (resource.Quantity `maxAllowed`), and the controller reads
 * every quantity as an int64 (MilliValue); a file with more (`1e400`) was not written by a cluster.
 */
export const MAX_QUANTITY = 2n ** 63n - 1n;

/** Beyond this decimal order the value is far past MAX_QUANTITY (about 9.2e18): no exact arithmetic is needed to say so. */
const MAX_ORDER = 40;

/** floor(log10(|value|)) of a parsed quantity, within one; -Infinity for zero. Cheap for any exponent. */
function decimalOrder(int: string, frac: string, suffix: string | undefined, exp: string | undefined): number {
  const digits = (int || '') + frac;
  const first = digits.search(/[1-9]/);
  if (first < 0) return -Infinity;
  const e = suffix && suffix in BINARY_EXP ? BINARY_EXP[suffix] * Math.LOG10E * Math.LN2 : exp !== undefined ? Number(exp) : DECIMAL_EXP[suffix ?? ''];
  return (int.length - first - 1) + e;
}

/**
 * Whether a quantity (already known to parse) lies within what a cluster holds: |value| <= 2^63 - 1
 * units (MAX_QUANTITY). Past it, a target or a current value is refused as hpa/quantity.
 */
export function quantityInRange(q: QuantityLike): boolean {
  const text = typeof q === 'number' ? String(q) : q;
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) return true;
  const order = decimalOrder(m[2], m[3] ?? '', m[4], m[5]);
  if (order > MAX_ORDER) return false;
  const milli = milliValue(q);
  return (milli < 0n ? -milli : milli) <= MAX_QUANTITY * 1000n;
}

/**
 * Quantity.MilliValue(): the value in milli-units, rounded up (ceil(q * 1000)), computed exactly
 * with bigint (a float would lose digits of large quantities). Upstream's result for a quantity
 * past int64 is "undefined" (apimachinery's doc); the controller model keeps its low 64 bits
 * (replica-calculator.ts milliInt64), while config checks can see the exact value.
 */
export function milliValue(q: QuantityLike): Milli {
  const text = typeof q === 'number' ? String(q) : q;
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a quantity: ${text}`);
  const [, sign, int, frac = '', suffix, exp] = m;
  // An exponent such as 1e-400000000 would make the bigint below a billion digits long: a value
  // that small is below one milli-unit, which rounds up (ceil) to 1, or to 0 when negative.
  const order = decimalOrder(int, frac, suffix, exp);
  if (order === -Infinity) return 0n;
  if (order < -12) return sign === '-' ? 0n : 1n;
  if (order > MAX_ORDER) throw new RangeError(`quantity out of range: ${text}`);
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

/**
 * Quantity.AsApproximateFloat64() of the quantity as the controller holds it. The API server
 * stores a quantity in canonical form (0.3 becomes "300m", 0.036 becomes "36m"), and the
 * controller parses that string into an int64Amount {value, scale}; AsApproximateFloat64 then
 * computes `float64(value) * math.Pow10(scale)`, a product with a rounded power of ten, not the
 * correctly rounded decimal: "0.036" reads 0.036000000000000004, "0.3" reads 0.3 (300 x 0.001).
 * Steps, as apimachinery's ParseQuantity / AsCanonicalBytes: round up (away from zero) to nano;
 * BinarySI integers of at least 1024 stay integers; otherwise strip trailing zeros and lower the
 * exponent to a multiple of 3.
 */
export function approximateFloat(q: QuantityLike): number {
  const text = typeof q === 'number' ? String(q) : q;
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a quantity: ${text}`);
  const [, sign, int, frac = '', suffix, exp] = m;
  const order = decimalOrder(int, frac, suffix, exp);
  if (order === -Infinity) return 0;
  // ParseQuantity rounds a value below a nano-unit up to 1n (away from zero); see milliValue for the size guard.
  if (order < -12) return (sign === '-' ? -1 : 1) * 1e-9;
  if (order > MAX_ORDER) throw new RangeError(`quantity out of range: ${text}`);
  let mantissa = BigInt((int || '0') + frac);
  let exponent = -frac.length;
  if (suffix && suffix in BINARY_EXP) {
    mantissa *= 2n ** BigInt(BINARY_EXP[suffix]);
    const den = 10n ** BigInt(frac.length);
    // A BinarySI value of at least 1024 that is a whole number is canonical as Ki/Mi/...: exact.
    if (mantissa % den === 0n && mantissa / den >= 1024n) return (sign === '-' ? -1 : 1) * Number(mantissa / den);
  } else {
    exponent += exp !== undefined ? Number(exp) : DECIMAL_EXP[suffix ?? ''];
  }
  if (mantissa === 0n) return 0;
  if (exponent < -9) {
    // ParseQuantity: inf.RoundUp to nano, away from zero.
    const div = 10n ** BigInt(-9 - exponent);
    mantissa = (mantissa + div - 1n) / div;
    exponent = -9;
  }
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  // AsCanonicalBytes: Go's remainder truncates toward zero.
  const r = exponent % 3;
  if (r === 1 || r === -2) {
    mantissa *= 10n;
    exponent -= 1;
  } else if (r === 2 || r === -1) {
    mantissa *= 100n;
    exponent -= 2;
  }
  const base = (sign === '-' ? -1 : 1) * Number(mantissa);
  return exponent === 0 ? base : base * goPow10(exponent);
}

const POW10_TAB = Array.from({ length: 32 }, (_, i) => Number(`1e${i}`));
const POW10_POS_TAB32 = [1e0, 1e32, 1e64, 1e96, 1e128, 1e160, 1e192, 1e224, 1e256, 1e288];
const POW10_NEG_TAB32 = [1e-0, 1e-32, 1e-64, 1e-96, 1e-128, 1e-160, 1e-192, 1e-224, 1e-256, 1e-288, 1e-320];

/** Go's math.Pow10: table products for 0..308, table quotients for -323..0. */
export function goPow10(n: number): number {
  if (n >= 0 && n <= 308) return POW10_POS_TAB32[Math.floor(n / 32)] * POW10_TAB[n % 32];
  if (n < 0 && n >= -323) return POW10_NEG_TAB32[Math.floor(-n / 32)] / POW10_TAB[-n % 32];
  return n > 0 ? Infinity : 0;
}
