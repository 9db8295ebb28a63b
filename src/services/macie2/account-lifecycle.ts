// What suspending and disabling Macie do to an account in a Region, as Macie's documentation says:
// - suspending (UpdateMacieSession PAUSED) cancels every job that is not finished and keeps everything else;
//   while suspended, new jobs are refused;
// - disabling (DisableMacie) cancels the jobs and then permanently deletes everything Macie keeps for the account:
//   jobs, findings, findings filters, custom data identifiers, allow lists, and its settings (the discovery results
//   repository, the reveal configuration, the findings publication configuration, the policy monitor's last state),
//   and automated discovery's settings, profiles and runs, so enabling Macie again starts from an empty account. What Macie stored in other services stays: discovery
//   results already written to S3, allow list files in S3, job events in CloudWatch Logs. The month's usage
//   (bytes analysed, which the monthly quota counts) is metering, not a Macie resource, and stays too.
import type { Kysely } from 'kysely';
import { deleteAutomatedDiscoveryData, type ClassificationJobs } from '../../jobs/index.js';
import type { Database } from '../../store/index.js';
import { deleteMacieAccountData } from '../../findings/index.js';

/** kv namespaces whose keys are `<account>/<region>` (or start with it): the account's Macie settings. */
const SETTINGS_NAMESPACES = ['macie-classification-export', 'macie-reveal-configuration', 'macie-findings-publication', 'macie-policy-state'];

export interface MacieAccountLifecycle {
  onSuspend(accountId: string, region: string): Promise<void>;
  onDisable(accountId: string, region: string): Promise<void>;
}

export function macieAccountLifecycle(deps: { db: Kysely<Database>; jobs?: Pick<ClassificationJobs, 'cancelAccountJobs' | 'deleteAccountJobs'> }): MacieAccountLifecycle {
  return {
    async onSuspend(accountId, region) {
      await deps.jobs?.cancelAccountJobs({ accountId, region }, 'suspended');
    },
    async onDisable(accountId, region) {
      await deps.jobs?.deleteAccountJobs({ accountId, region });
      await deleteMacieAccountData(deps.db, accountId, region);
      await deleteAutomatedDiscoveryData(deps.db, accountId, region);
      const key = `${accountId}/${region}`;
      for (const namespace of SETTINGS_NAMESPACES) {
        await deps.db.deleteFrom('kv').where('namespace', '=', namespace).where((eb) => eb.or([eb('key', '=', key), eb('key', 'like', `${key}/%`)])).execute();
      }
    },
  };
}
