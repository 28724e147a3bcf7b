import { z } from "zod";
import { TokenBucket } from "../../provider/client/TokenBucket";
import { rejectionOf } from "../../scripts/lib/rejectionOf";
import { ScriptedServer } from "../../scripts/lib/ScriptedServer";
import { testClient } from "../../scripts/lib/testClient";

describe("TokenBucket", () => {
  // The bucket reads the fake clock, and its waits are fake timers: time moves only when a test moves it.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const fakeClock = () => Date.now();

  /** Acquires `count` times at once; `granted` counts the acquisitions that have gone through so far. */
  function acquireMany(bucket: TokenBucket, count: number) {
    const order: number[] = [];
    const all = Promise.all(
      Array.from({ length: count }, (_, index) => bucket.acquire().then(() => void order.push(index))),
    );
    return { order, all };
  }

  it("never lets more than burst + rate × elapsed calls through, and lets all through as soon as that allows", async () => {
    const bucket = new TokenBucket({ requestsPerSecond: 200, burst: 5 }, fakeClock);
    const { order } = acquireMany(bucket, 45);
    for (let elapsedMs = 0; elapsedMs < 200; elapsedMs++) {
      await jest.advanceTimersByTimeAsync(elapsedMs === 0 ? 0 : 1);
      expect(order.length).toBeLessThanOrEqual(5 + Math.floor(elapsedMs / 5));
    }
    expect(order.length).toBeLessThan(45);
    // (45 - 5) / 200 s = 200 ms.
    await jest.advanceTimersByTimeAsync(1);
    expect(order).toHaveLength(45);
  });

  it("serves waiters first come, first served", async () => {
    const bucket = new TokenBucket({ requestsPerSecond: 500, burst: 1 }, fakeClock);
    const { order, all } = acquireMany(bucket, 20);
    await jest.advanceTimersByTimeAsync(1_000);
    await all;
    expect(order).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it("drops an aborted waiter without consuming a token", async () => {
    const bucket = new TokenBucket({ requestsPerSecond: 20, burst: 1 }, fakeClock);
    await bucket.acquire();
    const controller = new AbortController();
    const aborted = bucket.acquire(controller.signal);
    controller.abort(new Error("gave up"));
    await expect(aborted).rejects.toThrow("gave up");
    let granted = false;
    void bucket.acquire().then(() => (granted = true));
    await jest.advanceTimersByTimeAsync(49);
    expect(granted).toBe(false);
    // The token that came after 50 ms goes to the next waiter, not to the one that gave up.
    await jest.advanceTimersByTimeAsync(1);
    expect(granted).toBe(true);
  });

  it("clears its timer when the last waiter gives up, so nothing holds the process open", async () => {
    const bucket = new TokenBucket({ requestsPerSecond: 0.01, burst: 1 }, fakeClock);
    await bucket.acquire();
    const controller = new AbortController();
    const waiting = bucket.acquire(controller.signal);
    expect(jest.getTimerCount()).toBe(1);
    controller.abort(new Error("done"));
    await expect(waiting).rejects.toThrow("done");
    expect(jest.getTimerCount()).toBe(0);
  });

  it("rejects a nonsensical limit", () => {
    expect(() => new TokenBucket({ requestsPerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ requestsPerSecond: 10, burst: 0 })).toThrow(RangeError);
  });
});

describe("the client's rate limit", () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await ScriptedServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => server.reset());

  it("is shared by every client in the process and applies per action", async () => {
    // One token per 100 s: a second call of the same action can only wait.
    const limit = { requestsPerSecond: 0.01, burst: 1 };
    const first = testClient(server, { rateLimit: limit });
    const second = testClient(server, { rateLimit: limit });
    await first.call("DescribeCallback", {}, { result: z.unknown() });

    const waited = await rejectionOf(
      second.call("DescribeCallback", {}, { result: z.unknown(), signal: AbortSignal.timeout(50) }),
    );
    expect(waited).toMatchObject({ failure: "aborted", requestSent: false });
    // Another action has its own budget, so it is not held up by the first one's.
    await second.call("ListRelaySourceV4", {}, { result: z.unknown(), signal: AbortSignal.timeout(10_000) });
    await Promise.all([first.close(), second.close()]);

    expect(server.requests.map((request) => new URL(request.url, "http://x").searchParams.get("Action"))).toEqual([
      "DescribeCallback",
      "ListRelaySourceV4",
    ]);
  });

  it("defaults to 10 requests per second per action, burst 1", async () => {
    const grantedAt: number[] = [];
    const client = testClient(server, {
      rateLimit: undefined,
      credentials: { accessKeyId: "AKLTdefault", secretAccessKey: "s" },
      // An attempt is reported as soon as the limiter lets it go.
      logger: (event) => void (event.type === "attempt" && grantedAt.push(performance.now())),
    });
    const startedAt = performance.now();
    await Promise.all(Array.from({ length: 4 }, () => client.call("DeleteCallback", {}, { result: z.unknown() })));
    await client.close();
    // One at once, then a token every 100 ms. Measured from the start, not between attempts: an attempt is
    // reported a little after its grant when the event loop is busy, which would shorten the gap after it.
    const sinceStart = grantedAt.map((at) => at - startedAt);
    expect(sinceStart).toHaveLength(4);
    sinceStart.forEach((elapsed, index) => expect(elapsed).toBeGreaterThanOrEqual(index * 100));
  });
});
