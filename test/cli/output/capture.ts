// A stdout stand-in for output tests: collects what is written, synchronously, so a test can look at it
// between two writes (is a row out yet?). An Io over it for resolveOutput.
import { Writable } from 'node:stream';
import type { Io } from '../../../src/cli/io.ts';

export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export function ioOver(out: NodeJS.WritableStream, opts: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}): Io {
  return { out, err: new Capture(), stdoutIsTty: opts.tty ?? false, canPrompt: false, color: false, env: opts.env ?? {} };
}
