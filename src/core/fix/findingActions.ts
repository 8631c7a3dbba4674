// What can be done about an audio finding, shared by the editor's lightbulb (codeActions.ts), the preview's lightbulb
// menu and its Quick Fix… picker, so all three offer the same actions with the same words in the same order.
import type { RuleId } from '../types';

export type FindingActionId = 'correct' | 'quantization' | 'show' | 'exclude';

export interface FindingAction {
  readonly id: FindingActionId;
  readonly title: string;
  /** Set when the action cannot help: shown instead of running anything. */
  readonly disabledReason?: string;
}

const CORRECT = 'Write a corrected copy…';
export const SHOW_IN_PREVIEW: FindingAction = { id: 'show', title: 'Show in preview' };
export const EXCLUDE_FROM_AUDITS: FindingAction = { id: 'exclude', title: 'Exclude from audits' };

/** dc-offset: subtract each channel's mean; non-finite: NaN/±Inf → 0. Clipping has no inverse. */
export function findingActions(rule: RuleId | string): FindingAction[] {
  switch (rule) {
    case 'dc-offset':
    case 'non-finite':
      return [{ id: 'correct', title: CORRECT }];
    case 'clipping':
      return [{ id: 'correct', title: CORRECT, disabledReason: 'Clipping cannot be undone: the samples beyond full scale were never recorded. Re-record the take, or drop the file with a filtered manifest.' }];
    case 'minmax-zero-shift':
      return [{ id: 'quantization', title: 'Show dataset-wide quantization' }];
    default:
      return [];
  }
}

/** One entry of a file's action list: `finding` indexes the rules passed in; null for the file-wide action. */
export interface PlannedAction {
  readonly finding: number | null;
  readonly action: FindingAction;
}

/**
 * Every action for a file's findings, in the order the lightbulb lists them: per finding its own fixes, then
 * "Show in preview"; once at the end "Exclude from audits" (it applies to the file, not to one finding).
 */
export function fileActions(rules: readonly (RuleId | string)[]): PlannedAction[] {
  const planned: PlannedAction[] = [];
  rules.forEach((rule, finding) => {
    for (const action of findingActions(rule)) planned.push({ finding, action });
    planned.push({ finding, action: SHOW_IN_PREVIEW });
  });
  if (rules.length > 0) planned.push({ finding: null, action: EXCLUDE_FROM_AUDITS });
  return planned;
}
