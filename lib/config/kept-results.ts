/**
 * Results kept by a key that names their whole input (a digest of the files read, a commit, the
 * JSON of the arguments), the oldest dropped past `limit`: a command asked the same thing again in
 * one process answers from here. A computation that throws keeps nothing.
 */
export class KeptResults<V> {
  private readonly byKey = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /**
   * The result for `key`, from `compute` the first time. A null key (an input that cannot be
   * named, such as a config directory holding a FIFO) is computed every time and not kept.
   */
  get(key: string | null, compute: () => V): V {
    if (key === null) return compute();
    if (this.byKey.has(key)) return this.byKey.get(key)!;
    const value = compute();
    this.byKey.set(key, value);
    if (this.byKey.size > this.limit) this.byKey.delete(this.byKey.keys().next().value!);
    return value;
  }
}
