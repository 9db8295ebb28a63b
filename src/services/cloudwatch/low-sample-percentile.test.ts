import { describe, expect, it } from 'vitest';
import { ignoresLowSamples, minimumPercentileSamples } from './alarm-evaluation.js';

describe('EvaluateLowSampleCountPercentile', () => {
  it('needs 10/(1-p) samples for p ≥ 0.5 and 10/p below, for percentiles only', () => {
    expect(minimumPercentileSamples('p99')).toBe(1000);
    expect(minimumPercentileSamples('p50')).toBe(20);
    expect(minimumPercentileSamples('p10')).toBe(100);
    expect(minimumPercentileSamples('p99.9')).toBe(10000);
    expect(minimumPercentileSamples('Average')).toBeUndefined();
    expect(minimumPercentileSamples('tm99')).toBeUndefined();
  });

  it('ignore keeps the state while a datapoint has too few samples; evaluate and no setting always evaluate', () => {
    const few = [{ start: 0, value: 900, sampleCount: 19 }, { start: 60_000 }];
    const enough = [{ start: 0, value: 900, sampleCount: 20 }];
    expect(ignoresLowSamples('ignore', 'p50', few)).toBe(true);
    expect(ignoresLowSamples('ignore', 'p50', enough)).toBe(false);
    expect(ignoresLowSamples('evaluate', 'p50', few)).toBe(false);
    expect(ignoresLowSamples(undefined, 'p50', few)).toBe(false);
    expect(ignoresLowSamples('ignore', 'Maximum', few)).toBe(false);
  });
});
