import { readFile } from 'node:fs/promises';

import * as vscode from 'vscode';

import type { Command } from './index';

/** Open the bundled getting-started lesson (works offline, before any sign-in). */
export const welcome: Command = {
  id: 'aura.welcome',
  async run(c) {
    const file = vscode.Uri.joinPath(c.context.extensionUri, 'media', 'welcome.md').fsPath;
    const markdown = await readFile(file, 'utf8');
    await c.panel.show({ id: 'aura-getting-started', title: 'Getting started with Aura', markdown, origin: 'bundled' }, {});
    return 'aura-getting-started';
  },
};
