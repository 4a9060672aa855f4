import { describe, expect, it } from 'vitest';

import { redact } from '../../src/findings/redact';

describe('redaction before anything leaves the machine', () => {
  it('masks vendor tokens and keys in the engine format', () => {
    expect(redact('key AKIAIOSFODNN7EXAMPLE here')).toBe('key AKIA…[redacted] here');
    expect(redact('token ghp_abcdefghijklmnopqrstuvwxyz0123456789AB')).toBe('token ghp_…[redacted]');
    expect(redact('Bearer aura_pat_abcdefghijklmnopqrstuvwx')).toBe('Bearer aura…[redacted]');
  });

  it('masks passwords in URLs and assigned credentials, not environment lookups', () => {
    // aura: allow secrets/connection-string-password reason="a fake password to test the redactor"
    expect(redact('postgres://app:s3cretpass@db:5432/x')).toBe('postgres://app:s3cr…[redacted]@db:5432/x');
    expect(redact('password = "hunter2hunter2"')).toBe('password = "hunt…[redacted]"');
    expect(redact('api_key: abcdef123456')).toBe('api_key: abcd…[redacted]');
    expect(redact('token = os.environ["TOKEN"]')).toBe('token = os.environ["TOKEN"]');
    expect(redact('secret: ${SECRET_VALUE}')).toBe('secret: ${SECRET_VALUE}');
  });

  it('collapses private key bodies and leaves ordinary errors alone', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----';
    expect(redact(pem)).not.toContain('MIIEow');
    const error = "KeyError: 'total' in /home/dev/app.py line 3";
    expect(redact(error)).toBe(error);
    expect(redact('')).toBe('');
  });
});
