import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

// Layers point down: app and components -> lib (actions, queries, features) -> lib/db -> lib/domain.
// What a page or a component may never import: a database client or driver. Pages get the database handle from
// getDatabase() and hand it to a query or a service; only those touch tables.
const databaseClients = [
  { group: ["@/generated/*", "@prisma/*"], message: "Pages and components read through lib/queries, not Prisma." },
  { regex: "^(kysely|better-sqlite3|pg)$", message: "Pages and components read through lib/queries, not a driver." },
  { regex: "^@/lib/db/(?!client$)", message: "Pages and components read through lib/queries, not lib/db." },
];

// lib/domain does no I/O and has no database (the pure helpers of node:net, node:util and node:crypto are fine).
const domainPure = [
  {
    regex:
      "^(node:)?(fs|fs/promises|path|child_process|http|https|http2|os|process|worker_threads|stream|dgram|dns|tls|readline|sqlite|cluster|vm)$",
    message: "lib/domain does no I/O: read files and the network in the layer that calls it.",
  },
  { group: ["@prisma/*", "kysely", "better-sqlite3", "pg", "server-only"], message: "lib/domain has no database." },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  {
    rules: {
      // Plain <img> for the small local SVG logo: next/image adds nothing for it.
      "@next/next/no-img-element": "off",
    },
  },
  {
    // Every server action goes through the one door (lib/actions/client.ts): it loads the user, checks the
    // permission and records the event. An action file that reads the session or records an event itself is
    // one that can forget a check.
    files: ["lib/actions/**/*.ts"],
    ignores: ["lib/actions/client.ts", "lib/actions/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@/lib/auth/session",
              importNames: ["currentUser", "requireUser", "requireSection", "requireUserAllowingPasswordChange"],
              message: "Server actions get the user from defineAction (lib/actions/client.ts).",
            },
            {
              name: "@/lib/events/record-user-operation",
              message: "The action door records the event: return it from run (lib/actions/client.ts).",
            },
            {
              name: "@/lib/events/record-console-event",
              message: "The action door records the event: return it from run (lib/actions/client.ts).",
            },
            {
              name: "@/lib/auth/operation-protection",
              message: "Ask for verification with defineAction's stepUp (lib/actions/client.ts).",
            },
            {
              name: "@/lib/auth/verify-identity",
              message: "Ask for verification with defineAction's stepUp (lib/actions/client.ts).",
            },
          ],
          patterns: [
            {
              regex: "(^|/)(record-user-operation|record-console-event)$",
              message: "Server actions go through lib/actions/client.ts.",
            },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "ExportNamedDeclaration > FunctionDeclaration[async=true]",
          message: "Export server actions as defineAction(...) (lib/actions/client.ts), not as bare functions.",
        },
        {
          selector: "BinaryExpression[operator=/^[!=]==?$/] MemberExpression[property.name='role']",
          message: "Check a permission with defineAction's permission, not by comparing roles.",
        },
      ],
    },
  },
  {
    // lib/domain is plain TypeScript: no database, no files, no network, nothing from the layers above it.
    files: ["lib/domain/**/*.ts"],
    ignores: ["lib/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^@/(?!lib/domain/)", message: "lib/domain imports only lib/domain." },
            {
              regex: "^(\\.\\./)+(db|queries|auth|actions|api|events|integrity|config|crypto)(/|$)",
              message: "lib/domain imports only lib/domain.",
            },
            ...domainPure,
          ],
        },
      ],
    },
  },
  {
    // Top-level lib/domain modules may not leave the folder by a relative path either.
    files: ["lib/domain/*.ts"],
    ignores: ["lib/domain/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^@/(?!lib/domain/)", message: "lib/domain imports only lib/domain." },
            { regex: "^\\.\\./", message: "lib/domain imports only lib/domain." },
            ...domainPure,
          ],
        },
      ],
    },
  },
  {
    // lib/db is the bottom layer (client, migrations, ingest, storage errors): it imports only itself, lib/domain,
    // lib/config and the generated clients, never the features, queries, actions or pages built on it.
    files: ["lib/db/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/(?!lib/(db|domain|config)/|generated/)",
              message: "lib/db is the bottom layer: move code that needs a feature beside that feature.",
            },
            {
              regex: "^\\.\\./(?!(domain|config)/)",
              message: "lib/db is the bottom layer: move code that needs a feature beside that feature.",
            },
          ],
        },
      ],
    },
  },
  {
    // Pages, layouts and route handlers: no database client or driver; getDatabase() only, to hand on.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@/lib/db/client",
              allowImportNames: ["getDatabase"],
              message: "Pages pass getDatabase() on to lib/queries or a service; they do not use the client.",
            },
          ],
          patterns: databaseClients,
        },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "MemberExpression[property.name=/^(db|\\$queryRaw|\\$queryRawUnsafe|\\$executeRaw|\\$executeRawUnsafe|\\$transaction)$/]",
          message: "Pages read and write through lib/queries or a service, not Prisma.",
        },
        {
          selector: "VariableDeclarator[init.callee.name='getDatabase'] > ObjectPattern",
          message: "Pages read and write through lib/queries or a service, not Prisma.",
        },
      ],
    },
  },
  {
    // Client components and other modules under app/ and components/ get no database handle at all.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: ["app/**/page.tsx", "app/**/layout.tsx", "app/**/route.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@/lib/db/client", message: "Only pages, layouts and route handlers get the database." }],
          patterns: databaseClients,
        },
      ],
    },
  },
  // Layout is the formatter's (Prettier, run by npm run lint): no lint rule argues with it.
  prettier,
];

export default config;
