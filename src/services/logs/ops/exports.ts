// Export tasks: CreateExportTask, DescribeExportTasks, CancelExportTask (the work is in export-tasks.ts).
import type { LogsApi } from '../../../models/logs/index.js';
import type { LogsCore } from '../core.js';
import { checkLogGroupName } from '../names.js';

export const exportOps = (core: LogsCore) =>
  ({
    async createExportTask(ctx, input) {
      checkLogGroupName(input.logGroupName);
      return { taskId: await core.exports.create(ctx, input) };
    },
    async describeExportTasks(ctx, input) {
      return core.exports.describe(ctx, input);
    },
    async cancelExportTask(ctx, input) {
      await core.exports.cancel(ctx, input.taskId);
    },
  }) satisfies Partial<LogsApi>;
