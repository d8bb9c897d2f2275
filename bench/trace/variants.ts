/** The trace benchmark's naive sides: the real `tracePassages` query with an index made unusable by a Kysely plugin, and the plans each side gets. */
import { createRequire } from 'node:module';
import type * as K from 'kysely';
import type { Db } from '../../src/server/storage/db.ts';
import { CompiledQuery } from '../../src/server/storage/kysely.ts';
import type { Storage } from '../../src/server/storage/storage.ts';
import { tracePassages, type PassageQuery } from '../../src/server/storage/trace.ts';

// The runtime Kysely the storage uses (its CommonJS build, storage/kysely.ts): the transformer must be of the same build as the nodes.
const kysely = createRequire(import.meta.url)('kysely') as typeof K;

/**
 * indexed: the query as it is. no-person-index: its `person_id IN (…)` term written `(person_id || '') IN (…)`, which
 * no index can serve, so the planner does what it would without entries_by_person (the partial index is not implied
 * either), and may still use entries_by_time and the primary key. scan: the `checkpoint_id` terms likewise, so no
 * index serves the query at all: what a place's visitors cost without entries_by_time (a scan of the log).
 */
export type Variant = 'indexed' | 'no-person-index' | 'scan';

const HIDDEN: Record<Variant, readonly string[]> = { indexed: [], 'no-person-index': ['person_id'], scan: ['person_id', 'checkpoint_id'] };

export const VARIANT_WORDS: Record<Variant, string> = {
  indexed: 'as shipped',
  'no-person-index': 'without entries_by_person',
  scan: 'without any index (scan)',
};

class Unusable extends kysely.OperationNodeTransformer {
  constructor(private readonly columns: readonly string[]) {
    super();
  }

  protected override transformBinaryOperation(node: K.BinaryOperationNode, queryId?: K.QueryId): K.BinaryOperationNode {
    const out = super.transformBinaryOperation(node, queryId);
    const left = out.leftOperand;
    if (!kysely.ReferenceNode.is(left) || !kysely.ColumnNode.is(left.column) || !this.columns.includes(left.column.column.name)) return out;
    return kysely.BinaryOperationNode.create(kysely.RawNode.create(['(', " || '')"], [left]), out.operator, out.rightOperand);
  }
}

/** Thrown by Capture once it holds the query: the plan is asked for without running a query that may scan the log. */
class Captured extends Error {}

/**
 * The query a Kysely is about to run through this plugin, as it would run. A subquery passes through plugins too, when
 * it is built (before the query that holds it): the passages' query is the one with a LIMIT, and is stopped there.
 */
class Capture implements K.KyselyPlugin {
  last: { node: K.RootOperationNode; queryId: K.QueryId } | null = null;

  transformQuery(args: K.PluginTransformQueryArgs): K.RootOperationNode {
    this.last = args;
    if (kysely.SelectQueryNode.is(args.node) && args.node.limit !== undefined) throw new Captured();
    return args.node;
  }

  async transformResult(args: K.PluginTransformResultArgs): Promise<K.QueryResult<K.UnknownRow>> {
    return args.result;
  }
}

/** `db` (a connection of the benchmark's own) with the variant's terms hidden from the planner. */
export function variantDb(db: Db, variant: Variant): Db {
  const unusable = new Unusable(HIDDEN[variant]);
  const hide: K.KyselyPlugin = {
    transformQuery: (args) => unusable.transformNode(args.node, args.queryId),
    transformResult: async (args) => args.result,
  };
  return { ...db, kysely: db.kysely.withPlugin(hide) };
}

/** Storage whose passages are read by the real query over `db` (a variant); every other call is the storage's own. */
export function withPassages(storage: Storage, db: Db): Storage {
  const read = (query: PassageQuery) => tracePassages(db, query);
  return new Proxy(storage, {
    get(target, key, receiver) {
      if (key === 'tracePassages') return read;
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The plan of the query `variant` runs for `query`: EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (COSTS OFF) (PostgreSQL)
 * of the very text and parameters, its lines joined.
 */
export async function planOf(db: Db, variant: Variant, query: PassageQuery): Promise<string> {
  const capture = new Capture();
  const side = variantDb(db, variant);
  const capturing = { ...side, kysely: side.kysely.withPlugin(capture) };
  try {
    await tracePassages(capturing, query);
  } catch (error) {
    if (!(error instanceof Captured)) throw error;
  }
  if (!capture.last) throw new Error('the trace query ran through no plugin');
  const compiled = side.kysely.getExecutor().compileQuery(capture.last.node, capture.last.queryId);
  if (db.dialect === 'sqlite') {
    const { rows } = await db.kysely.executeQuery(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]));
    return (rows as Array<{ detail: string }>).map((r) => r.detail).join('; ');
  }
  const { rows } = await db.kysely.executeQuery(CompiledQuery.raw(`EXPLAIN (COSTS OFF) ${compiled.sql}`, [...compiled.parameters]));
  return (rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN'].trim().replace(/^->\s*/, '')).join('; ');
}
