import type { CalendarDefinition } from '../definition.js';
import { BVMF } from './bvmf.js';
import { CMES } from './cmes.js';
import { XASX } from './xasx.js';
import { XBOM } from './xbom.js';
import { XETR } from './xetr.js';
import { XHKG } from './xhkg.js';
import { XKRX } from './xkrx.js';
import { XLON } from './xlon.js';
import { XMAD } from './xmad.js';
import { XNYS } from './xnys.js';
import { XSES } from './xses.js';
import { XSHG } from './xshg.js';
import { XTKS } from './xtks.js';

/** The calendars that ship with sessionsim, by name (each built when first read: see lazy-definition.ts). */
export const SHIPPED_DEFINITIONS: readonly CalendarDefinition[] = [BVMF, CMES, XASX, XBOM, XETR, XHKG, XKRX, XLON, XMAD, XNYS, XSES, XSHG, XTKS];
export const SHIPPED_NAMES = ['BVMF', 'CMES', 'XASX', 'XBOM', 'XETR', 'XHKG', 'XKRX', 'XLON', 'XMAD', 'XNYS', 'XSES', 'XSHG', 'XTKS'] as const;
export { BVMF, CMES, XASX, XBOM, XETR, XHKG, XKRX, XLON, XMAD, XNYS, XSES, XSHG, XTKS };
