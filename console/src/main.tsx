// The Sift console: sign in with an access key pair, then pages over Macie, CloudWatch Logs and alarms, and CloudTrail.
// Every call is signed in the browser (SigV4) with the user's own keys, so IAM decides what each user sees.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import type { Session } from './api/call.js';
import { SignIn } from './pages/sign-in.js';
import { Summary } from './pages/summary.js';
import { Jobs } from './pages/jobs.js';
import { JobDetail } from './pages/job-detail.js';
import { CreateJob } from './pages/create-job.js';
import { Findings } from './pages/findings.js';
import { FindingDetail } from './pages/finding-detail.js';
import { Buckets } from './pages/buckets.js';
import { LogGroups, LogGroup } from './pages/log-groups.js';
import { LogEvents } from './pages/log-events.js';
import { EventHistory } from './pages/event-history.js';
import { SwitchRole, switchedBack } from './pages/switch-role.js';
import { Alarms, AlarmDetail } from './pages/alarms.js';
import { regionsWith } from './ui/regions.js';
import { href, useRoute, type Route } from './ui/router.js';

const STORE_KEY = 'sift-console-session';

function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(STORE_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

const NAV: { id: string; label: string }[] = [
  { id: 'summary', label: 'Summary' },
  { id: 'findings', label: 'Findings' },
  { id: 'jobs', label: 'Jobs' },
  { id: 'buckets', label: 'S3 buckets' },
  { id: 'logs', label: 'CloudWatch Logs' },
  { id: 'alarms', label: 'CloudWatch alarms' },
  { id: 'events', label: 'CloudTrail event history' },
];

function App() {
  // Kept for this tab only: closing the tab signs out.
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const route = useRoute();
  const signIn = (s: Session) => {
    sessionStorage.setItem(STORE_KEY, JSON.stringify(s));
    setSession(s);
    if (!window.location.hash || window.location.hash === '#/') window.location.hash = '#/jobs';
  };
  const signOut = () => {
    sessionStorage.removeItem(STORE_KEY);
    setSession(undefined);
  };
  const setRegion = (region: string) => signIn({ ...session!, region });
  const switchTo = (s: Session) => {
    signIn(s);
    window.location.hash = '#/summary';
  };
  // Move focus to the new page's heading, so screen readers announce the page.
  useEffect(() => {
    document.getElementById('page-title')?.focus({ preventScroll: true });
  }, [route.parts.join('/')]);
  if (!session) return <SignIn onSignIn={signIn} />;
  const page = route.parts[0] ?? 'jobs';
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Sift</span>
        <span class="who" title={session.arn}>
          {session.arn.split(':').pop()} · account {session.account}
        </span>
        {session.base && (
          <span class="switched" role="status">
            Switched role: {session.arn.split(':').pop()?.split('/')[1]} in account {session.account}
            {session.expiresAt && <> until {new Date(session.expiresAt).toISOString().slice(11, 16)} UTC</>}
          </span>
        )}
        <label class="region">
          Region{' '}
          <select value={session.region} onChange={(e) => setRegion((e.target as HTMLSelectElement).value)}>
            {regionsWith(session.region).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        {session.base ? (
          <button type="button" onClick={() => switchTo(switchedBack(session))}>
            Switch back
          </button>
        ) : (
          <a class="button" href="#/switch-role">
            Switch role
          </a>
        )}
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <div class="layout">
        <nav aria-label="Console">
          <ul>
            {NAV.map((n) => (
              <li key={n.id}>
                <a href={href([n.id])} aria-current={page === n.id ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <Page route={route} session={session} onSwitch={switchTo} />
        </main>
      </div>
    </>
  );
}

function Page({ route, session, onSwitch }: { route: Route; session: Session; onSwitch(s: Session): void }) {
  const [page, a, b] = route.parts;
  // A new Region or identity remounts the page, so nothing of the previous one is shown.
  const key = `${session.region}:${session.accessKeyId}:${route.parts.join('/')}`;
  switch (page ?? 'jobs') {
    case 'summary':
      return <Summary key={key} session={session} />;
    case 'jobs':
      if (a === 'new') return <CreateJob key={key} session={session} />;
      if (a) return <JobDetail key={key} session={session} jobId={a} />;
      return <Jobs key={key} session={session} />;
    case 'findings':
      if (a) return <FindingDetail key={key} session={session} findingId={a} />;
      return <Findings key={key} session={session} params={route.params} />;
    case 'buckets':
      return <Buckets key={key} session={session} params={route.params} />;
    case 'logs':
      if (a && b === 'events') return <LogEvents key={key} session={session} group={a} params={route.params} />;
      if (a) return <LogGroup key={key} session={session} group={a} />;
      return <LogGroups key={key} session={session} />;
    case 'switch-role':
      return <SwitchRole key={key} session={session} onSwitch={onSwitch} />;
    case 'alarms':
      if (a) return <AlarmDetail key={key} session={session} name={a} />;
      return <Alarms key={key} session={session} />;
    case 'events':
      return <EventHistory key={key} session={session} params={route.params} />;
    default:
      return (
        <section>
          <h1 id="page-title" tabIndex={-1}>
            Page not found
          </h1>
          <p>
            There is no page here. <a href="#/jobs">Go to Jobs</a>.
          </p>
        </section>
      );
  }
}

render(<App />, document.getElementById('app')!);
