// Table-driven: each pattern runs against every event of its family; the expected set is written from the
// CloudWatch Logs guide's documented semantics (its own examples where it has them, noted choices where it has not).
import { describe, it, expect } from 'vitest';
import { compileFilterPattern } from './index.js';
import { jsonEvents, lineEvents, textEvents } from './test-events.js';

type Expect = string[] | { allBut: string[] };
type Case = [pattern: string, expected: Expect];

const ERROR_SET = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't10', 't12'];

const textCases: Case[] = [
  ['ERROR', ERROR_SET],
  ['ERROR Exception', ['t3']],
  ['ERROR ARGUMENTS', ['t5', 't6']],
  ['?ERROR ?ARGUMENTS', ERROR_SET],
  ['?ERROR ?WARN', [...ERROR_SET, 't9']],
  ['? ERROR ? WARN', [...ERROR_SET, 't9']],
  ['ERROR WARN', ['t10']],
  ['ERROR -WARN', ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't12']],
  ['ERROR -ARGUMENTS', ['t1', 't2', 't3', 't4', 't7', 't10', 't12']],
  ['"ERROR" - "Exiting"', ['t1', 't3', 't4', 't5', 't6', 't7', 't10', 't12']],
  ['"INTERNAL SERVER ERROR"', ['t7']],
  ['?ERROR ?ARGUMENTS REQUEST', ['t4', 't8', 't12', 't13']],
  ['""', { allBut: [] }],
  ['" "', { allBut: [] }],
  ['', { allBut: [] }],
  ['   ', { allBut: [] }],
  ['error', ['t11']],
  ['REQUEST', ['t4', 't8', 't12', 't13']],
  ['AUTHORIZED', ['t12', 't13']],
  ['user@example.com', ['t29']],
  ['"user@example.com"', ['t29']],
  ['-ERROR', { allBut: ERROR_SET }],
  ['-"ERROR" -WARN', { allBut: [...ERROR_SET, 't9'] }],
  ['?WARN ?INFO', ['t8', 't9', 't10']],
  ['"ERROR 4"', ['t4', 't5', 't6', 't12']],
  ['ERROR 400', ['t4']],
  ['"[ERROR]"', ['t1', 't3']],
  ['ERROR "ERROR"', ERROR_SET],
  ['  ERROR   ARGUMENTS  ', ['t5', 't6']],
  ['ERROR ""', ERROR_SET],
  ['%AUTHORIZED%', ['t12', 't13']],
  ['%^[hc]at%', ['t14']],
  ['%[hc]at$%', ['t15']],
  ['%colou?r%', ['t16', 't17']],
  ['%a{3,5}%', ['t18']],
  ['%gra|ey%', ['t19', 't28']],
  ['%^starting|^initializing|^shutting down%', ['t21']],
  ['%\\[.\\]%', ['t22']],
  ['%10\\.10\\.0\\.1%', ['t23']],
  ['%10.10.0.1%', ['t23', 't24']],
  ['%ab*c%', ['t20', 't25', 't26']],
  ['%ab+c%', ['t26']],
  ['%.at%', ['t1', 't14', 't15', 't27']],
  ['%\\x3A%', ['t2', 't11', 't28']],
  ['%^\\[ERROR [0-9]+\\]%', ['t4', 't5', 't6', 't7', 't12']],
  ['%[0-9]{3}\\]%', ['t4', 't5', 't6', 't7', 't12', 't13']],
  ['%\\d+%', ['t2', 't4', 't5', 't6', 't7', 't12', 't13', 't22', 't23', 't24']],
  ['%^.{2}$%', ['t25']],
  ['%\\s%', { allBut: ['t16', 't17', 't18', 't19', 't25', 't26', 't27'] }],
  ['  %ERRORCODE%  ', ['t2']],
];

const jsonCases: Case[] = [
  ['{ $.eventType = "UpdateTrail" }', ['j1']],
  ['{ $.eventType = UpdateTrail }', ['j1']],
  ['{$.eventType="UpdateTrail"}', ['j1']],
  ['{ $.sourceIPAddress != 123.123.* }', ['j1']],
  ['{ $.arrayKey[0] = "value" }', ['j1']],
  ['{ $.objectList[1].id = 2 }', ['j1']],
  ['{ $.SomeObject IS NULL }', ['j1']],
  ['{ $.SomeOtherObject NOT EXISTS }', ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7', 'j8', 'j9', 'j10', 'j13', 'j15']],
  ['{ $.ThisFlag IS TRUE }', ['j1']],
  ['{ $.ThisFlag IS FALSE }', ['j9']],
  ['{ $.eventType = %Trail% }', ['j1']],
  ['{ $.arrayKey[*] = %val.{2}% }', ['j1']],
  ['{ $.* = %111\\.111\\.111\\.1[0-9]{1,2}% }', ['j1']],
  ["{ $.['cluster.name'] = \"c\" }", ['j1']],
  ['{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }', ['j1']],
  ['{ $.arrayKey = "value" }', []],
  ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', ['j2']],
  ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', []],
  ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', ['j2']],
  ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', []],
  ['{ $.latency >= 500 }', ['j4']],
  ['{ $.numbers[0] < 10e3 }', ['j3']],
  ['{ $.numbers[1] < 10e-3 }', ['j3']],
  ['{ $.processes[4].averageRuntime <= 55.5 }', ['j3']],
  ['{ $.errorCode = 400 }', ['j3']],
  ['{ $.errorCode != 500 }', ['j3', 'j8', 'j9']],
  ['{ $.latency > +1000 }', ['j4']],
  ['{ $.bandwidth > 75 }', ['j3']],
  ['{ $.numbers[2] = 1e+3 }', ['j3']],
  ['{ $.numbers[2] != 1e-3 }', ['j3']],
  ['{ $.latency = * }', ['j3', 'j4']],
  ['{$.foo = bar}', ['j5']],
  ['{$.foo = bar || $.foo = baz}', ['j5', 'j6']],
  ['{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }', ['j8', 'j9']],
  ['{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }', ['j7']],
  ['{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }', ['j7']],
  [
    '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) }',
    ['j8', 'j9'],
  ],
  ['{ $.msg = "say \\"hi\\"" }', ['j9']],
  ['{ $.path = "a/b" }', ['j9']],
  ['{ $.unicode = "café" }', ['j10']],
  ['{ $.n < 0 }', ['j10']],
  ['{ $.big = 1500 }', ['j10']],
  ['{ $.users = 1 }', []],
  ['{ $.users != 1 }', []],
  ['{ $.users[*] = 2 }', ['j15']],
  ['{ $.obj = * }', []],
  ['{ $.obj.a = 1 }', ['j15']],
  ['{ $.empty = "" }', ['j15']],
  ['{ $.zero = 0 }', ['j15']],
  ['{ $.neg <= -1.5 }', ['j15']],
  ['{ $.str5 = 5 }', ['j15']],
  ['{ $.str5 > 4 }', []],
  ['{ $[0] = 1 }', ['j13']],
  ['{ $.foo = "ba*" }', ['j5', 'j6']],
  ['{ $.foo = "b*r" }', []],
  ['{ $.eventName = *Security* }', ['j8', 'j9']],
  ['{ $.userIdentity.type = Root && $.eventType = AwsServiceEvent }', ['j8']],
  ['{ $.actions[1] = PUT }', ['j2']],
  ['{ $.coordinates[1][2] = 6 }', ['j2']],
  ['{ $.coordinates[*][0] = 7 }', ['j2']],
  ['{ $.users[*].email = "Jane*" }', ['j2']],
  ['{ $.ThisFlag = true }', ['j1']],
  ['{ $.SomeObject is null }', ['j1']],
  ['{ $.requestType = GET && ($.latency < 100 || $.errorCode = 500) }', ['j3']],
  ['{ $.requestType = PUT && ($.latency < 100 || $.errorCode = 500) }', ['j4']],
  ['{ $.SomeObject = * }', []],
  ['{ $.SomeObject != "x" }', []],
  ['{ $.nothing != "x" }', []],
  ['{ $.objectList[5].id = 1 }', []],
  ['{ $.eventType = "UpdateTrail" || $.foo = "bar" }', ['j1', 'j5']],
  ['{ $.userIdentity.arn = "arn:aws:iam::111122223333:root" }', ['j7']],
  ['{ $.sourceIPAddress = 123.123.* }', ['j7']],
  ['{ $.sourceIPAddress = %^123\\.% }', ['j7']],
  ['{ $.errorCode != %Denied% }', ['j3', 'j4', 'j8']],
  ['{ $.eventType = "UpdateTrail" && $.foo = "bar" }', []],
  ['{ (($.foo = bar)) }', ['j5']],
  ['{ $.foo = bar && $.foo != baz || $.latency > 1000 }', ['j4', 'j5']],
  ['{ $.foo = bar && ($.foo != baz || $.latency > 1000) }', ['j5']],
];

const ALL_LINES_WITH_3 = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'];

const lineCases: Case[] = [
  ['[ip, user, username, timestamp, request, status_code, bytes]', ['d1', 'd2', 'd3', 'd6']],
  ['[ip, user, username, timestamp, request, status_code, bytes > 1000]', ['d1', 'd3']],
  ['[ip, user, username, timestamp, request, status_code = 200, bytes]', ['d2']],
  ['[ip, user, username, timestamp, request, status_code = 4*, bytes]', ['d1', 'd3']],
  ['[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]', ['d1', 'd3']],
  ['[..., request = *.html*, status_code = 4*, bytes]', ['d1', 'd3']],
  ['[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]', ['d1', 'd3']],
  ['[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]', ['d1']],
  ['[w1=ERROR, w2]', ['d6']],
  ['[w1=ERROR || w1=WARNING, w2]', ['d5', 'd6']],
  ['[w1!=ERROR && w1!=WARNING, w2]', ['d1', 'd2', 'd3', 'd4', 'd7']],
  ['[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]', ['d4']],
  ['[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]', ['d7']],
  ['[..., request=*.html*, status_code=4*,]', ['d1', 'd3']],
  ['[ip, user, ...]', ALL_LINES_WITH_3],
  ['[...]', { allBut: [] }],
  ['[w1]', { allBut: [] }],
  ['[w1=ERROR]', []],
  ['[w1=single]', ['d8']],
  ['[a, b, c, d, e, f, g, h]', []],
  ['[..., status, bytes < 1000]', ['d2']],
  ['[..., status = 200 || status = 404, bytes]', ['d1', 'd2']],
  ['[ip, ..., bytes >= 1534]', ['d1', 'd3']],
  ['[ip, user = -, ...]', ['d1', 'd2', 'd3']],
  ['[ip, user != -, ...]', ['d4', 'd5', 'd6', 'd7']],
  ['[ip, user, username = frank || username = jane, ...]', ['d1', 'd2']],
  ['[ip, user, username, timestamp = *2000:13:25:1*, ...]', ['d1', 'd2', 'd3']],
  ['[ip, user, username, timestamp, request = "GET /index.html HTTP/1.0", ...]', ['d1']],
  ['[level, ..., last = %^[0-9]+$%]', ['d1', 'd2', 'd3', 'd4', 'd7']],
  ['[level = INFO, date, time, method = GET, ...]', ['d4', 'd7']],
  ['[level = INFO, ..., rt > 1250]', ['d7']],
  ['[level, date = 09/25/2014, ...]', ['d4', 'd5', 'd6', 'd7']],
  ['[a, b, c, d = *Oct*, ...]', ['d1', 'd2', 'd3']],
  ['[level, ..., word = request]', ['d5', 'd6']],
  ['[ip, user, username, timestamp, request, status_code = 4* && bytes > 1500, bytes]', ['d1', 'd3']],
  ['[ip, user, username, timestamp, request, status_code = 4* && bytes > 1600, bytes]', ['d3']],
  ['[ip, user, username, timestamp, request, status_code, bytes = 1534 || bytes = 512]', ['d1', 'd2']],
  ['[ip = 127.0.0.*, ...]', ['d1', 'd2']],
  ['[ip != 127.0.0.*, ...]', ['d3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9']],
  ['[w1 = %^INFO|^WARN%, w2]', ['d4', 'd5', 'd7']],
  ['[, , username, ...]', ALL_LINES_WITH_3],
  ['[..., method = GET, url, rt]', ['d4', 'd7']],
  ['[a, ..., b, ..., c]', ALL_LINES_WITH_3],
  ['[a, ..., b = GET, ..., c]', ['d4', 'd7']],
  ['[a, ..., b = 1e3, ...]', []],
  ['[..., rt = 1.2e3]', ['d4']],
  ['[ip, user, username, timestamp, request, status_code, bytes != 1534]', ['d2', 'd3', 'd6']],
];

function expectedSet(events: Record<string, string>, expected: Expect): string[] {
  if (Array.isArray(expected)) return [...expected].sort();
  return Object.keys(events)
    .filter((id) => !expected.allBut.includes(id))
    .sort();
}

function runTable(name: string, cases: Case[], events: Record<string, string>): void {
  describe(name, () => {
    it.each(cases)('%s', (pattern, expected) => {
      const compiled = compileFilterPattern(pattern);
      const matched = Object.entries(events)
        .filter(([, message]) => compiled.matches(message))
        .map(([id]) => id)
        .sort();
      expect(matched).toEqual(expectedSet(events, expected));
    });
  });
}

runTable('text and regex patterns', textCases, textEvents);
runTable('JSON patterns', jsonCases, jsonEvents);
runTable('space-delimited patterns', lineCases, lineEvents);

describe('pattern kinds', () => {
  it.each([
    ['', 'all'],
    ['""', 'all'],
    ['ERROR', 'text'],
    ['%ERR%', 'regex'],
    ['{ $.a = 1 }', 'json'],
    ['[a, b]', 'delimited'],
  ])('%s is %s', (pattern, kind) => {
    expect(compileFilterPattern(pattern).kind).toBe(kind);
  });

  it('counts regular expressions', () => {
    expect(compileFilterPattern('{ $.a = %x% || $.b = %y% }').regexCount).toBe(2);
    expect(compileFilterPattern('[a = %x%, b]').regexCount).toBe(1);
  });
});

describe('table size', () => {
  it('covers at least 150 patterns', () => {
    expect(textCases.length + jsonCases.length + lineCases.length).toBeGreaterThanOrEqual(150);
  });
});
