// A factory (src/cli/factory.ts) for running commands in-process: captured stdout and stderr, stdin from a
// string, a temp EAC_HOME with the file secret store, and the person either scripted (a ScriptedInteraction:
// questions may be asked) or absent (no terminal: every question fails naming its flag, as in a pipeline).
import { Readable, Writable } from 'node:stream';
import type { Interaction } from '../../src/app/ports.ts';
import { createFactory, type Factory, type FactoryOptions } from '../../src/cli/factory.ts';
import type { Io } from '../../src/cli/io.ts';
import { tempDir } from './cli.ts';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface TestFactoryOptions {
  home?: string;
  /** The person; without one there is no terminal. */
  interaction?: Interaction;
  /** What stdin holds (a pipe). */
  input?: string;
  env?: Record<string, string>;
  now?: Date;
  /** The OS keychain the secret store may choose (a fake of the OS's store); without EAC_SECRET_STORE set in env. */
  keyring?: FactoryOptions['keyring'];
}

export interface TestFactory {
  f: Factory;
  home: string;
  out(): string;
  err(): string;
}

export function testFactory(opts: TestFactoryOptions = {}): TestFactory {
  const home = opts.home ?? tempDir('eac-inproc-');
  const out = new Capture(false);
  const err = new Capture(Boolean(opts.interaction));
  const stdin = Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]) as Readable & { isTTY?: boolean };
  const io: Io = {
    in: stdin, out, err, stdoutIsTty: false, canPrompt: Boolean(opts.interaction), color: false,
    env: { EAC_HOME: home, ...(opts.keyring ? {} : { EAC_SECRET_STORE: 'file' }), ...opts.env },
  };
  const f = createFactory(io, { interaction: opts.interaction, ...(opts.now ? { clock: () => opts.now! } : {}), ...(opts.keyring ? { keyring: opts.keyring } : {}) });
  return { f, home, out: () => out.text, err: () => err.text };
}
