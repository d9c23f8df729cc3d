/**
 * Alert annotations and labels as Prometheus reads them: Go text/template text, expanded for every
 * alert (prometheus/template). Text outside `{{ ... }}` is printed as is, so config text is safe
 * once no `{` of it can open an action: each run of `{` is written as the action printing it,
 * `{{ "{{" }}`. A unit `{{ .Broken` then renders as `{{ .Broken` instead of failing the rule file
 * ("template: ... unclosed action"), and a `{` at the end of a value cannot join the `{{` of a
 * `{{ $labels.x }}` that follows it.
 */

/** A fragment that is template text already (a `{{ $labels.x }}` reference): written as is. */
export class TemplateText {
  constructor(readonly text: string) {}
}

/** `{{ $labels.<label> }}`: the value of a label of the alert's series. */
export function labelValue(label: string): TemplateText {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) throw new Error(`not a Prometheus label name: ${label}`);
  return new TemplateText(`{{ $labels.${label} }}`);
}

/** Literal text as template text that expands to exactly `text`. */
export function templateLiteral(text: string): string {
  return text.replace(/\{+/g, (run) => `{{ "${run}" }}`);
}

/**
 * A tagged template for annotations: the literal parts are ours and written as is; every
 * interpolated value is literal text (config names, units, regexes, URLs) unless it is a
 * `TemplateText`.
 *
 * @example alertText`${hpa} is at ${max} replicas (${unit}) on ${labelValue('instance')}`
 */
export function alertText(parts: TemplateStringsArray, ...values: ReadonlyArray<string | number | TemplateText>): string {
  let out = parts[0];
  values.forEach((v, i) => {
    out += v instanceof TemplateText ? v.text : templateLiteral(String(v));
    out += parts[i + 1];
  });
  return out;
}
