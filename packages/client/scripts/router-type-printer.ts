// Prints the client-facing type of the BFF's AppRouter: every procedure's input and output written
// out structurally (object literals, unions, literals, arrays, Date), so the printed file names no
// internal module, no Prisma type and no zod schema. Driven by generate-router-type.ts.
import ts from "typescript";

const MAX_DEPTH = 40;

export function createPrinter(checker: ts.TypeChecker) {
  const print = (type: ts.Type, depth: number): string => {
    if (depth > MAX_DEPTH) return "unknown";
    const f = type.flags;
    if (f & ts.TypeFlags.Any) return "any";
    if (f & ts.TypeFlags.Unknown) return "unknown";
    if (f & ts.TypeFlags.Never) return "never";
    if (f & ts.TypeFlags.Void) return "void";
    if (f & ts.TypeFlags.Undefined) return "undefined";
    if (f & ts.TypeFlags.Null) return "null";
    if (f & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type);
    if (f & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral)) return checker.typeToString(type);
    if (f & ts.TypeFlags.String) return "string";
    if (f & ts.TypeFlags.Number) return "number";
    if (f & ts.TypeFlags.Boolean) return "boolean";
    if (f & ts.TypeFlags.BigInt) return "bigint";
    if (f & ts.TypeFlags.TemplateLiteral) return "string";
    if (type.isUnion()) {
      const parts = [...new Set(type.types.map((t) => print(t, depth + 1)))];
      // `true | false` comes back as two literals; keep it readable.
      return parts.map((p) => (p.includes("=>") ? `(${p})` : p)).join(" | ");
    }
    if (type.isIntersection()) return type.types.map((t) => `(${print(t, depth + 1)})`).join(" & ");
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      return `Array<${element ? print(element, depth + 1) : "unknown"}>`;
    }
    if (checker.isTupleType(type)) {
      return `[${checker.getTypeArguments(type as ts.TypeReference).map((t) => print(t, depth + 1)).join(", ")}]`;
    }
    const symbol = type.getSymbol();
    const name = symbol?.getName();
    // Platform types a consumer has from its own lib: referenced by name, never expanded.
    if (name && ["Date", "Uint8Array", "ReadableStream", "Blob", "URL", "Promise"].includes(name)) {
      const args = (type as ts.TypeReference).typeArguments ?? [];
      return args.length ? `${name}<${args.map((a) => print(a, depth + 1)).join(", ")}>` : name;
    }
    if (f & ts.TypeFlags.Object) {
      const parts: string[] = [];
      const stringIndex = checker.getIndexInfoOfType(type, ts.IndexKind.String);
      if (stringIndex) parts.push(`[key: string]: ${print(stringIndex.type, depth + 1)}`);
      for (const prop of checker.getPropertiesOfType(type)) {
        const decl = prop.valueDeclaration ?? prop.declarations?.[0];
        const propType = decl ? checker.getTypeOfSymbolAtLocation(prop, decl) : checker.getTypeOfSymbol(prop);
        const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
        const key = /^[A-Za-z_$][\w$]*$/.test(prop.name) ? prop.name : JSON.stringify(prop.name);
        parts.push(`${key}${optional ? "?" : ""}: ${print(propType, depth + 1)}`);
      }
      if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0) return "unknown";
      return parts.length ? `{ ${parts.join("; ")} }` : "{}";
    }
    return "unknown";
  };
  return (type: ts.Type) => print(type, 0);
}
