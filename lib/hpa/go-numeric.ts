/**
 * Go's integer and float conversions, as the controller's arithmetic performs them.
 *
 * int64 arithmetic wraps (two's complement) and never panics: `a + b`, `a * b` and `a / b` are
 * computed exactly with bigint and then reduced to 64 bits, which is what Go does (the spec's
 * "integer overflow" rule; `MinInt64 / -1 == MinInt64`). Division truncates toward zero in both
 * languages. `float64(int64)` rounds to nearest, ties to even, as `Number(bigint)` does.
 *
 * float64 -> int32/int64 conversions are the one place Go leaves the result "implementation-
 * dependent" when the value does not fit (spec, "Conversions between numeric types"). The model
 * follows amd64, where kube-controller-manager normally runs: the compiler emits CVTTSD2SL /
 * CVTTSD2SQ, which truncate toward zero and return the "integer indefinite" value, the most
 * negative integer (MinInt32 / MinInt64), for NaN, +-Inf and every out-of-range value. (arm64's
 * FCVTZS saturates instead: MaxInt64 for 2^63, 0 for NaN; a cluster on arm64 can differ only in
 * those overflow cases.)
 */
import { MAX_INT32, MIN_INT32 } from './types';

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
const TWO_63 = 2 ** 63;

/** int64(x) for an exact integer: the low 64 bits, as Go's wrap-around (and big.Int.Int64()). */
export const int64 = (x: bigint): bigint => BigInt.asIntN(64, x);

/** int32(x) of an int64: the low 32 bits. */
export const int32OfInt64 = (x: bigint): number => Number(BigInt.asIntN(32, x));

/** int64 `a + b` with Go's wrap-around. */
export const add64 = (a: bigint, b: bigint): bigint => BigInt.asIntN(64, a + b);

/** int64 `a * b` with Go's wrap-around. */
export const mul64 = (a: bigint, b: bigint): bigint => BigInt.asIntN(64, a * b);

/** int64 `a / b` (truncated toward zero); `MinInt64 / -1` wraps to MinInt64 as in Go. */
export function div64(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('integer divide by zero');
  return BigInt.asIntN(64, a / b);
}

/** float64(x) of an int64. */
export const float64 = (x: bigint): number => Number(x);

/** int32 `a + b` (and `a - b`, `a + b - c`) with Go's wrap-around: replica counts are int32. */
export const wrap32 = (x: number): number => x | 0;

// goInt32 runs several times per reconcile: the bounds are read once here, since under tsx
// (CommonJS) each read of an imported binding goes through two getters.
const INT32_LOW = MIN_INT32;
const INT32_HIGH = MAX_INT32;

/** Go `int32(f)` for a float64 on amd64: truncates; NaN, +-Inf and out-of-range give MinInt32. */
export function goInt32(f: number): number {
  if (Number.isNaN(f)) return INT32_LOW;
  const t = Math.trunc(f);
  return t > INT32_HIGH || t < INT32_LOW ? INT32_LOW : t | 0; // `| 0`: an int32 has no -0
}

/** Go `int64(f)` for a float64 on amd64: truncates; NaN, +-Inf and out-of-range give MinInt64. */
export function goInt64(f: number): bigint {
  if (Number.isNaN(f)) return INT64_MIN;
  const t = Math.trunc(f);
  // float64 values are exact integers here; 2^63 itself is already out of range.
  return t >= TWO_63 || t < -TWO_63 ? INT64_MIN : BigInt(t);
}
