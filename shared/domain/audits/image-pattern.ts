import { ValidationError } from '../errors.ts';
import type { ImageRef } from '../instance.ts';

/** Whether an image (name and version) matches one compiled pattern. */
export type ImageMatcher = (image: ImageRef) => boolean;

function patternError(pattern: string, problem: string): ValidationError {
  return new ValidationError('image pattern', [`"${pattern}": ${problem}`]);
}

const NAME_GLOB = /^[A-Za-z0-9._/*-]+$/;
const VERSION_TEXT = /^[A-Za-z0-9._+*-]+$/;
const COMPARATOR = /^(<=|>=|<|>|=)([A-Za-z0-9._+-]+)$/;

/**
 * The grammar of an advisory's `affects` patterns, matched against an image's `name:version`:
 *
 *   pattern    := name-glob [ ':' version ]          no version = every version
 *   name-glob  := letters, digits, `.`, `_`, `-`, `/` and `*` (any run of characters)
 *   version    := `*`                                every version
 *               | version-glob                       `16.4.2` exactly, or `16.4.*`
 *               | comparator { ' ' comparator }      all must hold: `>=16.0 <16.4.2`
 *   comparator := ( `<` | `<=` | `>` | `>=` | `=` ) version-literal
 *
 * Versions compare segment by segment, split on `.` and `-`: numbers numerically, anything else as text,
 * a number before text, and a missing segment before any present one. So `16.4 < 16.4.0 < 16.4.2 <
 * 16.4.2-fw1` (a suffix is a later build of the same release) and `16.10 > 16.9`.
 *
 * @example
 *   compileImagePattern('pg-16:<16.4.2')({ name: 'pg-16', version: '16.4.1' }) // true
 *   compileImagePattern('redis-7.*')({ name: 'redis-7.2', version: '7.2.5' })   // true
 * @throws ValidationError naming the pattern and what is wrong with it.
 */
export function compileImagePattern(pattern: string): ImageMatcher {
  const colon = pattern.indexOf(':');
  const nameGlob = colon === -1 ? pattern : pattern.slice(0, colon);
  const versionSpec = colon === -1 ? '*' : pattern.slice(colon + 1).trim();
  if (!NAME_GLOB.test(nameGlob)) {
    throw patternError(pattern, 'the image name may hold only letters, digits, . _ / - and *');
  }
  const matchName = globMatcher(nameGlob);
  const matchVersion = compileVersionSpec(pattern, versionSpec);
  return (image) => matchName(image.name) && matchVersion(image.version);
}

function compileVersionSpec(pattern: string, spec: string): (version: string) => boolean {
  if (spec === '') throw patternError(pattern, 'nothing after ":"; write "*" for every version');
  if (!/^[<>=]/.test(spec)) {
    if (!VERSION_TEXT.test(spec)) throw patternError(pattern, `"${spec}" is not a version or a glob`);
    return globMatcher(spec);
  }
  const tests = spec.split(/\s+/).map((part) => compileComparator(pattern, part));
  return (version) => tests.every((test) => test(version));
}

function compileComparator(pattern: string, part: string): (version: string) => boolean {
  const match = COMPARATOR.exec(part);
  if (match === null) {
    throw patternError(pattern, `"${part}" is not a comparator like <16.4.2, >=7.0 or =3.7.1`);
  }
  const [, op, bound = ''] = match;
  return (version) => {
    const order = compareVersions(version, bound);
    if (op === '<') return order < 0;
    if (op === '<=') return order <= 0;
    if (op === '>') return order > 0;
    if (op === '>=') return order >= 0;
    return order === 0;
  };
}

function globMatcher(glob: string): (text: string) => boolean {
  if (!glob.includes('*')) return (text) => text === glob;
  const source = glob
    .split('*')
    .map((literal) => literal.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`);
  return (text) => regex.test(text);
}

/** Negative when `a` is older than `b`, 0 when equal, positive when newer; see the grammar above. */
export function compareVersions(a: string, b: string): number {
  const left = a.split(/[.-]/);
  const right = b.split(/[.-]/);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const order = compareSegments(left[i], right[i]);
    if (order !== 0) return order;
  }
  return 0;
}

function compareSegments(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Number(a) - Number(b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : 1;
}
