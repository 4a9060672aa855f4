import { Fenwick } from './fenwick';

const CHUNK = 1024;
const MAX_CHUNK = 4 * CHUNK;

function newlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** A document kept as fixed-size chunks with Fenwick trees over their lengths and newline
 * counts, so applying an edit, reading a span and mapping offsets to lines cost O(log n) plus the
 * size of the change, never the size of the document. Chunks that grow past MAX_CHUNK are split;
 * the rebuild that follows is rare enough (once per CHUNK inserted characters) to stay cheap. */
export class TextBuffer {
  private chunks: string[] = [];
  private lengths!: Fenwick;
  private lines!: Fenwick;
  private total = 0;

  constructor(text: string) {
    this.reset(text);
  }

  get length(): number {
    return this.total;
  }

  get lineCount(): number {
    return this.lines.prefix(this.chunks.length) + 1;
  }

  reset(text: string): void {
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += CHUNK) chunks.push(text.slice(i, i + CHUNK));
    if (chunks.length === 0) chunks.push('');
    this.rebuild(chunks);
  }

  private rebuild(chunks: string[]): void {
    const kept = chunks.filter((c) => c.length > 0);
    this.chunks = kept.length > 0 ? kept : [''];
    this.lengths = new Fenwick(this.chunks.map((c) => c.length));
    this.lines = new Fenwick(this.chunks.map(newlines));
    this.total = this.lengths.prefix(this.chunks.length);
  }

  /** The chunk that holds `offset` (the last chunk for the end of the document). */
  private locate(offset: number): { index: number; start: number } {
    const clamped = Math.max(0, Math.min(offset, this.total));
    if (clamped === this.total) {
      const last = this.chunks.length - 1;
      return { index: last, start: this.total - (this.chunks[last]?.length ?? 0) };
    }
    const found = this.lengths.search(clamped);
    return { index: found.index, start: found.before };
  }

  /** Text in [start, end), clamped to the document. */
  slice(start: number, end: number): string {
    const from = Math.max(0, Math.min(start, this.total));
    const to = Math.max(from, Math.min(end, this.total));
    if (to === from) return '';
    let { index, start: chunkStart } = this.locate(from);
    let out = '';
    let pos = from;
    while (pos < to && index < this.chunks.length) {
      const chunk = this.chunks[index] ?? '';
      out += chunk.slice(pos - chunkStart, to - chunkStart);
      chunkStart += chunk.length;
      pos = chunkStart;
      index++;
    }
    return out;
  }

  /** Replace `deleted` characters at `offset` with `inserted`; returns the removed text. */
  replace(offset: number, deleted: number, inserted: string): string {
    const from = Math.max(0, Math.min(offset, this.total));
    const to = Math.max(from, Math.min(from + Math.max(0, deleted), this.total));
    const removed = this.slice(from, to);
    const { index, start } = this.locate(from);
    // Delete chunk by chunk starting at `index`, then insert into the first touched chunk.
    let remaining = to - from;
    let cursor = index;
    let local = from - start;
    while (remaining > 0 && cursor < this.chunks.length) {
      const chunk = this.chunks[cursor] ?? '';
      const take = Math.min(remaining, chunk.length - local);
      if (take > 0) {
        const cut = chunk.slice(local, local + take);
        this.setChunk(cursor, chunk.slice(0, local) + chunk.slice(local + take), -take, -newlines(cut));
        remaining -= take;
      }
      cursor++;
      local = 0;
    }
    this.total += inserted.length - (to - from);
    if (inserted.length > 0) {
      const chunk = this.chunks[index] ?? '';
      const at = from - start;
      this.setChunk(index, chunk.slice(0, at) + inserted + chunk.slice(at), inserted.length, newlines(inserted));
      if ((this.chunks[index]?.length ?? 0) > MAX_CHUNK) this.split(index);
    }
    return removed;
  }

  private setChunk(index: number, text: string, lengthDelta: number, lineDelta: number): void {
    this.chunks[index] = text;
    if (lengthDelta !== 0) this.lengths.add(index, lengthDelta);
    if (lineDelta !== 0) this.lines.add(index, lineDelta);
  }

  private split(index: number): void {
    const big = this.chunks[index] ?? '';
    const parts: string[] = [];
    for (let i = 0; i < big.length; i += CHUNK) parts.push(big.slice(i, i + CHUNK));
    const chunks = this.chunks.slice();
    chunks.splice(index, 1, ...parts);
    this.rebuild(chunks);
  }

  /** 1-based line number of `offset`. */
  lineAt(offset: number): number {
    const clamped = Math.max(0, Math.min(offset, this.total));
    const { index, start } = this.locate(clamped);
    const chunk = this.chunks[index] ?? '';
    return this.lines.prefix(index) + newlines(chunk.slice(0, clamped - start)) + 1;
  }

  /** Offset of the first character of 1-based `line`, clamped to the document. */
  lineStart(line: number): number {
    if (line <= 1) return 0;
    const wanted = line - 1; // newlines before the line
    if (wanted > this.lines.prefix(this.chunks.length)) return this.total;
    // The chunk holding the wanted-th newline.
    const found = this.lines.search(wanted - 1);
    const chunk = this.chunks[found.index] ?? '';
    let seen = found.before;
    let pos = -1;
    while (seen < wanted) {
      pos = chunk.indexOf('\n', pos + 1);
      seen++;
    }
    return this.lengths.prefix(found.index) + pos + 1;
  }

  toString(): string {
    return this.chunks.join('');
  }
}
