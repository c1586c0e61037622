// /settings: a guest's name; an account's display name and colour, location sharing (only with
// consent, coarsened by the server to ~1 km), two-factor set-up with a QR code, a download of
// everything stored, and deleting the account. Each form shows its own result or error.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api, logout, refreshMe, type Me } from '../net/api.ts';
import { guestName, setGuestName } from '../net/rooms.ts';
import { errorText, useLoad, useSession, useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';
import { QrCode } from '../app/qr.tsx';

function Form({ title, children, onSubmit, submit, danger }: { title: string; children: ReactNode; onSubmit(f: FormData): Promise<string | void>; submit: string; danger?: boolean }) {
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setMsg(null);
    try {
      const text = await onSubmit(new FormData(e.currentTarget));
      setMsg({ ok: true, text: text || 'Saved' });
    } catch (err) {
      setMsg({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card settings-form" onSubmit={go} aria-label={title}>
      <h2>{title}</h2>
      {children}
      <div className="row">
        <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>{submit}</button>
        {msg && <span role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'ok' : 'error'}>{msg.text}</span>}
      </div>
    </form>
  );
}

export function SettingsScreen() {
  useTitle('Settings');
  const session = useSession();
  const me = useLoad<Me | null>(() => refreshMe(), [session?.user.id]);
  const navigate = useNavigate();
  const [enrol, setEnrol] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [tfaError, setTfaError] = useState<string | null>(null);

  if (!session) {
    return (
      <div className="page settings">
        <h1>Settings</h1>
        <Form title="Guest name" submit="Save" onSubmit={async (f) => setGuestName(String(f.get('name') ?? '').trim())}>
          <label className="field"><span>Name at the table</span><input name="name" defaultValue={guestName()} maxLength={24} required /></label>
        </Form>
        <p className="muted">Log in from the lobby for a profile, ratings and account settings.</p>
      </div>
    );
  }
  const u = me.data;
  return (
    <div className="page settings">
      <h1>Settings</h1>
      {me.error && <p className="error" role="alert">{me.error}</p>}
      {u && (
        <>
          <Form
            title="Profile"
            submit="Save profile"
            onSubmit={async (f) => {
              const displayName = String(f.get('displayName') ?? '').trim();
              await api('PATCH', '/me', { displayName: displayName || null, avatarColor: String(f.get('avatarColor')) });
              await refreshMe();
            }}
          >
            <label className="field"><span>Display name</span><input name="displayName" defaultValue={u.displayName ?? ''} maxLength={32} /></label>
            <label className="field inline"><span>Colour</span><input name="avatarColor" type="color" defaultValue={(session.user.avatarColor as string | undefined) ?? '#2a8a60'} /></label>
          </Form>
          <Form
            title="Location"
            submit="Save location choice"
            onSubmit={async (f) => {
              const share = f.get('share') === 'on';
              if (!share) {
                await api('PATCH', '/me', { locationSharing: false, location: null });
                return 'Location not shared';
              }
              const pos = await new Promise<GeolocationPosition>((ok, no) => navigator.geolocation.getCurrentPosition(ok, () => no(new Error('The browser did not give a position')), { timeout: 10000 }));
              await api('PATCH', '/me', { locationSharing: true, location: { lat: pos.coords.latitude, lon: pos.coords.longitude } });
              return 'Shared, rounded to about 1 km';
            }}
          >
            <label className="check"><input type="checkbox" name="share" defaultChecked={u.locationSharing} /> Share my approximate location (about 1 km) to find venues and players near me</label>
          </Form>
          <section className="card" aria-labelledby="tfa-h">
            <h2 id="tfa-h">Two-factor authentication</h2>
            {u.totpEnabled ? (
              <p>On. Your authenticator app's code is asked for at every log-in.</p>
            ) : codes ? (
              <>
                <p>On. Keep these recovery codes somewhere safe; each works once:</p>
                <pre className="codes">{codes.join('\n')}</pre>
              </>
            ) : enrol ? (
              <Form
                title="Scan and confirm"
                submit="Turn on"
                onSubmit={async (f) => {
                  const r = await api<{ recoveryCodes: string[] }>('POST', '/auth/2fa/confirm', { code: String(f.get('code') ?? '') });
                  setCodes(r.recoveryCodes);
                  me.reload();
                }}
              >
                <QrCode text={enrol.otpauthUri} size={180} label="QR code for your authenticator app" />
                <p className="muted">Or enter the key by hand: <code>{enrol.secret}</code></p>
                <label className="field"><span>6-digit code from the app</span><input name="code" inputMode="numeric" pattern="\d{6}" required autoComplete="one-time-code" /></label>
              </Form>
            ) : (
              <div className="row">
                <button onClick={() => void api<{ secret: string; otpauthUri: string }>('POST', '/auth/2fa/enrol', {}).then(setEnrol, (e) => setTfaError(errorText(e)))}>Set up two-factor</button>
                {tfaError && <span className="error" role="alert">{tfaError}</span>}
              </div>
            )}
          </section>
          <section className="card" aria-labelledby="exp-h">
            <h2 id="exp-h">Your data</h2>
            <button
              onClick={async () => {
                const data = await api<unknown>('GET', '/me/export');
                const a = document.createElement('a');
                a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
                a.download = 'dojopool-export.json';
                a.click();
                setTimeout(() => URL.revokeObjectURL(a.href), 1000);
              }}
            >
              Download everything stored about me
            </button>
          </section>
          <Form
            title="Delete account"
            danger
            submit="Delete my account"
            onSubmit={async (f) => {
              await api('DELETE', '/me', { password: String(f.get('password') ?? '') });
              await logout();
              navigate(paths.lobby());
            }}
          >
            <p className="muted">This erases your account, ratings and history. It cannot be undone.</p>
            <label className="field"><span>Password</span><input name="password" type="password" required autoComplete="current-password" /></label>
          </Form>
        </>
      )}
    </div>
  );
}
