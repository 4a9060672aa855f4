import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** A JSON document in the extension's global storage folder, written atomically (temp file +
 * rename) so a crash or a reload never leaves half a file behind. Writes are serialised. */
export class JsonFile<T> {
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async read(): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as T;
    } catch {
      return undefined; // missing or corrupt: start fresh
    }
  }

  write(value: T): Promise<void> {
    const text = JSON.stringify(value);
    const next = this.chain.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, text, 'utf8');
      await rename(tmp, this.file);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
