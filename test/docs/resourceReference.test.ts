import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { z } from "zod";
import { fixedRelayV4InputsSchema } from "../../provider/resources/fixedRelayV4/fixedRelayV4Inputs";
import { liveCallbackInputsSchema } from "../../provider/resources/liveCallback/liveCallbackInputs";
import { relayGroupV3InputsSchema } from "../../provider/resources/relayGroupV3/relayGroupV3Inputs";
import { MarkdownDocument } from "../../scripts/lib/MarkdownDocument";

/**
 * Each resource's reference page documents exactly what the resource has: one row of its "Arguments" table per
 * argument of the input schema (`servers[].protocol` for a field of a list's elements), and one row of its
 * "Outputs" table per output property the class declares. A row for something the resource does not have fails
 * too, so a renamed or removed argument cannot linger in the page.
 */

const REPO = path.resolve(__dirname, "..", "..");

const RESOURCES = [
  {
    kind: "RelayGroupV3",
    schema: relayGroupV3InputsSchema,
    classFile: "provider/resources/relayGroupV3/RelayGroupV3.ts",
    page: "docs/resources/relay-group-v3.md",
  },
  {
    kind: "FixedRelayV4",
    schema: fixedRelayV4InputsSchema,
    classFile: "provider/resources/fixedRelayV4/FixedRelayV4.ts",
    page: "docs/resources/fixed-relay-v4.md",
  },
  {
    kind: "LiveCallback",
    schema: liveCallbackInputsSchema,
    classFile: "provider/resources/liveCallback/LiveCallback.ts",
    page: "docs/resources/live-callback.md",
  },
] as const;

/** The schema's argument names, and `name[].field` for each field of a list of objects. */
function argumentNames(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape).flatMap(([name, rule]) => {
    const element = rule instanceof z.ZodArray ? rule.element : undefined;
    const fields =
      element instanceof z.ZodObject ? Object.keys(element.shape).map((field) => `${name}[].${field}`) : [];
    return [name, ...fields];
  });
}

/** The instance properties the resource class declares (its outputs), read from its source. */
function declaredOutputs(classFile: string, kind: string): string[] {
  const source = ts.createSourceFile(
    classFile,
    fs.readFileSync(path.join(REPO, classFile), "utf8"),
    ts.ScriptTarget.Latest,
  );
  const declaration = source.statements.find(
    (statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === kind,
  );
  if (declaration === undefined) throw new Error(`${classFile} declares no class ${kind}`);
  return declaration.members
    .filter(ts.isPropertyDeclaration)
    .filter((member) => !member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword))
    .map((member) => member.name.getText(source));
}

describe.each(RESOURCES)("$page", ({ kind, schema, classFile, page }) => {
  const document = new MarkdownDocument(fs.readFileSync(path.join(REPO, page), "utf8"));

  it(`has a row in "Arguments" for every argument of ${kind}'s input schema, and no other`, () => {
    const names = argumentNames(schema);
    expect(names.length).toBeGreaterThan(3);
    expect([...document.tableNames("Arguments")].sort()).toEqual([...names].sort());
  });

  it(`has a row in "Outputs" for every output ${kind} declares, and no other`, () => {
    const outputs = declaredOutputs(classFile, kind);
    expect(outputs).toContain("adopt");
    expect([...document.tableNames("Outputs")].sort()).toEqual([...outputs].sort());
  });

  it.each(["ID", "Adopting", "`get`", "Refresh", "Type token"])("has a section on %s", (topic) => {
    expect(document.headings().map(({ title }) => title)).toEqual(
      expect.arrayContaining([expect.stringContaining(topic)]),
    );
  });
});
