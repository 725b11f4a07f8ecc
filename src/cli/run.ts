/**
 * The process entry of `dilation-lab` (bin/dilation-lab.mjs imports it after registering
 * tsx): runs `main` on the real argv and streams and sets process.exitCode.
 */
import { main } from './main.ts';

/** Runs the command on process.argv and sets process.exitCode (0, 1 or 2). */
export async function run(): Promise<void> {
  // A closed pipe (`dilation-lab response --csv | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
