/**
 * Errors are data: every error the product raises on purpose is a SimError with a stable `code`
 * and the facts that explain it (file, row, key, value...). The CLI prints `code: message`.
 */
export type ErrorCode =
  | 'CLOCK_BACKWARDS'
  | 'KERNEL_STOPPED'
  | 'CALENDAR_OUT_OF_RANGE'
  | 'CALENDAR_UNKNOWN'
  | 'CALENDAR_DEFINITION'
  | 'BAD_DATE'
  | 'DATA_NOT_ARROW'
  | 'DATA_TRUNCATED'
  | 'DATA_EMPTY'
  | 'DATA_MISSING_COLUMN'
  | 'DATA_COLUMN_TYPE'
  | 'DATA_UNSORTED'
  | 'DATA_BAD_SYMBOL'
  | 'DATA_MISSING_DAY'
  | 'DATA_IO'
  | 'IMPORT_BAD_OPTION'
  | 'IMPORT_NO_ROWS'
  | 'IMPORT_MISSING_COLUMN'
  | 'LOG_CORRUPT'
  | 'LOG_TRUNCATED'
  | 'LOG_INPUT_CHANGED'
  | 'CONFIG_INVALID'
  | 'CALLBACK_FAILED'
  | 'QUEUE_UNREACHABLE'
  | 'USAGE';

export class SimError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SimError';
    this.code = code;
    this.details = Object.freeze({ ...details });
  }

  /** One readable line: `CODE: message`. */
  toLine(): string {
    return `${this.code}: ${this.message}`;
  }
}

export function isSimError(e: unknown): e is SimError {
  return e instanceof SimError;
}
