import * as vscode from 'vscode';

/** The "Aura" output channel (a log channel: levels, timestamps, "Set Log Level" works). */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Aura', { log: true });
}
