/**
 * The import graph of the project's own TypeScript, as the compiler's pre-processor reads it: every `import`,
 * `import type`, `export ... from` and `import()` with a relative specifier, resolved to a path from the root.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** Project-relative path (`shared/usecases/ledger.ts`) to the project-relative paths it imports. */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

export function importGraph(dirs: readonly string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of dirs.flatMap(sourceFiles)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const local = importedFiles.map((i) => i.fileName).filter((name) => name.startsWith('.'));
    graph.set(file, local.map((name) => relative(ROOT, resolve(ROOT, dirname(file), name))));
  }
  return graph;
}

/** `from -> to` for every import of a file under `from` that names a file under one of `to`. */
export function importsBetween(graph: ImportGraph, from: string, to: readonly string[]): string[] {
  return [...graph].flatMap(([file, imports]) =>
    file.startsWith(`${from}/`) ? imports.filter((target) => to.some((dir) => target.startsWith(`${dir}/`))).map((target) => `${file} -> ${target}`) : [],
  );
}

/** Every import cycle, once each, as the path that closes it (`a.ts -> b.ts -> a.ts`). Depth-first, iterative. */
export function importCycles(graph: ImportGraph): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: { file: string; next: number }[] = [{ file: start, next: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { file: string; next: number };
      const targets = graph.get(top.file) ?? [];
      const target = targets[top.next++];
      if (target === undefined) {
        state.set(top.file, 'done');
        stack.pop();
        path.pop();
      } else if (state.get(target) === 'open') {
        cycles.push([...path.slice(path.indexOf(target)), target].join(' -> '));
      } else if (!state.has(target) && graph.has(target)) {
        state.set(target, 'open');
        path.push(target);
        stack.push({ file: target, next: 0 });
      }
    }
  }
  return cycles;
}
