// `node --import ./test/support/resolve-recorder.mjs`: appends every URL the process resolves (an
// import of any module, ours or a package's) as a line to the file named by SESSIONSIM_RESOLVED.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(file, r.url + '\\n');
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { file: process.env.SESSIONSIM_RESOLVED } });
