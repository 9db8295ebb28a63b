// The syntax tree of a CloudWatch Logs Insights query, as the grammar (grammar.ts) builds it.

/** Character offsets of a node in the query string (end exclusive), for MalformedQueryException locations. */
export interface Span {
  start: number;
  end: number;
}

export type Expr =
  | { k: 'num'; v: number; loc: Span }
  | { k: 'str'; v: string; loc: Span }
  | { k: 'regex'; source: string; loc: Span }
  /** A duration literal (`5m`), the argument of bin(), datefloor() and dateceil(); `months` for calendar periods (1mo, 1q, 1y). */
  | { k: 'dur'; ms: number; months?: number; text: string; loc: Span }
  | { k: 'field'; name: string; loc: Span }
  | { k: 'call'; fn: string; args: Expr[]; star: boolean; loc: Span }
  | { k: 'bin'; op: BinaryOp; l: Expr; r: Expr; loc: Span }
  | { k: 'not'; e: Expr; loc: Span }
  | { k: 'neg'; e: Expr; loc: Span }
  | { k: 'like'; e: Expr; pattern: Expr; negate: boolean; regexOp: boolean; loc: Span }
  | { k: 'in'; e: Expr; list: Expr[]; negate: boolean; loc: Span }
  | { k: 'list'; items: Expr[]; loc: Span };

export type BinaryOp = 'and' | 'or' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '^';

/** An expression with an optional `as` name; `text` is the expression as written (a result column's default name). */
export interface Projection {
  expr: Expr;
  alias?: string;
  text: string;
}

export interface SortKey {
  expr: Expr;
  text: string;
  desc: boolean;
}

export type Command =
  | { cmd: 'fields'; items: Projection[]; loc: Span }
  | { cmd: 'display'; names: string[]; loc: Span }
  | { cmd: 'filter'; expr: Expr; loc: Span }
  | { cmd: 'stats'; aggs: Projection[]; by: Projection[]; loc: Span }
  | { cmd: 'sort'; keys: SortKey[]; loc: Span }
  /** `limit any N` stops the scan once N events have matched. */
  | { cmd: 'limit'; n: number; any: boolean; loc: Span }
  | { cmd: 'parse'; source: Expr; glob?: string; names?: string[]; regex?: string; loc: Span }
  | { cmd: 'dedup'; names: string[]; loc: Span }
  /** One row per member of the list `source` holds (a non-list is a list of one), the member named `name`. */
  /** Clusters the text `source` (@message unless named) into patterns: @pattern, @ratio, @sampleCount, @severityLabel. */
  | { cmd: 'pattern'; source: Expr; loc: Span }
  | { cmd: 'unnest'; source: Extract<Expr, { k: 'field' }>; name: string; loc: Span };
