export { displayable, picturesHtml, reportPage, type Displayable } from './html.js';
export { pricesPicture, receivedPicture, gapsPicture, deliveryPicture, type Picture } from './charts.js';
export { equitySvg, type EquityPoint } from './equity.js';
export { LocalClock } from './local-time.js';
export { chosenSymbols, DEFAULT_PICTURE_OPTIONS, type GapRow, type PictureInput, type PictureOptions, type PriceBar } from './input.js';
export { compactSessionsHtml } from './session-table.js';
