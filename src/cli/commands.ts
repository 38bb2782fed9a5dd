import type { Command } from './usage.js';
import { calendarCommand } from './calendar.js';
import { demoCommand } from './demo.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { replayCommand } from './replay.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { sweepCommand } from './sweep.js';
import { workerCommand } from './worker.js';

export const commands: Readonly<Record<string, Command>> = {
  demo: demoCommand,
  run: runCommand,
  replay: replayCommand,
  calendar: calendarCommand,
  import: importCommand,
  export: exportCommand,
  report: reportCommand,
  sweep: sweepCommand,
  worker: workerCommand,
};
