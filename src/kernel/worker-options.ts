/**
 * The thread's Node options: the process's own, inherited (V8's too), unless one of them is one a
 * worker file refuses (`node --input-type=module -e`); then the others, given by name.
 */
export function threadExecArgv(argv: readonly string[]): readonly string[] | undefined {
  if (!argv.some((a) => a.startsWith('--input-type'))) return undefined;
  // `--input-type=module`, or `--input-type module`.
  return argv.filter((a, i) => !a.startsWith('--input-type') && argv[i - 1] !== '--input-type');
}
