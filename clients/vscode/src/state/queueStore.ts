import type { QueueState, QueueStore } from '../queue/eventQueue';
import { JsonFile } from './jsonFile';

/** The event queue persisted as `events.json` in global storage. */
export class FileQueueStore implements QueueStore {
  private readonly file: JsonFile<QueueState>;

  constructor(path: string) {
    this.file = new JsonFile<QueueState>(path);
  }

  load(): Promise<unknown> {
    return this.file.read();
  }

  save(state: QueueState): Promise<void> {
    return this.file.write(state);
  }
}
