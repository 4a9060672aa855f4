import * as vscode from 'vscode';

import type { Sensitivity } from '../sensor/types';

/** Typed access to the `aura.*` settings, read fresh each time (they change at runtime). */
export interface AuraSettings {
  apiUrl: string;
  cliPath: string;
  auditOnSave: boolean;
  auditOnOpen: boolean;
  team: string;
  sensorEnabled: boolean;
  sensitivity: Sensitivity;
  maxPromptsPerHour: number;
  quietHours: string;
  hashPaths: boolean;
  sendCodeExcerpts: boolean;
}

export function readSettings(): AuraSettings {
  const c = vscode.workspace.getConfiguration('aura');
  const sensitivity = c.get<string>('sensor.sensitivity', 'normal');
  return {
    apiUrl: c.get<string>('apiUrl', 'http://127.0.0.1:8000').trim().replace(/\/+$/, ''),
    cliPath: expandHome(c.get<string>('cliPath', 'aura').trim() || 'aura'),
    auditOnSave: c.get<boolean>('auditOnSave', true),
    auditOnOpen: c.get<boolean>('auditOnOpen', true),
    team: c.get<string>('team', '').trim(),
    sensorEnabled: c.get<boolean>('sensor.enabled', true),
    sensitivity: sensitivity === 'low' || sensitivity === 'high' ? sensitivity : 'normal',
    maxPromptsPerHour: Math.max(1, Math.min(10, c.get<number>('prompts.maxPerHour', 2))),
    quietHours: c.get<string>('prompts.quietHours', ''),
    hashPaths: c.get<boolean>('privacy.hashPaths', false),
    sendCodeExcerpts: c.get<boolean>('privacy.sendCodeExcerpts', false),
  };
}

function expandHome(path: string): string {
  const home = process.env.HOME ?? process.env.USERPROFILE;
  return home && (path === '~' || path.startsWith('~/')) ? home + path.slice(1) : path;
}
