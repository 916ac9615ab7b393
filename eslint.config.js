// Lint: typescript-eslint's recommended rules over the sources, tests and eval scripts.
// Formatting is Prettier's job alone (eslint-config-prettier turns off the rules it owns).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "eval/results/", "test/.tmp/", "scratch/", "src/server/public/vendor/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // `_`-prefixed parameters are deliberately unused (interface shapes, Express handlers).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  // Tests read arbitrary JSON off real servers; `any` there is the honest type.
  { files: ["test/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  // The chat page's script runs in the browser, unbundled.
  { files: ["src/server/public/**/*.js"], languageOptions: { globals: globals.browser, sourceType: "script" } },
  prettier,
);
