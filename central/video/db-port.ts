// The slice of the central data layer (central/db/db.ts) the video plugin uses, declared structurally
// so the plugin depends on the shape, not the module: SQL with `?` placeholders on SQLite or PostgreSQL.

export type VParam = string | number | null | boolean;

export interface VQueryable {
  readonly kind: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string, params?: readonly VParam[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly VParam[]): Promise<T | undefined>;
  run(sql: string, params?: readonly VParam[]): Promise<number>;
  exec(sql: string): Promise<void>;
}

export interface VDb extends VQueryable {
  tx<T>(fn: (q: VQueryable) => Promise<T>): Promise<T>;
}

export const jsonOr = <T>(v: unknown, fallback: T): T =>
  typeof v === 'string' && v !== '' ? (JSON.parse(v) as T) : fallback;

export const isoOf = (ms: unknown): string | null =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();
