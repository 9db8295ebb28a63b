import { describe, expect, it } from 'vitest';
import { JobError } from './errors.js';
import { initialStatus, pauseExpiry, statusAfterRun, userChange, USER_PAUSE_EXPIRY_MS } from './state-machine.js';
import type { JobStatus } from './types.js';

const subject = (status: JobStatus, jobType: 'ONE_TIME' | 'SCHEDULED' = 'ONE_TIME', hasRunInProgress = true) => ({ status, jobType, hasRunInProgress });

describe('userChange (UpdateClassificationJob)', () => {
  it('cancels from IDLE, PAUSED, RUNNING and USER_PAUSED only', () => {
    for (const s of ['IDLE', 'PAUSED', 'RUNNING', 'USER_PAUSED'] as const) expect(userChange(subject(s), 'CANCELLED').to).toBe('CANCELLED');
    for (const s of ['COMPLETE', 'CANCELLED'] as const) expect(() => userChange(subject(s), 'CANCELLED')).toThrow(JobError);
  });

  it('pauses from IDLE, PAUSED and RUNNING only', () => {
    for (const s of ['IDLE', 'PAUSED', 'RUNNING'] as const) expect(userChange(subject(s), 'USER_PAUSED')).toMatchObject({ kind: 'pause', event: 'JOB_PAUSED_BY_USER' });
    for (const s of ['COMPLETE', 'CANCELLED', 'USER_PAUSED'] as const) expect(() => userChange(subject(s), 'USER_PAUSED')).toThrow(/can't be changed/);
  });

  it('resumes only from USER_PAUSED: to RUNNING with a run in progress, else IDLE for a scheduled job', () => {
    expect(userChange(subject('USER_PAUSED', 'ONE_TIME'), 'RUNNING').to).toBe('RUNNING');
    expect(userChange(subject('USER_PAUSED', 'SCHEDULED', true), 'RUNNING').to).toBe('RUNNING');
    expect(userChange(subject('USER_PAUSED', 'SCHEDULED', false), 'RUNNING').to).toBe('IDLE');
    for (const s of ['IDLE', 'PAUSED', 'RUNNING', 'COMPLETE', 'CANCELLED'] as const) expect(() => userChange(subject(s), 'RUNNING')).toThrow(JobError);
  });

  it('refuses statuses a user may not ask for, and values that are not statuses', () => {
    for (const r of ['COMPLETE', 'IDLE', 'PAUSED', 'running', '']) {
      const err = (() => { try { userChange(subject('RUNNING'), r); } catch (e) { return e as JobError; } })();
      expect(err?.kind).toBe('validation');
    }
  });
});

describe('automatic transitions', () => {
  it('starts one-time and initial-run jobs RUNNING, other scheduled jobs IDLE', () => {
    expect(initialStatus('ONE_TIME', false)).toBe('RUNNING');
    expect(initialStatus('SCHEDULED', true)).toBe('RUNNING');
    expect(initialStatus('SCHEDULED', false)).toBe('IDLE');
    expect(statusAfterRun('ONE_TIME')).toBe('COMPLETE');
    expect(statusAfterRun('SCHEDULED')).toBe('IDLE');
  });

  it('cancels a one-time job paused for 30 days, expires a paused scheduled run, and does nothing before', () => {
    const pausedAtMs = 1_000;
    const at = pausedAtMs + USER_PAUSE_EXPIRY_MS;
    expect(pauseExpiry({ status: 'USER_PAUSED', jobType: 'ONE_TIME', pausedAtMs, hasRunInProgress: true }, at - 1)).toBe('none');
    expect(pauseExpiry({ status: 'USER_PAUSED', jobType: 'ONE_TIME', pausedAtMs, hasRunInProgress: true }, at)).toBe('cancel');
    expect(pauseExpiry({ status: 'USER_PAUSED', jobType: 'SCHEDULED', pausedAtMs, hasRunInProgress: true }, at)).toBe('expire-run');
    expect(pauseExpiry({ status: 'USER_PAUSED', jobType: 'SCHEDULED', pausedAtMs, hasRunInProgress: false }, at)).toBe('none');
    expect(pauseExpiry({ status: 'RUNNING', jobType: 'ONE_TIME', pausedAtMs, hasRunInProgress: true }, at)).toBe('none');
  });
});
