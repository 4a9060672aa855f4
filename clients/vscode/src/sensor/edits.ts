/** How an edit came about; decides what it may count as. */
export type EditKind =
  /** A keystroke: at most a couple of characters (auto-closed brackets, Enter plus indent). */
  | 'typing'
  /** One insertion of more at once by the user: an accepted completion or a paste. */
  | 'bulk'
  /** Produced by undo or redo: applied, but not new typing. */
  | 'undo'
  /** One of several changes made by one operation (rename, multi-cursor, format, imports). */
  | 'operation'
  /** The whole document replaced by a tool (formatter on disk, code generator). */
  | 'tool';

/** An edit after it was applied, with the text it removed (capped for long removals). */
export interface AppliedEdit {
  t: number;
  offset: number;
  deleted: number;
  inserted: string;
  removed: string;
  kind: EditKind;
}

export const REMOVED_CAP = 4000;

/** Where an offset lands after an edit: before it, unchanged; after it, shifted; inside the
 * deleted range, collapsed onto the edit. */
export function shiftOffset(x: number, offset: number, deleted: number, insertedLength: number): number {
  if (x < offset) return x;
  if (x >= offset + deleted) return x + insertedLength - deleted;
  return offset;
}

export function isUserEdit(kind: EditKind): boolean {
  return kind === 'typing' || kind === 'bulk';
}
