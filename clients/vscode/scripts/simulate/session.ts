/** A whole working session: a persona, a few files, hours of normal work with labelled struggle
 * episodes in between. Everything is drawn from a seed, so a trace can be regenerated. */
import { fileText, type Language } from './code';
import { Editor, type Persona, type SimFile, type TraceLine } from './editor';
import * as normal from './normal';
import { Rng } from './rng';
import * as struggle from './struggle';

export interface SessionOptions {
  hours: number;
  /** Mean minutes of normal work between struggles; Infinity for none. */
  normalMinutes: number;
  kinds?: readonly struggle.StruggleKind[];
  /** Share of struggles with no runs and no diagnostics. */
  quiet?: number;
}

export interface Session {
  events: TraceLine[];
  labels: struggle.Label[];
  persona: Persona;
}

export function randomPersona(rng: Rng): Persona {
  return {
    cps: rng.uniform(2.5, 9),
    typo: rng.uniform(0, 0.08),
    pauseScale: rng.uniform(0.5, 2.5),
    completion: rng.uniform(0, 0.6),
    autoClose: rng.chance(0.6),
    formatOnSave: rng.pick(['none', 'operation', 'tool'] as const),
    diagDelay: rng.uniform(0.3, 1.5),
    republishUnchanged: rng.chance(0.7),
    partialNames: rng.chance(0.5),
    resolution: rng.pick([0.001, 0.01, 0.1]),
  };
}

const NORMAL: readonly (readonly [(ws: normal.Workspace) => void, number])[] = [
  [normal.writeFunction, 6],
  [normal.editLines, 6],
  [normal.rename, 2],
  [normal.formatRepeatedly, 2],
  [normal.organiseImports, 1],
  [normal.tddCycle, 3],
  [normal.read, 5],
  [normal.exploreWithUndo, 2],
  [normal.longRefactor, 1.5],
  [normal.debugPrints, 1.5],
  [normal.pasteBlock, 1.5],
  [normal.tuneConstant, 1],
  [normal.multilineCall, 1.5],
  [normal.debugSession, 1.5],
];

const STRUGGLES: Record<struggle.StruggleKind, (ws: normal.Workspace, p: struggle.StruggleParams) => struggle.Label> = {
  'rewrite-loop': struggle.rewriteLoop,
  'error-loop': struggle.errorLoop,
  'undo-thrash': struggle.undoThrash,
  'no-progress': struggle.noProgress,
  churn: struggle.churn,
};

export function simulateSession(seed: number, options: SessionOptions): Session {
  const rng = new Rng(seed);
  const persona = randomPersona(rng);
  const ed = new Editor(rng, persona);
  const main: Language = rng.chance(0.5) ? 'python' : 'typescript';
  const files: SimFile[] = [];
  const count = rng.int(3, 6);
  for (let i = 0; i < count; i++) {
    const lang: Language = rng.chance(0.8) ? main : main === 'python' ? 'typescript' : 'python';
    const name = `src/${['app', 'models', 'service', 'handlers', 'utils', 'report'][i]}.${lang === 'python' ? 'py' : 'ts'}`;
    const file = ed.open(name, lang, fileText(rng, lang, rng.int(3, 30)));
    if (rng.chance(0.3))
      file.noise = lang === 'python' ? 'Import "requests" could not be resolved' : "Cannot find module 'lodash' or its corresponding type declarations.";
    files.push(file);
  }
  const ws: normal.Workspace = { ed, files };
  const labels: struggle.Label[] = [];
  const kinds = options.kinds ?? (Object.keys(STRUGGLES) as struggle.StruggleKind[]);
  const end = options.hours * 3600;
  let nextStruggle = ed.t + rng.lognormal(options.normalMinutes * 60, 0.5);
  while (ed.t < end) {
    if (ed.t >= nextStruggle && Number.isFinite(options.normalMinutes)) {
      const kind = rng.pick(kinds);
      const params: struggle.StruggleParams = { persistence: rng.uniform(0.8, 1.5), pace: rng.uniform(0.5, 2.5), quiet: rng.chance(options.quiet ?? 0.15) };
      if (rng.chance(0.25)) params.runElsewhere = rng.pick(files);
      labels.push({ ...STRUGGLES[kind](ws, params), ...(params.quiet ? { quiet: true } : {}) });
      ed.wait(rng.uniform(5, 60));
      nextStruggle = ed.t + rng.lognormal(options.normalMinutes * 60, 0.5);
      continue;
    }
    rng.weighted(NORMAL)(ws);
    if (rng.chance(0.03)) {
      const file = rng.pick(files);
      ed.close(file);
      ed.wait(rng.uniform(5, 60));
      const reopened = ed.open(file.name, file.lang, file.text);
      reopened.noise = file.noise;
      files[files.indexOf(file)] = reopened;
    }
    ed.wait(rng.lognormal(8, 0.8));
  }
  return { events: ed.events, labels, persona };
}
