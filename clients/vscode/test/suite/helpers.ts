import { strict as assert } from 'node:assert';

import * as vscode from 'vscode';

import type { Container } from '../../src/container';

export const EXTENSION_ID = 'aura-golden-path.aura-golden-path';

export function env(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} must be set by scripts/test-host.sh`);
  return value;
}

export async function extension(): Promise<Container> {
  const ext = vscode.extensions.getExtension<Container>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed in the host');
  const api = await ext.activate();
  await api.ready;
  return api;
}

/** Poll until `check` returns a value (not undefined/false) or time runs out. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
}

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(env('AURA_TEST_API_URL') + path, {
    method,
    headers: { authorization: `Bearer ${env('AURA_TEST_TOKEN')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
