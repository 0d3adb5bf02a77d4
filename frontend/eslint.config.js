// ESLint for the front end: `npm run lint` (also run by `make lint`, hence `make test`).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "node_modules/", "src/api/schema.d.ts"] },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    // Type-aware: rules see the types of tsconfig.json (no-undef is left to tsc).
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      // Only the two classic hook rules. The plugin's recommended set (v7) adds the React
      // Compiler's diagnostics (refs, set-state-in-effect, immutability, ...); this app is not
      // built with the React Compiler, and they flag its deliberate patterns (latest-value refs
      // assigned during render, loading flags set in effects).
      "react-hooks/rules-of-hooks": "error",
      // useAsync(load, deps) takes its dependency list the way useEffect does: check it too.
      "react-hooks/exhaustive-deps": ["error", { additionalHooks: "^useAsync$" }],

      // Props and action interfaces declare callbacks in method syntax (`onClose(): void`) and
      // are destructured or passed on; the objects behind them are closures, not classes using
      // `this`, so every finding of this rule (96 when it was added) was a false alarm.
      "@typescript-eslint/unbound-method": "off",
      // Its findings (50 when added) were Y.Text#toString, which returns the text but is missing
      // from yjs' generated typings, and deliberate String(x ?? "") coercions of untyped Jupyter
      // message fields.
      "@typescript-eslint/no-base-to-string": "off",
      // `async` without `await` is deliberate here: such functions implement Promise-returning
      // interfaces (fetch mocks, transports, the widget manager's hooks) and turn a throw into a
      // rejection.
      "@typescript-eslint/require-await": "off",
      // As with tsc's noUnusedParameters: a leading underscore marks a deliberately unused name.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // src/ui/ is the bottom floor of shared UI (dialogs, hooks, small components): it may use
    // libraries, src/api/ and itself, never the app shell (src/app/) or a feature folder.
    files: ["src/ui/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(?!api/)",
              message: "src/ui/ imports nothing from src/app/ or a feature folder (only libraries, src/api/ and src/ui/).",
            },
          ],
        },
      ],
    },
  },
);
