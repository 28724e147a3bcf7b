import * as fc from "fast-check";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { FixedRelayV4Provider } from "../../provider/resources/fixedRelayV4/FixedRelayV4Provider";
import { LiveCallbackProvider } from "../../provider/resources/liveCallback/LiveCallbackProvider";
import type { ProviderRuntime } from "../../provider/dynamic/ProviderRuntime";
import { RelayGroupV3Provider } from "../../provider/resources/relayGroupV3/RelayGroupV3Provider";
import { UNKNOWN } from "../../provider/dynamic/unknowns";
import { emulatorRuntime } from "../../scripts/lib/emulatorRuntime";

/**
 * Generated inputs for each resource's `check`: valid ones, valid ones with one field broken (wrong type, out of
 * range, oversized, unicode, missing, misspelt, the preview unknown), and arbitrary objects. `npm run fuzz` runs the
 * full count (FUZZ_RUNS: 500 per property in npm test, 10,000 in the script).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);

type Inputs = Record<string, unknown>;
interface CheckingProvider {
  check(olds: Inputs, news: Inputs): Promise<{ inputs: Inputs; failures?: { property: string; reason: string }[] }>;
}

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const host = fc.tuple(label, label).map(([a, b]) => `${a}.${b}.example.com`);
const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,30}$/);
const path = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
const sourceUrl = fc
  .tuple(fc.constantFrom("rtmp://", "rtmps://", "http://", "https://", "srt://"), host, path)
  .map(([scheme, origin, stream]) => `${scheme}${origin}/live/${stream}`);
const padded = (value: fc.Arbitrary<string>) =>
  fc.tuple(value, fc.constantFrom("", " ", "  "), fc.constantFrom("", " ")).map(([text, l, r]) => `${l}${text}${r}`);

/** A value of the wrong kind for any field: JSON types the engine can send, in the wrong place. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const oversized = fc.string({ minLength: 1025, maxLength: 4000 });
const unicode = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 40 })
  .filter((text) => /[^\x20-\x7e]/.test(text));

const validV3 = fc.record(
  {
    vhost: padded(host),
    app: fc.oneof(fc.constant(""), name),
    group: name,
    servers: fc.array(
      fc.record(
        {
          protocol: fc.constantFrom("rtmp", "flv"),
          domain: fc.oneof(
            host,
            fc.tuple(host, fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
          ),
          params: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
        },
        { requiredKeys: ["protocol", "domain"] },
      ),
      { minLength: 1, maxLength: 10 },
    ),
    adopt: fc.boolean(),
  },
  { requiredKeys: ["vhost", "group", "servers"] },
);

const validV4 = fc
  .tuple(
    fc.record(
      {
        domain: padded(host),
        app: name,
        stream: name,
        sourceUrls: fc.array(sourceUrl, { minLength: 1, maxLength: 10 }),
        adopt: fc.boolean(),
      },
      { requiredKeys: ["domain", "app", "stream", "sourceUrls"] },
    ),
    fc.option(
      fc.tuple(fc.integer({ min: 1_700_000_000, max: 2_000_000_000 }), fc.integer({ min: 1, max: 7 * 86_400 })),
    ),
    fc.boolean(),
  )
  .map(([base, window, iso]) => {
    if (window === null) return base;
    const [start, length] = window;
    const render = (seconds: number) => (iso ? new Date(seconds * 1000).toISOString() : seconds);
    return { ...base, startTime: render(start), endTime: render(start + length) };
  });

const callbackUrl = fc.tuple(fc.constantFrom("http://", "https://"), host, path).map(([s, h, p]) => `${s}${h}/${p}`);
const validCallback = fc
  .tuple(
    fc.oneof(fc.record({ vhost: host, app: fc.oneof(fc.constant(""), name) }), fc.record({ domain: host })),
    fc.constantFrom("push", "push_end", "snapshot", "record", "audit_snapshot"),
    fc.array(fc.record({ url: callbackUrl }, { requiredKeys: ["url"] }), { minLength: 1, maxLength: 5 }),
    fc.boolean(),
    fc.option(fc.string({ minLength: 1, maxLength: 64 })),
  )
  .map(([scope, messageType, callbacks, transcode, authKey]) => ({
    ...scope,
    messageType,
    callbacks,
    transcodeCallback: transcode && (messageType === "push" || messageType === "push_end"),
    ...(authKey === null ? {} : { authEnabled: true, authKey }),
  }));

/** One field made invalid. `breaks` says whether the result must fail; the unknown sentinel never must. */
function brokenFrom(valid: fc.Arbitrary<Inputs>, required: readonly string[], all: readonly string[]) {
  return fc.tuple(valid, fc.constantFrom(...all), fc.nat()).chain(([inputs, field, salt]) =>
    fc
      .oneof(
        wrongType.map((value) => ({ kind: "wrong type", value })),
        oversized.map((value) => ({ kind: "oversized", value })),
        unicode.map((value) => ({ kind: "unicode", value })),
        fc
          .array(fc.string({ maxLength: 5 }), { minLength: 11, maxLength: 60 })
          .map((value) => ({ kind: "oversized list", value })),
        fc
          .oneof(fc.integer({ min: -2_147_483_648, max: -1 }), fc.constant(Number.MAX_SAFE_INTEGER))
          .map((value) => ({ kind: "out of range", value })),
        fc.constant({ kind: "missing", value: undefined }),
        fc.constant({ kind: "misspelt", value: undefined }),
        fc.constant({ kind: "unknown", value: UNKNOWN }),
      )
      .map(({ kind, value }) => {
        const news: Inputs = { ...inputs };
        if (kind === "missing") delete news[field];
        else if (kind === "misspelt") news[`${field}${salt % 2 === 0 ? "s" : "_"}`] = inputs[field] ?? "x";
        else news[field] = value;
        const mustFail = kind === "misspelt" || (kind === "missing" && required.includes(field));
        return { news, kind, field, mustFail };
      }),
  );
}

const arbitraryObject = (keys: readonly string[]) =>
  fc.dictionary(
    fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 12 })),
    fc.oneof(fc.anything(), fc.constant(UNKNOWN)),
    {
      maxKeys: 8,
    },
  );

const RESOURCES = [
  {
    kind: "RelayGroupV3",
    make: (runtime: ProviderRuntime) => new RelayGroupV3Provider(runtime),
    valid: validV3 as fc.Arbitrary<Inputs>,
    required: ["vhost", "group", "servers"],
    all: ["vhost", "app", "group", "servers", "adopt"],
  },
  {
    kind: "FixedRelayV4",
    make: (runtime: ProviderRuntime) => new FixedRelayV4Provider(runtime),
    valid: validV4 as fc.Arbitrary<Inputs>,
    required: ["domain", "app", "stream", "sourceUrls"],
    all: ["domain", "app", "stream", "sourceUrls", "startTime", "endTime", "adopt"],
  },
  {
    kind: "LiveCallback",
    make: (runtime: ProviderRuntime) => new LiveCallbackProvider(runtime),
    valid: validCallback as fc.Arbitrary<Inputs>,
    required: ["messageType", "callbacks"],
    all: ["vhost", "domain", "app", "messageType", "callbacks", "transcodeCallback", "authEnabled", "authKey", "adopt"],
  },
] as const;

describe.each(RESOURCES)("$kind check under generated inputs", ({ make, valid, required, all: properties }) => {
  const all: readonly string[] = properties;
  let emulator: RunningEmulator;
  let runtime: ProviderRuntime;
  let provider: CheckingProvider;

  beforeAll(async () => {
    // A real endpoint, so that any call check made would be seen; none may be.
    emulator = await startEmulator({ rateLimit: 0 });
    runtime = emulatorRuntime(emulator, { client: { rateLimit: false }, readGuardDelaysMs: [], readCacheMs: 0 });
    provider = make(runtime) as unknown as CheckingProvider;
  });
  afterAll(async () => {
    expect(emulator.requests().requests).toHaveLength(0);
    await runtime.close();
    await emulator.stop();
  });

  /** check never throws; failures name a property of the schema or of the input; a pass is idempotent. */
  async function checkInvariants(news: Inputs) {
    const outcome = await provider.check({}, structuredClone(news));
    for (const failure of outcome.failures ?? []) {
      expect(failure.property === "" ? "(none)" : [...all, ...Object.keys(news)]).toContain(failure.property);
      expect(failure.reason.length).toBeGreaterThan(0);
    }
    if (!outcome.failures?.length) {
      const again = await provider.check({}, structuredClone(outcome.inputs));
      expect(again.failures ?? []).toEqual([]);
      expect(again.inputs).toEqual(outcome.inputs);
    }
    return outcome;
  }

  it("accepts every valid input and normalises it to a fixed point", async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (news) => {
        const outcome = await checkInvariants(news);
        expect(outcome.failures ?? []).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("reports one broken field against a real property, and a missing or misspelt one always", async () => {
    await fc.assert(
      fc.asyncProperty(brokenFrom(valid, required, all), async ({ news, field, mustFail, kind }) => {
        const outcome = await checkInvariants(news);
        if (mustFail) {
          const properties = (outcome.failures ?? []).map((failure) => failure.property);
          expect(properties).toContain(
            kind === "misspelt" ? Object.keys(news).find((key) => !all.includes(key)) : field,
          );
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("never throws on arbitrary objects, and names real properties", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryObject(all), async (news) => {
        await checkInvariants(news);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
