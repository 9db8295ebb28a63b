// S3 Select's SQL (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-select-sql-reference.html) as a peggy
// grammar, compiled once by parser.ts. Keywords are case-insensitive; "double-quoted" identifiers keep their case.
export const SELECT_GRAMMAR = String.raw`
Statement
  = _ SELECT _ items:SelectList _ FROM _ from:From where:(_ WHERE _ e:Expr { return e; })? limit:(_ LIMIT _ n:Integer { return n; })? _ ";"? _
    { return { items, from, where: where ?? undefined, limit: limit ?? undefined }; }

SelectList
  = "*" { return '*'; }
  / head:SelectItem tail:(_ "," _ i:SelectItem { return i; })* { return [head, ...tail]; }

SelectItem
  = expr:Expr alias:(_ AS _ a:Identifier { return a.name; } / __ !Keyword a:Identifier { return a.name; })? { return { expr, alias: alias ?? undefined }; }

From
  = name:Identifier &{ return name.name.toLowerCase() === 's3object'; } path:SourcePath alias:(_ AS _ a:Identifier { return a.name; } / __ !Keyword a:Identifier { return a.name; })?
    { return { path, alias: alias ?? undefined }; }

SourcePath
  = steps:(_ s:PathStep { return s; })*

PathStep
  = "[" _ "*" _ "]" { return { kind: 'wildcard' }; }
  / "[" _ n:Integer _ "]" { return { kind: 'index', index: n }; }
  / "[" _ s:StringLiteral _ "]" { return { kind: 'field', name: s, quoted: true }; }
  / "." _ i:Identifier { return { kind: 'field', name: i.name, quoted: i.quoted }; }

Expr = OrExpr

OrExpr
  = head:AndExpr tail:(_ OR _ r:AndExpr { return r; })* { return tail.reduce((l, r) => ({ type: 'binary', op: 'OR', left: l, right: r }), head); }

AndExpr
  = head:NotExpr tail:(_ AND _ r:NotExpr { return r; })* { return tail.reduce((l, r) => ({ type: 'binary', op: 'AND', left: l, right: r }), head); }

NotExpr
  = NOT _ arg:NotExpr { return { type: 'unary', op: 'NOT', arg }; }
  / Predicate

Predicate
  = arg:Concat tail:(_ t:PredicateTail { return t; })? { return tail ? tail(arg) : arg; }

PredicateTail
  = not:(NOT _)? LIKE _ pattern:Concat escape:(_ ESCAPE _ e:Concat { return e; })?
    { return (arg) => ({ type: 'like', arg, pattern, escape: escape ?? undefined, not: !!not }); }
  / not:(NOT _)? BETWEEN _ low:Concat _ AND _ high:Concat { return (arg) => ({ type: 'between', arg, low, high, not: !!not }); }
  / not:(NOT _)? IN _ "(" _ list:ExprList _ ")" { return (arg) => ({ type: 'in', arg, list, not: !!not }); }
  / IS _ not:(NOT _)? what:(NULL / MISSING / TRUE / FALSE) { return (arg) => ({ type: 'is', arg, what, not: !!not }); }
  / op:CompareOp _ right:Concat { return (left) => ({ type: 'binary', op: op === '<>' ? '!=' : op, left, right }); }

CompareOp = "<=" / ">=" / "<>" / "!=" / "=" / "<" / ">"

Concat
  = head:Additive tail:(_ "||" _ r:Additive { return r; })* { return tail.reduce((l, r) => ({ type: 'binary', op: '||', left: l, right: r }), head); }

Additive
  = head:Multiplicative tail:(_ op:("+" / "-") _ r:Multiplicative { return [op, r]; })*
    { return tail.reduce((l, [op, r]) => ({ type: 'binary', op, left: l, right: r }), head); }

Multiplicative
  = head:Unary tail:(_ op:("*" / "/" / "%") _ r:Unary { return [op, r]; })*
    { return tail.reduce((l, [op, r]) => ({ type: 'binary', op, left: l, right: r }), head); }

Unary
  = op:("-" / "+") _ arg:Unary { return { type: 'unary', op, arg }; }
  / Primary

Primary
  = "(" _ e:Expr _ ")" { return e; }
  / Literal
  / CastCall
  / TrimCall
  / SubstringCall
  / name:Identifier _ "(" _ "*" _ ")" { return { type: 'call', name: name.name.toUpperCase(), args: [], star: true }; }
  / name:Identifier _ "(" _ args:ExprList? _ ")" { return { type: 'call', name: name.name.toUpperCase(), args: args ?? [] }; }
  / Path

CastCall
  = CAST _ "(" _ arg:Expr _ AS _ to:TypeName _ ")" { return { type: 'cast', arg, to }; }

TypeName
  = t:$([A-Za-z]+) { return t.toUpperCase(); }

TrimCall
  = TRIM _ "(" _ spec:(s:(LEADING / TRAILING / BOTH) _ { return s; })? chars:(c:Expr _ { return c; })? FROM _ arg:Expr _ ")"
    { return { type: 'call', name: 'TRIM', args: chars ? [arg, chars] : [arg], trim: spec ?? 'BOTH' }; }
  / TRIM _ "(" _ arg:Expr _ ")" { return { type: 'call', name: 'TRIM', args: [arg], trim: 'BOTH' }; }

SubstringCall
  = SUBSTRING _ "(" _ arg:Expr _ FROM _ start:Expr len:(_ FOR _ l:Expr { return l; })? _ ")"
    { return { type: 'call', name: 'SUBSTRING', args: len ? [arg, start, len] : [arg, start] }; }

ExprList
  = head:Expr tail:(_ "," _ e:Expr { return e; })* { return [head, ...tail]; }

Path
  = head:Identifier steps:(_ s:PathStep { return s; })*
    { return { type: 'path', steps: [{ kind: 'field', name: head.name, quoted: head.quoted }, ...steps] }; }

Literal
  = s:StringLiteral { return { type: 'literal', value: s }; }
  / n:Number { return { type: 'literal', value: n }; }
  / TRUE { return { type: 'literal', value: true }; }
  / FALSE { return { type: 'literal', value: false }; }
  / NULL { return { type: 'literal', value: null }; }
  / MISSING { return { type: 'literal', value: undefined }; }

StringLiteral "string"
  = "'" chars:("''" { return "'"; } / [^']) * "'" { return chars.join(''); }

Number "number"
  = text:$([0-9]+ ("." [0-9]*)? ([eE] [+-]? [0-9]+)? / "." [0-9]+ ([eE] [+-]? [0-9]+)?) !IdentChar { return Number(text); }

Integer "integer"
  = digits:$([0-9]+) !IdentChar { return Number(digits); }

Identifier "identifier"
  = '"' chars:('""' { return '"'; } / [^"])+ '"' { return { name: chars.join(''), quoted: true }; }
  / !Keyword name:$([A-Za-z_] IdentChar*) { return { name, quoted: false }; }

IdentChar = [A-Za-z0-9_]

Keyword
  = (SELECT / FROM / WHERE / LIMIT / AS / AND / OR / NOT / LIKE / ESCAPE / BETWEEN / IN / IS / NULL / MISSING / TRUE / FALSE / CAST) !IdentChar

SELECT = "SELECT"i !IdentChar
FROM = "FROM"i !IdentChar
WHERE = "WHERE"i !IdentChar
LIMIT = "LIMIT"i !IdentChar
AS = "AS"i !IdentChar
AND = "AND"i !IdentChar
OR = "OR"i !IdentChar
NOT = "NOT"i !IdentChar
LIKE = "LIKE"i !IdentChar
ESCAPE = "ESCAPE"i !IdentChar
BETWEEN = "BETWEEN"i !IdentChar
IN = "IN"i !IdentChar
IS = "IS"i !IdentChar
NULL = "NULL"i !IdentChar { return 'NULL'; }
MISSING = "MISSING"i !IdentChar { return 'MISSING'; }
TRUE = "TRUE"i !IdentChar { return 'TRUE'; }
FALSE = "FALSE"i !IdentChar { return 'FALSE'; }
CAST = "CAST"i !IdentChar
TRIM = "TRIM"i !IdentChar
SUBSTRING = "SUBSTRING"i !IdentChar
LEADING = "LEADING"i !IdentChar { return 'LEADING'; }
TRAILING = "TRAILING"i !IdentChar { return 'TRAILING'; }
BOTH = "BOTH"i !IdentChar { return 'BOTH'; }
FOR = "FOR"i !IdentChar

_ "whitespace" = [ \t\r\n]*
__ "whitespace" = [ \t\r\n]+
`;
