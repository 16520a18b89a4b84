/**
 * Mutated events for fuzzing, from real payloads: fast-check picks a seed and one to three mutations, each at a
 * random place in the event, descending into JSON carried in strings (an SQS body, an SNS message) as often as not.
 * Mutations: a field removed, a value of the wrong type, a string truncated, a huge value, a deep value, odd
 * unicode, a record duplicated.
 */
import fc from 'fast-check';

type Json = unknown;

const ODD = ['\u0000', '\uD800', '\uDFFF', '\u202E', 'e\u0301\u0301\u0301', '😀'.repeat(50), '\uFEFF', '\\', '"', '%s%n', '../../etc/passwd', ' ', ''];
const KINDS = ['remove', 'wrongType', 'truncate', 'huge', 'deep', 'unicode', 'duplicate'] as const;

interface Mutation {
  kind: (typeof KINDS)[number];
  pick: number;
  value: Json;
  cut: number;
  odd: string;
  descend: boolean;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...KINDS),
  pick: fc.nat(),
  value: fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 })),
  cut: fc.nat(),
  odd: fc.constantFrom(...ODD),
  descend: fc.boolean(),
});

export function mutatedEvents(seeds: readonly Json[]): fc.Arbitrary<Json> {
  return fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([i, mutations]) => {
    let event = structuredClone(seeds[i]);
    // Values that make the event big go in last, so that placing the other mutations does not walk them.
    const big = (m: Mutation) => (m.kind === 'huge' || m.kind === 'deep' ? 1 : 0);
    // One big value per event: a huge array of huge strings tests memory, not the handler.
    const ordered = [...mutations].sort((a, b) => big(a) - big(b)).filter((m, j, all) => big(m) === 0 || all.findIndex(big) === j);
    for (const m of ordered) event = apply(event, m);
    return event;
  });
}

type Path = (string | number)[];

function paths(value: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function get(root: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key], root);
}

function set(root: Json, path: Path, value: Json | typeof REMOVE): Json {
  if (path.length === 0) return value === REMOVE ? undefined : value;
  const parent = get(root, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path[path.length - 1] as string | number;
  if (value === REMOVE) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else parent[key] = value;
  return root;
}

const REMOVE = Symbol('remove');

function apply(event: Json, m: Mutation): Json {
  const all = paths(event);
  const path = all[m.pick % all.length] ?? [];
  const target = get(event, path);
  if (typeof target === 'string' && m.descend) {
    const inner = tryJson(target);
    if (inner !== undefined) return set(event, path, JSON.stringify(apply(inner, { ...m, descend: m.pick % 2 === 0 })));
  }
  return set(event, path, replacement(target, m));
}

function replacement(target: Json, m: Mutation): Json | typeof REMOVE {
  switch (m.kind) {
    case 'remove':
      return REMOVE;
    case 'wrongType':
      return typeof m.value === typeof target && m.value !== null ? String(m.value) : m.value;
    case 'truncate':
      if (typeof target === 'string') return target.slice(0, m.cut % (target.length + 1));
      if (Array.isArray(target)) return target.slice(0, m.cut % (target.length + 1));
      return typeof target === 'number' ? Math.trunc(target / 10) : null;
    case 'huge':
      {
      if (m.cut % 2 === 0) return 'x'.repeat(200_000);
      const small = typeof target === 'object' && target !== null && JSON.stringify(target).length < 2_000;
      return Array.from({ length: 5_000 }, (_, i) => (small ? target : i));
    }
    case 'deep': {
      let deep: Json = 'bottom';
      for (let i = 0; i < 300; i++) deep = m.cut % 2 === 0 ? { a: deep } : [deep];
      return deep;
    }
    case 'unicode':
      return typeof target === 'string' ? target.slice(0, m.cut % (target.length + 1)) + m.odd + target.slice(m.cut % (target.length + 1)) : m.odd;
    case 'duplicate':
      if (Array.isArray(target) && target.length > 0) return [...target, ...target.slice(0, 1 + (m.cut % target.length))].slice(0, 10);
      return target;
  }
}

function tryJson(text: string): Json | undefined {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
