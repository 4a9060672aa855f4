/** How alike two short pieces of code are, from 0 (nothing shared) to 1 (the same after
 * whitespace is collapsed): the Dice coefficient of their character trigrams. Inputs are capped,
 * so the cost never depends on how much the caller hands in. */
const CAP = 600;

function trigrams(text: string): Map<string, number> {
  const clean = text.replace(/\s+/g, ' ').trim().slice(0, CAP);
  const grams = new Map<string, number>();
  for (let i = 0; i + 3 <= clean.length; i++) {
    const gram = clean.slice(i, i + 3);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

export function similarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const count of left.values()) sizeA += count;
  for (const [gram, count] of right) {
    sizeB += count;
    shared += Math.min(count, left.get(gram) ?? 0);
  }
  if (sizeA === 0 || sizeB === 0) {
    const x = a.trim();
    return x.length > 0 && x === b.trim() ? 1 : 0;
  }
  return (2 * shared) / (sizeA + sizeB);
}

/** Characters that are not whitespace. */
export function solidLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) n++;
  }
  return n;
}
