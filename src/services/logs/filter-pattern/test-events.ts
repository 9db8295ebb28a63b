// The fixed events the pattern tables run against: the CloudWatch Logs guide's examples plus events chosen to sit on
// the edges of each rule (case, escapes, types, arity). Built here in code, not copied from anywhere.
export const textEvents: Record<string, string> = {
  t1: '[ERROR] A fatal exception has occurred',
  t2: 'Exiting with ERRORCODE: -1',
  t3: '[ERROR] Caught IllegalArgumentException',
  t4: '[ERROR 400] BAD REQUEST',
  t5: '[ERROR 419] MISSING ARGUMENTS',
  t6: '[ERROR 420] INVALID ARGUMENTS',
  t7: '[ERROR 500] INTERNAL SERVER ERROR',
  t8: '[INFO] REQUEST FAILED',
  t9: 'WARN message',
  t10: 'ERROR WARN message',
  t11: 'error: lower case',
  t12: '[ERROR 401] UNAUTHORIZED REQUEST',
  t13: '[SUCCESS 200] AUTHORIZED REQUEST',
  t14: 'hat trick',
  t15: 'the cat',
  t16: 'color',
  t17: 'colour',
  t18: 'aaa',
  t19: 'gray',
  t20: 'skipping initializing the cache',
  t21: 'shutting down now',
  t22: 'value [7] set',
  t23: 'ip 10.10.0.1 ok',
  t24: 'num 10010,051',
  t25: 'ac',
  t26: 'abbbc',
  t27: '#at',
  t28: 'key: value',
  t29: 'user@example.com logged in',
};

const obj = (v: unknown) => JSON.stringify(v);

export const jsonEvents: Record<string, string> = {
  j1: obj({
    eventType: 'UpdateTrail',
    sourceIPAddress: '111.111.111.111',
    arrayKey: ['value', 'another value'],
    objectList: [
      { name: 'a', id: 1 },
      { name: 'b', id: 2 },
    ],
    SomeObject: null,
    ThisFlag: true,
    'cluster.name': 'c',
  }),
  j2: obj({
    user: { id: 1, email: 'John.Stiles@example.com' },
    users: [
      { id: 2, email: 'John.Doe@example.com' },
      { id: 3, email: 'Jane.Doe@example.com' },
    ],
    actions: ['GET', 'PUT', 'DELETE'],
    coordinates: [
      [0, 1, 2],
      [4, 5, 6],
      [7, 8, 9],
    ],
  }),
  j3: obj({
    latency: 50,
    requestType: 'GET',
    errorCode: 400,
    bandwidth: 80,
    numbers: [2, 0.001, 1000],
    processes: [10, 20, 30, 40, 55.5].map((averageRuntime) => ({ averageRuntime })),
  }),
  j4: obj({ latency: 1500, requestType: 'PUT', errorCode: '500', bandwidth: 70, numbers: [20000, 5, 1e-3] }),
  j5: obj({ foo: 'bar' }),
  j6: obj({ foo: 'baz' }),
  j7: obj({
    userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' },
    eventType: 'AwsApiCall',
    eventName: 'ConsoleLogin',
    errorMessage: 'Failed authentication',
    sourceIPAddress: '123.123.1.5',
  }),
  j8: obj({
    userIdentity: { type: 'Root', invokedBy: 'support.amazonaws.com' },
    eventType: 'AwsServiceEvent',
    eventName: 'AuthorizeSecurityGroupIngress',
    errorCode: 'Client.UnauthorizedOperation',
  }),
  // Escapes: the raw text differs from the values (\" and \/), which the prefilter must not be fooled by.
  j9: String.raw`{"errorCode":"AccessDenied","eventName":"RevokeSecurityGroupEgress","ThisFlag":false,"msg":"say \"hi\"","path":"a\/b"}`,
  // A key spelled with a \u escape, and numbers written in other forms.
  j10: String.raw`{"uni\u0063ode":"caf\u00e9","n":-3,"big":1.5e3}`,
  j11: 'not json {"foo":"bar"}',
  j12: '{"foo":"bar"',
  j13: '[1,2,3]',
  j14: '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534',
  j15: obj({ users: [1, 2, 3], obj: { a: 1 }, empty: '', zero: 0, neg: -1.5, str5: '5' }),
};

export const lineEvents: Record<string, string> = {
  d1: '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534',
  d2: '127.0.0.2 - jane [10/Oct/2000:13:25:16 -0700] "GET /about.php HTTP/1.0" 200 512',
  d3: '10.0.0.9 - bob [10/Oct/2000:13:25:17 -0700] "POST /login.html HTTP/1.1" 410 2000',
  d4: 'INFO 09/25/2014 12:00:00 GET /service/resource/67 1200',
  d5: 'WARNING 09/25/2014 12:00:02 Invalid user request',
  d6: 'ERROR 09/25/2014 12:00:02 Failed to process request',
  d7: 'INFO 09/25/2014 12:00:01 GET /service/resource/67/part/111 1300',
  d8: 'single',
  d9: '{"foo":"bar"}',
};
