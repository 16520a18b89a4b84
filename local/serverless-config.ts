/**
 * Reads serverless.yml the way the Serverless Framework would for one stage: CloudFormation tags become
 * intrinsic-function objects and ${sls:stage}, ${opt:...}, ${self:...}, ${param:...} are resolved.
 * The local stack and the tests take their wiring from here, so serverless.yml stays the single truth.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { parse, type Tags } from 'yaml';

export interface FunctionDefinition {
  handler: string;
  timeout?: number;
  environment?: Record<string, unknown>;
  events?: Record<string, unknown>[];
  iamRoleStatements?: { Effect: string; Action: string | string[]; Resource: unknown }[];
  reservedConcurrency?: number;
}

export interface ServerlessConfig {
  service: string;
  provider: { stage: string; region: string; timeout?: number; environment?: Record<string, unknown> };
  custom: Record<string, unknown>;
  functions: Record<string, FunctionDefinition>;
  resources: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
}

const intrinsic = (tag: string, fn: string, split = false): Tags[number] => ({
  tag,
  resolve: (value: unknown) => ({ [fn]: split && typeof value === 'string' ? value.split('.') : value }),
  collection: undefined,
  identify: () => false,
});

const TAGS = ['Ref', 'GetAtt', 'Join', 'Sub', 'Select', 'Split', 'If', 'Equals', 'Not', 'ImportValue', 'FindInMap', 'Base64', 'GetAZs'];

function customTags(): Tags {
  const tags: Tags = [];
  for (const name of TAGS) {
    const fn = name === 'Ref' ? 'Ref' : `Fn::${name}`;
    tags.push(intrinsic(`!${name}`, fn, name === 'GetAtt'));
    tags.push({ tag: `!${name}`, collection: 'seq', resolve: (seq: { toJSON(): unknown }) => ({ [fn]: seq.toJSON() }) } as unknown as Tags[number]);
  }
  return tags;
}

/** Only Serverless variables; CloudFormation's own ${AWS::Region} style is left for CloudFormation. */
const VARIABLE = /\$\{((?:sls|opt|self|param):[^}]+)\}/g;

export function loadServerlessConfig(opts: { stage: string; region?: string; root?: string }): ServerlessConfig {
  const root = opts.root ?? process.cwd();
  const text = readFileSync(resolve(root, 'serverless.yml'), 'utf8');
  const raw = parse(text, { customTags: customTags() }) as Record<string, unknown>;
  const allParams = (raw.params ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const params = { ...allParams.default, ...allParams[opts.stage] };
  const options: Record<string, string> = { stage: opts.stage, region: opts.region ?? 'us-east-1' };

  const lookup = (expression: string): unknown => {
    const [ref, fallback] = expression.split(',').map((part) => part.trim());
    if (ref === undefined) throw new Error(`empty variable in serverless.yml`);
    const [source, path = ''] = ref.split(/:(.*)/s);
    let value: unknown;
    if (source === 'sls' && path === 'stage') value = opts.stage;
    else if (source === 'opt') value = options[path];
    else if (source === 'param') value = params[path];
    else if (source === 'self') value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], raw);
    if (value === undefined && fallback !== undefined) value = fallback.replace(/^['"]|['"]$/g, '');
    if (value === undefined) throw new Error(`serverless.yml: cannot resolve \${${expression}}`);
    return resolveNode(value);
  };

  const resolveNode = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = /^\$\{((?:sls|opt|self|param):[^}]+)\}$/.exec(node);
      if (whole?.[1] !== undefined) return lookup(whole[1]);
      return node.replace(VARIABLE, (_, expression: string) => String(lookup(expression)));
    }
    if (Array.isArray(node)) return node.map(resolveNode);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveNode(v)]));
    }
    return node;
  };

  const resolved = resolveNode(raw) as ServerlessConfig;
  resolved.provider.stage = opts.stage;
  resolved.provider.region = options.region ?? 'us-east-1';
  return resolved;
}

/**
 * The esbuild options serverless-esbuild builds each function with, from `custom.esbuild` (its own keys such as
 * `exclude` translated, its `plugins` file loaded): the benchmarks and tests build what `npm run package` builds.
 */
export function esbuildOptions(config: ServerlessConfig, root = process.cwd()): BuildOptions {
  const { exclude, plugins, mainFields, minify, keepNames, target, platform, format } = config.custom.esbuild as {
    exclude?: string[]; plugins?: string; mainFields?: string[]; minify?: boolean; keepNames?: boolean; target?: string; platform?: 'node'; format?: 'cjs' | 'esm';
  };
  const loaded = plugins === undefined ? [] : (createRequire(import.meta.url)(resolve(root, plugins)) as Plugin[]);
  return { bundle: true, minify, keepNames, target, platform, format, mainFields, external: exclude ?? ['aws-sdk'], plugins: loaded };
}
