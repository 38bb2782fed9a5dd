// `node --import ./scripts/ts-register.mjs file.ts`: runs the TypeScript sources directly (see ts-hooks.mjs).
import { register } from 'node:module';

register(new URL('./ts-hooks.mjs', import.meta.url));
