/**
 * Registers TensorFlow.js's gradient functions. @tensorflow/tfjs-core ships them only in its
 * ES-module tree (dist/register_all_gradients.js), whose extensionless relative imports Node
 * cannot load, and its Node bundle leaves them out. So esbuild (already a dependency) bundles
 * that tree once per process (about half a second), and the bundle registers the gradients in
 * tfjs's global registry, which every copy of tfjs-core shares. Nothing is downloaded.
 */
import { createRequire } from 'node:module';

let registered: Promise<void> | undefined;

/** Registers every tfjs-core gradient once; later calls reuse the first. */
export function registerGradients(): Promise<void> {
  registered ??= (async () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    // esbuild is loaded here, when the runtime starts, not when the command starts.
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      minify: true,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0].text;
    await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  })();
  return registered;
}
