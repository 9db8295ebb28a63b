// Sign-in with an access key pair (root or IAM user). The keys are checked with sts:GetCallerIdentity, which every
// valid key may call, and kept in this tab's sessionStorage only.
import { useState } from 'preact/hooks';
import { sts } from '../api/services.js';
import type { Session } from '../api/call.js';
import { errorText } from '../ui/common.js';

export function SignIn({ onSignIn }: { onSignIn(s: Session): void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const draft: Session = {
      accessKeyId: String(form.get('accessKeyId') ?? '').trim(),
      secretAccessKey: String(form.get('secretAccessKey') ?? '').trim(),
      region: String(form.get('region') ?? '').trim() || 'us-east-1',
      createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      arn: '',
      account: '',
    };
    if (!draft.accessKeyId || !draft.secretAccessKey) {
      setError('Enter both the access key ID and the secret access key.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const who = await sts.getCallerIdentity(draft);
      onSignIn({ ...draft, arn: who.arn, account: who.account });
    } catch (err) {
      setError(`Sign-in failed. ${errorText(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in" id="main">
      <h1>Sign in to the Sift console</h1>
      <p>Use the access key pair of the account's root user or of an IAM user. What you can see and do is what that user's IAM policies allow.</p>
      <form onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label for="accessKeyId">Access key ID</label>
        <input id="accessKeyId" name="accessKeyId" autoComplete="username" spellcheck={false} required />
        <label for="secretAccessKey">Secret access key</label>
        <input id="secretAccessKey" name="secretAccessKey" type="password" autoComplete="current-password" required />
        <label for="region">Region</label>
        <input id="region" name="region" defaultValue="us-east-1" pattern="[a-z]{2}(-[a-z]+)+-\d" />
        {error && (
          <p id="sign-in-error" class="box error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
