import * as z from 'zod';
import { ValidationError } from '../errors.ts';
import type { ImageRef } from '../instance.ts';
import { compileImagePattern, type ImageMatcher } from './image-pattern.ts';
import { SEVERITIES, type Severity } from './finding.ts';
import { zodIssues } from './zod-issues.ts';

/**
 * A security advisory (a CVE or our own) against images. `affects` patterns follow the grammar in
 * image-pattern.ts: `pg-16:<16.4.2`, `redis-7.2:*`, `kafka-*:>=3.6 <3.7.1`. An image is affected when any
 * pattern matches it.
 */
export interface Advisory {
  id: string;
  title?: string;
  affects: string[];
  /** The image to roll affected instances onto; without it the advisory can be reported, not rolled. */
  fixedImage?: ImageRef;
  severity: Severity;
  createdAt: string;
}

const imageRefSchema = z.strictObject({ name: z.string().min(1), version: z.string().min(1) });

const advisorySchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be an id like CVE-2026-1234'),
  title: z.string().min(1).optional(),
  affects: z.array(z.string().min(1)).min(1, 'must list at least one image pattern'),
  fixedImage: imageRefSchema.optional(),
  severity: z.enum(SEVERITIES),
  createdAt: z.iso.datetime({ offset: true }),
});

/**
 * Parses an advisory from outside (CLI, event), checking every pattern against the grammar and that the
 * fixed image is not itself affected.
 *
 * @throws ValidationError listing each wrong field, e.g. `affects.0: "pg-16:<<16" ...`.
 */
export function parseAdvisory(input: unknown): Advisory {
  const parsed = advisorySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('advisory', zodIssues(parsed.error), { cause: parsed.error });
  const advisory: Advisory = parsed.data;
  const issues = parsed.data.affects.flatMap((pattern, index) => patternIssues(pattern, index));
  if (issues.length === 0 && advisory.fixedImage !== undefined && affectsImage(advisory, advisory.fixedImage)) {
    const { name, version } = advisory.fixedImage;
    issues.push(`fixedImage: ${name}:${version} is itself matched by affects`);
  }
  if (issues.length > 0) throw new ValidationError('advisory', issues);
  return advisory;
}

function patternIssues(pattern: string, index: number): string[] {
  try {
    compileImagePattern(pattern);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.map((issue) => `affects.${index}: ${issue}`);
  }
}

// Compiled once per advisory object: the CVE-day paths call affectsImage for every distinct image.
const matchers = new WeakMap<Advisory, ImageMatcher[]>();

/** Whether `image` (name and version) is matched by any of the advisory's `affects` patterns. */
export function affectsImage(advisory: Advisory, image: ImageRef): boolean {
  let compiled = matchers.get(advisory);
  if (compiled === undefined) {
    compiled = advisory.affects.map(compileImagePattern);
    matchers.set(advisory, compiled);
  }
  return compiled.some((matches) => matches(image));
}

/** An advisory counts from its `createdAt`; one dated in the future is not active yet. */
export function isActiveAdvisory(advisory: Advisory, now: Date): boolean {
  return Date.parse(advisory.createdAt) <= now.getTime();
}

/** `name:version`, the key of the per-image inventory. */
export function imageKey(image: ImageRef): string {
  return `${image.name}:${image.version}`;
}

/** Splits `name:version` at its last colon. @throws ValidationError when there is no version part. */
export function parseImageKey(key: string): ImageRef {
  const colon = key.lastIndexOf(':');
  if (colon <= 0 || colon === key.length - 1) {
    throw new ValidationError('image key', [`"${key}" is not name:version`]);
  }
  return { name: key.slice(0, colon), version: key.slice(colon + 1) };
}
