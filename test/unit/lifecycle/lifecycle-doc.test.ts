import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSITIONS } from '../../../shared/domain/lifecycle.ts';

const doc = readFileSync('docs/LIFECYCLE.md', 'utf8');

describe('docs/LIFECYCLE.md', () => {
  it('draws exactly the transitions the ledger allows', () => {
    const drawn = [...doc.matchAll(/^\s+(\w+) --> (\w+)$/gm)].map((m) => `${m[1]}->${m[2]}`).sort();
    const allowed = Object.entries(TRANSITIONS).flatMap(([from, edges]) => Object.keys(edges).map((to) => `${from}->${to}`)).sort();
    expect(drawn).toEqual(allowed);
  });

  it('gives each transition its line of reasoning from the code', () => {
    for (const [from, edges] of Object.entries(TRANSITIONS)) {
      for (const [to, why] of Object.entries(edges)) expect(doc).toContain(`| \`${from}\` | \`${to}\` | ${why} |`);
    }
  });
});
