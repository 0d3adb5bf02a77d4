/**
 * The ipywidgets stylesheets are written for a page of their own (`:root` variables, bare classes
 * such as `.progress`). We add them with every style rule limited to elements inside the widget
 * areas, so they cannot restyle the rest of the app.
 */

/** Splits a selector list at its top-level commas (not those inside `:is(...)` and the like). */
export function splitSelectorList(selectorList: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selectorList.length; i++) {
    const char = selectorList[i];
    if (char === "(" || char === "[") depth++;
    else if (char === ")" || char === "]") depth--;
    else if (char === "," && depth === 0) {
      parts.push(selectorList.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(selectorList.slice(start).trim());
  return parts.filter((part) => part !== "");
}

/** `:root` becomes the scope itself; rules on html/body stay global; anything else goes inside. */
export function scopeSelector(selector: string, scope: string): string {
  if (selector.startsWith(":root")) return scope + selector.slice(":root".length);
  if (/^(html|body)\b/.test(selector)) return selector;
  return `${scope} ${selector}`;
}

function scopeRules(rules: CSSRuleList, scope: string): string {
  const out: string[] = [];
  for (const rule of Array.from(rules)) {
    if (rule instanceof CSSStyleRule) {
      const selectors = splitSelectorList(rule.selectorText).map((selector) => scopeSelector(selector, scope));
      out.push(`${selectors.join(", ")} { ${rule.style.cssText} }`);
    } else if (rule instanceof CSSMediaRule) {
      out.push(`@media ${rule.conditionText} { ${scopeRules(rule.cssRules, scope)} }`);
    } else if (rule instanceof CSSSupportsRule) {
      out.push(`@supports ${rule.conditionText} { ${scopeRules(rule.cssRules, scope)} }`);
    } else {
      out.push(rule.cssText);
    }
  }
  return out.join("\n");
}

/** Rewrites a stylesheet so that it applies only inside `scope`; needs a CSSOM (a browser). */
export function scopeStylesheet(cssText: string, scope: string): string {
  const parsed = new CSSStyleSheet();
  parsed.replaceSync(cssText);
  return scopeRules(parsed.cssRules, scope);
}

/** Adds the stylesheet, limited to `scope`, to the document once; false where that cannot be done. */
export function adoptScopedStyles(cssText: string, scope: string, doc: Document = document): boolean {
  const canConstruct = typeof CSSStyleSheet === "function" && typeof CSSStyleSheet.prototype.replaceSync === "function";
  if (!canConstruct || cssText.trim() === "" || !("adoptedStyleSheets" in doc)) return false;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(scopeStylesheet(cssText, scope));
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  return true;
}
