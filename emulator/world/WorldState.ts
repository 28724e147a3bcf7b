/** The emulated service's data, per account (access key). Plain JSON so it can be dumped, loaded and persisted. */

export interface RelayServer {
  RelaySourceDomain: string;
  RelaySourceProtocol: string;
  RelaySourceParams?: Record<string, string>;
}

export interface RelayGroup {
  Group: string;
  Servers: RelayServer[];
}

/** A play-triggered relay configuration: one per (Vhost, App); App "" is the vhost-level one. */
export interface RelaySourceV3Config {
  Vhost: string;
  App: string;
  GroupDetails: RelayGroup[];
}

/** A fixed relay, unique on (Domain, App, Stream). StartTime/EndTime 0 mean permanent. */
export interface RelaySourceV4Config {
  Domain: string;
  App: string;
  Stream: string;
  SrcAddrS: string[];
  StartTime: number;
  EndTime: number;
  TaskId: string;
}

/** A callback configuration, keyed by (Vhost | Domain, App, MessageType). */
export interface CallbackConfig {
  Vhost: string;
  Domain: string;
  App: string;
  MessageType: string;
  CallbackDetailList: Array<{ CallbackType: string; URL: string }>;
  TranscodeCallback: number;
  AuthEnable: boolean;
  AuthKeyPrimary: string;
  CreateTime: string;
  CreateTimeUTC: string;
}

export interface AccountState {
  relaySourcesV3: RelaySourceV3Config[];
  relaySourcesV4: RelaySourceV4Config[];
  callbacks: CallbackConfig[];
}

export interface WorldState {
  version: 1;
  /** Keyed by access key ID: one account per credential pair. */
  accounts: Record<string, AccountState>;
  /** The next TaskId counter, so TaskIds stay unique across restarts. */
  nextTaskId: number;
}

export function emptyWorld(): WorldState {
  return { version: 1, accounts: {}, nextTaskId: 1 };
}

export function emptyAccount(): AccountState {
  return { relaySourcesV3: [], relaySourcesV4: [], callbacks: [] };
}
