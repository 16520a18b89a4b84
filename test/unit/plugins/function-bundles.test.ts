/**
 * Each function bundled as serverless.yml's custom.esbuild bundles it (in memory, no packaging): what must stay out of
 * a cold start stays out. The packaged-template test checks the zips themselves (size, imports).
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions, loadServerlessConfig } from '../../../local/serverless-config.ts';

const config = loadServerlessConfig({ stage: 'test' });
const functions = Object.entries(config.functions);

/** The source files whose code the function's bundle holds. */
async function bundledInputs(handler: string): Promise<string[]> {
  const entry = `${handler.slice(0, handler.lastIndexOf('.'))}.ts`;
  const result = await build({ ...esbuildOptions(config), entryPoints: [entry], write: false, metafile: true, outfile: 'handler.cjs', logLevel: 'silent' });
  // What the bundle holds: esbuild reads more than it keeps (what tree-shaking drops has no bytes in the output).
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output?.inputs ?? {}).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path);
}

describe('the function bundles', () => {
  it('are built for every function in serverless.yml', () => {
    expect(functions.length).toBeGreaterThanOrEqual(11);
  });

  it.each(functions)('%s: holds zod tree-shaken, without its other locales, and no SDK credential link Lambda cannot use', async (_name, fn) => {
    const inputs = await bundledInputs(fn.handler);
    expect(inputs.some((i) => i.includes('node_modules/zod/'))).toBe(true);
    // A named import (`import { z } from 'zod'`) anywhere in a function brings every locale back, and all of zod with
    // them: import it as a namespace, `import * as z from 'zod'` (docs/PERFORMANCE.md, "Cold start").
    expect(inputs.filter((i) => /node_modules\/zod\/v4\/locales\/(?!en\.)/.test(i))).toEqual([]);
    expect(inputs.filter((i) => /node_modules\/@aws-sdk\/(nested-clients|credential-provider-(sso|ini|process|web-identity))\//.test(i))).toEqual([]);
    // The SDK is bundled from its ES module builds, which tree-shake.
    expect(inputs.some((i) => /node_modules\/@aws-sdk\/client-dynamodb\/dist-es\//.test(i))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/@(aws-sdk|smithy)\/[^/]+\/dist-cjs\//.test(i))).toEqual([]);
  });
});
