// Input, InputPath and InputTransformer as EventBridge's input transformation guide describes them, on its EC2 example
// event: substitution by context (bare JSON value vs inside a string), text templates for SNS, predefined variables,
// absent paths, wildcards and indices, and what PutTargets refuses.
import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, parseJsonPath, targetInput, transform, transformerProblem, InputPathError } from './input-transform.js';

const event = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING', n: 3, tags: { a: 'b' }, list: [{ id: 1 }, { id: 2 }] },
};
const ctx = { ruleName: 'r1', ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/r1', ingestedAt: Date.parse('2015-11-11T21:29:55Z') };
const paths = { instance: '$.detail.instance-id', state: '$.detail.state' };

describe('input transformer', () => {
  it('puts strings in quotes as bare JSON values and as they are inside a string', () => {
    const out = transform({ InputPathsMap: paths, InputTemplate: '{"instance" : <instance>, "state": [9, <state>, true], "Transformed" : "Yes"}' }, event, ctx);
    expect(JSON.parse(out)).toEqual({ instance: 'i-0123456789', state: [9, 'RUNNING', true], Transformed: 'Yes' });
    const inString = transform({ InputPathsMap: paths, InputTemplate: '{"myStatus": "<instance> is in state \\"<state>\\""}' }, event, ctx);
    expect(JSON.parse(inString)).toEqual({ myStatus: 'i-0123456789 is in state "RUNNING"' });
  });

  it('fills a text template (SNS) without quotes, and keeps a quoted template quoted', () => {
    expect(transform({ InputPathsMap: paths, InputTemplate: '<instance> is in state <state>' }, event, ctx)).toBe('i-0123456789 is in state RUNNING');
    expect(transform({ InputPathsMap: paths, InputTemplate: '"instance <instance> is in <state>"' }, event, ctx)).toBe('"instance i-0123456789 is in RUNNING"');
  });

  it('writes objects as JSON when bare and without their inner quotes inside a string', () => {
    const t = { InputPathsMap: { detail: '$.detail.tags', n: '$.detail.n' }, InputTemplate: '{"d": <detail>, "s": "tags <detail> n <n>", "n": <n>}' };
    expect(transform(t, event, ctx)).toBe('{"d": {"a":"b"}, "s": "tags {a:b} n 3", "n": 3}');
  });

  it('fills the predefined variables', () => {
    const out = JSON.parse(
      transform({ InputTemplate: '{"name": <aws.events.rule-name>, "arn": "<aws.events.rule-arn>", "at": <aws.events.event.ingestion-time>, "e": <aws.events.event>, "all": <aws.events.event.json>}' }, event, ctx),
    );
    expect(out.name).toBe('r1');
    expect(out.arn).toBe(ctx.ruleArn);
    expect(out.at).toBe('2015-11-11T21:29:55.000Z');
    const { detail: _detail, ...withoutDetail } = event;
    expect(out.e).toEqual(withoutDetail);
    expect(out.all).toEqual(event);
  });

  it('leaves out a variable whose path is not in the event, and leaves unknown <tags> alone', () => {
    expect(transform({ InputPathsMap: { gone: '$.detail.nothing' }, InputTemplate: 'x<gone>y <b>bold</b>' }, event, ctx)).toBe('xy <b>bold</b>');
  });

  it('takes Input, then InputPath, then the whole event', () => {
    expect(targetInput({ Input: '{"fixed":1}' }, event, ctx)).toBe('{"fixed":1}');
    expect(JSON.parse(targetInput({ InputPath: '$.detail.tags' }, event, ctx))).toEqual({ a: 'b' });
    expect(targetInput({ InputPath: '$.detail.none' }, event, ctx)).toBe('null');
    expect(JSON.parse(targetInput({}, event, ctx))).toEqual(event);
  });
});

describe('JsonPath subset', () => {
  it('reads members, dashes, indices and wildcards', () => {
    expect(evaluateJsonPath(event, '$')).toBe(event);
    expect(evaluateJsonPath(event, '$.detail-type')).toBe('EC2 Instance State-change Notification');
    expect(evaluateJsonPath(event, '$.resources[0]')).toBe(event.resources[0]);
    expect(evaluateJsonPath(event, '$.detail.list[*].id')).toEqual([1, 2]);
    expect(evaluateJsonPath(event, '$.detail.list[5]')).toBeUndefined();
    expect(evaluateJsonPath(event, '$.detail.tags.*')).toEqual(['b']);
  });

  it('refuses bracket member names and text outside the subset', () => {
    for (const bad of ['detail', '$[\'detail\']', '$..detail', '$.a[?(@.x)]', '$.a b', '$.']) expect(() => parseJsonPath(bad), bad).toThrow(InputPathError);
  });
});

describe('validation at PutTargets', () => {
  it('accepts the guide examples', () => {
    expect(transformerProblem({ InputPathsMap: paths, InputTemplate: '{"myInstance": <instance>,"myStatus": "<instance> is in state \\"<status>\\""}' })).toBeUndefined();
    expect(transformerProblem({ InputPathsMap: paths, InputTemplate: '<instance> is in state <status>' })).toBeUndefined();
  });

  it('refuses a placeholder as a key, a broken JSON object template, reserved keys and bad paths', () => {
    expect(transformerProblem({ InputPathsMap: paths, InputTemplate: '{<instance>: 1}' })).toMatch(/JSON/);
    expect(transformerProblem({ InputPathsMap: paths, InputTemplate: '{"a": <instance>' })).toBeDefined();
    expect(transformerProblem({ InputPathsMap: { 'AWS.x': '$.a' }, InputTemplate: 'x' })).toMatch(/reserved/);
    expect(transformerProblem({ InputPathsMap: { a: 'detail.x' }, InputTemplate: 'x' })).toMatch(/InputPathsMap\[a\]/);
  });
});
