export { StruggleSensor, type SensorOptions } from './sensor';
export type { Episode, Sensitivity, SignalName, Signals, TraceEvent } from './types';
export { SIGNAL_NAMES } from './types';
export { THRESHOLDS } from './scoring';
