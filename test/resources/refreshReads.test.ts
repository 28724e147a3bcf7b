import { type RunningEmulator, startEmulator } from "../../emulator";
import type { RelaySourceV4Config } from "../../emulator/world/WorldState";
import { FixedRelayV4Provider } from "../../provider/resources/fixedRelayV4/FixedRelayV4Provider";
import { LiveCallbackProvider } from "../../provider/resources/liveCallback/LiveCallbackProvider";
import type { ProviderRuntime, ProviderRuntimeOptions } from "../../provider/dynamic/ProviderRuntime";
import { RelayGroupV3Provider } from "../../provider/resources/relayGroupV3/RelayGroupV3Provider";
import { emulatorRuntime } from "../../scripts/lib/emulatorRuntime";
import { callsTo, FAST_RUNTIME_OPTIONS, setAccount } from "../../scripts/lib/v3cbHarness";

/**
 * How reads share the service's answers during a refresh, counted at the emulator. The engine reads a stack's
 * resources a few at a time, and with its own cost per step a refresh of hundreds of resources lasts longer than
 * `readCacheMs`; the reads of one Domain, Vhost or callback scope must still share one answer (one paginated walk
 * for FixedRelayV4), while a pause, a write by this process or `readCacheMaxAgeMs` ends the sharing.
 *
 * Each test is one command in one provider process: a `refresh` only reads; an `up --refresh` reads every resource
 * and writes those the program changed, in the same process.
 */

type Props = Record<string, unknown>;

const IDLE_MS = 400;
/** Between two reads of a steady refresh: the whole refresh lasts several IDLE_MS. */
const STEP_MS = 40;

/** The clock read sharing is measured by: a test moves it, so how fast the machine runs changes nothing. */
let clock = 0;

const DOMAIN = "pull.example.com";
const VHOST = "push.example.com";
const RELAYS = 1_201;
const PAGES = Math.ceil(RELAYS / 500);

let emulator: RunningEmulator;
const runtimes: ProviderRuntime[] = [];

function runtimeWith(options: ProviderRuntimeOptions): ProviderRuntime {
  const runtime = emulatorRuntime(emulator, { ...FAST_RUNTIME_OPTIONS, now: () => clock, ...options });
  runtimes.push(runtime);
  return runtime;
}

/** Reads one after the other, STEP_MS apart, as a refresh paced by the engine delivers them. */
async function steadily<T>(count: number, read: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) clock += STEP_MS;
    results.push(await read(i));
  }
  return results;
}

function relayAt(i: number, source = `rtmp://origin.example.com/live/s${i}`): RelaySourceV4Config {
  return {
    Domain: DOMAIN,
    App: "live",
    Stream: `s${i}`,
    SrcAddrS: [source],
    StartTime: 0,
    EndTime: 0,
    TaskId: String(9_000_000 + i),
  };
}

/** What a read records as inputs: the outputs without the TaskId. */
function inputsOf(props: Props): Props {
  const { taskId: _taskId, ...inputs } = props;
  return inputs;
}

/** What create stored for relay i. */
function relayProps(i: number): Props {
  return {
    domain: DOMAIN,
    app: "live",
    stream: `s${i}`,
    sourceUrls: [`rtmp://origin.example.com/live/s${i}`],
    adopt: false,
    taskId: String(9_000_000 + i),
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0 });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
  setAccount(emulator, (account) => {
    account.relaySourcesV4 = Array.from({ length: RELAYS }, (_, i) => relayAt(i));
  });
});
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
});

describe("FixedRelayV4 refresh reads", () => {
  it("walk the domain's pages once for a refresh that lasts several readCacheMs", async () => {
    const provider = new FixedRelayV4Provider(runtimeWith({ readCacheMs: IDLE_MS }));
    const started = clock;

    const reads = await steadily(30, (k) => provider.read(`${DOMAIN}:live:s${k * 40}`, relayProps(k * 40)));

    expect(clock - started).toBeGreaterThan(2 * IDLE_MS);
    expect(reads).toEqual(
      Array.from({ length: 30 }, (_, k) => ({
        id: `${DOMAIN}:live:s${k * 40}`,
        props: relayProps(k * 40),
        inputs: inputsOf(relayProps(k * 40)),
      })),
    );
    expect(callsTo(emulator, "ListRelaySourceV4")).toBe(PAGES);
  });

  it("walk again after a pause longer than readCacheMs, and see what changed out of band meanwhile", async () => {
    const provider = new FixedRelayV4Provider(runtimeWith({ readCacheMs: IDLE_MS }));
    await steadily(5, (k) => provider.read(`${DOMAIN}:live:s${k}`, relayProps(k)));
    expect(callsTo(emulator, "ListRelaySourceV4")).toBe(PAGES);

    setAccount(emulator, (account) => {
      account.relaySourcesV4[3] = relayAt(3, "rtmp://elsewhere.example.com/live/s3");
    });
    clock += IDLE_MS + 200;
    const read = await provider.read(`${DOMAIN}:live:s3`, relayProps(3));

    expect(read.props?.sourceUrls).toEqual(["rtmp://elsewhere.example.com/live/s3"]);
    expect(callsTo(emulator, "ListRelaySourceV4")).toBe(2 * PAGES);
  });

  it("walk again once the shared answer is readCacheMaxAgeMs old, however steadily reads keep coming", async () => {
    const provider = new FixedRelayV4Provider(runtimeWith({ readCacheMs: IDLE_MS, readCacheMaxAgeMs: 300 }));
    await provider.read(`${DOMAIN}:live:s3`, relayProps(3));
    setAccount(emulator, (account) => {
      account.relaySourcesV4[3] = relayAt(3, "rtmp://elsewhere.example.com/live/s3");
    });

    // Never a pause of IDLE_MS: only the age limit can end the sharing.
    const reads = await steadily(25, () => provider.read(`${DOMAIN}:live:s3`, relayProps(3)));

    expect(reads.at(-1)?.props?.sourceUrls).toEqual(["rtmp://elsewhere.example.com/live/s3"]);
    // Walked at 0 ms, then whenever the shared answer had grown older than 300 ms: at 320, 640 and 960 ms.
    expect(callsTo(emulator, "ListRelaySourceV4")).toBe(4 * PAGES);
  });

  it("walk again as soon as this process writes, in the middle of an up --refresh", async () => {
    const provider = new FixedRelayV4Provider(runtimeWith({ readCacheMs: IDLE_MS }));
    await steadily(3, (k) => provider.read(`${DOMAIN}:live:s${k}`, relayProps(k)));
    // Changed out of band after the walk: the shared answer does not show it.
    setAccount(emulator, (account) => {
      account.relaySourcesV4[3] = relayAt(3, "rtmp://elsewhere.example.com/live/s3");
    });
    const updated = { ...relayProps(1), sourceUrls: ["rtmp://backup.example.com/live/s1"] };

    await provider.update(`${DOMAIN}:live:s1`, relayProps(1), updated);
    const read = await provider.read(`${DOMAIN}:live:s3`, relayProps(3));

    expect(read.props?.sourceUrls).toEqual(["rtmp://elsewhere.example.com/live/s3"]);
    expect(callsTo(emulator, "ListRelaySourceV4")).toBe(2 * PAGES);
  });
});

describe.each([
  {
    kind: "RelayGroupV3",
    action: "DescribeRelaySourceV3",
    make: (runtime: ProviderRuntime) => new RelayGroupV3Provider(runtime),
    /** Where resource i lives in the account: an out-of-band edit changes its servers. */
    editByHand: (i: number) =>
      setAccount(emulator, (account) => {
        for (const config of account.relaySourcesV3) {
          for (const group of config.GroupDetails) {
            if (group.Group === `g${i}`)
              group.Servers = [{ RelaySourceDomain: "hand.example.com", RelaySourceProtocol: "flv" }];
          }
        }
      }),
    handEdited: { servers: [{ protocol: "flv", domain: "hand.example.com", params: {} }] } as Props,
    inputs: (i: number): Props => ({
      vhost: VHOST,
      app: `app${i % 3}`,
      group: `g${i}`,
      servers: [{ protocol: "rtmp", domain: `origin${i}.example.com`, params: {} }],
      adopt: false,
    }),
    changed: (props: Props): Props => ({
      ...props,
      servers: [{ protocol: "flv", domain: "backup.example.com", params: {} }],
    }),
  },
  {
    kind: "LiveCallback",
    action: "DescribeCallback",
    make: (runtime: ProviderRuntime) => new LiveCallbackProvider(runtime),
    editByHand: (i: number) =>
      setAccount(emulator, (account) => {
        for (const config of account.callbacks) {
          if (config.App === `app${i}`)
            config.CallbackDetailList = [{ CallbackType: "http", URL: "https://hand.example.com/cb" }];
        }
      }),
    handEdited: { callbacks: [{ url: "https://hand.example.com/cb", type: "http" }] } as Props,
    inputs: (i: number): Props => ({
      vhost: VHOST,
      app: `app${i}`,
      messageType: "push",
      callbacks: [{ url: `https://hooks.example.com/${i}`, type: "http" }],
      transcodeCallback: false,
      authEnabled: false,
      adopt: false,
    }),
    changed: (props: Props): Props => ({
      ...props,
      callbacks: [{ url: "https://backup.example.com/push", type: "http" }],
    }),
  },
])("$kind refresh reads", ({ action, make, inputs, changed, editByHand, handEdited }) => {
  const COUNT = 12;

  /** An `up` that creates them all. */
  async function createAll(): Promise<Array<{ id: string; outs: Props }>> {
    const creator = make(runtimeWith({ readCacheMs: 0 }));
    const created: Array<{ id: string; outs: Props }> = [];
    for (let i = 0; i < COUNT; i++) {
      const result = await creator.create(inputs(i));
      created.push({ id: result.id, outs: result.outs ?? {} });
    }
    emulator.clearRequests();
    return created;
  }

  it("describe the vhost once for a refresh that lasts several readCacheMs", async () => {
    const created = await createAll();
    const provider = make(runtimeWith({ readCacheMs: IDLE_MS }));
    const started = clock;

    const reads = await steadily(COUNT * 2, (k) => {
      const { id, outs } = created[k % COUNT] as { id: string; outs: Props };
      return provider.read(id, outs);
    });

    expect(clock - started).toBeGreaterThan(2 * IDLE_MS);
    expect(reads).toEqual([...created, ...created].map(({ id, outs }) => ({ id, props: outs, inputs: outs })));
    expect(callsTo(emulator, action)).toBe(1);
  });

  it("describe again as soon as this process writes, in the middle of an up --refresh", async () => {
    const created = await createAll();
    const provider = make(runtimeWith({ readCacheMs: IDLE_MS }));
    await steadily(3, (k) => provider.read(created[k]?.id as string, created[k]?.outs as Props));
    // Changed out of band after the describe: the shared answer does not show it.
    editByHand(3);
    const { id, outs } = created[1] as { id: string; outs: Props };

    await provider.update(id, outs, changed(outs));
    const { id: otherId, outs: otherOuts } = created[3] as { id: string; outs: Props };
    const read = await provider.read(otherId, otherOuts);

    expect(read).toEqual({
      id: otherId,
      props: { ...otherOuts, ...handEdited },
      inputs: { ...otherOuts, ...handEdited },
    });
  });
});
