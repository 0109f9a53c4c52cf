/**
 * The tests' browser: the headless Chromium that the npm package `@sparticuz/chromium` ships inside
 * its tarball (a devDependency, so `npm ci` brings it: no apt, no root, no download), driven by
 * playwright-core. The first launch unpacks it once into `node_modules/.cache/`; later launches
 * reuse it. `KAFAAT_CHROMIUM=/path/to/chromium` uses another one (Debian's `/usr/bin/chromium`, say).
 * No browser means a loud failure with the reason, never a skipped test.
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  linkSync,
  rmSync,
} from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

const root = resolve(__dirname, '..', '..');

/** Where the packaged Chromium is unpacked, by package version. */
export function packagedChromiumPath(version: string): string {
  return join(root, 'node_modules', '.cache', `kafaat-chromium-${version}`, 'chromium');
}

function packagedChromium(): { version: string; archive: string } {
  let entry: string;
  try {
    entry = require.resolve('@sparticuz/chromium');
  } catch {
    throw new Error(
      'No browser for the tests: the devDependency @sparticuz/chromium is not installed. Run `npm ci`, or set KAFAAT_CHROMIUM to a Chromium executable.',
    );
  }
  const folder = resolve(dirname(entry), '..', '..'); // …/build/cjs/index.cjs → the package
  const { version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string };
  return { version, archive: join(folder, 'bin', 'chromium.br') };
}

/** The Chromium executable the tests use, unpacked on first use. Throws when there is none. */
export async function chromiumExecutable(): Promise<string> {
  const chosen = process.env.KAFAAT_CHROMIUM;
  if (chosen) {
    if (!existsSync(chosen))
      throw new Error(`KAFAAT_CHROMIUM is set to ${chosen}, and there is no file there.`);
    return chosen;
  }
  if (platform() !== 'linux' || arch() !== 'x64') {
    throw new Error(
      `The Chromium shipped in @sparticuz/chromium runs on Linux x64, not ${platform()} ${arch()}: set KAFAAT_CHROMIUM to a Chromium or Chrome executable.`,
    );
  }
  const { version, archive } = packagedChromium();
  const executable = packagedChromiumPath(version);
  if (existsSync(executable)) return executable;
  if (!existsSync(archive)) throw new Error(`No Chromium archive at ${archive}: run \`npm ci\` again.`);
  // Unpacked under a name of its own, then linked into place only if no other test worker got
  // there first: nobody sees half a file, and nobody replaces the file a running browser was
  // started from (a browser whose executable is replaced cannot start its own helper processes).
  mkdirSync(dirname(executable), { recursive: true });
  const partial = `${executable}.${process.pid}.partial`;
  try {
    await pipeline(
      createReadStream(archive),
      createBrotliDecompress(),
      createWriteStream(partial, { mode: 0o755 }),
    );
    try {
      linkSync(partial, executable);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  } finally {
    rmSync(partial, { force: true });
  }
  return executable;
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await chromiumExecutable();
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
