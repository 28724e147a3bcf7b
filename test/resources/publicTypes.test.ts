import * as path from "node:path";
import * as ts from "typescript";

/**
 * What a user's editor shows for the three resources, read from the package's root module as the compiler sees it:
 * every argument and output has hover documentation, arguments are readonly and say what changing them does, and
 * nested inputs and outputs have names the package exports.
 */

const INDEX = path.join(__dirname, "..", "..", "provider", "index.ts");
const program = ts.createProgram([INDEX], { strict: true, noEmit: true, skipLibCheck: true });
const checker = program.getTypeChecker();
const exported = new Map(
  checker
    .getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(INDEX) as ts.SourceFile) as ts.Symbol)
    .map((symbol) => [symbol.name, symbol] as const),
);

function exportedSymbol(name: string): ts.Symbol {
  const symbol = exported.get(name);
  if (symbol === undefined) throw new Error(`the package does not export ${name}`);
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

const documentation = (symbol: ts.Symbol) =>
  ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, " ");

function propertiesOf(name: string): ts.Symbol[] {
  return checker.getDeclaredTypeOfSymbol(exportedSymbol(name)).getProperties();
}

/** A class's own output properties (`urn` and `id` come from Pulumi). */
function outputsOf(resource: string): ts.Symbol[] {
  const members = exportedSymbol(resource).members ?? new Map();
  return [...members.values()].filter((member) => member.flags & ts.SymbolFlags.Property);
}

const isReadonly = (property: ts.Symbol) =>
  (property.declarations ?? []).every(
    (declaration) => ts.getCombinedModifierFlags(declaration as ts.Declaration) & ts.ModifierFlags.Readonly,
  );

const typeText = (property: ts.Symbol) =>
  checker.typeToString(
    checker.getTypeOfSymbol(property),
    undefined,
    ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope,
  );

const RESOURCES = ["RelayGroupV3", "FixedRelayV4", "LiveCallback"] as const;
const NESTED_ARGS = ["RelayServerArgs", "CallbackTargetArgs"] as const;
const NESTED_OUTPUTS = ["RelayServer", "CallbackTarget"] as const;

describe("the resources' public types", () => {
  it.each(RESOURCES)("%sArgs: every argument is readonly and documented, saying what changing it does", (kind) => {
    const args = propertiesOf(`${kind}Args`);

    expect(args.length).toBeGreaterThan(3);
    expect(args.filter((arg) => !isReadonly(arg)).map((arg) => arg.name)).toEqual([]);
    expect(
      args
        .filter((arg) => !/replaces the resource|updates the \w+ in place|has no effect/.test(documentation(arg)))
        .map((arg) => arg.name),
    ).toEqual([]);
  });

  it.each(RESOURCES)("%s: every output property has documentation", (kind) => {
    const outputs = outputsOf(kind);

    expect(outputs.map((output) => output.name)).toEqual(
      expect.arrayContaining(propertiesOf(`${kind}Args`).map((arg) => arg.name)),
    );
    expect(outputs.filter((output) => documentation(output) === "").map((output) => output.name)).toEqual([]);
  });

  it.each([...NESTED_ARGS, ...NESTED_OUTPUTS])("%s is exported, with every field readonly and documented", (name) => {
    const fields = propertiesOf(name);

    expect(fields.length).toBeGreaterThan(1);
    expect(fields.filter((field) => !isReadonly(field) || documentation(field) === "").map((f) => f.name)).toEqual([]);
  });

  it("names the nested types in the arguments and outputs that hold them", () => {
    const property = (owner: string, name: string) =>
      (owner.endsWith("Args") ? propertiesOf(owner) : outputsOf(owner)).find((each) => each.name === name) as ts.Symbol;

    expect(typeText(property("RelayGroupV3Args", "servers"))).toContain("Input<RelayServerArgs>[]");
    expect(typeText(property("RelayGroupV3", "servers"))).toBe("Output<RelayServer[]>");
    expect(typeText(property("LiveCallbackArgs", "callbacks"))).toContain("Input<CallbackTargetArgs>[]");
    expect(typeText(property("LiveCallback", "callbacks"))).toBe("Output<CallbackTarget[]>");
  });
});
