import * as vscode from 'vscode';

import type { Command } from './index';

/** Flip the `aura.sensor.enabled` setting (user scope). */
export const toggleSensor: Command = {
  id: 'aura.toggleSensor',
  async run(c) {
    const next = !c.settings.sensorEnabled;
    await vscode.workspace.getConfiguration('aura').update('sensor.enabled', next, vscode.ConfigurationTarget.Global);
    vscode.window.setStatusBarMessage(`Aura: struggle sensor ${next ? 'on' : 'off'}`, 4000);
    return next;
  },
};
