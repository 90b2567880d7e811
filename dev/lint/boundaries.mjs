// The line between browser and server code, checked by `npm run lint`.
//
// A file that starts with "use client" runs in the browser: at run time it may import from lib/
// only lib/shared/ (type-only imports are erased and allowed), and never zod or server-only code.
// Everything else under lib/ is server code.

import { dirname, relative, resolve, sep } from "node:path";

const serverOnlyPackages = new Set(["zod", "server-only", "next/server", "next/headers", "redis"]);

function isClientFile(program) {
  return program.body.some(
    (statement) => statement.type === "ExpressionStatement" && statement.directive === "use client",
  );
}

function resolvesOutsideShared(source, filename, cwd) {
  if (source.startsWith("@/lib/")) return !source.startsWith("@/lib/shared/");
  if (!source.startsWith(".")) return false;
  const target = relative(cwd, resolve(dirname(filename), source))
    .split(sep)
    .join("/");
  return target.startsWith("lib/") && !target.startsWith("lib/shared/");
}

const clientImports = {
  meta: {
    type: "problem",
    docs: { description: 'A "use client" file imports only browser-safe modules' },
    schema: [],
    messages: {
      serverPackage: '"{{source}}" is server-only: a "use client" file must not import it.',
      serverModule: '"{{source}}" is server code: a "use client" file may import only lib/shared/ (or `import type`).',
    },
  },
  create(context) {
    let client = false;
    function check(node, source, typeOnly) {
      if (!client || typeOnly || typeof source !== "string") return;
      if (serverOnlyPackages.has(source)) context.report({ node, messageId: "serverPackage", data: { source } });
      else if (resolvesOutsideShared(source, context.filename, context.cwd))
        context.report({ node, messageId: "serverModule", data: { source } });
    }
    return {
      Program(node) {
        client = isClientFile(node);
      },
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === "type" ||
          (node.specifiers.length > 0 && node.specifiers.every((specifier) => specifier.importKind === "type"));
        check(node, node.source.value, typeOnly);
      },
      ImportExpression(node) {
        check(node, node.source.type === "Literal" ? node.source.value : undefined, false);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === "type");
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === "type");
      },
    };
  },
};

export const boundaries = { rules: { "client-imports": clientImports } };
