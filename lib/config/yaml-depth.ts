import { YAMLError } from 'yaml';
import { FieldPath, Finding, Location } from './findings';

/**
 * Runaway nesting (`[[[[...`), which the yaml library gives up on with a RESOURCE_EXHAUSTION error
 * whose message is the JavaScript engine's ("Maximum call stack size exceeded"). Every reader of a
 * YAML or JSON file a person hands the tool (environment files, explain's kubectl files,
 * simulate --hpa, conformance vectors) words it the same way through this, never with the engine's
 * message. `rule` is the reader's (yaml/too-deep, conformance/too-deep); `what` says how deep the
 * file should be, for the fix.
 */
export function isTooDeep(error: YAMLError): boolean {
  return error.code === 'RESOURCE_EXHAUSTION';
}

export function tooDeepFinding(rule: string, path: FieldPath, location: Location, what: string): Finding {
  return {
    severity: 'error', path, rule, location,
    message: 'nests too deeply for the YAML parser (runaway brackets or indentation?)',
    hint: `${what}: look for runaway brackets or indentation here`,
  };
}
