// What every provider method receives about the call: who, where, which request. Account and region never come
// from the operation's input.
import type { Clock } from './clock.js';

export type PrincipalType = 'Root' | 'IAMUser' | 'AssumedRole' | 'AWSService';

export interface Principal {
  type: PrincipalType;
  accountId: string;
  /** arn:aws:iam::<acct>:root | …:user/<name> | arn:aws:sts::<acct>:assumed-role/<role>/<session> */
  arn: string;
  /** AIDA… for users, AROA…:<session> for assumed roles, the account id for root. */
  principalId: string;
  accessKeyId?: string;
  userName?: string;
  /** For assumed roles: the role that issued the session and when. */
  session?: {
    roleName: string;
    roleArn: string;
    roleId: string;
    sessionName: string;
    creationDate: Date;
  };
  /** For AWSService principals: the service name shown as invokedBy. */
  invokedBy?: string;
}

export interface RequestContext {
  accountId: string;
  region: string;
  principal: Principal;
  requestId: string;
  clock: Clock;
  sourceIp: string;
  userAgent: string;
}
