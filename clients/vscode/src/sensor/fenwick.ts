/** A Fenwick (binary indexed) tree of non-negative integers: point updates, prefix sums and
 * "which slot holds the k-th unit" searches, all in O(log n). The text buffer keeps one over its
 * chunk lengths and one over their newline counts. */
export class Fenwick {
  private readonly tree: Float64Array;
  private readonly top: number;

  constructor(values: readonly number[]) {
    const n = values.length;
    this.tree = new Float64Array(n + 1);
    const tree = this.tree;
    for (let i = 1; i <= n; i++) {
      const own = (tree[i] ?? 0) + (values[i - 1] ?? 0);
      tree[i] = own;
      const parent = i + (i & -i);
      if (parent <= n) tree[parent] = (tree[parent] ?? 0) + own;
    }
    let top = 1;
    while (top * 2 <= n) top *= 2;
    this.top = n === 0 ? 0 : top;
  }

  get size(): number {
    return this.tree.length - 1;
  }

  add(index: number, delta: number): void {
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i] = (this.tree[i] ?? 0) + delta;
  }

  /** Sum of slots [0, index). */
  prefix(index: number): number {
    let sum = 0;
    for (let i = index; i > 0; i -= i & -i) sum += this.tree[i] ?? 0;
    return sum;
  }

  /** The first slot i whose running total prefix(i + 1) exceeds `target`, and prefix(i).
   * With target >= total it returns the slot count. */
  search(target: number): { index: number; before: number } {
    let pos = 0;
    let before = 0;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next < this.tree.length && before + (this.tree[next] ?? 0) <= target) {
        pos = next;
        before += this.tree[next] ?? 0;
      }
    }
    return { index: pos, before };
  }
}
