import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

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
  // Layout is the formatter's (Prettier, run by npm run lint): no lint rule argues with it.
  prettier,
];

export default config;
