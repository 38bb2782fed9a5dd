import { defineConfig } from 'vitest/config';

/**
 * Files whose results could depend on the machine's time zone (they parse, show or compare
 * times): they run once under each of TIME_ZONES instead of the machine's zone, so a time read or
 * shown in the process's zone anywhere fails the suite. Each sets TZ in its workers' environment;
 * test/time-everywhere.test.ts proves inside the worker that it took effect.
 */
const TIME_DEPENDENT = [
  'test/exchange-time.test.ts',
  'test/time-everywhere.test.ts',
  'test/api.test.ts',
  'test/calendar.test.ts',
  'test/calendar-format.test.ts',
  'test/calendar-format-local.test.ts',
  'test/storage-import.test.ts',
  'test/local-times.test.ts',
];

/** UTC; a zone east of the exchange across the date line; a half-hour DST zone. */
const TIME_ZONES = ['UTC', 'Asia/Tokyo', 'Australia/Lord_Howe'];

export default defineConfig({
  test: {
    globalSetup: ['test/support/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: TIME_DEPENDENT } },
      ...TIME_ZONES.map((tz) => ({ extends: true, test: { name: `TZ=${tz}`, include: TIME_DEPENDENT, env: { TZ: tz } } })),
    ],
  },
});
