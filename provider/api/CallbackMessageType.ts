/**
 * The stream events a callback configuration reports: a push starting (`push`) or ending (`push_end`), a snapshot
 * taken, a recording written, an audit snapshot taken.
 */
export const CALLBACK_MESSAGE_TYPES = ["push", "push_end", "snapshot", "record", "audit_snapshot"] as const;
export type CallbackMessageType = (typeof CALLBACK_MESSAGE_TYPES)[number];
