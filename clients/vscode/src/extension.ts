import type * as vscode from 'vscode';

import { Container } from './container';

let container: Container | undefined;

/** Activation builds the container and returns at once; nothing waits on disk or network. The
 * returned object is the extension's API for its integration tests. */
export function activate(context: vscode.ExtensionContext): Container {
  container = new Container(context);
  return container;
}

export async function deactivate(): Promise<void> {
  await container?.dispose();
  container = undefined;
}
