import { errorLine, isSimError, showValue, EXIT_STATUS, LOG_FORMAT_VERSION, PACKAGE_VERSION } from '../index.js';
import { commands } from './commands.js';
import { EXIT, UsageError, type Command } from './usage.js';
import { FdWriter, ReaderGone } from './output-fd.js';

function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: sessionsim <command> [options]', '       sessionsim --version', '', 'Commands:', ...lines, '', 'Run `sessionsim <command> --help` for a command\'s options.'].join('\n');
}

/** Runs the CLI; returns the exit code (0 done, 1 the run failed, 2 bad usage or bad input). */
export async function main(argv: readonly string[], out: NodeJS.WritableStream = stdFd(1), err: NodeJS.WritableStream = stdFd(2)): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const name = args[0];
  if (name === '--version' || name === '-V') {
    out.write(`sessionsim ${PACKAGE_VERSION} (event log format ${LOG_FORMAT_VERSION}, Node ${process.versions.node})\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out.write(helpText() + '\n');
    return name === undefined ? EXIT_STATUS.USAGE : EXIT.ok;
  }
  // Own keys only: `sessionsim constructor` is an unknown command, not Object's constructor.
  const command: Command | undefined = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    err.write(`${errorLine('USAGE', `unknown command ${showValue(name)}`)}\n${helpText()}\n`);
    return EXIT_STATUS.USAGE;
  }
  const rest = args.slice(1);
  if (rest.includes('--help') || rest.includes('-h')) {
    out.write(command.help + '\n');
    return EXIT.ok;
  }
  try {
    return await command.run(rest, { out, err });
  } catch (e) {
    if (e instanceof ReaderGone) return EXIT.ok; // `| head -1`: the reader has what it wanted
    // Every status comes from the error's code (EXIT_STATUS); anything not raised on purpose is INTERNAL.
    if (isSimError(e)) {
      err.write(e.toLine() + '\n' + (e instanceof UsageError ? command.help + '\n' : ''));
      if (debug) err.write(String(e.stack) + '\n');
      return e.exitStatus;
    }
    err.write(errorLine('INTERNAL', e instanceof Error ? e.message : String(e)) + '\n');
    if (debug) err.write(String(e instanceof Error ? e.stack : e) + '\n');
    return EXIT_STATUS.INTERNAL;
  }
}

function stdFd(fd: 1 | 2): NodeJS.WritableStream {
  const tty = (fd === 1 ? process.stdout : process.stderr).isTTY === true;
  return new FdWriter(fd, tty, fd === 2) as unknown as NodeJS.WritableStream;
}
