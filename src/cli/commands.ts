import type { Io } from './usage.js';
import { calendarCommand } from './calendar.js';
import { demoCommand } from './demo.js';

export interface Command {
  readonly summary: string;
  readonly help: string;
  run(argv: readonly string[], io: Io): Promise<number>;
}

export const commands: Readonly<Record<string, Command>> = {
  calendar: calendarCommand,
  demo: demoCommand,
};
