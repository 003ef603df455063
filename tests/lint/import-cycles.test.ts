import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies run one way (docs/architecture.md): no layer imports a layer that imports it
 * back, and no module of the shell, the contract or the preload imports itself back through
 * others. ESLint's per-folder rules (layering.test.ts) say which arrows are allowed; this test
 * says there is no loop, which no per-file rule can see.
 */
const root = path.resolve(import.meta.dirname, '../..');
const SOURCES = ['main', 'contract', 'preload', 'renderer/src'];

interface Edge {
  to: string;
  typeOnly: boolean;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return walk(file);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [file] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

function importsOf(file: string): Edge[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const edges: Edge[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      const clause = statement.importClause;
      const named = clause?.namedBindings;
      typeOnly = Boolean(
        clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            named &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly))),
      );
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      specifier = statement.moduleSpecifier;
      typeOnly = statement.isTypeOnly;
    }
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const to = resolveImport(file, specifier.text);
    if (to) edges.push({ to: path.relative(root, to).split(path.sep).join('/'), typeOnly });
  }
  return edges;
}

const graph = new Map<string, Edge[]>(
  SOURCES.flatMap((dir) => walk(path.join(root, dir))).map((file) => [
    path.relative(root, file).split(path.sep).join('/'),
    importsOf(file),
  ]),
);

/** The strongly connected groups of more than one node (Tarjan): each one is a cycle. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || edges.get(v)?.has(v)) found.push(group.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

/**
 * The one arrow allowed back: the contract's profile schema is the CLI's config-file schema
 * (`main/core/config/schema.ts`, plain zod), which core also uses. Moving it into contract/ would
 * end the exception; until then the contract may take it, and nothing else, from core.
 */
const ALLOWED_BACK = /^contract\/[^/]+\.ts -> main\/core\/config\/schema\.ts$/;

/** `main/app`, `main/core`, `main/cli`, `main/index.ts` …; `contract`, `preload`, `renderer`. */
function layerOf(file: string): string {
  const [top, second] = file.split('/');
  return top === 'main' ? `main/${second}` : (top ?? file);
}

function collapse(
  keep: (file: string) => boolean,
  node: (file: string) => string,
  withTypes: boolean,
  allowed: RegExp = /$^/,
): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [file, imports] of graph) {
    if (!keep(file)) continue;
    const from = node(file);
    const set = edges.get(from) ?? new Set<string>();
    edges.set(from, set);
    for (const edge of imports) {
      if (!keep(edge.to) || (edge.typeOnly && !withTypes)) continue;
      if (allowed.test(`${file} -> ${edge.to}`)) continue;
      const to = node(edge.to);
      if (to !== from) set.add(to);
    }
  }
  return edges;
}

describe('import direction', () => {
  it('finds the modules it checks', () => {
    expect(graph.has('main/app/shell.ts')).toBe(true);
    expect(graph.get('main/app/shell.ts')?.map((e) => e.to)).toContain('main/app/ipc/handlers.ts');
  });

  it('runs one way between layers (main/app, main/core, main/cli, contract, preload, renderer)', () => {
    expect(cycles(collapse(() => true, layerOf, true, ALLOWED_BACK))).toEqual([]);
  });

  it('takes from core into the contract only the profile schema', () => {
    const back = [...graph]
      .filter(([file]) => file.startsWith('contract/'))
      .flatMap(([file, imports]) => imports.map((e) => `${file} -> ${e.to}`))
      .filter((edge) => / -> main\//.test(edge));
    expect(back.filter((edge) => !ALLOWED_BACK.test(edge))).toEqual([]);
  });

  it('has no module of the shell, the contract or the preload importing itself back', () => {
    const checked = (file: string) =>
      /^(main\/app|main\/index\.ts|contract|preload)(\/|$)/.test(file);
    expect(cycles(collapse(checked, (f) => f, true))).toEqual([]);
  });

  it('has no run-time import cycle in the faces (types may refer back)', () => {
    const faces = (file: string) => !file.startsWith('main/core/');
    expect(cycles(collapse(faces, (f) => f, false))).toEqual([]);
  });

  it('would report the old main/app ↔ main/ipc loop', () => {
    const edges = new Map([
      ['main/app', new Set(['main/ipc'])],
      ['main/ipc', new Set(['main/app'])],
    ]);
    expect(cycles(edges)).toEqual([['main/app', 'main/ipc']]);
    expect(layerOf('main/ipc/handlers.ts')).toBe('main/ipc');
    expect(layerOf('main/app/ipc/handlers.ts')).toBe('main/app');
  });
});
