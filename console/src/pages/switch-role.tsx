// "Switch role", as in the AWS console: the signed-in identity calls sts:AssumeRole for a role in another account
// (a member's OrganizationAccountAccessRole by default) and the console then signs every call with the role
// session's temporary credentials until "Switch back". An organization's management account is offered its accounts
// (Organizations ListAccounts) and a Macie administrator its members (ListMembers); any account ID can be typed.
import { useState } from 'preact/hooks';
import type { BaseIdentity, Session } from '../api/call.js';
import { macie2, organizations, sts } from '../api/services.js';
import { PageHeader, TableWrap, errorText, useLoad } from '../ui/common.js';

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

interface Candidate {
  accountId: string;
  name: string;
  source: string;
}

/** The accounts this identity administers: its organization's (management account) and its Macie members. */
async function candidates(session: Session): Promise<Candidate[]> {
  const [orgAccounts, members] = await Promise.all([
    organizations.listAccounts(session, { MaxResults: 20 }).then((r) => r.Accounts ?? [], () => []),
    macie2.listMembers(session).then((r) => r.members ?? [], () => []),
  ]);
  const out = new Map<string, Candidate>();
  for (const a of orgAccounts) if (a.Id && a.Id !== session.account && a.State !== 'CLOSED') out.set(a.Id, { accountId: a.Id, name: a.Name ?? a.Email ?? '', source: 'Organization account' });
  for (const m of members) if (m.accountId && !out.has(m.accountId)) out.set(m.accountId, { accountId: m.accountId, name: m.email ?? '', source: 'Macie member' });
  return [...out.values()];
}

export function SwitchRole({ session, onSwitch }: { session: Session; onSwitch(s: Session): void }) {
  const base = baseOf(session);
  const baseSession = switchedBack(session);
  const accounts = useLoad(() => candidates(baseSession), []);
  const [account, setAccount] = useState('');
  const [role, setRole] = useState(DEFAULT_ROLE);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const switchInto = async (accountId: string) => {
    const roleName = role.trim() || DEFAULT_ROLE;
    if (!/^\d{12}$/.test(accountId)) {
      setError('Enter the 12-digit ID of the account to switch into.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const roleArn = roleName.startsWith('arn:') ? roleName : `arn:aws:iam::${accountId}:role/${roleName}`;
      const sessionName = (base.arn.split(/[:/]/).pop() || 'console').replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
      const c = await sts.assumeRole(baseSession, roleArn, sessionName);
      onSwitch({
        region: session.region,
        createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        arn: c.arn,
        account: accountId,
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
      <form class="form" onSubmit={(e) => (e.preventDefault(), void switchInto(account.trim()))} aria-describedby={error ? 'switch-role-error' : undefined}>
        <fieldset>
          <legend>Role</legend>
          <label for="switch-account">Account ID</label>
          <input id="switch-account" name="account" inputMode="numeric" autoComplete="off" required value={account} onInput={(e) => setAccount((e.target as HTMLInputElement).value)} />
          <label for="switch-role-name">Role name</label>
          <input id="switch-role-name" name="role" required value={role} onInput={(e) => setRole((e.target as HTMLInputElement).value)} />
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
      {!!accounts.data?.length && (
        <>
          <h2>Accounts {base.account} administers</h2>
          <TableWrap label="Accounts to switch into">
            <table>
              <caption class="sr-only">Accounts to switch into with the role above</caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Name</th>
                  <th scope="col">Through</th>
                  <th scope="col">
                    <span class="sr-only">Switch</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {accounts.data.map((a) => (
                  <tr key={a.accountId}>
                    <td>{a.accountId}</td>
                    <td>{a.name}</td>
                    <td>{a.source}</td>
                    <td>
                      <button type="button" disabled={busy} onClick={() => void switchInto(a.accountId)} aria-label={`Switch into ${a.name || a.accountId} (${a.accountId})`}>
                        Switch
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
