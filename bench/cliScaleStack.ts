import type { ResourceSpecs } from "./CliStack";

/** Push vhosts and play domains per 200 resources. */
const HOSTS_PER_200 = 4;
const V3_APPS = ["live", "sports"];
const CALLBACK_APPS = ["live", "sports"];
const MESSAGE_TYPES = ["push", "push_end", "record", "snapshot", "audit_snapshot"];

export interface CliScaleStack {
  readonly specs: ResourceSpecs;
  readonly groups: number;
  readonly relays: number;
  readonly callbacks: number;
  /** Push vhosts, and as many play domains. */
  readonly hosts: number;
}

/**
 * A stack of `total` resources laid out the way a platform team would: per push vhost, play-triggered relay groups
 * in two apps and callbacks per (app, message type); per play domain, fixed relays (every fourth one scheduled);
 * and domain-scoped callbacks on the push domains. The kinds are interleaved in declaration order (one group, one
 * relay, one callback, …), as a per-channel component would declare them, so no stretch of the run hits one
 * action only. Roughly 32 % groups, 38 % relays and 30 % callbacks, on 4 vhosts and 4 play domains per 200
 * resources: a larger stack is a larger platform, with as many resources per vhost, domain and configuration.
 */
export function cliScaleStack(total: number): CliScaleStack {
  const vhosts = HOSTS_PER_200 * Math.max(1, Math.ceil(total / 200));
  const playDomains = vhosts;
  const groups = Math.round(total * 0.32);
  const callbacks = Math.min(Math.round(total * 0.3), vhosts * (CALLBACK_APPS.length + 1) * MESSAGE_TYPES.length);
  const relays = total - groups - callbacks;

  const groupSpecs: ResourceSpecs = {};
  for (let index = 0; index < groups; index++) {
    // Round-robin over the (vhost, app) configurations, so each one's lock holds a fair share of the groups.
    const vhost = index % vhosts;
    const app = V3_APPS[Math.floor(index / vhosts) % V3_APPS.length] as string;
    const group = Math.floor(index / (vhosts * V3_APPS.length));
    groupSpecs[`group-v${vhost}-${app}-g${group}`] = {
      kind: "RelayGroupV3",
      args: {
        vhost: pushVhost(vhost),
        app,
        group: `g${group}`,
        servers: [
          { protocol: "rtmp", domain: `origin-${group}.studio-${vhost}.example.com:1935` },
          { protocol: "flv", domain: `backup-${group}.studio-${vhost}.example.com` },
        ],
      },
    };
  }

  const relaySpecs: ResourceSpecs = {};
  for (let index = 0; index < relays; index++) {
    const domain = index % playDomains;
    const stream = `channel-${Math.floor(index / playDomains)}`;
    const scheduled = index % 4 === 3;
    relaySpecs[`relay-d${domain}-${stream}`] = {
      kind: "FixedRelayV4",
      args: {
        domain: `play-${domain}.bench.example.com`,
        app: "live",
        stream,
        sourceUrls: [`rtmp://ingest-${domain}.example.com/live/${stream}`],
        ...(scheduled ? { startTime: "2030-01-01T08:00:00Z", endTime: "2030-01-01T10:00:00Z" } : {}),
      },
    };
  }

  // Vhost-scoped callbacks (two apps) first, then the push domains' own: one per (scope, message type).
  const callbackSpecs: ResourceSpecs = {};
  const scopes = [
    ...CALLBACK_APPS.flatMap((app) =>
      Array.from({ length: vhosts }, (_, vhost) => ({
        name: `v${vhost}-${app}`,
        args: { vhost: pushVhost(vhost), app },
      })),
    ),
    ...Array.from({ length: vhosts }, (_, index) => ({
      name: `d${index}`,
      args: { domain: `push-domain-${index}.bench.example.com` },
    })),
  ];
  for (let index = 0; index < callbacks; index++) {
    const scope = scopes[index % scopes.length] as (typeof scopes)[number];
    const messageType = MESSAGE_TYPES[Math.floor(index / scopes.length)] as string;
    callbackSpecs[`hook-${scope.name}-${messageType}`] = {
      kind: "LiveCallback",
      args: {
        ...scope.args,
        messageType,
        callbacks: [{ url: `https://hooks.bench.example.com/${scope.name}/${messageType}` }],
      },
    };
  }

  const specs: ResourceSpecs = {};
  const lists = [Object.entries(groupSpecs), Object.entries(relaySpecs), Object.entries(callbackSpecs)];
  for (let index = 0; lists.some((list) => index < list.length); index++) {
    for (const list of lists) {
      const entry = list[index];
      if (entry !== undefined) specs[entry[0]] = entry[1];
    }
  }
  return { specs, groups, relays, callbacks, hosts: vhosts };
}

function pushVhost(index: number): string {
  return `push-${index}.bench.example.com`;
}
