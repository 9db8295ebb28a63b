// The parsed S3 Select statement: SELECT list, FROM S3Object with its path and alias, WHERE, LIMIT.

export type PathStep = { kind: 'field'; name: string; quoted: boolean } | { kind: 'index'; index: number } | { kind: 'wildcard' };

export type Expr =
  | { type: 'literal'; value: Value }
  | { type: 'path'; steps: PathStep[] }
  | { type: 'unary'; op: '-' | '+' | 'NOT'; arg: Expr }
  | { type: 'binary'; op: string; left: Expr; right: Expr }
  | { type: 'like'; arg: Expr; pattern: Expr; escape?: Expr; not: boolean }
  | { type: 'between'; arg: Expr; low: Expr; high: Expr; not: boolean }
  | { type: 'in'; arg: Expr; list: Expr[]; not: boolean }
  | { type: 'is'; arg: Expr; what: 'NULL' | 'MISSING' | 'TRUE' | 'FALSE'; not: boolean }
  | { type: 'cast'; arg: Expr; to: string }
  | { type: 'call'; name: string; args: Expr[]; star?: boolean; trim?: 'LEADING' | 'TRAILING' | 'BOTH' };

/** SQL values: MISSING is an absent field (left out of JSON output), distinct from NULL. */
export type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

export interface SelectItem {
  expr: Expr;
  alias?: string;
}

export interface Statement {
  items: SelectItem[] | '*';
  from: { path: PathStep[]; alias?: string };
  where?: Expr;
  limit?: number;
}
