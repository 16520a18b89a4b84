/**
 * The layering docs/ARCHITECTURE.md describes, held by the import graph: a pure domain, use cases that depend on
 * ports and never on an adapter, no simulator in anything a function bundles, and no import cycle in shared/.
 */
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, importsBetween } from './import-graph.ts';

const graph = importGraph(['shared', 'functions', 'sim']);

describe('the import graph', () => {
  it('is read from the source (so that the rules below have something to hold)', () => {
    expect(graph.get('shared/usecases/ledger.ts')).toContain('shared/usecases/ledger/ports.ts');
    expect(graph.get('shared/adapters/dynamo/instance-store.ts')).toContain('shared/usecases/ledger/ports.ts');
    expect(graph.size).toBeGreaterThan(250);
  });

  it('has no use case or domain module importing an adapter, not even for a type', () => {
    expect(importsBetween(graph, 'shared/usecases', ['shared/adapters'])).toEqual([]);
    expect(importsBetween(graph, 'shared/domain', ['shared/adapters'])).toEqual([]);
  });

  it('keeps the domain pure: it imports no use case, runtime wiring, adapter or report', () => {
    const outside = ['shared/usecases', 'shared/runtime', 'shared/adapters', 'shared/report', 'shared/operator', 'shared/schemas'];
    expect(importsBetween(graph, 'shared/domain', outside)).toEqual([]);
  });

  it('keeps the report presentation only: it renders what the domain computed', () => {
    expect(importsBetween(graph, 'shared/report', ['shared/usecases', 'shared/runtime', 'shared/adapters'])).toEqual([]);
  });

  it('keeps the simulator out of everything a function bundles', () => {
    expect(importsBetween(graph, 'shared', ['sim'])).toEqual([]);
    expect(importsBetween(graph, 'functions', ['sim'])).toEqual([]);
  });

  it('has no import cycle inside shared/', () => {
    const shared = new Map([...graph].filter(([file]) => file.startsWith('shared/')));
    expect(importCycles(shared)).toEqual([]);
  });
});

describe('importCycles', () => {
  it('finds a cycle through type imports and reports each once', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
    ]);
    expect(importCycles(cyclic)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
    expect(importCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });
});
