// A process's background work, for the composition root (gateway/app.ts): which queue and job duties a process
// role takes on (`sift serve`, `serve --no-workers`, `sift worker`), and what its queue is doing, for /metrics.
// Jobs and the queue belong to the services; the gateway reaches them through here, as DESIGN.md's table has it.
export { jobsWork } from '../../jobs/index.js';
export { workStats, type WorkStats } from '../../queue/index.js';
export { leasedBackground, type SingletonOptions } from './singletons.js';
export { insightsWork, INSIGHTS_QUEUE_NAME } from './insights.js';
