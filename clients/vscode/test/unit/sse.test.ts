import { describe, expect, it } from 'vitest';

import { SseParser } from '../../src/services/sse';

describe('SSE parser', () => {
  it('assembles frames split across chunks and ignores comments', () => {
    const p = new SseParser();
    expect(p.push('event: token\ndata: {"text": "Hel')).toEqual([]);
    expect(p.push('lo"}\n\n: keep-alive\n\nevent: done\r\ndata: {}\r\n\r\n')).toEqual([
      { event: 'token', data: '{"text": "Hello"}' },
      { event: 'done', data: '{}' },
    ]);
  });

  it('joins multi-line data and defaults the event name', () => {
    expect(new SseParser().push('data: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
