/** The typed message protocol between the lesson panel (extension side) and its webview.
 * Both sides import these types; every message has a `type` discriminator. */

export interface LessonView {
  id: string;
  title: string;
  markdown: string;
  /** Why this lesson was chosen (retrieval reasons, the struggle's reason). */
  reasons: string[];
  origin: 'server' | 'cache' | 'team' | 'cli' | 'bundled';
}

export interface Alternative {
  id: string;
  title: string;
}

/** Extension → webview. */
export type HostMessage =
  | { type: 'lesson/show'; lesson: LessonView; alternatives: Alternative[]; context?: string }
  | { type: 'personalised/start' }
  | { type: 'personalised/token'; text: string }
  | { type: 'personalised/done'; ok: boolean; message?: string };

/** Webview → extension. */
export type ViewMessage =
  | { type: 'ready' }
  | { type: 'lesson/completed'; lessonId: string }
  | { type: 'lesson/notHelpful'; lessonId: string }
  | { type: 'lesson/open'; lessonId: string }
  /** Reported after each render, so the host (and its tests) know diagrams really rendered. */
  | { type: 'rendered'; lessonId: string; diagrams: number; failed: string[] };

export function isViewMessage(value: unknown): value is ViewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; lessonId?: unknown };
  switch (m.type) {
    case 'ready':
      return true;
    case 'lesson/completed':
    case 'lesson/notHelpful':
    case 'lesson/open':
      return typeof m.lessonId === 'string';
    case 'rendered':
      return typeof m.lessonId === 'string' && typeof (m as { diagrams?: unknown }).diagrams === 'number' && Array.isArray((m as { failed?: unknown }).failed);
    default:
      return false;
  }
}
