/**
 * The Action: what one jabber file or xmpp: URI asks for. Plain JSON (it crosses extension
 * contexts), never a key set to `undefined`. Field names are XEP-0147 key names.
 */
export type Kind =
  | 'message'
  | 'chat'
  | 'subscribe'
  | 'roster'
  | 'join'
  | 'invite'
  | 'register'
  | 'unregister'
  | 'remove'
  | 'unsubscribe'
  | 'open';

interface Target {
  /** The entity acted on, normalised per RFC 7622. */
  jid: string;
  /**
   * RFC 5122 authority: the account the link wants to act as. parseXmppUri yields a bare JID
   * (an authority cannot carry a resource); formatXmppUri rejects one with a resource.
   */
  account?: string;
}

/** `message` is `?message` (no type or type=normal) or `<message>`; `chat` is `?message;type=chat` or `<chat>`. */
export interface MessageAction extends Target {
  kind: 'message' | 'chat';
  subject?: string;
  body?: string;
  thread?: string;
}
export interface RosterAction extends Target {
  kind: 'roster';
  name?: string;
  group?: string;
  /** XEP-0379 token: the contact's server approves the subscription at once. */
  preauth?: string;
  /** XEP-0401 §5.1: `y` when the token may also create an account on the contact's server. */
  ibr?: string;
}
/** From `?join` or a jabber file's `<groupchat>`. */
export interface JoinAction extends Target {
  kind: 'join';
  password?: string;
}
export interface InviteAction extends Target {
  kind: 'invite';
  /** The repeated `jid` keys, in order, normalised; never empty. */
  invitees: string[];
  password?: string;
}
export interface RegisterAction extends Target {
  kind: 'register';
  preauth?: string;
  ibr?: string;
}
export interface PlainAction extends Target {
  kind: 'subscribe' | 'unregister' | 'remove' | 'unsubscribe' | 'open';
}

export type Action = MessageAction | RosterAction | JoinAction | InviteAction | RegisterAction | PlainAction;
