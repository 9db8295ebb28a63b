// Policy evaluation as AWS documents it, one case per row, each citing the page of the IAM User Guide and the rule
// (quoted or closely paraphrased) it checks. Pages:
//   EVAL  reference_policies_evaluation-logic.html (Policy evaluation logic)
//   XACCT reference_policies_evaluation-logic-cross-account.html (Cross-account policy evaluation logic)
//   COND  reference_policies_elements_condition_operators.html (IAM JSON policy elements: Condition operators)
//   MULTI reference_policies_condition-single-vs-multi-valued-context-keys.html (Single-valued vs. multivalued keys)
//   VARS  reference_policies_variables.html (IAM policy elements: Variables and tags)
//   NOTP  reference_policies_elements_notprincipal.html (AWS JSON policy elements: NotPrincipal)
//   NOTA  reference_policies_elements_notaction.html;  NOTR reference_policies_elements_notresource.html
//   ACTN  reference_policies_elements_action.html;  RES reference_policies_elements_resource.html
//   VER   reference_policies_elements_version.html;  BND access_policies_boundaries.html
//   SESS  access_policies.html#policies_session (Session policies);  TRUST id_roles_use_permissions-to-switch.html
//   GRP   id_groups.html (IAM user groups);  AWSM access_policies_managed-vs-inline.html#aws-managed-policies
//   PASS  id_roles_use_passrole.html (Granting a user permissions to pass a role to an AWS service)
import { describe, expect, it } from 'vitest';
import { awsManagedPolicy } from '../aws-managed/index.js';
import { evaluate, evaluateAssumeRole, parsePolicy, type ContextValue, type EvaluationPrincipal, type PolicyDocument } from './index.js';

const A = '111122223333';
const B = '444455556666';
const alice: EvaluationPrincipal = { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, userId: 'AIDAALICE', userName: 'alice', type: 'IAMUser', tags: { team: 'red', 'cost-center': '42' } };
const bob: EvaluationPrincipal = { arn: `arn:aws:iam::${A}:user/dev/bob`, accountId: A, userId: 'AIDABOB', userName: 'bob', type: 'IAMUser' };
const root: EvaluationPrincipal = { arn: `arn:aws:iam::${A}:root`, accountId: A, type: 'Root' };
const sess: EvaluationPrincipal = { arn: `arn:aws:sts::${A}:assumed-role/Auditor/s1`, accountId: A, userId: 'AROAAUD:s1', type: 'AssumedRole', roleArn: `arn:aws:iam::${A}:role/Auditor` };
const mallory: EvaluationPrincipal = { arn: `arn:aws:iam::${B}:user/mallory`, accountId: B, userId: 'AIDAMAL', userName: 'mallory', type: 'IAMUser' };
const svc: EvaluationPrincipal = { arn: 'macie.amazonaws.com', accountId: '', type: 'AWSService', service: 'macie.amazonaws.com' };

type Stmt = Record<string, unknown>;
const id = (...s: Stmt[]) => parsePolicy({ Version: '2012-10-17', Statement: s }, 'identity');
const id08 = (...s: Stmt[]) => parsePolicy({ Version: '2008-10-17', Statement: s }, 'identity');
const res = (...s: Stmt[]) => parsePolicy({ Version: '2012-10-17', Statement: s }, 'resource');
const allow = (Action: unknown, Resource: unknown = '*', Condition?: Stmt): Stmt => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
const deny = (Action: unknown, Resource: unknown = '*', Condition?: Stmt): Stmt => ({ Effect: 'Deny', Action, Resource, ...(Condition ? { Condition } : {}) });
const cond = (Condition: Stmt, action = 's3:GetObject') => id(allow(action, '*', Condition));

const JOB = `arn:aws:macie2:us-east-1:${A}:classification-job/j1`;
const GROUP = `arn:aws:logs:us-east-1:${A}:log-group:app:*`;
const OBJ = 'arn:aws:s3:::data/home/alice/a.csv';
const BUCKET = 'arn:aws:s3:::data';
const NOW = new Date('2026-06-01T12:00:00Z');
/** An AWS managed policy's real document, as generated from the published dataset. */
const awsm = (name: string) => parsePolicy(awsManagedPolicy(`arn:aws:iam::aws:policy/${name}`)!.document, 'identity', { requireCurrentVersion: false });
const ROLE = `arn:aws:iam::${A}:role/trail-logs`;

interface Case {
  rule: string;
  principal?: EvaluationPrincipal;
  action?: string;
  resource?: string;
  identity?: PolicyDocument[];
  resourcePolicy?: PolicyDocument;
  resourceAccountId?: string;
  boundary?: PolicyDocument;
  session?: PolicyDocument[];
  context?: Record<string, ContextValue>;
  expect: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
}

const cases: Record<string, Case> = {
  // ---- the decision ----
  'no policy: implicit deny': { rule: 'EVAL: "By default, all requests are implicitly denied with the exception of the AWS account root user"', expect: 'ImplicitDeny' },
  'root user: allowed by default': { rule: 'EVAL: all requests are implicitly denied "with the exception of the AWS account root user, which has full access"', principal: root, expect: 'Allow' },
  'root user: an explicit deny still applies': { rule: 'EVAL: "An explicit deny in any of these policies overrides the allow"', principal: root, identity: [id(deny('s3:GetObject'))], expect: 'ExplicitDeny' },
  'identity allow': { rule: 'EVAL: "An explicit allow in an identity-based or resource-based policy overrides this default"', identity: [id(allow('s3:GetObject'))], expect: 'Allow' },
  'deny beats allow in one policy': { rule: 'EVAL: "An explicit deny in any policy overrides any allows"', identity: [id(allow('s3:*'), deny('s3:GetObject'))], expect: 'ExplicitDeny' },
  'deny beats allow across policies': { rule: 'EVAL: "An explicit deny in any policy overrides any allows"', identity: [id(allow('s3:*')), id(deny('s3:Get*'))], expect: 'ExplicitDeny' },
  'deny in a resource policy': { rule: 'EVAL: "If any statement in any policy has an explicit deny, the final decision is deny"', identity: [id(allow('s3:*'))], resourcePolicy: res({ ...deny('s3:GetObject'), Principal: '*' }), expect: 'ExplicitDeny' },
  'other action not allowed': { rule: 'EVAL: a request with no applicable allow "is implicitly denied"', identity: [id(allow('s3:PutObject'))], expect: 'ImplicitDeny' },
  'deny of another action does not allow': { rule: 'EVAL: an explicit deny that does not apply to the request leaves the implicit deny', identity: [id(deny('s3:PutObject'))], expect: 'ImplicitDeny' },

  // ---- Action ----
  'action names are case-insensitive': { rule: 'ACTN: "action names are case insensitive"', identity: [id(allow('S3:getobject'))], expect: 'Allow' },
  'action wildcard *': { rule: 'ACTN: "You can use wildcards (* or ?) in the action name"', identity: [id(allow('s3:Get*'))], expect: 'Allow' },
  'action wildcard ?': { rule: 'ACTN: "You can use wildcards (* or ?) in the action name"', identity: [id(allow('s3:GetObjec?'))], expect: 'Allow' },
  'action list': { rule: 'ACTN: "You can specify multiple actions" in a list', identity: [id(allow(['s3:PutObject', 's3:GetObject']))], expect: 'Allow' },
  'service prefix must match': { rule: 'ACTN: actions are "service namespace:action"; another service\'s action does not match', identity: [id(allow('logs:GetObject'))], expect: 'ImplicitDeny' },

  // ---- Resource ----
  'resource ARN exact': { rule: 'RES: the statement covers "the object or objects that the statement applies to"', resource: OBJ, identity: [id(allow('s3:GetObject', OBJ))], expect: 'Allow' },
  'resource wildcard': { rule: 'RES: "You can use wildcard characters (* and ?) within any ARN segment"', resource: OBJ, identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data/home/*'))], expect: 'Allow' },
  'resource is case-sensitive': { rule: 'RES: ARNs in Resource are matched case-sensitively', resource: OBJ, identity: [id(allow('s3:GetObject', 'arn:aws:s3:::DATA/*'))], expect: 'ImplicitDeny' },
  'bucket ARN does not cover objects': { rule: 'RES: arn:aws:s3:::bucket names the bucket; objects need arn:aws:s3:::bucket/*', resource: OBJ, identity: [id(allow('s3:GetObject', BUCKET))], expect: 'ImplicitDeny' },
  'wildcard spans slashes': { rule: 'RES: "*" matches "any combination of characters" including "/"', resource: OBJ, identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data*'))], expect: 'Allow' },
  'deny on a Macie job ARN': { rule: 'RES + Service Authorization Reference (macie2): DescribeClassificationJob acts on classification-job/${ResourceId}', action: 'macie2:DescribeClassificationJob', resource: JOB, identity: [id(allow('macie2:*'), deny('macie2:*', JOB))], expect: 'ExplicitDeny' },
  'deny on another Macie job': { rule: 'RES: a statement applies only to the resources it lists', action: 'macie2:DescribeClassificationJob', resource: JOB, identity: [id(allow('macie2:*'), deny('macie2:*', `arn:aws:macie2:us-east-1:${A}:classification-job/j2`))], expect: 'Allow' },
  'deny on log-group:NAME:*': { rule: 'CloudWatch Logs: log-group ARN "with the trailing :*" is used "in IAM policies for all other API actions"', action: 'logs:DeleteLogGroup', resource: GROUP, identity: [id(allow('logs:*'), deny('logs:*', `arn:aws:logs:*:${A}:log-group:app:*`))], expect: 'ExplicitDeny' },
  'log-group:NAME without :* does not match group actions': { rule: 'CloudWatch Logs: group-level actions are authorized on log-group:NAME:*', action: 'logs:DeleteLogGroup', resource: GROUP, identity: [id(allow('logs:*', `arn:aws:logs:us-east-1:${A}:log-group:app`))], expect: 'ImplicitDeny' },

  // ---- NotAction / NotResource ----
  'NotAction allow: other actions allowed': { rule: 'NOTA: "NotAction ... matches everything except the specified list of actions"', identity: [id({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], expect: 'Allow' },
  'NotAction allow: listed action not allowed': { rule: 'NOTA: with Allow, the listed actions are not allowed by the statement', action: 'iam:CreateUser', identity: [id({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], expect: 'ImplicitDeny' },
  'NotAction deny: denies everything else': { rule: 'NOTA: "NotAction with Deny" denies all actions except those listed', identity: [id(allow('*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })], expect: 'ExplicitDeny' },
  'NotAction deny: listed action spared': { rule: 'NOTA: with Deny, the listed actions are not denied by the statement', action: 'iam:GetUser', identity: [id(allow('*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })], expect: 'Allow' },
  'NotResource allow: other resources': { rule: 'NOTR: "NotResource ... matches every resource except those specified"', resource: OBJ, identity: [id({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' })], expect: 'Allow' },
  'NotResource allow: listed resource not covered': { rule: 'NOTR: the listed resources are excluded', resource: 'arn:aws:s3:::secret/x', identity: [id({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' })], expect: 'ImplicitDeny' },
  'NotResource deny: everything but the listed': { rule: 'NOTR: with Deny, "denies access to all resources except" those listed', resource: OBJ, identity: [id(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::public/*' })], expect: 'ExplicitDeny' },
  'NotResource deny: listed spared': { rule: 'NOTR: with Deny, the listed resources are not denied', resource: 'arn:aws:s3:::public/x', identity: [id(allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::public/*' })], expect: 'Allow' },

  // ---- resource policies, same account and cross-account ----
  'same account: resource policy naming the user is enough': { rule: 'EVAL: within an account, "an allow in either an identity-based policy or a resource-based policy" grants the request', resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: alice.arn } }), expect: 'Allow' },
  'same account: resource policy naming the account needs identity allow': { rule: 'EVAL: a resource policy naming the account root delegates to the account; an identity policy must allow', resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: `arn:aws:iam::${A}:root` } }), expect: 'ImplicitDeny' },
  'same account: account principal plus identity allow': { rule: 'EVAL: the identity-based policy allows the request', resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: A } }), identity: [id(allow('s3:GetObject'))], expect: 'Allow' },
  'same account: resource policy naming the role grants to its session': { rule: 'EVAL: a resource policy that names the role ARN grants to the role\'s sessions (limited by session policies)', principal: sess, resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: sess.roleArn } }), expect: 'Allow' },
  'same account: role grant limited by a session policy': { rule: 'SESS: "resource-based policies that specify the ARN of the role ... are limited by the session policy"', principal: sess, resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: sess.roleArn } }), session: [id(allow('s3:ListBucket'))], expect: 'ImplicitDeny' },
  'same account: session ARN grant not limited by session policy': { rule: 'SESS: "a resource-based policy can specify the ARN of the session"; such permissions are not limited by the session policy', principal: sess, resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: sess.arn } }), session: [id(allow('s3:ListBucket'))], expect: 'Allow' },
  'cross account: identity allow alone is not enough': { rule: 'XACCT: "the resource-based policy must allow" access from the other account', principal: mallory, resource: OBJ, resourceAccountId: A, identity: [id(allow('s3:GetObject'))], expect: 'ImplicitDeny' },
  'cross account: resource allow alone is not enough': { rule: 'XACCT: "The identity-based policy ... must also allow the request"', principal: mallory, resource: OBJ, resourceAccountId: A, resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: B } }), expect: 'ImplicitDeny' },
  'cross account: both allow': { rule: 'XACCT: access is allowed when "both" the identity-based policy and the resource-based policy allow it', principal: mallory, resource: OBJ, resourceAccountId: A, identity: [id(allow('s3:GetObject'))], resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: mallory.arn } }), expect: 'Allow' },
  'cross account: resource deny': { rule: 'XACCT: an explicit deny in either policy denies', principal: mallory, resource: OBJ, resourceAccountId: A, identity: [id(allow('s3:GetObject'))], resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: B } }, { ...deny('s3:GetObject'), Principal: { AWS: mallory.arn } }), expect: 'ExplicitDeny' },
  'cross account: policy naming another account does not match': { rule: 'XACCT: the resource policy must name the requester\'s account or identity', principal: mallory, resource: OBJ, resourceAccountId: A, identity: [id(allow('s3:GetObject'))], resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: '999999999999' } }), expect: 'ImplicitDeny' },
  'service principal allowed by bucket policy': { rule: 'EVAL: service principals are granted only by resource-based policies naming them', principal: svc, action: 's3:PutObject', resource: OBJ, resourceAccountId: A, resourcePolicy: res({ ...allow('s3:PutObject'), Principal: { Service: 'macie.amazonaws.com' } }), expect: 'Allow' },
  'service principal without a grant': { rule: 'EVAL: with no applicable allow the request is implicitly denied', principal: svc, action: 's3:PutObject', resource: OBJ, resourceAccountId: A, resourcePolicy: res({ ...allow('s3:PutObject'), Principal: { Service: 'logs.amazonaws.com' } }), expect: 'ImplicitDeny' },
  'Principal "*" grants to the account user': { rule: 'Principal element: "*" means everyone', resourcePolicy: res({ ...allow('s3:GetObject'), Principal: '*' }), expect: 'Allow' },

  // ---- NotPrincipal ----
  'NotPrincipal Deny listing only the account root: users still denied': { rule: 'NOTP: "you must also include the account ARN of the not-denied principal"; listing the account does not exempt its users', identity: [id(allow('s3:*'))], resourcePolicy: res({ ...deny('s3:*'), NotPrincipal: { AWS: `arn:aws:iam::${A}:root` } }), expect: 'ExplicitDeny' },
  'NotPrincipal Deny listing the account root exempts the root user': { rule: 'NOTP: a principal is exempt when it is matched by NotPrincipal', principal: root, resourcePolicy: res({ ...deny('s3:*'), NotPrincipal: { AWS: `arn:aws:iam::${A}:root` } }), expect: 'Allow' },
  'NotPrincipal Deny listing user ARN and account exempts the user': { rule: 'NOTP: specify the user ARN "and the account ARN" to exempt the user', identity: [id(allow('s3:*'))], resourcePolicy: res({ ...deny('s3:*'), NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${A}:root`] } }), expect: 'Allow' },
  'NotPrincipal Deny listing only the user ARN: still denied': { rule: 'NOTP: "If you use NotPrincipal with Deny, you must also include the account ARN ... Otherwise, the policy might deny access to the entire account"', identity: [id(allow('s3:*'))], resourcePolicy: res({ ...deny('s3:*'), NotPrincipal: { AWS: alice.arn } }), expect: 'ExplicitDeny' },
  'NotPrincipal Deny: session needs session, role and account': { rule: 'NOTP: for assumed-role sessions list the session ARN, the role ARN and the account', principal: sess, identity: [id(allow('s3:*'))], resourcePolicy: res({ ...deny('s3:*'), NotPrincipal: { AWS: [sess.arn, sess.roleArn!, A] } }), expect: 'Allow' },
  'NotPrincipal Deny: session with only the role listed': { rule: 'NOTP: a session is exempt only when all of its identities are listed', principal: sess, identity: [id(allow('s3:*'))], resourcePolicy: res({ ...deny('s3:*'), NotPrincipal: { AWS: [sess.roleArn!, A] } }), expect: 'ExplicitDeny' },
  'NotPrincipal Deny: another user denied': { rule: 'NOTP: "explicitly denied to all principals except for the ones specified"', principal: bob, identity: [id(allow('s3:*'))], resourcePolicy: res({ ...deny('s3:*'), NotPrincipal: { AWS: [alice.arn, A] } }), expect: 'ExplicitDeny' },

  // ---- permissions boundaries ----
  'boundary: both allow': { rule: 'BND: "The effective permissions ... are the intersection of the identity-based policies and the permissions boundary"', identity: [id(allow('s3:*'))], boundary: id(allow('s3:GetObject')), expect: 'Allow' },
  'boundary: identity allows, boundary does not': { rule: 'BND: the boundary "does not grant permissions on its own"; an action outside it is denied', action: 's3:CreateBucket', resource: BUCKET, identity: [id(allow('s3:*'))], boundary: id(allow('s3:GetObject')), expect: 'ImplicitDeny' },
  'boundary: boundary allows, identity does not': { rule: 'BND: "Permissions boundaries do not grant permissions on their own"', identity: [], boundary: id(allow('s3:*')), expect: 'ImplicitDeny' },
  'boundary: explicit deny in the boundary': { rule: 'EVAL: "An explicit deny in any of these policies overrides the allow" (permissions boundaries included)', identity: [id(allow('s3:*'))], boundary: id(allow('*'), deny('s3:GetObject')), expect: 'ExplicitDeny' },
  'boundary: resource policy naming the user is not limited': { rule: 'BND: "An implicit deny in a permissions boundary does not limit the permissions granted by a resource-based policy" naming the IAM user', boundary: id(allow('logs:*')), resourcePolicy: res({ ...allow('s3:GetObject'), Principal: { AWS: alice.arn } }), expect: 'Allow' },

  // ---- session policies ----
  'session: intersection allows': { rule: 'SESS: "The resulting session\'s permissions are the intersection of the role\'s identity-based policy and the session policies"', principal: sess, identity: [id(allow('s3:*'))], session: [id(allow('s3:Get*'))], expect: 'Allow' },
  'session: read-only session cannot create a bucket': { rule: 'SESS: "You cannot use session policies to grant more permissions than" the identity policy, and only what both allow is allowed', principal: sess, action: 's3:CreateBucket', resource: BUCKET, identity: [id(allow('s3:*'))], session: [id(allow(['s3:Get*', 's3:List*']))], expect: 'ImplicitDeny' },
  'session: session policy cannot grant': { rule: 'SESS: "You cannot use session policies to grant more permissions than those allowed by the identity-based policy"', principal: sess, identity: [id(allow('logs:*'))], session: [id(allow('s3:*'))], expect: 'ImplicitDeny' },
  'session: managed and inline session policies add up': { rule: 'SESS: inline and managed session policies together form the session policies; any of them may allow', principal: sess, identity: [id(allow('s3:*'))], session: [id(allow('s3:ListBucket')), id(allow('s3:GetObject'))], expect: 'Allow' },
  'session: deny in a session policy': { rule: 'EVAL: an explicit deny in a session policy overrides any allow', principal: sess, identity: [id(allow('s3:*'))], session: [id(allow('*'), deny('s3:GetObject'))], expect: 'ExplicitDeny' },
  'session: no session policy entries allow nothing': { rule: 'SESS: with session policies passed, a request they do not allow is denied', principal: sess, identity: [id(allow('s3:*'))], session: [], expect: 'ImplicitDeny' },

  // ---- policy variables ----
  '${aws:username} in Resource': { rule: 'VARS: "${aws:username}" is replaced by the friendly name of the user', resource: OBJ, identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data/home/${aws:username}/*'))], expect: 'Allow' },
  '${aws:username} for another user': { rule: 'VARS: the variable takes the requester\'s value', principal: bob, resource: OBJ, identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data/home/${aws:username}/*'))], expect: 'ImplicitDeny' },
  '${aws:userid} in Resource': { rule: 'VARS: aws:userid is the unique identifier of the principal', resource: 'arn:aws:s3:::data/AIDAALICE/x', identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data/${aws:userid}/*'))], expect: 'Allow' },
  '${aws:PrincipalTag/team} in Resource': { rule: 'VARS: "You can use tag keys ... as variables", e.g. ${aws:PrincipalTag/tag-key}', resource: 'arn:aws:s3:::data/red/x', identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data/${aws:PrincipalTag/team}/*'))], expect: 'Allow' },
  'variable without value: no match': { rule: 'VARS: "If the key is not present in the request context, the policy variable ... does not match"', resource: 'arn:aws:s3:::data/x/y', identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data/${aws:PrincipalTag/missing}/*'))], expect: 'ImplicitDeny' },
  'variable default value': { rule: 'VARS: "${aws:PrincipalTag/team, \'company-wide\'}" — a default value is used when the key is missing', resource: 'arn:aws:s3:::data/company-wide/y', identity: [id(allow('s3:GetObject', "arn:aws:s3:::data/${aws:PrincipalTag/missing, 'company-wide'}/*"))], expect: 'Allow' },
  '${*} is a literal asterisk': { rule: 'VARS: "${*} - use where you need an * (asterisk) character"', resource: 'arn:aws:s3:::data/*', identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data/${*}'))], expect: 'Allow' },
  '${*} does not act as a wildcard': { rule: 'VARS: ${*} stands for the literal character, not a wildcard', resource: 'arn:aws:s3:::data/anything', identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data/${*}'))], expect: 'ImplicitDeny' },
  '${?} is a literal question mark': { rule: 'VARS: "${?} - use where you need a ? (question mark) character"', resource: 'arn:aws:s3:::data/a?', identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data/a${?}'))], expect: 'Allow' },
  '${$} is a literal dollar': { rule: 'VARS: "${$} - use where you need a $ (dollar sign) character"', resource: 'arn:aws:s3:::data/$x', identity: [id(allow('s3:GetObject', 'arn:aws:s3:::data/${$}x'))], expect: 'Allow' },
  'variables in a Condition value': { rule: 'VARS: "You can use policy variables in the Resource element and in string comparisons in the Condition element"', context: { 's3:prefix': 'home/alice/' }, identity: [cond({ StringLike: { 's3:prefix': 'home/${aws:username}/*' } })], expect: 'Allow' },
  'version 2008-10-17: variables are literal text': { rule: 'VER: with 2008-10-17 "policy variables" are not supported and are "treated as literal strings"', resource: OBJ, identity: [id08(allow('s3:GetObject', 'arn:aws:s3:::data/home/${aws:username}/*'))], expect: 'ImplicitDeny' },
  'version 2008-10-17: otherwise evaluated': { rule: 'VER: 2008-10-17 is "an earlier version of the policy language"; its statements still apply', resource: OBJ, identity: [id08(allow('s3:GetObject', 'arn:aws:s3:::data/*'))], expect: 'Allow' },

  // ---- String operators ----
  'StringEquals matches': { rule: 'COND: StringEquals — "Exact matching, case sensitive"', context: { 'aws:RequestedRegion': 'eu-west-1' }, identity: [cond({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } })], expect: 'Allow' },
  'StringEquals is case-sensitive': { rule: 'COND: StringEquals — "case sensitive"', context: { 'aws:RequestedRegion': 'EU-WEST-1' }, identity: [cond({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } })], expect: 'ImplicitDeny' },
  'condition key names are case-insensitive': { rule: 'COND: "Condition key names are not case-sensitive"', context: { 'aws:RequestedRegion': 'eu-west-1' }, identity: [cond({ StringEquals: { 'AWS:requestedregion': 'eu-west-1' } })], expect: 'Allow' },
  'StringNotEquals': { rule: 'COND: StringNotEquals — "Negated matching"', context: { 'aws:RequestedRegion': 'us-east-1' }, identity: [cond({ StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } })], expect: 'Allow' },
  'StringEqualsIgnoreCase': { rule: 'COND: StringEqualsIgnoreCase — "Exact matching, ignoring case"', context: { 'aws:PrincipalTag/team': 'RED' }, identity: [cond({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'red' } })], expect: 'Allow' },
  'StringNotEqualsIgnoreCase': { rule: 'COND: StringNotEqualsIgnoreCase — "Negated matching, ignoring case"', context: { 'aws:PrincipalTag/team': 'RED' }, identity: [cond({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'red' } })], expect: 'ImplicitDeny' },
  'StringLike with *': { rule: 'COND: StringLike — "can include multi-character match wildcards (*)"', context: { 's3:prefix': 'home/alice/docs' }, identity: [cond({ StringLike: { 's3:prefix': 'home/*' } })], expect: 'Allow' },
  'StringLike with ?': { rule: 'COND: StringLike — "single-character match wildcards (?)"', context: { 's3:prefix': 'a1' }, identity: [cond({ StringLike: { 's3:prefix': 'a?' } })], expect: 'Allow' },
  'StringNotLike': { rule: 'COND: StringNotLike — "Negated case-sensitive matching"', context: { 's3:prefix': 'private/x' }, identity: [cond({ StringNotLike: { 's3:prefix': 'home/*' } })], expect: 'Allow' },
  'values of one key are ORed': { rule: 'COND: "If a single condition operator includes multiple values for one context key, those values are evaluated using a logical OR"', context: { 'aws:RequestedRegion': 'eu-west-1' }, identity: [cond({ StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } })], expect: 'Allow' },
  'keys of one operator are ANDed': { rule: 'COND: "If your policy has multiple condition operators or multiple keys ... the conditions are evaluated using a logical AND"', context: { 'aws:RequestedRegion': 'eu-west-1', 's3:prefix': 'x' }, identity: [cond({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1', 's3:prefix': 'y' } })], expect: 'ImplicitDeny' },
  'operators are ANDed': { rule: 'COND: multiple condition operators "are evaluated using a logical AND"', context: { 'aws:RequestedRegion': 'eu-west-1', 's3:max-keys': '10' }, identity: [cond({ StringEquals: { 'aws:RequestedRegion': 'eu-west-1' }, NumericLessThanEquals: { 's3:max-keys': '10' } })], expect: 'Allow' },
  'negated operator, several values: none may match': { rule: 'COND: for negated operators the request value must match none of the values (NOR)', context: { 'aws:RequestedRegion': 'eu-west-1' }, identity: [cond({ StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } })], expect: 'ImplicitDeny' },

  // ---- missing keys, IfExists, Null ----
  'missing key: positive operator false': { rule: 'COND: "If the key that you specify in a policy condition is not present in the request context, the values do not match"', identity: [cond({ StringEquals: { 'aws:PrincipalTag/missing': 'x' } })], expect: 'ImplicitDeny' },
  'missing key: negated operator true': { rule: 'COND: a negated operator\'s condition "returns true" when the key is absent, as its values do not match', identity: [cond({ StringNotEquals: { 'aws:PrincipalTag/missing': 'x' } })], expect: 'Allow' },
  'IfExists with the key absent': { rule: 'COND: "If the policy key is not present ... evaluate the condition element as true" for ...IfExists', identity: [cond({ StringEqualsIfExists: { 'ec2:InstanceType': 't2.micro' } })], expect: 'Allow' },
  'IfExists with the key present and different': { rule: 'COND: "If the policy key is present in the context of the request, process the key as specified in the policy"', context: { 'ec2:InstanceType': 'm5.large' }, identity: [cond({ StringEqualsIfExists: { 'ec2:InstanceType': 't2.micro' } })], expect: 'ImplicitDeny' },
  'Null true with key absent': { rule: 'COND: Null — "true (the key doesn\'t exist — it is null)"', identity: [cond({ Null: { 'aws:TokenIssueTime': 'true' } })], expect: 'Allow' },
  'Null false with key absent': { rule: 'COND: Null — "false (the key exists and its value is not null)"', identity: [cond({ Null: { 'aws:TokenIssueTime': 'false' } })], expect: 'ImplicitDeny' },
  'Null false with key present': { rule: 'COND: Null false matches when the key is present', context: { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, identity: [cond({ Null: { 'aws:TokenIssueTime': 'false' } })], expect: 'Allow' },

  // ---- Numeric ----
  'NumericEquals': { rule: 'COND: NumericEquals — "Matching"', context: { 's3:max-keys': '10' }, identity: [cond({ NumericEquals: { 's3:max-keys': '10' } })], expect: 'Allow' },
  'NumericNotEquals': { rule: 'COND: NumericNotEquals — "Negated matching"', context: { 's3:max-keys': '10' }, identity: [cond({ NumericNotEquals: { 's3:max-keys': '10' } })], expect: 'ImplicitDeny' },
  'NumericLessThan': { rule: 'COND: NumericLessThan — "Less than matching"', context: { 's3:max-keys': '5' }, identity: [cond({ NumericLessThan: { 's3:max-keys': '10' } })], expect: 'Allow' },
  'NumericLessThanEquals at the bound': { rule: 'COND: NumericLessThanEquals — "Less than or equals matching"', context: { 's3:max-keys': '10' }, identity: [cond({ NumericLessThanEquals: { 's3:max-keys': '10' } })], expect: 'Allow' },
  'NumericGreaterThan': { rule: 'COND: NumericGreaterThan — "Greater than matching"', context: { 's3:max-keys': '10' }, identity: [cond({ NumericGreaterThan: { 's3:max-keys': '10' } })], expect: 'ImplicitDeny' },
  'NumericGreaterThanEquals': { rule: 'COND: NumericGreaterThanEquals — "Greater than or equals matching"', context: { 's3:max-keys': '10' }, identity: [cond({ NumericGreaterThanEquals: { 's3:max-keys': '10' } })], expect: 'Allow' },
  'Numeric with a non-number request value': { rule: 'COND: numeric operators compare numbers; a value that is not one does not match', context: { 's3:max-keys': 'ten' }, identity: [cond({ NumericLessThan: { 's3:max-keys': '100' } })], expect: 'ImplicitDeny' },

  // ---- Date ----
  'DateLessThan with aws:CurrentTime': { rule: 'COND: DateLessThan — "Matching before a specific date and time"', identity: [cond({ DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } })], expect: 'Allow' },
  'DateGreaterThan in the future': { rule: 'COND: DateGreaterThan — "Matching after a specific date and time"', identity: [cond({ DateGreaterThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } })], expect: 'ImplicitDeny' },
  'DateGreaterThanEquals with aws:EpochTime': { rule: 'COND: date operators take "ISO 8601 date format or ... epoch (UNIX) time"', identity: [cond({ DateGreaterThanEquals: { 'aws:EpochTime': String(NOW.getTime() / 1000) } })], expect: 'Allow' },
  'DateEquals': { rule: 'COND: DateEquals — "Matching a specific date"', identity: [cond({ DateEquals: { 'aws:CurrentTime': '2026-06-01T12:00:00Z' } })], expect: 'Allow' },
  'DateNotEquals': { rule: 'COND: DateNotEquals — "Negated matching"', identity: [cond({ DateNotEquals: { 'aws:CurrentTime': '2026-06-01T12:00:00Z' } })], expect: 'ImplicitDeny' },
  'DateLessThanEquals with epoch policy value': { rule: 'COND: date values may be epoch seconds', identity: [cond({ DateLessThanEquals: { 'aws:CurrentTime': String(NOW.getTime() / 1000) } })], expect: 'Allow' },

  // ---- Bool, Binary ----
  'Bool true': { rule: 'COND: Bool — "Boolean matching"', context: { 'aws:SecureTransport': 'true' }, identity: [cond({ Bool: { 'aws:SecureTransport': 'true' } })], expect: 'Allow' },
  'Bool deny on insecure transport': { rule: 'COND: Bool with aws:SecureTransport "false" denies plain HTTP requests', context: { 'aws:SecureTransport': 'false' }, identity: [id(allow('s3:*'), deny('s3:*', '*', { Bool: { 'aws:SecureTransport': 'false' } }))], expect: 'ExplicitDeny' },
  'Bool MFA present required, long-term key': { rule: 'COND + Global keys: aws:MultiFactorAuthPresent is not present for long-term credentials; Bool "true" does not match', identity: [cond({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })], expect: 'ImplicitDeny' },
  'BoolIfExists MFA false denies sessions without MFA': { rule: 'Global keys: use "BoolIfExists" with aws:MultiFactorAuthPresent "false" to deny requests not authenticated with MFA', principal: sess, context: { 'aws:MultiFactorAuthPresent': 'false' }, identity: [id(allow('s3:*'), deny('s3:*', '*', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }))], expect: 'ExplicitDeny' },
  'BoolIfExists MFA false, session with MFA': { rule: 'Global keys: aws:MultiFactorAuthPresent is "true" for credentials obtained with MFA', principal: sess, context: { 'aws:MultiFactorAuthPresent': 'true' }, identity: [id(allow('s3:*'), deny('s3:*', '*', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }))], expect: 'Allow' },
  'BinaryEquals': { rule: 'COND: BinaryEquals — "compare key values that are in binary format ... base-64 encoded"', context: { 'x:blob': 'QmluYXJ5VmFsdWU=' }, identity: [cond({ BinaryEquals: { 'x:blob': 'QmluYXJ5VmFsdWU=' } })], expect: 'Allow' },
  'BinaryEquals different': { rule: 'COND: BinaryEquals compares byte for byte', context: { 'x:blob': 'QmluYXJ5VmFsdWU=' }, identity: [cond({ BinaryEquals: { 'x:blob': 'T3RoZXI=' } })], expect: 'ImplicitDeny' },

  // ---- IP ----
  'IpAddress in range': { rule: 'COND: IpAddress — "The specified IP address or range"', context: { 'aws:SourceIp': '203.0.113.7' }, identity: [cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })], expect: 'Allow' },
  'IpAddress out of range': { rule: 'COND: IpAddress matches only addresses in the CIDR range', context: { 'aws:SourceIp': '198.51.100.7' }, identity: [cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })], expect: 'ImplicitDeny' },
  'NotIpAddress': { rule: 'COND: NotIpAddress — "All IP addresses except the specified IP address or range"', context: { 'aws:SourceIp': '198.51.100.7' }, identity: [id(allow('s3:*'), deny('s3:*', '*', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }))], expect: 'ExplicitDeny' },
  'IpAddress IPv6': { rule: 'COND: IP operators take IPv4 and IPv6 addresses in CIDR notation', context: { 'aws:SourceIp': '2001:db8::1' }, identity: [cond({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } })], expect: 'Allow' },
  'IpAddress single address without mask': { rule: 'COND: a single address is a /32', context: { 'aws:SourceIp': '203.0.113.7' }, identity: [cond({ IpAddress: { 'aws:SourceIp': '203.0.113.7' } })], expect: 'Allow' },

  // ---- ARN ----
  'ArnLike': { rule: 'COND: ArnLike — "Case-sensitive matching of the ARN. Each of the six colon-delimited components ... can include" wildcards', context: { 'aws:PrincipalArn': alice.arn }, identity: [cond({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/*` } })], expect: 'Allow' },
  'ArnEquals': { rule: 'COND: ArnEquals — case-sensitive matching of the ARN', context: { 'aws:SourceArn': JOB }, identity: [cond({ ArnEquals: { 'aws:SourceArn': JOB } })], expect: 'Allow' },
  'ArnNotEquals': { rule: 'COND: ArnNotEquals — "Negated matching for ARN"', context: { 'aws:SourceArn': JOB }, identity: [cond({ ArnNotEquals: { 'aws:SourceArn': JOB } })], expect: 'ImplicitDeny' },
  'ArnNotLike': { rule: 'COND: ArnNotLike — "Negated case-sensitive matching of the ARN"', context: { 'aws:SourceArn': JOB }, identity: [cond({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:logs:*' } })], expect: 'Allow' },
  'ArnLike wildcard stays within its component': { rule: 'COND: each of the six colon-delimited components is checked separately', context: { 'aws:SourceArn': `arn:aws:macie2:us-east-1:${A}:classification-job/j1` }, identity: [cond({ ArnLike: { 'aws:SourceArn': 'arn:aws:macie2:*' } })], expect: 'ImplicitDeny' },

  // ---- multivalued keys ----
  'ForAllValues: every value allowed': { rule: 'MULTI: ForAllValues — "tests whether the value of every member of the request set is a subset of the condition key set"', context: { 'aws:TagKeys': ['team', 'env'] }, identity: [cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env', 'owner'] } })], expect: 'Allow' },
  'ForAllValues: one value outside': { rule: 'MULTI: ForAllValues is false when a request value is not in the condition set', context: { 'aws:TagKeys': ['team', 'secret'] }, identity: [cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } })], expect: 'ImplicitDeny' },
  'ForAllValues: key absent is true': { rule: 'MULTI: "ForAllValues ... also returns true if there are no context keys in the request"', identity: [cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } })], expect: 'Allow' },
  'ForAnyValue: one value matches': { rule: 'MULTI: ForAnyValue — "at least one member of the set of request context key values matches at least one member of the set of context key values in your condition"', context: { 'aws:TagKeys': ['x', 'team'] }, identity: [cond({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } })], expect: 'Allow' },
  'ForAnyValue: none matches': { rule: 'MULTI: ForAnyValue is false when no request value matches', context: { 'aws:TagKeys': ['x'] }, identity: [cond({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } })], expect: 'ImplicitDeny' },
  'ForAnyValue: key absent is false': { rule: 'MULTI: "If the key ... is not present in the request context, ForAnyValue ... returns false"', identity: [cond({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } })], expect: 'ImplicitDeny' },
  'ForAnyValue:StringLike': { rule: 'MULTI: set operators combine with any condition operator, e.g. ForAnyValue:StringLike', context: { 'aws:TagKeys': ['project-x'] }, identity: [cond({ 'ForAnyValue:StringLike': { 'aws:TagKeys': ['project-*'] } })], expect: 'Allow' },
  'ForAllValues:StringNotEquals': { rule: 'MULTI: ForAllValues with a negated operator: no request value may be in the set', context: { 'aws:TagKeys': ['team', 'secret'] }, identity: [id(allow('s3:*'), deny('s3:*', '*', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['secret'] } }))], expect: 'ExplicitDeny' },

  // ---- principal tags and global keys ----
  'aws:PrincipalTag condition': { rule: 'Global keys: aws:PrincipalTag/tag-key — "the tag attached to the principal making the request"', identity: [cond({ StringEquals: { 'aws:PrincipalTag/team': 'red' } })], expect: 'Allow' },
  'aws:PrincipalTag condition, other value': { rule: 'Global keys: aws:PrincipalTag compares the principal\'s tag value', identity: [cond({ StringEquals: { 'aws:PrincipalTag/team': 'blue' } })], expect: 'ImplicitDeny' },
  'aws:PrincipalAccount': { rule: 'Global keys: aws:PrincipalAccount — "the account to which the requesting principal belongs"', identity: [cond({ StringEquals: { 'aws:PrincipalAccount': A } })], expect: 'Allow' },
  'aws:PrincipalArn of a session is the role ARN': { rule: 'Global keys: for an assumed-role session aws:PrincipalArn is "the ARN of the role", not of the session', principal: sess, identity: [cond({ ArnEquals: { 'aws:PrincipalArn': sess.roleArn! } })], expect: 'Allow' },
  'aws:username only for IAM users': { rule: 'Global keys: aws:username "is not present" for assumed roles', principal: sess, identity: [cond({ Null: { 'aws:username': 'true' } })], expect: 'Allow' },
  'aws:PrincipalType of a user': { rule: 'Global keys: aws:PrincipalType is "User" for an IAM user', identity: [cond({ StringEquals: { 'aws:PrincipalType': 'User' } })], expect: 'Allow' },

  // ---- groups: a member's identity policies are its own and its groups' ----
  'group: a group policy allows its member': { rule: 'GRP: "all the users in the user group automatically have the permissions that are assigned to the user group"', identity: [id(allow('logs:DescribeLogGroups'))], action: 'logs:DescribeLogGroups', resource: '*', expect: 'Allow' },
  'group: permissions add up over user and groups': { rule: 'GRP + EVAL: the identity-based policies of the user and of its groups are evaluated together; an allow in any of them counts', identity: [id(allow('s3:ListBucket')), id(allow('s3:GetObject'))], expect: 'Allow' },
  'group: a Deny in a group beats the user\'s own Allow': { rule: 'GRP + EVAL: "An explicit deny in any policy overrides any allows"', identity: [id(allow('s3:*')), id(deny('s3:GetObject'))], expect: 'ExplicitDeny' },
  'group: a boundary still limits what a group grants': { rule: 'BND: the boundary limits every identity-based policy of the user, its groups\' included', identity: [id(allow('s3:*'))], boundary: id(allow('s3:ListBucket')), expect: 'ImplicitDeny' },

  // ---- AWS managed policies, their real documents ----
  'AWS managed: AmazonMacieReadOnlyAccess allows macie2:List*': { rule: 'AWSM: AWS managed policies are evaluated like any identity policy; macie2:List* matches ListFindings (ACTN wildcards)', identity: [awsm('AmazonMacieReadOnlyAccess')], action: 'macie2:ListFindings', resource: '*', expect: 'Allow' },
  'AWS managed: AmazonMacieReadOnlyAccess does not allow creating a job': { rule: 'AWSM + EVAL: nothing in the read-only policy matches macie2:CreateClassificationJob: implicit deny', identity: [awsm('AmazonMacieReadOnlyAccess')], action: 'macie2:CreateClassificationJob', resource: JOB, expect: 'ImplicitDeny' },
  'AWS managed: AmazonS3ReadOnlyAccess reads objects': { rule: 'AWSM: s3:Get* and s3:List* on every resource', identity: [awsm('AmazonS3ReadOnlyAccess')], expect: 'Allow' },
  'AWS managed: AmazonS3ReadOnlyAccess does not write': { rule: 'AWSM: no statement matches s3:PutObject', identity: [awsm('AmazonS3ReadOnlyAccess')], action: 's3:PutObject', expect: 'ImplicitDeny' },
  'AWS managed: CloudWatchLogsReadOnlyAccess filters events': { rule: 'AWSM: logs:Get*, logs:Describe*, logs:FilterLogEvents …', identity: [awsm('CloudWatchLogsReadOnlyAccess')], action: 'logs:FilterLogEvents', resource: GROUP, expect: 'Allow' },
  'AWS managed: AWSCloudTrail_ReadOnlyAccess looks up events': { rule: 'AWSM: cloudtrail:Get*, Describe*, List*, LookupEvents', identity: [awsm('AWSCloudTrail_ReadOnlyAccess')], action: 'cloudtrail:LookupEvents', resource: '*', expect: 'Allow' },
  'AWS managed: AdministratorAccess allows everything': { rule: 'AWSM: Action "*" on Resource "*"', identity: [awsm('AdministratorAccess')], action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/x`, expect: 'Allow' },
  'AWS managed: a customer Deny beats AdministratorAccess': { rule: 'EVAL: "An explicit deny in any policy overrides any allows"', identity: [awsm('AdministratorAccess'), id(deny('iam:*'))], action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/x`, expect: 'ExplicitDeny' },
  'AWS managed: as a permissions boundary': { rule: 'BND: a managed policy (AWS managed included) can be the boundary; the boundary must allow too', identity: [id(allow('*'))], boundary: awsm('AmazonMacieReadOnlyAccess'), action: 'macie2:CreateClassificationJob', resource: JOB, expect: 'ImplicitDeny' },

  // ---- iam:PassRole and its keys ----
  'PassRole: allowed for the service named in iam:PassedToService': { rule: 'PASS: "iam:PassedToService" limits to which service the role may be passed', action: 'iam:PassRole', resource: ROLE, identity: [id(allow('iam:PassRole', ROLE, { StringEquals: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' } }))], context: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' }, expect: 'Allow' },
  'PassRole: not for another service': { rule: 'PASS: the condition does not match another service: implicit deny', action: 'iam:PassRole', resource: ROLE, identity: [id(allow('iam:PassRole', ROLE, { StringEquals: { 'iam:PassedToService': 'logs.amazonaws.com' } }))], context: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' }, expect: 'ImplicitDeny' },
  'PassRole: a Deny on iam:AssociatedResourceArn': { rule: 'PASS: "iam:AssociatedResourceArn" names the resource the role is used with; a Deny on it applies', action: 'iam:PassRole', resource: ROLE, identity: [id(allow('iam:PassRole'), deny('iam:PassRole', '*', { ArnLike: { 'iam:AssociatedResourceArn': `arn:aws:cloudtrail:*:${A}:trail/prod-*` } }))], context: { 'iam:AssociatedResourceArn': `arn:aws:cloudtrail:us-east-1:${A}:trail/prod-main` }, expect: 'ExplicitDeny' },
};

describe('policy evaluation as AWS documents it', () => {
  it('has at least 100 cases, each with its rule', () => {
    expect(Object.keys(cases).length).toBeGreaterThanOrEqual(100);
    for (const c of Object.values(cases)) expect(c.rule.length).toBeGreaterThan(10);
  });
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const principal = c.principal ?? alice;
    const decision = evaluate(
      { principal, action: c.action ?? 's3:GetObject', resource: c.resource ?? OBJ, ...(c.resourceAccountId ? { resourceAccountId: c.resourceAccountId } : {}), ...(c.context ? { context: c.context } : {}) },
      c.identity ?? [],
      c.resourcePolicy,
      { now: NOW, ...(c.boundary ? { permissionsBoundary: c.boundary } : {}), ...(c.session ? { sessionPolicies: c.session } : {}) },
    );
    expect(decision, c.rule).toBe(c.expect);
  });
});

describe('role trust policies', () => {
  const roleArn = `arn:aws:iam::${A}:role/Reader`;
  const trust = (p: Stmt) => parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...p }] }, 'trust');
  it.each<[string, string, EvaluationPrincipal, PolicyDocument, PolicyDocument[], string]>([
    ['trust naming the same-account user decides alone', 'TRUST: a role trust policy that names the user grants sts:AssumeRole; within an account a resource-based policy naming the principal is enough (EVAL)', alice, trust({ Principal: { AWS: alice.arn } }), [], 'Allow'],
    ['trust naming the account needs an identity allow', 'TRUST: when the trust policy names the account, "the administrator must ... attach a policy" allowing sts:AssumeRole', alice, trust({ Principal: { AWS: A } }), [], 'ImplicitDeny'],
    ['trust naming the account plus identity allow', 'TRUST: the account delegates; the user\'s policy allows sts:AssumeRole', alice, trust({ Principal: { AWS: A } }), [id(allow('sts:AssumeRole', roleArn))], 'Allow'],
    ['identity allow without trust', 'TRUST: "the role\'s trust policy must" allow the principal; an identity policy alone is not enough', alice, trust({ Principal: { AWS: bob.arn } }), [id(allow('sts:AssumeRole'))], 'ImplicitDeny'],
    ['cross account needs both', 'XACCT: the trust policy and the caller\'s identity policy must both allow', mallory, trust({ Principal: { AWS: mallory.arn } }), [], 'ImplicitDeny'],
    ['cross account with both', 'XACCT: both allow', mallory, trust({ Principal: { AWS: B } }), [id(allow('sts:AssumeRole'))], 'Allow'],
    ['trust with a Deny', 'EVAL: an explicit deny overrides', alice, parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: A } }, { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { AWS: alice.arn } }] }, 'trust'), [id(allow('*'))], 'ExplicitDeny'],
  ])('%s', (_name, rule, caller, trustPolicy, callerPolicies, expected) => {
    expect(evaluateAssumeRole({ caller, roleArn, trustPolicy, callerPolicies, now: NOW }).decision, rule).toBe(expected);
  });
});
