// ListClassificationJobs: filter criteria (includes all hold, any exclude drops), sort and pages. Jobs of one
// account and Region are few enough to filter in memory; the page token carries the offset and a fingerprint of
// the query so it is only accepted by the query that issued it.
import { createHash } from 'node:crypto';
import { invalid } from './errors.js';
import type { Job, ListJobsInput } from './types.js';

export const LIST_JOBS_PAGE = Object.freeze({ default: 100, max: 200 });

type Term = NonNullable<NonNullable<ListJobsInput['filterCriteria']>['includes']>[number];

function dateValue(v: string): number {
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) throw invalid(`createdAt filter values must be ISO 8601 dates or epoch milliseconds; got ${v}.`);
  return ms;
}

function termMatches(term: Term, job: Job): boolean {
  const { comparator = 'EQ', key, values = [] } = term;
  if (!Array.isArray(values) || values.length === 0) throw invalid(`Each filter term needs at least one value.`);
  switch (key) {
    case 'jobType':
    case 'jobStatus': {
      const actual = key === 'jobType' ? job.jobType : job.status;
      if (comparator === 'EQ') return values.includes(actual);
      if (comparator === 'NE') return !values.includes(actual);
      throw invalid(`The ${key} filter supports the EQ and NE comparators.`);
    }
    case 'name':
      switch (comparator) {
        case 'EQ': return values.includes(job.name);
        case 'NE': return !values.includes(job.name);
        case 'CONTAINS': return values.some((v) => job.name.includes(v));
        case 'STARTS_WITH': return values.some((v) => job.name.startsWith(v));
        default: throw invalid(`The name filter supports the EQ, NE, CONTAINS and STARTS_WITH comparators.`);
      }
    case 'createdAt': {
      const at = job.createdAt.getTime();
      const ms = values.map(dateValue);
      switch (comparator) {
        case 'EQ': return ms.includes(at);
        case 'NE': return !ms.includes(at);
        case 'GT': return ms.every((v) => at > v);
        case 'GTE': return ms.every((v) => at >= v);
        case 'LT': return ms.every((v) => at < v);
        case 'LTE': return ms.every((v) => at <= v);
        default: throw invalid(`The createdAt filter supports the EQ, NE, GT, GTE, LT and LTE comparators.`);
      }
    }
    default:
      throw invalid(`Jobs can't be filtered by '${String(key)}'. Use jobType, jobStatus, createdAt or name.`);
  }
}

const fingerprint = (input: ListJobsInput) => createHash('sha256').update(JSON.stringify([input.filterCriteria ?? null, input.sortCriteria ?? null])).digest('base64url').slice(0, 12);

export function listJobs(all: readonly Job[], input: ListJobsInput): { jobs: Job[]; nextToken?: string } {
  const includes = input.filterCriteria?.includes ?? [];
  const excludes = input.filterCriteria?.excludes ?? [];
  const filtered = all.filter((j) => includes.every((t) => termMatches(t, j)) && !excludes.some((t) => termMatches(t, j)));
  const attribute = input.sortCriteria?.attributeName ?? 'createdAt';
  const order = input.sortCriteria?.orderBy ?? 'DESC';
  if (!['createdAt', 'jobStatus', 'name', 'jobType'].includes(attribute)) throw invalid(`Jobs can't be sorted by '${attribute}'.`);
  if (order !== 'ASC' && order !== 'DESC') throw invalid('orderBy must be ASC or DESC.');
  const keyOf = (j: Job): string | number => (attribute === 'createdAt' ? j.createdAt.getTime() : attribute === 'jobStatus' ? j.status : attribute === 'name' ? j.name : j.jobType);
  const sorted = [...filtered].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0;
    return order === 'ASC' ? c : -c;
  });
  let offset = 0;
  if (input.nextToken) {
    let parsed: { o?: unknown; q?: unknown } | undefined;
    try {
      parsed = JSON.parse(Buffer.from(input.nextToken, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.q !== fingerprint(input) || !Number.isInteger(parsed.o) || (parsed.o as number) < 0) throw invalid('The nextToken is not valid for this request.');
    offset = parsed.o as number;
  }
  const max = input.maxResults;
  const size = max === undefined || max === null ? LIST_JOBS_PAGE.default : Math.min(Math.max(1, Math.floor(max)), LIST_JOBS_PAGE.max);
  const page = sorted.slice(offset, offset + size);
  const end = offset + page.length;
  return { jobs: page, ...(end < sorted.length ? { nextToken: Buffer.from(JSON.stringify({ o: end, q: fingerprint(input) })).toString('base64url') } : {}) };
}
