import { describe, expect, it } from 'vitest';

import { errorSignature, failureLine } from '../../src/sensor/errorSignature';
import { similarity, solidLength } from '../../src/sensor/similarity';

describe('error signatures', () => {
  it('ignore locations, numbers, addresses and paths but keep names', () => {
    expect(errorSignature('File "/tmp/a/x.py", line 12: KeyError at 0x7f3a')).toBe(errorSignature('File "/home/b/y.py", line 99: KeyError at 0x1'));
    expect(errorSignature("NameError: name 'x' is not defined")).not.toBe(errorSignature("NameError: name 'y' is not defined"));
  });

  it('pick the failing line of a traceback or a test report', () => {
    const traceback = 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    main()\nKeyError: \'total\'\n';
    expect(failureLine(traceback)).toBe("KeyError: 'total'");
    const pytest = "tests/test_x.py F\nFAILED tests/test_x.py::test_total - KeyError: 'total'\n==== 1 failed, 3 passed in 0.12s ====";
    expect(failureLine(pytest)).toBe("KeyError: 'total'");
    expect(failureLine('Tests: 1 failed, 9 passed')).toBe('Tests: 1 failed, 9 passed');
    expect(failureLine('')).toBe('');
  });
});

describe('similarity', () => {
  it('is high for variants of a line and low for unrelated code', () => {
    expect(similarity('result = data["items"][0]', 'result = data["items"][1]')).toBeGreaterThan(0.7);
    expect(similarity('for user in users:', 'return compute_total(order)')).toBeLessThan(0.2);
    expect(similarity('ab', 'ab')).toBe(1);
    expect(similarity('', 'x')).toBe(0);
  });

  it('counts solid characters', () => {
    expect(solidLength(' a\tb\n c ')).toBe(3);
  });
});

describe('failure lines of other toolchains', () => {
  it('stay stable across runs (timings and locations removed)', () => {
    const go = (secs: string) => `--- FAIL: TestOrderTotal (${secs}s)\nFAIL\nexit status 1\nFAIL\texample.com/shop\t${secs}s`;
    expect(errorSignature(failureLine(go('0.005')))).toBe(errorSignature(failureLine(go('0.731'))));
    const java = 'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()"\n\tat Main.main(Main.java:5)';
    expect(failureLine(java)).toMatch(/^NullPointerException/);
    expect(failureLine("src/app.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.")).toMatch(/^TS2322/);
  });
});
