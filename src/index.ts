/**
 * sessionsim: a deterministic, event-sourced simulation of trading sessions.
 * One import for notebooks and scripts.
 */
export { simulate, createSimulation, Simulation, type SimulationResult, type SimulationOptions } from './api/simulation.js';
export { replay, Replay, type ReplayOptions } from './api/replay.js';
export { verifyLog, type VerifyOptions, type VerifyResult } from './api/verify.js';
export { resolveConfig, type SimConfig, type ResolvedConfig } from './api/config.js';
export { ResultTable } from './api/table.js';
export type { RunTarget } from './api/stepper.js';
export { getCalendar, registerCalendar, calendarNames, ExchangeCalendar, CalendarRangeError, XNYS, type CalendarDefinition, type Session } from './calendar/index.js';
export { importCsv, readDay, writeDay, readLog, type ImportOptions, type ImportReport } from './storage/index.js';
export { SimError, isSimError, type ErrorCode } from './errors.js';
export { describeEvent, EVENT_TYPES, RANKS, type SimEvent, type EventType } from './events/index.js';
export type { SessionState, StateSnapshot } from './state/index.js';
export { demoConfig, demoDataRoot } from './api/demo.js';
export { sweep, planSweep, startQueueWorker, type SweepSpec, type SweepOptions, type SweepResult, type SweepRow } from './sweep/index.js';
