import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  {
    rules: {
      // Plain <img> for the small local SVG logo: next/image adds nothing for it.
      "@next/next/no-img-element": "off",
    },
  },
];

export default config;
