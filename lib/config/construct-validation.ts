import { IValidation } from 'constructs';
import { z } from 'zod';
import { formatFinding } from './findings';
import { issueFindings } from './validate';

/**
 * Validation for a construct's props, from the same zod rules the config loader applies, so a
 * TypeScript user who builds constructs by hand gets the same findings at synth time.
 */
export function propsValidation(props: object, shape: z.core.$ZodLooseShape): IValidation {
  return {
    validate: () => {
      const parsed = z.object(shape).safeParse(props, { reportInput: true });
      return parsed.success ? [] : parsed.error.issues.flatMap(issueFindings).map(formatFinding);
    },
  };
}
