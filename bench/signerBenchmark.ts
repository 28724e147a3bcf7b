/**
 * Signing speed: our signRequest against the official `@volcengine/openapi` Signer on the same 1,000 varied
 * requests, in one process.
 *
 *   npm run bench -- --only signer
 *   npx ts-node --transpile-only bench/signerBenchmark.ts [--quick]
 *
 * Before timing anything, both signers must produce the same Authorization header for every request (same date,
 * same credentials): a faster signer that signs differently would be no result at all.
 */
import { parseArgs } from "node:util";
import { type SigningOptions, signRequest } from "../provider/signer/signRequest";
import type { BenchOptions, BenchSection } from "./BenchSection";
import { generateSigningRequests, type SigningCase } from "./generateSigningRequests";
import { median } from "./median";
import { medianOfRounds, type RoundRates } from "./medianOfRounds";
import { signWithOfficialSdk } from "./signWithOfficialSdk";
import { printSection } from "./printSection";

const REQUEST_COUNT = 1000;
const SIGNING = { region: "cn-north-1", service: "live", date: new Date("2025-06-01T08:30:00Z") };

type Signer = (request: SigningCase["request"], options: SigningOptions) => Record<string, string>;

/** Throws unless both signers give the same Authorization header for every request. */
export function assertSameAuthorization(
  cases: readonly SigningCase[],
  ours: Signer = signRequest,
  official: Signer = signWithOfficialSdk,
): void {
  cases.forEach((signingCase, index) => {
    const options = { ...SIGNING, credentials: signingCase.credentials };
    const expected = official(signingCase.request, options).Authorization;
    const actual = ours(signingCase.request, options).Authorization;
    if (expected === undefined || actual !== expected) {
      throw new Error(
        `request ${index} (${String(signingCase.request.query.Action)}): our Authorization differs from the official Signer's\n` +
          `  ours:     ${actual}\n  official: ${expected}`,
      );
    }
  });
}

/** How many passes over the requests make a round of about `targetMs`, from one timed pass. */
function passesFor(pass: () => void, targetMs: number): number {
  const started = performance.now();
  pass();
  return Math.max(1, Math.round(targetMs / Math.max(performance.now() - started, 0.01)));
}

export async function benchSigner(options: BenchOptions): Promise<BenchSection> {
  const cases = generateSigningRequests(REQUEST_COUNT);
  assertSameAuthorization(cases);

  const signingOptions = cases.map((signingCase) => ({ ...SIGNING, credentials: signingCase.credentials }));
  // Something every pass feeds, so no work can be optimised away.
  let sink = 0;
  const passes: Record<string, () => void> = {
    ours: () => {
      for (let index = 0; index < cases.length; index++) {
        sink ^= (
          signRequest((cases[index] as SigningCase).request, signingOptions[index] as SigningOptions)
            .Authorization as string
        ).length;
      }
    },
    official: () => {
      for (let index = 0; index < cases.length; index++) {
        sink ^= (
          signWithOfficialSdk((cases[index] as SigningCase).request, signingOptions[index] as SigningOptions)
            .Authorization as string
        ).length;
      }
    },
  };
  const roundMs = options.quick ? 50 : 100;
  const contestants: Record<string, () => number> = {};
  for (const [name, pass] of Object.entries(passes)) {
    pass();
    const count = passesFor(pass, roundMs);
    contestants[name] = () => {
      for (let repeat = 0; repeat < count; repeat++) pass();
      return count * cases.length;
    };
  }
  const plan = options.quick ? { warmUpRounds: 1, rounds: 3 } : { warmUpRounds: 2, rounds: 15 };
  const results = await medianOfRounds(contestants, plan);

  const ours = results.ours as RoundRates;
  const official = results.official as RoundRates;
  // The ratio is taken within each round (both sides ran back to back) and then the median: on a shared machine
  // this is steadier than a ratio of two medians from different rounds.
  const versusOfficial = pairedRatio(ours, official);
  const scale = options.quick ? `quick run: ${plan.rounds} rounds; ` : "";
  const bodies = cases.map((signingCase) => Buffer.byteLength(signingCase.request.body));

  return {
    id: "signer",
    title: "Signer",
    rows: [
      {
        metric: `Authorization identical to the official Signer's (${REQUEST_COUNT.toLocaleString("en-US")} varied requests)`,
        value: REQUEST_COUNT,
        unit: "requests",
        target: `all ${REQUEST_COUNT.toLocaleString("en-US")}`,
        met: true,
        note: "correctness gate, checked before timing",
      },
      {
        metric: "signRequest (ours)",
        value: ours.median,
        unit: "signatures/s",
        note: `${scale}median of ${plan.rounds} alternating rounds`,
      },
      { metric: "official @volcengine/openapi Signer, same requests", value: official.median, unit: "signatures/s" },
      {
        metric: "ours / official",
        value: versusOfficial,
        unit: "×",
        target: "≥ 5×",
        met: versusOfficial >= 5,
        note: "median of per-round ratios",
      },
    ],
    details: {
      requests: REQUEST_COUNT,
      bodyBytes: { min: Math.min(...bodies), max: Math.max(...bodies), mean: Math.round(mean(bodies)) },
      withSessionToken: cases.filter((signingCase) => signingCase.credentials.sessionToken !== undefined).length,
      node: process.versions.node,
      rounds: plan,
      signaturesPerSecond: Object.fromEntries(
        Object.entries(results).map(([name, rates]) => [
          name,
          { median: Math.round(rates.median), rounds: rates.rates.map(Math.round) },
        ]),
      ),
      oursVersusOfficial: round(versusOfficial, 2),
      // Reported so the signatures are used: the work cannot be optimised away.
      sink,
    },
  };
}

function pairedRatio(numerator: RoundRates, denominator: RoundRates): number {
  return median(numerator.rates.map((rate, round) => rate / (denominator.rates[round] as number)));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

if (require.main === module) {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
  printSection(benchSigner({ quick: values.quick ?? false }));
}
