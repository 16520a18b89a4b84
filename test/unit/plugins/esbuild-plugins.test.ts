/**
 * plugins/esbuild-plugins.cjs, as serverless.yml's custom.esbuild uses it: the SDK's default credential chain, bundled,
 * still finds the credentials Lambda puts in the environment, and the links that cannot apply in Lambda are left
 * out, each declining so that the chain goes on. The packaged-template test runs it inside a real `sls package`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const plugins = require('../../../plugins/esbuild-plugins.cjs') as Plugin[];
const NODE_PROVIDER = resolve('node_modules/@aws-sdk/credential-provider-node/dist-es');

/** Bundles `source` as if it were a file of `resolveDir`, with the plugins and serverless.yml's main fields. */
async function bundle(source: string, resolveDir: string): Promise<{ exports: Record<string, unknown>; inputs: string[] }> {
  const result = await build({
    stdin: { contents: source, resolveDir, sourcefile: join(resolveDir, 'entry.js'), loader: 'js' },
    bundle: true, write: false, metafile: true, platform: 'node', format: 'cjs', mainFields: ['module', 'main'], logLevel: 'silent', plugins,
  });
  const file = join(mkdtempSync(join(tmpdir(), 'fleetwarden-plugins-')), 'bundle.cjs');
  writeFileSync(file, result.outputFiles[0]?.text ?? '');
  return { exports: require(file) as Record<string, unknown>, inputs: Object.keys(result.metafile.inputs) };
}

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('the credentials of the bundled SDK', () => {
  it('are the ones Lambda puts in the environment, through the default chain', async () => {
    const { exports, inputs } = await bundle("export { defaultProvider } from '@aws-sdk/credential-provider-node';", resolve('.'));
    delete process.env.AWS_PROFILE;
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDLAMBDA', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
    const provider = (exports.defaultProvider as () => () => Promise<{ accessKeyId: string; sessionToken?: string }>)();
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'AKIDLAMBDA', sessionToken: 'token' });
    // Left out: the links that read ~/.aws files, run a process or exchange a token, and the STS and SSO clients.
    const left = inputs.filter((i) => /@aws-sdk[\\/](credential-provider-(sso|ini|process|web-identity)|nested-clients)[\\/]/.test(i));
    expect(left).toEqual([]);
    // Kept: the environment link, and the container and instance metadata ones.
    expect(inputs.some((i) => i.includes('credential-provider-env'))).toBe(true);
    expect(inputs.some((i) => i.includes('credential-provider-imds'))).toBe(true);
  });

  it('declines, in each link left out, so that the chain tries the next one', async () => {
    const source = [
      "export { fromSSO } from '@aws-sdk/credential-provider-sso';",
      "export { fromIni } from '@aws-sdk/credential-provider-ini';",
      "export { fromProcess } from '@aws-sdk/credential-provider-process';",
      "export { fromTokenFile } from '@aws-sdk/credential-provider-web-identity';",
    ].join('\n');
    const { exports } = await bundle(source, NODE_PROVIDER);
    for (const name of ['fromSSO', 'fromIni', 'fromProcess', 'fromTokenFile']) {
      const link = (exports[name] as () => () => Promise<unknown>)();
      await expect(link(), name).rejects.toMatchObject({ name: 'CredentialsProviderError', tryNextLink: true, message: expect.stringContaining('Lambda gives a function its credentials in the environment') });
    }
  });

  it('is left alone outside the SDK default chain', async () => {
    const { inputs } = await bundle("export { fromIni } from '@aws-sdk/credential-provider-ini';", resolve('.'));
    expect(inputs.some((i) => /@aws-sdk[\\/]credential-provider-ini[\\/]/.test(i))).toBe(true);
  });
});
