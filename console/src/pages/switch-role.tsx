// "Switch role", as in the AWS console: the signed-in identity calls sts:AssumeRole for a role in another account
// (a member's OrganizationAccountAccessRole by default) and the console then signs every call with the role
// session's temporary credentials until "Switch back". The member accounts of a Macie administrator are offered.
import { useState } from 'preact/hooks';
import type { BaseIdentity, Session } from '../api/call.js';
import { macie2, sts } from '../api/services.js';
import { PageHeader, errorText, useLoad } from '../ui/common.js';

const DEFAULT_ROLE = 'OrganizationAccountAccessRole';

/** The identity a switch starts from: the signed-in one, never a role session (no chaining from the console). */
export function baseOf(session: Session): BaseIdentity {
  return session.base ?? { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, arn: session.arn, account: session.account };
}

export function switchedBack(session: Session): Session {
  const { base, expiresAt: _expires, ...rest } = session;
  if (!base) return session;
  return { ...rest, accessKeyId: base.accessKeyId, secretAccessKey: base.secretAccessKey, sessionToken: base.sessionToken, arn: base.arn, account: base.account };
}

export function SwitchRole({ session, onSwitch }: { session: Session; onSwitch(s: Session): void }) {
  const base = baseOf(session);
  const baseSession: Session = { ...switchedBack(session) };
  // A Macie administrator's members, to pick from; anyone may still type an account ID.
  const members = useLoad(() => macie2.listMembers(baseSession).then((r) => r.members ?? []).catch(() => []), []);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const account = String(form.get('account') ?? '').trim();
    const role = String(form.get('role') ?? '').trim() || DEFAULT_ROLE;
    if (!/^\d{12}$/.test(account)) {
      setError('Enter the 12-digit ID of the account to switch into.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const roleArn = role.startsWith('arn:') ? role : `arn:aws:iam::${account}:role/${role}`;
      const sessionName = (base.arn.split(/[:/]/).pop() || 'console').replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
      const c = await sts.assumeRole(baseSession, roleArn, sessionName);
      onSwitch({
        region: session.region,
        createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        arn: c.arn,
        account,
        expiresAt: c.expiration,
        base,
      });
    } catch (err) {
      setError(`Could not switch role. ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <PageHeader title="Switch role" />
      <p>
        Work in another account through a role you may assume there, such as a member account's {DEFAULT_ROLE}. Every call is then made with the role's temporary credentials
        (one hour) until you switch back.
      </p>
      <form class="form" onSubmit={submit} aria-describedby={error ? 'switch-role-error' : undefined}>
        <fieldset>
          <legend>Role</legend>
          <label for="switch-account">Account ID</label>
          <input id="switch-account" name="account" list="member-accounts" inputMode="numeric" autoComplete="off" required />
          <datalist id="member-accounts">
            {(members.data ?? []).map((m) => (
              <option key={m.accountId} value={m.accountId}>
                {m.email}
              </option>
            ))}
          </datalist>
          <label for="switch-role-name">Role name</label>
          <input id="switch-role-name" name="role" defaultValue={DEFAULT_ROLE} required />
        </fieldset>
        {error && (
          <p id="switch-role-error" class="box error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Switching…' : 'Switch role'}
        </button>
      </form>
      {!!members.data?.length && (
        <>
          <h2>Member accounts of {base.account}</h2>
          <ul>
            {members.data.map((m) => (
              <li key={m.accountId}>
                {m.accountId} ({m.email ?? 'no email'}) · {m.relationshipStatus}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
