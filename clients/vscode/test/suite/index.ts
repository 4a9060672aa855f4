/** Mocha entry point for the real extension host (run by ../shared/vscode-host/run-ext-tests.sh
 * through scripts/test-host.sh). The suites are bundled into this file and registered after
 * Mocha has installed its globals. */
import Mocha from 'mocha';

import { registerActivation } from './activation.test';
import { registerDiagnostics } from './diagnostics.test';
import { registerEvents } from './events.test';
import { registerKnowledge } from './knowledge.test';
import { registerLesson } from './lesson.test';
import { registerSensor } from './sensor.test';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'aura-extension-tests', mocha);
  registerActivation();
  registerDiagnostics();
  registerLesson();
  registerEvents();
  registerKnowledge();
  registerSensor();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
