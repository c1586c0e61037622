// /tournaments: events in three tabs — upcoming (registering), running, finished — each with its
// format, game, players and start time, and for hosts and admins the form that creates one with every
// option `POST /api/tournaments` takes; the server's validation errors show next to their fields.
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { GAME_KINDS, gameLabel } from '@dojopool/shared/rules/registry.ts';
import type { TournamentListRow } from '@dojopool/shared/protocol/tournaments.ts';
import { ApiError } from '../net/api.ts';
import { createTournament, listTournaments } from '../net/tournaments.ts';
import { createRequest, emptyCreateForm, formatLabel, formFieldOf, FORMAT_LABELS, groupList, type CreateForm } from '../views/bracket.ts';
import { gameName } from '../app/format.ts';
import { errorText, useLoad, useSession, useTitle } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';
import './tournaments.css';

const TABS = [
  ['upcoming', 'Upcoming'],
  ['running', 'Running'],
  ['finished', 'Finished'],
] as const;
type Tab = (typeof TABS)[number][0];

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : 'When the host starts it');

export function TournamentsScreen() {
  useTitle('Tournaments');
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const tab = (TABS.find(([k]) => k === params.get('tab'))?.[0] ?? 'upcoming') as Tab;
  const list = useLoad(() => listTournaments(undefined, 100), []);
  const groups = useMemo(() => groupList(list.data?.tournaments ?? []), [list.data]);
  const canHost = !!session && ((session.user.roles as string[] | undefined) ?? []).some((r) => r === 'host' || r === 'admin');
  const rows = groups[tab];

  return (
    <section className="page tournaments" aria-labelledby="t-h">
      <div className="row t-head">
        <h1 id="t-h">Tournaments</h1>
        {canHost && <a className="button primary" href="#create">Create tournament</a>}
      </div>
      <div className="row tabs" role="tablist" aria-label="Tournaments by status">
        {TABS.map(([k, label]) => (
          <button key={k} role="tab" id={`tab-${k}`} aria-selected={tab === k} aria-controls="t-list" onClick={() => setParams(k === 'upcoming' ? {} : { tab: k }, { replace: true })}>
            {label} <span className="count">{groups[k].length}</span>
          </button>
        ))}
      </div>
      <div id="t-list" role="tabpanel" aria-labelledby={`tab-${tab}`} className="card">
        {list.loading && !list.data ? (
          <p className="muted">Loading tournaments…</p>
        ) : list.error ? (
          <p className="error" role="alert">
            Could not load the tournaments: {list.error} <button className="link" onClick={list.reload}>Try again</button>
          </p>
        ) : rows.length === 0 ? (
          <p className="muted">{tab === 'upcoming' ? 'No tournament is open for registration right now.' : tab === 'running' ? 'No tournament is being played right now.' : 'No finished tournaments yet.'}</p>
        ) : (
          <ul className="plain t-rows" data-testid="tournament-list">
            {rows.map((t) => <TournamentRow key={t.id} t={t} />)}
          </ul>
        )}
      </div>
      {canHost ? <CreateTournament /> : session ? null : <p className="muted">Hosts create tournaments here; log in from the lobby to register for one.</p>}
    </section>
  );
}

function TournamentRow({ t }: { t: TournamentListRow }) {
  return (
    <li className="t-row">
      <Link className="t-name" to={paths.tournament(t.id)}>{t.name}</Link>
      <span className="badge">{formatLabel(t.format)}</span>
      <span>{gameName(t.game)}</span>
      <span aria-label={`${t.players} of ${t.maxPlayers} players`}>{t.players}/{t.maxPlayers} players</span>
      <span className="muted">{t.status === 'registering' ? when(t.startsAt) : t.status === 'running' ? (t.paused ? 'Paused' : 'Live now') : 'Finished'}</span>
      <span className="muted">{t.host ? `by ${t.host.username}` : ''}</span>
    </li>
  );
}

function Field({ name, label, errors, hint, children }: { name: string; label: string; errors: Record<string, string>; hint?: string; children: ReactNode }) {
  const err = errors[name];
  return (
    <label className={`field${err ? ' invalid' : ''}`}>
      <span>{label}</span>
      {children}
      {hint && !err && <small className="muted" id={`${name}-hint`}>{hint}</small>}
      {err && <small className="error field-error" id={`${name}-err`} role="alert">{err}</small>}
    </label>
  );
}

function CreateTournament() {
  const navigate = useNavigate();
  const [f, setF] = useState<CreateForm>(emptyCreateForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof CreateForm>(k: K) => (e: { target: { value: string; checked?: boolean; type?: string } }) =>
    setF((x) => ({ ...x, [k]: e.target.type === 'checkbox' ? !!e.target.checked : e.target.value }));
  const described = (name: string) => ({ 'aria-invalid': !!errors[name], 'aria-describedby': errors[name] ? `${name}-err` : undefined, name });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const r = createRequest(f, new Date().getTimezoneOffset());
    if ('fields' in r) return setErrors(r.fields);
    setErrors({});
    setBusy(true);
    try {
      const ev = await createTournament(r.body);
      navigate(paths.tournament(ev.id));
    } catch (err) {
      if (err instanceof ApiError && err.fields) {
        const byField: Record<string, string> = {};
        for (const [k, v] of Object.entries(err.fields)) byField[formFieldOf(k)] ??= v;
        setErrors(byField);
        setProblem('Some fields need fixing: see below each one.');
      } else setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const elim = f.format === 'single_elimination' || f.format === 'groups_knockout';
  return (
    <form className="card t-create" id="create" onSubmit={submit} noValidate aria-labelledby="create-h">
      <h2 id="create-h">Create tournament</h2>
      {problem && <p className="error" role="alert">{problem}</p>}
      <div className="form-grid">
        <Field name="name" label="Name" errors={errors}>
          <input {...described('name')} value={f.name} onChange={set('name')} maxLength={80} required placeholder="Friday Night Open" />
        </Field>
        <Field name="format" label="Format" errors={errors}>
          <select {...described('format')} value={f.format} onChange={set('format')}>
            {Object.entries(FORMAT_LABELS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
        </Field>
        <Field name="game" label="Game" errors={errors}>
          <select {...described('game')} value={f.game} onChange={set('game')}>
            {GAME_KINDS.map((g) => <option key={g} value={g}>{gameLabel(g)}</option>)}
          </select>
        </Field>
        <Field name="maxPlayers" label="Players at most" errors={errors} hint="2–128">
          <input {...described('maxPlayers')} type="number" inputMode="numeric" min={2} max={128} value={f.maxPlayers} onChange={set('maxPlayers')} />
        </Field>
        <Field name="startsAt" label="Starts at (your time)" errors={errors} hint="Optional: opens the check-in window">
          <input {...described('startsAt')} type="datetime-local" value={f.startsAt} onChange={set('startsAt')} />
        </Field>
        <Field name="checkInMinutes" label="Check-in (minutes before start)" errors={errors} hint="Empty: no check-in">
          <input {...described('checkInMinutes')} type="number" inputMode="numeric" min={1} max={1440} value={f.checkInMinutes} onChange={set('checkInMinutes')} />
        </Field>
        <Field name="noShowS" label="No-show after (seconds)" errors={errors} hint="5–3600; then the absent player loses by walkover">
          <input {...described('noShowS')} type="number" inputMode="numeric" min={5} max={3600} value={f.noShowS} onChange={set('noShowS')} />
        </Field>
        <Field name="seeding" label="Seeding" errors={errors}>
          <select {...described('seeding')} value={f.seeding} onChange={set('seeding')}>
            <option value="rating">By rating</option>
            <option value="manual">By hand at the start</option>
          </select>
        </Field>
        {f.format === 'groups_knockout' && (
          <>
            <Field name="groups" label="Groups" errors={errors}>
              <input {...described('groups')} type="number" inputMode="numeric" min={1} max={64} value={f.groups} onChange={set('groups')} />
            </Field>
            <Field name="advancePerGroup" label="Go through per group" errors={errors}>
              <input {...described('advancePerGroup')} type="number" inputMode="numeric" min={1} max={64} value={f.advancePerGroup} onChange={set('advancePerGroup')} />
            </Field>
          </>
        )}
        <Field name="venueId" label="Venue id" errors={errors} hint="Optional: a venue from the venues page">
          <input {...described('venueId')} value={f.venueId} onChange={set('venueId')} placeholder="uuid" />
        </Field>
      </div>
      <fieldset className="t-race">
        <legend>Race length (racks to win)</legend>
        <div className="form-grid">
          <Field name="raceTo" label="Every match" errors={errors} hint="1–21">
            <input {...described('raceTo')} type="number" inputMode="numeric" min={1} max={21} value={f.raceTo} onChange={set('raceTo')} />
          </Field>
          <Field name="raceTo.byRound" label={f.format === 'double_elimination' ? 'Winners rounds' : f.format === 'round_robin' ? 'By round' : f.format === 'groups_knockout' ? 'Knockout rounds' : 'By round'} errors={errors} hint="e.g. 3=7, 4=9">
            <input {...described('raceTo.byRound')} value={f.byRound} onChange={set('byRound')} placeholder="round=race, …" />
          </Field>
          {f.format === 'double_elimination' && (
            <Field name="raceTo.losersByRound" label="Losers rounds" errors={errors} hint="e.g. 5=7">
              <input {...described('raceTo.losersByRound')} value={f.losersByRound} onChange={set('losersByRound')} placeholder="round=race, …" />
            </Field>
          )}
          {f.format !== 'round_robin' && (
            <Field name="raceTo.final" label={f.format === 'double_elimination' ? 'Grand final' : 'Final'} errors={errors}>
              <input {...described('raceTo.final')} type="number" inputMode="numeric" min={1} max={21} value={f.final} onChange={set('final')} />
            </Field>
          )}
          {elim && f.thirdPlace && (
            <Field name="raceTo.thirdPlace" label="Third-place match" errors={errors}>
              <input {...described('raceTo.thirdPlace')} type="number" inputMode="numeric" min={1} max={21} value={f.thirdPlaceRace} onChange={set('thirdPlaceRace')} />
            </Field>
          )}
          {f.format === 'groups_knockout' && (
            <Field name="raceTo.groups" label="Group matches" errors={errors}>
              <input {...described('raceTo.groups')} type="number" inputMode="numeric" min={1} max={21} value={f.groupsRace} onChange={set('groupsRace')} />
            </Field>
          )}
        </div>
      </fieldset>
      <div className="row">
        <label className="check"><input type="checkbox" name="rated" checked={f.rated} onChange={set('rated')} /> Rated (results move ratings)</label>
        {elim && <label className="check"><input type="checkbox" name="thirdPlace" checked={f.thirdPlace} onChange={set('thirdPlace')} /> Third-place match</label>}
        {f.format === 'double_elimination' && <label className="check"><input type="checkbox" name="grandFinalReset" checked={f.grandFinalReset} onChange={set('grandFinalReset')} /> Grand-final reset</label>}
      </div>
      {Object.entries(errors).filter(([k]) => !KNOWN_FIELDS.has(k)).map(([k, v]) => (
        <p key={k} className="error" role="alert">{k}: {v}</p>
      ))}
      <div className="row end">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Creating…' : 'Create tournament'}</button>
      </div>
    </form>
  );
}

const KNOWN_FIELDS = new Set(['name', 'format', 'game', 'maxPlayers', 'startsAt', 'checkInMinutes', 'noShowS', 'seeding', 'groups', 'advancePerGroup', 'venueId', 'raceTo', 'raceTo.byRound', 'raceTo.losersByRound', 'raceTo.final', 'raceTo.thirdPlace', 'raceTo.groups', 'rated', 'thirdPlace', 'grandFinalReset']);
