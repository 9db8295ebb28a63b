// The CloudWatch Logs Insights query language as a peggy grammar (compiled once by parser.ts). Commands and
// keywords are case-insensitive; commands are separated by `|`; `#` starts a comment that runs to the end of the line.
export const INSIGHTS_GRAMMAR = String.raw`
{{
  const DUR = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };
  // Calendar periods: a number of months.
  const MONTHS = { mo: 1, q: 3, y: 12 };
  const CAP = { ms: 1000, s: 60, m: 60, h: 24 };
  // Every spelling of a unit the docs list; those longer than one character may take a plural s.
  const UNIT = {'millisecond': 'ms', 'milliseconds': 'ms', 'msec': 'ms', 'msecs': 'ms', 'ms': 'ms', 'mss': 'ms', 'second': 's', 'seconds': 's', 'sec': 's', 'secs': 's', 's': 's', 'minute': 'm', 'minutes': 'm', 'min': 'm', 'mins': 'm', 'm': 'm', 'hour': 'h', 'hours': 'h', 'hr': 'h', 'hrs': 'h', 'h': 'h', 'day': 'd', 'days': 'd', 'd': 'd', 'week': 'w', 'weeks': 'w', 'w': 'w', 'month': 'mo', 'months': 'mo', 'mon': 'mo', 'mons': 'mo', 'mo': 'mo', 'mos': 'mo', 'quarter': 'q', 'quarters': 'q', 'qtr': 'q', 'qtrs': 'q', 'q': 'q', 'year': 'y', 'years': 'y', 'yr': 'y', 'yrs': 'y', 'y': 'y'};
  function span(l) { return { start: l.start.offset, end: l.end.offset }; }
  function fold(head, tail, l) {
    return tail.reduce((left, t) => ({ k: 'bin', op: t[1].toLowerCase(), l: left, r: t[3], loc: { start: left.loc.start, end: t[3].loc.end } }), head);
  }
}}

Query = _ head:Command tail:(_ "|" _ c:Command { return c; })* _ { return [head, ...tail]; }

Command = FieldsCmd / DisplayCmd / FilterCmd / StatsCmd / SortCmd / LimitCmd / ParseCmd / DedupCmd / UnnestCmd / PatternCmd / DiffCmd

FieldsCmd = K_FIELDS _ items:Projections { return { cmd: 'fields', items, loc: span(location()) }; }
DisplayCmd = K_DISPLAY _ names:FieldList { return { cmd: 'display', names, loc: span(location()) }; }
FilterCmd = K_FILTER _ expr:Expr { return { cmd: 'filter', expr, loc: span(location()) }; }
StatsCmd = K_STATS _ aggs:Projections by:(_ K_BY _ g:Projections { return g; })? { return { cmd: 'stats', aggs, by: by ?? [], loc: span(location()) }; }
SortCmd = K_SORT _ head:SortKey tail:(_ "," _ k:SortKey { return k; })* { return { cmd: 'sort', keys: [head, ...tail], loc: span(location()) }; }
LimitCmd = K_LIMIT _ any:(K_ANY _)? n:$[0-9]+ !IdentChar { return { cmd: 'limit', n: Number(n), any: !!any, loc: span(location()) }; }
ParseCmd
  = K_PARSE _ source:(f:Field _ &(String / Regex) { return f; })? p:ParsePattern { return { cmd: 'parse', source: source ?? { k: 'field', name: '@message', loc: span(location()) }, ...p, loc: span(location()) }; }
ParsePattern
  = glob:String _ K_AS _ names:FieldList { return { glob: glob.v, names }; }
  / r:Regex { return { regex: r.source }; }
DedupCmd = K_DEDUP _ names:FieldList { return { cmd: 'dedup', names, loc: span(location()) }; }
PatternCmd = K_PATTERN source:(_ !("|" / !.) e:Expr { return e; })? { return { cmd: 'pattern', source: source ?? { k: 'field', name: '@message', loc: span(location()) }, loc: span(location()) }; }
// diff (compare with a previous period) is recognised only to say why it does not run: AWS documents that its results
// are patterns compared across the two periods but not the fields they hold, and Sift does not invent them.
DiffCmd = "diff"i !IdentChar (_ ("previousDay"i / "previousWeek"i / "previousMonth"i) !IdentChar)? {
  error('The diff command is not supported by Sift: AWS does not document the fields of its results. Run the query (for example with pattern) over each period instead.');
}
UnnestCmd = K_UNNEST _ source:Field _ K_INTO _ name:FieldName { return { cmd: 'unnest', source, name, loc: span(location()) }; }

SortKey = e:Expr dir:(_ d:(K_ASC / K_DESC) { return d; })? { return { expr: e, text: text().replace(/\s+(asc|desc)$/i, ''), desc: (dir ?? 'desc').toLowerCase() === 'desc' }; }

Projections = head:Projection tail:(_ "," _ p:Projection { return p; })* { return [head, ...tail]; }
Projection = e:Expr a:(_ K_AS _ n:FieldName { return n; })? {
  const t = text();
  return { expr: e, alias: a ?? undefined, text: a ? t.slice(0, e.loc.end - location().start.offset) : t };
}
FieldList = head:FieldName tail:(_ "," _ f:FieldName { return f; })* { return [head, ...tail]; }

Expr = OrExpr
OrExpr = head:AndExpr tail:(_ K_OR _ AndExpr)* { return fold(head, tail); }
AndExpr = head:NotExpr tail:(_ K_AND _ NotExpr)* { return fold(head, tail); }
NotExpr
  = K_NOT _ e:NotExpr { return { k: 'not', e, loc: span(location()) }; }
  / "!" !"=" _ e:NotExpr { return { k: 'not', e, loc: span(location()) }; }
  / Comparison
Comparison
  = l:Additive _ op:CmpOp _ r:Additive { return { k: 'bin', op, l, r, loc: span(location()) }; }
  / e:Additive _ n:(K_NOT _)? K_LIKE _ p:(Regex / String) { return { k: 'like', e, pattern: p, negate: !!n, regexOp: false, loc: span(location()) }; }
  / e:Additive _ "=~" _ p:(Regex / String) { return { k: 'like', e, pattern: p, negate: false, regexOp: true, loc: span(location()) }; }
  / e:Additive _ n:(K_NOT _)? K_IN _ l:List { return { k: 'in', e, list: l.items, negate: !!n, loc: span(location()) }; }
  / Additive
CmpOp = "<=" / ">=" / "!=" / "==" { return '='; } / "=" !"~" { return '='; } / "<" / ">"
Additive = head:Multiplicative tail:(_ ("+" / "-") _ Multiplicative)* { return fold(head, tail); }
Multiplicative = head:Power tail:(_ ("*" / "/" / "%") _ Power)* { return fold(head, tail); }
Power = head:Unary tail:(_ "^" _ Unary)* { return fold(head, tail); }
Unary
  = "-" _ e:Unary { return e.k === 'num' ? { ...e, v: -e.v, loc: span(location()) } : { k: 'neg', e, loc: span(location()) }; }
  / Primary
Primary = Duration / Number / String / Regex / Call / Field / "(" _ e:Expr _ ")" { return e; } / List

Call = fn:$([A-Za-z_][A-Za-z0-9_]*) _ "(" _ args:Args _ ")" { return { k: 'call', fn: fn.toLowerCase(), args: args === '*' ? [] : args, star: args === '*', loc: span(location()) }; }
Args = "*" / head:Expr tail:(_ "," _ a:Expr { return a; })* { return [head, ...tail]; } / "" { return []; }
List = "[" _ items:(head:Expr tail:(_ "," _ e:Expr { return e; })* { return [head, ...tail]; })? _ "]" { return { k: 'list', items: items ?? [], loc: span(location()) }; }
Field = name:FieldName { return { k: 'field', name, loc: span(location()) }; }
FieldName
  = "${'`'}" name:$[^${'`'}]+ "${'`'}" { return name; }
  / !Reserved name:$([@A-Za-z_$] [A-Za-z0-9_@$]* ("." [A-Za-z0-9_@$]+ / "[" [0-9]+ "]")*) { return name.replace(/\[([0-9]+)\]/g, '.$1'); }

Duration = n:$([0-9]+ ("." [0-9]+)?) u:$("milliseconds"i / "millisecond"i / "quarters"i / "minutes"i / "quarter"i / "seconds"i / "minute"i / "months"i / "second"i / "hours"i / "month"i / "msecs"i / "weeks"i / "years"i / "days"i / "hour"i / "mins"i / "mons"i / "msec"i / "qtrs"i / "secs"i / "week"i / "year"i / "day"i / "hrs"i / "min"i / "mon"i / "mos"i / "mss"i / "qtr"i / "sec"i / "yrs"i / "hr"i / "mo"i / "ms"i / "yr"i / "d"i / "h"i / "m"i / "q"i / "s"i / "w"i / "y"i) !IdentChar {
  const unit = UNIT[u.toLowerCase()];
  let v = Number(n);
  // CloudWatch Logs caps a count above what the next unit holds (bin(300s) is bin(60s)).
  if (CAP[unit] !== undefined && v > CAP[unit]) v = CAP[unit];
  if (MONTHS[unit] !== undefined) {
    if (!Number.isInteger(v) || v < 1) error('A period in months, quarters or years must be a whole number of at least 1.');
    return { k: 'dur', ms: 0, months: v * MONTHS[unit], text: text(), loc: span(location()) };
  }
  return { k: 'dur', ms: v * DUR[unit], text: text(), loc: span(location()) };
}
Number = n:$([0-9]+ ("." [0-9]+)? ([eE] [+-]? [0-9]+)?) !IdentChar { return { k: 'num', v: Number(n), loc: span(location()) }; }
String
  = '"' chars:DqChar* '"' { return { k: 'str', v: chars.join(''), loc: span(location()) }; }
  / "'" chars:SqChar* "'" { return { k: 'str', v: chars.join(''), loc: span(location()) }; }
DqChar = "\\" c:. { return c === 'n' ? '\n' : c === 't' ? '\t' : c; } / [^"\\]
SqChar = "\\" c:. { return c === 'n' ? '\n' : c === 't' ? '\t' : c; } / [^'\\]
Regex = "/" body:$(("\\" . / [^/\\\n])+) "/" { return { k: 'regex', source: body.replace(/\\\//g, '/'), loc: span(location()) }; }

IdentChar = [A-Za-z0-9_@$.]
Reserved = (K_AND / K_OR / K_NOT / K_LIKE / K_IN / K_AS / K_BY / K_ASC / K_DESC / K_INTO) !IdentChar
K_FIELDS = "fields"i !IdentChar
K_DISPLAY = "display"i !IdentChar
K_FILTER = "filter"i !IdentChar
K_STATS = "stats"i !IdentChar
K_SORT = "sort"i !IdentChar
K_LIMIT = "limit"i !IdentChar
K_PARSE = "parse"i !IdentChar
K_DEDUP = "dedup"i !IdentChar
K_UNNEST = "unnest"i !IdentChar
K_PATTERN = "pattern"i !IdentChar
K_INTO = "into"i !IdentChar
K_BY = "by"i !IdentChar
K_ANY = "any"i !IdentChar
K_AS = "as"i !IdentChar
K_AND = "and"i !IdentChar { return 'and'; }
K_OR = "or"i !IdentChar { return 'or'; }
K_NOT = "not"i !IdentChar
K_LIKE = "like"i !IdentChar
K_IN = "in"i !IdentChar
K_ASC = "asc"i !IdentChar { return 'asc'; }
K_DESC = "desc"i !IdentChar { return 'desc'; }

_ "whitespace" = ([ \t\r\n] / "#" [^\n]*)*
`;
