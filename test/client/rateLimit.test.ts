import { z } from "zod";
import { TokenBucket } from "../../provider/client/TokenBucket";
import { ScriptedServer } from "../../scripts/lib/ScriptedServer";
import { testClient } from "../../scripts/lib/testClient";

describe("TokenBucket", () => {
  it("lets N calls through no faster than (N - burst) / rate", async () => {
    const bucket = new TokenBucket({ requestsPerSecond: 200, burst: 5 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 45 }, () => bucket.acquire()));
    // (45 - 5) / 200 s = 200 ms; allow a millisecond of timer rounding.
    expect(performance.now() - started).toBeGreaterThanOrEqual(199);
  });

  it("serves waiters first come, first served", async () => {
    const bucket = new TokenBucket({ requestsPerSecond: 500, burst: 1 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, index) => bucket.acquire().then(() => order.push(index))));
    expect(order).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it("drops an aborted waiter without consuming a token", async () => {
    const bucket = new TokenBucket({ requestsPerSecond: 20, burst: 1 });
    await bucket.acquire();
    const controller = new AbortController();
    const aborted = bucket.acquire(controller.signal);
    controller.abort(new Error("gave up"));
    await expect(aborted).rejects.toThrow("gave up");
    const started = performance.now();
    await bucket.acquire();
    expect(performance.now() - started).toBeLessThan(80);
  });

  it("clears its timer when the last waiter gives up, so nothing holds the process open", async () => {
    const bucket = new TokenBucket({ requestsPerSecond: 0.01, burst: 1 });
    await bucket.acquire();
    const controller = new AbortController();
    const waiting = bucket.acquire(controller.signal);
    expect((bucket as unknown as { timer: unknown }).timer).toBeDefined();
    controller.abort(new Error("done"));
    await expect(waiting).rejects.toThrow("done");
    expect((bucket as unknown as { timer: unknown }).timer).toBeUndefined();
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

  it("is shared by every client in the process and applies per action", async () => {
    const limit = { requestsPerSecond: 100, burst: 2 };
    const first = testClient(server, { rateLimit: limit });
    const second = testClient(server, { rateLimit: limit });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 22 }, (_, index) =>
        (index % 2 === 0 ? first : second).call("DescribeCallback", {}, { result: z.unknown() }),
      ),
    );
    // 22 calls through one bucket: at least (22 - 2) / 100 s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(199);

    const other = performance.now();
    await first.call("ListRelaySourceV4", {}, { result: z.unknown() });
    expect(performance.now() - other).toBeLessThan(100);
    await Promise.all([first.close(), second.close()]);
  });

  it("defaults to 10 requests per second per action", async () => {
    const client = testClient(server, {
      rateLimit: undefined,
      credentials: { accessKeyId: "AKLTdefault", secretAccessKey: "s" },
    });
    const started = performance.now();
    await Promise.all(Array.from({ length: 4 }, () => client.call("DeleteCallback", {}, { result: z.unknown() })));
    // Burst 1 at 10/s: the 4th call waits about 300 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    await client.close();
  });
});
