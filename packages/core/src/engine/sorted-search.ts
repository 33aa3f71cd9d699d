/** Index of the first element greater than `x` in an ascending array (binary search). */
export function upperBound(sorted: ArrayLike<number>, x: number, length = sorted.length): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
