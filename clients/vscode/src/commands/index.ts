import * as vscode from 'vscode';

import type { Container } from '../container';
import { auditFile } from './auditFile';
import { auditWorkspace } from './auditWorkspace';
import { markNotUseful } from './markNotUseful';
import { openLesson } from './openLesson';
import { showLog } from './showLog';
import { showMenu } from './showMenu';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { snoozePrompts } from './snoozePrompts';
import { suppressFinding } from './suppressFinding';
import { syncNow } from './syncNow';
import { toggleSensor } from './toggleSensor';
import { welcome } from './welcome';

/** A command: its id and what it does, given the container. One per file. */
export interface Command {
  id: string;
  run(c: Container, ...args: unknown[]): unknown;
}

const COMMANDS: Command[] = [
  signIn,
  signOut,
  auditFile,
  auditWorkspace,
  welcome,
  openLesson,
  suppressFinding,
  markNotUseful,
  snoozePrompts,
  toggleSensor,
  syncNow,
  showLog,
  showMenu,
];

export function registerCommands(c: Container): vscode.Disposable[] {
  return COMMANDS.map((command) =>
    vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
      try {
        return await command.run(c, ...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        c.log.error(`${command.id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Aura: ${message}`, 'Show Log').then((pick) => pick && c.log.show());
        return undefined;
      }
    }),
  );
}
