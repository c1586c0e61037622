// A conversation, direct or a clan's: the latest page of history with "load older" above it, live
// messages as they arrive (and removed when a moderator deletes one), read marks while it is on screen,
// the length limit counted down as one types, send errors in plain words (too fast, blocked, not
// friends), mute, and reporting a message.
import { SOCIAL_LIMITS, type SocialMessage } from '@dojopool/shared/protocol/social.ts';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../net/api.ts';
import { errorText } from '../app/hooks.ts';
import { paths } from '../app/paths.ts';
import { clanHistory, dmHistory, muteClan, muteDm, readClan, readDm, report, sendClan, sendDm } from './api.ts';
import { onLiveMessage, setOpenConversation, unread, useSocial } from './live.ts';
import { charsLeft, conversationOf, mergeMessages, nameOf, sendErrorText, type ConversationKey } from './model.ts';

const PAGE = SOCIAL_LIMITS.historyPage;

export function Chat({ kind, id, meId, label, onRefused }: { kind: 'dm' | 'clan'; id: string; meId: string; label: string; /** A send refused for who the sender is to them (blocked, not friends, not a member). */ onRefused?(code: string): void }) {
  const key = `${kind}:${id}` as ConversationKey;
  const live = useSocial();
  const [messages, setMessages] = useState<SocialMessage[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [reporting, setReporting] = useState<SocialMessage | null>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true); // follow new messages while scrolled to the bottom
  const keepFrom = useRef<number | null>(null); // scroll height before older messages were put on top
  const muted = !!live.unread.muted[key];

  const history = useCallback((before?: string) => (kind === 'dm' ? dmHistory(id, before, PAGE) : clanHistory(id, before, PAGE)), [kind, id]);
  const markRead = useCallback(() => void (kind === 'dm' ? readDm(id) : readClan(id)).catch(() => undefined), [kind, id]);

  useEffect(() => {
    let on = true;
    setMessages([]);
    setLoading(true);
    setLoadError(null);
    stick.current = true;
    setOpenConversation(key);
    history().then(
      (r) => on && (setMessages(r.messages), setMore(r.messages.length === PAGE), setLoading(false), markRead()),
      (e) => on && (setLoadError(errorText(e)), setLoading(false)),
    );
    const off = onLiveMessage((m) => {
      if ('deleted' in m) return setMessages((list) => mergeMessages(list, [], [m.id]));
      if (conversationOf(m, meId) !== key) return;
      const { muted: _m, ...msg } = m;
      setMessages((list) => mergeMessages(list, [msg]));
      if (m.from?.id !== meId) markRead();
    });
    return () => {
      on = false;
      off();
      setOpenConversation(null);
    };
  }, [key, meId, history, markRead]);

  // Keep the view at the bottom for new messages, and in place when older ones are put on top.
  useLayoutEffect(() => {
    const el = logRef.current;
    if (!el) return;
    if (keepFrom.current !== null) {
      el.scrollTop = el.scrollHeight - keepFrom.current;
      keepFrom.current = null;
    } else if (stick.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

  const older = async () => {
    const first = messages[0];
    if (!first) return;
    try {
      const r = await history(first.id);
      keepFrom.current = (logRef.current?.scrollHeight ?? 0) - (logRef.current?.scrollTop ?? 0);
      setMessages((list) => mergeMessages(list, r.messages));
      setMore(r.messages.length === PAGE);
    } catch (e) {
      setLoadError(errorText(e));
    }
  };

  const left = charsLeft(text, SOCIAL_LIMITS.messageLength);
  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!text.trim() || left < 0 || sending) return;
    setSending(true);
    setSendError(null);
    try {
      const { message } = await (kind === 'dm' ? sendDm(id, text) : sendClan(id, text));
      stick.current = true;
      setMessages((list) => mergeMessages(list, [message]));
      setText('');
    } catch (err) {
      setSendError(err instanceof ApiError ? sendErrorText(err.code, err.message) : errorText(err));
      if (err instanceof ApiError && err.status === 403) onRefused?.(err.code);
    } finally {
      setSending(false);
    }
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) void send(e as unknown as FormEvent);
  };
  const toggleMute = async () => {
    const next = !muted;
    unread({ type: 'muted', key, muted: next });
    try {
      await (kind === 'dm' ? muteDm(id, next) : muteClan(id, next));
    } catch (e) {
      unread({ type: 'muted', key, muted: !next });
      setSendError(errorText(e));
    }
  };

  return (
    <section className="chat-panel card" aria-label={label}>
      <div className="row chat-tools">
        <button aria-pressed={muted} onClick={() => void toggleMute()} title="A muted conversation still arrives but adds nothing to your unread count">
          {muted ? 'Muted — unmute' : 'Mute'}
        </button>
      </div>
      <div
        className="chat-history"
        ref={logRef}
        role="log"
        aria-live="polite"
        aria-label={`Messages: ${label}`}
        data-testid="chat-history"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {more && (
          <button className="link older" onClick={() => void older()}>
            Load older messages
          </button>
        )}
        {loading && <p className="muted">Loading…</p>}
        {loadError && <p className="error" role="alert">{loadError}</p>}
        {!loading && messages.length === 0 && !loadError && <p className="muted">No messages yet. Say hello.</p>}
        {messages.map((m, i) => {
          const mine = m.from?.id === meId;
          const prev = messages[i - 1];
          const grouped = prev && prev.from?.id === m.from?.id && Date.parse(m.createdAt) - Date.parse(prev.createdAt) < 5 * 60_000;
          return (
            <article key={m.id} className={`msg${mine ? ' mine' : ''}${grouped ? ' grouped' : ''}`} data-testid="message">
              {!grouped && (
                <header>
                  {m.from ? <Link to={paths.player(m.from.id)}>{mine ? 'You' : nameOf(m.from)}</Link> : <span className="muted">deleted player</span>}{' '}
                  <time className="muted small" dateTime={m.createdAt}>{timeOf(m.createdAt)}</time>
                </header>
              )}
              <p className="msg-text">{m.text}</p>
              {!mine && m.from && (
                <button className="link small report" onClick={() => setReporting(m)} aria-label={`Report this message from ${nameOf(m.from)}`}>
                  Report
                </button>
              )}
            </article>
          );
        })}
      </div>
      {reporting && <ReportForm target={{ messageId: reporting.id }} what={`the message from ${nameOf(reporting.from)}`} onDone={() => setReporting(null)} />}
      <form className="chat-compose" onSubmit={send}>
        <label className="visually-hidden" htmlFor={`compose-${key}`}>Message {label}</label>
        <textarea
          id={`compose-${key}`}
          value={text}
          rows={2}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          placeholder={`Message ${label}`}
          aria-describedby={`left-${key}`}
          aria-invalid={left < 0}
        />
        <div className="row compose-foot">
          <span id={`left-${key}`} className={`small ${left < 0 ? 'error' : left < 50 ? 'warn' : 'muted'}`} data-testid="chars-left">
            {left < 0 ? `${-left} characters over the ${SOCIAL_LIMITS.messageLength} limit` : `${text.trim().length} / ${SOCIAL_LIMITS.messageLength}`}
          </span>
          <span className="muted small">Enter sends · Shift+Enter new line</span>
          <button type="submit" className="primary" disabled={sending || !text.trim() || left < 0}>Send</button>
        </div>
        {sendError && <p className="error" role="alert" data-testid="send-error">{sendError}</p>}
      </form>
    </section>
  );
}

const timeOf = (iso: string) => {
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
};

/** Report a message or a player to the moderators, with a reason. */
export function ReportForm({ target, what, onDone }: { target: { messageId?: string; userId?: string }; what: string; onDone(): void }) {
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await report({ ...target, reason });
      setState({ ok: true, text: 'Reported. Moderators will look at it.' });
      setTimeout(onDone, 1500);
    } catch (err) {
      setState({ ok: false, text: errorText(err) });
    }
  };
  return (
    <form className="report-form" onSubmit={submit} aria-label={`Report ${what}`}>
      <label className="field">
        <span>Why are you reporting {what}?</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={SOCIAL_LIMITS.reportReasonLength} required autoFocus />
      </label>
      <div className="row">
        <button type="submit" className="danger" disabled={!reason.trim()}>Report</button>
        <button type="button" onClick={onDone}>Cancel</button>
        {state && <span role={state.ok ? 'status' : 'alert'} className={state.ok ? 'ok' : 'error'}>{state.text}</span>}
      </div>
    </form>
  );
}
