// Macie's service-linked role: EnableMacie creates AWSServiceRoleForAmazonMacie when the account has none (Amazon
// Macie User Guide, "Using service-linked roles for Macie"; enabling Macie requires permission to create it, as
// AmazonMacieFullAccess grants). The role is created by Macie through IAM, recorded as IAM's CreateServiceLinkedRole
// invoked by macie.amazonaws.com; the caller must be allowed iam:CreateServiceLinkedRole on it. Whether the role
// exists is read from the store's IAM roles, so enabling Macie where it exists makes no IAM call at all.
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../../common/index.js';
import { errors } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';
import type { ServiceCalls } from '../../types.js';
import { serviceRoleArn } from './session.js';

const MACIE = 'macie.amazonaws.com';
const ROLE_NAME = 'AWSServiceRoleForAmazonMacie';

export function macieServiceRole(db: Kysely<Database>, serviceCalls: ServiceCalls) {
  const exists = async (ctx: RequestContext) =>
    (await db.selectFrom('iam_roles').select('role_name').where('account_id', '=', ctx.accountId).where('role_name', '=', ROLE_NAME).executeTakeFirst()) !== undefined;
  return async (ctx: RequestContext): Promise<void> => {
    if (await exists(ctx)) return;
    const arn = serviceRoleArn(ctx.accountId);
    if (ctx.authorizer && !(await ctx.authorizer.isAllowed({ action: 'iam:CreateServiceLinkedRole', resource: arn, context: { 'iam:AWSServiceName': MACIE } }))) {
      throw new errors.AccessDeniedException(`User: ${ctx.principal.arn} is not authorized to perform: iam:CreateServiceLinkedRole on resource: ${arn}, which Macie needs to enable it.`);
    }
    try {
      await serviceCalls.callAsService(MACIE, ctx.accountId, ctx.region, 'iam', 'CreateServiceLinkedRole', { AWSServiceName: MACIE });
    } catch (err) {
      // Enabled in two Regions at once: the other call created it.
      if (!(await exists(ctx))) throw err;
    }
  };
}
