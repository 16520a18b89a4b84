import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The real published payloads beside the repo (../shared/aws-events from the repo root). */
export const SAMPLES_DIR = fileURLToPath(new URL('../../../../shared/aws-events/', import.meta.url));

export function sampleFiles(): string[] {
  return readdirSync(SAMPLES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort();
}

export function loadSample(file: string): unknown {
  return JSON.parse(readFileSync(`${SAMPLES_DIR}${file}`, 'utf8')) as unknown;
}
