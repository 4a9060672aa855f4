/** Server-sent events from a workflow run's `stream_url`: `token` {text} frames while an LLM
 * personalises the lesson, or one `lesson` {lesson, personalised} frame, then `done`. */

export interface SseFrame {
  event: string;
  data: string;
}

/** Incremental SSE parser: feed it chunks, get complete frames back. */
export class SseParser {
  private buffer = '';

  push(chunk: string): SseFrame[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const frames: SseFrame[] = [];
    let end = this.buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) frames.push({ event, data: data.join('\n') });
      end = this.buffer.indexOf('\n\n');
    }
    return frames;
  }
}

export interface StreamHandlers {
  token(text: string): void;
  lesson(personalised: string | null): void;
}

export async function streamRun(url: string, token: string | undefined, signal: AbortSignal, handlers: StreamHandlers): Promise<void> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal });
  if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const frame of parser.push(decoder.decode(value, { stream: true }))) {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(frame.data) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (frame.event === 'token' && typeof data.text === 'string') handlers.token(data.text);
      else if (frame.event === 'lesson') handlers.lesson(typeof data.personalised === 'string' ? data.personalised : null);
      else if (frame.event === 'done') return;
    }
  }
}
